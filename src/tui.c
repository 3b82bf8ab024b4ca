/* tui.c - -T tui: the ncurses interface over the engine (conventions
 * from htop and termshark, see tunnelscope(1) "INTERACTIVE INTERFACE").
 *
 * Screen: a two-line top bar (inputs with frame counts and rates, kernel
 * drops as the word DROPS, the capture time shown, findings by
 * severity), the entity list (left, or on top below 100 columns), the
 * selected entity's Status, Timeline, Findings or Packets (right, or
 * below), and an htop-style key bar.  Below 60x16 only a "too small"
 * notice is drawn (q and ? still work).  Everything is drawn on stdscr
 * from scratch each time (ncurses sends only the differences), so a
 * resize is one more redraw with the new LINES and COLS.
 *
 * Text: every string that reaches the screen is escaped ASCII (tb_esc at
 * the source, and tui_put() turns any other byte into '?'), so a host
 * name cannot move the cursor or change colours.  Meaning never rests on
 * colour alone: severities are "!!", "! " and "i " marks, stuck states
 * say "stuck", drops say DROPS; with NO_COLOR, --no-color or a terminal
 * without colours only bold, reverse and underline are used.
 *
 * Time stepping and the second passes are in tui_run.c.
 */
#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "diagnose.h"
#include "pipeline.h"
#include "source.h"
#include "timefmt.h"
#include "textbuf.h"
#include "tui_priv.h"

#define MIN_W		60
#define MIN_H		16
#define SIDE_W		120	/* side by side from this width */
#define TICK_MS		250	/* screen refresh: 4 Hz */
#define PLAY_MS		600	/* offline replay: one moment per step */

volatile sig_atomic_t tui_quit_signal;

static void
on_signal(int sig)
{
	tui_quit_signal = sig;
}

int
tui_usable(void)
{
	return isatty(STDOUT_FILENO);
}

/* ---- drawing helpers ---- */

enum {
	PAIR_ERROR = 1, PAIR_WARNING, PAIR_INFO, PAIR_GOOD, PAIR_BAR,
	PAIR_HEAD, PAIR_DROPS
};

static void
color_init(struct tui *t)
{
	const char *nc = getenv("NO_COLOR");
	short bg = -1;

	t->color = 0;
	if (t->o->no_color || (nc != NULL && nc[0] != '\0') || !has_colors())
		return;
	if (start_color() == ERR)
		return;
	if (use_default_colors() == ERR)
		bg = COLOR_BLACK;
	init_pair(PAIR_ERROR, COLOR_RED, bg);
	init_pair(PAIR_WARNING, COLOR_YELLOW, bg);
	init_pair(PAIR_INFO, COLOR_CYAN, bg);
	init_pair(PAIR_GOOD, COLOR_GREEN, bg);
	init_pair(PAIR_BAR, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_HEAD, COLOR_CYAN, bg);
	init_pair(PAIR_DROPS, COLOR_WHITE, COLOR_RED);
	t->color = 1;
}

unsigned
tui_attr(const struct tui *t, int cls)
{
	int c = t->color;

	switch (cls) {
	case TC_ERROR:	 return c ? COLOR_PAIR(PAIR_ERROR) | A_BOLD : A_BOLD;
	case TC_WARNING: return c ? COLOR_PAIR(PAIR_WARNING) | A_BOLD :
			     A_BOLD;
	case TC_INFO:	 return c ? COLOR_PAIR(PAIR_INFO) : A_NORMAL;
	case TC_GOOD:	 return c ? COLOR_PAIR(PAIR_GOOD) : A_NORMAL;
	case TC_STUCK:	 return c ? COLOR_PAIR(PAIR_WARNING) | A_BOLD :
			     A_BOLD | A_UNDERLINE;
	case TC_HEAD:	 return c ? COLOR_PAIR(PAIR_HEAD) | A_BOLD : A_BOLD;
	case TC_DIM:	 return A_DIM;
	case TC_BAR:	 return c ? COLOR_PAIR(PAIR_BAR) : A_REVERSE;
	case TC_KEY:	 return A_BOLD;
	case TC_SEL:	 return A_REVERSE;
	case TC_DROPS:	 return c ? COLOR_PAIR(PAIR_DROPS) | A_BOLD :
			     A_BOLD | A_REVERSE;
	default:	 return A_NORMAL;
	}
}

/* At most width cells of s; bytes outside printable ASCII become '?'
 * (the text is escaped already: this is the last line of defence). */
void
tui_put(int y, int x, int width, unsigned attr, const char *s)
{
	char buf[1024];
	int i;

	if (width <= 0 || y < 0 || x < 0 || y >= LINES || x >= COLS)
		return;
	if (width > COLS - x)
		width = COLS - x;
	if (width > (int)sizeof(buf) - 1)
		width = (int)sizeof(buf) - 1;
	for (i = 0; i < width && s[i] != '\0'; i++)
		buf[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	buf[i] = '\0';
	attron((int)attr);
	mvaddstr(y, x, buf);
	attroff((int)attr);
}

void
tui_fill(int y, int x, int width, unsigned attr)
{
	if (width <= 0 || y < 0 || y >= LINES)
		return;
	if (width > COLS - x)
		width = COLS - x;
	attron((int)attr);
	mvhline(y, x, ' ', width);
	attroff((int)attr);
}

/* "2026-11-24 09:00:48.000000" (UTC). */
void
tui_fmt_ts(char *buf, size_t size, int64_t ns, int digits)
{
	struct textbuf tb;

	tb_init(&tb, buf, size);
	tb_ts(&tb, ns, TSF_UTC_DATE, 0, digits);
}

/* "47s", "3m05s", "2h01m", "3d04h". */
void
tui_fmt_age(char *buf, size_t size, int64_t ns)
{
	long long s = ns > 0 ? ns / 1000000000LL : 0;

	if (s < 60)
		snprintf(buf, size, "%llds", s);
	else if (s < 3600)
		snprintf(buf, size, "%lldm%02llds", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, size, "%lldh%02lldm", s / 3600, s / 60 % 60);
	else
		snprintf(buf, size, "%lldd%02lldh", s / 86400, s / 3600 % 24);
}

const struct entity *
tui_sel_entity(const struct tui *t)
{
	if (t->nrows == 0 || t->sel >= t->nrows)
		return NULL;
	return t->rows[t->sel].e;
}

/* ---- layout ---- */

static void
layout(struct tui *t)
{
	int body_y = 2, body_h;

	t->h = LINES;
	t->w = COLS;
	t->too_small = t->w < MIN_W || t->h < MIN_H;
	if (t->too_small)
		return;
	body_h = t->h - 3;	/* two bar lines on top, the key bar */
	t->stacked = t->w < SIDE_W;
	if (!t->stacked) {
		t->list_w = t->w * 9 / 20;
		if (t->list_w < 54)
			t->list_w = 54;
		if (t->list_w > 100)
			t->list_w = 100;
		t->list_x = 0;
		t->list_y = body_y;
		t->list_h = body_h;
		t->det_x = t->list_w + 1;
		t->det_y = body_y;
		t->det_w = t->w - t->det_x;
		t->det_h = body_h;
	} else {
		t->list_x = 0;
		t->list_y = body_y;
		t->list_w = t->w;
		t->list_h = body_h * 2 / 5;
		if (t->list_h < 5)
			t->list_h = 5;
		t->det_x = 0;
		t->det_y = body_y + t->list_h;
		t->det_w = t->w;
		t->det_h = body_h - t->list_h;
	}
}

/* ---- top bar ---- */

static void
count_sev(const struct tui_run *r, size_t n[SEV_COUNT])
{
	const struct findings *fs = r->pl->engine->findings;
	size_t i, c = finding_count(fs);

	memset(n, 0, SEV_COUNT * sizeof(*n));
	for (i = 1; i <= c; i++) {
		const struct finding *f = finding_by_id(fs, (uint32_t)i);

		if (f != NULL && f->severity < SEV_COUNT)
			n[f->severity]++;
	}
}

static void
draw_top(struct tui *t)
{
	const struct tui_run *r = t->cur;
	char line[1024], ts[64];
	struct textbuf tb;
	size_t i, nsev[SEV_COUNT];
	const char *p;

	tui_fill(0, 0, t->w, tui_attr(t, TC_BAR));
	tui_fill(1, 0, t->w, tui_attr(t, TC_BAR));
	/* line 1: what matters most, never cut at 80 columns */
	count_sev(r, nsev);
	tb_init(&tb, line, sizeof(line));
	tb_printf(&tb, " tunnelscope  %s  findings: %zu error, %zu warning, "
	    "%zu info", t->lv != NULL ? "LIVE" : t->can_rewind ? "REPLAY" :
	    "FILE", nsev[SEV_ERROR], nsev[SEV_WARNING], nsev[SEV_INFO]);
	if (t->playing)
		tb_puts(&tb, "  PLAYING");
	if (t->paused)
		tb_puts(&tb, "  PAUSED");
	tui_put(0, 0, t->w, tui_attr(t, TC_BAR), line);
	/* the error count stands out (bold, and red with colour) */
	if (nsev[SEV_ERROR] > 0 && (p = strstr(line, "findings: ")) != NULL) {
		int x = (int)(p - line) + 10;

		snprintf(ts, sizeof(ts), "%zu error", nsev[SEV_ERROR]);
		tui_put(0, x, t->w - x, tui_attr(t, TC_DROPS), ts);
	}
	/* line 2: the moment shown, then the inputs (cut when narrow) */
	tb_reset(&tb);
	if (t->lv != NULL) {
		tui_live_top(t, line, sizeof(line));
		return;
	}
	tui_fmt_ts(ts, sizeof(ts), r == &t->full ? t->mom[t->nmom - 1].ts :
	    r->last_ts, 6);
	p = t->w >= 120 ? ts : strchr(ts, ' ') != NULL ? strchr(ts, ' ') + 1 :
	    ts;
	tb_printf(&tb, " %s%s UTC  %s%llu/%llu%s  step %zu/%zu ",
	    t->w >= 120 ? "at " : "", p, t->w >= 120 ? "frame " : "",
	    (unsigned long long)r->pos, (unsigned long long)t->full.pos,
	    r == &t->full ? " (end)" : "", t->mi + 1, t->nmom);
	for (i = 0; i < source_ninputs(r->src); i++) {
		const struct input_info *in = source_input(r->src, i);
		double span = (double)(in->last_ts - in->first_ts) / 1e9;

		tb_puts(&tb, " | ");
		tb_esc(&tb, (const uint8_t *)in->label, strlen(in->label));
		tb_printf(&tb, " %llu pkts", (unsigned long long)in->accepted);
		if (t->w >= 120 && span > 0 && in->accepted > 1)
			tb_printf(&tb, " %.1f/s", (double)(in->accepted - 1) /
			    span);
		if (in->broken)
			tb_puts(&tb, " BROKEN");
	}
	tui_put(1, 0, t->w, tui_attr(t, TC_BAR), line);
}

/* ---- the whole screen ---- */

void
tui_draw(struct tui *t)
{
	erase();
	layout(t);
	if (t->too_small) {
		char m[96];

		snprintf(m, sizeof(m), "terminal too small (need at least "
		    "%dx%d)", MIN_W, MIN_H);
		tui_put(0, 0, COLS, A_BOLD, m);
		tui_put(1, 0, COLS, A_NORMAL, "q quit  ? help");
		if (t->help)
			tui_draw_help(t);
		refresh();
		return;
	}
	tui_rows_build(t);
	draw_top(t);
	tui_draw_list(t);
	if (!t->stacked) {
		attron((int)tui_attr(t, TC_DIM));
		mvvline(t->list_y, t->list_w, ACS_VLINE, t->list_h);
		attroff((int)tui_attr(t, TC_DIM));
	}
	tui_detail_build(t);
	tui_draw_detail(t);
	tui_draw_keybar(t);
	if (t->help)
		tui_draw_help(t);
	if (t->prompt != TP_NONE) {
		curs_set(1);
		move(t->h - 1, (int)(t->inlen + 20 < (size_t)t->w ?
		    t->inlen + 20 : (size_t)t->w - 1));
	} else
		curs_set(0);
	refresh();
}

/* ---- keys ---- */

void
tui_msg(struct tui *t, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof(t->msg), fmt, ap);
	va_end(ap);
	t->msg_err = err;
}

void
tui_remember_sel(struct tui *t)
{
	const struct entity *e = tui_sel_entity(t);

	t->sel_capture = t->nrows > 0 && t->sel < t->nrows && e == NULL;
	snprintf(t->sel_uid, sizeof(t->sel_uid), "%s", e != NULL ? e->uid :
	    "");
}

/* After the rows changed (filter, time step): the same entity if it is
 * still listed. */
void
tui_restore_sel(struct tui *t)
{
	size_t i;

	tui_rows_build(t);
	for (i = 0; i < t->nrows; i++) {
		const struct entity *e = t->rows[i].e;

		if ((e == NULL && t->sel_capture) || (e != NULL &&
		    !t->sel_capture && strcmp(e->uid, t->sel_uid) == 0)) {
			t->sel = i;
			return;
		}
	}
	if (t->sel >= t->nrows)
		t->sel = t->nrows > 0 ? t->nrows - 1 : 0;
}

static void
goto_moment(struct tui *t, size_t mi)
{
	char err[512];

	if (t->lv != NULL) {
		tui_msg(t, 1, "live capture: time stepping works on files "
		    "(capture with -w, then -T tui -r)");
		return;
	}
	if (!t->can_rewind) {
		tui_msg(t, 1, "standard input cannot be read twice: only the "
		    "end of the capture is shown");
		return;
	}
	if (mi >= t->nmom || mi == t->mi)
		return;
	tui_remember_sel(t);
	if (tui_run_to(t, mi, err, sizeof(err)) != 0) {
		tui_msg(t, 1, "stepping: %s", err);
		return;
	}
	t->pkt_open = 0;
	tui_restore_sel(t);
}

static void
move_sel(struct tui *t, long d)
{
	long s = (long)t->sel + d;

	if (t->nrows == 0)
		return;
	if (s < 0)
		s = 0;
	if (s >= (long)t->nrows)
		s = (long)t->nrows - 1;
	if ((size_t)s != t->sel) {
		t->sel = (size_t)s;
		t->dtop = 0;
		t->dsel = 0;
		t->pkt_open = 0;
	}
	tui_remember_sel(t);
}

static void
move_detail(struct tui *t, long d)
{
	long s;

	if (t->view == TV_PACKETS && !t->pkt_open) {
		s = (long)t->dsel + d;
		if (s >= (long)t->npk)
			s = (long)t->npk - 1;
		if (s < 0)
			s = 0;
		t->dsel = (size_t)s;
		return;
	}
	s = (long)t->dtop + d;
	if (s > (long)t->lines.n - 1)
		s = (long)t->lines.n - 1;
	if (s < 0)
		s = 0;
	t->dtop = (size_t)s;
}

static void
set_view(struct tui *t, enum tui_view v)
{
	if (t->view == v && v == TV_PACKETS)
		t->pk_valid = 0;	/* again: read the frames again */
	if (t->view != v) {
		t->view = v;
		t->dtop = 0;
		t->dsel = 0;
	}
	t->pkt_open = 0;
}

static void
start_prompt(struct tui *t, enum tui_prompt p, const char *init)
{
	t->prompt = p;
	snprintf(t->input, sizeof(t->input), "%s", init);
	t->inlen = strlen(t->input);
	if (p == TP_FILTER)
		snprintf(t->filter_saved, sizeof(t->filter_saved), "%s",
		    t->filter);
	t->msg[0] = '\0';
}

static void
finish_prompt(struct tui *t, int ok)
{
	enum tui_prompt p = t->prompt;
	const struct entity *e;

	t->prompt = TP_NONE;
	if (p == TP_FILTER) {
		tui_remember_sel(t);
		if (!ok)
			snprintf(t->filter, sizeof(t->filter), "%s",
			    t->filter_saved);
		tui_restore_sel(t);
		return;
	}
	if (!ok || t->inlen == 0) {
		tui_msg(t, 0, "cancelled");
		return;
	}
	if (p == TP_REPORT) {
		tui_msg(t, 0, "writing the report ...");
		tui_draw(t);
		tui_write_report(t, t->input, t->msg, sizeof(t->msg));
		t->msg_err = strncmp(t->msg, "report written", 14) != 0;
	} else if (p == TP_PCAP) {
		e = tui_sel_entity(t);
		t->msg_err = tui_write_pcap(t, e, t->input, t->msg,
		    sizeof(t->msg)) != 0;
	}
}

static void
prompt_key(struct tui *t, int ch)
{
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		finish_prompt(t, 1);
		return;
	}
	if (ch == 27) {
		finish_prompt(t, 0);
		return;
	}
	if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (t->inlen > 0)
			t->input[--t->inlen] = '\0';
	} else if (ch == 21) {		/* ^U */
		t->inlen = 0;
		t->input[0] = '\0';
	} else if (ch >= 0x20 && ch < 0x7f && t->inlen + 1 <
	    sizeof(t->input)) {
		t->input[t->inlen++] = (char)ch;
		t->input[t->inlen] = '\0';
	}
	if (t->prompt == TP_FILTER) {
		tui_remember_sel(t);
		snprintf(t->filter, sizeof(t->filter), "%s", t->input);
		tui_restore_sel(t);
	}
}

static void
default_pcap_name(const struct tui *t, char *buf, size_t size)
{
	const struct entity *e = tui_sel_entity(t);
	size_t i;

	snprintf(buf, size, "%s.pcap", e != NULL ? e->uid : "capture");
	for (i = 0; buf[i] != '\0'; i++)
		if (buf[i] == '/')
			buf[i] = '_';
}

/* One key; returns 1 to quit. */
int
tui_key(struct tui *t, int ch)
{
	long page = t->list_h - 2;

	if (page < 1)
		page = 1;
	if (t->prompt != TP_NONE) {
		prompt_key(t, ch);
		return 0;
	}
	if (ch != ERR && ch != KEY_RESIZE)
		t->msg[0] = '\0';
	if (t->help) {
		/* any key closes the help; q and F10 too, without quitting */
		if (ch != KEY_RESIZE && ch != ERR)
			t->help = 0;
		return 0;
	}
	switch (ch) {
	case 'q': case 'Q': case KEY_F(10):
		if (t->pkt_open) {
			t->pkt_open = 0;
			return 0;
		}
		return 1;
	case 27:		/* Esc: back */
		if (t->pkt_open)
			t->pkt_open = 0;
		else if (t->focus == TF_DETAIL)
			t->focus = TF_LIST;
		else if (t->filter[0] != '\0') {
			tui_remember_sel(t);
			t->filter[0] = '\0';
			tui_restore_sel(t);
		}
		return 0;
	case '?': case KEY_F(1):
		t->help = 1;
		return 0;
	case 'h':		/* vim: left */
		t->focus = TF_LIST;
		return 0;
	case '\t': case KEY_BTAB:
		t->focus = t->focus == TF_LIST ? TF_DETAIL : TF_LIST;
		return 0;
	case KEY_LEFT:
		t->focus = TF_LIST;
		return 0;
	case KEY_RIGHT: case 'l':
		t->focus = TF_DETAIL;
		return 0;
	case '\n': case '\r': case KEY_ENTER:
		if (t->focus == TF_LIST)
			t->focus = TF_DETAIL;
		else if (t->view == TV_PACKETS && t->npk > 0)
			t->pkt_open = !t->pkt_open;
		return 0;
	case '1': case 's': set_view(t, TV_STATUS); return 0;
	case '2': case 't': set_view(t, TV_TIMELINE); return 0;
	case '3': case 'f': set_view(t, TV_FINDINGS); return 0;
	case '4': case 'p': set_view(t, TV_PACKETS); return 0;
	case KEY_DOWN: case 'j':
		if (t->focus == TF_LIST)
			move_sel(t, 1);
		else
			move_detail(t, 1);
		return 0;
	case KEY_UP: case 'k':
		if (t->focus == TF_LIST)
			move_sel(t, -1);
		else
			move_detail(t, -1);
		return 0;
	case KEY_NPAGE: case 6:		/* ^F */
		if (t->focus == TF_LIST)
			move_sel(t, page);
		else
			move_detail(t, t->det_h - 2);
		return 0;
	case KEY_PPAGE: case 2:		/* ^B */
		if (t->focus == TF_LIST)
			move_sel(t, -page);
		else
			move_detail(t, -(t->det_h - 2));
		return 0;
	case KEY_HOME:
		if (t->focus == TF_LIST)
			move_sel(t, -(long)t->nrows);
		else
			move_detail(t, -(long)t->lines.n);
		return 0;
	case KEY_END:
		if (t->focus == TF_LIST)
			move_sel(t, (long)t->nrows);
		else
			move_detail(t, (long)t->lines.n);
		return 0;
	case '/': case KEY_F(3):
		start_prompt(t, TP_FILTER, t->filter);
		return 0;
	case '<': case ',':
		if (t->mi > 0)
			goto_moment(t, t->mi - 1);
		else
			tui_msg(t, 0, "at the first moment");
		return 0;
	case '>': case '.':
		if (t->mi + 1 < t->nmom)
			goto_moment(t, t->mi + 1);
		else
			tui_msg(t, 0, "at the end of the capture");
		return 0;
	case 'g':
		goto_moment(t, 0);
		return 0;
	case 'G':
		goto_moment(t, t->nmom - 1);
		return 0;
	case ' ':
		if (t->lv != NULL) {	/* live: freeze the screen */
			t->paused = !t->paused;
			return 0;
		}
		if (!t->can_rewind) {
			tui_msg(t, 1, "standard input cannot be replayed");
			return 0;
		}
		t->playing = !t->playing;	/* offline: replay */
		if (t->playing && t->mi + 1 >= t->nmom)
			goto_moment(t, 0);
		return 0;
	case 'e': {
		const char *d = t->o->report_dir != NULL ? t->o->report_dir :
		    "tunnelscope-report";

		start_prompt(t, TP_REPORT, d);
		return 0;
	}
	case 'w': {
		char name[TRACK_UID_MAX + 8];

		if (tui_sel_entity(t) == NULL) {
			tui_msg(t, 1, "select an entity first");
			return 0;
		}
		default_pcap_name(t, name, sizeof(name));
		start_prompt(t, TP_PCAP, name);
		return 0;
	}
	case 12:		/* ^L */
		clearok(curscr, TRUE);
		return 0;
	default:
		return 0;
	}
}

/* ---- run ---- */

static int
input_problems(const struct tui *t)
{
	const struct source_set *src = t->full.src;
	size_t i;
	int rc = 0;

	if (src == NULL)
		return 0;
	for (i = 0; i < source_ninputs(src); i++) {
		const struct input_info *in = source_input(src, i);

		if (in->broken) {
			fprintf(stderr, "tunnelscope: %s: %s\n", in->path,
			    in->error);
			rc = EX_DATAERR;
		} else if (in->records == 0 && !in->skipped)
			fprintf(stderr, "tunnelscope: %s: %s\n", in->path,
			    in->error[0] ? in->error :
			    "no packets in this capture");
	}
	return rc;
}

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Curses on the terminal: keys from stdin, or /dev/tty when stdin holds
 * the capture.  0, or an exit status with the message printed. */
int
tui_screen_open(struct tui *t)
{
	if (!isatty(STDIN_FILENO) &&
	    (t->tty_in = fopen("/dev/tty", "r")) == NULL) {
		fprintf(stderr, "tunnelscope: -T tui needs a terminal to read "
		    "keys from: %s\n", strerror(errno));
		return EX_UNAVAILABLE;
	}
	t->scr = newterm(NULL, stdout, t->tty_in != NULL ? t->tty_in : stdin);
	if (t->scr == NULL) {
		fprintf(stderr, "tunnelscope: -T tui: cannot use this terminal "
		    "(TERM=%s)\n", getenv("TERM") ? getenv("TERM") : "");
		if (t->tty_in != NULL)
			fclose(t->tty_in);
		t->tty_in = NULL;
		return EX_UNAVAILABLE;
	}
	set_term(t->scr);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	color_init(t);
	layout(t);
	tui_rows_build(t);
	tui_remember_sel(t);
	return 0;
}

void
tui_screen_close(struct tui *t)
{
	if (t->scr != NULL) {
		endwin();
		delscreen(t->scr);
		t->scr = NULL;
	}
	if (t->tty_in != NULL)
		fclose(t->tty_in);
	t->tty_in = NULL;
	tui_packets_free(t);
	tui_lines_clear(&t->lines);
	free(t->lines.v);
	t->lines.v = NULL;
	t->lines.cap = 0;
	free(t->rows);
	t->rows = NULL;
	t->nrows = t->rowcap = 0;
}

int
tui_run(const struct tui_opts *o)
{
	static struct tui t;	/* big; one per process */
	struct sigaction sa;
	char err[512];
	int rc, ch, done = 0, in_rc, report_rc = 0, dirty = 1;
	int64_t last_play = 0;
	size_t i;

	memset(&t, 0, sizeof(t));
	t.o = o;
	t.can_rewind = 1;
	for (i = 0; i < o->nspecs; i++)
		if (strcmp(o->specs[i], "-") == 0)
			t.can_rewind = 0;
	setlocale(LC_ALL, "");
	if ((rc = tui_run_full(&t, err, sizeof(err))) != 0) {
		fprintf(stderr, "tunnelscope: %s\n", err);
		tui_run_free(&t.full);
		return rc;
	}
	/* before newterm: ncurses leaves handlers that are not SIG_DFL */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if ((rc = tui_screen_open(&t)) != 0) {
		tui_run_free(&t.full);
		return rc;
	}
	timeout(TICK_MS);
	while (!done && !tui_quit_signal) {
		/* a file's state changes only by a key or the replay */
		if (dirty)
			tui_draw(&t);
		dirty = 0;
		ch = getch();
		if (tui_quit_signal)
			break;
		if (ch == KEY_RESIZE) {
			dirty = 1;	/* LINES and COLS are new: redraw */
			continue;
		}
		if (ch != ERR) {
			done = tui_key(&t, ch);
			dirty = 1;
		}
		if (t.playing && mono_ms() - last_play >= PLAY_MS) {
			last_play = mono_ms();
			if (t.mi + 1 < t.nmom)
				goto_moment(&t, t.mi + 1);
			else
				t.playing = 0;
			dirty = 1;
		}
	}
	tui_screen_close(&t);
	tui_run_free(&t.step);
	in_rc = input_problems(&t);
	if (o->report_dir != NULL) {
		char msg[1024];

		if ((report_rc = tui_write_report(&t, o->report_dir, msg,
		    sizeof(msg))) != 0)
			fprintf(stderr, "tunnelscope: %s\n", msg);
	}
	rc = 0;
	if (report_rc != 0)
		rc = report_rc;
	else if (in_rc != 0)
		rc = in_rc;
	else if (o->fail_on >= 0 && finding_count_at_least(
	    t.full.pl->engine->findings, (unsigned)o->fail_on) > 0)
		rc = 3;
	tui_run_free(&t.full);
	free(t.mom);
	return rc;
}
