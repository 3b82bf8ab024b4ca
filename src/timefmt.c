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

/* n decimal digits of v, zero-padded, ending at end (v < 10^n). */
static void
digits_at(char *end, uint64_t v, int n)
{
	while (n-- > 0) {
		*--end = (char)('0' + v % 10);
		v /= 10;
	}
}

/* The time stamp is written for every printed frame: by hand, not through
 * vsnprintf; same text as ".%09lld" / ".%06lld". */
static void
frac(struct textbuf *tb, int64_t ns, int digits)
{
	char s[11];
	int n = digits >= 9 ? 9 : 6;

	if (ns < 0 || ns >= 1000000000) {
		if (digits >= 9)
			tb_printf(tb, ".%09lld", (long long)ns);
		else
			tb_printf(tb, ".%06lld", (long long)(ns / 1000));
		return;
	}
	s[0] = '.';
	digits_at(s + 1 + n, (uint64_t)(n == 9 ? ns : ns / 1000), n);
	s[1 + n] = '\0';
	tb_puts(tb, s);
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
	if (y >= 0 && y <= 9999) {
		char s[20];	/* "YYYY-MM-DD hh:mm:ss" */

		digits_at(s + 4, (uint64_t)y, 4);
		s[4] = '-';
		digits_at(s + 7, mo, 2);
		s[7] = '-';
		digits_at(s + 10, d, 2);
		s[10] = f == TSF_RFC3339 ? 'T' : ' ';
		digits_at(s + 13, (uint64_t)(sod / 3600), 2);
		s[13] = ':';
		digits_at(s + 16, (uint64_t)(sod / 60 % 60), 2);
		s[16] = ':';
		digits_at(s + 19, (uint64_t)(sod % 60), 2);
		s[19] = '\0';
		tb_puts(tb, s);
	} else
		tb_printf(tb, "%04d-%02u-%02u%c%02u:%02u:%02u", y, mo, d,
		    f == TSF_RFC3339 ? 'T' : ' ', (unsigned)(sod / 3600),
		    (unsigned)(sod / 60 % 60), (unsigned)(sod % 60));
	frac(tb, sub, digits);
	if (f == TSF_RFC3339)
		tb_putc(tb, 'Z');
}
