#!/bin/sh
# seeds.sh - rebuild the minimised seed corpora tests/fuzz/seeds/<target>/
# from captures/*.pcap* and /work/shared/corpus (read there, never copied
# whole): mkseeds.py cuts raw per-target inputs into build/fuzz/rawseeds,
# then libFuzzer's -merge=1 keeps the inputs that add coverage.
# Needs clang (the fuzz binaries).  Run from the top directory.
set -e
make -s -f tests/fuzz/Makefile.inc fuzz-build
rm -rf build/fuzz/rawseeds
python3 tests/fuzz/mkseeds.py build/fuzz/rawseeds "$@"
for d in build/fuzz/rawseeds/*/; do
	t=$(basename "$d")
	[ -x build/fuzz/fuzz_$t ] || continue
	rm -rf tests/fuzz/seeds/$t
	mkdir -p tests/fuzz/seeds/$t
	build/fuzz/fuzz_$t -merge=1 -max_len=16384 -timeout=10 \
	    tests/fuzz/seeds/$t "$d" > build/fuzz/merge-$t.log 2>&1 || {
		# a few dozen per target: the 40 largest, merged again
	n=$(ls tests/fuzz/seeds/$t | wc -l)
	if [ "$n" -gt 40 ]; then
		rm -rf build/fuzz/keep && mkdir -p build/fuzz/keep
		(cd tests/fuzz/seeds/$t && ls -S | head -40 | xargs cp -t ../../../../build/fuzz/keep)
		rm -rf tests/fuzz/seeds/$t && mkdir -p tests/fuzz/seeds/$t
		build/fuzz/fuzz_$t -merge=1 -max_len=16384 -timeout=10 \
		    tests/fuzz/seeds/$t build/fuzz/keep >> build/fuzz/merge-$t.log 2>&1
	fi
	echo "seeds: $t: merge failed (a seed crashes?), see build/fuzz/merge-$t.log"
		exit 1; }
	# a few dozen per target: the 40 largest, merged again
	n=$(ls tests/fuzz/seeds/$t | wc -l)
	if [ "$n" -gt 40 ]; then
		rm -rf build/fuzz/keep && mkdir -p build/fuzz/keep
		(cd tests/fuzz/seeds/$t && ls -S | head -40 | xargs cp -t ../../../../build/fuzz/keep)
		rm -rf tests/fuzz/seeds/$t && mkdir -p tests/fuzz/seeds/$t
		build/fuzz/fuzz_$t -merge=1 -max_len=16384 -timeout=10 \
		    tests/fuzz/seeds/$t build/fuzz/keep >> build/fuzz/merge-$t.log 2>&1
	fi
	echo "seeds: $t: $(ls tests/fuzz/seeds/$t | wc -l) files, $(cat tests/fuzz/seeds/$t/* | wc -c) bytes"
done
