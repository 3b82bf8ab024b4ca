/* pktq.h - the queue between live capture's capture thread and the analysis.
 *
 * One producer (the capture thread) and one consumer (the analysis), a
 * ring of bytes holding each frame as a header and its captured bytes,
 * so a burst costs memory in proportion to its bytes, not to a slot size.
 * No lock: the producer owns the head, the consumer the tail, each
 * published with release and read with acquire ordering.  A record never
 * wraps: when the end of the ring is too short, the producer leaves the
 * rest of it as padding and starts again at the beginning.
 *
 * Neither side spins.  A side that finds nothing to do says so
 * (pktq_consumer_idle, pktq_producer_full) and waits in poll() on its
 * descriptor; the other side writes a byte to it only when it was asked
 * to, so a steady stream costs no system call per frame.
 */
#ifndef TS_PKTQ_H
#define TS_PKTQ_H

#include <stddef.h>
#include <stdint.h>

struct pktq_rec {
	int64_t		 ts_ns;
	uint64_t	 number;	/* frame number on its interface */
	uint32_t	 caplen;
	uint32_t	 len;		/* on the wire */
	uint32_t	 iface;		/* the producer's index */
	uint32_t	 size;		/* of the record, header included */
	/* caplen bytes of frame follow */
};

struct pktq;

/* A ring of at least `bytes` (rounded up to a power of two); NULL when out
 * of memory or when the wake-up pipes cannot be made. */
struct pktq	*pktq_new(size_t bytes);
void		 pktq_free(struct pktq *);
size_t		 pktq_capacity(const struct pktq *);
/* The largest frame a record can carry (a quarter of the ring). */
size_t		 pktq_max_frame(const struct pktq *);

/* Producer.  0, or -1 when the ring has no room for it now (or the frame
 * is over pktq_max_frame: -2). */
int		 pktq_push(struct pktq *, const struct pktq_rec *,
		    const uint8_t *data);
/* Wake the consumer if it is waiting; call after a batch of pushes. */
void		 pktq_notify(struct pktq *);
/* Before waiting for room: 1 when a frame of caplen fits after all (do not
 * wait), 0 when the consumer will write to pktq_producer_fd() once it has
 * made room. */
int		 pktq_producer_full(struct pktq *, uint32_t caplen);
int		 pktq_producer_fd(const struct pktq *);
/* After the wait, whatever woke it: no more wake-ups asked for, the
 * descriptor read empty. */
void		 pktq_producer_awake(struct pktq *);
/* Wake the producer out of its wait now (to make it look at a stop). */
void		 pktq_wake_producer(struct pktq *);

/* Consumer.  The oldest record, or NULL when the ring is empty; its bytes
 * stay valid until pktq_pop(). */
const struct pktq_rec *pktq_peek(struct pktq *, const uint8_t **data);
void		 pktq_pop(struct pktq *);
/* Before waiting for frames: 1 when there is one after all (do not wait),
 * 0 when the producer will write to pktq_consumer_fd() with the next. */
int		 pktq_consumer_idle(struct pktq *);
int		 pktq_consumer_fd(const struct pktq *);
void		 pktq_consumer_awake(struct pktq *);
/* Also wake a waiting consumer now (the producer has finished). */
void		 pktq_wake_consumer(struct pktq *);

#endif /* TS_PKTQ_H */
