/* fuzz_ipv4.c - libFuzzer target: IPv4 datagrams (EtherType 0x0800), fragments joined by a real reasm. */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct fz_spec sp = { .wrap = FZ_RAW, .table = DT_ETHERTYPE, .key = 0x0800, .linktype = TS_LINKTYPE_IPV4 };
	struct prefs pr;

	prefs_default(&pr);
	fz_run(data, size, &sp, &pr);
	return 0;
}
