"""Shared harness of the socket benchmarks: the bench database, seeding, tickets and servers.

Used by bench/bench_chat.py and bench/bench_mixed.py. Servers run as uvicorn processes on
this machine against PostgreSQL and Redis; each logs to a temporary file that the caller
checks against ``BAD_LOG``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bench.chat.client import Pair

ROOT = Path(__file__).resolve().parents[2]

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/kindred_bench"
BENCH_BROKER = "redis://127.0.0.1:6379/15"
# Anything like this in a server's log fails the run: a channel layer dropping messages
# ("over capacity", ChannelFull), a redis-py receive loop dying, an error, a traceback.
BAD_LOG = re.compile(
    r"capacity|ChannelFull|Full\b|TimeoutError|MaxConnections|Traceback|ERROR|CRITICAL|Exception", re.I
)


@dataclass
class Server:
    name: str
    label: str
    argv: list[str]
    env: dict[str, str]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_of(names: tuple[str, ...]) -> float:
    """CPU seconds used so far by every process with one of ``names`` (PostgreSQL, Redis)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            text = stat.read_text()
            comm = text[text.index("(") + 1 : text.rindex(")")]
            if comm.startswith(names):
                fields = text.rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


# --- Database -----------------------------------------------------------------------------------


def setup_django(database_url: str, redis_url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "backend.settings.base"
    os.environ["DATABASE_URL"] = database_url
    os.environ["REDIS_URL"] = redis_url
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", (name,)).fetchone():
            conn.execute(f'create database "{name}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed(pairs: int) -> list[tuple[int, str, str]]:
    """``pairs`` active matches with open conversations: [(conversation id, mentee id, mentor id)]."""
    from django.contrib.auth.hashers import make_password

    from backend.accounts.models import User
    from backend.matches.models import Match
    from chat.models import Conversation, Message

    Message.objects.filter(conversation__match__note="bench").delete()
    Conversation.objects.filter(match__note="bench").delete()
    Match.objects.filter(note="bench").delete()
    User.objects.filter(email__endswith="@bench.invalid").delete()
    password = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"{role}{i}@bench.invalid", role=role, display_name=f"{role}{i}", password=password)
        for i in range(pairs)
        for role in ("mentee", "mentor")
    )
    matches = Match.objects.bulk_create(
        Match(mentee=users[2 * i], mentor=users[2 * i + 1], state="active", note="bench") for i in range(pairs)
    )
    conversations = Conversation.objects.bulk_create(Conversation(match=m) for m in matches)
    return [(c.pk, str(users[2 * i].pk), str(users[2 * i + 1].pk)) for i, c in enumerate(conversations)]


def tickets_for(rows: list[tuple[int, str, str]]) -> list[Pair]:
    """One fresh, long-lived ticket per socket (one-time tickets: new ones for every server)."""
    from django.utils import timezone

    from backend.accounts.models import WsTicket

    pairs, objects = [], []
    expires = timezone.now() + timedelta(minutes=30)
    for conversation, mentee, mentor in rows:
        sides = []
        for user in (mentee, mentor):
            ticket = secrets.token_urlsafe(32)
            objects.append(
                WsTicket(key_hash=hashlib.sha256(ticket.encode()).hexdigest(), user_id=user, expires_at=expires)
            )
            sides.append((ticket, user))
        pairs.append(Pair(conversation, sides))
    WsTicket.objects.bulk_create(objects)
    return pairs


# --- Servers ------------------------------------------------------------------------------------


def servers(database_url: str, redis_url: str, selected: list[str]) -> list[Server]:
    base = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backend.settings.base",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CONN_MAX_AGE": "600",
        "DEBUG": "false",
        "LOG_LEVEL": "INFO",  # channels-redis reports dropped messages at INFO only
        # The flood limits would shape the load; the bench measures the path behind them.
        "CHAT_FLOOD_BURST": "10000",
        "CHAT_FLOOD_PER_SECOND": "10000",
        "CHAT_FRAME_BURST": "10000",
        "CHAT_FRAME_PER_SECOND": "10000",
        "CHAT_LAYER_PREFIX": f"bench-{uuid.uuid4().hex[:8]}",
        # The chat path as specified: the moderation hook with its pass-through pipeline and
        # no per-message follow-up job. "kindred-moderated" measures the defaults.
        "CHAT_MODERATION_PIPELINE": "chat.moderation_hook.pass_through_pipeline",
        "CRISIS_SECOND_OPINION": "false",
        # Jobs queued by a run go to a Redis database of their own, emptied afterwards.
        "CELERY_BROKER_URL": BENCH_BROKER,
    }
    uvicorn = [sys.executable, "-m", "uvicorn", "--host", "127.0.0.1", "--ws-max-size", "65536"]
    uvicorn += ["--no-access-log", "--log-level", "warning", "--ws-ping-interval", "0"]
    table = {
        "kindred": Server(
            "kindred", "Kindred (group commit, pub/sub layer)", [*uvicorn, "backend.asgi:application"], base
        ),
        "kindred-moderated": Server(
            "kindred-moderated",
            "Kindred with the default moderation (rules pipeline, second-opinion job per stored batch)",
            [*uvicorn, "backend.asgi:application"],
            {
                **{k: v for k, v in base.items() if k not in ("CHAT_MODERATION_PIPELINE", "CRISIS_SECOND_OPINION")},
                "CHAT_MODERATION_PIPELINE": "chat.moderation.default_pipeline",
                "CRISIS_SECOND_OPINION": "true",
            },
        ),
        "kindred-redis": Server(
            "kindred-redis",
            "Kindred with RedisChannelLayer",
            [*uvicorn, "backend.asgi:application"],
            {**base, "CHAT_CHANNEL_LAYER": "redis"},
        ),
        "stock": Server(
            "stock",
            "Stock Channels pattern (ORM + database_sync_to_async + group_send, pub/sub layer)",
            [*uvicorn, "bench.chat.stock:application"],
            base,
        ),
        "relay": Server(
            "relay", "Bare asyncio WebSocket relay (no database)", [sys.executable, "-m", "bench.chat.relay"], base
        ),
    }
    return [table[name] for name in selected]


@contextlib.contextmanager
def running(server: Server):
    port = free_port()
    argv = [*server.argv, str(port)] if server.name == "relay" else [*server.argv, "--port", str(port)]
    log = tempfile.NamedTemporaryFile(prefix=f"bench-{server.name}-", suffix=".log", delete=False)  # noqa: SIM115
    proc = subprocess.Popen(argv, cwd=ROOT, env=server.env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{server.name} exited: {Path(log.name).read_text()[-2000:]}")
            with contextlib.suppress(OSError):
                if server.name == "relay":
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
                    if response.status == 200:
                        break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{server.name} did not start")
            time.sleep(0.2)
        yield proc, f"ws://127.0.0.1:{port}/ws/", Path(log.name)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
