/* icmp.c - Internet Control Message Protocol for IPv4 (RFC 792).
 *
 * Codes from RFC 792, RFC 1122 §3.2.2.1, RFC 1812 §5.2.7.1; next-hop MTU
 * in "fragmentation needed" from RFC 1191 §4.  Errors (destination
 * unreachable, source quench, redirect, time exceeded, parameter problem)
 * quote the offending datagram: its IPv4 header and first 8 payload bytes
 * are decoded far enough to name the flow (q_proto, q_src, q_dst and, for
 * UDP/TCP in a first or only fragment, q_sport/q_dport) and EV_ICMP_ERROR
 * is emitted.  The quote stays a quote: it is never handed to the dissector
 * chain (it is not a packet that was on this wire).
 *
 * Anomalies (stable names):
 *   icmp.truncated       the 8-byte header was cut by the capture
 *   icmp.malformed       the IP payload is shorter than the 8-byte header
 *   icmp.bad_checksum    (note) checksum wrong (not malformed: offload on
 *                        the capturing host produces these)
 *   icmp.quote_truncated (note) the quote ends before the addresses/ports:
 *                        the capture cut it, or the sender quoted less than
 *                        RFC 792's header + 64 bits; what is there is filled
 *   icmp.bad_quote       (note) the quoted datagram is not IPv4 or its IHL
 *                        is < 5
 *
 * The checksum (over the whole message, no pseudo-header) is verified when
 * the message was captured whole and is not part of an unreassembled
 * fragment.  ICMP has no endpoints (no ports): views use the IP layer's.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cksum.h"
#include "dissect.h"
#include "ipproto.h"
#include "event.h"
#include "textbuf.h"

#define ICMP_HLEN	8
#define IPPROTO_ICMP_NUM 1

enum {
	ICMP_ECHOREPLY = 0,
	ICMP_UNREACH = 3,
	ICMP_SOURCEQUENCH = 4,
	ICMP_REDIRECT = 5,
	ICMP_ECHO = 8,
	ICMP_TIMXCEED = 11,
	ICMP_PARAMPROB = 12,
	ICMP_TSTAMP = 13,
	ICMP_MASKREPLY = 18,
	ICMP_UNREACH_NEEDFRAG = 4,
};

static const struct tok icmp_types[] = {
	{ 0, "Echo reply" },
	{ 3, "Destination unreachable" },
	{ 4, "Source quench" },			/* deprecated, RFC 6633 */
	{ 5, "Redirect" },
	{ 6, "Alternate host address" },	/* deprecated, RFC 6918 */
	{ 8, "Echo request" },
	{ 9, "Router advertisement" },		/* RFC 1256 */
	{ 10, "Router solicitation" },
	{ 11, "Time exceeded" },
	{ 12, "Parameter problem" },
	{ 13, "Timestamp request" },
	{ 14, "Timestamp reply" },
	{ 15, "Information request" },		/* deprecated, RFC 6918 */
	{ 16, "Information reply" },
	{ 17, "Address mask request" },		/* RFC 950 */
	{ 18, "Address mask reply" },
	{ 30, "Traceroute" },			/* RFC 1393, deprecated */
	{ 40, "Photuris" },			/* RFC 2521 */
	{ 42, "Extended echo request" },	/* RFC 8335 */
	{ 43, "Extended echo reply" },
	{ 0, NULL },
};

static const struct tok icmp_unreach_codes[] = {
	{ 0, "Network unreachable" },
	{ 1, "Host unreachable" },
	{ 2, "Protocol unreachable" },
	{ 3, "Port unreachable" },
	{ 4, "Fragmentation needed and DF set" },
	{ 5, "Source route failed" },
	{ 6, "Destination network unknown" },		/* RFC 1122 */
	{ 7, "Destination host unknown" },
	{ 8, "Source host isolated" },
	{ 9, "Network administratively prohibited" },
	{ 10, "Host administratively prohibited" },
	{ 11, "Network unreachable for TOS" },
	{ 12, "Host unreachable for TOS" },
	{ 13, "Communication administratively prohibited" }, /* RFC 1812 */
	{ 14, "Host precedence violation" },
	{ 15, "Precedence cutoff in effect" },
	{ 0, NULL },
};

static const struct tok icmp_redirect_codes[] = {
	{ 0, "Redirect for network" },
	{ 1, "Redirect for host" },
	{ 2, "Redirect for TOS and network" },
	{ 3, "Redirect for TOS and host" },
	{ 0, NULL },
};

static const struct tok icmp_timxceed_codes[] = {
	{ 0, "TTL exceeded in transit" },
	{ 1, "Fragment reassembly time exceeded" },
	{ 0, NULL },
};

static const struct tok icmp_paramprob_codes[] = {
	{ 0, "Pointer indicates the error" },
	{ 1, "Missing a required option" },		/* RFC 1108 */
	{ 2, "Bad length" },
	{ 0, NULL },
};

static int
icmp_is_error(uint8_t type)
{
	return type == ICMP_UNREACH || type == ICMP_SOURCEQUENCH ||
	    type == ICMP_REDIRECT || type == ICMP_TIMXCEED ||
	    type == ICMP_PARAMPROB;
}

static int
icmp_has_idseq(uint8_t type)
{
	return type == ICMP_ECHO || type == ICMP_ECHOREPLY ||
	    (type >= ICMP_TSTAMP && type <= ICMP_MASKREPLY);
}

static const struct tok *
icmp_code_table(uint8_t type)
{
	switch (type) {
	case ICMP_UNREACH:
		return icmp_unreach_codes;
	case ICMP_REDIRECT:
		return icmp_redirect_codes;
	case ICMP_TIMXCEED:
		return icmp_timxceed_codes;
	case ICMP_PARAMPROB:
		return icmp_paramprob_codes;
	default:
		return NULL;
	}
}

static void
icmp_check(struct dctx *ctx, struct cursor whole, struct icmp_info *ic)
{
	size_t n = cur_left(&whole);
	const uint8_t *p;
	uint64_t sum;

	if ((p = cur_bytes(&whole, n)) == NULL)
		return;			/* not captured whole */
	sum = cksum_add(p, n, 0);
	ic->cksum_calc = (uint16_t)~cksum_fold(sum - ic->cksum);
	if (cksum_fold(sum) == 0xffff) {
		ic->cksum_status = L4CK_GOOD;
		return;
	}
	ic->cksum_status = L4CK_BAD;
	dctx_anomaly(ctx, "icmp.bad_checksum", AK_NOTE,
	    "checksum 0x%04x, should be 0x%04x", ic->cksum, ic->cksum_calc);
}

static void
icmp_quote_cut(struct dctx *ctx, const struct cursor *q, const char *what)
{
	size_t n = q->lim;	/* q is rebased: lim is the quote's length */

	if (cur_err(q) == CUR_TRUNCATED)
		dctx_anomaly(ctx, "icmp.quote_truncated", AK_NOTE,
		    "quoted datagram cut by the capture before its %s", what);
	else
		dctx_anomaly(ctx, "icmp.quote_truncated", AK_NOTE,
		    "the message quotes only %zu bytes, not its %s", n,
		    what);
}

/*
 * Decode the quoted IPv4 header and the start of its payload.  q is a
 * cursor over the rest of the message, rebased to the quote's first byte.
 * Fills what is there; a short quote is a note, never an error.
 */
static void
icmp_quote(struct dctx *ctx, struct cursor q, struct icmp_info *ic)
{
	uint8_t vihl, ihl;
	uint16_t fo;
	uint32_t a;

	vihl = cur_u8(&q);
	if (!cur_ok(&q)) {
		icmp_quote_cut(ctx, &q, "IPv4 header");
		return;
	}
	if (vihl >> 4 != 4) {
		dctx_anomaly(ctx, "icmp.bad_quote", AK_NOTE,
		    "quoted datagram has IP version %u, not 4", vihl >> 4);
		return;
	}
	ihl = (uint8_t)((vihl & 0x0f) * 4);
	cur_skip(&q, 1);		/* TOS */
	ic->q_len = cur_u16(&q);
	cur_skip(&q, 2);		/* ID */
	fo = cur_u16(&q);
	cur_skip(&q, 1);		/* TTL */
	ic->q_proto = cur_u8(&q);
	if (!cur_ok(&q)) {
		ic->q_len = 0;
		ic->q_proto = 0;
		icmp_quote_cut(ctx, &q, "protocol field");
		return;
	}
	ic->q_frag = (fo & 0x1fff) != 0;
	cur_skip(&q, 2);		/* header checksum */
	a = cur_u32(&q);
	if (cur_ok(&q)) {
		ic->q_src.af = 4;
		ic->q_src.a[0] = (uint8_t)(a >> 24);
		ic->q_src.a[1] = (uint8_t)(a >> 16);
		ic->q_src.a[2] = (uint8_t)(a >> 8);
		ic->q_src.a[3] = (uint8_t)a;
	}
	a = cur_u32(&q);
	if (!cur_ok(&q)) {
		icmp_quote_cut(ctx, &q, "addresses");
		return;
	}
	ic->q_dst.af = 4;
	ic->q_dst.a[0] = (uint8_t)(a >> 24);
	ic->q_dst.a[1] = (uint8_t)(a >> 16);
	ic->q_dst.a[2] = (uint8_t)(a >> 8);
	ic->q_dst.a[3] = (uint8_t)a;
	ic->quoted = 1;
	if (ihl < 20) {
		dctx_anomaly(ctx, "icmp.bad_quote", AK_NOTE,
		    "quoted IPv4 header length %u < 20", ihl);
		return;
	}
	if ((ic->q_proto != 17 && ic->q_proto != 6) || ic->q_frag)
		return;			/* no ports to find */
	cur_skip(&q, ihl - 20u);	/* quoted options */
	ic->q_sport = cur_u16(&q);
	ic->q_dport = cur_u16(&q);
	if (!cur_ok(&q)) {
		ic->q_sport = ic->q_dport = 0;
		icmp_quote_cut(ctx, &q, "ports");
		return;
	}
	ic->q_ports = 1;
}

static void
icmp_emit(struct dctx *ctx, struct layer *l)
{
	struct event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = EV_ICMP_ERROR;
	ev.depth = ctx->depth;
	if (ctx->frame != NULL) {
		ev.vantage = ctx->frame->vantage;
		ev.frame = ctx->frame->number;
		ev.ts_ns = ctx->frame->ts_ns;
	}
	ev.pkt = ctx->pkt;
	ev.layer = l;
	dctx_emit(ctx, &ev);
}

static enum dstatus
icmp_dissect(struct dctx *ctx, struct cursor *c, struct layer *l)
{
	struct icmp_info *ic = &l->u.icmp;
	const struct cursor whole = *c;
	const struct layer *ip = cksum_enclosing_ip(ctx);
	enum dstatus st;
	uint32_t rest;

	ic->type = cur_u8(c);
	ic->code = cur_u8(c);
	ic->cksum = cur_u16(c);
	rest = cur_u32(c);
	if ((st = dctx_cur_status(ctx, c, "icmp")) != DS_OK)
		return st;
	if (icmp_has_idseq(ic->type)) {
		ic->id = (uint16_t)(rest >> 16);
		ic->seq = (uint16_t)rest;
	}
	switch (ic->type) {
	case ICMP_UNREACH:
		if (ic->code == ICMP_UNREACH_NEEDFRAG)
			ic->mtu = rest & 0xffff;	/* RFC 1191 §4 */
		break;
	case ICMP_REDIRECT:
		ic->gateway = rest;
		break;
	case ICMP_PARAMPROB:
		ic->pointer = rest >> 24;
		break;
	default:
		break;
	}
	if (!cksum_ip_partial(ip))
		icmp_check(ctx, whole, ic);
	if (icmp_is_error(ic->type)) {
		icmp_quote(ctx, cur_rebase(c), ic);
		l->status = DS_OK;
		icmp_emit(ctx, l);
	}
	cur_skip_uncaptured(c, cur_left(c));	/* the rest is ours */
	return DS_OK;
}

static void
icmp_addr(struct textbuf *tb, const struct ts_addr *a)
{
	tb_printf(tb, "%u.%u.%u.%u", a->a[0], a->a[1], a->a[2], a->a[3]);
}

/* " quoting UDP 192.0.2.1:1701 > 192.0.2.2:1701" */
static void
icmp_quote_text(struct textbuf *tb, const struct icmp_info *ic)
{
	const char *pn;

	if (!ic->quoted)
		return;
	pn = tok_name(ip_proto_names, ic->q_proto, NULL);
	if (pn != NULL)
		tb_printf(tb, " quoting %s ", pn);
	else
		tb_printf(tb, " quoting proto %u ", ic->q_proto);
	icmp_addr(tb, &ic->q_src);
	if (ic->q_ports)
		tb_printf(tb, ":%u", ic->q_sport);
	tb_puts(tb, " > ");
	icmp_addr(tb, &ic->q_dst);
	if (ic->q_ports)
		tb_printf(tb, ":%u", ic->q_dport);
}

static void
icmp_info(const struct layer *l, struct textbuf *tb)
{
	const struct icmp_info *ic = &l->u.icmp;
	const struct tok *codes = icmp_code_table(ic->type);
	const char *tn = tok_name(icmp_types, ic->type, NULL);

	if (tn != NULL)
		tb_puts(tb, tn);
	else
		tb_printf(tb, "unknown (%u)", ic->type);
	if (codes != NULL)
		tb_printf(tb, ": %s (%u/%u)", tok_name(codes, ic->code,
		    "unknown code"), ic->type, ic->code);
	else if (ic->code != 0 || tn == NULL)
		tb_printf(tb, " code %u", ic->code);
	if (icmp_has_idseq(ic->type))
		tb_printf(tb, " id=0x%04x seq=%u", ic->id, ic->seq);
	if (ic->type == ICMP_UNREACH && ic->code == ICMP_UNREACH_NEEDFRAG)
		tb_printf(tb, " mtu=%u", ic->mtu);
	if (ic->type == ICMP_REDIRECT) {
		tb_puts(tb, " gateway ");
		tb_ip4(tb, ic->gateway);
	}
	if (ic->type == ICMP_PARAMPROB && ic->code == 0)
		tb_printf(tb, " pointer=%u", ic->pointer);
	icmp_quote_text(tb, ic);
}

static void
icmp_detail(const struct layer *l, struct textbuf *tb)
{
	const struct icmp_info *ic = &l->u.icmp;
	const struct tok *codes = icmp_code_table(ic->type);

	tb_puts(tb, "  ICMP type ");
	tb_tok(tb, icmp_types, ic->type);
	tb_puts(tb, ", code ");
	if (codes != NULL)
		tb_tok(tb, codes, ic->code);
	else
		tb_printf(tb, "%u", ic->code);
	tb_printf(tb, ", checksum 0x%04x", ic->cksum);
	cksum_status_text(tb, ic->cksum_status, ic->cksum_calc);
	tb_putc(tb, '\n');
	if (icmp_has_idseq(ic->type))
		tb_printf(tb, "  identifier 0x%04x, sequence %u\n", ic->id,
		    ic->seq);
	if (ic->type == ICMP_UNREACH && ic->code == ICMP_UNREACH_NEEDFRAG) {
		if (ic->mtu == 0)
			tb_puts(tb, "  next-hop MTU not given (router "
			    "predates RFC 1191)\n");
		else
			tb_printf(tb, "  next-hop MTU %u\n", ic->mtu);
	}
	if (ic->type == ICMP_REDIRECT) {
		tb_puts(tb, "  gateway ");
		tb_ip4(tb, ic->gateway);
		tb_putc(tb, '\n');
	}
	if (ic->type == ICMP_PARAMPROB)
		tb_printf(tb, "  pointer %u\n", ic->pointer);
	if (ic->quoted) {
		tb_puts(tb, "  quoted IPv4 ");
		icmp_addr(tb, &ic->q_src);
		tb_puts(tb, " > ");
		icmp_addr(tb, &ic->q_dst);
		tb_puts(tb, ", protocol ");
		tb_tok(tb, ip_proto_names, ic->q_proto);
		tb_printf(tb, ", total length %u", ic->q_len);
		if (ic->q_frag)
			tb_puts(tb, ", non-first fragment");
		if (ic->q_ports)
			tb_printf(tb, ", ports %u > %u", ic->q_sport,
			    ic->q_dport);
		tb_putc(tb, '\n');
	}
}

static const struct dreg icmp_regs[] = {
	{ DT_IPPROTO, IPPROTO_ICMP_NUM },
};

const struct dissector dissector_icmp = {
	.name = "icmp",
	.display = "ICMP",
	.proto = PROTO_ICMP,
	.role = 0,
	.regs = icmp_regs,
	.nregs = sizeof(icmp_regs) / sizeof(icmp_regs[0]),
	.dissect = icmp_dissect,
	.info = icmp_info,
	.detail = icmp_detail,
	.endpoints = NULL,
};
