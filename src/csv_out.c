/* csv_out.c - CSV fields through libcsv: quoting (RFC 4180), CRLF rows,
 * control-byte escaping and formula neutralisation of text fields (OWASP
 * "CSV injection"; libcsv does neither). */
#include <csv.h>
#include <errno.h>
#include <string.h>

#include "csv_out.h"
#include "textbuf.h"
#include "timefmt.h"

void
csv_out_init(struct csv_out *c, FILE *fp)
{
	memset(c, 0, sizeof(*c));
	c->fp = fp;
}

int
csv_out_error(const struct csv_out *c)
{
	return c->err;
}

static void
fail(struct csv_out *c)
{
	if (c->err == 0)
		c->err = errno != 0 ? errno : EIO;
}

/* One field: separator, then libcsv's quoted copy. */
static void
field(struct csv_out *c, const void *p, size_t n)
{
	if (c->err != 0)
		return;
	errno = 0;
	if ((c->nfield > 0 && putc(',', c->fp) == EOF) ||
	    csv_fwrite(c->fp, p, n) != 0) {
		fail(c);
		return;
	}
	c->nfield++;
}

void
csv_out_header(struct csv_out *c, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		field(c, names[i], strlen(names[i]));
}

static const char hexdig[] = "0123456789abcdef";

void
csv_text_escape(struct textbuf *tb, const void *src, size_t n)
{
	const uint8_t *p = src;
	size_t i;

	/* A spreadsheet evaluates a cell that starts with one of these (TAB
	 * and CR are stripped first by some); the apostrophe makes it text. */
	if (n > 0 && (p[0] == '=' || p[0] == '+' || p[0] == '-' ||
	    p[0] == '@' || p[0] == '\t' || p[0] == '\r'))
		tb_putc(tb, '\'');
	for (i = 0; i < n; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\')
			tb_putc(tb, (char)p[i]);
		else {
			tb_putc(tb, '\\');
			tb_putc(tb, 'x');
			tb_putc(tb, hexdig[p[i] >> 4]);
			tb_putc(tb, hexdig[p[i] & 15]);
		}
	}
}

void
csv_out_textn(struct csv_out *c, const void *p, size_t n)
{
	char buf[CSV_OUT_FIELD_MAX];
	struct textbuf tb;

	tb_init(&tb, buf, sizeof(buf));
	csv_text_escape(&tb, p, n);
	field(c, tb.buf, tb.len);
}

void
csv_out_text(struct csv_out *c, const char *s)
{
	if (s == NULL)
		s = "";
	csv_out_textn(c, s, strlen(s));
}

void
csv_out_u64(struct csv_out *c, uint64_t v)
{
	char buf[24];
	int n = snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);

	field(c, buf, (size_t)n);
}

void
csv_out_i64(struct csv_out *c, int64_t v)
{
	char buf[24];
	int n = snprintf(buf, sizeof(buf), "%lld", (long long)v);

	field(c, buf, (size_t)n);
}

static int
numeric(const char *s)
{
	int digits = 0, dot = 0;

	if (*s == '-' || *s == '+')
		s++;
	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (*s == '.' && !dot && digits > 0)
			dot = 1;
		else
			return 0;
	}
	return digits > 0 && s[-1] != '.';
}

void
csv_out_num(struct csv_out *c, const char *s)
{
	if (s != NULL && numeric(s))
		field(c, s, strlen(s));
	else
		csv_out_text(c, s);
}

void
csv_out_ts(struct csv_out *c, int64_t ns, int digits)
{
	char buf[64];
	struct textbuf tb;

	tb_init(&tb, buf, sizeof(buf));
	tb_ts(&tb, ns, TSF_RFC3339, 0, digits);
	field(c, tb.buf, tb.len);
}

void
csv_out_epoch(struct csv_out *c, int64_t ns, int digits)
{
	char buf[64];
	struct textbuf tb;

	tb_init(&tb, buf, sizeof(buf));
	tb_ts(&tb, ns, TSF_EPOCH, 0, digits);
	field(c, tb.buf, tb.len);
}

void
csv_out_empty(struct csv_out *c)
{
	field(c, "", 0);
}

int
csv_out_end_row(struct csv_out *c)
{
	size_t n = c->nfield;

	c->nfield = 0;
	if (c->err != 0)
		return -1;
	errno = 0;
	if (fputs("\r\n", c->fp) == EOF) {
		fail(c);
		return -1;
	}
	if (c->ncols == 0) {
		c->ncols = n;
		return 0;
	}
	c->rows++;
	if (n != c->ncols) {
		c->schema = 1;
		return -1;
	}
	return 0;
}

int
csv_out_flush(struct csv_out *c)
{
	if (c->err == 0) {
		errno = 0;
		if (fflush(c->fp) != 0 || ferror(c->fp))
			fail(c);
	}
	return c->err != 0 ? -1 : 0;
}
