/* csvcheck - independent checks of a report directory for tests/report.
 *
 *   csvcheck csv FILE [column ...]
 *	libcsv strict parse (CSV_STRICT | CSV_STRICT_FINI); every row has
 *	the header's field count; every named column is in the header;
 *	rows end in CRLF; no field holds a control byte or starts with
 *	= + - @ TAB CR (a plain negative number excepted).  Prints
 *	"FILE: N rows".
 *   csvcheck evidence DIR
 *	every evidence.csv row marked written: the frame in its pcap_file at
 *	pcap_frame equals frame `frame` of `input` (time stamp to the
 *	nanosecond, caplen, len, bytes), read with libpcap; each evidence
 *	pcap holds exactly the rows that name it, in time order.  Prints
 *	"evidence: N frames".
 *   csvcheck hostile OUT.pcap
 *	writes a capture whose packet text is hostile: L2TPv3 SCCRQs over
 *	UDP whose Host Name and Vendor Name start with = + - @ and carry
 *	control bytes.
 *
 * Exit 0 when every check holds, 1 otherwise (reasons on stderr).
 */
#include <arpa/inet.h>
#include <csv.h>
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXF	64

struct row {
	size_t	 n;
	char	*f[MAXF];
};

struct table {
	struct row	*rows;
	size_t		 nrows, cap;
	struct row	 cur;
	int		 bad;
	const char	*name;
};

static void
on_field(void *s, size_t len, void *arg)
{
	struct table *t = arg;
	char *copy;

	if (t->cur.n >= MAXF) {
		t->cur.n++;
		return;
	}
	if ((copy = malloc(len + 1)) == NULL)
		exit(2);
	memcpy(copy, s, len);
	copy[len] = '\0';
	t->cur.f[t->cur.n++] = copy;
}

static void
on_row(int ch, void *arg)
{
	struct table *t = arg;

	(void)ch;
	if (t->nrows == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->rows = realloc(t->rows, t->cap * sizeof(*t->rows));
		if (t->rows == NULL)
			exit(2);
	}
	t->rows[t->nrows++] = t->cur;
	memset(&t->cur, 0, sizeof(t->cur));
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (fp == NULL)
		return NULL;
	for (;;) {
		if (*len + 65536 > cap) {
			cap = cap ? 2 * cap : 65536;
			if ((buf = realloc(buf, cap + 1)) == NULL)
				exit(2);
		}
		n = fread(buf + *len, 1, cap - *len, fp);
		if (n == 0)
			break;
		*len += n;
	}
	fclose(fp);
	if (buf != NULL)
		buf[*len] = '\0';
	return buf;
}

static int
load(const char *path, struct table *t)
{
	struct csv_parser p;
	size_t len;
	char *buf = slurp(path, &len);
	int rc = 0;

	memset(t, 0, sizeof(*t));
	t->name = path;
	if (buf == NULL) {
		fprintf(stderr, "%s: cannot read\n", path);
		return -1;
	}
	if (len < 2 || buf[len - 2] != '\r' || buf[len - 1] != '\n') {
		fprintf(stderr, "%s: does not end in CRLF\n", path);
		rc = -1;
	}
	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\n' && (i == 0 || buf[i - 1] != '\r')) {
			fprintf(stderr, "%s: bare LF at byte %zu\n", path, i);
			rc = -1;
			break;
		}
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
	if (csv_parse(&p, buf, len, on_field, on_row, t) != len ||
	    csv_fini(&p, on_field, on_row, t) != 0) {
		fprintf(stderr, "%s: strict parse: %s\n", path,
		    csv_strerror(csv_error(&p)));
		rc = -1;
	}
	csv_free(&p);
	free(buf);
	return rc;
}

static int
col(const struct table *t, const char *name)
{
	for (size_t i = 0; t->nrows > 0 && i < t->rows[0].n && i < MAXF; i++)
		if (strcmp(t->rows[0].f[i], name) == 0)
			return (int)i;
	return -1;
}

static int
negative_number(const char *s)
{
	if (*s++ != '-' || *s < '0' || *s > '9')
		return 0;
	s += strspn(s, "0123456789");
	if (*s == '.')
		s++;
	s += strspn(s, "0123456789");
	return *s == '\0';
}

static int
cmd_csv(int argc, char **argv)
{
	struct table t;
	int rc, i;
	size_t r, k;

	rc = load(argv[0], &t);
	if (t.nrows == 0) {
		fprintf(stderr, "%s: no header row\n", argv[0]);
		return 1;
	}
	for (i = 1; i < argc; i++)
		if (col(&t, argv[i]) < 0) {
			fprintf(stderr, "%s: required column %s missing\n",
			    argv[0], argv[i]);
			rc = -1;
		}
	for (r = 1; r < t.nrows; r++) {
		if (t.rows[r].n != t.rows[0].n) {
			fprintf(stderr, "%s: row %zu has %zu fields, the header "
			    "%zu\n", argv[0], r + 1, t.rows[r].n,
			    t.rows[0].n);
			rc = -1;
		}
		for (k = 0; k < t.rows[r].n && k < MAXF; k++) {
			const unsigned char *s =
			    (const unsigned char *)t.rows[r].f[k];

			if (strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0' &&
			    !negative_number((const char *)s)) {
				fprintf(stderr, "%s: row %zu column %s starts "
				    "with a formula character: %s\n", argv[0],
				    r + 1, t.rows[0].f[k], (const char *)s);
				rc = -1;
			}
			for (; *s != '\0'; s++)
				if (*s < 0x20 || *s == 0x7f) {
					fprintf(stderr, "%s: row %zu column %s "
					    "holds control byte 0x%02x\n",
					    argv[0], r + 1, t.rows[0].f[k], *s);
					rc = -1;
					break;
				}
		}
	}
	printf("%s: %zu rows\n", argv[0], t.nrows - 1);
	return rc < 0;
}

struct pkt {
	int64_t		 ts;
	uint32_t	 caplen, len;
	uint8_t		*data;
};

/* Record n (1-based) of a capture; 0 when there is none, -1 when libpcap
 * cannot read the file (a pcapng with several link types). */
static int
read_record(const char *path, uint64_t n, struct pkt *out, uint64_t *total)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *d;
	uint64_t i = 0;
	pcap_t *p;
	int found = 0, rc = 0;

	p = pcap_open_offline_with_tstamp_precision(path,
	    PCAP_TSTAMP_PRECISION_NANO, err);
	if (p == NULL)
		return -1;
	while ((rc = pcap_next_ex(p, &h, &d)) == 1) {
		if (++i == n) {
			out->ts = (int64_t)h->ts.tv_sec * 1000000000 +
			    h->ts.tv_usec;
			out->caplen = h->caplen;
			out->len = h->len;
			out->data = malloc(h->caplen ? h->caplen : 1);
			if (out->data == NULL)
				exit(2);
			memcpy(out->data, d, h->caplen);
			found = 1;
			if (total == NULL)
				break;
		}
	}
	if (total != NULL)
		*total = i;
	pcap_close(p);
	return !found && rc == PCAP_ERROR ? -1 : found;
}

static int
cmd_evidence(const char *dir)
{
	char path[4096], ev[4096];
	struct table t;
	int rc = 0, ci, cf, cpf, cpn, cst;
	size_t r, nwritten = 0, nskipped = 0;
	int got;
	int64_t last_ts[64];
	char files[64][128];
	uint64_t counts[64];
	size_t nfiles = 0, k;

	snprintf(path, sizeof(path), "%s/evidence.csv", dir);
	if (load(path, &t) < 0)
		return 1;
	ci = col(&t, "input");
	cf = col(&t, "frame");
	cpf = col(&t, "pcap_file");
	cpn = col(&t, "pcap_frame");
	cst = col(&t, "status");
	if (ci < 0 || cf < 0 || cpf < 0 || cpn < 0 || cst < 0) {
		fprintf(stderr, "%s: columns missing\n", path);
		return 1;
	}
	for (r = 1; r < t.nrows; r++) {
		struct row *w = &t.rows[r];
		struct pkt a, b;
		uint64_t fn, pn;

		if (strcmp(w->f[cst], "written") != 0)
			continue;
		fn = strtoull(w->f[cf], NULL, 10);
		pn = strtoull(w->f[cpn], NULL, 10);
		snprintf(ev, sizeof(ev), "%s/%s", dir, w->f[cpf]);
		if ((got = read_record(w->f[ci], fn, &a, NULL)) < 0) {
			nskipped++;	/* tests/report/run.sh asks tshark */
			continue;
		}
		if (got != 1 || read_record(ev, pn, &b, NULL) != 1) {
			fprintf(stderr, "row %zu: frame %s:%llu or %s:%llu "
			    "missing\n", r + 1, w->f[ci],
			    (unsigned long long)fn, ev,
			    (unsigned long long)pn);
			rc = 1;
			if (got == 1)
				free(a.data);
			continue;
		}
		if (a.ts != b.ts || a.caplen != b.caplen || a.len != b.len ||
		    memcmp(a.data, b.data, a.caplen) != 0) {
			fprintf(stderr, "row %zu: %s frame %llu differs from "
			    "the original\n", r + 1, ev,
			    (unsigned long long)pn);
			rc = 1;
		}
		for (k = 0; k < nfiles && strcmp(files[k], w->f[cpf]); k++)
			;
		if (k == nfiles && nfiles < 64) {
			snprintf(files[nfiles], sizeof(files[0]), "%s",
			    w->f[cpf]);
			counts[nfiles] = 0;
			last_ts[nfiles] = INT64_MIN;
			nfiles++;
		}
		if (k < 64) {
			counts[k]++;
			if (pn != counts[k] || b.ts < last_ts[k]) {
				fprintf(stderr, "row %zu: %s not in order\n",
				    r + 1, files[k]);
				rc = 1;
			}
			last_ts[k] = b.ts;
		}
		free(a.data);
		free(b.data);
		nwritten++;
	}
	for (k = 0; k < nfiles && nskipped == 0; k++) {
		struct pkt x;
		uint64_t total = 0;

		snprintf(ev, sizeof(ev), "%s/%s", dir, files[k]);
		x.data = NULL;
		read_record(ev, UINT64_MAX, &x, &total);
		if (total != counts[k]) {
			fprintf(stderr, "%s: %llu frames, evidence.csv names "
			    "%llu\n", ev, (unsigned long long)total,
			    (unsigned long long)counts[k]);
			rc = 1;
		}
	}
	printf("evidence: %zu frames checked", nwritten);
	if (nskipped > 0)
		printf(", %zu left to tshark (libpcap cannot read the input)",
		    nskipped);
	printf("\n");
	return rc;
}

/* --- a hostile capture ----------------------------------------------------- */

static size_t
avp(uint8_t *p, uint16_t type, const void *val, size_t n)
{
	size_t len = 6 + n;

	p[0] = (uint8_t)(0x80 | (len >> 8));	/* M bit */
	p[1] = (uint8_t)len;
	p[2] = 0;
	p[3] = 0;				/* IETF */
	p[4] = (uint8_t)(type >> 8);
	p[5] = (uint8_t)type;
	memcpy(p + 6, val, n);
	return len;
}

static uint16_t
csum16(const uint8_t *p, size_t n)
{
	uint32_t s = 0;

	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static int
cmd_hostile(const char *out)
{
	static const char *const names[][2] = {
		{ "=cmd|' /C calc'!A0", "@SUM(1+1)\x07" },
		{ "+1+2\r\n=evil", "-2+3\x1b[2J" },
		{ "\tTAB", "|pipe`tick`*star*_u_[x](y)" },
	};
	uint8_t f[600];
	pcap_t *p = pcap_open_dead(DLT_EN10MB, 65535);
	pcap_dumper_t *d = pcap_dump_open(p, out);
	struct pcap_pkthdr h;
	size_t i;

	if (d == NULL) {
		fprintf(stderr, "%s: %s\n", out, pcap_geterr(p));
		return 1;
	}
	for (i = 0; i < 3; i++) {
		size_t n = 0, l2, ip, udp;
		uint16_t v16;
		uint32_t v32;

		memset(f, 0, sizeof(f));
		memcpy(f, "\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x08\x00", 14);
		ip = 14;
		udp = ip + 20;
		l2 = udp + 8;
		/* L2TPv3 control header over UDP: T L S, version 3 */
		f[l2] = 0xc8;
		f[l2 + 1] = 0x03;
		f[l2 + 8] = 0;		/* Ns */
		f[l2 + 9] = 0;
		n = l2 + 12;
		v16 = htons(1);		/* SCCRQ */
		n += avp(f + n, 0, &v16, 2);
		n += avp(f + n, 7, names[i][0], strlen(names[i][0]));
		n += avp(f + n, 8, names[i][1], strlen(names[i][1]));
		v32 = htonl(0x0a000001);
		n += avp(f + n, 60, &v32, 4);	/* Router ID */
		v32 = htonl(1000 + (uint32_t)i);
		n += avp(f + n, 61, &v32, 4);	/* Assigned CCID */
		f[l2 + 2] = (uint8_t)((n - l2) >> 8);
		f[l2 + 3] = (uint8_t)(n - l2);
		/* UDP 1701 -> 1701, checksum 0 (allowed over IPv4) */
		f[udp] = 0x06;
		f[udp + 1] = 0xa5;
		f[udp + 2] = 0x06;
		f[udp + 3] = 0xa5;
		f[udp + 4] = (uint8_t)((n - udp) >> 8);
		f[udp + 5] = (uint8_t)(n - udp);
		/* IPv4 192.0.2.1 -> 192.0.2.2 */
		f[ip] = 0x45;
		f[ip + 2] = (uint8_t)((n - ip) >> 8);
		f[ip + 3] = (uint8_t)(n - ip);
		f[ip + 8] = 64;
		f[ip + 9] = 17;
		memcpy(f + ip + 12, "\xc0\x00\x02\x01\xc0\x00\x02\x02", 8);
		v16 = csum16(f + ip, 20);
		f[ip + 10] = (uint8_t)(v16 >> 8);
		f[ip + 11] = (uint8_t)v16;
		memset(&h, 0, sizeof(h));
		h.ts.tv_sec = 1795510800 + (long)i;
		h.caplen = h.len = (uint32_t)n;
		pcap_dump((u_char *)d, &h, f);
	}
	pcap_dump_close(d);
	pcap_close(p);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "csv") == 0)
		return cmd_csv(argc - 2, argv + 2);
	if (argc == 3 && strcmp(argv[1], "evidence") == 0)
		return cmd_evidence(argv[2]);
	if (argc == 3 && strcmp(argv[1], "hostile") == 0)
		return cmd_hostile(argv[2]);
	fprintf(stderr, "usage: csvcheck csv FILE [column ...] | evidence DIR "
	    "| hostile OUT.pcap\n");
	return 2;
}
