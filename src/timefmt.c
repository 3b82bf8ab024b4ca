/* timefmt.c - UTC formatting by arithmetic (never localtime() per packet:
 * with TZ unset glibc stats /etc/localtime on every call). */
#include <stdint.h>

#include "textbuf.h"
#include "timefmt.h"

/* Days to civil date, after the well-known era-based algorithm. */
void
ts_civil(int64_t z, int *yy, unsigned *mm, unsigned *dd)
{
	int64_t era, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	y = yoe + era * 400;
	doy = (z - era * 146097) - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	*yy = (int)(y + (m <= 2));
	*mm = (unsigned)m;
	*dd = (unsigned)d;
}

static void
frac(struct textbuf *tb, int64_t ns, int digits)
{
	if (digits >= 9)
		tb_printf(tb, ".%09lld", (long long)ns);
	else
		tb_printf(tb, ".%06lld", (long long)(ns / 1000));
}

void
tb_ts(struct textbuf *tb, int64_t ns, enum ts_format f, int64_t ref, int digits)
{
	int64_t secs, sub, days, sod;
	unsigned mo, d;
	int y;

	if (f == TSF_RELATIVE)
		ns -= ref;
	secs = ns / 1000000000;
	sub = ns % 1000000000;
	if (sub < 0) {
		sub += 1000000000;
		secs--;
	}
	if (f == TSF_EPOCH || f == TSF_RELATIVE) {
		if (secs < 0 && sub != 0) {	/* -0.5 s, not -1.5 s */
			tb_printf(tb, "-%lld", (long long)(-secs - 1));
			frac(tb, 1000000000 - sub, digits);
		} else {
			tb_printf(tb, "%lld", (long long)secs);
			frac(tb, sub, digits);
		}
		return;
	}
	days = secs / 86400;
	sod = secs % 86400;
	if (sod < 0) {
		sod += 86400;
		days--;
	}
	ts_civil(days, &y, &mo, &d);
	tb_printf(tb, "%04d-%02u-%02u%c%02u:%02u:%02u", y, mo, d,
	    f == TSF_RFC3339 ? 'T' : ' ', (unsigned)(sod / 3600),
	    (unsigned)(sod / 60 % 60), (unsigned)(sod % 60));
	frac(tb, sub, digits);
	if (f == TSF_RFC3339)
		tb_putc(tb, 'Z');
}
