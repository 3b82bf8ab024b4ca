/* fuzz_icmp.c - libFuzzer target: ICMP (RFC 792) and ICMPv6 (RFC 4443)
 * messages, errors quoting hostile inner headers included. */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct fz_spec sp = { .wrap = FZ_IP, .proto = 1 };
	struct prefs pr;

	prefs_default(&pr);
	fz_run(data, size, &sp, &pr);
	return 0;
}
