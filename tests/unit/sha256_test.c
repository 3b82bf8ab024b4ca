/* sha256_test.c - SHA-256 against the FIPS 180-2 appendix B examples
 * ("abc", the 448-bit message, one million 'a') and values computed
 * independently with python3 hashlib, e.g.
 *   python3 -c "import hashlib; print(hashlib.sha256(b'a'*55).hexdigest())"
 */
#include "sha256.h"
#include "unit.h"

static const char *
hexd(const uint8_t d[SHA256_LEN])
{
	static char buf[SHA256_HEX];

	sha256_hex(d, buf);
	return buf;
}

TEST(sha256_fips180_2_vectors)
{
	static const char m2[] =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	uint8_t d[SHA256_LEN], a[1000];
	struct sha256_ctx c;
	unsigned i;

	sha256("abc", 3, d);
	CHECK_STR(hexd(d), "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	sha256(m2, sizeof(m2) - 1, d);
	CHECK_STR(hexd(d), "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1");
	memset(a, 'a', sizeof(a));
	sha256_init(&c);
	for (i = 0; i < 1000; i++)
		sha256_update(&c, a, sizeof(a));
	sha256_final(&c, d);
	CHECK_STR(hexd(d), "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0");
	sha256("", 0, d);
	CHECK_STR(hexd(d), "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
}

/* Padding edges: 55 bytes fit one block, 56 and 64 need a second. */
TEST(sha256_padding_edges_and_split_updates)
{
	uint8_t a[256], d[SHA256_LEN];
	struct sha256_ctx c;
	unsigned i;

	memset(a, 'a', 64);
	sha256(a, 55, d);
	CHECK_STR(hexd(d), "9f4390f8d30c2dd92ec9f095b65e2b9a"
	    "e9b0a925a5258e241c9f1e910f734318");
	sha256(a, 56, d);
	CHECK_STR(hexd(d), "b35439a4ac6f0948b6d6f9e3c6af0f5f"
	    "590ce20f1bde7090ef7970686ec6738a");
	sha256(a, 64, d);
	CHECK_STR(hexd(d), "ffe054fe7ae0cb6dc65c3af9b61d5209"
	    "f439851db43d0ba5997337df154668eb");
	/* bytes 0..255 three times, fed in odd-sized pieces */
	for (i = 0; i < 256; i++)
		a[i] = (uint8_t)i;
	sha256_init(&c);
	for (i = 0; i < 3; i++) {
		sha256_update(&c, a, 7);
		sha256_update(&c, a + 7, 100);
		sha256_update(&c, a + 107, 149);
	}
	sha256_final(&c, d);
	CHECK_STR(hexd(d), "f3a25aa93aa2fbba28d79260535bbd6a"
	    "5eb0fc1c24a8b0f04e12b484c1dfe363");
}

/* The CPU's SHA extensions (when sha256_init found them) and the portable
 * compression give the same digest for every length across block
 * boundaries, fed whole and in odd pieces. */
TEST(sha256_extensions_match_portable)
{
	static uint8_t data[4099];
	struct sha256_ctx a, b;
	uint8_t da[SHA256_LEN], db[SHA256_LEN];
	uint32_t x = 12345;
	size_t n, i, bad = 0;

	for (i = 0; i < sizeof(data); i++) {
		x = x * 1103515245u + 12345u;
		data[i] = (uint8_t)(x >> 16);
	}
	for (n = 0; n <= sizeof(data); n += n < 300 ? 1 : 97) {
		sha256_init(&a);
		sha256_init(&b);
		b.ni = 0;			/* portable */
		sha256_update(&a, data, n);
		for (i = 0; i < n; i += 7)
			sha256_update(&b, data + i, n - i < 7 ? n - i : 7);
		sha256_final(&a, da);
		sha256_final(&b, db);
		if (memcmp(da, db, SHA256_LEN) != 0)
			bad++;
	}
	CHECK_EQ(bad, 0);
}
