#!/bin/sh
# make check: every suite, each checked against the number of checks it
# must run (tests/plan).  A suite that dies, is killed, exits non-zero or
# runs another number of checks than planned fails the run, however many
# of its checks passed.  Ends with one line: N passed, N failed.
. tests/lib.sh

. tests/suite.sh

# The suites against the test node (and a real Prometheus) mostly wait on
# them: they run beside the others, and are counted when those are done.
suite_start integration python3 tests/integration/test_report.py
suite_start store python3 tests/integration/test_store.py
suite_start monitoring python3 tests/monitoring.py
suite unit ./tests/unit/run
suite golden sh tests/golden.sh
suite files sh tests/files.sh
suite charts python3 tests/charts.py
suite docs sh tests/docs.sh
suite fuzz-replay sh tests/fuzz/replay.sh
suite layout sh tests/layout.sh
suite selftest sh tests/selftest.sh
suite_end integration
suite_end store
suite_end monitoring

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
