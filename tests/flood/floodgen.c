/* floodgen.c - captures that try to exhaust tunnelscope's memory and time
 * (issue #11), written into build/flood/ (never committed).
 *
 * Every flood capture also carries the healthy tunnel of
 * captures/l2tp-healthy.pcap (192.0.2.1 <-> 198.51.100.2), its frames
 * interleaved at their own times, so tests/flood/run.sh can check that the
 * analysis of a well-behaved tunnel is the same with and without the
 * flood.  Flood traffic uses other addresses (10/8, 100.64/10, 203.0.113/24).
 *
 * usage: floodgen OUTDIR HEALTHY.pcap [scale]
 * scale (default 1.0) multiplies every count (run.sh uses it for a quick
 * run).  Built from captures/gen (frame builders, pcap writer).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "l2tp_build.h"

static struct gbuf fr, inner;
static struct l2b_avps al;
static double scale = 1.0;

/* ---- the healthy tunnel, replayed between flood frames ---- */

struct hframe {
	int64_t		 ts;
	uint32_t	 caplen, len;
	uint8_t		*data;
};

static struct hframe *hf;
static size_t nhf, hnext;
static int64_t h_first, h_last;

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
healthy_load(const char *path)
{
	uint8_t h[24], r[16];
	FILE *fp = fopen(path, "rb");

	if (fp == NULL || fread(h, 1, 24, fp) != 24 || le32(h) != 0xa1b2c3d4u)
		gen_die("%s: not a little-endian usec pcap", path);
	while (fread(r, 1, 16, fp) == 16) {
		struct hframe *n = realloc(hf, (nhf + 1) * sizeof(*hf));

		if (n == NULL)
			gen_die("out of memory");
		hf = n;
		hf[nhf].ts = (int64_t)le32(r) * 1000000000LL +
		    (int64_t)le32(r + 4) * 1000;
		hf[nhf].caplen = le32(r + 8);
		hf[nhf].len = le32(r + 12);
		if ((hf[nhf].data = malloc(hf[nhf].caplen)) == NULL ||
		    fread(hf[nhf].data, 1, hf[nhf].caplen, fp) !=
		    hf[nhf].caplen)
			gen_die("%s: short record", path);
		nhf++;
	}
	fclose(fp);
	if (nhf == 0)
		gen_die("%s: no frames", path);
	h_first = hf[0].ts;
	h_last = hf[nhf - 1].ts;
}

struct out {
	struct gen_pcap	*w;
	uint64_t	 n, total;	/* flood frames written / planned */
};

static struct out
out_open(const char *dir, const char *name, uint64_t total)
{
	struct out o;

	o.w = gen_pcap_open(dir, name, GEN_LT_ETHERNET, 262144, 0);
	o.n = 0;
	o.total = total ? total : 1;
	hnext = 0;
	return o;
}

/* Flood frame i of total sits at its share of the healthy tunnel's time
 * span; healthy frames due by then go first. */
static void
out_frame(struct out *o, const struct gbuf *g)
{
	int64_t ts = h_first + 1000 + (int64_t)((double)(h_last - h_first) *
	    (double)o->n / (double)o->total);

	while (hnext < nhf && hf[hnext].ts <= ts) {
		gen_pcap_record(o->w, hf[hnext].ts, hf[hnext].data,
		    hf[hnext].caplen, hf[hnext].len);
		hnext++;
	}
	gen_pcap_frame(o->w, ts, g);
	o->n++;
}

static void
out_close(struct out *o)
{
	while (hnext < nhf) {
		gen_pcap_record(o->w, hf[hnext].ts, hf[hnext].data,
		    hf[hnext].caplen, hf[hnext].len);
		hnext++;
	}
	gen_pcap_close(o->w);
}

static uint64_t
scaled(uint64_t n)
{
	uint64_t v = (uint64_t)((double)n * scale);

	return v ? v : 1;
}

static const struct gen_mac mac_x = { { 0x02, 0xf1, 0, 0, 0, 1 } };
static const struct gen_mac mac_y = { { 0x02, 0xf1, 0, 0, 0, 2 } };

static struct l2b_path
path_of(uint32_t a, uint32_t b, uint16_t pa, uint16_t pb, int over_ip)
{
	struct l2b_path p;

	memset(&p, 0, sizeof(p));
	p.a.mac = mac_x;
	p.b.mac = mac_y;
	p.a.addr = a;
	p.b.addr = b;
	p.a.port = pa;
	p.b.port = pb;
	p.over_ip = over_ip;
	return p;
}

/* ---- floods ---- */

/* A million SCCRQs, each a new Control Connection ID (from 16 addresses),
 * then a million ICRQs, each a new Session ID, on 1000 unknown tunnels. */
static void
flood_ids(const char *dir)
{
	uint64_t i, n = scaled(1000000);
	struct out o = out_open(dir, "flood-ids.pcap", 2 * n);
	static const uint16_t pw[1] = { 5 };
	struct l2b_ident id = { .host = "flood", .router_id = 1, .pw = pw,
	    .npw = 1 };
	struct l2b_sess s;

	for (i = 0; i < n; i++) {
		struct l2b_path p = path_of(GEN_IP4(10, 1, 0, (uint8_t)(i & 15)),
		    GEN_IP4(10, 2, 0, 1), 1701, 1701, 0);

		l2b_avps_reset(&al);
		l2b_sccrq_avps(&al, &id, (uint32_t)i + 1);
		l2b_ctl(&fr, &p, L2B_AB, 0, 0, 0, L2B_V3CTL, &al);
		out_frame(&o, &fr);
	}
	for (i = 0; i < n; i++) {
		struct l2b_path p = path_of(GEN_IP4(10, 3, 0, 1),
		    GEN_IP4(10, 4, 0, 1), 1701, 1701, 0);

		memset(&s, 0, sizeof(s));
		s.lsid = (uint32_t)i + 1;
		s.serial = (long)i;
		s.pw_type = 5;
		s.end_id = "flood";
		s.circuit = 1;
		s.l2ss = -1;
		l2b_avps_reset(&al);
		l2b_icrq_avps(&al, &s);
		l2b_ctl(&fr, &p, L2B_AB, (uint32_t)(i % 1000) + 1,
		    (uint16_t)(i / 1000), 0, L2B_V3CTL, &al);
		out_frame(&o, &fr);
	}
	out_close(&o);
}

/*
 * 100,000 BGP connections (port 179): each opens a message announcing
 * 4096 bytes and delivers 1000, then sends 1000 bytes beyond a hole that
 * never closes.  Half from 100.64/10 over IPv4 in order, half the
 * out-of-order segment first.
 */
static void
flood_tcp(const char *dir)
{
	uint64_t i, n = scaled(100000);
	struct out o = out_open(dir, "flood-tcp.pcap", 2 * n);
	static uint8_t body[1000];
	int k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < 2; k++) {
			int ooo = (k == 0) == ((i & 1) == 1);
			struct gen_ip4 ip = {
			    .src = GEN_IP4(100, 64 + (uint8_t)(i >> 16),
				(uint8_t)(i >> 8), (uint8_t)i),
			    .dst = GEN_IP4(203, 0, 113, 179),
			    .proto = GEN_IP_TCP };
			struct gen_tcp t = { .sport = (uint16_t)(1024 + i % 60000),
			    .dport = 179, .seq = 1000 + (ooo ? 3000 : 0),
			    .ack = 1, .flags = GEN_TH_ACK | GEN_TH_PSH,
			    .win = 65535 };

			gb_reset(&fr);
			gb_eth(&fr, mac_y, mac_x, GEN_ET_IPV4);
			gb_ipv4(&fr, &ip);
			gb_tcp(&fr, &t);
			if (!ooo) {
				memset(body, 0xff, 16);
				body[16] = 0x10;	/* length 4096 */
				body[17] = 0x00;
				body[18] = 2;		/* UPDATE */
				memset(body + 19, 0, sizeof(body) - 19);
			} else {
				memset(body, 0x5a, sizeof(body));
			}
			gb_bytes(&fr, body, sizeof(body));
			gb_finish(&fr);
			out_frame(&o, &fr);
		}
	}
	out_close(&o);
}

/* Fragment floods: first fragments (IPv4 MF, IPv6 Fragment header with M)
 * of distinct datagrams whose rest never comes; 1400 bytes each. */
static void
flood_frag(const char *dir)
{
	uint64_t i, n = scaled(300000);
	struct out o = out_open(dir, "flood-frag.pcap", n);
	static uint8_t pay[1400];

	memset(pay, 0xab, sizeof(pay));
	for (i = 0; i < n; i++) {
		gb_reset(&fr);
		if (i % 3 == 2) {
			struct gen_ip6 ip;
			char a[64];

			memset(&ip, 0, sizeof(ip));
			snprintf(a, sizeof(a), "2001:db8:f::%x",
			    (unsigned)(i & 0xffff));
			ip.src = gen_ip6(a);
			ip.dst = gen_ip6("2001:db8:f::1");
			ip.nxt = GEN_IP_FRAGMENT;
			gb_eth(&fr, mac_y, mac_x, GEN_ET_IPV6);
			gb_ipv6(&fr, &ip);
			gb_ip6_frag(&fr, GEN_IP_UDP, 0, 1, (uint32_t)i);
		} else {
			struct gen_ip4 ip = {
			    .src = GEN_IP4(10, 9, (uint8_t)(i >> 16),
				(uint8_t)(i >> 8)),
			    .dst = GEN_IP4(10, 9, 255, 1), .proto = GEN_IP_UDP,
			    .id = (uint16_t)i, .frag = GEN_IP4_MF };

			gb_eth(&fr, mac_y, mac_x, GEN_ET_IPV4);
			gb_ipv4(&fr, &ip);
		}
		gb_bytes(&fr, pay, sizeof(pay));
		gb_finish(&fr);
		out_frame(&o, &fr);
	}
	out_close(&o);
}

/* HELLO storm: one tunnel (10.5.0.1 <-> 10.5.0.2, established) sends a
 * million HELLOs; a second source sends HELLOs to CCIDs nobody assigned. */
static void
flood_hello(const char *dir)
{
	uint64_t i, n = scaled(1000000);
	struct out o = out_open(dir, "flood-hello.pcap", n + 3);
	struct l2b_path p = path_of(GEN_IP4(10, 5, 0, 1), GEN_IP4(10, 5, 0, 2),
	    1701, 1701, 0);
	struct l2b_path q = path_of(GEN_IP4(10, 6, 0, 1), GEN_IP4(10, 5, 0, 2),
	    1701, 1701, 0);
	static const uint16_t pw[1] = { 5 };
	struct l2b_ident ia = { .host = "storm-a", .router_id = 1, .pw = pw,
	    .npw = 1 };
	struct l2b_ident ib = { .host = "storm-b", .router_id = 2, .pw = pw,
	    .npw = 1 };

	l2b_avps_reset(&al);
	l2b_sccrq_avps(&al, &ia, 11);
	l2b_ctl(&fr, &p, L2B_AB, 0, 0, 0, L2B_V3CTL, &al);
	out_frame(&o, &fr);
	l2b_avps_reset(&al);
	l2b_sccrp_avps(&al, &ib, 22);
	l2b_ctl(&fr, &p, L2B_BA, 11, 0, 1, L2B_V3CTL, &al);
	out_frame(&o, &fr);
	l2b_avps_reset(&al);
	l2b_type_avps(&al, L2B_SCCCN);
	l2b_ctl(&fr, &p, L2B_AB, 22, 1, 1, L2B_V3CTL, &al);
	out_frame(&o, &fr);
	for (i = 0; i < n; i++) {
		l2b_avps_reset(&al);
		l2b_type_avps(&al, L2B_HELLO);
		if (i & 1)
			l2b_ctl(&fr, &q, L2B_AB, (uint32_t)i, 0, 0, L2B_V3CTL,
			    &al);
		else
			l2b_ctl(&fr, &p, L2B_AB, 22, (uint16_t)(2 + i / 2), 1,
			    L2B_V3CTL, &al);
		out_frame(&o, &fr);
	}
	out_close(&o);
}

/* A tunnel carrying two million data packets for sessions nobody set up
 * (every packet a new Session ID, over UDP and over IP). */
static void
flood_data(const char *dir)
{
	uint64_t i, n = scaled(2000000);
	struct out o = out_open(dir, "flood-data.pcap", n);
	struct l2b_path pu = path_of(GEN_IP4(10, 7, 0, 1), GEN_IP4(10, 7, 0, 2),
	    1701, 1701, 0);
	struct l2b_path pi = path_of(GEN_IP4(10, 7, 0, 1), GEN_IP4(10, 7, 0, 2),
	    0, 0, 1);

	l2b_in_arp(&inner, 1, mac_x, GEN_IP4(10, 70, 0, 1), mac_y,
	    GEN_IP4(10, 70, 0, 2), mac_y);
	for (i = 0; i < n; i++) {
		l2b_data(&fr, (i & 1) ? &pi : &pu, L2B_AB, (uint32_t)i + 1,
		    NULL, 0, L2B_NO_L2SS, &inner);
		out_frame(&o, &fr);
	}
	out_close(&o);
}

/*
 * Bounded time per frame: L2TP in Ethernet in L2TP ... (40 levels), VLAN
 * towers (1000 tags), an L2TP control message of 10,000 zero-value AVPs,
 * AVPs claiming the maximum length, 64 KiB IPv4 datagrams, zero-length
 * UDP/TCP/L2TP, a BGP message of 4096 bytes of minimal attributes.
 */
static void
flood_nest(const char *dir)
{
	uint64_t i, n = scaled(20000);
	struct out o = out_open(dir, "flood-nest.pcap", n);
	static struct gbuf a, b;
	struct l2b_path p = path_of(GEN_IP4(10, 8, 0, 1), GEN_IP4(10, 8, 0, 2),
	    1701, 1701, 0);
	int lvl;

	for (i = 0; i < n; i++) {
		switch (i % 6) {
		case 0:		/* nested pseudowires */
			l2b_in_arp(&a, 1, mac_x, GEN_IP4(10, 80, 0, 1), mac_y,
			    GEN_IP4(10, 80, 0, 2), mac_y);
			for (lvl = 0; lvl < 40; lvl++) {
				l2b_data(&b, &p, L2B_AB, 77, NULL, 0,
				    L2B_NO_L2SS, &a);
				a = b;
			}
			out_frame(&o, &a);
			break;
		case 1: {	/* VLAN tower */
			unsigned k;

			gb_reset(&fr);
			gb_eth(&fr, mac_y, mac_x, GEN_ET_VLAN);
			for (k = 0; k < 1000; k++)
				gb_vlan(&fr, 0, 0, k & 0xfff,
				    k + 1 < 1000 ? GEN_ET_VLAN : GEN_ET_IPV4);
			gb_zero(&fr, 20);
			gb_finish(&fr);
			out_frame(&o, &fr);
			break;
		}
		case 2: {	/* AVP flood, then one AVP claiming 1023 bytes */
			unsigned k;

			l2b_avps_reset(&al);
			l2b_type_avps(&al, L2B_HELLO);
			for (k = 0; al.n + 6 <= sizeof(al.b) - 6; k++)
				l2b_avp(&al, 0, 0, (uint16_t)(1000 + k), NULL, 0);
			l2b_avp_raw(&al, "\x83\xff\x00\x00\x00\x07", 6);
			l2b_ctl(&fr, &p, L2B_AB, 99, (uint16_t)i, 0, L2B_V3CTL,
			    &al);
			out_frame(&o, &fr);
			break;
		}
		case 3: {	/* maximum-length IPv4 datagram, UDP to 1701 */
			struct gen_ip4 ip = { .src = GEN_IP4(10, 8, 1, 1),
			    .dst = GEN_IP4(10, 8, 1, 2), .proto = GEN_IP_UDP };

			gb_reset(&fr);
			gb_eth(&fr, mac_y, mac_x, GEN_ET_IPV4);
			gb_ipv4(&fr, &ip);
			gb_udp(&fr, 1701, 1701);
			gb_u32(&fr, 0x00030000);
			gb_u32(&fr, 5);
			gb_zero(&fr, 65535 - 20 - 8 - 8);
			gb_finish(&fr);
			out_frame(&o, &fr);
			break;
		}
		case 4: {	/* zero-length everything */
			struct gen_ip4 ip = { .src = GEN_IP4(10, 8, 2, 1),
			    .dst = GEN_IP4(10, 8, 2, 2), .proto = GEN_IP_UDP };

			gb_reset(&fr);
			gb_eth(&fr, mac_y, mac_x, GEN_ET_IPV4);
			gb_ipv4(&fr, &ip);
			gb_udp(&fr, 1701, 1701);
			gb_u16(&fr, 0xc803);
			gb_u16(&fr, 0);		/* L2TP length 0 */
			gb_finish(&fr);
			gb_set16(&fr, 14 + 20 + 4, 0);	/* UDP length 0 */
			out_frame(&o, &fr);
			break;
		}
		default: {	/* a 4096-byte UPDATE of empty attributes */
			struct gen_ip4 ip = { .src = GEN_IP4(10, 8, 3, 1),
			    .dst = GEN_IP4(10, 8, 3, 2), .proto = GEN_IP_TCP };
			struct gen_tcp t = { .sport = 40000, .dport = 179,
			    .seq = 1 + (uint32_t)(i / 6) * 4096, .ack = 1,
			    .flags = GEN_TH_ACK, .win = 65535 };
			unsigned k;

			gb_reset(&fr);
			gb_eth(&fr, mac_y, mac_x, GEN_ET_IPV4);
			gb_ipv4(&fr, &ip);
			gb_tcp(&fr, &t);
			for (k = 0; k < 16; k++)
				gb_u8(&fr, 0xff);
			gb_u16(&fr, 4096);
			gb_u8(&fr, 2);
			gb_u16(&fr, 0);		/* no withdrawn */
			gb_u16(&fr, 4096 - 23);
			for (k = 0; k < (4096 - 23) / 3; k++) {
				gb_u8(&fr, 0xc0);	/* optional transitive */
				gb_u8(&fr, (uint8_t)(100 + k % 100));
				gb_u8(&fr, 0);
			}
			gb_finish(&fr);
			out_frame(&o, &fr);
			break;
		}
		}
	}
	out_close(&o);
}

static const struct {
	const char	*name;
	void		(*fn)(const char *);
} floods[] = {
	{ "ids", flood_ids },
	{ "tcp", flood_tcp },
	{ "frag", flood_frag },
	{ "hello", flood_hello },
	{ "data", flood_data },
	{ "nest", flood_nest },
};

int
main(int argc, char **argv)
{
	size_t i;

	if (argc < 3) {
		fprintf(stderr, "usage: floodgen OUTDIR HEALTHY.pcap [scale "
		    "[flood ...]]\n");
		return 2;
	}
	if (argc > 3)
		scale = atof(argv[3]);
	healthy_load(argv[2]);
	for (i = 0; i < sizeof(floods) / sizeof(floods[0]); i++) {
		int want = argc <= 4, j;

		for (j = 4; j < argc; j++)
			if (strcmp(argv[j], floods[i].name) == 0)
				want = 1;
		if (want)
			floods[i].fn(argv[1]);
	}
	return 0;
}
