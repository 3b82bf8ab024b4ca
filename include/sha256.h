/* sha256.h - SHA-256 (FIPS 180-4 §6.2), for the report's file digests.
 *
 * Incremental interface, no allocation, in the style of crypto.h.
 */
#ifndef TS_SHA256_H
#define TS_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN	32
#define SHA256_HEX	(2 * SHA256_LEN + 1)	/* hex digits + NUL */

struct sha256_ctx {
	uint32_t	h[8];
	uint64_t	nbytes;
	uint8_t		buf[64];
	size_t		nbuf;
	uint8_t		ni;	/* the CPU's SHA extensions (set by
				   sha256_init when present; 0: portable) */
};

void	sha256_init(struct sha256_ctx *);
void	sha256_update(struct sha256_ctx *, const void *, size_t);
void	sha256_final(struct sha256_ctx *, uint8_t out[SHA256_LEN]);
void	sha256(const void *, size_t, uint8_t out[SHA256_LEN]);
/* Lower-case hex of a digest into out[SHA256_HEX]. */
void	sha256_hex(const uint8_t d[SHA256_LEN], char out[SHA256_HEX]);

#endif /* TS_SHA256_H */
