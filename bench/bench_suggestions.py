"""Suggestions over HTTP with 10,000 mentors in the database, at a fixed request rate.

Starts one uvicorn worker on a fresh database seeded by the project's own generator,
signs in a set of demo mentees, then sends ``GET /api/v1/suggestions/`` open-loop at a fixed
rate (requests are sent on schedule whether or not earlier ones have finished) and
reports latency percentiles, measured client-side from the scheduled send time.

    python bench/bench_suggestions.py [--mentors 10000] [--rate 20] [--seconds 20]

Uses SQLite in a temporary folder unless DATABASE_URL is set.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import machine, write_section

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "kindred-demo-password"


def call(url: str, token: str | None = None, body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method="POST" if body is not None else "GET")
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mentors", type=int, default=10_000)
    parser.add_argument("--mentees", type=int, default=200)
    parser.add_argument("--rate", type=float, default=20.0, help="requests per second")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--port", type=int, default=8931)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="kindred-bench-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backend.settings.base",
        "DEBUG": "false",
        "API_RATE_USER": "100000/min",
        "LOGIN_RATE": "100000/min",
        "CELERY_TASK_ALWAYS_EAGER": "true",
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    started = time.perf_counter()
    subprocess.run(
        [*manage, "seed_demo", "--mentors", str(args.mentors), "--mentees", str(args.mentees)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    seed_seconds = time.perf_counter() - started
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "backend.asgi:application",
            "--port",
            str(args.port),
            "--workers",
            "1",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(100):
            try:
                if call(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        tokens = []
        for i in range(1, min(args.mentees, 50) + 1):
            status, body = call(
                f"{base}/api/v1/auth/token/", body={"email": f"mentee{i}@demo.kindred.example", "password": PASSWORD}
            )
            assert status == 200, body
            tokens.append(body["access"])
        # The first request builds the worker's mentor index; it is reported separately.
        t0 = time.perf_counter()
        status, first = call(f"{base}/api/v1/suggestions/?limit=10", tokens[0])
        cold_ms = (time.perf_counter() - t0) * 1000
        assert status == 200, first

        latencies: list[float] = []
        errors = 0
        lock = threading.Lock()
        n = int(args.rate * args.seconds)

        def fire(i: int, scheduled: float) -> None:
            nonlocal errors
            status, _ = call(f"{base}/api/v1/suggestions/?limit=10", tokens[i % len(tokens)])
            elapsed = (time.perf_counter() - scheduled) * 1000
            with lock:
                latencies.append(elapsed)
                errors += status != 200

        begin = time.perf_counter()
        with ThreadPoolExecutor(max_workers=64) as pool:
            for i in range(n):
                scheduled = begin + i / args.rate
                delay = scheduled - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                pool.submit(fire, i, scheduled)
        wall = time.perf_counter() - begin
    finally:
        server.terminate()
        server.wait(timeout=20)

    p50, p90, p99 = (percentile(latencies, q) for q in (50, 90, 99))
    met = "met" if p50 <= 30 else "NOT met"
    body = f"""## Suggestions over HTTP (`bench/bench_suggestions.py`)

{machine()}. One uvicorn worker, {database}, {args.mentors:,} mentors and {args.mentees} mentees seeded by the
project's generator ({seed_seconds:.1f} s). `GET /api/v1/suggestions/?limit=10` as {len(tokens)} different mentees,
open-loop at {args.rate:g} requests/s for {args.seconds:g} s ({n} requests, {wall:.1f} s), latency from the
scheduled send time.

| metric | value |
|---|---|
| first request (builds the worker's index) | {cold_ms:.0f} ms |
| p50 | {p50:.1f} ms |
| p90 | {p90:.1f} ms |
| p99 | {p99:.1f} ms |
| mean | {statistics.fmean(latencies):.1f} ms |
| non-200 responses | {errors} |

Target p50 ≤ 30 ms on one worker: **{met}**.
"""
    print(body)
    write_section("suggestions", body)


if __name__ == "__main__":
    main()
