#!/bin/sh
# tests/live/run.sh - live capture (issue #8) inside network namespaces made here.
#
# Two namespaces (<P>a: tunnelscope, <P>b: the replayer) joined by two veth
# pairs (<P>x-<P>y, <P>u-<P>v), IPv6 off so the kernel adds no frame of its
# own: what is captured is exactly what build/live-replay sends.  Each case
# compares the live run with the offline run of the same capture.  Needs
# root and `ip netns`; otherwise prints "live: skipped: <reason>".
#
# env: TS_BIN (./tunnelscope), REPLAY (build/live-replay)
# Ends with "live: N passed, N failed".

TS_BIN=${TS_BIN:-./tunnelscope}
REPLAY=${REPLAY:-build/live-replay}
CAP=captures
export TZ=UTC LC_ALL=C

skip() {
	echo "live: skipped: $*"
	exit 0
}

[ "$(id -u)" = 0 ] || skip "needs root (network namespaces, capture)"
command -v ip >/dev/null 2>&1 || skip "ip (iproute2) not installed"
command -v setpriv >/dev/null 2>&1 || skip "setpriv (util-linux) not installed"
[ -x "$TS_BIN" ] || { echo "live: $TS_BIN missing"; exit 1; }
[ -x "$REPLAY" ] || { echo "live: $REPLAY missing"; exit 1; }

P=tsl$$
D=$(mktemp -d /tmp/tsl-live.XXXXXX) || exit 1
chmod 755 "$D"
TS=$D/tunnelscope		# a copy any user can execute (the -Z / setpriv cases)
cp "$TS_BIN" "$TS" && chmod 755 "$TS"
pids=""

cleanup() {
	for p in $pids; do kill -KILL "$p" 2>/dev/null; done
	ip netns del ${P}a 2>/dev/null
	ip netns del ${P}b 2>/dev/null
	rm -rf "$D"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

if ! ip netns add ${P}a 2>"$D/err"; then
	skip "ip netns not permitted here ($(head -c 200 "$D/err"))"
fi
if ! ip netns add ${P}b 2>>"$D/err"; then
	skip "ip netns not permitted here ($(head -c 200 "$D/err"))"
fi
for n in a b; do
	ip netns exec ${P}$n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
	    net.ipv6.conf.default.disable_ipv6=1 >/dev/null 2>&1
done
if ! ip link add ${P}x netns ${P}a type veth peer name ${P}y netns ${P}b \
    2>"$D/err" || ! ip link add ${P}u netns ${P}a type veth peer name \
    ${P}v netns ${P}b 2>>"$D/err"; then
	skip "cannot create veth pairs ($(head -c 200 "$D/err"))"
fi
for i in x u; do ip -n ${P}a link set ${P}$i up; done
for i in y v; do ip -n ${P}b link set ${P}$i up; done

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "live: ok   $*"; }
bad() { fail=$((fail + 1)); echo "live: FAIL $*"; }

A() { ip netns exec ${P}a "$@"; }
B() { ip netns exec ${P}b "$@"; }

# start NAME args...: tunnelscope in namespace a, output in $D/NAME.{out,err};
# returns once the interfaces are open (the root warning, or the uid drop).
start() {
	name=$1
	shift
	# not through A(): $! must be tunnelscope itself (ip netns exec execs)
	ip netns exec ${P}a "$TS" "$@" >"$D/$name.out" 2>"$D/$name.err" &
	tspid=$!
	pids="$pids $tspid"
	i=0
	while [ $i -lt 50 ]; do
		if grep -q "parsed as root" "$D/$name.err" 2>/dev/null ||
		    grep -q "^Uid:[[:space:]]*65534" /proc/$tspid/status \
		    2>/dev/null; then
			return 0
		fi
		kill -0 $tspid 2>/dev/null || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# finish: wait at most 10 s for tunnelscope to exit (then kill it: rc
# 137), the exit code in $rc.  stop: SIGINT, then finish.
finish() {
	i=0
	while kill -0 $tspid 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -0 $tspid 2>/dev/null && kill -KILL $tspid
	wait $tspid
	rc=$?
}
stop() {
	kill -INT $tspid 2>/dev/null
	finish
}

# The event lines of a live run's output (the summary follows them).
events_of() { sed '/^tunnelscope .* capture summary$/,$d' "$1"; }
summary_of() { sed -n '/^tunnelscope .* capture summary$/,$p' "$1"; }
# Events without their time stamp, sorted (live time stamps are the
# kernel's; the order of a finding against transitions depends on timing).
norm_events() { cut -d' ' -f2- | grep -v ' FINDING ' | sort; }
# Findings: evidence, severity, rule and entity (a title's counts are the
# ones known when it was first printed).
norm_findings() { cut -d' ' -f2- | grep ' FINDING ' | sed 's/: .*//' | sort -u; }
# The final state: findings and the per-entity sections of the summary,
# times and measured round trips masked.
# In the findings, the explanation (indented 6, with measured intervals
# that scaled replay gaps change) is left out; titles, evidence and what
# explains what stay.
norm_summary() {
	sed -n '/^Findings/,/^Inputs/p; /^L2TPv3/,/^Timeline/p' |
	    grep -v '^Inputs\|^Timeline' |
	    awk '/^Findings/ { f = 1 } /^L2TPv3/ { f = 0 }
		f && /^      / && !/^ +(evidence|explains):/ { next }
		{ print }' |
	    sed -E 's/[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?/T/g;
		s/RTT [0-9.]+-[0-9.]+ s/RTT/g'
}

compare() {	# what file-a file-b
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		bad "$1"
		diff "$2" "$3" | head -20
	fi
}

# ---- 1. one interface: healthy tunnel, -w tee, SIGUSR1, -D, -i N ----
if start h -i ${P}x -w "$D/h.pcap"; then
	B "$REPLAY" ${P}y $CAP/l2tp-udp-healthy.pcap >/dev/null
	sleep 0.5
	kill -USR1 $tspid
	sleep 0.3
	stop
	[ $rc = 0 ] && ok "healthy: SIGINT ends with 0" ||
	    bad "healthy: exit $rc"
	"$TS" -T events -r ${P}x=$CAP/l2tp-udp-healthy.pcap >"$D/h.off"
	"$TS" -r ${P}x=$CAP/l2tp-udp-healthy.pcap >"$D/h.offsum"
	events_of "$D/h.out" | norm_events >"$D/h.le"
	norm_events <"$D/h.off" >"$D/h.oe"
	[ -s "$D/h.oe" ] && compare "healthy: transitions equal offline" \
	    "$D/h.oe" "$D/h.le" || bad "healthy: no offline transitions"
	events_of "$D/h.out" | norm_findings >"$D/h.lf"
	norm_findings <"$D/h.off" >"$D/h.of"
	compare "healthy: findings equal offline" "$D/h.of" "$D/h.lf"
	summary_of "$D/h.out" | norm_summary >"$D/h.ls"
	norm_summary <"$D/h.offsum" >"$D/h.os"
	compare "healthy: final states equal offline" "$D/h.os" "$D/h.ls"
	r=$("$REPLAY" -C $CAP/l2tp-udp-healthy.pcap "$D/h.pcap")
	[ $? = 0 ] && ok "healthy: -w holds exactly the replayed frames ($r)" ||
	    bad "healthy: -w: $r"
	n=$(grep -c "^tunnelscope: ${P}x: [0-9]* packets captured, [0-9]* received by filter, [0-9]* dropped by kernel" "$D/h.err")
	[ "$n" -ge 2 ] && ok "healthy: SIGUSR1 and exit print the stats line" ||
	    bad "healthy: $n stats lines"
else
	bad "healthy: did not start: $(cat "$D/h.err")"
fi

num=$(A "$TS" -D | sed -n "s/^\([0-9]*\)\.${P}x \[Up, Running.*\]\$/\1/p")
if [ -n "$num" ]; then
	ok "-D lists ${P}x as $num.${P}x [Up, Running...]"
	if start d -c 3 -T decode -i "$num"; then
		B "$REPLAY" ${P}y $CAP/l2tp-udp-healthy.pcap >/dev/null
		finish
		n=$(wc -l <"$D/d.out")
		[ $rc = 0 ] && [ "$n" -ge 3 ] &&
		    ok "-i $num -c 3: three frames decoded, exit 0" ||
		    bad "-i $num -c 3: exit $rc, $n lines"
	else
		bad "-i $num did not start: $(cat "$D/d.err")"
	fi
else
	bad "-D: no line for ${P}x: $(A "$TS" -D | head -3)"
fi

# ---- 2. two interfaces: the story's WAN and LAN at once ----
if start s -i wan=${P}x -i lan=${P}u -w "$D/s.pcap"; then
	B "$REPLAY" -g 0.05 ${P}y $CAP/story-wan.pcap >/dev/null &
	r1=$!
	B "$REPLAY" -g 0.05 ${P}v $CAP/story-lan.pcap >/dev/null
	wait $r1
	sleep 0.5
	stop
	[ $rc = 0 ] && ok "story: exit 0" || bad "story: exit $rc"
	"$TS" -T events -r wan=$CAP/story-wan.pcap -r lan=$CAP/story-lan.pcap \
	    >"$D/s.off"
	"$TS" -r wan=$CAP/story-wan.pcap -r lan=$CAP/story-lan.pcap \
	    >"$D/s.offsum"
	events_of "$D/s.out" | norm_events >"$D/s.le"
	norm_events <"$D/s.off" >"$D/s.oe"
	compare "story: transitions equal offline (-r wan= -r lan=)" \
	    "$D/s.oe" "$D/s.le"
	summary_of "$D/s.out" | norm_summary >"$D/s.ls"
	norm_summary <"$D/s.offsum" >"$D/s.os"
	grep -q "l2tp.endpoint_in_tunneled_subnet" "$D/s.ls" &&
	    compare "story: findings and final states equal offline" \
	    "$D/s.os" "$D/s.ls" ||
	    bad "story: no endpoint_in_tunneled_subnet finding live"
	r=$("$REPLAY" -C $CAP/story-wan.pcap "$D/s-wan.pcap") &&
	    r2=$("$REPLAY" -C $CAP/story-lan.pcap "$D/s-lan.pcap") &&
	    ok "story: -w s.pcap -> s-wan.pcap ($r), s-lan.pcap ($r2)" ||
	    bad "story: tee files: $r $r2"
else
	bad "story: did not start: $(cat "$D/s.err")"
fi

# ---- 3. a stall while it happens: Hellos unanswered, no StopCCN ----
# l2tp-hello-timeout.pcap without its last frame; the inferred timer
# (Hello unacknowledged for 31 s) must fire while capture goes on.
if start t -i ${P}x; then
	B "$REPLAY" -n 12 ${P}y $CAP/l2tp-hello-timeout.pcap >/dev/null
	t0=$(date +%s)
	found=""
	while [ $(($(date +%s) - t0)) -lt 45 ]; do
		if grep -q "FINDING error l2tp.hello_timeout" "$D/t.out"; then
			found=$(($(date +%s) - t0))
			break
		fi
		sleep 0.2
	done
	running=no
	kill -0 $tspid 2>/dev/null && running=yes
	stop
	if [ -n "$found" ] && [ $running = yes ] && [ "$found" -le 36 ]; then
		ok "stall: l2tp.hello_timeout reported ${found} s after the Hellos, capture still running"
	else
		bad "stall: finding after '${found}' s, running=$running"
		tail -5 "$D/t.out"
	fi
	grep -q "^[^ ]* - l2tp-ctl .*, inferred)" "$D/t.out" &&
	    ok "stall: the timer's inferred transition printed" || {
		bad "stall: no inferred transition"
		events_of "$D/t.out" | tail -3
	}
else
	bad "stall: did not start: $(cat "$D/t.err")"
fi

# ---- 4. -Z nobody ----
if start z -Z nobody -i ${P}x -w "$D/z.pcap"; then
	st=/proc/$tspid/status
	uid=$(awk '/^Uid:/ { print $2 $3 $4 $5 }' $st)
	gid=$(awk '/^Gid:/ { print $2 $3 $4 $5 }' $st)
	grp=$(awk '/^Groups:/ { print $2 }' $st)
	B "$REPLAY" ${P}y $CAP/l2tp-udp-healthy.pcap >/dev/null
	sleep 0.5
	stop
	if [ "$uid" = 65534655346553465534 ] &&
	    [ "$gid" = 65534655346553465534 ] && [ -z "$grp" ]; then
		ok "-Z nobody: uid/gid 65534 (real, effective, saved, fs), no groups"
	else
		bad "-Z nobody: Uid $uid Gid $gid Groups '$grp'"
	fi
	grep -q "parsed as root" "$D/z.err" &&
	    bad "-Z nobody: root warning printed" ||
	    ok "-Z nobody: no root warning"
	r=$("$REPLAY" -C $CAP/l2tp-udp-healthy.pcap "$D/z.pcap")
	[ $rc = 0 ] && [ $? = 0 ] &&
	    ok "-Z nobody: exit 0, tee opened before the drop ($r)" ||
	    bad "-Z nobody: exit $rc, tee: $r"
else
	bad "-Z nobody: did not start: $(cat "$D/z.err")"
fi

# ---- 5. errors in words, sysexits codes ----
A setpriv --reuid=65534 --regid=65534 --clear-groups "$TS" -i ${P}x \
    >/dev/null 2>"$D/e1.err"
rc=$?
[ $rc = 77 ] && grep -q "no permission to capture on ${P}x: run as root or .setcap cap_net_raw,cap_net_admin=eip" "$D/e1.err" &&
    ok "unprivileged: exit 77 and the setcap hint" ||
    bad "unprivileged: exit $rc: $(cat "$D/e1.err")"
A "$TS" -i ${P}nosuch >/dev/null 2>"$D/e2.err"
rc=$?
[ $rc = 69 ] && grep -q "no such interface: ${P}nosuch" "$D/e2.err" &&
    ok "missing interface: exit 69 and its name" ||
    bad "missing interface: exit $rc: $(cat "$D/e2.err")"
ip -n ${P}a link set ${P}u down
A "$TS" -i ${P}u >/dev/null 2>"$D/e3.err"
rc=$?
ip -n ${P}a link set ${P}u up
[ $rc = 69 ] && grep -q "interface ${P}u is down" "$D/e3.err" &&
    ok "interface down: exit 69" ||
    bad "interface down: exit $rc: $(cat "$D/e3.err")"
A "$TS" -Z nosuchuser$$ -i ${P}x >/dev/null 2>"$D/e4.err"
rc=$?
[ $rc = 64 ] && grep -q "no such user" "$D/e4.err" &&
    ok "-Z unknown user: exit 64" ||
    bad "-Z unknown user: exit $rc: $(cat "$D/e4.err")"

# ---- 6. overload: 10k tunnels three times at top speed into -B 64 ----
if start o -B 64 -w "$D/o.pcap" -i ${P}x; then
	B "$REPLAY" -r 3 ${P}y $CAP/l2tp-10k-tunnels.pcap >"$D/o.sent"
	sleep 1
	hwm=$(awk '/^VmHWM:/ { print $2 }' /proc/$tspid/status)
	stop
	sent=$(sed -n 's/^sent \([0-9]*\) frames.*/\1/p' "$D/o.sent")
	line=$(grep "packets captured" "$D/o.err" | tail -1)
	cap=$(echo "$line" | sed -n 's/.*: \([0-9]*\) packets captured.*/\1/p')
	drop=$(echo "$line" | sed -n 's/.* \([0-9]*\) dropped by kernel.*/\1/p')
	[ $rc = 0 ] && ok "overload: exit 0 after $sent frames sent, $cap analysed" ||
	    bad "overload: exit $rc: $(tail -3 "$D/o.err")"
	# the capture thread waits when the analysis is behind, so drops are
	# the kernel's only: the tee file, the stats line and the summary
	# count the same frames
	an=$(sed -n 's/^Frames *\([0-9]*\) analysed.*/\1/p' "$D/o.out")
	tee=$("$TS" -r "$D/o.pcap" 2>/dev/null |
	    sed -n 's/^Frames *\([0-9]*\) analysed.*/\1/p')
	[ -n "$an" ] && [ "$an" = "$cap" ] && [ "$tee" = "$cap" ] &&
	    ok "overload: -w file, stats line and summary all hold $cap frames" ||
	    bad "overload: analysed ${an:-?}, captured ${cap:-?}, tee ${tee:-?}"
	if [ -n "$hwm" ] && [ "$hwm" -lt 262144 ]; then
		ok "overload: peak RSS $((hwm / 1024)) MiB (bound 256 MiB)"
	else
		bad "overload: peak RSS ${hwm} KiB"
	fi
	if [ -z "$drop" ]; then
		bad "overload: no stats line"
	elif [ "$drop" -gt 0 ]; then
		grep -q "capture.drops" "$D/o.out" &&
		    grep -q "^Capture limits" "$D/o.out" &&
		    grep -q "the kernel dropped $drop packets" "$D/o.out" &&
		    ok "overload: $drop kernel drops counted, capture.drops finding and capture limits" ||
		    bad "overload: $drop drops not reported"
	else
		[ $((cap)) -eq $((sent)) ] &&
		    ok "overload: the kernel dropped nothing (all $sent frames analysed); no capture.drops" ||
		    bad "overload: no drops counted but $cap of $sent analysed"
	fi
else
	bad "overload: did not start: $(cat "$D/o.err")"
fi

# a sanitizer build (TS_BIN=build/asan/tunnelscope) must stay silent
if grep -l "Sanitizer\|runtime error:" "$D"/*.err >/dev/null 2>&1; then
	bad "sanitizer reports: $(grep -l "Sanitizer\|runtime error:" "$D"/*.err)"
else
	ok "no sanitizer report on standard error"
fi

echo "live: $pass passed, $fail failed"
[ $fail = 0 ]
