/* l2tp_build.c - L2TPv3 message builders for the scenario generator
 * (RFC 3931 §3, §4.1, §5.4).  See l2tp_build.h.
 */
#include <string.h>

#include "l2tp_build.h"

void
l2b_avps_reset(struct l2b_avps *l)
{
	l->n = 0;
}

void
l2b_avp_raw(struct l2b_avps *l, const void *v, size_t n)
{
	if (n > sizeof(l->b) - l->n)
		gen_die("l2tp_build: AVP list too long");
	memcpy(l->b + l->n, v, n);
	l->n += n;
}

void
l2b_avp(struct l2b_avps *l, unsigned flags, uint16_t vendor, uint16_t type,
    const void *v, size_t n)
{
	uint16_t fl;
	uint8_t h[6];

	if (n > 1023 - 6)
		gen_die("l2tp_build: AVP value too long");
	fl = (uint16_t)(flags | (6 + n));
	h[0] = (uint8_t)(fl >> 8);
	h[1] = (uint8_t)fl;
	h[2] = (uint8_t)(vendor >> 8);
	h[3] = (uint8_t)vendor;
	h[4] = (uint8_t)(type >> 8);
	h[5] = (uint8_t)type;
	l2b_avp_raw(l, h, sizeof(h));
	if (n)
		l2b_avp_raw(l, v, n);
}

void
l2b_avp16(struct l2b_avps *l, unsigned fl, uint16_t t, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	l2b_avp(l, fl, 0, t, b, 2);
}

void
l2b_avp32(struct l2b_avps *l, unsigned fl, uint16_t t, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
	    (uint8_t)(v >> 8), (uint8_t)v };

	l2b_avp(l, fl, 0, t, b, 4);
}

void
l2b_avpstr(struct l2b_avps *l, unsigned fl, uint16_t t, const char *s)
{
	l2b_avp(l, fl, 0, t, s, strlen(s));
}

void
l2b_avp_result(struct l2b_avps *l, unsigned fl, uint16_t result, int error,
    const char *msg)
{
	uint8_t b[4 + 256];
	size_t n = 2, ml = msg ? strlen(msg) : 0;

	if (ml > 256)
		gen_die("l2tp_build: result message too long");
	b[0] = (uint8_t)(result >> 8);
	b[1] = (uint8_t)result;
	if (error >= 0 || msg) {
		b[2] = (uint8_t)((unsigned)error >> 8);
		b[3] = (uint8_t)error;
		if (error < 0)
			b[2] = b[3] = 0;
		n = 4;
	}
	if (ml)
		memcpy(b + n, msg, ml);
	l2b_avp(l, fl, 0, 1, b, n + ml);
}

void
l2b_type_avps(struct l2b_avps *l, uint16_t type)
{
	l2b_avp16(l, L2B_M, 0, type);
}

static void
ident_avps(struct l2b_avps *l, const struct l2b_ident *id, uint32_t ccid)
{
	uint8_t pw[64];
	unsigned i;

	l2b_avpstr(l, L2B_M, 7, id->host);
	if (id->vendor)
		l2b_avpstr(l, 0, 8, id->vendor);
	l2b_avp32(l, L2B_M, 60, id->router_id);
	l2b_avp32(l, L2B_M, 61, ccid);
	if (id->npw) {
		if (id->npw > sizeof(pw) / 2)
			gen_die("l2tp_build: too many PW types");
		for (i = 0; i < id->npw; i++) {
			pw[2 * i] = (uint8_t)(id->pw[i] >> 8);
			pw[2 * i + 1] = (uint8_t)id->pw[i];
		}
		l2b_avp(l, L2B_M, 0, 62, pw, 2 * id->npw);
	}
	if (id->rws)
		l2b_avp16(l, L2B_M, 10, id->rws);
}

void
l2b_sccrq_avps(struct l2b_avps *l, const struct l2b_ident *id, uint32_t ccid)
{
	l2b_type_avps(l, L2B_SCCRQ);
	ident_avps(l, id, ccid);
	if (id->tie)
		l2b_avp(l, 0, 0, 5, id->tie, 8);
}

void
l2b_sccrp_avps(struct l2b_avps *l, const struct l2b_ident *id, uint32_t ccid)
{
	l2b_type_avps(l, L2B_SCCRP);
	ident_avps(l, id, ccid);
}

void
l2b_stopccn_avps(struct l2b_avps *l, uint32_t ccid, uint16_t result,
    int error, const char *msg)
{
	l2b_type_avps(l, L2B_STOPCCN);
	l2b_avp32(l, L2B_M, 61, ccid);
	l2b_avp_result(l, L2B_M, result, error, msg);
}

static void
sess_tail(struct l2b_avps *l, const struct l2b_sess *s)
{
	if (s->circuit >= 0)
		l2b_avp16(l, L2B_M, 71, (uint16_t)s->circuit);
	if (s->cookie_len)
		l2b_avp(l, L2B_M, 0, 65, s->cookie, s->cookie_len);
	if (s->l2ss >= 0)
		l2b_avp16(l, L2B_M, 69, (uint16_t)s->l2ss);
}

void
l2b_icrq_avps(struct l2b_avps *l, const struct l2b_sess *s)
{
	l2b_type_avps(l, L2B_ICRQ);
	l2b_avp32(l, L2B_M, 63, s->lsid);
	l2b_avp32(l, L2B_M, 64, s->rsid);
	if (s->serial >= 0)
		l2b_avp32(l, L2B_M, 15, (uint32_t)s->serial);
	if (s->pw_type)
		l2b_avp16(l, L2B_M, 68, s->pw_type);
	if (s->end_id)
		l2b_avpstr(l, L2B_M, 66, s->end_id);
	sess_tail(l, s);
}

void
l2b_icrp_avps(struct l2b_avps *l, const struct l2b_sess *s)
{
	l2b_type_avps(l, L2B_ICRP);
	l2b_avp32(l, L2B_M, 63, s->lsid);
	l2b_avp32(l, L2B_M, 64, s->rsid);
	if (s->pw_type)
		l2b_avp16(l, L2B_M, 68, s->pw_type);
	sess_tail(l, s);
}

void
l2b_iccn_avps(struct l2b_avps *l, uint32_t lsid, uint32_t rsid)
{
	l2b_type_avps(l, L2B_ICCN);
	l2b_avp32(l, L2B_M, 63, lsid);
	l2b_avp32(l, L2B_M, 64, rsid);
}

void
l2b_cdn_avps(struct l2b_avps *l, uint16_t result, int error, const char *msg,
    uint32_t lsid, uint32_t rsid)
{
	l2b_type_avps(l, L2B_CDN);
	l2b_avp_result(l, L2B_M, result, error, msg);
	l2b_avp32(l, L2B_M, 63, lsid);
	l2b_avp32(l, L2B_M, 64, rsid);
}

void
l2b_sli_avps(struct l2b_avps *l, uint32_t lsid, uint32_t rsid,
    uint16_t circuit)
{
	l2b_type_avps(l, L2B_SLI);
	l2b_avp32(l, L2B_M, 63, lsid);
	l2b_avp32(l, L2B_M, 64, rsid);
	l2b_avp16(l, L2B_M, 71, circuit);
}

void
l2b_outer(struct gbuf *fr, const struct l2b_path *p, int dir, uint16_t ip_id,
    uint16_t ip_frag)
{
	const struct l2b_lcce *s = dir == L2B_AB ? &p->a : &p->b;
	const struct l2b_lcce *d = dir == L2B_AB ? &p->b : &p->a;
	struct gen_ip4 ip = { .src = s->addr, .dst = d->addr,
	    .proto = p->over_ip ? GEN_IP_L2TP : GEN_IP_UDP, .ttl = s->ttl,
	    .id = ip_id, .frag = ip_frag };

	gb_reset(fr);
	gb_eth(fr, d->mac, s->mac, GEN_ET_IPV4);
	gb_ipv4(fr, &ip);
	if (!p->over_ip)
		gb_udp(fr, s->port, d->port);
}

void
l2b_ctl(struct gbuf *fr, const struct l2b_path *p, int dir, uint32_t ccid,
    uint16_t ns, uint16_t nr, uint16_t flags, const struct l2b_avps *l)
{
	size_t n = l ? l->n : 0;

	l2b_outer(fr, p, dir, 0, 0);
	if (p->over_ip)
		gb_u32(fr, 0);		/* Session ID 0: control (§4.1.1.2) */
	gb_u16(fr, flags);
	gb_u16(fr, (uint16_t)(12 + n));
	gb_u32(fr, ccid);
	gb_u16(fr, ns);
	gb_u16(fr, nr);
	if (n)
		gb_bytes(fr, l->b, n);
	gb_finish(fr);
	gb_pad(fr, 60);
}

void
l2b_data(struct gbuf *fr, const struct l2b_path *p, int dir, uint32_t sid,
    const uint8_t *ck, size_t cklen, long seq, const struct gbuf *inner)
{
	l2b_outer(fr, p, dir, 0, 0);
	if (!p->over_ip)
		gb_u32(fr, 0x00030000);	/* T=0, version 3, reserved */
	gb_u32(fr, sid);
	if (cklen)
		gb_bytes(fr, ck, cklen);
	if (seq >= 0)
		gb_u32(fr, 0x40000000u | ((uint32_t)seq & 0xffffff));
	if (inner)
		gb_append(fr, inner, inner->len);
	gb_finish(fr);
	gb_pad(fr, 60);
}

void
l2b_in_arp(struct gbuf *in, uint16_t op, struct gen_mac sha, uint32_t spa,
    struct gen_mac tha, uint32_t tpa, struct gen_mac dst)
{
	gb_reset(in);
	gb_eth(in, dst, sha, GEN_ET_ARP);
	gb_arp(in, op, sha, spa, tha, tpa);
	gb_finish(in);
	gb_pad(in, 60);
}

void
l2b_in_icmp(struct gbuf *in, struct gen_mac dmac, struct gen_mac smac,
    uint32_t src, uint32_t dst, uint8_t type, uint16_t id, uint16_t seq)
{
	struct gen_ip4 ip = { .src = src, .dst = dst, .proto = GEN_IP_ICMP };

	gb_reset(in);
	gb_eth(in, dmac, smac, GEN_ET_IPV4);
	gb_ipv4(in, &ip);
	gb_icmp(in, type, 0, (uint32_t)id << 16 | seq);
	gb_str(in, "tunnelscope-ping");
	gb_finish(in);
}

void
l2b_in_tcp(struct gbuf *in, struct gen_mac dmac, struct gen_mac smac,
    uint32_t src, uint32_t dst, const struct gen_tcp *tcp,
    const uint8_t *payload, size_t len)
{
	struct gen_ip4 ip = { .src = src, .dst = dst, .proto = GEN_IP_TCP };

	gb_reset(in);
	gb_eth(in, dmac, smac, GEN_ET_IPV4);
	gb_ipv4(in, &ip);
	gb_tcp(in, tcp);
	if (len)
		gb_bytes(in, payload, len);
	gb_finish(in);
	gb_pad(in, 60);
}
