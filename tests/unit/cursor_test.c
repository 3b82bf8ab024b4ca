/* cursor_test.c - include/cursor.h: every accessor at every remaining
 * length, against both limits (captured bytes: TRUNCATED, protocol
 * length: MALFORMED), sticky errors, child cursors, rebase and peek. */
#include "cursor.h"
#include "unit.h"

/* Big-endian 0x1122334455667788 then more bytes. */
static const uint8_t cbuf[16] = {
	0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
	0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00
};

static uint64_t acc_u8(struct cursor *c) { return cur_u8(c); }
static uint64_t acc_u16(struct cursor *c) { return cur_u16(c); }
static uint64_t acc_u24(struct cursor *c) { return cur_u24(c); }
static uint64_t acc_u32(struct cursor *c) { return cur_u32(c); }
static uint64_t acc_u64(struct cursor *c) { return cur_u64(c); }
static uint64_t acc_le16(struct cursor *c) { return cur_le16(c); }
static uint64_t acc_le32(struct cursor *c) { return cur_le32(c); }

static uint64_t
acc_bytes5(struct cursor *c)
{
	const uint8_t *p = cur_bytes(c, 5);

	/* the pointer must address the bytes at the position read */
	return p == NULL ? 0 : (uint64_t)p[0] << 32 | (uint64_t)p[1] << 24 |
	    (uint64_t)p[2] << 16 | (uint64_t)p[3] << 8 | p[4];
}

static uint64_t
acc_copy3(struct cursor *c)
{
	uint8_t d[3] = { 0xde, 0xad, 0xbf };

	if (!cur_copy(c, d, 3))
		return d[0] == 0xde && d[1] == 0xad && d[2] == 0xbf ? 0 : 1;
	return (uint64_t)d[0] << 16 | (uint64_t)d[1] << 8 | d[2];
}

static uint64_t
acc_skip6(struct cursor *c)
{
	return (uint64_t)cur_skip(c, 6);
}

struct acc {
	const char	*name;
	size_t		 width;
	uint64_t	(*fn)(struct cursor *);
	uint64_t	 at0;	/* value read at position 0 */
	uint64_t	 at2;	/* value read at position 2 */
};

/* Values computed by hand from cbuf above. */
static const struct acc accs[] = {
	{ "u8", 1, acc_u8, 0x11, 0x33 },
	{ "u16", 2, acc_u16, 0x1122, 0x3344 },
	{ "u24", 3, acc_u24, 0x112233, 0x334455 },
	{ "u32", 4, acc_u32, 0x11223344, 0x33445566 },
	{ "u64", 8, acc_u64, 0x1122334455667788ull, 0x33445566778899aaull },
	{ "le16", 2, acc_le16, 0x2211, 0x4433 },
	{ "le32", 4, acc_le32, 0x44332211, 0x66554433 },
	{ "bytes5", 5, acc_bytes5, 0x1122334455ull, 0x3344556677ull },
	{ "copy3", 3, acc_copy3, 0x112233, 0x334455 },
	{ "skip6", 6, acc_skip6, 1, 1 },
};
#define NACC	(sizeof(accs) / sizeof(accs[0]))

/*
 * For each accessor, start position 0 or 2, and remaining r = 0..width+1:
 * (a) only the captured bytes are short: TRUNCATED;
 * (b) only the protocol limit is short: MALFORMED;
 * (c) both short: MALFORMED (the sender's lie is reported first).
 */
TEST(cursor_every_accessor_every_length)
{
	size_t i, r, start;

	for (i = 0; i < NACC; i++) {
		const struct acc *a = &accs[i];

		for (start = 0; start <= 2; start += 2) {
			uint64_t want = start ? a->at2 : a->at0;

			for (r = 0; r <= a->width + 1; r++) {
				struct cursor c;
				uint64_t v;
				int fits = r >= a->width;

				/* (a) capture short, length generous */
				c = cur_make(cbuf, start + r, 100);
				cur_skip_uncaptured(&c, start);
				v = a->fn(&c);
				if (fits) {
					CHECK(cur_ok(&c));
					CHECK_EQ(v, want);
					CHECK_EQ(cur_pos(&c), start + a->width);
				} else {
					CHECK_EQ(cur_err(&c), CUR_TRUNCATED);
					CHECK_EQ(v, 0);
					CHECK_EQ(cur_pos(&c), start);
				}
				/* (b) length short, everything captured */
				c = cur_make(cbuf, sizeof(cbuf), start + r);
				cur_skip(&c, start);
				v = a->fn(&c);
				if (fits) {
					CHECK(cur_ok(&c));
					CHECK_EQ(v, want);
				} else {
					CHECK_EQ(cur_err(&c), CUR_MALFORMED);
					CHECK_EQ(v, 0);
					CHECK_EQ(cur_pos(&c), start);
				}
				/* (c) both short */
				if (!fits) {
					struct cursor d = { cbuf, 0, start + r,
					    start + r, CUR_OK };

					cur_skip(&d, start);
					CHECK_EQ(a->fn(&d), 0);
					CHECK_EQ(cur_err(&d), CUR_MALFORMED);
				}
			}
		}
	}
}

TEST(cursor_make_clips_capture_to_length)
{
	struct cursor c = cur_make(cbuf, 16, 4);

	CHECK_EQ(c.cap, 4);
	CHECK_EQ(cur_left(&c), 4);
	CHECK_EQ(cur_avail(&c), 4);
	CHECK(cur_complete(&c));
	c = cur_make(cbuf, 4, 10);
	CHECK_EQ(cur_left(&c), 10);
	CHECK_EQ(cur_avail(&c), 4);
	CHECK(!cur_complete(&c));
	cur_u16(&c);
	CHECK_EQ(cur_left(&c), 8);
	CHECK_EQ(cur_avail(&c), 2);
}

TEST(cursor_error_is_sticky)
{
	struct cursor c = cur_make(cbuf, 3, 8);

	CHECK_EQ(cur_u32(&c), 0);		/* truncated */
	CHECK_EQ(cur_err(&c), CUR_TRUNCATED);
	CHECK_EQ(cur_u8(&c), 0);		/* would fit: still refused */
	CHECK_EQ(cur_pos(&c), 0);
	CHECK_EQ(cur_left(&c), 0);
	CHECK_EQ(cur_avail(&c), 0);
	CHECK(!cur_skip(&c, 0));
	CHECK(cur_bytes(&c, 0) == NULL);
	CHECK_EQ(cur_u64(&c), 0);		/* past the limit too */
	CHECK_EQ(cur_err(&c), CUR_TRUNCATED);	/* first error kept */
	cur_fail(&c, CUR_MALFORMED);
	CHECK_EQ(cur_err(&c), CUR_TRUNCATED);
	CHECK(!cur_skip_uncaptured(&c, 1));

	c = cur_make(cbuf, 16, 2);
	CHECK_EQ(cur_u24(&c), 0);
	CHECK_EQ(cur_err(&c), CUR_MALFORMED);
	CHECK_EQ(cur_u8(&c), 0);
	CHECK_EQ(cur_err(&c), CUR_MALFORMED);
}

TEST(cursor_u64_half_read_is_not_returned)
{
	/* 6 bytes: the first u32 succeeds inside cur_u64, the second
	 * fails; the error must stick and nothing partial leak out as ok. */
	struct cursor c = cur_make(cbuf, 6, 100);

	cur_u64(&c);
	CHECK_EQ(cur_err(&c), CUR_TRUNCATED);
}

TEST(cursor_skip_uncaptured)
{
	struct cursor c = cur_make(cbuf, 4, 10);

	CHECK(cur_skip_uncaptured(&c, 8));	/* past cap, inside lim */
	CHECK(cur_ok(&c));
	CHECK_EQ(cur_left(&c), 2);
	CHECK_EQ(cur_avail(&c), 0);
	CHECK_EQ(cur_u8(&c), 0);		/* nothing captured here */
	CHECK_EQ(cur_err(&c), CUR_TRUNCATED);
	c = cur_make(cbuf, 4, 10);
	CHECK(cur_skip_uncaptured(&c, 10));
	CHECK_EQ(cur_left(&c), 0);
	CHECK(!cur_skip_uncaptured(&c, 1));
	CHECK_EQ(cur_err(&c), CUR_MALFORMED);
}

TEST(cursor_peek_does_not_consume_or_fail)
{
	struct cursor c = cur_make(cbuf, 4, 6);
	uint8_t b = 0;
	uint16_t w = 0;

	CHECK(cur_peek_u8(&c, 3, &b));
	CHECK_EQ(b, 0x44);
	CHECK(cur_peek_u16(&c, 1, &w));
	CHECK_EQ(w, 0x2233);
	CHECK(!cur_peek_u8(&c, 4, &b));		/* not captured */
	CHECK(!cur_peek_u16(&c, 3, &w));	/* half captured */
	CHECK(!cur_peek_u8(&c, 6, &b));		/* past the limit */
	CHECK(cur_ok(&c));
	CHECK_EQ(cur_pos(&c), 0);
	cur_fail(&c, CUR_MALFORMED);
	CHECK(!cur_peek_u8(&c, 0, &b));		/* errored cursor */
}

TEST(cursor_sub_bounds_child_and_skips_parent)
{
	struct cursor p = cur_make(cbuf, 6, 10), s;

	cur_u8(&p);
	s = cur_sub(&p, 4);		/* bytes 1..4, all captured */
	CHECK(cur_ok(&p));
	CHECK_EQ(cur_pos(&p), 5);
	CHECK_EQ(cur_left(&s), 4);
	CHECK_EQ(cur_u32(&s), 0x22334455);
	CHECK_EQ(cur_u8(&s), 0);	/* past the child's length */
	CHECK_EQ(cur_err(&s), CUR_MALFORMED);
	CHECK(cur_ok(&p));		/* the parent does not care */

	s = cur_sub(&p, 4);		/* bytes 5..8, only 5 captured */
	CHECK(cur_ok(&p));
	CHECK_EQ(cur_pos(&p), 9);
	CHECK_EQ(cur_avail(&s), 1);
	CHECK_EQ(cur_u8(&s), 0x66);
	CHECK_EQ(cur_u8(&s), 0);
	CHECK_EQ(cur_err(&s), CUR_TRUNCATED);

	s = cur_sub(&p, 2);		/* one byte left in the parent */
	CHECK_EQ(cur_err(&p), CUR_MALFORMED);
	CHECK_EQ(cur_err(&s), CUR_MALFORMED);
	s = cur_sub(&p, 0);		/* errored parent: errored child */
	CHECK_EQ(cur_err(&s), CUR_MALFORMED);
}

TEST(cursor_sub_zero_and_exact)
{
	struct cursor p = cur_make(cbuf, 16, 3), s;

	s = cur_sub(&p, 0);
	CHECK(cur_ok(&s));
	CHECK_EQ(cur_left(&s), 0);
	s = cur_sub(&p, 3);
	CHECK(cur_ok(&p));
	CHECK_EQ(cur_u24(&s), 0x112233);
	CHECK(cur_ok(&s));
	CHECK_EQ(cur_left(&p), 0);
}

TEST(cursor_rest_takes_everything_left)
{
	struct cursor p = cur_make(cbuf, 5, 8), s;

	cur_u16(&p);
	s = cur_rest(&p);
	CHECK_EQ(cur_left(&s), 6);
	CHECK_EQ(cur_avail(&s), 3);
	CHECK_EQ(cur_left(&p), 0);
	CHECK(cur_ok(&p));
	CHECK_EQ(cur_u24(&s), 0x334455);
	CHECK_EQ(cur_u8(&s), 0);
	CHECK_EQ(cur_err(&s), CUR_TRUNCATED);
}

TEST(cursor_limit_narrows_not_widens)
{
	struct cursor c = cur_make(cbuf, 16, 10);

	cur_u16(&c);
	CHECK(cur_limit(&c, 4));	/* bytes 2..5; 6.. is padding */
	CHECK_EQ(cur_left(&c), 4);
	CHECK_EQ(cur_avail(&c), 4);
	CHECK_EQ(cur_u32(&c), 0x33445566);
	CHECK_EQ(cur_u8(&c), 0);
	CHECK_EQ(cur_err(&c), CUR_MALFORMED);

	c = cur_make(cbuf, 16, 10);
	cur_u16(&c);
	CHECK(!cur_limit(&c, 9));	/* more than the 8 left: a lie */
	CHECK_EQ(cur_err(&c), CUR_MALFORMED);

	c = cur_make(cbuf, 3, 10);	/* capture cut before the limit */
	CHECK(cur_limit(&c, 6));
	CHECK_EQ(cur_left(&c), 6);
	CHECK_EQ(cur_avail(&c), 3);
	CHECK(!cur_complete(&c));
	CHECK(cur_limit(&c, 2));	/* narrower than the capture */
	CHECK_EQ(cur_avail(&c), 2);
	CHECK(cur_complete(&c));
	c.err = CUR_TRUNCATED;
	CHECK(!cur_limit(&c, 1));	/* errored cursor */
}

TEST(cursor_rebase_starts_at_position)
{
	struct cursor c = cur_make(cbuf, 6, 9), r;

	cur_u16(&c);
	r = cur_rebase(&c);
	CHECK(r.base == cbuf + 2);
	CHECK_EQ(cur_pos(&r), 0);
	CHECK_EQ(cur_left(&r), 7);
	CHECK_EQ(cur_avail(&r), 4);
	CHECK_EQ(cur_u32(&r), 0x33445566);
	CHECK_EQ(cur_u8(&r), 0);
	CHECK_EQ(cur_err(&r), CUR_TRUNCATED);

	/* position past the capture: no pointer beyond the bytes */
	c = cur_make(cbuf, 4, 9);
	cur_skip_uncaptured(&c, 7);
	r = cur_rebase(&c);
	CHECK(r.base == cbuf + 4);
	CHECK_EQ(r.cap, 0);
	CHECK_EQ(cur_left(&r), 2);
	CHECK_EQ(cur_u8(&r), 0);
	CHECK_EQ(cur_err(&r), CUR_TRUNCATED);

	/* an error carries over */
	c = cur_make(cbuf, 4, 9);
	cur_fail(&c, CUR_MALFORMED);
	r = cur_rebase(&c);
	CHECK_EQ(cur_err(&r), CUR_MALFORMED);
}
