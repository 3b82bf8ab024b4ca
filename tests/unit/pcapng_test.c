/* pcapng_test.c - pcapng reader cases, files written byte by byte from the pcapng spec. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pcapng.h"
#include "source.h"
#include "unit.h"

/* ---- helpers: a temp file, and reading every frame through the source API */

static void
ng_tmpfile(char path[64], const uint8_t *b, size_t n)
{
	int fd;

	snprintf(path, 64, "/tmp/tsunit-ng-XXXXXX");
	fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK_EQ(write(fd, b, n), n);
	close(fd);
}

struct ng_got {
	uint64_t	number;
	int64_t		ts;
	uint32_t	caplen, len;
	int		linktype;
	char		label[VANTAGE_LABEL_MAX];
	uint8_t		b0;	/* first data byte */
};

/* Read a whole file; returns frames read (at most max), set kept for checks. */
static size_t
ng_read(struct source_set *s, struct ng_got *g, size_t max)
{
	struct frame f;
	size_t n = 0;

	while (n < max && source_next(s, &f) == 1) {
		const struct vantage *v = source_vantage(s, f.vantage);

		g[n].number = f.number;
		g[n].ts = f.ts_ns;
		g[n].caplen = f.caplen;
		g[n].len = f.len;
		g[n].linktype = f.linktype;
		snprintf(g[n].label, sizeof(g[n].label), "%s",
		    v != NULL ? v->label : "?");
		g[n].b0 = f.caplen > 0 ? f.data[0] : 0;
		n++;
	}
	return n;
}

/* Open spec ("[label=]" + path) into a fresh set; NULL on failure. */
static struct source_set *
ng_open(const char *label, const char *path, char *err, size_t errlen)
{
	struct source_set *s = source_new();
	char spec[128];

	snprintf(spec, sizeof(spec), "%s%s%s", label ? label : "",
	    label ? "=" : "", path);
	if (source_add_file(s, spec, err, errlen) != 0) {
		source_free(s);
		return NULL;
	}
	return s;
}

/* ---- one file, little-endian, written out by hand ------------------- */

static const uint8_t ng_le[] = {
	/* SHB: type, total 28, byte-order magic, v1.0, section length -1 */
	0x0A, 0x0D, 0x0D, 0x0A, 0x1C, 0x00, 0x00, 0x00,
	0x4D, 0x3C, 0x2B, 0x1A, 0x01, 0x00, 0x00, 0x00,
	0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
	0x1C, 0x00, 0x00, 0x00,
	/* IDB: total 32, linktype 1, snaplen 65535, if_name "eth0", end */
	0x01, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00,
	0x02, 0x00, 0x04, 0x00, 'e', 't', 'h', '0',
	0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00,
	/* EPB: total 40, if 0, ts 1700000000123456 us = 0x00060a24:18202240,
	 * caplen 5, len 60, data 01..05 + 3 pad */
	0x06, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x24, 0x0A, 0x06, 0x00,
	0x40, 0x22, 0x20, 0x18, 0x05, 0x00, 0x00, 0x00,
	0x3C, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04,
	0x05, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00,
	/* EPB: total 36, ts 1700000000500000 us = 0x00060a24:1825e120, 4/4 */
	0x06, 0x00, 0x00, 0x00, 0x24, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x24, 0x0A, 0x06, 0x00,
	0x20, 0xE1, 0x25, 0x18, 0x04, 0x00, 0x00, 0x00,
	0x04, 0x00, 0x00, 0x00, 0xAA, 0xBB, 0xCC, 0xDD,
	0x24, 0x00, 0x00, 0x00,
};

/* The same capture, big-endian. */
static const uint8_t ng_be[] = {
	0x0A, 0x0D, 0x0D, 0x0A, 0x00, 0x00, 0x00, 0x1C,
	0x1A, 0x2B, 0x3C, 0x4D, 0x00, 0x01, 0x00, 0x00,
	0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
	0x00, 0x00, 0x00, 0x1C,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x20,
	0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF,
	0x00, 0x02, 0x00, 0x04, 'e', 't', 'h', '0',
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20,
	0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x28,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0x0A, 0x24,
	0x18, 0x20, 0x22, 0x40, 0x00, 0x00, 0x00, 0x05,
	0x00, 0x00, 0x00, 0x3C, 0x01, 0x02, 0x03, 0x04,
	0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x28,
	0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x24,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0x0A, 0x24,
	0x18, 0x25, 0xE1, 0x20, 0x00, 0x00, 0x00, 0x04,
	0x00, 0x00, 0x00, 0x04, 0xAA, 0xBB, 0xCC, 0xDD,
	0x00, 0x00, 0x00, 0x24,
};

static void
ng_check_basic(const uint8_t *b, size_t n)
{
	char path[64], err[256], want[64];
	struct ng_got g[4];
	struct source_set *s;
	const struct input_info *in;
	const char *base;

	ng_tmpfile(path, b, n);
	s = ng_open(NULL, path, err, sizeof(err));
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_STR(err, "");
	CHECK_EQ(ng_read(s, g, 4), 2);
	/* One interface: the vantage is named after the file, not "eth0". */
	base = strrchr(path, '/') + 1;
	snprintf(want, sizeof(want), "%s", base);
	CHECK_STR(g[0].label, want);
	CHECK_EQ(g[0].number, 1);
	CHECK_EQ(g[0].ts, INT64_C(1700000000123456000));
	CHECK_EQ(g[0].caplen, 5);
	CHECK_EQ(g[0].len, 60);
	CHECK_EQ(g[0].linktype, 1);
	CHECK_EQ(g[0].b0, 0x01);
	CHECK_EQ(g[1].number, 2);
	CHECK_EQ(g[1].ts, INT64_C(1700000000500000000));
	CHECK_EQ(g[1].caplen, 4);
	CHECK_EQ(g[1].b0, 0xAA);
	in = source_input(s, 0);
	CHECK_EQ(in->format, SRC_FMT_PCAPNG);
	CHECK_EQ(in->records, 2);
	CHECK_EQ(in->accepted, 2);
	CHECK_EQ(in->bytes, n);
	CHECK_EQ(in->broken, 0);
	CHECK_EQ(in->nsec, 0);
	CHECK_EQ(in->first_ts, INT64_C(1700000000123456000));
	CHECK_EQ(in->last_ts, INT64_C(1700000000500000000));
	CHECK_EQ(source_nvantages(s), 1);
	CHECK_EQ(source_vantage(s, 0)->snaplen, 65535);
	source_free(s);
	unlink(path);
}

TEST(pcapng_little_endian_by_hand) { ng_check_basic(ng_le, sizeof(ng_le)); }
TEST(pcapng_big_endian_by_hand) { ng_check_basic(ng_be, sizeof(ng_be)); }

TEST(pcapng_user_label_single_interface)
{
	char path[64], err[256];
	struct ng_got g[4];
	struct source_set *s;

	ng_tmpfile(path, ng_le, sizeof(ng_le));
	s = ng_open("wan", path, err, sizeof(err));
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_EQ(ng_read(s, g, 4), 2);
	CHECK_STR(g[0].label, "wan");
	CHECK_STR(source_input(s, 0)->label, "wan");
	source_free(s);
	unlink(path);
}

/* ---- a builder for the remaining cases (spec section 4: block layout) */

struct ngb {
	uint8_t	b[4096];
	size_t	n;
	int	be;
	size_t	start;
};

static void
ngb_u8(struct ngb *w, unsigned v)
{
	if (w->n < sizeof(w->b))
		w->b[w->n++] = (uint8_t)v;
}

static void
ngb_u16(struct ngb *w, unsigned v)
{
	if (w->be) {
		ngb_u8(w, v >> 8);
		ngb_u8(w, v & 0xff);
	} else {
		ngb_u8(w, v & 0xff);
		ngb_u8(w, v >> 8);
	}
}

static void
ngb_u32(struct ngb *w, uint32_t v)
{
	if (w->be) {
		ngb_u16(w, v >> 16);
		ngb_u16(w, v & 0xffff);
	} else {
		ngb_u16(w, v & 0xffff);
		ngb_u16(w, v >> 16);
	}
}

static void
ngb_data(struct ngb *w, const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ngb_u8(w, ((const uint8_t *)p)[i]);
	while (w->n % 4)
		ngb_u8(w, 0);
}

static void
ngb_begin(struct ngb *w, uint32_t type)
{
	w->start = w->n;
	ngb_u32(w, type);
	ngb_u32(w, 0);		/* patched by ngb_end */
}

static void
ngb_end(struct ngb *w)
{
	uint32_t total = (uint32_t)(w->n - w->start + 4);
	size_t save;

	ngb_u32(w, total);
	save = w->n;
	w->n = w->start + 4;
	ngb_u32(w, total);
	w->n = save;
}

static void
ngb_shb(struct ngb *w, int be)
{
	w->be = be;
	ngb_begin(w, 0x0A0D0D0A);
	ngb_u32(w, 0x1A2B3C4D);
	ngb_u16(w, 1);
	ngb_u16(w, 0);
	ngb_u32(w, 0xFFFFFFFF);	/* section length -1: unknown */
	ngb_u32(w, 0xFFFFFFFF);
	ngb_end(w);
}

static void
ngb_opt(struct ngb *w, unsigned code, const void *v, size_t n)
{
	ngb_u16(w, code);
	ngb_u16(w, (unsigned)n);
	ngb_data(w, v, n);
}

/* tsresol < 0: no option; has_off: add if_tsoffset. */
static void
ngb_idb(struct ngb *w, unsigned lt, uint32_t snap, const char *name,
    int tsresol, int has_off, int64_t off)
{
	ngb_begin(w, 1);
	ngb_u16(w, lt);
	ngb_u16(w, 0);
	ngb_u32(w, snap);
	if (name != NULL)
		ngb_opt(w, 2, name, strlen(name));
	if (tsresol >= 0) {
		uint8_t r = (uint8_t)tsresol;

		ngb_opt(w, 9, &r, 1);
	}
	if (has_off) {
		uint64_t u = (uint64_t)off;

		ngb_u16(w, 14);
		ngb_u16(w, 8);
		if (w->be) {
			ngb_u32(w, (uint32_t)(u >> 32));
			ngb_u32(w, (uint32_t)u);
		} else {
			ngb_u32(w, (uint32_t)u);
			ngb_u32(w, (uint32_t)(u >> 32));
		}
	}
	if (name != NULL || tsresol >= 0 || has_off)
		ngb_opt(w, 0, NULL, 0);
	ngb_end(w);
}

static void
ngb_epb(struct ngb *w, uint32_t ifid, uint64_t units, uint32_t caplen,
    uint32_t len, uint8_t fill)
{
	uint8_t d[64];

	memset(d, fill, sizeof(d));
	ngb_begin(w, 6);
	ngb_u32(w, ifid);
	ngb_u32(w, (uint32_t)(units >> 32));
	ngb_u32(w, (uint32_t)units);
	ngb_u32(w, caplen);
	ngb_u32(w, len);
	ngb_data(w, d, caplen);
	ngb_end(w);
}

static struct source_set *
ngb_open(const struct ngb *w, const char *label, char path[64], char *err,
    size_t errlen)
{
	ng_tmpfile(path, w->b, w->n);
	return ng_open(label, path, err, errlen);
}

TEST(pcapng_several_interfaces_are_vantages)
{
	struct ngb w = { .n = 0 };
	char path[64], err[256];
	struct ng_got g[8];
	struct source_set *s;

	ngb_shb(&w, 0);
	ngb_idb(&w, 1, 0, "eth1", -1, 0, 0);
	ngb_idb(&w, 101, 1500, NULL, -1, 0, 0);	/* unnamed: "if1" */
	ngb_epb(&w, 1, 2000000, 20, 20, 0x45);	/* 2.000000 s */
	ngb_epb(&w, 0, 1000000, 14, 64, 0x00);	/* 1.000000 s: earlier */
	ngb_epb(&w, 1, 3000000, 20, 20, 0x60);
	s = ngb_open(&w, NULL, path, err, sizeof(err));
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_EQ(source_nvantages(s), 2);
	/* One file keeps file order even when its timestamps go backwards. */
	CHECK_EQ(ng_read(s, g, 8), 3);
	CHECK_EQ(g[0].number, 1);
	CHECK_STR(g[0].label, "if1");
	CHECK_EQ(g[0].linktype, 101);
	CHECK_EQ(g[0].b0, 0x45);
	CHECK_EQ(g[1].number, 2);
	CHECK_STR(g[1].label, "eth1");
	CHECK_EQ(g[1].linktype, 1);
	CHECK_EQ(g[1].caplen, 14);
	CHECK_EQ(g[1].len, 64);
	CHECK_EQ(g[1].ts, INT64_C(1000000000));
	CHECK_EQ(g[2].number, 3);
	CHECK_STR(g[2].label, "if1");
	CHECK_EQ(source_vantage(s, 1)->snaplen, 1500);
	source_free(s);

	/* With label=: "label/ifname". */
	s = ng_open("pe1", path, err, sizeof(err));
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_EQ(ng_read(s, g, 8), 3);
	CHECK_STR(g[0].label, "pe1/if1");
	CHECK_STR(g[1].label, "pe1/eth1");
	source_free(s);
	unlink(path);
}

TEST(pcapng_tsresol_and_tsoffset)
{
	struct ngb w = { .n = 0 };
	char path[64], err[256];
	struct ng_got g[8];
	struct source_set *s;

	ngb_shb(&w, 1);
	/* 10^-9: units are nanoseconds. */
	ngb_idb(&w, 1, 0, "a", 9, 0, 0);
	/* 2^-10 (0x8a): 1024 units a second, plus 100 s of offset. */
	ngb_idb(&w, 1, 0, "b", 0x8a, 1, 100);
	/* 10^0 with a negative offset. */
	ngb_idb(&w, 1, 0, "c", 0, 1, -5);
	ngb_epb(&w, 0, UINT64_C(1700000000123456789), 1, 1, 1);
	/* 1000.5 s = 1000 * 1024 + 512 units, + 100 s = 1100.5 s */
	ngb_epb(&w, 1, 1000 * 1024 + 512, 1, 1, 2);
	/* 1 / 1024 s = 976562.5 ns: truncated to 976562 */
	ngb_epb(&w, 1, 1, 1, 1, 3);
	ngb_epb(&w, 2, 10, 1, 1, 4);		/* 10 s - 5 s */
	s = ngb_open(&w, NULL, path, err, sizeof(err));
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_EQ(ng_read(s, g, 8), 4);
	CHECK_EQ(g[0].ts, INT64_C(1700000000123456789));
	CHECK_EQ(g[1].ts, INT64_C(1100500000000));
	CHECK_EQ(g[2].ts, INT64_C(100000976562));
	CHECK_EQ(g[3].ts, INT64_C(5000000000));
	CHECK_EQ(source_input(s, 0)->nsec, 1);	/* 10^-9 is finer than us */
	source_free(s);
	unlink(path);
}

TEST(pcapng_ts_conversion_saturates)
{
	struct pcapng_if i = { .tsresol = 6 };

	CHECK_EQ(pcapng_ts_ns(&i, 1), 1000);
	CHECK_EQ(pcapng_ts_ns(&i, UINT64_MAX), INT64_MAX);
	i.tsresol = 12;				/* picoseconds */
	CHECK_EQ(pcapng_ts_ns(&i, 1234567), 1234);
	i.tsresol = 0x80 | 63;			/* 2^-63 s */
	CHECK_EQ(pcapng_ts_ns(&i, UINT64_C(1) << 62), 500000000);
	i.tsresol = 0x80 | 127;
	CHECK_EQ(pcapng_ts_ns(&i, UINT64_MAX), 0);
	i.tsresol = 127;			/* 10^-127: always 0 */
	CHECK_EQ(pcapng_ts_ns(&i, UINT64_MAX), 0);
	i.tsresol = 0x80;			/* 2^0: seconds */
	CHECK_EQ(pcapng_ts_ns(&i, 3), 3000000000u);
	i.tsresol = 9;
	i.tsoffset = INT64_MIN;
	CHECK_EQ(pcapng_ts_ns(&i, 5), (uint64_t)(INT64_MIN + 5));
	CHECK_EQ(pcapng_if_nsec(&i), 1);
	i.tsresol = 0x80 | 19;			/* 2^-19 ~ 1.9 us */
	CHECK_EQ(pcapng_if_nsec(&i), 0);
	i.tsresol = 0x80 | 20;
	CHECK_EQ(pcapng_if_nsec(&i), 1);
	i.tsresol = 6;
	CHECK_EQ(pcapng_if_nsec(&i), 0);
}

TEST(pcapng_simple_and_obsolete_packet_blocks)
{
	struct ngb w = { .n = 0 };
	char path[64], err[256];
	struct ng_got g[8];
	struct source_set *s;
	uint8_t d[12];

	memset(d, 0x77, sizeof(d));
	ngb_shb(&w, 0);
	ngb_idb(&w, 1, 8, NULL, -1, 0, 0);	/* snaplen 8 */
	ngb_epb(&w, 0, 5000000, 4, 4, 0x11);	/* 5 s */
	/* SPB: original length 10, min(10, snaplen 8) = 8 data bytes. */
	ngb_begin(&w, 3);
	ngb_u32(&w, 10);
	ngb_data(&w, d, 8);
	ngb_end(&w);
	/* SPB: original length 6: caplen min(snaplen 8, len 6) = 6. */
	ngb_begin(&w, 3);
	ngb_u32(&w, 6);
	ngb_data(&w, d, 8);
	ngb_end(&w);
	/* Obsolete Packet Block: if 0 (u16), drops 0 (u16), ts, 3/40. */
	ngb_begin(&w, 2);
	ngb_u16(&w, 0);
	ngb_u16(&w, 0);
	ngb_u32(&w, 0);
	ngb_u32(&w, 7000000);
	ngb_u32(&w, 3);
	ngb_u32(&w, 40);
	ngb_data(&w, "\x99\x98\x97", 3);
	ngb_end(&w);
	s = ngb_open(&w, NULL, path, err, sizeof(err));
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_EQ(ng_read(s, g, 8), 4);
	CHECK_EQ(g[1].number, 2);
	CHECK_EQ(g[1].caplen, 8);
	CHECK_EQ(g[1].len, 10);
	CHECK_EQ(g[1].b0, 0x77);
	CHECK_EQ(g[1].ts, INT64_C(5000000000));	/* no ts: the previous */
	CHECK_EQ(g[2].caplen, 6);
	CHECK_EQ(g[2].len, 6);
	CHECK_EQ(g[3].number, 4);
	CHECK_EQ(g[3].caplen, 3);
	CHECK_EQ(g[3].len, 40);
	CHECK_EQ(g[3].b0, 0x99);
	CHECK_EQ(g[3].ts, INT64_C(7000000000));
	source_free(s);
	unlink(path);
}

TEST(pcapng_skips_other_blocks_and_sections)
{
	struct ngb w = { .n = 0 };
	char path[64], err[256];
	struct ng_got g[8];
	struct source_set *s;

	ngb_shb(&w, 0);
	ngb_idb(&w, 1, 0, "eth0", -1, 0, 0);
	/* NRB: one IPv4 record then end of records. */
	ngb_begin(&w, 4);
	ngb_u16(&w, 1);
	ngb_u16(&w, 6);
	ngb_data(&w, "\x0a\x00\x00\x01" "a", 5);
	ngb_u32(&w, 0);
	ngb_end(&w);
	ngb_epb(&w, 0, 1000000, 2, 2, 0x01);
	/* ISB: interface 0, ts, no options. */
	ngb_begin(&w, 5);
	ngb_u32(&w, 0);
	ngb_u32(&w, 0);
	ngb_u32(&w, 0);
	ngb_end(&w);
	/* Custom block (0x00000BAD): PEN + junk. */
	ngb_begin(&w, 0x00000BAD);
	ngb_u32(&w, 32473);
	ngb_data(&w, "junkjunk", 8);
	ngb_end(&w);
	/* A second section, big-endian, with its own interface 0 = eth0 and
	 * one new interface: interface ids restart per section. */
	ngb_shb(&w, 1);
	ngb_idb(&w, 1, 0, "eth0", -1, 0, 0);
	ngb_idb(&w, 113, 0, "any", -1, 0, 0);
	ngb_epb(&w, 1, 2000000, 2, 2, 0x02);
	ngb_epb(&w, 0, 3000000, 2, 2, 0x03);
	s = ngb_open(&w, NULL, path, err, sizeof(err));
	CHECK(s != NULL);
	if (s == NULL)
		return;
	/* The custom block is frame 2 for Wireshark: numbered, not returned. */
	CHECK_EQ(ng_read(s, g, 8), 3);
	CHECK_EQ(g[0].number, 1);
	CHECK_EQ(g[1].number, 3);
	CHECK_EQ(g[1].linktype, 113);
	CHECK_STR(g[1].label, "any");
	CHECK_EQ(g[1].b0, 0x02);
	/* eth0 again in section 2: the same vantage as section 1's eth0. */
	CHECK_EQ(g[2].number, 4);
	CHECK_EQ(g[2].b0, 0x03);
	CHECK_STR(g[2].label, g[0].label);
	CHECK_EQ(source_nvantages(s), 2);
	CHECK_EQ(source_input(s, 0)->broken, 0);
	CHECK_EQ(source_input(s, 0)->records, 4);
	CHECK_EQ(source_input(s, 0)->skipped_frames, 1);
	source_free(s);
	unlink(path);
}

TEST(pcapng_unsupported_interface_skipped)
{
	struct ngb w = { .n = 0 };
	char path[64], err[256];
	struct ng_got g[8];
	struct source_set *s;
	const struct input_info *in;

	ngb_shb(&w, 0);
	ngb_idb(&w, 9, 0, "ppp0", -1, 0, 0);	/* LINKTYPE_PPP */
	ngb_idb(&w, 1, 0, "eth0", -1, 0, 0);
	ngb_epb(&w, 0, 1000000, 4, 4, 0xff);
	ngb_epb(&w, 1, 2000000, 4, 4, 0x01);
	s = ngb_open(&w, NULL, path, err, sizeof(err));
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK(strstr(err, "link type 9 (PPP) is not supported") != NULL);
	CHECK(strstr(err, "ppp0") != NULL);
	CHECK_EQ(ng_read(s, g, 8), 1);
	CHECK_EQ(g[0].number, 2);		/* the PPP packet still counts */
	CHECK_STR(g[0].label, "eth0");
	in = source_input(s, 0);
	CHECK_EQ(in->records, 2);
	CHECK_EQ(in->accepted, 1);
	CHECK_EQ(in->skipped_frames, 1);
	CHECK_EQ(in->skipped, 0);
	CHECK(strstr(in->note, "link type 9 (PPP)") != NULL);
	source_free(s);
	unlink(path);
}

/* Two good packets, then whatever the case appends. */
static void
ng_two_good(struct ngb *w)
{
	ngb_shb(w, 0);
	ngb_idb(w, 1, 0, NULL, -1, 0, 0);
	ngb_epb(w, 0, 1000000, 4, 4, 0x01);
	ngb_epb(w, 0, 2000000, 4, 4, 0x02);
}

static void
ng_expect_broken(const struct ngb *w, const char *needle)
{
	char path[64], err[256];
	struct ng_got g[8];
	struct source_set *s;
	const struct input_info *in;

	s = ngb_open(w, NULL, path, err, sizeof(err));
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_EQ(ng_read(s, g, 8), 2);
	CHECK_EQ(g[1].number, 2);
	in = source_input(s, 0);
	CHECK_EQ(in->broken, 1);
	CHECK_EQ(in->records, 2);
	CHECK(strstr(in->error, needle) != NULL);
	if (strstr(in->error, needle) == NULL)
		printf("#   error was: %s\n", in->error);
	CHECK(strstr(in->error, "after frame 2") != NULL);
	source_free(s);
	unlink(path);
}

TEST(pcapng_bad_trailing_length)
{
	struct ngb w = { .n = 0 };
	size_t at;

	ng_two_good(&w);
	ngb_epb(&w, 0, 3000000, 4, 4, 0x03);
	at = w.n - 4;
	w.b[at] = 0x30;		/* trailing 48, leading 36 */
	ng_expect_broken(&w, "36 at the start, 48 at the end");
}

TEST(pcapng_block_length_lies)
{
	struct ngb w = { .n = 0 };
	size_t at;

	/* Total length 8: shorter than a block can be. */
	ng_two_good(&w);
	at = w.n;
	ngb_epb(&w, 0, 3000000, 4, 4, 0x03);
	w.b[at + 4] = 8;
	ng_expect_broken(&w, "total length 8");

	/* Not a multiple of 4. */
	w.n = 0;
	ng_two_good(&w);
	at = w.n;
	ngb_epb(&w, 0, 3000000, 4, 4, 0x03);
	w.b[at + 4] = 37;
	ng_expect_broken(&w, "total length 37");

	/* Larger than the file. */
	w.n = 0;
	ng_two_good(&w);
	at = w.n;
	ngb_epb(&w, 0, 3000000, 4, 4, 0x03);
	w.b[at + 4] = 0x00;
	w.b[at + 5] = 0x10;	/* 4096 bytes, 36 present */
	ng_expect_broken(&w, "only 36 present");

	/* Over the 256 MiB cap: refused before any allocation. */
	w.n = 0;
	ng_two_good(&w);
	at = w.n;
	ngb_epb(&w, 0, 3000000, 4, 4, 0x03);
	w.b[at + 4] = 0x04;
	w.b[at + 7] = 0x10;	/* 0x10000004 */
	ng_expect_broken(&w, "over 256 MiB are refused");

	/* Captured length beyond the block. */
	w.n = 0;
	ng_two_good(&w);
	at = w.n;
	ngb_epb(&w, 0, 3000000, 4, 4, 0x03);
	w.b[at + 20] = 5;
	ng_expect_broken(&w, "captured length 5 exceeds the block");

	/* Cut in the middle of a block header. */
	w.n = 0;
	ng_two_good(&w);
	ngb_epb(&w, 0, 3000000, 4, 4, 0x03);
	w.n -= 36 - 6;
	ng_expect_broken(&w, "truncated block header");

	/* A packet for an interface the section never described. */
	w.n = 0;
	ng_two_good(&w);
	ngb_epb(&w, 7, 3000000, 4, 4, 0x03);
	ng_expect_broken(&w, "names interface 7");
}

TEST(pcapng_not_a_section_header)
{
	struct ngb w = { .n = 0 };
	char path[64], err[256];
	struct ng_got g[2];
	struct source_set *s;

	/* Starts with 0x0A but the magic is wrong. */
	ngb_shb(&w, 0);
	w.b[8] = 0x11;
	s = ngb_open(&w, NULL, path, err, sizeof(err));
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_EQ(ng_read(s, g, 2), 0);
	CHECK_EQ(source_input(s, 0)->broken, 1);
	CHECK(strstr(source_input(s, 0)->error, "byte-order magic") != NULL);
	source_free(s);
	unlink(path);
}

/* Ethernet + IPv4 10.0.0.1 -> 10.0.0.2, protocol proto, 8 bytes of L4. */
static void
ng_eth_ip(uint8_t f[42], unsigned proto)
{
	static const uint8_t hdr[34] = {
		0x00, 0x00, 0x5e, 0x00, 0x53, 0x02, 0x00, 0x00,
		0x5e, 0x00, 0x53, 0x01, 0x08, 0x00,
		0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00,
		0x40, 0x11, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01,
		0x0a, 0x00, 0x00, 0x02,
	};

	memcpy(f, hdr, sizeof(hdr));
	f[23] = (uint8_t)proto;
	memcpy(f + 34, "\x06\xa5\x06\xa5\x00\x08\x00\x00", 8);
}

static void
ngb_epb_data(struct ngb *w, uint32_t ifid, uint64_t units,
    const uint8_t *d, uint32_t n)
{
	ngb_begin(w, 6);
	ngb_u32(w, ifid);
	ngb_u32(w, (uint32_t)(units >> 32));
	ngb_u32(w, (uint32_t)units);
	ngb_u32(w, n);
	ngb_u32(w, n);
	ngb_data(w, d, n);
	ngb_end(w);
}

TEST(pcapng_filter_compiled_per_interface_link_type)
{
	struct ngb w = { .n = 0 };
	char path[64], err[256];
	struct ng_got g[8];
	struct source_set *s;
	uint8_t udp[42], tcp[42];

	ng_eth_ip(udp, 17);
	ng_eth_ip(tcp, 6);
	ngb_shb(&w, 0);
	ngb_idb(&w, 1, 0, "eth0", -1, 0, 0);
	ngb_idb(&w, 101, 0, "tun0", -1, 0, 0);		/* raw IP */
	ngb_epb_data(&w, 1, 1, tcp + 14, 28);
	ngb_epb_data(&w, 0, 2, udp, 42);
	ngb_epb_data(&w, 1, 3, udp + 14, 28);
	ngb_epb_data(&w, 0, 4, tcp, 42);
	s = ngb_open(&w, NULL, path, err, sizeof(err));
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_EQ(source_set_filter(s, "udp and host 10.0.0.2", err,
	    sizeof(err)), 0);
	CHECK_EQ(ng_read(s, g, 8), 2);
	CHECK_EQ(g[0].number, 2);
	CHECK_STR(g[0].label, "eth0");
	CHECK_EQ(g[1].number, 3);
	CHECK_STR(g[1].label, "tun0");
	CHECK_EQ(g[1].linktype, 101);
	CHECK_EQ(source_input(s, 0)->records, 4);
	CHECK_EQ(source_input(s, 0)->accepted, 2);
	/* An Ethernet-only expression does not compile for raw IP. */
	CHECK_EQ(source_set_filter(s, "ether host 00:00:5e:00:53:01", err,
	    sizeof(err)), -1);
	CHECK(strstr(err, "tun0") != NULL);
	source_free(s);
	unlink(path);
}
