"""Chat fixtures: an active match with its open conversation, sockets, test pipelines."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any
from unittest import mock

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings

from backend.accounts.models import Role, User
from backend.accounts.services import ws_ticket_issue
from backend.matches.models import Match
from chat import events, flood
from chat.models import Conversation
from chat.services import conversation_open
from tests.factories import make_user

# Redis pub/sub channels are shared by every process using the server, whatever the database
# number: test processes (xdist workers, developers' runs) get their own prefix so that one
# run's "conversation.1" never reaches another's sockets.
LAYER_PREFIX = f"kindred-test-{os.getpid()}"
if "redis" in settings.CHANNEL_LAYERS["default"]["BACKEND"]:
    settings.CHANNEL_LAYERS["default"].setdefault("CONFIG", {})["prefix"] = LAYER_PREFIX

#: For tests whose code under test uses other threads' connections (sockets, concurrency).
#: ``available_apps`` (all of them) only skips re-running post_migrate after each flush,
#: which makes these tests three times faster on PostgreSQL.
transactional_db = pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS))


@pytest.fixture(autouse=True)
def _fresh_chat_state() -> None:
    """Flood buckets and the in-memory layer's groups live in the process: start each test clean."""
    flood._local_buckets.clear()
    layer = get_channel_layer()
    if layer is not None and hasattr(layer, "flush"):
        async_to_sync(layer.flush)()


@pytest.fixture(scope="session", autouse=True)
def _close_thread_connections(django_db_setup, django_db_blocker):
    """Socket code keeps connections open in worker threads (the writer and Channels' database
    thread): close them before the test database is dropped."""
    yield
    from asgiref.sync import SyncToAsync
    from django.db import connections

    from chat.batcher import close_writer_connection

    with django_db_blocker.unblock():
        close_writer_connection()
        SyncToAsync.single_thread_executor.submit(connections.close_all).result(timeout=10)


@contextlib.contextmanager
def failing_sql(matches: Callable[[str], bool], error: Exception | None = None) -> Iterator[None]:
    """Every SQL statement for which ``matches(sql)`` is true fails, as if the database went away."""
    from django.db import OperationalError
    from django.db.backends.utils import CursorWrapper

    real = CursorWrapper.execute

    def execute(self: CursorWrapper, sql: str, params: Any = None) -> Any:
        if matches(sql):
            raise error or OperationalError("server closed the connection unexpectedly")
        return real(self, sql, params)

    with mock.patch.object(CursorWrapper, "execute", execute):
        yield


def inserting_messages(sql: str) -> bool:
    return sql.lstrip().startswith(("INSERT", "WITH")) and "chat_message" in sql


@contextlib.contextmanager
def write_fails_midway() -> Iterator[None]:
    """The database connection dies between a batch's lock-and-check and its insert.

    On PostgreSQL the insert statement is swapped for one that kills its own connection (as a
    database restart would); elsewhere the insert fails like a lost connection.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        with failing_sql(inserting_messages):
            yield
        return
    kill = "SELECT pg_terminate_backend(pg_backend_pid()) WHERE %s::text IS NOT NULL AND %s::text IS NOT NULL"
    with mock.patch("chat.services.insert_sql", return_value=kill):
        yield


@contextlib.asynccontextmanager
async def database_unreachable() -> AsyncIterator[None]:
    """The socket path's database connection is gone and new ones are refused."""
    from django.db import connection

    if connection.vendor != "postgresql":
        with failing_sql(lambda sql: "chat_conversation" in sql):
            yield
        return
    import psycopg

    from chat.writer import close_writers

    await close_writers()
    refused = psycopg.OperationalError("connection refused")
    with (
        mock.patch.object(psycopg.AsyncConnection, "connect", side_effect=refused),
        failing_sql(lambda sql: "chat_conversation" in sql),
    ):
        yield


def open_match(mentee: User, mentor: User) -> Conversation:
    match = Match.objects.create(mentee=mentee, mentor=mentor, state="active")
    return conversation_open(match=match)


@pytest.fixture
def conversation(mentee, mentor) -> Conversation:
    """The persona mentee and mentor, matched and chatting."""
    return open_match(mentee, mentor)


@pytest.fixture
def other_conversation(outsider) -> Conversation:
    """The outsider's own conversation with another mentor: nothing the personas may touch."""
    return open_match(outsider, make_user(Role.MENTOR, display_name="Dana", email="dana@example.org"))


def messages_url(conversation: Conversation | int, query: str = "") -> str:
    pk = conversation if isinstance(conversation, int) else conversation.pk
    return f"/api/v1/conversations/{pk}/messages/" + (f"?{query}" if query else "")


# --- Sockets ---------------------------------------------------------------------------------


class Socket:
    """A WebsocketCommunicator with the chat helpers the tests need."""

    def __init__(self, communicator: WebsocketCommunicator) -> None:
        self.ws = communicator
        self.ready: dict[str, Any] | None = None

    async def send(self, frame: dict[str, Any]) -> None:
        await self.ws.send_to(text_data=json.dumps(frame))

    async def send_raw(self, text: str | None = None, data: bytes | None = None) -> None:
        await self.ws.send_input({"type": "websocket.receive", "text": text, "bytes": data})

    async def receive(self, timeout: float = 2) -> dict[str, Any]:
        """The next event; every event is checked against its schema."""
        event = await self.ws.receive_json_from(timeout=timeout)
        events.check_event(event)
        return event

    async def receive_type(self, kind: str, timeout: float = 2) -> dict[str, Any]:
        """Skip events until one of type ``kind`` arrives."""
        while True:
            event = await self.receive(timeout)
            if event["type"] == kind:
                return event

    async def nothing(self, timeout: float = 0.3) -> bool:
        return await self.ws.receive_nothing(timeout=timeout)

    async def closed_with(self, timeout: float = 2) -> int:
        """Wait for the server to close the socket (skipping events); return the code."""
        while True:
            output = await self.ws.receive_output(timeout)
            if output["type"] == "websocket.close":
                return output.get("code", 1000)

    async def send_message(self, conversation: int, body: str, cmid: str) -> None:
        await self.send({"type": "message.send", "conversation": conversation, "client_msg_id": cmid, "body": body})


async def issue_ticket(user: User) -> str:
    ticket, _ = await database_sync_to_async(ws_ticket_issue)(user=user)
    return ticket


def communicator(path: str, headers: list[tuple[bytes, bytes]] | None = None) -> WebsocketCommunicator:
    from backend.asgi import application

    return WebsocketCommunicator(application, path, headers=headers or [])


@contextlib.asynccontextmanager
async def connected(user: User, *, headers: list[tuple[bytes, bytes]] | None = None) -> AsyncIterator[Socket]:
    """An authenticated socket of ``user`` (after its ``ready``); always disconnected afterwards."""
    ticket = await issue_ticket(user)
    ws = communicator(f"/ws/?ticket={ticket}", headers)
    accepted, _ = await ws.connect()
    assert accepted
    socket = Socket(ws)
    try:
        socket.ready = await socket.receive()
        assert socket.ready["type"] == "ready", socket.ready
        yield socket
    finally:
        await ws.disconnect()
        await settle()


@contextlib.asynccontextmanager
async def raw_socket(path: str, headers: list[tuple[bytes, bytes]] | None = None) -> AsyncIterator[Socket]:
    """A socket that connected (accepted) but is not authenticated yet; always disconnected."""
    ws = communicator(path, headers)
    accepted, _ = await ws.connect()
    assert accepted
    try:
        yield Socket(ws)
    finally:
        await ws.disconnect()
        await settle()


async def settle() -> None:
    """Let sends still being stored finish and close this loop's database connection, so the
    test database is not flushed (or dropped) under them."""
    from chat.batcher import get_batcher

    await get_batcher().aclose()
