/* cksum_test.c - cksum_data against RFC 1071 and hand-computed sums. */
#include "unit.h"
#include "cksum.h"

/* RFC 1071 §3 numerical example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2
 * (2ddf0 with carries, folded). */
TEST(cksum_rfc1071_example)
{
	static const uint8_t b[8] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5,
	    0xf6, 0xf7 };

	CHECK_EQ(cksum_data(b, 8), 0xddf2u);
	/* any start offset parity of the buffer: copy to an odd address */
	{
		uint8_t u[9];

		memcpy(u + 1, b, 8);
		CHECK_EQ(cksum_data(u + 1, 8), 0xddf2u);
	}
}

/* Odd length: the last byte is the high byte of a zero-padded word.
 * 0x0001 + 0xf203 + 0xf400 = 0x1e604 -> 0xe605. */
TEST(cksum_odd_and_short_lengths)
{
	static const uint8_t b[5] = { 0x00, 0x01, 0xf2, 0x03, 0xf4 };
	static const uint8_t one[1] = { 0xab };

	CHECK_EQ(cksum_data(b, 5), 0xe605u);
	/* 0x0001 + 0xf203 = 0xf204 */
	CHECK_EQ(cksum_data(b, 4), 0xf204u);
	CHECK_EQ(cksum_data(one, 1), 0xab00u);
	CHECK_EQ(cksum_data(one, 0), 0u);
}

/* Words and tail together: the RFC 1071 bytes then the 5 above,
 * ddf2 + e605 = 1c3f7 -> c3f8. */
TEST(cksum_words_and_tail)
{
	static const uint8_t b[13] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5,
	    0xf6, 0xf7, 0x00, 0x01, 0xf2, 0x03, 0xf4 };

	CHECK_EQ(cksum_data(b, 13), 0xc3f8u);
}

/* All ones: a sum that folds to ffff, never to 0. */
TEST(cksum_all_ones)
{
	uint8_t b[64];

	memset(b, 0xff, sizeof(b));
	CHECK_EQ(cksum_data(b, sizeof(b)), 0xffffu);
	memset(b, 0, sizeof(b));
	CHECK_EQ(cksum_data(b, sizeof(b)), 0u);
}

/* RFC 1071 §4.1's loop, 16 bits at a time: the reference for every
 * length 0..600 and 65535, at even and odd addresses, on pseudo-random
 * bytes and on all-0xff runs (the largest carries). */
static uint32_t
ref_sum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;

	for (; n > 1; p += 2, n -= 2)
		s += (uint32_t)p[0] << 8 | p[1];
	if (n > 0)
		s += (uint32_t)p[0] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return s;
}

TEST(cksum_matches_rfc1071_loop)
{
	static uint8_t b[65536 + 1];
	uint32_t x = 2463534242u;
	size_t n, off, i, bad = 0;

	for (i = 0; i < sizeof(b); i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		b[i] = (uint8_t)x;
	}
	for (off = 0; off < 2; off++) {
		for (n = 0; n <= 600; n++)
			if (cksum_data(b + off, n) != ref_sum(b + off, n))
				bad++;
		if (cksum_data(b + off, 65535) != ref_sum(b + off, 65535))
			bad++;
	}
	memset(b, 0xff, sizeof(b));
	for (n = 0; n <= 600; n += 7)
		if (cksum_data(b + 1, n) != ref_sum(b + 1, n))
			bad++;
	if (cksum_data(b, 65536) != ref_sum(b, 65536))
		bad++;
	CHECK_EQ(bad, 0);
}
