/* gen.c - frame builder: headers, lengths and checksums (RFC 791, 8200, 768,
 * 9293, 792, 4443, 826, 1071).
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

void
gen_die(const char *fmt, ...)
{
	va_list ap;

	fputs("mkcaptures: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

struct gen_ip6addr
gen_ip6(const char *text)
{
	struct gen_ip6addr a;

	if (inet_pton(AF_INET6, text, a.a) != 1)
		gen_die("bad IPv6 literal %s", text);
	return a;
}

void
gb_reset(struct gbuf *g)
{
	g->len = 0;
	g->nlayers = 0;
	g->finished = 0;
}

static void
room(struct gbuf *g, size_t n)
{
	if (g->finished)
		gen_die("gbuf: append after gb_finish()");
	if (n > GBUF_MAX - g->len)
		gen_die("gbuf: frame larger than %d bytes", GBUF_MAX);
}

size_t
gb_bytes(struct gbuf *g, const void *p, size_t n)
{
	size_t off = g->len;

	room(g, n);
	if (n)
		memcpy(g->b + g->len, p, n);
	g->len += n;
	return off;
}

size_t
gb_zero(struct gbuf *g, size_t n)
{
	size_t off = g->len;

	room(g, n);
	memset(g->b + g->len, 0, n);
	g->len += n;
	return off;
}

size_t
gb_u8(struct gbuf *g, uint8_t v)
{
	return gb_bytes(g, &v, 1);
}

size_t
gb_u16(struct gbuf *g, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	return gb_bytes(g, b, 2);
}

size_t
gb_u32(struct gbuf *g, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
	    (uint8_t)(v >> 8), (uint8_t)v };

	return gb_bytes(g, b, 4);
}

size_t
gb_str(struct gbuf *g, const char *s)
{
	return gb_bytes(g, s, strlen(s));
}

size_t
gb_append(struct gbuf *g, const struct gbuf *inner, size_t maxlen)
{
	size_t n = inner->len < maxlen ? inner->len : maxlen;

	return gb_bytes(g, inner->b, n);
}

void
gb_set8(struct gbuf *g, size_t off, uint8_t v)
{
	if (off + 1 > g->len)
		gen_die("gb_set8 past the end");
	g->b[off] = v;
}

void
gb_set16(struct gbuf *g, size_t off, uint16_t v)
{
	if (off + 2 > g->len)
		gen_die("gb_set16 past the end");
	g->b[off] = (uint8_t)(v >> 8);
	g->b[off + 1] = (uint8_t)v;
}

void
gb_set32(struct gbuf *g, size_t off, uint32_t v)
{
	if (off + 4 > g->len)
		gen_die("gb_set32 past the end");
	g->b[off] = (uint8_t)(v >> 24);
	g->b[off + 1] = (uint8_t)(v >> 16);
	g->b[off + 2] = (uint8_t)(v >> 8);
	g->b[off + 3] = (uint8_t)v;
}

static struct gb_layer *
push_layer(struct gbuf *g, enum gb_kind kind, size_t off, size_t hlen)
{
	struct gb_layer *l;

	if (g->nlayers >= GBUF_LAYERS)
		gen_die("gbuf: more than %d layers", GBUF_LAYERS);
	l = &g->layers[g->nlayers++];
	memset(l, 0, sizeof(*l));
	l->kind = (uint8_t)kind;
	l->off = (uint32_t)off;
	l->hlen = (uint32_t)hlen;
	l->ip = -1;
	return l;
}

/* The innermost IP layer so far (transport checksums, routing headers). */
static int
last_ip(const struct gbuf *g)
{
	for (int i = (int)g->nlayers - 1; i >= 0; i--)
		if (g->layers[i].kind == GBL_IPV4 || g->layers[i].kind == GBL_IPV6)
			return i;
	return -1;
}

void
gb_layer_flags(struct gbuf *g, unsigned flags)
{
	if (g->nlayers == 0)
		gen_die("gb_layer_flags: no layer");
	g->layers[g->nlayers - 1].flags = (uint8_t)flags;
}

/* ---- link layers ---- */

size_t
gb_eth(struct gbuf *g, struct gen_mac dst, struct gen_mac src, uint16_t type)
{
	size_t off = gb_bytes(g, dst.a, 6);

	gb_bytes(g, src.a, 6);
	gb_u16(g, type);
	return off;
}

size_t
gb_vlan(struct gbuf *g, unsigned pcp, unsigned dei, unsigned vid,
    uint16_t type)
{
	size_t off = gb_u16(g, (uint16_t)(((pcp & 7) << 13) | ((dei & 1) << 12) |
	    (vid & 0x0fff)));

	gb_u16(g, type);
	return off;
}

size_t
gb_sll(struct gbuf *g, uint16_t pkttype, uint16_t hatype, const uint8_t *addr,
    unsigned addrlen, uint16_t proto)
{
	uint8_t a[8] = { 0 };
	size_t off;

	memcpy(a, addr, addrlen > 8 ? 8 : addrlen);
	off = gb_u16(g, pkttype);
	gb_u16(g, hatype);
	gb_u16(g, (uint16_t)addrlen);
	gb_bytes(g, a, 8);
	gb_u16(g, proto);
	return off;
}

size_t
gb_sll2(struct gbuf *g, uint16_t proto, uint32_t ifindex, uint16_t hatype,
    uint8_t pkttype, const uint8_t *addr, unsigned addrlen)
{
	uint8_t a[8] = { 0 };
	size_t off;

	memcpy(a, addr, addrlen > 8 ? 8 : addrlen);
	off = gb_u16(g, proto);
	gb_u16(g, 0);			/* reserved */
	gb_u32(g, ifindex);
	gb_u16(g, hatype);
	gb_u8(g, pkttype);
	gb_u8(g, (uint8_t)addrlen);
	gb_bytes(g, a, 8);
	return off;
}

size_t
gb_null(struct gbuf *g, uint32_t family)
{
	uint8_t b[4] = { (uint8_t)family, (uint8_t)(family >> 8),
	    (uint8_t)(family >> 16), (uint8_t)(family >> 24) };

	return gb_bytes(g, b, 4);
}

size_t
gb_arp(struct gbuf *g, uint16_t op, struct gen_mac sha, uint32_t spa,
    struct gen_mac tha, uint32_t tpa)
{
	size_t off = gb_u16(g, 1);	/* Ethernet */

	gb_u16(g, GEN_ET_IPV4);
	gb_u8(g, 6);
	gb_u8(g, 4);
	gb_u16(g, op);
	gb_bytes(g, sha.a, 6);
	gb_u32(g, spa);
	gb_bytes(g, tha.a, 6);
	gb_u32(g, tpa);
	return off;
}

/* ---- IP ---- */

size_t
gb_ipv4(struct gbuf *g, const struct gen_ip4 *p)
{
	size_t optpad = (p->optlen + 3) & ~(size_t)3;
	size_t hlen = 20 + optpad;
	size_t off;

	if (hlen > 60)
		gen_die("IPv4 options longer than 40 bytes");
	off = gb_u8(g, (uint8_t)(0x40 | (hlen / 4)));
	gb_u8(g, p->tos);
	gb_u16(g, 0);			/* total length: gb_finish */
	gb_u16(g, p->id);
	gb_u16(g, p->frag);
	gb_u8(g, p->ttl ? p->ttl : 64);
	gb_u8(g, p->proto);
	gb_u16(g, 0);			/* checksum: gb_finish */
	gb_u32(g, p->src);
	gb_u32(g, p->dst);
	gb_bytes(g, p->opts, p->optlen);
	gb_zero(g, optpad - p->optlen);	/* EOL */
	push_layer(g, GBL_IPV4, off, hlen);
	return off;
}

size_t
gb_ipv6(struct gbuf *g, const struct gen_ip6 *p)
{
	size_t off = gb_u32(g, (6u << 28) | ((uint32_t)p->tclass << 20) |
	    (p->flow & 0xfffff));

	gb_u16(g, 0);			/* payload length: gb_finish */
	gb_u8(g, p->nxt);
	gb_u8(g, p->hlim ? p->hlim : 64);
	gb_bytes(g, p->src.a, 16);
	gb_bytes(g, p->dst.a, 16);
	push_layer(g, GBL_IPV6, off, 40);
	return off;
}

static size_t
ip6_opts(struct gbuf *g, uint8_t nxt, const uint8_t *opts, size_t optlen)
{
	size_t total = (2 + optlen + 7) & ~(size_t)7;
	size_t pad = total - 2 - optlen;
	size_t off = gb_u8(g, nxt);

	gb_u8(g, (uint8_t)(total / 8 - 1));
	gb_bytes(g, opts, optlen);
	if (pad == 1) {
		gb_u8(g, 0);		/* Pad1 */
	} else if (pad >= 2) {
		gb_u8(g, 1);		/* PadN */
		gb_u8(g, (uint8_t)(pad - 2));
		gb_zero(g, pad - 2);
	}
	return off;
}

size_t
gb_ip6_hbh(struct gbuf *g, uint8_t nxt, const uint8_t *opts, size_t optlen)
{
	return ip6_opts(g, nxt, opts, optlen);
}

size_t
gb_ip6_dstopts(struct gbuf *g, uint8_t nxt, const uint8_t *opts,
    size_t optlen)
{
	return ip6_opts(g, nxt, opts, optlen);
}

size_t
gb_ip6_routing(struct gbuf *g, uint8_t nxt, uint8_t type, uint8_t segleft,
    const struct gen_ip6addr *addrs, unsigned n)
{
	size_t off = gb_u8(g, nxt);
	int ip = last_ip(g);

	gb_u8(g, (uint8_t)(2 * n));
	gb_u8(g, type);
	gb_u8(g, segleft);
	gb_u32(g, 0);
	for (unsigned i = 0; i < n; i++)
		gb_bytes(g, addrs[i].a, 16);
	/* Transport checksums use the final destination (RFC 8200 8.1). */
	if (ip >= 0 && segleft > 0 && n > 0) {
		memcpy(g->layers[ip].final_dst, addrs[n - 1].a, 16);
		g->layers[ip].has_final_dst = 1;
	}
	return off;
}

size_t
gb_ip6_frag(struct gbuf *g, uint8_t nxt, unsigned offset_bytes, int mf,
    uint32_t id)
{
	size_t off = gb_u8(g, nxt);

	if (offset_bytes % 8)
		gen_die("IPv6 fragment offset %u not a multiple of 8",
		    offset_bytes);
	gb_u8(g, 0);
	gb_u16(g, (uint16_t)(offset_bytes | (mf ? 1 : 0)));
	gb_u32(g, id);
	return off;
}

/* ---- transport ---- */

size_t
gb_udp(struct gbuf *g, uint16_t sport, uint16_t dport)
{
	size_t off = gb_u16(g, sport);
	struct gb_layer *l;
	int ip = last_ip(g);

	gb_u16(g, dport);
	gb_u16(g, 0);
	gb_u16(g, 0);
	l = push_layer(g, GBL_UDP, off, 8);
	l->ip = ip;
	return off;
}

size_t
gb_tcp(struct gbuf *g, const struct gen_tcp *p)
{
	uint8_t o[64];
	size_t n = 0, off, hlen;
	struct gb_layer *l;
	int ip = last_ip(g);

	if (p->mss) {
		o[n++] = 2; o[n++] = 4;
		o[n++] = (uint8_t)(p->mss >> 8); o[n++] = (uint8_t)p->mss;
	}
	if (p->sack_perm && !p->ts_set) {
		o[n++] = 1; o[n++] = 1;
	}
	if (p->sack_perm) {
		o[n++] = 4; o[n++] = 2;
	} else if (p->ts_set) {
		o[n++] = 1; o[n++] = 1;
	}
	if (p->ts_set) {
		o[n++] = 8; o[n++] = 10;
		for (int s = 24; s >= 0; s -= 8)
			o[n++] = (uint8_t)(p->ts_val >> s);
		for (int s = 24; s >= 0; s -= 8)
			o[n++] = (uint8_t)(p->ts_ecr >> s);
	}
	if (p->ws_set) {
		o[n++] = 1; o[n++] = 3; o[n++] = 3; o[n++] = p->ws;
	}
	if (p->optlen > sizeof(o) - n)
		gen_die("TCP options too long");
	if (p->optlen) {
		memcpy(o + n, p->opts, p->optlen);
		n += p->optlen;
	}
	while (n % 4)
		o[n++] = 0;		/* EOL */
	hlen = 20 + n;
	if (hlen > 60)
		gen_die("TCP options longer than 40 bytes");
	off = gb_u16(g, p->sport);
	gb_u16(g, p->dport);
	gb_u32(g, p->seq);
	gb_u32(g, p->ack);
	gb_u8(g, (uint8_t)((hlen / 4) << 4));
	gb_u8(g, p->flags);
	gb_u16(g, p->win);
	gb_u16(g, 0);			/* checksum: gb_finish */
	gb_u16(g, p->urg);
	gb_bytes(g, o, n);
	l = push_layer(g, GBL_TCP, off, hlen);
	l->ip = ip;
	return off;
}

size_t
gb_icmp(struct gbuf *g, uint8_t type, uint8_t code, uint32_t rest)
{
	size_t off = gb_u8(g, type);

	gb_u8(g, code);
	gb_u16(g, 0);
	gb_u32(g, rest);
	push_layer(g, GBL_ICMP, off, 8);
	return off;
}

size_t
gb_icmp6(struct gbuf *g, uint8_t type, uint8_t code, uint32_t rest)
{
	size_t off = gb_u8(g, type);
	struct gb_layer *l;
	int ip = last_ip(g);

	gb_u8(g, code);
	gb_u16(g, 0);
	gb_u32(g, rest);
	l = push_layer(g, GBL_ICMPV6, off, 8);
	l->ip = ip;
	return off;
}

/* ---- checksums and finishing ---- */

uint32_t
gen_csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (i < n)
		sum += (uint32_t)p[i] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

uint16_t
gen_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static uint32_t
pseudo_sum(const struct gbuf *g, int ip, uint8_t proto, uint32_t len)
{
	const struct gb_layer *l;
	uint8_t ph[40];

	if (ip < 0)
		gen_die("transport checksum without an IP layer");
	l = &g->layers[ip];
	if (l->kind == GBL_IPV4) {
		memcpy(ph, g->b + l->off + 12, 8);
		ph[8] = 0;
		ph[9] = proto;
		ph[10] = (uint8_t)(len >> 8);
		ph[11] = (uint8_t)len;
		return gen_csum_add(0, ph, 12);
	}
	memcpy(ph, g->b + l->off + 8, 16);
	memcpy(ph + 16, l->has_final_dst ? l->final_dst : g->b + l->off + 24, 16);
	ph[32] = (uint8_t)(len >> 24);
	ph[33] = (uint8_t)(len >> 16);
	ph[34] = (uint8_t)(len >> 8);
	ph[35] = (uint8_t)len;
	ph[36] = ph[37] = ph[38] = 0;
	ph[39] = proto;
	return gen_csum_add(0, ph, 40);
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

void
gb_finish(struct gbuf *g)
{
	if (g->finished)
		gen_die("gb_finish called twice");
	for (int i = (int)g->nlayers - 1; i >= 0; i--) {
		struct gb_layer *l = &g->layers[i];
		uint8_t *h = g->b + l->off;
		size_t span = g->len - l->off;
		uint16_t ck;

		if (span > 0xffff && l->kind != GBL_IPV6)
			gen_die("layer longer than 65535 bytes");
		switch (l->kind) {
		case GBL_IPV4:
			if (!(l->flags & GBF_KEEP_LEN))
				put16(h + 2, (uint16_t)span);
			if (!(l->flags & GBF_KEEP_CSUM)) {
				put16(h + 10, 0);
				put16(h + 10, gen_csum_fold(gen_csum_add(0, h,
				    l->hlen)));
			}
			break;
		case GBL_IPV6:
			if (span - 40 > 0xffff)
				gen_die("IPv6 payload longer than 65535 bytes");
			if (!(l->flags & GBF_KEEP_LEN))
				put16(h + 4, (uint16_t)(span - 40));
			break;
		case GBL_UDP:
			if (!(l->flags & GBF_KEEP_LEN))
				put16(h + 4, (uint16_t)span);
			if (l->flags & GBF_ZERO_CSUM) {
				put16(h + 6, 0);
			} else if (!(l->flags & GBF_KEEP_CSUM)) {
				put16(h + 6, 0);
				ck = gen_csum_fold(gen_csum_add(pseudo_sum(g,
				    l->ip, GEN_IP_UDP, (uint32_t)span), h, span));
				put16(h + 6, ck ? ck : 0xffff);
			}
			break;
		case GBL_TCP:
			if (!(l->flags & GBF_KEEP_CSUM)) {
				put16(h + 16, 0);
				put16(h + 16, gen_csum_fold(gen_csum_add(
				    pseudo_sum(g, l->ip, GEN_IP_TCP,
				    (uint32_t)span), h, span)));
			}
			break;
		case GBL_ICMP:
			if (!(l->flags & GBF_KEEP_CSUM)) {
				put16(h + 2, 0);
				put16(h + 2, gen_csum_fold(gen_csum_add(0, h,
				    span)));
			}
			break;
		case GBL_ICMPV6:
			if (!(l->flags & GBF_KEEP_CSUM)) {
				put16(h + 2, 0);
				put16(h + 2, gen_csum_fold(gen_csum_add(
				    pseudo_sum(g, l->ip, GEN_IP_ICMPV6,
				    (uint32_t)span), h, span)));
			}
			break;
		}
	}
	g->finished = 1;
}

void
gb_pad(struct gbuf *g, size_t n)
{
	if (g->len >= n)
		return;
	if (n > GBUF_MAX)
		gen_die("gb_pad past the buffer");
	memset(g->b + g->len, 0, n - g->len);
	g->len = n;
}
