/* udp_test.c - UDP dissector: header, lengths, checksums, handoff.
 *
 * Until the IPv4/IPv6 dissectors exist, the pseudo-header addresses come
 * from a fake IP layer: udpt_run() puts an IPv4 or IPv6 layer record at
 * pkt.layers[0] (as ipv4.c/ipv6.c will fill it), then calls the UDP
 * descriptor on layer 1 exactly as src/dissect.c's run() does (same layer
 * setup as new_layer()).  The handoff is then read back from the context.
 * dissect_bytes(..., DT_IPPROTO, 17) exercises registration and dispatch
 * without an IP layer (checksum unverifiable).
 *
 * Checksums were computed by hand / with a script and confirmed by tshark
 * 4.0 (-o udp.check_checksum:TRUE, udp.checksum.status == 1 "Good") on the
 * same bytes wrapped in Ethernet + IPv4/IPv6.
 */
#include <string.h>

#include "unit.h"
#include "dissect.h"
#include "textbuf.h"

extern const struct dissector dissector_udp;

static struct packet udpt_pkt;
static struct dctx udpt_ctx;
static struct frame udpt_frame;

static const uint8_t udpt_s6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 1 };
static const uint8_t udpt_d6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 2 };

/*
 * 192.0.2.1:1701 > 192.0.2.2:1701, length 12, payload de ad be ef.
 * Checksum by hand (RFC 768: pseudo-header + header + data, 16-bit words):
 *   pseudo-header  c000 + 0201 + c000 + 0202 + 0011 (proto) + 000c (len)
 *                  = 0x18420
 *   header         06a5 + 06a5 + 000c + 0000 (checksum field as 0)
 *                  -> 0x18420 + 0x0d56 = 0x19176
 *   data           dead + beef -> 0x19176 + 0x1999c = 0x32f12
 *   fold           0x2f12 + 0x3 = 0x2f15;  complement ~0x2f15 = 0xd0ea
 */
static const uint8_t udpt_v4[] = {
	0x06, 0xa5, 0x06, 0xa5, 0x00, 0x0c, 0xd0, 0xea,
	0xde, 0xad, 0xbe, 0xef,
};

/* The same datagram over IPv6 2001:db8::1 > 2001:db8::2 (RFC 8200 §8.1). */
static const uint8_t udpt_v6[] = {
	0x06, 0xa5, 0x06, 0xa5, 0x00, 0x0c, 0xf9, 0x79,
	0xde, 0xad, 0xbe, 0xef,
};

/* Length 10 in a 12-byte IP payload: "be ef" trails; checksum over 10. */
static const uint8_t udpt_trail[] = {
	0x06, 0xa5, 0x06, 0xa5, 0x00, 0x0a, 0x8f, 0xde,
	0xde, 0xad, 0xbe, 0xef,
};

static void
udpt_begin(const uint8_t *b, size_t caplen, size_t len)
{
	memset(&udpt_ctx, 0, sizeof(udpt_ctx));
	memset(&udpt_pkt, 0, sizeof(udpt_pkt));
	memset(&udpt_frame, 0, sizeof(udpt_frame));
	udpt_frame.number = 1;
	udpt_frame.data = b;
	udpt_frame.caplen = (uint32_t)caplen;
	udpt_frame.len = (uint32_t)len;
	udpt_ctx.frame = &udpt_frame;
	udpt_ctx.pkt = &udpt_pkt;
	udpt_pkt.f = &udpt_frame;
}

/* af 4 / 6: a fake IP layer first; af 0: none.  Returns the status. */
static enum dstatus
udpt_run(int af, const uint8_t *b, size_t caplen, size_t len)
{
	struct layer *ip, *l;
	struct cursor c;
	enum dstatus st;

	udpt_begin(b, caplen, len);
	if (af != 0) {
		ip = &udpt_pkt.layers[udpt_pkt.nlayers++];
		if (af == 4) {
			ip->proto = PROTO_IPV4;
			ip->u.ipv4.src = 0xc0000201;	/* 192.0.2.1 */
			ip->u.ipv4.dst = 0xc0000202;
			ip->u.ipv4.proto = 17;
		} else {
			ip->proto = PROTO_IPV6;
			memcpy(ip->u.ipv6.src, udpt_s6, 16);
			memcpy(ip->u.ipv6.dst, udpt_d6, 16);
			ip->u.ipv6.proto = 17;
		}
	}
	c = cur_make(b, caplen, len);
	l = &udpt_pkt.layers[udpt_pkt.nlayers];
	l->proto = PROTO_UDP;
	l->d = &dissector_udp;
	l->base = b;
	l->len = (uint32_t)cur_left(&c);
	l->cap = (uint32_t)cur_avail(&c);
	udpt_ctx.cur_layer = udpt_pkt.nlayers++;
	st = dissector_udp.dissect(&udpt_ctx, &c, l);
	l->status = (uint8_t)st;
	return st;
}

static const struct udp_info *
udpt_info(void)
{
	return &udpt_pkt.layers[udpt_ctx.cur_layer].u.udp;
}

static const struct anomaly *
udpt_anom(const char *name)
{
	unsigned i;

	for (i = 0; i < udpt_pkt.nanom; i++)
		if (strcmp(udpt_pkt.anom[i].name, name) == 0)
			return &udpt_pkt.anom[i];
	return NULL;
}

TEST(udp_ipv4_checksum_good_and_handoff)
{
	const struct udp_info *u;

	CHECK_EQ(udpt_run(4, udpt_v4, sizeof(udpt_v4), sizeof(udpt_v4)),
	    DS_OK);
	u = udpt_info();
	CHECK_EQ(u->sport, 1701);
	CHECK_EQ(u->dport, 1701);
	CHECK_EQ(u->len, 12);
	CHECK_EQ(u->payload_len, 4);
	CHECK_EQ(u->cksum, 0xd0ea);
	CHECK_EQ(u->cksum_status, L4CK_GOOD);
	CHECK_EQ(u->cksum_calc, 0xd0ea);
	CHECK_EQ(udpt_pkt.nanom, 0);
	CHECK_EQ(udpt_ctx.next_set, 1);
	CHECK_EQ(udpt_ctx.next_table, DT_UDP_PORT);
	CHECK_EQ(udpt_ctx.next_key, 1701);
	CHECK_EQ(udpt_ctx.next_key2, 1701);
	CHECK_EQ(cur_left(&udpt_ctx.next_cur), 4);
	CHECK_EQ(cur_u16(&udpt_ctx.next_cur), 0xdead);
}

TEST(udp_ipv4_checksum_bad_is_note_and_still_handed_on)
{
	uint8_t b[sizeof(udpt_v4)];
	const struct anomaly *a;

	memcpy(b, udpt_v4, sizeof(b));
	b[7] ^= 0x01;				/* 0xd0eb */
	CHECK_EQ(udpt_run(4, b, sizeof(b), sizeof(b)), DS_OK);
	CHECK_EQ(udpt_info()->cksum_status, L4CK_BAD);
	CHECK_EQ(udpt_info()->cksum_calc, 0xd0ea);
	CHECK((a = udpt_anom("udp.bad_checksum")) != NULL);
	CHECK(a != NULL && a->kind == AK_NOTE);
	CHECK(a != NULL && strstr(a->detail, "should be 0xd0ea") != NULL);
	CHECK(a != NULL && strstr(a->detail, "offload") == NULL);
	CHECK_EQ(udpt_pkt.malformed, 0);
	CHECK_EQ(udpt_ctx.next_set, 1);
	/* payload corruption is caught too */
	memcpy(b, udpt_v4, sizeof(b));
	b[11] = 0xee;
	udpt_run(4, b, sizeof(b), sizeof(b));
	CHECK_EQ(udpt_info()->cksum_status, L4CK_BAD);
}

TEST(udp_checksum_offload_partial_named)
{
	uint8_t b[sizeof(udpt_v4)];
	const struct anomaly *a;

	/* Linux CHECKSUM_PARTIAL leaves the folded pseudo-header sum:
	 * 0x18420 -> 0x8420 + 1 = 0x8421 (see the hand sum above). */
	memcpy(b, udpt_v4, sizeof(b));
	b[6] = 0x84;
	b[7] = 0x21;
	udpt_run(4, b, sizeof(b), sizeof(b));
	CHECK_EQ(udpt_info()->cksum_status, L4CK_BAD);
	CHECK((a = udpt_anom("udp.bad_checksum")) != NULL);
	CHECK(a != NULL && strstr(a->detail, "offload") != NULL);
}

TEST(udp_ipv6_checksum_good_and_bad)
{
	uint8_t b[sizeof(udpt_v6)];

	CHECK_EQ(udpt_run(6, udpt_v6, sizeof(udpt_v6), sizeof(udpt_v6)),
	    DS_OK);
	CHECK_EQ(udpt_info()->cksum_status, L4CK_GOOD);
	CHECK_EQ(udpt_pkt.nanom, 0);
	/* the IPv4 datagram's checksum is wrong under IPv6 addresses */
	memcpy(b, udpt_v4, sizeof(b));
	udpt_run(6, b, sizeof(b), sizeof(b));
	CHECK_EQ(udpt_info()->cksum_status, L4CK_BAD);
	CHECK_EQ(udpt_info()->cksum_calc, 0xf979);
}

TEST(udp_zero_checksum_ipv4_none_ipv6_note)
{
	uint8_t b[sizeof(udpt_v4)];
	const struct anomaly *a;

	memcpy(b, udpt_v4, sizeof(b));
	b[6] = b[7] = 0;
	CHECK_EQ(udpt_run(4, b, sizeof(b), sizeof(b)), DS_OK);
	CHECK_EQ(udpt_info()->cksum_status, L4CK_NONE);
	CHECK_EQ(udpt_pkt.nanom, 0);
	CHECK_EQ(udpt_run(6, b, sizeof(b), sizeof(b)), DS_OK);
	CHECK_EQ(udpt_info()->cksum_status, L4CK_NONE);
	CHECK((a = udpt_anom("udp.zero_checksum_ipv6")) != NULL);
	CHECK(a != NULL && a->kind == AK_NOTE);
	CHECK_EQ(udpt_ctx.next_set, 1);
}

TEST(udp_checksum_0xffff_means_computed_zero)
{
	/* length 8, no data, over IPv4 192.0.2.1 > 192.0.2.2: pseudo-header
	 * with length 8 = 0x1841c; + length 0x0008 = 0x18424, folds to
	 * 0x8425.  With sport 0xffff - 0x8425 = 0x7bda, dport 0, the sum
	 * folds to 0xffff, its complement is 0, and RFC 768 sends a computed
	 * 0 as 0xffff. */
	static const uint8_t b[] = { 0x7b, 0xda, 0x00, 0x00, 0x00, 0x08,
	    0xff, 0xff };

	CHECK_EQ(udpt_run(4, b, sizeof(b), sizeof(b)), DS_OK);
	CHECK_EQ(udpt_info()->cksum_status, L4CK_GOOD);
	CHECK_EQ(udpt_info()->cksum_calc, 0xffff);
	CHECK_EQ(udpt_ctx.next_set, 0);		/* empty payload */
}

TEST(udp_header_truncated_at_every_byte)
{
	size_t cut;

	for (cut = 0; cut < 8; cut++) {
		CHECK_EQ(udpt_run(4, udpt_v4, cut, sizeof(udpt_v4)),
		    DS_TRUNCATED);
		CHECK(udpt_anom("udp.truncated") != NULL);
		CHECK_EQ(udpt_pkt.truncated, 1);
		CHECK_EQ(udpt_pkt.malformed, 0);
		CHECK_EQ(udpt_ctx.next_set, 0);
	}
}

TEST(udp_payload_cut_is_not_udps_fault)
{
	size_t cut;

	for (cut = 8; cut < sizeof(udpt_v4); cut++) {
		CHECK_EQ(udpt_run(4, udpt_v4, cut, sizeof(udpt_v4)), DS_OK);
		CHECK_EQ(udpt_pkt.nanom, 0);
		CHECK_EQ(udpt_info()->payload_len, 4);
		CHECK_EQ(udpt_info()->cksum_status, L4CK_UNCHECKED);
		CHECK_EQ(udpt_ctx.next_set, 1);
		CHECK_EQ(cur_left(&udpt_ctx.next_cur), 4);
		CHECK_EQ(cur_avail(&udpt_ctx.next_cur), cut - 8);
	}
}

TEST(udp_ip_payload_shorter_than_header_is_malformed)
{
	size_t n;

	for (n = 0; n < 8; n++) {
		CHECK_EQ(udpt_run(4, udpt_v4, n, n), DS_MALFORMED);
		CHECK(udpt_anom("udp.malformed") != NULL);
	}
}

TEST(udp_length_lies)
{
	uint8_t b[sizeof(udpt_v4)];
	const struct anomaly *a;
	static const uint16_t bad[] = { 0, 1, 7, 13, 0xffff };
	unsigned i;

	memcpy(b, udpt_v4, sizeof(b));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		b[4] = (uint8_t)(bad[i] >> 8);
		b[5] = (uint8_t)bad[i];
		CHECK_EQ(udpt_run(4, b, sizeof(b), sizeof(b)), DS_MALFORMED);
		CHECK((a = udpt_anom("udp.bad_length")) != NULL);
		CHECK(a != NULL && a->kind == AK_MALFORMED);
		CHECK_EQ(udpt_ctx.next_set, 0);
	}
	/* the claim is kept for the views; a zero checksum is still "none" */
	b[4] = 0;
	b[5] = 13;
	b[6] = b[7] = 0;
	udpt_run(4, b, sizeof(b), sizeof(b));
	CHECK_EQ(udpt_info()->payload_len, 5);
	CHECK_EQ(udpt_info()->cksum_status, L4CK_NONE);
	b[5] = 0;
	udpt_run(4, b, sizeof(b), sizeof(b));
	CHECK_EQ(udpt_info()->cksum_status, L4CK_NONE);
	/* length 20 > IP payload 12 even though only 10 bytes captured:
	 * still the sender's lie, not a capture cut */
	b[4] = 0;
	b[5] = 20;
	CHECK_EQ(udpt_run(4, b, 10, sizeof(b)), DS_MALFORMED);
	CHECK(udpt_anom("udp.bad_length") != NULL);
}

TEST(udp_length_shorter_than_ip_payload_trailing_note)
{
	const struct anomaly *a;

	CHECK_EQ(udpt_run(4, udpt_trail, sizeof(udpt_trail),
	    sizeof(udpt_trail)), DS_OK);
	CHECK_EQ(udpt_info()->len, 10);
	CHECK_EQ(udpt_info()->payload_len, 2);
	CHECK_EQ(udpt_info()->trailing, 2);
	CHECK_EQ(udpt_info()->cksum_status, L4CK_GOOD);	/* over 10 bytes */
	CHECK((a = udpt_anom("udp.trailing_bytes")) != NULL);
	CHECK(a != NULL && a->kind == AK_NOTE);
	CHECK_EQ(udpt_pkt.layers[1].len, 10);
	CHECK_EQ(cur_left(&udpt_ctx.next_cur), 2);
}

TEST(udp_unreassembled_first_fragment_not_blamed)
{
	uint8_t b[sizeof(udpt_v4)];
	struct layer *ip;
	struct cursor c;
	struct layer *l;

	/* length says 1480, only 12 bytes in this fragment */
	memcpy(b, udpt_v4, sizeof(b));
	b[4] = 0x05;
	b[5] = 0xc8;
	udpt_begin(b, sizeof(b), sizeof(b));
	ip = &udpt_pkt.layers[0];
	ip->proto = PROTO_IPV4;
	ip->u.ipv4.fragment = 1;
	ip->u.ipv4.mf = 1;
	udpt_pkt.nlayers = 2;
	udpt_ctx.cur_layer = 1;
	l = &udpt_pkt.layers[1];
	l->proto = PROTO_UDP;
	c = cur_make(b, sizeof(b), sizeof(b));
	CHECK_EQ(dissector_udp.dissect(&udpt_ctx, &c, l), DS_OK);
	CHECK_EQ(udpt_pkt.nanom, 0);
	CHECK_EQ(l->u.udp.payload_len, 1472);
	CHECK_EQ(l->u.udp.cksum_status, L4CK_UNCHECKED);
	CHECK_EQ(udpt_ctx.next_set, 0);
}

TEST(udp_handoff_lower_port_first)
{
	/* 50000 > 53 */
	static const uint8_t b[] = { 0xc3, 0x50, 0x00, 0x35, 0x00, 0x09,
	    0x00, 0x00, 0x42 };

	CHECK_EQ(udpt_run(4, b, sizeof(b), sizeof(b)), DS_OK);
	CHECK_EQ(udpt_ctx.next_key, 53);
	CHECK_EQ(udpt_ctx.next_key2, 50000);
}

TEST(udp_text_info_detail_endpoints)
{
	char b1[256], b2[32], b3[32];
	struct textbuf tb, s, d;
	uint8_t b[sizeof(udpt_v4)];

	udpt_run(4, udpt_v4, sizeof(udpt_v4), sizeof(udpt_v4));
	tb_init(&tb, b1, sizeof(b1));
	dissector_udp.info(&udpt_pkt.layers[1], &tb);
	CHECK_STR(b1, "1701 > 1701 len=4");
	tb_init(&tb, b1, sizeof(b1));
	dissector_udp.detail(&udpt_pkt.layers[1], &tb);
	CHECK_STR(b1, "  UDP src port 1701, dst port 1701, length 12 "
	    "(payload 4), checksum 0xd0ea [correct]\n");
	tb_init(&s, b2, sizeof(b2));
	tb_init(&d, b3, sizeof(b3));
	dissector_udp.endpoints(&udpt_pkt.layers[1], &s, &d);
	CHECK_STR(b2, "1701");
	CHECK_STR(b3, "1701");
	CHECK_EQ(dissector_udp.role, DR_TRANSPORT);

	memcpy(b, udpt_v4, sizeof(b));
	b[7] = 0;
	udpt_run(4, b, sizeof(b), sizeof(b));
	tb_init(&tb, b1, sizeof(b1));
	dissector_udp.detail(&udpt_pkt.layers[1], &tb);
	CHECK_STR(b1, "  UDP src port 1701, dst port 1701, length 12 "
	    "(payload 4), checksum 0xd000 [incorrect, should be 0xd0ea]\n");
	udpt_run(4, udpt_trail, sizeof(udpt_trail), sizeof(udpt_trail));
	tb_init(&tb, b1, sizeof(b1));
	dissector_udp.detail(&udpt_pkt.layers[1], &tb);
	CHECK_STR(b1, "  UDP src port 1701, dst port 1701, length 10 "
	    "(payload 2), checksum 0x8fde [correct]\n"
	    "  2 bytes after the datagram's length\n");
}

TEST(udp_registered_on_ipproto_17)
{
	/* 40000 > 40001: ports nobody claims, so the payload is data */
	static const uint8_t b[] = { 0x9c, 0x40, 0x9c, 0x41, 0x00, 0x0a,
	    0x00, 0x00, 0x01, 0x02 };

	CHECK(registry_find(NULL, DT_IPPROTO, 17) == &dissector_udp);
	udpt_begin(b, sizeof(b), sizeof(b));
	dissect_bytes(&udpt_ctx, &udpt_frame, &udpt_pkt, DT_IPPROTO, 17);
	CHECK_EQ(udpt_pkt.nlayers, 2);
	CHECK_EQ(udpt_pkt.layers[0].proto, PROTO_UDP);
	CHECK_EQ(udpt_pkt.layers[0].status, DS_OK);
	CHECK_EQ(udpt_pkt.layers[0].u.udp.cksum_status, L4CK_NONE);
	CHECK_EQ(udpt_pkt.layers[1].proto, PROTO_DATA);
	CHECK_EQ(udpt_pkt.layers[1].u.data.len, 2);
	/* a nonzero checksum without an IP layer cannot be verified */
	{
		uint8_t c2[sizeof(b)];

		memcpy(c2, b, sizeof(c2));
		c2[6] = 0x12;
		udpt_begin(c2, sizeof(c2), sizeof(c2));
		dissect_bytes(&udpt_ctx, &udpt_frame, &udpt_pkt, DT_IPPROTO,
		    17);
		CHECK_EQ(udpt_pkt.layers[0].u.udp.cksum_status,
		    L4CK_UNCHECKED);
		CHECK_EQ(udpt_pkt.nanom, 0);
	}
}

/* Ethernet / IPv6 2001:db8::1 > 2001:db8::2 / udpt_v6. */
static const uint8_t udpt_frame6[] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x00, 0x66,
	0x77, 0x88, 0x99, 0xaa, 0x86, 0xdd, 0x60, 0x00,
	0x00, 0x00, 0x00, 0x0c, 0x11, 0x40, 0x20, 0x01,
	0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x20, 0x01,
	0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x06, 0xa5,
	0x06, 0xa5, 0x00, 0x0c, 0xf9, 0x79, 0xde, 0xad,
	0xbe, 0xef,
};

/* Ethernet / IPv4 192.0.2.1 > 192.0.2.2 / udpt_v4, padded to the
 * 60-byte Ethernet minimum: the padding is not UDP's. */
static const uint8_t udpt_frame4[60] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x00, 0x66,
	0x77, 0x88, 0x99, 0xaa, 0x08, 0x00, 0x45, 0x00,
	0x00, 0x20, 0x12, 0x34, 0x00, 0x00, 0x40, 0x11,
	0xe4, 0x95, 0xc0, 0x00, 0x02, 0x01, 0xc0, 0x00,
	0x02, 0x02, 0x06, 0xa5, 0x06, 0xa5, 0x00, 0x0c,
	0xd0, 0xea, 0xde, 0xad, 0xbe, 0xef,
};

static int
udpt_udp_anoms(void)
{
	unsigned i;
	int n = 0;

	for (i = 0; i < udpt_pkt.nanom; i++)
		if (strncmp(udpt_pkt.anom[i].name, "udp.", 4) == 0)
			n++;
	return n;
}

TEST(udp_whole_frames_ipv4_padded_and_ipv6)
{
	const struct layer *l;

	udpt_begin(udpt_frame4, sizeof(udpt_frame4), sizeof(udpt_frame4));
	udpt_frame.linktype = 1;
	dissect_frame(&udpt_ctx, &udpt_frame, &udpt_pkt);
	CHECK(udpt_pkt.nlayers >= 3);
	l = &udpt_pkt.layers[2];
	CHECK_EQ(l->proto, PROTO_UDP);
	CHECK_EQ(l->status, DS_OK);
	CHECK_EQ(l->len, 12);
	CHECK_EQ(l->u.udp.cksum_status, L4CK_GOOD);
	CHECK_EQ(l->u.udp.trailing, 0);
	CHECK_EQ(udpt_udp_anoms(), 0);

	udpt_begin(udpt_frame6, sizeof(udpt_frame6), sizeof(udpt_frame6));
	udpt_frame.linktype = 1;
	dissect_frame(&udpt_ctx, &udpt_frame, &udpt_pkt);
	CHECK(udpt_pkt.nlayers >= 3);
	l = &udpt_pkt.layers[2];
	CHECK_EQ(l->proto, PROTO_UDP);
	CHECK_EQ(l->u.udp.cksum_status, L4CK_GOOD);
	CHECK_EQ(l->u.udp.payload_len, 4);
	CHECK_EQ(udpt_udp_anoms(), 0);
}
