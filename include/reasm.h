/* reasm.h - IPv4 and IPv6 fragment reassembly (RFC 791, RFC 8200 §4.5).
 *
 * Bounded in datagrams, bytes and time; overlapping fragments never write
 * outside the datagram (first copy wins, a differing overlap is reported).
 * Owned by the pipeline, reached by the IP dissectors through the context.
 */
#ifndef TS_REASM_H
#define TS_REASM_H

#include <stddef.h>
#include <stdint.h>

struct reasm;

struct reasm_key {
	uint8_t		af;		/* 4 or 6 */
	uint8_t		proto;		/* upper-layer protocol */
	uint32_t	id;		/* IPv4 id (16 bits) or IPv6 id */
	uint8_t		src[16], dst[16];
	uint32_t	vantage;
	uint8_t		depth;		/* encapsulation depth */
};

enum reasm_result {
	REASM_HELD = 0,		/* stored, datagram not complete yet */
	REASM_DONE,		/* complete: *out and *outlen are set */
	REASM_DROPPED,		/* over a cap, bad offsets: see reason */
};

struct reasm_stats {
	uint64_t	fragments;
	uint64_t	completed;
	uint64_t	timed_out;
	uint64_t	evicted;	/* dropped to stay under the caps */
	uint64_t	overlaps;
	uint64_t	overlap_conflicts;	/* overlap with different bytes */
	uint64_t	bytes_held;
	uint64_t	datagrams_held;
};

struct reasm	*reasm_new(uint32_t max_datagrams, uint32_t max_bytes,
		    uint32_t timeout_ms);
void		 reasm_free(struct reasm *);
/*
 * Add a fragment: payload bytes [off, off + n) of the datagram, more=MF.
 * On REASM_DONE the reassembled payload (without IP header) is in *out,
 * *outlen bytes, valid until the next call; *nfrags says how many
 * fragments made it.  *reason names a REASM_DROPPED cause (static).
 * (src/reasm.c keeps the last 24 completed buffers, so the layers of one
 * frame, nested reassembled datagrams included, may point into them.)
 * On HELD and DONE *reason is NULL, or says the fragment overlapped bytes
 * already held (stats().overlap_conflicts grows when they differed).
 * Timed-out datagrams are also dropped inside reasm_add.
 */
enum reasm_result reasm_add(struct reasm *, const struct reasm_key *,
		    int64_t ts_ns, uint32_t off, int more, const uint8_t *data,
		    size_t n, const uint8_t **out, size_t *outlen,
		    unsigned *nfrags, const char **reason);
/* Expire datagrams older than the timeout at time now. */
void		 reasm_expire(struct reasm *, int64_t now_ns);
const struct reasm_stats *reasm_stats(const struct reasm *);

#endif /* TS_REASM_H */
