#!/bin/sh
# Benchmark of 'uptimecalc report' against a baseline that only downloads
# the same responses at the same concurrency (curl --parallel), both from
# tests/fakebeacon.py on a loopback port, in one run.  Ratios, not absolute
# times, are the result.  Usage (from the top directory, after make):
#
#   sh bench/run.sh [VALIDATORS] [EPOCHS] [CONCURRENCY]    default 1000 6750 4
#
# Prints a Markdown table for bench/RESULTS.md.  Needs curl and GNU time.
set -eu
N=${1:-1000}
E=${2:-6750}
C=${3:-4}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ucbench.XXXXXX")
trap 'kill $srv 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: needs GNU time (/usr/bin/time)" >&2; exit 1; }
command -v curl >/dev/null || { echo "bench: needs curl" >&2; exit 1; }

python3 tests/fakebeacon.py --synthetic "$N" --head-epoch $((E + 2)) \
    --port-file "$tmp/port" --log "$tmp/log" --lifetime 7200 &
srv=$!
while [ ! -s "$tmp/port" ]; do sleep 0.1; done
url="http://127.0.0.1:$(cat "$tmp/port")"

# The same POST body uptimecalc sends: the watched indices as strings.
python3 -c "import json,sys; print(json.dumps([str(i) for i in range($N)], separators=(',',':')), end='')" >"$tmp/body"
i=0
while [ $i -lt "$E" ]; do
	[ $i -gt 0 ] && echo next
	printf 'url = "%s/eth/v1/beacon/rewards/attestations/%d"\ndata-binary = "@%s"\nheader = "Content-Type: application/json"\noutput = "/dev/null"\n' \
	    "$url" $i "$tmp/body"
	i=$((i + 1))
done >"$tmp/curl.cfg"

measure() {	# label, then the command; prints wall, user+sys, peak RSS
	label=$1
	shift
	$TIME -f "%e %U %S %M" -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" ||
		{ echo "bench: $label failed:" >&2; cat "$tmp/err" >&2; exit 1; }
	read -r wall user sys rss <"$tmp/t"
	echo "$label $wall $(echo "$user + $sys" | bc) $rss"
}

# Warm the server's cache so neither side pays for it.
curl -s -o /dev/null --data-binary "@$tmp/body" -H 'Content-Type: application/json' \
    "$url/eth/v1/beacon/rewards/attestations/0"
base=$(measure baseline curl -s --parallel --parallel-max "$C" -K "$tmp/curl.cfg")
: >"$tmp/log"
args="report --beacon $url --validators 0-$((N - 1)) --from-epoch 0 --to-epoch $((E - 1)) \
--concurrency $C --format csv --store $tmp/store"
first=$(measure uptimecalc ./uptimecalc --data data/networks.csv $args)
fetched=$(grep -c '/rewards/' "$tmp/log" || true)
: >"$tmp/log"
again=$(measure rerun ./uptimecalc --data data/networks.csv $args)
refetched=$(grep -c '/rewards/' "$tmp/log" || true)
short=$(measure tenth ./uptimecalc --data data/networks.csv report --beacon "$url" \
    --validators "0-$((N - 1))" --from-epoch 0 --to-epoch $((E / 10 - 1)) \
    --concurrency "$C" --format csv --store "$tmp/store2")
store_mb=$(du -m "$tmp/store" | cut -f1)

set -- $base; bw=$2; bc_=$3; bm=$4
set -- $first; fw=$2; fc=$3; fm=$4
set -- $again; aw=$2; ac=$3; am=$4
set -- $short; sw=$2; sc=$3; sm=$4
r() { echo "scale=3; $1 / $2" | bc; }
cat <<EOT
### $N validators, $E epochs, concurrency $C ($(date -u +%Y-%m-%d), $(nproc) cores)

| run | wall s | CPU s | peak RSS MiB | rewards requests |
|---|---|---|---|---|
| baseline: curl --parallel --parallel-max $C | $bw | $bc_ | $((bm / 1024)) | $E |
| uptimecalc report, empty store | $fw | $fc | $((fm / 1024)) | $fetched |
| uptimecalc report, full store (re-run) | $aw | $ac | $((am / 1024)) | $refetched |
| uptimecalc report, $((E / 10)) epochs, empty store | $sw | $sc | $((sm / 1024)) | |

- wall, uptimecalc / baseline: **$(r "$fw" "$bw")** (target <= 1.2)
- wall, re-run / first run: **$(r "$aw" "$fw")** (target < 0.1), with $refetched rewards requests (target 0)
- peak RSS, $E epochs / $((E / 10)) epochs: **$(r "$fm" "$sm")** (target ~1: memory does not grow with epochs); store $store_mb MiB
EOT
