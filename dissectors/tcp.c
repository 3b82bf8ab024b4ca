/* tcp.c - Transmission Control Protocol header and options (RFC 9293).
 *
 * Options: EOL, NOP, MSS (RFC 9293), Window Scale, Timestamps (RFC 7323),
 * SACK-permitted, SACK (RFC 2018), MD5 signature (RFC 2385), TCP-AO
 * (RFC 5925); unknown kinds are skipped by their length.
 *
 * Anomalies (stable names):
 *   tcp.truncated        the header (fixed part or options) was cut by the
 *                        capture
 *   tcp.malformed        the IP payload is shorter than the 20-byte header
 *   tcp.bad_data_offset  Data Offset < 5, or the header it gives runs past
 *                        the segment
 *   tcp.bad_option       an option's length is 0/1, runs past the header,
 *                        or is wrong for its kind (the walk stops at a length
 *                        it cannot skip by; the segment is still dissected)
 *   tcp.ws_too_big       (note) Window Scale shift > 14 (RFC 7323 §2.3)
 *   tcp.bad_checksum     (note) checksum wrong; a note, not malformed, and
 *                        the payload is still handed on: captures taken on
 *                        the sending host carry partial checksums under NIC
 *                        offload (the detail says so when the field holds
 *                        exactly the pseudo-header sum)
 *
 * Sequence numbers are shown RAW, not relative to the ISN as tshark shows
 * them: this dissector keeps no per-connection state.
 *
 * The checksum is verified only when the whole segment was captured and the
 * enclosing IP layer (the last IPv4/IPv6 layer before this one) is known,
 * is not an unreassembled fragment, and has no IPv4 options / IPv6 Routing
 * header.  payload_len is the IP payload minus the header; payload_cap the
 * part of it that was captured.  Every segment whose header parsed emits
 * EV_TCP_SEGMENT; a non-empty payload is handed on by port, lower first.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cksum.h"
#include "dissect.h"
#include "event.h"
#include "textbuf.h"

#define TCP_HLEN	20
#define IPPROTO_TCP_NUM	6
#define TCP_MAX_OPTS	40	/* bytes of options: bounds the walk */

enum {
	TCPOPT_EOL = 0,
	TCPOPT_NOP = 1,
	TCPOPT_MSS = 2,
	TCPOPT_WS = 3,
	TCPOPT_SACK_PERM = 4,
	TCPOPT_SACK = 5,
	TCPOPT_TS = 8,
	TCPOPT_MD5 = 19,
	TCPOPT_AO = 29,
};

static void
tcp_check(struct dctx *ctx, const struct layer *ip, struct cursor whole,
    size_t seglen, struct tcp_info *t)
{
	const uint8_t *p;
	uint64_t ph = 0, sum;
	uint16_t phs, phn;

	if (!cksum_pseudo(ip, IPPROTO_TCP_NUM, (uint32_t)seglen, &ph))
		return;
	if ((p = cur_bytes(&whole, seglen)) == NULL)
		return;			/* not captured whole */
	/* + 0xffff (one's-complement zero): the value stays above the
	 * checksum field subtracted below, the folds are unchanged */
	sum = ph + cksum_data(p, seglen) + 0xffff;
	t->cksum_calc = (uint16_t)~cksum_fold(sum - t->cksum);
	if (cksum_fold(sum) == 0xffff) {
		t->cksum_status = L4CK_GOOD;
		return;
	}
	t->cksum_status = L4CK_BAD;
	phs = cksum_fold(ph);
	phn = (uint16_t)~phs;
	if (t->cksum == phs || t->cksum == phn)
		dctx_anomaly(ctx, "tcp.bad_checksum", AK_NOTE, "checksum 0x%04x,"
		    " should be 0x%04x (pseudo-header sum only: checksum "
		    "offload on the capturing host)", t->cksum, t->cksum_calc);
	else
		dctx_anomaly(ctx, "tcp.bad_checksum", AK_NOTE,
		    "checksum 0x%04x, should be 0x%04x", t->cksum,
		    t->cksum_calc);
}

/* Is len right for a known kind?  Unknown kinds: any len >= 2 is. */
static int
tcp_opt_len_ok(uint8_t kind, uint8_t len)
{
	switch (kind) {
	case TCPOPT_MSS:
		return len == 4;
	case TCPOPT_WS:
		return len == 3;
	case TCPOPT_SACK_PERM:
		return len == 2;
	case TCPOPT_SACK:
		return len >= 10 && (len - 2) % 8 == 0;
	case TCPOPT_TS:
		return len == 10;
	case TCPOPT_MD5:
		return len == 18;
	case TCPOPT_AO:
		return len >= 4;	/* KeyID, RNextKeyID, MAC */
	default:
		return 1;
	}
}

/*
 * Walk the options in o (bounded to the header).  Bad lengths are reported
 * and stop the walk only when the option cannot be skipped.  Returns
 * CUR_TRUNCATED when the capture cut the options, else CUR_OK.
 */
static int
tcp_options(struct dctx *ctx, struct cursor *o, struct tcp_info *t)
{
	struct cursor b;
	uint8_t kind, len;
	unsigned n;
	int trunc = 0;

	for (n = 0; n < TCP_MAX_OPTS && cur_left(o) > 0; n++) {
		kind = cur_u8(o);
		if (!cur_ok(o))
			return cur_err(o);
		if (kind == TCPOPT_EOL)
			break;		/* the rest is padding */
		if (kind == TCPOPT_NOP)
			continue;
		if (cur_left(o) == 0) {
			dctx_anomaly(ctx, "tcp.bad_option", AK_MALFORMED,
			    "option kind %u has no length byte", kind);
			break;
		}
		len = cur_u8(o);
		if (!cur_ok(o))
			return cur_err(o);
		if (len < 2) {
			dctx_anomaly(ctx, "tcp.bad_option", AK_MALFORMED,
			    "option kind %u with length %u", kind, len);
			break;
		}
		if ((size_t)len - 2 > cur_left(o)) {
			dctx_anomaly(ctx, "tcp.bad_option", AK_MALFORMED,
			    "option kind %u length %u runs past the header "
			    "(%zu bytes left)", kind, len, cur_left(o) + 2);
			break;
		}
		b = cur_sub(o, (size_t)len - 2);
		t->nopts++;
		if (!tcp_opt_len_ok(kind, len)) {
			dctx_anomaly(ctx, "tcp.bad_option", AK_MALFORMED,
			    "option kind %u with length %u", kind, len);
			continue;	/* skipped by its length */
		}
		switch (kind) {
		case TCPOPT_MSS:
			t->mss = cur_u16(&b);
			break;
		case TCPOPT_WS:
			t->ws = cur_u8(&b);
			t->has_ws = cur_ok(&b);
			if (t->has_ws && t->ws > 14)
				dctx_anomaly(ctx, "tcp.ws_too_big", AK_NOTE,
				    "window scale shift %u > 14 (RFC 7323 "
				    "s.2.3: treated as 14)", t->ws);
			break;
		case TCPOPT_SACK_PERM:
			t->sack_perm = 1;
			break;
		case TCPOPT_SACK:
			t->nsack = (uint8_t)((len - 2) / 8);
			cur_skip(&b, (size_t)len - 2);
			break;
		case TCPOPT_TS:
			t->tsval = cur_u32(&b);
			t->tsecr = cur_u32(&b);
			t->has_ts = cur_ok(&b);
			break;
		case TCPOPT_MD5:
			t->md5 = 1;
			break;
		case TCPOPT_AO:
			t->ao = 1;
			break;
		default:
			break;
		}
		/* the known kinds' bodies must have been captured */
		if (cur_err(&b) == CUR_TRUNCATED)
			trunc = 1;
	}
	return trunc ? CUR_TRUNCATED : CUR_OK;
}

static void
tcp_emit(struct dctx *ctx, struct layer *l)
{
	struct event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = EV_TCP_SEGMENT;
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
tcp_dissect(struct dctx *ctx, struct cursor *c, struct layer *l)
{
	struct tcp_info *t = &l->u.tcp;
	const struct layer *ip = cksum_enclosing_ip(ctx);
	const struct cursor whole = *c;
	size_t seglen = cur_left(c);
	int partial = cksum_ip_partial(ip);
	struct cursor o, payload;
	enum dstatus st;
	uint16_t w, lo, hi;
	int trunc;

	t->sport = cur_u16(c);
	t->dport = cur_u16(c);
	t->seq = cur_u32(c);
	t->ack = cur_u32(c);
	w = cur_u16(c);
	t->win = cur_u16(c);
	t->cksum = cur_u16(c);
	t->urp = cur_u16(c);
	if ((st = dctx_cur_status(ctx, c, "tcp")) != DS_OK)
		return st;
	t->hlen = (uint8_t)((w >> 12) * 4);
	t->res = (uint8_t)((w >> 8) & 0x0f);
	t->flags = (uint8_t)(w & 0xff);
	if (t->hlen < TCP_HLEN) {
		dctx_anomaly(ctx, "tcp.bad_data_offset", AK_MALFORMED,
		    "data offset %u (< 5 words)", t->hlen / 4);
		return DS_MALFORMED;
	}
	if (t->hlen > seglen) {
		dctx_anomaly(ctx, "tcp.bad_data_offset", AK_MALFORMED,
		    "header of %u bytes in a %zu-byte segment", t->hlen,
		    seglen);
		return DS_MALFORMED;
	}
	o = cur_sub(c, t->hlen - TCP_HLEN);
	/* walk what was captured; a header cut anywhere is truncated, even
	 * inside an option we only skip or in the padding after EOL */
	trunc = !cur_complete(&o);
	if (tcp_options(ctx, &o, t) == CUR_TRUNCATED || trunc) {
		dctx_anomaly(ctx, "tcp.truncated", AK_TRUNCATED,
		    "options cut by the capture");
		st = DS_TRUNCATED;
	}
	t->payload_len = (uint32_t)cur_left(c);
	t->payload_cap = (uint32_t)cur_avail(c);
	if (!partial)
		tcp_check(ctx, ip, whole, seglen, t);

	l->status = (uint8_t)st;	/* trackers may look at it */
	tcp_emit(ctx, l);
	if (st != DS_OK || partial || t->payload_len == 0)
		return st;
	payload = cur_rest(c);
	lo = t->sport < t->dport ? t->sport : t->dport;
	hi = t->sport < t->dport ? t->dport : t->sport;
	dctx_next2(ctx, DT_TCP_PORT, lo, hi, &payload);
	return DS_OK;
}

static const struct tok tcp_flag_names[] = {
	{ TCP_FIN, "FIN" },
	{ TCP_SYN, "SYN" },
	{ TCP_RST, "RST" },
	{ TCP_PSH, "PSH" },
	{ TCP_ACK, "ACK" },
	{ TCP_URG, "URG" },
	{ TCP_ECE, "ECE" },
	{ TCP_CWR, "CWR" },
	{ 0, NULL },
};

/* "[SYN, ACK]" in bit order, as tshark lists them; "[]" for none. */
static void
tcp_flags_text(struct textbuf *tb, uint8_t flags, uint8_t res)
{
	const struct tok *f;
	const char *sep = "";

	tb_putc(tb, '[');
	for (f = tcp_flag_names; f->s != NULL; f++)
		if (flags & f->v) {
			tb_printf(tb, "%s%s", sep, f->s);
			sep = ", ";
		}
	if (res & 0x01)
		tb_printf(tb, "%sAE", sep);
	tb_putc(tb, ']');
}

static void
tcp_opts_text(struct textbuf *tb, const struct tcp_info *t, const char *sep0,
    const char *sep)
{
	const char *s = sep0;

	if (t->mss) {
		tb_printf(tb, "%smss=%u", s, t->mss);
		s = sep;
	}
	if (t->has_ws) {
		tb_printf(tb, "%sws=%u", s, t->ws);
		s = sep;
	}
	if (t->sack_perm) {
		tb_printf(tb, "%ssack_perm", s);
		s = sep;
	}
	if (t->nsack) {
		tb_printf(tb, "%ssack=%u", s, t->nsack);
		s = sep;
	}
	if (t->has_ts) {
		tb_printf(tb, "%stsval=%u tsecr=%u", s, t->tsval, t->tsecr);
		s = sep;
	}
	if (t->md5) {
		tb_printf(tb, "%smd5", s);
		s = sep;
	}
	if (t->ao)
		tb_printf(tb, "%sao", s);
}

/* "179 > 50312 [SYN, ACK] seq=0 ack=1 win=65535 len=0 mss=1460" */
static void
tcp_info(const struct layer *l, struct textbuf *tb)
{
	const struct tcp_info *t = &l->u.tcp;

	tb_printf(tb, "%u > %u ", t->sport, t->dport);
	tcp_flags_text(tb, t->flags, t->res);
	tb_printf(tb, " seq=%u", t->seq);
	if (t->flags & TCP_ACK)
		tb_printf(tb, " ack=%u", t->ack);
	tb_printf(tb, " win=%u len=%u", t->win, t->payload_len);
	if (t->flags & TCP_URG)
		tb_printf(tb, " urp=%u", t->urp);
	tcp_opts_text(tb, t, " ", " ");
}

static void
tcp_detail(const struct layer *l, struct textbuf *tb)
{
	const struct tcp_info *t = &l->u.tcp;

	tb_printf(tb, "  TCP src port %u, dst port %u, seq %u, ack %u, "
	    "header %u bytes\n", t->sport, t->dport, t->seq, t->ack, t->hlen);
	/* all 12 bits, reserved ones included, as tshark's tcp.flags */
	tb_printf(tb, "  flags 0x%03x ", (unsigned)(t->res & 0x0f) << 8 |
	    t->flags);
	tcp_flags_text(tb, t->flags, t->res);
	tb_printf(tb, ", window %u, urgent %u, checksum 0x%04x", t->win,
	    t->urp, t->cksum);
	cksum_status_text(tb, t->cksum_status, t->cksum_calc);
	tb_putc(tb, '\n');
	if (t->nopts) {
		tb_printf(tb, "  options (%u):", t->nopts);
		tcp_opts_text(tb, t, " ", ", ");
		tb_putc(tb, '\n');
	}
	tb_printf(tb, "  payload %u bytes (%u captured)\n", t->payload_len,
	    t->payload_cap);
}

static void
tcp_endpoints(const struct layer *l, struct textbuf *src, struct textbuf *dst)
{
	tb_uint(src, l->u.tcp.sport);
	tb_uint(dst, l->u.tcp.dport);
}

static const struct dreg tcp_regs[] = {
	{ DT_IPPROTO, IPPROTO_TCP_NUM },
};

const struct dissector dissector_tcp = {
	.name = "tcp",
	.display = "TCP",
	.proto = PROTO_TCP,
	.role = DR_TRANSPORT,
	.regs = tcp_regs,
	.nregs = sizeof(tcp_regs) / sizeof(tcp_regs[0]),
	.dissect = tcp_dissect,
	.info = tcp_info,
	.detail = tcp_detail,
	.endpoints = tcp_endpoints,
};
