/* pktq.c - single-producer, single-consumer ring of frames (see pktq.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pktq.h"

#define REC_ALIGN	16
#define MIN_BYTES	(64 * 1024)

/* One side's way to sleep: it sets asked and polls pipe[0]; the other
 * side writes to pipe[1] only when asked was set. */
struct sleeper {
	_Atomic int	 asked;
	int		 pipe[2];
};

struct pktq {
	uint8_t		*ring;
	size_t		 size;		/* a power of two */
	/* positions only grow; the offset in the ring is pos & (size - 1) */
	_Atomic size_t	 head;		/* written by the producer */
	_Atomic size_t	 tail;		/* written by the consumer */
	struct sleeper	 consumer, producer;
};

static size_t
rec_size(uint32_t caplen)
{
	return (sizeof(struct pktq_rec) + caplen + REC_ALIGN - 1) &
	    ~(size_t)(REC_ALIGN - 1);
}

static int
make_pipe(int p[2])
{
	int k;

	if (pipe(p) < 0)
		return -1;
	for (k = 0; k < 2; k++) {
		(void)fcntl(p[k], F_SETFL, fcntl(p[k], F_GETFL) | O_NONBLOCK);
		(void)fcntl(p[k], F_SETFD, FD_CLOEXEC);
	}
	return 0;
}

struct pktq *
pktq_new(size_t bytes)
{
	struct pktq *q = calloc(1, sizeof(*q));
	size_t size = MIN_BYTES;

	if (q == NULL)
		return NULL;
	q->consumer.pipe[0] = q->consumer.pipe[1] = -1;
	q->producer.pipe[0] = q->producer.pipe[1] = -1;
	while (size < bytes && size < SIZE_MAX / 2)
		size <<= 1;
	q->size = size;
	atomic_init(&q->head, 0);
	atomic_init(&q->tail, 0);
	atomic_init(&q->consumer.asked, 0);
	atomic_init(&q->producer.asked, 0);
	if ((q->ring = malloc(size)) == NULL ||
	    make_pipe(q->consumer.pipe) < 0 ||
	    make_pipe(q->producer.pipe) < 0) {
		pktq_free(q);
		return NULL;
	}
	return q;
}

void
pktq_free(struct pktq *q)
{
	int k;

	if (q == NULL)
		return;
	for (k = 0; k < 2; k++) {
		if (q->consumer.pipe[k] >= 0)
			close(q->consumer.pipe[k]);
		if (q->producer.pipe[k] >= 0)
			close(q->producer.pipe[k]);
	}
	free(q->ring);
	free(q);
}

size_t
pktq_capacity(const struct pktq *q)
{
	return q->size;
}

size_t
pktq_max_frame(const struct pktq *q)
{
	return q->size / 4 - sizeof(struct pktq_rec);
}

/* Bytes a record of caplen needs at head: its own, plus the end of the
 * ring when it does not fit there. */
static size_t
need_at(const struct pktq *q, size_t head, uint32_t caplen)
{
	size_t n = rec_size(caplen), off = head & (q->size - 1);

	return off + n > q->size ? n + (q->size - off) : n;
}

static int
fits(const struct pktq *q, size_t head, uint32_t caplen)
{
	size_t tail = atomic_load_explicit(&q->tail, memory_order_acquire);

	return need_at(q, head, caplen) <= q->size - (head - tail);
}

int
pktq_push(struct pktq *q, const struct pktq_rec *r, const uint8_t *data)
{
	size_t head = atomic_load_explicit(&q->head, memory_order_relaxed);
	size_t n = rec_size(r->caplen), off;
	struct pktq_rec *w;

	if (r->caplen > pktq_max_frame(q))
		return -2;
	if (!fits(q, head, r->caplen))
		return -1;
	off = head & (q->size - 1);
	if (off + n > q->size) {
		/* the rest of the ring is padding: marked by a size of 0 where
		 * a header fits, known to the consumer by its length where not */
		if (q->size - off >= sizeof(*w))
			((struct pktq_rec *)(void *)(q->ring + off))->size = 0;
		head += q->size - off;
		off = 0;
	}
	w = (struct pktq_rec *)(void *)(q->ring + off);
	*w = *r;
	w->size = (uint32_t)n;
	memcpy(w + 1, data, r->caplen);
	atomic_store_explicit(&q->head, head + n, memory_order_release);
	return 0;
}

/*
 * The sleeper stores asked, then looks at the other side's position; the
 * other side stores its position, then looks at asked.  With sequentially
 * consistent fences between the store and the load on both sides, at
 * least one of them sees the other's store: either the sleeper finds work
 * and does not sleep, or it is woken.
 */
static void
sleeper_ask(struct sleeper *s)
{
	atomic_store(&s->asked, 1);
	atomic_thread_fence(memory_order_seq_cst);
}

/* Whatever woke it: no more wake-ups asked for, the pipe read empty. */
static void
sleeper_awake(struct sleeper *s)
{
	char buf[64];

	atomic_store(&s->asked, 0);
	while (read(s->pipe[0], buf, sizeof(buf)) > 0)
		;
}

static void
sleeper_wake(struct sleeper *s)
{
	atomic_store(&s->asked, 0);
	(void)!write(s->pipe[1], "", 1);
}

/* After the other side stored its position. */
static void
sleeper_wake_if_asked(struct sleeper *s)
{
	atomic_thread_fence(memory_order_seq_cst);
	if (atomic_load_explicit(&s->asked, memory_order_relaxed) &&
	    atomic_exchange(&s->asked, 0))
		(void)!write(s->pipe[1], "", 1);
}

void
pktq_notify(struct pktq *q)
{
	sleeper_wake_if_asked(&q->consumer);
}

void
pktq_wake_consumer(struct pktq *q)
{
	sleeper_wake(&q->consumer);
}

int
pktq_consumer_idle(struct pktq *q)
{
	size_t tail = atomic_load_explicit(&q->tail, memory_order_relaxed);

	sleeper_ask(&q->consumer);
	if (atomic_load_explicit(&q->head, memory_order_acquire) != tail) {
		atomic_store(&q->consumer.asked, 0);
		return 1;
	}
	return 0;
}

int
pktq_consumer_fd(const struct pktq *q)
{
	return q->consumer.pipe[0];
}

void
pktq_consumer_awake(struct pktq *q)
{
	sleeper_awake(&q->consumer);
}

int
pktq_producer_full(struct pktq *q, uint32_t caplen)
{
	size_t head = atomic_load_explicit(&q->head, memory_order_relaxed);

	sleeper_ask(&q->producer);
	if (fits(q, head, caplen)) {
		atomic_store(&q->producer.asked, 0);
		return 1;
	}
	return 0;
}

int
pktq_producer_fd(const struct pktq *q)
{
	return q->producer.pipe[0];
}

void
pktq_producer_awake(struct pktq *q)
{
	sleeper_awake(&q->producer);
}

void
pktq_wake_producer(struct pktq *q)
{
	sleeper_wake(&q->producer);
}

const struct pktq_rec *
pktq_peek(struct pktq *q, const uint8_t **data)
{
	size_t tail = atomic_load_explicit(&q->tail, memory_order_relaxed);
	size_t head = atomic_load_explicit(&q->head, memory_order_acquire);
	size_t off = tail & (q->size - 1);
	const struct pktq_rec *r;

	if (head == tail)
		return NULL;
	if (q->size - off < sizeof(*r) ||
	    ((const struct pktq_rec *)(void *)(q->ring + off))->size == 0) {
		/* padding to the end of the ring: the record is at 0 */
		tail += q->size - off;
		atomic_store_explicit(&q->tail, tail, memory_order_release);
		if (head == tail)
			return NULL;
		off = 0;
	}
	r = (const struct pktq_rec *)(void *)(q->ring + off);
	*data = (const uint8_t *)(r + 1);
	return r;
}

void
pktq_pop(struct pktq *q)
{
	size_t tail = atomic_load_explicit(&q->tail, memory_order_relaxed);
	const struct pktq_rec *r =
	    (const struct pktq_rec *)(void *)(q->ring + (tail & (q->size - 1)));

	atomic_store_explicit(&q->tail, tail + r->size, memory_order_release);
	sleeper_wake_if_asked(&q->producer);
}
