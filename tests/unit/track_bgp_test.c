/* track_bgp_test.c - BGP session tracking: RFC 4271 §8 states inferred from
 * wire facts, counters, hold timer inference, collisions, rules. */
#include <stdlib.h>
#include <string.h>

#include "bgp.h"
#include "diagnose.h"
#include "finding.h"
#include "prefs.h"
#include "track.h"
#include "track_bgp.h"
#include "unit.h"

#define MS	1000000LL
#define SEC	1000000000LL

/* A 10.0.0.1 (side 0), B 10.0.0.2 (side 1). */
struct tb {
	struct prefs	 p;
	struct engine	*eng;
	struct bgp_tracker *tr;
	uint64_t	 frame;
};

static void
tb_open(struct tb *t)
{
	memset(t, 0, sizeof(*t));
	prefs_default(&t->p);
	t->eng = engine_new(&t->p);
	t->tr = bgp_track_new(t->eng, NULL);
}

static void
tb_wire(struct tb *t, int from_b, uint16_t aport, uint16_t bport,
    uint8_t kind, int64_t ts, struct bgp_wire *w)
{
	memset(w, 0, sizeof(*w));
	w->kind = kind;
	w->af = 4;
	w->src[0] = 10; w->src[3] = from_b ? 2 : 1;
	w->dst[0] = 10; w->dst[3] = from_b ? 1 : 2;
	w->sport = from_b ? bport : aport;
	w->dport = from_b ? aport : bport;
	w->seq = from_b ? 9000 : 1000;
	w->ts = ts;
	w->frame = ++t->frame;
	engine_tick(t->eng, ts);
}

static void
tb_tcp(struct tb *t, int from_b, uint8_t kind, int64_t ts)
{
	struct bgp_wire w;

	tb_wire(t, from_b, 40000, 179, kind, ts, &w);
	bgp_track_wire(t->tr, &w);
}

static void
tb_msg(struct tb *t, int from_b, uint8_t type, int64_t ts)
{
	struct bgp_wire w;

	tb_wire(t, from_b, 40000, 179, BGW_MSG, ts, &w);
	w.type = type;
	if (type == BGP_OPEN) {
		w.asn = from_b ? 64002 : 64001;
		w.hold = from_b ? 180 : 90;
		w.id = from_b ? 0x0a000002u : 0x0a000001u;
	}
	bgp_track_wire(t->tr, &w);
}

static void
tb_notif(struct tb *t, int from_b, uint8_t code, uint8_t sub,
    const char *text, int64_t ts)
{
	struct bgp_wire w;

	tb_wire(t, from_b, 40000, 179, BGW_MSG, ts, &w);
	w.type = BGP_NOTIFICATION;
	w.code = code;
	w.subcode = sub;
	if (text != NULL)
		strcpy(w.text, text);
	bgp_track_wire(t->tr, &w);
}

/* Handshake, OPENs, KEEPALIVEs: both Established at ts0 + 6 ms. */
static void
tb_establish(struct tb *t, int64_t ts0)
{
	tb_tcp(t, 0, BGW_SYN, ts0);
	tb_tcp(t, 1, BGW_SYNACK, ts0 + 1 * MS);
	tb_msg(t, 0, BGP_OPEN, ts0 + 2 * MS);
	tb_msg(t, 1, BGP_OPEN, ts0 + 3 * MS);
	tb_msg(t, 0, BGP_KEEPALIVE, ts0 + 4 * MS);
	tb_msg(t, 1, BGP_KEEPALIVE, ts0 + 5 * MS);
}

static struct entity *
tb_sess(struct tb *t)
{
	return track_first(t->eng->track, EK_BGP_SESSION);
}

TEST(track_bgp_established_then_cease)
{
	struct tb t;
	struct entity *e;
	const struct bgp_sess_facts *f;
	const struct finding *fi;
	const struct transition *tl;
	size_t n, i;
	int saw_oc = 0;

	tb_open(&t);
	CHECK(t.tr != NULL);
	tb_establish(&t, 1 * SEC);
	e = tb_sess(&t);
	CHECK(e != NULL);
	f = bgp_sess_facts(e);
	CHECK(f != NULL);
	/* A confirmed first (its KEEPALIVE), B's KEEPALIVE made A
	 * Established and B OpenConfirm -> Established at once, since A's
	 * KEEPALIVE had arrived before */
	CHECK_EQ(e->state[0], BGS_ESTABLISHED);
	CHECK_EQ(e->state[1], BGS_ESTABLISHED);
	CHECK_EQ(f->hold_neg, 90);		/* min(90, 180) */
	CHECK_EQ(f->established, 1);
	CHECK_EQ(f->s[0].asn, 64001);
	CHECK_EQ(f->s[1].id, 0x0a000002u);
	CHECK_EQ(f->s[1].port, 179);
	tl = track_timeline(e, &n);
	for (i = 0; i < n; i++)
		if (tl[i].side == 0 && tl[i].to == BGS_OPENCONFIRM &&
		    tl[i].from == BGS_OPENSENT)
			saw_oc = 1;
	CHECK(saw_oc);
	/* B shuts down with a shutdown communication, then FIN */
	tb_notif(&t, 1, 6, 2, "maintenance", 20 * SEC);
	tb_tcp(&t, 1, BGW_FIN, 20 * SEC + MS);
	CHECK_EQ(e->state[0], BGS_IDLE);
	CHECK_EQ(e->state[1], BGS_IDLE);
	CHECK_EQ(f->dropped, 1);
	CHECK_EQ(f->s[1].notif_sent, 1);
	CHECK_EQ(f->s[1].sent[BGP_NOTIFICATION], 1);
	CHECK_EQ(f->s[0].sent[BGP_KEEPALIVE], 1);
	CHECK(strstr(f->last_reset, "NOTIFICATION 6/2") != NULL);
	CHECK_EQ(f->last_reset_ts, 20 * SEC);
	engine_finish(t.eng);
	fi = finding_lookup(t.eng->findings, "bgp.notification", e);
	CHECK(fi != NULL);
	CHECK(fi != NULL && fi->severity == SEV_WARNING);
	CHECK(fi != NULL && strstr(fi->title,
	    "Cease/Administrative Shutdown") != NULL);
	CHECK(fi != NULL && strstr(fi->explanation, "\"maintenance\"") !=
	    NULL);
	CHECK(finding_lookup(t.eng->findings, "bgp.hold_timer_expired", e) ==
	    NULL);
	CHECK(finding_lookup(t.eng->findings, "bgp.connect_failed", e) ==
	    NULL);
	engine_free(t.eng);
}

/* The peer goes silent: the hold time after the last message heard, the
 * side is down (inferred), without any NOTIFICATION on the wire. */
TEST(track_bgp_hold_timer_inferred)
{
	struct tb t;
	struct entity *e;
	const struct bgp_sess_facts *f;
	const struct transition *tl;
	size_t n, i;
	int inferred = 0;

	tb_open(&t);
	tb_establish(&t, 0);
	tb_msg(&t, 0, BGP_KEEPALIVE, 30 * SEC);
	tb_msg(&t, 1, BGP_KEEPALIVE, 30 * SEC + MS);
	tb_msg(&t, 0, BGP_KEEPALIVE, 60 * SEC);
	tb_msg(&t, 0, BGP_KEEPALIVE, 90 * SEC);
	e = tb_sess(&t);
	f = bgp_sess_facts(e);
	engine_tick(t.eng, 119 * SEC);
	CHECK_EQ(e->state[0], BGS_ESTABLISHED);
	engine_tick(t.eng, 200 * SEC);
	/* A last heard B at 30.001 s: down at 120.001 s */
	CHECK_EQ(e->state[0], BGS_IDLE);
	CHECK_EQ(f->s[0].hold_expired, 1);
	CHECK_EQ(f->s[0].hold_expired_ts, 120 * SEC + MS);
	CHECK_EQ(f->s[1].hold_expired, 0);
	CHECK_EQ(f->dropped, 1);
	/* A's KEEPALIVE gap seen: 30 s */
	CHECK_EQ(f->s[0].ka_gap_last, 30 * SEC);
	tl = track_timeline(e, &n);
	for (i = 0; i < n; i++)
		if (tl[i].side == 0 && tl[i].to == BGS_IDLE &&
		    (tl[i].flags & TR_INFERRED))
			inferred = 1;
	CHECK(inferred);
	engine_finish(t.eng);
	CHECK(finding_lookup(t.eng->findings, "bgp.hold_timer_expired", e) !=
	    NULL);
	engine_free(t.eng);
}

/* The capture ends before the hold time runs out: nothing inferred. */
TEST(track_bgp_hold_timer_capture_ends_first)
{
	struct tb t;
	struct entity *e;

	tb_open(&t);
	tb_establish(&t, 0);
	e = tb_sess(&t);
	engine_finish(t.eng);
	CHECK_EQ(e->state[0], BGS_ESTABLISHED);
	CHECK_EQ(e->state[1], BGS_ESTABLISHED);
	CHECK_EQ(bgp_sess_facts(e)->s[0].hold_expired, 0);
	CHECK(finding_lookup(t.eng->findings, "bgp.hold_timer_expired", e) ==
	    NULL);
	engine_free(t.eng);
}

/* B rejects A's OPEN (Bad Peer AS) on three connections in a row. */
TEST(track_bgp_bad_peer_as_retries)
{
	struct tb t;
	struct entity *e;
	const struct bgp_sess_facts *f;
	const struct finding *fi;
	struct bgp_wire w;
	int k;

	tb_open(&t);
	for (k = 0; k < 3; k++) {
		int64_t t0 = (int64_t)k * 5 * SEC;

		tb_wire(&t, 0, (uint16_t)(40000 + k), 179, BGW_SYN, t0, &w);
		bgp_track_wire(t.tr, &w);
		tb_wire(&t, 1, (uint16_t)(40000 + k), 179, BGW_SYNACK,
		    t0 + MS, &w);
		bgp_track_wire(t.tr, &w);
		tb_wire(&t, 0, (uint16_t)(40000 + k), 179, BGW_MSG,
		    t0 + 2 * MS, &w);
		w.type = BGP_OPEN;
		w.asn = 64004;
		w.hold = 90;
		bgp_track_wire(t.tr, &w);
		tb_wire(&t, 1, (uint16_t)(40000 + k), 179, BGW_MSG,
		    t0 + 3 * MS, &w);
		w.type = BGP_OPEN;
		w.asn = 64002;
		w.hold = 90;
		bgp_track_wire(t.tr, &w);
		tb_wire(&t, 1, (uint16_t)(40000 + k), 179, BGW_MSG,
		    t0 + 4 * MS, &w);
		w.type = BGP_NOTIFICATION;
		w.code = 2;
		w.subcode = 2;
		w.has_data_as = 1;
		w.data_as = 64004;
		bgp_track_wire(t.tr, &w);
	}
	e = tb_sess(&t);
	f = bgp_sess_facts(e);
	CHECK_EQ(f->conns, 3);
	CHECK_EQ(f->open_rejects, 3);
	CHECK_EQ(f->established, 0);
	CHECK_EQ(f->dropped, 0);
	CHECK_EQ(e->state[0], BGS_IDLE);
	CHECK_EQ(e->state[1], BGS_IDLE);
	engine_finish(t.eng);
	fi = finding_lookup(t.eng->findings, "bgp.open_rejected", e);
	CHECK(fi != NULL && fi->severity == SEV_ERROR);
	CHECK(fi != NULL && strstr(fi->title, "Bad Peer AS (3 times)") !=
	    NULL);
	CHECK(fi != NULL && strstr(fi->explanation, "announced AS 64004") !=
	    NULL);
	CHECK(fi != NULL && fi->nev == 3);
	/* the OPEN errors are not reported again as bgp.notification */
	CHECK(finding_lookup(t.eng->findings, "bgp.notification", e) == NULL);
	engine_free(t.eng);
}

/* More connections than a session keeps pointers to (BGP_SESS_CONNS):
 * the oldest, dropped from the session's list, still points to the
 * session, so a session going first (here at the end, the store freed in
 * the order entities were proven) must clear that pointer too.  Under
 * ASan a dangling one is a use after free. */
TEST(track_bgp_more_conns_than_kept)
{
	struct tb t;
	struct bgp_wire w;
	int k;

	tb_open(&t);
	for (k = 0; k < BGP_SESS_CONNS + 2; k++) {
		int64_t t0 = (int64_t)k * SEC;

		tb_wire(&t, 0, (uint16_t)(40000 + k), 179, BGW_SYN, t0, &w);
		bgp_track_wire(t.tr, &w);
		tb_wire(&t, 1, (uint16_t)(40000 + k), 179, BGW_SYNACK,
		    t0 + MS, &w);
		bgp_track_wire(t.tr, &w);
	}
	CHECK_EQ(bgp_sess_facts(tb_sess(&t))->conns, BGP_SESS_CONNS + 2);
	engine_finish(t.eng);
	engine_free(t.eng);
}

/* A SYN answered by RST: Connect -> Active, a failed connection. */
TEST(track_bgp_connect_refused)
{
	struct tb t;
	struct entity *e;
	const struct bgp_sess_facts *f;
	const struct finding *fi;

	tb_open(&t);
	tb_tcp(&t, 0, BGW_SYN, 0);
	e = tb_sess(&t);
	CHECK_EQ(e->state[0], BGS_CONNECT);
	tb_tcp(&t, 1, BGW_RST, MS);
	f = bgp_sess_facts(e);
	CHECK_EQ(e->state[0], BGS_ACTIVE);
	CHECK_EQ(f->s[0].refused, 1);
	CHECK_EQ(f->connect_failed, 1);
	engine_finish(t.eng);
	fi = finding_lookup(t.eng->findings, "bgp.connect_failed", e);
	CHECK(fi != NULL && fi->severity == SEV_ERROR);
	CHECK(fi != NULL && strstr(fi->title, "1 refused by RST") != NULL);
	engine_free(t.eng);
}

/* Connection collision (RFC 4271 §6.8): both open a connection; the one
 * B opened is closed with Cease 7; the session stays Established. */
TEST(track_bgp_collision)
{
	struct tb t;
	struct entity *e, *c;
	const struct bgp_sess_facts *f;
	struct bgp_wire w;
	unsigned nconn = 0;

	tb_open(&t);
	/* B's connection: B 10.0.0.2:50000 -> A 10.0.0.1:179 */
	tb_wire(&t, 1, 179, 50000, BGW_SYN, 0, &w);
	bgp_track_wire(t.tr, &w);
	tb_wire(&t, 0, 179, 50000, BGW_SYNACK, MS, &w);
	bgp_track_wire(t.tr, &w);
	tb_establish(&t, 2 * MS);	/* A's connection, to B:179 */
	e = tb_sess(&t);
	f = bgp_sess_facts(e);
	CHECK_EQ(e->state[0], BGS_ESTABLISHED);
	/* the collision loser closed by A */
	tb_wire(&t, 0, 179, 50000, BGW_MSG, 10 * MS, &w);
	w.type = BGP_NOTIFICATION;
	w.code = 6;
	w.subcode = 7;
	bgp_track_wire(t.tr, &w);
	CHECK_EQ(e->state[0], BGS_ESTABLISHED);
	CHECK_EQ(e->state[1], BGS_ESTABLISHED);
	CHECK_EQ(f->conns, 2);
	CHECK_EQ(f->dropped, 0);
	for (c = track_first(t.eng->track, EK_BGP_CONN); c != NULL;
	    c = track_next(c)) {
		CHECK(c->parent == e);
		nconn++;
	}
	CHECK_EQ(nconn, 2);
	engine_free(t.eng);
}

/* Up and down three times: flapping. */
TEST(track_bgp_flapping)
{
	struct tb t;
	struct entity *e;
	struct bgp_wire w;
	int k;

	tb_open(&t);
	for (k = 0; k < 3; k++) {
		int64_t t0 = (int64_t)k * 10 * SEC;
		uint16_t ap = (uint16_t)(41000 + k);

		tb_wire(&t, 0, ap, 179, BGW_SYN, t0, &w);
		bgp_track_wire(t.tr, &w);
		tb_wire(&t, 1, ap, 179, BGW_SYNACK, t0 + MS, &w);
		bgp_track_wire(t.tr, &w);
		tb_wire(&t, 0, ap, 179, BGW_MSG, t0 + 2 * MS, &w);
		w.type = BGP_OPEN; w.asn = 1; w.hold = 9;
		bgp_track_wire(t.tr, &w);
		tb_wire(&t, 1, ap, 179, BGW_MSG, t0 + 3 * MS, &w);
		w.type = BGP_OPEN; w.asn = 2; w.hold = 9;
		bgp_track_wire(t.tr, &w);
		tb_wire(&t, 0, ap, 179, BGW_MSG, t0 + 4 * MS, &w);
		w.type = BGP_KEEPALIVE;
		bgp_track_wire(t.tr, &w);
		tb_wire(&t, 1, ap, 179, BGW_MSG, t0 + 5 * MS, &w);
		w.type = BGP_KEEPALIVE;
		bgp_track_wire(t.tr, &w);
		tb_wire(&t, 1, ap, 179, BGW_RST, t0 + 6 * SEC, &w);
		bgp_track_wire(t.tr, &w);
	}
	e = tb_sess(&t);
	CHECK_EQ(bgp_sess_facts(e)->established, 3);
	CHECK_EQ(bgp_sess_facts(e)->dropped, 3);
	CHECK(strstr(bgp_sess_facts(e)->last_reset, "reset") != NULL);
	engine_finish(t.eng);
	CHECK(finding_lookup(t.eng->findings, "bgp.flapping", e) != NULL);
	engine_free(t.eng);
}

/* ---- the real sessions of the corpus (BIRD and FRR) ---- */

#include "pipeline.h"
#include "source.h"

#define REAL	"../shared/corpus/bgp-real/"

/* Run a capture through the whole pipeline; NULL (test skipped) when
 * the corpus is not there. */
static struct pipeline *
tb_run(const char *path)
{
	static struct pipeline pl;
	struct source_set *src;
	struct prefs p;
	struct frame fr;
	char err[512];
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL) {
		printf("# skipped: %s not found\n", path);
		return NULL;
	}
	fclose(fp);
	prefs_default(&p);
	if ((src = source_new()) == NULL || pipeline_init(&pl, &p) != 0 ||
	    source_add_file(src, path, err, sizeof(err)) != 0)
		return NULL;
	while (source_next(src, &fr) == 1)
		pipeline_frame(&pl, &fr);
	pipeline_finish(&pl);
	source_free(src);
	return &pl;
}

/* .2 is BIRD (AS 64002, side 0), .4 FRR (AS 64004, side 1).  Counts per
 * direction from tshark (bgp.type per ip.src); the story from the
 * corpus README. */
TEST(track_bgp_real_ebgp_established)
{
	struct pipeline *pl = tb_run(REAL "ebgp_established.pcap");
	struct entity *e;
	const struct bgp_sess_facts *f;
	const struct finding *fi;

	if (pl == NULL)
		return;
	e = track_first(pl->engine->track, EK_BGP_SESSION);
	CHECK(e != NULL && track_next(e) == NULL);
	f = bgp_sess_facts(e);
	CHECK(f != NULL);
	if (f == NULL)
		goto out;
	CHECK_EQ(f->s[0].asn, 64002);
	CHECK_EQ(f->s[1].asn, 64004);
	CHECK_EQ(f->hold_neg, 90);
	CHECK_EQ(f->s[0].sent[BGP_OPEN], 1);
	CHECK_EQ(f->s[0].sent[BGP_UPDATE], 9);
	CHECK_EQ(f->s[0].sent[BGP_NOTIFICATION], 1);
	CHECK_EQ(f->s[0].sent[BGP_KEEPALIVE], 8);
	CHECK_EQ(f->s[0].sent[BGP_ROUTE_REFRESH], 2);
	CHECK_EQ(f->s[1].sent[BGP_OPEN], 1);
	CHECK_EQ(f->s[1].sent[BGP_UPDATE], 14);
	CHECK_EQ(f->s[1].sent[BGP_NOTIFICATION], 0);
	CHECK_EQ(f->s[1].sent[BGP_KEEPALIVE], 7);
	CHECK_EQ(f->s[1].sent[BGP_ROUTE_REFRESH], 1);
	CHECK_EQ(f->established, 1);
	CHECK_EQ(f->dropped, 1);
	/* per family, tshark bgp.nlri_prefix / withdrawn_prefix (IPv4 body)
	 * and mp_reach / mp_unreach_nlri_ipv6_prefix (all AFI 2 SAFI 1) */
	CHECK_EQ(f->s[0].npfam, 2);
	CHECK_EQ(f->s[0].pfam[0].afi, 1);
	CHECK_EQ(f->s[0].pfam[0].safi, 1);
	CHECK_EQ(f->s[0].pfam[0].ann, 6);
	CHECK_EQ(f->s[0].pfam[0].wd, 0);
	CHECK_EQ(f->s[0].pfam[1].afi, 2);
	CHECK_EQ(f->s[0].pfam[1].safi, 1);
	CHECK_EQ(f->s[0].pfam[1].ann, 4);
	CHECK_EQ(f->s[0].pfam[1].wd, 2);
	CHECK_EQ(f->s[1].npfam, 2);
	CHECK_EQ(f->s[1].pfam[0].ann, 11);
	CHECK_EQ(f->s[1].pfam[0].wd, 1);
	CHECK_EQ(f->s[1].pfam[1].ann, 6);
	CHECK_EQ(f->s[1].pfam[1].wd, 2);
	/* one connection up, closed by BIRD's Cease: both saw it */
	CHECK_EQ(f->s[0].conn_est, 1);
	CHECK_EQ(f->s[0].conn_drop, 1);
	CHECK_EQ(f->s[1].conn_est, 1);
	CHECK_EQ(f->s[1].conn_drop, 1);
	CHECK_EQ(f->s[0].last_code, 6);
	CHECK_EQ(f->s[0].last_sub, 2);
	CHECK_STR(f->s[0].last_text, "planned maintenance: lab shutdown");
	/* BIRD shut it down; FRR's reconnect is refused: Connect -> Active */
	CHECK_EQ(e->state[0], BGS_IDLE);
	CHECK_EQ(e->state[1], BGS_ACTIVE);
	CHECK(f->s[1].refused >= 1);
	CHECK_EQ(f->s[0].hold_expired + f->s[1].hold_expired, 0);
	fi = finding_lookup(pl->engine->findings, "bgp.notification", e);
	CHECK(fi != NULL && fi->severity == SEV_WARNING);
	CHECK(fi != NULL && strstr(fi->explanation,
	    "\"planned maintenance: lab shutdown\"") != NULL);
	fi = finding_lookup(pl->engine->findings, "bgp.connect_failed", e);
	CHECK(fi != NULL && fi->severity == SEV_WARNING);
	CHECK(fi != NULL && strstr(fi->explanation, "keeps the session down") !=
	    NULL);
	CHECK(finding_lookup(pl->engine->findings, "bgp.open_rejected", e) ==
	    NULL);
out:
	pipeline_free(pl);
}

TEST(track_bgp_real_bad_peer_as)
{
	struct pipeline *pl = tb_run(REAL "bad_peer_as_bird_detects.pcap");
	struct entity *e;
	const struct bgp_sess_facts *f;
	const struct finding *fi;

	if (pl == NULL)
		return;
	e = track_first(pl->engine->track, EK_BGP_SESSION);
	f = bgp_sess_facts(e);
	CHECK(f != NULL);
	if (f == NULL)
		goto out;
	/* five NOTIFICATION 2/2 from BIRD with AS 64004 as data, never
	 * Established (tshark: .2 sent OPEN x5, NOTIFICATION x5; .4 OPEN
	 * x8, KEEPALIVE x3) */
	CHECK_EQ(f->open_rejects, 5);
	CHECK_EQ(f->s[0].notif_sent, 5);
	CHECK_EQ(f->s[0].sent[BGP_OPEN], 5);
	CHECK_EQ(f->s[1].sent[BGP_OPEN], 8);
	CHECK_EQ(f->s[1].sent[BGP_KEEPALIVE], 3);
	CHECK_EQ(f->s[0].last_code, 2);
	CHECK_EQ(f->s[0].last_sub, 2);
	CHECK_EQ(f->s[0].last_has_as, 1);
	CHECK_EQ(f->s[0].last_data_as, 64004);
	CHECK_EQ(f->established, 0);
	CHECK_EQ(f->ever_established, 0);
	CHECK(e->state[0] != BGS_ESTABLISHED && e->state[1] !=
	    BGS_ESTABLISHED);
	fi = finding_lookup(pl->engine->findings, "bgp.open_rejected", e);
	CHECK(fi != NULL && fi->severity == SEV_ERROR);
	CHECK(fi != NULL && strstr(fi->title, "192.168.200.2 (AS 64002) "
	    "rejected the OPEN of 192.168.200.4 (AS 64004)") != NULL);
	CHECK(fi != NULL && strstr(fi->title, "(5 times)") != NULL);
	CHECK(fi != NULL && fi->nev == 5);
	CHECK(finding_lookup(pl->engine->findings, "bgp.notification", e) ==
	    NULL);
out:
	pipeline_free(pl);
}

/* captures/bgp-session-pw.pcap (captures/README.md): the same BGP
 * session in two pseudowires between the same LCCEs, same inner
 * addresses and ports: two sessions, one connection each, each
 * Established once and closed by the Cease. */
TEST(track_bgp_two_pseudowires)
{
	struct pipeline *pl = tb_run("captures/bgp-session-pw.pcap");
	struct entity *e;
	unsigned n = 0, nconn = 0;

	if (pl == NULL)
		return;
	for (e = track_first(pl->engine->track, EK_BGP_SESSION); e != NULL;
	    e = track_next(e)) {
		const struct bgp_sess_facts *f = bgp_sess_facts(e);

		n++;
		CHECK(f != NULL && f->in_pw);
		if (f == NULL)
			continue;
		CHECK_EQ(f->conns, 1);
		CHECK_EQ(f->established, 1);
		CHECK_EQ(f->dropped, 1);
		CHECK_EQ(f->s[0].sent[BGP_UPDATE], 1);	/* A: the withdrawal */
		CHECK_EQ(f->s[1].sent[BGP_UPDATE], 2);
		CHECK_EQ(f->s[1].sent[BGP_KEEPALIVE], 3);
		CHECK_STR(f->s[0].last_text, "lab maintenance");
		CHECK_EQ(f->hold_neg, 90);
		CHECK(f->pw_key == 0x2001 + n - 1);
	}
	CHECK_EQ(n, 2);
	for (e = track_first(pl->engine->track, EK_BGP_CONN); e != NULL;
	    e = track_next(e))
		nconn++;
	CHECK_EQ(nconn, 2);
	pipeline_free(pl);
}

/* issue #6: a SYN sent again and never answered, then a new attempt:
 * the first connection failed (unanswered), the session stays in
 * Connect with a "connect retry" record (RFC 4271 §8.2.2). */
TEST(track_bgp_syn_unanswered_then_retry)
{
	struct tb t;
	struct entity *e;
	const struct bgp_sess_facts *f;
	const struct transition *tl;
	const struct finding *fi;
	struct bgp_wire w;
	size_t n, i;
	int retry = 0;

	tb_open(&t);
	tb_tcp(&t, 0, BGW_SYN, 0);
	tb_tcp(&t, 0, BGW_SYN, 1 * SEC);	/* same ISN: retransmission */
	e = tb_sess(&t);
	f = bgp_sess_facts(e);
	CHECK_EQ(f->connect_failed, 0);
	tb_wire(&t, 0, 40001, 179, BGW_SYN, 30 * SEC, &w);
	w.seq = 5555;				/* a new connection */
	bgp_track_wire(t.tr, &w);
	CHECK_EQ(f->connect_failed, 1);
	CHECK_EQ(f->syn_unanswered, 1);
	CHECK_EQ(f->conns, 2);
	CHECK_EQ(e->state[0], BGS_CONNECT);
	CHECK_EQ(f->nfail_ev, 1);
	CHECK_EQ(f->fail_ev[0].frame, 1);	/* the first SYN */
	tl = track_timeline(e, &n);
	for (i = 0; i < n; i++)
		if (tl[i].side == 0 && tl[i].from == BGS_CONNECT &&
		    tl[i].to == BGS_CONNECT &&
		    strstr(tl[i].cause, "connect retry") != NULL)
			retry = 1;
	CHECK(retry);
	engine_finish(t.eng);
	fi = finding_lookup(t.eng->findings, "bgp.connect_failed", e);
	CHECK(fi != NULL && fi->severity == SEV_ERROR);
	/* the second attempt's SYN was sent once: not called unanswered */
	CHECK(fi != NULL && strstr(fi->title, "failed 1 time (0 refused by "
	    "RST, 1 unanswered)") != NULL);
	engine_free(t.eng);
}

/* A lone SYN at the end of the capture is not a failure; one sent again
 * and still unanswered at the end is. */
TEST(track_bgp_syn_pending_at_end)
{
	struct tb t;
	struct entity *e;
	const struct finding *fi;

	tb_open(&t);
	tb_tcp(&t, 0, BGW_SYN, 0);
	e = tb_sess(&t);
	engine_finish(t.eng);
	CHECK(finding_lookup(t.eng->findings, "bgp.connect_failed", e) ==
	    NULL);
	engine_free(t.eng);

	tb_open(&t);
	tb_tcp(&t, 0, BGW_SYN, 0);
	tb_tcp(&t, 0, BGW_SYN, 1 * SEC);
	tb_tcp(&t, 0, BGW_SYN, 3 * SEC);
	e = tb_sess(&t);
	engine_finish(t.eng);
	fi = finding_lookup(t.eng->findings, "bgp.connect_failed", e);
	CHECK(fi != NULL && strstr(fi->title, "1 unanswered") != NULL);
	CHECK(fi != NULL && fi->nev == 1 && fi->ev[0].frame == 1);
	engine_free(t.eng);
}

/* After A's hold timer runs out, B still believes the connection up until
 * its own hold time since A's last KEEPALIVE runs out (inferred too). */
TEST(track_bgp_hold_peer_side_follows)
{
	struct tb t;
	struct entity *e;
	const struct bgp_sess_facts *f;

	tb_open(&t);
	tb_establish(&t, 0);
	tb_msg(&t, 1, BGP_KEEPALIVE, 30 * SEC);
	tb_msg(&t, 0, BGP_KEEPALIVE, 60 * SEC);
	e = tb_sess(&t);
	f = bgp_sess_facts(e);
	/* hold 90 (the smaller OPEN): A down at 120, B at 60 + 90 = 150 */
	engine_tick(t.eng, 121 * SEC);
	CHECK_EQ(e->state[0], BGS_IDLE);
	CHECK_EQ(e->state[1], BGS_ESTABLISHED);
	engine_tick(t.eng, 149 * SEC);
	CHECK_EQ(e->state[1], BGS_ESTABLISHED);
	engine_tick(t.eng, 151 * SEC);
	CHECK_EQ(e->state[1], BGS_IDLE);
	CHECK_EQ(f->s[1].hold_expired, 1);
	CHECK_EQ(f->s[1].hold_expired_ts, 150 * SEC);
	CHECK_EQ(f->dropped, 1);		/* one connection dropped */
	engine_free(t.eng);
}

/* Cease 6/7: the finding is about a collision and judges the choice by
 * the BGP Identifiers (RFC 4271 §6.8): closing the connection the higher
 * identifier opened is against the rule (warning), closing the other is
 * normal (info). */
TEST(track_bgp_collision_finding)
{
	static const struct { int closer_conn_by_b; unsigned sev; } c[] = {
		{ 1, SEV_WARNING },	/* B (higher ID) opened it: wrong */
		{ 0, SEV_INFO },	/* A (lower ID) opened it: right */
	};
	unsigned k;

	for (k = 0; k < 2; k++) {
		struct tb t;
		struct entity *e;
		const struct finding *fi;
		struct bgp_wire w;

		tb_open(&t);
		/* B's connection: B 10.0.0.2:50000 -> A 10.0.0.1:179 */
		tb_wire(&t, 1, 179, 50000, BGW_SYN, 0, &w);
		bgp_track_wire(t.tr, &w);
		tb_wire(&t, 0, 179, 50000, BGW_SYNACK, MS, &w);
		bgp_track_wire(t.tr, &w);
		tb_establish(&t, 2 * MS);	/* A's, to B:179 */
		/* OPENs on B's connection too */
		tb_wire(&t, 1, 179, 50000, BGW_MSG, 9 * MS, &w);
		w.type = BGP_OPEN;
		w.asn = 64002;
		w.hold = 180;
		w.id = 0x0a000002u;
		bgp_track_wire(t.tr, &w);
		if (c[k].closer_conn_by_b)
			tb_wire(&t, 0, 179, 50000, BGW_MSG, 10 * MS, &w);
		else
			tb_wire(&t, 1, 40000, 179, BGW_MSG, 10 * MS, &w);
		w.type = BGP_NOTIFICATION;
		w.code = 6;
		w.subcode = 7;
		bgp_track_wire(t.tr, &w);
		e = tb_sess(&t);
		engine_finish(t.eng);
		fi = finding_lookup(t.eng->findings, "bgp.notification", e);
		CHECK(fi != NULL && strstr(fi->title, "collision") != NULL);
		CHECK(fi != NULL && fi->severity == c[k].sev);
		CHECK(fi != NULL && strstr(fi->explanation, "10.0.0.2") !=
		    NULL);
		engine_free(t.eng);
	}
}

/* ---- prefixes per family (AFI/SAFI) and connections per side ---- */

#include "dissect.h"
#include "tcp_stream.h"

extern const struct dissector dissector_bgp;

/* One UPDATE by hand (RFC 4271 §4.3, RFC 4760 §3-4), checked with
 * tshark 4.0 (bgp.withdrawn_prefix 10.1.0.0,192.168.1.0; nlri_prefix
 * 172.16.0.0; mp_reach_nlri_ipv6_prefix 2001:db8:1::,2001:db8:2::;
 * mp_unreach afi 1 safi 2 prefix 224.1.0.0):
 *   withdrawn 10.1.0.0/16, 192.168.1.0/24        ipv4/unicast  -2
 *   ORIGIN IGP, AS_PATH empty, NEXT_HOP 10.0.0.1
 *   MP_REACH ipv6/unicast nh 2001:db8::1,
 *     2001:db8:1::/48, 2001:db8:2::/64           ipv6/unicast  +2
 *   MP_UNREACH ipv4/multicast 224.1.0.0/16        ipv4/multicast -1
 *   NLRI 172.16.0.0/12                            ipv4/unicast  +1 */
static const uint8_t tbf_upd[] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0x00, 0x60, 0x02,
	0x00, 0x07, 0x10, 0x0a, 0x01, 0x18, 0xc0, 0xa8, 0x01,
	0x00, 0x3f,
	0x40, 0x01, 0x01, 0x00,
	0x40, 0x02, 0x00,
	0x40, 0x03, 0x04, 0x0a, 0x00, 0x00, 0x01,
	0x80, 0x0e, 0x25, 0x00, 0x02, 0x01, 0x10,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x00,
	0x30, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01,
	0x40, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x02, 0x00, 0x00,
	0x80, 0x0f, 0x06, 0x00, 0x01, 0x02, 0x10, 0xe0, 0x01,
	0x0c, 0xac, 0x10,
};

static struct packet tbf_pkt;
static struct dctx tbf_ctx;
static struct layer tbf_lay;

static int
tbf_decode(const uint8_t *m, size_t n)
{
	struct tcp_msg tm;

	memset(&tbf_pkt, 0, sizeof(tbf_pkt));
	memset(&tbf_ctx, 0, sizeof(tbf_ctx));
	tbf_ctx.pkt = &tbf_pkt;
	memset(&tm, 0, sizeof(tm));
	tm.base = m;
	tm.len = (uint32_t)n;
	tm.cap = (uint32_t)n;
	tm.nseg = 1;
	memset(&tbf_lay, 0, sizeof(tbf_lay));
	tbf_lay.d = &dissector_bgp;
	tbf_lay.proto = PROTO_BGP;
	return bgp_message(&tbf_ctx, &tbf_lay, &tm);
}

TEST(track_bgp_fam_counts_update)
{
	const struct bgp_info *b = &tbf_lay.u.bgp;

	CHECK_EQ(sizeof(tbf_upd), 96);
	CHECK_EQ(tbf_decode(tbf_upd, sizeof(tbf_upd)), DS_OK);
	CHECK_EQ(b->type, BGP_UPDATE);
	CHECK_EQ(b->nwd, 3);
	CHECK_EQ(b->nnlri, 3);
	CHECK_EQ(b->nfam, 3);
	CHECK_EQ(b->flags & BGPF_FAM_MORE, 0);
	/* in order of the first prefix: body withdrawn, MP attrs, NLRI */
	CHECK_EQ(b->fam[0].afi, 1);
	CHECK_EQ(b->fam[0].safi, 1);
	CHECK_EQ(b->fam[0].ann, 1);
	CHECK_EQ(b->fam[0].wd, 2);
	CHECK_EQ(b->fam[1].afi, 2);
	CHECK_EQ(b->fam[1].safi, 1);
	CHECK_EQ(b->fam[1].ann, 2);
	CHECK_EQ(b->fam[1].wd, 0);
	CHECK_EQ(b->fam[2].afi, 1);
	CHECK_EQ(b->fam[2].safi, 2);
	CHECK_EQ(b->fam[2].ann, 0);
	CHECK_EQ(b->fam[2].wd, 1);
}

/* MP_UNREACH only, nothing withdrawn by it: End-of-RIB (RFC 4724 §2),
 * no family counted; an empty UPDATE likewise (IPv4 End-of-RIB). */
TEST(track_bgp_fam_counts_eor)
{
	static const uint8_t eor6[] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x00, 0x1d, 0x02, 0x00, 0x00, 0x00, 0x06,
		0x80, 0x0f, 0x03, 0x00, 0x02, 0x01,
	};
	static const uint8_t eor4[] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x00, 0x17, 0x02, 0x00, 0x00, 0x00, 0x00,
	};
	const struct bgp_info *b = &tbf_lay.u.bgp;

	CHECK_EQ(tbf_decode(eor6, sizeof(eor6)), DS_OK);
	CHECK(b->flags & BGPF_EOR);
	CHECK_EQ(b->m.rr.afi, 2);
	CHECK_EQ(b->nfam, 0);
	CHECK_EQ(b->nnlri + b->nwd, 0);
	CHECK_EQ(tbf_decode(eor4, sizeof(eor4)), DS_OK);
	CHECK(b->flags & BGPF_EOR);
	CHECK_EQ(b->nfam, 0);
}

/* Four families in one UPDATE (two MP_REACH attributes: RFC 7606 §3 g
 * calls that malformed, the prefixes are still counted in the totals):
 * the fourth family sets BGPF_FAM_MORE instead of a slot.  tshark 4.0:
 * nlri_prefix 10.0.0.0, mp_reach_nlri_ipv4_prefix 224.2.0.0,
 * mp_reach_nlri_ipv6_prefix ff0e::, mp_unreach_nlri_ipv6_prefix
 * 2001:db8::. */
TEST(track_bgp_fam_counts_overflow)
{
	static const uint8_t m[] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x00, 0x3e, 0x02,
		0x00, 0x00,			/* no IPv4 withdrawn */
		0x00, 0x25,			/* 37 bytes of attributes */
		/* MP_REACH ipv4/multicast nh 10.0.0.1, 224.2.0.0/16 */
		0x80, 0x0e, 0x0c, 0x00, 0x01, 0x02, 0x04,
		0x0a, 0x00, 0x00, 0x01, 0x00, 0x10, 0xe0, 0x02,
		/* MP_REACH ipv6/multicast, no next hop bytes, ff0e::/16 */
		0x80, 0x0e, 0x08, 0x00, 0x02, 0x02, 0x00, 0x00,
		0x10, 0xff, 0x0e,
		/* MP_UNREACH ipv6/unicast 2001:db8::/32 */
		0x80, 0x0f, 0x08, 0x00, 0x02, 0x01, 0x20, 0x20, 0x01,
		0x0d, 0xb8,
		0x08, 0x0a,			/* NLRI 10.0.0.0/8 */
	};
	const struct bgp_info *b = &tbf_lay.u.bgp;

	CHECK_EQ(sizeof(m), 0x3e);
	tbf_decode(m, sizeof(m));
	CHECK_EQ(b->nnlri, 3);
	CHECK_EQ(b->nwd, 1);
	CHECK_EQ(b->nfam, BGP_INFO_FAMS);
	CHECK(b->flags & BGPF_FAM_MORE);
	CHECK_EQ(b->fam[0].afi, 1);
	CHECK_EQ(b->fam[0].safi, 2);
	CHECK_EQ(b->fam[1].afi, 2);
	CHECK_EQ(b->fam[1].safi, 2);
	CHECK_EQ(b->fam[2].afi, 2);
	CHECK_EQ(b->fam[2].safi, 1);
	CHECK_EQ(b->fam[2].wd, 1);
}

static void
tb_update(struct tb *t, int from_b, int64_t ts,
    const struct bgp_fam_count *fc, unsigned n)
{
	struct bgp_wire w;
	unsigned i;

	tb_wire(t, from_b, 40000, 179, BGW_MSG, ts, &w);
	w.type = BGP_UPDATE;
	for (i = 0; i < n; i++) {
		w.pfam[i] = fc[i];
		w.nnlri = (uint16_t)(w.nnlri + fc[i].ann);
		w.nwd = (uint16_t)(w.nwd + fc[i].wd);
	}
	w.nfam = (uint8_t)n;
	bgp_track_wire(t->tr, &w);
}

/* The tracker adds per side and family, kept in AFI/SAFI order; -T
 * status and the summary show them. */
TEST(track_bgp_fam_per_side)
{
	static const struct bgp_fam_count u1[] = {
		{ .afi = 2, .safi = 1, .ann = 2 },
	};
	static const struct bgp_fam_count u2[] = {
		{ .afi = 2, .safi = 1, .wd = 1 },
		{ .afi = 1, .safi = 1, .ann = 1, .wd = 2 },
	};
	static const struct bgp_fam_count u3[] = {
		{ .afi = 1, .safi = 1, .ann = 5 },
	};
	struct tb t;
	const struct bgp_sess_facts *f;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	tb_open(&t);
	tb_establish(&t, 0);
	tb_update(&t, 0, 10 * MS, u1, 1);
	tb_update(&t, 0, 11 * MS, u2, 2);
	tb_update(&t, 1, 12 * MS, u3, 1);
	f = bgp_sess_facts(tb_sess(&t));
	CHECK_EQ(f->s[0].npfam, 2);
	CHECK_EQ(f->s[0].pfam[0].afi, 1);
	CHECK_EQ(f->s[0].pfam[0].ann, 1);
	CHECK_EQ(f->s[0].pfam[0].wd, 2);
	CHECK_EQ(f->s[0].pfam[1].afi, 2);
	CHECK_EQ(f->s[0].pfam[1].ann, 2);
	CHECK_EQ(f->s[0].pfam[1].wd, 1);
	CHECK_EQ(f->s[0].pfx_ann, 3);
	CHECK_EQ(f->s[0].pfx_wd, 3);
	CHECK_EQ(f->s[1].npfam, 1);
	CHECK_EQ(f->s[1].pfam[0].ann, 5);
	CHECK_EQ(f->s[0].pfam_more + f->s[1].pfam_more, 0);
	fp = open_memstream(&buf, &len);
	CHECK(fp != NULL);
	if (fp != NULL) {
		out_bgp_status(fp, t.eng, NULL);
		fclose(fp);
		CHECK(strstr(buf, "    Sent by family: ipv4/unicast +1 -2; "
		    "ipv6/unicast +2 -1\n") != NULL);
		CHECK(strstr(buf, "    Received by family: ipv4/unicast "
		    "+5 -0\n") != NULL);
		free(buf);
	}
	engine_free(t.eng);
}

/* B goes silent; A's hold timer runs out (inferred) and the capture ends
 * before B's would: A dropped the connection, B never saw it go down. */
TEST(track_bgp_conn_per_side_hold)
{
	struct tb t;
	struct entity *e;
	const struct bgp_sess_facts *f;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	tb_open(&t);
	tb_establish(&t, 0);
	tb_msg(&t, 0, BGP_KEEPALIVE, 30 * SEC);
	tb_msg(&t, 0, BGP_KEEPALIVE, 60 * SEC);
	e = tb_sess(&t);
	f = bgp_sess_facts(e);
	engine_tick(t.eng, 100 * SEC);	/* A: 5 ms + 90 s */
	engine_finish(t.eng);
	CHECK_EQ(e->state[0], BGS_IDLE);
	CHECK_EQ(e->state[1], BGS_ESTABLISHED);
	CHECK_EQ(f->established, 1);	/* per session, as before */
	CHECK_EQ(f->dropped, 1);
	CHECK_EQ(f->s[0].conn_est, 1);
	CHECK_EQ(f->s[0].conn_drop, 1);
	CHECK_EQ(f->s[0].up_since, 0);
	CHECK_EQ(f->s[0].last_reset_ts, 90 * SEC + 5 * MS);
	CHECK(strstr(f->s[0].last_reset, "hold timer expired") != NULL);
	CHECK_EQ(f->s[1].conn_est, 1);
	CHECK_EQ(f->s[1].conn_drop, 0);
	CHECK_EQ(f->s[1].up_since, 5 * MS);	/* B's KEEPALIVE, A's seen */
	CHECK_EQ(f->s[1].last_reset_ts, 0);
	fp = open_memstream(&buf, &len);
	CHECK(fp != NULL);
	if (fp != NULL) {
		const char *b;

		out_bgp_status(fp, t.eng, NULL);
		fclose(fp);
		b = strstr(buf, " as seen by 10.0.0.2:");
		CHECK(b != NULL);
		CHECK(b != NULL && strstr(b, "  Connection established 1; "
		    "dropped 0\n  Last reset never\n") != NULL);
		CHECK(strstr(buf, "  Connection established 1; dropped 1\n"
		    "  Last reset ") != NULL);
		free(buf);
	}
	engine_free(t.eng);
}

/* Three connections, each closed by B's RST (the tracker's flapping
 * pattern): both sides count 3 established, 3 dropped, and their own
 * side of the cause; a NOTIFICATION then FIN counts once. */
TEST(track_bgp_conn_per_side_rst)
{
	struct tb t;
	const struct bgp_sess_facts *f;
	int i;

	tb_open(&t);
	for (i = 0; i < 3; i++) {
		tb_establish(&t, i * 10 * SEC);
		tb_tcp(&t, 1, BGW_RST, i * 10 * SEC + SEC);
	}
	f = bgp_sess_facts(tb_sess(&t));
	CHECK_EQ(f->s[0].conn_est, 3);
	CHECK_EQ(f->s[0].conn_drop, 3);
	CHECK_EQ(f->s[1].conn_est, 3);
	CHECK_EQ(f->s[1].conn_drop, 3);
	CHECK_STR(f->s[0].last_reset, "RST received");
	CHECK_STR(f->s[1].last_reset, "RST sent");
	tb_establish(&t, 40 * SEC);
	tb_notif(&t, 0, 6, 2, NULL, 41 * SEC);
	tb_tcp(&t, 0, BGW_FIN, 41 * SEC + MS);
	CHECK_EQ(f->s[0].conn_est, 4);
	CHECK_EQ(f->s[0].conn_drop, 4);
	CHECK_EQ(f->s[1].conn_drop, 4);
	CHECK(strncmp(f->s[0].last_reset, "sent NOTIFICATION 6/2", 21) == 0);
	CHECK(strncmp(f->s[1].last_reset, "received NOTIFICATION 6/2", 25) ==
	    0);
	CHECK_EQ(f->s[0].up_since + f->s[1].up_since, 0);
	engine_free(t.eng);
}

/* Three UPDATEs of B's in one segment (one frame, one TCP connection):
 * the second and third reuse the first one's session and connection
 * (bgp_track_wire's memo) and every prefix counts. */
static void
tb_update_in(struct tb *t, uint64_t frame, uint16_t aport, uint32_t tconn,
    uint16_t nnlri, int64_t ts)
{
	struct bgp_wire w;

	tb_wire(t, 1, aport, 179, BGW_MSG, ts, &w);
	t->frame--;		/* tb_wire numbered a new frame: undo */
	w.frame = frame;
	w.tconn = tconn;
	w.type = BGP_UPDATE;
	w.nnlri = nnlri;
	bgp_track_wire(t->tr, &w);
}

TEST(track_bgp_segment_updates_counted)
{
	struct tb t;
	const struct bgp_sess_facts *f;
	uint64_t fr;

	tb_open(&t);
	tb_establish(&t, 1 * SEC);
	fr = ++t.frame;
	tb_update_in(&t, fr, 40000, 7, 5, 2 * SEC);
	tb_update_in(&t, fr, 40000, 7, 6, 2 * SEC);
	tb_update_in(&t, fr, 40000, 7, 7, 2 * SEC);
	f = bgp_sess_facts(tb_sess(&t));
	CHECK(f != NULL);
	CHECK(f != NULL && f->s[1].pfx_ann == 18);
	CHECK(f != NULL && f->s[1].sent[BGP_UPDATE] == 3);
	CHECK(f != NULL && f->s[0].pfx_ann == 0);
	engine_finish(t.eng);
	engine_free(t.eng);
}

/*
 * The memo must not outlive its entities: with room for 16 entities (the
 * store's least), an UPDATE (frame F, connection 7) makes session X and
 * its connection; SYNs between 8 other address pairs, same frame
 * number, make 8 sessions with a connection each, and the oldest, X's, are evicted; the
 * next UPDATE of frame F on connection 7 must look its session up again
 * (a new one, since X is gone) rather than reuse freed memory (ASan
 * would stop here) or count into X.
 */
TEST(track_bgp_segment_memo_after_eviction)
{
	struct tb t;
	struct bgp_wire w;
	const struct bgp_sess_facts *f;
	const struct entity *e;
	uint64_t fr;
	unsigned n = 0, k;

	memset(&t, 0, sizeof(t));
	prefs_default(&t.p);
	t.p.track_max_entities = 16;
	t.eng = engine_new(&t.p);
	t.tr = bgp_track_new(t.eng, NULL);
	CHECK(t.tr != NULL);
	if (t.tr == NULL)
		return;
	fr = ++t.frame;
	tb_update_in(&t, fr, 40000, 7, 5, 1 * SEC);
	CHECK_EQ(track_stats(t.eng->track)->evicted_total, 0);
	for (k = 0; k < 8; k++) {
		tb_wire(&t, 0, (uint16_t)(41000 + k), 179, BGW_SYN, 1 * SEC,
		    &w);
		w.frame = fr;
		w.src[2] = w.dst[2] = (uint8_t)(1 + k);	/* 10.0.k+1.x */
		bgp_track_wire(t.tr, &w);
	}
	CHECK(track_stats(t.eng->track)->evicted_total >= 2);
	tb_update_in(&t, fr, 40000, 7, 6, 1 * SEC);
	/* the session now holding connection 7's prefixes has the second
	 * UPDATE's 6 only: X (with 5) was evicted */
	for (e = track_first(t.eng->track, EK_BGP_SESSION); e != NULL;
	    e = track_next(e)) {
		f = bgp_sess_facts(e);
		if (f != NULL && f->s[1].pfx_ann > 0) {
			CHECK_EQ(f->s[1].pfx_ann, 6);
			n++;
		}
	}
	CHECK_EQ(n, 1);
	engine_finish(t.eng);
	engine_free(t.eng);
}
