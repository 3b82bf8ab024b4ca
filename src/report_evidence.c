/* report_evidence.c - evidence.pcap (the frames findings cite, original
 * bytes and time stamps, in time order; one file per link type when the
 * inputs have several) and evidence.csv mapping each to label:frame and
 * the rules citing it.
 *
 * Findings cite frames long gone from memory, so the inputs are read a
 * second time through the source API with the same filter, and the same
 * dissection runs again over them (a fresh pipeline: the one-line decodes
 * in summary.md then see the same negotiated state the first pass saw).
 * Standard input cannot be read twice: its frames are listed in
 * evidence.csv as not written, and summary.md says so.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "csv_out.h"
#include "dissect.h"
#include "out.h"
#include "pipeline.h"
#include "report_priv.h"
#include "source.h"
#include "textbuf.h"

#define EV_DEFAULT_SNAPLEN	262144

static const char *const evidence_cols[] = {
	"ts", "ts_epoch", "evidence", "vantage", "frame", "input", "linktype",
	"caplen", "len", "pcap_file", "pcap_frame", "rules", "findings",
	"status",
};

#define NCOLS(a)	(sizeof(a) / sizeof((a)[0]))

/* The file's LINKTYPE_* to the DLT_* libpcap writes (raw IP has three). */
static int
dlt_of(int lt)
{
	switch (lt) {
	case 101:	/* LINKTYPE_RAW */
	case 12:	/* DLT_RAW, most systems */
	case 14:	/* DLT_RAW, OpenBSD */
		return DLT_RAW;
	}
	return lt;
}

const char *
report_linktype_name(int lt)
{
	return pcap_datalink_val_to_name(dlt_of(lt));
}

static int
input_nsec(const struct report *r, uint32_t v)
{
	int in = report_input_of(r, v);

	return in >= 0 && source_input(r->src, (size_t)in)->nsec;
}

static int
evfile_for(const struct report *r, int dlt)
{
	size_t i;

	for (i = 0; i < r->nevf; i++)
		if (r->evf[i].dlt == dlt)
			return (int)i;
	return -1;
}

/* Evidence files: one per link type among the vantages, in the order the
 * link types first appear; "evidence.pcap" when there is only one. */
static int
plan_files(struct report *r)
{
	size_t nv = source_nvantages(r->src), i, k;

	for (i = 0; i < nv; i++) {
		const struct vantage *v = source_vantage(r->src, i);
		int dlt = dlt_of(v->linktype), e = evfile_for(r, dlt);
		struct evfile *ef;

		if (e < 0) {
			if (r->nevf >= REPORT_MAX_EVFILES)
				return report_fail(r, EX_SOFTWARE, "more than "
				    "%d link types", REPORT_MAX_EVFILES);
			ef = &r->evf[r->nevf++];
			memset(ef, 0, sizeof(*ef));
			ef->dlt = dlt;
			ef->snaplen = 0;
		} else
			ef = &r->evf[e];
		if (v->snaplen > ef->snaplen)
			ef->snaplen = v->snaplen;
		if (input_nsec(r, (uint32_t)i))
			ef->nsec = 1;
	}
	if (r->nevf == 0) {	/* nothing was read: an empty Ethernet file */
		r->evf[0].dlt = DLT_EN10MB;
		r->nevf = 1;
	}
	for (i = 0; i < r->nevf; i++) {
		struct evfile *ef = &r->evf[i];
		const char *n = pcap_datalink_val_to_name(ef->dlt);

		if (n != NULL)
			snprintf(ef->ltname, sizeof(ef->ltname), "%s", n);
		else
			snprintf(ef->ltname, sizeof(ef->ltname), "linktype-%d",
			    ef->dlt);
		if (ef->snaplen == 0)
			ef->snaplen = EV_DEFAULT_SNAPLEN;
		if (r->nevf == 1) {
			snprintf(ef->file, sizeof(ef->file), "evidence.pcap");
			continue;
		}
		snprintf(ef->file, sizeof(ef->file), "evidence-%s.pcap",
		    ef->ltname);
		for (k = 0; ef->file[k] != '\0'; k++)
			if (ef->file[k] >= 'A' && ef->file[k] <= 'Z')
				ef->file[k] = (char)(ef->file[k] - 'A' + 'a');
	}
	return 0;
}

struct tup {
	uint32_t	vantage;
	uint64_t	frame;
	int64_t		ts;
	size_t		fidx;		/* position in r->fs */
};

static int
tup_cmp(const void *a, const void *b)
{
	const struct tup *x = a, *y = b;

	if (x->vantage != y->vantage)
		return x->vantage < y->vantage ? -1 : 1;
	if (x->frame != y->frame)
		return x->frame < y->frame ? -1 : 1;
	return x->fidx < y->fidx ? -1 : x->fidx > y->fidx;
}

static int
cite_cmp(const void *a, const void *b)
{
	const struct cite *x = a, *y = b;

	if (x->vantage != y->vantage)
		return x->vantage < y->vantage ? -1 : 1;
	return x->frame < y->frame ? -1 : x->frame > y->frame;
}

/* Append word to a space-separated list unless it is there already. */
static void
add_word(char *list, size_t size, const char *word)
{
	size_t n = strlen(list), w = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word)) != NULL) {
		if ((p == list || p[-1] == ' ') && (p[w] == ' ' ||
		    p[w] == '\0'))
			return;
		p += w;
	}
	if (n + w + 2 > size)
		return;
	if (n > 0)
		list[n++] = ' ';
	memcpy(list + n, word, w + 1);
}

static int
plan_cites(struct report *r)
{
	struct tup *t;
	size_t n = 0, i, k;

	for (i = 0; i < r->nfs; i++)
		n += r->fs[i]->nev;
	if (n == 0)
		return 0;
	if ((t = calloc(n, sizeof(*t))) == NULL ||
	    (r->cites = calloc(n, sizeof(*r->cites))) == NULL) {
		free(t);
		return report_fail(r, EX_OSERR, "out of memory");
	}
	n = 0;
	for (i = 0; i < r->nfs; i++)
		for (k = 0; k < r->fs[i]->nev; k++) {
			t[n].vantage = r->fs[i]->ev[k].vantage;
			t[n].frame = r->fs[i]->ev[k].frame;
			t[n].ts = r->fs[i]->ev[k].ts_ns;
			t[n].fidx = i;
			n++;
		}
	qsort(t, n, sizeof(*t), tup_cmp);
	for (i = 0; i < n; i++) {
		struct cite *c;
		char id[16];

		if (r->ncites == 0 || t[i].vantage != r->cites[r->ncites - 1].
		    vantage || t[i].frame != r->cites[r->ncites - 1].frame) {
			c = &r->cites[r->ncites++];
			c->vantage = t[i].vantage;
			c->frame = t[i].frame;
			c->ts_ns = t[i].ts;
			c->evf = -1;
		} else
			c = &r->cites[r->ncites - 1];
		add_word(c->rules, sizeof(c->rules), r->fs[t[i].fidx]->rule);
		snprintf(id, sizeof(id), "%u", r->fs[t[i].fidx]->id);
		add_word(c->ids, sizeof(c->ids), id);
	}
	free(t);
	return 0;
}

/* A capture file we can open again (not standard input, not a live
 * interface; format 0: an empty file). */
static int
rereadable(const struct input_info *in)
{
	return (in->format == 0 || in->format == SRC_FMT_PCAP ||
	    in->format == SRC_FMT_PCAPNG) && strcmp(in->path, "-") != 0;
}

/* "[label=]-": standard input (source.c's parse_spec, simplified: a
 * file named "x=-" is not worth a stat here). */
static int
spec_is_stdin(const char *spec)
{
	const char *eq = strchr(spec, '=');

	return strcmp(spec, "-") == 0 || (eq != NULL && strcmp(eq + 1, "-") ==
	    0 && memchr(spec, '/', (size_t)(eq - spec)) == NULL);
}

/* Why a cited frame of this vantage is not in the evidence file. */
static const char *
missing_reason(const struct report *r, uint32_t vantage)
{
	int in = report_input_of(r, vantage);
	const struct input_info *ii = in >= 0 ?
	    source_input(r->src, (size_t)in) : NULL;

	if (ii != NULL && strcmp(ii->path, "-") == 0)
		return "standard input cannot be read twice";
	if (ii != NULL && !rereadable(ii))
		return "a live capture cannot be read again (-w keeps a copy)";
	return "not found when the input was read again (did it change?)";
}

int
report_evidence_plan(struct report *r)
{
	size_t i;

	for (i = 0; i < source_ninputs(r->src); i++)
		if (!rereadable(source_input(r->src, i)))
			r->stdin_input = 1;
	if (plan_files(r) < 0 || plan_cites(r) < 0)
		return -1;
	r->ev_status = r->ncites == 0 ? EV_NOTHING : EV_READ;
	return 0;
}

void
report_evidence_free(struct report *r)
{
	size_t i;

	for (i = 0; i < r->ncites; i++)
		free(r->cites[i].decode);
	free(r->cites);
	free(r->ev_order);
	r->cites = NULL;
	r->ev_order = NULL;
	r->ncites = 0;
}

/* --- the second pass ------------------------------------------------------ */

struct pass {
	struct report		*r;
	struct source_set	*src;		/* read again */
	pcap_dumper_t		*dump[REPORT_MAX_EVFILES];
	pcap_t			*dead[REPORT_MAX_EVFILES];
	int			 vmap[SOURCE_MAX_VANTAGES];	/* -2 unknown */
	uint64_t		 order;
};

static const char *
pass_label(void *arg, uint32_t v)
{
	struct pass *p = arg;

	return v < source_nvantages(p->src) ?
	    source_vantage(p->src, v)->label : "?";
}

static int
pass_digits(void *arg, uint32_t v)
{
	struct pass *p = arg;

	(void)v;
	return p->r->ctx.digits;
}

/* The first pass's vantage with this label (labels are the same when the
 * same inputs are added in the same order). */
static int
map_vantage(struct pass *p, uint32_t v2)
{
	size_t i;

	if (v2 >= SOURCE_MAX_VANTAGES)
		return -1;
	if (p->vmap[v2] != -2)
		return p->vmap[v2];
	p->vmap[v2] = -1;
	for (i = 0; i < source_nvantages(p->r->src); i++)
		if (strcmp(source_vantage(p->r->src, i)->label,
		    pass_label(p, v2)) == 0) {
			p->vmap[v2] = (int)i;
			break;
		}
	return p->vmap[v2];
}

static char *
decode_line(struct pass *p, const struct packet *pkt)
{
	struct decode_opts d;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	memset(&d, 0, sizeof(d));
	d.tsfmt = TSF_RFC3339;
	d.show_label = 1;
	d.label = pass_label;
	d.digits = pass_digits;
	d.arg = p;
	if ((fp = open_memstream(&buf, &len)) == NULL)
		return NULL;
	out_decode_packet(fp, &d, pkt);
	fclose(fp);
	while (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	return buf;
}

static void
take(struct pass *p, struct cite *c, const struct frame *f,
    const struct packet *pkt)
{
	struct report *r = p->r;
	struct pcap_pkthdr h;
	int64_t s, sub;
	int e;

	e = evfile_for(r, dlt_of(f->linktype));
	c->found = 1;
	c->order = p->order++;
	c->caplen = f->caplen;
	c->len = f->len;
	c->ts_ns = f->ts_ns;	/* the frame's own time stamp */
	r->nfound++;
	if (e >= 0 && p->dump[e] != NULL) {
		s = f->ts_ns / 1000000000;
		sub = f->ts_ns % 1000000000;
		if (sub < 0) {
			sub += 1000000000;
			s--;
		}
		memset(&h, 0, sizeof(h));
		h.ts.tv_sec = (time_t)s;
		h.ts.tv_usec = (suseconds_t)(r->evf[e].nsec ? sub : sub / 1000);
		h.caplen = f->caplen;
		h.len = f->len;
		pcap_dump((u_char *)p->dump[e], &h, f->data);
		c->evf = e;
		c->pcap_frame = ++r->evf[e].frames;
	}
	c->decode = decode_line(p, pkt);
}

static int
second_pass(struct pass *p)
{
	struct report *r = p->r;
	const struct report_opts *o = r->o;
	struct pipeline *pl2;
	struct cite key, *c;
	struct frame f;
	char err[512];
	uint64_t n = 0;
	size_t i;
	int v1, skipped;

	if ((p->src = source_new()) == NULL ||
	    (pl2 = calloc(1, sizeof(*pl2))) == NULL)
		return report_fail(r, EX_OSERR, "out of memory");
	skipped = r->stdin_input;	/* -c counts their frames too */
	for (i = 0; i < o->nspecs; i++) {
		if (spec_is_stdin(o->specs[i]))
			continue;
		if (source_add_file(p->src, o->specs[i], err, sizeof(err)) < 0)
			snprintf(r->ev_note, sizeof(r->ev_note), "reading the "
			    "inputs again: %.400s", err);
	}
	if (o->filter != NULL && o->filter[0] != '\0' &&
	    source_set_filter(p->src, o->filter, err, sizeof(err)) < 0)
		snprintf(r->ev_note, sizeof(r->ev_note), "reading the inputs "
		    "again: filter: %.400s", err);
	if (pipeline_init(pl2, &r->pl->prefs) < 0) {
		pipeline_free(pl2);
		free(pl2);
		return report_fail(r, EX_OSERR, "out of memory");
	}
	/* the text of a frame depends on what dissection keeps (layouts,
	 * streams, fragments), never on the trackers: they are not run */
	pl2->dissect_only = 1;
	while (r->nfound < r->ncites && source_next(p->src, &f) == 1) {
		if (o->count != 0 && !skipped && ++n > o->count)
			break;
		pipeline_frame(pl2, &f);
		if ((v1 = map_vantage(p, f.vantage)) < 0)
			continue;
		key.vantage = (uint32_t)v1;
		key.frame = f.number;
		c = bsearch(&key, r->cites, r->ncites, sizeof(*r->cites),
		    cite_cmp);
		if (c != NULL && !c->found)
			take(p, c, &f, &pl2->pkt);
	}
	pipeline_free(pl2);
	free(pl2);
	return 0;
}

/* Found frames in the order they were read; the rest by time. */
static int
order_cmp(const void *a, const void *b)
{
	const struct cite *x = *(const struct cite *const *)a;
	const struct cite *y = *(const struct cite *const *)b;

	if (x->found != y->found)
		return x->found ? -1 : 1;
	if (x->found)
		return x->order < y->order ? -1 : x->order > y->order;
	if (x->ts_ns != y->ts_ns)
		return x->ts_ns < y->ts_ns ? -1 : 1;
	return cite_cmp(x, y);
}

static int
open_dumpers(struct pass *p)
{
	struct report *r = p->r;
	size_t i;

	for (i = 0; i < r->nevf; i++) {
		struct evfile *ef = &r->evf[i];

		if ((ef->rf = report_file_open(r, ef->file)) == NULL)
			return -1;
		p->dead[i] = pcap_open_dead_with_tstamp_precision(ef->dlt,
		    (int)ef->snaplen, ef->nsec ? PCAP_TSTAMP_PRECISION_NANO :
		    PCAP_TSTAMP_PRECISION_MICRO);
		if (p->dead[i] == NULL)
			return report_fail(r, EX_OSERR, "out of memory");
		if ((p->dump[i] = pcap_dump_fopen(p->dead[i], ef->rf->fp)) ==
		    NULL)
			return report_fail(r, EX_IOERR, "writing %s: %s",
			    ef->rf->final, pcap_geterr(p->dead[i]));
	}
	return 0;
}

/* Flush and close every dumper (it closes the rfile's FILE). */
static int
close_dumpers(struct pass *p, int ok)
{
	struct report *r = p->r;
	size_t i;
	int rc = 0;

	for (i = 0; i < r->nevf; i++) {
		struct rfile *rf = r->evf[i].rf;

		if (p->dump[i] != NULL) {
			errno = 0;
			if (ok && rc == 0 && (pcap_dump_flush(p->dump[i]) != 0
			    || ferror(rf->fp))) {
				report_fail(r, EX_IOERR, "writing %s: %s",
				    rf->final, strerror(errno ? errno : EIO));
				rc = -1;
			}
			pcap_dump_close(p->dump[i]);
			p->dump[i] = NULL;
			rf->fp = NULL;
			rf->closed = ok && rc == 0;
		}
		if (p->dead[i] != NULL) {
			pcap_close(p->dead[i]);
			p->dead[i] = NULL;
		}
	}
	return ok ? rc : -1;
}

static void
evidence_row(struct report *r, struct csv_out *c, const struct cite *ct)
{
	struct evref ev;
	const char *status;
	char why[128];
	int in = report_input_of(r, ct->vantage);

	ev.vantage = ct->vantage;
	ev.frame = ct->frame;
	ev.ts_ns = ct->ts_ns;
	csv_out_ts(c, ct->ts_ns, r->ctx.digits);
	csv_out_epoch(c, ct->ts_ns, r->ctx.digits);
	report_put_evref(c, &r->ctx, &ev);
	csv_out_text(c, report_label(r, ct->vantage));
	csv_out_u64(c, ct->frame);
	csv_out_text(c, in >= 0 ? source_input(r->src, (size_t)in)->path :
	    "");
	if (ct->vantage < source_nvantages(r->src))
		csv_out_text(c, r->evf[evfile_for(r, dlt_of(source_vantage(
		    r->src, ct->vantage)->linktype))].ltname);
	else
		csv_out_empty(c);
	if (ct->found) {
		csv_out_u64(c, ct->caplen);
		csv_out_u64(c, ct->len);
	} else {
		csv_out_empty(c);
		csv_out_empty(c);
	}
	if (ct->evf >= 0) {
		csv_out_text(c, r->evf[ct->evf].file);
		csv_out_u64(c, ct->pcap_frame);
		status = "written";
	} else {
		csv_out_empty(c);
		csv_out_empty(c);
		snprintf(why, sizeof(why), "not written: %s",
		    missing_reason(r, ct->vantage));
		status = why;
	}
	csv_out_text(c, ct->rules);
	csv_out_text(c, ct->ids);
	csv_out_text(c, status);
	csv_out_end_row(c);
}

int
report_evidence_write(struct report *r)
{
	struct pass p;
	struct rfile *f;
	struct csv_out c;
	size_t i;
	int ok;

	memset(&p, 0, sizeof(p));
	p.r = r;
	for (i = 0; i < SOURCE_MAX_VANTAGES; i++)
		p.vmap[i] = -2;
	ok = open_dumpers(&p) == 0 && (r->ncites == 0 || second_pass(&p) == 0);
	source_free(p.src);
	if (close_dumpers(&p, ok) < 0)
		return -1;
	for (i = 0; i < r->nevf; i++)
		if (report_sha256_file(r->evf[i].rf->tmp, r->evf[i].sha256,
		    NULL) < 0)
			return report_fail(r, EX_IOERR, "reading back %s: %s",
			    r->evf[i].rf->final, strerror(errno));
	if (r->ncites > 0 &&
	    (r->ev_order = calloc(r->ncites, sizeof(*r->ev_order))) == NULL)
		return report_fail(r, EX_OSERR, "out of memory");
	for (i = 0; i < r->ncites; i++)
		r->ev_order[i] = &r->cites[i];
	if (r->ncites > 1)
		qsort(r->ev_order, r->ncites, sizeof(*r->ev_order), order_cmp);
	if (r->ncites > 0 && r->nfound < r->ncites) {
		/* the first missing one's reason (they sort last) */
		r->ev_status = EV_PARTIAL;
		if (r->ev_note[0] == '\0')
			snprintf(r->ev_note, sizeof(r->ev_note), "%s",
			    missing_reason(r, r->ev_order[r->nfound]->vantage));
	}

	if ((f = report_file_open(r, "evidence.csv")) == NULL)
		return -1;
	csv_out_init(&c, f->fp);
	csv_out_header(&c, evidence_cols, NCOLS(evidence_cols));
	csv_out_end_row(&c);
	for (i = 0; i < r->ncites; i++)
		evidence_row(r, &c, r->ev_order[i]);
	if (csv_out_flush(&c) < 0)
		return report_fail(r, EX_IOERR, "writing %s: %s", f->final,
		    strerror(csv_out_error(&c)));
	return report_file_close(r, f);
}
