/* scen_bgp.c - BGP-4 sessions over TCP (RFC 4271, RFC 9293): messages split and coalesced across segments, reordered and retransmitted, over Ethernet and inside L2TPv3 pseudowires (RFC 3931, RFC 4719).
 *
 * The BGP messages are built here byte by byte from RFC 4271 §4 (and
 * RFC 5492 capabilities, RFC 6793 AS4, RFC 9003 shutdown communication);
 * the TCP segments carry arbitrary byte ranges of the two byte streams, so
 * a scenario says exactly which bytes each frame holds.  captures/README.md
 * lists what every frame must decode to.
 */
#include <string.h>

#include "gen.h"
#include "l2tp_build.h"
#include "scenarios.h"

/* ---- BGP messages (RFC 4271 §4) ---- */

struct bmsg {
	uint8_t		 b[512];
	size_t		 n;
};

static void
bm_hdr(struct bmsg *m, uint8_t type)
{
	memset(m->b, 0xff, 16);
	m->b[16] = m->b[17] = 0;
	m->b[18] = type;
	m->n = 19;
}

static void
bm_u8(struct bmsg *m, uint8_t v)
{
	if (m->n >= sizeof(m->b))
		gen_die("bgp message too long");
	m->b[m->n++] = v;
}

static void
bm_u16(struct bmsg *m, uint16_t v)
{
	bm_u8(m, (uint8_t)(v >> 8));
	bm_u8(m, (uint8_t)v);
}

static void
bm_u32(struct bmsg *m, uint32_t v)
{
	bm_u16(m, (uint16_t)(v >> 16));
	bm_u16(m, (uint16_t)v);
}

static void
bm_bytes(struct bmsg *m, const void *p, size_t n)
{
	const uint8_t *q = p;

	while (n--)
		bm_u8(m, *q++);
}

static void
bm_end(struct bmsg *m)
{
	m->b[16] = (uint8_t)(m->n >> 8);
	m->b[17] = (uint8_t)m->n;
}

/* OPEN: version 4, My AS, hold time, BGP ID, one Capabilities parameter
 * with MP (IPv4 unicast), Route Refresh and 4-octet AS (RFC 6793). */
static void
bm_open(struct bmsg *m, uint16_t my_as, uint16_t hold, uint32_t id,
    uint32_t as4)
{
	static const uint8_t mp[] = { 1, 4, 0, 1, 0, 1 };
	static const uint8_t rr[] = { 2, 0 };

	bm_hdr(m, 1);
	bm_u8(m, 4);
	bm_u16(m, my_as);
	bm_u16(m, hold);
	bm_u32(m, id);
	bm_u8(m, 16);			/* Optional Parameters Length */
	bm_u8(m, 2);			/* Capabilities */
	bm_u8(m, 14);
	bm_bytes(m, mp, sizeof(mp));
	bm_bytes(m, rr, sizeof(rr));
	bm_u8(m, 65);
	bm_u8(m, 4);
	bm_u32(m, as4);
	bm_end(m);
}

static void
bm_keepalive(struct bmsg *m)
{
	bm_hdr(m, 4);
	bm_end(m);
}

/* UPDATE announcing prefixes (len/bytes pairs in nlri) with ORIGIN IGP,
 * AS_PATH one AS_SEQUENCE of one 4-octet AS, NEXT_HOP. */
static void
bm_update(struct bmsg *m, const uint8_t *wd, size_t nwd, uint32_t as,
    uint32_t nh, const uint8_t *nlri, size_t nnlri)
{
	bm_hdr(m, 2);
	bm_u16(m, (uint16_t)nwd);
	bm_bytes(m, wd, nwd);
	if (nnlri == 0) {
		bm_u16(m, 0);
		bm_end(m);
		return;
	}
	bm_u16(m, 4 + 9 + 7);
	bm_u8(m, 0x40); bm_u8(m, 1); bm_u8(m, 1); bm_u8(m, 0);	/* IGP */
	bm_u8(m, 0x40); bm_u8(m, 2); bm_u8(m, 6);
	bm_u8(m, 2); bm_u8(m, 1); bm_u32(m, as);		/* AS_SEQ */
	bm_u8(m, 0x40); bm_u8(m, 3); bm_u8(m, 4); bm_u32(m, nh);
	bm_bytes(m, nlri, nnlri);
	bm_end(m);
}

/* NOTIFICATION with a shutdown communication (RFC 9003) as data. */
static void
bm_notif_shutdown(struct bmsg *m, uint8_t code, uint8_t sub,
    const char *text)
{
	size_t n = strlen(text);

	bm_hdr(m, 3);
	bm_u8(m, code);
	bm_u8(m, sub);
	bm_u8(m, (uint8_t)n);
	bm_bytes(m, text, n);
	bm_end(m);
}

/* ---- the two byte streams and the frames that carry them ---- */

/* Host A (192.0.2.1, AS 64001, port 40001) and B (192.0.2.2, AS 64002,
 * port 179); stream bytes are appended as messages are written. */
#define A_IP	GEN_IP4(192, 0, 2, 1)
#define B_IP	GEN_IP4(192, 0, 2, 2)
#define A_ISN	1000u
#define B_ISN	5000u

struct bstream {
	uint8_t		 b[2048];
	size_t		 n;
};

struct bsess {
	struct bstream	 s[2];		/* 0: A->B, 1: B->A */
	uint32_t	 isn[2];
	/* pseudowire: carry the frames in L2TPv3 session sid (0: plain) */
	const struct l2b_path *pw;
	uint32_t	 sid[2];	/* session ID toward each side */
	uint32_t	 ip[2];
	uint16_t	 port[2];
};

static const struct gen_mac mac_a = { { 0x02, 0, 0, 0, 0, 0x01 } };
static const struct gen_mac mac_b = { { 0x02, 0, 0, 0, 0, 0x02 } };
static struct gbuf fr, in;

/* Frames are queued and written in time order at the end, so that two
 * sessions can interleave (a stable sort: equal times keep their order). */
struct qframe {
	int64_t		 t;
	uint32_t	 n;
	uint8_t		 b[320];
};
static struct qframe q[160];
static unsigned nq;

static void
q_put(int64_t t, const struct gbuf *g)
{
	if (nq == sizeof(q) / sizeof(q[0]) || g->len > sizeof(q[0].b))
		gen_die("scen_bgp: frame queue full");
	q[nq].t = t;
	q[nq].n = (uint32_t)g->len;
	memcpy(q[nq].b, g->b, g->len);
	nq++;
}

static void
q_flush(struct gen_pcap *w)
{
	unsigned i, j;

	for (i = 1; i < nq; i++)		/* insertion sort: stable */
		for (j = i; j > 0 && q[j - 1].t > q[j].t; j--) {
			struct qframe tmp = q[j];

			q[j] = q[j - 1];
			q[j - 1] = tmp;
		}
	for (i = 0; i < nq; i++)
		gen_pcap_record(w, q[i].t, q[i].b, q[i].n, q[i].n);
	nq = 0;
}

static void
bs_put(struct bsess *x, int dir, const struct bmsg *m)
{
	struct bstream *s = &x->s[dir];

	if (s->n + m->n > sizeof(s->b))
		gen_die("bgp stream too long");
	memcpy(s->b + s->n, m->b, m->n);
	s->n += m->n;
}

/*
 * One segment from dir's sender carrying stream bytes [from, to) (none
 * when from == to), with the given flags; seq/ack follow the streams
 * (ack: what the other side has sent so far, up to ack_upto).
 */
static void
bs_seg(struct bsess *x, int64_t t, int dir, uint8_t flags, size_t from,
    size_t to, size_t ack_upto)
{
	struct gen_tcp tcp;
	int syn = (flags & GEN_TH_SYN) != 0;

	memset(&tcp, 0, sizeof(tcp));
	tcp.sport = x->port[dir];
	tcp.dport = x->port[!dir];
	tcp.seq = syn ? x->isn[dir] : x->isn[dir] + 1 + (uint32_t)from;
	tcp.ack = (flags & GEN_TH_ACK) ? x->isn[!dir] + 1 +
	    (uint32_t)ack_upto : 0;
	if ((flags & GEN_TH_ACK) && ack_upto == (size_t)-1)
		tcp.ack = x->isn[!dir] + 1;
	tcp.flags = flags;
	tcp.win = 16384;
	if (syn)
		tcp.mss = 1460;
	if (x->pw == NULL) {
		struct gen_ip4 ip = { .src = x->ip[dir], .dst = x->ip[!dir],
		    .proto = GEN_IP_TCP };

		gb_reset(&fr);
		gb_eth(&fr, dir ? mac_a : mac_b, dir ? mac_b : mac_a,
		    GEN_ET_IPV4);
		gb_ipv4(&fr, &ip);
		gb_tcp(&fr, &tcp);
		gb_bytes(&fr, x->s[dir].b + from, to - from);
		gb_finish(&fr);
		gb_pad(&fr, 60);
	} else {
		l2b_in_tcp(&in, dir ? mac_a : mac_b, dir ? mac_b : mac_a,
		    x->ip[dir], x->ip[!dir], &tcp, x->s[dir].b + from,
		    to - from);
		l2b_data(&fr, x->pw, dir ? L2B_BA : L2B_AB, x->sid[!dir],
		    NULL, 0, L2B_NO_L2SS, &in);
	}
	q_put(t, &fr);
}

/*
 * The session every variant plays (captures/README.md lists the frames):
 * handshake; A's OPEN split in two; B's OPEN and KEEPALIVE in one
 * segment; A's KEEPALIVE; B's UPDATE; B's second UPDATE split in two and
 * sent second half first, then the first half again (retransmission);
 * A's UPDATE (a withdrawal), KEEPALIVE and the start of its NOTIFICATION
 * coalesced; B's two KEEPALIVEs sent in reverse order; the rest of A's
 * NOTIFICATION (Cease/Administrative Shutdown, RFC 9003 text); FINs.
 * t0: seconds after the epoch; ms: milliseconds between frames.
 */
static void
bs_play(struct bsess *x, long t0, long us0)
{
	static const uint8_t nlri1[] = { 16, 10, 1 };
	static const uint8_t nlri2[] = { 24, 10, 2, 0, 24, 10, 3, 0 };
	static const uint8_t wd1[] = { 24, 10, 9, 0 };
	struct bmsg m;
	size_t a_open, b_open, b_ka0, a_ka, b_up1, b_up2, a_up, a_ka2, a_ntf,
	    b_k1, b_k2;
	int64_t us = us0;

#define T()	GEN_T(t0, us += 1000)
	memset(x->s, 0, sizeof(x->s));
	bm_open(&m, 64001, 90, A_IP, 64001);
	bs_put(x, 0, &m);
	a_open = x->s[0].n;				/* 45 */
	bm_open(&m, 64002, 180, B_IP, 64002);
	bs_put(x, 1, &m);
	b_open = x->s[1].n;				/* 45 */
	bm_keepalive(&m);
	bs_put(x, 1, &m);
	b_ka0 = x->s[1].n;				/* 64 */
	bs_put(x, 0, &m);
	a_ka = x->s[0].n;				/* 64 */
	bm_update(&m, NULL, 0, 64002, B_IP, nlri1, sizeof(nlri1));
	bs_put(x, 1, &m);
	b_up1 = x->s[1].n;				/* 110 */
	bm_update(&m, NULL, 0, 64002, B_IP, nlri2, sizeof(nlri2));
	bs_put(x, 1, &m);
	b_up2 = x->s[1].n;				/* 161 */
	bm_update(&m, wd1, sizeof(wd1), 0, 0, NULL, 0);
	bs_put(x, 0, &m);
	a_up = x->s[0].n;				/* 91 */
	bm_keepalive(&m);
	bs_put(x, 0, &m);
	a_ka2 = x->s[0].n;				/* 110 */
	bm_notif_shutdown(&m, 6, 2, "lab maintenance");
	bs_put(x, 0, &m);
	a_ntf = x->s[0].n;				/* 147 */
	bm_keepalive(&m);
	bs_put(x, 1, &m);
	b_k1 = x->s[1].n;				/* 180 */
	bs_put(x, 1, &m);
	b_k2 = x->s[1].n;				/* 199 */

	bs_seg(x, T(), 0, GEN_TH_SYN, 0, 0, 0);
	bs_seg(x, T(), 1, GEN_TH_SYN | GEN_TH_ACK, 0, 0, (size_t)-1);
	bs_seg(x, T(), 0, GEN_TH_ACK, 0, 0, 0);
	bs_seg(x, T(), 0, GEN_TH_ACK | GEN_TH_PSH, 0, 20, 0);
	bs_seg(x, T(), 0, GEN_TH_ACK | GEN_TH_PSH, 20, a_open, 0);
	bs_seg(x, T(), 1, GEN_TH_ACK, 0, 0, a_open);
	bs_seg(x, T(), 1, GEN_TH_ACK | GEN_TH_PSH, 0, b_ka0, a_open);
	bs_seg(x, T(), 0, GEN_TH_ACK | GEN_TH_PSH, a_open, a_ka, b_ka0);
	bs_seg(x, T(), 1, GEN_TH_ACK | GEN_TH_PSH, b_ka0, b_up1, a_ka);
	/* B's second UPDATE: second half first */
	bs_seg(x, T(), 1, GEN_TH_ACK | GEN_TH_PSH, b_up1 + 26, b_up2, a_ka);
	bs_seg(x, T(), 1, GEN_TH_ACK | GEN_TH_PSH, b_up1, b_up1 + 26, a_ka);
	bs_seg(x, T(), 1, GEN_TH_ACK | GEN_TH_PSH, b_up1, b_up1 + 26, a_ka);
	/* A: UPDATE + KEEPALIVE + 7 bytes of the NOTIFICATION */
	bs_seg(x, T(), 0, GEN_TH_ACK | GEN_TH_PSH, a_ka, a_ka2 + 7, b_up2);
	/* B's KEEPALIVEs in reverse order */
	bs_seg(x, T(), 1, GEN_TH_ACK | GEN_TH_PSH, b_k1, b_k2, a_ka2 + 7);
	bs_seg(x, T(), 1, GEN_TH_ACK | GEN_TH_PSH, b_up2, b_k1, a_ka2 + 7);
	/* the rest of the NOTIFICATION, then both FINs */
	bs_seg(x, T(), 0, GEN_TH_ACK | GEN_TH_PSH, a_ka2 + 7, a_ntf, b_k2);
	bs_seg(x, T(), 0, GEN_TH_ACK | GEN_TH_FIN, a_ntf, a_ntf, b_k2);
	bs_seg(x, T(), 1, GEN_TH_ACK | GEN_TH_FIN, b_k2, b_k2, a_ntf + 1);
	bs_seg(x, T(), 0, GEN_TH_ACK, a_ntf + 1, a_ntf + 1, b_k2 + 1);
#undef T
	(void)b_open;
	(void)a_up;
}

static void
bs_init(struct bsess *x)
{
	memset(x, 0, sizeof(*x));
	x->isn[0] = A_ISN;
	x->isn[1] = B_ISN;
	x->ip[0] = A_IP;
	x->ip[1] = B_IP;
	x->port[0] = 40001;
	x->port[1] = 179;
}

void
scen_bgp_session_eth(const char *outdir)
{
	static struct bsess x;
	struct gen_pcap *w = gen_pcap_open(outdir, "bgp-session-eth.pcap",
	    GEN_LT_ETHERNET, 65535, 0);

	bs_init(&x);
	bs_play(&x, 0, 0);
	q_flush(w);
	gen_pcap_close(w);
}

/* ---- inside L2TPv3 Ethernet pseudowires ---- */

static const struct l2b_path pw_path = {
	.a = { { { 0x00, 0xa0, 0xde, 0x01, 0x01, 0x01 } },
	    GEN_IP4(203, 0, 113, 1), 0, 0 },
	.b = { { { 0x00, 0xa0, 0xde, 0x02, 0x02, 0x02 } },
	    GEN_IP4(203, 0, 113, 2), 0, 0 },
	.over_ip = 1,
};

static void
pw_ctl(int64_t t, int dir, uint32_t ccid, uint16_t ns, uint16_t nr,
    const struct l2b_avps *l)
{
	l2b_ctl(&fr, &pw_path, dir, ccid, ns, nr, L2B_V3CTL, l);
	q_put(t, &fr);
}

/* Control connection 0x1111 (LCCE a) / 0x2222 (b), then one Ethernet
 * pseudowire (PW type 5) per entry of lsid_a/lsid_b. */
static void
pw_setup(long t0, const uint32_t *lsid_a, const uint32_t *lsid_b,
    unsigned nsess)
{
	static const uint16_t pwcap[] = { 5 };
	static const struct l2b_ident ia = { "lcce-a", NULL,
	    GEN_IP4(203, 0, 113, 1), pwcap, 1, 0, NULL };
	static const struct l2b_ident ib = { "lcce-b", NULL,
	    GEN_IP4(203, 0, 113, 2), pwcap, 1, 0, NULL };
	static struct l2b_avps l;
	uint16_t ans = 0, anr = 0, bns = 0, bnr = 0;
	int64_t us = 0;
	unsigned i;

	l2b_avps_reset(&l);
	l2b_sccrq_avps(&l, &ia, 0x1111);
	pw_ctl(GEN_T(t0, us += 1000), L2B_AB, 0, ans++, anr, &l);
	bnr = ans;
	l2b_avps_reset(&l);
	l2b_sccrp_avps(&l, &ib, 0x2222);
	pw_ctl(GEN_T(t0, us += 1000), L2B_BA, 0x1111, bns++, bnr, &l);
	anr = bns;
	l2b_avps_reset(&l);
	l2b_type_avps(&l, L2B_SCCCN);
	pw_ctl(GEN_T(t0, us += 1000), L2B_AB, 0x2222, ans++, anr, &l);
	bnr = ans;
	pw_ctl(GEN_T(t0, us += 1000), L2B_BA, 0x1111, bns, bnr, NULL);
	for (i = 0; i < nsess; i++) {
		struct l2b_sess sa, sb;

		memset(&sa, 0, sizeof(sa));
		sa.lsid = lsid_a[i];
		sa.serial = (long)i + 1;
		sa.pw_type = 5;
		sa.end_id = i == 0 ? "bgp-pw-1" : "bgp-pw-2";
		sa.circuit = 3;		/* active, new */
		sa.l2ss = -1;
		sb = sa;
		sb.lsid = lsid_b[i];
		sb.rsid = lsid_a[i];
		sb.pw_type = 0;		/* not in ICRP (RFC 3931 §6.11) */
		l2b_avps_reset(&l);
		l2b_icrq_avps(&l, &sa);
		pw_ctl(GEN_T(t0, us += 1000), L2B_AB, 0x2222, ans++, anr, &l);
		bnr = ans;
		l2b_avps_reset(&l);
		l2b_icrp_avps(&l, &sb);
		pw_ctl(GEN_T(t0, us += 1000), L2B_BA, 0x1111, bns++, bnr, &l);
		anr = bns;
		l2b_avps_reset(&l);
		l2b_iccn_avps(&l, lsid_a[i], lsid_b[i]);
		pw_ctl(GEN_T(t0, us += 1000), L2B_AB, 0x2222, ans++, anr, &l);
		bnr = ans;
		pw_ctl(GEN_T(t0, us += 1000), L2B_BA, 0x1111, bns, bnr, NULL);
	}
}

/*
 * The same session inside pseudowire 1, and a second session with the
 * same inner addresses and ports (other ISNs) inside pseudowire 2,
 * interleaved frame by frame: the TCP stream key must keep them apart.
 */
void
scen_bgp_session_pw(const char *outdir)
{
	static const uint32_t la[] = { 0x1001, 0x1002 };
	static const uint32_t lb[] = { 0x2001, 0x2002 };
	static struct bsess x1, x2;
	struct gen_pcap *w = gen_pcap_open(outdir, "bgp-session-pw.pcap",
	    GEN_LT_ETHERNET, 65535, 0);

	pw_setup(0, la, lb, 2);
	bs_init(&x1);
	x1.pw = &pw_path;
	x1.sid[0] = la[0];
	x1.sid[1] = lb[0];
	bs_play(&x1, 1, 0);
	bs_init(&x2);
	x2.pw = &pw_path;
	x2.sid[0] = la[1];
	x2.sid[1] = lb[1];
	x2.isn[0] = 700000;
	x2.isn[1] = 900000;
	bs_play(&x2, 1, 500);
	q_flush(w);
	gen_pcap_close(w);
}
