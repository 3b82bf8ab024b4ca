/* citeall - test driver for tests/report: analyse inputs like
 * tunnelscope, add one capture-wide finding ("test.cite") that cites
 * every Nth frame (at most FINDING_EV_MAX), and write the report.  The
 * rules that cite real frames are still being written; this lets the
 * evidence path (second pass, evidence.pcap per link type, evidence.csv)
 * run end to end on every capture today.
 *
 *   citeall [-f] [-n every] DIR [label=]file ...
 *
 * Exits with report_write()'s code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diagnose.h"
#include "pipeline.h"
#include "report.h"
#include "source.h"

static const struct rule cite_rule[] = {
	{ "test.cite", SEV_WARNING, NULL, "frames cited by tests/report" },
};

static const char *
label(void *arg, uint32_t v)
{
	return v < source_nvantages(arg) ? source_vantage(arg, v)->label :
	    NULL;
}

int
main(int argc, char **argv)
{
	static struct pipeline pl;
	struct report_opts ro;
	struct source_set *src;
	struct finding *fd;
	struct prefs prefs;
	struct frame f;
	struct evref ev;
	char err[1024];
	unsigned long every = 3, n = 0;
	int ch, force = 0, rc, i;

	while ((ch = getopt(argc, argv, "fn:")) != -1)
		switch (ch) {
		case 'f':
			force = 1;
			break;
		case 'n':
			every = strtoul(optarg, NULL, 10);
			if (every == 0)
				every = 1;
			break;
		default:
			return 64;
		}
	if (argc - optind < 2) {
		fprintf(stderr, "usage: citeall [-f] [-n every] DIR "
		    "[label=]file ...\n");
		return 64;
	}
	prefs_default(&prefs);
	if ((src = source_new()) == NULL || pipeline_init(&pl, &prefs) < 0)
		return 71;
	for (i = optind + 1; i < argc; i++)
		if (source_add_file(src, argv[i], err, sizeof(err)) < 0) {
			fprintf(stderr, "citeall: %s\n", err);
			return 66;
		}
	engine_set_labels(pl.engine, label, src);
	diag_register(pl.engine, cite_rule, 1);
	fd = finding_upsert(pl.engine->findings, &cite_rule[0], NULL, 0);
	if (fd == NULL)
		return 71;
	finding_set_title(fd, "frames cited for the report test");
	while (source_next(src, &f) == 1) {
		pipeline_frame(&pl, &f);
		if (n++ % every == 0 && fd->nev < FINDING_EV_MAX) {
			ev.vantage = f.vantage;
			ev.frame = f.number;
			ev.ts_ns = f.ts_ns;
			if (fd->nev == 0)
				fd->ts = f.ts_ns;
			finding_add_evidence(fd, &ev);
		}
	}
	pipeline_finish(&pl);
	memset(&ro, 0, sizeof(ro));
	ro.dir = argv[optind];
	ro.force = force;
	ro.no_clock = 1;
	ro.argc = argc;
	ro.argv = argv;
	ro.specs = (const char *const *)(argv + optind + 1);
	ro.nspecs = (size_t)(argc - optind - 1);
	rc = report_write(&ro, &pl, src, err, sizeof(err));
	if (rc != 0)
		fprintf(stderr, "citeall: %s\n", err);
	source_free(src);
	pipeline_free(&pl);
	return rc;
}
