/* registry_test.c - dissector lookup by (table, key).
 *
 * The hashed index must answer exactly as a scan of the descriptors in
 * registry order would: the first dissector listed, first registration,
 * wins a (table, key); keys nobody registered give NULL; -o ports come
 * before everything.  The expected answers are computed here by that scan
 * over the const descriptors, and a few by name from the RFC numbers.
 */
#include <string.h>

#include "unit.h"
#include "dissect.h"
#include "prefs.h"

static const struct dissector *
scan(enum dtable t, uint32_t key)
{
	const struct dissector *const *all;
	size_t n, i, j;

	all = registry_all(&n);
	for (i = 0; i < n; i++)
		for (j = 0; j < all[i]->nregs; j++)
			if (all[i]->regs[j].table == t &&
			    all[i]->regs[j].key == key)
				return all[i];
	return NULL;
}

TEST(registry_index_answers_as_the_scan)
{
	const struct dissector *const *all;
	size_t n, i, j, checked = 0;

	all = registry_all(&n);
	for (i = 0; i < n; i++)
		for (j = 0; j < all[i]->nregs; j++) {
			const struct dreg *r = &all[i]->regs[j];

			CHECK(registry_find(NULL, (enum dtable)r->table,
			    r->key) == scan((enum dtable)r->table, r->key));
			checked++;
		}
	CHECK(checked >= 20);
	/* every 16-bit key of every table (EtherTypes, ports, protocols,
	 * link types, PW types all fit), and one past */
	{
		unsigned t, bad = 0;
		uint32_t k;

		for (t = 0; t <= DT_COUNT; t++)
			for (k = 0; k <= 0x10000; k++)
				if (registry_find(NULL, (enum dtable)t, k) !=
				    scan((enum dtable)t, k))
					bad++;
		CHECK_EQ(bad, 0);
	}
}

TEST(registry_numbers_from_the_rfcs)
{
	CHECK(registry_find(NULL, DT_ETHERTYPE, 0x0800) ==
	    registry_by_name("ipv4"));
	CHECK(registry_find(NULL, DT_ETHERTYPE, 0x86dd) ==
	    registry_by_name("ipv6"));
	CHECK(registry_find(NULL, DT_ETHERTYPE, 0x0806) ==
	    registry_by_name("arp"));
	CHECK(registry_find(NULL, DT_IPPROTO, 115) ==
	    registry_by_name("l2tp"));		/* RFC 3931 §4.1.1.1 */
	CHECK(registry_find(NULL, DT_UDP_PORT, 1701) ==
	    registry_by_name("l2tp"));
	CHECK(registry_find(NULL, DT_TCP_PORT, 179) ==
	    registry_by_name("bgp"));		/* RFC 4271 §8.2.1 */
	CHECK(registry_find(NULL, DT_IPPROTO, 6) == registry_by_name("tcp"));
	CHECK(registry_find(NULL, DT_IPPROTO, 17) == registry_by_name("udp"));
	/* nobody's */
	CHECK(registry_find(NULL, DT_TCP_PORT, 80) == NULL);
	CHECK(registry_find(NULL, DT_UDP_PORT, 53) == NULL);
	CHECK(registry_find(NULL, DT_ETHERTYPE, 0x1234) == NULL);
	CHECK(registry_find(NULL, DT_COUNT, 0x0800) == NULL);
}

TEST(registry_prefs_ports_first)
{
	struct prefs p;

	memset(&p, 0, sizeof(p));
	p.l2tp_udp_ports[0] = 5000;
	p.n_l2tp_udp_ports = 1;
	p.bgp_ports[0] = 1179;
	p.n_bgp_ports = 1;
	CHECK(registry_find(&p, DT_UDP_PORT, 5000) ==
	    registry_by_name("l2tp"));
	CHECK(registry_find(&p, DT_TCP_PORT, 1179) ==
	    registry_by_name("bgp"));
	CHECK(registry_find(&p, DT_TCP_PORT, 5000) == NULL);
	CHECK(registry_find(&p, DT_UDP_PORT, 1179) == NULL);
	CHECK(registry_find(&p, DT_UDP_PORT, 1701) ==
	    registry_by_name("l2tp"));
}
