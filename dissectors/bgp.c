/* bgp.c - BGP-4 messages over reassembled TCP streams (RFC 4271; RFC 5492, 6793, 7911, 8654, 9072, 7313, 4486, 8538, 9003, 9384).
 *
 * The segment's payload goes to the stream module (src/tcp_stream.c), which
 * hands back every message this segment completes; each becomes one
 * PROTO_BGP layer (the first in the layer the loop gave us, the others
 * appended).  OPENs fill the connection's negotiated facts, which decide
 * how later UPDATEs are read (AS number width, ADD-PATH, RFC 8654 length).
 * Without a stream module (unit tests, fuzzers) the segment is framed alone.
 * Capabilities, NOTIFICATION, ROUTE-REFRESH here; UPDATE in bgp_attr.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bgp_walk.h"
#include "event.h"
#include "tcp_stream.h"

extern const struct dissector dissector_bgp;

static const struct tok msg_types[] = {
	{ 1, "OPEN" }, { 2, "UPDATE" }, { 3, "NOTIFICATION" },
	{ 4, "KEEPALIVE" }, { 5, "ROUTE-REFRESH" },
	{ 6, "CAPABILITY" },		/* dynamic capability draft */
	{ 128, "ROUTE-REFRESH-CISCO" },	/* pre-standard */
	{ 0, NULL }
};

/* ---- walker helpers ---- */

void
bw_anom(struct bw *w, const char *name, enum anom_kind k, const char *fmt,
    ...)
{
	char buf[ANOM_DETAIL];
	va_list ap;

	if (w->ctx == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	dctx_anomaly(w->ctx, name, k, "%s", buf);
}

void
bw_bol(struct bw *w, int indent)
{
	int i;

	for (i = 0; i < indent + 1; i++)
		tb_puts(w->tb, "  ");
}

void
bw_eol(struct bw *w)
{
	tb_putc(w->tb, '\n');
}

void
bw_line(struct bw *w, int indent, const char *fmt, ...)
{
	va_list ap;

	if (!BW_DETAIL(w))
		return;
	bw_bol(w, indent);
	va_start(ap, fmt);
	tb_vprintf(w->tb, fmt, ap);
	va_end(ap);
	bw_eol(w);
}

int
bw_cur(struct bw *w, const struct cursor *c, const char *what)
{
	if (cur_ok(c))
		return 0;
	if (cur_err(c) == CUR_TRUNCATED)
		bw_anom(w, "bgp.truncated", AK_TRUNCATED, "%s cut by the "
		    "capture", what);
	else
		bw_anom(w, "bgp.malformed", AK_MALFORMED, "%s runs past its "
		    "length", what);
	if (BW_DETAIL(w))
		bw_line(w, 1, "[%s %s]", what, cur_err(c) == CUR_TRUNCATED ?
		    "truncated" : "malformed");
	return -1;
}

void
bw_hex(struct textbuf *tb, const uint8_t *p, size_t n, size_t max)
{
	tb_hex(tb, p, n < max ? n : max);
	if (n > max)
		tb_puts(tb, "...");
}

static const struct tok afis[] = {
	{ 1, "ipv4" }, { 2, "ipv6" }, { 3, "nsap" }, { 25, "l2vpn" },
	{ 16388, "bgp-ls" }, { 196, "l2vpn-legacy" }, { 0, NULL }
};

static const struct tok safis[] = {
	{ 1, "unicast" }, { 2, "multicast" }, { 3, "unicast+multicast" },
	{ 4, "labeled-unicast" }, { 5, "mcast-vpn" }, { 6, "multi-segment-pw" },
	{ 64, "tunnel" }, { 65, "vpls" }, { 66, "mdt" }, { 67, "4over6" },
	{ 68, "6over4" }, { 70, "evpn" }, { 71, "bgp-ls" }, { 72, "bgp-ls-vpn" },
	{ 73, "sr-policy" }, { 128, "vpn" }, { 129, "multicast-vpn" },
	{ 132, "rt-constraint" }, { 133, "flowspec" }, { 134, "flowspec-vpn" },
	{ 0, NULL }
};

const char *
bgp_afi_name(uint16_t afi)
{
	return tok_name(afis, afi, NULL);
}

const char *
bgp_safi_name(uint8_t safi)
{
	return tok_name(safis, safi, NULL);
}

void
bgp_fam_text(struct textbuf *tb, uint16_t afi, uint8_t safi)
{
	const char *a = bgp_afi_name(afi), *s = bgp_safi_name(safi);

	if (a != NULL)
		tb_puts(tb, a);
	else
		tb_printf(tb, "afi%u", afi);
	tb_putc(tb, '/');
	if (s != NULL)
		tb_puts(tb, s);
	else
		tb_printf(tb, "safi%u", safi);
}

int
bgp_fam_index(uint16_t afi, uint8_t safi)
{
	if (afi == 1 || afi == 2) {
		int base = afi == 1 ? BGP_FAM_IPV4_UNI : BGP_FAM_IPV6_UNI;

		switch (safi) {
		case 1: return base;
		case 2: return base + 1;
		case 4: return base + 2;
		case 128: return base + 3;
		}
	}
	if (afi == 25 && safi == 70)
		return BGP_FAM_EVPN;
	return -1;
}

void
bgp_fam_count_add(struct bgp_info *b, uint16_t afi, uint8_t safi, int wd)
{
	bgp_fam_count_addn(b, afi, safi, wd, 1);
}

void
bgp_fam_count_addn(struct bgp_info *b, uint16_t afi, uint8_t safi, int wd,
    unsigned n)
{
	struct bgp_fam_count *fc = NULL;
	unsigned i;

	for (i = 0; i < b->nfam && i < BGP_INFO_FAMS; i++)
		if (b->fam[i].afi == afi && b->fam[i].safi == safi) {
			fc = &b->fam[i];
			break;
		}
	if (fc == NULL) {
		if (b->nfam >= BGP_INFO_FAMS) {
			b->flags |= BGPF_FAM_MORE;
			return;
		}
		fc = &b->fam[b->nfam++];
		fc->afi = afi;
		fc->safi = safi;
		fc->ann = fc->wd = 0;
	}
	/* saturate: an extended message can hold 65535 empty prefixes */
	if (wd)
		fc->wd = fc->wd + n > UINT16_MAX ? UINT16_MAX :
		    (uint16_t)(fc->wd + n);
	else
		fc->ann = fc->ann + n > UINT16_MAX ? UINT16_MAX :
		    (uint16_t)(fc->ann + n);
}

static void
fam_bit(uint16_t *mask, uint16_t afi, uint8_t safi)
{
	int i = bgp_fam_index(afi, safi);

	if (i >= 0)
		*mask |= (uint16_t)(1u << i);
}

/* ---- capabilities (RFC 5492 and the IANA registry, protocols.md §2.10) ---- */

static const struct tok cap_names[] = {
	{ 1, "Multiprotocol Extensions" }, { 2, "Route Refresh" },
	{ 3, "Outbound Route Filtering" },
	{ 4, "Multiple routes to a destination (deprecated)" },
	{ 5, "Extended Next Hop Encoding" }, { 6, "BGP Extended Message" },
	{ 7, "BGPsec" }, { 8, "Multiple Labels" }, { 9, "BGP Role" },
	{ 64, "Graceful Restart" }, { 65, "4-octet AS number" },
	{ 66, "deprecated (66)" }, { 67, "Dynamic Capability" },
	{ 68, "Multisession" }, { 69, "ADD-PATH" },
	{ 70, "Enhanced Route Refresh" }, { 71, "Long-Lived Graceful Restart" },
	{ 72, "Routing Policy Distribution" }, { 73, "FQDN" },
	{ 74, "BFD Strict-Mode" },
	{ 128, "Route Refresh (Cisco)" }, { 130, "Outbound Route Filtering (Cisco)" },
	{ 131, "Multisession (Cisco)" }, { 0, NULL }
};

static const struct tok cap_short[] = {
	{ 1, "mp" }, { 2, "route-refresh" }, { 3, "orf" }, { 4, "multi-route" },
	{ 5, "ext-nexthop" }, { 6, "ext-message" }, { 7, "bgpsec" },
	{ 8, "multi-label" }, { 9, "role" }, { 64, "graceful-restart" },
	{ 65, "as4" }, { 67, "dynamic" }, { 68, "multisession" },
	{ 69, "add-path" }, { 70, "enhanced-route-refresh" }, { 71, "llgr" },
	{ 72, "rpd" }, { 73, "fqdn" }, { 74, "bfd-strict" },
	{ 128, "route-refresh-cisco" }, { 130, "orf-cisco" },
	{ 131, "multisession-cisco" }, { 0, NULL }
};

static const struct tok roles[] = {
	{ 0, "provider" }, { 1, "rs" }, { 2, "rs-client" }, { 3, "customer" },
	{ 4, "peer" }, { 0, NULL }
};

static const struct tok ap_dirs[] = {
	{ 1, "receive" }, { 2, "send" }, { 3, "both" }, { 0, NULL }
};

static const struct tok orf_types[] = {
	{ 64, "Address Prefix ORF" }, { 128, "Address Prefix ORF (Cisco)" },
	{ 0, NULL }
};

/* Expected exact value length of the fixed-size capabilities. */
static int
cap_fixed_len(unsigned code)
{
	switch (code) {
	case 1: case 65: return 4;
	case 2: case 6: case 70: case 128: return 0;
	case 9: return 1;
	case 7: return 3;
	}
	return -1;
}

/* Per-entry size of the list capabilities (0: not a list). */
static int
cap_entry_len(unsigned code)
{
	switch (code) {
	case 5: return 6;
	case 8: return 4;
	case 69: return 4;
	case 71: return 7;
	}
	return 0;
}

static void
info_item(struct bw *w)
{
	if (w->infosep)
		tb_putc(w->tb, ',');
	w->infosep = 1;
}

static void
cap_walk(struct bw *w, unsigned code, struct cursor v, int ind)
{
	size_t len = cur_left(&v);
	const char *sname = tok_name(cap_short, code, NULL);
	int fl = cap_fixed_len(code), el = cap_entry_len(code);
	uint16_t afi;
	uint8_t safi, x;

	if (BW_INFO(w)) {
		info_item(w);
		if (sname != NULL)
			tb_puts(w->tb, sname);
		else
			tb_printf(w->tb, "cap%u", code);
	}
	if (BW_DETAIL(w)) {
		bw_bol(w, ind);
		tb_puts(w->tb, "Capability ");
		tb_tok(w->tb, cap_names, code);
		tb_printf(w->tb, ", length %zu", len);
		bw_eol(w);
	}
	if ((fl >= 0 && len != (size_t)fl) ||
	    (el > 0 && len % (size_t)el != 0) ||
	    (code == 64 && len % 4 != 2) ||
	    ((code == 3 || code == 130) && len < 5)) {
		bw_anom(w, "bgp.cap_bad_length", AK_MALFORMED, "capability %u "
		    "with length %zu", code, len);
		if (BW_DETAIL(w)) {
			bw_bol(w, ind + 1);
			tb_puts(w->tb, "bad length, value ");
			bw_hex(w->tb, v.base + v.pos, cur_avail(&v), 64);
			bw_eol(w);
		}
		if (BW_INFO(w))
			tb_puts(w->tb, "(bad length)");
		return;
	}
	switch (code) {
	case 1:
		afi = cur_u16(&v);
		cur_u8(&v);
		safi = cur_u8(&v);
		if (bw_cur(w, &v, "capability") < 0)
			return;
		if (w->of != NULL)
			fam_bit(&w->of->mp, afi, safi);
		if (BW_INFO(w)) {
			tb_putc(w->tb, '(');
			bgp_fam_text(w->tb, afi, safi);
			tb_putc(w->tb, ')');
		}
		if (BW_DETAIL(w)) {
			bw_bol(w, ind + 1);
			tb_printf(w->tb, "AFI %u SAFI %u (", afi, safi);
			bgp_fam_text(w->tb, afi, safi);
			tb_putc(w->tb, ')');
			bw_eol(w);
		}
		return;
	case 2: case 128:
		if (w->of != NULL)
			w->of->route_refresh = 1;
		return;
	case 70:
		if (w->of != NULL)
			w->of->enh_rr = 1;
		return;
	case 6:
		if (w->of != NULL)
			w->of->ext_msg = 1;
		return;
	case 65: {
		uint32_t as = cur_u32(&v);

		if (bw_cur(w, &v, "capability") < 0)
			return;
		if (w->of != NULL) {
			w->of->as4 = 1;
			w->of->asn = as;
		}
		if (BW_INFO(w))
			tb_printf(w->tb, "(%u)", as);
		bw_line(w, ind + 1, "AS %u", as);
		return;
	}
	case 9:
		x = cur_u8(&v);
		if (BW_INFO(w))
			tb_printf(w->tb, "(%s)", tok_name(roles, x, "unknown"));
		if (BW_DETAIL(w)) {
			bw_bol(w, ind + 1);
			tb_puts(w->tb, "Role ");
			tb_tok(w->tb, roles, x);
			bw_eol(w);
		}
		return;
	case 7:
		x = cur_u8(&v);
		afi = cur_u16(&v);
		bw_line(w, ind + 1, "version %u, direction %s, AFI %u", x >> 4,
		    (x & 0x08) ? "send" : "receive", afi);
		return;
	case 64: {
		uint16_t ft = cur_u16(&v);

		if (w->of != NULL)
			w->of->gr = 1;
		if (BW_INFO(w))
			tb_printf(w->tb, "(%us%s%s)", ft & 0x0fff,
			    (ft & 0x8000) ? ",R" : "", (ft & 0x4000) ? ",N" : "");
		bw_line(w, ind + 1, "restart flags 0x%x%s%s, restart time %u s",
		    ft >> 12, (ft & 0x8000) ? " [R restarting]" : "",
		    (ft & 0x4000) ? " [N notification]" : "", ft & 0x0fff);
		while (cur_left(&v) >= 4) {
			afi = cur_u16(&v);
			safi = cur_u8(&v);
			x = cur_u8(&v);
			if (BW_DETAIL(w)) {
				bw_bol(w, ind + 1);
				bgp_fam_text(w->tb, afi, safi);
				tb_printf(w->tb, " forwarding state %s",
				    (x & 0x80) ? "preserved (F)" : "not "
				    "preserved");
				bw_eol(w);
			}
		}
		bw_cur(w, &v, "capability");
		return;
	}
	case 69:
		if (BW_INFO(w))
			tb_putc(w->tb, '(');
		while (cur_left(&v) >= 4) {
			afi = cur_u16(&v);
			safi = cur_u8(&v);
			x = cur_u8(&v);
			if (w->of != NULL) {
				if (x & 2)
					fam_bit(&w->of->ap_send, afi, safi);
				if (x & 1)
					fam_bit(&w->of->ap_recv, afi, safi);
			}
			if (x < 1 || x > 3)
				bw_anom(w, "bgp.cap_addpath_value", AK_MALFORMED,
				    "ADD-PATH send/receive %u", x);
			if (BW_INFO(w)) {
				bgp_fam_text(w->tb, afi, safi);
				tb_printf(w->tb, ":%s%s", tok_name(ap_dirs, x,
				    "?"), cur_left(&v) >= 4 ? " " : "");
			}
			if (BW_DETAIL(w)) {
				bw_bol(w, ind + 1);
				bgp_fam_text(w->tb, afi, safi);
				tb_puts(w->tb, " ");
				tb_tok(w->tb, ap_dirs, x);
				bw_eol(w);
			}
		}
		if (BW_INFO(w))
			tb_putc(w->tb, ')');
		bw_cur(w, &v, "capability");
		return;
	case 5:
		while (cur_left(&v) >= 6) {
			uint16_t nafi = cur_u16(&v), nsafi = cur_u16(&v),
			    nhafi = cur_u16(&v);

			bw_line(w, ind + 1, "NLRI %s/%s next hop %s",
			    tok_name(afis, nafi, "?"),
			    tok_name(safis, nsafi, "?"),
			    tok_name(afis, nhafi, "?"));
		}
		return;
	case 8:
		while (cur_left(&v) >= 4) {
			afi = cur_u16(&v);
			safi = cur_u8(&v);
			x = cur_u8(&v);
			if (BW_DETAIL(w)) {
				bw_bol(w, ind + 1);
				bgp_fam_text(w->tb, afi, safi);
				tb_printf(w->tb, " up to %u labels", x);
				bw_eol(w);
			}
		}
		return;
	case 71:
		if (w->of != NULL)
			w->of->llgr = 1;
		while (cur_left(&v) >= 7) {
			uint32_t st;

			afi = cur_u16(&v);
			safi = cur_u8(&v);
			x = cur_u8(&v);
			st = cur_u24(&v);
			if (BW_DETAIL(w)) {
				bw_bol(w, ind + 1);
				bgp_fam_text(w->tb, afi, safi);
				tb_printf(w->tb, " flags 0x%02x%s long-lived "
				    "stale time %u s", x, (x & 0x80) ?
				    " (F)" : "", st);
				bw_eol(w);
			}
		}
		return;
	case 3: case 130: {
		uint8_t n, i;

		afi = cur_u16(&v);
		cur_u8(&v);
		safi = cur_u8(&v);
		n = cur_u8(&v);
		if (BW_DETAIL(w)) {
			bw_bol(w, ind + 1);
			bgp_fam_text(w->tb, afi, safi);
			tb_printf(w->tb, ", %u ORF types", n);
			bw_eol(w);
		}
		for (i = 0; i < n && cur_ok(&v); i++) {
			uint8_t t = cur_u8(&v), sr = cur_u8(&v);

			if (cur_ok(&v) && BW_DETAIL(w)) {
				bw_bol(w, ind + 2);
				tb_tok(w->tb, orf_types, t);
				tb_printf(w->tb, " %s", tok_name(ap_dirs, sr,
				    "unknown"));
				bw_eol(w);
			}
		}
		bw_cur(w, &v, "ORF capability");
		return;
	}
	case 73: {
		uint8_t hl = cur_u8(&v);
		const uint8_t *h = cur_bytes(&v, hl);
		uint8_t dl = cur_u8(&v);
		const uint8_t *dn = cur_bytes(&v, dl);

		if (bw_cur(w, &v, "FQDN capability") < 0)
			return;
		if (BW_INFO(w)) {
			tb_putc(w->tb, '(');
			tb_esc(w->tb, h, hl);
			if (dl > 0) {
				tb_putc(w->tb, '.');
				tb_esc(w->tb, dn, dl);
			}
			tb_putc(w->tb, ')');
		}
		if (BW_DETAIL(w)) {
			bw_bol(w, ind + 1);
			tb_puts(w->tb, "hostname \"");
			tb_esc(w->tb, h, hl);
			tb_puts(w->tb, "\" domain \"");
			tb_esc(w->tb, dn, dl);
			tb_puts(w->tb, "\"");
			bw_eol(w);
		}
		return;
	}
	default:
		if (BW_DETAIL(w) && len > 0) {
			bw_bol(w, ind + 1);
			tb_puts(w->tb, "value ");
			bw_hex(w->tb, v.base + v.pos, cur_avail(&v), 128);
			bw_eol(w);
		}
		return;
	}
}

/* A list of capabilities (OPEN parameter 2, NOTIFICATION 2/7 data). */
static void
caps_walk(struct bw *w, struct cursor *c, int ind)
{
	unsigned n = 0;

	while (cur_left(c) > 0 && n++ < 256) {
		uint8_t code = cur_u8(c), len = cur_u8(c);
		struct cursor v = cur_sub(c, len);

		if (bw_cur(w, c, "capability header") < 0)
			return;
		cap_walk(w, code, v, ind);
	}
}

/* ---- OPEN (RFC 4271 §4.2, RFC 9072) ---- */

static void
open_walk(struct bw *w, struct cursor *c)
{
	uint8_t ver = cur_u8(c), plen, ptype;
	uint16_t myas = cur_u16(c), hold = cur_u16(c);
	uint32_t id = cur_u32(c), plen32;
	struct cursor params;
	int ext = 0;
	unsigned n = 0;

	plen = cur_u8(c);
	if (bw_cur(w, c, "OPEN") < 0)
		return;
	plen32 = plen;
	/* RFC 9072: length 255 and type 255 announce the extended form */
	if (plen == 255 && cur_peek_u8(c, 0, &ptype) && ptype == 255) {
		cur_u8(c);
		plen32 = cur_u16(c);
		ext = 1;
	}
	if (w->of != NULL) {
		w->of->version = ver;
		w->of->asn = myas;
		w->of->hold = hold;
		w->of->id = id;
	}
	if (w->bi != NULL) {
		w->bi->m.open.asn = myas;
		w->bi->m.open.id = id;
		w->bi->m.open.hold = hold;
	}
	if (ver != 4)
		bw_anom(w, "bgp.open_version", AK_NOTE, "version %u", ver);
	if (hold == 1 || hold == 2)
		bw_anom(w, "bgp.open_hold", AK_MALFORMED, "hold time %u s "
		    "(must be 0 or at least 3)", hold);
	if (id == 0 || id == 0xffffffffu)
		bw_anom(w, "bgp.open_bad_id", AK_MALFORMED, "BGP Identifier "
		    "%u.%u.%u.%u", id >> 24, (id >> 16) & 255, (id >> 8) & 255,
		    id & 255);
	if (BW_INFO(w)) {
		if (ver != 4)
			tb_printf(w->tb, " version=%u", ver);
		tb_printf(w->tb, " as=%u%s hold=%u id=", myas,
		    myas == BGP_AS_TRANS ? "(AS_TRANS)" : "", hold);
		tb_ip4(w->tb, id);
	}
	bw_line(w, 0, "Version: %u", ver);
	bw_line(w, 0, "My AS: %u%s", myas, myas == BGP_AS_TRANS ?
	    " (AS_TRANS: the real AS is in the 4-octet AS capability, "
	    "RFC 6793)" : "");
	bw_line(w, 0, "Hold Time: %u s%s", hold, hold == 0 ?
	    " (no keepalives)" : "");
	if (BW_DETAIL(w)) {
		bw_bol(w, 0);
		tb_puts(w->tb, "BGP Identifier: ");
		tb_ip4(w->tb, id);
		bw_eol(w);
	}
	bw_line(w, 0, "Optional Parameters Length: %u%s", plen32,
	    ext ? " (RFC 9072 extended)" : "");
	params = cur_sub(c, plen32);
	if (bw_cur(w, c, "OPEN optional parameters") < 0)
		return;
	if (BW_INFO(w))
		w->infosep = 0;
	while (cur_left(&params) > 0 && n++ < 256) {
		uint8_t t = cur_u8(&params);
		uint16_t l = ext ? cur_u16(&params) : cur_u8(&params);
		struct cursor v = cur_sub(&params, l);

		if (bw_cur(w, &params, "OPEN parameter") < 0)
			break;
		if (t == 2) {
			if (BW_INFO(w) && !w->infosep)
				tb_puts(w->tb, " caps=");
			bw_line(w, 0, "Parameter 2 Capabilities, length %u", l);
			caps_walk(w, &v, 1);
		} else {
			bw_anom(w, t == 1 ? "bgp.open_auth_param" :
			    "bgp.open_unknown_param", AK_NOTE, "optional "
			    "parameter %u%s", t, t == 1 ? " (Authentication, "
			    "deprecated)" : "");
			if (BW_DETAIL(w)) {
				bw_bol(w, 0);
				tb_printf(w->tb, "Parameter %u %s, length %u: ",
				    t, t == 1 ? "Authentication (deprecated)" :
				    "unknown", l);
				bw_hex(w->tb, v.base + v.pos, cur_avail(&v), 64);
				bw_eol(w);
			}
		}
	}
	if (cur_left(c) > 0) {
		bw_anom(w, "bgp.open_trailing", AK_MALFORMED, "%zu bytes after "
		    "the optional parameters", cur_left(c));
		bw_line(w, 0, "[%zu trailing bytes]", cur_left(c));
	}
}

/* ---- NOTIFICATION (RFC 4271 §4.5 and the RFCs in the summary) ---- */

static const struct tok notif_codes[] = {
	{ 1, "Message Header Error" }, { 2, "OPEN Message Error" },
	{ 3, "UPDATE Message Error" }, { 4, "Hold Timer Expired" },
	{ 5, "Finite State Machine Error" }, { 6, "Cease" },
	{ 7, "ROUTE-REFRESH Message Error" },
	{ 8, "Send Hold Timer Expired" }, { 0, NULL }
};

static const struct tok sub_header[] = {
	{ 0, "Unspecific" }, { 1, "Connection Not Synchronized" },
	{ 2, "Bad Message Length" }, { 3, "Bad Message Type" }, { 0, NULL }
};

static const struct tok sub_open[] = {
	{ 0, "Unspecific" }, { 1, "Unsupported Version Number" },
	{ 2, "Bad Peer AS" }, { 3, "Bad BGP Identifier" },
	{ 4, "Unsupported Optional Parameter" },
	{ 5, "Authentication Failure (deprecated)" },
	{ 6, "Unacceptable Hold Time" }, { 7, "Unsupported Capability" },
	{ 11, "Role Mismatch" }, { 0, NULL }
};

static const struct tok sub_update[] = {
	{ 0, "Unspecific" }, { 1, "Malformed Attribute List" },
	{ 2, "Unrecognized Well-known Attribute" },
	{ 3, "Missing Well-known Attribute" }, { 4, "Attribute Flags Error" },
	{ 5, "Attribute Length Error" }, { 6, "Invalid ORIGIN Attribute" },
	{ 7, "AS Routing Loop (deprecated)" },
	{ 8, "Invalid NEXT_HOP Attribute" }, { 9, "Optional Attribute Error" },
	{ 10, "Invalid Network Field" }, { 11, "Malformed AS_PATH" },
	{ 0, NULL }
};

static const struct tok sub_fsm[] = {
	{ 0, "Unspecified Error" },
	{ 1, "Receive Unexpected Message in OpenSent State" },
	{ 2, "Receive Unexpected Message in OpenConfirm State" },
	{ 3, "Receive Unexpected Message in Established State" },
	{ 0, NULL }
};

static const struct tok sub_cease[] = {
	{ 0, "Unspecific" }, { 1, "Maximum Number of Prefixes Reached" },
	{ 2, "Administrative Shutdown" }, { 3, "Peer De-configured" },
	{ 4, "Administrative Reset" }, { 5, "Connection Rejected" },
	{ 6, "Other Configuration Change" },
	{ 7, "Connection Collision Resolution" }, { 8, "Out of Resources" },
	{ 9, "Hard Reset" }, { 10, "BFD Down" }, { 0, NULL }
};

static const struct tok sub_rr[] = {
	{ 0, "Unspecific" }, { 1, "Invalid Message Length" }, { 0, NULL }
};

static const struct tok sub_none[] = {
	{ 0, "Unspecific" }, { 0, NULL }
};

static const struct tok *
subcodes(uint8_t code)
{
	switch (code) {
	case 1: return sub_header;
	case 2: return sub_open;
	case 3: return sub_update;
	case 4: case 8: return sub_none;
	case 5: return sub_fsm;
	case 6: return sub_cease;
	case 7: return sub_rr;
	}
	return NULL;
}

const char *
bgp_notif_code_name(uint8_t code)
{
	return tok_name(notif_codes, code, NULL);
}

const char *
bgp_notif_subcode_name(uint8_t code, uint8_t sub)
{
	const struct tok *t = subcodes(code);

	return t != NULL ? tok_name(t, sub, NULL) : NULL;
}

static void
notif_walk(struct bw *w, struct cursor *c, int level)
{
	uint8_t code = cur_u8(c), sub = cur_u8(c);
	const struct tok *st = subcodes(code);
	const char *cn = tok_name(notif_codes, code, "unknown");
	const char *sn = st != NULL ? tok_name(st, sub, "unknown") : "unknown";
	size_t dl;

	if (bw_cur(w, c, "NOTIFICATION") < 0)
		return;
	if (level == 0 && w->bi != NULL) {
		w->bi->m.notif.code = code;
		w->bi->m.notif.subcode = sub;
	}
	if (tok_name(notif_codes, code, NULL) == NULL)
		bw_anom(w, "bgp.notif_unknown_code", AK_NOTE, "error code %u",
		    code);
	else if (st == NULL || tok_name(st, sub, NULL) == NULL)
		bw_anom(w, "bgp.notif_unknown_subcode", AK_NOTE, "error "
		    "subcode %u/%u", code, sub);
	if (BW_INFO(w))
		tb_printf(w->tb, " %u/%u %s/%s", code, sub, cn, sn);
	bw_line(w, level, "%s code %u %s, subcode %u %s", level ? "Inner" :
	    "Error", code, cn, sub, sn);
	dl = cur_left(c);
	if (code == 6 && sub == 9 && level == 0) {
		/* RFC 8538: the data is the NOTIFICATION that caused it */
		if (dl < 2) {
			bw_anom(w, "bgp.hard_reset_short", AK_MALFORMED,
			    "Hard Reset with %zu data bytes (needs the inner "
			    "code and subcode)", dl);
			return;
		}
		if (BW_INFO(w))
			tb_puts(w->tb, " (inner");
		notif_walk(w, c, 1);
		if (BW_INFO(w))
			tb_putc(w->tb, ')');
		return;
	}
	if (code == 6 && (sub == 2 || sub == 4) && dl > 0) {
		/* RFC 9003: length octet, then up to 255 octets of UTF-8 */
		uint8_t sl = cur_u8(c);
		const uint8_t *s = cur_bytes(c, sl);

		if (s == NULL) {
			bw_anom(w, "bgp.shutdown_length", cur_err(c) ==
			    CUR_TRUNCATED ? AK_TRUNCATED : AK_MALFORMED,
			    "Shutdown Communication length %u with %zu bytes "
			    "left", sl, dl - 1);
			bw_line(w, level, "Shutdown Communication: length %u "
			    "exceeds the data", sl);
			return;
		}
		if (BW_INFO(w)) {
			tb_puts(w->tb, " \"");
			tb_esc(w->tb, s, sl);
			tb_putc(w->tb, '"');
		}
		if (BW_DETAIL(w)) {
			bw_bol(w, level);
			tb_printf(w->tb, "Shutdown Communication (%u bytes): "
			    "\"", sl);
			tb_esc(w->tb, s, sl);
			tb_putc(w->tb, '"');
			bw_eol(w);
		}
		dl = cur_left(c);
		if (dl > 0) {
			bw_anom(w, "bgp.shutdown_trailing", AK_MALFORMED, "%zu "
			    "bytes after the Shutdown Communication", dl);
			bw_line(w, level, "[%zu trailing bytes]", dl);
		}
		return;
	}
	if (code == 6 && sub == 1 && dl >= 7) {
		uint16_t afi = cur_u16(c);
		uint8_t safi = cur_u8(c);
		uint32_t lim = cur_u32(c);

		if (BW_INFO(w)) {
			tb_putc(w->tb, ' ');
			bgp_fam_text(w->tb, afi, safi);
			tb_printf(w->tb, " limit=%u", lim);
		}
		if (BW_DETAIL(w)) {
			bw_bol(w, level);
			tb_puts(w->tb, "Maximum prefixes: ");
			bgp_fam_text(w->tb, afi, safi);
			tb_printf(w->tb, " upper bound %u", lim);
			bw_eol(w);
		}
		return;
	}
	if (code == 2 && sub == 2 && (dl == 2 || dl == 4)) {
		uint32_t as = dl == 2 ? cur_u16(c) : cur_u32(c);

		if (BW_INFO(w))
			tb_printf(w->tb, " peer-as=%u", as);
		bw_line(w, level, "Bad Peer AS: %u", as);
		return;
	}
	if (code == 2 && sub == 7 && dl > 0) {
		bw_line(w, level, "Unsupported capabilities:");
		if (BW_INFO(w)) {
			tb_puts(w->tb, " caps=");
			w->infosep = 0;
		}
		caps_walk(w, c, level + 1);
		return;
	}
	if (dl > 0 && BW_DETAIL(w)) {
		bw_bol(w, level);
		tb_printf(w->tb, "Data (%zu bytes): ", dl);
		bw_hex(w->tb, c->base + c->pos, cur_avail(c), 128);
		bw_eol(w);
	}
}

/* ---- ROUTE-REFRESH (RFC 2918, 7313; ORF RFC 5291/5292) ---- */

static const struct tok rr_subtypes[] = {
	{ 0, "normal" }, { 1, "BoRR" }, { 2, "EoRR" }, { 255, "reserved" },
	{ 0, NULL }
};

static void
rr_walk(struct bw *w, struct cursor *c)
{
	uint16_t afi = cur_u16(c);
	uint8_t sub = cur_u8(c), safi = cur_u8(c);
	unsigned n = 0;

	if (bw_cur(w, c, "ROUTE-REFRESH") < 0)
		return;
	if (w->bi != NULL) {
		w->bi->m.rr.afi = afi;
		w->bi->m.rr.safi = safi;
		w->bi->m.rr.subtype = sub;
	}
	if (BW_INFO(w)) {
		tb_putc(w->tb, ' ');
		bgp_fam_text(w->tb, afi, safi);
		tb_printf(w->tb, " %s", tok_name(rr_subtypes, sub, "subtype?"));
	}
	if (BW_DETAIL(w)) {
		bw_bol(w, 0);
		tb_printf(w->tb, "AFI %u SAFI %u (", afi, safi);
		bgp_fam_text(w->tb, afi, safi);
		tb_puts(w->tb, "), subtype ");
		tb_tok(w->tb, rr_subtypes, sub);
		bw_eol(w);
	}
	if (cur_left(c) == 0)
		return;
	if (sub != 0)
		bw_anom(w, "bgp.rr_length", AK_MALFORMED, "BoRR/EoRR with %zu "
		    "extra bytes (RFC 7313 s.5)", cur_left(c));
	{
		uint8_t when = cur_u8(c);

		bw_line(w, 0, "When-to-refresh: %s (%u)", when == 1 ?
		    "immediate" : when == 2 ? "defer" : "unknown", when);
	}
	while (cur_left(c) > 0 && n++ < 64) {
		uint8_t t = cur_u8(c);
		uint16_t l = cur_u16(c);
		struct cursor e = cur_sub(c, l);
		unsigned k = 0;

		if (bw_cur(w, c, "ORF") < 0)
			return;
		if (BW_DETAIL(w)) {
			bw_bol(w, 0);
			tb_puts(w->tb, "ORF ");
			tb_tok(w->tb, orf_types, t);
			tb_printf(w->tb, ", length %u", l);
			bw_eol(w);
		}
		if (BW_INFO(w))
			tb_printf(w->tb, " orf%u", t);
		if (t != 64 && t != 128) {
			if (BW_DETAIL(w) && l > 0) {
				bw_bol(w, 1);
				bw_hex(w->tb, e.base + e.pos, cur_avail(&e), 64);
				bw_eol(w);
			}
			continue;
		}
		while (cur_left(&e) > 0 && k++ < 4096) {
			uint8_t am = cur_u8(&e), act = am >> 6;
			uint32_t seq = 0;
			uint8_t mn = 0, mx = 0, pl = 0, pa[16];
			unsigned pb;

			memset(pa, 0, sizeof(pa));
			if (act != 2) {		/* REMOVE-ALL has no body */
				seq = cur_u32(&e);
				mn = cur_u8(&e);
				mx = cur_u8(&e);
				pl = cur_u8(&e);
				pb = (pl + 7u) / 8u;
				if (pb > (afi == 2 ? 16u : 4u)) {
					bw_anom(w, "bgp.orf_prefix", AK_MALFORMED,
					    "ORF prefix length %u", pl);
					break;
				}
				cur_copy(&e, pa, pb);
			}
			if (bw_cur(w, &e, "ORF entry") < 0)
				break;
			if (BW_DETAIL(w)) {
				bw_bol(w, 1);
				tb_printf(w->tb, "%s %s", act == 0 ? "add" :
				    act == 1 ? "remove" : act == 2 ?
				    "remove-all" : "action?", (am & 0x20) ?
				    "deny" : "permit");
				if (act != 2) {
					tb_printf(w->tb, " seq %u ", seq);
					if (afi == 2)
						tb_ip6(w->tb, pa);
					else
						tb_ip4(w->tb, (uint32_t)pa[0] <<
						    24 | (uint32_t)pa[1] << 16 |
						    (uint32_t)pa[2] << 8 | pa[3]);
					tb_printf(w->tb, "/%u ge %u le %u", pl,
					    mn, mx);
				}
				bw_eol(w);
			}
		}
	}
}

/* ---- one message ---- */

static const uint16_t min_len[6] = { 0, 29, 23, 21, 19, 23 };

static void
body_walk(struct bw *w, const struct bgp_info *b, struct cursor *c)
{
	switch (b->type) {
	case BGP_OPEN:
		open_walk(w, c);
		break;
	case BGP_UPDATE:
		bgp_update_walk(w, c);
		break;
	case BGP_NOTIFICATION:
		notif_walk(w, c, 0);
		break;
	case BGP_ROUTE_REFRESH:
	case 128:
		rr_walk(w, c);
		break;
	default:
		if (BW_DETAIL(w) && cur_left(c) > 0) {
			bw_bol(w, 0);
			tb_printf(w->tb, "Body (%zu bytes): ", cur_left(c));
			bw_hex(w->tb, c->base + c->pos, cur_avail(c), 128);
			bw_eol(w);
		}
		break;
	}
}

int
bgp_message(struct dctx *ctx, struct layer *l, const struct tcp_msg *m)
{
	struct bgp_info *b = &l->u.bgp;
	struct cursor c = cur_make(m->base, m->cap, m->len);
	struct bgp_open_facts of;
	struct bw w;
	int dir = m->dir;

	memset(b, 0, sizeof(*b));
	l->base = m->base;
	l->off = 0;
	l->len = m->len;
	l->cap = m->cap;
	b->dir = m->dir;
	b->conn = m->conn;
	b->nseg = m->nseg;
	b->first_frame = m->first_frame;
	b->last_frame = m->last_frame;
	b->flags = m->neg != NULL ? BGPF_STREAM : BGPF_NOSTATE;
	if (!cur_skip(&c, 16)) {
		dctx_anomaly(ctx, "bgp.truncated", AK_TRUNCATED, "header cut "
		    "by the capture");
		return DS_TRUNCATED;
	}
	b->length = cur_u16(&c);
	b->type = cur_u8(&c);
	if (!cur_ok(&c)) {
		dctx_anomaly(ctx, "bgp.truncated", AK_TRUNCATED, "header cut "
		    "by the capture");
		return DS_TRUNCATED;
	}
	if (b->type < 1 || b->type > 5) {
		dctx_anomaly(ctx, "bgp.bad_type", AK_MALFORMED, "message type "
		    "%u (RFC 4271 s.6.1 Bad Message Type)", b->type);
	} else if (b->length < min_len[b->type] ||
	    (b->type == BGP_KEEPALIVE && b->length != BGP_HDR_LEN)) {
		dctx_anomaly(ctx, "bgp.bad_length", AK_MALFORMED, "%s of %u "
		    "bytes (RFC 4271 s.6.1 Bad Message Length)",
		    tok_name(msg_types, b->type, "?"), b->length);
		return DS_MALFORMED;
	}
	if (b->length > BGP_MAX_LEN) {
		if (b->type == BGP_OPEN || b->type == BGP_KEEPALIVE)
			dctx_anomaly(ctx, "bgp.bad_length", AK_MALFORMED,
			    "%s of %u bytes: RFC 8654 never extends it",
			    tok_name(msg_types, b->type, "?"), b->length);
		else if (m->neg != NULL && bgp_neg_both(m->neg) &&
		    !(m->neg->side[0].ext_msg && m->neg->side[1].ext_msg))
			dctx_anomaly(ctx, "bgp.length_not_negotiated",
			    AK_MALFORMED, "%u bytes but the OPENs did not "
			    "both announce Extended Message", b->length);
		else if (m->neg == NULL || !bgp_neg_both(m->neg))
			dctx_anomaly(ctx, "bgp.extended_length", AK_NOTE,
			    "%u bytes: RFC 8654 extended message, OPENs not "
			    "seen", b->length);
	}
	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	w.bi = b;
	w.rbi = b;
	if (b->type == BGP_OPEN) {
		memset(&of, 0, sizeof(of));
		of.seen = 1;
		of.frame = m->last_frame;
		w.of = &of;
	}
	if (b->type == BGP_UPDATE)
		bgp_update_dissect(&w, &c, m->neg, dir);
	else
		body_walk(&w, b, &c);
	if (b->type == BGP_OPEN && cur_ok(&c) && m->neg != NULL) {
		if (!of.as4)
			of.asn = b->m.open.asn;
		m->neg->side[dir] = of;
	}
	if (b->type == BGP_OPEN && of.as4 && b->m.open.asn != BGP_AS_TRANS &&
	    b->m.open.asn != of.asn)
		dctx_anomaly(ctx, "bgp.open_as_mismatch", AK_NOTE, "My AS %u "
		    "but 4-octet AS capability %u (RFC 6793 s.4.1: My AS "
		    "should be AS_TRANS)", b->m.open.asn, of.asn);
	if (b->type == BGP_OPEN && of.as4)
		b->m.open.asn = of.asn;
	if (!cur_complete(&c))
		return DS_TRUNCATED;
	return cur_err(&c) == CUR_MALFORMED ? DS_MALFORMED : DS_OK;
}

/* ---- the dissector ---- */

struct bctx {
	struct layer	*first;
	const uint8_t	*seg_base;	/* the frame bytes the payload is in */
	uintptr_t	 seg_lo, seg_hi;
	unsigned	 n;
	unsigned	 dropped;
	enum dstatus	 st;
};

static void
emit_msg(struct dctx *ctx, const struct layer *l)
{
	struct event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = EV_BGP_MESSAGE;
	ev.depth = l->depth;
	if (ctx->frame != NULL) {
		ev.vantage = ctx->frame->vantage;
		ev.frame = ctx->frame->number;
		ev.ts_ns = ctx->frame->ts_ns;
	}
	ev.pkt = ctx->pkt;
	ev.layer = l;
	dctx_emit(ctx, &ev);
}

static void
on_msg(void *arg, struct dctx *ctx, const struct tcp_msg *m)
{
	struct bctx *b = arg;
	struct packet *pkt = ctx->pkt;
	struct layer *l, scratch;
	enum dstatus st;

	if (b->n == 0)
		l = b->first;
	else if (pkt->nlayers < PKT_MAX_LAYERS) {
		l = &pkt->layers[pkt->nlayers];
		memset(l, 0, sizeof(*l));
		l->proto = PROTO_BGP;
		l->d = &dissector_bgp;
		l->depth = b->first->depth;
		ctx->cur_layer = pkt->nlayers++;
	} else {
		/* still decoded (negotiation, trackers), just not listed */
		if (b->dropped++ == 0)
			dctx_anomaly(ctx, "bgp.too_many_messages", AK_NOTE,
			    "more messages in this segment than layers (%d)",
			    PKT_MAX_LAYERS);
		l = &scratch;
		memset(l, 0, sizeof(*l));
		l->proto = PROTO_BGP;
		l->d = &dissector_bgp;
		l->depth = b->first->depth;
	}
	st = (enum dstatus)bgp_message(ctx, l, m);
	if ((uintptr_t)m->base >= b->seg_lo && (uintptr_t)m->base < b->seg_hi) {
		/* in the frame itself: offsets from the frame, like others */
		l->off = (uint32_t)((uintptr_t)m->base -
		    (uintptr_t)b->seg_base);
		l->base = b->seg_base;
	}
	l->status = (uint8_t)st;
	if (b->n == 0 || st > b->st)
		b->st = st;
	b->n++;
	emit_msg(ctx, l);
}

/* No stream module: frame what this segment holds, like tcpdump. */
static void
frame_alone(struct dctx *ctx, struct cursor *c, struct bctx *b)
{
	const uint8_t *p = c->base + c->pos;
	size_t avail = cur_avail(c), left = cur_left(c), i = 0, k;
	struct tcp_msg m;
	uint64_t fn = ctx->frame != NULL ? ctx->frame->number : 0;

	while (i + BGP_HDR_LEN <= avail) {
		uint32_t len;

		for (k = 0; k < 16 && p[i + k] == 0xff; k++)
			;
		if (k < 16) {
			for (k = i + 1; k + BGP_HDR_LEN <= avail; k++)
				if (p[k] == 0xff && p[k + 1] == 0xff)
					break;
			dctx_anomaly(ctx, "bgp.not_a_message_start", AK_NOTE,
			    "%zu bytes before a marker (no reassembly)", k - i);
			i = k;
			continue;
		}
		len = (uint32_t)p[i + 16] << 8 | p[i + 17];
		if (len < BGP_HDR_LEN) {
			dctx_anomaly(ctx, "bgp.bad_length", AK_MALFORMED,
			    "length %u at offset %zu", len, i);
			break;
		}
		if (len > left - i) {
			dctx_anomaly(ctx, "bgp.partial", AK_NOTE, "message of "
			    "%u bytes continues in a later segment (no "
			    "reassembly)", len);
			break;
		}
		memset(&m, 0, sizeof(m));
		m.base = p + i;
		m.len = len;
		m.cap = len <= avail - i ? len : (uint32_t)(avail - i);
		m.first_frame = m.last_frame = fn;
		m.nseg = 1;
		on_msg(b, ctx, &m);
		i += len;
	}
}

static enum dstatus
bgp_dissect(struct dctx *ctx, struct cursor *c, struct layer *l)
{
	struct bctx b;
	struct tcp_seg_result r;

	memset(&b, 0, sizeof(b));
	b.first = l;
	b.seg_base = c->base;
	b.seg_lo = (uintptr_t)(c->base + c->pos);
	b.seg_hi = b.seg_lo + cur_avail(c);
	memset(&l->u.bgp, 0, sizeof(l->u.bgp));
	l->u.bgp.seg_bytes = (uint32_t)cur_left(c);
	if (ctx->tcp == NULL ||
	    tcp_streams_payload(ctx->tcp, ctx, c, on_msg, &b, &r) < 0) {
		frame_alone(ctx, c, &b);
		if (b.n == 0) {
			l->u.bgp.flags = BGPF_NOSTATE;
			l->u.bgp.seg = BGPS_PARTIAL;
		}
	} else if (b.n == 0) {
		l->u.bgp.seg = r.seg;
		l->u.bgp.conn = r.conn;
		l->u.bgp.dir = r.dir;
		l->u.bgp.flags = BGPF_STREAM;
	}
	ctx->cur_layer = (unsigned)(l - ctx->pkt->layers);
	return b.n > 0 ? b.st : DS_OK;
}

/* ---- views ---- */

static void
walk_text(const struct layer *l, struct textbuf *tb, int detail)
{
	const struct bgp_info *b = &l->u.bgp;
	struct cursor c = cur_make(l->base + l->off, l->cap, l->len);
	struct bw w;

	memset(&w, 0, sizeof(w));
	w.rbi = b;
	w.tb = tb;
	w.detail = detail;
	if (!cur_skip(&c, BGP_HDR_LEN))
		return;
	if (b->type == BGP_UPDATE && !detail) {
		/* one walk; parts as large as a -T decode line */
		char nb[4096], pb[4096];
		struct textbuf nh, path;

		tb_init(&nh, nb, sizeof(nb));
		tb_init(&path, pb, sizeof(pb));
		w.nh = &nh;
		w.path = &path;
		bgp_update_walk(&w, &c);
		tb_puts(tb, nh.buf);
		tb_puts(tb, path.buf);
		return;
	}
	body_walk(&w, b, &c);
}

static void
bgp_info_text(const struct layer *l, struct textbuf *tb)
{
	const struct bgp_info *b = &l->u.bgp;
	static const char *const segs[] = {
		"segment", "continuation", "retransmission",
		"out of order (held)", "not framed (looking for a marker)"
	};

	if (b->type == 0) {
		tb_printf(tb, "[%s, %u bytes]", segs[b->seg < 5 ? b->seg : 0],
		    b->seg_bytes);
		return;
	}
	tb_puts(tb, tok_name(msg_types, b->type, "unknown"));
	if (tok_name(msg_types, b->type, NULL) == NULL)
		tb_printf(tb, "(%u)", b->type);
	walk_text(l, tb, 0);
	if (b->nseg > 1)
		tb_printf(tb, " [%u segments, frames %llu-%llu]", b->nseg,
		    (unsigned long long)b->first_frame,
		    (unsigned long long)b->last_frame);
	if (l->cap < l->len)
		tb_printf(tb, " [%u of %u bytes captured]", l->cap, l->len);
}

static void
bgp_detail(const struct layer *l, struct textbuf *tb)
{
	const struct bgp_info *b = &l->u.bgp;

	if (b->type == 0) {
		tb_printf(tb, "  BGP: %u bytes, no message completed here\n",
		    b->seg_bytes);
		return;
	}
	tb_printf(tb, "  BGP %s: length %u", tok_name(msg_types, b->type,
	    "unknown"), b->length);
	if (b->nseg > 1)
		tb_printf(tb, ", reassembled from %u segments (frames "
		    "%llu-%llu)", b->nseg, (unsigned long long)b->first_frame,
		    (unsigned long long)b->last_frame);
	if (b->flags & BGPF_NOSTATE)
		tb_puts(tb, ", framed without stream state");
	tb_putc(tb, '\n');
	if (b->type == BGP_UPDATE) {
		if (b->flags & BGPF_NEG)
			tb_printf(tb, "    (decoded with the negotiated "
			    "session: %s AS numbers%s)\n",
			    (b->flags & BGPF_AS4) ? "4-octet" : "2-octet",
			    b->addpath ? ", ADD-PATH" : "");
		if (b->flags & (BGPF_AS4_GUESS | BGPF_AP_GUESS))
			tb_printf(tb, "    (OPENs not captured: %s guessed "
			    "from the message)\n",
			    (b->flags & BGPF_AS4_GUESS) &&
			    (b->flags & BGPF_AP_GUESS) ? "AS number size and "
			    "ADD-PATH" : (b->flags & BGPF_AS4_GUESS) ?
			    "AS number size" : "ADD-PATH");
	}
	walk_text(l, tb, 1);
}

static const struct dreg bgp_regs[] = {
	{ DT_TCP_PORT, 179 },
};

const struct dissector dissector_bgp = {
	.name = "bgp",
	.display = "BGP",
	.proto = PROTO_BGP,
	.role = DR_APP,
	.regs = bgp_regs,
	.nregs = sizeof(bgp_regs) / sizeof(bgp_regs[0]),
	.dissect = bgp_dissect,
	.info = bgp_info_text,
	.detail = bgp_detail,
};
