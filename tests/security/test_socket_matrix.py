"""The socket side of the authorization matrix, where each server event may go, and socket token abuse.

1. Every client frame type in ``chat.events`` x persona x target conversation has an expected
   outcome in ``EXPECTED``. A frame type added to the protocol without one fails
   ``test_every_client_frame_type_is_classified`` (and its own matrix case), as an unclassified
   route fails the REST matrix (tests/core/test_endpoint_matrix.py). A refused frame must
   change nothing: no message stored, no read position moved, nothing delivered to anyone.
2. Every server event type in ``chat.events`` is named in ``SERVER_EVENTS`` with the test that
   produces it through the product and checks that it reaches exactly the sockets it is for.
   Every frame any socket receives here is also checked for private data (``assert_clean``).
3. Tickets that must not open a socket: reused, expired, revoked by logout, of a closed
   account, tampered with, or a JWT passed in place of a ticket, in the query string and in
   the first frame.

Covered elsewhere and not repeated here:

* tests/chat/test_socket_auth.py: a ticket works once (query string twice); an expired,
  unknown, empty or oversized ticket in the query string; the ticket in the first frame; the
  4408 authentication timeout; a first frame other than ``auth``; a deactivated account's
  ticket in the query string; a suspended mentor (4403); the Origin policy.
* tests/chat/test_socket_authorization.py: revocations of open sockets (logout 4401;
  deactivation, erasure, suspension 4403), ended matches, the periodic re-check.
* tests/chat/test_socket_send.py: sending, typing and reading in depth (retries, other
  devices, blocks, held and masked messages, flood limits).
* tests/chat/test_malformed_frames.py: malformed frames (fuzzed).
* tests/security/test_token_abuse.py: the same token abuse against the REST API.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import copy
import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, get_type_hints
from urllib.parse import quote

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from backend.accounts.models import Role, User, WsTicket
from backend.accounts.services import ws_ticket_redeem
from backend.profiles.models import MenteeProfile, MentorProfile
from chat import events
from chat.models import Conversation, Message
from chat.services import message_send
from tests.chat.conftest import Socket, connected, issue_ticket, raw_socket, transactional_db
from tests.conftest import client_for

pytestmark = transactional_db


@pytest.fixture(autouse=True)
def _marker_moderation(settings):
    """Certain verdicts: ``[crisis]`` is crisis language, ``[phone]`` contact details (see tests/safety)."""
    settings.CHAT_MODERATION_PIPELINE = "tests.safety.pipelines.marker_pipeline"
    settings.CRISIS_SECOND_OPINION = False


# --- The people and their conversations ---------------------------------------------------------

PERSONAS = ("anonymous", "mentee", "mentor", "coordinator", "outsider")

#: What the fields of private profile and account data are called: none may appear in a frame.
PRIVATE_KEYS = (
    {f.name for f in User._meta.get_fields() if f.concrete} - {"id", "role", "display_name"}
    | {f.name for m in (MenteeProfile, MentorProfile) for f in m._meta.get_fields() if f.concrete}
    - {"id", "user", "updated_at"}
) | {"date_of_birth", "phone", "original_body", "severity", "key_hash", "ticket", "access", "refresh"}


@dataclass
class World:
    """mentee-mentor in ``c1`` and outsider-Dana in ``c2``, one message in each; a coordinator."""

    people: dict[str, User]  # mentee, mentor, coordinator, outsider, dana
    c1: Conversation
    c2: Conversation
    missing: int  # no conversation has this id
    secrets: list[str]  # emails and private profile texts, which no frame may contain

    def own(self, persona: str) -> Conversation | None:
        return {"mentee": self.c1, "mentor": self.c1, "outsider": self.c2}.get(persona)

    def peer(self, persona: str) -> str:
        return {"mentee": "mentor", "mentor": "mentee", "outsider": "dana"}[persona]

    def target_id(self, persona: str, target: str) -> int:
        """``own``: the persona's conversation; a coordinator (never a party) and an anonymous
        socket aim at the mentee-mentor one, which coordinators may read over REST (audited).
        ``others``: a conversation of other people. ``missing``: an id that does not exist."""
        if target == "missing":
            return self.missing
        own = self.own(persona) or self.c1
        if target == "own":
            return own.pk
        return (self.c2 if own == self.c1 else self.c1).pk

    def assert_clean(self, frame: dict[str, Any]) -> None:
        """No private field names anywhere in the frame, and nobody's email or private texts."""
        for path, key in keys_of(frame):
            assert key not in PRIVATE_KEYS, f"{frame['type']} carries {path}"
        text = json.dumps(frame, ensure_ascii=False)
        for secret in self.secrets:
            assert secret not in text, f"{frame['type']} carries private data: {secret!r}"


def keys_of(value: Any, path: str = "") -> list[tuple[str, str]]:
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((f"{path}.{key}", key))
            found.extend(keys_of(item, f"{path}.{key}"))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found.extend(keys_of(item, f"{path}[{i}]"))
    return found


@pytest.fixture
def world(mentee, mentor, coordinator, outsider, conversation, other_conversation) -> World:
    from backend.matches.models import Match

    dana = other_conversation.match.mentor
    # As the workflow leaves them: approved (awaiting the mentor), then accepted.
    now = timezone.now()
    matches = [conversation.match_id, other_conversation.match_id]
    Match.objects.filter(pk__in=matches).update(awaiting_since=now, activated_at=now)
    message_send(sender=mentor, conversation_id=conversation.pk, client_msg_id="seed-1", body="How was your week?")
    message_send(sender=dana, conversation_id=other_conversation.pk, client_msg_id="seed-2", body="Welcome!")
    people = {"mentee": mentee, "mentor": mentor, "coordinator": coordinator, "outsider": outsider, "dana": dana}
    secrets = [u.email for u in people.values()]
    for profile in [*MenteeProfile.objects.all(), *MentorProfile.objects.all()]:
        secrets += [v for v in (getattr(profile, "goals", ""), getattr(profile, "recovery_story", "")) if v]
    return World(
        people=people,
        c1=conversation,
        c2=other_conversation,
        missing=max(conversation.pk, other_conversation.pk) + 1000,
        secrets=secrets,
    )


async def receive(world: World, socket: Socket, timeout: float = 2) -> dict[str, Any]:
    """The socket's next event (checked against its schema) after checking it for private data."""
    frame = await socket.receive(timeout)
    world.assert_clean(frame)
    return frame


async def all_silent(sockets: dict[str, Socket]) -> None:
    """Nothing more reaches any of ``sockets`` (one short wait for all of them)."""
    quiet = await asyncio.gather(*(s.nothing() for s in sockets.values()))
    assert [name for name, ok in zip(sockets, quiet, strict=True) if not ok] == [], "got an event they should not"


async def connect_all(stack: contextlib.AsyncExitStack, world: World, names: list[str]) -> dict[str, Socket]:
    return {name: await stack.enter_async_context(connected(world.people[name])) for name in names}


def _state() -> dict[str, Any]:
    return {
        "conversations": {
            pk: {"last_seq": last, "mentee_read_seq": mentee_read, "mentor_read_seq": mentor_read}
            for pk, last, mentee_read, mentor_read in Conversation.objects.values_list(
                "pk", "last_seq", "mentee_read_seq", "mentor_read_seq"
            )
        },
        "messages": set(Message.objects.values_list("conversation_id", "seq", "sender_id", "body", "status")),
    }


state = database_sync_to_async(_state)


# --- 1. The matrix: client frame x persona x target ---------------------------------------------

TARGETS = ("own", "others", "missing")
NO_TARGET = "-"

STORED = "stored"  # message.ack to the sender, message.new to the other party, one message more
DELIVERED = "delivered"  # typing to the other party, nothing stored
READ = "read"  # read position moved; read to both parties
PONG = "pong"
READY = "ready"  # the frame authenticated the socket
CLOSED = "close 4401"  # closed at once, nothing sent first
NOT_FOUND = "error not_found"
FORBIDDEN = "error forbidden"
ALREADY = "error already_authenticated"  # and the other user's ticket in it is not used up


def row(own: str, others: str = NOT_FOUND, missing: str = NOT_FOUND) -> dict[str, str]:
    return {"own": own, "others": others, "missing": missing}


ANONYMOUS = row(CLOSED, CLOSED, CLOSED)

# frame type -> persona -> target -> outcome. Coordinators supervise over REST (reading a
# conversation there is audited); over the socket they only receive (alerts, match updates):
# they may not write (``forbidden``, whatever the target, so it reveals nothing) and may not
# type or move read positions in anyone's conversation (``not_found``).
EXPECTED: dict[str, dict[str, dict[str, str]]] = {
    "message.send": {
        "anonymous": ANONYMOUS,
        "mentee": row(STORED),
        "mentor": row(STORED),
        "coordinator": row(FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "outsider": row(STORED),
    },
    "typing": {
        "anonymous": ANONYMOUS,
        "mentee": row(DELIVERED),
        "mentor": row(DELIVERED),
        "coordinator": row(NOT_FOUND),
        "outsider": row(DELIVERED),
    },
    "read": {
        "anonymous": ANONYMOUS,
        "mentee": row(READ),
        "mentor": row(READ),
        "coordinator": row(NOT_FOUND),
        "outsider": row(READ),
    },
    "ping": {
        "anonymous": {NO_TARGET: CLOSED},
        **{p: {NO_TARGET: PONG} for p in ("mentee", "mentor", "coordinator", "outsider")},
    },
    "auth": {
        "anonymous": {NO_TARGET: READY},
        **{p: {NO_TARGET: ALREADY} for p in ("mentee", "mentor", "coordinator", "outsider")},
    },
}


def frame_fields(kind: str) -> list[str]:
    return [name for name in get_type_hints(events.CLIENT_FRAME_SCHEMAS[kind]) if name != "type"]


def targets_of(kind: str) -> tuple[str, ...]:
    return TARGETS if "conversation" in frame_fields(kind) else (NO_TARGET,)


def build_frame(kind: str, fill: dict[str, Any]) -> dict[str, Any]:
    """A valid frame of ``kind``, its fields taken from the protocol's schema."""
    missing = set(frame_fields(kind)) - set(fill)
    assert not missing, f"say how to fill {sorted(missing)} of {kind!r} frames in the matrix"
    return {"type": kind, **{name: fill[name] for name in frame_fields(kind)}}


def test_every_client_frame_type_is_classified():
    assert set(events.CLIENT_FRAME_SCHEMAS) == set(events.CLIENT_FRAME_TYPES)
    assert set(events.CLIENT_FRAME_TYPES) - set(EXPECTED) == set(), "classify the new frame types in EXPECTED"
    assert set(EXPECTED) - set(events.CLIENT_FRAME_TYPES) == set(), "EXPECTED lists frame types that no longer exist"
    for kind, by_persona in EXPECTED.items():
        assert tuple(by_persona) == PERSONAS, kind
        for persona, by_target in by_persona.items():
            assert tuple(by_target) == targets_of(kind), (kind, persona)


@pytest.mark.asyncio
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("kind", events.CLIENT_FRAME_TYPES)
async def test_socket_matrix(world, kind, persona):
    if kind not in EXPECTED:
        pytest.fail(f"classify the frame type {kind!r} in EXPECTED")
    user = world.people.get(persona)
    async with contextlib.AsyncExitStack() as stack:
        # Everyone else is connected and listening, including the parties of both conversations.
        observers = await connect_all(stack, world, [n for n in world.people if n != persona])
        actor = None
        if user is not None:
            actor = await stack.enter_async_context(connected(user))
            own = world.own(persona)
            assert [c["id"] for c in actor.ready["conversations"]] == ([own.pk] if own else [])
        open_sockets = {**observers, **({"actor": actor} if actor else {})}
        for target, outcome in EXPECTED[kind][persona].items():
            where = f"{kind} by {persona} into {target}"
            before = await state()
            socket = actor or await stack.enter_async_context(raw_socket("/ws/"))
            conversation_id = world.target_id(persona, target) if target != NO_TARGET else 0
            other = world.people["mentee" if persona == "coordinator" else "coordinator"]
            fill = {
                "conversation": conversation_id,
                "client_msg_id": f"{persona}-{target}",
                "body": f"hello from {persona}",
                "seq": 1,
                # An unauthenticated socket authenticates as the mentee; an authenticated
                # one tries to switch to someone else.
                "ticket": await issue_ticket(world.people["mentee"] if user is None else other),
            }
            frame = build_frame(kind, fill)
            await socket.send(frame)
            expected_state = copy.deepcopy(before)  # what the outcome changes, if anything
            if outcome == CLOSED:
                assert await socket.ws.receive_output(2) == {"type": "websocket.close", "code": 4401}, where
            elif outcome == READY:
                ready = await receive(world, socket)
                assert (ready["type"], ready["user"]) == ("ready", str(world.people["mentee"].pk)), where
                open_sockets["anonymous"] = socket
            elif outcome == PONG:
                assert await receive(world, socket) == events.pong(), where
            elif outcome.startswith("error "):
                error = await receive(world, socket)
                assert (error["type"], error["code"]) == ("error", outcome.removeprefix("error ")), where
                if "client_msg_id" in frame:
                    assert error["client_msg_id"] == frame["client_msg_id"], where
                if outcome == ALREADY:
                    # Not redeemed: the socket did not become the ticket's user.
                    assert await database_sync_to_async(ws_ticket_redeem)(ticket=frame["ticket"]) == other
            else:
                assert user is not None
                peer = observers[world.peer(persona)]
                conversation_state = expected_state["conversations"][conversation_id]
                if outcome == STORED:
                    ack = await receive(world, socket)
                    assert (ack["type"], ack["client_msg_id"]) == ("message.ack", frame["client_msg_id"]), where
                    message = ack["message"]
                    assert await receive(world, peer) == events.message_new(message), where
                    conversation_state["last_seq"] += 1
                    assert message["seq"] == conversation_state["last_seq"], where
                    expected_state["messages"].add(
                        (conversation_id, message["seq"], user.pk, frame["body"], "delivered")
                    )
                elif outcome == DELIVERED:
                    assert await receive(world, peer) == events.typing_event(conversation_id, user.pk), where
                elif outcome == READ:
                    expected = events.read_event(conversation_id, user.pk, 1)
                    assert await receive(world, socket) == expected, where
                    assert await receive(world, peer) == expected, where
                    conversation_state["mentee_read_seq" if user.role == Role.MENTEE else "mentor_read_seq"] = 1
                else:
                    pytest.fail(f"unknown outcome {outcome!r}")
            assert await state() == expected_state, where
        await all_silent(open_sockets)


# --- 2. Server → client: each event reaches only the users it is for ---------------------------

#: Every server event type, with what it is for and the test here that checks where it goes.
SERVER_EVENTS: dict[str, tuple[str, str]] = {
    "ready": ("the authenticating socket, listing its user's open conversations", "test_socket_matrix"),
    "message.ack": ("the sending socket only", "test_socket_matrix"),
    "message.new": ("the other party and the sender's other sockets", "test_crisis_events_reach_only_their_audience"),
    "typing": ("the other party", "test_socket_matrix"),
    "read": ("both parties", "test_socket_matrix"),
    "match.updated": (
        "the parties who may see the match, and coordinators",
        "test_match_updates_reach_only_those_who_may_see_the_match",
    ),
    "crisis.resources": ("the sender's sockets", "test_crisis_events_reach_only_their_audience"),
    "crisis.guidance": ("the other party's sockets", "test_crisis_events_reach_only_their_audience"),
    "message.hidden": ("both parties of the conversation", "test_moderation_events_reach_only_their_audience"),
    "moderation.warning": ("the warned user", "test_moderation_events_reach_only_their_audience"),
    "alert.new": ("coordinators", "test_crisis_events_reach_only_their_audience"),
    "error": ("the socket whose frame failed", "test_socket_matrix"),
    "pong": ("the socket that pinged", "test_socket_matrix"),
}


def test_every_server_event_type_has_an_audience_test():
    assert set(events.SERVER_EVENT_TYPES) - set(SERVER_EVENTS) == set(), "say who the new event types are for"
    assert set(SERVER_EVENTS) - set(events.SERVER_EVENT_TYPES) == set(), "SERVER_EVENTS lists unknown types"
    for kind, (_, test) in SERVER_EVENTS.items():
        assert callable(globals().get(test)), f"{kind}: no test {test}"


async def receive_types(world: World, socket: Socket, count: int) -> dict[str, dict[str, Any]]:
    """The next ``count`` events by type, in type order (events from different groups may interleave)."""
    got = [await receive(world, socket) for _ in range(count)]
    return {e["type"]: e for e in sorted(got, key=lambda e: e["type"])}


@pytest.mark.asyncio
async def test_crisis_events_reach_only_their_audience(world):
    async with contextlib.AsyncExitStack() as stack:
        sockets = await connect_all(stack, world, ["mentee", "mentor", "coordinator", "outsider", "dana"])
        sockets["laptop"] = await stack.enter_async_context(connected(world.people["mentee"]))
        await sockets["mentee"].send_message(world.c1.pk, "I can't go on like this [crisis]", "crisis-1")

        phone = await receive_types(world, sockets["mentee"], 2)
        assert list(phone) == ["crisis.resources", "message.ack"]
        new = events.message_new(phone["message.ack"]["message"])
        assert await receive_types(world, sockets["laptop"], 2) == {
            "crisis.resources": phone["crisis.resources"],
            "message.new": new,
        }
        mentor = await receive_types(world, sockets["mentor"], 2)
        assert list(mentor) == ["crisis.guidance", "message.new"]
        assert mentor["message.new"] == new
        assert mentor["crisis.guidance"]["conversation"] == world.c1.pk
        alert = await receive(world, sockets["coordinator"])
        assert alert["type"] == "alert.new"
        assert alert["alert"]["conversation"] == world.c1.pk
        assert "go on" not in json.dumps(alert)  # coordinators open the conversation (audited) to read it
        # Nothing for the outsider and the unrelated mentor; nothing more for anyone.
        await all_silent(sockets)


@pytest.mark.asyncio
async def test_moderation_events_reach_only_their_audience(world):
    from backend.safety.models import ModerationItem

    def flag_seed_message() -> list[int]:
        message = Message.objects.get(conversation=world.c1, seq=1)  # the mentor's
        return [
            ModerationItem.objects.create(
                message=message, subject=world.people["mentor"], category="other", category_rank=2
            ).pk
            for _ in range(2)
        ]

    hide_item, warn_item = await database_sync_to_async(flag_seed_message)()

    def resolve(item: int, action: str) -> int:
        url = f"/api/v1/moderation/items/{item}/resolve/"
        return (
            client_for(world.people["coordinator"])
            .post(url, {"action": action, "note": "Please keep it kind."}, format="json")
            .status_code
        )

    async with contextlib.AsyncExitStack() as stack:
        sockets = await connect_all(stack, world, ["mentee", "mentor", "coordinator", "outsider", "dana"])
        assert await database_sync_to_async(resolve)(hide_item, "hide_message") == 200
        hidden = events.message_hidden(world.c1.pk, 1)
        assert await receive(world, sockets["mentee"]) == hidden
        assert await receive(world, sockets["mentor"]) == hidden
        assert await database_sync_to_async(resolve)(warn_item, "warn") == 200
        assert await receive(world, sockets["mentor"]) == events.moderation_warning("Please keep it kind.")
        await all_silent(sockets)


@pytest.mark.asyncio
async def test_match_updates_reach_only_those_who_may_see_the_match(world):
    outsider, mentor = world.people["outsider"], world.people["mentor"]

    def request_match() -> int:
        response = client_for(outsider).post("/api/v1/matches/", {"mentor_id": str(mentor.pk)}, format="json")
        assert response.status_code == 201, response.json()
        return response.json()["id"]

    def end_match() -> int:
        return (
            client_for(world.people["coordinator"])
            .post(f"/api/v1/matches/{world.c1.match_id}/end/", {"reason": "moved away"}, format="json")
            .status_code
        )

    async with contextlib.AsyncExitStack() as stack:
        sockets = await connect_all(stack, world, ["mentee", "mentor", "coordinator", "outsider", "dana"])
        # A request is the mentee's and the coordinators' business until approved: the
        # mentor asked for does not learn of it yet.
        match_id = await database_sync_to_async(request_match)()
        for name in ("outsider", "coordinator"):
            update = await receive(world, sockets[name])
            assert (update["type"], update["match"]["id"], update["match"]["state"]) == (
                "match.updated",
                match_id,
                "requested",
            )
        await all_silent(sockets)
        # Ending an active match: both parties and coordinators, nobody else.
        assert await database_sync_to_async(end_match)() == 200
        for name in ("mentee", "mentor", "coordinator"):
            update = await receive(world, sockets[name])
            assert (update["type"], update["match"]["id"], update["match"]["state"]) == (
                "match.updated",
                world.c1.match_id,
                "ended",
            )
        await all_silent(sockets)


# --- 3. Socket token abuse ----------------------------------------------------------------------

FORMS = ("query", "frame")


async def refusal(ticket: str, form: str) -> tuple[list[dict[str, Any]], int]:
    """Try ``ticket`` on a new socket; the events before the close, and the close code."""
    async with raw_socket(f"/ws/?ticket={quote(ticket, safe='')}" if form == "query" else "/ws/") as ws:
        if form == "frame":
            await ws.send({"type": "auth", "ticket": ticket})
        sent = []
        while True:
            output = await ws.ws.receive_output(3)
            if output["type"] == "websocket.close":
                return sent, output.get("code", 1000)
            event = json.loads(output["text"])
            events.check_event(event)
            assert event["type"] == "error", event  # never ``ready``
            sent.append(event)


async def assert_refused(ticket: str, form: str, *, code: str = "ticket_invalid") -> None:
    sent, close = await refusal(ticket, form)
    assert (close, [e["code"] for e in sent]) == (4401, [code])


@pytest.fixture
def quick_auth_timeout(settings):
    """A socket left waiting for its ``auth`` frame shows up as 4408 within the wait, not as a hang."""
    settings.CHAT_AUTH_TIMEOUT_SECONDS = 1


@pytest.mark.asyncio
@pytest.mark.parametrize(("first", "second"), [("query", "frame"), ("frame", "query"), ("frame", "frame")])
async def test_a_used_ticket_is_refused_whichever_way_it_comes(mentee, first, second):
    ticket = await issue_ticket(mentee)
    path = f"/ws/?ticket={ticket}" if first == "query" else "/ws/"
    async with raw_socket(path) as ws:
        if first == "frame":
            await ws.send({"type": "auth", "ticket": ticket})
        assert (await ws.receive())["type"] == "ready"
        await assert_refused(ticket, second)


@pytest.mark.asyncio
async def test_an_expired_ticket_is_refused_in_the_first_frame(mentee):
    ticket = await issue_ticket(mentee)
    await database_sync_to_async(WsTicket.objects.update)(expires_at=timezone.now() - timedelta(seconds=1))
    await assert_refused(ticket, "frame")


@pytest.mark.asyncio
@pytest.mark.parametrize("form", FORMS)
async def test_a_ticket_issued_before_logging_out_is_refused(mentee, form):
    refresh = await database_sync_to_async(lambda: str(RefreshToken.for_user(mentee)))()
    ticket = await issue_ticket(mentee)

    def logout() -> int:
        return client_for(mentee).post("/api/v1/auth/logout/", {"refresh": refresh}, format="json").status_code

    assert await database_sync_to_async(logout)() == 204
    await assert_refused(ticket, form)


@pytest.mark.asyncio
async def test_a_deactivated_accounts_ticket_is_refused_in_the_first_frame(mentee):
    from backend.accounts.services import user_deactivate

    ticket = await issue_ticket(mentee)
    await database_sync_to_async(user_deactivate)(user=mentee)
    await assert_refused(ticket, "frame")


@pytest.mark.asyncio
@pytest.mark.parametrize("form", FORMS)
async def test_an_erased_accounts_ticket_is_refused(mentee, form):
    from backend.core.privacy import user_erase

    ticket = await issue_ticket(mentee)
    await database_sync_to_async(user_erase)(user=mentee)
    await assert_refused(ticket, form)


def b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


JWTS = {
    "access": lambda user: str(AccessToken.for_user(user)),
    "refresh": lambda user: str(RefreshToken.for_user(user)),
    "alg-none": lambda user: f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(dict(AccessToken.for_user(user).payload))}.",
}


@pytest.mark.asyncio
@pytest.mark.usefixtures("quick_auth_timeout")
@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("kind", list(JWTS))
async def test_a_jwt_is_not_a_ticket(mentee, kind, form):
    token = await database_sync_to_async(JWTS[kind])(mentee)
    # In the query string a JWT is an unknown ticket; in an ``auth`` frame it is longer than a ticket may be.
    await assert_refused(token, form, code="ticket_invalid" if form == "query" else "validation_error")


@pytest.mark.asyncio
@pytest.mark.usefixtures("quick_auth_timeout")
@pytest.mark.parametrize(
    ("first", "code"),
    [
        (b"\x01\x02", "unsupported_frame"),
        ("x" * 70_000, "frame_too_large"),
        ("not json", "malformed_frame"),
        ('{"type": "hello"}', "unknown_type"),
        ('{"type": "auth", "ticket": 12345}', "validation_error"),
        ('{"type": "auth"}', "validation_error"),
    ],
)
async def test_a_first_frame_that_is_not_a_valid_auth_frame_is_refused_with_4401(db, first, code):
    async with raw_socket("/ws/") as ws:
        await ws.send_raw(**({"data": first} if isinstance(first, bytes) else {"text": first}))
        assert (await ws.receive())["code"] == code
        assert await ws.closed_with() == 4401


TAMPERINGS = {
    "last character changed": lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
    "first character changed": lambda t: ("A" if t[0] != "A" else "B") + t[1:],
    "truncated": lambda t: t[:-1],
    "extended": lambda t: t + "A",
    "case swapped": lambda t: t.swapcase(),
    "padded": lambda t: f" {t} ",
    "its stored hash": lambda t: hashlib.sha256(t.encode()).hexdigest(),
}


@pytest.mark.asyncio
@pytest.mark.parametrize("form", FORMS)
async def test_a_tampered_ticket_is_refused_and_the_real_one_still_works_once(mentee, coordinator, form):
    ticket = await issue_ticket(mentee)
    await issue_ticket(coordinator)  # another live ticket, which no tampering may hit
    for tamper in TAMPERINGS.values():
        await assert_refused(tamper(ticket), form)
    async with raw_socket(f"/ws/?ticket={ticket}") as ws:
        assert (await ws.receive())["user"] == str(mentee.pk)
    await assert_refused(ticket, form)
