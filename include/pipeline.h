/* pipeline.h - one engine for every front end: frame -> dissect -> track. */
#ifndef TS_PIPELINE_H
#define TS_PIPELINE_H

#include "dissect.h"
#include "prefs.h"
#include "stats.h"

struct reasm;
struct event;
struct engine;

struct pipeline {
	struct prefs	 prefs;
	struct dctx	 ctx;
	struct packet	 pkt;
	struct reasm	*reasm;
	struct engine	*engine;	/* trackers, findings, timers */
	struct stats	 stats;
	int64_t		 last_expire_ns;
	/* decoding only (-T decode alone, the report's second reading for
	 * its evidence lines): the stateful help dissection needs (IP
	 * reassembly, TCP streams, L2TPv3 layouts), no trackers or rules */
	int		 dissect_only;
};

/* 0, or -1 when out of memory. */
int	pipeline_init(struct pipeline *, const struct prefs *);
void	pipeline_free(struct pipeline *);
/* Dissect one frame and feed every tracker; the packet stays in pl->pkt
 * until the next call, for views that print it. */
void	pipeline_frame(struct pipeline *, const struct frame *);
/* time passes without a frame (live capture): inferred timers
 * and the periodic rules run at now_ns (capture time). */
void	pipeline_tick(struct pipeline *, int64_t now_ns);
/* End of input: let inferred timers run out. */
void	pipeline_finish(struct pipeline *);

#endif /* TS_PIPELINE_H */
