/* arp.c - Address Resolution Protocol (RFC 826), Ethernet/IPv4 decoded fully.
 *
 * Fixed part: hardware type, protocol type, hardware and protocol address
 * lengths, opcode; then sender and target addresses of those lengths.
 * Anything after 8 + 2*hlen + 2*plen bytes is link padding.  Requests and
 * replies are reported to the trackers (EV_ARP): they show which hosts
 * live on which segment.
 *
 * Anomalies:
 *   arp.truncated     capture ends inside the packet
 *   arp.malformed     the frame ends before the addresses do
 *   arp.bad_lengths   Ethernet/IPv4 types with lengths other than 6 and 4
 */
#include "dissect.h"
#include "event.h"
#include "textbuf.h"

#define ARP_HTYPE_ETH	1
#define ARP_PTYPE_IPV4	0x0800

static const struct tok arp_ops[] = {
	{ 1, "request" },
	{ 2, "reply" },
	{ 3, "reverse request" },
	{ 4, "reverse reply" },
	{ 8, "inverse request" },
	{ 9, "inverse reply" },
	{ 0, NULL }
};

static enum dstatus
arp_dissect(struct dctx *ctx, struct cursor *c, struct layer *l)
{
	struct arp_info *a = &l->u.arp;
	struct event ev;
	enum dstatus st;
	int eth_ipv4;

	a->htype = cur_u16(c);
	a->ptype = cur_u16(c);
	a->hlen = cur_u8(c);
	a->plen = cur_u8(c);
	a->op = cur_u16(c);
	if ((st = dctx_cur_status(ctx, c, "arp")) != DS_OK)
		return st;
	eth_ipv4 = a->htype == ARP_HTYPE_ETH && a->ptype == ARP_PTYPE_IPV4;
	if (eth_ipv4 && (a->hlen != 6 || a->plen != 4)) {
		dctx_anomaly(ctx, "arp.bad_lengths", AK_MALFORMED, "Ethernet/"
		    "IPv4 ARP with hlen %u plen %u (want 6 and 4)", a->hlen,
		    a->plen);
		eth_ipv4 = 0;
	}
	if (eth_ipv4) {
		cur_copy(c, a->sha, 6);
		a->spa = cur_u32(c);
		cur_copy(c, a->tha, 6);
		a->tpa = cur_u32(c);
	} else
		cur_skip(c, 2u * a->hlen + 2u * a->plen);
	if ((st = dctx_cur_status(ctx, c, "arp")) != DS_OK)
		return st;
	a->eth_ipv4 = (uint8_t)eth_ipv4;
	l->len = (uint32_t)cur_pos(c) - l->off;	/* the rest is padding */
	if (l->cap > l->len)
		l->cap = l->len;
	if (a->op == 1 || a->op == 2) {
		ev = (struct event){ .kind = EV_ARP, .depth = ctx->depth,
		    .vantage = ctx->frame->vantage, .frame = ctx->frame->number,
		    .ts_ns = ctx->frame->ts_ns, .pkt = ctx->pkt, .layer = l };
		dctx_emit(ctx, &ev);
	}
	return DS_OK;
}

static void
arp_info(const struct layer *l, struct textbuf *tb)
{
	const struct arp_info *a = &l->u.arp;

	if (!a->eth_ipv4) {
		tb_printf(tb, "htype %u ptype 0x%04x op %u (%s)", a->htype,
		    a->ptype, a->op, tok_name(arp_ops, a->op, "unknown"));
		return;
	}
	switch (a->op) {
	case 1:
		tb_puts(tb, "who-has ");
		tb_ip4(tb, a->tpa);
		tb_puts(tb, " tell ");
		tb_ip4(tb, a->spa);
		break;
	case 2:
		tb_ip4(tb, a->spa);
		tb_puts(tb, " is-at ");
		tb_mac(tb, a->sha);
		break;
	default:
		tb_printf(tb, "op %u (%s) ", a->op,
		    tok_name(arp_ops, a->op, "unknown"));
		tb_ip4(tb, a->spa);
		tb_puts(tb, " > ");
		tb_ip4(tb, a->tpa);
		break;
	}
}

static void
arp_detail(const struct layer *l, struct textbuf *tb)
{
	const struct arp_info *a = &l->u.arp;

	tb_printf(tb, "  ARP: htype=%u ptype=0x%04x hlen=%u plen=%u op=%u (%s)",
	    a->htype, a->ptype, a->hlen, a->plen, a->op,
	    tok_name(arp_ops, a->op, "unknown"));
	if (a->eth_ipv4) {
		tb_puts(tb, " sha=");
		tb_mac(tb, a->sha);
		tb_puts(tb, " spa=");
		tb_ip4(tb, a->spa);
		tb_puts(tb, " tha=");
		tb_mac(tb, a->tha);
		tb_puts(tb, " tpa=");
		tb_ip4(tb, a->tpa);
	}
	tb_putc(tb, '\n');
}

static void
arp_endpoints(const struct layer *l, struct textbuf *src, struct textbuf *dst)
{
	if (!l->u.arp.eth_ipv4)
		return;
	tb_ip4(src, l->u.arp.spa);
	tb_ip4(dst, l->u.arp.tpa);
}

static const struct dreg arp_regs[] = {
	{ DT_ETHERTYPE, 0x0806 },
};

const struct dissector dissector_arp = {
	.name = "arp",
	.display = "ARP",
	.proto = PROTO_ARP,
	.role = DR_NET,
	.regs = arp_regs,
	.nregs = 1,
	.dissect = arp_dissect,
	.info = arp_info,
	.detail = arp_detail,
	.endpoints = arp_endpoints,
};
