/* l2tp_conv_test.c - negotiated values per direction, inference when the
 * control plane is missing, sequence facts, learned ports, eviction. */
#include "l2tp_util.h"
#include "unit.h"

/* ICRQ from RT01 (RFC 3931 §6.6): LSID 18450, cookie deadbeef, L2SS
 * default: data sent TO RT01 carries both. */
static const uint8_t icrq[] = {
	0xc8, 0x03, 0x00, 0x5e, 0x00, 0x00, 0x61, 0x9b, 0x00, 0x02, 0x00, 0x01,
	0x80, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a,	/* ICRQ */
	0x80, 0x0a, 0x00, 0x00, 0x00, 0x3f, 0x00, 0x00, 0x48, 0x12, /* LSID */
	0x80, 0x0a, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, /* RSID 0 */
	0x80, 0x0a, 0x00, 0x00, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x07, /* serial */
	0x80, 0x08, 0x00, 0x00, 0x00, 0x44, 0x00, 0x05,	/* PW Ethernet */
	0x80, 0x0a, 0x00, 0x00, 0x00, 0x42, 'T', 'E', 'S', 'T', /* remote end */
	0x80, 0x08, 0x00, 0x00, 0x00, 0x47, 0x00, 0x03,	/* circuit A+N */
	0x80, 0x0a, 0x00, 0x00, 0x00, 0x41, 0xde, 0xad, 0xbe, 0xef, /* cookie */
	0x80, 0x08, 0x00, 0x00, 0x00, 0x45, 0x00, 0x01,	/* L2SS default */
};

/* ICRP from RT03: LSID 34000, RSID 18450, no cookie, no L2SS AVP. */
static const uint8_t icrp[] = {
	0xc8, 0x03, 0x00, 0x30, 0x00, 0x00, 0x1d, 0xfd, 0x00, 0x01, 0x00, 0x03,
	0x80, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b,	/* ICRP */
	0x80, 0x0a, 0x00, 0x00, 0x00, 0x3f, 0x00, 0x00, 0x84, 0xd0, /* LSID */
	0x80, 0x0a, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x48, 0x12, /* RSID */
	0x80, 0x08, 0x00, 0x00, 0x00, 0x47, 0x00, 0x01,	/* circuit A */
};

/* An inner Ethernet ICMP echo 192.168.200.1 -> .3, 42 bytes; checksums
 * from RFC 1071 sums (python3 struct.unpack + fold). */
static const uint8_t inner_icmp[] = {
	0x00, 0xa0, 0xde, 0x00, 0x00, 0x03, 0x00, 0xa0, 0xde, 0x00, 0x00, 0x01,
	0x08, 0x00,
	0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x01, 0x69, 0x8a,
	192, 168, 200, 1, 192, 168, 200, 3,
	0x08, 0x00, 0xf7, 0xfe, 0x00, 0x01, 0x00, 0x00,
};

/* UDP data: ver 3 header, session, cookie (ck bytes), L2SS (seq < 0:
 * none), inner frame; returns the payload length in out. */
static size_t
data_msg(uint8_t *out, uint32_t sid, const uint8_t *ck, size_t cklen,
    long seq)
{
	size_t n = 0;

	out[n++] = 0x00;
	out[n++] = 0x03;
	out[n++] = 0;
	out[n++] = 0;
	out[n++] = (uint8_t)(sid >> 24);
	out[n++] = (uint8_t)(sid >> 16);
	out[n++] = (uint8_t)(sid >> 8);
	out[n++] = (uint8_t)sid;
	if (cklen > 0)
		memcpy(out + n, ck, cklen);
	n += cklen;
	if (seq >= 0) {
		out[n++] = 0x40;	/* S bit */
		out[n++] = (uint8_t)(seq >> 16);
		out[n++] = (uint8_t)(seq >> 8);
		out[n++] = (uint8_t)seq;
	}
	memcpy(out + n, inner_icmp, sizeof(inner_icmp));
	return n + sizeof(inner_icmp);
}

/* The ICRQ/ICRP exchange above: session 18450 to RT01 with cookie
 * deadbeef and the default L2SS, 34000 to RT03 with neither. */
static void
negotiate(struct l2t_env *e)
{
	l2t_udp(e, RT01, RT03, icrq, sizeof(icrq));
	l2t_udp(e, RT03, RT01, icrp, sizeof(icrp));
}

/* Data to RT01 in the negotiated session, with its cookie, seq 7. */
static void
negotiated_data(struct l2t_env *e)
{
	static const uint8_t ck[4] = { 0xde, 0xad, 0xbe, 0xef };
	uint8_t m[128];

	l2t_udp(e, RT03, RT01, m, data_msg(m, 18450, ck, 4, 7));
}

/* One data message RT01 -> RT03 for each Session ID in [first, last]
 * (no cookie, no sequence number); every k-th (k > 0) followed by a
 * message in the negotiated session. */
static void
one_message_sessions(struct l2t_env *e, uint32_t first, uint32_t last,
    uint32_t k)
{
	uint8_t m[128];
	uint32_t i;

	for (i = first; i <= last; i++) {
		l2t_udp(e, RT01, RT03, m, data_msg(m, i, NULL, 0, -1));
		if (k > 0 && i % k == 0)
			negotiated_data(e);
	}
}

TEST(l2tp_conv_negotiated_per_direction)
{
	static const uint8_t ck[4] = { 0xde, 0xad, 0xbe, 0xef };
	uint8_t m[128];
	struct l2t_env e;
	size_t n;

	l2t_init(&e, 1);
	CHECK_EQ(sizeof(icrq), 94);
	CHECK_EQ(sizeof(icrp), 48);
	l2t_udp(&e, RT01, RT03, icrq, sizeof(icrq));
	CHECK_STR(l2t_info(&e), "ICRQ ccid=24987 Ns=2 Nr=1 lsid=18450 rsid=0 "
	    "pw-type=Ethernet cookie=deadbeef l2ss=default");
	CHECK_EQ(l2t_nanom(&e), 0);
	l2t_udp(&e, RT03, RT01, icrp, sizeof(icrp));
	CHECK_EQ(l2t_nanom(&e), 0);
	/* to RT01: cookie and L2SS as RT01 asked */
	n = data_msg(m, 18450, ck, 4, 0);
	l2t_udp(&e, RT03, RT01, m, n);
	CHECK_STR(l2t_info(&e), "data session=18450 cookie=deadbeef "
	    "l2ss=default seq=0");
	CHECK(l2t_layer(&e, PROTO_ICMP, 0) != NULL);
	CHECK_EQ(l2t_nanom(&e), 0);
	/* to RT03: it asked for nothing (absent = none) */
	n = data_msg(m, 34000, NULL, 0, -1);
	l2t_udp(&e, RT01, RT03, m, n);
	CHECK_STR(l2t_info(&e), "data session=34000 cookie=- l2ss=none");
	CHECK(l2t_layer(&e, PROTO_ICMP, 0) != NULL);
	CHECK_EQ(l2t_layer(&e, PROTO_L2TP, 0)->u.l2tp.pw_type, 5);
	CHECK(strstr(l2t_detail(&e), "layout negotiated; PW Ethernet (5)\n")
	    != NULL);
	/* the same session ID the other way round was never negotiated */
	n = data_msg(m, 34000, NULL, 0, -1);
	l2t_udp(&e, RT03, RT01, m, n);
	CHECK(strstr(l2t_info(&e), "(inferred, ") != NULL);
	l2t_done(&e);
}

TEST(l2tp_conv_infer_linux_default_l2ss)
{
	struct l2tp_seq_facts sf;
	struct l2tp_ep ep;
	uint8_t m[128];
	struct l2t_env e;
	size_t n;
	long s;
	const struct layer *l;

	l2t_init(&e, 1);
	for (s = 1; s <= 6; s++) {
		n = data_msg(m, 7, NULL, 0, s);
		l2t_udp(&e, RT01, RT03, m, n);
		l = l2t_layer(&e, PROTO_L2TP, 0);
		CHECK_EQ(l->u.l2tp.cookie_len, 0);
		CHECK_EQ(l->u.l2tp.l2ss, 1);
		CHECK_EQ(l->u.l2tp.layout, L2TP_LAYOUT_INFERRED);
		CHECK(l2t_layer(&e, PROTO_ICMP, 0) != NULL);
	}
	CHECK_STR(l2t_info(&e), "data session=7 cookie=- l2ss=default seq=6 "
	    "(inferred, 100%)");
	/* 8 (7 lost), 8 again (duplicate), 7 (late: reordered, not lost) */
	n = data_msg(m, 7, NULL, 0, 8);
	l2t_udp(&e, RT01, RT03, m, n);
	l2t_udp(&e, RT01, RT03, m, n);
	n = data_msg(m, 7, NULL, 0, 7);
	l2t_udp(&e, RT01, RT03, m, n);
	CHECK(l2tp_conv_endpoints(&e.pkt, 2, &ep));
	CHECK(l2tp_conv_seq(e.db, &ep, 7, &sf));
	CHECK_EQ(sf.packets, 9);
	CHECK_EQ(sf.dups, 1);
	CHECK_EQ(sf.reordered, 1);
	CHECK_EQ(sf.lost, 0);
	CHECK_EQ(sf.last, 8);
	l2t_done(&e);
}

TEST(l2tp_conv_infer_cookies)
{
	static const uint8_t c8[8] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66,
	    0x77, 0x88 };
	static const uint8_t c4[4] = { 0x9a, 0x7c, 0x03, 0xe1 };
	uint8_t m[128];
	struct l2t_env e;
	size_t n;
	int i;

	l2t_init(&e, 1);
	for (i = 0; i < 4; i++) {
		n = data_msg(m, 100, c8, 8, -1);
		l2t_udp(&e, RT01, RT03, m, n);
		n = data_msg(m, 200, c4, 4, i);
		l2t_udp(&e, RT01, RT03, m, n);
	}
	CHECK_STR(l2t_info(&e), "data session=200 cookie=9a7c03e1 "
	    "l2ss=default seq=3 (inferred, 100%)");
	n = data_msg(m, 100, c8, 8, -1);
	l2t_udp(&e, RT01, RT03, m, n);
	CHECK_STR(l2t_info(&e), "data session=100 cookie=1122334455667788 "
	    "l2ss=none (inferred, 100%)");
	CHECK(l2t_layer(&e, PROTO_ICMP, 0) != NULL);
	l2t_done(&e);
}

TEST(l2tp_conv_prefs_override)
{
	static const uint8_t c4[4] = { 1, 2, 3, 4 };
	uint8_t m[128];
	struct l2t_env e;
	size_t n;

	l2t_init(&e, 1);
	e.prefs.l2tp_cookie_size = 4;
	e.prefs.l2tp_l2ss = 0;
	n = data_msg(m, 9, c4, 4, -1);
	l2t_udp(&e, RT01, RT03, m, n);
	CHECK_STR(l2t_info(&e), "data session=9 cookie=01020304 l2ss=none "
	    "(preference)");
	CHECK(l2t_layer(&e, PROTO_ICMP, 0) != NULL);
	/* forced wrong: the inner frame is read 4 bytes early, not Ethernet */
	e.prefs.l2tp_cookie_size = 0;
	l2t_udp(&e, RT01, RT03, m, n);
	CHECK(strstr(l2t_info(&e), "cookie=- l2ss=none (preference)") != NULL);
	CHECK(l2t_layer(&e, PROTO_ICMP, 0) == NULL);
	l2t_done(&e);
}

/* RFC 3931 §4.1.2.2: the responder may answer from another port. */
TEST(l2tp_conv_learned_udp_port)
{
	static const uint8_t junk[4] = { 0, 3, 0, 0 };
	uint8_t sccrq[sizeof(icrq)];
	struct l2t_env e;

	l2t_init(&e, 1);
	memcpy(sccrq, icrq, sizeof(sccrq));
	sccrq[19] = 1;		/* good enough: an SCCRQ for the port record */
	l2t_run(&e, l2t_wrap(&e, RT01, RT03, 1, 50000, 1701, sccrq,
	    sizeof(sccrq)), 28 + sizeof(sccrq));
	CHECK(l2t_layer(&e, PROTO_L2TP, 0) != NULL);
	/* reply from 40000 to 50000: neither is 1701 */
	l2t_run(&e, l2t_wrap(&e, RT03, RT01, 1, 40000, 50000, junk, 4), 32);
	CHECK(l2t_layer(&e, PROTO_UDP, 0) != NULL);
	CHECK(l2tp_conv_udp_known(e.db, &e.pkt, 1, 40000, 50000));
	CHECK(!l2tp_conv_udp_known(e.db, &e.pkt, 1, 40000, 50001));
	/* the SCCRP from the new port reaches L2TP through udp.c's check */
	{
		static const uint8_t sccrp[] = {
			0xc8, 0x03, 0x00, 0x3a, 0x00, 0x00, 0xdc, 0x7e,
			0x00, 0x00, 0x00, 0x01,
			0x80, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
			0x80, 0x0a, 0x00, 0x00, 0x00, 0x07, 'R', 'T', '0', '3',
			0x80, 0x0a, 0x00, 0x00, 0x00, 0x3c, 192, 168, 200, 3,
			0x80, 0x0a, 0x00, 0x00, 0x00, 0x3d, 0x00, 0x00, 0x50,
			0x9a,
			0x80, 0x08, 0x00, 0x00, 0x00, 0x3e, 0x00, 0x05,
		};

		CHECK_EQ(sizeof(sccrp), 58);
		l2t_run(&e, l2t_wrap(&e, RT03, RT01, 1, 40000, 50000, sccrp,
		    sizeof(sccrp)), 28 + sizeof(sccrp));
		CHECK(strncmp(l2t_info(&e), "SCCRP ccid=56446 Ns=0 Nr=1 "
		    "host=RT03", 36) == 0);
		CHECK_EQ(l2t_nanom(&e), 0);
		/* later traffic from the initiator to the new port */
		l2t_run(&e, l2t_wrap(&e, RT01, RT03, 1, 50000, 40000, junk, 4),
		    32);
		CHECK(l2t_layer(&e, PROTO_L2TP, 0) != NULL);
		/* the old pending wildcard is gone: another port is not L2TP */
		l2t_run(&e, l2t_wrap(&e, RT03, RT01, 1, 40001, 50000, junk, 4),
		    32);
		CHECK(l2t_layer(&e, PROTO_L2TP, 0) == NULL);
	}
	/* from a third address: no */
	l2t_run(&e, l2t_wrap(&e, 0x0a000001, RT01, 1, 40000, 50000, junk, 4),
	    32);
	CHECK(!l2tp_conv_udp_known(e.db, &e.pkt, 1, 40000, 50000));
	l2t_done(&e);
}

/* 8,000 session directions (1,000 tunnels of 4 sessions, as the
 * benchmark has) are more than the table starts with: it grows, and the
 * layout negotiated first is still the one data is decoded with.  With
 * the old fixed 4,096 records it had been evicted and re-inferred. */
TEST(l2tp_conv_grows_keeps_negotiated)
{
	struct l2tp_conv_stats st;
	struct l2t_env e;

	l2t_init(&e, 1);
	negotiate(&e);
	one_message_sessions(&e, 100000, 107999, 0);
	l2tp_conv_get_stats(e.db, &st);
	CHECK_EQ(st.sessions, 8000 + 2);
	CHECK_EQ(st.session_evictions, 0);
	negotiated_data(&e);
	CHECK_STR(l2t_info(&e), "data session=18450 cookie=deadbeef "
	    "l2ss=default seq=7");
	l2t_done(&e);
}

TEST(l2tp_conv_lru_eviction)
{
	struct l2tp_conv_stats st;
	struct l2t_env e;

	l2t_init(&e, 1);
	one_message_sessions(&e, 1, L2TP_CONV_MAX_SESSIONS + 5, 0);
	l2tp_conv_get_stats(e.db, &st);
	CHECK_EQ(st.sessions, L2TP_CONV_MAX_SESSIONS);
	CHECK_EQ(st.session_evictions, 5);
	l2t_done(&e);
}

/* At the cap the record to reuse is the oldest one not used since its
 * last second chance: a negotiated session whose data keeps coming stays
 * (its cookie is still known) while a table's worth of one-message
 * sessions goes through; with plain first-in first-out it would be the
 * first to go. */
TEST(l2tp_conv_second_chance_keeps_used)
{
	struct l2tp_conv_stats st;
	struct l2t_env e;

	l2t_init(&e, 1);
	negotiate(&e);
	one_message_sessions(&e, 1, L2TP_CONV_MAX_SESSIONS + 5000, 1000);
	l2tp_conv_get_stats(e.db, &st);
	CHECK_EQ(st.sessions, L2TP_CONV_MAX_SESSIONS);
	/* 2 negotiated directions + the new ones (Session ID 34000 to RT03
	 * is the ICRP's own, not new), less the cap */
	CHECK_EQ(st.session_evictions, 2 + 5000 - 1);
	negotiated_data(&e);
	CHECK_STR(l2t_info(&e), "data session=18450 cookie=deadbeef "
	    "l2ss=default seq=7");
	l2t_done(&e);
}
