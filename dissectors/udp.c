/* udp.c - User Datagram Protocol (RFC 768; IPv6 checksum RFC 8200 §8.1).
 *
 * Anomalies (stable names):
 *   udp.truncated          the 8-byte header was cut by the capture
 *   udp.malformed          the IP payload is shorter than the 8-byte header
 *   udp.bad_length         Length < 8, or Length > the IP payload (not a
 *                          fragment): the sender lies; payload not handed on.
 *                          Length 0 is also what an RFC 2675 jumbogram
 *                          carries; jumbograms are not supported
 *   udp.trailing_bytes     (note) Length < the IP payload: the datagram ends
 *                          at Length; the surplus bytes are not payload.  Not
 *                          malformed: RFC 768 does not forbid it and UDP
 *                          Options (draft-ietf-tsvwg-udp-options) put data
 *                          there on purpose
 *   udp.bad_checksum       (note) checksum wrong.  A note, not malformed, and
 *                          the payload is still dissected: captures taken on
 *                          the sending host carry partial checksums when the
 *                          NIC offloads them (the detail says so when the
 *                          field holds exactly the pseudo-header sum)
 *   udp.zero_checksum_ipv6 (note) checksum 0 over IPv6: forbidden by RFC 8200
 *                          §8.1 except for tunnels under RFC 6935/6936
 *
 * The checksum is verified only when the whole datagram was captured and the
 * enclosing IP layer is known (the last IPv4/IPv6 layer before this one), is
 * not an unreassembled fragment, and carries no IPv4 options / IPv6 Routing
 * header (their final destination would be needed).  Checksum 0 over IPv4
 * means "none computed" (L4CK_NONE); whether that matters (L2TP control,
 * RFC 3931 §4.1.2.3) is for the payload's dissector to say.
 *
 * The payload is handed on by port, lower port tried first (DT_UDP_PORT),
 * only when it is not empty.
 */
#include <stddef.h>
#include <stdint.h>

#include "cksum.h"
#include "dissect.h"
#include "l2tp_conv.h"
#include "textbuf.h"

#define UDP_HLEN	8
#define IPPROTO_UDP_NUM	17

static void
udp_check(struct dctx *ctx, const struct layer *ip, struct cursor whole,
    struct udp_info *u)
{
	const uint8_t *p;
	uint64_t ph = 0, sum;
	uint16_t phs, phn;

	if (!cksum_pseudo(ip, IPPROTO_UDP_NUM, u->len, &ph))
		return;
	if ((p = cur_bytes(&whole, u->len)) == NULL)
		return;			/* not captured whole */
	/* + 0xffff (one's-complement zero): the value stays above the
	 * checksum field subtracted below, the folds are unchanged */
	sum = ph + cksum_data(p, u->len) + 0xffff;
	/* the expected value: the sum with the checksum field left out */
	u->cksum_calc = (uint16_t)~cksum_fold(sum - u->cksum);
	if (u->cksum_calc == 0)
		u->cksum_calc = 0xffff;	/* RFC 768: 0 is sent as all ones */
	if (cksum_fold(sum) == 0xffff) {
		u->cksum_status = L4CK_GOOD;
		return;
	}
	u->cksum_status = L4CK_BAD;
	phs = cksum_fold(ph);
	phn = (uint16_t)~phs;
	if (u->cksum == phs || u->cksum == phn)
		dctx_anomaly(ctx, "udp.bad_checksum", AK_NOTE, "checksum 0x%04x,"
		    " should be 0x%04x (pseudo-header sum only: checksum "
		    "offload on the capturing host)", u->cksum, u->cksum_calc);
	else
		dctx_anomaly(ctx, "udp.bad_checksum", AK_NOTE,
		    "checksum 0x%04x, should be 0x%04x", u->cksum,
		    u->cksum_calc);
}

static enum dstatus
udp_dissect(struct dctx *ctx, struct cursor *c, struct layer *l)
{
	struct udp_info *u = &l->u.udp;
	const struct layer *ip = cksum_enclosing_ip(ctx);
	const struct cursor whole = *c;
	size_t iplen = cur_left(c);
	int partial = cksum_ip_partial(ip);
	struct cursor payload;
	enum dstatus st;
	uint16_t lo, hi;

	u->sport = cur_u16(c);
	u->dport = cur_u16(c);
	u->len = cur_u16(c);
	u->cksum = cur_u16(c);
	if ((st = dctx_cur_status(ctx, c, "udp")) != DS_OK)
		return st;
	if (u->cksum == 0)
		u->cksum_status = L4CK_NONE;	/* whatever the length says */
	if (u->len < UDP_HLEN) {
		dctx_anomaly(ctx, "udp.bad_length", AK_MALFORMED,
		    "length %u is less than the 8-byte header", u->len);
		return DS_MALFORMED;
	}
	u->payload_len = (uint16_t)(u->len - UDP_HLEN);	/* as claimed */
	if (u->len > iplen && !partial) {
		dctx_anomaly(ctx, "udp.bad_length", AK_MALFORMED,
		    "length %u exceeds the IP payload of %zu bytes", u->len,
		    iplen);
		return DS_MALFORMED;
	}
	if (u->len < iplen) {
		u->trailing = (uint16_t)(iplen - u->len);
		dctx_anomaly(ctx, "udp.trailing_bytes", AK_NOTE,
		    "length %u, IP payload %zu: %u bytes after the datagram",
		    u->len, iplen, u->trailing);
		cur_limit(c, u->len - UDP_HLEN);
		l->len = u->len;	/* the layer ends where UDP says */
		if (l->cap > l->len)
			l->cap = l->len;
	}

	if (u->cksum == 0) {
		if (ip != NULL && ip->proto == PROTO_IPV6)
			dctx_anomaly(ctx, "udp.zero_checksum_ipv6", AK_NOTE,
			    "no checksum over IPv6 (RFC 8200 s.8.1; allowed "
			    "only for tunnels, RFC 6935)");
	} else if (!partial)
		udp_check(ctx, ip, whole, u);

	/* A first fragment's payload is incomplete: nothing to hand on. */
	if (partial || u->payload_len == 0)
		return DS_OK;
	payload = cur_rest(c);
	lo = u->sport < u->dport ? u->sport : u->dport;
	hi = u->sport < u->dport ? u->dport : u->sport;
	/* L2TP (added by the l2tp owner): an L2TP responder may answer
	 * from a port other than 1701 (RFC 3931 §4.1.2.2); l2tp_conv learned
	 * the pair from the SCCRQ/SCCRP exchange. */
	if (ctx->l2tp != NULL && lo != 1701 && l2tp_conv_udp_known(ctx->l2tp,
	    ctx->pkt, ctx->cur_layer, u->sport, u->dport))
		lo = hi = 1701;
	dctx_next2(ctx, DT_UDP_PORT, lo, hi, &payload);
	return DS_OK;
}

static void
udp_info(const struct layer *l, struct textbuf *tb)
{
	const struct udp_info *u = &l->u.udp;

	tb_printf(tb, "%u > %u len=%u", u->sport, u->dport, u->payload_len);
}

static void
udp_cksum_text(struct textbuf *tb, uint8_t status, uint16_t cksum,
    uint16_t calc)
{
	tb_printf(tb, "0x%04x", cksum);
	cksum_status_text(tb, status, calc);
}

static void
udp_detail(const struct layer *l, struct textbuf *tb)
{
	const struct udp_info *u = &l->u.udp;

	tb_printf(tb, "  UDP src port %u, dst port %u, length %u (payload %u)"
	    ", checksum ", u->sport, u->dport, u->len, u->payload_len);
	udp_cksum_text(tb, u->cksum_status, u->cksum, u->cksum_calc);
	tb_putc(tb, '\n');
	if (u->trailing)
		tb_printf(tb, "  %u bytes after the datagram's length\n",
		    u->trailing);
}

static void
udp_endpoints(const struct layer *l, struct textbuf *src, struct textbuf *dst)
{
	tb_uint(src, l->u.udp.sport);
	tb_uint(dst, l->u.udp.dport);
}

static const struct dreg udp_regs[] = {
	{ DT_IPPROTO, IPPROTO_UDP_NUM },
};

const struct dissector dissector_udp = {
	.name = "udp",
	.display = "UDP",
	.proto = PROTO_UDP,
	.role = DR_TRANSPORT,
	.regs = udp_regs,
	.nregs = sizeof(udp_regs) / sizeof(udp_regs[0]),
	.dissect = udp_dissect,
	.info = udp_info,
	.detail = udp_detail,
	.endpoints = udp_endpoints,
};
