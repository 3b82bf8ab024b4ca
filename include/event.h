/* event.h - typed events from dissection to the trackers.
 *
 * What was on the wire, no policy.  Flat values; the layer pointer is valid
 * only during the call.  Kinds are added by the protocols that emit them.
 */
#ifndef TS_EVENT_H
#define TS_EVENT_H

#include <stdint.h>

struct packet;
struct layer;

enum event_kind {
	EV_NONE = 0,
	EV_FRAME,		/* every frame, after dissection */
	EV_ICMP_ERROR,		/* ICMP/ICMPv6 error quoting a datagram */
	EV_IP_FRAGMENT,		/* a fragment seen (MTU facts) */
	EV_IP_REASSEMBLED,	/* a datagram completed from fragments */
	EV_ARP,			/* ARP request or reply */
	EV_L2TP_CONTROL,	/* an L2TPv3 control message (incl. ZLB) */
	EV_L2TP_DATA,		/* an L2TPv3 data message */
	EV_TCP_SEGMENT,		/* any TCP segment (handshake, RST, FIN ...) */
	EV_BGP_MESSAGE,		/* one complete BGP message */
	EV_COUNT
};

struct event {
	uint16_t		 kind;		/* enum event_kind */
	uint8_t			 depth;		/* encapsulation depth */
	uint32_t		 vantage;
	uint64_t		 frame;		/* frame number in its file */
	int64_t			 ts_ns;
	const struct packet	*pkt;
	const struct layer	*layer;		/* the layer that emitted it */
};

#endif /* TS_EVENT_H */
