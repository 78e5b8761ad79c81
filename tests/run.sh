#!/bin/sh
# make check: every suite, each checked against the number of checks it
# must run (tests/plan).  A suite that dies, is killed, exits non-zero or
# runs another number of checks than planned fails the run, however many
# of its checks passed.  Ends with one line: N passed, N failed.
. tests/lib.sh

plan() {	# the planned number of checks of suite $1
	awk -v s="$1" '$1 == s { print $2; found = 1 } END { if (!found) print -1 }' tests/plan
}

# suite NAME COMMAND...: run it, show its PASS/FAIL lines, count them.
suite() {
	name=$1
	shift
	rc=0
	"$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || rc=$?
	cat "$tmp/$name.out"
	p=$(grep -c '^PASS' "$tmp/$name.out" || true)
	f=$(grep -c '^FAIL' "$tmp/$name.out" || true)
	passed=$((passed + p))
	failed=$((failed + f))
	want=$(plan "$name")
	if [ "$f" -gt 0 ] || [ "$rc" -ne 0 ]; then
		# The details of failures (and any crash) are on the suite's stderr.
		sed 's/^/  /' "$tmp/$name.err" | tail -n 200 >&2
	fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		fail "suite $name exited $rc with no failed check: it died or stopped early"
	fi
	if [ "$((p + f))" -ne "$want" ]; then
		fail "suite $name ran $((p + f)) checks, tests/plan says $want"
	fi
}

suite unit ./tests/unit/run
suite golden sh tests/golden.sh
suite integration python3 tests/integration/test_report.py
suite store python3 tests/integration/test_store.py
suite files sh tests/files.sh
suite docs sh tests/docs.sh
suite fuzz-replay sh tests/fuzz/replay.sh
suite layout sh tests/layout.sh

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
