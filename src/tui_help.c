/* tui_help.c - the TUI's help overlay (? or F1) and the htop-style key
 * bar on the bottom line, which also carries prompts and messages. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui_priv.h"

static const char *const help_text[] = {
	"tunnelscope -T tui: keys",
	"",
	"  Up/Down, j/k      move in the focused pane",
	"  PgUp/PgDn, Home/End  page, first, last",
	"  Tab, Shift-Tab    switch pane (Left/h: list, Right/l: detail)",
	"  Enter             open the entity; on a frame: -v detail",
	"  Esc               back: close detail, leave pane, clear filter",
	"  1 s  Status       states of both sides, router-style status",
	"  2 t  Timeline     transitions, repeats folded, frame refs",
	"  3 f  Findings     explanation, evidence frames, remediation",
	"  4 p  Packets      decode of the frames the entity cites",
	"  /                 filter: address, ID, host name, state",
	"  < >  (, .)        previous / next moment in the capture",
	"  g G               first moment / end of the capture",
	"  Space             replay the capture moment by moment",
	"  e                 write the report directory (asks a path)",
	"  w                 save the selected entity's frames to a pcap",
	"  ?  F1             this help (any key closes it)",
	"  q  F10  Ctrl-C    quit (writes --report DIR if given)",
	"",
	"Marks: !! error, ! warning, i info; \"stuck\": a wait state",
	"that lasts.  Times are UTC, capture time.",
};

void
tui_draw_help(struct tui *t)
{
	int n = (int)(sizeof(help_text) / sizeof(help_text[0]));
	int w = 0, h, y0, x0, i, W = COLS, H = LINES;

	for (i = 0; i < n; i++)
		if ((int)strlen(help_text[i]) > w)
			w = (int)strlen(help_text[i]);
	w += 4;
	h = n + 2;
	if (w > W)
		w = W;
	if (h > H)
		h = H;
	y0 = (H - h) / 2;
	x0 = (W - w) / 2;
	for (i = 0; i < h; i++)
		tui_fill(y0 + i, x0, w, A_REVERSE);
	for (i = 0; i < n && i + 1 < h - 1; i++)
		tui_put(y0 + 1 + i, x0 + 2, w - 4, i == 0 ? A_REVERSE |
		    A_BOLD : A_REVERSE, help_text[i]);
	(void)t;
}

struct hint {
	const char *key, *label;
};

static const struct hint hints[] = {
	{ "F1", "Help" }, { "Tab", "Pane" }, { "1-4", "View" },
	{ "/", "Filter" }, { "<>", "Time" }, { "Spc", "Play" },
	{ "e", "Report" }, { "w", "Pcap" }, { "q", "Quit" },
};

void
tui_draw_keybar(struct tui *t)
{
	int y = t->h - 1, x = 0, i, n = (int)(sizeof(hints) / sizeof(*hints));
	char b[600];

	tui_fill(y, 0, t->w, A_NORMAL);
	if (t->prompt != TP_NONE) {
		const char *what = t->prompt == TP_FILTER ? "Filter: " :
		    t->prompt == TP_REPORT ? "Report dir: " : "Save pcap: ";

		snprintf(b, sizeof(b), "%-19s %s", what, t->input);
		tui_put(y, 0, t->w, A_BOLD, b);
		return;
	}
	if (t->msg[0] != '\0') {
		tui_put(y, 0, t->w, t->msg_err ? tui_attr(t, TC_ERROR) :
		    A_BOLD, t->msg);
		return;
	}
	for (i = 0; i < n && x < t->w; i++) {
		int kl = (int)strlen(hints[i].key);
		int ll = (int)strlen(hints[i].label);

		tui_put(y, x, t->w - x, tui_attr(t, TC_KEY), hints[i].key);
		x += kl;
		tui_put(y, x, t->w - x, tui_attr(t, TC_BAR), hints[i].label);
		x += ll;
		if (x < t->w)
			tui_put(y, x, 1, A_NORMAL, " ");
		x++;
	}
	if (x < t->w)
		tui_fill(y, x, t->w - x, tui_attr(t, TC_BAR));
}
