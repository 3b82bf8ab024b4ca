/* ipv4_test.c - dissectors/ipv4.c: header fields, lengths, options,
 * checksum, fragments and reassembly through the dissector.  Driven from
 * link type 228 (raw IPv4), so the IPv4 layer is layer 0. */
#include <string.h>

#include "dissect.h"
#include "event.h"
#include "prefs.h"
#include "reasm.h"
#include "textbuf.h"
#include "unit.h"

static struct prefs v4_prefs;
static struct frame v4_frame;
static struct packet v4_pkt;
static unsigned v4_nev[EV_COUNT];

static void
v4_emit(void *arg, const struct event *ev)
{
	(void)arg;
	if (ev->kind < EV_COUNT)
		v4_nev[ev->kind]++;
}

static struct packet *
v4_run(struct reasm *r, const uint8_t *b, size_t cap, size_t len, int64_t ts)
{
	struct dctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	prefs_default(&v4_prefs);
	ctx.prefs = &v4_prefs;
	ctx.reasm = r;
	ctx.emit = v4_emit;
	v4_frame = (struct frame){ .number = 1, .ts_ns = ts,
	    .caplen = (uint32_t)cap, .len = (uint32_t)len,
	    .linktype = TS_LINKTYPE_IPV4, .data = b };
	dissect_frame(&ctx, &v4_frame, &v4_pkt);
	return &v4_pkt;
}

/* The kind of the named anomaly, 0 when absent. */
static int
v4_anom(const struct packet *p, const char *name)
{
	unsigned i;

	for (i = 0; i < p->nanom; i++)
		if (strcmp(p->anom[i].name, name) == 0)
			return p->anom[i].kind;
	return 0;
}

static const char *
v4_text(const struct layer *l, int detail)
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

/*
 * 10.0.0.1 -> 10.0.0.2, id 0x1c46, DF, TTL 64, UDP, total length 28,
 * then an 8-byte UDP header (1234 -> 53, length 8, checksum 0).
 * Checksum by hand: 4500 + 001c + 1c46 + 4000 + 4011 + 0a00 + 0001 +
 * 0a00 + 0002 = 0xf576 (no carry); ~0xf576 = 0x0a89.
 */
static const uint8_t v4_udp[28] = {
	0x45, 0x00, 0x00, 0x1c, 0x1c, 0x46, 0x40, 0x00,
	0x40, 0x11, 0x0a, 0x89, 0x0a, 0x00, 0x00, 0x01,
	0x0a, 0x00, 0x00, 0x02,
	0x04, 0xd2, 0x00, 0x35, 0x00, 0x08, 0x00, 0x00,
};

/*
 * IHL 6 with a Router Alert option (94 04 00 00), proto 89, id 1, TTL
 * 255, total length 32 (24 header + 8 payload).  Checksum by hand:
 * 4600 + 0020 + 0001 + 0000 + ff59 + 0a00 + 0001 + 0a00 + 0002 + 9404 +
 * 0000 = 0x1ed81; fold: 0xed81 + 1 = 0xed82; ~ = 0x127d.
 */
static const uint8_t v4_opt[32] = {
	0x46, 0x00, 0x00, 0x20, 0x00, 0x01, 0x00, 0x00,
	0xff, 0x59, 0x12, 0x7d, 0x0a, 0x00, 0x00, 0x01,
	0x0a, 0x00, 0x00, 0x02, 0x94, 0x04, 0x00, 0x00,
	0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04,
};

TEST(ipv4_fields_and_next_layer)
{
	struct packet *p = v4_run(NULL, v4_udp, sizeof(v4_udp),
	    sizeof(v4_udp), 0);
	const struct ipv4_info *ip = &p->layers[0].u.ipv4;

	CHECK_EQ(p->nlayers, 2);
	CHECK_EQ(p->layers[0].proto, PROTO_IPV4);
	CHECK_EQ(p->layers[0].status, DS_OK);
	CHECK_EQ(ip->ihl, 20);
	CHECK_EQ(ip->total_len, 28);
	CHECK_EQ(ip->id, 0x1c46);
	CHECK_EQ(ip->df, 1);
	CHECK_EQ(ip->mf, 0);
	CHECK_EQ(ip->frag_off, 0);
	CHECK_EQ(ip->ttl, 64);
	CHECK_EQ(ip->proto, 17);
	CHECK_EQ(ip->cksum, 0x0a89);
	CHECK_EQ(ip->cksum_status, L4CK_GOOD);
	CHECK_EQ(ip->src, 0x0a000001);
	CHECK_EQ(ip->dst, 0x0a000002);
	CHECK_EQ(ip->fragment, 0);
	CHECK_EQ(p->nanom, 0);
	CHECK_EQ(p->layers[1].proto, PROTO_UDP);
	CHECK_EQ(p->layers[1].off, 20);
	CHECK_STR(v4_text(&p->layers[0], 1), "  IPv4: ihl=20 tos=0x00 len=28 "
	    "id=0x1c46 flags=DF off=0 ttl=64 proto=17 (UDP) cksum=0x0a89 "
	    "src=10.0.0.1 dst=10.0.0.2\n");
	CHECK_STR(v4_text(&p->layers[0], 0), "proto 17 len 8");
}

TEST(ipv4_endpoints)
{
	struct packet *p = v4_run(NULL, v4_udp, 28, 28, 0);
	char s[64], d[64];
	struct textbuf ts, td;

	tb_init(&ts, s, sizeof(s));
	tb_init(&td, d, sizeof(d));
	p->layers[0].d->endpoints(&p->layers[0], &ts, &td);
	CHECK_STR(s, "10.0.0.1");
	CHECK_STR(d, "10.0.0.2");
	CHECK(p->layers[0].d->role & DR_NET);
}

TEST(ipv4_bad_checksum_still_dissects)
{
	uint8_t b[28];
	struct packet *p;

	memcpy(b, v4_udp, sizeof(b));
	b[11] = 0x88;			/* 0x0a88 instead of 0x0a89 */
	p = v4_run(NULL, b, sizeof(b), sizeof(b), 0);
	CHECK_EQ(v4_anom(p, "ipv4.bad_checksum"), AK_MALFORMED);
	CHECK_EQ(p->layers[0].u.ipv4.cksum_status, L4CK_BAD);
	CHECK_EQ(p->layers[0].u.ipv4.cksum_calc, 0x0a89);
	CHECK_EQ(p->nlayers, 2);
	CHECK(p->malformed);
}

TEST(ipv4_padding_is_not_payload)
{
	uint8_t b[46];
	struct packet *p;

	memset(b, 0xee, sizeof(b));
	memcpy(b, v4_opt, sizeof(v4_opt));
	p = v4_run(NULL, b, sizeof(b), sizeof(b), 0);
	CHECK_EQ(p->layers[0].status, DS_OK);
	CHECK_EQ(p->layers[0].len, 32);
	CHECK_EQ(p->layers[0].u.ipv4.has_options, 1);
	CHECK_EQ(p->layers[0].u.ipv4.cksum_status, L4CK_GOOD);
	CHECK_EQ(p->nlayers, 2);
	CHECK_EQ(p->layers[1].proto, PROTO_DATA);
	CHECK_EQ(p->layers[1].u.data.len, 8);	/* not 8 + 14 padding */
	CHECK_EQ(p->nanom, 0);
	CHECK_STR(v4_text(&p->layers[0], 0), "proto 89 len 8");
}

/* Cut by the capture at every byte of a 24-byte header: truncated. */
TEST(ipv4_truncated_at_every_header_byte)
{
	size_t k;

	for (k = 0; k < 24; k++) {
		struct packet *p = v4_run(NULL, v4_opt, k, sizeof(v4_opt), 0);

		CHECK_EQ(p->nlayers, 1);
		CHECK_EQ(p->layers[0].status, DS_TRUNCATED);
		CHECK_EQ(v4_anom(p, "ipv4.truncated"), AK_TRUNCATED);
		CHECK(p->truncated);
		CHECK(!p->malformed);
	}
	/* header whole, payload cut: the IPv4 layer itself is fine */
	{
		struct packet *p = v4_run(NULL, v4_opt, 26, sizeof(v4_opt), 0);

		CHECK_EQ(p->layers[0].status, DS_OK);
		CHECK_EQ(p->layers[0].u.ipv4.cksum_status, L4CK_GOOD);
		CHECK_EQ(p->layers[0].cap, 26);
		CHECK_EQ(p->layers[0].len, 32);
		CHECK_EQ(v4_anom(p, "ipv4.bad_total_len"), 0);
	}
}

/* The frame on the wire ends inside the fixed header: malformed. */
TEST(ipv4_frame_shorter_than_header)
{
	size_t k;

	for (k = 1; k < 20; k++) {
		struct packet *p = v4_run(NULL, v4_udp, k, k, 0);

		CHECK_EQ(p->layers[0].status, DS_MALFORMED);
		CHECK_EQ(v4_anom(p, "ipv4.malformed"), AK_MALFORMED);
	}
	/* with options: IHL 6 but the frame ends in the options */
	{
		struct packet *p = v4_run(NULL, v4_opt, 22, 22, 0);

		CHECK_EQ(p->layers[0].status, DS_MALFORMED);
		CHECK_EQ(v4_anom(p, "ipv4.bad_total_len"), AK_MALFORMED);
	}
}

TEST(ipv4_bad_version_and_ihl)
{
	uint8_t b[28];
	struct packet *p;

	memcpy(b, v4_udp, sizeof(b));
	b[0] = 0x65;
	p = v4_run(NULL, b, 28, 28, 0);
	CHECK_EQ(p->layers[0].status, DS_MALFORMED);
	CHECK_EQ(v4_anom(p, "ipv4.bad_version"), AK_MALFORMED);
	b[0] = 0x44;
	p = v4_run(NULL, b, 28, 28, 0);
	CHECK_EQ(p->layers[0].status, DS_MALFORMED);
	CHECK_EQ(v4_anom(p, "ipv4.bad_ihl"), AK_MALFORMED);
	CHECK_EQ(p->layers[0].u.ipv4.ihl, 16);
	b[0] = 0x40;
	p = v4_run(NULL, b, 28, 28, 0);
	CHECK_EQ(v4_anom(p, "ipv4.bad_ihl"), AK_MALFORMED);
}

TEST(ipv4_lying_total_length)
{
	uint8_t b[28];
	struct packet *p;

	memcpy(b, v4_udp, sizeof(b));
	b[3] = 29;			/* one more than the frame has */
	p = v4_run(NULL, b, 28, 28, 0);
	CHECK_EQ(p->layers[0].status, DS_MALFORMED);
	CHECK_EQ(v4_anom(p, "ipv4.bad_total_len"), AK_MALFORMED);
	CHECK_EQ(p->nlayers, 1);
	b[3] = 19;			/* shorter than the header */
	p = v4_run(NULL, b, 28, 28, 0);
	CHECK_EQ(p->layers[0].status, DS_MALFORMED);
	CHECK_EQ(v4_anom(p, "ipv4.bad_total_len"), AK_MALFORMED);
	/* longer than captured but the wire frame holds it: truncation */
	b[3] = 28;
	p = v4_run(NULL, b, 24, 28, 0);
	CHECK_EQ(p->layers[0].status, DS_OK);
	CHECK_EQ(v4_anom(p, "ipv4.bad_total_len"), 0);
	CHECK_EQ(p->layers[1].status, DS_TRUNCATED);	/* UDP cut */
	CHECK(p->truncated);
	CHECK(!p->malformed);
}

TEST(ipv4_total_length_zero_is_tso_note)
{
	uint8_t b[28];
	struct packet *p;

	memcpy(b, v4_udp, sizeof(b));
	b[2] = b[3] = 0;
	/* keep the checksum right: 0x0a89 + 0x001c = 0x0aa5 */
	b[10] = 0x0a;
	b[11] = 0xa5;
	p = v4_run(NULL, b, 28, 28, 0);
	CHECK_EQ(v4_anom(p, "ipv4.bad_total_len"), AK_NOTE);
	CHECK_EQ(p->layers[0].u.ipv4.cksum_status, L4CK_GOOD);
	CHECK_EQ(p->layers[0].status, DS_OK);
	CHECK_EQ(p->layers[1].proto, PROTO_UDP);
}

TEST(ipv4_reserved_flag_noted)
{
	uint8_t b[28];
	struct packet *p;

	memcpy(b, v4_udp, sizeof(b));
	/* RF + DF: the sum without the checksum becomes 0xf576 + 0x8000
	 * = 0x17576, folded 0x7577, so the checksum is ~0x7577 = 0x8a88 */
	b[6] = 0xc0;
	b[10] = 0x8a;
	b[11] = 0x88;
	p = v4_run(NULL, b, 28, 28, 0);
	CHECK_EQ(v4_anom(p, "ipv4.reserved_flag"), AK_NOTE);
	CHECK_EQ(p->layers[0].u.ipv4.rf, 1);
	CHECK_EQ(p->layers[0].u.ipv4.cksum_status, L4CK_GOOD);
}

/* Option bytes at offset 20..23 replaced; checksum not re-done, so
 * only the option anomaly is checked. */
static struct packet *
v4_with_opts(uint8_t o0, uint8_t o1, uint8_t o2, uint8_t o3)
{
	static uint8_t b[32];

	memcpy(b, v4_opt, sizeof(b));
	b[20] = o0;
	b[21] = o1;
	b[22] = o2;
	b[23] = o3;
	return v4_run(NULL, b, sizeof(b), sizeof(b), 0);
}

TEST(ipv4_options_walked_safely)
{
	struct packet *p;

	p = v4_with_opts(0x01, 0x01, 0x01, 0x00);	/* NOP NOP NOP EOL */
	CHECK_EQ(v4_anom(p, "ipv4.bad_option"), 0);
	p = v4_with_opts(0x00, 0xff, 0xff, 0xff);	/* EOL then junk */
	CHECK_EQ(v4_anom(p, "ipv4.bad_option"), 0);
	p = v4_with_opts(0x07, 0x01, 0x00, 0x00);	/* RR length 1 */
	CHECK_EQ(v4_anom(p, "ipv4.bad_option"), AK_MALFORMED);
	p = v4_with_opts(0x07, 0x00, 0x00, 0x00);	/* length 0 */
	CHECK_EQ(v4_anom(p, "ipv4.bad_option"), AK_MALFORMED);
	p = v4_with_opts(0x44, 0x0c, 0x05, 0x00);	/* TS, 12 > 4 */
	CHECK_EQ(v4_anom(p, "ipv4.bad_option"), AK_MALFORMED);
	p = v4_with_opts(0x01, 0x01, 0x01, 0x83);	/* LSRR, no length */
	CHECK_EQ(v4_anom(p, "ipv4.bad_option"), AK_MALFORMED);
	/* a bad option does not hide the payload */
	CHECK_EQ(p->nlayers, 2);
	CHECK_EQ(p->layers[1].u.data.len, 8);
}

/* IPv4 fragment: 20-byte header + payload, checksum filled in. */
static size_t
v4_frag(uint8_t *b, uint16_t id, uint16_t off, int mf, const uint8_t *pay,
    size_t n)
{
	uint32_t sum = 0;
	uint16_t tl = (uint16_t)(20 + n), fo = (uint16_t)(off / 8 |
	    (mf ? 0x2000 : 0));
	size_t i;

	memset(b, 0, 20);
	b[0] = 0x45;
	b[2] = (uint8_t)(tl >> 8);
	b[3] = (uint8_t)tl;
	b[4] = (uint8_t)(id >> 8);
	b[5] = (uint8_t)id;
	b[6] = (uint8_t)(fo >> 8);
	b[7] = (uint8_t)fo;
	b[8] = 64;
	b[9] = 89;
	b[12] = 192; b[13] = 0; b[14] = 2; b[15] = 1;
	b[16] = 192; b[17] = 0; b[18] = 2; b[19] = 2;
	for (i = 0; i < 20; i += 2)
		sum += (uint32_t)b[i] << 8 | b[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	b[10] = (uint8_t)(~sum >> 8);
	b[11] = (uint8_t)~sum;
	memcpy(b + 20, pay, n);
	return 20 + n;
}

TEST(ipv4_fragment_without_reassembly_stops)
{
	uint8_t b[64], pay[16];
	struct packet *p;
	size_t n;

	memset(pay, 0xab, sizeof(pay));
	n = v4_frag(b, 0x1234, 1480, 1, pay, 16);
	memset(v4_nev, 0, sizeof(v4_nev));
	p = v4_run(NULL, b, n, n, 0);
	CHECK_EQ(p->nlayers, 1);
	CHECK_EQ(p->layers[0].status, DS_OK);
	CHECK_EQ(p->layers[0].u.ipv4.fragment, 1);
	CHECK_EQ(p->layers[0].u.ipv4.mf, 1);
	CHECK_EQ(p->layers[0].u.ipv4.frag_off, 1480);
	CHECK_EQ(p->layers[0].u.ipv4.cksum_status, L4CK_GOOD);
	CHECK_EQ(v4_nev[EV_IP_FRAGMENT], 1);
	CHECK_STR(v4_text(&p->layers[0], 0),
	    "fragment id=0x1234 off=1480 len=16 MF");
	/* a first fragment is not dissected either */
	n = v4_frag(b, 0x1234, 0, 1, pay, 16);
	p = v4_run(NULL, b, n, n, 0);
	CHECK_EQ(p->nlayers, 1);
	CHECK_STR(v4_text(&p->layers[0], 0),
	    "fragment id=0x1234 off=0 len=16 MF");
}

TEST(ipv4_reassembly_through_dissector)
{
	struct reasm *r = reasm_new(16, 1 << 20, 30000);
	uint8_t b[3][64], pay[40];
	size_t n[3], i;
	struct packet *p;

	for (i = 0; i < sizeof(pay); i++)
		pay[i] = (uint8_t)i;
	n[0] = v4_frag(b[0], 0x77, 0, 1, pay, 16);
	n[1] = v4_frag(b[1], 0x77, 16, 1, pay + 16, 16);
	n[2] = v4_frag(b[2], 0x77, 32, 0, pay + 32, 8);
	memset(v4_nev, 0, sizeof(v4_nev));
	/* out of order: last, first, middle */
	p = v4_run(r, b[2], n[2], n[2], 1000);
	CHECK_EQ(p->nlayers, 1);
	CHECK_STR(v4_text(&p->layers[0], 0), "fragment id=0x0077 off=32 len=8");
	p = v4_run(r, b[0], n[0], n[0], 2000);
	CHECK_EQ(p->nlayers, 1);
	p = v4_run(r, b[1], n[1], n[1], 3000);
	CHECK_EQ(p->nlayers, 2);
	CHECK_EQ(p->layers[0].u.ipv4.reassembled, 1);
	CHECK_EQ(p->layers[0].u.ipv4.nfrags, 3);
	CHECK_EQ(p->layers[0].u.ipv4.reasm_len, 40);
	CHECK_EQ(p->layers[1].proto, PROTO_DATA);
	CHECK_EQ(p->layers[1].u.data.len, 40);
	CHECK_EQ(p->layers[1].off, 0);
	CHECK(memcmp(p->layers[1].base, pay, 40) == 0);
	CHECK_EQ(v4_nev[EV_IP_FRAGMENT], 3);
	CHECK_EQ(v4_nev[EV_IP_REASSEMBLED], 1);
	CHECK_STR(v4_text(&p->layers[0], 0),
	    "proto 89 len 40 (reassembled from 3 fragments)");
	reasm_free(r);
}

TEST(ipv4_reassembly_overlap_reported)
{
	struct reasm *r = reasm_new(16, 1 << 20, 30000);
	uint8_t b[64], pay[16], other[16];
	struct packet *p;
	size_t n;

	memset(pay, 1, sizeof(pay));
	memset(other, 2, sizeof(other));
	n = v4_frag(b, 9, 0, 1, pay, 16);
	p = v4_run(r, b, n, n, 0);
	n = v4_frag(b, 9, 0, 1, pay, 16);	/* same bytes again */
	p = v4_run(r, b, n, n, 0);
	CHECK_EQ(v4_anom(p, "ipv4.frag_overlap"), AK_NOTE);
	n = v4_frag(b, 9, 8, 1, other, 16);	/* differs on 8..15 */
	p = v4_run(r, b, n, n, 0);
	CHECK_EQ(v4_anom(p, "ipv4.frag_overlap"), AK_MALFORMED);
	CHECK_EQ(reasm_stats(r)->overlap_conflicts, 1);
	reasm_free(r);
}

TEST(ipv4_fragment_past_65535)
{
	struct reasm *r = reasm_new(16, 1 << 20, 30000);
	uint8_t b[64], pay[24];
	struct packet *p;
	size_t n;

	memset(pay, 0, sizeof(pay));
	/* offset 65512 + 20 header + 24 bytes = 65556 > 65535 */
	n = v4_frag(b, 1, 65512, 0, pay, 24);
	p = v4_run(r, b, n, n, 0);
	CHECK_EQ(v4_anom(p, "ipv4.frag_too_long"), AK_MALFORMED);
	CHECK_EQ(p->layers[0].status, DS_MALFORMED);
	CHECK_EQ(reasm_stats(r)->fragments, 0);
	reasm_free(r);
}

TEST(ipv4_fragment_payload_cut_not_reassembled)
{
	struct reasm *r = reasm_new(16, 1 << 20, 30000);
	uint8_t b[64], pay[16];
	struct packet *p;
	size_t n;

	memset(pay, 0, sizeof(pay));
	n = v4_frag(b, 2, 0, 1, pay, 16);
	p = v4_run(r, b, n - 1, n, 0);
	CHECK_EQ(p->layers[0].status, DS_TRUNCATED);
	CHECK_EQ(v4_anom(p, "ipv4.truncated"), AK_TRUNCATED);
	CHECK_EQ(reasm_stats(r)->fragments, 0);
	reasm_free(r);
}

TEST(ipv4_in_ipv4)
{
	uint8_t b[48];
	struct packet *p;

	/* outer: 20 bytes, proto 4, total 48; checksum by the helper's
	 * rule is not needed: only the layering is checked here */
	memset(b, 0, 20);
	b[0] = 0x45;
	b[3] = 48;
	b[8] = 64;
	b[9] = 4;
	memcpy(b + 20, v4_udp, 28);
	p = v4_run(NULL, b, sizeof(b), sizeof(b), 0);
	CHECK_EQ(p->nlayers, 3);
	CHECK_EQ(p->layers[1].proto, PROTO_IPV4);
	CHECK_EQ(p->layers[1].u.ipv4.id, 0x1c46);
	CHECK_EQ(p->layers[2].proto, PROTO_UDP);
}
