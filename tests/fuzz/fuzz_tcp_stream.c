/* fuzz_tcp_stream.c - libFuzzer target: TCP stream reassembly and BGP
 * message framing (src/tcp_stream.c) driven by a sequence of segments.
 *
 * Record flags: bit 0 direction (0: A:40000 -> B:179), bits 1-6 TCP FIN,
 * SYN, RST, PSH, ACK and the MD5 option, bit 7 the payload was snapped
 * (len on the wire > caplen).  Record bytes: sequence offset from the
 * direction's ISN (u32), acknowledgement offset (u32), window (u16),
 * then the payload.  The ISNs sit near 2^32 so sequence numbers wrap.
 */
#include "fuzz.h"
#include "tcp_stream.h"

static uint32_t fz_sum;

/* Touch every byte the stream says it holds: ASan checks the claim. */
static void
fz_msg(void *arg, struct dctx *ctx, const struct tcp_msg *m)
{
	uint32_t i;

	(void)arg;
	(void)ctx;
	for (i = 0; i < m->cap; i++)
		fz_sum += m->base[i];
}

static uint32_t
fz_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t isn[2] = { 0xfffff000u, 0x7ffffff0u };
	static struct packet pkt;
	struct fz_in in = { data, size };
	struct fz_rec r;
	struct tcp_streams *s;
	struct tcp_seg sg;
	struct dctx ctx;
	struct prefs pr;
	unsigned i;

	prefs_default(&pr);
	if ((s = tcp_streams_new(&pr)) == NULL)
		return 0;
	for (i = 0; i < 64 && fz_record(&in, &r); i++) {
		int dir = r.flags & 1;
		uint8_t fl = 0;

		if (r.n < 10)
			continue;
		memset(&sg, 0, sizeof(sg));
		sg.af = 4;
		sg.src[0] = 10; sg.src[3] = dir ? 2 : 1;
		sg.dst[0] = 10; sg.dst[3] = dir ? 1 : 2;
		sg.sport = dir ? 179 : 40000;
		sg.dport = dir ? 40000 : 179;
		sg.seq = isn[dir] + fz_get32(r.p);
		sg.ack = isn[!dir] + fz_get32(r.p + 4);
		sg.win = (uint16_t)(r.p[8] << 8 | r.p[9]);
		if (r.flags & 0x02) fl |= TCP_FIN;
		if (r.flags & 0x04) fl |= TCP_SYN;
		if (r.flags & 0x08) fl |= TCP_RST;
		if (r.flags & 0x10) fl |= TCP_PSH;
		if (r.flags & 0x20) fl |= TCP_ACK;
		sg.flags = fl;
		sg.md5 = (r.flags & 0x40) != 0;
		sg.frame = i + 1;
		sg.ts_ns = (int64_t)(i + 1) * 1000000;
		sg.data = r.p + 10;
		sg.caplen = (uint32_t)(r.n - 10);
		sg.len = sg.caplen + ((r.flags & 0x80) ? 1000 : 0);
		memset(&pkt, 0, sizeof(pkt));
		memset(&ctx, 0, sizeof(ctx));
		ctx.pkt = &pkt;
		tcp_streams_segment(s, &ctx, &sg, fz_msg, NULL, NULL);
	}
	tcp_streams_finish(s, fz_msg, NULL);
	(void)tcp_streams_stats(s);
	tcp_streams_free(s);
	return 0;
}
