#!/bin/sh
# tests/rules/counts.sh - exact finding counts per rule and severity on the
# 10,000-tunnel scenario, against the counts captures/README.md gives
# ("l2tp-10k-tunnels.pcap": written before the rule code existed).
#
# The findings are read from --report's findings.csv: its first four
# columns (ts, ts_epoch, rule, severity) never contain a comma.
cd "$(dirname "$0")/../.." || exit 2
TS_BIN=${TS_BIN:-./tunnelscope}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0

# capture|expected "count rule severity" lines, sorted by rule
check() {
	cap=$1 expected=$2
	"$TS_BIN" -r "captures/$cap" --report "$tmp/$cap" --report-no-clock \
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

echo "rules: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
