/* track_l2tp.h - L2TPv3 control connections and sessions rebuilt from packets (RFC 3931 §7).
 *
 * The tracker turns EV_L2TP_CONTROL / EV_L2TP_DATA (and the inner-frame,
 * ARP and ICMP facts around them) into entities of the engine's store
 * (track.h): one EK_L2TP_CTL per control connection attempt, keyed by
 * outer endpoints, transport and the Assigned Control Connection IDs, one
 * EK_L2TP_SESSION per session under it.  Each LCCE's state changes only
 * through track_change_state(), from the RFC 3931 §7.2-7.4 tables below
 * (l2tp_ctl_fsm, l2tp_sess_fsm), applied to what each side was seen to
 * send and receive.  Its rules (l2tp.*, capture.*) are registered with
 * diag_register() by l2tp_track_new().
 *
 * Memory: the entities are the store's (bounded by its cap); per
 * connection a fixed ring of recent messages per direction, per session a
 * fixed set of inner addresses; tracker-wide fixed tables of address
 * facts.  Hellos and ACKs are counted, never stored one by one.
 */
#ifndef TS_TRACK_L2TP_H
#define TS_TRACK_L2TP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct engine;
struct event;
struct l2tp_conv_db;
struct pipeline;
struct source_set;
struct l2tp_tracker;

/* Control connection states per LCCE (RFC 3931 §7.2 names). */
enum l2tp_ctl_state {
	L2C_IDLE = 0,
	L2C_WAIT_CTL_REPLY,
	L2C_WAIT_CTL_CONN,
	L2C_ESTABLISHED,
	L2C_CLOSED,		/* cleaned up after StopCCN / timeout */
	L2C_NSTATES
};

/* Session states per LCCE (RFC 3931 §7.3, §7.4). */
enum l2tp_sess_state {
	L2S_IDLE = 0,
	L2S_WAIT_CTL_CONN,	/* sender waits for the control connection */
	L2S_WAIT_REPLY,
	L2S_WAIT_CONNECT,
	L2S_WAIT_CS_ANSWER,	/* OCRQ recipient placing the call */
	L2S_ESTABLISHED,
	L2S_CLOSED,
	L2S_NSTATES
};

/* Control connection events (§7.2 table rows; acceptability is inferred
 * from what the LCCE sent next). */
enum l2tp_ctl_event {
	L2CE_OPEN = 0,		/* local open request */
	L2CE_SCCRQ_OK,		/* recv SCCRQ, acceptable */
	L2CE_SCCRQ_BAD,		/* recv SCCRQ, not acceptable */
	L2CE_SCCRQ_LOSE_OK,	/* recv SCCRQ, lose tie breaker, acceptable */
	L2CE_SCCRQ_LOSE_BAD,	/* recv SCCRQ, lose tie breaker, unacceptable */
	L2CE_SCCRQ_WIN,		/* recv SCCRQ, win tie breaker */
	L2CE_SCCRP_OK,
	L2CE_SCCRP_BAD,
	L2CE_SCCCN_OK,
	L2CE_SCCCN_BAD,
	L2CE_SCCRQ,		/* recv SCCRQ where no row names acceptability */
	L2CE_SCCRP,		/* recv SCCRP (state without an OK/BAD row) */
	L2CE_SCCCN,		/* recv SCCCN (idem) */
	L2CE_CALL,		/* local open (new call) */
	L2CE_CLOSE,		/* administrative close */
	L2CE_STOPCCN,		/* recv StopCCN */
	L2CE_NEVENTS
};

/* Session events (§7.3, §7.4). */
enum l2tp_sess_event {
	L2SE_CALL = 0,		/* incoming/outgoing call or local event */
	L2SE_CTL_OPEN,		/* control connection open */
	L2SE_XRQ_OK,		/* recv ICRQ/OCRQ, acceptable */
	L2SE_XRQ_BAD,
	L2SE_XRQ_LOSE,		/* recv ICRQ/OCRQ, lose tie breaker */
	L2SE_XRQ_WIN,		/* recv ICRQ/OCRQ, win tie breaker */
	L2SE_XRQ,		/* recv ICRQ/OCRQ in a state without OK/BAD */
	L2SE_XRP_OK,		/* recv ICRP/OCRP, acceptable */
	L2SE_XRP_BAD,
	L2SE_XRP,		/* recv ICRP/OCRP elsewhere */
	L2SE_XCN_OK,		/* recv ICCN/OCCN, acceptable */
	L2SE_XCN_BAD,
	L2SE_XCN,		/* recv ICCN/OCCN elsewhere */
	L2SE_CALL_PLACED,	/* OCRQ recipient: call placed */
	L2SE_CALL_FAILED,
	L2SE_CDN,		/* recv CDN */
	L2SE_CLOSE,		/* local close request / bearer drop */
	L2SE_NEVENTS
};

/* Actions of a table row (bit set). */
#define L2A_NONE	0x00
#define L2A_SCCRQ	0x01	/* send SCCRQ / ICRQ / OCRQ */
#define L2A_SCCRP	0x02	/* send SCCRP / ICRP / OCRP */
#define L2A_SCCCN	0x04	/* send SCCCN / ICCN / OCCN */
#define L2A_STOP	0x08	/* send StopCCN / CDN */
#define L2A_CLEANUP	0x10	/* clean up (the connection or session) */
#define L2A_OPEN_SESS	0x20	/* open waiting sessions */
#define L2A_STOP_LOSER	0x40	/* StopCCN/CDN for the losing one */
#define L2A_INVALID	0x80	/* no row: invalid in this state (§7.1) */

/* Session roles (which table applies). */
enum l2tp_sess_role {
	L2R_ICRQ_SENDER = 0,
	L2R_ICRQ_RECIPIENT,
	L2R_OCRQ_SENDER,
	L2R_OCRQ_RECIPIENT,
	L2R_NROLES
};

/*
 * The RFC tables: next state for (state, event), *action the row's
 * actions.  A pair without a row returns the state unchanged with
 * L2A_INVALID.  "Clean up" rows return L2C_IDLE / L2S_IDLE as the RFC
 * writes them; the tracker shows them as closed.
 */
unsigned l2tp_ctl_fsm(unsigned state, unsigned event, unsigned *action);
unsigned l2tp_sess_fsm(unsigned role, unsigned state, unsigned event,
	    unsigned *action);

/* Names: "idle", "wait-ctl-reply" ...; "wait-reply" ... */
const char *l2tp_ctl_state_name(unsigned);
const char *l2tp_sess_state_name(unsigned);

/*
 * Create the tracker inside the engine (eng->l2tp), register its kinds
 * and rules.  conv may be NULL (sequence facts then unknown).  The
 * engine frees it.  NULL when out of memory.
 */
struct l2tp_tracker *l2tp_track_new(struct engine *,
	    struct l2tp_conv_db *conv);
/* Every event, in capture order (after l2tp_conv_event). */
void	l2tp_track_event(struct l2tp_tracker *, const struct event *);
/* End of input, before the engine's last rule pass: settle what is
 * still pending (messages seen at only one of several vantages). */
void	l2tp_track_finish(struct l2tp_tracker *);
/* the L2TPv3 session (EK_L2TP_SESSION) whose data message is
 * layer l2tp_layer of pkt, i.e. the pseudowire the inner frame came out
 * of; NULL when unknown.  _find: the same from the outer endpoints (the
 * sender's src, the recipient's dst) and the Session ID of the message. */
struct packet;
struct l2tp_ep;
struct entity;
struct entity *l2tp_track_session_of(const struct l2tp_tracker *,
	    const struct packet *, unsigned l2tp_layer);
struct entity *l2tp_track_session_find(const struct l2tp_tracker *,
	    const struct l2tp_ep *, uint32_t session_id);
/* Frames from outer source addresses the full address table could not
 * count (0 in all but floods of sources); *naddrs: the sources counted. */
uint64_t l2tp_track_addrs_full(const struct l2tp_tracker *,
	    uint32_t *naddrs);

/* Views (src/out_l2tp.c). */
struct view_labels {
	const char	*(*label)(void *, uint32_t vantage);
	int		 (*digits)(void *, uint32_t vantage);
	void		*arg;
};
/* Labels and timestamp digits of a source set's vantages. */
void	out_view_labels(struct view_labels *, const struct source_set *);
/* The default summary's findings (errors first, with evidence). */
int	out_findings_summary(FILE *, const struct engine *,
	    const struct view_labels *);
/* The default summary's L2TP blocks: per control connection and its
 * sessions, then the collapsed timeline.  Nothing when there is none. */
int	out_l2tp_summary(FILE *, const struct engine *,
	    const struct view_labels *);
/* -T status: `show status l2tp` rebuilt, per LCCE. */
int	out_l2tp_status(FILE *, const struct engine *,
	    const struct view_labels *);

#endif /* TS_TRACK_L2TP_H */
