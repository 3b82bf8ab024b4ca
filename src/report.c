/* report.c - the --report directory: files, orchestration, the CSVs of
 * findings, transitions, anomalies and entities (DESIGN.md "Report
 * directory"; conventions: RFC 4180, OWASP CSV injection, Zeek's one log
 * per kind).
 *
 * Safety first: every file goes to a temporary name in the directory
 * (mkstemp) and only when all were written are they moved into place;
 * without force a file is linked in (link() refuses to replace one that
 * appeared meanwhile), with force renamed over the old one.  Any error
 * removes the temporary files, so a failed report leaves no partial file.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "csv_out.h"
#include "diagnose.h"
#include "dissect.h"
#include "pipeline.h"
#include "report_priv.h"
#include "source.h"
#include "stats.h"
#include "textbuf.h"

/* --- per-kind CSVs: required columns, DESIGN.md ------------------------ */

static const char *const l2tp_tunnel_cols[] = {
	"uid", "transport", "initiator_addr", "initiator_port",
	"initiator_ccid", "initiator_host", "responder_addr",
	"responder_port", "responder_ccid", "responder_host", "state",
	"initiator_state", "responder_state", "established_ts", "closed_ts",
	"close_reason", "sccrq_sent", "retransmits", "hellos", "sessions",
};

static const char *const l2tp_session_cols[] = {
	"uid", "tunnel", "initiator_session_id", "responder_session_id",
	"pw_type", "remote_end_id", "initiator_cookie", "responder_cookie",
	"l2ss", "state", "established_ts", "closed_ts", "close_reason",
	"packets_i2r", "packets_r2i", "inner_hosts",
};

static const char *const bgp_session_cols[] = {
	"uid", "a_addr", "a_port", "a_as", "a_bgp_id", "b_addr", "b_port",
	"b_as", "b_bgp_id", "hold_time", "state", "established_ts", "down_ts",
	"last_notification", "notification_sender", "carried_by",
	"connections_established", "connections_dropped",
};

#define NCOLS(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	unsigned		 kind;
	const char		*file;
	const char *const	*cols;
	size_t			 ncols;
} kind_tables[] = {
	{ EK_L2TP_CTL, "l2tp_tunnels.csv", l2tp_tunnel_cols,
	  NCOLS(l2tp_tunnel_cols) },
	{ EK_L2TP_SESSION, "l2tp_sessions.csv", l2tp_session_cols,
	  NCOLS(l2tp_session_cols) },
	{ EK_BGP_SESSION, "bgp_sessions.csv", bgp_session_cols,
	  NCOLS(bgp_session_cols) },
};

const char *const *
report_columns(unsigned kind, size_t *n, const char **file)
{
	size_t i;

	for (i = 0; i < NCOLS(kind_tables); i++)
		if (kind_tables[i].kind == kind) {
			*n = kind_tables[i].ncols;
			if (file != NULL)
				*file = kind_tables[i].file;
			return kind_tables[i].cols;
		}
	*n = 0;
	return NULL;
}

static const char *const findings_cols[] = {
	"ts", "ts_epoch", "rule", "severity", "entity_kind", "entity",
	"title", "explanation", "evidence", "remediation",
	/* added */
	"id", "entity_uid", "explained_by", "explains", "evidence_more",
};

static const char *const transitions_cols[] = {
	"ts", "ts_epoch", "entity_kind", "entity", "from_state", "to_state",
	"cause", "evidence",
	/* added */
	"entity_uid", "side", "count", "last_ts", "last_ts_epoch",
	"last_evidence", "inferred",
};

static const char *const anomalies_cols[] = {
	"ts", "evidence", "layer", "anomaly", "detail",
	/* added */
	"kind", "count", "ts_epoch",
};

/* --- helpers ------------------------------------------------------------ */

int
report_fail(struct report *r, int rc, const char *fmt, ...)
{
	va_list ap;

	if (r->rc == 0) {
		r->rc = rc;
		va_start(ap, fmt);
		vsnprintf(r->errbuf, r->errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static const char *
src_label(void *arg, uint32_t v)
{
	const struct source_set *src = arg;

	return v < source_nvantages(src) ? source_vantage(src, v)->label :
	    NULL;
}

const char *
report_label(const struct report *r, uint32_t v)
{
	const char *l = src_label((void *)r->src, v);

	return l != NULL ? l : "?";
}

int
report_input_of(const struct report *r, uint32_t v)
{
	return v < source_nvantages(r->src) ?
	    (int)source_vantage(r->src, v)->input : -1;
}

/* "label:frame", the label raw (the CSV writer escapes the whole). */
static void
put_ref(struct textbuf *tb, const struct report_ctx *ctx,
    const struct evref *e)
{
	const char *l = ctx->label != NULL ?
	    ctx->label(ctx->label_arg, e->vantage) : NULL;

	if (l != NULL)
		tb_puts(tb, l);
	else
		tb_printf(tb, "%u", e->vantage);
	tb_printf(tb, ":%llu", (unsigned long long)e->frame);
}

void
report_put_ts(struct csv_out *c, const struct report_ctx *ctx, int64_t ns,
    int have)
{
	if (have)
		csv_out_ts(c, ns, ctx->digits);
	else
		csv_out_empty(c);
}

void
report_put_evref(struct csv_out *c, const struct report_ctx *ctx,
    const struct evref *e)
{
	char buf[128];
	struct textbuf tb;

	if (e == NULL || e->frame == 0) {
		csv_out_empty(c);
		return;
	}
	tb_init(&tb, buf, sizeof(buf));
	put_ref(&tb, ctx, e);
	csv_out_text(c, buf);
}

static void
put_reflist(struct csv_out *c, const struct report_ctx *ctx,
    const struct evref *e, size_t n)
{
	char buf[FINDING_EV_MAX * 80];
	struct textbuf tb;
	size_t i;

	tb_init(&tb, buf, sizeof(buf));
	for (i = 0; i < n; i++) {
		if (i > 0)
			tb_putc(&tb, ' ');
		put_ref(&tb, ctx, &e[i]);
	}
	csv_out_text(c, buf);
}

/* --- files ---------------------------------------------------------------- */

static mode_t
file_mode(void)
{
	mode_t m = umask(022);

	umask(m);
	return 0666 & ~m;
}

struct rfile *
report_file_open(struct report *r, const char *name)
{
	struct rfile *f;
	int fd;

	if (r->nfiles >= REPORT_MAX_FILES) {
		report_fail(r, EX_SOFTWARE, "%s/%s: too many report files",
		    r->o->dir, name);
		return NULL;
	}
	f = &r->files[r->nfiles];
	memset(f, 0, sizeof(*f));
	snprintf(f->name, sizeof(f->name), "%s", name);
	if ((size_t)snprintf(f->final, sizeof(f->final), "%s/%s", r->o->dir,
	    name) >= sizeof(f->final) ||
	    (size_t)snprintf(f->tmp, sizeof(f->tmp), "%s/.%s.XXXXXX",
	    r->o->dir, name) >= sizeof(f->tmp)) {
		report_fail(r, EX_CANTCREAT, "%s/%s: path too long",
		    r->o->dir, name);
		return NULL;
	}
	if ((fd = mkstemp(f->tmp)) < 0) {
		report_fail(r, EX_CANTCREAT, "cannot create %s: %s",
		    f->final, strerror(errno));
		return NULL;
	}
	r->nfiles++;
	(void)fchmod(fd, file_mode());
	if ((f->fp = fdopen(fd, "wb")) == NULL) {
		report_fail(r, EX_OSERR, "%s: %s", f->final, strerror(errno));
		close(fd);
		return NULL;
	}
	return f;
}

int
report_file_close(struct report *r, struct rfile *f)
{
	int err = 0;

	if (f->fp == NULL)
		return f->closed ? 0 : -1;
	errno = 0;
	if (fflush(f->fp) != 0 || ferror(f->fp))
		err = errno != 0 ? errno : EIO;
	if (fclose(f->fp) != 0 && err == 0)
		err = errno != 0 ? errno : EIO;
	f->fp = NULL;
	if (err != 0)
		return report_fail(r, EX_IOERR, "writing %s: %s", f->final,
		    strerror(err));
	f->closed = 1;
	return 0;
}

/* A write error seen by a writer (sticky errno), reported as 74. */
static int
file_error(struct report *r, struct rfile *f, int err)
{
	return report_fail(r, EX_IOERR, "writing %s: %s", f->final,
	    strerror(err != 0 ? err : EIO));
}

static void
cleanup(struct report *r)
{
	size_t i;

	for (i = 0; i < r->nfiles; i++) {
		struct rfile *f = &r->files[i];

		if (f->fp != NULL) {
			fclose(f->fp);
			f->fp = NULL;
		}
		if (!f->committed)
			unlink(f->tmp);
	}
}

int
report_sha256_file(const char *path, char out[SHA256_HEX], uint64_t *size)
{
	struct sha256_ctx c;
	uint8_t buf[65536], d[SHA256_LEN];
	uint64_t total = 0;
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL)
		return -1;
	sha256_init(&c);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
		sha256_update(&c, buf, n);
		total += n;
	}
	if (ferror(fp)) {
		fclose(fp);
		return -1;
	}
	fclose(fp);
	sha256_final(&c, d);
	sha256_hex(d, out);
	if (size != NULL)
		*size = total;
	return 0;
}

/* mkdir -p: every missing component, then DIR must be a directory. */
static int
make_dir(struct report *r)
{
	char path[PATH_MAX];
	struct stat st;
	size_t n = strlen(r->o->dir), i;

	if (n == 0 || n >= sizeof(path))
		return report_fail(r, EX_CANTCREAT, "%s: bad report "
		    "directory name", r->o->dir);
	memcpy(path, r->o->dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST)
			return report_fail(r, EX_CANTCREAT, "cannot create "
			    "the report directory %s: %s", path,
			    strerror(errno));
		path[i] = i < n ? '/' : '\0';
	}
	if (stat(r->o->dir, &st) != 0)
		return report_fail(r, EX_CANTCREAT, "report directory %s: %s",
		    r->o->dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return report_fail(r, EX_CANTCREAT, "report directory %s: "
		    "exists and is not a directory", r->o->dir);
	return 0;
}

static const char *const fixed_files[] = {
	"findings.csv", "l2tp_tunnels.csv", "l2tp_sessions.csv",
	"bgp_sessions.csv", "transitions.csv", "anomalies.csv", "summary.md",
	"evidence.csv",
};

static int
is_evidence_pcap(const char *name)
{
	size_t n = strlen(name);

	return n >= 13 && strncmp(name, "evidence", 8) == 0 &&
	    (name[8] == '.' || name[8] == '-') &&
	    strcmp(name + n - 5, ".pcap") == 0;
}

static int
ours(const struct report *r, const char *name)
{
	size_t i;

	for (i = 0; i < NCOLS(fixed_files); i++)
		if (strcmp(name, fixed_files[i]) == 0)
			return 1;
	for (i = 0; i < r->nevf; i++)
		if (strcmp(name, r->evf[i].file) == 0)
			return 1;
	return 0;
}

/*
 * Without force, any file we would write, and any evidence pcap of an
 * earlier report (it would be stale next to ours), stops us: 73.
 */
static int
check_existing(struct report *r)
{
	char name[96], path[PATH_MAX];
	struct dirent *de;
	struct stat st;
	size_t i;
	DIR *d;

	if (r->o->force)
		return 0;
	for (i = 0; i < NCOLS(fixed_files) + r->nevf; i++) {
		if (i < NCOLS(fixed_files))
			snprintf(name, sizeof(name), "%s", fixed_files[i]);
		else
			snprintf(name, sizeof(name), "%s",
			    r->evf[i - NCOLS(fixed_files)].file);
		snprintf(path, sizeof(path), "%s/%s", r->o->dir, name);
		if (lstat(path, &st) == 0)
			return report_fail(r, EX_CANTCREAT, "%s exists: "
			    "use --force to replace the report files in %s",
			    path, r->o->dir);
	}
	if ((d = opendir(r->o->dir)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL)
		if (is_evidence_pcap(de->d_name)) {
			snprintf(path, sizeof(path), "%s/%s", r->o->dir,
			    de->d_name);
			closedir(d);
			return report_fail(r, EX_CANTCREAT, "%s exists: "
			    "use --force to replace the report files in %s",
			    path, r->o->dir);
		}
	closedir(d);
	return 0;
}

/* With force: evidence pcaps of an earlier report that we did not write. */
static void
remove_stale(struct report *r)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;

	if ((d = opendir(r->o->dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL)
		if (is_evidence_pcap(de->d_name) && !ours(r, de->d_name)) {
			snprintf(path, sizeof(path), "%s/%s", r->o->dir,
			    de->d_name);
			unlink(path);
		}
	closedir(d);
}

static int
commit(struct report *r)
{
	size_t i;

	for (i = 0; i < r->nfiles; i++) {
		struct rfile *f = &r->files[i];

		if (!r->o->force) {
			if (link(f->tmp, f->final) == 0) {
				unlink(f->tmp);
				f->committed = 1;
				continue;
			}
			if (errno == EEXIST)
				return report_fail(r, EX_CANTCREAT, "%s exists:"
				    " use --force to replace the report files"
				    " in %s", f->final, r->o->dir);
			/* no hard links here (some file systems): rename;
			 * check_existing() ran moments ago */
		}
		if (rename(f->tmp, f->final) != 0)
			return report_fail(r, EX_CANTCREAT, "cannot create "
			    "%s: %s", f->final, strerror(errno));
		f->committed = 1;
	}
	if (r->o->force)
		remove_stale(r);
	return 0;
}

/* Undo a half-done commit without force: those files were not there. */
static void
uncommit(struct report *r)
{
	size_t i;

	if (r->o->force)
		return;
	for (i = 0; i < r->nfiles; i++)
		if (r->files[i].committed) {
			unlink(r->files[i].final);
			r->files[i].committed = 0;
		}
}

/* --- CSV files ------------------------------------------------------------ */

static int
csv_close(struct report *r, struct rfile *f, struct csv_out *c)
{
	if (c->schema)
		return report_fail(r, EX_SOFTWARE, "%s: a row does not have "
		    "the header's %zu columns (internal error)", f->final,
		    c->ncols);
	if (csv_out_flush(c) < 0)
		return file_error(r, f, csv_out_error(c));
	return report_file_close(r, f);
}

static const char *
kind_name(unsigned kind)
{
	return kind < EK_COUNT ? track_kind_name(kind) : "capture";
}

static int
write_findings(struct report *r)
{
	struct rfile *f;
	struct csv_out c;
	char buf[FINDING_SYM_MAX * 12];
	struct textbuf tb;
	size_t i, k;

	if ((f = report_file_open(r, "findings.csv")) == NULL)
		return -1;
	csv_out_init(&c, f->fp);
	csv_out_header(&c, findings_cols, NCOLS(findings_cols));
	csv_out_end_row(&c);
	for (i = 0; i < r->nfs; i++) {
		const struct finding *fd = r->fs[i];

		csv_out_ts(&c, fd->ts, r->ctx.digits);
		csv_out_epoch(&c, fd->ts, r->ctx.digits);
		csv_out_text(&c, fd->rule);
		csv_out_text(&c, finding_severity_name(fd->severity));
		csv_out_text(&c, kind_name(fd->entity_kind));
		csv_out_text(&c, fd->entity_kind < EK_COUNT ?
		    fd->entity_name : "capture");
		csv_out_text(&c, fd->title);
		csv_out_text(&c, fd->explanation);
		put_reflist(&c, &r->ctx, fd->ev, fd->nev);
		csv_out_text(&c, fd->remediation);
		csv_out_u64(&c, fd->id);
		csv_out_text(&c, fd->entity_uid);
		if (fd->explained_by != 0)
			csv_out_u64(&c, fd->explained_by);
		else
			csv_out_empty(&c);
		tb_init(&tb, buf, sizeof(buf));
		for (k = 0; k < fd->nsymptoms; k++)
			tb_printf(&tb, "%s%u", k > 0 ? " " : "",
			    fd->symptoms[k]);
		csv_out_text(&c, buf);	/* "3 7": ids, not one number */
		csv_out_u64(&c, fd->ev_more);
		csv_out_end_row(&c);
	}
	return csv_close(r, f, &c);
}

/* Every kept transition of every entity, in store-wide (capture) order. */
struct tref {
	const struct entity	*e;
	const struct transition	*tr;
};

static int
tref_cmp(const void *a, const void *b)
{
	const struct tref *x = a, *y = b;

	return x->tr->seq < y->tr->seq ? -1 : x->tr->seq > y->tr->seq;
}

static int
gather_transitions(const struct track *t, struct tref **out, size_t *nout)
{
	const struct entity *e;
	const struct transition *tl;
	struct tref *v = NULL, *nv;
	size_t n = 0, cap = 0, ntl, i;
	unsigned k;

	for (k = 0; k < EK_COUNT; k++)
		for (e = track_first(t, k); e != NULL; e = track_next(e)) {
			tl = track_timeline(e, &ntl);
			for (i = 0; i < ntl; i++) {
				if (n == cap) {
					cap = cap ? 2 * cap : 64;
					nv = realloc(v, cap * sizeof(*v));
					if (nv == NULL) {
						free(v);
						return -1;
					}
					v = nv;
				}
				v[n].e = e;
				v[n].tr = &tl[i];
				n++;
			}
		}
	if (n > 1)
		qsort(v, n, sizeof(*v), tref_cmp);
	*out = v;
	*nout = n;
	return 0;
}

static int
write_transitions(struct report *r)
{
	const struct track *t = r->pl->engine->track;
	struct tref *v;
	struct rfile *f;
	struct csv_out c;
	char b1[32], b2[32];
	size_t n, i;

	if (gather_transitions(t, &v, &n) < 0)
		return report_fail(r, EX_OSERR, "out of memory");
	if ((f = report_file_open(r, "transitions.csv")) == NULL) {
		free(v);
		return -1;
	}
	csv_out_init(&c, f->fp);
	csv_out_header(&c, transitions_cols, NCOLS(transitions_cols));
	csv_out_end_row(&c);
	for (i = 0; i < n; i++) {
		const struct entity *e = v[i].e;
		const struct transition *tr = v[i].tr;

		csv_out_ts(&c, tr->first_ts, r->ctx.digits);
		csv_out_epoch(&c, tr->first_ts, r->ctx.digits);
		csv_out_text(&c, track_kind_name(e->kind));
		csv_out_text(&c, e->name);
		csv_out_text(&c, track_state_name(t, e->kind, tr->from, b1,
		    sizeof(b1)));
		csv_out_text(&c, track_state_name(t, e->kind, tr->to, b2,
		    sizeof(b2)));
		csv_out_text(&c, tr->cause);
		put_reflist(&c, &r->ctx, tr->ev, tr->nev);
		csv_out_text(&c, e->uid);
		csv_out_text(&c, track_side_name(t, e->kind, tr->side));
		csv_out_u64(&c, tr->count);
		csv_out_ts(&c, tr->last_ts, r->ctx.digits);
		csv_out_epoch(&c, tr->last_ts, r->ctx.digits);
		report_put_evref(&c, &r->ctx, tr->count > 1 ? &tr->last_ev :
		    NULL);
		csv_out_u64(&c, (tr->flags & TR_INFERRED) ? 1 : 0);
		csv_out_end_row(&c);
	}
	free(v);
	return csv_close(r, f, &c);
}

static int
write_anomalies(struct report *r)
{
	const struct stats *st = &r->pl->stats;
	struct rfile *f;
	struct csv_out c;
	struct evref ev;
	unsigned i;

	if ((f = report_file_open(r, "anomalies.csv")) == NULL)
		return -1;
	csv_out_init(&c, f->fp);
	csv_out_header(&c, anomalies_cols, NCOLS(anomalies_cols));
	csv_out_end_row(&c);
	for (i = 0; i < st->nanom; i++) {
		const struct anom_count *a = &st->anom[i];
		const char *dot = strchr(a->name, '.');

		csv_out_ts(&c, a->first_ts, r->ctx.digits);
		ev.vantage = a->first_vantage;
		ev.frame = a->first_frame;
		ev.ts_ns = a->first_ts;
		report_put_evref(&c, &r->ctx, &ev);
		csv_out_textn(&c, a->name, dot != NULL ?
		    (size_t)(dot - a->name) : strlen(a->name));
		csv_out_text(&c, a->name);
		csv_out_text(&c, a->first_detail);
		csv_out_text(&c, a->kind == AK_TRUNCATED ? "truncated" :
		    a->kind == AK_MALFORMED ? "malformed" : "note");
		csv_out_u64(&c, a->count);
		csv_out_epoch(&c, a->first_ts, r->ctx.digits);
		csv_out_end_row(&c);
	}
	return csv_close(r, f, &c);
}

static int
write_kind(struct report *r, size_t ti)
{
	const struct track *t = r->pl->engine->track;
	const struct track_kind *def = track_kind_def(t, kind_tables[ti].kind);
	const struct report_rows *rows = def != NULL ? def->report : NULL;
	const struct entity *e;
	struct rfile *f;
	struct csv_out c;

	if ((f = report_file_open(r, kind_tables[ti].file)) == NULL)
		return -1;
	csv_out_init(&c, f->fp);
	csv_out_header(&c, kind_tables[ti].cols, kind_tables[ti].ncols);
	if (rows != NULL && rows->nextra > 0)
		csv_out_header(&c, rows->extra, rows->nextra);
	csv_out_end_row(&c);
	if (rows != NULL && rows->row != NULL)
		for (e = track_first(t, kind_tables[ti].kind); e != NULL &&
		    c.err == 0; e = track_next(e)) {
			if (rows->row(def->arg, &r->ctx, &c, e) < 0 &&
			    c.err == 0)
				return report_fail(r, EX_SOFTWARE, "%s: the "
				    "row of %s could not be written",
				    f->final, e->uid);
			if (csv_out_end_row(&c) < 0 && c.schema)
				break;
		}
	return csv_close(r, f, &c);
}

/* --- orchestration -------------------------------------------------------- */

static int
digits_of(const struct source_set *src)
{
	size_t i;

	for (i = 0; i < source_ninputs(src); i++)
		if (source_input(src, i)->nsec)
			return 9;
	return 6;
}

int
report_write(const struct report_opts *o, const struct pipeline *pl,
    const struct source_set *src, char *errbuf, size_t errlen)
{
	struct report *r;
	size_t i, nf;
	int rc;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		snprintf(errbuf, errlen, "out of memory");
		return EX_OSERR;
	}
	r->o = o;
	r->pl = pl;
	r->src = src;
	r->errbuf = errbuf;
	r->errlen = errlen;
	r->ctx.track = pl->engine->track;
	r->ctx.src = src;
	r->ctx.digits = digits_of(src);
	r->ctx.label = src_label;
	r->ctx.label_arg = (void *)src;
	nf = finding_count(pl->engine->findings);
	if ((r->fs = calloc(nf + 1, sizeof(*r->fs))) == NULL) {
		free(r);
		snprintf(errbuf, errlen, "out of memory");
		return EX_OSERR;
	}
	r->nfs = finding_sorted(pl->engine->findings, r->fs, 0);

	if (make_dir(r) == 0 && report_evidence_plan(r) == 0 &&
	    check_existing(r) == 0 && report_evidence_write(r) == 0 &&
	    write_findings(r) == 0 && write_transitions(r) == 0 &&
	    write_anomalies(r) == 0) {
		for (i = 0; i < NCOLS(kind_tables); i++)
			if (write_kind(r, i) < 0)
				break;
		if (i == NCOLS(kind_tables) && report_md_write(r) == 0 &&
		    commit(r) < 0)
			uncommit(r);
	}
	cleanup(r);
	rc = r->rc;
	report_evidence_free(r);
	free(r->fs);
	free(r);
	return rc;
}
