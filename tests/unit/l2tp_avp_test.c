/* l2tp_avp_test.c - AVP values, un-hiding (RFC 3931 §5.3) and Message
 * Digest (§5.4.1) against vectors computed independently with python3's
 * hashlib/hmac (secret "tunnelscope"):
 *   key   = hmac.new(b'tunnelscope', b'\x02', 'md5').digest()
 *   SCCRQ : hmac.new(key, msg_with_digest_zeroed, 'md5')
 *   SCCRP : hmac.new(key, nonce_rt03 + nonce_rt01 + msg, 'md5')
 *   SCCCN : hmac.new(key, nonce_rt01 + nonce_rt03 + msg, 'sha1')
 *   hiding: shared = hmac.new(secret, b'\x01', 'md5').digest();
 *           b1 = md5(type(2) + shared + RV), bi = md5(shared + c(i-1)),
 *           plaintext = len(2) + value + 13 bytes of padding 0x61..
 * (the script: tests/unit/l2tp_vectors.py)
 */
#include "../../dissectors/l2tp_avp.h"
#include "crypto.h"
#include "l2tp_util.h"
#include "unit.h"

static const uint8_t sccrq_digest[] = {
	0xc8, 0x03, 0x00, 0x67, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x80, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x80, 0x17, 0x00, 0x00,
	0x00, 0x3b, 0x00, 0xcc, 0x7e, 0x39, 0x80, 0xff, 0x66, 0x3b, 0x71, 0x89,
	0x09, 0xf9, 0x23, 0x31, 0xe8, 0x3d, 0xfa, 0x80, 0x16, 0x00, 0x00, 0x00,
	0x49, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a,
	0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x80, 0x0a, 0x00, 0x00, 0x00, 0x07, 0x52,
	0x54, 0x30, 0x31, 0x80, 0x0a, 0x00, 0x00, 0x00, 0x3c, 0xc0, 0xa8, 0x01,
	0x01, 0x80, 0x0a, 0x00, 0x00, 0x00, 0x3d, 0x00, 0x00, 0xdc, 0x7e, 0x80,
	0x08, 0x00, 0x00, 0x00, 0x3e, 0x00, 0x05,
};

static const uint8_t sccrp_digest[] = {
	0xc8, 0x03, 0x00, 0x6b, 0x00, 0x00, 0xdc, 0x7e, 0x00, 0x00, 0x00, 0x01,
	0x80, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x80, 0x17, 0x00, 0x00,
	0x00, 0x3b, 0x00, 0xc4, 0x27, 0x05, 0x6b, 0x40, 0x8a, 0xba, 0xa1, 0x31,
	0xc5, 0x00, 0x98, 0x90, 0x0e, 0x04, 0x3e, 0x80, 0x1a, 0x00, 0x00, 0x00,
	0x49, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa,
	0xab, 0xac, 0xad, 0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3, 0x80, 0x0a, 0x00,
	0x00, 0x00, 0x07, 0x52, 0x54, 0x30, 0x33, 0x80, 0x0a, 0x00, 0x00, 0x00,
	0x3c, 0xc0, 0xa8, 0xc8, 0x03, 0x80, 0x0a, 0x00, 0x00, 0x00, 0x3d, 0x00,
	0x00, 0x50, 0x9a, 0x80, 0x08, 0x00, 0x00, 0x00, 0x3e, 0x00, 0x05,
};

static const uint8_t scccn_digest[] = {
	0xc8, 0x03, 0x00, 0x2f, 0x00, 0x00, 0x50, 0x9a, 0x00, 0x01, 0x00, 0x01,
	0x80, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x80, 0x1b, 0x00, 0x00,
	0x00, 0x3b, 0x01, 0x7d, 0x60, 0x28, 0x76, 0x20, 0xf6, 0x4e, 0x5c, 0x13,
	0xc8, 0x41, 0x8b, 0xf8, 0x9f, 0x1d, 0xa2, 0x8a, 0x99, 0x2b, 0xdf,
};

static const uint8_t icrq_hidden[] = {
	0xc8, 0x03, 0x00, 0x83, 0x00, 0x00, 0x50, 0x9a, 0x00, 0x02, 0x00, 0x01,
	0x80, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x80, 0x16, 0x00, 0x00,
	0x00, 0x24, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39,
	0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x80, 0x0a, 0x00, 0x00, 0x00, 0x3f,
	0x00, 0x00, 0x48, 0x12, 0x80, 0x0a, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00,
	0x00, 0x00, 0x80, 0x0a, 0x00, 0x00, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x07,
	0x80, 0x08, 0x00, 0x00, 0x00, 0x44, 0x00, 0x05, 0x80, 0x0a, 0x00, 0x00,
	0x00, 0x42, 0x54, 0x45, 0x53, 0x54, 0x80, 0x08, 0x00, 0x00, 0x00, 0x47,
	0x00, 0x03, 0xc0, 0x19, 0x00, 0x00, 0x00, 0x41, 0xc0, 0x78, 0x3e, 0x3f,
	0x78, 0x75, 0xc5, 0x59, 0xe8, 0xbc, 0x86, 0x6e, 0x01, 0x68, 0x5f, 0x19,
	0x2e, 0xd0, 0x7c, 0x80, 0x08, 0x00, 0x00, 0x00, 0x45, 0x00, 0x01,
};

static void
digest_env(struct l2t_env *e, const char *secret)
{
	l2t_init(e, 1);
	snprintf(e->prefs.l2tp_secret, sizeof(e->prefs.l2tp_secret), "%s",
	    secret);
}

TEST(l2tp_avp_digest_md5_sha1_verify)
{
	struct l2t_env e;

	digest_env(&e, "tunnelscope");
	l2t_udp(&e, RT01, RT03, sccrq_digest, sizeof(sccrq_digest));
	CHECK_EQ(l2t_layer(&e, PROTO_L2TP, 0)->u.l2tp.digest, L2TP_DIGEST_OK);
	CHECK_EQ(l2t_nanom(&e), 0);
	CHECK(strstr(l2t_info(&e), " digest=ok") != NULL);
	l2t_udp(&e, RT03, RT01, sccrp_digest, sizeof(sccrp_digest));
	CHECK_EQ(l2t_layer(&e, PROTO_L2TP, 0)->u.l2tp.digest, L2TP_DIGEST_OK);
	CHECK_EQ(l2t_nanom(&e), 0);
	l2t_udp(&e, RT01, RT03, scccn_digest, sizeof(scccn_digest));
	CHECK_EQ(l2t_layer(&e, PROTO_L2TP, 0)->u.l2tp.digest, L2TP_DIGEST_OK);
	CHECK(strstr(l2t_detail(&e), "Message Digest (59): HMAC-SHA-1 (1) "
	    "7d60") != NULL);
	l2t_done(&e);
}

TEST(l2tp_avp_digest_mismatch)
{
	uint8_t m[sizeof(sccrq_digest)];
	struct l2t_env e;

	digest_env(&e, "tunnelscope");
	memcpy(m, sccrq_digest, sizeof(m));
	m[sizeof(m) - 1] ^= 1;		/* PW type 5 -> 4 */
	l2t_udp(&e, RT01, RT03, m, sizeof(m));
	CHECK(l2t_anom(&e, "l2tp.digest_mismatch"));
	CHECK(strstr(l2t_info(&e), " digest=BAD") != NULL);
	l2t_done(&e);
	/* wrong secret */
	digest_env(&e, "tunnelscop");
	l2t_udp(&e, RT01, RT03, sccrq_digest, sizeof(sccrq_digest));
	CHECK(l2t_anom(&e, "l2tp.digest_mismatch"));
	l2t_done(&e);
	/* no secret: not checked, no anomaly */
	digest_env(&e, "");
	l2t_udp(&e, RT01, RT03, sccrq_digest, sizeof(sccrq_digest));
	CHECK_EQ(l2t_nanom(&e), 0);
	CHECK_EQ(l2t_layer(&e, PROTO_L2TP, 0)->u.l2tp.digest,
	    L2TP_DIGEST_UNCHECKED);
	/* SCCCN without the nonces of the SCCRQ/SCCRP: cannot check */
	l2t_udp(&e, RT01, RT03, scccn_digest, sizeof(scccn_digest));
	CHECK_EQ(l2t_layer(&e, PROTO_L2TP, 0)->u.l2tp.digest,
	    L2TP_DIGEST_UNCHECKED);
	l2t_done(&e);
}

TEST(l2tp_avp_unhide_cookie)
{
	struct l2t_env e;
	const struct layer *l;

	digest_env(&e, "tunnelscope");
	l2t_udp(&e, RT01, RT03, icrq_hidden, sizeof(icrq_hidden));
	l = l2t_layer(&e, PROTO_L2TP, 0);
	CHECK_EQ(l2t_nanom(&e), 0);
	CHECK_EQ(l->u.l2tp.cookie_len, 4);
	CHECK_STR(l2t_info(&e), "ICRQ ccid=20634 Ns=2 Nr=1 lsid=18450 rsid=0 "
	    "pw-type=Ethernet cookie=deadbeef l2ss=default hidden=1/1");
	CHECK(strstr(l2t_detail(&e), "AVP MH len=25 Assigned Cookie (65): "
	    "[un-hidden] 4 bytes deadbeef\n") != NULL);
	l2t_done(&e);
	/* wrong secret: the embedded length cannot fit */
	digest_env(&e, "wrong");
	l2t_udp(&e, RT01, RT03, icrq_hidden, sizeof(icrq_hidden));
	CHECK(l2t_anom(&e, "l2tp.unhide_failed"));
	CHECK(strstr(l2t_info(&e), "hidden=0/1") != NULL);
	CHECK(strstr(l2t_detail(&e), "[hidden] c0783e3f") != NULL);
	l2t_done(&e);
}

TEST(l2tp_avp_unhide_direct)
{
	/* the hidden cookie value of icrq_hidden, offset 104, 19 bytes */
	uint8_t key[MD5_LEN], out[32], rv[16];
	size_t n, i;
	static const uint8_t one = 1;

	for (i = 0; i < 16; i++)
		rv[i] = (uint8_t)(0x30 + i);
	hmac(HMAC_MD5, "tunnelscope", 11, &one, 1, key);
	CHECK(l2tp_unhide(key, sizeof(key), 65, rv, sizeof(rv),
	    icrq_hidden + 104, 19, out, &n));
	CHECK_EQ(n, 4);
	CHECK_EQ(out[0], 0xde);
	CHECK_EQ(out[3], 0xef);
	CHECK(!l2tp_unhide(key, sizeof(key), 65, rv, 1, icrq_hidden + 104, 19,
	    out, &n) || n != 4 || out[0] != 0xde);
	CHECK(!l2tp_unhide(key, sizeof(key), 65, rv, 16, icrq_hidden + 104, 1,
	    out, &n));
}

static const char *
fmt(unsigned version, unsigned mt, unsigned t, const uint8_t *v, size_t n)
{
	static char buf[512];
	struct textbuf tb;

	tb_init(&tb, buf, sizeof(buf));
	l2tp_avp_format(&tb, version, mt, 0, t, v, n, n);
	return buf;
}

TEST(l2tp_avp_values)
{
	static const uint8_t ce3[18] = { 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0,
	    0, 3, 0, 0, 0, 4 };
	static const uint8_t ce2[26] = { 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0,
	    0, 3, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0, 6 };
	static const uint8_t gbit[8] = { 0, 0, 0, 0, 0x3b, 0x9a, 0xca, 0x00 };
	static const uint8_t zero8[8] = { 0 };
	static const uint8_t caps[4] = { 0x00, 0x05, 0x77, 0x77 };
	static const uint8_t cs[2] = { 0x00, 0x01 };
	static const uint8_t res[2] = { 0x00, 0x0e };
	static const uint8_t mt[2] = { 0x00, 0x63 };
	static const uint8_t ext[8] = { 0, 0, 0x0d, 0xe9, 0, 1, 0xab, 0xcd };
	static const uint8_t seq[2] = { 0, 2 };

	CHECK_STR(fmt(3, 15, 34, ce3, 18), "hardware-overruns 1 "
	    "buffer-overruns 2 timeout-errors 3 alignment-errors 4 (RFC 3931 "
	    "figure layout)");
	CHECK_STR(fmt(3, 15, 34, ce2, 26), "crc-errors 1 framing-errors 2 "
	    "hardware-overruns 3 buffer-overruns 4 timeout-errors 5 "
	    "alignment-errors 6 (RFC 2661 layout)");
	CHECK_STR(fmt(3, 10, 74, gbit, 8), "1000000000 bit/s");
	CHECK_STR(fmt(3, 10, 75, zero8, 8), "0 (indeterminable)");
	CHECK_STR(fmt(3, 1, 62, caps, 4), "Ethernet (5), unknown (30583)");
	CHECK_STR(fmt(3, 10, 71, cs, 2), "0x0001 active, existing");
	CHECK_STR(fmt(3, 14, 1, res, 2), "result Session not established "
	    "due to unsupported PW type (14)");
	CHECK_STR(fmt(3, 4, 1, res, 2), "result unknown (14)");
	CHECK_STR(fmt(3, 0, 0, mt, 2), "unknown (99)");
	CHECK_STR(fmt(3, 1, 58, ext, 8), "vendor 3561 type 1 value abcd");
	CHECK_STR(fmt(3, 10, 70, seq, 2), "All incoming data packets require "
	    "sequencing (2)");
	CHECK_STR(fmt(3, 10, 68, seq, 1), "00 [unexpected length]");
	CHECK_STR(fmt(3, 10, 65, seq, 0), "none (0 bytes)");
}

/* The AVP walker on hand-made boundaries. */
TEST(l2tp_avp_walk_bounds)
{
	static const uint8_t two[] = { 0x80, 0x08, 0, 0, 0, 0, 0, 1,
	    0x00, 0x06, 0, 9, 0, 3 };		/* Cisco type 3, empty */
	static const uint8_t bad[] = { 0x80, 0x05, 0, 0, 0, 0 };
	struct l2tp_walk w;
	struct l2tp_avp a;

	w.c = cur_make(two, sizeof(two), sizeof(two));
	w.base_off = 0;
	w.err = WALK_OK;
	CHECK(l2tp_avp_next(&w, &a));
	CHECK_EQ(a.len, 8);
	CHECK(l2tp_avp_next(&w, &a));
	CHECK_EQ(a.vendor, 9);
	CHECK_EQ(a.ietf, AVP_LSID);
	CHECK(!l2tp_avp_next(&w, &a));
	CHECK_EQ(w.err, WALK_OK);
	w.c = cur_make(bad, sizeof(bad), sizeof(bad));
	w.err = WALK_OK;
	CHECK(!l2tp_avp_next(&w, &a));
	CHECK_EQ(w.err, WALK_BAD_LEN);
	w.c = cur_make(two, 5, 5);
	w.err = WALK_OK;
	CHECK(!l2tp_avp_next(&w, &a));
	CHECK_EQ(w.err, WALK_SHORT_HDR);
	w.c = cur_make(two, 4, 8);	/* captured 4 of 8 */
	w.err = WALK_OK;
	CHECK(!l2tp_avp_next(&w, &a));
	CHECK_EQ(w.err, WALK_TRUNC);
}
