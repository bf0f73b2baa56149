"""Open-loop load and fault test against a running archive (the production stack on 127.0.0.1).

    make serve-prod &                                     # PostgreSQL, gunicorn, DEBUG off
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/archive \\
        .venv/bin/python bench/load_test.py --url http://127.0.0.1:8000 [--fault restart-db]

Requests are sent at a constant arrival rate whatever the server does (wrk2-style): a slow
response never delays the next request, and each latency is measured from the moment the request
was *due*, so queueing shows in the figures instead of being hidden by a closed loop.

1. Steps the rate up (`--start`, ×`--factor` per step) until a page kind's p95 exceeds the
   target (`--target-ms`, 250); the last rate that met it is the sustained rate.
2. Runs at twice that rate: counts 500s (there must be none) and 503s with Retry-After.
3. Runs at the sustained rate again: the server must have recovered (p95 within target).
4. With `--fault restart-db` or `--fault kill-worker`: a run at half the sustained rate during
   which PostgreSQL is restarted (`pg_ctlcluster ... restart`, needs root) or one gunicorn
   worker is killed; prints failures second by second.

The traffic mix is read from the database the server uses (`DATABASE_URL`): searches (words
taken from the archive's titles, a phrase, OR, exclusion), article, topic, entity pages and
comparisons of two articles. Targets 127.0.0.1 only; every loop is bounded by `--duration`.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass
class Sample:
    kind: str
    due: float  # when the request was scheduled (monotonic seconds)
    latency_ms: float
    status: int  # 0: no HTTP answer (connection refused or reset)
    retry_after: bool = False


@dataclass
class StepResult:
    rate: float
    duration: float
    samples: list[Sample] = field(default_factory=list)

    def by_kind(self) -> dict[str, list[Sample]]:
        kinds: dict[str, list[Sample]] = collections.defaultdict(list)
        for s in self.samples:
            kinds[s.kind].append(s)
        return dict(sorted(kinds.items()))

    def p95(self) -> dict[str, float]:
        return {k: percentile([s.latency_ms for s in v], 95) for k, v in self.by_kind().items()}

    def statuses(self) -> collections.Counter:
        return collections.Counter(s.status for s in self.samples)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def traffic_mix(seed: int) -> dict[str, list[str]]:
    """URLs per page kind, from the database the server reads."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "load-test-reads-only")
    import django

    django.setup()
    from articles.models import Article, Entity, Topic

    rng = random.Random(seed)
    slugs = list(Article.objects.order_by("?").values_list("slug", flat=True)[:500])
    titles = Article.objects.order_by("?").values_list("title", flat=True)[:500]
    words = [w.lower() for t in titles for w in re.findall(r"[A-Za-z]{5,}", t)]
    common = [w for w, _ in collections.Counter(words).most_common(60)]
    searches = []
    for _ in range(200):
        a, b = rng.sample(common, 2) if len(common) > 1 else (common or ["news"]) * 2
        searches.append(
            rng.choice([a, f"{a} {b}", f'"{a} {b}"', f"{a} OR {b}", f"{a} -{b}", f"{a}&sort=date"])
        )
    mix = {
        "search": [f"/?q={quote(q, safe='=&')}" for q in searches],
        "article": [f"/articles/{s}/" for s in slugs],
        "topic": [t.get_absolute_url() for t in Topic.objects.all()],
        "entity": [e.get_absolute_url() for e in Entity.objects.order_by("?")[:300] if e.slug],
        "compare": [
            f"/compare/?a={a}&b={b}" for a, b in zip(slugs[::2], slugs[1::2], strict=False)
        ],
    }
    return {kind: urls for kind, urls in mix.items() if urls}


class Client:
    """One keep-alive connection per thread; a failed connection is replaced."""

    def __init__(self, base: str, timeout: float):
        parts = urlsplit(base)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("load tests target 127.0.0.1 only")
        self.host, self.port, self.timeout = parts.hostname, parts.port or 80, timeout
        self.local = threading.local()

    def get(self, path: str) -> tuple[int, bool]:
        for attempt in (1, 2):
            conn = getattr(self.local, "conn", None)
            if conn is None:
                conn = self.local.conn = http.client.HTTPConnection(
                    self.host, self.port, timeout=self.timeout
                )
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    self.local.conn = None
                return response.status, response.getheader("Retry-After") is not None
            except (OSError, http.client.HTTPException):
                conn.close()
                self.local.conn = None
                # A kept-alive connection the server closed: retry once on a fresh one.
                if attempt == 2:
                    return 0, False
        return 0, False


def run_step(client: Client, mix, rate: float, duration: float, seed: int, on_tick=None):
    """Send `rate` requests a second for `duration` seconds, open loop."""
    rng = random.Random(seed)
    kinds = list(mix)
    result = StepResult(rate, duration)
    lock = threading.Lock()
    n = int(rate * duration)
    start = time.monotonic() + 0.2

    def fire(kind: str, path: str, due: float) -> None:
        status, retry_after = client.get(path)
        sample = Sample(kind, due - start, (time.monotonic() - due) * 1000, status, retry_after)
        with lock:
            result.samples.append(sample)

    with ThreadPoolExecutor(max_workers=min(512, max(16, int(rate * 2)))) as pool:
        for i in range(n):
            due = start + i / rate
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            if on_tick:
                on_tick(due - start)
            kind = kinds[i % len(kinds)]
            pool.submit(fire, kind, rng.choice(mix[kind]), due)
    return result


def print_step(label: str, step: StepResult, target_ms: float) -> None:
    statuses = dict(sorted(step.statuses().items()))
    print(f"\n{label}: {step.rate:.0f} req/s for {step.duration:.0f} s, statuses {statuses}")
    print(f"  {'kind':<8} {'n':>6} {'p50':>8} {'p95':>8} {'p99':>8}")
    for kind, samples in step.by_kind().items():
        ms = [s.latency_ms for s in samples]
        p95 = percentile(ms, 95)
        flag = "" if p95 <= target_ms else "  > target"
        print(
            f"  {kind:<8} {len(ms):>6} {percentile(ms, 50):>8.0f} {p95:>8.0f} "
            f"{percentile(ms, 99):>8.0f}{flag}"
        )


def meets(step: StepResult, target_ms: float) -> bool:
    ok_status = all(s.status == 200 for s in step.samples)
    return ok_status and all(p <= target_ms for p in step.p95().values())


def find_sustained_rate(client, mix, args) -> float:
    rate, best = args.start, 0.0
    while rate <= args.max_rate:
        step = run_step(client, mix, rate, args.duration, args.seed)
        print_step("step", step, args.target_ms)
        if not meets(step, args.target_ms):
            break
        best = rate
        rate *= args.factor
    return best


def worker_pids(master_pattern: str = "gunicorn archive.wsgi") -> list[int]:
    out = subprocess.run(["pgrep", "-f", master_pattern], capture_output=True, text=True)
    pids = [int(p) for p in out.stdout.split()]
    children = []
    for pid in pids:
        kids = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
        children += [int(k) for k in kids.split() if int(k) in pids]
    return children


def fault_run(client, mix, rate: float, args) -> int:
    fired = threading.Event()

    def inject() -> None:
        if args.fault == "restart-db":
            cluster = sorted(os.listdir("/etc/postgresql"))[-1]
            cmd = ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"]
            print(f"  t={args.fault_at:.0f}s: {' '.join(cmd)}")
            subprocess.run(cmd, check=False)
            print("  PostgreSQL is back")
        else:
            pids = worker_pids()
            if pids:
                print(f"  t={args.fault_at:.0f}s: SIGKILL gunicorn worker {pids[0]}")
                os.kill(pids[0], signal.SIGKILL)
            else:
                print("  no gunicorn worker found to kill")

    def on_tick(elapsed: float) -> None:
        if elapsed >= args.fault_at and not fired.is_set():
            fired.set()
            threading.Thread(target=inject, daemon=True).start()

    step = run_step(client, mix, rate, args.duration * 2, args.seed + 1, on_tick)
    print_step(f"fault {args.fault}", step, args.target_ms)
    per_second: dict[int, collections.Counter] = collections.defaultdict(collections.Counter)
    for s in step.samples:
        per_second[int(s.due)][s.status] += 1
    print("  second: statuses (non-200 only)")
    for second in sorted(per_second):
        bad = {k: v for k, v in per_second[second].items() if k != 200}
        if bad:
            print(f"  {second:>4}s: {dict(sorted(bad.items()))}")
    statuses = step.statuses()
    server_errors = sum(v for k, v in statuses.items() if k >= 500 and k != 503)
    unanswered = statuses.get(0, 0)
    print(f"  500-class other than 503: {server_errors}; unanswered: {unanswered}")
    last = [s for s in step.samples if s.due > step.duration - 5]
    recovered = bool(last) and all(s.status == 200 for s in last)
    print(f"  recovered by the last 5 s: {'yes' if recovered else 'NO'}")
    return 0 if server_errors == 0 and recovered else 1


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--start", type=float, default=20, help="first rate, req/s")
    parser.add_argument("--factor", type=float, default=1.5, help="rate multiplier per step")
    parser.add_argument("--max-rate", type=float, default=2000)
    parser.add_argument("--duration", type=float, default=20, help="seconds per step")
    parser.add_argument("--target-ms", type=float, default=250)
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=float, help="skip the search; use this sustained rate")
    parser.add_argument("--fault", choices=["restart-db", "kill-worker"])
    parser.add_argument("--fault-at", type=float, default=10, help="seconds into the fault run")
    parser.add_argument("--smoke", action="store_true", help="a few seconds at a low rate")
    parser.add_argument("--kinds", help="only these page kinds, comma-separated (default: all)")
    args = parser.parse_args(argv)

    mix = traffic_mix(args.seed)
    if args.kinds:
        wanted = set(args.kinds.split(","))
        mix = {kind: urls for kind, urls in mix.items() if kind in wanted}
    print("traffic mix: " + ", ".join(f"{k} ({len(v)} urls)" for k, v in mix.items()))
    client = Client(args.url, args.timeout)
    if args.smoke:
        step = run_step(client, mix, 10, 2, args.seed)
        print_step("smoke", step, args.target_ms)
        return 0 if all(s.status == 200 for s in step.samples) else 1

    status = 0
    rate = args.rate or find_sustained_rate(client, mix, args)
    print(f"\nsustained rate with every kind's p95 <= {args.target_ms:.0f} ms: {rate:.0f} req/s")
    if rate and not args.rate:
        over = run_step(client, mix, rate * 2, args.duration, args.seed + 2)
        print_step("twice the sustained rate", over, args.target_ms)
        statuses = over.statuses()
        errors = sum(v for k, v in statuses.items() if k >= 500 and k != 503)
        with_retry = sum(s.retry_after for s in over.samples if s.status == 503)
        print(f"  500s: {errors}; 503s: {statuses.get(503, 0)} ({with_retry} with Retry-After)")
        status |= errors > 0
        time.sleep(2)
        after = run_step(client, mix, rate, args.duration, args.seed + 3)
        print_step("recovery at the sustained rate", after, args.target_ms)
        print(f"  recovered: {'yes' if meets(after, args.target_ms) else 'NO'}")
    if args.fault and rate:
        status |= fault_run(client, mix, max(1.0, rate / 2), args)
    return int(status)


if __name__ == "__main__":
    sys.exit(main())
