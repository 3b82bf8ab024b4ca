/* fuzz_pcapng.c - libFuzzer target: the pcapng block reader (src/pcapng.c)
 * over a file made of the fuzz input (fmemopen: the reader takes a FILE). */
#include "fuzz.h"
#include "pcapng.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pcapng_reader rd;
	struct pcapng_pkt pkt;
	char err[256];
	unsigned i;
	uint32_t sum = 0;
	FILE *fp;

	if (size == 0 || (fp = fmemopen((void *)(uintptr_t)data, size, "rb")) ==
	    NULL)
		return 0;
	pcapng_init(&rd, fp);
	/* bounded: every block is at least 12 bytes of input */
	for (i = 0; i < 100000; i++) {
		int ev = pcapng_next(&rd, &pkt, err, sizeof(err));
		uint32_t j;

		if (ev == PCAPNG_ERROR || ev == PCAPNG_EOF)
			break;
		if (ev != PCAPNG_PACKET)
			continue;
		/* every byte the reader hands out must be readable */
		for (j = 0; j < pkt.caplen; j++)
			sum += pkt.data[j];
		if (pkt.ifidx < rd.nifs)
			(void)pcapng_if_nsec(&rd.ifs[pkt.ifidx]);
	}
	(void)sum;
	pcapng_free(&rd);
	fclose(fp);
	return 0;
}
