/* source_test.c - capture inputs: pcap by hand, labels, merge order, BPF numbering, broken files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "source.h"
#include "unit.h"

/* ---- helpers ------------------------------------------------------- */

/* suffix: "" or ".pcap"; path receives the name. */
static void
src_tmpfile(char path[64], const char *suffix, const uint8_t *b, size_t n)
{
	int fd;

	snprintf(path, 64, "/tmp/tsunit-src-XXXXXX%s", suffix);
	fd = mkstemps(path, (int)strlen(suffix));
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	if (n > 0)
		CHECK_EQ(write(fd, b, n), n);
	close(fd);
}

struct src_got {
	uint64_t	number;
	int64_t		ts;
	uint32_t	caplen, len;
	int		linktype;
	char		label[VANTAGE_LABEL_MAX];
};

static size_t
src_read(struct source_set *s, struct src_got *g, size_t max)
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
		n++;
	}
	return n;
}

/* A classic pcap writer (draft-ietf-opsawg-pcap: 24-byte header, 16-byte
 * record headers), either byte order, micro or nano magic. */
struct pw {
	uint8_t	b[4096];
	size_t	n;
	int	be;
};

static void
pw_u8(struct pw *w, unsigned v)
{
	if (w->n < sizeof(w->b))
		w->b[w->n++] = (uint8_t)v;
}

static void
pw_u16(struct pw *w, unsigned v)
{
	if (w->be) {
		pw_u8(w, v >> 8);
		pw_u8(w, v & 0xff);
	} else {
		pw_u8(w, v & 0xff);
		pw_u8(w, v >> 8);
	}
}

static void
pw_u32(struct pw *w, uint32_t v)
{
	if (w->be) {
		pw_u16(w, v >> 16);
		pw_u16(w, v & 0xffff);
	} else {
		pw_u16(w, v & 0xffff);
		pw_u16(w, v >> 16);
	}
}

static void
pw_header(struct pw *w, int be, int nano, uint32_t linktype)
{
	w->n = 0;
	w->be = be;
	pw_u32(w, nano ? 0xA1B23C4D : 0xA1B2C3D4);
	pw_u16(w, 2);
	pw_u16(w, 4);
	pw_u32(w, 0);		/* thiszone */
	pw_u32(w, 0);		/* sigfigs */
	pw_u32(w, 65535);	/* snaplen */
	pw_u32(w, linktype);
}

static void
pw_record(struct pw *w, uint32_t sec, uint32_t frac, const uint8_t *d,
    uint32_t caplen, uint32_t len)
{
	pw_u32(w, sec);
	pw_u32(w, frac);
	pw_u32(w, caplen);
	pw_u32(w, len);
	for (uint32_t i = 0; i < caplen; i++)
		pw_u8(w, d[i]);
}

/* Ethernet + IPv4 (10.0.0.1 -> 10.0.0.2) + 8 bytes of UDP or TCP start. */
static void
src_eth_ip(uint8_t f[42], unsigned proto)
{
	static const uint8_t hdr[34] = {
		0x00, 0x00, 0x5e, 0x00, 0x53, 0x02,	/* dst */
		0x00, 0x00, 0x5e, 0x00, 0x53, 0x01,	/* src */
		0x08, 0x00,				/* IPv4 */
		0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00,
		0x40, 0x11, 0x00, 0x00,			/* ttl, proto, sum */
		0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
	};

	memcpy(f, hdr, sizeof(hdr));
	f[23] = (uint8_t)proto;
	/* ports 1701 -> 1701, length 8, checksum 0 */
	memcpy(f + 34, "\x06\xa5\x06\xa5\x00\x08\x00\x00", 8);
}

/* ---- a classic pcap written out by hand ------------------------------ */

static const uint8_t src_pcap_le[] = {
	/* magic a1b2c3d4 (usec) little-endian, v2.4, zone 0, sigfigs 0,
	 * snaplen 262144, linktype 1 */
	0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00,
	/* record: 1700000000 s (0x6553f100), 250000 us (0x3d090),
	 * caplen 3, len 64 */
	0x00, 0xf1, 0x53, 0x65, 0x90, 0xd0, 0x03, 0x00,
	0x03, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00,
	0xde, 0xad, 0x01,
};

TEST(source_pcap_by_hand)
{
	char path[64], err[256], want[64];
	struct src_got g[4];
	struct source_set *s = source_new();
	const struct input_info *in;

	src_tmpfile(path, ".pcap", src_pcap_le, sizeof(src_pcap_le));
	CHECK_EQ(source_add_file(s, path, err, sizeof(err)), 0);
	CHECK_STR(err, "");
	CHECK_EQ(src_read(s, g, 4), 1);
	CHECK_EQ(g[0].number, 1);
	CHECK_EQ(g[0].ts, INT64_C(1700000000250000000));
	CHECK_EQ(g[0].caplen, 3);
	CHECK_EQ(g[0].len, 64);
	CHECK_EQ(g[0].linktype, 1);
	/* Default label: base name without its extension. */
	snprintf(want, sizeof(want), "%.*s", (int)(strlen(path) - 10),
	    path + 5);
	CHECK_STR(g[0].label, want);
	in = source_input(s, 0);
	CHECK_STR(in->label, want);
	CHECK_STR(in->path, path);
	CHECK_EQ(in->format, SRC_FMT_PCAP);
	CHECK_EQ(in->nsec, 0);
	CHECK_EQ(in->bytes, sizeof(src_pcap_le));
	CHECK_EQ(in->records, 1);
	CHECK_EQ(in->accepted, 1);
	CHECK_EQ(in->broken, 0);
	CHECK_EQ(source_vantage(s, 0)->snaplen, 262144);
	source_free(s);
	unlink(path);
}

TEST(source_pcap_nanosecond_big_endian)
{
	struct pw w;
	char path[64], err[256];
	struct src_got g[4];
	struct source_set *s = source_new();
	uint8_t d[4] = { 1, 2, 3, 4 };

	pw_header(&w, 1, 1, 101);		/* LINKTYPE_RAW */
	pw_record(&w, 1700000000, 123456789, d, 4, 4);
	/* Past 2038: the seconds field is unsigned. */
	pw_record(&w, 0x80000001u, 1, d, 4, 4);
	src_tmpfile(path, "", w.b, w.n);
	CHECK_EQ(source_add_file(s, path, err, sizeof(err)), 0);
	CHECK_EQ(src_read(s, g, 4), 2);
	CHECK_EQ(g[0].ts, INT64_C(1700000000123456789));
	CHECK_EQ(g[1].ts, INT64_C(2147483649000000001));
	CHECK_EQ(source_input(s, 0)->nsec, 1);
	source_free(s);
	unlink(path);
}

TEST(source_pcap_invalid_fraction_is_unsigned)
{
	struct pw w;
	char path[64], err[256];
	struct src_got g[4];
	struct source_set *s;
	uint8_t d[1] = { 0 };

	/* A fraction >= 1 s is invalid; read it as the unsigned field it is,
	 * never as a negative number (libpcap sign-extends it). */
	pw_header(&w, 0, 0, 1);			/* microseconds */
	pw_record(&w, 100, 0x80000000u, d, 1, 1);
	src_tmpfile(path, "", w.b, w.n);
	s = source_new();
	CHECK_EQ(source_add_file(s, path, err, sizeof(err)), 0);
	CHECK_EQ(src_read(s, g, 4), 1);
	CHECK_EQ(g[0].ts, INT64_C(100000000000) + INT64_C(2147483648000));
	source_free(s);
	unlink(path);

	pw_header(&w, 1, 1, 1);			/* nanoseconds */
	pw_record(&w, 100, 0xFFFFFFFFu, d, 1, 1);
	src_tmpfile(path, "", w.b, w.n);
	s = source_new();
	CHECK_EQ(source_add_file(s, path, err, sizeof(err)), 0);
	CHECK_EQ(src_read(s, g, 4), 1);
	CHECK_EQ(g[0].ts, INT64_C(100000000000) + INT64_C(4294967295));
	source_free(s);
	unlink(path);
}

TEST(source_merge_by_time_stable_on_ties)
{
	struct pw w;
	char pa[64], pb[64], sa[80], sb[80], err[256];
	struct src_got g[10];
	struct source_set *s;
	uint8_t d[1] = { 0 };
	static const char *want1[] = { "a", "b", "a", "b", "b", "a", "b" };
	static const uint64_t num1[] = { 1, 1, 2, 2, 3, 3, 4 };

	pw_header(&w, 0, 0, 1);
	pw_record(&w, 1, 0, d, 1, 1);
	pw_record(&w, 3, 0, d, 1, 1);
	pw_record(&w, 5, 0, d, 1, 1);
	src_tmpfile(pa, "", w.b, w.n);
	pw_header(&w, 0, 0, 1);
	pw_record(&w, 2, 0, d, 1, 1);
	pw_record(&w, 3, 0, d, 1, 1);
	pw_record(&w, 4, 0, d, 1, 1);
	pw_record(&w, 5, 0, d, 1, 1);
	src_tmpfile(pb, "", w.b, w.n);
	snprintf(sa, sizeof(sa), "a=%s", pa);
	snprintf(sb, sizeof(sb), "b=%s", pb);

	s = source_new();
	CHECK_EQ(source_add_file(s, sa, err, sizeof(err)), 0);
	CHECK_EQ(source_add_file(s, sb, err, sizeof(err)), 0);
	CHECK_EQ(src_read(s, g, 10), 7);
	for (size_t i = 0; i < 7; i++) {
		CHECK_STR(g[i].label, want1[i]);
		CHECK_EQ(g[i].number, num1[i]);
		if (i > 0)
			CHECK(g[i].ts >= g[i - 1].ts);
	}
	source_free(s);

	/* Inputs given the other way round: ties go to b now. */
	s = source_new();
	CHECK_EQ(source_add_file(s, sb, err, sizeof(err)), 0);
	CHECK_EQ(source_add_file(s, sa, err, sizeof(err)), 0);
	CHECK_EQ(src_read(s, g, 10), 7);
	CHECK_STR(g[2].label, "b");	/* t=3 */
	CHECK_STR(g[3].label, "a");
	CHECK_STR(g[5].label, "b");	/* t=5 */
	CHECK_STR(g[6].label, "a");
	source_free(s);
	unlink(pa);
	unlink(pb);
}

TEST(source_filter_keeps_wireshark_numbering)
{
	struct pw w;
	char path[64], err[256];
	struct src_got g[4];
	struct source_set *s = source_new();
	const struct input_info *in;
	uint8_t tcp[42], udp[42];

	src_eth_ip(tcp, 6);
	src_eth_ip(udp, 17);
	pw_header(&w, 0, 0, 1);
	pw_record(&w, 10, 0, tcp, 42, 42);
	pw_record(&w, 11, 0, udp, 42, 42);
	pw_record(&w, 12, 0, tcp, 42, 42);
	src_tmpfile(path, "", w.b, w.n);
	CHECK_EQ(source_add_file(s, path, err, sizeof(err)), 0);
	CHECK_EQ(source_set_filter(s, "udp", err, sizeof(err)), 0);
	CHECK_EQ(src_read(s, g, 4), 1);
	CHECK_EQ(g[0].number, 2);
	CHECK_EQ(g[0].ts, INT64_C(11000000000));
	in = source_input(s, 0);
	CHECK_EQ(in->records, 3);
	CHECK_EQ(in->accepted, 1);
	source_free(s);

	/* "udp port 1701" on raw IP (LINKTYPE_RAW 101 in a pcap: libpcap
	 * reports DLT_RAW) with the Ethernet header stripped. */
	pw_header(&w, 0, 0, 101);
	pw_record(&w, 10, 0, udp + 14, 28, 28);
	pw_record(&w, 11, 0, tcp + 14, 28, 28);
	unlink(path);
	src_tmpfile(path, "", w.b, w.n);
	s = source_new();
	CHECK_EQ(source_add_file(s, path, err, sizeof(err)), 0);
	CHECK_EQ(source_set_filter(s, "udp port 1701", err, sizeof(err)), 0);
	CHECK_EQ(src_read(s, g, 4), 1);
	CHECK_EQ(g[0].number, 1);
	source_free(s);
	unlink(path);
}

TEST(source_filter_bad_expression)
{
	char path[64], err[256];
	struct source_set *s = source_new();

	src_tmpfile(path, "", src_pcap_le, sizeof(src_pcap_le));
	CHECK_EQ(source_add_file(s, path, err, sizeof(err)), 0);
	CHECK_EQ(source_set_filter(s, "udp and", err, sizeof(err)), -1);
	CHECK(strstr(err, "syntax error") != NULL);
	/* The failed expression left no filter behind. */
	CHECK_EQ(source_set_filter(s, "", err, sizeof(err)), 0);
	source_free(s);
	unlink(path);
}

TEST(source_truncated_pcap_is_broken)
{
	struct pw w;
	char path[64], err[256];
	struct src_got g[4];
	struct source_set *s;
	const struct input_info *in;
	uint8_t d[20];

	memset(d, 0x5a, sizeof(d));
	pw_header(&w, 0, 0, 1);
	pw_record(&w, 1, 0, d, 20, 20);
	pw_record(&w, 2, 0, d, 20, 20);
	pw_record(&w, 3, 0, d, 20, 20);
	w.n -= 7;				/* cut inside the 3rd data */
	src_tmpfile(path, "", w.b, w.n);
	s = source_new();
	CHECK_EQ(source_add_file(s, path, err, sizeof(err)), 0);
	CHECK_EQ(src_read(s, g, 4), 2);
	CHECK_EQ(g[1].number, 2);
	in = source_input(s, 0);
	CHECK_EQ(in->broken, 1);
	CHECK_EQ(in->records, 2);
	CHECK(strncmp(in->error, "truncated or corrupt after frame 2: ",
	    36) == 0);
	CHECK(strstr(in->error, "truncated") != NULL);
	source_free(s);
	unlink(path);

	/* Cut inside the 2nd record header. */
	w.n = 24 + 36 + 9;
	src_tmpfile(path, "", w.b, w.n);
	s = source_new();
	CHECK_EQ(source_add_file(s, path, err, sizeof(err)), 0);
	CHECK_EQ(src_read(s, g, 4), 1);
	CHECK_EQ(source_input(s, 0)->broken, 1);
	CHECK(strstr(source_input(s, 0)->error, "after frame 1:") != NULL);
	source_free(s);
	unlink(path);
}

TEST(source_unsupported_link_type_skipped)
{
	struct pw w;
	char path[64], spec[80], err[256];
	struct src_got g[2];
	struct source_set *s = source_new();
	uint8_t d[4] = { 0xff, 0x03, 0x00, 0x21 };

	pw_header(&w, 0, 0, 9);			/* LINKTYPE_PPP */
	pw_record(&w, 1, 0, d, 4, 4);
	src_tmpfile(path, "", w.b, w.n);
	snprintf(spec, sizeof(spec), "wan=%s", path);
	CHECK_EQ(source_add_file(s, spec, err, sizeof(err)), 0);
	CHECK(strstr(err, ": link type 9 (PPP) is not supported; skipped")
	    != NULL);
	CHECK_EQ(source_input(s, 0)->skipped, 1);
	CHECK_EQ(source_nvantages(s), 0);
	CHECK_EQ(src_read(s, g, 2), 0);
	source_free(s);
	unlink(path);
}

TEST(source_missing_empty_and_headerless_files)
{
	struct pw w;
	char path[64], err[256];
	struct src_got g[2];
	struct source_set *s = source_new();
	const struct input_info *in;

	CHECK_EQ(source_add_file(s, "/nonexistent/x.pcap", err, sizeof(err)),
	    -1);
	CHECK_STR(err, "/nonexistent/x.pcap: No such file or directory");
	CHECK_EQ(source_ninputs(s), 0);

	src_tmpfile(path, "", NULL, 0);
	CHECK_EQ(source_add_file(s, path, err, sizeof(err)), 0);
	in = source_input(s, 0);
	CHECK(in != NULL);
	if (in != NULL) {
		CHECK_STR(in->error, "empty file");
		CHECK_EQ(in->broken, 0);
	}
	unlink(path);

	pw_header(&w, 0, 0, 1);			/* header, no packets */
	src_tmpfile(path, "", w.b, w.n);
	CHECK_EQ(source_add_file(s, path, err, sizeof(err)), 0);
	CHECK_STR(source_input(s, 1)->error, "");
	CHECK_EQ(src_read(s, g, 2), 0);
	CHECK_EQ(source_input(s, 1)->broken, 0);
	unlink(path);

	/* Not a capture at all: opened, but broken (corrupt input). */
	src_tmpfile(path, "", (const uint8_t *)"hello world\n", 12);
	CHECK_EQ(source_add_file(s, path, err, sizeof(err)), 0);
	CHECK_EQ(source_input(s, 2)->broken, 1);
	CHECK(strstr(source_input(s, 2)->error, "not a readable capture")
	    != NULL);
	source_free(s);
	unlink(path);
}

TEST(source_labels_and_limits)
{
	char path[64], spec[80], err[256];
	struct source_set *s = source_new();
	int rc = 0;

	src_tmpfile(path, ".pcap", src_pcap_le, sizeof(src_pcap_le));
	snprintf(spec, sizeof(spec), "wan=%s", path);
	CHECK_EQ(source_add_file(s, spec, err, sizeof(err)), 0);
	CHECK_EQ(source_add_file(s, spec, err, sizeof(err)), 0);
	CHECK_STR(source_input(s, 0)->label, "wan");
	/* The same label twice would make "wan:1" ambiguous. */
	CHECK_STR(source_input(s, 1)->label, "wan-2");
	CHECK_STR(source_vantage(s, 1)->label, "wan-2");
	for (int i = 2; i < SOURCE_MAX_INPUTS; i++)
		rc |= source_add_file(s, path, err, sizeof(err));
	CHECK_EQ(rc, 0);
	CHECK_EQ(source_add_file(s, path, err, sizeof(err)), -1);
	CHECK(strstr(err, "too many inputs") != NULL);
	source_free(s);
	unlink(path);
}

TEST(source_reads_stdin)
{
	/* pcapng (SHB, IDB linktype 1, one EPB 1.5 s, 2 bytes) */
	static const uint8_t ng[] = {
		0x0A, 0x0D, 0x0D, 0x0A, 0x1C, 0x00, 0x00, 0x00,
		0x4D, 0x3C, 0x2B, 0x1A, 0x01, 0x00, 0x00, 0x00,
		0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
		0x1C, 0x00, 0x00, 0x00,
		0x01, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00,
		0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x14, 0x00, 0x00, 0x00,
		/* EPB 36: ts 1500000 us = 0x0016e360 */
		0x06, 0x00, 0x00, 0x00, 0x24, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x60, 0xe3, 0x16, 0x00, 0x02, 0x00, 0x00, 0x00,
		0x02, 0x00, 0x00, 0x00, 0x12, 0x34, 0x00, 0x00,
		0x24, 0x00, 0x00, 0x00,
	};
	struct pw w;
	char p1[64], p2[64], err[256];
	struct src_got g[2];
	struct source_set *s;
	uint8_t d[1] = { 0x45 };

	src_tmpfile(p1, "", ng, sizeof(ng));
	pw_header(&w, 1, 1, 101);	/* big-endian nano: first byte 0xa1 */
	pw_record(&w, 7, 5, d, 1, 1);
	src_tmpfile(p2, "", w.b, w.n);

	CHECK(freopen(p1, "rb", stdin) != NULL);
	s = source_new();
	CHECK_EQ(source_add_file(s, "-", err, sizeof(err)), 0);
	CHECK_EQ(source_add_file(s, "-", err, sizeof(err)), -1);
	CHECK_EQ(src_read(s, g, 2), 1);
	CHECK_STR(g[0].label, "stdin");
	CHECK_EQ(g[0].ts, INT64_C(1500000000));
	CHECK_EQ(source_input(s, 0)->bytes, 0);
	source_free(s);		/* stdin stays open for pcapng */

	CHECK(freopen(p2, "rb", stdin) != NULL);
	s = source_new();
	CHECK_EQ(source_add_file(s, "lan=-", err, sizeof(err)), 0);
	CHECK_EQ(src_read(s, g, 2), 1);
	CHECK_STR(g[0].label, "lan");
	CHECK_EQ(g[0].ts, INT64_C(7000000005));
	/* 0xa1 alone cannot say micro or nano; 5 ns can only be nano. */
	CHECK_EQ(source_input(s, 0)->nsec, 1);
	source_free(s);		/* libpcap closes stdin */
	unlink(p1);
	unlink(p2);
}

/* Read syscalls of this process so far (/proc/self/io), or -1. */
static long
src_syscr(void)
{
	FILE *f = fopen("/proc/self/io", "r");
	char line[128];
	long v = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "syscr: %ld", &v) == 1)
			break;
	fclose(f);
	return v;
}

/*
 * A file is read through the 256 KiB stream buffer source.c asks for,
 * not in the 4 KiB reads glibc falls back to when setvbuf() gets no
 * buffer (a read() per dozen frames was a tenth of the summary's time).
 * 2,000 records of 1,000 bytes, 2 MB: at most 2 MB / 256 KiB reads of
 * records, plus the magic peek and pcap's own header; 4 KiB reads would
 * be about 500.
 */
TEST(source_reads_in_large_blocks)
{
	static uint8_t rec[16 + 1000];
	char path[64] = "/tmp/tsunit-src-XXXXXX", err[256];
	struct source_set *s;
	struct frame f;
	struct pw w;
	long before, after;
	unsigned n = 0, i;
	FILE *fp;
	int fd;

	if (src_syscr() < 0) {
		printf("# skipped: /proc/self/io not readable\n");
		return;
	}
	CHECK((fd = mkstemp(path)) >= 0);
	if (fd < 0 || (fp = fdopen(fd, "wb")) == NULL)
		return;
	pw_header(&w, 0, 0, 1);
	fwrite(w.b, 1, w.n, fp);
	memset(rec, 0xab, sizeof(rec));
	memset(rec, 0, 16);
	rec[8] = rec[12] = 1000 & 0xff;		/* caplen = len = 1000, LE */
	rec[9] = rec[13] = 1000 >> 8;
	for (i = 0; i < 2000; i++) {
		rec[0] = (uint8_t)i;		/* seconds: increasing */
		rec[1] = (uint8_t)(i >> 8);
		fwrite(rec, 1, sizeof(rec), fp);
	}
	CHECK_EQ(fclose(fp), 0);
	s = source_new();
	before = src_syscr();
	CHECK_EQ(source_add_file(s, path, err, sizeof(err)), 0);
	while (source_next(s, &f) == 1)
		n++;
	after = src_syscr();
	CHECK_EQ(n, 2000);
	CHECK(after - before <= 2032000 / (256 * 1024) + 8);
	CHECK(after - before >= 2032000 / (256 * 1024));	/* it did read */
	source_free(s);
	unlink(path);
}
