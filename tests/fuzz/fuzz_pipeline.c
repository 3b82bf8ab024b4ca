/* fuzz_pipeline.c - libFuzzer target: the whole engine on a capture made
 * of the fuzz input: dissection, reassembly, trackers and rules (frames
 * carry timestamps, so timers and rule passes run), then every view that
 * exists (-T decode -vv per frame, -T events, -T status, the summary)
 * into /dev/null.
 *
 * Records: [u16 length][u8 flags][frame bytes].  Flags bits 0-1 link
 * type (Ethernet, raw IP, Linux SLL, SLL2), bit 2 second vantage, bits
 * 3-7 time step: k*k*100 ms (up to ~96 s, past hello and retransmission
 * timers).
 */
#include "fuzz.h"
#include "source.h"
#include "track_l2tp.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int lt[4] = { TS_LINKTYPE_ETHERNET, TS_LINKTYPE_RAW,
	    TS_LINKTYPE_LINUX_SLL, TS_LINKTYPE_LINUX_SLL2 };
	static struct pipeline pl;
	static struct events_view ev;
	struct fz_in in = { data, size };
	struct fz_rec r;
	struct prefs pr;
	struct frame f;
	struct summary_opts so;
	struct view_labels vl;
	struct source_set *src;
	int64_t ts = 1700000000LL * 1000000000LL;
	unsigned i;
	FILE *null = fz_null();

	if (null == NULL || (src = source_new()) == NULL)
		return 0;
	prefs_default(&pr);
	if (fz_pipeline(&pl, &pr) < 0)
		goto out;
	memset(&ev, 0, sizeof(ev));
	ev.fp = null;
	if (out_events_attach(&ev, pl.engine) < 0)
		goto out;
	for (i = 0; i < 32 && fz_record(&in, &r); i++) {
		unsigned k = r.flags >> 3;

		ts += (int64_t)k * k * 100000000LL;
		memset(&f, 0, sizeof(f));
		f.vantage = (r.flags >> 2) & 1;
		f.number = i + 1;
		f.ts_ns = ts;
		f.caplen = f.len = (uint32_t)r.n;
		f.linktype = lt[r.flags & 3];
		f.data = r.p;
		pipeline_frame(&pl, &f);
		fz_render(&pl.pkt);
	}
	pipeline_finish(&pl);
	out_view_labels(&vl, src);
	(void)out_l2tp_status(null, pl.engine, &vl);
	memset(&so, 0, sizeof(so));
	(void)out_summary(null, &so, &pl, src);
out:
	pipeline_free(&pl);
	source_free(src);
	return 0;
}
