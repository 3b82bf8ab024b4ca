#!/bin/sh
# run.sh - `make flood` (issue #11; not part of make check: minutes, GBs).
#
# Writes the flood captures (tests/flood/floodgen.c) into build/flood/,
# runs tunnelscope on each (summary; -T decode -v into /dev/null for the
# nesting flood; -T status for the healthy-tunnel comparison) and checks:
#  - it finishes (exit 0) within FLOOD_MAX_SECONDS,
#  - peak RSS (/usr/bin/time) stays under the cap documented in
#    tunnelscope(1) CAVEATS, Limits (FLOOD_MAX_RSS_MB, default 600),
#  - the caps that the flood hits are reported under "Capture limits",
#  - the healthy tunnel of captures/l2tp-healthy.pcap, interleaved in
#    every flood, shows the same state (-T status) and findings as alone.
# Prints one line per flood with time and peak RSS.
# TS_BIN= picks the binary (default ./tunnelscope); FLOOD_SCALE= scales
# every count (default 1: a million CCIDs, ...); FLOODS= picks floods.
TS=${TS_BIN:-./tunnelscope}
SCALE=${FLOOD_SCALE:-1}
MAXRSS=${FLOOD_MAX_RSS_MB:-600}
MAXSEC=${FLOOD_MAX_SECONDS:-300}
FLOODS=${FLOODS:-ids tcp frag hello data nest}
D=build/flood
HEALTHY=captures/l2tp-healthy.pcap
fail=0

mkdir -p $D
[ -x build/floodgen ] || { echo "flood: build/floodgen missing (make flood)"; exit 1; }
# shellcheck disable=SC2086
build/floodgen $D $HEALTHY "$SCALE" $FLOODS || exit 1

# The healthy tunnel's own view: its -T status block and its findings,
# frame references (label:N) taken out.
status_block() {
	awk '/^control connection /{on = ($0 ~ /^control connection 192\.0\.2\.1 -> 198\.51\.100\.2 /)} on && NF' "$1"
}
findings_of() {
	sed -n '1,/^Inputs/p' "$1" | grep -E '192\.0\.2\.1|198\.51\.100\.2' |
	    sed -E 's/[A-Za-z0-9_.-]+:[0-9]+/REF/g'
}
$TS -T status -r "$HEALTHY" > $D/base.status 2>&1
$TS -r "$HEALTHY" > $D/base.summary 2>&1
status_block $D/base.status > $D/base.block
findings_of $D/base.summary > $D/base.findings
[ -s $D/base.block ] || { echo "flood: no status for the healthy tunnel"; exit 1; }

# run NAME ARGS...: time and peak RSS of one tunnelscope run
run() {
	name=$1; shift
	/usr/bin/time -f "%e %M" -o $D/$name.time "$TS" "$@" > $D/$name.out 2> $D/$name.err
	rc=$?
	read -r secs kb < $D/$name.time 2>/dev/null || { secs=?; kb=0; }
	mb=$((kb / 1024))
	ok=1
	[ $rc = 0 ] || { echo "flood: $name: exit $rc"; ok=0; }
	[ "$mb" -le "$MAXRSS" ] || { echo "flood: $name: peak RSS $mb MB > $MAXRSS MB"; ok=0; }
	awk -v s="$secs" -v m="$MAXSEC" 'BEGIN { exit !(s + 0 <= m + 0) }' ||
	    { echo "flood: $name: $secs s > $MAXSEC s"; ok=0; }
	echo "flood: $name: $secs s, peak RSS $mb MB"
	[ $ok = 1 ] || fail=1
}

# expect NAME PATTERN: the summary reports the limit that was hit (at
# full scale only: a scaled-down flood may stay under the caps)
expect() {
	[ "$SCALE" = 1 ] || return 0
	if ! sed -n '/^Capture limits/,$p' $D/$1.out | grep -qE "$2"; then
		echo "flood: $1: summary does not report: $2"; fail=1
	fi
}

for f in $FLOODS; do
	cap=$D/flood-$f.pcap
	run $f -r $cap
	run $f-status -T status -r $cap
	status_block $D/$f-status.out > $D/$f.block
	findings_of $D/$f.out > $D/$f.findings
	if ! cmp -s $D/base.block $D/$f.block; then
		echo "flood: $f: the healthy tunnel's state differs:"
		diff $D/base.block $D/$f.block | head -20; fail=1
	fi
	if ! cmp -s $D/base.findings $D/$f.findings; then
		echo "flood: $f: the healthy tunnel's findings differ:"
		diff $D/base.findings $D/$f.findings | head -20; fail=1
	fi
	case $f in
	ids)	expect $f 'state table: [1-9][0-9]* .* forgotten' ;;
	tcp)	expect $f 'TCP reassembly: [1-9][0-9]* connections forgotten' ;;
	frag)	expect $f 'IP reassembly: .*([1-9][0-9]* given up|[1-9][0-9]* dropped)' ;;
	hello)	expect $f 'state table: [1-9][0-9]* .* forgotten' ;;
	data)	expect $f 'L2TP data layouts: [1-9][0-9]* session directions' ;;
	nest)	run nest-decode -T decode -v -r $cap ;;
	esac
done
if [ $fail = 0 ]; then
	echo "flood: every flood finished under its caps; the healthy tunnel is unchanged"
else
	echo "flood: FAILED"
fi
[ $fail = 0 ]
