/* tui.h - -T tui: the ncurses interface, a view over the engine.
 *
 * The TUI drives the same pipeline as the text views (pipeline.h) and
 * reads the engine's state through the same interfaces they use (track.h,
 * finding.h, the -T status and -T decode formatters): it keeps no
 * tracking logic of its own.  Layout, keys and the time-stepping design
 * are described at the top of src/tui.c and in tunnelscope(1).
 */
#ifndef TS_TUI_H
#define TS_TUI_H

#include <stddef.h>
#include <stdint.h>

#include "timefmt.h"

struct live;
struct pipeline;
struct prefs;
struct source_set;

struct tui_opts {
	/* -r inputs exactly as given to source_add_file, and the filter:
	 * stepping back in time and the packets pane read them again */
	const char *const *specs;
	size_t		  nspecs;
	const char	 *filter;	/* "" or NULL: none */
	uint64_t	  count;	/* -c, 0 = all */
	const struct prefs *prefs;
	int		  verbose;	/* -v: detail level of Enter on a frame */
	enum ts_format	  tsfmt;
	int		  no_color;	/* --no-color (NO_COLOR is read too) */
	/* --report DIR: written when the TUI ends (q, Ctrl-C) */
	const char	 *report_dir;
	int		  force;
	int		  report_no_clock;
	int		  argc;		/* the command line, for the report */
	char *const	 *argv;
	int		  fail_on;	/* SEV_* or -1 (--fail-on) */
};

/* 1 when standard output is a terminal the TUI can use; 0: fall back to
 * -T events (the caller says so on stderr). */
int	tui_usable(void);
/* Run the interface until the user quits.  Returns the exit status
 * (sysexits.h, 3 for --fail-on); messages go to stderr after the screen
 * is restored. */
int	tui_run(const struct tui_opts *);
/*
 * Live (-i): drive the caller's open capture (live_new, live_add,
 * live_open_output, live_signals done; its on_frame feeds pl) with the
 * screen in the loop, until q, SIGINT/SIGTERM or -c.  The caller then
 * finishes the pipeline and writes --report as after the text loop.  In
 * o, specs are the -w tee files (the packets pane reads them again; none:
 * frames are not kept).  Returns 0 or an exit status (EX_UNAVAILABLE: an
 * interface failed; EX_IOERR: a tee file could not be written).
 */
int	tui_live(const struct tui_opts *, struct live *, struct pipeline *pl,
	    struct source_set *);

#endif /* TS_TUI_H */
