#!/bin/sh
# make bless: rewrite the expected output of every golden case from the
# current binary.  Review the result as a diff before committing.
. tests/lib.sh
for cmd in tests/golden/*.cmd; do
	name=${cmd%.cmd}
	eval "set -- $(cat "$cmd")"
	rc=0
	$UC "$@" >"$name.out" 2>"$name.err" || rc=$?
	[ -s "$name.out" ] || rm -f "$name.out"
	[ -s "$name.err" ] || rm -f "$name.err"
	if [ "$rc" -ne 0 ]; then echo "$rc" >"$name.rc"; else rm -f "$name.rc"; fi
done
echo "blessed $(ls tests/golden/*.cmd | wc -l) cases"
