#!/bin/sh
# Docs in sync: --help of every command against the man page and the
# shared help lines, the man page's EXAMPLES against the golden cases, its
# lint, the README's examples; and what the README and FILES promise of
# the build: the table found from the binary (in the tree, a moved tree,
# an install), make's message for a missing library, install, uninstall.
. tests/lib.sh


man_txt="$tmp/man.txt"
mandoc -Tascii man/uptimecalc.1 2>/dev/null | col -b >"$man_txt" ||
	groff -mdoc -Tascii man/uptimecalc.1 2>/dev/null | col -b >"$man_txt"
norm() { tr -s ' \n\t' '   '; }
synopsis=$(sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' "$man_txt" | norm)

cmds=$(sed -n 's/^	{ "\([a-z]*\)",.*cmd_.*/\1/p' src/main.c)
[ -n "$cmds" ] || fail "docs: no commands found in src/main.c cmds[]"
for c in $cmds; do
	if ./uptimecalc "$c" --help >"$tmp/help" 2>&1 && grep -q "^usage: uptimecalc $c" "$tmp/help"; then
		pass "docs: uptimecalc $c --help exits 0"
	else
		fail "docs: uptimecalc $c --help exits 0"
	fi
	usage=$(sed -n '/^usage:/,/^[^ u]/p' "$tmp/help" | sed '$d' | sed 's/^usage: //' | norm | sed 's/ $//')
	case "$synopsis" in
	*"$usage"*) pass "docs: man SYNOPSIS has '$c' usage" ;;
	*) echo "  not in SYNOPSIS: $usage" >&2; fail "docs: man SYNOPSIS has '$c' usage" ;;
	esac
	missing=""
	for o in $(grep -o -- '--[a-z][a-z-]*' "$tmp/help" | sort -u); do
		grep -q -- "$o" "$man_txt" || missing="$missing $o"
	done
	if [ -z "$missing" ]; then
		pass "docs: man page documents every option of $c"
	else
		echo "  undocumented:$missing" >&2
		fail "docs: man page documents every option of $c"
	fi
	grep -q "uptimecalc $c" README.md && pass "docs: README shows $c" ||
		fail "docs: README shows $c"
done

# Every command's --help ends with the lines of the options all share,
# CMD_COMMON_HELP, so none can leave one out or word it its own way.
sed -n '/^#define CMD_COMMON_HELP/,/[^\\]$/p' include/cmd.h |
    sed -n 's/^ *"\(.*\)\\n".*$/\1/p' >"$tmp/tail"
n=$(wc -l <"$tmp/tail")
differ=""
grep -v -- '--format' "$tmp/tail" >"$tmp/tail-yaml"
for c in $cmds; do
	# alerts writes YAML alone: its help has no --format line.
	want="$tmp/tail"
	[ "$c" = alerts ] && want="$tmp/tail-yaml"
	./uptimecalc "$c" --help | tail -n "$(wc -l <"$want")" | cmp -s - "$want" ||
		differ="$differ $c"
done
if [ "$n" -ge 3 ] && [ -z "$differ" ]; then
	pass "docs: every command's --help ends with CMD_COMMON_HELP"
else
	echo "  not ending with the $n lines of CMD_COMMON_HELP:$differ" >&2
	fail "docs: every command's --help ends with CMD_COMMON_HELP"
fi

# Every EXAMPLES line of the man page is a golden case.
sed -n '/^\.Sh EXAMPLES/,/^\.Sh/p' man/uptimecalc.1 | sed -n 's/^\.Dl \$ uptimecalc //p' |
    sed 's/\\-/-/g; s/\\&//g' >"$tmp/examples"
[ -s "$tmp/examples" ] || fail "docs: man page has EXAMPLES"
while IFS= read -r ex; do
	found=no
	for g in tests/golden/*.cmd; do
		[ "$(cat "$g")" = "$ex" ] && found=yes && break
	done
	[ $found = yes ] && pass "docs: example is golden: $ex" ||
		fail "docs: example is golden: $ex"
done <"$tmp/examples"

if command -v mandoc >/dev/null 2>&1; then
	lint=$(mandoc -Tlint -Wwarning man/uptimecalc.1 2>&1 || true)
else
	lint=$(groff -mdoc -ww -z man/uptimecalc.1 2>&1 || true)
fi
[ -z "$lint" ] && pass "docs: man page lints clean" ||
	{ echo "$lint" >&2; fail "docs: man page lints clean"; }

# A binary run from the build tree finds the tree's table with no --data.
if ./uptimecalc chains --format csv >"$tmp/chains" 2>&1 && grep -q '^ethereum,' "$tmp/chains"; then
	pass "build tree: ./uptimecalc finds data/networks.csv"
else
	fail "build tree: ./uptimecalc finds data/networks.csv"
fi

# The table is found from the binary, not from a path the build recorded:
# a copy of the binary beside a copy of data/ (the tree moved) reads that
# copy with no --data, run by its path or by a name found in PATH.
mkdir -p "$tmp/moved/data"
moved=$(cd "$tmp/moved" && pwd -P)
cp uptimecalc "$moved/" && cp data/networks.csv "$moved/data/"
if (cd / && "$moved/uptimecalc" chains ethereum && PATH="$moved:$PATH" uptimecalc chains ethereum) \
    >"$tmp/moved.out" 2>&1 &&
    [ "$(grep -c "^note: read from $moved/data/networks.csv line" "$tmp/moved.out")" -eq 2 ]; then
	pass "moved tree: the binary finds the data/networks.csv beside it"
else
	sed 's/^/  /' "$tmp/moved.out" >&2
	fail "moved tree: the binary finds the data/networks.csv beside it"
fi

# A library pkg-config cannot find stops make at once, naming the Debian
# package to install, rather than the compiler on a missing header.
if env -u PKG_CONFIG_PATH PKG_CONFIG_LIBDIR="$tmp/no-pc" make -n uptimecalc \
    >/dev/null 2>"$tmp/make.err"; then
	fail "make: a missing library is named with its Debian package"
elif grep -q "cannot find libcurl libcjson gsl libmicrohttpd: install libcurl4-openssl-dev libcjson-dev libgsl-dev libmicrohttpd-dev" \
    "$tmp/make.err"; then
	pass "make: a missing library is named with its Debian package"
else
	sed 's/^/  /' "$tmp/make.err" >&2
	fail "make: a missing library is named with its Debian package"
fi

# make install puts the binary, the table and the man page in place.
make -s install DESTDIR="$tmp/dest" PREFIX=/usr/local >/dev/null 2>&1 || true
if [ -x "$tmp/dest/usr/local/bin/uptimecalc" ] &&
    [ -f "$tmp/dest/usr/local/share/uptimecalc/networks.csv" ] &&
    [ -f "$tmp/dest/usr/local/share/man/man1/uptimecalc.1" ] &&
    UPTIMECALC_DATA="$tmp/dest/usr/local/share/uptimecalc/networks.csv" \
    "$tmp/dest/usr/local/bin/uptimecalc" chains ethereum >/dev/null; then
	pass "make install: binary, table and man page installed"
else
	fail "make install: binary, table and man page installed"
fi

# ... and the monitoring pieces: the dashboard, and the service unit with
# the installed binary's path, a unit systemd-analyze finds sound (checked
# here with the binary of the tree, as the installed one is under DESTDIR).
unit="$tmp/dest/usr/local/lib/systemd/system/uptimecalc.service"
if [ -f "$tmp/dest/usr/local/share/uptimecalc/grafana-dashboard.json" ] && [ -f "$unit" ] &&
    grep -q '^ExecStart=/usr/local/bin/uptimecalc report --follow' "$unit" &&
    ! grep -q '@BINDIR@' "$unit" &&
    sed "s|@BINDIR@|$(pwd -P)|" data/uptimecalc.service >"$tmp/uptimecalc.service" &&
    systemd-analyze verify --man=no "$tmp/uptimecalc.service" >"$tmp/unit.err" 2>&1; then
	pass "make install: dashboard and service unit, the unit sound to systemd-analyze"
else
	sed 's/^/  /' "$tmp/unit.err" >&2 2>/dev/null
	fail "make install: dashboard and service unit, the unit sound to systemd-analyze"
fi

# The installed binary finds the table installed with it, under any prefix.
dest=$(cd "$tmp/dest" && pwd -P)
if (cd / && "$dest/usr/local/bin/uptimecalc" chains ethereum) >"$tmp/inst.out" 2>&1 &&
    grep -q "^note: read from $dest/usr/local/share/uptimecalc/networks.csv line" "$tmp/inst.out"; then
	pass "make install: the binary finds ../share/uptimecalc/networks.csv"
else
	sed 's/^/  /' "$tmp/inst.out" >&2
	fail "make install: the binary finds ../share/uptimecalc/networks.csv"
fi

# make uninstall takes away all of it: no file is left, nor share/uptimecalc.
make -s uninstall DESTDIR="$tmp/dest" PREFIX=/usr/local >/dev/null 2>&1 || true
left=$(find "$tmp/dest" ! -type d; find "$tmp/dest" -path '*/share/uptimecalc')
if [ -d "$tmp/dest/usr/local/bin" ] && [ -z "$left" ]; then
	pass "make uninstall: nothing of make install is left"
else
	echo "  left behind: $left" >&2
	fail "make uninstall: nothing of make install is left"
fi

# The README's examples are the tool's output on the shipped table: its
# numbers are regenerated (make readme), never typed.
python3 tests/readme.py >"$tmp/readme.out" || failed=1
cat "$tmp/readme.out"

[ "$failed" -eq 0 ]
