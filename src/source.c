/* source.c - capture-file inputs (pcap via libpcap, pcapng via pcapng.c) merged by time.
 *
 * Each input keeps a one-frame lookahead; source_next() returns the input
 * whose lookahead is earliest (ties: lower input index, then file order)
 * and refills it lazily on the next call, so the frame handed out stays
 * valid until then.  Frame numbers count every record of the file
 * (Wireshark's numbering), including those a BPF expression rejects and
 * those of pcapng interfaces whose link type we do not dissect.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pcapng.h"
#include "source.h"

#define IOBUF_SIZE	(256u * 1024)
#define DEAD_SNAPLEN	262144	/* pcap_compile needs a non-zero snaplen */

enum nsec_state { NSEC_NO, NSEC_YES, NSEC_GUESS };

struct input {
	struct input_info	 info;
	FILE			*fp;		/* pcapng; NULL once closed */
	char			*iobuf;		/* fp's buffer (IOBUF_SIZE) */
	pcap_t			*pcap;		/* classic pcap */
	struct pcapng_reader	 ng;
	int			 is_stdin;
	int			 user_label;	/* label= given */
	int			 done;		/* end of file or broken */
	int			 refill;	/* lookahead must be read */
	int			 have;		/* lookahead valid */
	int			 pending;	/* ng record read at open */
	enum nsec_state		 nsec;
	struct pcapng_pkt	 pend;
	struct frame		 la;
	int			 vant;		/* classic pcap's vantage */
	int			 ifvant[PCAPNG_MAX_IFS];	/* -1: skipped */
	uint32_t		 nifs_seen;	/* interfaces mapped so far */
	int			 single;	/* one interface at open */
	int64_t			 last_ts;	/* for Simple Packet Blocks */
};

struct vstate {
	struct vantage		 v;
	struct bpf_program	 prog;
	int			 has_prog;
};

struct source_set {
	struct input		*in[SOURCE_MAX_INPUTS];
	size_t			 nin;
	struct vstate		 vs[SOURCE_MAX_VANTAGES];
	size_t			 nvs;
	char			*filter;	/* for vantages seen later */
	int			 stdin_used;
};

static void
msg(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
msg(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (buf == NULL || size == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

/* Append src to dst (size bytes), cutting silently. */
static void
cat(char *dst, size_t size, const char *src)
{
	size_t n = strlen(dst);

	while (*src != '\0' && n + 1 < size)
		dst[n++] = *src++;
	dst[n] = '\0';
}

/* Link types the dissectors handle (frame.h). */
static int
link_supported(int lt)
{
	switch (lt) {
	case TS_LINKTYPE_NULL:
	case TS_LINKTYPE_ETHERNET:
	case TS_DLT_RAW_BSD:
	case TS_DLT_RAW_OPENBSD:
	case TS_LINKTYPE_RAW:
	case TS_LINKTYPE_LOOP:
	case TS_LINKTYPE_LINUX_SLL:
	case TS_LINKTYPE_IPV4:
	case TS_LINKTYPE_IPV6:
	case TS_LINKTYPE_LINUX_SLL2:
		return 1;
	}
	return 0;
}

/* LINKTYPE_* (file value) to the DLT_* libpcap's compiler wants. */
static int
link_dlt(int lt)
{
	switch (lt) {
	case TS_LINKTYPE_RAW:
	case TS_DLT_RAW_BSD:
	case TS_DLT_RAW_OPENBSD:
		return DLT_RAW;
	}
	return lt;
}

static const char *
link_name(int lt)
{
	const char *s = pcap_datalink_val_to_name(lt);

	return s != NULL ? s : "unknown";
}

/* Control bytes in a file-supplied name would corrupt every sink. */
static void
sanitize(char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '_';
}

static int
vantage_label_used(const struct source_set *set, const char *label)
{
	for (size_t i = 0; i < set->nvs; i++)
		if (strcmp(set->vs[i].v.label, label) == 0)
			return 1;
	return 0;
}

static int
input_label_used(const struct source_set *set, const char *label)
{
	for (size_t i = 0; i < set->nin; i++)
		if (strcmp(set->in[i]->info.label, label) == 0)
			return 1;
	return 0;
}

/* Make label unique with a "-2", "-3"... suffix (evidence is label:frame). */
static void
uniquify(const struct source_set *set, char *label, size_t size,
    int (*used)(const struct source_set *, const char *))
{
	char base[VANTAGE_LABEL_MAX], suf[16];

	if (!used(set, label))
		return;
	snprintf(base, sizeof(base), "%s", label);
	for (unsigned n = 2; n < 1000; n++) {
		size_t bl = strlen(base);

		snprintf(suf, sizeof(suf), "-%u", n);
		if (bl + strlen(suf) + 1 > size)
			bl = size - strlen(suf) - 1;
		memcpy(label, base, bl);
		label[bl] = '\0';
		cat(label, size, suf);
		if (!used(set, label))
			return;
	}
}

static int
compile(struct vstate *vs, const char *expr, struct bpf_program *prog,
    char *errbuf, size_t errlen)
{
	pcap_t *p;
	int snap = vs->v.snaplen && vs->v.snaplen < DEAD_SNAPLEN ?
	    (int)vs->v.snaplen : DEAD_SNAPLEN;

	p = pcap_open_dead(link_dlt(vs->v.linktype), snap);
	if (p == NULL) {
		msg(errbuf, errlen, "out of memory compiling the filter");
		return -1;
	}
	if (pcap_compile(p, prog, expr, 1, PCAP_NETMASK_UNKNOWN) < 0) {
		msg(errbuf, errlen, "%s", pcap_geterr(p));
		pcap_close(p);
		return -1;
	}
	pcap_close(p);
	return 0;
}

/*
 * A new vantage; compiles the current filter for it.  Returns its index,
 * or -1 with a message (table full, filter does not compile).
 */
static int
add_vantage(struct source_set *set, unsigned input, const char *label,
    int linktype, uint32_t snaplen, char *errbuf, size_t errlen)
{
	struct vstate *vs;

	if (set->nvs >= SOURCE_MAX_VANTAGES) {
		msg(errbuf, errlen, "more than %d vantages (interfaces)",
		    SOURCE_MAX_VANTAGES);
		return -1;
	}
	vs = &set->vs[set->nvs];
	memset(vs, 0, sizeof(*vs));
	snprintf(vs->v.label, sizeof(vs->v.label), "%s", label);
	sanitize(vs->v.label);
	uniquify(set, vs->v.label, sizeof(vs->v.label), vantage_label_used);
	vs->v.linktype = linktype;
	vs->v.snaplen = snaplen;
	vs->v.input = input;
	if (set->filter != NULL) {
		char e[PCAP_ERRBUF_SIZE];

		if (compile(vs, set->filter, &vs->prog, e, sizeof(e)) < 0) {
			msg(errbuf, errlen, "filter for %s: %s", vs->v.label,
			    e);
			return -1;
		}
		vs->has_prog = 1;
	}
	return (int)set->nvs++;
}

static void
note(struct input *in, const char *text)
{
	if (in->info.note[0] != '\0')
		cat(in->info.note, sizeof(in->info.note), "; ");
	cat(in->info.note, sizeof(in->info.note), text);
}

static void
set_broken(struct input *in, const char *text)
{
	in->info.broken = 1;
	in->done = 1;
	in->info.error[0] = '\0';
	cat(in->info.error, sizeof(in->info.error), text);
}

/*
 * An earlier interface of this input, in another section, with the same
 * if_name and link type: the same capture point, so the same vantage.
 */
static int
same_as_earlier(const struct input *in, uint32_t idx)
{
	const struct pcapng_if *a = &in->ng.ifs[idx];

	if (a->name[0] == '\0')
		return -1;
	for (uint32_t j = 0; j < idx; j++) {
		const struct pcapng_if *b = &in->ng.ifs[j];

		if (b->section != a->section && b->linktype == a->linktype &&
		    strcmp(a->name, b->name) == 0 && in->ifvant[j] >= 0)
			return in->ifvant[j];
	}
	return -1;
}

/*
 * Give the interfaces read so far their vantages.  One interface in the
 * file: the input's label.  Several: if_name (or "ifN"), prefixed by the
 * user's label= when there was one.  Returns -1 on a fatal error (text in
 * errbuf); unsupported link types are noted, not fatal.
 */
static int
map_interfaces(struct source_set *set, unsigned idx, char *errbuf,
    size_t errlen)
{
	struct input *in = set->in[idx];

	for (; in->nifs_seen < in->ng.nifs; in->nifs_seen++) {
		uint32_t i = in->nifs_seen;
		const struct pcapng_if *ifp = &in->ng.ifs[i];
		char label[VANTAGE_LABEL_MAX], ifname[PCAPNG_NAME_MAX + 16];
		int v;

		if (ifp->name[0] != '\0')
			snprintf(ifname, sizeof(ifname), "%s", ifp->name);
		else
			snprintf(ifname, sizeof(ifname), "if%u", i);
		if (pcapng_if_nsec(ifp))
			in->info.nsec = 1;
		if (!link_supported(ifp->linktype)) {
			char t[256];

			msg(t, sizeof(t),
			    "%s: interface %s: link type %d (%s) is not "
			    "supported; its packets are skipped",
			    in->info.path, ifname, ifp->linktype,
			    link_name(ifp->linktype));
			sanitize(t);
			note(in, t);
			if (errbuf != NULL && errbuf[0] == '\0')
				msg(errbuf, errlen, "%s", t);
			in->ifvant[i] = -1;
			continue;
		}
		if ((v = same_as_earlier(in, i)) >= 0) {
			in->ifvant[i] = v;
			continue;
		}
		label[0] = '\0';
		if (in->single) {
			cat(label, sizeof(label), in->info.label);
		} else {
			if (in->user_label) {
				cat(label, sizeof(label), in->info.label);
				cat(label, sizeof(label), "/");
			}
			cat(label, sizeof(label), ifname);
		}
		v = add_vantage(set, idx, label, ifp->linktype, ifp->snaplen,
		    errbuf, errlen);
		if (v < 0)
			return -1;
		in->ifvant[i] = v;
		/* Interfaces that appear after packets are never "the" one. */
		in->single = 0;
	}
	return 0;
}

/* Count the distinct capture points among the interfaces read so far. */
static uint32_t
distinct_interfaces(const struct input *in)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < in->ng.nifs; i++) {
		const struct pcapng_if *a = &in->ng.ifs[i];
		int dup = 0;

		for (uint32_t j = 0; j < i && a->name[0] != '\0'; j++) {
			const struct pcapng_if *b = &in->ng.ifs[j];

			if (b->section != a->section &&
			    b->linktype == a->linktype &&
			    strcmp(a->name, b->name) == 0)
				dup = 1;
		}
		n += !dup;
	}
	return n;
}

/* "[label=]path": a label is what precedes '=' unless the whole is a file. */
static int
parse_spec(const char *spec, struct input *in, char *errbuf, size_t errlen)
{
	const char *eq = strchr(spec, '='), *path = spec, *base, *dot;
	struct stat st;
	size_t n;

	if (eq != NULL && eq != spec && memchr(spec, '/', (size_t)(eq - spec))
	    == NULL && stat(spec, &st) != 0) {
		n = (size_t)(eq - spec);
		if (n >= sizeof(in->info.label)) {
			msg(errbuf, errlen, "label \"%.*s\" is longer than %zu "
			    "characters", (int)n, spec,
			    sizeof(in->info.label) - 1);
			return -1;
		}
		memcpy(in->info.label, spec, n);
		in->info.label[n] = '\0';
		in->user_label = 1;
		path = eq + 1;
	}
	if (*path == '\0') {
		msg(errbuf, errlen, "%s: empty file name", spec);
		return -1;
	}
	if (strlen(path) >= sizeof(in->info.path)) {
		msg(errbuf, errlen, "file name too long");
		return -1;
	}
	snprintf(in->info.path, sizeof(in->info.path), "%s", path);
	if (in->user_label)
		return 0;
	if (strcmp(path, "-") == 0) {
		snprintf(in->info.label, sizeof(in->info.label), "stdin");
		return 0;
	}
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	dot = strrchr(base, '.');
	n = dot != NULL && dot != base ? (size_t)(dot - base) : strlen(base);
	if (n == 0) {			/* "dir/": keep something readable */
		base = path;
		n = strlen(path);
	}
	if (n >= sizeof(in->info.label))
		n = sizeof(in->info.label) - 1;
	memcpy(in->info.label, base, n);
	in->info.label[n] = '\0';
	return 0;
}

struct source_set *
source_new(void)
{
	return calloc(1, sizeof(struct source_set));
}

static void
close_input(struct input *in)
{
	if (in->pcap != NULL) {
		pcap_close(in->pcap);	/* closes its FILE, stdin too */
		in->pcap = NULL;
		in->fp = NULL;
	}
	if (in->fp != NULL) {
		if (!in->is_stdin)
			fclose(in->fp);
		in->fp = NULL;
	}
	free(in->iobuf);	/* only once no FILE uses it */
	in->iobuf = NULL;
	pcapng_free(&in->ng);
}

void
source_free(struct source_set *set)
{
	if (set == NULL)
		return;
	for (size_t i = 0; i < set->nin; i++) {
		close_input(set->in[i]);
		free(set->in[i]);
	}
	for (size_t i = 0; i < set->nvs; i++)
		if (set->vs[i].has_prog)
			pcap_freecode(&set->vs[i].prog);
	free(set->filter);
	free(set);
}

/* Open a classic pcap already positioned at its start. */
static void
open_pcap(struct source_set *set, unsigned idx, const uint8_t *magic,
    size_t nmagic, char *errbuf, size_t errlen)
{
	struct input *in = set->in[idx];
	char e[PCAP_ERRBUF_SIZE] = "";
	int dlt;

	in->info.format = SRC_FMT_PCAP;
	/* The magic says micro or nano; on stdin only one byte is seen. */
	if (nmagic >= 4)
		in->nsec = magic[2] == 0x3c || magic[1] == 0x3c ?
		    NSEC_YES : NSEC_NO;
	else
		in->nsec = magic[0] == 0x4d ? NSEC_YES :
		    magic[0] == 0xa1 ? NSEC_GUESS : NSEC_NO;
	in->info.nsec = in->nsec == NSEC_YES;
	in->pcap = pcap_fopen_offline_with_tstamp_precision(in->fp,
	    PCAP_TSTAMP_PRECISION_NANO, e);
	if (in->pcap == NULL) {
		char t[512];

		msg(t, sizeof(t), "not a readable capture: %s", e);
		set_broken(in, t);
		close_input(in);
		return;
	}
	dlt = pcap_datalink(in->pcap);
	if (!link_supported(dlt)) {
		msg(in->info.note, sizeof(in->info.note),
		    "%s: link type %d (%s) is not supported; skipped",
		    in->info.path, dlt, link_name(dlt));
		sanitize(in->info.note);
		msg(errbuf, errlen, "%s", in->info.note);
		in->info.skipped = 1;
		in->done = 1;
		close_input(in);
		return;
	}
	in->vant = add_vantage(set, idx, in->info.label, dlt,
	    (uint32_t)pcap_snapshot(in->pcap), e, sizeof(e));
	if (in->vant < 0) {
		set_broken(in, e);
		msg(errbuf, errlen, "%s: %s", in->info.path, e);
		close_input(in);
	}
}

/* Read up to the first packet so the number of interfaces is known. */
static void
open_pcapng(struct source_set *set, unsigned idx, char *errbuf,
    size_t errlen)
{
	struct input *in = set->in[idx];
	char e[256];
	int rc;

	in->info.format = SRC_FMT_PCAPNG;
	pcapng_init(&in->ng, in->fp);
	do
		rc = pcapng_next(&in->ng, &in->pend, e, sizeof(e));
	while (rc == PCAPNG_INTERFACE);
	in->single = distinct_interfaces(in) == 1;
	if (map_interfaces(set, idx, errbuf, errlen) < 0) {
		set_broken(in, errbuf != NULL ? errbuf : "too many vantages");
		return;
	}
	if (rc == PCAPNG_PACKET || rc == PCAPNG_OTHER)
		in->pending = rc;
	else if (rc == PCAPNG_EOF)
		in->done = 1;
	else
		set_broken(in, e);
}

int
source_add_file(struct source_set *set, const char *spec, char *errbuf,
    size_t errlen)
{
	struct input *in;
	struct stat st;
	uint8_t magic[4];
	size_t nmagic = 0;
	unsigned idx;
	int ch;

	if (errbuf != NULL && errlen > 0)
		errbuf[0] = '\0';
	if (set->nin >= SOURCE_MAX_INPUTS) {
		msg(errbuf, errlen, "too many inputs (at most %d)",
		    SOURCE_MAX_INPUTS);
		return -1;
	}
	if ((in = calloc(1, sizeof(*in))) == NULL) {
		msg(errbuf, errlen, "out of memory");
		return -1;
	}
	if (parse_spec(spec, in, errbuf, errlen) < 0) {
		free(in);
		return -1;
	}
	in->vant = -1;
	if (strcmp(in->info.path, "-") == 0) {
		if (set->stdin_used) {
			msg(errbuf, errlen, "-: standard input given twice");
			free(in);
			return -1;
		}
		set->stdin_used = 1;
		in->is_stdin = 1;
		in->fp = stdin;
	} else if ((in->fp = fopen(in->info.path, "rb")) == NULL) {
		msg(errbuf, errlen, "%s: %s", in->info.path, strerror(errno));
		free(in);
		return -1;
	}
	if (fstat(fileno(in->fp), &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			msg(errbuf, errlen, "%s: %s", in->info.path,
			    strerror(EISDIR));
			close_input(in);
			free(in);
			return -1;
		}
		if (S_ISREG(st.st_mode) && !in->is_stdin)
			in->info.bytes = (uint64_t)st.st_size;
	}
	/* glibc ignores the size when setvbuf() is given no buffer and
	 * reads 4 KiB at a time (a read() per 12 frames of 350 bytes) */
	if (!in->is_stdin && (in->iobuf = malloc(IOBUF_SIZE)) != NULL)
		setvbuf(in->fp, in->iobuf, _IOFBF, IOBUF_SIZE);

	/* Peek at the format: 4 bytes of a regular file, else one byte. */
	if (in->info.bytes >= 4) {
		nmagic = fread(magic, 1, 4, in->fp);
		if (nmagic != 4 || fseek(in->fp, 0, SEEK_SET) != 0) {
			msg(errbuf, errlen, "%s: %s", in->info.path,
			    ferror(in->fp) ? strerror(errno) :
			    "cannot rewind");
			close_input(in);
			free(in);
			return -1;
		}
		ch = magic[0];
	} else {
		ch = getc(in->fp);
		if (ch == EOF && ferror(in->fp)) {
			msg(errbuf, errlen, "%s: %s", in->info.path,
			    strerror(errno));
			close_input(in);
			free(in);
			return -1;
		}
		if (ch != EOF) {
			ungetc(ch, in->fp);
			magic[0] = (uint8_t)ch;
			nmagic = 1;
		}
	}

	snprintf(in->info.error, sizeof(in->info.error), "%s", "");
	uniquify(set, in->info.label, sizeof(in->info.label),
	    input_label_used);
	idx = (unsigned)set->nin;
	set->in[set->nin++] = in;
	in->refill = 1;
	if (ch == EOF) {
		/* libpcap refuses a 0-byte file; it is simply empty. */
		snprintf(in->info.error, sizeof(in->info.error), "empty file");
		in->done = 1;
		close_input(in);
		return 0;
	}
	if (ch == 0x0A)
		open_pcapng(set, idx, errbuf, errlen);
	else
		open_pcap(set, idx, magic, nmagic, errbuf, errlen);
	return 0;
}

/* an interface read by live.c; see source.h. */
int
source_add_live(struct source_set *set, const char *label, const char *path,
    int linktype, uint32_t snaplen, int nsec, char *errbuf, size_t errlen)
{
	struct input *in;
	int v;

	if (set->nin >= SOURCE_MAX_INPUTS) {
		msg(errbuf, errlen, "too many inputs (at most %d)",
		    SOURCE_MAX_INPUTS);
		return -1;
	}
	if ((in = calloc(1, sizeof(*in))) == NULL) {
		msg(errbuf, errlen, "out of memory");
		return -1;
	}
	snprintf(in->info.path, sizeof(in->info.path), "%s", path);
	snprintf(in->info.label, sizeof(in->info.label), "%s", label);
	sanitize(in->info.label);
	uniquify(set, in->info.label, sizeof(in->info.label),
	    input_label_used);
	in->info.format = SRC_FMT_LIVE;
	in->info.nsec = nsec;
	in->done = 1;		/* source_next() skips it */
	v = add_vantage(set, (unsigned)set->nin, in->info.label, linktype,
	    snaplen, errbuf, errlen);
	if (v < 0) {
		free(in);
		return -1;
	}
	in->vant = v;
	set->in[set->nin++] = in;
	return v;
}

struct input_info *
source_live_info(struct source_set *set, size_t i)
{
	return i < set->nin && set->in[i]->info.format == SRC_FMT_LIVE ?
	    &set->in[i]->info : NULL;
}

int
source_set_filter(struct source_set *set, const char *expr, char *errbuf,
    size_t errlen)
{
	struct bpf_program progs[SOURCE_MAX_VANTAGES];
	char e[PCAP_ERRBUF_SIZE];
	char *copy = NULL;
	size_t i;

	if (errbuf != NULL && errlen > 0)
		errbuf[0] = '\0';
	if (expr != NULL && *expr != '\0') {
		if ((copy = strdup(expr)) == NULL) {
			msg(errbuf, errlen, "out of memory");
			return -1;
		}
		/* Compile for all first: a failure leaves the old filter. */
		for (i = 0; i < set->nvs; i++) {
			if (compile(&set->vs[i], expr, &progs[i], e,
			    sizeof(e)) < 0) {
				if (set->nvs > 1)
					msg(errbuf, errlen, "%s (vantage %s, "
					    "link type %s)", e,
					    set->vs[i].v.label,
					    link_name(set->vs[i].v.linktype));
				else
					msg(errbuf, errlen, "%s", e);
				while (i-- > 0)
					pcap_freecode(&progs[i]);
				free(copy);
				return -1;
			}
		}
	}
	for (i = 0; i < set->nvs; i++) {
		if (set->vs[i].has_prog)
			pcap_freecode(&set->vs[i].prog);
		set->vs[i].has_prog = copy != NULL;
		if (copy != NULL)
			set->vs[i].prog = progs[i];
	}
	free(set->filter);
	set->filter = copy;
	return 0;
}

static void
count_record(struct input *in, int64_t ts)
{
	in->info.records++;
	if (in->info.records == 1)
		in->info.first_ts = ts;
	in->info.last_ts = ts;
}

/* 1 when the vantage's filter (if any) keeps the frame. */
static int
keep(const struct source_set *set, const struct frame *f)
{
	const struct vstate *vs = &set->vs[f->vantage];
	struct pcap_pkthdr h;

	if (!vs->has_prog)
		return 1;
	memset(&h, 0, sizeof(h));
	h.caplen = f->caplen;
	h.len = f->len;
	return pcap_offline_filter(&vs->prog, &h, f->data) != 0;
}

/*
 * The file's seconds and fraction are unsigned 32-bit fields (seconds are
 * valid past 2038) but libpcap sign-extends both, and scales a microsecond
 * fraction by 1000 after sign extension.  Undo that so even an invalid
 * fraction (>= 1 s, a lying writer) gives a deterministic time.
 */
static int64_t
pcap_ts_ns(const struct input *in, const struct pcap_pkthdr *h)
{
	int64_t sec = (int64_t)(uint32_t)h->ts.tv_sec;
	int64_t v = (int64_t)h->ts.tv_usec;	/* nanoseconds: we asked */

	if (v < 0) {
		int nano = in->nsec == NSEC_YES ||
		    (in->nsec == NSEC_GUESS && v % 1000 != 0);

		v += nano ? INT64_C(4294967296) : INT64_C(4294967296000);
	}
	return sec * 1000000000 + v;
}

/* One record of a classic pcap: 1 read, 0 end or broken. */
static int
next_pcap(struct input *in, struct frame *f)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	char t[512];
	int rc = pcap_next_ex(in->pcap, &h, &data);

	if (rc == 1) {
		f->vantage = (uint32_t)in->vant;
		f->ts_ns = pcap_ts_ns(in, h);
		f->caplen = h->caplen;
		f->len = h->len;
		f->data = data;
		if (in->nsec == NSEC_GUESS && h->ts.tv_usec % 1000 != 0)
			in->info.nsec = 1;
		count_record(in, f->ts_ns);
		f->number = in->info.records;
		return 1;
	}
	if (rc == PCAP_ERROR) {
		msg(t, sizeof(t), "truncated or corrupt after frame %llu:"
		    " %s", (unsigned long long)in->info.records,
		    pcap_geterr(in->pcap));
		set_broken(in, t);
	}
	in->done = 1;
	return 0;
}

/* One packet of a pcapng file: 1 read (maybe skipped: vantage -1). */
static int
next_pcapng(struct source_set *set, unsigned idx, struct frame *f, int *vant)
{
	struct input *in = set->in[idx];
	struct pcapng_pkt *p = &in->pend;
	char e[256] = "";
	int rc;

	if (in->pending) {
		rc = in->pending;
		in->pending = 0;
	} else {
		while ((rc = pcapng_next(&in->ng, p, e, sizeof(e))) ==
		    PCAPNG_INTERFACE) {
			if (map_interfaces(set, idx, e, sizeof(e)) < 0) {
				set_broken(in, e);
				return 0;
			}
		}
		if (rc == PCAPNG_ERROR)
			set_broken(in, e);
		if (rc != PCAPNG_PACKET && rc != PCAPNG_OTHER) {
			in->done = 1;
			return 0;
		}
	}
	if (rc == PCAPNG_OTHER) {	/* numbered, never returned */
		*vant = -1;
		f->number = p->number;
		count_record(in, in->last_ts);
		return 1;
	}
	if (p->has_ts)
		in->last_ts = p->ts_ns;
	*vant = in->ifvant[p->ifidx];
	f->vantage = *vant < 0 ? 0 : (uint32_t)*vant;
	f->number = p->number;
	f->ts_ns = in->last_ts;
	f->caplen = p->caplen;
	f->len = p->len;
	f->data = p->data;
	count_record(in, f->ts_ns);
	return 1;
}

/* Read the input's next frame that is returned to the caller. */
static void
refill(struct source_set *set, unsigned idx)
{
	struct input *in = set->in[idx];
	struct frame *f = &in->la;

	in->have = 0;
	/* Bounded by the file: each turn consumes a record. */
	while (!in->done) {
		int vant = in->vant;

		if (in->info.format == SRC_FMT_PCAPNG) {
			if (!next_pcapng(set, idx, f, &vant))
				return;
		} else if (!next_pcap(in, f)) {
			return;
		}
		if (vant < 0) {
			in->info.skipped_frames++;
			continue;
		}
		f->linktype = set->vs[vant].v.linktype;
		if (!keep(set, f))
			continue;
		in->info.accepted++;
		in->have = 1;
		return;
	}
}

int
source_next(struct source_set *set, struct frame *f)
{
	struct input *best = NULL;

	for (size_t i = 0; i < set->nin; i++) {
		struct input *in = set->in[i];

		if (in->refill) {
			in->refill = 0;
			refill(set, (unsigned)i);
		}
		/* Strictly earlier wins: ties go to the lower input. */
		if (in->have && (best == NULL || in->la.ts_ns < best->la.ts_ns))
			best = in;
	}
	if (best == NULL)
		return 0;
	*f = best->la;
	best->have = 0;
	best->refill = 1;
	return 1;
}

size_t
source_ninputs(const struct source_set *set)
{
	return set->nin;
}

const struct input_info *
source_input(const struct source_set *set, size_t i)
{
	return i < set->nin ? &set->in[i]->info : NULL;
}

size_t
source_nvantages(const struct source_set *set)
{
	return set->nvs;
}

const struct vantage *
source_vantage(const struct source_set *set, size_t i)
{
	return i < set->nvs ? &set->vs[i].v : NULL;
}
