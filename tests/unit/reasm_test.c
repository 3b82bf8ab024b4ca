/* reasm_test.c - src/reasm.c: order, duplicates, overlaps, timeouts, caps. */
#include <string.h>

#include "reasm.h"
#include "unit.h"

#define MS	1000000LL

static struct reasm_key
rk(uint32_t id)
{
	struct reasm_key k;

	memset(&k, 0, sizeof(k));
	k.af = 4;
	k.proto = 17;
	k.id = id;
	k.src[0] = 10; k.src[3] = 1;
	k.dst[0] = 10; k.dst[3] = 2;
	return k;
}

struct radd {
	enum reasm_result r;
	const uint8_t	*out;
	size_t		 outlen;
	unsigned	 nfrags;
	const char	*reason;
};

static struct radd
add(struct reasm *r, const struct reasm_key *k, int64_t ts, uint32_t off,
    int more, const uint8_t *d, size_t n)
{
	struct radd a;

	a.r = reasm_add(r, k, ts, off, more, d, n, &a.out, &a.outlen,
	    &a.nfrags, &a.reason);
	return a;
}

static uint8_t pat[4096];

static void
fill(void)
{
	size_t i;

	for (i = 0; i < sizeof(pat); i++)
		pat[i] = (uint8_t)(i * 7 + 3);
}

TEST(reasm_in_order)
{
	struct reasm *r = reasm_new(8, 1 << 20, 1000);
	struct reasm_key k = rk(1);
	struct radd a;

	fill();
	a = add(r, &k, 0, 0, 1, pat, 1480);
	CHECK_EQ(a.r, REASM_HELD);
	CHECK(a.reason == NULL);
	a = add(r, &k, 1, 1480, 1, pat + 1480, 1480);
	CHECK_EQ(a.r, REASM_HELD);
	CHECK_EQ(reasm_stats(r)->datagrams_held, 1);
	a = add(r, &k, 2, 2960, 0, pat + 2960, 100);
	CHECK_EQ(a.r, REASM_DONE);
	CHECK_EQ(a.outlen, 3060);
	CHECK_EQ(a.nfrags, 3);
	CHECK(memcmp(a.out, pat, 3060) == 0);
	CHECK_EQ(reasm_stats(r)->completed, 1);
	CHECK_EQ(reasm_stats(r)->fragments, 3);
	CHECK_EQ(reasm_stats(r)->datagrams_held, 0);
	CHECK_EQ(reasm_stats(r)->bytes_held, 0);
	reasm_free(r);
}

TEST(reasm_out_of_order_last_first)
{
	struct reasm *r = reasm_new(8, 1 << 20, 1000);
	struct reasm_key k = rk(2);
	struct radd a;

	fill();
	CHECK_EQ(add(r, &k, 0, 2000, 0, pat + 2000, 7).r, REASM_HELD);
	CHECK_EQ(add(r, &k, 0, 1000, 1, pat + 1000, 1000).r, REASM_HELD);
	a = add(r, &k, 0, 0, 1, pat, 1000);
	CHECK_EQ(a.r, REASM_DONE);
	CHECK_EQ(a.outlen, 2007);
	CHECK(memcmp(a.out, pat, 2007) == 0);
	reasm_free(r);
}

TEST(reasm_duplicate_is_overlap_not_conflict)
{
	struct reasm *r = reasm_new(8, 1 << 20, 1000);
	struct reasm_key k = rk(3);
	struct radd a;

	fill();
	add(r, &k, 0, 0, 1, pat, 800);
	a = add(r, &k, 0, 0, 1, pat, 800);
	CHECK_EQ(a.r, REASM_HELD);
	CHECK(a.reason != NULL);
	CHECK_EQ(reasm_stats(r)->overlaps, 1);
	CHECK_EQ(reasm_stats(r)->overlap_conflicts, 0);
	a = add(r, &k, 0, 800, 0, pat + 800, 8);
	CHECK_EQ(a.r, REASM_DONE);
	CHECK_EQ(a.nfrags, 3);
	CHECK(memcmp(a.out, pat, 808) == 0);
	reasm_free(r);
}

TEST(reasm_overlap_different_bytes_first_wins)
{
	struct reasm *r = reasm_new(8, 1 << 20, 1000);
	struct reasm_key k = rk(4);
	uint8_t x[16], y[16], want[24];
	struct radd a;

	memset(x, 0xaa, sizeof(x));
	memset(y, 0xbb, sizeof(y));
	add(r, &k, 0, 0, 1, x, 16);		/* bytes 0..15 = aa */
	a = add(r, &k, 0, 8, 0, y, 16);		/* 8..23 = bb, 8..15 clash */
	CHECK_EQ(a.r, REASM_DONE);
	CHECK(a.reason != NULL && strstr(a.reason, "different") != NULL);
	CHECK_EQ(reasm_stats(r)->overlaps, 1);
	CHECK_EQ(reasm_stats(r)->overlap_conflicts, 1);
	memset(want, 0xaa, 16);
	memset(want + 16, 0xbb, 8);
	CHECK_EQ(a.outlen, 24);
	CHECK(memcmp(a.out, want, 24) == 0);
	reasm_free(r);
}

TEST(reasm_partial_overlap_same_bytes)
{
	struct reasm *r = reasm_new(8, 1 << 20, 1000);
	struct reasm_key k = rk(5);
	struct radd a;

	fill();
	add(r, &k, 0, 0, 1, pat, 24);
	a = add(r, &k, 0, 16, 0, pat + 16, 16);
	CHECK_EQ(a.r, REASM_DONE);
	CHECK(a.reason != NULL && strstr(a.reason, "same") != NULL);
	CHECK_EQ(reasm_stats(r)->overlap_conflicts, 0);
	CHECK(memcmp(a.out, pat, 32) == 0);
	reasm_free(r);
}

TEST(reasm_never_completing_times_out)
{
	struct reasm *r = reasm_new(8, 1 << 20, 1000);
	struct reasm_key k = rk(6);

	fill();
	add(r, &k, 0, 0, 1, pat, 64);
	reasm_expire(r, 1000 * MS);		/* exactly the timeout: kept */
	CHECK_EQ(reasm_stats(r)->datagrams_held, 1);
	reasm_expire(r, 1000 * MS + 1);
	CHECK_EQ(reasm_stats(r)->datagrams_held, 0);
	CHECK_EQ(reasm_stats(r)->timed_out, 1);
	CHECK_EQ(reasm_stats(r)->bytes_held, 0);
	/* the last fragment now starts a new datagram: no completion */
	CHECK_EQ(add(r, &k, 1001 * MS, 64, 0, pat + 64, 8).r, REASM_HELD);
	reasm_free(r);
}

TEST(reasm_timeout_checked_on_add)
{
	struct reasm *r = reasm_new(8, 1 << 20, 1000);
	struct reasm_key k = rk(7);

	fill();
	add(r, &k, 0, 0, 1, pat, 64);
	/* 2 s later, no reasm_expire call: the old half must not be used */
	CHECK_EQ(add(r, &k, 2000 * MS, 64, 0, pat + 64, 8).r, REASM_HELD);
	CHECK_EQ(reasm_stats(r)->timed_out, 1);
	CHECK_EQ(reasm_stats(r)->datagrams_held, 1);
	reasm_free(r);
}

TEST(reasm_datagram_cap_evicts_least_recently_updated)
{
	struct reasm *r = reasm_new(2, 1 << 20, 100000);
	struct reasm_key a = rk(10), b = rk(11), c = rk(12);

	fill();
	add(r, &a, 0, 0, 1, pat, 8);
	add(r, &b, 1, 0, 1, pat, 8);
	add(r, &a, 2, 8, 1, pat + 8, 8);	/* a is now the fresher */
	add(r, &c, 3, 0, 1, pat, 8);		/* evicts b */
	CHECK_EQ(reasm_stats(r)->evicted, 1);
	CHECK_EQ(reasm_stats(r)->datagrams_held, 2);
	CHECK_EQ(add(r, &a, 4, 16, 0, pat + 16, 8).r, REASM_DONE);
	/* b lost its first fragment: its last one does not complete it */
	CHECK_EQ(add(r, &b, 5, 8, 0, pat + 8, 8).r, REASM_HELD);
	reasm_free(r);
}

TEST(reasm_byte_cap_evicts_then_drops)
{
	/* buffers start at 2048 bytes + 256 bitmap = 2304 per datagram */
	struct reasm *r = reasm_new(100, 5000, 100000);
	struct reasm_key a = rk(20), b = rk(21), c = rk(22);
	struct radd x;

	fill();
	add(r, &a, 0, 0, 1, pat, 8);
	add(r, &b, 1, 0, 1, pat, 8);
	CHECK_EQ(reasm_stats(r)->bytes_held, 4608);
	add(r, &c, 2, 0, 1, pat, 8);		/* 6912 > 5000: a goes */
	CHECK_EQ(reasm_stats(r)->evicted, 1);
	CHECK(reasm_stats(r)->bytes_held <= 5000);
	/* one datagram that alone exceeds the cap: refused */
	x = add(r, &c, 3, 5000, 1, pat, 1000);	/* 8192 + 1024 */
	CHECK_EQ(x.r, REASM_DROPPED);
	CHECK(x.reason != NULL);
	CHECK(reasm_stats(r)->bytes_held <= 5000);
	reasm_free(r);
}

TEST(reasm_rejects_past_65535)
{
	struct reasm *r = reasm_new(8, 1 << 20, 1000);
	struct reasm_key k = rk(30);
	struct radd a;

	fill();
	a = add(r, &k, 0, 65528, 0, pat, 8);	/* ends at 65536 */
	CHECK_EQ(a.r, REASM_DROPPED);
	CHECK(a.reason != NULL);
	a = add(r, &k, 0, 65528, 0, pat, 7);	/* ends at 65535: fine */
	CHECK_EQ(a.r, REASM_HELD);
	a = add(r, &k, 0, 0xffffffffu, 0, pat, 8);
	CHECK_EQ(a.r, REASM_DROPPED);
	reasm_free(r);
}

TEST(reasm_conflicting_ends_dropped)
{
	struct reasm *r = reasm_new(8, 1 << 20, 1000);
	struct reasm_key k = rk(31);

	fill();
	CHECK_EQ(add(r, &k, 0, 16, 0, pat, 8).r, REASM_HELD);	/* end 24 */
	CHECK_EQ(add(r, &k, 0, 24, 0, pat, 8).r, REASM_DROPPED);
	CHECK_EQ(add(r, &k, 0, 24, 1, pat, 8).r, REASM_DROPPED);
	/* a last fragment ending before bytes already held */
	k = rk(32);
	CHECK_EQ(add(r, &k, 0, 64, 1, pat, 8).r, REASM_HELD);
	CHECK_EQ(add(r, &k, 0, 0, 0, pat, 8).r, REASM_DROPPED);
	reasm_free(r);
}

TEST(reasm_keys_separate_vantage_depth_af)
{
	struct reasm *r = reasm_new(8, 1 << 20, 1000);
	struct reasm_key a = rk(40), b = rk(40), c = rk(40), d = rk(40);

	fill();
	b.vantage = 1;
	c.depth = 1;
	d.af = 6;
	add(r, &a, 0, 0, 1, pat, 8);
	CHECK_EQ(add(r, &b, 0, 8, 0, pat + 8, 8).r, REASM_HELD);
	CHECK_EQ(add(r, &c, 0, 8, 0, pat + 8, 8).r, REASM_HELD);
	CHECK_EQ(add(r, &d, 0, 8, 0, pat + 8, 8).r, REASM_HELD);
	CHECK_EQ(reasm_stats(r)->datagrams_held, 4);
	CHECK_EQ(add(r, &a, 0, 8, 0, pat + 8, 8).r, REASM_DONE);
	reasm_free(r);
}

/* A completed buffer stays valid while later datagrams complete (a
 * frame may hold nested reassembled datagrams); ASan checks the reads. */
TEST(reasm_completed_buffer_outlives_next_completion)
{
	struct reasm *r = reasm_new(8, 1 << 20, 1000);
	struct reasm_key a = rk(50), b = rk(51);
	struct radd x, y;

	fill();
	add(r, &a, 0, 0, 1, pat, 8);
	x = add(r, &a, 0, 8, 0, pat + 8, 8);
	CHECK_EQ(x.r, REASM_DONE);
	/* feed b from a's reassembled bytes, as a nested datagram would */
	add(r, &b, 0, 0, 1, x.out, 8);
	y = add(r, &b, 0, 8, 0, x.out + 8, 8);
	CHECK_EQ(y.r, REASM_DONE);
	CHECK(memcmp(x.out, pat, 16) == 0);
	CHECK(memcmp(y.out, pat, 16) == 0);
	reasm_free(r);
}

TEST(reasm_single_unfragmented_and_empty)
{
	struct reasm *r = reasm_new(8, 1 << 20, 1000);
	struct reasm_key k = rk(60);
	struct radd a;

	fill();
	a = add(r, &k, 0, 0, 0, pat, 10);
	CHECK_EQ(a.r, REASM_DONE);
	CHECK_EQ(a.outlen, 10);
	k = rk(61);
	a = add(r, &k, 0, 0, 0, pat, 0);
	CHECK_EQ(a.r, REASM_DONE);
	CHECK_EQ(a.outlen, 0);
	CHECK(a.out != NULL);
	reasm_free(r);
}
