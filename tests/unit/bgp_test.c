/* bgp_test.c - BGP message decoding: OPEN, capabilities, NOTIFICATION,
 * KEEPALIVE, ROUTE-REFRESH, lying lengths.  Byte arrays built by hand from
 * RFC 4271 §4, RFC 5492, RFC 9072, RFC 9003, RFC 8538, RFC 7313. */
#include <string.h>

#include "unit.h"
#include "dissect.h"
#include "tcp_stream.h"
#include "textbuf.h"

extern const struct dissector dissector_bgp;

#define MK 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, \
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff

static struct packet bt_pkt;
static struct dctx bt_ctx;
static struct layer bt_lay;
static char bt_txt[4096];
static int bt_st;

static const char *
bt_decode(const uint8_t *m, size_t n, struct bgp_neg *neg, int dir,
    int detail)
{
	struct tcp_msg tm;
	struct textbuf tb;

	memset(&bt_pkt, 0, sizeof(bt_pkt));
	memset(&bt_ctx, 0, sizeof(bt_ctx));
	bt_ctx.pkt = &bt_pkt;
	memset(&tm, 0, sizeof(tm));
	tm.base = m;
	tm.len = (uint32_t)n;
	tm.cap = (uint32_t)n;
	tm.nseg = 1;
	tm.dir = (uint8_t)dir;
	tm.neg = neg;
	memset(&bt_lay, 0, sizeof(bt_lay));
	bt_lay.d = &dissector_bgp;
	bt_lay.proto = PROTO_BGP;
	bt_st = bgp_message(&bt_ctx, &bt_lay, &tm);
	tb_init(&tb, bt_txt, sizeof(bt_txt));
	if (detail)
		dissector_bgp.detail(&bt_lay, &tb);
	else
		dissector_bgp.info(&bt_lay, &tb);
	return bt_txt;
}

static int
bt_has(const char *name)
{
	unsigned i;

	for (i = 0; i < bt_pkt.nanom; i++)
		if (strcmp(bt_pkt.anom[i].name, name) == 0)
			return 1;
	return 0;
}

/* RT02's OPEN in the story: AS 64002 (0xfa02), hold 180, 192.168.200.2. */
static const uint8_t open_rt02[] = {
	MK, 0x00, 0x2d, 0x01,
	0x04, 0xfa, 0x02, 0x00, 0xb4, 0xc0, 0xa8, 0xc8, 0x02, 16,
	0x02, 14,
	0x01, 0x04, 0x00, 0x01, 0x00, 0x01,	/* MP ipv4/unicast */
	0x02, 0x00,				/* route refresh */
	0x41, 0x04, 0x00, 0x00, 0xfa, 0x02,	/* AS4 64002 */
};

TEST(bgp_open_story)
{
	struct bgp_neg neg;

	memset(&neg, 0, sizeof(neg));
	CHECK_STR(bt_decode(open_rt02, sizeof(open_rt02), &neg, 1, 0),
	    "OPEN as=64002 hold=180 id=192.168.200.2 "
	    "caps=mp(ipv4/unicast),route-refresh,as4(64002)");
	CHECK_EQ(bt_st, DS_OK);
	CHECK_EQ(bt_pkt.nanom, 0);
	CHECK_EQ(bt_lay.u.bgp.type, BGP_OPEN);
	CHECK_EQ(bt_lay.u.bgp.length, 45);
	CHECK_EQ(bt_lay.u.bgp.m.open.hold, 180);
	CHECK_EQ(bt_lay.u.bgp.m.open.id, 0xc0a8c802u);
	CHECK(neg.side[1].seen && neg.side[1].as4);
	CHECK_EQ(neg.side[1].asn, 64002);
	CHECK_EQ(neg.side[1].mp, 1u << BGP_FAM_IPV4_UNI);
	CHECK(!neg.side[0].seen);
	bt_decode(open_rt02, sizeof(open_rt02), &neg, 1, 1);
	CHECK(strstr(bt_txt, "Hold Time: 180 s") != NULL);
	CHECK(strstr(bt_txt, "Capability 4-octet AS number (65), length 4")
	    != NULL);
}

TEST(bgp_open_as_trans)
{
	static const uint8_t m[] = {
		MK, 0x00, 0x25, 0x01,
		0x04, 0x5b, 0xa0, 0x00, 0x5a, 0x0a, 0x00, 0x00, 0x01, 8,
		0x02, 6, 0x41, 0x04, 0xfa, 0x56, 0xea, 0x00,
	};

	CHECK_STR(bt_decode(m, sizeof(m), NULL, 0, 0),
	    "OPEN as=23456(AS_TRANS) hold=90 id=10.0.0.1 "
	    "caps=as4(4200000000)");
	CHECK_EQ(bt_lay.u.bgp.m.open.asn, 4200000000u);
	bt_decode(m, sizeof(m), NULL, 0, 1);
	CHECK(strstr(bt_txt, "AS_TRANS: the real AS is in the 4-octet AS")
	    != NULL);
}

/* RFC 9072: Non-Ext OP Len 255, Non-Ext OP Type 255, 2-octet length,
 * parameters with 2-octet lengths. */
TEST(bgp_open_rfc9072)
{
	static const uint8_t m[] = {
		MK, 0x00, 0x2a, 0x01,
		0x04, 0xfa, 0x04, 0x00, 0xb4, 0xc0, 0xa8, 0xc8, 0x04, 255,
		255, 0x00, 0x09,
		0x02, 0x00, 0x06, 0x41, 0x04, 0x00, 0x00, 0xfa, 0x04,
	};

	CHECK_STR(bt_decode(m, sizeof(m), NULL, 0, 0),
	    "OPEN as=64004 hold=180 id=192.168.200.4 caps=as4(64004)");
	CHECK_EQ(bt_pkt.nanom, 0);
	bt_decode(m, sizeof(m), NULL, 0, 1);
	CHECK(strstr(bt_txt, "(RFC 9072 extended)") != NULL);
}

TEST(bgp_open_lying_lengths)
{
	/* optional parameters length 20, only 8 bytes follow */
	static const uint8_t m1[] = {
		MK, 0x00, 0x25, 0x01,
		0x04, 0xfa, 0x02, 0x00, 0xb4, 0xc0, 0xa8, 0xc8, 0x02, 20,
		0x02, 6, 0x41, 0x04, 0x00, 0x00, 0xfa, 0x02,
	};
	/* capability length 9 inside a 6-byte parameter */
	static const uint8_t m2[] = {
		MK, 0x00, 0x25, 0x01,
		0x04, 0xfa, 0x02, 0x00, 0xb4, 0xc0, 0xa8, 0xc8, 0x02, 8,
		0x02, 6, 0x41, 0x09, 0x00, 0x00, 0xfa, 0x02,
	};
	/* AS4 capability of length 2 */
	static const uint8_t m3[] = {
		MK, 0x00, 0x23, 0x01,
		0x04, 0xfa, 0x02, 0x00, 0xb4, 0xc0, 0xa8, 0xc8, 0x02, 6,
		0x02, 4, 0x41, 0x02, 0xfa, 0x02,
	};
	/* shorter than the minimum OPEN (29) */
	static const uint8_t m4[] = {
		MK, 0x00, 0x1b, 0x01, 0x04, 0xfa, 0x02, 0x00, 0xb4, 0xc0,
		0xa8, 0xc8,
	};
	/* parameter length 1 in a 0-length parameter block: trailing */
	static const uint8_t m5[] = {
		MK, 0x00, 0x1f, 0x01,
		0x04, 0xfa, 0x02, 0x00, 0xb4, 0xc0, 0xa8, 0xc8, 0x02, 0,
		0x02, 0x00,
	};

	bt_decode(m1, sizeof(m1), NULL, 0, 0);
	CHECK(bt_has("bgp.malformed"));
	CHECK_EQ(bt_st, DS_MALFORMED);
	bt_decode(m2, sizeof(m2), NULL, 0, 0);
	CHECK(bt_has("bgp.malformed"));
	bt_decode(m3, sizeof(m3), NULL, 0, 0);
	CHECK(bt_has("bgp.cap_bad_length"));
	bt_decode(m4, sizeof(m4), NULL, 0, 0);
	CHECK(bt_has("bgp.bad_length"));
	CHECK_EQ(bt_st, DS_MALFORMED);
	bt_decode(m5, sizeof(m5), NULL, 0, 0);
	CHECK(bt_has("bgp.open_trailing"));
}

/* Every capability of protocols.md §2.10 that has a value format. */
TEST(bgp_open_every_capability)
{
	static const uint8_t m[] = {
		MK, 0x00, 0x8a, 0x01,
		0x04, 0xfa, 0x04, 0x00, 0x5a, 0xc0, 0xa8, 0xc8, 0x04, 0x75,
		0x02, 0x73,
		0x01, 0x04, 0x00, 0x02, 0x00, 0x01,	/* mp ipv6/unicast */
		0x46, 0x00,				/* enhanced RR */
		0x80, 0x00,				/* Cisco RR */
		0x06, 0x00,				/* ext message */
		0x05, 0x06, 0x00, 0x01, 0x00, 0x01, 0x00, 0x02, /* ENH */
		0x09, 0x01, 0x03,			/* role customer */
		0x40, 0x06, 0x80, 0x78, 0x00, 0x01, 0x01, 0x80, /* GR */
		0x45, 0x08, 0x00, 0x01, 0x01, 0x03,	/* add-path v4 both */
		0x00, 0x02, 0x01, 0x01,			/* v6 receive */
		0x47, 0x07, 0x00, 0x01, 0x01, 0x80, 0x00, 0x0e, 0x10, /* LLGR */
		0x49, 0x0a, 0x04, 'r', 't', '0', '4', 0x04, 'l', 'a', 'b',
		'\n',					/* FQDN */
		0x08, 0x04, 0x00, 0x01, 0x04, 0x02,	/* multiple labels */
		0x07, 0x03, 0x08, 0x00, 0x01,		/* BGPsec send v0 */
		0x03, 0x07, 0x00, 0x01, 0x00, 0x01, 0x01, 0x40, 0x03, /* ORF */
		0xc8, 0x03, 0xde, 0xad, 0x01,		/* unknown 200 */
		0x41, 0x04, 0x00, 0x00, 0xfa, 0x04,	/* as4 */
		0x43, 0x00,				/* dynamic */
		0x44, 0x00,				/* multisession */
		0x48, 0x00,				/* RPD */
		0x4a, 0x00,				/* BFD strict */
		0x82, 0x00,				/* Cisco ORF, empty */
		0x04, 0x00,				/* multi-route */
		0x83, 0x00,				/* Cisco multisession */
		0x42, 0x00,				/* deprecated 66 */
		0x00, 0x00,				/* reserved 0 */
		0x0a, 0x02, 0x01, 0x02,			/* unassigned 10 */
		0x41, 0x04, 0x00, 0x00, 0xfa, 0x04,	/* as4 again */
	};
	struct bgp_neg neg;
	const char *s;

	memset(&neg, 0, sizeof(neg));
	s = bt_decode(m, sizeof(m), &neg, 0, 0);
	CHECK(strstr(s, "caps=mp(ipv6/unicast),enhanced-route-refresh,"
	    "route-refresh-cisco,ext-message,ext-nexthop,role(customer),"
	    "graceful-restart(120s,R),add-path(ipv4/unicast:both "
	    "ipv6/unicast:receive),llgr,fqdn(rt04.lab\\x0a),multi-label,"
	    "bgpsec,orf,cap200,as4(64004),dynamic") != NULL);
	CHECK(neg.side[0].ext_msg && neg.side[0].enh_rr && neg.side[0].gr &&
	    neg.side[0].llgr && neg.side[0].route_refresh);
	CHECK_EQ(neg.side[0].ap_send, 1u << BGP_FAM_IPV4_UNI);
	CHECK_EQ(neg.side[0].ap_recv, (1u << BGP_FAM_IPV4_UNI) |
	    (1u << BGP_FAM_IPV6_UNI));
	/* Cisco ORF with length 0 is too short for the ORF format */
	CHECK(bt_has("bgp.cap_bad_length"));
	s = bt_decode(m, sizeof(m), &neg, 0, 1);
	CHECK(strstr(s, "restart flags 0x8 [R restarting], restart time 120 s")
	    != NULL);
	CHECK(strstr(s, "ipv4/unicast forwarding state preserved (F)") != NULL);
	CHECK(strstr(s, "ipv4/unicast flags 0x80 (F) long-lived stale time "
	    "3600 s") != NULL);
	CHECK(strstr(s, "NLRI ipv4/unicast next hop ipv6") != NULL);
	CHECK(strstr(s, "Role customer (3)") != NULL);
	CHECK(strstr(s, "ipv4/labeled-unicast up to 2 labels") != NULL);
	CHECK(strstr(s, "version 0, direction send, AFI 1") != NULL);
	CHECK(strstr(s, "Address Prefix ORF (64) both") != NULL);
	CHECK(strstr(s, "Capability unknown (200), length 3") != NULL);
	CHECK(strstr(s, "value dead01") != NULL);
	CHECK(strstr(s, "hostname \"rt04\" domain \"lab\\x0a\"") != NULL);
}

TEST(bgp_keepalive)
{
	static const uint8_t k[] = { MK, 0x00, 0x13, 0x04 };
	static const uint8_t k20[] = { MK, 0x00, 0x14, 0x04, 0x00 };

	CHECK_STR(bt_decode(k, sizeof(k), NULL, 0, 0), "KEEPALIVE");
	CHECK_EQ(bt_pkt.nanom, 0);
	bt_decode(k20, sizeof(k20), NULL, 0, 0);
	CHECK(bt_has("bgp.bad_length"));
}

TEST(bgp_unknown_type)
{
	static const uint8_t m[] = { MK, 0x00, 0x13, 0x07 };

	CHECK_STR(bt_decode(m, sizeof(m), NULL, 0, 0), "unknown(7)");
	CHECK(bt_has("bgp.bad_type"));
}

TEST(bgp_notification_shutdown)
{
	static const uint8_t m[] = {
		MK, 0x00, 0x29, 0x03, 0x06, 0x02, 19,
		'p', 'l', 'a', 'n', 'n', 'e', 'd', ' ', 'm', 'a', 'i', 'n',
		't', 'e', 'n', 'a', 'n', 'c', 'e',
	};
	/* length octet says 30, 3 bytes follow */
	static const uint8_t lie[] = {
		MK, 0x00, 0x19, 0x03, 0x06, 0x04, 30, 'a', '"', 0x1b,
	};

	CHECK_STR(bt_decode(m, sizeof(m), NULL, 0, 0),
	    "NOTIFICATION 6/2 Cease/Administrative Shutdown "
	    "\"planned maintenance\"");
	CHECK_EQ(bt_lay.u.bgp.m.notif.code, 6);
	CHECK_EQ(bt_lay.u.bgp.m.notif.subcode, 2);
	CHECK_EQ(bt_pkt.nanom, 0);
	bt_decode(lie, sizeof(lie), NULL, 0, 0);
	CHECK(bt_has("bgp.shutdown_length"));
}

TEST(bgp_notification_escaped)
{
	static const uint8_t m[] = {
		MK, 0x00, 0x1a, 0x03, 0x06, 0x04, 4, 'a', '\\', 0x1b, 0xc3,
	};

	CHECK_STR(bt_decode(m, sizeof(m), NULL, 0, 0),
	    "NOTIFICATION 6/4 Cease/Administrative Reset "
	    "\"a\\x5c\\x1b\\xc3\"");
}

TEST(bgp_notification_data)
{
	static const uint8_t badas[] = {
		MK, 0x00, 0x17, 0x03, 0x02, 0x02, 0xfa, 0x04 };
	static const uint8_t maxpfx[] = {
		MK, 0x00, 0x1c, 0x03, 0x06, 0x01, 0x00, 0x01, 0x01,
		0x00, 0x00, 0x03, 0xe8 };
	static const uint8_t unsup[] = {
		MK, 0x00, 0x1b, 0x03, 0x02, 0x07, 0x41, 0x04, 0x00, 0x00,
		0xfa, 0x02 };
	static const uint8_t hard[] = {
		MK, 0x00, 0x1b, 0x03, 0x06, 0x09, 0x06, 0x02, 3, 'b', 'y',
		'e' };
	static const uint8_t hold[] = { MK, 0x00, 0x15, 0x03, 0x04, 0x00 };
	static const uint8_t fsm[] = { MK, 0x00, 0x15, 0x03, 0x05, 0x02 };
	static const uint8_t rr[] = { MK, 0x00, 0x15, 0x03, 0x07, 0x01 };
	static const uint8_t bfd[] = { MK, 0x00, 0x15, 0x03, 0x06, 0x0a };
	static const uint8_t role[] = { MK, 0x00, 0x15, 0x03, 0x02, 0x0b };
	static const uint8_t unk[] = { MK, 0x00, 0x15, 0x03, 0x09, 0x01 };
	static const uint8_t shorthr[] = { MK, 0x00, 0x16, 0x03, 0x06, 0x09,
		0x06 };

	CHECK_STR(bt_decode(badas, sizeof(badas), NULL, 0, 0),
	    "NOTIFICATION 2/2 OPEN Message Error/Bad Peer AS peer-as=64004");
	CHECK_STR(bt_decode(maxpfx, sizeof(maxpfx), NULL, 0, 0),
	    "NOTIFICATION 6/1 Cease/Maximum Number of Prefixes Reached "
	    "ipv4/unicast limit=1000");
	CHECK_STR(bt_decode(unsup, sizeof(unsup), NULL, 0, 0),
	    "NOTIFICATION 2/7 OPEN Message Error/Unsupported Capability "
	    "caps=as4(64002)");
	CHECK_STR(bt_decode(hard, sizeof(hard), NULL, 0, 0),
	    "NOTIFICATION 6/9 Cease/Hard Reset (inner 6/2 Cease/"
	    "Administrative Shutdown \"bye\")");
	CHECK_STR(bt_decode(hold, sizeof(hold), NULL, 0, 0),
	    "NOTIFICATION 4/0 Hold Timer Expired/Unspecific");
	CHECK_STR(bt_decode(fsm, sizeof(fsm), NULL, 0, 0),
	    "NOTIFICATION 5/2 Finite State Machine Error/Receive Unexpected "
	    "Message in OpenConfirm State");
	CHECK_STR(bt_decode(rr, sizeof(rr), NULL, 0, 0),
	    "NOTIFICATION 7/1 ROUTE-REFRESH Message Error/Invalid Message "
	    "Length");
	CHECK_STR(bt_decode(bfd, sizeof(bfd), NULL, 0, 0),
	    "NOTIFICATION 6/10 Cease/BFD Down");
	CHECK_STR(bt_decode(role, sizeof(role), NULL, 0, 0),
	    "NOTIFICATION 2/11 OPEN Message Error/Role Mismatch");
	bt_decode(unk, sizeof(unk), NULL, 0, 0);
	CHECK(bt_has("bgp.notif_unknown_code"));
	bt_decode(shorthr, sizeof(shorthr), NULL, 0, 0);
	CHECK(bt_has("bgp.hard_reset_short"));
}

TEST(bgp_route_refresh)
{
	static const uint8_t borr[] = {
		MK, 0x00, 0x17, 0x05, 0x00, 0x01, 0x01, 0x01 };
	/* ORF: immediate, Address Prefix ORF, one "add permit seq 10
	 * 10.0.0.0/8 ge 8 le 24" entry (RFC 5292) */
	static const uint8_t orf[] = {
		MK, 0x00, 0x24, 0x05, 0x00, 0x01, 0x00, 0x01,
		0x01, 0x40, 0x00, 0x09,
		0x00, 0x00, 0x00, 0x00, 0x0a, 0x08, 0x18, 0x08, 0x0a,
	};
	/* ORF entry claims /33 */
	static const uint8_t orfbad[] = {
		MK, 0x00, 0x24, 0x05, 0x00, 0x01, 0x00, 0x01,
		0x01, 0x40, 0x00, 0x09,
		0x00, 0x00, 0x00, 0x00, 0x0a, 0x08, 0x18, 0x28, 0x0a,
	};

	CHECK_STR(bt_decode(borr, sizeof(borr), NULL, 0, 0),
	    "ROUTE-REFRESH ipv4/unicast BoRR");
	CHECK_EQ(bt_lay.u.bgp.m.rr.subtype, 1);
	CHECK_STR(bt_decode(orf, sizeof(orf), NULL, 0, 0),
	    "ROUTE-REFRESH ipv4/unicast normal orf64");
	CHECK_EQ(bt_pkt.nanom, 0);
	bt_decode(orf, sizeof(orf), NULL, 0, 1);
	CHECK(strstr(bt_txt, "add permit seq 10 10.0.0.0/8 ge 8 le 24") !=
	    NULL);
	bt_decode(orfbad, sizeof(orfbad), NULL, 0, 0);
	CHECK(bt_has("bgp.orf_prefix"));
}

/* Cut by the capture: truncated, not malformed. */
TEST(bgp_truncated_vs_malformed)
{
	static const uint8_t m[] = {
		MK, 0x00, 0x29, 0x03, 0x06, 0x02, 19, 'p', 'l' };
	struct tcp_msg tm;

	memset(&bt_pkt, 0, sizeof(bt_pkt));
	memset(&bt_ctx, 0, sizeof(bt_ctx));
	bt_ctx.pkt = &bt_pkt;
	memset(&tm, 0, sizeof(tm));
	tm.base = m;
	tm.len = 0x29;
	tm.cap = sizeof(m);
	memset(&bt_lay, 0, sizeof(bt_lay));
	bt_lay.d = &dissector_bgp;
	CHECK_EQ(bgp_message(&bt_ctx, &bt_lay, &tm), DS_TRUNCATED);
	CHECK(bt_pkt.truncated);
	CHECK(!bt_pkt.malformed);
}
