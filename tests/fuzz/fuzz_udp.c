/* fuzz_udp.c - libFuzzer target: UDP headers and payloads (IP protocol 17 entry). */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct fz_spec sp = { .wrap = FZ_RAW, .table = DT_IPPROTO, .key = 17, .linktype = TS_LINKTYPE_RAW };
	struct prefs pr;

	prefs_default(&pr);
	fz_run(data, size, &sp, &pr);
	return 0;
}
