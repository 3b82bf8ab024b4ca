#!/bin/sh
# tests/tui/run.sh - -T tui driven in tmux (send-keys, capture-pane).
#
# Each test starts tunnelscope in a detached tmux session of a fixed size
# on its own tmux socket, types keys, and reads the screen back.  What is
# expected comes from the scenario captures' README (captures/README.md:
# hosts, tunnel IDs, which side stalls) and from tshark where frames are
# counted, not from the TUI's own output.  Checks wait for the text to
# appear (up to ~5 s) instead of sleeping a fixed time.
#
#   sh tests/tui/run.sh            all tests (TS_BIN=./tunnelscope)
#   sh tests/tui/run.sh NAME...    the tests whose name contains NAME
#
# Ends with "tui: N passed, N failed" (exit 1 when any failed); without
# tmux it says so and passes nothing.

cd "$(dirname "$0")/../.." || exit 2
TS_BIN=${TS_BIN:-./tunnelscope}
case $TS_BIN in /*) ;; *) TS_BIN=$(pwd)/$TS_BIN ;; esac
SELECT="$*"

if ! command -v tmux >/dev/null 2>&1; then
	echo "tui: tmux missing, tests skipped (apt-get install tmux)"
	exit 0
fi
if [ ! -x "$TS_BIN" ]; then
	echo "tui: $TS_BIN not built"
	exit 2
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tui.XXXXXX") || exit 2
SOCK="tstui$$"
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
P=
cleanup() {
	T kill-server >/dev/null 2>&1
	if [ -n "$P" ]; then
		ip netns del ${P}a 2>/dev/null
		ip netns del ${P}b 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'cleanup; exit 2' INT TERM

pass=0 fail=0 skip=0
STORY="-r wan=captures/story-wan.pcap -r lan=captures/story-lan.pcap"
ARC="-r captures/story-arc.pcap"

# start W H "ENV" "ARGS": a fresh session running the TUI.
N=0
S=s0
start() {
	old=$S
	N=$((N + 1))
	S=s$N
	# the shell survives the Ctrl-C test (its SIGINT goes to the group)
	printf '#!/bin/sh\ntrap "echo" INT\ncd %s\nenv TZ=UTC LC_ALL=C TERM=${TUI_TERM:-screen} %s %s -T tui %s\necho EXIT=$?\nsleep 600\n' \
	    "$(pwd)" "$3" "$TS_BIN" "$4" >"$tmp/cmd$N.sh"
	T new-session -d -s "$S" -x "$1" -y "$2" "sh $tmp/cmd$N.sh" || return 1
	# the old session goes after the new one exists: the server stays
	T kill-session -t "$old" >/dev/null 2>&1
	wait_for " tunnelscope "
}
screen() { T capture-pane -t "$S" -p; }
screen_e() { T capture-pane -t "$S" -p -e; }
keys() { T send-keys -t "$S" "$@"; }
# wait_for TEXT: until TEXT is on the screen (5 s at most).
wait_for() {
	i=0
	while [ $i -lt 50 ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
wait_long() { wait_for "$1" || wait_for "$1" || wait_for "$1"; }
# wait_gone TEXT: until TEXT is no longer on the screen.
wait_gone() {
	i=0
	while [ $i -lt 50 ]; do
		screen | grep -qF -- "$1" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
has() { screen | grep -qF -- "$1"; }
line() { screen | sed -n "${1}p"; }	# line N of the screen (1-based)

wanted() {
	[ -z "$SELECT" ] && return 0
	for s in $SELECT; do
		case $1 in *"$s"*) return 0 ;; esac
	done
	return 1
}

# t NAME CMD...: one test, passed when CMD succeeds.
t() {
	name=$1
	shift
	if "$@"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $name"
		screen 2>/dev/null | sed 's/^/    | /'
	fi
}

# The layout holds: top bar, pane titles, key bar where they belong, and
# no line wider than the terminal.
layout_ok() {	# layout_ok W H
	s=$(screen)
	[ "$(printf '%s\n' "$s" | sed -n 1p | cut -c1-12)" = " tunnelscope" ] ||
	    { echo "  top bar broken"; return 1; }
	printf '%s\n' "$s" | sed -n "${2}p" | grep -q '^F1Help' ||
	    { echo "  key bar broken"; return 1; }
	printf '%s\n' "$s" | sed -n 3p | grep -q '^ Entities' ||
	    { echo "  list title broken"; return 1; }
	printf '%s\n' "$s" | grep -q 'Status.*Timeline.*Findings.*Packets' ||
	    { echo "  detail title broken"; return 1; }
	[ "$(printf '%s\n' "$s" | wc -l)" -eq "$2" ] ||
	    { echo "  not $2 lines"; return 1; }
	printf '%s\n' "$s" | awk -v w="$1" 'length($0) > w { bad = 1 }
	    END { exit bad }' || { echo "  line wider than $1"; return 1; }
}

exited() {	# exited CODE: the TUI ended with that status
	wait_for "EXIT=" && has "EXIT=$1"
}

# ---- the story: RT03 -> RT01 stuck in wait-ctl-reply (captures/README) ----

story_entities() {
	has "ctl 192.168.200.3 -> 192.168.1.1 ccid 20634" &&
	    has "[wait-ctl-reply|idle]" && has "stuck" && has "!!"
}
story_topbar() {
	line 1 | grep -q "findings: [1-9][0-9]* error" &&
	    line 2 | grep -q "wan 15 pkts" && line 2 | grep -q "lan 19 pkts"
}
story_findings() {
	keys 3 && wait_for "[3 Findings]" &&
	    has "ERROR l2tp.endpoint_in_tunneled_subnet" &&
	    has "recursive routing" &&
	    keys Tab End && wait_for "Evidence: " && has "Fix:" &&
	    keys Home Tab
}
story_status() {
	keys 1 && wait_for "[1 Status]" &&
	    has "show status l2tp (rebuilt from packets)" &&
	    has "initiator  wait-ctl-reply" && has "RT03 192.168.200.3"
}
story_timeline() {
	keys 2 && wait_for "[2 Timeline]" &&
	    has "wan:3 initiator: idle -> wait-ctl-reply (SCCRQ sent)" &&
	    has "x8 over 46 s"
}
# g: the first moment (RT03's first SCCRQ, frame wan:3 = 4th frame read
# of the merged inputs): no finding yet, in state 0 s; G: the end again.
story_timestep() {
	keys g && wait_for "4/34  step 1/" &&
	    has "findings: 0 error" && has "[wait-ctl-reply|idle] 0s" &&
	    ! has "stuck" &&
	    keys '>' && wait_for "step 2/" &&
	    keys G && wait_for "(end)" && has "stuck" &&
	    line 1 | grep -q "findings: [1-9][0-9]* error"
}
story_timeline_at_start() {
	keys g && wait_for "4/34  step 1/" && keys 2 &&
	    wait_for "1 entry (repeats folded)" && ! has "retransmitted" &&
	    keys G && wait_for "(end)" && has "retransmitted"
}
# Packets: the frames the control connection cites; Enter: -v detail.
story_packets() {
	keys 4 && wait_for "frames cited" &&
	    has "SCCRQ" && keys Tab j Enter &&
	    wait_for "in detail (Esc: back)" && has "L2TPv3 control:" &&
	    keys Escape && wait_for "frames cited"
}
# w: those frames into a pcap; tshark counts them and finds only the
# story's ARP and L2TP frames there.
story_pcap() {
	n=$(screen | sed -n 's/.* \([0-9][0-9]*\) frames cited.*/\1/p')
	keys w && wait_for "Save pcap:" && keys C-u "$tmp/ent.pcap" Enter &&
	    wait_for "written to" || return 1
	[ -n "$n" ] || { echo "  no frame count on screen"; return 1; }
	if command -v tshark >/dev/null 2>&1; then
		got=$(tshark -r "$tmp/ent.pcap" 2>/dev/null | wc -l)
		ok=$(tshark -r "$tmp/ent.pcap" -Y 'l2tp || arp' 2>/dev/null |
		    wc -l)
		[ "$got" -eq "$n" ] && [ "$ok" -eq "$n" ] ||
		    { echo "  pcap: $got frames, $ok L2TP/ARP, screen $n"; return 1; }
	else
		[ -s "$tmp/ent.pcap" ]
	fi
}
story_report_key() {
	keys e && wait_for "Report dir:" &&
	    keys C-u "$tmp/rep-e$N" Enter && wait_for "report written to" &&
	    [ -s "$tmp/rep-e$N/findings.csv" ] && [ -s "$tmp/rep-e$N/summary.md" ]
}
# Esc leaves any prompt or detail; q quits.
story_quit() { keys Escape && sleep 0.2 && keys Escape q && exited 0; }

if wanted story; then
	for size in "80 24" "200 60"; do
		set -- $size
		W=$1 H=$2
		if start "$W" "$H" "" "$STORY"; then
			t "story-$W-entities" story_entities
			t "story-$W-topbar" story_topbar
			t "story-$W-layout" layout_ok "$W" "$H"
			t "story-$W-findings" story_findings
			t "story-$W-status" story_status
			t "story-$W-timeline" story_timeline
			t "story-$W-timestep" story_timestep
			t "story-$W-timeline-at-start" story_timeline_at_start
			t "story-$W-packets" story_packets
			t "story-$W-pcap" story_pcap
			t "story-$W-report-key" story_report_key
			t "story-$W-quit" story_quit
		else
			t "story-$W-start" false
		fi
	done
fi

# ---- story-arc: tunnels up and down, sessions, BGP over the pseudowire ----

arc_entities() {
	has "ccid 24987/7677" && has "ccid 56446/41529" &&
	    has "ccid 20634" &&
	    screen | grep -q "ccid 56446/41529 *\[established\]" &&
	    screen | grep -q "^     ses 192.168.1.1 -> 192.168.200.3 session 27311" &&
	    has "[Established]"
}
# j/k move the selection: the detail pane follows the selected entity.
arc_navigation() {
	h1=$(screen | grep -o '\[L2C-[^]]*\]\|\[L2S-[^]]*\]\|\[BG[PC]-[^]]*\]' | head -1)
	keys j && sleep 0.3
	h2=$(screen | grep -o '\[L2C-[^]]*\]\|\[L2S-[^]]*\]\|\[BG[PC]-[^]]*\]' | head -1)
	keys k && sleep 0.3
	h3=$(screen | grep -o '\[L2C-[^]]*\]\|\[L2S-[^]]*\]\|\[BG[PC]-[^]]*\]' | head -1)
	keys End && sleep 0.3
	h4=$(screen | grep -o '\[L2C-[^]]*\]\|\[L2S-[^]]*\]\|\[BG[PC]-[^]]*\]' | head -1)
	keys Home && sleep 0.3
	h5=$(screen | grep -o '\[L2C-[^]]*\]\|\[L2S-[^]]*\]\|\[BG[PC]-[^]]*\]' | head -1)
	[ -n "$h1" ] && [ "$h1" != "$h2" ] && [ "$h1" = "$h3" ] &&
	    [ "$h4" != "$h1" ] && [ "$h5" = "$h1" ] ||
	    { echo "  selection: '$h1' j '$h2' k '$h3' End '$h4' Home '$h5'"; return 1; }
}
# Tab: the detail pane has the keys; j scrolls it (in a window short
# enough for the status text to need scrolling).
arc_detail_scroll() {
	T resize-window -t "$S" -x "$W" -y 20 && keys 1 Tab && sleep 0.4
	L=$(screen | grep -n 'Status.*Timeline' | head -1 | cut -d: -f1)
	L=$((L + 1))
	a=$(line $L)
	keys j j && sleep 0.3
	b=$(line $L)
	c=$(screen | grep -o '\[L2C-[^]]*\]' | head -1)
	keys Tab && T resize-window -t "$S" -x "$W" -y "$H" && sleep 0.3
	[ "$a" != "$b" ] && [ -z "$c" ] ||
	    { echo "  detail did not scroll ('$a' / '$b' / '$c')"; return 1; }
}
# The filter matches host names (RT01 = 192.168.1.1, captures/README): the
# stalled connection, whose responder never spoke, is left out.
arc_filter() {
	keys / && wait_for "Filter:" && keys R T 0 1 Enter &&
	    wait_for "filter: RT01" && has "ccid 56446/41529" &&
	    ! has "ccid 20634 " && keys Escape && wait_gone "filter: RT01" &&
	    has "ccid 20634"
}
arc_help() {
	keys '?' && wait_for "tunnelscope -T tui: keys" && keys x &&
	    wait_gone "tunnelscope -T tui: keys"
}
arc_resize() {
	T resize-window -t "$S" -x 80 -y 24 && sleep 0.5 && layout_ok 80 24 &&
	    T resize-window -t "$S" -x 50 -y 12 && wait_for "terminal too small" &&
	    T resize-window -t "$S" -x 130 -y 30 && sleep 0.5 &&
	    layout_ok 130 30 && line 3 | grep -q "Entities.*Status" &&
	    T resize-window -t "$S" -x 200 -y 60 && sleep 0.5 && layout_ok 200 60
}
arc_replay() {
	keys g && wait_for "step 1/" && keys Space && wait_for "PLAYING" &&
	    wait_for "step 3/" && keys Space && wait_gone "PLAYING"
}

if wanted arc; then
	for size in "200 60" "80 24"; do
		set -- $size
		W=$1 H=$2
		if start "$W" "$H" "" "$ARC"; then
			t "arc-$W-entities" arc_entities
			t "arc-$W-navigation" arc_navigation
			t "arc-$W-detail-scroll" arc_detail_scroll
			t "arc-$W-filter" arc_filter
			t "arc-$W-help" arc_help
			t "arc-$W-replay" arc_replay
			t "arc-$W-resize" arc_resize
			t "arc-$W-quit" story_quit
		else
			t "arc-$W-start" false
		fi
	done
fi

# ---- BGP nested under the L2TPv3 session carrying it (captures/README:
# bgp-pw-healthy, bgp-story-arc: P 10.0.0.1 <-> Q 10.0.0.2) ----

# nested_under SES BGP: the row holding BGP comes right below the row
# holding SES, its kind tag two columns further right.
nested_under() {
	screen | awk -v s="$1" -v b="$2" '
	    found { ok = index($0, b) > 0 && index($0, "bgp ") == col + 2
		exit }
	    index($0, s) { found = 1; col = index($0, "ses ") }
	    END { exit !ok }'
}
PWSES1="ses 203.0.113.1 -> 203.0.113.2 session 4097/8193"
PWSES2="ses 203.0.113.1 -> 203.0.113.2 session 4098/8194"
pw_nested() {
	nested_under "$PWSES1" "bgp BGP 10.0.0.1" &&
	    ! screen | grep -q "^.. bgp "
}
# At the end the BGP session rides the rebuilt tunnel's session
# 4098/8194; at t 1.003 (frame 12, step 9: P's OPEN) the first one's.
pw_nested_moves() {
	nested_under "$PWSES2" "bgp BGP 10.0.0.1" &&
	    ! nested_under "$PWSES1" "bgp BGP 10.0.0.1" &&
	    keys g && wait_for "step 1/" &&
	    keys '>' '>' '>' '>' '>' '>' '>' '>' && wait_for "step 9/" &&
	    nested_under "$PWSES1" "bgp BGP 10.0.0.1" &&
	    ! has "$PWSES2" && keys G && wait_for "(end)"
}
if wanted nested; then
	for size in "200 60" "80 24"; do
		set -- $size
		if start "$1" "$2" "" "-r captures/bgp-pw-healthy.pcap"; then
			t "nested-$1-pw-healthy" pw_nested
			t "nested-$1-pw-quit" story_quit
		else
			t "nested-$1-pw-start" false
		fi
	done
	if start 200 60 "" "-r captures/bgp-story-arc.pcap"; then
		t nested-arc-moves pw_nested_moves
		t nested-arc-quit story_quit
	else
		t nested-arc-start false
	fi
fi

# ---- hostile: a Host Name AVP "\x1b[31mRT01" shows escaped ----

hostile_escaped() {
	keys 4 && wait_for 'host=\x1b[31mRT01' &&
	    keys 1 && wait_for '[\x1b[31mRT01 192.168.1.1]' &&
	    ! screen_e | grep -q "$(printf '\033')\[31mRT01"
}
if wanted hostile; then
	if start 80 24 "" "-r captures/l2tp-hostile.pcap"; then
		t hostile-escaped hostile_escaped
		t hostile-quit story_quit
	else
		t hostile-start false
	fi
fi

# ---- colour: NO_COLOR, --no-color, a terminal without colours ----

# SGR colour parameters (30-37, 40-47, 38;..., 48;...) in capture-pane -e.
colour_codes() {
	screen_e | grep -c "$(printf '\033')\[[0-9;]*\(3[0-8]\|4[0-8]\)[;m]"
}
if wanted colour; then
	if start 80 24 "" "$STORY"; then
		t colour-default sh -c '[ "$0" -gt 0 ]' "$(colour_codes)"
		keys q
	fi
	if start 80 24 "NO_COLOR=1" "$STORY"; then
		t colour-no-color-env sh -c '[ "$0" -eq 0 ]' "$(colour_codes)"
		t colour-no-color-env-marks story_entities
		keys q
	fi
	if start 80 24 "" "--no-color $STORY"; then
		t colour-no-color-flag sh -c '[ "$0" -eq 0 ]' "$(colour_codes)"
		keys q
	fi
	if TUI_TERM=vt100 start 80 24 "" "$STORY"; then
		t colour-monochrome-term story_entities
		t colour-monochrome-layout layout_ok 80 24
		keys q
	fi
fi

# ---- Ctrl-C writes --report; not a terminal falls back to -T events ----

if wanted report; then
	if start 80 24 "" "$STORY --report $tmp/rep-c"; then
		keys C-c
		t report-ctrl-c exited 0
		t report-ctrl-c-files test -s "$tmp/rep-c/findings.csv"
	fi
fi
if wanted fallback; then
	env TZ=UTC LC_ALL=C "$TS_BIN" -T tui $STORY >"$tmp/fb.out" \
	    2>"$tmp/fb.err" </dev/null
	rc=$?
	t fallback-message grep -q "not a terminal" "$tmp/fb.err"
	t fallback-events grep -q "FINDING error" "$tmp/fb.out"
	t fallback-rc test "$rc" -eq 0
fi

# ---- every l2tp-*.pcap scenario: starts, all views, exits 0 ----

views_ok() {
	keys 2 && wait_for "[2 Timeline]" && keys 3 &&
	    wait_for "[3 Findings]" && keys 4 && wait_for "[4 Packets]" &&
	    keys j 1 && wait_for "[1 Status]" && layout_ok 80 24
}
if wanted scenarios; then
	for f in captures/l2tp-*.pcap; do
		n=$(basename "$f" .pcap)
		case $n in l2tp-10k-tunnels) continue ;; esac
		if start 80 24 "" "-r $f"; then
			t "scenario-$n-views" views_ok
			t "scenario-$n-quit" story_quit
		else
			t "scenario-$n-start" false
		fi
	done
	# the big one: 10,000 tunnels stay responsive
	if start 80 24 "" "-r captures/l2tp-10k-tunnels.pcap"; then
		keys g
		t "scenario-10k-first" wait_for "step 1/"
		keys G
		t "scenario-10k-end" wait_for "(end)"
		t "scenario-10k-quit" story_quit
	fi
fi

# ---- live (-i) in a network-namespace pair: the story's stall replayed ----
# tunnelscope in namespace <P>a on <P>x, build/live-replay sending
# story-wan.pcap (20 times faster) from namespace <P>b on its veth peer.
# The stuck control connection must show up in wait-ctl-reply with its
# finding while the frame count rises; skipped, saying why, without root,
# ip netns or the replayer.

live_skip() { skip=$((skip + 1)); echo "tui: live skipped: $*"; }
live_count() { screen | sed -n 's/.*| wan \([0-9][0-9]*\) pkts.*/\1/p' | head -1; }
REPLAY=${REPLAY:-build/live-replay}
if wanted live; then
	P=tstui$$
	if [ "$(id -u)" != 0 ]; then
		live_skip "needs root (network namespaces, capture)"
	elif ! command -v ip >/dev/null 2>&1; then
		live_skip "ip (iproute2) not installed"
	elif [ ! -x "$REPLAY" ]; then
		live_skip "$REPLAY not built (make build/live-replay)"
	elif ! ip netns add ${P}a 2>/dev/null; then
		live_skip "ip netns not permitted here"
	else
		ip netns add ${P}b
		for n in a b; do
			ip netns exec ${P}$n sysctl -qw \
			    net.ipv6.conf.all.disable_ipv6=1 \
			    net.ipv6.conf.default.disable_ipv6=1 >/dev/null 2>&1
		done
		ip link add ${P}x netns ${P}a type veth peer name ${P}y \
		    netns ${P}b && ip -n ${P}a link set ${P}x up &&
		    ip -n ${P}b link set ${P}y up
		T new-session -d -s live -x 120 -y 30 "ip netns exec ${P}a env TZ=UTC LC_ALL=C TERM=screen $TS_BIN -i wan=${P}x -w $tmp/live.pcap; echo EXIT=\$?; sleep 600"
		S=live
		t live-starts wait_for " LIVE "
		t live-empty wait_for "wan 0 pkts"
		ip netns exec ${P}b "$REPLAY" -g 0.05 ${P}y \
		    captures/story-wan.pcap >/dev/null &
		rp=$!
		sleep 0.8
		c1=$(live_count)
		wait $rp
		sleep 0.5
		c2=$(live_count)
		t live-count-rises sh -c '[ "${0:-0}" -gt 0 ] && [ "$1" -eq 15 ] && [ "$1" -gt "$0" ]' "$c1" "$c2"
		t live-stuck-entity wait_for "ctl 192.168.200.3"
		t live-wait-ctl-reply has "[wait-ctl-reply|idle]"
		keys 3
		t live-finding-shown wait_for "l2tp.ctl_reply_missing"
		# a wait state 10 s without change is "stuck" (live clock)
		t live-stuck-mark wait_long "stuck"
		keys 4
		t live-packets-from-tee wait_for "frames cited"
		keys Escape q
		t live-quit exited 0
		ip netns del ${P}a 2>/dev/null
		ip netns del ${P}b 2>/dev/null
	fi
fi

echo "tui: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
