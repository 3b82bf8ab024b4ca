/* bgp_attr_test.c - UPDATE decoding: path attributes, NLRI families, AS
 * number width and ADD-PATH from negotiation or heuristics, lying lengths.
 * Byte arrays by hand from RFC 4271 §4.3, 4760, 6793, 7911, 4364, 8277,
 * 7432, 1997, 4360, 8092, 7311, 9234. */
#include <string.h>

#include "unit.h"
#include "dissect.h"
#include "tcp_stream.h"
#include "textbuf.h"

extern const struct dissector dissector_bgp;

#define MK 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, \
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff

static struct packet ba_pkt;
static struct dctx ba_ctx;
static struct layer ba_lay;
static char ba_txt[4096];
static int ba_st;

static const char *
ba_decode(const uint8_t *m, size_t n, struct bgp_neg *neg, int dir,
    int detail)
{
	struct tcp_msg tm;
	struct textbuf tb;

	memset(&ba_pkt, 0, sizeof(ba_pkt));
	memset(&ba_ctx, 0, sizeof(ba_ctx));
	ba_ctx.pkt = &ba_pkt;
	memset(&tm, 0, sizeof(tm));
	tm.base = m;
	tm.len = (uint32_t)n;
	tm.cap = (uint32_t)n;
	tm.nseg = 1;
	tm.dir = (uint8_t)dir;
	tm.neg = neg;
	memset(&ba_lay, 0, sizeof(ba_lay));
	ba_lay.d = &dissector_bgp;
	ba_lay.proto = PROTO_BGP;
	ba_st = bgp_message(&ba_ctx, &ba_lay, &tm);
	tb_init(&tb, ba_txt, sizeof(ba_txt));
	if (detail)
		dissector_bgp.detail(&ba_lay, &tb);
	else
		dissector_bgp.info(&ba_lay, &tb);
	return ba_txt;
}

static int
ba_has(const char *name)
{
	unsigned i;

	for (i = 0; i < ba_pkt.nanom; i++)
		if (strcmp(ba_pkt.anom[i].name, name) == 0)
			return 1;
	return 0;
}

/* Both OPENs seen; as4 on both sides or not. */
static void
ba_neg(struct bgp_neg *n, int as4)
{
	memset(n, 0, sizeof(*n));
	n->side[0].seen = n->side[1].seen = 1;
	n->side[0].as4 = n->side[1].as4 = (uint8_t)as4;
}

/* ORIGIN IGP, AS_PATH 64002 (4-octet), NEXT_HOP 192.168.200.2,
 * NLRI 10.0.0.0/24. */
static const uint8_t upd4[] = {
	MK, 0x00, 0x2f, 0x02,
	0x00, 0x00, 0x00, 0x14,
	0x40, 0x01, 0x01, 0x00,
	0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfa, 0x02,
	0x40, 0x03, 0x04, 0xc0, 0xa8, 0xc8, 0x02,
	0x18, 0x0a, 0x00, 0x00,
};

/* The same with a 2-octet AS_PATH. */
static const uint8_t upd2[] = {
	MK, 0x00, 0x2d, 0x02,
	0x00, 0x00, 0x00, 0x12,
	0x40, 0x01, 0x01, 0x00,
	0x40, 0x02, 0x04, 0x02, 0x01, 0xfa, 0x02,
	0x40, 0x03, 0x04, 0xc0, 0xa8, 0xc8, 0x02,
	0x18, 0x0a, 0x00, 0x00,
};

TEST(bgp_attr_update_story_as4)
{
	struct bgp_neg n;

	ba_neg(&n, 1);
	CHECK_STR(ba_decode(upd4, sizeof(upd4), &n, 0, 0),
	    "UPDATE +10.0.0.0/24 nh=192.168.200.2 path=64002");
	CHECK_EQ(ba_st, DS_OK);
	CHECK_EQ(ba_pkt.nanom, 0);
	CHECK_EQ(ba_lay.u.bgp.nnlri, 1);
	CHECK(ba_lay.u.bgp.flags & BGPF_AS4);
	CHECK(ba_lay.u.bgp.flags & BGPF_NEG);
	ba_decode(upd4, sizeof(upd4), &n, 0, 1);
	CHECK(strstr(ba_txt, "Attribute ORIGIN (1) flags 0x40 [T] len 1: "
	    "IGP (0)") != NULL);
	CHECK(strstr(ba_txt, "Attribute AS_PATH (2) flags 0x40 [T] len 6: "
	    "64002") != NULL);
	CHECK(strstr(ba_txt, "NLRI 10.0.0.0/24") != NULL);
	CHECK(strstr(ba_txt, "4-octet AS numbers") != NULL);
}

TEST(bgp_attr_update_as2_negotiated)
{
	struct bgp_neg n;

	ba_neg(&n, 0);
	CHECK_STR(ba_decode(upd2, sizeof(upd2), &n, 1, 0),
	    "UPDATE +10.0.0.0/24 nh=192.168.200.2 path=64002");
	CHECK(!(ba_lay.u.bgp.flags & BGPF_AS4));
	/* a 4-octet path read with the 2 octets negotiated: malformed */
	ba_decode(upd4, sizeof(upd4), &n, 1, 0);
	CHECK(ba_has("bgp.as_path_width") || ba_has("bgp.as_path_segment"));
}

TEST(bgp_attr_update_as_heuristic)
{
	CHECK_STR(ba_decode(upd4, sizeof(upd4), NULL, 0, 0),
	    "UPDATE +10.0.0.0/24 nh=192.168.200.2 path=64002 "
	    "(AS size guessed)");
	CHECK(ba_lay.u.bgp.flags & BGPF_AS4_GUESS);
	CHECK(ba_lay.u.bgp.flags & BGPF_AS4);
	CHECK_STR(ba_decode(upd2, sizeof(upd2), NULL, 0, 0),
	    "UPDATE +10.0.0.0/24 nh=192.168.200.2 path=64002 "
	    "(AS size guessed)");
	CHECK(!(ba_lay.u.bgp.flags & BGPF_AS4));
	ba_decode(upd2, sizeof(upd2), NULL, 0, 1);
	CHECK(strstr(ba_txt, "OPENs not captured: AS number size guessed")
	    != NULL);
}

/* NLRI "00 00 00 01 18 0a 00 00": with ADD-PATH path id 1 + 10.0.0.0/24;
 * without it, five prefixes (0/0, 0/0, 0/0, 0.0.0.0/1, 0.0.0.0/10). */
static const uint8_t upd_ap[] = {
	MK, 0x00, 0x33, 0x02,
	0x00, 0x00, 0x00, 0x14,
	0x40, 0x01, 0x01, 0x00,
	0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfa, 0x02,
	0x40, 0x03, 0x04, 0xc0, 0xa8, 0xc8, 0x02,
	0x00, 0x00, 0x00, 0x01, 0x18, 0x0a, 0x00, 0x00,
};

TEST(bgp_attr_addpath_on_off)
{
	struct bgp_neg n;

	ba_neg(&n, 1);
	n.side[0].ap_send = 1u << BGP_FAM_IPV4_UNI;
	n.side[1].ap_recv = 1u << BGP_FAM_IPV4_UNI;
	CHECK_STR(ba_decode(upd_ap, sizeof(upd_ap), &n, 0, 0),
	    "UPDATE +10.0.0.0/24(path=1) nh=192.168.200.2 path=64002");
	CHECK_EQ(ba_lay.u.bgp.nnlri, 1);
	/* the other direction did not negotiate sending path ids */
	CHECK_STR(ba_decode(upd_ap, sizeof(upd_ap), &n, 1, 0),
	    "UPDATE +0.0.0.0/0 +0.0.0.0/0 +0.0.0.0/0 +0.0.0.0/1 +0.0.0.0/10 "
	    "nh=192.168.200.2 path=64002");
	CHECK_EQ(ba_lay.u.bgp.nnlri, 5);
	/* send without the peer's receive: no path ids (RFC 7911 §4) */
	n.side[1].ap_recv = 0;
	ba_decode(upd_ap, sizeof(upd_ap), &n, 0, 0);
	CHECK_EQ(ba_lay.u.bgp.nnlri, 5);
}

/* NLRI 10.0.0.0/24, 10.1.0.0/16, 0.0.0.0/0, then a /33 (RFC 7606 §5.3:
 * longer than an IPv4 address).  The counting path (no text) must stop
 * at the bad entry exactly as the decoding one does: 3 counted. */
static const uint8_t upd_bad33[] = {
	MK, 0x00, 0x39, 0x02,
	0x00, 0x00, 0x00, 0x14,
	0x40, 0x01, 0x01, 0x00,
	0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfa, 0x02,
	0x40, 0x03, 0x04, 0xc0, 0xa8, 0xc8, 0x02,
	0x18, 0x0a, 0x00, 0x00,  0x10, 0x0a, 0x01,  0x00,
	0x21, 0x0a, 0x00, 0x00, 0x00, 0x00,
};

TEST(bgp_attr_nlri_count_stops_at_bad_prefix)
{
	struct bgp_neg n;

	ba_neg(&n, 1);
	ba_decode(upd_bad33, sizeof(upd_bad33), &n, 0, 0);
	CHECK_EQ(ba_lay.u.bgp.nnlri, 3);
	CHECK_EQ(ba_lay.u.bgp.nfam, 1);
	CHECK_EQ(ba_lay.u.bgp.fam[0].ann, 3);
	CHECK(ba_has("bgp.bad_prefix"));
	CHECK(!ba_has("bgp.truncated"));
}

/* The same list cut by the capture inside 10.1.0.0/16 (2 of its 3
 * bytes captured): 1 counted, then truncated, never malformed. */
TEST(bgp_attr_nlri_count_stops_at_capture_cut)
{
	struct tcp_msg tm;
	struct bgp_neg n;

	ba_neg(&n, 1);
	memset(&ba_pkt, 0, sizeof(ba_pkt));
	memset(&ba_ctx, 0, sizeof(ba_ctx));
	ba_ctx.pkt = &ba_pkt;
	memset(&tm, 0, sizeof(tm));
	tm.base = upd_bad33;
	tm.len = sizeof(upd_bad33);
	tm.cap = 19 + 4 + 20 + 4 + 2;
	tm.nseg = 1;
	tm.neg = &n;
	memset(&ba_lay, 0, sizeof(ba_lay));
	ba_lay.d = &dissector_bgp;
	ba_lay.proto = PROTO_BGP;
	bgp_message(&ba_ctx, &ba_lay, &tm);
	CHECK_EQ(ba_lay.u.bgp.nnlri, 1);
	CHECK(ba_has("bgp.truncated"));
	CHECK(!ba_has("bgp.bad_prefix"));
}

TEST(bgp_attr_addpath_heuristic)
{
	/* NLRI 00 00 00 07 | 10 0a 01 (path 7, 10.1.0.0/16): read without
	 * path ids, 0/0 0/0 0/0 then "07" asks for 1 byte, "10" = /16 asks
	 * for 2 bytes of which only 1 is left: only ADD-PATH fits */
	static const uint8_t m[] = {
		MK, 0x00, 0x1e, 0x02, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x07, 0x10, 0x0a, 0x01,
	};

	CHECK_STR(ba_decode(m, sizeof(m), NULL, 0, 0),
	    "UPDATE +10.1.0.0/16(path=7) (ADD-PATH guessed)");
	CHECK(ba_lay.u.bgp.flags & BGPF_AP_GUESS);
	CHECK_EQ(ba_pkt.nanom, 0);
}

TEST(bgp_attr_withdrawn_and_eor)
{
	static const uint8_t wd[] = {
		MK, 0x00, 0x1b, 0x02, 0x00, 0x04, 0x18, 0x0a, 0x01, 0x00,
		0x00, 0x00 };
	static const uint8_t eor4[] = { MK, 0x00, 0x17, 0x02, 0, 0, 0, 0 };
	static const uint8_t eor6[] = {
		MK, 0x00, 0x1d, 0x02, 0x00, 0x00, 0x00, 0x06,
		0x80, 0x0f, 0x03, 0x00, 0x02, 0x01 };

	CHECK_STR(ba_decode(wd, sizeof(wd), NULL, 0, 0),
	    "UPDATE -10.1.0.0/24");
	CHECK_EQ(ba_lay.u.bgp.nwd, 1);
	CHECK_STR(ba_decode(eor4, sizeof(eor4), NULL, 0, 0),
	    "UPDATE End-of-RIB ipv4/unicast");
	CHECK(ba_lay.u.bgp.flags & BGPF_EOR);
	CHECK_STR(ba_decode(eor6, sizeof(eor6), NULL, 0, 0),
	    "UPDATE End-of-RIB ipv6/unicast");
	CHECK_EQ(ba_lay.u.bgp.m.rr.afi, 2);
	CHECK_EQ(ba_pkt.nanom, 0);
}

TEST(bgp_attr_mp_ipv6)
{
	static const uint8_t m[] = {
		MK, 0x00, 0x3d, 0x02, 0x00, 0x00, 0x00, 0x26,
		0x40, 0x01, 0x01, 0x00,
		0x40, 0x02, 0x00,
		0x80, 0x0e, 0x1c, 0x00, 0x02, 0x01, 0x10,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
		0x00,
		0x30, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01,
	};

	CHECK_STR(ba_decode(m, sizeof(m), NULL, 0, 0),
	    "UPDATE +2001:db8:1::/48 nh=2001:db8::1 path=empty");
	CHECK_EQ(ba_pkt.nanom, 0);
	ba_decode(m, sizeof(m), NULL, 0, 1);
	CHECK(strstr(ba_txt, "MP_REACH_NLRI (14) flags 0x80 [O] len 28: "
	    "ipv6/unicast (AFI 2 SAFI 1), next hop 2001:db8::1") != NULL);
}

/* VPNv4 (RFC 4364): label 100, RD 0:65000:1, 10.1.1.0/24; labeled
 * unicast (RFC 8277) label 16 for 10.2.0.0/16. */
TEST(bgp_attr_vpn_and_labeled)
{
	static const uint8_t vpn[] = {
		MK, 0x00, 0x3a, 0x02, 0x00, 0x00, 0x00, 0x23,
		0x80, 0x0e, 0x20, 0x00, 0x01, 0x80, 0x0c,
		0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x01, 0x01, 0x01,
		0x00,
		0x70, 0x00, 0x06, 0x41,
		0x00, 0x00, 0xfd, 0xe8, 0x00, 0x00, 0x00, 0x01,
		0x0a, 0x01, 0x01,
	};
	static const uint8_t lu[] = {
		MK, 0x00, 0x29, 0x02, 0x00, 0x00, 0x00, 0x12,
		0x80, 0x0e, 0x0f, 0x00, 0x01, 0x04, 0x04, 0x01, 0x01, 0x01,
		0x01, 0x00,
		0x28, 0x00, 0x01, 0x01, 0x0a, 0x02,
	};

	CHECK_STR(ba_decode(vpn, sizeof(vpn), NULL, 0, 0),
	    "UPDATE +10.1.1.0/24(rd=65000:1,label=100) nh=1.1.1.1");
	CHECK_EQ(ba_pkt.nanom, 0);
	CHECK_STR(ba_decode(lu, sizeof(lu), NULL, 0, 0),
	    "UPDATE +10.2.0.0/16(label=16) nh=1.1.1.1");
	CHECK_EQ(ba_pkt.nanom, 0);
}

TEST(bgp_attr_evpn)
{
	/* EVPN type 2: RD 1.1.1.1:5, ESI 0, tag 0, MAC 02:00:00:00:00:01,
	 * IP 10.0.0.1, label 100 */
	static const uint8_t m[] = {
		MK, 0x00, 0x4a, 0x02, 0x00, 0x00, 0x00, 0x33,
		0x80, 0x0e, 0x30, 0x00, 0x19, 0x46, 0x04, 0x01, 0x01, 0x01,
		0x01, 0x00,
		0x02, 0x25,
		0x00, 0x01, 0x01, 0x01, 0x01, 0x01, 0x00, 0x05,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0,
		48, 0x02, 0, 0, 0, 0, 0x01,
		32, 0x0a, 0, 0, 0x01,
		0x00, 0x06, 0x41,
	};

	ba_decode(m, sizeof(m), NULL, 0, 0);
	CHECK(strstr(ba_txt, "+evpn2(rd=1.1.1.1:5,mac=02:00:00:00:00:01,"
	    "ip=10.0.0.1) nh=1.1.1.1") != NULL);
}

TEST(bgp_attr_every_attribute)
{
	static const uint8_t m[] = {
		MK, 0x00, 0xac, 0x02, 0x00, 0x00, 0x00, 0x95,
		0x40, 0x01, 0x01, 0x02,				/* ORIGIN */
		0x40, 0x02, 0x0c, 0x02, 0x02, 0xfd, 0xe8, 0xfd, 0xe9,
		0x01, 0x02, 0x00, 0x01, 0x00, 0x02,		/* AS_PATH */
		0x40, 0x03, 0x04, 0x0a, 0x00, 0x00, 0x01,	/* NEXT_HOP */
		0x80, 0x04, 0x04, 0x00, 0x00, 0x00, 0x64,	/* MED 100 */
		0x40, 0x05, 0x04, 0x00, 0x00, 0x00, 0xc8,	/* LP 200 */
		0x40, 0x06, 0x00,				/* ATOMIC */
		0xc0, 0x07, 0x06, 0xfd, 0xe8, 0x0a, 0x00, 0x00, 0x02,
		0xc0, 0x08, 0x08, 0xfd, 0xe8, 0x00, 0x64,
		0xff, 0xff, 0xff, 0x01,				/* COMM */
		0x80, 0x09, 0x04, 0x0a, 0x00, 0x00, 0x09,	/* ORIG_ID */
		0x80, 0x0a, 0x04, 0x0a, 0x00, 0x00, 0x0a,	/* CLUSTER */
		0xc0, 0x10, 0x08, 0x00, 0x02, 0xfd, 0xe8, 0x00, 0x00, 0x00,
		0x01,						/* RT */
		0xc0, 0x11, 0x06, 0x02, 0x01, 0xfa, 0x56, 0xea, 0x00,
		0xc0, 0x12, 0x08, 0xfa, 0x56, 0xea, 0x00, 0x0a, 0x00, 0x00,
		0x03,						/* AS4_AGG */
		0xc0, 0x20, 0x0c, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3,
		0x80, 0x1a, 0x0b, 0x01, 0x00, 0x0b, 0, 0, 0, 0, 0, 0, 0,
		0x2a,						/* AIGP */
		0xc0, 0x23, 0x04, 0x00, 0x00, 0xfd, 0xe8,	/* OTC */
		0xc0, 0x63, 0x02, 0xab, 0xcd,			/* 99 */
	};
	const char *s;

	/* AS_PATH: SEQUENCE 65000 65001, SET {1,2}, 2-octet (guessed) */
	s = ba_decode(m, sizeof(m), NULL, 0, 1);
	CHECK_EQ(ba_pkt.nanom, 0);
	CHECK(strstr(s, "AS_PATH (2) flags 0x40 [T] len 12: 65000 65001 "
	    "{1,2}") != NULL);
	CHECK(strstr(s, "ORIGIN (1) flags 0x40 [T] len 1: INCOMPLETE (2)")
	    != NULL);
	CHECK(strstr(s, "MULTI_EXIT_DISC (4) flags 0x80 [O] len 4: 100") !=
	    NULL);
	CHECK(strstr(s, "LOCAL_PREF (5) flags 0x40 [T] len 4: 200") != NULL);
	CHECK(strstr(s, "ATOMIC_AGGREGATE (6) flags 0x40 [T] len 0") != NULL);
	CHECK(strstr(s, "AGGREGATOR (7) flags 0xc0 [OT] len 6: AS 65000, "
	    "10.0.0.2") != NULL);
	CHECK(strstr(s, "65000:100 NO_EXPORT") != NULL);
	CHECK(strstr(s, "ORIGINATOR_ID (9) flags 0x80 [O] len 4: 10.0.0.9")
	    != NULL);
	CHECK(strstr(s, "CLUSTER_LIST (10) flags 0x80 [O] len 4: 10.0.0.10")
	    != NULL);
	CHECK(strstr(s, "rt 65000:1") != NULL);
	CHECK(strstr(s, "AS4_PATH (17) flags 0xc0 [OT] len 6: 4200000000")
	    != NULL);
	CHECK(strstr(s, "AS4_AGGREGATOR (18) flags 0xc0 [OT] len 8: AS "
	    "4200000000, 10.0.0.3") != NULL);
	CHECK(strstr(s, "LARGE_COMMUNITY (32) flags 0xc0 [OT] len 12: 1:2:3")
	    != NULL);
	CHECK(strstr(s, "AIGP metric 42") != NULL);
	CHECK(strstr(s, "OTC (35) flags 0xc0 [OT] len 4: 65000") != NULL);
	CHECK(strstr(s, "Attribute unknown (99) flags 0xc0 [OT] len 2: abcd")
	    != NULL);
}

TEST(bgp_attr_lying_lengths)
{
	/* withdrawn length 0x20 in a 4-byte body */
	static const uint8_t w1[] = { MK, 0x00, 0x17, 0x02, 0x00, 0x20, 0, 0 };
	/* attribute length 9 in a 4-byte list */
	static const uint8_t a1[] = {
		MK, 0x00, 0x1b, 0x02, 0x00, 0x00, 0x00, 0x04,
		0x40, 0x01, 0x09, 0x00 };
	/* prefix /33 */
	static const uint8_t p1[] = {
		MK, 0x00, 0x1c, 0x02, 0x00, 0x00, 0x00, 0x00,
		0x21, 0x0a, 0x00, 0x00, 0x00 };
	/* AS_PATH segment says 3 ASes, 1 present */
	static const uint8_t s1[] = {
		MK, 0x00, 0x1d, 0x02, 0x00, 0x00, 0x00, 0x06,
		0x40, 0x02, 0x03, 0x02, 0x03, 0xfa };
	/* ORIGIN with the Optional bit, then ORIGIN of length 2 */
	static const uint8_t f1[] = {
		MK, 0x00, 0x20, 0x02, 0x00, 0x00, 0x00, 0x09,
		0xc0, 0x01, 0x01, 0x00, 0x40, 0x01, 0x02, 0x00, 0x00 };
	struct bgp_neg n;
	/* NEXT_HOP of length 3 */
	static const uint8_t n1[] = {
		MK, 0x00, 0x1d, 0x02, 0x00, 0x00, 0x00, 0x06,
		0x40, 0x03, 0x03, 0x0a, 0x00, 0x00 };
	/* MP_REACH next-hop length past the attribute */
	static const uint8_t m1[] = {
		MK, 0x00, 0x1f, 0x02, 0x00, 0x00, 0x00, 0x08,
		0x80, 0x0e, 0x05, 0x00, 0x01, 0x01, 0x40, 0x00 };
	/* extended-length attribute (flag 0x10) cut: 2-byte length */
	static const uint8_t e1[] = {
		MK, 0x00, 0x1b, 0x02, 0x00, 0x00, 0x00, 0x04,
		0x50, 0x02, 0x01, 0x00 };

	ba_decode(w1, sizeof(w1), NULL, 0, 0);
	CHECK(ba_has("bgp.update_withdrawn_length"));
	CHECK_EQ(ba_st, DS_MALFORMED);
	ba_decode(a1, sizeof(a1), NULL, 0, 0);
	CHECK(ba_has("bgp.attr_length"));
	/* without OPENs, "21 0a 00 00 | 00" parses as path id + 0/0: the
	 * ADD-PATH heuristic takes it (and says so) */
	CHECK_STR(ba_decode(p1, sizeof(p1), NULL, 0, 0),
	    "UPDATE +0.0.0.0/0(path=554303488) (ADD-PATH guessed)");
	ba_neg(&n, 1);
	ba_decode(p1, sizeof(p1), &n, 0, 0);
	CHECK(ba_has("bgp.bad_prefix"));
	ba_decode(s1, sizeof(s1), NULL, 0, 0);
	CHECK(ba_has("bgp.as_path_malformed"));
	ba_decode(f1, sizeof(f1), NULL, 0, 0);
	CHECK(ba_has("bgp.attr_flags"));
	CHECK(ba_has("bgp.attr_duplicate"));
	CHECK(ba_has("bgp.attr_length"));
	ba_decode(n1, sizeof(n1), NULL, 0, 0);
	CHECK(ba_has("bgp.attr_length"));
	ba_decode(m1, sizeof(m1), NULL, 0, 0);
	CHECK(ba_has("bgp.attr_length"));
	ba_decode(e1, sizeof(e1), NULL, 0, 0);
	CHECK(ba_has("bgp.attr_length") || ba_has("bgp.malformed"));
}
