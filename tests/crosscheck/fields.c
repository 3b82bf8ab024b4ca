/* fields.c - tsfields: tunnelscope's dissection printed as tshark -T fields.
 *
 * usage: tsfields [-E occurrence=a|f|l] [-E aggregator=C] [-o pref:value]
 *        -e field [-e field...] -r FILE
 *
 * Frames are read through the project's source API and dissected by the
 * same pipeline the tool runs (reassembly included), so what this prints
 * is what tunnelscope believes.  Formats follow tshark 4.0: decimal
 * numbers, 0x%04x for EtherTypes, IP ids and TCP flags, ip.frag_offset in
 * 8-byte units, booleans 0/1, empty when absent.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>

#include "fields.h"
#include "pipeline.h"
#include "prefs.h"
#include "source.h"

void
tsf_val(struct tsf_out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->n >= TSF_MAX_OCC || o->len >= sizeof(o->buf) - 1)
		return;
	o->start[o->n++] = o->len;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, sizeof(o->buf) - o->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	o->len += (size_t)n;
	if (o->len >= sizeof(o->buf))
		o->len = sizeof(o->buf) - 1;
	o->buf[o->len++] = '\0';
}

void
tsf_mac(struct tsf_out *o, const uint8_t m[6])
{
	tsf_val(o, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3],
	    m[4], m[5]);
}

void
tsf_ip4(struct tsf_out *o, uint32_t a)
{
	tsf_val(o, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff,
	    a & 0xff);
}

void
tsf_ip6(struct tsf_out *o, const uint8_t a[16])
{
	char s[INET6_ADDRSTRLEN];

	if (inet_ntop(AF_INET6, a, s, sizeof(s)) == NULL)
		s[0] = '\0';
	tsf_val(o, "%s", s);
}

void
tsf_addr(struct tsf_out *o, const struct ts_addr *a)
{
	if (a->af == 4)
		tsf_ip4(o, (uint32_t)a->a[0] << 24 | (uint32_t)a->a[1] << 16 |
		    (uint32_t)a->a[2] << 8 | a->a[3]);
	else if (a->af == 6)
		tsf_ip6(o, a->a);
}

/* Iterate the layers of one protocol. */
#define FOR_LAYERS(pkt, l, id) \
	for (const struct layer *l = (pkt)->layers; \
	    l < (pkt)->layers + (pkt)->nlayers; l++) \
		if (l->proto == (id))

/* Quotes and IP layers interleave in packet order: walk once. */
static void
ip_and_quotes(const struct packet *pkt, struct tsf_out *o, int af,
    void (*own)(const struct layer *, struct tsf_out *),
    void (*quoted)(const struct icmp_info *, struct tsf_out *))
{
	uint16_t want = af == 4 ? PROTO_IPV4 : PROTO_IPV6;

	for (unsigned i = 0; i < pkt->nlayers; i++) {
		const struct layer *l = &pkt->layers[i];

		if (l->proto == want)
			own(l, o);
		else if ((l->proto == PROTO_ICMP || l->proto == PROTO_ICMPV6) &&
		    l->u.icmp.quoted && l->u.icmp.q_src.af == af && quoted)
			quoted(&l->u.icmp, o);
	}
}

/* ---- frame ---- */

static const struct frame *cur_frame;

static void
f_frame_number(const struct packet *pkt, struct tsf_out *o)
{
	(void)pkt;
	tsf_val(o, "%llu", (unsigned long long)cur_frame->number);
}

static void
f_frame_len(const struct packet *pkt, struct tsf_out *o)
{
	(void)pkt;
	tsf_val(o, "%u", cur_frame->len);
}

static void
f_frame_cap_len(const struct packet *pkt, struct tsf_out *o)
{
	(void)pkt;
	tsf_val(o, "%u", cur_frame->caplen);
}

/* ---- link ---- */

static void
f_eth_src(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_ETH)
		tsf_mac(o, l->u.eth.src);
}

static void
f_eth_dst(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_ETH)
		tsf_mac(o, l->u.eth.dst);
}

static void
f_eth_type(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_ETH)
		if (!l->u.eth.llc && l->u.eth.type >= 0x0600)
			tsf_val(o, "0x%04x", l->u.eth.type);
}

/* tshark 4.0 files 0x88a8 tags under "ieee8021ad", 0x8100/0x9100 under
 * "vlan". */
static void
f_vlan_id(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_VLAN)
		if (l->u.vlan.tpid != 0x88a8)
			tsf_val(o, "%u", l->u.vlan.vid);
}

static void
f_vlan_priority(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_VLAN)
		if (l->u.vlan.tpid != 0x88a8)
			tsf_val(o, "%u", l->u.vlan.pcp);
}

static void
f_vlan_etype(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_VLAN)
		if (l->u.vlan.tpid != 0x88a8 && !l->u.vlan.llc)
			tsf_val(o, "0x%04x", l->u.vlan.type);
}

static void
f_ieee8021ad_id(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_VLAN)
		if (l->u.vlan.tpid == 0x88a8)
			tsf_val(o, "%u", l->u.vlan.vid);
}

static int
is_sll(const struct layer *l)
{
	return l->proto == PROTO_SLL || l->proto == PROTO_SLL2;
}

static void
f_sll_pkttype(const struct packet *pkt, struct tsf_out *o)
{
	for (unsigned i = 0; i < pkt->nlayers; i++)
		if (is_sll(&pkt->layers[i]))
			tsf_val(o, "%u", pkt->layers[i].u.sll.pkttype);
}

static void
f_sll_etype(const struct packet *pkt, struct tsf_out *o)
{
	for (unsigned i = 0; i < pkt->nlayers; i++)
		if (is_sll(&pkt->layers[i]))
			tsf_val(o, "0x%04x", pkt->layers[i].u.sll.protocol);
}

static void
f_sll_ifindex(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_SLL2)
		tsf_val(o, "%u", l->u.sll.ifindex);
}

static void
f_null_family(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_NULL)
		tsf_val(o, "%u", l->u.null.family);
}

static void
f_arp_opcode(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_ARP)
		tsf_val(o, "%u", l->u.arp.op);
}

static void
f_arp_src_hw_mac(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_ARP)
		if (l->u.arp.eth_ipv4)
			tsf_mac(o, l->u.arp.sha);
}

static void
f_arp_src_ipv4(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_ARP)
		if (l->u.arp.eth_ipv4)
			tsf_ip4(o, l->u.arp.spa);
}

static void
f_arp_dst_ipv4(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_ARP)
		if (l->u.arp.eth_ipv4)
			tsf_ip4(o, l->u.arp.tpa);
}

/* ---- IPv4 (own header, then the header an ICMP error quotes) ---- */

static void o_ip_src(const struct layer *l, struct tsf_out *o)
{ tsf_ip4(o, l->u.ipv4.src); }
static void q_ip_src(const struct icmp_info *q, struct tsf_out *o)
{ tsf_addr(o, &q->q_src); }
static void o_ip_dst(const struct layer *l, struct tsf_out *o)
{ tsf_ip4(o, l->u.ipv4.dst); }
static void q_ip_dst(const struct icmp_info *q, struct tsf_out *o)
{ tsf_addr(o, &q->q_dst); }
static void o_ip_len(const struct layer *l, struct tsf_out *o)
{ tsf_val(o, "%u", l->u.ipv4.total_len); }
static void q_ip_len(const struct icmp_info *q, struct tsf_out *o)
{ tsf_val(o, "%u", q->q_len); }
static void o_ip_proto(const struct layer *l, struct tsf_out *o)
{ tsf_val(o, "%u", l->u.ipv4.proto); }
static void q_ip_proto(const struct icmp_info *q, struct tsf_out *o)
{ tsf_val(o, "%u", q->q_proto); }
static void o_ip_id(const struct layer *l, struct tsf_out *o)
{ tsf_val(o, "0x%04x", l->u.ipv4.id); }
static void o_ip_ttl(const struct layer *l, struct tsf_out *o)
{ tsf_val(o, "%u", l->u.ipv4.ttl); }
static void o_ip_df(const struct layer *l, struct tsf_out *o)
{ tsf_val(o, "%u", l->u.ipv4.df ? 1 : 0); }
static void o_ip_mf(const struct layer *l, struct tsf_out *o)
{ tsf_val(o, "%u", l->u.ipv4.mf ? 1 : 0); }
/* tshark 4.0's -T fields prints the raw 13-bit field (8-byte units), though
 * its -V tree says bytes. */
static void o_ip_frag(const struct layer *l, struct tsf_out *o)
{ tsf_val(o, "%u", l->u.ipv4.frag_off / 8u); }

#define IP4F(fname, own, q) \
	static void fname(const struct packet *p, struct tsf_out *o) \
	{ ip_and_quotes(p, o, 4, own, q); }
IP4F(f_ip_src, o_ip_src, q_ip_src)
IP4F(f_ip_dst, o_ip_dst, q_ip_dst)
IP4F(f_ip_len, o_ip_len, q_ip_len)
IP4F(f_ip_proto, o_ip_proto, q_ip_proto)
IP4F(f_ip_id, o_ip_id, NULL)
IP4F(f_ip_ttl, o_ip_ttl, NULL)
IP4F(f_ip_df, o_ip_df, NULL)
IP4F(f_ip_mf, o_ip_mf, NULL)
IP4F(f_ip_frag, o_ip_frag, NULL)

/* ---- IPv6 ---- */

static void o_ip6_src(const struct layer *l, struct tsf_out *o)
{ tsf_ip6(o, l->u.ipv6.src); }
static void o_ip6_dst(const struct layer *l, struct tsf_out *o)
{ tsf_ip6(o, l->u.ipv6.dst); }
static void o_ip6_nxt(const struct layer *l, struct tsf_out *o)
{ tsf_val(o, "%u", l->u.ipv6.nxt); }
static void o_ip6_plen(const struct layer *l, struct tsf_out *o)
{ tsf_val(o, "%u", l->u.ipv6.plen); }
/* tunnelscope keeps a quoted IPv6 datagram's total length (40 + payload
 * length), as it does for IPv4. */
static void q_ip6_plen(const struct icmp_info *q, struct tsf_out *o)
{ tsf_val(o, "%u", q->q_len >= 40 ? q->q_len - 40u : 0u); }
static void o_ip6_hlim(const struct layer *l, struct tsf_out *o)
{ tsf_val(o, "%u", l->u.ipv6.hlim); }

#define IP6F(fname, own, q) \
	static void fname(const struct packet *p, struct tsf_out *o) \
	{ ip_and_quotes(p, o, 6, own, q); }
IP6F(f_ip6_src, o_ip6_src, q_ip_src)
IP6F(f_ip6_dst, o_ip6_dst, q_ip_dst)
IP6F(f_ip6_nxt, o_ip6_nxt, q_ip_proto)
IP6F(f_ip6_plen, o_ip6_plen, q_ip6_plen)
IP6F(f_ip6_hlim, o_ip6_hlim, NULL)

/* ---- UDP / TCP (quoted ports follow their own layer) ---- */

static void
ports(const struct packet *pkt, struct tsf_out *o, uint16_t proto,
    uint8_t ipproto, int dst)
{
	for (unsigned i = 0; i < pkt->nlayers; i++) {
		const struct layer *l = &pkt->layers[i];

		if (l->proto == proto && proto == PROTO_UDP)
			tsf_val(o, "%u", dst ? l->u.udp.dport : l->u.udp.sport);
		else if (l->proto == proto && proto == PROTO_TCP)
			tsf_val(o, "%u", dst ? l->u.tcp.dport : l->u.tcp.sport);
		else if ((l->proto == PROTO_ICMP || l->proto == PROTO_ICMPV6) &&
		    l->u.icmp.quoted && l->u.icmp.q_ports &&
		    l->u.icmp.q_proto == ipproto)
			tsf_val(o, "%u", dst ? l->u.icmp.q_dport :
			    l->u.icmp.q_sport);
	}
}

static void f_udp_srcport(const struct packet *p, struct tsf_out *o)
{ ports(p, o, PROTO_UDP, 17, 0); }
static void f_udp_dstport(const struct packet *p, struct tsf_out *o)
{ ports(p, o, PROTO_UDP, 17, 1); }
static void f_tcp_srcport(const struct packet *p, struct tsf_out *o)
{ ports(p, o, PROTO_TCP, 6, 0); }
static void f_tcp_dstport(const struct packet *p, struct tsf_out *o)
{ ports(p, o, PROTO_TCP, 6, 1); }

static void
f_udp_length(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_UDP)
		tsf_val(o, "%u", l->u.udp.len);
}

/* 12 bits as tshark shows them: reserved/AE nibble, then the 8 flags. */
static void
f_tcp_flags(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_TCP)
		tsf_val(o, "0x%04x", (unsigned)(l->u.tcp.res & 0x0f) << 8 |
		    l->u.tcp.flags);
}

static void
f_tcp_seq_raw(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_TCP)
		tsf_val(o, "%u", l->u.tcp.seq);
}

static void
f_tcp_ack_raw(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_TCP)
		tsf_val(o, "%u", l->u.tcp.ack);
}

static void
f_tcp_win(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_TCP)
		tsf_val(o, "%u", l->u.tcp.win);
}

static void
f_tcp_hdr_len(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_TCP)
		tsf_val(o, "%u", l->u.tcp.hlen);
}

static void
f_tcp_mss(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_TCP)
		if (l->u.tcp.mss)
			tsf_val(o, "%u", l->u.tcp.mss);
}

static void
f_tcp_ws(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_TCP)
		if (l->u.tcp.has_ws)
			tsf_val(o, "%u", l->u.tcp.ws);
}

static void
f_tcp_tsval(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_TCP)
		if (l->u.tcp.has_ts)
			tsf_val(o, "%u", l->u.tcp.tsval);
}

static void
f_tcp_tsecr(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_TCP)
		if (l->u.tcp.has_ts)
			tsf_val(o, "%u", l->u.tcp.tsecr);
}

/* ---- ICMP / ICMPv6 ---- */

static void
f_icmp_type(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_ICMP)
		tsf_val(o, "%u", l->u.icmp.type);
}

static void
f_icmp_code(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_ICMP)
		tsf_val(o, "%u", l->u.icmp.code);
}

static int
icmp_echo(const struct layer *l)
{
	uint8_t t = l->u.icmp.type;

	return l->proto == PROTO_ICMP ? (t == 0 || t == 8) :
	    (t == 128 || t == 129);
}

static void
f_icmp_ident(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_ICMP)
		if (icmp_echo(l))
			tsf_val(o, "%u", l->u.icmp.id);
}

static void
f_icmp_seq(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_ICMP)
		if (icmp_echo(l))
			tsf_val(o, "%u", l->u.icmp.seq);
}

static void
f_icmp_mtu(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_ICMP)
		if (l->u.icmp.type == 3 && l->u.icmp.code == 4)
			tsf_val(o, "%u", l->u.icmp.mtu);
}

static void
f_icmpv6_type(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_ICMPV6)
		tsf_val(o, "%u", l->u.icmp.type);
}

static void
f_icmpv6_code(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_ICMPV6)
		tsf_val(o, "%u", l->u.icmp.code);
}

static void
f_icmpv6_mtu(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_ICMPV6)
		if (l->u.icmp.type == 2)
			tsf_val(o, "%u", l->u.icmp.mtu);
}

static void
f_icmpv6_echo_id(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_ICMPV6)
		if (icmp_echo(l))
			tsf_val(o, "0x%04x", l->u.icmp.id);
}

static void
f_icmpv6_ns_target(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_ICMPV6)
		if (l->u.icmp.type == 135)
			tsf_addr(o, &l->u.icmp.target);
}

static void
f_icmpv6_na_target(const struct packet *pkt, struct tsf_out *o)
{
	FOR_LAYERS(pkt, l, PROTO_ICMPV6)
		if (l->u.icmp.type == 136)
			tsf_addr(o, &l->u.icmp.target);
}

static const struct tsf_field base_fields[] = {
	{ "frame.number",		f_frame_number },
	{ "frame.len",			f_frame_len },
	{ "frame.cap_len",		f_frame_cap_len },
	{ "eth.src",			f_eth_src },
	{ "eth.dst",			f_eth_dst },
	{ "eth.type",			f_eth_type },
	{ "vlan.id",			f_vlan_id },
	{ "vlan.priority",		f_vlan_priority },
	{ "vlan.etype",			f_vlan_etype },
	{ "ieee8021ad.id",		f_ieee8021ad_id },
	{ "sll.pkttype",		f_sll_pkttype },
	{ "sll.etype",			f_sll_etype },
	{ "sll.ifindex",		f_sll_ifindex },
	{ "null.family",		f_null_family },
	{ "arp.opcode",			f_arp_opcode },
	{ "arp.src.hw_mac",		f_arp_src_hw_mac },
	{ "arp.src.proto_ipv4",		f_arp_src_ipv4 },
	{ "arp.dst.proto_ipv4",		f_arp_dst_ipv4 },
	{ "ip.src",			f_ip_src },
	{ "ip.dst",			f_ip_dst },
	{ "ip.len",			f_ip_len },
	{ "ip.id",			f_ip_id },
	{ "ip.proto",			f_ip_proto },
	{ "ip.ttl",			f_ip_ttl },
	{ "ip.flags.df",		f_ip_df },
	{ "ip.flags.mf",		f_ip_mf },
	{ "ip.frag_offset",		f_ip_frag },
	{ "ipv6.src",			f_ip6_src },
	{ "ipv6.dst",			f_ip6_dst },
	{ "ipv6.nxt",			f_ip6_nxt },
	{ "ipv6.plen",			f_ip6_plen },
	{ "ipv6.hlim",			f_ip6_hlim },
	{ "udp.srcport",		f_udp_srcport },
	{ "udp.dstport",		f_udp_dstport },
	{ "udp.length",			f_udp_length },
	{ "tcp.srcport",		f_tcp_srcport },
	{ "tcp.dstport",		f_tcp_dstport },
	{ "tcp.flags",			f_tcp_flags },
	{ "tcp.seq_raw",		f_tcp_seq_raw },
	{ "tcp.ack_raw",		f_tcp_ack_raw },
	{ "tcp.window_size_value",	f_tcp_win },
	{ "tcp.hdr_len",		f_tcp_hdr_len },
	{ "tcp.options.mss_val",	f_tcp_mss },
	{ "tcp.options.wscale.shift",	f_tcp_ws },
	{ "tcp.options.timestamp.tsval", f_tcp_tsval },
	{ "tcp.options.timestamp.tsecr", f_tcp_tsecr },
	{ "icmp.type",			f_icmp_type },
	{ "icmp.code",			f_icmp_code },
	{ "icmp.ident",			f_icmp_ident },
	{ "icmp.seq",			f_icmp_seq },
	{ "icmp.mtu",			f_icmp_mtu },
	{ "icmpv6.type",		f_icmpv6_type },
	{ "icmpv6.code",		f_icmpv6_code },
	{ "icmpv6.mtu",			f_icmpv6_mtu },
	{ "icmpv6.echo.identifier",	f_icmpv6_echo_id },
	{ "icmpv6.nd.ns.target_address", f_icmpv6_ns_target },
	{ "icmpv6.nd.na.target_address", f_icmpv6_na_target },
};

const struct tsf_table tsf_table_base = {
	base_fields, sizeof(base_fields) / sizeof(base_fields[0])
};

/* ---- the program ---- */

#define MAX_FIELDS	256

static const struct tsf_field *
find_field(const char *name)
{
	const struct tsf_table *tables[] = {
		&tsf_table_base, &tsf_table_l2tp, &tsf_table_bgp,
	};

	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		if (tables[t] == NULL)	/* weak, not linked in */
			continue;
		for (size_t i = 0; i < tables[t]->n; i++)
			if (strcmp(tables[t]->fields[i].name, name) == 0)
				return &tables[t]->fields[i];
	}
	return NULL;
}

static void
usage(void)
{
	fprintf(stderr, "usage: tsfields [-E occurrence=a|f|l] "
	    "[-E aggregator=C] [-o pref:value] -e field... -r FILE\n");
	exit(64);
}

int
main(int argc, char **argv)
{
	const struct tsf_field *fields[MAX_FIELDS];
	static struct pipeline pl;
	static struct tsf_out out;
	struct prefs prefs;
	struct source_set *src;
	struct frame f;
	const char *file = NULL;
	char occ = 'a', agg = ',', err[512];
	size_t nf = 0;

	prefs_default(&prefs);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-e") == 0 && i + 1 < argc) {
			if (nf == MAX_FIELDS) {
				fprintf(stderr, "tsfields: more than %d fields\n",
				    MAX_FIELDS);
				return 64;
			}
			if ((fields[nf] = find_field(argv[++i])) == NULL) {
				fprintf(stderr, "tsfields: unknown field %s\n",
				    argv[i]);
				return 64;
			}
			nf++;
		} else if (strcmp(a, "-E") == 0 && i + 1 < argc) {
			a = argv[++i];
			if (strncmp(a, "occurrence=", 11) == 0 &&
			    strchr("afl", a[11]) && a[11])
				occ = a[11];
			else if (strncmp(a, "aggregator=", 11) == 0 && a[11])
				agg = a[11];
			else
				usage();
		} else if (strcmp(a, "-o") == 0 && i + 1 < argc) {
			if (prefs_set(&prefs, argv[++i], err, sizeof(err)) != 0) {
				fprintf(stderr, "tsfields: %s\n", err);
				return 64;
			}
		} else if (strcmp(a, "-r") == 0 && i + 1 < argc) {
			file = argv[++i];
		} else {
			usage();
		}
	}
	if (file == NULL || nf == 0)
		usage();
	if ((src = source_new()) == NULL || pipeline_init(&pl, &prefs) != 0) {
		fprintf(stderr, "tsfields: out of memory\n");
		return 71;
	}
	if (source_add_file(src, file, err, sizeof(err)) != 0) {
		fprintf(stderr, "tsfields: %s\n", err);
		return 66;
	}
	if (source_ninputs(src) && source_input(src, 0)->skipped)
		fprintf(stderr, "tsfields: %s\n", err);
	while (source_next(src, &f) == 1) {
		cur_frame = &f;
		pipeline_frame(&pl, &f);
		for (size_t k = 0; k < nf; k++) {
			unsigned first, last;

			out.len = 0;
			out.n = 0;
			fields[k]->fn(&pl.pkt, &out);
			if (k)
				putchar('\t');
			if (out.n == 0)
				continue;
			first = occ == 'l' ? out.n - 1 : 0;
			last = occ == 'f' ? 0 : out.n - 1;
			for (unsigned j = first; j <= last; j++) {
				if (j > first)
					putchar(agg);
				fputs(out.buf + out.start[j], stdout);
			}
		}
		putchar('\n');
	}
	pipeline_finish(&pl);
	for (size_t i = 0; i < source_ninputs(src); i++)
		if (source_input(src, i)->broken)
			fprintf(stderr, "tsfields: %s\n",
			    source_input(src, i)->error);
	pipeline_free(&pl);
	source_free(src);
	return 0;
}
