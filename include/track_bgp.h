/* track_bgp.h - BGP sessions rebuilt from packets: RFC 4271 §8 state per side, counters, hold timer.
 *
 * The tracker turns EV_TCP_SEGMENT (on the BGP ports) and EV_BGP_MESSAGE
 * into entities of the engine's store (track.h): one EK_BGP_SESSION per
 * peer pair (the two addresses, the vantage and the encapsulation context:
 * depth and, inside a pseudowire, the outer LCCE address pair and the
 * pseudowire as the TCP stream module paired its two directions'
 * Session IDs), and one EK_BGP_CONN child per TCP connection (the stream
 * module's connection id: a new SYN is a new connection, so collisions and
 * re-connections stay visible).  Each side's RFC 4271 §8
 * state is inferred from what it was seen to send and receive, and changes
 * only through track_change_state():
 *
 *   SYN sent                      -> Connect
 *   SYN-ACK sent                  -> Active (accepting; RFC: listening)
 *   connection refused (RST to a SYN)  Connect -> Active
 *   OPEN sent                     -> OpenSent
 *   KEEPALIVE sent after both OPENs -> OpenConfirm
 *   KEEPALIVE received in OpenConfirm -> Established
 *   NOTIFICATION sent / received  -> Idle
 *   RST, FIN sent / received      -> Idle
 *   hold timer ran out (inferred: no KEEPALIVE/UPDATE/NOTIFICATION from
 *   the peer for the negotiated hold time)   -> Idle, TR_INFERRED
 *
 * The session's side state is the furthest state of that side over its
 * open connections (a collision loser closing does not take the session
 * down).  Rules bgp.* are registered by bgp_track_new().
 *
 * Memory: fixed per entity (a session remembers its last BGP_SESS_CONNS
 * connections and BGP_EV_KEEP notification frames); nothing per packet.
 */
#ifndef TS_TRACK_BGP_H
#define TS_TRACK_BGP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bgp.h"
#include "l2tp_conv.h"
#include "track.h"

struct engine;
struct event;
struct tcp_streams;
struct bgp_tracker;
struct view_labels;

/* RFC 4271 §8.2.2 state names. */
enum bgp_fsm_state {
	BGS_IDLE = 0,
	BGS_CONNECT,
	BGS_ACTIVE,
	BGS_OPENSENT,
	BGS_OPENCONFIRM,
	BGS_ESTABLISHED,
	BGS_NSTATES
};

#define BGP_SESS_CONNS	8	/* connections a session keeps pointers to */
#define BGP_EV_KEEP	8	/* evidence frames kept per kind of fact */
#define BGP_TEXT_MAX	128	/* shutdown communication kept (raw) */

/* One fact from the wire, as the tracker consumes it.  bgp_track_event()
 * builds it from events; unit tests fill it directly. */
enum bgp_wire_kind {
	BGW_SYN = 1,		/* SYN without ACK */
	BGW_SYNACK,
	BGW_RST,
	BGW_FIN,
	BGW_MSG,		/* one complete BGP message */
};

struct bgp_wire {
	uint8_t		 kind;		/* enum bgp_wire_kind */
	uint8_t		 af;		/* 4 or 6 */
	uint8_t		 src[16], dst[16];
	uint16_t	 sport, dport;
	uint32_t	 vantage;
	uint8_t		 depth;
	uint8_t		 outer_af;	/* pseudowire: outer LCCE addresses */
	uint8_t		 outer[2][16];
	uint32_t	 l2tp_session;	/* outer Session ID (receiver's), 0 */
	uint32_t	 tconn;		/* TCP stream connection id (0: key by
					   4-tuple; tcp_stream.h) */
	uint32_t	 pw_key;	/* pseudowire identity for the session
					   key (both directions alike) */
	uint8_t		 has_ep;	/* pseudowire: its L2TP endpoints */
	struct l2tp_ep	 ep;		/* outer sender/recipient of this one */
	uint32_t	 ep_sid;	/* its Session ID (the recipient's) */
	uint32_t	 seq, ack;
	int64_t		 ts;
	uint64_t	 frame;
	/* BGW_MSG */
	uint8_t		 type;		/* 1 OPEN ... 5 ROUTE-REFRESH */
	uint8_t		 code, subcode;	/* NOTIFICATION */
	uint16_t	 hold;		/* OPEN */
	uint32_t	 asn, id;	/* OPEN (asn: 4-octet when announced) */
	uint16_t	 nwd, nnlri;	/* UPDATE prefixes, all families */
	uint8_t		 nfam;		/* ... per family (bgp.h) */
	uint8_t		 fam_more;	/* families past fam[] not counted */
	struct bgp_fam_count pfam[BGP_INFO_FAMS];
	uint8_t		 has_data_as;	/* NOTIFICATION 2/2 data: an AS */
	uint32_t	 data_as;
	char		 text[BGP_TEXT_MAX];	/* shutdown communication */
	/* OPEN: its capabilities (bgp.h struct bgp_open_facts) */
	uint8_t		 has_caps, gr, as4;
	uint16_t	 fam, ap_send, ap_recv;	/* enum bgp_fam bits */
	/* UPDATE: End-of-RIB for this enum bgp_fam + 1 (0: none) */
	uint8_t		 eor_fam;
};

/* Prefixes one side sent for one family (AFI/SAFI). */
#define BGP_SIDE_FAMS	8	/* families kept per side; more: pfam_more */
struct bgp_fam_pfx {
	uint16_t	 afi;
	uint8_t		 safi;
	uint64_t	 ann, wd;
};

/* Per side of a session (side 0: the lower address). */
struct bgp_side_facts {
	uint8_t		 addr[16];
	uint16_t	 port;		/* of the current connection */
	uint8_t		 open_seen;
	uint16_t	 hold;		/* its OPEN's hold time */
	uint32_t	 asn, id;
	uint64_t	 sent[6];	/* messages sent, by type (0: others) */
	uint64_t	 notif_sent;
	uint8_t		 last_code, last_sub;	/* its latest NOTIFICATION */
	uint8_t		 last_has_as;
	uint32_t	 last_data_as;
	const char	*last_text;	/* held (track_str_get), "" when none;
					   BGP_TEXT_MAX - 1 bytes at most */
	int64_t		 last_notif_ts;
	int64_t		 last_msg_ts;	/* latest message it sent (0 none) */
	int64_t		 last_ka_ts;
	int64_t		 ka_gap_last;	/* ns between its last two KEEPALIVEs
					   on one connection */
	int64_t		 ka_gap_sum;	/* over ka_gaps such intervals */
	uint32_t	 ka_gaps;
	uint64_t	 ka_conn;	/* serial of its last KEEPALIVE's conn */
	uint32_t	 syns, rsts, fins;
	uint32_t	 refused;	/* its SYNs answered by RST */
	uint64_t	 pfx_ann, pfx_wd;
	/* by AFI, then SAFI; grown 1, 2, 4 ... BGP_SIDE_FAMS entries as
	 * families appear (most sessions carry one or two) */
	struct bgp_fam_pfx *pfam;
	uint8_t		 npfam;
	uint8_t		 pfam_more;	/* prefixes of other families seen */
	/* connections as this side saw them (router-style, per neighbor):
	 * established when it reached Established on one, dropped when it
	 * left Established there (FIN/RST/NOTIFICATION sent or received, or
	 * its own hold timer running out); not its peer's inferred expiry */
	uint32_t	 conn_est, conn_drop;
	int64_t		 up_since;	/* 0 when not Established */
	int64_t		 last_reset_ts;	/* its latest drop (0 none) */
	const char	*last_reset;	/* its cause, raw (held, as above) */
	uint8_t		 hold_expired;	/* inferred on this side */
	int64_t		 hold_expired_ts;
	/* capabilities of its latest OPEN (caps: seen) */
	uint8_t		 caps, gr, as4;
	uint16_t	 fam, ap_send, ap_recv;	/* enum bgp_fam bits */
	uint16_t	 eor;		/* End-of-RIB sent, per bgp_fam bit */
};

/* A pseudowire as the L2TP tracker finds it again. */
struct bgp_carrier {
	uint8_t		 valid;
	struct l2tp_ep	 ep;		/* outer sender/recipient */
	uint32_t	 sid;		/* the recipient's Session ID */
};

struct bgp_sess_facts {
	struct bgp_side_facts s[2];
	uint8_t		 af;
	uint8_t		 in_pw;		/* came out of a pseudowire */
	uint8_t		 outer_af;
	uint8_t		 outer[2][16];
	uint32_t	 l2tp_session[2];	/* outer Session ID toward side */
	uint32_t	 pw_key;	/* Session ID of side 0's packets */
	uint16_t	 hold_neg;	/* min of both OPENs (0: unknown) */
	uint32_t	 conns;		/* TCP connections seen */
	uint32_t	 established, dropped;
	int64_t		 up_since;	/* 0 when not Established */
	int64_t		 last_reset_ts;
	const char	*last_reset;	/* cause, raw (held, "" when none) */
	uint32_t	 open_rejects;	/* NOTIFICATION code 2 */
	uint32_t	 connect_failed;	/* connections never set up */
	int64_t		 last_accept_ts;	/* latest SYN-ACK (0 none) */
	uint16_t	 fail_port;	/* port the failed SYNs went to */
	uint8_t		 ever_established;
	/* evidence, the first BGP_EV_KEEP of each: grown 1, 2, 4 ... as
	 * they come (most sessions have none) */
	struct evref	*notif_ev;
	uint8_t		 nnotif_ev;
	struct evref	*fail_ev;
	uint8_t		 nfail_ev;
	struct evref	 hold_ev;
	/* carried_by: the pseudowire of the latest packet, as
	 * the L2TP tracker finds it again (l2tp_track_session_find); the
	 * entity itself is looked up when needed, never kept */
	struct bgp_carrier carrier;
	struct bgp_carrier hold_carrier;	/* when the hold timer ran out */
	struct bgp_carrier fail_carrier;	/* at the latest failed connect */
	uint32_t	 carriers;	/* pseudowire incarnations it rode */
	uint32_t	 syn_unanswered;	/* connections whose SYNs got no
					   answer at all */
	struct evref	*reset_ev;	/* Established connections going
					   down (grown as above) */
	uint8_t		 nreset_ev;
	uint32_t	 collision;	/* NOTIFICATIONs Cease 6/7 */
	uint8_t		 collision_init;	/* initiator of the connection
					   the latest one closed (2 unknown) */
	uint8_t		 collision_side;	/* side that sent it */
};

/* Create the tracker inside the engine (eng->bgp), register its kinds and
 * rules.  tcp tells which ports are BGP ports (NULL: 179 only) and keeps
 * the tracker's lookup memos in its connection records.  The engine
 * frees it.  NULL when out of memory. */
struct bgp_tracker *bgp_track_new(struct engine *,
	    struct tcp_streams *tcp);
/* Every event, in capture order. */
void	bgp_track_event(struct bgp_tracker *, const struct event *);
/* One wire fact (what bgp_track_event does with events). */
void	bgp_track_wire(struct bgp_tracker *, const struct bgp_wire *);

const char *bgp_fsm_state_name(unsigned);
/* The L2TPv3 session (EK_L2TP_SESSION) carrying a BGP session entity:
 * the pseudowire its latest packet came out of; NULL when it did not
 * come out of one, or that session is gone. */
struct entity *bgp_sess_carrier(const struct engine *, const struct entity *);
/* The facts of a session entity (EK_BGP_SESSION); NULL for others. */
const struct bgp_sess_facts *bgp_sess_facts(const struct entity *);

/* Families both OPENs announced (bgp_fam bits; an OPEN without the MP
 * capability means IPv4 unicast, RFC 4760 §1), and those where ADD-PATH
 * paths flow from side `from` to the other (RFC 7911). */
uint16_t bgp_sess_families(const struct bgp_sess_facts *);
uint16_t bgp_sess_addpath(const struct bgp_sess_facts *, unsigned from);
/* "IPv4 unicast", ...; "?" for an unknown index. */
const char *bgp_fam_name(unsigned);
/* The engine a tracker belongs to (the report row's kind arg). */
const struct engine *bgp_track_engine(const struct bgp_tracker *);
/* --report: the bgp_sessions.csv row (out_bgp.c). */
struct report_rows;
extern const struct report_rows bgp_sess_rows;

/* -T status: `show status bgp neighbor` rebuilt, per session and side
 * (src/out_bgp.c).  Nothing when there is no BGP session. */
int	out_bgp_status(FILE *, const struct engine *,
	    const struct view_labels *);
/* The default summary's BGP blocks: per session its state, negotiated
 * parameters, counters, carrier and findings.  Nothing when none. */
int	out_bgp_summary(FILE *, const struct engine *,
	    const struct view_labels *);

#endif /* TS_TRACK_BGP_H */
