/* replay.c - send a capture's frames out of an interface with pcap_inject (tests/live only).
 *
 * usage: replay [-g scale] [-n frames] [-r repeat] [-w seconds] iface file
 *        replay -C [-n frames] [-r repeat] sent.pcap tee.pcap
 *
 *   -g scale    sleep scale times each inter-frame gap of the file
 *               (0, the default: top speed)
 *   -n frames   send only the first frames of the file (a scenario cut
 *               before its ending)
 *   -r repeat   send the file repeat times (overload)
 *   -C          compare instead: tee.pcap must hold exactly the frames
 *               that sending sent.pcap with these -n/-r sends, byte for
 *               byte (timestamps aside); "same N frames" or the first
 *               difference
 *   -w seconds  stay silent that long after the last frame, then exit
 *
 * Frames go out unchanged (their own MACs and addresses: the test's veth
 * pair is isolated in network namespaces).  Prints "sent N frames, B
 * bytes" on stdout; exit 1 on any error.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pcap_t *
open_file(const char *path)
{
	char e[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(path, e);

	if (p == NULL)
		fprintf(stderr, "replay: %s\n", e);
	return p;
}

static int
compare(const char *sent, const char *tee, long long limit, long long repeat)
{
	struct pcap_pkthdr *h1, *h2;
	const u_char *d1, *d2;
	long long n = 0;
	pcap_t *b = open_file(tee);

	if (b == NULL)
		return 1;
	for (long long rep = 0; rep < repeat; rep++) {
		pcap_t *a = open_file(sent);
		long long k = 0;

		if (a == NULL)
			return 1;
		while ((limit == 0 || k < limit) &&
		    pcap_next_ex(a, &h1, &d1) == 1) {
			k++;
			n++;
			if (pcap_next_ex(b, &h2, &d2) != 1) {
				printf("tee ends after %lld frames\n", n - 1);
				return 1;
			}
			if (h1->caplen != h2->caplen || h1->len != h2->len ||
			    memcmp(d1, d2, h1->caplen) != 0) {
				printf("frame %lld differs (%u/%u bytes sent, "
				    "%u/%u in the tee)\n", n, h1->caplen,
				    h1->len, h2->caplen, h2->len);
				return 1;
			}
		}
		pcap_close(a);
	}
	if (pcap_next_ex(b, &h2, &d2) == 1) {
		printf("tee holds more than the %lld frames sent\n", n);
		return 1;
	}
	pcap_close(b);
	printf("same %lld frames\n", n);
	return 0;
}

static void
sleep_ns(long long ns)
{
	struct timespec ts;

	if (ns <= 0)
		return;
	ts.tv_sec = (time_t)(ns / 1000000000LL);
	ts.tv_nsec = (long)(ns % 1000000000LL);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

int
main(int argc, char **argv)
{
	char e[PCAP_ERRBUF_SIZE];
	double scale = 0;
	long long limit = 0, repeat = 1, wait_s = 0, sent = 0, bytes = 0;
	pcap_t *out;
	int ch, cmp = 0;

	while ((ch = getopt(argc, argv, "Cg:n:r:w:")) != -1) {
		switch (ch) {
		case 'C':
			cmp = 1;
			break;
		case 'g':
			scale = atof(optarg);
			break;
		case 'n':
			limit = atoll(optarg);
			break;
		case 'r':
			repeat = atoll(optarg);
			break;
		case 'w':
			wait_s = atoll(optarg);
			break;
		default:
			fprintf(stderr, "usage: replay [-g scale] [-n frames] "
			    "[-r repeat] [-w seconds] iface file\n");
			return 1;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "replay: need an interface and a file\n");
		return 1;
	}
	if (cmp)
		return compare(argv[optind], argv[optind + 1], limit, repeat);
	if ((out = pcap_create(argv[optind], e)) == NULL ||
	    pcap_set_snaplen(out, 64) != 0 || pcap_activate(out) < 0) {
		fprintf(stderr, "replay: %s: %s\n", argv[optind],
		    out != NULL ? pcap_geterr(out) : e);
		return 1;
	}
	for (long long rep = 0; rep < repeat; rep++) {
		struct pcap_pkthdr *h;
		const u_char *d;
		long long prev = -1, n = 0;
		pcap_t *in;
		int r;

		in = pcap_open_offline_with_tstamp_precision(argv[optind + 1],
		    PCAP_TSTAMP_PRECISION_NANO, e);
		if (in == NULL) {
			fprintf(stderr, "replay: %s\n", e);
			return 1;
		}
		while ((limit == 0 || n < limit) &&
		    (r = pcap_next_ex(in, &h, &d)) == 1) {
			long long t = (long long)h->ts.tv_sec * 1000000000LL +
			    h->ts.tv_usec;

			if (scale > 0 && prev >= 0 && t > prev)
				sleep_ns((long long)((double)(t - prev) *
				    scale));
			prev = t;
			/* top speed may fill the device queue: retry */
			while (pcap_inject(out, d, h->caplen) < 0) {
				if (strstr(pcap_geterr(out), "No buffer") ==
				    NULL) {
					fprintf(stderr, "replay: inject: %s\n",
					    pcap_geterr(out));
					return 1;
				}
				sleep_ns(100000);
			}
			n++;
			sent++;
			bytes += h->caplen;
		}
		pcap_close(in);
	}
	printf("sent %lld frames, %lld bytes\n", sent, bytes);
	fflush(stdout);
	sleep_ns(wait_s * 1000000000LL);
	pcap_close(out);
	return 0;
}
