/* tcp_stream_test.c - TCP reassembly for BGP: in order, out of order,
 * overlaps, differing retransmissions, gaps with resync, sequence wrap,
 * several messages per segment, one message over many, caps. */
#include <string.h>

#include "unit.h"
#include "dissect.h"
#include "tcp_stream.h"
#include "track.h"

#define MK 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, \
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff

struct ts_got {
	unsigned	 n, total;
	uint32_t	 len[32];
	uint8_t		 type[32];
	uint64_t	 first[32], off[32];
	uint16_t	 nseg[32];
	const uint8_t	*base[32];
};

static struct packet ts_pkt;
static struct dctx ts_ctx;

static void
ts_cb(void *arg, struct dctx *ctx, const struct tcp_msg *m)
{
	struct ts_got *g = arg;

	(void)ctx;
	g->total++;
	if (g->n >= 32)
		return;
	g->len[g->n] = m->len;
	g->type[g->n] = m->cap >= 19 ? m->base[18] : 0;
	g->first[g->n] = m->first_frame;
	g->off[g->n] = m->stream_off;
	g->nseg[g->n] = m->nseg;
	g->base[g->n] = m->base;
	g->n++;
}

static uint64_t ts_frame;

/* One segment from A (10.0.0.1:40000) to B (10.0.0.2:179) or back. */
static void
ts_seg(struct tcp_streams *s, int from_b, uint8_t flags, uint32_t seq,
    uint32_t ack, const uint8_t *p, uint32_t n, struct ts_got *g)
{
	struct tcp_seg sg;

	memset(&sg, 0, sizeof(sg));
	sg.af = 4;
	sg.src[0] = 10; sg.src[3] = from_b ? 2 : 1;
	sg.dst[0] = 10; sg.dst[3] = from_b ? 1 : 2;
	sg.sport = from_b ? 179 : 40000;
	sg.dport = from_b ? 40000 : 179;
	sg.seq = seq;
	sg.ack = ack;
	sg.flags = flags;
	sg.win = 1000;
	sg.frame = ++ts_frame;
	sg.data = p;
	sg.caplen = sg.len = n;
	memset(&ts_pkt, 0, sizeof(ts_pkt));
	memset(&ts_ctx, 0, sizeof(ts_ctx));
	ts_ctx.pkt = &ts_pkt;
	tcp_streams_segment(s, &ts_ctx, &sg, ts_cb, g, NULL);
}

static int
ts_has(const char *name)
{
	unsigned i;

	for (i = 0; i < ts_pkt.nanom; i++)
		if (strcmp(ts_pkt.anom[i].name, name) == 0)
			return 1;
	return 0;
}

static const uint8_t ka3[] = {
	MK, 0x00, 0x13, 0x04, MK, 0x00, 0x13, 0x04, MK, 0x00, 0x13, 0x04 };

/* NOTIFICATION 6/2 "planned maintenance", 41 bytes */
static const uint8_t notif[] = {
	MK, 0x00, 0x29, 0x03, 0x06, 0x02, 19,
	'p', 'l', 'a', 'n', 'n', 'e', 'd', ' ', 'm', 'a', 'i', 'n',
	't', 'e', 'n', 'a', 'n', 'c', 'e',
};

static struct tcp_streams *
ts_open(uint32_t isn)
{
	struct tcp_streams *s = tcp_streams_new(NULL);
	struct ts_got g;

	memset(&g, 0, sizeof(g));
	ts_frame = 0;
	ts_seg(s, 0, TCP_SYN, isn - 1, 0, NULL, 0, &g);
	ts_seg(s, 1, TCP_SYN | TCP_ACK, 5000, isn, NULL, 0, &g);
	ts_seg(s, 0, TCP_ACK, isn, 5001, NULL, 0, &g);
	return s;
}

TEST(tcp_stream_three_in_one)
{
	struct tcp_streams *s = ts_open(1000);
	struct ts_got g;
	const struct tcp_conn_facts *f;

	memset(&g, 0, sizeof(g));
	ts_seg(s, 0, TCP_ACK | TCP_PSH, 1000, 5001, ka3, sizeof(ka3), &g);
	CHECK_EQ(g.n, 3);
	CHECK_EQ(g.len[2], 19);
	CHECK_EQ(g.type[1], 4);
	CHECK_EQ(g.off[2], 38);
	/* framed in place: no copy of in-order bytes */
	CHECK(g.base[0] == ka3 && g.base[1] == ka3 + 19 &&
	    g.base[2] == ka3 + 38);
	CHECK_EQ(ts_pkt.nanom, 0);
	f = tcp_streams_facts(s, 1);
	CHECK(f != NULL && f->handshake);
	tcp_streams_free(s);
}

TEST(tcp_stream_one_over_many)
{
	struct tcp_streams *s = ts_open(1000);
	struct ts_got g;
	uint32_t i, seq = 1000;
	static const uint32_t cut[] = { 1, 10, 7, 15, 8 };	/* = 41 */

	memset(&g, 0, sizeof(g));
	for (i = 0; i < 5; i++) {
		ts_seg(s, 0, TCP_ACK, seq, 5001, notif + (seq - 1000), cut[i],
		    &g);
		seq += cut[i];
		CHECK_EQ(g.n, i == 4 ? 1u : 0u);
	}
	CHECK_EQ(g.len[0], 41);
	CHECK_EQ(g.type[0], 3);
	CHECK_EQ(g.nseg[0], 5);
	CHECK_EQ(g.first[0], 4);	/* frames 1-3 were the handshake */
	CHECK(memcmp(g.base[0], notif, 41) == 0);
	tcp_streams_free(s);
}

TEST(tcp_stream_out_of_order)
{
	struct tcp_streams *s = ts_open(1000);
	struct ts_got g;

	memset(&g, 0, sizeof(g));
	/* second half first, then the first half */
	ts_seg(s, 0, TCP_ACK, 1020, 5001, notif + 20, 21, &g);
	CHECK_EQ(g.n, 0);
	ts_seg(s, 0, TCP_ACK, 1041, 5001, ka3, 19, &g);
	CHECK_EQ(g.n, 0);
	ts_seg(s, 0, TCP_ACK, 1000, 5001, notif, 20, &g);
	CHECK_EQ(g.n, 2);
	CHECK_EQ(g.type[0], 3);
	CHECK_EQ(g.type[1], 4);
	CHECK(memcmp(g.base[0], notif, 41) == 0);
	CHECK_EQ(ts_pkt.nanom, 0);
	tcp_streams_free(s);
}

TEST(tcp_stream_overlap_and_retrans)
{
	struct tcp_streams *s = ts_open(1000);
	struct ts_got g;
	uint8_t bad[41];
	const struct tcp_conn_facts *f;

	memset(&g, 0, sizeof(g));
	ts_seg(s, 0, TCP_ACK, 1000, 5001, notif, 41, &g);
	CHECK_EQ(g.n, 1);
	/* exact retransmission: nothing new, no anomaly */
	ts_seg(s, 0, TCP_ACK, 1000, 5001, notif, 41, &g);
	CHECK_EQ(g.n, 1);
	CHECK_EQ(ts_pkt.nanom, 0);
	/* retransmission with different bytes */
	memcpy(bad, notif, 41);
	bad[30] ^= 0x20;
	ts_seg(s, 0, TCP_ACK, 1000, 5001, bad, 41, &g);
	CHECK(ts_has("tcp_stream.retrans_differs"));
	/* ... shown on its own (the stream keeps the first copy) */
	CHECK_EQ(g.n, 2);
	CHECK(g.base[1] == bad);
	/* overlap: old 41 bytes + 19 new (a KEEPALIVE) in one segment */
	{
		uint8_t both[60];

		memcpy(both, notif, 41);
		memcpy(both + 41, ka3, 19);
		ts_seg(s, 0, TCP_ACK, 1000, 5001, both, 60, &g);
	}
	CHECK_EQ(g.n, 3);
	CHECK_EQ(g.type[2], 4);
	CHECK_EQ(g.off[2], 41);
	f = tcp_streams_facts(s, 1);
	CHECK(f != NULL && f->retrans[0] == 3 && f->retrans_differ[0] == 1);
	tcp_streams_free(s);
}

TEST(tcp_stream_ooo_overlap_differs)
{
	struct tcp_streams *s = ts_open(1000);
	struct ts_got g;
	uint8_t alt[21];

	memset(&g, 0, sizeof(g));
	ts_seg(s, 0, TCP_ACK, 1020, 5001, notif + 20, 21, &g);
	memcpy(alt, notif + 20, 21);
	alt[5] = 'X';
	ts_seg(s, 0, TCP_ACK, 1020, 5001, alt, 21, &g);
	CHECK(ts_has("tcp_stream.retrans_differs"));
	ts_seg(s, 0, TCP_ACK, 1000, 5001, notif, 20, &g);
	CHECK_EQ(g.n, 1);
	/* first copy wins */
	CHECK(memcmp(g.base[0], notif, 41) == 0);
	tcp_streams_free(s);
}

TEST(tcp_stream_gap_resync)
{
	struct tcp_streams *s = ts_open(1000);
	struct ts_got g;
	uint8_t junk[40];

	memset(&g, 0, sizeof(g));
	/* first 20 bytes of the NOTIFICATION, then a hole of 21 bytes that
	 * B acknowledges (so the capture lost it), then a KEEPALIVE after
	 * 40 bytes of a message whose start was in the hole */
	ts_seg(s, 0, TCP_ACK, 1000, 5001, notif, 20, &g);
	ts_seg(s, 1, TCP_ACK, 5001, 1101, NULL, 0, &g);
	memset(junk, 0x41, sizeof(junk));
	junk[39] = 0xff;	/* a marker-looking byte must not fool it */
	ts_seg(s, 0, TCP_ACK, 1041, 5001, junk, 40, &g);
	CHECK(ts_has("tcp_stream.gap"));
	CHECK(ts_has("bgp.lost_partial"));
	CHECK_EQ(g.n, 0);
	ts_seg(s, 0, TCP_ACK, 1081, 5001, ka3, 19, &g);
	CHECK_EQ(g.n, 1);
	CHECK_EQ(g.type[0], 4);
	CHECK_EQ(g.off[0], 81);
	CHECK(ts_has("bgp.resync"));
	tcp_streams_free(s);
}

TEST(tcp_stream_bad_marker_resync)
{
	struct tcp_streams *s = ts_open(1000);
	struct ts_got g;
	uint8_t m[19 + 19];

	memset(&g, 0, sizeof(g));
	memcpy(m, ka3, 19);
	m[3] = 0xfe;			/* broken marker */
	memcpy(m + 19, ka3, 19);
	ts_seg(s, 0, TCP_ACK, 1000, 5001, m, sizeof(m), &g);
	CHECK(ts_has("bgp.lost_sync"));
	CHECK(ts_has("bgp.resync"));
	CHECK_EQ(g.n, 1);
	CHECK_EQ(g.off[0], 19);
	tcp_streams_free(s);
}

TEST(tcp_stream_seq_wrap)
{
	struct tcp_streams *s = ts_open(0xfffffff0u);
	struct ts_got g;

	memset(&g, 0, sizeof(g));
	/* 41 bytes from 0xfffffff0: crosses 2^32 inside the message; the
	 * second piece arrives first */
	ts_seg(s, 0, TCP_ACK, 0x00000005u, 5001, notif + 21, 20, &g);
	CHECK_EQ(g.n, 0);
	ts_seg(s, 0, TCP_ACK, 0xfffffff0u, 5001, notif, 21, &g);
	CHECK_EQ(g.n, 1);
	CHECK(memcmp(g.base[0], notif, 41) == 0);
	ts_seg(s, 0, TCP_ACK, 0x00000019u, 5001, ka3, 57, &g);
	CHECK_EQ(g.n, 4);
	CHECK_EQ(g.off[3], 41 + 38);
	CHECK_EQ(ts_pkt.nanom, 0);
	tcp_streams_free(s);
}

TEST(tcp_stream_midstream_start)
{
	struct tcp_streams *s = tcp_streams_new(NULL);
	struct ts_got g;
	uint8_t m[10 + 19];

	memset(&g, 0, sizeof(g));
	memcpy(m, notif + 31, 10);	/* tail of an earlier message */
	memcpy(m + 10, ka3, 19);
	ts_seg(s, 0, TCP_ACK, 777, 1, m, sizeof(m), &g);
	CHECK_EQ(g.n, 1);
	CHECK_EQ(g.type[0], 4);
	CHECK(ts_has("bgp.resync"));
	tcp_streams_free(s);
}

TEST(tcp_stream_caps)
{
	struct tcp_streams *s = ts_open(1000);
	struct ts_got g;
	unsigned i;
	int hit = 0;

	memset(&g, 0, sizeof(g));
	/* a message open before a 9-byte hole nobody acks (so the data
	 * after it is held, not passed over), then KEEPALIVEs */
	ts_seg(s, 0, TCP_ACK, 1000, 5001, ka3, 10, &g);
	for (i = 1; i <= TCP_STREAM_MAX_OOO + 1; i++) {
		ts_seg(s, 0, TCP_ACK, 1000 + 19 * i, 5001, ka3, 19, &g);
		if (ts_has("tcp_stream.cap_stream"))
			hit = 1;
	}
	CHECK(hit);
	/* the hole is given up: held KEEPALIVEs came out */
	CHECK_EQ(g.total, TCP_STREAM_MAX_OOO + 1);
	CHECK(tcp_streams_stats(s)->cap_drops >= 1);
	tcp_streams_free(s);
}

TEST(tcp_stream_new_syn_resets)
{
	struct tcp_streams *s = ts_open(1000);
	struct ts_got g;
	const struct bgp_neg *n;

	memset(&g, 0, sizeof(g));
	ts_seg(s, 0, TCP_ACK, 1000, 5001, notif, 20, &g);
	ts_seg(s, 0, TCP_SYN, 90000, 0, NULL, 0, &g);
	CHECK(ts_has("tcp_stream.new_connection"));
	ts_seg(s, 0, TCP_ACK, 90001, 5001, ka3, 19, &g);
	CHECK_EQ(g.n, 1);
	CHECK_EQ(g.off[0], 0);
	n = tcp_streams_neg(s, 1);
	CHECK(n == NULL);		/* connection id 1 was replaced */
	tcp_streams_free(s);
}

/* Cut-out captures: a hole nobody fills, data after it starting a
 * message.  It is framed at once (on the frame that carried it); when the
 * hole does arrive later (reordering), its bytes are framed on their own,
 * a message continued across the late segments. */
TEST(tcp_stream_hole_passed_over)
{
	struct tcp_streams *s = ts_open(1000);
	struct ts_got g;
	const struct tcp_conn_facts *f;

	memset(&g, 0, sizeof(g));
	ts_seg(s, 0, TCP_ACK, 1000, 5001, ka3, 19, &g);
	CHECK_EQ(g.n, 1);
	/* 41 bytes (the NOTIFICATION) missing, then a KEEPALIVE */
	ts_seg(s, 0, TCP_ACK, 1060, 5001, ka3, 19, &g);
	CHECK_EQ(g.n, 2);
	CHECK_EQ(g.first[1], ts_frame);
	CHECK_EQ(g.off[1], 60);
	CHECK(ts_has("tcp_stream.gap"));
	/* the hole comes late, in two pieces: one NOTIFICATION */
	ts_seg(s, 0, TCP_ACK, 1019, 5001, notif, 20, &g);
	CHECK_EQ(g.n, 2);
	CHECK(ts_has("tcp_stream.late_data"));
	ts_seg(s, 0, TCP_ACK, 1039, 5001, notif + 20, 21, &g);
	CHECK_EQ(g.n, 3);
	CHECK_EQ(g.type[2], 3);
	CHECK_EQ(g.len[2], 41);
	CHECK_EQ(g.nseg[2], 2);
	CHECK_EQ(g.first[2], ts_frame - 1);
	CHECK(memcmp(g.base[2], notif, 41) == 0);
	/* the stream goes on where it was */
	ts_seg(s, 0, TCP_ACK, 1079, 5001, ka3, 19, &g);
	CHECK_EQ(g.n, 4);
	CHECK_EQ(g.off[3], 79);
	f = tcp_streams_facts(s, 1);
	CHECK(f != NULL && f->retrans[0] == 0);
	tcp_streams_free(s);
}

/* Data ahead of a hole that lies inside an open message is held. */
TEST(tcp_stream_hole_inside_message_held)
{
	struct tcp_streams *s = ts_open(1000);
	struct ts_got g;

	memset(&g, 0, sizeof(g));
	ts_seg(s, 0, TCP_ACK, 1000, 5001, notif, 10, &g);
	ts_seg(s, 0, TCP_ACK, 1041, 5001, ka3, 19, &g);
	CHECK_EQ(g.n, 0);
	CHECK(!ts_has("tcp_stream.gap"));
	ts_seg(s, 0, TCP_ACK, 1010, 5001, notif + 10, 31, &g);
	CHECK_EQ(g.n, 2);
	CHECK_EQ(g.type[0], 3);
	CHECK_EQ(g.type[1], 4);
	tcp_streams_free(s);
}

/* A sequence number far from the stream position (reused 4-tuple in a
 * cut-out capture) is a new position, ahead of it or behind it. */
TEST(tcp_stream_seq_jump)
{
	struct tcp_streams *s = ts_open(1000);
	struct ts_got g;
	uint8_t m[7 + 19];

	memset(&g, 0, sizeof(g));
	ts_seg(s, 0, TCP_ACK, 1000, 5001, ka3, 19, &g);
	memcpy(m, notif + 30, 7);		/* not a message start */
	memcpy(m + 7, ka3, 19);
	ts_seg(s, 0, TCP_ACK, 1019 + 0x40000000u, 5001, m, sizeof(m), &g);
	CHECK(ts_has("tcp_stream.seq_jump"));
	CHECK(ts_has("bgp.resync"));
	CHECK_EQ(g.n, 2);
	CHECK_EQ(g.type[1], 4);
	/* far behind: not a retransmission either */
	ts_seg(s, 0, TCP_ACK, 1000u - 0x20000000u, 5001, notif, 41, &g);
	CHECK(ts_has("tcp_stream.seq_jump"));
	CHECK_EQ(g.n, 3);
	CHECK_EQ(g.type[2], 3);
	tcp_streams_free(s);
}

/* A retransmission with other bytes: the stream keeps the first copy,
 * and what the second copy says is shown on its own. */
TEST(tcp_stream_retrans_differs_shown)
{
	struct tcp_streams *s = ts_open(1000);
	struct ts_got g;
	uint8_t other[sizeof(notif)];

	memcpy(other, notif, sizeof(notif));
	other[20] = 0x04;			/* Cease subcode 4 */
	memset(&g, 0, sizeof(g));
	ts_seg(s, 0, TCP_ACK, 1000, 5001, notif, 41, &g);
	ts_seg(s, 0, TCP_ACK, 1000, 5001, other, 41, &g);
	CHECK(ts_has("tcp_stream.retrans_differs"));
	CHECK_EQ(g.n, 2);
	CHECK(g.base[1] == other);
	/* an identical one is not shown again */
	ts_seg(s, 0, TCP_ACK, 1000, 5001, notif, 41, &g);
	CHECK_EQ(g.n, 2);
	ts_seg(s, 0, TCP_ACK, 1041, 5001, ka3, 19, &g);
	CHECK_EQ(g.n, 3);
	CHECK_EQ(g.off[2], 41);
	tcp_streams_free(s);
}

/* Mid-stream start on a whole marker: framed even when the type/length
 * pair is invalid (the decoder reports it), not skipped as garbage. */
TEST(tcp_stream_marker_at_start)
{
	struct tcp_streams *s = tcp_streams_new(NULL);
	struct ts_got g;
	static const uint8_t bad[] = { MK, 0x00, 0x13, 0x02, 0, 0, 0 };

	memset(&g, 0, sizeof(g));
	ts_seg(s, 0, TCP_ACK, 4242, 1, bad, sizeof(bad), &g);
	CHECK_EQ(g.n, 1);
	CHECK_EQ(g.len[0], 19);
	CHECK_EQ(g.type[0], 2);
	CHECK(!ts_has("bgp.resync"));
	tcp_streams_free(s);
}

/* One segment inside a pseudowire: sid is the outer L2TP Session ID,
 * which names the receiver's session (so each direction has its own). */
static void
ts_pw_seg(struct tcp_streams *s, uint32_t sid, int from_b, uint8_t flags,
    uint32_t seq, uint32_t ack, const uint8_t *p, uint32_t n,
    struct ts_got *g)
{
	struct tcp_seg sg;

	memset(&sg, 0, sizeof(sg));
	sg.af = 4;
	sg.depth = 1;
	sg.l2tp_session = sid;
	sg.src[0] = 10; sg.src[3] = from_b ? 2 : 1;
	sg.dst[0] = 10; sg.dst[3] = from_b ? 1 : 2;
	sg.sport = from_b ? 179 : 40000;
	sg.dport = from_b ? 40000 : 179;
	sg.seq = seq;
	sg.ack = ack;
	sg.flags = flags;
	sg.win = 1000;
	sg.frame = ++ts_frame;
	sg.data = p;
	sg.caplen = sg.len = n;
	memset(&ts_pkt, 0, sizeof(ts_pkt));
	memset(&ts_ctx, 0, sizeof(ts_ctx));
	ts_ctx.pkt = &ts_pkt;
	tcp_streams_segment(s, &ts_ctx, &sg, ts_cb, g, NULL);
}

/* Two pseudowires carry connections with the same inner addresses and
 * ports, interleaved segment by segment; each direction's data header
 * names another session (A->B 0x2001/0x2002, B->A 0x1001/0x1002).  Each
 * connection must pair its two directions and keep its own bytes. */
TEST(tcp_stream_pw_key)
{
	struct tcp_streams *s = tcp_streams_new(NULL);
	struct ts_got g1, g2;
	const struct tcp_conn_facts *f;

	memset(&g1, 0, sizeof(g1));
	memset(&g2, 0, sizeof(g2));
	ts_frame = 0;
	ts_pw_seg(s, 0x2001, 0, TCP_SYN, 999, 0, NULL, 0, &g1);
	ts_pw_seg(s, 0x2002, 0, TCP_SYN, 69999, 0, NULL, 0, &g2);
	/* pseudowire 2 answers first: its SYN-ACK acks 70000, not 1000 */
	ts_pw_seg(s, 0x1002, 1, TCP_SYN | TCP_ACK, 90000, 70000, NULL, 0, &g2);
	ts_pw_seg(s, 0x1001, 1, TCP_SYN | TCP_ACK, 5000, 1000, NULL, 0, &g1);
	CHECK(!ts_has("tcp_stream.new_connection"));
	/* a NOTIFICATION split in two in PW 1, a KEEPALIVE in PW 2 between */
	ts_pw_seg(s, 0x2001, 0, TCP_ACK, 1000, 5001, notif, 20, &g1);
	ts_pw_seg(s, 0x2002, 0, TCP_ACK, 70000, 90001, ka3, 19, &g2);
	ts_pw_seg(s, 0x2001, 0, TCP_ACK, 1020, 5001, notif + 20, 21, &g1);
	CHECK_EQ(g1.n, 1);
	CHECK_EQ(g1.type[0], 3);
	CHECK_EQ(g1.len[0], 41);
	CHECK_EQ(g2.n, 1);
	CHECK_EQ(g2.type[0], 4);
	/* the reverse directions landed on the right connections */
	ts_pw_seg(s, 0x1001, 1, TCP_ACK, 5001, 1041, ka3, 19, &g1);
	ts_pw_seg(s, 0x1002, 1, TCP_ACK, 90001, 70019, ka3 + 19, 19, &g2);
	CHECK_EQ(g1.n, 2);
	CHECK_EQ(g2.n, 2);
	CHECK_EQ(g1.off[1], 0);
	CHECK_EQ(g2.off[1], 0);
	CHECK_EQ(ts_pkt.nanom, 0);
	f = tcp_streams_facts(s, 1);
	CHECK(f != NULL && f->handshake && f->syn[0] && f->synack[1]);
	f = tcp_streams_facts(s, 2);
	CHECK(f != NULL && f->handshake && f->syn[0] && f->synack[1]);
	CHECK_EQ(tcp_streams_stats(s)->conns, 2);
	tcp_streams_free(s);
}

/* End of input with data still held behind a hole inside a message: the
 * hole is taken as lost and what follows is framed, counted, and handed
 * over without a frame (no dctx). */
TEST(tcp_stream_finish_releases_held)
{
	struct tcp_streams *s = ts_open(1000);
	struct ts_got g, end;

	memset(&g, 0, sizeof(g));
	memset(&end, 0, sizeof(end));
	ts_seg(s, 0, TCP_ACK, 1000, 5001, notif, 10, &g);
	ts_seg(s, 0, TCP_ACK, 1020, 5001, notif + 20, 21, &g);
	ts_seg(s, 0, TCP_ACK, 1041, 5001, ka3, 19, &g);
	CHECK_EQ(g.n, 0);
	tcp_streams_finish(s, ts_cb, &end);
	CHECK_EQ(end.n, 1);
	CHECK_EQ(end.type[0], 4);
	CHECK_EQ(end.off[0], 41);
	CHECK_EQ(tcp_streams_stats(s)->end_msgs, 1);
	CHECK_EQ(tcp_streams_stats(s)->end_held_bytes, 40);
	tcp_streams_free(s);
}

/* A message held across segments takes its own length of buffer (the
 * NOTIFICATION: 41 bytes), not a rounded-up block; with its header cut in
 * two, 64 bytes until the length is known. */
TEST(tcp_stream_holds_what_the_message_needs)
{
	struct tcp_streams *s = ts_open(1000);
	struct ts_got g;
	uint64_t base = tcp_streams_stats(s)->bytes_held;	/* the conn */

	memset(&g, 0, sizeof(g));
	ts_seg(s, 0, TCP_ACK, 1000, 5001, notif, 30, &g);
	CHECK_EQ(g.n, 0);
	CHECK_EQ(tcp_streams_stats(s)->bytes_held - base, 41);
	ts_seg(s, 0, TCP_ACK, 1030, 5001, notif + 30, 11, &g);
	CHECK_EQ(g.n, 1);
	CHECK_EQ(g.len[0], 41);
	CHECK(memcmp(g.base[0], notif, 41) == 0);
	tcp_streams_free(s);

	s = ts_open(1000);
	base = tcp_streams_stats(s)->bytes_held;
	memset(&g, 0, sizeof(g));
	ts_seg(s, 0, TCP_ACK, 1000, 5001, notif, 10, &g);
	CHECK_EQ(tcp_streams_stats(s)->bytes_held - base, 64);
	ts_seg(s, 0, TCP_ACK, 1010, 5001, notif + 10, 31, &g);
	CHECK_EQ(g.n, 1);
	CHECK(memcmp(g.base[0], notif, 41) == 0);
	tcp_streams_free(s);
}

/* The BGP tracker's memos live in the connection's record: there while
 * it lives, zeroed for a new incarnation (a new SYN: a new id), none for
 * an id that is gone or was never given. */
TEST(tcp_stream_memos_follow_the_connection)
{
	struct tcp_streams *s = ts_open(1000);	/* connection id 1 */
	struct ts_got g;
	struct track_memo *m;

	memset(&g, 0, sizeof(g));
	ts_seg(s, 0, TCP_ACK, 1000, 5001, ka3, 19, &g);
	m = tcp_streams_memos(s, 1);
	CHECK(m != NULL);
	if (m == NULL)
		return;
	CHECK_EQ(m[0].valid, 0);
	m[0].valid = 1;
	m[1].hash = 77;
	CHECK(tcp_streams_memos(s, 1) == m);
	CHECK(tcp_streams_memos(s, 0) == NULL);
	CHECK(tcp_streams_memos(s, 100) == NULL);
	ts_seg(s, 0, TCP_SYN, 90000, 0, NULL, 0, &g);	/* id 2 */
	CHECK(tcp_streams_memos(s, 1) == NULL);
	m = tcp_streams_memos(s, 2);
	CHECK(m != NULL && m[0].valid == 0 && m[1].hash == 0);
	tcp_streams_free(s);
}
