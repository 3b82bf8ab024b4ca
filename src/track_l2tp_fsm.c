/* track_l2tp_fsm.c - RFC 3931 §7.2-7.4 state tables: control connection, ICRQ/OCRQ sender and recipient.
 *
 * Written as nested switches because the rows are mostly "anything else
 * in this state: send StopCCN/CDN and clean up"; every row of the RFC
 * tables is one case below (tests/unit/track_l2tp_test.c walks them).
 */
#include "textbuf.h"
#include "track_l2tp.h"

static const struct tok ctl_names[] = {
	{ L2C_IDLE, "idle" }, { L2C_WAIT_CTL_REPLY, "wait-ctl-reply" },
	{ L2C_WAIT_CTL_CONN, "wait-ctl-conn" },
	{ L2C_ESTABLISHED, "established" }, { L2C_CLOSED, "closed" },
	{ 0, NULL },
};

static const struct tok sess_names[] = {
	{ L2S_IDLE, "idle" }, { L2S_WAIT_CTL_CONN, "wait-ctl-conn" },
	{ L2S_WAIT_REPLY, "wait-reply" }, { L2S_WAIT_CONNECT, "wait-connect" },
	{ L2S_WAIT_CS_ANSWER, "wait-cs-answer" },
	{ L2S_ESTABLISHED, "established" }, { L2S_CLOSED, "closed" },
	{ 0, NULL },
};

const char *
l2tp_ctl_state_name(unsigned s)
{
	return tok_name(ctl_names, s, "?");
}

const char *
l2tp_sess_state_name(unsigned s)
{
	return tok_name(sess_names, s, "?");
}

static int
is_sccrq(unsigned e)
{
	return e == L2CE_SCCRQ || e == L2CE_SCCRQ_OK || e == L2CE_SCCRQ_BAD ||
	    e == L2CE_SCCRQ_LOSE_OK || e == L2CE_SCCRQ_LOSE_BAD ||
	    e == L2CE_SCCRQ_WIN;
}

static int
is_sccrp(unsigned e)
{
	return e == L2CE_SCCRP || e == L2CE_SCCRP_OK || e == L2CE_SCCRP_BAD;
}

static int
is_scccn(unsigned e)
{
	return e == L2CE_SCCCN || e == L2CE_SCCCN_OK || e == L2CE_SCCCN_BAD;
}

#define ROW(a, n)	do { *action = (a); return (n); } while (0)

unsigned
l2tp_ctl_fsm(unsigned st, unsigned ev, unsigned *action)
{
	unsigned dummy;

	if (action == NULL)
		action = &dummy;
	if (ev == L2CE_STOPCCN && st < L2C_NSTATES)	/* any state */
		ROW(L2A_CLEANUP, L2C_IDLE);
	switch (st) {
	case L2C_IDLE:
	case L2C_CLOSED:	/* after clean-up the RFC is back in idle */
		if (ev == L2CE_OPEN)
			ROW(L2A_SCCRQ, L2C_WAIT_CTL_REPLY);
		if (ev == L2CE_SCCRQ_OK)
			ROW(L2A_SCCRP, L2C_WAIT_CTL_CONN);
		if (ev == L2CE_SCCRQ_BAD)
			ROW(L2A_STOP | L2A_CLEANUP, L2C_IDLE);
		if (is_sccrp(ev) || is_scccn(ev))
			ROW(L2A_STOP | L2A_CLEANUP, L2C_IDLE);
		break;
	case L2C_WAIT_CTL_REPLY:
		if (ev == L2CE_SCCRP_OK)
			ROW(L2A_SCCCN | L2A_OPEN_SESS, L2C_ESTABLISHED);
		if (ev == L2CE_SCCRP_BAD)
			ROW(L2A_STOP | L2A_CLEANUP, L2C_IDLE);
		if (ev == L2CE_SCCRQ_LOSE_OK)
			ROW(L2A_SCCRP | L2A_CLEANUP, L2C_WAIT_CTL_CONN);
		if (ev == L2CE_SCCRQ_LOSE_BAD)
			ROW(L2A_STOP | L2A_CLEANUP, L2C_IDLE);
		if (ev == L2CE_SCCRQ_WIN)
			ROW(L2A_STOP_LOSER, L2C_WAIT_CTL_REPLY);
		if (is_scccn(ev))
			ROW(L2A_STOP | L2A_CLEANUP, L2C_IDLE);
		break;
	case L2C_WAIT_CTL_CONN:
		if (ev == L2CE_SCCCN_OK)
			ROW(L2A_OPEN_SESS, L2C_ESTABLISHED);
		if (ev == L2CE_SCCCN_BAD)
			ROW(L2A_STOP | L2A_CLEANUP, L2C_IDLE);
		if (is_sccrq(ev) || is_sccrp(ev))
			ROW(L2A_STOP | L2A_CLEANUP, L2C_IDLE);
		break;
	case L2C_ESTABLISHED:
		if (ev == L2CE_CALL)
			ROW(L2A_OPEN_SESS, L2C_ESTABLISHED);
		if (ev == L2CE_CLOSE)
			ROW(L2A_STOP | L2A_CLEANUP, L2C_IDLE);
		if (is_sccrq(ev) || is_sccrp(ev) || is_scccn(ev))
			ROW(L2A_STOP | L2A_CLEANUP, L2C_IDLE);
		break;
	default:
		break;
	}
	ROW(L2A_INVALID, st);
}

static int
is_xrq(unsigned e)
{
	return e == L2SE_XRQ || e == L2SE_XRQ_OK || e == L2SE_XRQ_BAD ||
	    e == L2SE_XRQ_LOSE || e == L2SE_XRQ_WIN;
}

static int
is_xrp(unsigned e)
{
	return e == L2SE_XRP || e == L2SE_XRP_OK || e == L2SE_XRP_BAD;
}

static int
is_xcn(unsigned e)
{
	return e == L2SE_XCN || e == L2SE_XCN_OK || e == L2SE_XCN_BAD;
}

/* §7.3.1 ICRQ sender (LAC or LNS side that starts an incoming call). */
static unsigned
icrq_sender(unsigned st, unsigned ev, unsigned *action)
{
	switch (st) {
	case L2S_IDLE:
		if (ev == L2SE_CALL)
			ROW(L2A_NONE, L2S_WAIT_CTL_CONN);
		if (is_xcn(ev) || is_xrp(ev))
			ROW(L2A_CLEANUP, L2S_IDLE);
		break;
	case L2S_WAIT_CTL_CONN:
		if (ev == L2SE_CTL_OPEN)
			ROW(L2A_SCCRQ, L2S_WAIT_REPLY);
		if (ev == L2SE_CLOSE)
			ROW(L2A_CLEANUP, L2S_IDLE);
		break;
	case L2S_WAIT_REPLY:
		if (ev == L2SE_XRP_OK)
			ROW(L2A_SCCCN, L2S_ESTABLISHED);
		if (ev == L2SE_XRP_BAD)
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		if (ev == L2SE_XRQ_LOSE)	/* then acts as recipient */
			ROW(L2A_CLEANUP, L2S_IDLE);
		if (ev == L2SE_XRQ_WIN)
			ROW(L2A_STOP_LOSER, L2S_WAIT_REPLY);
		if (is_xcn(ev))
			ROW(L2A_CLEANUP, L2S_IDLE);
		if (ev == L2SE_CLOSE)
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		break;
	case L2S_ESTABLISHED:
		if (is_xrq(ev) || is_xrp(ev) || is_xcn(ev))
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		if (ev == L2SE_CLOSE)
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		break;
	default:
		break;
	}
	ROW(L2A_INVALID, st);
}

/* §7.3.2 ICRQ recipient. */
static unsigned
icrq_recipient(unsigned st, unsigned ev, unsigned *action)
{
	switch (st) {
	case L2S_IDLE:
		if (ev == L2SE_XRQ_OK)
			ROW(L2A_SCCRP, L2S_WAIT_CONNECT);
		if (ev == L2SE_XRQ_BAD)
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		if (is_xrp(ev))
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		if (is_xcn(ev))
			ROW(L2A_CLEANUP, L2S_IDLE);
		break;
	case L2S_WAIT_CONNECT:
		if (ev == L2SE_XCN_OK)
			ROW(L2A_NONE, L2S_ESTABLISHED);
		if (ev == L2SE_XCN_BAD)
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		if (is_xrq(ev) || is_xrp(ev))
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		if (ev == L2SE_CLOSE)
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		break;
	case L2S_ESTABLISHED:
		if (is_xrq(ev) || is_xrp(ev) || is_xcn(ev))
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		if (ev == L2SE_CLOSE)
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		break;
	default:
		break;
	}
	ROW(L2A_INVALID, st);
}

/* §7.4.1 OCRQ sender (LNS). */
static unsigned
ocrq_sender(unsigned st, unsigned ev, unsigned *action)
{
	switch (st) {
	case L2S_IDLE:
		if (ev == L2SE_CALL)
			ROW(L2A_NONE, L2S_WAIT_CTL_CONN);
		if (is_xcn(ev) || is_xrp(ev))
			ROW(L2A_CLEANUP, L2S_IDLE);
		break;
	case L2S_WAIT_CTL_CONN:
		if (ev == L2SE_CTL_OPEN)
			ROW(L2A_SCCRQ, L2S_WAIT_REPLY);
		if (ev == L2SE_CLOSE)
			ROW(L2A_CLEANUP, L2S_IDLE);
		break;
	case L2S_WAIT_REPLY:
		if (ev == L2SE_XRP_OK)
			ROW(L2A_NONE, L2S_WAIT_CONNECT);
		if (ev == L2SE_XRP_BAD)
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		if (is_xcn(ev))
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		if (ev == L2SE_XRQ_LOSE)
			ROW(L2A_CLEANUP, L2S_IDLE);
		if (ev == L2SE_XRQ_WIN)
			ROW(L2A_STOP_LOSER, L2S_WAIT_REPLY);
		if (ev == L2SE_CLOSE)
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		break;
	case L2S_WAIT_CONNECT:
		if (is_xcn(ev))
			ROW(L2A_NONE, L2S_ESTABLISHED);
		if (is_xrq(ev) || is_xrp(ev))
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		if (ev == L2SE_CLOSE)
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		break;
	case L2S_ESTABLISHED:
		if (is_xrq(ev) || is_xrp(ev) || is_xcn(ev))
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		if (ev == L2SE_CLOSE)
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		break;
	default:
		break;
	}
	ROW(L2A_INVALID, st);
}

/* §7.4.2 OCRQ recipient (LAC). */
static unsigned
ocrq_recipient(unsigned st, unsigned ev, unsigned *action)
{
	switch (st) {
	case L2S_IDLE:
		if (ev == L2SE_XRQ_OK)
			ROW(L2A_SCCRP, L2S_WAIT_CS_ANSWER);
		if (ev == L2SE_XRQ_BAD)
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		if (is_xrp(ev))
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		if (is_xcn(ev))
			ROW(L2A_CLEANUP, L2S_IDLE);
		break;
	case L2S_WAIT_CS_ANSWER:
		if (ev == L2SE_CALL_PLACED)
			ROW(L2A_SCCCN, L2S_ESTABLISHED);
		if (ev == L2SE_CALL_FAILED)
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		if (is_xrq(ev) || is_xrp(ev) || is_xcn(ev))
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		if (ev == L2SE_CLOSE)
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		break;
	case L2S_ESTABLISHED:
		if (is_xrq(ev) || is_xrp(ev) || is_xcn(ev))
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		if (ev == L2SE_CLOSE)
			ROW(L2A_STOP | L2A_CLEANUP, L2S_IDLE);
		break;
	default:
		break;
	}
	ROW(L2A_INVALID, st);
}

unsigned
l2tp_sess_fsm(unsigned role, unsigned st, unsigned ev, unsigned *action)
{
	unsigned dummy;

	if (action == NULL)
		action = &dummy;
	if (st == L2S_CLOSED)
		st = L2S_IDLE;
	/* "Receive CDN: clean up" is a row of every state of every table */
	if (ev == L2SE_CDN && st < L2S_NSTATES)
		ROW(L2A_CLEANUP, L2S_IDLE);
	switch (role) {
	case L2R_ICRQ_SENDER:
		return icrq_sender(st, ev, action);
	case L2R_ICRQ_RECIPIENT:
		return icrq_recipient(st, ev, action);
	case L2R_OCRQ_SENDER:
		return ocrq_sender(st, ev, action);
	case L2R_OCRQ_RECIPIENT:
		return ocrq_recipient(st, ev, action);
	default:
		ROW(L2A_INVALID, st);
	}
}
