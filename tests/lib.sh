# Shared by the test scripts: strict shell, C locale, a scratch directory
# removed on exit, and pass/fail counters.  [jq tests/setup]
set -eu
LC_ALL=C
export LC_ALL
unset UPTIMECALC_DATA
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
# The golden runs read the frozen table, never the shipped one.
UC="./uptimecalc --data tests/fixtures/networks.csv"
