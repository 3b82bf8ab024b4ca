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
	uint8_t seen[PROTO_COUNT], seen_in[PROTO_COUNT];
	unsigned i;

	s->frames++;
	s->bytes += pkt->f->len;
	if (pkt->f->caplen < pkt->f->len)
		s->snapped_frames++;
	if (pkt->truncated)
		s->truncated_frames++;
	if (pkt->malformed)
		s->malformed_frames++;
	memset(seen, 0, sizeof(seen));
	memset(seen_in, 0, sizeof(seen_in));
	for (i = 0; i < pkt->nlayers; i++) {
		unsigned p = pkt->layers[i].proto;

		if (p >= PROTO_COUNT)
			continue;
		if (pkt->layers[i].depth == 0)
			seen[p] = 1;
		else
			seen_in[p] = 1;
	}
	for (i = 0; i < PROTO_COUNT; i++) {
		s->proto_frames[i] += seen[i];
		s->proto_inner[i] += seen_in[i];
	}
	for (i = 0; i < pkt->nanom; i++)
		count_anomaly(s, pkt, &pkt->anom[i]);
	if (pkt->anom_dropped)
		s->anom_total += pkt->anom_dropped;
}
