/* finding.h - findings store, rule registry, severity.
 *
 * A finding says what went wrong with one entity (or with the capture),
 * with evidence frames, in plain words: DESIGN.md "Rule catalog".  There
 * is at most one finding per (rule, entity): a rule evaluated again finds
 * and updates its finding (finding_upsert) instead of adding another.
 * One failure, one root cause: a rule that explains another's finding
 * marks it (finding_explains); the symptom stays, is cited by the cause,
 * and is left out of the root-cause list the summary prints.
 *
 * The store is bounded: past three quarters of its cap only errors are
 * still added, past the cap nothing (counted in finding_dropped() for the
 * "capture limits" part of the report).  Findings outlive their entity:
 * kind, uid and display name are copied, and the entity pointer becomes
 * NULL when the entity is evicted.  Text is kept raw; sinks escape it.
 */
#ifndef TS_FINDING_H
#define TS_FINDING_H

#include <stddef.h>
#include <stdint.h>

#include "track.h"

struct engine;

enum severity {
	SEV_INFO = 0,
	SEV_WARNING,		/* risk or degradation */
	SEV_ERROR,		/* explains an outage */
	SEV_COUNT
};

/* "info", "warning", "error"; "?" otherwise. */
const char *finding_severity_name(unsigned);
/* For --fail-on: SEV_* or -1. */
int	finding_severity_parse(const char *);

/*
 * A rule of the catalog.  Trackers keep a const table of them and
 * register it (diag_register); evaluate() looks at the entities changed
 * since the last pass (track_dirty_first: all of them when final) and
 * upserts findings.  final is 1 once, at the end of input.
 */
struct rule {
	const char	*id;		/* stable: "l2tp.ctl_reply_missing" */
	uint8_t		 severity;	/* default enum severity */
	void		(*evaluate)(struct engine *, int final);
	const char	*help;		/* fires when ... (one line) */
};

#define FINDING_TITLE_MAX	160
#define FINDING_TEXT_MAX	2048	/* room for the likely-causes list */
#define FINDING_REMEDY_MAX	512
#define FINDING_EV_MAX		32
#define FINDING_SYM_MAX		16

struct finding {
	uint32_t	 id;		/* 1, 2 ... in order of creation */
	const char	*rule;		/* the rule's id (static) */
	uint8_t		 severity;	/* enum severity */
	uint8_t		 entity_kind;	/* enum entity_kind; EK_COUNT: capture */
	struct entity	*entity;	/* NULL: capture-wide, or evicted */
	char		 entity_uid[TRACK_UID_MAX];
	char		 entity_name[TRACK_NAME_MAX];
	int64_t		 ts;		/* when it became true */
	char		 title[FINDING_TITLE_MAX];	/* one line */
	char		 explanation[FINDING_TEXT_MAX];
	char		 remediation[FINDING_REMEDY_MAX];
	uint16_t	 nev;
	uint64_t	 ev_more;	/* evidence past FINDING_EV_MAX */
	struct evref	 ev[FINDING_EV_MAX];
	uint8_t		 nsymptoms;
	uint32_t	 symptoms[FINDING_SYM_MAX];	/* ids it explains */
	uint32_t	 explained_by;	/* 0, or the root cause's id */
	/* store links */
	struct finding	*enext;		/* same entity (or capture-wide) */
	struct finding	*pnext;		/* touched since the last flush */
	uint8_t		 pending;
	uint8_t		 published;	/* severity last told, SEV_COUNT never */
};

struct findings;

/* cap >= 1.  NULL when out of memory. */
struct findings *finding_store_new(uint32_t cap);
void	finding_store_free(struct findings *);

/* Rule registry: tables are kept by pointer, evaluated in order. */
int	finding_register_rules(struct findings *, const struct rule *,
	    size_t n);
size_t	finding_nrules(const struct findings *);
const struct rule *finding_rule_at(const struct findings *, size_t);
const struct rule *finding_rule(const struct findings *, const char *id);

/*
 * The finding of rule r for entity e (NULL: about the capture itself),
 * created with the rule's default severity and ts when it does not exist
 * yet.  Refreshes the copied entity name.  NULL when the store is full.
 */
struct finding *finding_upsert(struct findings *, const struct rule *,
	    struct entity *, int64_t ts);
struct finding *finding_lookup(const struct findings *, const char *rule_id,
	    const struct entity *);
void	finding_set_severity(struct finding *, unsigned severity);
void	finding_set_title(struct finding *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	finding_set_text(struct finding *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	finding_set_remedy(struct finding *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	finding_evidence_reset(struct finding *);
/* Kept once (same vantage and frame); past FINDING_EV_MAX only counted. */
void	finding_add_evidence(struct finding *, const struct evref *);
/* cause explains symptom: 0, or -1 (same finding, a loop, or full). */
int	finding_explains(struct findings *, struct finding *cause,
	    struct finding *symptom);

/* Views. */
size_t	finding_count(const struct findings *);
struct finding *finding_by_id(const struct findings *, uint32_t id);
#define FINDING_ROOTS	0x01	/* leave out symptoms explained by another */
/* Fill out[] (room for finding_count() entries) by severity, errors
 * first, then ts, then id; returns how many. */
size_t	finding_sorted(const struct findings *, const struct finding **out,
	    unsigned flags);
/* Findings of at least this severity (roots and symptoms). */
size_t	finding_count_at_least(const struct findings *, unsigned severity);
uint64_t finding_dropped(const struct findings *);

/* Engine plumbing. */
void	finding_entity_gone(struct findings *, struct entity *);
/* Tell notify about every finding touched since the last flush that is
 * new or changed severity, in the order they were first touched. */
void	finding_flush(struct findings *,
	    void (*notify)(void *, const struct finding *), void *);

#endif /* TS_FINDING_H */
