/* diagnose.h - the correlation engine: entity store, findings, rules.
 *
 * One engine per pipeline (DESIGN.md data flow "trackers -> diagnose ->
 * views").  The pipeline calls engine_tick() with each frame's time before
 * dissecting it (inferred timers fire, and about once a second of capture
 * time the rules run over what changed), and engine_finish() at the end
 * of input (timers run out, the rules run over everything with final =
 * 1).  Live mode calls engine_tick() from its poll loop too.
 */
#ifndef TS_DIAGNOSE_H
#define TS_DIAGNOSE_H

#include <stddef.h>
#include <stdint.h>

#include "finding.h"
#include "track.h"

struct prefs;
struct l2tp_tracker;
struct bgp_tracker;

#define DIAG_PERIOD_NS		1000000000LL	/* rules during input */
#define ENGINE_MAX_HOOKS	8

struct engine {
	struct track		*track;
	struct findings		*findings;
	const struct prefs	*prefs;		/* the pipeline's */
	int64_t			 now;		/* latest capture time */
	int64_t			 last_diag;
	int			 diag_started;
	uint64_t		 passes;	/* rule passes that ran */
	const struct rule	*rule;		/* being evaluated */
	/* tracker state, owned by track_l2tp.c and track_bgp.c */
	struct l2tp_tracker	*l2tp;
	struct bgp_tracker	*bgp;
	struct {
		void	(*fn)(void *);
		void	*arg;
	}			 on_free[ENGINE_MAX_HOOKS];
	unsigned		 non_free;
};

/* NULL when out of memory.  prefs must outlive the engine. */
struct engine *engine_new(const struct prefs *);
/* Frees every entity (trackers' release hooks run), then calls the
 * on_free hooks in reverse order of registration. */
void	engine_free(struct engine *);
/* Trackers free their own state here (after their entities are gone). */
int	engine_on_free(struct engine *, void (*)(void *), void *);
void	engine_set_labels(struct engine *, evref_label_fn, void *);
/* Views that follow the engine as it goes (-T events, the TUI). */
int	engine_add_sink(struct engine *, const struct track_sink *);
void	engine_tick(struct engine *, int64_t now);
void	engine_finish(struct engine *);

/* Add a tracker's rule table (kept by pointer).  0, or -1 when full. */
int	diag_register(struct engine *, const struct rule *, size_t n);
/*
 * Evaluate every rule, in registration order.  With final = 0 nothing
 * runs when no entity changed since the last pass; final = 1 marks every
 * entity changed first.  Then new findings and changed severities go to
 * the sinks.
 */
void	diagnose_run(struct engine *, int64_t now, int final);
/* Inside evaluate(): the finding of the rule being evaluated for e. */
struct finding *diag_upsert(struct engine *, struct entity *, int64_t ts);

#endif /* TS_DIAGNOSE_H */
