/* icmpv6_test.c - ICMPv6 dissector: checksum with pseudo-header, errors
 * and their quotes (extension headers), NDP, MLD, names.
 *
 * icmp6t_run() puts a fake IPv6 layer record (the addresses the checksum's
 * pseudo-header needs, as ipv6.c fills them) at pkt.layers[0] and calls
 * the ICMPv6 descriptor on layer 1 as src/dissect.c's run() does; with no
 * addresses given there is no IP layer and the checksum is unverifiable.
 * The echo, packet-too-big, NS and NA vectors were built with a script and
 * confirmed by tshark 4.0 (icmpv6.checksum.status 1, "Packet Too Big",
 * "Neighbor Solicitation for fe80::2", "Neighbor Advertisement fe80::2
 * (sol, ovr)"); the whole-frame test goes through dissect_frame().
 */
#include <string.h>

#include "unit.h"
#include "dissect.h"
#include "event.h"
#include "textbuf.h"

extern const struct dissector dissector_icmpv6;

static struct packet icmp6t_pkt;
static struct dctx icmp6t_ctx;
static struct frame icmp6t_frame;
static unsigned icmp6t_nerr;

static const uint8_t icmp6t_ll1[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 1 };
static const uint8_t icmp6t_ll2[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 2 };
static const uint8_t icmp6t_sn2[16] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 1, 0xff, 0, 0, 2 };	/* ff02::1:ff00:2 */
static const uint8_t icmp6t_g1[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 1 };
static const uint8_t icmp6t_g2[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 2 };

/*
 * Echo request fe80::1 > fe80::2, id 7, seq 1, data "hi".  Checksum by hand
 * (RFC 4443 §2.3 with the RFC 8200 §8.1 pseudo-header), 16-bit words:
 *   pseudo   src fe80 + 0001, dst fe80 + 0002 (other words 0),
 *            length 0000 + 000a, zero + next header 003a
 *            = 0x1fd03 + 0x000a + 0x003a = 0x1fd47
 *   message  8000 + 0000 (checksum as 0) + 0007 + 0001 + 6869
 *            -> 0x1fd47 + 0xe871 = 0x2e5b8
 *   fold     0xe5b8 + 0x2 = 0xe5ba;  checksum ~0xe5ba = 0x1a45
 */
static const uint8_t icmp6t_echo[] = {
	0x80, 0x00, 0x1a, 0x45, 0x00, 0x07, 0x00, 0x01,
	0x68, 0x69,
};

/* Packet too big, MTU 1280, from 2001:db8::2 to 2001:db8::1, quoting UDP
 * [2001:db8::1]:1701 > [2001:db8::2]:1701 (payload length 1400). */
static const uint8_t icmp6t_ptb[] = {
	0x02, 0x00, 0x0c, 0x5b, 0x00, 0x00, 0x05, 0x00,
	0x60, 0x00, 0x00, 0x00, 0x05, 0x78, 0x11, 0x40,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x06, 0xa5, 0x06, 0xa5, 0x05, 0x78, 0xab, 0xcd,
};

/* Neighbor solicitation fe80::1 > ff02::1:ff00:2 for fe80::2, with a
 * source link-layer address option. */
static const uint8_t icmp6t_ns[] = {
	0x87, 0x00, 0x15, 0xff, 0x00, 0x00, 0x00, 0x00,
	0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x01, 0x01, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
};

/* Neighbor advertisement fe80::2 > fe80::1, flags S and O, target fe80::2. */
static const uint8_t icmp6t_na[] = {
	0x88, 0x00, 0x1c, 0x25, 0x60, 0x00, 0x00, 0x00,
	0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
};

/* Ethernet / IPv6 2001:db8::2 > 2001:db8::1 / icmp6t_ptb. */
static const uint8_t icmp6t_frame_ptb[] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x00, 0x66,
	0x77, 0x88, 0x99, 0xaa, 0x86, 0xdd, 0x60, 0x00,
	0x00, 0x00, 0x00, 0x38, 0x3a, 0x40, 0x20, 0x01,
	0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x20, 0x01,
	0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00,
	0x0c, 0x5b, 0x00, 0x00, 0x05, 0x00, 0x60, 0x00,
	0x00, 0x00, 0x05, 0x78, 0x11, 0x40, 0x20, 0x01,
	0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x20, 0x01,
	0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x06, 0xa5,
	0x06, 0xa5, 0x05, 0x78, 0xab, 0xcd,
};

static void
icmp6t_emit(void *arg, const struct event *ev)
{
	(void)arg;
	if (ev->kind == EV_ICMP_ERROR)
		icmp6t_nerr++;
}

static void
icmp6t_begin(const uint8_t *b, size_t caplen, size_t len)
{
	memset(&icmp6t_ctx, 0, sizeof(icmp6t_ctx));
	memset(&icmp6t_pkt, 0, sizeof(icmp6t_pkt));
	memset(&icmp6t_frame, 0, sizeof(icmp6t_frame));
	icmp6t_nerr = 0;
	icmp6t_frame.number = 5;
	icmp6t_frame.linktype = 1;
	icmp6t_frame.data = b;
	icmp6t_frame.caplen = (uint32_t)caplen;
	icmp6t_frame.len = (uint32_t)len;
	icmp6t_ctx.frame = &icmp6t_frame;
	icmp6t_ctx.pkt = &icmp6t_pkt;
	icmp6t_ctx.emit = icmp6t_emit;
	icmp6t_pkt.f = &icmp6t_frame;
}

/* src/dst NULL: no IP layer. */
static enum dstatus
icmp6t_run(const uint8_t *src, const uint8_t *dst, const uint8_t *b,
    size_t caplen, size_t len)
{
	struct layer *ip, *l;
	struct cursor c;
	enum dstatus st;

	icmp6t_begin(b, caplen, len);
	if (src != NULL) {
		ip = &icmp6t_pkt.layers[icmp6t_pkt.nlayers++];
		ip->proto = PROTO_IPV6;
		memcpy(ip->u.ipv6.src, src, 16);
		memcpy(ip->u.ipv6.dst, dst, 16);
		ip->u.ipv6.proto = 58;
	}
	c = cur_make(b, caplen, len);
	l = &icmp6t_pkt.layers[icmp6t_pkt.nlayers];
	l->proto = PROTO_ICMPV6;
	l->d = &dissector_icmpv6;
	l->base = b;
	l->len = (uint32_t)cur_left(&c);
	l->cap = (uint32_t)cur_avail(&c);
	icmp6t_ctx.cur_layer = icmp6t_pkt.nlayers++;
	st = dissector_icmpv6.dissect(&icmp6t_ctx, &c, l);
	l->status = (uint8_t)st;
	return st;
}

static const struct icmp_info *
icmp6t_info(void)
{
	return &icmp6t_pkt.layers[icmp6t_ctx.cur_layer].u.icmp;
}

static const struct anomaly *
icmp6t_anom(const char *name)
{
	unsigned i;

	for (i = 0; i < icmp6t_pkt.nanom; i++)
		if (strcmp(icmp6t_pkt.anom[i].name, name) == 0)
			return &icmp6t_pkt.anom[i];
	return NULL;
}

static const char *
icmp6t_text(int detail)
{
	static char buf[512];
	struct textbuf tb;

	tb_init(&tb, buf, sizeof(buf));
	if (detail)
		dissector_icmpv6.detail(
		    &icmp6t_pkt.layers[icmp6t_ctx.cur_layer], &tb);
	else
		dissector_icmpv6.info(
		    &icmp6t_pkt.layers[icmp6t_ctx.cur_layer], &tb);
	return buf;
}

static int
icmp6t_prefix(const char *p)
{
	return strncmp(icmp6t_text(0), p, strlen(p)) == 0;
}

TEST(icmpv6_echo_hand_checksum)
{
	uint8_t b[sizeof(icmp6t_echo)];
	const struct anomaly *a;

	CHECK_EQ(icmp6t_run(icmp6t_ll1, icmp6t_ll2, icmp6t_echo,
	    sizeof(icmp6t_echo), sizeof(icmp6t_echo)), DS_OK);
	CHECK_EQ(icmp6t_info()->type, 128);
	CHECK_EQ(icmp6t_info()->id, 7);
	CHECK_EQ(icmp6t_info()->seq, 1);
	CHECK_EQ(icmp6t_info()->cksum_status, L4CK_GOOD);
	CHECK_EQ(icmp6t_info()->cksum_calc, 0x1a45);
	CHECK_EQ(icmp6t_pkt.nanom, 0);
	CHECK_EQ(icmp6t_nerr, 0);
	CHECK_STR(icmp6t_text(0), "Echo request id=0x0007 seq=1");
	CHECK_STR(icmp6t_text(1), "  ICMPv6 type Echo request (128), code 0, "
	    "checksum 0x1a45 [correct]\n  identifier 0x0007, sequence 1\n");
	/* addresses swapped: the pseudo-header sum is the same (addition
	 * commutes), so use a different destination to make it wrong */
	CHECK_EQ(icmp6t_run(icmp6t_ll1, icmp6t_sn2, icmp6t_echo,
	    sizeof(icmp6t_echo), sizeof(icmp6t_echo)), DS_OK);
	CHECK_EQ(icmp6t_info()->cksum_status, L4CK_BAD);
	CHECK((a = icmp6t_anom("icmpv6.bad_checksum")) != NULL);
	CHECK(a != NULL && a->kind == AK_NOTE);
	memcpy(b, icmp6t_echo, sizeof(b));
	b[9] = 0x6a;
	icmp6t_run(icmp6t_ll1, icmp6t_ll2, b, sizeof(b), sizeof(b));
	CHECK_EQ(icmp6t_info()->cksum_status, L4CK_BAD);
	CHECK(strstr(icmp6t_text(1), "[incorrect, should be 0x1a44]") != NULL);
	/* no IP layer: unverifiable, not wrong */
	icmp6t_run(NULL, NULL, icmp6t_echo, sizeof(icmp6t_echo),
	    sizeof(icmp6t_echo));
	CHECK_EQ(icmp6t_info()->cksum_status, L4CK_UNCHECKED);
	CHECK_EQ(icmp6t_pkt.nanom, 0);
}

TEST(icmpv6_packet_too_big_mtu_and_quote)
{
	const struct icmp_info *ic;

	CHECK_EQ(icmp6t_run(icmp6t_g2, icmp6t_g1, icmp6t_ptb,
	    sizeof(icmp6t_ptb), sizeof(icmp6t_ptb)), DS_OK);
	ic = icmp6t_info();
	CHECK_EQ(ic->type, 2);
	CHECK_EQ(ic->mtu, 1280);
	CHECK_EQ(ic->cksum_status, L4CK_GOOD);
	CHECK_EQ(ic->quoted, 1);
	CHECK_EQ(ic->q_src.af, 6);
	CHECK(memcmp(ic->q_src.a, icmp6t_g1, 16) == 0);
	CHECK(memcmp(ic->q_dst.a, icmp6t_g2, 16) == 0);
	CHECK_EQ(ic->q_proto, 17);
	CHECK_EQ(ic->q_len, 1440);
	CHECK_EQ(ic->q_ports, 1);
	CHECK_EQ(ic->q_sport, 1701);
	CHECK_EQ(ic->q_dport, 1701);
	CHECK_EQ(icmp6t_pkt.nanom, 0);
	CHECK_EQ(icmp6t_nerr, 1);
	CHECK_EQ(icmp6t_ctx.next_set, 0);
	CHECK_STR(icmp6t_text(0), "Packet too big mtu=1280 quoting UDP "
	    "[2001:db8::1]:1701 > [2001:db8::2]:1701");
	CHECK_STR(icmp6t_text(1), "  ICMPv6 type Packet too big (2), code 0, "
	    "checksum 0x0c5b [correct]\n  MTU 1280\n"
	    "  quoted IPv6 2001:db8::1 > 2001:db8::2, next header UDP (17), "
	    "length 1440, ports 1701 > 1701\n");
}

TEST(icmpv6_header_truncation_and_short)
{
	size_t n;

	for (n = 0; n < 8; n++) {
		CHECK_EQ(icmp6t_run(NULL, NULL, icmp6t_ptb, n,
		    sizeof(icmp6t_ptb)), DS_TRUNCATED);
		CHECK(icmp6t_anom("icmpv6.truncated") != NULL);
		CHECK_EQ(icmp6t_nerr, 0);
		CHECK_EQ(icmp6t_run(NULL, NULL, icmp6t_ptb, n, n),
		    DS_MALFORMED);
		CHECK(icmp6t_anom("icmpv6.malformed") != NULL);
	}
	/* 4 bytes: too short for an NS body, enough for an unknown type */
	CHECK_EQ(icmp6t_run(NULL, NULL, icmp6t_ns, 4, 4), DS_MALFORMED);
	{
		static const uint8_t b[] = { 200, 0, 0, 0 };

		CHECK_EQ(icmp6t_run(NULL, NULL, b, 4, 4), DS_OK);
		CHECK_STR(icmp6t_text(0), "unknown (200) code 0");
	}
}

TEST(icmpv6_quote_cut_at_every_byte)
{
	size_t cut;
	const struct icmp_info *ic;
	const struct anomaly *a;

	for (cut = 8; cut <= sizeof(icmp6t_ptb); cut++) {
		CHECK_EQ(icmp6t_run(icmp6t_g2, icmp6t_g1, icmp6t_ptb, cut,
		    sizeof(icmp6t_ptb)), DS_OK);
		ic = icmp6t_info();
		CHECK_EQ(icmp6t_nerr, 1);
		CHECK_EQ(ic->mtu, 1280);
		/* addresses end at 8 + 40 = 48, ports at 52 */
		CHECK_EQ(ic->quoted, cut >= 48);
		CHECK_EQ(ic->q_src.af, cut >= 48 ? 6 : 0);
		CHECK_EQ(ic->q_ports, cut >= 52);
		a = icmp6t_anom("icmpv6.quote_truncated");
		CHECK((a != NULL) == (cut < 52));
		CHECK(a == NULL || a->kind == AK_NOTE);
		CHECK_EQ(icmp6t_pkt.truncated, 0);
		CHECK_EQ(ic->cksum_status, cut == sizeof(icmp6t_ptb) ?
		    L4CK_GOOD : L4CK_UNCHECKED);
	}
}

/* An error message with a quote built from parts (no checksum: no IP). */
static size_t
icmp6t_build(uint8_t *b, uint8_t type, uint8_t code, uint8_t nh,
    const uint8_t *ext, size_t extlen, const uint8_t *tail, size_t taillen)
{
	size_t n = 0;

	b[n++] = type;
	b[n++] = code;
	b[n++] = 0;
	b[n++] = 0;
	memset(b + n, 0, 4);
	n += 4;
	b[n++] = 0x60;
	memset(b + n, 0, 39);
	b[n + 4] = 0x40;			/* payload length 64 */
	b[n + 5] = nh;
	b[n + 6] = 64;				/* hop limit */
	memcpy(b + n + 7, icmp6t_g1, 16);
	memcpy(b + n + 23, icmp6t_g2, 16);
	n += 39;
	if (extlen)
		memcpy(b + n, ext, extlen);
	n += extlen;
	if (taillen)
		memcpy(b + n, tail, taillen);
	return n + taillen;
}

TEST(icmpv6_quote_extension_headers)
{
	/* hop-by-hop (8 bytes, next 44) + fragment (next 17, offset 0, M) */
	static const uint8_t hbh_frag[] = {
		44, 0, 1, 4, 0, 0, 0, 0,
		17, 0, 0x00, 0x01, 0, 0, 0, 9,
	};
	/* fragment at offset 1480 (0x05c8 << 3 ... offset field 185) */
	static const uint8_t frag_later[] = {
		17, 0, 0x05, 0xc8, 0, 0, 0, 9,
	};
	/* destination options, 16 bytes (len 1), next 6 (TCP) */
	static const uint8_t dst16[] = {
		6, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	/* AH: len 4 -> (4 + 2) * 4 = 24 bytes, next 17 */
	static const uint8_t ah[24] = { 17, 4 };
	static const uint8_t ports[] = { 0x06, 0xa5, 0x06, 0xa5, 0, 8, 0, 0 };
	static const uint8_t tports[] = { 0x00, 0xb3, 0xc4, 0x88 };
	uint8_t ext9[9 * 8];
	uint8_t b[200];
	size_t n, i;

	n = icmp6t_build(b, 1, 4, 0, hbh_frag, sizeof(hbh_frag), ports,
	    sizeof(ports));
	CHECK_EQ(icmp6t_run(NULL, NULL, b, n, n), DS_OK);
	CHECK_EQ(icmp6t_info()->q_proto, 17);
	CHECK_EQ(icmp6t_info()->q_frag, 0);
	CHECK_EQ(icmp6t_info()->q_ports, 1);
	CHECK_EQ(icmp6t_info()->q_dport, 1701);
	CHECK_EQ(icmp6t_pkt.nanom, 0);
	CHECK_STR(icmp6t_text(0), "Destination unreachable: Port unreachable "
	    "(1/4) quoting UDP [2001:db8::1]:1701 > [2001:db8::2]:1701");

	n = icmp6t_build(b, 1, 4, 44, frag_later, sizeof(frag_later), ports,
	    sizeof(ports));
	CHECK_EQ(icmp6t_run(NULL, NULL, b, n, n), DS_OK);
	CHECK_EQ(icmp6t_info()->q_frag, 1);
	CHECK_EQ(icmp6t_info()->q_proto, 17);
	CHECK_EQ(icmp6t_info()->q_ports, 0);
	CHECK_EQ(icmp6t_pkt.nanom, 0);

	n = icmp6t_build(b, 3, 0, 60, dst16, sizeof(dst16), tports,
	    sizeof(tports));
	CHECK_EQ(icmp6t_run(NULL, NULL, b, n, n), DS_OK);
	CHECK_EQ(icmp6t_info()->q_proto, 6);
	CHECK_EQ(icmp6t_info()->q_sport, 179);
	CHECK_EQ(icmp6t_info()->q_dport, 50312);
	CHECK_STR(icmp6t_text(0), "Time exceeded: Hop limit exceeded in "
	    "transit (3/0) quoting TCP [2001:db8::1]:179 > [2001:db8::2]:50312");

	n = icmp6t_build(b, 1, 0, 51, ah, sizeof(ah), ports, sizeof(ports));
	CHECK_EQ(icmp6t_run(NULL, NULL, b, n, n), DS_OK);
	CHECK_EQ(icmp6t_info()->q_dport, 1701);

	/* ESP hides the rest: named, no ports, no anomaly */
	n = icmp6t_build(b, 1, 0, 50, NULL, 0, ports, sizeof(ports));
	CHECK_EQ(icmp6t_run(NULL, NULL, b, n, n), DS_OK);
	CHECK_EQ(icmp6t_info()->q_proto, 50);
	CHECK_EQ(icmp6t_info()->q_ports, 0);
	CHECK_EQ(icmp6t_pkt.nanom, 0);

	/* nine destination-options headers: more than we walk */
	for (i = 0; i < 9; i++) {
		memset(ext9 + i * 8, 0, 8);
		ext9[i * 8] = 60;
	}
	n = icmp6t_build(b, 1, 0, 60, ext9, sizeof(ext9), ports,
	    sizeof(ports));
	CHECK_EQ(icmp6t_run(NULL, NULL, b, n, n), DS_OK);
	CHECK(icmp6t_anom("icmpv6.bad_quote") != NULL);
	CHECK_EQ(icmp6t_info()->q_ports, 0);

	/* an extension header whose length runs past the quote */
	n = icmp6t_build(b, 1, 0, 60, dst16, 8, NULL, 0);
	b[n - 7] = 200;				/* hdr ext len 200 */
	CHECK_EQ(icmp6t_run(NULL, NULL, b, n, n), DS_OK);
	CHECK(icmp6t_anom("icmpv6.quote_truncated") != NULL);
	CHECK(strstr(icmp6t_anom("icmpv6.quote_truncated")->detail,
	    "quotes only") != NULL);
	CHECK_EQ(icmp6t_info()->quoted, 1);
	CHECK_EQ(icmp6t_info()->q_ports, 0);
	CHECK_EQ(icmp6t_pkt.malformed, 0);

	/* quoted packet that is not IPv6 */
	n = icmp6t_build(b, 1, 0, 17, NULL, 0, ports, sizeof(ports));
	b[8] = 0x45;
	CHECK_EQ(icmp6t_run(NULL, NULL, b, n, n), DS_OK);
	CHECK(icmp6t_anom("icmpv6.bad_quote") != NULL);
	CHECK_EQ(icmp6t_info()->quoted, 0);
	CHECK_EQ(icmp6t_nerr, 1);
}

TEST(icmpv6_error_codes_and_pointer)
{
	static const uint8_t ports[] = { 0x06, 0xa5, 0x06, 0xa5 };
	uint8_t b[100];
	size_t n;

	n = icmp6t_build(b, 1, 5, 17, NULL, 0, ports, sizeof(ports));
	icmp6t_run(NULL, NULL, b, n, n);
	CHECK(icmp6t_prefix("Destination unreachable: Source "
	    "address failed ingress/egress policy (1/5) quoting"));
	n = icmp6t_build(b, 1, 99, 17, NULL, 0, ports, sizeof(ports));
	icmp6t_run(NULL, NULL, b, n, n);
	CHECK(icmp6t_prefix("Destination unreachable: unknown "
	    "code (1/99) quoting"));
	n = icmp6t_build(b, 4, 1, 17, NULL, 0, ports, sizeof(ports));
	b[7] = 40;				/* pointer 40 */
	icmp6t_run(NULL, NULL, b, n, n);
	CHECK_EQ(icmp6t_info()->pointer, 40);
	CHECK_EQ(icmp6t_nerr, 1);
	CHECK(icmp6t_prefix("Parameter problem: Unrecognized next "
	    "header type (4/1) pointer=40 quoting UDP"));
	n = icmp6t_build(b, 3, 1, 17, NULL, 0, ports, sizeof(ports));
	icmp6t_run(NULL, NULL, b, n, n);
	CHECK(icmp6t_prefix("Time exceeded: Fragment reassembly "
	    "time exceeded (3/1)"));
}

TEST(icmpv6_ndp_and_mld)
{
	/* MLD report for ff02::1:ff00:2; redirect to fe80::2 for g1 */
	uint8_t mld[24] = { 131, 0, 0, 0, 0, 0, 0, 0 };
	uint8_t rd[40] = { 137, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t rs[] = { 133, 0, 0, 0, 0, 0, 0, 0 };

	CHECK_EQ(icmp6t_run(icmp6t_ll1, icmp6t_sn2, icmp6t_ns,
	    sizeof(icmp6t_ns), sizeof(icmp6t_ns)), DS_OK);
	CHECK_EQ(icmp6t_info()->cksum_status, L4CK_GOOD);
	CHECK_EQ(icmp6t_info()->target.af, 6);
	CHECK(memcmp(icmp6t_info()->target.a, icmp6t_ll2, 16) == 0);
	CHECK_STR(icmp6t_text(0), "Neighbor solicitation for fe80::2");
	CHECK_EQ(icmp6t_nerr, 0);
	CHECK_EQ(icmp6t_run(icmp6t_ll2, icmp6t_ll1, icmp6t_na,
	    sizeof(icmp6t_na), sizeof(icmp6t_na)), DS_OK);
	CHECK_EQ(icmp6t_info()->cksum_status, L4CK_GOOD);
	CHECK_EQ(icmp6t_info()->nd_flags, 0x60);
	CHECK_STR(icmp6t_text(0), "Neighbor advertisement fe80::2 (sol, ovr)");
	/* NS cut inside the target */
	CHECK_EQ(icmp6t_run(NULL, NULL, icmp6t_ns, 20, sizeof(icmp6t_ns)),
	    DS_TRUNCATED);
	CHECK(icmp6t_anom("icmpv6.truncated") != NULL);
	CHECK_EQ(icmp6t_run(NULL, NULL, icmp6t_ns, 20, 20), DS_MALFORMED);

	memcpy(mld + 8, icmp6t_sn2, 16);
	CHECK_EQ(icmp6t_run(NULL, NULL, mld, sizeof(mld), sizeof(mld)), DS_OK);
	CHECK_STR(icmp6t_text(0), "Multicast listener report ff02::1:ff00:2");
	memcpy(rd + 8, icmp6t_ll2, 16);
	memcpy(rd + 24, icmp6t_g1, 16);
	CHECK_EQ(icmp6t_run(NULL, NULL, rd, sizeof(rd), sizeof(rd)), DS_OK);
	CHECK_STR(icmp6t_text(0), "Redirect 2001:db8::1 via fe80::2");
	CHECK(strstr(icmp6t_text(1), "  target fe80::2\n  destination "
	    "2001:db8::1\n") != NULL);
	CHECK_EQ(icmp6t_run(NULL, NULL, rs, sizeof(rs), sizeof(rs)), DS_OK);
	CHECK_STR(icmp6t_text(0), "Router solicitation");
	CHECK(dissector_icmpv6.endpoints == NULL);
}

TEST(icmpv6_whole_frame_packet_too_big)
{
	const struct layer *l;

	CHECK(registry_find(NULL, DT_IPPROTO, 58) == &dissector_icmpv6);
	icmp6t_begin(icmp6t_frame_ptb, sizeof(icmp6t_frame_ptb),
	    sizeof(icmp6t_frame_ptb));
	dissect_frame(&icmp6t_ctx, &icmp6t_frame, &icmp6t_pkt);
	CHECK_EQ(icmp6t_pkt.nlayers, 3);
	l = &icmp6t_pkt.layers[2];
	CHECK_EQ(l->proto, PROTO_ICMPV6);
	CHECK_EQ(l->status, DS_OK);
	CHECK_EQ(l->u.icmp.cksum_status, L4CK_GOOD);
	CHECK_EQ(l->u.icmp.mtu, 1280);
	CHECK_EQ(l->u.icmp.q_dport, 1701);
	CHECK_EQ(icmp6t_nerr, 1);
	CHECK_EQ(icmp6t_pkt.nanom, 0);
}
