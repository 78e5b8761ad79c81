#!/bin/sh
# What a user's environment throws at the tool: a full disk, devices,
# symlinks and FIFOs as --output, binary, huge or odd files as input.
# Every run is under timeout(1): a hang is a failure, not a stuck suite.
# The report cases read tests/fakebeacon.py on a loopback port.  PASS/FAIL
# lines.
. tests/lib.sh

fb_pid=
trap '[ -n "$fb_pid" ] && kill "$fb_pid" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM

# run CMD...: stdout to $tmp/out, stderr to $tmp/err, status to $rc.
run() {
	rc=0
	timeout 30 "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
}
# run_full CMD...: the same with stdout on a full disk.
run_full() {
	rc=0
	timeout 30 "$@" >/dev/full 2>"$tmp/err" || rc=$?
}
# expect_error NAME RC PATTERN: the last run exited RC with exactly one
# error line on stderr (warnings aside), and that line matches PATTERN.
expect_error() {
	n=$(grep -cv '^uptimecalc: warning: ' "$tmp/err" || true)
	if [ "$rc" = "$2" ] && [ "$n" -eq 1 ] && grep -q -- "$3" "$tmp/err"; then
		pass "files: $1"
	else
		echo "  exit $rc, want $2 and one line matching '$3'; stderr:" >&2
		sed 's/^/    /' "$tmp/err" | head -n 5 >&2
		fail "files: $1"
	fi
}
# expect NAME CONDITION...: pass when the condition (a command) holds.
expect() {
	name=$1
	shift
	if "$@"; then
		pass "files: $name"
	else
		echo "  exit $rc; stderr:" >&2
		sed 's/^/    /' "$tmp/err" | head -n 5 >&2
		fail "files: $name"
	fi
}

full='write failure on standard output: No space left on device'

# --- every command and format onto a full disk: exit 74, one line --------
for fmt in table csv json; do
	for args in "chains" "chains ethereum" "penalty --offline 1d" \
	    "penalty --offline 30m --series" "penalty --chain cosmoshub --offline 1d" \
	    "breakeven --sweep 90:100:1" "budget --slo 99" "ha --design single --trials 100"; do
		# shellcheck disable=SC2086
		run_full $UC $args --format $fmt
		expect_error "$args --format $fmt onto /dev/full" 74 "$full"
	done
done
for args in "--help" "--version" "penalty --help" "report --help"; do
	# shellcheck disable=SC2086
	run_full $UC $args
	expect_error "$args onto /dev/full" 74 "$full"
done

# --- validator lists and the network table from odd files -----------------
run $UC report --validators-file /dev/zero
expect_error "--validators-file /dev/zero ends at once: not a text file" 65 \
    "validators file '/dev/zero' is not a text file"
run $UC report --validators-file tests
expect_error "--validators-file of a directory is an error" 66 "Is a directory"
# Past the limits: streamed through a pipe, so nothing big is written.
rc=0
yes 1 | head -c 134217730 | timeout 30 $UC report --validators-file - \
    >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_error "a validators file over 128 MiB is refused" 65 "longer than 128 MiB"

run $UC --data /dev/zero chains
expect_error "--data /dev/zero ends at once: not a text file" 65 \
    "network table '/dev/zero' is not a text file"
run $UC --data tests chains
expect_error "--data of a directory is an error" 66 "Is a directory"
rc=0
timeout 30 ./uptimecalc --data - chains --format csv <tests/fixtures/networks.csv \
    >"$tmp/out" 2>"$tmp/err" || rc=$?
./uptimecalc --data tests/fixtures/networks.csv chains --format csv >"$tmp/want" 2>&1
same=no
[ "$(wc -l <"$tmp/out")" -gt 10 ] && cmp -s "$tmp/out" "$tmp/want" && same=yes
expect "--data - reads the table from standard input" \
    test "$rc" -eq 0 -a "$same" = yes
rc=0
{ cat tests/fixtures/networks.csv; yes '# filler' | head -c 5000000; } |
    timeout 30 $UC --data /dev/stdin chains >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_error "a network table over 4 MiB is refused" 65 "longer than 4 MiB"

# Tables that made penalty loop for billions of epochs end at once.
run $UC penalty --offline 1d --data tests/fixtures/bad-block-time.csv
expect_error "a 1e-9 s slot time is refused, not simulated" 65 "'block_time_s' is 1e-09"
run $UC penalty --offline 100y --chain devnet-1s --data tests/fixtures/devnet-fast.csv --series
expect_error "a century of 1-s epochs is over the simulation's limit" 64 \
    "the simulation runs at most 100000000 epochs"

# --- report against the recorded devnet -----------------------------------
python3 tests/fakebeacon.py --fixtures tests/fixtures/lodestar-v1.22-devnet \
    --port-file "$tmp/port" --lifetime 120 >/dev/null 2>&1 &
fb_pid=$!
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
url="http://127.0.0.1:$(cat "$tmp/port")"
R="$UC report --beacon $url --store $tmp/store --from-epoch 4 --to-epoch 9"

run $R --validators 0-15 --format csv
cp "$tmp/out" "$tmp/clean.csv"
expect "the recorded devnet answers (exit 0, 17 rows)" \
    test "$rc" -eq 0 -a "$(wc -l <"$tmp/clean.csv")" -eq 18

for fmt in table csv json; do
	run_full $R --validators 0-15 --format $fmt
	expect_error "report --format $fmt onto /dev/full" 74 "$full"
done
run_full $R --validators 0-15 --from-epoch 0 --format csv
expect_error "a partial report onto /dev/full is 74, not 75" 74 "$full"

run_full $UC report --beacon "$url" --store "$tmp/store" --validators 0-15 --follow
# The failure came at the first flush; at the end only its mark is left.
expect_error "report --follow onto /dev/full stops at once with 74" 74 \
    "write failure on standard output"

run $R --validators 0-15 --format csv --output /dev/null
expect "--output /dev/null: exit 0, /dev/null still a device" \
    test "$rc" -eq 0 -a -c /dev/null -a ! -s "$tmp/out"
run $R --validators 0-15 --format csv --output /dev/full
expect_error "--output /dev/full is exit 74 naming it" 74 \
    "write failure on '/dev/full': No space left on device"
run $R --validators 0-15 --from-epoch 0 --format csv --output /dev/full
expect_error "a partial report onto --output /dev/full is 74" 74 \
    "write failure on '/dev/full'"
run $R --validators 0-15 --format csv --output tests
expect_error "--output onto a directory is exit 74" 74 "cannot write 'tests': Is a directory"

# /dev/stdout is the shell's file, written in place: >> keeps what it had.
rc=0
echo kept >"$tmp/log"
timeout 30 $R --validators 0-15 --format csv --output /dev/stdout >>"$tmp/log" \
    2>"$tmp/err" || rc=$?
expect "--output /dev/stdout appends to a file opened with >>" \
    test "$rc" -eq 0 -a "$(head -n 1 "$tmp/log")" = kept -a "$(wc -l <"$tmp/log")" -eq 19
rc=0
timeout 30 $R --validators 0-15 --format csv --output /dev/stdout 2>"$tmp/err" |
    cat >"$tmp/piped" || rc=$?
expect "--output /dev/stdout into a pipe" cmp -s "$tmp/piped" "$tmp/clean.csv"

echo old >"$tmp/target"
ln -s target "$tmp/link"
run $R --validators 0-15 --format csv --output "$tmp/link"
expect "--output onto a symlink keeps the link and replaces its target" \
    test "$rc" -eq 0 -a -L "$tmp/link" -a "$(readlink "$tmp/link")" = target
expect "... and the target holds the report" cmp -s "$tmp/target" "$tmp/clean.csv"
expect "... and no temporary file is left" \
    test "$(find "$tmp" -name '*.tmp' | wc -l)" -eq 0

mkfifo "$tmp/fifo"
timeout 30 cat "$tmp/fifo" >"$tmp/from-fifo" &
reader=$!
run $R --validators 0-15 --format csv --output "$tmp/fifo"
wait $reader || true
expect "--output into a FIFO writes through it" \
    test "$rc" -eq 0 -a -p "$tmp/fifo"
expect "... and the reader gets the report" cmp -s "$tmp/from-fifo" "$tmp/clean.csv"

# A 10,000-byte line, and a commented-out line longer than 4096 bytes:
# only validator 15 is watched (the old reader split both).
{
	printf '%9998s15\n' ''
	printf '#%5000s3 4\n' ''
} >"$tmp/long.txt"
run $R --validators-file "$tmp/long.txt" --format csv
expect "a 10,000-byte line is one item, a long comment one comment" \
    test "$rc" -eq 0 -a "$(cut -d, -f2 "$tmp/out" | tr '\n' ' ')" = "validator_index 15  "
rc=0
printf '15 # from a pipe\n' | timeout 30 $R --validators-file - --format csv \
    >"$tmp/out" 2>"$tmp/err" || rc=$?
expect "--validators-file - reads standard input" \
    test "$rc" -eq 0 -a "$(cut -d, -f2 "$tmp/out" | tr '\n' ' ')" = "validator_index 15  "
mkfifo "$tmp/vfifo"
printf '15\n' >"$tmp/vfifo" &
run $R --validators-file "$tmp/vfifo" --format csv
expect "--validators-file reads a FIFO to its end" \
    test "$rc" -eq 0 -a "$(cut -d, -f2 "$tmp/out" | tr '\n' ' ')" = "validator_index 15  "
run $R --validators 18446744073709551615-18446744073709551615
expect_error "a range at the largest index does not wrap" 64 \
    "unknown validator: 18446744073709"

[ "$failed" -eq 0 ]
