/* l2tp_conv.c - negotiated L2TPv3 facts per conversation (RFC 3931 §4.1.2.2, §5.4.4, §4.6).
 *
 * See l2tp_conv.h.  Two tables (session directions, control connections)
 * that start small and double up to a fixed cap, chained hashing over
 * index links, second-chance (CLOCK) eviction once at the cap.
 */
#include <stdlib.h>
#include <string.h>

#include "dissect.h"
#include "event.h"
#include "hash.h"
#include "l2tp.h"
#include "l2tp_conv.h"
#include "prefs.h"
#include "track.h"

#define NIL	UINT32_MAX
#define NCAND	6	/* cookie 0/4/8 x L2SS none/default */
#define NMACS	4

/* Table plumbing shared by both record kinds. */
struct hnode {
	uint32_t	hnext;		/* bucket chain */
	uint32_t	prev, next;	/* newest at head (table_victim) */
	uint32_t	hash;
	uint8_t		used;
	uint8_t		ref;		/* used since it last left the tail */
};

#define SKEY_LEN	44
#define CKEY_LEN	40

/* The last record found: every data message is looked up twice (the
 * dissector's layout, then the event), so the second is a key compare.
 * Behind a pointer: lookups through a const table still update it. */
struct hcache {
	uint32_t	idx;		/* NIL: empty */
	uint8_t		key[SKEY_LEN];
};

struct table {
	struct hcache	*cache;
	uint32_t	*bucket;
	uint32_t	 nbucket;	/* power of two, >= 2 * cap */
	uint32_t	 cap, max, used;	/* records allocated, cap, in use */
	uint32_t	 head, tail;	/* newest at head */
	uint32_t	 nfree;		/* next never-used slot */
	uint64_t	 evictions;
	size_t		 stride;
	uint8_t		*rec;		/* cap records, each starts with hnode */
	void		(*drop)(void *);	/* before a record is reused */
};

struct cand {
	int32_t		score;
	uint32_t	macs[NMACS];	/* hashes of source MACs seen */
	uint32_t	last_seq;
	uint8_t		nmacs, have_seq;
};

struct sess {
	struct hnode	h;
	uint8_t		key[SKEY_LEN];
	uint8_t		negotiated;
	struct l2tp_layout lay;
	uint32_t	peer_sid;	/* the other direction's Session ID */
	/* inference */
	uint16_t	npkts;
	uint8_t		frozen;
	struct cand	*cand;		/* NCAND while inferring, else NULL */
	/* sequence facts */
	uint8_t		have_seq;
	struct l2tp_seq_facts seq;
	/* the tracker's session for this direction (l2tp_conv_data_memo):
	 * the data path's one hash lookup serves both */
	struct track_memo memo;
};

struct ctl {
	struct hnode	h;
	uint8_t		key[CKEY_LEN];	/* initiator addr+port, responder addr */
	struct ts_addr	x, y;		/* initiator, responder */
	uint16_t	xport, yport;
	uint8_t		transport;
	uint8_t		replied;	/* SCCRP seen: yport is learned */
	uint32_t	xccid, yccid;
	uint8_t		xnonce[L2TP_CONV_NONCE_MAX], ynonce[L2TP_CONV_NONCE_MAX];
	uint8_t		xnlen, ynlen;
	/* the tracker's connection for messages to X [0] and to Y [1] with
	 * header CCID memo_ccid[] (l2tp_conv_ctl_memo): the addresses are
	 * this record's, so direction and CCID make the tracker's key */
	uint32_t	memo_ccid[2];
	struct track_memo memo[2];
};

struct l2tp_conv_db {
	const struct prefs *prefs;
	struct table	 sess, ctl;
	/* the record the last data event went to, the control record and
	 * direction of the last other control message, and that event */
	uint32_t	 last_data;
	uint32_t	 last_ctl;
	uint8_t		 last_ctl_to_y;
	const struct layer *last_layer;
	uint64_t	 last_frame;
	uint32_t	 last_vantage;
	uint8_t		 scratch[L2TP_CONV_SCRATCH];
};

/* ---- table ---- */

static struct hnode *
node(const struct table *t, uint32_t i)
{
	return (struct hnode *)(void *)(t->rec + (size_t)i * t->stride);
}

static void
bucket_fill(struct table *t)
{
	uint32_t i;

	for (i = 0; i < t->nbucket; i++)
		t->bucket[i] = NIL;
}

static int
table_init(struct table *t, uint32_t cap, uint32_t max, size_t stride)
{
	memset(t, 0, sizeof(*t));
	t->nbucket = 1;
	while (t->nbucket < cap * 2)
		t->nbucket <<= 1;
	t->cap = cap;
	t->max = max;
	t->stride = stride;
	t->head = t->tail = NIL;
	t->bucket = malloc(sizeof(uint32_t) * t->nbucket);
	t->rec = calloc(cap, stride);
	t->cache = calloc(1, sizeof(*t->cache));
	if (t->bucket == NULL || t->rec == NULL || t->cache == NULL)
		return -1;
	t->cache->idx = NIL;
	bucket_fill(t);
	return 0;
}

/*
 * Double the records (up to max) and rehash.  Records are addressed by
 * index, so the age links and the last-hit cache stay valid.  Memory
 * follows the conversations seen, never the packets; a failed
 * allocation just leaves the table at its size (eviction goes on).
 */
static int
table_grow(struct table *t)
{
	uint32_t ncap, nb, i, *b;
	uint8_t *r;

	if (t->cap >= t->max)
		return -1;
	ncap = t->cap > t->max / 2 ? t->max : t->cap * 2;
	/* the new records are not cleared: table_get clears each as it
	 * hands it out, and none past nfree is read, so the pages of a
	 * doubling stay untouched until they are needed */
	if ((r = realloc(t->rec, (size_t)ncap * t->stride)) == NULL)
		return -1;
	t->rec = r;
	nb = t->nbucket;
	while (nb < ncap * 2)
		nb <<= 1;
	if (nb != t->nbucket) {
		if ((b = malloc(sizeof(uint32_t) * nb)) == NULL)
			return -1;	/* records grown, chains still fine */
		free(t->bucket);
		t->bucket = b;
		t->nbucket = nb;
		bucket_fill(t);
		for (i = 0; i < t->nfree; i++) {
			struct hnode *n = node(t, i);
			uint32_t *hb = &t->bucket[n->hash & (nb - 1)];

			n->hnext = *hb;
			*hb = i;
		}
	}
	t->cap = ncap;
	return 0;
}

static void
lru_unlink(struct table *t, uint32_t i)
{
	struct hnode *n = node(t, i);

	if (n->prev != NIL)
		node(t, n->prev)->next = n->next;
	else
		t->head = n->next;
	if (n->next != NIL)
		node(t, n->next)->prev = n->prev;
	else
		t->tail = n->prev;
}

static void
lru_front(struct table *t, uint32_t i)
{
	struct hnode *n = node(t, i);

	n->prev = NIL;
	n->next = t->head;
	if (t->head != NIL)
		node(t, t->head)->prev = i;
	t->head = i;
	if (t->tail == NIL)
		t->tail = i;
}

/* key is at offset sizeof(struct hnode) rounded: we pass it explicitly */
static uint32_t
table_find(const struct table *t, const uint8_t *key, size_t klen,
    size_t koff)
{
	struct hcache *hc = t->cache;
	uint32_t h, i;

	/* both tables' keys are zero-padded to their fixed length */
	if (hc->idx != NIL && bytes_eq(hc->key, key, klen))
		return hc->idx;
	h = hash_bytes(key, klen, 0);
	for (i = t->bucket[h & (t->nbucket - 1)]; i != NIL;
	    i = node(t, i)->hnext)
		if (node(t, i)->hash == h &&
		    bytes_eq((const uint8_t *)node(t, i) + koff, key, klen)) {
			hc->idx = i;
			memcpy(hc->key, key, klen);
			return i;
		}
	return NIL;
}

static void
table_unhash(struct table *t, uint32_t i)
{
	struct hnode *n = node(t, i);
	uint32_t *pp = &t->bucket[n->hash & (t->nbucket - 1)];

	while (*pp != NIL && *pp != i)
		pp = &node(t, *pp)->hnext;
	if (*pp == i)
		*pp = n->hnext;
}

/*
 * The record to reuse: the oldest not used since it last came to the
 * tail.  A record used again only gets its mark set, and goes back to
 * the head when it reaches the tail (second chance, as CLOCK): moving it
 * on every use, or even every few uses, wrote two other records per data
 * message, a cache miss each once the table outgrows the cache (a
 * quarter of the CPU time with 10,000 tunnels).  One pass clears every
 * mark, so the loop ends.
 */
static uint32_t
table_victim(struct table *t)
{
	uint32_t i;

	while (node(t, i = t->tail)->ref && t->head != i) {
		node(t, i)->ref = 0;
		lru_unlink(t, i);
		lru_front(t, i);
	}
	return i;
}

/* Find or create (evicting, table_victim); mark it used. */
static uint32_t
table_get(struct table *t, const uint8_t *key, size_t klen, size_t koff,
    int *created)
{
	uint32_t i = table_find(t, key, klen, koff), h;
	struct hnode *n;

	*created = 0;
	if (i != NIL) {
		node(t, i)->ref = 1;
		return i;
	}
	if (t->nfree < t->cap || table_grow(t) == 0) {
		i = t->nfree++;
		t->used++;
	} else {
		i = table_victim(t);
		lru_unlink(t, i);
		table_unhash(t, i);
		t->evictions++;
		if (t->drop != NULL)
			t->drop(node(t, i));
	}
	n = node(t, i);
	memset(n, 0, t->stride);
	t->cache->idx = i;		/* a reused slot's old key is gone */
	memcpy(t->cache->key, key, klen);
	h = hash_bytes(key, klen, 0);
	n->hash = h;
	n->used = 1;
	memcpy((uint8_t *)n + koff, key, klen);
	n->hnext = t->bucket[h & (t->nbucket - 1)];
	t->bucket[h & (t->nbucket - 1)] = i;
	lru_front(t, i);
	*created = 1;
	return i;
}

#define SKOFF	offsetof(struct sess, key)
#define CKOFF	offsetof(struct ctl, key)

/* ---- keys ---- */

static void
put_addr(uint8_t *k, const struct ts_addr *a)
{
	k[0] = a->af;
	memcpy(k + 1, a->a, a->af == 4 ? 4 : 16);
}

/* Direction key: receiver, sender, transport, receiver's Session ID. */
static void
skey(uint8_t *k, const struct ts_addr *rcv, uint16_t rport,
    const struct ts_addr *snd, uint16_t sport, uint8_t tr, uint32_t sid)
{
	memset(k, 0, SKEY_LEN);
	put_addr(k, rcv);
	put_addr(k + 17, snd);
	k[34] = (uint8_t)(rport >> 8);
	k[35] = (uint8_t)rport;
	k[36] = (uint8_t)(sport >> 8);
	k[37] = (uint8_t)sport;
	k[38] = tr;
	k[39] = (uint8_t)(sid >> 24);
	k[40] = (uint8_t)(sid >> 16);
	k[41] = (uint8_t)(sid >> 8);
	k[42] = (uint8_t)sid;
}

/* Control key: initiator address and port, responder address. */
static void
ckey(uint8_t *k, const struct ts_addr *x, uint16_t xport,
    const struct ts_addr *y, uint8_t tr)
{
	memset(k, 0, CKEY_LEN);
	put_addr(k, x);
	put_addr(k + 17, y);
	k[34] = (uint8_t)(xport >> 8);
	k[35] = (uint8_t)xport;
	k[36] = tr;
}

/* ---- public: lifetime ---- */

static void
sess_drop(void *rec)
{
	struct sess *s = rec;

	free(s->cand);
	s->cand = NULL;
}

struct l2tp_conv_db *
l2tp_conv_new(const struct prefs *prefs)
{
	struct l2tp_conv_db *db = calloc(1, sizeof(*db));

	if (db == NULL)
		return NULL;
	db->prefs = prefs;
	if (table_init(&db->sess, 1024, L2TP_CONV_MAX_SESSIONS,
	    sizeof(struct sess)) ||
	    table_init(&db->ctl, 256, L2TP_CONV_MAX_CTL, sizeof(struct ctl))) {
		l2tp_conv_free(db);
		return NULL;
	}
	db->sess.drop = sess_drop;
	return db;
}

void
l2tp_conv_free(struct l2tp_conv_db *db)
{
	uint32_t i;

	if (db == NULL)
		return;
	if (db->sess.rec != NULL)
		for (i = 0; i < db->sess.nfree; i++)
			sess_drop(node(&db->sess, i));
	free(db->sess.cache);
	free(db->sess.bucket);
	free(db->sess.rec);
	free(db->ctl.cache);
	free(db->ctl.bucket);
	free(db->ctl.rec);
	free(db);
}

uint8_t *
l2tp_conv_scratch(struct l2tp_conv_db *db, size_t *cap)
{
	*cap = sizeof(db->scratch);
	return db->scratch;
}

void
l2tp_conv_get_stats(const struct l2tp_conv_db *db, struct l2tp_conv_stats *s)
{
	s->sessions = db->sess.used;
	s->ctls = db->ctl.used;
	s->session_evictions = db->sess.evictions;
	s->ctl_evictions = db->ctl.evictions;
}

/* ---- endpoints ---- */

static int
ip_addrs(const struct layer *l, struct ts_addr *src, struct ts_addr *dst)
{
	memset(src, 0, sizeof(*src));
	memset(dst, 0, sizeof(*dst));
	if (l->proto == PROTO_IPV4) {
		uint32_t s = l->u.ipv4.src, d = l->u.ipv4.dst;

		src->af = dst->af = 4;
		src->a[0] = (uint8_t)(s >> 24);
		src->a[1] = (uint8_t)(s >> 16);
		src->a[2] = (uint8_t)(s >> 8);
		src->a[3] = (uint8_t)s;
		dst->a[0] = (uint8_t)(d >> 24);
		dst->a[1] = (uint8_t)(d >> 16);
		dst->a[2] = (uint8_t)(d >> 8);
		dst->a[3] = (uint8_t)d;
		return 1;
	}
	if (l->proto == PROTO_IPV6) {
		src->af = dst->af = 6;
		memcpy(src->a, l->u.ipv6.src, 16);
		memcpy(dst->a, l->u.ipv6.dst, 16);
		return 1;
	}
	return 0;
}

/* Endpoints of a UDP (or IP) layer at index i: ports of i, nearest IP below. */
static int
endpoints_at(const struct packet *pkt, unsigned i, struct l2tp_ep *ep)
{
	unsigned j = i + 1;

	memset(ep, 0, sizeof(*ep));
	if (i >= pkt->nlayers)
		return 0;
	if (pkt->layers[i].proto == PROTO_UDP) {
		ep->sport = pkt->layers[i].u.udp.sport;
		ep->dport = pkt->layers[i].u.udp.dport;
		ep->transport = 17;
		j = i;
	} else {
		ep->transport = 115;
	}
	while (j-- > 0)
		if (ip_addrs(&pkt->layers[j], &ep->src, &ep->dst))
			return 1;
	return 0;
}

int
l2tp_conv_endpoints(const struct packet *pkt, unsigned li, struct l2tp_ep *ep)
{
	if (li == 0 || li > pkt->nlayers)
		return 0;
	return endpoints_at(pkt, li - 1, ep);
}

/* ---- control connections ---- */

static struct ctl *
ctl_at(const struct l2tp_conv_db *db, uint32_t i)
{
	return i == NIL ? NULL : (struct ctl *)(void *)node(&db->ctl, i);
}

/* The control connection a datagram belongs to; *from_x: sender is X. */
static struct ctl *
ctl_find(const struct l2tp_conv_db *db, const struct l2tp_ep *ep, int *from_x)
{
	uint8_t k[CKEY_LEN];
	struct ctl *c;

	ckey(k, &ep->src, ep->sport, &ep->dst, ep->transport);
	c = ctl_at(db, table_find(&db->ctl, k, CKEY_LEN, CKOFF));
	if (c != NULL && (!c->replied || c->yport == ep->dport)) {
		*from_x = 1;
		return c;
	}
	ckey(k, &ep->dst, ep->dport, &ep->src, ep->transport);
	c = ctl_at(db, table_find(&db->ctl, k, CKEY_LEN, CKOFF));
	if (c != NULL && (!c->replied || c->yport == ep->sport)) {
		*from_x = 0;
		return c;
	}
	return NULL;
}

static void
copy_nonce(uint8_t *dst, uint8_t *dlen, const struct layer *l)
{
	const struct l2tp_info *li = &l->u.l2tp;

	if (li->nonce_len == 0 || li->nonce_len > L2TP_CONV_NONCE_MAX ||
	    l->off + li->nonce_off + li->nonce_len > l->off + l->cap) {
		*dlen = 0;
		return;
	}
	memcpy(dst, l->base + l->off + li->nonce_off, li->nonce_len);
	*dlen = li->nonce_len;
}

static void
ctl_event(struct l2tp_conv_db *db, const struct layer *l,
    const struct l2tp_ep *ep)
{
	const struct l2tp_info *li = &l->u.l2tp;
	uint8_t k[CKEY_LEN];
	struct ctl *c;
	int created, from_x;

	if (li->msg_type == 1) {		/* SCCRQ: X = sender */
		ckey(k, &ep->src, ep->sport, &ep->dst, ep->transport);
		c = ctl_at(db, table_get(&db->ctl, k, CKEY_LEN, CKOFF,
		    &created));
		if (created || li->assigned_ccid != c->xccid) {
			c->x = ep->src;
			c->y = ep->dst;
			c->xport = ep->sport;
			c->yport = ep->dport;
			c->transport = ep->transport;
			c->replied = 0;
			c->ynlen = 0;
			c->yccid = 0;
		}
		c->xccid = li->assigned_ccid;
		copy_nonce(c->xnonce, &c->xnlen, l);
		return;
	}
	if (li->msg_type == 2) {		/* SCCRP: to X from Y */
		ckey(k, &ep->dst, ep->dport, &ep->src, ep->transport);
		c = ctl_at(db, table_get(&db->ctl, k, CKEY_LEN, CKOFF,
		    &created));
		if (created) {
			c->x = ep->dst;
			c->y = ep->src;
			c->xport = ep->dport;
			c->transport = ep->transport;
		}
		c->yport = ep->sport;	/* RFC 3931 §4.1.2.2: may be new */
		c->replied = 1;
		c->yccid = li->assigned_ccid;
		copy_nonce(c->ynonce, &c->ynlen, l);
		return;
	}
	c = ctl_find(db, ep, &from_x);
	if (c != NULL) {	/* touch */
		uint32_t i = (uint32_t)(((uint8_t *)c - db->ctl.rec) /
		    db->ctl.stride);

		c->h.ref = 1;
		db->last_ctl = i;
		db->last_ctl_to_y = (uint8_t)from_x;
	}
}

int
l2tp_conv_udp_known(const struct l2tp_conv_db *db, const struct packet *pkt,
    unsigned udp_layer, uint16_t sport, uint16_t dport)
{
	struct l2tp_ep ep;
	int from_x;

	if (db == NULL || !endpoints_at(pkt, udp_layer, &ep))
		return 0;
	ep.sport = sport;
	ep.dport = dport;
	ep.transport = 17;
	return ctl_find(db, &ep, &from_x) != NULL;
}

void
l2tp_conv_nonces(const struct l2tp_conv_db *db, const struct l2tp_ep *ep,
    uint32_t ccid, const uint8_t **snd, size_t *sndlen, const uint8_t **rcv,
    size_t *rcvlen)
{
	const struct ctl *c;
	int from_x;

	*sndlen = *rcvlen = 0;
	*snd = *rcv = NULL;
	if (db == NULL || (c = ctl_find(db, ep, &from_x)) == NULL)
		return;
	(void)ccid;	/* one control connection per port pair is kept */
	if (from_x) {
		*snd = c->xnonce, *sndlen = c->xnlen;
		*rcv = c->ynonce, *rcvlen = c->ynlen;
	} else {
		*snd = c->ynonce, *sndlen = c->ynlen;
		*rcv = c->xnonce, *rcvlen = c->xnlen;
	}
}

/* ---- sessions ---- */

static struct sess *
sess_at(const struct l2tp_conv_db *db, uint32_t i)
{
	return i == NIL ? NULL : (struct sess *)(void *)node(&db->sess, i);
}

/* Record for data sent to rcv (which assigned sid). */
static struct sess *
sess_get(struct l2tp_conv_db *db, const struct ts_addr *rcv, uint16_t rport,
    const struct ts_addr *snd, uint16_t sport, uint8_t tr, uint32_t sid,
    int *created)
{
	uint8_t k[SKEY_LEN];

	skey(k, rcv, rport, snd, sport, tr, sid);
	return sess_at(db, table_get(&db->sess, k, SKEY_LEN, SKOFF, created));
}

static const struct sess *
sess_find(const struct l2tp_conv_db *db, const struct l2tp_ep *ep,
    uint32_t sid)
{
	uint8_t k[SKEY_LEN];

	skey(k, &ep->dst, ep->dport, &ep->src, ep->sport, ep->transport, sid);
	return sess_at(db, table_find(&db->sess, k, SKEY_LEN, SKOFF));
}

/* A control message from ep->src about its own session lsid. */
static void
sess_control(struct l2tp_conv_db *db, const struct layer *l,
    const struct l2tp_ep *ep)
{
	const struct l2tp_info *li = &l->u.l2tp;
	unsigned mt = li->msg_type;
	struct sess *s, *peer;
	int created, opening;
	uint32_t si;

	if (li->lsid == 0 || li->lsid == UINT32_MAX)
		return;
	opening = mt == 10 || mt == 11 || mt == 7 || mt == 8;
	if (!opening && mt != 12 && mt != 9 && mt != 14)
		return;
	s = sess_get(db, &ep->src, ep->sport, &ep->dst, ep->dport,
	    ep->transport, li->lsid, &created);
	if (created) {
		s->lay.pw_type = 0xffff;
		s->peer_sid = 0;
	}
	si = (uint32_t)(((uint8_t *)s - db->sess.rec) / db->sess.stride);
	if (opening) {
		/* absent Assigned Cookie / L2SS: none (RFC 3931 §5.4.4) */
		s->negotiated = 1;
		sess_drop(s);
		s->lay.src = L2TP_LAYOUT_NEGOTIATED;
		s->lay.confidence = 100;
		s->lay.closed = 0;
		s->lay.cookie_len = li->cookie_len == L2TP_NONE8 ? 0 :
		    li->cookie_len;
		memcpy(s->lay.cookie, li->cookie, sizeof(s->lay.cookie));
		s->lay.l2ss = li->l2ss == L2TP_NONE8 ? 0 : li->l2ss;
		if (li->pw_type != L2TP_NONE16)
			s->lay.pw_type = li->pw_type;
	} else if (mt == 12 || mt == 9) {
		if (li->l2ss != L2TP_NONE8)
			s->lay.l2ss = li->l2ss;
	} else {
		s->lay.closed = 1;
	}
	if (li->rsid != 0 && li->rsid != UINT32_MAX) {
		s->peer_sid = li->rsid;
		peer = sess_get(db, &ep->dst, ep->dport, &ep->src, ep->sport,
		    ep->transport, li->rsid, &created);
		if (created)
			peer->lay.pw_type = 0xffff;
		s = sess_at(db, si);	/* the table may have grown */
		peer->peer_sid = li->lsid;
		if (mt == 14)
			peer->lay.closed = 1;
		/* PW type is the ICRQ/OCRQ sender's, for both directions */
		if (s->lay.pw_type == 0xffff)
			s->lay.pw_type = peer->lay.pw_type;
		else if (peer->lay.pw_type == 0xffff)
			peer->lay.pw_type = s->lay.pw_type;
	}
}

/* ---- inference ---- */

static uint32_t
rd16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static int
known_ethertype(uint32_t t)
{
	switch (t) {
	case 0x0800: case 0x0806: case 0x86dd: case 0x8100: case 0x88a8:
	case 0x9100: case 0x8847: case 0x8848: case 0x88cc: case 0x8809:
	case 0x888e: case 0x8863: case 0x8864: case 0x88e5: case 0x8902:
	case 0x8035: case 0x88f7: case 0x22f0: case 0x9000:
		return 1;
	}
	return 0;
}

/* Ethernet plausibility of p[0..n) (9 points at most). */
static int
eth_points(const uint8_t *p, size_t n)
{
	static const uint8_t zero[6];
	uint32_t t;
	int pts = 0;

	if (n < 14)
		return -6;
	if (!(p[6] & 1) && memcmp(p + 6, zero, 6) != 0)
		pts += 2;		/* unicast, non-zero source */
	if (memcmp(p, zero, 6) != 0)
		pts += 1;
	t = rd16(p + 12);
	p += 14;
	n -= 14;
	if (t == 0x0800) {
		pts += 3;
		if (n >= 20 && p[0] >> 4 == 4 && (p[0] & 15) >= 5)
			pts += 2;
		if (n >= 20 && rd16(p + 2) >= 20 && rd16(p + 2) <= n)
			pts += 1;
	} else if (t == 0x86dd) {
		pts += 3;
		if (n >= 40 && p[0] >> 4 == 6)
			pts += 2;
		if (n >= 40 && rd16(p + 4) + 40 <= n)
			pts += 1;
	} else if (t == 0x0806) {
		pts += 3;
		if (n >= 8 && rd16(p) == 1 && rd16(p + 2) == 0x0800 &&
		    p[4] == 6 && p[5] == 4)
			pts += 3;
	} else if (t == 0x8100 || t == 0x88a8 || t == 0x9100) {
		pts += 3;
		if (n >= 4 && known_ethertype(rd16(p + 2)))
			pts += 3;
	} else if (known_ethertype(t)) {
		pts += 4;
	} else if (t <= 1500) {		/* 802.3 length + LLC */
		if (t >= 3 && t <= n && n - t <= 46)	/* at most min-frame pad */
			pts += 2;
		if (n >= 3 && p[0] == p[1])
			pts += 1;
	}
	return pts;
}

int
l2tp_infer_score(const uint8_t *p, size_t n, unsigned cookie_len,
    unsigned l2ss, int *max)
{
	size_t off = cookie_len;
	int pts = 0;

	*max = 9 + (l2ss ? 2 : 0);
	if (l2ss) {
		if (n < off + 4)
			return -6;
		if (p[off] == 0x00 || p[off] == 0x40)
			pts += 2;
		else
			pts -= 3;	/* what a random cookie looks like */
		off += 4;
	}
	if (n < off)
		return -6;
	/* infer_decide passes p NULL, n 0 only for *max: no NULL + 0 */
	return pts + eth_points(n > 0 ? p + off : p, n - off);
}

static const uint8_t cand_cookie[NCAND] = { 0, 0, 4, 4, 8, 8 };
static const uint8_t cand_l2ss[NCAND] = { 0, 1, 0, 1, 0, 1 };

static int
cand_allowed(const struct prefs *pr, int i)
{
	if (pr == NULL)
		return 1;
	if (pr->l2tp_cookie_size != PREFS_AUTO &&
	    pr->l2tp_cookie_size != cand_cookie[i])
		return 0;
	if (pr->l2tp_l2ss != PREFS_AUTO && pr->l2tp_l2ss != cand_l2ss[i])
		return 0;
	return 1;
}

/* Score one more packet (history: consistent MACs, L2SS sequence). */
static void
infer_packet(struct sess *s, const uint8_t *p, size_t n)
{
	int i, pts, max;
	unsigned j;

	for (i = 0; i < NCAND; i++) {
		struct cand *c = &s->cand[i];
		size_t eoff = cand_cookie[i] + (cand_l2ss[i] ? 4u : 0u);

		pts = l2tp_infer_score(p, n, cand_cookie[i], cand_l2ss[i], &max);
		if (n >= eoff + 12) {
			uint32_t mh = 0;

			/* the same hosts keep talking through a pseudowire */
			mh = (uint32_t)p[eoff + 8] << 24 |
			    (uint32_t)p[eoff + 9] << 16 |
			    (uint32_t)p[eoff + 10] << 8 | p[eoff + 11];
			mh ^= (uint32_t)p[eoff + 6] << 8 | p[eoff + 7];
			for (j = 0; j < c->nmacs; j++)
				if (c->macs[j] == mh)
					break;
			if (j < c->nmacs)
				pts += 1;
			else if (c->nmacs < NMACS)
				c->macs[c->nmacs++] = mh;
		}
		if (cand_l2ss[i] && n >= cand_cookie[i] + 4u) {
			const uint8_t *q = p + cand_cookie[i];
			uint32_t seq = (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 |
			    q[3];

			if (q[0] == 0x40) {
				if (!c->have_seq ||
				    ((seq - c->last_seq) & 0xffffff) == 1)
					pts += 2;
				c->last_seq = seq;
				c->have_seq = 1;
			} else if (q[0] == 0x00 && seq == 0) {
				pts += 2;	/* S=0: sequence unused */
			}
		}
		c->score += pts;
	}
	s->npkts++;
	if (s->npkts >= L2TP_CONV_INFER_PKTS)
		s->frozen = 1;
}

/* Decision from the scores so far. */
static void
infer_decide(const struct prefs *pr, struct sess *s)
{
	int i, best = -1, second = -1;
	int32_t bs = INT32_MIN, ss = INT32_MIN;
	int max, conf;
	unsigned pkt_max;

	for (i = 0; i < NCAND; i++) {
		if (!cand_allowed(pr, i))
			continue;
		if (best < 0 || s->cand[i].score > bs) {
			second = best;
			ss = bs;
			best = i;
			bs = s->cand[i].score;
		} else if (second < 0 || s->cand[i].score > ss) {
			second = i;
			ss = s->cand[i].score;
		}
	}
	if (best < 0 || s->npkts == 0)
		return;
	l2tp_infer_score(NULL, 0, 0, cand_l2ss[best], &max);
	pkt_max = (unsigned)max + 1 + (cand_l2ss[best] ? 2 : 0);
	/* the first packet cannot score the consistent-MAC point */
	conf = bs <= 0 ? 0 : (int)(bs * 100 / (int32_t)(s->npkts * pkt_max -
	    1));
	if (conf > 100)
		conf = 100;
	if (second >= 0 && ss >= bs)
		conf /= 2;
	if (s->npkts < 3)
		conf = conf * (int)(s->npkts + 1) / 4;
	if (bs * 2 < (int32_t)(s->npkts * pkt_max)) {
		/* no reading looks like Ethernet: say unknown, not a guess */
		s->lay.src = L2TP_LAYOUT_UNKNOWN;
		return;
	}
	s->lay.src = L2TP_LAYOUT_INFERRED;
	s->lay.cookie_len = cand_cookie[best];
	s->lay.l2ss = cand_l2ss[best];
	s->lay.confidence = (uint8_t)conf;
	/* no control plane: static Linux tunnels are Ethernet PWs (RFC 4719) */
	s->lay.pw_type = 5;
}

/* Default L2SS sequence facts (RFC 3931 §4.6, Appendix C windowing). */
static void
seq_track(struct sess *s, const uint8_t *q)
{
	uint32_t seq, d;

	if (!(q[0] & 0x40))
		return;
	seq = (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3];
	s->seq.packets++;
	if (!s->have_seq) {
		s->have_seq = 1;
		s->seq.last = seq;
		return;
	}
	d = (seq - s->seq.last) & 0xffffff;
	if (d == 0) {
		s->seq.dups++;
	} else if (d < 0x800000) {	/* ahead */
		s->seq.lost += d - 1;
		s->seq.last = seq;
	} else {			/* behind: late, counted as lost before */
		s->seq.reordered++;
		if (s->seq.lost > 0)
			s->seq.lost--;
	}
}

static void
data_event(struct l2tp_conv_db *db, const struct layer *l,
    const struct l2tp_ep *ep)
{
	const struct l2tp_info *li = &l->u.l2tp;
	size_t hdr = li->over_ip ? 4 : 8, n, off;
	const uint8_t *p;
	struct sess *s;
	int created;

	s = sess_get(db, &ep->dst, ep->dport, &ep->src, ep->sport,
	    ep->transport, li->session_id, &created);
	if (created)
		s->lay.pw_type = 0xffff;
	db->last_data = db->sess.cache->idx;	/* sess_get left it there */
	if (l->cap < hdr)
		return;
	p = l->base + l->off + hdr;
	n = l->cap - hdr;
	/* scores live only while a layout is being inferred (a sixth of
	 * the record otherwise; negotiated sessions never need them) */
	if (!s->negotiated && !s->frozen) {
		if (s->cand == NULL)
			s->cand = calloc(NCAND, sizeof(*s->cand));
		if (s->cand != NULL) {
			infer_packet(s, p, n);
			infer_decide(db->prefs, s);
			if (s->frozen)
				sess_drop(s);
		}
	}
	off = s->lay.cookie_len;
	if (db->prefs != NULL && db->prefs->l2tp_cookie_size != PREFS_AUTO)
		off = (size_t)db->prefs->l2tp_cookie_size;
	if (s->lay.src != L2TP_LAYOUT_UNKNOWN && s->lay.l2ss == 1 &&
	    (db->prefs == NULL || db->prefs->l2tp_l2ss != 0) && n >= off + 4)
		seq_track(s, p + off);
}

void
l2tp_conv_event(struct l2tp_conv_db *db, const struct event *ev)
{
	struct l2tp_ep ep;
	unsigned li;

	if (db == NULL || ev->layer == NULL || ev->pkt == NULL ||
	    (ev->kind != EV_L2TP_CONTROL && ev->kind != EV_L2TP_DATA))
		return;
	li = (unsigned)(ev->layer - ev->pkt->layers);
	if (li >= ev->pkt->nlayers || !l2tp_conv_endpoints(ev->pkt, li, &ep))
		return;
	if (ev->layer->u.l2tp.version != 3)
		return;
	if (ev->kind == EV_L2TP_CONTROL) {
		db->last_ctl = NIL;
		ctl_event(db, ev->layer, &ep);
		sess_control(db, ev->layer, &ep);
	} else
		data_event(db, ev->layer, &ep);
	db->last_layer = ev->layer;
	db->last_frame = ev->frame;
	db->last_vantage = ev->vantage;
}

/* Is ev the event l2tp_conv_event saw last? */
static int
last_event(const struct l2tp_conv_db *db, const struct event *ev)
{
	return db->last_layer != NULL && db->last_layer == ev->layer &&
	    db->last_frame == ev->frame && db->last_vantage == ev->vantage;
}

struct track_memo *
l2tp_conv_ctl_memo(struct l2tp_conv_db *db, const struct event *ev,
    uint32_t ccid)
{
	struct ctl *c;
	unsigned d;

	if (db == NULL || ev->kind != EV_L2TP_CONTROL || !last_event(db, ev) ||
	    (c = ctl_at(db, db->last_ctl)) == NULL)
		return NULL;
	d = db->last_ctl_to_y;
	if (c->memo_ccid[d] != ccid) {	/* another key: start over */
		memset(&c->memo[d], 0, sizeof(c->memo[d]));
		c->memo_ccid[d] = ccid;
	}
	return &c->memo[d];
}

struct track_memo *
l2tp_conv_data_memo(struct l2tp_conv_db *db, const struct event *ev)
{
	if (db == NULL || ev->kind != EV_L2TP_DATA || !last_event(db, ev) ||
	    db->last_data == NIL)
		return NULL;
	return &sess_at(db, db->last_data)->memo;
}

int
l2tp_conv_lookup(const struct l2tp_conv_db *db, const struct l2tp_ep *ep,
    uint32_t session, struct l2tp_layout *out)
{
	const struct sess *s;

	if (db == NULL || (s = sess_find(db, ep, session)) == NULL ||
	    s->lay.src == L2TP_LAYOUT_UNKNOWN)
		return 0;
	*out = s->lay;
	return 1;
}

int
l2tp_conv_seq(const struct l2tp_conv_db *db, const struct l2tp_ep *ep,
    uint32_t session, struct l2tp_seq_facts *out)
{
	const struct sess *s;

	if (db == NULL || (s = sess_find(db, ep, session)) == NULL)
		return 0;
	*out = s->seq;
	return 1;
}
