/* out.h - text views over the engine: decode listing and summary. */
#ifndef TS_OUT_H
#define TS_OUT_H

#include <stdio.h>
#include <stdint.h>

#include "timefmt.h"

struct packet;
struct pipeline;
struct source_set;

struct decode_opts {
	enum ts_format	 tsfmt;		/* -t */
	int		 verbose;	/* -v count */
	int		 show_label;	/* several vantages: print labels */
	int64_t		 first_ts;	/* for -t r */
	int		 have_first;
	/* per vantage: label and timestamp digits (6 or 9) */
	const char	*(*label)(void *, uint32_t vantage);
	int		 (*digits)(void *, uint32_t vantage);
	void		*arg;
};

/* Print one frame's decode line(s) (and -v detail).  Returns 0, or -1 on
 * a write error (errno set). */
int	out_decode_packet(FILE *, struct decode_opts *, const struct packet *);

/* The default view: capture summary. */
struct summary_opts {
	const char	*command;	/* the command line, for the record */
};
int	out_summary(FILE *, const struct summary_opts *,
	    const struct pipeline *, const struct source_set *);

/* -T events: transitions and findings printed as they happen (see
 * out_events.c for the line format).  The view must outlive the engine's
 * use; err holds the first write error (errno), 0 if none. */
struct engine;
struct track;
struct events_view {
	FILE		*fp;
	const char	*(*label)(void *, uint32_t vantage);
	int		 (*digits)(void *, uint32_t vantage);
	void		*arg;
	int		 err;
	const struct track *track;	/* set by out_events_attach */
};
/* 0, or -1 when the engine has no room for another sink. */
int	out_events_attach(struct events_view *, struct engine *);

#endif /* TS_OUT_H */
