/* l2tp_conv.h - what L2TPv3 control connections negotiated, per conversation.
 *
 * The L2TP dissector is stateless: it emits EV_L2TP_CONTROL / EV_L2TP_DATA
 * and the pipeline hands every event to l2tp_conv_event() synchronously,
 * in capture order.  The dissector then reads back what it needs to decode
 * data messages (cookie, L2-Specific Sublayer, PW type) and to verify
 * Message Digests (nonces).
 *
 * Records:
 *  - one per direction of a session, keyed by the outer endpoints of the
 *    data packets it governs (receiver address/port, sender address/port,
 *    transport) and the Session ID the receiver assigned.  The Assigned
 *    Cookie and L2SS AVPs govern packets sent TO the LCCE that sent them
 *    (RFC 3931 §5.4.4); absent means none.  For sessions whose control
 *    plane was not captured the record holds the inference scores
 *    (cookie 0/4/8 x L2SS none/default) and the decision.
 *  - one per control connection (endpoint pair and CCIDs): nonces and the
 *    responder's learned UDP port (RFC 3931 §4.1.2.2).
 *
 * Memory follows the conversations seen: the tables start small and
 * double up to L2TP_CONV_MAX_SESSIONS direction records and
 * L2TP_CONV_MAX_CTL control connections (once and half the tracker's
 * default entity cap, so a layout is not forgotten while its session is
 * still tracked); at the cap the oldest record not used since its last
 * second chance is evicted (CLOCK) and counted (l2tp_conv_stats).  A
 * correlation engine can own this db (or extend the records) through the
 * same event entry point.
 */
#ifndef TS_L2TP_CONV_H
#define TS_L2TP_CONV_H

#include <stddef.h>
#include <stdint.h>

#include "proto.h"

struct prefs;
struct event;
struct packet;
struct l2tp_conv_db;

#define L2TP_CONV_MAX_SESSIONS	131072	/* session directions tracked */
#define L2TP_CONV_MAX_CTL	65536	/* control connections tracked */
#define L2TP_CONV_NONCE_MAX	64	/* nonce bytes kept (longer: unusable) */
#define L2TP_CONV_INFER_PKTS	16	/* packets scored before deciding */
#define L2TP_CONV_SCRATCH	4096	/* un-hidden AVP values of one frame */

/* Outer endpoints of one L2TP datagram, as sent. */
struct l2tp_ep {
	struct ts_addr	src, dst;
	uint16_t	sport, dport;	/* 0 over IP */
	uint8_t		transport;	/* 17 UDP, 115 IP */
};

/* How data sent to one LCCE in one session is laid out. */
struct l2tp_layout {
	uint8_t		src;		/* enum l2tp_layout_src (l2tp.h) */
	uint8_t		cookie_len;	/* 0, 4, 8 */
	uint8_t		cookie[8];	/* negotiated value (when known) */
	uint8_t		l2ss;		/* L2SS type: 0 none, 1 default, ... */
	uint8_t		confidence;	/* inferred: percent */
	uint16_t	pw_type;	/* L2TP_NONE16 when unknown */
	uint8_t		closed;		/* CDN seen */
};

/* Default L2SS sequence facts, per session direction (RFC 3931 §4.6). */
struct l2tp_seq_facts {
	uint32_t	packets;	/* with the S bit set */
	uint32_t	lost;		/* numbers skipped (later arrivals deducted) */
	uint32_t	dups;
	uint32_t	reordered;	/* arrived after a higher number */
	uint32_t	last;		/* highest number seen */
};

struct l2tp_conv_stats {
	uint32_t	sessions, ctls;		/* records in use */
	uint64_t	session_evictions, ctl_evictions;
};

struct l2tp_conv_db *l2tp_conv_new(const struct prefs *);
void	l2tp_conv_free(struct l2tp_conv_db *);
/* Every event, in capture order (only the L2TP kinds are used). */
void	l2tp_conv_event(struct l2tp_conv_db *, const struct event *);

/* Outer endpoints of the L2TP layer at index li of pkt. 0 if unknown. */
int	l2tp_conv_endpoints(const struct packet *, unsigned li,
	    struct l2tp_ep *);
/* Layout of data sent per ep with this Session ID.  0 when nothing is
 * known (never seen, or still nothing to go on). */
int	l2tp_conv_lookup(const struct l2tp_conv_db *, const struct l2tp_ep *,
	    uint32_t session, struct l2tp_layout *);
int	l2tp_conv_seq(const struct l2tp_conv_db *, const struct l2tp_ep *,
	    uint32_t session, struct l2tp_seq_facts *);
/*
 * For the UDP dissector: is this port pair a learned L2TP conversation
 * (a responder answering from a port other than 1701, or the initiator's
 * port once a responder was seen)?  udp_layer is the index of the UDP layer
 * being dissected.
 */
int	l2tp_conv_udp_known(const struct l2tp_conv_db *, const struct packet *,
	    unsigned udp_layer, uint16_t sport, uint16_t dport);
/*
 * Nonces of the control connection this message belongs to: the sender's
 * and the receiver's (RFC 3931 §5.4.1 digest order: sender's first).
 * ccid is the header CCID (the receiver's).  Lengths 0 when unknown.
 */
void	l2tp_conv_nonces(const struct l2tp_conv_db *, const struct l2tp_ep *,
	    uint32_t ccid, const uint8_t **snd, size_t *sndlen,
	    const uint8_t **rcv, size_t *rcvlen);
/*
 * A memo for the L2TPv3 tracker's lookup of the session that the data
 * message ev belongs to, kept in the layout record l2tp_conv_event() has
 * just given ev (NULL for any other event).  Zeroed whenever the record is
 * created or reused, so the tracker finds its session with the hash lookup
 * the dissector already made.
 */
struct track_memo;
struct track_memo *l2tp_conv_data_memo(struct l2tp_conv_db *,
	    const struct event *ev);
/*
 * The same for the control connection a control message other than
 * SCCRQ and SCCRP goes to, looked up by its recipient and header CCID:
 * one memo per direction of the control record l2tp_conv_event() has
 * just found, started over when the CCID differs (NULL when there is no
 * such record, and for any other event).
 */
struct track_memo *l2tp_conv_ctl_memo(struct l2tp_conv_db *,
	    const struct event *ev, uint32_t ccid);
/* Buffer for the current frame's un-hidden AVP values (reused per frame). */
uint8_t *l2tp_conv_scratch(struct l2tp_conv_db *, size_t *cap);
void	l2tp_conv_get_stats(const struct l2tp_conv_db *,
	    struct l2tp_conv_stats *);

/*
 * Plausibility of reading an Ethernet frame from a data payload with the
 * given cookie length and L2SS (0 none, 1 default): points for this one
 * packet, without history.  *max gets the best possible score.
 */
int	l2tp_infer_score(const uint8_t *p, size_t n, unsigned cookie_len,
	    unsigned l2ss, int *max);

#endif /* TS_L2TP_CONV_H */
