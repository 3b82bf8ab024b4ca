/* source.h - packet sources: capture files (pcap, pcapng) merged by time.
 *
 * Several inputs become one stream in timestamp order (stable on ties:
 * input order, then file order).  Every frame keeps its own file-relative
 * number (Wireshark's numbering, counting every record even when a BPF
 * expression rejects it) and its vantage label.
 */
#ifndef TS_SOURCE_H
#define TS_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "frame.h"

#define VANTAGE_LABEL_MAX	64
#define SOURCE_MAX_INPUTS	16
#define SOURCE_MAX_VANTAGES	64

struct vantage {
	char		label[VANTAGE_LABEL_MAX];	/* "wan", "eth1", "if0" */
	int		linktype;
	uint32_t	snaplen;
	unsigned	input;		/* index of the input it belongs to */
};

struct input_info {
	char		path[4096];	/* as given; "-" for stdin */
	char		label[VANTAGE_LABEL_MAX];
	int		format;		/* SRC_FMT_* */
	int		nsec;		/* file had nanosecond timestamps */
	uint64_t	records;	/* records read (frames, incl. filtered) */
	uint64_t	accepted;	/* passed the BPF expression */
	uint64_t	bytes;		/* file size if known */
	int		broken;		/* stopped early: truncated or corrupt */
	char		error[256];	/* why, with the frame it broke at */
	int		skipped;	/* not read at all (unsupported link) */
	int64_t		first_ts, last_ts;
	/* Records counted (numbered) but never returned: pcapng packets of
	 * interfaces with an unsupported link type, and custom / systemd
	 * journal blocks that Wireshark numbers as frames.  note: the
	 * user-facing reason for any skip (also for a skipped pcap). */
	uint64_t	skipped_frames;
	char		note[256];
};

#define SRC_FMT_PCAP	1
#define SRC_FMT_PCAPNG	2
#define SRC_FMT_LIVE	3	/* an interface (-i, live.c) */

struct source_set;

struct source_set *source_new(void);
void		 source_free(struct source_set *);
/*
 * Add an input given as "[label=]path" ("-" is stdin).  Opens it now.
 * Returns 0, or -1 with a message in errbuf (file missing/unreadable: the
 * caller exits 66; unsupported link type: the input is skipped, 0 returned,
 * message in errbuf, info->skipped set).
 */
int		 source_add_file(struct source_set *, const char *spec,
		    char *errbuf, size_t);
/* Compile a BPF expression for every vantage.  -1 with libpcap's text. */
int		 source_set_filter(struct source_set *, const char *expr,
		    char *errbuf, size_t);
/*
 * Next frame in time order: 1 with *f filled (data valid until the next
 * call), 0 at the end of every input.  Frames rejected by the filter are
 * counted, not returned.  A broken input stops there and is reported in
 * its input_info; the others go on.
 */
int		 source_next(struct source_set *, struct frame *f);

/*
 * a live input (live.c reads it): its label and vantage join
 * the same tables as files so every view names it; source_next() never
 * returns its frames (the live loop hands them to the pipeline).  path is
 * what views print for it (the interface, or the -w tee file).  Returns
 * the vantage index, or -1 with a message.
 */
int		 source_add_live(struct source_set *, const char *label,
		    const char *path, int linktype, uint32_t snaplen,
		    int nsec, char *errbuf, size_t);
/* The live input's counters, kept up to date by its reader; a non-empty
 * error is a capture limit (kernel drops), printed by the views. */
struct input_info *source_live_info(struct source_set *, size_t input);

size_t		 source_ninputs(const struct source_set *);
const struct input_info *source_input(const struct source_set *, size_t);
size_t		 source_nvantages(const struct source_set *);
const struct vantage *source_vantage(const struct source_set *, size_t);

#endif /* TS_SOURCE_H */
