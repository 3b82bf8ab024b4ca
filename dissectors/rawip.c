/* rawip.c - raw IP link types 101 (LINKTYPE_RAW), 12 and 14 (DLT_RAW on BSDs), pcap-linktype(7).
 *
 * No link header: the version nibble of the first byte says IPv4 or IPv6
 * and the IP dissector takes the layer over (the layer becomes an IPv4 or
 * IPv6 layer, there is no raw layer of its own).  Link types 228 and 229
 * are registered by the IPv4 and IPv6 dissectors themselves.  Any other
 * version leaves the packet as data.
 *
 * Anomalies:
 *   rawip.truncated   nothing of the packet was captured
 *   rawip.malformed   an empty packet
 *   rawip.bad_version the version nibble is neither 4 nor 6
 */
#include <string.h>

#include "dissect.h"
#include "textbuf.h"

static enum dstatus
rawip_dissect(struct dctx *ctx, struct cursor *c, struct layer *l)
{
	const struct dissector *ip = NULL;
	struct cursor t = *c;
	uint8_t b = cur_u8(&t);
	enum dstatus st;

	l->u.data.len = (uint32_t)cur_left(c);
	if ((st = dctx_cur_status(ctx, &t, "rawip")) != DS_OK)
		return st;
	if (b >> 4 == 4)
		ip = registry_find(ctx->prefs, DT_ETHERTYPE, 0x0800);
	else if (b >> 4 == 6)
		ip = registry_find(ctx->prefs, DT_ETHERTYPE, 0x86dd);
	if (ip == NULL) {
		dctx_anomaly(ctx, "rawip.bad_version", AK_MALFORMED, "IP "
		    "version %u on a raw IP link: left as data", b >> 4);
		return DS_NOT_MINE;
	}
	memset(&l->u, 0, sizeof(l->u));
	l->proto = ip->proto;
	l->d = ip;
	return ip->dissect(ctx, c, l);
}

static void
rawip_info(const struct layer *l, struct textbuf *tb)
{
	tb_printf(tb, "raw packet, %u bytes", l->u.data.len);
}

static const struct dreg rawip_regs[] = {
	{ DT_LINKTYPE, TS_LINKTYPE_RAW },
	{ DT_LINKTYPE, TS_DLT_RAW_BSD },
	{ DT_LINKTYPE, TS_DLT_RAW_OPENBSD },
};

const struct dissector dissector_rawip = {
	.name = "rawip",
	.display = "Raw",
	.proto = PROTO_DATA,
	.regs = rawip_regs,
	.nregs = sizeof(rawip_regs) / sizeof(rawip_regs[0]),
	.dissect = rawip_dissect,
	.info = rawip_info,
};
