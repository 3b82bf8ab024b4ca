/* null.c - BSD loopback headers: NULL (link type 0) and OpenBSD LOOP (108), pcap-linktype(7).
 *
 * A 4-byte address family, then the packet.  NULL stores the family in
 * the byte order of the host that wrote the capture, so both orders are
 * accepted (no family value has bits in the upper 16); LOOP stores it in
 * network order.  AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD,
 * OpenBSD, BSD/OS), 28 (FreeBSD, DragonFly) or 30 (macOS).  Other
 * families are left as data.
 *
 * Anomalies:
 *   null.truncated, loop.truncated   capture ends inside the 4 bytes
 *   null.malformed, loop.malformed   the frame is shorter than 4 bytes
 */
#include "dissect.h"
#include "textbuf.h"

#define NULL_KEY_NONE	0x10000u	/* no EtherType: payload is data */

static const struct tok null_families[] = {
	{ 2, "IPv4" },
	{ 24, "IPv6" },
	{ 28, "IPv6" },
	{ 30, "IPv6" },
	{ 0, NULL }
};

static void
null_next(struct dctx *ctx, struct cursor *c, uint32_t family)
{
	struct cursor pay = cur_rest(c);
	uint32_t key = NULL_KEY_NONE;

	if (family == 2)
		key = 0x0800;
	else if (family == 24 || family == 28 || family == 30)
		key = 0x86dd;
	dctx_next(ctx, DT_ETHERTYPE, key, &pay);
}

static enum dstatus
null_dissect(struct dctx *ctx, struct cursor *c, struct layer *l)
{
	uint32_t v = cur_u32(c);
	enum dstatus st;

	if ((st = dctx_cur_status(ctx, c, "null")) != DS_OK)
		return st;
	/* Written little-endian: the small value sits in the top bytes. */
	if ((v & 0xffff0000u) != 0)
		v = (v >> 24) | (v >> 8 & 0xff00u) | (v << 8 & 0xff0000u) |
		    v << 24;
	l->u.null.family = v;
	null_next(ctx, c, v);
	return DS_OK;
}

static enum dstatus
loop_dissect(struct dctx *ctx, struct cursor *c, struct layer *l)
{
	enum dstatus st;

	l->u.null.family = cur_u32(c);
	if ((st = dctx_cur_status(ctx, c, "loop")) != DS_OK)
		return st;
	null_next(ctx, c, l->u.null.family);
	return DS_OK;
}

static void
null_info(const struct layer *l, struct textbuf *tb)
{
	tb_printf(tb, "family %u (%s)", l->u.null.family,
	    tok_name(null_families, l->u.null.family, "unknown"));
}

static void
null_detail(const struct layer *l, struct textbuf *tb)
{
	tb_printf(tb, "  %s: family=%u (%s)\n", l->d->display,
	    l->u.null.family,
	    tok_name(null_families, l->u.null.family, "unknown"));
}

static const struct dreg null_regs[] = {
	{ DT_LINKTYPE, TS_LINKTYPE_NULL },
};

static const struct dreg loop_regs[] = {
	{ DT_LINKTYPE, TS_LINKTYPE_LOOP },
};

const struct dissector dissector_null = {
	.name = "null",
	.display = "Null",
	.proto = PROTO_NULL,
	.regs = null_regs,
	.nregs = 1,
	.dissect = null_dissect,
	.info = null_info,
	.detail = null_detail,
};

const struct dissector dissector_loop = {
	.name = "loop",
	.display = "Loop",
	.proto = PROTO_NULL,
	.regs = loop_regs,
	.nregs = 1,
	.dissect = loop_dissect,
	.info = null_info,
	.detail = null_detail,
};
