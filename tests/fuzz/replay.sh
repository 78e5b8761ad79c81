#!/bin/sh
# make check's replay of every committed fuzz input: each harness over its
# corpus and every crash it ever found, built with the compiler of the
# build (tests/fuzz/replay.c).  One PASS or FAIL line per harness.
set -u
status=0
for src in tests/fuzz/fuzz_*.c; do
	n=${src#tests/fuzz/fuzz_}
	n=${n%.c}
	set -- "tests/fuzz/corpus/$n"
	[ -d "tests/fuzz/crashes/$n" ] && set -- "$@" "tests/fuzz/crashes/$n"
	if ! "tests/fuzz/replay-$n" "$n" "$@"; then
		echo "FAIL fuzz replay $n: the harness failed on an input (above)"
		status=1
	fi
done
exit $status
