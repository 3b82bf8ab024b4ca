#!/bin/sh
# tests/report/run.sh - --report DIR end to end (issue #7).
#
# For every capture in captures/: the report directory holds every file;
# every CSV re-parses with libcsv in strict mode with the header's column
# count on every row, its required columns (DESIGN.md), CRLF, and no field
# that starts with = + - @ TAB CR or holds a control byte (build/csvcheck);
# summary.md has its sections in order and no control byte; two runs give
# byte-identical files.  build/citeall cites frames of every capture so
# evidence.pcap is checked against the originals (libpcap in csvcheck,
# tshark where libpcap cannot read the input, or as a second opinion).
# Then: several link types (one pcap each), standard input, existing files
# without --force (73), --force, a read-only directory (73), write errors
# (74, no partial file left), --fail-on, and hostile packet text.
#
# Needs: make tunnelscope build/csvcheck build/citeall (make report-test).
# Ends with "report: N passed, N failed".

TS_BIN=${TS_BIN:-./tunnelscope}
CHECK=${CSVCHECK:-build/csvcheck}
CITE=${CITEALL:-build/citeall}
TZ=UTC
LC_ALL=C
export TZ LC_ALL
unset SOURCE_DATE_EPOCH

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

for b in "$TS_BIN" "$CHECK" "$CITE"; do
	if [ ! -x "$b" ]; then
		echo "report: $b missing (run make report-test)"
		echo "report: 0 passed, 1 failed"
		exit 1
	fi
done

T=$(mktemp -d "${TMPDIR:-/tmp}/ts-report.XXXXXX") || exit 1
MNT=
cleanup() {
	[ -n "$MNT" ] && umount "$MNT" 2>/dev/null
	chmod -R u+w "$T" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

FINDINGS_COLS="ts ts_epoch rule severity entity_kind entity title explanation evidence remediation"
TUNNELS_COLS="uid transport initiator_addr initiator_port initiator_ccid initiator_host responder_addr responder_port responder_ccid responder_host state initiator_state responder_state established_ts closed_ts close_reason sccrq_sent retransmits hellos sessions"
SESSIONS_COLS="uid tunnel initiator_session_id responder_session_id pw_type remote_end_id initiator_cookie responder_cookie l2ss state established_ts closed_ts close_reason packets_i2r packets_r2i inner_hosts"
BGP_COLS="uid a_addr a_port a_as a_bgp_id b_addr b_port b_as b_bgp_id hold_time state established_ts down_ts last_notification notification_sender carried_by connections_established connections_dropped"
TRANS_COLS="ts ts_epoch entity_kind entity from_state to_state cause evidence"
ANOM_COLS="ts evidence layer anomaly detail count"
EVID_COLS="ts ts_epoch evidence vantage frame pcap_file pcap_frame rules"
ALL_FILES="findings.csv l2tp_tunnels.csv l2tp_sessions.csv bgp_sessions.csv transitions.csv anomalies.csv summary.md evidence.csv"

# check_dir DIR NAME: every file, strict CSVs, summary.md.
check_dir() {
	d=$1
	name=$2
	for f in $ALL_FILES; do
		[ -f "$d/$f" ] || { bad "$name: $f missing"; return; }
	done
	ls "$d"/evidence*.pcap >/dev/null 2>&1 ||
	    { bad "$name: no evidence pcap"; return; }
	if ls -a "$d" | grep -q '^\.[^.]'; then
		bad "$name: temporary file left: $(ls -a "$d" | grep '^\.[^.]')"
	fi
	for spec in "findings.csv:$FINDINGS_COLS" "l2tp_tunnels.csv:$TUNNELS_COLS" \
	    "l2tp_sessions.csv:$SESSIONS_COLS" "bgp_sessions.csv:$BGP_COLS" \
	    "transitions.csv:$TRANS_COLS" "anomalies.csv:$ANOM_COLS" \
	    "evidence.csv:$EVID_COLS"; do
		f=${spec%%:*}
		cols=${spec#*:}
		# shellcheck disable=SC2086
		if "$CHECK" csv "$d/$f" $cols >/dev/null 2>"$T/err"; then
			ok
		else
			bad "$name: $f: $(head -3 "$T/err")"
		fi
	done
	# sections in order, no control bytes (TAB and LF aside)
	got=$(grep '^## ' "$d/summary.md" | tr '\n' '|')
	want="## Summary|## Impact|## Timeline|## Evidence|## Root cause|## Remediation|## Capture limits|## Appendix|"
	[ "$got" = "$want" ] && ok || bad "$name: summary.md sections: $got"
	if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$d/summary.md"; then
		bad "$name: summary.md holds a control byte"
	else
		ok
	fi
}

# tshark_cmp DIR: each evidence pcap's frames equal their originals
# (time, lengths, bytes), when all come from one input.
tshark_cmp() {
	d=$1
	command -v tshark >/dev/null 2>&1 || return 0
	for ev in "$d"/evidence*.pcap; do
		evn=$(basename "$ev")
		# frame numbers and inputs of this file, in pcap_frame order
		awk -F'","' -v f="$evn" 'NR > 1 && $10 == f { print $11, $5, $6 }' \
		    "$d/evidence.csv" | sort -n >"$T/rows"
		[ -s "$T/rows" ] || continue
		inputs=$(awk '{ print $3 }' "$T/rows" | sort -u)
		[ "$(echo "$inputs" | wc -l)" = 1 ] || continue
		# frame bytes only: no reassembled data sources in -x
		o="-o ip.defragment:FALSE -o ipv6.defragment:FALSE"
		o="$o -o tcp.desegment_tcp_streams:FALSE"
		frames=$(awk '{ printf "%s%s", sep, $2; sep = "," }' "$T/rows")
		# shellcheck disable=SC2086
		tshark $o -r "$inputs" -Y "frame.number in {$frames}" -T fields \
		    -e frame.time_epoch -e frame.len -e frame.cap_len \
		    2>/dev/null >"$T/a"
		# shellcheck disable=SC2086
		tshark $o -r "$ev" -T fields -e frame.time_epoch -e frame.len \
		    -e frame.cap_len 2>/dev/null >"$T/b"
		# shellcheck disable=SC2086
		tshark $o -r "$inputs" -Y "frame.number in {$frames}" -x \
		    2>/dev/null >>"$T/a"
		# shellcheck disable=SC2086
		tshark $o -r "$ev" -x 2>/dev/null >>"$T/b"
		if [ -s "$T/a" ] && cmp -s "$T/a" "$T/b"; then
			ok
		else
			bad "$evn in $d: tshark sees other frames than the originals"
		fi
	done
}

# 1. tunnelscope --report on every capture: files, strict CSVs, determinism
n=0
for cap in captures/*.pcap captures/*.pcapng; do
	[ -f "$cap" ] || continue
	n=$((n + 1))
	b=$(basename "$cap")
	d="$T/run/$b"
	"$TS_BIN" -r "$cap" --report "$d" --force --report-no-clock \
	    >/dev/null 2>"$T/err"
	rc=$?
	if [ $rc != 0 ] && [ $rc != 65 ]; then
		bad "$b: --report exit $rc: $(cat "$T/err")"
		continue
	fi
	check_dir "$d" "$b"
	mv "$d" "$d.1"
	"$TS_BIN" -r "$cap" --report "$d" --force --report-no-clock \
	    >/dev/null 2>&1
	if diff -r "$d" "$d.1" >/dev/null; then
		ok
	else
		bad "$b: two runs differ: $(diff -rq "$d" "$d.1" | head -3)"
	fi
	# --fail-on warning: 3 exactly when a warning or error was found
	"$TS_BIN" -r "$cap" --fail-on warning >/dev/null 2>&1
	frc=$?
	if grep -q '^"[^"]*","[^"]*","[^"]*","\(warning\|error\)"' \
	    "$d/findings.csv"; then
		want=3
	else
		want=0
	fi
	[ $rc = 65 ] && want=65
	[ $frc = $want ] && ok || bad "$b: --fail-on warning exit $frc, want $want"
	# a listing alone runs no tracker; with --fail-on it must
	"$TS_BIN" -r "$cap" -T decode --fail-on warning >/dev/null 2>&1
	frc=$?
	[ $frc = $want ] && ok ||
	    bad "$b: -T decode --fail-on warning exit $frc, want $want"
done
[ $n -gt 0 ] || bad "no captures in captures/"

# 2. cited frames: evidence pcaps equal the originals
for cap in captures/*.pcap captures/*.pcapng; do
	[ -f "$cap" ] || continue
	b=$(basename "$cap")
	d="$T/cite/$b"
	if ! "$CITE" -n 3 "$d" "$cap" >/dev/null 2>"$T/err"; then
		bad "$b: citeall: $(cat "$T/err")"
		continue
	fi
	check_dir "$d" "cite $b"
	if "$CHECK" evidence "$d" >"$T/out" 2>"$T/err"; then
		ok
	else
		bad "$b: evidence: $(head -3 "$T/err")"
	fi
	tshark_cmp "$d"
done

# 3. several link types: one evidence file each, said in evidence.csv
d="$T/multi"
"$CITE" -n 2 "$d" captures/basic-eth.pcap raw=captures/linktypes-raw.pcap \
    >/dev/null 2>&1
if [ -f "$d/evidence-en10mb.pcap" ] && [ -f "$d/evidence-raw.pcap" ] &&
    [ ! -f "$d/evidence.pcap" ] &&
    grep -q '"raw:[0-9]*","raw",.*"RAW",.*"evidence-raw.pcap"' "$d/evidence.csv" &&
    grep -q 'one evidence file per link type' "$d/summary.md"; then
	ok
else
	bad "two link types: expected evidence-en10mb.pcap and evidence-raw.pcap"
fi
"$CHECK" evidence "$d" >/dev/null 2>"$T/err" && ok ||
    bad "two link types: $(head -3 "$T/err")"
tshark_cmp "$d"

# 4. standard input: analysed, evidence not written, and said so
d="$T/stdin"
if "$CITE" -n 2 "$d" - <captures/basic-eth.pcap >/dev/null 2>&1 &&
    grep -q 'standard input cannot be read twice' "$d/evidence.csv" &&
    grep -q 'standard input cannot be read twice' "$d/summary.md"; then
	ok
else
	bad "stdin: evidence.csv/summary.md should say the frames were not written"
fi
d="$T/stdin2"
"$TS_BIN" -r - --report "$d" <captures/basic-eth.pcap >/dev/null 2>&1 &&
    check_dir "$d" "stdin" || bad "stdin: tunnelscope -r - --report failed"

# 5. existing files: 73 without --force (named, untouched), replaced with it
d="$T/clobber"
"$TS_BIN" -r captures/basic-eth.pcap --report "$d" >/dev/null 2>&1
cp "$d/findings.csv" "$T/before"
echo "stale" >"$d/summary.md"
"$TS_BIN" -r captures/vlan.pcap --report "$d" >/dev/null 2>"$T/err"
rc=$?
if [ $rc = 73 ] && grep -q "$d/.* exists.*--force" "$T/err" &&
    cmp -s "$d/findings.csv" "$T/before" &&
    [ "$(cat "$d/summary.md")" = stale ]; then
	ok
else
	bad "existing files: exit $rc, want 73 and nothing touched: $(cat "$T/err")"
fi
touch "$d/evidence-raw.pcap"	# an earlier report's file
"$TS_BIN" -r captures/vlan.pcap --report "$d" --force >/dev/null 2>&1
rc=$?
if [ $rc = 0 ] && [ ! -e "$d/evidence-raw.pcap" ] &&
    grep -q 'vlan.pcap' "$d/summary.md"; then
	ok
else
	bad "--force: exit $rc, want 0, stale evidence-raw.pcap removed"
fi
"$TS_BIN" -r captures/vlan.pcap --force >/dev/null 2>&1
[ $? = 64 ] && ok || bad "--force without --report: want 64"
"$TS_BIN" -r captures/vlan.pcap --fail-on info >/dev/null 2>&1
[ $? = 64 ] && ok || bad "--fail-on info: want 64"

# 6. the directory: created with its parents; a file in the way is 73
d="$T/deep/a/b/c"
"$TS_BIN" -r captures/basic-eth.pcap --report "$d" >/dev/null 2>&1 &&
    [ -f "$d/summary.md" ] && ok || bad "missing parents not created"
: >"$T/afile"
"$TS_BIN" -r captures/basic-eth.pcap --report "$T/afile" >/dev/null 2>"$T/err"
[ $? = 73 ] && ok || bad "report dir is a file: want 73: $(cat "$T/err")"

# 7. a read-only directory: 73, nothing left behind
d="$T/ro"
mkdir -p "$d"
ro_ok=0
if [ "$(id -u)" != 0 ]; then
	chmod 555 "$d" && ro_ok=1
elif mount -t tmpfs -o ro,size=64k tmpfs "$d" 2>/dev/null; then
	MNT=$d
	ro_ok=1
fi
if [ $ro_ok = 1 ]; then
	"$TS_BIN" -r captures/basic-eth.pcap --report "$d" >/dev/null 2>"$T/err"
	rc=$?
	if [ $rc = 73 ] && grep -q "cannot create $d/" "$T/err" &&
	    [ -z "$(ls -A "$d")" ]; then
		ok
	else
		bad "read-only dir: exit $rc, want 73: $(cat "$T/err")"
	fi
	[ -n "$MNT" ] && umount "$MNT" && MNT=
	chmod 755 "$d"
else
	echo "report: read-only directory test skipped (root without mount)"
fi

# 8. write errors: 74 naming the file, no partial file left.
# (a) file size limit (works everywhere): writes past it fail with EFBIG
# (SIGXFSZ ignored).  /dev/full cannot stand in for a file: reports are
# written to a temporary name and renamed, never through a symlink.
d="$T/efbig"
mkdir -p "$d"
(trap '' XFSZ; ulimit -f 1; exec "$TS_BIN" -r captures/basic-eth.pcap \
    --report "$d" --report-no-clock) >/dev/null 2>"$T/err"
rc=$?
if [ $rc = 74 ] && grep -q "writing $d/[a-z_.]*: File too large" "$T/err" &&
    [ -z "$(ls -A "$d")" ]; then
	ok
else
	bad "file size limit: exit $rc, want 74 and an empty dir: $(cat "$T/err"; ls -A "$d")"
fi
# (b) a full file system (tmpfs, root only)
d="$T/full"
mkdir -p "$d"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=16k tmpfs "$d" 2>/dev/null; then
	MNT=$d
	dd if=/dev/zero of="$d/filler" bs=1k count=64 2>/dev/null
	"$TS_BIN" -r captures/basic-eth.pcap --report "$d" >/dev/null 2>"$T/err"
	rc=$?
	if [ $rc = 74 ] && grep -q "writing $d/.*No space left" "$T/err" &&
	    [ "$(ls -A "$d")" = filler ]; then
		ok
	else
		bad "disk full: exit $rc, want 74: $(cat "$T/err"; ls -A "$d")"
	fi
	umount "$MNT" && MNT=
else
	echo "report: disk-full test skipped (needs root and tmpfs)"
fi

# 9. hostile packet text (Host Name / Vendor Name "=cmd|' /C calc'!A0",
# "@SUM(1+1)\a", "+1+2\r\n=evil", "-2+3\e[2J", "\tTAB") and a hostile
# vantage label: every CSV still strict and neutralised, summary.md clean.
h="$T/hostile.pcap"
if "$CHECK" hostile "$h"; then
	d="$T/hostile"
	"$CITE" -n 1 "$d" "@SUM(1)|x=$h" >/dev/null 2>"$T/err" ||
	    bad "hostile: citeall: $(cat "$T/err")"
	check_dir "$d" hostile
	if grep -q '"'"'"'@SUM(1)|x:1"' "$d/evidence.csv" &&
	    grep -q 'host==cmd|'"'"' /C calc'"'"'!A0' "$d/summary.md" &&
	    grep -q 'host=+1+2\\x0d\\x0a=evil' "$d/summary.md"; then
		ok
	else
		bad "hostile: label not neutralised or host names not escaped"
	fi
	d="$T/hostile2"
	"$TS_BIN" -r "-lbl=$h" --report "$d" >/dev/null 2>&1
	check_dir "$d" "hostile (tunnelscope)"
else
	bad "hostile: cannot write the capture"
fi

# 10. golden report directories for the story's scenarios, diffed exactly
# (summary.md's command-line block aside: argv[0] and the directory
# differ).  UPDATE=1 rewrites them: review the diff before committing.
G=tests/report/golden
strip_cmd() { sed '/^  ```*sh$/,/^  ```*$/d' "$1"; }
while IFS='|' read -r name args; do
	case $name in '' | '#'*) continue ;; esac
	d="$T/golden/$name"
	# shellcheck disable=SC2086
	"$TS_BIN" $args --report "$d" --report-no-clock >/dev/null 2>&1
	if [ -n "$UPDATE" ]; then
		rm -rf "${G:?}/$name" && cp -R "$d" "$G/$name" &&
		    echo "report: golden $name updated"
		continue
	fi
	if [ ! -d "$G/$name" ]; then
		bad "golden $name: $G/$name missing (UPDATE=1 writes it)"
		continue
	fi
	if [ "$(ls "$G/$name")" != "$(ls "$d")" ]; then
		bad "golden $name: files differ: $(ls "$d" | tr '\n' ' ')"
		continue
	fi
	for f in "$G/$name"/*; do
		b=$(basename "$f")
		if [ "$b" = summary.md ]; then
			strip_cmd "$f" >"$T/ga"
			strip_cmd "$d/$b" >"$T/gb"
			if cmp -s "$T/ga" "$T/gb"; then
				ok
			else
				bad "golden $name: $b differs:"
				diff "$T/ga" "$T/gb" | head -10
			fi
		elif cmp -s "$f" "$d/$b"; then
			ok
		else
			bad "golden $name: $b differs"
			diff "$f" "$d/$b" 2>/dev/null | head -6
		fi
	done
done <"$G/cases"

echo "report: $pass passed, $fail failed"
[ $fail = 0 ]
