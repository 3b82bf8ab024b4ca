/* md5.c - MD5 message digest, written from RFC 1321 §3. */
#include <string.h>

#include "crypto.h"

/* T[i] = floor(2^32 * abs(sin(i + 1))), RFC 1321 §3.4 */
static const uint32_t md5_t[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a,
	0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
	0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
	0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
	0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
	0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

/* Per-round rotation amounts, four per round. */
static const uint8_t md5_s[4][4] = {
	{ 7, 12, 17, 22 }, { 5, 9, 14, 20 }, { 4, 11, 16, 23 },
	{ 6, 10, 15, 21 },
};

static uint32_t
rol32(uint32_t x, unsigned n)
{
	return x << n | x >> (32 - n);
}

static void
md5_block(struct md5_ctx *c, const uint8_t *p)
{
	uint32_t x[16], a, b, cc, d, f, t;
	unsigned i, k;

	for (i = 0; i < 16; i++)	/* words are little-endian */
		x[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 |
		    (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;
	a = c->h[0];
	b = c->h[1];
	cc = c->h[2];
	d = c->h[3];
	for (i = 0; i < 64; i++) {
		switch (i / 16) {
		case 0:
			f = (b & cc) | (~b & d);
			k = i;
			break;
		case 1:
			f = (b & d) | (cc & ~d);
			k = (5 * i + 1) % 16;
			break;
		case 2:
			f = b ^ cc ^ d;
			k = (3 * i + 5) % 16;
			break;
		default:
			f = cc ^ (b | ~d);
			k = (7 * i) % 16;
			break;
		}
		t = d;
		d = cc;
		cc = b;
		b = b + rol32(a + f + md5_t[i] + x[k], md5_s[i / 16][i % 4]);
		a = t;
	}
	c->h[0] += a;
	c->h[1] += b;
	c->h[2] += cc;
	c->h[3] += d;
}

void
md5_init(struct md5_ctx *c)
{
	c->h[0] = 0x67452301;
	c->h[1] = 0xefcdab89;
	c->h[2] = 0x98badcfe;
	c->h[3] = 0x10325476;
	c->nbytes = 0;
	c->nbuf = 0;
}

void
md5_update(struct md5_ctx *c, const void *data, size_t n)
{
	const uint8_t *p = data;
	size_t take;

	c->nbytes += n;
	while (n > 0) {
		if (c->nbuf == 0 && n >= 64) {
			md5_block(c, p);
			p += 64;
			n -= 64;
			continue;
		}
		take = 64 - c->nbuf < n ? 64 - c->nbuf : n;
		memcpy(c->buf + c->nbuf, p, take);
		c->nbuf += take;
		p += take;
		n -= take;
		if (c->nbuf == 64) {
			md5_block(c, c->buf);
			c->nbuf = 0;
		}
	}
}

void
md5_final(struct md5_ctx *c, uint8_t out[MD5_LEN])
{
	uint64_t bits = c->nbytes * 8;
	uint8_t pad[72];
	size_t padlen, i;

	/* 0x80, zeros to 56 mod 64, then the bit count little-endian */
	padlen = c->nbuf < 56 ? 56 - c->nbuf : 120 - c->nbuf;
	memset(pad, 0, sizeof(pad));
	pad[0] = 0x80;
	for (i = 0; i < 8; i++)
		pad[padlen + i] = (uint8_t)(bits >> (8 * i));
	md5_update(c, pad, padlen + 8);
	for (i = 0; i < 4; i++) {
		out[4 * i] = (uint8_t)c->h[i];
		out[4 * i + 1] = (uint8_t)(c->h[i] >> 8);
		out[4 * i + 2] = (uint8_t)(c->h[i] >> 16);
		out[4 * i + 3] = (uint8_t)(c->h[i] >> 24);
	}
}

void
md5(const void *data, size_t n, uint8_t out[MD5_LEN])
{
	struct md5_ctx c;

	md5_init(&c);
	md5_update(&c, data, n);
	md5_final(&c, out);
}
