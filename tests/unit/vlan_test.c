/* vlan_test.c - dissectors/vlan.c: 802.1Q, QinQ towers, depth cap,
 * truncation inside a tag. */
#include <string.h>

#include "dissect.h"
#include "prefs.h"
#include "textbuf.h"
#include "unit.h"

static struct prefs vl_prefs;
static struct frame vl_frame;
static struct packet vl_pkt;

static struct packet *
vl_run(const uint8_t *b, size_t cap, size_t len)
{
	struct dctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	prefs_default(&vl_prefs);
	ctx.prefs = &vl_prefs;
	vl_frame = (struct frame){ .number = 1, .caplen = (uint32_t)cap,
	    .len = (uint32_t)len, .linktype = TS_LINKTYPE_ETHERNET, .data = b };
	dissect_frame(&ctx, &vl_frame, &vl_pkt);
	return &vl_pkt;
}

static int
vl_anom(const struct packet *p, const char *name)
{
	unsigned i;

	for (i = 0; i < p->nanom; i++)
		if (strcmp(p->anom[i].name, name) == 0)
			return p->anom[i].kind;
	return 0;
}

/* MACs, then ntags (tpid, tci) pairs, then the inner type and 46 zero
 * bytes of payload.  Returns the frame length. */
static size_t
vl_build(uint8_t *b, const uint16_t *tpid, const uint16_t *tci,
    size_t ntags, uint16_t inner)
{
	size_t i, n = 12;

	memset(b, 0, 12 + 4 * ntags + 2 + 46);
	b[0] = 0x02;
	b[6] = 0x04;
	for (i = 0; i < ntags; i++) {
		b[n++] = (uint8_t)(tpid[i] >> 8);
		b[n++] = (uint8_t)tpid[i];
		b[n++] = (uint8_t)(tci[i] >> 8);
		b[n++] = (uint8_t)tci[i];
	}
	b[n++] = (uint8_t)(inner >> 8);
	b[n++] = (uint8_t)inner;
	return n + 46;
}

TEST(vlan_single_8021q)
{
	static const uint16_t tp[1] = { 0x8100 }, tci[1] = { 0x3064 };
	uint8_t b[128];
	size_t n = vl_build(b, tp, tci, 1, 0x88cc);
	struct packet *p = vl_run(b, n, n);
	const struct vlan_info *v = &p->layers[1].u.vlan;
	char buf[128];
	struct textbuf tb;

	CHECK_EQ(p->layers[0].u.eth.type, 0x8100);
	CHECK_EQ(p->layers[1].proto, PROTO_VLAN);
	CHECK_EQ(p->layers[1].status, DS_OK);
	CHECK_EQ(v->tpid, 0x8100);
	CHECK_EQ(v->pcp, 1);		/* 0x3064: 001 1 000001100100 */
	CHECK_EQ(v->dei, 1);
	CHECK_EQ(v->vid, 100);
	CHECK_EQ(v->type, 0x88cc);
	CHECK_EQ(p->layers[2].proto, PROTO_DATA);
	CHECK_EQ(p->layers[2].off, 18);
	tb_init(&tb, buf, sizeof(buf));
	p->layers[1].d->detail(&p->layers[1], &tb);
	CHECK_STR(buf, "  VLAN: tpid=0x8100 (802.1Q) pcp=1 dei=1 vid=100 "
	    "type=0x88cc\n");
}

TEST(vlan_qinq_88a8_8100)
{
	static const uint16_t tp[2] = { 0x88a8, 0x8100 };
	static const uint16_t tci[2] = { 0x000a, 0xe014 };
	uint8_t b[128];
	size_t n = vl_build(b, tp, tci, 2, 0x0806);
	struct packet *p = vl_run(b, n, n);

	CHECK_EQ(p->layers[1].u.vlan.tpid, 0x88a8);
	CHECK_EQ(p->layers[1].u.vlan.vid, 10);
	CHECK_EQ(p->layers[1].u.vlan.type, 0x8100);
	CHECK_EQ(p->layers[2].proto, PROTO_VLAN);
	CHECK_EQ(p->layers[2].u.vlan.tpid, 0x8100);
	CHECK_EQ(p->layers[2].u.vlan.pcp, 7);
	CHECK_EQ(p->layers[2].u.vlan.vid, 20);
	CHECK_EQ(p->layers[3].proto, PROTO_ARP);
}

TEST(vlan_9100_and_9200)
{
	static const uint16_t tp[2] = { 0x9100, 0x9200 };
	static const uint16_t tci[2] = { 0x0fff, 0x0001 };
	uint8_t b[128];
	size_t n = vl_build(b, tp, tci, 2, 0x88cc);
	struct packet *p = vl_run(b, n, n);

	CHECK_EQ(p->layers[1].proto, PROTO_VLAN);
	CHECK_EQ(p->layers[1].u.vlan.tpid, 0x9100);
	CHECK_EQ(p->layers[1].u.vlan.vid, 4095);
	CHECK_EQ(p->layers[2].proto, PROTO_VLAN);
	CHECK_EQ(p->layers[2].u.vlan.tpid, 0x9200);
	CHECK_EQ(p->layers[2].u.vlan.vid, 1);
	CHECK_EQ(p->layers[3].proto, PROTO_DATA);
}

TEST(vlan_tower_depth_5)
{
	static const uint16_t tp[5] = { 0x88a8, 0x8100, 0x8100, 0x8100,
	    0x9100 };
	static const uint16_t tci[5] = { 1, 2, 3, 4, 5 };
	uint8_t b[128];
	size_t n = vl_build(b, tp, tci, 5, 0x88cc), i;
	struct packet *p = vl_run(b, n, n);

	CHECK_EQ(p->nlayers, 7);
	for (i = 0; i < 5; i++) {
		CHECK_EQ(p->layers[1 + i].proto, PROTO_VLAN);
		CHECK_EQ(p->layers[1 + i].u.vlan.tpid, tp[i]);
		CHECK_EQ(p->layers[1 + i].u.vlan.vid, tci[i]);
		CHECK_EQ(p->layers[1 + i].off, 14 + 4 * i);
	}
	CHECK_EQ(p->layers[6].proto, PROTO_DATA);
	CHECK_EQ(p->nanom, 0);
}

TEST(vlan_too_deep_is_cut)
{
	uint16_t tp[10], tci[10];
	uint8_t b[160];
	size_t n, i;
	struct packet *p;

	for (i = 0; i < 10; i++) {
		tp[i] = 0x8100;
		tci[i] = (uint16_t)(i + 1);
	}
	n = vl_build(b, tp, tci, 10, 0x88cc);
	p = vl_run(b, n, n);
	CHECK_EQ(vl_anom(p, "vlan.too_deep"), AK_NOTE);
	CHECK_EQ(p->nlayers, 1 + 8 + 1);
	CHECK_EQ(p->layers[8].u.vlan.vid, 8);
	CHECK_EQ(p->layers[9].proto, PROTO_DATA);
	/* exactly 8 is fine */
	n = vl_build(b, tp, tci, 8, 0x88cc);
	p = vl_run(b, n, n);
	CHECK_EQ(vl_anom(p, "vlan.too_deep"), 0);
}

TEST(vlan_truncated_inside_tag)
{
	static const uint16_t tp[1] = { 0x8100 }, tci[1] = { 100 };
	uint8_t b[128];
	size_t n = vl_build(b, tp, tci, 1, 0x0800), k;

	for (k = 14; k < 18; k++) {
		struct packet *p = vl_run(b, k, n);

		CHECK_EQ(p->nlayers, 2);
		CHECK_EQ(p->layers[1].status, DS_TRUNCATED);
		CHECK_EQ(vl_anom(p, "vlan.truncated"), AK_TRUNCATED);
	}
	for (k = 14; k < 18; k++) {
		struct packet *p = vl_run(b, k, k);

		CHECK_EQ(p->layers[1].status, DS_MALFORMED);
		CHECK_EQ(vl_anom(p, "vlan.malformed"), AK_MALFORMED);
	}
}

TEST(vlan_8023_length_inside_tag)
{
	static const uint16_t tp[1] = { 0x8100 }, tci[1] = { 7 };
	uint8_t b[128];
	size_t n = vl_build(b, tp, tci, 1, 0x0010);
	struct packet *p = vl_run(b, n, n);

	CHECK_EQ(p->layers[1].u.vlan.llc, 1);
	CHECK_EQ(vl_anom(p, "vlan.llc"), AK_NOTE);
	CHECK_EQ(p->layers[2].u.data.len, 16);
	n = vl_build(b, tp, tci, 1, 0x0100);	/* 256 > 46 */
	p = vl_run(b, n, n);
	CHECK_EQ(vl_anom(p, "vlan.bad_length"), AK_MALFORMED);
}
