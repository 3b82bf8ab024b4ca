/* fuzz.h - shared helpers for the libFuzzer targets (issue #11).
 *
 * Every target is one file defining LLVMFuzzerTestOneInput(); the same
 * file links into the standalone replay driver (replay_main.c, gcc +
 * ASan/UBSan) that `make check` runs over tests/fuzz/regress/<target>/.
 *
 * Input framing shared by the dissector targets: an optional config byte
 * (target-specific), then records of [u16 big-endian length][u8 flags]
 * [length bytes]; a length past the end takes what is left.  Records are
 * successive packets of one conversation, so reassembly (IP fragments,
 * TCP streams, negotiated L2TP layouts) has something to join.
 */
#ifndef TS_FUZZ_H
#define TS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "diagnose.h"
#include "dissect.h"
#include "frame.h"
#include "out.h"
#include "pipeline.h"
#include "prefs.h"
#include "stats.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FZ_MAX_RECORDS	16
#define FZ_MAX_PKT	9000	/* a record's bytes plus any synthetic headers */

struct fz_in {
	const uint8_t	*p;
	size_t		 n;
};

struct fz_rec {
	const uint8_t	*p;
	size_t		 n;
	uint8_t		 flags;
};

static inline int
fz_byte(struct fz_in *in, uint8_t *b)
{
	if (in->n == 0)
		return 0;
	*b = in->p[0];
	in->p++;
	in->n--;
	return 1;
}

/* Next record; 0 at the end of the input. */
static inline int
fz_record(struct fz_in *in, struct fz_rec *r)
{
	size_t len;

	if (in->n < 3)
		return 0;
	len = (size_t)in->p[0] << 8 | in->p[1];
	r->flags = in->p[2];
	in->p += 3;
	in->n -= 3;
	if (len > in->n)
		len = in->n;
	r->p = in->p;
	r->n = len;
	in->p += len;
	in->n -= len;
	return 1;
}

static FILE *fz_null_fp;

static inline FILE *
fz_null(void)
{
	if (fz_null_fp == NULL)
		fz_null_fp = fopen("/dev/null", "w");
	return fz_null_fp;
}

/* Render a packet the way -T decode -vv does, into /dev/null. */
static inline void
fz_render(const struct packet *pkt)
{
	struct decode_opts o;

	memset(&o, 0, sizeof(o));
	o.verbose = 2;
	if (fz_null() != NULL)
		(void)out_decode_packet(fz_null(), &o, pkt);
}

/* Dissect one frame of bytes at (table, key) through a live pipeline
 * (real reassembly, TCP streams, L2TP db and trackers), then render it. */
static inline void
fz_dissect(struct pipeline *pl, uint64_t number, int64_t ts_ns, int linktype,
    const uint8_t *p, size_t n, enum dtable t, uint32_t key)
{
	struct frame f;

	memset(&f, 0, sizeof(f));
	f.number = number;
	f.ts_ns = ts_ns;
	f.caplen = f.len = (uint32_t)n;
	f.linktype = linktype;
	f.data = p;
	engine_tick(pl->engine, ts_ns);
	dissect_bytes(&pl->ctx, &f, &pl->pkt, t, key);
	stats_frame(&pl->stats, &pl->pkt);
	fz_render(&pl->pkt);
}

/* Small caps so that eviction paths run too. */
static inline int
fz_pipeline(struct pipeline *pl, struct prefs *pr)
{
	pr->reasm_max_datagrams = 8;
	pr->reasm_max_bytes = 32768;
	return pipeline_init(pl, pr);
}

static inline uint16_t
fz_csum_fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/*
 * Put an IPv4 (af 4) or IPv6 header for proto in front of n payload
 * bytes already at buf + hdrlen; rev swaps the addresses.  Returns the
 * header length (call with buf sized FZ_MAX_PKT; n is clamped).
 */
static inline size_t
fz_ip_hdr(uint8_t *buf, int af, uint8_t proto, size_t n, int rev)
{
	static const uint8_t a4[2][4] = { { 192, 0, 2, 1 }, { 192, 0, 2, 2 } };
	size_t i;

	if (af == 6) {
		memset(buf, 0, 40);
		buf[0] = 0x60;
		buf[4] = (uint8_t)(n >> 8);
		buf[5] = (uint8_t)n;
		buf[6] = proto;
		buf[7] = 64;
		buf[8] = 0x20; buf[9] = 0x01; buf[10] = 0x0d; buf[11] = 0xb8;
		buf[23] = rev ? 2 : 1;
		buf[24] = 0x20; buf[25] = 0x01; buf[26] = 0x0d; buf[27] = 0xb8;
		buf[39] = rev ? 1 : 2;
		return 40;
	} else {
		uint32_t s = 0;
		size_t tot = n + 20;

		memset(buf, 0, 20);
		buf[0] = 0x45;
		buf[2] = (uint8_t)(tot >> 8);
		buf[3] = (uint8_t)tot;
		buf[8] = 64;
		buf[9] = proto;
		memcpy(buf + 12, a4[rev ? 1 : 0], 4);
		memcpy(buf + 16, a4[rev ? 0 : 1], 4);
		for (i = 0; i < 20; i += 2)
			s += (uint32_t)buf[i] << 8 | buf[i + 1];
		s = fz_csum_fold(s);
		buf[10] = (uint8_t)(s >> 8);
		buf[11] = (uint8_t)s;
		return 20;
	}
}

static inline void
fz_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
fz_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Internet checksum over a pseudo header + segment (UDP, TCP). */
static inline uint16_t
fz_l4_csum(const uint8_t *ip, int af, uint8_t proto, const uint8_t *seg,
    size_t n)
{
	uint32_t s = 0;
	size_t i;

	if (af == 6)
		for (i = 8; i < 40; i += 2)
			s += (uint32_t)ip[i] << 8 | ip[i + 1];
	else
		for (i = 12; i < 20; i += 2)
			s += (uint32_t)ip[i] << 8 | ip[i + 1];
	s += proto;
	s += (uint32_t)n;
	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)seg[i] << 8 | seg[i + 1];
	if (n & 1)
		s += (uint32_t)seg[n - 1] << 8;
	return fz_csum_fold(s);
}

enum fz_wrap {
	FZ_RAW,		/* record bytes at (table, key) */
	FZ_IP,		/* record is the IP payload of proto */
	FZ_UDP,		/* record is the UDP payload, ports sport/dport */
	FZ_TCP,		/* record is the TCP payload, ports sport/dport */
};

struct fz_spec {
	enum fz_wrap	 wrap;
	enum dtable	 table;		/* FZ_RAW */
	uint32_t	 key;
	uint8_t		 proto;		/* FZ_IP */
	uint16_t	 sport, dport;	/* FZ_UDP, FZ_TCP */
	int		 linktype;	/* frame's, for views */
};

/*
 * The common dissector target: config byte (bit 0: IPv6 when wrapping),
 * then records.  Record flags: bit 0 reverse direction; with FZ_TCP bits
 * 1-7 skip that many bytes of sequence space first (holes the stream
 * never gets).  Timestamps advance 100 ms per record, more with flags.
 */
static inline void
fz_run(const uint8_t *data, size_t size, const struct fz_spec *sp,
    struct prefs *pr)
{
	static uint8_t buf[FZ_MAX_PKT];
	static struct pipeline pl;
	struct fz_in in = { data, size };
	struct fz_rec r;
	uint8_t cfg = 0;
	uint32_t seq[2] = { 1000, 500000 };
	int af, rev;
	unsigned i;
	int64_t ts = 1700000000LL * 1000000000LL;

	if (sp->wrap != FZ_RAW && !fz_byte(&in, &cfg))
		return;
	af = (cfg & 1) ? 6 : 4;
	if (fz_pipeline(&pl, pr) < 0) {
		pipeline_free(&pl);
		return;
	}
	for (i = 0; i < FZ_MAX_RECORDS && fz_record(&in, &r); i++) {
		size_t ih = af == 6 ? 40 : 20, l4 = 0, n;
		uint8_t *l4p;

		rev = r.flags & 1;
		ts += 100000000LL * (1 + (r.flags >> 4));
		if (sp->wrap == FZ_RAW) {
			fz_dissect(&pl, i + 1, ts, sp->linktype, r.p, r.n,
			    sp->table, sp->key);
			continue;
		}
		if (sp->wrap == FZ_UDP)
			l4 = 8;
		else if (sp->wrap == FZ_TCP)
			l4 = 20;
		n = r.n;
		if (n > FZ_MAX_PKT - ih - l4)
			n = FZ_MAX_PKT - ih - l4;
		l4p = buf + ih;
		memcpy(l4p + l4, r.p, n);
		if (sp->wrap == FZ_UDP) {
			fz_put16(l4p, rev ? sp->dport : sp->sport);
			fz_put16(l4p + 2, rev ? sp->sport : sp->dport);
			fz_put16(l4p + 4, (uint16_t)(n + 8));
			fz_put16(l4p + 6, 0);
			fz_ip_hdr(buf, af, 17, n + l4, rev);
			fz_put16(l4p + 6, fz_l4_csum(buf, af, 17, l4p, n + 8));
		} else if (sp->wrap == FZ_TCP) {
			seq[rev] += (uint32_t)(r.flags >> 1) & 0x7f;
			memset(l4p, 0, 20);
			fz_put16(l4p, rev ? sp->dport : sp->sport);
			fz_put16(l4p + 2, rev ? sp->sport : sp->dport);
			fz_put32(l4p + 4, seq[rev]);
			fz_put32(l4p + 8, seq[!rev]);
			l4p[12] = 5 << 4;
			l4p[13] = 0x18;		/* PSH ACK */
			fz_put16(l4p + 14, 65535);
			fz_ip_hdr(buf, af, 6, n + l4, rev);
			fz_put16(l4p + 16, fz_l4_csum(buf, af, 6, l4p, n + 20));
			seq[rev] += (uint32_t)n;
		} else {
			/* ICMP targets: ICMPv6 under IPv6 */
			fz_ip_hdr(buf, af, sp->proto == 1 && af == 6 ? 58 :
			    sp->proto, n, rev);
		}
		fz_dissect(&pl, i + 1, ts, TS_LINKTYPE_RAW, buf, ih + l4 + n,
		    DT_ETHERTYPE, af == 6 ? 0x86dd : 0x0800);
	}
	pipeline_finish(&pl);
	pipeline_free(&pl);
}

#endif /* TS_FUZZ_H */
