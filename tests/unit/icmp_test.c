/* icmp_test.c - ICMPv4 dissector: types, codes, checksum, quoted flows.
 *
 * icmpt_run() calls the ICMP descriptor on layer 0 the way src/dissect.c's
 * run() does (ICMP's checksum needs no pseudo-header, so no fake IP layer
 * is needed); the whole-frame test goes through dissect_frame() from
 * Ethernet.  The two error vectors were built with a script and confirmed
 * by tshark 4.0: icmp.checksum.status 1 (Good), "Destination unreachable
 * (Port unreachable)" / "(Fragmentation needed)", quoted udp.srcport and
 * udp.dstport 1701.
 */
#include <string.h>

#include "unit.h"
#include "dissect.h"
#include "event.h"
#include "textbuf.h"

extern const struct dissector dissector_icmp;

static struct packet icmpt_pkt;
static struct dctx icmpt_ctx;
static struct frame icmpt_frame;
static unsigned icmpt_nerr;
static const struct layer *icmpt_err_layer;

/*
 * Echo request id 0x1234 seq 1, data "abcd".  Checksum by hand (RFC 792:
 * one's complement of the one's complement sum of the message, checksum
 * field as 0):
 *   0800 + 0000 + 1234 + 0001 + 6162 + 6364
 *   = 0x0800 + 0x1234 = 0x1a34; + 0x0001 = 0x1a35; + 0x6162 = 0x7b97;
 *     + 0x6364 = 0xdefb  (no carry)
 *   checksum ~0xdefb = 0x2104
 */
static const uint8_t icmpt_echo[] = {
	0x08, 0x00, 0x21, 0x04, 0x12, 0x34, 0x00, 0x01,
	0x61, 0x62, 0x63, 0x64,
};

/* Port unreachable quoting UDP 192.0.2.2:1701 > 198.51.100.7:1701 (IPv4
 * total length 60, UDP length 40). */
static const uint8_t icmpt_unreach[] = {
	0x03, 0x03, 0xef, 0x8a, 0x00, 0x00, 0x00, 0x00,
	0x45, 0x00, 0x00, 0x3c, 0x12, 0x34, 0x00, 0x00,
	0x40, 0x11, 0x7c, 0x40, 0xc0, 0x00, 0x02, 0x02,
	0xc6, 0x33, 0x64, 0x07, 0x06, 0xa5, 0x06, 0xa5,
	0x00, 0x28, 0x00, 0x00,
};

/* Fragmentation needed, next-hop MTU 1400 (RFC 1191), quoting a 1500-byte
 * UDP 1701 datagram with DF set. */
static const uint8_t icmpt_fragneeded[] = {
	0x03, 0x04, 0xd2, 0x3d, 0x00, 0x00, 0x05, 0x78,
	0x45, 0x00, 0x05, 0xdc, 0x12, 0x34, 0x40, 0x00,
	0x40, 0x11, 0x36, 0xa0, 0xc0, 0x00, 0x02, 0x02,
	0xc6, 0x33, 0x64, 0x07, 0x06, 0xa5, 0x06, 0xa5,
	0x05, 0xc8, 0x12, 0x34,
};

/* Ethernet / IPv4 192.0.2.1 > 192.0.2.2 / icmpt_unreach. */
static const uint8_t icmpt_frame_unreach[] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x00, 0x66,
	0x77, 0x88, 0x99, 0xaa, 0x08, 0x00, 0x45, 0x00,
	0x00, 0x38, 0x12, 0x34, 0x00, 0x00, 0x40, 0x01,
	0xe4, 0x8d, 0xc0, 0x00, 0x02, 0x01, 0xc0, 0x00,
	0x02, 0x02, 0x03, 0x03, 0xef, 0x8a, 0x00, 0x00,
	0x00, 0x00, 0x45, 0x00, 0x00, 0x3c, 0x12, 0x34,
	0x00, 0x00, 0x40, 0x11, 0x7c, 0x40, 0xc0, 0x00,
	0x02, 0x02, 0xc6, 0x33, 0x64, 0x07, 0x06, 0xa5,
	0x06, 0xa5, 0x00, 0x28, 0x00, 0x00,
};

/* Test-side RFC 1071 checksum, for messages built in the tests; checked
 * against the hand-computed echo vector in icmp_echo_hand_checksum. */
static void
icmpt_fix_cksum(uint8_t *b, size_t n)
{
	uint32_t s = 0;
	size_t i;

	b[2] = b[3] = 0;
	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)b[i] << 8 | b[i + 1];
	if (n & 1)
		s += (uint32_t)b[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	s = ~s & 0xffff;
	b[2] = (uint8_t)(s >> 8);
	b[3] = (uint8_t)s;
}

static void
icmpt_emit(void *arg, const struct event *ev)
{
	(void)arg;
	if (ev->kind == EV_ICMP_ERROR) {
		icmpt_nerr++;
		icmpt_err_layer = ev->layer;
	}
}

static void
icmpt_begin(const uint8_t *b, size_t caplen, size_t len)
{
	memset(&icmpt_ctx, 0, sizeof(icmpt_ctx));
	memset(&icmpt_pkt, 0, sizeof(icmpt_pkt));
	memset(&icmpt_frame, 0, sizeof(icmpt_frame));
	icmpt_nerr = 0;
	icmpt_err_layer = NULL;
	icmpt_frame.number = 3;
	icmpt_frame.linktype = 1;
	icmpt_frame.data = b;
	icmpt_frame.caplen = (uint32_t)caplen;
	icmpt_frame.len = (uint32_t)len;
	icmpt_ctx.frame = &icmpt_frame;
	icmpt_ctx.pkt = &icmpt_pkt;
	icmpt_ctx.emit = icmpt_emit;
	icmpt_pkt.f = &icmpt_frame;
}

static enum dstatus
icmpt_run(const uint8_t *b, size_t caplen, size_t len)
{
	struct layer *l;
	struct cursor c;
	enum dstatus st;

	icmpt_begin(b, caplen, len);
	c = cur_make(b, caplen, len);
	l = &icmpt_pkt.layers[0];
	l->proto = PROTO_ICMP;
	l->d = &dissector_icmp;
	l->base = b;
	l->len = (uint32_t)cur_left(&c);
	l->cap = (uint32_t)cur_avail(&c);
	icmpt_ctx.cur_layer = 0;
	icmpt_pkt.nlayers = 1;
	st = dissector_icmp.dissect(&icmpt_ctx, &c, l);
	l->status = (uint8_t)st;
	return st;
}

static const struct icmp_info *
icmpt_info(void)
{
	return &icmpt_pkt.layers[0].u.icmp;
}

static const struct anomaly *
icmpt_anom(const char *name)
{
	unsigned i;

	for (i = 0; i < icmpt_pkt.nanom; i++)
		if (strcmp(icmpt_pkt.anom[i].name, name) == 0)
			return &icmpt_pkt.anom[i];
	return NULL;
}

static const char *
icmpt_text(int detail)
{
	static char buf[512];
	struct textbuf tb;

	tb_init(&tb, buf, sizeof(buf));
	if (detail)
		dissector_icmp.detail(&icmpt_pkt.layers[0], &tb);
	else
		dissector_icmp.info(&icmpt_pkt.layers[0], &tb);
	return buf;
}

TEST(icmp_echo_hand_checksum)
{
	uint8_t b[sizeof(icmpt_echo)];
	const struct anomaly *a;

	memcpy(b, icmpt_echo, sizeof(b));
	icmpt_fix_cksum(b, sizeof(b));
	CHECK_EQ(b[2], 0x21);			/* the test helper agrees */
	CHECK_EQ(b[3], 0x04);
	CHECK_EQ(icmpt_run(icmpt_echo, sizeof(icmpt_echo),
	    sizeof(icmpt_echo)), DS_OK);
	CHECK_EQ(icmpt_info()->type, 8);
	CHECK_EQ(icmpt_info()->id, 0x1234);
	CHECK_EQ(icmpt_info()->seq, 1);
	CHECK_EQ(icmpt_info()->cksum_status, L4CK_GOOD);
	CHECK_EQ(icmpt_info()->cksum_calc, 0x2104);
	CHECK_EQ(icmpt_info()->quoted, 0);
	CHECK_EQ(icmpt_pkt.nanom, 0);
	CHECK_EQ(icmpt_nerr, 0);		/* not an error */
	CHECK_EQ(icmpt_ctx.next_set, 0);
	CHECK_STR(icmpt_text(0), "Echo request id=0x1234 seq=1");
	CHECK_STR(icmpt_text(1), "  ICMP type Echo request (8), code 0, "
	    "checksum 0x2104 [correct]\n  identifier 0x1234, sequence 1\n");
	b[9] = 0;				/* data changed */
	CHECK_EQ(icmpt_run(b, sizeof(b), sizeof(b)), DS_OK);
	CHECK_EQ(icmpt_info()->cksum_status, L4CK_BAD);
	CHECK((a = icmpt_anom("icmp.bad_checksum")) != NULL);
	CHECK(a != NULL && a->kind == AK_NOTE);
	/* echo reply */
	b[0] = 0;
	icmpt_fix_cksum(b, sizeof(b));
	icmpt_run(b, sizeof(b), sizeof(b));
	CHECK_STR(icmpt_text(0), "Echo reply id=0x1234 seq=1");
	CHECK_EQ(icmpt_info()->cksum_status, L4CK_GOOD);
}

TEST(icmp_port_unreachable_quotes_udp_1701)
{
	const struct icmp_info *ic;

	CHECK_EQ(icmpt_run(icmpt_unreach, sizeof(icmpt_unreach),
	    sizeof(icmpt_unreach)), DS_OK);
	ic = icmpt_info();
	CHECK_EQ(ic->type, 3);
	CHECK_EQ(ic->code, 3);
	CHECK_EQ(ic->cksum_status, L4CK_GOOD);
	CHECK_EQ(ic->quoted, 1);
	CHECK_EQ(ic->q_proto, 17);
	CHECK_EQ(ic->q_src.af, 4);
	CHECK_EQ(ic->q_src.a[0], 192);
	CHECK_EQ(ic->q_src.a[3], 2);
	CHECK_EQ(ic->q_dst.af, 4);
	CHECK_EQ(ic->q_dst.a[0], 198);
	CHECK_EQ(ic->q_dst.a[1], 51);
	CHECK_EQ(ic->q_dst.a[2], 100);
	CHECK_EQ(ic->q_dst.a[3], 7);
	CHECK_EQ(ic->q_ports, 1);
	CHECK_EQ(ic->q_sport, 1701);
	CHECK_EQ(ic->q_dport, 1701);
	CHECK_EQ(ic->q_len, 60);
	CHECK_EQ(ic->q_frag, 0);
	CHECK_EQ(icmpt_pkt.nanom, 0);
	CHECK_EQ(icmpt_nerr, 1);
	CHECK(icmpt_err_layer == &icmpt_pkt.layers[0]);
	CHECK_EQ(icmpt_ctx.next_set, 0);	/* the quote is not re-dissected */
	CHECK_STR(icmpt_text(0), "Destination unreachable: Port unreachable "
	    "(3/3) quoting UDP 192.0.2.2:1701 > 198.51.100.7:1701");
	CHECK_STR(icmpt_text(1), "  ICMP type Destination unreachable (3), "
	    "code Port unreachable (3), checksum 0xef8a [correct]\n"
	    "  quoted IPv4 192.0.2.2 > 198.51.100.7, protocol UDP (17), "
	    "total length 60, ports 1701 > 1701\n");
}

TEST(icmp_frag_needed_mtu)
{
	uint8_t b[sizeof(icmpt_fragneeded)];

	CHECK_EQ(icmpt_run(icmpt_fragneeded, sizeof(icmpt_fragneeded),
	    sizeof(icmpt_fragneeded)), DS_OK);
	CHECK_EQ(icmpt_info()->mtu, 1400);
	CHECK_EQ(icmpt_info()->q_len, 1500);
	CHECK_EQ(icmpt_info()->q_dport, 1701);
	CHECK_EQ(icmpt_info()->cksum_status, L4CK_GOOD);
	CHECK_EQ(icmpt_nerr, 1);
	CHECK_STR(icmpt_text(0), "Destination unreachable: Fragmentation "
	    "needed and DF set (3/4) mtu=1400 quoting UDP 192.0.2.2:1701 > "
	    "198.51.100.7:1701");
	CHECK(strstr(icmpt_text(1), "  next-hop MTU 1400\n") != NULL);
	/* a pre-RFC 1191 router leaves the field 0 */
	memcpy(b, icmpt_fragneeded, sizeof(b));
	b[6] = b[7] = 0;
	icmpt_fix_cksum(b, sizeof(b));
	icmpt_run(b, sizeof(b), sizeof(b));
	CHECK_EQ(icmpt_info()->mtu, 0);
	CHECK(strstr(icmpt_text(1), "MTU not given") != NULL);
}

TEST(icmp_header_truncated_and_short)
{
	size_t n;

	for (n = 0; n < 8; n++) {
		CHECK_EQ(icmpt_run(icmpt_echo, n, sizeof(icmpt_echo)),
		    DS_TRUNCATED);
		CHECK(icmpt_anom("icmp.truncated") != NULL);
		CHECK_EQ(icmpt_nerr, 0);
		CHECK_EQ(icmpt_run(icmpt_unreach, n, n), DS_MALFORMED);
		CHECK(icmpt_anom("icmp.malformed") != NULL);
	}
}

TEST(icmp_quote_cut_by_capture_at_every_byte)
{
	size_t cut;
	const struct icmp_info *ic;
	const struct anomaly *a;

	for (cut = 8; cut <= sizeof(icmpt_unreach); cut++) {
		CHECK_EQ(icmpt_run(icmpt_unreach, cut, sizeof(icmpt_unreach)),
		    DS_OK);
		ic = icmpt_info();
		CHECK_EQ(icmpt_nerr, 1);
		CHECK_EQ(icmpt_pkt.truncated, 0);
		CHECK_EQ(icmpt_pkt.malformed, 0);
		/* offsets in the message: proto at 17, addresses end at 28,
		 * ports end at 32 */
		CHECK_EQ(ic->q_proto, cut >= 18 ? 17 : 0);
		CHECK_EQ(ic->quoted, cut >= 28);
		CHECK_EQ(ic->q_ports, cut >= 32);
		CHECK_EQ(ic->q_dport, cut >= 32 ? 1701 : 0);
		a = icmpt_anom("icmp.quote_truncated");
		CHECK((a != NULL) == (cut < 32));
		CHECK(a == NULL || a->kind == AK_NOTE);
		CHECK(a == NULL || strstr(a->detail, "capture") != NULL);
		CHECK_EQ(ic->cksum_status, cut == sizeof(icmpt_unreach) ?
		    L4CK_GOOD : L4CK_UNCHECKED);
	}
}

TEST(icmp_quote_short_by_sender)
{
	uint8_t b[28];
	const struct anomaly *a;

	/* only the quoted IPv4 header, no payload bytes */
	memcpy(b, icmpt_unreach, sizeof(b));
	icmpt_fix_cksum(b, sizeof(b));
	CHECK_EQ(icmpt_run(b, sizeof(b), sizeof(b)), DS_OK);
	CHECK_EQ(icmpt_info()->cksum_status, L4CK_GOOD);
	CHECK_EQ(icmpt_info()->quoted, 1);
	CHECK_EQ(icmpt_info()->q_ports, 0);
	CHECK((a = icmpt_anom("icmp.quote_truncated")) != NULL);
	CHECK(a != NULL && strstr(a->detail, "quotes only 20 bytes") != NULL);
	CHECK_EQ(icmpt_pkt.malformed, 0);
	CHECK_STR(icmpt_text(0), "Destination unreachable: Port unreachable "
	    "(3/3) quoting UDP 192.0.2.2 > 198.51.100.7");
	/* no quote at all */
	icmpt_run(b, 8, 8);
	CHECK(icmpt_anom("icmp.quote_truncated") != NULL);
	CHECK_EQ(icmpt_info()->quoted, 0);
	CHECK_EQ(icmpt_nerr, 1);
}

TEST(icmp_quote_options_fragments_and_oddities)
{
	uint8_t b[40];
	const struct icmp_info *ic;

	/* quoted header with IHL 6 (one option word), then TCP ports */
	memset(b, 0, sizeof(b));
	memcpy(b, icmpt_unreach, 28);
	b[8] = 0x46;
	b[17] = 6;				/* TCP */
	b[28] = 0x01;				/* NOP NOP NOP EOL */
	b[29] = 0x01;
	b[30] = 0x01;
	b[32] = 0x00;				/* sport 179 */
	b[33] = 0xb3;
	b[34] = 0xc4;				/* dport 50312 */
	b[35] = 0x88;
	icmpt_fix_cksum(b, 36);
	CHECK_EQ(icmpt_run(b, 36, 36), DS_OK);
	ic = icmpt_info();
	CHECK_EQ(ic->q_proto, 6);
	CHECK_EQ(ic->q_ports, 1);
	CHECK_EQ(ic->q_sport, 179);
	CHECK_EQ(ic->q_dport, 50312);
	CHECK_EQ(icmpt_pkt.nanom, 0);

	/* a non-first fragment carries no ports */
	memcpy(b, icmpt_unreach, sizeof(icmpt_unreach));
	b[14] = 0x00;
	b[15] = 0xb9;				/* offset 185 * 8 */
	icmpt_fix_cksum(b, sizeof(icmpt_unreach));
	CHECK_EQ(icmpt_run(b, sizeof(icmpt_unreach), sizeof(icmpt_unreach)),
	    DS_OK);
	CHECK_EQ(icmpt_info()->q_frag, 1);
	CHECK_EQ(icmpt_info()->q_ports, 0);
	CHECK_EQ(icmpt_info()->quoted, 1);
	CHECK_EQ(icmpt_pkt.nanom, 0);
	CHECK(strstr(icmpt_text(1), "non-first fragment") != NULL);

	/* the quote is not IPv4 */
	memcpy(b, icmpt_unreach, sizeof(icmpt_unreach));
	b[8] = 0x65;
	icmpt_fix_cksum(b, sizeof(icmpt_unreach));
	icmpt_run(b, sizeof(icmpt_unreach), sizeof(icmpt_unreach));
	CHECK(icmpt_anom("icmp.bad_quote") != NULL);
	CHECK_EQ(icmpt_info()->quoted, 0);
	CHECK_EQ(icmpt_nerr, 1);

	/* IHL 4: addresses are there, ports cannot be located */
	memcpy(b, icmpt_unreach, sizeof(icmpt_unreach));
	b[8] = 0x44;
	icmpt_fix_cksum(b, sizeof(icmpt_unreach));
	icmpt_run(b, sizeof(icmpt_unreach), sizeof(icmpt_unreach));
	CHECK(icmpt_anom("icmp.bad_quote") != NULL);
	CHECK_EQ(icmpt_info()->quoted, 1);
	CHECK_EQ(icmpt_info()->q_ports, 0);

	/* quoted L2TPv3 over IP (proto 115): named, no ports */
	memcpy(b, icmpt_unreach, sizeof(icmpt_unreach));
	b[17] = 115;
	icmpt_fix_cksum(b, sizeof(icmpt_unreach));
	icmpt_run(b, sizeof(icmpt_unreach), sizeof(icmpt_unreach));
	CHECK_EQ(icmpt_info()->q_ports, 0);
	CHECK_STR(icmpt_text(0), "Destination unreachable: Port unreachable "
	    "(3/3) quoting L2TP 192.0.2.2 > 198.51.100.7");
}

TEST(icmp_other_types_named)
{
	uint8_t b[sizeof(icmpt_unreach)];
	static const struct {
		uint8_t type, code;
		const char *info;
	} cases[] = {
		{ 3, 13, "Destination unreachable: Communication "
		    "administratively prohibited (3/13)" },
		{ 3, 1, "Destination unreachable: Host unreachable (3/1)" },
		{ 3, 99, "Destination unreachable: unknown code (3/99)" },
		{ 11, 0, "Time exceeded: TTL exceeded in transit (11/0)" },
		{ 11, 1, "Time exceeded: Fragment reassembly time exceeded "
		    "(11/1)" },
		{ 4, 0, "Source quench" },
		{ 12, 0, "Parameter problem: Pointer indicates the error "
		    "(12/0) pointer=20" },
		{ 5, 1, "Redirect: Redirect for host (5/1) gateway "
		    "192.0.2.254" },
	};
	const char *q = " quoting UDP 192.0.2.2:1701 > 198.51.100.7:1701";
	char want[256];
	unsigned i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(b, icmpt_unreach, sizeof(b));
		b[0] = cases[i].type;
		b[1] = cases[i].code;
		if (cases[i].type == 12)
			b[4] = 20;		/* pointer */
		if (cases[i].type == 5) {
			b[4] = 192;		/* gateway 192.0.2.254 */
			b[5] = 0;
			b[6] = 2;
			b[7] = 254;
		}
		icmpt_fix_cksum(b, sizeof(b));
		CHECK_EQ(icmpt_run(b, sizeof(b), sizeof(b)), DS_OK);
		CHECK_EQ(icmpt_nerr, 1);
		CHECK_EQ(icmpt_info()->q_dport, 1701);
		CHECK_EQ(icmpt_info()->cksum_status, L4CK_GOOD);
		strcpy(want, cases[i].info);
		strcat(want, q);
		CHECK_STR(icmpt_text(0), want);
	}
	CHECK_EQ(icmpt_info()->gateway, 0xc00002fe);

	/* unknown type: by number, not an error, nothing quoted */
	memcpy(b, icmpt_echo, sizeof(icmpt_echo));
	b[0] = 99;
	icmpt_fix_cksum(b, sizeof(icmpt_echo));
	CHECK_EQ(icmpt_run(b, sizeof(icmpt_echo), sizeof(icmpt_echo)), DS_OK);
	CHECK_EQ(icmpt_nerr, 0);
	CHECK_STR(icmpt_text(0), "unknown (99) code 0");
	CHECK(strstr(icmpt_text(1), "type unknown (99)") != NULL);
	CHECK(dissector_icmp.endpoints == NULL);
}

TEST(icmp_whole_frame_quote_not_redissected)
{
	const struct layer *l;

	CHECK(registry_find(NULL, DT_IPPROTO, 1) == &dissector_icmp);
	icmpt_begin(icmpt_frame_unreach, sizeof(icmpt_frame_unreach),
	    sizeof(icmpt_frame_unreach));
	dissect_frame(&icmpt_ctx, &icmpt_frame, &icmpt_pkt);
	CHECK_EQ(icmpt_pkt.nlayers, 3);
	l = &icmpt_pkt.layers[2];
	CHECK_EQ(l->proto, PROTO_ICMP);
	CHECK_EQ(l->status, DS_OK);
	CHECK_EQ(l->u.icmp.cksum_status, L4CK_GOOD);
	CHECK_EQ(l->u.icmp.q_dport, 1701);
	CHECK_EQ(icmpt_nerr, 1);
	CHECK(icmpt_err_layer == l);
	CHECK_EQ(icmpt_pkt.nanom, 0);
}
