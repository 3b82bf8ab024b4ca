#!/bin/sh
# tests/bench/run.sh - the issue #10 benchmark (make bench; not part of check).
#
# Builds the generator, the libpcap floor and the rusage wrapper into
# build/bench/, writes the captures once (reused while the generator and
# its arguments are unchanged), then runs on the same file, alternating,
# BENCH_REPS times each: the floor F (a pcap_next_ex loop), tunnelscope's
# summary, -T decode, -T decode -v, --report, tcpdump -nn; tshark once on
# the 300 k prefix (scaled per frame, said so).  Prints medians, ratios to
# F, CPU time, peak RSS (getrusage of the child), linearity on the 300 k /
# 1 M / full prefixes, the 10,000-tunnel variant, a 20-tunnel variant whose
# state stays in the CPU caches (the cost of the work per frame alone) and
# a syscall count.
#
# Environment: BENCH_REPORT_ONLY=1 prints the tables from the last run's
# results without measuring again; BENCH_REPS (5), BENCH_FRAMES (3000000), BENCH_TUNNELS_BIG
# (10000), TS_BIN (./tunnelscope), BENCH_TSHARK=0 skips tshark,
# BENCH_QUICK=1 runs only the floor and the summary.
set -eu
cd "$(dirname "$0")/../.."

B=build/bench
REPS=${BENCH_REPS:-5}
FRAMES=${BENCH_FRAMES:-3000000}
BIG=${BENCH_TUNNELS_BIG:-10000}
TS=${TS_BIN:-./tunnelscope}
CC=${CC:-cc}
BFLAGS="-std=c11 -O2 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
-Wmissing-prototypes -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700"
export LC_ALL=C

mkdir -p "$B/res"
[ -x "$TS" ] || make -s tunnelscope

# --- tools ---------------------------------------------------------------
stale() {	# stale OUT SRC...: OUT missing or older than a source
	out=$1; shift
	[ -e "$out" ] || return 0
	for s in "$@"; do [ "$s" -nt "$out" ] && return 0; done
	return 1
}
GEN_SRC="tests/bench/benchgen.c captures/gen/gen.c captures/gen/gen_write.c \
captures/gen/l2tp_build.c captures/gen/gen.h captures/gen/l2tp_build.h"
if stale $B/benchgen $GEN_SRC; then
	echo "bench: building benchgen"
	$CC $BFLAGS -Icaptures/gen -o $B/benchgen tests/bench/benchgen.c \
	    captures/gen/gen.c captures/gen/gen_write.c \
	    captures/gen/l2tp_build.c -lm
fi
if stale $B/floor tests/bench/floor.c; then
	$CC $BFLAGS -o $B/floor tests/bench/floor.c \
	    $(pkg-config --cflags --libs libpcap 2>/dev/null || echo -lpcap)
fi
stale $B/rusage tests/bench/rusage.c && $CC $BFLAGS -o $B/rusage tests/bench/rusage.c

# --- captures (written once; big files stay in build/, never committed) --
capture() {	# capture FILE ARGS...: (re)write when args or generator change
	f=$1; shift
	if [ ! -e "$f" ] || [ "$(cat "$f.args" 2>/dev/null)" != "$*" ] ||
	    [ $B/benchgen -nt "$f" ]; then
		rm -f "$f" "$f.args"
		$B/benchgen "$@" -o "$f"
		echo "$*" > "$f.args"
	fi
}
F=$B/bench-default.pcap
F10K=$B/bench-t$BIG.pcap
F20=$B/bench-t20.pcap
capture $F -n $FRAMES -s 1
capture $F10K -n $FRAMES -t $BIG -s 1
# the same mix over 20 tunnels: every table fits the caches, so its time
# per frame is the work per frame, without the misses of a large state
capture $F20 -n 1000000 -t 20 -r 20 -s 1
P300=$B/bench-300k.pcap
P1M=$B/bench-1m.pcap
for p in "$P300 300000" "$P1M 1000000"; do
	set -- $p
	if [ ! -e "$1" ] || [ "$F" -nt "$1" ]; then
		$B/floor -c "$2" -w "$1" "$F" > /dev/null
	fi
done
nframes() { $B/floor "$1" | awk '{ print $2 }'; }
N=$(nframes $F); N300=$(nframes $P300); N1M=$(nframes $P1M)
N10K=$(nframes $F10K); N20=$(nframes $F20)

# --- measuring -----------------------------------------------------------
ONLY=${BENCH_REPORT_ONLY:-0}
[ "$ONLY" = 1 ] || rm -f $B/res/*.txt
# one NAME FILE CMD...: one run, stdout and stderr discarded, result appended
one() {
	name=$1; shift
	$B/rusage "$B/res/$name.txt" "$@" > /dev/null 2>&1 || true
}
# med NAME COL: median of column COL (1 wall, 2 user, 3 sys, 4 RSS KiB,
# 6 user+sys)
med() {
	awk '{ $6 = $2 + $3; print $'"$2"' }' "$B/res/$1.txt" | sort -g |
	    awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
	    else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
maxrss() { awk 'BEGIN { m = 0 } $4 > m { m = $4 } END { print m }' \
    "$B/res/$1.txt"; }
status() { awk '{ s = $5 } END { print s }' "$B/res/$1.txt"; }

HAVE_TCPDUMP=0; command -v tcpdump > /dev/null 2>&1 && HAVE_TCPDUMP=1
HAVE_TSHARK=0
[ "${BENCH_TSHARK:-1}" = 1 ] && command -v tshark > /dev/null 2>&1 &&
    HAVE_TSHARK=1
QUICK=${BENCH_QUICK:-0}
RDIR=$B/report

echo "bench: $N frames in $F ($(du -m $F | cut -f1) MiB), $REPS runs each," \
    "alternating"
i=0
[ "$ONLY" = 1 ] && i=$REPS
while [ $i -lt "$REPS" ]; do
	i=$((i + 1))
	printf 'bench: run %d/%d\r' $i "$REPS"
	one floor $B/floor $F
	one floorbuf $B/floor -b $F
	one summary "$TS" -r $F
	if [ "$QUICK" != 1 ]; then
		one decode "$TS" -r $F -T decode
		one decode_v "$TS" -r $F -T decode -v
		one report "$TS" -r $F --report $RDIR --force --report-no-clock
		[ $HAVE_TCPDUMP = 1 ] && one tcpdump tcpdump -nn -r $F
	fi
	# linearity: the prefixes, each with its own floor; the 300 k
	# prefix's runs take a quarter of a second, so three of each per
	# round keep its median from being one unlucky run
	for k in 1 2 3; do
		one floor300 $B/floor $P300
		one summary300 "$TS" -r $P300
	done
	one floor1m $B/floor $P1M
	one summary1m "$TS" -r $P1M
	# the state-heavy variant
	one floor10k $B/floor $F10K
	one summary10k "$TS" -r $F10K
	one floor20 $B/floor $F20
	one summary20 "$TS" -r $F20
done
echo
if [ $HAVE_TSHARK = 1 ] && [ "$QUICK" != 1 ] && [ "$ONLY" != 1 ]; then
	echo "bench: tshark once on the 300 k prefix (on 3 M frames it needs" \
	    "minutes and GiBs)"
	one tshark300 tshark -n -r $P300 -d udp.port==1701,l2tp
fi

FW=$(med floor 1); FC=$(med floor 6)
F300=$(med floor300 1); F1M=$(med floor1m 1); F10=$(med floor10k 1)
F300C=$(med floor300 6); F1MC=$(med floor1m 6); F10C=$(med floor10k 6)
F20W=$(med floor20 1); F20C=$(med floor20 6)

row() {	# row LABEL NAME FRAMES FLOOR_WALL FLOOR_CPU [NOTE]
	[ -s "$B/res/$2.txt" ] || return 0
	w=$(med "$2" 1); c=$(med "$2" 6); u=$(med "$2" 2); s=$(med "$2" 3)
	r=$(maxrss "$2")
	awk -v l="$1" -v w="$w" -v c="$c" -v u="$u" -v s="$s" -v r="$r" \
	    -v n="$3" -v f="$4" -v fc="$5" -v note="${6:-}" \
	    -v st="$(status "$2")" 'BEGIN {
		printf "%-26s %8d %7.3f %6.2f %7.3f %6.2f %8.0f %8.1f%s%s\n",
		    l, n, w, w / f, c, c / fc, c / n * 1e9, r / 1024,
		    (st != 0 ? "  exit " st : ""), note }'
}
echo
echo "Medians of $REPS runs.  x F: time / the floor's time on the same file in"
echo "the same run, by wall clock and by CPU (user + sys: steadier when the"
echo "machine is shared); ns/frame from CPU time; RSS: peak of the runs."
echo "The 300 k prefix runs three times a round (3 x $REPS runs)."
printf '%-26s %8s %7s %6s %7s %6s %8s %8s\n' "what" "frames" "wall s" "x F" \
    "cpu s" "x F" "ns/frame" "RSS MiB"
row "floor (pcap_next_ex)" floor "$N" "$FW" "$FC"
row "floor, 256 KiB stdio buffer" floorbuf "$N" "$FW" "$FC" \
    "  (not F: how tunnelscope reads)"
row "tunnelscope -r (summary)" summary "$N" "$FW" "$FC"
row "-T decode >/dev/null" decode "$N" "$FW" "$FC"
row "-T decode -v >/dev/null" decode_v "$N" "$FW" "$FC"
row "--report DIR" report "$N" "$FW" "$FC"
row "tcpdump -nn -r" tcpdump "$N" "$FW" "$FC"
row "tshark -r (300 k prefix)" tshark300 "$N300" "$F300" "$F300C" \
    "  (1 run; x F vs the prefix's floor)"
echo
echo "Linearity (summary):"
row "floor, 300 k prefix" floor300 "$N300" "$F300" "$F300C"
row "summary, 300 k prefix" summary300 "$N300" "$F300" "$F300C"
row "floor, 1 M prefix" floor1m "$N1M" "$F1M" "$F1MC"
row "summary, 1 M prefix" summary1m "$N1M" "$F1M" "$F1MC"
row "summary, whole file" summary "$N" "$FW" "$FC"
echo
echo "State size (summary; the default capture has 1000 tunnels):"
row "floor, 20 tunnels" floor20 "$N20" "$F20W" "$F20C"
row "summary, 20 tunnels" summary20 "$N20" "$F20W" "$F20C"
row "floor, $BIG tunnels" floor10k "$N10K" "$F10" "$F10C"
row "summary, $BIG tunnels" summary10k "$N10K" "$F10" "$F10C"

# --- targets -------------------------------------------------------------
echo
echo "Targets (issue #10):"
target() {	# target TEXT VALUE LIMIT: VALUE <= LIMIT passes
	awk -v t="$1" -v v="$2" -v l="$3" 'BEGIN {
		printf "  %-52s %9.2f  <= %-7s %s\n", t, v, l,
		    (v <= l ? "met" : "MISSED") }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { print a / b }'; }
target "summary x F (wall)" "$(ratio "$(med summary 1)" "$FW")" 2.0
target "summary x F (CPU user+sys)" "$(ratio "$(med summary 6)" "$FC")" 2.0
target "summary x F, $BIG tunnels (wall)" "$(ratio "$(med summary10k 1)" "$F10")" 5.0
target "summary x F, $BIG tunnels (CPU)" "$(ratio "$(med summary10k 6)" "$F10C")" 5.0
if [ "$QUICK" != 1 ]; then
	target "-T decode x F (wall)" "$(ratio "$(med decode 1)" "$FW")" 12
	target "-T decode x F (CPU)" "$(ratio "$(med decode 6)" "$FC")" 12
	target "-T decode -v x F (wall)" "$(ratio "$(med decode_v 1)" "$FW")" 40
	target "-T decode -v x F (CPU)" "$(ratio "$(med decode_v 6)" "$FC")" 40
fi
R1=$(maxrss summary); R300=$(maxrss summary300); R10=$(maxrss summary10k)
target "peak RSS, summary, MiB" "$(ratio "$R1" 1024)" 64
target "RSS whole file / RSS 300 k prefix" "$(ratio "$R1" "$R300")" 1.25
target "KiB per tunnel (RSS 10k - RSS 1k) / $((BIG - 1000))" \
    "$(awk -v a="$R10" -v b="$R1" -v n="$BIG" 'BEGIN { print (a - b) / (n - 1000) }')" 4
awk -v a="$(med summary300 6)" -v na="$N300" -v b="$(med summary1m 6)" \
    -v nb="$N1M" -v c="$(med summary 6)" -v nc="$N" 'BEGIN {
	x = a / na; y = b / nb; z = c / nc; m = (x + y + z) / 3
	d = 0; if ((x - m) / m > d) d = (x - m) / m; if ((m - x) / m > d) d = (m - x) / m
	if ((y - m) / m > d) d = (y - m) / m; if ((m - y) / m > d) d = (m - y) / m
	if ((z - m) / m > d) d = (z - m) / m; if ((m - z) / m > d) d = (m - z) / m
	printf "  %-52s %9.2f  <= %-7s %s\n", "CPU per frame spread 300k/1M/3M, % of mean",
	    d * 100, 20, (d <= 0.20 ? "met" : "MISSED") }'

# --- syscalls --------------------------------------------------------------
if command -v strace > /dev/null 2>&1 && [ "$ONLY" != 1 ]; then
	echo
	echo "Syscalls of the summary on the 300 k prefix (strace -c -f):"
	strace -c -f -o $B/res/strace.txt "$TS" -r $P300 > /dev/null 2>&1 || true
	awk -v n="$N300" 'NR > 2 && $NF != "total" && $1 !~ /^-/ {
		printf "  %-16s %8d calls  %.4f per frame\n", $NF, $4, $4 / n
	}' $B/res/strace.txt | sort -k2 -n -r | head -8
fi
echo
echo "machine: $(nproc) CPU ($(awk -F': ' '/model name/ { print $2; exit }' \
    /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' \
    /proc/meminfo), $(uname -sr); $(date -u '+%Y-%m-%d %H:%M UTC')"
