#!/usr/bin/env python3
"""The report's store against what disks and operators do to it: a run
killed (SIGKILL) at random moments, bits flipped and files cut short at
random places, and a --follow left running while other reports use the
same store.  After each, a run must print exactly what a run on a fresh
store prints, or refuse with one clear line.  Random choices come from a
fixed seed, so a failure can be replayed.  PASS/FAIL lines for tests/run.sh.
"""
import os
import random
import select
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

SEED = 20261202
N = 3000            # validators: records of about 26 kB
LAST = 57           # epochs 0-57 of a synthetic mainnet whose head is epoch 60


def report_args(url, store):
    return ["--beacon", url, "--validators", "0-%d" % (N - 1), "--from-epoch", "0",
            "--to-epoch", str(LAST), "--store", store, "--format", "csv"]


def main():
    return H.run_suite(scenarios)


def scenarios(tmp):
    rnd = random.Random(SEED)
    # Each rewards answer takes 20 ms more, so that fetching, not start-up,
    # is most of a run and most kills land part way through it.
    s = H.Server(tmp, "--synthetic", str(N), "--head-epoch", str(LAST + 3),
                 "--fault", "slow:0.02:1000000", lifetime=120)
    full = os.path.join(tmp, "full.store")
    rc, clean, err = H.run(report_args(s.url, full))
    H.check("store: a fresh store's report", rc == 0 and len(H.rows(clean)) == N + 1, (rc, err))
    size = os.path.getsize(full)
    # How long a first run takes once the node has its answers ready.
    t0 = time.monotonic()
    H.run(report_args(s.url, os.path.join(tmp, "timed.store")))
    first_s = time.monotonic() - t0

    # 1. SIGKILL at random moments of a first run; the next run completes it.
    partial = 0
    for i in range(16):
        st = os.path.join(tmp, "kill-%d.store" % i)
        p = subprocess.Popen(H.command(report_args(s.url, st)), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        # Half the kills anywhere in the run; half once it has begun to
        # store, so that many land part way through the fetching.
        pause = rnd.uniform(0, first_s if i % 2 == 0 else first_s / 2)
        t0 = time.monotonic()
        while i % 2 and p.poll() is None and time.monotonic() - t0 < 5 and \
                (not os.path.exists(st) or os.path.getsize(st) <= 64):
            time.sleep(0.002)
        time.sleep(pause)
        p.send_signal(signal.SIGKILL)
        at = time.monotonic() - t0
        p.wait()
        left = os.path.getsize(st) if os.path.exists(st) else 0
        partial += 64 < left < size
        rc, out, err = H.run(report_args(s.url, st))
        H.check("store: killed after %.0f ms (store %d bytes), the next run prints "
                "the fresh-store report" % (at * 1000, left), rc == 0 and out == clean,
                (rc, err[-500:]))
    H.check("store: most kills landed part way through the fetching",
            partial >= 6, "only %d of 16 kills left a partial store" % partial)

    # 2. A bit flipped anywhere: the damaged record is named and fetched again.
    orig = open(full, "rb").read()
    for i in range(12):
        st = os.path.join(tmp, "flip-%d.store" % i)
        b = bytearray(orig)
        at = rnd.randrange(len(b))
        b[at] ^= 1 << rnd.randrange(8)
        open(st, "wb").write(b)
        rc, out, err = H.run(report_args(s.url, st))
        if at < 40:
            ok = rc in (64, 65) and out == "" and err.count("\n") == 1
        else:
            ok = rc == 0 and out == clean
        H.check("store: a bit flipped at byte %d: the same report%s" %
                (at, ", or one clear refusal" if at < 40 else ""), ok, (rc, err[-500:]))
    # A flip in the header's root, for certain: refused, one line, not misread.
    b = bytearray(orig)
    b[20] ^= 4
    st = os.path.join(tmp, "flip-root.store")
    open(st, "wb").write(b)
    rc, out, err = H.run(report_args(s.url, st))
    H.check("store: a damaged file header is refused in one line",
            rc == 64 and out == "" and err.count("\n") == 1 and "another network" in err, err)

    # 3. A store cut short anywhere: what is whole is kept, the rest fetched.
    for i in range(6):
        st = os.path.join(tmp, "cut-%d.store" % i)
        at = rnd.randrange(64, len(orig))
        open(st, "wb").write(orig[:at])
        before = len(s.requests())
        rc, out, err = H.run(report_args(s.url, st))
        asked = len(s.requests()) - before
        H.check("store: cut at byte %d: the same report, %d epochs fetched again" % (at, asked),
                rc == 0 and out == clean and 0 < asked <= LAST + 1, (rc, err[-500:]))
    # A store that is a device or a directory is refused in one line.
    for what, st, want in (("a device", "/dev/null", 64), ("a directory", tmp, 66)):
        rc, out, err = H.run(report_args(s.url, st))
        H.check("store: --store naming %s is refused in one line" % what,
                rc == want and out == "" and err.count("\n") == 1, (rc, err))
    s.stop()

    # 4. A --follow left running does not keep other reports out of its
    #    store: another set of validators is fetched and appended beside it.
    f = H.Server(tmp, "--follow-ms", "2200", "--head-epoch", "6")
    fs = os.path.join(tmp, "follow.store")
    p = subprocess.Popen(H.command(["--beacon", f.url, "--validators", "0-7", "--from-epoch",
                                    "4", "--store", fs, "--follow", "--format", "csv"]),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    row, deadline = "", time.time() + 20
    while time.time() < deadline and not row[:1].isdigit():
        if not select.select([p.stdout], [], [], max(0, deadline - time.time()))[0]:
            break
        row = p.stdout.readline()
        if not row:
            break
    before = len(f.requests())
    rc, out, err = H.run(["--beacon", f.url, "--validators", "8-15", "--from-epoch", "4",
                          "--to-epoch", "5", "--store", fs, "--format", "csv"])
    H.check("store: a report runs beside --follow on the same store, and appends",
            row[:1].isdigit() and rc == 0 and len(H.rows(out)) == 9 and
            len(f.requests()) - before >= 2, (row, rc, err))
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=10)
    H.check("store: and --follow goes on, and ends cleanly", p.returncode == 0, (p.returncode, err))
    f.stop()


if __name__ == "__main__":
    sys.exit(main())
