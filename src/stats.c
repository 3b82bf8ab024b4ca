/* stats.c - protocol hierarchy counts and anomaly tallies with evidence. */
#include <stdio.h>
#include <string.h>

#include "dissect.h"
#include "stats.h"

void
stats_init(struct stats *s)
{
	memset(s, 0, sizeof(*s));
}

static void
count_anomaly(struct stats *s, const struct packet *pkt,
    const struct anomaly *a)
{
	unsigned i;

	s->anom_total++;
	/* one row per (name, kind): a benign and a conflicting overlap differ */
	for (i = 0; i < s->nanom; i++)
		if (s->anom[i].kind == a->kind &&
		    strcmp(s->anom[i].name, a->name) == 0) {
			s->anom[i].count++;
			return;
		}
	if (s->nanom >= STATS_MAX_ANOM_NAMES) {
		s->anom_other++;
		return;
	}
	s->anom[i].name = a->name;
	s->anom[i].kind = a->kind;
	s->anom[i].count = 1;
	s->anom[i].first_vantage = pkt->f->vantage;
	s->anom[i].first_frame = pkt->f->number;
	s->anom[i].first_ts = pkt->f->ts_ns;
	snprintf(s->anom[i].first_detail, sizeof(s->anom[i].first_detail),
	    "%s", a->detail);
	s->nanom++;
}

void
stats_frame(struct stats *s, const struct packet *pkt)
{
	/* protocols present, outside and inside pseudowires: a frame
	 * counts once per protocol however often it nests */
	uint32_t seen = 0, seen_in = 0;
	unsigned i;

	_Static_assert(PROTO_COUNT <= 32, "one bit per protocol");
	s->frames++;
	s->bytes += pkt->f->len;
	if (pkt->f->caplen < pkt->f->len)
		s->snapped_frames++;
	if (pkt->truncated)
		s->truncated_frames++;
	if (pkt->malformed)
		s->malformed_frames++;
	for (i = 0; i < pkt->nlayers; i++) {
		unsigned p = pkt->layers[i].proto;

		if (p >= PROTO_COUNT)
			continue;
		if (pkt->layers[i].depth == 0)
			seen |= 1u << p;
		else
			seen_in |= 1u << p;
	}
	for (; seen != 0; seen &= seen - 1)
		s->proto_frames[__builtin_ctz(seen)]++;
	for (; seen_in != 0; seen_in &= seen_in - 1)
		s->proto_inner[__builtin_ctz(seen_in)]++;
	for (i = 0; i < pkt->nanom; i++)
		count_anomaly(s, pkt, &pkt->anom[i]);
	if (pkt->anom_dropped)
		s->anom_total += pkt->anom_dropped;
}
