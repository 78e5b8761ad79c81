#!/bin/sh
# make check: unit tests, golden CLI output, error statuses, docs in sync.
# Ends with one line: N passed, N failed.
. tests/lib.sh

# 1. Unit tests (PASS/FAIL lines; details of a failure on stderr).
urc=0
./tests/unit/run >"$tmp/unit" 2>"$tmp/unit.err" || urc=$?
cat "$tmp/unit"
grep -v '^unit:' "$tmp/unit.err" | grep '^  ' >&2 || true
passed=$((passed + $(grep -c '^PASS' "$tmp/unit" || true)))
failed=$((failed + $(grep -c '^FAIL' "$tmp/unit" || true)))
grep -q . "$tmp/unit" || fail "unit runner produced no results"
# A sanitizer report ends the runner with a status but no FAIL line.
if [ "$urc" -ne 0 ] && ! grep -q '^FAIL' "$tmp/unit"; then
	cat "$tmp/unit.err" >&2
	fail "unit runner exited $urc"
fi

# 2. Golden runs: NAME.cmd holds the arguments; NAME.out the expected stdout,
#    NAME.err the expected stderr, NAME.rc the exit status (default 0).
for cmd in tests/golden/*.cmd; do
	name=${cmd%.cmd}
	want_rc=0
	[ -f "$name.rc" ] && want_rc=$(cat "$name.rc")
	eval "set -- $(cat "$cmd")"
	rc=0
	$UC "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
	[ -f "$name.out" ] && cp "$name.out" "$tmp/want.out" || : >"$tmp/want.out"
	[ -f "$name.err" ] && cp "$name.err" "$tmp/want.err" || : >"$tmp/want.err"
	if [ "$rc" = "$want_rc" ] && diff -u "$tmp/want.out" "$tmp/out" >&2 &&
	    diff -u "$tmp/want.err" "$tmp/err" >&2; then
		pass "golden ${name#tests/golden/}"
	else
		echo "  exit $rc, want $want_rc: uptimecalc $(cat "$cmd")" >&2
		fail "golden ${name#tests/golden/}"
	fi
done

# 3. Only err-* cases may fail (a bless must not enshrine an error), and
#    every error is one line on stderr with nothing on stdout.
for cmd in tests/golden/*.cmd; do
	name=${cmd%.cmd}
	case "${name#tests/golden/}" in err-*) continue ;; esac
	if [ -f "$name.rc" ] && [ "$(cat "$name.rc")" -ge 64 ]; then
		fail "golden ${name#tests/golden/} expects an error but is not an err- case"
	fi
done
for cmd in tests/golden/*.cmd; do
	name=${cmd%.cmd}
	[ -f "$name.rc" ] && [ "$(cat "$name.rc")" -ge 64 ] || continue
	if [ ! -f "$name.out" ] && [ "$(wc -l <"$name.err")" -eq 1 ]; then
		pass "one-line error ${name#tests/golden/}"
	else
		fail "one-line error ${name#tests/golden/}"
	fi
done

# 4. report against the test Beacon API server (loopback only).
python3 tests/integration/test_report.py >"$tmp/integ" || true
cat "$tmp/integ"
passed=$((passed + $(grep -c '^PASS' "$tmp/integ" || true)))
failed=$((failed + $(grep -c '^FAIL' "$tmp/integ" || true)))
grep -q '^PASS' "$tmp/integ" || fail "report integration tests did not run"

sh tests/docs.sh >"$tmp/docs" || true
cat "$tmp/docs"
passed=$((passed + $(grep -c '^PASS' "$tmp/docs" || true)))
failed=$((failed + $(grep -c '^FAIL' "$tmp/docs" || true)))

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
