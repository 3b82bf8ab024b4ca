/* cursor.h - bounds-checked, zero-copy reader over untrusted packet bytes.
 *
 * Every read of packet memory in tunnelscope goes through a cursor.  A
 * cursor has two limits:
 *
 *   cap  end of the bytes that were actually captured (snaplen), and
 *   lim  end of the unit as the protocol's own length field says.
 *
 * A read that crosses lim is MALFORMED: the sender's length fields lie.  A
 * read that stays inside lim but crosses cap is TRUNCATED: the capture cut
 * the packet short, which is never the peer's fault.  The first error is
 * sticky: once set, every accessor returns 0 / NULL and the position no
 * longer moves, so a parser may read a whole header and test cur_ok() once.
 *
 * Positions are offsets from a base pointer, never pointers past the end of
 * the buffer, so no out-of-range pointer is ever formed.  Child cursors
 * (cur_sub) bound every TLV, AVP and attribute to its own length.
 */
#ifndef TS_CURSOR_H
#define TS_CURSOR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum cur_err {
	CUR_OK = 0,
	CUR_TRUNCATED = 1,	/* ran past the captured bytes */
	CUR_MALFORMED = 2,	/* ran past the protocol's own length */
};

struct cursor {
	const uint8_t	*base;	/* first byte this cursor may address */
	size_t		 pos;	/* next byte to read, offset from base */
	size_t		 cap;	/* captured bytes available from base */
	size_t		 lim;	/* protocol length from base (may exceed cap) */
	int		 err;	/* enum cur_err, sticky */
};

/* A cursor over caplen captured bytes of a unit whose length is len. */
static inline struct cursor
cur_make(const uint8_t *base, size_t caplen, size_t len)
{
	struct cursor c = { base, 0, caplen, len, CUR_OK };

	if (caplen > len)	/* bytes beyond the unit are not part of it */
		c.cap = len;
	return c;
}

static inline int cur_ok(const struct cursor *c) { return c->err == CUR_OK; }
static inline int cur_err(const struct cursor *c) { return c->err; }
static inline size_t cur_pos(const struct cursor *c) { return c->pos; }

/* Bytes left before the protocol limit (some may not be captured). */
static inline size_t
cur_left(const struct cursor *c)
{
	return c->err || c->pos >= c->lim ? 0 : c->lim - c->pos;
}

/* Bytes left that were actually captured (never more than cur_left). */
static inline size_t
cur_avail(const struct cursor *c)
{
	size_t end = c->cap < c->lim ? c->cap : c->lim;

	return c->err || c->pos >= end ? 0 : end - c->pos;
}

/* True when every byte up to the protocol limit was captured. */
static inline int
cur_complete(const struct cursor *c)
{
	return c->cap >= c->lim;
}

static inline void
cur_fail(struct cursor *c, int err)
{
	if (c->err == CUR_OK)
		c->err = err;
}

/* Check that n more bytes can be read; set the sticky error if not. */
static inline int
cur_need(struct cursor *c, size_t n)
{
	if (c->err)
		return 0;
	if (n > c->lim - c->pos || c->pos > c->lim) {
		c->err = CUR_MALFORMED;
		return 0;
	}
	if (c->pos > c->cap || n > c->cap - c->pos) {
		c->err = CUR_TRUNCATED;
		return 0;
	}
	return 1;
}

static inline uint8_t
cur_u8(struct cursor *c)
{
	if (!cur_need(c, 1))
		return 0;
	return c->base[c->pos++];
}

static inline uint16_t
cur_u16(struct cursor *c)
{
	const uint8_t *p;

	if (!cur_need(c, 2))
		return 0;
	p = c->base + c->pos;
	c->pos += 2;
	return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static inline uint32_t
cur_u24(struct cursor *c)
{
	const uint8_t *p;

	if (!cur_need(c, 3))
		return 0;
	p = c->base + c->pos;
	c->pos += 3;
	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

static inline uint32_t
cur_u32(struct cursor *c)
{
	const uint8_t *p;

	if (!cur_need(c, 4))
		return 0;
	p = c->base + c->pos;
	c->pos += 4;
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t
cur_u64(struct cursor *c)
{
	uint64_t hi;

	if (!cur_need(c, 8))	/* all or nothing: no half read */
		return 0;
	hi = cur_u32(c);
	return hi << 32 | cur_u32(c);
}

/* Little-endian reads, for capture-file and cooked-header fields only. */
static inline uint16_t
cur_le16(struct cursor *c)
{
	const uint8_t *p;

	if (!cur_need(c, 2))
		return 0;
	p = c->base + c->pos;
	c->pos += 2;
	return (uint16_t)((unsigned)p[1] << 8 | p[0]);
}

static inline uint32_t
cur_le32(struct cursor *c)
{
	const uint8_t *p;

	if (!cur_need(c, 4))
		return 0;
	p = c->base + c->pos;
	c->pos += 4;
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[1] << 8 | p[0];
}

/* Zero-copy: a pointer to the next n bytes, or NULL (error set). */
static inline const uint8_t *
cur_bytes(struct cursor *c, size_t n)
{
	const uint8_t *p;

	if (!cur_need(c, n))
		return NULL;
	p = c->base + c->pos;
	c->pos += n;
	return p;
}

/* Copy n bytes out (for small fixed fields such as addresses). */
static inline int
cur_copy(struct cursor *c, void *dst, size_t n)
{
	const uint8_t *p = cur_bytes(c, n);

	if (p == NULL)
		return 0;
	memcpy(dst, p, n);	/* constant n at most calls: a move or two */
	return 1;
}

static inline int
cur_skip(struct cursor *c, size_t n)
{
	if (!cur_need(c, n))
		return 0;
	c->pos += n;
	return 1;
}

/*
 * Skip n bytes that need not have been captured (a payload we only count):
 * only the protocol limit is checked.
 */
static inline int
cur_skip_uncaptured(struct cursor *c, size_t n)
{
	if (c->err)
		return 0;
	if (c->pos > c->lim || n > c->lim - c->pos) {
		c->err = CUR_MALFORMED;
		return 0;
	}
	c->pos += n;
	return 1;
}

/* Look at the byte at offset off from the position without consuming. */
static inline int
cur_peek_u8(const struct cursor *c, size_t off, uint8_t *out)
{
	struct cursor t = *c;

	if (!cur_skip(&t, off))
		return 0;
	*out = cur_u8(&t);
	return cur_ok(&t);
}

static inline int
cur_peek_u16(const struct cursor *c, size_t off, uint16_t *out)
{
	struct cursor t = *c;

	if (!cur_skip(&t, off))
		return 0;
	*out = cur_u16(&t);
	return cur_ok(&t);
}

/*
 * A child cursor over the next n bytes; the parent moves past them.  When
 * n crosses the parent's protocol limit both parent and child are
 * MALFORMED.  Bytes of the child that were not captured make the child's
 * reads TRUNCATED, not the parent's skip: the parent only skips.
 */
static inline struct cursor
cur_sub(struct cursor *c, size_t n)
{
	struct cursor s = { c->base, c->pos, c->cap, c->pos, CUR_OK };

	if (c->err) {
		s.err = c->err;
		return s;
	}
	if (c->pos > c->lim || n > c->lim - c->pos) {
		c->err = s.err = CUR_MALFORMED;
		return s;
	}
	s.lim = c->pos + n;
	if (s.cap > s.lim)
		s.cap = s.lim;
	c->pos += n;
	return s;
}

/* A child cursor over everything left up to the protocol limit. */
static inline struct cursor
cur_rest(struct cursor *c)
{
	return cur_sub(c, cur_left(c));
}

/* The child's bytes as a new cursor based at its own first byte. */
static inline struct cursor
cur_rebase(const struct cursor *c)
{
	struct cursor s = { c->base + (c->pos < c->cap ? c->pos : c->cap),
	    0, 0, 0, c->err };

	if (c->pos < c->cap)
		s.cap = c->cap - c->pos;
	if (c->pos < c->lim)
		s.lim = c->lim - c->pos;
	return s;
}

/*
 * Narrow the protocol limit to n bytes from the current position (an IPv4
 * total length shorter than the frame: the rest is link padding).  A limit
 * beyond the current one is a lie by the sender: MALFORMED.
 */
static inline int
cur_limit(struct cursor *c, size_t n)
{
	if (c->err)
		return 0;
	if (c->pos > c->lim || n > c->lim - c->pos) {
		c->err = CUR_MALFORMED;
		return 0;
	}
	c->lim = c->pos + n;
	if (c->cap > c->lim)
		c->cap = c->lim;
	return 1;
}

#endif /* TS_CURSOR_H */
