/* tui_model.c - what the TUI's entity list shows, read from the engine:
 * rows nested by parent (sessions under their control connection), BGP
 * sessions under the L2TPv3 session that carries them at the moment shown
 * (bgp_sess_carrier: they have no parent, their carrier changes when a
 * tunnel is rebuilt) or at the top, sorted by severity then recency,
 * filtered; state badges, time in state, stuck states.
 *
 * Nothing here tracks anything: states, timelines and findings are the
 * engine's (track.h, finding.h); the -T status text is out_l2tp_status's.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagnose.h"
#include "pipeline.h"
#include "textbuf.h"
#include "track_bgp.h"
#include "tui_priv.h"

#define STUCK_NS	(10 * 1000000000LL)	/* transient state this long */
#define MAX_DEPTH	6

const char *
tui_kind_tag(unsigned kind)
{
	switch (kind) {
	case EK_L2TP_CTL:	return "ctl";
	case EK_L2TP_SESSION:	return "ses";
	case EK_BGP_SESSION:	return "bgp";
	case EK_BGP_CONN:	return "tcp";
	default:		return "?";
	}
}

int
tui_entity_sev(const struct entity *e)
{
	const struct finding *f;
	int sev = -1;

	for (f = e->findings; f != NULL; f = f->enext)
		if ((int)f->severity > sev)
			sev = f->severity;
	return sev;
}

static const struct track *
run_track(const struct tui_run *r)
{
	return r->pl->engine->track;
}

int64_t
tui_now(const struct tui_run *r)
{
	int64_t now = r->pl->engine->now;

	return now > r->last_ts ? now : r->last_ts;
}

void
tui_state_badge(const struct tui_run *r, const struct entity *e, char *buf,
    size_t size)
{
	char b0[48], b1[48];
	const char *s0, *s1;

	s0 = track_state_name(run_track(r), e->kind, e->state[0], b0,
	    sizeof(b0));
	s1 = track_state_name(run_track(r), e->kind, e->state[1], b1,
	    sizeof(b1));
	if (strcmp(s0, s1) == 0)
		snprintf(buf, size, "[%s]", s0);
	else
		snprintf(buf, size, "[%s|%s]", s0, s1);
}

int64_t
tui_state_age(const struct tui_run *r, const struct entity *e)
{
	const struct transition *tl;
	size_t n, i;
	int64_t since = e->first.ts_ns;

	tl = track_timeline(e, &n);
	for (i = n; i-- > 0;)
		if (tl[i].from != tl[i].to) {
			since = tl[i].last_ts;
			break;
		}
	return tui_now(r) - since;
}

/* A state a peer passes through on the way up (RFC 3931 wait-*, RFC 4271
 * Connect, Active, OpenSent, OpenConfirm), by its RFC name. */
static int
transient(const char *s)
{
	return strncmp(s, "wait", 4) == 0 || strcmp(s, "Connect") == 0 ||
	    strcmp(s, "Active") == 0 || strcmp(s, "OpenSent") == 0 ||
	    strcmp(s, "OpenConfirm") == 0;
}

int
tui_stuck(const struct tui_run *r, const struct entity *e)
{
	char b[48];
	unsigned side;

	for (side = 0; side < TRACK_SIDES; side++)
		if (transient(track_state_name(run_track(r), e->kind,
		    e->state[side], b, sizeof(b))))
			return tui_state_age(r, e) >= STUCK_NS;
	return 0;
}

const char *
tui_status_block(const struct tui_run *r, const struct entity *e,
    size_t *len)
{
	size_t lo = 0, hi = r->nblocks, mid;

	*len = 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r->blocks[mid].serial < e->serial)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* e may be gone and its memory reused (live): the uid decides */
	if (lo < r->nblocks && r->blocks[lo].serial == e->serial &&
	    r->blocks[lo].e == e && strcmp(r->blocks[lo].uid, e->uid) == 0) {
		*len = r->blocks[lo].len;
		return r->status + r->blocks[lo].off;
	}
	return NULL;
}

/* Case-insensitive substring (the filter); needle "" matches. */
int
tui_match(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle), i, j;

	if (n == 0)
		return 1;
	for (i = 0; i + n <= len; i++) {
		for (j = 0; j < n; j++)
			if (tolower((unsigned char)hay[i + j]) !=
			    tolower((unsigned char)needle[j]))
				break;
		if (j == n)
			return 1;
	}
	return 0;
}

/* The filter: kind, name, uid, state names, -T status text (host names,
 * tunnel and session IDs, addresses), as shown (escaped). */
static int
self_match(const struct tui *t, const struct entity *e)
{
	char buf[TRACK_NAME_MAX * 4 + 256];
	struct textbuf tb;
	const char *blk;
	size_t len;

	if (t->filter[0] == '\0')
		return 1;
	tb_init(&tb, buf, sizeof(buf));
	tb_printf(&tb, "%s %s %s ", track_kind_name(e->kind),
	    tui_kind_tag(e->kind), e->uid);
	tb_esc(&tb, (const uint8_t *)e->name, strlen(e->name));
	tb_putc(&tb, ' ');
	tui_state_badge(t->cur, e, buf + tb.len, tb.size - tb.len);
	if (tui_match(buf, strlen(buf), t->filter))
		return 1;
	blk = tui_status_block(t->cur, e, &len);
	return blk != NULL && tui_match(blk, len, t->filter);
}

static int
nest_cmp(const void *a, const void *b)
{
	const struct tui_nest *x = a, *y = b;
	uintptr_t xc = (uintptr_t)x->carrier, yc = (uintptr_t)y->carrier;

	if (xc != yc)
		return xc < yc ? -1 : 1;
	if (x->e->serial != y->e->serial)
		return x->e->serial < y->e->serial ? -1 : 1;
	return 0;
}

/* The BGP sessions carried by e: t->nest[*first .. *first + n). */
static size_t
nest_kids(const struct tui *t, const struct entity *e, size_t *first)
{
	size_t lo = 0, hi = t->nnest, n;

	*first = 0;
	if (e->kind != EK_L2TP_SESSION || t->nnest == 0)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((uintptr_t)t->nest[mid].carrier < (uintptr_t)e)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (n = 0; lo + n < t->nnest && t->nest[lo + n].carrier == e; n++)
		;
	*first = lo;
	return n;
}

static int
sub_match(const struct tui *t, const struct entity *e, unsigned depth)
{
	const struct entity *c;
	size_t k, nk;

	if (self_match(t, e))
		return 1;
	if (depth >= MAX_DEPTH)
		return 0;
	for (c = e->child; c != NULL; c = c->sibling)
		if (sub_match(t, c, depth + 1))
			return 1;
	for (nk = nest_kids(t, e, &k); nk > 0; nk--, k++)
		if (sub_match(t, t->nest[k].e, depth + 1))
			return 1;
	return 0;
}

static int
sub_sev(const struct tui *t, const struct entity *e, unsigned depth)
{
	const struct entity *c;
	int s = tui_entity_sev(e), cs;
	size_t k, nk;

	if (depth >= MAX_DEPTH)
		return s;
	for (c = e->child; c != NULL; c = c->sibling)
		if ((cs = sub_sev(t, c, depth + 1)) > s)
			s = cs;
	for (nk = nest_kids(t, e, &k); nk > 0; nk--, k++)
		if ((cs = sub_sev(t, t->nest[k].e, depth + 1)) > s)
			s = cs;
	return s;
}

struct sortent {
	const struct entity *e;
	int		 sev;
	int64_t		 recent;
};

static int
sort_cmp(const void *a, const void *b)
{
	const struct sortent *x = a, *y = b;

	if (x->sev != y->sev)
		return x->sev > y->sev ? -1 : 1;
	if (x->recent != y->recent)
		return x->recent > y->recent ? -1 : 1;
	if (x->e == NULL || y->e == NULL)
		return x->e == NULL ? -1 : y->e != NULL;
	if (x->e->serial != y->e->serial)
		return x->e->serial < y->e->serial ? -1 : 1;
	return 0;
}

static void
row_add(struct tui *t, const struct entity *e, unsigned depth, int sev)
{
	struct tui_row *r;

	if (t->nrows == t->rowcap) {
		size_t cap = t->rowcap ? t->rowcap * 2 : 64;

		if ((r = realloc(t->rows, cap * sizeof(*r))) == NULL)
			return;
		t->rows = r;
		t->rowcap = cap;
	}
	t->rows[t->nrows].e = e;
	t->rows[t->nrows].depth = depth;
	t->rows[t->nrows].sev = sev;
	t->nrows++;
}

/* Sort the list of entities in v (n of them) and emit each subtree. */
static void emit_level(struct tui *, struct sortent *, size_t, unsigned,
    int);

static void
emit(struct tui *t, const struct entity *e, unsigned depth, int anc)
{
	const struct entity *c;
	struct sortent *v;
	size_t n = 0, k, nk, i;
	int self;

	self = self_match(t, e);
	if (!anc && !self && !sub_match(t, e, depth))
		return;
	row_add(t, e, depth, tui_entity_sev(e));
	if (depth >= MAX_DEPTH)
		return;
	for (c = e->child; c != NULL; c = c->sibling)
		n++;
	nk = nest_kids(t, e, &k);
	n += nk;
	if (n == 0 || (v = calloc(n, sizeof(*v))) == NULL)
		return;
	n = 0;
	for (c = e->child; c != NULL; c = c->sibling) {
		v[n].e = c;
		v[n].sev = sub_sev(t, c, depth + 1);
		v[n].recent = c->last.ts_ns;
		n++;
	}
	for (i = 0; i < nk; i++) {
		c = t->nest[k + i].e;
		v[n].e = c;
		v[n].sev = sub_sev(t, c, depth + 1);
		v[n].recent = c->last.ts_ns;
		n++;
	}
	emit_level(t, v, n, depth + 1, anc || self);
	free(v);
}

static void
emit_level(struct tui *t, struct sortent *v, size_t n, unsigned depth,
    int anc)
{
	size_t i;

	qsort(v, n, sizeof(*v), sort_cmp);
	for (i = 0; i < n; i++)
		emit(t, v[i].e, depth, anc);
}

/* Findings not about one live entity: the capture's own, and those
 * whose entity was evicted.  Worst severity, or -1 when none. */
static int
capture_sev(const struct tui *t)
{
	const struct findings *fs = t->cur->pl->engine->findings;
	size_t n = finding_count(fs), i;
	int sev = -1;

	for (i = 1; i <= n; i++) {
		const struct finding *f = finding_by_id(fs, (uint32_t)i);

		if (f != NULL && f->entity == NULL && (int)f->severity > sev)
			sev = f->severity;
	}
	return sev;
}

/* The BGP sessions an L2TPv3 session carries now, sorted by carrier
 * (t->nest, freed by tui_rows_build).  When out of memory, all stay at
 * the top level. */
static struct tui_nest *
nest_build(struct tui *t)
{
	const struct engine *eng = t->cur->pl->engine;
	const struct entity *e, *l2;
	struct tui_nest *v = NULL, *nv;
	size_t n = 0, cap = 0;

	for (e = track_first(eng->track, EK_BGP_SESSION); e != NULL;
	    e = track_next(e)) {
		if (e->parent != NULL ||
		    (l2 = bgp_sess_carrier(eng, e)) == NULL ||
		    l2->kind != EK_L2TP_SESSION)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL) {
				free(v);
				return NULL;
			}
			v = nv;
		}
		v[n].carrier = l2;
		v[n].e = e;
		n++;
	}
	if (n > 0)
		qsort(v, n, sizeof(*v), nest_cmp);
	t->nnest = n;
	return v;
}

/* Whether e is shown under its carrier instead of at the top: the
 * test nest_build made (none when it ran out of memory). */
static int
nested(const struct tui *t, const struct entity *e)
{
	const struct entity *l2;

	if (e->kind != EK_BGP_SESSION || t->nest == NULL)
		return 0;
	l2 = bgp_sess_carrier(t->cur->pl->engine, e);
	return l2 != NULL && l2->kind == EK_L2TP_SESSION;
}

void
tui_rows_build(struct tui *t)
{
	const struct track *tr = t->cur->pl->engine->track;
	const struct entity *e;
	struct sortent *v = NULL, *nv;
	struct tui_nest *nest;
	size_t n = 0, cap = 0, i;
	unsigned k;
	int csev;

	t->nrows = 0;
	t->nnest = 0;
	t->nest = nest = nest_build(t);
	if (nest == NULL)
		t->nnest = 0;
	csev = capture_sev(t);
	for (k = 0; k <= EK_COUNT; k++) {
		e = k < EK_COUNT ? track_first(tr, k) : NULL;
		for (; k == EK_COUNT || e != NULL; e = track_next(e)) {
			if (k == EK_COUNT && csev < 0)
				break;
			if (e != NULL && (e->parent != NULL || nested(t, e)))
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				if ((nv = realloc(v, cap * sizeof(*v))) ==
				    NULL)
					break;
				v = nv;
			}
			/* the capture row leads the entities of its
			 * severity */
			v[n].e = e;
			v[n].sev = e != NULL ? sub_sev(t, e, 0) : csev;
			v[n].recent = e != NULL ? e->last.ts_ns : INT64_MAX;
			n++;
			if (k == EK_COUNT)
				break;
		}
	}
	if (n > 0)
		qsort(v, n, sizeof(*v), sort_cmp);
	for (i = 0; i < n; i++) {
		if (v[i].e != NULL)
			emit(t, v[i].e, 0, 0);
		else if (tui_match("capture", 7, t->filter))
			row_add(t, NULL, 0, csev);
	}
	free(v);
	t->nest = NULL;
	t->nnest = 0;
	free(nest);
}
