/* l2tp_test.c - L2TPv3/v2 header, control messages, validation, data
 * dispatch.  Byte arrays written by hand from RFC 3931 §3.2, §4.1, §5. */
#include "l2tp_util.h"
#include "unit.h"

/* The incident's SCCRQ (STORY.md): RT01 -> RT03, UDP 1701. */
static const uint8_t story_sccrq[] = {
	0xc8, 0x03, 0x00, 0x5a,		/* T L S ver 3, Length 90 */
	0x00, 0x00, 0x00, 0x00,		/* CCID 0: none assigned yet */
	0x00, 0x00, 0x00, 0x00,		/* Ns 0 Nr 0 */
	0x80, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,	/* Message Type SCCRQ */
	0x80, 0x0a, 0x00, 0x00, 0x00, 0x07, 'R', 'T', '0', '1', /* Host Name */
	0x00, 0x18, 0x00, 0x00, 0x00, 0x08, 'Y', 'A', 'M', 'A', 'H', 'A', ' ',
	'C', 'o', 'r', 'p', 'o', 'r', 'a', 't', 'i', 'o', 'n', /* Vendor Name */
	0x80, 0x0a, 0x00, 0x00, 0x00, 0x3c, 192, 168, 1, 1,	/* Router ID */
	0x80, 0x0a, 0x00, 0x00, 0x00, 0x3d, 0x00, 0x00, 0xdc, 0x7e, /* CCID 56446 */
	0x80, 0x08, 0x00, 0x00, 0x00, 0x3e, 0x00, 0x05,	/* PW caps: Ethernet */
	0x80, 0x08, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x04,	/* RWS 4 */
};

TEST(l2tp_story_sccrq)
{
	struct l2t_env e;
	const struct layer *l;

	l2t_init(&e, 1);
	CHECK_EQ(sizeof(story_sccrq), 90);
	l2t_udp(&e, RT01, RT03, story_sccrq, sizeof(story_sccrq));
	l = l2t_layer(&e, PROTO_L2TP, 0);
	CHECK(l != NULL);
	CHECK_STR(l2t_info(&e), "SCCRQ ccid=0 Ns=0 Nr=0 host=RT01 "
	    "router-id=192.168.1.1 assigned-ccid=56446 pw-caps=Ethernet");
	CHECK_EQ(l2t_nanom(&e), 0);
	CHECK_EQ(l->u.l2tp.msg_type, 1);
	CHECK_EQ(l->u.l2tp.version, 3);
	CHECK_EQ(e.nevents, 1);
	CHECK_STR(l->d->display_of(l), "L2TPv3");
	CHECK(strstr(l2t_detail(&e), "Vendor Name (8): \"YAMAHA Corporation\"")
	    != NULL);
	CHECK(strstr(e.text, "AVP M- len=10 Router ID (60): 3232235777 "
	    "(192.168.1.1)") != NULL);
	l2t_done(&e);
}

TEST(l2tp_zlb_and_ack)
{
	static const uint8_t zlb[] = { 0xc8, 0x03, 0x00, 0x0c, 0x00, 0x00,
	    0x61, 0x9b, 0x00, 0x02, 0x00, 0x04 };	/* ccid 24987 */
	static const uint8_t ack[] = { 0xc8, 0x03, 0x00, 0x14, 0x00, 0x00,
	    0x1d, 0xfd, 0x00, 0x02, 0x00, 0x04, 0x80, 0x08, 0x00, 0x00, 0x00,
	    0x00, 0x00, 0x14 };
	struct l2t_env e;

	l2t_init(&e, 0);
	l2t_udp(&e, RT01, RT03, zlb, sizeof(zlb));
	CHECK_STR(l2t_info(&e), "ZLB ccid=24987 Ns=2 Nr=4");
	CHECK_EQ(l2t_nanom(&e), 0);
	l2t_udp(&e, RT01, RT03, ack, sizeof(ack));
	CHECK_STR(l2t_info(&e), "ACK ccid=7677 Ns=2 Nr=4");
	CHECK_EQ(l2t_nanom(&e), 0);
}

/* Over IP: 4 zero bytes, then the control message; Length excludes them. */
TEST(l2tp_over_ip_control_and_data)
{
	uint8_t m[4 + sizeof(story_sccrq)];
	static const uint8_t data[] = {
		0x00, 0x00, 0x84, 0xd0,			/* session 34000 */
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff,	/* ARP who-has */
		0x00, 0xa0, 0xde, 0x01, 0x02, 0x03, 0x08, 0x06,
		0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
		0x00, 0xa0, 0xde, 0x01, 0x02, 0x03, 192, 168, 200, 1,
		0, 0, 0, 0, 0, 0, 192, 168, 200, 3,
	};
	struct l2t_env e;

	l2t_init(&e, 1);
	memset(m, 0, 4);
	memcpy(m + 4, story_sccrq, sizeof(story_sccrq));
	l2t_run(&e, l2t_wrap(&e, RT01, RT03, 0, 0, 0, m, sizeof(m)),
	    20 + sizeof(m));
	CHECK_EQ(l2t_nanom(&e), 0);
	CHECK(strncmp(l2t_info(&e), "SCCRQ ccid=0 Ns=0 Nr=0 host=RT01", 31)
	    == 0);
	CHECK_EQ(l2t_layer(&e, PROTO_L2TP, 0)->u.l2tp.over_ip, 1);
	/* data, nothing negotiated: cookie 0 / no L2SS reads as Ethernet */
	l2t_run(&e, l2t_wrap(&e, RT03, RT01, 0, 0, 0, data, sizeof(data)),
	    20 + sizeof(data));
	CHECK(strncmp(l2t_info(&e), "data session=34000 cookie=- l2ss=none "
	    "(inferred, ", 48) == 0);
	CHECK(l2t_layer(&e, PROTO_ETH, 0) != NULL);
	CHECK(l2t_layer(&e, PROTO_ARP, 0) != NULL);
	CHECK_EQ(l2t_layer(&e, PROTO_ETH, 0)->depth, 1);
	l2t_done(&e);
}

TEST(l2tp_version_nibble)
{
	uint8_t m[sizeof(story_sccrq)];
	struct l2t_env e;

	l2t_init(&e, 0);
	memcpy(m, story_sccrq, sizeof(m));
	m[1] = 0x01;		/* L2F: not ours */
	l2t_udp(&e, RT01, RT03, m, sizeof(m));
	CHECK(l2t_layer(&e, PROTO_L2TP, 0) == NULL);
	CHECK(l2t_layer(&e, PROTO_DATA, 0) != NULL);
	m[1] = 0x04;
	l2t_udp(&e, RT01, RT03, m, sizeof(m));
	CHECK(l2t_layer(&e, PROTO_L2TP, 0) == NULL);
	/* one byte: cannot tell the version */
	l2t_udp(&e, RT01, RT03, m, 1);
	CHECK(l2t_layer(&e, PROTO_L2TP, 0) == NULL);
}

/* L2TPv2 SCCRQ (RFC 2661 §3.1): T L S ver 2, Length, tunnel, session. */
TEST(l2tp_v2_sccrq)
{
	static const uint8_t v2[] = {
		0xc8, 0x02, 0x00, 0x2e, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00,
		0x80, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
		0x80, 0x08, 0x00, 0x00, 0x00, 0x02, 0x01, 0x00, /* version 1.0 */
		0x80, 0x0a, 0x00, 0x00, 0x00, 0x07, 'l', 'a', 'c', '1',
		0x80, 0x08, 0x00, 0x00, 0x00, 0x09, 0x00, 0x2a, /* tunnel 42 */
	};
	static const uint8_t v2data[] = { 0x40, 0x02, 0x00, 0x0c, 0x00, 0x2a,
	    0x00, 0x07, 0xff, 0x03, 0xc0, 0x21 };
	struct l2t_env e;
	const struct layer *l;

	l2t_init(&e, 0);
	CHECK_EQ(sizeof(v2), 46);
	l2t_udp(&e, RT01, RT03, v2, sizeof(v2));
	l = l2t_layer(&e, PROTO_L2TP, 0);
	CHECK(l != NULL);
	CHECK_STR(l->d->display_of(l), "L2TPv2");
	CHECK_STR(l2t_info(&e), "SCCRQ tunnel=0 session=0 Ns=0 Nr=0 host=lac1 "
	    "assigned-tunnel=42");
	CHECK_EQ(l2t_nanom(&e), 0);
	CHECK(strstr(l2t_detail(&e), "Protocol Version (2): version 1 "
	    "revision 0") != NULL);
	l2t_udp(&e, RT01, RT03, v2data, sizeof(v2data));
	CHECK_STR(l2t_info(&e), "data tunnel=42 session=7 (PPP payload not "
	    "decoded)");
	CHECK_EQ(l2t_nanom(&e), 0);
}

/* L2TPv2 Call Errors (RFC 2661 s.4.4.6) are Reserved(2) + six counters,
 * 26 bytes; the 18-byte layout of RFC 3931's figure is L2TPv3's only. */
TEST(l2tp_v2_call_errors_length)
{
	static const uint8_t wen[] = {
		0xc8, 0x02, 0x00, 0x34, 0x00, 0x2a, 0x00, 0x07,
		0x00, 0x01, 0x00, 0x02,
		0x80, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0f,	/* WEN */
		0x80, 0x20, 0x00, 0x00, 0x00, 0x22, 0x00, 0x00,	/* 26 bytes */
		0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,
		0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04,
		0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x06,
	};
	uint8_t m[sizeof(wen)];
	struct l2t_env e;

	l2t_init(&e, 0);
	CHECK_EQ(sizeof(wen), 52);
	l2t_udp(&e, RT01, RT03, wen, sizeof(wen));
	CHECK(!l2t_anom(&e, "l2tp.avp_bad_length"));
	CHECK(strstr(l2t_detail(&e), "crc-errors 1 framing-errors 2 "
	    "hardware-overruns 3 buffer-overruns 4 timeout-errors 5 "
	    "alignment-errors 6 (RFC 2661 layout)") != NULL);
	/* the same AVP cut to 18 bytes of value, as RFC 3931 draws it */
	memcpy(m, wen, sizeof(wen));
	m[3] = 0x2c;			/* message length 44 */
	m[21] = 0x18;			/* AVP length 24 */
	l2t_udp(&e, RT01, RT03, m, 44);
	CHECK(l2t_anom(&e, "l2tp.avp_bad_length"));
}

/* Every capture length: truncated, never malformed, never a crash. */
TEST(l2tp_every_truncation_point)
{
	struct l2t_env e;
	size_t len, cap;

	l2t_init(&e, 1);
	len = l2t_wrap(&e, RT01, RT03, 1, 1701, 1701, story_sccrq,
	    sizeof(story_sccrq));
	for (cap = 28; cap < len; cap++) {
		l2t_run(&e, len, cap);
		CHECK(e.pkt.truncated);
		CHECK(!e.pkt.malformed);
		if (cap >= 28 + 2)
			CHECK(l2t_layer(&e, PROTO_L2TP, 0) != NULL);
		(void)l2t_info(&e);
		(void)l2t_detail(&e);
	}
	l2t_run(&e, len, len);
	CHECK(!e.pkt.truncated && !e.pkt.malformed);
	l2t_done(&e);
}

/* Every value of every AVP Length field and of the header Length. */
TEST(l2tp_every_lying_length)
{
	static const size_t avp_at[] = { 12, 20, 30, 54, 64, 74, 82 };
	uint8_t m[sizeof(story_sccrq)];
	struct l2t_env e;
	size_t i;
	unsigned v;

	l2t_init(&e, 1);
	for (i = 0; i < sizeof(avp_at) / sizeof(avp_at[0]); i++) {
		for (v = 0; v < 1024; v++) {
			unsigned real = story_sccrq[avp_at[i] + 1] |
			    (story_sccrq[avp_at[i]] & 3u) << 8;

			memcpy(m, story_sccrq, sizeof(m));
			m[avp_at[i]] = (uint8_t)((m[avp_at[i]] & 0xfc) | v >> 8);
			m[avp_at[i] + 1] = (uint8_t)v;
			l2t_udp(&e, RT01, RT03, m, sizeof(m));
			(void)l2t_info(&e);
			(void)l2t_detail(&e);
			if (v == real)
				CHECK(!e.pkt.malformed);
			else if ((avp_at[i] == 20 && v == 34) ||
			    (avp_at[i] == 74 && v == 16))
				/* a lie that still parses: Host Name swallows
				 * Vendor Name (optional), PW caps swallow RWS */
				CHECK(!e.pkt.malformed);
			else
				CHECK(e.pkt.malformed);
			if (v < 6)
				CHECK(l2t_anom(&e, "l2tp.avp_too_short"));
			if (v > sizeof(m) - avp_at[i])
				CHECK(l2t_anom(&e, "l2tp.avp_past_end"));
		}
	}
	for (v = 0; v < 65536; v += 7) {
		memcpy(m, story_sccrq, sizeof(m));
		m[2] = (uint8_t)(v >> 8);
		m[3] = (uint8_t)v;
		l2t_udp(&e, RT01, RT03, m, sizeof(m));
		(void)l2t_detail(&e);
		if (v > sizeof(m) || v < 12)
			CHECK(e.pkt.malformed);
		if (v > sizeof(m))
			CHECK(l2t_anom(&e, "l2tp.length_mismatch"));
	}
	l2t_done(&e);
}

TEST(l2tp_validation_anomalies)
{
	uint8_t m[sizeof(story_sccrq) + 10];
	struct l2t_env e;

	l2t_init(&e, 0);
	/* Router ID turned into an unknown vendor-0 AVP 200 with M set */
	memcpy(m, story_sccrq, sizeof(story_sccrq));
	m[59] = 200;
	l2t_udp(&e, RT01, RT03, m, sizeof(story_sccrq));
	CHECK(l2t_anom(&e, "l2tp.missing_avp"));
	CHECK(l2t_anom(&e, "l2tp.unknown_mandatory_avp"));
	/* Result Code in an SCCRQ: not allowed */
	m[59] = 1;
	l2t_udp(&e, RT01, RT03, m, sizeof(story_sccrq));
	CHECK(l2t_anom(&e, "l2tp.avp_not_allowed"));
	/* Host Name first, Message Type second */
	memcpy(m, story_sccrq, 12);
	memcpy(m + 12, story_sccrq + 20, 10);
	memcpy(m + 22, story_sccrq + 12, 8);
	memcpy(m + 30, story_sccrq + 30, sizeof(story_sccrq) - 30);
	l2t_udp(&e, RT01, RT03, m, sizeof(story_sccrq));
	CHECK(l2t_anom(&e, "l2tp.msg_type_not_first"));
	/* L and S bits missing */
	memcpy(m, story_sccrq, sizeof(story_sccrq));
	m[0] = 0x80;
	l2t_udp(&e, RT01, RT03, m, sizeof(story_sccrq));
	CHECK(l2t_anom(&e, "l2tp.missing_ls_bits"));
	/* Vendor Name hidden without a Random Vector */
	memcpy(m, story_sccrq, sizeof(story_sccrq));
	m[30] |= 0x40;
	l2t_udp(&e, RT01, RT03, m, sizeof(story_sccrq));
	CHECK(l2t_anom(&e, "l2tp.hidden_without_rv"));
	CHECK(strstr(l2t_detail(&e), "AVP -H len=24 Vendor Name (8): [hidden]")
	    != NULL);
	/* Length shorter than the datagram: a note, trailing bytes */
	memcpy(m, story_sccrq, sizeof(story_sccrq));
	memset(m + sizeof(story_sccrq), 0, 10);
	l2t_udp(&e, RT01, RT03, m, sizeof(m));
	CHECK(l2t_anom(&e, "l2tp.length_mismatch"));
	CHECK(!e.pkt.malformed);
	/* Host Name with a control character and a backslash: escaped */
	memcpy(m, story_sccrq, sizeof(story_sccrq));
	m[26] = 0x1b;
	m[27] = '\\';
	l2t_udp(&e, RT01, RT03, m, sizeof(story_sccrq));
	CHECK(strstr(l2t_info(&e), "host=\\x1b\\x5c01 ") != NULL);
}

/* StopCCN and CDN: Result Code tables chosen by message type. */
TEST(l2tp_stopccn_cdn_results)
{
	static const uint8_t stop[] = {
		0xc8, 0x03, 0x00, 0x26, 0x00, 0x00, 0x61, 0x9b, 0x00, 0x03,
		0x00, 0x02,
		0x80, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04,
		0x80, 0x0a, 0x00, 0x00, 0x00, 0x3d, 0x00, 0x00, 0x1d, 0xfd,
		0x80, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01,	/* result 1 */
	};
	static const uint8_t cdn[] = {
		0xc8, 0x03, 0x00, 0x36, 0x00, 0x00, 0x61, 0x9b, 0x00, 0x04,
		0x00, 0x02,
		0x80, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0e,
		0x80, 0x0e, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x08,
		'b', 'y', 'e', 0x07,		/* result 2 error 8 "bye\a" */
		0x80, 0x0a, 0x00, 0x00, 0x00, 0x3f, 0x00, 0x00, 0x48, 0x12,
		0x80, 0x0a, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x84, 0xd0,
	};
	struct l2t_env e;

	l2t_init(&e, 0);
	CHECK_EQ(sizeof(stop), 38);
	l2t_udp(&e, RT01, RT03, stop, sizeof(stop));
	CHECK_STR(l2t_info(&e), "STOPCCN ccid=24987 Ns=3 Nr=2 "
	    "assigned-ccid=7677 result=1");
	CHECK_EQ(l2t_nanom(&e), 0);
	CHECK(strstr(l2t_detail(&e), "result General request to clear "
	    "control connection (1)") != NULL);
	CHECK_EQ(sizeof(cdn), 54);
	l2t_udp(&e, RT01, RT03, cdn, sizeof(cdn));
	CHECK_STR(l2t_info(&e), "CDN ccid=24987 Ns=4 Nr=2 lsid=18450 "
	    "rsid=34000 result=2 error=8");
	CHECK_EQ(l2t_nanom(&e), 0);
	CHECK(strstr(l2t_detail(&e), "result Session disconnected for the "
	    "reason indicated in Error Code (2), error Receipt of an unknown "
	    "AVP with the M bit set (8), message \"bye\\x07\"") != NULL);
}
