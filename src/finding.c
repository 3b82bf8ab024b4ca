/* finding.c - findings store, rule registry, severity (DESIGN.md "Rule
 * catalog").
 *
 * Findings live in one array in order of creation (the id is the index
 * plus one, so ids stay stable); each entity heads a short list of its
 * own findings, which is all the (rule, entity) lookup has to walk.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"

#define FINDING_MAX_TABLES	16

struct rule_table {
	const struct rule *rules;
	size_t		 n;
};

struct findings {
	uint32_t	 cap;
	uint32_t	 n;
	struct finding	**all;
	struct finding	*global;	/* capture-wide findings */
	struct finding	*pending, **pending_tail;
	struct rule_table tables[FINDING_MAX_TABLES];
	size_t		 ntables;
	uint64_t	 dropped;
};

static const char *const sev_names[SEV_COUNT] = {
	[SEV_INFO] = "info", [SEV_WARNING] = "warning", [SEV_ERROR] = "error",
};

const char *
finding_severity_name(unsigned s)
{
	return s < SEV_COUNT ? sev_names[s] : "?";
}

int
finding_severity_parse(const char *s)
{
	int i;

	for (i = 0; i < SEV_COUNT; i++)
		if (strcmp(s, sev_names[i]) == 0)
			return i;
	return -1;
}

struct findings *
finding_store_new(uint32_t cap)
{
	struct findings *fs;

	if (cap == 0)
		cap = 1;
	if ((fs = calloc(1, sizeof(*fs))) == NULL)
		return NULL;
	if ((fs->all = calloc(cap, sizeof(*fs->all))) == NULL) {
		free(fs);
		return NULL;
	}
	fs->cap = cap;
	fs->pending_tail = &fs->pending;
	return fs;
}

void
finding_store_free(struct findings *fs)
{
	uint32_t i;

	if (fs == NULL)
		return;
	for (i = 0; i < fs->n; i++)
		free(fs->all[i]);
	free(fs->all);
	free(fs);
}

/* --- rules ------------------------------------------------------------- */

int
finding_register_rules(struct findings *fs, const struct rule *r, size_t n)
{
	if (fs->ntables >= FINDING_MAX_TABLES)
		return -1;
	fs->tables[fs->ntables].rules = r;
	fs->tables[fs->ntables].n = n;
	fs->ntables++;
	return 0;
}

size_t
finding_nrules(const struct findings *fs)
{
	size_t i, n = 0;

	for (i = 0; i < fs->ntables; i++)
		n += fs->tables[i].n;
	return n;
}

const struct rule *
finding_rule_at(const struct findings *fs, size_t idx)
{
	size_t i;

	for (i = 0; i < fs->ntables; i++) {
		if (idx < fs->tables[i].n)
			return &fs->tables[i].rules[idx];
		idx -= fs->tables[i].n;
	}
	return NULL;
}

const struct rule *
finding_rule(const struct findings *fs, const char *id)
{
	const struct rule *r;
	size_t i;

	for (i = 0; (r = finding_rule_at(fs, i)) != NULL; i++)
		if (strcmp(r->id, id) == 0)
			return r;
	return NULL;
}

/* --- findings ---------------------------------------------------------- */

static struct finding **
list_head(struct findings *fs, struct entity *e)
{
	return e != NULL ? &e->findings : &fs->global;
}

struct finding *
finding_lookup(const struct findings *fs, const char *rule_id,
    const struct entity *e)
{
	struct finding *f = e != NULL ? e->findings : fs->global;

	for (; f != NULL; f = f->enext)
		if (strcmp(f->rule, rule_id) == 0)
			return f;
	return NULL;
}

static void
copy_entity(struct finding *f, const struct entity *e)
{
	if (e == NULL) {
		f->entity_kind = EK_COUNT;
		snprintf(f->entity_uid, sizeof(f->entity_uid), "capture");
		snprintf(f->entity_name, sizeof(f->entity_name), "capture");
		return;
	}
	f->entity_kind = e->kind;
	snprintf(f->entity_uid, sizeof(f->entity_uid), "%s", e->uid);
	snprintf(f->entity_name, sizeof(f->entity_name), "%s", e->name);
}

static void
touch(struct findings *fs, struct finding *f)
{
	if (f->pending)
		return;
	f->pending = 1;
	f->pnext = NULL;
	*fs->pending_tail = f;
	fs->pending_tail = &f->pnext;
}

struct finding *
finding_upsert(struct findings *fs, const struct rule *r, struct entity *e,
    int64_t ts)
{
	struct finding *f, **head;

	if ((f = finding_lookup(fs, r->id, e)) != NULL) {
		copy_entity(f, e);
		touch(fs, f);
		return f;
	}
	/* keep the last quarter for errors: they explain outages */
	if (fs->n >= fs->cap ||
	    (fs->n >= fs->cap - fs->cap / 4 && r->severity < SEV_ERROR) ||
	    (f = calloc(1, sizeof(*f))) == NULL) {
		fs->dropped++;
		return NULL;
	}
	f->id = fs->n + 1;
	f->rule = r->id;
	f->severity = r->severity < SEV_COUNT ? r->severity : SEV_ERROR;
	f->entity = e;
	f->ts = ts;
	f->published = SEV_COUNT;
	copy_entity(f, e);
	head = list_head(fs, e);
	f->enext = *head;
	*head = f;
	fs->all[fs->n++] = f;
	touch(fs, f);
	return f;
}

void
finding_set_severity(struct finding *f, unsigned s)
{
	if (s < SEV_COUNT)
		f->severity = (uint8_t)s;
}

void
finding_set_title(struct finding *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->title, sizeof(f->title), fmt, ap);
	va_end(ap);
}

void
finding_set_text(struct finding *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->explanation, sizeof(f->explanation), fmt, ap);
	va_end(ap);
}

void
finding_set_remedy(struct finding *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->remediation, sizeof(f->remediation), fmt, ap);
	va_end(ap);
}

void
finding_evidence_reset(struct finding *f)
{
	f->nev = 0;
	f->ev_more = 0;
}

void
finding_add_evidence(struct finding *f, const struct evref *r)
{
	unsigned i;

	for (i = 0; i < f->nev; i++)
		if (f->ev[i].vantage == r->vantage && f->ev[i].frame == r->frame)
			return;
	if (f->nev < FINDING_EV_MAX)
		f->ev[f->nev++] = *r;
	else
		f->ev_more++;
}

/* Does a's chain of causes reach b? (Bounded: ids only grow along it.) */
static int
caused_by(const struct findings *fs, const struct finding *a,
    const struct finding *b)
{
	uint32_t hops = 0;

	while (a != NULL && a->explained_by != 0 && hops++ < fs->n) {
		if (a->explained_by == b->id)
			return 1;
		a = finding_by_id(fs, a->explained_by);
	}
	return 0;
}

int
finding_explains(struct findings *fs, struct finding *cause,
    struct finding *symptom)
{
	unsigned i;

	if (cause == symptom || caused_by(fs, cause, symptom))
		return -1;
	for (i = 0; i < cause->nsymptoms; i++)
		if (cause->symptoms[i] == symptom->id)
			break;
	if (i == cause->nsymptoms) {
		if (cause->nsymptoms >= FINDING_SYM_MAX)
			return -1;
		cause->symptoms[cause->nsymptoms++] = symptom->id;
	}
	symptom->explained_by = cause->id;
	return 0;
}

/* --- views ------------------------------------------------------------- */

size_t
finding_count(const struct findings *fs)
{
	return fs->n;
}

struct finding *
finding_by_id(const struct findings *fs, uint32_t id)
{
	return id >= 1 && id <= fs->n ? fs->all[id - 1] : NULL;
}

static int
cmp_findings(const void *a, const void *b)
{
	const struct finding *x = *(const struct finding *const *)a;
	const struct finding *y = *(const struct finding *const *)b;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

size_t
finding_sorted(const struct findings *fs, const struct finding **out,
    unsigned flags)
{
	size_t i, n = 0;

	for (i = 0; i < fs->n; i++) {
		const struct finding *f = fs->all[i];

		if ((flags & FINDING_ROOTS) && f->explained_by != 0)
			continue;
		out[n++] = f;
	}
	if (n > 1)
		qsort(out, n, sizeof(*out), cmp_findings);
	return n;
}

size_t
finding_count_at_least(const struct findings *fs, unsigned severity)
{
	size_t i, n = 0;

	for (i = 0; i < fs->n; i++)
		if (fs->all[i]->severity >= severity)
			n++;
	return n;
}

uint64_t
finding_dropped(const struct findings *fs)
{
	return fs->dropped;
}

/* --- engine plumbing --------------------------------------------------- */

void
finding_entity_gone(struct findings *fs, struct entity *e)
{
	struct finding *f, *next;

	(void)fs;
	for (f = e->findings; f != NULL; f = next) {
		next = f->enext;
		f->entity = NULL;
		f->enext = NULL;
	}
	e->findings = NULL;
}

void
finding_flush(struct findings *fs,
    void (*notify)(void *, const struct finding *), void *arg)
{
	struct finding *f, *next;

	for (f = fs->pending; f != NULL; f = next) {
		next = f->pnext;
		f->pnext = NULL;
		f->pending = 0;
		if (f->published != f->severity) {
			f->published = f->severity;
			if (notify != NULL)
				notify(arg, f);
		}
	}
	fs->pending = NULL;
	fs->pending_tail = &fs->pending;
}
