/* scen_l2tp.c - L2TPv3 scenarios (RFC 3931): healthy exchanges over UDP and
 * IP, cookies, sequencing, responder port change, teardown, no control
 * plane, L2TPv2, hostile messages.  Expected decoding: captures/README.md.
 */
#include <string.h>

#include "gen.h"
#include "l2tp_build.h"
#include "scenarios.h"

static const struct gen_mac mac_rt01w = { { 0x00, 0xa0, 0xde, 1, 1, 1 } };
static const struct gen_mac mac_rt02w = { { 0x00, 0xa0, 0xde, 2, 2, 2 } };
static const struct gen_mac mac_h1 = { { 0x00, 0xa0, 0xde, 0x01, 0x00, 0x01 } };
static const struct gen_mac mac_h2 = { { 0x00, 0xa0, 0xde, 0x02, 0x00, 0x02 } };
static const struct gen_mac mac_h3 = { { 0x00, 0xa0, 0xde, 0x03, 0x00, 0x03 } };
static const struct gen_mac mac_h4 = { { 0x00, 0xa0, 0xde, 0x04, 0x00, 0x04 } };
static const struct gen_mac mac_bc = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };

#define RT01	GEN_IP4(192, 168, 1, 1)
#define RT03	GEN_IP4(192, 168, 200, 3)
#define IN1	GEN_IP4(192, 168, 200, 1)
#define IN2	GEN_IP4(192, 168, 200, 2)
#define IN3	GEN_IP4(192, 168, 200, 3)
#define IN4	GEN_IP4(192, 168, 200, 4)
#define CC01	7677u
#define CC03	24987u
#define SID01	18450u
#define SID03	34000u

static struct gbuf fr, in;
static struct l2b_avps al;	/* the AVP list of the next control message */
static int over_ip;		/* current scenario: IP 115 instead of UDP */
static uint16_t port01 = 1701, port03 = 1701;

#define M	L2B_M
#define H	L2B_H
#define V3CTL	L2B_V3CTL

/* RT01 (a) and RT03 (b) as seen on RT01's WAN link. */
static struct l2b_path
path(void)
{
	struct l2b_path p = {
		.a = { .mac = mac_rt01w, .addr = RT01, .port = port01,
		    .ttl = 254 },
		.b = { .mac = mac_rt02w, .addr = RT03, .port = port03,
		    .ttl = 254 },
		.over_ip = over_ip,
	};

	return p;
}

static void
outer(int to03)
{
	struct l2b_path p = path();

	l2b_outer(&fr, &p, to03 ? L2B_AB : L2B_BA, 0, 0);
}

/* Control message from RT01 (to03) or RT03 with the AVPs built so far. */
static void
ctl(struct gen_pcap *w, int64_t t, int to03, uint32_t ccid, uint16_t ns,
    uint16_t nr, uint16_t flags)
{
	struct l2b_path p = path();

	l2b_ctl(&fr, &p, to03 ? L2B_AB : L2B_BA, ccid, ns, nr, flags, &al);
	gen_pcap_frame(w, t, &fr);
	l2b_avps_reset(&al);
}

/* Data to RT03 (to03) or RT01: session, cookie, L2SS (seq < 0: none),
 * the finished inner frame in `in`. */
static void
data(struct gen_pcap *w, int64_t t, int to03, uint32_t sid,
    const uint8_t *ck, size_t cklen, long seq)
{
	struct l2b_path p = path();

	l2b_data(&fr, &p, to03 ? L2B_AB : L2B_BA, sid, ck, cklen, seq, &in);
	gen_pcap_frame(w, t, &fr);
}

/* Inner frames on the extended segment. */
static void
in_arp(uint16_t op, struct gen_mac sha, uint32_t spa, struct gen_mac tha,
    uint32_t tpa, struct gen_mac dst)
{
	l2b_in_arp(&in, op, sha, spa, tha, tpa, dst);
}

static void
in_icmp(struct gen_mac dmac, struct gen_mac smac, uint32_t src, uint32_t dst,
    uint8_t type, uint16_t seq)
{
	l2b_in_icmp(&in, dmac, smac, src, dst, type, 0x1234, seq);
}

static void
in_tcp_syn(void)
{
	struct gen_tcp tcp = { .sport = 40000, .dport = 179, .seq = 1000,
	    .flags = GEN_TH_SYN, .win = 64240, .mss = 1460 };

	l2b_in_tcp(&in, mac_h4, mac_h2, IN2, IN4, &tcp, NULL, 0);
}

static void
avp(unsigned flags, uint16_t vendor, uint16_t type, const void *v, size_t n)
{
	l2b_avp(&al, flags, vendor, type, v, n);
}

static void
avp16(unsigned fl, uint16_t t, uint16_t v)
{
	l2b_avp16(&al, fl, t, v);
}

static void
avp32(unsigned fl, uint16_t t, uint32_t v)
{
	l2b_avp32(&al, fl, t, v);
}

/* ---- control messages of the story ---- */
static void
sccrq(struct gen_pcap *w, int64_t t, uint32_t my_ccid)
{
	static const uint8_t tie[8] = { 0x5e, 0x1f, 0x22, 0x9a, 0x01, 0x02,
	    0x03, 0x04 };
	static const uint16_t pw[] = { 5 };
	const struct l2b_ident id = { .host = "RT01",
	    .vendor = "YAMAHA Corporation", .router_id = RT01, .pw = pw,
	    .npw = 1, .rws = 4, .tie = tie };

	l2b_sccrq_avps(&al, &id, my_ccid);
	ctl(w, t, 1, 0, 0, 0, V3CTL);
}

static void
sccrp(struct gen_pcap *w, int64_t t)
{
	static const uint16_t pw[] = { 5 };
	const struct l2b_ident id = { .host = "RT03",
	    .vendor = "YAMAHA Corporation", .router_id = RT03, .pw = pw,
	    .npw = 1, .rws = 4 };

	l2b_sccrp_avps(&al, &id, CC03);
	ctl(w, t, 0, CC01, 0, 1, V3CTL);
}

static void
icrq(struct gen_pcap *w, int64_t t, const uint8_t *ck, size_t cklen, int l2ss)
{
	const struct l2b_sess s = { .lsid = SID01, .rsid = 0, .serial = 1,
	    .pw_type = 5, .end_id = "TEST", .circuit = 3, .cookie = ck,
	    .cookie_len = cklen, .l2ss = l2ss };

	l2b_icrq_avps(&al, &s);
	ctl(w, t, 1, CC03, 2, 1, V3CTL);
}

static void
icrp(struct gen_pcap *w, int64_t t, const uint8_t *ck, size_t cklen, int l2ss)
{
	const struct l2b_sess s = { .lsid = SID03, .rsid = SID01,
	    .serial = -1, .circuit = 1, .cookie = ck, .cookie_len = cklen,
	    .l2ss = l2ss };

	l2b_icrp_avps(&al, &s);
	ctl(w, t, 0, CC01, 1, 3, V3CTL);
}

static void
iccn(struct gen_pcap *w, int64_t t)
{
	l2b_iccn_avps(&al, SID01, SID03);
	ctl(w, t, 1, CC03, 3, 2, V3CTL);
}

/* Frames 1-8: SCCRQ, SCCRP, SCCCN, ZLB, ICRQ, ICRP, ICCN, ZLB (no
 * cookies, no L2SS), 20 ms apart within each second. */
static void
setup(struct gen_pcap *w)
{
	sccrq(w, GEN_T(0, 0), CC01);
	sccrp(w, GEN_T(0, 20000));
	avp16(M, 0, 3);
	ctl(w, GEN_T(0, 40000), 1, CC03, 1, 1, V3CTL);
	ctl(w, GEN_T(0, 60000), 0, CC01, 1, 2, V3CTL);		/* ZLB */
	icrq(w, GEN_T(1, 0), NULL, 0, -1);
	icrp(w, GEN_T(1, 20000), NULL, 0, -1);
	iccn(w, GEN_T(1, 40000));
	ctl(w, GEN_T(1, 60000), 0, CC01, 2, 4, V3CTL);		/* ZLB */
}

static void
healthy(const char *outdir, const char *file)
{
	struct gen_pcap *w = gen_pcap_open(outdir, file, GEN_LT_ETHERNET,
	    65535, 0);

	setup(w);
	in_arp(1, mac_h1, IN1, (struct gen_mac){ { 0 } }, IN3, mac_bc);
	data(w, GEN_T(2, 0), 1, SID03, NULL, 0, -1);
	in_arp(2, mac_h3, IN3, mac_h1, IN1, mac_h1);
	data(w, GEN_T(2, 1000), 0, SID01, NULL, 0, -1);
	in_icmp(mac_h3, mac_h1, IN1, IN3, 8, 1);
	data(w, GEN_T(2, 2000), 1, SID03, NULL, 0, -1);
	in_icmp(mac_h1, mac_h3, IN3, IN1, 0, 1);
	data(w, GEN_T(2, 3000), 0, SID01, NULL, 0, -1);
	in_tcp_syn();
	data(w, GEN_T(3, 0), 1, SID03, NULL, 0, -1);
	avp16(M, 0, 6);
	ctl(w, GEN_T(63, 0), 1, CC03, 4, 2, V3CTL);		/* HELLO */
	ctl(w, GEN_T(63, 20000), 0, CC01, 2, 5, V3CTL);		/* ZLB */
	gen_pcap_close(w);
}

void
scen_l2tp_udp_healthy(const char *outdir)
{
	over_ip = 0;
	healthy(outdir, "l2tp-udp-healthy.pcap");
}

void
scen_l2tp_ip_healthy(const char *outdir)
{
	over_ip = 1;
	healthy(outdir, "l2tp-ip-healthy.pcap");
	over_ip = 0;
}

/*
 * A pseudowire bridging a LAN of 41 hosts: 10.20.30.10 .. .49 each ping
 * the gateway 10.20.30.1 three times and get their replies.  A session
 * lists 32 inner IPv4 hosts (first seen first: .10, .1, .11 .. .40); the
 * 9 it has no room for (.41 .. .49) are counted once each, although they
 * appear in 54 packets.
 */
void
scen_l2tp_many_hosts(const char *outdir)
{
	struct gen_pcap *w = gen_pcap_open(outdir, "l2tp-many-hosts.pcap",
	    GEN_LT_ETHERNET, 65535, 0);
	struct gen_mac gw = { { 0x00, 0xa0, 0xde, 0x20, 0x00, 0x01 } };
	struct gen_mac hm = { { 0x00, 0xa0, 0xde, 0x20, 0x00, 0x00 } };
	uint32_t gwa = GEN_IP4(10, 20, 30, 1), ha;
	int r, h;

	over_ip = 0;
	setup(w);
	for (r = 0; r < 3; r++)
		for (h = 10; h < 50; h++) {
			ha = GEN_IP4(10, 20, 30, h);
			hm.a[5] = (uint8_t)h;
			in_icmp(gw, hm, ha, gwa, 8, (uint16_t)(r + 1));
			data(w, GEN_T(2 + r, 2000 * h), 1, SID03, NULL, 0,
			    -1);
			in_icmp(hm, gw, gwa, ha, 0, (uint16_t)(r + 1));
			data(w, GEN_T(2 + r, 2000 * h + 1000), 0, SID01,
			    NULL, 0, -1);
		}
	gen_pcap_close(w);
}

void
scen_l2tp_cookies(const char *outdir)
{
	static const uint8_t c4[4] = { 0x1a, 0x2b, 0x3c, 0x4d };
	static const uint8_t c8[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct gen_pcap *w = gen_pcap_open(outdir, "l2tp-cookies.pcap",
	    GEN_LT_ETHERNET, 65535, 0);

	over_ip = 0;
	sccrq(w, GEN_T(0, 0), CC01);
	sccrp(w, GEN_T(0, 20000));
	icrq(w, GEN_T(1, 0), c4, 4, -1);
	icrp(w, GEN_T(1, 20000), c8, 8, -1);
	iccn(w, GEN_T(1, 40000));
	in_icmp(mac_h3, mac_h1, IN1, IN3, 8, 1);
	data(w, GEN_T(2, 0), 1, SID03, c8, 8, -1);
	in_icmp(mac_h1, mac_h3, IN3, IN1, 0, 1);
	data(w, GEN_T(2, 1000), 0, SID01, c4, 4, -1);
	in_tcp_syn();
	data(w, GEN_T(2, 2000), 1, SID03, c8, 8, -1);
	gen_pcap_close(w);
}

void
scen_l2tp_l2ss_seq(const char *outdir)
{
	static const long seqs[] = { 0, 1, 2, 4, 4, 3 };
	struct gen_pcap *w = gen_pcap_open(outdir, "l2tp-l2ss-seq.pcap",
	    GEN_LT_ETHERNET, 65535, 0);
	size_t i;

	over_ip = 0;
	sccrq(w, GEN_T(0, 0), CC01);
	sccrp(w, GEN_T(0, 20000));
	icrq(w, GEN_T(1, 0), NULL, 0, 1);
	icrp(w, GEN_T(1, 20000), NULL, 0, 1);
	for (i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++) {
		in_icmp(mac_h3, mac_h1, IN1, IN3, 8, (uint16_t)(i + 1));
		data(w, GEN_T(2, 1000 * (long)i), 1, SID03, NULL, 0, seqs[i]);
	}
	gen_pcap_close(w);
}

void
scen_l2tp_responder_port(const char *outdir)
{
	struct gen_pcap *w = gen_pcap_open(outdir, "l2tp-responder-port.pcap",
	    GEN_LT_ETHERNET, 65535, 0);

	over_ip = 0;
	port01 = 50000;
	port03 = 1701;
	sccrq(w, GEN_T(0, 0), CC01);
	port03 = 40000;		/* RFC 3931 §4.1.2.2: a new source port */
	sccrp(w, GEN_T(0, 20000));
	avp16(M, 0, 3);
	ctl(w, GEN_T(0, 40000), 1, CC03, 1, 1, V3CTL);
	ctl(w, GEN_T(0, 60000), 0, CC01, 1, 2, V3CTL);
	avp16(M, 0, 6);
	ctl(w, GEN_T(60, 0), 1, CC03, 2, 1, V3CTL);
	port01 = port03 = 1701;
	gen_pcap_close(w);
}

void
scen_l2tp_stopccn_cdn(const char *outdir)
{
	struct gen_pcap *w = gen_pcap_open(outdir, "l2tp-stopccn-cdn.pcap",
	    GEN_LT_ETHERNET, 65535, 0);

	over_ip = 0;
	sccrq(w, GEN_T(0, 0), CC01);
	sccrp(w, GEN_T(0, 20000));
	l2b_cdn_avps(&al, 3, 0, NULL, SID03, SID01);
	ctl(w, GEN_T(5, 0), 0, CC01, 2, 4, V3CTL);
	ctl(w, GEN_T(5, 20000), 1, CC03, 4, 3, V3CTL);		/* ZLB */
	l2b_stopccn_avps(&al, CC01, 2, 8, "unknown AVP 200");
	ctl(w, GEN_T(6, 0), 1, CC03, 4, 3, V3CTL);
	ctl(w, GEN_T(6, 20000), 0, CC01, 3, 5, V3CTL);		/* ZLB */
	gen_pcap_close(w);
}

/* No control plane, UDP: Linux `ip l2tp` defaults (default L2SS with
 * sequence numbers, no cookie). */
void
scen_l2tp_midsession_udp(const char *outdir)
{
	struct gen_pcap *w = gen_pcap_open(outdir, "l2tp-midsession-udp.pcap",
	    GEN_LT_ETHERNET, 65535, 0);
	int i;

	over_ip = 0;
	for (i = 0; i < 6; i++) {
		in_icmp(mac_h3, mac_h1, IN1, IN3, 8, (uint16_t)(i + 1));
		data(w, GEN_T(i, 0), 1, 7, NULL, 0, 100 + i);
	}
	gen_pcap_close(w);
}

/* No control plane, IP 115: a 4-byte cookie, no L2SS. */
void
scen_l2tp_midsession_ip(const char *outdir)
{
	static const uint8_t ck[4] = { 0xfe, 0xed, 0xfa, 0xce };
	struct gen_pcap *w = gen_pcap_open(outdir, "l2tp-midsession-ip.pcap",
	    GEN_LT_ETHERNET, 65535, 0);
	int i;

	over_ip = 1;
	for (i = 0; i < 6; i++) {
		if (i == 0)
			in_arp(1, mac_h2, IN2, (struct gen_mac){ { 0 } }, IN4,
			    mac_bc);
		else
			in_icmp(mac_h4, mac_h2, IN2, IN4, 8, (uint16_t)i);
		data(w, GEN_T(i, 500000), 1, 0x00c0ffee, ck, 4, -1);
	}
	over_ip = 0;
	gen_pcap_close(w);
}

void
scen_l2tp_v2(const char *outdir)
{
	struct gen_pcap *w = gen_pcap_open(outdir, "l2tp-v2.pcap",
	    GEN_LT_ETHERNET, 65535, 0);
	static const uint8_t ver[2] = { 1, 0 };
	static const uint8_t lcp[] = { 0xff, 0x03, 0xc0, 0x21, 0x01, 0x01,
	    0x00, 0x04 };

	over_ip = 0;
	avp16(M, 0, 1);
	avp(M, 0, 2, ver, 2);
	l2b_avpstr(&al, M, 7, "lac1");
	avp16(M, 9, 42);
	ctl(w, GEN_T(0, 0), 1, 0, 0, 0, 0xc802);
	avp16(M, 0, 2);
	avp(M, 0, 2, ver, 2);
	l2b_avpstr(&al, M, 7, "lns1");
	avp16(M, 9, 77);
	ctl(w, GEN_T(0, 20000), 0, 42u << 16, 0, 1, 0xc802);
	ctl(w, GEN_T(0, 40000), 1, 77u << 16, 1, 1, 0xc802);	/* ZLB */
	outer(1);
	gb_u16(&fr, 0x4002);			/* L, ver 2 */
	gb_u16(&fr, (uint16_t)(8 + sizeof(lcp)));
	gb_u16(&fr, 77);
	gb_u16(&fr, 7);
	gb_bytes(&fr, lcp, sizeof(lcp));
	gb_finish(&fr);
	gb_pad(&fr, 60);
	gen_pcap_frame(w, GEN_T(1, 0), &fr);
	gen_pcap_close(w);
}

void
scen_l2tp_hostile(const char *outdir)
{
	struct gen_pcap *w = gen_pcap_open(outdir, "l2tp-hostile.pcap",
	    GEN_LT_ETHERNET, 65535, 0);
	static const uint8_t rid[4] = { 192, 168, 1, 1 };
	int i;

	over_ip = 0;
	/* 1: AVP Length 3 */
	avp16(M, 0, 1);
	al.b[al.n++] = 0x80;
	al.b[al.n++] = 0x03;
	al.b[al.n++] = 0;
	al.b[al.n++] = 0;
	al.b[al.n++] = 0;
	al.b[al.n++] = 7;
	ctl(w, GEN_T(0, 0), 1, 0, 0, 0, V3CTL);
	/* 2: AVP Length past the message */
	avp16(M, 0, 1);
	l2b_avpstr(&al, M, 7, "RT01");
	al.b[8] = 0x80 | 0x00;
	al.b[9] = 60;
	ctl(w, GEN_T(1, 0), 1, 0, 0, 0, V3CTL);
	/* 3: header Length 400 > datagram */
	avp16(M, 0, 6);
	outer(1);
	gb_u16(&fr, V3CTL);
	gb_u16(&fr, 400);
	gb_u32(&fr, CC03);
	gb_u32(&fr, 0);
	gb_bytes(&fr, al.b, al.n);
	l2b_avps_reset(&al);
	gb_finish(&fr);
	gb_pad(&fr, 60);
	gen_pcap_frame(w, GEN_T(2, 0), &fr);
	/* 4: SCCRQ without Router ID */
	avp16(M, 0, 1);
	l2b_avpstr(&al, M, 7, "RT01");
	avp32(M, 61, CC01);
	avp16(M, 62, 5);
	ctl(w, GEN_T(3, 0), 1, 0, 0, 0, V3CTL);
	/* 5: Host Name before Message Type */
	l2b_avpstr(&al, M, 7, "RT01");
	avp16(M, 0, 1);
	avp(M, 0, 60, rid, 4);
	avp32(M, 61, CC01);
	avp16(M, 62, 5);
	ctl(w, GEN_T(4, 0), 1, 0, 0, 0, V3CTL);
	/* 6: hidden Vendor Name, no Random Vector */
	avp16(M, 0, 6);
	l2b_avpstr(&al, H, 8, "YAMAHA Corporation");
	ctl(w, GEN_T(5, 0), 1, CC03, 0, 0, V3CTL);
	/* 7: unknown vendor-0 AVP 200 with M set */
	avp16(M, 0, 6);
	avp16(M, 200, 1);
	ctl(w, GEN_T(6, 0), 1, CC03, 0, 0, V3CTL);
	/* 8: control message with the L bit clear */
	avp16(M, 0, 6);
	ctl(w, GEN_T(7, 0), 1, CC03, 0, 0, 0x8803);
	/* 9: terminal escape in a Host Name */
	avp16(M, 0, 1);
	l2b_avpstr(&al, M, 7, "\x1b[31mRT01");
	avp32(M, 60, RT01);
	avp32(M, 61, CC01);
	avp16(M, 62, 5);
	ctl(w, GEN_T(8, 0), 1, 0, 0, 0, V3CTL);
	/* 10: L2TPv3 in L2TPv3 in L2TPv3: depth limit */
	in_icmp(mac_h3, mac_h1, IN1, IN3, 8, 1);
	for (i = 0; i < 3; i++) {
		static struct gbuf nest;
		struct gen_ip4 ip = { .src = RT01, .dst = RT03,
		    .proto = GEN_IP_UDP };

		gb_reset(&nest);
		gb_eth(&nest, mac_h3, mac_h1, GEN_ET_IPV4);
		gb_ipv4(&nest, &ip);
		gb_udp(&nest, 1701, 1701);
		gb_u32(&nest, 0x00030000);
		gb_u32(&nest, SID03);
		gb_append(&nest, &in, in.len);
		gb_finish(&nest);
		in = nest;
	}
	data(w, GEN_T(9, 0), 1, SID03, NULL, 0, -1);
	gen_pcap_close(w);
}
