/* track.c - entity store, change_state() funnel, timelines, inferred timers.
 *
 * Entities are found through one hash table of lookup keys (a key is the
 * entity kind plus up to TRACK_KEY_MAX opaque bytes chosen by the
 * tracker; an entity has up to TRACK_MAX_KEYS of them) and kept on three
 * lists: least recently seen first (eviction; those seen in one frame
 * only go before the rest; an entity is moved to the end only once a
 * quarter of the store has moved past it, so the order is exact to
 * within that quarter), creation order per kind
 * (views), and changed-since-the-rules-last-looked (diagnose).  Timers
 * live in one binary min-heap ordered by (deadline, order of setting), so
 * the per-packet tick costs one comparison when nothing is due.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "textbuf.h"
#include "track.h"

#define TRACK_MIN_ENTITIES	16
#define TRACK_MAX_BUCKETS	(1u << 22)

struct kind_name {
	const char	*name;
	const char	*prefix;	/* uid prefix */
};

static const struct kind_name kind_names[EK_COUNT] = {
	[EK_L2TP_CTL]		= { "l2tp-ctl",		"L2C" },
	[EK_L2TP_SESSION]	= { "l2tp-session",	"L2S" },
	[EK_BGP_SESSION]	= { "bgp-session",	"BGP" },
	[EK_BGP_CONN]		= { "bgp-conn",		"BGC" },
};

/*
 * A timer.  The heap is ordered by (deadline, seq); due and dseq are the
 * timer's real ones.  Pushing a timer later (a BGP hold timer re-armed by
 * every message) only writes due and dseq: the entry is put right when it
 * reaches the top (heap_settle), where a move would have sifted it
 * through the heap and touched every entity it passed.  Since a key is
 * never above the real one, the settled top is the real earliest: timers
 * fire in exactly the order of a heap kept exact.
 */
struct theap {
	int64_t		 deadline;
	uint64_t	 seq;		/* order of setting: ties, tick gate */
	int64_t		 due;		/* >= deadline */
	uint64_t	 dseq;
	struct entity	*e;
	track_timer_fn	 fn;
	void		*arg;
	unsigned	 slot;
};

struct elist {
	struct entity	*head, *tail;
};

struct track {
	uint32_t	 max_entities;
	uint32_t	 timeline_max;
	struct track_keynode **buckets;
	uint32_t	 mask;
	/* bumped when a key of that hash group comes or goes (memos) */
	uint64_t	 keygen[TRACK_MEMO_GROUPS];
	/* entities seen in two frames or more, oldest first, with second
	 * chances (pick_victim) */
	struct elist	 lru;
	/* Entities seen in one frame only (an SCCRQ, a HELLO or a data
	 * packet for an unknown ID) wait here and are evicted first, so a
	 * flood of new IDs cannot push out tunnels that are alive
	 * (a segmented queue). */
	struct elist	 lru_new;
	struct elist	 bykind[EK_COUNT];
	struct entity	*dirty;		/* most recently marked first */
	struct track_kind kinds[EK_COUNT];
	struct track_sink sinks[TRACK_MAX_SINKS];
	size_t		 nsinks;
	evref_label_fn	 label;
	void		*label_arg;
	void		(*gone)(void *, struct entity *);
	void		*gone_arg;
	uint64_t	 serial;	/* entities created */
	uint64_t	 tseq;		/* transitions recorded */
	struct heldstr	**strs;		/* chains (track_str_get) */
	size_t		 nstrs, nstrbuckets;
	struct theap	*heap;
	uint32_t	 nheap, heapcap;
	uint64_t	 timer_seq;
	int64_t		 now;
	struct track_stats st;
};

/*
 * Texts held once (track_str_get): 40,000 sessions start with the cause
 * "ICRQ sent", thousands of tunnels name the same hosts.  Counted, so a
 * text goes with its last holder and distinct texts (they carry AS
 * numbers, result codes, peer messages) stay bounded by what is kept.
 * The empty text is never held: "" is every empty field's.
 */
#define STR_BUCKETS	1024	/* to start with; doubled at two per bucket */

struct heldstr {
	struct heldstr	*next;
	uint32_t	 refs, hash;
	char		 text[];
};

/* More buckets when chains grow past two: distinct texts follow what is
 * kept (AS numbers, result codes), tens of thousands at 10,000 tunnels. */
static void
str_grow(struct track *t)
{
	size_t n = t->nstrbuckets * 2, i;
	struct heldstr **nb, *c, *next;

	if ((nb = calloc(n, sizeof(*nb))) == NULL)
		return;		/* longer chains, still right */
	for (i = 0; i < t->nstrbuckets; i++)
		for (c = t->strs[i]; c != NULL; c = next) {
			next = c->next;
			c->next = nb[c->hash & (n - 1)];
			nb[c->hash & (n - 1)] = c;
		}
	free(t->strs);
	t->strs = nb;
	t->nstrbuckets = n;
}

const char *
track_str_get(struct track *t, const char *text)
{
	size_t len = strlen(text);
	uint32_t h;
	struct heldstr **b, *c;

	if (len == 0)
		return "";
	if (t->nstrs >= t->nstrbuckets * 2)
		str_grow(t);
	h = hash_bytes((const uint8_t *)text, len, 0);
	b = &t->strs[h & (t->nstrbuckets - 1)];
	for (c = *b; c != NULL; c = c->next)
		if (c->hash == h && strcmp(c->text, text) == 0) {
			c->refs++;
			return c->text;
		}
	if ((c = malloc(sizeof(*c) + len + 1)) == NULL)
		return "";	/* out of memory: the text is lost, not the fact */
	memcpy(c->text, text, len + 1);
	c->refs = 1;
	c->hash = h;
	c->next = *b;
	*b = c;
	t->nstrs++;
	return c->text;
}

void
track_str_put(struct track *t, const char *text)
{
	struct heldstr *c, **pp;

	if (text == NULL || text[0] == '\0')
		return;
	c = (struct heldstr *)(void *)(text - offsetof(struct heldstr, text));
	if (--c->refs > 0)
		return;
	for (pp = &t->strs[c->hash & (t->nstrbuckets - 1)]; *pp != NULL;
	    pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	t->nstrs--;
	free(c);
}

void
track_str_set(struct track *t, const char **slot, const char *text)
{
	const char *n = track_str_get(t, text);

	track_str_put(t, *slot);
	*slot = n;
}

void
track_str_setf(struct track *t, const char **slot, size_t max,
    const char *fmt, ...)
{
	char buf[TRACK_STR_MAX];
	struct textbuf tb;
	va_list ap;

	/* textbuf's formatter, not vsnprintf(): the same text, at a fraction
	 * of the cost, and entities are made by the ten thousand */
	tb_init(&tb, buf, max < sizeof(buf) ? max : sizeof(buf));
	va_start(ap, fmt);
	tb_vprintf(&tb, fmt, ap);
	va_end(ap);
	track_str_set(t, slot, buf);
}

size_t
track_str_count(const struct track *t)
{
	return t->nstrs;
}

/* --- evidence ---------------------------------------------------------- */

void
evref_format(struct textbuf *tb, const struct evref *r, evref_label_fn label,
    void *arg)
{
	const char *l = label != NULL ? label(arg, r->vantage) : NULL;

	if (l != NULL)
		tb_esc(tb, (const uint8_t *)l, strlen(l));
	else
		tb_printf(tb, "%u", r->vantage);
	tb_printf(tb, ":%llu", (unsigned long long)r->frame);
}

void *
track_grow(void *a, unsigned n, size_t size)
{
	/* full exactly when n is 0 or a power of two */
	if ((n & (n - 1)) != 0)
		return a;
	return realloc(a, (n == 0 ? 1u : 2u * (size_t)n) * size);
}

void
evref_keep(struct evref **a, uint8_t *n, unsigned max, const struct evref *r)
{
	struct evref *p;

	if (*n >= max || (p = track_grow(*a, *n, sizeof(*p))) == NULL)
		return;
	*a = p;
	p[(*n)++] = *r;
}

void
evref_list_format(struct textbuf *tb, const struct evref *r, size_t n,
    uint64_t more, evref_label_fn label, void *arg)
{
	size_t i;

	if (n == 0 && more == 0) {
		tb_putc(tb, '-');
		return;
	}
	for (i = 0; i < n; i++) {
		if (i > 0)
			tb_putc(tb, ' ');
		evref_format(tb, &r[i], label, arg);
	}
	if (more > 0)
		tb_printf(tb, "%s(+%llu more)", n > 0 ? " " : "",
		    (unsigned long long)more);
}

/* --- lists ------------------------------------------------------------- */

#define LIST_APPEND(l, e, prev, next) do {				\
	(e)->prev = (l)->tail;						\
	(e)->next = NULL;						\
	if ((l)->tail != NULL)						\
		(l)->tail->next = (e);					\
	else								\
		(l)->head = (e);					\
	(l)->tail = (e);						\
} while (0)

#define LIST_REMOVE(l, e, prev, next) do {				\
	if ((e)->prev != NULL)						\
		(e)->prev->next = (e)->next;				\
	else								\
		(l)->head = (e)->next;					\
	if ((e)->next != NULL)						\
		(e)->next->prev = (e)->prev;				\
	else								\
		(l)->tail = (e)->prev;					\
	(e)->prev = (e)->next = NULL;					\
} while (0)

/* --- store ------------------------------------------------------------- */

struct track *
track_store_new(uint32_t max_entities, uint32_t timeline_max)
{
	struct track *t;
	uint32_t n = 64;

	if (max_entities < TRACK_MIN_ENTITIES)
		max_entities = TRACK_MIN_ENTITIES;
	if (timeline_max < 4)
		timeline_max = 4;
	if (timeline_max > UINT16_MAX)
		timeline_max = UINT16_MAX;
	/* about two buckets per entity: most have one or two keys */
	while (n / 2 < max_entities && n < TRACK_MAX_BUCKETS)
		n <<= 1;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	if ((t->buckets = calloc(n, sizeof(*t->buckets))) == NULL ||
	    (t->strs = calloc(STR_BUCKETS, sizeof(*t->strs))) == NULL) {
		free(t->strs);
		free(t->buckets);
		free(t);
		return NULL;
	}
	t->mask = n - 1;
	t->nstrbuckets = STR_BUCKETS;
	t->max_entities = max_entities;
	t->timeline_max = timeline_max;
	t->st.max_entities = max_entities;
	return t;
}

static void entity_destroy(struct track *, struct entity *);

void
track_store_free(struct track *t)
{
	if (t == NULL)
		return;
	while (t->lru.head != NULL)
		entity_destroy(t, t->lru.head);
	while (t->lru_new.head != NULL)
		entity_destroy(t, t->lru_new.head);
	free(t->heap);
	free(t->buckets);
	free(t->strs);	/* empty: every holder gave its texts back */
	free(t);
}

void
track_register_kind(struct track *t, unsigned kind, const struct track_kind *k)
{
	if (kind < EK_COUNT)
		t->kinds[kind] = *k;
}

const struct track_kind *
track_kind_def(const struct track *t, unsigned kind)
{
	return kind < EK_COUNT ? &t->kinds[kind] : NULL;
}

const char *
track_kind_name(unsigned kind)
{
	return kind < EK_COUNT ? kind_names[kind].name : "?";
}

void
track_set_gone_hook(struct track *t, void (*fn)(void *, struct entity *),
    void *arg)
{
	t->gone = fn;
	t->gone_arg = arg;
}

void
track_set_labels(struct track *t, evref_label_fn fn, void *arg)
{
	t->label = fn;
	t->label_arg = arg;
}

evref_label_fn
track_labels(const struct track *t, void **arg)
{
	*arg = t->label_arg;
	return t->label;
}

int
track_add_sink(struct track *t, const struct track_sink *s)
{
	if (t->nsinks >= TRACK_MAX_SINKS)
		return -1;
	t->sinks[t->nsinks++] = *s;
	return 0;
}

size_t
track_nsinks(const struct track *t)
{
	return t->nsinks;
}

const struct track_sink *
track_sink_at(const struct track *t, size_t i)
{
	return i < t->nsinks ? &t->sinks[i] : NULL;
}

const struct track_stats *
track_stats(const struct track *t)
{
	return &t->st;
}

/* --- keys -------------------------------------------------------------- */

static uint32_t
key_hash(unsigned kind, const uint8_t *p, size_t n)
{
	return hash_bytes(p, n, kind);
}

static void
key_link(struct track *t, struct track_keynode *k)
{
	struct track_keynode **b = &t->buckets[k->hash & t->mask];

	t->keygen[k->hash & (TRACK_MEMO_GROUPS - 1)]++;
	k->hnext = *b;		/* newest first: a shared key finds it */
	if (*b != NULL)
		(*b)->hpprev = &k->hnext;
	k->hpprev = b;
	*b = k;
}

static void
key_unlink(struct track *t, struct track_keynode *k)
{
	/* doubly linked: thousands of entities may share one key (HELLOs
	 * to unassigned CCIDs from one address), unlinked one by one */
	if (k->hpprev == NULL)
		return;
	t->keygen[k->hash & (TRACK_MEMO_GROUPS - 1)]++;
	*k->hpprev = k->hnext;
	if (k->hnext != NULL)
		k->hnext->hpprev = k->hpprev;
	k->hnext = NULL;
	k->hpprev = NULL;
}

int
track_add_key(struct track *t, struct entity *e, const void *key,
    size_t keylen)
{
	struct track_keynode *k;

	if (keylen > TRACK_KEY_MAX || e->nkeys >= TRACK_MAX_KEYS ||
	    (k = calloc(1, sizeof(*k) + keylen)) == NULL) {
		t->st.keys_refused++;
		return -1;
	}
	e->keys[e->nkeys++] = k;
	k->e = e;
	k->len = (uint8_t)keylen;
	k->kind = e->kind;
	memcpy(k->bytes, key, keylen);
	k->hash = key_hash(e->kind, k->bytes, keylen);
	key_link(t, k);
	return 0;
}

struct entity *
track_lookup(const struct track *t, unsigned kind, const void *key,
    size_t keylen)
{
	const struct track_keynode *k;
	uint32_t h;

	if (keylen > TRACK_KEY_MAX)
		return NULL;
	h = key_hash(kind, key, keylen);
	for (k = t->buckets[h & t->mask]; k != NULL; k = k->hnext)
		if (k->hash == h && k->len == keylen && k->kind == kind &&
		    bytes_eq(k->bytes, key, keylen))
			return k->e;
	return NULL;
}

int
track_memo_check(const struct track *t, const struct track_memo *m,
    struct entity **e)
{
	if (!m->valid || m->gen != t->keygen[m->hash & (TRACK_MEMO_GROUPS - 1)])
		return 0;
	*e = m->e;
	return 1;
}

struct entity *
track_lookup_memo(const struct track *t, unsigned kind, const void *key,
    size_t keylen, struct track_memo *m)
{
	struct entity *e;
	uint32_t h;

	if (keylen > TRACK_KEY_MAX)
		return NULL;
	h = key_hash(kind, key, keylen);
	/* no key of this group came or went: the answer stands, and the
	 * entity it names was not destroyed (its keys went with it) */
	if (m->hash == h && track_memo_check(t, m, &e))
		return e;
	m->e = track_lookup(t, kind, key, keylen);
	m->hash = h;
	m->gen = t->keygen[h & (TRACK_MEMO_GROUPS - 1)];
	m->valid = 1;
	m->aux = 0;
	return m->e;
}

/* --- timers (binary min-heap) ------------------------------------------ */

static int
heap_less(const struct theap *a, const struct theap *b)
{
	if (a->deadline != b->deadline)
		return a->deadline < b->deadline;
	return a->seq < b->seq;
}

static void
heap_place(struct track *t, uint32_t i, const struct theap *h)
{
	t->heap[i] = *h;
	h->e->timer_pos[h->slot] = i + 1;
}

static void
heap_up(struct track *t, uint32_t i)
{
	struct theap h = t->heap[i];

	while (i > 0) {
		uint32_t p = (i - 1) / 2;

		if (!heap_less(&h, &t->heap[p]))
			break;
		heap_place(t, i, &t->heap[p]);
		i = p;
	}
	heap_place(t, i, &h);
}

static void
heap_down(struct track *t, uint32_t i)
{
	struct theap h = t->heap[i];

	for (;;) {
		uint32_t c = 2 * i + 1;

		if (c >= t->nheap)
			break;
		if (c + 1 < t->nheap && heap_less(&t->heap[c + 1], &t->heap[c]))
			c++;
		if (!heap_less(&t->heap[c], &h))
			break;
		heap_place(t, i, &t->heap[c]);
		i = c;
	}
	heap_place(t, i, &h);
}

static void
heap_remove(struct track *t, uint32_t i)
{
	struct theap *h = &t->heap[i];

	h->e->timer_pos[h->slot] = 0;
	if (--t->nheap == i)
		return;
	heap_place(t, i, &t->heap[t->nheap]);
	heap_down(t, i);
	heap_up(t, i);
}

/* Put the top's real deadline in place until the top has its own. */
static void
heap_settle(struct track *t)
{
	while (t->nheap > 0 && (t->heap[0].deadline != t->heap[0].due ||
	    t->heap[0].seq != t->heap[0].dseq)) {
		t->heap[0].deadline = t->heap[0].due;
		t->heap[0].seq = t->heap[0].dseq;
		heap_down(t, 0);
	}
}

void
track_timer_cancel(struct track *t, struct entity *e, unsigned slot)
{
	if (slot < TRACK_MAX_TIMERS && e->timer_pos[slot] != 0)
		heap_remove(t, e->timer_pos[slot] - 1);
}

void
track_timer_set(struct track *t, struct entity *e, unsigned slot,
    int64_t deadline, track_timer_fn fn, void *arg)
{
	struct theap h;

	if (slot >= TRACK_MAX_TIMERS || fn == NULL)
		return;
	if (e->timer_pos[slot] != 0) {
		struct theap *o = &t->heap[e->timer_pos[slot] - 1];

		if (deadline >= o->deadline) {	/* later: settled at the top */
			o->due = deadline;
			o->dseq = t->timer_seq++;
			o->fn = fn;
			o->arg = arg;
			return;
		}
		heap_remove(t, e->timer_pos[slot] - 1);
	}
	if (t->nheap == t->heapcap) {
		uint32_t cap = t->heapcap ? t->heapcap * 2 : 64;
		struct theap *nh = realloc(t->heap, cap * sizeof(*nh));

		if (nh == NULL)
			return;
		t->heap = nh;
		t->heapcap = cap;
	}
	h.deadline = h.due = deadline;
	h.seq = h.dseq = t->timer_seq++;
	h.e = e;
	h.fn = fn;
	h.arg = arg;
	h.slot = slot;
	heap_place(t, t->nheap++, &h);
	heap_up(t, t->nheap - 1);
}

int
track_timer_get(const struct track *t, const struct entity *e, unsigned slot,
    int64_t *deadline)
{
	if (slot >= TRACK_MAX_TIMERS || e->timer_pos[slot] == 0)
		return 0;
	*deadline = t->heap[e->timer_pos[slot] - 1].due;
	return 1;
}

/* Take the earliest timer off the heap and run it. */
static void
timer_fire_top(struct track *t, int at_end)
{
	struct theap h = t->heap[0];

	heap_remove(t, 0);
	h.fn(h.arg, h.e, h.slot, h.deadline, at_end);
}

void
track_tick(struct track *t, int64_t now)
{
	uint64_t gate = t->timer_seq;

	t->now = now;
	for (;;) {
		if (t->nheap == 0 || t->heap[0].deadline > now)
			return;		/* due >= deadline: nothing due */
		heap_settle(t);
		if (t->nheap == 0 || t->heap[0].deadline > now ||
		    t->heap[0].seq >= gate)
			return;
		timer_fire_top(t, 0);
	}
}

void
track_timers_finish(struct track *t)
{
	uint64_t gate = t->timer_seq;

	for (;;) {
		heap_settle(t);
		if (t->nheap == 0)
			break;
		if (t->heap[0].seq >= gate)	/* set after the end: dropped */
			heap_remove(t, 0);
		else
			timer_fire_top(t, t->heap[0].deadline > t->now);
	}
}

int64_t
track_now(const struct track *t)
{
	return t->now;
}

/* --- dirty list -------------------------------------------------------- */

void
track_mark_dirty(struct track *t, struct entity *e)
{
	if (e->dirty)
		return;
	e->dirty = 1;
	e->dirty_prev = NULL;
	e->dirty_next = t->dirty;
	if (t->dirty != NULL)
		t->dirty->dirty_prev = e;
	t->dirty = e;
}

static void
dirty_unlink(struct track *t, struct entity *e)
{
	if (!e->dirty)
		return;
	if (e->dirty_prev != NULL)
		e->dirty_prev->dirty_next = e->dirty_next;
	else
		t->dirty = e->dirty_next;
	if (e->dirty_next != NULL)
		e->dirty_next->dirty_prev = e->dirty_prev;
	e->dirty_prev = e->dirty_next = NULL;
	e->dirty = 0;
}

/* Newest first (the per-kind lists merged by serial), so that the dirty
 * list, which track_mark_dirty prepends to, holds them oldest first: the
 * final pass finds in creation order, whatever eviction did to the
 * entities' ages. */
void
track_mark_all_dirty(struct track *t)
{
	struct entity *at[EK_COUNT], *e;
	unsigned k, m;

	for (k = 0; k < EK_COUNT; k++)
		at[k] = t->bykind[k].tail;
	for (;;) {
		for (k = 0, m = EK_COUNT; k < EK_COUNT; k++)
			if (at[k] != NULL && (m == EK_COUNT ||
			    at[k]->serial > at[m]->serial))
				m = k;
		if (m == EK_COUNT)
			break;
		e = at[m];
		at[m] = e->kind_prev;
		track_mark_dirty(t, e);
	}
}

struct entity *
track_dirty_first(const struct track *t)
{
	return t->dirty;
}

struct entity *
track_dirty_next(const struct entity *e)
{
	return e->dirty_next;
}

void
track_dirty_clear(struct track *t)
{
	while (t->dirty != NULL)
		dirty_unlink(t, t->dirty);
}

/* --- entities ---------------------------------------------------------- */

static void
sanitize(char *dst, size_t size, const char *src)
{
	size_t i;

	for (i = 0; i + 1 < size && src[i] != '\0'; i++) {
		char c = src[i];

		dst[i] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '.' ? c : '_';
	}
	if (size > 0)
		dst[i] = '\0';
}

void
track_uid(char *buf, size_t size, const char *prefix, const char *label,
    uint64_t frame, const char *disc)
{
	char l[TRACK_UID_MAX], d[TRACK_UID_MAX];
	struct textbuf tb;

	sanitize(l, sizeof(l), label);
	sanitize(d, sizeof(d), disc != NULL ? disc : "");
	tb_init(&tb, buf, size);
	tb_printf(&tb, "%s-%s-%llu%s%s", prefix, l,
	    (unsigned long long)frame, d[0] != '\0' ? "-" : "", d);
}

static void
child_unlink(struct entity *e)
{
	if (e->parent == NULL)
		return;
	/* doubly linked: a tunnel with 65536 sessions evicted one by one
	 * must not walk its sibling list each time */
	if (e->sibling_prev != NULL)
		e->sibling_prev->sibling = e->sibling;
	else
		e->parent->child = e->sibling;
	if (e->sibling != NULL)
		e->sibling->sibling_prev = e->sibling_prev;
	e->parent = NULL;
	e->sibling = NULL;
	e->sibling_prev = NULL;
}

static void
unrelate(struct entity *a, const struct entity *b)
{
	unsigned i;

	for (i = 0; i < a->nrelated; i++)
		if (a->related[i] == b) {
			a->related[i] = a->related[--a->nrelated];
			a->related[a->nrelated] = NULL;
			return;
		}
}

/* Drop an entity from everything that points at it, then free it. */
static void
entity_destroy(struct track *t, struct entity *e)
{
	const struct track_kind *k = &t->kinds[e->kind];
	unsigned i;

	if (k->release != NULL)
		k->release(k->arg, e);
	if (t->gone != NULL)
		t->gone(t->gone_arg, e);
	for (i = 0; i < TRACK_MAX_TIMERS; i++)
		track_timer_cancel(t, e, i);
	for (i = 0; i < e->nkeys; i++) {
		key_unlink(t, e->keys[i]);
		free(e->keys[i]);
	}
	while (e->child != NULL)
		child_unlink(e->child);
	child_unlink(e);
	while (e->nrelated > 0) {
		unrelate(e->related[0], e);
		unrelate(e, e->related[0]);
	}
	dirty_unlink(t, e);
	if (e->proven)
		LIST_REMOVE(&t->lru, e, lru_prev, lru_next);
	else
		LIST_REMOVE(&t->lru_new, e, lru_prev, lru_next);
	LIST_REMOVE(&t->bykind[e->kind], e, kind_prev, kind_next);
	t->st.live--;
	for (i = 0; i < e->ntl; i++)
		track_str_put(t, e->tl[i].cause);
	free(e->tl);
	if (e->name != e->uid)
		free((char *)e->name);
	free(e);		/* with its record and uid (entity_alloc) */
}

/* True when v is keep or one of keep's ancestors. */
static int
in_lineage(const struct entity *v, const struct entity *keep)
{
	for (; keep != NULL; keep = keep->parent)
		if (v == keep)
			return 1;
	return 0;
}

/*
 * Entities seen in one frame only go first, oldest first (scan
 * resistance).  Then the oldest of the others not seen since its last
 * second chance: one seen again was only marked (track_seen), and now
 * goes to the newest end with its mark cleared (CLOCK).  Moving an
 * entity on every sighting, or every few, wrote three other entities per
 * data packet, a cache miss each once the store outgrows the cache.
 * Never the parent a new child is being created under, nor its
 * ancestors: the newest parent may be the only "new" entity left.
 */
static struct entity *
pick_victim(struct track *t, const struct entity *keep)
{
	struct entity *v, *next;
	uint64_t n;

	for (v = t->lru_new.head; v != NULL; v = v->lru_next)
		if (!in_lineage(v, keep))
			return v;
	/* two passes at most: the first clears every mark */
	for (v = t->lru.head, n = 2 * t->st.live; v != NULL && n > 0; n--) {
		next = v->lru_next;
		if (v->ref) {
			v->ref = 0;
			LIST_REMOVE(&t->lru, v, lru_prev, lru_next);
			LIST_APPEND(&t->lru, v, lru_prev, lru_next);
		} else if (!in_lineage(v, keep))
			return v;
		v = next != NULL ? next : t->lru.head;
	}
	return NULL;
}

/* 0 when nothing could be evicted. */
static int
evict_one(struct track *t, const struct evref *at, const struct entity *keep)
{
	struct entity *victim = pick_victim(t, keep);

	if (victim == NULL)
		return 0;
	if (t->st.evicted_total++ == 0)
		t->st.first_eviction = *at;
	t->st.evicted[victim->kind]++;
	entity_destroy(t, victim);
	return 1;
}

/* One allocation: the entity, the tracker's record (data_size bytes,
 * zeroed) and the uid, which lives as long as the entity. */
static struct entity *
entity_alloc(size_t data_size, const char *uid)
{
	size_t ulen = strlen(uid) + 1;
	struct entity *e;
	char *u;

	if ((e = calloc(1, TRACK_DATA_OFF + data_size + ulen)) == NULL)
		return NULL;
	if (data_size > 0)
		e->data = (char *)e + TRACK_DATA_OFF;
	u = (char *)e + TRACK_DATA_OFF + data_size;
	memcpy(u, uid, ulen);
	e->uid = u;
	return e;
}

struct entity *
track_create(struct track *t, unsigned kind, const void *key, size_t keylen,
    const struct evref *first, const char *disc, struct entity *parent)
{
	struct entity *e;
	const char *label;
	char uid[TRACK_UID_MAX];

	if (kind >= EK_COUNT || keylen > TRACK_KEY_MAX)
		return NULL;
	if (parent != NULL)
		track_seen(t, parent, first);
	while (t->st.live >= t->max_entities)
		if (!evict_one(t, first, parent))
			break;
	label = t->label != NULL ? t->label(t->label_arg, first->vantage) :
	    NULL;
	if (label == NULL) {
		char v[16];
		struct textbuf tb;

		tb_init(&tb, v, sizeof(v));
		tb_uint(&tb, first->vantage);
		track_uid(uid, sizeof(uid), kind_names[kind].prefix, v,
		    first->frame, disc);
	} else
		track_uid(uid, sizeof(uid), kind_names[kind].prefix, label,
		    first->frame, disc);
	if ((e = entity_alloc(t->kinds[kind].data_size, uid)) == NULL)
		return NULL;
	e->name = e->uid;
	e->kind = (uint8_t)kind;
	e->serial = ++t->serial;
	e->first = e->last = *first;
	if (parent != NULL) {
		e->parent = parent;
		e->sibling = parent->child;
		if (parent->child != NULL)
			parent->child->sibling_prev = e;
		parent->child = e;
	}
	LIST_APPEND(&t->lru_new, e, lru_prev, lru_next);
	LIST_APPEND(&t->bykind[kind], e, kind_prev, kind_next);
	t->st.live++;
	t->st.created[kind]++;
	track_add_key(t, e, key, keylen);
	track_mark_dirty(t, e);
	return e;
}

void
track_seen(struct track *t, struct entity *e, const struct evref *r)
{
	if (r->ts_ns >= e->last.ts_ns)
		e->last = *r;
	if (!e->proven) {
		if (r->frame == e->first.frame && r->vantage ==
		    e->first.vantage) {
			if (t->lru_new.tail != e) {
				LIST_REMOVE(&t->lru_new, e, lru_prev,
				    lru_next);
				LIST_APPEND(&t->lru_new, e, lru_prev,
				    lru_next);
			}
			return;
		}
		LIST_REMOVE(&t->lru_new, e, lru_prev, lru_next);
		e->proven = 1;
		LIST_APPEND(&t->lru, e, lru_prev, lru_next);
	} else
		e->ref = 1;	/* second chance (pick_victim) */
}

void
track_set_name(struct entity *e, const char *fmt, ...)
{
	char name[TRACK_NAME_MAX], *n;
	struct textbuf tb;
	va_list ap;

	tb_init(&tb, name, sizeof(name));
	va_start(ap, fmt);
	tb_vprintf(&tb, fmt, ap);
	va_end(ap);
	if (strcmp(name, e->name) == 0 || (n = strdup(name)) == NULL)
		return;		/* out of memory: the old name stays */
	if (e->name != e->uid)
		free((char *)e->name);
	e->name = n;
}

void
track_relate(struct entity *a, struct entity *b)
{
	unsigned i;

	if (a == b || a->nrelated >= TRACK_MAX_RELATED ||
	    b->nrelated >= TRACK_MAX_RELATED)
		return;
	for (i = 0; i < a->nrelated; i++)
		if (a->related[i] == b)
			return;
	a->related[a->nrelated++] = b;
	b->related[b->nrelated++] = a;
}

struct entity *
track_first(const struct track *t, unsigned kind)
{
	return kind < EK_COUNT ? t->bykind[kind].head : NULL;
}

struct entity *
track_next(const struct entity *e)
{
	return e->kind_next;
}

/* --- timeline ---------------------------------------------------------- */

const struct transition *
track_timeline(const struct entity *e, size_t *n)
{
	*n = e->ntl;
	return e->tl;
}

/* The side's latest entry, if it is the same change: fold into it. */
static struct transition *
tl_repeat(struct entity *e, unsigned side, unsigned from, unsigned to,
    const struct change *c, const char *cause)
{
	size_t i = e->ntl;

	while (i > 0) {
		struct transition *tr = &e->tl[--i];

		if (tr->side != side)
			continue;
		if (tr->from == from && tr->to == to && tr->flags == c->flags &&
		    strcmp(tr->cause, cause) == 0)
			return tr;
		return NULL;
	}
	return NULL;
}

_Static_assert(TRACK_EV_MAX < 16 && TR_INFERRED < 16,
    "transition.nev and .flags are four bits");

/* Room for one more entry: grow by doubling, or drop the oldest entry
 * after the first quarter once at the cap. */
static struct transition *
tl_append(struct track *t, struct entity *e)
{
	if (e->ntl == e->tlcap && e->tlcap < t->timeline_max) {
		uint32_t cap = e->tlcap ? e->tlcap * 2u : 2u;
		struct transition *n;

		if (cap > t->timeline_max)
			cap = t->timeline_max;
		if ((n = realloc(e->tl, cap * sizeof(*n))) != NULL) {
			e->tl = n;
			e->tlcap = (uint16_t)cap;
		}
	}
	if (e->tlcap == 0)
		return NULL;
	if (e->ntl == e->tlcap) {
		size_t keep = e->tlcap / 4;

		track_str_put(t, e->tl[keep].cause);
		memmove(&e->tl[keep], &e->tl[keep + 1],
		    (e->ntl - keep - 1) * sizeof(*e->tl));
		e->ntl--;
		e->tl_dropped++;
		t->st.timeline_dropped++;
	}
	return &e->tl[e->ntl++];
}

void
track_change_state(struct track *t, struct entity *e, unsigned side,
    unsigned to, const struct change *c)
{
	struct transition local, *tr;
	char cause[TRACK_CAUSE_MAX];
	unsigned from, i, nev;
	size_t s, n;

	if (side >= TRACK_SIDES || to > UINT8_MAX)
		return;
	from = e->state[side];
	e->state[side] = (uint8_t)to;
	/* bounded copy: snprintf() here was a fifth of a transition's cost */
	n = c->cause != NULL ? strnlen(c->cause, sizeof(cause) - 1) : 0;
	memcpy(cause, c->cause != NULL ? c->cause : "", n);
	cause[n] = '\0';
	nev = c->ev != NULL ? c->nev : 0;
	if ((tr = tl_repeat(e, side, from, to, c, cause)) != NULL) {
		tr->count++;
		tr->last_ts = c->ts;
		if (nev > 0)
			tr->last_ev = c->ev[0];
		else
			memset(&tr->last_ev, 0, sizeof(tr->last_ev));
	} else {
		if ((tr = tl_append(t, e)) == NULL) {
			tr = &local;		/* out of memory: still tell */
			t->st.timeline_dropped++;
		}
		memset(tr, 0, sizeof(*tr));
		tr->seq = ++t->tseq;
		tr->first_ts = tr->last_ts = c->ts;
		tr->count = 1;
		tr->side = (uint8_t)side;
		tr->from = (uint8_t)from;
		tr->to = (uint8_t)to;
		tr->flags = (uint8_t)c->flags;
		for (i = 0; i < nev && i < TRACK_EV_MAX; i++)
			tr->ev[i] = c->ev[i];
		tr->nev = (uint8_t)i;
		if (nev > 0)
			tr->last_ev = c->ev[0];
		/* the local entry is told and forgotten: no held copy */
		tr->cause = tr == &local ? cause : track_str_get(t, cause);
	}
	track_mark_dirty(t, e);
	for (s = 0; s < t->nsinks; s++)
		if (t->sinks[s].transition != NULL)
			t->sinks[s].transition(t->sinks[s].arg, e, tr);
}

const char *
track_state_name(const struct track *t, unsigned kind, unsigned state,
    char *buf, size_t size)
{
	const char *s = NULL;

	if (kind < EK_COUNT && t->kinds[kind].states != NULL)
		s = tok_name(t->kinds[kind].states, state, NULL);
	if (s != NULL)
		return s;
	snprintf(buf, size, "unknown (%u)", state);
	return buf;
}

const char *
track_side_name(const struct track *t, unsigned kind, unsigned side)
{
	static const char *const dflt[TRACK_SIDES] = { "A", "B" };
	const char *s = NULL;

	if (side >= TRACK_SIDES)
		return "?";
	if (kind < EK_COUNT)
		s = t->kinds[kind].sides[side];
	return s != NULL ? s : dflt[side];
}
