#!/bin/sh
# replay.sh - `make fuzz-replay` (part of make check): build each fuzz
# target's LLVMFuzzerTestOneInput with the standalone driver replay_main.c
# (no libFuzzer) and feed it the target's regression inputs
# (tests/fuzz/regress/<t>/: every crash, hang, leak or sanitizer report
# the fuzzers found) and its seeds (tests/fuzz/seeds/<t>/), twice:
#  - gcc + ASan/UBSan, on the project's ASan objects (build/asan, made by
#    make's prerequisites);
#  - clang + ASan/UBSan, objects of its own (build/fuzz-replay/clang),
#    because gcc's UBSan lets some undefined behaviour by (NULL + 0) that
#    two of the regression inputs are about.  Skipped, saying so, without
#    clang.
# Then tests/fuzz/escape.sh (packet-derived text in every output mode).
# Run from the top directory.  Prints "fuzz-replay: N passed, N failed"
# for each compiler.
CC=${CC:-cc}
CLANG=${CLANG:-clang}
OUT=build/fuzz-replay
CPPFLAGS_TS="-Iinclude -Itests/fuzz -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700"
CFLAGS_TS="-std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
-Wmissing-prototypes -Wno-missing-field-initializers -O1 -g"
SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
LIBS="$(pkg-config --libs libpcap 2>/dev/null || echo -lpcap) \
$(pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw) -lcsv -lm"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

# replay COMPILER DIR LABEL: the archive DIR/libts.a must exist; adds to
# the totals
tpass=0 tfail=0
replay() {
	cc=$1 dir=$2 label=$3
	$cc $CPPFLAGS_TS $CFLAGS_TS $SAN -c -o $dir/replay_main.o \
	    tests/fuzz/replay_main.c || { tfail=$((tfail + 1)); return; }
	pass=0 fail=0 ran=0
	for src in tests/fuzz/fuzz_*.c; do
		t=$(basename "$src" .c); t=${t#fuzz_}
		dirs=
		for d in tests/fuzz/regress/$t tests/fuzz/seeds/$t; do
			[ -d "$d" ] && dirs="$dirs $d"
		done
		[ -n "$dirs" ] || continue
		if ! $cc $CPPFLAGS_TS $CFLAGS_TS $SAN -o $dir/replay_$t "$src" \
		    $dir/replay_main.o $dir/libts.a $LIBS; then
			echo "fuzz-replay$label: $t: driver does not build"
			fail=$((fail + 1)); continue
		fi
		res=$($dir/replay_$t $dirs 2>$dir/$t.stderr | tee $dir/$t.out | tail -1)
		grep '^FAIL ' $dir/$t.out | sed "s/^/fuzz-replay$label: $t: /"
		p=$(echo "$res" | sed -n 's/^replay: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
		f=$(echo "$res" | sed -n 's/^replay: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
		if [ -z "$p" ]; then
			echo "fuzz-replay$label: $t: driver died ($dir/$t.stderr)"; fail=$((fail + 1)); continue
		fi
		pass=$((pass + p)); fail=$((fail + f)); ran=$((ran + 1))
		[ "$f" = 0 ] || echo "fuzz-replay$label: $t: sanitizer output in $dir/$t.stderr"
	done
	echo "fuzz-replay$label: $pass passed, $fail failed ($ran targets)"
	tpass=$((tpass + pass)); tfail=$((tfail + fail))
}

mkdir -p $OUT
# an archive: only the objects a target reaches are linked
objs=$(find build/asan/src build/asan/dissectors -name '*.o' ! -name main.o | sort)
if [ -z "$objs" ]; then
	echo "fuzz-replay: no build/asan objects (run make asan)"; exit 1
fi
rm -f $OUT/libts.a && ar rcs $OUT/libts.a $objs || exit 1
replay "$CC" $OUT ""

if command -v "$CLANG" >/dev/null 2>&1; then
	C=$OUT/clang
	rm -rf $C && mkdir -p $C/obj || exit 1
	# the same sources as build/asan's library objects, two at a time
	if ls src/*.c dissectors/*.c | grep -v '^src/main\.c$' |
	    xargs -P 2 -I{} sh -c '$0 $1 $2 $3 -DTS_VERSION=\"replay\" \
	    -c -o "$4/obj/$(echo {} | tr / _).o" {}' "$CLANG" \
	    "$CPPFLAGS_TS" "$CFLAGS_TS" "$SAN" "$C"; then
		ar rcs $C/libts.a $C/obj/*.o && replay "$CLANG" $C " (clang)"
	else
		echo "fuzz-replay (clang): the library does not build"
		tfail=$((tfail + 1))
	fi
else
	echo "fuzz-replay (clang): $CLANG missing, skipped (gcc's UBSan" \
	    "misses NULL + 0)"
fi
# packet-derived text in every output mode (needs the built binary)
esc=0
if [ -x build/asan/tunnelscope ] || [ -x ./tunnelscope ]; then
	sh tests/fuzz/escape.sh || esc=1
fi
[ "$tfail" = 0 ] && [ $esc = 0 ]
