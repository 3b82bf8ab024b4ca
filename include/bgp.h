/* bgp.h - BGP-4 message record (RFC 4271) and what two OPENs negotiated.
 * Owned by dissectors/bgp.c (messages) and src/tcp_stream.c (streams). */
#ifndef TS_BGP_H
#define TS_BGP_H

#include <stdint.h>

#define BGP_HDR_LEN	19
#define BGP_MAX_LEN	4096		/* RFC 4271 §4.1 */
#define BGP_EXT_MAX_LEN	65535		/* RFC 8654, when both sides say so */
#define BGP_AS_TRANS	23456		/* RFC 6793 */

enum bgp_type {
	BGP_OPEN = 1,
	BGP_UPDATE = 2,
	BGP_NOTIFICATION = 3,
	BGP_KEEPALIVE = 4,
	BGP_ROUTE_REFRESH = 5,
};

/* Families whose NLRI format depends on negotiation (ADD-PATH). */
enum bgp_fam {
	BGP_FAM_IPV4_UNI = 0,
	BGP_FAM_IPV4_MULTI,
	BGP_FAM_IPV4_LU,
	BGP_FAM_IPV4_VPN,
	BGP_FAM_IPV6_UNI,
	BGP_FAM_IPV6_MULTI,
	BGP_FAM_IPV6_LU,
	BGP_FAM_IPV6_VPN,
	BGP_FAM_EVPN,
	BGP_FAM_COUNT
};

/* One side's OPEN, as far as later decoding and the trackers care. */
struct bgp_open_facts {
	uint8_t		seen;
	uint8_t		as4;		/* capability 65 present */
	uint8_t		ext_msg;	/* capability 6 */
	uint8_t		route_refresh;	/* 2 (or Cisco 128) */
	uint8_t		enh_rr;		/* 70 */
	uint8_t		gr, llgr;	/* 64, 71 */
	uint8_t		version;
	uint16_t	hold;
	uint16_t	mp;		/* bit per enum bgp_fam announced (cap 1) */
	uint16_t	ap_send;	/* ADD-PATH: will send path ids, per fam */
	uint16_t	ap_recv;	/* ADD-PATH: can receive path ids */
	uint32_t	asn;		/* 4-octet AS if announced, else My AS */
	uint32_t	id;		/* BGP Identifier, host order */
	uint64_t	frame;		/* where it was seen */
};

/* Per TCP connection; side[d] is what the sender of direction d said. */
struct bgp_neg {
	struct bgp_open_facts side[2];
};

/* Both OPENs seen: the negotiated view (RFC 6793, 7911, 8654, 4271). */
static inline int
bgp_neg_both(const struct bgp_neg *n)
{
	return n->side[0].seen && n->side[1].seen;
}

#define BGPF_AS4	0x0001	/* AS numbers in AS_PATH/AGGREGATOR: 4 octets */
#define BGPF_AS4_GUESS	0x0002	/* ... by heuristic: OPENs not captured */
#define BGPF_AP_GUESS	0x0004	/* ADD-PATH by heuristic */
#define BGPF_NEG	0x0008	/* decoded with both OPENs' negotiation */
#define BGPF_EOR	0x0010	/* End-of-RIB (afi/safi in u.rr) */
#define BGPF_STREAM	0x0020	/* came from TCP stream reassembly */
#define BGPF_NOSTATE	0x0040	/* framed from this segment alone */
#define BGPF_FAM_MORE	0x0080	/* prefixes of more families than fam[] */

/* Prefixes of one family in one UPDATE.  Three slots: the IPv4 body,
 * one MP_REACH_NLRI and one MP_UNREACH_NLRI (RFC 7606 §3 g: each at most
 * once); families of repeated MP attributes past them only set
 * BGPF_FAM_MORE (the totals nwd/nnlri still count them). */
#define BGP_INFO_FAMS	3
struct bgp_fam_count {
	uint16_t	afi;
	uint8_t		safi;
	uint16_t	ann, wd;
};

/* Layer record without a message: what the segment did to the stream. */
enum bgp_seg {
	BGPS_NONE = 0,
	BGPS_PARTIAL,		/* part of a message not complete yet */
	BGPS_RETRANS,		/* every byte seen before */
	BGPS_OOO,		/* ahead of a hole: buffered */
	BGPS_SKIPPED,		/* not framed: looking for a marker */
};

struct bgp_info {
	uint8_t		type;		/* 1 OPEN ... 5 ROUTE-REFRESH; 0 none */
	uint8_t		dir;		/* direction in its connection */
	uint16_t	flags;		/* BGPF_* */
	uint32_t	length;		/* header Length field */
	uint16_t	addpath;	/* bgp_fam bits decoded with path ids */
	uint16_t	nseg;		/* TCP segments it came from */
	uint8_t		seg;		/* enum bgp_seg when type is 0 */
	uint16_t	nwd, nnlri;	/* UPDATE: prefixes withdrawn/announced */
	uint8_t		nfam;		/* UPDATE: fam[] entries used */
	struct bgp_fam_count fam[BGP_INFO_FAMS];	/* per family, in order
					   of first prefix */
	uint32_t	conn;		/* connection id (0 stateless) */
	uint32_t	seg_bytes;	/* type 0: bytes of the segment */
	uint64_t	first_frame;	/* earliest frame it came from */
	uint64_t	last_frame;	/* frame that completed it */
	union {
		struct { uint32_t asn, id; uint16_t hold; } open;
		struct { uint8_t code, subcode; } notif;
		struct { uint16_t afi; uint8_t safi, subtype; } rr;
	} m;
};

struct dctx;
struct layer;
struct tcp_msg;

/* Decode one framed message into a layer (dissectors/bgp.c). */
int	bgp_message(struct dctx *, struct layer *, const struct tcp_msg *);
int	bgp_fam_index(uint16_t afi, uint8_t safi);
/* Account one prefix of afi/safi in b->fam[] (wd: withdrawn). */
void	bgp_fam_count_add(struct bgp_info *b, uint16_t afi, uint8_t safi,
	    int wd);
void	bgp_fam_count_addn(struct bgp_info *, uint16_t afi, uint8_t safi,
	    int wd, unsigned n);
struct textbuf;
/* "ipv4/unicast", "afi9/safi9" for unnamed ones. */
void	bgp_fam_text(struct textbuf *, uint16_t afi, uint8_t safi);
/* NOTIFICATION names (RFC 4271 §4.5 and later); NULL when unassigned. */
const char *bgp_notif_code_name(uint8_t code);
const char *bgp_notif_subcode_name(uint8_t code, uint8_t subcode);

#endif /* TS_BGP_H */
