/* report.h - the incident-report directory (--report DIR, DESIGN.md
 * "Report directory").
 *
 * report_write() turns a finished pipeline into findings.csv,
 * transitions.csv, anomalies.csv, the per-kind entity CSVs, summary.md,
 * evidence.pcap (or one evidence-<linktype>.pcap per link type) and
 * evidence.csv.  Every file is written to a temporary name in DIR and
 * renamed into place only when all of them were written, so a failed run
 * leaves no partial file; an existing report file is replaced only with
 * force.  Same inputs and options, same bytes: nothing depends on the
 * clock except summary.md's "generated at" line (no_clock or
 * SOURCE_DATE_EPOCH fix it).
 *
 * Per-kind CSVs.  l2tp_tunnels.csv, l2tp_sessions.csv and
 * bgp_sessions.csv have their required columns fixed here (report_columns);
 * the tracker that owns a kind fills the values: it points the report
 * field of the struct track_kind it registers at a struct report_rows
 * whose row() writes, through the csv_out field functions, one value per
 * required column in order, then one per extra column it declares.  The
 * writer checks the count.  A kind without report_rows gets its header
 * row only.
 */
#ifndef TS_REPORT_H
#define TS_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "track.h"

struct csv_out;
struct pipeline;
struct source_set;

/* What a row writer may use. */
struct report_ctx {
	const struct track	*track;
	const struct source_set	*src;
	int			 digits;	/* ts precision: 6 or 9 */
	evref_label_fn		 label;		/* vantage -> label */
	void			*label_arg;
};

struct report_rows {
	const char *const *extra;	/* columns after the required ones */
	size_t		   nextra;
	/* One entity's row: the required columns' values in order, then
	 * the extras'.  arg is the kind's struct track_kind arg.  0 or -1. */
	int		 (*row)(void *arg, const struct report_ctx *,
			    struct csv_out *, const struct entity *);
};

/* The required columns of a kind's CSV (EK_L2TP_CTL, EK_L2TP_SESSION,
 * EK_BGP_SESSION) and its file name; NULL for a kind without one. */
const char *const *report_columns(unsigned kind, size_t *n,
	    const char **file);

/* Helpers for row writers: ts (empty when !have) and "label:frame". */
void	report_put_ts(struct csv_out *, const struct report_ctx *, int64_t ns,
	    int have);
void	report_put_evref(struct csv_out *, const struct report_ctx *,
	    const struct evref *);

struct report_opts {
	const char	 *dir;
	int		  force;	/* replace existing report files */
	int		  no_clock;	/* no "generated at" time */
	int		  argc;		/* the command line, for the record */
	char *const	 *argv;
	/* the inputs exactly as given to source_add_file, and the filter:
	 * evidence frames are read again from them */
	const char *const *specs;
	size_t		  nspecs;
	const char	 *filter;	/* "" or NULL: none */
	uint64_t	  count;	/* -c, 0 = all */
};

/*
 * Write the report.  Returns 0, or a sysexits code with a message naming
 * the file in errbuf: EX_CANTCREAT (directory or file cannot be created,
 * or a report file exists and force is off), EX_IOERR (write error; the
 * partial files are removed), EX_SOFTWARE (a row writer broke its
 * column count), EX_OSERR (out of memory).
 */
int	report_write(const struct report_opts *, const struct pipeline *,
	    const struct source_set *, char *errbuf, size_t errlen);

#endif /* TS_REPORT_H */
