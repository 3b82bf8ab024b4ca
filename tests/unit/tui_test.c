/* tui_test.c - the TUI's model and text helpers (no terminal needed).
 *
 * Expected values: the story captures' README (RT03 192.168.200.3 sends
 * SCCRQs to RT01 192.168.1.1 that are never answered; tshark puts wan:3,
 * the first SCCRQ at 09:00:01, fourth in time order after wan:1, wan:2
 * and lan:1 at 0.5 s), and hand-worked wrapping.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/tui_priv.h"
#include "pipeline.h"
#include "prefs.h"
#include "unit.h"

TEST(tui_match_case_and_edges)
{
	CHECK(tui_match("RT03 192.168.200.3", 18, "rt03"));
	CHECK(tui_match("RT03 192.168.200.3", 18, "200.3"));
	CHECK(tui_match("abc", 3, ""));
	CHECK(!tui_match("abc", 3, "abcd"));
	CHECK(!tui_match("abc", 2, "bc"));	/* length, not the NUL */
	CHECK(!tui_match("wait-ctl-reply", 14, "established"));
}

TEST(tui_fmt_age_units)
{
	char b[32];

	tui_fmt_age(b, sizeof(b), 47LL * 1000000000);
	CHECK_STR(b, "47s");
	tui_fmt_age(b, sizeof(b), 185LL * 1000000000);
	CHECK_STR(b, "3m05s");
	tui_fmt_age(b, sizeof(b), 7260LL * 1000000000);
	CHECK_STR(b, "2h01m");
	tui_fmt_age(b, sizeof(b), 90000LL * 1000000000);
	CHECK_STR(b, "1d01h");
	tui_fmt_age(b, sizeof(b), -5);
	CHECK_STR(b, "0s");
}

/* 20 cells, continuation indented 4: cut at the last space that fits. */
TEST(tui_lines_wrap_cuts_at_spaces)
{
	struct tui_lines l;

	memset(&l, 0, sizeof(l));
	tui_lines_wrap(&l, TC_NORMAL, "alpha bravo charlie delta echo foxtrot",
	    20, 4);
	CHECK_EQ(l.n, 3);
	if (l.n == 3) {
		CHECK_STR(l.v[0].s, "alpha bravo charlie");
		CHECK_STR(l.v[1].s, "    delta echo");
		CHECK_STR(l.v[2].s, "    foxtrot");
	}
	tui_lines_clear(&l);
	/* a newline starts an unindented line; an empty text is one line */
	tui_lines_wrap(&l, TC_NORMAL, "one\ntwo", 20, 4);
	CHECK_EQ(l.n, 2);
	if (l.n == 2)
		CHECK_STR(l.v[1].s, "two");
	tui_lines_clear(&l);
	tui_lines_wrap(&l, TC_NORMAL, "", 20, 4);
	CHECK_EQ(l.n, 1);
	tui_lines_clear(&l);
	free(l.v);
}

TEST(tui_model_story_rows_and_time_steps)
{
	static struct tui t;
	static const char *const specs[] = {
		"wan=captures/story-wan.pcap", "lan=captures/story-lan.pcap"
	};
	struct tui_opts o;
	struct prefs p;
	char err[512], badge[128];
	const struct entity *e;

	prefs_default(&p);
	memset(&o, 0, sizeof(o));
	o.specs = specs;
	o.nspecs = 2;
	o.prefs = &p;
	o.fail_on = -1;
	memset(&t, 0, sizeof(t));
	t.o = &o;
	t.can_rewind = 1;
	CHECK_EQ(tui_run_full(&t, err, sizeof(err)), 0);
	if (t.cur == NULL)
		return;
	CHECK_EQ(t.full.pos, 34);		/* 15 + 19 frames */
	tui_rows_build(&t);
	CHECK_EQ(t.nrows, 1);
	if (t.nrows < 1 || (e = t.rows[0].e) == NULL) {
		CHECK(0);
		goto out;
	}
	CHECK_EQ(e->kind, EK_L2TP_CTL);
	CHECK_EQ(t.rows[0].sev, SEV_ERROR);
	tui_state_badge(t.cur, e, badge, sizeof(badge));
	CHECK_STR(badge, "[wait-ctl-reply|idle]");
	CHECK(tui_stuck(t.cur, e));
	/* the status text of -T status is there, with RT03's host name */
	{
		size_t len;
		const char *b = tui_status_block(t.cur, e, &len);

		CHECK(b != NULL && tui_match(b, len, "[RT03 192.168.200.3]"));
	}
	/* the filter reads host names and states */
	strcpy(t.filter, "rt03");
	tui_rows_build(&t);
	CHECK_EQ(t.nrows, 1);
	strcpy(t.filter, "established");
	tui_rows_build(&t);
	CHECK_EQ(t.nrows, 0);
	t.filter[0] = '\0';
	/* the first moment: wan:3, the first SCCRQ, 4th frame in time */
	CHECK(t.nmom >= 2);
	CHECK_EQ(t.mom[t.nmom - 1].pos, UINT64_MAX);
	CHECK_EQ(tui_run_to(&t, 0, err, sizeof(err)), 0);
	CHECK(t.cur == &t.step);
	CHECK_EQ(t.cur->pos, 4);
	tui_rows_build(&t);
	CHECK_EQ(t.nrows, 1);
	if (t.nrows == 1 && (e = t.rows[0].e) != NULL) {
		CHECK_EQ(t.rows[0].sev, -1);	/* no finding yet */
		CHECK_EQ(tui_state_age(t.cur, e), 0);
		CHECK(!tui_stuck(t.cur, e));
		tui_state_badge(t.cur, e, badge, sizeof(badge));
		CHECK_STR(badge, "[wait-ctl-reply|idle]");
	}
	/* and back to the end */
	CHECK_EQ(tui_run_to(&t, t.nmom - 1, err, sizeof(err)), 0);
	CHECK(t.cur == &t.full);
out:
	tui_run_free(&t.step);
	tui_run_free(&t.full);
	free(t.rows);
	free(t.mom);
}
