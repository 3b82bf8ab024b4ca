/* fuzz_ipv6.c - libFuzzer target: IPv6 packets (EtherType 0x86dd), extension headers, fragments joined by a real reasm. */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct fz_spec sp = { .wrap = FZ_RAW, .table = DT_ETHERTYPE, .key = 0x86dd, .linktype = TS_LINKTYPE_IPV6 };
	struct prefs pr;

	prefs_default(&pr);
	fz_run(data, size, &sp, &pr);
	return 0;
}
