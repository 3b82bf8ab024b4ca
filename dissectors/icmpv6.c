/* icmpv6.c - Internet Control Message Protocol for IPv6 (RFC 4443).
 *
 * Also named: Neighbor Discovery (RFC 4861: router/neighbor solicitation
 * and advertisement, redirect; the target address is decoded), MLD (RFC
 * 2710, RFC 3810) and the other IANA ICMPv6 types by name.  Errors
 * (destination unreachable, packet too big with its MTU, time exceeded,
 * parameter problem) quote the offending packet: its IPv6 header is
 * decoded, extension headers in the quote are skipped (at most
 * ICMP6_MAX_QEXT, each bounded by the quote), and the flow named as in
 * icmp.c (q_proto, q_src, q_dst, q_sport/q_dport for UDP/TCP).  The quote
 * is never handed to the dissector chain.  Errors emit EV_ICMP_ERROR.
 *
 * Anomalies (stable names):
 *   icmpv6.truncated       the header or a type's fixed body was cut by the
 *                          capture
 *   icmpv6.malformed       the message is shorter than its type's fixed body
 *   icmpv6.bad_checksum    (note) checksum wrong (pseudo-header, RFC 8200
 *                          §8.1; not malformed: offload produces these)
 *   icmpv6.quote_truncated (note) the quote ends before the addresses, an
 *                          extension header or the ports
 *   icmpv6.bad_quote       (note) the quoted packet is not IPv6, or has more
 *                          extension headers than we walk
 *
 * The checksum is verified only when the whole message was captured, the
 * enclosing IP layer is IPv6, not an unreassembled fragment, and has no
 * Routing header (the pseudo-header would need the final destination).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cksum.h"
#include "dissect.h"
#include "ipproto.h"
#include "event.h"
#include "textbuf.h"

#define ICMP6_HLEN		4	/* type, code, checksum */
#define IPPROTO_ICMPV6_NUM	58
#define ICMP6_MAX_QEXT		8	/* extension headers walked in a quote */

enum {
	ICMP6_DST_UNREACH = 1,
	ICMP6_PACKET_TOO_BIG = 2,
	ICMP6_TIME_EXCEEDED = 3,
	ICMP6_PARAM_PROB = 4,
	ICMP6_ECHO_REQUEST = 128,
	ICMP6_ECHO_REPLY = 129,
	ICMP6_MLD_QUERY = 130,
	ICMP6_MLD_REPORT = 131,
	ICMP6_MLD_DONE = 132,
	ICMP6_ND_RS = 133,
	ICMP6_ND_RA = 134,
	ICMP6_ND_NS = 135,
	ICMP6_ND_NA = 136,
	ICMP6_ND_REDIRECT = 137,
};

static const struct tok icmp6_types[] = {
	{ 1, "Destination unreachable" },
	{ 2, "Packet too big" },
	{ 3, "Time exceeded" },
	{ 4, "Parameter problem" },
	{ 128, "Echo request" },
	{ 129, "Echo reply" },
	{ 130, "Multicast listener query" },
	{ 131, "Multicast listener report" },
	{ 132, "Multicast listener done" },
	{ 133, "Router solicitation" },
	{ 134, "Router advertisement" },
	{ 135, "Neighbor solicitation" },
	{ 136, "Neighbor advertisement" },
	{ 137, "Redirect" },
	{ 138, "Router renumbering" },			/* RFC 2894 */
	{ 139, "Node information query" },		/* RFC 4620 */
	{ 140, "Node information reply" },
	{ 141, "Inverse neighbor discovery solicitation" }, /* RFC 3122 */
	{ 142, "Inverse neighbor discovery advertisement" },
	{ 143, "Multicast listener report v2" },	/* RFC 3810 */
	{ 144, "Home agent address discovery request" }, /* RFC 6275 */
	{ 145, "Home agent address discovery reply" },
	{ 146, "Mobile prefix solicitation" },
	{ 147, "Mobile prefix advertisement" },
	{ 148, "Certification path solicitation" },	/* RFC 3971 */
	{ 149, "Certification path advertisement" },
	{ 151, "Multicast router advertisement" },	/* RFC 4286 */
	{ 152, "Multicast router solicitation" },
	{ 153, "Multicast router termination" },
	{ 155, "RPL control message" },			/* RFC 6550 */
	{ 157, "Duplicate address request" },		/* RFC 6775 */
	{ 158, "Duplicate address confirmation" },
	{ 160, "Extended echo request" },		/* RFC 8335 */
	{ 161, "Extended echo reply" },
	{ 0, NULL },
};

static const struct tok icmp6_unreach_codes[] = {
	{ 0, "No route to destination" },
	{ 1, "Communication administratively prohibited" },
	{ 2, "Beyond scope of source address" },
	{ 3, "Address unreachable" },
	{ 4, "Port unreachable" },
	{ 5, "Source address failed ingress/egress policy" },
	{ 6, "Reject route to destination" },
	{ 7, "Error in source routing header" },	/* RFC 6550 */
	{ 8, "Headers too long" },			/* RFC 8883 */
	{ 0, NULL },
};

static const struct tok icmp6_timxceed_codes[] = {
	{ 0, "Hop limit exceeded in transit" },
	{ 1, "Fragment reassembly time exceeded" },
	{ 0, NULL },
};

static const struct tok icmp6_paramprob_codes[] = {
	{ 0, "Erroneous header field" },
	{ 1, "Unrecognized next header type" },
	{ 2, "Unrecognized IPv6 option" },
	{ 3, "First fragment has incomplete header chain" }, /* RFC 7112 */
	{ 4, "SR upper-layer header error" },		/* RFC 8754 */
	{ 5, "Unrecognized next header type by intermediate node" },
	{ 6, "Extension header too big" },		/* RFC 8883 */
	{ 7, "Extension header chain too long" },
	{ 8, "Too many extension headers" },
	{ 9, "Too many options in extension header" },
	{ 10, "Option too big" },
	{ 0, NULL },
};

static int
icmp6_is_error(uint8_t type)
{
	return type >= ICMP6_DST_UNREACH && type <= ICMP6_PARAM_PROB;
}

static const struct tok *
icmp6_code_table(uint8_t type)
{
	switch (type) {
	case ICMP6_DST_UNREACH:
		return icmp6_unreach_codes;
	case ICMP6_TIME_EXCEEDED:
		return icmp6_timxceed_codes;
	case ICMP6_PARAM_PROB:
		return icmp6_paramprob_codes;
	default:
		return NULL;
	}
}

static void
icmp6_check(struct dctx *ctx, const struct layer *ip, struct cursor whole,
    struct icmp_info *ic)
{
	size_t n = cur_left(&whole);
	const uint8_t *p;
	uint64_t sum = 0;

	if (ip == NULL || ip->proto != PROTO_IPV6 || cksum_ip_partial(ip))
		return;			/* no IPv6 header, or only a fragment */
	/* pseudo-header: src, dst, 32-bit length, 3 zero bytes, 58 */
	if (!cksum_pseudo(ip, IPPROTO_ICMPV6_NUM, (uint32_t)n, &sum))
		return;
	if ((p = cur_bytes(&whole, n)) == NULL)
		return;			/* not captured whole */
	sum = cksum_add(p, n, sum);
	ic->cksum_calc = (uint16_t)~cksum_fold(sum - ic->cksum);
	if (cksum_fold(sum) == 0xffff) {
		ic->cksum_status = L4CK_GOOD;
		return;
	}
	ic->cksum_status = L4CK_BAD;
	dctx_anomaly(ctx, "icmpv6.bad_checksum", AK_NOTE,
	    "checksum 0x%04x, should be 0x%04x", ic->cksum, ic->cksum_calc);
}

static void
icmp6_quote_cut(struct dctx *ctx, const struct cursor *q, const char *what)
{
	size_t n = q->lim;	/* q is rebased: lim is the quote's length */

	if (cur_err(q) == CUR_TRUNCATED)
		dctx_anomaly(ctx, "icmpv6.quote_truncated", AK_NOTE,
		    "quoted packet cut by the capture before its %s", what);
	else
		dctx_anomaly(ctx, "icmpv6.quote_truncated", AK_NOTE,
		    "the message quotes only %zu bytes, not its %s", n, what);
}

/*
 * Decode the quoted IPv6 header, skip its extension headers, find the
 * ports.  q is rebased to the quote's first byte.  Fills what is there.
 */
static void
icmp6_quote(struct dctx *ctx, struct cursor q, struct icmp_info *ic)
{
	uint32_t vtf;
	uint8_t nh, b = 0, len;
	uint16_t plen;
	uint16_t fo;
	unsigned n;

	vtf = cur_u32(&q);
	if (!cur_ok(&q)) {
		icmp6_quote_cut(ctx, &q, "IPv6 header");
		return;
	}
	if (vtf >> 28 != 6) {
		dctx_anomaly(ctx, "icmpv6.bad_quote", AK_NOTE,
		    "quoted packet has IP version %u, not 6", vtf >> 28);
		return;
	}
	plen = cur_u16(&q);
	nh = cur_u8(&q);
	cur_skip(&q, 1);		/* hop limit */
	ic->q_src.af = 6;
	cur_copy(&q, ic->q_src.a, 16);
	ic->q_dst.af = 6;
	cur_copy(&q, ic->q_dst.a, 16);
	if (!cur_ok(&q)) {
		memset(&ic->q_src, 0, sizeof(ic->q_src));
		memset(&ic->q_dst, 0, sizeof(ic->q_dst));
		icmp6_quote_cut(ctx, &q, "addresses");
		return;
	}
	/* the quoted packet's whole length, header included */
	ic->q_len = (uint16_t)(plen <= 0xffff - 40 ? plen + 40 : 0xffff);
	ic->quoted = 1;
	ic->q_proto = nh;
	for (n = 0; n < ICMP6_MAX_QEXT; n++) {
		switch (nh) {
		case 0:		/* Hop-by-Hop Options */
		case 43:	/* Routing */
		case 60:	/* Destination Options */
			b = cur_u8(&q);
			len = cur_u8(&q);
			cur_skip(&q, (size_t)len * 8 + 6);
			break;
		case 44:	/* Fragment */
			b = cur_u8(&q);
			cur_skip(&q, 1);
			fo = cur_u16(&q);
			cur_skip(&q, 4);
			if (cur_ok(&q) && (fo >> 3) != 0)
				ic->q_frag = 1;
			break;
		case 51:	/* AH: length in 4-octet units minus 2 */
			b = cur_u8(&q);
			len = cur_u8(&q);
			cur_skip(&q, (size_t)len * 4 + 6);
			break;
		default:
			goto upper;
		}
		if (!cur_ok(&q)) {
			icmp6_quote_cut(ctx, &q, "extension headers");
			return;
		}
		nh = b;
		ic->q_proto = nh;
		if (ic->q_frag)
			return;		/* a later fragment: no ports */
	}
	dctx_anomaly(ctx, "icmpv6.bad_quote", AK_NOTE,
	    "more than %d extension headers in the quote", ICMP6_MAX_QEXT);
	return;
upper:
	if (nh != 17 && nh != 6)
		return;
	ic->q_sport = cur_u16(&q);
	ic->q_dport = cur_u16(&q);
	if (!cur_ok(&q)) {
		ic->q_sport = ic->q_dport = 0;
		icmp6_quote_cut(ctx, &q, "ports");
		return;
	}
	ic->q_ports = 1;
}

static void
icmp6_emit(struct dctx *ctx, struct layer *l)
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

static void
icmp6_addr(struct cursor *c, struct ts_addr *a)
{
	if (cur_copy(c, a->a, 16))
		a->af = 6;
}

static enum dstatus
icmp6_dissect(struct dctx *ctx, struct cursor *c, struct layer *l)
{
	struct icmp_info *ic = &l->u.icmp;
	const struct cursor whole = *c;
	enum dstatus st;

	ic->type = cur_u8(c);
	ic->code = cur_u8(c);
	ic->cksum = cur_u16(c);
	if ((st = dctx_cur_status(ctx, c, "icmpv6")) != DS_OK)
		return st;
	/* the checksum covers the whole message, whatever its body says */
	icmp6_check(ctx, cksum_enclosing_ip(ctx), whole, ic);

	switch (ic->type) {
	case ICMP6_DST_UNREACH:
	case ICMP6_TIME_EXCEEDED:
		cur_skip(c, 4);			/* unused */
		break;
	case ICMP6_PACKET_TOO_BIG:
		ic->mtu = cur_u32(c);
		break;
	case ICMP6_PARAM_PROB:
		ic->pointer = cur_u32(c);
		break;
	case ICMP6_ECHO_REQUEST:
	case ICMP6_ECHO_REPLY:
		ic->id = cur_u16(c);
		ic->seq = cur_u16(c);
		break;
	case ICMP6_MLD_QUERY:
	case ICMP6_MLD_REPORT:
	case ICMP6_MLD_DONE:
		cur_skip(c, 4);			/* max delay, reserved */
		icmp6_addr(c, &ic->target);	/* multicast address */
		break;
	case ICMP6_ND_NS:
		cur_skip(c, 4);			/* reserved */
		icmp6_addr(c, &ic->target);
		break;
	case ICMP6_ND_NA:
		ic->nd_flags = cur_u8(c) & 0xe0;
		cur_skip(c, 3);
		icmp6_addr(c, &ic->target);
		break;
	case ICMP6_ND_REDIRECT:
		cur_skip(c, 4);
		icmp6_addr(c, &ic->target);
		icmp6_addr(c, &ic->nd_dst);
		break;
	default:
		break;
	}
	if ((st = dctx_cur_status(ctx, c, "icmpv6")) != DS_OK)
		return st;
	if (icmp6_is_error(ic->type)) {
		icmp6_quote(ctx, cur_rebase(c), ic);
		l->status = DS_OK;
		icmp6_emit(ctx, l);
	}
	cur_skip_uncaptured(c, cur_left(c));	/* options, quote: ours */
	return DS_OK;
}

static void
icmp6_addr_text(struct textbuf *tb, const struct ts_addr *a, int port,
    uint16_t p)
{
	if (port) {
		tb_putc(tb, '[');
		tb_ip6(tb, a->a);
		tb_printf(tb, "]:%u", p);
	} else
		tb_ip6(tb, a->a);
}

/* " quoting UDP [2001:db8::1]:1701 > [2001:db8::2]:1701" */
static void
icmp6_quote_text(struct textbuf *tb, const struct icmp_info *ic)
{
	const char *pn;

	if (!ic->quoted)
		return;
	pn = tok_name(ip_proto_names, ic->q_proto, NULL);
	if (pn != NULL)
		tb_printf(tb, " quoting %s ", pn);
	else
		tb_printf(tb, " quoting proto %u ", ic->q_proto);
	icmp6_addr_text(tb, &ic->q_src, ic->q_ports, ic->q_sport);
	tb_puts(tb, " > ");
	icmp6_addr_text(tb, &ic->q_dst, ic->q_ports, ic->q_dport);
}

static void
icmp6_na_flags(struct textbuf *tb, uint8_t f)
{
	const char *sep = "";

	if (f == 0)
		return;
	tb_puts(tb, " (");
	if (f & 0x80) {
		tb_puts(tb, "rtr");
		sep = ", ";
	}
	if (f & 0x40) {
		tb_printf(tb, "%ssol", sep);
		sep = ", ";
	}
	if (f & 0x20)
		tb_printf(tb, "%sovr", sep);
	tb_putc(tb, ')');
}

static void
icmp6_info(const struct layer *l, struct textbuf *tb)
{
	const struct icmp_info *ic = &l->u.icmp;
	const struct tok *codes = icmp6_code_table(ic->type);
	const char *tn = tok_name(icmp6_types, ic->type, NULL);

	if (tn != NULL)
		tb_puts(tb, tn);
	else
		tb_printf(tb, "unknown (%u)", ic->type);
	if (codes != NULL)
		tb_printf(tb, ": %s (%u/%u)", tok_name(codes, ic->code,
		    "unknown code"), ic->type, ic->code);
	else if (ic->code != 0 || tn == NULL)
		tb_printf(tb, " code %u", ic->code);
	switch (ic->type) {
	case ICMP6_PACKET_TOO_BIG:
		tb_printf(tb, " mtu=%u", ic->mtu);
		break;
	case ICMP6_PARAM_PROB:
		tb_printf(tb, " pointer=%u", ic->pointer);
		break;
	case ICMP6_ECHO_REQUEST:
	case ICMP6_ECHO_REPLY:
		tb_printf(tb, " id=0x%04x seq=%u", ic->id, ic->seq);
		break;
	case ICMP6_ND_NS:
		if (ic->target.af) {
			tb_puts(tb, " for ");
			tb_ip6(tb, ic->target.a);
		}
		break;
	case ICMP6_ND_NA:
		if (ic->target.af) {
			tb_putc(tb, ' ');
			tb_ip6(tb, ic->target.a);
		}
		icmp6_na_flags(tb, ic->nd_flags);
		break;
	case ICMP6_ND_REDIRECT:
		if (ic->nd_dst.af && ic->target.af) {
			tb_puts(tb, " ");
			tb_ip6(tb, ic->nd_dst.a);
			tb_puts(tb, " via ");
			tb_ip6(tb, ic->target.a);
		}
		break;
	case ICMP6_MLD_QUERY:
	case ICMP6_MLD_REPORT:
	case ICMP6_MLD_DONE:
		if (ic->target.af) {
			tb_putc(tb, ' ');
			tb_ip6(tb, ic->target.a);
		}
		break;
	default:
		break;
	}
	icmp6_quote_text(tb, ic);
}

static void
icmp6_detail(const struct layer *l, struct textbuf *tb)
{
	const struct icmp_info *ic = &l->u.icmp;
	const struct tok *codes = icmp6_code_table(ic->type);

	tb_puts(tb, "  ICMPv6 type ");
	tb_tok(tb, icmp6_types, ic->type);
	tb_puts(tb, ", code ");
	if (codes != NULL)
		tb_tok(tb, codes, ic->code);
	else
		tb_printf(tb, "%u", ic->code);
	tb_printf(tb, ", checksum 0x%04x", ic->cksum);
	cksum_status_text(tb, ic->cksum_status, ic->cksum_calc);
	tb_putc(tb, '\n');
	if (ic->type == ICMP6_PACKET_TOO_BIG)
		tb_printf(tb, "  MTU %u\n", ic->mtu);
	if (ic->type == ICMP6_PARAM_PROB)
		tb_printf(tb, "  pointer %u\n", ic->pointer);
	if (ic->type == ICMP6_ECHO_REQUEST || ic->type == ICMP6_ECHO_REPLY)
		tb_printf(tb, "  identifier 0x%04x, sequence %u\n", ic->id,
		    ic->seq);
	if (ic->target.af) {
		tb_puts(tb, ic->type >= ICMP6_MLD_QUERY &&
		    ic->type <= ICMP6_MLD_DONE ? "  multicast address " :
		    "  target ");
		tb_ip6(tb, ic->target.a);
		if (ic->type == ICMP6_ND_NA)
			tb_printf(tb, ", flags 0x%02x", ic->nd_flags);
		tb_putc(tb, '\n');
	}
	if (ic->nd_dst.af) {
		tb_puts(tb, "  destination ");
		tb_ip6(tb, ic->nd_dst.a);
		tb_putc(tb, '\n');
	}
	if (ic->quoted) {
		tb_puts(tb, "  quoted IPv6 ");
		tb_ip6(tb, ic->q_src.a);
		tb_puts(tb, " > ");
		tb_ip6(tb, ic->q_dst.a);
		tb_puts(tb, ", next header ");
		tb_tok(tb, ip_proto_names, ic->q_proto);
		tb_printf(tb, ", length %u", ic->q_len);
		if (ic->q_frag)
			tb_puts(tb, ", non-first fragment");
		if (ic->q_ports)
			tb_printf(tb, ", ports %u > %u", ic->q_sport,
			    ic->q_dport);
		tb_putc(tb, '\n');
	}
}

static const struct dreg icmp6_regs[] = {
	{ DT_IPPROTO, IPPROTO_ICMPV6_NUM },
};

const struct dissector dissector_icmpv6 = {
	.name = "icmpv6",
	.display = "ICMPv6",
	.proto = PROTO_ICMPV6,
	.role = 0,
	.regs = icmp6_regs,
	.nregs = sizeof(icmp6_regs) / sizeof(icmp6_regs[0]),
	.dissect = icmp6_dissect,
	.info = icmp6_info,
	.detail = icmp6_detail,
	.endpoints = NULL,
};
