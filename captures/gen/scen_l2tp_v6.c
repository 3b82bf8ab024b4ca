/* scen_l2tp_v6.c - the recursive-routing trap with IPv6 endpoints: L2TPv3
 * (RFC 3931) over IPv6 UDP carrying the endpoint's own /64, then a stalled
 * control connection while the responder sends Neighbor Solicitations
 * (RFC 4861 §4.3) for its peer's endpoint on its bridged LAN.  Frames and
 * expected findings: captures/README.md, "IPv6 tunnel endpoint in the
 * tunnelled subnet".
 */
#include <string.h>

#include "gen.h"
#include "l2tp_build.h"
#include "scenarios.h"

#define FROM_A	0	/* lcce-a 2001:db8:1::1, responder */
#define FROM_B	1	/* lcce-b 2001:db8:200::3, initiator */

#define CC_B1	1001u
#define CC_B2	1003u
#define CC_A	2002u
#define SID_B	3001u
#define SID_A	4002u

static const struct gen_mac mac_a = { { 0x02, 0x00, 0x5e, 0x00, 0x01, 0x01 } };
static const struct gen_mac mac_gw = { { 0x02, 0x00, 0x5e, 0x00, 0x01, 0xfe } };
static const struct gen_mac mac_abr = { { 0x02, 0x00, 0x5e, 0x00, 0x02, 0x01 } };
static const struct gen_mac mac_bbr = { { 0x02, 0x00, 0x5e, 0x00, 0x02, 0x03 } };
static const struct gen_mac mac_h10 = { { 0x02, 0x00, 0x5e, 0x00, 0x02, 0x10 } };
static const struct gen_mac mac_h20 = { { 0x02, 0x00, 0x5e, 0x00, 0x02, 0x20 } };
/* solicited-node multicast ff02::1:ff00:3 (RFC 2464 §7) */
static const struct gen_mac mac_sn3 = { { 0x33, 0x33, 0xff, 0x00, 0x00, 0x03 } };

static const uint16_t pw_eth[] = { 5 };

static struct gbuf fr, in;
static struct l2b_avps al;

static struct gen_ip6addr
ip6(const char *s)
{
	return gen_ip6(s);
}

/* Ethernet / IPv6 / UDP 1701 of a frame on lcce-a's WAN link: lcce-b's
 * packets arrive from the gateway's MAC with hop limit 62. */
static void
outer6(int dir)
{
	struct gen_ip6 h;

	memset(&h, 0, sizeof(h));
	h.nxt = GEN_IP_UDP;
	if (dir == FROM_A) {
		h.src = ip6("2001:db8:1::1");
		h.dst = ip6("2001:db8:200::3");
		h.hlim = 64;
	} else {
		h.src = ip6("2001:db8:200::3");
		h.dst = ip6("2001:db8:1::1");
		h.hlim = 62;
	}
	gb_reset(&fr);
	gb_eth(&fr, dir == FROM_A ? mac_gw : mac_a,
	    dir == FROM_A ? mac_a : mac_gw, GEN_ET_IPV6);
	gb_ipv6(&fr, &h);
	gb_udp(&fr, L2B_PORT, L2B_PORT);
}

/* A control message with the AVPs in al (none: ZLB). */
static void
ctl(struct gen_pcap *w, int64_t t, int dir, uint32_t ccid, uint16_t ns,
    uint16_t nr, int zlb)
{
	size_t n = zlb ? 0 : al.n;

	outer6(dir);
	gb_u16(&fr, L2B_V3CTL);
	gb_u16(&fr, (uint16_t)(12 + n));
	gb_u32(&fr, ccid);
	gb_u16(&fr, ns);
	gb_u16(&fr, nr);
	if (n)
		gb_bytes(&fr, al.b, n);
	gb_finish(&fr);
	gb_pad(&fr, 60);
	gen_pcap_frame(w, t, &fr);
}

static void
data(struct gen_pcap *w, int64_t t, int dir, uint32_t sid)
{
	outer6(dir);
	gb_u32(&fr, 0x00030000);	/* T=0, version 3 */
	gb_u32(&fr, sid);
	gb_append(&fr, &in, in.len);
	gb_finish(&fr);
	gb_pad(&fr, 60);
	gen_pcap_frame(w, t, &fr);
}

/* An ICMPv6 message in an Ethernet frame, into buffer b. */
static void
icmp6(struct gbuf *b, struct gen_mac dmac, struct gen_mac smac,
    const char *src, const char *dst, uint8_t hlim, uint8_t type,
    uint32_t rest, const uint8_t *body, size_t blen)
{
	struct gen_ip6 h;

	memset(&h, 0, sizeof(h));
	h.src = ip6(src);
	h.dst = ip6(dst);
	h.nxt = GEN_IP_ICMPV6;
	h.hlim = hlim;
	gb_reset(b);
	gb_eth(b, dmac, smac, GEN_ET_IPV6);
	gb_ipv6(b, &h);
	gb_icmp6(b, type, 0, rest);
	if (blen)
		gb_bytes(b, body, blen);
	gb_finish(b);
	gb_pad(b, 60);
}

/* Echo request (128) / reply (129) with a 16-byte payload. */
static void
echo6(struct gbuf *b, struct gen_mac dmac, struct gen_mac smac,
    const char *src, const char *dst, uint8_t type, uint16_t seq)
{
	icmp6(b, dmac, smac, src, dst, 64, type, 1u << 16 | seq,
	    (const uint8_t *)"tunnelscope-ping", 16);
}

/* Neighbor Solicitation (135) for target with a Source Link-Layer
 * Address option, or Advertisement (136, flags S and O) with a Target
 * Link-Layer Address option (RFC 4861 §4.3, §4.4, §4.6.1). */
static void
nd6(struct gbuf *b, struct gen_mac dmac, struct gen_mac smac,
    const char *src, const char *dst, int advert, const char *target)
{
	struct gen_ip6addr tg = ip6(target);
	uint8_t body[24];

	memcpy(body, tg.a, 16);
	body[16] = advert ? 2 : 1;
	body[17] = 1;		/* length in units of 8 octets */
	memcpy(body + 18, smac.a, 6);
	icmp6(b, dmac, smac, src, dst, 255, advert ? 136 : 135,
	    advert ? 0x60000000u : 0, body, sizeof(body));
}

static void
sccrq(struct gen_pcap *w, int64_t t, uint32_t my_ccid)
{
	struct l2b_ident id = { .host = "lcce-b", .pw = pw_eth, .npw = 1,
	    .rws = 4, .router_id = 0x0a000003 };

	l2b_avps_reset(&al);
	l2b_sccrq_avps(&al, &id, my_ccid);
	ctl(w, t, FROM_B, 0, 0, 0, 0);
}

void
scen_l2tp_v6_wan(const char *outdir)
{
	struct gen_pcap *w = gen_pcap_open(outdir, "l2tp-v6-wan.pcap",
	    GEN_LT_ETHERNET, 65535, 0);
	struct l2b_ident ida = { .host = "lcce-a", .pw = pw_eth, .npw = 1,
	    .rws = 4, .router_id = 0x0a000001 };
	struct l2b_sess sb = { .lsid = SID_B, .rsid = 0, .serial = 1,
	    .pw_type = 5, .end_id = "v6-pw", .circuit = 3, .l2ss = -1 };
	struct l2b_sess sa = { .lsid = SID_A, .rsid = SID_B, .serial = -1,
	    .pw_type = 0, .circuit = 3, .l2ss = -1 };
	static const long sched[6] = { 20, 21, 23, 27, 35, 43 };
	int i;

	sccrq(w, GEN_T(0, 0), CC_B1);
	l2b_avps_reset(&al);
	l2b_sccrp_avps(&al, &ida, CC_A);
	ctl(w, GEN_T(0, 20000), FROM_A, CC_B1, 0, 1, 0);
	l2b_avps_reset(&al);
	l2b_type_avps(&al, L2B_SCCCN);
	ctl(w, GEN_T(0, 40000), FROM_B, CC_A, 1, 1, 0);
	ctl(w, GEN_T(0, 60000), FROM_A, CC_B1, 1, 2, 1);
	l2b_avps_reset(&al);
	l2b_icrq_avps(&al, &sb);
	ctl(w, GEN_T(1, 0), FROM_B, CC_A, 2, 1, 0);
	l2b_avps_reset(&al);
	l2b_icrp_avps(&al, &sa);
	ctl(w, GEN_T(1, 20000), FROM_A, CC_B1, 1, 3, 0);
	l2b_avps_reset(&al);
	l2b_iccn_avps(&al, SID_B, SID_A);
	ctl(w, GEN_T(1, 40000), FROM_B, CC_A, 3, 2, 0);
	ctl(w, GEN_T(1, 60000), FROM_A, CC_B1, 2, 4, 1);

	/* inner traffic of 2001:db8:200::/64, the endpoint among it */
	echo6(&in, mac_h20, mac_h10, "2001:db8:200::10", "2001:db8:200::20",
	    128, 1);
	data(w, GEN_T(2, 0), FROM_A, SID_B);
	echo6(&in, mac_h10, mac_h20, "2001:db8:200::20", "2001:db8:200::10",
	    129, 1);
	data(w, GEN_T(2, 1000), FROM_B, SID_A);
	nd6(&in, mac_sn3, mac_h10, "2001:db8:200::10", "ff02::1:ff00:3", 0,
	    "2001:db8:200::3");
	data(w, GEN_T(3, 0), FROM_A, SID_B);
	nd6(&in, mac_h10, mac_bbr, "2001:db8:200::3", "2001:db8:200::10", 1,
	    "2001:db8:200::3");
	data(w, GEN_T(3, 1000), FROM_B, SID_A);
	echo6(&in, mac_bbr, mac_h10, "2001:db8:200::10", "2001:db8:200::3",
	    128, 2);
	data(w, GEN_T(3, 2000), FROM_A, SID_B);
	echo6(&in, mac_h10, mac_bbr, "2001:db8:200::3", "2001:db8:200::10",
	    129, 2);
	data(w, GEN_T(3, 3000), FROM_B, SID_A);

	/* lcce-b clears the connection; lcce-a acknowledges */
	l2b_avps_reset(&al);
	l2b_stopccn_avps(&al, CC_B1, 1, -1, NULL);
	ctl(w, GEN_T(10, 0), FROM_B, CC_A, 4, 2, 0);
	ctl(w, GEN_T(10, 20000), FROM_A, CC_B1, 2, 5, 1);

	/* lcce-a now has 2001:db8:200::1 on its bridge: its replies to
	 * lcce-b go there, the SCCRQs stay unanswered on this link */
	for (i = 0; i < 6; i++)
		sccrq(w, GEN_T(sched[i], 0), CC_B2);
	gen_pcap_close(w);
}

void
scen_l2tp_v6_lan(const char *outdir)
{
	struct gen_pcap *w = gen_pcap_open(outdir, "l2tp-v6-lan.pcap",
	    GEN_LT_ETHERNET, 65535, 0);
	static const long sched[6] = { 20, 21, 23, 27, 35, 43 };
	int i;

	for (i = 0; i < 6; i++) {
		nd6(&fr, mac_sn3, mac_abr, "2001:db8:200::1", "ff02::1:ff00:3",
		    0, "2001:db8:200::3");
		gen_pcap_frame(w, GEN_T(sched[i], 10000), &fr);
	}
	gen_pcap_close(w);
}
