/* hash_test.c - the state tables' key hash and key equality (hash.h).
 *
 * bytes_eq must agree with memcmp() == 0 for every length and every
 * position of a difference, inside and past the 8-byte words; equal keys
 * must hash alike and the length must take part in the hash.
 */
#include <string.h>

#include "unit.h"
#include "hash.h"

TEST(hash_bytes_eq_every_length_and_position)
{
	uint8_t a[72], b[72];
	size_t n, i, bad = 0;

	for (i = 0; i < sizeof(a); i++)
		a[i] = (uint8_t)(i * 37 + 11);
	for (n = 0; n <= 64; n++) {
		memcpy(b, a, sizeof(b));
		if (!bytes_eq(a, b, n))
			bad++;
		for (i = 0; i < n; i++) {
			b[i] ^= 0x40;
			if (bytes_eq(a, b, n))
				bad++;
			b[i] ^= 0x40;
		}
		/* a difference just past n is not looked at */
		b[n] ^= 0x01;
		if (!bytes_eq(a, b, n))
			bad++;
	}
	CHECK_EQ(bad, 0);
}

TEST(hash_bytes_equal_keys_alike)
{
	uint8_t a[44], b[44];

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	a[3] = b[3] = 7;
	CHECK_EQ(hash_bytes(a, sizeof(a), 0), hash_bytes(b, sizeof(b), 0));
	b[43] = 1;
	CHECK(hash_bytes(a, sizeof(a), 0) != hash_bytes(b, sizeof(b), 0));
	/* zero padding does not make two lengths one key */
	CHECK(hash_bytes(a, 40, 0) != hash_bytes(a, 44, 0));
	CHECK(hash_bytes(a, 44, 1) != hash_bytes(a, 44, 0));
}
