/* fields_bgp.c - BGP fields for the tshark cross-check (tsfields), RFC 4271.
 *
 * One occurrence per message, in the order tshark 4.0 lists them: the
 * messages a frame completes (reassembled ones included), each walked from
 * the bytes the BGP layer points at.  This walker is deliberately separate
 * from dissectors/bgp*.c: it reads the wire format straight from RFC 4271
 * §4, RFC 4760 and RFC 5492, so a decoding slip in the dissector does not
 * hide itself here.  Only the message layout decisions the dissector made
 * from negotiation are taken from the layer: which families carried
 * ADD-PATH path identifiers (bgp_info.addpath, RFC 7911).
 *
 * tshark's conventions: bgp.open.myas is the 2-octet My AS field as sent
 * (AS_TRANS included); the NOTIFICATION subcode goes to a field named after
 * the code (bgp.notify.minor_error for code 1, _open 2, _update 3,
 * _expired 4, _state 5, _cease 6, _capability 7, _unknown otherwise);
 * prefixes are printed as the address alone.  IPv4/IPv6 unicast,
 * multicast and labeled unicast prefixes only: tshark files VPN and EVPN
 * NLRI under other fields.
 */
#include <stdio.h>
#include <string.h>

#include "bgp.h"
#include "cursor.h"
#include "fields.h"

#define EACH_BGP(pkt, l) \
	for (unsigned i_ = 0; i_ < (pkt)->nlayers; i_++) \
		if ((pkt)->layers[i_].proto == PROTO_BGP && \
		    (pkt)->layers[i_].u.bgp.type != 0 && \
		    ((l) = &(pkt)->layers[i_]) != NULL)

/* The message body after the 19-byte header, bounded by its Length. */
static struct cursor
body(const struct layer *l)
{
	struct cursor c = cur_make(l->base + l->off, l->cap, l->len);

	cur_skip(&c, BGP_HDR_LEN);
	return c;
}

/* A child cursor over the next n bytes of c (n may exceed what is
 * captured: the child then stops short as the parent would). */
static struct cursor
child(struct cursor *c, size_t n)
{
	struct cursor k;
	size_t avail = cur_avail(c);

	if (n > cur_left(c)) {
		cur_fail(c, CUR_MALFORMED);
		return cur_make(NULL, 0, 0);
	}
	k = cur_make(c->base + c->pos, n < avail ? n : avail, n);
	cur_skip(c, n);
	return k;
}

static void
f_type(const struct packet *pkt, struct tsf_out *o)
{
	const struct layer *l;

	EACH_BGP(pkt, l)
		tsf_val(o, "%u", l->u.bgp.type);
}

static void
f_length(const struct packet *pkt, struct tsf_out *o)
{
	const struct layer *l;

	EACH_BGP(pkt, l)
		tsf_val(o, "%u", l->u.bgp.length);
}

enum openf { OF_MYAS, OF_HOLD, OF_ID, OF_CAP };

static void
caps(struct cursor *c, struct tsf_out *o)
{
	while (cur_left(c) >= 2) {
		uint8_t code = cur_u8(c), len = cur_u8(c);

		if (!cur_ok(c))
			return;
		tsf_val(o, "%u", code);
		if (!cur_skip(c, len))
			return;
	}
}

static void
open_values(const struct packet *pkt, struct tsf_out *o, enum openf what)
{
	const struct layer *l;

	EACH_BGP(pkt, l) {
		struct cursor c;
		uint16_t myas, hold;
		uint32_t id;
		size_t optlen;
		int ext;

		if (l->u.bgp.type != BGP_OPEN)
			continue;
		c = body(l);
		(void)cur_u8(&c);		/* version */
		myas = cur_u16(&c);
		hold = cur_u16(&c);
		id = cur_u32(&c);
		optlen = cur_u8(&c);
		if (!cur_ok(&c))
			continue;
		if (what == OF_MYAS)
			tsf_val(o, "%u", myas);
		else if (what == OF_HOLD)
			tsf_val(o, "%u", hold);
		else if (what == OF_ID)
			tsf_ip4(o, id);
		if (what != OF_CAP)
			continue;
		/* RFC 9072: Non-Ext OP Type 255 then a 2-octet length, and
		 * 2-octet parameter lengths. */
		ext = 0;
		if (optlen == 255 && cur_left(&c) >= 3) {
			struct cursor p = c;

			if (cur_u8(&p) == 255) {
				ext = 1;
				optlen = cur_u16(&p);
				c = p;
			}
		}
		{
			struct cursor params = child(&c, optlen);

			while (cur_left(&params) >= (ext ? 3u : 2u)) {
				uint8_t ptype = cur_u8(&params);
				size_t plen = ext ? cur_u16(&params) :
				    cur_u8(&params);
				struct cursor pv;

				if (!cur_ok(&params))
					break;
				pv = child(&params, plen);
				if (!cur_ok(&params))
					break;
				if (ptype == 2)
					caps(&pv, o);
			}
		}
	}
}

static void f_myas(const struct packet *p, struct tsf_out *o)
{ open_values(p, o, OF_MYAS); }
static void f_hold(const struct packet *p, struct tsf_out *o)
{ open_values(p, o, OF_HOLD); }
static void f_id(const struct packet *p, struct tsf_out *o)
{ open_values(p, o, OF_ID); }
static void f_cap(const struct packet *p, struct tsf_out *o)
{ open_values(p, o, OF_CAP); }

/* NOTIFICATION code, and the subcode in the field of that code. */
static void
notif(const struct packet *pkt, struct tsf_out *o, int want_code)
{
	const struct layer *l;

	EACH_BGP(pkt, l) {
		struct cursor c;
		uint8_t code, sub;

		if (l->u.bgp.type != BGP_NOTIFICATION)
			continue;
		c = body(l);
		code = cur_u8(&c);
		sub = cur_u8(&c);
		if (!cur_ok(&c))
			continue;
		if (want_code == 0)
			tsf_val(o, "%u", code);
		else if (want_code == code ||
		    (want_code == 99 && (code < 1 || code > 7)))
			tsf_val(o, "%u", sub);
	}
}

static void f_major(const struct packet *p, struct tsf_out *o)
{ notif(p, o, 0); }
static void f_minor_hdr(const struct packet *p, struct tsf_out *o)
{ notif(p, o, 1); }
static void f_minor_open(const struct packet *p, struct tsf_out *o)
{ notif(p, o, 2); }
static void f_minor_update(const struct packet *p, struct tsf_out *o)
{ notif(p, o, 3); }
static void f_minor_expired(const struct packet *p, struct tsf_out *o)
{ notif(p, o, 4); }
static void f_minor_state(const struct packet *p, struct tsf_out *o)
{ notif(p, o, 5); }
static void f_minor_cease(const struct packet *p, struct tsf_out *o)
{ notif(p, o, 6); }
static void f_minor_cap(const struct packet *p, struct tsf_out *o)
{ notif(p, o, 7); }
static void f_minor_unknown(const struct packet *p, struct tsf_out *o)
{ notif(p, o, 99); }

/* ---- UPDATE ---- */

enum pfxf { PF_WD, PF_NLRI, PF_MPR4, PF_MPU4, PF_MPR6, PF_MPU6, PF_ATTR };

/* Prefixes of one family (af 4 or 6) from c; ap: path ids present;
 * lu: labeled unicast (RFC 8277: 3-octet labels up to the bottom of
 * stack, or the withdrawal value 0x800000, counted in the length). */
static void
prefixes(struct cursor *c, struct tsf_out *o, int af, int ap, int lu)
{
	while (cur_left(c) > 0) {
		uint8_t a[16];
		unsigned bits;
		size_t n;

		if (ap && !cur_skip(c, 4))
			return;
		bits = cur_u8(c);
		while (lu && cur_ok(c) && bits >= 24) {
			uint32_t label = cur_u24(c);

			bits -= 24;
			if ((label & 1) || label == 0x800000 || label == 0)
				break;
		}
		if (!cur_ok(c) || bits > (af == 4 ? 32u : 128u))
			return;
		n = (bits + 7u) / 8u;
		memset(a, 0, sizeof(a));
		if (!cur_copy(c, a, n))
			return;
		if (af == 4)
			tsf_ip4(o, (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 |
			    (uint32_t)a[2] << 8 | a[3]);
		else
			tsf_ip6(o, a);
	}
}

static int
ap_for(const struct layer *l, uint16_t afi, uint8_t safi)
{
	int fi = bgp_fam_index(afi, safi);

	return fi >= 0 && (l->u.bgp.addpath & (1u << fi));
}

static void
update_values(const struct packet *pkt, struct tsf_out *o, enum pfxf what)
{
	const struct layer *l;

	EACH_BGP(pkt, l) {
		struct cursor c, wd, attrs;

		if (l->u.bgp.type != BGP_UPDATE)
			continue;
		c = body(l);
		wd = child(&c, cur_u16(&c));
		if (!cur_ok(&c))
			continue;
		if (what == PF_WD)
			prefixes(&wd, o, 4, ap_for(l, 1, 1), 0);
		attrs = child(&c, cur_u16(&c));
		if (!cur_ok(&c))
			continue;
		while (cur_left(&attrs) >= 3) {
			uint8_t flags = cur_u8(&attrs), type = cur_u8(&attrs);
			size_t len = (flags & 0x10) ? cur_u16(&attrs) :
			    cur_u8(&attrs);
			struct cursor v;
			uint16_t afi;
			uint8_t safi;

			if (!cur_ok(&attrs))
				break;
			if (what == PF_ATTR)
				tsf_val(o, "%u", type);
			v = child(&attrs, len);
			if (!cur_ok(&attrs))
				break;
			if (type != 14 && type != 15)
				continue;
			afi = cur_u16(&v);
			safi = cur_u8(&v);
			if (!cur_ok(&v) || (safi != 1 && safi != 2 && safi != 4) ||
			    (afi != 1 && afi != 2))
				continue;
			if (type == 14) {	/* next hop, reserved octet */
				uint8_t nhlen = cur_u8(&v);

				if (!cur_skip(&v, nhlen + 1u))
					continue;
				if (what == (afi == 1 ? PF_MPR4 : PF_MPR6))
					prefixes(&v, o, afi == 1 ? 4 : 6,
					    ap_for(l, afi, safi), safi == 4);
			} else if (what == (afi == 1 ? PF_MPU4 : PF_MPU6)) {
				prefixes(&v, o, afi == 1 ? 4 : 6,
				    ap_for(l, afi, safi), safi == 4);
			}
		}
		if (what == PF_NLRI)
			prefixes(&c, o, 4, ap_for(l, 1, 1), 0);
	}
}

static void f_wd(const struct packet *p, struct tsf_out *o)
{ update_values(p, o, PF_WD); }
static void f_nlri(const struct packet *p, struct tsf_out *o)
{ update_values(p, o, PF_NLRI); }
static void f_mpr4(const struct packet *p, struct tsf_out *o)
{ update_values(p, o, PF_MPR4); }
static void f_mpu4(const struct packet *p, struct tsf_out *o)
{ update_values(p, o, PF_MPU4); }
static void f_mpr6(const struct packet *p, struct tsf_out *o)
{ update_values(p, o, PF_MPR6); }
static void f_mpu6(const struct packet *p, struct tsf_out *o)
{ update_values(p, o, PF_MPU6); }
static void f_attr(const struct packet *p, struct tsf_out *o)
{ update_values(p, o, PF_ATTR); }

static const struct tsf_field bgp_fields[] = {
	{ "bgp.type", f_type },
	{ "bgp.length", f_length },
	{ "bgp.open.myas", f_myas },
	{ "bgp.open.holdtime", f_hold },
	{ "bgp.open.identifier", f_id },
	{ "bgp.cap.type", f_cap },
	{ "bgp.notify.major_error", f_major },
	{ "bgp.notify.minor_error", f_minor_hdr },
	{ "bgp.notify.minor_error_open", f_minor_open },
	{ "bgp.notify.minor_error_update", f_minor_update },
	{ "bgp.notify.minor_error_expired", f_minor_expired },
	{ "bgp.notify.minor_error_state", f_minor_state },
	{ "bgp.notify.minor_error_cease", f_minor_cease },
	{ "bgp.notify.minor_error_capability", f_minor_cap },
	{ "bgp.notify.minor_error_unknown", f_minor_unknown },
	{ "bgp.withdrawn_prefix", f_wd },
	{ "bgp.nlri_prefix", f_nlri },
	{ "bgp.mp_reach_nlri_ipv4_prefix", f_mpr4 },
	{ "bgp.mp_unreach_nlri_ipv4_prefix", f_mpu4 },
	{ "bgp.mp_reach_nlri_ipv6_prefix", f_mpr6 },
	{ "bgp.mp_unreach_nlri_ipv6_prefix", f_mpu6 },
	{ "bgp.update.path_attribute.type_code", f_attr },
};

const struct tsf_table tsf_table_bgp = {
	bgp_fields, sizeof(bgp_fields) / sizeof(bgp_fields[0]),
};
