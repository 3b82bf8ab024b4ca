/* floor.c - the libpcap read floor of the benchmark: a pcap_next_ex()
 * loop that touches nothing but the record headers (issue #10).
 *
 * usage: floor [-b] [-c count] [-w out.pcap] file
 * With -w the first count records are also written to out.pcap (the
 * benchmark cuts its 300 k and 1 M prefixes this way).  F is libpcap's
 * default, pcap_open_offline(), whose stdio stream reads 4 KiB at a
 * time; -b reads through a 256 KiB buffer instead, as tunnelscope does
 * (a reference row of the benchmark, not F).
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *p;
	pcap_dumper_t *w = NULL;
	const char *out = NULL;
	unsigned long long n = 0, bytes = 0, max = 0;
	int ch, rc, big = 0;
	static char buf[256 * 1024];
	FILE *fp;

	while ((ch = getopt(argc, argv, "bc:w:")) != -1) {
		switch (ch) {
		case 'b': big = 1; break;
		case 'c': max = strtoull(optarg, NULL, 10); break;
		case 'w': out = optarg; break;
		default:
			fputs("usage: floor [-b] [-c count] [-w out] file\n",
			    stderr);
			return 64;
		}
	}
	if (optind + 1 != argc) {
		fputs("usage: floor [-b] [-c count] [-w out] file\n", stderr);
		return 64;
	}
	if (big) {
		if ((fp = fopen(argv[optind], "rb")) == NULL) {
			perror(argv[optind]);
			return 66;
		}
		/* glibc uses the size only with a buffer given */
		setvbuf(fp, buf, _IOFBF, sizeof(buf));
		p = pcap_fopen_offline(fp, err);
	} else
		p = pcap_open_offline(argv[optind], err);
	if (p == NULL) {
		fprintf(stderr, "floor: %s\n", err);
		return 66;
	}
	if (out != NULL && (w = pcap_dump_open(p, out)) == NULL) {
		fprintf(stderr, "floor: %s\n", pcap_geterr(p));
		return 73;
	}
	while ((max == 0 || n < max) &&
	    (rc = pcap_next_ex(p, &h, &data)) == 1) {
		n++;
		bytes += h->caplen;
		if (w != NULL)
			pcap_dump((u_char *)w, h, data);
	}
	if (w != NULL)
		pcap_dump_close(w);
	printf("floor: %llu frames, %llu bytes\n", n, bytes);
	pcap_close(p);
	return 0;
}
