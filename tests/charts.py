#!/usr/bin/env python3
"""Charts (--plot), drawn by a real gnuplot: each file is a valid SVG, PNG
or PDF of the stated size, the same chart gives the same SVG bytes, and the
numbers behind it are the command's own CSV (--series), read back from the
script (--plot-script) within 1e-12 relative.  Prints PASS/FAIL lines for
tests/run.sh."""
import csv
import io
import os
import struct
import subprocess
import sys
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


def main():
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
    # Without gnuplot: one line naming the package, exit 69; no file.
    nope = os.path.join(tmp, "none.svg")
    env = dict(os.environ, PATH=os.path.join(tmp, "empty"))
    rc, _, err = uc(leak + ["--plot", nope], env=env)
    check("no gnuplot: exit 69, one line naming gnuplot-nox, no file left",
          rc == 69 and "gnuplot-nox" in err and err.count("\n") == 1 and
          not os.path.exists(nope), (rc, err))
    rc, _, err = uc(leak + ["--plot", os.path.join(tmp, "x.jpg")])
    check("--plot x.jpg is refused: .svg, .png or .pdf", rc == 64 and ".svg" in err, (rc, err))


if __name__ == "__main__":
    sys.exit(main())
