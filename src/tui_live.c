/* tui_live.c - -T tui over a live capture (-i): the screen joins the
 * capture's poll loop (live.h) as one more descriptor.
 *
 * The loop never waits on the screen: live_poll() reads every interface
 * that has frames (a bounded batch each) and wakes for keys; the screen
 * is redrawn at most every 250 ms (4 Hz), right away after a key, and
 * not at all while Space has paused it.  Capture, tracking and the
 * engine's ticks (inferred timers, rules) go on whatever the screen
 * does.  The -T status text is rebuilt at most once a second, and only
 * while the Status view or a filter needs it.  Time stepping works on
 * files only; the packets pane and "w" read the -w tee files again (no
 * -w: frames are not kept), the pane when an entity is chosen or "4" is
 * pressed again, never by itself: a tee file can be large.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "diagnose.h"
#include "live.h"
#include "pipeline.h"
#include "rules_capture.h"
#include "source.h"
#include "textbuf.h"
#include "tui_priv.h"

#define DRAW_MS		250
#define STATUS_MS	1000
#define POLL_MS		100	/* SIGWINCH is seen within this */

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Kernel drops into the capture.drops finding, as the text loop does. */
static void
report_drops(struct live *lv, struct pipeline *pl)
{
	struct capture_drop d[LIVE_MAX_IFS];
	size_t k, n = live_nifs(lv);

	for (k = 0; k < n && k < LIVE_MAX_IFS; k++) {
		const struct live_if *li = live_if(lv, k);

		d[k].label = li->label;
		d[k].ifname = li->name;
		d[k].recv = li->recv;
		d[k].drop = li->drop;
		d[k].ifdrop = li->ifdrop;
	}
	capture_drops_report(pl->engine, d, k, live_now(lv));
}

static void
update_rates(struct tui *t)
{
	int64_t now = now_ms(), dt = now - t->live_rate_ms;
	size_t k, n = live_nifs(t->lv);

	if (t->live_rate_ms != 0 && dt < 1000)
		return;
	for (k = 0; k < n && k < TUI_MAX_IFS; k++) {
		uint64_t c = live_if(t->lv, k)->captured;

		if (t->live_rate_ms != 0 && dt > 0)
			t->live_rate[k] = (double)(c - t->live_prev[k]) *
			    1000.0 / (double)dt;
		t->live_prev[k] = c;
	}
	t->live_rate_ms = now;
}

/* Line 2 of the top bar: capture time, then per interface its frames,
 * rate and kernel drops ("DROPS n", bold, red with colour). */
void
tui_live_top(struct tui *t, char *line, size_t size)
{
	struct textbuf tb;
	char ts[64], seg[256];
	const char *p;
	size_t k, n = live_nifs(t->lv);
	int x;

	tui_fmt_ts(ts, sizeof(ts), live_now(t->lv), 6);
	p = t->w >= 120 ? ts : strchr(ts, ' ') != NULL ? strchr(ts, ' ') + 1 :
	    ts;
	tb_init(&tb, line, size);
	tb_printf(&tb, " %s UTC ", p);
	tui_put(1, 0, t->w, tui_attr(t, TC_BAR), line);
	x = (int)tb.len;
	for (k = 0; k < n && k < TUI_MAX_IFS && x < t->w; k++) {
		const struct live_if *li = live_if(t->lv, k);
		struct textbuf sb;
		uint64_t drops = li->drop + li->ifdrop;

		tb_init(&sb, seg, sizeof(seg));
		tb_puts(&sb, "| ");
		tb_esc(&sb, (const uint8_t *)li->label, strlen(li->label));
		tb_printf(&sb, " %llu pkts %.0f/s ",
		    (unsigned long long)li->captured, t->live_rate[k]);
		tui_put(1, x, t->w - x, tui_attr(t, TC_BAR), seg);
		x += (int)sb.len;
		if (drops > 0 || li->failed) {
			tb_reset(&sb);
			if (li->failed)
				tb_puts(&sb, "FAILED");
			else
				tb_printf(&sb, "DROPS %llu",
				    (unsigned long long)drops);
			tui_put(1, x, t->w - x, tui_attr(t, TC_DROPS), seg);
			x += (int)sb.len;
			if (x < t->w)
				tui_put(1, x, 1, tui_attr(t, TC_BAR), " ");
			x++;
		}
	}
}

int
tui_live(const struct tui_opts *o, struct live *lv, struct pipeline *pl,
    struct source_set *src)
{
	static struct tui t;
	char errbuf[512], line[512];
	int rc = 0, ev, ch, done = 0, keyed, fd;
	int told[LIVE_MAX_IFS] = { 0 };
	int64_t last_draw = 0, last_status = 0, now;
	size_t k;

	memset(&t, 0, sizeof(t));
	t.o = o;
	t.lv = lv;
	t.full.src = src;
	t.full.pl = pl;
	t.full.borrowed = 1;
	t.full.pos = 0;
	t.cur = &t.full;
	if ((t.mom = calloc(1, sizeof(*t.mom))) == NULL) {
		fprintf(stderr, "tunnelscope: out of memory\n");
		return EX_OSERR;
	}
	t.mom[0].pos = UINT64_MAX;
	t.nmom = t.momcap = 1;
	tui_status_build(&t.full);
	if ((rc = tui_screen_open(&t)) != 0) {
		tui_run_free(&t.full);
		free(t.mom);
		return rc;
	}
	nodelay(stdscr, TRUE);
	fd = t.tty_in != NULL ? fileno(t.tty_in) : STDIN_FILENO;
	while (!done) {
		ev = live_poll(lv, POLL_MS, fd);
		if (ev & LIVE_EV_TICK) {
			pipeline_tick(pl, live_now(lv));
			report_drops(lv, pl);
		}
		for (k = 0; k < live_nifs(lv) && k < LIVE_MAX_IFS; k++)
			if (live_if(lv, k)->failed && !told[k]++) {
				tui_msg(&t, 1, "%s", live_if(lv, k)->error);
				rc = EX_UNAVAILABLE;
			}
		if (ev & LIVE_EV_STOP)
			break;
		keyed = 0;
		while (!done && (ch = getch()) != ERR) {
			keyed = 1;
			if (ch == KEY_RESIZE)
				continue;
			/* frames went by since the last draw: entities may
			 * have come or gone, rows are read again */
			tui_restore_sel(&t);
			done = tui_key(&t, ch);
		}
		now = now_ms();
		t.full.pos = 0;
		for (k = 0; k < live_nifs(lv); k++)
			t.full.pos += live_if(lv, k)->captured;
		t.full.last_ts = live_now(lv);
		if ((t.view == TV_STATUS || t.filter[0] != '\0') &&
		    now - last_status >= STATUS_MS) {
			tui_status_build(&t.full);
			last_status = now;
		}
		if (keyed || (!t.paused && now - last_draw >= DRAW_MS)) {
			update_rates(&t);
			tui_draw(&t);
			last_draw = now;
		}
	}
	tui_screen_close(&t);
	/* as the text loop ends: the capture thread stopped, the tee files
	 * flushed, final counters */
	live_stop(lv);
	if (live_refresh_stats(lv, errbuf, sizeof(errbuf)) != 0) {
		fprintf(stderr, "tunnelscope: %s\n", errbuf);
		rc = EX_IOERR;
	}
	report_drops(lv, pl);
	live_note_limits(lv);
	for (k = 0; k < live_nifs(lv); k++) {
		if (live_if(lv, k)->failed)
			fprintf(stderr, "tunnelscope: %s\n",
			    live_if(lv, k)->error);
		live_stats_line(live_if(lv, k), line, sizeof(line));
		fprintf(stderr, "tunnelscope: %s\n", line);
	}
	tui_run_free(&t.full);
	free(t.mom);
	return rc;
}
