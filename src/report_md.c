/* report_md.c - summary.md, the incident report (the Google SRE
 * postmortem order: summary, impact, timeline, evidence, root cause,
 * remediation, capture limits, appendix).
 *
 * Plain text first: ATX headings, lists and fenced blocks read well
 * without a renderer.  Text from packets (and from the user: labels,
 * paths) is escaped twice over: bytes outside printable ASCII and the
 * backslash become \xNN, and Markdown's active characters get a
 * backslash so a host name cannot open a link, a table cell or emphasis.
 * Identifiers we made ourselves go in code spans.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "diagnose.h"
#include "pipeline.h"
#include "report_priv.h"
#include "source.h"
#include "stats.h"
#include "textbuf.h"
#include "timefmt.h"
#include "track_l2tp.h"

#define MD_TIMELINE_MAX		200	/* lines; the CSV has them all */
#define MD_EVIDENCE_MAX		100

static const char hexdig[] = "0123456789abcdef";

static void
put_hex(FILE *fp, unsigned ch)
{
	fprintf(fp, "\\x%c%c", hexdig[ch >> 4], hexdig[ch & 15]);
}

/*
 * Length of the well-formed UTF-8 sequence at p when it encodes a
 * printable character (Markdown is UTF-8: "§" stays "§"); 0 for anything
 * else: bad or overlong encodings, surrogates, C1 controls, and the
 * invisible and bidirectional controls that could make text read other
 * than it is (U+061C, U+200B-U+200F, U+202A-U+202E, U+2060-U+2069,
 * U+FEFF, U+FFF9-U+FFFB).
 */
static size_t
utf8_printable(const unsigned char *p)
{
	uint32_t cp, min;
	size_t n, i;

	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 2;
		cp = p[0] & 0x1f;
		min = 0x80;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		n = 3;
		cp = p[0] & 0x0f;
		min = 0x800;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 4;
		cp = p[0] & 0x07;
		min = 0x10000;
	} else
		return 0;
	for (i = 1; i < n; i++) {	/* stops at the NUL: not 0x80-0xbf */
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	    cp <= 0x9f || cp == 0x61c || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2069) ||
	    cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb))
		return 0;
	return n;
}

/* A byte outside printable ASCII: a whole printable UTF-8 character, or
 * \xNN.  Returns how many bytes were consumed. */
static size_t
put_high(FILE *fp, const unsigned char *p)
{
	size_t n = *p >= 0x80 ? utf8_printable(p) : 0;

	if (n == 0) {
		put_hex(fp, *p);
		return 1;
	}
	fwrite(p, 1, n, fp);
	return n;
}

/* Packet- or user-derived text in running Markdown, never at the start
 * of a line (where > # + - = and digits would matter too): the inline
 * active characters get a backslash (CommonMark §2.4). */
static void
md_text(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p >= 0x80)
			p += put_high(fp, p) - 1;
		else if (*p < 0x20 || *p == 0x7f || *p == '\\')
			put_hex(fp, *p);
		else if (strchr("`*_[]<|~&", *p) != NULL) {
			putc('\\', fp);
			putc(*p, fp);
		} else
			putc(*p, fp);
	}
}

/* Text right after a list marker: a leading - + * # > = or "12." would
 * start a nested block, so that character is escaped too. */
static void
md_lead(FILE *fp, const char *s)
{
	size_t d = strspn(s, "0123456789");

	if (strchr("-+*#>=", s[0]) != NULL && s[0] != '\0') {
		putc('\\', fp);
		putc(s[0], fp);
		s++;
	} else if (d > 0 && (s[d] == '.' || s[d] == ')')) {
		fprintf(fp, "%.*s\\%c", (int)d, s, s[d]);
		s += d + 1;
	}
	md_text(fp, s);
}

static size_t
longest_tick_run(const char *s)
{
	size_t run = 0, best = 0;

	for (; *s != '\0'; s++) {
		run = *s == '`' ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

static void
ticks(FILE *fp, size_t n)
{
	while (n-- > 0)
		putc('`', fp);
}

/* Inline code span: control bytes escaped, fence longer than any run of
 * backticks inside (CommonMark §6.1). */
static void
md_code(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = longest_tick_run(s) + 1, len = strlen(s);
	int pad = len > 0 && (s[0] == '`' || s[len - 1] == '`' ||
	    s[0] == ' ');

	ticks(fp, n);
	if (pad)
		putc(' ', fp);
	for (; *p != '\0'; p++) {
		if (*p >= 0x80)
			p += put_high(fp, p) - 1;
		else if (*p < 0x20 || *p == 0x7f || *p == '\\')
			put_hex(fp, *p);
		else
			putc(*p, fp);
	}
	if (pad)
		putc(' ', fp);
	ticks(fp, n);
}

static void
put_ts(FILE *fp, const struct report *r, int64_t ns)
{
	char buf[64];
	struct textbuf tb;

	tb_init(&tb, buf, sizeof(buf));
	tb_ts(&tb, ns, TSF_RFC3339, 0, r->ctx.digits);
	fputs(buf, fp);
}

static void
put_ref(FILE *fp, const struct report *r, const struct evref *e)
{
	char buf[128];

	snprintf(buf, sizeof(buf), "%s:%llu", report_label(r, e->vantage),
	    (unsigned long long)e->frame);
	md_code(fp, buf);
}

static const char *
kind_word(unsigned kind)
{
	switch (kind) {
	case EK_L2TP_CTL:	return "L2TPv3 control connection";
	case EK_L2TP_SESSION:	return "L2TPv3 session";
	case EK_BGP_SESSION:	return "BGP session";
	case EK_BGP_CONN:	return "BGP TCP connection";
	default:		return "capture";
	}
}

static void
put_entity(FILE *fp, const struct finding *f)
{
	fputs(kind_word(f->entity_kind), fp);
	if (f->entity_kind < EK_COUNT) {
		putc(' ', fp);
		md_text(fp, f->entity_name);
	}
}

static size_t
count_sev(const struct report *r, unsigned sev)
{
	size_t i, n = 0;

	for (i = 0; i < r->nfs; i++)
		n += r->fs[i]->severity == sev;
	return n;
}

static int
is_root(const struct finding *f)
{
	return f->explained_by == 0;
}

static const struct finding *
first_root(const struct report *r)
{
	size_t i;

	for (i = 0; i < r->nfs; i++)
		if (is_root(r->fs[i]))
			return r->fs[i];
	return NULL;
}

/* --- sections ------------------------------------------------------------- */

static void
sec_summary(FILE *fp, const struct report *r)
{
	const struct stats *st = &r->pl->stats;
	const struct track_stats *ts = track_stats(r->pl->engine->track);
	const struct finding *root = first_root(r);
	size_t nroots = 0, i;

	fputs("## Summary\n\n", fp);
	for (i = 0; i < r->nfs; i++)
		nroots += is_root(r->fs[i]);
	if (root == NULL) {
		fprintf(fp, "No problem found: %llu frames were analysed and "
		    "no rule fired.", (unsigned long long)st->frames);
	} else {
		fputs("Root cause: ", fp);
		md_text(fp, root->title);
		fprintf(fp, " (%s, rule ", finding_severity_name(
		    root->severity));
		md_code(fp, root->rule);
		fputs(", ", fp);
		put_entity(fp, root);
		fputs(", since ", fp);
		put_ts(fp, r, root->ts);
		fputs(").", fp);
		if (nroots > 1)
			fprintf(fp, " %zu more root cause%s below.",
			    nroots - 1, nroots > 2 ? "s" : "");
		fprintf(fp, " Findings: %zu error%s, %zu warning%s, %zu "
		    "info (%zu explained by another).",
		    count_sev(r, SEV_ERROR), count_sev(r, SEV_ERROR) == 1 ?
		    "" : "s", count_sev(r, SEV_WARNING),
		    count_sev(r, SEV_WARNING) == 1 ? "" : "s",
		    count_sev(r, SEV_INFO), r->nfs - nroots);
	}
	fprintf(fp, " Tracked: %llu L2TPv3 control connection(s), %llu "
	    "session(s), %llu BGP session(s).\n\n",
	    (unsigned long long)ts->created[EK_L2TP_CTL],
	    (unsigned long long)ts->created[EK_L2TP_SESSION],
	    (unsigned long long)ts->created[EK_BGP_SESSION]);
}

static void
sec_impact(FILE *fp, const struct report *r)
{
	size_t i, n = 0;

	fputs("## Impact\n\n", fp);
	for (i = 0; i < r->nfs; i++) {
		const struct finding *f = r->fs[i];

		if (!is_root(f) || f->severity == SEV_INFO)
			continue;
		n++;
		fprintf(fp, "- %s: ", finding_severity_name(f->severity));
		put_entity(fp, f);
		fputs(": ", fp);
		md_text(fp, f->title);
		fputs(", since ", fp);
		put_ts(fp, r, f->ts);
		if (f->entity != NULL) {
			const struct entity *e = f->entity;

			fputs(" (seen ", fp);
			put_ts(fp, r, e->first.ts_ns);
			fputs(" to ", fp);
			put_ts(fp, r, e->last.ts_ns);
			fprintf(fp, ", %.3f s)", (double)(e->last.ts_ns -
			    e->first.ts_ns) / 1e9);
		}
		fputs("\n", fp);
	}
	if (n == 0)
		fputs("None: no error or warning was found.\n", fp);
	fputs("\n", fp);
}

/* Timeline: transitions (repeats already folded by the store: "x9") and
 * findings, by time. */
struct tl_item {
	int64_t			 ts;
	uint64_t		 seq;
	const struct entity	*e;
	const struct transition	*tr;
	const struct finding	*f;
};

static int
tl_cmp(const void *a, const void *b)
{
	const struct tl_item *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	if ((x->f == NULL) != (y->f == NULL))	/* the change, then what */
		return x->f == NULL ? -1 : 1;	/* was found about it */
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
sec_timeline(FILE *fp, struct report *r)
{
	const struct track *t = r->pl->engine->track;
	struct tl_item *v = NULL, *nv;
	size_t n = 0, cap = 0, i, ntl, k;
	const struct entity *e;
	char b1[32], b2[32];
	unsigned kind;

	for (kind = 0; kind < EK_COUNT; kind++)
		for (e = track_first(t, kind); e != NULL; e = track_next(e)) {
			const struct transition *tl = track_timeline(e, &ntl);

			for (k = 0; k < ntl; k++) {
				if (n == cap) {
					cap = cap ? 2 * cap : 64;
					if ((nv = realloc(v, cap *
					    sizeof(*v))) == NULL)
						goto oom;
					v = nv;
				}
				memset(&v[n], 0, sizeof(v[n]));
				v[n].ts = tl[k].first_ts;
				v[n].seq = tl[k].seq;
				v[n].e = e;
				v[n].tr = &tl[k];
				n++;
			}
		}
	for (i = 0; i < r->nfs; i++) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL)
				goto oom;
			v = nv;
		}
		memset(&v[n], 0, sizeof(v[n]));
		v[n].ts = r->fs[i]->ts;
		v[n].seq = r->fs[i]->id;
		v[n].f = r->fs[i];
		n++;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), tl_cmp);
	fputs("## Timeline\n\n", fp);
	if (n == 0)
		fputs("No state change was recorded and no rule fired.\n", fp);
	for (i = 0; i < n && i < MD_TIMELINE_MAX; i++) {
		fputs("- ", fp);
		put_ts(fp, r, v[i].ts);
		if (v[i].f != NULL) {
			const struct finding *f = v[i].f;

			if (f->nev > 0) {
				putc(' ', fp);
				put_ref(fp, r, &f->ev[0]);
			}
			fprintf(fp, " finding (%s) ",
			    finding_severity_name(f->severity));
			md_code(fp, f->rule);
			fputs(": ", fp);
			md_text(fp, f->title);
			fputs("\n", fp);
			continue;
		}
		e = v[i].e;
		if (v[i].tr->nev > 0) {
			putc(' ', fp);
			put_ref(fp, r, &v[i].tr->ev[0]);
		}
		fprintf(fp, " %s ", track_kind_name(e->kind));
		md_text(fp, e->name);
		fprintf(fp, ", %s: %s -> %s (",
		    track_side_name(t, e->kind, v[i].tr->side),
		    track_state_name(t, e->kind, v[i].tr->from, b1, sizeof(b1)),
		    track_state_name(t, e->kind, v[i].tr->to, b2, sizeof(b2)));
		md_text(fp, v[i].tr->cause);
		if (v[i].tr->flags & TR_INFERRED)
			fputs(", inferred", fp);
		fputs(")", fp);
		if (v[i].tr->count > 1) {
			fprintf(fp, " x%u, the last at ", v[i].tr->count);
			put_ts(fp, r, v[i].tr->last_ts);
			if (v[i].tr->last_ev.frame != 0) {
				putc(' ', fp);
				put_ref(fp, r, &v[i].tr->last_ev);
			}
		}
		fputs("\n", fp);
	}
	if (n > MD_TIMELINE_MAX)
		fprintf(fp, "- ... %zu more in transitions.csv and "
		    "findings.csv\n", n - MD_TIMELINE_MAX);
	fputs("\n", fp);
	free(v);
	return 0;
oom:
	free(v);
	return report_fail(r, EX_OSERR, "out of memory");
}

/* Several lines of text in a fenced block; the fence is longer than any
 * run of backticks inside, so nothing inside can close it. */
static size_t
fence_len(const struct report *r)
{
	size_t i, n = 3, k;

	for (i = 0; i < r->ncites && i < MD_EVIDENCE_MAX; i++) {
		const struct cite *c = r->ev_order[i];

		if (c->decode != NULL && (k = longest_tick_run(c->decode) + 1) >
		    n)
			n = k;
		if ((k = longest_tick_run(report_label(r, c->vantage)) + 1) >
		    n)
			n = k;
	}
	return n;
}

/* Raw text inside a fenced block: only bytes that could upset a
 * terminal or the fence are escaped. */
static void
block_text(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p == '\n')
			fputs("\n    ", fp);
		else if (*p >= 0x80)
			p += put_high(fp, p) - 1;
		else if (*p < 0x20 || *p == 0x7f)
			put_hex(fp, *p);
		else
			putc(*p, fp);
	}
}

static void
sec_evidence(FILE *fp, const struct report *r)
{
	size_t i, fl;

	fputs("## Evidence\n\n", fp);
	for (i = 0; i < r->nevf; i++) {
		md_code(fp, r->evf[i].file);
		fprintf(fp, ": %llu frame%s", (unsigned long long)
		    r->evf[i].frames, r->evf[i].frames == 1 ? "" : "s");
		if (r->nevf > 1) {
			fputs(" of link type ", fp);
			md_text(fp, r->evf[i].ltname);
		}
		fputs(", sha256 ", fp);
		md_code(fp, r->evf[i].sha256);
		fputs(".", fp);
		fputs(i + 1 < r->nevf ? "\n" : "\n\n", fp);
	}
	if (r->nevf > 1)
		fputs("The inputs have several link types: one evidence file "
		    "per link type (see evidence.csv).\n\n", fp);
	if (r->ncites == 0) {
		fputs("No finding cites a frame.\n\n", fp);
		return;
	}
	if (r->ev_status == EV_PARTIAL) {
		fprintf(fp, "%zu of %zu cited frames could not be written (",
		    r->ncites - r->nfound, r->ncites);
		md_text(fp, r->ev_note);
		fputs("); evidence.csv lists them.\n\n", fp);
	}
	fputs("Frames cited by the findings, with their decode:\n\n", fp);
	fl = fence_len(r);
	ticks(fp, fl);
	fputs("text\n", fp);
	for (i = 0; i < r->ncites && i < MD_EVIDENCE_MAX; i++) {
		const struct cite *c = r->ev_order[i];
		char buf[128];

		snprintf(buf, sizeof(buf), "%s:%llu",
		    report_label(r, c->vantage), (unsigned long long)c->frame);
		block_text(fp, buf);
		fputs("  cited by ", fp);
		block_text(fp, c->rules);
		fputs("\n    ", fp);
		if (c->decode != NULL)
			block_text(fp, c->decode);
		else
			fputs("(not read again: no decode)", fp);
		fputs("\n", fp);
	}
	ticks(fp, fl);
	fputs("\n", fp);
	if (r->ncites > MD_EVIDENCE_MAX)
		fprintf(fp, "\n%zu more frames in evidence.csv.\n",
		    r->ncites - MD_EVIDENCE_MAX);
	fputs("\n", fp);
}

static void
sec_root(FILE *fp, const struct report *r)
{
	size_t i, k, n = 0;

	fputs("## Root cause\n\n", fp);
	for (i = 0; i < r->nfs; i++) {
		const struct finding *f = r->fs[i];

		if (!is_root(f))
			continue;
		fprintf(fp, "### %zu. ", ++n);
		md_text(fp, f->title);
		fputs("\n\n- Rule: ", fp);
		md_code(fp, f->rule);
		fprintf(fp, " (%s), finding %u\n- About: ",
		    finding_severity_name(f->severity), f->id);
		put_entity(fp, f);
		if (f->entity_uid[0] != '\0') {
			fputs(", uid ", fp);
			md_code(fp, f->entity_uid);
		}
		fputs("\n- Since: ", fp);
		put_ts(fp, r, f->ts);
		fputs("\n- Evidence:", fp);
		for (k = 0; k < f->nev; k++) {
			putc(' ', fp);
			put_ref(fp, r, &f->ev[k]);
		}
		if (f->ev_more > 0)
			fprintf(fp, " (+%llu more)",
			    (unsigned long long)f->ev_more);
		if (f->nev == 0 && f->ev_more == 0)
			fputs(" none", fp);
		fputs("\n", fp);
		for (k = 0; k < f->nsymptoms; k++) {
			const struct finding *s = finding_by_id(
			    r->pl->engine->findings, f->symptoms[k]);

			if (s == NULL)
				continue;
			fprintf(fp, "- Explains finding %u: ", s->id);
			md_code(fp, s->rule);
			fputs(" ", fp);
			md_text(fp, s->title);
			fputs("\n", fp);
		}
		if (f->explanation[0] != '\0') {
			fputs("\nExplanation: ", fp);
			md_text(fp, f->explanation);
			fputs("\n", fp);
		}
		fputs("\n", fp);
	}
	if (n == 0)
		fputs("None: no rule fired.\n\n", fp);
}

static void
sec_remedy(FILE *fp, const struct report *r)
{
	size_t i, k, n = 0;

	fputs("## Remediation\n\n", fp);
	for (i = 0; i < r->nfs; i++) {
		const struct finding *f = r->fs[i];
		int dup = 0;

		if (!is_root(f) || f->remediation[0] == '\0')
			continue;
		for (k = 0; k < i && !dup; k++)
			dup = is_root(r->fs[k]) && strcmp(r->fs[k]->remediation,
			    f->remediation) == 0;
		if (dup)
			continue;
		fprintf(fp, "%zu. ", ++n);
		md_lead(fp, f->remediation);
		fputs(" (", fp);
		md_code(fp, f->rule);
		fputs(")\n", fp);
	}
	if (n == 0)
		fputs("Nothing to fix from this capture.\n", fp);
	fputs("\n", fp);
}

static void
sec_limits(FILE *fp, const struct report *r)
{
	const struct stats *st = &r->pl->stats;
	const struct track_stats *ts = track_stats(r->pl->engine->track);
	uint64_t dropped = finding_dropped(r->pl->engine->findings), af;
	uint32_t naddrs;
	size_t i;

	fputs("## Capture limits\n\n", fp);
	for (i = 0; i < source_ninputs(r->src); i++) {
		const struct input_info *in = source_input(r->src, i);

		if (in->broken || in->skipped || in->error[0] != '\0') {
			fputs("- Input ", fp);
			md_code(fp, in->label);
			fputs(": ", fp);
			md_text(fp, in->error[0] ? in->error : in->note);
			fputs(in->broken ? " (analysed up to there)\n" : "\n",
			    fp);
		} else if (in->note[0] != '\0') {
			fputs("- Input ", fp);
			md_code(fp, in->label);
			fputs(": ", fp);
			md_text(fp, in->note);
			fputs("\n", fp);
		}
	}
	if (st->truncated_frames > 0) {
		fprintf(fp, "- Snapshot length: %llu frame%s cut short by "
		    "the capture (snaplen", (unsigned long long)
		    st->truncated_frames, st->truncated_frames == 1 ?
		    " was" : "s were");
		for (i = 0; i < source_nvantages(r->src); i++) {
			const struct vantage *v = source_vantage(r->src, i);

			fprintf(fp, "%s %u on ", i > 0 ? "," : "", v->snaplen);
			md_code(fp, v->label);
		}
		fputs("); their upper layers are incomplete, and what they "
		    "would have shown is not blamed on a peer.\n", fp);
	}
	for (i = 0; i < source_ninputs(r->src); i++)
		if (source_input(r->src, i)->format == SRC_FMT_PCAP ||
		    source_input(r->src, i)->format == SRC_FMT_PCAPNG)
			break;
	if (i < source_ninputs(r->src))	/* live inputs count their own */
		fputs("- Kernel drops: capture files do not record how many "
		    "packets the capturing host dropped; a reply missing here "
		    "may have been sent and dropped there.\n", fp);
	for (i = 0; i < r->nfs; i++)
		if (strncmp(r->fs[i]->rule, "capture.", 8) == 0) {
			fputs("- ", fp);
			md_lead(fp, r->fs[i]->title);
			fputs(" (", fp);
			md_code(fp, r->fs[i]->rule);
			fputs(")\n", fp);
		}
	if (st->proto_frames[PROTO_L2TP] + st->proto_inner[PROTO_L2TP] == 0 &&
	    st->proto_frames[PROTO_BGP] + st->proto_inner[PROTO_BGP] == 0)
		fputs("- Control plane not captured: no L2TP or BGP traffic "
		    "was seen (other ports can be declared with -o "
		    "l2tp.udp_port and -o bgp.port).\n", fp);
	if (st->anom_total > 0) {
		fprintf(fp, "- Anomalies: %llu in %llu truncated and %llu "
		    "malformed frames (anomalies.csv)", (unsigned long long)
		    st->anom_total, (unsigned long long)st->truncated_frames,
		    (unsigned long long)st->malformed_frames);
		if (st->anom_other > 0)
			fprintf(fp, "; %llu of kinds past the first %d are "
			    "counted only", (unsigned long long)st->anom_other,
			    STATS_MAX_ANOM_NAMES);
		fputs(".\n", fp);
	}
	if (ts->evicted_total > 0) {
		fprintf(fp, "- Memory bound: the entity table (%u) was full; "
		    "%llu least recently seen entities were dropped, the "
		    "first at ", ts->max_entities,
		    (unsigned long long)ts->evicted_total);
		put_ref(fp, r, &ts->first_eviction);
		fputs(".\n", fp);
	}
	af = l2tp_track_addrs_full(r->pl->engine->l2tp, &naddrs);
	if (af > 0)
		fprintf(fp, "- Outer source addresses: %llu frames from "
		    "sources past the first %u were not counted; whether an "
		    "address sent anything is then not known.\n",
		    (unsigned long long)af, naddrs);
	if (ts->timeline_dropped > 0)
		fprintf(fp, "- %llu state changes were not kept (timeline "
		    "cap); the start of each story is.\n",
		    (unsigned long long)ts->timeline_dropped);
	if (dropped > 0)
		fprintf(fp, "- %llu findings were not kept (finding store "
		    "full).\n", (unsigned long long)dropped);
	if (r->ev_status == EV_PARTIAL) {
		fputs("- Evidence: some cited frames are not in the evidence "
		    "file: ", fp);
		md_text(fp, r->ev_note);
		fputs(".\n", fp);
	}
	fputs("\n", fp);
}

/* One argument, readable and safe to paste into a POSIX shell. */
static void
shell_word(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int plain = *s != '\0';

	for (; *p != '\0' && plain; p++)
		plain = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"
		    "TUVWXYZ0123456789_./:=@%+,-", *p) != NULL;
	if (plain) {
		fputs(s, fp);
		return;
	}
	putc('\'', fp);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '\'')
			fputs("'\\''", fp);
		else if (*p < 0x20 || *p >= 0x7f)
			put_hex(fp, *p);
		else
			putc(*p, fp);
	}
	putc('\'', fp);
}

static void
generated_at(FILE *fp, const struct report *r)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	long long secs;
	char *end;

	fputs("- Generated at: ", fp);
	if (r->o->no_clock) {
		fputs("not recorded (--report-no-clock)\n", fp);
		return;
	}
	if (sde != NULL && *sde >= '0' && *sde <= '9') {
		errno = 0;
		secs = strtoll(sde, &end, 10);
		if (errno == 0 && *end == '\0' && secs < 253402300800LL) {
			put_ts(fp, r, secs * 1000000000LL);
			fputs(" (SOURCE_DATE_EPOCH)\n", fp);
			return;
		}
	}
	put_ts(fp, r, (int64_t)time(NULL) * 1000000000LL);
	fputs("\n", fp);
}

static void
sec_appendix(FILE *fp, const struct report *r)
{
	const struct stats *st = &r->pl->stats;
	char hex[SHA256_HEX];
	size_t i, j, fl = 3, k;
	int a;

	fputs("## Appendix\n\n", fp);
	fprintf(fp, "- Tool: tunnelscope %s\n", TS_VERSION);
	generated_at(fp, r);
	fputs("- Command line:\n\n", fp);
	for (a = 0; a < r->o->argc; a++)
		if ((k = longest_tick_run(r->o->argv[a]) + 1) > fl)
			fl = k;
	fputs("  ", fp);
	ticks(fp, fl);
	fputs("sh\n  ", fp);
	for (a = 0; a < r->o->argc; a++) {
		if (a > 0)
			putc(' ', fp);
		shell_word(fp, r->o->argv[a]);
	}
	fputs("\n  ", fp);
	ticks(fp, fl);
	fputs("\n\n", fp);
	if (r->o->filter != NULL && r->o->filter[0] != '\0') {
		fputs("- Filter: ", fp);
		md_code(fp, r->o->filter);
		fputs("\n", fp);
	}
	fprintf(fp, "- Frames analysed: %llu (%llu bytes on the wire); all "
	    "times UTC\n", (unsigned long long)st->frames,
	    (unsigned long long)st->bytes);
	fputs("- Inputs:\n", fp);
	for (i = 0; i < source_ninputs(r->src); i++) {
		const struct input_info *in = source_input(r->src, i);

		fputs("  - ", fp);
		md_code(fp, in->label);
		fputs(": ", fp);
		md_code(fp, in->path);
		fprintf(fp, ", %s", in->format == SRC_FMT_PCAPNG ? "pcapng" :
		    in->format == SRC_FMT_PCAP ? "pcap" : in->format == 0 ?
		    "no packets" : "live capture");
		if (strcmp(in->path, "-") == 0)
			fputs(", standard input (size and sha256 not "
			    "known)", fp);
		else if (in->format != 0 && in->format != SRC_FMT_PCAP &&
		    in->format != SRC_FMT_PCAPNG)
			fputs(" (no file to hash)", fp);
		else {
			fprintf(fp, ", %llu bytes, sha256 ",
			    (unsigned long long)in->bytes);
			if (report_sha256_file(in->path, hex, NULL) == 0)
				md_code(fp, hex);
			else
				fputs("not computed (unreadable now)", fp);
		}
		fprintf(fp, "\n    - frames: %llu", (unsigned long long)
		    in->records);
		if (in->accepted != in->records)
			fprintf(fp, " (%llu match the filter)",
			    (unsigned long long)in->accepted);
		if (in->records > 0) {
			fputs(", first ", fp);
			put_ts(fp, r, in->first_ts);
			fputs(", last ", fp);
			put_ts(fp, r, in->last_ts);
		}
		fputs("\n", fp);
		for (j = 0; j < source_nvantages(r->src); j++) {
			const struct vantage *v = source_vantage(r->src, j);
			const char *ln;

			if (v->input != i)
				continue;
			ln = report_linktype_name(v->linktype);
			fputs("    - vantage ", fp);
			md_code(fp, v->label);
			fprintf(fp, ": link type %s (%d), snaplen %u\n",
			    ln != NULL ? ln : "unknown", v->linktype,
			    v->snaplen);
		}
	}
	if (source_ninputs(r->src) == 0)
		fputs("  - none\n", fp);
}

int
report_md_write(struct report *r)
{
	struct rfile *f;
	FILE *fp;

	if ((f = report_file_open(r, "summary.md")) == NULL)
		return -1;
	fp = f->fp;
	fputs("# tunnelscope incident report\n\n", fp);
	sec_summary(fp, r);
	sec_impact(fp, r);
	if (sec_timeline(fp, r) < 0)
		return -1;
	sec_evidence(fp, r);
	sec_root(fp, r);
	sec_remedy(fp, r);
	sec_limits(fp, r);
	sec_appendix(fp, r);
	return report_file_close(r, f);
}
