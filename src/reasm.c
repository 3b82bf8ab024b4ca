/* reasm.c - IPv4 and IPv6 fragment reassembly (RFC 791 §3.2, RFC 8200 §4.5).
 *
 * One record per datagram being reassembled, found through a hash table
 * and kept on two lists: by last update (eviction when a cap is hit) and
 * by creation (expiry: the timer starts at the first fragment, as both
 * RFCs say).  A datagram's payload lives in one buffer that grows as
 * fragments extend it (doubling, at most 64 KiB), with a bitmap of the
 * bytes already held; an overlapping fragment never overwrites them
 * (first copy wins) and differing bytes are counted as a conflict.
 *
 * Memory: max_datagrams records and max_bytes of buffers at most, plus
 * the last REASM_KEEP completed buffers, kept so that the layers of one
 * frame (which may hold several reassembled datagrams, nested) can point
 * into them until the frame is done: a frame has fewer IP layers than
 * PKT_MAX_LAYERS (24).
 */
#include <stdlib.h>
#include <string.h>

#include "reasm.h"

#define REASM_MAX_END	65535u	/* no datagram payload is longer */
#define REASM_MIN_CAP	2048u
#define REASM_KEEP	24u	/* completed buffers kept valid */

struct dgram {
	struct reasm_key key;
	uint32_t	 hash;
	struct dgram	*hnext;
	struct dgram	*lru_prev, *lru_next;	/* by last update, oldest first */
	struct dgram	*age_prev, *age_next;	/* by creation, oldest first */
	int64_t		 first_ts;
	uint8_t		*buf;
	uint8_t		*have;		/* bit per byte of buf */
	uint32_t	 cap;		/* bytes of buf */
	uint32_t	 covered;	/* bytes held */
	uint32_t	 maxend;	/* highest end seen */
	uint32_t	 total;		/* end given by the last fragment */
	uint8_t		 last_seen;
	unsigned	 nfrags;
};

struct dlist {
	struct dgram	*head, *tail;
};

struct reasm {
	uint32_t	 max_datagrams;
	uint64_t	 max_bytes;
	int64_t		 timeout_ns;	/* 0: never */
	struct dgram	**table;
	uint32_t	 mask;
	struct dlist	 lru, age;
	uint8_t		*done[REASM_KEEP];
	unsigned	 done_next;
	struct reasm_stats st;
};

static const uint8_t empty_payload[1];

struct reasm *
reasm_new(uint32_t max_datagrams, uint32_t max_bytes, uint32_t timeout_ms)
{
	struct reasm *r;
	uint32_t n = 16;

	if (max_datagrams == 0)
		max_datagrams = 1;
	while (n < max_datagrams && n < (1u << 16))
		n <<= 1;
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	if ((r->table = calloc(n, sizeof(*r->table))) == NULL) {
		free(r);
		return NULL;
	}
	r->mask = n - 1;
	r->max_datagrams = max_datagrams;
	r->max_bytes = max_bytes;
	r->timeout_ns = (int64_t)timeout_ms * 1000000;
	return r;
}

static uint32_t
key_hash(const struct reasm_key *k)
{
	uint32_t h = 2166136261u;
	size_t i, alen = k->af == 4 ? 4 : 16;

#define MIX(b)	do { h ^= (uint8_t)(b); h *= 16777619u; } while (0)
	MIX(k->af);
	MIX(k->proto);
	MIX(k->depth);
	for (i = 0; i < 4; i++) {
		MIX(k->id >> (8 * i));
		MIX(k->vantage >> (8 * i));
	}
	for (i = 0; i < alen; i++) {
		MIX(k->src[i]);
		MIX(k->dst[i]);
	}
#undef MIX
	return h;
}

static int
key_eq(const struct reasm_key *a, const struct reasm_key *b)
{
	size_t alen = a->af == 4 ? 4 : 16;

	return a->af == b->af && a->proto == b->proto && a->id == b->id &&
	    a->vantage == b->vantage && a->depth == b->depth &&
	    memcmp(a->src, b->src, alen) == 0 &&
	    memcmp(a->dst, b->dst, alen) == 0;
}

/* The two lists share one shape; these pick the links of either. */
static void
lru_unlink(struct dlist *l, struct dgram *d)
{
	if (d->lru_prev) d->lru_prev->lru_next = d->lru_next;
	else l->head = d->lru_next;
	if (d->lru_next) d->lru_next->lru_prev = d->lru_prev;
	else l->tail = d->lru_prev;
	d->lru_prev = d->lru_next = NULL;
}

static void
lru_append(struct dlist *l, struct dgram *d)
{
	d->lru_prev = l->tail;
	d->lru_next = NULL;
	if (l->tail) l->tail->lru_next = d;
	else l->head = d;
	l->tail = d;
}

static void
age_unlink(struct dlist *l, struct dgram *d)
{
	if (d->age_prev) d->age_prev->age_next = d->age_next;
	else l->head = d->age_next;
	if (d->age_next) d->age_next->age_prev = d->age_prev;
	else l->tail = d->age_prev;
	d->age_prev = d->age_next = NULL;
}

static void
age_append(struct dlist *l, struct dgram *d)
{
	d->age_prev = l->tail;
	d->age_next = NULL;
	if (l->tail) l->tail->age_next = d;
	else l->head = d;
	l->tail = d;
}

static uint64_t
dgram_bytes(const struct dgram *d)
{
	return (uint64_t)d->cap + (d->cap + 7) / 8;
}

/* Unlink d everywhere and free it (its buffer too unless keep_buf). */
static void
dgram_remove(struct reasm *r, struct dgram *d, int keep_buf)
{
	struct dgram **pp = &r->table[d->hash & r->mask];

	while (*pp != NULL && *pp != d)
		pp = &(*pp)->hnext;
	if (*pp == d)
		*pp = d->hnext;
	lru_unlink(&r->lru, d);
	age_unlink(&r->age, d);
	r->st.bytes_held -= dgram_bytes(d);
	r->st.datagrams_held--;
	if (!keep_buf)
		free(d->buf);
	free(d->have);
	free(d);
}

static void
expire_before(struct reasm *r, int64_t now_ns)
{
	struct dgram *d;

	if (r->timeout_ns <= 0)
		return;
	/* Creation order; timestamps that go backwards only delay expiry. */
	while ((d = r->age.head) != NULL && now_ns - d->first_ts > r->timeout_ns) {
		r->st.timed_out++;
		dgram_remove(r, d, 0);
	}
}

void
reasm_expire(struct reasm *r, int64_t now_ns)
{
	if (r != NULL)
		expire_before(r, now_ns);
}

/* Evict the least recently updated datagram other than keep. */
static int
evict_one(struct reasm *r, const struct dgram *keep)
{
	struct dgram *d = r->lru.head;

	if (d == keep)
		d = d->lru_next;
	if (d == NULL)
		return 0;
	r->st.evicted++;
	dgram_remove(r, d, 0);
	return 1;
}

/* Make room for bytes [0, end) in d, within the byte cap. */
static int
dgram_grow(struct reasm *r, struct dgram *d, uint32_t end)
{
	uint32_t ncap, oldbm, newbm;
	uint64_t extra;
	uint8_t *nb, *nh;

	if (end <= d->cap)
		return 1;
	ncap = d->cap ? d->cap : REASM_MIN_CAP;
	while (ncap < end)
		ncap *= 2;
	if (ncap > REASM_MAX_END + 1)
		ncap = REASM_MAX_END + 1;
	oldbm = (d->cap + 7) / 8;
	newbm = (ncap + 7) / 8;
	extra = (uint64_t)(ncap - d->cap) + (newbm - oldbm);
	while (r->st.bytes_held + extra > r->max_bytes)
		if (!evict_one(r, d))
			return 0;
	if ((nb = realloc(d->buf, ncap)) == NULL)
		return 0;
	d->buf = nb;
	if ((nh = realloc(d->have, newbm)) == NULL)
		return 0;	/* buf is bigger, cap unchanged: still consistent */
	memset(nh + oldbm, 0, newbm - oldbm);
	d->have = nh;
	d->cap = ncap;
	r->st.bytes_held += extra;
	return 1;
}

static struct dgram *
dgram_find(struct reasm *r, const struct reasm_key *k, uint32_t h)
{
	struct dgram *d;

	for (d = r->table[h & r->mask]; d != NULL; d = d->hnext)
		if (d->hash == h && key_eq(&d->key, k))
			return d;
	return NULL;
}

static struct dgram *
dgram_create(struct reasm *r, const struct reasm_key *k, uint32_t h,
    int64_t ts_ns)
{
	struct dgram *d;

	while (r->st.datagrams_held >= r->max_datagrams)
		if (!evict_one(r, NULL))
			break;
	if ((d = calloc(1, sizeof(*d))) == NULL)
		return NULL;
	d->key = *k;
	d->hash = h;
	d->first_ts = ts_ns;
	d->hnext = r->table[h & r->mask];
	r->table[h & r->mask] = d;
	lru_append(&r->lru, d);
	age_append(&r->age, d);
	r->st.datagrams_held++;
	return d;
}

/* Hand the completed buffer to the keep ring, freeing the oldest one. */
static const uint8_t *
keep_done(struct reasm *r, uint8_t *buf)
{
	free(r->done[r->done_next]);
	r->done[r->done_next] = buf;
	r->done_next = (r->done_next + 1) % REASM_KEEP;
	return buf != NULL ? buf : empty_payload;
}

enum reasm_result
reasm_add(struct reasm *r, const struct reasm_key *k, int64_t ts_ns,
    uint32_t off, int more, const uint8_t *data, size_t n,
    const uint8_t **out, size_t *outlen, unsigned *nfrags,
    const char **reason)
{
	struct dgram *d;
	uint32_t h, end, i;
	unsigned overlap = 0, conflict = 0;
	int fresh = 0;

	*out = NULL;
	*outlen = 0;
	*nfrags = 0;
	*reason = NULL;
	r->st.fragments++;
	expire_before(r, ts_ns);
	if (off > REASM_MAX_END || n > REASM_MAX_END - off) {
		*reason = "fragment ends past byte 65535 of the datagram";
		return REASM_DROPPED;
	}
	end = off + (uint32_t)n;
	h = key_hash(k);
	if ((d = dgram_find(r, k, h)) != NULL && r->timeout_ns > 0 &&
	    ts_ns - d->first_ts > r->timeout_ns) {
		r->st.timed_out++;
		dgram_remove(r, d, 0);
		d = NULL;
	}
	if (d == NULL) {
		if ((d = dgram_create(r, k, h, ts_ns)) == NULL) {
			*reason = "out of memory";
			return REASM_DROPPED;
		}
		fresh = 1;
	}
	if (d->last_seen && !more && end != d->total) {
		*reason = "second last fragment with a different end";
		return REASM_DROPPED;
	}
	if (d->last_seen && end > d->total) {
		*reason = "fragment past the end the last fragment set";
		return REASM_DROPPED;
	}
	if (!more && d->maxend > end) {
		*reason = "last fragment ends before bytes already held";
		return REASM_DROPPED;
	}
	if (!dgram_grow(r, d, end)) {
		*reason = "reassembly byte cap reached";
		if (fresh)
			dgram_remove(r, d, 0);
		return REASM_DROPPED;
	}
	for (i = off; i < end; i++) {
		uint8_t bit = (uint8_t)(1u << (i & 7));

		if (d->have[i >> 3] & bit) {
			overlap = 1;
			if (d->buf[i] != data[i - off])
				conflict = 1;
			continue;
		}
		d->have[i >> 3] |= bit;
		d->buf[i] = data[i - off];
		d->covered++;
	}
	if (overlap) {
		r->st.overlaps++;
		*reason = "overlapping fragment (same bytes)";
	}
	if (conflict) {
		r->st.overlap_conflicts++;
		*reason = "overlapping fragment with different bytes "
		    "(first copy kept)";
	}
	d->nfrags++;
	if (end > d->maxend)
		d->maxend = end;
	if (!more) {
		d->last_seen = 1;
		d->total = end;
	}
	lru_unlink(&r->lru, d);
	lru_append(&r->lru, d);
	if (!d->last_seen || d->covered != d->total)
		return REASM_HELD;
	*out = keep_done(r, d->buf);
	*outlen = d->total;
	*nfrags = d->nfrags;
	r->st.completed++;
	dgram_remove(r, d, 1);
	return REASM_DONE;
}

void
reasm_free(struct reasm *r)
{
	unsigned i;

	if (r == NULL)
		return;
	while (r->lru.head != NULL)
		dgram_remove(r, r->lru.head, 0);
	for (i = 0; i < REASM_KEEP; i++)
		free(r->done[i]);
	free(r->table);
	free(r);
}

const struct reasm_stats *
reasm_stats(const struct reasm *r)
{
	return &r->st;
}
