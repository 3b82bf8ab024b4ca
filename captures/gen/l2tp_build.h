/* l2tp_build.h - L2TPv3 message builders for the scenario generator
 * (RFC 3931): control messages with any AVP list, data messages with a
 * cookie, an L2-Specific Sublayer and an inner Ethernet frame, over UDP or
 * IP protocol 115, between any two LCCEs.
 *
 * A path names the two LCCEs as they appear on the captured link (MAC seen
 * as the frame's source, IPv4 address, UDP port, TTL on arrival).  A frame
 * is built into a caller's gbuf, finished and padded, ready for
 * gen_pcap_frame().  dir L2B_AB sends from a to b, L2B_BA from b to a.
 */
#ifndef GEN_L2TP_BUILD_H
#define GEN_L2TP_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "gen.h"

#define L2B_M		0x8000	/* AVP Mandatory bit */
#define L2B_H		0x4000	/* AVP Hidden bit */
#define L2B_V3CTL	0xc803	/* T, L, S, version 3 */
#define L2B_V2CTL	0xc802
#define L2B_PORT	1701

/* Message types (RFC 3931 §3.1). */
enum {
	L2B_SCCRQ = 1, L2B_SCCRP, L2B_SCCCN, L2B_STOPCCN, L2B_HELLO = 6,
	L2B_ICRQ = 10, L2B_ICRP, L2B_ICCN, L2B_CDN = 14, L2B_SLI = 16,
	L2B_ACK = 20
};

struct l2b_lcce {
	struct gen_mac	 mac;	/* source MAC of its frames on the link */
	uint32_t	 addr;	/* IPv4, host order */
	uint16_t	 port;	/* UDP port (unused over IP) */
	uint8_t		 ttl;	/* TTL of its packets on the link (0: 64) */
};

struct l2b_path {
	struct l2b_lcce	 a, b;
	int		 over_ip;	/* IP protocol 115 instead of UDP */
};

enum { L2B_AB = 0, L2B_BA = 1 };

/* An AVP list under construction. */
struct l2b_avps {
	uint8_t		 b[1400];
	size_t		 n;
};

void	l2b_avps_reset(struct l2b_avps *);
void	l2b_avp(struct l2b_avps *, unsigned flags, uint16_t vendor,
	    uint16_t type, const void *value, size_t len);
void	l2b_avp16(struct l2b_avps *, unsigned flags, uint16_t type,
	    uint16_t v);
void	l2b_avp32(struct l2b_avps *, unsigned flags, uint16_t type,
	    uint32_t v);
void	l2b_avpstr(struct l2b_avps *, unsigned flags, uint16_t type,
	    const char *s);
/* Result Code AVP (1): result, error (< 0: omitted), message (NULL: none). */
void	l2b_avp_result(struct l2b_avps *, unsigned flags, uint16_t result,
	    int error, const char *msg);
/* Raw bytes (a deliberately broken AVP). */
void	l2b_avp_raw(struct l2b_avps *, const void *, size_t);

/* Identity an LCCE announces in SCCRQ/SCCRP. */
struct l2b_ident {
	const char	*host;		/* Host Name (7) */
	const char	*vendor;	/* Vendor Name (8, M=0); NULL: none */
	uint32_t	 router_id;	/* Router ID (60) */
	const uint16_t	*pw;		/* PW Capabilities List (62) */
	unsigned	 npw;		/* 0: AVP omitted */
	uint16_t	 rws;		/* Receive Window Size (10); 0: none */
	const uint8_t	*tie;		/* 8-byte Tie Breaker (5); NULL: none */
};

/*
 * AVP lists of the common messages.  Order: Message Type first, then as
 * listed.  SCCRQ: host, vendor, router id, assigned ccid, pw caps, rws,
 * tie breaker; SCCRP the same without the tie breaker.
 */
void	l2b_sccrq_avps(struct l2b_avps *, const struct l2b_ident *,
	    uint32_t my_ccid);
void	l2b_sccrp_avps(struct l2b_avps *, const struct l2b_ident *,
	    uint32_t my_ccid);
void	l2b_type_avps(struct l2b_avps *, uint16_t msg_type);
/* StopCCN: Message Type, Assigned CCID, Result Code. */
void	l2b_stopccn_avps(struct l2b_avps *, uint32_t my_ccid, uint16_t result,
	    int error, const char *msg);

/* Session parameters as one side announces them. */
struct l2b_sess {
	uint32_t	 lsid, rsid;	/* Local / Remote Session ID (63/64) */
	long		 serial;	/* Serial Number (15); < 0: none */
	uint16_t	 pw_type;	/* Pseudowire Type (68); 0: none */
	const char	*end_id;	/* Remote End ID (66); NULL: none */
	int		 circuit;	/* Circuit Status (71); < 0: none */
	const uint8_t	*cookie;	/* Assigned Cookie (65) */
	size_t		 cookie_len;	/* 0: none */
	int		 l2ss;		/* L2-Specific Sublayer (69); < 0: none */
};

/* ICRQ: 63, 64, 15, 68, 66, 71, 65, 69; ICRP: 63, 64, 68, 71, 65, 69
 * (fields that are unset are skipped); ICCN: 63, 64. */
void	l2b_icrq_avps(struct l2b_avps *, const struct l2b_sess *);
void	l2b_icrp_avps(struct l2b_avps *, const struct l2b_sess *);
void	l2b_iccn_avps(struct l2b_avps *, uint32_t lsid, uint32_t rsid);
/* CDN: Message Type, Result Code, 63, 64. */
void	l2b_cdn_avps(struct l2b_avps *, uint16_t result, int error,
	    const char *msg, uint32_t lsid, uint32_t rsid);
/* SLI: Message Type, 63, 64, Circuit Status. */
void	l2b_sli_avps(struct l2b_avps *, uint32_t lsid, uint32_t rsid,
	    uint16_t circuit);

/* Push Ethernet / IPv4 (/ UDP) of a frame from dir's sender; gbuf reset
 * first.  ip_id and ip_frag go to the IPv4 header as they are. */
void	l2b_outer(struct gbuf *, const struct l2b_path *, int dir,
	    uint16_t ip_id, uint16_t ip_frag);

/* A whole control message (ZLB when the list is empty or NULL): header
 * with the given flags word, CCID, Ns, Nr; finished and padded to 60. */
void	l2b_ctl(struct gbuf *, const struct l2b_path *, int dir,
	    uint32_t ccid, uint16_t ns, uint16_t nr, uint16_t flags,
	    const struct l2b_avps *);

/* L2-Specific Sublayer argument of l2b_data(). */
#define L2B_NO_L2SS	(-1L)
/* A data message: session ID, cookie, default L2SS word (0x40000000 |
 * seq, or none), the finished inner frame (may be NULL: no payload). */
void	l2b_data(struct gbuf *, const struct l2b_path *, int dir,
	    uint32_t sid, const uint8_t *cookie, size_t cookie_len,
	    long l2ss_seq, const struct gbuf *inner);

/* Inner Ethernet frames (finished; ARP padded to 60). */
void	l2b_in_arp(struct gbuf *, uint16_t op, struct gen_mac sha,
	    uint32_t spa, struct gen_mac tha, uint32_t tpa, struct gen_mac dst);
/* ICMP echo (type 8) / reply (0) with a 16-byte payload. */
void	l2b_in_icmp(struct gbuf *, struct gen_mac dmac, struct gen_mac smac,
	    uint32_t src, uint32_t dst, uint8_t type, uint16_t id,
	    uint16_t seq);
/* TCP segment with optional payload; padded to 60. */
void	l2b_in_tcp(struct gbuf *, struct gen_mac dmac, struct gen_mac smac,
	    uint32_t src, uint32_t dst, const struct gen_tcp *,
	    const uint8_t *payload, size_t len);

#endif /* GEN_L2TP_BUILD_H */
