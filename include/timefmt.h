/* timefmt.h - UTC timestamps without localtime(): pure arithmetic. */
#ifndef TS_TIMEFMT_H
#define TS_TIMEFMT_H

#include <stdint.h>

struct textbuf;

enum ts_format {
	TSF_UTC_DATE = 0,	/* -t ud: 2026-11-24 17:06:00.123456 */
	TSF_EPOCH,		/* -t e:  1795539960.123456 */
	TSF_RELATIVE,		/* -t r:  seconds since the first frame */
	TSF_RFC3339,		/* reports: 2026-11-24T17:06:00.123456Z */
};

/* digits: 6 (microseconds) or 9 (nanoseconds). */
void	tb_ts(struct textbuf *, int64_t ns, enum ts_format, int64_t ref_ns,
	    int digits);
/* Civil date from days since 1970-01-01 (proleptic Gregorian). */
void	ts_civil(int64_t days, int *y, unsigned *m, unsigned *d);

#endif /* TS_TIMEFMT_H */
