# The suite runner of tests/run.sh, apart so that tests/selftest.sh can
# try it on suites that die, stop early or lose a check.  Needs tests/lib.sh.
PLAN=${PLAN:-tests/plan}

plan() {	# the planned number of checks of suite $1
	awk -v s="$1" '$1 == s { print $2; found = 1 } END { if (!found) print -1 }' "$PLAN"
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
