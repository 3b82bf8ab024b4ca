/* rules_capture.h - capture.drops: what a live capture itself lost (DESIGN.md rule catalog). */
#ifndef TS_RULES_CAPTURE_H
#define TS_RULES_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

struct engine;

/* One interface's pcap_stats() counters. */
struct capture_drop {
	const char	*label;
	const char	*ifname;
	uint64_t	 recv;		/* received by the filter */
	uint64_t	 drop;		/* dropped by the kernel */
	uint64_t	 ifdrop;	/* dropped by the interface */
};

/* Register the capture.drops rule.  0, or -1 when the engine is full. */
int	capture_rules_register(struct engine *);
/* The latest counters of every live interface at capture time ts: the
 * capture.drops finding is created or updated when any dropped. */
void	capture_drops_report(struct engine *, const struct capture_drop *,
	    size_t n, int64_t ts);

#endif /* TS_RULES_CAPTURE_H */
