/* fuzz_eth.c - libFuzzer target: Ethernet frames (LINKTYPE_ETHERNET) and all they carry. */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct fz_spec sp = { .wrap = FZ_RAW, .table = DT_LINKTYPE, .key = TS_LINKTYPE_ETHERNET, .linktype = TS_LINKTYPE_ETHERNET };
	struct prefs pr;

	prefs_default(&pr);
	fz_run(data, size, &sp, &pr);
	return 0;
}
