/* sll.c - Linux "cooked" capture headers SLL (link type 113) and SLL2 (276), pcap-linktype(7).
 *
 * SLL, 16 bytes: packet type, ARPHRD_ type, address length, 8 address
 * bytes, protocol.  SLL2, 20 bytes: protocol, reserved, interface index,
 * ARPHRD_ type, packet type (1 byte), address length (1 byte), 8 address
 * bytes.  All fields in network byte order.  The protocol is an EtherType
 * except for a few small values (802.3, 802.2 LLC, CAN ...) and netlink
 * captures: those payloads are left as data.  Two descriptors, one file:
 * the two headers differ only in layout.
 *
 * Anomalies:
 *   sll.truncated, sll2.truncated   capture ends inside the header
 *   sll.malformed, sll2.malformed   the frame is shorter than the header
 *   sll.long_addr, sll2.long_addr   address length over 8 (note: only 8 kept)
 */
#include "dissect.h"
#include "textbuf.h"

#define SLL_KEY_NONE	0x10000u	/* no EtherType: payload is data */
#define ARPHRD_NETLINK	824

static const struct tok sll_pkttypes[] = {
	{ 0, "host" },
	{ 1, "broadcast" },
	{ 2, "multicast" },
	{ 3, "otherhost" },
	{ 4, "outgoing" },
	{ 0, NULL }
};

/* Hand on by protocol, or as data when it is not an EtherType. */
static void
sll_next(struct dctx *ctx, struct cursor *c, const struct sll_info *s)
{
	struct cursor pay = cur_rest(c);
	uint32_t key = s->protocol;

	if (s->protocol < 0x0600 || s->hatype == ARPHRD_NETLINK)
		key = SLL_KEY_NONE;
	dctx_next(ctx, DT_ETHERTYPE, key, &pay);
}

static void
sll_addr(struct dctx *ctx, struct cursor *c, struct sll_info *s,
    unsigned halen, const char *anom)
{
	s->halen = (uint8_t)(halen > 255 ? 255 : halen);
	cur_copy(c, s->addr, sizeof(s->addr));
	if (cur_ok(c) && halen > sizeof(s->addr))
		dctx_anomaly(ctx, anom, AK_NOTE, "link address length %u: "
		    "only 8 bytes are in the header", halen);
}

static enum dstatus
sll_dissect(struct dctx *ctx, struct cursor *c, struct layer *l)
{
	struct sll_info *s = &l->u.sll;
	unsigned halen;
	enum dstatus st;

	s->pkttype = cur_u16(c);
	s->hatype = cur_u16(c);
	halen = cur_u16(c);
	sll_addr(ctx, c, s, halen, "sll.long_addr");
	s->protocol = cur_u16(c);
	if ((st = dctx_cur_status(ctx, c, "sll")) != DS_OK)
		return st;
	sll_next(ctx, c, s);
	return DS_OK;
}

static enum dstatus
sll2_dissect(struct dctx *ctx, struct cursor *c, struct layer *l)
{
	struct sll_info *s = &l->u.sll;
	unsigned halen;
	enum dstatus st;

	s->protocol = cur_u16(c);
	cur_skip(c, 2);			/* reserved (MBZ) */
	s->ifindex = cur_u32(c);
	s->hatype = cur_u16(c);
	s->pkttype = cur_u8(c);
	halen = cur_u8(c);
	sll_addr(ctx, c, s, halen, "sll2.long_addr");
	if ((st = dctx_cur_status(ctx, c, "sll2")) != DS_OK)
		return st;
	sll_next(ctx, c, s);
	return DS_OK;
}

static void
sll_addr_text(const struct sll_info *s, struct textbuf *tb)
{
	unsigned i, n = s->halen < 8 ? s->halen : 8;

	for (i = 0; i < n; i++)
		tb_printf(tb, "%s%02x", i ? ":" : "", s->addr[i]);
	if (n == 0)
		tb_puts(tb, "-");
}

static void
sll_info(const struct layer *l, struct textbuf *tb)
{
	const struct sll_info *s = &l->u.sll;

	tb_printf(tb, "%s, protocol 0x%04x",
	    tok_name(sll_pkttypes, s->pkttype, "unknown"), s->protocol);
}

static void
sll_detail(const struct layer *l, struct textbuf *tb)
{
	const struct sll_info *s = &l->u.sll;

	tb_printf(tb, "  %s: pkttype=%u (%s) hatype=%u halen=%u addr=",
	    l->proto == PROTO_SLL2 ? "SLL2" : "SLL", s->pkttype,
	    tok_name(sll_pkttypes, s->pkttype, "unknown"), s->hatype,
	    s->halen);
	sll_addr_text(s, tb);
	if (l->proto == PROTO_SLL2)
		tb_printf(tb, " ifindex=%u", s->ifindex);
	tb_printf(tb, " protocol=0x%04x\n", s->protocol);
}

static const struct dreg sll_regs[] = {
	{ DT_LINKTYPE, TS_LINKTYPE_LINUX_SLL },
};

static const struct dreg sll2_regs[] = {
	{ DT_LINKTYPE, TS_LINKTYPE_LINUX_SLL2 },
};

const struct dissector dissector_sll = {
	.name = "sll",
	.display = "SLL",
	.proto = PROTO_SLL,
	.regs = sll_regs,
	.nregs = 1,
	.dissect = sll_dissect,
	.info = sll_info,
	.detail = sll_detail,
};

const struct dissector dissector_sll2 = {
	.name = "sll2",
	.display = "SLL2",
	.proto = PROTO_SLL2,
	.regs = sll2_regs,
	.nregs = 1,
	.dissect = sll2_dissect,
	.info = sll_info,
	.detail = sll_detail,
};
