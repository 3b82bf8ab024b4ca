/* textbuf.c - bounded text builder and escaping of packet-derived bytes. */
#include <stdio.h>
#include <string.h>
#include <sys/types.h>	/* ssize_t: the signed size_t of %zd */

#include "textbuf.h"

void
tb_init(struct textbuf *tb, char *buf, size_t size)
{
	tb->buf = buf;
	tb->size = size;
	tb->len = 0;
	tb->overflow = 0;
	if (size > 0)
		buf[0] = '\0';
}

void
tb_reset(struct textbuf *tb)
{
	tb->len = 0;
	tb->overflow = 0;
	if (tb->size > 0)
		tb->buf[0] = '\0';
}

void
tb_mark_full(struct textbuf *tb)
{
	tb->overflow = 1;
}

/* Append n bytes, as many as fit.  Most pieces of a line are a few bytes:
 * copied by hand, a call to memcpy() costs more than the copy. */
static void
tb_write(struct textbuf *tb, const char *s, size_t n)
{
	char *d;
	size_t i;

	if (tb->size == 0) {
		tb->overflow = 1;
		return;
	}
	if (tb->len + n >= tb->size) {
		n = tb->size - 1 - tb->len;
		tb->overflow = 1;
	}
	d = tb->buf + tb->len;
	if (n <= 16)
		for (i = 0; i < n; i++)
			d[i] = s[i];
	else
		memcpy(d, s, n);
	tb->len += n;
	d[n] = '\0';
}

/* One pass: no strlen() first. */
void
tb_puts(struct textbuf *tb, const char *s)
{
	char *d, *end;

	if (tb->size == 0) {
		tb->overflow = 1;
		return;
	}
	d = tb->buf + tb->len;
	end = tb->buf + tb->size - 1;
	while (*s != '\0' && d < end)
		*d++ = *s++;
	*d = '\0';
	tb->len = (size_t)(d - tb->buf);
	if (*s != '\0')
		tb->overflow = 1;
}

/*
 * The conversions that text views make per packet, formatted here: a
 * vsnprintf() call was most of -T decode (profiled).  Only %%, %c, %s and
 * %d %u %x with an optional '0' flag, a width below 100 and the l, ll or z
 * length; %s and %c without flag or width.  At any other conversion what
 * was written is taken back and vsnprintf() formats the whole call, so the
 * text is always what C would print.
 */

static const char digits2[] =
    "00010203040506070809101112131415161718192021222324252627282930313233"
    "34353637383940414243444546474849505152535455565758596061626364656667"
    "6869707172737475767778798081828384858687888990919293949596979899";

/* The number right-aligned in width, built backwards, one write.  The
 * divisors are constants: the compiler multiplies instead of dividing. */
static void
put_num(struct textbuf *tb, unsigned long long v, int neg, int hex,
    int zero, unsigned width)
{
	char d[128];
	char *e = d + sizeof(d), *p = e;

	if (hex)
		do {
			*--p = "0123456789abcdef"[v & 15];
			v >>= 4;
		} while (v != 0);
	else if (v <= UINT32_MAX) {	/* most: cheaper arithmetic */
		uint32_t x = (uint32_t)v;

		/* two digits per division */
		while (x >= 100) {
			unsigned r = x % 100;

			x /= 100;
			*--p = digits2[2 * r + 1];
			*--p = digits2[2 * r];
		}
		if (x >= 10) {
			*--p = digits2[2 * x + 1];
			*--p = digits2[2 * x];
		} else
			*--p = (char)('0' + x);
	} else
		do {
			*--p = (char)('0' + v % 10);
			v /= 10;
		} while (v != 0);
	if (neg && !zero)
		*--p = '-';
	while ((unsigned)(e - p) + (neg && zero ? 1u : 0u) < width)
		*--p = zero ? '0' : ' ';
	if (neg && zero)
		*--p = '-';
	tb_write(tb, p, (size_t)(e - p));
}

void
tb_uint(struct textbuf *tb, unsigned long long v)
{
	put_num(tb, v, 0, 0, 0, 0);
}

/* 1 when done, 0 at a conversion left to vsnprintf(). */
static int
fmt_put(struct textbuf *tb, const char *f, va_list ap)
{
	for (; *f != '\0'; f++) {
		int zero = 0, lng = 0, flagged = 0;
		unsigned width = 0;
		const char *str;

		if (*f != '%') {	/* the run up to the next conversion */
			size_t n = 1;

			while (f[n] != '%' && f[n] != '\0')
				n++;
			tb_write(tb, f, n);
			f += n - 1;
			continue;
		}
		f++;
		if (*f == '%') {
			tb_putc(tb, '%');
			continue;
		}
		if (*f == '0') {
			zero = flagged = 1;
			f++;
		}
		if (*f >= '1' && *f <= '9') {
			flagged = 1;
			width = (unsigned)(*f++ - '0');
			if (*f >= '0' && *f <= '9')
				width = width * 10 + (unsigned)(*f++ - '0');
		}
		if (*f == 'l') {
			lng = 1;
			if (*++f == 'l') {
				lng = 2;
				f++;
			}
		} else if (*f == 'z') {
			lng = 3;
			f++;
		}
		switch (*f) {
		case 'c':
			if (flagged || lng)
				return 0;
			tb_putc(tb, (char)va_arg(ap, int));
			break;
		case 's':
			if (flagged || lng)
				return 0;
			str = va_arg(ap, const char *);
			tb_puts(tb, str != NULL ? str : "(null)");
			break;
		case 'd': {
			long long x = lng == 2 ? va_arg(ap, long long) :
			    lng == 1 ? va_arg(ap, long) :
			    lng == 3 ? (long long)va_arg(ap, ssize_t) :
			    va_arg(ap, int);
			unsigned long long m = x < 0 ?
			    0ULL - (unsigned long long)x :
			    (unsigned long long)x;

			put_num(tb, m, x < 0, 0, zero, width);
			break;
		}
		case 'u':
		case 'x': {
			unsigned long long x = lng == 2 ?
			    va_arg(ap, unsigned long long) : lng == 1 ?
			    va_arg(ap, unsigned long) : lng == 3 ?
			    va_arg(ap, size_t) : va_arg(ap, unsigned);

			put_num(tb, x, 0, *f == 'x', zero, width);
			break;
		}
		default:
			return 0;
		}
	}
	return 1;
}

void
tb_vprintf(struct textbuf *tb, const char *fmt, va_list ap)
{
	size_t room, len0 = tb->len;
	int n, ovf0 = tb->overflow, done;
	va_list aq;

	if (tb->size == 0 || tb->len + 1 >= tb->size) {
		tb->overflow = 1;
		return;
	}
	va_copy(aq, ap);
	done = fmt_put(tb, fmt, aq);
	va_end(aq);
	if (done)
		return;
	tb->len = len0;			/* take it back: C formats it all */
	tb->buf[len0] = '\0';
	tb->overflow = ovf0;
	room = tb->size - tb->len;
	n = vsnprintf(tb->buf + tb->len, room, fmt, ap);
	if (n < 0)
		return;
	if ((size_t)n >= room) {
		tb->overflow = 1;
		tb->len = tb->size - 1;
	} else
		tb->len += (size_t)n;
}

void
tb_printf(struct textbuf *tb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tb_vprintf(tb, fmt, ap);
	va_end(ap);
}

static const char hexdig[] = "0123456789abcdef";

void
tb_esc(struct textbuf *tb, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint8_t ch = p[i];

		if (ch >= 0x20 && ch < 0x7f && ch != '\\') {
			tb_putc(tb, (char)ch);
		} else {
			tb_putc(tb, '\\');
			tb_putc(tb, 'x');
			tb_putc(tb, hexdig[ch >> 4]);
			tb_putc(tb, hexdig[ch & 15]);
		}
	}
}

void
tb_hex(struct textbuf *tb, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		tb_putc(tb, hexdig[p[i] >> 4]);
		tb_putc(tb, hexdig[p[i] & 15]);
	}
}

/* Addresses are written for every printed frame: by hand, not through
 * vsnprintf, which was the largest cost of -T decode.  Same
 * text and the same cut at size - 1 as tb_printf. */
void
tb_mac(struct textbuf *tb, const uint8_t m[6])
{
	char s[18];
	unsigned i;

	for (i = 0; i < 6; i++) {
		s[3 * i] = hexdig[m[i] >> 4];
		s[3 * i + 1] = hexdig[m[i] & 15];
		s[3 * i + 2] = i < 5 ? ':' : '\0';
	}
	tb_puts(tb, s);
}

static char *
dec_octet(char *p, unsigned v)
{
	if (v >= 100)
		*p++ = (char)('0' + v / 100);
	if (v >= 10)
		*p++ = (char)('0' + v / 10 % 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

void
tb_ip4(struct textbuf *tb, uint32_t a)
{
	/* 15 characters at most ("255.255.255.255"); the spare room keeps
	 * gcc -O3, which cannot bound p - s, from failing the build with a
	 * -Warray-bounds on tb_write's long-copy branch */
	char s[24], *p = s;

	p = dec_octet(p, a >> 24);
	*p++ = '.';
	p = dec_octet(p, (a >> 16) & 255);
	*p++ = '.';
	p = dec_octet(p, (a >> 8) & 255);
	*p++ = '.';
	p = dec_octet(p, a & 255);
	tb_write(tb, s, (size_t)(p - s));
}

/* RFC 5952: lower case, no leading zeros, the longest run (>= 2) of zero
 * groups (the first one on a tie) as "::", IPv4-mapped as dotted quad. */
void
tb_ip6(struct textbuf *tb, const uint8_t a[16])
{
	unsigned g[8], i;
	int best = -1, bestlen = 0, run = -1, runlen = 0;

	for (i = 0; i < 8; i++)
		g[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
	for (i = 0; i < 8; i++) {
		if (g[i] == 0) {
			if (run < 0) {
				run = (int)i;
				runlen = 0;
			}
			runlen++;
			if (runlen > bestlen) {
				best = run;
				bestlen = runlen;
			}
		} else
			run = -1;
	}
	if (bestlen < 2)
		best = -1;
	if (best == 0 && (bestlen == 6 || (bestlen == 5 && g[5] == 0xffff))) {
		/* ::a.b.c.d (deprecated compat) or ::ffff:a.b.c.d (mapped) */
		tb_puts(tb, bestlen == 5 ? "::ffff:" : "::");
		tb_printf(tb, "%u.%u.%u.%u", a[12], a[13], a[14], a[15]);
		return;
	}
	for (i = 0; i < 8; i++) {
		if (best >= 0 && (int)i == best) {
			tb_puts(tb, "::");
			i += (unsigned)bestlen - 1;
			continue;
		}
		if (i > 0 && !(best >= 0 && (int)i == best + bestlen))
			tb_putc(tb, ':');
		tb_printf(tb, "%x", g[i]);
	}
}

const char *
tok_name(const struct tok *t, unsigned v, const char *dflt)
{
	for (; t->s != NULL; t++)
		if (t->v == v)
			return t->s;
	return dflt;
}

void
tb_tok(struct textbuf *tb, const struct tok *t, unsigned v)
{
	const char *s = tok_name(t, v, NULL);

	if (s != NULL)
		tb_printf(tb, "%s (%u)", s, v);
	else
		tb_printf(tb, "unknown (%u)", v);
}
