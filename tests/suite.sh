# The suite runner of tests/run.sh, apart so that tests/selftest.sh can
# try it on suites that die, stop early or lose a check.  Needs tests/lib.sh.
PLAN=${PLAN:-tests/plan}

plan() {	# the planned number of checks of suite $1
	awk -v s="$1" '$1 == s { print $2; found = 1 } END { if (!found) print -1 }' "$PLAN"
}

# suite NAME COMMAND...: run it, show its PASS/FAIL lines, count them.
suite() {
	suite_start "$@"
	suite_end "$1"
}

# suite_start NAME COMMAND...: run it in the background (the slow suites
# wait mostly on their test node, and two cores can run another meanwhile);
# suite_end NAME waits for it and counts it as suite does.
suite_start() {
	name=$1
	shift
	( rc=0; "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || rc=$?
	  echo "$rc" >"$tmp/$name.rc" ) &
	echo $! >"$tmp/$name.pid"
}

suite_end() {
	name=$1
	wait "$(cat "$tmp/$name.pid")" 2>/dev/null || true
	rc=$(cat "$tmp/$name.rc" 2>/dev/null || echo 127)
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
