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
};

struct udp_info {
	uint16_t	sport, dport;
	uint16_t	len;
	uint16_t	cksum;
	uint16_t	payload_len;
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
};

struct data_info {
	uint32_t	len;
};

#endif /* TS_PROTO_H */
