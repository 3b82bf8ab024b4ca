/* benchgen.c - a large, deterministic L2TPv3 + BGP capture for the
 * benchmark (issue #10; RFC 3931 control and data plane, RFC 4271 BGP).
 *
 * Default: ~3 M Ethernet frames over ~10 minutes seen from the link of 16
 * local LCCEs, 1,000 control connections to 1,000 remote LCCEs; 60 % over
 * UDP, 40 % over IP protocol 115; ~10 % IPv6 outer; ~1/3 VLAN-tagged.
 * Per control connection: SCCRQ/SCCRP/SCCCN, four pipelined ICRQs before
 * their ICRPs, ICCNs, Hellos with ZLB ACKs, correct Ns/Nr; 10 % are torn
 * down (CDNs, StopCCN) and re-established.  Sessions carry inner Ethernet
 * (some VLAN-tagged) with TCP, UDP, ICMP and ARP; session 0 of every
 * connection carries an eBGP session whose table dump spans segments,
 * with retransmissions and reordering; a few iBGP sessions run on the
 * outer link.
 *
 * Every frame comes from one actor (a control connection, a session's
 * data, a BGP session) popped off a time-ordered heap, so timestamps are
 * monotonic and the same seed writes the same bytes.  Built from the
 * scenario generator's frame builders (captures/gen/gen.h, l2tp_build.h).
 *
 * usage: benchgen [-n frames] [-t tunnels] [-r remotes] [-c cookie]
 *                 [-l none|default|mix] [-s seed] [-d seconds] -o file
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gen.h"
#include "l2tp_build.h"

#define NLOCAL		16
#define NSESS		4	/* sessions per control connection */
#define HELLO_S		60
#define PW_ETHERNET	5	/* Pseudowire Type: Ethernet (RFC 4719) */
#define BGP_MSS		1400

/* ---- options and randomness ---- */

static struct {
	long	 frames;
	unsigned tunnels;
	unsigned remotes;
	int	 cookie;	/* -1: mix of 0/4/8 */
	int	 l2ss;		/* -1: mix, 0 none, 1 default */
	uint64_t seed;
	unsigned seconds;
	const char *out;
} opt = { 3000000, 1000, 1000, -1, -1, 1, 600, NULL };

static uint64_t rng_state;

static uint64_t
rnd(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t
rndn(uint32_t n)
{
	return (uint32_t)(rnd() % n);
}

static uint32_t
rnd_id(void)
{
	uint32_t v;

	while ((v = (uint32_t)rnd()) == 0)
		;
	return v;
}

/* Exponential inter-arrival with the given mean, in ns. */
static int64_t
rnd_exp(double mean_ns)
{
	double u = ((double)(rnd() >> 11) + 0.5) / 9007199254740992.0;

	return (int64_t)(-log(u) * mean_ns) + 1;
}

/* ---- the world ---- */

struct lcce {
	struct gen_mac	 mac;
	uint32_t	 v4;
	struct gen_ip6addr v6;
};

struct sess {
	uint32_t	 sid_l, sid_r;		/* assigned by local / remote */
	uint8_t		 ck_l[8], ck_r[8];	/* cookie each side receives */
	uint8_t		 cklen;
	uint8_t		 l2ss;
	uint8_t		 up;
	uint8_t		 in_vlan;		/* inner frames 802.1Q-tagged */
	uint32_t	 seq_lr, seq_rl;	/* L2SS sequence numbers */
	uint32_t	 tcp_dn, tcp_up;	/* inner bulk flow sequence */
	uint16_t	 icmp_seq;
	uint16_t	 tcp_port;
};

/* One queued control message of a control connection. */
struct cmsg {
	uint8_t		 dir;		/* L2B_AB: local -> remote */
	uint8_t		 type;		/* 0: ZLB */
	uint8_t		 sess;
	uint8_t		 retx;		/* retransmission of the last one */
	uint16_t	 result;
	uint32_t	 gap_us;	/* after the previous message */
};

#define CQ_MAX	32

struct tunnel {
	unsigned	 idx;
	unsigned	 local, remote;
	uint8_t		 over_ip, v6;
	uint16_t	 vid;		/* outer VLAN, 0: untagged */
	uint32_t	 ccid_l, ccid_r;
	uint16_t	 ns_l, nr_l, ns_r, nr_r;
	unsigned	 gen;		/* establishments so far */
	int64_t	 	 reest_at;	/* tear down + re-establish; 0: never */
	uint8_t		 up;
	uint8_t		 hello_side;
	struct cmsg	 q[CQ_MAX];
	unsigned	 qh, qn;
	struct sess	 s[NSESS];
};

/* A BGP speaker pair: eBGP inside session 0 of a tunnel, or outer iBGP. */
struct bgp {
	struct tunnel	*t;		/* NULL: on the outer link */
	unsigned	 idx;
	uint32_t	 ip_a, ip_b;
	struct gen_mac	 mac_a, mac_b;
	uint32_t	 as_a, as_b;
	uint16_t	 port_a;
	uint32_t	 snd_a, snd_b;	/* next sequence number to send */
	int		 phase;
	int		 step;
	unsigned	 conn_gen;	/* tunnel generation it runs in */
	/* table dump from b to a, as one byte stream */
	uint8_t		*dump;
	size_t		 dump_len, dump_off;
	uint32_t	 dump_seq0;
	size_t		 held_off;	/* reordering: segment held back */
	int		 held;
	size_t		 retx_off;	/* retransmission pending */
	int		 retx;
	unsigned	 unacked;
	unsigned	 nprefix;
};

enum { A_CTL, A_DATA, A_BGP };

struct actor {
	int64_t		 t;
	uint32_t	 id;
};

static struct lcce locals[NLOCAL];
static struct lcce *remotes;
static struct tunnel *tunnels;
static struct bgp *bgps;
static unsigned nbgp;
static struct actor *heap;
static unsigned nheap;
static struct gen_mac router_mac;

static struct gbuf fr, in;
static struct l2b_avps avl;
static uint8_t filler[2048];
static struct gen_pcap *pcap;
static long nwritten;
static int64_t now;
static double data_mean_ns;

/* ---- heap of actors by (time, id) ---- */

static int
before(const struct actor *a, const struct actor *b)
{
	return a->t < b->t || (a->t == b->t && a->id < b->id);
}

static void
heap_push(int64_t t, uint32_t id)
{
	unsigned i = nheap++;

	heap[i].t = t;
	heap[i].id = id;
	while (i > 0 && before(&heap[i], &heap[(i - 1) / 2])) {
		struct actor x = heap[i];

		heap[i] = heap[(i - 1) / 2];
		heap[(i - 1) / 2] = x;
		i = (i - 1) / 2;
	}
}

static struct actor
heap_pop(void)
{
	struct actor top = heap[0];
	unsigned i = 0;

	heap[0] = heap[--nheap];
	for (;;) {
		unsigned l = 2 * i + 1, r = l + 1, m = i;

		if (l < nheap && before(&heap[l], &heap[m]))
			m = l;
		if (r < nheap && before(&heap[r], &heap[m]))
			m = r;
		if (m == i)
			break;
		struct actor x = heap[i];

		heap[i] = heap[m];
		heap[m] = x;
		i = m;
	}
	return top;
}

/* Actor ids: kind in the low 2 bits. */
#define ACT(kind, n)	((uint32_t)(n) << 2 | (kind))

/* ---- frames ---- */

static void
emit(struct gbuf *g)
{
	gen_pcap_frame(pcap, now, g);
	nwritten++;
}

/* Outer Ethernet [802.1Q] IPv4/IPv6 [UDP] of a tunnel's frame. */
static void
outer(struct gbuf *g, const struct tunnel *t, int dir)
{
	const struct lcce *l = &locals[t->local], *r = &remotes[t->remote];
	const struct lcce *s = dir == L2B_AB ? l : r, *d = dir == L2B_AB ? r : l;
	uint16_t et = t->v6 ? GEN_ET_IPV6 : GEN_ET_IPV4;
	uint8_t proto = t->over_ip ? GEN_IP_L2TP : GEN_IP_UDP;

	gb_reset(g);
	if (dir == L2B_AB)
		gb_eth(g, router_mac, l->mac, t->vid ? GEN_ET_VLAN : et);
	else
		gb_eth(g, l->mac, router_mac, t->vid ? GEN_ET_VLAN : et);
	if (t->vid)
		gb_vlan(g, 0, 0, t->vid, et);
	if (t->v6) {
		struct gen_ip6 ip = { .src = s->v6, .dst = d->v6, .nxt = proto,
		    .hlim = dir == L2B_AB ? 64 : 58 };

		gb_ipv6(g, &ip);
	} else {
		struct gen_ip4 ip = { .src = s->v4, .dst = d->v4,
		    .proto = proto, .ttl = dir == L2B_AB ? 64 : 58,
		    .id = (uint16_t)nwritten, .frag = GEN_IP4_DF };

		gb_ipv4(g, &ip);
	}
	if (!t->over_ip)
		gb_udp(g, L2B_PORT, L2B_PORT);
}

/* L2TPv3 data message carrying the finished inner frame `in`. */
static void
pw_frame(struct tunnel *t, unsigned si, int dir)
{
	struct sess *s = &t->s[si];

	outer(&fr, t, dir);
	if (!t->over_ip)
		gb_u32(&fr, 0x00030000);	/* T=0, version 3 */
	gb_u32(&fr, dir == L2B_AB ? s->sid_r : s->sid_l);
	if (s->cklen)
		gb_bytes(&fr, dir == L2B_AB ? s->ck_r : s->ck_l, s->cklen);
	if (s->l2ss) {
		uint32_t *seq = dir == L2B_AB ? &s->seq_lr : &s->seq_rl;

		gb_u32(&fr, 0x40000000u | (*seq & 0xffffff));
		++*seq;
	}
	gb_append(&fr, &in, in.len);
	gb_finish(&fr);
	gb_pad(&fr, 60);
	emit(&fr);
}

/* ---- control plane ---- */

static void
cq_add(struct tunnel *t, int dir, int type, int sess, unsigned result,
    uint32_t gap_us)
{
	struct cmsg *m;

	if (t->qn >= CQ_MAX)
		gen_die("benchgen: control queue full");
	m = &t->q[(t->qh + t->qn++) % CQ_MAX];
	memset(m, 0, sizeof(*m));
	m->dir = (uint8_t)dir;
	m->type = (uint8_t)type;
	m->sess = (uint8_t)sess;
	m->result = (uint16_t)result;
	m->gap_us = gap_us;
}

static void
new_session(struct tunnel *t, unsigned i)
{
	struct sess *s = &t->s[i];
	uint64_t c = rnd(), d = rnd();

	s->sid_l = rnd_id();
	s->sid_r = rnd_id();
	memcpy(s->ck_l, &c, 8);
	memcpy(s->ck_r, &d, 8);
	s->cklen = (uint8_t)(opt.cookie >= 0 ? opt.cookie :
	    (int[]){ 0, 4, 8 }[rndn(3)]);
	s->l2ss = (uint8_t)(opt.l2ss >= 0 ? opt.l2ss : (int)rndn(2));
	s->in_vlan = rndn(4) == 0;
	s->up = 0;
	s->seq_lr = s->seq_rl = 0;
	s->tcp_dn = (uint32_t)rnd();
	s->tcp_up = (uint32_t)rnd();
	s->tcp_port = (uint16_t)(32768 + rndn(28000));
}

/* Queue a whole establishment: control connection and four pipelined
 * sessions (ICRQ x4 before the ICRPs). */
static void
plan_setup(struct tunnel *t)
{
	unsigned i;

	t->ccid_l = rnd_id();
	t->ccid_r = rnd_id();
	t->ns_l = t->nr_l = t->ns_r = t->nr_r = 0;
	t->gen++;
	for (i = 0; i < NSESS; i++)
		new_session(t, i);
	cq_add(t, L2B_AB, L2B_SCCRQ, 0, 0, 0);
	cq_add(t, L2B_BA, L2B_SCCRP, 0, 0, 800 + rndn(3000));
	cq_add(t, L2B_AB, L2B_SCCCN, 0, 0, 300 + rndn(1000));
	for (i = 0; i < NSESS; i++)
		cq_add(t, L2B_AB, L2B_ICRQ, (int)i, 0, 50 + rndn(200));
	for (i = 0; i < NSESS; i++)
		cq_add(t, L2B_BA, L2B_ICRP, (int)i, 0, i ? 50 + rndn(200) :
		    900 + rndn(3000));
	for (i = 0; i < NSESS; i++)
		cq_add(t, L2B_AB, L2B_ICCN, (int)i, 0, 100 + rndn(300));
	cq_add(t, L2B_BA, 0, 0, 0, 800 + rndn(3000));
}

static void
plan_teardown(struct tunnel *t)
{
	int side = t->idx & 1 ? L2B_BA : L2B_AB;
	unsigned i;

	for (i = 0; i < NSESS; i++)
		cq_add(t, side, L2B_CDN, (int)i, 3, i ? 100 : 0);
	cq_add(t, side, L2B_STOPCCN, 0, side == L2B_AB ? 1 : 6, 200);
	cq_add(t, !side, 0, 0, 0, 700 + rndn(2000));
}

static void
plan_hello(struct tunnel *t, int dir)
{
	cq_add(t, dir, L2B_HELLO, 0, 0, 0);
	/* 1 %: the Hello is retransmitted once before the ZLB comes */
	if (rndn(100) == 0) {
		cq_add(t, dir, L2B_HELLO, 0, 0, 1000000);
		t->q[(t->qh + t->qn - 1) % CQ_MAX].retx = 1;
	}
	cq_add(t, !dir, 0, 0, 0, 500 + rndn(5000));
}

static void
ctl_avps(struct tunnel *t, const struct cmsg *m)
{
	struct sess *s = &t->s[m->sess];
	struct l2b_sess ls;
	char host[32], endid[32];
	static const uint16_t pw[] = { PW_ETHERNET, 4 };
	int from_l = m->dir == L2B_AB;
	struct l2b_ident id = { .host = host, .vendor = "benchgen",
	    .pw = pw, .npw = 2, .rws = 8 };

	l2b_avps_reset(&avl);
	snprintf(host, sizeof(host), from_l ? "pe%u" : "ce-lcce%u",
	    from_l ? t->local : t->remote);
	id.router_id = from_l ? locals[t->local].v4 : remotes[t->remote].v4;
	memset(&ls, 0, sizeof(ls));
	ls.serial = -1;
	ls.circuit = 1;
	ls.pw_type = PW_ETHERNET;
	ls.cookie_len = s->cklen;
	ls.l2ss = s->l2ss;
	ls.lsid = from_l ? s->sid_l : s->sid_r;
	ls.rsid = from_l ? s->sid_r : s->sid_l;
	ls.cookie = from_l ? s->ck_l : s->ck_r;
	snprintf(endid, sizeof(endid), "pw-%u-%u", t->idx, m->sess);
	switch (m->type) {
	case L2B_SCCRQ:
		l2b_sccrq_avps(&avl, &id, t->ccid_l);
		break;
	case L2B_SCCRP:
		l2b_sccrp_avps(&avl, &id, t->ccid_r);
		break;
	case L2B_SCCCN:
	case L2B_HELLO:
		l2b_type_avps(&avl, m->type);
		break;
	case L2B_ICRQ:
		ls.rsid = 0;
		ls.serial = (long)(t->idx * 16 + m->sess);
		ls.end_id = endid;
		l2b_icrq_avps(&avl, &ls);
		break;
	case L2B_ICRP:
		ls.pw_type = 0;		/* Pseudowire Type: ICRQ only */
		l2b_icrp_avps(&avl, &ls);
		break;
	case L2B_ICCN:
		l2b_iccn_avps(&avl, ls.lsid, ls.rsid);
		break;
	case L2B_CDN:
		l2b_cdn_avps(&avl, m->result, -1, NULL, ls.lsid, ls.rsid);
		break;
	case L2B_STOPCCN:
		l2b_stopccn_avps(&avl, from_l ? t->ccid_l : t->ccid_r,
		    m->result, -1, NULL);
		break;
	default:
		break;
	}
}

/* Emit the next queued control message; Ns/Nr as RFC 3931 §4.2 has them
 * (every non-ZLB message takes an Ns and is acknowledged by the next Nr). */
static void
ctl_emit(struct tunnel *t, const struct cmsg *m)
{
	int from_l = m->dir == L2B_AB;
	uint16_t *ns = from_l ? &t->ns_l : &t->ns_r;
	uint16_t *nr = from_l ? &t->nr_l : &t->nr_r;
	uint16_t *peer_nr = from_l ? &t->nr_r : &t->nr_l;
	uint16_t sns = *ns;
	uint32_t ccid = from_l ? t->ccid_r : t->ccid_l;

	/* SCCRQ goes to CCID 0: the peer has not assigned one yet */
	if (m->type == L2B_SCCRQ)
		ccid = 0;
	if (m->type != 0) {
		if (m->retx)
			sns = (uint16_t)(*ns - 1);
		else {
			++*ns;
			++*peer_nr;
		}
		ctl_avps(t, m);
	} else
		l2b_avps_reset(&avl);
	outer(&fr, t, m->dir);
	if (t->over_ip)
		gb_u32(&fr, 0);		/* Session ID 0: control */
	gb_u16(&fr, L2B_V3CTL);
	gb_u16(&fr, (uint16_t)(12 + avl.n));
	gb_u32(&fr, ccid);
	gb_u16(&fr, sns);
	gb_u16(&fr, *nr);
	if (avl.n)
		gb_bytes(&fr, avl.b, avl.n);
	gb_finish(&fr);
	gb_pad(&fr, 60);
	emit(&fr);
	if (m->type == L2B_ICCN)
		t->s[m->sess].up = 1;
	if (m->type == L2B_CDN)
		t->s[m->sess].up = 0;
	if (m->type == L2B_STOPCCN)
		t->up = 0;
	if (m->type == L2B_SCCCN)
		t->up = 1;
}

/* One control message; returns when the connection speaks next. */
static int64_t
ctl_step(struct tunnel *t)
{
	struct cmsg m;

	if (t->qn == 0) {
		if (t->reest_at && now >= t->reest_at) {
			t->reest_at = 0;
			plan_teardown(t);
		} else if (!t->up && t->gen > 0) {
			plan_setup(t);
		} else {
			plan_hello(t, t->hello_side);
			t->hello_side ^= 1;
		}
	}
	m = t->q[t->qh];
	t->qh = (t->qh + 1) % CQ_MAX;
	t->qn--;
	ctl_emit(t, &m);
	if (t->qn)
		return now + (int64_t)t->q[t->qh].gap_us * 1000;
	if (!t->up)	/* torn down: back in 2 to 10 s */
		return now + (2 + rndn(8)) * 1000000000LL;
	/* Hellos every 30 s alternating sides (60 s per side), jittered */
	if (t->reest_at && t->reest_at < now + 30 * 1000000000LL)
		return t->reest_at;
	return now + (HELLO_S / 2) * 1000000000LL + rndn(2000000) * 1000LL;
}

/* ---- data plane ---- */

static struct gen_mac
ce_mac(unsigned t, unsigned s, int side)
{
	return GEN_MAC(0x02, 0xce, (uint8_t)(t >> 8), (uint8_t)t,
	    (uint8_t)s, (uint8_t)side);
}

static uint32_t
ce_ip(unsigned t, unsigned s, int side)
{
	return GEN_IP4(10, 128 + (t >> 8 & 63), (uint8_t)t,
	    (uint8_t)(s * 8 + 1 + side));
}

/* Inner Ethernet [802.1Q] IPv4 header of a customer frame. */
static void
inner_ip(struct sess *s, unsigned ti, unsigned si, int up, uint8_t proto)
{
	struct gen_mac a = ce_mac(ti, si, 0), b = ce_mac(ti, si, 1);
	struct gen_ip4 ip = { .src = ce_ip(ti, si, !up), .dst =
	    ce_ip(ti, si, up), .proto = proto, .id = (uint16_t)nwritten };

	gb_reset(&in);
	gb_eth(&in, up ? b : a, up ? a : b, s->in_vlan ? GEN_ET_VLAN :
	    GEN_ET_IPV4);
	if (s->in_vlan)
		gb_vlan(&in, 0, 0, 200 + si, GEN_ET_IPV4);
	gb_ipv4(&in, &ip);
}

static void
data_step(struct tunnel *t, unsigned si)
{
	struct sess *s = &t->s[si];
	unsigned k = rndn(100);
	int up;		/* customer upload: local -> remote */

	if (k < 45) {			/* bulk download segment */
		struct gen_tcp tcp = { .sport = 443, .dport = s->tcp_port,
		    .seq = s->tcp_dn, .ack = s->tcp_up,
		    .flags = GEN_TH_ACK | GEN_TH_PSH, .win = 501 };
		size_t n = rndn(4) == 0 ? 1200 + rndn(248) : 40 + rndn(260);

		up = 0;
		inner_ip(s, t->idx, si, up, GEN_IP_TCP);
		gb_tcp(&in, &tcp);
		gb_bytes(&in, filler, n);
		s->tcp_dn += (uint32_t)n;
	} else if (k < 65) {		/* its ACKs */
		struct gen_tcp tcp = { .sport = s->tcp_port, .dport = 443,
		    .seq = s->tcp_up, .ack = s->tcp_dn, .flags = GEN_TH_ACK,
		    .win = 2048 };

		up = 1;
		inner_ip(s, t->idx, si, up, GEN_IP_TCP);
		gb_tcp(&in, &tcp);
	} else if (k < 85) {		/* UDP: DNS, SIP, RTP-sized */
		static const uint16_t ports[] = { 53, 5060, 16384, 123 };
		uint16_t p = ports[rndn(4)];

		up = (int)rndn(2);
		inner_ip(s, t->idx, si, up, GEN_IP_UDP);
		gb_udp(&in, up ? (uint16_t)(40000 + si) : p,
		    up ? p : (uint16_t)(40000 + si));
		gb_bytes(&in, filler, 20 + rndn(180));
	} else if (k < 97) {		/* ICMP echo and reply */
		up = s->icmp_seq & 1;
		inner_ip(s, t->idx, si, up, GEN_IP_ICMP);
		gb_icmp(&in, up ? 0 : 8, 0, (uint32_t)(0x1000 + si) << 16 |
		    (uint16_t)(s->icmp_seq >> 1));
		gb_bytes(&in, filler, 56);
		s->icmp_seq++;
	} else {			/* ARP */
		struct gen_mac a = ce_mac(t->idx, si, 0),
		    b = ce_mac(t->idx, si, 1);

		up = (int)rndn(2);
		gb_reset(&in);
		if (s->in_vlan) {
			gb_eth(&in, up ? b : GEN_MAC(255, 255, 255, 255, 255,
			    255), up ? a : b, GEN_ET_VLAN);
			gb_vlan(&in, 0, 0, 200 + si, GEN_ET_ARP);
		} else
			gb_eth(&in, up ? b : GEN_MAC(255, 255, 255, 255, 255,
			    255), up ? a : b, GEN_ET_ARP);
		gb_arp(&in, up ? 2 : 1, up ? a : b, ce_ip(t->idx, si, !up),
		    up ? b : GEN_MAC(0, 0, 0, 0, 0, 0), ce_ip(t->idx, si, up));
	}
	gb_finish(&in);
	gb_pad(&in, 60);
	pw_frame(t, si, up ? L2B_AB : L2B_BA);
}

/* ---- BGP ---- */

enum { BP_WAIT, BP_OPEN, BP_DUMP, BP_STEADY };

static size_t
bgp_hdr(uint8_t *p, size_t len, uint8_t type)
{
	memset(p, 0xff, 16);
	p[16] = (uint8_t)(len >> 8);
	p[17] = (uint8_t)len;
	p[18] = type;
	return 19;
}

static size_t
bgp_open(uint8_t *p, uint32_t as, uint32_t id)
{
	static const uint8_t caps_fixed[] = {
		2, 6, 1, 4, 0, 1, 0, 1,		/* MP IPv4 unicast */
		2, 2, 2, 0,			/* route refresh */
	};
	size_t n = 19;
	uint16_t my_as = as > 65535 ? 23456 : (uint16_t)as;

	p[n++] = 4;
	p[n++] = (uint8_t)(my_as >> 8);
	p[n++] = (uint8_t)my_as;
	p[n++] = 0;
	p[n++] = 90;			/* hold time */
	p[n++] = (uint8_t)(id >> 24);
	p[n++] = (uint8_t)(id >> 16);
	p[n++] = (uint8_t)(id >> 8);
	p[n++] = (uint8_t)id;
	p[n++] = (uint8_t)(sizeof(caps_fixed) + 8);
	memcpy(p + n, caps_fixed, sizeof(caps_fixed));
	n += sizeof(caps_fixed);
	p[n++] = 2;			/* 4-octet AS capability */
	p[n++] = 6;
	p[n++] = 65;
	p[n++] = 4;
	p[n++] = (uint8_t)(as >> 24);
	p[n++] = (uint8_t)(as >> 16);
	p[n++] = (uint8_t)(as >> 8);
	p[n++] = (uint8_t)as;
	bgp_hdr(p, n, 1);
	return n;
}

/* UPDATE with ORIGIN, AS_PATH (4-octet ASNs), NEXT_HOP, MED and npfx /24s
 * starting at prefix number first. */
static size_t
bgp_update(uint8_t *p, const struct bgp *b, unsigned first, unsigned npfx)
{
	size_t n = 19, attr_len_at;
	unsigned i, plen = 1 + rndn(4);

	p[n++] = 0;			/* withdrawn routes length */
	p[n++] = 0;
	attr_len_at = n;
	n += 2;
	p[n++] = 0x40; p[n++] = 1; p[n++] = 1; p[n++] = 0;	/* ORIGIN IGP */
	p[n++] = 0x40; p[n++] = 2; p[n++] = (uint8_t)(2 + 4 * plen);
	p[n++] = 2;			/* AS_SEQUENCE */
	p[n++] = (uint8_t)plen;
	for (i = 0; i < plen; i++) {
		uint32_t as = i ? 64496 + rndn(1000) : b->as_b;

		p[n++] = (uint8_t)(as >> 24);
		p[n++] = (uint8_t)(as >> 16);
		p[n++] = (uint8_t)(as >> 8);
		p[n++] = (uint8_t)as;
	}
	p[n++] = 0x40; p[n++] = 3; p[n++] = 4;			/* NEXT_HOP */
	p[n++] = (uint8_t)(b->ip_b >> 24);
	p[n++] = (uint8_t)(b->ip_b >> 16);
	p[n++] = (uint8_t)(b->ip_b >> 8);
	p[n++] = (uint8_t)b->ip_b;
	p[n++] = 0x80; p[n++] = 4; p[n++] = 4;			/* MED */
	p[n++] = 0; p[n++] = 0; p[n++] = 0; p[n++] = (uint8_t)rndn(200);
	p[attr_len_at] = (uint8_t)((n - attr_len_at - 2) >> 8);
	p[attr_len_at + 1] = (uint8_t)(n - attr_len_at - 2);
	for (i = 0; i < npfx; i++) {
		uint32_t pf = 0x01000000u + ((first + i) << 8);

		p[n++] = 24;
		p[n++] = (uint8_t)(pf >> 24);
		p[n++] = (uint8_t)(pf >> 16);
		p[n++] = (uint8_t)(pf >> 8);
	}
	bgp_hdr(p, n, 2);
	return n;
}

static void
bgp_build_dump(struct bgp *b)
{
	size_t cap = 64 + (size_t)b->nprefix * 4 + (b->nprefix + 1) * 80;
	unsigned done = 0;

	free(b->dump);
	if ((b->dump = malloc(cap)) == NULL)
		gen_die("out of memory");
	b->dump_len = 0;
	while (done < b->nprefix) {
		unsigned k = 1 + rndn(40);

		if (k > b->nprefix - done)
			k = b->nprefix - done;
		b->dump_len += bgp_update(b->dump + b->dump_len, b, done, k);
		done += k;
	}
	/* End-of-RIB: an empty UPDATE (RFC 4724) */
	memset(b->dump + b->dump_len + 19, 0, 4);
	b->dump_len += bgp_hdr(b->dump + b->dump_len, 23, 2) + 4;
	b->dump_off = 0;
}

/* One TCP segment between the speakers: a_to_b, payload at seq. */
static void
bgp_seg(struct bgp *b, int a_to_b, uint8_t flags, uint32_t seq,
    const uint8_t *pl, size_t n)
{
	struct gen_tcp tcp = { .sport = a_to_b ? b->port_a : 179,
	    .dport = a_to_b ? 179 : b->port_a, .seq = seq,
	    .ack = a_to_b ? b->snd_b : b->snd_a, .flags = flags,
	    .win = 16384 };
	struct gen_ip4 ip = { .src = a_to_b ? b->ip_a : b->ip_b,
	    .dst = a_to_b ? b->ip_b : b->ip_a, .proto = GEN_IP_TCP,
	    .ttl = b->t ? 1 : 64, .tos = 0xc0, .id = (uint16_t)nwritten };
	struct gbuf *g = b->t ? &in : &fr;

	if (flags & GEN_TH_SYN) {
		tcp.mss = BGP_MSS;
		if (!(flags & GEN_TH_ACK))
			tcp.ack = 0;
	}
	gb_reset(g);
	gb_eth(g, a_to_b ? b->mac_b : b->mac_a, a_to_b ? b->mac_a : b->mac_b,
	    GEN_ET_IPV4);
	gb_ipv4(g, &ip);
	gb_tcp(g, &tcp);
	if (n)
		gb_bytes(g, pl, n);
	gb_finish(g);
	gb_pad(g, 60);
	if (b->t)
		/* A is the local side's customer: a_to_b goes local -> remote */
		pw_frame(b->t, 0, a_to_b ? L2B_AB : L2B_BA);
	else
		emit(g);
}

static void
bgp_restart(struct bgp *b)
{
	b->phase = BP_OPEN;
	b->step = 0;
	b->snd_a = (uint32_t)rnd();
	b->snd_b = (uint32_t)rnd();
	b->port_a = (uint16_t)(32768 + rndn(28000));
	b->nprefix = 200 + rndn(b->t ? 3800 : 20000);
	b->held = 0;
	b->retx = 0;
	b->unacked = 0;
	if (b->t)
		b->conn_gen = b->t->gen;
}

static size_t
seg_len(const struct bgp *b, size_t off)
{
	return b->dump_len - off < BGP_MSS ? b->dump_len - off : BGP_MSS;
}

static int64_t
bgp_step(struct bgp *b)
{
	uint8_t msg[128];
	size_t n;

	if (b->t && (!b->t->up || !b->t->s[0].up)) {
		b->phase = BP_WAIT;
		return now + 1000000000LL;
	}
	if (b->phase == BP_WAIT || (b->t && b->conn_gen != b->t->gen))
		bgp_restart(b);
	if (b->phase == BP_OPEN) {
		switch (b->step++) {
		case 0:
			bgp_seg(b, 1, GEN_TH_SYN, b->snd_a++, NULL, 0);
			return now + 300000 + rndn(2000000);
		case 1:
			bgp_seg(b, 0, GEN_TH_SYN | GEN_TH_ACK, b->snd_b++,
			    NULL, 0);
			return now + 300000 + rndn(2000000);
		case 2:
			bgp_seg(b, 1, GEN_TH_ACK, b->snd_a, NULL, 0);
			return now + 1000000 + rndn(5000000);
		case 3:
			n = bgp_open(msg, b->as_a, b->ip_a);
			bgp_seg(b, 1, GEN_TH_ACK | GEN_TH_PSH, b->snd_a, msg,
			    n);
			b->snd_a += (uint32_t)n;
			return now + 500000 + rndn(3000000);
		case 4:
			n = bgp_open(msg, b->as_b, b->ip_b);
			bgp_seg(b, 0, GEN_TH_ACK | GEN_TH_PSH, b->snd_b, msg,
			    n);
			b->snd_b += (uint32_t)n;
			return now + 500000 + rndn(3000000);
		case 5:
			n = bgp_hdr(msg, 19, 4);
			bgp_seg(b, 1, GEN_TH_ACK | GEN_TH_PSH, b->snd_a, msg,
			    n);
			b->snd_a += (uint32_t)n;
			return now + 500000 + rndn(3000000);
		default:
			n = bgp_hdr(msg, 19, 4);
			bgp_seg(b, 0, GEN_TH_ACK | GEN_TH_PSH, b->snd_b, msg,
			    n);
			b->snd_b += (uint32_t)n;
			bgp_build_dump(b);
			b->dump_seq0 = b->snd_b;
			b->phase = BP_DUMP;
			return now + 2000000 + rndn(20000000);
		}
	}
	if (b->phase == BP_DUMP) {
		size_t off, len;

		/* A acknowledges every second segment, cumulatively */
		if (b->unacked >= 2) {
			b->unacked = 0;
			b->snd_b = b->dump_seq0 + (uint32_t)(b->held ?
			    b->held_off : b->dump_off);
			bgp_seg(b, 1, GEN_TH_ACK, b->snd_a, NULL, 0);
			return now + 20000 + rndn(200000);
		}
		if (b->held) {		/* late: after its successor */
			off = b->held_off;
			b->held = 0;
		} else if (b->retx) {	/* the same segment again */
			off = b->retx_off;
			b->retx = 0;
		} else {
			if (b->dump_off >= b->dump_len) {
				b->snd_b = b->dump_seq0 + (uint32_t)b->dump_len;
				b->phase = BP_STEADY;
				b->step = 0;
				bgp_seg(b, 1, GEN_TH_ACK, b->snd_a, NULL, 0);
				return now + rndn(30000) * 1000000LL;
			}
			off = b->dump_off;
			b->dump_off += seg_len(b, off);
			if (b->dump_off < b->dump_len && rndn(50) == 0) {
				/* reordering: this one comes after the next */
				b->held = 1;
				b->held_off = off;
				off = b->dump_off;
				b->dump_off += seg_len(b, off);
			} else if (rndn(50) == 0) {
				/* retransmission 200 ms later */
				b->retx = 1;
				b->retx_off = off;
			}
		}
		len = seg_len(b, off);
		bgp_seg(b, 0, GEN_TH_ACK | GEN_TH_PSH,
		    b->dump_seq0 + (uint32_t)off, b->dump + off, len);
		b->unacked++;
		return now + (b->retx ? 200000000LL : 50000 + rndn(400000));
	}
	/* steady: KEEPALIVEs every 30 s each way with their ACKs, and now and
	 * then a small UPDATE instead of B's KEEPALIVE */
	switch (b->step++ & 3) {
	case 0:
		n = bgp_hdr(msg, 19, 4);
		bgp_seg(b, 1, GEN_TH_ACK | GEN_TH_PSH, b->snd_a, msg, n);
		b->snd_a += (uint32_t)n;
		return now + 40000000LL + rndn(160000) * 1000LL;
	case 1:
		bgp_seg(b, 0, GEN_TH_ACK, b->snd_b, NULL, 0);
		return now + 15 * 1000000000LL + rndn(400000) * 1000LL;
	case 2:
		if (rndn(8) == 0)
			n = bgp_update(msg, b, b->nprefix + rndn(50),
			    1 + rndn(5));
		else
			n = bgp_hdr(msg, 19, 4);
		bgp_seg(b, 0, GEN_TH_ACK | GEN_TH_PSH, b->snd_b, msg, n);
		b->snd_b += (uint32_t)n;
		return now + 40000000LL + rndn(160000) * 1000LL;
	default:
		bgp_seg(b, 1, GEN_TH_ACK, b->snd_a, NULL, 0);
		return now + 15 * 1000000000LL + rndn(400000) * 1000LL;
	}
}

/* ---- setup ---- */

static void
usage(void)
{
	fputs("usage: benchgen [-n frames] [-t tunnels] [-r remotes] "
	    "[-c 0|4|8|-1] [-l none|default|mix] [-s seed] [-d seconds] "
	    "-o file.pcap\n", stderr);
	exit(64);
}

static void
build_world(void)
{
	unsigned i;

	router_mac = GEN_MAC(0x02, 0x00, 0x5e, 0x00, 0x00, 0x01);
	for (i = 0; i < NLOCAL; i++) {
		char v6[64];

		locals[i].mac = GEN_MAC(0x02, 0x10, 0, 0, 0, (uint8_t)i);
		locals[i].v4 = GEN_IP4(192, 0, 2, 1 + i);
		snprintf(v6, sizeof(v6), "2001:db8:100::%x", i + 1);
		locals[i].v6 = gen_ip6(v6);
	}
	if ((remotes = calloc(opt.remotes, sizeof(*remotes))) == NULL)
		gen_die("out of memory");
	for (i = 0; i < opt.remotes; i++) {
		char v6[64];

		remotes[i].mac = router_mac;
		remotes[i].v4 = GEN_IP4(198, 18 + (i >> 16), (uint8_t)(i >> 8),
		    (uint8_t)i);
		snprintf(v6, sizeof(v6), "2001:db8:200::%x", i + 1);
		remotes[i].v6 = gen_ip6(v6);
	}
	tunnels = calloc(opt.tunnels, sizeof(*tunnels));
	nbgp = opt.tunnels + 4;
	bgps = calloc(nbgp, sizeof(*bgps));
	heap = calloc((size_t)opt.tunnels * (2 + NSESS) + 8, sizeof(*heap));
	if (tunnels == NULL || bgps == NULL || heap == NULL)
		gen_die("out of memory");
	for (i = 0; i < sizeof(filler); i++)
		filler[i] = (uint8_t)(rnd() >> 56);
	for (i = 0; i < opt.tunnels; i++) {
		struct tunnel *t = &tunnels[i];
		unsigned k = rndn(100);
		int64_t start = GEN_T(0, 0) + (int64_t)rndn(30000000) * 1000;

		t->idx = i;
		t->remote = i % opt.remotes;
		t->local = (i + i / opt.remotes) % NLOCAL;
		t->over_ip = k >= 60;
		t->v6 = rndn(10) == 0;
		t->vid = rndn(3) == 0 ? (uint16_t)(100 + t->local) : 0;
		t->hello_side = L2B_AB;
		if (rndn(10) == 0)
			t->reest_at = GEN_T(60 + rndn(opt.seconds > 180 ?
			    opt.seconds - 180 : 1), 0);
		plan_setup(t);
		heap_push(start, ACT(A_CTL, i));
		for (unsigned s = 0; s < NSESS; s++)
			heap_push(start + 1000000000LL + s,
			    ACT(A_DATA, i * NSESS + s));
		bgps[i].t = t;
		bgps[i].idx = i;
		bgps[i].ip_a = ce_ip(i, 0, 0);
		bgps[i].ip_b = ce_ip(i, 0, 1);
		bgps[i].mac_a = ce_mac(i, 0, 0);
		bgps[i].mac_b = ce_mac(i, 0, 1);
		bgps[i].as_a = 65000;
		bgps[i].as_b = 4200000000u + i;
		heap_push(start + 2000000000LL, ACT(A_BGP, i));
	}
	/* a few iBGP sessions on the outer link: LCCEs to a route reflector */
	for (i = opt.tunnels; i < nbgp; i++) {
		struct bgp *b = &bgps[i];
		unsigned l = i - opt.tunnels;

		b->idx = i;
		b->ip_a = locals[l].v4;
		b->ip_b = GEN_IP4(192, 0, 2, 250);
		b->mac_a = locals[l].mac;
		b->mac_b = router_mac;
		b->as_a = b->as_b = 64500;
		heap_push(GEN_T(0, 0) + (int64_t)rndn(5000000) * 1000,
		    ACT(A_BGP, i));
	}
}

int
main(int argc, char **argv)
{
	int ch;
	char dir[4096];
	const char *file, *slash;
	long n_ctl_est;

	while ((ch = getopt(argc, argv, "n:t:r:c:l:s:d:o:")) != -1) {
		switch (ch) {
		case 'n': opt.frames = atol(optarg); break;
		case 't': opt.tunnels = (unsigned)atoi(optarg); break;
		case 'r': opt.remotes = (unsigned)atoi(optarg); break;
		case 'c': opt.cookie = atoi(optarg); break;
		case 'l':
			opt.l2ss = strcmp(optarg, "none") == 0 ? 0 :
			    strcmp(optarg, "default") == 0 ? 1 : -1;
			break;
		case 's': opt.seed = strtoull(optarg, NULL, 0); break;
		case 'd': opt.seconds = (unsigned)atoi(optarg); break;
		case 'o': opt.out = optarg; break;
		default: usage();
		}
	}
	if (opt.out == NULL || opt.frames <= 0 || opt.tunnels == 0 ||
	    opt.remotes == 0 || opt.seconds < 10 || (opt.cookie != -1 &&
	    opt.cookie != 0 && opt.cookie != 4 && opt.cookie != 8))
		usage();
	rng_state = opt.seed;
	if ((slash = strrchr(opt.out, '/')) != NULL) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - opt.out),
		    opt.out);
		file = slash + 1;
	} else {
		strcpy(dir, ".");
		file = opt.out;
	}
	pcap = gen_pcap_open(dir, file, GEN_LT_ETHERNET, 65535, 0);
	build_world();
	/* Data rate: what control and BGP leave of the frame budget (about
	 * 190 frames per control connection over 10 minutes). */
	n_ctl_est = (long)opt.tunnels * 190 * (long)opt.seconds / 600;
	if (n_ctl_est > opt.frames * 9 / 10)
		n_ctl_est = opt.frames * 9 / 10;
	data_mean_ns = (double)opt.seconds * 1e9 * opt.tunnels * NSESS /
	    (double)(opt.frames - n_ctl_est);
	while (nwritten < opt.frames && nheap > 0) {
		struct actor a = heap_pop();
		uint32_t n = a.id >> 2;
		int64_t next;

		now = a.t;
		switch (a.id & 3) {
		case A_CTL:
			next = ctl_step(&tunnels[n]);
			break;
		case A_DATA:
			if (tunnels[n / NSESS].s[n % NSESS].up &&
			    tunnels[n / NSESS].up) {
				data_step(&tunnels[n / NSESS], n % NSESS);
				next = now + rnd_exp(data_mean_ns);
			} else
				next = now + 500000000LL;
			break;
		default:
			next = bgp_step(&bgps[n]);
			break;
		}
		heap_push(next, a.id);
	}
	gen_pcap_close(pcap);
	fprintf(stderr, "benchgen: %ld frames, %.1f s, %u tunnels, seed %llu "
	    "-> %s\n", nwritten, (double)(now - GEN_T(0, 0)) / 1e9,
	    opt.tunnels, (unsigned long long)opt.seed, opt.out);
	return 0;
}
