#!/bin/sh
# replay.sh - `make fuzz-replay` (part of make check): build each fuzz
# target's LLVMFuzzerTestOneInput with gcc + ASan/UBSan and the standalone
# driver replay_main.c (no clang, no libFuzzer), then feed it the target's
# regression inputs (tests/fuzz/regress/<t>/: every crash, hang, leak or
# sanitizer report the fuzzers found) and its seeds (tests/fuzz/seeds/<t>/).
# Uses the project's ASan objects (build/asan, made by make's prerequisites).
# Then tests/fuzz/escape.sh (packet-derived text in every output mode).
# Run from the top directory.  Prints "fuzz-replay: N passed, N failed".
CC=${CC:-cc}
OUT=build/fuzz-replay
CPPFLAGS_TS="-Iinclude -Itests/fuzz -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700"
CFLAGS_TS="-std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
-Wmissing-prototypes -Wno-missing-field-initializers -O1 -g"
SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
LIBS="$(pkg-config --libs libpcap 2>/dev/null || echo -lpcap) \
$(pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw) -lcsv -lm"

mkdir -p $OUT
# an archive: only the objects a target reaches are linked
objs=$(find build/asan/src build/asan/dissectors -name '*.o' ! -name main.o | sort)
if [ -z "$objs" ]; then
	echo "fuzz-replay: no build/asan objects (run make asan)"; exit 1
fi
rm -f $OUT/libts.a && ar rcs $OUT/libts.a $objs || exit 1
$CC $CPPFLAGS_TS $CFLAGS_TS $SAN -c -o $OUT/replay_main.o tests/fuzz/replay_main.c || exit 1

pass=0 fail=0 ran=0
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
for src in tests/fuzz/fuzz_*.c; do
	t=$(basename "$src" .c); t=${t#fuzz_}
	dirs=
	for d in tests/fuzz/regress/$t tests/fuzz/seeds/$t; do
		[ -d "$d" ] && dirs="$dirs $d"
	done
	[ -n "$dirs" ] || continue
	if ! $CC $CPPFLAGS_TS $CFLAGS_TS $SAN -o $OUT/replay_$t "$src" \
	    $OUT/replay_main.o $OUT/libts.a $LIBS; then
		echo "fuzz-replay: $t: driver does not build"
		fail=$((fail + 1)); continue
	fi
	res=$($OUT/replay_$t $dirs 2>$OUT/$t.stderr | tee $OUT/$t.out | tail -1)
	grep '^FAIL ' $OUT/$t.out | sed "s/^/fuzz-replay: $t: /"
	p=$(echo "$res" | sed -n 's/^replay: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(echo "$res" | sed -n 's/^replay: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	if [ -z "$p" ]; then
		echo "fuzz-replay: $t: driver died ($OUT/$t.stderr)"; fail=$((fail + 1)); continue
	fi
	pass=$((pass + p)); fail=$((fail + f)); ran=$((ran + 1))
	[ "$f" = 0 ] || echo "fuzz-replay: $t: sanitizer output in $OUT/$t.stderr"
done
echo "fuzz-replay: $pass passed, $fail failed ($ran targets)"
# packet-derived text in every output mode (needs the built binary)
esc=0
if [ -x build/asan/tunnelscope ] || [ -x ./tunnelscope ]; then
	sh tests/fuzz/escape.sh || esc=1
fi
[ "$fail" = 0 ] && [ $esc = 0 ]
