#!/bin/sh
# The test runner tried on itself (tests/suite.sh): a suite that dies, is
# killed, stops early or loses a check fails the run however many of its
# checks passed; one that runs its plan passes.  And no test reaches
# outside the repository, so that a clone with nothing beside it passes.
. tests/lib.sh
. tests/suite.sh

PLAN=$tmp/plan
printf 'whole 2\ndies 3\nkilled 3\nshort 3\nfails 2\n' >"$PLAN"
printf 'echo "PASS a"; echo "PASS b"\n' >"$tmp/whole.sh"
printf 'echo "PASS a"; echo "PASS b"; exit 1\n' >"$tmp/dies.sh"
printf 'echo "PASS a"; echo "PASS b"; kill -9 $$\n' >"$tmp/killed.sh"
printf 'echo "PASS a"; echo "PASS b"\n' >"$tmp/short.sh"
printf 'echo "PASS a"; echo "FAIL b"; exit 1\n' >"$tmp/fails.sh"

# The counters suite NAME leaves, from fresh ones: "passed failed".
try() {
	(passed=0; failed=0; suite "$1" sh "$tmp/$1.sh" >/dev/null 2>&1
	    echo "$passed $failed")
}
expect() {	# expect NAME "passed failed" what
	got=$(try "$1")
	if [ "$got" = "$2" ]; then
		pass "selftest: $3"
	else
		echo "  suite $1 left '$got', want '$2'" >&2
		fail "selftest: $3"
	fi
}
expect whole "2 0" "a suite that runs its plan passes"
expect dies "2 2" "a suite that exits non-zero after passing checks fails, twice"
expect killed "2 2" "a suite killed part way fails"
expect short "2 1" "a suite that runs fewer checks than planned fails"
expect fails "1 1" "a failed check fails"

# Nothing the tests run names a path beside the repository.
if { grep -nIE '\.\./shared|/work/' Makefile .ci/run .ci/deps; grep -rnIE \
    '\.\./shared|/work/' tests --include='*.sh' --include='*.py' --include='*.c' \
    --include='*.h'; } | grep -v '^tests/selftest.sh:' >"$tmp/outside"; then
	sed 's/^/  /' "$tmp/outside" >&2
	fail "selftest: no test reaches outside the repository"
else
	pass "selftest: no test reaches outside the repository"
fi
[ "$failed" -eq 0 ]
