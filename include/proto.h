/* proto.h - the flat per-layer records dissectors fill and views read.
 *
 * One struct per protocol.  Values only: numbers in host order, addresses
 * as bytes, and packet-derived strings as (pointer, length) into the frame
 * that are valid only while that frame is being handled; a tracker that
 * keeps one copies it, bounded.
 */
#ifndef TS_PROTO_H
#define TS_PROTO_H

#include <stddef.h>
#include <stdint.h>

enum proto_id {
	PROTO_NONE = 0,
	PROTO_ETH,
	PROTO_VLAN,
	PROTO_SLL,
	PROTO_SLL2,
	PROTO_NULL,		/* BSD loopback header */
	PROTO_ARP,
	PROTO_IPV4,
	PROTO_IPV6,
	PROTO_ICMP,
	PROTO_ICMPV6,
	PROTO_UDP,
	PROTO_TCP,
	PROTO_L2TP,		/* L2TPv3 control and data, L2TPv2 header */
	PROTO_BGP,
	PROTO_DATA,		/* payload nobody claimed */
	PROTO_COUNT
};

struct ts_addr {
	uint8_t		af;	/* 4 or 6, 0 when unset */
	uint8_t		a[16];	/* IPv4 in the first 4 bytes */
};

struct eth_info {
	uint8_t		dst[6];
	uint8_t		src[6];
	uint16_t	type;		/* EtherType after the MAC header */
	uint16_t	length;		/* 802.3 length when type < 0x0600 */
	uint8_t		llc;		/* 1: 802.3 + LLC, no EtherType */
};

struct vlan_info {
	uint16_t	tpid;		/* 0x8100, 0x88a8 or 0x9100 */
	uint8_t		pcp;
	uint8_t		dei;
	uint16_t	vid;
	uint16_t	type;		/* EtherType that follows the tag */
	uint8_t		llc;		/* 1: type is an 802.3 length + LLC */
};

struct sll_info {			/* Linux cooked v1 and v2 */
	uint16_t	pkttype;	/* 0 host, 1 broadcast, 4 outgoing ... */
	uint16_t	hatype;
	uint8_t		halen;
	uint8_t		addr[8];
	uint16_t	protocol;
	uint32_t	ifindex;	/* SLL2 only */
};

struct null_info {
	uint32_t	family;		/* AF_ value as found */
};

struct arp_info {
	uint16_t	htype, ptype;
	uint8_t		hlen, plen;
	uint16_t	op;		/* 1 request, 2 reply */
	uint8_t		eth_ipv4;	/* 1 when the four addresses below are set */
	uint8_t		sha[6], tha[6];
	uint32_t	spa, tpa;	/* host order */
};

struct ipv4_info {
	uint8_t		ihl;		/* header length in bytes */
	uint8_t		tos;
	uint16_t	total_len;
	uint16_t	id;
	uint8_t		df, mf;
	uint16_t	frag_off;	/* in bytes */
	uint8_t		ttl;
	uint8_t		proto;
	uint16_t	cksum;
	uint8_t		has_options;
	uint8_t		reassembled;	/* payload came from reassembly */
	uint8_t		fragment;	/* this frame is a fragment */
	uint16_t	nfrags;		/* fragments in the reassembled datagram */
	uint32_t	src, dst;	/* host order */
	/* added for the IPv4 dissector */
	uint8_t		cksum_status;	/* enum l4_cksum (below): header checksum */
	uint16_t	cksum_calc;	/* what the checksum should be */
	uint8_t		rf;		/* reserved flag bit set */
	uint32_t	reasm_len;	/* reassembled payload bytes */
};

#define IPV6_MAX_EXT	8
struct ipv6_info {
	uint8_t		tclass;
	uint32_t	flow;
	uint16_t	plen;
	uint8_t		nxt;		/* first Next Header */
	uint8_t		proto;		/* upper-layer protocol after extensions */
	uint8_t		hlim;
	uint8_t		src[16], dst[16];
	uint8_t		next_ext;
	uint8_t		ext[IPV6_MAX_EXT];	/* extension header types in order */
	uint8_t		fragment;	/* Fragment header present */
	uint8_t		mf;
	uint8_t		reassembled;
	uint16_t	nfrags;
	uint16_t	frag_off;	/* bytes */
	uint32_t	frag_id;
	/* added for the IPv6 dissector */
	uint32_t	upper_len;	/* bytes after the extension headers */
	uint32_t	reasm_len;	/* reassembled payload bytes */
	uint8_t		jumbo;		/* payload length 0 with hop-by-hop */
};

/* Transport checksum verdict (UDP, TCP, ICMP, ICMPv6). */
enum l4_cksum {
	L4CK_UNCHECKED = 0,	/* not captured whole, no IP layer, fragment */
	L4CK_GOOD,
	L4CK_BAD,
	L4CK_NONE,		/* UDP checksum 0: sender computed none */
};

/* ICMP and ICMPv6: errors describe the datagram they quote. */
struct icmp_info {
	uint8_t		type, code;
	uint16_t	cksum;
	uint16_t	id, seq;	/* echo */
	uint32_t	mtu;		/* frag needed / packet too big */
	uint32_t	gateway;	/* redirect (v4) */
	uint8_t		quoted;		/* 1 when q_* are set */
	uint8_t		q_proto;
	struct ts_addr	q_src, q_dst;
	uint16_t	q_sport, q_dport;	/* when the quote reaches them */
	uint8_t		q_ports;
	/* added for the ICMP/ICMPv6 dissectors */
	uint8_t		cksum_status;	/* enum l4_cksum */
	uint16_t	cksum_calc;	/* what the checksum should be */
	uint32_t	pointer;	/* parameter problem */
	uint16_t	q_len;		/* quoted datagram's IP length field */
	uint8_t		q_frag;		/* quote is a non-first fragment */
	uint8_t		nd_flags;	/* NA: R 0x80, S 0x40, O 0x20 */
	struct ts_addr	target;		/* NS/NA/redirect target (v6) */
	struct ts_addr	nd_dst;		/* ICMPv6 redirect destination */
};

struct udp_info {
	uint16_t	sport, dport;
	uint16_t	len;
	uint16_t	cksum;
	uint16_t	payload_len;
	uint8_t		cksum_status;	/* enum l4_cksum */
	uint16_t	cksum_calc;	/* what the checksum should be */
	uint16_t	trailing;	/* IP payload bytes after len */
};

#define TCP_FIN	0x01
#define TCP_SYN	0x02
#define TCP_RST	0x04
#define TCP_PSH	0x08
#define TCP_ACK	0x10
#define TCP_URG	0x20
#define TCP_ECE	0x40
#define TCP_CWR	0x80
struct tcp_info {
	uint16_t	sport, dport;
	uint32_t	seq, ack;
	uint8_t		hlen;		/* header length in bytes */
	uint8_t		flags;
	uint16_t	win;
	uint16_t	cksum;
	uint16_t	urp;
	uint32_t	payload_len;	/* on the wire */
	uint32_t	payload_cap;	/* of which captured */
	/* options */
	uint16_t	mss;		/* 0 when absent */
	uint8_t		ws;		/* shift count */
	uint8_t		has_ws;
	uint8_t		sack_perm;
	uint8_t		nsack;		/* SACK blocks */
	uint8_t		has_ts;
	uint8_t		md5;		/* RFC 2385 option present */
	uint8_t		ao;		/* RFC 5925 option present */
	uint32_t	tsval, tsecr;
	uint8_t		cksum_status;	/* enum l4_cksum */
	uint16_t	cksum_calc;	/* what the checksum should be */
	uint8_t		res;		/* byte 12 low nibble: AE 0x01, reserved */
	uint8_t		nopts;		/* options seen (EOL/NOP excluded) */
};

struct data_info {
	uint32_t	len;
};

#endif /* TS_PROTO_H */
