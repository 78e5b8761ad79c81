#!/bin/sh
# Layout, read from the objects' symbol tables (make check builds them):
#
# 1. No cycle between source files.  src/A.c depends on src/B.c when A.o
#    uses a symbol B.o defines; files that depend on each other in a ring
#    can only be read, changed and tested together.  A cycle is a set of
#    files each of which reaches every other.
# 2. No global function in src/ that the program never calls: what only
#    tests or fuzz harnesses call belongs with them, what nothing calls is
#    dead.  make links the program once more with a section per function
#    (tests/out/layout/); the linker names the sections it dropped.
#
# The lists below are what is known and allowed for now.  An entry still
# true is printed; one no longer true fails, so the lists only shrink.
. tests/lib.sh

# Cycles, one a line: the files (no src/, no .c), in name order.  None.
allowed_cycles="
"

# Functions only tests call, one a line: the name, then why.  None.
allowed_unused="
"

# 1. Each line of "nm -A -P -g" is "FILE.o: SYMBOL TYPE ...", TYPE U for a
# symbol used but defined elsewhere.  The awk prints each cycle, with the
# symbols behind each dependency in it, and exits 1 on one not allowed or
# an allowed one that is gone.
nm -A -P -g src/*.o | awk -v allowed="$allowed_cycles" '
{
	f = $1
	sub(/^src\//, "", f)
	sub(/\.o:$/, "", f)
	if (!(f in seen)) {
		seen[f] = 1
		file[n++] = f		# in name order, as the shell globbed
	}
}
$3 == "U" { used[f, $2] = 1; next }
{ defined[$2] = f }
END {
	for (k in used) {
		split(k, u, SUBSEP)
		if ((u[2] in defined) && defined[u[2]] != u[1]) {
			dep[u[1], defined[u[2]]] = 1
			why[u[1], defined[u[2]]] = why[u[1], defined[u[2]]] " " u[2]
		}
	}
	# Floyd-Warshall: dep[a, b] once a reaches b at any depth.
	for (k = 0; k < n; k++)
		for (i = 0; i < n; i++)
			if ((file[i], file[k]) in dep)
				for (j = 0; j < n; j++)
					if ((file[k], file[j]) in dep)
						dep[file[i], file[j]] = 1
	split(allowed, a, "\n")
	for (i in a)
		if (a[i] != "")
			ok[a[i]] = 1
	for (i = 0; i < n; i++) {
		if (file[i] in inring)
			continue
		ring = file[i]
		for (j = i + 1; j < n; j++)
			if ((file[i], file[j]) in dep && (file[j], file[i]) in dep) {
				ring = ring " " file[j]
				inring[file[j]] = 1
			}
		if (ring == file[i])
			continue
		if (ring in ok) {
			print "  allowed for now: cycle " ring
			delete ok[ring]
			continue
		}
		print "  cycle: " ring
		m = split(ring, r, " ")
		for (x = 1; x <= m; x++)
			for (y = 1; y <= m; y++)
				if ((r[x], r[y]) in why)
					print "    " r[x] " uses " r[y] ":" why[r[x], r[y]]
		bad = 1
	}
	for (c in ok) {
		print "  allowed cycle '\''" c "'\'' is gone: take it off the list"
		bad = 1
	}
	exit bad
}' >"$tmp/cycles" && rc=0 || rc=$?
cat "$tmp/cycles"
[ "$rc" -eq 0 ] && pass "layout: no cycle between source files" ||
	fail "layout: no cycle between source files"

# 2. The global functions of the layout objects, the sections the linker
# dropped, and those two against the allowed list.
nm -A -P -g tests/out/layout/*.o | awk '$3 == "T" { print $2 }' | sort -u >"$tmp/global"
sed -n "s/.*removing unused section '\.text\.\([^']*\)' in file 'tests\/out\/layout\/.*/\1/p" \
    tests/out/layout/removed | sort -u | comm -12 "$tmp/global" - >"$tmp/unused"
echo "$allowed_unused" | awk 'NF { print $1 }' | sort >"$tmp/allowed"
comm -12 "$tmp/unused" "$tmp/allowed" | sed 's/^/  allowed for now: only tests call /'
comm -23 "$tmp/unused" "$tmp/allowed" | sed 's/^/  never called by the program: /' >"$tmp/bad"
comm -13 "$tmp/unused" "$tmp/allowed" |
    sed "s/.*/  allowed '&' is called now or gone: take it off the list/" >>"$tmp/bad"
cat "$tmp/bad"
if [ -s "$tmp/global" ] && [ ! -s "$tmp/bad" ]; then
	pass "layout: every global function in src/ is the program's"
else
	fail "layout: every global function in src/ is the program's"
fi

[ "$failed" -eq 0 ]
