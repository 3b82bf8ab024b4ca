/* fuzz_l2tp_ctl_udp.c - libFuzzer target: L2TPv3 control connections over UDP 1701 (RFC 3931 §4.1.2). */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct fz_spec sp = { .wrap = FZ_UDP, .sport = 1701, .dport = 1701 };
	struct prefs pr;

	prefs_default(&pr);
	fz_run(data, size, &sp, &pr);
	return 0;
}
