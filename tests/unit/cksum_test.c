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
