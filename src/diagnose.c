/* diagnose.c - the correlation engine: runs the rules over tracked state.
 *
 * Rules are cheap to run often because they only look at entities that
 * changed since the last pass (the store's dirty list): a state change,
 * a new entity or a tracker's track_mark_dirty().  Time alone changes
 * nothing here; inferred timers (track_timer_set) turn the passing of
 * time into state changes.
 */
#include <stdlib.h>

#include "diagnose.h"
#include "prefs.h"

static void
engine_gone(void *arg, struct entity *e)
{
	struct engine *eng = arg;

	finding_entity_gone(eng->findings, e);
}

struct engine *
engine_new(const struct prefs *prefs)
{
	struct engine *eng;

	if ((eng = calloc(1, sizeof(*eng))) == NULL)
		return NULL;
	eng->prefs = prefs;
	eng->track = track_store_new(prefs->track_max_entities,
	    prefs->track_timeline);
	eng->findings = finding_store_new(prefs->track_max_findings);
	if (eng->track == NULL || eng->findings == NULL) {
		engine_free(eng);
		return NULL;
	}
	track_set_gone_hook(eng->track, engine_gone, eng);
	return eng;
}

void
engine_free(struct engine *eng)
{
	if (eng == NULL)
		return;
	track_store_free(eng->track);	/* entities first: release hooks */
	finding_store_free(eng->findings);
	while (eng->non_free > 0) {
		eng->non_free--;
		eng->on_free[eng->non_free].fn(eng->on_free[eng->non_free].arg);
	}
	free(eng);
}

int
engine_on_free(struct engine *eng, void (*fn)(void *), void *arg)
{
	if (eng->non_free >= ENGINE_MAX_HOOKS)
		return -1;
	eng->on_free[eng->non_free].fn = fn;
	eng->on_free[eng->non_free].arg = arg;
	eng->non_free++;
	return 0;
}

void
engine_set_labels(struct engine *eng, evref_label_fn fn, void *arg)
{
	track_set_labels(eng->track, fn, arg);
}

int
engine_add_sink(struct engine *eng, const struct track_sink *s)
{
	return track_add_sink(eng->track, s);
}

void
engine_tick(struct engine *eng, int64_t now)
{
	eng->now = now;
	track_tick(eng->track, now);
	if (!eng->diag_started || now - eng->last_diag >= DIAG_PERIOD_NS ||
	    now < eng->last_diag)
		diagnose_run(eng, now, 0);
}

void
engine_finish(struct engine *eng)
{
	track_timers_finish(eng->track);
	diagnose_run(eng, eng->now, 1);
}

int
diag_register(struct engine *eng, const struct rule *rules, size_t n)
{
	return finding_register_rules(eng->findings, rules, n);
}

/* A finding is new or changed severity: every sink hears of it. */
static void
publish(void *arg, const struct finding *f)
{
	struct track *t = arg;
	const struct track_sink *s;
	size_t i;

	for (i = 0; (s = track_sink_at(t, i)) != NULL; i++)
		if (s->finding != NULL)
			s->finding(s->arg, f);
}

void
diagnose_run(struct engine *eng, int64_t now, int final)
{
	const struct rule *r;
	size_t i;

	eng->now = now;
	eng->last_diag = now;
	eng->diag_started = 1;
	if (final)
		track_mark_all_dirty(eng->track);
	if (track_dirty_first(eng->track) == NULL && !final)
		return;
	eng->passes++;
	for (i = 0; (r = finding_rule_at(eng->findings, i)) != NULL; i++) {
		eng->rule = r;
		if (r->evaluate != NULL)
			r->evaluate(eng, final);
	}
	eng->rule = NULL;
	track_dirty_clear(eng->track);
	finding_flush(eng->findings, publish, eng->track);
}

struct finding *
diag_upsert(struct engine *eng, struct entity *e, int64_t ts)
{
	if (eng->rule == NULL)
		return NULL;
	return finding_upsert(eng->findings, eng->rule, e, ts);
}
