#!/bin/sh
# tests/rules/counts.sh - exact finding counts per rule and severity: the
# 10,000-tunnel scenario, against the counts captures/README.md gives
# ("l2tp-10k-tunnels.pcap": written before the rule code existed), and the
# real captures of ../shared/corpus/l2tpv3 against what its README says
# happened in them.
#
# The findings are read from --report's findings.csv: its first four
# columns (ts, ts_epoch, rule, severity) never contain a comma.
cd "$(dirname "$0")/../.." || exit 2
TS_BIN=${TS_BIN:-./tunnelscope}
CORPUS=${CORPUS:-../shared/corpus}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0

# capture (a path, or a name in captures/), expected "count rule severity"
# lines sorted by rule
check() {
	cap=$1 expected=$2
	case $cap in */*) path=$cap; cap=$(basename "$cap") ;;
	*) path=captures/$cap ;; esac
	"$TS_BIN" -r "$path" --report "$tmp/$cap" --report-no-clock \
	    >/dev/null 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "FAIL $cap: exit $rc ($(head -1 "$tmp/err"))"
		fail=$((fail + 1))
		return
	fi
	tail -n +2 "$tmp/$cap/findings.csv" | cut -d, -f3,4 | tr -d '"' |
	    sort | uniq -c | awk '{ split($2, a, ","); print $1, a[1], a[2] }' \
	    >"$tmp/got"
	printf '%s\n' "$expected" | sed '/^$/d' >"$tmp/want"
	if cmp -s "$tmp/got" "$tmp/want"; then
		echo "ok   $cap"
		pass=$((pass + 1))
	else
		echo "FAIL $cap"
		diff "$tmp/want" "$tmp/got" | sed 's/^/    /'
		fail=$((fail + 1))
	fi
}

check l2tp-10k-tunnels.pcap '
500 l2tp.cdn info
1000 l2tp.ctl_reply_missing error
500 l2tp.hello_timeout error
1000 l2tp.stopccn error'

# go-l2tp: HELLOs answered by explicit ACKs yet retransmitted (the sender
# ignores ACKs), then the peer's HELLO meets ICMP port unreachable.
g=$CORPUS/l2tpv3/l2tpv3_udp_goql2tpd_hello_ack_ignored.pcap
if [ -f "$g" ]; then
	check "$g" '
1 l2tp.icmp_unreachable error
1 l2tp.retransmissions warning'
	grep -q 'retransmits messages already acknowledged' \
	    "$tmp/$(basename "$g")/findings.csv" || {
		echo "FAIL $(basename "$g"): not named as acknowledged messages retransmitted"
		fail=$((fail + 1)); pass=$((pass - 1)); }
else
	echo "skip $g: corpus folder absent"
fi

# freeRtr over IP/115: the peer vanishes, its Hellos go unanswered through
# 7 retransmissions (hello_timeout, inferred); and fr1 sends PPP data for
# session 735317531 (frame 8) before its own ICRP (frame 9), which
# unknown_session reports as data before the session was established.
g=$CORPUS/l2tpv3/l2tpv3_ip_freertr_established_then_client_vanishes.pcap
if [ -f "$g" ]; then
	check "$g" '
1 l2tp.hello_timeout error
1 l2tp.unknown_session warning'
else
	echo "skip $g: corpus folder absent"
fi

echo "rules: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
