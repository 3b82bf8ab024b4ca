/* linktype_test.c - dissectors/sll.c, null.c, rawip.c and the link types
 * 228/229; then a cross-check of the link and network dissectors on
 * public captures against tshark 4.0's decoding (values written below
 * from `tshark -r FILE -T fields -e ...`; skipped when the corpus is
 * absent). */
#include <stdio.h>
#include <string.h>

#include <pcap/pcap.h>

#include "dissect.h"
#include "prefs.h"
#include "reasm.h"
#include "textbuf.h"
#include "unit.h"

static struct prefs lt_prefs;
static struct frame lt_frame;
static struct packet lt_pkt;

static struct packet *
lt_run(struct reasm *r, int linktype, const uint8_t *b, size_t cap,
    size_t len)
{
	struct dctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	prefs_default(&lt_prefs);
	ctx.prefs = &lt_prefs;
	ctx.reasm = r;
	lt_frame = (struct frame){ .number = 1, .caplen = (uint32_t)cap,
	    .len = (uint32_t)len, .linktype = linktype, .data = b };
	dissect_frame(&ctx, &lt_frame, &lt_pkt);
	return &lt_pkt;
}

static int
lt_anom(const struct packet *p, const char *name)
{
	unsigned i;

	for (i = 0; i < p->nanom; i++)
		if (strcmp(p->anom[i].name, name) == 0)
			return p->anom[i].kind;
	return 0;
}

/* IPv4 127.0.0.1 -> 127.0.0.1, proto 89, total length 20; checksum by
 * hand: 4500 + 0014 + 0000 + 4000 + 4059 = 0xc56d; + 7f00 + 0001 + 7f00
 * + 0001 = 0x1c36f, folded 0xc370, ~ = 0x3c8f. */
static const uint8_t lt_ip4[20] = {
	0x45, 0x00, 0x00, 0x14, 0x00, 0x00, 0x40, 0x00, 0x40, 0x59, 0x3c, 0x8f,
	0x7f, 0x00, 0x00, 0x01, 0x7f, 0x00, 0x00, 0x01,
};

/* IPv6 ::1 -> ::1, no next header, payload length 0. */
static const uint8_t lt_ip6[40] = {
	0x60, 0, 0, 0, 0x00, 0x00, 59, 64,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
};

static size_t
lt_cat(uint8_t *b, const uint8_t *h, size_t hn, const uint8_t *p, size_t pn)
{
	memcpy(b, h, hn);
	memcpy(b + hn, p, pn);
	return hn + pn;
}

TEST(linktype_sll)
{
	/* outgoing (4), ARPHRD_ETHER (1), halen 6, 02:00:00:00:00:01, IPv4 */
	static const uint8_t h[16] = { 0x00, 0x04, 0x00, 0x01, 0x00, 0x06,
	    0x02, 0, 0, 0, 0, 0x01, 0, 0, 0x08, 0x00 };
	uint8_t b[64];
	size_t n = lt_cat(b, h, 16, lt_ip4, 20), k;
	struct packet *p = lt_run(NULL, TS_LINKTYPE_LINUX_SLL, b, n, n);
	char buf[128];
	struct textbuf tb;

	CHECK_EQ(p->layers[0].proto, PROTO_SLL);
	CHECK_EQ(p->layers[0].u.sll.pkttype, 4);
	CHECK_EQ(p->layers[0].u.sll.hatype, 1);
	CHECK_EQ(p->layers[0].u.sll.halen, 6);
	CHECK_EQ(p->layers[0].u.sll.addr[5], 1);
	CHECK_EQ(p->layers[0].u.sll.protocol, 0x0800);
	CHECK_EQ(p->layers[1].proto, PROTO_IPV4);
	CHECK_EQ(p->layers[1].u.ipv4.cksum_status, L4CK_GOOD);
	tb_init(&tb, buf, sizeof(buf));
	p->layers[0].d->detail(&p->layers[0], &tb);
	CHECK_STR(buf, "  SLL: pkttype=4 (outgoing) hatype=1 halen=6 "
	    "addr=02:00:00:00:00:01 protocol=0x0800\n");
	for (k = 0; k < 16; k++) {
		p = lt_run(NULL, TS_LINKTYPE_LINUX_SLL, b, k, n);
		CHECK_EQ(p->layers[0].status, DS_TRUNCATED);
		CHECK_EQ(lt_anom(p, "sll.truncated"), AK_TRUNCATED);
		p = lt_run(NULL, TS_LINKTYPE_LINUX_SLL, b, k, k);
		CHECK_EQ(p->layers[0].status, DS_MALFORMED);
		CHECK_EQ(lt_anom(p, "sll.malformed"), AK_MALFORMED);
	}
	/* protocol 0x0004 (802.2 LLC): data */
	b[14] = 0x00;
	b[15] = 0x04;
	p = lt_run(NULL, TS_LINKTYPE_LINUX_SLL, b, n, n);
	CHECK_EQ(p->layers[1].proto, PROTO_DATA);
	/* 20-byte address (InfiniBand): noted */
	b[5] = 20;
	p = lt_run(NULL, TS_LINKTYPE_LINUX_SLL, b, n, n);
	CHECK_EQ(lt_anom(p, "sll.long_addr"), AK_NOTE);
}

TEST(linktype_sll2)
{
	/* protocol 0x86dd, reserved, ifindex 3, hatype 772 (loopback),
	 * pkttype 0, halen 6, zero address */
	static const uint8_t h[20] = { 0x86, 0xdd, 0, 0, 0, 0, 0, 3,
	    0x03, 0x04, 0x00, 0x06, 0, 0, 0, 0, 0, 0, 0, 0 };
	uint8_t b[64];
	size_t n = lt_cat(b, h, 20, lt_ip6, 40), k;
	struct packet *p = lt_run(NULL, TS_LINKTYPE_LINUX_SLL2, b, n, n);

	CHECK_EQ(p->layers[0].proto, PROTO_SLL2);
	CHECK_EQ(p->layers[0].u.sll.protocol, 0x86dd);
	CHECK_EQ(p->layers[0].u.sll.ifindex, 3);
	CHECK_EQ(p->layers[0].u.sll.hatype, 772);
	CHECK_EQ(p->layers[0].u.sll.pkttype, 0);
	CHECK_EQ(p->layers[0].u.sll.halen, 6);
	CHECK_EQ(p->layers[1].proto, PROTO_IPV6);
	CHECK_EQ(p->layers[1].u.ipv6.proto, 59);
	for (k = 0; k < 20; k++) {
		p = lt_run(NULL, TS_LINKTYPE_LINUX_SLL2, b, k, n);
		CHECK_EQ(p->layers[0].status, DS_TRUNCATED);
		CHECK_EQ(lt_anom(p, "sll2.truncated"), AK_TRUNCATED);
		p = lt_run(NULL, TS_LINKTYPE_LINUX_SLL2, b, k, k);
		CHECK_EQ(p->layers[0].status, DS_MALFORMED);
	}
}

TEST(linktype_null_both_byte_orders)
{
	static const struct { uint8_t h[4]; int ip6; } cases[] = {
		{ { 2, 0, 0, 0 }, 0 },		/* little-endian writer */
		{ { 0, 0, 0, 2 }, 0 },		/* big-endian writer */
		{ { 24, 0, 0, 0 }, 1 },		/* NetBSD/OpenBSD */
		{ { 0, 0, 0, 28 }, 1 },		/* FreeBSD, big-endian */
		{ { 30, 0, 0, 0 }, 1 },		/* macOS */
	};
	uint8_t b[64];
	size_t i, n, k;
	struct packet *p;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = cases[i].ip6 ? lt_cat(b, cases[i].h, 4, lt_ip6, 40) :
		    lt_cat(b, cases[i].h, 4, lt_ip4, 20);
		p = lt_run(NULL, TS_LINKTYPE_NULL, b, n, n);
		CHECK_EQ(p->layers[0].proto, PROTO_NULL);
		CHECK_EQ(p->layers[0].status, DS_OK);
		CHECK_EQ(p->layers[1].proto,
		    cases[i].ip6 ? PROTO_IPV6 : PROTO_IPV4);
	}
	CHECK_EQ(p->layers[0].u.null.family, 30);
	for (k = 0; k < 4; k++) {
		p = lt_run(NULL, TS_LINKTYPE_NULL, b, k, n);
		CHECK_EQ(p->layers[0].status, DS_TRUNCATED);
		CHECK_EQ(lt_anom(p, "null.truncated"), AK_TRUNCATED);
	}
	/* unknown family (AF_APPLETALK 16): data */
	n = lt_cat(b, (const uint8_t *)"\x10\0\0\0", 4, lt_ip4, 20);
	p = lt_run(NULL, TS_LINKTYPE_NULL, b, n, n);
	CHECK_EQ(p->layers[1].proto, PROTO_DATA);
}

TEST(linktype_loop_network_order)
{
	uint8_t b[64];
	size_t n = lt_cat(b, (const uint8_t *)"\0\0\0\x18", 4, lt_ip6, 40);
	struct packet *p = lt_run(NULL, TS_LINKTYPE_LOOP, b, n, n);

	CHECK_EQ(p->layers[0].proto, PROTO_NULL);
	CHECK_EQ(p->layers[0].u.null.family, 24);
	CHECK_EQ(p->layers[1].proto, PROTO_IPV6);
	/* little-endian 2 in LOOP is family 0x02000000: not IPv4 */
	n = lt_cat(b, (const uint8_t *)"\x02\0\0\0", 4, lt_ip4, 20);
	p = lt_run(NULL, TS_LINKTYPE_LOOP, b, n, n);
	CHECK_EQ(p->layers[1].proto, PROTO_DATA);
	p = lt_run(NULL, TS_LINKTYPE_LOOP, b, 2, n);
	CHECK_EQ(lt_anom(p, "loop.truncated"), AK_TRUNCATED);
}

TEST(linktype_raw_peeks_version)
{
	static const int lts[3] = { TS_LINKTYPE_RAW, TS_DLT_RAW_BSD,
	    TS_DLT_RAW_OPENBSD };
	uint8_t b[64];
	size_t i;
	struct packet *p;

	for (i = 0; i < 3; i++) {
		p = lt_run(NULL, lts[i], lt_ip4, 20, 20);
		CHECK_EQ(p->layers[0].proto, PROTO_IPV4);
		CHECK_EQ(p->layers[0].u.ipv4.src, 0x7f000001);
		CHECK_STR(p->layers[0].d->name, "ipv4");
		p = lt_run(NULL, lts[i], lt_ip6, 40, 40);
		CHECK_EQ(p->layers[0].proto, PROTO_IPV6);
		CHECK_EQ(p->nlayers, 1);
	}
	memcpy(b, lt_ip4, 20);
	b[0] = 0x55;
	p = lt_run(NULL, TS_LINKTYPE_RAW, b, 20, 20);
	CHECK_EQ(p->layers[0].proto, PROTO_DATA);
	CHECK_EQ(lt_anom(p, "rawip.bad_version"), AK_MALFORMED);
	p = lt_run(NULL, TS_LINKTYPE_RAW, b, 0, 20);
	CHECK_EQ(lt_anom(p, "rawip.truncated"), AK_TRUNCATED);
	/* IPv4 cut inside its header: the IPv4 dissector reports it */
	p = lt_run(NULL, TS_LINKTYPE_RAW, lt_ip4, 10, 20);
	CHECK_EQ(p->layers[0].proto, PROTO_IPV4);
	CHECK_EQ(lt_anom(p, "ipv4.truncated"), AK_TRUNCATED);
}

TEST(linktype_ipv4_ipv6_direct)
{
	struct packet *p = lt_run(NULL, TS_LINKTYPE_IPV4, lt_ip4, 20, 20);

	CHECK_EQ(p->layers[0].proto, PROTO_IPV4);
	p = lt_run(NULL, TS_LINKTYPE_IPV6, lt_ip6, 40, 40);
	CHECK_EQ(p->layers[0].proto, PROTO_IPV6);
	/* an IPv6 packet on the IPv4 link type is a bad version */
	p = lt_run(NULL, TS_LINKTYPE_IPV4, lt_ip6, 40, 40);
	CHECK_EQ(lt_anom(p, "ipv4.bad_version"), AK_MALFORMED);
}

/* ---- corpus cross-checks ------------------------------------------- */

#define CORPUS	"/work/shared/corpus/other/"

struct lt_file {
	pcap_t		*pc;
	struct reasm	*r;
	unsigned	 n;
};

static int
lt_open(struct lt_file *f, const char *path)
{
	char err[PCAP_ERRBUF_SIZE];

	if ((f->pc = pcap_open_offline(path, err)) == NULL) {
		printf("# skipped: %s absent (%s)\n", path, err);
		return 0;
	}
	f->r = reasm_new(64, 1 << 22, 30000);
	f->n = 0;
	return 1;
}

/* Dissect the next frame; NULL at the end. */
static struct packet *
lt_next(struct lt_file *f)
{
	struct pcap_pkthdr *h;
	const u_char *d;

	if (pcap_next_ex(f->pc, &h, &d) != 1)
		return NULL;
	f->n++;
	return lt_run(f->r, pcap_datalink(f->pc), d, h->caplen, h->len);
}

static void
lt_close(struct lt_file *f)
{
	pcap_close(f->pc);
	reasm_free(f->r);
}

static const struct layer *
lt_find(const struct packet *p, unsigned proto, unsigned nth)
{
	unsigned i;

	for (i = 0; i < p->nlayers; i++)
		if (p->layers[i].proto == proto && nth-- == 0)
			return &p->layers[i];
	return NULL;
}

/* tshark: 1 2.1.1.2>2.1.1.1 id 0xb5d0 off 0 MF; 2 same id, offset field
 * 122 (976 bytes), reassembled length 1408 from 2 fragments, ICMP type 8;
 * 3 2.1.1.1>2.1.1.2 id 0x83f6 unfragmented ICMP; all checksums good. */
TEST(linktype_corpus_ipv4_fragments)
{
	struct lt_file f;
	struct packet *p;
	const struct layer *l;

	if (!lt_open(&f, CORPUS "xdp2-ipv4frags.pcap"))
		return;
	p = lt_next(&f);
	CHECK((l = lt_find(p, PROTO_IPV4, 0)) != NULL);
	if (l != NULL) {
		CHECK_EQ(l->u.ipv4.src, 0x02010102);
		CHECK_EQ(l->u.ipv4.dst, 0x02010101);
		CHECK_EQ(l->u.ipv4.id, 0xb5d0);
		CHECK_EQ(l->u.ipv4.frag_off, 0);
		CHECK_EQ(l->u.ipv4.mf, 1);
		CHECK_EQ(l->u.ipv4.total_len, 996);
		CHECK_EQ(l->u.ipv4.cksum_status, L4CK_GOOD);
		CHECK_EQ(l->u.ipv4.reassembled, 0);
		CHECK(l == &p->layers[p->nlayers - 1]);
	}
	p = lt_next(&f);
	CHECK((l = lt_find(p, PROTO_IPV4, 0)) != NULL);
	if (l != NULL) {
		CHECK_EQ(l->u.ipv4.frag_off, 976);
		CHECK_EQ(l->u.ipv4.mf, 0);
		CHECK_EQ(l->u.ipv4.total_len, 452);
		CHECK_EQ(l->u.ipv4.reassembled, 1);
		CHECK_EQ(l->u.ipv4.nfrags, 2);
		CHECK_EQ(l->u.ipv4.reasm_len, 1408);
		CHECK_EQ(l->u.ipv4.cksum_status, L4CK_GOOD);
	}
	CHECK((l = lt_find(p, PROTO_ICMP, 0)) != NULL);
	if (l != NULL)
		CHECK_EQ(l->u.icmp.type, 8);
	p = lt_next(&f);
	CHECK((l = lt_find(p, PROTO_IPV4, 0)) != NULL);
	if (l != NULL) {
		CHECK_EQ(l->u.ipv4.id, 0x83f6);
		CHECK_EQ(l->u.ipv4.fragment, 0);
		CHECK_EQ(l->u.ipv4.total_len, 1428);
	}
	CHECK(lt_find(p, PROTO_ICMP, 0) != NULL);
	CHECK(lt_next(&f) == NULL);
	lt_close(&f);
}

/* tshark: frames 1, 2 UDP 6363>6363; 3..6 fragments id 0xf88eb466,
 * offset fields 0, 181, 362, 543 (x8 bytes), M 1,1,1,0; frame 6
 * reassembled 5387 bytes, UDP length 5387. */
TEST(linktype_corpus_ipv6_fragments)
{
	static const uint16_t offs[4] = { 0, 1448, 2896, 4344 };
	struct lt_file f;
	struct packet *p;
	const struct layer *l;
	unsigned i;

	if (!lt_open(&f, CORPUS "xdp2-ipv6-udp-fragmented.pcap"))
		return;
	for (i = 0; i < 2; i++) {
		p = lt_next(&f);
		CHECK((l = lt_find(p, PROTO_UDP, 0)) != NULL);
		if (l != NULL)
			CHECK_EQ(l->u.udp.sport, 6363);
	}
	for (i = 0; i < 4; i++) {
		p = lt_next(&f);
		CHECK(p != NULL);
		if (p == NULL)
			break;
		CHECK((l = lt_find(p, PROTO_IPV6, 0)) != NULL);
		if (l == NULL)
			continue;
		CHECK_EQ(l->u.ipv6.fragment, 1);
		CHECK_EQ(l->u.ipv6.frag_id, 0xf88eb466);
		CHECK_EQ(l->u.ipv6.frag_off, offs[i]);
		CHECK_EQ(l->u.ipv6.mf, i < 3);
		CHECK_EQ(l->u.ipv6.plen, i < 3 ? 1456 : 1051);
		CHECK_EQ(l->u.ipv6.reassembled, i == 3);
	}
	if (p != NULL && (l = lt_find(p, PROTO_IPV6, 0)) != NULL) {
		CHECK_EQ(l->u.ipv6.reasm_len, 5387);
		CHECK_EQ(l->u.ipv6.nfrags, 4);
		CHECK((l = lt_find(p, PROTO_UDP, 0)) != NULL);
		if (l != NULL)
			CHECK_EQ(l->u.udp.len, 5387);
	}
	lt_close(&f);
}

/* tshark -V: S-tag 1525 then C-tag 30, IPv4 47.245.159.156; frame 2:
 * S-tag 1535, C-tag 40. */
TEST(linktype_corpus_dot1ad)
{
	struct lt_file f;
	struct packet *p;
	const struct layer *s, *c;

	if (!lt_open(&f, CORPUS "arkime-dot1ad.pcap"))
		return;
	p = lt_next(&f);
	s = lt_find(p, PROTO_VLAN, 0);
	c = lt_find(p, PROTO_VLAN, 1);
	CHECK(s != NULL && c != NULL);
	if (s != NULL && c != NULL) {
		CHECK_EQ(s->u.vlan.tpid, 0x88a8);
		CHECK_EQ(s->u.vlan.vid, 1525);
		CHECK_EQ(c->u.vlan.tpid, 0x8100);
		CHECK_EQ(c->u.vlan.vid, 30);
		CHECK_EQ(c->u.vlan.type, 0x0800);
	}
	CHECK(lt_find(p, PROTO_IPV4, 0) != NULL);
	p = lt_next(&f);
	s = lt_find(p, PROTO_VLAN, 0);
	c = lt_find(p, PROTO_VLAN, 1);
	CHECK(s != NULL && c != NULL);
	if (s != NULL && c != NULL) {
		CHECK_EQ(s->u.vlan.vid, 1535);
		CHECK_EQ(c->u.vlan.vid, 40);
	}
	lt_close(&f);
}

/* tshark: vlan.id 100,200, inner ARP (both frames). */
TEST(linktype_corpus_qinq_arp)
{
	struct lt_file f;
	struct packet *p;
	const struct layer *l;

	if (!lt_open(&f, CORPUS "xdp2-QinQ.pcap"))
		return;
	while ((p = lt_next(&f)) != NULL) {
		CHECK((l = lt_find(p, PROTO_VLAN, 0)) != NULL);
		if (l != NULL)
			CHECK_EQ(l->u.vlan.vid, 100);
		CHECK((l = lt_find(p, PROTO_VLAN, 1)) != NULL);
		if (l != NULL)
			CHECK_EQ(l->u.vlan.vid, 200);
		CHECK(lt_find(p, PROTO_ARP, 0) != NULL);
		CHECK_EQ(p->nanom, 0);
	}
	CHECK_EQ(f.n, 2);
	lt_close(&f);
}

/* tshark: vlan.id 201,200, priority 0,4; IPv4 10.0.0.x; TCP. */
TEST(linktype_corpus_twovlan)
{
	struct lt_file f;
	struct packet *p;
	const struct layer *l;

	if (!lt_open(&f, CORPUS "arkime-twovlan.pcap"))
		return;
	while ((p = lt_next(&f)) != NULL) {
		CHECK((l = lt_find(p, PROTO_VLAN, 0)) != NULL);
		if (l != NULL)
			CHECK_EQ(l->u.vlan.vid, 201);
		CHECK((l = lt_find(p, PROTO_VLAN, 1)) != NULL);
		if (l != NULL) {
			CHECK_EQ(l->u.vlan.vid, 200);
			CHECK_EQ(l->u.vlan.pcp, 4);
		}
		CHECK((l = lt_find(p, PROTO_IPV4, 0)) != NULL);
		if (l != NULL)
			CHECK_EQ(l->u.ipv4.src >> 8, 0x0a0000);
		CHECK(lt_find(p, PROTO_TCP, 0) != NULL);
	}
	lt_close(&f);
}

/* tshark: sll.pkttype 0, hatype 772, halen 6, ifindex 1, etype 0x0800,
 * 127.0.0.1 > 127.0.0.1, ip.len 85 and 40, UDP 51326 > 1701. */
TEST(linktype_corpus_sll2)
{
	static const unsigned iplen[2] = { 85, 40 };
	struct lt_file f;
	struct packet *p;
	const struct layer *l;
	unsigned i = 0;

	if (!lt_open(&f, CORPUS "local-sll2-l2tpv3-loopback.pcap"))
		return;
	while ((p = lt_next(&f)) != NULL && i < 2) {
		l = &p->layers[0];
		CHECK_EQ(l->proto, PROTO_SLL2);
		CHECK_EQ(l->u.sll.pkttype, 0);
		CHECK_EQ(l->u.sll.hatype, 772);
		CHECK_EQ(l->u.sll.halen, 6);
		CHECK_EQ(l->u.sll.ifindex, 1);
		CHECK_EQ(l->u.sll.protocol, 0x0800);
		CHECK((l = lt_find(p, PROTO_IPV4, 0)) != NULL);
		if (l != NULL) {
			CHECK_EQ(l->u.ipv4.src, 0x7f000001);
			CHECK_EQ(l->u.ipv4.total_len, iplen[i]);
		}
		CHECK((l = lt_find(p, PROTO_UDP, 0)) != NULL);
		if (l != NULL)
			CHECK_EQ(l->u.udp.dport, 1701);
		i++;
	}
	CHECK_EQ(i, 2);
	lt_close(&f);
}
