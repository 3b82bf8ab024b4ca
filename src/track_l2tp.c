/* track_l2tp.c - L2TPv3 control connections and sessions from events (RFC 3931 §3.3, §4.4, §5, §7).
 *
 * See track_l2tp.h.  Keys (all in the engine's store):
 *  - control connection: ('C', transport, recipient address, sender
 *    address, recipient's CCID): the header CCID names the recipient, so
 *    every message finds its connection in one lookup; an SCCRQ is
 *    looked up with its sender as recipient and its Assigned CCID (a
 *    retransmission finds the attempt it repeats).
 *  - ('P', transport, lower address, higher address): the newest
 *    connection between two LCCEs (related attempts, data, ICMP, ARP).
 *  - session: ('S', transport, recipient, sender, recipient's Session ID),
 *    the value data messages carry.
 * Each LCCE's state moves through the §7 tables (track_l2tp_fsm.c) when
 * what it sends shows which row it took: an SCCRP shows "recv SCCRQ,
 * acceptable", an SCCCN "recv SCCRP, acceptable", the acknowledgement of
 * an SCCCN "recv SCCCN, acceptable".  A message seen at a second vantage
 * (same Ns, type and AVP bytes) is a sighting, not a retransmission.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cursor.h"
#include "diagnose.h"
#include "dissect.h"
#include "event.h"
#include "l2tp.h"
#include "l2tp_conv.h"
#include "prefs.h"
#include "textbuf.h"
#include "track_l2tp_priv.h"
#include "../dissectors/l2tp_avp.h"

#define NS_PER_S	1000000000LL

static const struct tok ctl_states[] = {
	{ L2C_IDLE, "idle" }, { L2C_WAIT_CTL_REPLY, "wait-ctl-reply" },
	{ L2C_WAIT_CTL_CONN, "wait-ctl-conn" },
	{ L2C_ESTABLISHED, "established" }, { L2C_CLOSED, "closed" },
	{ 0, NULL },
};

static const struct tok sess_states[] = {
	{ L2S_IDLE, "idle" }, { L2S_WAIT_CTL_CONN, "wait-ctl-conn" },
	{ L2S_WAIT_REPLY, "wait-reply" }, { L2S_WAIT_CONNECT, "wait-connect" },
	{ L2S_WAIT_CS_ANSWER, "wait-cs-answer" },
	{ L2S_ESTABLISHED, "established" }, { L2S_CLOSED, "closed" },
	{ 0, NULL },
};

/* ---- small helpers ---- */

void
l2t_put_addr(struct textbuf *tb, const struct ts_addr *a)
{
	if (a->af == 4)
		tb_ip4(tb, (uint32_t)a->a[0] << 24 | (uint32_t)a->a[1] << 16 |
		    (uint32_t)a->a[2] << 8 | a->a[3]);
	else if (a->af == 6)
		tb_ip6(tb, a->a);
	else
		tb_puts(tb, "?");
}

/* (constant sizes: the compiler compares in place, no memcmp() call) */
static int
addr_eq(const struct ts_addr *x, const struct ts_addr *y)
{
	if (x->af != y->af)
		return 0;
	if (x->af == 4)
		return memcmp(x->a, y->a, 4) == 0;
	return memcmp(x->a, y->a, 16) == 0;
}

static int
addr_cmp(const struct ts_addr *x, const struct ts_addr *y)
{
	if (x->af != y->af)
		return x->af < y->af ? -1 : 1;
	return memcmp(x->a, y->a, 16);
}

static void
v4addr(struct ts_addr *a, uint32_t v)
{
	memset(a, 0, sizeof(*a));
	a->af = 4;
	a->a[0] = (uint8_t)(v >> 24);
	a->a[1] = (uint8_t)(v >> 16);
	a->a[2] = (uint8_t)(v >> 8);
	a->a[3] = (uint8_t)v;
}

static size_t
put_key_addr(uint8_t *k, const struct ts_addr *a)
{
	k[0] = a->af;
	memcpy(k + 1, a->a, 16);
	return 17;
}

static void
put32(uint8_t *k, uint32_t v)
{
	k[0] = (uint8_t)(v >> 24);
	k[1] = (uint8_t)(v >> 16);
	k[2] = (uint8_t)(v >> 8);
	k[3] = (uint8_t)v;
}

/* ('C' | 'S', transport, recipient, sender, id): 40 bytes. */
static size_t
key_dir(uint8_t *k, char tag, uint8_t tr, const struct ts_addr *rcp,
    const struct ts_addr *snd, uint32_t id)
{
	static const struct ts_addr none;
	size_t n = 0;

	/* a CCID is chosen by its recipient and unique there: the sender's
	 * address stays out, so replies from another address still find
	 * the connection (l2tp.address_mismatch) */
	if (tag == 'C')
		snd = &none;
	memset(k, 0, 40);
	k[n++] = (uint8_t)tag;
	k[n++] = tr;
	n += put_key_addr(k + n, rcp);
	n += put_key_addr(k + n, snd);
	put32(k + n, id);
	return n + 4;
}

static size_t
key_pair(uint8_t *k, uint8_t tr, const struct ts_addr *x,
    const struct ts_addr *y)
{
	size_t n = 0;

	if (addr_cmp(x, y) > 0) {
		const struct ts_addr *t = x;

		x = y;
		y = t;
	}
	memset(k, 0, 40);
	k[n++] = 'P';
	k[n++] = tr;
	n += put_key_addr(k + n, x);
	n += put_key_addr(k + n, y);
	return n;
}

static struct evref
evref_of(const struct event *ev)
{
	struct evref r;

	r.vantage = ev->vantage;
	r.frame = ev->frame;
	r.ts_ns = ev->ts_ns;
	return r;
}

/* The direction's rare facts to write, allocated at the first (NULL
 * when out of memory: the counters still count, the evidence is lost). */
static struct l2t_rare *
l2t_rare_mut(struct l2t_sside *d)
{
	if (d->rare == NULL)
		d->rare = calloc(1, sizeof(*d->rare));
	return d->rare;
}

/* ---- address facts ---- */

/* Every frame counts its outer source: IPv4 hashes in one multiply
 * (Fibonacci hashing, the high bits folded down), IPv6 by FNV-1a. */
static uint32_t
addr_hash(const struct ts_addr *a)
{
	uint32_t h = 2166136261u, w;
	size_t i;

	if (a->af == 4) {
		memcpy(&w, a->a, 4);
		h = w * 0x9e3779b1u;
		return h ^ h >> 16;
	}
	h = (h ^ a->af) * 16777619u;
	for (i = 0; i < 16; i++)
		h = (h ^ a->a[i]) * 16777619u;
	return h;
}

/* The slot of a, or the empty slot where it goes (NULL: neither). */
static struct l2t_addr *
addr_slot(const struct l2tp_tracker *tr, const struct ts_addr *a, int create)
{
	uint32_t h = addr_hash(a), n, mask = tr->naddr_slots - 1;

	if (tr->addrs == NULL)
		return NULL;
	/* at most 3/4 full: an empty slot ends every probe */
	for (n = 0; n < tr->naddr_slots; n++) {
		struct l2t_addr *s = &tr->addrs[(h + n) & mask];

		if (!s->used)
			return create ? s : NULL;
		if (addr_eq(&s->a, a))
			return s;
	}
	return NULL;
}

const struct l2t_addr *
l2t_addr_find(const struct l2tp_tracker *tr, const struct ts_addr *a)
{
	return addr_slot(tr, a, 0);
}

uint64_t
l2tp_track_addrs_full(const struct l2tp_tracker *tr, uint32_t *naddrs)
{
	*naddrs = tr != NULL ? tr->naddrs : 0;
	return tr != NULL ? tr->addrs_full : 0;
}

/* Double the address table and rehash (order is never output). */
static int
addr_grow(struct l2tp_tracker *tr)
{
	struct l2t_addr *old = tr->addrs, *v;
	uint32_t n = tr->naddr_slots, i, k, mask = 2 * n - 1;

	if (n >= L2T_ADDRS_MAX || (v = calloc(2 * (size_t)n,
	    sizeof(*v))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (!old[i].used)
			continue;
		for (k = addr_hash(&old[i].a) & mask; v[k].used;
		    k = (k + 1) & mask)
			;
		v[k] = old[i];
	}
	free(old);
	tr->addrs = v;
	tr->naddr_slots = 2 * n;
	return 0;
}

/*
 * Count a frame from outer source a.  The table grows with the sources
 * seen up to L2T_ADDRS_MAX slots; past that a new source's frames are
 * only counted in addrs_full, and the rules that ask whether an address
 * sent anything say they cannot tell.
 */
void
l2t_addr_count(struct l2tp_tracker *tr, const struct ts_addr *a,
    const struct evref *r, int l2tp)
{
	struct l2t_addr *s;

	if ((s = addr_slot(tr, a, 1)) == NULL) {
		tr->addrs_full++;
		return;
	}
	if (!s->used) {
		if (tr->naddrs + 1 > tr->naddr_slots / 4 * 3) {
			if (addr_grow(tr) < 0) {
				tr->addrs_full++;
				return;
			}
			s = addr_slot(tr, a, 1);
		}
		s->used = 1;
		s->a = *a;
		s->first = *r;
		tr->naddrs++;
	}
	if (s->last.frame != r->frame || s->last.vantage != r->vantage ||
	    s->frames == 0) {
		s->frames++;
		s->last = *r;
	}
	if (l2tp)
		s->l2tp++;
}

/* ---- entity plumbing ---- */

static void
release(void *arg, struct entity *e)
{
	struct l2tp_tracker *tr = arg;

	if (e->kind == EK_L2TP_SESSION) {
		struct l2t_ctl *c = e->parent != NULL ?
		    l2t_ctl_of(e->parent) : NULL;
		unsigned i;

		if (c != NULL && c->pend != NULL)
			for (i = 0; i < L2T_PENDING; i++)
				if (c->pend[i].sess == e)
					c->pend[i].used = 0;
		if (tr->cur_sess == e)
			tr->cur_sess = NULL;
		if (e->data != NULL) {
			struct l2t_sess *s = e->data;

			free(s->inner);
			free(s->inner6);
			free(s->more);
			free(s->s[0].rare);
			free(s->s[1].rare);
			track_str_put(tr->t, s->remote_end);
			track_str_put(tr->t, s->close_reason);
			track_str_put(tr->t, s->cdn_msg);
		}
	} else if (e->kind == EK_L2TP_CTL && e->data != NULL) {
		struct l2t_ctl *c = e->data;
		unsigned i;

		for (i = 0; i < 2; i++) {
			free(c->s[i].ring);
			free(c->s[i].vring);
			free(c->s[i].rt_ev);
			track_str_put(tr->t, c->s[i].host);
			track_str_put(tr->t, c->s[i].vendor);
		}
		free(c->pend);
		free(c->sccrq_ev);
		free(c->icmp_ev);
		free(c->addr_mismatch_ev);
		track_str_put(tr->t, c->close_reason);
		track_str_put(tr->t, c->stop_msg);
	}
	e->data = NULL;		/* the record goes with the entity */
}

/* v in decimal (names and uids: snprintf() was most of a session's
 * set-up cost) */
static const char *
u32_text(char d[16], uint32_t v)
{
	struct textbuf t;

	tb_init(&t, d, 16);
	tb_uint(&t, v);
	return d;
}

static void
ctl_name(struct l2t_ctl *c)
{
	char a0[64], a1[64];
	struct textbuf t0, t1;

	tb_init(&t0, a0, sizeof(a0));
	tb_init(&t1, a1, sizeof(a1));
	l2t_put_addr(&t0, &c->addr[0]);
	l2t_put_addr(&t1, &c->addr[1]);
	if (c->static_tunnel)
		track_set_name(c->e, "%s <-> %s static (data only)", a0, a1);
	else if (c->s[1].ccid != 0 && c->s[0].ccid != 0)
		track_set_name(c->e, "%s -> %s ccid %u/%u", a0, a1,
		    c->s[0].ccid, c->s[1].ccid);
	else if (c->s[0].ccid != 0)
		track_set_name(c->e, "%s -> %s ccid %u", a0, a1, c->s[0].ccid);
	else
		track_set_name(c->e, "%s -> %s ccid ?/%u", a0, a1,
		    c->s[1].ccid);
}

static void
sess_name(struct l2t_sess *s, const struct l2t_ctl *c)
{
	char a0[64], a1[64], i0[16], i1[16];
	struct textbuf t0, t1;
	const struct ts_addr *x = c != NULL ? &c->addr[s->cside0] : NULL;
	const struct ts_addr *y = c != NULL ? &c->addr[!s->cside0] : NULL;

	tb_init(&t0, a0, sizeof(a0));
	tb_init(&t1, a1, sizeof(a1));
	if (x != NULL) {
		l2t_put_addr(&t0, x);
		l2t_put_addr(&t1, y);
	}
	if (s->s[0].sid != UINT32_MAX)
		u32_text(i0, s->s[0].sid);
	else
		strcpy(i0, "?");
	if (s->s[1].sid != UINT32_MAX)
		u32_text(i1, s->s[1].sid);
	else
		strcpy(i1, "?");
	track_set_name(s->e, "%s -> %s session %s/%s", a0, a1, i0, i1);
}

static void
relate_pair(struct l2tp_tracker *tr, struct entity *e, const uint8_t *pk,
    size_t pn)
{
	struct entity *o = track_lookup(tr->t, EK_L2TP_CTL, pk, pn);

	if (o != NULL && o != e)
		track_relate(e, o);
	track_add_key(tr->t, e, pk, pn);
}

static struct l2t_ctl *
ctl_new(struct l2tp_tracker *tr, const struct l2tp_ep *ep, int sender_first,
    const void *key, size_t klen, const struct evref *r, uint32_t disc)
{
	struct l2t_ctl *c;
	uint8_t pk[40];
	size_t pn;
	char d[16];
	struct entity *e;
	int i;

	u32_text(d, disc);
	e = track_create(tr->t, EK_L2TP_CTL, key, klen, r, d, NULL);
	if (e == NULL || (c = e->data) == NULL)
		return NULL;
	c->e = e;
	c->transport = ep->transport;
	c->addr[0] = sender_first ? ep->src : ep->dst;
	c->addr[1] = sender_first ? ep->dst : ep->src;
	c->close_reason = c->stop_msg = "";
	for (i = 0; i < 2; i++) {
		c->s[i].rtt_min = INT64_MAX;
		c->s[i].transit_min = INT64_MAX;
		c->s[i].hello_gap_min = INT64_MAX;
		c->s[i].host = c->s[i].vendor = "";
	}
	c->s[sender_first ? 0 : 1].port = ep->sport;
	c->s[sender_first ? 0 : 1].first_port = ep->sport;
	c->s[sender_first ? 1 : 0].port = ep->dport;
	c->s[sender_first ? 1 : 0].first_port = ep->dport;
	pn = key_pair(pk, ep->transport, &ep->src, &ep->dst);
	relate_pair(tr, e, pk, pn);
	return c;
}

static unsigned
side_of(const struct l2t_ctl *c, const struct ts_addr *src, uint16_t sport)
{
	if (addr_eq(&c->addr[0], &c->addr[1]))
		return sport == c->s[0].port ? 0 : 1;
	return addr_eq(src, &c->addr[0]) ? 0 : 1;
}

static void
change(struct l2tp_tracker *tr, struct entity *e, unsigned side, unsigned to,
    int64_t ts, const char *cause, const struct evref *r, unsigned flags)
{
	track_change_state(tr->t, e, side, to, &(struct change){ .ts = ts,
	    .cause = cause, .ev = r, .nev = r != NULL ? 1 : 0,
	    .flags = flags });
}

/* A side's control connection is gone: so are its sessions (§7.2
 * "clean up" clears every session of the connection). */
static void
sessions_down(struct l2tp_tracker *tr, struct l2t_ctl *c, unsigned side,
    int64_t ts, const struct evref *r, unsigned flags)
{
	struct entity *ch;

	for (ch = c->e->child; ch != NULL; ch = ch->sibling) {
		struct l2t_sess *s = l2t_sess_of(ch);
		unsigned ss;

		if (s == NULL)
			continue;
		ss = side == s->cside0 ? 0 : 1;
		if (ch->state[ss] == L2S_CLOSED)
			continue;
		if (s->closed_ts == 0)
			s->closed_ts = ts;
		if (s->close_reason[0] == '\0')
			track_str_setf(tr->t, &s->close_reason, L2T_MSG,
			    "control connection closed");
		change(tr, ch, ss, L2S_CLOSED, ts, "control connection closed",
		    r, flags);
	}
}

/* Apply a §7.2 row to a side; clean-up rows show as closed. */
static void
ctl_apply(struct l2tp_tracker *tr, struct l2t_ctl *c, unsigned side,
    unsigned event, int64_t ts, const char *cause, const struct evref *r,
    unsigned flags)
{
	unsigned act, to = l2tp_ctl_fsm(c->e->state[side], event, &act);

	if (act & L2A_CLEANUP)
		to = L2C_CLOSED;
	if (act & L2A_INVALID) {
		char buf[TRACK_CAUSE_MAX];

		snprintf(buf, sizeof(buf), "%s (invalid in this state)",
		    cause);
		change(tr, c->e, side, c->e->state[side], ts, buf, r, flags);
		return;
	}
	if (to == L2C_ESTABLISHED && c->established_ts == 0)
		c->established_ts = ts;
	if (to == L2C_CLOSED && c->closed_ts == 0)
		c->closed_ts = ts;
	change(tr, c->e, side, to, ts, cause, r, flags);
	if (to == L2C_CLOSED)
		sessions_down(tr, c, side, ts, r, flags);
}

/* ---- AVP facts ---- */

struct avp_facts {
	const uint8_t	*vendor, *host, *remote_end, *msg;
	size_t		 vendor_len, host_len, remote_end_len, msg_len;
	uint16_t	 rws;
	uint8_t		 have_rws, have_tie, npwcaps, have_cs, have_wen;
	uint8_t		 tie[8];
	uint16_t	 pwcaps[L2T_PWCAPS];
	uint16_t	 cs, data_seq;
	uint8_t		 have_dseq;
	uint32_t	 wen[6];
	uint32_t	 hash;		/* of the AVP area */
};

static uint16_t
rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Walk the control message's cleartext AVPs again (bounded cursor). */
static void
avp_facts(const struct layer *l, struct avp_facts *f)
{
	const struct l2tp_info *li = &l->u.l2tp;
	size_t msg = l->off + (li->over_ip ? 4 : 0), end, i;
	struct l2tp_walk w;
	struct l2tp_avp a;
	struct cursor c;
	uint32_t h = 2166136261u;
	const uint8_t *all;

	memset(f, 0, sizeof(*f));
	if (!li->control || l->len < (li->over_ip ? 4u : 0u))
		return;
	end = l->len - (li->over_ip ? 4 : 0);
	if (li->length >= li->payload_off - (li->over_ip ? 4 : 0) &&
	    li->length <= end)
		end = li->length;
	c = cur_make(l->base, l->off + l->cap, msg + end);
	c.pos = l->off + li->payload_off;
	if (c.pos > c.lim || c.pos > c.cap)
		return;
	/* content hash over the captured AVP bytes (Nr excluded) */
	{
		struct cursor hc = c;
		size_t n = cur_avail(&hc);

		if ((all = cur_bytes(&hc, n)) != NULL)
			for (i = 0; i < n; i++)
				h = (h ^ all[i]) * 16777619u;
	}
	f->hash = h;
	w.c = c;
	w.base_off = 0;
	w.err = WALK_OK;
	while (l2tp_avp_next(&w, &a)) {
		const uint8_t *v = a.val;
		size_t n = a.vcap < a.vlen ? a.vcap : a.vlen;
		unsigned k;

		if (a.flags & AVP_H || a.vendor != VENDOR_IETF || v == NULL)
			continue;
		switch (a.type) {
		case AVP_VENDOR_NAME:
			f->vendor = v, f->vendor_len = n;
			break;
		case AVP_HOST_NAME:
			f->host = v, f->host_len = n;
			break;
		case AVP_REMOTE_END:
			f->remote_end = v, f->remote_end_len = n;
			break;
		case AVP_RESULT:
			if (n > 4)
				f->msg = v + 4, f->msg_len = n - 4;
			break;
		case AVP_RWS:
			if (n == 2)
				f->rws = rd16(v), f->have_rws = 1;
			break;
		case AVP_TIE_BREAKER:
			if (n == 8)
				memcpy(f->tie, v, 8), f->have_tie = 1;
			break;
		case AVP_PW_CAPS:
			for (k = 0; k + 1 < n && f->npwcaps < L2T_PWCAPS;
			    k += 2)
				f->pwcaps[f->npwcaps++] = rd16(v + k);
			break;
		case AVP_CIRCUIT_STATUS:
			if (n == 2)
				f->cs = rd16(v), f->have_cs = 1;
			break;
		case AVP_DATA_SEQ:
			if (n == 2)
				f->data_seq = rd16(v), f->have_dseq = 1;
			break;
		case AVP_CIRCUIT_ERRORS:
			if (n >= 26) {
				for (k = 0; k < 6; k++)
					f->wen[k] = rd32(v + 2 + 4 * k);
				f->have_wen = 1;
			}
			break;
		default:
			break;
		}
	}
}

static void
side_facts(struct l2tp_tracker *tr, struct l2t_side *s,
    const struct l2tp_info *li, const struct layer *l,
    const struct avp_facts *f)
{
	if (f->host != NULL)
		track_str_setf(tr->t, &s->host, L2T_STR, "%.*s",
		    (int)f->host_len, (const char *)f->host);
	else if (li->host_len > 0 && l->off + li->host_off + li->host_len <=
	    l->off + l->cap)
		track_str_setf(tr->t, &s->host, L2T_STR, "%.*s",
		    (int)li->host_len,
		    (const char *)(l->base + l->off + li->host_off));
	if (f->vendor != NULL)
		track_str_setf(tr->t, &s->vendor, L2T_STR, "%.*s",
		    (int)f->vendor_len, (const char *)f->vendor);
	if (li->router_id != 0)
		s->router_id = li->router_id;
	if (f->have_rws)
		s->rws = f->rws;
	if (f->have_tie) {
		memcpy(s->tie, f->tie, 8);
		s->have_tie = 1;
	}
	if (f->npwcaps > 0) {
		memcpy(s->pwcaps, f->pwcaps, sizeof(s->pwcaps));
		s->npwcaps = f->npwcaps;
	}
}

/* ---- reliable delivery ---- */

enum sighting { SIGHT_NEW, SIGHT_RETRANS, SIGHT_OTHER_VANTAGE, SIGHT_DUP };

static struct l2t_msg *
ring_find(struct l2t_side *s, uint16_t ns)
{
	unsigned i;

	for (i = 0; i < s->ringcap; i++)
		if (s->ring[i].used && s->ring[i].ns == ns)
			return &s->ring[i];
	return NULL;
}

static int
one_bit(unsigned x)
{
	return x != 0 && (x & (x - 1)) == 0;
}

/* A message leaves the ring: seen at one vantage of several that saw
 * this connection, it was lost between them ("left wan, never reached
 * lan"). */
static void
ring_retire(const struct l2t_ctl *c, struct l2t_side *s,
    const struct l2t_msg *m)
{
	if (!m->used || one_bit(c->vantage_mask & 0x0f) ||
	    !one_bit(m->vmask))
		return;
	if (s->lost_between == 0)
		s->lost_ev = m->ev;
	s->lost_between++;
}

/* The vantage slot of a sighting: vantages past L2T_VANT - 1 share the
 * last one. */
static unsigned
vslot(const struct evref *r)
{
	return r->vantage < L2T_VANT ? r->vantage : L2T_VANT - 1;
}

/* When m was first seen at vantage slot v, which has seen it. */
static int64_t
msg_first_ts(const struct l2t_side *s, const struct l2t_msg *m, unsigned v)
{
	if (v == vslot(&m->ev))
		return m->ev.ts_ns;
	return s->vring != NULL ? s->vring[m - s->ring].first_ts[v] : 0;
}

/* Sightings of m at vantage slot v, after one more: 0 when they cannot
 * be counted (no memory for the second ring). */
static unsigned
msg_count_up(struct l2t_side *s, struct l2t_msg *m, unsigned v)
{
	if (v == vslot(&m->ev))
		return ++m->count;
	return s->vring != NULL ? ++s->vring[m - s->ring].count[v] : 0;
}

/* m seen for the first time at vantage slot v, at ts. */
static void
msg_other_vantage(struct l2t_side *s, struct l2t_msg *m, unsigned v,
    int64_t ts)
{
	m->vmask |= (uint8_t)(1u << v);
	if (s->vring == NULL &&
	    (s->vring = calloc(L2T_RING, sizeof(*s->vring))) == NULL)
		return;			/* seen, not timed or counted */
	s->vring[m - s->ring].first_ts[v] = ts;
	s->vring[m - s->ring].count[v] = 1;
}

static enum sighting
sent_message(struct l2t_ctl *c, unsigned side, const struct l2tp_info *li,
    uint32_t hash, const struct evref *r, struct l2t_msg **out)
{
	struct l2t_side *s = &c->s[side];
	unsigned v = vslot(r);
	struct l2t_msg *m = ring_find(s, li->ns);

	*out = m;
	if (m != NULL && m->type == li->msg_type && m->hash == hash) {
		if (!(m->vmask & (1u << v))) {
			unsigned fv = 0;
			int64_t t;

			while (fv < L2T_VANT && !(m->vmask & (1u << fv)))
				fv++;
			t = r->ts_ns -
			    msg_first_ts(s, m, fv < L2T_VANT ? fv : 0);
			msg_other_vantage(s, m, v, r->ts_ns);
			if (t < 0)
				t = -t;
			if (t < s->transit_min)
				s->transit_min = t;
			if (t > s->transit_max)
				s->transit_max = t;
			s->ntransit++;
			return SIGHT_OTHER_VANTAGE;
		}
		m->last_ts = r->ts_ns;
		s->retrans++;
		if (m->acked && s->retrans_acked++ == 0)
			s->retrans_acked_ev = *r;
		if (msg_count_up(s, m, v) == 2)
			s->msgs_retried++;
		/* allocated at the first retransmission: most sides have
		 * none, and a flood of connections never gets here */
		if (s->rt_ev == NULL)
			s->rt_ev = calloc(L2T_RT_EV, sizeof(*s->rt_ev));
		if (s->rt_ev != NULL && s->nrt_ev < L2T_RT_EV)
			s->rt_ev[s->nrt_ev++] = *r;
		return SIGHT_RETRANS;
	}
	if (m != NULL || (s->have_ns && (uint16_t)(s->next_ns - li->ns - 1) <
	    32768)) {
		/* an Ns already used, with other content or gone from the
		 * ring: a duplicate (§3.3.2: ignored, still acknowledged) */
		s->dups++;
		return SIGHT_DUP;
	}
	if (!s->have_ns)
		s->seen_from_start = li->ns == 0;
	else if (li->ns != s->next_ns)
		s->gaps += (uint16_t)(li->ns - s->next_ns);
	s->have_ns = 1;
	s->next_ns = (uint16_t)(li->ns + 1);
	s->msgs++;
	/* grown 2, 4, 8 before it first wraps (the same last L2T_RING
	 * messages as a full ring): a flood of one-message connections
	 * keeps two entries, and never the silent side's */
	if (s->rnext == s->ringcap && s->ringcap < L2T_RING) {
		unsigned cap = s->ringcap ? s->ringcap * 2u : 2u;
		struct l2t_msg *n = realloc(s->ring, cap * sizeof(*n));

		if (n == NULL)
			return SIGHT_NEW;	/* counted, not remembered */
		memset(n + s->ringcap, 0, (cap - s->ringcap) * sizeof(*n));
		s->ring = n;
		s->ringcap = (uint8_t)cap;
	}
	m = &s->ring[s->rnext];
	s->rnext = (uint8_t)((s->rnext + 1) % L2T_RING);
	ring_retire(c, s, m);
	memset(m, 0, sizeof(*m));
	if (s->vring != NULL)
		memset(&s->vring[m - s->ring], 0, sizeof(*s->vring));
	m->used = 1;
	m->ns = li->ns;
	m->type = li->msg_type;
	m->hash = hash;
	m->vmask = (uint8_t)(1u << v);
	m->count = 1;
	m->last_ts = r->ts_ns;
	m->ev = *r;
	*out = m;
	return SIGHT_NEW;
}

static void hello_acked(struct l2tp_tracker *, struct l2t_ctl *, unsigned);
static void abandon_earlier(struct l2tp_tracker *, struct l2t_ctl *,
	    const struct evref *);
static void pending_acked(struct l2tp_tracker *, struct l2t_ctl *, unsigned,
	    uint16_t nr, const struct evref *);

/* side sent Nr: acknowledges the other side's messages below it. */
static void
got_nr(struct l2tp_tracker *tr, struct l2t_ctl *c, unsigned side,
    uint16_t nr, const struct evref *r)
{
	struct l2t_side *o = &c->s[!side];
	unsigned v = vslot(r), i;

	c->s[side].nr = nr;
	for (i = 0; i < o->ringcap; i++) {
		struct l2t_msg *m = &o->ring[i];

		if (!m->used || m->acked ||
		    (uint16_t)(nr - m->ns - 1) >= 32768)
			continue;
		m->acked = 1;
		if (m->vmask & (1u << v)) {
			int64_t rtt = r->ts_ns - msg_first_ts(o, m, v);

			if (rtt >= 0) {
				if (rtt < o->rtt_min)
					o->rtt_min = rtt;
				if (rtt > o->rtt_max)
					o->rtt_max = rtt;
				o->rtt_sum += rtt;
				o->nrtt++;
			}
		}
		if (m->type == MT_HELLO)
			o->hellos_acked++;
	}
	/* beyond what the peer sent: only when this vantage saw all of it
	 * (a gap in the capture looks the same) */
	if (o->have_ns && o->seen_from_start && o->gaps == 0 &&
	    c->s[side].gaps == 0 && (uint16_t)(nr - o->next_ns - 1) < 32767)
		o->nr_beyond++;
	if (o->hello_unacked && (uint16_t)(nr - o->hello_unacked_ns - 1) <
	    32768)
		hello_acked(tr, c, !side);
	pending_acked(tr, c, side, nr, r);
}

/* RWS: messages of side outstanding beyond what the peer allows. */
static void
check_window(struct l2t_ctl *c, unsigned side, const struct evref *r)
{
	struct l2t_side *s = &c->s[side];
	unsigned v = vslot(r), i, n = 0;
	unsigned rws = c->s[!side].rws != 0 ? c->s[!side].rws :
	    L2T_RWS_DEFAULT;

	for (i = 0; i < s->ringcap; i++)
		if (s->ring[i].used && !s->ring[i].acked &&
		    (s->ring[i].vmask & (1u << v)))
			n++;
	if (n > rws)
		s->rws_over++;
}

/* ---- timers ---- */

enum { TIMER_HELLO0 = 0, TIMER_HELLO1 };

static void
hello_timer(void *arg, struct entity *e, unsigned slot, int64_t deadline,
    int at_end)
{
	struct l2tp_tracker *tr = arg;
	struct l2t_ctl *c = l2t_ctl_of(e);
	unsigned side = slot == TIMER_HELLO1;
	char cause[TRACK_CAUSE_MAX];

	if (c == NULL || !c->s[side].hello_unacked || c->have_stop)
		return;
	if (at_end) {
		/* the capture ends inside the schedule: enough
		 * retransmissions still say the peer is gone */
		if (c->s[side].hello_retrans >= L2T_HELLO_RETRIES) {
			c->hello_timeout = 2;
			c->hello_timeout_side = (uint8_t)side;
			c->hello_timeout_ev = c->s[side].hello_unacked_ev;
			c->hello_timeout_ts = c->s[side].last.ts_ns;
			track_mark_dirty(tr->t, e);
		}
		return;
	}
	c->hello_timeout = 1;
	c->hello_timeout_side = (uint8_t)side;
	c->hello_timeout_ev = c->s[side].hello_unacked_ev;
	c->hello_timeout_ts = deadline;
	snprintf(cause, sizeof(cause), "Hello never acknowledged, then "
	    "silence");
	ctl_apply(tr, c, side, L2CE_CLOSE, deadline, cause, NULL,
	    TR_INFERRED);
	track_mark_dirty(tr->t, e);
}

static void
hello_acked(struct l2tp_tracker *tr, struct l2t_ctl *c, unsigned side)
{
	c->s[side].hello_unacked = 0;
	track_timer_cancel(tr->t, c->e, side ? TIMER_HELLO1 : TIMER_HELLO0);
}

/* ---- sessions ---- */

static struct entity *
sess_lookup(struct l2tp_tracker *tr, uint8_t transport,
    const struct ts_addr *rcp, const struct ts_addr *snd, uint32_t sid)
{
	uint8_t k[40];
	size_t n = key_dir(k, 'S', transport, rcp, snd, sid);

	return track_lookup(tr->t, EK_L2TP_SESSION, k, n);
}

/* The same, for a data message: through the memo m the layout table
 * keeps for its session direction (NULL: none). */
static struct entity *
sess_lookup_memo(struct l2tp_tracker *tr, struct track_memo *m,
    const struct l2tp_ep *ep, uint32_t sid)
{
	struct entity *e;
	uint8_t k[40];
	size_t n;

	if (m == NULL)
		return sess_lookup(tr, ep->transport, &ep->dst, &ep->src, sid);
	if (track_memo_check(tr->t, m, &e))
		return e;
	n = key_dir(k, 'S', ep->transport, &ep->dst, &ep->src, sid);
	return track_lookup_memo(tr->t, EK_L2TP_SESSION, k, n, m);
}

static void
sess_add_key(struct l2tp_tracker *tr, struct entity *e, uint8_t transport,
    const struct ts_addr *rcp, const struct ts_addr *snd, uint32_t sid)
{
	uint8_t k[40];
	size_t n = key_dir(k, 'S', transport, rcp, snd, sid);

	if (track_lookup(tr->t, EK_L2TP_SESSION, k, n) != e)
		track_add_key(tr->t, e, k, n);
}

/* the pseudowire a BGP session rides in (track_l2tp.h). */
struct entity *
l2tp_track_session_find(const struct l2tp_tracker *tr,
    const struct l2tp_ep *ep, uint32_t session_id)
{
	uint8_t k[40];
	size_t n;

	if (tr == NULL || ep == NULL)
		return NULL;
	n = key_dir(k, 'S', ep->transport, &ep->dst, &ep->src, session_id);
	return track_lookup(tr->t, EK_L2TP_SESSION, k, n);
}

struct entity *
l2tp_track_session_of(const struct l2tp_tracker *tr,
    const struct packet *pkt, unsigned l2tp_layer)
{
	struct l2tp_ep ep;

	if (tr == NULL || pkt == NULL || l2tp_layer >= pkt->nlayers ||
	    pkt->layers[l2tp_layer].proto != PROTO_L2TP ||
	    !l2tp_conv_endpoints(pkt, l2tp_layer, &ep))
		return NULL;
	return l2tp_track_session_find(tr, &ep,
	    pkt->layers[l2tp_layer].u.l2tp.session_id);
}

static struct l2t_sess *
sess_new(struct l2tp_tracker *tr, struct l2t_ctl *c, unsigned cside0,
    uint32_t sid0, const struct evref *r)
{
	struct l2t_sess *s;
	uint8_t k[40];
	size_t n;
	char d[16];
	struct entity *e;

	u32_text(d, sid0);
	/* data to side 0 carries side 0's Session ID */
	n = key_dir(k, 'S', c->transport, &c->addr[cside0], &c->addr[!cside0],
	    sid0);
	track_seen(tr->t, c->e, r);
	e = track_create(tr->t, EK_L2TP_SESSION, k, n, r, d, c->e);
	if (e == NULL || (s = e->data) == NULL)
		return NULL;
	s->e = e;
	s->cside0 = (uint8_t)cside0;
	/* the addresses of a connection never change: when they differ,
	 * the receiver's address alone says the side (side_of) */
	s->side_by_addr = !addr_eq(&c->addr[0], &c->addr[1]);
	s->pw_type = L2TP_NONE16;
	s->remote_end = s->close_reason = s->cdn_msg = "";
	s->s[0].sid = sid0;
	s->s[1].sid = UINT32_MAX;
	s->s[0].circuit = s->s[1].circuit = 0xffff;
	s->s[0].l2ss = s->s[1].l2ss = 0;
	s->arp_min = UINT32_MAX;
	c->nsessions++;
	sess_name(s, c);
	return s;
}

static void
sside_avps(struct l2tp_tracker *tr, struct l2t_sess *s, unsigned ss,
    const struct l2tp_info *li, const struct avp_facts *f,
    const struct evref *r)
{
	struct l2t_sside *d = &s->s[ss];

	d->have_avps = 1;
	if (li->cookie_len != L2TP_NONE8 && li->cookie_len <= 8) {
		d->cookie_len = li->cookie_len;
		memcpy(d->cookie, li->cookie, li->cookie_len);
	}
	if (li->l2ss != L2TP_NONE8)
		d->l2ss = li->l2ss;
	if (f->have_dseq)
		d->data_seq = f->data_seq;
	if (li->pw_type != L2TP_NONE16)
		s->pw_type = li->pw_type;
	if (f->remote_end != NULL)
		track_str_setf(tr->t, &s->remote_end, L2T_STR, "%.*s",
		    (int)f->remote_end_len, (const char *)f->remote_end);
	if (f->have_cs) {
		d->circuit = f->cs;
		if (!(f->cs & 0x0001) && !d->circuit_down) {
			struct l2t_rare *x = l2t_rare_mut(d);

			d->circuit_down = 1;
			if (x != NULL)
				x->circuit_down_ev = *r;
		} else if (f->cs & 0x0001)
			d->circuit_down = 0;
	}
}

static void
sess_apply(struct l2tp_tracker *tr, struct l2t_sess *s, unsigned ss,
    unsigned event, int64_t ts, const char *cause, const struct evref *r)
{
	unsigned role = ss == 0 ? s->role : s->role + 1, act, to;

	to = l2tp_sess_fsm(role, s->e->state[ss], event, &act);
	if (act & L2A_CLEANUP)
		to = L2S_CLOSED;
	if (act & L2A_INVALID) {
		char buf[TRACK_CAUSE_MAX];

		snprintf(buf, sizeof(buf), "%s (invalid in this state)",
		    cause);
		change(tr, s->e, ss, s->e->state[ss], ts, buf, r, 0);
		return;
	}
	if (to == L2S_ESTABLISHED && s->established_ts == 0)
		s->established_ts = ts;
	if (to == L2S_CLOSED && s->closed_ts == 0)
		s->closed_ts = ts;
	change(tr, s->e, ss, to, ts, cause, r, 0);
}

static void
pend_add(struct l2t_ctl *c, uint8_t what, unsigned acker, uint16_t ns,
    struct entity *sess, const struct evref *r)
{
	unsigned i;

	if (c->pend == NULL &&
	    (c->pend = calloc(L2T_PENDING, sizeof(*c->pend))) == NULL)
		return;
	for (i = 0; i < L2T_PENDING; i++)
		if (!c->pend[i].used)
			break;
	if (i == L2T_PENDING)
		i = 0;		/* oldest goes: bounded */
	c->pend[i].used = 1;
	c->pend[i].what = what;
	c->pend[i].side = (uint8_t)acker;
	c->pend[i].ns = ns;
	c->pend[i].sess = sess;
	c->pend[i].ev = *r;
}

static void
pending_acked(struct l2tp_tracker *tr, struct l2t_ctl *c, unsigned side,
    uint16_t nr, const struct evref *r)
{
	unsigned i;

	for (i = 0; c->pend != NULL && i < L2T_PENDING; i++) {
		struct l2t_pending *p = &c->pend[i];
		struct l2t_sess *s;

		if (!p->used || p->side != side ||
		    (uint16_t)(nr - p->ns - 1) >= 32768)
			continue;
		p->used = 0;
		switch (p->what) {
		case MT_STOPCCN:
			if (c->e->state[side] != L2C_CLOSED)
				ctl_apply(tr, c, side, L2CE_STOPCCN, r->ts_ns,
				    "StopCCN received (acknowledged)", r, 0);
			break;
		case MT_SCCCN:
			if (c->e->state[side] == L2C_WAIT_CTL_CONN)
				ctl_apply(tr, c, side, L2CE_SCCCN_OK, r->ts_ns,
				    "SCCCN received (acknowledged)", r, 0);
			break;
		case MT_ICCN:
		case MT_OCRP:
		case MT_OCCN:
			if ((s = l2t_sess_of(p->sess)) == NULL)
				break;
			{
				unsigned ss = side == s->cside0 ? 0 : 1;

				sess_apply(tr, s, ss, p->what == MT_OCRP ?
				    L2SE_XRP_OK : L2SE_XCN_OK, r->ts_ns,
				    p->what == MT_ICCN ?
				    "ICCN received (acknowledged)" :
				    p->what == MT_OCRP ?
				    "OCRP received (acknowledged)" :
				    "OCCN received (acknowledged)", r);
			}
			break;
		default:
			break;
		}
	}
}

static void
session_message(struct l2tp_tracker *tr, struct l2t_ctl *c, unsigned side,
    const struct l2tp_info *li, const struct avp_facts *f,
    const struct evref *r)
{
	const struct ts_addr *me = &c->addr[side], *peer = &c->addr[!side];
	struct entity *e = NULL;
	struct l2t_sess *s;
	unsigned ss;
	char cause[TRACK_CAUSE_MAX];

	if (li->rsid != UINT32_MAX && li->rsid != 0)
		e = sess_lookup(tr, c->transport, peer, me, li->rsid);
	if (e == NULL && li->lsid != UINT32_MAX)
		e = sess_lookup(tr, c->transport, me, peer, li->lsid);
	s = l2t_sess_of(e);
	if (s == NULL && (li->msg_type == MT_ICRQ || li->msg_type == MT_OCRQ)) {
		if (li->lsid == UINT32_MAX)
			return;
		if ((s = sess_new(tr, c, side, li->lsid, r)) == NULL)
			return;
		s->role = li->msg_type == MT_ICRQ ? L2R_ICRQ_SENDER :
		    L2R_OCRQ_SENDER;
		s->xrq_ev = *r;
		s->setup_seen = 1;
		sside_avps(tr, s, 0, li, f, r);
		/* two rows at once (call, control connection open): the
		 * request shows both */
		{
			unsigned a1, a2, mid, to;

			mid = l2tp_sess_fsm(s->role, L2S_IDLE, L2SE_CALL, &a1);
			to = l2tp_sess_fsm(s->role, mid, L2SE_CTL_OPEN, &a2);
			change(tr, s->e, 0, to, r->ts_ns, li->msg_type ==
			    MT_ICRQ ? "ICRQ sent" : "OCRQ sent", r, 0);
		}
		return;
	}
	if (s == NULL) {
		if (li->msg_type != MT_CDN || li->lsid == UINT32_MAX)
			return;
		/* CDN for a session whose set-up was not seen */
		if ((s = sess_new(tr, c, side, li->lsid, r)) == NULL)
			return;
		s->role = L2R_ICRQ_SENDER;
		s->have_cdn = 1;
		s->cdn_side = 0;
		s->cdn_result = li->result;
		s->cdn_error = li->error;
		s->cdn_ev = *r;
		if (f->msg != NULL)
			track_str_setf(tr->t, &s->cdn_msg, L2T_MSG, "%.*s",
			    (int)f->msg_len, (const char *)f->msg);
		track_str_setf(tr->t, &s->close_reason, L2T_MSG,
		    "CDN (set-up not captured)");
		s->closed_ts = r->ts_ns;
		change(tr, s->e, 0, L2S_CLOSED, r->ts_ns,
		    "CDN sent (set-up not captured)", r, 0);
		change(tr, s->e, 1, L2S_CLOSED, r->ts_ns, "CDN received", r, 0);
		track_mark_dirty(tr->t, s->e);
		return;
	}
	track_seen(tr->t, s->e, r);
	ss = side == s->cside0 ? 0 : 1;
	if (ss == 1 && s->s[1].sid == UINT32_MAX && li->lsid != UINT32_MAX) {
		s->s[1].sid = li->lsid;
		sess_add_key(tr, s->e, c->transport, me, peer, li->lsid);
		sess_name(s, c);
	}
	switch (li->msg_type) {
	case MT_ICRP:
	case MT_OCRP:
		sside_avps(tr, s, ss, li, f, r);
		sess_apply(tr, s, ss, L2SE_XRQ_OK, r->ts_ns,
		    li->msg_type == MT_ICRP ? "ICRQ received, ICRP sent" :
		    "OCRQ received, OCRP sent", r);
		if (li->msg_type == MT_OCRP &&
		    s->e->state[!ss] == L2S_WAIT_REPLY)
			sess_apply(tr, s, !ss, L2SE_XRP_OK, r->ts_ns,
			    "OCRP received", r);
		break;
	case MT_ICCN:
		sside_avps(tr, s, ss, li, f, r);
		sess_apply(tr, s, ss, L2SE_XRP_OK, r->ts_ns,
		    "ICRP received, ICCN sent", r);
		if (s->e->state[!ss] == L2S_WAIT_CONNECT)
			sess_apply(tr, s, !ss, L2SE_XCN_OK, r->ts_ns,
			    "ICCN received", r);
		break;
	case MT_OCCN:
		sside_avps(tr, s, ss, li, f, r);
		sess_apply(tr, s, ss, L2SE_CALL_PLACED, r->ts_ns,
		    "call placed, OCCN sent", r);
		if (s->e->state[!ss] == L2S_WAIT_CONNECT)
			sess_apply(tr, s, !ss, L2SE_XCN, r->ts_ns,
			    "OCCN received", r);
		break;
	case MT_ICRQ:
	case MT_OCRQ:	/* a second request for a known session */
		sess_apply(tr, s, ss, L2SE_XRQ, r->ts_ns, li->msg_type ==
		    MT_ICRQ ? "ICRQ sent again" : "OCRQ sent again", r);
		break;
	case MT_CDN:
		s->have_cdn = 1;
		s->cdn_side = (uint8_t)ss;
		s->cdn_result = li->result;
		s->cdn_error = li->error;
		s->cdn_ev = *r;
		if (f->msg != NULL)
			track_str_setf(tr->t, &s->cdn_msg, L2T_MSG, "%.*s",
			    (int)f->msg_len, (const char *)f->msg);
		snprintf(cause, sizeof(cause), "CDN sent, result %u",
		    li->result == L2TP_NONE16 ? 0 : li->result);
		track_str_setf(tr->t, &s->close_reason, L2T_MSG, "CDN from %s",
		    ss == 0 ? "initiator" : "responder");
		if (ss == 1 && s->e->state[1] == L2S_IDLE)
			/* recv ICRQ/OCRQ, not acceptable: send CDN */
			sess_apply(tr, s, ss, L2SE_XRQ_BAD, r->ts_ns, cause, r);
		else
			sess_apply(tr, s, ss, L2SE_CLOSE, r->ts_ns, cause, r);
		sess_apply(tr, s, !ss, L2SE_CDN, r->ts_ns, "CDN received", r);
		break;
	case MT_SLI:
		if (f->have_cs) {
			uint16_t old = s->s[ss].circuit;

			sside_avps(tr, s, ss, li, f, r);
			if (old != f->cs)
				change(tr, s->e, ss, s->e->state[ss], r->ts_ns,
				    f->cs & 1 ? "SLI: circuit up" :
				    "SLI: circuit down", r, 0);
		}
		break;
	case MT_WEN:
		if (f->have_wen) {
			struct l2t_rare *x = l2t_rare_mut(&s->s[ss]);

			if (x != NULL) {
				memcpy(x->wen, f->wen, sizeof(f->wen));
				x->nwen++;
			}
		}
		break;
	default:
		break;
	}
	track_mark_dirty(tr->t, s->e);
}

/* ---- control messages ---- */

static struct l2t_ctl *
ctl_find(struct l2tp_tracker *tr, const struct l2tp_ep *ep,
    const struct l2tp_info *li, const struct evref *r, struct track_memo *m)
{
	uint8_t k[40], pk[40];
	size_t n, pn;
	struct entity *e;
	struct l2t_ctl *c;

	if (li->msg_type == MT_SCCRQ && !li->zlb) {
		n = key_dir(k, 'C', ep->transport, &ep->src, &ep->dst,
		    li->assigned_ccid);
		e = track_lookup(tr->t, EK_L2TP_CTL, k, n);
		c = l2t_ctl_of(e);
		if (c != NULL && c->e->state[0] != L2C_CLOSED &&
		    addr_eq(&c->addr[0], &ep->src))
			return c;
		c = ctl_new(tr, ep, 1, k, n, r, li->assigned_ccid);
		if (c != NULL) {
			c->initiator_known = 1;
			c->s[0].ccid = li->assigned_ccid;
			ctl_name(c);
			abandon_earlier(tr, c, r);
		}
		return c;
	}
	n = key_dir(k, 'C', ep->transport, &ep->dst, &ep->src, li->ccid);
	if (li->ccid != 0) {
		/* Hellos and ACKs: the conversation table's record
		 * remembers the answer (m may be NULL) */
		e = m != NULL ? track_lookup_memo(tr->t, EK_L2TP_CTL, k, n, m) :
		    track_lookup(tr->t, EK_L2TP_CTL, k, n);
		if ((c = l2t_ctl_of(e)) != NULL)
			return c;
	}
	/* StopCCN to a peer whose CCID is unknown carries header CCID 0
	 * and the sender's own Assigned CCID (§5.4.3) */
	if (li->ccid == 0 && li->assigned_ccid != 0) {
		uint8_t k2[40];
		size_t n2 = key_dir(k2, 'C', ep->transport, &ep->src, &ep->dst,
		    li->assigned_ccid);

		if ((c = l2t_ctl_of(track_lookup(tr->t, EK_L2TP_CTL, k2,
		    n2))) != NULL)
			return c;
	}
	/* the newest connection between the two, if its CCID for this
	 * recipient is still unknown (joined late, or first reply) */
	pn = key_pair(pk, ep->transport, &ep->src, &ep->dst);
	c = l2t_ctl_of(track_lookup(tr->t, EK_L2TP_CTL, pk, pn));
	if (c != NULL && !c->static_tunnel) {
		unsigned rs = side_of(c, &ep->dst, ep->dport);

		if (li->msg_type == MT_SCCRP && rs == 0 && c->s[0].ccid ==
		    li->ccid && c->e->state[1] == L2C_IDLE)
			return c;
		if (c->s[rs].ccid == 0 && li->msg_type != MT_SCCRP &&
		    c->e->state[rs] != L2C_CLOSED &&
		    (c->joined_late || c->have_sccrp)) {
			if (li->ccid != 0) {
				c->s[rs].ccid = li->ccid;
				track_add_key(tr->t, c->e, k, n);
				ctl_name(c);
			}
			return c;
		}
	}
	if (c != NULL && c->static_tunnel) {
		/* a control plane appears for a tunnel first seen as data */
		c->static_tunnel = 0;
		c->joined_late = 1;
		c->s[side_of(c, &ep->dst, ep->dport)].ccid = li->ccid;
		if (li->ccid != 0)
			track_add_key(tr->t, c->e, k, n);
		ctl_name(c);
		return c;
	}
	/* first seen mid-life (or an SCCRP whose SCCRQ was not captured):
	 * side 0 is the initiator when it can be told, else the sender */
	c = ctl_new(tr, ep, li->msg_type != MT_SCCRP, k, n, r, li->ccid);
	if (c == NULL)
		return NULL;
	if (li->msg_type == MT_SCCRP) {
		c->s[0].ccid = li->ccid;
		c->initiator_known = 1;
	} else {
		c->s[1].ccid = li->ccid;
	}
	c->joined_late = 1;
	ctl_name(c);
	return c;
}

/*
 * Was this frame captured on its sender's own link?  An IP TTL / hop
 * limit still at a usual initial value (64, 128, 255) says so; a
 * decremented one says the packet crossed routers toward its receiver.
 */
static int
sent_here(const struct packet *p, unsigned li)
{
	while (li-- > 0) {
		const struct layer *l = &p->layers[li];

		if (l->proto == PROTO_IPV4)
			return l->u.ipv4.ttl == 64 || l->u.ipv4.ttl == 128 ||
			    l->u.ipv4.ttl == 255;
		if (l->proto == PROTO_IPV6)
			return l->u.ipv6.hlim == 64 || l->u.ipv6.hlim == 128 ||
			    l->u.ipv6.hlim == 255;
	}
	return 1;
}

/* Other attempts between the same two LCCEs (related, transitively). */
size_t
l2t_pair_members(struct entity *e, struct entity **out, size_t max)
{
	size_t n = 0, i;
	unsigned k;

	if (max == 0)
		return 0;
	out[n++] = e;
	for (i = 0; i < n; i++)
		for (k = 0; k < out[i]->nrelated; k++) {
			struct entity *x = out[i]->related[k];
			size_t j;

			if (x == NULL || x->kind != EK_L2TP_CTL)
				continue;
			for (j = 0; j < n; j++)
				if (out[j] == x)
					break;
			if (j == n && n < max)
				out[n++] = x;
		}
	return n;
}

/* side of c answered another connection's SCCRQ: the attempts it had
 * opened itself toward the same peer lost the tie (§7.2 wait-ctl-reply,
 * recv SCCRQ, lose tie breaker: clean up losing connection). */
static void
tie_lost(struct l2tp_tracker *tr, struct l2t_ctl *c, unsigned side,
    const struct evref *r)
{
	struct entity *m[32];
	size_t n = l2t_pair_members(c->e, m, 32), i;
	char cause[TRACK_CAUSE_MAX];

	for (i = 0; i < n; i++) {
		struct l2t_ctl *x = l2t_ctl_of(m[i]);

		if (x == NULL || x == c || !x->initiator_known ||
		    !l2t_addr_eq(&x->addr[0], &c->addr[side]) ||
		    m[i]->state[0] != L2C_WAIT_CTL_REPLY)
			continue;
		x->tie_lost = 1;
		snprintf(cause, sizeof(cause), "lost tie breaker: answered "
		    "CCID %u instead", c->s[!side].ccid);
		ctl_apply(tr, x, 0, L2CE_SCCRQ_LOSE_OK, r->ts_ns, cause, r, 0);
		track_mark_dirty(tr->t, m[i]);
	}
}

/* A new SCCRQ from an initiator whose earlier attempt to the same peer
 * was never answered: that attempt was given up (inferred). */
static void
abandon_earlier(struct l2tp_tracker *tr, struct l2t_ctl *c,
    const struct evref *r)
{
	struct entity *m[32];
	size_t n = l2t_pair_members(c->e, m, 32), i;
	char cause[TRACK_CAUSE_MAX];

	for (i = 0; i < n; i++) {
		struct l2t_ctl *x = l2t_ctl_of(m[i]);
		int64_t ts;
		unsigned k;

		if (x == NULL || x == c || !x->initiator_known ||
		    !l2t_addr_eq(&x->addr[0], &c->addr[0]) ||
		    m[i]->state[0] != L2C_WAIT_CTL_REPLY || x->have_sccrp)
			continue;
		/* the next retransmission that never came */
		ts = x->sccrq_last.ts_ns;
		k = x->nsccrq_ev;
		if (k >= 2)
			ts += x->sccrq_ev[k - 1].ts_ns - x->sccrq_ev[k - 2].ts_ns;
		if (ts > r->ts_ns)
			ts = r->ts_ns;
		x->abandoned = 1;
		snprintf(cause, sizeof(cause), "retries exhausted: new attempt "
		    "with CCID %u", c->s[0].ccid);
		/* the retransmission limit is a timer, not a table row */
		if (x->closed_ts == 0)
			x->closed_ts = ts;
		change(tr, m[i], 0, L2C_CLOSED, ts, cause, NULL, TR_INFERRED);
		track_mark_dirty(tr->t, m[i]);
	}
}

static void
joined_late_state(struct l2tp_tracker *tr, struct l2t_ctl *c,
    const struct l2tp_info *li, const struct evref *r)
{
	char cause[TRACK_CAUSE_MAX];
	const char *m = li->zlb ? "ZLB" : l2tp_msg_short(li->msg_type);
	unsigned i;

	if (!c->joined_late || li->msg_type == MT_SCCRP ||
	    li->msg_type == MT_STOPCCN || li->ccid == 0)
		return;		/* CCID 0: not inside a connection yet */
	snprintf(cause, sizeof(cause), "joined late: %s seen",
	    m != NULL ? m : "message");
	for (i = 0; i < 2; i++)
		if (c->e->state[i] == L2C_IDLE) {
			if (c->established_ts == 0)
				c->established_ts = r->ts_ns;
			change(tr, c->e, i, L2C_ESTABLISHED, r->ts_ns, cause,
			    r, 0);
		}
}

/* A malformed AVP or header in this layer: its values are not trusted. */
static int
malformed_at(const struct packet *p, unsigned li)
{
	unsigned i;

	for (i = 0; i < p->nanom && i < PKT_MAX_ANOM; i++)
		if (p->anom[i].layer == li && p->anom[i].kind == AK_MALFORMED)
			return 1;
	return 0;
}

static void
control_event(struct l2tp_tracker *tr, const struct event *ev)
{
	const struct layer *l = ev->layer;
	const struct l2tp_info *li = &l->u.l2tp;
	struct evref r = evref_of(ev);
	struct avp_facts f;
	struct l2tp_ep ep;
	struct l2t_ctl *c;
	struct l2t_msg *m = NULL;
	enum sighting sg = SIGHT_NEW;
	unsigned side, li_idx = (unsigned)(l - ev->pkt->layers);
	char cause[TRACK_CAUSE_MAX];
	const char *mname;

	if (li->version != 3 || ev->depth != 0 ||
	    !l2tp_conv_endpoints(ev->pkt, li_idx, &ep))
		return;
	avp_facts(l, &f);
	if (l->status != DS_OK || malformed_at(ev->pkt, li_idx) ||
	    (li->msg_type == MT_SCCRQ && !li->zlb && li->assigned_ccid == 0))
		return;		/* the dissector's anomalies tell */
	if ((c = ctl_find(tr, &ep, li, &r, li->ccid != 0 ?
	    l2tp_conv_ctl_memo(tr->conv, ev, li->ccid) : NULL)) == NULL)
		return;
	track_seen(tr->t, c->e, &r);
	side = side_of(c, &ep.src, ep.sport);
	if (!l2t_addr_eq(&ep.src, &c->addr[side])) {
		evref_keep(&c->addr_mismatch_ev, &c->naddr_mismatch_ev,
		    L2T_MISMATCH_EV, &r);
		c->addr_mismatch++;
		c->other_addr = ep.src;
	}
	c->vantage_mask |= (uint8_t)(1u << (r.vantage < 8 ? r.vantage : 7));
	if (c->s[side].frames == 0)
		c->s[side].first = r;
	c->s[side].frames++;
	c->s[side].last = r;
	if (ep.sport != c->s[side].port && c->s[side].port != 0) {
		c->s[side].port_changed = 1;
		if (li->msg_type == MT_SCCRP && !c->reply_port_changed) {
			c->reply_port_changed = 1;
			c->port_change_ev = r;
		}
	}
	if (c->s[side].first_port == 0)
		c->s[side].first_port = ep.sport;
	c->s[side].port = ep.sport;
	if (li->zlb || li->msg_type == MT_ACK) {
		if (li->zlb)
			c->s[side].zlbs++;
		else
			c->s[side].acks++;
	} else {
		sg = sent_message(c, side, li, f.hash, &r, &m);
		if (sg == SIGHT_NEW)
			check_window(c, side, &r);
	}
	got_nr(tr, c, side, li->nr, &r);
	track_mark_dirty(tr->t, c->e);
	if (sg == SIGHT_OTHER_VANTAGE || sg == SIGHT_DUP)
		return;
	mname = l2tp_msg_short(li->msg_type);
	if (sg == SIGHT_RETRANS) {
		if (li->msg_type == MT_SCCRQ) {
			evref_keep(&c->sccrq_ev, &c->nsccrq_ev, L2T_SCCRQ, &r);
			c->nsccrq++;
			c->sccrq_last = r;
			change(tr, c->e, side, c->e->state[side], r.ts_ns,
			    "SCCRQ retransmitted", &r, 0);
		} else {
			if (li->msg_type == MT_HELLO) {
				int64_t d;

				c->s[side].hello_retrans++;
				/* give the last retransmission its own wait */
				if (c->s[side].hello_unacked &&
				    track_timer_get(tr->t, c->e, side ?
				    TIMER_HELLO1 : TIMER_HELLO0, &d) &&
				    r.ts_ns + L2T_HELLO_RETRY_NS > d)
					track_timer_set(tr->t, c->e, side ?
					    TIMER_HELLO1 : TIMER_HELLO0, r.ts_ns +
					    L2T_HELLO_RETRY_NS, hello_timer, tr);
			}
			snprintf(cause, sizeof(cause), "%s retransmitted",
			    mname != NULL ? mname : "message");
			change(tr, c->e, side, c->e->state[side], r.ts_ns,
			    cause, &r, 0);
		}
		return;
	}
	if (li->zlb || li->msg_type == MT_ACK) {
		joined_late_state(tr, c, li, &r);
		return;
	}
	side_facts(tr, &c->s[side], li, l, &f);
	if (li->assigned_ccid != 0 && li->msg_type != MT_SCCRQ &&
	    c->s[side].ccid == 0) {
		uint8_t k[40];
		size_t n = key_dir(k, 'C', c->transport, &c->addr[side],
		    &c->addr[!side], li->assigned_ccid);

		c->s[side].ccid = li->assigned_ccid;
		track_add_key(tr->t, c->e, k, n);
		ctl_name(c);
	}
	switch (li->msg_type) {
	case MT_SCCRQ:
		evref_keep(&c->sccrq_ev, &c->nsccrq_ev, L2T_SCCRQ, &r);
		if (c->nsccrq == 0) {
			c->sccrq_first = r;
			c->sccrq_ns = li->ns;
		} else if (li->ns != c->sccrq_ns)
			c->sccrq_ns_varied = 1;
		c->nsccrq++;
		c->sccrq_last = r;
		if (c->e->state[side] == L2C_WAIT_CTL_REPLY)
			change(tr, c->e, side, L2C_WAIT_CTL_REPLY, r.ts_ns,
			    "SCCRQ retransmitted", &r, 0);
		else
			ctl_apply(tr, c, side, L2CE_OPEN, r.ts_ns,
			    "SCCRQ sent", &r, 0);
		break;
	case MT_SCCRP:
		c->have_sccrp = 1;
		c->sccrp_ev = r;
		tie_lost(tr, c, side, &r);
		if (c->e->state[side] == L2C_WAIT_CTL_REPLY)
			ctl_apply(tr, c, side, L2CE_SCCRQ_LOSE_OK, r.ts_ns,
			    "SCCRQ received (lost tie), SCCRP sent", &r, 0);
		else
			ctl_apply(tr, c, side, L2CE_SCCRQ_OK, r.ts_ns,
			    "SCCRQ received, SCCRP sent", &r, 0);
		break;
	case MT_SCCCN:
		c->have_scccn = 1;
		c->scccn_ev = r;
		ctl_apply(tr, c, side, c->e->state[side] == L2C_WAIT_CTL_REPLY ?
		    L2CE_SCCRP_OK : L2CE_SCCRP, r.ts_ns,
		    "SCCRP received, SCCCN sent", &r, 0);
		/* delivered messages move their receiver when seen; a
		 * receiver that rejects it answers with a StopCCN */
		if (c->e->state[!side] == L2C_WAIT_CTL_CONN)
			ctl_apply(tr, c, !side, L2CE_SCCCN_OK, r.ts_ns,
			    "SCCCN received", &r, 0);
		break;
	case MT_STOPCCN: {
		unsigned st = c->e->state[side], evn = L2CE_CLOSE;

		c->have_stop = 1;
		c->stop_side = (uint8_t)side;
		c->stop_state = (uint8_t)st;
		c->stop_result = li->result;
		c->stop_error = li->error;
		c->stop_ev = r;
		c->stop_after_hello = c->s[side].hello_unacked;
		if (f.msg != NULL)
			track_str_setf(tr->t, &c->stop_msg, L2T_MSG, "%.*s",
			    (int)f.msg_len, (const char *)f.msg);
		if (st == L2C_WAIT_CTL_REPLY && c->have_sccrp)
			evn = L2CE_SCCRP_BAD;
		else if (st == L2C_IDLE && c->s[!side].msgs > 0)
			evn = L2CE_SCCRQ_BAD;
		else if (st == L2C_WAIT_CTL_CONN)
			evn = L2CE_SCCCN_BAD;
		snprintf(cause, sizeof(cause), "StopCCN sent, result %u",
		    li->result == L2TP_NONE16 ? 0 : li->result);
		track_str_setf(tr->t, &c->close_reason, L2T_MSG,
		    "StopCCN from %s, result %u",
		    side == 0 ? "initiator" : "responder",
		    li->result == L2TP_NONE16 ? 0 : li->result);
		if (st == L2C_WAIT_CTL_REPLY && li->result == 3 &&
		    c->s[!side].msgs > 0)
			c->tie_lost = 1;
		if (st == L2C_CLOSED)
			change(tr, c->e, side, L2C_CLOSED, r.ts_ns, cause, &r,
			    0);
		else
			ctl_apply(tr, c, side, evn, r.ts_ns, cause, &r, 0);
		/* the peer took it if it acknowledges it, or if the frame
		 * was captured after hops (near the receiver) */
		if (sent_here(ev->pkt, li_idx) && (c->s[side].hello_unacked ||
		    c->s[side].retrans > 0))
			/* an unresponsive peer: closed when it acknowledges */
			pend_add(c, MT_STOPCCN, !side, li->ns, NULL, &r);
		else
			ctl_apply(tr, c, !side, L2CE_STOPCCN, r.ts_ns,
			    "StopCCN received", &r, 0);
		break;
	}
	case MT_HELLO: {
		struct l2t_side *s = &c->s[side];

		joined_late_state(tr, c, li, &r);
		if (s->hellos == 0)
			s->hello_first = r;
		else {
			int64_t g = r.ts_ns - s->hello_last;

			if (g < s->hello_gap_min)
				s->hello_gap_min = g;
			if (g > s->hello_gap_max)
				s->hello_gap_max = g;
			s->hello_gaps++;
		}
		s->hellos++;
		s->hello_last = r.ts_ns;
		s->hello_last_ev = r;
		s->hello_unacked = 1;
		s->hello_unacked_ns = li->ns;
		s->hello_unacked_ev = r;
		track_timer_set(tr->t, c->e, side ? TIMER_HELLO1 :
		    TIMER_HELLO0, r.ts_ns + L2T_HELLO_WAIT_NS, hello_timer,
		    tr);
		break;
	}
	case MT_ICRQ: case MT_ICRP: case MT_ICCN: case MT_OCRQ:
	case MT_OCRP: case MT_OCCN: case MT_CDN: case MT_SLI: case MT_WEN:
		joined_late_state(tr, c, li, &r);
		/* session messages come only from an established LCCE: the
		 * SCCCN (or its acknowledgement) was not captured */
		if (c->e->state[side] == L2C_WAIT_CTL_REPLY ||
		    c->e->state[side] == L2C_WAIT_CTL_CONN) {
			snprintf(cause, sizeof(cause), "%s sent (SCCCN not "
			    "captured)", mname != NULL ? mname : "message");
			if (c->established_ts == 0)
				c->established_ts = r.ts_ns;
			change(tr, c->e, side, L2C_ESTABLISHED, r.ts_ns, cause,
			    &r, 0);
		}
		session_message(tr, c, side, li, &f, &r);
		break;
	default:
		joined_late_state(tr, c, li, &r);
		break;
	}
}

/* ---- data messages ---- */

static struct l2t_ctl *
static_ctl(struct l2tp_tracker *tr, const struct l2tp_ep *ep,
    const struct evref *r)
{
	uint8_t pk[40];
	size_t pn = key_pair(pk, ep->transport, &ep->src, &ep->dst);
	struct l2t_ctl *c = l2t_ctl_of(track_lookup(tr->t, EK_L2TP_CTL, pk,
	    pn));
	unsigned i;

	if (c != NULL)
		return c;
	if ((c = ctl_new(tr, ep, 1, pk, pn, r, 0)) == NULL)
		return NULL;
	c->static_tunnel = 1;
	ctl_name(c);
	for (i = 0; i < 2; i++)
		change(tr, c->e, i, L2C_ESTABLISHED, r->ts_ns,
		    "data without a control plane (static tunnel)", r, 0);
	c->established_ts = r->ts_ns;
	return c;
}

/* Cookie bytes at the start of a data message's payload (cursor-read). */
static int
data_cookie(const struct layer *l, unsigned len, uint8_t *out)
{
	const struct l2tp_info *li = &l->u.l2tp;
	struct cursor c = cur_make(l->base, l->off + l->cap, l->off + l->len);
	const uint8_t *p;

	c.pos = l->off + (li->over_ip ? 4 : 8);
	if (c.pos > c.cap || (p = cur_bytes(&c, len)) == NULL)
		return 0;
	memcpy(out, p, len);
	return 1;
}

static int
payload_score(const struct layer *l, unsigned cookie, unsigned l2ss, int *max)
{
	const struct l2tp_info *li = &l->u.l2tp;
	size_t start = l->off + (li->over_ip ? 4 : 8), end = l->off + l->cap;

	*max = 1;
	if (start >= end)
		return -1;
	return l2tp_infer_score(l->base + start, end - start, cookie, l2ss,
	    max);
}

/* Sessions of a static tunnel searched for a missing direction. */
#define L2T_STATIC_SCAN	64

/*
 * A data packet or inner frame of session s was counted.  The rules see
 * the session again only when something they test changed (news: first
 * data one way, early or mismatched data, a new inner address), or when
 * it already has a finding, whose text quotes the packet counts.  Marking
 * it for every packet made each rules pass walk every busy session.  The
 * final pass sees everything whatever was marked.
 */
static void
sess_changed(struct l2tp_tracker *tr, struct l2t_sess *s, int news)
{
	if (news || s->e->findings != NULL)
		track_mark_dirty(tr->t, s->e);
}

static void
data_event(struct l2tp_tracker *tr, const struct event *ev)
{
	const struct layer *l = ev->layer;
	const struct l2tp_info *li = &l->u.l2tp;
	struct evref r = evref_of(ev);
	struct l2tp_ep ep;
	struct entity *e;
	struct l2t_ctl *c;
	struct l2t_sess *s;
	struct l2t_sside *d;
	unsigned li_idx = (unsigned)(l - ev->pkt->layers), rs, ss, k;
	uint8_t ck[8];
	int news;
	struct track_memo *m = l2tp_conv_data_memo(tr->conv, ev);

	tr->cur_sess = NULL;
	if (li->version != 3 || ev->depth != 0 ||
	    !l2tp_conv_endpoints(ev->pkt, li_idx, &ep))
		return;
	e = sess_lookup_memo(tr, m, &ep, li->session_id);
	s = l2t_sess_of(e);
	c = s != NULL ? l2t_ctl_of(e->parent) : NULL;
	if (s == NULL || c == NULL) {
		uint8_t pk[40];
		size_t pn = key_pair(pk, ep.transport, &ep.src, &ep.dst);

		c = l2t_ctl_of(track_lookup(tr->t, EK_L2TP_CTL, pk, pn));
		if (c != NULL && !c->static_tunnel && !c->joined_late) {
			/* the control plane was seen: never negotiated */
			if (c->unknown_data == 0) {
				c->unknown_ev = r;
				c->unknown_sid = li->session_id;
			}
			c->unknown_data++;
			track_seen(tr->t, c->e, &r);
			track_mark_dirty(tr->t, c->e);
			return;
		}
		if (c == NULL && (c = static_ctl(tr, &ep, &r)) == NULL)
			return;
		rs = side_of(c, &ep.dst, ep.dport);
		/* a static session: the other direction joins the one
		 * session of this tunnel still missing it; only the newest
		 * L2T_STATIC_SCAN are looked at (children are newest first)
		 * so that a flood of unknown Session IDs stays linear */
		s = NULL;
		k = 0;
		for (e = c->e->child; e != NULL && k < L2T_STATIC_SCAN;
		    e = e->sibling, k++) {
			struct l2t_sess *x = l2t_sess_of(e);

			if (x != NULL && x->static_sess &&
			    x->s[1].sid == UINT32_MAX && x->cside0 != rs) {
				s = x;
				break;
			}
		}
		if (s != NULL) {
			s->s[1].sid = li->session_id;
			sess_add_key(tr, s->e, c->transport, &ep.dst, &ep.src,
			    li->session_id);
			sess_name(s, c);
		} else {
			if ((s = sess_new(tr, c, rs, li->session_id, &r)) ==
			    NULL)
				return;
			s->static_sess = 1;
			change(tr, s->e, 0, L2S_ESTABLISHED, r.ts_ns,
			    c->static_tunnel ? "data (static session)" :
			    "joined late: data seen", &r, 0);
			change(tr, s->e, 1, L2S_ESTABLISHED, r.ts_ns,
			    c->static_tunnel ? "data (static session)" :
			    "joined late: data seen", &r, 0);
			s->established_ts = r.ts_ns;
		}
	}
	/* c->e is s->e->parent, and the direction's side is remembered
	 * with the lookup: a known session's data need not read c */
	track_seen(tr->t, s->e->parent, &r);
	track_seen(tr->t, s->e, &r);
	if (m != NULL && m->e == s->e && m->aux != 0 && s->side_by_addr)
		ss = m->aux - 1u;
	else {
		rs = side_of(c, &ep.dst, ep.dport);
		ss = rs == s->cside0 ? 0 : 1;
		if (m != NULL && m->e == s->e)
			m->aux = (uint8_t)(ss + 1);
	}
	d = &s->s[ss];
	news = d->rx_pkts == 0;
	if (d->rx_pkts == 0) {
		d->rx_first = r.ts_ns;
		d->rx_first_ev = r;
	}
	d->rx_pkts++;
	d->rx_octets += l->len;
	d->rx_last = r.ts_ns;
	if (!s->static_sess) {
		unsigned snd = !ss;

		/* an ICRP sender sending data took the ICCN */
		if (s->e->state[snd] == L2S_WAIT_CONNECT &&
		    s->e->state[ss] == L2S_ESTABLISHED)
			sess_apply(tr, s, snd, L2SE_XCN_OK, r.ts_ns,
			    "ICCN received (sends data)", &r);
		if (s->e->state[snd] != L2S_ESTABLISHED) {
			struct l2t_rare *x;

			if (d->early == 0 && (x = l2t_rare_mut(d)) != NULL)
				x->early_ev = r;
			d->early++;
			news = 1;
		}
	}
	/* data to side ss must carry the cookie ss asked for (§5.4.4) */
	if (d->have_avps && d->cookie_len > 0 &&
	    data_cookie(l, d->cookie_len, ck) &&
	    memcmp(ck, d->cookie, d->cookie_len) != 0) {
		struct l2t_rare *x;

		if (d->cookie_bad == 0 && (x = l2t_rare_mut(d)) != NULL) {
			x->cookie_bad_ev = r;
			memcpy(x->bad_cookie, ck, d->cookie_len);
			x->bad_cookie_len = d->cookie_len;
		}
		d->cookie_bad++;
		news = 1;
	}
	/* L2SS presence: the negotiated layout reads badly, the other
	 * L2SS choice reads as Ethernet */
	if (d->have_avps && (s->pw_type == 4 || s->pw_type == 5) &&
	    d->cookie_bad == 0) {
		int mx1, mx2, a = payload_score(l, d->cookie_len,
		    d->l2ss ? 1 : 0, &mx1), b = -1;

		/* the other reading only when this one reads badly */
		if (a >= 0 && a * 2 < mx1)
			b = payload_score(l, d->cookie_len, d->l2ss ? 0 : 1,
			    &mx2);
		if (b >= 0 && b * 4 >= mx2 * 3) {
			struct l2t_rare *x;

			if (d->l2ss_bad == 0 && (x = l2t_rare_mut(d)) != NULL)
				x->l2ss_bad_ev = r;
			d->l2ss_bad++;
			news = 1;
		}
	}
	tr->cur_sess = s->e;
	tr->cur_frame = r.frame;
	tr->cur_vantage = r.vantage;
	sess_changed(tr, s, news);
}

/* ---- inner frames and outer facts ---- */

/* The last two inner[] entries hit, copied into the session record. */
static void
inner_mirror(struct l2t_sess *s)
{
	unsigned h;

	for (h = 0; h < 2; h++)
		if (s->inner_hint[h] < s->ninner) {
			s->hint_addr[h] = s->inner[s->inner_hint[h]].addr;
			s->hint_how[h] = s->inner[s->inner_hint[h]].how;
		}
}

/* ---- hosts past the lists (struct l2t_more) ---- */

#define MORE_V4		(1ull << 32)
#define MORE_V6		(1ull << 63)
#define MORE_HOW_SHIFT	40

/* the address part of a stored key */
static uint64_t
more_id(uint64_t k)
{
	return (k & MORE_V6) ? k : k & (MORE_V4 | 0xffffffffull);
}

/* An IPv6 address's key: 64-bit FNV-1a, tagged. */
static uint64_t
more6_key(const uint8_t *a)
{
	uint64_t h = 14695981039346656037ull;
	unsigned i;

	for (i = 0; i < 16; i++)
		h = (h ^ a[i]) * 1099511628211ull;
	return h | MORE_V6;
}

/*
 * Count a host the session's lists have no room for; how: the L2TI_*
 * ways an IPv4 address was seen (0 for IPv6).  1 when it is new, or new
 * that way, or cannot be told (no memory, set full): as inner_add, the
 * caller then checks it.
 */
int
l2t_more_add(struct l2t_sess *s, uint64_t key, uint8_t how)
{
	struct l2t_more *m = s->more;
	uint64_t have;
	unsigned i, n;

	if (m == NULL) {
		if ((m = calloc(1, sizeof(*m))) == NULL)
			return 1;
		s->more = m;
	}
	i = (unsigned)((key * 0x9e3779b97f4a7c15ull) >> 57) & (L2T_MORE - 1);
	for (n = 0; n < L2T_MORE && m->key[i] != 0; n++) {
		if (more_id(m->key[i]) == key) {
			have = (m->key[i] >> MORE_HOW_SHIFT) & 0xff;
			if ((have & how) == how)
				return 0;
			m->key[i] |= (uint64_t)how << MORE_HOW_SHIFT;
			return 1;
		}
		i = (i + 1) & (L2T_MORE - 1);
	}
	if (m->n >= L2T_MORE / 4 * 3) {
		m->full = 1;
		return 1;
	}
	m->key[i] = key | (uint64_t)how << MORE_HOW_SHIFT;
	m->n++;
	return 1;
}

/* Hosts counted past the lists; *lower_bound: more were not counted. */
unsigned
l2t_more_count(const struct l2t_sess *s, int *lower_bound)
{
	*lower_bound = s->more != NULL && s->more->full;
	return s->more != NULL ? s->more->n : 0;
}

/* Record an inner address; 0 when it was already known that way (then
 * inner_check, called with the same arguments before, has nothing new).
 * Most frames repeat the last two addresses: try those first. */
static int
inner_add(struct l2t_sess *s, uint32_t a, uint8_t how, const struct evref *r)
{
	unsigned i, h;

	/* the last two, known that way: answered from the session record
	 * without reading inner[] (another allocation, another miss) */
	if (how != 0)
		for (h = 0; h < 2; h++)
			if (s->inner_hint[h] < s->ninner &&
			    s->hint_addr[h] == a &&
			    (s->hint_how[h] & how) == how)
				return 0;
	for (h = 0; h < 2; h++) {
		i = s->inner_hint[h];
		if (i < s->ninner && s->inner[i].addr == a)
			goto found;
	}
	for (i = 0; i < s->ninner; i++)
		if (s->inner[i].addr == a)
			goto found;
	if (s->ninner == s->inner_cap && s->inner_cap < L2T_INNER) {
		unsigned cap = s->inner_cap ? s->inner_cap * 2u : 4u;
		struct l2t_inner *n = realloc(s->inner, cap * sizeof(*n));

		if (n != NULL) {
			s->inner = n;
			s->inner_cap = (uint8_t)(cap > L2T_INNER ? L2T_INNER :
			    cap);
		}
	}
	if (s->ninner >= s->inner_cap)
		return l2t_more_add(s, MORE_V4 | a, how);
	s->inner[s->ninner].addr = a;
	s->inner[s->ninner].how = how;
	s->inner[s->ninner].ev = *r;
	i = s->ninner++;
	how = 0;		/* new: always reported */
found:
	if (s->inner_hint[0] != i) {
		s->inner_hint[1] = s->inner_hint[0];
		s->inner_hint[0] = (uint8_t)i;
	}
	if (how != 0 && (s->inner[i].how & how) == how) {
		inner_mirror(s);
		return 0;
	}
	s->inner[i].how |= how;
	inner_mirror(s);
	return 1;
}

const struct l2t_epfact *
l2t_epfact_find(const struct l2tp_tracker *tr, uint8_t transport,
    const struct ts_addr *x, const struct ts_addr *y, const struct ts_addr *ep)
{
	const struct ts_addr *lo = addr_cmp(x, y) <= 0 ? x : y;
	const struct ts_addr *hi = lo == x ? y : x;
	unsigned i;

	for (i = 0; i < tr->nepf; i++) {
		const struct l2t_epfact *f = &tr->epf[i];

		if (f->used && f->transport == transport &&
		    addr_eq(&f->endpoint, ep) && addr_eq(&f->x, lo) &&
		    addr_eq(&f->y, hi))
			return f;
	}
	return NULL;
}

static void
epfact_note(struct l2tp_tracker *tr, const struct l2t_ctl *c,
    const struct l2t_sess *s, const struct ts_addr *ep, uint8_t how,
    const struct ts_addr *net, uint8_t plen, const struct evref *r)
{
	struct l2t_epfact *f = (struct l2t_epfact *)l2t_epfact_find(tr,
	    c->transport, &c->addr[0], &c->addr[1], ep);

	if (f == NULL) {
		if (tr->nepf >= L2T_EPFACTS)
			return;		/* bounded; the first ones tell */
		f = &tr->epf[tr->nepf++];
		memset(f, 0, sizeof(*f));
		f->used = 1;
		f->transport = c->transport;
		f->x = addr_cmp(&c->addr[0], &c->addr[1]) <= 0 ? c->addr[0] :
		    c->addr[1];
		f->y = addr_cmp(&c->addr[0], &c->addr[1]) <= 0 ? c->addr[1] :
		    c->addr[0];
		f->endpoint = *ep;
	}
	if ((how & ~L2TI_IN_BLOCK) && !(f->how & ~L2TI_IN_BLOCK)) {
		f->ev = *r;
		snprintf(f->sess_name, sizeof(f->sess_name), "%s",
		    s->e->name);
	}
	if ((how & L2TI_IN_BLOCK) && (!(f->how & L2TI_IN_BLOCK) ||
	    plen < f->plen)) {
		if (!(f->how & L2TI_IN_BLOCK)) {
			f->block_ev = *r;
			snprintf(f->block_sess, sizeof(f->block_sess), "%s",
			    s->e->name);
		}
		if (net != NULL)
			f->net = *net;
		f->plen = plen;
	}
	f->how |= how;
}

/* Is an inner address one of the tunnel's own endpoints? */
static void
inner_check(struct l2tp_tracker *tr, const struct l2t_sess *s, uint32_t a,
    uint8_t how, const struct evref *r)
{
	const struct l2t_ctl *c = l2t_ctl_of(s->e->parent);
	unsigned i;

	if (c == NULL)
		return;
	for (i = 0; i < 2; i++) {
		const struct ts_addr *x = &c->addr[i];
		uint32_t ep;

		if (x->af != 4)
			continue;
		ep = (uint32_t)x->a[0] << 24 | (uint32_t)x->a[1] << 16 |
		    (uint32_t)x->a[2] << 8 | x->a[3];
		if (ep == a)
			epfact_note(tr, c, s, x, how, NULL, 0, r);
	}
}

/* Hosts that ARP each other are on one link: the smallest block holding
 * them all is inside their subnet; is an endpoint in that block? */
static void
block_check(struct l2tp_tracker *tr, const struct l2t_sess *s,
    const struct evref *r)
{
	const struct l2t_ctl *c = l2t_ctl_of(s->e->parent);
	uint32_t diff, mask, net;
	unsigned plen = 32, i;
	struct ts_addr na;

	if (c == NULL || s->arp_min == UINT32_MAX)
		return;
	diff = s->arp_min ^ s->arp_max;
	while (diff != 0) {
		diff >>= 1;
		plen--;
	}
	if (plen < 16 || plen > 30)	/* one host, or not a subnet */
		return;
	mask = ~0u << (32 - plen);
	net = s->arp_min & mask;
	v4addr(&na, net);
	for (i = 0; i < 2; i++) {
		const struct ts_addr *x = &c->addr[i];
		uint32_t ep;

		if (x->af != 4)
			continue;
		ep = (uint32_t)x->a[0] << 24 | (uint32_t)x->a[1] << 16 |
		    (uint32_t)x->a[2] << 8 | x->a[3];
		if ((ep & mask) == net)
			epfact_note(tr, c, s, x, L2TI_IN_BLOCK, &na,
			    (uint8_t)plen, r);
	}
}

int
l2t_v6_same64(const uint8_t *a, const uint8_t *b)
{
	return memcmp(a, b, 8) == 0;
}

int
l2t_v6_subnet_addr(const uint8_t *a)
{
	static const uint8_t zero[15];

	if (a[0] == 0xff)				/* multicast */
		return 0;
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)	/* link-local */
		return 0;
	return memcmp(a, zero, 15) != 0 || a[15] > 1;	/* ::, ::1 */
}

/*
 * An inner IPv6 address (source, destination, NS target) against the
 * tunnel's IPv6 endpoints: the endpoint itself, or an address in the
 * endpoint's /64.  IPv6 has no ARP block to learn a prefix length from;
 * a /64 is the subnet size of nearly every IPv6 link (RFC 4291 §2.5.4),
 * so the /64 of any inner host stands for the segment the tunnel extends.
 */
static int
inner6_check(struct l2tp_tracker *tr, struct l2t_sess *s, const uint8_t *a,
    uint8_t how, const struct evref *r)
{
	const struct l2t_ctl *c = l2t_ctl_of(s->e->parent);
	unsigned i;
	int news = 0;

	if (c == NULL || !l2t_v6_subnet_addr(a))
		return 0;
	for (i = 0; i < 2; i++) {
		const struct ts_addr *x = &c->addr[i];
		struct ts_addr net;
		uint8_t bits = 0;

		if (x->af != 6 || !l2t_v6_same64(x->a, a))
			continue;
		if (memcmp(x->a, a, 16) == 0)
			bits |= how;
		bits |= L2TI_IN_BLOCK;
		if ((bits & ~s->ep6_how[i]) == 0)
			continue;	/* known: the common case */
		s->ep6_how[i] |= bits;
		news = 1;
		if (bits & ~L2TI_IN_BLOCK)
			epfact_note(tr, c, s, x, bits & ~L2TI_IN_BLOCK, NULL,
			    0, r);
		memset(&net, 0, sizeof(net));
		net.af = 6;
		memcpy(net.a, a, 8);
		epfact_note(tr, c, s, x, L2TI_IN_BLOCK, &net, 64, r);
	}
	return news;
}

/*
 * The session's IPv6 host list (the summary's "inside:", the report's
 * inner_hosts): multicast and the unspecified address name no host;
 * link-local ones do.  Past L2T_INNER6 a sighting is only counted, as
 * for IPv4.
 */
void
l2t_inner6_add(struct l2t_sess *s, const uint8_t *a)
{
	static const uint8_t zero[16];
	unsigned i;

	if (a[0] == 0xff || memcmp(a, zero, 16) == 0)
		return;
	for (i = 0; i < s->ninner6; i++)
		if (memcmp(s->inner6[i], a, 16) == 0)
			return;
	if (s->ninner6 == s->inner6_cap && s->inner6_cap < L2T_INNER6) {
		unsigned cap = s->inner6_cap ? s->inner6_cap * 2u : 2u;
		uint8_t (*n)[16] = realloc(s->inner6, cap * sizeof(*n));

		if (n != NULL) {
			s->inner6 = n;
			s->inner6_cap = (uint8_t)(cap > L2T_INNER6 ?
			    L2T_INNER6 : cap);
		}
	}
	if (s->ninner6 >= s->inner6_cap) {
		(void)l2t_more_add(s, more6_key(a), 0);
		return;
	}
	memcpy(s->inner6[s->ninner6++], a, 16);
}

/* 1 when m is a new host address of the session */
static int
mac_add(struct l2t_sess *s, const uint8_t *m)
{
	unsigned i;

	if (m[0] & 1)	/* group addresses say nothing of hosts */
		return 0;
	for (i = 0; i < s->nmacs; i++)
		if (memcmp(s->macs[i], m, 6) == 0)
			return 0;
	if (s->nmacs >= L2T_MACS)
		return 0;
	memcpy(s->macs[s->nmacs++], m, 6);
	return 1;
}

/* A request to resolve tpa, from spa (sha), on an outer link: ARP, or
 * an ICMPv6 Neighbor Solicitation (nd). */
static void
arp0_add(struct l2tp_tracker *tr, const struct ts_addr *tpa,
    const struct ts_addr *spa, const uint8_t *sha, int nd,
    const struct evref *r)
{
	unsigned i;
	struct l2t_arp0 *x;

	for (i = 0; i < tr->narp0; i++) {
		x = &tr->arp0[i];
		if (addr_eq(&x->tpa, tpa) && addr_eq(&x->spa, spa) &&
		    x->vantage == r->vantage) {
			if (x->count < L2T_ARP_EV)
				x->ev[x->count] = *r;
			x->count++;
			x->last = *r;
			return;
		}
	}
	if (tr->narp0 < L2T_ARP0)
		x = &tr->arp0[tr->narp0++];
	else {
		x = &tr->arp0[tr->arp0_next];
		tr->arp0_next = (tr->arp0_next + 1) % L2T_ARP0;
	}
	x->tpa = *tpa;
	x->spa = *spa;
	x->nd = (uint8_t)(nd != 0);
	memcpy(x->sha, sha, 6);
	x->vantage = r->vantage;
	x->count = 1;
	x->first = x->last = x->ev[0] = *r;
}

/*
 * The largest inner TCP MSS that fits a 1500-byte underlay: 1500 minus
 * the outer IP and UDP headers, the L2TPv3 data header, cookie and L2SS,
 * the inner Ethernet header and tags, and 40 bytes of inner IP + TCP.
 */
static unsigned
mss_fit(const struct packet *p)
{
	unsigned i, over = 0;
	int seen_l2tp = 0;

	for (i = 0; i < p->nlayers; i++) {
		const struct layer *l = &p->layers[i];

		if (l->depth == 0 && !seen_l2tp) {
			if (l->proto == PROTO_IPV4)
				over = l->u.ipv4.ihl;
			else if (l->proto == PROTO_IPV6)
				over = 40;
			else if (l->proto == PROTO_UDP)
				over += 8;
			else if (l->proto == PROTO_L2TP &&
			    !l->u.l2tp.control) {
				const struct l2tp_info *li = &l->u.l2tp;

				seen_l2tp = 1;
				over += li->over_ip ? 4 : 8;
				if (li->cookie_len <= 8)
					over += li->cookie_len;
				if (li->l2ss == 1 || li->l2ss == 2)
					over += 4;
			}
		} else if (l->depth == 1) {
			if (l->proto == PROTO_ETH)
				over += 14;
			else if (l->proto == PROTO_VLAN)
				over += 4;
		}
	}
	return over + 40 < 1500 ? 1500 - over - 40 : 0;
}

/* Layer i (depth 0) of p: ARP requests and ICMPv6 Neighbor
 * Solicitations (RFC 4861 §4.3: the target is the address being
 * resolved, the IPv6 analogue of ARP who-has), and their answers. */
static void
outer_facts(struct l2tp_tracker *tr, const struct packet *p, unsigned i,
    const struct evref *r)
{
	const struct layer *l = &p->layers[i];
	struct ts_addr tpa, spa;
	const uint8_t *sha = NULL;
	static const uint8_t nomac[6];
	unsigned k;

	if (l->proto == PROTO_ARP && l->u.arp.eth_ipv4 &&
	    l->u.arp.op == 1) {
		v4addr(&tpa, l->u.arp.tpa);
		v4addr(&spa, l->u.arp.spa);
		arp0_add(tr, &tpa, &spa, l->u.arp.sha, 0, r);
	} else if (l->proto == PROTO_ARP && l->u.arp.eth_ipv4 &&
	    l->u.arp.op == 2) {
		v4addr(&spa, l->u.arp.spa);
		for (k = 0; k < tr->narp0; k++)
			if (addr_eq(&tr->arp0[k].tpa, &spa) &&
			    tr->arp0[k].vantage == r->vantage)
				tr->arp0[k].answered++;
	} else if (l->proto == PROTO_ICMPV6 && l->u.icmp.target.af == 6 &&
	    (l->u.icmp.type == 135 || l->u.icmp.type == 136)) {
		if (l->u.icmp.type == 136) {	/* NA */
			for (k = 0; k < tr->narp0; k++)
				if (addr_eq(&tr->arp0[k].tpa,
				    &l->u.icmp.target) &&
				    tr->arp0[k].vantage == r->vantage)
					tr->arp0[k].answered++;
			return;
		}
		memset(&spa, 0, sizeof(spa));
		for (k = i; k-- > 0;) {
			const struct layer *o = &p->layers[k];

			if (o->depth != 0)
				break;
			if (o->proto == PROTO_IPV6 && spa.af == 0) {
				spa.af = 6;
				memcpy(spa.a, o->u.ipv6.src, 16);
			} else if (o->proto == PROTO_ETH && sha == NULL)
				sha = o->u.eth.src;
		}
		if (spa.af == 6)
			arp0_add(tr, &l->u.icmp.target, &spa,
			    sha != NULL ? sha : nomac, 1, r);
	}
}

static void
frame_event(struct l2tp_tracker *tr, const struct event *ev)
{
	const struct packet *p = ev->pkt;
	struct evref r = evref_of(ev);
	struct l2t_sess *s = NULL;
	unsigned i;
	int l2tp = 0, news = 0;

	if (r.vantage < 32)
		tr->vantages_seen |= 1u << r.vantage;
	if (p->truncated) {	/* what the tunnels lose to snaplen */
		for (i = 0; i < p->nlayers; i++)
			if (p->layers[i].proto == PROTO_L2TP)
				l2tp = 1;
		if (l2tp) {
			if (tr->truncated_frames == 0)
				tr->truncated_first = r;
			tr->truncated_frames++;
		}
		l2tp = 0;
	}
	if (tr->cur_sess != NULL && tr->cur_frame == r.frame &&
	    tr->cur_vantage == r.vantage)
		s = l2t_sess_of(tr->cur_sess);
	for (i = 0; i < p->nlayers; i++) {
		const struct layer *l = &p->layers[i];

		if (l->proto == PROTO_L2TP && l->depth == 0)
			l2tp = 1;
		if (l->depth == 0) {
			outer_facts(tr, p, i, &r);
			continue;
		}
		if (s == NULL || l->depth != 1)
			continue;
		switch (l->proto) {
		case PROTO_ETH:
			news |= mac_add(s, l->u.eth.src);
			news |= mac_add(s, l->u.eth.dst);
			break;
		case PROTO_ARP:
			if (!l->u.arp.eth_ipv4)
				break;
			news = 1;	/* counted: rare, and the rules read it */
			mac_add(s, l->u.arp.sha);
			if (l->u.arp.spa != 0) {
				inner_add(s, l->u.arp.spa, L2TI_ARP_SPA, &r);
				inner_check(tr, s, l->u.arp.spa, L2TI_ARP_SPA,
				    &r);
			}
			inner_add(s, l->u.arp.tpa, L2TI_ARP_TPA, &r);
			inner_check(tr, s, l->u.arp.tpa, L2TI_ARP_TPA, &r);
			if (l->u.arp.spa != 0) {
				if (l->u.arp.spa < s->arp_min)
					s->arp_min = l->u.arp.spa;
				if (l->u.arp.spa > s->arp_max)
					s->arp_max = l->u.arp.spa;
			}
			if (l->u.arp.tpa < s->arp_min)
				s->arp_min = l->u.arp.tpa;
			if (l->u.arp.tpa > s->arp_max)
				s->arp_max = l->u.arp.tpa;
			s->narp++;
			block_check(tr, s, &r);
			break;
		case PROTO_TCP:
			if ((l->u.tcp.flags & TCP_SYN) && l->u.tcp.mss != 0) {
				struct l2t_ctl *c = l2t_ctl_of(s->e->parent);
				unsigned fit = mss_fit(p);

				if (c != NULL && fit != 0 && l->u.tcp.mss > fit) {
					if (c->mss_bad < 2)
						c->mss_ev[c->mss_bad] = r;
					c->mss_bad++;
					c->mss_fit = fit;
					if (l->u.tcp.mss > c->mss_max)
						c->mss_max = l->u.tcp.mss;
					track_mark_dirty(tr->t, c->e);
				}
			}
			break;
		case PROTO_IPV4:
			if (inner_add(s, l->u.ipv4.src, L2TI_IP_SRC, &r)) {
				inner_check(tr, s, l->u.ipv4.src, L2TI_IP_SRC,
				    &r);
				news = 1;
			}
			if (inner_add(s, l->u.ipv4.dst, L2TI_IP_DST, &r)) {
				inner_check(tr, s, l->u.ipv4.dst, L2TI_IP_DST,
				    &r);
				news = 1;
			}
			break;
		case PROTO_IPV6:
			l2t_inner6_add(s, l->u.ipv6.src);
			l2t_inner6_add(s, l->u.ipv6.dst);
			news |= inner6_check(tr, s, l->u.ipv6.src, L2TI_IP_SRC,
			    &r);
			news |= inner6_check(tr, s, l->u.ipv6.dst, L2TI_IP_DST,
			    &r);
			break;
		case PROTO_ICMPV6:
			if (l->u.icmp.type == 135 && l->u.icmp.target.af == 6) {
				l2t_inner6_add(s, l->u.icmp.target.a);
				news |= inner6_check(tr, s,
				    l->u.icmp.target.a, L2TI_NS_TARGET, &r);
			}
			break;
		default:
			break;
		}
	}
	/* the outermost IP source: who was alive */
	for (i = 0; i < p->nlayers; i++) {
		const struct layer *l = &p->layers[i];
		struct ts_addr a;

		if (l->depth != 0)
			break;
		if (l->proto == PROTO_IPV4) {
			v4addr(&a, l->u.ipv4.src);
			l2t_addr_count(tr, &a, &r, l2tp);
			break;
		}
		if (l->proto == PROTO_IPV6) {
			memset(&a, 0, sizeof(a));
			a.af = 6;
			memcpy(a.a, l->u.ipv6.src, 16);
			l2t_addr_count(tr, &a, &r, l2tp);
			break;
		}
	}
	if (s != NULL)
		sess_changed(tr, s, news);
	tr->cur_sess = NULL;
}

static int
is_l2tp_port(const struct l2tp_tracker *tr, uint16_t port)
{
	const struct prefs *pr = tr->eng->prefs;
	unsigned i;

	if (port == 1701)
		return 1;
	for (i = 0; pr != NULL && i < pr->n_l2tp_udp_ports; i++)
		if (pr->l2tp_udp_ports[i] == port)
			return 1;
	return 0;
}

static void
icmp_event(struct l2tp_tracker *tr, const struct event *ev)
{
	const struct icmp_info *ic = &ev->layer->u.icmp;
	struct evref r = evref_of(ev);
	uint8_t pk[40];
	size_t pn;
	struct l2t_ctl *c;
	const struct layer *ipl = NULL;
	unsigned i, li_idx = (unsigned)(ev->layer - ev->pkt->layers);
	int l2tp = 0;

	if (!ic->quoted || ev->depth != 0)
		return;
	if (ic->q_proto == 115)
		l2tp = 1;
	else if (ic->q_proto == 17 && ic->q_ports &&
	    (is_l2tp_port(tr, ic->q_dport) || is_l2tp_port(tr, ic->q_sport)))
		l2tp = 1;
	pn = key_pair(pk, ic->q_proto == 115 ? 115 : 17, &ic->q_src,
	    &ic->q_dst);
	c = l2t_ctl_of(track_lookup(tr->t, EK_L2TP_CTL, pk, pn));
	if (c == NULL && !l2tp)
		return;
	if (c == NULL)
		return;		/* L2TP to a peer never seen otherwise */
	/* the ICMP sender: the IP layer below the ICMP one */
	for (i = li_idx; i-- > 0;)
		if (ev->pkt->layers[i].proto == PROTO_IPV4 ||
		    ev->pkt->layers[i].proto == PROTO_IPV6) {
			ipl = &ev->pkt->layers[i];
			break;
		}
	if (ipl != NULL && ipl->proto == PROTO_IPV4)
		v4addr(&c->icmp_from, ipl->u.ipv4.src);
	else if (ipl != NULL) {
		memset(&c->icmp_from, 0, sizeof(c->icmp_from));
		c->icmp_from.af = 6;
		memcpy(c->icmp_from.a, ipl->u.ipv6.src, 16);
	}
	c->icmp_v6 = ev->layer->proto == PROTO_ICMPV6;
	/* frag needed / packet too big go to the MTU rule */
	if ((!c->icmp_v6 && ic->type == 3 && ic->code == 4) ||
	    (c->icmp_v6 && ic->type == 2)) {
		c->nicmp_frag++;
		c->icmp_mtu = ic->mtu;
		if (c->nfrags == 0)
			c->frag_ev = r;
	} else {
		c->icmp_type = ic->type;
		c->icmp_code = ic->code;
		evref_keep(&c->icmp_ev, &c->nicmp_ev, L2T_ICMP_EV, &r);
		c->nicmp++;
		if (c->e->state[0] == L2C_WAIT_CTL_REPLY &&
		    addr_eq(&ic->q_src, &c->addr[0]))
			c->icmp_quotes_sccrq = 1;
	}
	track_seen(tr->t, c->e, &r);
	track_mark_dirty(tr->t, c->e);
}

static void
fragment_event(struct l2tp_tracker *tr, const struct event *ev)
{
	const struct layer *l = ev->layer;
	struct ts_addr s, d;
	uint8_t pk[40];
	struct l2t_ctl *c;
	size_t pn;
	int tr_ip;

	if (ev->depth != 0)
		return;
	if (l->proto == PROTO_IPV4) {
		v4addr(&s, l->u.ipv4.src);
		v4addr(&d, l->u.ipv4.dst);
		tr_ip = l->u.ipv4.proto;
	} else if (l->proto == PROTO_IPV6) {
		memset(&s, 0, sizeof(s));
		memset(&d, 0, sizeof(d));
		s.af = d.af = 6;
		memcpy(s.a, l->u.ipv6.src, 16);
		memcpy(d.a, l->u.ipv6.dst, 16);
		tr_ip = l->u.ipv6.proto;
	} else
		return;
	pn = key_pair(pk, tr_ip == 115 ? 115 : 17, &s, &d);
	if ((c = l2t_ctl_of(track_lookup(tr->t, EK_L2TP_CTL, pk, pn))) ==
	    NULL)
		return;
	if (c->nfrags == 0 && c->nicmp_frag == 0)
		c->frag_ev = evref_of(ev);
	c->nfrags++;
	if ((l->proto == PROTO_IPV4 ? l->u.ipv4.frag_off :
	    l->u.ipv6.frag_off) == 0)
		c->frag_datagrams++;
	track_mark_dirty(tr->t, c->e);
}

void
l2tp_track_finish(struct l2tp_tracker *tr)
{
	struct entity *e;
	unsigned i, k;

	if (tr == NULL)
		return;
	for (e = track_first(tr->t, EK_L2TP_CTL); e != NULL;
	    e = track_next(e)) {
		struct l2t_ctl *c = l2t_ctl_of(e);

		if (c == NULL)
			continue;
		for (i = 0; i < 2; i++)
			for (k = 0; k < c->s[i].ringcap; k++) {
				ring_retire(c, &c->s[i], &c->s[i].ring[k]);
				c->s[i].ring[k].used = 0;
			}
	}
}

void
l2tp_track_event(struct l2tp_tracker *tr, const struct event *ev)
{
	if (tr == NULL)
		return;
	switch (ev->kind) {
	case EV_L2TP_CONTROL:
		control_event(tr, ev);
		break;
	case EV_L2TP_DATA:
		data_event(tr, ev);
		break;
	case EV_FRAME:
		frame_event(tr, ev);
		break;
	case EV_ICMP_ERROR:
		icmp_event(tr, ev);
		break;
	case EV_IP_FRAGMENT:
		fragment_event(tr, ev);
		break;
	default:
		break;
	}
}

/* ---- lifetime ---- */

static void
tracker_free(void *arg)
{
	struct l2tp_tracker *tr = arg;

	free(tr->addrs);
	free(tr);
}

struct l2tp_tracker *
l2tp_track_new(struct engine *eng, struct l2tp_conv_db *conv)
{
	struct l2tp_tracker *tr = calloc(1, sizeof(*tr));
	struct track_kind k;

	if (tr == NULL)
		return NULL;
	tr->addrs = calloc(L2T_ADDRS_MIN, sizeof(*tr->addrs));
	tr->naddr_slots = L2T_ADDRS_MIN;
	if (tr->addrs == NULL || engine_on_free(eng, tracker_free, tr) < 0) {
		free(tr->addrs);
		free(tr);
		return NULL;
	}
	tr->eng = eng;
	tr->t = eng->track;
	tr->conv = conv;
	eng->l2tp = tr;
	memset(&k, 0, sizeof(k));
	k.states = ctl_states;
	k.sides[0] = "initiator";
	k.sides[1] = "responder";
	k.release = release;
	k.arg = tr;
	k.report = &l2t_ctl_rows;
	k.data_size = sizeof(struct l2t_ctl);
	track_register_kind(eng->track, EK_L2TP_CTL, &k);
	k.states = sess_states;
	k.report = &l2t_sess_rows;
	k.data_size = sizeof(struct l2t_sess);
	track_register_kind(eng->track, EK_L2TP_SESSION, &k);
	if (l2t_rules_register(eng) < 0)
		return NULL;
	return tr;
}
