/* scen_bgp_x.c - BGP sessions and the tunnels under them (RFC 4271 §6.2, §6.8, §8; RFC 3931 §4.2, §5.4.1; RFC 9003): cross-layer scenarios of issue #6.
 *
 * Every scenario is described frame by frame, with the findings it must
 * give, in captures/README.md "BGP correlation scenarios".  BGP messages
 * are built byte by byte from RFC 4271 §4; each rides in its own TCP
 * segment.  Frames are queued and written in time order at the end, so
 * that the tunnel's Hellos and the BGP messages inside can be scheduled
 * independently.
 */
#include <string.h>

#include "gen.h"
#include "l2tp_build.h"
#include "scenarios.h"

/* ---- BGP messages (RFC 4271 §4) ---- */

struct xmsg {
	uint8_t		 b[256];
	size_t		 n;
};

static void
xm_u8(struct xmsg *m, uint8_t v)
{
	if (m->n >= sizeof(m->b))
		gen_die("scen_bgp_x: message too long");
	m->b[m->n++] = v;
}

static void
xm_u16(struct xmsg *m, uint16_t v)
{
	xm_u8(m, (uint8_t)(v >> 8));
	xm_u8(m, (uint8_t)v);
}

static void
xm_u32(struct xmsg *m, uint32_t v)
{
	xm_u16(m, (uint16_t)(v >> 16));
	xm_u16(m, (uint16_t)v);
}

static void
xm_hdr(struct xmsg *m, uint8_t type)
{
	memset(m->b, 0xff, 16);
	m->n = 16;
	xm_u16(m, 0);
	xm_u8(m, type);
}

static void
xm_end(struct xmsg *m)
{
	m->b[16] = (uint8_t)(m->n >> 8);
	m->b[17] = (uint8_t)m->n;
}

/* OPEN: version 4, My AS, hold, BGP ID; Capabilities: MP IPv4 unicast,
 * Route Refresh, 4-octet AS (RFC 5492, 4760, 2918, 6793). */
static void
xm_open(struct xmsg *m, uint32_t as, uint16_t hold, uint32_t id)
{
	xm_hdr(m, 1);
	xm_u8(m, 4);
	xm_u16(m, as <= 0xffff ? (uint16_t)as : 23456);
	xm_u16(m, hold);
	xm_u32(m, id);
	xm_u8(m, 16);
	xm_u8(m, 2);
	xm_u8(m, 14);
	xm_u8(m, 1); xm_u8(m, 4); xm_u16(m, 1); xm_u8(m, 0); xm_u8(m, 1);
	xm_u8(m, 2); xm_u8(m, 0);
	xm_u8(m, 65); xm_u8(m, 4); xm_u32(m, as);
	xm_end(m);
}

static void
xm_keepalive(struct xmsg *m)
{
	xm_hdr(m, 4);
	xm_end(m);
}

/* UPDATE announcing 10.2.0.0/16: ORIGIN IGP, AS_PATH [as] (4 octets),
 * NEXT_HOP nh. */
static void
xm_update(struct xmsg *m, uint32_t as, uint32_t nh)
{
	xm_hdr(m, 2);
	xm_u16(m, 0);
	xm_u16(m, 4 + 9 + 7);
	xm_u8(m, 0x40); xm_u8(m, 1); xm_u8(m, 1); xm_u8(m, 0);
	xm_u8(m, 0x40); xm_u8(m, 2); xm_u8(m, 6);
	xm_u8(m, 2); xm_u8(m, 1); xm_u32(m, as);
	xm_u8(m, 0x40); xm_u8(m, 3); xm_u8(m, 4); xm_u32(m, nh);
	xm_u8(m, 16); xm_u8(m, 10); xm_u8(m, 2);
	xm_end(m);
}

/* NOTIFICATION code/subcode with raw data. */
static void
xm_notif(struct xmsg *m, uint8_t code, uint8_t sub, const void *data,
    size_t n)
{
	const uint8_t *p = data;

	xm_hdr(m, 3);
	xm_u8(m, code);
	xm_u8(m, sub);
	while (n--)
		xm_u8(m, *p++);
	xm_end(m);
}

/* ---- the frame queue ---- */

struct xq {
	int64_t		 t;
	uint32_t	 n;
	uint8_t		 b[400];
};
static struct xq q[700];
static unsigned nq;
static struct gbuf fr, in;

static void
q_put(int64_t t, const struct gbuf *g)
{
	if (nq == sizeof(q) / sizeof(q[0]) || g->len > sizeof(q[0].b))
		gen_die("scen_bgp_x: frame queue full");
	q[nq].t = t;
	q[nq].n = (uint32_t)g->len;
	memcpy(q[nq].b, g->b, g->len);
	nq++;
}

static void
q_write(const char *outdir, const char *name)
{
	struct gen_pcap *w = gen_pcap_open(outdir, name, GEN_LT_ETHERNET,
	    65535, 0);
	unsigned i, j;

	for (i = 1; i < nq; i++)		/* insertion sort: stable */
		for (j = i; j > 0 && q[j - 1].t > q[j].t; j--) {
			struct xq tmp = q[j];

			q[j] = q[j - 1];
			q[j - 1] = tmp;
		}
	for (i = 0; i < nq; i++)
		gen_pcap_record(w, q[i].t, q[i].b, q[i].n, q[i].n);
	gen_pcap_close(w);
	nq = 0;
}

/* Scenario time in microseconds after the epoch. */
#define AT(us)	GEN_T(0, (us))
#define S(s)	((int64_t)(s) * 1000000)

/* ---- the tunnel: a opens, b answers (README "common cast") ---- */

static const struct l2b_path path = {
	.a = { { { 0x00, 0xa0, 0xde, 0x01, 0x01, 0x01 } },
	    GEN_IP4(203, 0, 113, 1), L2B_PORT, 64 },
	.b = { { { 0x00, 0xa0, 0xde, 0x02, 0x02, 0x02 } },
	    GEN_IP4(203, 0, 113, 2), L2B_PORT, 60 },
	.over_ip = 0,
};

struct tun {
	uint32_t	 ccid_a, ccid_b;	/* each LCCE's Assigned CCID */
	uint32_t	 sid_a, sid_b;		/* each LCCE's Session ID */
	uint16_t	 ans, anr, bns, bnr;
};

static void
ctl(int64_t us, int dir, const struct tun *t, uint16_t ns, uint16_t nr,
    const struct l2b_avps *l)
{
	l2b_ctl(&fr, &path, dir, dir == L2B_AB ? t->ccid_b : t->ccid_a, ns,
	    nr, L2B_V3CTL, l);
	q_put(AT(us), &fr);
}

/* SCCRQ, SCCRP, SCCCN, ZLB, ICRQ, ICRP, ICCN, ZLB, 1 ms apart. */
static void
tun_up(struct tun *t, int64_t us, long serial)
{
	static const uint16_t pwcap[] = { 5 };
	static const struct l2b_ident ia = { "lcce-a", NULL,
	    GEN_IP4(203, 0, 113, 1), pwcap, 1, 0, NULL };
	static const struct l2b_ident ib = { "lcce-b", NULL,
	    GEN_IP4(203, 0, 113, 2), pwcap, 1, 0, NULL };
	static struct l2b_avps l;
	struct l2b_sess sa, sb;

	t->ans = t->anr = t->bns = t->bnr = 0;
	l2b_avps_reset(&l);
	l2b_sccrq_avps(&l, &ia, t->ccid_a);
	l2b_ctl(&fr, &path, L2B_AB, 0, t->ans++, t->anr, L2B_V3CTL, &l);
	q_put(AT(us), &fr);
	t->bnr = t->ans;
	l2b_avps_reset(&l);
	l2b_sccrp_avps(&l, &ib, t->ccid_b);
	ctl(us + 1000, L2B_BA, t, t->bns++, t->bnr, &l);
	t->anr = t->bns;
	l2b_avps_reset(&l);
	l2b_type_avps(&l, L2B_SCCCN);
	ctl(us + 2000, L2B_AB, t, t->ans++, t->anr, &l);
	t->bnr = t->ans;
	ctl(us + 3000, L2B_BA, t, t->bns, t->bnr, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.lsid = t->sid_a;
	sa.serial = serial;
	sa.pw_type = 5;
	sa.end_id = "bgp-pw";
	sa.circuit = 3;
	sa.l2ss = -1;
	sb = sa;
	sb.lsid = t->sid_b;
	sb.rsid = t->sid_a;
	sb.pw_type = 0;
	sb.serial = -1;
	sb.end_id = NULL;
	sb.circuit = 1;
	l2b_avps_reset(&l);
	l2b_icrq_avps(&l, &sa);
	ctl(us + 4000, L2B_AB, t, t->ans++, t->anr, &l);
	t->bnr = t->ans;
	l2b_avps_reset(&l);
	l2b_icrp_avps(&l, &sb);
	ctl(us + 5000, L2B_BA, t, t->bns++, t->bnr, &l);
	t->anr = t->bns;
	l2b_avps_reset(&l);
	l2b_iccn_avps(&l, t->sid_a, t->sid_b);
	ctl(us + 6000, L2B_AB, t, t->ans++, t->anr, &l);
	t->bnr = t->ans;
	ctl(us + 7000, L2B_BA, t, t->bns, t->bnr, NULL);
}

/* a's Hello; b's ZLB 20 ms later when answered.  Returns its Ns. */
static uint16_t
hello(struct tun *t, int64_t us, int answered)
{
	static struct l2b_avps l;
	uint16_t ns = t->ans++;

	l2b_avps_reset(&l);
	l2b_type_avps(&l, L2B_HELLO);
	ctl(us, L2B_AB, t, ns, t->anr, &l);
	if (answered) {
		t->bnr = t->ans;
		ctl(us + 20000, L2B_BA, t, t->bns, t->bnr, NULL);
	}
	return ns;
}

static void
hello_again(const struct tun *t, int64_t us, uint16_t ns)
{
	static struct l2b_avps l;

	l2b_avps_reset(&l);
	l2b_type_avps(&l, L2B_HELLO);
	ctl(us, L2B_AB, t, ns, t->anr, &l);
}

/* a's StopCCN result 7 (RFC 3931 §5.4.2: FSM error or timeout), sent at
 * each of n times (retransmissions keep the Ns). */
static void
stopccn(struct tun *t, const int64_t *us, unsigned n)
{
	static struct l2b_avps l;
	uint16_t ns = t->ans++;
	unsigned i;

	l2b_avps_reset(&l);
	l2b_stopccn_avps(&l, t->ccid_a, 7, -1, NULL);
	for (i = 0; i < n; i++)
		ctl(us[i], L2B_AB, t, ns, t->anr, &l);
}

/* ICMP echo request a -> b on the outer link. */
static void
ping_b(int64_t us, uint16_t seq)
{
	struct gen_ip4 ip = { .src = path.a.addr, .dst = path.b.addr,
	    .proto = GEN_IP_ICMP };
	static const uint8_t pay[16] = { 0 };

	gb_reset(&fr);
	gb_eth(&fr, path.b.mac, path.a.mac, GEN_ET_IPV4);
	gb_ipv4(&fr, &ip);
	gb_icmp(&fr, 8, 0, (uint32_t)0x4242 << 16 | seq);
	gb_bytes(&fr, pay, sizeof(pay));
	gb_finish(&fr);
	gb_pad(&fr, 60);
	q_put(AT(us), &fr);
}

/* ---- one TCP connection between P and Q ---- */

#define P_IP	GEN_IP4(10, 0, 0, 1)
#define Q_IP	GEN_IP4(10, 0, 0, 2)
#define P_AS	65001u
#define Q_AS	65002u

static const struct gen_mac mac_pq[2] = {
	{ { 0x02, 0, 0, 0, 0, 0x11 } }, { { 0x02, 0, 0, 0, 0, 0x22 } }
};

/* dir 0: P -> Q, dir 1: Q -> P */
struct xc {
	uint16_t	 port[2];
	uint32_t	 isn[2];
	uint32_t	 next[2];	/* next sequence number per dir */
	const struct tun *pw;	/* NULL: plain Ethernet */
};

static void
xc_init(struct xc *c, uint16_t pport, uint16_t qport, uint32_t pisn,
    uint32_t qisn, const struct tun *pw)
{
	memset(c, 0, sizeof(*c));
	c->port[0] = pport;
	c->port[1] = qport;
	c->isn[0] = pisn;
	c->isn[1] = qisn;
	c->next[0] = pisn;
	c->next[1] = qisn;
	c->pw = pw;
}

/* A segment from dir's sender carrying n bytes: seq from the stream, ack
 * all the peer sent so far (when ACK is set). */
static void
seg(struct xc *c, int64_t us, int dir, uint8_t flags, const uint8_t *p,
    size_t n)
{
	struct gen_tcp tcp;
	uint32_t src = dir ? Q_IP : P_IP, dst = dir ? P_IP : Q_IP;

	memset(&tcp, 0, sizeof(tcp));
	tcp.sport = c->port[dir];
	tcp.dport = c->port[!dir];
	tcp.seq = (flags & GEN_TH_SYN) ? c->isn[dir] : c->next[dir];
	tcp.ack = (flags & GEN_TH_ACK) ? c->next[!dir] : 0;
	tcp.flags = flags;
	tcp.win = 16384;
	if (flags & GEN_TH_SYN)
		tcp.mss = c->pw != NULL ? 1410 : 1460;
	if (c->pw == NULL) {
		struct gen_ip4 ip = { .src = src, .dst = dst,
		    .proto = GEN_IP_TCP };

		gb_reset(&fr);
		gb_eth(&fr, mac_pq[!dir], mac_pq[dir], GEN_ET_IPV4);
		gb_ipv4(&fr, &ip);
		gb_tcp(&fr, &tcp);
		gb_bytes(&fr, p, n);
		gb_finish(&fr);
		gb_pad(&fr, 60);
	} else {
		/* P's frames go a -> b in b's Session ID, Q's b -> a */
		l2b_in_tcp(&in, mac_pq[!dir], mac_pq[dir], src, dst, &tcp, p,
		    n);
		l2b_data(&fr, &path, dir ? L2B_BA : L2B_AB,
		    dir ? c->pw->sid_a : c->pw->sid_b, NULL, 0, L2B_NO_L2SS,
		    &in);
	}
	q_put(AT(us), &fr);
	if (flags & GEN_TH_SYN)
		c->next[dir] = c->isn[dir] + 1;
	c->next[dir] += (uint32_t)n;
	if (flags & GEN_TH_FIN)
		c->next[dir]++;
}

static void
msg(struct xc *c, int64_t us, int dir, const struct xmsg *m)
{
	seg(c, us, dir, GEN_TH_ACK | GEN_TH_PSH, m->b, m->n);
}

static void
ka(struct xc *c, int64_t us, int dir)
{
	struct xmsg m;

	xm_keepalive(&m);
	msg(c, us, dir, &m);
}

/* Handshake at us (P opens), OPENs, KEEPALIVEs (Established at Q's, us +
 * 6 ms), Q's UPDATE at us + 7 ms. */
static void
establish(struct xc *c, int64_t us, uint16_t hold)
{
	struct xmsg m;

	seg(c, us, 0, GEN_TH_SYN, NULL, 0);
	seg(c, us + 1000, 1, GEN_TH_SYN | GEN_TH_ACK, NULL, 0);
	seg(c, us + 2000, 0, GEN_TH_ACK, NULL, 0);
	xm_open(&m, P_AS, hold, P_IP);
	msg(c, us + 3000, 0, &m);
	xm_open(&m, Q_AS, hold, Q_IP);
	msg(c, us + 4000, 1, &m);
	ka(c, us + 5000, 0);
	ka(c, us + 6000, 1);
	xm_update(&m, Q_AS, Q_IP);
	msg(c, us + 7000, 1, &m);
}

/* KEEPALIVEs from P at each time and from Q 1 ms later (q: 0 none). */
static void
kas(struct xc *c, int64_t from_s, int64_t to_s, int64_t every_s, int q_too)
{
	int64_t s;

	for (s = from_s; s <= to_s; s += every_s) {
		ka(c, S(s), 0);
		if (q_too)
			ka(c, S(s) + 1000, 1);
	}
}

/* ---- scenarios ---- */

static void
tun_init(struct tun *t, int second)
{
	memset(t, 0, sizeof(*t));
	t->ccid_a = second ? 0x1112 : 0x1111;
	t->ccid_b = second ? 0x2223 : 0x2222;
	t->sid_a = second ? 0x1002 : 0x1001;
	t->sid_b = second ? 0x2002 : 0x2001;
}

void
scen_bgp_pw_healthy(const char *outdir)
{
	static struct tun t;
	static struct xc c;

	tun_init(&t, 0);
	tun_up(&t, 0, 1);
	xc_init(&c, 40001, 179, 100000, 500000, &t);
	establish(&c, S(1), 90);
	kas(&c, 31, 121, 30, 1);
	hello(&t, S(60), 1);
	hello(&t, S(120), 1);
	q_write(outdir, "bgp-pw-healthy.pcap");
}

void
scen_bgp_hold_hello_timeout(const char *outdir)
{
	static struct tun t;
	static struct xc c;
	static const int64_t stop[] = { S(121) + 500000, S(122) + 500000,
	    S(124) + 500000 };
	uint16_t ns;

	tun_init(&t, 0);
	tun_up(&t, 0, 1);
	xc_init(&c, 40001, 179, 100000, 500000, &t);
	establish(&c, S(1), 90);
	kas(&c, 31, 61, 30, 1);
	hello(&t, S(60) + 500000, 1);		/* b's last packet: 60.52 */
	ka(&c, S(91), 0);			/* one way from here on */
	ns = hello(&t, S(90) + 500000, 0);
	hello_again(&t, S(91) + 500000, ns);
	hello_again(&t, S(93) + 500000, ns);
	hello_again(&t, S(97) + 500000, ns);
	hello_again(&t, S(105) + 500000, ns);
	hello_again(&t, S(113) + 500000, ns);
	stopccn(&t, stop, 3);
	ping_b(S(155), 1);
	ping_b(S(156), 2);
	ping_b(S(157), 3);
	q_write(outdir, "bgp-hold-hello-timeout.pcap");
}

void
scen_bgp_story_arc(const char *outdir)
{
	static struct tun t1, t2;
	static struct xc c1, c2, c3;
	static const int64_t stop[] = { S(111) + 500000 };
	uint16_t ns;

	tun_init(&t1, 0);
	tun_up(&t1, 0, 1);
	xc_init(&c1, 40001, 179, 100000, 500000, &t1);
	establish(&c1, S(1), 30);
	kas(&c1, 11, 41, 10, 1);
	hello(&t1, S(40) + 500000, 1);		/* b's last packet: 40.52 */
	kas(&c1, 51, 61, 10, 0);		/* one way */
	/* P's hold timer runs out at 71.001: connection 2, unanswered */
	xc_init(&c2, 40002, 179, 200000, 0, &t1);
	seg(&c2, S(72), 0, GEN_TH_SYN, NULL, 0);
	seg(&c2, S(73), 0, GEN_TH_SYN, NULL, 0);
	seg(&c2, S(75), 0, GEN_TH_SYN, NULL, 0);
	seg(&c2, S(79), 0, GEN_TH_SYN, NULL, 0);
	ns = hello(&t1, S(80) + 500000, 0);
	hello_again(&t1, S(81) + 500000, ns);
	hello_again(&t1, S(83) + 500000, ns);
	hello_again(&t1, S(87) + 500000, ns);
	hello_again(&t1, S(95) + 500000, ns);
	hello_again(&t1, S(103) + 500000, ns);
	stopccn(&t1, stop, 1);
	/* the fix: a new control connection and session */
	tun_init(&t2, 1);
	tun_up(&t2, S(120), 2);
	xc_init(&c3, 40003, 179, 300000, 700000, &t2);
	establish(&c3, S(125), 30);
	kas(&c3, 135, 145, 10, 1);
	q_write(outdir, "bgp-story-arc.pcap");
}

/* Q expects AS 65009: each attempt is answered with Bad Peer AS. */
void
scen_bgp_bad_peer_as(const char *outdir)
{
	static const long at[] = { 1, 31, 91, 211 };
	static struct tun t;
	static struct xc c;
	static const uint8_t data[] = { 0xfd, 0xe9 };	/* 65001 */
	struct xmsg m;
	unsigned i;

	tun_init(&t, 0);
	tun_up(&t, 0, 1);
	for (i = 0; i < 4; i++) {
		int64_t us = S(at[i]);

		xc_init(&c, (uint16_t)(40001 + i), 179, 100000 + 1000 * i,
		    500000 + 1000 * i, &t);
		seg(&c, us, 0, GEN_TH_SYN, NULL, 0);
		seg(&c, us + 1000, 1, GEN_TH_SYN | GEN_TH_ACK, NULL, 0);
		seg(&c, us + 2000, 0, GEN_TH_ACK, NULL, 0);
		xm_open(&m, P_AS, 90, P_IP);
		msg(&c, us + 3000, 0, &m);
		xm_open(&m, Q_AS, 90, Q_IP);
		msg(&c, us + 4000, 1, &m);
		xm_notif(&m, 2, 2, data, sizeof(data));
		msg(&c, us + 5000, 1, &m);
		seg(&c, us + 6000, 1, GEN_TH_ACK | GEN_TH_FIN, NULL, 0);
		seg(&c, us + 7000, 0, GEN_TH_ACK | GEN_TH_FIN, NULL, 0);
		seg(&c, us + 8000, 1, GEN_TH_ACK, NULL, 0);
	}
	for (i = 1; i <= 4; i++)
		hello(&t, S(60 * i), 1);
	q_write(outdir, "bgp-bad-peer-as.pcap");
}

void
scen_bgp_collision(const char *outdir)
{
	static struct xc c1, c2;
	struct xmsg m;

	/* c1: P 40001 -> Q 179; c2: Q 40002 -> P 179 (dir 0 is still P) */
	xc_init(&c1, 40001, 179, 100000, 500000, NULL);
	xc_init(&c2, 179, 40002, 600000, 200000, NULL);
	seg(&c1, S(1), 0, GEN_TH_SYN, NULL, 0);
	seg(&c2, S(1) + 500, 1, GEN_TH_SYN, NULL, 0);
	seg(&c1, S(1) + 1000, 1, GEN_TH_SYN | GEN_TH_ACK, NULL, 0);
	seg(&c2, S(1) + 1500, 0, GEN_TH_SYN | GEN_TH_ACK, NULL, 0);
	seg(&c1, S(1) + 2000, 0, GEN_TH_ACK, NULL, 0);
	seg(&c2, S(1) + 2500, 1, GEN_TH_ACK, NULL, 0);
	xm_open(&m, P_AS, 90, P_IP);
	msg(&c1, S(1) + 3000, 0, &m);
	msg(&c2, S(1) + 3500, 0, &m);
	xm_open(&m, Q_AS, 90, Q_IP);
	msg(&c1, S(1) + 4000, 1, &m);
	msg(&c2, S(1) + 4500, 1, &m);
	/* Q sees both OPENs: no KEEPALIVE on P's connection, the Cease */
	ka(&c1, S(1) + 5000, 0);
	ka(&c2, S(1) + 5500, 0);
	ka(&c2, S(1) + 6500, 1);
	/* Q (higher ID) closes P's connection: Cease 7 (RFC 4271 §6.8) */
	xm_notif(&m, 6, 7, NULL, 0);
	msg(&c1, S(1) + 20000, 1, &m);
	seg(&c1, S(1) + 21000, 1, GEN_TH_ACK | GEN_TH_FIN, NULL, 0);
	seg(&c1, S(1) + 22000, 0, GEN_TH_ACK | GEN_TH_FIN, NULL, 0);
	seg(&c1, S(1) + 23000, 1, GEN_TH_ACK, NULL, 0);
	xm_update(&m, Q_AS, Q_IP);
	msg(&c2, S(1) + 30000, 1, &m);
	kas(&c2, 31, 61, 30, 1);
	q_write(outdir, "bgp-collision.pcap");
}

void
scen_bgp_cease_shutdown(const char *outdir)
{
	static const char text[] = "maintenance window 42, back at 10:00";
	static struct xc c, r;
	struct xmsg m;
	uint8_t data[64];
	unsigned i;

	xc_init(&c, 40001, 179, 100000, 500000, NULL);
	establish(&c, S(1), 90);
	kas(&c, 31, 31, 30, 1);
	data[0] = (uint8_t)(sizeof(text) - 1);
	memcpy(data + 1, text, sizeof(text) - 1);
	xm_notif(&m, 6, 2, data, sizeof(text));
	msg(&c, S(40), 1, &m);
	seg(&c, S(40) + 1000, 1, GEN_TH_ACK | GEN_TH_FIN, NULL, 0);
	seg(&c, S(40) + 2000, 0, GEN_TH_ACK | GEN_TH_FIN, NULL, 0);
	seg(&c, S(40) + 3000, 1, GEN_TH_ACK, NULL, 0);
	/* P retries; Q refuses: RST, ACK of the SYN (RFC 9293 §3.10.7.1) */
	for (i = 0; i < 2; i++) {
		int64_t us = S(i == 0 ? 70 : 130);

		xc_init(&r, (uint16_t)(40002 + i), 179, 200000 + 1000 * i, 0,
		    NULL);
		seg(&r, us, 0, GEN_TH_SYN, NULL, 0);
		seg(&r, us + 1000, 1, GEN_TH_RST | GEN_TH_ACK, NULL, 0);
	}
	q_write(outdir, "bgp-cease-shutdown.pcap");
}

void
scen_bgp_flapping(const char *outdir)
{
	static struct xc c;
	unsigned i;

	for (i = 0; i < 4; i++) {
		int64_t s = 1 + 30 * (int64_t)i;

		xc_init(&c, (uint16_t)(40001 + i), 179, 100000 + 1000 * i,
		    500000 + 1000 * i, NULL);
		establish(&c, S(s), 90);
		if (i < 3)
			seg(&c, S(s + 20), 1, GEN_TH_RST | GEN_TH_ACK, NULL,
			    0);
	}
	ka(&c, S(121), 0);
	ka(&c, S(121) + 1000, 1);
	q_write(outdir, "bgp-flapping.pcap");
}

void
scen_bgp_hold_eth(const char *outdir)
{
	static struct xc c;

	xc_init(&c, 40001, 179, 100000, 500000, NULL);
	establish(&c, S(1), 30);
	kas(&c, 11, 21, 10, 1);
	kas(&c, 31, 41, 10, 0);			/* Q silent */
	seg(&c, S(52), 0, GEN_TH_RST | GEN_TH_ACK, NULL, 0);
	q_write(outdir, "bgp-hold-eth.pcap");
}

/* An ARP request inside the pseudowire from dir's sender (0: P asks for
 * Q, 1: Q asks for P), or the reply (op 2) to the other's request. */
static void
arp_pq(const struct tun *t, int64_t us, int dir, uint16_t op)
{
	static const struct gen_mac bc = { { 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff } }, none = { { 0 } };
	uint32_t me = dir ? Q_IP : P_IP, peer = dir ? P_IP : Q_IP;

	l2b_in_arp(&in, op, mac_pq[dir], me, op == 1 ? none : mac_pq[!dir],
	    peer, op == 1 ? bc : mac_pq[!dir]);
	l2b_data(&fr, &path, dir ? L2B_BA : L2B_AB,
	    dir ? t->sid_a : t->sid_b, NULL, 0, L2B_NO_L2SS, &in);
	q_put(AT(us), &fr);
}

/* Q's one ARP request for P goes unanswered; a second later P resolves
 * Q (request, reply) and opens the session, which comes up: one lost
 * request in an up pseudowire is no failure to connect. */
void
scen_bgp_arp_lost_once(const char *outdir)
{
	static struct tun t;
	static struct xc c;

	tun_init(&t, 0);
	tun_up(&t, 0, 1);
	arp_pq(&t, S(1), 1, 1);
	arp_pq(&t, S(2), 0, 1);
	arp_pq(&t, S(2) + 1000, 1, 2);
	xc_init(&c, 40001, 179, 100000, 500000, &t);
	establish(&c, S(2) + 10000, 90);
	kas(&c, 32, 32, 30, 1);
	q_write(outdir, "bgp-arp-lost-once.pcap");
}
