/* finding_test.c - findings store, rule registry, severity, diagnose. */
#include <stdio.h>
#include <string.h>

#include "diagnose.h"
#include "finding.h"
#include "prefs.h"
#include "track.h"
#include "unit.h"

#define SEC	1000000000LL
#define T0	(1795539960LL * SEC)

static const struct rule r_err = { "l2tp.ctl_reply_missing", SEV_ERROR,
	NULL, NULL };
static const struct rule r_warn = { "l2tp.retransmissions", SEV_WARNING,
	NULL, NULL };
static const struct rule r_info = { "l2tp.tie_breaker", SEV_INFO,
	NULL, NULL };
static const struct rule r_hello = { "l2tp.hello_timeout", SEV_ERROR,
	NULL, NULL };
static const struct rule r_stop = { "l2tp.stopccn", SEV_ERROR, NULL, NULL };

static struct entity *
mk(struct track *t, uint32_t n)
{
	struct evref r = { .vantage = 0, .frame = n,
	    .ts_ns = T0 + (int64_t)n * SEC };

	return track_create(t, EK_L2TP_CTL, &n, sizeof(n), &r, NULL, NULL);
}

TEST(finding_severity_names)
{
	CHECK_STR(finding_severity_name(SEV_ERROR), "error");
	CHECK_STR(finding_severity_name(SEV_WARNING), "warning");
	CHECK_STR(finding_severity_name(SEV_INFO), "info");
	CHECK_STR(finding_severity_name(7), "?");
	CHECK_EQ(finding_severity_parse("warning"), SEV_WARNING);
	CHECK_EQ(finding_severity_parse("error"), SEV_ERROR);
	CHECK(finding_severity_parse("fatal") == -1);
	CHECK(SEV_ERROR > SEV_WARNING && SEV_WARNING > SEV_INFO);
}

TEST(finding_upsert_updates_not_duplicates)
{
	struct track *t = track_store_new(16, 64);
	struct findings *fs = finding_store_new(64);
	struct entity *a = mk(t, 1), *b = mk(t, 2);
	struct finding *f1, *f2, *g, *c;
	struct evref r = { .vantage = 1, .frame = 9, .ts_ns = T0 };
	unsigned i;

	track_set_name(a, "10.0.0.1 -> 10.0.0.2 ccid 1");
	f1 = finding_upsert(fs, &r_err, a, T0 + 5 * SEC);
	CHECK(f1 != NULL);
	CHECK_EQ(f1->id, 1);
	CHECK_EQ(f1->severity, SEV_ERROR);
	CHECK_STR(f1->entity_name, "10.0.0.1 -> 10.0.0.2 ccid 1");
	CHECK_EQ(f1->entity_kind, EK_L2TP_CTL);
	finding_set_title(f1, "%d SCCRQs, no SCCRP", 3);
	/* evaluated again later: same finding, first ts kept, text updated */
	track_set_name(a, "10.0.0.1 -> 10.0.0.2 ccid 1 (renamed)");
	f2 = finding_upsert(fs, &r_err, a, T0 + 50 * SEC);
	CHECK(f2 == f1);
	CHECK_EQ(f2->ts, T0 + 5 * SEC);
	CHECK_STR(f2->entity_name, "10.0.0.1 -> 10.0.0.2 ccid 1 (renamed)");
	finding_set_title(f2, "%d SCCRQs, no SCCRP", 9);
	CHECK_STR(f1->title, "9 SCCRQs, no SCCRP");
	CHECK_EQ(finding_count(fs), 1);
	/* another rule, another entity, the capture: separate findings */
	g = finding_upsert(fs, &r_warn, a, T0);
	CHECK(g != f1);
	CHECK(finding_upsert(fs, &r_err, b, T0) != f1);
	c = finding_upsert(fs, &r_info, NULL, T0);
	CHECK(c != NULL);
	CHECK_STR(c->entity_name, "capture");
	CHECK_EQ(c->entity_kind, EK_COUNT);
	CHECK(finding_upsert(fs, &r_info, NULL, T0 + SEC) == c);
	CHECK_EQ(finding_count(fs), 4);
	CHECK(finding_lookup(fs, "l2tp.retransmissions", a) == g);
	CHECK(finding_lookup(fs, "l2tp.retransmissions", b) == NULL);
	CHECK(finding_by_id(fs, 2) == g);
	CHECK(finding_by_id(fs, 5) == NULL);
	CHECK(finding_by_id(fs, 0) == NULL);
	/* evidence: once per frame, 32 kept, the rest counted */
	finding_add_evidence(f1, &r);
	finding_add_evidence(f1, &r);
	CHECK_EQ(f1->nev, 1);
	for (i = 0; i < 40; i++) {
		r.frame = 100 + i;
		finding_add_evidence(f1, &r);
	}
	CHECK_EQ(f1->nev, FINDING_EV_MAX);
	CHECK_EQ(f1->ev_more, 9);
	finding_evidence_reset(f1);
	CHECK_EQ(f1->nev, 0);
	CHECK_EQ(f1->ev_more, 0);
	finding_store_free(fs);
	track_store_free(t);
}

TEST(finding_sorted_by_severity_then_time)
{
	struct findings *fs = finding_store_new(64);
	struct track *t = track_store_new(16, 64);
	struct entity *e[4];
	const struct finding *out[8];
	size_t n;
	unsigned i;

	for (i = 0; i < 4; i++)
		e[i] = mk(t, i);
	finding_upsert(fs, &r_info, e[0], T0 + 1);		/* id 1 */
	finding_upsert(fs, &r_err, e[0], T0 + 30);		/* id 2 */
	finding_upsert(fs, &r_warn, e[1], T0 + 5);		/* id 3 */
	finding_upsert(fs, &r_err, e[2], T0 + 10);		/* id 4 */
	finding_upsert(fs, &r_err, e[3], T0 + 10);		/* id 5 */
	/* a warning escalated to an error */
	finding_set_severity(finding_upsert(fs, &r_warn, e[2], T0 + 2),
	    SEV_ERROR);						/* id 6 */
	n = finding_sorted(fs, out, 0);
	CHECK_EQ(n, 6);
	CHECK_EQ(out[0]->id, 6);	/* error at +2 */
	CHECK_EQ(out[1]->id, 4);	/* error at +10, lower id */
	CHECK_EQ(out[2]->id, 5);
	CHECK_EQ(out[3]->id, 2);	/* error at +30 */
	CHECK_EQ(out[4]->id, 3);	/* warning */
	CHECK_EQ(out[5]->id, 1);	/* info */
	CHECK_EQ(finding_count_at_least(fs, SEV_ERROR), 4);
	CHECK_EQ(finding_count_at_least(fs, SEV_WARNING), 5);
	CHECK_EQ(finding_count_at_least(fs, SEV_INFO), 6);
	finding_store_free(fs);
	track_store_free(t);
}

TEST(finding_symptom_suppressed)
{
	struct findings *fs = finding_store_new(64);
	struct track *t = track_store_new(16, 64);
	struct entity *e = mk(t, 1);
	struct finding *hello, *stop, *other;
	const struct finding *out[8];
	size_t n;

	/* a StopCCN (result 7) sent because Hellos went unanswered: the
	 * hello timeout is the cause, the StopCCN its symptom */
	stop = finding_upsert(fs, &r_stop, e, T0 + 60 * SEC);
	hello = finding_upsert(fs, &r_hello, e, T0 + 40 * SEC);
	other = finding_upsert(fs, &r_warn, e, T0);
	CHECK_EQ(finding_explains(fs, hello, stop), 0);
	CHECK_EQ(finding_explains(fs, hello, stop), 0);	/* idempotent */
	CHECK_EQ(hello->nsymptoms, 1);
	CHECK_EQ(hello->symptoms[0], stop->id);
	CHECK_EQ(stop->explained_by, hello->id);
	/* no loops, nothing explains itself */
	CHECK_EQ(finding_explains(fs, stop, hello), -1);
	CHECK_EQ(finding_explains(fs, hello, hello), -1);
	CHECK_EQ(finding_explains(fs, stop, other), 0);
	CHECK_EQ(finding_explains(fs, other, hello), -1);	/* via stop */
	n = finding_sorted(fs, out, FINDING_ROOTS);
	CHECK_EQ(n, 1);
	CHECK(out[0] == hello);
	n = finding_sorted(fs, out, 0);
	CHECK_EQ(n, 3);			/* the symptoms are still there */
	finding_store_free(fs);
	track_store_free(t);
}

TEST(finding_store_bounded)
{
	struct findings *fs = finding_store_new(8);
	struct track *t = track_store_new(16, 64);
	struct entity *e[12];
	unsigned i;

	for (i = 0; i < 12; i++)
		e[i] = mk(t, i);
	/* 6 of 8 for anything */
	for (i = 0; i < 6; i++)
		CHECK(finding_upsert(fs, &r_info, e[i], T0) != NULL);
	CHECK(finding_upsert(fs, &r_warn, e[6], T0) == NULL);
	CHECK(finding_upsert(fs, &r_info, e[0], T0) != NULL);	/* exists */
	/* the last quarter for errors */
	CHECK(finding_upsert(fs, &r_err, e[7], T0) != NULL);
	CHECK(finding_upsert(fs, &r_err, e[8], T0) != NULL);
	CHECK(finding_upsert(fs, &r_err, e[9], T0) == NULL);
	CHECK_EQ(finding_count(fs), 8);
	CHECK_EQ(finding_dropped(fs), 2);
	finding_store_free(fs);
	track_store_free(t);
}

/* Diagnose: rules see changed entities; findings reach the sinks once. */
struct diaglog {
	unsigned	 evals, finals, seen;
	char		 told[512];
};
static struct diaglog dl;

static void
rule_stuck(struct engine *eng, int final)
{
	struct entity *e;
	struct finding *f;

	dl.evals++;
	dl.finals += final != 0;
	for (e = track_dirty_first(eng->track); e; e = track_dirty_next(e)) {
		dl.seen++;
		if (e->state[0] != 1)
			continue;
		if ((f = diag_upsert(eng, e, eng->now)) == NULL)
			continue;
		finding_set_title(f, "stuck");
		if (e->state[1] == 2)
			finding_set_severity(f, SEV_ERROR);
	}
}

static void
rule_cause(struct engine *eng, int final)
{
	struct finding *sym, *f;
	struct entity *e;

	(void)final;
	for (e = track_dirty_first(eng->track); e; e = track_dirty_next(e)) {
		if (e->state[1] != 3 ||
		    (sym = finding_lookup(eng->findings, "test.stuck", e)) ==
		    NULL)
			continue;
		f = diag_upsert(eng, e, eng->now);
		finding_set_title(f, "cause");
		finding_explains(eng->findings, f, sym);
	}
}

static const struct rule test_rules[] = {
	{ "test.stuck", SEV_WARNING, rule_stuck, "side A in state 1" },
	{ "test.cause", SEV_ERROR, rule_cause, "side B in state 3" },
};

static void
told(void *arg, const struct finding *f)
{
	size_t len = strlen(dl.told);

	(void)arg;
	snprintf(dl.told + len, sizeof(dl.told) - len, "%s:%s:%s ", f->rule,
	    finding_severity_name(f->severity), f->title);
}

static void
move(struct engine *eng, struct entity *e, unsigned side, unsigned to)
{
	track_change_state(eng->track, e, side, to, &(struct change){
	    .ts = eng->now, .cause = "test" });
}

TEST(finding_diagnose_dirty_only)
{
	struct prefs p;
	struct engine *eng;
	struct entity *a, *b;
	struct track_sink s = { NULL, told, NULL };
	const struct finding *out[8];
	uint32_t k;

	memset(&dl, 0, sizeof(dl));
	prefs_default(&p);
	eng = engine_new(&p);
	CHECK(eng != NULL);
	CHECK_EQ(diag_register(eng, test_rules, 2), 0);
	CHECK_EQ(finding_nrules(eng->findings), 2);
	CHECK(finding_rule(eng->findings, "test.cause") == &test_rules[1]);
	CHECK(finding_rule(eng->findings, "nope") == NULL);
	engine_add_sink(eng, &s);
	engine_tick(eng, T0);		/* nothing tracked: no rule runs */
	CHECK_EQ(dl.evals, 0);
	CHECK_EQ(eng->passes, 0);
	k = 1;
	a = track_create(eng->track, EK_L2TP_CTL, &k, sizeof(k),
	    &(struct evref){ .vantage = 0, .frame = 1,
	    .ts_ns = T0 }, NULL, NULL);
	k = 2;
	b = track_create(eng->track, EK_L2TP_CTL, &k, sizeof(k),
	    &(struct evref){ .vantage = 0, .frame = 2,
	    .ts_ns = T0 }, NULL, NULL);
	engine_tick(eng, T0 + SEC / 2);	/* within the period: waits */
	CHECK_EQ(dl.evals, 0);
	engine_tick(eng, T0 + SEC);
	CHECK_EQ(dl.evals, 1);
	CHECK_EQ(dl.seen, 2);
	move(eng, a, 0, 1);
	engine_tick(eng, T0 + 2 * SEC);
	CHECK_EQ(dl.evals, 2);
	CHECK_EQ(dl.seen, 3);		/* only a changed */
	CHECK_STR(dl.told, "test.stuck:warning:stuck ");
	/* nothing changed: a cheap pass that runs no rule */
	engine_tick(eng, T0 + 3 * SEC);
	engine_tick(eng, T0 + 4 * SEC);
	CHECK_EQ(dl.evals, 2);
	CHECK_EQ(eng->passes, 2);
	/* re-evaluated, same severity: not told again; escalated: told */
	track_mark_dirty(eng->track, a);
	engine_tick(eng, T0 + 5 * SEC);
	CHECK_STR(dl.told, "test.stuck:warning:stuck ");
	move(eng, a, 1, 2);
	engine_tick(eng, T0 + 6 * SEC);
	CHECK_STR(dl.told, "test.stuck:warning:stuck test.stuck:error:stuck ");
	/* the root cause shows up and explains the symptom */
	move(eng, a, 1, 3);
	engine_finish(eng);
	CHECK_EQ(dl.finals, 1);		/* one final pass */
	CHECK_STR(dl.told, "test.stuck:warning:stuck test.stuck:error:stuck "
	    "test.cause:error:cause ");
	CHECK_EQ(finding_count(eng->findings), 2);
	CHECK_EQ(finding_sorted(eng->findings, out, FINDING_ROOTS), 1);
	CHECK_STR(out[0]->rule, "test.cause");
	CHECK_EQ(out[0]->ts, T0 + 6 * SEC);
	(void)b;
	engine_free(eng);
}

static unsigned freed_hooks;

static void
count_free(void *arg)
{
	freed_hooks += *(unsigned *)arg;
}

TEST(finding_entity_evicted_keeps_finding)
{
	struct prefs p;
	struct engine *eng;
	struct entity *e;
	struct finding *f;
	unsigned i, one = 1, ten = 10;

	prefs_default(&p);
	p.track_max_entities = 16;
	eng = engine_new(&p);
	CHECK(eng != NULL);
	e = mk(eng->track, 0);
	f = finding_upsert(eng->findings, &r_err, e, T0);
	CHECK(f->entity == e);
	CHECK(e->findings == f);
	for (i = 1; i <= 16; i++)
		mk(eng->track, i);
	CHECK_EQ(track_stats(eng->track)->evicted_total, 1);
	CHECK(f->entity == NULL);
	CHECK_STR(f->entity_uid, "L2C-0-0");
	CHECK_EQ(finding_count(eng->findings), 1);
	freed_hooks = 0;
	engine_on_free(eng, count_free, &one);
	engine_on_free(eng, count_free, &ten);
	engine_free(eng);
	CHECK_EQ(freed_hooks, 11);
}
