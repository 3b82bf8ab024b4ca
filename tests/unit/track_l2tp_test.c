/* track_l2tp_test.c - RFC 3931 §7.2-7.4 tables row by row, and the tracker on hand-built events. */
#include <stdlib.h>
#include <string.h>

#include "diagnose.h"
#include "dissect.h"
#include "event.h"
#include "prefs.h"
#include "track_l2tp.h"
#include "../../src/track_l2tp_priv.h"
#include "unit.h"

#define SEC	1000000000LL
#define T0	(1795510800LL * SEC)	/* 2026-11-24T09:00:00Z */

struct row {
	unsigned	state, event, next, action;
};

/* RFC 3931 §7.2, every row of the table (protocols.md §2.7), in order.
 * "clean up" rows go back to idle as the RFC writes them. */
static const struct row ctl_rows[] = {
	{ L2C_IDLE, L2CE_OPEN, L2C_WAIT_CTL_REPLY, L2A_SCCRQ },
	{ L2C_IDLE, L2CE_SCCRQ_OK, L2C_WAIT_CTL_CONN, L2A_SCCRP },
	{ L2C_IDLE, L2CE_SCCRQ_BAD, L2C_IDLE, L2A_STOP | L2A_CLEANUP },
	{ L2C_IDLE, L2CE_SCCRP, L2C_IDLE, L2A_STOP | L2A_CLEANUP },
	{ L2C_IDLE, L2CE_SCCCN, L2C_IDLE, L2A_STOP | L2A_CLEANUP },
	{ L2C_WAIT_CTL_REPLY, L2CE_SCCRP_OK, L2C_ESTABLISHED,
	  L2A_SCCCN | L2A_OPEN_SESS },
	{ L2C_WAIT_CTL_REPLY, L2CE_SCCRP_BAD, L2C_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2C_WAIT_CTL_REPLY, L2CE_SCCRQ_LOSE_OK, L2C_WAIT_CTL_CONN,
	  L2A_SCCRP | L2A_CLEANUP },
	{ L2C_WAIT_CTL_REPLY, L2CE_SCCRQ_LOSE_BAD, L2C_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2C_WAIT_CTL_REPLY, L2CE_SCCRQ_WIN, L2C_WAIT_CTL_REPLY,
	  L2A_STOP_LOSER },
	{ L2C_WAIT_CTL_REPLY, L2CE_SCCCN, L2C_IDLE, L2A_STOP | L2A_CLEANUP },
	{ L2C_WAIT_CTL_CONN, L2CE_SCCCN_OK, L2C_ESTABLISHED, L2A_OPEN_SESS },
	{ L2C_WAIT_CTL_CONN, L2CE_SCCCN_BAD, L2C_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2C_WAIT_CTL_CONN, L2CE_SCCRQ, L2C_IDLE, L2A_STOP | L2A_CLEANUP },
	{ L2C_WAIT_CTL_CONN, L2CE_SCCRP, L2C_IDLE, L2A_STOP | L2A_CLEANUP },
	{ L2C_ESTABLISHED, L2CE_CALL, L2C_ESTABLISHED, L2A_OPEN_SESS },
	{ L2C_ESTABLISHED, L2CE_CLOSE, L2C_IDLE, L2A_STOP | L2A_CLEANUP },
	{ L2C_ESTABLISHED, L2CE_SCCRQ, L2C_IDLE, L2A_STOP | L2A_CLEANUP },
	{ L2C_ESTABLISHED, L2CE_SCCRP, L2C_IDLE, L2A_STOP | L2A_CLEANUP },
	{ L2C_ESTABLISHED, L2CE_SCCCN, L2C_IDLE, L2A_STOP | L2A_CLEANUP },
	/* any state + recv StopCCN: clean up */
	{ L2C_IDLE, L2CE_STOPCCN, L2C_IDLE, L2A_CLEANUP },
	{ L2C_WAIT_CTL_REPLY, L2CE_STOPCCN, L2C_IDLE, L2A_CLEANUP },
	{ L2C_WAIT_CTL_CONN, L2CE_STOPCCN, L2C_IDLE, L2A_CLEANUP },
	{ L2C_ESTABLISHED, L2CE_STOPCCN, L2C_IDLE, L2A_CLEANUP },
};

TEST(track_l2tp_ctl_fsm_rows)
{
	size_t i;

	for (i = 0; i < sizeof(ctl_rows) / sizeof(ctl_rows[0]); i++) {
		unsigned act = 0xffff;
		unsigned next = l2tp_ctl_fsm(ctl_rows[i].state,
		    ctl_rows[i].event, &act);

		if (next != ctl_rows[i].next || act != ctl_rows[i].action)
			unit_fail(__FILE__, __LINE__, "row %zu: next %u act "
			    "0x%x, want %u 0x%x", i, next, act,
			    ctl_rows[i].next, ctl_rows[i].action);
	}
}

/* Pairs without a row are invalid (§7.1) and leave the state alone. */
TEST(track_l2tp_ctl_fsm_invalid)
{
	unsigned act;

	CHECK_EQ(l2tp_ctl_fsm(L2C_WAIT_CTL_REPLY, L2CE_OPEN, &act),
	    L2C_WAIT_CTL_REPLY);
	CHECK_EQ(act, L2A_INVALID);
	CHECK_EQ(l2tp_ctl_fsm(L2C_IDLE, L2CE_CALL, &act), L2C_IDLE);
	CHECK_EQ(act, L2A_INVALID);
	CHECK_EQ(l2tp_ctl_fsm(L2C_WAIT_CTL_CONN, L2CE_CLOSE, &act),
	    L2C_WAIT_CTL_CONN);
	CHECK_EQ(act, L2A_INVALID);
	CHECK_EQ(l2tp_ctl_fsm(99, L2CE_STOPCCN, &act), 99);
	CHECK_EQ(act, L2A_INVALID);
	CHECK_STR(l2tp_ctl_state_name(L2C_WAIT_CTL_REPLY), "wait-ctl-reply");
	CHECK_STR(l2tp_sess_state_name(L2S_WAIT_CONNECT), "wait-connect");
}

struct srow {
	unsigned	role, state, event, next, action;
};

/* §7.3.1 ICRQ sender, §7.3.2 ICRQ recipient, §7.4.1 OCRQ sender, §7.4.2
 * OCRQ recipient: every row (the "send ICRQ/ICRP/ICCN" actions reuse the
 * L2A_SCCRQ/SCCRP/SCCCN bits, "send CDN" is L2A_STOP). */
static const struct srow sess_rows[] = {
	/* §7.3.1 */
	{ L2R_ICRQ_SENDER, L2S_IDLE, L2SE_CALL, L2S_WAIT_CTL_CONN, 0 },
	{ L2R_ICRQ_SENDER, L2S_IDLE, L2SE_XCN, L2S_IDLE, L2A_CLEANUP },
	{ L2R_ICRQ_SENDER, L2S_IDLE, L2SE_XRP, L2S_IDLE, L2A_CLEANUP },
	{ L2R_ICRQ_SENDER, L2S_IDLE, L2SE_CDN, L2S_IDLE, L2A_CLEANUP },
	{ L2R_ICRQ_SENDER, L2S_WAIT_CTL_CONN, L2SE_CLOSE, L2S_IDLE,
	  L2A_CLEANUP },
	{ L2R_ICRQ_SENDER, L2S_WAIT_CTL_CONN, L2SE_CTL_OPEN, L2S_WAIT_REPLY,
	  L2A_SCCRQ },
	{ L2R_ICRQ_SENDER, L2S_WAIT_REPLY, L2SE_XRP_OK, L2S_ESTABLISHED,
	  L2A_SCCCN },
	{ L2R_ICRQ_SENDER, L2S_WAIT_REPLY, L2SE_XRP_BAD, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_ICRQ_SENDER, L2S_WAIT_REPLY, L2SE_XRQ_LOSE, L2S_IDLE,
	  L2A_CLEANUP },
	{ L2R_ICRQ_SENDER, L2S_WAIT_REPLY, L2SE_XRQ_WIN, L2S_WAIT_REPLY,
	  L2A_STOP_LOSER },
	{ L2R_ICRQ_SENDER, L2S_WAIT_REPLY, L2SE_CDN, L2S_IDLE, L2A_CLEANUP },
	{ L2R_ICRQ_SENDER, L2S_WAIT_REPLY, L2SE_XCN, L2S_IDLE, L2A_CLEANUP },
	{ L2R_ICRQ_SENDER, L2S_WAIT_REPLY, L2SE_CLOSE, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_ICRQ_SENDER, L2S_ESTABLISHED, L2SE_CDN, L2S_IDLE, L2A_CLEANUP },
	{ L2R_ICRQ_SENDER, L2S_ESTABLISHED, L2SE_XRQ, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_ICRQ_SENDER, L2S_ESTABLISHED, L2SE_XRP, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_ICRQ_SENDER, L2S_ESTABLISHED, L2SE_XCN, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_ICRQ_SENDER, L2S_ESTABLISHED, L2SE_CLOSE, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	/* §7.3.2 */
	{ L2R_ICRQ_RECIPIENT, L2S_IDLE, L2SE_XRQ_OK, L2S_WAIT_CONNECT,
	  L2A_SCCRP },
	{ L2R_ICRQ_RECIPIENT, L2S_IDLE, L2SE_XRQ_BAD, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_ICRQ_RECIPIENT, L2S_IDLE, L2SE_XRP, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_ICRQ_RECIPIENT, L2S_IDLE, L2SE_XCN, L2S_IDLE, L2A_CLEANUP },
	{ L2R_ICRQ_RECIPIENT, L2S_WAIT_CONNECT, L2SE_XCN_OK, L2S_ESTABLISHED,
	  0 },
	{ L2R_ICRQ_RECIPIENT, L2S_WAIT_CONNECT, L2SE_XCN_BAD, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_ICRQ_RECIPIENT, L2S_WAIT_CONNECT, L2SE_XRQ, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_ICRQ_RECIPIENT, L2S_WAIT_CONNECT, L2SE_XRP, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_ICRQ_RECIPIENT, L2S_IDLE, L2SE_CDN, L2S_IDLE, L2A_CLEANUP },
	{ L2R_ICRQ_RECIPIENT, L2S_WAIT_CONNECT, L2SE_CDN, L2S_IDLE,
	  L2A_CLEANUP },
	{ L2R_ICRQ_RECIPIENT, L2S_ESTABLISHED, L2SE_CDN, L2S_IDLE,
	  L2A_CLEANUP },
	{ L2R_ICRQ_RECIPIENT, L2S_WAIT_CONNECT, L2SE_CLOSE, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_ICRQ_RECIPIENT, L2S_ESTABLISHED, L2SE_CLOSE, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_ICRQ_RECIPIENT, L2S_ESTABLISHED, L2SE_XRQ, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_ICRQ_RECIPIENT, L2S_ESTABLISHED, L2SE_XRP, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_ICRQ_RECIPIENT, L2S_ESTABLISHED, L2SE_XCN, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	/* §7.4.1 */
	{ L2R_OCRQ_SENDER, L2S_IDLE, L2SE_CALL, L2S_WAIT_CTL_CONN, 0 },
	{ L2R_OCRQ_SENDER, L2S_IDLE, L2SE_XCN, L2S_IDLE, L2A_CLEANUP },
	{ L2R_OCRQ_SENDER, L2S_IDLE, L2SE_XRP, L2S_IDLE, L2A_CLEANUP },
	{ L2R_OCRQ_SENDER, L2S_WAIT_CTL_CONN, L2SE_CTL_OPEN, L2S_WAIT_REPLY,
	  L2A_SCCRQ },
	{ L2R_OCRQ_SENDER, L2S_WAIT_CTL_CONN, L2SE_CLOSE, L2S_IDLE,
	  L2A_CLEANUP },
	{ L2R_OCRQ_SENDER, L2S_WAIT_REPLY, L2SE_XRP_OK, L2S_WAIT_CONNECT, 0 },
	{ L2R_OCRQ_SENDER, L2S_WAIT_REPLY, L2SE_XRP_BAD, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_OCRQ_SENDER, L2S_WAIT_REPLY, L2SE_XCN, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_OCRQ_SENDER, L2S_WAIT_REPLY, L2SE_XRQ_LOSE, L2S_IDLE,
	  L2A_CLEANUP },
	{ L2R_OCRQ_SENDER, L2S_WAIT_REPLY, L2SE_XRQ_WIN, L2S_WAIT_REPLY,
	  L2A_STOP_LOSER },
	{ L2R_OCRQ_SENDER, L2S_WAIT_CONNECT, L2SE_XCN, L2S_ESTABLISHED, 0 },
	{ L2R_OCRQ_SENDER, L2S_WAIT_CONNECT, L2SE_XRQ, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_OCRQ_SENDER, L2S_WAIT_CONNECT, L2SE_XRP, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_OCRQ_SENDER, L2S_WAIT_REPLY, L2SE_CDN, L2S_IDLE, L2A_CLEANUP },
	{ L2R_OCRQ_SENDER, L2S_WAIT_CONNECT, L2SE_CDN, L2S_IDLE,
	  L2A_CLEANUP },
	{ L2R_OCRQ_SENDER, L2S_ESTABLISHED, L2SE_CDN, L2S_IDLE, L2A_CLEANUP },
	{ L2R_OCRQ_SENDER, L2S_ESTABLISHED, L2SE_XRQ, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_OCRQ_SENDER, L2S_ESTABLISHED, L2SE_XCN, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_OCRQ_SENDER, L2S_WAIT_REPLY, L2SE_CLOSE, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_OCRQ_SENDER, L2S_WAIT_CONNECT, L2SE_CLOSE, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_OCRQ_SENDER, L2S_ESTABLISHED, L2SE_CLOSE, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	/* §7.4.2 */
	{ L2R_OCRQ_RECIPIENT, L2S_IDLE, L2SE_XRQ_OK, L2S_WAIT_CS_ANSWER,
	  L2A_SCCRP },
	{ L2R_OCRQ_RECIPIENT, L2S_IDLE, L2SE_XRQ_BAD, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_OCRQ_RECIPIENT, L2S_IDLE, L2SE_XRP, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_OCRQ_RECIPIENT, L2S_IDLE, L2SE_XCN, L2S_IDLE, L2A_CLEANUP },
	{ L2R_OCRQ_RECIPIENT, L2S_WAIT_CS_ANSWER, L2SE_CALL_PLACED,
	  L2S_ESTABLISHED, L2A_SCCCN },
	{ L2R_OCRQ_RECIPIENT, L2S_WAIT_CS_ANSWER, L2SE_CALL_FAILED, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_OCRQ_RECIPIENT, L2S_WAIT_CS_ANSWER, L2SE_XRQ, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_OCRQ_RECIPIENT, L2S_WAIT_CS_ANSWER, L2SE_XCN, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_OCRQ_RECIPIENT, L2S_ESTABLISHED, L2SE_XRP, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_OCRQ_RECIPIENT, L2S_WAIT_CS_ANSWER, L2SE_CLOSE, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_OCRQ_RECIPIENT, L2S_ESTABLISHED, L2SE_CLOSE, L2S_IDLE,
	  L2A_STOP | L2A_CLEANUP },
	{ L2R_OCRQ_RECIPIENT, L2S_IDLE, L2SE_CDN, L2S_IDLE, L2A_CLEANUP },
	{ L2R_OCRQ_RECIPIENT, L2S_WAIT_CS_ANSWER, L2SE_CDN, L2S_IDLE,
	  L2A_CLEANUP },
	{ L2R_OCRQ_RECIPIENT, L2S_ESTABLISHED, L2SE_CDN, L2S_IDLE,
	  L2A_CLEANUP },
};

TEST(track_l2tp_sess_fsm_rows)
{
	size_t i;

	for (i = 0; i < sizeof(sess_rows) / sizeof(sess_rows[0]); i++) {
		const struct srow *r = &sess_rows[i];
		unsigned act = 0xffff;
		unsigned next = l2tp_sess_fsm(r->role, r->state, r->event,
		    &act);

		if (next != r->next || act != r->action)
			unit_fail(__FILE__, __LINE__, "row %zu: next %u act "
			    "0x%x, want %u 0x%x", i, next, act, r->next,
			    r->action);
	}
	/* no row: invalid, state kept */
	{
		unsigned act;

		CHECK_EQ(l2tp_sess_fsm(L2R_ICRQ_RECIPIENT, L2S_WAIT_CONNECT,
		    L2SE_CALL, &act), L2S_WAIT_CONNECT);
		CHECK_EQ(act, L2A_INVALID);
		CHECK_EQ(l2tp_sess_fsm(L2R_NROLES, L2S_IDLE, L2SE_CALL, &act),
		    L2S_IDLE);
		CHECK_EQ(act, L2A_INVALID);
	}
}

/* ---- the tracker on hand-built packets ---- */

#define A_ADDR	0xc0000201u	/* 192.0.2.1 */
#define B_ADDR	0xc6336402u	/* 198.51.100.2 */

struct msg {
	uint32_t	src, dst;
	uint16_t	type;		/* 0: ZLB */
	uint32_t	ccid, assigned;
	uint16_t	ns, nr, result;
	uint8_t		ttl;
};

static uint32_t feed_vantage;

/* Feed one control message as the dissector would emit it (no AVP
 * bytes captured: the summary fields carry the values). */
static void
feed(struct l2tp_tracker *tr, struct engine *eng, uint64_t frame,
    int64_t ts, const struct msg *m)
{
	static struct packet p;
	static uint8_t bytes[64];
	struct frame f;
	struct event ev;
	struct l2tp_info *li;

	memset(&p, 0, sizeof(p));
	memset(&f, 0, sizeof(f));
	f.number = frame;
	f.ts_ns = ts;
	f.vantage = feed_vantage;
	p.f = &f;
	p.nlayers = 4;
	p.layers[0].proto = PROTO_ETH;
	p.layers[1].proto = PROTO_IPV4;
	p.layers[1].u.ipv4.src = m->src;
	p.layers[1].u.ipv4.dst = m->dst;
	p.layers[1].u.ipv4.ttl = m->ttl ? m->ttl : 64;
	p.layers[1].u.ipv4.proto = 17;
	p.layers[2].proto = PROTO_UDP;
	p.layers[2].u.udp.sport = 1701;
	p.layers[2].u.udp.dport = 1701;
	p.layers[3].proto = PROTO_L2TP;
	p.layers[3].base = bytes;
	p.layers[3].off = 0;
	p.layers[3].len = 12;
	p.layers[3].cap = 12;
	li = &p.layers[3].u.l2tp;
	li->version = 3;
	li->control = 1;
	li->zlb = m->type == 0;
	li->length = 12;
	li->payload_off = 12;
	li->msg_type = m->type;
	li->ns = m->ns;
	li->nr = m->nr;
	li->ccid = m->ccid;
	li->assigned_ccid = m->assigned;
	li->result = m->result ? m->result : L2TP_NONE16;
	li->error = L2TP_NONE16;
	li->pw_type = L2TP_NONE16;
	li->cookie_len = li->l2ss = L2TP_NONE8;
	li->lsid = li->rsid = UINT32_MAX;
	engine_tick(eng, ts);
	memset(&ev, 0, sizeof(ev));
	ev.kind = EV_L2TP_CONTROL;
	ev.vantage = feed_vantage;
	ev.frame = frame;
	ev.ts_ns = ts;
	ev.pkt = &p;
	ev.layer = &p.layers[3];
	l2tp_track_event(tr, &ev);
	ev.kind = EV_FRAME;
	ev.layer = NULL;
	l2tp_track_event(tr, &ev);
}

static struct engine *
new_engine(struct l2tp_tracker **tr)
{
	static struct prefs p;
	struct engine *eng;

	prefs_default(&p);
	eng = engine_new(&p);
	CHECK(eng != NULL);
	*tr = eng != NULL ? l2tp_track_new(eng, NULL) : NULL;
	CHECK(*tr != NULL);
	return eng;
}

/* B's SCCRQ with Assigned CCID 20634 at 0, 1, 3, 7 and 15 s (RFC 3931
 * §4.2 schedule), never answered: frames first .. first + 4. */
static void
feed_sccrqs_unanswered(struct l2tp_tracker *tr, struct engine *eng,
    uint64_t first)
{
	static const int64_t at[] = { 0, 1, 3, 7, 15 };
	unsigned i;

	for (i = 0; i < 5; i++)
		feed(tr, eng, first + i, T0 + at[i] * SEC, &(struct msg){
		    B_ADDR, A_ADDR, 1, 0, 20634, 0, 0, 0, 0 });
}

/* Frames 1-4: SCCRQ A (CCID 1001), SCCRP B (2001), SCCCN A, ZLB B. */
static void
feed_ctl_up(struct l2tp_tracker *tr, struct engine *eng)
{
	feed(tr, eng, 1, T0, &(struct msg){ A_ADDR, B_ADDR, 1, 0, 1001, 0, 0,
	    0, 0 });
	feed(tr, eng, 2, T0 + SEC / 10, &(struct msg){ B_ADDR, A_ADDR, 2,
	    1001, 2001, 0, 1, 0, 0 });
	feed(tr, eng, 3, T0 + 2 * SEC / 10, &(struct msg){ A_ADDR, B_ADDR, 3,
	    2001, 0, 1, 1, 0, 0 });
	feed(tr, eng, 4, T0 + 3 * SEC / 10, &(struct msg){ B_ADDR, A_ADDR, 0,
	    1001, 0, 1, 2, 0, 0 });
}

TEST(track_l2tp_setup_and_stopccn)
{
	struct l2tp_tracker *tr;
	struct engine *eng = new_engine(&tr);
	struct entity *e;
	const struct finding *f;

	if (eng == NULL || tr == NULL)
		return;
	/* SCCRQ A (CCID 1001), SCCRP B (2001), SCCCN A, ZLB B */
	feed(tr, eng, 1, T0, &(struct msg){ A_ADDR, B_ADDR, 1, 0, 1001, 0, 0,
	    0, 0 });
	e = track_first(eng->track, EK_L2TP_CTL);
	CHECK(e != NULL);
	if (e == NULL)
		goto out;
	CHECK_EQ(e->state[0], L2C_WAIT_CTL_REPLY);
	CHECK_EQ(e->state[1], L2C_IDLE);
	feed(tr, eng, 2, T0 + SEC / 10, &(struct msg){ B_ADDR, A_ADDR, 2,
	    1001, 2001, 0, 1, 0, 0 });
	CHECK_EQ(e->state[1], L2C_WAIT_CTL_CONN);
	feed(tr, eng, 3, T0 + 2 * SEC / 10, &(struct msg){ A_ADDR, B_ADDR, 3,
	    2001, 0, 1, 1, 0, 0 });
	CHECK_EQ(e->state[0], L2C_ESTABLISHED);
	CHECK_EQ(e->state[1], L2C_ESTABLISHED);	/* on receiving it */
	feed(tr, eng, 4, T0 + 3 * SEC / 10, &(struct msg){ B_ADDR, A_ADDR, 0,
	    1001, 0, 1, 2, 0, 0 });
	CHECK_STR(e->name, "192.0.2.1 -> 198.51.100.2 ccid 1001/2001");
	/* a Hello from A, retransmitted once and never acknowledged */
	feed(tr, eng, 5, T0 + 60 * SEC, &(struct msg){ A_ADDR, B_ADDR, 6,
	    2001, 0, 2, 1, 0, 64 });
	feed(tr, eng, 6, T0 + 61 * SEC, &(struct msg){ A_ADDR, B_ADDR, 6,
	    2001, 0, 2, 1, 0, 64 });
	/* StopCCN from A, result 2, captured at A (TTL 64) while B is
	 * unresponsive: B is closed only once it acknowledges */
	feed(tr, eng, 7, T0 + 65 * SEC, &(struct msg){ A_ADDR, B_ADDR, 4,
	    2001, 1001, 3, 1, 2, 64 });
	CHECK_EQ(e->state[0], L2C_CLOSED);
	CHECK_EQ(e->state[1], L2C_ESTABLISHED);
	feed(tr, eng, 8, T0 + 65 * SEC + 1000, &(struct msg){ B_ADDR, A_ADDR,
	    0, 1001, 0, 1, 4, 0, 0 });
	CHECK_EQ(e->state[1], L2C_CLOSED);
	CHECK(track_next(e) == NULL);	/* every message found the one */
	engine_finish(eng);
	/* the unanswered Hello is the cause; the StopCCN its symptom */
	f = finding_lookup(eng->findings, "l2tp.hello_timeout", e);
	CHECK(f != NULL);
	if (f != NULL) {
		CHECK_EQ(f->severity, SEV_ERROR);
		CHECK(strstr(f->explanation, "retransmitted 1 time") != NULL);
	}
	CHECK(finding_lookup(eng->findings, "l2tp.stopccn", e) == NULL);
	CHECK_EQ(finding_count(eng->findings), 1);
out:
	engine_free(eng);
}

TEST(track_l2tp_reply_missing_and_retries)
{
	struct l2tp_tracker *tr;
	struct engine *eng = new_engine(&tr);
	struct entity *e, *e2;
	const struct finding *f;
	size_t n;
	const struct transition *t;

	if (eng == NULL || tr == NULL)
		return;
	feed_sccrqs_unanswered(tr, eng, 1);
	/* a new attempt with a new CCID, 20 s later */
	feed(tr, eng, 6, T0 + 35 * SEC, &(struct msg){ B_ADDR, A_ADDR, 1, 0,
	    39215, 0, 0, 0, 0 });
	e = track_first(eng->track, EK_L2TP_CTL);
	CHECK(e != NULL);
	if (e == NULL)
		goto out;
	e2 = track_next(e);
	CHECK(e2 != NULL);
	if (e2 == NULL)
		goto out;
	CHECK_EQ(e->nrelated, 1);
	CHECK(e->related[0] == e2);
	/* the first attempt was given up: retries exhausted (inferred),
	 * at its last SCCRQ plus the last interval (15 + 8 s) */
	CHECK_EQ(e->state[0], L2C_CLOSED);
	t = track_timeline(e, &n);
	CHECK_EQ(n, 3);	/* sent, retransmitted x4 (folded), closed */
	if (n == 3) {
		CHECK_EQ(t[1].count, 4);
		CHECK_EQ(t[2].flags & TR_INFERRED, TR_INFERRED);
		CHECK_EQ(t[2].first_ts, T0 + 23 * SEC);
	}
	CHECK_EQ(e2->state[0], L2C_WAIT_CTL_REPLY);
	engine_finish(eng);
	f = finding_lookup(eng->findings, "l2tp.ctl_reply_missing", e);
	CHECK(f != NULL);
	if (f != NULL) {
		CHECK_STR(f->title, "control connection 198.51.100.2 -> "
		    "192.0.2.1 never left wait-ctl-reply: 5 SCCRQs, no SCCRP");
		CHECK(strstr(f->explanation, "intervals 1.0, 2.0, 4.0, 8.0 s")
		    != NULL);
		CHECK(strstr(f->explanation, "Assigned CCID 20634 and Ns 0")
		    != NULL);
		CHECK(strstr(f->explanation, "attempt 1 of 2") != NULL);
		CHECK(strstr(f->explanation, "Nothing at all came from "
		    "192.0.2.1 in this capture.") != NULL);
		CHECK_EQ(f->nev, 5);
	}
	/* one SCCRQ, 0 s before the end: too early to call */
	CHECK(finding_lookup(eng->findings, "l2tp.ctl_reply_missing", e2) ==
	    NULL);
out:
	engine_free(eng);
}

TEST(track_l2tp_retransmission_vs_second_vantage)
{
	struct l2tp_tracker *tr;
	struct engine *eng = new_engine(&tr);
	struct entity *e;
	const struct transition *t;
	size_t n;
	struct msg m = { A_ADDR, B_ADDR, 1, 0, 7677, 0, 0, 0, 0 };

	if (eng == NULL || tr == NULL)
		return;
	feed_vantage = 0;
	feed(tr, eng, 1, T0, &m);
	e = track_first(eng->track, EK_L2TP_CTL);
	CHECK(e != NULL);
	if (e == NULL)
		goto out;
	/* the same SCCRQ 3 ms later at a second vantage: a sighting */
	feed_vantage = 1;
	feed(tr, eng, 1, T0 + 3000000, &m);
	t = track_timeline(e, &n);
	CHECK_EQ(n, 1);
	/* again at the first vantage a second later: a retransmission */
	feed_vantage = 0;
	feed(tr, eng, 2, T0 + SEC, &m);
	t = track_timeline(e, &n);
	CHECK_EQ(n, 2);
	if (n == 2)
		CHECK_STR(t[1].cause, "SCCRQ retransmitted");
	CHECK(track_next(e) == NULL);
out:
	engine_free(eng);
}

/*
 * Two vantages 3 ms apart on the path.  Times between them, round trips
 * per vantage and retransmissions counted per vantage come from the
 * sightings after a message's first (worked out by hand below).
 */
TEST(track_l2tp_two_vantages_transit_rtt_retried)
{
	static const struct msg sccrq = { A_ADDR, B_ADDR, 1, 0, 1001, 0, 0,
	    0, 0 };
	static const struct msg sccrp = { B_ADDR, A_ADDR, 2, 1001, 2001, 0,
	    1, 0, 0 };
	static const struct msg scccn = { A_ADDR, B_ADDR, 3, 2001, 0, 1, 1,
	    0, 0 };
	static const struct msg zlb = { B_ADDR, A_ADDR, 0, 1001, 0, 1, 2, 0,
	    0 };
	const int64_t ms = SEC / 1000;
	struct l2tp_tracker *tr;
	struct engine *eng = new_engine(&tr);
	struct entity *e;
	const struct l2t_ctl *c;

	if (eng == NULL || tr == NULL)
		return;
	feed_vantage = 0;
	feed(tr, eng, 1, T0, &sccrq);
	feed_vantage = 1;
	feed(tr, eng, 1, T0 + 3 * ms, &sccrq);
	/* B's reply reaches vantage 1 first */
	feed(tr, eng, 2, T0 + 50 * ms, &sccrp);
	feed_vantage = 0;
	feed(tr, eng, 2, T0 + 53 * ms, &sccrp);
	feed(tr, eng, 3, T0 + 100 * ms, &scccn);
	feed_vantage = 1;
	feed(tr, eng, 3, T0 + 101 * ms, &scccn);
	/* the SCCCN again, seen at vantage 1 only, then B's ZLB there */
	feed(tr, eng, 4, T0 + 1100 * ms, &scccn);
	feed(tr, eng, 5, T0 + 1200 * ms, &zlb);
	feed_vantage = 0;
	e = track_first(eng->track, EK_L2TP_CTL);
	CHECK(e != NULL && track_next(e) == NULL);
	if (e == NULL)
		goto out;
	c = e->data;
	/* A: SCCRQ 0 -> 3 ms, SCCCN 100 -> 101 ms; B: SCCRP 50 -> 53 ms */
	CHECK_EQ(c->s[0].ntransit, 2);
	CHECK_EQ(c->s[0].transit_min, 1 * ms);
	CHECK_EQ(c->s[0].transit_max, 3 * ms);
	CHECK_EQ(c->s[1].ntransit, 1);
	CHECK_EQ(c->s[1].transit_min, 3 * ms);
	CHECK_EQ(c->s[1].transit_max, 3 * ms);
	/* A's round trips, each at the vantage that saw the ack first:
	 * SCCRQ 3 -> 50 ms at 1, SCCCN 101 -> 1200 ms at 1 */
	CHECK_EQ(c->s[0].nrtt, 2);
	CHECK_EQ(c->s[0].rtt_min, 47 * ms);
	CHECK_EQ(c->s[0].rtt_max, 1099 * ms);
	/* the SCCCN's second sighting at vantage 1: retried once */
	CHECK_EQ(c->s[0].retrans, 1);
	CHECK_EQ(c->s[0].msgs_retried, 1);
	CHECK_EQ(c->s[1].retrans, 0);
out:
	engine_free(eng);
}

/* Two vantages on the path: a Hello seen at the first only was lost
 * between them (localised loss), reported on the working tunnel. */
TEST(track_l2tp_lost_between_vantages)
{
	struct l2tp_tracker *tr;
	struct engine *eng = new_engine(&tr);
	static const struct msg m[] = {
		{ A_ADDR, B_ADDR, 1, 0, 1001, 0, 0, 0, 0 },
		{ B_ADDR, A_ADDR, 2, 1001, 2001, 0, 1, 0, 0 },
		{ A_ADDR, B_ADDR, 3, 2001, 0, 1, 1, 0, 0 },
		{ B_ADDR, A_ADDR, 0, 1001, 0, 1, 2, 0, 0 },
	};
	const struct finding *f;
	struct entity *e;
	unsigned i;

	if (eng == NULL || tr == NULL)
		return;
	for (i = 0; i < 4; i++) {
		feed_vantage = 0;
		feed(tr, eng, i + 1, T0 + (int64_t)i * SEC / 10, &m[i]);
		feed_vantage = 1;
		feed(tr, eng, i + 1, T0 + (int64_t)i * SEC / 10 + 1000, &m[i]);
	}
	/* A's Hello (Ns 2) reaches the first capture point only */
	feed_vantage = 0;
	feed(tr, eng, 9, T0 + 60 * SEC, &(struct msg){ A_ADDR, B_ADDR, 6,
	    2001, 0, 2, 1, 0, 0 });
	feed_vantage = 0;
	e = track_first(eng->track, EK_L2TP_CTL);
	CHECK(e != NULL && track_next(e) == NULL);
	l2tp_track_finish(tr);
	engine_finish(eng);
	f = e != NULL ? finding_lookup(eng->findings, "l2tp.retransmissions",
	    e) : NULL;
	CHECK(f != NULL);
	if (f != NULL)
		CHECK(strstr(f->explanation, "1 message seen at one capture "
		    "point only, never at the other (first 0:9)") != NULL);
	engine_free(eng);
}

/*
 * The outer source address table grows with the sources: 20,000 IPv4
 * sources, each in two frames, are all found with 2 frames each (the
 * table went 1024 -> 32768 slots: 20,000 > 3/4 of 16384); at the cap
 * (131072 slots, 98,304 sources) a new source's frames are only counted
 * in addrs_full, and the sources counted before stay found.
 */
TEST(track_l2tp_outer_sources_grow_then_cap)
{
	struct l2tp_tracker *tr;
	struct engine *eng = new_engine(&tr);
	struct evref r = { .vantage = 0, .frame = 1, .ts_ns = 1 };
	const struct l2t_addr *s;
	struct ts_addr a;
	uint32_t i, n, bad = 0;

	if (tr == NULL)
		return;
	memset(&a, 0, sizeof(a));
	a.af = 4;
	for (i = 0; i < 2 * 20000; i++) {
		/* 10.x.y.z from i / 2: each source in frames 2k+1, 2k+2 */
		uint32_t v = 0x0a000000u + i / 2;

		a.a[1] = (uint8_t)(v >> 16);
		a.a[2] = (uint8_t)(v >> 8);
		a.a[3] = (uint8_t)v;
		r.frame = i + 1;
		l2t_addr_count(tr, &a, &r, 1);
	}
	CHECK_EQ(tr->naddrs, 20000);
	CHECK_EQ(tr->naddr_slots, 32768);
	for (i = 0; i < 20000; i++) {
		uint32_t v = 0x0a000000u + i;

		a.a[1] = (uint8_t)(v >> 16);
		a.a[2] = (uint8_t)(v >> 8);
		a.a[3] = (uint8_t)v;
		s = l2t_addr_find(tr, &a);
		if (s == NULL || s->frames != 2 || s->l2tp != 2 ||
		    s->first.frame != 2 * i + 1 || s->last.frame != 2 * i + 2)
			bad++;
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(l2tp_track_addrs_full(tr, &n), 0);
	/* to the cap: 98,304 sources in all, then 10 frames of 5 more */
	for (i = 20000; i < 98304 + 5; i++) {
		uint32_t v = 0x0a000000u + i;

		a.a[1] = (uint8_t)(v >> 16);
		a.a[2] = (uint8_t)(v >> 8);
		a.a[3] = (uint8_t)v;
		r.frame = 100000 + i;
		l2t_addr_count(tr, &a, &r, 0);
		if (i >= 98304)
			l2t_addr_count(tr, &a, &r, 0);
	}
	CHECK_EQ(tr->naddr_slots, L2T_ADDRS_MAX);
	CHECK_EQ(l2tp_track_addrs_full(tr, &n), 10);
	CHECK_EQ(n, 98304);
	a.a[1] = 0;
	a.a[2] = 0;
	a.a[3] = 7;		/* 10.0.0.7, one of the first */
	s = l2t_addr_find(tr, &a);
	CHECK(s != NULL && s->frames == 2);
	a.a[1] = (uint8_t)((0x0a000000u + 98304) >> 16);
	a.a[2] = (uint8_t)((0x0a000000u + 98304) >> 8);
	a.a[3] = (uint8_t)(0x0a000000u + 98304);
	CHECK(l2t_addr_find(tr, &a) == NULL);
	engine_free(eng);
}

/* The same unanswered SCCRQs after 98,304 other sources filled the
 * address table: that nothing came from the peer is no longer known,
 * and the explanation says so instead of claiming it. */
TEST(track_l2tp_reply_missing_sources_table_full)
{
	struct l2tp_tracker *tr;
	struct engine *eng = new_engine(&tr);
	struct evref r = { .vantage = 0, .frame = 1, .ts_ns = T0 };
	const struct finding *f;
	struct ts_addr a;
	uint32_t i;

	if (eng == NULL || tr == NULL)
		return;
	memset(&a, 0, sizeof(a));
	a.af = 4;
	a.a[0] = 172;
	for (i = 0; i < 98304; i++) {
		a.a[1] = (uint8_t)(16 + (i >> 16));
		a.a[2] = (uint8_t)(i >> 8);
		a.a[3] = (uint8_t)i;
		l2t_addr_count(tr, &a, &r, 0);
	}
	feed_sccrqs_unanswered(tr, eng, 2);
	CHECK(tr->addrs_full >= 5);	/* B's own SCCRQs did not fit */
	engine_tick(eng, T0 + 60 * SEC);
	engine_finish(eng);
	f = finding_lookup(eng->findings, "l2tp.ctl_reply_missing",
	    track_first(eng->track, EK_L2TP_CTL));
	CHECK(f != NULL);
	if (f != NULL) {
		CHECK(strstr(f->explanation, "Nothing at all came from") ==
		    NULL);
		CHECK(strstr(f->explanation, "Whether anything else came from "
		    "192.0.2.1 is not known: the table of outer source "
		    "addresses was full (98304 addresses).") != NULL);
	}
	engine_free(eng);
}

/* A Hello retransmitted once and then acknowledged is answered: a
 * StopCCN (result 6, shutting down) half a minute later is the orderly
 * close it says it is, not the symptom of a Hello timeout.  (Found on
 * the bench capture: the count of retransmitted Hellos over the whole
 * connection used to stand for "unanswered".) */
TEST(track_l2tp_hello_retransmitted_acked_then_stopccn)
{
	struct l2tp_tracker *tr;
	struct engine *eng = new_engine(&tr);
	struct entity *e;
	const struct finding *f;

	if (eng == NULL || tr == NULL)
		return;
	feed_ctl_up(tr, eng);
	/* B's Hello (Ns 1), again a second later, A's ZLB acknowledges it
	 * (Nr 2) */
	feed(tr, eng, 5, T0 + 60 * SEC, &(struct msg){ B_ADDR, A_ADDR, 6,
	    1001, 0, 1, 2, 0, 64 });
	feed(tr, eng, 6, T0 + 61 * SEC, &(struct msg){ B_ADDR, A_ADDR, 6,
	    1001, 0, 1, 2, 0, 64 });
	feed(tr, eng, 7, T0 + 61 * SEC + 2000000, &(struct msg){ A_ADDR,
	    B_ADDR, 0, 2001, 0, 2, 2, 0, 0 });
	/* B shuts down 35 s later: StopCCN result 6, A acknowledges */
	feed(tr, eng, 8, T0 + 96 * SEC, &(struct msg){ B_ADDR, A_ADDR, 4,
	    1001, 2001, 2, 2, 6, 64 });
	feed(tr, eng, 9, T0 + 96 * SEC + 2000000, &(struct msg){ A_ADDR,
	    B_ADDR, 0, 2001, 0, 2, 3, 0, 0 });
	e = track_first(eng->track, EK_L2TP_CTL);
	CHECK(e != NULL);
	if (e == NULL)
		goto out;
	CHECK_EQ(e->state[0], L2C_CLOSED);
	CHECK_EQ(e->state[1], L2C_CLOSED);
	engine_finish(eng);
	CHECK(finding_lookup(eng->findings, "l2tp.hello_timeout", e) == NULL);
	f = finding_lookup(eng->findings, "l2tp.stopccn", e);
	CHECK(f != NULL);
	if (f != NULL) {
		CHECK_EQ(f->severity, SEV_INFO);
		CHECK_STR(f->title, "StopCCN from 198.51.100.2: result 6 "
		    "(requester is being shut down)");
	}
out:
	engine_free(eng);
}
