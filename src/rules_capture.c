/* rules_capture.c - capture.drops: kernel and interface drops of a live capture (pcap_stats, pcap(3PCAP)). */
#include <stdio.h>
#include <string.h>

#include "diagnose.h"
#include "finding.h"
#include "rules_capture.h"

/*
 * The live loop reads the counters (the rule has nothing to look at in
 * the trackers): evaluate() is empty and capture_drops_report() upserts
 * the capture-wide finding, published with the engine's next pass.
 */
static void
rule_capture_drops(struct engine *eng, int final)
{
	(void)eng;
	(void)final;
}

static const struct rule capture_rules[] = {
	{ "capture.drops", SEV_WARNING, rule_capture_drops,
	  "the kernel or the interface dropped packets during a live "
	  "capture" },
};

int
capture_rules_register(struct engine *eng)
{
	return diag_register(eng, capture_rules,
	    sizeof(capture_rules) / sizeof(capture_rules[0]));
}

void
capture_drops_report(struct engine *eng, const struct capture_drop *d,
    size_t n, int64_t ts)
{
	char text[FINDING_TEXT_MAX];
	struct finding *f;
	uint64_t total = 0;
	size_t i, len = 0;

	for (i = 0; i < n; i++)
		total += d[i].drop + d[i].ifdrop;
	if (total == 0)
		return;
	text[0] = '\0';
	for (i = 0; i < n && len < sizeof(text); i++) {
		int k;

		if (d[i].drop == 0 && d[i].ifdrop == 0)
			continue;
		k = snprintf(text + len, sizeof(text) - len, "%s%s (%s): %llu "
		    "of %llu packets dropped by the kernel, %llu by the "
		    "interface", len ? "; " : "", d[i].label, d[i].ifname,
		    (unsigned long long)d[i].drop,
		    (unsigned long long)d[i].recv,
		    (unsigned long long)d[i].ifdrop);
		if (k < 0)
			break;
		len += (size_t)k;
	}
	if ((f = finding_upsert(eng->findings, &capture_rules[0], NULL,
	    ts)) == NULL)
		return;
	finding_set_title(f, "the capture lost %llu packets (kernel or "
	    "interface drops)", (unsigned long long)total);
	finding_set_text(f, "%s.  Packets the capture dropped never reached "
	    "the analysis: a \"missing reply\" or an unanswered message "
	    "found in this capture may be a capture drop, not the peer's "
	    "silence.", text);
	finding_set_remedy(f, "Capture with a larger buffer (-B, in KiB), "
	    "a narrower filter expression or a smaller snapshot length (-s), "
	    "or capture with dumpcap/tcpdump -w and read the file with -r.");
}
