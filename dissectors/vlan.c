/* vlan.c - IEEE 802.1Q VLAN tag, 802.1ad service tag and pre-standard QinQ TPIDs.
 *
 * Each tag is its own layer: TCI (PCP 3 bits, DEI 1, VID 12) and the
 * EtherType that follows; the next tag or protocol is found by that type.
 * TPIDs 0x8100 (C-tag), 0x88a8 (S-tag), 0x9100 and 0x9200 (vendor QinQ).
 * The TPID itself is the type of the layer before (Ethernet, another tag
 * or a Linux cooked header).  A tower deeper than VLAN_MAX_TAGS is cut:
 * the rest is left as data.
 *
 * Anomalies:
 *   vlan.truncated    capture ends inside the 4-byte tag
 *   vlan.malformed    the frame on the wire ends inside the tag
 *   vlan.too_deep     more than VLAN_MAX_TAGS tags in a row (note)
 *   vlan.bad_length   802.3 length after the tag larger than the frame
 *   vlan.llc          802.3 length and LLC after the tag (note)
 */
#include "dissect.h"
#include "textbuf.h"

#define VLAN_MAX_TAGS	8
#define VLAN_KEY_NONE	0x10000u	/* no EtherType: payload is data */

static const struct tok vlan_tpids[] = {
	{ 0x8100, "802.1Q" },
	{ 0x88a8, "802.1ad" },
	{ 0x9100, "QinQ" },
	{ 0x9200, "QinQ" },
	{ 0, NULL }
};

/* The EtherType that led here, and how many tags came right before. */
static uint16_t
vlan_tpid(const struct dctx *ctx, unsigned *ntags)
{
	const struct packet *pkt = ctx->pkt;
	unsigned i = ctx->cur_layer;
	uint16_t tpid = 0;

	*ntags = 0;
	if (i == 0)
		return 0;
	switch (pkt->layers[i - 1].proto) {
	case PROTO_ETH:
		tpid = pkt->layers[i - 1].u.eth.type;
		break;
	case PROTO_VLAN:
		tpid = pkt->layers[i - 1].u.vlan.type;
		break;
	case PROTO_SLL:
	case PROTO_SLL2:
		tpid = pkt->layers[i - 1].u.sll.protocol;
		break;
	}
	while (i > 0 && pkt->layers[i - 1].proto == PROTO_VLAN &&
	    pkt->layers[i - 1].depth == ctx->depth) {
		(*ntags)++;
		i--;
	}
	return tpid;
}

static enum dstatus
vlan_dissect(struct dctx *ctx, struct cursor *c, struct layer *l)
{
	struct vlan_info *v = &l->u.vlan;
	struct cursor pay;
	unsigned ntags;
	uint16_t tci;
	enum dstatus st;

	v->tpid = vlan_tpid(ctx, &ntags);
	tci = cur_u16(c);
	v->type = cur_u16(c);
	if ((st = dctx_cur_status(ctx, c, "vlan")) != DS_OK)
		return st;
	v->pcp = (uint8_t)(tci >> 13);
	v->dei = (uint8_t)(tci >> 12 & 1);
	v->vid = tci & 0x0fff;
	/* This is tag ntags + 1; a tower taller than the cap ends here. */
	if (ntags + 1 >= VLAN_MAX_TAGS &&
	    tok_name(vlan_tpids, v->type, NULL) != NULL) {
		dctx_anomaly(ctx, "vlan.too_deep", AK_NOTE, "more than %d VLAN "
		    "tags: the rest is not decoded", VLAN_MAX_TAGS);
		pay = cur_rest(c);
		dctx_next(ctx, DT_ETHERTYPE, VLAN_KEY_NONE, &pay);
		return DS_OK;
	}
	if (v->type < 0x0600) {
		v->llc = 1;
		if (v->type > cur_left(c)) {
			dctx_anomaly(ctx, "vlan.bad_length", AK_MALFORMED,
			    "802.3 length %u but only %zu bytes follow",
			    v->type, cur_left(c));
			return DS_MALFORMED;
		}
		cur_limit(c, v->type);
		l->len = 4u + v->type;
		if (l->cap > l->len)
			l->cap = l->len;
		dctx_anomaly(ctx, "vlan.llc", AK_NOTE, "802.3 length %u with "
		    "LLC after the tag: not decoded", v->type);
		pay = cur_rest(c);
		dctx_next(ctx, DT_ETHERTYPE, VLAN_KEY_NONE, &pay);
		return DS_OK;
	}
	pay = cur_rest(c);
	dctx_next(ctx, DT_ETHERTYPE, v->type, &pay);
	return DS_OK;
}

static void
vlan_info(const struct layer *l, struct textbuf *tb)
{
	const struct vlan_info *v = &l->u.vlan;

	tb_printf(tb, "vlan %u, pcp %u, ", v->vid, v->pcp);
	if (v->llc)
		tb_printf(tb, "802.3 length %u", v->type);
	else
		tb_printf(tb, "ethertype 0x%04x", v->type);
}

static void
vlan_detail(const struct layer *l, struct textbuf *tb)
{
	const struct vlan_info *v = &l->u.vlan;

	tb_printf(tb, "  VLAN: tpid=0x%04x (%s) pcp=%u dei=%u vid=%u ",
	    v->tpid, tok_name(vlan_tpids, v->tpid, "unknown"), v->pcp, v->dei,
	    v->vid);
	if (v->llc)
		tb_printf(tb, "802.3 length=%u LLC\n", v->type);
	else
		tb_printf(tb, "type=0x%04x\n", v->type);
}

static const struct dreg vlan_regs[] = {
	{ DT_ETHERTYPE, 0x8100 },
	{ DT_ETHERTYPE, 0x88a8 },
	{ DT_ETHERTYPE, 0x9100 },
	{ DT_ETHERTYPE, 0x9200 },
};

const struct dissector dissector_vlan = {
	.name = "vlan",
	.display = "802.1Q",
	.proto = PROTO_VLAN,
	.regs = vlan_regs,
	.nregs = sizeof(vlan_regs) / sizeof(vlan_regs[0]),
	.dissect = vlan_dissect,
	.info = vlan_info,
	.detail = vlan_detail,
};
