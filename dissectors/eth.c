/* eth.c - Ethernet II and IEEE 802.3 MAC header (IEEE 802.3 §3.2.6, RFC 894).
 *
 * Also the payload of L2TPv3 Ethernet pseudowires, PW types 0x0004 and
 * 0x0005 (RFC 4719): frames without preamble or FCS.  A type/length value
 * below 0x0600 is an 802.3 length: the frame is narrowed to it and the
 * LLC payload is left as data.  The FCS, if the capture kept one, is not
 * recognised (nothing in the frame says it is there) and stays as trailing
 * bytes after the upper layer's own length.
 *
 * Anomalies:
 *   eth.truncated     capture ends inside the 14-byte header
 *   eth.malformed     the frame on the wire is shorter than 14 bytes
 *   eth.bad_length    802.3 length larger than the rest of the frame
 *   eth.llc           802.3 frame with LLC (note; payload left as data)
 */
#include "dissect.h"
#include "textbuf.h"

#define ETH_HDR_LEN	14
#define ETH_MIN_TYPE	0x0600	/* smaller values are 802.3 lengths */
/* A key outside the 16-bit EtherType space: nobody registers it, so the
 * payload becomes a data layer. */
#define ETH_KEY_NONE	0x10000u

static const struct tok ethertypes[] = {
	{ 0x0800, "IPv4" },
	{ 0x0806, "ARP" },
	{ 0x8035, "RARP" },
	{ 0x8100, "802.1Q" },
	{ 0x86dd, "IPv6" },
	{ 0x8808, "MAC control" },
	{ 0x8809, "slow protocols" },
	{ 0x8847, "MPLS" },
	{ 0x8848, "MPLS multicast" },
	{ 0x8863, "PPPoE discovery" },
	{ 0x8864, "PPPoE session" },
	{ 0x888e, "EAPOL" },
	{ 0x88a8, "802.1ad" },
	{ 0x88cc, "LLDP" },
	{ 0x88e5, "MACsec" },
	{ 0x88f7, "PTP" },
	{ 0x8902, "CFM" },
	{ 0x9000, "loopback" },
	{ 0x9100, "QinQ" },
	{ 0x9200, "QinQ" },
	{ 0, NULL }
};

static enum dstatus
eth_dissect(struct dctx *ctx, struct cursor *c, struct layer *l)
{
	struct eth_info *e = &l->u.eth;
	struct cursor pay;
	enum dstatus st;

	cur_copy(c, e->dst, 6);
	cur_copy(c, e->src, 6);
	e->type = cur_u16(c);
	if ((st = dctx_cur_status(ctx, c, "eth")) != DS_OK)
		return st;
	if (e->type >= ETH_MIN_TYPE) {
		pay = cur_rest(c);
		dctx_next(ctx, DT_ETHERTYPE, e->type, &pay);
		return DS_OK;
	}
	/* 802.3: the field is the length of the LLC data that follows. */
	e->length = e->type;
	e->llc = 1;
	if (e->length > cur_left(c)) {
		dctx_anomaly(ctx, "eth.bad_length", AK_MALFORMED, "802.3 length "
		    "%u but only %zu bytes follow", e->length, cur_left(c));
		return DS_MALFORMED;
	}
	cur_limit(c, e->length);	/* the rest is padding */
	l->len = ETH_HDR_LEN + e->length;
	if (l->cap > l->len)
		l->cap = l->len;
	dctx_anomaly(ctx, "eth.llc", AK_NOTE, "802.3 frame with LLC, "
	    "length %u: not decoded", e->length);
	pay = cur_rest(c);
	dctx_next(ctx, DT_ETHERTYPE, ETH_KEY_NONE, &pay);
	return DS_OK;
}

static void
eth_info(const struct layer *l, struct textbuf *tb)
{
	const struct eth_info *e = &l->u.eth;

	if (e->llc)
		tb_printf(tb, "802.3 LLC, length %u", e->length);
	else
		tb_printf(tb, "ethertype 0x%04x (%s)", e->type,
		    tok_name(ethertypes, e->type, "unknown"));
}

static void
eth_detail(const struct layer *l, struct textbuf *tb)
{
	const struct eth_info *e = &l->u.eth;

	tb_puts(tb, "  Ethernet: dst=");
	tb_mac(tb, e->dst);
	tb_puts(tb, " src=");
	tb_mac(tb, e->src);
	if (e->llc)
		tb_printf(tb, " 802.3 length=%u LLC\n", e->length);
	else
		tb_printf(tb, " type=0x%04x (%s)\n", e->type,
		    tok_name(ethertypes, e->type, "unknown"));
}

static void
eth_endpoints(const struct layer *l, struct textbuf *src, struct textbuf *dst)
{
	tb_mac(src, l->u.eth.src);
	tb_mac(dst, l->u.eth.dst);
}

static const struct dreg eth_regs[] = {
	{ DT_LINKTYPE, TS_LINKTYPE_ETHERNET },
	{ DT_PW_TYPE, 0x0005 },		/* Ethernet (RFC 4719) */
	{ DT_PW_TYPE, 0x0004 },		/* Ethernet VLAN (RFC 4719) */
};

const struct dissector dissector_eth = {
	.name = "eth",
	.display = "Ethernet",
	.proto = PROTO_ETH,
	.role = DR_LINK,
	.regs = eth_regs,
	.nregs = sizeof(eth_regs) / sizeof(eth_regs[0]),
	.dissect = eth_dissect,
	.info = eth_info,
	.detail = eth_detail,
	.endpoints = eth_endpoints,
};
