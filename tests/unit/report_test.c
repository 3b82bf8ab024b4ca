/* report_test.c - the --report directory end to end on a real capture
 * (captures/basic-eth.pcap) with findings, entities and transitions made
 * by hand: CSVs re-parsed with libcsv in strict mode, hostile text
 * neutralised, evidence.pcap read back with libpcap and compared with the
 * original frames read independently (libpcap, not the source module;
 * tshark agrees: frame 2 at 1795510800.000100000, 60 bytes), no clobbering
 * without force, byte-identical reruns, and no file left behind when a
 * row writer breaks its column count.
 */
#include <csv.h>
#include <dirent.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "csv_out.h"
#include "diagnose.h"
#include "pipeline.h"
#include "report.h"
#include "source.h"
#include "textbuf.h"
#include "unit.h"

#define RT_CAPTURE	"captures/basic-eth.pcap"

static const struct tok rt_states[] = {
	{ 0, "idle" }, { 1, "wait-ctl-reply" }, { 3, "established" },
	{ 0, NULL }
};

static int rt_short_row;	/* make the row writer break its count */

static int
rt_row(void *arg, const struct report_ctx *ctx, struct csv_out *c,
    const struct entity *e)
{
	size_t n, i;

	(void)arg;
	report_columns(EK_L2TP_CTL, &n, NULL);
	csv_out_text(c, e->uid);
	csv_out_text(c, "udp");
	csv_out_text(c, "192.0.2.1");
	csv_out_u64(c, 1701);
	csv_out_u64(c, 56446);
	csv_out_text(c, "=cmd|' /C calc'!A0");	/* initiator_host */
	csv_out_text(c, "192.0.2.2");
	csv_out_u64(c, 1701);
	csv_out_u64(c, 0);
	csv_out_text(c, "@SUM(1+1)\x01\r\n");	/* responder_host */
	for (i = 10; i < n - 1; i++)
		if (i == 13)
			report_put_ts(c, ctx, e->first.ts_ns, 1);
		else if (i == 14)
			report_put_ts(c, ctx, 0, 0);
		else
			csv_out_text(c, "-");
	if (!rt_short_row)
		csv_out_u64(c, 0);		/* sessions */
	csv_out_text(c, "extra \"value\"");	/* the extra column */
	return 0;
}

static const char *const rt_extra[] = { "test_extra" };
static const struct report_rows rt_rows = { rt_extra, 1, rt_row };
static const struct track_kind rt_kind = {
	.states = rt_states,
	.sides = { "initiator", "responder" },
	.report = &rt_rows,
};
static const struct rule rt_rules[] = {
	{ "l2tp.ctl_reply_missing", SEV_ERROR, NULL, "test" },
	{ "capture.truncated", SEV_WARNING, NULL, "test" },
};

static const char *
rt_label(void *arg, uint32_t v)
{
	return v < source_nvantages(arg) ? source_vantage(arg, v)->label :
	    NULL;
}

struct rt_frame {
	int64_t		ts;
	uint32_t	caplen, len;
	uint8_t		data[256];
};

/* The capture's frames, read with libpcap directly (independent truth). */
static int
rt_read_pcap(const char *path, struct rt_frame *out, int max, int *linktype)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *d;
	pcap_t *p;
	int n = 0;

	p = pcap_open_offline_with_tstamp_precision(path,
	    PCAP_TSTAMP_PRECISION_NANO, err);
	if (p == NULL)
		return -1;
	if (linktype != NULL)
		*linktype = pcap_datalink(p);
	while (n < max && pcap_next_ex(p, &h, &d) == 1) {
		out[n].ts = (int64_t)h->ts.tv_sec * 1000000000LL +
		    h->ts.tv_usec;
		out[n].caplen = h->caplen;
		out[n].len = h->len;
		memcpy(out[n].data, d, h->caplen < 256 ? h->caplen : 256);
		n++;
	}
	pcap_close(p);
	return n;
}

struct rt_csv {
	size_t	 fields, rows, ncols, bad;
	char	 cells[64][160];	/* first 64 fields of the file */
	size_t	 ncells;
};

static void
rt_field(void *s, size_t n, void *arg)
{
	struct rt_csv *r = arg;

	if (r->ncells < 64 && n < 160) {
		memcpy(r->cells[r->ncells], s, n);
		r->cells[r->ncells][n] = '\0';
	}
	r->ncells++;
	r->fields++;
}

static void
rt_rowend(int ch, void *arg)
{
	struct rt_csv *r = arg;

	(void)ch;
	if (r->rows == 0)
		r->ncols = r->fields;
	else if (r->fields != r->ncols)
		r->bad++;
	r->rows++;
	r->fields = 0;
}

static char *
rt_slurp(const char *dir, const char *name, size_t *len)
{
	char path[512];
	char *buf;
	FILE *fp;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	if (buf != NULL) {
		*len = fread(buf, 1, (size_t)n, fp);
		buf[*len] = '\0';
	}
	fclose(fp);
	return buf;
}

/* Strict parse; returns the number of rows (header included), -1 bad. */
static long
rt_parse(const char *dir, const char *name, struct rt_csv *r)
{
	struct csv_parser p;
	size_t len = 0;
	char *buf = rt_slurp(dir, name, &len);
	long rc = -1;

	memset(r, 0, sizeof(*r));
	if (buf == NULL)
		return -1;
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
	if (csv_parse(&p, buf, len, rt_field, rt_rowend, r) == len &&
	    csv_fini(&p, rt_field, rt_rowend, r) == 0 && r->bad == 0)
		rc = (long)r->rows;
	csv_free(&p);
	free(buf);
	return rc;
}

static void
rt_rmdir(const char *dir)
{
	char path[512];
	struct dirent *de;
	DIR *d = opendir(dir);

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' && (de->d_name[1] == '\0' ||
		    (de->d_name[1] == '.' && de->d_name[2] == '\0')))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

static int
rt_count_files(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		n += de->d_name[0] != '.' || (de->d_name[1] != '\0' &&
		    de->d_name[1] != '.');
	closedir(d);
	return n;
}

struct rt_env {
	struct source_set	*src;
	struct pipeline		*pl;
	const char		*specs[1];
	struct report_opts	 ro;
	char			*argv[4];
	struct rt_frame		 fr[16];
	int			 nfr;
};

static int
rt_setup(struct rt_env *t, const char *dir)
{
	char err[256];
	struct frame f;
	struct evref r1, r2, r4;
	struct entity *e;
	struct finding *fd;
	struct prefs prefs;
	uint32_t key = 7;

	memset(t, 0, sizeof(*t));
	t->nfr = rt_read_pcap(RT_CAPTURE, t->fr, 16, NULL);
	if (t->nfr < 5)
		return -1;
	t->specs[0] = RT_CAPTURE;
	t->src = source_new();
	t->pl = calloc(1, sizeof(*t->pl));
	if (t->src == NULL || t->pl == NULL ||
	    source_add_file(t->src, RT_CAPTURE, err, sizeof(err)) < 0)
		return -1;
	prefs_default(&prefs);
	if (pipeline_init(t->pl, &prefs) < 0)
		return -1;
	while (source_next(t->src, &f) == 1)
		pipeline_frame(t->pl, &f);
	pipeline_finish(t->pl);
	engine_set_labels(t->pl->engine, rt_label, t->src);

	track_register_kind(t->pl->engine->track, EK_L2TP_CTL, &rt_kind);
	diag_register(t->pl->engine, rt_rules, 2);
	r1 = (struct evref){ .vantage = 0, .frame = 1, .ts_ns = t->fr[0].ts };
	r2 = (struct evref){ .vantage = 0, .frame = 2, .ts_ns = t->fr[1].ts };
	r4 = (struct evref){ .vantage = 0, .frame = 4, .ts_ns = t->fr[3].ts };
	e = track_create(t->pl->engine->track, EK_L2TP_CTL, &key, sizeof(key),
	    &r2, "56446", NULL);
	if (e == NULL)
		return -1;
	track_set_name(e, "192.0.2.1 -> 192.0.2.2 ccid %u", 56446u);
	track_change_state(t->pl->engine->track, e, 0, 1, &(struct change){
	    .ts = r2.ts_ns, .cause = "SCCRQ sent", .ev = &r2, .nev = 1 });
	track_change_state(t->pl->engine->track, e, 0, 1, &(struct change){
	    .ts = r4.ts_ns, .cause = "SCCRQ resent", .ev = &r4, .nev = 1 });
	track_change_state(t->pl->engine->track, e, 0, 1, &(struct change){
	    .ts = r4.ts_ns + 5, .cause = "SCCRQ resent", .ev = &r4,
	    .nev = 1 });
	fd = finding_upsert(t->pl->engine->findings, &rt_rules[0], e,
	    r2.ts_ns);
	if (fd == NULL)
		return -1;
	finding_set_title(fd, "+no SCCRP from `peer` | *bold* [x](y)");
	finding_set_text(fd, "=HYPERLINK(\"http://x\")\x1b[2J");
	finding_set_remedy(fd, "-add a host route");
	finding_add_evidence(fd, &r4);
	finding_add_evidence(fd, &r2);
	fd = finding_upsert(t->pl->engine->findings, &rt_rules[1], NULL,
	    r1.ts_ns);
	if (fd == NULL)
		return -1;
	/* UTF-8: a printable character, then RLO (U+202E), NEL (C1), a
	 * stray byte and an overlong "/" */
	finding_set_title(fd, "capture cut \xc2\xa7 \xe2\x80\xae \xc2\x85 "
	    "\xff \xc0\xaf");
	finding_add_evidence(fd, &r4);
	finding_add_evidence(fd, &r1);

	t->argv[0] = "tunnelscope";
	t->argv[1] = "-r";
	t->argv[2] = (char *)RT_CAPTURE;
	t->ro.dir = dir;
	t->ro.no_clock = 1;
	t->ro.argc = 3;
	t->ro.argv = t->argv;
	t->ro.specs = t->specs;
	t->ro.nspecs = 1;
	return 0;
}

static void
rt_teardown(struct rt_env *t)
{
	if (t->pl != NULL)
		pipeline_free(t->pl);
	free(t->pl);
	source_free(t->src);
}

TEST(report_writes_every_file_strict_csv)
{
	static const char *const files[] = {
		"findings.csv", "l2tp_tunnels.csv", "l2tp_sessions.csv",
		"bgp_sessions.csv", "transitions.csv", "anomalies.csv",
		"evidence.csv",
	};
	char dir[] = "/tmp/ts-report-test-XXXXXX", sub[600], err[512];
	struct rt_csv *r = calloc(1, sizeof(*r));
	struct rt_env t;
	size_t i, len;
	char *md;

	CHECK(r != NULL && mkdtemp(dir) != NULL);
	snprintf(sub, sizeof(sub), "%s/a/b", dir);	/* mkdir -p */
	if (rt_setup(&t, sub) != 0) {
		unit_fail(__FILE__, __LINE__, "setup failed");
		rt_teardown(&t);
		return;
	}
	CHECK_EQ(report_write(&t.ro, t.pl, t.src, err, sizeof(err)), 0);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		long rows = rt_parse(sub, files[i], r);

		if (rows < 1)
			unit_fail(__FILE__, __LINE__, "%s: strict parse",
			    files[i]);
	}
	/* findings: errors first; hostile text neutralised and escaped */
	CHECK_EQ(rt_parse(sub, "findings.csv", r), 3);
	CHECK_EQ(r->ncols, 15);
	CHECK_STR(r->cells[0], "ts");
	CHECK_STR(r->cells[15], "2026-11-24T09:00:00.000100Z");
	CHECK_STR(r->cells[16], "1795510800.000100");
	CHECK_STR(r->cells[17], "l2tp.ctl_reply_missing");
	CHECK_STR(r->cells[18], "error");
	CHECK_STR(r->cells[19], "l2tp-ctl");
	CHECK_STR(r->cells[20], "192.0.2.1 -> 192.0.2.2 ccid 56446");
	CHECK_STR(r->cells[21], "'+no SCCRP from `peer` | *bold* [x](y)");
	CHECK_STR(r->cells[22], "'=HYPERLINK(\"http://x\")\\x1b[2J");
	CHECK_STR(r->cells[23], "basic-eth:4 basic-eth:2");
	CHECK_STR(r->cells[24], "'-add a host route");
	CHECK_STR(r->cells[32], "capture.truncated");
	CHECK_STR(r->cells[34], "capture");
	/* CSV text is ASCII: every other byte \xNN */
	CHECK_STR(r->cells[36], "capture cut \\xc2\\xa7 \\xe2\\x80\\xae "
	    "\\xc2\\x85 \\xff \\xc0\\xaf");
	/* the tracker's row, with its extra column */
	CHECK_EQ(rt_parse(sub, "l2tp_tunnels.csv", r), 2);
	CHECK_EQ(r->ncols, 21);
	CHECK_STR(r->cells[5], "initiator_host");
	CHECK_STR(r->cells[20], "test_extra");
	CHECK_STR(r->cells[21], "L2C-basic_eth-2-56446");
	CHECK_STR(r->cells[26], "'=cmd|' /C calc'!A0");
	CHECK_STR(r->cells[30], "'@SUM(1+1)\\x01\\x0d\\x0a");
	CHECK_STR(r->cells[31], "'-");
	CHECK_STR(r->cells[34], "2026-11-24T09:00:00.000100Z");
	CHECK_STR(r->cells[35], "");
	CHECK_STR(r->cells[41], "extra \"value\"");
	/* transitions: the repeat is folded, x2 */
	CHECK_EQ(rt_parse(sub, "transitions.csv", r), 3);
	CHECK_STR(r->cells[15 + 4], "idle");
	CHECK_STR(r->cells[15 + 5], "wait-ctl-reply");
	CHECK_STR(r->cells[30 + 6], "SCCRQ resent");
	CHECK_STR(r->cells[30 + 10], "2");
	CHECK_EQ(rt_parse(sub, "l2tp_sessions.csv", r), 1);
	CHECK_EQ(r->ncols, 16);
	CHECK_EQ(rt_parse(sub, "bgp_sessions.csv", r), 1);
	CHECK_EQ(r->ncols, 18 + 23);	/* + issue #6's extras (out_bgp.c) */
	/* evidence.csv: frames 1, 2, 4 in time order, who cites them */
	CHECK_EQ(rt_parse(sub, "evidence.csv", r), 4);
	CHECK_STR(r->cells[14 + 2], "basic-eth:1");
	CHECK_STR(r->cells[14 + 9], "evidence.pcap");
	CHECK_STR(r->cells[14 + 10], "1");
	CHECK_STR(r->cells[14 + 11], "capture.truncated");
	CHECK_STR(r->cells[28 + 2], "basic-eth:2");
	CHECK_STR(r->cells[42 + 2], "basic-eth:4");
	CHECK_STR(r->cells[42 + 11], "l2tp.ctl_reply_missing "
	    "capture.truncated");
	CHECK_STR(r->cells[42 + 12], "1 2");
	CHECK_STR(r->cells[42 + 13], "written");
	/* summary.md: sections in order, Markdown in packet text escaped */
	md = rt_slurp(sub, "summary.md", &len);
	CHECK(md != NULL);
	if (md != NULL) {
		static const char *const secs[] = { "## Summary", "## Impact",
		    "## Timeline", "## Evidence", "## Root cause",
		    "## Remediation", "## Capture limits", "## Appendix" };
		const char *p = md;

		for (i = 0; i < 8; i++) {
			const char *q = strstr(p, secs[i]);

			if (q == NULL)
				unit_fail(__FILE__, __LINE__, "%s missing or "
				    "out of order", secs[i]);
			else
				p = q;
		}
		CHECK(strstr(md, "+no SCCRP from \\`peer\\` \\| \\*bold\\* "
		    "\\[x\\](y)") != NULL);
		CHECK(strstr(md, "\\x1b\\[2J") != NULL);
		CHECK(strstr(md, "\x1b") == NULL);
		/* Markdown keeps printable UTF-8 only */
		CHECK(strstr(md, "capture cut \xc2\xa7 \\xe2\\x80\\xae "
		    "\\xc2\\x85 \\xff \\xc0\\xaf") != NULL);
		CHECK(strstr(md, "x2, the last at") != NULL);
		CHECK(strstr(md, "not recorded (--report-no-clock)") != NULL);
		CHECK(strstr(md, "1. \\-add a host route") != NULL);
		CHECK(strstr(md, "Explanation: =HYPERLINK") != NULL);
		CHECK(strstr(md, "basic-eth:4  cited by l2tp.ctl_reply_missing"
		    " capture.truncated") != NULL);
		free(md);
	}
	rt_teardown(&t);
	rt_rmdir(sub);
	snprintf(sub, sizeof(sub), "%s/a", dir);
	rmdir(sub);
	rmdir(dir);
	free(r);
}

TEST(report_evidence_pcap_equals_cited_originals)
{
	char dir[] = "/tmp/ts-report-test-XXXXXX", path[600], err[512];
	static struct rt_frame ev[8];
	struct rt_env t;
	int n, lt = -1;

	CHECK(mkdtemp(dir) != NULL);
	if (rt_setup(&t, dir) != 0) {
		unit_fail(__FILE__, __LINE__, "setup failed");
		rt_teardown(&t);
		return;
	}
	CHECK_EQ(report_write(&t.ro, t.pl, t.src, err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/evidence.pcap", dir);
	n = rt_read_pcap(path, ev, 8, &lt);
	CHECK_EQ(n, 3);
	CHECK_EQ(lt, DLT_EN10MB);
	if (n == 3) {
		static const int orig[3] = { 0, 1, 3 };	/* frames 1, 2, 4 */
		int i;

		for (i = 0; i < 3; i++) {
			const struct rt_frame *o = &t.fr[orig[i]];

			CHECK_EQ(ev[i].ts, o->ts);
			CHECK_EQ(ev[i].caplen, o->caplen);
			CHECK_EQ(ev[i].len, o->len);
			CHECK(memcmp(ev[i].data, o->data, o->caplen) == 0);
		}
		CHECK_EQ(ev[1].ts, 1795510800000100000LL);	/* tshark */
		CHECK_EQ(ev[1].len, 60);
	}
	rt_teardown(&t);
	rt_rmdir(dir);
}

TEST(report_no_clobber_force_and_determinism)
{
	char dir[] = "/tmp/ts-report-test-XXXXXX", err[512], path[600];
	static const char *const files[] = { "findings.csv", "summary.md",
	    "evidence.pcap", "evidence.csv", "transitions.csv" };
	char *before[5];
	size_t lens[5], len, i;
	struct rt_env t;
	FILE *fp;

	CHECK(mkdtemp(dir) != NULL);
	if (rt_setup(&t, dir) != 0) {
		unit_fail(__FILE__, __LINE__, "setup failed");
		rt_teardown(&t);
		return;
	}
	CHECK_EQ(report_write(&t.ro, t.pl, t.src, err, sizeof(err)), 0);
	for (i = 0; i < 5; i++)
		before[i] = rt_slurp(dir, files[i], &lens[i]);
	/* again without force: 73, the message names a file */
	err[0] = '\0';
	CHECK_EQ(report_write(&t.ro, t.pl, t.src, err, sizeof(err)),
	    EX_CANTCREAT);
	CHECK(strstr(err, "exists") != NULL && strstr(err, "--force"));
	CHECK_EQ(rt_count_files(dir), 9);	/* no temporary file left */
	/* a stale per-link-type pcap of an earlier report also stops us */
	snprintf(path, sizeof(path), "%s/evidence-raw.pcap", dir);
	fp = fopen(path, "w");
	CHECK(fp != NULL);
	if (fp != NULL)
		fclose(fp);
	t.ro.force = 1;
	CHECK_EQ(report_write(&t.ro, t.pl, t.src, err, sizeof(err)), 0);
	CHECK(access(path, F_OK) != 0);		/* removed with force */
	for (i = 0; i < 5; i++) {
		char *after = rt_slurp(dir, files[i], &len);

		CHECK(after != NULL && before[i] != NULL && len == lens[i] &&
		    memcmp(after, before[i], len) == 0);
		free(after);
		free(before[i]);
	}
	rt_teardown(&t);
	rt_rmdir(dir);
}

TEST(report_row_count_mismatch_leaves_nothing)
{
	char dir[] = "/tmp/ts-report-test-XXXXXX", err[512];
	struct rt_env t;

	CHECK(mkdtemp(dir) != NULL);
	if (rt_setup(&t, dir) != 0) {
		unit_fail(__FILE__, __LINE__, "setup failed");
		rt_teardown(&t);
		return;
	}
	rt_short_row = 1;
	CHECK_EQ(report_write(&t.ro, t.pl, t.src, err, sizeof(err)),
	    EX_SOFTWARE);
	rt_short_row = 0;
	CHECK(strstr(err, "l2tp_tunnels.csv") != NULL);
	CHECK_EQ(rt_count_files(dir), 0);
	rt_teardown(&t);
	rt_rmdir(dir);
}

TEST(report_dir_is_a_file)
{
	char dir[] = "/tmp/ts-report-test-XXXXXX", path[600], err[512];
	struct rt_env t;
	FILE *fp;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/file", dir);
	fp = fopen(path, "w");
	if (fp != NULL)
		fclose(fp);
	if (rt_setup(&t, path) != 0) {
		unit_fail(__FILE__, __LINE__, "setup failed");
		rt_teardown(&t);
		return;
	}
	CHECK_EQ(report_write(&t.ro, t.pl, t.src, err, sizeof(err)),
	    EX_CANTCREAT);
	CHECK(strstr(err, "not a directory") != NULL);
	rt_teardown(&t);
	unlink(path);
	rmdir(dir);
}
