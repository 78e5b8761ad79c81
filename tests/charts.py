#!/usr/bin/env python3
"""Charts (--plot), drawn by a real gnuplot: each file is a valid SVG, PNG
or PDF of the stated size, the same chart gives the same SVG bytes, and the
numbers behind it are the command's own CSV (--series), read back from the
script (--plot-script) within 1e-12 relative.  Prints PASS/FAIL lines for
tests/run.sh."""
import csv
import datetime
import io
import os
import pty
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "integration"))
import harness  # noqa: E402
from harness import BIN, DATA  # noqa: E402


def check(name, cond, detail=""):
    harness.check("charts: " + name, cond, detail)


def uc(args, env=None):
    p = subprocess.run([BIN, "--data", DATA] + args, capture_output=True, text=True,
                       timeout=120, env=env)
    return p.returncode, p.stdout, p.stderr


def grid(script):
    """The grid block of a gnuplot script: {(row, x): z}."""
    out, on = {}, False
    for line in script.splitlines():
        if line == "$G << EOD":
            on = True
        elif line == "EOD":
            on = False
        elif on and line:
            x, r, z = line.split()
            out[(int(r), float(x))] = float(z)
    return out


def blocks(script):
    """The inline data blocks of a gnuplot script: {name: [(x, y), ...]}."""
    out, cur = {}, None
    for line in script.splitlines():
        if line.endswith("<< EOD"):
            cur = out.setdefault(line.split()[0], [])
        elif line == "EOD":
            cur = None
        elif cur is not None:
            x, y = line.split()
            cur.append((float(x), float(y)))
    return out


def close(a, b):
    return abs(a - b) <= 1e-12 * max(1.0, abs(b))


# The README's charts, one per command: (file, arguments).  'make charts'
# draws them into man/charts; the suite draws them again and compares.
README_CHARTS = [
    ("penalty.svg", ["penalty", "--offline", "30d", "--leak"]),
    ("breakeven.svg", ["breakeven", "--cost", "100/month", "--price", "3000"]),
    ("budget.svg", ["budget", "--slo", "99.5", "--used", "1h", "--chain", "cosmoshub"]),
    ("ha.svg", ["ha", "--compare"]),
    ("report.svg", ["report", "--beacon", "URL", "--validators", "0-15",
                    "--from-epoch", "4", "--to-epoch", "12", "--quiet"]),
]
CHART_DIR = os.path.join(harness.ROOT, "man", "charts")


def draw_readme_charts(outdir, tmp):
    """Draw README_CHARTS into outdir; the report's from the recorded
    devnet.  Returns [(file, exit status, stderr)]."""
    srv = harness.Server(tmp)
    done = []
    for name, args in README_CHARTS:
        args = [srv.url if a == "URL" else a for a in args]
        if args[0] == "report":
            args += ["--store", os.path.join(tmp, "readme.store")]
        rc, _, err = uc(args + ["--plot", os.path.join(outdir, name)])
        done.append((name, rc, err))
    srv.stop()
    return done


def main():
    if sys.argv[1:2] == ["--write"]:
        with tempfile.TemporaryDirectory() as tmp:
            done = draw_readme_charts(CHART_DIR, tmp)
        for name, rc, err in done:
            print("%s: exit %d%s" % (os.path.join("man", "charts", name), rc,
                                      "" if rc in (0, 75) else ": " + err.strip()))
        return 0 if all(rc in (0, 75) for _, rc, _ in done) else 1
    return harness.run_suite(cases, "gnuplot", "charts: gnuplot is installed "
                             "(.ci/deps installs gnuplot-nox)")


def cases(tmp):
    leak = ["penalty", "--offline", "30d", "--leak"]
    svg, svg2 = os.path.join(tmp, "a.svg"), os.path.join(tmp, "b.svg")
    rc, _, err = uc(leak + ["--plot", svg])
    rc2, _, _ = uc(leak + ["--plot", svg2])
    try:
        root = ET.parse(svg).getroot()
    except (ET.ParseError, OSError) as e:
        root = None
        err += str(e)
    check("penalty --plot x.svg: an SVG of 900 x 560", rc == 0 and root is not None and
          root.tag.endswith("svg") and root.get("width") == "900" and
          root.get("height") == "560", (rc, err))
    check("the same chart gives the same SVG bytes",
          rc2 == 0 and open(svg, "rb").read() == open(svg2, "rb").read())
    png, pdf = os.path.join(tmp, "a.png"), os.path.join(tmp, "a.pdf")
    rcp, _, errp = uc(leak + ["--plot", png])
    rcd, _, errd = uc(leak + ["--plot", pdf])
    head = open(png, "rb").read(24) if os.path.exists(png) else b""
    check("--plot x.png: a PNG of 900 x 560; x.pdf: a PDF",
          rcp == 0 and head[:8] == b"\x89PNG\r\n\x1a\n" and
          struct.unpack(">II", head[16:24]) == (900, 560) and rcd == 0 and
          open(pdf, "rb").read(5) == b"%PDF-", (rcp, errp, rcd, errd))
    # The numbers behind the chart are --series's rows.
    gp = os.path.join(tmp, "a.gp")
    rcs, _, _ = uc(leak + ["--plot-script", gp])
    data = blocks(open(gp).read()) if os.path.exists(gp) else {}
    rc, out, _ = uc(leak + ["--series"])
    rows = list(csv.DictReader(io.StringIO(out)))
    want_bal = [(int(r["epoch"]) * 384 / 86400, int(r["balance_gwei"]) / 1e9) for r in rows]
    want_eb = [(int(r["epoch"]) * 384 / 86400, int(r["effective_balance_gwei"]) / 1e9)
               for r in rows]
    want_sc = [(int(r["epoch"]) * 384 / 86400, int(r["inactivity_score"])) for r in rows]
    same = all(len(data.get(k, [])) == len(w) and
               all(close(a[0], b[0]) and close(a[1], b[1]) for a, b in zip(data[k], w))
               for k, w in (("$S0", want_bal), ("$S1", want_eb), ("$S2", want_sc)))
    check("the chart's balance, effective balance and score are --series's rows",
          rcs == 0 and rows and same, (rcs, len(rows), {k: len(v) for k, v in data.items()}))
    # The ejection is marked where penalty says it is.
    rc, out, _ = uc(leak + ["--format", "csv"])
    row = list(csv.DictReader(io.StringIO(out)))[0]
    ej = int(row["ejection_epochs"]) * 384 / 86400
    script = open(gp).read() if os.path.exists(gp) else ""
    check("the ejection is marked at the epoch penalty gives (about 20.8 days)",
          20.7 < ej < 20.9 and ("set arrow from %.17g, graph 0" % ej) in script and
          "ejected after 20d 19h" in script, (ej, script[:600]))
    # breakeven: the net income crosses zero at the break-even uptime the
    # command prints (linear between the chart's half-percent points: 0.1
    # percentage point), and its points are --sweep's rows.
    be = ["breakeven", "--cost", "100/month", "--price", "3000"]
    bgp, bsvg = os.path.join(tmp, "be.gp"), os.path.join(tmp, "be.svg")
    rcb, _, errb = uc(be + ["--plot", bsvg, "--plot-script", bgp])
    pts = blocks(open(bgp).read()).get("$S0", []) if os.path.exists(bgp) else []
    cross = None
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        if y0 < 0 <= y1:
            cross = x0 + (x1 - x0) * (-y0) / (y1 - y0)
    rc, out, _ = uc(be + ["--format", "csv"])
    u = float(list(csv.DictReader(io.StringIO(out)))[0]["breakeven_uptime_frac"]) * 100
    rc, out, _ = uc(be + ["--sweep", "0:100:0.5", "--format", "csv"])
    sweep = [(float(r["uptime_frac"]) * 100, float(r["net_per_year_usd"]))
             for r in csv.DictReader(io.StringIO(out))]
    check("breakeven --plot: net income crosses zero at the break-even uptime printed, "
          "its points --sweep's rows",
          rcb == 0 and os.path.getsize(bsvg) > 0 and cross is not None and
          abs(cross - u) < 0.1 and len(sweep) == len(pts) and
          all(close(a[0], b[0]) and abs(a[1] - b[1]) <= 1e-9 * max(1, abs(b[1]))
              for a, b in zip(pts, sweep)), (rcb, errb, cross, u, len(sweep), len(pts)))
    budget_cases(tmp)
    ha_cases(tmp)
    report_cases(tmp)
    spark_cases()
    readme_cases(tmp)
    # Without gnuplot: one line naming the package, exit 69; no file.
    nope = os.path.join(tmp, "none.svg")
    env = dict(os.environ, PATH=os.path.join(tmp, "empty"))
    rc, _, err = uc(leak + ["--plot", nope], env=env)
    check("no gnuplot: exit 69, one line naming gnuplot-nox, no file left",
          rc == 69 and "gnuplot-nox" in err and err.count("\n") == 1 and
          not os.path.exists(nope), (rc, err))
    rc, _, err = uc(leak + ["--plot", os.path.join(tmp, "x.jpg")])
    check("--plot x.jpg is refused: .svg, .png or .pdf", rc == 64 and ".svg" in err, (rc, err))


def budget_cases(tmp):
    """budget --plot: the lines are the CSV's allowed, used and jail limit."""
    for chain, jail in (("cosmoshub", True), ("ethereum", False)):
        args = ["budget", "--slo", "99.5", "--used", "1h", "--chain", chain]
        gp, svg = os.path.join(tmp, chain + ".gp"), os.path.join(tmp, chain + ".svg")
        rc, _, err = uc(args + ["--plot", svg, "--plot-script", gp])
        script = open(gp).read() if os.path.exists(gp) else ""
        data = blocks(script)
        _, out, _ = uc(args + ["--format", "csv"])
        row = list(csv.DictReader(io.StringIO(out)))[0]
        allowed, used = float(row["allowed_downtime_s"]), float(row["used_downtime_s"])
        # The unit is in the label: hours when the top line is 2 h or more.
        top = max(allowed, used, float(row["max_continuous_downtime_s"] or 0))
        unit = 3600 if top >= 7200 else 60
        want = {"$S0": [(0, 0), (30, allowed / unit)],
                "$S1": [(0, allowed / unit), (30, allowed / unit)],
                "$S2": [(0, used / unit), (30, used / unit)]}
        if jail:
            lim = float(row["max_continuous_downtime_s"]) / unit
            want["$S3"] = [(0, lim), (30, lim)]
        same = sorted(data) == sorted(want) and all(
            len(data[k]) == 2 and all(close(a[0], b[0]) and close(a[1], b[1])
                                      for a, b in zip(data[k], w))
            for k, w in want.items())
        label = "downtime (%s)" % ("hours" if unit == 3600 else "minutes")
        title = "restarts of 10m" in script and ("(%s restarts" % row["restarts_fit"]) in script
        check("budget --plot on %s: allowed, used%s as the CSV says, the restarts that "
              "fit in the title" % (chain, " and the jail limit" if jail else ", no jail"),
              rc == 0 and os.path.getsize(svg) > 0 and same and label in script and title,
              (rc, err, data, want))


def ha_cases(tmp):
    """ha --compare --plot: each design's distribution is the simulation's:
    its 1st, 5th and 50th percentiles are the CSV's, the share of months
    below the SLO is 1 - months >= SLO (within the 0.1 % steps of the
    distribution's points), and the legend's loss is the CSV's."""
    args = ["ha", "--compare", "--trials", "2000"]
    gp, pdf = os.path.join(tmp, "ha.gp"), os.path.join(tmp, "ha.pdf")
    rc, _, err = uc(args + ["--plot", pdf, "--plot-script", gp])
    script = open(gp).read() if os.path.exists(gp) else ""
    data = blocks(script)
    _, out, _ = uc(args + ["--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(out)))
    bad = []
    for i, row in enumerate(rows):
        pts = data.get("$S%d" % i, [])
        if len(pts) != 1001:
            bad.append((row["design"], "points", len(pts)))
            continue
        for k, col in ((10, "mc_p01_frac"), (50, "mc_p05_frac"), (500, "mc_p50_frac")):
            if not (close(pts[k][0], 100 * float(row[col])) and close(pts[k][1], k / 10)):
                bad.append((row["design"], col, pts[k], row[col]))
        below = sum(1 for x, _ in pts[1:] if x < 99) / 1000
        if abs(below - (1 - float(row["slo_met_prob_frac"]))) > 0.002:
            bad.append((row["design"], "below SLO", below, row["slo_met_prob_frac"]))
        loss = float(row["downtime_loss_native"]) + float(row["slashing_loss_native"])
        if (": expected loss %.6f ETH/yr" % loss) not in script:
            bad.append((row["design"], "loss", loss))
    check("ha --compare --plot: three designs' distributions, percentiles and share "
          "below the SLO as the CSV's, the expected loss in the legend, the SLO marked",
          rc == 0 and open(pdf, "rb").read(5) == b"%PDF-" and len(rows) == 3 and
          not bad and "set arrow from 99, graph 0" in script, (rc, err, bad))


def unix(rfc3339):
    return datetime.datetime.strptime(rfc3339, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc).timestamp()


def readme_cases(tmp):
    """The README shows each command's chart, and each is what the tool
    draws today (the same SVG bytes: 'make charts' redraws them)."""
    out = os.path.join(tmp, "readme-charts")
    os.mkdir(out)
    done = draw_readme_charts(out, tmp)
    readme = open(os.path.join(harness.ROOT, "README.md")).read()
    stale = [name for name, _, _ in done
             if not os.path.exists(os.path.join(CHART_DIR, name)) or
             open(os.path.join(CHART_DIR, name), "rb").read() !=
             open(os.path.join(out, name), "rb").read()]
    shown = [name for name, _ in README_CHARTS
             if "](man/charts/%s)" % name in readme]
    check("the README shows a chart per command, each what the tool draws now "
          "('make charts' redraws them)",
          all(rc in (0, 75) for _, rc, _ in done) and not stale and
          len(shown) == len(README_CHARTS), (done, stale, shown))


def binned_cases(tmp):
    """Past 480 epochs and 200 validators a cell holds several: on a
    synthetic node, 250 validators x 600 epochs (the fewest that bin both
    ways and span days: the node's answers are the suite's slow part), each
    of the 200 x 480 cells is the share of target votes missed among its
    --per-epoch rows (epoch e in column (e - from) x 480 // E, validator k
    in row k x 200 // N), each row named by its first and last validator,
    each column centred on its span, days on the time axis."""
    n, epochs, first = 250, 600, 3
    srv = harness.Server(tmp, "--synthetic", str(n), "--head-epoch", str(first + epochs + 1))
    base = ["--beacon", srv.url, "--validators", "0-%d" % (n - 1), "--from-epoch",
            str(first), "--to-epoch", str(first + epochs - 1), "--store",
            os.path.join(tmp, "bin.store"), "--quiet"]
    gp = os.path.join(tmp, "bin.gp")
    rc, _, err = harness.run(base + ["--plot-script", gp], timeout=120)
    script = open(gp).read() if os.path.exists(gp) else ""
    cells = grid(script)
    _, out, _ = harness.run(base + ["--per-epoch", "--format", "csv"], timeout=120)
    duty, miss = {}, {}
    for r in csv.DictReader(io.StringIO(out)):
        if r["served"] == "1" and r["duty"] == "1":
            key = (int(r["validator_index"]) * 200 // n, (int(r["epoch"]) - first) * 480 // epochs)
            duty[key] = duty.get(key, 0) + 1
            miss[key] = miss.get(key, 0) + (r["target"] == "0")
    xs = sorted({x for _, x in cells})
    centres = [1606824023 + (first + (c + 0.5) * epochs / 480) * 384 for c in range(480)]
    bad = [(k, cells.get((k[0], xs[k[1]])), miss[k] / duty[k]) for k in duty
           if len(xs) != 480 or not close(cells.get((k[0], xs[k[1]]), -9), miss[k] / duty[k])]
    names = []
    for row in range(0, 200, 8):		# every 8th row named: about 25 names
        ks = [k for k in range(n) if k * 200 // n == row]
        names.append('"%d-%d" %d' % (ks[0], ks[-1], row) if len(ks) > 1 else
                     '"%d" %d' % (ks[0], row))
    check("report --plot over %d validators x %d epochs: 200 x 480 cells, each its "
          "--per-epoch rows' share missed, rows named, columns centred, days on the axis"
          % (n, epochs),
          rc == 0 and len(cells) == 200 * 480 and len(duty) == 200 * 480 and not bad and
          sum(miss.values()) > 0 and all(close(a, b) for a, b in zip(xs, centres)) and
          all(name in script for name in names) and '"%Y-%m-%d" timedate' in script,
          (rc, err, bad[:3], len(cells), len(duty)))
    srv.stop()


def on_tty(args, env):
    """The command's stdout when it is a terminal (a pty), as text."""
    master, slave = pty.openpty()
    p = subprocess.Popen([BIN, "--data", DATA] + args, stdout=slave,
                         stderr=subprocess.DEVNULL, env=env)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:		# EIO: the other side is closed
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    p.wait(timeout=60)
    return p.returncode, out.decode().replace("\r\n", "\n")


def spark_cases():
    """penalty at a terminal: the balance as a sparkline, each character
    the balance at the first epoch of its sixtieth of the outage
    (--series's rows), levels between the lowest and highest point, the top
    block for the highest; blocks in UTF-8, ASCII in C; nothing in a pipe."""
    args = ["penalty", "--offline", "30d", "--leak"]
    _, out, _ = uc(args + ["--series"])
    rows = list(csv.DictReader(io.StringIO(out)))
    epochs, n = int(rows[-1]["epoch"]), 60
    pts = [None] * n
    for r in rows:
        k = int(r["epoch"]) * (n - 1) // epochs
        if pts[k] is None:
            pts[k] = int(r["balance_gwei"]) / 1e9
    lo, hi = min(pts), max(pts)
    ok, seen = True, []
    for loc, ramp in (("C.UTF-8", "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588"),
                      ("C", "_.:-=+*#")):
        want = "".join(ramp[7 if v >= hi else min(6, max(0, int((v - lo) / (hi - lo) * 7)))]
                       for v in pts)
        rc, text = on_tty(args, dict(os.environ, LC_ALL=loc))
        line = [l for l in text.split("\n") if l.startswith("balance over 30d: ")]
        exp = "balance over 30d: %.6f ETH %s %.6f ETH (%s %%)" % (
            pts[0], want, pts[-1], "%+.3g" % (100 * (pts[-1] - pts[0]) / pts[0]))
        seen.append((loc, line, exp))
        ok = ok and rc == 0 and line == [exp]
    _, piped, _ = uc(args)
    check("penalty at a terminal: the balance path as a sparkline (--series's balances), "
          "blocks in UTF-8, ASCII in C; none in a pipe",
          ok and "balance over" not in piped and len(set(seen[0][2])) > 8, seen)


def report_cases(tmp):
    """report --plot on the recorded devnet: the lines are --per-epoch's
    rolling uptime, epoch by epoch, gaps where the node served nothing;
    the grid's cells are --per-epoch's target votes, greys for no data and
    no duty.  The range (9 epochs) is under a column each."""
    srv = harness.Server(tmp)
    store = ["--store", os.path.join(tmp, "devnet.store"), "--beacon", srv.url,
             "--from-epoch", "4", "--to-epoch", "12", "--window", "1m,2m"]
    gp, png = os.path.join(tmp, "r.gp"), os.path.join(tmp, "r.png")
    few = ["--validators", "0,1,11,13", "--slo", "99"]
    rc, _, err = harness.run(store + few + ["--plot", png, "--plot-script", gp])
    data = blocks(open(gp).read()) if os.path.exists(gp) else {}
    _, out, _ = harness.run(store + few + ["--per-epoch", "--format", "csv"])
    want = {}
    for r in harness.rows(out):
        u = r.get("rolling_uptime_frac") or ""
        want.setdefault(r["validator_index"], []).append(
            (unix(r["time"]), 100 * float(u) if u and r["served"] == "1" else None))
    bad = []
    for k, v in enumerate(("0", "1", "11", "13")):
        got = data.get("$S%d" % k, [])
        if len(got) != 9 or len(want.get(v, [])) != 9:
            bad.append((v, len(got)))
            continue
        for (gx, gy), (wx, wy) in zip(got, want[v]):
            if gx != wx or (wy is None) != (gy != gy) or (wy is not None and
                                                          not close(gy, wy)):
                bad.append((v, gx, gy, wx, wy))
    slo = data.get("$S4", [])
    head = open(png, "rb").read(24) if os.path.exists(png) else b""
    check("report --plot, 4 validators: each line is --per-epoch's rolling uptime, a gap "
          "for the unserved epoch, the SLO dashed; a PNG of 900 x 560",
          rc == 75 and not bad and [y for _, y in slo] == [99, 99] and
          head[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", head[16:24]) ==
          (900, 560) and "set xdata time" in open(gp).read(), (rc, err, bad, slo))
    many = ["--validators", "0-15"]
    gp2, svg = os.path.join(tmp, "g.gp"), os.path.join(tmp, "g.svg")
    rc, _, err = harness.run(store + many + ["--plot", svg, "--plot-script", gp2])
    cells = grid(open(gp2).read()) if os.path.exists(gp2) else {}
    _, out, _ = harness.run(store + many + ["--per-epoch", "--format", "csv"])
    per = harness.rows(out)
    xs = sorted({x for _, x in cells})
    epochs = sorted({int(r["epoch"]) for r in per})
    bad, kinds = [], set()
    for r in per:
        row, col = int(r["validator_index"]), epochs.index(int(r["epoch"]))
        if r["served"] != "1":
            z = -1.0
        elif r["duty"] != "1":
            z = -0.5
        else:
            z = 1.0 - float(r["target"])
        kinds.add(z)
        if len(xs) != 9 or cells.get((row, xs[col])) != z:
            bad.append((row, r["epoch"], z, cells.get((row, xs[col]) if xs else None)))
    check("report --plot, 16 validators: a validators x epochs grid, each cell "
          "--per-epoch's target vote, grey where no data",
          rc == 75 and len(cells) == 16 * 9 and not bad and {-1.0, 0.0, 1.0} <= kinds and
          ET.parse(svg).getroot().get("width") == "900", (rc, err, bad[:5], len(cells)))
    rc, _, err = harness.run(store + many + ["--follow", "--plot", svg])
    check("report --plot with --follow is refused", rc == 64 and "--plot" in err, (rc, err))
    svgtext = open(svg).read() if os.path.exists(svg) else ""
    check("the grid is drawn as SVG rectangles, not a bitmap a viewer would blur",
          "<image" not in svgtext and svgtext.count("<path") > 16, svgtext[:300])
    # A chart that cannot be written is said, and leaves the report and the
    # alert's exit status alone; a bad extension is refused before fetching.
    rep = os.path.join(tmp, "rep.csv")
    rc, _, err = harness.run(store + many + ["--alert-streak", "3", "--format", "csv",
                                             "--output", rep, "--plot",
                                             os.path.join(tmp, "no", "dir", "x.svg")])
    fresh = ["--store", os.path.join(tmp, "fresh.store")] + store[2:]
    before = len(srv.requests(""))
    rc2, _, err2 = harness.run(fresh + many + ["--plot", os.path.join(tmp, "x.gif")])
    check("a chart that fails keeps the report (--output) and the alert's exit 1; "
          "--plot x.gif is refused before the node is asked",
          rc == 1 and os.path.exists(rep) and "x.svg" in err and rc2 == 64 and
          ".svg" in err2 and len(srv.requests("")) == before, (rc, err, rc2, err2))
    # One epoch: the lines' point and the grid's column are on the chart.
    gp3 = os.path.join(tmp, "one.gp")
    rc, _, err = harness.run(store + few + ["--to-epoch", "4", "--plot-script", gp3])
    one = open(gp3).read() if os.path.exists(gp3) else ""
    x = [pts[0][0] for k, pts in sorted(blocks(one).items()) if k != "$S4" and pts]
    rng = [l for l in one.splitlines() if l.startswith("set xrange [")]
    lo, hi = (float(v) for v in rng[0][12:-1].split(":")) if rng else (0, 0)
    check("report --plot of one epoch: each validator's point marked inside the x range",
          rc == 0 and len(x) == 4 and all(lo < v < hi for v in x) and
          "linespoints" in one, (rc, err, x, rng))
    svg1, gp5 = os.path.join(tmp, "one.svg"), os.path.join(tmp, "one1.gp")
    rc, _, err = harness.run(store + many + ["--to-epoch", "4", "--plot", svg1,
                                             "--plot-script", gp5, "--quiet"])
    drawn = open(svg1).read().count("<path") if os.path.exists(svg1) else 0
    # An image needs two columns to know a column's width (a PNG of one is
    # empty): the one column is given twice, a quarter column either side.
    col = grid(open(gp5).read()) if os.path.exists(gp5) else {}
    xs1 = sorted({x for _, x in col})
    check("report --plot of one epoch, 16 validators: a column of 16 cells is drawn",
          rc == 0 and drawn >= 16 + 2 and "adjusting to" not in err and len(col) == 32 and
          len(xs1) == 2 and close(xs1[1] - xs1[0], 8), (rc, err, drawn, xs1))
    # Validators at 100 % all along: an axis around 100 %, and no word from
    # gnuplot (an empty range would be warned about on every healthy run).
    svg2, gp4 = os.path.join(tmp, "full.svg"), os.path.join(tmp, "full.gp")
    rc, _, err = harness.run(store + ["--validators", "2", "--to-epoch", "9", "--quiet",
                                      "--plot", svg2, "--plot-script", gp4])
    yr = [l for l in open(gp4).read().splitlines() if l.startswith("set yrange [")] \
        if os.path.exists(gp4) else []
    ylo, yhi = (float(v) for v in yr[0][12:-1].split(":")) if yr else (0, 0)
    check("report --plot of a validator at 100 %: no gnuplot warning, the axis around "
          "100 % and within 0-102 %", rc == 0 and "adjusting to" not in err and
          "gnuplot" not in err and 98 < ylo < 100 < yhi <= 102,
          (rc, err, yr))
    srv.stop()
    binned_cases(tmp)


if __name__ == "__main__":
    sys.exit(main())
