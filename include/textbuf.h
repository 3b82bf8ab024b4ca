/* textbuf.h - bounded text builder; escapes packet-derived bytes. */
#ifndef TS_TEXTBUF_H
#define TS_TEXTBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Text is appended into caller-owned memory and silently cut at size - 1
 * bytes (overflow is remembered).  Nothing here allocates.
 */
struct textbuf {
	char	*buf;
	size_t	 size;
	size_t	 len;
	int	 overflow;
};

void	tb_init(struct textbuf *, char *, size_t);
void	tb_reset(struct textbuf *);
void	tb_mark_full(struct textbuf *);

/* One character: inline, a line is made of many. */
static inline void
tb_putc(struct textbuf *tb, char ch)
{
	if (tb->len + 1 >= tb->size) {
		tb_mark_full(tb);
		return;
	}
	tb->buf[tb->len++] = ch;
	tb->buf[tb->len] = '\0';
}

void	tb_puts(struct textbuf *, const char *);
void	tb_printf(struct textbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	tb_vprintf(struct textbuf *, const char *, va_list);
/* An unsigned number in decimal: "%llu" without the format (per-frame
 * lines). */
void	tb_uint(struct textbuf *, unsigned long long);
/* Packet-derived bytes: printable ASCII kept, backslash and everything else
 * written as \xNN, so no byte can reach a terminal or file raw. */
void	tb_esc(struct textbuf *, const uint8_t *, size_t);
void	tb_hex(struct textbuf *, const uint8_t *, size_t);
void	tb_mac(struct textbuf *, const uint8_t mac[6]);
void	tb_ip4(struct textbuf *, uint32_t);	/* host order */
void	tb_ip6(struct textbuf *, const uint8_t a[16]);	/* RFC 5952 */
/* Name from a const table, "Name (N)" or "unknown (N)". */
struct tok {
	unsigned	 v;
	const char	*s;
};
const char *tok_name(const struct tok *, unsigned, const char *dflt);
void	tb_tok(struct textbuf *, const struct tok *, unsigned);

#endif /* TS_TEXTBUF_H */
