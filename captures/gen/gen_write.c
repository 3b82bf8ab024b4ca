/* gen_write.c - pcap and pcapng writers with fixed byte order (little-endian)
 * so the output is the same on every host (pcap: libpcap's savefile format;
 * pcapng: draft-ietf-opsawg-pcapng, SHB/IDB/EPB only).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gen.h"

struct gen_pcap {
	FILE		*fp;
	char		 path[4096];
	uint32_t	 snaplen;
	int		 nsec;
};

#define NG_MAX_IF	16

struct gen_pcapng {
	FILE		*fp;
	char		 path[4096];
	unsigned	 nif;
	uint32_t	 snaplen[NG_MAX_IF];
	unsigned	 tsresol[NG_MAX_IF];
};

static void
le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void
le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static FILE *
open_out(const char *dir, const char *file, char *path, size_t pathsz)
{
	FILE *fp;

	if ((size_t)snprintf(path, pathsz, "%s/%s", dir, file) >= pathsz)
		gen_die("path too long: %s/%s", dir, file);
	if ((fp = fopen(path, "wb")) == NULL)
		gen_die("cannot create %s", path);
	return fp;
}

static void
put(FILE *fp, const char *path, const void *p, size_t n)
{
	if (n && fwrite(p, 1, n, fp) != n)
		gen_die("write error on %s", path);
}

static void
close_out(FILE *fp, const char *path)
{
	if (fclose(fp) != 0)
		gen_die("write error on %s", path);
}

/* ---- classic pcap ---- */

struct gen_pcap *
gen_pcap_open(const char *dir, const char *file, int linktype,
    uint32_t snaplen, int nsec)
{
	struct gen_pcap *w = calloc(1, sizeof(*w));
	uint8_t h[24];

	if (w == NULL)
		gen_die("out of memory");
	w->fp = open_out(dir, file, w->path, sizeof(w->path));
	w->snaplen = snaplen;
	w->nsec = nsec;
	le32(h, nsec ? 0xa1b23c4d : 0xa1b2c3d4);
	le16(h + 4, 2);
	le16(h + 6, 4);
	le32(h + 8, 0);			/* thiszone */
	le32(h + 12, 0);		/* sigfigs */
	le32(h + 16, snaplen);
	le32(h + 20, (uint32_t)linktype);
	put(w->fp, w->path, h, sizeof(h));
	return w;
}

void
gen_pcap_record(struct gen_pcap *w, int64_t ts_ns, const uint8_t *data,
    uint32_t caplen, uint32_t origlen)
{
	uint8_t h[16];
	int64_t sec = ts_ns / 1000000000LL, frac = ts_ns % 1000000000LL;

	if (ts_ns < 0)
		gen_die("negative timestamp");
	le32(h, (uint32_t)sec);
	le32(h + 4, (uint32_t)(w->nsec ? frac : frac / 1000));
	le32(h + 8, caplen);
	le32(h + 12, origlen);
	put(w->fp, w->path, h, sizeof(h));
	put(w->fp, w->path, data, caplen);
}

void
gen_pcap_frame(struct gen_pcap *w, int64_t ts_ns, const struct gbuf *g)
{
	uint32_t len = (uint32_t)g->len;

	gen_pcap_record(w, ts_ns, g->b, len < w->snaplen ? len : w->snaplen,
	    len);
}

void
gen_pcap_close(struct gen_pcap *w)
{
	close_out(w->fp, w->path);
	free(w);
}

/* ---- pcapng ---- */

/* Append an option (code, value padded to 4) into buf at *n. */
static void
ng_opt(uint8_t *buf, size_t *n, size_t cap, uint16_t code, const void *v,
    size_t len)
{
	size_t pad = (4 - len % 4) % 4;

	if (*n + 4 + len + pad > cap)
		gen_die("pcapng options too long");
	le16(buf + *n, code);
	le16(buf + *n + 2, (uint16_t)len);
	if (len)
		memcpy(buf + *n + 4, v, len);
	memset(buf + *n + 4 + len, 0, pad);
	*n += 4 + len + pad;
}

/* Write a block: type, total length, body (padded to 4), total length. */
static void
ng_block(struct gen_pcapng *w, uint32_t type, const uint8_t *body, size_t n)
{
	uint8_t h[8], t[4];
	uint32_t total = (uint32_t)(12 + n);

	if (n % 4)
		gen_die("pcapng block body not padded");
	le32(h, type);
	le32(h + 4, total);
	le32(t, total);
	put(w->fp, w->path, h, 8);
	put(w->fp, w->path, body, n);
	put(w->fp, w->path, t, 4);
}

struct gen_pcapng *
gen_pcapng_open(const char *dir, const char *file)
{
	struct gen_pcapng *w = calloc(1, sizeof(*w));
	uint8_t b[256];
	size_t n = 0;
	static const char app[] = "tunnelscope mkcaptures";

	if (w == NULL)
		gen_die("out of memory");
	w->fp = open_out(dir, file, w->path, sizeof(w->path));
	le32(b, 0x1a2b3c4d);		/* byte-order magic */
	le16(b + 4, 1);
	le16(b + 6, 0);
	le32(b + 8, 0xffffffff);	/* section length: unknown */
	le32(b + 12, 0xffffffff);
	n = 16;
	ng_opt(b, &n, sizeof(b), 4, app, sizeof(app) - 1);	/* shb_userappl */
	ng_opt(b, &n, sizeof(b), 0, NULL, 0);
	ng_block(w, 0x0a0d0d0a, b, n);
	return w;
}

unsigned
gen_pcapng_add_if(struct gen_pcapng *w, int linktype, uint32_t snaplen,
    const char *name, unsigned tsresol)
{
	uint8_t b[256];
	size_t n;
	uint8_t res = (uint8_t)tsresol;

	if (w->nif >= NG_MAX_IF)
		gen_die("too many pcapng interfaces");
	if (tsresol > 9)
		gen_die("if_tsresol 10^-%u not supported", tsresol);
	le16(b, (uint16_t)linktype);
	le16(b + 2, 0);
	le32(b + 4, snaplen);
	n = 8;
	if (name)
		ng_opt(b, &n, sizeof(b), 2, name, strlen(name));
	ng_opt(b, &n, sizeof(b), 9, &res, 1);
	ng_opt(b, &n, sizeof(b), 0, NULL, 0);
	ng_block(w, 1, b, n);
	w->snaplen[w->nif] = snaplen;
	w->tsresol[w->nif] = tsresol;
	return w->nif++;
}

void
gen_pcapng_record(struct gen_pcapng *w, unsigned ifid, int64_t ts_ns,
    const uint8_t *data, uint32_t caplen, uint32_t origlen)
{
	static uint8_t b[20 + GBUF_MAX + 4];
	uint64_t ts;
	size_t n, pad = (4 - caplen % 4) % 4;
	uint64_t div = 1;

	if (ifid >= w->nif)
		gen_die("pcapng: no interface %u", ifid);
	if (caplen > GBUF_MAX)
		gen_die("pcapng: record too long");
	if (ts_ns < 0)
		gen_die("negative timestamp");
	for (unsigned i = w->tsresol[ifid]; i < 9; i++)
		div *= 10;
	ts = (uint64_t)ts_ns / div;
	le32(b, ifid);
	le32(b + 4, (uint32_t)(ts >> 32));
	le32(b + 8, (uint32_t)ts);
	le32(b + 12, caplen);
	le32(b + 16, origlen);
	if (caplen)
		memcpy(b + 20, data, caplen);
	memset(b + 20 + caplen, 0, pad);
	n = 20 + caplen + pad;
	ng_block(w, 6, b, n);
}

void
gen_pcapng_frame(struct gen_pcapng *w, unsigned ifid, int64_t ts_ns,
    const struct gbuf *g)
{
	uint32_t len = (uint32_t)g->len, snap;

	if (ifid >= w->nif)
		gen_die("pcapng: no interface %u", ifid);
	snap = w->snaplen[ifid] ? w->snaplen[ifid] : len;
	gen_pcapng_record(w, ifid, ts_ns, g->b, len < snap ? len : snap, len);
}

void
gen_pcapng_close(struct gen_pcapng *w)
{
	close_out(w->fp, w->path);
	free(w);
}

void
gen_truncate(const char *dir, const char *file, long n)
{
	char path[4096];
	FILE *fp;
	long size;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, file) >=
	    sizeof(path))
		gen_die("path too long");
	if ((fp = fopen(path, "rb")) == NULL)
		gen_die("cannot open %s", path);
	if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0)
		gen_die("cannot size %s", path);
	fclose(fp);
	if (n > size)
		gen_die("cannot cut %ld bytes off %s", n, path);
	if (truncate(path, size - n) != 0)
		gen_die("cannot truncate %s", path);
}
