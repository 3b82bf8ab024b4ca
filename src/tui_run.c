/* tui_run.c - the TUI's pipeline runs: the whole capture, the state at a
 * moment, and second passes for the packets pane and the pcap export.
 *
 * Time stepping (offline).  The TUI first runs the whole capture through
 * the pipeline (the "full" run, finished like every other view) with a
 * sink that records each moment the engine's state changed: the number
 * of frames read when a transition or finding was published.  Showing
 * the state at an earlier moment re-runs the pipeline from the start up
 * to that frame (the "step" run) and lets the rules catch up
 * (diagnose_run, final = 0): the engine is deterministic, so this is the
 * state as it was then, for every view, with no second model of it.  The
 * cost is one pass over the inputs up to that frame per step (the 4.5 MB
 * 10,000-tunnel capture runs in about 0.2 s); no state snapshots are
 * kept, so memory stays that of two pipelines.  Standard input cannot be
 * read twice: with "-r -" only the end state is shown.
 *
 * The packets pane and "w" read the inputs again (same specs, same
 * filter, so the same vantage numbers) through a fresh pipeline, and keep
 * the frames the entity's timeline and findings cite: the engine stores
 * references, never packets.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "diagnose.h"
#include "out.h"
#include "pipeline.h"
#include "report.h"
#include "source.h"
#include "textbuf.h"
#include "track_bgp.h"
#include "track_l2tp.h"
#include "tui_priv.h"

#define TUI_MAX_FRAMES	4096	/* frames listed per entity */

const char *
tui_label(void *arg, uint32_t v)
{
	struct tui_run *r = arg;

	if (r == NULL || r->src == NULL || v >= source_nvantages(r->src))
		return "?";
	return source_vantage(r->src, v)->label;
}

int
tui_digits(void *arg, uint32_t v)
{
	struct tui_run *r = arg;
	const struct vantage *van;

	if (r == NULL || r->src == NULL || v >= source_nvantages(r->src))
		return 6;
	van = source_vantage(r->src, v);
	return source_input(r->src, van->input)->nsec ? 9 : 6;
}

void
tui_run_free(struct tui_run *r)
{
	if (r->pl != NULL && !r->borrowed) {
		pipeline_free(r->pl);
		free(r->pl);
	}
	if (r->src != NULL && !r->borrowed)
		source_free(r->src);
	free(r->status);
	free(r->blocks);
	memset(r, 0, sizeof(*r));
}

/* Open the inputs and a pipeline.  skip_stdin: leave "-" out (a second
 * pass). */
static int
run_open(const struct tui_opts *o, struct tui_run *r, int skip_stdin,
    char *err, size_t errlen)
{
	char e2[512];
	size_t i;

	memset(r, 0, sizeof(*r));
	if ((r->src = source_new()) == NULL ||
	    (r->pl = calloc(1, sizeof(*r->pl))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return EX_OSERR;
	}
	for (i = 0; i < o->nspecs; i++) {
		if (skip_stdin && strcmp(o->specs[i], "-") == 0)
			continue;
		e2[0] = '\0';
		if (source_add_file(r->src, o->specs[i], e2, sizeof(e2)) < 0) {
			snprintf(err, errlen, "%s", e2);
			return EX_NOINPUT;
		}
	}
	if (o->filter != NULL && o->filter[0] != '\0' &&
	    source_set_filter(r->src, o->filter, e2, sizeof(e2)) < 0) {
		snprintf(err, errlen, "bad filter expression \"%s\": %s",
		    o->filter, e2);
		return EX_USAGE;
	}
	if (pipeline_init(r->pl, o->prefs) < 0) {
		snprintf(err, errlen, "out of memory");
		return EX_OSERR;
	}
	engine_set_labels(r->pl->engine, tui_label, r);
	return 0;
}

/* ---- moments ---- */

struct rec {
	struct tui	*t;
	uint64_t	 pos;
	int64_t		 ts;
};

static void
moment_add(struct tui *t, uint64_t pos, int64_t ts)
{
	struct tui_moment *m;

	if (t->nmom > 0 && t->mom[t->nmom - 1].pos == pos)
		return;
	if (t->nmom == t->momcap) {
		size_t cap = t->momcap ? t->momcap * 2 : 64;

		if ((m = realloc(t->mom, cap * sizeof(*m))) == NULL)
			return;		/* fewer steps, still correct */
		t->mom = m;
		t->momcap = cap;
	}
	t->mom[t->nmom].pos = pos;
	t->mom[t->nmom].ts = ts;
	t->nmom++;
}

static void
rec_transition(void *arg, const struct entity *e, const struct transition *tr)
{
	struct rec *rc = arg;

	(void)e;
	(void)tr;
	moment_add(rc->t, rc->pos, rc->ts);
}

static void
rec_finding(void *arg, const struct finding *f)
{
	struct rec *rc = arg;

	(void)f;
	moment_add(rc->t, rc->pos, rc->ts);
}

int
tui_run_full(struct tui *t, char *err, size_t errlen)
{
	static struct rec rc;	/* the sink outlives this call */
	struct tui_run *r = &t->full;
	struct track_sink s;
	struct frame f;
	int e;

	if ((e = run_open(t->o, r, 0, err, errlen)) != 0)
		return e;
	rc.t = t;
	memset(&s, 0, sizeof(s));
	s.transition = rec_transition;
	s.finding = rec_finding;
	s.arg = &rc;
	engine_add_sink(r->pl->engine, &s);
	while ((t->o->count == 0 || r->pos < t->o->count) &&
	    source_next(r->src, &f) == 1) {
		rc.pos = ++r->pos;
		rc.ts = f.ts_ns;
		if (r->pos == 1)
			r->first_ts = f.ts_ns;
		r->last_ts = f.ts_ns;
		pipeline_frame(r->pl, &f);
	}
	rc.pos = UINT64_MAX;
	rc.ts = r->last_ts;
	pipeline_finish(r->pl);
	r->finished = 1;
	moment_add(t, UINT64_MAX, r->pl->engine->now > r->last_ts ?
	    r->pl->engine->now : r->last_ts);
	t->mi = t->nmom - 1;
	t->cur = r;
	tui_status_build(r);
	t->gen++;
	return 0;
}

int
tui_run_to(struct tui *t, size_t mi, char *err, size_t errlen)
{
	struct tui_run *r = &t->step;
	struct frame f;
	uint64_t pos;
	int e;

	if (mi >= t->nmom)
		return -1;
	pos = t->mom[mi].pos;
	if (pos == UINT64_MAX) {
		tui_run_free(r);
		t->cur = &t->full;
		t->mi = mi;
		t->gen++;
		return 0;
	}
	tui_run_free(r);
	if ((e = run_open(t->o, r, 0, err, errlen)) != 0) {
		tui_run_free(r);
		t->cur = &t->full;
		return e;
	}
	while (r->pos < pos && source_next(r->src, &f) == 1) {
		r->pos++;
		if (r->pos == 1)
			r->first_ts = f.ts_ns;
		r->last_ts = f.ts_ns;
		pipeline_frame(r->pl, &f);
	}
	/* the rules run once a second of capture time: let them catch up */
	diagnose_run(r->pl->engine, r->pl->engine->now, 0);
	tui_status_build(r);
	t->cur = r;
	t->mi = mi;
	t->gen++;
	return 0;
}

/* ---- the -T status text, split per entity ---- */

/* Each view's blocks start with "<prefix><escaped name>" at the start of
 * a line, in creation order. */
static const struct {
	unsigned	 kind;
	const char	*prefix;
} status_heads[] = {
	{ EK_L2TP_CTL,		"control connection " },
	{ EK_BGP_SESSION,	"BGP session " },
};
#define NHEADS	(sizeof(status_heads) / sizeof(status_heads[0]))

static int
sblock_cmp(const void *a, const void *b)
{
	const struct tui_sblock *x = a, *y = b;

	return x->serial < y->serial ? -1 : x->serial > y->serial;
}

static int
block_add(struct tui_run *r, size_t *cap, const struct entity *e,
    size_t off)
{
	struct tui_sblock *b;

	if (r->nblocks == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		if ((b = realloc(r->blocks, *cap * sizeof(*b))) == NULL)
			return -1;
		r->blocks = b;
	}
	if (r->nblocks > 0)
		r->blocks[r->nblocks - 1].len = off -
		    r->blocks[r->nblocks - 1].off;
	r->blocks[r->nblocks].e = e;
	r->blocks[r->nblocks].serial = e->serial;
	snprintf(r->blocks[r->nblocks].uid, sizeof(r->blocks[0].uid), "%s",
	    e->uid);
	r->blocks[r->nblocks].off = off;
	r->blocks[r->nblocks].len = 0;
	r->nblocks++;
	return 0;
}

void
tui_status_build(struct tui_run *r)
{
	const struct track *trk = r->pl->engine->track;
	const struct entity *next[NHEADS], *x;
	struct view_labels vl;
	char *buf = NULL, *p, *end, hdr[512];
	size_t len = 0, cap = 0, k;
	struct textbuf tb;
	FILE *fp;

	free(r->status);
	free(r->blocks);
	r->status = NULL;
	r->blocks = NULL;
	r->nblocks = 0;
	r->status_ok = 0;
	if ((fp = open_memstream(&buf, &len)) == NULL)
		return;
	out_view_labels(&vl, r->src);
	out_l2tp_status(fp, r->pl->engine, &vl);
	fputc('\n', fp);
	out_bgp_status(fp, r->pl->engine, &vl);
	if (fclose(fp) != 0 || buf == NULL) {
		free(buf);
		return;
	}
	r->status = buf;
	r->status_len = len;
	r->status_ok = 1;
	for (k = 0; k < NHEADS; k++)
		next[k] = track_first(trk, status_heads[k].kind);
	p = buf;
	end = buf + len;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ll = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		size_t pl;

		for (k = 0; k < NHEADS; k++) {
			pl = strlen(status_heads[k].prefix);
			if (ll <= pl || strncmp(p, status_heads[k].prefix, pl))
				continue;
			for (x = next[k]; x != NULL; x = track_next(x)) {
				tb_init(&tb, hdr, sizeof(hdr));
				tb_puts(&tb, status_heads[k].prefix);
				tb_esc(&tb, (const uint8_t *)x->name,
				    strlen(x->name));
				/* the name, then the end or " (...)" */
				if (ll >= tb.len && memcmp(p, hdr, tb.len) ==
				    0 && (ll == tb.len || p[tb.len] == ' '))
					break;
			}
			if (x != NULL) {
				if (block_add(r, &cap, x, (size_t)(p - buf)))
					return;
				next[k] = track_next(x);
			}
			break;
		}
		/* a line of no block: ends the previous one */
		if (k == NHEADS && ll == 0 && r->nblocks > 0 &&
		    r->blocks[r->nblocks - 1].len == 0)
			r->blocks[r->nblocks - 1].len = (size_t)(p - buf) -
			    r->blocks[r->nblocks - 1].off;
		p = nl != NULL ? nl + 1 : end;
	}
	if (r->nblocks > 0 && r->blocks[r->nblocks - 1].len == 0)
		r->blocks[r->nblocks - 1].len = len -
		    r->blocks[r->nblocks - 1].off;
	/* by serial: tui_status_block() looks up in O(log n) */
	if (r->nblocks > 1)
		qsort(r->blocks, r->nblocks, sizeof(*r->blocks), sblock_cmp);
}

/* ---- frames of an entity ---- */

static void
ref_add(struct evref *out, size_t *n, size_t max, const struct evref *r)
{
	if (r->frame == 0 || *n >= max)
		return;
	out[(*n)++] = *r;
}

static int
ref_cmp(const void *a, const void *b)
{
	const struct evref *x = a, *y = b;

	if (x->vantage != y->vantage)
		return x->vantage < y->vantage ? -1 : 1;
	if (x->frame != y->frame)
		return x->frame < y->frame ? -1 : 1;
	return 0;
}

/* Every frame the engine cites for e (first and last seen, transitions,
 * findings), sorted by (vantage, frame), once each. */
size_t
tui_entity_frames(const struct entity *e, struct evref *out, size_t max)
{
	const struct transition *tl;
	const struct finding *fi;
	size_t n = 0, ntl, i, j, k;

	ref_add(out, &n, max, &e->first);
	ref_add(out, &n, max, &e->last);
	tl = track_timeline(e, &ntl);
	for (i = 0; i < ntl; i++) {
		for (j = 0; j < tl[i].nev; j++)
			ref_add(out, &n, max, &tl[i].ev[j]);
		ref_add(out, &n, max, &tl[i].last_ev);
	}
	for (fi = e->findings; fi != NULL; fi = fi->enext)
		for (j = 0; j < fi->nev; j++)
			ref_add(out, &n, max, &fi->ev[j]);
	if (n == 0)
		return 0;
	qsort(out, n, sizeof(*out), ref_cmp);
	for (i = 1, k = 1; i < n; i++)
		if (ref_cmp(&out[i], &out[k - 1]) != 0)
			out[k++] = out[i];
	return k;
}

/* ---- second passes ---- */

struct pass {
	struct tui	*t;
	struct tui_run	 r;
	struct evref	*refs;
	size_t		 nrefs;
	size_t		 nfound;
	uint64_t	 limit;		/* frames to read at most */
	void		(*take)(struct pass *, size_t i, const struct frame *);
	/* pcap export */
	pcap_t		*dead;
	pcap_dumper_t	*dump;
	const char	*path;
	int		 linktype;
	uint64_t	 written, other_lt;
	/* packets pane */
	struct tui_pkt	*pk;
	size_t		 npk;
};

static int
pass_run(struct pass *p, char *err, size_t errlen)
{
	struct evref key;
	struct evref *hit;
	struct frame f;
	int e;

	if ((e = run_open(p->t->o, &p->r, 1, err, errlen)) != 0) {
		tui_run_free(&p->r);
		return e;
	}
	while (p->nfound < p->nrefs && p->r.pos < p->limit &&
	    source_next(p->r.src, &f) == 1) {
		p->r.pos++;
		pipeline_frame(p->r.pl, &f);
		memset(&key, 0, sizeof(key));
		key.vantage = f.vantage;
		key.frame = f.number;
		hit = bsearch(&key, p->refs, p->nrefs, sizeof(*p->refs),
		    ref_cmp);
		if (hit != NULL) {
			p->nfound++;
			p->take(p, (size_t)(hit - p->refs), &f);
		}
	}
	tui_run_free(&p->r);
	return 0;
}

static uint64_t
pass_limit(const struct tui *t)
{
	if (t->cur == &t->full)
		return t->o->count ? t->o->count : UINT64_MAX;
	return t->cur->pos;
}

static char *
decode_text(struct pass *p, int verbose)
{
	struct decode_opts d;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	memset(&d, 0, sizeof(d));
	d.tsfmt = p->t->o->tsfmt;
	d.verbose = verbose;
	d.show_label = source_nvantages(p->r.src) > 1;
	d.first_ts = p->t->full.first_ts;
	d.have_first = 1;
	d.label = tui_label;
	d.digits = tui_digits;
	d.arg = &p->r;
	if ((fp = open_memstream(&buf, &len)) == NULL)
		return NULL;
	out_decode_packet(fp, &d, &p->r.pl->pkt);
	if (fclose(fp) != 0) {
		free(buf);
		return NULL;
	}
	while (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	return buf;
}

static void
take_decode(struct pass *p, size_t i, const struct frame *f)
{
	struct tui_pkt *k = &p->pk[p->npk++];

	(void)i;
	k->ref.vantage = f->vantage;
	k->ref.frame = f->number;
	k->ref.ts_ns = f->ts_ns;
	k->found = 1;
	k->line = decode_text(p, 0);
	k->detail = decode_text(p, p->t->o->verbose > 0 ? p->t->o->verbose :
	    1);
}

void
tui_packets_free(struct tui *t)
{
	size_t i;

	for (i = 0; i < t->npk; i++) {
		free(t->pk[i].line);
		free(t->pk[i].detail);
	}
	free(t->pk);
	t->pk = NULL;
	t->npk = 0;
	t->pk_valid = 0;
	t->pk_note[0] = '\0';
}

/* Decode the frames e cites (up to the current moment), in read order. */
int
tui_packets_load(struct tui *t, const struct entity *e)
{
	struct pass p;
	char err[512];
	size_t i, j;
	int rc;

	tui_packets_free(t);
	snprintf(t->pk_uid, sizeof(t->pk_uid), "%s", e != NULL ? e->uid : "");
	t->pk_gen = t->gen;
	t->pk_valid = 1;
	memset(&p, 0, sizeof(p));
	p.t = t;
	if ((p.refs = calloc(TUI_MAX_FRAMES, sizeof(*p.refs))) == NULL)
		return -1;
	p.nrefs = e != NULL ? tui_entity_frames(e, p.refs, TUI_MAX_FRAMES) :
	    0;
	if (p.nrefs == 0) {
		free(p.refs);
		return 0;
	}
	if ((p.pk = calloc(p.nrefs, sizeof(*p.pk))) == NULL) {
		free(p.refs);
		return -1;
	}
	p.limit = pass_limit(t);
	p.take = take_decode;
	if (t->lv != NULL && t->o->nspecs == 0) {
		snprintf(t->pk_note, sizeof(t->pk_note), "live capture "
		    "without -w: frames are not kept, so they cannot be shown "
		    "(capture with -w file)");
		p.nrefs = 0;
	} else if (!t->can_rewind && t->lv == NULL)
		snprintf(t->pk_note, sizeof(t->pk_note), "standard input "
		    "cannot be read twice: its frames are not shown");
	rc = pass_run(&p, err, sizeof(err));
	if (rc != 0)
		snprintf(t->pk_note, sizeof(t->pk_note), "reading the inputs "
		    "again: %.200s", err);
	/* cited frames the pass did not find (stdin, a changed file) */
	for (i = 0; i < p.nrefs && p.npk < p.nrefs; i++) {
		for (j = 0; j < p.npk; j++)
			if (p.pk[j].found && ref_cmp(&p.pk[j].ref,
			    &p.refs[i]) == 0)
				break;
		if (j == p.npk) {
			p.pk[p.npk].ref = p.refs[i];
			p.pk[p.npk].found = 0;
			p.npk++;
		}
	}
	t->pk = p.pk;
	t->npk = p.npk;
	free(p.refs);
	return 0;
}

static void
take_dump(struct pass *p, size_t i, const struct frame *f)
{
	struct pcap_pkthdr h;
	int64_t s, sub;

	(void)i;
	if (p->dump == NULL) {
		if (p->dead != NULL)
			return;		/* could not open: said later */
		p->linktype = f->linktype;
		p->dead = pcap_open_dead_with_tstamp_precision(f->linktype,
		    262144, PCAP_TSTAMP_PRECISION_NANO);
		if (p->dead == NULL)
			return;
		if ((p->dump = pcap_dump_open(p->dead, p->path)) == NULL)
			return;
	}
	if (f->linktype != p->linktype) {
		p->other_lt++;
		return;
	}
	s = f->ts_ns / 1000000000;
	sub = f->ts_ns % 1000000000;
	if (sub < 0) {
		sub += 1000000000;
		s--;
	}
	memset(&h, 0, sizeof(h));
	h.ts.tv_sec = (time_t)s;
	h.ts.tv_usec = (suseconds_t)sub;
	h.caplen = f->caplen;
	h.len = f->len;
	pcap_dump((u_char *)p->dump, &h, f->data);
	p->written++;
}

/* w: the frames e cites, up to the current moment, into a pcap (the
 * first frame's link type; frames of another one are counted, not
 * written). */
int
tui_write_pcap(struct tui *t, const struct entity *e, const char *path,
    char *msg, size_t msglen)
{
	struct pass p;
	char err[512];
	int rc = 0;

	memset(&p, 0, sizeof(p));
	p.t = t;
	if (e == NULL) {
		snprintf(msg, msglen, "select an entity first");
		return -1;
	}
	if ((p.refs = calloc(TUI_MAX_FRAMES, sizeof(*p.refs))) == NULL) {
		snprintf(msg, msglen, "out of memory");
		return -1;
	}
	p.nrefs = tui_entity_frames(e, p.refs, TUI_MAX_FRAMES);
	p.limit = pass_limit(t);
	p.take = take_dump;
	p.path = path;
	if (p.nrefs == 0) {
		snprintf(msg, msglen, "no frame is cited for this entity");
		free(p.refs);
		return -1;
	}
	if (pass_run(&p, err, sizeof(err)) != 0) {
		snprintf(msg, msglen, "reading the inputs again: %s", err);
		rc = -1;
	} else if (p.dump == NULL) {
		snprintf(msg, msglen, "%s: %s", path, p.dead != NULL ?
		    pcap_geterr(p.dead) : p.nfound == 0 ? "no frame found "
		    "when the inputs were read again" : "cannot write");
		rc = -1;
	} else {
		errno = 0;
		if (pcap_dump_flush(p.dump) != 0) {
			snprintf(msg, msglen, "%s: %s", path,
			    strerror(errno ? errno : EIO));
			rc = -1;
		} else
			snprintf(msg, msglen, "%llu frame%s written to %s%s",
			    (unsigned long long)p.written,
			    p.written == 1 ? "" : "s", path, p.other_lt ?
			    " (frames of another link type left out)" : "");
	}
	if (p.dump != NULL)
		pcap_dump_close(p.dump);
	if (p.dead != NULL)
		pcap_close(p.dead);
	free(p.refs);
	return rc;
}

/* e, or --report at the end: the whole capture's report (offline). */
int
tui_write_report(struct tui *t, const char *dir, char *msg, size_t msglen)
{
	const struct tui_opts *o = t->o;
	struct report_opts ro;
	char err[1024];
	int rc;

	memset(&ro, 0, sizeof(ro));
	ro.dir = dir;
	ro.force = o->force;
	ro.no_clock = o->report_no_clock;
	ro.argc = o->argc;
	ro.argv = o->argv;
	ro.specs = o->specs;
	ro.nspecs = o->nspecs;
	ro.filter = o->filter;
	ro.count = o->count;
	err[0] = '\0';
	if ((rc = report_write(&ro, t->full.pl, t->full.src, err,
	    sizeof(err))) != 0)
		snprintf(msg, msglen, "%s", err);
	else
		snprintf(msg, msglen, "report written to %s", dir);
	return rc;
}
