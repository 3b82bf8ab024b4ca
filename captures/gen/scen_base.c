/* scen_base.c - foundation scenarios: link layers, VLAN tags, IPv4/IPv6,
 * fragments, ICMP errors, capture limits (see captures/README.md for what
 * each file holds and how it must decode).
 */
#include <string.h>

#include "gen.h"
#include "scenarios.h"

/* Hosts used throughout (RFC 5737 / RFC 3849 documentation addresses). */
static const struct gen_mac mac_a = { { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 } };
static const struct gen_mac mac_b = { { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 } };
static const struct gen_mac mac_r = { { 0x02, 0x00, 0x00, 0x00, 0x00, 0xfe } };
static const struct gen_mac mac_bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
static const struct gen_mac mac_zero = { { 0, 0, 0, 0, 0, 0 } };

#define IP_A	GEN_IP4(192, 0, 2, 1)
#define IP_B	GEN_IP4(192, 0, 2, 2)
#define IP_R	GEN_IP4(192, 0, 2, 254)
#define IP_FAR	GEN_IP4(198, 51, 100, 7)

/* Frames are big: one static working buffer and one for inner datagrams. */
static struct gbuf fr, q;

static void
ip4(struct gbuf *g, uint32_t src, uint32_t dst, uint8_t proto, uint16_t id,
    uint16_t frag)
{
	struct gen_ip4 p = { .src = src, .dst = dst, .proto = proto, .id = id,
	    .frag = frag };

	gb_ipv4(g, &p);
}

static void
ip6(struct gbuf *g, const char *src, const char *dst, uint8_t nxt,
    uint8_t hlim)
{
	struct gen_ip6 p = { .src = gen_ip6(src), .dst = gen_ip6(dst),
	    .nxt = nxt, .hlim = hlim };

	gb_ipv6(g, &p);
}

/* Finish an Ethernet frame, pad it to the 60-byte minimum, write it. */
static void
put_eth(struct gen_pcap *w, int64_t t)
{
	gb_finish(&fr);
	gb_pad(&fr, 60);
	gen_pcap_frame(w, t, &fr);
}

static void
put(struct gen_pcap *w, int64_t t)
{
	gb_finish(&fr);
	gen_pcap_frame(w, t, &fr);
}

/* Fill n bytes with letters starting at base, cycling through 26. */
static void
pattern(uint8_t *p, size_t n, char base)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(base + (int)(i % 26));
}

static const uint8_t dns_query[] = {
	0xbe, 0xef, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
	0x00, 0x01, 0x00, 0x01,
};

static const uint8_t dns_response[] = {
	0xbe, 0xef, 0x81, 0x80, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
	0x00, 0x01, 0x00, 0x01,
	0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2c,
	0x00, 0x04, 192, 0, 2, 80,
};

static const char ping_data[] = "abcdefghijklmnopqrstuvwabcdefghi";	/* 32 */

/* ---- basic-eth ---- */

#define ISN_A	1000000000u
#define ISN_B	2000000000u

static void
tcp4(uint32_t src, uint32_t dst, struct gen_mac smac, struct gen_mac dmac,
    uint16_t id, const struct gen_tcp *t, const char *data)
{
	gb_reset(&fr);
	gb_eth(&fr, dmac, smac, GEN_ET_IPV4);
	ip4(&fr, src, dst, GEN_IP_TCP, id, GEN_IP4_DF);
	gb_tcp(&fr, t);
	if (data)
		gb_str(&fr, data);
}

void
scen_basic_eth(const char *dir)
{
	struct gen_pcap *w = gen_pcap_open(dir, "basic-eth.pcap",
	    GEN_LT_ETHERNET, 262144, 0);
	static const char req[] = "GET / HTTP/1.0\r\nHost: example.com\r\n\r\n";
	static const char resp[] =
	    "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok";
	uint32_t la = sizeof(req) - 1, lb = sizeof(resp) - 1;

	/* 1-2: ARP who-has 192.0.2.2 / is-at. */
	gb_reset(&fr);
	gb_eth(&fr, mac_bcast, mac_a, GEN_ET_ARP);
	gb_arp(&fr, 1, mac_a, IP_A, mac_zero, IP_B);
	put_eth(w, GEN_T(0, 0));
	gb_reset(&fr);
	gb_eth(&fr, mac_a, mac_b, GEN_ET_ARP);
	gb_arp(&fr, 2, mac_b, IP_B, mac_a, IP_A);
	put_eth(w, GEN_T(0, 100));

	/* 3-4: ICMP echo id 0x1234 seq 1. */
	gb_reset(&fr);
	gb_eth(&fr, mac_b, mac_a, GEN_ET_IPV4);
	ip4(&fr, IP_A, IP_B, GEN_IP_ICMP, 0x1000, GEN_IP4_DF);
	gb_icmp(&fr, 8, 0, 0x12340001);
	gb_str(&fr, ping_data);
	put_eth(w, GEN_T(0, 1000));
	gb_reset(&fr);
	gb_eth(&fr, mac_a, mac_b, GEN_ET_IPV4);
	ip4(&fr, IP_B, IP_A, GEN_IP_ICMP, 0x2000, 0);
	gb_icmp(&fr, 0, 0, 0x12340001);
	gb_str(&fr, ping_data);
	put_eth(w, GEN_T(0, 1500));

	/* 5-6: DNS-like query/response over UDP/53. */
	gb_reset(&fr);
	gb_eth(&fr, mac_b, mac_a, GEN_ET_IPV4);
	ip4(&fr, IP_A, IP_B, GEN_IP_UDP, 0x1001, 0);
	gb_udp(&fr, 40000, 53);
	gb_bytes(&fr, dns_query, sizeof(dns_query));
	put_eth(w, GEN_T(0, 2000));
	gb_reset(&fr);
	gb_eth(&fr, mac_a, mac_b, GEN_ET_IPV4);
	ip4(&fr, IP_B, IP_A, GEN_IP_UDP, 0x2001, 0);
	gb_udp(&fr, 53, 40000);
	gb_bytes(&fr, dns_response, sizeof(dns_response));
	put_eth(w, GEN_T(0, 2300));

	/* 7-15: TCP 40001 -> 80: handshake, request, response, close. */
	tcp4(IP_A, IP_B, mac_a, mac_b, 0x1002, &(struct gen_tcp){
	    .sport = 40001, .dport = 80, .seq = ISN_A, .flags = GEN_TH_SYN,
	    .win = 64240, .mss = 1460, .sack_perm = 1, .ts_set = 1,
	    .ts_val = 100, .ws_set = 1, .ws = 7 }, NULL);
	put_eth(w, GEN_T(0, 10000));
	tcp4(IP_B, IP_A, mac_b, mac_a, 0x0000, &(struct gen_tcp){
	    .sport = 80, .dport = 40001, .seq = ISN_B, .ack = ISN_A + 1,
	    .flags = GEN_TH_SYN | GEN_TH_ACK, .win = 65160, .mss = 1460,
	    .sack_perm = 1, .ts_set = 1, .ts_val = 500, .ts_ecr = 100,
	    .ws_set = 1, .ws = 7 }, NULL);
	put_eth(w, GEN_T(0, 10200));
	tcp4(IP_A, IP_B, mac_a, mac_b, 0x1003, &(struct gen_tcp){
	    .sport = 40001, .dport = 80, .seq = ISN_A + 1, .ack = ISN_B + 1,
	    .flags = GEN_TH_ACK, .win = 502, .ts_set = 1, .ts_val = 101,
	    .ts_ecr = 500 }, NULL);
	put_eth(w, GEN_T(0, 10400));
	tcp4(IP_A, IP_B, mac_a, mac_b, 0x1004, &(struct gen_tcp){
	    .sport = 40001, .dport = 80, .seq = ISN_A + 1, .ack = ISN_B + 1,
	    .flags = GEN_TH_PSH | GEN_TH_ACK, .win = 502, .ts_set = 1,
	    .ts_val = 102, .ts_ecr = 500 }, req);
	put_eth(w, GEN_T(0, 10600));
	tcp4(IP_B, IP_A, mac_b, mac_a, 0x2002, &(struct gen_tcp){
	    .sport = 80, .dport = 40001, .seq = ISN_B + 1, .ack = ISN_A + 1 + la,
	    .flags = GEN_TH_ACK, .win = 509, .ts_set = 1, .ts_val = 501,
	    .ts_ecr = 102 }, NULL);
	put_eth(w, GEN_T(0, 10800));
	tcp4(IP_B, IP_A, mac_b, mac_a, 0x2003, &(struct gen_tcp){
	    .sport = 80, .dport = 40001, .seq = ISN_B + 1, .ack = ISN_A + 1 + la,
	    .flags = GEN_TH_PSH | GEN_TH_ACK, .win = 509, .ts_set = 1,
	    .ts_val = 502, .ts_ecr = 102 }, resp);
	put_eth(w, GEN_T(0, 11000));
	tcp4(IP_B, IP_A, mac_b, mac_a, 0x2004, &(struct gen_tcp){
	    .sport = 80, .dport = 40001, .seq = ISN_B + 1 + lb,
	    .ack = ISN_A + 1 + la, .flags = GEN_TH_FIN | GEN_TH_ACK,
	    .win = 509, .ts_set = 1, .ts_val = 503, .ts_ecr = 102 }, NULL);
	put_eth(w, GEN_T(0, 11200));
	tcp4(IP_A, IP_B, mac_a, mac_b, 0x1005, &(struct gen_tcp){
	    .sport = 40001, .dport = 80, .seq = ISN_A + 1 + la,
	    .ack = ISN_B + 2 + lb, .flags = GEN_TH_FIN | GEN_TH_ACK,
	    .win = 502, .ts_set = 1, .ts_val = 103, .ts_ecr = 503 }, NULL);
	put_eth(w, GEN_T(0, 11400));
	tcp4(IP_B, IP_A, mac_b, mac_a, 0x2005, &(struct gen_tcp){
	    .sport = 80, .dport = 40001, .seq = ISN_B + 2 + lb,
	    .ack = ISN_A + 2 + la, .flags = GEN_TH_ACK, .win = 509,
	    .ts_set = 1, .ts_val = 504, .ts_ecr = 103 }, NULL);
	put_eth(w, GEN_T(0, 11600));
	gen_pcap_close(w);
}

/* ---- vlan ---- */

static void
udp4_payload(uint32_t src, uint32_t dst, uint16_t id, uint16_t sport,
    uint16_t dport, const char *data)
{
	ip4(&fr, src, dst, GEN_IP_UDP, id, 0);
	gb_udp(&fr, sport, dport);
	gb_str(&fr, data);
}

void
scen_vlan(const char *dir)
{
	struct gen_pcap *w = gen_pcap_open(dir, "vlan.pcap", GEN_LT_ETHERNET,
	    262144, 0);

	/* 1: 802.1Q VID 100, UDP. */
	gb_reset(&fr);
	gb_eth(&fr, mac_b, mac_a, GEN_ET_VLAN);
	gb_vlan(&fr, 0, 0, 100, GEN_ET_IPV4);
	udp4_payload(IP_A, IP_B, 0x1100, 40000, 10001, "vlan 100");
	put_eth(w, GEN_T(0, 0));
	/* 2: 802.1Q VID 100, TCP SYN. */
	gb_reset(&fr);
	gb_eth(&fr, mac_b, mac_a, GEN_ET_VLAN);
	gb_vlan(&fr, 0, 0, 100, GEN_ET_IPV4);
	ip4(&fr, IP_A, IP_B, GEN_IP_TCP, 0x1101, GEN_IP4_DF);
	gb_tcp(&fr, &(struct gen_tcp){ .sport = 40002, .dport = 443,
	    .seq = 1, .flags = GEN_TH_SYN, .win = 64240, .mss = 1456 });
	put_eth(w, GEN_T(0, 1000));
	/* 3: QinQ 802.1ad S-tag 200 (PCP 3) + C-tag 300, UDP. */
	gb_reset(&fr);
	gb_eth(&fr, mac_b, mac_a, GEN_ET_QINQ);
	gb_vlan(&fr, 3, 0, 200, GEN_ET_VLAN);
	gb_vlan(&fr, 0, 0, 300, GEN_ET_IPV4);
	udp4_payload(IP_A, IP_B, 0x1102, 40000, 10001, "qinq 200/300");
	put_eth(w, GEN_T(0, 2000));
	/* 4: QinQ 200/300, TCP SYN/ACK back. */
	gb_reset(&fr);
	gb_eth(&fr, mac_a, mac_b, GEN_ET_QINQ);
	gb_vlan(&fr, 3, 0, 200, GEN_ET_VLAN);
	gb_vlan(&fr, 0, 0, 300, GEN_ET_IPV4);
	ip4(&fr, IP_B, IP_A, GEN_IP_TCP, 0x2100, GEN_IP4_DF);
	gb_tcp(&fr, &(struct gen_tcp){ .sport = 443, .dport = 40002,
	    .seq = 7000, .ack = 2, .flags = GEN_TH_SYN | GEN_TH_ACK,
	    .win = 65160, .mss = 1456 });
	put_eth(w, GEN_T(0, 3000));
	/* 5: old-style QinQ 0x9100 outer VID 400 + 0x8100 VID 500, UDP. */
	gb_reset(&fr);
	gb_eth(&fr, mac_b, mac_a, GEN_ET_9100);
	gb_vlan(&fr, 0, 0, 400, GEN_ET_VLAN);
	gb_vlan(&fr, 0, 0, 500, GEN_ET_IPV4);
	udp4_payload(IP_A, IP_B, 0x1103, 40000, 10001, "9100 400/500");
	put_eth(w, GEN_T(0, 4000));
	/* 6: three tags 0x88a8 10 / 0x8100 20 / 0x8100 30, UDP. */
	gb_reset(&fr);
	gb_eth(&fr, mac_b, mac_a, GEN_ET_QINQ);
	gb_vlan(&fr, 0, 0, 10, GEN_ET_VLAN);
	gb_vlan(&fr, 0, 0, 20, GEN_ET_VLAN);
	gb_vlan(&fr, 0, 0, 30, GEN_ET_IPV4);
	udp4_payload(IP_A, IP_B, 0x1104, 40000, 10001, "three tags");
	put_eth(w, GEN_T(0, 5000));
	/* 7: priority tag (VID 0, PCP 5), UDP. */
	gb_reset(&fr);
	gb_eth(&fr, mac_b, mac_a, GEN_ET_VLAN);
	gb_vlan(&fr, 5, 0, 0, GEN_ET_IPV4);
	udp4_payload(IP_A, IP_B, 0x1105, 40000, 10001, "priority");
	put_eth(w, GEN_T(0, 6000));
	/* 8: VID 4094 with DEI set, ARP request. */
	gb_reset(&fr);
	gb_eth(&fr, mac_bcast, mac_a, GEN_ET_VLAN);
	gb_vlan(&fr, 0, 1, 4094, GEN_ET_ARP);
	gb_arp(&fr, 1, mac_a, IP_A, mac_zero, IP_B);
	put_eth(w, GEN_T(0, 7000));
	gen_pcap_close(w);
}

/* ---- ipv6 ---- */

#define V6_A	"2001:db8::1"
#define V6_B	"2001:db8::2"

static void
eth6(struct gen_mac dst, struct gen_mac src)
{
	gb_reset(&fr);
	gb_eth(&fr, dst, src, GEN_ET_IPV6);
}

void
scen_ipv6(const char *dir)
{
	struct gen_pcap *w = gen_pcap_open(dir, "ipv6.pcap", GEN_LT_ETHERNET,
	    262144, 0);
	static const struct gen_mac mac_sn = { { 0x33, 0x33, 0xff, 0, 0, 2 } };
	static const uint8_t ra[] = { 0x05, 0x02, 0x00, 0x00 };	/* router alert */
	static const uint8_t exp_opt[] = { 0x1e, 0x04, 0xde, 0xad, 0xbe, 0xef };
	struct gen_ip6addr t, rh[2];
	uint8_t echo[16];

	pattern(echo, sizeof(echo), 'a');
	/* 1: UDP. */
	eth6(mac_b, mac_a);
	ip6(&fr, V6_A, V6_B, GEN_IP_UDP, 64);
	gb_udp(&fr, 40000, 10001);
	gb_str(&fr, "ipv6 udp");
	put_eth(w, GEN_T(0, 0));
	/* 2-3: TCP SYN, SYN/ACK. */
	eth6(mac_b, mac_a);
	ip6(&fr, V6_A, V6_B, GEN_IP_TCP, 64);
	gb_tcp(&fr, &(struct gen_tcp){ .sport = 40003, .dport = 443,
	    .seq = 3000000000u, .flags = GEN_TH_SYN, .win = 64800,
	    .mss = 1440, .sack_perm = 1, .ts_set = 1, .ts_val = 1,
	    .ws_set = 1, .ws = 7 });
	put_eth(w, GEN_T(0, 1000));
	eth6(mac_a, mac_b);
	ip6(&fr, V6_B, V6_A, GEN_IP_TCP, 64);
	gb_tcp(&fr, &(struct gen_tcp){ .sport = 443, .dport = 40003,
	    .seq = 4000000000u, .ack = 3000000001u,
	    .flags = GEN_TH_SYN | GEN_TH_ACK, .win = 64260, .mss = 1440,
	    .sack_perm = 1, .ts_set = 1, .ts_val = 9, .ts_ecr = 1,
	    .ws_set = 1, .ws = 7 });
	put_eth(w, GEN_T(0, 1200));
	/* 4-5: ICMPv6 echo id 0x4321 seq 1. */
	eth6(mac_b, mac_a);
	ip6(&fr, V6_A, V6_B, GEN_IP_ICMPV6, 64);
	gb_icmp6(&fr, 128, 0, 0x43210001);
	gb_bytes(&fr, echo, sizeof(echo));
	put_eth(w, GEN_T(0, 2000));
	eth6(mac_a, mac_b);
	ip6(&fr, V6_B, V6_A, GEN_IP_ICMPV6, 64);
	gb_icmp6(&fr, 129, 0, 0x43210001);
	gb_bytes(&fr, echo, sizeof(echo));
	put_eth(w, GEN_T(0, 2200));
	/* 6: neighbor solicitation for 2001:db8::2 from fe80::1. */
	t = gen_ip6(V6_B);
	eth6(mac_sn, mac_a);
	ip6(&fr, "fe80::1", "ff02::1:ff00:2", GEN_IP_ICMPV6, 255);
	gb_icmp6(&fr, 135, 0, 0);
	gb_bytes(&fr, t.a, 16);
	gb_u8(&fr, 1);			/* source link-layer address */
	gb_u8(&fr, 1);
	gb_bytes(&fr, mac_a.a, 6);
	put_eth(w, GEN_T(0, 3000));
	/* 7: neighbor advertisement (solicited, override). */
	eth6(mac_a, mac_b);
	ip6(&fr, V6_B, "fe80::1", GEN_IP_ICMPV6, 255);
	gb_icmp6(&fr, 136, 0, 0x60000000);
	gb_bytes(&fr, t.a, 16);
	gb_u8(&fr, 2);			/* target link-layer address */
	gb_u8(&fr, 1);
	gb_bytes(&fr, mac_b.a, 6);
	put_eth(w, GEN_T(0, 3200));
	/* 8: hop-by-hop options (router alert) + UDP. */
	eth6(mac_b, mac_a);
	ip6(&fr, V6_A, V6_B, GEN_IP_HOPOPT, 64);
	gb_ip6_hbh(&fr, GEN_IP_UDP, ra, sizeof(ra));
	gb_udp(&fr, 40000, 10001);
	gb_str(&fr, "hop-by-hop");
	put_eth(w, GEN_T(0, 4000));
	/* 9: destination options (experimental option 0x1e) + UDP. */
	eth6(mac_b, mac_a);
	ip6(&fr, V6_A, V6_B, GEN_IP_DSTOPTS, 64);
	gb_ip6_dstopts(&fr, GEN_IP_UDP, exp_opt, sizeof(exp_opt));
	gb_udp(&fr, 40000, 10001);
	gb_str(&fr, "dest-opts");
	put_eth(w, GEN_T(0, 5000));
	/* 10: routing header type 0, 2 segments left, via 2001:db8::fe. */
	rh[0] = gen_ip6("2001:db8::fd");
	rh[1] = gen_ip6(V6_B);
	eth6(mac_r, mac_a);
	ip6(&fr, V6_A, "2001:db8::fe", GEN_IP_ROUTING, 64);
	gb_ip6_routing(&fr, GEN_IP_UDP, 0, 2, rh, 2);
	gb_udp(&fr, 40000, 10001);
	gb_str(&fr, "routing");
	put_eth(w, GEN_T(0, 6000));
	/* 11: atomic fragment (offset 0, M=0, RFC 6946) + UDP. */
	eth6(mac_b, mac_a);
	ip6(&fr, V6_A, V6_B, GEN_IP_FRAGMENT, 64);
	gb_ip6_frag(&fr, GEN_IP_UDP, 0, 0, 0xa70a1c);
	gb_udp(&fr, 40000, 10001);
	gb_str(&fr, "atomic");
	put_eth(w, GEN_T(0, 7000));
	/* 12: chain hop-by-hop -> destination options -> UDP. */
	eth6(mac_b, mac_a);
	ip6(&fr, V6_A, V6_B, GEN_IP_HOPOPT, 64);
	gb_ip6_hbh(&fr, GEN_IP_DSTOPTS, ra, sizeof(ra));
	gb_ip6_dstopts(&fr, GEN_IP_UDP, exp_opt, sizeof(exp_opt));
	gb_udp(&fr, 40000, 10001);
	gb_str(&fr, "chain");
	put_eth(w, GEN_T(0, 8000));
	gen_pcap_close(w);
}

/* ---- fragments ---- */

/*
 * One 158-byte UDP datagram (8 header + 150 payload) cut into pieces of
 * 64 + 64 + 30 bytes (offsets 0, 64, 128); each set has its own id and
 * payload letters, so a wrong reassembly shows.
 */
#define FRAG_PAYLOAD	150
#define FRAG_UDP	(8 + FRAG_PAYLOAD)

struct piece {
	unsigned	off, len;
	int		mf;
	int		conflict;	/* overwrite with 'X' (overlap test) */
};

static const struct piece in_order[] = {
	{ 0, 64, 1, 0 }, { 64, 64, 1, 0 }, { 128, 30, 0, 0 } };
static const struct piece out_of_order[] = {
	{ 128, 30, 0, 0 }, { 0, 64, 1, 0 }, { 64, 64, 1, 0 } };
static const struct piece duplicate[] = {
	{ 0, 64, 1, 0 }, { 64, 64, 1, 0 }, { 64, 64, 1, 0 }, { 128, 30, 0, 0 } };
/* 56..64 is sent twice: first right, then as 'X' bytes. */
static const struct piece overlap[] = {
	{ 0, 64, 1, 0 }, { 56, 72, 1, 1 }, { 128, 30, 0, 0 } };
static const struct piece incomplete[] = {
	{ 0, 64, 1, 0 }, { 128, 30, 0, 0 } };

static const struct {
	const struct piece *p;
	unsigned n;
} frag_sets[] = {
	{ in_order, 3 }, { out_of_order, 3 }, { duplicate, 4 },
	{ overlap, 3 }, { incomplete, 2 },
};

/* The piece's bytes from the datagram at udp; conflicts overwrite the
 * part that an earlier piece already sent. */
static void
piece_bytes(const uint8_t *udp, const struct piece *p)
{
	uint8_t b[FRAG_UDP];

	memcpy(b, udp + p->off, p->len);
	if (p->conflict)
		memset(b, 'X', 8);
	gb_bytes(&fr, b, p->len);
}

void
scen_frag_ipv4(const char *dir)
{
	struct gen_pcap *w = gen_pcap_open(dir, "frag-ipv4.pcap",
	    GEN_LT_ETHERNET, 262144, 0);
	uint8_t payload[FRAG_PAYLOAD];

	for (unsigned s = 0; s < 5; s++) {
		uint16_t id = (uint16_t)(0x0101 + s);

		pattern(payload, sizeof(payload), (char)('a' + s));
		gb_reset(&q);
		ip4(&q, IP_A, IP_B, GEN_IP_UDP, id, 0);
		gb_udp(&q, 40000, 10001);
		gb_bytes(&q, payload, sizeof(payload));
		gb_finish(&q);
		for (unsigned i = 0; i < frag_sets[s].n; i++) {
			const struct piece *p = &frag_sets[s].p[i];

			gb_reset(&fr);
			gb_eth(&fr, mac_b, mac_a, GEN_ET_IPV4);
			ip4(&fr, IP_A, IP_B, GEN_IP_UDP, id,
			    (uint16_t)((p->mf ? GEN_IP4_MF : 0) | p->off / 8));
			piece_bytes(q.b + 20, p);
			put_eth(w, GEN_T(s, 100 * i));
		}
	}
	gen_pcap_close(w);
}

void
scen_frag_ipv6(const char *dir)
{
	struct gen_pcap *w = gen_pcap_open(dir, "frag-ipv6.pcap",
	    GEN_LT_ETHERNET, 262144, 0);
	uint8_t payload[FRAG_PAYLOAD];

	for (unsigned s = 0; s < 5; s++) {
		uint32_t id = 0x1001 + s;

		pattern(payload, sizeof(payload), (char)('a' + s));
		gb_reset(&q);
		ip6(&q, V6_A, V6_B, GEN_IP_UDP, 64);
		gb_udp(&q, 40000, 10001);
		gb_bytes(&q, payload, sizeof(payload));
		gb_finish(&q);
		for (unsigned i = 0; i < frag_sets[s].n; i++) {
			const struct piece *p = &frag_sets[s].p[i];

			eth6(mac_b, mac_a);
			ip6(&fr, V6_A, V6_B, GEN_IP_FRAGMENT, 64);
			gb_ip6_frag(&fr, GEN_IP_UDP, p->off, p->mf, id);
			piece_bytes(q.b + 40, p);
			put_eth(w, GEN_T(s, 100 * i));
		}
	}
	gen_pcap_close(w);
}

/* ---- icmp-errors ---- */

/* L2TPv3-over-UDP control header of a ZLB (RFC 3931 3.2.1): T L S, ver 3,
 * length 12, connection id 0, Ns 0, Nr 0. */
static const uint8_t l2tp_zlb[] = {
	0xc8, 0x03, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

void
scen_icmp_errors(const char *dir)
{
	struct gen_pcap *w = gen_pcap_open(dir, "icmp-errors.pcap",
	    GEN_LT_ETHERNET, 262144, 0);
	static uint8_t big[1472];

	/* 1-2: UDP/1701 to B; B answers port unreachable quoting it all. */
	gb_reset(&q);
	ip4(&q, IP_A, IP_B, GEN_IP_UDP, 0x1200, 0);
	gb_udp(&q, 1701, 1701);
	gb_bytes(&q, l2tp_zlb, sizeof(l2tp_zlb));
	gb_finish(&q);
	gb_reset(&fr);
	gb_eth(&fr, mac_b, mac_a, GEN_ET_IPV4);
	gb_append(&fr, &q, q.len);
	put_eth(w, GEN_T(0, 0));
	gb_reset(&fr);
	gb_eth(&fr, mac_a, mac_b, GEN_ET_IPV4);
	ip4(&fr, IP_B, IP_A, GEN_IP_ICMP, 0x2200, 0);
	gb_icmp(&fr, 3, 3, 0);
	gb_append(&fr, &q, q.len);
	put_eth(w, GEN_T(0, 300));

	/* 3-4: 1500-byte DF datagram to 198.51.100.7; the router answers
	 * fragmentation needed, MTU 1400, quoting header + 8 bytes. */
	pattern(big, sizeof(big), 'A');
	gb_reset(&q);
	ip4(&q, IP_A, IP_FAR, GEN_IP_UDP, 0x1201, GEN_IP4_DF);
	gb_udp(&q, 40000, 10001);
	gb_bytes(&q, big, sizeof(big));
	gb_finish(&q);
	gb_reset(&fr);
	gb_eth(&fr, mac_r, mac_a, GEN_ET_IPV4);
	gb_append(&fr, &q, q.len);
	put_eth(w, GEN_T(1, 0));
	gb_reset(&fr);
	gb_eth(&fr, mac_a, mac_r, GEN_ET_IPV4);
	ip4(&fr, IP_R, IP_A, GEN_IP_ICMP, 0x3200, 0);
	gb_icmp(&fr, 3, 4, 1400);
	gb_append(&fr, &q, 28);
	put_eth(w, GEN_T(1, 400));

	/* 5-6: 1500-byte IPv6 packet; the router answers packet too big,
	 * MTU 1400, quoting as much as fits in 1280 bytes (RFC 4443 2.4). */
	gb_reset(&q);
	ip6(&q, V6_A, "2001:db8:ffff::7", GEN_IP_UDP, 64);
	gb_udp(&q, 40000, 10001);
	gb_bytes(&q, big, 1452);
	gb_finish(&q);
	eth6(mac_r, mac_a);
	gb_append(&fr, &q, q.len);
	put_eth(w, GEN_T(2, 0));
	eth6(mac_a, mac_r);
	ip6(&fr, "2001:db8::fe", V6_A, GEN_IP_ICMPV6, 64);
	gb_icmp6(&fr, 2, 0, 1400);
	gb_append(&fr, &q, 1280 - 48);
	put_eth(w, GEN_T(2, 400));

	/* 7-8: UDP/1701 over IPv6; B answers port unreachable. */
	gb_reset(&q);
	ip6(&q, V6_A, V6_B, GEN_IP_UDP, 64);
	gb_udp(&q, 1701, 1701);
	gb_bytes(&q, l2tp_zlb, sizeof(l2tp_zlb));
	gb_finish(&q);
	eth6(mac_b, mac_a);
	gb_append(&fr, &q, q.len);
	put_eth(w, GEN_T(3, 0));
	eth6(mac_a, mac_b);
	ip6(&fr, V6_B, V6_A, GEN_IP_ICMPV6, 64);
	gb_icmp6(&fr, 1, 4, 0);
	gb_append(&fr, &q, q.len);
	put_eth(w, GEN_T(3, 300));
	gen_pcap_close(w);
}

/* ---- link types ---- */

/*
 * The same three packets on every link type: UDP 192.0.2.1:40000 ->
 * 192.0.2.2:10001 "ping" (outgoing), the reply "pong" (incoming), and
 * UDP over IPv6 2001:db8::1 -> 2001:db8::2 "six".
 */
static void
lt_packet(struct gbuf *g, int n)
{
	gb_reset(g);
	if (n == 0) {
		ip4(g, IP_A, IP_B, GEN_IP_UDP, 0x1300, 0);
		gb_udp(g, 40000, 10001);
		gb_str(g, "ping");
	} else if (n == 1) {
		ip4(g, IP_B, IP_A, GEN_IP_UDP, 0x2300, 0);
		gb_udp(g, 10001, 40000);
		gb_str(g, "pong");
	} else {
		ip6(g, V6_A, V6_B, GEN_IP_UDP, 64);
		gb_udp(g, 40000, 10001);
		gb_str(g, "six");
	}
	gb_finish(g);
}

static void
linktype_file(const char *dir, const char *file, int lt, int nsec)
{
	struct gen_pcap *w = gen_pcap_open(dir, file, lt, 262144, nsec);

	for (int n = 0; n < 3; n++) {
		uint16_t et = n == 2 ? GEN_ET_IPV6 : GEN_ET_IPV4;
		/* outgoing frames carry A's MAC, incoming B's */
		const uint8_t *mac = n == 1 ? mac_b.a : mac_a.a;
		uint8_t pkttype = n == 1 ? 0 : 4;

		lt_packet(&q, n);
		gb_reset(&fr);
		if (lt == GEN_LT_SLL2)
			gb_sll2(&fr, et, 2, 1, pkttype, mac, 6);
		else if (lt == GEN_LT_SLL)
			gb_sll(&fr, pkttype, 1, mac, 6, et);
		else if (lt == GEN_LT_NULL)
			gb_null(&fr, n == 2 ? 30 : 2);	/* AF_INET6 (macOS) */
		gb_append(&fr, &q, q.len);
		put(w, GEN_T(0, 1000 * n));
	}
	gen_pcap_close(w);
}

void
scen_linktypes_sll2(const char *dir)
{
	linktype_file(dir, "linktypes-sll2.pcap", GEN_LT_SLL2, 0);
}

void
scen_linktypes_sll(const char *dir)
{
	linktype_file(dir, "linktypes-sll.pcap", GEN_LT_SLL, 0);
}

/* Nanosecond pcap: the one classic file with magic a1b23c4d. */
void
scen_linktypes_raw(const char *dir)
{
	linktype_file(dir, "linktypes-raw.pcap", GEN_LT_RAW, 1);
}

void
scen_linktypes_null(const char *dir)
{
	linktype_file(dir, "linktypes-null.pcap", GEN_LT_NULL, 0);
}

/* ---- multi-if ---- */

/*
 * A LAN host 10.0.0.10 talks to 203.0.113.5 through a router seen from
 * both sides: "lan" (Linux cooked v2, router's view of the LAN port) and
 * "wan" (Ethernet), timestamps interleaved at nanosecond resolution.
 */
static void
mi_udp(uint8_t ttl, int reply, const char *data, uint16_t id)
{
	struct gen_ip4 p = { .proto = GEN_IP_UDP, .ttl = ttl, .id = id };

	p.src = reply ? GEN_IP4(203, 0, 113, 5) : GEN_IP4(10, 0, 0, 10);
	p.dst = reply ? GEN_IP4(10, 0, 0, 10) : GEN_IP4(203, 0, 113, 5);
	gb_reset(&q);
	gb_ipv4(&q, &p);
	if (reply)
		gb_udp(&q, 10001, 40000);
	else
		gb_udp(&q, 40000, 10001);
	gb_str(&q, data);
	gb_finish(&q);
}

void
scen_multi_if(const char *dir)
{
	struct gen_pcapng *w = gen_pcapng_open(dir, "multi-if.pcapng");
	unsigned wan = gen_pcapng_add_if(w, GEN_LT_ETHERNET, 262144, "wan", 9);
	unsigned lan = gen_pcapng_add_if(w, GEN_LT_SLL2, 262144, "lan", 9);
	static const struct gen_mac mac_h = { { 0x02, 0, 0, 0, 0, 0x10 } };
	static const struct gen_mac mac_up = { { 0x02, 0, 0, 0, 0, 0x20 } };

	for (int i = 0; i < 2; i++) {
		int64_t base = i;	/* second exchange one second later */
		const char *req = i ? "request 2" : "request 1";
		const char *rep = i ? "reply 2" : "reply 1";

		/* request arrives on lan (from the host), leaves on wan */
		mi_udp(64, 0, req, (uint16_t)(0x4000 + i));
		gb_reset(&fr);
		gb_sll2(&fr, GEN_ET_IPV4, 3, 1, 0, mac_h.a, 6);
		gb_append(&fr, &q, q.len);
		gb_finish(&fr);
		gen_pcapng_frame(w, lan, GEN_T_NS(base, 100), &fr);
		mi_udp(63, 0, req, (uint16_t)(0x4000 + i));
		gb_reset(&fr);
		gb_eth(&fr, mac_up, mac_r, GEN_ET_IPV4);
		gb_append(&fr, &q, q.len);
		gb_finish(&fr);
		gb_pad(&fr, 60);
		gen_pcapng_frame(w, wan, GEN_T_NS(base, 50200), &fr);
		/* reply arrives on wan, leaves on lan */
		mi_udp(57, 1, rep, (uint16_t)(0x5000 + i));
		gb_reset(&fr);
		gb_eth(&fr, mac_r, mac_up, GEN_ET_IPV4);
		gb_append(&fr, &q, q.len);
		gb_finish(&fr);
		gb_pad(&fr, 60);
		gen_pcapng_frame(w, wan, GEN_T_NS(base, 20000300), &fr);
		mi_udp(56, 1, rep, (uint16_t)(0x5000 + i));
		gb_reset(&fr);
		gb_sll2(&fr, GEN_ET_IPV4, 3, 1, 4, mac_r.a, 6);
		gb_append(&fr, &q, q.len);
		gb_finish(&fr);
		gen_pcapng_frame(w, lan, GEN_T_NS(base, 20040400), &fr);
	}
	gen_pcapng_close(w);
}

/* ---- capture limits ---- */

/* Four UDP datagrams; the file is then cut 20 bytes into the last one's
 * frame (so its record header promises more than the file has). */
void
scen_truncated(const char *dir)
{
	struct gen_pcap *w = gen_pcap_open(dir, "truncated.pcap",
	    GEN_LT_ETHERNET, 262144, 0);
	char msg[16];

	for (int i = 0; i < 4; i++) {
		memcpy(msg, "datagram #", 10);
		msg[10] = (char)('1' + i);
		msg[11] = 0;
		gb_reset(&fr);
		gb_eth(&fr, mac_b, mac_a, GEN_ET_IPV4);
		udp4_payload(IP_A, IP_B, (uint16_t)(0x1400 + i), 40000, 10001,
		    msg);
		put_eth(w, GEN_T(0, 1000 * i));
	}
	gen_pcap_close(w);
	/* The last record is 60 bytes (53 padded to the Ethernet minimum):
	 * keep its record header and the first 20 bytes of its data. */
	gen_truncate(dir, "truncated.pcap", 60 - 20);
}

/* Snaplen 64: headers cut short, caplen < len. */
void
scen_snaplen(const char *dir)
{
	struct gen_pcap *w = gen_pcap_open(dir, "snaplen.pcap",
	    GEN_LT_ETHERNET, 64, 0);
	static uint8_t data[1448];

	/* 1: TCP SYN with 20 bytes of options: 74 bytes, options cut. */
	tcp4(IP_A, IP_B, mac_a, mac_b, 0x1500, &(struct gen_tcp){
	    .sport = 40004, .dport = 80, .seq = ISN_A, .flags = GEN_TH_SYN,
	    .win = 64240, .mss = 1460, .sack_perm = 1, .ts_set = 1,
	    .ts_val = 100, .ws_set = 1, .ws = 7 }, NULL);
	put_eth(w, GEN_T(0, 0));
	/* 2: DNS query: 71 bytes, UDP payload cut. */
	gb_reset(&fr);
	gb_eth(&fr, mac_b, mac_a, GEN_ET_IPV4);
	ip4(&fr, IP_A, IP_B, GEN_IP_UDP, 0x1501, 0);
	gb_udp(&fr, 40000, 53);
	gb_bytes(&fr, dns_query, sizeof(dns_query));
	put_eth(w, GEN_T(0, 1000));
	/* 3: ICMP echo with 56 bytes of data: 98 bytes. */
	pattern(data, 56, 'a');
	gb_reset(&fr);
	gb_eth(&fr, mac_b, mac_a, GEN_ET_IPV4);
	ip4(&fr, IP_A, IP_B, GEN_IP_ICMP, 0x1502, GEN_IP4_DF);
	gb_icmp(&fr, 8, 0, 0x12340002);
	gb_bytes(&fr, data, 56);
	put_eth(w, GEN_T(0, 2000));
	/* 4: full-size TCP segment, 1514 bytes, cut inside the TS option. */
	pattern(data, sizeof(data), 'A');
	tcp4(IP_B, IP_A, mac_b, mac_a, 0x2500, &(struct gen_tcp){
	    .sport = 80, .dport = 40004, .seq = ISN_B + 1, .ack = ISN_A + 1,
	    .flags = GEN_TH_ACK, .win = 509, .ts_set = 1, .ts_val = 600,
	    .ts_ecr = 101 }, NULL);
	gb_bytes(&fr, data, sizeof(data));
	put_eth(w, GEN_T(0, 3000));
	/* 5: IPv6 UDP with 100 bytes of data: headers whole (62), data cut. */
	eth6(mac_b, mac_a);
	ip6(&fr, V6_A, V6_B, GEN_IP_UDP, 64);
	gb_udp(&fr, 40000, 10001);
	gb_bytes(&fr, data, 100);
	put_eth(w, GEN_T(0, 4000));
	/* 6: ARP request, 60 bytes with padding: not cut. */
	gb_reset(&fr);
	gb_eth(&fr, mac_bcast, mac_a, GEN_ET_ARP);
	gb_arp(&fr, 1, mac_a, IP_A, mac_zero, IP_B);
	put_eth(w, GEN_T(0, 5000));
	gen_pcap_close(w);
}
