/* out_summary.c - the default view: what the capture holds, in a screen. */
#include <stdio.h>
#include <string.h>

#include "diagnose.h"
#include "dissect.h"
#include "finding.h"
#include "l2tp_conv.h"
#include "out.h"
#include "pipeline.h"
#include "reasm.h"
#include "source.h"
#include "stats.h"
#include "tcp_stream.h"
#include "textbuf.h"
#include "timefmt.h"
#include "track.h"
#include "track_bgp.h"
#include "track_l2tp.h"

static const char *
proto_display(unsigned proto)
{
	const struct dissector *const *all;
	size_t n, i;

	all = registry_all(&n);
	for (i = 0; i < n; i++)
		if (all[i]->proto == proto)
			return all[i]->display;
	return NULL;
}

static const char *
linktype_name(int lt)
{
	switch (lt) {
	case TS_LINKTYPE_NULL:		return "BSD loopback";
	case TS_LINKTYPE_ETHERNET:	return "Ethernet";
	case TS_DLT_RAW_BSD:
	case TS_DLT_RAW_OPENBSD:
	case TS_LINKTYPE_RAW:		return "raw IP";
	case TS_LINKTYPE_LOOP:		return "OpenBSD loopback";
	case TS_LINKTYPE_LINUX_SLL:	return "Linux cooked v1";
	case TS_LINKTYPE_IPV4:		return "raw IPv4";
	case TS_LINKTYPE_IPV6:		return "raw IPv6";
	case TS_LINKTYPE_LINUX_SLL2:	return "Linux cooked v2";
	default:			return "unsupported";
	}
}

static void
put_ts(FILE *fp, int64_t ns, int digits)
{
	char buf[64];
	struct textbuf tb;

	tb_init(&tb, buf, sizeof(buf));
	tb_ts(&tb, ns, TSF_UTC_DATE, 0, digits);
	fputs(buf, fp);
}

static void
inputs(FILE *fp, const struct source_set *src)
{
	size_t i, j;

	fprintf(fp, "Inputs\n");
	for (i = 0; i < source_ninputs(src); i++) {
		const struct input_info *in = source_input(src, i);
		int digits = in->nsec ? 9 : 6;

		fprintf(fp, "  %s  %s  %s, %llu frames", in->label, in->path,
		    in->format == SRC_FMT_PCAPNG ? "pcapng" :
		    in->format == SRC_FMT_LIVE ? "live" : "pcap",	/* #8 */
		    (unsigned long long)in->records);
		if (in->accepted != in->records)
			fprintf(fp, " (%llu match the filter)",
			    (unsigned long long)in->accepted);
		if (in->records > 0) {
			fputs(", ", fp);
			put_ts(fp, in->first_ts, digits);
			fputs(" .. ", fp);
			put_ts(fp, in->last_ts, digits);
			fprintf(fp, " UTC (%.3f s)",
			    (double)(in->last_ts - in->first_ts) / 1e9);
		}
		fputc('\n', fp);
		for (j = 0; j < source_nvantages(src); j++) {
			const struct vantage *v = source_vantage(src, j);

			if (v->input != i)
				continue;
			fprintf(fp, "    vantage %s: link type %d (%s), snaplen "
			    "%u\n", v->label, v->linktype,
			    linktype_name(v->linktype), v->snaplen);
		}
	}
}

static void
protocols(FILE *fp, const struct stats *st)
{
	unsigned p;
	int first = 1;

	fprintf(fp, "Protocols  ");
	for (p = PROTO_NONE + 1; p < PROTO_COUNT; p++) {
		const char *name = proto_display(p);

		if (name == NULL || (st->proto_frames[p] == 0 &&
		    st->proto_inner[p] == 0))
			continue;
		fprintf(fp, "%s%s %llu", first ? "" : ", ", name,
		    (unsigned long long)st->proto_frames[p]);
		if (st->proto_inner[p])
			fprintf(fp, " (+%llu inside pseudowires)",
			    (unsigned long long)st->proto_inner[p]);
		first = 0;
	}
	fprintf(fp, "%s\n", first ? "none" : "");
}

static const char *
vantage_label(const struct source_set *src, uint32_t v)
{
	return v < source_nvantages(src) ? source_vantage(src, v)->label : "?";
}

static void
anomalies(FILE *fp, const struct stats *st, const struct source_set *src)
{
	unsigned i;

	if (st->anom_total == 0) {
		fprintf(fp, "Anomalies  none\n");
		return;
	}
	fprintf(fp, "Anomalies  %llu (frames truncated by the capture: %llu, "
	    "frames malformed by their sender: %llu)\n",
	    (unsigned long long)st->anom_total,
	    (unsigned long long)st->truncated_frames,
	    (unsigned long long)st->malformed_frames);
	for (i = 0; i < st->nanom; i++) {
		const struct anom_count *a = &st->anom[i];
		char esc[200];
		struct textbuf tb;

		tb_init(&tb, esc, sizeof(esc));
		tb_esc(&tb, (const uint8_t *)a->first_detail,
		    strlen(a->first_detail));
		fprintf(fp, "  %-28s %-9s %6llu  first %s:%llu%s%s\n", a->name,
		    a->kind == AK_TRUNCATED ? "truncated" :
		    a->kind == AK_MALFORMED ? "malformed" : "note",
		    (unsigned long long)a->count,
		    vantage_label(src, a->first_vantage),
		    (unsigned long long)a->first_frame, esc[0] ? ": " : "",
		    esc);
	}
	if (st->anom_other)
		fprintf(fp, "  (%llu more of other kinds not itemised)\n",
		    (unsigned long long)st->anom_other);
}

/* 1 when it printed the "Capture limits" heading. */
static int
limits(FILE *fp, const struct stats *st, const struct reasm_stats *rs,
    const struct source_set *src)
{
	size_t i;
	int any = 0;

	for (i = 0; i < source_ninputs(src); i++) {
		const struct input_info *in = source_input(src, i);

		if (!in->broken && !in->skipped && in->error[0] == '\0')
			continue;
		if (!any++)
			fprintf(fp, "Capture limits\n");
		fprintf(fp, "  %s: %s\n", in->label, in->error);
	}
	if (st->snapped_frames) {
		if (!any++)
			fprintf(fp, "Capture limits\n");
		fprintf(fp, "  %llu frames were captured shorter than they were "
		    "on the wire (snapshot length); in %llu of them a header "
		    "that is decoded was cut\n",
		    (unsigned long long)st->snapped_frames,
		    (unsigned long long)st->truncated_frames);
	}
	if (rs->datagrams_held || rs->timed_out || rs->evicted) {
		if (!any++)
			fprintf(fp, "Capture limits\n");
		fprintf(fp, "  IP reassembly: %llu datagrams incomplete at the "
		    "end of the capture, %llu given up after the timeout, "
		    "%llu dropped to stay within the memory caps\n",
		    (unsigned long long)rs->datagrams_held,
		    (unsigned long long)rs->timed_out,
		    (unsigned long long)rs->evicted);
	}
	return any != 0;
}

/* state tables that hit their caps (floods, huge captures). */
static void
table_limits(FILE *fp, const struct pipeline *pl, int any)
{
	const struct track_stats *ts = track_stats(pl->engine->track);
	const struct tcp_streams_stats *tss = tcp_streams_stats(pl->ctx.tcp);
	struct l2tp_conv_stats cs;
	uint64_t fd = finding_dropped(pl->engine->findings);

	uint32_t naddrs;
	uint64_t af = l2tp_track_addrs_full(pl->engine->l2tp, &naddrs);

	l2tp_conv_get_stats(pl->ctx.l2tp, &cs);
	if (ts->evicted_total || tss->evicted || tss->cap_drops ||
	    cs.session_evictions || cs.ctl_evictions || fd || af) {
		if (!any)
			fprintf(fp, "Capture limits\n");
	}
	if (ts->evicted_total)
		fprintf(fp, "  state table: %llu tunnels, sessions and BGP "
		    "sessions forgotten (seen in one frame only first, then "
		    "least recently seen) to stay within %u (-o "
		    "track.max_entities)\n",
		    (unsigned long long)ts->evicted_total, ts->max_entities);
	if (fd)
		fprintf(fp, "  findings: %llu not kept (-o "
		    "track.max_findings)\n", (unsigned long long)fd);
	if (tss->evicted || tss->cap_drops)
		fprintf(fp, "  TCP reassembly: %llu connections forgotten "
		    "(cap %u), %llu segments not buffered to stay within the "
		    "memory caps\n", (unsigned long long)tss->evicted,
		    (unsigned)TCP_STREAMS_MAX_CONNS,
		    (unsigned long long)tss->cap_drops);
	if (cs.session_evictions || cs.ctl_evictions)
		fprintf(fp, "  L2TP data layouts: %llu session directions and "
		    "%llu control connections forgotten (caps %u and %u)\n",
		    (unsigned long long)cs.session_evictions,
		    (unsigned long long)cs.ctl_evictions,
		    (unsigned)L2TP_CONV_MAX_SESSIONS,
		    (unsigned)L2TP_CONV_MAX_CTL);
	if (af)
		fprintf(fp, "  outer source addresses: %llu frames from "
		    "sources past the first %u not counted (whether an "
		    "address sent anything is then not known)\n",
		    (unsigned long long)af, naddrs);
}

int
out_summary(FILE *fp, const struct summary_opts *o, const struct pipeline *pl,
    const struct source_set *src)
{
	const struct stats *st = &pl->stats;
	struct view_labels vl;

	(void)o;
	out_view_labels(&vl, src);
	fprintf(fp, "tunnelscope %s capture summary\n", TS_VERSION);
	/* findings first (errors, then warnings), with evidence */
	if (out_findings_summary(fp, pl->engine, &vl) < 0)
		return -1;
	inputs(fp, src);
	fprintf(fp, "Frames     %llu analysed, %llu bytes on the wire\n",
	    (unsigned long long)st->frames, (unsigned long long)st->bytes);
	protocols(fp, st);
	anomalies(fp, st, src);
	/* per control connection and session, then the timeline */
	if (out_l2tp_summary(fp, pl->engine, &vl) < 0)
		return -1;
	/* per BGP session: state, parameters, carrier, findings */
	if (out_bgp_summary(fp, pl->engine, &vl) < 0)
		return -1;
	table_limits(fp, pl, limits(fp, st, reasm_stats(pl->reasm), src));
	return ferror(fp) ? -1 : 0;
}
