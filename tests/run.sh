#!/bin/sh
# make check: every suite, each checked against the number of checks it
# must run (tests/plan).  A suite that dies, is killed, exits non-zero or
# runs another number of checks than planned fails the run, however many
# of its checks passed.  Ends with one line: N passed, N failed.
. tests/lib.sh

. tests/suite.sh

suite unit ./tests/unit/run
suite golden sh tests/golden.sh
suite integration python3 tests/integration/test_report.py
suite store python3 tests/integration/test_store.py
suite files sh tests/files.sh
suite docs sh tests/docs.sh
suite fuzz-replay sh tests/fuzz/replay.sh
suite layout sh tests/layout.sh
suite selftest sh tests/selftest.sh

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
