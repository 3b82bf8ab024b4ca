/* gen.h - frame builder and capture writers for the scenario generator.
 *
 * Scenarios build frames byte by byte into a struct gbuf (Ethernet, VLAN,
 * ARP, IPv4, IPv6 and its extension headers, UDP, TCP, ICMP, ICMPv6, raw
 * payload) and write them to pcap or pcapng files with fixed timestamps, so
 * the same generator always writes the same bytes.
 *
 * Lengths and checksums are filled in by gb_finish(): every header pushed
 * with a gb_* call is a layer that extends to the end of the buffer, so
 * encapsulation (Ethernet in L2TPv3 in UDP in IPv4 in Ethernet) can be
 * built in one gbuf in order, or an inner frame can be built and finished
 * in its own gbuf and appended with gb_bytes() as a payload.  Every gb_*
 * header call returns the header's offset, so a scenario can break a field
 * on purpose after gb_finish() with gb_set8/16/32().
 *
 * The generator is a build tool, not part of tunnelscope: on any error it
 * prints a message and exits (gen_die).
 */
#ifndef GEN_GEN_H
#define GEN_GEN_H

#include <stddef.h>
#include <stdint.h>

/* 2026-11-24 09:00:00 UTC, the epoch every scenario counts from. */
#define GEN_EPOCH_S	1795510800LL
/* Scenario time: seconds + microseconds after the epoch, in ns. */
#define GEN_T(s, us)	((GEN_EPOCH_S + (int64_t)(s)) * 1000000000LL + \
			    (int64_t)(us) * 1000LL)
#define GEN_T_NS(s, ns)	((GEN_EPOCH_S + (int64_t)(s)) * 1000000000LL + \
			    (int64_t)(ns))

/* Link types (pcap-linktype(7)). */
#define GEN_LT_NULL	0
#define GEN_LT_ETHERNET	1
#define GEN_LT_RAW	101
#define GEN_LT_SLL	113
#define GEN_LT_SLL2	276

/* EtherTypes, IP protocols. */
#define GEN_ET_IPV4	0x0800
#define GEN_ET_ARP	0x0806
#define GEN_ET_VLAN	0x8100
#define GEN_ET_QINQ	0x88a8
#define GEN_ET_9100	0x9100
#define GEN_ET_IPV6	0x86dd
#define GEN_IP_HOPOPT	0
#define GEN_IP_ICMP	1
#define GEN_IP_TCP	6
#define GEN_IP_UDP	17
#define GEN_IP_ROUTING	43
#define GEN_IP_FRAGMENT	44
#define GEN_IP_ICMPV6	58
#define GEN_IP_NONXT	59
#define GEN_IP_DSTOPTS	60
#define GEN_IP_L2TP	115

/* TCP flags. */
#define GEN_TH_FIN	0x01
#define GEN_TH_SYN	0x02
#define GEN_TH_RST	0x04
#define GEN_TH_PSH	0x08
#define GEN_TH_ACK	0x10
#define GEN_TH_URG	0x20
#define GEN_TH_ECE	0x40
#define GEN_TH_CWR	0x80

/* IPv4 flags/fragment-offset field values (frag offset in 8-byte units). */
#define GEN_IP4_DF	0x4000
#define GEN_IP4_MF	0x2000

struct gen_mac { uint8_t a[6]; };
struct gen_ip6addr { uint8_t a[16]; };

#define GEN_MAC(a, b, c, d, e, f) \
	((struct gen_mac){ { (a), (b), (c), (d), (e), (f) } })
/* IPv4 address as a host-order integer: GEN_IP4(192, 0, 2, 1). */
#define GEN_IP4(a, b, c, d) \
	(((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | \
	 ((uint32_t)(c) << 8) | (uint32_t)(d))
/* IPv6 address from text ("2001:db8::1"); dies on a bad literal. */
struct gen_ip6addr gen_ip6(const char *text);

#define GBUF_MAX	70000	/* > 64 KiB: room for a reassembled datagram */
#define GBUF_LAYERS	32

enum gb_kind {
	GBL_IPV4 = 1, GBL_IPV6, GBL_UDP, GBL_TCP, GBL_ICMP, GBL_ICMPV6,
};

struct gb_layer {
	uint8_t		kind;		/* enum gb_kind */
	uint8_t		flags;		/* GBF_* */
	uint32_t	off;		/* header start in the buffer */
	uint32_t	hlen;		/* header length (IPv4: IHL*4) */
	int		ip;		/* UDP/TCP/ICMPv6: index of its IP layer */
	uint8_t		final_dst[16];	/* IPv6: routing header's last address */
	uint8_t		has_final_dst;
};

/* Per-layer flags: leave a field as the caller wrote it. */
#define GBF_KEEP_LEN	0x01	/* don't patch the length field */
#define GBF_KEEP_CSUM	0x02	/* don't compute the checksum */
#define GBF_ZERO_CSUM	0x04	/* UDP: checksum 0 (none, legal over IPv4) */

struct gbuf {
	uint8_t		b[GBUF_MAX];
	size_t		len;
	unsigned	nlayers;
	struct gb_layer	layers[GBUF_LAYERS];
	int		finished;
};

/* Start an empty frame (large: keep gbufs static or on the heap). */
void	gb_reset(struct gbuf *);
/* Flags (GBF_*) of the layer pushed last. */
void	gb_layer_flags(struct gbuf *, unsigned flags);
/*
 * Patch lengths and checksums, innermost layer first, each layer spanning
 * to the current end of the buffer.  Call once, before padding.
 */
void	gb_finish(struct gbuf *);
/* Pad with zeros to at least n bytes (Ethernet minimum: 60) after finish. */
void	gb_pad(struct gbuf *, size_t n);

/* Raw bytes. */
size_t	gb_bytes(struct gbuf *, const void *, size_t);
size_t	gb_zero(struct gbuf *, size_t n);
size_t	gb_u8(struct gbuf *, uint8_t);
size_t	gb_u16(struct gbuf *, uint16_t);	/* network order */
size_t	gb_u32(struct gbuf *, uint32_t);	/* network order */
size_t	gb_str(struct gbuf *, const char *);	/* without the NUL */
/* Append a finished gbuf's bytes (an inner frame, a quoted datagram). */
size_t	gb_append(struct gbuf *, const struct gbuf *inner, size_t maxlen);
/* Overwrite at an offset (break a field after gb_finish()). */
void	gb_set8(struct gbuf *, size_t off, uint8_t);
void	gb_set16(struct gbuf *, size_t off, uint16_t);
void	gb_set32(struct gbuf *, size_t off, uint32_t);

/* Link layers. */
size_t	gb_eth(struct gbuf *, struct gen_mac dst, struct gen_mac src,
	    uint16_t type);
/* 802.1Q/802.1ad tag after the TPID (which is the previous type field). */
size_t	gb_vlan(struct gbuf *, unsigned pcp, unsigned dei, unsigned vid,
	    uint16_t type);
/* Linux cooked v1: packet type (0 host, 4 outgoing), ARPHRD, address. */
size_t	gb_sll(struct gbuf *, uint16_t pkttype, uint16_t hatype,
	    const uint8_t *addr, unsigned addrlen, uint16_t proto);
size_t	gb_sll2(struct gbuf *, uint16_t proto, uint32_t ifindex,
	    uint16_t hatype, uint8_t pkttype, const uint8_t *addr,
	    unsigned addrlen);
/* BSD loopback: AF value as a little-endian 32-bit word (2 = AF_INET). */
size_t	gb_null(struct gbuf *, uint32_t family);

/* ARP over Ethernet/IPv4 (op 1 request, 2 reply). */
size_t	gb_arp(struct gbuf *, uint16_t op, struct gen_mac sha, uint32_t spa,
	    struct gen_mac tha, uint32_t tpa);

/* IPv4.  Zero ttl means 64.  frag: GEN_IP4_DF/MF | offset in 8-byte units. */
struct gen_ip4 {
	uint32_t	 src, dst;
	uint8_t		 proto;
	uint8_t		 ttl;
	uint8_t		 tos;
	uint16_t	 id;
	uint16_t	 frag;
	const uint8_t	*opts;		/* options, padded to 4 bytes with EOL */
	size_t		 optlen;
};
size_t	gb_ipv4(struct gbuf *, const struct gen_ip4 *);

/* IPv6.  Zero hlim means 64.  Each header names the next explicitly. */
struct gen_ip6 {
	struct gen_ip6addr src, dst;
	uint8_t		 nxt;
	uint8_t		 hlim;
	uint8_t		 tclass;
	uint32_t	 flow;
};
size_t	gb_ipv6(struct gbuf *, const struct gen_ip6 *);
/* Hop-by-hop / destination options: opts padded to 8 bytes with PadN. */
size_t	gb_ip6_hbh(struct gbuf *, uint8_t nxt, const uint8_t *opts,
	    size_t optlen);
size_t	gb_ip6_dstopts(struct gbuf *, uint8_t nxt, const uint8_t *opts,
	    size_t optlen);
/* Routing header (type 0/2/3...: addresses after a 4-byte reserved word). */
size_t	gb_ip6_routing(struct gbuf *, uint8_t nxt, uint8_t type,
	    uint8_t segleft, const struct gen_ip6addr *addrs, unsigned n);
/* Fragment header: offset in bytes (multiple of 8), more-fragments flag. */
size_t	gb_ip6_frag(struct gbuf *, uint8_t nxt, unsigned offset_bytes,
	    int mf, uint32_t id);

/* Transport.  UDP/TCP checksums use the enclosing IP layer's addresses. */
size_t	gb_udp(struct gbuf *, uint16_t sport, uint16_t dport);

struct gen_tcp {
	uint16_t	 sport, dport;
	uint32_t	 seq, ack;
	uint8_t		 flags;		/* GEN_TH_* */
	uint16_t	 win;
	uint16_t	 urg;
	/* Options, written in Linux's order; 0/absent when unset. */
	uint16_t	 mss;
	uint8_t		 ws_set, ws;	/* window scale (shift count ws) */
	uint8_t		 sack_perm;
	uint8_t		 ts_set;
	uint32_t	 ts_val, ts_ecr;
	const uint8_t	*opts;		/* raw options after those */
	size_t		 optlen;
};
size_t	gb_tcp(struct gbuf *, const struct gen_tcp *);

/* ICMP / ICMPv6 header: type, code, 32-bit rest of header (echo: id<<16 |
 * seq; frag needed: MTU; packet too big: MTU).  Body follows as bytes. */
size_t	gb_icmp(struct gbuf *, uint8_t type, uint8_t code, uint32_t rest);
size_t	gb_icmp6(struct gbuf *, uint8_t type, uint8_t code, uint32_t rest);

/* Internet checksum helpers (also for payloads with their own checksums). */
uint32_t gen_csum_add(uint32_t sum, const uint8_t *, size_t);
uint16_t gen_csum_fold(uint32_t sum);

/* ---- writers ---- */

/* Classic pcap, little-endian, usec (magic a1b2c3d4) or nsec (a1b23c4d). */
struct gen_pcap;
struct gen_pcap *gen_pcap_open(const char *dir, const char *file,
	    int linktype, uint32_t snaplen, int nsec);
/* One record: caplen = min(len, snaplen), origlen = len. */
void	gen_pcap_frame(struct gen_pcap *, int64_t ts_ns, const struct gbuf *);
/* Explicit caplen/origlen (caplen bytes of data are written). */
void	gen_pcap_record(struct gen_pcap *, int64_t ts_ns, const uint8_t *,
	    uint32_t caplen, uint32_t origlen);
void	gen_pcap_close(struct gen_pcap *);

/* pcapng: SHB, IDBs (if_name, if_tsresol), EPBs; little-endian. */
struct gen_pcapng;
struct gen_pcapng *gen_pcapng_open(const char *dir, const char *file);
/* Add an interface (before or between packets); returns its id.
 * tsresol: decimal exponent, 6 = microseconds, 9 = nanoseconds. */
unsigned gen_pcapng_add_if(struct gen_pcapng *, int linktype,
	    uint32_t snaplen, const char *name, unsigned tsresol);
void	gen_pcapng_frame(struct gen_pcapng *, unsigned ifid, int64_t ts_ns,
	    const struct gbuf *);
void	gen_pcapng_record(struct gen_pcapng *, unsigned ifid, int64_t ts_ns,
	    const uint8_t *, uint32_t caplen, uint32_t origlen);
void	gen_pcapng_close(struct gen_pcapng *);

/* Cut the last n bytes off dir/file (a capture truncated mid-record). */
void	gen_truncate(const char *dir, const char *file, long n);

void	gen_die(const char *fmt, ...) __attribute__((format(printf, 1, 2),
	    noreturn));

#endif /* GEN_GEN_H */
