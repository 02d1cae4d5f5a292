"""The chat load client: N sockets in mentor-mentee pairs, sending at a target rate.

Every socket speaks the chat protocol (``message.send`` → ``message.ack`` to the sender,
``message.new`` to the other party). Latency is end to end, from the moment a send was
*scheduled* (open loop: a slow server cannot slow the client down) to the moment the other
party's socket received the ``message.new``. Lost and duplicated messages are counted by
``client_msg_id`` and by ``seq``.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field

import websockets


def percentile_ms(values: list[float], p: float) -> float:
    """The ``p``-th percentile of ``values`` (seconds), in milliseconds; NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


@dataclass
class Pair:
    conversation: int
    # (ticket, user id) for each side: index 0 mentee, 1 mentor
    sides: list[tuple[str, str]]


@dataclass
class RunResult:
    rate: float
    duration: float
    sent: int = 0
    acked: int = 0
    delivered: int = 0
    lost: int = 0
    duplicates: int = 0
    seq_duplicates: int = 0
    seq_gaps: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    ack_latencies: list[float] = field(default_factory=list)
    send_window: float = 0.0
    client_cpu: float = 0.0

    def pct(self, values: list[float], p: float) -> float:
        return percentile_ms(values, p)

    @property
    def throughput(self) -> float:
        return self.delivered / self.send_window if self.send_window else 0.0


class Socket:
    def __init__(self, ws: websockets.ClientConnection, user: str, conversation: int, index: int) -> None:
        self.ws, self.user, self.conversation, self.index = ws, user, conversation, index


class LoadClient:
    def __init__(self, url: str, pairs: list[Pair]) -> None:
        self.url = url
        self.pairs = pairs
        self.sockets: list[Socket] = []
        self.peer: dict[int, Socket] = {}
        self.sent_at: dict[str, float] = {}
        self.acked: dict[str, float] = {}
        self.received: dict[str, int] = defaultdict(int)
        self.delivered_at: dict[str, float] = {}
        self.seqs: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.readers: list[asyncio.Task[None]] = []

    async def connect(self, concurrency: int = 50) -> None:
        gate = asyncio.Semaphore(concurrency)
        slots: list[Socket | None] = [None] * (2 * len(self.pairs))

        async def one(i: int, pair: Pair, side: int) -> None:
            ticket, user = pair.sides[side]
            async with gate:
                ws = await websockets.connect(
                    f"{self.url}?ticket={ticket}", max_size=2**20, ping_interval=None, compression=None
                )
                first = json.loads(await asyncio.wait_for(ws.recv(), 30))
                if first.get("type") != "ready":
                    raise RuntimeError(f"socket refused: {first}")
            slots[2 * i + side] = Socket(ws, user, pair.conversation, 2 * i + side)

        await asyncio.gather(*(one(i, p, s) for i, p in enumerate(self.pairs) for s in (0, 1)))
        self.sockets = [s for s in slots if s is not None]
        for i in range(0, len(self.sockets), 2):
            a, b = self.sockets[i], self.sockets[i + 1]
            self.peer[a.index], self.peer[b.index] = b, a
        self.readers = [asyncio.ensure_future(self.read(s)) for s in self.sockets]

    async def read(self, socket: Socket) -> None:
        loads = json.loads
        try:
            async for raw in socket.ws:
                now = time.perf_counter()
                event = loads(raw)
                kind = event.get("type")
                if kind == "message.new":
                    message = event["message"]
                    cmid = message["client_msg_id"]
                    self.received[cmid] += 1
                    self.delivered_at.setdefault(cmid, now)
                    self.seqs[(socket.index, message["conversation"])].append(message["seq"])
                elif kind == "message.ack":
                    cmid = event["client_msg_id"]
                    self.acked.setdefault(cmid, now)
                    self.seqs[(socket.index, event["message"]["conversation"])].append(event["message"]["seq"])
                elif kind == "error":
                    self.errors[event.get("code", "?")] += 1
        except websockets.ConnectionClosed:
            pass

    async def run(self, rate: float, duration: float, prefix: str, grace: float = 5.0) -> RunResult:
        """Send at ``rate`` messages/s for ``duration`` s, round-robin over sockets, open loop."""
        for store in (self.sent_at, self.acked, self.received, self.delivered_at, self.seqs, self.errors):
            store.clear()
        total = int(rate * duration)
        interval = 1.0 / rate
        cpu0 = time.process_time()
        start = time.perf_counter()
        body = "How was today? " * 4
        n = len(self.sockets)
        for i in range(total):
            due = start + i * interval
            delay = due - time.perf_counter()
            if delay > 0.0005:
                await asyncio.sleep(delay)
            socket = self.sockets[i % n]
            cmid = f"{prefix}-{i}"
            self.sent_at[cmid] = due
            await socket.ws.send(
                json.dumps(
                    {"type": "message.send", "conversation": socket.conversation, "client_msg_id": cmid, "body": body}
                )
            )
        send_window = time.perf_counter() - start
        deadline = time.perf_counter() + grace
        while time.perf_counter() < deadline and (len(self.delivered_at) < total or len(self.acked) < total):
            await asyncio.sleep(0.05)
        result = RunResult(rate=rate, duration=duration, sent=total)
        result.client_cpu = time.process_time() - cpu0
        result.acked = sum(1 for c in self.sent_at if c in self.acked)
        result.delivered = sum(1 for c in self.sent_at if c in self.delivered_at)
        result.lost = total - result.delivered
        result.duplicates = sum(count - 1 for count in self.received.values() if count > 1)
        for seqs in self.seqs.values():
            result.seq_duplicates += len(seqs) - len(set(seqs))
        result.errors = dict(self.errors)
        result.latencies = [self.delivered_at[c] - t for c, t in self.sent_at.items() if c in self.delivered_at]
        result.ack_latencies = [self.acked[c] - t for c, t in self.sent_at.items() if c in self.acked]
        # Delivery window: from the first scheduled send to the last delivery.
        last = max(self.delivered_at.values(), default=start)
        result.send_window = max(send_window, last - start)
        return result

    async def close(self) -> None:
        for reader in self.readers:
            reader.cancel()
        await asyncio.gather(*(s.ws.close() for s in self.sockets), return_exceptions=True)
