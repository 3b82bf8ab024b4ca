/* track_l2tp_v6_test.c - the IPv6 subnet check of
 * l2tp.endpoint_in_tunneled_subnet: two addresses in one /64 (RFC 4291
 * §2.5.4), and which inner addresses name a subnet at all (RFC 4291
 * §2.5.2 unspecified, §2.5.3 loopback, §2.5.6 link-local, §2.7
 * multicast).  Addresses written out byte by byte. */
#include <stdint.h>

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
