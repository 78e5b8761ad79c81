#!/bin/sh
# Run one libFuzzer harness: sh tests/fuzz/run.sh NAME SECONDS, with the
# dictionary tests/fuzz/NAME.dict when there is one.  New
# inputs worth keeping go to tests/fuzz/out/NAME (not committed: merge
# the useful ones into tests/fuzz/corpus/NAME by hand), crashes to
# tests/fuzz/crashes/NAME (committed: make check replays them).  Prints
# one line: how long it ran and how many inputs it tried.
set -eu
n=$1
secs=$2
out=tests/fuzz/out/$n
crashes=tests/fuzz/crashes/$n
mkdir -p "$out" "$crashes"
log=tests/fuzz/out/$n.log
rc=0
dict=
[ -f "tests/fuzz/$n.dict" ] && dict="-dict=tests/fuzz/$n.dict"
# -close_fd_mask=3: the code's own messages would fill the disk; libFuzzer
# and the sanitizers still report on a copy of stderr.
# -timeout=10: an input that takes ten seconds is a bug (a hang) as much as
# a crash is; -max_len: room for whole records and bodies, not just 4 kB.
"tests/fuzz/bin/$n" $dict -max_total_time="$secs" -print_final_stats=1 -timeout=10 \
    -max_len=65536 -close_fd_mask=3 -artifact_prefix="$crashes/" "$out" \
    "tests/fuzz/corpus/$n" >"$log" 2>&1 || rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
echo "fuzz $n: $secs s, ${runs:-?} inputs, exit $rc"
if [ "$rc" -ne 0 ]; then
	tail -n 60 "$log" >&2
	exit 1
fi
