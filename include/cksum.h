/* cksum.h - fast Internet checksum sum over data (RFC 1071 §2, §4.1). */
#ifndef TS_CKSUM_H
#define TS_CKSUM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * The one's-complement sum of p[0..n) as big-endian 16-bit words (a
 * trailing odd byte padded with zero), folded to 16 bits (0 only when
 * every word is 0).  Sums host-order 32-bit halves of 64-bit loads into
 * four 64-bit accumulators, which cannot carry out before 2^32 loads, and
 * swaps at the end: RFC 1071 §2(B) byte-order independence, §2(C)
 * parallel summation (2^16 = 1 modulo 0xffff, so wider words sum the
 * same).  Four independent sums instead of one end-around-carry chain:
 * the checksums of UDP and TCP payloads are per-byte work on every frame.
 */
static inline uint32_t
cksum_data(const uint8_t *p, size_t n)
{
	uint64_t s = 0, s1 = 0, s2 = 0, s3 = 0, q, r;
	uint32_t w;
	uint16_t h;
	uint8_t b[2];

	while (n >= 16) {
		memcpy(&q, p, 8);
		memcpy(&r, p + 8, 8);
		s += q & 0xffffffffu;
		s1 += q >> 32;
		s2 += r & 0xffffffffu;
		s3 += r >> 32;
		p += 16;
		n -= 16;
	}
	s += s1 + s2 + s3;
	while (n >= 4) {
		memcpy(&w, p, 4);
		s += w;
		p += 4;
		n -= 4;
	}
	if (n >= 2) {
		memcpy(&h, p, 2);
		s += h;
		p += 2;
		n -= 2;
	}
	if (n == 1) {
		b[0] = p[0];
		b[1] = 0;
		memcpy(&h, b, 2);
		s += h;
	}
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	h = (uint16_t)s;
	memcpy(b, &h, 2);		/* host order back to big-endian */
	return (uint32_t)b[0] << 8 | b[1];
}

struct dctx;
struct layer;
struct textbuf;

/* The IP layer that carries the current one: the last IPv4/IPv6 before. */
const struct layer *cksum_enclosing_ip(const struct dctx *);
/* A fragment handed on without reassembly: only part of the datagram. */
int	cksum_ip_partial(const struct layer *);
/* RFC 1071 sum of big-endian 16-bit words, byte by byte (small inputs). */
uint64_t cksum_add(const uint8_t *, size_t, uint64_t);
uint16_t cksum_fold(uint64_t);
/*
 * Add the pseudo-header for upper-layer protocol proto and length len to
 * *sum.  0 when the IP layer cannot give the addresses the sender summed
 * (IPv4 options that may route the datagram elsewhere, an IPv6 Routing
 * header: the final destination is not the one in the header).
 */
int	cksum_pseudo(const struct layer *ip, unsigned proto, uint32_t len,
	    uint64_t *sum);
/* " [correct]", " [incorrect, should be 0x....]", " [none]" or
 * " [unverified]" for an enum l4_cksum status, for -v detail lines. */
void	cksum_status_text(struct textbuf *, unsigned status, uint16_t calc);

#endif
