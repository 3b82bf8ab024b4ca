/* sha256.c - SHA-256 message digest, written from FIPS 180-4 §6.2.
 *
 * The report digests every input capture: on x86 CPUs with the SHA
 * extensions the compression function runs on them (about ten times the
 * portable loop's speed, a quarter of --report on a 1 GB capture), chosen
 * at sha256_init() from CPUID; the portable one everywhere else.
 */
#include <string.h>

#if (defined(__x86_64__) || defined(__i386__)) && \
    (defined(__GNUC__) || defined(__clang__))
#define SHA256_X86	1
#include <cpuid.h>
#include <immintrin.h>
#endif

#include "sha256.h"

/* First 32 bits of the fractional parts of the cube roots of the first
 * 64 primes, FIPS 180-4 §4.2.2 */
static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t
ror32(uint32_t x, unsigned n)
{
	return x >> n | x << (32 - n);
}

static void
sha256_block(struct sha256_ctx *c, const uint8_t *p)
{
	uint32_t w[64], v[8], s0, s1, ch, maj, t1, t2;
	unsigned i;

	for (i = 0; i < 16; i++)	/* words are big-endian */
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (i = 16; i < 64; i++) {
		s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ w[i - 15] >> 3;
		s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ w[i - 2] >> 10;
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	memcpy(v, c->h, sizeof(v));
	for (i = 0; i < 64; i++) {	/* v[0..7] = a..h */
		s1 = ror32(v[4], 6) ^ ror32(v[4], 11) ^ ror32(v[4], 25);
		ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
		t1 = v[7] + s1 + ch + sha256_k[i] + w[i];
		s0 = ror32(v[0], 2) ^ ror32(v[0], 13) ^ ror32(v[0], 22);
		maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
		t2 = s0 + maj;
		v[7] = v[6];
		v[6] = v[5];
		v[5] = v[4];
		v[4] = v[3] + t1;
		v[3] = v[2];
		v[2] = v[1];
		v[1] = v[0];
		v[0] = t1 + t2;
	}
	for (i = 0; i < 8; i++)
		c->h[i] += v[i];
}

#ifdef SHA256_X86
/*
 * The same compression with SHA256RNDS2 (two rounds each), SHA256MSG1 and
 * SHA256MSG2 (the message schedule, four words at a time).  The
 * instructions keep the state as two vectors, ABEF and CDGH (A in the top
 * lane); after two rounds the old ABEF is the new CDGH.
 */
__attribute__((target("sha,sse4.1,ssse3")))
static void
sha256_block_ni(struct sha256_ctx *c, const uint8_t *p)
{
	/* big-endian words: reverse the bytes of each 32-bit lane */
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
	    0x0405060700010203ULL);
	__m128i abef, cdgh, abef0, cdgh0, t, k, w, m[4];
	unsigned g;

	t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&c->h[0]),
	    0xb1);				/* b a d c */
	cdgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&c->h[4]),
	    0x1b);				/* h g f e */
	abef = _mm_alignr_epi8(t, cdgh, 8);	/* f e b a */
	cdgh = _mm_blend_epi16(cdgh, t, 0xf0);	/* h g d c */
	abef0 = abef;
	cdgh0 = cdgh;
	for (g = 0; g < 16; g++) {		/* rounds 4g .. 4g+3 */
		if (g < 4)
			w = _mm_shuffle_epi8(_mm_loadu_si128(
			    (const __m128i *)(p + 16 * g)), bswap);
		else {
			/* W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16];
			 * m[g&3] holds group g-4, m[(g+1)&3] g-3 ... */
			w = _mm_sha256msg1_epu32(m[g & 3], m[(g + 1) & 3]);
			w = _mm_add_epi32(w, _mm_alignr_epi8(m[(g + 3) & 3],
			    m[(g + 2) & 3], 4));
			w = _mm_sha256msg2_epu32(w, m[(g + 3) & 3]);
		}
		m[g & 3] = w;
		k = _mm_add_epi32(w, _mm_loadu_si128(
		    (const __m128i *)&sha256_k[4 * g]));
		/* rounds 4g, 4g+1: the result is the new ABEF, so the old
		 * ABEF is the CDGH of rounds 4g+2, 4g+3, whose result is
		 * ABEF again: the names are right after each pair */
		cdgh = _mm_sha256rnds2_epu32(cdgh, abef, k);
		abef = _mm_sha256rnds2_epu32(abef, cdgh,
		    _mm_shuffle_epi32(k, 0x0e));
	}
	abef = _mm_add_epi32(abef, abef0);
	cdgh = _mm_add_epi32(cdgh, cdgh0);
	t = _mm_shuffle_epi32(abef, 0x1b);	/* a b e f */
	cdgh = _mm_shuffle_epi32(cdgh, 0xb1);	/* g h c d */
	_mm_storeu_si128((__m128i *)&c->h[0], _mm_blend_epi16(t, cdgh, 0xf0));
	_mm_storeu_si128((__m128i *)&c->h[4], _mm_alignr_epi8(cdgh, t, 8));
}

static int
cpu_has_sha(void)
{
	unsigned a, b, cx, d;

	if (!__get_cpuid(1, &a, &b, &cx, &d) ||
	    !(cx & (1u << 9)) || !(cx & (1u << 19)))	/* SSSE3, SSE4.1 */
		return 0;
	if (!__get_cpuid_count(7, 0, &a, &b, &cx, &d))
		return 0;
	return (b >> 29) & 1;				/* SHA */
}
#endif

static void
block(struct sha256_ctx *c, const uint8_t *p)
{
#ifdef SHA256_X86
	if (c->ni) {
		sha256_block_ni(c, p);
		return;
	}
#endif
	sha256_block(c, p);
}

void
sha256_init(struct sha256_ctx *c)
{
	/* fractional parts of the square roots of the first 8 primes */
	static const uint32_t h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(c->h, h0, sizeof(h0));
	c->nbytes = 0;
	c->nbuf = 0;
#ifdef SHA256_X86
	c->ni = (uint8_t)cpu_has_sha();
#else
	c->ni = 0;
#endif
}

void
sha256_update(struct sha256_ctx *c, const void *data, size_t n)
{
	const uint8_t *p = data;
	size_t take;

	c->nbytes += n;
	while (n > 0) {
		if (c->nbuf == 0 && n >= 64) {
			block(c, p);
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
			block(c, c->buf);
			c->nbuf = 0;
		}
	}
}

void
sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_LEN])
{
	uint64_t bits = c->nbytes * 8;
	uint8_t pad[72];
	size_t padlen, i;

	/* 0x80, zeros to 56 mod 64, then the bit count big-endian */
	padlen = c->nbuf < 56 ? 56 - c->nbuf : 120 - c->nbuf;
	memset(pad, 0, sizeof(pad));
	pad[0] = 0x80;
	for (i = 0; i < 8; i++)
		pad[padlen + i] = (uint8_t)(bits >> (56 - 8 * i));
	sha256_update(c, pad, padlen + 8);
	for (i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(c->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(c->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(c->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)c->h[i];
	}
}

void
sha256(const void *data, size_t n, uint8_t out[SHA256_LEN])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, data, n);
	sha256_final(&c, out);
}

void
sha256_hex(const uint8_t d[SHA256_LEN], char out[SHA256_HEX])
{
	static const char hexdig[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < SHA256_LEN; i++) {
		out[2 * i] = hexdig[d[i] >> 4];
		out[2 * i + 1] = hexdig[d[i] & 15];
	}
	out[2 * SHA256_LEN] = '\0';
}
