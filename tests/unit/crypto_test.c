/* crypto_test.c - MD5, SHA-1, HMAC against RFC 1321 / RFC 2202 vectors and
 * values computed independently with python3 hashlib/hmac:
 *   python3 -c "import hashlib; print(hashlib.md5(b'a'*1000).hexdigest())"
 *   python3 -c "import hmac; print(hmac.new(b'k'*100,b'msg','md5').hexdigest())"
 */
#include <stdio.h>

#include "crypto.h"
#include "unit.h"

static const char *
hexs(const uint8_t *p, size_t n)
{
	static char buf[2 * SHA1_LEN + 1];
	size_t i;

	for (i = 0; i < n && i < SHA1_LEN; i++)
		snprintf(buf + 2 * i, 3, "%02x", p[i]);
	buf[2 * i] = '\0';
	return buf;
}

TEST(crypto_md5_rfc1321)
{
	uint8_t d[MD5_LEN];

	md5("", 0, d);
	CHECK_STR(hexs(d, MD5_LEN), "d41d8cd98f00b204e9800998ecf8427e");
	md5("abc", 3, d);
	CHECK_STR(hexs(d, MD5_LEN), "900150983cd24fb0d6963f7d28e17f72");
}

TEST(crypto_md5_sha1_long_and_split)
{
	uint8_t m[1000], d[SHA1_LEN];
	struct md5_ctx mc;
	struct sha1_ctx sc;
	size_t i;

	memset(m, 'a', sizeof(m));
	/* python3: hashlib.md5(b'a'*1000), hashlib.sha1(b'a'*1000) */
	md5_init(&mc);
	for (i = 0; i < 1000; i += 7)	/* odd chunks cross block edges */
		md5_update(&mc, m + i, 1000 - i < 7 ? 1000 - i : 7);
	md5_final(&mc, d);
	CHECK_STR(hexs(d, MD5_LEN), "cabe45dcc9ae5b66ba86600cca6b8ba8");
	sha1_init(&sc);
	sha1_update(&sc, m, 63);
	sha1_update(&sc, m + 63, 937);
	sha1_final(&sc, d);
	CHECK_STR(hexs(d, SHA1_LEN), "291e9a6c66994949b57ba5e650361e98fc36b1ba");
	sha1("abc", 3, d);	/* FIPS 180 example */
	CHECK_STR(hexs(d, SHA1_LEN), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST(crypto_hmac_rfc2202)
{
	static const char msg[] = "what do ya want for nothing?";
	uint8_t d[SHA1_LEN];

	hmac(HMAC_MD5, "Jefe", 4, msg, sizeof(msg) - 1, d);
	CHECK_STR(hexs(d, MD5_LEN), "750c783e6ab0b503eaa86e310a5db738");
	hmac(HMAC_SHA1, "Jefe", 4, msg, sizeof(msg) - 1, d);
	CHECK_STR(hexs(d, SHA1_LEN), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

TEST(crypto_hmac_long_key)
{
	uint8_t k[100], d[SHA1_LEN];

	memset(k, 'k', sizeof(k));	/* key > block: hashed first */
	hmac(HMAC_MD5, k, sizeof(k), "msg", 3, d);
	CHECK_STR(hexs(d, MD5_LEN), "a908a4d5326a80f4b50c9a1951513b67");
	hmac(HMAC_SHA1, k, sizeof(k), "msg", 3, d);
	CHECK_STR(hexs(d, SHA1_LEN), "a3f6e90d792b6ca5ed3bfc556a4aa73d62d7cae4");
	CHECK_EQ(hmac_len(HMAC_MD5), 16);
	CHECK_EQ(hmac_len(HMAC_SHA1), 20);
}
