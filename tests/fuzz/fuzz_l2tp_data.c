/* fuzz_l2tp_data.c - libFuzzer target: L2TPv3 data messages (RFC 3931
 * §4.1) under every -o l2tp.cookie_size and -o l2tp.l2ss setting.
 *
 * Config byte: bit 0 IPv6; bits 1-2 cookie_size (auto, 0, 4, 8); bits
 * 3-4 l2ss (auto, none, default, auto); bit 5 over IP 115 instead of UDP.
 * Records: data messages (and control ones, so negotiated layouts exist).
 */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct fz_spec udp = { .wrap = FZ_UDP, .sport = 1701,
	    .dport = 1701 };
	static const struct fz_spec ip = { .wrap = FZ_IP, .proto = 115 };
	static const int cookie[4] = { PREFS_AUTO, 0, 4, 8 };
	static const int l2ss[4] = { PREFS_AUTO, 0, 1, PREFS_AUTO };
	struct prefs pr;
	uint8_t cfg;

	if (size < 1)
		return 0;
	cfg = data[0];
	prefs_default(&pr);
	pr.l2tp_cookie_size = cookie[(cfg >> 1) & 3];
	pr.l2tp_l2ss = l2ss[(cfg >> 3) & 3];
	fz_run(data, size, (cfg & 0x20) ? &ip : &udp, &pr);
	return 0;
}
