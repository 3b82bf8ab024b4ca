/* l2tp.c - L2TPv3 control and data over UDP and IP protocol 115 (RFC 3931), L2TPv2 header (RFC 2661).
 *
 * UDP: the version nibble decides (RFC 3931 §4.1.2.1): 3 is L2TPv3, 2 is
 * L2TPv2 (header and AVPs named; the PPP payload is not decoded), anything
 * else is not ours.  IP 115: Session ID 0 means a control message follows,
 * whose Length excludes those 4 bytes (§4.1.1.2).
 *
 * Data messages are laid out as negotiated for their direction (cookie,
 * L2-Specific Sublayer, PW type: read from the conversation db that the
 * control messages fed), else as inferred from inner-frame plausibility,
 * else as forced by -o l2tp.cookie_size / l2tp.l2ss.  Ethernet (5) and
 * Ethernet VLAN (4) payloads go back to the link dissector as a new frame.
 *
 * Anomalies (stable names):
 *   l2tp.truncated / l2tp.malformed  header cut by the capture / past UDP
 *   l2tp.missing_ls_bits       v3 (or v2) control message without L or S
 *   l2tp.length_mismatch       control Length disagrees with the datagram
 *                              (malformed when longer, note when shorter)
 *   l2tp.bad_length            control Length below the 12-byte header
 *   l2tp.avp_too_short         AVP Length < 6, or < 6 bytes left for one
 *   l2tp.avp_past_end          AVP Length runs past the message
 *   l2tp.avp_truncated         an AVP cut by the capture
 *   l2tp.avp_bad_length        value length impossible for the AVP type
 *   l2tp.msg_type_not_first    first AVP is not Message Type (§5.4.1)
 *   l2tp.missing_avp           mandatory AVP absent (§6)
 *   l2tp.avp_not_allowed       (note) an RFC 3931 AVP that §6 does not
 *                              list for this message (harmless to decode;
 *                              freeRtr sends ICRQ AVPs in its ICRP)
 *   l2tp.hidden_without_rv     H bit with no Random Vector before it (§5.3)
 *   l2tp.unknown_mandatory_avp unknown AVP with M set: the peer must tear
 *                              the connection or session down (§5.2)
 *   l2tp.unhide_failed         (note) un-hiding gave an impossible length:
 *                              wrong secret or corrupt AVP
 *   l2tp.digest_mismatch       Message Digest does not verify (§5.4.1)
 *   l2tp.data_zero_session     (note) data message with Session ID 0 on UDP
 */
#include <stdio.h>
#include <string.h>

#include "crypto.h"
#include "dissect.h"
#include "event.h"
#include "l2tp_avp.h"
#include "l2tp_conv.h"
#include "prefs.h"
#include "textbuf.h"

#define L2TP_T		0x8000
#define L2TP_L		0x4000
#define L2TP_S		0x0800
#define L2TP_O		0x0200
#define L2TP_P		0x0100
#define L2TP_VER	0x000f
#define V3_HDR		12
#define IPPROTO_L2TP	115

/* Per-message parse state (on the stack). */
struct pstate {
	unsigned	 navps;
	const uint8_t	*rv;		/* last Random Vector (cleartext) */
	size_t		 rvlen;
	struct l2tp_avpset present;
	uint8_t		 hkey[MD5_LEN];	/* v3 hiding key, when computed */
	uint8_t		 have_hkey;
	uint8_t		 cut;		/* some AVP cut by the capture */
	uint8_t		 mt_late;	/* first AVP was not Message Type */
	uint32_t	 dig_off;	/* digest AVP, from message start */
	uint8_t		 dig_type;
	size_t		 dig_len;	/* digest bytes */
	const uint8_t	*dig_val;
	uint8_t		*scr;		/* un-hidden values, from ctx->l2tp */
	size_t		 scr_cap, scr_len;
};

static const struct layer *
prev_layer(const struct dctx *ctx)
{
	return ctx->cur_layer > 0 ? &ctx->pkt->layers[ctx->cur_layer - 1] :
	    NULL;
}

static uint32_t
rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static uint16_t
rd16(const uint8_t *p)
{
	return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

/* Value length check per IETF type: 1 fits, 0 impossible. */
static int
value_len_ok(unsigned version, unsigned t, size_t n)
{
	switch (t) {
	case AVP_MSG_TYPE: case AVP_RWS: case AVP_PW_TYPE: case AVP_L2SS:
	case AVP_DATA_SEQ: case AVP_CIRCUIT_STATUS:
		return n == 2;
	case AVP_TIE_BREAKER: case AVP_TX_SPEED: case AVP_RX_SPEED:
		return n == 8;
	case AVP_SERIAL: case AVP_PHYS_CHAN: case AVP_ROUTER_ID:
	case AVP_ASSIGNED_CCID: case AVP_LSID: case AVP_RSID:
		return n == 4;
	case AVP_TUNNEL_ID: case AVP_ASSIGNED_SID_V2:
		return version != 2 || n == 2;
	case AVP_RESULT:
		return n >= 2 && n != 3;
	case AVP_HOST_NAME:
		return n >= 1;
	case AVP_COOKIE:
		return n == 0 || n == 4 || n == 8;
	case AVP_PW_CAPS:
		return n >= 2 && n % 2 == 0;
	case AVP_DIGEST:
		return n == 17 || n == 21;
	case AVP_CIRCUIT_ERRORS:
		return n == 26 || (version == 3 && n == 18);
	case AVP_EXT_VENDOR:
		return n >= 6;
	}
	return 1;
}

/* Keep an un-hidden value for the text functions: [off u32][len u16][v]. */
static void
scratch_put(struct pstate *st, uint32_t off, const uint8_t *v, size_t n)
{
	if (st->scr == NULL || st->scr_len + 6 + n > st->scr_cap)
		return;
	st->scr[st->scr_len] = (uint8_t)(off >> 24);
	st->scr[st->scr_len + 1] = (uint8_t)(off >> 16);
	st->scr[st->scr_len + 2] = (uint8_t)(off >> 8);
	st->scr[st->scr_len + 3] = (uint8_t)off;
	st->scr[st->scr_len + 4] = (uint8_t)(n >> 8);
	st->scr[st->scr_len + 5] = (uint8_t)n;
	memcpy(st->scr + st->scr_len + 6, v, n);
	st->scr_len += 6 + n;
}

/* The un-hidden value of the AVP at off (from the layer), if kept. */
static int
scratch_get(const struct l2tp_info *li, uint32_t off, const uint8_t **v,
    size_t *n)
{
	size_t i = 0, len;

	while (li->unhid != NULL && i + 6 <= li->unhid_len) {
		len = rd16(li->unhid + i + 4);
		if (i + 6 + len > li->unhid_len)
			break;
		if (rd32(li->unhid + i) == off) {
			*v = li->unhid + i + 6;
			*n = len;
			return 1;
		}
		i += 6 + len;
	}
	return 0;
}

/* Summary fields from one AVP's cleartext value. */
static void
summarise(struct l2tp_info *li, const struct l2tp_avp *a, uint32_t loff,
    const uint8_t *v, size_t n, int clear_in_packet)
{
	unsigned t = a->ietf;

	if (li->version == 2 && a->vendor == VENDOR_IETF) {
		if (t == AVP_TUNNEL_ID && n == 2)
			li->assigned_ccid = rd16(v);
		else if (t == AVP_ASSIGNED_SID_V2 && n == 2)
			li->lsid = rd16(v);
	}
	switch (t) {
	case AVP_MSG_TYPE:
		break;
	case AVP_RESULT:
		if (n >= 2)
			li->result = rd16(v);
		if (n >= 4)
			li->error = rd16(v + 2);
		break;
	case AVP_HOST_NAME:
		if (clear_in_packet && loff + AVP_HDR <= 0xffff) {
			li->host_off = (uint16_t)(loff + AVP_HDR);
			li->host_len = n > 255 ? 255 : (uint8_t)n;
		}
		break;
	case AVP_ROUTER_ID:
		if (n == 4)
			li->router_id = rd32(v);
		break;
	case AVP_ASSIGNED_CCID:
		if (n == 4)
			li->assigned_ccid = rd32(v);
		break;
	case AVP_LSID:
		if (n == 4)
			li->lsid = rd32(v);
		break;
	case AVP_RSID:
		if (n == 4)
			li->rsid = rd32(v);
		break;
	case AVP_PW_TYPE:
		if (n == 2)
			li->pw_type = rd16(v);
		break;
	case AVP_COOKIE:
		if (n == 0 || n == 4 || n == 8) {
			li->cookie_len = (uint8_t)n;
			memcpy(li->cookie, v, n);
		}
		break;
	case AVP_L2SS:
		if (n == 2)
			li->l2ss = rd16(v) > 254 ? 254 : (uint8_t)rd16(v);
		break;
	case AVP_NONCE:
		if (clear_in_packet && loff + AVP_HDR <= 0xffff) {
			li->nonce_off = (uint16_t)(loff + AVP_HDR);
			li->nonce_len = n > 255 ? 255 : (uint8_t)n;
		}
		break;
	}
}

static void
one_avp(struct dctx *ctx, struct layer *l, struct pstate *st,
    const struct l2tp_avp *a, uint32_t msg_off)
{
	struct l2tp_info *li = &l->u.l2tp;
	const struct prefs *pr = ctx->prefs;
	uint8_t clear[AVP_LEN_MASK];
	const uint8_t *v = a->val;
	size_t n = a->vcap, cn;
	int have_clear = 1, in_packet = 1;
	uint32_t loff = a->off - l->off;

	if (a->vcap < a->vlen)
		st->cut = 1;
	if (st->navps++ == 0) {
		if (a->vendor != VENDOR_IETF || a->type != AVP_MSG_TYPE) {
			dctx_anomaly(ctx, "l2tp.msg_type_not_first", AK_MALFORMED,
			    "first AVP is vendor %u type %u", a->vendor, a->type);
			st->mt_late = 1;
		} else if (a->vcap == 2) {
			li->msg_type = rd16(a->val);
		}
	} else if (a->vendor == VENDOR_IETF && a->type == AVP_MSG_TYPE) {
		if (st->mt_late && a->vcap == 2 && li->msg_type == 0)
			li->msg_type = rd16(a->val);	/* named, flagged */
		else
			dctx_anomaly(ctx, "l2tp.msg_type_not_first",
			    AK_MALFORMED, "a second Message Type AVP at "
			    "offset %u", loff);
	}
	if (a->flags & AVP_H) {
		li->hidden++;
		have_clear = 0;
		if (st->rv == NULL) {
			dctx_anomaly(ctx, "l2tp.hidden_without_rv", AK_MALFORMED,
			    "hidden %s with no Random Vector before it",
			    l2tp_avp_name(a->vendor, a->type) ?
			    l2tp_avp_name(a->vendor, a->type) : "AVP");
		} else if (pr != NULL && pr->l2tp_secret[0] != '\0' &&
		    a->vcap == a->vlen) {
			const uint8_t *key = (const uint8_t *)pr->l2tp_secret;
			size_t klen = strlen(pr->l2tp_secret);

			if (li->version == 3) {
				if (!st->have_hkey) {
					static const uint8_t one = 1;

					/* RFC 3931 §5.3 */
					hmac(HMAC_MD5, key, klen, &one, 1,
					    st->hkey);
					st->have_hkey = 1;
				}
				key = st->hkey;
				klen = MD5_LEN;
			}
			if (l2tp_unhide(key, klen, a->type, st->rv, st->rvlen,
			    a->val, a->vlen, clear, &cn)) {
				v = clear;
				n = cn;
				have_clear = 1;
				in_packet = 0;
				li->unhidden++;
				scratch_put(st, loff, clear, cn);
			} else {
				dctx_anomaly(ctx, "l2tp.unhide_failed", AK_NOTE,
				    "hidden AVP type %u at offset %u: wrong "
				    "secret?", a->type, loff);
			}
		}
	}
	if (a->ietf == AVP_RANDOM_VECTOR && !(a->flags & AVP_H)) {
		st->rv = a->val;
		st->rvlen = a->vcap;
	}
	if (a->ietf != 0xffff)
		l2tp_set_add(&st->present, a->ietf);
	if ((a->flags & AVP_M) && !l2tp_avp_known(li->version, a->vendor,
	    a->type))
		dctx_anomaly(ctx, "l2tp.unknown_mandatory_avp", AK_MALFORMED,
		    "vendor %u type %u with M set: RFC 3931 s.5.2 requires "
		    "tearing down", a->vendor, a->type);
	if (!have_clear || a->ietf == 0xffff)
		return;
	if (a->vcap == a->vlen && !value_len_ok(li->version, a->ietf, n))
		dctx_anomaly(ctx, "l2tp.avp_bad_length", AK_MALFORMED,
		    "%s value of %zu bytes", l2tp_avp_name(VENDOR_IETF,
		    a->ietf) ? l2tp_avp_name(VENDOR_IETF, a->ietf) : "AVP", n);
	if (a->ietf == AVP_DIGEST && n >= 1 && in_packet) {
		st->dig_off = a->off - msg_off;
		st->dig_type = v[0];
		st->dig_val = v + 1;
		st->dig_len = n - 1;
	}
	summarise(li, a, loff, v, n, in_packet);
}

/* RFC 3931 §5.4.1 digest check; the message is base[msg..msg+len). */
static void
check_digest(struct dctx *ctx, struct layer *l, struct pstate *st,
    const uint8_t *msg, size_t len, size_t cap)
{
	static const uint8_t two = 2;
	struct l2tp_info *li = &l->u.l2tp;
	const char *secret = ctx->prefs ? ctx->prefs->l2tp_secret : "";
	const uint8_t *sn = NULL, *rn = NULL;
	size_t snl = 0, rnl = 0, dl, voff;
	uint8_t key[MD5_LEN], out[SHA1_LEN], zero[SHA1_LEN];
	struct hmac_ctx h;
	struct l2tp_ep ep;

	li->digest = L2TP_DIGEST_UNCHECKED;
	if (secret[0] == '\0' || cap < len || st->dig_type > 1)
		return;
	dl = hmac_len((enum hmac_alg)st->dig_type);
	if (st->dig_len != dl)
		return;
	if (li->msg_type != MT_SCCRQ) {
		if (ctx->l2tp == NULL || !l2tp_conv_endpoints(ctx->pkt,
		    ctx->cur_layer, &ep))
			return;
		l2tp_conv_nonces(ctx->l2tp, &ep, li->ccid, &sn, &snl, &rn,
		    &rnl);
		if (li->nonce_len > 0) {	/* SCCRP: the sender's own */
			sn = l->base + l->off + li->nonce_off;
			snl = li->nonce_len;
		}
		if (snl == 0 || rnl == 0)
			return;
	}
	hmac(HMAC_MD5, secret, strlen(secret), &two, 1, key);
	hmac_init(&h, (enum hmac_alg)st->dig_type, key, sizeof(key));
	if (li->msg_type != MT_SCCRQ) {
		hmac_update(&h, sn, snl);
		hmac_update(&h, rn, rnl);
	}
	voff = st->dig_off + AVP_HDR + 1;	/* digest bytes, zeroed */
	memset(zero, 0, sizeof(zero));
	hmac_update(&h, msg, voff);
	hmac_update(&h, zero, dl);
	hmac_update(&h, msg + voff + dl, len - voff - dl);
	hmac_final(&h, out);
	if (memcmp(out, st->dig_val, dl) == 0) {
		li->digest = L2TP_DIGEST_OK;
	} else {
		li->digest = L2TP_DIGEST_BAD;
		dctx_anomaly(ctx, "l2tp.digest_mismatch", AK_MALFORMED,
		    "Message Digest does not verify with the given secret");
	}
}

static const uint8_t v3_defined[] = {
	0, 1, 5, 7, 8, 10, 15, 25, 34, 36, 58, 59, 60, 61, 62, 63, 64, 65,
	66, 68, 69, 70, 71, 72, 73, 74, 75,
};

/* RFC 3931 §6: mandatory and allowed AVPs. */
static void
check_rules(struct dctx *ctx, struct l2tp_info *li, const struct pstate *st)
{
	struct l2tp_avpset mand, allow;
	char miss[ANOM_DETAIL];
	size_t i, ml = 0;
	unsigned t;

	if (!l2tp_msg_rules(li->msg_type, &mand, &allow))
		return;
	miss[0] = '\0';
	for (t = 0; t <= AVP_V3_MAX; t++) {
		if (l2tp_set_has(&mand, t) && !l2tp_set_has(&st->present, t) &&
		    ml + 2 < sizeof(miss)) {
			int w = snprintf(miss + ml, sizeof(miss) - ml, "%s%s",
			    ml ? ", " : "", l2tp_avp_name(0, t));

			ml = w < 0 ? ml : ml + (size_t)w;
			if (ml >= sizeof(miss))
				ml = sizeof(miss) - 1;
		}
	}
	if (miss[0] != '\0')
		dctx_anomaly(ctx, "l2tp.missing_avp", AK_MALFORMED, "%s lacks %s",
		    l2tp_msg_short(li->msg_type), miss);
	for (i = 0; i < sizeof(v3_defined); i++) {
		t = v3_defined[i];
		if (l2tp_set_has(&st->present, t) && !l2tp_set_has(&allow, t))
			dctx_anomaly(ctx, "l2tp.avp_not_allowed", AK_NOTE,
			    "%s not allowed in %s", l2tp_avp_name(0, t),
			    l2tp_msg_short(li->msg_type));
	}
}

static void
emit(struct dctx *ctx, struct layer *l, enum event_kind k)
{
	struct event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = (uint16_t)k;
	ev.depth = ctx->depth;
	ev.vantage = ctx->frame ? ctx->frame->vantage : 0;
	ev.frame = ctx->frame ? ctx->frame->number : 0;
	ev.ts_ns = ctx->frame ? ctx->frame->ts_ns : 0;
	ev.pkt = ctx->pkt;
	ev.layer = l;
	dctx_emit(ctx, &ev);
}

/*
 * A control message (v2 or v3) whose header was read: c is at the first
 * AVP, msg_start the message's first byte, hlen its header length.
 */
static enum dstatus
control_avps(struct dctx *ctx, struct cursor *c, struct layer *l,
    size_t msg_start, size_t hlen, int has_len)
{
	struct l2tp_info *li = &l->u.l2tp;
	size_t dgram = cur_left(c) + hlen, lim = dgram;
	struct pstate st;
	struct l2tp_walk w;
	struct l2tp_avp a;
	enum dstatus rc = DS_OK;

	memset(&st, 0, sizeof(st));
	if (has_len) {
		if (li->length < hlen) {
			dctx_anomaly(ctx, "l2tp.bad_length", AK_MALFORMED,
			    "Length %u below the %zu-byte header", li->length,
			    hlen);
		} else if (li->length > dgram) {
			dctx_anomaly(ctx, "l2tp.length_mismatch", AK_MALFORMED,
			    "Length %u, datagram carries %zu", li->length,
			    dgram);
		} else {
			if (li->length < dgram)
				dctx_anomaly(ctx, "l2tp.length_mismatch",
				    AK_NOTE, "Length %u, datagram carries %zu: "
				    "%zu bytes after the message", li->length,
				    dgram, dgram - li->length);
			lim = li->length;
		}
	}
	li->payload_off = (uint8_t)(msg_start - l->off + hlen);
	if (ctx->l2tp != NULL) {
		st.scr = l2tp_conv_scratch(ctx->l2tp, &st.scr_cap);
		li->unhid = st.scr;
	}
	w.c = cur_sub(c, lim - hlen);
	w.base_off = 0;
	w.err = WALK_OK;
	while (l2tp_avp_next(&w, &a))
		one_avp(ctx, l, &st, &a, (uint32_t)msg_start);
	li->unhid_len = (uint16_t)st.scr_len;
	switch (w.err) {
	case WALK_SHORT_HDR:
		dctx_anomaly(ctx, "l2tp.avp_too_short", AK_MALFORMED,
		    "%zu bytes left after the last AVP, fewer than an AVP "
		    "header", cur_left(&w.c));
		rc = DS_MALFORMED;
		break;
	case WALK_BAD_LEN:
		dctx_anomaly(ctx, "l2tp.avp_too_short", AK_MALFORMED,
		    "AVP Length %u below 6", a.len);
		rc = DS_MALFORMED;
		break;
	case WALK_PAST_END:
		dctx_anomaly(ctx, "l2tp.avp_past_end", AK_MALFORMED,
		    "AVP Length %u runs past the message", a.len);
		rc = DS_MALFORMED;
		break;
	case WALK_TRUNC:
		st.cut = 1;
		rc = DS_TRUNCATED;
		break;
	}
	if (st.cut)
		dctx_anomaly(ctx, "l2tp.avp_truncated", AK_TRUNCATED,
		    "AVPs cut by the capture");
	li->zlb = st.navps == 0 && w.err == WALK_OK;
	if (li->version == 3 && st.navps > 0 && rc == DS_OK)
		check_rules(ctx, li, &st);
	if (st.dig_val != NULL && li->version == 3)
		check_digest(ctx, l, &st, c->base + msg_start, lim,
		    c->cap > msg_start ? c->cap - msg_start : 0);
	else if (st.dig_val != NULL)
		li->digest = L2TP_DIGEST_UNCHECKED;
	if (li->version == 3)
		emit(ctx, l, EV_L2TP_CONTROL);
	return rc;
}

static enum dstatus
control_v3(struct dctx *ctx, struct cursor *c, struct layer *l)
{
	struct l2tp_info *li = &l->u.l2tp;
	size_t start = cur_pos(c);
	enum dstatus st;

	li->flags = cur_u16(c);
	li->length = cur_u16(c);
	li->ccid = cur_u32(c);
	li->ns = cur_u16(c);
	li->nr = cur_u16(c);
	if ((st = dctx_cur_status(ctx, c, "l2tp")) != DS_OK)
		return st;
	li->control = 1;
	if ((li->flags & (L2TP_L | L2TP_S)) != (L2TP_L | L2TP_S))
		dctx_anomaly(ctx, "l2tp.missing_ls_bits", AK_MALFORMED,
		    "control message flags 0x%04x: L and S must be set",
		    li->flags);
	return control_avps(ctx, c, l, start, V3_HDR, 1);
}

/* Layout of a data message when nothing was learned: this packet alone. */
static void
layout_stateless(const struct prefs *pr, const uint8_t *p, size_t n,
    struct l2tp_layout *lay)
{
	static const uint8_t ck[6] = { 0, 0, 4, 4, 8, 8 }, ls[6] = { 0, 1, 0,
	    1, 0, 1 };
	int i, best = -1, bs = 0, s, max = 1, bmax = 1;

	for (i = 0; i < 6; i++) {
		if (pr != NULL && ((pr->l2tp_cookie_size != PREFS_AUTO &&
		    pr->l2tp_cookie_size != ck[i]) || (pr->l2tp_l2ss !=
		    PREFS_AUTO && pr->l2tp_l2ss != ls[i])))
			continue;
		s = l2tp_infer_score(p, n, ck[i], ls[i], &max);
		if (best < 0 || s > bs) {
			best = i;
			bs = s;
			bmax = max;
		}
	}
	memset(lay, 0, sizeof(*lay));
	lay->pw_type = L2TP_NONE16;
	if (best < 0)
		return;
	if (bs * 2 < bmax)	/* no reading looks like Ethernet: unknown */
		return;
	lay->src = L2TP_LAYOUT_INFERRED;
	lay->cookie_len = ck[best];
	lay->l2ss = ls[best];
	/* one packet is weak evidence: at most half confidence */
	lay->confidence = (uint8_t)(bs * 50 / bmax);
	lay->pw_type = 5;
}

static enum dstatus
data_v3(struct dctx *ctx, struct cursor *c, struct layer *l)
{
	struct l2tp_info *li = &l->u.l2tp;
	const struct prefs *pr = ctx->prefs;
	struct l2tp_layout lay;
	struct l2tp_ep ep;
	const uint8_t *ck;
	size_t hdr;
	int got = 0, s, max;
	enum dstatus st;

	hdr = cur_pos(c) - l->off;
	if (!li->over_ip && li->session_id == 0)
		dctx_anomaly(ctx, "l2tp.data_zero_session", AK_NOTE,
		    "Session ID 0 is reserved (RFC 3931 s.4.1)");
	emit(ctx, l, EV_L2TP_DATA);	/* the db learns from it first */
	if (ctx->l2tp != NULL && l2tp_conv_endpoints(ctx->pkt, ctx->cur_layer,
	    &ep))
		got = l2tp_conv_lookup(ctx->l2tp, &ep, li->session_id, &lay);
	if (!got)
		layout_stateless(pr, c->base + cur_pos(c), cur_avail(c), &lay);
	if (pr != NULL && pr->l2tp_cookie_size != PREFS_AUTO)
		lay.cookie_len = (uint8_t)pr->l2tp_cookie_size;
	if (pr != NULL && pr->l2tp_l2ss != PREFS_AUTO)
		lay.l2ss = (uint8_t)pr->l2tp_l2ss;
	if (pr != NULL && ((pr->l2tp_cookie_size != PREFS_AUTO &&
	    pr->l2tp_l2ss != PREFS_AUTO) || (lay.src == L2TP_LAYOUT_UNKNOWN &&
	    (pr->l2tp_cookie_size != PREFS_AUTO || pr->l2tp_l2ss !=
	    PREFS_AUTO))))
		lay.src = L2TP_LAYOUT_PREF;
	li->layout = lay.src;
	li->confidence = lay.confidence;
	li->cookie_len = lay.cookie_len;
	li->l2ss = lay.l2ss;
	li->pw_type = lay.pw_type;
	if (lay.cookie_len > 0) {
		if ((ck = cur_bytes(c, lay.cookie_len)) != NULL)
			memcpy(li->cookie, ck, lay.cookie_len);
	}
	if (lay.l2ss == 1 || lay.l2ss == 2) {	/* default and ATM: 4 bytes */
		li->l2ss_flags = cur_u8(c);
		li->l2ss_seq = cur_u24(c);
	}
	if ((st = dctx_cur_status(ctx, c, "l2tp")) != DS_OK)
		return st;
	li->payload_off = (uint8_t)(cur_pos(c) - l->off);
	(void)hdr;
	if (lay.l2ss > 2)	/* MPT / PSP sublayers: size unknown here */
		return DS_OK;
	if (li->pw_type == L2TP_NONE16 && lay.src != L2TP_LAYOUT_INFERRED) {
		/* nothing says the PW type: Ethernet if it reads as one */
		s = l2tp_infer_score(c->base + cur_pos(c), cur_avail(c), 0, 0,
		    &max);
		if (s * 2 >= max) {
			li->pw_type = 5;
			li->pw_assumed = 1;
		}
	} else if (lay.src == L2TP_LAYOUT_INFERRED && li->pw_type != L2TP_NONE16) {
		li->pw_assumed = 1;
	}
	if (li->pw_type == 4 || li->pw_type == 5) {
		struct cursor pl = cur_rest(c);

		dctx_next_encap(ctx, DT_PW_TYPE, li->pw_type, &pl);
	}
	return DS_OK;
}

/* L2TPv2 (RFC 2661 §3.1): header, AVP names; PPP payload left alone. */
static enum dstatus
l2tp_v2(struct dctx *ctx, struct cursor *c, struct layer *l)
{
	struct l2tp_info *li = &l->u.l2tp;
	size_t start = cur_pos(c), hlen;
	uint16_t tun, ses, osz = 0;
	enum dstatus st;

	li->version = 2;
	li->flags = cur_u16(c);
	if (li->flags & L2TP_L)
		li->length = cur_u16(c);
	tun = cur_u16(c);
	ses = cur_u16(c);
	if (li->flags & L2TP_S) {
		li->ns = cur_u16(c);
		li->nr = cur_u16(c);
	}
	if (li->flags & L2TP_O) {
		osz = cur_u16(c);
		cur_skip(c, osz);
	}
	if ((st = dctx_cur_status(ctx, c, "l2tp")) != DS_OK)
		return st;
	li->ccid = (uint32_t)tun << 16 | ses;
	li->session_id = ses;
	hlen = cur_pos(c) - start;
	if (!(li->flags & L2TP_T)) {
		li->payload_off = (uint8_t)(hlen > 255 ? 255 : hlen);
		if (li->flags & L2TP_L && li->length != cur_left(c) + hlen)
			dctx_anomaly(ctx, "l2tp.length_mismatch",
			    li->length > cur_left(c) + hlen ? AK_MALFORMED :
			    AK_NOTE, "Length %u, datagram carries %zu",
			    li->length, cur_left(c) + hlen);
		return DS_OK;
	}
	li->control = 1;
	if ((li->flags & (L2TP_L | L2TP_S)) != (L2TP_L | L2TP_S))
		dctx_anomaly(ctx, "l2tp.missing_ls_bits", AK_MALFORMED,
		    "control message flags 0x%04x: L and S must be set",
		    li->flags);
	return control_avps(ctx, c, l, start, hlen, (li->flags & L2TP_L) != 0);
}

static enum dstatus
l2tp_dissect(struct dctx *ctx, struct cursor *c, struct layer *l)
{
	const struct layer *pl = prev_layer(ctx);
	struct l2tp_info *li = &l->u.l2tp;
	uint16_t fl;
	enum dstatus st;

	memset(li, 0, sizeof(*li));
	li->result = li->error = L2TP_NONE16;
	li->pw_type = L2TP_NONE16;
	li->cookie_len = li->l2ss = L2TP_NONE8;
	li->lsid = li->rsid = UINT32_MAX;
	li->over_ip = pl != NULL && (pl->proto == PROTO_IPV4 ||
	    pl->proto == PROTO_IPV6);
	if (li->over_ip) {
		li->version = 3;
		li->session_id = cur_u32(c);
		if ((st = dctx_cur_status(ctx, c, "l2tp")) != DS_OK)
			return st;
		if (li->session_id != 0)
			return data_v3(ctx, c, l);
		return control_v3(ctx, c, l);
	}
	if (!cur_peek_u16(c, 0, &fl)) {
		/* too short to say which version: truncated or not ours */
		if (cur_left(c) >= 2) {
			cur_u16(c);
			return dctx_cur_status(ctx, c, "l2tp");
		}
		return DS_NOT_MINE;
	}
	switch (fl & L2TP_VER) {
	case 3:
		li->version = 3;
		if (fl & L2TP_T)
			return control_v3(ctx, c, l);
		li->flags = cur_u16(c);
		cur_u16(c);	/* reserved */
		li->session_id = cur_u32(c);
		if ((st = dctx_cur_status(ctx, c, "l2tp")) != DS_OK)
			return st;
		return data_v3(ctx, c, l);
	case 2:
		return l2tp_v2(ctx, c, l);
	default:
		return DS_NOT_MINE;
	}
}

/* ---- text ---- */

/* The AVP area of a control layer again, for the text functions. */
static int
walk_again(const struct layer *l, struct l2tp_walk *w, uint32_t *msg_off)
{
	const struct l2tp_info *li = &l->u.l2tp;
	size_t msg = l->off + (li->over_ip ? 4 : 0), dgram, end;
	struct cursor c;

	if (!li->control || l->len < (li->over_ip ? 4u : 0u))
		return 0;
	dgram = l->len - (li->over_ip ? 4 : 0);
	end = dgram;
	if ((li->version == 3 || (li->flags & L2TP_L)) &&
	    li->length >= li->payload_off - (li->over_ip ? 4 : 0) &&
	    li->length <= dgram)
		end = li->length;
	c = cur_make(l->base, l->off + l->cap, msg + end);
	c.pos = l->off + li->payload_off;
	if (c.pos > c.lim)
		return 0;
	w->c = c;
	w->base_off = 0;
	w->err = WALK_OK;
	*msg_off = (uint32_t)msg;
	return 1;
}

static void
put_cookie(struct textbuf *tb, const struct l2tp_info *li)
{
	if (li->cookie_len == 0 || li->cookie_len > 8)
		tb_puts(tb, "-");
	else
		tb_hex(tb, li->cookie, li->cookie_len);
}

static void
info_control(const struct layer *l, struct textbuf *tb)
{
	const struct l2tp_info *li = &l->u.l2tp;
	const char *s = l2tp_msg_short(li->msg_type);
	struct l2tp_walk w;
	struct l2tp_avp a;
	uint32_t msg_off;
	size_t i;
	int first = 1;

	if (li->zlb)
		tb_puts(tb, "ZLB");
	else if (s != NULL)
		tb_puts(tb, s);
	else
		tb_printf(tb, "type-%u", li->msg_type);
	if (li->version == 2)
		tb_printf(tb, " tunnel=%u session=%u", li->ccid >> 16,
		    li->ccid & 0xffff);
	else
		tb_printf(tb, " ccid=%u", li->ccid);
	if (li->flags & L2TP_S || li->version == 3)
		tb_printf(tb, " Ns=%u Nr=%u", li->ns, li->nr);
	if (li->host_len > 0 && (uint32_t)li->host_off + li->host_len <=
	    l->cap) {
		tb_puts(tb, " host=");
		tb_esc(tb, l->base + l->off + li->host_off, li->host_len);
	}
	if (li->router_id != 0) {
		tb_puts(tb, " router-id=");
		tb_ip4(tb, li->router_id);
	}
	if (li->assigned_ccid != 0)
		tb_printf(tb, " assigned-%s=%u", li->version == 2 ? "tunnel" :
		    "ccid", li->assigned_ccid);
	if (walk_again(l, &w, &msg_off)) {
		while (l2tp_avp_next(&w, &a)) {
			if (a.ietf != AVP_PW_CAPS || (a.flags & AVP_H) ||
			    a.vcap != a.vlen)
				continue;
			for (i = 0; i + 1 < a.vlen; i += 2) {
				const char *n = l2tp_pw_name(rd16(a.val + i));

				tb_puts(tb, first ? " pw-caps=" : ",");
				first = 0;
				if (n != NULL)
					tb_puts(tb, n);
				else
					tb_printf(tb, "%u", rd16(a.val + i));
			}
		}
	}
	if (li->lsid != UINT32_MAX)
		tb_printf(tb, " %s=%u", li->version == 2 ? "assigned-session" :
		    "lsid", li->lsid);
	if (li->rsid != UINT32_MAX)
		tb_printf(tb, " rsid=%u", li->rsid);
	if (li->pw_type != L2TP_NONE16) {
		s = l2tp_pw_name(li->pw_type);
		if (s != NULL)
			tb_printf(tb, " pw-type=%s", s);
		else
			tb_printf(tb, " pw-type=%u", li->pw_type);
	}
	if (li->cookie_len != L2TP_NONE8) {
		tb_puts(tb, " cookie=");
		put_cookie(tb, li);
	}
	if (li->l2ss != L2TP_NONE8)
		tb_printf(tb, " l2ss=%s", li->l2ss == 0 ? "none" :
		    li->l2ss == 1 ? "default" : "other");
	if (li->result != L2TP_NONE16) {
		tb_printf(tb, " result=%u", li->result);
		if (li->error != L2TP_NONE16)
			tb_printf(tb, " error=%u", li->error);
	}
	if (li->hidden)
		tb_printf(tb, " hidden=%u/%u", li->unhidden, li->hidden);
	if (li->digest == L2TP_DIGEST_OK)
		tb_puts(tb, " digest=ok");
	else if (li->digest == L2TP_DIGEST_BAD)
		tb_puts(tb, " digest=BAD");
}

static void
info_data(const struct layer *l, struct textbuf *tb)
{
	const struct l2tp_info *li = &l->u.l2tp;

	if (li->version == 2) {
		tb_printf(tb, "data tunnel=%u session=%u (PPP payload not "
		    "decoded)", li->ccid >> 16, li->ccid & 0xffff);
		return;
	}
	tb_printf(tb, "data session=%u", li->session_id);
	if (li->layout == L2TP_LAYOUT_UNKNOWN) {
		tb_puts(tb, " cookie=? l2ss=? (layout unknown, payload not "
		    "decoded)");
		return;
	}
	tb_puts(tb, " cookie=");
	put_cookie(tb, li);
	if (li->l2ss == 1)
		tb_printf(tb, " l2ss=default%s", li->l2ss_flags & 0x40 ? "" :
		    "(S=0)");
	else if (li->l2ss == 0)
		tb_puts(tb, " l2ss=none");
	else
		tb_printf(tb, " l2ss=type-%u", li->l2ss);
	if (li->l2ss == 1 && li->l2ss_flags & 0x40)
		tb_printf(tb, " seq=%u", li->l2ss_seq);
	if (li->layout == L2TP_LAYOUT_INFERRED)
		tb_printf(tb, " (inferred, %u%%)", li->confidence);
	else if (li->layout == L2TP_LAYOUT_PREF)
		tb_puts(tb, " (preference)");
	if (li->pw_type != 4 && li->pw_type != 5) {
		const char *n = li->pw_type == L2TP_NONE16 ? NULL :
		    l2tp_pw_name(li->pw_type);

		if (n != NULL)
			tb_printf(tb, " pw=%s, payload not decoded", n);
		else if (li->pw_type != L2TP_NONE16)
			tb_printf(tb, " pw=%u, payload not decoded",
			    li->pw_type);
		else
			tb_puts(tb, " pw=unknown, payload not decoded");
	}
}

static void
l2tp_info(const struct layer *l, struct textbuf *tb)
{
	if (l->u.l2tp.control)
		info_control(l, tb);
	else
		info_data(l, tb);
}

static void
detail_avps(const struct layer *l, struct textbuf *tb)
{
	const struct l2tp_info *li = &l->u.l2tp;
	struct l2tp_walk w;
	struct l2tp_avp a;
	uint32_t msg_off;
	const uint8_t *v;
	size_t n;
	const char *name;

	if (!walk_again(l, &w, &msg_off))
		return;
	while (l2tp_avp_next(&w, &a)) {
		name = l2tp_avp_name(a.vendor, a.type);
		tb_printf(tb, "    AVP %c%c len=%u", a.flags & AVP_M ? 'M' : '-',
		    a.flags & AVP_H ? 'H' : '-', a.len);
		if (a.vendor != 0) {
			const char *vn = l2tp_vendor_name(a.vendor);

			tb_printf(tb, " vendor=%u%s%s%s", a.vendor,
			    vn ? " (" : "", vn ? vn : "", vn ? ")" : "");
		}
		if (name != NULL)
			tb_printf(tb, " %s (%u): ", name, a.type);
		else
			tb_printf(tb, " unknown (%u): ", a.type);
		if (a.flags & AVP_H) {
			if (scratch_get(li, a.off - l->off, &v, &n)) {
				tb_puts(tb, "[un-hidden] ");
				l2tp_avp_format(tb, li->version, li->msg_type,
				    a.vendor, a.ietf, v, n, n);
			} else {
				tb_puts(tb, "[hidden] ");
				tb_hex(tb, a.val, a.vcap);
			}
		} else if (a.ietf != 0xffff) {
			l2tp_avp_format(tb, li->version, li->msg_type, a.vendor,
			    a.ietf, a.val, a.vcap, a.vlen);
		} else {
			tb_hex(tb, a.val, a.vcap);
		}
		tb_putc(tb, '\n');
	}
}

static void
l2tp_detail(const struct layer *l, struct textbuf *tb)
{
	const struct l2tp_info *li = &l->u.l2tp;
	const char *n;

	if (li->control) {
		tb_printf(tb, "  L2TPv%u control%s: flags 0x%04x (%s%s%s) "
		    "length %u", li->version, li->over_ip ? " over IP" : "",
		    li->flags, li->flags & L2TP_T ? "T" : "-",
		    li->flags & L2TP_L ? "L" : "-", li->flags & L2TP_S ? "S" :
		    "-", li->length);
		if (li->version == 2)
			tb_printf(tb, " tunnel %u session %u", li->ccid >> 16,
			    li->ccid & 0xffff);
		else
			tb_printf(tb, " ccid %u", li->ccid);
		tb_printf(tb, " Ns %u Nr %u\n", li->ns, li->nr);
		if (li->zlb)
			tb_puts(tb, "    ZLB (acknowledgement only)\n");
		else if ((n = l2tp_msg_name(li->msg_type)) != NULL)
			tb_printf(tb, "    %s\n", n);
		if (li->digest == L2TP_DIGEST_OK)
			tb_puts(tb, "    Message Digest: verified\n");
		else if (li->digest == L2TP_DIGEST_BAD)
			tb_puts(tb, "    Message Digest: MISMATCH\n");
		else if (li->digest == L2TP_DIGEST_UNCHECKED)
			tb_puts(tb, "    Message Digest: not verified (needs "
			    "-o l2tp.secret and both nonces)\n");
		detail_avps(l, tb);
		return;
	}
	if (li->version == 2) {
		tb_printf(tb, "  L2TPv2 data: flags 0x%04x tunnel %u session "
		    "%u; PPP payload not decoded\n", li->flags, li->ccid >> 16,
		    li->ccid & 0xffff);
		return;
	}
	tb_printf(tb, "  L2TPv3 data%s: session %u cookie ", li->over_ip ?
	    " over IP" : "", li->session_id);
	put_cookie(tb, li);
	if (li->l2ss == 1)
		tb_printf(tb, " L2SS default (flags 0x%02x, S=%u, seq %u)",
		    li->l2ss_flags, (li->l2ss_flags >> 6) & 1, li->l2ss_seq);
	else if (li->l2ss == 0)
		tb_puts(tb, " L2SS none");
	else
		tb_printf(tb, " L2SS type %u", li->l2ss);
	tb_printf(tb, "; layout %s", li->layout == L2TP_LAYOUT_NEGOTIATED ?
	    "negotiated" : li->layout == L2TP_LAYOUT_PREF ? "from -o" :
	    li->layout == L2TP_LAYOUT_INFERRED ? "inferred" : "unknown");
	if (li->layout == L2TP_LAYOUT_INFERRED)
		tb_printf(tb, " (confidence %u%%)", li->confidence);
	if (li->pw_type != L2TP_NONE16) {
		n = l2tp_pw_name(li->pw_type);
		tb_printf(tb, "; PW %s (%u)%s", n ? n : "unknown", li->pw_type,
		    li->pw_assumed ? ", assumed: no control plane" : "");
	}
	tb_putc(tb, '\n');
}

static const char *
l2tp_display_of(const struct layer *l)
{
	return l->u.l2tp.version == 2 ? "L2TPv2" : "L2TPv3";
}

static const struct dreg l2tp_regs[] = {
	{ DT_UDP_PORT, 1701 },
	{ DT_IPPROTO, IPPROTO_L2TP },
};

const struct dissector dissector_l2tp = {
	.name = "l2tp",
	.display = "L2TPv3",
	.proto = PROTO_L2TP,
	.role = DR_TUNNEL,
	.regs = l2tp_regs,
	.nregs = sizeof(l2tp_regs) / sizeof(l2tp_regs[0]),
	.dissect = l2tp_dissect,
	.info = l2tp_info,
	.detail = l2tp_detail,
	.display_of = l2tp_display_of,
};
