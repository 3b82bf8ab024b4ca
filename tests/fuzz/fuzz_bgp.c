/* fuzz_bgp.c - libFuzzer target: BGP messages through the TCP stream path (port 179). */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct fz_spec sp = { .wrap = FZ_TCP, .sport = 40000, .dport = 179 };
	struct prefs pr;

	prefs_default(&pr);
	fz_run(data, size, &sp, &pr);
	return 0;
}
