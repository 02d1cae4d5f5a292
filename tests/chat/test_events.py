"""The protocol module: every event the server sends or accepts has a schema, checked here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chat import events

DOCS = (Path(__file__).resolve().parents[2] / "api_docs" / "websocket.md").read_text()

MESSAGE = {
    "id": 1,
    "conversation": 2,
    "seq": 3,
    "sender": "6f1c0c52-0000-0000-0000-000000000000",
    "body": "hello",
    "created_at": "2026-11-22T19:04:11.532Z",
    "client_msg_id": "c-1",
    "moderation": {"status": "delivered", "flags": [], "notice": None},
}

# One example of every server event, built by its constructor.
EXAMPLES = {
    "ready": events.ready("u", [{"id": 1, "last_seq": 4, "read_seq": 2}]),
    "message.ack": events.message_ack(MESSAGE),
    "message.new": events.message_new(MESSAGE),
    "typing": events.typing_event(2, "u"),
    "read": events.read_event(2, "u", 3),
    "match.updated": events.match_updated({"id": 5, "state": "active"}),
    "crisis.resources": events.crisis_resources([{"name": "Samaritans"}], country="GB", emergency="999"),
    "crisis.guidance": events.crisis_guidance(2, "Stay with them."),
    "message.hidden": events.message_hidden(2, 3),
    "moderation.warning": events.moderation_warning("Please be kind."),
    "alert.new": events.alert_new({"id": 9}),
    "error": events.error_event("throttled", "Slow down.", client_msg_id="c-1", retry_after=2),
    "pong": events.pong(),
}


def test_every_server_event_type_has_an_example_here():
    assert set(EXAMPLES) == set(events.SERVER_EVENT_TYPES)


@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_each_constructor_builds_an_event_matching_its_schema(kind):
    event = EXAMPLES[kind]
    assert event["type"] == kind
    events.check_event(json.loads(events.encode(event)))


@pytest.mark.parametrize(
    "event",
    [
        {"type": "message.ack", "client_msg_id": "c", "message": {**MESSAGE, "seq": "3"}},
        {"type": "message.new", "message": {**MESSAGE, "moderation": {"status": "lost", "flags": []}}},
        {"type": "message.new", "message": {k: v for k, v in MESSAGE.items() if k != "body"}},
        {"type": "typing", "conversation": 1, "user": "u", "extra": True},
        {"type": "read", "conversation": 1, "user": "u", "seq": True},
        {"type": "error", "code": "x"},
        {"type": "nonsense"},
        "pong",
    ],
)
def test_the_checker_rejects_events_that_break_their_schema(event):
    with pytest.raises(TypeError):
        events.check_event(event)


@pytest.mark.parametrize(
    "frame",
    [
        {"type": "auth", "ticket": "t"},
        {"type": "message.send", "conversation": 1, "client_msg_id": "c-1", "body": "hi"},
        {"type": "typing", "conversation": 1},
        {"type": "read", "conversation": 1, "seq": 0},
        {"type": "ping"},
    ],
)
def test_valid_client_frames_parse_to_their_schema(frame):
    parsed = events.parse_client_frame(json.dumps({**frame, "ignored": "extra fields are ignored"}))
    assert parsed == frame
    events.check_client_frame(parsed)


def test_every_client_frame_type_is_parsed():
    assert set(events.CLIENT_FRAME_TYPES) == set(events.CLIENT_FRAME_SCHEMAS)


@pytest.mark.parametrize(
    ("text", "code", "fields"),
    [
        ("", "malformed_frame", None),
        ("{", "malformed_frame", None),
        ("42", "malformed_frame", None),
        ('{"type": 1}', "unknown_type", None),
        ('{"type": "message.send"}', "validation_error", {"conversation", "client_msg_id", "body"}),
        (
            '{"type": "message.send", "conversation": 0, "client_msg_id": "c", "body": ""}',
            "validation_error",
            {"conversation"},
        ),
        ('{"type": "read", "conversation": 1, "seq": -1}', "validation_error", {"seq"}),
        ('{"type": "read", "conversation": 1.5, "seq": 1}', "validation_error", {"conversation"}),
        ('{"type": "auth", "ticket": ""}', "validation_error", {"ticket"}),
    ],
)
def test_bad_client_frames_raise_a_frame_error_with_a_code(text, code, fields):
    with pytest.raises(events.FrameError) as caught:
        events.parse_client_frame(text)
    assert caught.value.code == code
    assert (set(caught.value.fields) if caught.value.fields else None) == fields
    events.check_event(caught.value.as_event())


def test_a_send_error_keeps_the_client_msg_id_when_it_is_readable():
    with pytest.raises(events.FrameError) as caught:
        events.parse_client_frame('{"type": "message.send", "conversation": "x", "client_msg_id": "c-9", "body": "b"}')
    assert caught.value.as_event()["client_msg_id"] == "c-9"


def test_deeply_nested_json_is_a_frame_error_not_a_crash():
    with pytest.raises(events.FrameError):
        events.parse_client_frame("[" * 100_000 + "]" * 100_000)


@pytest.mark.parametrize("kind", sorted({*events.SERVER_EVENT_TYPES, *events.CLIENT_FRAME_TYPES}))
def test_every_event_and_frame_type_is_documented(kind):
    assert f"`{kind}`" in DOCS


@pytest.mark.parametrize("code", ["4401", "4403", "4408", "4429"])
def test_every_close_code_is_documented(code):
    assert f"`{code}`" in DOCS


def test_the_origin_policy_and_flood_limits_are_documented():
    assert "## Limits" in DOCS
    assert "### Origin policy" in DOCS
    assert "WS_ALLOWED_ORIGINS" in DOCS
    assert "?after=" in DOCS
