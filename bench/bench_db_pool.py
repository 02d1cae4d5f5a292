"""What a request pays for its database connection, with and without the pool (PostgreSQL).

    .venv/bin/python bench/bench_db_pool.py     # BENCH_DATABASE_URL, as the chat benchmarks

With ``CONN_MAX_AGE=0`` every request opens a connection, runs its queries and closes it; with
``DB_POOL_MAX_SIZE`` it borrows an open one and gives it back. This times that cycle with one
``SELECT 1`` as the request's work, both ways, alternating, and writes the ``db-pool`` section
of docs/BENCHMARKS.md. It needs PostgreSQL (``BENCH_DATABASE_URL``, default the ``postgres``
database on 127.0.0.1) and exits without writing when it cannot connect. Only connections are
opened; no table is read or written.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings.base")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
os.environ.pop("DB_POOL_MAX_SIZE", None)

import django  # noqa: E402

django.setup()

from django.db import OperationalError, connection  # noqa: E402
from django.db.backends.postgresql.base import DatabaseWrapper  # noqa: E402

from bench._report import machine, write_section  # noqa: E402

REQUESTS = 500
ROUNDS = 3


def wrapper(pool: bool) -> DatabaseWrapper:
    options = dict(connection.settings_dict["OPTIONS"])  # no pool: DB_POOL_MAX_SIZE is unset above
    if pool:
        options["pool"] = {"min_size": 1, "max_size": 4, "timeout": 10}
    return DatabaseWrapper({**connection.settings_dict, "CONN_MAX_AGE": 0, "OPTIONS": options}, alias=f"bench-{pool}")


def cycles(db: DatabaseWrapper) -> list[float]:
    """Milliseconds per request: open (or borrow), one query, close (or give back)."""
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        with db.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        db.close()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    try:
        connection.ensure_connection()
    except OperationalError as exc:
        print(f"bench_db_pool needs PostgreSQL at {os.environ['DATABASE_URL']}: {exc}", file=sys.stderr)
        return
    connection.close()
    runs: dict[bool, list[float]] = {False: [], True: []}
    pooled, plain = wrapper(True), wrapper(False)
    try:
        for _ in range(ROUNDS):
            for pool, db in ((False, plain), (True, pooled)):
                runs[pool] += cycles(db)
    finally:
        pooled.close_pool()
    rows = []
    for pool, times in runs.items():
        q = statistics.quantiles(times, n=100)
        rows.append(
            f"| {'pool (DB_POOL_MAX_SIZE=4)' if pool else 'no pool (CONN_MAX_AGE=0)'} | {len(times)} | "
            f"{statistics.mean(times):.2f} | {q[49]:.2f} | {q[98]:.2f} |"
        )
    body = "\n".join(
        [
            "## Database connections per request",
            "",
            f"`bench/bench_db_pool.py` on {machine()}, PostgreSQL on the same host (TCP, 127.0.0.1).",
            f"Each request: open or borrow a connection, `SELECT 1`, close or give back; {ROUNDS} rounds of "
            f"{REQUESTS}, alternating.",
            "",
            "| connections | requests | mean ms | p50 ms | p99 ms |",
            "|---|---|---|---|---|",
            *rows,
            "",
            "The server trusts local connections (no password exchange, no TLS), so connecting costs",
            "its least here; with SCRAM and TLS, or across a network, it costs more. Not measured: the",
            "pool under concurrent load, where requests beyond `DB_POOL_MAX_SIZE` wait for a connection.",
        ]
    )
    print(body)
    write_section("db-pool", body)


if __name__ == "__main__":
    main()
