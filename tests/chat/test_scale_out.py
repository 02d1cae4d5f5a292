"""Two ASGI worker processes (uvicorn) on PostgreSQL + Redis deliver to each other's sockets."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import suppress
from pathlib import Path

import pytest
import websockets
from channels.db import database_sync_to_async
from django.db import connection

from backend.accounts.services import user_deactivate, ws_ticket_issue
from chat.models import Message

from .conftest import LAYER_PREFIX, transactional_db

pytestmark = [pytest.mark.services, transactional_db, pytest.mark.asyncio]

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    """The test database this process uses (pytest-django's ``test_…`` one), as a URL."""
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def workers(postgres, redis_url):
    """Two uvicorn processes sharing this test's database and Redis."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backend.settings.test",
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "CHAT_LAYER_PREFIX": LAYER_PREFIX,
        "CONN_MAX_AGE": "0",
        "LOG_LEVEL": "WARNING",
    }
    ports = [free_port(), free_port()]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "backend.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--ws-max-size",
                "65536",
                "--no-access-log",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    try:
        deadline = time.monotonic() + 30
        for port, proc in zip(ports, procs, strict=True):
            while True:
                assert proc.poll() is None, proc.stderr.read().decode()[-3000:]
                with (
                    suppress(OSError),
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response,
                ):
                    if response.status == 200:
                        break
                assert time.monotonic() < deadline, "worker did not start"
                time.sleep(0.1)
        yield [f"ws://127.0.0.1:{port}/ws/" for port in ports]
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if proc.stderr:
                proc.stderr.close()


async def open_socket(url: str, user) -> tuple[websockets.ClientConnection, dict]:
    ticket, _ = await database_sync_to_async(ws_ticket_issue)(user=user)
    ws = await websockets.connect(f"{url}?ticket={ticket}", max_size=2**20)
    ready = json.loads(await asyncio.wait_for(ws.recv(), 5))
    assert ready["type"] == "ready"
    return ws, ready


async def next_event(ws, kind: str, timeout: float = 5) -> dict:
    async with asyncio.timeout(timeout):
        while True:
            event = json.loads(await ws.recv())
            if event["type"] == kind:
                return event


async def test_two_workers_deliver_to_each_others_sockets(workers, mentee, mentor, conversation):
    a, b = workers
    alice, _ = await open_socket(a, mentee)
    bob, _ = await open_socket(b, mentor)
    alice_laptop, _ = await open_socket(b, mentee)
    try:
        await alice.send(
            json.dumps({"type": "message.send", "conversation": conversation.pk, "client_msg_id": "x-1", "body": "hi"})
        )
        ack = await next_event(alice, "message.ack")
        assert (await next_event(bob, "message.new"))["message"] == ack["message"]
        assert (await next_event(alice_laptop, "message.new"))["message"] == ack["message"]

        await bob.send(
            json.dumps({"type": "message.send", "conversation": conversation.pk, "client_msg_id": "y-1", "body": "hey"})
        )
        reply = await next_event(alice, "message.new")
        assert (reply["message"]["seq"], reply["message"]["body"]) == (2, "hey")

        await bob.send(json.dumps({"type": "typing", "conversation": conversation.pk}))
        assert (await next_event(alice, "typing"))["user"] == str(mentor.pk)

        # Revocation crosses workers too: every socket of a deactivated account closes.
        await database_sync_to_async(user_deactivate)(user=mentee)
        for ws in (alice, alice_laptop):
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await next_event(ws, "never")
            assert closed.value.rcvd.code == 4403
    finally:
        for ws in (alice, bob, alice_laptop):
            await ws.close()
    assert await database_sync_to_async(Message.objects.count)() == 2
