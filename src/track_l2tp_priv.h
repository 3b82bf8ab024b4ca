/* track_l2tp_priv.h - the L2TPv3 tracker's records, shared by
 * track_l2tp.c (events -> state), rules_l2tp.c (findings) and out_l2tp.c
 * (summary and status views).  Private to those files.
 */
#ifndef TS_TRACK_L2TP_PRIV_H
#define TS_TRACK_L2TP_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "proto.h"
#include "track.h"
#include "track_l2tp.h"

#define L2T_RING	8	/* recent control messages per direction */
#define L2T_VANT	4	/* vantages told apart per message */
#define L2T_SCCRQ	16	/* SCCRQ send times kept (count is exact) */
#define L2T_STR		64	/* host / vendor name bytes kept */
#define L2T_MSG		96	/* StopCCN / CDN message bytes kept */
#define L2T_INNER	32	/* inner IPv4 addresses per session */
#define L2T_INNER6	8	/* inner IPv6 addresses listed per session */
#define L2T_MACS	8	/* inner MACs per session */
#define L2T_MORE	128	/* slots of a session's unlisted host set */
#define L2T_PENDING	8	/* messages whose acknowledgement moves a state */
#define L2T_ICMP_EV	4
#define L2T_MISMATCH_EV	4	/* messages from another address kept */
#define L2T_ARP0	256	/* ARP requests on the outer link kept */
#define L2T_ADDRS_MIN	1024	/* slots of the outer source address table, */
#define L2T_ADDRS_MAX	131072	/* doubled at 3/4 full up to this */
#define L2T_PWCAPS	8
#define L2T_RT_EV	16	/* retransmission frames kept per side */
#define L2T_ARP_EV	12	/* frames kept per outer ARP fact */

/* Default RWS (RFC 3931 §5.4.3) and the wait after a Hello before it is
 * called unanswered: the full retransmission cycle 1+2+4+8+8+8 s. */
#define L2T_RWS_DEFAULT		4
#define L2T_HELLO_WAIT_NS	(31LL * 1000000000LL)
/* and after its last retransmission: twice the 8 s cap */
#define L2T_HELLO_RETRY_NS	(16LL * 1000000000LL)
/* retransmissions of an unanswered Hello that call it lost when the
 * capture ends first */
#define L2T_HELLO_RETRIES	3

/* One control message a side sent (Ns-consuming), with its sightings. */
struct l2t_msg {
	uint8_t		used, acked;
	uint8_t		vmask;		/* vantages that saw it */
	uint16_t	ns, type;
	uint32_t	hash;		/* AVP bytes: same content */
	uint16_t	count;		/* sightings at ev's vantage */
	int64_t		last_ts;
	struct evref	ev;		/* first sighting */
};

/* A ring message's sightings at the vantages after its first, in a
 * second ring beside the first (same index), allocated for a side once
 * a message of it is seen at a second vantage: most captures have one,
 * and the ring is 40 bytes a message instead of 80.  The slot of ev's
 * own vantage is unused. */
struct l2t_msgv {
	uint16_t	count[L2T_VANT];
	int64_t		first_ts[L2T_VANT];
};

/* What one LCCE of a control connection said and sent. */
struct l2t_side {
	/* held texts (track_str_get), "" until known; at most L2T_STR - 1
	 * bytes */
	const char	*host, *vendor;
	uint32_t	router_id;
	uint32_t	ccid;		/* its Assigned CCID; 0 unknown */
	uint16_t	rws;		/* 0: AVP absent (default 4) */
	uint8_t		have_tie, npwcaps;
	uint8_t		tie[8];
	uint16_t	pwcaps[L2T_PWCAPS];
	uint16_t	port, first_port;	/* source port it used */
	uint8_t		port_changed, have_ns, seen_from_start;
	uint16_t	next_ns;	/* Ns of its next new message */
	uint16_t	nr;		/* latest Nr it sent */
	uint64_t	frames;		/* sightings, all vantages */
	uint64_t	msgs;		/* distinct Ns-consuming messages */
	uint64_t	zlbs, acks, retrans, dups, gaps, nr_beyond, rws_over;
	/* retransmissions of a message the peer had already acknowledged:
	 * not loss, the sender ignores acknowledgements */
	uint64_t	retrans_acked;
	struct evref	retrans_acked_ev;
	uint64_t	hellos, hellos_acked, hello_retrans;
	int64_t		hello_last, hello_gap_min, hello_gap_max;
	uint32_t	hello_gaps;
	struct evref	hello_first, hello_last_ev, hello_unacked_ev;
	uint8_t		hello_unacked;	/* a Hello waits for its ACK */
	uint16_t	hello_unacked_ns;
	int64_t		rtt_min, rtt_max, rtt_sum;
	uint32_t	nrtt;
	int64_t		transit_min, transit_max;	/* two vantages */
	uint32_t	ntransit;
	/* seen at one vantage only while the connection passed several:
	 * lost between them */
	uint32_t	lost_between;
	struct evref	lost_ev;
	struct evref	first, last;
	struct evref	*rt_ev;		/* retransmissions, L2T_RT_EV
					   (allocated at the first) */
	uint8_t		nrt_ev;
	uint32_t	msgs_retried;	/* distinct messages sent again */
	struct l2t_msg	*ring;		/* L2T_RING recent messages */
	struct l2t_msgv	*vring;		/* L2T_RING, or NULL (l2t_msgv) */
	uint8_t		 ringcap;	/* entries allocated, 0..L2T_RING */
	uint8_t		rnext;
};

/* A message whose acknowledgement moves the receiver's state. */
struct l2t_pending {
	uint8_t		used, what;	/* MT_SCCCN, MT_ICCN, MT_OCRP ... */
	uint8_t		side;		/* who must acknowledge */
	uint16_t	ns;
	struct entity	*sess;		/* session concerned (may be NULL) */
	struct evref	ev;
};

struct l2t_ctl {
	struct entity	*e;
	struct ts_addr	 addr[2];	/* side 0: the initiator */
	uint8_t		 transport;	/* 17 UDP, 115 IP */
	uint8_t		 joined_late;	/* SCCRQ not seen: mid-life */
	uint8_t		 static_tunnel;	/* data only, no control plane */
	uint8_t		 initiator_known;
	struct l2t_side	 s[2];
	/* SCCRQ schedule of the initiator */
	uint32_t	 nsccrq;
	/* the first L2T_SCCRQ (nsccrq_ev of them), with ts; grown as they
	 * come (evref_keep): most connections send one */
	struct evref	*sccrq_ev;
	uint8_t		 nsccrq_ev;
	struct evref	 sccrq_first, sccrq_last;
	uint8_t		 sccrq_ns_varied;	/* not always the same Ns */
	uint16_t	 sccrq_ns;
	uint8_t		 have_sccrp, have_scccn;
	struct evref	 sccrp_ev, scccn_ev;
	int64_t		 established_ts, closed_ts;
	const char	*close_reason;	/* held text, at most L2T_MSG - 1 */
	/* StopCCN */
	uint8_t		 have_stop, stop_side, stop_state;
	uint8_t		 stop_after_hello;	/* sender's Hello was unanswered */
	uint16_t	 stop_result, stop_error;
	const char	*stop_msg;	/* held text, at most L2T_MSG - 1 */
	struct evref	 stop_ev;
	/* Hello timeout (inferred or before a StopCCN) */
	uint8_t		 hello_timeout, hello_timeout_side;
	struct evref	 hello_timeout_ev;
	int64_t		 hello_timeout_ts;
	/* ICMP errors quoting this connection's datagrams */
	uint32_t	 nicmp, nicmp_frag;
	uint8_t		 icmp_type, icmp_code, icmp_v6;
	struct ts_addr	 icmp_from;
	uint32_t	 icmp_mtu;
	struct evref	*icmp_ev;	/* L2T_ICMP_EV at most (grown) */
	uint8_t		 nicmp_ev, icmp_quotes_sccrq;
	uint32_t	 nfrags;		/* outer IP fragments */
	struct evref	 frag_ev;
	/* data for sessions never negotiated here */
	uint64_t	 unknown_data;
	uint32_t	 unknown_sid;
	struct evref	 unknown_ev;
	uint32_t	 nsessions;
	uint8_t		 vantage_mask;	/* vantages that saw this connection */
	struct l2t_pending *pend;	/* L2T_PENDING (allocated at the
					   first) */
	/* address or port mismatch */
	uint8_t		 reply_port_changed;
	struct evref	 port_change_ev;
	uint32_t	 addr_mismatch;	/* messages from another address */
	struct ts_addr	 other_addr;
	struct evref	*addr_mismatch_ev;	/* L2T_MISMATCH_EV (grown) */
	uint8_t		 naddr_mismatch_ev;
	/* tie breaker and re-attempts */
	uint8_t		 tie_lost, abandoned;
	/* inner TCP MSS too large for the tunnel */
	uint32_t	 mss_bad, mss_max, mss_fit;
	struct evref	 mss_ev[2];
	uint32_t	 frag_datagrams;
};

/* Per LCCE side of a session: what it assigned, what was sent to it. */
struct l2t_sside {
	/* read or counted for every data packet sent to this side */
	uint32_t	sid;		/* its Local Session ID; UINT32_MAX unknown */
	uint8_t		cookie_len;	/* Assigned Cookie it asked for */
	uint8_t		cookie[8];
	uint8_t		l2ss;		/* L2SS it asked for (0 none) */
	uint8_t		have_avps;	/* its ICRQ/ICRP/OCRQ/OCRP was seen */
	uint8_t		circuit_down;	/* it said not active */
	uint16_t	circuit;	/* Circuit Status it sent; 0xffff unknown */
	uint16_t	data_seq;
	/* data sent TO this side */
	uint64_t	rx_pkts, rx_octets;
	int64_t		rx_first, rx_last;
	uint64_t	cookie_bad, l2ss_bad, early;
	/* evidence: written once */
	struct evref	rx_first_ev;
	/* what only a troubled session has: allocated at the first such
	 * fact (l2t_rare_mut); read through l2t_rare, zero when absent */
	struct l2t_rare	*rare;
};

/* Facts about a session's direction that most sessions never have (a
 * quarter of the session record, kept apart). */
struct l2t_rare {
	struct evref	cookie_bad_ev, l2ss_bad_ev, early_ev;
	struct evref	circuit_down_ev;
	uint8_t		bad_cookie[8], bad_cookie_len;
	/* WEN counters it reported (RFC 3931 §5.4.x Circuit Errors) */
	uint32_t	wen[6];
	uint32_t	nwen;
};

/* The direction's rare facts to read (all zero when it has none). */
static inline const struct l2t_rare *
l2t_rare(const struct l2t_sside *d)
{
	static const struct l2t_rare none;

	return d->rare != NULL ? d->rare : &none;
}

struct l2t_inner {
	uint32_t	addr;
	uint8_t		how;		/* L2TI_* */
	struct evref	ev;
};
#define L2TI_IP_SRC	0x01
#define L2TI_IP_DST	0x02
#define L2TI_ARP_SPA	0x04
#define L2TI_ARP_TPA	0x08
#define L2TI_NS_TARGET	0x10	/* ICMPv6 Neighbor Solicitation target */

/*
 * The distinct host addresses of a session that its lists had no room
 * for: an open-addressing set, so that "+N more" counts hosts, not the
 * packets that carried them.  Key 0 is an empty slot.  IPv4: bit 32 set,
 * the address in bits 0-31, the L2TI_* ways it was seen in bits 40-47.
 * IPv6: bit 63 set over a 64-bit hash of the address (a collision would
 * undercount by one).  Counting stops at three quarters full, and the
 * count is then a lower bound.
 */
struct l2t_more {
	uint16_t	n;		/* distinct addresses in key[] */
	uint8_t		full;		/* one more was seen with no room */
	uint64_t	key[L2T_MORE];
};

struct l2t_sess {
	/* what every data packet and inner frame reads first (hot) */
	struct entity	*e;
	uint8_t		 role;		/* L2R_ICRQ_SENDER / L2R_OCRQ_SENDER
					   for side 0 */
	uint8_t		 cside0;	/* ctl side of the session's side 0 */
	uint8_t		 static_sess;	/* no control plane */
	uint8_t		 setup_seen;	/* its ICRQ/OCRQ was captured */
	uint8_t		 side_by_addr;	/* its connection's addresses differ */
	uint16_t	 pw_type;
	/* inner facts: grown on demand up to L2T_INNER (most sessions
	 * carry a handful of hosts; a fixed array was half the record) */
	uint8_t		 ninner, inner_cap, nmacs;
	uint8_t		 inner_hint[2];	/* last two inner[] hit (src, dst) */
	uint8_t		 hint_how[2];	/* their inner[].how and .addr, */
	uint32_t	 hint_addr[2];	/* copied: valid when hint < ninner */
	struct l2t_inner *inner;
	uint8_t		 macs[L2T_MACS][6];
	struct l2t_sside s[2];
	/* IPv6 (not in inner[]): L2TI_* bits already noted about each
	 * control connection endpoint, so repeats cost nothing */
	uint8_t		 ep6_how[2];
	/* and its host addresses, listed in the order first seen: grown on
	 * demand up to L2T_INNER6, NULL in a session without IPv6 */
	uint8_t		 ninner6, inner6_cap;
	uint32_t	 arp_min, arp_max;	/* on-link block (ARP) */
	uint32_t	 narp;
	/* hosts past L2T_INNER and L2T_INNER6, counted once each; NULL
	 * until a session has more hosts than it lists */
	struct l2t_more	*more;
	uint8_t		(*inner6)[16];
	/* set up and torn down: control messages only */
	const char	*remote_end;	/* held texts: L2T_STR - 1, */
	int64_t		 established_ts, closed_ts;
	const char	*close_reason;	/* L2T_MSG - 1 bytes at most */
	uint8_t		 have_cdn, cdn_side;
	uint16_t	 cdn_result, cdn_error;
	const char	*cdn_msg;
	struct evref	 cdn_ev;
	struct evref	 xrq_ev;	/* its ICRQ/OCRQ; ts_ns 0: not seen */
};

/* An ARP request, or an ICMPv6 Neighbor Solicitation (nd: target and
 * source address), on an outer link (depth 0). */
struct l2t_arp0 {
	struct ts_addr	tpa, spa;
	uint8_t		nd;
	uint8_t		sha[6];
	uint32_t	vantage;
	uint32_t	count, answered;
	struct evref	first, last;
	struct evref	ev[L2T_ARP_EV];
};

/* Frames from one outer source address. */
struct l2t_addr {
	struct ts_addr	a;
	uint8_t		used;
	uint64_t	frames, l2tp;
	struct evref	first, last;
};

/* An inner address of a pseudowire that is one of its tunnel's
 * endpoints, or lies in the block its inner hosts ARP within (IPv4), or
 * in the /64 of an inner address (IPv6). */
struct l2t_epfact {
	uint8_t		used, how;	/* L2TI_* bits; 0x80: in the block */
	uint8_t		transport;
	struct ts_addr	x, y;		/* the pair, lower address first */
	struct ts_addr	endpoint;
	struct ts_addr	net;		/* the block (when 0x80) */
	uint8_t		plen;
	struct evref	ev;		/* the endpoint itself, else the block */
	char		sess_name[TRACK_NAME_MAX];
	struct evref	block_ev;
	char		block_sess[TRACK_NAME_MAX];
};
#define L2T_EPFACTS	256
#define L2TI_IN_BLOCK	0x80

struct l2tp_tracker {
	struct engine	*eng;
	struct track	*t;
	struct l2tp_conv_db *conv;	/* layouts; memos of session lookups */
	/* data message being handled: its session, for the inner frame */
	struct entity	*cur_sess;
	uint8_t		 cur_rx_side;
	uint64_t	 cur_frame;
	uint32_t	 cur_vantage;
	/* outer facts */
	struct l2t_arp0	 arp0[L2T_ARP0];
	uint32_t	 narp0, arp0_next;
	struct l2t_addr	*addrs;		/* naddr_slots, open addressing */
	uint32_t	 naddrs, naddr_slots;
	uint64_t	 addrs_full;	/* frames from sources past the cap */
	struct l2t_epfact epf[L2T_EPFACTS];
	uint32_t	 nepf;
	/* capture facts */
	uint64_t	 truncated_frames;
	struct evref	 truncated_first;
	uint32_t	 vantages_seen;	/* bit per vantage (first 32) */
};

static inline int
l2t_addr_eq(const struct ts_addr *x, const struct ts_addr *y)
{
	size_t i, n = x->af == 4 ? 4 : 16;

	if (x->af != y->af)
		return 0;
	for (i = 0; i < n; i++)
		if (x->a[i] != y->a[i])
			return 0;
	return 1;
}

/* Accessors for the tracker, rules and views (track_data: the record
 * is allocated with the entity; NULL once released). */
static inline struct l2t_ctl *
l2t_ctl_of(const struct entity *e)
{
	return e != NULL && e->kind == EK_L2TP_CTL && e->data != NULL ?
	    (struct l2t_ctl *)track_data(e) : NULL;
}

static inline struct l2t_sess *
l2t_sess_of(const struct entity *e)
{
	return e != NULL && e->kind == EK_L2TP_SESSION && e->data != NULL ?
	    (struct l2t_sess *)track_data(e) : NULL;
}


/* Address facts (track_l2tp.c). */
void	l2t_addr_count(struct l2tp_tracker *, const struct ts_addr *,
	    const struct evref *, int l2tp);
const struct l2t_addr *l2t_addr_find(const struct l2tp_tracker *,
	    const struct ts_addr *);
/* Format an address ("192.168.1.1", "2001:db8::1") into tb. */
struct textbuf;
void	l2t_put_addr(struct textbuf *, const struct ts_addr *);
/* Endpoint facts of the pair (x, y) about endpoint e; NULL if none. */
const struct l2t_epfact *l2t_epfact_find(const struct l2tp_tracker *,
	    uint8_t transport, const struct ts_addr *x,
	    const struct ts_addr *y, const struct ts_addr *e);
/* IPv6 /64 (RFC 4291 §2.5.4: global unicast interface IDs are 64 bits)
 * of two addresses equal, and a an address whose /64 names a subnet
 * (not unspecified, loopback, link-local or multicast). */
int	l2t_v6_same64(const uint8_t *a, const uint8_t *b);
int	l2t_v6_subnet_addr(const uint8_t *a);
/* Keep an inner IPv6 address in s's host list (not multicast, not ::). */
void	l2t_inner6_add(struct l2t_sess *s, const uint8_t *a);
int	l2t_more_add(struct l2t_sess *s, uint64_t key, uint8_t how);
unsigned	l2t_more_count(const struct l2t_sess *s, int *lower_bound);
/* e and the control connections related to it, transitively (the
 * attempts between the same two LCCEs), e first; at most max. */
size_t	l2t_pair_members(struct entity *e, struct entity **out, size_t max);
/* --report rows for the two kinds (out_l2tp.c). */
struct report_rows;
extern const struct report_rows l2t_ctl_rows, l2t_sess_rows;
/* Register the rules (rules_l2tp.c). */
int	l2t_rules_register(struct engine *);
/* Result / error code meanings (rules_l2tp.c). */
const char *l2t_stopccn_result(unsigned);
const char *l2t_cdn_result(unsigned);
const char *l2t_error_code(unsigned);

#endif /* TS_TRACK_L2TP_PRIV_H */
