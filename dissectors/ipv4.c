/* ipv4.c - Internet Protocol version 4 (RFC 791), header checksum (RFC 1071), fragments.
 *
 * The total length narrows the frame (what follows is link padding); a
 * total length the frame cannot hold is the sender's lie.  Options are
 * walked as type/length pairs inside the IHL.  The header checksum is
 * verified only when the whole header was captured.  Fragments go to the
 * pipeline's reassembly (ctx->reasm); when a datagram completes, its
 * payload is dissected from the reassembled buffer.  Without reassembly
 * (unit tests, or a fragment that was not captured whole) a fragment's
 * payload is not dissected.
 *
 * Anomalies:
 *   ipv4.truncated       capture ends inside the header (or fragment payload)
 *   ipv4.malformed       the frame ends inside the 20-byte fixed header
 *   ipv4.bad_version     version nibble is not 4
 *   ipv4.bad_ihl         IHL below 5 (20 bytes)
 *   ipv4.bad_total_len   total length below the IHL or beyond the frame;
 *                        0 is a note (TCP segmentation offload on the
 *                        capturing host): the frame gives the length
 *   ipv4.bad_option      an option without a length, shorter than 2 or
 *                        running past the header
 *   ipv4.bad_checksum    header checksum wrong
 *   ipv4.reserved_flag   the reserved (evil) flag bit set (note)
 *   ipv4.frag_too_long   fragment offset + length beyond 65535 (not added)
 *   ipv4.frag_overlap    a fragment overlaps bytes already held: note when
 *                        the bytes agree, malformed when they differ
 *   ipv4.frag_dropped    reassembly refused the fragment (reason given)
 */
#include <string.h>

#include "cksum.h"
#include "dissect.h"
#include "ipproto.h"
#include "event.h"
#include "reasm.h"
#include "textbuf.h"

#define IPV4_HDR_MIN	20
#define IPV4_MAX_LEN	65535u

static void
ipv4_event(struct dctx *ctx, struct layer *l, enum event_kind kind)
{
	struct event ev = { .kind = (uint16_t)kind, .depth = ctx->depth,
	    .vantage = ctx->frame->vantage, .frame = ctx->frame->number,
	    .ts_ns = ctx->frame->ts_ns, .pkt = ctx->pkt, .layer = l };

	dctx_emit(ctx, &ev);
}

/* RFC 1071 one's complement sum of the header without its checksum
 * field (bytes 10 and 11), folded. */
static uint16_t
ipv4_sum(const uint8_t *h, size_t ihl)
{
	uint32_t sum = cksum_data(h, 10) + cksum_data(h + 12, ihl - 12);

	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* Walk the options; DS_TRUNCATED when the capture cut them. */
static enum dstatus
ipv4_options(struct dctx *ctx, struct cursor *o)
{
	uint8_t type, len;

	while (cur_left(o) > 0) {
		type = cur_u8(o);
		if (type == 0)		/* End of Option List: rest is padding */
			break;
		if (type == 1)		/* No Operation */
			continue;
		len = cur_u8(o);
		if (cur_ok(o) && len < 2) {
			dctx_anomaly(ctx, "ipv4.bad_option", AK_MALFORMED,
			    "option %u with length %u", type, len);
			return DS_OK;
		}
		cur_skip(o, len - 2u);
		if (cur_err(o) == CUR_MALFORMED) {
			dctx_anomaly(ctx, "ipv4.bad_option", AK_MALFORMED,
			    "option %u runs past the header", type);
			return DS_OK;
		}
	}
	if (cur_err(o) == CUR_TRUNCATED) {
		dctx_anomaly(ctx, "ipv4.truncated", AK_TRUNCATED, "options "
		    "cut by the capture");
		return DS_TRUNCATED;
	}
	return DS_OK;
}

/* A fragment: to reassembly, and on completion on to the payload. */
static enum dstatus
ipv4_fragment(struct dctx *ctx, struct layer *l, struct cursor *pay)
{
	struct ipv4_info *ip = &l->u.ipv4;
	const struct reasm_stats *rs;
	struct reasm_key k;
	struct cursor rc;
	const uint8_t *data, *out;
	const char *reason;
	size_t plen = cur_left(pay), outlen;
	uint64_t conflicts;
	unsigned nfrags;
	enum reasm_result r;

	ip->fragment = 1;
	ipv4_event(ctx, l, EV_IP_FRAGMENT);
	if ((uint32_t)ip->frag_off + plen + ip->ihl > IPV4_MAX_LEN) {
		dctx_anomaly(ctx, "ipv4.frag_too_long", AK_MALFORMED,
		    "fragment at offset %u with %zu bytes ends past 65535",
		    ip->frag_off, plen);
		return DS_MALFORMED;
	}
	if (ctx->reasm == NULL)
		return DS_OK;
	if ((data = cur_bytes(pay, plen)) == NULL) {
		dctx_anomaly(ctx, "ipv4.truncated", AK_TRUNCATED, "fragment "
		    "payload cut by the capture: not reassembled");
		return DS_TRUNCATED;
	}
	memset(&k, 0, sizeof(k));
	k.af = 4;
	k.proto = ip->proto;
	k.id = ip->id;
	k.src[0] = (uint8_t)(ip->src >> 24);
	k.src[1] = (uint8_t)(ip->src >> 16);
	k.src[2] = (uint8_t)(ip->src >> 8);
	k.src[3] = (uint8_t)ip->src;
	k.dst[0] = (uint8_t)(ip->dst >> 24);
	k.dst[1] = (uint8_t)(ip->dst >> 16);
	k.dst[2] = (uint8_t)(ip->dst >> 8);
	k.dst[3] = (uint8_t)ip->dst;
	k.vantage = ctx->frame->vantage;
	k.depth = ctx->depth;
	rs = reasm_stats(ctx->reasm);
	conflicts = rs->overlap_conflicts;
	r = reasm_add(ctx->reasm, &k, ctx->frame->ts_ns, ip->frag_off, ip->mf,
	    data, plen, &out, &outlen, &nfrags, &reason);
	if (r == REASM_DROPPED) {
		dctx_anomaly(ctx, "ipv4.frag_dropped", AK_NOTE, "not "
		    "reassembled: %s", reason);
		return DS_OK;
	}
	if (reason != NULL)
		dctx_anomaly(ctx, "ipv4.frag_overlap",
		    rs->overlap_conflicts != conflicts ? AK_MALFORMED : AK_NOTE,
		    "id 0x%04x offset %u: %s", ip->id, ip->frag_off, reason);
	if (r != REASM_DONE)
		return DS_OK;
	ip->reassembled = 1;
	ip->nfrags = (uint16_t)(nfrags > 0xffff ? 0xffff : nfrags);
	ip->reasm_len = (uint32_t)outlen;
	ipv4_event(ctx, l, EV_IP_REASSEMBLED);
	rc = cur_make(out, outlen, outlen);
	dctx_next(ctx, DT_IPPROTO, ip->proto, &rc);
	return DS_OK;
}

static enum dstatus
ipv4_dissect(struct dctx *ctx, struct cursor *c, struct layer *l)
{
	struct ipv4_info *ip = &l->u.ipv4;
	struct cursor hdr = *c, opts, pay;
	const uint8_t *h;
	size_t wire;
	uint16_t fo;
	uint8_t b;
	enum dstatus st;

	b = cur_u8(c);
	if ((st = dctx_cur_status(ctx, c, "ipv4")) != DS_OK)
		return st;
	if (b >> 4 != 4) {
		dctx_anomaly(ctx, "ipv4.bad_version", AK_MALFORMED, "version "
		    "%u in an IPv4 header", b >> 4);
		return DS_MALFORMED;
	}
	ip->ihl = (uint8_t)((b & 15) * 4);
	if (ip->ihl < IPV4_HDR_MIN) {
		dctx_anomaly(ctx, "ipv4.bad_ihl", AK_MALFORMED, "header length "
		    "%u bytes, minimum 20", ip->ihl);
		return DS_MALFORMED;
	}
	ip->tos = cur_u8(c);
	ip->total_len = cur_u16(c);
	ip->id = cur_u16(c);
	fo = cur_u16(c);
	ip->ttl = cur_u8(c);
	ip->proto = cur_u8(c);
	ip->cksum = cur_u16(c);
	ip->src = cur_u32(c);
	ip->dst = cur_u32(c);
	if ((st = dctx_cur_status(ctx, c, "ipv4")) != DS_OK)
		return st;
	ip->rf = (uint8_t)(fo >> 15);
	ip->df = (uint8_t)(fo >> 14 & 1);
	ip->mf = (uint8_t)(fo >> 13 & 1);
	ip->frag_off = (uint16_t)((fo & 0x1fff) * 8);
	if (ip->rf)
		dctx_anomaly(ctx, "ipv4.reserved_flag", AK_NOTE, "reserved "
		    "flag bit set");

	wire = cur_left(c) + IPV4_HDR_MIN;	/* bytes the frame has for us */
	if (ip->total_len == 0) {
		dctx_anomaly(ctx, "ipv4.bad_total_len", AK_NOTE, "total length "
		    "0 (segmentation offload on the capturing host?): using "
		    "the frame's %zu bytes", wire);
		ip->total_len = (uint16_t)(wire > IPV4_MAX_LEN ? IPV4_MAX_LEN :
		    wire);
	}
	if (ip->total_len < ip->ihl) {
		dctx_anomaly(ctx, "ipv4.bad_total_len", AK_MALFORMED, "total "
		    "length %u is shorter than the %u-byte header",
		    ip->total_len, ip->ihl);
		return DS_MALFORMED;
	}
	if (ip->total_len > wire) {
		dctx_anomaly(ctx, "ipv4.bad_total_len", AK_MALFORMED, "total "
		    "length %u but the frame holds %zu bytes", ip->total_len,
		    wire);
		return DS_MALFORMED;
	}
	cur_limit(c, ip->total_len - IPV4_HDR_MIN);	/* the rest is padding */
	l->len = ip->total_len;
	if (l->cap > l->len)
		l->cap = l->len;

	ip->has_options = ip->ihl > IPV4_HDR_MIN;
	opts = cur_sub(c, ip->ihl - IPV4_HDR_MIN);
	if ((st = ipv4_options(ctx, &opts)) != DS_OK)
		return st;
	if ((h = cur_bytes(&hdr, ip->ihl)) != NULL) {
		/* Right when the sum over the whole header is 0xffff; the
		 * value it should have is the complement of the sum without
		 * the field (bytes 10 and 11). */
		uint32_t sum = ipv4_sum(h, ip->ihl);

		ip->cksum_calc = (uint16_t)~sum;
		sum += ip->cksum;
		if ((uint16_t)(sum + (sum >> 16)) == 0xffff)
			ip->cksum_status = L4CK_GOOD;
		else {
			ip->cksum_status = L4CK_BAD;
			dctx_anomaly(ctx, "ipv4.bad_checksum", AK_MALFORMED,
			    "header checksum 0x%04x, should be 0x%04x",
			    ip->cksum, ip->cksum_calc);
		}
	}

	pay = cur_rest(c);
	if (ip->mf || ip->frag_off != 0)
		return ipv4_fragment(ctx, l, &pay);
	dctx_next(ctx, DT_IPPROTO, ip->proto, &pay);
	return DS_OK;
}

/* Payload length; 0 when the sender's total length is below its IHL. */
static unsigned
ipv4_payload_len(const struct ipv4_info *ip)
{
	return ip->total_len > ip->ihl ? (unsigned)(ip->total_len - ip->ihl) :
	    0;
}

static void
ipv4_info(const struct layer *l, struct textbuf *tb)
{
	const struct ipv4_info *ip = &l->u.ipv4;

	if (ip->fragment && !ip->reassembled) {
		tb_printf(tb, "fragment id=0x%04x off=%u len=%u%s", ip->id,
		    ip->frag_off, ipv4_payload_len(ip), ip->mf ? " MF" : "");
		return;
	}
	tb_printf(tb, "proto %u len %u", ip->proto, ip->reassembled ?
	    ip->reasm_len : ipv4_payload_len(ip));
	if (ip->reassembled)
		tb_printf(tb, " (reassembled from %u fragments)", ip->nfrags);
}

static void
ipv4_detail(const struct layer *l, struct textbuf *tb)
{
	const struct ipv4_info *ip = &l->u.ipv4;
	const char *flags;

	if (ip->df && ip->mf)
		flags = "DF+MF";
	else if (ip->df)
		flags = "DF";
	else if (ip->mf)
		flags = "MF";
	else
		flags = "none";
	tb_printf(tb, "  IPv4: ihl=%u tos=0x%02x len=%u id=0x%04x flags=%s%s "
	    "off=%u ttl=%u proto=%u (%s) cksum=0x%04x", ip->ihl, ip->tos,
	    ip->total_len, ip->id, flags, ip->rf ? "+RF" : "", ip->frag_off,
	    ip->ttl, ip->proto, tok_name(ip_proto_names, ip->proto, "unknown"),
	    ip->cksum);
	if (ip->cksum_status == L4CK_BAD)
		tb_printf(tb, " [bad, should be 0x%04x]", ip->cksum_calc);
	tb_puts(tb, " src=");
	tb_ip4(tb, ip->src);
	tb_puts(tb, " dst=");
	tb_ip4(tb, ip->dst);
	tb_putc(tb, '\n');
	if (ip->reassembled)
		tb_printf(tb, "  IPv4: reassembled %u bytes from %u fragments\n",
		    ip->reasm_len, ip->nfrags);
}

static void
ipv4_endpoints(const struct layer *l, struct textbuf *src, struct textbuf *dst)
{
	tb_ip4(src, l->u.ipv4.src);
	tb_ip4(dst, l->u.ipv4.dst);
}

static const struct dreg ipv4_regs[] = {
	{ DT_ETHERTYPE, 0x0800 },
	{ DT_LINKTYPE, TS_LINKTYPE_IPV4 },
	{ DT_IPPROTO, 4 },		/* IPv4 in IP (RFC 2003) */
};

const struct dissector dissector_ipv4 = {
	.name = "ipv4",
	.display = "IPv4",
	.proto = PROTO_IPV4,
	.role = DR_NET,
	.regs = ipv4_regs,
	.nregs = sizeof(ipv4_regs) / sizeof(ipv4_regs[0]),
	.dissect = ipv4_dissect,
	.info = ipv4_info,
	.detail = ipv4_detail,
	.endpoints = ipv4_endpoints,
};
