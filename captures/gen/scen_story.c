/* scen_story.c - the incident of ../shared/story/STORY.md as captures: an
 * L2TPv3 pseudowire (RFC 3931) stalled by recursive routing, seen from
 * RT01's WAN link and its bridged LAN, and the whole arc from healthy to
 * fixed with BGP (RFC 4271) inside the pseudowire.  Frame-by-frame
 * contents and the expected findings: captures/README.md.
 */
#include <string.h>

#include "gen.h"
#include "l2tp_build.h"
#include "scenarios.h"

/* Link MACs: RT01 lan2, RT02 lan2 (the WAN /30). */
static const struct gen_mac mac_rt01w = { { 0x00, 0xa0, 0xde, 1, 1, 1 } };
static const struct gen_mac mac_rt02w = { { 0x00, 0xa0, 0xde, 2, 2, 2 } };
/* The extended segment 192.168.200.0/24. */
static const struct gen_mac mac_h1 = { { 0x00, 0xa0, 0xde, 0x01, 0x00, 0x01 } };
static const struct gen_mac mac_h2 = { { 0x00, 0xa0, 0xde, 0x02, 0x00, 0x02 } };
static const struct gen_mac mac_h3 = { { 0x00, 0xa0, 0xde, 0x03, 0x00, 0x03 } };
static const struct gen_mac mac_h4 = { { 0x00, 0xa0, 0xde, 0x04, 0x00, 0x04 } };
static const struct gen_mac mac_bc = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
static const struct gen_mac mac_zero = { { 0 } };

#define RT01	GEN_IP4(192, 168, 1, 1)
#define RT02W	GEN_IP4(192, 168, 1, 2)
#define RT03	GEN_IP4(192, 168, 200, 3)
#define IN1	GEN_IP4(192, 168, 200, 1)
#define IN2	GEN_IP4(192, 168, 200, 2)
#define IN3	GEN_IP4(192, 168, 200, 3)
#define IN4	GEN_IP4(192, 168, 200, 4)

/* Tunnel and session IDs (STORY.md; the post-fix ones are ours). */
#define CC01_OK		7677u
#define CC03_OK		24987u
#define SID01_OK	18450u
#define SID03_OK	34000u
#define CC01_FAIL	56446u
#define CC03_FAIL	20634u
#define CC03_RETRY	39215u
#define CC03_FIX	41529u
#define SID01_FIX	27311u
#define SID03_FIX	50122u

static const uint8_t tie01[8] = { 0x5e, 0x1f, 0x22, 0x9a, 1, 2, 3, 4 };
static const uint8_t tie03[8] = { 0x9c, 0x4d, 0x7e, 0x21, 0x0a, 0x0b, 0x0c,
    0x0d };
static const uint16_t pw_eth[] = { 5 };

/* RT01 (a) and RT03 (b) on RT01's WAN link: RT03's packets arrive from
 * RT02's MAC with TTL 253 (STORY.md step 1). */
static const struct l2b_path wan = {
	.a = { .mac = { { 0x00, 0xa0, 0xde, 1, 1, 1 } }, .addr = RT01,
	    .port = L2B_PORT, .ttl = 255 },
	.b = { .mac = { { 0x00, 0xa0, 0xde, 2, 2, 2 } }, .addr = RT03,
	    .port = L2B_PORT, .ttl = 253 },
};

#define FROM01	L2B_AB
#define FROM03	L2B_BA

static struct gbuf fr, in;
static struct l2b_avps al;

static void
ctl(struct gen_pcap *w, int64_t t, int dir, uint32_t ccid, uint16_t ns,
    uint16_t nr)
{
	l2b_ctl(&fr, &wan, dir, ccid, ns, nr, L2B_V3CTL, &al);
	gen_pcap_frame(w, t, &fr);
	l2b_avps_reset(&al);
}

static void
msg(struct gen_pcap *w, int64_t t, int dir, uint16_t type, uint32_t ccid,
    uint16_t ns, uint16_t nr)
{
	l2b_type_avps(&al, type);
	ctl(w, t, dir, ccid, ns, nr);
}

static void
sccrq(struct gen_pcap *w, int64_t t, int dir, uint32_t my_ccid)
{
	struct l2b_ident id = { .vendor = "YAMAHA Corporation", .pw = pw_eth,
	    .npw = 1, .rws = 4 };

	id.host = dir == FROM01 ? "RT01" : "RT03";
	id.router_id = dir == FROM01 ? RT01 : RT03;
	id.tie = dir == FROM01 ? tie01 : tie03;
	l2b_sccrq_avps(&al, &id, my_ccid);
	ctl(w, t, dir, 0, 0, 0);
}

static void
sccrp(struct gen_pcap *w, int64_t t, int dir, uint32_t peer_ccid,
    uint32_t my_ccid)
{
	struct l2b_ident id = { .vendor = "YAMAHA Corporation", .pw = pw_eth,
	    .npw = 1, .rws = 4 };

	id.host = dir == FROM01 ? "RT01" : "RT03";
	id.router_id = dir == FROM01 ? RT01 : RT03;
	l2b_sccrp_avps(&al, &id, my_ccid);
	ctl(w, t, dir, peer_ccid, 0, 1);
}

static void
data(struct gen_pcap *w, int64_t t, int dir, uint32_t sid)
{
	l2b_data(&fr, &wan, dir, sid, NULL, 0, L2B_NO_L2SS, &in);
	gen_pcap_frame(w, t, &fr);
}

/* ICMP echo (8) / reply (0) on a plain Ethernet link. */
static void
echo(struct gen_pcap *w, int64_t t, struct gen_mac dmac, struct gen_mac smac,
    uint32_t src, uint32_t dst, uint8_t ttl, uint8_t type, uint16_t id,
    uint16_t seq)
{
	struct gen_ip4 ip = { .src = src, .dst = dst, .proto = GEN_IP_ICMP,
	    .ttl = ttl };

	gb_reset(&fr);
	gb_eth(&fr, dmac, smac, GEN_ET_IPV4);
	gb_ipv4(&fr, &ip);
	gb_icmp(&fr, type, 0, (uint32_t)id << 16 | seq);
	gb_str(&fr, "tunnelscope-ping");
	gb_finish(&fr);
	gb_pad(&fr, 60);
	gen_pcap_frame(w, t, &fr);
}

/* RT01 pings its gateway RT02 over the WAN: request + reply 400 us later. */
static void
wan_ping(struct gen_pcap *w, long s, uint16_t seq)
{
	echo(w, GEN_T(s, 0), mac_rt02w, mac_rt01w, RT01, RT02W, 255, 8,
	    0x0101, seq);
	echo(w, GEN_T(s, 400), mac_rt01w, mac_rt02w, RT02W, RT01, 255, 0,
	    0x0101, seq);
}

/* ARP on the LAN link (outer frame, not in a tunnel). */
static void
lan_arp(struct gen_pcap *w, int64_t t, uint16_t op, struct gen_mac sha,
    uint32_t spa, struct gen_mac tha, uint32_t tpa, struct gen_mac dst)
{
	l2b_in_arp(&fr, op, sha, spa, tha, tpa, dst);
	gen_pcap_frame(w, t, &fr);
}

/* RT03's SCCRQ schedule of one attempt: first at `start`, then after 1,
 * 2, 4, 8, 8, 8, 8, 8 s (9 in all).  Offsets in seconds. */
static const long sched9[9] = { 0, 1, 3, 7, 15, 23, 31, 39, 47 };

/* ---- story-wan.pcap, story-lan.pcap ---- */

void
scen_story_wan(const char *outdir)
{
	struct gen_pcap *w = gen_pcap_open(outdir, "story-wan.pcap",
	    GEN_LT_ETHERNET, 65535, 0);
	int i;

	wan_ping(w, 0, 1);
	for (i = 0; i < 9; i++) {
		if (sched9[i] + 1 == 32)
			wan_ping(w, 30, 2);
		sccrq(w, GEN_T(1 + sched9[i], 0), FROM03, CC03_FAIL);
	}
	wan_ping(w, 55, 3);
	gen_pcap_close(w);
}

void
scen_story_lan(const char *outdir)
{
	/* RT01's SCCRQ attempts for 56446 (0.5 s + sched9) each produce an
	 * ARP request for the peer; RT04 looks for RT02 and talks to .1. */
	struct gen_pcap *w = gen_pcap_open(outdir, "story-lan.pcap",
	    GEN_LT_ETHERNET, 65535, 0);
	int i, k;

	for (i = 0; i < 9; i++) {
		long s = sched9[i];

		if (s == 7)
			for (k = 0; k < 3; k++)
				lan_arp(w, GEN_T(5 + k, 0), 1, mac_h4, IN4,
				    mac_zero, IN2, mac_bc);
		if (s == 23) {
			lan_arp(w, GEN_T(20, 0), 1, mac_h4, IN4, mac_zero,
			    IN1, mac_bc);
			lan_arp(w, GEN_T(20, 300), 2, mac_h1, IN1, mac_h4,
			    IN4, mac_h4);
			echo(w, GEN_T(20, 1000), mac_h1, mac_h4, IN4, IN1, 255,
			    8, 0x0404, 1);
			echo(w, GEN_T(20, 1300), mac_h4, mac_h1, IN1, IN4, 255,
			    0, 0x0404, 1);
		}
		if (s == 39)
			for (k = 0; k < 3; k++)
				lan_arp(w, GEN_T(35 + k, 0), 1, mac_h4, IN4,
				    mac_zero, IN2, mac_bc);
		lan_arp(w, GEN_T(s, 500000), 1, mac_h1, IN1, mac_zero, IN3,
		    mac_bc);
	}
	gen_pcap_close(w);
}

/* ---- story-wan-only.pcap ---- */

void
scen_story_wan_only(const char *outdir)
{
	static const long ping_s[] = { 0, 30, 60, 90, 120, 127 };
	struct gen_pcap *w = gen_pcap_open(outdir, "story-wan-only.pcap",
	    GEN_LT_ETHERNET, 65535, 0);
	long t_sccrq[18];
	uint32_t cc[18];
	size_t i, p = 0;

	for (i = 0; i < 9; i++) {
		t_sccrq[i] = 1 + sched9[i];
		cc[i] = CC03_FAIL;
		t_sccrq[9 + i] = 76 + sched9[i];
		cc[9 + i] = CC03_RETRY;
	}
	for (i = 0; i < 18; i++) {
		while (p < sizeof(ping_s) / sizeof(ping_s[0]) &&
		    ping_s[p] < t_sccrq[i]) {
			wan_ping(w, ping_s[p], (uint16_t)(p + 1));
			p++;
		}
		sccrq(w, GEN_T(t_sccrq[i], 0), FROM03, cc[i]);
	}
	for (; p < sizeof(ping_s) / sizeof(ping_s[0]); p++)
		wan_ping(w, ping_s[p], (uint16_t)(p + 1));
	gen_pcap_close(w);
}

/* ---- story-arc.pcap ---- */

/* BGP (RFC 4271) inside the pseudowire: one TCP connection .2 <-> .4. */
struct tcpside {
	struct gen_mac	 mac;
	uint32_t	 ip;
	uint16_t	 port;
	uint32_t	 seq;		/* next sequence number to send */
	int		 dir;		/* direction of its frames in the PW */
	uint32_t	 sid;		/* session ID its frames carry */
};

static void
tcp_send(struct gen_pcap *w, int64_t t, struct tcpside *s,
    const struct tcpside *peer, uint8_t flags, const uint8_t *p, size_t n)
{
	struct gen_tcp tcp = { .sport = s->port, .dport = peer->port,
	    .seq = s->seq, .ack = (flags & GEN_TH_ACK) ? peer->seq : 0,
	    .flags = flags, .win = 64240 };

	if (flags & GEN_TH_SYN)
		tcp.mss = 1410;	/* clamped: 1500 - 50 tunnel - 40 */
	l2b_in_tcp(&in, peer->mac, s->mac, s->ip, peer->ip, &tcp, p, n);
	data(w, t, s->dir, s->sid);
	s->seq += (uint32_t)n + ((flags & (GEN_TH_SYN | GEN_TH_FIN)) ? 1 : 0);
}

static size_t
bgp_hdr(uint8_t *b, size_t len, uint8_t type)
{
	memset(b, 0xff, 16);
	b[16] = (uint8_t)(len >> 8);
	b[17] = (uint8_t)len;
	b[18] = type;
	return 19;
}

static size_t
bgp_open(uint8_t *b, uint16_t as, uint32_t id)
{
	/* Capabilities: MP IPv4 unicast, route refresh, 4-octet AS. */
	const uint8_t caps[14] = { 1, 4, 0, 1, 0, 1, 2, 0, 65, 4,
	    0, 0, (uint8_t)(as >> 8), (uint8_t)as };
	size_t n = bgp_hdr(b, 19 + 10 + 2 + sizeof(caps), 1);

	b[n++] = 4;
	b[n++] = (uint8_t)(as >> 8);
	b[n++] = (uint8_t)as;
	b[n++] = 0;
	b[n++] = 180;			/* hold time */
	b[n++] = (uint8_t)(id >> 24);
	b[n++] = (uint8_t)(id >> 16);
	b[n++] = (uint8_t)(id >> 8);
	b[n++] = (uint8_t)id;
	b[n++] = 2 + sizeof(caps);	/* optional parameters length */
	b[n++] = 2;			/* parameter: capabilities */
	b[n++] = sizeof(caps);
	memcpy(b + n, caps, sizeof(caps));
	return n + sizeof(caps);
}

static size_t
bgp_update(uint8_t *b, uint16_t as, uint32_t nh, uint8_t net3)
{
	const uint8_t attrs[20] = {
	    0x40, 1, 1, 0,				/* ORIGIN IGP */
	    0x40, 2, 6, 2, 1, 0, 0, (uint8_t)(as >> 8), (uint8_t)as,
	    0x40, 3, 4, (uint8_t)(nh >> 24), (uint8_t)(nh >> 16),
	    (uint8_t)(nh >> 8), (uint8_t)nh };
	size_t n = bgp_hdr(b, 19 + 2 + 2 + sizeof(attrs) + 4, 2);

	b[n++] = 0;
	b[n++] = 0;			/* no withdrawn routes */
	b[n++] = 0;
	b[n++] = sizeof(attrs);
	memcpy(b + n, attrs, sizeof(attrs));
	n += sizeof(attrs);
	b[n++] = 24;			/* 172.16.<net3>.0/24 */
	b[n++] = 172;
	b[n++] = 16;
	b[n++] = net3;
	return n;
}

void
scen_story_arc(const char *outdir)
{
	struct gen_pcap *w = gen_pcap_open(outdir, "story-arc.pcap",
	    GEN_LT_ETHERNET, 65535, 0);
	struct tcpside r2 = { .mac = mac_h2, .ip = IN2, .port = 49152,
	    .seq = 100000, .dir = FROM03, .sid = SID01_FIX };
	struct tcpside r4 = { .mac = mac_h4, .ip = IN4, .port = 179,
	    .seq = 200000, .dir = FROM01, .sid = SID03_FIX };
	struct l2b_sess s;
	uint8_t b[128];
	size_t n;
	int i;
	static const long hello_retry_us[4] = { 181500000, 182500000,
	    184500000, 188500000 };
	static const long stop_us[4] = { 196500000, 197500000, 199500000,
	    203500000 };

	/* Phase 1 (STORY.md step 2): RT03 initiates tunnel and session. */
	sccrq(w, GEN_T(0, 0), FROM03, CC03_OK);
	sccrp(w, GEN_T(0, 20000), FROM01, CC03_OK, CC01_OK);
	msg(w, GEN_T(0, 40000), FROM03, L2B_SCCCN, CC01_OK, 1, 1);
	ctl(w, GEN_T(0, 60000), FROM01, CC03_OK, 1, 2);		/* ZLB */
	s = (struct l2b_sess){ .lsid = SID03_OK, .rsid = 0, .serial = 1,
	    .pw_type = 5, .end_id = "TEST", .circuit = 3, .l2ss = -1 };
	l2b_icrq_avps(&al, &s);
	ctl(w, GEN_T(1, 0), FROM03, CC01_OK, 2, 1);
	s = (struct l2b_sess){ .lsid = SID01_OK, .rsid = SID03_OK,
	    .serial = -1, .circuit = 1, .l2ss = -1 };
	l2b_icrp_avps(&al, &s);
	ctl(w, GEN_T(1, 20000), FROM01, CC03_OK, 1, 3);
	l2b_iccn_avps(&al, SID03_OK, SID01_OK);
	ctl(w, GEN_T(1, 40000), FROM03, CC01_OK, 3, 2);
	ctl(w, GEN_T(1, 60000), FROM01, CC03_OK, 2, 4);	/* RT01 Ns 2 Nr 4 */
	echo(w, GEN_T(5, 0), mac_rt02w, mac_rt01w, RT01, RT03, 255, 8, 0x0100,
	    1);
	echo(w, GEN_T(5, 4000), mac_rt01w, mac_rt02w, RT03, RT01, 253, 0,
	    0x0100, 1);
	for (i = 0; i < 2; i++) {
		long s0 = 61 + 60 * i;
		uint16_t k = (uint16_t)i;

		msg(w, GEN_T(s0, 0), FROM01, L2B_HELLO, CC03_OK, 2 + k, 4 + k);
		ctl(w, GEN_T(s0, 20000), FROM03, CC01_OK, 4 + k, 3 + k);
		msg(w, GEN_T(s0, 500000), FROM03, L2B_HELLO, CC01_OK, 4 + k,
		    3 + k);
		ctl(w, GEN_T(s0, 520000), FROM01, CC03_OK, 3 + k, 5 + k);
	}

	/* Phase 2 (step 3, t 150): RT01's packets to .3 vanish; RT03 now
	 * bridges RT02's ARP into the pseudowire. */
	for (i = 0; i < 3; i++) {
		l2b_in_arp(&in, 1, mac_h2, IN2, mac_zero, IN4, mac_bc);
		data(w, GEN_T(155 + i, 0), FROM03, SID01_OK);
	}
	for (i = 0; i < 4; i++)
		msg(w, GEN_T(0, hello_retry_us[i]), FROM03, L2B_HELLO,
		    CC01_OK, 6, 4);
	for (i = 0; i < 4; i++) {
		l2b_stopccn_avps(&al, CC03_OK, 7, 0, NULL);
		ctl(w, GEN_T(0, stop_us[i]), FROM03, CC01_OK, 7, 4);
	}

	/* Phase 3 (step 4): RT03's new attempt 20634, unanswered. */
	for (i = 0; i < 9; i++)
		sccrq(w, GEN_T(212 + sched9[i], 0), FROM03, CC03_FAIL);

	/* Phase 4 (step 6, fix at 262): RT01's SCCRQ 56446 reaches the WAN;
	 * RT03 loses the tie breaker and answers it. */
	sccrq(w, GEN_T(265, 0), FROM01, CC01_FAIL);
	sccrp(w, GEN_T(265, 20000), FROM03, CC01_FAIL, CC03_FIX);
	msg(w, GEN_T(265, 40000), FROM01, L2B_SCCCN, CC03_FIX, 1, 1);
	ctl(w, GEN_T(265, 60000), FROM03, CC01_FAIL, 1, 2);	/* ZLB */
	s = (struct l2b_sess){ .lsid = SID01_FIX, .rsid = 0, .serial = 2,
	    .pw_type = 5, .end_id = "TEST", .circuit = 3, .l2ss = -1 };
	l2b_icrq_avps(&al, &s);
	ctl(w, GEN_T(266, 0), FROM01, CC03_FIX, 2, 1);
	s = (struct l2b_sess){ .lsid = SID03_FIX, .rsid = SID01_FIX,
	    .serial = -1, .circuit = 1, .l2ss = -1 };
	l2b_icrp_avps(&al, &s);
	ctl(w, GEN_T(266, 20000), FROM03, CC01_FAIL, 1, 3);
	l2b_iccn_avps(&al, SID01_FIX, SID03_FIX);
	ctl(w, GEN_T(266, 40000), FROM01, CC03_FIX, 3, 2);
	ctl(w, GEN_T(266, 60000), FROM03, CC01_FAIL, 2, 4);	/* ZLB */

	/* The segment through the pseudowire: ARP, then BGP .2 <-> .4. */
	l2b_in_arp(&in, 1, mac_h2, IN2, mac_zero, IN4, mac_bc);
	data(w, GEN_T(267, 0), FROM03, SID01_FIX);
	l2b_in_arp(&in, 2, mac_h4, IN4, mac_h2, IN2, mac_h2);
	data(w, GEN_T(267, 1000), FROM01, SID03_FIX);
	tcp_send(w, GEN_T(267, 100000), &r2, &r4, GEN_TH_SYN, NULL, 0);
	tcp_send(w, GEN_T(267, 101000), &r4, &r2, GEN_TH_SYN | GEN_TH_ACK,
	    NULL, 0);
	tcp_send(w, GEN_T(267, 102000), &r2, &r4, GEN_TH_ACK, NULL, 0);
	n = bgp_open(b, 64002, IN2);
	tcp_send(w, GEN_T(267, 200000), &r2, &r4, GEN_TH_PSH | GEN_TH_ACK, b,
	    n);
	n = bgp_open(b, 64004, IN4);
	tcp_send(w, GEN_T(267, 201000), &r4, &r2, GEN_TH_PSH | GEN_TH_ACK, b,
	    n);
	n = bgp_hdr(b, 19, 4);
	tcp_send(w, GEN_T(267, 202000), &r2, &r4, GEN_TH_PSH | GEN_TH_ACK, b,
	    n);
	tcp_send(w, GEN_T(267, 203000), &r4, &r2, GEN_TH_PSH | GEN_TH_ACK, b,
	    n);
	n = bgp_update(b, 64002, IN2, 2);
	tcp_send(w, GEN_T(267, 300000), &r2, &r4, GEN_TH_PSH | GEN_TH_ACK, b,
	    n);
	n = bgp_update(b, 64004, IN4, 4);
	tcp_send(w, GEN_T(267, 301000), &r4, &r2, GEN_TH_PSH | GEN_TH_ACK, b,
	    n);
	tcp_send(w, GEN_T(267, 400000), &r2, &r4, GEN_TH_ACK, NULL, 0);

	/* The tunnel's own endpoint inside its pseudowire. */
	l2b_in_arp(&in, 1, mac_h4, IN4, mac_zero, IN3, mac_bc);
	data(w, GEN_T(268, 0), FROM01, SID03_FIX);
	l2b_in_arp(&in, 2, mac_h3, IN3, mac_h4, IN4, mac_h4);
	data(w, GEN_T(268, 1000), FROM03, SID01_FIX);
	l2b_in_icmp(&in, mac_h3, mac_h4, IN4, IN3, 8, 0x0403, 1);
	data(w, GEN_T(268, 2000), FROM01, SID03_FIX);
	l2b_in_icmp(&in, mac_h4, mac_h3, IN3, IN4, 0, 0x0403, 1);
	data(w, GEN_T(268, 3000), FROM03, SID01_FIX);

	/* Keepalives a minute later. */
	msg(w, GEN_T(326, 60000), FROM01, L2B_HELLO, CC03_FIX, 4, 2);
	ctl(w, GEN_T(326, 80000), FROM03, CC01_FAIL, 2, 5);
	msg(w, GEN_T(326, 500000), FROM03, L2B_HELLO, CC01_FAIL, 2, 5);
	ctl(w, GEN_T(326, 520000), FROM01, CC03_FIX, 5, 3);
	n = bgp_hdr(b, 19, 4);
	tcp_send(w, GEN_T(327, 200000), &r2, &r4, GEN_TH_PSH | GEN_TH_ACK, b,
	    n);
	tcp_send(w, GEN_T(327, 201000), &r4, &r2, GEN_TH_PSH | GEN_TH_ACK, b,
	    n);
	tcp_send(w, GEN_T(327, 300000), &r2, &r4, GEN_TH_ACK, NULL, 0);
	gen_pcap_close(w);
}
