/* pktq_test.c - the live capture queue (pktq.h): order, contents, room and
 * the wrap at the end of the ring, alone and between two threads.
 *
 * Record sizes are worked out by hand from the layout: a 32-byte header
 * and the frame, rounded up to 16 bytes.
 */
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "pktq.h"
#include "unit.h"

static void
fill(uint8_t *b, uint32_t n, uint64_t seed)
{
	uint32_t k;

	for (k = 0; k < n; k++)
		b[k] = (uint8_t)(seed * 131 + k * 7);
}

static int
same(const uint8_t *b, uint32_t n, uint64_t seed)
{
	uint32_t k;

	for (k = 0; k < n; k++)
		if (b[k] != (uint8_t)(seed * 131 + k * 7))
			return 0;
	return 1;
}

static int
push(struct pktq *q, uint64_t number, uint32_t caplen)
{
	static uint8_t buf[70000];
	struct pktq_rec r;

	memset(&r, 0, sizeof(r));
	r.number = number;
	r.caplen = caplen;
	r.len = caplen + 4;
	r.ts_ns = (int64_t)number * 1000;
	r.iface = (uint32_t)(number % 3);
	fill(buf, caplen, number);
	return pktq_push(q, &r, buf);
}

TEST(pktq_header_is_32_bytes)
{
	/* the hand-computed sizes below depend on it */
	CHECK_EQ(sizeof(struct pktq_rec), 32);
}

TEST(pktq_room_and_refusal)
{
	struct pktq *q = pktq_new(1);	/* rounded up to 64 KiB */
	const struct pktq_rec *r;
	const uint8_t *d;
	unsigned n = 0;

	CHECK(q != NULL);
	CHECK_EQ(pktq_capacity(q), 65536);
	CHECK_EQ(pktq_max_frame(q), 16384 - 32);
	CHECK_EQ(push(q, 1, 16384 - 31), -2);
	/* 100-byte frames: 32 + 100 = 132, rounded to 144; 65536 / 144 =
	 * 455 records (65520 bytes), the 456th does not fit */
	while (push(q, n + 1, 100) == 0)
		n++;
	CHECK_EQ(n, 455);
	CHECK(pktq_producer_full(q, 100) == 0);
	/* one record out makes room for one */
	r = pktq_peek(q, &d);
	CHECK(r != NULL && r->number == 1 && r->caplen == 100);
	CHECK(same(d, 100, 1));
	pktq_pop(q);
	CHECK(pktq_producer_full(q, 100) == 1);
	pktq_producer_awake(q);
	/* 160 free: the record goes to the start of the ring after 16 bytes
	 * of padding at 65520 (too short for a header: no marker), and then
	 * nothing fits, not even an empty frame (32) */
	CHECK_EQ(push(q, 1000, 100), 0);
	CHECK_EQ(push(q, 1001, 0), -1);
	for (n = 2; n <= 455; n++) {
		r = pktq_peek(q, &d);
		CHECK(r != NULL && r->number == n);
		pktq_pop(q);
	}
	r = pktq_peek(q, &d);
	CHECK(r != NULL && r->number == 1000 && same(d, 100, 1000));
	CHECK(d == (const uint8_t *)r + 32);
	pktq_pop(q);
	CHECK(pktq_peek(q, &d) == NULL);
	pktq_free(q);
}

TEST(pktq_order_and_contents_across_wraps)
{
	struct pktq *q = pktq_new(65536);
	const struct pktq_rec *r;
	const uint8_t *d;
	uint64_t next_in = 1, next_out = 1, bad = 0;
	unsigned round;

	/* uneven sizes, pushed until full, half taken out, many times
	 * around the ring */
	for (round = 0; round < 2000 && bad == 0; round++) {
		unsigned k = 0;

		/* 2048 records of 32 bytes at most fill 64 KiB */
		while (push(q, next_in, (uint32_t)(next_in * 389 % 1600)) == 0)
			if (next_in++, ++k > 2048) {
				bad++;
				break;
			}
		while (next_out < next_in - (next_in - next_out) / 2) {
			r = pktq_peek(q, &d);
			if (r == NULL || r->number != next_out ||
			    r->caplen != next_out * 389 % 1600 ||
			    r->len != r->caplen + 4 ||
			    r->ts_ns != (int64_t)next_out * 1000 ||
			    r->iface != next_out % 3 ||
			    !same(d, r->caplen, next_out))
				bad++;
			pktq_pop(q);
			next_out++;
		}
	}
	CHECK(next_in > 100000);
	/* bounded: a broken ring must fail the test, not hang it */
	while (next_out <= next_in && (r = pktq_peek(q, &d)) != NULL) {
		if (r->number != next_out++ || !same(d, r->caplen, r->number))
			bad++;
		pktq_pop(q);
	}
	CHECK_EQ(next_out, next_in);
	CHECK_EQ(bad, 0);
	CHECK(pktq_consumer_idle(q) == 0);
	pktq_consumer_awake(q);
	pktq_free(q);
}

#define THREAD_FRAMES	200000

static void *
producer(void *arg)
{
	struct pktq *q = arg;
	uint64_t n;

	for (n = 1; n <= THREAD_FRAMES; n++) {
		uint32_t caplen = (uint32_t)(n * 7919 % 2000);

		while (push(q, n, caplen) != 0) {
			struct pollfd p = { pktq_producer_fd(q), POLLIN, 0 };

			pktq_notify(q);
			if (pktq_producer_full(q, caplen))
				continue;
			(void)poll(&p, 1, 1000);
			pktq_producer_awake(q);
		}
		if (n % 64 == 0)
			pktq_notify(q);
	}
	pktq_notify(q);
	return NULL;
}

/* Both sides sleep in poll() whenever they have nothing to do; a lost
 * wake-up would show as a one-second stall (each wait is bounded so that
 * the test ends), counted here. */
TEST(pktq_two_threads_nothing_lost_or_reordered)
{
	struct pktq *q = pktq_new(1 << 17);
	pthread_t t;
	const struct pktq_rec *r;
	const uint8_t *d;
	uint64_t next = 1, bad = 0, stalls = 0;

	CHECK(pthread_create(&t, NULL, producer, q) == 0);
	while (next <= THREAD_FRAMES) {
		if ((r = pktq_peek(q, &d)) == NULL) {
			struct pollfd p = { pktq_consumer_fd(q), POLLIN, 0 };

			if (pktq_consumer_idle(q))
				continue;
			if (poll(&p, 1, 1000) == 0)
				stalls++;
			pktq_consumer_awake(q);
			continue;
		}
		if (r->number != next || r->caplen != next * 7919 % 2000 ||
		    !same(d, r->caplen, next))
			bad++;
		pktq_pop(q);
		next++;
	}
	pthread_join(t, NULL);
	CHECK_EQ(bad, 0);
	CHECK_EQ(stalls, 0);
	CHECK(pktq_peek(q, &d) == NULL);
	pktq_free(q);
}
