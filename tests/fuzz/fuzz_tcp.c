/* fuzz_tcp.c - libFuzzer target: TCP headers, options and payloads inside a synthetic IP header. */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct fz_spec sp = { .wrap = FZ_IP, .proto = 6 };
	struct prefs pr;

	prefs_default(&pr);
	fz_run(data, size, &sp, &pr);
	return 0;
}
