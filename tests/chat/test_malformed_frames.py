"""Malformed frames get an ``error`` event (or a documented close), never a crash: fuzzed with hypothesis."""

from __future__ import annotations

import asyncio
import json

import pytest
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from chat import events

from .conftest import connected, transactional_db

pytestmark = transactional_db

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
# "__CONV__" becomes the id of a real conversation the user is in (see ``exercise``).
CONV = "__CONV__"
ids = st.just(CONV) | st.integers() | st.text(max_size=10) | st.booleans() | st.none() | st.floats(allow_nan=False)
frame_like = st.fixed_dictionaries(
    {"type": st.sampled_from([*events.CLIENT_FRAME_TYPES, "", "message", "MESSAGE.SEND", "__init__"]) | st.text()},
    optional={
        "conversation": ids | json_values,
        "client_msg_id": st.text(max_size=80) | json_values,
        "body": st.text(max_size=300) | json_values,
        "seq": ids | json_values,
        "ticket": st.text(max_size=50) | json_values,
    },
)
frames = st.one_of(
    st.text(max_size=200).map(lambda t: ("text", t)),
    json_values.map(lambda v: ("text", json.dumps(v))),
    frame_like.map(lambda f: ("text", json.dumps(f))),
    frame_like.map(lambda f: ("text", json.dumps(f, ensure_ascii=False))),
    st.binary(min_size=1, max_size=64).map(lambda b: ("bytes", b)),
)

ERRORS_FOR_BAD_INPUT = {
    "malformed_frame",
    "unknown_type",
    "validation_error",
    "unsupported_frame",
    "frame_too_large",
    "already_authenticated",
    "not_found",
    "conversation_closed",
    "forbidden",
    "throttled",
}


def replies_expected(texts: list[str]) -> int:
    """How many replies carrying a ``client_msg_id`` the frames must produce (one per send)."""
    expected = 0
    for text in texts:
        try:
            frame = events.parse_client_frame(text)
        except events.FrameError as exc:
            expected += exc.client_msg_id is not None
        else:
            expected += frame["type"] == "message.send"
    return expected


async def exercise(user, conversation_id: int, batch: list[tuple[str, object]]) -> None:
    async with connected(user) as ws:
        texts = []
        for kind, payload in batch:
            if kind == "text":
                text = payload.replace(f'"{CONV}"', str(conversation_id))
                texts.append(text)
                await ws.send_raw(text=text)
            else:
                await ws.send_raw(data=payload)
        await ws.send({"type": "ping"})
        # Every reply is a schema-valid event about the input, each send gets its reply
        # (sends complete asynchronously), and the socket still answers the ping.
        pending_sends, ponged = replies_expected(texts), False
        while pending_sends or not ponged:
            event = await ws.receive(timeout=3)
            if event["type"] == "pong":
                ponged = True
                continue
            if event["type"] == "error":
                assert event["code"] in ERRORS_FOR_BAD_INPUT, event
            else:
                assert event["type"] in {"message.ack", "read", "typing"}, event
            pending_sends -= "client_msg_id" in event
        assert pending_sends == 0


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.lists(frames, min_size=1, max_size=8))
@example(batch=[("text", "x" * 70_000)])
@example(
    batch=[("text", json.dumps({"type": "message.send", "conversation": CONV, "client_msg_id": "a", "body": "\ud800"}))]
)
@example(
    batch=[("text", json.dumps({"type": "message.send", "conversation": CONV, "client_msg_id": "b", "body": "a\x00b"}))]
)
@example(batch=[("text", "[" * 100_000)])
@example(batch=[("text", json.dumps({"type": "read", "conversation": CONV, "seq": 2**70}))])
@example(batch=[("text", json.dumps({"type": "typing", "conversation": 10**30}))])
@example(batch=[("text", "null"), ("text", "{}"), ("text", '{"type": null}'), ("bytes", b"\x00\xff")])
def test_no_frame_crashes_the_socket_or_gets_anything_but_a_schema_valid_reply(mentee, conversation, settings, batch):
    settings.CHAT_FRAME_BURST = 10_000
    settings.CHAT_FLOOD_BURST = 10_000
    asyncio.run(exercise(mentee, conversation.pk, batch))


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("not json", "malformed_frame"),
        ("[1, 2]", "malformed_frame"),
        ('{"no": "type"}', "unknown_type"),
        ('{"type": "shout"}', "unknown_type"),
        ('{"type": "read", "conversation": 1}', "validation_error"),
        ("x" * 70_000, "frame_too_large"),
    ],
)
async def test_each_kind_of_bad_frame_gets_its_error_code(mentee, text, code):
    async with connected(mentee) as ws:
        await ws.send_raw(text=text)
        assert (await ws.receive())["code"] == code


@pytest.mark.asyncio
async def test_a_binary_frame_gets_an_error(mentee):
    async with connected(mentee) as ws:
        await ws.send_raw(data=b"\x01\x02")
        assert (await ws.receive())["code"] == "unsupported_frame"
