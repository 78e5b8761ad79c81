"""What the integration tests share: the fake node, running uptimecalc,
reading its CSV, and PASS/FAIL lines for tests/run.sh."""
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.path.join(ROOT, "tests", "fixtures", "lodestar-v1.22-devnet")
BIN = os.path.join(ROOT, "uptimecalc")
DATA = os.path.join(ROOT, "tests", "fixtures", "networks.csv")
results = []


def check(name, cond, detail=""):
    results.append(bool(cond))
    print(("PASS" if cond else "FAIL") + " " + name)
    sys.stdout.flush()
    if not cond and detail:
        sys.stderr.write("  " + str(detail)[:2000] + "\n")


def run_suite(cases, needs=None, why=""):
    """A suite's main: cases(tmp) in a fresh directory removed after; 1 if
    any check failed.  needs names a program the suite cannot do without:
    its absence is a failure (why), never a smaller suite."""
    if needs and shutil.which(needs) is None:
        check(why, False)
        return 1
    tmp = tempfile.mkdtemp()
    try:
        cases(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if all(results) else 1


class Server:
    """tests/fakebeacon.py on a loopback port: the recorded devnet unless
    --synthetic is among the arguments."""

    def __init__(self, tmp, *args, lifetime=60):
        self.dir = tempfile.mkdtemp(dir=tmp)
        self.log = os.path.join(self.dir, "log")
        pf = os.path.join(self.dir, "port")
        base = [] if "--synthetic" in args else ["--fixtures", FIX]
        self.p = subprocess.Popen([sys.executable, os.path.join(ROOT, "tests", "fakebeacon.py"),
                                   "--port-file", pf, "--log", self.log,
                                   "--lifetime", str(lifetime)] + base + list(args))
        for _ in range(200):
            if os.path.exists(pf):
                break
            time.sleep(0.05)
        self.port = int(open(pf).read())
        self.url = "http://127.0.0.1:%d" % self.port

    def requests(self, needle="/rewards/attestations/"):
        if not os.path.exists(self.log):
            return []
        return [l for l in open(self.log) if needle in l]

    def stop(self):
        self.p.kill()
        self.p.wait()


def command(args):
    return [BIN, "--data", DATA, "report"] + args


def run(args, timeout=60, env=None):
    e = dict(os.environ)
    e.pop("BEACON_API_URL", None)
    e.update(env or {})
    p = subprocess.run(command(args), capture_output=True, text=True, timeout=timeout, env=e)
    return p.returncode, p.stdout, p.stderr


def run_rss(args, timeout=60):
    """run(), and the peak resident set of the uptimecalc process in KiB,
    from wait4: its own, not the test servers'."""
    e = dict(os.environ)
    e.pop("BEACON_API_URL", None)
    with tempfile.TemporaryFile("w+") as fo, tempfile.TemporaryFile("w+") as fe:
        p = subprocess.Popen(command(args), stdout=fo, stderr=fe, env=e)
        killer = threading.Timer(timeout, p.kill)
        killer.start()
        _, status, ru = os.wait4(p.pid, 0)
        killer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
        fo.seek(0)
        fe.seek(0)
        return p.returncode, fo.read(), fe.read(), ru.ru_maxrss


def rows(out):
    return list(csv.DictReader(io.StringIO(out)))
