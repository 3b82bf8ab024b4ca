/* tui_entities.c - the TUI's entity list: control connections with their
 * sessions nested, BGP sessions under the pseudowire that carries them,
 * each with a severity mark ("!!" error, "! " warning, "i " info), its
 * kind, name, state badge (RFC names, "[initiator|responder]" when the
 * sides differ) and time in state, "stuck" when a transient state lasts.
 * Rows come from tui_rows_build (tui_model.c).
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "textbuf.h"
#include "tui_priv.h"

static const char *
sev_mark(int sev, int *cls)
{
	switch (sev) {
	case SEV_ERROR:		*cls = TC_ERROR;	return "!!";
	case SEV_WARNING:	*cls = TC_WARNING;	return "! ";
	case SEV_INFO:		*cls = TC_INFO;		return "i ";
	default:		*cls = TC_NORMAL;	return "  ";
	}
}

static void
draw_row(struct tui *t, int y, const struct tui_row *r, int selected)
{
	const struct entity *e = r->e;
	int x = t->list_x, w = t->list_w, cls, rw, nw, base;
	unsigned sa = 0;
	char name[TRACK_NAME_MAX * 4 + 64], badge[128], right[192], age[32];
	struct textbuf tb;
	const char *mark = sev_mark(r->sev, &cls);
	int stuck = 0;

	if (selected) {
		sa = t->focus == TF_LIST ? A_REVERSE : A_REVERSE | A_DIM;
		tui_fill(y, x, w, sa);
	}
	tui_put(y, x, 2, sa | tui_attr(t, cls), mark);
	tb_init(&tb, name, sizeof(name));
	tb_printf(&tb, "%*s", (int)(2 * r->depth), "");
	if (e == NULL) {
		tb_puts(&tb, "capture  (findings about the capture itself)");
		right[0] = '\0';
	} else {
		tb_printf(&tb, "%s ", tui_kind_tag(e->kind));
		tb_esc(&tb, (const uint8_t *)e->name, strlen(e->name));
		tui_state_badge(t->cur, e, badge, sizeof(badge));
		tui_fmt_age(age, sizeof(age), tui_state_age(t->cur, e));
		stuck = tui_stuck(t->cur, e);
		snprintf(right, sizeof(right), "%s %s%s", badge,
		    stuck ? "stuck " : "", age);
	}
	base = x + 3;
	rw = (int)strlen(right);
	/* the state wins over the end of a long name; below 30 cells the
	 * badge is cut too */
	if (rw > w - 3 - 12)
		rw = w - 3 - 12 > 0 ? w - 3 - 12 : 0;
	nw = w - 3 - rw - 2;
	tui_put(y, base, nw, sa, name);
	if (rw > 0) {
		int rcls = TC_NORMAL;

		if (stuck)
			rcls = TC_STUCK;
		else if (strstr(right, "stablished") != NULL)
			rcls = TC_GOOD;
		tui_put(y, x + w - rw - 1, rw, sa | tui_attr(t, rcls), right);
	}
}

void
tui_draw_list(struct tui *t)
{
	int y = t->list_y, h = t->list_h, vis = h - 1, i;
	char title[256];
	int focus = t->focus == TF_LIST;

	tui_fill(y, t->list_x, t->list_w, focus ? tui_attr(t, TC_BAR) :
	    A_BOLD);
	if (t->filter[0] != '\0')
		snprintf(title, sizeof(title), " Entities %zu  filter: %.200s%s",
		    t->nrows, t->filter, t->prompt == TP_FILTER ? "_" : "");
	else
		snprintf(title, sizeof(title), " Entities %zu  (severity, "
		    "then most recent)", t->nrows);
	tui_put(y, t->list_x, t->list_w, focus ? tui_attr(t, TC_BAR) :
	    A_BOLD, title);
	if (vis <= 0)
		return;
	if (t->nrows == 0) {
		tui_put(y + 1, t->list_x + 1, t->list_w - 1, A_DIM,
		    t->filter[0] != '\0' ? "(nothing matches the filter)" :
		    "(nothing tracked yet)");
		return;
	}
	if (t->sel >= t->nrows)
		t->sel = t->nrows - 1;
	if (t->sel < t->top)
		t->top = t->sel;
	if (t->sel >= t->top + (size_t)vis)
		t->top = t->sel - (size_t)vis + 1;
	if (t->top + (size_t)vis > t->nrows)
		t->top = t->nrows > (size_t)vis ? t->nrows - (size_t)vis : 0;
	for (i = 0; i < vis && t->top + (size_t)i < t->nrows; i++)
		draw_row(t, y + 1 + i, &t->rows[t->top + (size_t)i],
		    t->top + (size_t)i == t->sel);
	if (t->top > 0)
		tui_put(y + 1, t->list_x + t->list_w - 3, 3, A_BOLD, " ^ ");
	if (t->top + (size_t)vis < t->nrows)
		tui_put(y + h - 1, t->list_x + t->list_w - 3, 3, A_BOLD,
		    " v ");
}
