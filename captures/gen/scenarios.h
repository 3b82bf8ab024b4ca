/* scenarios.h - every scenario the generator knows.
 *
 * A scenario is a function that writes OUTDIR/<name>.pcap (or .pcapng)
 * with gen.h and nothing else: fixed timestamps from GEN_EPOCH_S, no
 * randomness, no clock.  To add one: write the function in your own
 * scen_<topic>.c, declare it below under your file's heading, and add one
 * line to the table in main.c.
 */
#ifndef GEN_SCENARIOS_H
#define GEN_SCENARIOS_H

typedef void (*gen_scenario_fn)(const char *outdir);

struct gen_scenario {
	const char	*name;		/* file name without extension */
	gen_scenario_fn	 fn;
};

/* scen_base.c: link layers, IP, fragments, ICMP errors, capture limits. */
void	scen_basic_eth(const char *outdir);
void	scen_vlan(const char *outdir);
void	scen_ipv6(const char *outdir);
void	scen_frag_ipv4(const char *outdir);
void	scen_frag_ipv6(const char *outdir);
void	scen_icmp_errors(const char *outdir);
void	scen_linktypes_sll2(const char *outdir);
void	scen_linktypes_sll(const char *outdir);
void	scen_linktypes_raw(const char *outdir);
void	scen_linktypes_null(const char *outdir);
void	scen_multi_if(const char *outdir);
void	scen_truncated(const char *outdir);
void	scen_snaplen(const char *outdir);

/* scen_l2tp.c: L2TPv3 control and data, over UDP and IP */
void	scen_l2tp_udp_healthy(const char *outdir);
void	scen_l2tp_ip_healthy(const char *outdir);
void	scen_l2tp_many_hosts(const char *outdir);
void	scen_l2tp_cookies(const char *outdir);
void	scen_l2tp_l2ss_seq(const char *outdir);
void	scen_l2tp_responder_port(const char *outdir);
void	scen_l2tp_stopccn_cdn(const char *outdir);
void	scen_l2tp_midsession_udp(const char *outdir);
void	scen_l2tp_midsession_ip(const char *outdir);
void	scen_l2tp_v2(const char *outdir);
void	scen_l2tp_hostile(const char *outdir);

/* scen_story.c: STORY.md's incident (recursive routing), two vantages, arc */
void	scen_story_wan(const char *outdir);
void	scen_story_lan(const char *outdir);
void	scen_story_wan_only(const char *outdir);
void	scen_story_arc(const char *outdir);

/* scen_l2tp_fsm.c: one small capture per L2TPv3 failure rule, 10k tunnels */
void	scen_l2tp_healthy(const char *outdir);
void	scen_l2tp_stopccn_codes(const char *outdir);
void	scen_l2tp_hello_timeout(const char *outdir);
void	scen_l2tp_tie_breaker(const char *outdir);
void	scen_l2tp_cookie_mismatch(const char *outdir);
void	scen_l2tp_l2ss_mismatch(const char *outdir);
void	scen_l2tp_cdn(const char *outdir);
void	scen_l2tp_circuit_down(const char *outdir);
void	scen_l2tp_one_way_data(const char *outdir);
void	scen_l2tp_unknown_session(const char *outdir);
void	scen_l2tp_ctl_conn_missing(const char *outdir);
void	scen_l2tp_session_reply_missing(const char *outdir);
void	scen_l2tp_retransmissions(const char *outdir);
void	scen_l2tp_address_mismatch(const char *outdir);
void	scen_l2tp_mtu(const char *outdir);
void	scen_l2tp_icmp_unreachable(const char *outdir);
void	scen_l2tp_10k_tunnels(const char *outdir);

/* scen_bgp.c: BGP sessions over TCP, plain and inside pseudowires */
void	scen_bgp_session_eth(const char *outdir);
void	scen_bgp_session_pw(const char *outdir);

/* scen_bgp_x.c: BGP sessions and the tunnels under them (issue #6) */
void	scen_bgp_pw_healthy(const char *outdir);
void	scen_bgp_hold_hello_timeout(const char *outdir);
void	scen_bgp_story_arc(const char *outdir);
void	scen_bgp_arp_lost_once(const char *outdir);
void	scen_bgp_bad_peer_as(const char *outdir);
void	scen_bgp_collision(const char *outdir);
void	scen_bgp_cease_shutdown(const char *outdir);
void	scen_bgp_flapping(const char *outdir);
void	scen_bgp_hold_eth(const char *outdir);

/* scen_l2tp_v6.c: IPv6 tunnel endpoint inside the tunnelled /64 (#5) */
void	scen_l2tp_v6_wan(const char *outdir);
void	scen_l2tp_v6_lan(const char *outdir);

/* scen_hostile.c: escape sequences and every byte in packet-derived text */
void	scen_hostile_text(const char *outdir);

#endif /* GEN_SCENARIOS_H */
