/* crypto.h - MD5 (RFC 1321), SHA-1 (FIPS 180-4), HMAC (RFC 2104).
 *
 * Only what L2TPv3 needs: un-hiding AVPs (RFC 3931 §5.3) and checking the
 * Message Digest AVP (§5.4.1).  Incremental interfaces, no allocation.
 */
#ifndef TS_CRYPTO_H
#define TS_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define MD5_LEN		16
#define SHA1_LEN	20
#define HASH_BLOCK	64	/* both hash 512-bit blocks */

struct md5_ctx {
	uint32_t	h[4];
	uint64_t	nbytes;
	uint8_t		buf[64];
	size_t		nbuf;
};

struct sha1_ctx {
	uint32_t	h[5];
	uint64_t	nbytes;
	uint8_t		buf[64];
	size_t		nbuf;
};

void	md5_init(struct md5_ctx *);
void	md5_update(struct md5_ctx *, const void *, size_t);
void	md5_final(struct md5_ctx *, uint8_t out[MD5_LEN]);
void	md5(const void *, size_t, uint8_t out[MD5_LEN]);

void	sha1_init(struct sha1_ctx *);
void	sha1_update(struct sha1_ctx *, const void *, size_t);
void	sha1_final(struct sha1_ctx *, uint8_t out[SHA1_LEN]);
void	sha1(const void *, size_t, uint8_t out[SHA1_LEN]);

enum hmac_alg {
	HMAC_MD5 = 0,		/* values of the L2TPv3 Digest Type */
	HMAC_SHA1 = 1,
};

struct hmac_ctx {
	uint8_t		alg;		/* enum hmac_alg */
	uint8_t		opad[HASH_BLOCK];
	union {
		struct md5_ctx	md5;
		struct sha1_ctx	sha1;
	} u;
};

/* Digest length of alg, 0 for an unknown one. */
size_t	hmac_len(enum hmac_alg);
void	hmac_init(struct hmac_ctx *, enum hmac_alg, const void *key, size_t);
void	hmac_update(struct hmac_ctx *, const void *, size_t);
/* Writes hmac_len(alg) bytes. */
void	hmac_final(struct hmac_ctx *, uint8_t *out);
void	hmac(enum hmac_alg, const void *key, size_t klen, const void *msg,
	    size_t mlen, uint8_t *out);

#endif /* TS_CRYPTO_H */
