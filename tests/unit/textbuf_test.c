/* textbuf_test.c - the bounded text builder (textbuf.h).
 *
 * tb_printf formats the common conversions itself; the truth it must
 * match is the C library's snprintf() on the same format and arguments,
 * for every buffer size from 0 up (truncation), including the formats it
 * hands on to vsnprintf() whole.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "unit.h"
#include "textbuf.h"

#define MAXB	96

/* The text of tb_printf into every buffer size, against snprintf. */
#define SAME(...) do {							\
	char want[MAXB], got[MAXB];					\
	struct textbuf tb;						\
	size_t sz;							\
	int full = snprintf(want, sizeof(want), __VA_ARGS__);		\
									\
	for (sz = 1; sz <= MAXB; sz++) {				\
		char w2[MAXB];						\
									\
		snprintf(w2, sz, __VA_ARGS__);				\
		tb_init(&tb, got, sz);					\
		tb_printf(&tb, __VA_ARGS__);				\
		/* (a buffer with no room left counts as full) */	\
		if (strcmp(got, w2) != 0 || (sz > 1 &&			\
		    tb.overflow != ((size_t)full >= sz)))		\
			unit_fail(__FILE__, __LINE__, "size %zu: "	\
			    "\"%s\" want \"%s\"", sz, got, w2);		\
	}								\
	(void)want;							\
} while (0)

TEST(textbuf_printf_matches_snprintf)
{
	SAME("%u", 0u);
	SAME("%u", 4294967295u);
	SAME("%d", 0);
	SAME("%d", -1);
	SAME("%d", INT_MIN);
	SAME("%d", INT_MAX);
	SAME("%05d", -42);
	SAME("%5d", -42);
	SAME("%02x", 0xau);
	SAME("%02x", 0x1abu);
	SAME("%04x", 0xbeefu);
	SAME("%08x", 0xdeadbeefu);
	SAME("%x", 0u);
	SAME("%llu", 18446744073709551615ULL);
	SAME("%lld", LLONG_MIN);
	SAME("%06lld", -123LL);
	SAME("%09lld", 1234567LL);
	SAME("%lu", 123456789UL);
	SAME("%ld", -5L);
	SAME("%zu", (size_t)99999);
	SAME("%zd", (ssize_t)-99999);
	SAME("%5zd", (ssize_t)-12);
	SAME("%02u", 7u);
	SAME("%10u|%3u|%1u", 42u, 12345u, 9u);
	SAME("%s", "hello");
	SAME("%s", "");
	SAME("[%s]:%s", "2001:db8::1", "179");
	SAME("%c%c", 'a', 'Z');
	SAME("100%% of %u", 3u);
	SAME("AS %u, %s%u %llu-%llu", 65000u, ",", 1u, 5ULL, 9ULL);
	SAME("no conversion at all");
	/* handed on whole: precision, '-', '*', floating point */
	SAME("%.3f s", 1.25);
	SAME("%-7s|", "ab");
	SAME("%*s|", 4, "x");
	SAME("%u and %.1f", 5u, 2.5);
	SAME("%-10s %u", "left", 3u);
}

TEST(textbuf_printf_appends_and_stays_full)
{
	char buf[8];
	struct textbuf tb;

	tb_init(&tb, buf, sizeof(buf));
	tb_puts(&tb, "ab");
	tb_printf(&tb, "%u", 123u);
	CHECK(strcmp(buf, "ab123") == 0);
	CHECK(!tb.overflow);
	tb_printf(&tb, "%s", "xyz");
	CHECK(strcmp(buf, "ab123xy") == 0);
	CHECK(tb.overflow);
	tb_printf(&tb, "%u", 9u);
	CHECK(strcmp(buf, "ab123xy") == 0);
	CHECK_EQ(tb.len, 7);
}

TEST(textbuf_uint_matches_llu)
{
	static const unsigned long long v[] = { 0, 7, 10, 65535, 4294967295ULL,
	    4294967296ULL, 18446744073709551615ULL };
	char want[32], got[32];
	struct textbuf tb;
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		snprintf(want, sizeof(want), "%llu", v[i]);
		tb_init(&tb, got, sizeof(got));
		tb_uint(&tb, v[i]);
		CHECK(strcmp(got, want) == 0);
	}
	tb_init(&tb, got, 4);		/* cut like snprintf */
	tb_uint(&tb, 123456u);
	CHECK(strcmp(got, "123") == 0);
	CHECK(tb.overflow);
}

/* Numbers are built two digits at a time: every value to 100000 and each
 * side of every power of ten against the C library. */
TEST(textbuf_uint_every_digit_count)
{
	char want[32], got[32];
	struct textbuf tb;
	unsigned long long v, p;
	unsigned bad = 0;

	for (v = 0; v <= 100000; v++) {
		snprintf(want, sizeof(want), "%llu", v);
		tb_init(&tb, got, sizeof(got));
		tb_uint(&tb, v);
		bad += strcmp(got, want) != 0;
	}
	for (p = 10; p <= 10000000000000000000ULL; p *= 10) {
		for (v = p - 1; v <= p + 1; v++) {
			snprintf(want, sizeof(want), "%llu", v);
			tb_init(&tb, got, sizeof(got));
			tb_uint(&tb, v);
			bad += strcmp(got, want) != 0;
		}
		if (p > 18446744073709551615ULL / 10)
			break;
	}
	CHECK_EQ(bad, 0);
}

/* tb_puts copies in one pass: the same text and the same cut as
 * snprintf("%s") at every buffer size, appended after a prefix. */
TEST(textbuf_puts_cut_like_snprintf)
{
	static const char *const s[] = { "", "x", "sixteen-chars-ab",
	    "a string longer than sixteen bytes, copied whole" };
	char want[80], got[80];
	struct textbuf tb;
	size_t i, size;
	unsigned bad = 0;

	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		for (size = 1; size <= sizeof(got); size++) {
			int n = snprintf(want, size, "ab%s", s[i]);

			tb_init(&tb, got, size);
			tb_puts(&tb, "ab");
			tb_puts(&tb, s[i]);
			bad += strcmp(got, want) != 0 ||
			    tb.len != strlen(want) ||
			    tb.overflow != ((size_t)n >= size);
		}
	CHECK_EQ(bad, 0);
}
