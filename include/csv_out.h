/* csv_out.h - the report's one CSV writer, on libcsv (RFC 4180 + OWASP).
 *
 * Every field goes through csv_fwrite (always quoted, quotes doubled);
 * fields are separated by ',' and rows end in CRLF.  The first row ended
 * is the header; every later row must have as many fields, or the writer
 * records a schema error (a bug in the caller, reported as such).
 *
 * Two kinds of field, never mixed:
 *   text  - anything that may carry packet bytes or user input: printable
 *           ASCII kept, backslash, control and non-ASCII bytes written as
 *           \xNN; a field whose first byte is = + - @ TAB or CR gets a
 *           leading apostrophe so no spreadsheet evaluates it (OWASP
 *           "CSV injection").
 *   number - digits the program formatted itself: written unchanged.
 *
 * Errors are sticky: after the first failed write nothing more is written
 * and csv_out_error() says why (an errno value).
 */
#ifndef TS_CSV_OUT_H
#define TS_CSV_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct textbuf;

/* Longest text field written, after escaping; longer text is cut. */
#define CSV_OUT_FIELD_MAX	16384

struct csv_out {
	FILE		*fp;
	size_t		 ncols;		/* header's field count; 0 before */
	size_t		 nfield;	/* fields in the current row */
	uint64_t	 rows;		/* data rows ended (header excluded) */
	int		 err;		/* first errno, 0 if none */
	int		 schema;	/* a row's field count differed */
};

void	csv_out_init(struct csv_out *, FILE *);
/* Header names (trusted, written as they are); call again to append more,
 * then csv_out_end_row(). */
void	csv_out_header(struct csv_out *, const char *const *names, size_t n);

void	csv_out_text(struct csv_out *, const char *s);	/* NULL: empty */
void	csv_out_textn(struct csv_out *, const void *p, size_t n);
void	csv_out_u64(struct csv_out *, uint64_t);
void	csv_out_i64(struct csv_out *, int64_t);
/* A number formatted by the caller ("1.5", "-3"); anything that is not
 * [-+]digits[.digits] is written as text instead. */
void	csv_out_num(struct csv_out *, const char *);
/* UTC RFC 3339 ("2026-11-24T09:00:00.000001Z"); digits 6 or 9. */
void	csv_out_ts(struct csv_out *, int64_t ns, int digits);
/* Decimal seconds since the epoch ("1795510800.000001"). */
void	csv_out_epoch(struct csv_out *, int64_t ns, int digits);
void	csv_out_empty(struct csv_out *);
/* CRLF.  0, or -1 on a write error or a field count other than the
 * header's (c->schema set). */
int	csv_out_end_row(struct csv_out *);
/* Flush: 0, or -1 with csv_out_error() set. */
int	csv_out_flush(struct csv_out *);
int	csv_out_error(const struct csv_out *);

/* The text transformation alone (escape + neutralise), for tests and for
 * other sinks that need the same rules. */
void	csv_text_escape(struct textbuf *, const void *p, size_t n);

#endif /* TS_CSV_OUT_H */
