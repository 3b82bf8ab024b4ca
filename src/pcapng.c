/* pcapng.c - bounded pcapng block reader (draft-ietf-opsawg-pcapng-02, "PCAP Next Generation").
 *
 * Handles SHB (both byte orders, several sections), IDB (if_name,
 * if_description, if_tsresol, if_tsoffset), EPB, SPB and the obsolete PB;
 * every other block is skipped by its length (custom and systemd journal
 * blocks are counted, as Wireshark numbers them as frames).  Every block is checked
 * before use: total length >= 12, a multiple of 4, at most
 * PCAPNG_MAX_BLOCK, equal at both ends, and present in the file.  The
 * buffer only grows as bytes actually arrive, so a lying length never
 * makes us allocate memory the file does not back.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cursor.h"
#include "pcapng.h"

#define BOM			0x1A2B3C4Du
#define OPT_ENDOFOPT		0
#define OPT_IF_NAME		2
#define OPT_IF_DESCRIPTION	3
#define OPT_IF_TSRESOL		9
#define OPT_IF_TSOFFSET		14
#define CHUNK			65536u

void
pcapng_init(struct pcapng_reader *r, FILE *fp)
{
	memset(r, 0, sizeof(*r));
	r->fp = fp;
}

void
pcapng_free(struct pcapng_reader *r)
{
	free(r->buf);
	r->buf = NULL;
	r->bufsize = 0;
}

/* Endian-aware reads in the current section's byte order. */
static uint16_t
rd16(struct cursor *c, int be)
{
	return be ? cur_u16(c) : cur_le16(c);
}

static uint32_t
rd32(struct cursor *c, int be)
{
	return be ? cur_u32(c) : cur_le32(c);
}

static uint64_t
rd64(struct cursor *c, int be)
{
	uint64_t a = rd32(c, be), b = rd32(c, be);

	return be ? a << 32 | b : b << 32 | a;
}

static void
fail(struct pcapng_reader *r, uint64_t off, char *err, size_t errlen,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
fail(struct pcapng_reader *r, uint64_t off, char *err, size_t errlen,
    const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(err, errlen, "pcapng block at offset %llu (after frame %llu): ",
	    (unsigned long long)off, (unsigned long long)r->packets);
	if (n < 0 || (size_t)n >= errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

/*
 * Read want bytes into buf at offset have, growing the buffer only as the
 * bytes arrive.  Returns the number of bytes now in the buffer.
 */
static size_t
fill(struct pcapng_reader *r, size_t have, size_t want)
{
	while (have < want) {
		size_t step = want - have, got;

		if (step > CHUNK)
			step = CHUNK;
		if (have + step > r->bufsize) {
			size_t nsize = r->bufsize ? r->bufsize : 4096;
			uint8_t *nb;

			while (nsize < have + step)
				nsize *= 2;
			if (nsize > PCAPNG_MAX_BLOCK)
				nsize = PCAPNG_MAX_BLOCK;
			nb = realloc(r->buf, nsize);
			if (nb == NULL)
				return have;
			r->buf = nb;
			r->bufsize = nsize;
		}
		got = fread(r->buf + have, 1, step, r->fp);
		have += got;
		if (got < step)
			break;
	}
	return have;
}

/* The first allocation, so the SHB's magic can be put back. */
static int
reserve(struct pcapng_reader *r)
{
	uint8_t *nb = realloc(r->buf, 4096);

	if (nb == NULL)
		return -1;
	r->buf = nb;
	r->bufsize = 4096;
	return 0;
}

/* Skip n bytes of a block we do not parse, keeping its last 4 bytes. */
static size_t
discard(struct pcapng_reader *r, size_t n, uint8_t tail[4])
{
	uint8_t tmp[4096];
	size_t done = 0;

	while (done < n) {
		size_t step = n - done, got;

		if (step > sizeof(tmp))
			step = sizeof(tmp);
		got = fread(tmp, 1, step, r->fp);
		/* The tail may straddle two reads; keep a rolling copy. */
		for (size_t i = 0; i < got; i++) {
			tail[0] = tail[1];
			tail[1] = tail[2];
			tail[2] = tail[3];
			tail[3] = tmp[i];
		}
		done += got;
		if (got < step)
			break;
	}
	return done;
}

static void
copy_str(char *dst, size_t size, struct cursor *v)
{
	size_t i = 0;

	while (cur_avail(v) > 0 && i + 1 < size) {
		uint8_t ch = cur_u8(v);

		if (ch == 0)
			break;
		dst[i++] = (char)ch;
	}
	dst[i] = '\0';
}

/* IDB options; a malformed option ends option parsing, nothing else. */
static void
idb_options(struct pcapng_if *ifp, struct cursor *c, int be)
{
	unsigned n;

	for (n = 0; n < 1024 && cur_left(c) >= 4; n++) {
		uint16_t code = rd16(c, be), olen = rd16(c, be);
		struct cursor v = cur_sub(c, olen);

		if (!cur_ok(c) || code == OPT_ENDOFOPT)
			return;
		cur_skip(c, (4 - olen % 4) % 4);
		switch (code) {
		case OPT_IF_NAME:
			copy_str(ifp->name, sizeof(ifp->name), &v);
			break;
		case OPT_IF_DESCRIPTION:
			copy_str(ifp->desc, sizeof(ifp->desc), &v);
			break;
		case OPT_IF_TSRESOL:
			if (olen >= 1)
				ifp->tsresol = cur_u8(&v);
			break;
		case OPT_IF_TSOFFSET:
			if (olen >= 8)
				ifp->tsoffset = (int64_t)rd64(&v, be);
			break;
		}
	}
}

static int
new_section(struct pcapng_reader *r, struct cursor *c, uint64_t off,
    char *err, size_t errlen)
{
	uint16_t major, minor;

	rd32(c, r->be);			/* byte-order magic, checked */
	major = rd16(c, r->be);
	minor = rd16(c, r->be);
	rd64(c, r->be);			/* section length, may be -1 */
	if (!cur_ok(c)) {
		fail(r, off, err, errlen, "Section Header Block too short");
		return PCAPNG_ERROR;
	}
	if (major != 1) {
		fail(r, off, err, errlen, "unsupported pcapng version %u.%u",
		    major, minor);
		return PCAPNG_ERROR;
	}
	if (r->started)
		r->section++;
	r->started = 1;
	r->sec_base = r->nifs;
	return PCAPNG_EOF;	/* "no event": keep reading */
}

static int
new_interface(struct pcapng_reader *r, struct cursor *c, uint64_t off,
    char *err, size_t errlen)
{
	struct pcapng_if *ifp;
	uint16_t lt;
	uint32_t snap;

	lt = rd16(c, r->be);
	rd16(c, r->be);			/* reserved */
	snap = rd32(c, r->be);
	if (!cur_ok(c)) {
		fail(r, off, err, errlen,
		    "Interface Description Block too short");
		return PCAPNG_ERROR;
	}
	if (r->nifs >= PCAPNG_MAX_IFS) {
		fail(r, off, err, errlen, "more than %u interfaces",
		    PCAPNG_MAX_IFS);
		return PCAPNG_ERROR;
	}
	ifp = &r->ifs[r->nifs];
	memset(ifp, 0, sizeof(*ifp));
	ifp->linktype = lt;
	ifp->snaplen = snap;
	ifp->tsresol = 6;
	ifp->section = r->section;
	idb_options(ifp, c, r->be);
	r->nifs++;
	return PCAPNG_INTERFACE;
}

static int
packet(struct pcapng_reader *r, uint32_t type, struct cursor *c,
    uint64_t off, struct pcapng_pkt *pkt, char *err, size_t errlen)
{
	uint32_t ifid, caplen, len;
	uint64_t units = 0;
	const struct pcapng_if *ifp;
	const char *what;

	if (type == PCAPNG_BT_EPB) {
		what = "Enhanced Packet Block";
		ifid = rd32(c, r->be);
	} else if (type == PCAPNG_BT_PB) {
		what = "Packet Block";
		ifid = rd16(c, r->be);
		rd16(c, r->be);		/* drops count */
	} else {
		what = "Simple Packet Block";
		ifid = 0;
	}
	if (type != PCAPNG_BT_SPB) {
		uint64_t hi = rd32(c, r->be);

		units = hi << 32 | rd32(c, r->be);
		caplen = rd32(c, r->be);
		len = rd32(c, r->be);
	} else {
		len = rd32(c, r->be);
		caplen = (uint32_t)cur_left(c);	/* < PCAPNG_MAX_BLOCK */
		if (caplen > len)
			caplen = len;
	}
	if (!cur_ok(c)) {
		fail(r, off, err, errlen, "%s too short", what);
		return PCAPNG_ERROR;
	}
	if (ifid >= r->nifs - r->sec_base) {
		fail(r, off, err, errlen,
		    "%s names interface %u, which the section does not define",
		    what, ifid);
		return PCAPNG_ERROR;
	}
	ifp = &r->ifs[r->sec_base + ifid];
	if (type == PCAPNG_BT_SPB && ifp->snaplen != 0 &&
	    caplen > ifp->snaplen)
		caplen = ifp->snaplen;
	pkt->data = cur_bytes(c, caplen);
	if (pkt->data == NULL) {
		fail(r, off, err, errlen,
		    "%s captured length %u exceeds the block", what, caplen);
		return PCAPNG_ERROR;
	}
	r->packets++;
	pkt->ifidx = r->sec_base + ifid;
	pkt->number = r->packets;
	pkt->caplen = caplen;
	pkt->len = len;
	pkt->has_ts = type != PCAPNG_BT_SPB;
	pkt->ts_ns = pkt->has_ts ? pcapng_ts_ns(ifp, units) : 0;
	return PCAPNG_PACKET;
}

int
pcapng_next(struct pcapng_reader *r, struct pcapng_pkt *pkt, char *err,
    size_t errlen)
{
	/* Bounded by the file: every turn consumes one whole block. */
	for (;;) {
		uint8_t hdr[12], tail[4];
		struct cursor c;
		uint64_t off = r->off;
		uint32_t type, total, bom, tlen;
		size_t got, hlen = 8, body;
		int rc;

		got = fread(hdr, 1, 8, r->fp);
		if (got == 0 && !ferror(r->fp)) {
			if (!r->started) {
				fail(r, off, err, errlen, "empty file");
				return PCAPNG_ERROR;
			}
			return PCAPNG_EOF;
		}
		if (got < 8) {
			if (ferror(r->fp))
				fail(r, off, err, errlen, "read error: %s",
				    strerror(errno));
			else
				fail(r, off, err, errlen,
				    "truncated block header (%zu of 8 bytes)",
				    got);
			return PCAPNG_ERROR;
		}
		c = cur_make(hdr, 8, 8);
		type = cur_le32(&c);	/* SHB's type reads the same both ways */
		if (type == PCAPNG_BT_SHB) {
			/* The byte order is known only after the magic. */
			got = fread(hdr + 8, 1, 4, r->fp);
			if (got < 4) {
				fail(r, off, err, errlen,
				    "truncated Section Header Block");
				return PCAPNG_ERROR;
			}
			hlen = 12;
			c = cur_make(hdr, 12, 12);
			cur_skip(&c, 8);
			bom = cur_le32(&c);
			if (bom == BOM)
				r->be = 0;
			else if (bom == 0x4D3C2B1Au)
				r->be = 1;
			else {
				fail(r, off, err, errlen,
				    "bad byte-order magic 0x%08x", bom);
				return PCAPNG_ERROR;
			}
		} else if (!r->started) {
			fail(r, off, err, errlen,
			    "not a pcapng file (no Section Header Block)");
			return PCAPNG_ERROR;
		}
		c = cur_make(hdr, hlen, hlen);
		type = rd32(&c, r->be);
		total = rd32(&c, r->be);
		if (total < 12 || total % 4 != 0) {
			fail(r, off, err, errlen,
			    "block type 0x%08x has total length %u "
			    "(must be a multiple of 4 and at least 12)",
			    type, total);
			return PCAPNG_ERROR;
		}
		if (total > PCAPNG_MAX_BLOCK) {
			fail(r, off, err, errlen,
			    "block type 0x%08x claims %u bytes; blocks over "
			    "%u MiB are refused", type, total,
			    PCAPNG_MAX_BLOCK >> 20);
			return PCAPNG_ERROR;
		}
		if (total < hlen + 4) {
			fail(r, off, err, errlen,
			    "Section Header Block total length %u too short",
			    total);
			return PCAPNG_ERROR;
		}
		body = total - 8;	/* the rest, trailing length included */
		if (type == PCAPNG_BT_SHB || type == PCAPNG_BT_IDB ||
		    type == PCAPNG_BT_EPB || type == PCAPNG_BT_SPB ||
		    type == PCAPNG_BT_PB) {
			size_t have = 0;

			if (type == PCAPNG_BT_SHB) {
				/* Put the magic back at the body's start. */
				if (r->bufsize < 4 && reserve(r) < 0) {
					fail(r, off, err, errlen, "out of memory");
					return PCAPNG_ERROR;
				}
				memcpy(r->buf, hdr + 8, 4);
				have = 4;
			}
			got = fill(r, have, body);
			if (got < body) {
				if (ferror(r->fp))
					fail(r, off, err, errlen,
					    "read error: %s", strerror(errno));
				else if (!feof(r->fp))
					fail(r, off, err, errlen,
					    "out of memory for %u bytes", total);
				else
					fail(r, off, err, errlen,
					    "block type 0x%08x of %u bytes "
					    "cut short: only %zu present",
					    type, total, got + 8);
				return PCAPNG_ERROR;
			}
			c = cur_make(r->buf, body, body);
			cur_skip(&c, body - 4);
			cur_copy(&c, tail, 4);
		} else {
			got = discard(r, body, tail);
			if (got < body) {
				fail(r, off, err, errlen,
				    "block type 0x%08x of %u bytes cut short: "
				    "only %zu present", type, total, got + 8);
				return PCAPNG_ERROR;
			}
		}
		c = cur_make(tail, 4, 4);
		tlen = rd32(&c, r->be);
		if (tlen != total) {
			fail(r, off, err, errlen,
			    "block type 0x%08x: total length %u at the start, "
			    "%u at the end", type, total, tlen);
			return PCAPNG_ERROR;
		}
		r->off += total;

		c = cur_make(r->buf, body - 4, body - 4);
		switch (type) {
		case PCAPNG_BT_SHB:
			rc = new_section(r, &c, off, err, errlen);
			if (rc == PCAPNG_ERROR)
				return rc;
			break;
		case PCAPNG_BT_IDB:
			return new_interface(r, &c, off, err, errlen);
		case PCAPNG_BT_EPB:
		case PCAPNG_BT_SPB:
		case PCAPNG_BT_PB:
			return packet(r, type, &c, off, pkt, err, errlen);
		case PCAPNG_BT_JOURNAL:
		case PCAPNG_BT_CUSTOM:
		case PCAPNG_BT_CUSTOM_NC:
			/* Not packets, but Wireshark gives them a number. */
			r->packets++;
			memset(pkt, 0, sizeof(*pkt));
			pkt->number = r->packets;
			return PCAPNG_OTHER;
		default:
			break;	/* NRB, ISB, DSB, unknown: skipped */
		}
	}
}

/* a * b, saturating at UINT64_MAX. */
static uint64_t
mul_sat(uint64_t a, uint64_t b)
{
	if (a != 0 && b > UINT64_MAX / a)
		return UINT64_MAX;
	return a * b;
}

static int64_t
to_i64(uint64_t v)
{
	return v > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)v;
}

int64_t
pcapng_ts_ns(const struct pcapng_if *ifp, uint64_t units)
{
	uint64_t ns;
	unsigned k = ifp->tsresol & 0x7f;
	int64_t off, sum;

	if (ifp->tsresol & 0x80) {		/* 2^-k seconds */
		uint64_t sec, frac;
		unsigned k2 = k;

		if (k >= 64) {
			sec = 0;
			frac = units;
		} else {
			sec = units >> k;
			frac = k ? units & ((UINT64_C(1) << k) - 1) : 0;
		}
		/* Keep frac * 10^9 below 2^64: drop sub-nanosecond bits. */
		if (k2 > 34) {
			frac = k2 - 34 >= 64 ? 0 : frac >> (k2 - 34);
			k2 = 34;
		}
		ns = mul_sat(sec, 1000000000u);
		frac = (frac * 1000000000u) >> k2;
		ns = ns > UINT64_MAX - frac ? UINT64_MAX : ns + frac;
	} else if (k <= 9) {			/* 10^-k seconds */
		uint64_t m = 1;

		for (unsigned i = k; i < 9; i++)
			m *= 10;
		ns = mul_sat(units, m);
	} else {
		uint64_t d = 1;

		for (unsigned i = 9; i < k && d <= UINT64_MAX / 10; i++)
			d *= 10;
		ns = k - 9 > 19 ? 0 : units / d;
	}
	sum = to_i64(ns);
	/* if_tsoffset is signed seconds; saturate at both ends. */
	if (ifp->tsoffset > INT64_MAX / 1000000000)
		off = INT64_MAX;
	else if (ifp->tsoffset < INT64_MIN / 1000000000)
		off = INT64_MIN;
	else
		off = ifp->tsoffset * 1000000000;
	if (off > 0 && sum > INT64_MAX - off)
		return INT64_MAX;
	if (off < 0 && sum < INT64_MIN - off)
		return INT64_MIN;
	return sum + off;
}

int
pcapng_if_nsec(const struct pcapng_if *ifp)
{
	if (ifp->tsresol & 0x80)
		return (ifp->tsresol & 0x7f) > 19;	/* 2^-20 s < 1 us */
	return ifp->tsresol > 6;
}
