#!/usr/bin/env python3
"""A Beacon API test server on 127.0.0.1 for uptimecalc's tests.

Replays the recorded Lodestar v1.22 devnet responses (tests/fixtures/lodestar-v1.22-devnet),
as the node answered at the end of its run, or synthesises a network of N
validators.  Faults are injected on the rewards endpoint on request.  Every
request is logged as "METHOD PATH" to --log.  The bound port is written to
--port-file.  The server stops by itself after --lifetime seconds.

  --fixtures DIR          replay the recorded devnet
  --synthetic N           N validators, mainnet timing, head at --head-epoch
  --edges E               with --synthetic: the last three validators are
                          activated, exit, and are slashed then exit, at E
  --sync                  with --synthetic: serve sync committees and their
                          rewards, as the spec computes them
  --follow-ms MS          the head advances one epoch every MS milliseconds,
                          from --head-epoch (fixtures: from epoch 6); the
                          spec then says a slot lasts MS/8 ms
  --fault KIND[:ARG[:N]]  status:CODE:N   first N rewards requests answer CODE
                          slow:SECONDS:N  first N rewards requests are slow
                          truncate:N      first N rewards bodies are cut short
                          malformed:EPOCH rewards of EPOCH are not JSON
                          badfield:EPOCH  a reward of EPOCH is a JSON number
                          dupkey:EPOCH    rewards of EPOCH carry a second,
                                          longer "total_rewards" array
                          range:EPOCH     a reward of EPOCH has an inactivity
                                          no epoch can charge (-2^63 + 9)
                          crash-after:N   exit after N rewards responses
                          nimbus          no rewards route (404)
                          sync-noroute    no sync-committee rewards route
                                          (404), though the spec has sync
                          sync-perseat    sync-committee rewards an entry
                                          per seat (Nimbus)
                          prune-below:E   epochs below E are pruned (500)
                          endless[:WHERE] a 200 whose body never ends
                          gzip-bomb[:WHERE]  a 1 MB gzip body that inflates
                                          to 1 GiB, to a client that asks
                                          for gzip
                          big-length[:WHERE] a Content-Length of 1 PB
                          extra-validators  the validators answer holds
                                          validators never asked for
                          echo-auth       every request answers 401,
                                          echoing the request line, the
                                          Authorization header and the
                                          credentials it decodes to
  WHERE is a part of the request path; the default is /rewards/.
  --prefix PATH           serve under a base path, as hosted providers do
                          (https://host/v2/KEY/eth/v1/...)
"""
import argparse
import base64
import json
import os
import random
import struct
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs

A = None
LOCK = threading.Lock()
COUNT = {"rewards": 0, "served": 0}
STARTED = time.monotonic()
CACHE = {}
BODIES = {}
SYN_CACHE = {}
FAR = "18446744073709551615"


def load(name):
    if name not in CACHE:
        with open(os.path.join(A.fixtures, name), "rb") as f:
            CACHE[name] = f.read()
    return CACHE[name]


def index_status():
    st = {}
    with open(os.path.join(A.fixtures, "index.tsv")) as f:
        next(f)
        for line in f:
            cols = line.rstrip("\n").split("\t")
            st[cols[0]] = int(cols[4])
    return st


def head_epoch():
    if A.follow_ms:
        start = A.head_epoch if A.head_epoch is not None else 6
        return start + int((time.monotonic() - STARTED) * 1000 / A.follow_ms)
    if A.synthetic:
        return A.head_epoch
    return 14


def lodestar_error(code, msg):
    names = {400: "Bad Request", 404: "Not Found", 500: "Internal Server Error",
             503: "Service Unavailable", 429: "Too Many Requests"}
    return code, json.dumps({"statusCode": code, "error": names.get(code, "Error"),
                             "message": msg}).encode()


def faults(kind):
    for f in A.fault or []:
        parts = f.split(":")
        if parts[0] == kind:
            yield parts


def fault_at(kind, path):
    """Whether a fault KIND[:WHERE] applies to this request path."""
    return any((p[1] if len(p) > 1 else "/rewards/") in path for p in faults(kind))


BOMB = []


def gzip_bomb():
    """A gzip body of 1 GiB of JSON white space, about 1 MB on the wire.

    Built from one compressed MiB repeated: after a full flush the
    compressor starts afresh, so each MiB compresses to the same bytes.
    The trailer's CRC and size are those of the whole."""
    with LOCK:
        if not BOMB:
            prefix, block, n = b'{"data":', b" " * (1 << 20), 1024
            c = zlib.compressobj(9, zlib.DEFLATED, 31)
            head = c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH)
            one = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
            crc = zlib.crc32(prefix)
            for _ in range(n):
                crc = zlib.crc32(block, crc)
            size = len(prefix) + n * len(block)
            # 03 00: an empty final block, then CRC-32 and size.
            BOMB.append(head + one * n + b"\x03\x00" + struct.pack("<II", crc, size & 0xffffffff))
        return BOMB[0]


def echo_auth(method, target, auth):
    """A 401 whose message echoes what a careless node might: the request
    line, the Authorization header and the credentials inside it."""
    msg = "unauthorized: %s %s with Authorization: %s" % (method, target, auth or "(none)")
    if auth and auth.startswith("Basic "):
        try:
            user, _, pw = base64.b64decode(auth[6:]).decode("utf-8", "replace").partition(":")
            msg += ", that is user %s, password %s" % (user, pw)
        except ValueError:
            pass
    elif auth and auth.startswith("Bearer "):
        msg += ", that is token %s" % auth[7:]
    return lodestar_error(401, msg)


# --- synthetic network --------------------------------------------------
SYN_IDEAL = {"head": 2429, "target": 4511, "source": 2429}


def syn_edge(i):
    """With --edges E, the last three validators change at epoch E: N-1 is
    activated then, N-2 exits then, N-3 was slashed two epochs before and
    exits then.  Their (activation, exit, slashed at or None, status at the
    head); the others are active throughout."""
    n = A.synthetic
    if not A.edges or i < n - 3:
        return 0, None, None, "active_ongoing"
    e = A.edges
    if i == n - 1:
        return e, None, None, "active_ongoing"
    if i == n - 2:
        return 0, e, None, "exited_unslashed"
    return 0, e, e - 2, "exited_slashed"


def syn_validators(ids):
    out = []
    for i in ids:
        if i >= A.synthetic:
            continue
        pk = "0x%096x" % (i + 1)
        act, ex, sl, status = syn_edge(i)
        out.append({"index": str(i), "balance": "32000000000", "status": status,
                    "validator": {"pubkey": pk, "withdrawal_credentials": "0x" + "00" * 32,
                                  "effective_balance": "32000000000", "slashed": sl is not None,
                                  "activation_eligibility_epoch": "0",
                                  "activation_epoch": str(act),
                                  "exit_epoch": FAR if ex is None else str(ex),
                                  "withdrawable_epoch": FAR if ex is None else str(ex + 256)}})
    return out


def syn_rewards(epoch, ids):
    total = []
    for i in ids:
        if i >= A.synthetic:
            continue
        act, ex, sl, _ = syn_edge(i)
        # A node's rewards hold the eligible: active, or slashed and not yet
        # withdrawable; a validator before activation or after exit is absent.
        if epoch < act or (ex is not None and epoch >= ex + (256 if sl is not None else 0)):
            continue
        # Deterministic: about 1 % of votes miss the target, 3 % the head.
        h = (i * 2654435761 + epoch * 40503) & 0xffffffff
        if sl is not None and epoch >= sl:
            # Slashed: never participating, penalised until withdrawable.
            t = {"head": "0", "target": "-4511", "source": "-2429"}
        elif A.edges and i >= A.synthetic - 3:
            t = {"head": "2429", "target": "4511", "source": "2429"}
        elif h % 100 == 0:
            t = {"head": "0", "target": "-4511", "source": "-2429"}
        elif h % 33 == 1:
            t = {"head": "0", "target": "4511", "source": "2429"}
        else:
            t = {"head": "2429", "target": "4511", "source": "2429"}
        t.update({"inactivity": "0", "validator_index": str(i)})
        total.append(t)
    ideal = [{"effective_balance": str(eb * 10**9), "head": str(SYN_IDEAL["head"] * eb // 32),
              "target": str(SYN_IDEAL["target"] * eb // 32), "source": str(SYN_IDEAL["source"] * eb // 32),
              "inactivity": "0"} for eb in range(1, 33)]
    return json.dumps({"execution_optimistic": False, "finalized": True,
                       "data": {"ideal_rewards": ideal, "total_rewards": total}}).encode()


# --- sync committees ------------------------------------------------------
# The recording holds no sync_committees answer.  Its spec has
# SYNC_COMMITTEE_SIZE 32 for 16 validators, and its slot-2 rewards answer
# (every entry 32 ETH +- 11180 gwei, the genesis balance plus the reward:
# Lodestar 1.22's bug) shows each validator held 2 seats of 5590 gwei:
# so the devnet's committee is served as every validator twice.
SYN_SYNC_SIZE, SYN_PERIOD, SYN_SPE = 512, 256, 32


def isqrt(n):
    x = n
    y = (x + 1) // 2
    while y < x:
        x, y = y, (y + n // y) // 2
    return x


def syn_active(epoch):
    n = 0
    for i in range(A.synthetic):
        act, ex, _, _ = syn_edge(i)
        n += act <= epoch and (ex is None or epoch < ex)
    return n


def syn_committee(period):
    """Seat k of a period: a deterministic draw over the validators."""
    return [((period * 2654435761 + k * 40503 + (k * k) % 97) % A.synthetic)
            for k in range(SYN_SYNC_SIZE)]


def syn_participant_reward(epoch):
    """participant_reward of altair/beacon-chain.md, for the active set."""
    total = syn_active(epoch) * 32 * 10**9
    per_inc = 10**9 * 64 // isqrt(total)
    total_base = per_inc * (total // 10**9)
    return total_base * 2 // 64 // SYN_SPE // SYN_SYNC_SIZE


def syn_sync_signed(i, slot, seats):
    """How many of validator i's seats sign at slot: none in the epochs its
    attestations miss the target (the syn_rewards rule), nor one slot in
    23; one seat fewer, one slot in 7, for a validator of several seats
    (its seats lie in different subnets, aggregated apart)."""
    epoch = slot // SYN_SPE
    h = (i * 2654435761 + epoch * 40503) & 0xffffffff
    if h % 100 == 0 or (i * 31 + slot) % 23 == 0:
        return 0
    if seats >= 2 and (i + slot) % 7 == 0:
        return seats - 1
    return seats


def sync_committee(sid, query):
    e = int(parse_qs(query).get("epoch", ["-1"])[0])
    if A.synthetic:
        if not A.sync:
            return lodestar_error(404, "Route GET:/eth/v1/beacon/states/%s/sync_committees not found" % sid)
        # The head's state knows its period and the next; a slot's state
        # its own period's.
        period, head = e // SYN_PERIOD, head_epoch() // SYN_PERIOD
        if sid == "head" and period not in (head, head + 1):
            return lodestar_error(400, "Epoch %d out of range for the head state" % e)
        if sid != "head" and (not sid.isdigit() or int(sid) // SYN_SPE // SYN_PERIOD != period):
            return lodestar_error(400, "Epoch %d is not in the period of state %s" % (e, sid))
        seats = syn_committee(period)
    else:
        period, head = e // 8, head_epoch() // 8
        if sid != "head":
            return lodestar_error(404, "No state found for id '%s'" % sid)
        if period not in (head, head + 1):
            return lodestar_error(400, "Epoch %d out of range for the head state" % e)
        seats = list(range(16)) * 2
    return 200, json.dumps({"execution_optimistic": False, "finalized": False,
                            "data": {"validators": [str(v) for v in seats],
                                     "validator_aggregates": []}}).encode()


def sync_rewards(slot, body):
    try:
        ids = parse_ids(json.loads(body or b"[]"))
    except ValueError:
        return lodestar_error(400, "Unexpected end of JSON input")
    if A.synthetic:
        if not A.sync or any(faults("sync-noroute")):
            return lodestar_error(404, "Route POST:/eth/v1/beacon/rewards/sync_committee/%d not found" % slot)
        if slot > head_epoch() * SYN_SPE or slot % 16 == 5:
            return lodestar_error(404, "No block found for id '%d'" % slot)
        epoch = slot // SYN_SPE
        seats = syn_committee(epoch // SYN_PERIOD)
        p = syn_participant_reward(epoch)
        out = []
        per_seat = any(faults("sync-perseat"))
        for i in sorted(set(seats)):
            if ids and i not in ids:
                continue
            n = seats.count(i)
            signed = syn_sync_signed(i, slot, n)
            if per_seat:
                # Nimbus: an entry per seat, not per validator.
                out += [{"validator_index": str(i), "reward": str(p if k < signed else -p)}
                        for k in range(n)]
            else:
                out.append({"validator_index": str(i), "reward": str((2 * signed - n) * p)})
        return 200, json.dumps({"execution_optimistic": False, "finalized": True,
                                "data": out}).encode()
    name = "rewards_sync_committee.slot-%04d.json" % slot
    st = index_status()
    if slot > head_epoch() * 8 + 1:
        return lodestar_error(404, "No block found for id '%d'" % slot)
    if name not in st:
        return lodestar_error(500, "slot %d not recorded" % slot)
    if st[name] != 200:
        return st[name], load(name)
    doc = json.loads(load(name))
    if ids:
        doc["data"] = [d for d in doc["data"] if int(d["validator_index"]) in ids]
    return 200, json.dumps(doc).encode()


# --- routing --------------------------------------------------------------
def parse_ids(raw):
    ids = []
    for s in raw:
        s = str(s)
        if s.startswith("0x"):
            ids.append(s.lower())
        else:
            ids.append(int(s))
    return ids


def validators(ids):
    extra = any(faults("extra-validators"))
    if A.synthetic:
        want = [i for i in ids if isinstance(i, int)]
        want += [int(i, 16) - 1 for i in ids if isinstance(i, str)]
        if extra:
            want = sorted(set(want) | {i + 1 for i in want})
        return 200, json.dumps({"execution_optimistic": False, "finalized": False,
                                "data": syn_validators(want)}).encode()
    allv = json.loads(load("validators.head.json"))["data"]
    out = [v for v in allv if extra or int(v["index"]) in ids or
           v["validator"]["pubkey"].lower() in ids]
    return 200, json.dumps({"execution_optimistic": False, "finalized": False, "data": out}).encode()


def rewards(epoch, body):
    for _ in faults("nimbus"):
        return lodestar_error(404, "Route POST:/eth/v1/beacon/rewards/attestations/%d not found" % epoch)
    with LOCK:
        COUNT["rewards"] += 1
        n = COUNT["rewards"]
    for p in faults("status"):
        if n <= int(p[2]):
            code = int(p[1])
            return code, json.dumps({"code": code, "message": "injected %d" % code}).encode()
    for p in faults("slow"):
        if n <= int(p[2]):
            time.sleep(float(p[1]))
    for p in faults("prune-below"):
        if epoch < int(p[1]):
            return lodestar_error(500, "State is unavailable for slot %d" % ((epoch + 2) * 8 - 1))
    if epoch > head_epoch() - 2:
        return lodestar_error(500, "State is unavailable for slot %d" % ((epoch + 2) * 8 - 1))
    try:
        ids = BODIES.get(body)
        if ids is None:
            ids = parse_ids(json.loads(body or b"[]"))
            BODIES[body] = ids
    except ValueError:
        return lodestar_error(400, "Unexpected end of JSON input")
    if A.synthetic:
        # Sixteen distinct epochs' worth of responses, cycled: the server
        # must not be slower than the client it measures.
        key = (epoch % 16, body)
        data = SYN_CACHE.get(key)
        if A.edges:
            data = syn_rewards(epoch, ids)	# the edges depend on the epoch
        elif data is None:
            data = SYN_CACHE[key] = syn_rewards(epoch % 16, ids)
    else:
        st = index_status()
        name = "rewards_attestations.epoch-%04d%s.json" % (epoch, "" if A.follow_ms else ".at-end")
        if name not in st:
            return lodestar_error(500, "State is unavailable for slot %d" % ((epoch + 2) * 8 - 1))
        if st[name] != 200:
            return st[name], load(name)
        doc = json.loads(load(name))
        if ids:
            doc["data"]["total_rewards"] = [t for t in doc["data"]["total_rewards"]
                                            if int(t["validator_index"]) in ids]
        data = json.dumps(doc).encode()
    for p in faults("malformed"):
        if epoch == int(p[1]):
            data = data[: len(data) // 2]
    for p in faults("badfield"):
        if epoch == int(p[1]):
            doc = json.loads(data)
            doc["data"]["total_rewards"][0]["target"] = 12345
            data = json.dumps(doc).encode()
    for p in faults("dupkey"):
        if epoch == int(p[1]):
            # JSON's text allows a key twice; json.dumps cannot write it.
            inner = json.loads(data)["data"]
            total = inner["total_rewards"]
            more = total + [dict(t, validator_index=str(1000 + k))
                            for k, t in enumerate(total * 1100)]
            text = json.dumps(inner)
            data = ('{"data": ' + text[:-1] + ', "total_rewards": ' + json.dumps(more)
                    + "}}").encode()
    for p in faults("range"):
        if epoch == int(p[1]):
            doc = json.loads(data)
            doc["data"]["total_rewards"][0]["inactivity"] = "-9223372036854775799"
            data = json.dumps(doc).encode()
    return 200, data


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def route(self, method):
        url = urlsplit(self.path)
        path = url.path
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if A.log:
            with LOCK, open(A.log, "a") as f:
                f.write("%s %s\n" % (method, self.path))
        for _ in faults("echo-auth"):
            return echo_auth(method, self.path, self.headers.get("Authorization"))
        if A.prefix:
            if not path.startswith(A.prefix + "/"):
                return lodestar_error(404, "Route %s:%s not found" % (method, path))
            path = path[len(A.prefix):]
        if A.require_header and self.headers.get(A.require_header.split(":")[0]) != \
                A.require_header.split(":", 1)[1].strip():
            return lodestar_error(401, "missing API key")
        if path == "/eth/v1/beacon/genesis":
            if A.synthetic:
                return 200, json.dumps({"data": {"genesis_time": "1606824023",
                    "genesis_validators_root": "0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95",
                    "genesis_fork_version": "0x00000000"}}).encode()
            return 200, load("genesis.json")
        if path == "/eth/v1/config/spec":
            if A.synthetic:
                spec = {"SECONDS_PER_SLOT": "12", "SLOTS_PER_EPOCH": "32"}
                if A.follow_ms:
                    # The compressed clock: 32 slots make one epoch of MS.
                    spec = {"SLOT_DURATION_MS": str(max(1, A.follow_ms // 32)),
                            "SLOTS_PER_EPOCH": "32"}
                if A.sync:
                    spec.update({"ALTAIR_FORK_EPOCH": "0", "SYNC_COMMITTEE_SIZE": str(SYN_SYNC_SIZE),
                                 "EPOCHS_PER_SYNC_COMMITTEE_PERIOD": str(SYN_PERIOD),
                                 "BASE_REWARD_FACTOR": "64", "SYNC_REWARD_WEIGHT": "2",
                                 "WEIGHT_DENOMINATOR": "64"})
                return 200, json.dumps({"data": spec}).encode()
            if A.follow_ms:
                # The compressed clock: eight slots (the recorded
                # SLOTS_PER_EPOCH) make one --follow-ms epoch, so a client
                # that looks once a slot sees every epoch while current.
                spec = json.loads(load("config_spec.json"))
                spec["data"]["SLOT_DURATION_MS"] = str(A.follow_ms // 8)
                return 200, json.dumps(spec).encode()
            return 200, load("config_spec.json")
        if path == "/eth/v1/beacon/headers/head":
            spe = 32 if A.synthetic else 8
            slot = head_epoch() * spe + 1
            return 200, json.dumps({"data": {"root": "0x" + "11" * 32, "canonical": True,
                "header": {"message": {"slot": str(slot), "proposer_index": "6",
                    "parent_root": "0x" + "22" * 32, "state_root": "0x" + "33" * 32,
                    "body_root": "0x" + "44" * 32}, "signature": "0x" + "55" * 96}}}).encode()
        if path == "/eth/v1/beacon/states/head/validators":
            if method == "POST":
                ids = parse_ids(json.loads(body or b"{}").get("ids", []))
            else:
                q = parse_qs(url.query).get("id", [""])[0]
                ids = parse_ids([s for s in q.split(",") if s])
            return validators(ids)
        if path.startswith("/eth/v1/validator/duties/proposer/") and not A.synthetic:
            # Lodestar 1.22 serves the current and the next epoch only.
            e, h = int(path.rsplit("/", 1)[1]), head_epoch()
            if e not in (h, h + 1):
                return lodestar_error(500, "Requested epoch %d must equal current %d or next epoch %d" % (e, h, h + 1))
            for name in ("duties_proposer.epoch-%04d.json" % e, "duties_proposer.epoch-%04d.at-%04d.json" % (e, e - 1)):
                if os.path.exists(os.path.join(A.fixtures, name)):
                    return 200, load(name)
            return lodestar_error(500, "no duties recorded for epoch %d" % e)
        if path.startswith("/eth/v1/beacon/headers/") and path != "/eth/v1/beacon/headers/head" \
                and A.synthetic and A.sync:
            slot = int(path.rsplit("/", 1)[1])
            if slot > head_epoch() * SYN_SPE or slot % 16 == 5:
                return lodestar_error(404, "No block found for id '%d'" % slot)
            return 200, json.dumps({"data": {"root": "0x" + "66" * 32, "canonical": True,
                "header": {"message": {"slot": str(slot), "proposer_index": str(slot % A.synthetic),
                    "parent_root": "0x" + "22" * 32, "state_root": "0x" + "33" * 32,
                    "body_root": "0x" + "44" * 32}, "signature": "0x" + "55" * 96}}}).encode()
        if path.startswith("/eth/v1/beacon/headers/") and path != "/eth/v1/beacon/headers/head" \
                and not A.synthetic:
            slot = int(path.rsplit("/", 1)[1])
            name = "blocks_v2.slot-%04d.json" % slot
            if slot > head_epoch() * 8 + 1 or index_status().get(name) != 200:
                return lodestar_error(404, "No block found for id '%d'" % slot)
            msg = json.loads(load(name))["data"]["message"]
            return 200, json.dumps({"data": {"root": "0x" + "66" * 32, "canonical": True,
                "header": {"message": {"slot": msg["slot"], "proposer_index": msg["proposer_index"],
                    "parent_root": msg["parent_root"], "state_root": msg["state_root"],
                    "body_root": "0x" + "44" * 32}, "signature": "0x" + "55" * 96}}}).encode()
        if path.startswith("/eth/v1/beacon/states/") and path.endswith("/sync_committees"):
            return sync_committee(path.split("/")[5], url.query)
        if path.startswith("/eth/v1/beacon/rewards/sync_committee/") and method == "POST":
            tail = path.rsplit("/", 1)[1]
            if not tail.isdigit():
                return lodestar_error(400, "params/block_id must be integer")
            return sync_rewards(int(tail), body)
        if path.startswith("/eth/v1/beacon/rewards/attestations/") and method == "POST":
            tail = path.rsplit("/", 1)[1]
            if not tail.isdigit():
                return lodestar_error(400, "params/epoch must be integer")
            return rewards(int(tail), body)
        return lodestar_error(404, "Route %s:%s not found" % (method, path))

    def endless(self):
        """A 200 whose body never ends: headers, then white space until the
        client hangs up (or the server's lifetime ends)."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        chunk = b" " * 65536
        try:
            self.wfile.write(b'{"data":')
            while True:
                self.wfile.write(chunk)
        except OSError:
            pass

    def answer(self, method):
        code, data = self.route(method)
        where = urlsplit(self.path).path
        if fault_at("endless", where):
            return self.endless()
        if fault_at("big-length", where):
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(10 ** 15))
            self.end_headers()
            self.close_connection = True
            try:
                self.wfile.write(data)
            except OSError:
                pass
            return
        if fault_at("gzip-bomb", where) and \
                "gzip" in (self.headers.get("Accept-Encoding") or ""):
            data = gzip_bomb()
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            try:
                self.wfile.write(data)
            except OSError:
                self.close_connection = True
            return
        cut = False
        if code == 200 and "/rewards/" in self.path:
            for p in faults("truncate"):
                with LOCK:
                    COUNT["served"] += 1
                    cut = COUNT["served"] <= int(p[1])
        self.send_response(code)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        if code == 429:
            self.send_header("Retry-After", "1")
        self.end_headers()
        if cut:
            self.wfile.write(data[: len(data) // 3])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(data)
        if code == 200 and "/rewards/" in self.path:
            for p in faults("crash-after"):
                with LOCK:
                    COUNT["served"] += 1
                    if COUNT["served"] >= int(p[1]):
                        self.wfile.flush()
                        os._exit(0)

    def do_GET(self):
        self.answer("GET")

    def do_POST(self):
        self.answer("POST")


def main():
    global A
    ap = argparse.ArgumentParser()
    ap.add_argument("--fixtures")
    ap.add_argument("--synthetic", type=int, default=0)
    ap.add_argument("--head-epoch", type=int)
    ap.add_argument("--edges", type=int, default=0)
    ap.add_argument("--sync", action="store_true")
    ap.add_argument("--follow-ms", type=int, default=0)
    ap.add_argument("--fault", action="append")
    ap.add_argument("--log")
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--require-header")
    ap.add_argument("--prefix", default="")
    ap.add_argument("--lifetime", type=float, default=300)
    A = ap.parse_args()
    class Quiet(ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            pass  # a client that timed out and hung up is expected here

    srv = Quiet(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    tmp = A.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, A.port_file)
    # Bounded in time: the server never outlives a test run.
    threading.Timer(A.lifetime, lambda: os._exit(0)).start()
    srv.serve_forever()


if __name__ == "__main__":
    main()
