/* eth_test.c - dissectors/eth.c: Ethernet II, 802.3 + LLC, pseudowire
 * entry points, every truncation point. */
#include <string.h>

#include "dissect.h"
#include "prefs.h"
#include "textbuf.h"
#include "unit.h"

static struct prefs eth_prefs;
static struct frame eth_frame;
static struct packet eth_pkt;

static struct packet *
eth_run(const uint8_t *b, size_t cap, size_t len, enum dtable t,
    uint32_t key)
{
	struct dctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	prefs_default(&eth_prefs);
	ctx.prefs = &eth_prefs;
	eth_frame = (struct frame){ .number = 1, .caplen = (uint32_t)cap,
	    .len = (uint32_t)len, .linktype = TS_LINKTYPE_ETHERNET, .data = b };
	dissect_bytes(&ctx, &eth_frame, &eth_pkt, t, key);
	return &eth_pkt;
}

static int
eth_anom(const struct packet *p, const char *name)
{
	unsigned i;

	for (i = 0; i < p->nanom; i++)
		if (strcmp(p->anom[i].name, name) == 0)
			return p->anom[i].kind;
	return 0;
}

static const char *
eth_text(const struct layer *l, int detail)
{
	static char buf[256];
	struct textbuf tb;

	tb_init(&tb, buf, sizeof(buf));
	if (detail)
		l->d->detail(l, &tb);
	else
		l->d->info(l, &tb);
	return buf;
}

/* 00:11:22:33:44:55 <- 66:77:88:99:aa:bb, IPv4 (10.0.0.1 -> 10.0.0.2,
 * proto 89, total length 20, checksum by hand: 4500 + 0014 + 0000 +
 * 4000 + 4059 + 0a00 + 0001 + 0a00 + 0002 = 0xd970 (no carry),
 * ~ = 0x268f), padded to 60. */
static uint8_t eth_ip[60] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb,
	0x08, 0x00,
	0x45, 0x00, 0x00, 0x14, 0x00, 0x00, 0x40, 0x00, 0x40, 0x59, 0x26, 0x8f,
	0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
};

TEST(eth_ii_fields_and_ipv4)
{
	struct packet *p = eth_run(eth_ip, 60, 60, DT_LINKTYPE,
	    TS_LINKTYPE_ETHERNET);
	const struct eth_info *e = &p->layers[0].u.eth;
	char s[32], d[32];
	struct textbuf ts, td;

	CHECK_EQ(p->layers[0].proto, PROTO_ETH);
	CHECK_EQ(p->layers[0].status, DS_OK);
	CHECK_EQ(e->dst[0], 0x00);
	CHECK_EQ(e->dst[5], 0x55);
	CHECK_EQ(e->src[0], 0x66);
	CHECK_EQ(e->src[5], 0xbb);
	CHECK_EQ(e->type, 0x0800);
	CHECK_EQ(e->llc, 0);
	CHECK_EQ(p->nlayers, 2);
	CHECK_EQ(p->layers[1].proto, PROTO_IPV4);
	CHECK_EQ(p->layers[1].off, 14);
	CHECK_EQ(p->layers[1].len, 20);
	CHECK_EQ(p->layers[1].u.ipv4.cksum_status, L4CK_GOOD);
	CHECK_EQ(p->nanom, 0);
	CHECK_STR(eth_text(&p->layers[0], 1), "  Ethernet: "
	    "dst=00:11:22:33:44:55 src=66:77:88:99:aa:bb type=0x0800 (IPv4)\n");
	tb_init(&ts, s, sizeof(s));
	tb_init(&td, d, sizeof(d));
	p->layers[0].d->endpoints(&p->layers[0], &ts, &td);
	CHECK_STR(s, "66:77:88:99:aa:bb");
	CHECK_STR(d, "00:11:22:33:44:55");
	CHECK(p->layers[0].d->role & DR_LINK);
}

TEST(eth_truncated_at_every_header_byte)
{
	size_t k;

	for (k = 0; k < 14; k++) {
		struct packet *p = eth_run(eth_ip, k, 60, DT_LINKTYPE,
		    TS_LINKTYPE_ETHERNET);

		CHECK_EQ(p->nlayers, 1);
		CHECK_EQ(p->layers[0].status, DS_TRUNCATED);
		CHECK_EQ(eth_anom(p, "eth.truncated"), AK_TRUNCATED);
		CHECK(!p->malformed);
	}
}

TEST(eth_frame_shorter_than_header)
{
	size_t k;

	for (k = 0; k < 14; k++) {
		struct packet *p = eth_run(eth_ip, k, k, DT_LINKTYPE,
		    TS_LINKTYPE_ETHERNET);

		CHECK_EQ(p->layers[0].status, DS_MALFORMED);
		CHECK_EQ(eth_anom(p, "eth.malformed"), AK_MALFORMED);
	}
}

TEST(eth_unknown_type_is_data)
{
	uint8_t b[60];
	struct packet *p;

	memcpy(b, eth_ip, sizeof(b));
	b[12] = 0x88;
	b[13] = 0xcc;			/* LLDP: not ours */
	p = eth_run(b, 60, 60, DT_LINKTYPE, TS_LINKTYPE_ETHERNET);
	CHECK_EQ(p->nlayers, 2);
	CHECK_EQ(p->layers[1].proto, PROTO_DATA);
	CHECK_EQ(p->layers[1].u.data.len, 46);
	CHECK_STR(eth_text(&p->layers[0], 0), "ethertype 0x88cc (LLDP)");
}

/* 802.3: length 38 (0x0026) of LLC (STP-like 42 42 03), 8 bytes padding. */
TEST(eth_8023_llc_left_as_data)
{
	uint8_t b[60];
	struct packet *p;

	memset(b, 0, sizeof(b));
	memcpy(b, eth_ip, 12);
	b[12] = 0x00;
	b[13] = 0x26;
	b[14] = 0x42;
	b[15] = 0x42;
	b[16] = 0x03;
	p = eth_run(b, 60, 60, DT_LINKTYPE, TS_LINKTYPE_ETHERNET);
	CHECK_EQ(p->layers[0].status, DS_OK);
	CHECK_EQ(p->layers[0].u.eth.llc, 1);
	CHECK_EQ(p->layers[0].u.eth.length, 38);
	CHECK_EQ(p->layers[0].len, 52);
	CHECK_EQ(eth_anom(p, "eth.llc"), AK_NOTE);
	CHECK(!p->malformed);
	CHECK_EQ(p->nlayers, 2);
	CHECK_EQ(p->layers[1].proto, PROTO_DATA);
	CHECK_EQ(p->layers[1].u.data.len, 38);
	CHECK_STR(eth_text(&p->layers[0], 0), "802.3 LLC, length 38");
	/* the length lies: 1500 bytes in a 60-byte frame */
	b[12] = 0x05;
	b[13] = 0xdc;
	p = eth_run(b, 60, 60, DT_LINKTYPE, TS_LINKTYPE_ETHERNET);
	CHECK_EQ(p->layers[0].status, DS_MALFORMED);
	CHECK_EQ(eth_anom(p, "eth.bad_length"), AK_MALFORMED);
	/* 47 = one more than the 46 left */
	b[12] = 0x00;
	b[13] = 47;
	p = eth_run(b, 60, 60, DT_LINKTYPE, TS_LINKTYPE_ETHERNET);
	CHECK_EQ(eth_anom(p, "eth.bad_length"), AK_MALFORMED);
	b[13] = 46;
	p = eth_run(b, 60, 60, DT_LINKTYPE, TS_LINKTYPE_ETHERNET);
	CHECK_EQ(eth_anom(p, "eth.bad_length"), 0);
}

TEST(eth_pseudowire_types_4_and_5)
{
	struct packet *p = eth_run(eth_ip, 60, 60, DT_PW_TYPE, 5);

	CHECK_EQ(p->layers[0].proto, PROTO_ETH);
	CHECK_EQ(p->layers[1].proto, PROTO_IPV4);
	p = eth_run(eth_ip, 60, 60, DT_PW_TYPE, 4);
	CHECK_EQ(p->layers[0].proto, PROTO_ETH);
	CHECK_EQ(p->layers[1].proto, PROTO_IPV4);
}
