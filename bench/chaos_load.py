#!/usr/bin/env python3
"""Load generator, probes and report of the InferGate chaos run (bench/chaos.sh). Standard library only.

Subcommands:
  ports N                     N distinct free TCP ports on 127.0.0.1
  uuids N                     N random UUIDs
  wait URL                    poll URL until it answers (see --status, --pid, --timeout); print the epoch it did
  at SECONDS                  the epoch SECONDS from now
  sleep-until T0 SECONDS      sleep until T0 + SECONDS (epoch seconds)
  warmup                      warm the gateway up, then reset every simulator's /_sim/stats
  run                         drive the gateway and record every request as one JSON line
  report                      read the records, ask each simulator for its /_sim/stats, print the verdict table

The load never retries a request: a retry by the client would hide (or create) the very duplicates the run looks for.
"""

import argparse
import http.client
import json
import os
import queue
import random
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

COLLECTION = "/api/v1/workloads/distributed-inferences"
IMAGE = "nvcr.io/nim/meta/llama-3.1-8b-instruct:1.3"
HEALTHY_ERROR_EXAMPLES = 15


# ---------------------------------------------------------------------------------------------------- small helpers


def cmd_ports(args):
    # hold every socket until all are bound, so the N ports are distinct
    sockets = []
    for _ in range(args.count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(("127.0.0.1", 0))
        sockets.append(s)
    print(" ".join(str(s.getsockname()[1]) for s in sockets))
    for s in sockets:
        s.close()


def cmd_uuids(args):
    print(" ".join(str(uuid.uuid4()) for _ in range(args.count)))


def pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie (exited, not yet reaped by its parent shell) still answers kill(0)
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][:1] != "Z"
    except OSError:
        return True


def cmd_wait(args):
    deadline = time.time() + args.timeout
    last = "no answer yet"
    while time.time() < deadline:
        if args.pid and not pid_alive(args.pid):
            print(f"process {args.pid} exited before {args.url} answered ({last})", file=sys.stderr)
            return 1
        try:
            with urllib.request.urlopen(args.url, timeout=2) as response:
                status = response.status
        except urllib.error.HTTPError as e:
            status = e.code
        except (OSError, http.client.HTTPException) as e:
            status, last = None, type(e).__name__
        if status is not None and (args.status is None or status == args.status):
            print(f"{time.time():.3f}")
            return 0
        if status is not None:
            last = f"HTTP {status}"
        time.sleep(0.1)
    print(f"{args.url} did not answer within {args.timeout:.0f} s ({last})", file=sys.stderr)
    return 1


def cmd_at(args):
    print(f"{time.time() + args.seconds:.3f}")


def cmd_sleep_until(args):
    time.sleep(max(0.0, args.t0 + args.seconds - time.time()))


# ------------------------------------------------------------------------------------------------------------- load


class Workloads:
    """Workloads created through the gateway, per cluster, with the time their create was answered."""

    def __init__(self, clusters):
        self.lock = threading.Lock()
        self.by_cluster = {name: [] for name in clusters}

    def add(self, cluster, workload_id, created_at):
        with self.lock:
            self.by_cluster[cluster].append((workload_id, created_at))

    def pick(self, cluster, rnd):
        with self.lock:
            known = self.by_cluster[cluster]
            if not known:
                return None
            # mostly recent workloads, so gets after west's restart mix lost (old) and new ones
            return known[rnd.randrange(max(0, len(known) - 100), len(known))]


class Load:
    def __init__(self, args):
        self.host, port = args.gateway.rsplit(":", 1)
        self.port = int(port)
        self.clusters = dict(pair.split("=", 1) for pair in args.cluster)
        self.names = list(self.clusters)
        self.args = args
        self.workloads = Workloads(self.names)
        self.records = []
        self.records_lock = threading.Lock()
        self.seq = 0
        self.seq_lock = threading.Lock()
        self.skipped = 0
        self.run_id = uuid.uuid4().hex[:6]
        self.tickets = queue.Queue(maxsize=args.workers)
        self.stop = threading.Event()

    def next_seq(self):
        with self.seq_lock:
            self.seq += 1
            return self.seq

    def pace(self):
        """Issues tickets at the target rate; a ticket no worker is free to take is dropped, never queued."""
        interval = 1.0 / self.args.rate
        start = max(time.time(), self.args.t0)
        if start - self.args.t0 > 0.2:
            print(f"  load: started {start - self.args.t0:.1f} s late", flush=True)
        self.started = start
        time.sleep(max(0.0, start - time.time()))
        n = 0
        while True:
            due = start + n * interval
            if due >= start + self.args.duration:
                break
            time.sleep(max(0.0, due - time.time()))
            try:
                self.tickets.put_nowait(self.names[n % len(self.names)])
            except queue.Full:
                self.skipped += 1
            n += 1
            if n % (self.args.rate * 10) == 0:
                with self.records_lock:
                    done = len(self.records)
                print(f"  load: t={time.time() - start:4.0f} s, {done} requests answered", flush=True)
        self.stop.set()

    def work(self, worker):
        rnd = random.Random(f"{self.run_id}-{worker}")
        conn = None
        while not (self.stop.is_set() and self.tickets.empty()):
            try:
                cluster = self.tickets.get(timeout=0.2)
            except queue.Empty:
                continue
            if conn is None:
                conn = http.client.HTTPConnection(self.host, self.port, timeout=self.args.client_timeout)
            record, keep = self.one(conn, cluster, rnd)
            if not keep:
                conn.close()
                conn = None
            with self.records_lock:
                self.records.append(record)
        if conn is not None:
            conn.close()

    def one(self, conn, cluster, rnd):
        roll = rnd.random()
        target = None if roll < self.args.create_share else self.workloads.pick(cluster, rnd)
        seq = self.next_seq()
        if target is None:
            op, method, path = "create", "POST", COLLECTION
            name = f"chaos-{self.run_id}-{cluster}-{seq}"
            body = {"name": name, "projectId": "7", "clusterId": self.clusters[cluster],
                    "spec": {"leader": {"image": IMAGE}}}
        elif roll < self.args.create_share + self.args.patch_share:
            op, method, path, body = "patch", "PATCH", f"{COLLECTION}/{target[0]}", {"spec": {"replicas": 2}}
        else:
            op, method, path, body = "get", "GET", f"{COLLECTION}/{target[0]}", None
        request_id = f"chaos-{self.run_id}-{seq}"
        headers = {"Accept": "application/json", "X-Request-Id": request_id, **bearer()}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        start = time.time()
        tick = time.perf_counter()
        status, text, keep = 0, "", True
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            payload = response.read()
            status = response.status
            text = payload.decode("utf-8", "replace")
            keep = not response.will_close
        except (OSError, http.client.HTTPException) as e:
            text, keep = f"{type(e).__name__}: {e}", False
        latency_ms = (time.perf_counter() - tick) * 1000.0
        end = time.time()
        record = {"seq": seq, "rid": request_id, "cluster": cluster, "op": op, "status": status,
                  "start": round(start, 4), "end": round(end, 4), "ms": round(latency_ms, 2)}
        if target is not None:
            record["workload"], record["created"] = target[0], round(target[1], 4)
        if op == "create":
            record["name"] = body["name"]
            if 200 <= status < 300:
                try:
                    workload_id = json.loads(text)["workloadId"]
                    record["workload"] = workload_id
                    self.workloads.add(cluster, workload_id, end)
                except (ValueError, KeyError, TypeError):
                    record["note"] = "2xx create without a workloadId"
        if not 200 <= status < 300:
            record["body"] = text[:400]
        return record, keep

    def run(self):
        workers = [threading.Thread(target=self.work, args=(i,), daemon=True) for i in range(self.args.workers)]
        for w in workers:
            w.start()
        self.pace()
        for w in workers:
            w.join(self.args.client_timeout + 5)
        with open(self.args.out, "w") as out:
            for record in sorted(self.records, key=lambda r: r["start"]):
                out.write(json.dumps(record) + "\n")
        with open(self.args.out + ".meta", "w") as meta:
            json.dump({"t0": self.started, "duration": self.args.duration, "rate": self.args.rate,
                       "workers": self.args.workers, "skipped": self.skipped, "run_id": self.run_id}, meta)
        print(f"  load: done, {len(self.records)} requests, {self.skipped} ticks skipped (all workers busy)",
              flush=True)


def cmd_run(args):
    Load(args).run()


def bearer():
    """The gateway's Authorization header: a token from the environment (chaos.sh mints one with the dev key)."""
    token = os.environ.get("CHAOS_TOKEN")
    return {"Authorization": f"Bearer {token}"} if token else {}


def cmd_warmup(args):
    """A few sequential creates, gets and patches per cluster, so the run measures a warm gateway (its first requests
    take seconds of class loading and compilation), then every simulator's counters back to zero."""
    host, port = args.gateway.rsplit(":", 1)
    clusters = dict(pair.split("=", 1) for pair in args.cluster)
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    run_id = uuid.uuid4().hex[:6]
    failures = []

    def call(method, path, body):
        conn.request(method, path, body=json.dumps(body).encode() if body is not None else None,
                     headers={"Content-Type": "application/json", "Accept": "application/json", **bearer()})
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        if not 200 <= response.status < 300:
            failures.append(f"{method} {path}: {response.status} {text[:200]}")
            return None
        return json.loads(text)

    for i in range(args.rounds):
        for name, cluster_id in clusters.items():
            created = call("POST", COLLECTION, {"name": f"warmup-{run_id}-{name}-{i}", "projectId": "7",
                                                "clusterId": cluster_id, "spec": {"leader": {"image": IMAGE}}})
            if created:
                call("GET", f"{COLLECTION}/{created['workloadId']}", None)
                call("PATCH", f"{COLLECTION}/{created['workloadId']}", {"spec": {"replicas": 2}})
    conn.close()
    for pair in args.sim:
        url = pair.split("=", 1)[1].rstrip("/") + "/_sim/stats"
        urllib.request.urlopen(urllib.request.Request(url, method="DELETE"), timeout=5).close()
    if failures:
        print("warm-up failed:\n  " + "\n  ".join(failures[:10]), file=sys.stderr)
        return 1
    return 0


# ----------------------------------------------------------------------------------------------------------- report


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(round(p / 100.0 * len(ordered) + 0.5)) - 1))]


def sim_stats(url):
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/_sim/stats", timeout=5) as response:
            return json.load(response)
    except (OSError, ValueError, http.client.HTTPException) as e:
        return {"error": f"{type(e).__name__}: {e}"}


class Report:
    COLUMNS = ["requests", "2xx", "404 lost", "404", "409", "502", "503", "504", "other", "p50 ms", "p99 ms"]

    def __init__(self, args):
        self.args = args
        with open(args.results) as f:
            self.records = [json.loads(line) for line in f if line.strip()]
        with open(args.results + ".meta") as f:
            self.meta = json.load(f)
        self.t0 = self.meta["t0"]
        self.kill, self.restart, self.ready = args.kill_at, args.restart_at, args.ready_at
        self.victim = args.victim
        self.sims = dict(pair.split("=", 1) for pair in args.sim)
        self.names = list(self.sims)
        self.lines = []

    def rel(self, epoch):
        return epoch - self.t0

    def lost_at_restart(self, r):
        """A 404 for a workload the victim held before it was killed, answered once it was started again."""
        return (r["cluster"] == self.victim and r["status"] == 404 and r["op"] in ("get", "patch")
                and r.get("created", float("inf")) < self.kill and r["end"] >= self.restart)

    def row(self, label, records):
        counts = {c: 0 for c in self.COLUMNS}
        counts["requests"] = len(records)
        for r in records:
            s = r["status"]
            if 200 <= s < 300:
                counts["2xx"] += 1
            elif self.lost_at_restart(r):
                counts["404 lost"] += 1
            elif str(s) in counts:
                counts[str(s)] += 1
            else:
                counts["other"] += 1
        latencies = [r["ms"] for r in records]
        cells = [f"{counts[c]}" for c in self.COLUMNS[:-2]]
        cells += [f"{percentile(latencies, 50):.1f}", f"{percentile(latencies, 99):.1f}"]
        return f"{label:<26}" + "".join(f"{cell:>9}" for cell in cells)

    def say(self, text=""):
        self.lines.append(text)

    def build(self):
        m = self.meta
        self.say(f"InferGate chaos run {m['run_id']}: {len(self.records)} requests in {m['duration']:.0f} s "
                 f"at {m['rate']} req/s, {m['workers']} workers (never more in flight), "
                 f"{m['skipped']} ticks skipped because every worker was busy")
        self.say(f"{self.victim} killed (kill -9) at t={self.rel(self.kill):.1f} s, restarted at "
                 f"t={self.rel(self.restart):.1f} s, its simulator answering again at t={self.rel(self.ready):.1f} s")
        self.say()
        self.say(f"{'cluster':<26}" + "".join(f"{c:>9}" for c in self.COLUMNS))
        for name in self.names:
            mine = [r for r in self.records if r["cluster"] == name]
            self.say(self.row(name, mine))
            if name == self.victim:
                phases = [("  before kill", lambda r: r["start"] < self.kill),
                          ("  kill .. answering again", lambda r: self.kill <= r["start"] < self.ready),
                          ("  after answering again", lambda r: r["start"] >= self.ready)]
                for label, test in phases:
                    self.say(self.row(label, [r for r in mine if test(r)]))
        self.say(self.row("all", self.records))
        self.say("'404 lost': a workload the killed simulator held (in memory), asked for after its restart: expected.")
        self.say()
        duplicates = self.duplicates()
        healthy = self.healthy_errors()
        false_404 = self.false_not_found()
        recovered = self.recovery()
        self.timeline()
        failed = []
        if duplicates:
            failed.append(f"{duplicates} duplicate creates")
        if healthy:
            failed.append(f"{healthy} errors on healthy clusters")
        if false_404:
            failed.append(f"{false_404} false 404s on {self.victim}")
        if recovered is None:
            failed.append(f"{self.victim} never answered 2xx through the gateway after its restart")
        self.say()
        self.say("RESULT: " + ("FAIL (" + "; ".join(failed) + ")" if failed else "PASS"))
        return 1 if failed else 0

    def duplicates(self):
        self.say("Duplicate creates (must be 0) = creates answered 409 + (creates the simulator received - creates "
                 "answered 2xx)")
        total = 0
        for name in self.names:
            creates = [r for r in self.records if r["cluster"] == name and r["op"] == "create"]
            conflicts = sum(1 for r in creates if r["status"] == 409)
            scope = ""
            if name == self.victim:
                # the restarted simulator counts from zero; only it can have answered after its launch
                creates = [r for r in creates if r["end"] >= self.restart]
                scope = "   (received and answered since its restart)"
            seen_ok = sum(1 for r in creates if 200 <= r["status"] < 300)
            ambiguous = sum(1 for r in creates if r["status"] in (502, 504))
            stats = sim_stats(self.sims[name])
            if "create" not in stats:
                self.say(f"  {name:<8} cannot read /_sim/stats: {stats.get('error')}")
                total += 1
                continue
            extra = stats["create"] - seen_ok
            total += conflicts + abs(extra)
            self.say(f"  {name:<8} 409: {conflicts:>3}   received {stats['create']:>4} - answered 2xx {seen_ok:>4} "
                     f"= {extra:>3}   502/504 on create: {ambiguous}{scope}")
        self.say(f"  total {total:>12}   {'OK' if total == 0 else 'FAIL'}")
        if total:
            for r in [r for r in self.records if r["op"] == "create" and r["status"] == 409][:HEALTHY_ERROR_EXAMPLES]:
                self.say("    " + self.describe(r))
        self.say()
        return total

    def healthy_errors(self):
        bad = [r for r in self.records if r["cluster"] != self.victim and not 200 <= r["status"] < 300]
        healthy = ", ".join(n for n in self.names if n != self.victim)
        self.say(f"Errors on healthy clusters ({healthy}; any non-2xx, must be 0): {len(bad)}   "
                 f"{'OK' if not bad else 'FAIL'}")
        for r in bad[:HEALTHY_ERROR_EXAMPLES]:
            self.say("    " + self.describe(r))
        if len(bad) > HEALTHY_ERROR_EXAMPLES:
            self.say(f"    ... and {len(bad) - HEALTHY_ERROR_EXAMPLES} more in {self.args.results}")
        self.say()
        return len(bad)

    def false_not_found(self):
        """The gateway promises never a false 404: while the victim is down its workloads are 'maybe there' (503), and
        a workload created after the restart is there."""
        bad = [r for r in self.records if r["cluster"] == self.victim and r["status"] == 404
               and not self.lost_at_restart(r)]
        self.say(f"False 404s on {self.victim} (a 404 other than '404 lost', must be 0): {len(bad)}   "
                 f"{'OK' if not bad else 'FAIL'}")
        for r in bad[:HEALTHY_ERROR_EXAMPLES]:
            self.say("    " + self.describe(r))
        self.say()
        return len(bad)

    def recovery(self):
        ok = [r for r in self.records
              if r["cluster"] == self.victim and 200 <= r["status"] < 300 and r["end"] >= self.restart]
        if not ok:
            self.say(f"Time to recover: {self.victim} never answered 2xx through the gateway after its restart   FAIL")
            return None
        first = min(ok, key=lambda r: r["end"])
        self.say(f"Time to recover: {first['end'] - self.restart:.1f} s from {self.victim}'s restart to its first 2xx "
                 f"through the gateway (t={self.rel(first['end']):.1f} s, {first['op']}); of which the simulator "
                 f"took {self.ready - self.restart:.1f} s to start and the gateway {first['end'] - self.ready:.1f} s "
                 f"more")
        return first["end"] - self.restart

    def timeline(self):
        self.say()
        step = 5
        buckets = range(0, int(self.meta["duration"] + step - 1) // step)
        self.say("Timeline, 2xx/non-2xx per 5 s by request start:")
        self.say(f"{'t (s)':<8}" + "".join(f"{b * step:>8}" for b in buckets))
        for name in self.names:
            cells = []
            for b in buckets:
                lo, hi = self.t0 + b * step, self.t0 + (b + 1) * step
                window = [r for r in self.records if r["cluster"] == name and lo <= r["start"] < hi]
                ok = sum(1 for r in window if 200 <= r["status"] < 300)
                cells.append(f"{ok}/{len(window) - ok}")
            self.say(f"{name:<8}" + "".join(f"{c:>8}" for c in cells))

    def describe(self, r):
        return (f"t={self.rel(r['start']):6.2f} s {r['cluster']:<6} {r['op']:<6} {r['status']} "
                f"{r['ms']:8.1f} ms  X-Request-Id {r['rid']}  {r.get('body', '')[:200]}")


def cmd_report(args):
    report = Report(args)
    verdict = report.build()
    text = "\n".join(report.lines) + "\n"
    sys.stdout.write(text)
    with open(args.out, "w") as out:
        out.write(text)
    return verdict


# ------------------------------------------------------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ports")
    p.add_argument("count", type=int)
    p.set_defaults(func=cmd_ports)

    p = sub.add_parser("uuids")
    p.add_argument("count", type=int)
    p.set_defaults(func=cmd_uuids)

    p = sub.add_parser("wait")
    p.add_argument("url")
    p.add_argument("--status", type=int, help="the status that counts as ready (default: any HTTP answer)")
    p.add_argument("--pid", type=int, help="give up at once if this process exits")
    p.add_argument("--timeout", type=float, default=90)
    p.set_defaults(func=cmd_wait)

    p = sub.add_parser("at")
    p.add_argument("seconds", type=float)
    p.set_defaults(func=cmd_at)

    p = sub.add_parser("sleep-until")
    p.add_argument("t0", type=float)
    p.add_argument("seconds", type=float)
    p.set_defaults(func=cmd_sleep_until)

    p = sub.add_parser("run")
    p.add_argument("--gateway", required=True, help="host:port")
    p.add_argument("--cluster", action="append", required=True, help="name=clusterId, once per cluster")
    p.add_argument("--t0", type=float, default=0.0, help="epoch the load starts at (default: at once)")
    p.add_argument("--duration", type=float, default=60)
    p.add_argument("--rate", type=int, default=40, help="requests per second, all clusters together")
    p.add_argument("--workers", type=int, default=8, help="threads, hence the most requests in flight")
    p.add_argument("--create-share", type=float, default=0.4)
    p.add_argument("--patch-share", type=float, default=0.15, help="the rest are gets")
    p.add_argument("--client-timeout", type=float, default=15)
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("warmup")
    p.add_argument("--gateway", required=True, help="host:port")
    p.add_argument("--cluster", action="append", required=True, help="name=clusterId, once per cluster")
    p.add_argument("--sim", action="append", required=True, help="name=simulator base URL, stats reset after")
    p.add_argument("--rounds", type=int, default=10)
    p.set_defaults(func=cmd_warmup)

    p = sub.add_parser("report")
    p.add_argument("--results", required=True)
    p.add_argument("--sim", action="append", required=True, help="name=simulator base URL, once per cluster")
    p.add_argument("--victim", default="west")
    p.add_argument("--kill-at", type=float, required=True)
    p.add_argument("--restart-at", type=float, required=True)
    p.add_argument("--ready-at", type=float, required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_report)

    args = parser.parse_args()
    try:
        return args.func(args) or 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
