/* dissect.h - the dissector contract, the per-frame packet record, dispatch.
 *
 * A dissector is a const descriptor (one per protocol, one protocol per
 * file under dissectors/) listed in dissectors/registry.c.  Its dissect()
 * reads its header through the cursor it is given, fills its layer record,
 * reports anomalies, and hands the payload on by (table, key) with
 * dctx_next().  It keeps no state between packets, allocates nothing,
 * prints nothing: text is made later, by the view, only for frames that
 * are shown (info() and detail() write into a caller's buffer).
 *
 * Stateful help (fragment reassembly, TCP streams, what an L2TP control
 * channel negotiated) is reached through the context, owned by the
 * pipeline.
 */
#ifndef TS_DISSECT_H
#define TS_DISSECT_H

#include <stddef.h>
#include <stdint.h>

#include "cursor.h"
#include "frame.h"
#include "proto.h"
#include "l2tp.h"
#include "bgp.h"

struct textbuf;
struct prefs;
struct event;

enum dstatus {
	DS_OK = 0,
	DS_TRUNCATED,		/* the capture cut it short */
	DS_MALFORMED,		/* the sender's lengths or values lie */
	DS_NOT_MINE,		/* not this protocol after all: try nothing else */
};

/* Dispatch tables: a dissector registers (table, key) pairs. */
enum dtable {
	DT_LINKTYPE = 0,	/* key: LINKTYPE_* */
	DT_ETHERTYPE,		/* key: EtherType */
	DT_IPPROTO,		/* key: IP protocol / IPv6 Next Header */
	DT_UDP_PORT,		/* key: port */
	DT_TCP_PORT,		/* key: port */
	DT_PW_TYPE,		/* key: L2TPv3 pseudowire type */
	DT_COUNT
};

struct layer {
	uint16_t	 proto;		/* enum proto_id */
	uint8_t		 depth;		/* 0 outer; +1 per pseudowire entered */
	uint8_t		 status;	/* enum dstatus */
	const struct dissector *d;
	const uint8_t	*base;		/* buffer the offsets refer to */
	uint32_t	 off;		/* header start, from base */
	uint32_t	 len;		/* header + payload on the wire */
	uint32_t	 cap;		/* of which captured in base */
	union {
		struct eth_info		eth;
		struct vlan_info	vlan;
		struct sll_info		sll;
		struct null_info	null;
		struct arp_info		arp;
		struct ipv4_info	ipv4;
		struct ipv6_info	ipv6;
		struct icmp_info	icmp;
		struct udp_info		udp;
		struct tcp_info		tcp;
		struct l2tp_info	l2tp;
		struct bgp_info		bgp;
		struct data_info	data;
	} u;
};

#define PKT_MAX_LAYERS	24
#define PKT_MAX_ANOM	8
#define ANOM_DETAIL	96

enum anom_kind {
	AK_TRUNCATED = 1,	/* capture's fault */
	AK_MALFORMED,		/* sender's fault */
	AK_NOTE,		/* legal but worth knowing (deprecated, odd) */
};

struct anomaly {
	const char	*name;		/* stable id, "ipv4.bad_ihl" (static) */
	uint8_t		 kind;		/* enum anom_kind */
	uint8_t		 layer;		/* index in packet.layers */
	char		 detail[ANOM_DETAIL];
};

/* Everything dissection learned about one frame.  Reused for every frame. */
struct packet {
	const struct frame *f;
	unsigned	 nlayers;
	struct layer	 layers[PKT_MAX_LAYERS];
	unsigned	 nanom;
	unsigned	 anom_dropped;	/* anomalies past PKT_MAX_ANOM */
	struct anomaly	 anom[PKT_MAX_ANOM];
	uint8_t		 truncated;	/* some layer ran past caplen */
	uint8_t		 malformed;	/* some layer was malformed */
};

struct dctx;

struct dreg {
	uint8_t		 table;		/* enum dtable */
	uint32_t	 key;
};

struct dissector {
	const char	*name;		/* "ipv4": anomaly and -o prefix */
	const char	*display;	/* "IPv4": protocol column */
	uint16_t	 proto;		/* enum proto_id */
	uint16_t	 role;		/* DR_* : how views use the layer */
	const struct dreg *regs;
	size_t		 nregs;
	enum dstatus	(*dissect)(struct dctx *, struct cursor *, struct layer *);
	/* One-line info when this is the top layer (may be NULL). */
	void		(*info)(const struct layer *, struct textbuf *);
	/* -v: one or more lines, each starting with two spaces, ending "\n". */
	void		(*detail)(const struct layer *, struct textbuf *);
	/* DR_NET / DR_TRANSPORT / DR_LINK: source and destination text. */
	void		(*endpoints)(const struct layer *, struct textbuf *src,
			    struct textbuf *dst);
	/* Optional: protocol column for this layer when it depends on the
	 * packet (L2TPv2 vs L2TPv3 on the same port); NULL: display. */
	const char	*(*display_of)(const struct layer *);
};

#define DR_LINK		0x01	/* endpoints are link addresses */
#define DR_NET		0x02	/* endpoints are network addresses */
#define DR_TRANSPORT	0x04	/* endpoints are ports */
#define DR_TUNNEL	0x08	/* payload may be an encapsulated frame */
#define DR_APP		0x10	/* application protocol */

/* Hooks into pipeline-owned state; any may be NULL (unit tests). */
struct reasm;
struct tcp_streams;
struct l2tp_conv_db;

struct dctx {
	const struct frame	*frame;
	struct packet		*pkt;
	const struct prefs	*prefs;
	struct reasm		*reasm;		/* IP fragment reassembly */
	struct tcp_streams	*tcp;		/* TCP stream reassembly (BGP) */
	struct l2tp_conv_db	*l2tp;		/* negotiated L2TPv3 facts */
	/* event sink (trackers); called synchronously, in capture order */
	void			(*emit)(void *, const struct event *);
	void			*emit_arg;
	/* dispatch state, managed by dissect_frame() and dctx_next() */
	uint8_t			 depth;		/* current encapsulation depth */
	uint8_t			 next_set;
	uint8_t			 next_table;
	uint8_t			 next_encap;	/* payload is a new inner frame */
	uint32_t		 next_key, next_key2;
	struct cursor		 next_cur;
	unsigned		 cur_layer;	/* index of the layer being filled */
};

/* Hand the payload on: next dissector found by (table, key). */
void	dctx_next(struct dctx *, enum dtable, uint32_t key, const struct cursor *);
/* Two candidate keys (UDP/TCP ports): key tried first, then key2. */
void	dctx_next2(struct dctx *, enum dtable, uint32_t key, uint32_t key2,
	    const struct cursor *);
/* Payload is a whole new frame (pseudowire): depth + 1, link dissector. */
void	dctx_next_encap(struct dctx *, enum dtable, uint32_t key,
	    const struct cursor *);

/* Record an anomaly against the current layer. */
void	dctx_anomaly(struct dctx *, const char *name, enum anom_kind,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Turn a cursor error into TRUNCATED/MALFORMED with the standard anomaly
 * "<pfx>.truncated" / "<pfx>.malformed" and return the status (DS_OK when
 * the cursor is fine).  pfx must be a string literal. */
#define dctx_cur_status(ctx, c, pfx) \
	dctx_cur_status_ok((ctx), (c), pfx ".truncated", pfx ".malformed")
enum dstatus dctx_cur_status_(struct dctx *, const struct cursor *,
	    const char *, const char *);

/* The common case, a good cursor, without a call (every header, every
 * frame). */
static inline enum dstatus
dctx_cur_status_ok(struct dctx *ctx, const struct cursor *c,
    const char *tname, const char *mname)
{
	if (cur_ok(c))
		return DS_OK;
	return dctx_cur_status_(ctx, c, tname, mname);
}

void	dctx_emit(struct dctx *, const struct event *);

/* Dissect one frame from its link type into pkt.  Never fails. */
void	dissect_frame(struct dctx *, const struct frame *, struct packet *);
/* Dissect bytes as if they started at (table, key) (unit tests, fuzzers). */
void	dissect_bytes(struct dctx *, const struct frame *, struct packet *,
	    enum dtable, uint32_t key);

/* Registry (dissectors/registry.c). */
const struct dissector *registry_find(const struct prefs *, enum dtable,
	    uint32_t key);
const struct dissector *registry_by_name(const char *);
const struct dissector *const *registry_all(size_t *n);

/* Maximum depth of pseudowire nesting before we stop (anomaly). */
#define DISSECT_MAX_DEPTH	2

#endif /* TS_DISSECT_H */
