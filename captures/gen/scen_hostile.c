/* scen_hostile.c - packet-derived text built to attack a terminal or a CSV
 * reader: every control byte, DEL, every byte 0x80-0xff, invalid UTF-8
 * and ANSI/OSC escape sequences in L2TPv3 (RFC 3931) Host Name, Vendor
 * Name, Remote End ID and Result Code messages, and in BGP (RFC 4271)
 * NOTIFICATION Cease shutdown communications (RFC 9003) and hostnames
 * (FQDN capability, draft-walton-bgp-hostname-capability).
 *
 * tests/fuzz/escape.sh runs every output mode over hostile-text.pcap and
 * fails on any byte < 0x20 other than newline, or >= 0x7f, in the output.
 */
#include <string.h>

#include "gen.h"
#include "l2tp_build.h"
#include "scenarios.h"

static struct gbuf fr;
static struct l2b_avps al;

/* Bytes lo..hi, then ANSI escapes (clear screen, title, hyperlink). */
static size_t
nasty(uint8_t *b, size_t cap, unsigned lo, unsigned hi)
{
	static const char esc[] = "\x1b[2J\x1b[31m\x1b]0;pwned\x07"
	    "\x1b]8;;http://x/\x1b\\link\x1b]8;;\x1b\\\r\x08\x7f";
	static const uint8_t bad_utf8[] = { 0xc0, 0x80, 0xed, 0xa0, 0x80,
	    0xf8, 0x88, 0x80, 0x80, 0x80, 0x80, 0xe2, 0x82, 0xfe, 0xff };
	size_t n = 0;
	unsigned c;

	for (c = lo; c <= hi && n < cap; c++)
		b[n++] = (uint8_t)c;
	if (n + sizeof(esc) - 1 + sizeof(bad_utf8) <= cap) {
		memcpy(b + n, esc, sizeof(esc) - 1);
		n += sizeof(esc) - 1;
		memcpy(b + n, bad_utf8, sizeof(bad_utf8));
		n += sizeof(bad_utf8);
	}
	return n;
}

static void
l2tp_part(struct gen_pcap *w)
{
	struct l2b_path p;
	uint8_t b[400];
	size_t n;
	uint8_t rc[300];

	memset(&p, 0, sizeof(p));
	p.a.mac = GEN_MAC(0x02, 0xee, 0, 0, 0, 1);
	p.b.mac = GEN_MAC(0x02, 0xee, 0, 0, 0, 2);
	p.a.addr = GEN_IP4(192, 0, 2, 66);
	p.b.addr = GEN_IP4(192, 0, 2, 67);
	p.a.port = p.b.port = L2B_PORT;

	/* SCCRQ: Host Name 0x01-0x3f + escapes, Vendor Name 0x00-0xff */
	l2b_avps_reset(&al);
	l2b_avp16(&al, L2B_M, 0, L2B_SCCRQ);
	n = nasty(b, sizeof(b), 0x01, 0x3f);
	l2b_avp(&al, L2B_M, 0, 7, b, n);
	n = nasty(b, sizeof(b), 0x00, 0xff);
	l2b_avp(&al, 0, 0, 8, b, n);
	l2b_avp32(&al, L2B_M, 60, GEN_IP4(192, 0, 2, 66));
	l2b_avp32(&al, L2B_M, 61, 0x1b1b1b1b);
	l2b_avp16(&al, L2B_M, 62, 5);
	l2b_ctl(&fr, &p, L2B_AB, 0, 0, 0, L2B_V3CTL, &al);
	gen_pcap_frame(w, GEN_T(0, 0), &fr);

	/* SCCRP: Host Name of DEL and 0x80-0xff */
	l2b_avps_reset(&al);
	l2b_avp16(&al, L2B_M, 0, L2B_SCCRP);
	n = nasty(b, sizeof(b), 0x7f, 0xff);
	l2b_avp(&al, L2B_M, 0, 7, b, n);
	n = nasty(b, sizeof(b), 0x80, 0x9f);
	l2b_avp(&al, 0, 0, 8, b, n);
	l2b_avp32(&al, L2B_M, 60, GEN_IP4(192, 0, 2, 67));
	l2b_avp32(&al, L2B_M, 61, 0x07070707);
	l2b_avp16(&al, L2B_M, 62, 5);
	l2b_ctl(&fr, &p, L2B_BA, 0x1b1b1b1b, 0, 1, L2B_V3CTL, &al);
	gen_pcap_frame(w, GEN_T(0, 20000), &fr);

	l2b_avps_reset(&al);
	l2b_type_avps(&al, L2B_SCCCN);
	l2b_ctl(&fr, &p, L2B_AB, 0x07070707, 1, 1, L2B_V3CTL, &al);
	gen_pcap_frame(w, GEN_T(0, 40000), &fr);

	/* ICRQ with a Remote End ID of control bytes */
	l2b_avps_reset(&al);
	l2b_avp16(&al, L2B_M, 0, L2B_ICRQ);
	l2b_avp32(&al, L2B_M, 63, 0x0a0d0a0d);
	l2b_avp32(&al, L2B_M, 64, 0);
	l2b_avp32(&al, L2B_M, 15, 1);
	l2b_avp16(&al, L2B_M, 68, 5);
	n = nasty(b, sizeof(b), 0x00, 0x1f);
	l2b_avp(&al, L2B_M, 0, 66, b, n);
	l2b_avp16(&al, L2B_M, 71, 1);
	l2b_ctl(&fr, &p, L2B_AB, 0x07070707, 2, 1, L2B_V3CTL, &al);
	gen_pcap_frame(w, GEN_T(1, 0), &fr);

	/* CDN and StopCCN: Result Code error messages of every byte */
	l2b_avps_reset(&al);
	l2b_avp16(&al, L2B_M, 0, L2B_CDN);
	rc[0] = 0;
	rc[1] = 2;		/* general error */
	rc[2] = 0;
	rc[3] = 6;
	n = nasty(rc + 4, sizeof(rc) - 4, 0x01, 0x1f);
	l2b_avp(&al, L2B_M, 0, 1, rc, n + 4);
	l2b_avp32(&al, L2B_M, 63, 0);
	l2b_avp32(&al, L2B_M, 64, 0x0a0d0a0d);
	l2b_ctl(&fr, &p, L2B_BA, 0x1b1b1b1b, 1, 3, L2B_V3CTL, &al);
	gen_pcap_frame(w, GEN_T(1, 20000), &fr);

	l2b_avps_reset(&al);
	l2b_avp16(&al, L2B_M, 0, L2B_STOPCCN);
	l2b_avp32(&al, L2B_M, 61, 0x07070707);
	rc[0] = 0;
	rc[1] = 6;		/* StopCCN: general error... */
	n = nasty(rc + 2, sizeof(rc) - 2, 0x7f, 0xff);
	l2b_avp(&al, L2B_M, 0, 1, rc, n + 2);
	l2b_ctl(&fr, &p, L2B_BA, 0x1b1b1b1b, 2, 3, L2B_V3CTL, &al);
	gen_pcap_frame(w, GEN_T(2, 0), &fr);
}

/* One TCP segment of the BGP session (A 192.0.2.70:40179 <-> B .71:179). */
static void
bgp_seg(struct gen_pcap *w, int64_t t, int from_b, uint32_t seq,
    uint32_t ack, uint8_t flags, const uint8_t *p, size_t n)
{
	struct gen_ip4 ip = { .proto = GEN_IP_TCP };
	struct gen_tcp tcp = { .seq = seq, .ack = ack, .flags = flags,
	    .win = 16384 };
	struct gen_mac ma = GEN_MAC(0x02, 0xee, 0, 0, 0, 0x70);
	struct gen_mac mb = GEN_MAC(0x02, 0xee, 0, 0, 0, 0x71);

	ip.src = from_b ? GEN_IP4(192, 0, 2, 71) : GEN_IP4(192, 0, 2, 70);
	ip.dst = from_b ? GEN_IP4(192, 0, 2, 70) : GEN_IP4(192, 0, 2, 71);
	tcp.sport = from_b ? 179 : 40179;
	tcp.dport = from_b ? 40179 : 179;
	gb_reset(&fr);
	gb_eth(&fr, from_b ? ma : mb, from_b ? mb : ma, GEN_ET_IPV4);
	gb_ipv4(&fr, &ip);
	gb_tcp(&fr, &tcp);
	if (n)
		gb_bytes(&fr, p, n);
	gb_finish(&fr);
	gb_pad(&fr, 60);
	gen_pcap_frame(w, t, &fr);
}

static size_t
bgp_hdr(uint8_t *m, size_t len, uint8_t type)
{
	memset(m, 0xff, 16);
	m[16] = (uint8_t)(len >> 8);
	m[17] = (uint8_t)len;
	m[18] = type;
	return 19;
}

static void
bgp_part(struct gen_pcap *w)
{
	uint8_t m[1024], txt[255];
	size_t n, k, tl;
	uint32_t sa = 1000, sb = 5000;

	bgp_seg(w, GEN_T(3, 0), 0, sa++, 0, GEN_TH_SYN, NULL, 0);
	bgp_seg(w, GEN_T(3, 1000), 1, sb++, sa, GEN_TH_SYN | GEN_TH_ACK,
	    NULL, 0);
	bgp_seg(w, GEN_T(3, 2000), 0, sa, sb, GEN_TH_ACK, NULL, 0);

	/* OPEN with an FQDN capability (73): hostname and domain of
	 * control bytes and escapes */
	n = 19;
	m[n++] = 4;			/* version */
	m[n++] = 0xfd; m[n++] = 0xe8;	/* AS 65000 */
	m[n++] = 0; m[n++] = 90;	/* hold time */
	m[n++] = 192; m[n++] = 0; m[n++] = 2; m[n++] = 70;
	k = n++;			/* opt params length */
	m[n++] = 2;			/* capability */
	tl = n++;
	m[n++] = 73;
	m[n++] = 0;			/* cap length, below */
	m[n++] = 64;			/* hostname length, below */
	{
		size_t h = nasty(txt, 64, 0x01, 0x3f);

		if (h > 64)
			h = 64;
		m[n - 1] = (uint8_t)h;
		memcpy(m + n, txt, h);
		n += h;
		h = nasty(txt, 64, 0x80, 0xbf);
		if (h > 64)
			h = 64;
		m[n++] = (uint8_t)h;
		memcpy(m + n, txt, h);
		n += h;
	}
	m[tl + 2] = (uint8_t)(n - tl - 3);
	m[tl] = (uint8_t)(n - tl - 1);
	m[k] = (uint8_t)(n - k - 1);
	bgp_hdr(m, n, 1);
	bgp_seg(w, GEN_T(3, 3000), 0, sa, sb, GEN_TH_ACK | GEN_TH_PSH, m, n);
	sa += (uint32_t)n;

	/* NOTIFICATION Cease / Administrative Shutdown (6/2), RFC 9003
	 * shutdown communication: length, then the text */
	n = bgp_hdr(m, 0, 3);
	m[n++] = 6;
	m[n++] = 2;
	tl = nasty(txt, 128, 0x00, 0x1f);
	if (tl > 128)
		tl = 128;
	m[n++] = (uint8_t)tl;
	memcpy(m + n, txt, tl);
	n += tl;
	bgp_hdr(m, n, 3);
	bgp_seg(w, GEN_T(4, 0), 1, sb, sa, GEN_TH_ACK | GEN_TH_PSH, m, n);
	sb += (uint32_t)n;

	/* ... and one from A with the upper half (Hard Reset, 6/4 + 0x80s) */
	n = bgp_hdr(m, 0, 3);
	m[n++] = 6;
	m[n++] = 4;
	tl = nasty(txt, 128, 0x7f, 0xff);
	if (tl > 128)
		tl = 128;
	m[n++] = (uint8_t)tl;
	memcpy(m + n, txt, tl);
	n += tl;
	bgp_hdr(m, n, 3);
	bgp_seg(w, GEN_T(4, 1000), 0, sa, sb, GEN_TH_ACK | GEN_TH_PSH, m, n);
	sa += (uint32_t)n;
	bgp_seg(w, GEN_T(4, 2000), 1, sb, sa, GEN_TH_FIN | GEN_TH_ACK, NULL, 0);
}

void
scen_hostile_text(const char *outdir)
{
	struct gen_pcap *w = gen_pcap_open(outdir, "hostile-text.pcap",
	    GEN_LT_ETHERNET, 65535, 0);

	l2tp_part(w);
	bgp_part(w);
	gen_pcap_close(w);
}
