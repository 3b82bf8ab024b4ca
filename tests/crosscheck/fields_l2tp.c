/* fields_l2tp.c - L2TP fields for the tshark cross-check (tsfields).
 *
 * tshark's conventions (4.0): l2tp.ccid and l2tp.sid in hex (0x%08x), the
 * zero Session ID of an IP control message shown as l2tp.sid 0x00000000,
 * l2tp.version absent on IP data messages, l2tp.avp.* once per AVP
 * occurrence, l2tp.avp.pseudowire_type also on data messages of a session
 * (a generated field: the PW type its ICRQ/OCRQ gave, 0 when none seen).
 */
#include "../../dissectors/l2tp_avp.h"
#include "fields.h"

#include <stdio.h>

static int
is_l2tp(const struct layer *l)
{
	return l->proto == PROTO_L2TP;
}

#define EACH_L2TP(pkt, l) \
	for (unsigned i_ = 0; i_ < (pkt)->nlayers; i_++) \
		if (is_l2tp(&(pkt)->layers[i_]) && \
		    ((l) = &(pkt)->layers[i_]) != NULL)

static void
f_version(const struct packet *pkt, struct tsf_out *o)
{
	const struct layer *l;

	EACH_L2TP(pkt, l)
		if (l->u.l2tp.control || !l->u.l2tp.over_ip)
			tsf_val(o, "%u", l->u.l2tp.version);
}

static void
f_ccid(const struct packet *pkt, struct tsf_out *o)
{
	const struct layer *l;

	EACH_L2TP(pkt, l)
		if (l->u.l2tp.control && l->u.l2tp.version == 3)
			tsf_val(o, "0x%08x", l->u.l2tp.ccid);
}

static void
f_ns(const struct packet *pkt, struct tsf_out *o)
{
	const struct layer *l;

	EACH_L2TP(pkt, l)
		if (l->u.l2tp.control && (l->u.l2tp.version == 3 ||
		    (l->u.l2tp.flags & 0x0800)))
			tsf_val(o, "%u", l->u.l2tp.ns);
}

static void
f_nr(const struct packet *pkt, struct tsf_out *o)
{
	const struct layer *l;

	EACH_L2TP(pkt, l)
		if (l->u.l2tp.control && (l->u.l2tp.version == 3 ||
		    (l->u.l2tp.flags & 0x0800)))
			tsf_val(o, "%u", l->u.l2tp.nr);
}

static void
f_sid(const struct packet *pkt, struct tsf_out *o)
{
	const struct layer *l;

	EACH_L2TP(pkt, l) {
		if (l->u.l2tp.version != 3)
			continue;
		if (!l->u.l2tp.control)
			tsf_val(o, "0x%08x", l->u.l2tp.session_id);
		else if (l->u.l2tp.over_ip)
			tsf_val(o, "0x00000000");
	}
}

static void
f_tunnel(const struct packet *pkt, struct tsf_out *o)
{
	const struct layer *l;

	EACH_L2TP(pkt, l)
		if (l->u.l2tp.version == 2)
			tsf_val(o, "%u", l->u.l2tp.ccid >> 16);
}

static void
f_session(const struct packet *pkt, struct tsf_out *o)
{
	const struct layer *l;

	EACH_L2TP(pkt, l)
		if (l->u.l2tp.version == 2)
			tsf_val(o, "%u", l->u.l2tp.ccid & 0xffff);
}

static void
f_cookie(const struct packet *pkt, struct tsf_out *o)
{
	const struct layer *l;
	unsigned k;
	char hex[17];

	EACH_L2TP(pkt, l) {
		const struct l2tp_info *li = &l->u.l2tp;

		if (li->control || li->version != 3 || li->cookie_len == 0 ||
		    li->cookie_len > 8)
			continue;
		for (k = 0; k < li->cookie_len; k++)
			snprintf(hex + 2 * k, 3, "%02x", li->cookie[k]);
		tsf_val(o, "%s", hex);
	}
}

static void
f_l2ss_seq(const struct packet *pkt, struct tsf_out *o)
{
	const struct layer *l;

	EACH_L2TP(pkt, l)
		if (!l->u.l2tp.control && l->u.l2tp.version == 3 &&
		    l->u.l2tp.l2ss == 1)
			tsf_val(o, "%u", l->u.l2tp.l2ss_seq);
}

/* Walk the AVPs of every control layer and print one kind of value. */
enum avpf { AF_TYPE, AF_MT, AF_LSID, AF_RSID, AF_CCID, AF_RESULT, AF_ERROR,
	AF_HOST, AF_ROUTER, AF_PWTYPE, AF_TUNNEL_ID, AF_ERRMSG };

static void
avp_values(const struct packet *pkt, struct tsf_out *o, enum avpf what)
{
	const struct layer *l;
	struct l2tp_walk w;
	struct l2tp_avp a;
	size_t end, msg;

	EACH_L2TP(pkt, l) {
		const struct l2tp_info *li = &l->u.l2tp;

		if (!li->control)
			continue;
		msg = l->off + (li->over_ip ? 4 : 0);
		end = l->off + l->len;
		if (li->length >= 12 && msg + li->length < end)
			end = msg + li->length;
		w.c = cur_make(l->base, l->off + l->cap, end);
		w.c.pos = l->off + li->payload_off;
		w.base_off = 0;
		w.err = WALK_OK;
		while (l2tp_avp_next(&w, &a)) {
			const uint8_t *v = a.val;
			size_t n = a.vcap;

			if (a.vendor != 0)
				continue;
			if (what == AF_TYPE) {
				tsf_val(o, "%u", a.type);
				continue;
			}
			if ((a.flags & AVP_H) || n != a.vlen)
				continue;
			switch (what) {
			case AF_MT:
				if (a.type == 0 && n == 2)
					tsf_val(o, "%u", v[0] << 8 | v[1]);
				break;
			case AF_LSID: case AF_RSID: case AF_CCID: case AF_ROUTER:
				if (n == 4 && a.type == (what == AF_LSID ? 63 :
				    what == AF_RSID ? 64 : what == AF_CCID ? 61 :
				    60))
					tsf_val(o, "%u", (unsigned)v[0] << 24 |
					    (unsigned)v[1] << 16 |
					    (unsigned)v[2] << 8 | v[3]);
				break;
			case AF_RESULT:
				if (a.type == 1 && n >= 2)
					tsf_val(o, "%u", v[0] << 8 | v[1]);
				break;
			case AF_ERROR:
				if (a.type == 1 && n >= 4)
					tsf_val(o, "%u", v[2] << 8 | v[3]);
				break;
			case AF_ERRMSG:
				if (a.type == 1 && n > 4)
					tsf_val(o, "%.*s", (int)(n - 4),
					    (const char *)v + 4);
				break;
			case AF_HOST:
				if (a.type == 7)
					tsf_val(o, "%.*s", (int)n,
					    (const char *)v);
				break;
			case AF_PWTYPE:
				if (a.type == 68 && n == 2)
					tsf_val(o, "%u", v[0] << 8 | v[1]);
				break;
			case AF_TUNNEL_ID:
				if (a.type == 9 && n == 2 && li->version == 2)
					tsf_val(o, "%u", v[0] << 8 | v[1]);
				break;
			default:
				break;
			}
		}
	}
}

static void f_avp_type(const struct packet *p, struct tsf_out *o)
{ avp_values(p, o, AF_TYPE); }
static void f_msg_type(const struct packet *p, struct tsf_out *o)
{ avp_values(p, o, AF_MT); }
static void f_lsid(const struct packet *p, struct tsf_out *o)
{ avp_values(p, o, AF_LSID); }
static void f_rsid(const struct packet *p, struct tsf_out *o)
{ avp_values(p, o, AF_RSID); }
static void f_accid(const struct packet *p, struct tsf_out *o)
{ avp_values(p, o, AF_CCID); }
static void f_result(const struct packet *p, struct tsf_out *o)
{ avp_values(p, o, AF_RESULT); }
static void f_error(const struct packet *p, struct tsf_out *o)
{ avp_values(p, o, AF_ERROR); }
static void f_errmsg(const struct packet *p, struct tsf_out *o)
{ avp_values(p, o, AF_ERRMSG); }
static void f_host(const struct packet *p, struct tsf_out *o)
{ avp_values(p, o, AF_HOST); }
static void f_router(const struct packet *p, struct tsf_out *o)
{ avp_values(p, o, AF_ROUTER); }
static void f_tunnel_id(const struct packet *p, struct tsf_out *o)
{ avp_values(p, o, AF_TUNNEL_ID); }

/* PW Type AVP values, then (tshark's generated field) the negotiated PW
 * type on data messages. */
static void
f_pwtype(const struct packet *p, struct tsf_out *o)
{
	const struct layer *l;

	avp_values(p, o, AF_PWTYPE);
	EACH_L2TP(p, l) {
		const struct l2tp_info *li = &l->u.l2tp;

		if (li->control || li->version != 3)
			continue;
		/* tshark: 0 when no ICRQ/OCRQ told it (what we infer or
		 * assume is not a negotiated PW type) */
		if (li->layout == L2TP_LAYOUT_NEGOTIATED &&
		    li->pw_type != L2TP_NONE16)
			tsf_val(o, "%u", li->pw_type);
		else
			tsf_val(o, "0");
	}
}

static const struct tsf_field l2tp_fields[] = {
	{ "l2tp.version", f_version },
	{ "l2tp.ccid", f_ccid },
	{ "l2tp.Ns", f_ns },
	{ "l2tp.Nr", f_nr },
	{ "l2tp.sid", f_sid },
	{ "l2tp.tunnel", f_tunnel },
	{ "l2tp.session", f_session },
	{ "l2tp.cookie", f_cookie },
	{ "l2tp.l2_spec_sequence", f_l2ss_seq },
	{ "l2tp.avp.type", f_avp_type },
	{ "l2tp.avp.message_type", f_msg_type },
	{ "l2tp.avp.local_session_id", f_lsid },
	{ "l2tp.avp.remote_session_id", f_rsid },
	{ "l2tp.avp.assigned_control_conn_id", f_accid },
	{ "l2tp.result_code", f_result },
	{ "l2tp.avp.error_code", f_error },
	{ "l2tp.avp.error_message", f_errmsg },
	{ "l2tp.avp.host_name", f_host },
	{ "l2tp.avp.router_id", f_router },
	{ "l2tp.avp.pseudowire_type", f_pwtype },
	{ "l2tp.avp.assigned_tunnel_id", f_tunnel_id },
};

const struct tsf_table tsf_table_l2tp = {
	l2tp_fields, sizeof(l2tp_fields) / sizeof(l2tp_fields[0]),
};
