/* tui_detail.c - the TUI's right pane for the selected entity: Status
 * (its states and the router-style -T status text of both LCCEs),
 * Timeline (collapsed repeats, frame references), Findings (explanation,
 * evidence, remediation) and Packets (the -T decode lines of the frames it
 * cites; Enter shows the -v decode of one).  All read from the engine as
 * it was at the moment shown; packet-derived text is escaped (tb_esc)
 * before it is laid out.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagnose.h"
#include "pipeline.h"
#include "source.h"
#include "textbuf.h"
#include "timefmt.h"
#include "tui_priv.h"

#define TEXT_MAX	8192

/* ---- line store ---- */

void
tui_lines_clear(struct tui_lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].s);
	l->n = 0;
}

static struct tui_line *
line_new(struct tui_lines *l, int cls, const char *s, size_t len)
{
	struct tui_line *v;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 128;

		if ((v = realloc(l->v, cap * sizeof(*v))) == NULL)
			return NULL;
		l->v = v;
		l->cap = cap;
	}
	v = &l->v[l->n];
	memset(v, 0, sizeof(*v));
	if ((v->s = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(v->s, s, len);
	v->s[len] = '\0';
	v->cls = (uint8_t)cls;
	l->n++;
	return v;
}

void
tui_lines_add(struct tui_lines *l, int cls, const char *s)
{
	line_new(l, cls, s, strlen(s));
}

/* s (escaped already) cut into lines of at most width cells, at spaces
 * where possible; continuation lines are indented.  Newlines in s start
 * new lines. */
void
tui_lines_wrap(struct tui_lines *l, int cls, const char *s, int width,
    int indent)
{
	char buf[1024];
	int first = 1;

	if (width < 20)
		width = 20;
	if (indent > width / 2)
		indent = width / 2;
	while (*s != '\0' || first) {
		int room = first ? width : width - indent, cut, i;
		const char *nl = strchr(s, '\n');
		int len = nl != NULL ? (int)(nl - s) : (int)strlen(s);

		if (len <= room)
			cut = len;
		else {
			cut = room;
			for (i = room; i > room / 2; i--)
				if (s[i] == ' ') {
					cut = i;
					break;
				}
		}
		if (first)
			snprintf(buf, sizeof(buf), "%.*s", cut, s);
		else
			snprintf(buf, sizeof(buf), "%*s%.*s", indent, "", cut,
			    s);
		tui_lines_add(l, cls, buf);
		s += cut;
		if (cut == len && nl != NULL) {
			s++;		/* the newline: next line unindented */
			first = 1;
			if (*s == '\0')
				break;
			continue;
		}
		while (*s == ' ')
			s++;
		first = 0;
	}
}

static void
esc(struct textbuf *tb, const char *s)
{
	tb_esc(tb, (const uint8_t *)s, strlen(s));
}

static void
put_ref(struct textbuf *tb, struct tui *t, const struct evref *r)
{
	evref_format(tb, r, tui_label, t->cur);
}

static int
digits_of(struct tui *t, const struct evref *r)
{
	return tui_digits(t->cur, r != NULL ? r->vantage : 0);
}

/* "09:00:05.000000" (UTC time of day). */
static void
put_tod(struct textbuf *tb, int64_t ns, int digits)
{
	char b[64];
	const char *p;

	tui_fmt_ts(b, sizeof(b), ns, digits);
	p = strchr(b, ' ');
	tb_puts(tb, p != NULL ? p + 1 : b);
}

static const char *
sev_word(unsigned s)
{
	switch (s) {
	case SEV_ERROR:		return "ERROR";
	case SEV_WARNING:	return "WARNING";
	default:		return "INFO";
	}
}

static int
sev_cls(int s)
{
	switch (s) {
	case SEV_ERROR:		return TC_ERROR;
	case SEV_WARNING:	return TC_WARNING;
	case SEV_INFO:		return TC_INFO;
	default:		return TC_NORMAL;
	}
}

/* ---- Status ---- */

static void
side_line(struct tui *t, const struct entity *e, unsigned side, int w)
{
	const struct track *tr = t->cur->pl->engine->track;
	const struct transition *tl;
	char line[512], b[48], age[32];
	struct textbuf tb;
	size_t n, i;
	int64_t since = -1;

	tl = track_timeline(e, &n);
	for (i = n; i-- > 0;)
		if (tl[i].side == side && tl[i].from != tl[i].to) {
			since = tl[i].last_ts;
			break;
		}
	tb_init(&tb, line, sizeof(line));
	tb_printf(&tb, "  %-10s %s", track_side_name(tr, e->kind, side),
	    track_state_name(tr, e->kind, e->state[side], b, sizeof(b)));
	if (since >= 0) {
		tui_fmt_age(age, sizeof(age), tui_now(t->cur) - since);
		tb_printf(&tb, " for %s (since ", age);
		put_tod(&tb, since, 6);
		tb_puts(&tb, ")");
	}
	tui_lines_wrap(&t->lines, TC_NORMAL, line, w, 4);
}

static void
block_lines(struct tui *t, const char *s, size_t len, int w)
{
	char buf[1024];
	int ind;

	while (len > 0) {
		const char *nl = memchr(s, '\n', len);
		size_t ll = nl != NULL ? (size_t)(nl - s) : len;

		snprintf(buf, sizeof(buf), "%.*s", (int)ll, s);
		for (ind = 0; buf[ind] == ' '; ind++)
			;
		tui_lines_wrap(&t->lines, buf[0] != ' ' && buf[0] != '\0' ?
		    TC_HEAD : TC_NORMAL, buf, w, ind + 4);
		if (nl == NULL)
			break;
		len -= ll + 1;
		s = nl + 1;
	}
	/* no trailing blank lines */
	while (t->lines.n > 0 && t->lines.v[t->lines.n - 1].s[0] == '\0') {
		free(t->lines.v[t->lines.n - 1].s);
		t->lines.n--;
	}
}

static void
capture_status(struct tui *t, int w)
{
	const struct source_set *src = t->cur->src;
	const struct track_stats *st = track_stats(
	    t->cur->pl->engine->track);
	char line[TEXT_MAX], a[64], b[64];
	struct textbuf tb;
	size_t i;

	tb_init(&tb, line, sizeof(line));
	tui_lines_add(&t->lines, TC_HEAD, "the capture");
	for (i = 0; i < source_ninputs(src); i++) {
		const struct input_info *in = source_input(src, i);

		tb_reset(&tb);
		tb_puts(&tb, "  ");
		esc(&tb, in->label);
		tb_puts(&tb, "  ");
		esc(&tb, in->path);
		tb_printf(&tb, "  %llu frames read",
		    (unsigned long long)in->records);
		if (in->records > 0) {
			tui_fmt_ts(a, sizeof(a), in->first_ts, in->nsec ? 9 :
			    6);
			tui_fmt_ts(b, sizeof(b), in->last_ts, in->nsec ? 9 : 6);
			tb_printf(&tb, ", %s .. %s UTC", a, b);
		}
		if (in->broken) {
			tb_puts(&tb, "; BROKEN: ");
			esc(&tb, in->error);
		}
		tui_lines_wrap(&t->lines, in->broken ? TC_ERROR : TC_NORMAL,
		    line, w, 4);
	}
	tb_reset(&tb);
	tb_printf(&tb, "  entities: %u tracked, %llu evicted (cap %u)",
	    st->live, (unsigned long long)st->evicted_total,
	    st->max_entities);
	tui_lines_wrap(&t->lines, st->evicted_total ? TC_WARNING : TC_NORMAL,
	    line, w, 4);
	if (finding_dropped(t->cur->pl->engine->findings) > 0) {
		tb_reset(&tb);
		tb_printf(&tb, "  findings not kept (store full): %llu",
		    (unsigned long long)finding_dropped(
		    t->cur->pl->engine->findings));
		tui_lines_add(&t->lines, TC_WARNING, line);
	}
	tui_lines_add(&t->lines, TC_NORMAL, "");
	tui_lines_wrap(&t->lines, TC_DIM, "Findings about the capture itself "
	    "(and about evicted entities) are in the Findings view (3).",
	    w, 0);
}

static void
view_status(struct tui *t, const struct entity *e, int w)
{
	char line[TEXT_MAX], a[64];
	struct textbuf tb;
	const struct entity *owner;
	const struct finding *f;
	const char *blk;
	size_t len, nf = 0;
	unsigned side;
	int worst = -1;

	if (e == NULL) {
		capture_status(t, w);
		return;
	}
	tb_init(&tb, line, sizeof(line));
	for (side = 0; side < TRACK_SIDES; side++)
		side_line(t, e, side, w);
	tb_puts(&tb, "  first seen ");
	put_ref(&tb, t, &e->first);
	tb_puts(&tb, " at ");
	put_tod(&tb, e->first.ts_ns, digits_of(t, &e->first));
	tb_puts(&tb, ", last seen ");
	put_ref(&tb, t, &e->last);
	tb_puts(&tb, " at ");
	put_tod(&tb, e->last.ts_ns, digits_of(t, &e->last));
	tui_lines_wrap(&t->lines, TC_NORMAL, line, w, 4);
	if (e->parent != NULL) {
		tb_reset(&tb);
		tb_printf(&tb, "  under %s ", track_kind_name(e->parent->kind));
		esc(&tb, e->parent->name);
		tui_lines_wrap(&t->lines, TC_NORMAL, line, w, 4);
	}
	for (f = e->findings; f != NULL; f = f->enext) {
		nf++;
		if ((int)f->severity > worst)
			worst = f->severity;
	}
	tb_reset(&tb);
	if (nf == 0)
		tb_puts(&tb, "  no findings");
	else
		tb_printf(&tb, "  %zu finding%s, worst %s (view 3)", nf,
		    nf == 1 ? "" : "s", finding_severity_name((unsigned)worst));
	tui_lines_add(&t->lines, sev_cls(worst), line);
	if (tui_stuck(t->cur, e)) {
		tui_fmt_age(a, sizeof(a), tui_state_age(t->cur, e));
		tb_reset(&tb);
		tb_printf(&tb, "  stuck: no state change for %s", a);
		tui_lines_add(&t->lines, TC_STUCK, line);
	}
	tui_lines_add(&t->lines, TC_NORMAL, "");
	/* the router-style view (-T status): a session's is its control
	 * connection's, a TCP connection's its BGP session's */
	blk = NULL;
	for (owner = e; owner != NULL && blk == NULL; owner = owner->parent)
		blk = tui_status_block(t->cur, owner, &len);
	if (blk != NULL)
		block_lines(t, blk, len, w);
	else
		tui_lines_wrap(&t->lines, TC_DIM, "(no router-style status "
		    "view for this kind of entity yet)", w, 0);
}

/* ---- Timeline ---- */

static void
tr_line(struct tui *t, const struct entity *e, const struct transition *tr,
    int w, int with_name)
{
	const struct track *trk = t->cur->pl->engine->track;
	char line[TEXT_MAX], b1[48], b2[48];
	struct textbuf tb;
	const struct evref *r = tr->nev > 0 ? &tr->ev[0] : NULL;

	tb_init(&tb, line, sizeof(line));
	put_tod(&tb, tr->first_ts, digits_of(t, r));
	tb_putc(&tb, ' ');
	if (r != NULL)
		put_ref(&tb, t, r);
	else
		tb_putc(&tb, '-');
	tb_putc(&tb, ' ');
	if (with_name) {
		tb_printf(&tb, "%s ", tui_kind_tag(e->kind));
		esc(&tb, e->name);
		tb_putc(&tb, ' ');
	}
	tb_printf(&tb, "%s: %s -> %s (", track_side_name(trk, e->kind,
	    tr->side), track_state_name(trk, e->kind, tr->from, b1,
	    sizeof(b1)), track_state_name(trk, e->kind, tr->to, b2,
	    sizeof(b2)));
	esc(&tb, tr->cause);
	if (tr->flags & TR_INFERRED)
		tb_puts(&tb, ", inferred");
	tb_putc(&tb, ')');
	if (tr->count > 1) {
		tb_printf(&tb, " x%u over %.0f s", tr->count,
		    (double)(tr->last_ts - tr->first_ts) / 1e9);
		if (tr->last_ev.frame != 0) {
			tb_puts(&tb, ", last ");
			put_ref(&tb, t, &tr->last_ev);
		}
	}
	tui_lines_wrap(&t->lines, tr->from != tr->to ? TC_NORMAL : TC_DIM,
	    line, w, 6);
}

struct tl_ref {
	const struct entity	*e;
	const struct transition	*tr;
};

static int
tl_cmp(const void *a, const void *b)
{
	const struct tl_ref *x = a, *y = b;

	return x->tr->seq < y->tr->seq ? -1 : x->tr->seq > y->tr->seq;
}

/* The capture row: every entity's timeline, merged in order. */
static void
capture_timeline(struct tui *t, int w)
{
	const struct track *trk = t->cur->pl->engine->track;
	const struct entity *e;
	struct tl_ref *v = NULL, *nv;
	size_t n = 0, cap = 0, i, k;
	unsigned kind;

	for (kind = 0; kind < EK_COUNT; kind++)
		for (e = track_first(trk, kind); e != NULL;
		    e = track_next(e)) {
			const struct transition *tl;
			size_t ntl;

			tl = track_timeline(e, &ntl);
			for (k = 0; k < ntl; k++) {
				if (n == cap) {
					cap = cap ? cap * 2 : 256;
					if ((nv = realloc(v, cap *
					    sizeof(*v))) == NULL)
						goto out;
					v = nv;
				}
				v[n].e = e;
				v[n].tr = &tl[k];
				n++;
			}
		}
out:
	if (n == 0) {
		tui_lines_add(&t->lines, TC_DIM, "no transition yet");
		free(v);
		return;
	}
	qsort(v, n, sizeof(*v), tl_cmp);
	for (i = 0; i < n; i++)
		tr_line(t, v[i].e, v[i].tr, w, 1);
	free(v);
}

static void
view_timeline(struct tui *t, const struct entity *e, int w)
{
	const struct transition *tl;
	char line[256];
	size_t n, i;

	if (e == NULL) {
		capture_timeline(t, w);
		return;
	}
	tl = track_timeline(e, &n);
	snprintf(line, sizeof(line), "%zu entr%s (repeats folded)%s", n,
	    n == 1 ? "y" : "ies", e->tl_dropped ? "; older entries dropped" :
	    "");
	tui_lines_add(&t->lines, TC_DIM, line);
	if (e->tl_dropped) {
		snprintf(line, sizeof(line), "(%u transitions not kept: the "
		    "timeline cap, -o track.timeline)", e->tl_dropped);
		tui_lines_add(&t->lines, TC_WARNING, line);
	}
	for (i = 0; i < n; i++)
		tr_line(t, e, &tl[i], w, 0);
}

/* ---- Findings ---- */

static int
fcmp(const void *a, const void *b)
{
	const struct finding *x = *(const struct finding *const *)a;
	const struct finding *y = *(const struct finding *const *)b;

	/* root causes before the symptoms they explain */
	if ((x->explained_by != 0) != (y->explained_by != 0))
		return x->explained_by != 0 ? 1 : -1;
	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void
finding_lines(struct tui *t, const struct finding *f, int w)
{
	const struct findings *fs = t->cur->pl->engine->findings;
	char line[TEXT_MAX];
	struct textbuf tb;
	unsigned j;

	tb_init(&tb, line, sizeof(line));
	tb_printf(&tb, "%s %s  since ", sev_word(f->severity), f->rule);
	put_tod(&tb, f->ts, digits_of(t, f->nev ? &f->ev[0] : NULL));
	if (f->entity == NULL && f->entity_name[0] != '\0') {
		tb_puts(&tb, "  (");
		esc(&tb, f->entity_name);
		tb_puts(&tb, ")");
	}
	tui_lines_wrap(&t->lines, sev_cls(f->severity), line, w, 4);
	tb_reset(&tb);
	esc(&tb, f->title);
	tui_lines_wrap(&t->lines, TC_HEAD, line, w, 2);
	if (f->explanation[0] != '\0') {
		tb_reset(&tb);
		tb_puts(&tb, "  ");
		esc(&tb, f->explanation);
		tui_lines_wrap(&t->lines, TC_NORMAL, line, w, 2);
	}
	if (f->remediation[0] != '\0') {
		tb_reset(&tb);
		tb_puts(&tb, "  Fix: ");
		esc(&tb, f->remediation);
		tui_lines_wrap(&t->lines, TC_GOOD, line, w, 7);
	}
	tb_reset(&tb);
	tb_puts(&tb, "  Evidence: ");
	evref_list_format(&tb, f->ev, f->nev, f->ev_more, tui_label, t->cur);
	tui_lines_wrap(&t->lines, TC_NORMAL, line, w, 12);
	for (j = 0; j < f->nsymptoms; j++) {
		const struct finding *s = finding_by_id(fs, f->symptoms[j]);

		if (s == NULL)
			continue;
		tb_reset(&tb);
		tb_printf(&tb, "  Explains: %s %s (", s->rule,
		    finding_severity_name(s->severity));
		esc(&tb, s->title);
		tb_putc(&tb, ')');
		tui_lines_wrap(&t->lines, TC_DIM, line, w, 12);
	}
	if (f->explained_by != 0) {
		const struct finding *c = finding_by_id(fs, f->explained_by);

		if (c != NULL) {
			tb_reset(&tb);
			tb_printf(&tb, "  Symptom of: %s (", c->rule);
			esc(&tb, c->title);
			tb_putc(&tb, ')');
			tui_lines_wrap(&t->lines, TC_DIM, line, w, 14);
		}
	}
	tui_lines_add(&t->lines, TC_NORMAL, "");
}

static void
view_findings(struct tui *t, const struct entity *e, int w)
{
	const struct findings *fs = t->cur->pl->engine->findings;
	const struct finding *f, **v;
	size_t n = 0, i, c = 0;

	if (e != NULL)
		for (f = e->findings; f != NULL; f = f->enext)
			n++;
	else {
		c = finding_count(fs);
		for (i = 1; i <= c; i++)
			if ((f = finding_by_id(fs, (uint32_t)i)) != NULL &&
			    f->entity == NULL)
				n++;
	}
	if (n == 0) {
		tui_lines_add(&t->lines, TC_DIM, "no findings (at this "
		    "moment)");
		return;
	}
	if ((v = calloc(n, sizeof(*v))) == NULL)
		return;
	n = 0;
	if (e != NULL)
		for (f = e->findings; f != NULL; f = f->enext)
			v[n++] = f;
	else
		for (i = 1; i <= c; i++)
			if ((f = finding_by_id(fs, (uint32_t)i)) != NULL &&
			    f->entity == NULL)
				v[n++] = f;
	qsort(v, n, sizeof(*v), fcmp);
	for (i = 0; i < n; i++)
		finding_lines(t, v[i], w);
	free(v);
}

/* ---- Packets ---- */

static void
view_packets(struct tui *t, const struct entity *e, int w)
{
	struct tui_line *ln;
	char line[512];
	struct textbuf tb;
	size_t i;

	if (e == NULL) {
		tui_lines_wrap(&t->lines, TC_DIM, "select an entity: its "
		    "packets are the frames its timeline and findings cite",
		    w, 0);
		return;
	}
	if (!t->pk_valid || t->pk_gen != t->gen ||
	    strcmp(t->pk_uid, e->uid) != 0) {
		tui_packets_load(t, e);
		if (t->dsel >= t->npk)
			t->dsel = 0;
	}
	if (t->pk_note[0] != '\0')
		tui_lines_wrap(&t->lines, TC_WARNING, t->pk_note, w, 2);
	if (t->npk == 0) {
		tui_lines_add(&t->lines, TC_DIM, "no frame cited (yet)");
		return;
	}
	tb_init(&tb, line, sizeof(line));
	if (t->pkt_open) {
		const struct tui_pkt *k = &t->pk[t->dsel < t->npk ? t->dsel :
		    0];

		tb_puts(&tb, "frame ");
		evref_format(&tb, &k->ref, tui_label, t->cur);
		tb_puts(&tb, " in detail (Esc: back)");
		tui_lines_add(&t->lines, TC_HEAD, line);
		tui_lines_wrap(&t->lines, TC_NORMAL, k->detail != NULL ?
		    k->detail : "(could not be decoded)", w, 4);
		return;
	}
	tb_printf(&tb, "%zu frame%s cited (Enter: detail)", t->npk,
	    t->npk == 1 ? "" : "s");
	tui_lines_add(&t->lines, TC_DIM, line);
	for (i = 0; i < t->npk; i++) {
		const struct tui_pkt *k = &t->pk[i];
		size_t first = t->lines.n;

		if (k->found && k->line != NULL)
			tui_lines_wrap(&t->lines, TC_NORMAL, k->line, w, 8);
		else {
			tb_reset(&tb);
			evref_format(&tb, &k->ref, tui_label, t->cur);
			tb_puts(&tb, " not found when the inputs were read "
			    "again");
			tui_lines_wrap(&t->lines, TC_DIM, line, w, 8);
		}
		if (first < t->lines.n) {
			ln = &t->lines.v[first];
			ln->frame_line = 1;
			ln->frame = i;
		}
	}
}

/* ---- build and draw ---- */

void
tui_detail_build(struct tui *t)
{
	const struct entity *e = tui_sel_entity(t);
	char line[TEXT_MAX];
	struct textbuf tb;
	int w = t->det_w - 1;

	tui_lines_clear(&t->lines);
	if (t->nrows == 0) {
		tui_lines_add(&t->lines, TC_DIM, t->filter[0] != '\0' ?
		    "nothing matches the filter (Esc clears it)" :
		    "no tunnel, session or BGP session (at this moment)");
		return;
	}
	tb_init(&tb, line, sizeof(line));
	if (e != NULL) {
		tb_printf(&tb, "%s ", track_kind_name(e->kind));
		esc(&tb, e->name);
		tb_puts(&tb, "  [");
		esc(&tb, e->uid);
		tb_putc(&tb, ']');
	} else
		tb_puts(&tb, "capture");
	tui_lines_wrap(&t->lines, TC_HEAD, line, w, 4);
	switch (t->view) {
	case TV_STATUS:		view_status(t, e, w); break;
	case TV_TIMELINE:	view_timeline(t, e, w); break;
	case TV_FINDINGS:	view_findings(t, e, w); break;
	case TV_PACKETS:	view_packets(t, e, w); break;
	default:		break;
	}
}

static const char *const view_names[TV_COUNT] = {
	"1 Status", "2 Timeline", "3 Findings", "4 Packets"
};

void
tui_draw_detail(struct tui *t)
{
	int y = t->det_y, x = t->det_x, w = t->det_w, h = t->det_h, i, cx;
	int vis = h - 1, focus = t->focus == TF_DETAIL;
	unsigned bar = focus ? tui_attr(t, TC_BAR) : A_BOLD;
	size_t k, sel_line = (size_t)-1;

	/* title: the four views, the current one in brackets and reverse */
	tui_fill(y, x, w, bar);
	cx = x + 1;
	for (i = 0; i < TV_COUNT; i++) {
		char b[32];

		snprintf(b, sizeof(b), i == (int)t->view ? "[%s]" : " %s ",
		    view_names[i]);
		tui_put(y, cx, x + w - cx, i == (int)t->view ?
		    A_REVERSE | A_BOLD : bar, b);
		cx += (int)strlen(b) + 1;
	}
	if (vis <= 0)
		return;
	/* packets: keep the selected frame in sight */
	if (t->view == TV_PACKETS && !t->pkt_open) {
		for (k = 0; k < t->lines.n; k++)
			if (t->lines.v[k].frame_line &&
			    t->lines.v[k].frame == t->dsel) {
				sel_line = k;
				break;
			}
		if (sel_line != (size_t)-1) {
			if (sel_line < t->dtop)
				t->dtop = sel_line > 0 ? sel_line - 1 : 0;
			if (sel_line >= t->dtop + (size_t)vis)
				t->dtop = sel_line - (size_t)vis + 1;
		}
	}
	if (t->lines.n > (size_t)vis && t->dtop > t->lines.n - (size_t)vis)
		t->dtop = t->lines.n - (size_t)vis;
	if (t->lines.n <= (size_t)vis)
		t->dtop = 0;
	for (i = 0; i < vis; i++) {
		const struct tui_line *ln;

		k = t->dtop + (size_t)i;
		if (k >= t->lines.n)
			break;
		ln = &t->lines.v[k];
		if (k == sel_line) {
			tui_fill(y + 1 + i, x, w, focus ? A_REVERSE :
			    A_UNDERLINE);
			tui_put(y + 1 + i, x + 1, w - 1, focus ? A_REVERSE :
			    A_UNDERLINE | A_BOLD, ln->s);
		} else
			tui_put(y + 1 + i, x + 1, w - 1, tui_attr(t, ln->cls),
			    ln->s);
	}
	/* more below / above */
	if (t->dtop > 0)
		tui_put(y + 1, x + w - 3, 3, A_BOLD, " ^ ");
	if (t->dtop + (size_t)vis < t->lines.n)
		tui_put(y + h - 1, x + w - 3, 3, A_BOLD, " v ");
}
