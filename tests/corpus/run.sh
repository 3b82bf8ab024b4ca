#!/bin/sh
# tests/corpus/run.sh - every public capture through tunnelscope under
# ASan+UBSan: no sanitizer report, no crash, no hang.
#
# Each capture (*.pcap, *.pcapng, *.cap; not tcpdump's expected/ outputs,
# .md, .tsv, .out) under $CORPUS runs twice, each with timeout 10:
#   $TS_BIN -T decode -v -r F        and        $TS_BIN -r F
# A run fails on: "ERROR: AddressSanitizer", "runtime error:" or
# "LeakSanitizer" on stderr; a timeout; a signal; an exit code other than
# 0 or 65 (65: truncated or corrupt input, common in fuzz-made files).  66
# (cannot open) is accepted only for a file libpcap cannot open either: no
# pcap/pcapng magic, or shorter than a file header.  An unsupported link
# type is skipped by the tool with a message and exit 0.
#
# Environment: TS_BIN (default build/asan/tunnelscope), CORPUS (default
# ../shared/corpus, relative to the project root), JOBS (default 2).

if [ "$1" = "--one" ]; then
	# Worker: one capture, both modes.  Prints "ok F" or "FAIL F: why"
	# and leaves stderr of a failure in $RESDIR.
	f=$2
	log=$RESDIR/$(printf '%s' "$f" | tr '/ ' '__').err
	openable() {	# libpcap could open it: a pcap or pcapng magic
		m=$(od -An -tx1 -N4 "$1" 2>/dev/null | tr -d ' \n')
		[ "$(wc -c <"$1")" -ge 24 ] || return 1
		case "$m" in
		a1b2c3d4|d4c3b2a1|a1b23c4d|4d3cb2a1|0a0d0d0a) return 0 ;;
		esac
		return 1
	}
	for mode in decode summary; do
		if [ $mode = decode ]; then
			timeout -k 2 10 "$TS_BIN" -T decode -v -r "$f" >/dev/null 2>"$log.tmp"
		else
			timeout -k 2 10 "$TS_BIN" -r "$f" >/dev/null 2>"$log.tmp"
		fi
		rc=$?
		why=
		if grep -q -e 'ERROR: AddressSanitizer' -e 'runtime error:' \
		    -e 'LeakSanitizer' "$log.tmp"; then
			why="sanitizer report"
		elif [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
			why="timeout (10 s)"
		elif [ $rc -gt 128 ]; then
			why="signal $((rc - 128))"
		elif [ $rc -eq 66 ] && ! openable "$f"; then
			why=
		elif [ $rc -ne 0 ] && [ $rc -ne 65 ]; then
			why="exit $rc"
		fi
		if [ -n "$why" ]; then
			{ echo "== $f ($mode): $why"; sed -n '1,12p' "$log.tmp"; } >"$log"
			rm -f "$log.tmp"
			echo "FAIL $f ($mode): $why"
			exit 0
		fi
	done
	rm -f "$log.tmp"
	echo "ok $f"
	exit 0
fi

SELF=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
cd "$(dirname "$0")/../.." || exit 2
TS_BIN=${TS_BIN:-build/asan/tunnelscope}
CORPUS=${CORPUS:-../shared/corpus}
JOBS=${JOBS:-2}

if [ ! -d "$CORPUS" ]; then
	echo "corpus: skipped: $CORPUS not found"
	exit 0
fi
if [ ! -x "$TS_BIN" ]; then
	echo "corpus: $TS_BIN not built"
	exit 2
fi
case "$TS_BIN" in /*) ;; *) TS_BIN=$PWD/$TS_BIN ;; esac
RESDIR=$(mktemp -d "${TMPDIR:-/tmp}/corpus.XXXXXX") || exit 2
trap 'rm -rf "$RESDIR"' EXIT INT TERM
export TS_BIN RESDIR
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

start=$(date +%s)
find "$CORPUS" -type f \( -name '*.pcap' -o -name '*.pcapng' \
    -o -name '*.cap' \) ! -path '*/expected/*' -print0 | sort -z |
    xargs -0 -n1 -P"$JOBS" sh "$SELF" --one >"$RESDIR/results"

pass=$(grep -c '^ok ' "$RESDIR/results")
fail=$(grep -c '^FAIL ' "$RESDIR/results")
if [ "$fail" -gt 0 ]; then
	grep '^FAIL ' "$RESDIR/results" | sort
	echo
	cat "$RESDIR"/*.err 2>/dev/null | sed -n '1,200p'
fi
echo "corpus: $pass passed, $fail failed ($(($(date +%s) - start)) s)"
[ "$fail" -eq 0 ]
