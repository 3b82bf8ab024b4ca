/* track_bgp.c - BGP sessions and their TCP connections rebuilt from packets (RFC 4271 §8, RFC 9293).
 *
 * What each side was seen to send drives its inferred RFC 4271 §8 state
 * (the table is in track_bgp.h); the store's funnel records every change
 * with its cause and frame.  The hold timer is the engine's: armed per
 * side from the negotiated hold time (the smaller of the two OPENs, RFC
 * 4271 §4.2) each time the peer is heard, it takes the side down when it
 * runs out before the capture does, whether or not a NOTIFICATION made it
 * onto the wire.  FIN and RST of a frame are applied after its BGP
 * messages (a NOTIFICATION often rides on the FIN).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp.h"
#include "cursor.h"
#include "diagnose.h"
#include "dissect.h"
#include "event.h"
#include "finding.h"
#include "hash.h"
#include "tcp_stream.h"
#include "textbuf.h"
#include "track.h"
#include "track_bgp.h"
#include "track_l2tp.h"

#define NS		1000000000LL
#define PEND_MAX	4	/* FIN/RST facts held until the frame ends */
#define ARP_MAX		64	/* ARP requests inside pseudowires kept */
/* Requests a host sends before it gives a neighbour up (Linux's
 * ucast/mcast_solicit, 1 s apart): fewer unanswered is no failure yet */
#define BGP_ARP_TRIES	3
#define ARP_EV		4

static const struct tok fsm_states[] = {
	{ BGS_IDLE, "Idle" }, { BGS_CONNECT, "Connect" },
	{ BGS_ACTIVE, "Active" }, { BGS_OPENSENT, "OpenSent" },
	{ BGS_OPENCONFIRM, "OpenConfirm" },
	{ BGS_ESTABLISHED, "Established" }, { 0, NULL }
};

struct bconn;

struct bsess {
	struct entity	*e;
	struct bgp_sess_facts f;
	struct bconn	*conns[BGP_SESS_CONNS];	/* most recent last */
	unsigned	 nconns;
	/* the other direction of f.carrier's pseudowire, found to be the
	 * same session (carrier_note): messages both ways need no lookup */
	struct bgp_carrier carrier_rev;
};

struct bconn {
	struct entity	*e;
	struct bsess	*sess;
	uint8_t		 initiator;	/* side that sent the SYN; 2 unknown */
	uint8_t		 synack, data, closed, established;
	uint8_t		 side_est[2], side_drop[2];	/* counted per side */
	uint8_t		 open_sent[2];
	uint8_t		 ka_after_open[2];
	uint32_t	 isn;
	uint16_t	 port[2];
	struct evref	 syn_ev;	/* its first SYN */
	uint32_t	 syn_rexmit;	/* that SYN sent again */
	struct bgp_carrier carrier;	/* pseudowire it was opened in */
};

/* ARP requests seen inside a pseudowire (depth > 0), and whether the
 * target answered through the same pseudowire: a BGP peer that cannot be
 * resolved there means the segment is not extended. */
struct barp {
	uint32_t	 spa, tpa;	/* host order */
	uint32_t	 vantage;
	struct l2tp_ep	 ep;		/* outer sender/recipient */
	uint32_t	 sid;		/* recipient's Session ID */
	uint64_t	 carrier;	/* serial of the L2TP session; 0 */
	uint32_t	 count, answered;
	struct evref	 ev[ARP_EV];
	uint8_t		 nev;
	struct evref	 last;
};

struct bgp_tracker {
	struct engine	*eng;
	struct track	*t;
	struct tcp_streams *tcp;	/* its records keep our memos */
	struct bgp_wire	 pend[PEND_MAX];
	unsigned	 npend;
	uint64_t	 pend_frame;
	uint32_t	 pend_vantage;
	struct barp	 arp[ARP_MAX];
	unsigned	 narp, arp_next;
	/* the session and connection of the last message (msg_memo): the
	 * messages of one segment share them, and a table dump packs a
	 * dozen UPDATEs a segment */
	struct bsess	*m_s;
	struct bconn	*m_c;
	uint64_t	 m_frame, m_gen;
	uint32_t	 m_vantage, m_tconn;
	unsigned	 m_side;
};

/* A last reset's cause is kept to this many bytes (with the NUL). */
#define BGP_RESET_MAX	96

const char *
bgp_fsm_state_name(unsigned s)
{
	return tok_name(fsm_states, s, "unknown");
}

const struct bgp_sess_facts *
bgp_sess_facts(const struct entity *e)
{
	const struct bsess *s;

	if (e == NULL || e->kind != EK_BGP_SESSION || e->data == NULL)
		return NULL;
	s = e->data;
	return &s->f;
}

/* ---- keys ---- */

/* Which side sent it: side 0 is the lower (address, port). */
static int
wire_side(const struct bgp_wire *w)
{
	int c = memcmp(w->src, w->dst, 16);

	if (c == 0)
		c = w->sport < w->dport ? -1 : w->sport > w->dport;
	return c <= 0 ? 0 : 1;
}

/* Session key: vantage, depth, family, both addresses in side order, a
 * hash of the outer LCCE pair (unordered). */
static size_t
sess_key(const struct bgp_wire *w, int side, uint8_t *k, int loose)
{
	const uint8_t *lo = side == 0 ? w->src : w->dst;
	const uint8_t *hi = side == 0 ? w->dst : w->src;
	uint32_t oh = 0;
	size_t n = 0;

	if (w->outer_af) {
		int c = memcmp(w->outer[0], w->outer[1], 16) <= 0;

		/* both orders alike; word-wise (every BGP message) */
		oh = hash_bytes(w->outer[c ? 0 : 1], 16, 2166136261u);
		oh = hash_bytes(w->outer[c ? 1 : 0], 16, oh);
	}
	memcpy(k + n, &w->vantage, 4);
	n += 4;
	k[n++] = w->depth;
	k[n++] = w->af;
	k[n++] = w->outer_af;
	k[n++] = loose ? 'L' : 0;
	memcpy(k + n, lo, 16);
	n += 16;
	memcpy(k + n, hi, 16);
	n += 16;
	memcpy(k + n, &oh, 4);
	n += 4;
	if (loose)
		memset(k + n, 0, 4);
	else
		memcpy(k + n, &w->pw_key, 4);
	n += 4;
	return n;
}

static size_t
conn_key(const struct bgp_wire *w, int side, uint8_t *k)
{
	size_t n;

	if (w->tconn != 0) {	/* the stream module's connection */
		memcpy(k, &w->vantage, 4);
		k[4] = 'T';
		memcpy(k + 5, &w->tconn, 4);
		return 9;
	}
	n = sess_key(w, side, k, 0);
	uint16_t p0 = side == 0 ? w->sport : w->dport;
	uint16_t p1 = side == 0 ? w->dport : w->sport;

	memcpy(k + n, &p0, 2);
	memcpy(k + n + 2, &p1, 2);
	return n + 4;
}

static struct evref
wire_ev(const struct bgp_wire *w)
{
	struct evref r;

	r.vantage = w->vantage;
	r.frame = w->frame;
	r.ts_ns = w->ts;
	return r;
}

static void
addr_text(char *buf, size_t n, int af, const uint8_t *a)
{
	if (inet_ntop(af == 6 ? AF_INET6 : AF_INET, a, buf, (socklen_t)n) ==
	    NULL)
		snprintf(buf, n, "?");
}

/* ---- entities ---- */

static void
release(void *arg, struct entity *e)
{
	struct bgp_tracker *tr = arg;

	if (e->kind == EK_BGP_SESSION) {
		struct bsess *s = e->data;
		struct entity *ch;
		unsigned i;

		if (s != NULL) {
			/* every connection, not only the last BGP_SESS_CONNS
			 * that conns[] keeps: they are the entity's children */
			for (ch = e->child; ch != NULL; ch = ch->sibling)
				if (ch->kind == EK_BGP_CONN && ch->data != NULL)
					((struct bconn *)ch->data)->sess = NULL;
			track_str_put(tr->t, s->f.last_reset);
			for (i = 0; i < 2; i++) {
				track_str_put(tr->t, s->f.s[i].last_reset);
				track_str_put(tr->t, s->f.s[i].last_text);
				free(s->f.s[i].pfam);
			}
			free(s->f.notif_ev);
			free(s->f.fail_ev);
			free(s->f.reset_ev);
		}
	} else if (e->kind == EK_BGP_CONN) {
		struct bconn *c = e->data;
		unsigned i;

		if (c != NULL && c->sess != NULL)
			for (i = 0; i < c->sess->nconns; i++)
				if (c->sess->conns[i] == c)
					c->sess->conns[i] = NULL;
	}
	e->data = NULL;		/* the record goes with the entity */
}

static void
sess_name(struct bsess *s)
{
	char a[2][INET6_ADDRSTRLEN + 24];
	int i;

	for (i = 0; i < 2; i++) {
		char ip[INET6_ADDRSTRLEN];
		struct textbuf t;

		addr_text(ip, sizeof(ip), s->f.af, s->f.s[i].addr);
		tb_init(&t, a[i], sizeof(a[i]));
		if (s->f.s[i].open_seen)
			tb_printf(&t, "%s (AS %u)", ip, s->f.s[i].asn);
		else
			tb_puts(&t, ip);
	}
	if (s->f.in_pw && s->f.pw_key != 0)
		track_set_name(s->e, "BGP %s <-> %s in L2TPv3 session %u",
		    a[0], a[1], s->f.pw_key & 0x7fffffffu);
	else
		track_set_name(s->e, "BGP %s <-> %s%s", a[0], a[1],
		    s->f.in_pw ? " in an L2TPv3 pseudowire" : "");
}

/* ---- carried_by ---- */

static struct entity *
carrier_find(const struct bgp_tracker *tr, const struct l2tp_ep *ep,
    uint32_t sid)
{
	return tr->eng->l2tp != NULL ?
	    l2tp_track_session_find(tr->eng->l2tp, ep, sid) : NULL;
}

struct entity *
bgp_sess_carrier(const struct engine *eng, const struct entity *e)
{
	const struct bgp_sess_facts *f = bgp_sess_facts(e);

	if (f == NULL || !f->carrier.valid || eng->l2tp == NULL)
		return NULL;
	return l2tp_track_session_find(eng->l2tp, &f->carrier.ep,
	    f->carrier.sid);
}

static int
ep_same(const struct l2tp_ep *x, uint32_t xs, const struct l2tp_ep *y,
    uint32_t ys)
{
	return xs == ys && x->transport == y->transport &&
	    x->sport == y->sport && x->dport == y->dport &&
	    x->src.af == y->src.af && x->dst.af == y->dst.af &&
	    memcmp(x->src.a, y->src.a, 16) == 0 &&
	    memcmp(x->dst.a, y->dst.a, 16) == 0;
}

/* A pseudowire is gone for BGP once either LCCE closed it or its
 * control connection (or the store forgot it). */
static int
carrier_down(const struct entity *l2)
{
	const struct entity *c;

	if (l2 == NULL)
		return 1;
	if (l2->state[0] == L2S_CLOSED || l2->state[1] == L2S_CLOSED)
		return 1;
	c = l2->parent;
	return c != NULL && (c->state[0] == L2C_CLOSED ||
	    c->state[1] == L2C_CLOSED);
}

/* Remember the pseudowire of this packet; a new one counts. */
static void
carrier_note(struct bgp_tracker *tr, struct bsess *s,
    const struct bgp_wire *w)
{
	struct entity *old, *now;
	struct bgp_carrier prev;

	if (!w->has_ep || (s->f.carrier.valid && ep_same(&s->f.carrier.ep,
	    s->f.carrier.sid, &w->ep, w->ep_sid)))
		return;
	if (s->f.carrier.valid && s->carrier_rev.valid &&
	    ep_same(&s->carrier_rev.ep, s->carrier_rev.sid, &w->ep,
	    w->ep_sid)) {
		/* back the other way in the same pseudowire: the latest
		 * direction is kept, as below, without two lookups */
		prev = s->f.carrier;
		s->f.carrier = s->carrier_rev;
		s->carrier_rev = prev;
		return;
	}
	now = carrier_find(tr, &w->ep, w->ep_sid);
	if (now == NULL)
		return;
	old = s->f.carrier.valid ? carrier_find(tr, &s->f.carrier.ep,
	    s->f.carrier.sid) : NULL;
	if (old != now) {
		s->f.carriers++;
		s->carrier_rev.valid = 0;
	} else
		s->carrier_rev = s->f.carrier;
	s->f.carrier.valid = 1;
	s->f.carrier.ep = w->ep;
	s->f.carrier.sid = w->ep_sid;
}

/* The lookups of the wire's TCP connection, remembered in the stream
 * module's record of it (NULL: none, a lookup walks the table). */
static struct track_memo *
wire_memos(const struct bgp_tracker *tr, const struct bgp_wire *w)
{
	return w->tconn != 0 ? tcp_streams_memos(tr->tcp, w->tconn) : NULL;
}

/* Another pseudowire between the same LCCEs carries the same peers:
 * the session continues there when its former carrier is gone (the
 * story's tunnel rebuilt after the fix: the router's neighbor counters
 * go on), or when it is the same pseudowire seen under a new key. */
static int
carrier_adopt(const struct bgp_tracker *tr, const struct bsess *s,
    const struct bgp_wire *w)
{
	struct entity *old, *now;

	if (!s->f.in_pw || !w->has_ep)
		return 0;
	if (!s->f.carrier.valid)
		return 1;
	old = carrier_find(tr, &s->f.carrier.ep, s->f.carrier.sid);
	now = carrier_find(tr, &w->ep, w->ep_sid);
	return old == now || carrier_down(old);
}

static struct bsess *
sess_get(struct bgp_tracker *tr, const struct bgp_wire *w, int side)
{
	uint8_t k[TRACK_KEY_MAX], lk[TRACK_KEY_MAX];
	size_t n = sess_key(w, side, k, 0), ln = 0;
	struct track_memo *m = wire_memos(tr, w);
	struct entity *e = m != NULL ?
	    track_lookup_memo(tr->t, EK_BGP_SESSION, k, n, &m[0]) :
	    track_lookup(tr->t, EK_BGP_SESSION, k, n);
	struct evref r = wire_ev(w);
	struct bsess *s;
	int in_pw = w->depth > 0 && w->outer_af != 0;

	if (e != NULL) {
		track_seen(tr->t, e, &r);
		s = e->data != NULL ? track_data(e) : NULL;
		if (s != NULL)
			carrier_note(tr, s, w);
		return s;
	}
	if (in_pw) {
		ln = sess_key(w, side, lk, 1);
		e = track_lookup(tr->t, EK_BGP_SESSION, lk, ln);
		if (e != NULL && (s = e->data) != NULL &&
		    carrier_adopt(tr, s, w)) {
			track_seen(tr->t, e, &r);
			(void)track_add_key(tr->t, e, k, n);
			s->f.pw_key = w->pw_key;
			carrier_note(tr, s, w);
			sess_name(s);
			return s;
		}
	}
	if ((e = track_create(tr->t, EK_BGP_SESSION, k, n, &r, NULL,
	    NULL)) == NULL || (s = e->data) == NULL)
		return NULL;
	if (in_pw)
		(void)track_add_key(tr->t, e, lk, ln);
	s->e = e;
	s->f.last_reset = s->f.s[0].last_reset = s->f.s[1].last_reset = "";
	s->f.s[0].last_text = s->f.s[1].last_text = "";
	s->f.af = w->af;
	memcpy(s->f.s[side].addr, w->src, 16);
	memcpy(s->f.s[!side].addr, w->dst, 16);
	s->f.in_pw = in_pw;
	s->f.pw_key = w->pw_key;
	s->f.outer_af = w->outer_af;
	memcpy(s->f.outer, w->outer, sizeof(s->f.outer));
	carrier_note(tr, s, w);
	sess_name(s);
	return s;
}

static struct bconn *
conn_new(struct bgp_tracker *tr, struct bsess *s, const struct bgp_wire *w,
    int side, uint8_t initiator)
{
	uint8_t k[TRACK_KEY_MAX];
	size_t n = conn_key(w, side, k);
	struct evref r = wire_ev(w);
	struct bconn *c;
	struct entity *e;
	char a0[INET6_ADDRSTRLEN], a1[INET6_ADDRSTRLEN];

	track_seen(tr->t, s->e, &r);
	if ((e = track_create(tr->t, EK_BGP_CONN, k, n, &r, NULL,
	    s->e)) == NULL || (c = e->data) == NULL)
		return NULL;
	c->e = e;
	c->sess = s;
	c->initiator = initiator;
	c->port[side] = w->sport;
	c->port[!side] = w->dport;
	addr_text(a0, sizeof(a0), w->af, side == 0 ? w->src : w->dst);
	addr_text(a1, sizeof(a1), w->af, side == 0 ? w->dst : w->src);
	track_set_name(e, "TCP %s:%u <-> %s:%u", a0, c->port[0], a1,
	    c->port[1]);
	if (s->nconns == BGP_SESS_CONNS) {
		memmove(s->conns, s->conns + 1,
		    sizeof(s->conns[0]) * (BGP_SESS_CONNS - 1));
		s->nconns--;
	}
	s->conns[s->nconns++] = c;
	s->f.conns++;
	c->carrier = s->f.carrier;
	return c;
}

static struct bconn *
conn_lookup(struct bgp_tracker *tr, const struct bgp_wire *w, int side)
{
	uint8_t k[TRACK_KEY_MAX];
	size_t n = conn_key(w, side, k);
	struct track_memo *m = wire_memos(tr, w);
	struct entity *e = m != NULL ?
	    track_lookup_memo(tr->t, EK_BGP_CONN, k, n, &m[1]) :
	    track_lookup(tr->t, EK_BGP_CONN, k, n);
	struct evref r = wire_ev(w);

	if (e == NULL || e->data == NULL)
		return NULL;
	track_seen(tr->t, e, &r);
	return track_data(e);
}

/* ---- state changes ---- */

static void
set_state(struct bgp_tracker *tr, struct entity *e, unsigned side,
    unsigned to, const struct bgp_wire *w, int64_t ts, unsigned flags,
    const char *cause)
{
	struct evref r;

	if (w != NULL)
		r = wire_ev(w);
	track_change_state(tr->t, e, side, to, &(struct change){ .ts = ts,
	    .cause = cause, .ev = w != NULL ? &r : NULL,
	    .nev = w != NULL ? 1 : 0, .flags = flags });
}

/* The session's side follows the furthest open connection. */
static void
sess_follow(struct bgp_tracker *tr, struct bsess *s, unsigned side,
    const struct bgp_wire *w, int64_t ts, unsigned flags, const char *cause)
{
	unsigned i, best = BGS_IDLE, any = 0;

	for (i = 0; i < s->nconns; i++) {
		const struct bconn *c = s->conns[i];

		if (c == NULL || c->closed)
			continue;
		any = 1;
		if (c->e->state[side] > best)
			best = c->e->state[side];
	}
	if (!any)
		best = BGS_IDLE;
	if (s->e->state[side] != best)
		set_state(tr, s->e, side, best, w, ts, flags, cause);
}

/* Side `side` of connection c reached or left Established: its own
 * count of connections established and dropped (once per connection). */
static void
side_updown(struct bgp_tracker *tr, struct bsess *s, struct bconn *c,
    unsigned side, unsigned from,
    unsigned to, int64_t ts, const char *cause)
{
	struct bgp_side_facts *m = &s->f.s[side];
	unsigned i;

	if (to == BGS_ESTABLISHED && !c->side_est[side]) {
		c->side_est[side] = 1;
		m->conn_est++;
		m->up_since = ts;
	} else if (from == BGS_ESTABLISHED && to != BGS_ESTABLISHED &&
	    !c->side_drop[side]) {
		c->side_drop[side] = 1;
		m->conn_drop++;
		m->last_reset_ts = ts;
		track_str_setf(tr->t, &m->last_reset, BGP_RESET_MAX, "%s",
		    cause != NULL ? cause : "");
		for (i = 0; i < s->nconns; i++)
			if (s->conns[i] != NULL && s->conns[i] != c &&
			    !s->conns[i]->closed &&
			    s->conns[i]->e->state[side] == BGS_ESTABLISHED)
				return;		/* still up on another one */
		m->up_since = 0;
	}
}

static void
conn_state(struct bgp_tracker *tr, struct bconn *c, unsigned side,
    unsigned to, const struct bgp_wire *w, int64_t ts, unsigned flags,
    const char *cause)
{
	unsigned from = c->e->state[side];

	if (from == to && to != BGS_CONNECT)
		return;
	set_state(tr, c->e, side, to, w, ts, flags, cause);
	if (c->sess != NULL) {
		side_updown(tr, c->sess, c, side, from, to, ts, cause);
		sess_follow(tr, c->sess, side, w, ts, flags, cause);
	}
}

/* Prefixes side m sent, per family, kept sorted by AFI then SAFI. */
static void
side_pfx(struct bgp_side_facts *m, const struct bgp_wire *w)
{
	unsigned i, j;

	if (w->fam_more)
		m->pfam_more = 1;
	for (i = 0; i < w->nfam && i < BGP_INFO_FAMS; i++) {
		const struct bgp_fam_count *fc = &w->pfam[i];
		uint32_t key = (uint32_t)fc->afi << 8 | fc->safi;
		struct bgp_fam_pfx *p;

		for (j = 0; j < m->npfam; j++)
			if (((uint32_t)m->pfam[j].afi << 8 |
			    m->pfam[j].safi) >= key)
				break;
		if (j == m->npfam || m->pfam[j].afi != fc->afi ||
		    m->pfam[j].safi != fc->safi) {
			if (m->npfam >= BGP_SIDE_FAMS) {
				m->pfam_more = 1;
				continue;
			}
			if ((p = track_grow(m->pfam, m->npfam,
			    sizeof(*p))) == NULL) {
				m->pfam_more = 1;
				continue;
			}
			m->pfam = p;
			memmove(&m->pfam[j + 1], &m->pfam[j],
			    (m->npfam - j) * sizeof(m->pfam[0]));
			memset(&m->pfam[j], 0, sizeof(m->pfam[j]));
			m->pfam[j].afi = fc->afi;
			m->pfam[j].safi = fc->safi;
			m->npfam++;
		}
		m->pfam[j].ann += fc->ann;
		m->pfam[j].wd += fc->wd;
	}
}

static void hold_fire(void *, struct entity *, unsigned, int64_t, int);

/* Side `side` heard from its peer at ts: its hold timer starts over. */
static void
hold_rearm(struct bgp_tracker *tr, struct bsess *s, struct bconn *c,
    unsigned side, int64_t ts)
{
	if (s->f.hold_neg == 0 || c->e->state[side] < BGS_OPENCONFIRM ||
	    c->closed)
		return;
	track_timer_set(tr->t, s->e, side, ts + (int64_t)s->f.hold_neg * NS,
	    hold_fire, tr);
}

static void
conn_down(struct bgp_tracker *tr, struct bconn *c, int64_t ts,
    const struct bgp_wire *w, const char *cause)
{
	struct bsess *s = c->sess;

	if (c->closed)
		return;
	c->closed = 1;
	if (s == NULL)
		return;
	if (c->established) {
		s->f.dropped++;
		s->f.up_since = 0;
		s->f.last_reset_ts = ts;
		track_str_setf(tr->t, &s->f.last_reset, BGP_RESET_MAX, "%s",
		    cause);
		{
			struct evref r = { .vantage = s->e->last.vantage,
			    .frame = s->e->last.frame, .ts_ns = ts };

			if (w != NULL)
				r = wire_ev(w);
			evref_keep(&s->f.reset_ev, &s->f.nreset_ev,
			    BGP_EV_KEEP, &r);
		}
		track_timer_cancel(tr->t, s->e, 0);
		track_timer_cancel(tr->t, s->e, 1);
	} else if (!c->synack && !c->data) {
		s->f.connect_failed++;
		s->f.fail_carrier = c->carrier;
		if (c->initiator <= 1)
			s->f.fail_port = c->port[!c->initiator];
		if (w != NULL) {
			struct evref r = wire_ev(w);

			evref_keep(&s->f.fail_ev, &s->f.nfail_ev,
			    BGP_EV_KEEP, &r);
		}
	}
}

static void
both_idle(struct bgp_tracker *tr, struct bconn *c, unsigned side,
    const struct bgp_wire *w, const char *sent, const char *rcvd)
{
	if (c->e->state[side] != BGS_IDLE)
		conn_state(tr, c, side, BGS_IDLE, w, w->ts, 0, sent);
	if (c->e->state[!side] != BGS_IDLE)
		conn_state(tr, c, !side, BGS_IDLE, w, w->ts, 0, rcvd);
}

static void
established(struct bgp_tracker *tr, struct bconn *c, unsigned side,
    const struct bgp_wire *w, const char *cause)
{
	struct bsess *s = c->sess;

	conn_state(tr, c, side, BGS_ESTABLISHED, w, w->ts, 0, cause);
	if (s == NULL)
		return;
	hold_rearm(tr, s, c, side, w->ts);
	if (c->e->state[!side] == BGS_ESTABLISHED && !c->established) {
		c->established = 1;
		s->f.established++;
		s->f.ever_established = 1;
		s->f.up_since = w->ts;
	}
}

static void
hold_fire(void *arg, struct entity *e, unsigned slot, int64_t deadline,
    int at_end)
{
	struct bgp_tracker *tr = arg;
	struct bsess *s = e->data;
	struct bconn *c = NULL;
	unsigned i;
	char cause[TRACK_CAUSE_MAX];

	if (at_end || s == NULL || slot > 1)
		return;		/* the capture ended first: nothing inferred */
	for (i = s->nconns; i-- > 0;)
		if (s->conns[i] != NULL && !s->conns[i]->closed &&
		    s->conns[i]->e->state[slot] >= BGS_OPENCONFIRM) {
			c = s->conns[i];
			break;
		}
	/* the peer's timer, still running after this side's ran out on a
	 * connection now closed (below) */
	for (i = s->nconns; c == NULL && i-- > 0;)
		if (s->conns[i] != NULL && s->conns[i]->established &&
		    s->conns[i]->e->state[slot] >= BGS_OPENCONFIRM)
			c = s->conns[i];
	if (c == NULL)
		return;
	snprintf(cause, sizeof(cause), "hold timer expired (%u s silent)",
	    s->f.hold_neg);
	s->f.s[slot].hold_expired = 1;
	s->f.s[slot].hold_expired_ts = deadline;
	if (!s->f.s[!slot].hold_expired) {	/* the first one explains */
		s->f.hold_carrier = s->f.carrier;
		s->f.hold_ev.vantage = e->last.vantage;
		s->f.hold_ev.frame = e->last.frame;
		s->f.hold_ev.ts_ns = e->last.ts_ns;
	}
	conn_state(tr, c, slot, BGS_IDLE, NULL, deadline, TR_INFERRED, cause);
	if (c->closed)
		return;
	conn_down(tr, c, deadline, NULL, cause);
	/* the connection is dead, but the peer still thinks it up until
	 * its own hold time since it last heard this side runs out */
	if (c->e->state[!slot] >= BGS_OPENCONFIRM &&
	    s->f.s[slot].last_msg_ts != 0 && s->f.hold_neg != 0)
		track_timer_set(tr->t, e, !slot, s->f.s[slot].last_msg_ts +
		    (int64_t)s->f.hold_neg * NS, hold_fire, tr);
}

/* ---- what the wire says ---- */

static void
on_msg(struct bgp_tracker *tr, struct bsess *s, struct bconn *c,
    unsigned side, const struct bgp_wire *w)
{
	struct bgp_side_facts *me = &s->f.s[side];
	char cause[TRACK_CAUSE_MAX];
	unsigned peer = !side;

	c->data = 1;
	me->sent[w->type <= 5 ? w->type : 0]++;
	me->last_msg_ts = w->ts;
	me->port = w->sport;
	s->f.s[peer].port = w->dport;
	if (w->l2tp_session != 0)
		s->f.l2tp_session[peer] = w->l2tp_session;
	switch (w->type) {
	case BGP_OPEN:
		me->open_seen = 1;
		me->hold = w->hold;
		me->asn = w->asn;
		me->id = w->id;
		if (w->has_caps) {
			me->caps = 1;
			me->gr = w->gr;
			me->as4 = w->as4;
			me->fam = w->fam;
			me->ap_send = w->ap_send;
			me->ap_recv = w->ap_recv;
		}
		c->open_sent[side] = 1;
		if (c->open_sent[peer] && s->f.s[peer].open_seen)
			s->f.hold_neg = me->hold < s->f.s[peer].hold ?
			    me->hold : s->f.s[peer].hold;
		sess_name(s);
		snprintf(cause, sizeof(cause), "OPEN sent (AS %u, hold %u)",
		    w->asn, w->hold);
		conn_state(tr, c, side, BGS_OPENSENT, w, w->ts, 0, cause);
		break;
	case BGP_KEEPALIVE:
	case BGP_UPDATE:
		if (w->type == BGP_KEEPALIVE) {
			/* intervals within one connection only */
			if (me->last_ka_ts != 0 && w->ts > me->last_ka_ts &&
			    me->ka_conn == c->e->serial) {
				me->ka_gap_last = w->ts - me->last_ka_ts;
				me->ka_gap_sum += me->ka_gap_last;
				me->ka_gaps++;
			}
			me->last_ka_ts = w->ts;
			me->ka_conn = c->e->serial;
		} else {
			me->pfx_ann += w->nnlri;
			me->pfx_wd += w->nwd;
			side_pfx(me, w);
			if (w->eor_fam != 0 && w->eor_fam <= BGP_FAM_COUNT)
				me->eor |= (uint16_t)(1u << (w->eor_fam - 1));
		}
		if (c->open_sent[side] && c->open_sent[peer]) {
			c->ka_after_open[side] = 1;
			if (c->e->state[side] < BGS_OPENCONFIRM)
				conn_state(tr, c, side, BGS_OPENCONFIRM, w,
				    w->ts, 0, "KEEPALIVE sent: peer's OPEN "
				    "accepted");
			if (w->type == BGP_UPDATE &&
			    c->e->state[side] == BGS_OPENCONFIRM)
				established(tr, c, side, w, "UPDATE sent");
			if (c->e->state[peer] == BGS_OPENCONFIRM)
				established(tr, c, peer, w, w->type ==
				    BGP_KEEPALIVE ? "KEEPALIVE received" :
				    "UPDATE received");
			/* the peer's KEEPALIVE came before we confirmed */
			if (c->e->state[side] == BGS_OPENCONFIRM &&
			    c->ka_after_open[peer])
				established(tr, c, side, w, "KEEPALIVE "
				    "received earlier");
		}
		break;
	case BGP_NOTIFICATION: {
		const char *cn = bgp_notif_code_name(w->code);
		const char *sn = bgp_notif_subcode_name(w->code, w->subcode);

		me->notif_sent++;
		me->last_code = w->code;
		me->last_sub = w->subcode;
		me->last_has_as = w->has_data_as;
		me->last_data_as = w->data_as;
		me->last_notif_ts = w->ts;
		track_str_setf(tr->t, &me->last_text, BGP_TEXT_MAX, "%s",
		    w->text);
		if (w->code == 2)
			s->f.open_rejects++;
		if (w->code == 4)
			s->f.hold_carrier = s->f.carrier;
		if (w->code == 6 && w->subcode == 7) {
			s->f.collision++;
			s->f.collision_init = c->initiator;
			s->f.collision_side = (uint8_t)side;
		}
		{
			struct evref r = wire_ev(w);

			evref_keep(&s->f.notif_ev, &s->f.nnotif_ev,
			    BGP_EV_KEEP, &r);
		}
		snprintf(cause, sizeof(cause), "NOTIFICATION %u/%u %s%s%s",
		    w->code, w->subcode, cn != NULL ? cn : "",
		    sn != NULL ? "/" : "", sn != NULL ? sn : "");
		{
			/* the store keeps TRACK_CAUSE_MAX bytes: cut here */
			char sent[TRACK_CAUSE_MAX + 16], rcvd[TRACK_CAUSE_MAX + 16];

			snprintf(sent, sizeof(sent), "sent %s", cause);
			snprintf(rcvd, sizeof(rcvd), "received %s", cause);
			both_idle(tr, c, side, w, sent, rcvd);
		}
		conn_down(tr, c, w->ts, w, cause);
		break;
	}
	default:
		break;
	}
	hold_rearm(tr, s, c, peer, w->ts);
}

/* A new attempt from `side`: its earlier connections whose SYNs got no
 * answer at all failed (RFC 4271 §8: ConnectRetryTimer, then a new
 * connection). */
static void
syn_gave_up(struct bgp_tracker *tr, struct bsess *s, unsigned side,
    const struct bgp_wire *w)
{
	unsigned i;

	for (i = 0; i < s->nconns; i++) {
		struct bconn *c = s->conns[i];

		if (c == NULL || c->closed || c->synack || c->data ||
		    c->initiator != side)
			continue;
		set_state(tr, c->e, side, BGS_IDLE, w, w->ts, 0,
		    "SYN unanswered: given up");
		conn_down(tr, c, w->ts, NULL, "SYN unanswered");
		if (s->e->state[side] == BGS_CONNECT)	/* stays (§8.2.2) */
			set_state(tr, s->e, side, BGS_CONNECT, w, w->ts, 0,
			    "connect retry: SYN unanswered");
		s->f.syn_unanswered++;
		evref_keep(&s->f.fail_ev, &s->f.nfail_ev, BGP_EV_KEEP,
		    &c->syn_ev);
	}
}

/* Changes whenever an entity is made or evicted: while it holds, an
 * entity found before is still there and still what its key finds. */
static uint64_t
store_gen(const struct bgp_tracker *tr)
{
	const struct track_stats *st = track_stats(tr->t);

	return st->evicted_total + st->created[EK_BGP_SESSION] +
	    st->created[EK_BGP_CONN];
}

/*
 * A message in the same frame, TCP connection and direction as the last
 * one: its session and connection are the last one's, already looked
 * up, marked seen at this frame and noted on this carrier.  NULL: look
 * them up.
 */
static struct bsess *
msg_memo(const struct bgp_tracker *tr, const struct bgp_wire *w,
    unsigned side)
{
	if (tr->m_s == NULL || w->kind != BGW_MSG || w->tconn == 0 ||
	    w->frame != tr->m_frame || w->vantage != tr->m_vantage ||
	    w->tconn != tr->m_tconn || side != tr->m_side ||
	    store_gen(tr) != tr->m_gen)
		return NULL;
	return tr->m_s;
}

void
bgp_track_wire(struct bgp_tracker *tr, const struct bgp_wire *w)
{
	unsigned side = (unsigned)wire_side(w);
	struct bsess *s;
	struct bconn *c;

	if (tr == NULL)
		return;
	if ((s = msg_memo(tr, w, side)) != NULL) {
		on_msg(tr, s, tr->m_c, side, w);
		return;
	}
	if ((s = sess_get(tr, w, (int)side)) == NULL)
		return;
	c = conn_lookup(tr, w, (int)side);
	switch (w->kind) {
	case BGW_SYN:
		s->f.s[side].syns++;
		if (c != NULL && !c->closed && c->initiator == side &&
		    c->isn == w->seq && !c->synack) {
			c->syn_rexmit++;
			conn_state(tr, c, side, BGS_CONNECT, w, w->ts, 0,
			    "SYN retransmitted");
			return;
		}
		syn_gave_up(tr, s, side, w);
		if ((c = conn_new(tr, s, w, (int)side, (uint8_t)side)) == NULL)
			return;
		c->isn = w->seq;
		c->syn_ev = wire_ev(w);
		conn_state(tr, c, side, BGS_CONNECT, w, w->ts, 0, "SYN sent");
		return;
	case BGW_SYNACK:
		if (c == NULL && (c = conn_new(tr, s, w, (int)side,
		    (uint8_t)!side)) == NULL)
			return;
		c->synack = 1;
		s->f.last_accept_ts = w->ts;
		conn_state(tr, c, side, BGS_ACTIVE, w, w->ts, 0,
		    "SYN-ACK sent: connection accepted");
		return;
	default:
		break;
	}
	if (c == NULL) {
		/* first sight mid-connection: its SYN was not captured.
		 * (Data after a FIN or RST stays on its connection: a
		 * half-closed peer may still send, and a new incarnation
		 * starts with a SYN.) */
		if ((c = conn_new(tr, s, w, (int)side, 2)) == NULL)
			return;
		c->synack = 1;
	}
	switch (w->kind) {
	case BGW_MSG:
		if (w->tconn != 0) {
			tr->m_s = s;
			tr->m_c = c;
			tr->m_frame = w->frame;
			tr->m_vantage = w->vantage;
			tr->m_tconn = w->tconn;
			tr->m_side = side;
			tr->m_gen = store_gen(tr);
		}
		on_msg(tr, s, c, side, w);
		break;
	case BGW_RST:
		s->f.s[side].rsts++;
		if (!c->synack && !c->data && c->initiator == !side) {
			char cause[TRACK_CAUSE_MAX];

			s->f.s[!side].refused++;
			snprintf(cause, sizeof(cause), "connection refused "
			    "(RST to its SYN)");
			conn_state(tr, c, !side, BGS_ACTIVE, w, w->ts, 0,
			    cause);
			conn_down(tr, c, w->ts, w, cause);
			return;
		}
		both_idle(tr, c, side, w, "RST sent", "RST received");
		conn_down(tr, c, w->ts, w, "TCP reset");
		break;
	case BGW_FIN:
		s->f.s[side].fins++;
		both_idle(tr, c, side, w, "FIN sent: connection closed",
		    "FIN received: connection closed");
		conn_down(tr, c, w->ts, w, "TCP connection closed (FIN)");
		break;
	default:
		break;
	}
}

/* ---- from events ---- */

/* Addresses and ports of the TCP layer at index ti, and the pseudowire
 * around it. */
static int
wire_from(const struct packet *pkt, unsigned ti, struct bgp_wire *w)
{
	const struct layer *t = &pkt->layers[ti], *ip = NULL;
	unsigned i;

	w->depth = t->depth;
	w->sport = t->u.tcp.sport;
	w->dport = t->u.tcp.dport;
	w->seq = t->u.tcp.seq;
	w->ack = t->u.tcp.ack;
	for (i = ti; i-- > 0;) {
		const struct layer *l = &pkt->layers[i];

		if (ip == NULL && l->depth == t->depth &&
		    (l->proto == PROTO_IPV4 || l->proto == PROTO_IPV6))
			ip = l;
		if (l->depth < t->depth && l->proto == PROTO_L2TP &&
		    w->l2tp_session == 0)
			w->l2tp_session = l->u.l2tp.session_id;
		/* the nearest pseudowire around it: carried_by */
		if (l->depth < t->depth && l->proto == PROTO_L2TP &&
		    !w->has_ep && l2tp_conv_endpoints(pkt, i, &w->ep)) {
			w->has_ep = 1;
			w->ep_sid = l->u.l2tp.session_id;
		}
		if (l->depth < t->depth && w->outer_af == 0 &&
		    (l->proto == PROTO_IPV4 || l->proto == PROTO_IPV6)) {
			if (l->proto == PROTO_IPV4) {
				uint32_t a = htonl(l->u.ipv4.src),
				    b = htonl(l->u.ipv4.dst);

				w->outer_af = 4;
				memcpy(w->outer[0], &a, 4);
				memcpy(w->outer[1], &b, 4);
			} else {
				w->outer_af = 6;
				memcpy(w->outer[0], l->u.ipv6.src, 16);
				memcpy(w->outer[1], l->u.ipv6.dst, 16);
			}
		}
	}
	if (ip == NULL)
		return -1;
	if (ip->proto == PROTO_IPV4) {
		uint32_t a = htonl(ip->u.ipv4.src), b = htonl(ip->u.ipv4.dst);

		w->af = 4;
		memcpy(w->src, &a, 4);
		memcpy(w->dst, &b, 4);
	} else {
		w->af = 6;
		memcpy(w->src, ip->u.ipv6.src, 16);
		memcpy(w->dst, ip->u.ipv6.dst, 16);
	}
	return 0;
}

/* NOTIFICATION data the rules explain: the shutdown communication of
 * Cease 2/4 (RFC 9003) and the AS of OPEN 2/2 Bad Peer AS. */
static void
notif_data(const struct layer *l, struct bgp_wire *w)
{
	struct cursor c = cur_make(l->base + l->off, l->cap, l->len);
	size_t n;

	if (!cur_skip(&c, BGP_HDR_LEN + 2))
		return;
	n = cur_left(&c);
	if (w->code == 6 && (w->subcode == 2 || w->subcode == 4) && n >= 1) {
		size_t tl = cur_u8(&c), i;
		const uint8_t *p;

		if (tl > cur_avail(&c) || tl >= sizeof(w->text))
			return;
		p = cur_bytes(&c, tl);
		for (i = 0; p != NULL && i < tl; i++)
			w->text[i] = (char)p[i];	/* raw: sinks escape */
		w->text[tl] = '\0';
	} else if (w->code == 2 && w->subcode == 2 && (n == 2 || n == 4)) {
		w->has_data_as = 1;
		w->data_as = n == 2 ? cur_u16(&c) : cur_u32(&c);
		if (!cur_ok(&c))
			w->has_data_as = 0;
	}
}

static int
bgp_port(const struct bgp_tracker *tr, uint16_t p)
{
	return tr->tcp != NULL ? tcp_streams_is_bgp_port(tr->tcp, p) :
	    p == 179;
}

/* The pseudowire identity both directions share: the Session ID of the
 * direction from side 0 (from side 1, tagged, when only that is known). */
static void
wire_pw(const struct bgp_tracker *tr, struct bgp_wire *w)
{
	uint32_t pw[2];

	if (w->l2tp_session == 0 || w->tconn == 0 ||
	    tcp_streams_conn_pw(tr->tcp, w->tconn, pw) < 0)
		return;
	w->pw_key = pw[0] != 0 ? pw[0] : pw[1] ^ 0x80000000u;
}

/* The capabilities of this OPEN: the stream module's negotiation record
 * of its connection, the side whose BGP Identifier and AS it carries. */
static void
open_caps(const struct bgp_tracker *tr, struct bgp_wire *w)
{
	const struct bgp_neg *n;
	unsigned d;

	if (tr->tcp == NULL || w->tconn == 0 ||
	    (n = tcp_streams_neg(tr->tcp, w->tconn)) == NULL)
		return;
	for (d = 0; d < 2; d++) {
		const struct bgp_open_facts *o = &n->side[d];

		if (!o->seen || o->id != w->id || o->asn != w->asn)
			continue;
		w->has_caps = 1;
		w->gr = o->gr;
		w->as4 = o->as4;
		w->fam = o->mp;
		w->ap_send = o->ap_send;
		w->ap_recv = o->ap_recv;
		return;
	}
}

static const char *const fam_names[BGP_FAM_COUNT] = {
	"IPv4 unicast", "IPv4 multicast", "IPv4 labeled unicast", "IPv4 VPN",
	"IPv6 unicast", "IPv6 multicast", "IPv6 labeled unicast", "IPv6 VPN",
	"EVPN",
};

const char *
bgp_fam_name(unsigned i)
{
	return i < BGP_FAM_COUNT ? fam_names[i] : "?";
}

static uint16_t
side_fams(const struct bgp_side_facts *s)
{
	/* no MP capability: IPv4 unicast only (RFC 4760 §1) */
	return s->caps && s->fam != 0 ? s->fam :
	    (uint16_t)(1u << BGP_FAM_IPV4_UNI);
}

uint16_t
bgp_sess_families(const struct bgp_sess_facts *f)
{
	if (!f->s[0].open_seen || !f->s[1].open_seen)
		return 0;
	return side_fams(&f->s[0]) & side_fams(&f->s[1]);
}

uint16_t
bgp_sess_addpath(const struct bgp_sess_facts *f, unsigned from)
{
	if (from > 1)
		return 0;
	return bgp_sess_families(f) & f->s[from].ap_send &
	    f->s[!from].ap_recv;
}

static void
flush_pending(struct bgp_tracker *tr)
{
	unsigned i;

	for (i = 0; i < tr->npend; i++)
		bgp_track_wire(tr, &tr->pend[i]);
	tr->npend = 0;
}

/* ARP inside a pseudowire: requests kept per (vantage, sender, target,
 * pseudowire), answered by a reply from the target through the same
 * pseudowire.  A fixed ring; the oldest request is forgotten first. */
static void
arp_frame(struct bgp_tracker *tr, const struct event *ev)
{
	const struct packet *p = ev->pkt;
	unsigned i, k, l2 = UINT32_MAX;

	for (i = 0; i < p->nlayers; i++) {
		const struct layer *l = &p->layers[i];
		const struct arp_info *a = &l->u.arp;
		struct entity *ce;
		uint64_t serial;
		struct evref r;

		if (l->proto == PROTO_L2TP)
			l2 = i;
		if (l->proto != PROTO_ARP || l->depth == 0 || l2 == UINT32_MAX ||
		    !a->eth_ipv4 || (a->op != 1 && a->op != 2))
			continue;
		ce = tr->eng->l2tp != NULL ? l2tp_track_session_of(
		    tr->eng->l2tp, p, l2) : NULL;
		serial = ce != NULL ? ce->serial : 0;
		r.vantage = ev->vantage;
		r.frame = ev->frame;
		r.ts_ns = ev->ts_ns;
		if (a->op == 2) {
			for (k = 0; k < tr->narp; k++) {
				struct barp *b = &tr->arp[k];

				if (b->tpa == a->spa && b->spa == a->tpa &&
				    b->vantage == ev->vantage &&
				    b->carrier == serial)
					b->answered++;
			}
			continue;
		}
		if (a->spa == 0 || a->spa == a->tpa)
			continue;	/* probes and gratuitous ARP */
		for (k = 0; k < tr->narp; k++) {
			struct barp *b = &tr->arp[k];

			if (b->spa == a->spa && b->tpa == a->tpa &&
			    b->vantage == ev->vantage && b->carrier == serial)
				break;
		}
		if (k == tr->narp) {
			struct barp *b;

			if (tr->narp < ARP_MAX)
				k = tr->narp++;
			else {
				k = tr->arp_next;
				tr->arp_next = (tr->arp_next + 1) % ARP_MAX;
			}
			b = &tr->arp[k];
			memset(b, 0, sizeof(*b));
			b->spa = a->spa;
			b->tpa = a->tpa;
			b->vantage = ev->vantage;
			b->carrier = serial;
			if (!l2tp_conv_endpoints(p, l2, &b->ep))
				memset(&b->ep, 0, sizeof(b->ep));
			b->sid = p->layers[l2].u.l2tp.session_id;
		}
		tr->arp[k].count++;
		if (tr->arp[k].nev < ARP_EV)
			tr->arp[k].ev[tr->arp[k].nev++] = r;
		tr->arp[k].last = r;
	}
}

void
bgp_track_event(struct bgp_tracker *tr, const struct event *ev)
{
	struct bgp_wire w;
	unsigned li;

	if (tr == NULL)
		return;
	if (tr->npend > 0 && (ev->kind == EV_FRAME ||
	    ev->frame != tr->pend_frame || ev->vantage != tr->pend_vantage))
		flush_pending(tr);
	if (ev->kind == EV_FRAME && ev->pkt != NULL)
		arp_frame(tr, ev);
	if ((ev->kind != EV_TCP_SEGMENT && ev->kind != EV_BGP_MESSAGE) ||
	    ev->pkt == NULL || ev->layer == NULL ||
	    ev->layer < ev->pkt->layers ||
	    ev->layer >= ev->pkt->layers + ev->pkt->nlayers)
		return;
	li = (unsigned)(ev->layer - ev->pkt->layers);
	/* most segments are not BGP's: decided before the record is made */
	if (ev->kind == EV_TCP_SEGMENT &&
	    !bgp_port(tr, ev->layer->u.tcp.sport) &&
	    !bgp_port(tr, ev->layer->u.tcp.dport))
		return;
	memset(&w, 0, sizeof(w));
	w.vantage = ev->vantage;
	w.frame = ev->frame;
	w.ts = ev->ts_ns;
	if (ev->kind == EV_TCP_SEGMENT) {
		uint8_t fl = ev->layer->u.tcp.flags;

		if (wire_from(ev->pkt, li, &w) < 0)
			return;
		if (fl & TCP_RST)
			w.kind = BGW_RST;
		else if ((fl & TCP_SYN) && (fl & TCP_ACK))
			w.kind = BGW_SYNACK;
		else if (fl & TCP_SYN)
			w.kind = BGW_SYN;
		else if (fl & TCP_FIN)
			w.kind = BGW_FIN;
		else
			return;
		w.tconn = tcp_streams_event_conn(tr->tcp);
		wire_pw(tr, &w);
		if (w.kind == BGW_SYN || w.kind == BGW_SYNACK) {
			bgp_track_wire(tr, &w);
			return;
		}
		/* after this frame's BGP messages */
		if (tr->npend == PEND_MAX)
			flush_pending(tr);
		tr->pend[tr->npend++] = w;
		tr->pend_frame = ev->frame;
		tr->pend_vantage = ev->vantage;
		return;
	}
	/* EV_BGP_MESSAGE: the TCP layer is the nearest one before it */
	{
		const struct layer *l = ev->layer;
		const struct bgp_info *b = &l->u.bgp;
		unsigned ti = li;

		if (b->type == 0)
			return;
		while (ti-- > 0)
			if (ev->pkt->layers[ti].proto == PROTO_TCP &&
			    ev->pkt->layers[ti].depth == l->depth)
				break;
		if (ti >= ev->pkt->nlayers || wire_from(ev->pkt, ti, &w) < 0)
			return;
		w.kind = BGW_MSG;
		w.type = b->type;
		w.tconn = b->conn;
		wire_pw(tr, &w);
		switch (b->type) {
		case BGP_OPEN:
			w.hold = b->m.open.hold;
			w.asn = b->m.open.asn;
			w.id = b->m.open.id;
			open_caps(tr, &w);
			break;
		case BGP_NOTIFICATION:
			w.code = b->m.notif.code;
			w.subcode = b->m.notif.subcode;
			notif_data(l, &w);
			break;
		case BGP_UPDATE:
			w.nwd = b->nwd;
			w.nnlri = b->nnlri;
			w.nfam = b->nfam <= BGP_INFO_FAMS ? b->nfam :
			    BGP_INFO_FAMS;
			memcpy(w.pfam, b->fam, sizeof(w.pfam));
			w.fam_more = (b->flags & BGPF_FAM_MORE) != 0;
			if (b->flags & BGPF_EOR) {
				int fi = bgp_fam_index(b->m.rr.afi,
				    b->m.rr.safi);

				if (fi >= 0)
					w.eor_fam = (uint8_t)(fi + 1);
			}
			break;
		default:
			break;
		}
		bgp_track_wire(tr, &w);
	}
}

/* ---- rules ---- */

static void
side_text(char *buf, size_t n, const struct bgp_sess_facts *f, unsigned side)
{
	char ip[INET6_ADDRSTRLEN];

	addr_text(ip, sizeof(ip), f->af, f->s[side].addr);
	if (f->s[side].open_seen)
		snprintf(buf, n, "%s (AS %u)", ip, f->s[side].asn);
	else
		snprintf(buf, n, "%s", ip);
}

static void
notif_text(char *buf, size_t n, const struct bgp_side_facts *s)
{
	const char *cn = bgp_notif_code_name(s->last_code);
	const char *sn = bgp_notif_subcode_name(s->last_code, s->last_sub);

	snprintf(buf, n, "%u/%u %s%s%s", s->last_code, s->last_sub,
	    cn != NULL ? cn : "unknown code", sn != NULL ? "/" : "",
	    sn != NULL ? sn : "");
}

#define EACH_SESSION(eng, e, f) \
	for ((e) = track_dirty_first((eng)->track); (e) != NULL; \
	    (e) = track_dirty_next(e)) \
		if (((f) = bgp_sess_facts(e)) != NULL)

/* ---- cross-layer: the pseudowire under a session ---- */

/* "09:00:05" or "09:00:05.250" (UTC time of day) */
static void
tod(char *buf, size_t n, int64_t ns)
{
	int64_t sec = ns / NS, ms = (ns % NS) / 1000000;

	if (ms != 0)
		snprintf(buf, n, "%02d:%02d:%02d.%03d", (int)(sec / 3600 % 24),
		    (int)(sec / 60 % 60), (int)(sec % 60), (int)ms);
	else
		snprintf(buf, n, "%02d:%02d:%02d", (int)(sec / 3600 % 24),
		    (int)(sec / 60 % 60), (int)(sec % 60));
}

struct tunnel_view {
	struct entity	*sess, *ctl;	/* the pseudowire, its connection */
	struct finding	*cause;		/* the tunnel's root finding */
	int64_t		 trouble_ts;	/* the cause's earliest evidence */
	int64_t		 down_ts;	/* first closed, pseudowire or ctl */
	int64_t		 fail_ts;	/* the earlier of the two; 0 never */
};

static int64_t
first_closed(const struct entity *e, unsigned closed)
{
	const struct transition *t;
	size_t n, i;

	if (e == NULL)
		return 0;
	t = track_timeline(e, &n);
	for (i = 0; i < n; i++)
		if (t[i].to == closed && t[i].from != closed)
			return t[i].first_ts;
	return 0;
}

static int64_t
min_set(int64_t a, int64_t b)
{
	if (a == 0)
		return b;
	return b != 0 && b < a ? b : a;
}

/* The tunnel's own failure: an error of the L2TP rules (or its one-way
 * data) on the pseudowire or its control connection, followed to the
 * root cause that explains it. */
static void
tunnel_pick(const struct engine *eng, const struct entity *e,
    struct tunnel_view *tv)
{
	struct finding *f, *r;
	unsigned k;

	for (f = e->findings; f != NULL; f = f->enext) {
		if (strncmp(f->rule, "l2tp.", 5) != 0 ||
		    (f->severity < SEV_ERROR &&
		    strcmp(f->rule, "l2tp.one_way_data") != 0))
			continue;
		r = f;
		for (k = 0; k < 8 && r->explained_by != 0; k++) {
			struct finding *c = finding_by_id(eng->findings,
			    r->explained_by);

			if (c == NULL)
				break;
			r = c;
		}
		if (tv->cause == NULL || r->severity > tv->cause->severity ||
		    (r->severity == tv->cause->severity &&
		    r->ts < tv->cause->ts))
			tv->cause = r;
	}
}

static void
tunnel_view(const struct engine *eng, const struct bgp_carrier *cr,
    struct tunnel_view *tv)
{
	unsigned i;

	memset(tv, 0, sizeof(*tv));
	if (!cr->valid || eng->l2tp == NULL ||
	    (tv->sess = l2tp_track_session_find(eng->l2tp, &cr->ep,
	    cr->sid)) == NULL)
		return;
	tv->ctl = tv->sess->parent;
	tunnel_pick(eng, tv->sess, tv);
	if (tv->ctl != NULL)
		tunnel_pick(eng, tv->ctl, tv);
	tv->down_ts = min_set(first_closed(tv->sess, L2S_CLOSED),
	    first_closed(tv->ctl, L2C_CLOSED));
	if (tv->cause != NULL) {
		tv->trouble_ts = tv->cause->ts;
		for (i = 0; i < tv->cause->nev; i++)
			if (tv->cause->ev[i].ts_ns > 0)
				tv->trouble_ts = min_set(tv->trouble_ts,
				    tv->cause->ev[i].ts_ns);
	}
	tv->fail_ts = min_set(tv->down_ts, tv->trouble_ts);
}

/* "<session name> (L2TPv3 control connection <name>)" */
static void
tunnel_name(char *buf, size_t n, const struct tunnel_view *tv)
{
	if (tv->ctl != NULL)
		snprintf(buf, n, "%s (L2TPv3 control connection %s)",
		    tv->sess->name, tv->ctl->name);
	else
		snprintf(buf, n, "%s (L2TPv3)", tv->sess->name);
}

/* What made the tunnel fail, for a sentence: "l2tp.hello_timeout: Hellos
 * ... went unanswered" or "closed". */
static void
tunnel_why(char *buf, size_t n, const struct tunnel_view *tv)
{
	if (tv->cause != NULL)
		snprintf(buf, n, "%s: %s", tv->cause->rule, tv->cause->title);
	else
		snprintf(buf, n, "closed");
}

/* When side `side` lost its hold time (0: it did not). */
static int64_t
hold_lost_ts(const struct bgp_sess_facts *f, unsigned side)
{
	if (f->s[side].hold_expired)
		return f->s[side].hold_expired_ts;
	if (f->s[side].notif_sent && f->s[side].last_code == 4)
		return f->s[side].last_notif_ts;
	return 0;
}

/* The side whose hold timer ran out first; 2 when none did. */
static unsigned
hold_side(const struct bgp_sess_facts *f)
{
	int64_t a = hold_lost_ts(f, 0), b = hold_lost_ts(f, 1);

	if (a == 0 && b == 0)
		return 2;
	if (a == 0)
		return 1;
	return b != 0 && b < a ? 1 : 0;
}

/* The tunnel under the session failed before its hold timer ran out. */
static int
hold_tunnel_down(const struct engine *eng, const struct bgp_sess_facts *f,
    struct tunnel_view *tv)
{
	unsigned side = hold_side(f);

	if (side == 2)
		return 0;
	tunnel_view(eng, &f->hold_carrier, tv);
	return tv->sess != NULL && tv->fail_ts != 0 &&
	    tv->fail_ts <= hold_lost_ts(f, side);
}

/* The sentence about the pseudowire under a failure at ts, and the
 * tunnel's finding that explains it (NULL: the tunnel was up). */
static struct finding *
tunnel_sentence(char *buf, size_t n, const struct tunnel_view *tv,
    int64_t ts, const char *what)
{
	char tn[2 * TRACK_NAME_MAX + 64], why[FINDING_TITLE_MAX + 48],
	    t0[24];

	buf[0] = '\0';
	if (tv->sess == NULL)
		return NULL;
	tunnel_name(tn, sizeof(tn), tv);
	if (tv->fail_ts != 0 && tv->fail_ts <= ts) {
		tunnel_why(why, sizeof(why), tv);
		tod(t0, sizeof(t0), tv->fail_ts);
		snprintf(buf, n, "  %s went into the pseudowire %s, which was "
		    "not up: it had failed from %s UTC (%s).  The tunnel is "
		    "the cause, not BGP.", what, tn, t0, why);
		return tv->cause;
	}
	snprintf(buf, n, "  The pseudowire carrying it, %s, was up at that "
	    "time: the failure is BGP's or TCP's own, not the tunnel's.", tn);
	return NULL;
}

static void
rule_open_rejected(struct engine *eng, int final)
{
	struct entity *e;
	const struct bgp_sess_facts *f;
	unsigned side, i;

	(void)final;
	EACH_SESSION(eng, e, f) {
		struct finding *fi;
		struct tunnel_view tv;
		char who[96], other[96], what[160], retry[160], tsent[1024];

		if (f->open_rejects == 0)
			continue;
		side = f->s[0].notif_sent && f->s[0].last_code == 2 ? 0 : 1;
		if ((fi = diag_upsert(eng, e, f->s[side].last_notif_ts)) ==
		    NULL)
			continue;
		side_text(who, sizeof(who), f, side);
		side_text(other, sizeof(other), f, !side);
		notif_text(what, sizeof(what), &f->s[side]);
		finding_set_title(fi, "%s rejected the OPEN of %s: %s (%u "
		    "time%s)", who, other, what, f->open_rejects,
		    f->open_rejects == 1 ? "" : "s");
		/* the retry schedule: the peer's ConnectRetry backoff */
		retry[0] = '\0';
		if (f->open_rejects >= 2 && f->nnotif_ev >= 2) {
			struct textbuf tb;

			tb_init(&tb, retry, sizeof(retry));
			tb_puts(&tb, "  Attempts rejected at intervals of");
			for (i = 1; i < f->nnotif_ev; i++)
				tb_printf(&tb, "%s %.0f", i > 1 ? "," : "",
				    (double)(f->notif_ev[i].ts_ns -
				    f->notif_ev[i - 1].ts_ns) / 1e9);
			tb_puts(&tb, " s.");
		}
		/* a NOTIFICATION got through: the pseudowire was up */
		tunnel_view(eng, &f->carrier, &tv);
		(void)tunnel_sentence(tsent, sizeof(tsent), &tv,
		    f->s[side].last_notif_ts, "");
		if (tv.fail_ts != 0 && tv.fail_ts <= f->s[side].last_notif_ts)
			tsent[0] = '\0';
		if (f->s[side].last_sub == 2) {
			char data[48] = "";

			if (f->s[side].last_has_as)
				snprintf(data, sizeof(data), " (the "
				    "NOTIFICATION data names AS %u)",
				    f->s[side].last_data_as);
			finding_set_text(fi, "%s answered the OPEN with "
			    "NOTIFICATION Bad Peer AS: %s announced AS %u%s, "
			    "which is not the AS %s is configured to expect "
			    "for this neighbor.  The session never gets past "
			    "OpenSent%s.%s%s", who, other, f->s[!side].asn,
			    data, who, f->ever_established ? " on those "
			    "connections" : "; it was never Established",
			    retry, tsent);
		} else
			finding_set_text(fi, "%s answered the OPEN of %s with "
			    "NOTIFICATION %s (RFC 4271 section 6.2).%s%s", who, other,
			    what, retry, tsent);
		finding_set_remedy(fi, "Make the neighbor configuration on "
		    "%s match what %s announces (remote AS, hold time, BGP "
		    "identifier, capabilities), or correct %s's own "
		    "settings.", who, other, other);
		finding_evidence_reset(fi);
		for (i = 0; i < f->nnotif_ev; i++)
			finding_add_evidence(fi, &f->notif_ev[i]);
	}
}

/* Cease 6/7: both sides opened a connection at once and one was closed
 * (RFC 4271 §6.8): normal, but say whether the right one was kept. */
static void
collision_finding(struct finding *fi, const struct bgp_sess_facts *f,
    unsigned side, const char *who, const char *other)
{
	char id[2][INET6_ADDRSTRLEN];
	unsigned k, hi = f->s[1].id > f->s[0].id ? 1 : 0, closed_init;
	char rule[200];

	for (k = 0; k < 2; k++) {
		uint32_t v = htonl(f->s[k].id);

		addr_text(id[k], sizeof(id[k]), 4, (const uint8_t *)&v);
	}
	closed_init = f->collision_init;
	if (closed_init > 1)
		snprintf(rule, sizeof(rule), "which connection was closed is "
		    "not known (its SYN was not captured)");
	else if (closed_init != hi)
		snprintf(rule, sizeof(rule), "the connection closed is the "
		    "one %s initiated, as the RFC asks", closed_init == side ?
		    "it" : "the peer");
	else
		snprintf(rule, sizeof(rule), "yet the connection closed is "
		    "the one initiated by the higher identifier: against the "
		    "RFC's rule");
	finding_set_severity(fi, closed_init == hi && closed_init <= 1 ?
	    SEV_WARNING : SEV_INFO);
	finding_set_title(fi, "connection collision: %s closed one of two "
	    "connections with NOTIFICATION 6/7 Cease/Connection Collision "
	    "Resolution", who);
	finding_set_text(fi, "Both sides opened a TCP connection at once (%u "
	    "connections seen).  BGP Identifier of %s: %s, of %s: %s; RFC "
	    "4271 section 6.8 keeps the connection initiated by the higher "
	    "one (%s) and closes the other with Cease 6/7: %s.  The session "
	    "itself %s.", f->conns, who, id[side], other, id[!side], id[hi],
	    rule, f->ever_established ? "came up on the kept connection" :
	    "did not come up");
	finding_set_remedy(fi, "Nothing to fix: a collision is resolved by "
	    "design.  If it repeats, make one side passive.");
}

static void
rule_notification(struct engine *eng, int final)
{
	struct entity *e;
	const struct bgp_sess_facts *f;
	unsigned side, i;

	(void)final;
	EACH_SESSION(eng, e, f) {
		struct finding *fi;
		char who[96], other[96], what[160];

		side = f->s[1].last_notif_ts > f->s[0].last_notif_ts ? 1 : 0;
		if (f->s[side].notif_sent == 0 || f->s[side].last_code == 2 ||
		    f->s[side].last_code == 4)
			continue;	/* open_rejected, hold_timer_expired */
		if ((fi = diag_upsert(eng, e, f->s[side].last_notif_ts)) ==
		    NULL)
			continue;
		side_text(who, sizeof(who), f, side);
		side_text(other, sizeof(other), f, !side);
		notif_text(what, sizeof(what), &f->s[side]);
		if (f->s[side].last_code == 6 && f->s[side].last_sub == 7 &&
		    f->s[0].open_seen && f->s[1].open_seen) {
			collision_finding(fi, f, side, who, other);
			finding_evidence_reset(fi);
			for (i = 0; i < f->nnotif_ev; i++)
				finding_add_evidence(fi, &f->notif_ev[i]);
			continue;
		}
		finding_set_severity(fi, f->s[side].last_code == 6 ?
		    SEV_WARNING : SEV_ERROR);
		finding_set_title(fi, "%s closed the session with NOTIFICATION "
		    "%s", who, what);
		if (f->s[side].last_text[0] != '\0')
			finding_set_text(fi, "%s sent NOTIFICATION %s to %s "
			    "with the shutdown communication \"%s\" (RFC "
			    "9003): an operator took the session down.", who,
			    what, other, f->s[side].last_text);
		else
			finding_set_text(fi, "%s sent NOTIFICATION %s to %s and "
			    "closed the connection (RFC 4271 section 6).", who, what,
			    other);
		finding_set_remedy(fi, "%s", f->s[side].last_code == 6 ?
		    "A Cease is deliberate: check the operator's reason and "
		    "the configuration of the side that sent it." :
		    "Fix the error the NOTIFICATION names on the side that "
		    "caused it; the session restarts from Idle.");
		finding_evidence_reset(fi);
		for (i = 0; i < f->nnotif_ev; i++)
			finding_add_evidence(fi, &f->notif_ev[i]);
	}
}

/* Connections still waiting for an answer to their SYN when the capture
 * ended (counted at the last pass only): only those whose SYN was sent
 * again, a lone SYN may just have had its answer elsewhere. */
static unsigned
syn_pending(const struct bsess *s, struct evref *ev, unsigned *nev,
    int final)
{
	unsigned i, n = 0;

	if (!final)
		return 0;
	for (i = 0; i < s->nconns; i++) {
		const struct bconn *c = s->conns[i];

		if (c == NULL || c->closed || c->synack || c->data ||
		    c->initiator > 1 || c->syn_ev.frame == 0 ||
		    c->syn_rexmit == 0)
			continue;
		n++;
		if (*nev < BGP_EV_KEEP * 2)
			ev[(*nev)++] = c->syn_ev;
	}
	return n;
}

/* An ARP request from one peer for the other inside a pseudowire between
 * the session's LCCEs that nothing answered. */
static const struct barp *
arp_unanswered(const struct bgp_tracker *tr, const struct bgp_sess_facts *f,
    unsigned *side)
{
	unsigned i, k;
	uint32_t a[2];

	if (tr == NULL || !f->in_pw || f->af != 4)
		return NULL;
	for (k = 0; k < 2; k++)
		a[k] = (uint32_t)f->s[k].addr[0] << 24 |
		    (uint32_t)f->s[k].addr[1] << 16 |
		    (uint32_t)f->s[k].addr[2] << 8 | f->s[k].addr[3];
	for (i = 0; i < tr->narp; i++) {
		const struct barp *b = &tr->arp[i];
		const uint8_t *x = b->ep.src.a, *y = b->ep.dst.a;

		if (b->count == 0 || b->answered != 0 ||
		    b->ep.src.af != f->outer_af)
			continue;
		if (!((memcmp(x, f->outer[0], 16) == 0 &&
		    memcmp(y, f->outer[1], 16) == 0) ||
		    (memcmp(x, f->outer[1], 16) == 0 &&
		    memcmp(y, f->outer[0], 16) == 0)))
			continue;
		for (k = 0; k < 2; k++)
			if (b->spa == a[k] && b->tpa == a[!k]) {
				*side = k;
				return b;
			}
	}
	return NULL;
}

static void
rule_connect_failed(struct engine *eng, int final)
{
	struct entity *e;
	const struct bgp_sess_facts *f;
	unsigned i, side;

	EACH_SESSION(eng, e, f) {
		const struct bsess *bs = e->data;
		const struct barp *arp;
		struct finding *fi, *cause;
		struct tunnel_view tv;
		struct evref pev[BGP_EV_KEEP * 2];
		unsigned npev = 0, pending, fails, aside = 0;
		char who[96], other[96], tsent[1024];
		int64_t first, last;
		int later;

		pending = syn_pending(bs, pev, &npev, final);
		fails = f->connect_failed + pending;
		arp = arp_unanswered(eng->bgp, f, &aside);
		if (fails == 0 && arp == NULL)
			continue;
		if (fails == 0) {
			/* the peers never got as far as a SYN */
			char t0[24], t1[24];
			struct bgp_carrier cr;
			int down;

			cr.valid = 1;
			cr.ep = arp->ep;
			cr.sid = arp->sid;
			tunnel_view(eng, &cr, &tv);
			down = tv.sess != NULL && tv.fail_ts != 0 &&
			    tv.fail_ts <= arp->last.ts_ns;
			/* fewer than a resolution's worth of requests through
			 * a pseudowire that was up did not fail yet: a finding
			 * only if the session never came up at all */
			if (arp->count < BGP_ARP_TRIES && !down &&
			    (!final || f->ever_established))
				continue;
			first = arp->ev[0].ts_ns;
			if ((fi = diag_upsert(eng, e, first)) == NULL)
				continue;
			side_text(who, sizeof(who), f, aside);
			side_text(other, sizeof(other), f, !aside);
			cause = tunnel_sentence(tsent, sizeof(tsent), &tv,
			    arp->last.ts_ns, "The ARP requests");
			tod(t0, sizeof(t0), first);
			tod(t1, sizeof(t1), arp->last.ts_ns);
			finding_set_severity(fi, f->ever_established ?
			    SEV_WARNING : SEV_ERROR);
			finding_set_title(fi, "%s could not reach its BGP peer "
			    "%s: ARP unanswered inside the pseudowire (%u "
			    "request%s)", who, other, arp->count,
			    arp->count == 1 ? "" : "s");
			finding_set_text(fi, "%s asked for the MAC address of "
			    "%s %u time%s inside the pseudowire (%s to %s "
			    "UTC) and got no answer through it: the segment "
			    "the two peers share is not extended across the "
			    "tunnel, so no TCP connection to port 179 could "
			    "even start.%s%s", who, other, arp->count,
			    arp->count == 1 ? "" : "s", t0, t1, tsent,
			    f->ever_established ? "  The session came up "
			    "later." : "");
			finding_set_remedy(fi, "Make the pseudowire carry the "
			    "segment both ways (tunnel and session up, the "
			    "bridge on both LCCEs) before looking at BGP.");
			finding_evidence_reset(fi);
			for (i = 0; i < arp->nev; i++)
				finding_add_evidence(fi, &arp->ev[i]);
			if (cause != NULL)
				finding_explains(eng->findings, cause, fi);
			continue;
		}
		side = f->s[0].refused >= f->s[1].refused ? 0 : 1;
		if (f->s[side].refused == 0)
			side = f->s[0].syns >= f->s[1].syns ? 0 : 1;
		first = f->nfail_ev > 0 ? f->fail_ev[0].ts_ns : pev[0].ts_ns;
		last = npev > 0 ? pev[npev - 1].ts_ns :
		    f->fail_ev[f->nfail_ev - 1].ts_ns;
		if ((fi = diag_upsert(eng, e, first)) == NULL)
			continue;
		side_text(who, sizeof(who), f, side);
		side_text(other, sizeof(other), f, !side);
		finding_set_title(fi, "TCP connection from %s to %s failed %u "
		    "time%s (%u refused by RST, %u unanswered)", who, other,
		    fails, fails == 1 ? "" : "s", f->s[side].refused,
		    f->syn_unanswered + pending);
		tunnel_view(eng, f->fail_carrier.valid ? &f->fail_carrier :
		    &f->carrier, &tv);
		cause = tunnel_sentence(tsent, sizeof(tsent), &tv, last,
		    "The SYNs");
		/* refused at first, accepted later (the peer was starting):
		 * not what keeps a never Established session down */
		later = f->last_accept_ts > last && !f->ever_established &&
		    cause == NULL;
		finding_set_severity(fi, f->ever_established || later ?
		    SEV_WARNING : SEV_ERROR);
		{
			const struct bgp_side_facts *p = &f->s[!side];
			char after[320] = "";

			/* refused after the peer's own Cease: expected */
			if (p->notif_sent && p->last_code == 6 &&
			    f->nfail_ev > 0 &&
			    f->fail_ev[f->nfail_ev - 1].ts_ns >=
			    p->last_notif_ts) {
				char what[160];

				notif_text(what, sizeof(what), p);
				snprintf(after, sizeof(after), "  The last "
				    "refusal follows the NOTIFICATION %s the "
				    "peer sent: it keeps the session down on "
				    "purpose.", what);
			}
			finding_set_text(fi, "%s tried to open the BGP "
			    "connection (TCP port %u) and %s.%s%s%s%s", who,
			    f->fail_port ? f->fail_port : 179,
			    f->s[side].refused ?
			    "the peer refused it with a TCP reset: nothing "
			    "listens there for this neighbor, or the peer's "
			    "session is administratively down" : "no "
			    "SYN-ACK came back: the peer is unreachable or "
			    "filtered", f->ever_established ? "  The "
			    "session had been Established before." : "",
			    later ? "  Later connections were accepted (the "
			    "peer was not ready yet): this is not what keeps "
			    "the session down." : "", after, tsent);
		}
		if (cause != NULL)
			finding_set_remedy(fi, "Bring the pseudowire up first "
			    "(see %s); BGP connects once the segment is "
			    "extended.", cause->rule);
		else
			finding_set_remedy(fi, "Check that %s has %s "
			    "configured as a neighbor and is not shut down, "
			    "and that TCP port 179 is reachable between "
			    "them.", other, who);
		finding_evidence_reset(fi);
		for (i = 0; i < f->nfail_ev; i++)
			finding_add_evidence(fi, &f->fail_ev[i]);
		for (i = 0; i < npev; i++)
			finding_add_evidence(fi, &pev[i]);
		if (cause != NULL)
			finding_explains(eng->findings, cause, fi);
	}
}

static void
rule_hold_timer_expired(struct engine *eng, int final)
{
	struct entity *e;
	const struct bgp_sess_facts *f;
	unsigned side, i;

	EACH_SESSION(eng, e, f) {
		struct finding *fi;
		struct tunnel_view tv;
		char who[96], other[96], tsent[1024];
		int inferred;
		int64_t ts;

		if ((side = hold_side(f)) == 2 ||
		    hold_tunnel_down(eng, f, &tv))
			continue;	/* bgp.hold_expired_tunnel_down */
		/* inside a pseudowire the tunnel's own failure may be known
		 * only later (its StopCCN comes after): decide at the end */
		if (f->in_pw && !final)
			continue;
		inferred = f->s[side].hold_expired;
		ts = hold_lost_ts(f, side);
		if ((fi = diag_upsert(eng, e, ts)) == NULL)
			continue;
		side_text(who, sizeof(who), f, side);
		side_text(other, sizeof(other), f, !side);
		(void)tunnel_sentence(tsent, sizeof(tsent), &tv, ts, "");
		finding_set_title(fi, "hold timer of %s expired: nothing from "
		    "%s for %u s", who, other, f->hold_neg);
		finding_set_text(fi, "%s heard no KEEPALIVE, UPDATE or "
		    "NOTIFICATION from %s within the negotiated hold time of "
		    "%u s, so the session is down at that moment%s.%s", who,
		    other, f->hold_neg, inferred ? " (inferred from the "
		    "silence: no NOTIFICATION Hold Timer Expired was "
		    "captured; real daemons often send none, or it stays "
		    "stuck behind unacknowledged TCP data)" : "", tsent);
		finding_set_remedy(fi, "Find out why %s went silent: link or "
		    "tunnel down, CPU starvation, or packets dropped between "
		    "them.", other);
		finding_evidence_reset(fi);
		if (inferred && f->hold_ev.frame != 0)
			finding_add_evidence(fi, &f->hold_ev);
		else
			for (i = 0; i < f->nnotif_ev; i++)
				finding_add_evidence(fi, &f->notif_ev[i]);
	}
}

static void
rule_hold_expired_tunnel_down(struct engine *eng, int final)
{
	struct entity *e;
	const struct bgp_sess_facts *f;
	unsigned side, i;

	(void)final;
	EACH_SESSION(eng, e, f) {
		struct finding *fi;
		struct tunnel_view tv;
		char who[96], other[96], tn[2 * TRACK_NAME_MAX + 64],
		    why[FINDING_TITLE_MAX + 48], t0[24], t1[24], t2[24];
		int64_t h;
		double delta;

		if ((side = hold_side(f)) == 2 ||
		    !hold_tunnel_down(eng, f, &tv))
			continue;
		h = hold_lost_ts(f, side);
		if ((fi = diag_upsert(eng, e, h)) == NULL)
			continue;
		side_text(who, sizeof(who), f, side);
		side_text(other, sizeof(other), f, !side);
		tunnel_name(tn, sizeof(tn), &tv);
		tunnel_why(why, sizeof(why), &tv);
		tod(t0, sizeof(t0), tv.fail_ts);
		tod(t1, sizeof(t1), h);
		/* the peer's last message before the timer ran out */
		tod(t2, sizeof(t2), f->s[side].hold_expired ?
		    h - (int64_t)f->hold_neg * NS : f->s[!side].last_msg_ts);
		delta = (double)(h - tv.fail_ts) / 1e9;
		finding_set_title(fi, "hold timer of %s expired %.1f s after "
		    "the tunnel under the session failed", who, delta);
		finding_set_text(fi, "The pseudowire carrying the session, "
		    "%s, failed at %s UTC (%s).  Then %s lost its hold time "
		    "at %s UTC: nothing from %s since %s UTC, for the "
		    "negotiated %u s%s.  Delta: %.1f s.  BGP went down "
		    "because its tunnel did; BGP itself is not at fault.", tn,
		    t0, why, who, t1, other, t2, f->hold_neg,
		    f->s[side].hold_expired ? " (inferred: no NOTIFICATION "
		    "Hold Timer Expired was captured; none can cross a dead "
		    "tunnel)" : "", delta);
		finding_set_remedy(fi, "Repair the tunnel%s%s%s; the BGP "
		    "session comes back by itself once the pseudowire carries "
		    "the segment again.", tv.cause != NULL ? " (see " : "",
		    tv.cause != NULL ? tv.cause->rule : "",
		    tv.cause != NULL ? ")" : "");
		finding_evidence_reset(fi);
		if (f->s[side].hold_expired && f->hold_ev.frame != 0)
			finding_add_evidence(fi, &f->hold_ev);
		for (i = 0; i < f->nnotif_ev; i++)
			if (f->notif_ev[i].ts_ns == h)
				finding_add_evidence(fi, &f->notif_ev[i]);
		if (tv.cause != NULL) {
			for (i = 0; i < tv.cause->nev && i < 4; i++)
				finding_add_evidence(fi, &tv.cause->ev[i]);
			finding_explains(eng->findings, tv.cause, fi);
		}
		/* fired before the tunnel's failure was known: this one
		 * explains it now */
		{
			struct finding *old = finding_lookup(eng->findings,
			    "bgp.hold_timer_expired", e);

			if (old != NULL)
				finding_explains(eng->findings, fi, old);
		}
	}
}

static void
rule_flapping(struct engine *eng, int final)
{
	struct entity *e;
	const struct bgp_sess_facts *f;
	unsigned i;

	(void)final;
	EACH_SESSION(eng, e, f) {
		struct finding *fi;

		if (f->dropped < 3)
			continue;
		if ((fi = diag_upsert(eng, e, f->last_reset_ts)) == NULL)
			continue;
		finding_set_title(fi, "session flapping: established %u "
		    "times, dropped %u times", f->established, f->dropped);
		finding_set_text(fi, "The session came up and went down "
		    "repeatedly; the last reset: %s.", f->last_reset);
		finding_set_remedy(fi, "Look at the first reset's cause; "
		    "consider damping or a longer hold time only after "
		    "fixing it.");
		finding_evidence_reset(fi);
		for (i = 0; i < f->nreset_ev; i++)
			finding_add_evidence(fi, &f->reset_ev[i]);
	}
}

static const struct rule bgp_rules[] = {
	{ "bgp.open_rejected", SEV_ERROR, rule_open_rejected,
	  "a side answered the peer's OPEN with NOTIFICATION OPEN Message "
	  "Error (Bad Peer AS, hold time, BGP ID, capability)" },
	{ "bgp.connect_failed", SEV_ERROR, rule_connect_failed,
	  "TCP connection attempts unanswered or refused by RST" },
	{ "bgp.hold_timer_expired", SEV_ERROR, rule_hold_timer_expired,
	  "no KEEPALIVE/UPDATE within the negotiated hold time (inferred or "
	  "NOTIFICATION 4)" },
	{ "bgp.hold_expired_tunnel_down", SEV_ERROR,
	  rule_hold_expired_tunnel_down,
	  "the pseudowire carrying the session failed first, then the hold "
	  "timer ran out (both times and the delta)" },
	{ "bgp.notification", SEV_ERROR, rule_notification,
	  "a NOTIFICATION other than OPEN errors and hold timer expiry "
	  "(Cease with shutdown text: warning)" },
	{ "bgp.flapping", SEV_WARNING, rule_flapping,
	  "session established and dropped three times or more" },
};

/* ---- lifetime ---- */

static void
tracker_free(void *arg)
{
	free(arg);
}

const struct engine *
bgp_track_engine(const struct bgp_tracker *tr)
{
	return tr != NULL ? tr->eng : NULL;
}

struct bgp_tracker *
bgp_track_new(struct engine *eng, struct tcp_streams *tcp)
{
	struct bgp_tracker *tr = calloc(1, sizeof(*tr));
	struct track_kind k;

	if (tr == NULL)
		return NULL;
	if (engine_on_free(eng, tracker_free, tr) < 0) {
		free(tr);
		return NULL;
	}
	tr->eng = eng;
	tr->t = eng->track;
	tr->tcp = tcp;
	eng->bgp = tr;
	memset(&k, 0, sizeof(k));
	k.states = fsm_states;
	k.sides[0] = "A";
	k.sides[1] = "B";
	k.release = release;
	k.arg = tr;
	k.data_size = sizeof(struct bconn);
	track_register_kind(eng->track, EK_BGP_CONN, &k);
	k.report = &bgp_sess_rows;	/* bgp_sessions.csv (out_bgp.c) */
	k.data_size = sizeof(struct bsess);
	track_register_kind(eng->track, EK_BGP_SESSION, &k);
	if (diag_register(eng, bgp_rules,
	    sizeof(bgp_rules) / sizeof(bgp_rules[0])) < 0)
		return NULL;
	return tr;
}
