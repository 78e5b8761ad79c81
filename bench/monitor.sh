#!/bin/sh
# The exporter under load: 'uptimecalc report --follow --listen' on N
# synthetic validators (tests/fakebeacon.py, an epoch every MS ms) for
# SECONDS, scraped ten times a second.  Prints how long scrapes take and
# the process's resident memory early and late, as Markdown for
# bench/RESULTS.md.  Targets (issue 12): a scrape under 50 ms at 10,000
# validators; memory flat over hours of following (here compressed: at
# 500 ms an epoch, 3 minutes are 360 epochs, 38 hours of mainnet).  The
# rolling window is a mainnet day's 225 epochs: in the compressed clock a
# day would be 172,800 epochs, and the window's bits with it.
#   sh bench/monitor.sh 10000 180 500
set -eu
N=${1:-10000}
SECS=${2:-180}
MS=${3:-500}
tmp=$(mktemp -d)
trap 'kill $srv $uc 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
python3 tests/fakebeacon.py --synthetic "$N" --head-epoch 10 --follow-ms "$MS" \
    --port-file "$tmp/port" --log /dev/null --lifetime $((SECS + 120)) &
srv=$!
while [ ! -s "$tmp/port" ]; do sleep 0.1; done
./uptimecalc --data data/networks.csv report --beacon "http://127.0.0.1:$(cat "$tmp/port")" \
    --validators "0-$((N - 1))" --from-epoch 8 --store "$tmp/store" --follow \
    --listen 127.0.0.1:0 --slo 99 --window "$((225 * MS / 1000))s" --format csv \
    >/dev/null 2>"$tmp/err" &
uc=$!
url=
while [ -z "$url" ]; do
	sleep 0.2
	kill -0 $uc 2>/dev/null || { cat "$tmp/err" >&2; exit 1; }
	url=$(sed -n 's/.*serving metrics at \(http:[^ ]*\).*/\1/p' "$tmp/err")
done
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$uc/status"; }
epoch() { curl -s "$url" | awk '/^uptimecalc_last_epoch / { print $2 }'; }
# Wait for the first epoch followed; then measure.
while [ -z "$(epoch)" ]; do sleep 0.2; done
e0=$(epoch); m0=$(rss)
end=$(( $(date +%s) + SECS ))
: >"$tmp/times"
while [ "$(date +%s)" -lt "$end" ]; do
	curl -s -o /dev/null -w '%{time_total}\n' "$url" >>"$tmp/times"
	sleep 0.1
done
e1=$(epoch); m1=$(rss); bytes=$(curl -s "$url" | wc -c)
sort -n "$tmp/times" >"$tmp/sorted"
n=$(wc -l <"$tmp/sorted")
p50=$(sed -n "$(( (n + 1) / 2 ))p" "$tmp/sorted")
p99=$(sed -n "$(( (n * 99 + 99) / 100 ))p" "$tmp/sorted")
max=$(tail -n 1 "$tmp/sorted")
ms() { echo "$1 * 1000" | bc; }
cat <<EOT
### report --follow --listen, $N validators, an epoch every $MS ms, $SECS s ($(date -u +%Y-%m-%d), $(nproc) cores)

| | value |
|---|---|
| epochs followed | $e0 -> $e1 ($((e1 - e0)) epochs, $(echo "($e1 - $e0) * 6.4 / 60" | bc) h of mainnet) |
| scrapes | $n, body $bytes bytes |
| scrape time p50 / p99 / max | $(ms "$p50") / $(ms "$p99") / $(ms "$max") ms (target < 50) |
| resident memory at the first epoch / at the end | $((m0 / 1024)) / $((m1 / 1024)) MiB |
EOT
