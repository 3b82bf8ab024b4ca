/* ipv6_test.c - dissectors/ipv6.c: fixed header, payload length, every
 * extension header, fragments and reassembly.  Driven from link type 229
 * (raw IPv6), so the IPv6 layer is layer 0. */
#include <string.h>

#include "dissect.h"
#include "event.h"
#include "prefs.h"
#include "reasm.h"
#include "textbuf.h"
#include "unit.h"

static struct prefs v6_prefs;
static struct frame v6_frame;
static struct packet v6_pkt;
static unsigned v6_nev[EV_COUNT];

static void
v6_emit(void *arg, const struct event *ev)
{
	(void)arg;
	if (ev->kind < EV_COUNT)
		v6_nev[ev->kind]++;
}

static struct packet *
v6_run(struct reasm *r, const uint8_t *b, size_t cap, size_t len)
{
	struct dctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	prefs_default(&v6_prefs);
	ctx.prefs = &v6_prefs;
	ctx.reasm = r;
	ctx.emit = v6_emit;
	v6_frame = (struct frame){ .number = 1, .caplen = (uint32_t)cap,
	    .len = (uint32_t)len, .linktype = TS_LINKTYPE_IPV6, .data = b };
	dissect_frame(&ctx, &v6_frame, &v6_pkt);
	return &v6_pkt;
}

static int
v6_anom(const struct packet *p, const char *name)
{
	unsigned i;

	for (i = 0; i < p->nanom; i++)
		if (strcmp(p->anom[i].name, name) == 0)
			return p->anom[i].kind;
	return 0;
}

static const char *
v6_text(const struct layer *l, int detail)
{
	static char buf[512];
	struct textbuf tb;

	tb_init(&tb, buf, sizeof(buf));
	if (detail)
		l->d->detail(l, &tb);
	else
		l->d->info(l, &tb);
	return buf;
}

/* 40-byte header: tclass 0x0b, flow 0x12345, hop limit 64,
 * 2001:db8::1 -> 2001:db8::2; then ext bytes and payload. */
static size_t
v6_build(uint8_t *b, uint8_t nxt, const uint8_t *ext, size_t n)
{
	static const uint8_t hdr[40] = {
		0x60, 0xb1, 0x23, 0x45, 0x00, 0x00, 0x00, 0x40,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
	};

	memcpy(b, hdr, 40);
	b[4] = (uint8_t)(n >> 8);
	b[5] = (uint8_t)n;
	b[6] = nxt;
	if (n > 0)
		memcpy(b + 40, ext, n);
	return 40 + n;
}

TEST(ipv6_fields_and_udp)
{
	static const uint8_t udp[8] = { 0x04, 0xd2, 0x00, 0x35, 0x00, 0x08,
	    0x00, 0x00 };
	uint8_t b[64];
	size_t n = v6_build(b, 17, udp, 8);
	struct packet *p = v6_run(NULL, b, n, n);
	const struct ipv6_info *ip = &p->layers[0].u.ipv6;

	CHECK_EQ(p->layers[0].proto, PROTO_IPV6);
	CHECK_EQ(p->layers[0].status, DS_OK);
	CHECK_EQ(ip->tclass, 0x0b);
	CHECK_EQ(ip->flow, 0x12345);
	CHECK_EQ(ip->plen, 8);
	CHECK_EQ(ip->nxt, 17);
	CHECK_EQ(ip->proto, 17);
	CHECK_EQ(ip->hlim, 64);
	CHECK_EQ(ip->src[15], 1);
	CHECK_EQ(ip->next_ext, 0);
	CHECK_EQ(p->nlayers, 2);
	CHECK_EQ(p->layers[1].proto, PROTO_UDP);
	CHECK_STR(v6_text(&p->layers[0], 1), "  IPv6: tclass=0x0b "
	    "flow=0x12345 plen=8 nxt=17 (UDP) hlim=64 src=2001:db8::1 "
	    "dst=2001:db8::2\n");
	CHECK_STR(v6_text(&p->layers[0], 0), "proto 17 len 8");
}

/* Hop-by-hop, destination options, routing, AH, then 4 bytes of OSPF. */
static const uint8_t v6_chain[52] = {
	/* HBH: next 60, len 0 (8 bytes), PadN of 4 */
	60, 0, 0x01, 0x04, 0, 0, 0, 0,
	/* Destination Options: next 43, PadN */
	43, 0, 0x01, 0x04, 0, 0, 0, 0,
	/* Routing: next 51, len 0, type 4 (SRH-ish), segments left 0 */
	51, 0, 4, 0, 0, 0, 0, 0,
	/* AH: next 89, len 4 -> (4 + 2) * 4 = 24 bytes */
	89, 4, 0, 0, 0, 0, 0x10, 0x01, 0, 0, 0, 1,
	0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac,
	/* payload */
	0xde, 0xad, 0xbe, 0xef,
};

TEST(ipv6_extension_chain)
{
	uint8_t b[128];
	size_t n = v6_build(b, 0, v6_chain, sizeof(v6_chain));
	struct packet *p = v6_run(NULL, b, n, n);
	const struct ipv6_info *ip = &p->layers[0].u.ipv6;

	CHECK_EQ(p->layers[0].status, DS_OK);
	CHECK_EQ(p->nanom, 0);
	CHECK_EQ(ip->next_ext, 4);
	CHECK_EQ(ip->ext[0], 0);
	CHECK_EQ(ip->ext[1], 60);
	CHECK_EQ(ip->ext[2], 43);
	CHECK_EQ(ip->ext[3], 51);
	CHECK_EQ(ip->proto, 89);
	CHECK_EQ(ip->upper_len, 4);
	CHECK_EQ(p->nlayers, 2);
	CHECK_EQ(p->layers[1].proto, PROTO_DATA);
	CHECK_EQ(p->layers[1].off, 40 + 48);
	CHECK_EQ(p->layers[1].u.data.len, 4);
	CHECK_STR(v6_text(&p->layers[0], 0), "proto 89 len 4");
}

/* RFC 5095 deprecates the Type 0 Routing header (source routing through
 * a list of addresses, an amplifier): a note, the walk goes on.  Type 4
 * (v6_chain above) is not noted. */
TEST(ipv6_routing_type0_noted)
{
	static const uint8_t rh0[24] = {
		/* Routing: next 59 (none), len 2 (24 bytes), type 0,
		 * segments left 1, reserved, one address 2001:db8::3 */
		59, 2, 0, 1, 0, 0, 0, 0,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3,
	};
	uint8_t b[128];
	size_t n = v6_build(b, 43, rh0, sizeof(rh0));
	struct packet *p = v6_run(NULL, b, n, n);

	CHECK_EQ(v6_anom(p, "ipv6.rh0_deprecated"), AK_NOTE);
	CHECK_EQ(p->layers[0].u.ipv6.next_ext, 1);
	CHECK_EQ(p->layers[0].u.ipv6.proto, 59);
	CHECK(!p->malformed);
	n = v6_build(b, 0, v6_chain, sizeof(v6_chain));
	p = v6_run(NULL, b, n, n);
	CHECK_EQ(v6_anom(p, "ipv6.rh0_deprecated"), 0);
}

/* Every cut of the chain by the capture is truncation, never malformed. */
TEST(ipv6_truncated_at_every_byte)
{
	uint8_t b[128];
	size_t n = v6_build(b, 0, v6_chain, sizeof(v6_chain)), k;

	for (k = 0; k < 40 + 48; k++) {
		struct packet *p = v6_run(NULL, b, k, n);

		CHECK_EQ(p->nlayers, 1);
		CHECK_EQ(p->layers[0].status, DS_TRUNCATED);
		CHECK_EQ(v6_anom(p, "ipv6.truncated"), AK_TRUNCATED);
		CHECK(!p->malformed);
	}
}

TEST(ipv6_frame_shorter_than_header)
{
	uint8_t b[64];
	size_t k;

	v6_build(b, 59, NULL, 0);
	for (k = 1; k < 40; k++) {
		struct packet *p = v6_run(NULL, b, k, k);

		CHECK_EQ(p->layers[0].status, DS_MALFORMED);
		CHECK_EQ(v6_anom(p, "ipv6.malformed"), AK_MALFORMED);
	}
}

TEST(ipv6_bad_version)
{
	uint8_t b[64];
	size_t n = v6_build(b, 59, NULL, 0);
	struct packet *p;

	b[0] = 0x40;
	p = v6_run(NULL, b, n, n);
	CHECK_EQ(p->layers[0].status, DS_MALFORMED);
	CHECK_EQ(v6_anom(p, "ipv6.bad_version"), AK_MALFORMED);
	p = v6_run(NULL, b, 3, n);	/* even when cut: version is there */
	CHECK_EQ(v6_anom(p, "ipv6.bad_version"), AK_MALFORMED);
}

TEST(ipv6_payload_length_vs_frame)
{
	static const uint8_t pay[18] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	uint8_t b[64];
	size_t n = v6_build(b, 89, pay, sizeof(pay));
	struct packet *p;

	b[5] = 8;			/* 8 bytes; 10 of link padding */
	p = v6_run(NULL, b, n, n);
	CHECK_EQ(p->layers[0].status, DS_OK);
	CHECK_EQ(p->layers[0].len, 48);
	CHECK_EQ(p->layers[1].u.data.len, 8);
	b[5] = 19;			/* one more than the frame holds */
	p = v6_run(NULL, b, n, n);
	CHECK_EQ(p->layers[0].status, DS_MALFORMED);
	CHECK_EQ(v6_anom(p, "ipv6.bad_payload_len"), AK_MALFORMED);
	b[5] = 18;			/* captured short, wire whole */
	p = v6_run(NULL, b, 50, n);
	CHECK_EQ(p->layers[0].status, DS_OK);
	CHECK_EQ(v6_anom(p, "ipv6.bad_payload_len"), 0);
}

TEST(ipv6_esp_and_no_next_header_end_chain)
{
	static const uint8_t esp[8] = { 0, 0, 0x10, 0x01, 0, 0, 0, 1 };
	uint8_t b[64];
	size_t n = v6_build(b, 50, esp, sizeof(esp));
	struct packet *p = v6_run(NULL, b, n, n);

	CHECK_EQ(p->layers[0].u.ipv6.proto, 50);
	CHECK_EQ(p->layers[1].proto, PROTO_DATA);
	CHECK_EQ(p->layers[1].u.data.len, 8);
	n = v6_build(b, 59, NULL, 0);
	p = v6_run(NULL, b, n, n);
	CHECK_EQ(p->nlayers, 1);
	CHECK_EQ(p->layers[0].status, DS_OK);
	CHECK_EQ(p->layers[0].u.ipv6.proto, 59);
}

TEST(ipv6_jumbogram_noted)
{
	/* HBH: next 89, len 0, Jumbo Payload option C2 04 00 00 00 10
	 * (16 = 8 of HBH + 8 of payload), then 8 payload bytes and 4 of
	 * link padding */
	static const uint8_t hbh[20] = { 89, 0, 0xc2, 4, 0, 0, 0, 16,
	    1, 2, 3, 4, 5, 6, 7, 8, 0xee, 0xee, 0xee, 0xee };
	uint8_t b[64], x[20];
	size_t n = v6_build(b, 0, hbh, sizeof(hbh));
	struct packet *p;

	b[4] = b[5] = 0;
	p = v6_run(NULL, b, n, n);
	CHECK_EQ(v6_anom(p, "ipv6.jumbogram"), AK_NOTE);
	CHECK_EQ(v6_anom(p, "ipv6.bad_payload_len"), 0);
	CHECK_EQ(p->layers[0].u.ipv6.jumbo, 1);
	CHECK_EQ(p->layers[0].u.ipv6.proto, 89);
	CHECK_EQ(p->layers[1].u.data.len, 8);
	/* jumbo length past the frame */
	memcpy(x, hbh, sizeof(x));
	x[7] = 21;
	n = v6_build(b, 0, x, sizeof(x));
	b[4] = b[5] = 0;
	p = v6_run(NULL, b, n, n);
	CHECK_EQ(v6_anom(p, "ipv6.bad_payload_len"), AK_MALFORMED);
	CHECK_EQ(p->layers[0].status, DS_MALFORMED);
	/* no Jumbo Payload option: PadN instead */
	x[2] = 1;
	n = v6_build(b, 0, x, sizeof(x));
	b[4] = b[5] = 0;
	p = v6_run(NULL, b, n, n);
	CHECK_EQ(v6_anom(p, "ipv6.bad_payload_len"), AK_MALFORMED);
	CHECK_EQ(p->layers[1].u.data.len, 12);
}

TEST(ipv6_too_many_extension_headers)
{
	uint8_t ext[9 * 8], b[160];
	size_t i, n;
	struct packet *p;

	for (i = 0; i < 9; i++) {
		static const uint8_t d[8] = { 60, 0, 1, 4, 0, 0, 0, 0 };

		memcpy(ext + 8 * i, d, 8);
	}
	ext[8 * 8] = 89;
	n = v6_build(b, 60, ext, sizeof(ext));
	p = v6_run(NULL, b, n, n);
	CHECK_EQ(v6_anom(p, "ipv6.ext_too_many"), AK_NOTE);
	CHECK_EQ(p->layers[0].u.ipv6.next_ext, IPV6_MAX_EXT);
	CHECK_EQ(p->layers[1].proto, PROTO_DATA);
	CHECK_EQ(p->layers[1].u.data.len, 8);
	/* eight are fine */
	n = v6_build(b, 60, ext + 8, sizeof(ext) - 8);
	p = v6_run(NULL, b, n, n);
	CHECK_EQ(v6_anom(p, "ipv6.ext_too_many"), 0);
	CHECK_EQ(p->layers[0].u.ipv6.proto, 89);
}

TEST(ipv6_lying_extension_length)
{
	/* hop-by-hop says 6 * 8 = 48 bytes, 8 are there */
	static const uint8_t hbh[8] = { 59, 5, 1, 4, 0, 0, 0, 0 };
	uint8_t b[64];
	size_t n = v6_build(b, 0, hbh, sizeof(hbh));
	struct packet *p = v6_run(NULL, b, n, n);

	CHECK_EQ(p->layers[0].status, DS_MALFORMED);
	CHECK_EQ(v6_anom(p, "ipv6.bad_ext_len"), AK_MALFORMED);
	/* AH: length 1 -> 12 bytes, 8 there */
	{
		static const uint8_t ah[8] = { 59, 1, 0, 0, 0, 0, 0, 1 };

		n = v6_build(b, 51, ah, sizeof(ah));
		p = v6_run(NULL, b, n, n);
		CHECK_EQ(v6_anom(p, "ipv6.bad_ext_len"), AK_MALFORMED);
	}
}

TEST(ipv6_hop_by_hop_not_first)
{
	static const uint8_t ext[16] = { 0, 0, 1, 4, 0, 0, 0, 0,
	    59, 0, 1, 4, 0, 0, 0, 0 };
	uint8_t b[64];
	size_t n = v6_build(b, 60, ext, sizeof(ext));
	struct packet *p = v6_run(NULL, b, n, n);

	CHECK_EQ(v6_anom(p, "ipv6.hbh_not_first"), AK_MALFORMED);
}

/* Fragment header + n payload bytes; id 0xf88eb466. */
static size_t
v6_frag(uint8_t *b, uint8_t fnh, uint16_t off, int m, const uint8_t *pay,
    size_t n)
{
	uint8_t ext[128];
	uint16_t om = (uint16_t)(off | (m ? 1 : 0));

	ext[0] = fnh;
	ext[1] = 0;
	ext[2] = (uint8_t)(om >> 8);
	ext[3] = (uint8_t)om;
	ext[4] = 0xf8; ext[5] = 0x8e; ext[6] = 0xb4; ext[7] = 0x66;
	memcpy(ext + 8, pay, n);
	return v6_build(b, 44, ext, 8 + n);
}

TEST(ipv6_fragments_reassembled)
{
	struct reasm *r = reasm_new(16, 1 << 20, 30000);
	uint8_t b1[128], b2[128], pay[24];
	size_t n1, n2, i;
	struct packet *p;

	for (i = 0; i < sizeof(pay); i++)
		pay[i] = (uint8_t)(0x40 + i);
	n1 = v6_frag(b1, 89, 0, 1, pay, 16);
	n2 = v6_frag(b2, 89, 16, 0, pay + 16, 8);
	memset(v6_nev, 0, sizeof(v6_nev));
	p = v6_run(r, b2, n2, n2);		/* last first */
	CHECK_EQ(p->nlayers, 1);
	CHECK_EQ(p->layers[0].u.ipv6.fragment, 1);
	CHECK_EQ(p->layers[0].u.ipv6.frag_off, 16);
	CHECK_EQ(p->layers[0].u.ipv6.frag_id, 0xf88eb466);
	CHECK_STR(v6_text(&p->layers[0], 0),
	    "fragment id=0xf88eb466 off=16 len=8");
	p = v6_run(r, b1, n1, n1);
	CHECK_EQ(p->nlayers, 2);
	CHECK_EQ(p->layers[0].u.ipv6.reassembled, 1);
	CHECK_EQ(p->layers[0].u.ipv6.nfrags, 2);
	CHECK_EQ(p->layers[0].u.ipv6.reasm_len, 24);
	CHECK_EQ(p->layers[0].u.ipv6.proto, 89);
	CHECK_EQ(p->layers[1].proto, PROTO_DATA);
	CHECK_EQ(p->layers[1].u.data.len, 24);
	CHECK(memcmp(p->layers[1].base, pay, 24) == 0);
	CHECK_EQ(v6_nev[EV_IP_FRAGMENT], 2);
	CHECK_EQ(v6_nev[EV_IP_REASSEMBLED], 1);
	reasm_free(r);
}

/* The fragmentable part starts with a destination options header: the
 * walk continues in the reassembled bytes. */
TEST(ipv6_ext_after_reassembly)
{
	struct reasm *r = reasm_new(16, 1 << 20, 30000);
	static const uint8_t pay[16] = { 89, 0, 1, 4, 0, 0, 0, 0,
	    9, 9, 9, 9, 9, 9, 9, 9 };
	uint8_t b1[128], b2[128];
	size_t n1 = v6_frag(b1, 60, 0, 1, pay, 8);
	size_t n2 = v6_frag(b2, 60, 8, 0, pay + 8, 8);
	struct packet *p;

	v6_run(r, b1, n1, n1);
	p = v6_run(r, b2, n2, n2);
	CHECK_EQ(p->layers[0].u.ipv6.next_ext, 2);
	CHECK_EQ(p->layers[0].u.ipv6.ext[0], 44);
	CHECK_EQ(p->layers[0].u.ipv6.ext[1], 60);
	CHECK_EQ(p->layers[0].u.ipv6.proto, 89);
	CHECK_EQ(p->layers[1].u.data.len, 8);
	reasm_free(r);
}

TEST(ipv6_atomic_fragment_and_bad_fragment_length)
{
	static const uint8_t udp[12] = { 0x04, 0xd2, 0x00, 0x35, 0x00, 0x08,
	    0x00, 0x00, 1, 2, 3, 4 };
	struct reasm *r = reasm_new(16, 1 << 20, 30000);
	uint8_t b[128];
	size_t n = v6_frag(b, 17, 0, 0, udp, 8);
	struct packet *p = v6_run(r, b, n, n);

	CHECK_EQ(p->layers[0].u.ipv6.fragment, 1);
	CHECK_EQ(p->layers[1].proto, PROTO_UDP);
	CHECK_EQ(reasm_stats(r)->fragments, 0);
	n = v6_frag(b, 17, 0, 1, udp, 12);	/* M=1, 12 bytes */
	p = v6_run(r, b, n, n);
	CHECK_EQ(v6_anom(p, "ipv6.frag_bad_len"), AK_MALFORMED);
	CHECK_EQ(p->layers[0].status, DS_MALFORMED);
	reasm_free(r);
}

TEST(ipv6_fragment_without_reassembly_and_overlap)
{
	struct reasm *r = reasm_new(16, 1 << 20, 30000);
	uint8_t b[128], x[16], y[16];
	size_t n;
	struct packet *p;

	memset(x, 1, sizeof(x));
	memset(y, 2, sizeof(y));
	n = v6_frag(b, 89, 0, 1, x, 16);
	p = v6_run(NULL, b, n, n);
	CHECK_EQ(p->nlayers, 1);
	CHECK_STR(v6_text(&p->layers[0], 0),
	    "fragment id=0xf88eb466 off=0 len=16 M");
	v6_run(r, b, n, n);
	n = v6_frag(b, 89, 8, 1, y, 16);
	p = v6_run(r, b, n, n);
	CHECK_EQ(v6_anom(p, "ipv6.frag_overlap"), AK_MALFORMED);
	reasm_free(r);
}
