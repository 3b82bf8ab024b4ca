/* track_l2tp_v6_test.c - the IPv6 subnet check of
 * l2tp.endpoint_in_tunneled_subnet: two addresses in one /64 (RFC 4291
 * §2.5.4), and which inner addresses name a subnet at all (RFC 4291
 * §2.5.2 unspecified, §2.5.3 loopback, §2.5.6 link-local, §2.7
 * multicast); the host list of a session's inner IPv6 addresses, and
 * the hosts past its lists, counted once each.
 * Addresses written out byte by byte. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/track_l2tp_priv.h"
#include "unit.h"

/* 2001:db8:200::3, the story's endpoint */
static const uint8_t ep[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x02, 0x00, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0x03 };

TEST(track_l2tp_v6_same64)
{
	/* 2001:db8:200::10: same /64 */
	static const uint8_t h10[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x02, 0x00,
	    0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10 };
	/* 2001:db8:200:0:ffff:ffff:ffff:ffff: last of the /64 */
	static const uint8_t last[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x02, 0x00,
	    0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	/* 2001:db8:200:1::3: the next /64 (bit 63 differs) */
	static const uint8_t next[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x02, 0x00,
	    0, 0x01, 0, 0, 0, 0, 0, 0, 0, 0x03 };
	/* 2001:db8:1::1: another site */
	static const uint8_t a[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01,
	    0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01 };

	CHECK(l2t_v6_same64(ep, ep));
	CHECK(l2t_v6_same64(ep, h10));
	CHECK(l2t_v6_same64(h10, last));
	CHECK(!l2t_v6_same64(ep, next));
	CHECK(!l2t_v6_same64(ep, a));
}

TEST(track_l2tp_v6_subnet_addr)
{
	static const uint8_t unspec[16] = { 0 };
	static const uint8_t loop[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0, 0, 0x01 };
	/* ::2 is no special address */
	static const uint8_t two[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0, 0, 0x02 };
	/* fe80::1 and febf::1 (fe80::/10), fec0::1 (outside it) */
	static const uint8_t ll[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0, 0, 0, 0x01 };
	static const uint8_t llhi[16] = { 0xfe, 0xbf, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0, 0, 0, 0, 0x01 };
	static const uint8_t sl[16] = { 0xfe, 0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0, 0, 0, 0x01 };
	/* ff02::1:ff00:3, solicited-node multicast */
	static const uint8_t sn[16] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0x01, 0xff, 0x00, 0x00, 0x03 };

	CHECK(l2t_v6_subnet_addr(ep));
	CHECK(!l2t_v6_subnet_addr(unspec));
	CHECK(!l2t_v6_subnet_addr(loop));
	CHECK(l2t_v6_subnet_addr(two));
	CHECK(!l2t_v6_subnet_addr(ll));
	CHECK(!l2t_v6_subnet_addr(llhi));
	CHECK(l2t_v6_subnet_addr(sl));
	CHECK(!l2t_v6_subnet_addr(sn));
}

/* The host list of a session: first seen first, once each, multicast and
 * :: left out, link-local kept, L2T_INNER6 (8) at most, then counted. */
TEST(track_l2tp_v6_inner_host_list)
{
	/* 2001:db8:200::10, ::20 */
	static const uint8_t h10[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x02, 0x00,
	    0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10 };
	static const uint8_t h20[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x02, 0x00,
	    0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20 };
	static const uint8_t unspec[16] = { 0 };
	static const uint8_t sn[16] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0x01, 0xff, 0x00, 0x00, 0x03 };
	static const uint8_t ll[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0, 0, 0, 0x01 };
	struct l2t_sess s;
	uint8_t h[16];
	unsigned i, k;
	int atleast;

	memset(&s, 0, sizeof(s));
	l2t_inner6_add(&s, h10);
	l2t_inner6_add(&s, h20);
	l2t_inner6_add(&s, sn);
	l2t_inner6_add(&s, unspec);
	l2t_inner6_add(&s, h10);
	l2t_inner6_add(&s, ep);
	l2t_inner6_add(&s, ll);
	CHECK_EQ(s.ninner6, 4);
	CHECK(s.inner6 != NULL);
	if (s.inner6 == NULL)
		return;
	CHECK(memcmp(s.inner6[0], h10, 16) == 0);
	CHECK(memcmp(s.inner6[1], h20, 16) == 0);
	CHECK(memcmp(s.inner6[2], ep, 16) == 0);
	CHECK(memcmp(s.inner6[3], ll, 16) == 0);
	CHECK(s.more == NULL);
	/* 2001:db8:200::100 .. ::106, twice: four fit, three are counted
	 * once each (hosts, not the packets that carried them) */
	memcpy(h, h10, 16);
	for (k = 0; k < 2; k++)
		for (i = 0; i < 7; i++) {
			h[14] = 0x01;
			h[15] = (uint8_t)i;
			l2t_inner6_add(&s, h);
		}
	CHECK_EQ(s.ninner6, 8);
	CHECK_EQ(s.inner6_cap, 8);
	CHECK_EQ(l2t_more_count(&s, &atleast), 3);
	CHECK_EQ(atleast, 0);
	CHECK(s.inner6[7][14] == 0x01 && s.inner6[7][15] == 3);
	free(s.inner6);
	free(s.more);
}

/* The set of hosts a session has no room to list: each address counted
 * once whatever it is seen in; an IPv4 address is new again only the
 * first time it is seen a new way (the caller then checks it); at 96
 * (three quarters of 128 slots) it stops and says the count is a lower
 * bound. */
TEST(track_l2tp_more_hosts_counted_once)
{
	const uint64_t v4 = 1ull << 32;
	struct l2t_sess s;
	unsigned i, fresh = 0;
	int atleast = -1;

	memset(&s, 0, sizeof(s));
	CHECK_EQ(l2t_more_count(&s, &atleast), 0);
	CHECK_EQ(atleast, 0);
	/* 10.0.0.1 as a source, again, then as a destination, again */
	CHECK_EQ(l2t_more_add(&s, v4 | 0x0a000001u, L2TI_IP_SRC), 1);
	CHECK_EQ(l2t_more_add(&s, v4 | 0x0a000001u, L2TI_IP_SRC), 0);
	CHECK_EQ(l2t_more_add(&s, v4 | 0x0a000001u, L2TI_IP_DST), 1);
	CHECK_EQ(l2t_more_add(&s, v4 | 0x0a000001u, L2TI_IP_DST), 0);
	CHECK_EQ(l2t_more_add(&s, v4 | 0x0a000001u, L2TI_IP_SRC), 0);
	/* 0.0.0.0 is a host key like any other (bit 32 makes it nonzero) */
	CHECK_EQ(l2t_more_add(&s, v4, L2TI_ARP_SPA), 1);
	CHECK_EQ(l2t_more_count(&s, &atleast), 2);
	CHECK_EQ(atleast, 0);
	/* 10.0.1.0 .. 10.0.1.199, each three times: 94 more fit (96 in
	 * all), the rest are not counted and make the count a lower bound */
	for (i = 0; i < 3 * 200; i++)
		fresh += (unsigned)l2t_more_add(&s, v4 | (0x0a000100u + i % 200),
		    L2TI_IP_SRC);
	CHECK_EQ(l2t_more_count(&s, &atleast), 96);
	CHECK_EQ(atleast, 1);
	/* 94 new once each; the 106 uncounted are reported new every time
	 * (they cannot be told apart from new ones) */
	CHECK_EQ(fresh, 94 + 3 * 106);
	/* one already in the set is still known */
	CHECK_EQ(l2t_more_add(&s, v4 | 0x0a000001u, L2TI_IP_SRC), 0);
	free(s.more);
}
