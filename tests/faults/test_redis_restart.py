"""Redis stopped and restarted mid-conversation: a private redis-server, two uvicorn workers.

The contract pinned here:

* while Redis is down, socket sends are still stored and acknowledged (the database is the
  source of truth), REST keeps working (tickets, catch-up, sends), and a client may even
  reconnect; only live delivery pauses;
* ``/readyz`` answers 503 naming ``channel_layer`` and ``cache`` while ``/healthz`` stays 200;
* once Redis is back, every open socket gets ``ready`` again without reconnecting, its client
  catches up over REST by ``seq``, and live delivery resumes on the same sockets;
* the database holds every message exactly once with gapless ``seq``, and no log line
  carries a message body.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import string
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import suppress
from http.client import HTTPMessage
from pathlib import Path
from typing import Any

import pytest
import redis
import websockets
from rest_framework_simplejwt.tokens import RefreshToken

from chat.models import Conversation, Message
from tests.chat.conftest import open_match, transactional_db
from tests.chat.test_scale_out import database_url, free_port
from tests.conftest import REQUIRE_SERVICES

pytestmark = [pytest.mark.services, transactional_db]

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 15  # generous: every wait below ends as soon as its condition holds


class PrivateRedis:
    """A redis-server of this test's own, on a free port, without persistence."""

    def __init__(self, binary: str) -> None:
        self.binary = binary
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [self.binary, "--save", "", "--appendonly", "no", "--port", str(self.port), "--bind", "127.0.0.1"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=1)
        deadline = time.monotonic() + TIMEOUT
        try:
            while True:
                assert self.proc.poll() is None, "redis-server exited (port taken?)"
                with suppress(redis.ConnectionError):
                    if client.ping():
                        return
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)
        finally:
            client.close()

    def stop(self, sig: signal.Signals) -> None:
        assert self.proc is not None
        self.proc.send_signal(sig)
        self.proc.wait(timeout=TIMEOUT)
        self.proc = None


@pytest.fixture
def private_redis(postgres) -> Iterator[PrivateRedis]:
    binary = shutil.which("redis-server")
    if binary is None:
        if REQUIRE_SERVICES:
            pytest.fail("redis-server is not installed but REQUIRE_SERVICES=1")
        pytest.skip("needs a redis-server binary")
    server = PrivateRedis(binary)
    server.start()
    try:
        yield server
    finally:
        if server.proc is not None:
            server.proc.kill()
            server.proc.wait()


def start_worker(redis_url: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backend.settings.test",
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "CONN_MAX_AGE": "0",
        "LOG_LEVEL": "INFO",  # as much as the workers say, to check none of it quotes a message
    }
    with log.open("wb") as out:  # a file, not a pipe: a chatty outage must never block the worker
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "backend.asgi:application", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return proc, f"127.0.0.1:{port}"


@pytest.fixture
def workers(private_redis, tmp_path) -> Iterator[list[str]]:
    """Two uvicorn processes sharing this test's database and its private Redis."""
    started = [start_worker(private_redis.url, tmp_path / f"worker-{i}.log") for i in range(2)]
    try:
        deadline = time.monotonic() + 60
        for proc, host in started:
            while http("GET", host, "/healthz")[0] != 200:
                assert proc.poll() is None, "worker exited:\n" + worker_logs(tmp_path)[-3000:]
                assert time.monotonic() < deadline, "worker did not start"
                time.sleep(0.1)
        yield [host for _, host in started]
    finally:
        for proc, _ in started:
            proc.terminate()
        for proc, _ in started:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def worker_logs(directory: Path) -> str:
    return "".join(path.read_text(errors="replace") for path in sorted(directory.glob("worker-*.log")))


def http(method: str, host: str, path: str, token: str | None = None, body: Any = None) -> tuple[int, Any, HTTPMessage]:
    """(status, JSON body, headers); status 0 when nothing answers."""
    request = urllib.request.Request(
        f"http://{host}{path}", method=method, data=None if body is None else json.dumps(body).encode()
    )
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null"), response.headers
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null"), error.headers
    except OSError:
        return 0, None, HTTPMessage()


async def ahttp(*args: Any, **kwargs: Any) -> tuple[int, Any, HTTPMessage]:
    return await asyncio.to_thread(http, *args, **kwargs)


async def until(probe: Callable[[], Any], done: Callable[[Any], bool], what: str) -> Any:
    """Poll ``probe`` (a coroutine function) until ``done(result)``; fail after TIMEOUT."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        result = await probe()
        if done(result):
            return result
        assert time.monotonic() < deadline, f"timed out waiting for {what}: last saw {result!r}"
        await asyncio.sleep(0.1)


class App:
    """A chat app doing what api_docs/websocket.md asks: track seq, merge by id, catch up over REST."""

    def __init__(self, name: str, host: str, token: str, conversation: int) -> None:
        self.name, self.host, self.token, self.conversation = name, host, token, conversation
        self.ws: websockets.ClientConnection | None = None
        self.messages: dict[int, dict] = {}  # seq -> message, from acks, message.new and REST
        self.log: list[dict] = []  # every event received, in order
        self.inbox: list[dict] = []  # received but not yet expected

    @property
    def last_seen(self) -> int:
        seq = 0
        while seq + 1 in self.messages:
            seq += 1
        return seq

    async def connect(self) -> dict:
        status, body, _ = await ahttp("POST", self.host, "/api/v1/auth/ws-ticket/", self.token)
        assert status == 201, (status, body)
        self.ws = await websockets.connect(f"ws://{self.host}/ws/?ticket={body['ticket']}", max_size=2**20)
        return await self.expect("ready")

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    def merge(self, message: dict) -> None:
        known = self.messages.setdefault(message["seq"], message)
        assert known == message, f"{self.name}: two different messages with seq {message['seq']}"

    async def expect(self, kind: str, match: Callable[[dict], bool] = lambda e: True) -> dict:
        for event in self.inbox:
            if event["type"] == kind and match(event):
                self.inbox.remove(event)
                return event
        assert self.ws is not None
        async with asyncio.timeout(TIMEOUT):
            while True:
                event = json.loads(await self.ws.recv())
                self.log.append(event)
                if event["type"] in ("message.new", "message.ack"):
                    self.merge(event["message"])
                if event["type"] == kind and match(event):
                    return event
                self.inbox.append(event)

    async def send(self, cmid: str, body: str) -> dict:
        """Send over the socket; the stored message from the ack (an error fails the test)."""
        assert self.ws is not None
        await self.ws.send(
            json.dumps({"type": "message.send", "conversation": self.conversation, "client_msg_id": cmid, "body": body})
        )
        reply = await self.expect("message.ack", lambda e: e["client_msg_id"] == cmid)
        return reply["message"]

    async def receive_new(self, seq: int) -> dict:
        return (await self.expect("message.new", lambda e: e["message"]["seq"] == seq))["message"]

    async def catch_up(self) -> list[dict]:
        """GET messages after ``last_seen``, following ``next``; returns what was fetched."""
        fetched: list[dict] = []
        path: str | None = f"/api/v1/conversations/{self.conversation}/messages/?after={self.last_seen}&limit=2"
        while path is not None:
            status, page, _ = await ahttp("GET", self.host, path, self.token)
            assert status == 200, (status, page)
            fetched += page["results"]
            path = page["next"].split(self.host, 1)[1] if page["next"] else None
        for message in fetched:
            self.merge(message)
        return fetched

    def new_seqs_before(self, event: dict) -> set[int]:
        """The seqs this app got as ``message.new`` before ``event``."""
        index = next(i for i, e in enumerate(self.log) if e is event)
        return {e["message"]["seq"] for e in self.log[:index] if e["type"] == "message.new"}


def word(length: int = 10) -> str:
    """Letters only, so moderation leaves it alone, and unique enough to grep the logs for."""
    return "".join(string.ascii_lowercase[b % 26] for b in uuid.uuid4().bytes[:length])


def conversation_state(app_ready: dict, conversation: int) -> dict:
    (state,) = [c for c in app_ready["conversations"] if c["id"] == conversation]
    return state


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_a_redis_restart_mid_conversation_loses_nothing_and_delivery_resumes(
    workers, private_redis, mentee, mentor, tmp_path, stop_signal
):
    conversation = open_match(mentee, mentor).pk
    mentee_token = str(RefreshToken.for_user(mentee).access_token)
    mentor_token = str(RefreshToken.for_user(mentor).access_token)
    a, b = workers
    secret = word()  # in every body: must never show up in a log
    sent: list[str] = []  # client_msg_ids, in the order their acks assigned seq
    bodies: dict[str, str] = {}

    def body(cmid: str) -> str:
        return bodies.setdefault(cmid, f"note {secret} {word(4)}")

    async def scenario() -> None:
        alice = App("alice", a, mentee_token, conversation)
        bob = App("bob", b, mentor_token, conversation)
        laptop = App("alice-laptop", b, mentee_token, conversation)
        await alice.connect()
        await bob.connect()
        try:
            # --- Live, with Redis up ------------------------------------------------------
            for sender, receiver in ((alice, bob), (bob, alice)):
                cmid = f"up-{sender.name}"
                message = await sender.send(cmid, body(cmid))
                sent.append(cmid)
                assert message["seq"] == len(sent)
                assert await receiver.receive_new(message["seq"]) == message
            for host in workers:
                status, ready, _ = await ahttp("GET", host, "/readyz")
                assert (status, ready["status"]) == (200, "ok"), ready

            # --- Redis goes away ------------------------------------------------------------
            await asyncio.to_thread(private_redis.stop, stop_signal)
            for host in workers:
                status, ready, headers = await ahttp("GET", host, "/readyz")
                assert status == 503, ready
                assert ready["error"]["code"] == "not_ready"
                assert ready["error"]["retryable"] is True
                assert ready["error"]["failing"] == ["channel_layer", "cache"]
                assert ready["checks"]["database"] == "ok"
                assert headers["Retry-After"] == "5"
                assert (await ahttp("GET", host, "/healthz"))[:2] == (200, {"status": "ok"})

            # Socket sends are stored and acknowledged all the same (seq keeps counting).
            for sender, cmid in ((alice, "down-1"), (alice, "down-2"), (bob, "down-3")):
                message = await sender.send(cmid, body(cmid))
                sent.append(cmid)
                assert message["seq"] == len(sent)
            # REST keeps working: a send, and the catch-up a client would do.
            status, message, _ = await ahttp(
                "POST",
                b,
                f"/api/v1/conversations/{conversation}/messages/",
                mentor_token,
                {"client_msg_id": "down-rest", "body": body("down-rest")},
            )
            assert status == 201, message
            sent.append("down-rest")
            assert message["seq"] == len(sent)
            # A device connecting now is served too (its live events start once Redis is back).
            laptop_ready = await laptop.connect()
            assert conversation_state(laptop_ready, conversation)["last_seq"] == len(sent)
            assert [m["client_msg_id"] for m in await laptop.catch_up()] == sent

            # --- Redis is back on the same port --------------------------------------------
            await asyncio.to_thread(private_redis.start)
            # Every open socket is told to resync, without reconnecting: `ready` again.
            for app in (alice, bob, laptop):
                ready = await app.expect("ready")
                assert conversation_state(ready, conversation)["last_seq"] == len(sent)
                # What was published while Redis was away is lost, not replayed late ...
                assert app.new_seqs_before(ready) <= {1, 2}
                # ... and REST fills the gap.
                await app.catch_up()
                assert app.last_seen == len(sent)
            for host in workers:
                await until(lambda h=host: ahttp("GET", h, "/readyz"), lambda r: r[0] == 200, f"{host} ready again")

            # Live delivery resumed on the same sockets, across workers, to every device.
            for sender, receivers in ((alice, (bob, laptop)), (bob, (alice, laptop))):
                cmid = f"again-{sender.name}"
                message = await sender.send(cmid, body(cmid))
                sent.append(cmid)
                assert message["seq"] == len(sent)
                for receiver in receivers:
                    assert await receiver.receive_new(message["seq"]) == message
            # A send retried after the outage (its ack lost, say) returns the stored message.
            retried = await alice.send("down-1", body("down-1"))
            assert (retried["seq"], retried["client_msg_id"]) == (3, "down-1")

            for app in (alice, bob, laptop):
                assert sorted(app.messages) == list(range(1, len(sent) + 1)), app.name
                assert [app.messages[s]["client_msg_id"] for s in sorted(app.messages)] == sent
                assert not [e for e in app.log if e["type"] == "error"], app.log
        finally:
            for app in (alice, bob, laptop):
                await app.close()

    asyncio.run(scenario())

    # Every message exactly once, gapless seq, and the conversation's counter agrees.
    stored = list(
        Message.objects.filter(conversation_id=conversation).order_by("seq").values_list("seq", "client_msg_id")
    )
    assert stored == list(enumerate(sent, start=1))
    assert Conversation.objects.get(pk=conversation).last_seq == len(sent)

    logs = worker_logs(tmp_path)
    assert "channel layer reconnected to Redis" in logs  # the logs are not empty ...
    assert secret not in logs  # ... and quote no message
