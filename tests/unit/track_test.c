/* track_test.c - entity store, change_state() funnel, timelines, timers,
 * and the -T events lines they produce. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagnose.h"
#include "out.h"
#include "prefs.h"
#include "textbuf.h"
#include "track.h"
#include "unit.h"

#define SEC	1000000000LL
#define T0	(1795539960LL * SEC)	/* 2026-11-24T17:06:00Z (date -u) */

/* RFC 3931 §7.2 control connection states, as a tracker would register. */
enum { ST_IDLE, ST_WAIT_CTL_REPLY, ST_WAIT_CTL_CONN, ST_ESTABLISHED };
static const struct tok ctl_states[] = {
	{ ST_IDLE, "idle" },
	{ ST_WAIT_CTL_REPLY, "wait-ctl-reply" },
	{ ST_WAIT_CTL_CONN, "wait-ctl-conn" },
	{ ST_ESTABLISHED, "established" },
	{ 0, NULL }
};
static const struct track_kind ctl_kind = {
	.states = ctl_states,
	.sides = { "initiator", "responder" },
};

static const char *
test_label(void *arg, uint32_t v)
{
	(void)arg;
	return v == 0 ? "wan" : v == 1 ? "lan" : NULL;
}

static struct evref
ref(uint32_t vantage, uint64_t frame, int64_t ts)
{
	struct evref r;

	r.vantage = vantage;
	r.frame = frame;
	r.ts_ns = ts;
	return r;
}

static struct entity *
mk(struct track *t, uint32_t n)
{
	struct evref r = ref(0, n, T0 + (int64_t)n * SEC);
	char disc[16];

	snprintf(disc, sizeof(disc), "%u", n);
	return track_create(t, EK_L2TP_CTL, &n, sizeof(n), &r, disc, NULL);
}

/* Seen again in frame n (proven, or marked once proven). */
static void
see(struct track *t, struct entity *e, uint32_t n)
{
	track_seen(t, e, &(struct evref){ .frame = n,
	    .ts_ns = T0 + (int64_t)n * SEC });
}

/* Whether mk(t, n)'s entity is still in the store. */
static int
alive(struct track *t, uint32_t n)
{
	return track_lookup(t, EK_L2TP_CTL, &n, sizeof(n)) != NULL;
}

static void
step(struct track *t, struct entity *e, unsigned side, unsigned to,
    const char *cause, uint64_t frame, int64_t ts)
{
	struct evref r = ref(0, frame, ts);

	track_change_state(t, e, side, to, &(struct change){
	    .ts = ts, .cause = cause, .ev = &r, .nev = 1 });
}

TEST(track_create_lookup)
{
	struct track *t = track_store_new(64, 64);
	struct entity *a, *b;
	uint32_t k = 7, other = 8;
	struct evref r = ref(0, 3, T0);

	a = track_create(t, EK_L2TP_CTL, &k, sizeof(k), &r, "7", NULL);
	CHECK(a != NULL);
	CHECK(track_lookup(t, EK_L2TP_CTL, &k, sizeof(k)) == a);
	CHECK(track_lookup(t, EK_BGP_SESSION, &k, sizeof(k)) == NULL);
	CHECK(track_lookup(t, EK_L2TP_CTL, &other, sizeof(other)) == NULL);
	CHECK(track_lookup(t, EK_L2TP_CTL, &k, 2) == NULL);
	CHECK_EQ(track_add_key(t, a, "peer-side", 9), 0);
	CHECK(track_lookup(t, EK_L2TP_CTL, "peer-side", 9) == a);
	/* a re-attempt with the same key shadows the old entity */
	r.frame = 40;
	b = track_create(t, EK_L2TP_CTL, &k, sizeof(k), &r, "7", NULL);
	CHECK(track_lookup(t, EK_L2TP_CTL, &k, sizeof(k)) == b);
	CHECK(track_lookup(t, EK_L2TP_CTL, "peer-side", 9) == a);
	CHECK_EQ(track_add_key(t, a, "k3", 2), 0);
	CHECK_EQ(track_add_key(t, a, "k4", 2), -1);	/* 3 keys each */
	CHECK_EQ(track_stats(t)->keys_refused, 1);
	CHECK_EQ(a->state[0], ST_IDLE);
	CHECK_EQ(a->first.frame, 3);
	CHECK(track_first(t, EK_L2TP_CTL) == a);
	CHECK(track_next(a) == b);
	CHECK(track_next(b) == NULL);
	track_store_free(t);
}

/* A kind with data_size gets its record with each entity: zeroed,
 * aligned for any type, apart from the uid, and freed with the entity
 * (a leak or an overrun fails under ASan). */
TEST(track_data_allocated_with_entity)
{
	struct track *t = track_store_new(16, 64);	/* the least it takes */
	struct track_kind k = { .states = ctl_states, .data_size = 100 };
	struct entity *e;
	uint32_t key;
	unsigned i, j;
	char uid[32];

	track_register_kind(t, EK_L2TP_CTL, &k);
	/* one more than the store holds: the first goes, data and all */
	for (i = 0; i <= 16; i++) {
		struct evref r = ref(0, 10 + i, T0 + (int64_t)i * SEC);
		const unsigned char *d;

		key = i;
		e = track_create(t, EK_L2TP_CTL, &key, sizeof(key), &r, "9",
		    NULL);
		CHECK(e != NULL);
		if (e == NULL)
			break;
		d = e->data;
		CHECK(d != NULL);
		CHECK((uintptr_t)d % 16 == 0);
		for (j = 0; d != NULL && j < 100; j++)
			CHECK_EQ(d[j], 0);
		if (d != NULL)
			memset(e->data, 0xff, 100);
		snprintf(uid, sizeof(uid), "L2C-0-%u-9", 10 + i);
		CHECK_STR(e->uid, uid);
	}
	CHECK_EQ(track_stats(t)->evicted[EK_L2TP_CTL], 1);
	/* no data_size: data stays the caller's (NULL) */
	key = 99;
	e = track_create(t, EK_BGP_SESSION, &key, sizeof(key),
	    &(struct evref){ .frame = 40, .ts_ns = T0 + 40 * SEC }, NULL,
	    NULL);
	CHECK(e != NULL && e->data == NULL);
	track_store_free(t);
}

TEST(track_uid_deterministic)
{
	struct track *t1 = track_store_new(64, 64);
	struct track *t2 = track_store_new(64, 64);
	struct evref r = ref(0, 12, T0);
	struct entity *a, *b, *c;
	uint32_t k = 1;
	char buf[TRACK_UID_MAX];

	track_set_labels(t1, test_label, NULL);
	track_set_labels(t2, test_label, NULL);
	a = track_create(t1, EK_L2TP_CTL, &k, sizeof(k), &r, "56446", NULL);
	b = track_create(t2, EK_L2TP_CTL, &k, sizeof(k), &r, "56446", NULL);
	CHECK_STR(a->uid, "L2C-wan-12-56446");
	CHECK_STR(a->uid, b->uid);
	r.vantage = 5;			/* no label known: the number */
	c = track_create(t1, EK_BGP_SESSION, &k, sizeof(k), &r, NULL, NULL);
	CHECK_STR(c->uid, "BGP-5-12");
	track_uid(buf, sizeof(buf), "L2S", "my lab/1", 9, "3:4");
	CHECK_STR(buf, "L2S-my_lab_1-9-3_4");
	track_store_free(t1);
	track_store_free(t2);
}

TEST(track_evict_at_cap)
{
	struct track *t = track_store_new(16, 64);
	struct entity *e[17];
	uint32_t i;

	for (i = 0; i < 16; i++)
		e[i] = mk(t, i);
	CHECK_EQ(track_stats(t)->live, 16);
	CHECK_EQ(track_stats(t)->evicted_total, 0);
	/* entity 0 is seen again: entity 1 is now the least recently seen */
	track_seen(t, e[0], &(struct evref){ .vantage = 0, .frame = 100,
	    .ts_ns = T0 + 100 * SEC });
	CHECK_EQ(e[0]->last.frame, 100);
	e[16] = mk(t, 16);
	CHECK(e[16] != NULL);
	CHECK_EQ(track_stats(t)->live, 16);
	CHECK_EQ(track_stats(t)->evicted_total, 1);
	CHECK_EQ(track_stats(t)->evicted[EK_L2TP_CTL], 1);
	CHECK_EQ(track_stats(t)->first_eviction.frame, 16);
	i = 1;
	CHECK(track_lookup(t, EK_L2TP_CTL, &i, sizeof(i)) == NULL);
	i = 0;
	CHECK(track_lookup(t, EK_L2TP_CTL, &i, sizeof(i)) == e[0]);
	track_store_free(t);
}

static int fired_anyway;

static void
never_fire(void *arg, struct entity *e, unsigned slot, int64_t deadline,
    int at_end)
{
	(void)arg; (void)e; (void)slot; (void)deadline; (void)at_end;
	fired_anyway++;
}

TEST(track_memory_bound)
{
	struct track *t = track_store_new(16, 8);
	struct entity *e;
	uint32_t i, n = 0;
	uint64_t last = 0;
	int ordered = 1;

	for (i = 0; i < 160; i++) {
		e = mk(t, i);
		CHECK(e != NULL);
		/* state, timeline and a timer on each, freed at eviction */
		step(t, e, 0, ST_WAIT_CTL_REPLY, "SCCRQ sent", i, T0);
		step(t, e, 1, ST_WAIT_CTL_CONN, "SCCRP sent", i, T0);
		track_timer_set(t, e, 0, T0 + 60 * SEC, never_fire, NULL);
		CHECK(track_stats(t)->live <= 16);
	}
	CHECK_EQ(track_stats(t)->live, 16);
	CHECK_EQ(track_stats(t)->created[EK_L2TP_CTL], 160);
	CHECK_EQ(track_stats(t)->evicted_total, 144);
	for (e = track_first(t, EK_L2TP_CTL); e != NULL; e = track_next(e)) {
		if (e->serial <= last)
			ordered = 0;
		last = e->serial;
		n++;
	}
	CHECK_EQ(n, 16);
	CHECK(ordered);
	CHECK_EQ(last, 160);
	i = 144;		/* the 16 most recent survive */
	CHECK(track_lookup(t, EK_L2TP_CTL, &i, sizeof(i)) != NULL);
	i = 143;
	CHECK(track_lookup(t, EK_L2TP_CTL, &i, sizeof(i)) == NULL);
	track_store_free(t);	/* timers of live entities die unfired */
	CHECK_EQ(fired_anyway, 0);
}

TEST(track_change_state_records)
{
	struct track *t = track_store_new(16, 64);
	struct entity *e = mk(t, 1);
	struct evref ev[5];
	const struct transition *tl;
	size_t n, i;

	for (i = 0; i < 5; i++)
		ev[i] = ref(1, 10 + i, T0 + (int64_t)i);
	track_change_state(t, e, 0, ST_WAIT_CTL_REPLY, &(struct change){
	    .ts = T0, .cause = "SCCRQ sent", .ev = ev, .nev = 5 });
	CHECK_EQ(e->state[0], ST_WAIT_CTL_REPLY);
	CHECK_EQ(e->state[1], ST_IDLE);
	tl = track_timeline(e, &n);
	CHECK_EQ(n, 1);
	CHECK_EQ(tl[0].side, 0);
	CHECK_EQ(tl[0].from, ST_IDLE);
	CHECK_EQ(tl[0].to, ST_WAIT_CTL_REPLY);
	CHECK_STR(tl[0].cause, "SCCRQ sent");
	CHECK_EQ(tl[0].count, 1);
	CHECK_EQ(tl[0].nev, TRACK_EV_MAX);	/* the first ones kept */
	CHECK_EQ(tl[0].ev[0].vantage, 1);
	CHECK_EQ(tl[0].ev[TRACK_EV_MAX - 1].frame, 10 + TRACK_EV_MAX - 1);
	CHECK_EQ(tl[0].first_ts, T0);
	/* a cause longer than the field is cut, not overrun */
	track_change_state(t, e, 1, ST_WAIT_CTL_CONN, &(struct change){
	    .ts = T0 + SEC, .cause = "an extremely long cause text that "
	    "goes on and on past sixty-three bytes for sure", .flags =
	    TR_INFERRED });
	tl = track_timeline(e, &n);
	CHECK_EQ(n, 2);
	CHECK_EQ(strlen(tl[1].cause), TRACK_CAUSE_MAX - 1);
	CHECK_EQ(tl[1].nev, 0);
	CHECK_EQ(tl[1].flags, TR_INFERRED);
	CHECK(tl[1].seq > tl[0].seq);
	/* bad side or state: ignored */
	track_change_state(t, e, 2, 1, &(struct change){ .ts = T0 });
	track_change_state(t, e, 0, 256, &(struct change){ .ts = T0 });
	track_timeline(e, &n);
	CHECK_EQ(n, 2);
	track_store_free(t);
}

TEST(track_collapse_repeats)
{
	struct track *t = track_store_new(16, 64);
	struct entity *e = mk(t, 1);
	const struct transition *tl;
	size_t n;
	int i;

	step(t, e, 0, ST_WAIT_CTL_REPLY, "SCCRQ sent", 1, T0);
	/* 8 retransmissions 1, 2, 4, 8, 8, ... s apart, the responder side
	 * recording each one it ignored in between */
	for (i = 1; i <= 8; i++) {
		int64_t ts = T0 + (int64_t)i * 150 * SEC / 8;

		step(t, e, 0, ST_WAIT_CTL_REPLY, "SCCRQ retransmitted",
		    (uint64_t)(10 * i), ts);
		step(t, e, 1, ST_IDLE, "SCCRQ not answered",
		    (uint64_t)(10 * i), ts);
	}
	tl = track_timeline(e, &n);
	CHECK_EQ(n, 3);
	CHECK_EQ(tl[0].count, 1);
	CHECK_STR(tl[1].cause, "SCCRQ retransmitted");
	CHECK_EQ(tl[1].from, ST_WAIT_CTL_REPLY);
	CHECK_EQ(tl[1].to, ST_WAIT_CTL_REPLY);
	CHECK_EQ(tl[1].count, 8);
	CHECK_EQ(tl[1].ev[0].frame, 10);
	CHECK_EQ(tl[1].last_ev.frame, 80);
	CHECK_EQ(tl[1].first_ts, T0 + 150 * SEC / 8);
	CHECK_EQ(tl[1].last_ts, T0 + 150 * SEC);
	CHECK_EQ(tl[2].side, 1);
	CHECK_EQ(tl[2].count, 8);
	/* a different cause is a new entry; so is a real change */
	step(t, e, 0, ST_WAIT_CTL_REPLY, "SCCRQ sent", 90, T0 + 151 * SEC);
	step(t, e, 0, ST_ESTABLISHED, "SCCRP received", 91, T0 + 152 * SEC);
	tl = track_timeline(e, &n);
	CHECK_EQ(n, 5);
	CHECK_EQ(tl[3].count, 1);
	CHECK_EQ(tl[4].to, ST_ESTABLISHED);
	track_store_free(t);
}

TEST(track_timeline_cap)
{
	struct track *t = track_store_new(16, 8);
	struct entity *e = mk(t, 1);
	const struct transition *tl;
	char cause[32];
	size_t n;
	unsigned i;

	for (i = 1; i <= 20; i++) {
		snprintf(cause, sizeof(cause), "step %u", i);
		step(t, e, 0, i % 4, cause, i, T0 + i);
	}
	tl = track_timeline(e, &n);
	CHECK_EQ(n, 8);
	CHECK_EQ(e->tl_dropped, 12);
	CHECK_EQ(track_stats(t)->timeline_dropped, 12);
	/* the first quarter (2 of 8) is the start of the story ... */
	CHECK_STR(tl[0].cause, "step 1");
	CHECK_STR(tl[1].cause, "step 2");
	/* ... the rest the latest */
	CHECK_STR(tl[2].cause, "step 15");
	CHECK_STR(tl[7].cause, "step 20");
	CHECK_EQ(e->state[0], 0);	/* 20 % 4 */
	track_store_free(t);
}

struct sinklog {
	char	text[512];
};

static void
log_tr(struct sinklog *l, const char *who, const struct transition *tr)
{
	size_t len = strlen(l->text);

	snprintf(l->text + len, sizeof(l->text) - len, "%s:%s#%u ", who,
	    tr->cause, tr->count);
}

static struct sinklog shared_log;

static void
sink_one(void *arg, const struct entity *e, const struct transition *tr)
{
	(void)e;
	log_tr(&shared_log, arg, tr);
}

TEST(track_sinks_in_order)
{
	struct track *t = track_store_new(16, 64);
	struct entity *e = mk(t, 1);
	struct track_sink s1 = { sink_one, NULL, "first" };
	struct track_sink s2 = { sink_one, NULL, "second" };
	struct track_sink s3 = { NULL, NULL, NULL };

	memset(&shared_log, 0, sizeof(shared_log));
	CHECK_EQ(track_add_sink(t, &s1), 0);
	CHECK_EQ(track_add_sink(t, &s2), 0);
	CHECK_EQ(track_add_sink(t, &s3), 0);	/* no callbacks: skipped */
	step(t, e, 0, 1, "a", 1, T0);
	step(t, e, 0, 1, "b", 2, T0 + 1);
	step(t, e, 0, 1, "b", 3, T0 + 2);	/* folded, still told */
	CHECK_STR(shared_log.text,
	    "first:a#1 second:a#1 first:b#1 second:b#1 first:b#2 second:b#2 ");
	CHECK_EQ(track_add_sink(t, &s1), 0);
	CHECK_EQ(track_add_sink(t, &s1), -1);	/* TRACK_MAX_SINKS */
	track_store_free(t);
}

TEST(track_links_cleared_on_evict)
{
	struct track *t = track_store_new(16, 64);
	struct entity *cc = mk(t, 1), *cc2 = mk(t, 2), *s1, *s2;
	struct evref r = ref(0, 5, T0 + 5 * SEC);
	uint32_t k = 1000;
	unsigned i;

	s1 = track_create(t, EK_L2TP_SESSION, &k, sizeof(k), &r, "s1", cc);
	k++;
	s2 = track_create(t, EK_L2TP_SESSION, &k, sizeof(k), &r, "s2", cc);
	CHECK(s1->parent == cc && s2->parent == cc);
	CHECK_STR(s1->uid, "L2S-0-5-s1");
	track_relate(cc, cc2);
	track_relate(cc2, cc);		/* once only */
	CHECK_EQ(cc->nrelated, 1);
	CHECK(cc2->related[0] == cc);
	/* least recently seen first: cc2, s1, cc (seen when s2 was
	 * created), s2 */
	for (i = 0; i < 13; i++)
		mk(t, 100 + i);
	CHECK_EQ(track_stats(t)->evicted_total, 1);	/* cc2 */
	CHECK_EQ(cc->nrelated, 0);
	CHECK(cc->related[0] == NULL);
	CHECK(cc->child == s2 || cc->child == s1);
	mk(t, 200);					/* s1 */
	CHECK(cc->child == s2);
	CHECK(s2->sibling == NULL);
	/* s2 was seen in one frame only: it goes before cc, which was seen
	 * again (segmented eviction, issue #11) */
	mk(t, 201);					/* s2 */
	CHECK_EQ(track_stats(t)->evicted_total, 3);
	CHECK(cc->child == NULL);
	CHECK_EQ(track_stats(t)->evicted[EK_L2TP_SESSION], 2);
	track_store_free(t);
}

/*
 * Issue #11: a flood of entities seen in one frame each (SCCRQs, HELLOs,
 * data for unknown Session IDs) is evicted before entities seen in two or
 * more frames; when only those are left, the least recently seen goes and
 * its children lose their parent link.
 */
/* A memo answers like track_lookup after every change of the key's
 * entities: a newer entity sharing the key, the newest one evicted. */
TEST(track_lookup_memo_follows_key_changes)
{
	struct track *t = track_store_new(16, 64);
	struct track_memo m, none;
	struct entity *a, *b, *c;
	uint32_t k = 7, other = 99, i;

	memset(&m, 0, sizeof(m));
	memset(&none, 0, sizeof(none));
	a = mk(t, 7);
	CHECK(track_lookup_memo(t, EK_L2TP_CTL, &k, sizeof(k), &m) == a);
	CHECK(m.valid && m.e == a);
	{
		struct entity *x = NULL;

		CHECK(track_memo_check(t, &m, &x) && x == a);
	}
	m.aux = 5;		/* the caller's note about a: kept ... */
	CHECK(track_lookup_memo(t, EK_L2TP_CTL, &k, sizeof(k), &m) == a);
	CHECK_EQ(m.aux, 5);
	/* unknown key: the memo remembers "none" until the key comes */
	CHECK(track_lookup_memo(t, EK_L2TP_CTL, &other, sizeof(other),
	    &none) == NULL);
	CHECK(none.valid);
	c = mk(t, 99);
	CHECK(track_lookup_memo(t, EK_L2TP_CTL, &other, sizeof(other),
	    &none) == c);
	/* a is proven; b shares its key, is newer, and wins it */
	track_seen(t, a, &(struct evref){ .vantage = 0, .frame = 1000,
	    .ts_ns = T0 + 1000 * SEC });
	track_seen(t, c, &(struct evref){ .vantage = 0, .frame = 1001,
	    .ts_ns = T0 + 1001 * SEC });
	b = track_create(t, EK_L2TP_CTL, &k, sizeof(k),
	    &(struct evref){ .vantage = 0, .frame = 1002,
	    .ts_ns = T0 + 1002 * SEC }, "b", NULL);
	CHECK(b != NULL && b != a);
	{
		struct entity *x = NULL;

		/* b came with a's key: the memo no longer stands */
		CHECK(!track_memo_check(t, &m, &x));
	}
	CHECK(track_lookup_memo(t, EK_L2TP_CTL, &k, sizeof(k), &m) == b);
	CHECK_EQ(m.aux, 0);	/* ... until the answer is looked up again */
	/* 13 more fill the store (16); the next evicts b, seen once */
	for (i = 0; i < 14; i++)
		mk(t, 2000 + i);
	CHECK_EQ(track_stats(t)->evicted_total, 1);
	CHECK(track_lookup(t, EK_L2TP_CTL, &k, sizeof(k)) == a);
	CHECK(track_lookup_memo(t, EK_L2TP_CTL, &k, sizeof(k), &m) == a);
	CHECK(track_lookup_memo(t, EK_L2TP_CTL, &other, sizeof(other),
	    &none) == c);
	track_store_free(t);
}

TEST(track_evict_one_frame_first)
{
	struct track *t = track_store_new(16, 64);
	struct evref r = ref(0, 1, T0 + SEC);
	struct entity *p, *c, *x[14];
	uint32_t k = 5000, i;

	p = mk(t, 1);
	c = track_create(t, EK_L2TP_SESSION, &k, sizeof(k), &r, "c", p);
	track_seen(t, p, &(struct evref){ .vantage = 0, .frame = 2,
	    .ts_ns = T0 + 2 * SEC });
	track_seen(t, c, &(struct evref){ .vantage = 0, .frame = 2,
	    .ts_ns = T0 + 2 * SEC });
	for (i = 0; i < 100; i++)
		mk(t, 1000 + i);		/* the flood: frames 1000.. */
	CHECK_EQ(track_stats(t)->live, 16);
	CHECK_EQ(track_stats(t)->evicted_total, 86);	/* 102 - 16 */
	i = 1;
	CHECK(track_lookup(t, EK_L2TP_CTL, &i, sizeof(i)) == p);
	CHECK(c->parent == p && p->child == c);
	/* the 14 left of the flood are seen again: all 16 are proven */
	for (i = 0; i < 14; i++) {
		uint32_t n = 1086 + i;

		x[i] = track_lookup(t, EK_L2TP_CTL, &n, sizeof(n));
		CHECK(x[i] != NULL);
		if (x[i] != NULL)
			track_seen(t, x[i], &(struct evref){ .vantage = 0, .frame = 3000 + i,
			    .ts_ns = T0 + 3000 * SEC });
	}
	mk(t, 5000);			/* p is the least recently seen */
	CHECK_EQ(track_stats(t)->evicted_total, 87);
	CHECK(c->parent == NULL);
	i = 1;
	CHECK(track_lookup(t, EK_L2TP_CTL, &i, sizeof(i)) == NULL);
	track_store_free(t);
}

/* Timers: a log of firings. */
struct firelog {
	char		 text[256];
	struct track	*t;
	struct entity	*rearm;
};

static void
on_fire(void *arg, struct entity *e, unsigned slot, int64_t deadline,
    int at_end)
{
	struct firelog *l = arg;
	size_t len = strlen(l->text);

	snprintf(l->text + len, sizeof(l->text) - len, "%s/%u@%lld%s ",
	    e->uid, slot, (long long)((deadline - T0) / SEC),
	    at_end ? "(end)" : "");
	if (e == l->rearm) {		/* a retransmission schedule */
		l->rearm = NULL;
		track_timer_set(l->t, e, slot, deadline + 2 * SEC, on_fire, l);
	}
}

TEST(track_timers_order)
{
	struct track *t = track_store_new(16, 64);
	struct firelog l;
	struct entity *a = mk(t, 1), *b = mk(t, 2), *c = mk(t, 3);
	int64_t d;

	memset(&l, 0, sizeof(l));
	l.t = t;
	track_timer_set(t, a, 0, T0 + 30 * SEC, on_fire, &l);
	track_timer_set(t, b, 0, T0 + 10 * SEC, on_fire, &l);
	track_timer_set(t, c, 1, T0 + 20 * SEC, on_fire, &l);
	track_timer_set(t, c, 2, T0 + 20 * SEC, on_fire, &l);	/* tie */
	track_timer_set(t, a, 3, T0 + 5 * SEC, on_fire, &l);
	track_timer_cancel(t, a, 3);
	CHECK_EQ(track_timer_get(t, a, 3, &d), 0);
	CHECK_EQ(track_timer_get(t, a, 0, &d), 1);
	CHECK_EQ(d, T0 + 30 * SEC);
	track_tick(t, T0 + 9 * SEC);
	CHECK_STR(l.text, "");
	track_tick(t, T0 + 10 * SEC);		/* due exactly now: fires */
	CHECK_STR(l.text, "L2C-0-2-2/0@10 ");
	/* moving a timer: b again, later than c's */
	track_timer_set(t, b, 0, T0 + 25 * SEC, on_fire, &l);
	track_timer_set(t, b, 0, T0 + 26 * SEC, on_fire, &l);
	l.text[0] = '\0';
	track_tick(t, T0 + 28 * SEC);
	CHECK_STR(l.text, "L2C-0-3-3/1@20 L2C-0-3-3/2@20 L2C-0-2-2/0@26 ");
	/* at the end: the rest in deadline order, flagged */
	track_timer_set(t, c, 0, T0 + 40 * SEC, on_fire, &l);
	l.text[0] = '\0';
	track_timers_finish(t);
	CHECK_STR(l.text, "L2C-0-1-1/0@30(end) L2C-0-3-3/0@40(end) ");
	CHECK_EQ(track_timer_get(t, a, 0, &d), 0);
	track_store_free(t);
}

TEST(track_timer_rearm_and_evict)
{
	struct track *t = track_store_new(16, 64);
	struct firelog l;
	struct entity *a = mk(t, 1);
	uint32_t i;

	memset(&l, 0, sizeof(l));
	l.t = t;
	l.rearm = a;
	track_timer_set(t, a, 0, T0 + 10 * SEC, on_fire, &l);
	/* fires at 10, re-arms for 12 (already due): waits for the next
	 * tick rather than looping inside this one */
	track_tick(t, T0 + 20 * SEC);
	CHECK_STR(l.text, "L2C-0-1-1/0@10 ");
	track_tick(t, T0 + 21 * SEC);
	CHECK_STR(l.text, "L2C-0-1-1/0@10 L2C-0-1-1/0@12 ");
	/* an evicted entity's timer never fires */
	track_timer_set(t, a, 1, T0 + 30 * SEC, on_fire, &l);
	for (i = 0; i < 16; i++)
		mk(t, 100 + i);
	CHECK_EQ(track_stats(t)->evicted_total, 1);
	l.text[0] = '\0';
	track_tick(t, T0 + 40 * SEC);
	track_timers_finish(t);
	CHECK_STR(l.text, "");
	track_store_free(t);
}

/*
 * Timers pushed later are only re-keyed when they reach the top of the
 * heap: the firing order must still be exactly that of the earliest
 * (deadline, order of setting), which a scan over every timer computes
 * here.  Random sets (earlier and later), cancels and ticks.
 */
struct reftimer {
	int64_t		 deadline;
	uint64_t	 seq;
	int		 on;
};

static struct {
	char		 got[4096], want[4096];
} tlog;

static void
on_fire_log(void *arg, struct entity *e, unsigned slot, int64_t deadline,
    int at_end)
{
	size_t n = strlen(tlog.got);

	(void)arg;
	snprintf(tlog.got + n, sizeof(tlog.got) - n, "%s/%u@%lld%s ",
	    e->uid, slot, (long long)(deadline - T0), at_end ? "e" : "");
}

static void
ref_fire(struct reftimer r[][TRACK_MAX_TIMERS], struct entity **es,
    unsigned nent, int64_t now, uint64_t gate, int at_end)
{
	for (;;) {
		struct reftimer *m = NULL;
		unsigned i, k, mi = 0, mk_ = 0;
		size_t n;

		for (i = 0; i < nent; i++)
			for (k = 0; k < TRACK_MAX_TIMERS; k++)
				if (r[i][k].on && (m == NULL ||
				    r[i][k].deadline < m->deadline ||
				    (r[i][k].deadline == m->deadline &&
				    r[i][k].seq < m->seq))) {
					m = &r[i][k];
					mi = i;
					mk_ = k;
				}
		if (m == NULL || m->seq >= gate ||
		    (!at_end && m->deadline > now))
			return;
		m->on = 0;
		n = strlen(tlog.want);
		snprintf(tlog.want + n, sizeof(tlog.want) - n, "%s/%u@%lld%s ",
		    es[mi]->uid, mk_, (long long)(m->deadline - T0),
		    at_end && m->deadline > now ? "e" : "");
	}
}

TEST(track_timers_lazy_rearm_matches_exact_order)
{
	enum { NENT = 12, ROUNDS = 40, OPS = 30 };
	struct track *t = track_store_new(64, 64);
	struct reftimer r[NENT][TRACK_MAX_TIMERS];
	struct entity *es[NENT];
	uint64_t seq = 0, x = 0x9e3779b97f4a7c15ULL;
	int64_t now = T0;
	unsigned i, round, op, fired = 0;

	memset(r, 0, sizeof(r));
	for (i = 0; i < NENT; i++)
		es[i] = mk(t, i + 1);
	for (round = 0; round < ROUNDS; round++) {
		tlog.got[0] = tlog.want[0] = '\0';
		for (op = 0; op < OPS; op++) {
			unsigned e, k, what;
			int64_t dl;

			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			e = (unsigned)(x % NENT);
			k = (unsigned)(x >> 8) % TRACK_MAX_TIMERS;
			what = (unsigned)(x >> 16) % 8;
			/* deadlines within 50 ticks, many ties */
			dl = now + (int64_t)((x >> 24) % 50) / 2;
			if (what == 0) {
				track_timer_cancel(t, es[e], k);
				r[e][k].on = 0;
			} else {
				track_timer_set(t, es[e], k, dl, on_fire_log,
				    NULL);
				r[e][k].deadline = dl;
				r[e][k].seq = seq++;
				r[e][k].on = 1;
			}
		}
		now += 7;
		track_tick(t, now);
		ref_fire(r, es, NENT, now, seq, 0);
		CHECK_STR(tlog.got, tlog.want);
		fired += (unsigned)(strlen(tlog.want) > 0);
		for (i = 0; i < NENT; i++) {	/* what is left reads right */
			unsigned k;
			int64_t d;

			for (k = 0; k < TRACK_MAX_TIMERS; k++) {
				CHECK_EQ(track_timer_get(t, es[i], k, &d),
				    r[i][k].on);
				if (r[i][k].on)
					CHECK_EQ(d, r[i][k].deadline);
			}
		}
	}
	CHECK(fired > ROUNDS / 2);
	tlog.got[0] = tlog.want[0] = '\0';
	track_timers_finish(t);
	ref_fire(r, es, NENT, now, seq, 1);
	CHECK_STR(tlog.got, tlog.want);
	track_store_free(t);
}

/* Evidence arrays grown as facts come: every kept frame in order, the
 * first max only, and nothing allocated for an entity without the fact. */
TEST(track_evref_keep_grows_to_max)
{
	struct evref *a = NULL, r;
	uint8_t n = 0;
	unsigned i, max;

	for (max = 1; max <= 17; max += 4) {
		for (i = 0; i < 40; i++) {
			r = ref(1, 100 + i, T0 + (int64_t)i);
			evref_keep(&a, &n, max, &r);
			CHECK_EQ(n, i + 1 < max ? i + 1 : max);
		}
		for (i = 0; i < n; i++)
			CHECK_EQ(a[i].frame, 100 + i);	/* the first ones */
		free(a);
		a = NULL;
		n = 0;
	}
	evref_keep(&a, &n, 0, &r);
	CHECK(a == NULL);
	CHECK_EQ(n, 0);
}

/* Proven entities seen again are marked, not moved; at the cap the
 * oldest unmarked one goes, the marked ones before it going to the
 * newest end with their marks cleared (second chance). */
TEST(track_evict_second_chance)
{
	struct track *t = track_store_new(16, 64);
	struct entity *e[20];
	uint32_t i;

	for (i = 0; i < 16; i++)
		e[i] = mk(t, i);
	for (i = 0; i < 16; i++)	/* proven, in this order */
		see(t, e[i], 100 + i);
	for (i = 0; i < 3; i++)		/* 0, 1, 2 seen once more */
		see(t, e[i], 200 + i);
	e[16] = mk(t, 300);		/* 0-2 get their second chance */
	CHECK(e[16] != NULL);
	CHECK(!alive(t, 3));
	CHECK(alive(t, 0) && alive(t, 1) && alive(t, 2));
	see(t, e[16], 250);
	e[17] = mk(t, 301);		/* 4 is the oldest unmarked */
	CHECK(!alive(t, 4));
	see(t, e[5], 400);
	/* an entity seen in one frame only goes before any other */
	e[18] = mk(t, 302);
	CHECK(!alive(t, 301));
	see(t, e[18], 500);
	e[19] = mk(t, 303);		/* 5 was marked: 6 goes */
	CHECK(!alive(t, 6));
	CHECK(alive(t, 5) && alive(t, 300) && alive(t, 302));
	CHECK_EQ(track_stats(t)->evicted_total, 4);
	track_store_free(t);
}

/* The final pass sees every entity, oldest first, whatever their ages
 * in the eviction order and their kinds. */
TEST(track_mark_all_dirty_creation_order)
{
	struct track *t = track_store_new(16, 64);
	struct entity *e;
	uint64_t last = 0;
	uint32_t i, k;
	unsigned n = 0;

	for (i = 0; i < 9; i++) {
		k = 1000 + i;
		track_create(t, i % 3 == 0 ? EK_BGP_SESSION : i % 3 == 1 ?
		    EK_L2TP_CTL : EK_BGP_CONN, &k, sizeof(k),
		    &(struct evref){ .frame = 1 + i, .ts_ns = T0 + i * SEC },
		    NULL, NULL);
	}
	/* ages scrambled: the last ones proven first */
	for (e = track_first(t, EK_L2TP_CTL); e != NULL; e = track_next(e))
		track_seen(t, e, &(struct evref){ .frame = 50,
		    .ts_ns = T0 + 50 * SEC });
	track_dirty_clear(t);
	track_mark_all_dirty(t);
	for (e = track_dirty_first(t); e != NULL; e = track_dirty_next(e)) {
		CHECK(e->serial > last);
		last = e->serial;
		n++;
	}
	CHECK_EQ(n, 9);
	track_store_free(t);
}

TEST(track_dirty_list)
{
	struct track *t = track_store_new(16, 64);
	struct entity *a = mk(t, 1), *b = mk(t, 2), *e;
	unsigned n = 0;

	for (e = track_dirty_first(t); e != NULL; e = track_dirty_next(e))
		n++;
	CHECK_EQ(n, 2);			/* new entities are changed ones */
	track_dirty_clear(t);
	CHECK(track_dirty_first(t) == NULL);
	step(t, b, 0, 1, "x", 1, T0);
	CHECK(track_dirty_first(t) == b);
	CHECK(track_dirty_next(b) == NULL);
	track_mark_dirty(t, b);		/* once only */
	track_mark_all_dirty(t);
	n = 0;
	for (e = track_dirty_first(t); e != NULL; e = track_dirty_next(e))
		n++;
	CHECK_EQ(n, 2);
	(void)a;
	track_store_free(t);
}

TEST(track_evref_format)
{
	struct evref r[3] = {
		{ .vantage = 0, .frame = 12 },
		{ .vantage = 1, .frame = 3 },
		{ .vantage = 7, .frame = 9 },
	};
	char buf[128];
	struct textbuf tb;

	tb_init(&tb, buf, sizeof(buf));
	evref_list_format(&tb, r, 3, 5, test_label, NULL);
	CHECK_STR(buf, "wan:12 lan:3 7:9 (+5 more)");
	tb_reset(&tb);
	evref_list_format(&tb, r, 0, 0, test_label, NULL);
	CHECK_STR(buf, "-");
	tb_reset(&tb);
	evref_format(&tb, &r[0], NULL, NULL);
	CHECK_STR(buf, "0:12");
}

/* -T events: the lines the format comment in out_events.c promises. */
static int
test_digits(void *arg, uint32_t v)
{
	(void)arg;
	return v == 1 ? 9 : 6;
}

static void
cap_rule(struct engine *eng, int final)
{
	struct entity *e;
	struct finding *f;

	(void)final;
	for (e = track_dirty_first(eng->track); e; e = track_dirty_next(e)) {
		if (e->state[0] != ST_WAIT_CTL_REPLY)
			continue;
		f = diag_upsert(eng, e, e->first.ts_ns);
		finding_set_title(f, "no SCCRP \x1b[2J");
		finding_add_evidence(f, &e->first);
	}
}

static const struct rule cap_rules[] = {
	{ "l2tp.ctl_reply_missing", SEV_ERROR, cap_rule, "test" },
};

TEST(track_events_lines)
{
	struct prefs p;
	struct engine *eng;
	struct events_view v;
	struct entity *e;
	struct evref r = ref(0, 12, T0 + 123456789);
	struct evref r1 = ref(0, 20, T0 + SEC);
	struct evref r2 = ref(1, 4, T0 + 150 * SEC + 5);
	uint32_t k = 1;
	char out[2048];
	FILE *fp = tmpfile();
	size_t n;

	CHECK(fp != NULL);
	if (fp == NULL)
		return;
	prefs_default(&p);
	eng = engine_new(&p);
	CHECK(eng != NULL);
	engine_set_labels(eng, test_label, NULL);
	track_register_kind(eng->track, EK_L2TP_CTL, &ctl_kind);
	diag_register(eng, cap_rules, 1);
	memset(&v, 0, sizeof(v));
	v.fp = fp;
	v.label = test_label;
	v.digits = test_digits;
	CHECK_EQ(out_events_attach(&v, eng), 0);
	e = track_create(eng->track, EK_L2TP_CTL, &k, sizeof(k), &r, "56446",
	    NULL);
	track_set_name(e, "192.168.1.1 -> 192.168.200.3 ccid %u", 56446u);
	track_change_state(eng->track, e, 0, ST_WAIT_CTL_REPLY,
	    &(struct change){ .ts = r.ts_ns, .cause = "SCCRQ sent",
	    .ev = &r, .nev = 1 });
	track_change_state(eng->track, e, 0, ST_WAIT_CTL_REPLY,
	    &(struct change){ .ts = r1.ts_ns, .cause = "SCCRQ resent",
	    .ev = &r1, .nev = 1 });
	track_change_state(eng->track, e, 0, ST_WAIT_CTL_REPLY,
	    &(struct change){ .ts = r2.ts_ns, .cause = "SCCRQ resent",
	    .ev = &r2, .nev = 1 });
	track_change_state(eng->track, e, 1, 9,
	    &(struct change){ .ts = T0 + 200 * SEC, .cause = "bad\x01\\",
	    .flags = TR_INFERRED });
	engine_finish(eng);
	CHECK_EQ(v.err, 0);
	rewind(fp);
	n = fread(out, 1, sizeof(out) - 1, fp);
	out[n] = '\0';
	CHECK_STR(out,
	    "2026-11-24T17:06:00.123456Z wan:12 l2tp-ctl "
	    "192.168.1.1 -> 192.168.200.3 ccid 56446 initiator: "
	    "idle -> wait-ctl-reply (SCCRQ sent)\n"
	    "2026-11-24T17:06:01.000000Z wan:20 l2tp-ctl "
	    "192.168.1.1 -> 192.168.200.3 ccid 56446 initiator: "
	    "wait-ctl-reply -> wait-ctl-reply (SCCRQ resent)\n"
	    "2026-11-24T17:08:30.000000005Z lan:4 l2tp-ctl "
	    "192.168.1.1 -> 192.168.200.3 ccid 56446 initiator: "
	    "wait-ctl-reply -> wait-ctl-reply (SCCRQ resent) x2\n"
	    "2026-11-24T17:09:20.000000Z - l2tp-ctl "
	    "192.168.1.1 -> 192.168.200.3 ccid 56446 responder: "
	    "idle -> unknown (9) (bad\\x01\\x5c, inferred)\n"
	    "2026-11-24T17:06:00.123456Z wan:12 FINDING error "
	    "l2tp.ctl_reply_missing "
	    "192.168.1.1 -> 192.168.200.3 ccid 56446: no SCCRP \\x1b[2J\n");
	fclose(fp);
	engine_free(eng);
}

/*
 * Regression (found by the 10,000-tunnel benchmark): with every entity but
 * one "proven" (seen in a second frame), the only entity left on the
 * new-entity list is the parent just created; creating its child at the
 * cap must evict someone else, never the parent it hangs under.
 */
TEST(track_evict_spares_new_parent)
{
	struct track *t = track_store_new(16, 64);
	struct entity *e, *p, *c;
	struct evref r;
	uint32_t i, kp = 9000, kc = 9001;

	for (i = 0; i < 15; i++) {
		e = mk(t, 100 + i);
		CHECK(e != NULL);
		if (e != NULL)
			track_seen(t, e, &(struct evref){ .vantage = 0, .frame = 500 + i,
			    .ts_ns = T0 + 500 * SEC });
	}
	r = ref(0, 600, T0 + 600 * SEC);
	p = track_create(t, EK_BGP_SESSION, &kp, sizeof(kp), &r, "p", NULL);
	CHECK(p != NULL);
	CHECK_EQ(track_stats(t)->live, 16);
	c = track_create(t, EK_BGP_CONN, &kc, sizeof(kc), &r, "c", p);
	CHECK(c != NULL);
	CHECK_EQ(track_stats(t)->live, 16);
	CHECK(track_lookup(t, EK_BGP_SESSION, &kp, sizeof(kp)) == p);
	CHECK(c != NULL && c->parent == p && p->child == c);
	i = 100;			/* the least recently seen proven one */
	CHECK(track_lookup(t, EK_L2TP_CTL, &i, sizeof(i)) == NULL);
	track_store_free(t);
}

/* A cause text is held once for every transition that has it, and stays
 * as long as one of them does: after its first holder is destroyed and
 * after the timeline cap drops entries. */
TEST(track_causes_shared_and_kept)
{
	struct track *t = track_store_new(16, 4);
	struct entity *a = mk(t, 1), *b = mk(t, 2);
	const struct transition *ta, *tb;
	char text[TRACK_CAUSE_MAX];
	size_t n;
	unsigned i;

	track_change_state(t, a, 0, ST_WAIT_CTL_REPLY, &(struct change){
	    .ts = T0, .cause = "SCCRQ sent" });
	snprintf(text, sizeof(text), "SCCRQ %s", "sent");	/* a copy */
	track_change_state(t, b, 0, ST_WAIT_CTL_REPLY, &(struct change){
	    .ts = T0, .cause = text });
	ta = track_timeline(a, &n);
	tb = track_timeline(b, &n);
	CHECK(ta[0].cause == tb[0].cause);
	CHECK(ta[0].cause != text);
	CHECK_EQ(track_str_count(t), 1);
	/* a goes (evicted: the oldest seen once); b, seen again, stays */
	track_seen(t, b, &(struct evref){ .vantage = 0, .frame = 100,
	    .ts_ns = T0 + 100 * SEC });
	for (i = 3; i <= 17; i++)
		CHECK(mk(t, i) != NULL);
	i = 1;
	CHECK(track_lookup(t, EK_L2TP_CTL, &i, sizeof(i)) == NULL);
	CHECK_EQ(track_stats(t)->evicted_total, 1);
	tb = track_timeline(b, &n);
	CHECK_STR(tb[0].cause, "SCCRQ sent");
	/* past the cap of 4: the oldest after the first goes, each with
	 * its own text, the rest stay readable */
	for (i = 0; i < 10; i++) {
		snprintf(text, sizeof(text), "step %u", i);
		track_change_state(t, b, i & 1, i & 1 ? ST_IDLE :
		    ST_WAIT_CTL_REPLY, &(struct change){ .ts = T0 + i,
		    .cause = text });
	}
	tb = track_timeline(b, &n);
	CHECK_EQ(n, 4);
	CHECK_STR(tb[0].cause, "SCCRQ sent");
	CHECK_STR(tb[3].cause, "step 9");
	CHECK_STR(tb[2].cause, "step 8");
	/* held: the four texts of b's timeline, nothing of what went */
	CHECK_EQ(track_str_count(t), 4);
	track_store_free(t);
}

/* Held texts stay found as the table grows (rehashed past 1024 buckets):
 * the same copy for the same text, gone after as many puts as gets. */
TEST(track_str_many_texts)
{
	static const char *held[5000];
	struct track *t = track_store_new(16, 8);
	char text[32];
	unsigned i, bad = 0;

	for (i = 0; i < 5000; i++) {
		snprintf(text, sizeof(text), "OPEN sent (AS %u)", 64512 + i);
		held[i] = track_str_get(t, text);
	}
	CHECK_EQ(track_str_count(t), 5000);
	for (i = 0; i < 5000; i++) {
		snprintf(text, sizeof(text), "OPEN sent (AS %u)", 64512 + i);
		bad += track_str_get(t, text) != held[i] ||
		    strcmp(held[i], text) != 0;
	}
	CHECK_EQ(bad, 0);
	CHECK(track_str_get(t, "")[0] == '\0');
	CHECK_EQ(track_str_count(t), 5000);
	for (i = 0; i < 5000; i++) {
		track_str_put(t, held[i]);
		track_str_put(t, held[i]);
	}
	track_str_put(t, "");
	track_str_put(t, NULL);
	CHECK_EQ(track_str_count(t), 0);
	track_store_free(t);
}
