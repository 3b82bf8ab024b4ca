/* arp_test.c - dissectors/arp.c: requests, replies, generic types,
 * lengths, truncation, EV_ARP. */
#include <string.h>

#include "dissect.h"
#include "event.h"
#include "prefs.h"
#include "textbuf.h"
#include "unit.h"

static struct prefs arp_prefs;
static struct frame arp_frame;
static struct packet arp_pkt;
static unsigned arp_nev;
static uint16_t arp_last_op;

static void
arp_emit(void *arg, const struct event *ev)
{
	(void)arg;
	if (ev->kind == EV_ARP) {
		arp_nev++;
		arp_last_op = ev->layer->u.arp.op;
	}
}

static struct packet *
arp_run(const uint8_t *b, size_t cap, size_t len)
{
	struct dctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	prefs_default(&arp_prefs);
	ctx.prefs = &arp_prefs;
	ctx.emit = arp_emit;
	arp_frame = (struct frame){ .number = 1, .caplen = (uint32_t)cap,
	    .len = (uint32_t)len, .linktype = TS_LINKTYPE_ETHERNET, .data = b };
	dissect_frame(&ctx, &arp_frame, &arp_pkt);
	return &arp_pkt;
}

static int
arp_anom(const struct packet *p, const char *name)
{
	unsigned i;

	for (i = 0; i < p->nanom; i++)
		if (strcmp(p->anom[i].name, name) == 0)
			return p->anom[i].kind;
	return 0;
}

static const char *
arp_text(const struct layer *l)
{
	static char buf[256];
	struct textbuf tb;

	tb_init(&tb, buf, sizeof(buf));
	l->d->info(l, &tb);
	return buf;
}

/* Broadcast request: who-has 192.168.200.3 tell 192.168.200.1 from
 * aa:bb:cc:dd:ee:01, padded to 60 bytes. */
static const uint8_t arp_req[60] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x01,
	0x08, 0x06,
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
	0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x01, 192, 168, 200, 1,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 192, 168, 200, 3,
};

/* Reply: 192.168.200.3 is-at aa:bb:cc:dd:ee:03. */
static const uint8_t arp_rep[42] = {
	0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x01, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x03,
	0x08, 0x06,
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x02,
	0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x03, 192, 168, 200, 3,
	0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x01, 192, 168, 200, 1,
};

TEST(arp_request_decoded)
{
	struct packet *p;
	const struct arp_info *a;
	char s[32], d[32];
	struct textbuf ts, td;

	arp_nev = 0;
	p = arp_run(arp_req, 60, 60);
	a = &p->layers[1].u.arp;
	CHECK_EQ(p->nlayers, 2);
	CHECK_EQ(p->layers[1].proto, PROTO_ARP);
	CHECK_EQ(p->layers[1].status, DS_OK);
	CHECK_EQ(p->layers[1].len, 28);		/* padding not counted */
	CHECK_EQ(a->htype, 1);
	CHECK_EQ(a->ptype, 0x0800);
	CHECK_EQ(a->op, 1);
	CHECK_EQ(a->eth_ipv4, 1);
	CHECK_EQ(a->spa, 0xc0a8c801);
	CHECK_EQ(a->tpa, 0xc0a8c803);
	CHECK_EQ(a->sha[5], 0x01);
	CHECK_STR(arp_text(&p->layers[1]),
	    "who-has 192.168.200.3 tell 192.168.200.1");
	CHECK_EQ(arp_nev, 1);
	CHECK_EQ(arp_last_op, 1);
	tb_init(&ts, s, sizeof(s));
	tb_init(&td, d, sizeof(d));
	p->layers[1].d->endpoints(&p->layers[1], &ts, &td);
	CHECK_STR(s, "192.168.200.1");
	CHECK_STR(d, "192.168.200.3");
}

TEST(arp_reply_decoded)
{
	struct packet *p;

	arp_nev = 0;
	p = arp_run(arp_rep, 42, 42);
	CHECK_EQ(p->layers[1].u.arp.op, 2);
	CHECK_STR(arp_text(&p->layers[1]),
	    "192.168.200.3 is-at aa:bb:cc:dd:ee:03");
	CHECK_EQ(arp_nev, 1);
	CHECK_EQ(arp_last_op, 2);
}

TEST(arp_truncated_at_every_byte)
{
	size_t k;

	for (k = 14; k < 42; k++) {
		struct packet *p;

		arp_nev = 0;
		p = arp_run(arp_rep, k, 42);
		CHECK_EQ(p->layers[1].status, DS_TRUNCATED);
		CHECK_EQ(arp_anom(p, "arp.truncated"), AK_TRUNCATED);
		CHECK_EQ(arp_nev, 0);
		/* and the frame itself ends there: malformed */
		p = arp_run(arp_rep, k, k);
		CHECK_EQ(p->layers[1].status, DS_MALFORMED);
		CHECK_EQ(arp_anom(p, "arp.malformed"), AK_MALFORMED);
	}
}

TEST(arp_lying_lengths)
{
	uint8_t b[60];
	struct packet *p;

	memcpy(b, arp_req, sizeof(b));
	b[18] = 8;			/* hlen 8 for Ethernet */
	p = arp_run(b, 60, 60);
	CHECK_EQ(arp_anom(p, "arp.bad_lengths"), AK_MALFORMED);
	CHECK_EQ(p->layers[1].u.arp.eth_ipv4, 0);
	CHECK_EQ(p->layers[1].len, 8 + 16 + 8);
	b[18] = 200;			/* 8 + 400 + 8 bytes: past the frame */
	p = arp_run(b, 60, 60);
	CHECK_EQ(p->layers[1].status, DS_MALFORMED);
	CHECK_EQ(arp_anom(p, "arp.malformed"), AK_MALFORMED);
}

TEST(arp_generic_hardware_type)
{
	uint8_t b[60];
	struct packet *p;

	memcpy(b, arp_req, sizeof(b));
	b[15] = 6;			/* IEEE 802 networks */
	arp_nev = 0;
	p = arp_run(b, 60, 60);
	CHECK_EQ(p->layers[1].status, DS_OK);
	CHECK_EQ(p->layers[1].u.arp.eth_ipv4, 0);
	CHECK_EQ(arp_anom(p, "arp.bad_lengths"), 0);
	CHECK_STR(arp_text(&p->layers[1]),
	    "htype 6 ptype 0x0800 op 1 (request)");
	CHECK_EQ(arp_nev, 1);
	/* RARP-style opcode 3: no event */
	memcpy(b, arp_req, sizeof(b));
	b[21] = 3;
	arp_nev = 0;
	p = arp_run(b, 60, 60);
	CHECK_EQ(arp_nev, 0);
}
