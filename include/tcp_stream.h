/* tcp_stream.h - per-direction TCP reassembly and BGP message framing.
 *
 * Connections on the BGP ports (179 and -o bgp.port) are keyed by the
 * 4-tuple, the vantage and the encapsulation context (depth and, inside a
 * pseudowire, the outer L2TP Session ID of each direction: a data header
 * names the receiver's session, so the reverse direction is paired with a
 * connection by its ACK fitting what that connection sent), so the same
 * inner addresses in two pseudowires stay apart.  Each direction delivers bytes in sequence order:
 * in-order payload is framed in place (never copied); only a partial
 * message or data ahead of a hole is buffered.  Retransmitted and
 * overlapping bytes are trimmed (first copy wins; a retransmission whose
 * bytes differ is an anomaly).  A hole that the peer acknowledged, or that
 * the caps force, is a capture gap: the framer then resynchronises on the
 * next valid marker + length + type.
 *
 * Caps (anomaly when hit):
 *   TCP_STREAMS_MAX_CONNS     connections tracked; least recently seen evicted
 *   TCP_STREAM_MAX_DIR_BYTES  bytes buffered ahead of a hole per direction
 *   TCP_STREAM_MAX_OOO        segments buffered ahead of a hole per direction
 *   TCP_STREAMS_MAX_BYTES     bytes buffered by all streams together
 */
#ifndef TS_TCP_STREAM_H
#define TS_TCP_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "bgp.h"

#define TCP_STREAMS_MAX_CONNS		65536
#define TCP_STREAM_MAX_DIR_BYTES	(1u << 20)
#define TCP_STREAM_MAX_OOO		256
#define TCP_STREAMS_MAX_BYTES		(64u << 20)

struct prefs;
struct event;
struct dctx;
struct cursor;
struct tcp_streams;

/* One segment as the stream module sees it (built from a packet's layers
 * by the entry points below; unit tests fill it directly). */
struct tcp_seg {
	uint32_t	 vantage;
	uint8_t		 depth;
	uint8_t		 af;		/* 4 or 6 */
	uint32_t	 l2tp_session;	/* outer pseudowire session, 0 none */
	uint8_t		 src[16], dst[16];
	uint16_t	 sport, dport;
	uint32_t	 seq, ack;
	uint8_t		 flags;		/* TCP_* */
	uint8_t		 md5;
	uint16_t	 win;
	uint64_t	 frame;
	int64_t		 ts_ns;
	const uint8_t	*data;		/* payload */
	uint32_t	 caplen;	/* payload bytes captured */
	uint32_t	 len;		/* payload bytes on the wire */
};

/* One complete BGP message out of a stream. */
struct tcp_msg {
	const uint8_t	*base;		/* valid until the stream's next segment */
	uint32_t	 len;		/* message length (header Length) */
	uint32_t	 cap;		/* of which captured (< len: truncated) */
	uint64_t	 first_frame;
	uint64_t	 last_frame;
	uint16_t	 nseg;
	uint8_t		 dir;
	uint32_t	 conn;		/* connection id, 0 when stateless */
	uint64_t	 stream_off;	/* offset of its first byte in the stream */
	struct bgp_neg	*neg;		/* negotiated facts (NULL stateless) */
};

typedef void (*tcp_msg_fn)(void *arg, struct dctx *, const struct tcp_msg *);

/* What the stream did with a segment when no message completed. */
struct tcp_seg_result {
	unsigned	 nmsg;		/* messages delivered */
	uint8_t		 seg;		/* enum bgp_seg when nmsg == 0 */
	uint32_t	 conn;
	uint8_t		 dir;
};

/* TCP facts per connection, for later rules. */
struct tcp_conn_facts {
	uint8_t		 syn[2], synack[2], fin[2], rst[2];
	uint8_t		 handshake;	/* SYN, SYN-ACK and ACK seen */
	uint8_t		 md5;		/* RFC 2385 option on some segment */
	uint32_t	 retrans[2];	/* segments with only old bytes */
	uint32_t	 retrans_differ[2];
	uint32_t	 zero_win[2];
	uint32_t	 gaps[2];
	int64_t		 last_ts[2];
	uint64_t	 bytes[2];	/* payload delivered in order */
};

struct tcp_streams_stats {
	uint64_t	 conns;		/* created */
	uint64_t	 evicted;
	uint64_t	 bytes_held;	/* now */
	uint64_t	 bytes_held_max;
	uint64_t	 gaps;
	uint64_t	 retrans;
	uint64_t	 retrans_differ;
	uint64_t	 cap_drops;
	/* tcp_streams_finish(): data still held ahead of a hole at end of
	 * input, framed then (no frame to show it on) */
	uint64_t	 end_held_bytes;
	uint64_t	 end_msgs;
};

struct tcp_streams *tcp_streams_new(const struct prefs *);
void	tcp_streams_free(struct tcp_streams *);
/* Pipeline: every EV_TCP_SEGMENT (SYN/FIN/RST, ACKs, windows). */
void	tcp_streams_event(struct tcp_streams *, const struct event *);
/*
 * BGP dissector: the payload of the current frame's segment (the TCP layer
 * is the one before ctx->cur_layer).  fn is called once per message this
 * segment completes, in stream order.  -1 when the packet has no usable
 * TCP/IP layers (the caller frames the segment alone).
 */
int	tcp_streams_payload(struct tcp_streams *, struct dctx *,
	    const struct cursor *payload, tcp_msg_fn, void *,
	    struct tcp_seg_result *);
/* Both at once (control then data): unit tests, callers without events. */
void	tcp_streams_segment(struct tcp_streams *, struct dctx *,
	    const struct tcp_seg *, tcp_msg_fn, void *,
	    struct tcp_seg_result *);
/*
 * End of input: data still held ahead of a hole (a hole inside an open
 * message that never got filled) is released through the framer, the hole
 * taken as lost.  Messages completed now belong to no frame, so no layer
 * or event can carry them: they are counted (stats end_msgs) and handed to
 * fn, if not NULL, with a NULL dctx.  Call once, after the last frame.
 */
void	tcp_streams_finish(struct tcp_streams *, tcp_msg_fn, void *);
int	tcp_streams_is_bgp_port(const struct tcp_streams *, uint16_t);
const struct tcp_conn_facts *tcp_streams_facts(const struct tcp_streams *,
	    uint32_t conn);
const struct bgp_neg *tcp_streams_neg(const struct tcp_streams *,
	    uint32_t conn);
const struct tcp_streams_stats *tcp_streams_stats(const struct tcp_streams *);
/* Trackers: the connection id of the segment tcp_streams_event() handled
 * last (0 none: not a BGP port); a new SYN on a 4-tuple gets a new id. */
uint32_t tcp_streams_event_conn(const struct tcp_streams *);
/* The outer L2TP Session IDs of a connection's directions (index: the
 * sender, 0 for the lower address/port; 0 when not seen). -1 unknown. */
int	tcp_streams_conn_pw(const struct tcp_streams *, uint32_t conn,
	    uint32_t pw[2]);
/*
 * Two memos the BGP tracker keeps in connection conn's record (its
 * session's and its connection's lookups, track_lookup_memo), zeroed
 * with the record; NULL when conn is gone.  Every message of a table
 * dump finds its session without walking the state table's chains.
 */
struct track_memo;
struct track_memo *tcp_streams_memos(struct tcp_streams *, uint32_t conn);

#endif /* TS_TCP_STREAM_H */
