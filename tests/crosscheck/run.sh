#!/bin/sh
# tests/crosscheck/run.sh - tunnelscope's decoded fields against tshark's.
#
# For every generated capture in captures/ and a listed subset of the
# shared corpus, run
#   tshark -n -r F -T fields -E occurrence=a -E aggregator=, -e ...
#   build/tsfields -r F -e ...            (tunnelscope's own dissection)
# with the same field list and compare them line for line.  A difference is
# printed as "frame N field F: tshark 'x' tunnelscope 'y'".
#
# Reassembled fragments: tshark shows the IP header fields of each fragment
# as it was sent and the transport/application fields of the reassembled
# datagram on the fragment that completed it (none on the others).
# tunnelscope's layers follow the same rule (its IP layer describes the
# frame's own header; the reassembled payload is dissected after it), so
# fragments are compared as they are, with no special case.
#
# ICMP errors: tshark lists the quoted IP/UDP/TCP header as further
# occurrences (ip.src "192.0.2.2,192.0.2.1"); tsfields adds the quote that
# tunnelscope parsed (struct icmp_info q_*), which carries addresses,
# length, protocol and ports only, so fields the quote record has no value
# for are excluded where ICMP errors occur (see the table below).
#
# Environment: TSFIELDS (default build/tsfields), TSHARK (default tshark),
# CORPUS (default ../shared/corpus, relative to the project root),
# VERBOSE=1 shows every difference instead of the first 8 per file.

cd "$(dirname "$0")/../.." || exit 2
TSFIELDS=${TSFIELDS:-build/tsfields}
TSHARK=${TSHARK:-tshark}
CORPUS=${CORPUS:-../shared/corpus}

# Every field tsfields knows for the foundation protocols.  Fields that are
# absent from a frame are empty on both sides, so one list serves all.
FIELDS="frame.number frame.len frame.cap_len
eth.src eth.dst eth.type vlan.id vlan.priority vlan.etype ieee8021ad.id
sll.pkttype sll.etype sll.ifindex null.family
arp.opcode arp.src.hw_mac arp.src.proto_ipv4 arp.dst.proto_ipv4
ip.src ip.dst ip.len ip.id ip.proto ip.ttl ip.flags.df ip.flags.mf
ip.frag_offset
ipv6.src ipv6.dst ipv6.nxt ipv6.plen ipv6.hlim
udp.srcport udp.dstport udp.length
tcp.srcport tcp.dstport tcp.flags tcp.seq_raw tcp.ack_raw
tcp.window_size_value tcp.hdr_len tcp.options.mss_val
tcp.options.wscale.shift tcp.options.timestamp.tsval
tcp.options.timestamp.tsecr
icmp.type icmp.code icmp.ident icmp.seq icmp.mtu
icmpv6.type icmpv6.code icmpv6.mtu icmpv6.echo.identifier
icmpv6.nd.ns.target_address icmpv6.nd.na.target_address"
# L2TP (tests/crosscheck/fields_l2tp.c; added by the l2tp owner)
FIELDS="$FIELDS
l2tp.version l2tp.ccid l2tp.Ns l2tp.Nr l2tp.sid l2tp.tunnel l2tp.session
l2tp.cookie l2tp.l2_spec_sequence l2tp.avp.type l2tp.avp.message_type
l2tp.avp.local_session_id l2tp.avp.remote_session_id
l2tp.avp.assigned_control_conn_id l2tp.result_code l2tp.avp.error_code
l2tp.avp.error_message l2tp.avp.host_name l2tp.avp.router_id
l2tp.avp.pseudowire_type l2tp.avp.assigned_tunnel_id"
# BGP (tests/crosscheck/fields_bgp.c; added by the bgp owner): per message
# type and length, OPEN fields and capability codes, NOTIFICATION code and
# subcode (tshark files the subcode under a field named after the code),
# withdrawn/announced prefixes, path attribute types.
FIELDS="$FIELDS
bgp.type bgp.length bgp.open.myas bgp.open.holdtime bgp.open.identifier
bgp.cap.type bgp.notify.major_error bgp.notify.minor_error
bgp.notify.minor_error_open bgp.notify.minor_error_update
bgp.notify.minor_error_expired bgp.notify.minor_error_state
bgp.notify.minor_error_cease bgp.notify.minor_error_capability
bgp.notify.minor_error_unknown bgp.withdrawn_prefix bgp.nlri_prefix
bgp.mp_reach_nlri_ipv4_prefix bgp.mp_unreach_nlri_ipv4_prefix
bgp.mp_reach_nlri_ipv6_prefix bgp.mp_unreach_nlri_ipv6_prefix
bgp.update.path_attribute.type_code"

# Per-file exclusions: "file|fields left out|why".  file is a name in
# captures/ or a path under $CORPUS.  Every exclusion says why.
EXCLUDE='
icmp-errors.pcap|ip.id ip.ttl ip.flags.df ip.flags.mf ip.frag_offset udp.length ipv6.hlim l2tp.version l2tp.ccid l2tp.Ns l2tp.Nr|tshark also lists these for the quoted header (and dissects the L2TP header inside a quoted UDP/1701 datagram); tunnelscope keeps only addresses, length, protocol and ports of a quote (struct icmp_info) and does not dissect quoted payloads, so the occurrence lists cannot line up
l2tp-hostile.pcap|l2tp.ccid l2tp.Ns l2tp.Nr l2tp.avp.type l2tp.avp.message_type|frame 8 (v3 control with the L bit clear): tshark drops the Length field as in v2, reads CCID/Ns/Nr 2 bytes early and decodes no AVPs; RFC 3931 §3.2.1 gives v3 control a fixed header, tunnelscope reads it there (unit test l2tp_validation_anomalies). Frame 6: tshark omits l2tp.avp.type for a hidden AVP; its type is sent in clear (RFC 3931 §5.3), tunnelscope lists it
tcpdump-tests/bgp-extended-optional-parameters-length.pcapng|bgp.cap.type|an OPEN with RFC 9072 extended optional parameters (Non-Ext OP Type 255, 2-octet lengths): tshark 4.0 does not know RFC 9072 and lists no capability; tunnelscope lists the 11 capability codes (unit test bgp_open_rfc9072 asserts the RFC 9072 layout)
hostile-text.pcap|l2tp.avp.host_name l2tp.avp.error_message|host names and Result Code messages made of every byte 0x00-0xff and escape sequences (issue #11, tests/fuzz/escape.sh checks their escaping): newlines and NULs in them break the line-per-frame comparison of raw field text
l2tp-icmp-unreachable.pcap|ip.id ip.ttl ip.flags.df ip.flags.mf ip.frag_offset udp.length l2tp.version l2tp.ccid l2tp.Ns l2tp.Nr l2tp.avp.type l2tp.avp.message_type l2tp.avp.assigned_control_conn_id l2tp.avp.host_name l2tp.avp.router_id|ICMP port unreachable quoting whole SCCRQs: tshark dissects the quoted IP/UDP/L2TP datagram as further occurrences; tunnelscope keeps a quote as addresses, protocol and ports (struct icmp_info) and never dissects quoted payloads, as in icmp-errors.pcap
story-arc.pcap|l2tp.avp.pseudowire_type|on data of sessions tshark did not learn it reports the pseudowire type of its decode hint (0, see TSHARK_ARGS); tunnelscope reports the type the ICRQ negotiated (5, Ethernet)
l2tp-unknown-session.pcap|l2tp.avp.pseudowire_type|as story-arc.pcap: tshark reports its hint (0), tunnelscope the inferred Ethernet (5)
snaplen.pcap|tcp.options.timestamp.tsval|frame 4 is cut 8 bytes into its 10-byte TS option: tshark prints the captured TSval; tunnelscope records an option only when it is captured whole (a design choice, not an error on either side)
'

# Per-file tshark arguments (decode hints tshark needs and tunnelscope
# infers): "file|arguments (shell quoting)|why".
TSHARK_ARGS='
bgp-session-eth.pcap|-o tcp.analyze_sequence_numbers:TRUE -o tcp.reassemble_out_of_order:TRUE|a message split over segments that arrive in reverse order (frames 10-11): tshark reassembles it only with sequence analysis and out-of-order reassembly on
bgp-session-pw.pcap|-o tcp.analyze_sequence_numbers:TRUE -o tcp.reassemble_out_of_order:TRUE|as bgp-session-eth.pcap
bgp/bgprs-BGP_flowspec_dscp.cap|-d tcp.port==1179,bgp|bgp-rs port 1179
bgp/bgprs-BGP_flowspec_redirect.cap|-d tcp.port==1179,bgp|bgp-rs port 1179
bgp/bgprs-BGP_flowspec_v4.cap|-d tcp.port==1179,bgp|bgp-rs port 1179
bgp/bgprs-BGP_flowspec_v6.cap|-d tcp.port==1179,bgp|bgp-rs port 1179
bgp/bgprs-BGP_notification_msg.cap|-d tcp.port==1179,bgp|bgp-rs port 1179
bgp/bgprs-bgp_withdraw.cap|-d tcp.port==1179,bgp|bgp-rs port 1179
l2tp-midsession-udp.pcap|-o "l2tp.l2_specific:Default L2-Specific" -d l2tp.pw_type==0,eth|no control plane: a Linux static tunnel with the default L2-Specific Sublayer, which tunnelscope infers and tshark must be told
story-arc.pcap|-d l2tp.pw_type==0,eth|tshark learns the pseudowire type of the first session only; the sessions of the later control connections (and data before their ICRQ is seen) need the hint, which tunnelscope does not (it keys what was negotiated per session)
l2tp-unknown-session.pcap|-d l2tp.pw_type==0,eth|data for sessions that were never negotiated: tunnelscope infers an Ethernet pseudowire from the payload, tshark must be told
l2tp-midsession-ip.pcap|-o "l2tp.cookie_size:4 Byte Cookie" -d l2tp.pw_type==0,eth|no control plane: a 4-byte cookie, which tunnelscope infers and tshark must be told
'

# Frames left out of the comparison: "file|frame numbers|why".
SKIP_FRAMES='
bgp-session-eth.pcap|14 15|two KEEPALIVEs sent in reverse order (the second in frame 14, the first in 15): tshark holds the second until the hole is filled and shows both on frame 15; tunnelscope frames data after a hole at once when it starts a message (captures cut out of longer sessions have holes nobody fills) and frames the late bytes on their own, so each message shows on the frame that carried it (unit test tcp_stream_hole_passed_over)
bgp-session-pw.pcap|13 15 17 19 21 23 25 27 29 31 33 35 37 39 41 43 45 47 49 40 42|frames 13, 15, ... 49 are pseudowire 1, whose inner TCP connection has the same addresses and ports as pseudowire 2'"'"'s (frames 14, 16, ... 50): tshark keys TCP by the inner 4-tuple alone, merges the two connections and loses pseudowire 1'"'"'s messages; tunnelscope keys them by the L2TP session too (captures/README.md lists the expected messages of both; unit test tcp_stream_pw_key).  Frames 40/42: the reversed KEEPALIVEs as in bgp-session-eth.pcap
tcpdump-tests/bgp-infinite-loop.pcap|5|frame 5 repeats frame 4 (same connection, sequence number and bytes): a retransmission, whose message tunnelscope shows once (on frame 4); tshark without sequence analysis dissects it again
l2tp-l2ss-mismatch.pcap|13 15|a Default L2-Specific Sublayer sent on a session that negotiated none (the scenario'"'"'s point, reported as l2tp.l2ss_mismatch): both tools decode the inner frame 4 bytes early, as negotiated, and the garbage they read differs (tshark prints the 802.3 length field as eth.type 0x0000, tunnelscope as an 802.3 frame without EtherType)
l2tp-mtu.pcap|12|ICMP fragmentation needed quoting an L2TPv3 data packet: tshark dissects the quote down to the inner Ethernet frame of the pseudowire; tunnelscope keeps the quote as addresses, protocol and ports (struct icmp_info) and never dissects quoted payloads (icmp-errors.pcap compares the ICMP fields themselves)
l2tp-hostile.pcap|10|a pseudowire nested three deep: tunnelscope stops at its depth limit (DISSECT_MAX_DEPTH) by design, tshark has none (and without decode hints shows only the outer frame)
'

# Files not compared yet, counted as skipped with the reason printed:
# "file|why".  Keep this list short: each line is a gap.
PENDING='
'

# BGP captures of the corpus, compared with BGP_TSHARK_ARGS (tshark must
# not second-guess retransmissions and cut-out segments) plus any
# TSHARK_ARGS/TS_ARGS line of their own.  Left out, with the reason:
#   link types tunnelscope does not decode (tshark shows BGP there):
#     bgp/packetlife-4-byte_AS_numbers_{Full_Support,Mixed_Scenario}.cap,
#     bgp/packetlife-BGP_redist.cap (Cisco HDLC), bgp/packetlife-bgp_med,
#     -no-advertise_community, -bgp_as_confed_sequence.pcapng (Frame
#     Relay), bgp/ndpi-BGP_Cisco_hdlc_slarp.pcap and
#     tcpdump-tests/bgp_vpn_attrset.pcap (PPP), tcpdump-tests/bgp-aigp*.pcap
#     (Juniper Ethernet);
#   fuzzed files whose bytes are garbage around stray markers
#     (tcpdump-tests/*-oobr*.pcap, bgp-ub.pcap): tshark's per-segment
#     scan and tunnelscope's stream resynchronisation pick different
#     markers inside the garbage; the requirement there is anomalies and
#     no crash (tests/corpus/run.sh under ASan/UBSan);
#   segments rewritten at the same sequence numbers with other lengths
#     (tcpdump-tests/bgp-shutdown-msg-variations.pcap: three SYNs with data
#     at sequence 0; bgp/pcapplusplus-Bgp_open_malformed.pcap: four OPENs
#     at one sequence number): a stream keeps the first copy of its bytes
#     (tcp_stream.retrans_differs when the lengths match and the bytes
#     differ, and the differing copy is then shown on its own); tshark
#     without sequence analysis dissects each copy;
#   bgp/scapygen-realistic_bgp_complete_scenarios.pcap: the generator
#     overlapped every message with the previous one by a byte (OPEN at
#     4926 of 65 bytes, KEEPALIVE at 4990): reassembly keeps the first
#     copy of the overlapping byte, so the stream loses its framing there.
BGP_TSHARK_ARGS='-o tcp.analyze_sequence_numbers:FALSE'
# BGP files compared on frame.number and bgp.* only: "file|why".
BGP_ONLY='
bgp/arkime-arkime_synthetic.pcap|also carries GRE and IP-in-IP, which tunnelscope does not decode (tshark lists the inner headers)
bgp/arkime-ospf.pcap|also carries encapsulations tunnelscope does not decode (tshark lists inner IPv6/TCP headers)
'
BGP_CORPUS_FILES='
bgp-real/ebgp_established.pcap
bgp-real/bad_peer_as_bird_detects.pcap
bgp/arkime-arkime_synthetic.pcap
bgp/arkime-ospf.pcap
bgp/arkime-y2038-bgp.pcap
bgp/bgprs-BGP_flowspec_dscp.cap
bgp/bgprs-BGP_flowspec_redirect.cap
bgp/bgprs-BGP_flowspec_v4.cap
bgp/bgprs-BGP_flowspec_v6.cap
bgp/bgprs-BGP_notification_msg.cap
bgp/bgprs-bgp_withdraw.cap
bgp/packetlife-BGP_AS_set.cap
bgp/packetlife-BGP_MD5.cap
bgp/packetlife-BGP_MP_NLRI.cap
bgp/packetlife-BGP_hard_reset.cap
bgp/packetlife-BGP_notification.cap
bgp/packetlife-BGP_soft_reset.cap
bgp/packetlife-EBGP_adjacency.cap
bgp/packetlife-IBGP_adjacency.cap
bgp/packetlife-bgp-add-path.cap
bgp/packetlife-bgp_orf_capabilty_negotitation.pcapng
bgp/packetlife-bgp_orf_prefix_advertisement.pcapng
bgp/packetlife-bgplu.cap
bgp/pcapplusplus-BgpPackets.pcap
bgp/ryu-bgp4-keepalive.pcap
bgp/ryu-bgp4-open.pcap
bgp/ryu-bgp4-update.pcap
bgp/ryu-bgp4-update_ipv6.pcap
bgp/ryu-bgp4-update_vpnv6.pcap
bgp/ryu-evpn_esi_arbitrary.pcap
bgp/ryu-evpn_esi_as_based.pcap
bgp/ryu-evpn_esi_l2_bridge.pcap
bgp/ryu-evpn_esi_lacp.pcap
bgp/ryu-evpn_esi_mac_base.pcap
bgp/ryu-evpn_esi_router_id.pcap
bgp/ryu-evpn_nlri_eth_a-d.pcap
bgp/ryu-evpn_nlri_eth_seg.pcap
bgp/ryu-evpn_nlri_inc_multi_eth_tag.pcap
bgp/ryu-evpn_nlri_ip_prefix.pcap
bgp/ryu-evpn_nlri_mac_ip_ad.pcap
bgp/ryu-flowspec_action_redirect.pcap
bgp/ryu-flowspec_action_traffic_action.pcap
bgp/ryu-flowspec_action_traffic_marking.pcap
bgp/ryu-flowspec_action_traffic_rate.pcap
bgp/ryu-flowspec_nlri_ipv4.pcap
bgp/ryu-flowspec_nlri_ipv6.pcap
bgp/ryu-flowspec_nlri_l2vpn.pcap
bgp/ryu-flowspec_nlri_vpn4.pcap
bgp/ryu-flowspec_nlri_vpn6.pcap
bgp/scapy-bgp_fragmented.pcap
bgp/scapygen-bgp_dos_attack.pcap
bgp/scapygen-bgp_path_manipulation_attack.pcap
bgp/scapygen-bgp_prefix_hijacking_attack.pcap
tcpdump-tests/bgp-4byte-asn.pcap
tcpdump-tests/bgp-addpath.pcap
tcpdump-tests/bgp-bfd-cease.pcap
tcpdump-tests/bgp-bgpsec.pcap
tcpdump-tests/bgp-cease-hard-reset.pcap
tcpdump-tests/bgp-encap.pcap
tcpdump-tests/bgp-enhanced-route-refresh-subtype.pcapng
tcpdump-tests/bgp-enhanced-route-refresh.pcapng
tcpdump-tests/bgp-evpn.pcap
tcpdump-tests/bgp-extended-msg.pcapng
tcpdump-tests/bgp-extended-optional-parameters-length.pcapng
tcpdump-tests/bgp-extended-shutdown-msg.pcapng
tcpdump-tests/bgp-infinite-loop.pcap
tcpdump-tests/bgp-large-community.pcap
tcpdump-tests/bgp-link-bw-extcommunity.pcapng
tcpdump-tests/bgp-lu-multiple-labels.pcap
tcpdump-tests/bgp-malformed-hard-reset.pcap
tcpdump-tests/bgp-orf.pcapng
tcpdump-tests/bgp-ovs.pcapng
tcpdump-tests/bgp-role.pcapng
tcpdump-tests/bgp-rt-prefix.pcap
tcpdump-tests/bgp-shutdown-communication.pcapng
tcpdump-tests/bgp_notification_rr_msg_error.pcap
tcpdump-tests/bgpsec_invalid_signature_block_length.pcap
tcpdump-tests/mpbgp-linklocal-nexthop.pcap
'

# Per-file tsfields arguments (what tunnelscope must be told):
# "file|arguments|why".
TS_ARGS='
bgp/bgprs-BGP_flowspec_dscp.cap|-o bgp.port:1179|bgp-rs test captures use port 1179
bgp/bgprs-BGP_flowspec_redirect.cap|-o bgp.port:1179|bgp-rs test captures use port 1179
bgp/bgprs-BGP_flowspec_v4.cap|-o bgp.port:1179|bgp-rs test captures use port 1179
bgp/bgprs-BGP_flowspec_v6.cap|-o bgp.port:1179|bgp-rs test captures use port 1179
bgp/bgprs-BGP_notification_msg.cap|-o bgp.port:1179|bgp-rs test captures use port 1179
bgp/bgprs-bgp_withdraw.cap|-o bgp.port:1179|bgp-rs test captures use port 1179
'

# Corpus files compared too: link/network/transport layers (VLAN, QinQ,
# fragments, IPv6/NDP, TCP options, ICMP errors).  Left out on purpose:
# encapsulations tunnelscope does not decode (MPLS, GRE, PPP/PPPoE, HDLC,
# Frame Relay, ISL, Teredo, sFlow samples: tshark shows inner headers
# there), and the xdp2-malformed_* files, where tshark stops adding the
# fields after a bogus IPv4/TCP header length while tunnelscope records
# the whole header and marks the layer malformed.
CORPUS_FILES='
other/arkime-dot1ad.pcap
other/arkime-twovlan.pcap
other/packetnet-802.1ad_vlan_ipv4.pcap
other/packetnet-802.1q_vlan_ipv4_tcp.pcap
other/xdp2-QinQ.pcap
other/xdp2-ipv4frags.pcap
other/xdp2-ipv6-udp-fragmented.pcap
other/xdp2-vlan_icmp.pcap
other/local-sll2-l2tpv3-loopback.pcap
tcpdump-tests/802.1ad_QinQ.pcap
other/xdp2-malformed_wire_length_tcp.pcap
other/packetlife/802.1Q_tunneling.cap
other/packetlife/802_1ad.pcapng
other/packetlife/QinQ.pcap
other/packetlife/ICMP_across_dot1q.cap
other/packetlife/DHCP_Inter_VLAN.cap
other/packetlife/rpvstp-trunk-native-vid5.pcap
other/packetlife/icmp_fragmented.cap
other/packetlife/ICMPv6_echos.cap
other/packetlife/IPv6_NDP.cap
other/packetlife/ipv6_neighbor_spoofing.cap
other/packetlife/ipv6-smtp.pcapng
other/packetlife/IPv6_in_IP.cap
other/packetlife/arp_pcap.pcapng
other/packetlife/gratuitous_arp_hsrp.cap
other/packetlife/TCP_SACK.cap
other/packetlife/HTTP.cap
other/packetlife/connection_termination.cap
other/packetlife/telnet.cap
'

pass=0 fail=0 skip=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/crosscheck.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

if ! command -v "$TSHARK" >/dev/null 2>&1; then
	n=$(ls captures/*.pcap captures/*.pcapng 2>/dev/null | wc -l)
	echo "crosscheck: skipped: $TSHARK not found (install tshark 4.x to run the cross-check)"
	echo "crosscheck: 0 passed, 0 failed, $n skipped"
	exit 0
fi
if [ ! -x "$TSFIELDS" ]; then
	echo "crosscheck: $TSFIELDS missing (make build/tsfields)"
	exit 2
fi

# lookup TABLE FILEKEY: the second column of FILEKEY's line in TABLE
lookup() {
	printf '%s\n' "$1" | awk -F'|' -v k="$2" '$1 == k { print $2 }'
}

# drop_frames FILE "N M ...": remove those frames' lines (frame.number is
# the first column)
drop_frames() {
	awk -F'\t' -v skip=" $2 " 'index(skip, " " $1 " ") == 0' "$1" >"$1.kept"
	mv "$1.kept" "$1"
}

check() {	# check PATH KEY [extra tshark arguments]
	f=$1 key=$2 extra=$3
	why=$(printf '%s\n' "$PENDING" | awk -F'|' -v k="$key" '$1 == k { print $2 }')
	if [ -n "$why" ]; then
		echo "skip $key: $why"
		skip=$((skip + 1))
		return
	fi
	ex=" $(lookup "$EXCLUDE" "$key") "
	targs="$extra $(lookup "$TSHARK_ARGS" "$key")"
	tsargs=$(lookup "$TS_ARGS" "$key")
	skipf=$(lookup "$SKIP_FRAMES" "$key")
	args="" names=""
	only=$(lookup "$BGP_ONLY" "$key")
	for x in $FIELDS; do
		case "$ex" in *" $x "*) continue ;; esac
		if [ -n "$only" ]; then
			case "$x" in frame.number|bgp.*) ;; *) continue ;; esac
		fi
		args="$args -e $x"
		names="$names $x"
	done
	# shellcheck disable=SC2086
	eval "\"\$TSHARK\" -n -r \"\$f\" $targs -T fields -E occurrence=a \
	    -E aggregator=, $args" >"$tmp/tshark" 2>"$tmp/tshark.err"
	trc=$?
	# shellcheck disable=SC2086
	"$TSFIELDS" $tsargs -r "$f" $args >"$tmp/ts" 2>"$tmp/ts.err"
	rc=$?
	if [ $rc -ne 0 ] || { [ $trc -ne 0 ] && [ ! -s "$tmp/tshark" ]; }; then
		echo "FAIL $key: tsfields exit $rc, tshark exit $trc"
		sed -n '1,3p' "$tmp/ts.err" "$tmp/tshark.err" | grep -v '^Running as user' | sed 's/^/    /'
		fail=$((fail + 1))
		return
	fi
	if [ -n "$skipf" ]; then
		drop_frames "$tmp/tshark" "$skipf"
		drop_frames "$tmp/ts" "$skipf"
	fi
	if cmp -s "$tmp/tshark" "$tmp/ts"; then
		echo "ok   $key ($(wc -l <"$tmp/ts") frames${skipf:+, left out: $skipf})"
		pass=$((pass + 1))
		return
	fi
	echo "FAIL $key"
	awk -F'\t' -v names="$names" -v max="${VERBOSE:+1000000}" '
	BEGIN { n = split(names, nm, " "); if (max == "") max = 8 }
	FNR == NR { t[FNR] = $0; nt = FNR; next }
	{ o[FNR] = $0; no = FNR }
	END {
		lines = nt > no ? nt : no
		for (i = 1; i <= lines; i++) {
			if (t[i] == o[i]) continue
			na = split(t[i], a, "\t"); nb = split(o[i], b, "\t")
			for (j = 1; j <= n; j++) {
				if (a[j] == b[j]) continue
				if (shown++ < max)
					printf "    frame %d field %s: tshark '\''%s'\'' tunnelscope '\''%s'\''\n", i, nm[j], a[j], b[j]
			}
		}
		if (shown > max) printf "    ... %d more differences\n", shown - max
		if (nt != no) printf "    tshark printed %d frames, tunnelscope %d\n", nt, no
	}' "$tmp/tshark" "$tmp/ts"
	fail=$((fail + 1))
}

for f in captures/*.pcap captures/*.pcapng; do
	[ -e "$f" ] || continue
	case "$f" in
	*/bgp-*) check "$f" "$(basename "$f")" "$BGP_TSHARK_ARGS" ;;
	*) check "$f" "$(basename "$f")" ;;
	esac
done

if [ -d "$CORPUS" ]; then
	for c in $CORPUS_FILES; do
		if [ -e "$CORPUS/$c" ]; then
			check "$CORPUS/$c" "$c"
		else
			echo "skip $c: not in $CORPUS"
			skip=$((skip + 1))
		fi
	done
	for c in $BGP_CORPUS_FILES; do
		if [ -e "$CORPUS/$c" ]; then
			check "$CORPUS/$c" "$c" "$BGP_TSHARK_ARGS"
		else
			echo "skip $c: not in $CORPUS"
			skip=$((skip + 1))
		fi
	done
else
	n=$(printf '%s\n' $CORPUS_FILES $BGP_CORPUS_FILES | wc -l)
	echo "crosscheck: corpus skipped: $CORPUS not found"
	skip=$((skip + n))
fi

if [ $skip -gt 0 ]; then
	echo "crosscheck: $pass passed, $fail failed, $skip skipped"
else
	echo "crosscheck: $pass passed, $fail failed"
fi
[ $fail -eq 0 ]
