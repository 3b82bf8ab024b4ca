/* out_events.c - -T events: transitions and findings, one line each, as
 * they happen (live friendly: every line is flushed).
 *
 * A state transition:
 *   <ts> <label:frame> <kind> <entity>  <side>: <from> -> <to> (<cause>)
 * A finding (when it is new, or its severity changed):
 *   <ts> <label:frame> FINDING <severity> <rule> <entity>: <title>
 *
 * ts is UTC RFC 3339 with the precision of the frame's file (6 or 9
 * digits).  label:frame is the evidence frame: a transition's first one,
 * or for a repeat the repeat's own; a finding's first evidence; "-" when
 * there is none (a transition an inferred timer drove: its cause then
 * ends ", inferred").  A repeat of a side's previous transition, folded
 * into one timeline entry, is still printed each time, with " xN" after
 * the cause (the Nth time).  <kind> is l2tp-ctl, l2tp-session,
 * bgp-session or bgp-conn; a finding about the capture itself names the
 * entity "capture".  Entity names, causes and titles may carry packet
 * bytes: they are escaped (tb_esc), so a line never holds a control
 * character.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "diagnose.h"
#include "out.h"
#include "textbuf.h"
#include "timefmt.h"

static void
put_esc(struct textbuf *tb, const char *s)
{
	tb_esc(tb, (const uint8_t *)s, strlen(s));
}

static void
put_ts(struct textbuf *tb, const struct events_view *v, int64_t ts,
    const struct evref *r)
{
	int digits = 6;

	if (v->digits != NULL)
		digits = v->digits(v->arg, r != NULL ? r->vantage : 0);
	tb_ts(tb, ts, TSF_RFC3339, 0, digits);
}

static void
put_ref(struct textbuf *tb, const struct events_view *v,
    const struct evref *r)
{
	if (r == NULL)
		tb_putc(tb, '-');
	else
		evref_format(tb, r, v->label, v->arg);
}

static void
emit(struct events_view *v, struct textbuf *tb)
{
	if (v->err != 0)
		return;
	if (fwrite(tb->buf, 1, tb->len, v->fp) != tb->len ||
	    putc('\n', v->fp) == EOF || fflush(v->fp) != 0)
		v->err = errno != 0 ? errno : EIO;
}

static void
on_transition(void *arg, const struct entity *e, const struct transition *tr)
{
	struct events_view *v = arg;
	const struct evref *r = NULL;
	char line[2048], b1[32], b2[32];
	struct textbuf tb;

	if (tr->count > 1 && tr->last_ev.frame != 0)
		r = &tr->last_ev;
	else if (tr->count == 1 && tr->nev > 0)
		r = &tr->ev[0];
	tb_init(&tb, line, sizeof(line));
	put_ts(&tb, v, tr->last_ts, r);
	tb_putc(&tb, ' ');
	put_ref(&tb, v, r);
	tb_printf(&tb, " %s ", track_kind_name(e->kind));
	put_esc(&tb, e->name);
	tb_printf(&tb, " %s: %s -> %s (",
	    track_side_name(v->track, e->kind, tr->side),
	    track_state_name(v->track, e->kind, tr->from, b1, sizeof(b1)),
	    track_state_name(v->track, e->kind, tr->to, b2, sizeof(b2)));
	put_esc(&tb, tr->cause);
	if (tr->flags & TR_INFERRED)
		tb_puts(&tb, ", inferred");
	tb_putc(&tb, ')');
	if (tr->count > 1)
		tb_printf(&tb, " x%u", tr->count);
	emit(v, &tb);
}

static void
on_finding(void *arg, const struct finding *f)
{
	struct events_view *v = arg;
	const struct evref *r = f->nev > 0 ? &f->ev[0] : NULL;
	char line[2048];
	struct textbuf tb;

	tb_init(&tb, line, sizeof(line));
	put_ts(&tb, v, f->ts, r);
	tb_putc(&tb, ' ');
	put_ref(&tb, v, r);
	tb_printf(&tb, " FINDING %s %s ", finding_severity_name(f->severity),
	    f->rule);
	put_esc(&tb, f->entity_name);
	tb_puts(&tb, ": ");
	put_esc(&tb, f->title);
	emit(v, &tb);
}

int
out_events_attach(struct events_view *v, struct engine *eng)
{
	struct track_sink s;

	v->track = eng->track;
	v->err = 0;
	memset(&s, 0, sizeof(s));
	s.transition = on_transition;
	s.finding = on_finding;
	s.arg = v;
	return engine_add_sink(eng, &s);
}
