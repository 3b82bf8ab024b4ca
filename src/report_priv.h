/* report_priv.h - state shared by report.c, report_evidence.c and
 * report_md.c (not an interface: include/report.h is). */
#ifndef TS_REPORT_PRIV_H
#define TS_REPORT_PRIV_H

#include <limits.h>
#include <stdio.h>

#include "finding.h"
#include "report.h"
#include "sha256.h"

#define REPORT_MAX_FILES	32
#define REPORT_MAX_EVFILES	16	/* evidence pcaps (one per link type) */

/* One output file: written to tmp, renamed to final at the end. */
struct rfile {
	char	 name[96];		/* "findings.csv" */
	char	 tmp[PATH_MAX];
	char	 final[PATH_MAX];
	FILE	*fp;			/* open while being written */
	int	 closed;		/* flushed and closed without error */
	int	 committed;		/* in place under final */
};

/* A frame findings cite, and what the second pass found for it. */
struct cite {
	uint32_t	 vantage;
	uint64_t	 frame;
	int64_t		 ts_ns;		/* as the finding recorded it */
	char		 rules[256];	/* rule ids citing it, in order */
	char		 ids[128];	/* finding ids citing it */
	int		 found;		/* read again */
	uint64_t	 order;		/* position in the second pass */
	uint32_t	 caplen, len;
	int		 evf;		/* evidence file index, -1 none */
	uint64_t	 pcap_frame;	/* 1-based position in that file */
	char		*decode;	/* one-line decode (malloc), or NULL */
};

/* One evidence pcap: all cited frames of one link type. */
struct evfile {
	int		 dlt;
	char		 ltname[48];	/* "EN10MB" */
	char		 file[80];	/* "evidence.pcap", "evidence-raw.pcap" */
	int		 nsec;		/* written with nanosecond stamps */
	uint32_t	 snaplen;
	struct rfile	*rf;
	uint64_t	 frames;
	char		 sha256[SHA256_HEX];
};

enum ev_status {
	EV_READ = 0,		/* inputs read again: frames written */
	EV_NOTHING,		/* no finding cites a frame */
	EV_PARTIAL,		/* some cited frames could not be read again */
};

struct report {
	const struct report_opts *o;
	const struct pipeline	*pl;
	const struct source_set	*src;
	struct report_ctx	 ctx;
	char			*errbuf;
	size_t			 errlen;
	int			 rc;		/* first error's exit code */
	struct rfile		 files[REPORT_MAX_FILES];
	size_t			 nfiles;
	/* findings, errors first (finding_sorted) */
	const struct finding	**fs;
	size_t			 nfs;
	/* evidence */
	struct cite		*cites;		/* sorted by (vantage, frame) */
	size_t			 ncites;
	size_t			 nfound;
	struct cite		**ev_order;	/* found ones in pass order,
						   then the rest by ts */
	struct evfile		 evf[REPORT_MAX_EVFILES];
	size_t			 nevf;
	enum ev_status		 ev_status;
	char			 ev_note[512];	/* why frames are missing */
	int			 stdin_input;	/* an input cannot be read again
						   (standard input, live) */
};

/* report.c */
struct rfile *report_file_open(struct report *, const char *name);
int	report_file_close(struct report *, struct rfile *);
int	report_fail(struct report *, int rc, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
const char *report_label(const struct report *, uint32_t vantage);
int	report_input_of(const struct report *, uint32_t vantage);
int	report_sha256_file(const char *path, char out[SHA256_HEX],
	    uint64_t *size);

/* report_evidence.c */
int	report_evidence_plan(struct report *);	/* cites + evidence files */
int	report_evidence_write(struct report *);	/* pcaps + evidence.csv */
void	report_evidence_free(struct report *);
/* "EN10MB", "RAW" ... for a LINKTYPE_* value; NULL if unknown. */
const char *report_linktype_name(int linktype);

/* report_md.c */
int	report_md_write(struct report *);

#endif /* TS_REPORT_PRIV_H */
