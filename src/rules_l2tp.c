/* rules_l2tp.c - the l2tp.* and capture.* rules of DESIGN.md's catalog over the L2TPv3 tracker (RFC 3931).
 *
 * Each rule looks at the entities changed since the last pass and upserts
 * one finding per affected control connection or session.  Root cause
 * over symptom: l2tp.endpoint_in_tunneled_subnet explains the
 * l2tp.ctl_reply_missing of the stalled connection, l2tp.icmp_unreachable
 * explains it when the peer or the path answered with ICMP, and
 * l2tp.hello_timeout reports the StopCCN its silence caused (l2tp.stopccn
 * then stays quiet for that connection).
 */
#include <stdio.h>
#include <string.h>

#include "diagnose.h"
#include "l2tp.h"
#include "textbuf.h"
#include "track_l2tp_priv.h"

#define NS_PER_S	1000000000LL
#define MT_SCCRQ	1
#define MT_HELLO	6

/* Waits before a missing reply is called missing during input (at the end
 * of input any wait counts: the capture shows no more). */
#define REPLY_WAIT_NS	(10LL * NS_PER_S)
#define RETRANS_MIN	3	/* retransmissions worth a warning */
#define ONE_WAY_MIN	5	/* packets one way, none back */

/* ---- code meanings (RFC 3931 §5.4.2, RFC 2661 §4.4.2) ---- */

static const struct tok stopccn_results[] = {
	{ 0, "reserved" },
	{ 1, "general request to clear the control connection" },
	{ 2, "general error, the error code says which" },
	{ 3, "control connection already exists" },
	{ 4, "requester is not authorized to establish a control "
	    "connection" },
	{ 5, "protocol version of the requester is not supported" },
	{ 6, "requester is being shut down" },
	{ 7, "finite state machine error or timeout" },
	{ 8, "control connection due to mismatching CCDS value" },
	{ 0, NULL },
};

static const struct tok cdn_results[] = {
	{ 1, "loss of carrier or circuit disconnect" },
	{ 2, "the reason given in the error code" },
	{ 3, "administrative reasons" },
	{ 4, "no appropriate facilities available (temporary)" },
	{ 5, "no appropriate facilities available (permanent)" },
	{ 6, "invalid destination" },
	{ 7, "no carrier detected" },
	{ 8, "busy signal" },
	{ 9, "no dial tone" },
	{ 10, "call not established within the time allotted" },
	{ 11, "no appropriate framing detected" },
	{ 12, "mismatching SDS value" },
	{ 13, "losing tie breaker" },
	{ 14, "unsupported PW type" },
	{ 15, "sequencing required without a valid L2-Specific Sublayer" },
	{ 16, "finite state machine error or timeout" },
	{ 23, "mismatching interface MTU" },
	{ 24, "attempt to connect to a non-existent forwarder" },
	{ 25, "attempt to connect to an unauthorized forwarder" },
	{ 26, "loop detected" },
	{ 31, "sequencing not supported" },
	{ 0, NULL },
};

static const struct tok error_codes[] = {
	{ 0, "no general error" },
	{ 1, "no control connection exists yet for this pair of LCCEs" },
	{ 2, "length is wrong" },
	{ 3, "a field value was out of range" },
	{ 4, "insufficient resources" },
	{ 5, "invalid Session ID" },
	{ 6, "a generic vendor-specific error" },
	{ 7, "try another" },
	{ 8, "an unknown AVP with the M bit set was received" },
	{ 9, "try another directed" },
	{ 10, "next hop unreachable" },
	{ 11, "next hop busy" },
	{ 12, "TSA busy" },
	{ 0, NULL },
};

const char *
l2t_stopccn_result(unsigned v)
{
	return tok_name(stopccn_results, v, "an unassigned result code");
}

const char *
l2t_cdn_result(unsigned v)
{
	return tok_name(cdn_results, v, "an unassigned result code");
}

const char *
l2t_error_code(unsigned v)
{
	return tok_name(error_codes, v, "an unassigned error code");
}

/* ---- text helpers ---- */

struct str64 {
	char	s[96];
};

static struct str64
addr_str(const struct ts_addr *a)
{
	struct str64 r;
	struct textbuf tb;

	tb_init(&tb, r.s, sizeof(r.s));
	l2t_put_addr(&tb, a);
	return r;
}

/* "09:00:05" (UTC time of day) or "09:00:05.250" */
static struct str64
hms(int64_t ns)
{
	struct str64 r;
	int64_t s = ns / NS_PER_S, ms = (ns % NS_PER_S) / 1000000;

	if (ms != 0)
		snprintf(r.s, sizeof(r.s), "%02d:%02d:%02d.%03d",
		    (int)(s / 3600 % 24), (int)(s / 60 % 60), (int)(s % 60),
		    (int)ms);
	else
		snprintf(r.s, sizeof(r.s), "%02d:%02d:%02d",
		    (int)(s / 3600 % 24), (int)(s / 60 % 60), (int)(s % 60));
	return r;
}

static double
secs(int64_t ns)
{
	return (double)ns / 1e9;
}

/* "RT01 (192.168.1.1)" or "192.168.1.1" */
static struct str64
lcce(const struct l2t_ctl *c, unsigned side)
{
	struct str64 r, a = addr_str(&c->addr[side]);

	if (c->s[side].host[0] != '\0')
		snprintf(r.s, sizeof(r.s), "%.24s (%.46s)", c->s[side].host,
		    a.s);
	else
		r = a;
	return r;
}

static void
put_ev(struct finding *f, const struct evref *r)
{
	if (r != NULL && r->frame != 0)
		finding_add_evidence(f, r);
}

static void
set_text(struct finding *f, const struct textbuf *tb)
{
	finding_set_text(f, "%s", tb->buf);
}

/* "lan:17": an evidence reference as the findings print it. */
static struct str64
evref_str(struct engine *eng, const struct evref *ev)
{
	struct str64 r;
	struct textbuf tb;
	void *arg;
	evref_label_fn fn = track_labels(eng->track, &arg);

	tb_init(&tb, r.s, sizeof(r.s));
	evref_format(&tb, ev, fn, arg);
	return r;
}

/* "lan" for a vantage number (the vantage number when unlabelled). */
static struct str64
vantage_str(struct engine *eng, uint32_t v)
{
	struct str64 r;
	void *arg;
	evref_label_fn fn = track_labels(eng->track, &arg);
	const char *l = fn != NULL ? fn(arg, v) : NULL;

	if (l != NULL)
		snprintf(r.s, sizeof(r.s), "%s", l);
	else
		snprintf(r.s, sizeof(r.s), "%u", v);
	return r;
}

static struct l2tp_tracker *
tracker(struct engine *eng)
{
	return eng->l2tp;
}

static int
ctl_in_wait_reply(const struct l2t_ctl *c)
{
	return c->initiator_known && c->nsccrq > 0 && !c->have_sccrp &&
	    c->s[1].frames == 0;
}

/* How much time the capture gave a reply. */
static int
waited(const struct engine *eng, int final, int64_t since)
{
	return final || eng->now - since >= REPLY_WAIT_NS;
}

/* ---- l2tp.endpoint_in_tunneled_subnet facts ---- */

struct ep_evidence {
	const struct l2t_epfact *inside;	/* inner address / block */
	const struct l2t_arp0	*arp;		/* ARP / NS on another vantage */
	struct ts_addr		 endpoint;	/* the trapped address */
	unsigned		 side;		/* its LCCE */
};

static uint32_t
v4_of(const struct ts_addr *a)
{
	return (uint32_t)a->a[0] << 24 | (uint32_t)a->a[1] << 16 |
	    (uint32_t)a->a[2] << 8 | a->a[3];
}

static unsigned
common_prefix(uint32_t a, uint32_t b)
{
	uint32_t d = a ^ b;
	unsigned n = 32;

	while (d != 0) {
		d >>= 1;
		n--;
	}
	return n;
}

static int
same_addr(const struct ts_addr *x, const struct ts_addr *y)
{
	return x->af == y->af && memcmp(x->a, y->a, x->af == 4 ? 4 : 16) == 0;
}

/* A resolver's source address that says it believes ep on-link: IPv4 in
 * the same /16 (not 0.0.0.0, an ARP probe); IPv6 link-local, or in ep's
 * /64 (not ::, duplicate address detection). */
static int
asker_near(const struct ts_addr *spa, const struct ts_addr *ep)
{
	if (spa->af != ep->af)
		return 0;
	if (ep->af == 4)
		return v4_of(spa) != 0 &&
		    common_prefix(v4_of(spa), v4_of(ep)) >= 16;
	if (spa->a[0] == 0xfe && (spa->a[1] & 0xc0) == 0x80)
		return 1;
	return l2t_v6_subnet_addr(spa->a) && l2t_v6_same64(spa->a, ep->a);
}

static int
ep_facts(const struct l2tp_tracker *tr, const struct l2t_ctl *c,
    struct ep_evidence *out)
{
	unsigned side, i;

	memset(out, 0, sizeof(*out));
	for (side = 0; side < 2; side++) {
		const struct ts_addr *ep = &c->addr[side];
		const struct ts_addr *other = &c->addr[!side];

		if ((ep->af != 4 && ep->af != 6) || other->af != ep->af)
			continue;
		out->inside = l2t_epfact_find(tr, c->transport, &c->addr[0],
		    &c->addr[1], ep);
		/* someone on a link where this connection is not seen
		 * ARPs (or sends Neighbor Solicitations) for the endpoint
		 * as if it were on-link */
		for (i = 0; i < tr->narp0; i++) {
			const struct l2t_arp0 *a = &tr->arp0[i];

			if (!same_addr(&a->tpa, ep) || same_addr(&a->spa, ep) ||
			    same_addr(&a->spa, other) ||
			    !asker_near(&a->spa, ep))
				continue;
			if (a->vantage < 8 &&
			    (c->vantage_mask & (1u << a->vantage)))
				continue;
			out->arp = a;
			break;
		}
		if (out->inside != NULL || out->arp != NULL) {
			out->endpoint = *ep;
			out->side = side;
			return 1;
		}
	}
	return 0;
}

/* ---- rules ---- */

static void
crm_schedule(struct textbuf *tb, const struct l2t_ctl *c, unsigned *cycles)
{
	unsigned i, n = c->nsccrq_ev;
	int64_t prev = 0;

	*cycles = 1;
	if (n < 2)
		return;
	tb_puts(tb, "; intervals");
	for (i = 1; i < n; i++) {
		int64_t g = c->sccrq_ev[i].ts_ns - c->sccrq_ev[i - 1].ts_ns;

		tb_printf(tb, "%s %.1f", i == 1 ? "" : ",", secs(g));
		/* a gap well below the previous one: the back-off restarted */
		if (i > 1 && g * 2 < prev)
			(*cycles)++;
		prev = g;
	}
	if (c->nsccrq > n)
		tb_printf(tb, ", ... (%u more)", c->nsccrq - n);
	tb_puts(tb, " s");
}

static int
backoff_doubles(const struct l2t_ctl *c)
{
	unsigned i, n = c->nsccrq_ev, ok = 0;

	for (i = 2; i < n && i < 5; i++) {
		int64_t a = c->sccrq_ev[i - 1].ts_ns - c->sccrq_ev[i - 2].ts_ns;
		int64_t b = c->sccrq_ev[i].ts_ns - c->sccrq_ev[i - 1].ts_ns;

		if (a > 0 && b >= a * 3 / 2 && b <= a * 5 / 2)
			ok++;
	}
	return ok >= 1;
}

/* Other connections of the same pair where the responder is the
 * initiator (its own SCCRQs), and attempts with new CCIDs. */
static void
related_facts(const struct l2t_ctl *c, unsigned *peer_sccrq,
    unsigned *retries, const struct l2t_ctl **peer)
{
	unsigned i;

	*peer_sccrq = *retries = 0;
	*peer = NULL;
	for (i = 0; i < c->e->nrelated; i++) {
		const struct l2t_ctl *o = l2t_ctl_of(c->e->related[i]);

		if (o == NULL || !o->initiator_known)
			continue;
		if (l2t_addr_eq(&o->addr[0], &c->addr[1])) {
			*peer_sccrq += o->nsccrq;
			*peer = o;
		} else if (o->nsccrq > 0)
			(*retries)++;
	}
}

/* The attempts of c's initiator to c's responder, all unanswered. */
struct attempts {
	unsigned	n, idx;		/* how many, and c's place (1-based) */
	uint32_t	ccids[8];
	uint32_t	sccrqs;
	int64_t		first, last;
};

static void
attempts_of(struct l2t_ctl *c, struct attempts *a)
{
	struct entity *m[32];
	size_t n = l2t_pair_members(c->e, m, 32), i;

	memset(a, 0, sizeof(*a));
	/* creation order: serials grow */
	for (i = 0; i < n; i++) {
		struct l2t_ctl *x = l2t_ctl_of(m[i]);

		if (x == NULL || !ctl_in_wait_reply(x) ||
		    !l2t_addr_eq(&x->addr[0], &c->addr[0]))
			continue;
		if (a->n < 8)
			a->ccids[a->n] = x->s[0].ccid;
		a->n++;
		if (m[i]->serial <= c->e->serial)
			a->idx++;
		a->sccrqs += x->nsccrq;
		if (a->first == 0 || x->sccrq_first.ts_ns < a->first)
			a->first = x->sccrq_first.ts_ns;
		if (x->sccrq_last.ts_ns > a->last)
			a->last = x->sccrq_last.ts_ns;
	}
}

static void
rule_ctl_reply_missing(struct engine *eng, int final)
{
	struct l2tp_tracker *tr = tracker(eng);
	struct entity *e;

	for (e = track_dirty_first(eng->track); e != NULL;
	    e = track_dirty_next(e)) {
		struct l2t_ctl *c = l2t_ctl_of(e);
		struct str64 a, b, t0, t1;
		const struct l2t_addr *alive;
		const struct l2t_ctl *peer;
		unsigned cycles, peer_sccrq, retries, ncause = 0, i;
		struct ep_evidence epe;
		struct attempts at;
		char text[FINDING_TEXT_MAX];
		struct textbuf tb;
		struct finding *f;
		int64_t span;
		int trapped;

		if (c == NULL || !ctl_in_wait_reply(c) ||
		    (!waited(eng, final, c->sccrq_first.ts_ns) &&
		    c->nsccrq < 3))
			continue;
		if (c->nsccrq < 2 && eng->now - c->sccrq_first.ts_ns <
		    NS_PER_S)
			continue;	/* the capture ended at once */
		trapped = ep_facts(tr, c, &epe);
		if (c->nicmp > 0 && !trapped)
			continue;	/* l2tp.icmp_unreachable: the cause */
		a = lcce(c, 0);
		b = addr_str(&c->addr[1]);
		t0 = hms(c->sccrq_first.ts_ns);
		t1 = hms(c->sccrq_last.ts_ns);
		span = c->sccrq_last.ts_ns - c->sccrq_first.ts_ns;
		if ((f = diag_upsert(eng, e, eng->now)) == NULL)
			continue;
		finding_set_title(f, "control connection %s -> %s never left "
		    "wait-ctl-reply: %u SCCRQ%s, no SCCRP",
		    addr_str(&c->addr[0]).s, b.s, c->nsccrq,
		    c->nsccrq == 1 ? "" : "s");
		tb_init(&tb, text, sizeof(text));
		tb_printf(&tb, "%s sent %u SCCRQ%s to %s", a.s, c->nsccrq,
		    c->nsccrq == 1 ? "" : "s", b.s);
		if (c->transport == 17)
			tb_printf(&tb, " (UDP %u -> %u)", c->s[0].first_port,
			    c->s[1].first_port);
		else
			tb_puts(&tb, " (IP protocol 115)");
		if (c->nsccrq > 1)
			tb_printf(&tb, " over %.1f s, %s to %s UTC", secs(span),
			    t0.s, t1.s);
		else
			tb_printf(&tb, " at %s UTC", t0.s);
		crm_schedule(&tb, c, &cycles);
		if (c->nsccrq > 1) {
			tb_printf(&tb, "; every one with Assigned CCID %u and ",
			    c->s[0].ccid);
			if (c->sccrq_ns_varied)
				tb_puts(&tb, "varying Ns");
			else
				tb_printf(&tb, "Ns %u (the same request "
				    "retransmitted)", c->sccrq_ns);
			if (cycles > 1)
				tb_printf(&tb, ", in %u retransmission cycles "
				    "(the back-off restarted %u times)", cycles,
				    cycles - 1);
			else if (backoff_doubles(c))
				tb_puts(&tb, ", backing off exponentially as "
				    "RFC 3931 section 4.2 asks");
		}
		tb_printf(&tb, ". No SCCRP, ZLB, StopCCN or ACK came back from "
		    "%s", b.s);
		if (c->abandoned)
			tb_puts(&tb, "; the initiator then gave up (a new "
			    "attempt followed)");
		else if (c->tie_lost)
			tb_puts(&tb, "; the attempt ended when the initiator "
			    "answered the peer's own SCCRQ (lost tie breaker)");
		else if (e->state[0] == L2C_WAIT_CTL_REPLY)
			tb_printf(&tb, "; still waiting at the end of the "
			    "capture (%.1f s after the last SCCRQ)",
			    secs(eng->now - c->sccrq_last.ts_ns));
		tb_puts(&tb, ".");
		attempts_of(c, &at);
		if (at.n > 1) {
			tb_printf(&tb, " This is attempt %u of %u from %s to %s "
			    "(CCIDs", at.idx, at.n, addr_str(&c->addr[0]).s,
			    b.s);
			for (i = 0; i < at.n && i < 8; i++)
				tb_printf(&tb, "%s %u", i ? "," : "",
				    at.ccids[i]);
			tb_printf(&tb, "): SCCRQ x%u over %.0f s in all, never "
			    "answered.", at.sccrqs, secs(at.last - at.first));
		}
		related_facts(c, &peer_sccrq, &retries, &peer);
		alive = l2t_addr_find(tr, &c->addr[1]);
		if (peer_sccrq > 0)
			tb_printf(&tb, " %s is itself sending SCCRQs to %s "
			    "(%u, CCID %u), so it runs L2TP and reaches %s, yet "
			    "neither side's SCCRQ is answered.", b.s,
			    addr_str(&c->addr[0]).s, peer_sccrq,
			    peer != NULL ? peer->s[0].ccid : 0,
			    addr_str(&c->addr[0]).s);
		else if (alive != NULL && alive->l2tp > 0)
			tb_printf(&tb, " %s sent L2TP elsewhere in the capture "
			    "(%llu frames), none to %s.", b.s,
			    (unsigned long long)alive->l2tp,
			    addr_str(&c->addr[0]).s);
		else if (alive != NULL && alive->frames > 0)
			tb_printf(&tb, " %s is alive (%llu frames from it, "
			    "from %s UTC) but sent nothing toward %s: no L2TP "
			    "at all.", b.s, (unsigned long long)alive->frames,
			    hms(alive->first.ts_ns).s,
			    addr_str(&c->addr[0]).s);
		else if (tr->addrs_full > 0)
			tb_printf(&tb, " Whether anything else came from %s is "
			    "not known: the table of outer source addresses "
			    "was full (%u addresses).", b.s, tr->naddrs);
		else
			tb_printf(&tb, " Nothing at all came from %s in this "
			    "capture.", b.s);
		if (c->s[0].lost_between > 0)
			tb_printf(&tb, " %u of them were seen at one capture "
			    "point only (first %s), never at the other: lost "
			    "between the two.", c->s[0].lost_between,
			    evref_str(eng, &c->s[0].lost_ev).s);
		if (c->nicmp > 0)
			tb_printf(&tb, " %u ICMP error%s (type %u code %u from "
			    "%s) quote %s's L2TP datagrams.", c->nicmp,
			    c->nicmp == 1 ? "" : "s", c->icmp_type,
			    c->icmp_code, addr_str(&c->icmp_from).s,
			    addr_str(&c->addr[0]).s);
		tb_puts(&tb, " Likely causes, most likely first:");
		if (trapped)
			tb_printf(&tb, " (%u) recursive routing: %s lies "
			    "inside the segment the tunnel extends, so %s sends "
			    "its replies into the bridge/tunnel (see "
			    "l2tp.endpoint_in_tunneled_subnet);", ++ncause,
			    addr_str(&epe.endpoint).s,
			    addr_str(&c->addr[!epe.side]).s);
		if (peer_sccrq > 0)
			tb_printf(&tb, " (%u) the SCCRQs or their replies take "
			    "another path than the one captured "
			    "(asymmetric or recursive routing, NAT);",
			    ++ncause);
		if (alive != NULL && alive->frames > 0 && peer_sccrq == 0 &&
		    !trapped)
			tb_printf(&tb, " (%u) %s sends nothing toward %s on "
			    "this link although it is alive here: its route to "
			    "the peer points elsewhere (a bridge or the tunnel "
			    "itself: recursive routing);", ++ncause, b.s,
			    addr_str(&c->addr[0]).s);
		if (alive != NULL && alive->frames > 0)
			tb_printf(&tb, " (%u) %s does not accept L2TP from %s: "
			    "tunnel not configured for this peer, wrong peer "
			    "address, transport or port, or a filter on %s;",
			    ++ncause, b.s, addr_str(&c->addr[0]).s,
			    c->transport == 17 ? "UDP 1701" :
			    "IP protocol 115");
		if (alive == NULL || alive->frames == 0)
			tb_printf(&tb, " (%u) %s is down or unreachable, or "
			    "the path drops %s;", ++ncause, b.s,
			    c->transport == 17 ? "UDP 1701" :
			    "IP protocol 115");
		tb_printf(&tb, " (%u) replies leave %s on a link this "
		    "capture does not see.", ++ncause, b.s);
		set_text(f, &tb);
		finding_set_remedy(f, "On %s check the route to %s (it must "
		    "leave through the underlay, not a bridge or the tunnel "
		    "itself) and that L2TPv3 is enabled with %s as its peer; "
		    "check that no filter drops %s between them; capture on "
		    "%s's side to see whether the SCCRQs arrive and where "
		    "the answers go.", b.s, addr_str(&c->addr[0]).s,
		    addr_str(&c->addr[0]).s, c->transport == 17 ?
		    "UDP port 1701" : "IP protocol 115", b.s);
		finding_evidence_reset(f);
		for (i = 0; i < c->nsccrq_ev; i++)
			put_ev(f, &c->sccrq_ev[i]);
		put_ev(f, &c->sccrq_last);
		for (i = 0; i < c->nicmp_ev; i++)
			put_ev(f, &c->icmp_ev[i]);
		if (c->nsccrq > L2T_SCCRQ + 1)
			f->ev_more += c->nsccrq - L2T_SCCRQ - 1;
	}
}

/* The one connection of a pair that carries the pair's finding: the
 * first stalled attempt, else the newest connection. */
static struct entity *
pair_representative(struct engine *eng, int final, struct entity *e)
{
	struct entity *m[32], *best = NULL, *newest = e;
	size_t n = l2t_pair_members(e, m, 32), i;

	for (i = 0; i < n; i++) {
		struct l2t_ctl *x = l2t_ctl_of(m[i]);

		if (x == NULL)
			continue;
		if (m[i]->serial > newest->serial)
			newest = m[i];
		if (ctl_in_wait_reply(x) && (x->nsccrq >= 3 ||
		    waited(eng, final, x->sccrq_first.ts_ns)) &&
		    (best == NULL || m[i]->serial < best->serial))
			best = m[i];
	}
	return best != NULL ? best : newest;
}

static void
rule_endpoint_in_subnet(struct engine *eng, int final)
{
	struct l2tp_tracker *tr = tracker(eng);
	struct entity *e;

	for (e = track_dirty_first(eng->track); e != NULL;
	    e = track_dirty_next(e)) {
		struct l2t_ctl *c = l2t_ctl_of(e);
		struct ep_evidence epe;
		struct str64 ep, peer;
		struct finding *f, *sym;
		char text[FINDING_TEXT_MAX];
		struct textbuf tb;
		int stall, arp_err;
		unsigned i;

		if (c == NULL || !ep_facts(tr, c, &epe))
			continue;
		if (pair_representative(eng, final, e) != e)
			continue;	/* one finding per tunnel */
		stall = ctl_in_wait_reply(c) && (c->nsccrq >= 3 ||
		    waited(eng, final, c->sccrq_first.ts_ns));
		arp_err = epe.arp != NULL && (stall || epe.inside != NULL);
		if (!stall && !arp_err && !final)
			continue;	/* latent: judged at the end */
		if ((f = diag_upsert(eng, e, eng->now)) == NULL)
			continue;
		ep = addr_str(&epe.endpoint);
		peer = lcce(c, !epe.side);
		finding_set_severity(f, stall || arp_err ? SEV_ERROR :
		    SEV_WARNING);
		finding_set_title(f, "tunnel endpoint %s lies inside the "
		    "segment this tunnel extends (recursive routing%s)", ep.s,
		    stall || arp_err ? "" : ", latent");
		tb_init(&tb, text, sizeof(text));
		if (stall)
			tb_printf(&tb, "Control connection %s -> %s never left "
			    "wait-ctl-reply: %u SCCRQs, no SCCRP; the peer "
			    "address %s lies inside the segment that this "
			    "tunnel extends (recursive routing). ",
			    addr_str(&c->addr[0]).s, addr_str(&c->addr[1]).s,
			    c->nsccrq, ep.s);
		if (epe.inside != NULL) {
			const struct l2t_epfact *x = epe.inside;

			if (x->how & ~L2TI_IN_BLOCK) {
				static const struct {
					uint8_t bit;
					const char *s;
				} how[] = {
					{ L2TI_ARP_TPA, "ARP target" },
					{ L2TI_ARP_SPA, "ARP sender" },
					{ L2TI_NS_TARGET,
					    "Neighbor Solicitation target" },
					{ L2TI_IP_SRC, "IP source" },
					{ L2TI_IP_DST, "IP destination" },
				};
				unsigned k, n = 0;

				tb_printf(&tb, "%s appears inside the "
				    "pseudowire of %s as ", ep.s, x->sess_name);
				for (k = 0; k < 5; k++)
					if (x->how & how[k].bit)
						tb_printf(&tb, "%s%s", n++ ?
						    ", " : "", how[k].s);
				tb_printf(&tb, " (first at %s UTC). ",
				    hms(x->ev.ts_ns).s);
			}
			if ((x->how & L2TI_IN_BLOCK) && x->net.af == 6)
				tb_printf(&tb, "%s lies within %s/%u, the /64 "
				    "of IPv6 hosts seen inside the pseudowire "
				    "of %s: the bridged segment (first at %s "
				    "UTC). ", ep.s, addr_str(&x->net).s,
				    x->plen, x->block_sess,
				    hms(x->block_ev.ts_ns).s);
			else if (x->how & L2TI_IN_BLOCK)
				tb_printf(&tb, "%s lies within %s/%u, the "
				    "smallest block holding the hosts that ARP "
				    "each other inside the pseudowire of %s: "
				    "the bridged segment (first at %s UTC). ",
				    ep.s, addr_str(&x->net).s, x->plen,
				    x->block_sess, hms(x->block_ev.ts_ns).s);
		}
		if (epe.arp != NULL) {
			const struct l2t_arp0 *a = epe.arp;
			struct str64 mac;
			struct textbuf mt;

			tb_init(&mt, mac.s, sizeof(mac.s));
			tb_mac(&mt, a->sha);
			tb_printf(&tb, "On the %s vantage, where this tunnel's "
			    "own packets do not pass, %s (MAC %s) %s %u "
			    "time%s for %s, from %s to %s UTC, as for an "
			    "on-link neighbour%s. ",
			    vantage_str(eng, a->vantage).s,
			    addr_str(&a->spa).s, mac.s, a->nd ? "sent "
			    "Neighbor Solicitations" : "ARPed", a->count,
			    a->count == 1 ? "" : "s", ep.s,
			    hms(a->first.ts_ns).s, hms(a->last.ts_ns).s,
			    a->answered ? "" : ", never answered");
		}
		tb_printf(&tb, "Mechanism: %s routes its %s traffic for the "
		    "peer %s into the bridge/tunnel because the peer's address "
		    "looks on-link, so the tunnel's own packets never reach "
		    "the peer over the underlay%s.", peer.s,
		    c->static_tunnel ? "tunnel" : "control", ep.s,
		    stall || arp_err ? "" : " (latent: it works only while a "
		    "more specific route to the peer wins, and breaks as soon "
		    "as the bridge gets an address in that subnet)");
		set_text(f, &tb);
		finding_set_remedy(f, "Keep the endpoint %s out of the "
		    "extended segment: give the bridge no address in that "
		    "subnet, or add a host route for %s/%u via the underlay "
		    "next hop on %s, or move the endpoint to a separate "
		    "transit segment (as the story's engineer finally did).",
		    ep.s, ep.s, epe.endpoint.af == 6 ? 128 : 32,
		    addr_str(&c->addr[!epe.side]).s);
		finding_evidence_reset(f);
		if (epe.arp != NULL) {
			for (i = 0; i < epe.arp->count && i < L2T_ARP_EV; i++)
				put_ev(f, &epe.arp->ev[i]);
			put_ev(f, &epe.arp->last);
			if (epe.arp->count > L2T_ARP_EV + 1)
				f->ev_more += epe.arp->count - L2T_ARP_EV - 1;
		}
		if (epe.inside != NULL) {
			if (epe.inside->how & ~L2TI_IN_BLOCK)
				put_ev(f, &epe.inside->ev);
			if (epe.inside->how & L2TI_IN_BLOCK)
				put_ev(f, &epe.inside->block_ev);
		}
		if (stall) {
			put_ev(f, &c->sccrq_first);
			put_ev(f, &c->sccrq_last);
		}
		if ((sym = finding_lookup(eng->findings,
		    "l2tp.ctl_reply_missing", e)) != NULL)
			finding_explains(eng->findings, f, sym);
	}
}

static void
rule_ctl_conn_missing(struct engine *eng, int final)
{
	struct entity *e;

	for (e = track_dirty_first(eng->track); e != NULL;
	    e = track_dirty_next(e)) {
		struct l2t_ctl *c = l2t_ctl_of(e);
		struct finding *f;
		char text[FINDING_TEXT_MAX];
		struct textbuf tb;
		unsigned i;

		if (c == NULL || !c->have_sccrp || c->have_scccn ||
		    c->have_stop || c->addr_mismatch > 0 ||
		    e->state[1] != L2C_WAIT_CTL_CONN ||
		    !waited(eng, final, c->sccrp_ev.ts_ns))
			continue;
		if ((f = diag_upsert(eng, e, eng->now)) == NULL)
			continue;
		finding_set_title(f, "control connection %s -> %s stuck in "
		    "wait-ctl-conn: SCCRP sent, no SCCCN",
		    addr_str(&c->addr[0]).s, addr_str(&c->addr[1]).s);
		tb_init(&tb, text, sizeof(text));
		tb_printf(&tb, "%s answered the SCCRQ with an SCCRP at %s UTC "
		    "(CCID %u", lcce(c, 1).s, hms(c->sccrp_ev.ts_ns).s,
		    c->s[1].ccid);
		if (c->s[1].retrans > 0)
			tb_printf(&tb, ", sent %llu times in all until %s UTC",
			    (unsigned long long)c->s[1].retrans + 1,
			    hms(c->s[1].last.ts_ns).s);
		tb_printf(&tb, "), but %s never sent the SCCCN.",
		    lcce(c, 0).s);
		if (c->reply_port_changed)
			tb_printf(&tb, " The SCCRP came from port %u, not the "
			    "port the SCCRQ went to (%u): a NAT or firewall "
			    "expecting replies from that port drops it.",
			    c->s[1].port, c->s[1].first_port);
		else if (c->s[0].frames > c->nsccrq + c->s[0].zlbs)
			tb_puts(&tb, " The initiator kept talking, so the "
			    "SCCRP reached it and was rejected without a "
			    "StopCCN (authentication, PW capabilities or a "
			    "bug).");
		else
			tb_puts(&tb, " Either the SCCRP did not reach the "
			    "initiator, or it rejected it silently.");
		set_text(f, &tb);
		finding_set_remedy(f, "Check that SCCRPs from %s reach %s "
		    "(filters, NAT, responder port changes) and compare "
		    "both sides' L2TPv3 settings (authentication secret, "
		    "host names, pseudowire type).", addr_str(&c->addr[1]).s,
		    addr_str(&c->addr[0]).s);
		finding_evidence_reset(f);
		put_ev(f, &c->sccrq_first);
		put_ev(f, &c->sccrp_ev);
		for (i = 0; i < c->s[1].nrt_ev; i++)
			put_ev(f, &c->s[1].rt_ev[i]);
	}
}

static int
hello_caused(const struct l2t_ctl *c)
{
	return c->hello_timeout || (c->have_stop && c->stop_after_hello &&
	    (c->stop_result == 7 || c->stop_result == 2 ||
	    c->stop_result == 6 || c->stop_result == 1));
}

static void
rule_stopccn(struct engine *eng, int final)
{
	struct entity *e;

	(void)final;
	for (e = track_dirty_first(eng->track); e != NULL;
	    e = track_dirty_next(e)) {
		struct l2t_ctl *c = l2t_ctl_of(e);
		struct finding *f;
		char text[FINDING_TEXT_MAX];
		struct textbuf tb;
		unsigned res;

		if (c == NULL || !c->have_stop || hello_caused(c) ||
		    c->tie_lost)	/* l2tp.tie_breaker explains it */
			continue;
		if ((f = diag_upsert(eng, e, c->stop_ev.ts_ns)) == NULL)
			continue;
		res = c->stop_result == L2TP_NONE16 ? 0 : c->stop_result;
		/* 1 (clear) and 6 (shutting down) are orderly */
		finding_set_severity(f, res == 1 || res == 6 ? SEV_INFO :
		    SEV_ERROR);
		finding_set_title(f, "StopCCN from %s: result %u (%s)",
		    lcce(c, c->stop_side).s, res, l2t_stopccn_result(res));
		tb_init(&tb, text, sizeof(text));
		tb_printf(&tb, "%s closed the control connection %s -> %s at "
		    "%s UTC with a StopCCN while in %s: result %u, %s",
		    lcce(c, c->stop_side).s, addr_str(&c->addr[0]).s,
		    addr_str(&c->addr[1]).s, hms(c->stop_ev.ts_ns).s,
		    l2tp_ctl_state_name(c->stop_state), res,
		    l2t_stopccn_result(res));
		if (c->stop_error != L2TP_NONE16 && c->stop_error != 0)
			tb_printf(&tb, "; error %u, %s", c->stop_error,
			    l2t_error_code(c->stop_error));
		if (c->stop_msg[0] != '\0')
			tb_printf(&tb, "; message \"%s\"", c->stop_msg);
		tb_printf(&tb, ". %u session%s went down with it.",
		    c->nsessions, c->nsessions == 1 ? "" : "s");
		set_text(f, &tb);
		if (res == 2 && c->stop_error == 8)
			finding_set_remedy(f, "The peer sent an AVP with the "
			    "M bit set that %s does not know: align the two "
			    "implementations' features (or software versions).",
			    lcce(c, c->stop_side).s);
		else if (res == 4)
			finding_set_remedy(f, "Check the authentication "
			    "settings (shared secret, host names) on both "
			    "LCCEs.");
		else if (res == 5)
			finding_set_remedy(f, "Both LCCEs must speak the same "
			    "L2TP version (L2TPv3).");
		else if (res == 3)
			finding_set_remedy(f, "Both sides opened a control "
			    "connection: make one side passive, or see "
			    "l2tp.tie_breaker.");
		else
			finding_set_remedy(f, "Read %s's log for why it closed "
			    "the connection; if it was not an operator's "
			    "action, look at the findings before %s UTC.",
			    lcce(c, c->stop_side).s, hms(c->stop_ev.ts_ns).s);
		finding_evidence_reset(f);
		put_ev(f, &c->stop_ev);
	}
}

static void
rule_hello_timeout(struct engine *eng, int final)
{
	struct entity *e;

	(void)final;
	for (e = track_dirty_first(eng->track); e != NULL;
	    e = track_dirty_next(e)) {
		struct l2t_ctl *c = l2t_ctl_of(e);
		struct finding *f;
		char text[FINDING_TEXT_MAX];
		struct textbuf tb;
		unsigned side;
		const struct l2t_side *s;

		if (c == NULL || !hello_caused(c))
			continue;
		side = c->hello_timeout ? c->hello_timeout_side : c->stop_side;
		s = &c->s[side];
		if ((f = diag_upsert(eng, e, c->have_stop ? c->stop_ev.ts_ns :
		    c->hello_timeout_ts)) == NULL)
			continue;
		finding_set_title(f, "Hellos from %s went unanswered: control "
		    "connection %s", lcce(c, side).s, c->have_stop ?
		    "closed by StopCCN" : c->hello_timeout == 2 ?
		    "dead (retransmissions unanswered)" : "dead (silence)");
		tb_init(&tb, text, sizeof(text));
		tb_printf(&tb, "%s sent %llu Hello%s", lcce(c, side).s,
		    (unsigned long long)s->hellos, s->hellos == 1 ? "" : "s");
		if (s->hello_gaps > 0)
			tb_printf(&tb, " (every %.0f s)",
			    secs(s->hello_gap_min));
		tb_printf(&tb, "; the one at %s UTC was never acknowledged by "
		    "%s", hms(s->hello_unacked_ev.ts_ns).s,
		    addr_str(&c->addr[!side]).s);
		if (s->hello_retrans > 0)
			tb_printf(&tb, " although retransmitted %llu time%s",
			    (unsigned long long)s->hello_retrans,
			    s->hello_retrans == 1 ? "" : "s");
		if (c->have_stop)
			tb_printf(&tb, ". %s then sent a StopCCN (result %u, "
			    "%s) at %s UTC: that StopCCN is this timeout's "
			    "symptom.", lcce(c, c->stop_side).s,
			    c->stop_result == L2TP_NONE16 ? 0 : c->stop_result,
			    l2t_stopccn_result(c->stop_result ==
			    L2TP_NONE16 ? 0 : c->stop_result),
			    hms(c->stop_ev.ts_ns).s);
		else if (c->hello_timeout == 2)
			tb_printf(&tb, ". The capture ends before the "
			    "retransmission schedule does, but nothing came back "
			    "through %llu retransmissions: the peer is gone "
			    "(inferred).", (unsigned long long)s->hello_retrans);
		else
			tb_printf(&tb, ". Nothing came back through the "
			    "retransmission schedule (at least %lld s, and %lld "
			    "s after the last retransmission; inferred timer) "
			    "and no StopCCN followed: the connection is dead.",
			    (long long)(L2T_HELLO_WAIT_NS / NS_PER_S),
			    (long long)(L2T_HELLO_RETRY_NS / NS_PER_S));
		tb_printf(&tb, " %s's last packet was at %s UTC.",
		    addr_str(&c->addr[!side]).s,
		    hms(c->s[!side].last.ts_ns).s);
		set_text(f, &tb);
		finding_set_remedy(f, "The path between %s and %s lost the "
		    "control channel (or %s died): check the underlay "
		    "between them (loss, routing change, MTU) and %s's "
		    "state at that time.", addr_str(&c->addr[0]).s,
		    addr_str(&c->addr[1]).s, addr_str(&c->addr[!side]).s,
		    addr_str(&c->addr[!side]).s);
		finding_evidence_reset(f);
		put_ev(f, &s->hello_unacked_ev);
		put_ev(f, &c->s[!side].last);
		if (c->have_stop)
			put_ev(f, &c->stop_ev);
	}
}

static void
rule_retransmissions(struct engine *eng, int final)
{
	struct entity *e;

	for (e = track_dirty_first(eng->track); e != NULL;
	    e = track_dirty_next(e)) {
		struct l2t_ctl *c = l2t_ctl_of(e);
		struct finding *f;
		char text[FINDING_TEXT_MAX];
		struct textbuf tb;
		uint64_t rt, bad;
		unsigned i, k;

		if (c == NULL || c->established_ts == 0 || !final)
			continue;
		rt = c->s[0].retrans + c->s[1].retrans;
		bad = c->s[0].retrans_acked + c->s[1].retrans_acked +
		    c->s[0].nr_beyond + c->s[1].nr_beyond +
		    c->s[0].rws_over + c->s[1].rws_over +
		    c->s[0].lost_between + c->s[1].lost_between;
		if (rt + c->s[0].dups + c->s[1].dups < RETRANS_MIN &&
		    bad == 0)
			continue;
		if ((hello_caused(c) || c->have_stop) && bad == 0)
			continue;	/* the teardown's finding explains them */
		if ((f = diag_upsert(eng, e, eng->now)) == NULL)
			continue;
		if (c->s[0].lost_between + c->s[1].lost_between > 0)
			finding_set_title(f, "control channel %s <-> %s: %llu "
			    "retransmission%s, %u message%s lost between "
			    "capture points", addr_str(&c->addr[0]).s,
			    addr_str(&c->addr[1]).s, (unsigned long long)rt,
			    rt == 1 ? "" : "s", c->s[0].lost_between +
			    c->s[1].lost_between, c->s[0].lost_between +
			    c->s[1].lost_between == 1 ? "" : "s");
		else
			finding_set_title(f, "control channel %s <-> %s: %llu "
			    "retransmission%s on a working tunnel",
			    addr_str(&c->addr[0]).s, addr_str(&c->addr[1]).s,
			    (unsigned long long)rt, rt == 1 ? "" : "s");
		tb_init(&tb, text, sizeof(text));
		for (i = 0, k = 0; i < 2; i++) {
			const struct l2t_side *s = &c->s[i];

			if (s->retrans == 0 && s->dups == 0 &&
			    s->nr_beyond == 0 && s->rws_over == 0 &&
			    s->lost_between == 0) {
				if (s->msgs > 0)
					tb_printf(&tb, "%s%s -> %s: none",
					    k++ ? ". " : "", lcce(c, i).s,
					    addr_str(&c->addr[!i]).s);
				continue;
			}
			tb_printf(&tb, "%s%s -> %s: %llu retransmission%s; "
			    "%u of its %llu reliable messages needed at least "
			    "one (%llu%%)", k++ ? ". " : "", lcce(c, i).s,
			    addr_str(&c->addr[!i]).s,
			    (unsigned long long)s->retrans,
			    s->retrans == 1 ? "" : "s", s->msgs_retried,
			    (unsigned long long)s->msgs,
			    (unsigned long long)(s->msgs ? s->msgs_retried *
			    100 / s->msgs : 0));
			if (s->retrans_acked)
				tb_printf(&tb, ", %llu of them after %s had "
				    "already acknowledged the message (first "
				    "%s)", (unsigned long long)s->retrans_acked,
				    addr_str(&c->addr[!i]).s,
				    evref_str(eng, &s->retrans_acked_ev).s);
			if (s->dups)
				tb_printf(&tb, ", %llu duplicate Ns",
				    (unsigned long long)s->dups);
			if (s->nr_beyond)
				tb_printf(&tb, ", %llu Nr beyond what was sent",
				    (unsigned long long)s->nr_beyond);
			if (s->lost_between) {
				tb_printf(&tb, ", %u message%s seen at one "
				    "capture point only, never at the other "
				    "(first %s): lost between the two",
				    s->lost_between, s->lost_between == 1 ?
				    "" : "s", evref_str(eng, &s->lost_ev).s);
			}
			if (s->rws_over)
				tb_printf(&tb, ", %llu window (RWS %u) overruns",
				    (unsigned long long)s->rws_over,
				    c->s[!i].rws ? c->s[!i].rws :
				    L2T_RWS_DEFAULT);
		}
		if (c->s[0].nrtt > 0)
			tb_printf(&tb, ". Control RTT %.3f-%.3f s",
			    secs(c->s[0].rtt_min), secs(c->s[0].rtt_max));
		if (c->s[0].retrans_acked + c->s[1].retrans_acked > 0)
			tb_puts(&tb, ". Retransmitting a message that was "
			    "already acknowledged is no loss: the sender does "
			    "not act on the acknowledgements it receives (ZLB, "
			    "ACK or Nr; RFC 3931 section 4.2 says to stop "
			    "retransmitting once acknowledged), an "
			    "implementation fault that ends in a needless "
			    "teardown.");
		else
			tb_puts(&tb, ". Every message was eventually "
			    "acknowledged, but each retransmission means a "
			    "message or its acknowledgement was lost or late "
			    "(RFC 3931 section 4.2); a few more in a row and "
			    "the tunnel is torn down.");
		set_text(f, &tb);
		if (c->s[0].retrans_acked + c->s[1].retrans_acked > 0) {
			i = c->s[0].retrans_acked >= c->s[1].retrans_acked ?
			    0 : 1;
			finding_set_title(f, "control channel %s <-> %s: %s "
			    "retransmits messages already acknowledged",
			    addr_str(&c->addr[0]).s, addr_str(&c->addr[1]).s,
			    addr_str(&c->addr[i]).s);
			finding_set_remedy(f, "The underlay is not at fault: "
			    "fix or upgrade the L2TP implementation of %s so "
			    "that it honours acknowledgements (ZLB, explicit "
			    "ACK, Nr).", addr_str(&c->addr[i]).s);
		} else
			finding_set_remedy(f, "Look for loss on the underlay "
			    "between %s and %s (interface errors, congestion, "
			    "policers, a flapping link).",
			    addr_str(&c->addr[0]).s,
			    addr_str(&c->addr[1]).s);
		finding_evidence_reset(f);
		for (i = 0; i < 2; i++)
			for (k = 0; k < c->s[i].nrt_ev; k++)
				put_ev(f, &c->s[i].rt_ev[k]);
	}
}

/* Two connections crossing: each side's SCCRQ to the other. */
static void
rule_tie_breaker(struct engine *eng, int final)
{
	struct entity *e;

	(void)final;
	for (e = track_dirty_first(eng->track); e != NULL;
	    e = track_dirty_next(e)) {
		struct l2t_ctl *c = l2t_ctl_of(e), *o = NULL, *lose, *win;
		struct finding *f;
		char text[FINDING_TEXT_MAX];
		struct textbuf tb;
		unsigned i;
		int cmp;

		if (c == NULL || !c->initiator_known || c->nsccrq == 0)
			continue;
		for (i = 0; i < e->nrelated; i++) {
			struct l2t_ctl *x = l2t_ctl_of(e->related[i]);

			if (x != NULL && x->initiator_known && x->nsccrq > 0 &&
			    l2t_addr_eq(&x->addr[0], &c->addr[1]) &&
			    x->sccrq_first.ts_ns <= (c->closed_ts ?
			    c->closed_ts : eng->now) &&
			    c->sccrq_first.ts_ns <= (x->closed_ts ?
			    x->closed_ts : eng->now))
				o = x;
		}
		/* the two SCCRQs met: one of them got an answer */
		if (o == NULL || (!c->have_sccrp && !o->have_sccrp &&
		    !c->have_stop && !o->have_stop))
			continue;
		if (c->s[0].have_tie && o->s[0].have_tie)
			cmp = memcmp(c->s[0].tie, o->s[0].tie, 8);
		else
			cmp = c->have_sccrp ? -1 : 1;
		/* RFC 3931 section 5.4.3: the lower Tie Breaker value wins */
		win = cmp <= 0 ? c : o;
		lose = win == c ? o : c;
		if (lose != c)
			continue;	/* one finding, on the loser */
		if ((f = diag_upsert(eng, e, c->sccrq_first.ts_ns)) == NULL)
			continue;
		finding_set_severity(f, win->established_ts != 0 ? SEV_INFO :
		    SEV_WARNING);
		finding_set_title(f, "crossing SCCRQs between %s and %s: "
		    "CCID %u from %s lost the tie breaker",
		    addr_str(&c->addr[0]).s, addr_str(&c->addr[1]).s,
		    c->s[0].ccid, addr_str(&c->addr[0]).s);
		tb_init(&tb, text, sizeof(text));
		tb_printf(&tb, "Both LCCEs opened a control connection at "
		    "once: %s (CCID %u, SCCRQ at %s UTC) and %s (CCID %u, "
		    "SCCRQ at %s UTC).", lcce(c, 0).s, c->s[0].ccid,
		    hms(c->sccrq_first.ts_ns).s, lcce(o, 0).s, o->s[0].ccid,
		    hms(o->sccrq_first.ts_ns).s);
		if (c->s[0].have_tie && o->s[0].have_tie)
			tb_printf(&tb, " Tie Breakers: %02x%02x%02x%02x%02x%02x"
			    "%02x%02x vs %02x%02x%02x%02x%02x%02x%02x%02x; the "
			    "lower value wins (RFC 3931 section 5.4.3).",
			    c->s[0].tie[0], c->s[0].tie[1], c->s[0].tie[2],
			    c->s[0].tie[3], c->s[0].tie[4], c->s[0].tie[5],
			    c->s[0].tie[6], c->s[0].tie[7], o->s[0].tie[0],
			    o->s[0].tie[1], o->s[0].tie[2], o->s[0].tie[3],
			    o->s[0].tie[4], o->s[0].tie[5], o->s[0].tie[6],
			    o->s[0].tie[7]);
		tb_printf(&tb, " The connection from %s is %s; the one from "
		    "%s is %s.", addr_str(&win->addr[0]).s,
		    win->established_ts ? "the one that came up" :
		    "kept", addr_str(&lose->addr[0]).s, lose->have_stop ?
		    "closed by StopCCN" : "abandoned");
		set_text(f, &tb);
		finding_set_remedy(f, "Normal when both ends are always-on; if "
		    "it repeats, make one side passive so only one opens the "
		    "control connection.");
		finding_evidence_reset(f);
		put_ev(f, &c->sccrq_first);
		put_ev(f, &o->sccrq_first);
		if (lose->have_stop)
			put_ev(f, &lose->stop_ev);
	}
}

static void
rule_address_mismatch(struct engine *eng, int final)
{
	struct entity *e;

	(void)final;
	for (e = track_dirty_first(eng->track); e != NULL;
	    e = track_dirty_next(e)) {
		struct l2t_ctl *c = l2t_ctl_of(e);
		struct finding *f;
		unsigned i, up;

		/* a new source port alone is legal (RFC 3931 section
		 * 4.1.2.2) and only recorded */
		if (c == NULL || c->addr_mismatch == 0 ||
		    c->naddr_mismatch_ev == 0)	/* out of memory */
			continue;
		up = e->state[0] == L2C_ESTABLISHED;
		if ((f = diag_upsert(eng, e, c->addr_mismatch_ev[0].ts_ns)) ==
		    NULL)
			continue;
		finding_set_severity(f, up ? SEV_WARNING : SEV_ERROR);
		finding_set_title(f, "replies for CCID %u come from %s, not "
		    "from %s", c->s[0].ccid, addr_str(&c->other_addr).s,
		    addr_str(&c->addr[1]).s);
		finding_set_text(f, "%s sent its SCCRQs (%u) to %s, but %u "
		    "replies for its CCID %u came from %s, first at %s UTC "
		    "(another interface of the peer, or NAT). %s",
		    lcce(c, 0).s, c->nsccrq, addr_str(&c->addr[1]).s,
		    c->addr_mismatch, c->s[0].ccid,
		    addr_str(&c->other_addr).s,
		    hms(c->addr_mismatch_ev[0].ts_ns).s, up ?
		    "The initiator accepted them." : "The initiator ignores "
		    "replies from an address it did not call: it never sent "
		    "the SCCCN and the connection never came up.");
		finding_set_remedy(f, "Make the responder answer from the "
		    "address it was called on (bind L2TP to that address or "
		    "set its local tunnel address), or configure the "
		    "initiator to call %s.", addr_str(&c->other_addr).s);
		finding_evidence_reset(f);
		for (i = 0; i < c->nsccrq_ev; i++)
			put_ev(f, &c->sccrq_ev[i]);
		for (i = 0; i < c->naddr_mismatch_ev; i++)
			put_ev(f, &c->addr_mismatch_ev[i]);
	}
}

static void
rule_icmp_unreachable(struct engine *eng, int final)
{
	struct entity *e;

	(void)final;
	for (e = track_dirty_first(eng->track); e != NULL;
	    e = track_dirty_next(e)) {
		struct l2t_ctl *c = l2t_ctl_of(e);
		struct finding *f, *sym;
		const char *what;
		unsigned i;

		if (c == NULL || c->nicmp == 0 || c->nicmp_ev == 0)
			continue;
		if ((f = diag_upsert(eng, e, c->icmp_ev[0].ts_ns)) == NULL)
			continue;
		if (!c->icmp_v6)
			what = c->icmp_type != 3 ? "an ICMP error" :
			    c->icmp_code == 3 ? "port unreachable" :
			    c->icmp_code == 1 ? "host unreachable" :
			    c->icmp_code == 0 ? "network unreachable" :
			    c->icmp_code == 2 ? "protocol unreachable" :
			    c->icmp_code == 13 ?
			    "communication administratively prohibited" :
			    "destination unreachable";
		else
			what = c->icmp_type != 1 ? "an ICMPv6 error" :
			    c->icmp_code == 4 ? "port unreachable" :
			    c->icmp_code == 1 ?
			    "communication administratively prohibited" :
			    c->icmp_code == 3 ? "address unreachable" :
			    "destination unreachable";
		/* the peer or the path refuses the tunnel: an outage */
		finding_set_severity(f, SEV_ERROR);
		finding_set_title(f, "ICMP %s for L2TP between %s and %s",
		    what, addr_str(&c->addr[0]).s, addr_str(&c->addr[1]).s);
		finding_set_text(f, "%s sent %u ICMP%s error%s (type %u code "
		    "%u, %s) quoting L2TP datagrams of this connection, "
		    "first at %s UTC. %s", addr_str(&c->icmp_from).s, c->nicmp,
		    c->icmp_v6 ? "v6" : "", c->nicmp == 1 ? "" : "s",
		    c->icmp_type, c->icmp_code, what,
		    hms(c->icmp_ev[0].ts_ns).s, strcmp(what,
		    "port unreachable") == 0 ? "Nothing listens for L2TP at "
		    "the destination: L2TPv3 is not enabled there, or on "
		    "another port or transport." : "The path or the peer "
		    "refuses the tunnel's packets.");
		if (ctl_in_wait_reply(c) && c->nsccrq > 0) {
			char t[FINDING_TEXT_MAX];
			struct textbuf tb;
			unsigned cycles;

			tb_init(&tb, t, sizeof(t));
			tb_printf(&tb, "%s Meanwhile %s sent %u SCCRQ%s (CCID "
			    "%u) from %s to %s UTC", f->explanation,
			    lcce(c, 0).s, c->nsccrq, c->nsccrq == 1 ? "" :
			    "s", c->s[0].ccid, hms(c->sccrq_first.ts_ns).s,
			    hms(c->sccrq_last.ts_ns).s);
			crm_schedule(&tb, c, &cycles);
			tb_puts(&tb, ", never answered otherwise: the ICMP is "
			    "why (not l2tp.ctl_reply_missing).");
			set_text(f, &tb);
		}
		finding_set_remedy(f, "Enable L2TPv3 on the peer with the same "
		    "transport (UDP 1701 or IP protocol 115), or remove the "
		    "filter/route that %s reports.",
		    addr_str(&c->icmp_from).s);
		finding_evidence_reset(f);
		for (i = 0; i < c->nicmp_ev; i++)
			put_ev(f, &c->icmp_ev[i]);
		for (i = 0; i < c->nsccrq_ev; i++)
			put_ev(f, &c->sccrq_ev[i]);
		if ((sym = finding_lookup(eng->findings,
		    "l2tp.ctl_reply_missing", e)) != NULL &&
		    finding_lookup(eng->findings,
		    "l2tp.endpoint_in_tunneled_subnet", e) == NULL)
			finding_explains(eng->findings, f, sym);
	}
}

static void
rule_mtu(struct engine *eng, int final)
{
	struct entity *e;

	(void)final;
	for (e = track_dirty_first(eng->track); e != NULL;
	    e = track_dirty_next(e)) {
		struct l2t_ctl *c = l2t_ctl_of(e);
		struct finding *f;
		char text[FINDING_TEXT_MAX];
		struct textbuf tb;
		unsigned n = 0;

		/* an MSS that does not fit is a risk only; with fragments or
		 * frag-needed errors it explains them */
		if (c == NULL || (c->nfrags == 0 && c->nicmp_frag == 0))
			continue;
		if ((f = diag_upsert(eng, e, c->nfrags || c->nicmp_frag ?
		    c->frag_ev.ts_ns : c->mss_ev[0].ts_ns)) == NULL)
			continue;
		finding_set_title(f, "tunnel %s <-> %s: packets too big for "
		    "the path", addr_str(&c->addr[0]).s,
		    addr_str(&c->addr[1]).s);
		tb_init(&tb, text, sizeof(text));
		if (c->nfrags > 0)
			tb_printf(&tb, "%u%s L2TP datagram%s went out in %u IP "
			    "fragments (first at %s UTC): each costs reassembly "
			    "at the peer and is lost whole when one piece is "
			    "lost. ", c->frag_datagrams, "",
			    c->frag_datagrams == 1 ? "" : "s", c->nfrags,
			    hms(c->frag_ev.ts_ns).s), n++;
		if (c->nicmp_frag > 0)
			tb_printf(&tb, "%u ICMP fragmentation-needed / "
			    "packet-too-big error%s quote L2TP packets (path "
			    "MTU %u): those frames were dropped. ",
			    c->nicmp_frag, c->nicmp_frag == 1 ? "" : "s",
			    c->icmp_mtu), n++;
		if (c->mss_bad > 0)
			tb_printf(&tb, "%u inner TCP SYN%s announce MSS %u, but "
			    "only %u fits a 1500-byte underlay after the "
			    "tunnel's overhead.", c->mss_bad, c->mss_bad == 1 ?
			    "" : "s", c->mss_max, c->mss_fit);
		(void)n;
		set_text(f, &tb);
		finding_set_remedy(f, "Clamp the inner TCP MSS (e.g. to %u) "
		    "or lower the MTU of the bridged/tunnelled interfaces by "
		    "the encapsulation overhead, or raise the underlay MTU.",
		    c->mss_fit ? c->mss_fit : 1410);
		finding_evidence_reset(f);
		if (c->nfrags || c->nicmp_frag)
			put_ev(f, &c->frag_ev);
		put_ev(f, &c->mss_ev[0]);
		put_ev(f, &c->mss_ev[1]);
	}
}

static void
rule_capture_one_sided(struct engine *eng, int final)
{
	struct entity *e;

	if (!final)
		return;
	for (e = track_dirty_first(eng->track); e != NULL;
	    e = track_dirty_next(e)) {
		struct l2t_ctl *c = l2t_ctl_of(e);
		struct finding *f;
		unsigned seen;

		if (c == NULL || c->static_tunnel ||
		    (c->s[0].frames > 0) == (c->s[1].frames > 0))
			continue;
		seen = c->s[0].frames > 0 ? 0 : 1;
		/* the seen side acknowledges messages nobody captured */
		if (c->s[seen].nr == 0)
			continue;
		if ((f = diag_upsert(eng, e, eng->now)) == NULL)
			continue;
		finding_set_title(f, "only %s's side of the control connection "
		    "%s <-> %s was captured", addr_str(&c->addr[seen]).s,
		    addr_str(&c->addr[0]).s, addr_str(&c->addr[1]).s);
		finding_set_text(f, "%llu control frames from %s, none from "
		    "%s, yet %s acknowledges messages up to Ns %u from it: "
		    "the other direction passes where this capture does not "
		    "look (asymmetric routing, or a span of one direction).",
		    (unsigned long long)c->s[seen].frames,
		    addr_str(&c->addr[seen]).s, addr_str(&c->addr[!seen]).s,
		    addr_str(&c->addr[seen]).s,
		    (unsigned)(uint16_t)(c->s[seen].nr - 1));
		finding_set_remedy(f, "Capture both directions (span both "
		    "ports or the peer's side) before judging this tunnel.");
		finding_evidence_reset(f);
		put_ev(f, &c->s[seen].first);
	}
}

static void
rule_capture_truncated(struct engine *eng, int final)
{
	struct l2tp_tracker *tr = tracker(eng);
	struct finding *f;

	if (!final || tr->truncated_frames == 0)
		return;
	if ((f = diag_upsert(eng, NULL, tr->truncated_first.ts_ns)) == NULL)
		return;
	finding_set_title(f, "%llu frames were cut short by the capture",
	    (unsigned long long)tr->truncated_frames);
	finding_set_text(f, "The capture's snapshot length kept only the "
	    "start of %llu frames: their upper layers (AVPs, inner frames) "
	    "are incomplete, so findings may miss what they held.",
	    (unsigned long long)tr->truncated_frames);
	finding_set_remedy(f, "Capture with a snapshot length of 0 (whole "
	    "frames): tcpdump -s 0.");
	finding_evidence_reset(f);
	put_ev(f, &tr->truncated_first);
}

/* Sessions. */

static struct str64
sess_side_str(const struct l2t_sess *s, unsigned ss)
{
	const struct l2t_ctl *c = l2t_ctl_of(s->e->parent);

	if (c == NULL) {
		struct str64 r;

		snprintf(r.s, sizeof(r.s), "side %u", ss);
		return r;
	}
	return lcce(c, ss == 0 ? s->cside0 : !s->cside0);
}

static void
rule_session_reply_missing(struct engine *eng, int final)
{
	struct entity *e;

	for (e = track_dirty_first(eng->track); e != NULL;
	    e = track_dirty_next(e)) {
		struct l2t_sess *s = l2t_sess_of(e);
		struct finding *f;

		if (s == NULL || s->static_sess || s->s[1].sid != UINT32_MAX ||
		    s->have_cdn || s->xrq_ev.ts_ns == 0 ||
		    !waited(eng, final, s->xrq_ev.ts_ns))
			continue;
		if ((f = diag_upsert(eng, e, eng->now)) == NULL)
			continue;
		finding_set_title(f, "session %u: %s got no reply",
		    s->s[0].sid, s->role == L2R_OCRQ_SENDER ? "OCRQ" : "ICRQ");
		finding_set_text(f, "%s asked for session %u (%s at %s UTC) "
		    "but %s never answered with %s or CDN.",
		    sess_side_str(s, 0).s, s->s[0].sid, s->role ==
		    L2R_OCRQ_SENDER ? "OCRQ" : "ICRQ", hms(s->xrq_ev.ts_ns).s,
		    sess_side_str(s, 1).s, s->role == L2R_OCRQ_SENDER ?
		    "OCRP" : "ICRP");
		finding_set_remedy(f, "Check the pseudowire configuration on "
		    "%s (PW type, remote end ID \"%s\") and its log.",
		    sess_side_str(s, 1).s, s->remote_end);
		finding_evidence_reset(f);
		put_ev(f, &s->xrq_ev);
	}
}

static void
rule_cdn(struct engine *eng, int final)
{
	struct entity *e;

	(void)final;
	for (e = track_dirty_first(eng->track); e != NULL;
	    e = track_dirty_next(e)) {
		struct l2t_sess *s = l2t_sess_of(e);
		struct finding *f;
		char text[FINDING_TEXT_MAX];
		struct textbuf tb;
		unsigned res;

		if (s == NULL || !s->have_cdn)
			continue;
		if ((f = diag_upsert(eng, e, s->cdn_ev.ts_ns)) == NULL)
			continue;
		res = s->cdn_result == L2TP_NONE16 ? 0 : s->cdn_result;
		/* 3 (administrative) is orderly */
		finding_set_severity(f, res == 3 ? SEV_INFO : SEV_ERROR);
		finding_set_title(f, "session %u/%u disconnected by %s: result "
		    "%u (%s)", s->s[0].sid, s->s[1].sid == UINT32_MAX ? 0 :
		    s->s[1].sid, sess_side_str(s, s->cdn_side).s, res,
		    l2t_cdn_result(res));
		tb_init(&tb, text, sizeof(text));
		tb_printf(&tb, "%s sent a CDN at %s UTC %s: result %u, %s",
		    sess_side_str(s, s->cdn_side).s, hms(s->cdn_ev.ts_ns).s,
		    !s->setup_seen ? "for a session whose set-up was not "
		    "captured" : s->established_ts ?
		    "on an established session" :
		    "before the session was established", res,
		    l2t_cdn_result(res));
		if (s->cdn_error != L2TP_NONE16 && s->cdn_error != 0)
			tb_printf(&tb, "; error %u, %s", s->cdn_error,
			    l2t_error_code(s->cdn_error));
		if (s->cdn_msg[0] != '\0')
			tb_printf(&tb, "; message \"%s\"", s->cdn_msg);
		tb_puts(&tb, ".");
		set_text(f, &tb);
		finding_set_remedy(f, "%s", res == 14 ? "Use the same pseudowire "
		    "type on both ends." : res == 3 ? "An operator or a "
		    "configuration change cleared the session on that LCCE." :
		    "Read the disconnecting LCCE's log for the reason.");
		finding_evidence_reset(f);
		put_ev(f, &s->cdn_ev);
	}
}

static void
rule_data_mismatch(struct engine *eng, int final, int cookie)
{
	struct entity *e;

	(void)final;
	for (e = track_dirty_first(eng->track); e != NULL;
	    e = track_dirty_next(e)) {
		struct l2t_sess *s = l2t_sess_of(e);
		struct finding *f;
		unsigned ss;

		if (s == NULL)
			continue;
		for (ss = 0; ss < 2; ss++) {
			const struct l2t_sside *d = &s->s[ss];
			const struct l2t_rare *x = l2t_rare(d);
			char want[24], got[24];
			struct textbuf tw, tg;

			if ((cookie ? d->cookie_bad : d->l2ss_bad) == 0)
				continue;
			if ((f = diag_upsert(eng, e, cookie ?
			    x->cookie_bad_ev.ts_ns : x->l2ss_bad_ev.ts_ns)) ==
			    NULL)
				break;
			tb_init(&tw, want, sizeof(want));
			tb_init(&tg, got, sizeof(got));
			tb_hex(&tw, d->cookie, d->cookie_len);
			tb_hex(&tg, x->bad_cookie, x->bad_cookie_len);
			if (cookie) {
				finding_set_title(f, "session %u: data to %s "
				    "carries the wrong cookie", d->sid,
				    sess_side_str(s, ss).s);
				finding_set_text(f, "%s asked for cookie %s "
				    "(Assigned Cookie AVP) in its %s, but %llu "
				    "of %llu data packets sent to it with "
				    "session ID %u carry %s. RFC 3931 section 4.1 makes "
				    "the receiver discard them: the pseudowire "
				    "is dead in that direction.",
				    sess_side_str(s, ss).s, want, ss == 0 ?
				    "request" : "reply",
				    (unsigned long long)d->cookie_bad,
				    (unsigned long long)d->rx_pkts, d->sid,
				    got);
				finding_set_remedy(f, "Configure matching cookies: "
				    "%s's local cookie must equal %s's remote "
				    "cookie.", sess_side_str(s, ss).s,
				    sess_side_str(s, !ss).s);
				finding_evidence_reset(f);
				put_ev(f, &x->cookie_bad_ev);
			} else {
				finding_set_title(f, "session %u: L2-Specific "
				    "Sublayer of data to %s differs from what "
				    "it asked for", d->sid,
				    sess_side_str(s, ss).s);
				finding_set_text(f, "%s asked for %s L2-Specific "
				    "Sublayer, but %llu of %llu data packets "
				    "sent to it read as Ethernet only %s one. "
				    "The receiver misreads every frame.",
				    sess_side_str(s, ss).s, d->l2ss ?
				    "the default" : "no",
				    (unsigned long long)d->l2ss_bad,
				    (unsigned long long)d->rx_pkts, d->l2ss ?
				    "without" : "with");
				finding_set_remedy(f, "Use the same L2-Specific "
				    "Sublayer setting on both ends (e.g. Linux "
				    "`ip l2tp add session ... l2spec_type`).");
				finding_evidence_reset(f);
				put_ev(f, &x->l2ss_bad_ev);
			}
			break;
		}
	}
}

static void
rule_cookie_mismatch(struct engine *eng, int final)
{
	rule_data_mismatch(eng, final, 1);
}

static void
rule_l2ss_mismatch(struct engine *eng, int final)
{
	rule_data_mismatch(eng, final, 0);
}

static void
rule_unknown_session(struct engine *eng, int final)
{
	struct entity *e;

	(void)final;
	for (e = track_dirty_first(eng->track); e != NULL;
	    e = track_dirty_next(e)) {
		struct l2t_ctl *c = l2t_ctl_of(e);
		struct l2t_sess *s = l2t_sess_of(e);
		struct finding *f;

		if (c != NULL && c->unknown_data > 0) {
			if ((f = diag_upsert(eng, e, c->unknown_ev.ts_ns)) ==
			    NULL)
				continue;
			finding_set_title(f, "data for session %u, never "
			    "negotiated on %s <-> %s", c->unknown_sid,
			    addr_str(&c->addr[0]).s, addr_str(&c->addr[1]).s);
			finding_set_text(f, "%llu data packets between the two "
			    "LCCEs carry session IDs (first %u at %s UTC) that "
			    "no ICRQ/ICRP/OCRQ/OCRP of this captured control "
			    "connection assigned. The receiver drops them.",
			    (unsigned long long)c->unknown_data,
			    c->unknown_sid, hms(c->unknown_ev.ts_ns).s);
			finding_set_remedy(f, "A stale static session or a peer "
			    "that kept sending after the session was cleared: "
			    "compare the session IDs configured on both ends.");
			finding_evidence_reset(f);
			put_ev(f, &c->unknown_ev);
		} else if (s != NULL && (s->s[0].early || s->s[1].early)) {
			unsigned ss = s->s[0].early ? 0 : 1;

			if ((f = diag_upsert(eng, e,
			    l2t_rare(&s->s[ss])->early_ev.ts_ns)) == NULL)
				continue;
			finding_set_title(f, "session %u: data before the "
			    "session was established", s->s[ss].sid);
			finding_set_text(f, "%llu data packets were sent to %s "
			    "while the session was not yet (or no longer) "
			    "established on both sides; they are dropped.",
			    (unsigned long long)(s->s[0].early +
			    s->s[1].early), sess_side_str(s, ss).s);
			finding_set_remedy(f, "Usually harmless at set-up; if "
			    "it persists, the two LCCEs disagree about the "
			    "session state.");
			finding_evidence_reset(f);
			put_ev(f, &l2t_rare(&s->s[ss])->early_ev);
		}
	}
}

static void
rule_circuit_down(struct engine *eng, int final)
{
	struct entity *e;

	(void)final;
	for (e = track_dirty_first(eng->track); e != NULL;
	    e = track_dirty_next(e)) {
		struct l2t_sess *s = l2t_sess_of(e);
		const struct evref *down;
		struct finding *f;
		unsigned ss;

		if (s == NULL)
			continue;
		for (ss = 0; ss < 2; ss++)
			if (s->s[ss].circuit_down)
				break;
		if (ss == 2)
			continue;
		down = &l2t_rare(&s->s[ss])->circuit_down_ev;
		if ((f = diag_upsert(eng, e, down->ts_ns)) == NULL)
			continue;
		finding_set_title(f, "session %u: %s reports its circuit down",
		    s->s[ss].sid, sess_side_str(s, ss).s);
		finding_set_text(f, "%s sent Circuit Status 0x%04x (not "
		    "active) at %s UTC; data sent to it since: %llu packets, "
		    "data it sent: %llu packets. Frames for a down attachment "
		    "circuit are dropped.", sess_side_str(s, ss).s,
		    s->s[ss].circuit, hms(down->ts_ns).s,
		    (unsigned long long)s->s[ss].rx_pkts,
		    (unsigned long long)s->s[!ss].rx_pkts);
		finding_set_remedy(f, "Bring up the attachment circuit "
		    "(the bridged LAN port / VLAN) on %s.",
		    sess_side_str(s, ss).s);
		finding_evidence_reset(f);
		put_ev(f, down);
	}
}

static void
rule_one_way_data(struct engine *eng, int final)
{
	struct entity *e;

	if (!final)
		return;
	for (e = track_dirty_first(eng->track); e != NULL;
	    e = track_dirty_next(e)) {
		struct l2t_sess *s = l2t_sess_of(e);
		struct finding *f;
		unsigned to;

		if (s == NULL)
			continue;
		if (e->parent != NULL && l2t_ctl_of(e->parent) != NULL &&
		    hello_caused(l2t_ctl_of(e->parent)))
			continue;	/* the hello timeout explains it */
		if (s->s[0].circuit_down || s->s[1].circuit_down)
			continue;	/* l2tp.circuit_down explains it */
		if (s->s[0].rx_pkts >= ONE_WAY_MIN && s->s[1].rx_pkts == 0)
			to = 0;
		else if (s->s[1].rx_pkts >= ONE_WAY_MIN &&
		    s->s[0].rx_pkts == 0)
			to = 1;
		else
			continue;
		if ((f = diag_upsert(eng, e, eng->now)) == NULL)
			continue;
		finding_set_title(f, "session %u/%u: data in one direction "
		    "only", s->s[0].sid, s->s[1].sid == UINT32_MAX ? 0 :
		    s->s[1].sid);
		finding_set_text(f, "%llu data packets went to %s, none came "
		    "back from it (session ID %u). Either the far side does "
		    "not forward (circuit down, cookie/L2SS mismatch at its "
		    "end, filter) or the return path is not in this capture.",
		    (unsigned long long)s->s[to].rx_pkts,
		    sess_side_str(s, to).s, s->s[to].sid);
		finding_set_remedy(f, "Check the attachment circuit and "
		    "pseudowire settings on %s; capture the other direction "
		    "if the return path differs.", sess_side_str(s, to).s);
		finding_evidence_reset(f);
		put_ev(f, &s->s[to].rx_first_ev);
	}
}

static const struct rule l2tp_rules[] = {
	{ "l2tp.ctl_reply_missing", SEV_ERROR, rule_ctl_reply_missing,
	  "SCCRQ (re)sent, no SCCRP/ACK: initiator stuck in wait-ctl-reply" },
	{ "l2tp.endpoint_in_tunneled_subnet", SEV_WARNING,
	  rule_endpoint_in_subnet,
	  "a tunnel endpoint lies inside the segment its pseudowire "
	  "carries (error with a stall or an ARP for the peer endpoint)" },
	{ "l2tp.ctl_conn_missing", SEV_ERROR, rule_ctl_conn_missing,
	  "SCCRP sent, no SCCCN: responder stuck in wait-ctl-conn" },
	{ "l2tp.stopccn", SEV_ERROR, rule_stopccn,
	  "StopCCN with result/error explained, sender and state" },
	{ "l2tp.hello_timeout", SEV_ERROR, rule_hello_timeout,
	  "Hello unacknowledged through the retry schedule, then StopCCN "
	  "or silence" },
	{ "l2tp.retransmissions", SEV_WARNING, rule_retransmissions,
	  "control-channel retransmissions, duplicates, Nr or window "
	  "errors on a working tunnel" },
	{ "l2tp.tie_breaker", SEV_WARNING, rule_tie_breaker,
	  "crossing SCCRQs: which connection lost" },
	{ "l2tp.address_mismatch", SEV_ERROR, rule_address_mismatch,
	  "replies from another address than the one called (NAT, multihoming)" },
	{ "l2tp.icmp_unreachable", SEV_ERROR, rule_icmp_unreachable,
	  "ICMP errors quoting L2TP packets" },
	{ "l2tp.mtu", SEV_WARNING, rule_mtu,
	  "fragmented L2TP packets, ICMP frag-needed/packet-too-big" },
	{ "l2tp.session_reply_missing", SEV_ERROR,
	  rule_session_reply_missing, "ICRQ/OCRQ without reply" },
	{ "l2tp.cdn", SEV_ERROR, rule_cdn, "CDN with result/error explained" },
	{ "l2tp.cookie_mismatch", SEV_ERROR, rule_cookie_mismatch,
	  "data cookie differs from the Assigned Cookie the receiver "
	  "asked for" },
	{ "l2tp.l2ss_mismatch", SEV_ERROR, rule_l2ss_mismatch,
	  "L2-Specific Sublayer presence differs from what was "
	  "negotiated" },
	{ "l2tp.unknown_session", SEV_WARNING, rule_unknown_session,
	  "data for a session never negotiated, or before it was "
	  "established" },
	{ "l2tp.circuit_down", SEV_WARNING, rule_circuit_down,
	  "Circuit Status not active" },
	{ "l2tp.one_way_data", SEV_WARNING, rule_one_way_data,
	  "data in one direction only" },
	{ "capture.one_sided", SEV_INFO, rule_capture_one_sided,
	  "only one direction of a control connection was captured" },
	{ "capture.truncated", SEV_INFO, rule_capture_truncated,
	  "frames cut short by the snapshot length" },
};

int
l2t_rules_register(struct engine *eng)
{
	return diag_register(eng, l2tp_rules,
	    sizeof(l2tp_rules) / sizeof(l2tp_rules[0]));
}
