/* tui_priv.h - state shared by the TUI's files (not an interface:
 * include/tui.h is).  tui.c: loop, keys, layout, bars; tui_run.c: the
 * pipeline runs and second passes; tui_model.c: entity rows, filter,
 * status blocks; tui_entities.c, tui_detail.c, tui_help.c: the panes. */
#ifndef TS_TUI_PRIV_H
#define TS_TUI_PRIV_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include <curses.h>
#include <stdio.h>

#include "finding.h"
#include "track.h"
#include "tui.h"

struct live;
struct pipeline;
struct source_set;

#define TUI_MAX_IFS	16	/* = LIVE_MAX_IFS */

enum tui_view { TV_STATUS = 0, TV_TIMELINE, TV_FINDINGS, TV_PACKETS,
	TV_COUNT };
enum tui_focus { TF_LIST = 0, TF_DETAIL };
enum tui_prompt { TP_NONE = 0, TP_FILTER, TP_REPORT, TP_PCAP };

/* Attribute classes: colour when there is colour, bold/reverse always. */
enum tui_cls {
	TC_NORMAL = 0, TC_ERROR, TC_WARNING, TC_INFO, TC_GOOD, TC_STUCK,
	TC_HEAD, TC_DIM, TC_BAR, TC_KEY, TC_SEL, TC_DROPS, TC_COUNT
};

/* The status text of one control connection (-T status, both LCCEs). */
struct tui_sblock {
	const struct entity *e;
	uint64_t	 serial;	/* e->serial: blocks sorted by it */
	char		 uid[TRACK_UID_MAX];	/* e may be gone (live) */
	size_t		 off, len;
};

/* One pass of the pipeline over the inputs: the whole capture (full), or
 * up to a chosen frame (a step back in time). */
struct tui_run {
	struct source_set *src;
	struct pipeline	*pl;
	uint64_t	 pos;		/* frames handed to the pipeline */
	int		 finished;	/* pipeline_finish() ran */
	int64_t		 first_ts, last_ts;	/* of the frames it read */
	/* -T status text, split per control connection */
	char		*status;
	size_t		 status_len;
	struct tui_sblock *blocks;
	size_t		 nblocks;
	int		 status_ok;
	int		 borrowed;	/* src and pl are the caller's (live) */
};

/* A moment where the engine's state changed (offline time stepping). */
struct tui_moment {
	uint64_t	 pos;		/* frames read; UINT64_MAX: the end */
	int64_t		 ts;
};

/* A BGP session nested under the L2TPv3 session carrying it now
 * (bgp_sess_carrier); sorted by carrier. */
struct tui_nest {
	const struct entity *carrier;
	const struct entity *e;
};

/* One row of the entity list. */
struct tui_row {
	const struct entity *e;		/* NULL: the capture itself */
	unsigned	 depth;
	int		 sev;		/* worst own finding, -1 none */
};

/* A line of the right pane: escaped ASCII. */
struct tui_line {
	char		*s;
	uint8_t		 cls;
	uint8_t		 frame_line;	/* packets: selectable frame line */
	uint32_t	 vantage;
	uint64_t	 frame;
};

struct tui_lines {
	struct tui_line	*v;
	size_t		 n, cap;
};

/* A frame of the packets pane, decoded in a second pass. */
struct tui_pkt {
	struct evref	 ref;
	int		 found;
	char		*line;		/* decode line(s) */
	char		*detail;	/* -v decode */
};

struct tui {
	const struct tui_opts *o;
	SCREEN		*scr;
	FILE		*tty_in;	/* /dev/tty when stdin is the capture */
	/* live (-i): the caller's capture, pipeline and sources */
	struct live	*lv;
	uint64_t	 live_prev[TUI_MAX_IFS];	/* frames at last rate */
	double		 live_rate[TUI_MAX_IFS];	/* frames per second */
	int64_t		 live_rate_ms;
	struct tui_run	 full;		/* the whole capture, finished */
	struct tui_run	 step;		/* state at a moment (offline) */
	struct tui_run	*cur;		/* what every view shows */
	int		 can_rewind;	/* no input is standard input */
	struct tui_moment *mom;
	size_t		 nmom, momcap, mi;	/* mi: current moment */
	uint64_t	 gen;		/* bumped when cur changes */
	/* screen */
	int		 color;
	int		 h, w;
	int		 list_y, list_x, list_h, list_w;
	int		 det_y, det_x, det_h, det_w;
	int		 stacked, too_small;
	enum tui_focus	 focus;
	enum tui_view	 view;
	int		 help;
	int		 paused;	/* live: screen updates paused */
	int		 playing;	/* offline: replaying moments */
	char		 msg[512];
	int		 msg_err;
	/* prompt */
	enum tui_prompt	 prompt;
	char		 input[512];
	size_t		 inlen;
	char		 filter_saved[512];
	char		 filter[512];
	/* entity list */
	struct tui_row	*rows;
	size_t		 nrows, rowcap;
	/* carried BGP sessions: set during tui_rows_build only */
	const struct tui_nest *nest;
	size_t		 nnest;
	size_t		 sel, top;
	char		 sel_uid[TRACK_UID_MAX];
	int		 sel_capture;	/* the capture row is selected */
	/* right pane */
	struct tui_lines lines;
	size_t		 dtop, dsel;
	int		 pkt_open;	/* -v detail of the selected frame */
	/* packets pane cache: (entity uid, gen) */
	struct tui_pkt	*pk;
	size_t		 npk;
	char		 pk_uid[TRACK_UID_MAX];
	uint64_t	 pk_gen;
	int		 pk_valid;
	char		 pk_note[256];
};

extern volatile sig_atomic_t tui_quit_signal;

/* tui_live.c */
void	tui_live_top(struct tui *, char *line, size_t size);

/* tui_run.c */
int	tui_run_full(struct tui *, char *err, size_t errlen);
int	tui_run_to(struct tui *, size_t moment, char *err, size_t errlen);
void	tui_run_free(struct tui_run *);
void	tui_status_build(struct tui_run *);
const char *tui_label(void *arg, uint32_t vantage);
int	tui_digits(void *arg, uint32_t vantage);
size_t	tui_entity_frames(const struct entity *, struct evref *out,
	    size_t max);
int	tui_packets_load(struct tui *, const struct entity *);
void	tui_packets_free(struct tui *);
int	tui_write_pcap(struct tui *, const struct entity *, const char *path,
	    char *msg, size_t msglen);
int	tui_write_report(struct tui *, const char *dir, char *msg,
	    size_t msglen);

/* tui_model.c */
int	tui_entity_sev(const struct entity *);
/* "[wait-ctl-reply|idle]" into buf. */
void	tui_state_badge(const struct tui_run *, const struct entity *,
	    char *buf, size_t size);
/* Time in the current state (ns): since the latest change of any side. */
int64_t	tui_state_age(const struct tui_run *, const struct entity *);
int	tui_stuck(const struct tui_run *, const struct entity *);
int64_t	tui_now(const struct tui_run *);
const char *tui_status_block(const struct tui_run *, const struct entity *,
	    size_t *len);
void	tui_rows_build(struct tui *);
int	tui_match(const char *hay, size_t len, const char *needle);
const char *tui_kind_tag(unsigned kind);

/* tui_entities.c */
void	tui_draw_list(struct tui *);

/* tui_detail.c */
void	tui_lines_clear(struct tui_lines *);
void	tui_lines_add(struct tui_lines *, int cls, const char *s);
void	tui_lines_wrap(struct tui_lines *, int cls, const char *s,
	    int width, int indent);
void	tui_detail_build(struct tui *);
void	tui_draw_detail(struct tui *);

/* tui_help.c */
void	tui_draw_help(struct tui *);
void	tui_draw_keybar(struct tui *);

/* tui.c: screen, keys, drawing helpers for the panes */
int	tui_screen_open(struct tui *);
void	tui_screen_close(struct tui *);
void	tui_draw(struct tui *);
int	tui_key(struct tui *, int ch);		/* 1: quit */
void	tui_remember_sel(struct tui *);
void	tui_restore_sel(struct tui *);
void	tui_msg(struct tui *, int err, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
unsigned tui_attr(const struct tui *, int cls);
void	tui_put(int y, int x, int width, unsigned attr, const char *s);
void	tui_fill(int y, int x, int width, unsigned attr);
void	tui_fmt_ts(char *buf, size_t size, int64_t ns, int digits);
void	tui_fmt_age(char *buf, size_t size, int64_t ns);
const struct entity *tui_sel_entity(const struct tui *);

#endif /* TS_TUI_PRIV_H */
