#!/bin/sh
# escape.sh - packet-derived text never reaches the terminal or a CSV
# unescaped (issue #11).  Runs every output mode over the captures built to
# attack them (captures/hostile-text.pcap: every control byte, DEL, every
# byte 0x80-0xff, invalid UTF-8 and ANSI/OSC escapes in L2TPv3 host and
# vendor names, Remote End IDs, Result Code messages, BGP shutdown
# communications and FQDN capabilities; captures/l2tp-hostile.pcap) and
# fails on any output byte < 0x20 other than newline, or >= 0x7f.  The
# --report CSV files get the same test (CR allowed: RFC 4180 line ends);
# summary.md must hold no control byte and be valid UTF-8 (its own
# prose uses "§").  Run from the top directory; TS_BIN picks the binary.
TS=${TS_BIN:-}
if [ -z "$TS" ]; then
	if [ -x build/asan/tunnelscope ]; then TS=build/asan/tunnelscope; else TS=./tunnelscope; fi
fi
OUT=build/escape
mkdir -p $OUT
pass=0 fail=0

# bad FILE [extra allowed chars]: count of bytes outside \n, 0x20-0x7e
bad() {
	LC_ALL=C tr -d "\n\040-\176$2" < "$1" | wc -c
}

for cap in captures/hostile-text.pcap captures/l2tp-hostile.pcap; do
	[ -f "$cap" ] || { echo "escape: $cap missing"; fail=$((fail + 1)); continue; }
	b=$(basename "$cap" .pcap)
	for mode in summary decode decode-v decode-vv events status; do
		case $mode in
		summary)	args="" ;;
		decode)		args="-T decode" ;;
		decode-v)	args="-T decode -v" ;;
		decode-vv)	args="-T decode -vv" ;;
		events)		args="-T events" ;;
		status)		args="-T status" ;;
		esac
		# shellcheck disable=SC2086
		$TS $args -r "$cap" > $OUT/$b.$mode 2> $OUT/$b.$mode.err
		rc=$?
		n=$(bad $OUT/$b.$mode)
		e=$(bad $OUT/$b.$mode.err)
		if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
			echo "escape: $b $mode: exit $rc"; fail=$((fail + 1))
		elif [ "$n" != 0 ] || [ "$e" != 0 ]; then
			echo "escape: $b $mode: $n raw bytes on stdout, $e on stderr ($OUT/$b.$mode)"
			fail=$((fail + 1))
		else
			pass=$((pass + 1))
		fi
	done
	rm -rf $OUT/$b.report
	$TS -r "$cap" --report $OUT/$b.report > /dev/null 2>&1
	for f in $OUT/$b.report/*.csv; do
		[ -f "$f" ] || { echo "escape: $b: no CSV written"; fail=$((fail + 1)); break; }
		n=$(bad "$f" '\r')
		if [ "$n" != 0 ]; then
			echo "escape: $b $(basename "$f"): $n raw bytes"; fail=$((fail + 1))
		else
			pass=$((pass + 1))
		fi
	done
	md=$OUT/$b.report/summary.md
	if [ -f $md ]; then
		if [ "$(LC_ALL=C tr -d '\n\t\040-\377' < $md | wc -c)" != 0 ] ||
		    ! iconv -f UTF-8 -t UTF-8 $md > /dev/null 2>&1; then
			echo "escape: $b summary.md: control bytes or invalid UTF-8"
			fail=$((fail + 1))
		else
			pass=$((pass + 1))
		fi
	fi
done
echo "escape: $pass passed, $fail failed"
[ $fail = 0 ]
