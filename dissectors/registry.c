/* registry.c - every dissector, and lookup by (table, key).
 *
 * Adding a protocol: write dissectors/<proto>.c exporting one const
 * struct dissector with its (table, key) registrations, and list it here.
 */
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>
#include <threads.h>

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

/*
 * Lookup by (table, key) happens once per layer of every frame (twice for
 * ports), and most port lookups find nothing, so it must not scan every
 * registration.  An open-addressing table of (table, key, dissector) is
 * built once, on first use, from the const descriptors above; the first
 * dissector listed, first registration, wins a (table, key) pair, as a
 * scan in that order would.  A lookup is a hash and, at a quarter full,
 * about one probe; an empty slot ends a miss.  This table is the one
 * piece of mutable static state in dissectors/: it is written once under
 * call_once() and only read afterwards.
 */
#define REG_SLOTS	256	/* power of two, >= 4 x the registrations */

struct reg_ent {
	const struct dissector	*d;		/* NULL: empty */
	uint32_t		 key;
	uint8_t			 table;
};

static struct {
	struct reg_ent	 e[REG_SLOTS];
	int		 ok;			/* 0: too many, scan instead */
} reg_index;
static once_flag reg_once = ONCE_FLAG_INIT;
static atomic_int reg_built;	/* set once reg_index is complete */

static unsigned
reg_slot(unsigned t, uint32_t key)
{
	uint32_t h = (key ^ (uint32_t)t << 24) * 0x9e3779b1u;

	return h >> 24;		/* top bits: REG_SLOTS = 2^8 */
}

static void
reg_build(void)
{
	size_t i, j, n = 0;
	unsigned s;

	for (i = 0; i < NALL; i++)
		for (j = 0; j < all[i]->nregs; j++) {
			const struct dreg *r = &all[i]->regs[j];

			if (++n > REG_SLOTS / 4)
				return;		/* ok stays 0: scan */
			for (s = reg_slot(r->table, r->key);
			    reg_index.e[s].d != NULL;
			    s = (s + 1) & (REG_SLOTS - 1))
				if (reg_index.e[s].table == r->table &&
				    reg_index.e[s].key == r->key)
					break;	/* an earlier one has it */
			if (reg_index.e[s].d != NULL)
				continue;
			reg_index.e[s].d = all[i];
			reg_index.e[s].key = r->key;
			reg_index.e[s].table = r->table;
		}
	reg_index.ok = 1;
	atomic_store_explicit(&reg_built, 1, memory_order_release);
}

const struct dissector *
registry_find(const struct prefs *p, enum dtable t, uint32_t key)
{
	size_t i, j;
	unsigned s;

	/* -o overrides come first: they say what the user knows. */
	if (p != NULL && t == DT_UDP_PORT && p->n_l2tp_udp_ports > 0 &&
	    in_ports(p->l2tp_udp_ports, p->n_l2tp_udp_ports, key))
		return registry_by_name("l2tp");
	if (p != NULL && t == DT_TCP_PORT && p->n_bgp_ports > 0 &&
	    in_ports(p->bgp_ports, p->n_bgp_ports, key))
		return registry_by_name("bgp");
	/* call_once() is a library call per lookup; the flag is a load */
	if (!atomic_load_explicit(&reg_built, memory_order_acquire))
		call_once(&reg_once, reg_build);
	if (reg_index.ok) {
		for (s = reg_slot(t, key); reg_index.e[s].d != NULL;
		    s = (s + 1) & (REG_SLOTS - 1))
			if (reg_index.e[s].key == key &&
			    reg_index.e[s].table == (uint8_t)t)
				return reg_index.e[s].d;
		return NULL;
	}
	for (i = 0; i < NALL; i++)
		for (j = 0; j < all[i]->nregs; j++)
			if (all[i]->regs[j].table == t &&
			    all[i]->regs[j].key == key)
				return all[i];
	return NULL;
}
