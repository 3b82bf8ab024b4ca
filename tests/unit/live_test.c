/* live_test.c - live capture helpers: tcpdump's stats words, capture.drops, -Z. */
#include <string.h>
#include <sysexits.h>

#include "diagnose.h"
#include "finding.h"
#include "live.h"
#include "prefs.h"
#include "rules_capture.h"
#include "unit.h"

TEST(live_stats_line_tcpdump_words)
{
	struct live_if li;
	char buf[512];

	memset(&li, 0, sizeof(li));
	strcpy(li.label, "wan");
	strcpy(li.name, "eth1");
	li.captured = 1200;
	li.have_stats = 1;
	li.recv = 1250;
	li.drop = 50;
	live_stats_line(&li, buf, sizeof(buf));
	CHECK_STR(buf, "wan (eth1): 1200 packets captured, 1250 received by "
	    "filter, 50 dropped by kernel");
	strcpy(li.label, "eth1");
	li.ifdrop = 3;
	live_stats_line(&li, buf, sizeof(buf));
	CHECK_STR(buf, "eth1: 1200 packets captured, 1250 received by "
	    "filter, 50 dropped by kernel, 3 dropped by interface");
	li.have_stats = 0;
	live_stats_line(&li, buf, sizeof(buf));
	CHECK_STR(buf, "eth1: 1200 packets captured, statistics not "
	    "available");
}

TEST(live_capture_drops_finding_only_when_dropped)
{
	static struct prefs p;
	struct engine *eng;
	struct capture_drop d[2] = {
		{ "wan", "eth1", 100, 0, 0 },
		{ "lan", "eth2", 500, 7, 2 },
	};
	const struct finding *f;

	prefs_default(&p);
	eng = engine_new(&p);
	CHECK(eng != NULL);
	if (eng == NULL)
		return;
	CHECK_EQ(capture_rules_register(eng), 0);
	capture_drops_report(eng, d, 1, 1000);
	CHECK_EQ(finding_count(eng->findings), 0);
	capture_drops_report(eng, d, 2, 2000);
	CHECK_EQ(finding_count(eng->findings), 1);
	f = finding_lookup(eng->findings, "capture.drops", NULL);
	CHECK(f != NULL);
	if (f != NULL) {
		CHECK_EQ(f->severity, SEV_WARNING);
		CHECK_STR(f->title, "the capture lost 9 packets (kernel or "
		    "interface drops)");
		CHECK(strstr(f->explanation, "lan (eth2): 7 of 500 packets "
		    "dropped by the kernel, 2 by the interface") != NULL);
		CHECK(strstr(f->explanation, "wan (eth1)") == NULL);
		CHECK(strstr(f->explanation, "missing reply") != NULL);
	}
	/* updated, not duplicated */
	d[1].drop = 10;
	capture_drops_report(eng, d, 2, 3000);
	CHECK_EQ(finding_count(eng->findings), 1);
	engine_free(eng);
}

TEST(live_drop_privileges_unknown_user)
{
	char err[256];

	CHECK_EQ(live_drop_privileges("no-such-user-tunnelscope", err,
	    sizeof(err)), EX_USAGE);
	CHECK_STR(err, "-Z no-such-user-tunnelscope: no such user");
}
