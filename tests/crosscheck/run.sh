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

# Per-file exclusions: "file|fields left out|why".  file is a name in
# captures/ or a path under $CORPUS.  Every exclusion says why.
EXCLUDE='
icmp-errors.pcap|ip.id ip.ttl ip.flags.df ip.flags.mf ip.frag_offset udp.length ipv6.hlim l2tp.version l2tp.ccid l2tp.Ns l2tp.Nr|tshark also lists these for the quoted header (and dissects the L2TP header inside a quoted UDP/1701 datagram); tunnelscope keeps only addresses, length, protocol and ports of a quote (struct icmp_info) and does not dissect quoted payloads, so the occurrence lists cannot line up
l2tp-hostile.pcap|l2tp.ccid l2tp.Ns l2tp.Nr l2tp.avp.type l2tp.avp.message_type|frame 8 (v3 control with the L bit clear): tshark drops the Length field as in v2, reads CCID/Ns/Nr 2 bytes early and decodes no AVPs; RFC 3931 §3.2.1 gives v3 control a fixed header, tunnelscope reads it there (unit test l2tp_validation_anomalies). Frame 6: tshark omits l2tp.avp.type for a hidden AVP; its type is sent in clear (RFC 3931 §5.3), tunnelscope lists it
snaplen.pcap|tcp.options.timestamp.tsval|frame 4 is cut 8 bytes into its 10-byte TS option: tshark prints the captured TSval; tunnelscope records an option only when it is captured whole (a design choice, not an error on either side)
'

# Per-file tshark arguments (decode hints tshark needs and tunnelscope
# infers): "file|arguments (shell quoting)|why".
TSHARK_ARGS='
l2tp-midsession-udp.pcap|-o "l2tp.l2_specific:Default L2-Specific" -d l2tp.pw_type==0,eth|no control plane: a Linux static tunnel with the default L2-Specific Sublayer, which tunnelscope infers and tshark must be told
l2tp-midsession-ip.pcap|-o "l2tp.cookie_size:4 Byte Cookie" -d l2tp.pw_type==0,eth|no control plane: a 4-byte cookie, which tunnelscope infers and tshark must be told
'

# Frames left out of the comparison: "file|frame numbers|why".
SKIP_FRAMES='
l2tp-hostile.pcap|10|a pseudowire nested three deep: tunnelscope stops at its depth limit (DISSECT_MAX_DEPTH) by design, tshark has none (and without decode hints shows only the outer frame)
'

# Files not compared yet, counted as skipped with the reason printed:
# "file|why".  Keep this list short: each line is a gap.
PENDING='
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

check() {	# check PATH KEY
	f=$1 key=$2
	why=$(printf '%s\n' "$PENDING" | awk -F'|' -v k="$key" '$1 == k { print $2 }')
	if [ -n "$why" ]; then
		echo "skip $key: $why"
		skip=$((skip + 1))
		return
	fi
	ex=" $(lookup "$EXCLUDE" "$key") "
	targs=$(lookup "$TSHARK_ARGS" "$key")
	skipf=$(lookup "$SKIP_FRAMES" "$key")
	args="" names=""
	for x in $FIELDS; do
		case "$ex" in *" $x "*) continue ;; esac
		args="$args -e $x"
		names="$names $x"
	done
	# shellcheck disable=SC2086
	eval "\"\$TSHARK\" -n -r \"\$f\" $targs -T fields -E occurrence=a \
	    -E aggregator=, $args" >"$tmp/tshark" 2>"$tmp/tshark.err"
	trc=$?
	# shellcheck disable=SC2086
	"$TSFIELDS" -r "$f" $args >"$tmp/ts" 2>"$tmp/ts.err"
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
	check "$f" "$(basename "$f")"
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
else
	n=$(printf '%s\n' $CORPUS_FILES | wc -l)
	echo "crosscheck: corpus skipped: $CORPUS not found"
	skip=$((skip + n))
fi

if [ $skip -gt 0 ]; then
	echo "crosscheck: $pass passed, $fail failed, $skip skipped"
else
	echo "crosscheck: $pass passed, $fail failed"
fi
[ $fail -eq 0 ]
