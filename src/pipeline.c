/* pipeline.c - the engine: dissection, stateful helpers and trackers. */
#include <stdlib.h>
#include <string.h>

#include "diagnose.h"
#include "event.h"
#include "l2tp_conv.h"
#include "pipeline.h"
#include "reasm.h"
#include "tcp_stream.h"
#include "track_bgp.h"
#include "track_l2tp.h"

/* Every event goes to each module that keeps state, in capture order. */
static void
pipeline_emit(void *arg, const struct event *ev)
{
	struct pipeline *pl = arg;

	/* negotiated L2TPv3 values are needed by the very next data message */
	l2tp_conv_event(pl->ctx.l2tp, ev);
	/* L2TPv3 control connections, sessions, inner facts (not when
	 * only decoding: trackers never change what a frame reads as) */
	if (!pl->dissect_only)
		l2tp_track_event(pl->engine->l2tp, ev);
	if (ev->kind == EV_TCP_SEGMENT)
		tcp_streams_event(pl->ctx.tcp, ev);
	/* BGP sessions and their TCP connections (after the
	 * stream module, whose connection ids it uses) */
	if (!pl->dissect_only)
		bgp_track_event(pl->engine->bgp, ev);
}

int
pipeline_init(struct pipeline *pl, const struct prefs *prefs)
{
	memset(pl, 0, sizeof(*pl));
	pl->prefs = *prefs;
	pl->reasm = reasm_new(prefs->reasm_max_datagrams,
	    prefs->reasm_max_bytes, prefs->reasm_timeout_ms);
	if (pl->reasm == NULL)
		return -1;
	if ((pl->engine = engine_new(&pl->prefs)) == NULL)
		return -1;
	if ((pl->ctx.tcp = tcp_streams_new(&pl->prefs)) == NULL)
		return -1;
	if ((pl->ctx.l2tp = l2tp_conv_new(&pl->prefs)) == NULL)
		return -1;
	/* the L2TPv3 tracker and its rules (engine frees it) */
	if (l2tp_track_new(pl->engine, pl->ctx.l2tp) == NULL)
		return -1;
	/* the BGP tracker and its rules (engine frees it) */
	if (bgp_track_new(pl->engine, pl->ctx.tcp) == NULL)
		return -1;
	stats_init(&pl->stats);
	pl->ctx.prefs = &pl->prefs;
	pl->ctx.reasm = pl->reasm;
	pl->ctx.emit = pipeline_emit;
	pl->ctx.emit_arg = pl;
	return 0;
}

void
pipeline_free(struct pipeline *pl)
{
	engine_free(pl->engine);
	pl->engine = NULL;
	tcp_streams_free(pl->ctx.tcp);
	pl->ctx.tcp = NULL;
	l2tp_conv_free(pl->ctx.l2tp);
	pl->ctx.l2tp = NULL;
	reasm_free(pl->reasm);
	pl->reasm = NULL;
}

void
pipeline_frame(struct pipeline *pl, const struct frame *f)
{
	/* timers that ran out before this frame fire before its events */
	if (!pl->dissect_only)
		engine_tick(pl->engine, f->ts_ns);
	/* expire stale fragments once a second of capture time, not per packet */
	if (f->ts_ns - pl->last_expire_ns >= 1000000000LL ||
	    f->ts_ns < pl->last_expire_ns) {
		reasm_expire(pl->reasm, f->ts_ns);
		pl->last_expire_ns = f->ts_ns;
	}
	dissect_frame(&pl->ctx, f, &pl->pkt);
	stats_frame(&pl->stats, &pl->pkt);
}

/* the live loop's once-a-second tick. */
void
pipeline_tick(struct pipeline *pl, int64_t now_ns)
{
	engine_tick(pl->engine, now_ns);
}

void
pipeline_finish(struct pipeline *pl)
{
	/* frame what the streams still hold before the last rules run */
	tcp_streams_finish(pl->ctx.tcp, NULL, NULL);
	/* messages seen at one vantage only, before the last pass */
	l2tp_track_finish(pl->engine->l2tp);
	engine_finish(pl->engine);
}
