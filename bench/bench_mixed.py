"""Mixed load: REST (suggestions, match transitions, history) and chat sockets at once.

One uvicorn process with ``--workers 2`` (the production shape: docker/Dockerfile runs
``uvicorn --workers $WEB_CONCURRENCY``; the kernel spreads connections over the two worker
processes) on PostgreSQL + Redis. Set up outside the measured path: the demo population
(``seed_demo``: mentors, mentees and a coordinator, seeded generator), open conversations
with a seeded history, JWT access tokens and socket tickets. Then, for each load level, for a
fixed time, all at once and open loop (every request is sent on schedule, whether or not
earlier ones finished; latency counts from the scheduled time):

- chat sockets in mentor-mentee pairs sending at a fixed rate (``bench/chat/client.py``);
- ``GET /api/v1/suggestions/?limit=10`` as random mentees;
- match workflows: a mentee requests one of their suggested mentors → the coordinator
  approves → the mentor accepts (a party ends it later) or declines; one workflow in ten
  races the mentor's accept against the mentee withdrawing (``end``);
- ``GET /api/v1/conversations/{id}/messages/?after=SEQ&limit=50`` as a party of a socket
  conversation.

Reported per kind: requests, throughput, p50/p99, 5xx, expected 4xx (409s a workflow can
meet: a mentor filled up meanwhile, the losing side of a race) and unexpected 4xx; for the
sockets: sent, delivered, p50/p99 end to end, lost and duplicated, and every acked message
checked in the database (stored exactly once, gapless ``seq``). The run fails on any 5xx,
unexpected 4xx, transport error, lost or duplicated message, store mismatch, match left
open, or a server log line that ``BAD_LOG`` matches.

    .venv/bin/python bench/bench_mixed.py           # full run, writes docs/BENCHMARKS.md
    .venv/bin/python bench/bench_mixed.py --quick   # 10 s per level, 200 sockets, no write

A full run first waits (up to ``--quiet-wait`` s) for a 1-min load average below
``--quiet-load``: the machine's other work shows in every number.

Needs PostgreSQL and Redis like bench/bench_chat.py (``BENCH_DATABASE_URL``, ``REDIS_URL``).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import random
import signal
import sys
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._report import machine, write_section  # noqa: E402
from bench.chat.client import LoadClient, RunResult, percentile_ms  # noqa: E402
from bench.chat.harness import (  # noqa: E402
    BAD_LOG,
    BENCH_BROKER,
    DEFAULT_DB,
    Server,
    cpu_of,
    cpu_seconds,
    running,
    seed,
    servers,
    setup_django,
    tickets_for,
)
from bench.http_client import HttpPool  # noqa: E402

DEMO_DOMAIN = "@demo.kindred.example"
HISTORY_PAGE = 50
# Load levels: socket msg/s : suggestions/s : workflows started/s : history reads/s.
# The first, sockets only, is the baseline for the socket latency under REST load.
DEFAULT_LEVELS = "100:0:0:0,50:2:0.5:5,100:4:1:10,150:6:1.5:15,200:8:2:20"
# 409 codes a workflow step can meet without anything being wrong.
EXPECTED_REQUEST = frozenset({"not_eligible"})  # the mentor filled up since the suggestion
EXPECTED_CAPACITY = frozenset({"mentor_at_capacity"})
EXPECTED_RACE = frozenset({"mentor_at_capacity", "illegal_transition"})  # the mentee withdrew first
STEPS = ("request", "approve", "accept", "decline", "end", "reject")
BACKING = ("postgres", "redis-server")


@dataclass(frozen=True)
class Level:
    messages: float  # socket messages/s
    suggestions: float  # requests/s
    flows: float  # workflows started/s
    history: float  # requests/s

    @classmethod
    def parse(cls, text: str) -> Level:
        messages, suggestions, flows, history = (float(x) for x in text.split(":"))
        return cls(messages, suggestions, flows, history)

    def __str__(self) -> str:
        return f"{self.messages:g} msg/s, {self.suggestions:g} sugg/s, {self.flows:g} wf/s, {self.history:g} hist/s"


@dataclass
class Stats:
    """Responses of one kind (or one workflow step) in one level."""

    latencies: list[float] = field(default_factory=list)
    server_errors: Counter[int] = field(default_factory=Counter)
    expected: Counter[str] = field(default_factory=Counter)
    unexpected: Counter[str] = field(default_factory=Counter)
    transport: Counter[str] = field(default_factory=Counter)
    last_done: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies) + sum(self.transport.values())

    def p(self, q: float) -> float:
        return percentile_ms(self.latencies, q)

    def throughput(self, start: float, duration: float) -> float:
        window = max(duration, self.last_done - start)
        return len(self.latencies) / window if window > 0 else 0.0


@dataclass
class FlowPlan:
    mentee: str
    mentor: str
    branch: str  # "accept", "decline" or "race"
    ender: str  # who ends an accepted match: "mentee" or "mentor"


@dataclass
class LevelResult:
    level: Level
    duration: float
    start: float
    kinds: dict[str, Stats]
    steps: dict[str, Stats]
    sockets: RunResult
    store: dict[str, int]
    open_matches: int
    worker_cpu: list[float]  # % of one core, per worker
    backing_cpu: float  # PostgreSQL + Redis, % of one core
    other_cpu: float  # every other process on the machine (and steal), % of one core
    client_cpu: float  # this process, % of one core
    load_before: tuple[float, float, float]
    connections: int  # HTTP connections opened

    @property
    def failures(self) -> list[str]:
        out = []
        for name, s in self.kinds.items():
            if s.server_errors:
                out.append(f"{name}: 5xx {dict(s.server_errors)}")
            if s.unexpected:
                out.append(f"{name}: unexpected 4xx {dict(s.unexpected)}")
            if s.transport:
                out.append(f"{name}: transport errors {dict(s.transport)}")
        r = self.sockets
        if r.lost or r.duplicates or r.seq_duplicates or r.errors:
            out.append(f"sockets: lost {r.lost}, dup {r.duplicates}/{r.seq_duplicates}, errors {r.errors}")
        if self.store["missing"] or self.store["extra_rows"] or self.store["bad_conversations"]:
            out.append(f"store: {self.store}")
        if self.open_matches:
            out.append(f"{self.open_matches} workflow matches left open")
        return out


# --- Setup (not measured) -----------------------------------------------------------------------


def population(mentors: int, mentees: int, seed_value: int) -> None:
    """The demo population at the requested size, with no matches left from earlier runs."""
    from django.core.management import call_command

    from backend.accounts.models import User
    from backend.matches.models import Match

    demo = User.objects.filter(email__endswith=DEMO_DOMAIN)
    if (demo.filter(role="mentor").count(), demo.filter(role="mentee").count()) != (mentors, mentees):
        demo.delete()
    Match.objects.filter(mentee__email__endswith=DEMO_DOMAIN).delete()
    Match.objects.filter(mentor__email__endswith=DEMO_DOMAIN).delete()
    call_command("seed_demo", mentors=mentors, mentees=mentees, seed=seed_value, stdout=io.StringIO())


def seed_history(rows: list[tuple[int, str, str]], per_conversation: int) -> None:
    """``per_conversation`` messages in each conversation, alternating senders, seq 1..N."""
    from chat.models import Conversation, Message

    Message.objects.bulk_create(
        (
            Message(
                conversation_id=conversation,
                seq=seq,
                sender_id=(mentee, mentor)[seq % 2],
                client_msg_id=f"seed-{conversation}-{seq}",
                body=f"Earlier message {seq}: how did the week go?",
            )
            for conversation, mentee, mentor in rows
            for seq in range(1, per_conversation + 1)
        ),
        batch_size=5000,
    )
    Conversation.objects.filter(pk__in=[r[0] for r in rows]).update(last_seq=per_conversation)


def access_tokens(user_ids: list[str]) -> dict[str, str]:
    """A JWT access token per user, minted here rather than through the (measured) login."""
    from rest_framework_simplejwt.tokens import AccessToken

    from backend.accounts.models import User

    return {str(pk): str(AccessToken.for_user(user)) for pk, user in User.objects.in_bulk(user_ids).items()}


def workflow_candidates(seed_value: int) -> list[tuple[str, list[str]]]:
    """Mentees with at least one suggestion, each with their top mentors, in a seeded order."""
    from backend.accounts.models import User
    from backend.matches.suggestions import suggestions_for_mentee

    out = []
    for mentee in User.objects.filter(email__endswith=DEMO_DOMAIN, role="mentee").order_by("email"):
        ids = [s["mentor"]["id"] for s in suggestions_for_mentee(mentee=mentee, limit=5)["results"]]
        if ids:
            out.append((str(mentee.pk), ids))
    random.Random(f"mixed-candidates-{seed_value}").shuffle(out)
    return out


def verify_store(prefix: str, acked: set[str], conversations: list[int]) -> dict[str, int]:
    """Every acked message stored exactly once; each conversation's seq gapless from 1."""
    from django.db.models import Count, Max, Min

    from chat.models import Conversation, Message

    rows = Message.objects.filter(client_msg_id__startswith=f"{prefix}-").values("client_msg_id")
    counts = Counter(r["client_msg_id"] for r in rows)
    bad = 0
    for c in Conversation.objects.filter(pk__in=conversations).annotate(
        n=Count("messages"), lo=Min("messages__seq"), hi=Max("messages__seq")
    ):
        if c.n != c.last_seq or (c.n and (c.lo != 1 or c.hi != c.last_seq)):
            bad += 1
    return {
        "stored": len(counts),
        "missing": sum(1 for cmid in acked if counts[cmid] == 0),
        "extra_rows": sum(n - 1 for n in counts.values() if n > 1),
        "bad_conversations": bad,
    }


def open_workflow_matches() -> int:
    from backend.matches.models import OPEN_STATES, Match

    return Match.objects.filter(mentee__email__endswith=DEMO_DOMAIN, state__in=OPEN_STATES).count()


def coordinator_id() -> str:
    from backend.accounts.models import User
    from backend.core.management.commands.seed_demo import COORDINATOR_EMAIL

    return str(User.objects.get(email=COORDINATOR_EMAIL).pk)


def demo_ids(role: str) -> list[str]:
    from backend.accounts.models import User

    return [str(pk) for pk in User.objects.filter(email__endswith=DEMO_DOMAIN, role=role).values_list("pk", flat=True)]


# --- Server processes ---------------------------------------------------------------------------


def machine_busy() -> float:
    """CPU seconds the whole machine spent busy so far (all cores; steal counts as busy)."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = (
        int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    )
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def workers_of(pid: int) -> list[int]:
    """The uvicorn worker processes under the supervisor ``pid``."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    out = []
    for child in children:
        try:
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                out.append(int(child))
        except OSError:
            continue
    return sorted(out)


def established_per_worker(workers: list[int], port: int) -> list[int]:
    """Established TCP connections to ``port`` held by each worker (sockets and HTTP)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                inodes.add(fields[9])
    counts = []
    for pid in workers:
        n = 0
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in inodes:
                n += 1
        counts.append(n)
    return counts


def mixed_server(database_url: str, redis_url: str) -> Server:
    base = servers(database_url, redis_url, ["kindred"])[0]
    env = {
        # The product's default (0): the chat harness keeps connections for its one-worker runs,
        # which under ASGI leaves one idle connection behind per request.
        **{k: v for k, v in base.env.items() if k != "CONN_MAX_AGE"},
        # The per-user throttle would shape the coordinator's approvals; its Redis round trip stays.
        "API_RATE_USER": "1000000/min",
    }
    return Server("mixed", "Kindred, two workers", [*base.argv, "--workers", "2"], env)


# --- Load ---------------------------------------------------------------------------------------


class Mixed:
    """The REST load of one run: plans, the connection pool and the per-level statistics."""

    def __init__(self, pool: HttpPool, tokens: dict[str, str], coordinator: str, args: argparse.Namespace) -> None:
        self.pool = pool
        self.tokens = tokens
        self.coordinator = coordinator
        self.args = args
        self.kinds: dict[str, Stats] = {}
        self.steps: dict[str, Stats] = {}
        self.candidates: list[tuple[str, list[str]]] = []
        self.next_candidate = 0
        self.mentees: list[str] = []
        self.rows: list[tuple[int, str, str]] = []

    def reset(self) -> None:
        self.kinds = {k: Stats() for k in ("suggestions", "transitions", "history")}
        self.steps = {k: Stats() for k in STEPS}

    async def call(
        self,
        kind: str,
        method: str,
        path: str,
        user: str,
        *,
        body: Any = None,
        since: float | None = None,
        step: str | None = None,
        expected: frozenset[str] = frozenset(),
    ) -> tuple[int, dict]:
        """One request, recorded under ``kind`` (and ``step``); returns ``(status, body)``, 0 on a transport error."""
        began = since if since is not None else time.perf_counter()
        targets = [self.kinds[kind]] + ([self.steps[step]] if step else [])
        try:
            status, raw = await self.pool.request(method, path, key=user, token=self.tokens[user], body=body)
        except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError) as exc:
            for s in targets:
                s.transport[type(exc).__name__] += 1
            return 0, {}
        done = time.perf_counter()
        try:
            data = json.loads(raw) if raw else {}
        except ValueError:
            data = {}
        code = data.get("error", {}).get("code", "") if isinstance(data, dict) else ""
        for s in targets:
            s.latencies.append(done - began)
            s.last_done = max(s.last_done, done)
            if status >= 500:
                s.server_errors[status] += 1
            elif status >= 400:
                if status == 409 and code in expected:
                    s.expected[code] += 1
                else:
                    s.unexpected[f"{status} {code}".strip()] += 1
        return status, data

    # -- the three kinds --

    async def suggestions(self, mentee: str, due: float) -> None:
        await self.call("suggestions", "GET", "/api/v1/suggestions/?limit=10", mentee, since=due)

    async def history(self, plan: tuple[int, str, int], due: float) -> None:
        conversation, user, after = plan
        path = f"/api/v1/conversations/{conversation}/messages/?after={after}&limit={HISTORY_PAGE}"
        await self.call("history", "GET", path, user, since=due)

    async def workflow(self, plan: FlowPlan, due: float) -> None:
        """request → approve → accept (→ end) | decline; ``race``: accept and the mentee's end at once."""
        t = "transitions"
        status, match = await self.call(
            t,
            "POST",
            "/api/v1/matches/",
            plan.mentee,
            body={"mentor_id": plan.mentor, "note": "I'd like to talk about getting back to work."},
            since=due,
            step="request",
            expected=EXPECTED_REQUEST,
        )
        if status != 201:
            return
        base = f"/api/v1/matches/{match['id']}"
        status, _ = await self.call(
            t,
            "POST",
            f"{base}/approve/",
            self.coordinator,
            body={"note": ""},
            step="approve",
            expected=EXPECTED_CAPACITY,
        )
        if status != 200:
            await self.call(
                t, "POST", f"{base}/reject/", self.coordinator, body={"reason": "No capacity."}, step="reject"
            )
            return
        if plan.branch == "decline":
            await self.call(
                t, "POST", f"{base}/decline/", plan.mentor, body={"reason": "Not the right time."}, step="decline"
            )
            return
        if plan.branch == "race":
            _, (ended, _) = await asyncio.gather(
                self.call(t, "POST", f"{base}/accept/", plan.mentor, body={}, step="accept", expected=EXPECTED_RACE),
                self.call(t, "POST", f"{base}/end/", plan.mentee, body={"reason": "Changed my mind."}, step="end"),
            )
            if ended != 200:  # leave nothing open
                await self.call(t, "POST", f"{base}/end/", self.coordinator, body={"reason": "Tidy up."}, step="end")
            return
        status, _ = await self.call(
            t, "POST", f"{base}/accept/", plan.mentor, body={}, step="accept", expected=EXPECTED_CAPACITY
        )
        if status == 200:
            ender = plan.mentee if plan.ender == "mentee" else plan.mentor
            await self.call(t, "POST", f"{base}/end/", ender, body={"reason": "We reached our goals."}, step="end")
        else:
            await self.call(t, "POST", f"{base}/decline/", plan.mentor, body={"reason": "I'm full."}, step="decline")

    # -- plans (seeded) --

    def plans(self, level: Level, duration: float, tag: str) -> dict[str, list]:
        rng = random.Random(f"mixed-{self.args.seed}-{tag}")
        flows = []
        for _ in range(int(level.flows * duration)):
            mentee, mentors = self.candidates[self.next_candidate % len(self.candidates)]
            self.next_candidate += 1
            roll = rng.random()
            branch = "race" if roll < 0.1 else "decline" if roll < 0.3 else "accept"
            flows.append(FlowPlan(mentee, rng.choice(mentors), branch, rng.choice(("mentee", "mentor"))))
        history = []
        for _ in range(int(level.history * duration)):
            conversation, mentee, mentor = rng.choice(self.rows)
            after = rng.randint(0, max(0, self.args.history - HISTORY_PAGE))
            history.append((conversation, rng.choice((mentee, mentor)), after))
        return {
            "suggestions": [rng.choice(self.mentees) for _ in range(int(level.suggestions * duration))],
            "flows": flows,
            "history": history,
        }


async def open_loop(
    rate: float, items: list, start: float, run: Callable[[Any, float], Awaitable[None]], tasks: list[asyncio.Future]
) -> None:
    """Start ``run(item, due)`` into ``tasks`` for each item at ``rate``/s from ``start``, open loop."""
    for i, item in enumerate(items):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0.0005:
            await asyncio.sleep(delay)
        tasks.append(asyncio.ensure_future(run(item, due)))


async def offer(
    mixed: Mixed, client: LoadClient, level: Level, duration: float, tag: str
) -> tuple[RunResult, float, str]:
    """Offer ``level`` for ``duration`` s, every kind at once (plans seeded by ``tag``).

    Returns the socket result, the start time and the prefix of the sockets' ``client_msg_id``s.
    """
    plans = mixed.plans(level, duration, tag)
    prefix = f"{tag}-{uuid.uuid4().hex[:6]}"
    mixed.reset()
    tasks: list[asyncio.Future] = []
    start = time.perf_counter()
    if level.messages > 0:
        tasks.append(asyncio.ensure_future(client.run(level.messages, duration, prefix=prefix)))
    try:
        await asyncio.gather(
            open_loop(level.suggestions, plans["suggestions"], start, mixed.suggestions, tasks),
            open_loop(level.flows, plans["flows"], start, mixed.workflow, tasks),
            open_loop(level.history, plans["history"], start, mixed.history, tasks),
        )
        await asyncio.gather(*tasks)
    finally:  # interrupted: nothing keeps running against a closing client
        for task in tasks:
            task.cancel()
    result = tasks[0].result() if level.messages > 0 else RunResult(rate=0, duration=duration)
    return result, start, prefix


async def run_level(
    mixed: Mixed,
    client: LoadClient,
    workers: list[int],
    level: Level,
    duration: float,
    tag: str,
    db: ThreadPoolExecutor,
    conversations: list[int],
) -> LevelResult:
    loop = asyncio.get_running_loop()
    load_before = os.getloadavg()
    cpu0, opened0 = [cpu_seconds(pid) for pid in workers], mixed.pool.opened
    backing0, client0, busy0, t0 = cpu_of(BACKING), time.process_time(), machine_busy(), time.perf_counter()
    result, start, prefix = await offer(mixed, client, level, duration, tag)
    wall = time.perf_counter() - t0
    worker_cpu = [(cpu_seconds(pid) - c) / wall * 100 for pid, c in zip(workers, cpu0, strict=True)]
    backing_cpu = (cpu_of(BACKING) - backing0) / wall * 100
    client_cpu = (time.process_time() - client0) / wall * 100
    other_cpu = (machine_busy() - busy0) / wall * 100 - sum(worker_cpu) - backing_cpu - client_cpu
    store = await loop.run_in_executor(db, verify_store, prefix, set(client.acked), conversations)
    open_matches = await loop.run_in_executor(db, open_workflow_matches)
    return LevelResult(
        level,
        duration,
        start,
        mixed.kinds,
        mixed.steps,
        result,
        store,
        open_matches,
        worker_cpu,
        backing_cpu,
        other_cpu,
        client_cpu,
        load_before,
        mixed.pool.opened - opened0,
    )


async def warm_up(mixed: Mixed, client: LoadClient, log: Path, args: argparse.Namespace) -> None:
    """Until both workers built their mentor index, then a short run at the first mixed level (not reported)."""
    deadline = time.monotonic() + 120
    rng = random.Random(f"mixed-warmup-{args.seed}")
    mixed.reset()
    while log.read_text(errors="replace").count("built the mentor index") < 2:
        if time.monotonic() > deadline:
            raise RuntimeError("the workers did not build their mentor index within 120 s")
        await asyncio.gather(*(mixed.suggestions(rng.choice(mixed.mentees), time.perf_counter()) for _ in range(8)))
    level = next((x for x in args.levels if x.flows), args.levels[0])
    await offer(mixed, client, level, args.warmup, "warmup")


async def drive(
    server_pid: int, url: str, log: Path, setup: dict, args: argparse.Namespace
) -> tuple[list[LevelResult], list[int]]:
    port = int(url.split(":")[2].split("/")[0])
    deadline = time.monotonic() + 30
    while len(workers := workers_of(server_pid)) < 2:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start two workers")
        await asyncio.sleep(0.2)
    client = LoadClient(url, setup["pairs"])
    t = time.perf_counter()
    await client.connect()
    socket_split = established_per_worker(workers, port)
    print(
        f"{len(client.sockets)} sockets connected in {time.perf_counter() - t:.1f} s "
        f"(per worker: {' / '.join(map(str, socket_split))})",
        flush=True,
    )
    pool = HttpPool("127.0.0.1", port, args.pool)
    mixed = Mixed(pool, setup["tokens"], setup["coordinator"], args)
    mixed.candidates, mixed.mentees, mixed.rows = setup["candidates"], setup["mentees"], setup["rows"]
    conversations = [r[0] for r in setup["rows"]]
    results = []
    with ThreadPoolExecutor(max_workers=1) as db:
        try:
            await warm_up(mixed, client, log, args)
            for i, level in enumerate(args.levels, start=1):
                r = await run_level(mixed, client, workers, level, args.duration, f"mixed{i}", db, conversations)
                print(summary(r), flush=True)
                results.append(r)
        finally:
            await pool.close()
            await client.close()
            await asyncio.sleep(0.5)
            from django.db import connections

            await asyncio.get_running_loop().run_in_executor(db, connections.close_all)
    return results, socket_split


# --- Report -------------------------------------------------------------------------------------


def ms(v: float) -> str:
    return "–" if v != v else f"{v:,.1f} ms"


def counts(c: Counter[str] | Counter[int]) -> str:
    return str(sum(c.values())) if c else "0"


def detail(c: Counter[str]) -> str:
    """``3 (not_eligible 2, mentor_at_capacity 1)``."""
    return counts(c) + (" (" + ", ".join(f"{k} {n}" for k, n in c.most_common()) + ")" if c else "")


def sockets_only(level: Level) -> bool:
    return not (level.suggestions or level.flows or level.history)


def label(i: int, r: LevelResult) -> str:
    return f"{i} (sockets only)" if sockets_only(r.level) else str(i)


def offered_text(level: Level) -> str:
    parts = [
        (level.messages, "socket messages"),
        (level.suggestions, "suggestions"),
        (level.flows, "workflows"),
        (level.history, "history reads"),
    ]
    return ", ".join(f"{name} {rate:g}" for rate, name in parts if rate)


def total_cpu(r: LevelResult) -> float:
    return sum(r.worker_cpu) + r.backing_cpu + r.client_cpu + r.other_cpu


def kept_up(r: LevelResult) -> bool:
    """Every kind answered at ≥ 97% of its offered rate with p99 under 1 s (open loop: a backlog shows)."""
    s = r.sockets
    ok = not r.level.messages or (s.throughput >= 0.97 * r.level.messages and s.pct(s.latencies, 99) < 1000)
    for name, rate in (("suggestions", r.level.suggestions), ("history", r.level.history)):
        k = r.kinds[name]
        ok = ok and (not rate or (k.throughput(r.start, r.duration) >= 0.97 * rate and k.p(99) < 1000))
    return ok and (not r.level.flows or r.kinds["transitions"].p(99) < 1000)


def summary(r: LevelResult) -> str:
    s = r.sockets
    lines = [
        f"[{r.level}] load before {r.load_before[0]:.2f}, workers {' + '.join(f'{c:.0f}%' for c in r.worker_cpu)}, "
        f"postgres+redis {r.backing_cpu:.0f}%, client {r.client_cpu:.0f}%, other {r.other_cpu:.0f}%, "
        f"{r.connections} HTTP connections opened, "
        f"{'kept up' if kept_up(r) else 'FELL BEHIND'}",
        f"  sockets      sent {s.sent:6d}  delivered {s.delivered:6d} ({s.throughput:6.1f}/s)  "
        f"p50 {ms(s.pct(s.latencies, 50)):>10}  p99 {ms(s.pct(s.latencies, 99)):>10}  lost {s.lost}  "
        f"dup {s.duplicates}/{s.seq_duplicates}  store {r.store}",
    ]
    for name, k in [*r.kinds.items(), *((f"  {n}", st) for n, st in r.steps.items() if st.requests)]:
        lines.append(
            f"  {name:<12} {k.requests:6d} req ({k.throughput(r.start, r.duration):6.1f}/s)  "
            f"p50 {ms(k.p(50)):>10}  p99 {ms(k.p(99)):>10}  5xx {counts(k.server_errors)}  "
            f"4xx expected {detail(k.expected)} unexpected {detail(k.unexpected)}  transport {counts(k.transport)}"
        )
    return "\n".join(lines)


def report(
    results: list[LevelResult],
    args: argparse.Namespace,
    conversations: int,
    socket_split: list[int],
    log_problems: list[str],
) -> str:
    n_sockets = 2 * conversations
    first = results[0].load_before if results else os.getloadavg()
    lines = [
        "## Mixed load: REST and sockets at once (`bench/bench_mixed.py`)",
        "",
        f"{machine()}. One uvicorn process with `--workers 2` (as docker/Dockerfile runs it; the",
        "kernel hands each new connection to one of the two worker processes), PostgreSQL 15",
        "(fsync on) and Redis on the same machine, and the load client, one Python process, on it",
        f"too. {args.quiet}".rstrip(),
        f"1-min load average before the first level: {first[0]:.2f} ({first[1]:.2f} over 5 min).",
        "",
        f"Seeded outside the measured path: {args.mentors:,} mentors and {args.mentees:,} mentees",
        f"(`seed_demo`, seed {args.seed}), {n_sockets // 2} open conversations with {args.history} messages",
        "each, JWT access tokens and socket tickets. Then, per level, for",
        f"{args.duration:.0f} s, all at once and open loop (latency from the scheduled send time):",
        "",
        f"- **sockets**: {n_sockets} sockets in mentor–mentee pairs "
        f"(split {' / '.join(map(str, socket_split))} over the workers), each message end to end",
        "  (scheduled send → the other party's `message.new`);",
        "- **suggestions**: `GET /api/v1/suggestions/?limit=10` as a random mentee;",
        "- **transitions**: workflows — a mentee requests one of their top-5 suggested mentors, the",
        "  coordinator approves, the mentor accepts and a party ends the match, or (1 in 5) declines;",
        "  1 in 10 races the mentor's accept against the mentee's `end`. Every step is one request;",
        "- **history**: `GET /api/v1/conversations/{id}/messages/?after=SEQ&limit=50` as a party of a",
        "  socket conversation, at a random point of its seeded history.",
        "",
        "The chat path runs as in the chat section's headline row (pass-through moderation hook, no",
        "per-message second-opinion job), the per-user API throttle is lifted (its Redis round trip",
        f"remains). At most {args.pool} requests are in flight at once (like a proxy's upstream",
        "limit; more wait, and the wait counts in their latency). Each person has HTTP/1.1 keep-alive",
        "connections of their own, reused within 3 s, so most requests open a new connection and the",
        "kernel gives it to whichever worker accepts first.",
        "",
        "Levels, offered per second: "
        + "; ".join(f"**{i}**: {offered_text(r.level)}" for i, r in enumerate(results, start=1))
        + ". The REST load keeps the same proportions throughout.",
        "",
        "| load | kind | offered | requests | throughput | p50 | p99 | 5xx | 4xx expected | 4xx unexpected |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for i, r in enumerate(results, start=1):
        offered = {
            "suggestions": f"{r.level.suggestions:g}/s",
            "transitions": f"{r.level.flows:g} workflow{'' if r.level.flows == 1 else 's'}/s",
            "history": f"{r.level.history:g}/s",
        }
        for name, k in r.kinds.items():
            if not k.requests:
                continue
            lines.append(
                f"| {i} | {name} | {offered[name]} | {k.requests:,} | {k.throughput(r.start, r.duration):,.1f}/s "
                f"| {ms(k.p(50))} | {ms(k.p(99))} | {counts(k.server_errors)} | {detail(k.expected)} "
                f"| {detail(k.unexpected)} |"
            )
    lines += [
        "",
        "| load | socket msg/s offered | sent | delivered | throughput | p50 | p99 | lost | duplicated "
        "| acked, stored once | gapless conversations |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for i, r in enumerate(results, start=1):
        s = r.sockets
        stored_ok = s.acked - r.store["missing"]
        lines.append(
            f"| {label(i, r)} | {r.level.messages:g} | {s.sent:,} | {s.delivered:,} | {s.throughput:,.1f}/s "
            f"| {ms(s.pct(s.latencies, 50))} | {ms(s.pct(s.latencies, 99))} | {s.lost} "
            f"| {s.duplicates + s.seq_duplicates} | {stored_ok:,}/{s.acked:,} "
            f"| {conversations - r.store['bad_conversations']}/{conversations} |"
        )
    lines += [
        "",
        "Per level: CPU as % of one core (2 cores = 200%) of the two workers, PostgreSQL + Redis,",
        "the load client and everything else on the machine (other work, and time the hypervisor",
        "took); the 1-min load average before the level (it includes the previous level's own load);",
        "and whether every kind kept up (answered at ≥ 97% of its offered rate with p99 under 1 s;",
        "open loop, so a server that falls behind builds a backlog):",
        "",
        "| load | workers | PostgreSQL + Redis | load client | everything else | 1-min load before | kept up |",
        "|---|---|---|---|---|---|---|",
    ]
    for i, r in enumerate(results, start=1):
        lines.append(
            f"| {label(i, r)} | {' + '.join(f'{c:.0f}%' for c in r.worker_cpu)} | {r.backing_cpu:.0f}% "
            f"| {r.client_cpu:.0f}% | {r.other_cpu:.0f}% | {r.load_before[0]:.2f} "
            f"| {'yes' if kept_up(r) else '**no**'} |"
        )
    lines += ["", "Workflow steps (requests · p50 / p99):", ""]
    lines.append("| load | " + " | ".join(STEPS) + " |")
    lines.append("|---|" + "---|" * len(STEPS))
    for i, r in enumerate(results, start=1):
        if not r.level.flows:
            continue
        cells = []
        for step in STEPS:
            k = r.steps[step]
            cells.append(f"{k.requests} · {ms(k.p(50))} / {ms(k.p(99))}" if k.requests else "–")
        lines.append(f"| {i} | " + " | ".join(cells) + " |")
    mixed_levels = [(i, r) for i, r in enumerate(results, start=1) if not sockets_only(r.level)]
    up = [i for i, r in mixed_levels if kept_up(r)]
    behind = [i for i, r in mixed_levels if not kept_up(r)]
    knee = (
        "Every mixed level kept up."
        if not behind
        else (
            f"Mixed levels kept up through level {max(up)}; from level {min(behind)} on they fell behind."
            if up and max(up) < min(behind)
            else f"Kept up: levels {', '.join(map(str, up)) or 'none'}; fell behind: {', '.join(map(str, behind))}."
        )
    )
    lines += [
        "",
        f"{knee} The machine's CPU in use, all told, per level: "
        + ", ".join(f"{total_cpu(r):.0f}%" for r in results)
        + " of 200%.",
    ]
    failures = [f"level {i}: {f}" for i, r in enumerate(results, start=1) for f in r.failures]
    failures += [f"server log: `{p[:160]}`" for p in log_problems[:5]]
    lines += ["", "Correctness: " + ("**passed**" if not failures else "**failed**")]
    lines += (
        [f"- {f}" for f in failures]
        if failures
        else [
            "- no 5xx, no unexpected 4xx, no transport error, no lost or duplicated message, every acked",
            "  message stored exactly once with gapless `seq`, no workflow match left open, and no",
            "  error or traceback in the server log.",
        ]
    )
    lines += ["", *notes(results, socket_split)]
    return "\n".join(lines)


def notes(results: list[LevelResult], socket_split: list[int]) -> list[str]:
    client = max((r.client_cpu for r in results), default=0.0)
    other = max((r.other_cpu for r in results), default=0.0)
    lines = [
        "Notes and caveats:",
        "",
        "- **One machine, 2 cores.** The two workers, PostgreSQL, Redis and the load client share",
        f"  them (the client used up to {client:.0f}% of a core), and other work shared them too (up",
        f'  to {other:.0f}% of a core during a level, "everything else" above). A level that falls',
        "  behind marks where this machine ran out of CPU, not where the service would on its own",
        "  cores.",
    ]
    base = next((r for r in results if sockets_only(r.level)), None)
    mixed = next((r for r in results if r is not base and base and r.level.messages == base.level.messages), None)
    if base is not None and mixed is not None:
        b, m = base.sockets, mixed.sockets
        lines += [
            f"- **REST load costs the sockets latency.** At {base.level.messages:g} msg/s, socket p50/p99 were",
            f"  {ms(b.pct(b.latencies, 50))} / {ms(b.pct(b.latencies, 99))} alone and "
            f"{ms(m.pct(m.latencies, 50))} / {ms(m.pct(m.latencies, 99))} beside the REST load "
            f"(the machine's CPU {total_cpu(base):.0f}% and {total_cpu(mixed):.0f}% in use).",
            "  REST views run Django's sync code on threads of the same worker process; they compete",
            "  with the worker's event loop (the one relaying socket messages) for the GIL and, once the",
            "  machine is busy, for the cores.",
        ]
    lines += [
        "- **Database connections.** The first runs of this benchmark ended in 503s: under ASGI,",
        "  Django runs each request's database code on a thread of its own, so with the previous",
        "  default `CONN_MAX_AGE=60` every request left its connection open and idle, never to be",
        "  reused, and the two workers reached PostgreSQL's `max_connections` (100) within seconds.",
        "  The default is now 0 (`backend/settings/base.py`): each request connects and closes. A",
        '  pool (psycopg_pool through Django\'s `OPTIONS["pool"]`) would save that connect.',
        f"- **The kernel spreads connections, not load:** the sockets landed {' / '.join(map(str, socket_split))}",
        "  on the two workers, and a worker keeps its sockets for their lifetime.",
        "- Each workflow step waits for the answer to the previous one (a person acting on it); its",
        "  latency counts from its own send, the first step's from its scheduled time. The expected",
        "  409s are the losing side of a race (`illegal_transition`) and mentors filling up meanwhile",
        "  (`not_eligible`, `mentor_at_capacity`).",
        "- Not measured: signing in (tokens are minted in setup, so no password hashing), ticket",
        "  requests, the default moderation pipeline (its cost is in the chat section), background jobs.",
    ]
    return lines


def wait_for_quiet(threshold: float, limit: float) -> str:
    """Wait up to ``limit`` s for a 1-min load average below ``threshold``; says how that went."""
    began = time.monotonic()
    while (load := os.getloadavg()[0]) >= threshold and time.monotonic() - began < limit:
        print(f"1-min load average {load:.2f} ≥ {threshold}: waiting", flush=True)
        time.sleep(30)
    waited = (time.monotonic() - began) / 60
    if load < threshold:
        return (
            f"The run started once the 1-min load average was below {threshold:g} ({load:.2f}, after {waited:.0f} min)."
        )
    return f"The 1-min load average never fell below {threshold:g} in {waited:.0f} min; the run started at {load:.2f}."


def interrupt(signum: int, frame: Any) -> None:
    """SIGTERM ends the run like Ctrl-C: the sockets close and the server stops."""
    raise KeyboardInterrupt


def main() -> int:
    signal.signal(signal.SIGTERM, interrupt)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", default=DEFAULT_LEVELS, help="msg/s:suggestions/s:workflows/s:history/s,...")
    parser.add_argument("--duration", type=float, default=60, help="seconds per level")
    parser.add_argument("--warmup", type=float, default=5, help="seconds at the first level before measuring")
    parser.add_argument("--sockets", type=int, default=600)
    parser.add_argument("--mentors", type=int, default=2000)
    parser.add_argument("--mentees", type=int, default=2000)
    parser.add_argument("--history", type=int, default=100, help="seeded messages per conversation")
    parser.add_argument("--pool", type=int, default=32, help="HTTP requests in flight at most")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quiet-load", type=float, default=1.5, help="wait for a 1-min load average below this")
    parser.add_argument("--quiet-wait", type=float, default=900, help="seconds to wait for it at most")
    parser.add_argument("--quick", action="store_true", help="200 sockets, 10 s per level, nothing written")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.sockets, args.duration, args.warmup, args.quiet_wait, args.no_write = 200, 10, 3, 0, True
    args.levels = [Level.parse(x) for x in args.levels.split(",") if x]

    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    # Shared with the server: tokens outlive the run, cache keys (throttle, index versions)
    # live under a prefix of their own and are deleted afterwards.
    cache_prefix = f"bench-mixed-{uuid.uuid4().hex[:8]}"
    os.environ["ACCESS_TOKEN_MINUTES"] = "120"
    os.environ["CACHE_KEY_PREFIX"] = cache_prefix
    try:
        setup_django(database_url, redis_url)
    except Exception as exc:
        print(f"bench_mixed needs PostgreSQL at {database_url} and Redis at {redis_url}: {exc}", file=sys.stderr)
        return 2
    t = time.perf_counter()
    population(args.mentors, args.mentees, args.seed)
    rows = seed(args.sockets // 2)
    seed_history(rows, args.history)
    candidates = workflow_candidates(args.seed)
    mentees = demo_ids("mentee")
    coordinator = coordinator_id()
    people = {*mentees, *demo_ids("mentor"), coordinator, *(u for r in rows for u in r[1:])}
    setup = {
        "rows": rows,
        "pairs": tickets_for(rows),
        "tokens": access_tokens(sorted(people)),
        "candidates": candidates,
        "mentees": mentees,
        "coordinator": coordinator,
    }
    print(
        f"seeded in {time.perf_counter() - t:.1f} s: {args.mentors} mentors, {len(mentees)} mentees "
        f"({len(candidates)} with suggestions), {len(rows)} conversations",
        flush=True,
    )
    from django.db import connections

    connections.close_all()
    args.quiet = wait_for_quiet(args.quiet_load, args.quiet_wait) if args.quiet_wait else ""
    server = mixed_server(database_url, redis_url)
    with running(server) as (proc, url, log):
        results, socket_split = asyncio.run(drive(proc.pid, url, log, setup, args))
    text = log.read_text(errors="replace")
    log_problems = [ln for ln in text.splitlines() if BAD_LOG.search(ln)]
    log.unlink(missing_ok=True)
    try:
        import redis

        redis.Redis.from_url(BENCH_BROKER).flushdb()
        cache = redis.Redis.from_url(redis_url)
        for key in cache.scan_iter(match=f"{cache_prefix}*"):
            cache.delete(key)
    except Exception as exc:
        print(f"could not clean Redis up: {exc}", file=sys.stderr)
    body = report(results, args, len(rows), socket_split, log_problems)
    print()
    print(body)
    if not args.no_write:
        write_section("mixed", body)
    failed = bool(log_problems) or any(r.failures for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted: nothing written", file=sys.stderr)
        sys.exit(130)
