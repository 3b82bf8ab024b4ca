/* ipv6.c - Internet Protocol version 6 (RFC 8200): fixed header, extension headers, fragments.
 *
 * The payload length narrows the frame.  The extension header chain is
 * walked up to IPV6_MAX_EXT headers: hop-by-hop (0), routing (43),
 * destination options (60) and the other RFC 8200 §4 / RFC 7045 headers
 * of the same shape (135, 139, 140, 253, 254) are skipped by their length
 * in 8-octet units; AH (51, RFC 4302) by its length in 4-octet units; ESP
 * (50) and No Next Header (59) end the chain.  A Fragment header (44)
 * sends the fragment to reassembly (RFC 8200 §4.5); an atomic fragment
 * (offset 0, M=0, RFC 6946) is dissected on directly.  When a datagram
 * completes, the walk continues in the reassembled bytes.
 *
 * Anomalies:
 *   ipv6.truncated         capture ends inside a header
 *   ipv6.malformed         the frame ends inside the 40-byte fixed header
 *   ipv6.bad_version       version nibble is not 6
 *   ipv6.bad_payload_len   payload length (or jumbo payload length)
 *                          beyond the frame; 0 with hop-by-hop but no
 *                          Jumbo Payload option (the frame gives it)
 *   ipv6.jumbogram         a Jumbo Payload option gives the length (note)
 *   ipv6.bad_ext_len       an extension header runs past the payload
 *   ipv6.hbh_not_first     hop-by-hop options after another header
 *   ipv6.ext_too_many      more than IPV6_MAX_EXT extension headers (note)
 *   ipv6.rh0_deprecated    a Type 0 Routing header, deprecated by RFC 5095
 *                          for the amplification it allows (note)
 *   ipv6.frag_bad_len      non-last fragment not a multiple of 8 bytes
 *   ipv6.frag_overlap      fragment overlaps bytes held: note when equal,
 *                          malformed when they differ
 *   ipv6.frag_dropped      reassembly refused the fragment (reason given)
 */
#include <string.h>

#include "dissect.h"
#include "ipproto.h"
#include "event.h"
#include "reasm.h"
#include "textbuf.h"

#define IPV6_HDR_LEN	40

static int
ipv6_is_ext(uint8_t nh)
{
	switch (nh) {
	case 0: case 43: case 44: case 51: case 60:
	case 135: case 139: case 140: case 253: case 254:
		return 1;
	}
	return 0;
}

static void
ipv6_event(struct dctx *ctx, struct layer *l, enum event_kind kind)
{
	struct event ev = { .kind = (uint16_t)kind, .depth = ctx->depth,
	    .vantage = ctx->frame->vantage, .frame = ctx->frame->number,
	    .ts_ns = ctx->frame->ts_ns, .pkt = ctx->pkt, .layer = l };

	dctx_emit(ctx, &ev);
}

static enum dstatus
ipv6_ext_status(struct dctx *ctx, const struct cursor *c, uint8_t nh)
{
	if (cur_err(c) == CUR_TRUNCATED) {
		dctx_anomaly(ctx, "ipv6.truncated", AK_TRUNCATED, "%s header "
		    "cut by the capture", tok_name(ip_proto_names, nh, "extension"));
		return DS_TRUNCATED;
	}
	dctx_anomaly(ctx, "ipv6.bad_ext_len", AK_MALFORMED, "%s header runs "
	    "past the payload", tok_name(ip_proto_names, nh, "extension"));
	return DS_MALFORMED;
}

/*
 * The fragment whose payload is in *c: reassembly.  Returns DS_OK with
 * *done set and *c over the reassembled bytes when the datagram completed.
 */
static enum dstatus
ipv6_fragment(struct dctx *ctx, struct layer *l, struct cursor *c,
    uint8_t fnh, int *done)
{
	struct ipv6_info *ip = &l->u.ipv6;
	const struct reasm_stats *rs;
	struct reasm_key k;
	const uint8_t *data, *out;
	const char *reason;
	size_t n = cur_left(c), outlen;
	uint64_t conflicts;
	unsigned nfrags;
	enum reasm_result r;

	*done = 0;
	ip->upper_len = (uint32_t)n;
	ipv6_event(ctx, l, EV_IP_FRAGMENT);
	if (ip->mf && n % 8 != 0) {
		dctx_anomaly(ctx, "ipv6.frag_bad_len", AK_MALFORMED, "fragment "
		    "with M=1 carries %zu bytes, not a multiple of 8", n);
		return DS_MALFORMED;
	}
	if (ctx->reasm == NULL)
		return DS_OK;
	if ((data = cur_bytes(c, n)) == NULL) {
		dctx_anomaly(ctx, "ipv6.truncated", AK_TRUNCATED, "fragment "
		    "payload cut by the capture: not reassembled");
		return DS_TRUNCATED;
	}
	memset(&k, 0, sizeof(k));
	k.af = 6;
	k.proto = fnh;	/* RFC 8200 keys on addresses and id only: the
			 * Next Header of every fragment is expected equal */
	k.id = ip->frag_id;
	memcpy(k.src, ip->src, 16);
	memcpy(k.dst, ip->dst, 16);
	k.vantage = ctx->frame->vantage;
	k.depth = ctx->depth;
	rs = reasm_stats(ctx->reasm);
	conflicts = rs->overlap_conflicts;
	r = reasm_add(ctx->reasm, &k, ctx->frame->ts_ns, ip->frag_off, ip->mf,
	    data, n, &out, &outlen, &nfrags, &reason);
	if (r == REASM_DROPPED) {
		dctx_anomaly(ctx, "ipv6.frag_dropped", AK_NOTE, "not "
		    "reassembled: %s", reason);
		return DS_OK;
	}
	if (reason != NULL)
		dctx_anomaly(ctx, "ipv6.frag_overlap",
		    rs->overlap_conflicts != conflicts ? AK_MALFORMED : AK_NOTE,
		    "id 0x%08x offset %u: %s", ip->frag_id, ip->frag_off,
		    reason);
	if (r != REASM_DONE)
		return DS_OK;
	ip->reassembled = 1;
	ip->nfrags = (uint16_t)(nfrags > 0xffff ? 0xffff : nfrags);
	ip->reasm_len = (uint32_t)outlen;
	ipv6_event(ctx, l, EV_IP_REASSEMBLED);
	*c = cur_make(out, outlen, outlen);
	*done = 1;
	return DS_OK;
}

/* RFC 2675 Jumbo Payload option (0xC2, length 4) in the hop-by-hop
 * header at c's position; 0 when absent or not captured. */
static uint32_t
ipv6_jumbo_len(const struct cursor *c)
{
	struct cursor t = *c, o;
	uint8_t len, type, olen;
	uint32_t v;

	cur_u8(&t);
	len = cur_u8(&t);
	o = cur_sub(&t, (size_t)len * 8 + 6);
	while (cur_left(&o) > 0) {
		type = cur_u8(&o);
		if (type == 0)			/* Pad1 */
			continue;
		olen = cur_u8(&o);
		if (type == 0xc2 && olen == 4) {
			v = cur_u32(&o);
			return cur_ok(&o) ? v : 0;
		}
		cur_skip(&o, olen);
	}
	return 0;
}

static enum dstatus
ipv6_dissect(struct dctx *ctx, struct cursor *c, struct layer *l)
{
	struct ipv6_info *ip = &l->u.ipv6;
	struct cursor pay, t = *c;
	uint32_t vtf;
	uint8_t b, nh, nh2, len;
	uint16_t offm;
	size_t wire;
	enum dstatus st;
	int done;

	/* the version first: a wrong one says more than a short header */
	b = cur_u8(&t);
	if ((st = dctx_cur_status(ctx, &t, "ipv6")) != DS_OK)
		return st;
	if (b >> 4 != 6) {
		dctx_anomaly(ctx, "ipv6.bad_version", AK_MALFORMED, "version "
		    "%u in an IPv6 header", b >> 4);
		return DS_MALFORMED;
	}
	vtf = cur_u32(c);
	ip->plen = cur_u16(c);
	ip->nxt = cur_u8(c);
	ip->hlim = cur_u8(c);
	cur_copy(c, ip->src, 16);
	cur_copy(c, ip->dst, 16);
	if ((st = dctx_cur_status(ctx, c, "ipv6")) != DS_OK)
		return st;
	ip->tclass = (uint8_t)(vtf >> 20);
	ip->flow = vtf & 0xfffff;

	wire = cur_left(c);
	if (ip->plen == 0 && ip->nxt == 0) {
		uint32_t jlen = ipv6_jumbo_len(c);

		ip->jumbo = 1;
		if (jlen == 0)
			dctx_anomaly(ctx, "ipv6.bad_payload_len", AK_MALFORMED,
			    "payload length 0 with hop-by-hop options but no "
			    "Jumbo Payload option: using the frame's %zu bytes",
			    wire);
		else if (jlen > wire) {
			dctx_anomaly(ctx, "ipv6.bad_payload_len", AK_MALFORMED,
			    "jumbo payload length %u but the frame holds %zu "
			    "bytes", jlen, wire);
			return DS_MALFORMED;
		} else {
			dctx_anomaly(ctx, "ipv6.jumbogram", AK_NOTE, "jumbo "
			    "payload length %u (RFC 2675)", jlen);
			cur_limit(c, jlen);
			l->len = IPV6_HDR_LEN + jlen;
			if (l->cap > l->len)
				l->cap = l->len;
		}
	} else if (ip->plen > wire) {
		dctx_anomaly(ctx, "ipv6.bad_payload_len", AK_MALFORMED,
		    "payload length %u but the frame holds %zu bytes",
		    ip->plen, wire);
		return DS_MALFORMED;
	} else {
		cur_limit(c, ip->plen);	/* the rest is padding */
		l->len = IPV6_HDR_LEN + ip->plen;
		if (l->cap > l->len)
			l->cap = l->len;
	}

	pay = cur_rest(c);
	nh = ip->nxt;
	while (ipv6_is_ext(nh)) {
		if (ip->next_ext >= IPV6_MAX_EXT) {
			dctx_anomaly(ctx, "ipv6.ext_too_many", AK_NOTE, "more "
			    "than %d extension headers: the rest is not "
			    "decoded", IPV6_MAX_EXT);
			break;
		}
		if (nh == 0 && ip->next_ext > 0)
			dctx_anomaly(ctx, "ipv6.hbh_not_first", AK_MALFORMED,
			    "hop-by-hop options after another header");
		ip->ext[ip->next_ext++] = nh;
		nh2 = cur_u8(&pay);
		len = cur_u8(&pay);
		if (nh == 44) {
			offm = cur_u16(&pay);
			ip->frag_id = cur_u32(&pay);
			if (!cur_ok(&pay))
				return ipv6_ext_status(ctx, &pay, nh);
			(void)len;	/* reserved */
			ip->fragment = 1;
			ip->frag_off = offm & 0xfff8;
			ip->mf = offm & 1;
			if (ip->frag_off == 0 && !ip->mf) {
				nh = nh2;	/* atomic fragment */
				continue;
			}
			st = ipv6_fragment(ctx, l, &pay, nh2, &done);
			if (st != DS_OK || !done) {
				ip->proto = nh2;
				return st;
			}
		} else if (nh == 51)	/* AH: length in 4-octet units, -2 */
			cur_skip(&pay, ((size_t)len + 2) * 4 - 2);
		else {			/* length in 8-octet units, -1 */
			uint8_t rt;

			if (nh == 43 && cur_peek_u8(&pay, 0, &rt) && rt == 0)
				dctx_anomaly(ctx, "ipv6.rh0_deprecated", AK_NOTE,
				    "Type 0 Routing header, deprecated "
				    "(RFC 5095)");
			cur_skip(&pay, ((size_t)len + 1) * 8 - 2);
		}
		if (!cur_ok(&pay))
			return ipv6_ext_status(ctx, &pay, nh);
		nh = nh2;
	}
	ip->proto = nh;
	ip->upper_len = (uint32_t)cur_left(&pay);
	pay = cur_rest(&pay);
	dctx_next(ctx, DT_IPPROTO, nh, &pay);
	return DS_OK;
}

static void
ipv6_info(const struct layer *l, struct textbuf *tb)
{
	const struct ipv6_info *ip = &l->u.ipv6;

	if (ip->fragment && (ip->frag_off != 0 || ip->mf) &&
	    !ip->reassembled) {
		tb_printf(tb, "fragment id=0x%08x off=%u len=%u%s",
		    ip->frag_id, ip->frag_off, ip->upper_len,
		    ip->mf ? " M" : "");
		return;
	}
	tb_printf(tb, "proto %u len %u", ip->proto, ip->upper_len);
	if (ip->reassembled)
		tb_printf(tb, " (reassembled from %u fragments)", ip->nfrags);
}

static void
ipv6_detail(const struct layer *l, struct textbuf *tb)
{
	const struct ipv6_info *ip = &l->u.ipv6;
	unsigned i;

	tb_printf(tb, "  IPv6: tclass=0x%02x flow=0x%05x plen=%u nxt=%u (%s) "
	    "hlim=%u src=", ip->tclass, ip->flow, ip->plen, ip->nxt,
	    tok_name(ip_proto_names, ip->nxt, "unknown"), ip->hlim);
	tb_ip6(tb, ip->src);
	tb_puts(tb, " dst=");
	tb_ip6(tb, ip->dst);
	tb_putc(tb, '\n');
	if (ip->next_ext == 0)
		return;
	tb_puts(tb, "  IPv6: ext=");
	for (i = 0; i < ip->next_ext && i < IPV6_MAX_EXT; i++)
		tb_printf(tb, "%s%u", i ? "," : "", ip->ext[i]);
	tb_printf(tb, " proto=%u (%s)", ip->proto,
	    tok_name(ip_proto_names, ip->proto, "unknown"));
	if (ip->fragment)
		tb_printf(tb, " frag id=0x%08x off=%u M=%u", ip->frag_id,
		    ip->frag_off, ip->mf);
	if (ip->reassembled)
		tb_printf(tb, " reassembled %u bytes from %u fragments",
		    ip->reasm_len, ip->nfrags);
	tb_putc(tb, '\n');
}

static void
ipv6_endpoints(const struct layer *l, struct textbuf *src, struct textbuf *dst)
{
	tb_ip6(src, l->u.ipv6.src);
	tb_ip6(dst, l->u.ipv6.dst);
}

static const struct dreg ipv6_regs[] = {
	{ DT_ETHERTYPE, 0x86dd },
	{ DT_LINKTYPE, TS_LINKTYPE_IPV6 },
	{ DT_IPPROTO, 41 },		/* IPv6 in IP (RFC 4213) */
};

const struct dissector dissector_ipv6 = {
	.name = "ipv6",
	.display = "IPv6",
	.proto = PROTO_IPV6,
	.role = DR_NET,
	.regs = ipv6_regs,
	.nregs = sizeof(ipv6_regs) / sizeof(ipv6_regs[0]),
	.dissect = ipv6_dissect,
	.info = ipv6_info,
	.detail = ipv6_detail,
	.endpoints = ipv6_endpoints,
};
