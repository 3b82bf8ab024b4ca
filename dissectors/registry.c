/* registry.c - every dissector, and lookup by (table, key).
 *
 * Adding a protocol: write dissectors/<proto>.c exporting one const
 * struct dissector with its (table, key) registrations, and list it here.
 */
#include <stddef.h>
#include <string.h>

#include "dissect.h"
#include "prefs.h"

extern const struct dissector dissector_data;
extern const struct dissector dissector_eth;
extern const struct dissector dissector_vlan;
extern const struct dissector dissector_sll;
extern const struct dissector dissector_sll2;
extern const struct dissector dissector_null;
extern const struct dissector dissector_loop;
extern const struct dissector dissector_rawip;
extern const struct dissector dissector_arp;
extern const struct dissector dissector_ipv4;
extern const struct dissector dissector_ipv6;
extern const struct dissector dissector_icmp;
extern const struct dissector dissector_icmpv6;
extern const struct dissector dissector_udp;
extern const struct dissector dissector_tcp;
extern const struct dissector dissector_l2tp;
extern const struct dissector dissector_bgp;

static const struct dissector *const all[] = {
	&dissector_data,
	&dissector_eth,
	&dissector_vlan,
	&dissector_sll,
	&dissector_sll2,
	&dissector_null,
	&dissector_loop,
	&dissector_rawip,
	&dissector_arp,
	&dissector_ipv4,
	&dissector_ipv6,
	&dissector_icmp,
	&dissector_icmpv6,
	&dissector_udp,
	&dissector_tcp,
	&dissector_l2tp,
	&dissector_bgp,
};

#define NALL	(sizeof(all) / sizeof(all[0]))

const struct dissector *const *
registry_all(size_t *n)
{
	*n = NALL;
	return all;
}

const struct dissector *
registry_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < NALL; i++)
		if (strcmp(all[i]->name, name) == 0)
			return all[i];
	return NULL;
}

static int
in_ports(const uint16_t *ports, unsigned n, uint32_t key)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (ports[i] == key)
			return 1;
	return 0;
}

const struct dissector *
registry_find(const struct prefs *p, enum dtable t, uint32_t key)
{
	size_t i, j;

	/* -o overrides come first: they say what the user knows. */
	if (p != NULL && t == DT_UDP_PORT &&
	    in_ports(p->l2tp_udp_ports, p->n_l2tp_udp_ports, key))
		return registry_by_name("l2tp");
	if (p != NULL && t == DT_TCP_PORT &&
	    in_ports(p->bgp_ports, p->n_bgp_ports, key))
		return registry_by_name("bgp");
	for (i = 0; i < NALL; i++)
		for (j = 0; j < all[i]->nregs; j++)
			if (all[i]->regs[j].table == t &&
			    all[i]->regs[j].key == key)
				return all[i];
	return NULL;
}
