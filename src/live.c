/* live.c - live capture on span ports: a capture thread drains the libpcap handles into a queue the analysis reads (see live.h; pcap(3PCAP)). */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "live.h"
#include "pktq.h"

#define NS_PER_S	1000000000LL
#define NS_PER_MS	1000000LL
/* The kernel hands frames over in blocks, a block at the latest this long
 * after its first frame (TPACKET_V3 on Linux, the read timeout of BPF). */
#define BLOCK_MS	100
/* The capture thread reads pcap_stats() and flushes the tee files. */
#define STATS_MS	250
#define QUEUE_MIN	(16u << 20)

struct live;

/* What the capture thread tells the analysis, under live.mu. */
struct lif_shared {
	int		 have_stats;
	uint64_t	 recv, drop, ifdrop;
	int		 failed;
	char		 error[512];
	int		 tee_failed;
	char		 tee_error[512];
};

struct lif {
	struct live_if	 pub;		/* the analysis thread's */
	struct live	*l;
	pcap_t		*p;		/* the capture thread's while it runs */
	pcap_dumper_t	*dump;
	int		 fd;		/* pcap_get_selectable_fd */
	uint64_t	 taken;		/* frames queued (the capture thread) */
	struct lif_shared sh;
};

struct live {
	struct source_set *src;
	struct live_opts   o;
	struct lif	   ifs[LIVE_MAX_IFS];
	size_t		   nifs;
	uint64_t	   total;	/* frames handed on, every interface */
	int		   stop;
	/* the capture thread */
	struct pktq	  *q;
	pthread_t	   thread;
	int		   started, running;	/* running: not joined yet */
	atomic_int	   quit;	/* asked to end */
	pthread_mutex_t	   mu;
	int		   done;	/* (mu) it ended by itself */
	uint64_t	   taken;	/* frames queued, every interface */
	int		   have_ts;
	int64_t		   last_ts;	/* latest frame timestamp */
	int64_t		   last_mono;	/* monotonic time of the round it came in */
	int64_t		   floor;	/* live_now() never below this */
	int64_t		   next_tick;	/* monotonic */
};

static void	capture_end(struct live *);

/* Signals reach the loop through a self-pipe polled with the handles, so
 * a signal between the flag test and poll() is never lost. */
static int sig_pipe[2] = { -1, -1 };
static volatile sig_atomic_t sig_stop, sig_stats;

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

/* Copy, cutting silently (labels are at most VANTAGE_LABEL_MAX). */
static void
copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memmove(dst, src, n);
	dst[n] = '\0';
}

static int64_t
clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

/* Link types the dissectors handle (frame.h); live handles give DLT_*. */
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

struct live *
live_new(struct source_set *src, const struct live_opts *o)
{
	struct live *l = calloc(1, sizeof(*l));

	if (l == NULL)
		return NULL;
	l->src = src;
	l->o = *o;
	if (l->o.snaplen <= 0)
		l->o.snaplen = LIVE_DEFAULT_SNAPLEN;
	atomic_init(&l->quit, 0);
	if (pthread_mutex_init(&l->mu, NULL) != 0) {
		free(l);
		return NULL;
	}
	return l;
}

static int
flush_dump(struct lif *i, char *errbuf, size_t errlen)
{
	if (i->dump == NULL)
		return 0;
	if (pcap_dump_flush(i->dump) < 0 || ferror(pcap_dump_file(i->dump))) {
		msg(errbuf, errlen, "writing %s: %s", i->pub.dump_path,
		    strerror(errno ? errno : EIO));
		return EX_IOERR;
	}
	return 0;
}

void
live_free(struct live *l)
{
	size_t k;

	if (l == NULL)
		return;
	capture_end(l);
	for (k = 0; k < l->nifs; k++) {
		struct lif *i = &l->ifs[k];

		if (i->dump != NULL)
			pcap_dump_close(i->dump);
		if (i->p != NULL)
			pcap_close(i->p);
	}
	pktq_free(l->q);
	pthread_mutex_destroy(&l->mu);
	free(l);
}

/* The binary's own path for the setcap hint. */
static void
self_path(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);

	if (n <= 0) {
		snprintf(buf, size, "tunnelscope");
		return;
	}
	buf[n] = '\0';
}

/* "N" as printed by -D: the Nth interface of pcap_findalldevs(). */
static int
by_number(const char *s, char *name, size_t size, char *errbuf,
    size_t errlen)
{
	char e[PCAP_ERRBUF_SIZE] = "";
	pcap_if_t *all, *d;
	unsigned long n = strtoul(s, NULL, 10), k = 1;

	if (pcap_findalldevs(&all, e) < 0) {
		msg(errbuf, errlen, "cannot list the interfaces: %s", e);
		return EX_UNAVAILABLE;
	}
	for (d = all; d != NULL && k < n; d = d->next)
		k++;
	if (n == 0 || d == NULL) {
		pcap_freealldevs(all);
		msg(errbuf, errlen, "no interface number %s (tunnelscope -D "
		    "lists them)", s);
		return EX_UNAVAILABLE;
	}
	snprintf(name, size, "%s", d->name);
	pcap_freealldevs(all);
	return 0;
}

/* libpcap's activation errors in words, with sysexits(3) codes. */
static int
activate_error(const struct live *l, pcap_t *p, int rc, const char *name,
    char *errbuf, size_t errlen)
{
	char self[PATH_MAX];
	const char *why = pcap_geterr(p);

	switch (rc) {
	case PCAP_ERROR_NO_SUCH_DEVICE:
		msg(errbuf, errlen, "no such interface: %s (tunnelscope -D "
		    "lists the interfaces)", name);
		return EX_UNAVAILABLE;
	case PCAP_ERROR_PERM_DENIED:
		self_path(self, sizeof(self));
		msg(errbuf, errlen, "no permission to capture on %s: run as "
		    "root or `setcap cap_net_raw,cap_net_admin=eip %s`",
		    name, self);
		return EX_NOPERM;
	case PCAP_ERROR_PROMISC_PERM_DENIED:
		msg(errbuf, errlen, "no permission to put %s in promiscuous "
		    "mode: run as root or with cap_net_admin, or capture "
		    "without promiscuous mode (-p)", name);
		return EX_NOPERM;
	case PCAP_ERROR_IFACE_NOT_UP:
		msg(errbuf, errlen, "interface %s is down: bring it up (ip "
		    "link set %s up) and try again", name, name);
		return EX_UNAVAILABLE;
	case PCAP_ERROR_RFMON_NOTSUP:
		msg(errbuf, errlen, "%s cannot capture in monitor mode: %s",
		    name, why);
		return EX_UNAVAILABLE;
	default:
		/* the ring buffer is allocated at activation: a refused -B
		 * shows up here as an allocation or mmap failure */
		if (l->o.buffer_kib > 0 && (strstr(why, "ring") != NULL ||
		    strstr(why, "buffer") != NULL ||
		    strstr(why, "memory") != NULL)) {
			msg(errbuf, errlen, "capture buffer of %d KiB (-B) "
			    "refused on %s: %s; try a smaller -B",
			    l->o.buffer_kib, name, why);
			return EX_UNAVAILABLE;
		}
		msg(errbuf, errlen, "cannot capture on %s: %s", name,
		    why[0] ? why : pcap_statustostr(rc));
		return EX_UNAVAILABLE;
	}
}

/* Activation warnings: capture goes on, the user hears why it differs. */
static void
activate_warning(pcap_t *p, int rc, const char *name, char *errbuf,
    size_t errlen)
{
	switch (rc) {
	case PCAP_WARNING_PROMISC_NOTSUP:
		msg(errbuf, errlen, "warning: %s cannot be put in promiscuous "
		    "mode: only traffic to and from this host is seen (%s)",
		    name, pcap_geterr(p));
		break;
	case PCAP_WARNING_TSTAMP_TYPE_NOTSUP:
		msg(errbuf, errlen, "warning: %s: time stamp type not "
		    "supported, the default is used", name);
		break;
	default:
		msg(errbuf, errlen, "warning: %s: %s", name, pcap_geterr(p));
		break;
	}
}

static int
setup(struct live *l, pcap_t *p, const char *name, char *errbuf,
    size_t errlen)
{
	int rc;

	/* Not immediate mode: in it Linux hands over every frame in a slot
	 * of the largest frame's size (a 9000-byte MTU leaves 256 MiB room
	 * for 29,000 frames) and wakes the reader for each; in blocks the
	 * same buffer holds a burst by its bytes. */
	if (pcap_set_snaplen(p, l->o.snaplen) != 0 ||
	    pcap_set_promisc(p, l->o.promisc) != 0 ||
	    pcap_set_timeout(p, BLOCK_MS) != 0 ||
	    (l->o.buffer_kib > 0 &&
	    pcap_set_buffer_size(p, l->o.buffer_kib * 1024) != 0)) {
		msg(errbuf, errlen, "cannot set up capture on %s: %s", name,
		    pcap_geterr(p));
		return EX_UNAVAILABLE;
	}
	/* nanoseconds where the platform has them; microseconds otherwise */
	(void)pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO);
	rc = pcap_activate(p);
	if (rc < 0)
		return activate_error(l, p, rc, name, errbuf, errlen);
	if (rc > 0)
		activate_warning(p, rc, name, errbuf, errlen);
	return 0;
}

static int
set_filter(struct live *l, struct lif *i, char *errbuf, size_t errlen)
{
	char e[PCAP_ERRBUF_SIZE];
	struct bpf_program prog;
	bpf_u_int32 net = 0, mask = PCAP_NETMASK_UNKNOWN;

	if (l->o.filter == NULL || l->o.filter[0] == '\0')
		return 0;
	/* the netmask only matters for "ip broadcast" */
	if (pcap_lookupnet(i->pub.name, &net, &mask, e) < 0)
		mask = PCAP_NETMASK_UNKNOWN;
	if (pcap_compile(i->p, &prog, l->o.filter, 1, mask) < 0) {
		msg(errbuf, errlen, "bad filter expression \"%s\" on %s: %s",
		    l->o.filter, i->pub.name, pcap_geterr(i->p));
		return EX_USAGE;
	}
	if (pcap_setfilter(i->p, &prog) < 0) {
		msg(errbuf, errlen, "cannot set the filter on %s: %s",
		    i->pub.name, pcap_geterr(i->p));
		pcap_freecode(&prog);
		return EX_UNAVAILABLE;
	}
	pcap_freecode(&prog);
	return 0;
}

int
live_add(struct live *l, const char *spec, char *errbuf, size_t errlen)
{
	char e[PCAP_ERRBUF_SIZE] = "", warn[512] = "";
	const char *eq = strchr(spec, '='), *ifs = spec;
	struct lif *i;
	size_t llen = 0, k;
	int rc, v;

	if (errbuf != NULL && errlen > 0)
		errbuf[0] = '\0';
	if (l->nifs >= LIVE_MAX_IFS) {
		msg(errbuf, errlen, "at most %d interfaces", LIVE_MAX_IFS);
		return EX_USAGE;
	}
	i = &l->ifs[l->nifs];
	memset(i, 0, sizeof(*i));
	i->l = l;
	i->fd = -1;
	if (eq != NULL) {
		llen = (size_t)(eq - spec);
		ifs = eq + 1;
	}
	if (*ifs == '\0' || llen >= sizeof(i->pub.label) ||
	    strlen(ifs) >= sizeof(i->pub.name)) {
		msg(errbuf, errlen, "-i %s: expected [label=]interface", spec);
		return EX_USAGE;
	}
	if (strspn(ifs, "0123456789") == strlen(ifs)) {
		if ((rc = by_number(ifs, i->pub.name, sizeof(i->pub.name),
		    errbuf, errlen)) != 0)
			return rc;
	} else
		snprintf(i->pub.name, sizeof(i->pub.name), "%s", ifs);
	if (llen > 0) {
		memcpy(i->pub.label, spec, llen);
		i->pub.label[llen] = '\0';
	} else
		copy(i->pub.label, sizeof(i->pub.label), i->pub.name);
	for (k = 0; k < l->nifs; k++)
		if (strcmp(l->ifs[k].pub.name, i->pub.name) == 0) {
			msg(errbuf, errlen, "-i %s: interface %s given twice",
			    spec, i->pub.name);
			return EX_USAGE;
		}
	if ((i->p = pcap_create(i->pub.name, e)) == NULL) {
		msg(errbuf, errlen, "cannot capture on %s: %s", i->pub.name,
		    e);
		return EX_UNAVAILABLE;
	}
	rc = setup(l, i->p, i->pub.name, warn, sizeof(warn));
	if (rc == 0 && !link_supported(pcap_datalink(i->p))) {
		const char *n = pcap_datalink_val_to_name(pcap_datalink(i->p));

		msg(warn, sizeof(warn), "cannot analyse %s: link type %d (%s)"
		    " is not one tunnelscope dissects", i->pub.name,
		    pcap_datalink(i->p), n != NULL ? n : "unknown");
		rc = EX_UNAVAILABLE;
	}
	if (rc == 0)
		rc = set_filter(l, i, warn, sizeof(warn));
	if (rc == 0 && pcap_setnonblock(i->p, 1, e) < 0) {
		msg(warn, sizeof(warn), "cannot capture on %s: %s",
		    i->pub.name, e);
		rc = EX_UNAVAILABLE;
	}
	if (rc == 0 && (i->fd = pcap_get_selectable_fd(i->p)) < 0) {
		msg(warn, sizeof(warn), "cannot poll %s", i->pub.name);
		rc = EX_UNAVAILABLE;
	}
	msg(errbuf, errlen, "%s", warn);
	if (rc != 0) {
		pcap_close(i->p);
		i->p = NULL;
		return rc;
	}
	i->pub.linktype = pcap_datalink(i->p);
	i->pub.snaplen = pcap_snapshot(i->p);
	i->pub.nsec = pcap_get_tstamp_precision(i->p) ==
	    PCAP_TSTAMP_PRECISION_NANO;
	v = source_add_live(l->src, i->pub.label, i->pub.name,
	    i->pub.linktype, (uint32_t)i->pub.snaplen, i->pub.nsec, e,
	    sizeof(e));
	if (v < 0) {
		msg(errbuf, errlen, "%s", e);
		pcap_close(i->p);
		i->p = NULL;
		return EX_USAGE;
	}
	i->pub.vantage = (uint32_t)v;
	i->pub.input = source_ninputs(l->src) - 1;
	/* the source table may have made the label unique */
	copy(i->pub.label, sizeof(i->pub.label),
	    source_vantage(l->src, (size_t)v)->label);
	l->nifs++;
	return 0;
}

/* "cap.pcap" + "wan" -> "cap-wan.pcap"; no extension: "cap-wan". */
static int
dump_name(char *out, size_t size, const char *path, const char *label)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash != NULL ? slash + 1 : path, '.');
	int n;

	if (dot == NULL || dot == (slash != NULL ? slash + 1 : path))
		n = snprintf(out, size, "%s-%s", path, label);
	else
		n = snprintf(out, size, "%.*s-%s%s", (int)(dot - path), path,
		    label, dot);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int
live_open_output(struct live *l, char *errbuf, size_t errlen)
{
	size_t k;

	if (l->o.write == NULL)
		return 0;
	for (k = 0; k < l->nifs; k++) {
		struct lif *i = &l->ifs[k];

		if (l->nifs == 1)
			snprintf(i->pub.dump_path, sizeof(i->pub.dump_path),
			    "%s", l->o.write);
		else if (dump_name(i->pub.dump_path, sizeof(i->pub.dump_path),
		    l->o.write, i->pub.label) < 0) {
			msg(errbuf, errlen, "-w %s: name too long", l->o.write);
			return EX_CANTCREAT;
		}
		/* the handle's link type, snaplen and time stamp precision:
		 * every frame is written as captured */
		if ((i->dump = pcap_dump_open(i->p, i->pub.dump_path)) ==
		    NULL) {
			msg(errbuf, errlen, "cannot create %s: %s",
			    i->pub.dump_path, pcap_geterr(i->p));
			return EX_CANTCREAT;
		}
	}
	return 0;
}

static void
on_signal(int sig)
{
	int saved = errno;

	if (sig == SIGUSR1)
		sig_stats = 1;
	else
		sig_stop = 1;
	if (sig_pipe[1] >= 0)
		(void)!write(sig_pipe[1], "", 1);
	errno = saved;
}

int
live_signals(struct live *l)
{
	struct sigaction sa;
	int k;

	(void)l;
	if (sig_pipe[0] < 0) {
		if (pipe(sig_pipe) < 0)
			return -1;
		for (k = 0; k < 2; k++) {
			(void)fcntl(sig_pipe[k], F_SETFL,
			    fcntl(sig_pipe[k], F_GETFL) | O_NONBLOCK);
			(void)fcntl(sig_pipe[k], F_SETFD, FD_CLOEXEC);
		}
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) < 0 ||
	    sigaction(SIGTERM, &sa, NULL) < 0 ||
	    sigaction(SIGUSR1, &sa, NULL) < 0)
		return -1;
	return 0;
}

/* ---- the capture thread ---- */

static int
remaining(const struct live *l, uint64_t done)
{
	if (l->o.count == 0)
		return LIVE_BATCH;
	if (done >= l->o.count)
		return 0;
	return l->o.count - done < LIVE_BATCH ?
	    (int)(l->o.count - done) : LIVE_BATCH;
}

/* Wait for the analysis to make room.  0, or -1 when asked to quit. */
static int
wait_room(struct live *l, uint32_t caplen)
{
	struct pollfd pfd;

	pktq_notify(l->q);
	if (atomic_load(&l->quit))
		return -1;
	if (pktq_producer_full(l->q, caplen))
		return 0;
	pfd.fd = pktq_producer_fd(l->q);
	pfd.events = POLLIN;
	pfd.revents = 0;
	(void)poll(&pfd, 1, STATS_MS);
	pktq_producer_awake(l->q);
	return 0;
}

/*
 * One captured frame: queue it, then tee it.  When the queue is full the
 * analysis is behind: the thread waits, and the burst stays in the kernel's
 * buffer (-B), where a drop is counted by pcap_stats(), rather than being
 * dropped here unseen.
 */
static void
got(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct lif *i = (struct lif *)user;
	struct live *l = i->l;
	struct pktq_rec r;

	r.ts_ns = (int64_t)h->ts.tv_sec * NS_PER_S +
	    (int64_t)h->ts.tv_usec * (i->pub.nsec ? 1 : 1000);
	r.number = i->taken + 1;
	r.caplen = h->caplen;
	if (r.caplen > pktq_max_frame(l->q))
		r.caplen = (uint32_t)pktq_max_frame(l->q);
	r.len = h->len;
	r.iface = (uint32_t)(i - l->ifs);
	r.size = 0;
	while (pktq_push(l->q, &r, bytes) != 0)
		if (wait_room(l, r.caplen) < 0)
			return;		/* stopping: never taken */
	i->taken++;
	l->taken++;
	if (i->dump != NULL)
		pcap_dump((u_char *)i->dump, h, bytes);
}

static void
fail(struct live *l, struct lif *i, const char *why)
{
	pthread_mutex_lock(&l->mu);
	i->sh.failed = 1;
	msg(i->sh.error, sizeof(i->sh.error), "capture on %s stopped: %s",
	    i->pub.name, why);
	pthread_mutex_unlock(&l->mu);
}

/* Read what one interface has, at most one batch. */
static void
dispatch(struct live *l, struct lif *i)
{
	int cnt = remaining(l, l->taken);

	if (cnt > 0 && pcap_dispatch(i->p, cnt, got, (u_char *)i) ==
	    PCAP_ERROR)
		fail(l, i, pcap_geterr(i->p));
}

/* pcap_stats() and the tee files, handed to the analysis under mu. */
static void
publish(struct live *l)
{
	char e[512] = "";
	struct pcap_stat ps;
	size_t k;

	for (k = 0; k < l->nifs; k++) {
		struct lif *i = &l->ifs[k];
		int have = pcap_stats(i->p, &ps) == 0;
		int bad = flush_dump(i, e, sizeof(e)) != 0;

		pthread_mutex_lock(&l->mu);
		if (have) {
			i->sh.have_stats = 1;
			i->sh.recv = ps.ps_recv;
			i->sh.drop = ps.ps_drop;
			i->sh.ifdrop = ps.ps_ifdrop;
		}
		if (bad && !i->sh.tee_failed) {
			i->sh.tee_failed = 1;
			msg(i->sh.tee_error, sizeof(i->sh.tee_error), "%s", e);
		}
		pthread_mutex_unlock(&l->mu);
	}
}

/* One poll() over every live handle and the thread's wake-up pipe.
 * Returns the handles still capturing. */
static size_t
capture_round(struct live *l, int timeout_ms)
{
	struct pollfd pfd[LIVE_MAX_IFS + 1];
	size_t map[LIVE_MAX_IFS], n = 0, k;
	int failed;

	for (k = 0; k < l->nifs; k++) {
		pthread_mutex_lock(&l->mu);
		failed = l->ifs[k].sh.failed;
		pthread_mutex_unlock(&l->mu);
		if (failed)
			continue;
		pfd[n].fd = l->ifs[k].fd;
		pfd[n].events = POLLIN;
		pfd[n].revents = 0;
		map[n++] = k;
	}
	if (n == 0)
		return 0;
	pfd[n].fd = pktq_producer_fd(l->q);
	pfd[n].events = POLLIN;
	pfd[n].revents = 0;
	if (poll(pfd, (nfds_t)n + 1, timeout_ms) < 0 && errno != EINTR) {
		fail(l, &l->ifs[map[0]], strerror(errno));
		return n - 1;
	}
	if (pfd[n].revents)
		pktq_producer_awake(l->q);
	for (k = 0; k < n; k++)
		if (pfd[k].revents)
			dispatch(l, &l->ifs[map[k]]);
	pktq_notify(l->q);
	return n;
}

static void *
capture_main(void *arg)
{
	struct live *l = arg;
	int64_t next = 0, now;

#ifdef __linux__
	/* bench-live and top(1) find the thread by this name */
	(void)prctl(PR_SET_NAME, "ts-capture", 0, 0, 0);
#endif
	while (!atomic_load(&l->quit) && remaining(l, l->taken) > 0) {
		if (capture_round(l, STATS_MS) == 0)
			break;
		if ((now = clock_ns(CLOCK_MONOTONIC)) >= next) {
			publish(l);
			next = now + STATS_MS * NS_PER_MS;
		}
	}
	/* Asked to stop: what the kernel holds in a block not yet handed
	 * over was captured before the stop; wait for the block's timeout
	 * and take it (the queue may be full: then it is not waited for). */
	if (remaining(l, l->taken) > 0)
		(void)capture_round(l, BLOCK_MS + 20);
	publish(l);
	pthread_mutex_lock(&l->mu);
	l->done = 1;
	pthread_mutex_unlock(&l->mu);
	pktq_wake_consumer(l->q);
	return NULL;
}

/* Start the capture thread with every signal blocked in it: they are the
 * analysis thread's, through the self-pipe. */
static int
capture_start(struct live *l)
{
	size_t bytes = (size_t)l->o.buffer_kib * 1024, k;
	sigset_t all, old;
	int rc;

	l->started = 1;
	if (bytes < QUEUE_MIN)
		bytes = QUEUE_MIN;
	for (k = 0; k < l->nifs; k++)
		if (bytes < (size_t)l->ifs[k].pub.snaplen * 4 + 4096)
			bytes = (size_t)l->ifs[k].pub.snaplen * 4 + 4096;
	if ((l->q = pktq_new(bytes)) == NULL) {
		msg(l->ifs[0].pub.error, sizeof(l->ifs[0].pub.error),
		    "cannot allocate the capture queue (%zu bytes)", bytes);
		return -1;
	}
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&l->thread, NULL, capture_main, l);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		msg(l->ifs[0].pub.error, sizeof(l->ifs[0].pub.error),
		    "cannot start the capture thread: %s", strerror(rc));
		return -1;
	}
	l->running = 1;
	return 0;
}

/* Ask the capture thread to stop and wait for it. */
static void
capture_end(struct live *l)
{
	if (!l->running)
		return;
	atomic_store(&l->quit, 1);
	pktq_wake_producer(l->q);
	pthread_join(l->thread, NULL);
	l->running = 0;
}

/* ---- the analysis side ---- */

/* What the capture thread published, into the front end's view.  Returns
 * LIVE_EV_ERROR when an interface failed since the last call. */
static int
sync_shared(struct live *l)
{
	size_t k;
	int ev = 0;

	pthread_mutex_lock(&l->mu);
	for (k = 0; k < l->nifs; k++) {
		struct lif *i = &l->ifs[k];

		if (i->sh.have_stats) {
			i->pub.have_stats = 1;
			i->pub.recv = i->sh.recv;
			i->pub.drop = i->sh.drop;
			i->pub.ifdrop = i->sh.ifdrop;
		}
		if (i->sh.failed && !i->pub.failed) {
			i->pub.failed = 1;
			copy(i->pub.error, sizeof(i->pub.error), i->sh.error);
			ev |= LIVE_EV_ERROR;
		}
	}
	pthread_mutex_unlock(&l->mu);
	return ev;
}

/* Frames from the queue to on_frame, at most max. */
static size_t
hand_on(struct live *l, size_t max)
{
	const struct pktq_rec *r;
	const uint8_t *data;
	size_t n = 0;

	while (n < max && (r = pktq_peek(l->q, &data)) != NULL) {
		struct lif *i = &l->ifs[r->iface];
		struct input_info *in = source_live_info(l->src, i->pub.input);
		struct frame f;

		i->pub.captured++;
		i->pub.bytes += r->len;
		l->total++;
		if (in != NULL) {
			if (in->records++ == 0)
				in->first_ts = r->ts_ns;
			in->accepted++;
			in->last_ts = r->ts_ns;
		}
		if (!l->have_ts || r->ts_ns > l->last_ts) {
			l->last_ts = r->ts_ns;
			l->have_ts = 1;
		}
		f.vantage = i->pub.vantage;
		f.number = r->number;
		f.ts_ns = r->ts_ns;
		f.caplen = r->caplen;
		f.len = r->len;
		f.linktype = i->pub.linktype;
		f.data = data;
		if (l->o.on_frame != NULL)
			l->o.on_frame(l->o.arg, &f);
		pktq_pop(l->q);
		n++;
	}
	return n;
}

static int
queue_empty(struct live *l)
{
	const uint8_t *data;

	return l->q == NULL || pktq_peek(l->q, &data) == NULL;
}

/* Every frame the capture thread queued is analysed before the end. */
static int
finish(struct live *l)
{
	capture_end(l);
	if (l->q != NULL)
		while (hand_on(l, SIZE_MAX) > 0)
			;
	return sync_shared(l);
}

int
live_poll(struct live *l, int timeout_ms, int extra_fd)
{
	struct pollfd pfd[3];
	int64_t now = clock_ns(CLOCK_MONOTONIC), left;
	int ev = 0, r, err, q_at = -1, sig_at = -1, extra_at = -1, to, done;
	size_t n = 0, got_n, batch = LIVE_BATCH * (l->nifs ? l->nifs : 1);

	if (!l->started && !l->stop && capture_start(l) < 0) {
		l->ifs[0].pub.failed = 1;
		l->stop = 1;
		return LIVE_EV_STOP | LIVE_EV_ERROR;
	}
	if (l->next_tick == 0)
		l->next_tick = now + NS_PER_S;
	left = l->next_tick - now;
	to = left <= 0 ? 0 : (int)((left + NS_PER_MS - 1) / NS_PER_MS);
	if (timeout_ms >= 0 && timeout_ms < to)
		to = timeout_ms;
	got_n = l->running ? hand_on(l, batch) : 0;
	pthread_mutex_lock(&l->mu);
	done = l->done;
	pthread_mutex_unlock(&l->mu);
	if (got_n > 0 || l->stop || done || remaining(l, l->total) == 0)
		to = 0;
	else if (l->running) {
		if (pktq_consumer_idle(l->q))
			to = 0;
		q_at = (int)n;
		pfd[n].fd = pktq_consumer_fd(l->q);
		pfd[n].events = POLLIN;
		pfd[n++].revents = 0;
	}
	if (sig_pipe[0] >= 0) {
		sig_at = (int)n;
		pfd[n].fd = sig_pipe[0];
		pfd[n].events = POLLIN;
		pfd[n++].revents = 0;
	}
	if (extra_fd >= 0) {
		extra_at = (int)n;
		pfd[n].fd = extra_fd;
		pfd[n].events = POLLIN;
		pfd[n++].revents = 0;
	}
	r = poll(pfd, (nfds_t)n, to);
	err = errno;
	if (q_at >= 0) {
		pktq_consumer_awake(l->q);
		got_n += hand_on(l, batch);
	}
	if (r < 0 && err != EINTR) {
		msg(l->ifs[0].pub.error, sizeof(l->ifs[0].pub.error),
		    "poll: %s", strerror(err));
		l->ifs[0].pub.failed = 1;
		l->stop = 1;
	}
	if (r > 0 && sig_at >= 0 && pfd[sig_at].revents) {
		char buf[64];

		while (read(sig_pipe[0], buf, sizeof(buf)) > 0)
			;
	}
	if (r > 0 && extra_at >= 0 && pfd[extra_at].revents)
		ev |= LIVE_EV_EXTRA;
	ev |= sync_shared(l);
	now = clock_ns(CLOCK_MONOTONIC);
	if (got_n > 0) {
		ev |= LIVE_EV_FRAMES;
		l->last_mono = now;
	}
	if (sig_stats) {
		sig_stats = 0;
		ev |= LIVE_EV_STATS;
		(void)live_refresh_stats(l, NULL, 0);
	}
	if (sig_stop)
		l->stop = 1;
	if (now >= l->next_tick) {
		ev |= LIVE_EV_TICK;
		/* no burst of ticks after a long stall: one, then on time */
		l->next_tick += NS_PER_S;
		if (l->next_tick <= now)
			l->next_tick = now + NS_PER_S;
		(void)live_refresh_stats(l, NULL, 0);
	}
	/* the capture thread ended by itself (-c, every interface failed)
	 * and everything it queued was handed on */
	if (done && got_n == 0 && queue_empty(l))
		l->stop = 1;
	if (remaining(l, l->total) == 0)
		l->stop = 1;
	if (l->stop) {
		if (l->running || l->q != NULL)
			ev |= finish(l);
		if (l->total > 0)
			l->last_mono = clock_ns(CLOCK_MONOTONIC);
		ev |= LIVE_EV_STOP;
	}
	return ev;
}

int64_t
live_now(const struct live *l)
{
	int64_t t;

	if (!l->have_ts)
		t = clock_ns(CLOCK_REALTIME);
	else
		t = l->last_ts + (clock_ns(CLOCK_MONOTONIC) - l->last_mono);
	return t > l->floor ? t : l->floor;
}

void
live_stop(struct live *l)
{
	l->stop = 1;
}

int
live_refresh_stats(struct live *l, char *errbuf, size_t errlen)
{
	size_t k;
	int rc = 0;

	l->floor = live_now(l);
	/* stopping (a front end quits): the thread's last figures */
	if (l->stop)
		capture_end(l);
	if (!l->running && l->started) {
		/* the thread has ended: the handles are this thread's */
		publish(l);
	} else if (!l->started) {
		for (k = 0; k < l->nifs; k++)
			if (rc == 0)
				rc = flush_dump(&l->ifs[k], errbuf, errlen);
		return rc;
	}
	(void)sync_shared(l);
	pthread_mutex_lock(&l->mu);
	for (k = 0; k < l->nifs && rc == 0; k++)
		if (l->ifs[k].sh.tee_failed) {
			msg(errbuf, errlen, "%s", l->ifs[k].sh.tee_error);
			rc = EX_IOERR;
		}
	pthread_mutex_unlock(&l->mu);
	return rc;
}

size_t
live_nifs(const struct live *l)
{
	return l->nifs;
}

const struct live_if *
live_if(const struct live *l, size_t k)
{
	return k < l->nifs ? &l->ifs[k].pub : NULL;
}

void
live_stats_line(const struct live_if *i, char *buf, size_t size)
{
	char who[256];
	size_t n;

	if (strcmp(i->label, i->name) == 0)
		snprintf(who, sizeof(who), "%s", i->name);
	else
		snprintf(who, sizeof(who), "%s (%s)", i->label, i->name);
	if (!i->have_stats) {
		snprintf(buf, size, "%s: %llu packets captured, statistics "
		    "not available", who, (unsigned long long)i->captured);
		return;
	}
	snprintf(buf, size, "%s: %llu packets captured, %llu received by "
	    "filter, %llu dropped by kernel", who,
	    (unsigned long long)i->captured, (unsigned long long)i->recv,
	    (unsigned long long)i->drop);
	n = strlen(buf);
	if (i->ifdrop && n < size)
		snprintf(buf + n, size - n, ", %llu dropped by interface",
		    (unsigned long long)i->ifdrop);
}

void
live_note_limits(struct live *l)
{
	size_t k;

	for (k = 0; k < l->nifs; k++) {
		const struct live_if *i = &l->ifs[k].pub;
		struct input_info *in = source_live_info(l->src, i->input);

		if (in == NULL)
			continue;
		if (i->failed)
			snprintf(in->error, sizeof(in->error), "%s", i->error);
		else if (i->have_stats && (i->drop || i->ifdrop))
			snprintf(in->error, sizeof(in->error), "the kernel "
			    "dropped %llu packets (and the interface %llu) of "
			    "%llu received on %s (pcap_stats): a \"missing "
			    "reply\" may be a capture drop; capture with a "
			    "larger -B or a narrower filter",
			    (unsigned long long)i->drop,
			    (unsigned long long)i->ifdrop,
			    (unsigned long long)i->recv, i->name);
	}
}

/* -D, in tcpdump's format: "1.eth0 [Up, Running, Connected]". */
int
live_list(FILE *fp, char *errbuf, size_t errlen)
{
	char e[PCAP_ERRBUF_SIZE] = "";
	pcap_if_t *all, *d;
	unsigned n = 1;

	if (pcap_findalldevs(&all, e) < 0) {
		msg(errbuf, errlen, "cannot list the interfaces: %s", e);
		return EX_UNAVAILABLE;
	}
	if (all == NULL) {
		msg(errbuf, errlen, "no interfaces to capture on (run as root "
		    "or with cap_net_raw,cap_net_admin)");
		return EX_UNAVAILABLE;
	}
	for (d = all; d != NULL; d = d->next, n++) {
		const char *flags[6];
		unsigned nf = 0, k;
		bpf_u_int32 st = d->flags & PCAP_IF_CONNECTION_STATUS;

		if (d->flags & PCAP_IF_LOOPBACK)
			flags[nf++] = "Loopback";
		if (d->flags & PCAP_IF_UP)
			flags[nf++] = "Up";
		if (d->flags & PCAP_IF_RUNNING)
			flags[nf++] = "Running";
		if (d->flags & PCAP_IF_WIRELESS) {
			flags[nf++] = "Wireless";
			if (st == PCAP_IF_CONNECTION_STATUS_CONNECTED)
				flags[nf++] = "Associated";
			else if (st == PCAP_IF_CONNECTION_STATUS_DISCONNECTED)
				flags[nf++] = "Not associated";
		} else if (st == PCAP_IF_CONNECTION_STATUS_CONNECTED)
			flags[nf++] = "Connected";
		else if (st == PCAP_IF_CONNECTION_STATUS_DISCONNECTED)
			flags[nf++] = "Disconnected";
		fprintf(fp, "%u.%s", n, d->name);
		if (d->description != NULL)
			fprintf(fp, " (%s)", d->description);
		fputs(" [", fp);
		for (k = 0; k < nf; k++)
			fprintf(fp, "%s%s", k ? ", " : "", flags[k]);
		fputs(nf ? "]\n" : "none]\n", fp);
	}
	pcap_freealldevs(all);
	return ferror(fp) ? EX_IOERR : 0;
}

int
live_drop_privileges(const char *user, char *errbuf, size_t errlen)
{
	struct passwd *pw;
	uid_t uid;
	gid_t gid;

	errno = 0;
	if ((pw = getpwnam(user)) == NULL) {
		msg(errbuf, errlen, "-Z %s: no such user", user);
		return EX_USAGE;
	}
	uid = pw->pw_uid;
	gid = pw->pw_gid;
	if (setgroups(0, NULL) < 0) {
		msg(errbuf, errlen, "-Z %s: cannot drop the supplementary "
		    "groups: %s", user, strerror(errno));
		return EX_NOPERM;
	}
	if (setgid(gid) < 0) {
		msg(errbuf, errlen, "-Z %s: cannot change to group %lu: %s",
		    user, (unsigned long)gid, strerror(errno));
		return EX_NOPERM;
	}
	if (setuid(uid) < 0) {
		msg(errbuf, errlen, "-Z %s: cannot change to user %lu: %s",
		    user, (unsigned long)uid, strerror(errno));
		return EX_NOPERM;
	}
	/* trust, but verify: all ids changed and root is gone for good */
	if (getuid() != uid || geteuid() != uid || getgid() != gid ||
	    getegid() != gid || (uid != 0 && setuid(0) == 0)) {
		msg(errbuf, errlen, "-Z %s: privileges were not dropped",
		    user);
		return EX_NOPERM;
	}
	return 0;
}
