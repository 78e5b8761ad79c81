#!/usr/bin/env python3
"""uptimecalc's Prometheus side against a real Prometheus's own tools.

The rule files of 'uptimecalc alerts' go through 'promtool check rules'
for several SLOs, windows and chains, and through 'promtool test rules'
with input series that burn the budget at 20x, 5x and 0.5x.  When each
alert must fire is computed here from the SRE workbook's definition, not
from the rules: a burn-rate alert over a long window L at factor F fires
once the misses of the burn, spread over L, pass F times the budget, that
is after F x budget x L / miss-ratio of burning (the short window is full
well before).  The series start with three days without a miss, so that
every window is full of history when the burn starts.  Prints PASS/FAIL
lines for tests/run.sh.
"""
import csv
import io
import json
import os
import select
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "integration"))
import harness  # noqa: E402
from harness import BIN, DATA, ROOT, Server  # noqa: E402

# The workbook's alerts for a 30-day window: name, factor, long window (min).
BURNS = [("UptimecalcBudgetBurnFast", 14.4, 60), ("UptimecalcBudgetBurnMedium", 6, 360),
         ("UptimecalcBudgetBurnSlow", 3, 1440), ("UptimecalcBudgetBurnSteady", 1, 4320)]
SEVERITY = {"UptimecalcBudgetBurnFast": "page", "UptimecalcBudgetBurnMedium": "page",
            "UptimecalcBudgetBurnSlow": "ticket", "UptimecalcBudgetBurnSteady": "ticket"}
HISTORY = 4320          # minutes without a miss before the burn: the longest window
STEP = 5                # minutes between samples (and evaluations)
DUTIES = 100            # duties a sample


def check(name, cond, detail=""):
    harness.check("monitoring: " + name, cond, detail)


def alerts(args):
    p = subprocess.run([BIN, "--data", DATA, "alerts"] + args, capture_output=True,
                       text=True, timeout=30)
    return p.returncode, p.stdout, p.stderr


def promtool(*args, cwd=None):
    p = subprocess.run(["promtool"] + list(args), capture_output=True, text=True,
                       timeout=300, cwd=cwd)
    return p.returncode, p.stdout + p.stderr


def series(burn, budget, minutes):
    """The two counters over HISTORY + minutes, a sample every STEP minutes:
    no miss, then a miss ratio of burn x budget."""
    m = burn * budget
    timely, vals_d, vals_t = 0.0, [], []
    for k in range((HISTORY + minutes) // STEP + 1):
        vals_d.append("%g" % (k * DUTIES))
        vals_t.append("%.6f" % timely)
        timely += DUTIES * (1 - (m if k * STEP >= HISTORY else 0))
    return " ".join(vals_d), " ".join(vals_t)


def burn_test(burns, budget):
    """A promtool test group, one group label a burn (g20, g5, g0.5): at
    each minute after the burns start (multiples of STEP) that any of them
    names, the burn alerts the workbook says fire, for every burn.  One
    test group: the three-day history before the burns is evaluated once."""
    times = sorted({b for _, at in burns for b in at})
    series_text, cases = [], []
    for burn, _ in burns:
        d, t = series(burn, budget, times[-1] + STEP)
        series_text.append("""      - series: 'uptimecalc_attestation_duties_total{group="g%g"}'
        values: '%s'
      - series: 'uptimecalc_attestation_target_timely_total{group="g%g"}'
        values: '%s'""" % (burn, d, burn, t))
    for b in times:
        for n, f, L in BURNS:
            exp = ""
            for burn, _ in burns:
                m = burn * budget
                if m > f * budget and b > f * budget * L / m:
                    exp += ("\n          - exp_labels: {severity: %s, chain: ethereum, "
                            "group: g%g}" % (SEVERITY[n], burn))
            cases.append("      - eval_time: %dm\n        alertname: %s\n        exp_alerts:%s" %
                         (HISTORY + b, n, exp or " []"))
    return """  - interval: %dm
    input_series:
%s
    alert_rule_test:
%s
""" % (STEP, "\n".join(series_text), "\n".join(cases))


def strip_annotations(rules):
    """The rules with their annotations left out: the test checks which alerts
    fire and when; the words are checked apart."""
    out, skip = [], False
    for line in rules.split("\n"):
        if line.strip() == "annotations:":
            skip = True
            continue
        if skip and line.startswith("          "):
            continue
        skip = False
        out.append(line)
    return "\n".join(out)


def main():
    return harness.run_suite(cases, "promtool", "monitoring: promtool is installed "
                             "(.ci/deps installs Debian's prometheus)")


def cases(tmp):
    # 1. Every rule file promtool accepts: SLOs, windows and chains.
    for args in (["--slo", "99.5"], ["--slo", "99.9", "--window", "7d", "--chain", "gnosis"],
                 ["--slo", "99", "--window", "28d", "--chain", "cosmoshub"],
                 ["--slo", "95", "--window", "1d", "--streak", "5"],
                 ["--slo", "99.5", "--cost", "100/month", "--price", "3000"],
                 ["--slo", "98", "--chain", "solana"],
                 ["--slo", "99.5", "--group", "home"]):
        rc, out, err = alerts(args)
        path = os.path.join(tmp, "check.yml")
        with open(path, "w") as f:
            f.write(out)
        prc, pout = promtool("check", "rules", path)
        check("promtool check rules: alerts " + " ".join(args), rc == 0 and prc == 0,
              (rc, err, pout))
    # Cosmos Hub's row: a window of window_blocks blocks of block_time_s, and
    # jailing below min_signed_fraction signed: half the misses it allows.
    import csv
    row = [r for r in csv.DictReader(open(DATA)) if r["chain"] == "cosmoshub"][0]
    span = int(float(row["window_blocks"]) * float(row["block_time_s"]))
    rng = "%dh%dm" % (span // 3600, span % 3600 // 60) if span % 60 == 0 else None
    half = (1 - float(row["min_signed_fraction"])) / 2
    rc, out, _ = alerts(["--slo", "99", "--window", "28d", "--chain", "cosmoshub"])
    check("a jailing chain gets the jail alert, over its signing window, at half its allowance",
          rng and "alert: UptimecalcJailRisk" in out and
          "ratio_rate%s > %.9g" % (rng, half) in out, (rng, half, out[-1500:]))
    rc, out, _ = alerts(["--slo", "99.5"])
    check("no range is shorter than two epochs (12m48s on Ethereum)",
          "[5m]" not in out and "ratio_rate12m48s" in out and "[12m48s]" in out, out[:1200])
    check("annotations give the budget in time",
          "3h 36m of downtime" in out and "the budget is gone in 2d 2h" in out, out)
    rc, out, err = alerts(["--slo", "100"])
    check("--slo 100 is refused: no budget to burn", rc == 64 and "budget" in err, (rc, err))

    # 2. Which alerts fire, and when, at 20x, 5x and 0.5x the budget.
    rc, rules, err = alerts(["--slo", "99.5"])
    with open(os.path.join(tmp, "rules.yml"), "w") as f:
        f.write(strip_annotations(rules))
    budget = 0.005
    # Each burn's times straddle when the workbook says its alerts fire:
    # 20x: fast after 43.2 min, medium 108, slow and steady 216; 5x: slow
    # and steady after 864 (fast and medium never); 0.5x: never.
    group = burn_test(((20, [40, 50, 100, 115, 210, 225]), (5, [60, 850, 880]),
                       (0.5, [60, 1440, 4000])), budget)
    with open(os.path.join(tmp, "test.yml"), "w") as f:
        f.write("rule_files: [rules.yml]\nevaluation_interval: %dm\ntests:\n" % STEP +
                group)
    prc, pout = promtool("test", "rules", "test.yml", cwd=tmp)
    check("promtool test rules: 20x, 5x and 0.5x burns fire what the workbook says, when",
          prc == 0, pout[-3000:])

    # 3. The streak alert and the stale exporter.
    rc, rules, err = alerts(["--slo", "99.5", "--streak", "3"])
    with open(os.path.join(tmp, "rules.yml"), "w") as f:
        f.write(strip_annotations(rules))
    test = """rule_files: [rules.yml]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'uptimecalc_validator_miss_streak{group="g",validator_index="7"}'
        values: '0 1 2 3 4 0'
      - series: 'uptimecalc_last_epoch_time_seconds{group="g"}'
        values: '0+60x30 1800x60'
      - series: 'uptimecalc_node_up{group="g",node="http://a:5052"}'
        values: '1 1 0x30'
      - series: 'uptimecalc_node_up{group="g",node="http://b:5052"}'
        values: '1x32'
    alert_rule_test:
      - eval_time: 2m
        alertname: UptimecalcMissStreak
        exp_alerts: []
      - eval_time: 3m
        alertname: UptimecalcMissStreak
        exp_alerts:
          - exp_labels: {severity: page, chain: ethereum, group: g, validator_index: "7"}
      - eval_time: 5m
        alertname: UptimecalcMissStreak
        exp_alerts: []
      - eval_time: 60m
        alertname: UptimecalcNoNewEpoch
        exp_alerts: []
      - eval_time: 65m
        alertname: UptimecalcNoNewEpoch
        exp_alerts:
          - exp_labels: {severity: ticket, chain: ethereum, group: g}
      - eval_time: 14m
        alertname: UptimecalcNodeDown
        exp_alerts: []
      - eval_time: 16m
        alertname: UptimecalcNodeDown
        exp_alerts:
          - exp_labels: {severity: ticket, chain: ethereum, group: g, node: "http://a:5052"}
      - eval_time: 16m
        alertname: UptimecalcExporterAbsent
        exp_alerts: []
  - interval: 1m
    input_series:
      - series: 'uptimecalc_node_up{group="g",node="http://a:5052"}'
        values: '1x10'
    alert_rule_test:
      - eval_time: 30m
        alertname: UptimecalcExporterAbsent
        exp_alerts: []
      - eval_time: 45m
        alertname: UptimecalcExporterAbsent
        exp_alerts:
          - exp_labels: {severity: ticket, chain: ethereum}
"""
    with open(os.path.join(tmp, "test.yml"), "w") as f:
        f.write(test)
    prc, pout = promtool("test", "rules", "test.yml", cwd=tmp)
    check("promtool test rules: a 3-epoch streak pages; a stalled exporter is noticed "
          "after 5 epochs (1920 s) without a new one; a node down 2 epochs (12m48s) "
          "opens a ticket naming it; an exporter gone for 32 minutes too", prc == 0, pout[-3000:])
    textfile(tmp)
    prometheus(tmp)
    failover(tmp)
    pruned_elsewhere(tmp)


def free_port():
    import socket
    with socket.socket() as so:
        so.bind(("127.0.0.1", 0))
        return so.getsockname()[1]


def get(url, accept=None):
    req = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, "", ""
    except OSError:
        return 0, "", ""


def prom_query(base, q):
    code, _, body = get(base + "/api/v1/query?" + urllib.parse.urlencode({"query": q}))
    if code != 200:
        return None
    return json.loads(body)["data"]["result"]


def prometheus(tmp):
    """A real Prometheus scraping 'report --follow --listen' on the
    recorded devnet replayed epoch by epoch (validators 11-12 stop
    attesting at epoch 5, 13-15 never do: tests/fixtures/.../README.md),
    with the rules of 'uptimecalc alerts' loaded."""
    s = Server(tmp, "--follow-ms", "1500", "--head-epoch", "6", lifetime=120)
    p = subprocess.Popen([BIN, "--data", DATA, "report", "--beacon", s.url, "--validators",
                          "0-15", "--from-epoch", "4", "--store", os.path.join(tmp, "p.store"),
                          "--follow", "--format", "csv", "--listen", "127.0.0.1:0",
                          "--group", "test", "--slo", "99.5"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    where, deadline = None, time.time() + 20
    while time.time() < deadline and where is None:
        if not select.select([p.stderr], [], [], 1)[0]:
            continue
        line = p.stderr.readline()
        if not line:
            break
        if "serving metrics at http://" in line:
            where = line.split("http://", 1)[1].split("/", 1)[0]
    code, ctype, body = get("http://%s/metrics" % where) if where else (0, "", "")
    c = subprocess.run(["promtool", "check", "metrics"], input=body, capture_output=True,
                       text=True, timeout=30)
    ocode, otype, obody = get("http://%s/metrics" % where,
                              "application/openmetrics-text; version=1.0.0") if where else \
        (0, "", "")
    check("--listen serves /metrics: the text format promtool accepts, OpenMetrics on request",
          code == 200 and ctype.startswith("text/plain; version=0.0.4") and c.returncode == 0
          and ocode == 200 and otype.startswith("application/openmetrics-text") and
          obody.endswith("# EOF\n") and "# TYPE uptimecalc_attestation_duties counter" in obody,
          (where, code, ctype, c.stdout, otype, obody[-200:]))
    rc, rules, _ = alerts(["--slo", "99.5", "--streak", "3"])
    with open(os.path.join(tmp, "rules.yml"), "w") as f:
        f.write(rules)
    with open(os.path.join(tmp, "prometheus.yml"), "w") as f:
        f.write("global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
                "rule_files: [rules.yml]\n"
                "scrape_configs:\n  - job_name: uptimecalc\n"
                "    static_configs: [{targets: ['%s']}]\n" % where)
    pport = free_port()
    prom = subprocess.Popen(["prometheus", "--config.file", os.path.join(tmp, "prometheus.yml"),
                             "--storage.tsdb.path", os.path.join(tmp, "tsdb"),
                             "--web.listen-address", "127.0.0.1:%d" % pport,
                             "--log.level", "error"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            cwd=tmp)
    base = "http://127.0.0.1:%d" % pport
    want = {"11", "12", "13", "14", "15"}
    firing, counted, up, deadline = set(), None, None, time.time() + 40
    try:
        while time.time() < deadline:
            time.sleep(0.5)
            code, _, body = get(base + "/api/v1/alerts")
            if code == 200:
                firing = {a["labels"].get("validator_index") for a in
                          json.loads(body)["data"]["alerts"]
                          if a["labels"]["alertname"] == "UptimecalcMissStreak" and
                          a["state"] == "firing"}
            # One scrape's two series: 16 duties an epoch from --from-epoch 4
            # on, but for epoch 10, which the recording does not hold.
            counted = prom_query(base, 'uptimecalc_attestation_duties_total{group="test"} '
                                 '- 16 * (uptimecalc_last_epoch{group="test"} - 3 - '
                                 '(uptimecalc_last_epoch{group="test"} >= bool 10))')
            up = prom_query(base, 'up{job="uptimecalc"} * on() '
                            'uptimecalc_node_up{group="test"}')
            if firing == want and counted and up:
                break
        dash = dashboard_queries(base)
    finally:
        prom.terminate()
        try:
            perr = prom.communicate(timeout=10)[1]
        except subprocess.TimeoutExpired:
            prom.kill()
            perr = ""
        p.send_signal(signal.SIGTERM)
        p.communicate(timeout=10)
        s.stop()
    check("Prometheus scrapes the exporter: duties counted 16 an epoch from --from-epoch, node up",
          counted and float(counted[0]["value"][1]) == 0 and up and
          float(up[0]["value"][1]) == 1, (counted, up, perr[-1000:]))
    check("Prometheus fires the streak alert for exactly the validators that stopped (11-15)",
          firing == want and p.returncode == 0, (firing, p.returncode, perr[-1000:]))
    titles, errors, n = dash
    check("every PromQL expression of the dashboard runs on that Prometheus without an error",
          n >= 15 and not errors and
          {"Uptime and target votes", "Error budget left", "Error budget burn rate",
           "Validators missing", "Rewards against the ideal"} <= titles, (n, errors, titles))


def pruned_elsewhere(tmp):
    """--beacon A,B where A keeps no state before epoch 9 and B is an
    archive: what A lacks is asked of B, and the report is B's alone."""
    a = Server(tmp, "--fault", "prune-below:9")
    b = Server(tmp)
    args = ["--validators", "0-15", "--from-epoch", "4", "--to-epoch", "9", "--format", "csv"]
    p = subprocess.run([BIN, "--data", DATA, "report", "--beacon", a.url + "," + b.url,
                        "--store", os.path.join(tmp, "pa.store")] + args,
                       capture_output=True, text=True, timeout=60)
    q = subprocess.run([BIN, "--data", DATA, "report", "--beacon", b.url,
                        "--store", os.path.join(tmp, "pb.store")] + args,
                       capture_output=True, text=True, timeout=60)
    asked_a = len(a.requests())
    a.stop()
    b.stop()
    check("--beacon A,B: epochs A no longer holds are asked of B: B's report",
          p.stdout and p.stdout == q.stdout and p.returncode == q.returncode and asked_a > 0,
          (p.returncode, q.returncode, p.stderr, q.stderr))


def failover(tmp):
    """--beacon A,B: A stops mid-run; B serves the rest.  Every epoch is
    printed once, the counters stay exact (16 duties an epoch from
    --from-epoch 4 that the nodes could serve: the recording has no epoch
    10), and node_up says which node is down."""
    a = Server(tmp, "--follow-ms", "1500", "--head-epoch", "6", lifetime=120)
    b = Server(tmp, "--follow-ms", "1500", "--head-epoch", "6", lifetime=120)
    p = subprocess.Popen([BIN, "--data", DATA, "report", "--beacon", a.url + "," + b.url,
                          "--validators", "0-15", "--from-epoch", "4", "--store",
                          os.path.join(tmp, "fo.store"), "--follow", "--format", "csv",
                          "--listen", "127.0.0.1:0"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    where, deadline = None, time.time() + 20
    while time.time() < deadline and where is None:
        if select.select([p.stderr], [], [], 1)[0]:
            line = p.stderr.readline()
            if "serving metrics at http://" in line:
                where = line.split("http://", 1)[1].split("/", 1)[0]
    last, m, killed, deadline = 0, {}, False, time.time() + 40
    while where and time.time() < deadline and last < 11:
        time.sleep(0.3)
        code, _, body = get("http://%s/metrics" % where)
        if code != 200:
            continue
        m = metrics(body)
        last = m.get(("uptimecalc_last_epoch", frozenset()), 0)
        if last >= 7 and not killed:
            a.stop()
            killed = True
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=10)
    b.stop()
    rows = list(csv.DictReader(io.StringIO(out)))
    per_epoch = {}
    for r in rows:
        per_epoch.setdefault(int(r["epoch"]), []).append(r["validator_index"])
    epochs = sorted(per_epoch)
    up = {dict(k[1]).get("node"): v for k, v in m.items() if k[0] == "uptimecalc_node_up"}
    unserved = {int(r["epoch"]) for r in rows if r["served"] == "0"}
    check("--beacon A,B: A stops, B serves: every epoch once, the counters exact",
          killed and p.returncode == 0 and epochs and
          epochs == list(range(epochs[0], epochs[-1] + 1)) and epochs[0] <= 7 and
          epochs[-1] >= 11 and all(sorted(v, key=int) == [str(i) for i in range(16)]
                                   for v in per_epoch.values()) and
          m.get(("uptimecalc_attestation_duties_total", frozenset())) ==
          16 * len(set(range(4, int(last) + 1)) - unserved) and
          up.get(a.url) == 0 and up.get(b.url) == 1,
          (killed, p.returncode, epochs, last, up, err[-800:]))


def dashboard_queries(base):
    """Run each expression of data/grafana-dashboard.json, Grafana's
    variables given values ($group every group, $__rate_interval 1m):
    (panel titles, [(expr, error)], expressions run)."""
    with open(os.path.join(ROOT, "data", "grafana-dashboard.json")) as f:
        d = json.load(f)
    titles, errors, n = set(), [], 0
    for panel in d["panels"]:
        titles.add(panel["title"])
        for t in panel.get("targets", []):
            q = t["expr"].replace("$group", ".*").replace("$__rate_interval", "1m")
            code, _, body = get(base + "/api/v1/query?" + urllib.parse.urlencode({"query": q}))
            n += 1
            if code != 200 or json.loads(body).get("status") != "success":
                errors.append((q, code, body[:300]))
    return titles, errors, n


def metrics(text):
    """{(name, frozenset(labels)): value} of an exposition text."""
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        name_labels, value = line.rsplit(" ", 1)
        labels = frozenset()
        if "{" in name_labels:
            name, rest = name_labels.split("{", 1)
            labels = frozenset(tuple(kv.split("=", 1)) for kv in
                               rest.rstrip("}").replace('"', "").split(","))
        else:
            name = name_labels
        out[(name, labels)] = float(value)
    return out


def textfile(tmp):
    """report --textfile on the recorded devnet: the file promtool accepts,
    with the numbers of the report's own CSV beside it; and while
    following, a file replaced whole after each epoch."""
    s = Server(tmp)
    prom = os.path.join(tmp, "m.prom")
    p = subprocess.run([BIN, "--data", DATA, "report", "--beacon", s.url, "--validators",
                        "0-15", "--from-epoch", "4", "--to-epoch", "12", "--store",
                        os.path.join(tmp, "t.store"), "--format", "csv", "--textfile", prom,
                        "--group", "ops", "--slo", "99"], capture_output=True, text=True,
                       timeout=60)
    text = open(prom).read() if os.path.exists(prom) else ""
    c = subprocess.run(["promtool", "check", "metrics"], input=text, capture_output=True,
                       text=True, timeout=30)
    check("--textfile: promtool check metrics accepts the file", p.returncode == 75 and
          text and c.returncode == 0 and not c.stdout.strip() and not c.stderr.strip(),
          (p.returncode, p.stderr, c.stdout, c.stderr))
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    tot = rows[-1] if rows else {}
    m = metrics(text)
    g = frozenset({("group", "ops")})
    streaks = {r["validator_index"]: int(r["current_miss_streak"]) for r in rows[:-1]
               if int(r["current_miss_streak"]) > 0}
    got_streaks = {dict(k[1])["validator_index"]: int(v) for k, v in m.items()
                   if k[0] == "uptimecalc_validator_miss_streak"}
    allowed = 0.01 * int(tot.get("duty_epochs", 0))
    used = int(tot.get("duty_epochs", 0)) - int(tot.get("target_epochs", 0))
    check("--textfile: counters, streaks and budget as the report's own rows",
          rows and m.get(("uptimecalc_attestation_duties_total", g)) == int(tot["duty_epochs"]) and
          m.get(("uptimecalc_attestation_target_timely_total", g)) == int(tot["target_epochs"]) and
          m.get(("uptimecalc_validators_missing", g)) == len(streaks) and
          got_streaks == streaks and
          m.get(("uptimecalc_last_epoch", g)) == 12 and
          abs(m.get(("uptimecalc_error_budget_remaining_frac", g), 9) - (1 - used / allowed))
          < 1e-12 and
          m.get(("uptimecalc_reward_gwei_total", g), -1) -
          m.get(("uptimecalc_penalty_gwei_total", g), -1) == int(tot["reward_gwei"]),
          (tot, sorted(m.items())[:40]))
    s.stop()
    # Following: the file is replaced after each epoch, and its counters grow.
    s = Server(tmp, "--follow-ms", "600", "--head-epoch", "6")
    prom = os.path.join(tmp, "f.prom")
    p = subprocess.Popen([BIN, "--data", DATA, "report", "--beacon", s.url, "--validators",
                          "0,13", "--from-epoch", "4", "--store", os.path.join(tmp, "f.store"),
                          "--follow", "--format", "csv", "--textfile", prom],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen, deadline = [], time.time() + 30
    while time.time() < deadline and len(seen) < 3:
        if os.path.exists(prom):
            m = metrics(open(prom).read())
            e = m.get(("uptimecalc_last_epoch", frozenset()))
            if e is not None and (not seen or e > seen[-1][0]):
                seen.append((e, m.get(("uptimecalc_attestation_duties_total", frozenset()))))
        time.sleep(0.1)
    p.send_signal(signal.SIGTERM)
    p.communicate(timeout=10)
    check("--textfile with --follow: rewritten each epoch, the counters growing",
          p.returncode == 0 and len(seen) >= 3 and
          all(b[0] > a[0] and b[1] > a[1] for a, b in zip(seen, seen[1:])),
          (p.returncode, seen))
    s.stop()


if __name__ == "__main__":
    sys.exit(main())
