/* tcp_test.c - TCP dissector: header, data offset, options, checksum,
 * EV_TCP_SEGMENT, handoff.
 *
 * tcpt_run() puts a fake IPv4/IPv6 layer record at pkt.layers[0] (as
 * ipv4.c/ipv6.c fill it) and calls the TCP descriptor on layer 1 the way
 * src/dissect.c's run() does; the whole-frame tests go through
 * dissect_frame() from Ethernet.  Checksums were computed with a script
 * and confirmed by tshark 4.0 (-o tcp.check_checksum:TRUE,
 * tcp.checksum.status == 1) on the same bytes; tshark's info for the SYN:
 * "50312 → 179 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=100
 * TSecr=0 WS=128" (relative seq; raw seq is 0x11223344 = 287454020).
 */
#include <stdio.h>
#include <string.h>

#include <pcap/pcap.h>

#include "unit.h"
#include "dissect.h"
#include "event.h"
#include "textbuf.h"

extern const struct dissector dissector_tcp;

static struct packet tcpt_pkt;
static struct dctx tcpt_ctx;
static struct frame tcpt_frame;
static unsigned tcpt_nev;
static struct event tcpt_ev;
static struct tcp_info tcpt_ev_tcp;	/* the layer as the event saw it */

static const uint8_t tcpt_s6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 1 };
static const uint8_t tcpt_d6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 2 };

/*
 * SYN-ACK 192.0.2.2:179 > 192.0.2.1:50312, seq 0, ack 1, data offset 6,
 * flags 0x12, window 65535, option MSS 1460.  Checksum by hand (RFC 9293
 * §3.1: pseudo-header + header + options, 16-bit words):
 *   pseudo   c000 + 0202 + c000 + 0201 + 0006 (proto) + 0018 (length 24)
 *            = 0x18421
 *   header   00b3 + c488 + 0000 + 0000 (seq) + 0000 + 0001 (ack) + 6012
 *            + ffff + 0000 (checksum as 0) + 0000 (urgent) = 0x2254d
 *   options  0204 + 05b4 -> 0x2254d + 0x07b8 = 0x22d05
 *   total    0x18421 + 0x22d05 = 0x3b126 -> 0xb126 + 0x3 = 0xb129
 *   checksum ~0xb129 = 0x4ed6
 */
static const uint8_t tcpt_synack[] = {
	0x00, 0xb3, 0xc4, 0x88, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x60, 0x12, 0xff, 0xff,
	0x4e, 0xd6, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4,
};

/* SYN 192.0.2.1:50312 > 192.0.2.2:179, seq 0x11223344, data offset 10,
 * window 64240, options MSS 1460, SACK-permitted, Timestamps 100/0, NOP,
 * WS 7 (checksum 0xbf05 from the script, tshark: Good). */
static const uint8_t tcpt_syn[] = {
	0xc4, 0x88, 0x00, 0xb3, 0x11, 0x22, 0x33, 0x44,
	0x00, 0x00, 0x00, 0x00, 0xa0, 0x02, 0xfa, 0xf0,
	0xbf, 0x05, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4,
	0x04, 0x02, 0x08, 0x0a, 0x00, 0x00, 0x00, 0x64,
	0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07,
};

/* PSH/ACK 192.0.2.1:50312 > 192.0.2.2:179 carrying a BGP KEEPALIVE
 * (16 x ff, length 19, type 4); checksum 0x54af (tshark: Good). */
static const uint8_t tcpt_data[] = {
	0xc4, 0x88, 0x00, 0xb3, 0x00, 0x00, 0x03, 0xe8,
	0x00, 0x00, 0x07, 0xd0, 0x50, 0x18, 0x02, 0x00,
	0x54, 0xaf, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0x00, 0x13, 0x04,
};

/* ACK 192.0.2.2:179 > 192.0.2.1:50312 with an RFC 2385 MD5 option (kind
 * 19, length 18, digest 00..0f) and EOL padding; checksum 0xc923 (tshark:
 * Good, info "... Len=0 MD5"). */
static const uint8_t tcpt_md5[] = {
	0x00, 0xb3, 0xc4, 0x88, 0x00, 0x00, 0x00, 0x05,
	0x00, 0x00, 0x00, 0x06, 0xa0, 0x10, 0x02, 0x00,
	0xc9, 0x23, 0x00, 0x00, 0x13, 0x12, 0x00, 0x01,
	0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
	0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x00, 0x00,
};

/* SYN over IPv6 2001:db8::1 > 2001:db8::2, MSS 1440; checksum 0x3833
 * (tshark: Good). */
static const uint8_t tcpt_syn6[] = {
	0xc4, 0x88, 0x00, 0xb3, 0x11, 0x22, 0x33, 0x44,
	0x00, 0x00, 0x00, 0x00, 0x60, 0x02, 0xfa, 0xf0,
	0x38, 0x33, 0x00, 0x00, 0x02, 0x04, 0x05, 0xa0,
};

/* Whole frame: Ethernet / IPv4 (192.0.2.1 > 192.0.2.2) / the SYN above. */
static const uint8_t tcpt_frame_syn[] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x00, 0x66,
	0x77, 0x88, 0x99, 0xaa, 0x08, 0x00, 0x45, 0x00,
	0x00, 0x3c, 0x12, 0x34, 0x00, 0x00, 0x40, 0x06,
	0xe4, 0x84, 0xc0, 0x00, 0x02, 0x01, 0xc0, 0x00,
	0x02, 0x02, 0xc4, 0x88, 0x00, 0xb3, 0x11, 0x22,
	0x33, 0x44, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x02,
	0xfa, 0xf0, 0xbf, 0x05, 0x00, 0x00, 0x02, 0x04,
	0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0x00, 0x00,
	0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03,
	0x03, 0x07,
};

/* Whole frame: Ethernet / IPv4 / the KEEPALIVE-carrying segment. */
static const uint8_t tcpt_frame_data[] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x00, 0x66,
	0x77, 0x88, 0x99, 0xaa, 0x08, 0x00, 0x45, 0x00,
	0x00, 0x3b, 0x12, 0x34, 0x00, 0x00, 0x40, 0x06,
	0xe4, 0x85, 0xc0, 0x00, 0x02, 0x01, 0xc0, 0x00,
	0x02, 0x02, 0xc4, 0x88, 0x00, 0xb3, 0x00, 0x00,
	0x03, 0xe8, 0x00, 0x00, 0x07, 0xd0, 0x50, 0x18,
	0x02, 0x00, 0x54, 0xaf, 0x00, 0x00, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x13,
	0x04,
};

static void
tcpt_emit(void *arg, const struct event *ev)
{
	(void)arg;
	if (ev->kind != EV_TCP_SEGMENT)
		return;
	tcpt_nev++;
	tcpt_ev = *ev;
	tcpt_ev_tcp = ev->layer->u.tcp;
}

static void
tcpt_begin(const uint8_t *b, size_t caplen, size_t len)
{
	memset(&tcpt_ctx, 0, sizeof(tcpt_ctx));
	memset(&tcpt_pkt, 0, sizeof(tcpt_pkt));
	memset(&tcpt_frame, 0, sizeof(tcpt_frame));
	memset(&tcpt_ev, 0, sizeof(tcpt_ev));
	tcpt_nev = 0;
	tcpt_frame.number = 7;
	tcpt_frame.ts_ns = 1000;
	tcpt_frame.linktype = 1;
	tcpt_frame.data = b;
	tcpt_frame.caplen = (uint32_t)caplen;
	tcpt_frame.len = (uint32_t)len;
	tcpt_ctx.frame = &tcpt_frame;
	tcpt_ctx.pkt = &tcpt_pkt;
	tcpt_ctx.emit = tcpt_emit;
	tcpt_pkt.f = &tcpt_frame;
}

/* af 4: src/dst given (host order); af 6: 2001:db8::1 > ::2; 0: no IP. */
static enum dstatus
tcpt_run(int af, uint32_t src, uint32_t dst, const uint8_t *b,
    size_t caplen, size_t len)
{
	struct layer *ip, *l;
	struct cursor c;
	enum dstatus st;

	tcpt_begin(b, caplen, len);
	if (af != 0) {
		ip = &tcpt_pkt.layers[tcpt_pkt.nlayers++];
		if (af == 4) {
			ip->proto = PROTO_IPV4;
			ip->u.ipv4.src = src;
			ip->u.ipv4.dst = dst;
			ip->u.ipv4.proto = 6;
		} else {
			ip->proto = PROTO_IPV6;
			memcpy(ip->u.ipv6.src, tcpt_s6, 16);
			memcpy(ip->u.ipv6.dst, tcpt_d6, 16);
			ip->u.ipv6.proto = 6;
		}
	}
	c = cur_make(b, caplen, len);
	l = &tcpt_pkt.layers[tcpt_pkt.nlayers];
	l->proto = PROTO_TCP;
	l->d = &dissector_tcp;
	l->base = b;
	l->len = (uint32_t)cur_left(&c);
	l->cap = (uint32_t)cur_avail(&c);
	tcpt_ctx.cur_layer = tcpt_pkt.nlayers++;
	st = dissector_tcp.dissect(&tcpt_ctx, &c, l);
	l->status = (uint8_t)st;
	return st;
}

#define A4 0xc0000201u	/* 192.0.2.1 */
#define B4 0xc0000202u	/* 192.0.2.2 */

static const struct tcp_info *
tcpt_info(void)
{
	return &tcpt_pkt.layers[tcpt_ctx.cur_layer].u.tcp;
}

static const struct anomaly *
tcpt_anom(const char *name)
{
	unsigned i;

	for (i = 0; i < tcpt_pkt.nanom; i++)
		if (strcmp(tcpt_pkt.anom[i].name, name) == 0)
			return &tcpt_pkt.anom[i];
	return NULL;
}

static const char *
tcpt_text(int detail)
{
	static char buf[512];
	struct textbuf tb;

	tb_init(&tb, buf, sizeof(buf));
	if (detail)
		dissector_tcp.detail(&tcpt_pkt.layers[tcpt_ctx.cur_layer], &tb);
	else
		dissector_tcp.info(&tcpt_pkt.layers[tcpt_ctx.cur_layer], &tb);
	return buf;
}

/* A header of hlen bytes with the given options (no checksum: af 0). */
static size_t
tcpt_build(uint8_t *out, size_t hlen, size_t seglen, uint8_t flags,
    const uint8_t *opts, size_t optlen)
{
	memset(out, 0, seglen);
	out[0] = 0x9c;			/* 40000 > 179 */
	out[1] = 0x40;
	out[3] = 179;
	out[12] = (uint8_t)((hlen / 4) << 4);
	out[13] = flags;
	out[14] = 0x10;			/* window 4096 */
	if (optlen)
		memcpy(out + 20, opts, optlen);
	return seglen;
}

TEST(tcp_synack_hand_checksum_and_info)
{
	const struct tcp_info *t;

	CHECK_EQ(tcpt_run(4, B4, A4, tcpt_synack, sizeof(tcpt_synack),
	    sizeof(tcpt_synack)), DS_OK);
	t = tcpt_info();
	CHECK_EQ(t->sport, 179);
	CHECK_EQ(t->dport, 50312);
	CHECK_EQ(t->seq, 0);
	CHECK_EQ(t->ack, 1);
	CHECK_EQ(t->hlen, 24);
	CHECK_EQ(t->flags, TCP_SYN | TCP_ACK);
	CHECK_EQ(t->win, 65535);
	CHECK_EQ(t->mss, 1460);
	CHECK_EQ(t->payload_len, 0);
	CHECK_EQ(t->cksum_status, L4CK_GOOD);
	CHECK_EQ(t->cksum_calc, 0x4ed6);
	CHECK_EQ(tcpt_pkt.nanom, 0);
	CHECK_STR(tcpt_text(0), "179 > 50312 [SYN, ACK] seq=0 ack=1 "
	    "win=65535 len=0 mss=1460");
	/* every segment is an event; no payload, no handoff */
	CHECK_EQ(tcpt_nev, 1);
	CHECK_EQ(tcpt_ev.frame, 7);
	CHECK_EQ(tcpt_ev.ts_ns, 1000);
	CHECK(tcpt_ev.layer == &tcpt_pkt.layers[1]);
	CHECK_EQ(tcpt_ev_tcp.flags, TCP_SYN | TCP_ACK);
	CHECK_EQ(tcpt_ctx.next_set, 0);
}

TEST(tcp_syn_options_decoded)
{
	const struct tcp_info *t;

	CHECK_EQ(tcpt_run(4, A4, B4, tcpt_syn, sizeof(tcpt_syn),
	    sizeof(tcpt_syn)), DS_OK);
	t = tcpt_info();
	CHECK_EQ(t->seq, 0x11223344);
	CHECK_EQ(t->hlen, 40);
	CHECK_EQ(t->mss, 1460);
	CHECK_EQ(t->sack_perm, 1);
	CHECK_EQ(t->has_ts, 1);
	CHECK_EQ(t->tsval, 100);
	CHECK_EQ(t->tsecr, 0);
	CHECK_EQ(t->has_ws, 1);
	CHECK_EQ(t->ws, 7);
	CHECK_EQ(t->nopts, 4);
	CHECK_EQ(t->md5, 0);
	CHECK_EQ(t->cksum_status, L4CK_GOOD);
	CHECK_EQ(tcpt_pkt.nanom, 0);
	/* raw sequence number, no relative numbering */
	CHECK_STR(tcpt_text(0), "50312 > 179 [SYN] seq=287454020 win=64240 "
	    "len=0 mss=1460 ws=7 sack_perm tsval=100 tsecr=0");
	CHECK_STR(tcpt_text(1), "  TCP src port 50312, dst port 179, "
	    "seq 287454020, ack 0, header 40 bytes\n"
	    "  flags 0x002 [SYN], window 64240, urgent 0, checksum 0xbf05 "
	    "[correct]\n"
	    "  options (4): mss=1460, ws=7, sack_perm, tsval=100 tsecr=0\n"
	    "  payload 0 bytes (0 captured)\n");
}

TEST(tcp_md5_option_and_ipv6_checksum)
{
	CHECK_EQ(tcpt_run(4, B4, A4, tcpt_md5, sizeof(tcpt_md5),
	    sizeof(tcpt_md5)), DS_OK);
	CHECK_EQ(tcpt_info()->md5, 1);
	CHECK_EQ(tcpt_info()->cksum_status, L4CK_GOOD);
	CHECK_EQ(tcpt_pkt.nanom, 0);
	CHECK_STR(tcpt_text(0), "179 > 50312 [ACK] seq=5 ack=6 win=512 len=0 "
	    "md5");
	CHECK_EQ(tcpt_run(6, 0, 0, tcpt_syn6, sizeof(tcpt_syn6),
	    sizeof(tcpt_syn6)), DS_OK);
	CHECK_EQ(tcpt_info()->cksum_status, L4CK_GOOD);
	CHECK_EQ(tcpt_info()->mss, 1440);
	/* the same segment under the IPv4 addresses does not add up */
	tcpt_run(4, A4, B4, tcpt_syn6, sizeof(tcpt_syn6), sizeof(tcpt_syn6));
	CHECK_EQ(tcpt_info()->cksum_status, L4CK_BAD);
}

TEST(tcp_data_handed_on_by_port)
{
	const struct tcp_info *t;

	CHECK_EQ(tcpt_run(4, A4, B4, tcpt_data, sizeof(tcpt_data),
	    sizeof(tcpt_data)), DS_OK);
	t = tcpt_info();
	CHECK_EQ(t->cksum_status, L4CK_GOOD);
	CHECK_EQ(t->payload_len, 19);
	CHECK_EQ(t->payload_cap, 19);
	CHECK_EQ(tcpt_ctx.next_set, 1);
	CHECK_EQ(tcpt_ctx.next_table, DT_TCP_PORT);
	CHECK_EQ(tcpt_ctx.next_key, 179);
	CHECK_EQ(tcpt_ctx.next_key2, 50312);
	CHECK_EQ(cur_left(&tcpt_ctx.next_cur), 19);
	CHECK_EQ(cur_u8(&tcpt_ctx.next_cur), 0xff);
	CHECK_EQ(tcpt_nev, 1);
	CHECK_STR(tcpt_text(0), "50312 > 179 [PSH, ACK] seq=1000 ack=2000 "
	    "win=512 len=19");
}

TEST(tcp_bad_checksum_note_and_offload)
{
	uint8_t b[sizeof(tcpt_data)];
	const struct anomaly *a;

	memcpy(b, tcpt_data, sizeof(b));
	b[sizeof(b) - 1] ^= 0x01;		/* payload corrupted */
	CHECK_EQ(tcpt_run(4, A4, B4, b, sizeof(b), sizeof(b)), DS_OK);
	CHECK_EQ(tcpt_info()->cksum_status, L4CK_BAD);
	CHECK((a = tcpt_anom("tcp.bad_checksum")) != NULL);
	CHECK(a != NULL && a->kind == AK_NOTE);
	CHECK_EQ(tcpt_pkt.malformed, 0);
	CHECK_EQ(tcpt_ctx.next_set, 1);		/* still handed on */
	CHECK(strstr(tcpt_text(1), "[incorrect, should be 0x") != NULL);
	/* pseudo-header sum only (offload): c000+0201+c000+0202+0006+0027
	 * = 0x18430 -> 0x8431 */
	memcpy(b, tcpt_data, sizeof(b));
	b[16] = 0x84;
	b[17] = 0x31;
	tcpt_run(4, A4, B4, b, sizeof(b), sizeof(b));
	CHECK((a = tcpt_anom("tcp.bad_checksum")) != NULL);
	CHECK(a != NULL && strstr(a->detail, "offload") != NULL);
}

TEST(tcp_header_truncated_at_every_byte)
{
	size_t cut;

	for (cut = 0; cut < 20; cut++) {
		CHECK_EQ(tcpt_run(4, A4, B4, tcpt_syn, cut, sizeof(tcpt_syn)),
		    DS_TRUNCATED);
		CHECK(tcpt_anom("tcp.truncated") != NULL);
		CHECK_EQ(tcpt_pkt.malformed, 0);
		CHECK_EQ(tcpt_nev, 0);
	}
	/* options cut: the fixed header is known, so the segment counts */
	for (cut = 20; cut < sizeof(tcpt_syn); cut++) {
		CHECK_EQ(tcpt_run(4, A4, B4, tcpt_syn, cut, sizeof(tcpt_syn)),
		    DS_TRUNCATED);
		CHECK(tcpt_anom("tcp.truncated") != NULL);
		CHECK(tcpt_anom("tcp.bad_option") == NULL);
		CHECK_EQ(tcpt_pkt.malformed, 0);
		CHECK_EQ(tcpt_info()->sport, 50312);
		CHECK_EQ(tcpt_info()->flags, TCP_SYN);
		CHECK_EQ(tcpt_info()->cksum_status, L4CK_UNCHECKED);
		CHECK_EQ(tcpt_nev, 1);
		CHECK_EQ(tcpt_ctx.next_set, 0);
	}
	/* cut after MSS: MSS decoded, the rest not */
	tcpt_run(4, A4, B4, tcpt_syn, 24, sizeof(tcpt_syn));
	CHECK_EQ(tcpt_info()->mss, 1460);
	CHECK_EQ(tcpt_info()->has_ts, 0);
}

TEST(tcp_payload_cut_is_not_tcps_fault)
{
	size_t cut;

	for (cut = 20; cut < sizeof(tcpt_data); cut++) {
		CHECK_EQ(tcpt_run(4, A4, B4, tcpt_data, cut,
		    sizeof(tcpt_data)), DS_OK);
		CHECK_EQ(tcpt_pkt.nanom, 0);
		CHECK_EQ(tcpt_info()->payload_len, 19);
		CHECK_EQ(tcpt_info()->payload_cap, cut - 20);
		CHECK_EQ(tcpt_info()->cksum_status, L4CK_UNCHECKED);
		CHECK_EQ(tcpt_ctx.next_set, 1);
		CHECK_EQ(cur_avail(&tcpt_ctx.next_cur), cut - 20);
	}
}

TEST(tcp_ip_payload_shorter_than_header_is_malformed)
{
	size_t n;

	for (n = 0; n < 20; n++) {
		CHECK_EQ(tcpt_run(4, A4, B4, tcpt_syn, n, n), DS_MALFORMED);
		CHECK(tcpt_anom("tcp.malformed") != NULL);
		CHECK_EQ(tcpt_nev, 0);
	}
}

TEST(tcp_bad_data_offset)
{
	uint8_t b[sizeof(tcpt_synack)];
	unsigned doff;

	memcpy(b, tcpt_synack, sizeof(b));
	for (doff = 0; doff < 5; doff++) {
		b[12] = (uint8_t)(doff << 4);
		CHECK_EQ(tcpt_run(4, B4, A4, b, sizeof(b), sizeof(b)),
		    DS_MALFORMED);
		CHECK(tcpt_anom("tcp.bad_data_offset") != NULL);
		CHECK_EQ(tcpt_nev, 0);
	}
	/* 15 words = 60 bytes in a 24-byte segment, and 7 = 28 > 24 */
	b[12] = 0xf0;
	CHECK_EQ(tcpt_run(4, B4, A4, b, sizeof(b), sizeof(b)), DS_MALFORMED);
	CHECK(tcpt_anom("tcp.bad_data_offset") != NULL);
	b[12] = 0x70;
	CHECK_EQ(tcpt_run(4, B4, A4, b, sizeof(b), sizeof(b)), DS_MALFORMED);
	CHECK(tcpt_anom("tcp.bad_data_offset") != NULL);
	/* ... even when the capture holds only the first 20 bytes */
	CHECK_EQ(tcpt_run(4, B4, A4, b, 20, sizeof(b)), DS_MALFORMED);
	CHECK(tcpt_anom("tcp.truncated") == NULL);
}

TEST(tcp_option_bad_lengths)
{
	static const uint8_t len0[] = { 0x02, 0x00, 0x05, 0xb4 };
	static const uint8_t len1[] = { 0x01, 0xfe, 0x01, 0x00 };
	static const uint8_t past[] = { 0x01, 0x01, 0x08, 0x0a };
	static const uint8_t nolen[] = { 0x01, 0x01, 0x01, 0x02 };
	static const uint8_t *const cases[] = { len0, len1, past, nolen };
	const struct anomaly *a;
	uint8_t b[24];
	unsigned i;

	for (i = 0; i < 4; i++) {
		tcpt_build(b, 24, 24, TCP_SYN, cases[i], 4);
		CHECK_EQ(tcpt_run(0, 0, 0, b, sizeof(b), sizeof(b)), DS_OK);
		CHECK((a = tcpt_anom("tcp.bad_option")) != NULL);
		CHECK(a != NULL && a->kind == AK_MALFORMED);
		CHECK_EQ(tcpt_pkt.malformed, 1);
		CHECK_EQ(tcpt_info()->mss, 0);
		CHECK_EQ(tcpt_nev, 1);
	}
}

TEST(tcp_option_wrong_length_for_kind_skipped)
{
	/* MSS with length 3, then WS 5, NOP, NOP, NOP */
	static const uint8_t o[] = { 0x02, 0x03, 0x05, 0x03, 0x03, 0x05,
	    0x01, 0x01 };
	static const uint8_t ts9[] = { 0x08, 0x09, 0, 0, 0, 1, 0, 0, 0, 0x01,
	    0x01, 0x01 };
	uint8_t b[32];

	tcpt_build(b, 28, 28, TCP_SYN, o, sizeof(o));
	CHECK_EQ(tcpt_run(0, 0, 0, b, 28, 28), DS_OK);
	CHECK(tcpt_anom("tcp.bad_option") != NULL);
	CHECK_EQ(tcpt_info()->mss, 0);
	CHECK_EQ(tcpt_info()->has_ws, 1);
	CHECK_EQ(tcpt_info()->ws, 5);
	tcpt_build(b, 32, 32, TCP_SYN, ts9, sizeof(ts9));
	CHECK_EQ(tcpt_run(0, 0, 0, b, 32, 32), DS_OK);
	CHECK(tcpt_anom("tcp.bad_option") != NULL);
	CHECK_EQ(tcpt_info()->has_ts, 0);
}

TEST(tcp_option_sack_ao_unknown_eol)
{
	/* NOP NOP SACK(2 blocks, len 18) */
	static const uint8_t sack[] = { 0x01, 0x01, 0x05, 0x12,
	    0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4 };
	/* TCP-AO keyid 1 rnext 2, 12-byte MAC: length 16 */
	static const uint8_t ao[] = { 0x1d, 0x10, 0x01, 0x02,
	    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	/* unknown kind 254 length 4, then MSS 536 */
	static const uint8_t unk[] = { 0xfe, 0x04, 0xaa, 0xbb,
	    0x02, 0x04, 0x02, 0x18 };
	/* EOL, then what would be MSS: ignored (padding) */
	static const uint8_t eol[] = { 0x00, 0x02, 0x04, 0x02, 0x18, 0, 0, 0 };
	/* AO with length 3 is too short for KeyID + RNextKeyID */
	static const uint8_t ao3[] = { 0x1d, 0x03, 0x00, 0x01 };
	/* WS shift 15 */
	static const uint8_t ws15[] = { 0x03, 0x03, 0x0f, 0x00 };
	uint8_t b[40];

	tcpt_build(b, 40, 40, TCP_ACK, sack, sizeof(sack));
	CHECK_EQ(tcpt_run(0, 0, 0, b, 40, 40), DS_OK);
	CHECK_EQ(tcpt_info()->nsack, 2);
	CHECK_EQ(tcpt_pkt.nanom, 0);
	CHECK(strstr(tcpt_text(0), " sack=2") != NULL);
	tcpt_build(b, 36, 36, TCP_ACK, ao, sizeof(ao));
	CHECK_EQ(tcpt_run(0, 0, 0, b, 36, 36), DS_OK);
	CHECK_EQ(tcpt_info()->ao, 1);
	CHECK_EQ(tcpt_pkt.nanom, 0);
	tcpt_build(b, 28, 28, TCP_SYN, unk, sizeof(unk));
	CHECK_EQ(tcpt_run(0, 0, 0, b, 28, 28), DS_OK);
	CHECK_EQ(tcpt_info()->mss, 536);
	CHECK_EQ(tcpt_info()->nopts, 2);
	CHECK_EQ(tcpt_pkt.nanom, 0);
	tcpt_build(b, 28, 28, TCP_SYN, eol, sizeof(eol));
	CHECK_EQ(tcpt_run(0, 0, 0, b, 28, 28), DS_OK);
	CHECK_EQ(tcpt_info()->mss, 0);
	CHECK_EQ(tcpt_pkt.nanom, 0);
	tcpt_build(b, 24, 24, TCP_SYN, ao3, sizeof(ao3));
	CHECK_EQ(tcpt_run(0, 0, 0, b, 24, 24), DS_OK);
	CHECK(tcpt_anom("tcp.bad_option") != NULL);
	CHECK_EQ(tcpt_info()->ao, 0);
	tcpt_build(b, 24, 24, TCP_SYN, ws15, sizeof(ws15));
	CHECK_EQ(tcpt_run(0, 0, 0, b, 24, 24), DS_OK);
	CHECK(tcpt_anom("tcp.ws_too_big") != NULL);
	CHECK_EQ(tcpt_info()->ws, 15);
	CHECK_EQ(tcpt_pkt.malformed, 0);
}

TEST(tcp_flags_text_and_endpoints)
{
	uint8_t b[20];
	char s[16], d[16];
	struct textbuf ts, td;

	tcpt_build(b, 20, 20, 0xff, NULL, 0);
	b[12] |= 0x01;				/* AE (was NS) */
	CHECK_EQ(tcpt_run(0, 0, 0, b, 20, 20), DS_OK);
	CHECK_STR(tcpt_text(0), "40000 > 179 [FIN, SYN, RST, PSH, ACK, URG, "
	    "ECE, CWR, AE] seq=0 ack=0 win=4096 len=0 urp=0");
	tcpt_build(b, 20, 20, 0, NULL, 0);
	tcpt_run(0, 0, 0, b, 20, 20);
	CHECK_STR(tcpt_text(0), "40000 > 179 [] seq=0 win=4096 len=0");
	tb_init(&ts, s, sizeof(s));
	tb_init(&td, d, sizeof(d));
	dissector_tcp.endpoints(&tcpt_pkt.layers[0], &ts, &td);
	CHECK_STR(s, "40000");
	CHECK_STR(d, "179");
	CHECK_EQ(dissector_tcp.role, DR_TRANSPORT);
}

TEST(tcp_registered_and_whole_frame)
{
	const struct layer *l;

	CHECK(registry_find(NULL, DT_IPPROTO, 6) == &dissector_tcp);
	tcpt_begin(tcpt_frame_syn, sizeof(tcpt_frame_syn),
	    sizeof(tcpt_frame_syn));
	dissect_frame(&tcpt_ctx, &tcpt_frame, &tcpt_pkt);
	CHECK_EQ(tcpt_pkt.nlayers, 3);
	l = &tcpt_pkt.layers[2];
	CHECK_EQ(l->proto, PROTO_TCP);
	CHECK_EQ(l->status, DS_OK);
	CHECK_EQ(l->u.tcp.cksum_status, L4CK_GOOD);
	CHECK_EQ(l->u.tcp.mss, 1460);
	CHECK_EQ(tcpt_pkt.nanom, 0);
	CHECK_EQ(tcpt_nev, 1);
	CHECK(tcpt_ev.layer == l);

	/* the payload goes on to whatever claims port 179 (or data) */
	tcpt_begin(tcpt_frame_data, sizeof(tcpt_frame_data),
	    sizeof(tcpt_frame_data));
	dissect_frame(&tcpt_ctx, &tcpt_frame, &tcpt_pkt);
	CHECK(tcpt_pkt.nlayers >= 4);
	l = &tcpt_pkt.layers[2];
	CHECK_EQ(l->proto, PROTO_TCP);
	CHECK_EQ(l->u.tcp.cksum_status, L4CK_GOOD);
	CHECK_EQ(l->u.tcp.payload_len, 19);
	CHECK_EQ(tcpt_pkt.layers[3].off, 14 + 20 + 20);

	/* Ethernet padding after the IP datagram is not TCP payload */
	{
		uint8_t p[sizeof(tcpt_frame_syn) + 6];

		memcpy(p, tcpt_frame_syn, sizeof(tcpt_frame_syn));
		memset(p + sizeof(tcpt_frame_syn), 0, 6);
		tcpt_begin(p, sizeof(p), sizeof(p));
		dissect_frame(&tcpt_ctx, &tcpt_frame, &tcpt_pkt);
		CHECK_EQ(tcpt_pkt.layers[2].u.tcp.payload_len, 0);
		CHECK_EQ(tcpt_pkt.layers[2].u.tcp.cksum_status, L4CK_GOOD);
	}
}

TEST(tcp_options_cut_inside_skipped_bytes)
{
	/* MSS, then an unknown kind 254 whose body is only skipped */
	static const uint8_t unk[] = { 0x02, 0x04, 0x05, 0xb4,
	    0xfe, 0x04, 0xaa, 0xbb };
	/* MSS, EOL, padding */
	static const uint8_t eol[] = { 0x02, 0x04, 0x05, 0xb4, 0, 0, 0, 0 };
	uint8_t b[28];

	tcpt_build(b, 28, 28, TCP_SYN, unk, sizeof(unk));
	CHECK_EQ(tcpt_run(0, 0, 0, b, 27, 28), DS_TRUNCATED);
	CHECK(tcpt_anom("tcp.truncated") != NULL);
	CHECK_EQ(tcpt_info()->mss, 1460);
	CHECK_EQ(tcpt_nev, 1);
	tcpt_build(b, 28, 28, TCP_SYN, eol, sizeof(eol));
	CHECK_EQ(tcpt_run(0, 0, 0, b, 26, 28), DS_TRUNCATED);
	CHECK_EQ(tcpt_info()->mss, 1460);
	CHECK_EQ(tcpt_run(0, 0, 0, b, 28, 28), DS_OK);
	CHECK_EQ(tcpt_pkt.nanom, 0);
}

/*
 * Real capture, when the shared corpus is there (skipped otherwise): the
 * first four frames of packetlife BGP_MD5.cap against tshark 4.0
 * (-o tcp.check_checksum:TRUE -T fields -e tcp.srcport -e tcp.dstport
 * -e tcp.seq_raw -e tcp.ack_raw -e tcp.flags -e tcp.window_size_value
 * -e tcp.options.mss_val -e tcp.len -e tcp.checksum.status -e tcp.hdr_len).
 */
TEST(tcp_real_capture_matches_tshark)
{
	static const struct {
		uint16_t sport, dport;
		uint32_t seq, ack;
		uint8_t flags, hlen;
		uint16_t win, mss;
		uint32_t len;
	} want[4] = {
		{ 25820, 179, 2672392074u, 0, 0x02, 44, 16384, 1440, 0 },
		{ 179, 25820, 142397989u, 2672392075u, 0x12, 44, 16384, 1440,
		    0 },
		{ 25820, 179, 2672392075u, 142397990u, 0x10, 40, 16384, 0, 0 },
		{ 25820, 179, 2672392075u, 142397990u, 0x18, 40, 16384, 0, 45 },
	};
	const char *path = "../shared/corpus/bgp/packetlife-BGP_MD5.cap";
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *d;
	const struct tcp_info *t;
	pcap_t *p;
	unsigned i;

	if ((p = pcap_open_offline(path, err)) == NULL) {
		printf("# skipped: %s not found\n", path);
		return;
	}
	for (i = 0; i < 4 && pcap_next_ex(p, &h, &d) == 1; i++) {
		tcpt_begin(d, h->caplen, h->len);
		tcpt_frame.linktype = pcap_datalink(p);
		dissect_frame(&tcpt_ctx, &tcpt_frame, &tcpt_pkt);
		CHECK(tcpt_pkt.nlayers >= 3);
		CHECK_EQ(tcpt_pkt.layers[2].proto, PROTO_TCP);
		t = &tcpt_pkt.layers[2].u.tcp;
		CHECK_EQ(t->sport, want[i].sport);
		CHECK_EQ(t->dport, want[i].dport);
		CHECK_EQ(t->seq, want[i].seq);
		CHECK_EQ(t->ack, want[i].ack);
		CHECK_EQ(t->flags, want[i].flags);
		CHECK_EQ(t->hlen, want[i].hlen);
		CHECK_EQ(t->win, want[i].win);
		CHECK_EQ(t->mss, want[i].mss);
		CHECK_EQ(t->payload_len, want[i].len);
		CHECK_EQ(t->md5, 1);
		CHECK_EQ(t->cksum_status, L4CK_GOOD);
		CHECK_EQ(tcpt_nev, 1);
	}
	CHECK_EQ(i, 4);
	pcap_close(p);
}

TEST(tcp_reserved_bits_kept)
{
	uint8_t b[20];

	/* data offset 5, the three reserved bits set, AE clear, SYN */
	tcpt_build(b, 20, 20, TCP_SYN, NULL, 0);
	b[12] = 0x5e;
	CHECK_EQ(tcpt_run(0, 0, 0, b, 20, 20), DS_OK);
	CHECK_EQ(tcpt_info()->res, 0x0e);
	CHECK_EQ(tcpt_info()->flags, TCP_SYN);
	CHECK(strstr(tcpt_text(1), "flags 0xe02 [SYN]") != NULL);
	CHECK_STR(tcpt_text(0), "40000 > 179 [SYN] seq=0 win=4096 len=0");
}
