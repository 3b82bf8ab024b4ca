/* fuzz_l2tp_ctl_ip.c - libFuzzer target: L2TPv3 control connections over IP protocol 115 (RFC 3931 §4.1.1.1). */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct fz_spec sp = { .wrap = FZ_IP, .proto = 115 };
	struct prefs pr;

	prefs_default(&pr);
	fz_run(data, size, &sp, &pr);
	return 0;
}
