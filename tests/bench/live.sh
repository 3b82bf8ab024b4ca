#!/bin/sh
# tests/bench/live.sh - the issue #10 live figure (make bench-live; not part
# of check): two senders replay a capture at top speed into one veth that
# tunnelscope captures on, inside network namespaces made here.
#
# Prints the frames offered and how fast, what tunnelscope captured and what
# the kernel dropped (its own stats line), and CPU time (user + system, from
# /proc) per captured frame: of the process, and of its capture thread.  Needs root and `ip netns`;
# otherwise prints "bench-live: skipped: <reason>".
#
# env: TS_BIN (./tunnelscope), REPLAY (build/live-replay),
#      LIVE_FILE (build/bench/bench-300k.pcap), LIVE_FRAMES (300000 per
#      sender), LIVE_BUF (-B in KiB, 262144), LIVE_SENDERS (2)
TS_BIN=${TS_BIN:-./tunnelscope}
REPLAY=${REPLAY:-build/live-replay}
FILE=${LIVE_FILE:-build/bench/bench-300k.pcap}
FRAMES=${LIVE_FRAMES:-300000}
BUF=${LIVE_BUF:-262144}
SENDERS=${LIVE_SENDERS:-2}
export LC_ALL=C

skip() {
	echo "bench-live: skipped: $*"
	exit 0
}

[ "$(id -u)" = 0 ] || skip "needs root (network namespaces, capture)"
command -v ip >/dev/null 2>&1 || skip "ip (iproute2) not installed"
[ -x "$TS_BIN" ] || { echo "bench-live: $TS_BIN missing"; exit 1; }
[ -x "$REPLAY" ] || { echo "bench-live: $REPLAY missing"; exit 1; }
[ -r "$FILE" ] || skip "$FILE missing (make bench writes it)"

P=tsb$$
D=$(mktemp -d /tmp/tsb-live.XXXXXX) || exit 1
tspid=""
cleanup() {
	[ -n "$tspid" ] && kill -KILL "$tspid" 2>/dev/null
	ip netns del ${P}a 2>/dev/null
	ip netns del ${P}b 2>/dev/null
	rm -rf "$D"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

ip netns add ${P}a 2>"$D/err" && ip netns add ${P}b 2>>"$D/err" ||
    skip "ip netns not permitted here ($(head -c 200 "$D/err"))"
for n in a b; do
	ip netns exec ${P}$n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
	    net.ipv6.conf.default.disable_ipv6=1 >/dev/null 2>&1
done
# the bench's frames carry pseudowires: larger than 1500 bytes
ip link add ${P}x netns ${P}a type veth peer name ${P}y netns ${P}b \
    2>"$D/err" || skip "cannot create a veth pair ($(head -c 200 "$D/err"))"
ip -n ${P}a link set ${P}x mtu 9000 up
ip -n ${P}b link set ${P}y mtu 9000 up

ip netns exec ${P}a "$TS_BIN" -B "$BUF" -i ${P}x >"$D/ts.out" 2>"$D/ts.err" &
tspid=$!
i=0
while ! grep -q "listening\|capturing\|warning" "$D/ts.err" 2>/dev/null &&
    [ $i -lt 20 ]; do
	sleep 0.1
	i=$((i + 1))
done
sleep 0.5
t0=$(date +%s%N)
pids=""
n=0
while [ $n -lt "$SENDERS" ]; do
	ip netns exec ${P}b "$REPLAY" -n "$FRAMES" ${P}y "$FILE" \
	    >"$D/s$n" 2>&1 &
	pids="$pids $!"
	n=$((n + 1))
done
wait $pids
t1=$(date +%s%N)
sleep 2			# let it drain what the kernel queued
cpu=$(awk '{ print $14 + $15 }' /proc/$tspid/stat 2>/dev/null)
# the capture thread (src/live.c names it ts-capture)
ccpu=0
for t in /proc/$tspid/task/*; do
	[ "$(cat $t/comm 2>/dev/null)" = ts-capture ] &&
	    ccpu=$(awk '{ print $14 + $15 }' $t/stat)
done
kill -INT "$tspid"
wait "$tspid" 2>/dev/null
tspid=""

sent=$(cat "$D"/s* | sed -n 's/^sent \([0-9]*\) frames.*/\1/p' |
    awk '{ s += $1 } END { print s + 0 }')
line=$(grep "packets captured" "$D/ts.err" | tail -1)
cap=$(echo "$line" | sed -n 's/.*: \([0-9]*\) packets captured.*/\1/p')
drop=$(echo "$line" | sed -n 's/.* \([0-9]*\) dropped by kernel.*/\1/p')
hz=$(getconf CLK_TCK)
awk -v sent="$sent" -v t0="$t0" -v t1="$t1" -v cap="${cap:-0}" \
    -v drop="${drop:-?}" -v cpu="${cpu:-0}" -v ccpu="${ccpu:-0}" -v hz="$hz" \
    -v s="$SENDERS" 'BEGIN {
	secs = (t1 - t0) / 1e9
	mpps = secs > 0 ? sent / secs / 1e6 : 0
	us = cap > 0 ? cpu / hz / cap * 1e6 : 0
	cus = cap > 0 ? ccpu / hz / cap * 1e6 : 0
	printf "bench-live: %d senders offered %d frames in %.2f s (%.2f Mpps)\n",
	    s, sent, secs, mpps
	printf "bench-live: captured %d, dropped by the kernel %s\n", cap, drop
	printf "bench-live: tunnelscope CPU %.2f s, %.2f us per captured frame\n",
	    cpu / hz, us
	printf "bench-live: capture thread CPU %.2f s, %.2f us per captured frame\n",
	    ccpu / hz, cus
}'
