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

struct pktq {
	uint8_t		*ring;
	size_t		 size;		/* a power of two */
	/* positions only grow; the offset in the ring is pos & (size - 1) */
	_Atomic size_t	 head;		/* written by the producer */
	_Atomic size_t	 tail;		/* written by the consumer */
	_Atomic int	 cwait;		/* the consumer sleeps on cpipe */
	_Atomic int	 pwait;		/* the producer sleeps on ppipe */
	int		 cpipe[2];	/* wakes the consumer */
	int		 ppipe[2];	/* wakes the producer */
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
	q->cpipe[0] = q->cpipe[1] = q->ppipe[0] = q->ppipe[1] = -1;
	while (size < bytes && size < SIZE_MAX / 2)
		size <<= 1;
	q->size = size;
	atomic_init(&q->head, 0);
	atomic_init(&q->tail, 0);
	atomic_init(&q->cwait, 0);
	atomic_init(&q->pwait, 0);
	if ((q->ring = malloc(size)) == NULL || make_pipe(q->cpipe) < 0 ||
	    make_pipe(q->ppipe) < 0) {
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
		if (q->cpipe[k] >= 0)
			close(q->cpipe[k]);
		if (q->ppipe[k] >= 0)
			close(q->ppipe[k]);
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

static void
wake(int fd)
{
	(void)!write(fd, "", 1);
}

static void
drain(int fd)
{
	char buf[64];

	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

/*
 * The sleeper stores its flag, then looks at the other side's position;
 * the other side stores its position, then looks at the flag.  With
 * sequentially consistent fences between the store and the load on both
 * sides, at least one of them sees the other's store: either the sleeper
 * finds work and does not sleep, or it is woken.
 */
void
pktq_notify(struct pktq *q)
{
	atomic_thread_fence(memory_order_seq_cst);
	if (atomic_load_explicit(&q->cwait, memory_order_relaxed) &&
	    atomic_exchange(&q->cwait, 0))
		wake(q->cpipe[1]);
}

void
pktq_wake_consumer(struct pktq *q)
{
	atomic_store(&q->cwait, 0);
	wake(q->cpipe[1]);
}

int
pktq_consumer_idle(struct pktq *q)
{
	size_t tail = atomic_load_explicit(&q->tail, memory_order_relaxed);

	atomic_store(&q->cwait, 1);
	atomic_thread_fence(memory_order_seq_cst);
	if (atomic_load_explicit(&q->head, memory_order_acquire) != tail) {
		atomic_store(&q->cwait, 0);
		return 1;
	}
	return 0;
}

int
pktq_consumer_fd(const struct pktq *q)
{
	return q->cpipe[0];
}

void
pktq_consumer_awake(struct pktq *q)
{
	atomic_store(&q->cwait, 0);
	drain(q->cpipe[0]);
}

int
pktq_producer_full(struct pktq *q, uint32_t caplen)
{
	size_t head = atomic_load_explicit(&q->head, memory_order_relaxed);

	atomic_store(&q->pwait, 1);
	atomic_thread_fence(memory_order_seq_cst);
	if (fits(q, head, caplen)) {
		atomic_store(&q->pwait, 0);
		return 1;
	}
	return 0;
}

int
pktq_producer_fd(const struct pktq *q)
{
	return q->ppipe[0];
}

void
pktq_producer_awake(struct pktq *q)
{
	atomic_store(&q->pwait, 0);
	drain(q->ppipe[0]);
}

void
pktq_wake_producer(struct pktq *q)
{
	atomic_store(&q->pwait, 0);
	wake(q->ppipe[1]);
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
	atomic_thread_fence(memory_order_seq_cst);
	if (atomic_load_explicit(&q->pwait, memory_order_relaxed) &&
	    atomic_exchange(&q->pwait, 0))
		wake(q->ppipe[1]);
}
