/* main.c - mkcaptures OUTDIR [scenario...]: write the scenario captures. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "gen.h"
#include "scenarios.h"

/* ---- scenario table: one line per scenario, grouped by file ---- */
static const struct gen_scenario scenarios[] = {
	/* scen_base.c */
	{ "basic-eth",		scen_basic_eth },
	{ "vlan",		scen_vlan },
	{ "ipv6",		scen_ipv6 },
	{ "frag-ipv4",		scen_frag_ipv4 },
	{ "frag-ipv6",		scen_frag_ipv6 },
	{ "icmp-errors",	scen_icmp_errors },
	{ "linktypes-sll2",	scen_linktypes_sll2 },
	{ "linktypes-sll",	scen_linktypes_sll },
	{ "linktypes-raw",	scen_linktypes_raw },
	{ "linktypes-null",	scen_linktypes_null },
	{ "multi-if",		scen_multi_if },
	{ "truncated",		scen_truncated },
	{ "snaplen",		scen_snaplen },
	/* scen_l2tp.c */
	{ "l2tp-udp-healthy",	scen_l2tp_udp_healthy },
	{ "l2tp-ip-healthy",	scen_l2tp_ip_healthy },
	{ "l2tp-many-hosts",	scen_l2tp_many_hosts },
	{ "l2tp-cookies",	scen_l2tp_cookies },
	{ "l2tp-l2ss-seq",	scen_l2tp_l2ss_seq },
	{ "l2tp-responder-port", scen_l2tp_responder_port },
	{ "l2tp-stopccn-cdn",	scen_l2tp_stopccn_cdn },
	{ "l2tp-midsession-udp", scen_l2tp_midsession_udp },
	{ "l2tp-midsession-ip",	scen_l2tp_midsession_ip },
	{ "l2tp-v2",		scen_l2tp_v2 },
	{ "l2tp-hostile",	scen_l2tp_hostile },
	/* scen_story.c */
	{ "story-wan",		scen_story_wan },
	{ "story-lan",		scen_story_lan },
	{ "story-wan-only",	scen_story_wan_only },
	{ "story-arc",		scen_story_arc },
	/* scen_l2tp_fsm.c */
	{ "l2tp-healthy",	scen_l2tp_healthy },
	{ "l2tp-stopccn-codes",	scen_l2tp_stopccn_codes },
	{ "l2tp-hello-timeout",	scen_l2tp_hello_timeout },
	{ "l2tp-tie-breaker",	scen_l2tp_tie_breaker },
	{ "l2tp-cookie-mismatch", scen_l2tp_cookie_mismatch },
	{ "l2tp-l2ss-mismatch",	scen_l2tp_l2ss_mismatch },
	{ "l2tp-cdn",		scen_l2tp_cdn },
	{ "l2tp-circuit-down",	scen_l2tp_circuit_down },
	{ "l2tp-one-way-data",	scen_l2tp_one_way_data },
	{ "l2tp-unknown-session", scen_l2tp_unknown_session },
	{ "l2tp-ctl-conn-missing", scen_l2tp_ctl_conn_missing },
	{ "l2tp-session-reply-missing", scen_l2tp_session_reply_missing },
	{ "l2tp-retransmissions", scen_l2tp_retransmissions },
	{ "l2tp-address-mismatch", scen_l2tp_address_mismatch },
	{ "l2tp-mtu",		scen_l2tp_mtu },
	{ "l2tp-icmp-unreachable", scen_l2tp_icmp_unreachable },
	{ "l2tp-10k-tunnels",	scen_l2tp_10k_tunnels },
	/* scen_bgp.c */
	{ "bgp-session-eth",	scen_bgp_session_eth },
	{ "bgp-session-pw",	scen_bgp_session_pw },
	/* scen_bgp_x.c */
	{ "bgp-pw-healthy",	scen_bgp_pw_healthy },
	{ "bgp-hold-hello-timeout", scen_bgp_hold_hello_timeout },
	{ "bgp-story-arc",	scen_bgp_story_arc },
	{ "bgp-arp-lost-once",	scen_bgp_arp_lost_once },
	{ "bgp-bad-peer-as",	scen_bgp_bad_peer_as },
	{ "bgp-collision",	scen_bgp_collision },
	{ "bgp-cease-shutdown",	scen_bgp_cease_shutdown },
	{ "bgp-flapping",	scen_bgp_flapping },
	{ "bgp-hold-eth",	scen_bgp_hold_eth },
	/* scen_l2tp_v6.c */
	{ "l2tp-v6-wan",	scen_l2tp_v6_wan },
	{ "l2tp-v6-lan",	scen_l2tp_v6_lan },
	/* scen_hostile.c */
	{ "hostile-text",	scen_hostile_text },
};
/* ---- end of scenario table ---- */

#define NSCEN	(sizeof(scenarios) / sizeof(scenarios[0]))

int
main(int argc, char **argv)
{
	struct stat st;
	int i;
	size_t j;

	if (argc < 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: mkcaptures OUTDIR [scenario...]\n"
		    "scenarios:");
		for (j = 0; j < NSCEN; j++)
			fprintf(stderr, " %s", scenarios[j].name);
		fputc('\n', stderr);
		return 64;
	}
	if (stat(argv[1], &st) != 0 || !S_ISDIR(st.st_mode))
		gen_die("%s is not a directory", argv[1]);
	for (i = 2; i < argc; i++) {
		for (j = 0; j < NSCEN; j++)
			if (strcmp(argv[i], scenarios[j].name) == 0)
				break;
		if (j == NSCEN)
			gen_die("no scenario %s", argv[i]);
	}
	for (j = 0; j < NSCEN; j++) {
		int want = argc == 2;

		for (i = 2; i < argc && !want; i++)
			want = strcmp(argv[i], scenarios[j].name) == 0;
		if (want)
			scenarios[j].fn(argv[1]);
	}
	return 0;
}
