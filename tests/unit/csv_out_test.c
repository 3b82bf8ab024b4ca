/* csv_out_test.c - the report's CSV writer: libcsv quoting, CRLF rows,
 * escaping and formula neutralisation of text, numbers left alone.
 * Expected bytes are written by hand from RFC 4180 §2 (quotes doubled,
 * CRLF) and the OWASP CSV-injection rule (leading = + - @ TAB CR). */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

#include "csv_out.h"
#include "textbuf.h"
#include "unit.h"

struct mem {
	char	*buf;
	size_t	 len;
	FILE	*fp;
};

static void
mem_open(struct mem *m, struct csv_out *c)
{
	m->buf = NULL;
	m->len = 0;
	m->fp = open_memstream(&m->buf, &m->len);
	csv_out_init(c, m->fp);
}

static void
mem_close(struct mem *m)
{
	fclose(m->fp);
}

static const char *
esc(const char *s)
{
	static char buf[512];
	struct textbuf tb;

	tb_init(&tb, buf, sizeof(buf));
	csv_text_escape(&tb, s, strlen(s));
	return buf;
}

TEST(csv_out_quotes_every_field_crlf_header)
{
	static const char *const cols[] = { "ts", "rule", "count" };
	struct csv_out c;
	struct mem m;

	mem_open(&m, &c);
	csv_out_header(&c, cols, 3);
	CHECK_EQ(csv_out_end_row(&c), 0);
	csv_out_text(&c, "a,b");
	csv_out_text(&c, "say \"hi\"");
	csv_out_u64(&c, 42);
	CHECK_EQ(csv_out_end_row(&c), 0);
	CHECK_EQ(csv_out_flush(&c), 0);
	mem_close(&m);
	CHECK_STR(m.buf, "\"ts\",\"rule\",\"count\"\r\n"
	    "\"a,b\",\"say \"\"hi\"\"\",\"42\"\r\n");
	CHECK_EQ(c.rows, 1);
	free(m.buf);
}

TEST(csv_out_row_width_must_match_header)
{
	static const char *const cols[] = { "a", "b" };
	struct csv_out c;
	struct mem m;

	mem_open(&m, &c);
	csv_out_header(&c, cols, 1);
	csv_out_header(&c, cols + 1, 1);	/* appended names */
	CHECK_EQ(csv_out_end_row(&c), 0);
	CHECK_EQ(c.ncols, 2);
	csv_out_empty(&c);
	CHECK(csv_out_end_row(&c) < 0);
	CHECK_EQ(c.schema, 1);
	mem_close(&m);
	free(m.buf);
}

TEST(csv_out_neutralises_each_formula_lead)
{
	CHECK_STR(esc("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
	CHECK_STR(esc("+1"), "'+1");
	CHECK_STR(esc("-2+3"), "'-2+3");
	CHECK_STR(esc("@SUM(A1)"), "'@SUM(A1)");
	CHECK_STR(esc("\t=1"), "'\\x09=1");
	CHECK_STR(esc("\r=1"), "'\\x0d=1");
	/* only the first byte matters; harmless leads untouched */
	CHECK_STR(esc("a=b-c"), "a=b-c");
	CHECK_STR(esc(" =1"), " =1");
	CHECK_STR(esc("'quoted"), "'quoted");
	CHECK_STR(esc(""), "");
}

TEST(csv_out_escapes_control_and_non_ascii)
{
	CHECK_STR(esc("a\nb"), "a\\x0ab");
	CHECK_STR(esc("x\r\ny"), "x\\x0d\\x0ay");
	CHECK_STR(esc("nul\x01\x1f\x7f"), "nul\\x01\\x1f\\x7f");
	CHECK_STR(esc("back\\slash"), "back\\x5cslash");
	CHECK_STR(esc("caf\xc3\xa9"), "caf\\xc3\\xa9");
	/* an embedded NUL is data, not the end */
	{
		char buf[64];
		struct textbuf tb;

		tb_init(&tb, buf, sizeof(buf));
		csv_text_escape(&tb, "a\0b", 3);
		CHECK_STR(buf, "a\\x00b");
	}
}

TEST(csv_out_text_field_through_libcsv)
{
	struct csv_out c;
	struct mem m;

	mem_open(&m, &c);
	csv_out_text(&c, "=cmd|' /C calc'!A0");
	csv_out_text(&c, "line1\r\nline2,\"q\"");
	csv_out_text(&c, NULL);
	csv_out_end_row(&c);
	mem_close(&m);
	CHECK_STR(m.buf, "\"'=cmd|' /C calc'!A0\","
	    "\"line1\\x0d\\x0aline2,\"\"q\"\"\",\"\"\r\n");
	free(m.buf);
}

TEST(csv_out_numbers_untouched)
{
	struct csv_out c;
	struct mem m;

	mem_open(&m, &c);
	csv_out_i64(&c, -5);
	csv_out_u64(&c, 18446744073709551615ULL);
	csv_out_num(&c, "-1.5");
	csv_out_num(&c, "+7");
	csv_out_num(&c, "=1+1");	/* not a number: neutralised as text */
	csv_out_num(&c, "1.");
	csv_out_epoch(&c, 1795510800000001000LL, 6);
	csv_out_epoch(&c, -500000000LL, 9);
	csv_out_ts(&c, 1795510800000001000LL, 6);
	csv_out_ts(&c, 1795510800123456789LL, 9);
	csv_out_end_row(&c);
	mem_close(&m);
	/* 1795510800 = 2026-11-24T09:00:00Z (captures/README.md epoch) */
	CHECK_STR(m.buf, "\"-5\",\"18446744073709551615\",\"-1.5\",\"+7\","
	    "\"'=1+1\",\"1.\",\"1795510800.000001\",\"-0.500000000\","
	    "\"2026-11-24T09:00:00.000001Z\","
	    "\"2026-11-24T09:00:00.123456789Z\"\r\n");
	free(m.buf);
}

/* Round trip: libcsv's own strict parser gives back the escaped text. */
struct rt {
	int	 fields, rows;
	char	 f[8][128];
};

static void
rt_field(void *s, size_t n, void *arg)
{
	struct rt *r = arg;

	if (r->fields < 8 && n < 128) {
		memcpy(r->f[r->fields], s, n);
		r->f[r->fields][n] = '\0';
	}
	r->fields++;
}

static void
rt_row(int ch, void *arg)
{
	struct rt *r = arg;

	(void)ch;
	r->rows++;
}

TEST(csv_out_round_trips_strict_libcsv)
{
	struct csv_parser p;
	struct csv_out c;
	struct mem m;
	struct rt r;

	mem_open(&m, &c);
	csv_out_text(&c, "a \"b\", c");
	csv_out_text(&c, "@x\ny");
	csv_out_u64(&c, 7);
	csv_out_end_row(&c);
	mem_close(&m);
	memset(&r, 0, sizeof(r));
	CHECK_EQ(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
	CHECK_EQ(csv_parse(&p, m.buf, m.len, rt_field, rt_row, &r), m.len);
	CHECK_EQ(csv_fini(&p, rt_field, rt_row, &r), 0);
	csv_free(&p);
	CHECK_EQ(r.rows, 1);
	CHECK_EQ(r.fields, 3);
	CHECK_STR(r.f[0], "a \"b\", c");
	CHECK_STR(r.f[1], "'@x\\x0ay");
	CHECK_STR(r.f[2], "7");
	free(m.buf);
}

TEST(csv_out_write_error_is_sticky)
{
	struct csv_out c;
	FILE *fp = fopen("/dev/full", "w");

	if (fp == NULL)
		return;		/* no /dev/full here */
	setvbuf(fp, NULL, _IONBF, 0);
	csv_out_init(&c, fp);
	csv_out_text(&c, "x");
	CHECK(csv_out_end_row(&c) < 0 || csv_out_flush(&c) < 0);
	CHECK(csv_out_error(&c) != 0);
	fclose(fp);
}
