/* hmac.c - HMAC over MD5 or SHA-1, written from RFC 2104 §2. */
#include <string.h>

#include "crypto.h"

size_t
hmac_len(enum hmac_alg alg)
{
	return alg == HMAC_MD5 ? MD5_LEN : alg == HMAC_SHA1 ? SHA1_LEN : 0;
}

static void
h_init(struct hmac_ctx *h)
{
	if (h->alg == HMAC_MD5)
		md5_init(&h->u.md5);
	else
		sha1_init(&h->u.sha1);
}

void
hmac_update(struct hmac_ctx *h, const void *p, size_t n)
{
	if (h->alg == HMAC_MD5)
		md5_update(&h->u.md5, p, n);
	else
		sha1_update(&h->u.sha1, p, n);
}

static void
h_final(struct hmac_ctx *h, uint8_t *out)
{
	if (h->alg == HMAC_MD5)
		md5_final(&h->u.md5, out);
	else
		sha1_final(&h->u.sha1, out);
}

void
hmac_init(struct hmac_ctx *h, enum hmac_alg alg, const void *key, size_t klen)
{
	uint8_t k[HASH_BLOCK], ipad[HASH_BLOCK];
	size_t i;

	h->alg = alg == HMAC_SHA1 ? HMAC_SHA1 : HMAC_MD5;
	memset(k, 0, sizeof(k));
	if (klen > HASH_BLOCK) {	/* long keys are hashed first */
		h_init(h);
		hmac_update(h, key, klen);
		h_final(h, k);
	} else if (klen > 0) {
		memcpy(k, key, klen);
	}
	for (i = 0; i < HASH_BLOCK; i++) {
		ipad[i] = k[i] ^ 0x36;
		h->opad[i] = k[i] ^ 0x5c;
	}
	h_init(h);
	hmac_update(h, ipad, sizeof(ipad));
}

void
hmac_final(struct hmac_ctx *h, uint8_t *out)
{
	uint8_t inner[SHA1_LEN];
	size_t n = hmac_len((enum hmac_alg)h->alg);

	h_final(h, inner);
	h_init(h);
	hmac_update(h, h->opad, sizeof(h->opad));
	hmac_update(h, inner, n);
	h_final(h, out);
}

void
hmac(enum hmac_alg alg, const void *key, size_t klen, const void *msg,
    size_t mlen, uint8_t *out)
{
	struct hmac_ctx h;

	hmac_init(&h, alg, key, klen);
	hmac_update(&h, msg, mlen);
	hmac_final(&h, out);
}
