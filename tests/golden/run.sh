#!/bin/sh
# tests/golden/run.sh - captures through tunnelscope, output diffed exactly.
#
# tests/golden/cases holds one case a line, "name<TAB>capture<TAB>args"
# (blank lines and lines starting with # are ignored; args use shell
# quoting).  Each case runs
#   TZ=UTC LC_ALL=C $TS_BIN -r captures/<capture> <args>
# and compares stdout with expected/<name>.out, stderr with
# expected/<name>.err (empty when that file is absent) and the exit code
# with expected/<name>.rc (0 when absent).
#
#   sh tests/golden/run.sh [name...]     run all cases, or the named ones
#   UPDATE=1 sh tests/golden/run.sh ...  (re)write the expected files
#
# Expected files are checked by hand or against tshark before they are
# committed (tests/golden/README.md says how each one was checked): UPDATE
# only saves typing.

cd "$(dirname "$0")/../.." || exit 2
TS_BIN=${TS_BIN:-./tunnelscope}
G=tests/golden
CASES=$G/cases
EXP=$G/expected

if [ ! -x "$TS_BIN" ]; then
	echo "golden: $TS_BIN not built"
	exit 2
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$EXP"

pass=0 fail=0
tab=$(printf '\t')

wanted() {	# wanted NAME: run this case?
	[ -z "$SELECT" ] && return 0
	for s in $SELECT; do [ "$s" = "$1" ] && return 0; done
	return 1
}
SELECT="$*"

# excerpt NAME WHAT EXPECTED-FILE ACTUAL-FILE: the start of the diff
excerpt() {
	echo "    $2 differs (expected $3):"
	diff -u "$3" "$4" | sed -n '3,22p' | sed 's/^/    /'
}

while IFS="$tab" read -r name capture args; do
	case "$name" in ''|'#'*) continue ;; esac
	wanted "$name" || continue
	if [ ! -e "captures/$capture" ]; then
		echo "FAIL $name: captures/$capture missing"
		fail=$((fail + 1))
		continue
	fi
	eval "set -- $args"
	TZ=UTC LC_ALL=C "$TS_BIN" -r "captures/$capture" "$@" \
	    >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	if [ -n "$UPDATE" ]; then
		cp "$tmp/out" "$EXP/$name.out"
		if [ -s "$tmp/err" ]; then cp "$tmp/err" "$EXP/$name.err"
		else rm -f "$EXP/$name.err"; fi
		if [ $rc -ne 0 ]; then echo $rc >"$EXP/$name.rc"
		else rm -f "$EXP/$name.rc"; fi
		echo "updated $name (exit $rc)"
		pass=$((pass + 1))
		continue
	fi
	ok=1
	out_exp=$EXP/$name.out
	if [ ! -e "$out_exp" ]; then
		echo "FAIL $name: $out_exp missing (write it with UPDATE=1, then check it)"
		ok=0
	fi
	err_exp=$EXP/$name.err
	[ -e "$err_exp" ] || { : >"$tmp/empty"; err_exp=$tmp/empty; }
	rc_exp=0
	[ -e "$EXP/$name.rc" ] && rc_exp=$(cat "$EXP/$name.rc")
	if [ $ok = 1 ] && ! cmp -s "$out_exp" "$tmp/out"; then
		[ $ok = 1 ] && echo "FAIL $name"
		ok=0
		excerpt "$name" stdout "$out_exp" "$tmp/out"
	fi
	if ! cmp -s "$err_exp" "$tmp/err"; then
		[ $ok = 1 ] && echo "FAIL $name"
		ok=0
		excerpt "$name" stderr "$err_exp" "$tmp/err"
	fi
	if [ "$rc" != "$rc_exp" ]; then
		[ $ok = 1 ] && echo "FAIL $name"
		ok=0
		echo "    exit code $rc, expected $rc_exp"
	fi
	if [ $ok = 1 ]; then
		echo "ok   $name"
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
done <"$CASES"

echo "golden: $pass passed, $fail failed"
[ $fail -eq 0 ]
