#!/usr/bin/env python3
"""uptimecalc report against tests/fakebeacon.py on a loopback port.

Expected numbers are computed here, independently, from the recorded
Lodestar responses: a duty is a validator present in total_rewards; a vote
is correct when its component is not negative; the head is unknown when
the ideal head reward is 0; effectiveness is the sum of positive flag
rewards over the sum of ideal rewards on epochs with a non-zero ideal.
Prints PASS/FAIL lines for tests/run.sh.
"""
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import BIN, DATA, FIX, Server, rows, run, run_rss  # noqa: E402

ALL = "0-15"


def check(name, cond, detail=""):
    harness.check("report: " + name, cond, detail)


def expected():
    """Per validator: duty, target, source, pos, ideal (non-zero) from the files."""
    exp = {i: dict(duty=0, target=0, source=0, pos=0.0, ideal=0.0, net=0.0, epochs=[],
                   last=None, cur=0, longest=0, start=None)
           for i in range(16)}
    leak = set()
    served = []
    for e in range(15):
        name = os.path.join(FIX, "rewards_attestations.epoch-%04d.at-end.json" % e)
        if not os.path.exists(name):
            continue
        doc = json.load(open(name))
        if "data" not in doc:
            continue
        served.append(e)
        ideal = {x["effective_balance"]: x for x in doc["data"]["ideal_rewards"]}
        i32 = ideal["32000000000"]
        isum = sum(float(i32[k]) for k in ("head", "target", "source"))
        if isum == 0:
            leak.add(e)
        for t in doc["data"]["total_rewards"]:
            v = exp[int(t["validator_index"])]
            v["duty"] += 1
            v["target"] += float(t["target"]) >= 0
            v["source"] += float(t["source"]) >= 0
            if float(t["target"]) >= 0:
                v["epochs"].append(e)
                v["last"], v["cur"] = e, 0
            else:
                # Misses in a row over the duty epochs with data, in order.
                if v["cur"] == 0:
                    v["start"] = e
                v["cur"] += 1
                v["longest"] = max(v["longest"], v["cur"])
            # Net: every component, inactivity too, in every duty epoch (a leak's).
            v["net"] += sum(float(t.get(k, 0)) for k in ("head", "target", "source", "inactivity"))
            if isum > 0:
                v["pos"] += sum(max(0.0, float(t[k])) for k in ("head", "target", "source"))
                v["ideal"] += isum
    return exp, leak, served


def main():
    return harness.run_suite(scenarios)


def scenarios(tmp):
    exp, leak, served = expected()
    st = os.path.join(tmp, "a.store")

    # 1. The recorded node, whole history: numbers from the files.
    s = Server(tmp)
    rc, out, err = run(["--beacon", s.url, "--validators", ALL, "--from-epoch", "0",
                        "--store", st, "--format", "csv"])
    check("pruned epochs make a partial report (exit 75)", rc == 75, (rc, err))
    check("pruned epochs are named with what would serve them",
          "epochs 0-3, 10 are not served" in err and "archive" in err and "--follow" in err, err)
    check("the decimal-string deviation is warned about once",
          err.count("decimal strings") == 1, err)
    got = {int(r["validator_index"]): r for r in rows(out) if r["scope"] == "validator"}
    check("sixteen validators and a total row", len(got) == 16 and rows(out)[-1]["scope"] == "total", out)
    ok = True
    for i in range(16):
        r, x = got.get(i), exp[i]
        if r is None:
            ok = False
            continue
        want_up = x["target"] / x["duty"]
        want_eff = x["pos"] / x["ideal"] if x["ideal"] else 0
        # Tolerance: Lodestar's decimals are rounded to whole gwei per value.
        ok &= int(r["duty_epochs"]) == x["duty"] and abs(float(r["uptime_frac"]) - want_up) < 1e-12
        ok &= abs(float(r["effectiveness_frac"]) - want_eff) < 1e-6
        ok &= abs(float(r["source_frac"]) - x["source"] / x["duty"]) < 1e-12
    check("uptime, source and effectiveness match the recorded rewards", ok, out)
    # Net effectiveness counts the leak's penalties (epochs 11-12, ideal 0).
    net_ok = all(abs(float(got[i]["net_effectiveness_frac"]) - exp[i]["net"] / exp[i]["ideal"]) < 1e-6
                 for i in range(16) if exp[i]["ideal"])
    check("net effectiveness counts every penalty, a leak's included", net_ok,
          [(i, got[i]["net_effectiveness_frac"], exp[i]["net"] / exp[i]["ideal"])
           for i in range(16) if exp[i]["ideal"]])
    check("never-online validators 13-15 have uptime 0",
          all(float(got[i]["uptime_frac"]) == 0 for i in (13, 14, 15)), out)
    g = int(json.load(open(os.path.join(FIX, "genesis.json")))["data"]["genesis_time"])
    spec = json.load(open(os.path.join(FIX, "config_spec.json")))["data"]
    per = int(spec["SLOTS_PER_EPOCH"]) * int(spec["SECONDS_PER_SLOT"])

    def at(e):
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(g + e * per))
    check("miss streaks, last correct target and offline-since match the recorded rewards",
          all(got[i]["current_miss_streak"] == str(exp[i]["cur"]) and
              got[i]["longest_miss_streak"] == str(exp[i]["longest"]) and
              got[i]["last_target_epoch"] == ("" if exp[i]["last"] is None else str(exp[i]["last"])) and
              got[i]["offline_since"] == (at(exp[i]["start"]) if exp[i]["cur"] else "")
              for i in range(16)) and exp[13]["cur"] > 3 and
          any(exp[i]["cur"] == 0 for i in range(16)),
          [(i, got[i]["current_miss_streak"], exp[i]["cur"], got[i]["offline_since"]) for i in range(16)])
    heads = {int(x["index"]): x["status"] + (",slashed" if x["validator"]["slashed"] and
                                            "slashed" not in x["status"] else "")
             for x in json.load(open(os.path.join(FIX, "validators.head.json")))["data"]}
    check("each validator's status is the node's at the head",
          all(got[i]["status"] == heads[i] for i in range(16)) and rows(out)[-1]["status"] == "",
          [(i, got[i]["status"], heads[i]) for i in range(16)])
    check("validators 11-12 attest only before epoch 5",
          all(exp[i]["epochs"] and max(exp[i]["epochs"]) < 5 and
              int(got[i]["target_epochs"]) == len(exp[i]["epochs"]) for i in (11, 12)), exp[11])
    always = [i for i in range(11) if exp[i]["target"] == exp[i]["duty"]]
    check("validators 0-10 with no recorded miss have uptime 1",
          always and all(float(got[i]["uptime_frac"]) == 1 for i in always), always)
    check("leak epochs are recognised", rows(out)[-1]["leak_epochs"] == str(len(leak)) and leak == {11, 12},
          (rows(out)[-1], leak))
    first = s.requests()

    # --alert-streak: exit 1 naming who missed N in a row now; the report is printed.
    rc3, out3, err3 = run(["--beacon", s.url, "--validators", ALL, "--from-epoch", "0",
                           "--store", st, "--format", "csv", "--alert-streak", "3"])
    hit = sorted(i for i in range(16) if exp[i]["cur"] >= 3)
    line = [l for l in err3.splitlines() if "alert:" in l]
    check("--alert-streak 3 exits 1 naming exactly the validators with 3 or more misses now",
          rc3 == 1 and len(line) == 1 and hit and
          all(("%d (" % i) in line[0] for i in hit) and
          not any((" %d (" % i) in line[0] for i in range(16) if i not in hit) and
          rows(out3) == rows(out), (rc3, line, hit))
    # The summary's views: sorted, picked, compact or wide, quiet.
    rc4, out4, err4 = run(["--beacon", s.url, "--validators", ALL, "--from-epoch", "0",
                           "--store", st, "--format", "csv", "--slo", "90", "--sort", "streak",
                           "--only-failing"])
    fr = [r for r in rows(out4) if r["scope"] == "validator"]
    fail = [i for i in range(16) if exp[i]["cur"] > 0 or exp[i]["target"] * 10 < exp[i]["duty"] * 9]
    check("--only-failing keeps those below --slo or with a streak, --sort streak longest first",
          sorted(int(r["validator_index"]) for r in fr) == fail and
          [int(r["current_miss_streak"]) for r in fr] ==
          sorted((int(r["current_miss_streak"]) for r in fr), reverse=True) and
          rows(out4)[-1]["duty_epochs"] == rows(out)[-1]["duty_epochs"], (fail, out4))
    rc5, out5, err5 = run(["--beacon", s.url, "--validators", ALL, "--from-epoch", "0",
                           "--store", st, "--quiet"])
    rc6, out6, err6 = run(["--beacon", s.url, "--validators", ALL, "--from-epoch", "0",
                           "--store", st, "--wide"])
    check("the table is compact by default, --wide shows all, --quiet says no notes",
          "offline since (UTC)" in out5 and "effectiveness" not in out5.split("\n")[0] and
          "note:" not in out5 and "effectiveness" in out6.split("\n")[0] and "note:" in out6,
          (out5[:300], out6[:300]))
    first = s.requests()

    # 2. Again: no request for an epoch already stored, the same report.
    rc2, out2, err2 = run(["--beacon", s.url, "--validators", ALL, "--from-epoch", "0",
                           "--store", st, "--format", "csv"])
    again = s.requests()[len(first):]
    stored_asked = [l for l in again if int(l.split("/")[-1]) in served]
    check("a re-run asks nothing for stored epochs", not stored_asked and rc2 == 75, again)
    check("a re-run prints the same report", out2 == out, (out, out2))

    # 3. Per epoch: one row per validator per epoch, outcomes 1/0/empty.
    rc, out, err = run(["--beacon", s.url, "--validators", ALL, "--from-epoch", "4",
                        "--to-epoch", "12", "--store", st, "--per-epoch", "--format", "csv",
                        "--window", "2m"])
    pr = rows(out)
    in_range = [e for e in served if 4 <= e <= 12]
    check("per-epoch rows: validators x epochs, those without data as served 0",
          len(pr) == 16 * 9 and rc == 75 and
          len([r for r in pr if r["served"] == "1"]) == 16 * len(in_range) and
          {(r["epoch"], r["served"], r["target"], r["reward_gwei"]) for r in pr
           if int(r["epoch"]) not in served} == {("10", "0", "", "")}, (len(pr), rc, err))
    # The epoch's start: genesis + epoch x slots x slot time, RFC 3339 UTC,
    # from the recorded genesis and spec.
    g = int(json.load(open(os.path.join(FIX, "genesis.json")))["data"]["genesis_time"])
    spec = json.load(open(os.path.join(FIX, "config_spec.json")))["data"]
    per = int(spec["SLOTS_PER_EPOCH"]) * int(spec["SECONDS_PER_SLOT"])
    want_t = {str(e): time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(g + e * per))
              for e in range(4, 13)}
    check("each per-epoch row has its epoch's start time",
          all(r["time"] == want_t[r["epoch"]] for r in pr), pr[:2])
    pr = [r for r in pr if r["served"] == "1"]
    heads = {r["head"] for r in pr if int(r["epoch"]) in leak}
    check("head is unknown in leak epochs", heads == {""}, heads)
    check("leak rows are flagged", {r["leak"] for r in pr if int(r["epoch"]) in leak} == {"1"})
    r11 = [r for r in pr if r["validator_index"] == "11"]
    check("validator 11: target 1 at epoch 4, 0 from epoch 5",
          r11[0]["epoch"] == "4" and r11[0]["target"] == "1" and
          all(r["target"] == "0" for r in r11[1:]), r11[:3])
    s.stop()

    # 4. Faults the node can throw.
    for fault, what in (("status:503:2", "503"), ("status:429:2", "429 with Retry-After"),
                        ("truncate:2", "a truncated body")):
        s = Server(tmp, "--fault", fault)
        rc, out, err = run(["--beacon", s.url, "--validators", "0,13", "--from-epoch", "4",
                            "--to-epoch", "9", "--store", os.path.join(tmp, fault + ".store"),
                            "--format", "csv"])
        n = len(s.requests())
        check("%s is retried and the report completes" % what, rc == 0 and n == 6 + 2, (rc, n, err))
        s.stop()
    s = Server(tmp, "--fault", "slow:3:1")
    rc, out, err = run(["--beacon", s.url, "--validators", "0", "--from-epoch", "4", "--to-epoch",
                        "5", "--timeout", "1s", "--store", os.path.join(tmp, "slow.store")])
    check("a stalled response times out and is retried", rc == 0, (rc, err))
    s.stop()
    s = Server(tmp, "--fault", "status:503:99")
    rc, out, err = run(["--beacon", s.url, "--validators", "0", "--from-epoch", "4", "--to-epoch",
                        "5", "--retries", "2", "--store", os.path.join(tmp, "503.store")])
    check("503 beyond the retries is exit 69 with one line", rc == 69 and err.count("\n") == 1
          and "503" in err and out == "", (rc, err))
    s.stop()
    for fault, field in (("malformed:5", "not JSON"), ("badfield:6", "'target'")):
        s = Server(tmp, "--fault", fault)
        rc, out, err = run(["--beacon", s.url, "--validators", "0", "--from-epoch", "4",
                            "--to-epoch", "7", "--concurrency", "1",
                            "--store", os.path.join(tmp, fault + ".store")])
        check("%s: exit 76 naming the endpoint and field" % fault,
              rc == 76 and "/eth/v1/beacon/rewards/attestations/" in err and field in err, (rc, err))
        s.stop()
    # A hostile node: a key twice, a number no epoch produces.  One error
    # line, beside any warning, naming the endpoint and the key.
    for fault, key in (("dupkey:5", "duplicate key 'data.total_rewards'"),
                       ("range:6", "'inactivity'")):
        s = Server(tmp, "--fault", fault)
        rc, out, err = run(["--beacon", s.url, "--validators", "0", "--from-epoch", "4",
                            "--to-epoch", "7", "--concurrency", "1",
                            "--store", os.path.join(tmp, fault + ".store")])
        errors = [l for l in err.splitlines() if not l.startswith("uptimecalc: warning:")]
        check("%s: exit 76, one line naming the endpoint and key" % fault,
              rc == 76 and len(errors) == 1 and
              "/eth/v1/beacon/rewards/attestations/" in errors[0] and key in errors[0],
              (rc, err))
        s.stop()
    s = Server(tmp, "--fault", "nimbus")
    rc, out, err = run(["--beacon", s.url, "--validators", "0", "--from-epoch", "4",
                        "--store", os.path.join(tmp, "nimbus.store")])
    check("a node without the rewards route is named (Nimbus)", rc == 69 and "Nimbus" in err, err)
    s.stop()

    # 5. A crash mid-report: the store keeps what came, the next run the rest.
    cs = os.path.join(tmp, "crash.store")
    s = Server(tmp, "--fault", "crash-after:3")
    rc, out, err = run(["--beacon", s.url, "--validators", ALL, "--from-epoch", "4",
                        "--to-epoch", "9", "--concurrency", "1", "--retries", "1", "--store", cs,
                        "--format", "csv"])
    check("a node that dies mid-report gives exit 69 and a partial report",
          rc == 69 and len(rows(out)) == 17, (rc, err))
    s.stop()
    s = Server(tmp)
    rc, out, err = run(["--beacon", s.url, "--validators", ALL, "--from-epoch", "4",
                        "--to-epoch", "9", "--store", cs, "--format", "csv"])
    check("the resumed report fetches only the epochs it lacks", len(s.requests()) == 3, s.requests())
    rc2, clean, _ = run(["--beacon", s.url, "--validators", ALL, "--from-epoch", "4",
                         "--to-epoch", "9", "--store", os.path.join(tmp, "clean.store"),
                         "--format", "csv"])
    check("resumed = clean run: no loss, no duplicates", rc == 0 and out == clean, (out, clean))

    # 6. A torn last record is dropped, not misread.
    size = os.path.getsize(cs)
    with open(cs, "r+b") as f:
        f.truncate(size - 5)
    n0 = len(s.requests("/rewards/"))
    rc, out, err = run(["--beacon", s.url, "--validators", ALL, "--from-epoch", "4",
                        "--to-epoch", "9", "--store", cs, "--format", "csv"])
    # The last record is one epoch's: its attestations, or its sync duties
    # (a request per slot of the devnet's 8).
    again = s.requests("/rewards/")[n0:]
    att = [l for l in again if "/attestations/" in l]
    syn = {int(l.split()[1].rsplit("/", 1)[1]) for l in again if "/sync_committee/" in l}
    one_record = (len(att) == 1 and not syn) or \
        (not att and len(syn) == 8 and len({sl // 8 for sl in syn}) == 1)
    check("a torn record is detected, dropped and fetched again",
          rc == 0 and "unfinished record" in err and one_record and out == clean,
          (rc, err, again))

    # 7. Validators by pubkey; unknown ones are named.
    pk = json.load(open(os.path.join(FIX, "validators.head.json")))["data"][2]["validator"]["pubkey"]
    rc, out, err = run(["--beacon", s.url, "--validators", pk + ",3", "--from-epoch", "4",
                        "--to-epoch", "9", "--store", cs, "--format", "csv"])
    check("a pubkey resolves to its index", rc == 0 and [r["validator_index"] for r in rows(out)][:2] == ["2", "3"],
          (rc, out, err))
    rc, out, err = run(["--beacon", s.url, "--validators", "3,9999", "--store", cs])
    check("an unknown validator is exit 64 naming it", rc == 64 and "9999" in err and out == "", err)
    rc, out, err = run(["--beacon", s.url, "--validators", "18446744073709551615", "--store", cs])
    check("an unknown index is named in full", rc == 64 and "18446744073709551615" in err, err)

    # 8. Credentials never appear.
    secret_url = "http://alice:s3cretpw@127.0.0.1:%d" % s.port
    rc, out, err = run(["--beacon", secret_url, "--header", "X-Api-Key: topsecret9",
                        "--validators", "9999", "--store", cs])
    check("basic auth and headers are redacted from errors",
          rc == 64 and "s3cretpw" not in err + out and "topsecret9" not in err + out and "alice" not in err, err)
    s.stop()
    s = Server(tmp, "--require-header", "X-Api-Key: topsecret9", "--fault", "status:503:99")
    rc, out, err = run(["--beacon", "http://alice:s3cretpw@127.0.0.1:%d/" % s.port, "--header",
                        "X-Api-Key: topsecret9", "--validators", "0", "--from-epoch", "4",
                        "--to-epoch", "4", "--retries", "0", "--store", os.path.join(tmp, "h.store")])
    check("the header reaches the node; failures stay redacted",
          rc == 69 and "503" in err and "s3cretpw" not in err and "topsecret9" not in err, (rc, err))
    s.stop()
    s = Server(tmp, "--require-header", "X-Api-Key: topsecret9")
    rc, out, err = run(["--beacon", s.url, "--validators", "0", "--from-epoch", "4",
                        "--to-epoch", "4", "--store", os.path.join(tmp, "k.store")])
    check("a node that wants a key: exit 77, naming authentication and how to give it",
          rc == 77 and "401" in err and "authentication" in err and "--header" in err and
          out == "" and len(err.strip().split("\n")) == 1, (rc, err))
    s.stop()
    rc, out, err = run(["--beacon", "http://bob:hunter2xyz@127.0.0.1:9/", "--validators", "0",
                        "--store", os.path.join(tmp, "x.store"), "--retries", "0"])
    check("an unreachable node is exit 69 without the password",
          rc == 69 and "hunter2xyz" not in err and "bob" not in err, err)
    rc, out, err = run(["--validators", "0", "--store", os.path.join(tmp, "x.store"), "--retries", "0"],
                       env={"BEACON_API_URL": "http://127.0.0.1:9"})
    check("$BEACON_API_URL is the default node", rc == 69 and "127.0.0.1:9" in err, err)

    # 8b. Sync committees.  The devnet's node keeps no old states (the
    # committee of epochs 0-7 is not served) and answers sync rewards with
    # balances (its README): those are refused, naming the value, and only
    # the slots with a block are counted.
    s = Server(tmp)
    rc, out, err = run(["--beacon", s.url, "--validators", ALL, "--from-epoch", "0",
                        "--store", os.path.join(tmp, "sync-dev.store"), "--format", "csv"])
    st_of = {}
    with open(os.path.join(FIX, "index.tsv")) as f:
        next(f)
        for line in f:
            c = line.rstrip("\n").split("\t")
            st_of[c[0]] = int(c[4])
    to = int(rows(out)[0]["to_epoch"]) if rows(out) else -1
    blocks = sum(st_of.get("rewards_sync_committee.slot-%04d.json" % sl) == 200
                 for sl in range(8 * 8, (to + 1) * 8))
    sr = rows(out)
    check("devnet sync duties: slots with a block counted, its balances refused and named",
          rc == 75 and blocks > 0 and
          all(r["sync_slots"] == str(blocks if r["scope"] == "validator" else 16 * blocks) and
              r["sync_missed_slots"] == "" and r["sync_reward_gwei"] == "" for r in sr) and
          "sync committee of 8 epochs" in err and "No state found" in err and
          "cannot be rewards" in err and "gwei, more than the" in err, (rc, err, blocks, sr[:2]))
    s.stop()
    sync_synthetic(tmp)
    readme_report(tmp)

    # 9. A store of another network is refused.
    s = Server(tmp, "--synthetic", "100", "--head-epoch", "20")
    rc, out, err = run(["--beacon", s.url, "--validators", "0", "--store", st])
    check("a store of another network is refused", rc == 64 and "another network" in err, err)
    rc, out, err = run(["--beacon", s.url, "--validators", "0-9", "--epochs", "10",
                        "--store", os.path.join(tmp, "syn.store"), "--slo", "99", "--format", "json"])
    doc = json.loads(out) if rc == 0 else {}
    rws = doc.get("rows", [{}])
    check("12 s / 32-slot timing and SLO columns on a synthetic mainnet",
          rc == 0 and rws[-1]["duty_epochs"] == 100 and "slo_left_epochs" in rws[0], (rc, err))
    s.stop()
    # --per-day: over 41 synthetic mainnet epochs (6.4 min each) that span
    # two UTC days, each validator's day summed by hand from the fake
    # node's deterministic rewards (tests/fakebeacon.py syn_rewards).
    s = Server(tmp, "--synthetic", "100", "--head-epoch", "500")
    rc, out, err = run(["--beacon", s.url, "--validators", "0-9", "--from-epoch", "100",
                        "--to-epoch", "140", "--store", os.path.join(tmp, "day.store"),
                        "--per-day", "--price", "2000", "--format", "csv"])
    want = {}
    for e in range(100, 141):
        day = time.strftime("%Y-%m-%d", time.gmtime(1606824023 + e * 384))
        for i in range(10):
            # The fake node's rewards repeat every 16 epochs (its cache).
            h = (i * 2654435761 + (e % 16) * 40503) & 0xffffffff
            gain, loss = (0, 4511 + 2429) if h % 100 == 0 else \
                ((4511 + 2429, 0) if h % 33 == 1 else (2429 + 4511 + 2429, 0))
            w = want.setdefault((day, str(i)), [0, 0, 0, 0])
            w[0] += 1
            w[1] += h % 100 != 0
            w[2] += gain
            w[3] += loss
    got = {(r["date"], r["validator_index"]): [int(r["duty_epochs"]), int(r["target_epochs"]),
                                               int(r["reward_gwei"]), int(r["penalty_gwei"])]
           for r in rows(out) if r["scope"] == "validator"}
    totals = [r for r in rows(out) if r["scope"] == "total"]
    check("--per-day: a row per validator and UTC day, summed as the node paid",
          rc == 0 and len({d for d, _ in want}) == len(totals) >= 2 and got == want and
          all(abs(float(r["net_usd"]) - int(r["net_gwei"]) / 1e9 * 2000) < 1e-6
              for r in rows(out)), (rc, err, sorted(set(got) ^ set(want))[:4]))
    seen = sparkline(s.url, os.path.join(tmp, "day.store"), ["--validators", "0-9",
                     "--from-epoch", "100", "--to-epoch", "140"], want)
    s.stop()
    # The recorded devnet's uptimes are spread (0 to 100 %): every level.
    d = Server(tmp)
    seen += sparkline(d.url, os.path.join(tmp, "spark.store"), ["--validators", "0-15",
                      "--from-epoch", "4", "--to-epoch", "12"])
    d.stop()
    check("the table's uptime per day: a character per UTC day, as --per-day counts it, "
          "blocks in UTF-8 and ASCII in C", len(seen) == 22 + 34 and
          all(g == e for _, g, e in seen) and len({e for _, _, e in seen}) >= 6, seen)
    # Validators that change inside the range (fakebeacon --edges 30): one
    # activated at 30, one exiting at 30, one slashed at 28 that exits at 30.
    # Duties only while active, no miss at either edge; the slashed one's
    # two slashed epochs are real misses.
    s = Server(tmp, "--synthetic", "20", "--head-epoch", "50", "--edges", "30")
    rc, out, err = run(["--beacon", s.url, "--validators", "16-19", "--from-epoch", "20",
                        "--to-epoch", "40", "--store", os.path.join(tmp, "edge.store"),
                        "--format", "csv"])
    er = {r["validator_index"]: r for r in rows(out) if r["scope"] == "validator"}
    check("activated, exited and slashed inside the range: duties only while active",
          rc == 0 and
          (er["19"]["duty_epochs"], er["19"]["uptime_frac"], er["19"]["current_miss_streak"]) ==
          ("11", "1", "0") and
          (er["18"]["duty_epochs"], er["18"]["uptime_frac"], er["18"]["current_miss_streak"],
           er["18"]["status"]) == ("10", "1", "0", "exited_unslashed") and
          (er["17"]["duty_epochs"], er["17"]["target_epochs"], er["17"]["current_miss_streak"],
           er["17"]["last_target_epoch"], er["17"]["status"]) ==
          ("10", "8", "2", "27", "exited_slashed"), (rc, err, out))
    # The slashed one stays eligible after its exit, charged until it is
    # withdrawable (get_eligible_validator_indices): those penalties are
    # its cost, not duties.  fakebeacon pays the edge validators in full
    # (2429 + 4511 + 2429) and charges a slashed one -4511 - 2429 an epoch.
    full, charged = 2429 + 4511 + 2429, -4511 - 2429
    want_reward = 8 * full + 13 * charged           # 20-27 paid; 28-40 charged
    want_missed = 10 * full - want_reward            # ideal over its duty epochs 20-29
    rcp, outp, errp = run(["--beacon", s.url, "--validators", "17", "--from-epoch", "20",
                           "--to-epoch", "40", "--store", os.path.join(tmp, "edge.store"),
                           "--per-epoch", "--format", "csv"])
    after = [r for r in rows(outp) if int(r["epoch"]) >= 30]
    check("a slashed validator's penalties after its exit count in its reward, not its duties",
          rc == 0 and er["17"]["reward_gwei"] == str(want_reward) and
          er["17"]["missed_reward_gwei"] == str(want_missed) and rcp == 0 and
          len(after) == 11 and all(r["duty"] == "0" and r["reward_gwei"] == str(charged)
                                   for r in after), (er["17"], errp, after[:2]))
    s.stop()
    # Past 4096 rows the summary is printed as it goes: still one CSV
    # header, every row, the total last; JSON still one object.
    s = Server(tmp, "--synthetic", "5000", "--head-epoch", "20")
    big = os.path.join(tmp, "big.store")
    rc, out, err = run(["--beacon", s.url, "--validators", "0-4999", "--epochs", "2",
                        "--store", big, "--format", "csv", "--sort", "uptime"])
    br = rows(out)
    rcj, outj, errj = run(["--beacon", s.url, "--validators", "0-4999", "--epochs", "2",
                           "--store", big, "--format", "json"])
    try:
        bj = json.loads(outj)
    except ValueError:
        bj = {}
    check("a 5000-validator summary, printed as it goes: every row once, the total last",
          rc == 0 and len(br) == 5001 and br[-1]["scope"] == "total" and
          len({r["validator_index"] for r in br[:-1]}) == 5000 and
          out.count("scope,") == 1 and rcj == 0 and len(bj.get("rows", [])) == 5001 and
          bj["rows"][-1]["scope"] == "total" and
          [float(r["uptime_frac"]) for r in br[:-1]] ==
          sorted(float(r["uptime_frac"]) for r in br[:-1]), (rc, err[-300:], rcj))
    s.stop()
    s = Server(tmp, "--synthetic", "100", "--head-epoch", "20")
    # JSON gives the range and its coverage once at the top, every row too.
    check("JSON: range, times and coverage at the top and in the rows",
          rc == 0 and doc["to_epoch"] - doc["from_epoch"] == 9 and
          doc["epochs_with_data"] == 10 and doc["epochs_without_data"] == 0 and
          doc["from_time"].endswith("Z") and doc["to_time"] > doc["from_time"] and
          all(r["from_epoch"] == doc["from_epoch"] and r["to_time"] == doc["to_time"]
              for r in rws), (rc, err, {k: v for k, v in doc.items() if k != "rows"}))
    rc, out, err = run(["--beacon", s.url, "--validators", "0-99", "--epochs", "2",
                        "--store", os.path.join(tmp, "syn.store"), "--format", "csv"])
    check("more than 64 validators are resolved with one POST",
          rc == 0 and len(s.requests("POST /eth/v1/beacon/states/head/validators")) == 1
          and len(rows(out)) == 101, (rc, err))
    s.stop()

    # 10. --follow builds history as epochs arrive; SIGTERM ends it cleanly.
    # The node's epochs last 2.2 s (8 slots of 275 ms, as its spec says):
    # looking once a slot, the report sees every epoch while it is current.
    s = Server(tmp, "--follow-ms", "2200", "--head-epoch", "6")
    fs = os.path.join(tmp, "follow.store")
    p = subprocess.Popen([BIN, "--data", DATA, "report", "--beacon", s.url, "--validators", ALL,
                          "--from-epoch", "4", "--store", fs, "--follow", "--format", "csv"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Stop once epoch 7 is printed (about 8.6 s in: the head is then 9, so
    # the duties of epochs 6-8 are recorded), not after a fixed sleep that
    # a busy machine may not honour.  Rows are flushed epoch by epoch.
    head, deadline = [], time.time() + 30
    while time.time() < deadline:
        if not select.select([p.stdout], [], [], max(0, deadline - time.time()))[0]:
            break
        line = p.stdout.readline()
        if not line:
            break
        head.append(line)
        if line[:1].isdigit() and int(line.split(",")[0]) >= 7:
            break
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=10)
    out = "".join(head) + out
    fr = rows(out)
    epochs = sorted({int(r["epoch"]) for r in fr})
    check("--follow prints each new epoch and exits 0 on SIGTERM",
          p.returncode == 0 and epochs and epochs[0] == 5 and len(epochs) >= 3
          and "interrupted" not in err, (p.returncode, epochs, err))
    s.stop()
    # --format json while following: one JSON object per line (NDJSON), as
    # they come, so that a pipe into jq works.
    # (Epochs of 0.6 s: only rows are awaited here, no proposer duties.)
    s = Server(tmp, "--follow-ms", "600", "--head-epoch", "6")
    p = subprocess.Popen([BIN, "--data", DATA, "report", "--beacon", s.url, "--validators", "0,13",
                          "--from-epoch", "4", "--store", os.path.join(tmp, "fj.store"),
                          "--follow", "--format", "json"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines, deadline = [], time.time() + 30
    while time.time() < deadline:
        if not select.select([p.stdout], [], [], max(0, deadline - time.time()))[0]:
            break
        line = p.stdout.readline()
        if not line:
            break
        lines.append(line)
        if len(lines) >= 4:
            break
    p.send_signal(signal.SIGTERM)
    rest, err = p.communicate(timeout=10)
    lines += rest.splitlines(True)
    try:
        objs = [json.loads(l) for l in lines]
    except ValueError:
        objs = None
    check("--follow --format json writes one JSON object per line",
          p.returncode == 0 and objs and len(objs) >= 4 and
          all(set(o) >= {"epoch", "validator_index", "target"} for o in objs) and
          {o["validator_index"] for o in objs} == {0, 13}, (p.returncode, lines[:3], err))
    s.stop()
    s = Server(tmp)
    rc, out, err = run(["--beacon", s.url, "--validators", ALL, "--from-epoch", "4",
                        "--to-epoch", "8", "--store", fs, "--format", "csv"])
    check("what --follow fetched is in the store",
          rc == 0 and len(s.requests()) == 5 - 1 - len(epochs), (rc, epochs, s.requests()))
    # Proposals: --follow took each epoch's proposer duties while they were
    # served (current epoch only, as Lodestar) and settled them against the
    # blocks.  Expected from the recorded duties and blocks of epochs 6-8.
    status = {}
    for line in open(os.path.join(FIX, "index.tsv")):
        cols = line.rstrip("\n").split("\t")
        status[cols[0]] = cols[4]
    want = {}
    for e in (6, 7, 8):
        for d in json.load(open(os.path.join(FIX, "duties_proposer.epoch-%04d.json" % e)))["data"]:
            v = want.setdefault(int(d["validator_index"]), [0, 0])
            v[0] += 1
            v[1] += status.get("blocks_v2.slot-%04d.json" % int(d["slot"])) == "200"
    rc, out, err = run(["--beacon", s.url, "--validators", ALL, "--from-epoch", "6",
                        "--to-epoch", "8", "--store", fs, "--format", "csv"])
    pr = {int(r["validator_index"]): r for r in rows(out) if r["scope"] == "validator"}
    got = {v: [int(pr[v]["proposals_assigned"] or 0), int(pr[v]["proposals_made"] or 0)]
           for v in pr if pr[v]["proposals_assigned"] not in ("", "0")}
    check("proposals from duties and blocks recorded while following",
          rc == 0 and got == want and sum(w[0] for w in want.values()) == 24, (got, want, err))
    s.stop()

    # 11. Ctrl-C mid-report keeps what was fetched and says partial.
    s = Server(tmp, "--fault", "slow:0.6:100")
    cs2 = os.path.join(tmp, "int.store")
    p = subprocess.Popen([BIN, "--data", DATA, "report", "--beacon", s.url, "--validators", ALL,
                          "--from-epoch", "4", "--to-epoch", "9", "--concurrency", "1",
                          "--store", cs2, "--format", "csv"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.6)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=10)
    check("an interrupted report exits 75 and prints what it has",
          p.returncode == 75 and "interrupted" in err and len(rows(out)) == 17, (p.returncode, err))
    s.stop()
    s = Server(tmp)
    rc, out, err = run(["--beacon", s.url, "--validators", ALL, "--from-epoch", "4",
                        "--to-epoch", "9", "--store", cs2, "--format", "csv"])
    check("after the interrupt only the rest is fetched", rc == 0 and 0 < len(s.requests()) < 6,
          s.requests())

    # 12. --output writes the file, not stdout.
    outf = os.path.join(tmp, "r.csv")
    rc, out, err = run(["--beacon", s.url, "--validators", ALL, "--from-epoch", "4", "--to-epoch",
                        "9", "--store", cs2, "--format", "csv", "--output", outf])
    check("--output writes the report to a file", rc == 0 and out == "" and open(outf).read() == clean,
          (rc, err))
    s.stop()
    hostile(tmp)


def hostile(tmp):
    """13. A hostile or careless node: answers without end, bombs,
    validators never asked for, and error messages that echo secrets."""
    n = [0]

    def store():
        n[0] += 1
        return ["--store", os.path.join(tmp, "hostile%d.store" % n[0])]

    # Memory stays bounded: the default rewards cap for two validators is
    # 4 MiB + 2 KiB; a --timeout keeps a regression from eating the machine.
    cap = str(4 * 1024 * 1024 + 2 * 1024)
    limit_kib = 200 * 1024
    s = Server(tmp, "--fault", "endless")
    rc, out, err, rss = run_rss(["--beacon", s.url, "--validators", "0,13", "--from-epoch", "4",
                                 "--to-epoch", "8", "--concurrency", "1", "--timeout", "5s"] + store())
    check("an endless body: exit 76, one line naming node, path, cap and option, no retry",
          rc == 76 and err.count("\n") == 1 and s.url + ":" in err and
          "/eth/v1/beacon/rewards/attestations/4" in err and cap + " bytes" in err and
          "--max-response" in err and len(s.requests()) == 1 and out == "",
          (rc, err, s.requests()))
    check("an endless body: peak memory under 200 MiB", rss < limit_kib, rss)
    s.stop()
    s = Server(tmp, "--fault", "gzip-bomb")
    rc, out, err, rss = run_rss(["--beacon", s.url, "--validators", "0,13", "--from-epoch", "4",
                                 "--to-epoch", "8", "--concurrency", "1", "--timeout", "5s"] + store())
    check("a gzip bomb: exit 76 with one line, counted after decompression",
          rc == 76 and err.count("\n") == 1 and cap + " bytes" in err and len(s.requests()) == 1,
          (rc, err))
    check("a gzip bomb: peak memory under 200 MiB", rss < limit_kib, rss)
    rc, out, err = run(["--beacon", s.url, "--validators", "0,13", "--from-epoch", "4",
                        "--to-epoch", "8", "--concurrency", "1", "--timeout", "5s",
                        "--max-response", "32M"] + store())
    check("--max-response raises the cap", rc == 76 and "33554432 bytes" in err, (rc, err))
    rc, out, err = run(["--beacon", s.url, "--validators", "0", "--max-response", "12x"] + store())
    rc2, _, err2 = run(["--beacon", s.url, "--validators", "0", "--max-response", "0"] + store())
    check("--max-response takes a positive size", rc == 64 and rc2 == 64 and "12x" in err, (err, err2))
    s.stop()
    s = Server(tmp, "--fault", "big-length:/validators")
    rc, out, err = run(["--beacon", s.url, "--validators", "0,13"] + store())
    check("a Content-Length over the cap is refused before the body",
          rc == 76 and "/eth/v1/beacon/states/head/validators?id=0,13" in err and
          str(1024 * 1024 + 2 * 4096) + " bytes" in err, (rc, err))
    s.stop()
    s = Server(tmp, "--synthetic", "100", "--head-epoch", "20", "--fault", "endless:/duties/")
    rc, out, err = run(["--beacon", s.url, "--validators", "0,1", "--epochs", "3", "--format", "csv"]
                       + store())
    check("an endless proposer duties answer: exit 76, the report printed",
          rc == 76 and err.count("\n") == 1 and "/eth/v1/validator/duties/proposer/" in err and
          len(rows(out)) == 3, (rc, err, out))
    s.stop()

    # Only the validators asked for are watched.
    s = Server(tmp, "--fault", "extra-validators")
    rc, out, err = run(["--beacon", s.url, "--validators", "0,13", "--from-epoch", "4",
                        "--to-epoch", "6", "--format", "csv"] + store())
    got = [r["validator_index"] for r in rows(out)]
    check("validators the node adds to its answer get no row",
          rc == 0 and got == ["0", "13", ""] and "not asked for" in err, (rc, got, err))
    pk = json.load(open(os.path.join(FIX, "validators.head.json")))["data"][2]["validator"]["pubkey"]
    rc, out, err = run(["--beacon", s.url, "--validators", pk.upper().replace("0X", "0x") + ",3",
                        "--from-epoch", "4", "--to-epoch", "6", "--format", "csv"] + store())
    got = [r["validator_index"] for r in rows(out)]
    check("... nor when asked for by pubkey", rc == 0 and got == ["2", "3", ""], (rc, got, err))
    s.stop()

    # A key in the query: the request path first, the query last.
    s = Server(tmp)
    tok = "tok3nX9"
    rc, out, err = run(["--beacon", s.url + "/?token=" + tok, "--validators", "0,13",
                        "--from-epoch", "4", "--to-epoch", "6", "--format", "csv"] + store())
    log = s.requests("/eth/")
    check("a ?token= URL: every request path, then the query",
          rc == 0 and log and all(l.rstrip("\n").endswith("token=" + tok) for l in log) and
          "GET /eth/v1/beacon/genesis?token=%s\n" % tok in log and
          "GET /eth/v1/beacon/states/head/validators?id=0,13&token=%s\n" % tok in log and
          "POST /eth/v1/beacon/rewards/attestations/4?token=%s\n" % tok in log, (rc, err, log))
    s.stop()
    s = Server(tmp, "--fault", "echo-auth")
    rc2, out2, err2 = run(["--beacon", s.url + "/?token=" + tok, "--validators", "0"] + store())
    check("a ?token= URL: the token appears nowhere, even echoed",
          rc2 == 77 and "401" in err2 and tok not in out + err + out2 + err2 and
          s.url + " refused" in err2, (err, err2))

    # user u, password p@ssword: the last '@' ends the userinfo.
    rc, out, err = run(["--beacon", "http://u:p@ssword@127.0.0.1:%d" % s.port, "--validators", "0"]
                       + store())
    # The node's own words: between the status and the advice.
    said = err.split("with 401, ", 1)[-1].split(": it needs authentication", 1)[0]
    check("user u, password p@ssword: neither, nor their base64, in an echo",
          rc == 77 and "p@ss" not in err and
          "dTpwQHNzd29yZA==" not in err and "genesis with 401, " in err and "u" not in said and
          s.url + " refused" in err, err)
    # A one-letter password is redacted too.
    rc, out, err = run(["--beacon", "http://alice:Z@127.0.0.1:%d" % s.port, "--validators", "0"]
                       + store())
    check("a one-letter password is redacted",
          rc == 77 and "Authorization" in err and "Z" not in err and "alice" not in err and
          "YWxpY2U6Wg==" not in err, err)
    # The node's message is cut at 199 bytes, where a secret may straddle
    # the cut; and what is not printable is blanked, where a UTF-8
    # password may hide (the node escapes it in its JSON).
    rc, out, err = run(["--beacon", "http://%s:pw9@127.0.0.1:%d" % ("x" * 120, s.port),
                        "--validators", "0"] + store())
    rc2, out2, err2 = run(["--beacon", "http://bob:p\u00e4ssw\u00f6rd@127.0.0.1:%d" % s.port,
                           "--validators", "0"] + store())
    check("a secret cut short or blanked in the node's message is redacted",
          rc == 77 and "Authorization" in err and "eHh4eHh4" not in err and "xxxx" not in err and
          rc2 == 77 and "Authorization" in err2 and "ssw  rd" not in err2 and
          "p\u00e4ssw\u00f6rd" not in err2, (err, err2))
    rc, out, err = run(["--beacon", s.url, "--header", "Authorization: Bearer s3cr3tTok",
                        "--validators", "0"] + store())
    check("a --header key echoed alone is redacted",
          rc == 77 and "token ***" in err and "s3cr3tTok" not in err, err)
    s.stop()
    s = Server(tmp, "--require-header", "Authorization: Basic dTpwQHNzd29yZA==")
    rc, out, err = run(["--beacon", "http://u:p@ssword@127.0.0.1:%d" % s.port, "--validators", "0",
                        "--from-epoch", "4", "--to-epoch", "4", "--format", "csv"] + store())
    check("user u, password p@ssword reach the node as such", rc == 0 and len(rows(out)) == 2,
          (rc, err))
    s.stop()

    # A key in the path, as hosted providers issue them.
    key = "AbC123key"
    s = Server(tmp, "--prefix", "/v2/" + key)
    rc, out, err = run(["--beacon", s.url + "/v2/" + key, "--validators", "0,13", "--from-epoch",
                        "4", "--to-epoch", "6", "--format", "csv"] + store())
    log = s.requests("/eth/")
    check("a key in the path: requests go under it, and it is not shown",
          rc == 0 and len(rows(out)) == 3 and log and
          all(l.split(" ")[1].startswith("/v2/%s/eth/v1/" % key) for l in log) and
          key not in out + err, (rc, err, log))
    s.stop()
    s = Server(tmp, "--prefix", "/v2/" + key, "--fault", "status:503:99")
    rc, out, err = run(["--beacon", s.url + "/v2/" + key, "--validators", "0", "--from-epoch",
                        "4", "--to-epoch", "4", "--retries", "0"] + store())
    shown = s.url + "/... answered 503"
    s.stop()
    s = Server(tmp, "--prefix", "/v2/" + key, "--fault", "echo-auth")
    rc2, out2, err2 = run(["--beacon", s.url + "/v2/" + key, "--validators", "0"] + store())
    check("a key in the path: errors show the node as host/... only",
          rc == 69 and shown in err and rc2 == 77 and
          key not in err + err2 and "401" in err2, (err, err2))
    s.stop()


def spark_char(duty, target, utf8):
    """The sparkline's character of a day, by the man page's rule: the top
    block only for a day without a miss, else one of seven levels."""
    if duty == 0:
        return " "
    u = target / duty
    level = 7 if u >= 1 else min(6, int(u * 7))
    return ("\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588" if utf8 else "_.:-=+*#")[level]


def sparkline(url, store, rng, want=None):
    """The summary table's "uptime per day": a character per UTC day, each
    the day's uptime as --per-day counted it (want: (day, validator) ->
    [duty, target, ...], by hand, or else --per-day's own rows); blocks in
    a UTF-8 locale, ASCII in C.  Returns [(locale, got, expected)]."""
    base = ["--beacon", url, "--store", store, "--quiet"] + rng
    if want is None:
        _, out, _ = run(base + ["--per-day", "--format", "csv"])
        want = {(r["date"], r["validator_index"]): [int(r["duty_epochs"]),
                                                    int(r["target_epochs"])]
                for r in rows(out) if r["scope"] == "validator"}
    days = sorted({d for d, _ in want})
    seen = []
    for loc, utf8 in (("C.UTF-8", True), ("C", False)):
        rc, out, err = run(base, env={"LC_ALL": loc})
        lines = out.split("\n")
        col = lines[0].find("uptime per day") if lines and rc in (0, 75) else -1
        for line in lines[1:]:
            if not line.startswith(("validator", "total")):
                continue
            key = list(want) if line.startswith("total") else \
                [(d, line.split()[1]) for d in days]
            exp = "".join(spark_char(sum(want[k][0] for k in key if k[0] == d),
                                     sum(want[k][1] for k in key if k[0] == d), utf8)
                          for d in days)
            seen.append((loc, line[col:col + len(days)] if col > 0 else None, exp))
    return seen


def readme_examples():
    """The README's report examples: (command line, expected lines), the
    command joined from its continuation lines."""
    lines = open(os.path.join(harness.ROOT, "README.md")).read().split("\n")
    i = 0
    while i < len(lines):
        if lines[i].startswith("$ uptimecalc report --beacon http://127.0.0.1:PORT"):
            cmd = lines[i][2:]
            while cmd.endswith("\\"):
                i += 1
                cmd = cmd[:-1] + lines[i].strip()
            j = i + 1
            while not lines[j].startswith("```"):
                j += 1
            yield cmd, lines[i + 1:j]
            i = j
        i += 1


def readme_report(tmp):
    """Each README report example is what the tool prints against the
    recorded devnet, stderr then stdout, the node's port written PORT."""
    s = Server(tmp)
    for n, (cmd, want) in enumerate(readme_examples()):
        d = tempfile.mkdtemp(dir=tmp)
        # The README shows the table's sparkline in blocks: a UTF-8 locale.
        env = dict(os.environ, XDG_DATA_HOME=d, UPTIMECALC_DATA=DATA, LC_ALL="C.UTF-8")
        env.pop("BEACON_API_URL", None)
        line = cmd.replace("PORT", str(s.port)).replace("uptimecalc ", BIN + " ", 1)
        p = subprocess.run(["sh", "-c", line], cwd=d, env=env, capture_output=True,
                           text=True, timeout=60)
        got = (p.stderr + p.stdout).replace(str(s.port), "PORT").rstrip("\n").split("\n")
        check("README report example %d is the tool's output" % (n + 1), got == want,
              "\n".join(got))
    s.stop()


def node_json(url, path, body=None):
    """The fake node's answer, asked directly: the test's own reading."""
    req = urllib.request.Request(url + path, data=body, method="POST" if body else "GET",
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, None


def isqrt(n):
    x, y = n, (n + 1) // 2
    while y < x:
        x, y = y, (y + n // y) // 2
    return x


def sync_cols(out):
    """Each validator's [sync_slots, sync_missed_slots, sync_reward_gwei]
    of a summary CSV, -1 for an empty cell."""
    return {int(r["validator_index"]): [int(r[c] or -1) for c in
                                        ("sync_slots", "sync_missed_slots", "sync_reward_gwei")]
            for r in rows(out) if r["scope"] == "validator"}


def sync_truth(n_validators, first, last):
    """What the synthetic node's validators did in epochs first..last, from
    the node's own rules (tests/fakebeacon.py: its committee draw, which
    slots have a block, how many seats sign), and the spec's participant
    reward for its 32 ETH validators: per validator, [slots with a block,
    slots with a seat unsigned, reward]."""
    import argparse
    sys.path.insert(0, os.path.join(harness.ROOT, "tests"))
    import fakebeacon as fb
    fb.A = argparse.Namespace(synthetic=n_validators, edges=0, sync=True, fault=None)
    total = n_validators * 32 * 10**9
    p = (10**9 * 64 // isqrt(total)) * (total // 10**9) * 2 // 64 // 32 // 512
    want = {}
    for e in range(first, last + 1):
        seats = {}
        for v in fb.syn_committee(e // 256):
            seats[v] = seats.get(v, 0) + 1
        for sl in range(e * 32, e * 32 + 32):
            if sl % 16 == 5:
                continue            # no block: no duty
            for i, n in seats.items():
                signed = fb.syn_sync_signed(i, sl, n)
                w = want.setdefault(i, [0, 0, 0])
                w[0] += 1
                w[1] += signed < n
                w[2] += (2 * signed - n) * p
    return want


def sync_synthetic(tmp):
    """Sync duties on a synthetic mainnet whose node pays as the spec does
    (fakebeacon --sync), across a period boundary (256), against what its
    validators did (sync_truth); some of them sign with part of their
    seats only."""
    s = Server(tmp, "--synthetic", "64", "--sync", "--head-epoch", "262")
    st = os.path.join(tmp, "sync-syn.store")
    rc, out, err = run(["--beacon", s.url, "--validators", "0-63", "--from-epoch", "250",
                        "--to-epoch", "260", "--store", st, "--format", "csv"])
    want = sync_truth(64, 250, 260)
    got = sync_cols(out)
    tot = rows(out)[-1] if rows(out) else {}
    check("synthetic sync duties: slots, misses and rewards as the validators did, per spec",
          rc == 0 and got == want and
          tot.get("sync_reward_gwei") == str(sum(w[2] for w in want.values())) and
          any(w[1] for w in want.values()), (rc, err, sorted(got.items())[:3],
                                             sorted(want.items())[:3]))
    # One validator alone, whose seats are never all signed or all unsigned
    # in some slots: its per-seat reward still comes from the witnesses.
    one = max(want, key=lambda i: want[i][1])
    rc1, out1, err1 = run(["--beacon", s.url, "--validators", str(one), "--from-epoch", "250",
                           "--to-epoch", "260", "--store", os.path.join(tmp, "sync-one.store"),
                           "--format", "csv"])
    r1 = rows(out1)[0] if rows(out1) else {}
    check("one validator alone: the same sync duties as in the whole set",
          rc1 == 0 and [int(r1.get("sync_slots") or -1), int(r1.get("sync_missed_slots") or -1),
                        int(r1.get("sync_reward_gwei") or -1)] == want[one], (rc1, err1, r1))
    before = len(s.requests("/sync_committee"))
    rc2, out2, err2 = run(["--beacon", s.url, "--validators", "0-63", "--from-epoch", "250",
                           "--to-epoch", "260", "--store", st, "--format", "csv"])
    check("a re-run asks no sync duty it has stored",
          rc2 == 0 and out2 == out and len(s.requests("/sync_committee")) == before,
          (rc2, err2, len(s.requests("/sync_committee")) - before))
    s.stop()
    # Validators outside the committee: no reward asked for, zero duties.
    s = Server(tmp, "--synthetic", "5000", "--sync", "--head-epoch", "20")
    _, com = node_json(s.url, "/eth/v1/beacon/states/head/sync_committees?epoch=0")
    inside = {int(v) for v in com["data"]["validators"]}
    outside = [i for i in range(5000) if i not in inside][:3]
    rc, out, err = run(["--beacon", s.url, "--validators", ",".join(map(str, outside)),
                        "--from-epoch", "10", "--to-epoch", "12", "--store",
                        os.path.join(tmp, "sync-out.store"), "--format", "csv"])
    check("no sync reward is asked for where no watched validator sits",
          rc == 0 and not s.requests("/rewards/sync_committee") and
          {(r["sync_slots"], r["sync_reward_gwei"]) for r in rows(out)} == {("0", "0")},
          (rc, err, s.requests("/rewards/sync_committee")[:3], out))
    s.stop()
    # A node without the rewards route answers 404, as an empty slot does:
    # the block's header tells them apart; nothing is taken as no duty.
    s = Server(tmp, "--synthetic", "64", "--sync", "--head-epoch", "262", "--fault",
               "sync-noroute")
    rc, out, err = run(["--beacon", s.url, "--validators", "0-3", "--from-epoch", "250",
                        "--to-epoch", "252", "--store", os.path.join(tmp, "sync-nr.store"),
                        "--format", "csv"])
    check("a node without the sync rewards route: said, and no sync duty shown",
          rc == 0 and "does not serve sync-committee rewards" in err and
          {r["sync_slots"] for r in rows(out)} == {""} and
          len(s.requests("/rewards/sync_committee")) <= 8 * 32, (rc, err, out))
    s.stop()
    # Nimbus lists a member once per seat: summed, the same duties.
    s = Server(tmp, "--synthetic", "64", "--sync", "--head-epoch", "262", "--fault",
               "sync-perseat")
    rc, out, err = run(["--beacon", s.url, "--validators", "0-63", "--from-epoch", "250",
                        "--to-epoch", "252", "--store", os.path.join(tmp, "sync-ps.store"),
                        "--format", "csv"])
    want = sync_truth(64, 250, 252)
    got = sync_cols(out)
    check("sync rewards listed once per seat (Nimbus) are summed per validator",
          rc == 0 and got == want, (rc, err, sorted(got.items())[:2], sorted(want.items())[:2]))
    s.stop()


if __name__ == "__main__":
    sys.exit(main())
