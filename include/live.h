/* live.h - live capture (-i): a capture thread reads the libpcap handles, the caller analyses.
 *
 * Every interface becomes an input and a vantage of the caller's
 * source_set (source_add_live), so views and reports label its frames
 * like a file's.  Frame numbers count every frame captured on that
 * interface (the kernel's BPF filter already dropped the others), so
 * "label:N" is record N of the interface's -w tee file.
 *
 * Two threads.  The capture thread, started by the first live_poll(),
 * polls every handle (pcap_get_selectable_fd, non-blocking, pcap_dispatch
 * with a bounded count per round), copies each frame into a queue
 * (pktq.h) and then into its -w tee file; it also reads pcap_stats() and
 * flushes the tee files four times a second.  Handles are opened in
 * buffered mode (the kernel hands frames over in blocks, at the latest
 * 100 ms after a block's first frame), so the kernel's buffer (-B) holds
 * a burst by its bytes.  When the queue is full the capture thread waits:
 * the burst stays in the kernel's buffer, where a drop is counted by
 * pcap_stats(), and the tee file holds exactly the frames analysed.
 *
 * The caller's thread calls live_poll(): it hands queued frames to
 * on_frame, in the order the capture rounds read them (per interface in
 * capture order, interfaces one after the other within a round, so frames
 * of different interfaces can be out of time order by at most one round
 * of LIVE_BATCH frames each), and waits on the queue, the signal
 * self-pipe and one descriptor of the caller's (a TUI's stdin).  Signals
 * are blocked in the capture thread.  On a stop every frame already
 * queued is handed on before LIVE_EV_STOP.
 *
 * Time: frames carry the kernel's timestamps.  Between frames the loop
 * reports a tick about once a second; live_now() maps the wall clock
 * onto capture time as the latest frame timestamp plus the monotonic
 * time elapsed since it was handed on (before the first frame: the
 * real-time clock), never going backwards, so inferred timers fire while
 * a peer is silent.
 *
 * Everything a front end shows (per-interface counters, kernel drops)
 * is readable at any time through live_if(), as of the capture thread's
 * last report (a quarter of a second at most).
 */
#ifndef TS_LIVE_H
#define TS_LIVE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "frame.h"
#include "source.h"

#define LIVE_MAX_IFS		SOURCE_MAX_INPUTS
#define LIVE_DEFAULT_SNAPLEN	262144
#define LIVE_BATCH		64	/* frames per interface per round */

struct live_opts {
	int		 snaplen;	/* -s; 0: LIVE_DEFAULT_SNAPLEN */
	int		 buffer_kib;	/* -B in KiB; 0: libpcap's default */
	int		 promisc;	/* 1 unless -p */
	const char	*filter;	/* BPF expression; NULL or "": none */
	const char	*write;		/* -w tee file; NULL: none */
	unsigned long long count;	/* -c: frames in total; 0: no limit */
	/* Each frame, data valid only during the call. */
	void		(*on_frame)(void *arg, const struct frame *);
	void		*arg;
};

/* What a front end may read at any time. */
struct live_if {
	char		 label[VANTAGE_LABEL_MAX];
	char		 name[128];	/* interface */
	char		 dump_path[4096];	/* -w file; "" when none */
	uint32_t	 vantage;
	size_t		 input;
	int		 linktype;
	int		 snaplen;
	int		 nsec;		/* nanosecond timestamps */
	uint64_t	 captured;	/* frames handed on */
	uint64_t	 bytes;		/* their wire length */
	/* pcap_stats(), refreshed every tick and by live_refresh_stats */
	int		 have_stats;
	uint64_t	 recv, drop, ifdrop;
	int		 failed;	/* stopped: error says why */
	char		 error[512];
};

/* Results of live_poll(), or-ed. */
#define LIVE_EV_FRAMES	0x01	/* frames went to on_frame */
#define LIVE_EV_TICK	0x02	/* a second passed: call the engine tick */
#define LIVE_EV_EXTRA	0x04	/* extra_fd is readable */
#define LIVE_EV_STOP	0x08	/* SIGINT/SIGTERM, -c reached or all failed */
#define LIVE_EV_STATS	0x10	/* SIGUSR1: print the stats line */
#define LIVE_EV_ERROR	0x20	/* an interface failed (live_if()->error) */

struct live;

/* NULL when out of memory.  src must outlive the live set. */
struct live	*live_new(struct source_set *, const struct live_opts *);
/* Closes the handles and the tee files (flushed). */
void		 live_free(struct live *);
/*
 * Open "[label=]iface" (iface: a name or the number -D prints), set it up
 * (snaplen, buffer, promiscuous, immediate, nanosecond timestamps),
 * activate it and compile the filter for it.  Returns 0 (a warning may be
 * left in errbuf), or an exit code of sysexits(3) with the reason in
 * errbuf: EX_NOPERM, EX_UNAVAILABLE, EX_USAGE (bad filter).
 */
int		 live_add(struct live *, const char *spec, char *errbuf,
		    size_t);
/* Open the -w tee files (one per interface when there are several: the
 * label goes before the extension).  0, or EX_CANTCREAT with errbuf. */
int		 live_open_output(struct live *, char *errbuf, size_t);
/* SIGINT, SIGTERM (stop) and SIGUSR1 (stats) through a self-pipe polled
 * with the handles.  0, or -1 with errno. */
int		 live_signals(struct live *);
/*
 * One round: wait at most timeout_ms (and never past the next tick) for
 * the handles, the signal pipe and extra_fd (-1: none); read what is
 * ready.  Returns LIVE_EV_* bits (0: timeout, nothing happened).
 */
int		 live_poll(struct live *, int timeout_ms, int extra_fd);
/* Capture time now (see above). */
int64_t		 live_now(const struct live *);
/* Ask the loop to stop: the next live_poll() returns LIVE_EV_STOP (and
 * live_refresh_stats() ends the capture thread first). */
void		 live_stop(struct live *);
/* The latest pcap_stats() of every interface and tee files flushed (read
 * afresh once capture has stopped).  0, or EX_IOERR with errbuf when a tee
 * file could not be written. */
int		 live_refresh_stats(struct live *, char *errbuf, size_t);
size_t		 live_nifs(const struct live *);
const struct live_if *live_if(const struct live *, size_t);
/* "wan (eth1): N packets captured, N received by filter, N dropped by
 * kernel" (tcpdump's words) into buf. */
void		 live_stats_line(const struct live_if *, char *buf, size_t);
/* Kernel drops into each input's capture limits (source_live_info). */
void		 live_note_limits(struct live *);

/* -D: "1.eth0 [Up, Running, Connected]" per interface, as tcpdump. */
int		 live_list(FILE *, char *errbuf, size_t);
/*
 * -Z: become user (setgroups, setgid, setuid) and check that root cannot
 * be regained.  0, or EX_USAGE (no such user) / EX_NOPERM with errbuf.
 */
int		 live_drop_privileges(const char *user, char *errbuf, size_t);

#endif /* TS_LIVE_H */
