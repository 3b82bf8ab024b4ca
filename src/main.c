/* main.c - command line, modes and exit codes (sysexits(3)). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "diagnose.h"
#include "live.h"
#include "out.h"
#include "pipeline.h"
#include "prefs.h"
#include "report.h"
#include "rules_capture.h"
#include "source.h"
#include "track_bgp.h"
#include "track_l2tp.h"
#include "tui.h"

enum mode { MODE_SUMMARY, MODE_DECODE, MODE_STATUS, MODE_EVENTS,
	MODE_TUI };

/* Long options without a short letter. */
enum {
	OPT_VERSION = 'V',
	OPT_REPORT = 256,
	OPT_FORCE,
	OPT_REPORT_NO_CLOCK,
	OPT_FAIL_ON,
	OPT_NO_COLOR,
};

struct options {
	enum mode	 mode;
	int		 verbose;
	enum ts_format	 tsfmt;
	unsigned long long count;	/* -c, 0 = all */
	const char	*inputs[SOURCE_MAX_INPUTS];
	unsigned	 ninputs;
	char		 expr[4096];	/* trailing BPF expression */
	struct prefs	 prefs;
	/* --report DIR (report.h) and --fail-on */
	const char	*report_dir;
	int		 force;
	int		 report_no_clock;
	int		 fail_on;	/* SEV_*, -1 = never */
	int		 no_color;	/* --no-color (-T tui) */
	/* live capture (-i -D -w -s -B -p -Z) */
	const char	*ifaces[LIVE_MAX_IFS];
	unsigned	 nifaces;
	int		 list_ifs;	/* -D */
	int		 mode_given;	/* -T given */
	struct live_opts live;
	const char	*user;		/* -Z */
	char		 tee_specs[LIVE_MAX_IFS][VANTAGE_LABEL_MAX + 4096];
};

static void
usage(FILE *fp)
{
	fprintf(fp,
"usage: tunnelscope [-Dhnpv] [-B KiB] [-c count] [-o pref:value]...\n"
"                   [-T summary|decode|status|events|tui] [--no-color]\n"
"                   [-t ud|e|r] [-s snaplen] [-w file] [-Z user]\n"
"                   -i [label=]iface ... | -r [label=]file ...\n"
"                   [--report dir [--force]\n"
"                   [--report-no-clock]] [--fail-on warning|error]\n"
"                   [--version] [expression]\n");
}

static void
pref_line(void *arg, const char *line)
{
	fprintf(arg, "%s\n", line);
}

static void
help(void)
{
	usage(stdout);
	printf(
"\n"
"Read L2TPv3 and BGP traffic from capture files and explain what it shows.\n"
"\n"
"  -r [label=]file  read a pcap or pcapng file (\"-\" is standard input);\n"
"                   repeat to merge several vantage points by time\n"
"  -T mode          summary (default), decode (one line per frame),\n"
"                   status (router-style show status l2tp per LCCE),\n"
"                   events (transitions and findings as they happen)\n"
"                   or tui (interactive; needs a terminal)\n"
"  --no-color       -T tui in monochrome (so does NO_COLOR)\n"
"  -v               with -T decode: every layer's fields (-vv: more)\n"
"  -t fmt           time stamps: ud UTC date (default), e epoch, r relative\n"
"  -i [label=]iface capture live on iface (a name or a -D number); repeat\n"
"                   for several span ports; default output -T tui on a\n"
"                   terminal, else -T events and the summary at SIGINT or\n"
"                   SIGTERM (SIGUSR1: stats line)\n"
"  -D               list the interfaces that can be captured on\n"
"  -w file          with -i: write every captured frame to file (several\n"
"                   interfaces: file-label.ext each)\n"
"  -s snaplen       with -i: bytes kept per frame (default 262144)\n"
"  -B KiB           with -i: capture buffer in KiB (1024 bytes, as\n"
"                   tcpdump; not tshark's MiB); also the queue to the\n"
"                   analysis (at least 16 MiB)\n"
"  -p               with -i: no promiscuous mode\n"
"  -Z user          drop root for user once interfaces and files are open\n"
"  -c count         stop after count frames\n"
"  -o pref:value    protocol preference (see below)\n"
"  -n               accepted for tcpdump habits: names are never resolved\n"
"  --report dir     write the incident report (CSV files, summary.md,\n"
"                   evidence.pcap) into dir, created if missing\n"
"  --force          replace the report files already in dir\n"
"  --report-no-clock  no wall-clock time in summary.md (reproducible)\n"
"  --fail-on sev    exit 3 when a finding of severity sev (warning or\n"
"                   error) or worse exists\n"
"  -h, --help       this text\n"
"  --version        print the version\n"
"  expression       a pcap-filter(7) expression applied to every frame;\n"
"                   frame numbers still count every record of the file\n"
"\n"
"Preferences (-o):\n");
	prefs_list(pref_line, stdout);
	printf(
"\n"
"Exit status: 0 done, 3 --fail-on matched, 64 usage, 65 input truncated or\n"
"corrupt (what was read is still analysed), 66 cannot open an input,\n"
"73 cannot create a report file (or it exists without --force), 74 write\n"
"error, 69 interface missing, down or failing, 77 no permission to capture.\n");
}

static int
parse_count(const char *s, unsigned long long *out)
{
	char *end;

	errno = 0;
	if (*s < '0' || *s > '9')
		return -1;
	*out = strtoull(s, &end, 10);
	return errno != 0 || *end != '\0' || *out == 0 ? -1 : 0;
}

static int
join_expr(struct options *o, int argc, char **argv)
{
	size_t len = 0;
	int i;

	o->expr[0] = '\0';
	for (i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]);

		if (len + n + 2 > sizeof(o->expr))
			return -1;
		if (i > 0)
			o->expr[len++] = ' ';
		memcpy(o->expr + len, argv[i], n + 1);
		len += n;
	}
	return 0;
}

/* ---- live capture (-i, -D, -w, -s, -B, -p, -Z; see live.h) ---- */

static int
live_number(const char *opt, const char *s, int zero_ok, int max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s < '0' || *s > '9' || errno != 0 || *end != '\0' ||
	    v > max || (v == 0 && !zero_ok)) {
		fprintf(stderr, "tunnelscope: %s %s: expected a number from %d "
		    "to %d\n", opt, s, zero_ok ? 0 : 1, max);
		return -1;
	}
	*out = (int)v;
	return 0;
}

static int
live_option(struct options *o, int ch, const char *arg)
{
	switch (ch) {
	case 'B':	/* KiB, as tcpdump (tshark's -B is MiB) */
		return live_number("-B", arg, 0, INT_MAX / 1024,
		    &o->live.buffer_kib);
	case 'D':
		o->list_ifs = 1;
		return 0;
	case 'i':
		if (o->nifaces >= LIVE_MAX_IFS) {
			fprintf(stderr, "tunnelscope: at most %d -i "
			    "interfaces\n", LIVE_MAX_IFS);
			return -1;
		}
		o->ifaces[o->nifaces++] = arg;
		return 0;
	case 'p':
		o->live.promisc = 0;
		return 0;
	case 's':	/* 0: the default, as tcpdump */
		return live_number("-s", arg, 1, INT_MAX, &o->live.snaplen);
	case 'w':
		if (strcmp(arg, "-") == 0 || arg[0] == '\0') {
			fprintf(stderr, "tunnelscope: -w %s: give a file name "
			    "(standard output carries the text)\n", arg);
			return -1;
		}
		o->live.write = arg;
		return 0;
	case 'Z':
		o->user = arg;
		return 0;
	}
	return -1;
}

static int
live_check(struct options *o)
{
	if (o->nifaces > 0 && o->ninputs > 0) {
		fprintf(stderr, "tunnelscope: -i and -r do not mix: capture "
		    "live or read files\n");
		return -1;
	}
	if (o->live.write != NULL && o->nifaces == 0) {
		fprintf(stderr, "tunnelscope: -w tees a live capture: it goes "
		    "with -i\n");
		return -1;
	}
	/* -i: transitions and findings as they happen, the summary at
	 * exit (the TUI will take over on a terminal) */
	if (o->nifaces > 0 && !o->mode_given)
		o->mode = tui_usable() ? MODE_TUI : MODE_EVENTS;
	return 0;
}

/* What the frame callback needs from main(). */
struct live_ctx {
	struct pipeline		*pl;
	struct decode_opts	*dopts;
	const struct options	*o;
	int			*out_err;
};

static void
live_frame(void *arg, const struct frame *f)
{
	struct live_ctx *lc = arg;

	pipeline_frame(lc->pl, f);
	if (lc->o->mode == MODE_DECODE && !*lc->out_err &&
	    out_decode_packet(stdout, lc->dopts, &lc->pl->pkt) < 0)
		*lc->out_err = errno ? errno : EIO;
}

/* -Z (files or interfaces are open by now), or the warning about root. */
static int
live_privileges(const struct options *o)
{
	char errbuf[512];
	int rc;

	if (o->user == NULL) {
		if (o->nifaces > 0 && geteuid() == 0)
			fprintf(stderr, "tunnelscope: warning: packets are "
			    "parsed as root; -Z user drops privileges once "
			    "the interfaces are open\n");
		return 0;
	}
	if ((rc = live_drop_privileges(o->user, errbuf, sizeof(errbuf))) != 0)
		fprintf(stderr, "tunnelscope: %s\n", errbuf);
	return rc;
}

/* Open every interface, the -w files, the signals; then -Z. */
static int
live_open_all(struct live **lvp, struct source_set *src, struct options *o,
    struct live_ctx *lc)
{
	char errbuf[1024];
	struct live *lv;
	unsigned k;
	int rc;

	o->live.filter = o->expr;
	o->live.count = o->count;
	o->live.on_frame = live_frame;
	o->live.arg = lc;
	if ((*lvp = lv = live_new(src, &o->live)) == NULL) {
		fprintf(stderr, "tunnelscope: out of memory\n");
		return EX_OSERR;
	}
	for (k = 0; k < o->nifaces; k++) {
		errbuf[0] = '\0';
		rc = live_add(lv, o->ifaces[k], errbuf, sizeof(errbuf));
		if (errbuf[0] != '\0')
			fprintf(stderr, "tunnelscope: %s\n", errbuf);
		if (rc != 0)
			return rc;
	}
	if ((rc = live_open_output(lv, errbuf, sizeof(errbuf))) != 0) {
		fprintf(stderr, "tunnelscope: %s\n", errbuf);
		return rc;
	}
	if (live_signals(lv) < 0) {
		fprintf(stderr, "tunnelscope: signals: %s\n", strerror(errno));
		return EX_OSERR;
	}
	/* --report reads the tee files again for evidence.pcap */
	for (k = 0; o->live.write != NULL && k < live_nifs(lv); k++) {
		const struct live_if *li = live_if(lv, k);

		snprintf(o->tee_specs[k], sizeof(o->tee_specs[k]), "%s=%s",
		    li->label, li->dump_path);
		o->inputs[k] = o->tee_specs[k];
		o->ninputs = k + 1;
	}
	if (capture_rules_register(lc->pl->engine) < 0) {
		fprintf(stderr, "tunnelscope: out of memory\n");
		return EX_OSERR;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	return live_privileges(o);
}

static void
live_print_stats(const struct live *lv)
{
	char line[512];
	size_t k;

	for (k = 0; k < live_nifs(lv); k++) {
		live_stats_line(live_if(lv, k), line, sizeof(line));
		fprintf(stderr, "tunnelscope: %s\n", line);
	}
}

static void
live_drops(const struct live *lv, struct pipeline *pl, int64_t now)
{
	struct capture_drop d[LIVE_MAX_IFS];
	size_t k;

	for (k = 0; k < live_nifs(lv); k++) {
		const struct live_if *li = live_if(lv, k);

		d[k].label = li->label;
		d[k].ifname = li->name;
		d[k].recv = li->recv;
		d[k].drop = li->drop;
		d[k].ifdrop = li->ifdrop;
	}
	capture_drops_report(pl->engine, d, k, now);
}

/* The poll loop until SIGINT/SIGTERM, -c or every interface failed. */
static int
live_run(struct live *lv, struct live_ctx *lc)
{
	char errbuf[512];
	size_t k;
	int ev, rc = 0, told[LIVE_MAX_IFS] = { 0 };

	do {
		ev = live_poll(lv, -1, -1);
		if (ev & LIVE_EV_TICK) {
			pipeline_tick(lc->pl, live_now(lv));
			live_drops(lv, lc->pl, live_now(lv));
		}
		if (ev & LIVE_EV_STATS)
			live_print_stats(lv);
		for (k = 0; k < live_nifs(lv); k++)
			if (live_if(lv, k)->failed && !told[k]++) {
				fprintf(stderr, "tunnelscope: %s\n",
				    live_if(lv, k)->error);
				rc = EX_UNAVAILABLE;
			}
	} while (!(ev & LIVE_EV_STOP));
	if (live_refresh_stats(lv, errbuf, sizeof(errbuf)) != 0) {
		fprintf(stderr, "tunnelscope: %s\n", errbuf);
		rc = EX_IOERR;
	}
	live_drops(lv, lc->pl, live_now(lv));
	live_note_limits(lv);
	live_print_stats(lv);
	return rc;
}

/* -D */
static int
live_list_print(void)
{
	char errbuf[512];
	int rc = live_list(stdout, errbuf, sizeof(errbuf));

	if (rc == EX_IOERR)
		fprintf(stderr, "tunnelscope: writing the output: %s\n",
		    strerror(errno ? errno : EIO));
	else if (rc != 0)
		fprintf(stderr, "tunnelscope: %s\n", errbuf);
	return rc;
}

static int
parse_args(struct options *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",	no_argument, NULL, 'h' },
		{ "version",	no_argument, NULL, OPT_VERSION },
		{ "report",	required_argument, NULL, OPT_REPORT },
		{ "force",	no_argument, NULL, OPT_FORCE },
		{ "report-no-clock", no_argument, NULL, OPT_REPORT_NO_CLOCK },
		{ "fail-on",	required_argument, NULL, OPT_FAIL_ON },
		{ "no-color",	no_argument, NULL, OPT_NO_COLOR },
		{ NULL, 0, NULL, 0 }
	};
	char errbuf[256];
	int ch;

	memset(o, 0, sizeof(*o));
	o->fail_on = -1;
	o->live.promisc = 1;
	prefs_default(&o->prefs);
	while ((ch = getopt_long(argc, argv, "B:c:Dhi:no:pr:s:T:t:vw:Z:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'B': case 'D': case 'i': case 'p': case 's':
		case 'w': case 'Z':
			if (live_option(o, ch, optarg) != 0)
				return EX_USAGE;
			break;
		case 'c':
			if (parse_count(optarg, &o->count) < 0) {
				fprintf(stderr, "tunnelscope: -c %s: expected "
				    "a positive number of frames\n", optarg);
				return EX_USAGE;
			}
			break;
		case 'h':
			help();
			exit(0);
		case 'n':
			break;		/* we never resolve names */
		case 'o':
			if (prefs_set(&o->prefs, optarg, errbuf,
			    sizeof(errbuf)) < 0) {
				fprintf(stderr, "tunnelscope: %s\n", errbuf);
				return EX_USAGE;
			}
			break;
		case 'r':
			if (o->ninputs >= SOURCE_MAX_INPUTS) {
				fprintf(stderr, "tunnelscope: at most %d -r "
				    "inputs\n", SOURCE_MAX_INPUTS);
				return EX_USAGE;
			}
			o->inputs[o->ninputs++] = optarg;
			break;
		case 'T':
			o->mode_given = 1;
			if (strcmp(optarg, "summary") == 0)
				o->mode = MODE_SUMMARY;
			else if (strcmp(optarg, "decode") == 0)
				o->mode = MODE_DECODE;
			else if (strcmp(optarg, "status") == 0)
				o->mode = MODE_STATUS;
			else if (strcmp(optarg, "events") == 0)
				o->mode = MODE_EVENTS;
			else if (strcmp(optarg, "tui") == 0)
				o->mode = MODE_TUI;
			else {
				fprintf(stderr, "tunnelscope: -T %s: unknown "
				    "mode (summary, decode, status, events or "
				    "tui)\n",
				    optarg);
				return EX_USAGE;
			}
			break;
		case 't':
			if (strcmp(optarg, "ud") == 0)
				o->tsfmt = TSF_UTC_DATE;
			else if (strcmp(optarg, "e") == 0)
				o->tsfmt = TSF_EPOCH;
			else if (strcmp(optarg, "r") == 0)
				o->tsfmt = TSF_RELATIVE;
			else {
				fprintf(stderr, "tunnelscope: -t %s: expected "
				    "ud, e or r\n", optarg);
				return EX_USAGE;
			}
			break;
		case 'v':
			o->verbose++;
			break;
		case OPT_VERSION:
			printf("tunnelscope %s\n", TS_VERSION);
			exit(0);
		case OPT_REPORT:
			if (optarg[0] == '\0') {
				fprintf(stderr, "tunnelscope: --report needs a "
				    "directory name\n");
				return EX_USAGE;
			}
			o->report_dir = optarg;
			break;
		case OPT_FORCE:
			o->force = 1;
			break;
		case OPT_REPORT_NO_CLOCK:
			o->report_no_clock = 1;
			break;
		case OPT_NO_COLOR:
			o->no_color = 1;
			break;
		case OPT_FAIL_ON:
			o->fail_on = finding_severity_parse(optarg);
			if (o->fail_on != SEV_WARNING &&
			    o->fail_on != SEV_ERROR) {
				fprintf(stderr, "tunnelscope: --fail-on %s: "
				    "expected warning or error\n", optarg);
				return EX_USAGE;
			}
			break;
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	if ((o->force || o->report_no_clock) && o->report_dir == NULL) {
		fprintf(stderr, "tunnelscope: --force and --report-no-clock "
		    "go with --report dir\n");
		return EX_USAGE;
	}
	if (o->list_ifs)
		return 0;
	if (live_check(o) != 0)
		return EX_USAGE;
	if (o->ninputs == 0 && o->nifaces == 0) {
		fprintf(stderr, "tunnelscope: nothing to read: give a capture "
		    "file with -r\n");
		usage(stderr);
		return EX_USAGE;
	}
	if (join_expr(o, argc - optind, argv + optind) < 0) {
		fprintf(stderr, "tunnelscope: filter expression too long\n");
		return EX_USAGE;
	}
	return 0;
}

struct view_arg {
	struct source_set *src;
};

static const char *
view_label(void *arg, uint32_t v)
{
	struct view_arg *va = arg;

	return v < source_nvantages(va->src) ?
	    source_vantage(va->src, v)->label : "?";
}

static int
view_digits(void *arg, uint32_t v)
{
	struct view_arg *va = arg;
	const struct vantage *van;

	if (v >= source_nvantages(va->src))
		return 6;
	van = source_vantage(va->src, v);
	return source_input(va->src, van->input)->nsec ? 9 : 6;
}

/* Open every input; report all problems, then decide the exit code. */
static int
open_inputs(struct source_set *src, const struct options *o)
{
	char errbuf[512];
	unsigned i;
	int rc = 0;

	for (i = 0; i < o->ninputs; i++) {
		errbuf[0] = '\0';
		if (source_add_file(src, o->inputs[i], errbuf,
		    sizeof(errbuf)) < 0) {
			fprintf(stderr, "tunnelscope: %s\n", errbuf);
			rc = EX_NOINPUT;
		} else if (errbuf[0] != '\0')
			fprintf(stderr, "tunnelscope: %s\n", errbuf);
	}
	if (rc == 0 && o->expr[0] != '\0' &&
	    source_set_filter(src, o->expr, errbuf, sizeof(errbuf)) < 0) {
		fprintf(stderr, "tunnelscope: bad filter expression \"%s\": "
		    "%s\n", o->expr, errbuf);
		rc = EX_USAGE;
	}
	return rc;
}

/* Inputs that broke or were empty: say so on stderr; 65 if any broke. */
static int
report_inputs(const struct source_set *src)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < source_ninputs(src); i++) {
		const struct input_info *in = source_input(src, i);

		if (in->broken) {
			fprintf(stderr, "tunnelscope: %s: %s\n", in->path,
			    in->error);
			rc = EX_DATAERR;
		} else if (in->records == 0 && !in->skipped)
			fprintf(stderr, "tunnelscope: %s: %s\n", in->path,
			    in->error[0] ? in->error :
			    "no packets in this capture");
	}
	return rc;
}

/* --report DIR: after the analysis, before the sources are freed. */
static int
write_report(const struct options *o, const struct pipeline *pl,
    const struct source_set *src, int argc, char **argv)
{
	struct report_opts ro;
	char errbuf[1024];
	int rc;

	memset(&ro, 0, sizeof(ro));
	ro.dir = o->report_dir;
	ro.force = o->force;
	ro.no_clock = o->report_no_clock;
	ro.argc = argc;
	ro.argv = argv;
	ro.specs = o->inputs;
	ro.nspecs = o->ninputs;
	ro.filter = o->expr;
	ro.count = o->count;
	if ((rc = report_write(&ro, pl, src, errbuf, sizeof(errbuf))) != 0)
		fprintf(stderr, "tunnelscope: %s\n", errbuf);
	return rc;
}

/* ---- -T tui ---- */

/* Not a terminal: -T events instead (-1: go on with it).  Files: the TUI
 * runs the pipeline itself (it re-reads them to step back in time) and
 * writes --report when it ends; its exit status is returned. */
static void
tui_opts_fill(struct tui_opts *to, const struct options *o, int argc,
    char **typed)
{
	memset(to, 0, sizeof(*to));
	to->specs = o->inputs;		/* live: the -w tee files */
	to->nspecs = o->ninputs;
	to->filter = o->expr;
	to->count = o->count;
	to->prefs = &o->prefs;
	to->verbose = o->verbose;
	to->tsfmt = o->tsfmt;
	to->no_color = o->no_color;
	to->report_dir = o->report_dir;
	to->force = o->force;
	to->report_no_clock = o->report_no_clock;
	to->argc = argc;
	to->argv = typed;
	to->fail_on = o->fail_on;
}

static int
tui_offline(struct options *o, int argc, char **typed)
{
	struct tui_opts to;

	if (!tui_usable()) {
		fprintf(stderr, "tunnelscope: -T tui: standard output is not "
		    "a terminal: writing -T events instead\n");
		o->mode = MODE_EVENTS;
		return -1;
	}
	if (o->nifaces > 0)
		return -1;
	tui_opts_fill(&to, o, argc, typed);
	return tui_run(&to);
}

/* -i: the screen in the capture's poll loop; main finishes as usual. */
static int
tui_live_loop(const struct options *o, struct live *lv, struct pipeline *pl,
    struct source_set *src, int argc, char **typed)
{
	struct tui_opts to;

	tui_opts_fill(&to, o, argc, typed);
	return tui_live(&to, lv, pl, src);
}

int
main(int argc, char **argv)
{
	static struct options o;
	static struct pipeline pl;
	struct source_set *src;
	struct decode_opts dopts;
	struct summary_opts sopts;
	struct view_arg va;
	struct events_view evv;		/* -T events */
	struct view_labels vl;		/* -T status */
	struct frame f;
	unsigned long long n = 0;
	int rc, in_rc, out_err = 0, report_rc = 0;
	static char **typed;	/* static: still reachable on early exits */
	/* live capture */
	struct live *lv = NULL;
	struct live_ctx lc = { &pl, &dopts, &o, &out_err };
	int live_rc = 0;
	static char outbuf[256 * 1024];

	/* -T decode writes a line or more per frame: into a file or a pipe,
	 * 4 KiB at a time (glibc's default there) was a write() per dozen
	 * frames.  A terminal stays line-buffered; live capture sets line
	 * buffering again before it prints. */
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));

	/* getopt_long permutes argv: keep the command line as typed for
	 * the report's record */
	if ((typed = calloc((size_t)argc + 1, sizeof(*typed))) == NULL) {
		fprintf(stderr, "tunnelscope: out of memory\n");
		return EX_OSERR;
	}
	memcpy(typed, argv, (size_t)argc * sizeof(*typed));
	if ((rc = parse_args(&o, argc, argv)) != 0)
		return rc;
	if (o.list_ifs)				/* -D */
		return live_list_print();
	if (o.mode == MODE_TUI && (rc = tui_offline(&o, argc, typed)) >= 0) {
		free(typed);
		return rc;
	}
	if ((src = source_new()) == NULL || pipeline_init(&pl, &o.prefs) < 0) {
		fprintf(stderr, "tunnelscope: out of memory\n");
		return EX_OSERR;
	}
	/* A listing alone reads no tracker: what a frame reads as never
	 * depends on them (pipeline.h), and nothing else is printed.  The
	 * trackers run when a report or --fail-on will ask for findings. */
	if (o.mode == MODE_DECODE && o.report_dir == NULL && o.fail_on < 0)
		pl.dissect_only = 1;
	if ((rc = o.nifaces > 0 ? live_open_all(&lv, src, &o, &lc) :
	    open_inputs(src, &o)) != 0 || (lv == NULL &&
	    (rc = live_privileges(&o)) != 0)) {
		live_free(lv);
		source_free(src);
		pipeline_free(&pl);
		return rc;
	}
	va.src = src;
	memset(&dopts, 0, sizeof(dopts));
	dopts.tsfmt = o.tsfmt;
	dopts.verbose = o.verbose;
	dopts.show_label = source_nvantages(src) > 1;
	dopts.label = view_label;
	dopts.digits = view_digits;
	dopts.arg = &va;
	/* evidence labels; -T events follows the engine */
	engine_set_labels(pl.engine, view_label, &va);
	memset(&evv, 0, sizeof(evv));
	if (o.mode == MODE_EVENTS) {
		evv.fp = stdout;
		evv.label = view_label;
		evv.digits = view_digits;
		evv.arg = &va;
		if (out_events_attach(&evv, pl.engine) < 0) {
			fprintf(stderr, "tunnelscope: out of memory\n");
			return EX_OSERR;
		}
	}
	if (lv != NULL)
		live_rc = o.mode == MODE_TUI ? tui_live_loop(&o, lv, &pl, src,
		    argc, typed) : live_run(lv, &lc);
	while ((o.count == 0 || n < o.count) && source_next(src, &f) == 1) {
		n++;
		pipeline_frame(&pl, &f);
		if (o.mode == MODE_DECODE && !out_err &&
		    out_decode_packet(stdout, &dopts, &pl.pkt) < 0)
			out_err = errno ? errno : EIO;
	}
	pipeline_finish(&pl);
	if (evv.err != 0 && !out_err)
		out_err = evv.err;
	in_rc = report_inputs(src);
	if (o.mode == MODE_STATUS) {
		out_view_labels(&vl, src);
		if (out_l2tp_status(stdout, pl.engine, &vl) < 0)
			out_err = errno ? errno : EIO;
		/* `show status bgp neighbor` per BGP session */
		if (out_bgp_status(stdout, pl.engine, &vl) < 0)
			out_err = errno ? errno : EIO;
	}
	if (o.mode == MODE_SUMMARY || (lv != NULL && o.mode == MODE_EVENTS)) {
		memset(&sopts, 0, sizeof(sopts));
		if (out_summary(stdout, &sopts, &pl, src) < 0)
			out_err = errno ? errno : EIO;
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		out_err = errno ? errno : EIO;
	if (o.report_dir != NULL)
		report_rc = write_report(&o, &pl, src, argc, typed);
	/* --fail-on: decided now, answered after everything was written */
	if (o.fail_on >= 0 && finding_count_at_least(pl.engine->findings,
	    (unsigned)o.fail_on) == 0)
		o.fail_on = -1;
	live_free(lv);
	source_free(src);
	pipeline_free(&pl);
	free(typed);
	if (out_err) {
		fprintf(stderr, "tunnelscope: writing the output: %s\n",
		    strerror(out_err));
		return EX_IOERR;
	}
	if (report_rc != 0)
		return report_rc;
	if (in_rc != 0)
		return in_rc;
	if (live_rc != 0)
		return live_rc;
	return o.fail_on >= 0 ? 3 : 0;
}
