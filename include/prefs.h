/* prefs.h - protocol preferences set with -o name:value.
 *
 * For what packets do not say about themselves (a pseudowire's cookie size
 * when the control plane was not captured, extra ports).  Negotiated facts
 * seen on the wire win unless a preference forces a value.
 */
#ifndef TS_PREFS_H
#define TS_PREFS_H

#include <stddef.h>
#include <stdint.h>

#define PREFS_MAX_PORTS	8
#define PREFS_AUTO	(-1)

struct prefs {
	uint16_t	l2tp_udp_ports[PREFS_MAX_PORTS];	/* besides 1701 */
	unsigned	n_l2tp_udp_ports;
	int		l2tp_cookie_size;	/* PREFS_AUTO, 0, 4, 8 */
	int		l2tp_l2ss;		/* PREFS_AUTO, 0 none, 1 default */
	char		l2tp_secret[128];	/* shared secret; "" = none */
	uint16_t	bgp_ports[PREFS_MAX_PORTS];	/* besides 179 */
	unsigned	n_bgp_ports;
	/* resource caps (documented in tunnelscope(1)) */
	uint32_t	reasm_max_datagrams;	/* fragments being reassembled */
	uint32_t	reasm_max_bytes;	/* bytes held by reassembly */
	uint32_t	reasm_timeout_ms;	/* give up on a datagram */
	uint32_t	track_max_entities;	/* tunnels, sessions, BGP ... */
	uint32_t	track_max_findings;
	uint32_t	track_timeline;		/* transitions kept per entity */
};

void	prefs_default(struct prefs *);
/* Apply "name:value".  0 on success, -1 with a message in errbuf. */
int	prefs_set(struct prefs *, const char *, char *errbuf, size_t);
/* One line per preference with its meaning, for -h and the man page. */
void	prefs_list(void (*out)(void *, const char *), void *);

#endif /* TS_PREFS_H */
