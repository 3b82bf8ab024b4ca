/* tcp_stream.c - TCP reassembly per direction and BGP framing (RFC 9293, RFC 4271 §4.1).
 *
 * Memory: a connection record per tracked connection (fixed size), plus
 * per direction the bytes of a partial message (at most one message) and
 * data held ahead of a hole (capped).  Messages handed to the caller point
 * either into the segment itself or into a buffer that is kept untouched
 * until that direction's next segment ("retired" lists).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cursor.h"
#include "dissect.h"
#include "event.h"
#include "hash.h"
#include "prefs.h"
#include "tcp_stream.h"
#include "track.h"

#define HASH_BUCKETS	16384	/* chains of 4 at TCP_STREAMS_MAX_CONNS */
#define RING		8	/* recent in-order segments, for retransmissions */
#define TAIL_MAX	(BGP_HDR_LEN - 1)
#define NHOLES		8	/* holes remembered per direction for late data */
/* A segment this far outside the stream position is not a retransmission
 * or reordering (cut-out captures reuse sequence numbers): resync there. */
#define SEQ_JUMP	(1u << 24)

struct chunk {			/* data held ahead of a hole */
	struct chunk	*next;
	uint32_t	 seq, len;
	uint64_t	 frame;
	uint8_t		 data[];
};

struct sbuf {			/* a partial (then complete) message */
	struct sbuf	*next;
	uint32_t	 len, cap;
	uint8_t		*p;
};

struct seghash {
	uint32_t	 seq, len, h;
};

struct tdir {
	uint8_t		 started;	/* next is meaningful */
	uint8_t		 synced;	/* framer at a message boundary */
	uint8_t		 fin;
	uint8_t		 ack_valid;
	uint32_t	 base;		/* stream offset 0 (ISN + 1) */
	uint32_t	 next;		/* next expected sequence number */
	uint32_t	 fin_seq;
	uint32_t	 max_ack;	/* highest ACK this side sent */
	struct chunk	*ooo;		/* sorted by seq, non-overlapping */
	uint32_t	 ooo_bytes;
	unsigned	 nooo;
	struct sbuf	*pend;		/* partial message, NULL when none */
	uint32_t	 pend_need;	/* its Length, 0 until the header is in */
	uint64_t	 pend_first;
	uint16_t	 pend_nseg;
	uint64_t	 pend_off;
	struct sbuf	*spare;
	struct sbuf	*retired;
	struct chunk	*retired_chunks;
	uint8_t		 tail[TAIL_MAX];	/* unsynced bytes carried over */
	uint8_t		 ntail;
	uint64_t	 skipped;	/* bytes passed over while unsynced */
	struct seghash	 ring[RING];
	unsigned	 ringpos;
	/* holes passed over because the data after them starts a message
	 * (see seg_data): a segment filling one later is framed alone */
	struct { uint32_t lo, hi; } holes[NHOLES];
	unsigned	 nholes;
	/* the framer inside those holes: a message continued by late data */
	struct sbuf	*late;
	uint32_t	 late_seq, late_need;
	uint64_t	 late_first, late_off;
	uint16_t	 late_nseg;
};

/* The pseudowire is not in the key: an L2TPv3 data header carries the
 * receiver's Session ID, so the two directions of one inner connection
 * arrive with different IDs.  tconn.pw pairs them (see conn_get). */
struct tkey {
	uint32_t	 vantage;
	uint8_t		 depth, af;
	uint8_t		 a[16], b[16];
	uint16_t	 pa, pb;
};

struct tconn {
	struct tkey	 key;
	uint32_t	 id;
	struct tconn	*hnext;
	struct tconn	*lprev, *lnext;	/* LRU: head most recent */
	struct tdir	 d[2];
	struct bgp_neg	 neg;
	struct tcp_conn_facts facts;
	uint32_t	 isn[2];
	uint8_t		 have_isn[2];
	uint32_t	 pw[2];		/* outer L2TP Session ID per direction
					   (0: not seen / not in a PW) */
	struct track_memo bgp_memo[2];	/* tcp_streams_memos */
};

struct tcp_streams {
	struct tconn	*bucket[HASH_BUCKETS];
	struct tconn	*lru_head, *lru_tail;
	unsigned	 nconns;
	uint32_t	 next_id;
	uint16_t	 ports[PREFS_MAX_PORTS + 1];
	unsigned	 nports;
	/* the last control event, so the payload call does not redo it */
	uint64_t	 ev_frame;
	uint32_t	 ev_vantage;
	const void	*ev_pkt;
	uint32_t	 ev_conn;	/* connection of the last event */
	struct tcp_streams_stats st;
};

/* ---- sequence space (RFC 9293 §3.4: modulo 2^32) ---- */

static int seq_lt(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }
static int seq_le(uint32_t a, uint32_t b) { return (int32_t)(a - b) <= 0; }

/* Fingerprint of a segment's bytes, kept to tell a retransmission that
 * differs from the first copy (every in-order segment is hashed). */
static uint32_t
seg_hash(const uint8_t *p, uint32_t n)
{
	return hash_bytes(p, n, 0);
}

/* ---- memory ---- */

static void
held(struct tcp_streams *s, int64_t delta)
{
	s->st.bytes_held = (uint64_t)((int64_t)s->st.bytes_held + delta);
	if (s->st.bytes_held > s->st.bytes_held_max)
		s->st.bytes_held_max = s->st.bytes_held;
}

static void
sbuf_free(struct tcp_streams *s, struct sbuf *b)
{
	if (b == NULL)
		return;
	held(s, -(int64_t)b->cap);
	free(b->p);
	free(b);
}

static void
chunk_free(struct tcp_streams *s, struct tdir *d, struct chunk *c)
{
	(void)d;
	held(s, -(int64_t)c->len);
	free(c);
}

/* Free what the previous segment's messages pointed into. */
static void
release_retired(struct tcp_streams *s, struct tdir *d)
{
	struct sbuf *b, *bn;
	struct chunk *c, *cn;

	for (b = d->retired; b != NULL; b = bn) {
		bn = b->next;
		b->len = 0;
		if (d->spare == NULL) {
			b->next = NULL;
			d->spare = b;
		} else
			sbuf_free(s, b);
	}
	d->retired = NULL;
	for (c = d->retired_chunks; c != NULL; c = cn) {
		cn = c->next;
		chunk_free(s, d, c);
	}
	d->retired_chunks = NULL;
}

static void
drop_ooo(struct tcp_streams *s, struct tdir *d)
{
	struct chunk *c, *cn;

	for (c = d->ooo; c != NULL; c = cn) {
		cn = c->next;
		chunk_free(s, d, c);
	}
	d->ooo = NULL;
	d->ooo_bytes = 0;
	d->nooo = 0;
}

static void
dir_clear(struct tcp_streams *s, struct tdir *d)
{
	release_retired(s, d);
	drop_ooo(s, d);
	sbuf_free(s, d->pend);
	sbuf_free(s, d->spare);
	sbuf_free(s, d->late);
	memset(d, 0, sizeof(*d));
}

/* ---- connections ---- */

static uint32_t
key_hash(const struct tkey *k)
{
	uint32_t h = hash_bytes(k->a, 16, hash_bytes(k->b, 16, 0));

	h ^= ((uint32_t)k->pa << 16 | k->pb) * 2654435761u;
	h ^= k->vantage * 40503u ^ k->depth;
	return h & (HASH_BUCKETS - 1);
}

static int
key_eq(const struct tkey *x, const struct tkey *y)
{
	return x->vantage == y->vantage &&
	    x->depth == y->depth && x->af == y->af && x->pa == y->pa &&
	    x->pb == y->pb && memcmp(x->a, y->a, 16) == 0 &&
	    memcmp(x->b, y->b, 16) == 0;
}

/* Canonical key: the lower (address, port) is a; dir 0 is a -> b. */
static int
make_key(const struct tcp_seg *g, struct tkey *k)
{
	int c;

	memset(k, 0, sizeof(*k));
	k->vantage = g->vantage;
	k->depth = g->depth;
	k->af = g->af;
	c = memcmp(g->src, g->dst, 16);
	if (c == 0)
		c = g->sport < g->dport ? -1 : g->sport > g->dport;
	if (c <= 0) {
		memcpy(k->a, g->src, 16);
		memcpy(k->b, g->dst, 16);
		k->pa = g->sport;
		k->pb = g->dport;
		return 0;
	}
	memcpy(k->a, g->dst, 16);
	memcpy(k->b, g->src, 16);
	k->pa = g->dport;
	k->pb = g->sport;
	return 1;
}

static void
lru_unlink(struct tcp_streams *s, struct tconn *c)
{
	if (c->lprev != NULL)
		c->lprev->lnext = c->lnext;
	else
		s->lru_head = c->lnext;
	if (c->lnext != NULL)
		c->lnext->lprev = c->lprev;
	else
		s->lru_tail = c->lprev;
	c->lprev = c->lnext = NULL;
}

static void
lru_front(struct tcp_streams *s, struct tconn *c)
{
	c->lnext = s->lru_head;
	c->lprev = NULL;
	if (s->lru_head != NULL)
		s->lru_head->lprev = c;
	s->lru_head = c;
	if (s->lru_tail == NULL)
		s->lru_tail = c;
}

static void
conn_destroy(struct tcp_streams *s, struct tconn *c)
{
	struct tconn **pp = &s->bucket[key_hash(&c->key)];

	while (*pp != NULL && *pp != c)
		pp = &(*pp)->hnext;
	if (*pp == c)
		*pp = c->hnext;
	lru_unlink(s, c);
	dir_clear(s, &c->d[0]);
	dir_clear(s, &c->d[1]);
	held(s, -(int64_t)sizeof(*c));
	free(c);
	s->nconns--;
}

static void
anom(struct dctx *ctx, const char *name, enum anom_kind k, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static void
anom(struct dctx *ctx, const char *name, enum anom_kind k, const char *fmt,
    ...)
{
	char buf[ANOM_DETAIL];
	va_list ap;

	if (ctx == NULL || ctx->pkt == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	dctx_anomaly(ctx, name, k, "%s", buf);
}

/*
 * A segment from a pseudowire whose Session ID this connection has not
 * seen in that direction yet, while the other direction has one: is it
 * the same TCP connection?  Its ACK must fall in what the other direction
 * sent (exactly ISN + 1 on a SYN-ACK).  Two pseudowires carrying the same
 * inner addresses and ports between the same hosts thus stay apart.
 */
static int
pw_pairs(const struct tconn *c, int dir, const struct tcp_seg *g)
{
	const struct tdir *o = &c->d[!dir];
	uint32_t lo;

	if (!(g->flags & TCP_ACK))
		return 0;
	if (c->have_isn[!dir])
		lo = c->isn[!dir] + 1;
	else if (o->started)
		lo = o->base;
	else
		return 1;
	if ((g->flags & TCP_SYN) && c->have_isn[!dir])
		return g->ack == lo;
	return seq_le(lo, g->ack) && seq_le(g->ack, o->next + 1u + (1u << 20));
}

static struct tconn *
conn_get(struct tcp_streams *s, struct dctx *ctx, const struct tcp_seg *g,
    int *dir, int create)
{
	struct tkey k;
	struct tconn *c, *pick = NULL;
	uint32_t h, pw = g->l2tp_session;

	*dir = make_key(g, &k);
	h = key_hash(&k);
	for (c = s->bucket[h]; c != NULL; c = c->hnext) {
		if (!key_eq(&c->key, &k))
			continue;
		if (pw == 0) {
			if (c->pw[0] == 0 && c->pw[1] == 0) {
				pick = c;
				break;
			}
			continue;
		}
		if (c->pw[*dir] == pw) {
			pick = c;
			break;
		}
		if (pick == NULL && c->pw[*dir] == 0 && c->pw[!*dir] != 0 &&
		    pw_pairs(c, *dir, g))
			pick = c;	/* unless an exact match follows */
	}
	if (pick != NULL) {
		pick->pw[*dir] = pw;
		lru_unlink(s, pick);
		lru_front(s, pick);
		return pick;
	}
	if (!create)
		return NULL;
	if (s->nconns >= TCP_STREAMS_MAX_CONNS && s->lru_tail != NULL) {
		anom(ctx, "tcp_stream.evicted", AK_NOTE, "more than %u TCP "
		    "connections tracked: least recently seen dropped",
		    TCP_STREAMS_MAX_CONNS);
		s->st.evicted++;
		conn_destroy(s, s->lru_tail);
	}
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->key = k;
	c->pw[*dir] = pw;
	c->id = ++s->next_id;
	c->hnext = s->bucket[h];
	s->bucket[h] = c;
	lru_front(s, c);
	s->nconns++;
	s->st.conns++;
	held(s, (int64_t)sizeof(*c));
	return c;
}

/* A new incarnation on the same 4-tuple (a fresh SYN): start over. */
static void
conn_reset(struct tcp_streams *s, struct tconn *c)
{
	dir_clear(s, &c->d[0]);
	dir_clear(s, &c->d[1]);
	memset(&c->neg, 0, sizeof(c->neg));
	memset(&c->facts, 0, sizeof(c->facts));
	c->have_isn[0] = c->have_isn[1] = 0;
	memset(c->bgp_memo, 0, sizeof(c->bgp_memo));
	c->id = ++s->next_id;
}

/* ---- BGP framing ---- */

struct fctx {
	struct tcp_streams *s;
	struct dctx	*ctx;
	struct tconn	*c;
	int		 dir;
	tcp_msg_fn	 fn;
	void		*arg;
	uint64_t	 frame;
	struct tcp_seg_result *res;
};

static uint32_t
max_len(const struct tconn *c)
{
	if (bgp_neg_both(&c->neg))
		return c->neg.side[0].ext_msg && c->neg.side[1].ext_msg ?
		    BGP_EXT_MAX_LEN : BGP_MAX_LEN;
	return BGP_EXT_MAX_LEN;	/* not known: let the decoder judge */
}

static int
is_marker(const uint8_t *p)
{
	unsigned i;

	for (i = 0; i < 16; i++)
		if (p[i] != 0xff)
			return 0;
	return 1;
}

/* Strict test used to find a message boundary after a gap. */
static int
header_plausible(const struct tconn *c, const uint8_t *p)
{
	uint32_t len = (uint32_t)p[16] << 8 | p[17];
	static const uint16_t minlen[6] = { 0, 29, 23, 21, 19, 23 };
	uint8_t type = p[18];

	if (!is_marker(p) || type < 1 || type > 5)
		return 0;
	if (len < minlen[type] || len > max_len(c))
		return 0;
	if (type == BGP_KEEPALIVE && len != BGP_HDR_LEN)
		return 0;
	if (type == BGP_OPEN && len > BGP_MAX_LEN)
		return 0;
	return 1;
}

static uint64_t
stream_off(const struct tdir *d, uint32_t seq)
{
	return (uint32_t)(seq - d->base);
}

static void
deliver(struct fctx *f, const uint8_t *base, uint32_t len, uint32_t cap,
    uint64_t first, uint16_t nseg, uint64_t off)
{
	struct tcp_msg m;

	memset(&m, 0, sizeof(m));
	m.base = base;
	m.len = len;
	m.cap = cap;
	m.first_frame = first;
	m.last_frame = f->frame;
	m.nseg = nseg;
	m.dir = (uint8_t)f->dir;
	m.conn = f->c->id;
	m.stream_off = off;
	m.neg = &f->c->neg;
	if (f->res != NULL)
		f->res->nmsg++;
	if (f->fn != NULL)
		f->fn(f->arg, f->ctx, &m);
}

/*
 * Hold n more bytes of the message being framed; whole is its length when
 * known (0: not yet).  A buffer is that long, not rounded up: a table dump
 * is mostly short UPDATEs, and 10,000 connections in one hold one each
 * (at 4 KiB apiece that was a sixth of the heap).
 */
static int
pend_append(struct fctx *f, struct tdir *d, const uint8_t *p, uint32_t n,
    uint32_t whole)
{
	struct sbuf *b = d->pend;
	uint32_t want;

	if (b == NULL) {
		if ((b = d->spare) != NULL)
			d->spare = NULL;
		else if ((b = calloc(1, sizeof(*b))) == NULL)
			return -1;
		b->next = NULL;
		b->len = 0;
		d->pend = b;
		d->pend_need = 0;
		d->pend_nseg = 0;
		d->pend_first = f->frame;
	}
	want = b->len + n;
	if (want > b->cap) {
		uint32_t ncap = whole >= want ? whole : b->cap < 64 ? 64 :
		    b->cap;
		uint8_t *np;

		while (ncap < want)
			ncap *= 2;
		if ((np = realloc(b->p, ncap)) == NULL)
			return -1;
		held(f->s, (int64_t)ncap - (int64_t)b->cap);
		b->p = np;
		b->cap = ncap;
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
	return 0;
}

static void
pend_drop(struct tdir *d)
{
	if (d->pend == NULL)
		return;
	d->pend->len = 0;
	d->pend->next = d->retired;	/* may still be referenced? no: never */
	d->retired = d->pend;		/* delivered; freed next segment */
	d->pend = NULL;
	d->pend_need = 0;
}

/* Retire a buffer that is not the current partial message. */
static void
pend_drop_buf(struct tdir *d, struct sbuf *b)
{
	b->len = 0;
	b->next = d->retired;
	d->retired = b;
}

static void
lose_sync(struct fctx *f, struct tdir *d, uint64_t off, const char *why)
{
	anom(f->ctx, "bgp.lost_sync", AK_MALFORMED, "%s at stream offset "
	    "%llu: looking for the next marker", why,
	    (unsigned long long)off);
	d->synced = 0;
	d->ntail = 0;
	d->skipped = 0;
}

/*
 * Unsynced: look for a plausible header in tail || p.  Returns bytes of p
 * consumed; on success synced is set (and pend may hold tail bytes).
 */
static uint32_t
resync(struct fctx *f, struct tdir *d, const uint8_t *p, uint32_t n,
    uint64_t off)
{
	uint8_t win[BGP_HDR_LEN];
	uint32_t total = d->ntail + n, k, j, keep;

	for (k = 0; k + BGP_HDR_LEN <= total; k++) {
		uint8_t first = k < d->ntail ? d->tail[k] : p[k - d->ntail];

		if (first != 0xff)
			continue;
		for (j = 0; j < BGP_HDR_LEN; j++)
			win[j] = k + j < d->ntail ? d->tail[k + j] :
			    p[k + j - d->ntail];
		/* right where framing (re)starts, a whole marker and a
		 * length in range are enough: a wrong type or a too short
		 * message is then the decoder's anomaly, not a reason to
		 * skip it; further in, the header must be plausible */
		if (!header_plausible(f->c, win) && !(k == 0 &&
		    d->skipped == 0 && is_marker(win) &&
		    ((uint32_t)win[16] << 8 | win[17]) >= BGP_HDR_LEN &&
		    ((uint32_t)win[16] << 8 | win[17]) <= max_len(f->c)))
			continue;
		d->skipped += k;
		if (d->skipped > 0)
			anom(f->ctx, "bgp.resync", AK_NOTE, "framing resumed "
			    "after %llu bytes that are not a message start "
			    "(stream offset %llu)",
			    (unsigned long long)d->skipped,
			    (unsigned long long)(off + k - d->ntail));
		d->synced = 1;
		d->skipped = 0;
		if (k < d->ntail) {
			uint32_t nt = d->ntail - k;

			d->ntail = 0;
			if (pend_append(f, d, d->tail + k, nt, 0) < 0)
				return n;
			d->pend_off = off - nt;
			d->pend_nseg = 1;
			return 0;
		}
		d->ntail = 0;
		return k - (total - n);
	}
	keep = total < TAIL_MAX ? total : TAIL_MAX;
	d->skipped += total - keep;
	if (keep > 0) {
		uint8_t t[TAIL_MAX];

		for (j = 0; j < keep; j++) {
			k = total - keep + j;
			t[j] = k < d->ntail ? d->tail[k] : p[k - d->ntail];
		}
		memcpy(d->tail, t, keep);
	}
	d->ntail = (uint8_t)keep;
	return n;
}

/*
 * Frame n captured bytes at stream offset off (of wire bytes wire >= n).
 * src is the frame the bytes came from.
 */
static void
frame_bytes(struct fctx *f, struct tdir *d, const uint8_t *p, uint32_t n,
    uint32_t wire, uint64_t off, uint64_t src)
{
	uint32_t i = 0;
	int counted = 0;

	while (i < n) {
		if (!d->synced) {
			i += resync(f, d, p + i, n - i, off + i);
			continue;
		}
		if (d->pend != NULL) {
			struct sbuf *b = d->pend;
			uint32_t take, mlen;

			if (!counted) {
				d->pend_nseg++;
				counted = 1;
				/* held data can be older than the first byte */
				if (src < d->pend_first)
					d->pend_first = src;
			}
			if (b->len < BGP_HDR_LEN) {
				take = BGP_HDR_LEN - b->len;
				if (take > n - i)
					take = n - i;
				if (pend_append(f, d, p + i, take, 0) < 0)
					return;
				i += take;
				if (b->len < BGP_HDR_LEN)
					break;
				mlen = (uint32_t)b->p[16] << 8 | b->p[17];
				if (!is_marker(b->p) || mlen < BGP_HDR_LEN ||
				    mlen > max_len(f->c)) {
					lose_sync(f, d, d->pend_off,
					    is_marker(b->p) ? "bad message "
					    "length" : "bad marker");
					memcpy(d->tail, b->p + 1, TAIL_MAX);
					d->ntail = TAIL_MAX;
					pend_drop(d);
					continue;
				}
				d->pend_need = mlen;
			}
			take = d->pend_need - b->len;
			if (take > n - i)
				take = n - i;
			if (take > 0 && pend_append(f, d, p + i, take,
			    d->pend_need) < 0)
				return;
			i += take;
			if (b->len == d->pend_need) {
				deliver(f, b->p, b->len, b->len, d->pend_first,
				    d->pend_nseg, d->pend_off);
				d->pend = NULL;
				b->next = d->retired;
				d->retired = b;
			}
			continue;
		}
		/* at a boundary, in place */
		{
			uint32_t rem = n - i, len;

			if (rem < BGP_HDR_LEN) {
				if (wire > n) {
					/* header cut by the capture: gap */
					break;
				}
				if (pend_append(f, d, p + i, rem, 0) < 0)
					return;
				d->pend_first = src;
				d->pend_off = off + i;
				d->pend_nseg = 1;
				i = n;
				break;
			}
			len = (uint32_t)p[i + 16] << 8 | p[i + 17];
			if (!is_marker(p + i) || len < BGP_HDR_LEN ||
			    len > max_len(f->c)) {
				lose_sync(f, d, off + i, is_marker(p + i) ?
				    "bad message length" : "bad marker");
				continue;
			}
			if (len <= rem) {
				deliver(f, p + i, len, len, src, 1, off + i);
				i += len;
				continue;
			}
			if (wire > n && len <= wire - i) {
				/* whole message on the wire, cut by snaplen */
				deliver(f, p + i, len, rem, src, 1, off + i);
				i = n;
				break;
			}
			if (pend_append(f, d, p + i, rem, len) < 0)
				return;
			d->pend_first = src;
			d->pend_off = off + i;
			d->pend_need = len;
			d->pend_nseg = 1;
			i = n;
		}
	}
}

/* Bytes up to seq are missing (lost by the capture, or passed over):
 * mark it and resynchronise. */
static void
declare_gap(struct fctx *f, struct tdir *d, uint32_t seq, const char *why)
{
	anom(f->ctx, "tcp_stream.gap", AK_NOTE, "%u bytes missing at "
	    "stream offset %llu (%s)", (uint32_t)(seq - d->next),
	    (unsigned long long)stream_off(d, d->next), why);
	if (d->pend != NULL)
		anom(f->ctx, "bgp.lost_partial", AK_TRUNCATED, "a message of "
		    "which %u bytes were seen lies across the gap",
		    d->pend->len);
	pend_drop(d);
	d->synced = 0;
	d->ntail = 0;
	d->skipped = 0;
	d->next = seq;
	f->c->facts.gaps[f->dir]++;
	f->s->st.gaps++;
}

/* In-order data at d->next (already trimmed). */
static void
take_in_order(struct fctx *f, struct tdir *d, const uint8_t *p,
    uint32_t caplen, uint32_t len, uint64_t src)
{
	uint64_t off = stream_off(d, d->next);

	frame_bytes(f, d, p, caplen, len, off, src);
	f->c->facts.bytes[f->dir] += caplen;
	d->next += caplen;
	if (caplen < len) {
		anom(f->ctx, "tcp_stream.snaplen", AK_TRUNCATED, "%u payload "
		    "bytes not captured", len - caplen);
		if (d->pend != NULL)
			anom(f->ctx, "bgp.lost_partial", AK_TRUNCATED,
			    "a message of which %u bytes were seen was cut",
			    d->pend->len);
		pend_drop(d);
		d->synced = 0;
		d->ntail = 0;
		d->skipped = 0;
		d->next += len - caplen;
		f->c->facts.gaps[f->dir]++;
	}
}

static void
deliver_ooo(struct fctx *f, struct tdir *d)
{
	struct chunk *c;

	while ((c = d->ooo) != NULL && seq_le(c->seq, d->next)) {
		uint32_t skip = d->next - c->seq;

		d->ooo = c->next;
		d->ooo_bytes -= c->len;
		d->nooo--;
		if (skip < c->len)
			take_in_order(f, d, c->data + skip, c->len - skip,
			    c->len - skip, c->frame);
		c->next = d->retired_chunks;
		d->retired_chunks = c;
	}
}

/* Insert [seq, seq+n) ahead of the hole; first copy wins. */
static int
store_ooo(struct fctx *f, struct tdir *d, uint32_t seq, const uint8_t *p,
    uint32_t n)
{
	struct chunk **pp = &d->ooo, *c;
	uint32_t cur = seq, end = seq + n;

	while (seq_lt(cur, end)) {
		uint32_t pe;

		while (*pp != NULL && seq_le((*pp)->seq + (*pp)->len, cur))
			pp = &(*pp)->next;
		c = *pp;
		if (c != NULL && seq_le(c->seq, cur)) {
			/* overlap with held bytes: compare, keep the old */
			uint32_t oe = seq_lt(end, c->seq + c->len) ? end :
			    c->seq + c->len;

			if (memcmp(c->data + (cur - c->seq), p + (cur - seq),
			    oe - cur) != 0) {
				anom(f->ctx, "tcp_stream.retrans_differs",
				    AK_MALFORMED, "overlapping bytes at stream "
				    "offset %llu differ from the first copy",
				    (unsigned long long)stream_off(d, cur));
				f->c->facts.retrans_differ[f->dir]++;
				f->s->st.retrans_differ++;
			}
			cur = oe;
			continue;
		}
		pe = c != NULL && seq_lt(c->seq, end) ? c->seq : end;
		{
			uint32_t m = pe - cur;
			struct chunk *nc;

			if (f->s->st.bytes_held + m > TCP_STREAMS_MAX_BYTES) {
				anom(f->ctx, "tcp_stream.cap_total",
				    AK_NOTE, "stream buffers full (%u bytes "
				    "in all): held data dropped",
				    TCP_STREAMS_MAX_BYTES);
				f->s->st.cap_drops++;
				return -1;
			}
			if ((nc = malloc(sizeof(*nc) + m)) == NULL)
				return -1;
			nc->seq = cur;
			nc->len = m;
			nc->frame = f->frame;
			memcpy(nc->data, p + (cur - seq), m);
			nc->next = c;
			*pp = nc;
			pp = &nc->next;
			d->ooo_bytes += m;
			d->nooo++;
			held(f->s, (int64_t)m);
			cur = pe;
		}
	}
	return 0;
}

/* ---- holes passed over (cut-out captures, reordering) ---- */

/* Remember [lo, hi) as a hole passed over; the oldest is forgotten. */
static void
hole_add(struct tdir *d, uint32_t lo, uint32_t hi)
{
	if (d->nholes == NHOLES) {
		memmove(d->holes, d->holes + 1, sizeof(d->holes[0]) *
		    (NHOLES - 1));
		d->nholes--;
	}
	d->holes[d->nholes].lo = lo;
	d->holes[d->nholes].hi = hi;
	d->nholes++;
}

/* The framer state that late_fill swaps out and back. */
struct fstate {
	uint8_t		 synced, ntail;
	uint8_t		 tail[TAIL_MAX];
	uint64_t	 skipped;
	struct sbuf	*pend;
	uint32_t	 pend_need;
	uint64_t	 pend_first, pend_off;
	uint16_t	 pend_nseg;
};

static void
fstate_save(const struct tdir *d, struct fstate *st)
{
	st->synced = d->synced;
	st->ntail = d->ntail;
	memcpy(st->tail, d->tail, TAIL_MAX);
	st->skipped = d->skipped;
	st->pend = d->pend;
	st->pend_need = d->pend_need;
	st->pend_first = d->pend_first;
	st->pend_off = d->pend_off;
	st->pend_nseg = d->pend_nseg;
}

static void
fstate_load(struct tdir *d, const struct fstate *st)
{
	d->synced = st->synced;
	d->ntail = st->ntail;
	memcpy(d->tail, st->tail, TAIL_MAX);
	d->skipped = st->skipped;
	d->pend = st->pend;
	d->pend_need = st->pend_need;
	d->pend_first = st->pend_first;
	d->pend_off = st->pend_off;
	d->pend_nseg = st->pend_nseg;
}

/* Frame a segment's bytes on their own (a differing retransmission):
 * whole messages from a message start only; the stream is untouched. */
static void
frame_alone(struct fctx *f, struct tdir *d, uint32_t seq, const uint8_t *p,
    uint32_t caplen, uint32_t len)
{
	struct fstate main_st, alone;

	if (caplen < BGP_HDR_LEN || !is_marker(p))
		return;
	memset(&alone, 0, sizeof(alone));
	alone.synced = 1;
	fstate_save(d, &main_st);
	fstate_load(d, &alone);
	frame_bytes(f, d, p, caplen, len, stream_off(d, seq), f->frame);
	if (d->pend != NULL)
		pend_drop(d);
	fstate_load(d, &main_st);
}

/*
 * Data inside a hole passed over earlier: it was reordered, not lost.
 * The hole began at a message boundary (that is when holes are passed
 * over), so its bytes are framed by a second framer of their own, which
 * carries a message across late segments that arrive in order (d->late).
 * Returns 1 when the segment was such data.
 */
static int
late_fill(struct fctx *f, struct tdir *d, uint32_t seq, const uint8_t *p,
    uint32_t caplen, uint32_t len)
{
	struct fstate main_st, late_st;
	unsigned i;
	uint32_t end = seq + len;

	for (i = 0; i < d->nholes; i++)
		if (seq_le(d->holes[i].lo, seq) && seq_le(end, d->holes[i].hi))
			break;
	if (i == d->nholes)
		return 0;
	memset(&late_st, 0, sizeof(late_st));
	if (d->late != NULL && d->late_seq == seq) {
		late_st.synced = 1;
		late_st.pend = d->late;
		late_st.pend_need = d->late_need;
		late_st.pend_first = d->late_first;
		late_st.pend_off = d->late_off;
		late_st.pend_nseg = d->late_nseg;
		d->late = NULL;
	} else if (seq == d->holes[i].lo && caplen >= BGP_HDR_LEN &&
	    header_plausible(f->c, p)) {
		late_st.synced = 1;
	} else {
		anom(f->ctx, "tcp_stream.late_data", AK_NOTE, "%u bytes for a "
		    "hole passed over at stream offset %llu arrived late and "
		    "do not continue a message: not framed", len,
		    (unsigned long long)stream_off(d, seq));
		return 1;
	}
	if (d->late != NULL) {		/* a late message that never ended */
		pend_drop_buf(d, d->late);
		d->late = NULL;
	}
	anom(f->ctx, "tcp_stream.late_data", AK_NOTE, "%u bytes for a hole "
	    "passed over at stream offset %llu arrived late (reordered, "
	    "not lost): framed on their own", len,
	    (unsigned long long)stream_off(d, seq));
	fstate_save(d, &main_st);
	fstate_load(d, &late_st);
	frame_bytes(f, d, p, caplen, len, stream_off(d, seq), f->frame);
	if (d->pend != NULL && d->synced && caplen == len) {
		d->late = d->pend;
		d->late_seq = end;
		d->late_need = d->pend_need;
		d->late_first = d->pend_first;
		d->late_off = d->pend_off;
		d->late_nseg = d->pend_nseg;
	} else if (d->pend != NULL)
		pend_drop(d);
	fstate_load(d, &main_st);
	if (seq == d->holes[i].lo)
		d->holes[i].lo = end;
	else if (end == d->holes[i].hi)
		d->holes[i].hi = seq;
	if (!seq_lt(d->holes[i].lo, d->holes[i].hi)) {
		memmove(d->holes + i, d->holes + i + 1, sizeof(d->holes[0]) *
		    (d->nholes - i - 1));
		d->nholes--;
	}
	return 1;
}

static void
seg_data(struct fctx *f, const struct tcp_seg *g)
{
	struct tconn *c = f->c;
	struct tdir *d = &c->d[f->dir], *r = &c->d[!f->dir];
	uint32_t seq = g->seq, len = g->len, caplen = g->caplen;
	const uint8_t *p = g->data;
	uint32_t end;

	if (caplen > len)
		caplen = len;
	if (g->flags & TCP_SYN)
		seq++;		/* data on a SYN follows the ISN */
	if (len == 0)
		return;
	if (!d->started) {
		/* capture began mid-stream: find a boundary first */
		d->started = 1;
		d->next = seq;
		d->base = seq;
		d->synced = 0;
	}
	{
		int32_t dist = (int32_t)(seq - d->next);

		if (dist > (int32_t)SEQ_JUMP || dist < -(int32_t)SEQ_JUMP) {
			anom(f->ctx, "tcp_stream.seq_jump", AK_NOTE, "sequence "
			    "number %u is %s the stream position by more than "
			    "%u bytes: framing restarts there (a cut-out "
			    "capture or a reused 4-tuple)", seq, dist > 0 ?
			    "ahead of" : "behind", SEQ_JUMP);
			if (d->pend != NULL)
				anom(f->ctx, "bgp.lost_partial", AK_TRUNCATED,
				    "a message of which %u bytes were seen was "
				    "never completed", d->pend->len);
			pend_drop(d);
			drop_ooo(f->s, d);
			if (d->late != NULL)
				pend_drop_buf(d, d->late);
			d->late = NULL;
			d->nholes = 0;
			d->next = seq;
			d->synced = 0;
			d->ntail = 0;
			d->skipped = 0;
			c->facts.gaps[f->dir]++;
			f->s->st.gaps++;
		}
	}
	end = seq + len;
	if (d->fin && seq_lt(d->fin_seq, end))
		anom(f->ctx, "tcp_stream.data_after_fin", AK_MALFORMED,
		    "data beyond the FIN at stream offset %llu",
		    (unsigned long long)stream_off(d, d->fin_seq));
	if (seq_le(end, d->next)) {
		unsigned i;

		if (d->nholes > 0 && late_fill(f, d, seq, p, caplen, len)) {
			if (f->res->nmsg == 0)
				f->res->seg = BGPS_PARTIAL;
			return;
		}
		c->facts.retrans[f->dir]++;
		f->s->st.retrans++;
		f->res->seg = BGPS_RETRANS;
		for (i = 0; i < RING; i++)
			if (d->ring[i].len == len && d->ring[i].seq == seq &&
			    caplen == len) {
				if (d->ring[i].h != seg_hash(p, len)) {
					anom(f->ctx, "tcp_stream.retrans_differs",
					    AK_MALFORMED, "retransmitted bytes at "
					    "stream offset %llu differ from the "
					    "first copy",
					    (unsigned long long)stream_off(d, seq));
					c->facts.retrans_differ[f->dir]++;
					f->s->st.retrans_differ++;
					/* the stream keeps the first copy; what
					 * this one says is shown on its own */
					frame_alone(f, d, seq, p, caplen, len);
				}
				break;
			}
		return;
	}
	if (seq_lt(seq, d->next)) {
		uint32_t trim = d->next - seq;

		c->facts.retrans[f->dir]++;
		f->s->st.retrans++;
		p += trim < caplen ? trim : caplen;
		caplen = trim < caplen ? caplen - trim : 0;
		len -= trim;
		seq = d->next;
	}
	/* a hole the peer already acknowledged was lost by the capture */
	if (seq != d->next && r->ack_valid && seq_le(seq, r->max_ack) &&
	    d->ooo == NULL)
		declare_gap(f, d, seq, "acknowledged by the peer: lost by "
		    "the capture");
	if (d->ooo != NULL && r->ack_valid && seq_lt(d->next, r->max_ack) &&
	    seq_lt(d->next, d->ooo->seq) && seq_le(d->ooo->seq, r->max_ack)) {
		declare_gap(f, d, d->ooo->seq, "acknowledged by the peer: "
		    "lost by the capture");
		deliver_ooo(f, d);
	}
	if (seq_lt(seq, d->next)) {	/* the delivery above covered part */
		uint32_t trim = d->next - seq;

		if (trim >= len)
			return;
		p += trim < caplen ? trim : caplen;
		caplen = trim < caplen ? caplen - trim : 0;
		len -= trim;
		seq = d->next;
	}
	if (seq == d->next) {
		d->ring[d->ringpos].seq = seq;
		d->ring[d->ringpos].len = len;
		d->ring[d->ringpos].h = caplen == len ? seg_hash(p, len) : 0;
		d->ringpos = (d->ringpos + 1) % RING;
		take_in_order(f, d, p, caplen, len, f->frame);
		deliver_ooo(f, d);
		if (f->res->nmsg == 0)
			f->res->seg = d->synced ? BGPS_PARTIAL : BGPS_SKIPPED;
		return;
	}
	/*
	 * Ahead of a hole, at a message start, with no message open before
	 * the hole: frame it now rather than hold it.  Captures cut out of
	 * longer sessions have holes nobody fills; when the hole does come
	 * (reordering), late_fill() frames it on its own, so each message
	 * still shows on the frame that carried it.
	 */
	if (d->ooo == NULL && d->pend == NULL && d->ntail == 0 &&
	    caplen >= BGP_HDR_LEN && header_plausible(c, p)) {
		uint32_t lo = d->next;

		declare_gap(f, d, seq, "passed over: the data after it starts "
		    "a message; the hole is framed on its own if it arrives "
		    "later");
		hole_add(d, lo, seq);
		d->synced = 1;
		take_in_order(f, d, p, caplen, len, f->frame);
		if (f->res->nmsg == 0)
			f->res->seg = BGPS_PARTIAL;
		return;
	}
	f->res->seg = BGPS_OOO;
	if (d->nooo >= TCP_STREAM_MAX_OOO ||
	    d->ooo_bytes + caplen > TCP_STREAM_MAX_DIR_BYTES) {
		anom(f->ctx, "tcp_stream.cap_stream", AK_NOTE, "more than %u "
		    "segments or %u bytes held ahead of a hole: the hole is "
		    "taken as lost", TCP_STREAM_MAX_OOO,
		    TCP_STREAM_MAX_DIR_BYTES);
		f->s->st.cap_drops++;
		declare_gap(f, d, d->ooo != NULL ? d->ooo->seq : seq,
		    "buffer cap");
		deliver_ooo(f, d);
		if (seq_lt(d->next, seq))
			declare_gap(f, d, seq, "buffer cap");
		if (seq == d->next) {
			take_in_order(f, d, p, caplen, len, f->frame);
			deliver_ooo(f, d);
			return;
		}
		if (seq_lt(seq, d->next))
			return;
	}
	if (store_ooo(f, d, seq, p, caplen) < 0) {
		drop_ooo(f->s, d);
		declare_gap(f, d, seq, "buffer cap");
		take_in_order(f, d, p, caplen, len, f->frame);
	}
}

/* ---- control: handshake, FIN, RST, ACKs, windows ---- */

static void
seg_control(struct tcp_streams *s, struct dctx *ctx, struct tconn *c,
    int dir, const struct tcp_seg *g)
{
	struct tdir *d = &c->d[dir];
	struct tcp_conn_facts *fa = &c->facts;

	release_retired(s, d);
	if (g->flags & TCP_SYN) {
		if (!(g->flags & TCP_ACK) && (c->have_isn[dir] ?
		    c->isn[dir] != g->seq : d->started)) {
			anom(ctx, "tcp_stream.new_connection", AK_NOTE,
			    "new SYN on a tracked 4-tuple: stream state reset");
			conn_reset(s, c);
			d = &c->d[dir];
			fa = &c->facts;
		}
		if (!c->have_isn[dir] || c->isn[dir] != g->seq) {
			c->have_isn[dir] = 1;
			c->isn[dir] = g->seq;
			if (d->started && d->next != g->seq + 1)
				dir_clear(s, d);
			d->started = 1;
			d->synced = 1;
			d->base = g->seq + 1;
			d->next = g->seq + 1;
		}
		if (g->flags & TCP_ACK)
			fa->synack[dir] = 1;
		else
			fa->syn[dir] = 1;
	} else if ((g->flags & TCP_ACK) && fa->syn[dir] && fa->synack[!dir])
		fa->handshake = 1;
	if (g->flags & TCP_FIN) {
		d->fin = 1;
		fa->fin[dir] = 1;
		d->fin_seq = g->seq + g->len + ((g->flags & TCP_SYN) ? 1 : 0);
	}
	if (g->flags & TCP_RST)
		fa->rst[dir] = 1;
	if ((g->flags & TCP_ACK) && !(g->flags & TCP_RST)) {
		if (!d->ack_valid || seq_lt(d->max_ack, g->ack))
			d->max_ack = g->ack;
		d->ack_valid = 1;
		if (g->win == 0 && !(g->flags & (TCP_SYN | TCP_FIN)))
			fa->zero_win[dir]++;
	}
	if (g->md5)
		fa->md5 = 1;
	fa->last_ts[dir] = g->ts_ns;
}

/* ---- building a segment from a packet ---- */

static int
seg_from_packet(const struct packet *pkt, unsigned ti, uint32_t vantage,
    uint64_t frame, int64_t ts, struct tcp_seg *g)
{
	const struct layer *t, *ip = NULL;
	unsigned i;

	if (pkt == NULL || ti >= pkt->nlayers)
		return -1;
	t = &pkt->layers[ti];
	if (t->proto != PROTO_TCP)
		return -1;
	memset(g, 0, sizeof(*g));
	for (i = ti; i-- > 0;) {
		const struct layer *l = &pkt->layers[i];

		if (ip == NULL && l->depth == t->depth &&
		    (l->proto == PROTO_IPV4 || l->proto == PROTO_IPV6))
			ip = l;
		if (l->depth < t->depth && l->proto == PROTO_L2TP) {
			g->l2tp_session = l->u.l2tp.session_id;
			break;
		}
	}
	if (ip == NULL)
		return -1;
	if (ip->proto == PROTO_IPV4) {
		g->af = 4;
		g->src[0] = (uint8_t)(ip->u.ipv4.src >> 24);
		g->src[1] = (uint8_t)(ip->u.ipv4.src >> 16);
		g->src[2] = (uint8_t)(ip->u.ipv4.src >> 8);
		g->src[3] = (uint8_t)ip->u.ipv4.src;
		g->dst[0] = (uint8_t)(ip->u.ipv4.dst >> 24);
		g->dst[1] = (uint8_t)(ip->u.ipv4.dst >> 16);
		g->dst[2] = (uint8_t)(ip->u.ipv4.dst >> 8);
		g->dst[3] = (uint8_t)ip->u.ipv4.dst;
	} else {
		g->af = 6;
		memcpy(g->src, ip->u.ipv6.src, 16);
		memcpy(g->dst, ip->u.ipv6.dst, 16);
	}
	g->vantage = vantage;
	g->depth = t->depth;
	g->sport = t->u.tcp.sport;
	g->dport = t->u.tcp.dport;
	g->seq = t->u.tcp.seq;
	g->ack = t->u.tcp.ack;
	g->flags = t->u.tcp.flags;
	g->win = t->u.tcp.win;
	g->md5 = t->u.tcp.md5;
	g->len = t->u.tcp.payload_len;
	g->frame = frame;
	g->ts_ns = ts;
	return 0;
}

/* ---- public ---- */

struct tcp_streams *
tcp_streams_new(const struct prefs *p)
{
	struct tcp_streams *s = calloc(1, sizeof(*s));
	unsigned i;

	if (s == NULL)
		return NULL;
	s->ports[s->nports++] = 179;
	if (p != NULL)
		for (i = 0; i < p->n_bgp_ports && i < PREFS_MAX_PORTS; i++)
			s->ports[s->nports++] = p->bgp_ports[i];
	return s;
}

void
tcp_streams_free(struct tcp_streams *s)
{
	if (s == NULL)
		return;
	while (s->lru_head != NULL)
		conn_destroy(s, s->lru_head);
	free(s);
}

/* Counts what end of input released (see tcp_streams_finish). */
struct endctx {
	struct tcp_streams *s;
	tcp_msg_fn	 fn;
	void		*arg;
};

static void
end_msg(void *arg, struct dctx *ctx, const struct tcp_msg *m)
{
	struct endctx *e = arg;

	e->s->st.end_msgs++;
	if (e->fn != NULL)
		e->fn(e->arg, ctx, m);
}

void
tcp_streams_finish(struct tcp_streams *s, tcp_msg_fn fn, void *arg)
{
	struct endctx e = { s, fn, arg };
	struct tcp_seg_result res;
	struct tconn *c;
	int dir;

	if (s == NULL)
		return;
	for (c = s->lru_head; c != NULL; c = c->lnext)
		for (dir = 0; dir < 2; dir++) {
			struct tdir *d = &c->d[dir];
			struct fctx f;

			if (d->ooo == NULL)
				continue;
			release_retired(s, d);
			memset(&f, 0, sizeof(f));
			memset(&res, 0, sizeof(res));
			f.s = s;
			f.c = c;
			f.dir = dir;
			f.fn = end_msg;
			f.arg = &e;
			f.frame = d->ooo->frame;
			f.res = &res;
			s->st.end_held_bytes += d->ooo_bytes;
			while (d->ooo != NULL) {
				declare_gap(&f, d, d->ooo->seq, "end of input");
				deliver_ooo(&f, d);
			}
			release_retired(s, d);
		}
}

int
tcp_streams_is_bgp_port(const struct tcp_streams *s, uint16_t port)
{
	unsigned i;

	for (i = 0; i < s->nports; i++)
		if (s->ports[i] == port)
			return 1;
	return 0;
}

void
tcp_streams_event(struct tcp_streams *s, const struct event *ev)
{
	struct tcp_seg g;
	struct tconn *c;
	int dir;

	if (s != NULL)
		s->ev_conn = 0;
	if (s == NULL || ev->kind != EV_TCP_SEGMENT || ev->pkt == NULL ||
	    ev->layer == NULL || ev->layer < ev->pkt->layers ||
	    ev->layer >= ev->pkt->layers + ev->pkt->nlayers)
		return;
	if (!tcp_streams_is_bgp_port(s, ev->layer->u.tcp.sport) &&
	    !tcp_streams_is_bgp_port(s, ev->layer->u.tcp.dport))
		return;
	if (seg_from_packet(ev->pkt, (unsigned)(ev->layer - ev->pkt->layers),
	    ev->vantage, ev->frame, ev->ts_ns, &g) < 0)
		return;
	if ((c = conn_get(s, NULL, &g, &dir, 1)) == NULL)
		return;
	seg_control(s, NULL, c, dir, &g);
	s->ev_conn = c->id;
	s->ev_frame = ev->frame;
	s->ev_vantage = ev->vantage;
	s->ev_pkt = ev->pkt;
}

static void
segment(struct tcp_streams *s, struct dctx *ctx, const struct tcp_seg *g,
    int do_control, tcp_msg_fn fn, void *arg, struct tcp_seg_result *res)
{
	struct fctx f;
	struct tconn *c;
	int dir;
	struct tcp_seg_result local;

	if (res == NULL)
		res = &local;
	memset(res, 0, sizeof(*res));
	if ((c = conn_get(s, ctx, g, &dir, 1)) == NULL)
		return;
	if (do_control)
		seg_control(s, ctx, c, dir, g);
	else
		release_retired(s, &c->d[dir]);
	memset(&f, 0, sizeof(f));
	f.s = s;
	f.ctx = ctx;
	f.c = c;
	f.dir = dir;
	f.fn = fn;
	f.arg = arg;
	f.frame = g->frame;
	f.res = res;
	res->conn = c->id;
	res->dir = (uint8_t)dir;
	seg_data(&f, g);
}

void
tcp_streams_segment(struct tcp_streams *s, struct dctx *ctx,
    const struct tcp_seg *g, tcp_msg_fn fn, void *arg,
    struct tcp_seg_result *res)
{
	segment(s, ctx, g, 1, fn, arg, res);
}

int
tcp_streams_payload(struct tcp_streams *s, struct dctx *ctx,
    const struct cursor *payload, tcp_msg_fn fn, void *arg,
    struct tcp_seg_result *res)
{
	struct tcp_seg g;
	uint32_t vantage = ctx->frame != NULL ? ctx->frame->vantage : 0;
	uint64_t frame = ctx->frame != NULL ? ctx->frame->number : 0;
	int64_t ts = ctx->frame != NULL ? ctx->frame->ts_ns : 0;
	int ctl;

	if (ctx->cur_layer == 0 || seg_from_packet(ctx->pkt, ctx->cur_layer - 1,
	    vantage, frame, ts, &g) < 0)
		return -1;
	g.data = payload->base + payload->pos;
	g.caplen = (uint32_t)cur_avail(payload);
	g.len = (uint32_t)cur_left(payload);
	/* the event for this very segment already did the control part */
	ctl = !(s->ev_pkt == (const void *)ctx->pkt && s->ev_frame == frame &&
	    s->ev_vantage == vantage);
	segment(s, ctx, &g, ctl, fn, arg, res);
	s->ev_pkt = NULL;
	return 0;
}

static struct tconn *
conn_by_id(const struct tcp_streams *s, uint32_t id)
{
	struct tconn *c;

	for (c = s->lru_head; c != NULL; c = c->lnext)
		if (c->id == id)
			return c;
	return NULL;
}

const struct tcp_conn_facts *
tcp_streams_facts(const struct tcp_streams *s, uint32_t id)
{
	const struct tconn *c = conn_by_id(s, id);

	return c != NULL ? &c->facts : NULL;
}

const struct bgp_neg *
tcp_streams_neg(const struct tcp_streams *s, uint32_t id)
{
	const struct tconn *c = conn_by_id(s, id);

	return c != NULL ? &c->neg : NULL;
}

uint32_t
tcp_streams_event_conn(const struct tcp_streams *s)
{
	return s != NULL ? s->ev_conn : 0;
}

struct track_memo *
tcp_streams_memos(struct tcp_streams *s, uint32_t id)
{
	struct tconn *c = s != NULL && id != 0 ? conn_by_id(s, id) : NULL;

	return c != NULL ? c->bgp_memo : NULL;
}

int
tcp_streams_conn_pw(const struct tcp_streams *s, uint32_t id, uint32_t pw[2])
{
	const struct tconn *c = s != NULL ? conn_by_id(s, id) : NULL;

	if (c == NULL)
		return -1;
	pw[0] = c->pw[0];
	pw[1] = c->pw[1];
	return 0;
}

const struct tcp_streams_stats *
tcp_streams_stats(const struct tcp_streams *s)
{
	return &s->st;
}
