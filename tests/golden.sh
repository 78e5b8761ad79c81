#!/bin/sh
# Golden runs: NAME.cmd holds the arguments; NAME.out the expected stdout,
# NAME.err the expected stderr, NAME.rc the exit status (default 0).  Only
# err-* cases may fail (a bless must not enshrine an error), and every
# error is one line on stderr with nothing on stdout.  PASS/FAIL lines.
. tests/lib.sh

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
[ "$failed" -eq 0 ]
