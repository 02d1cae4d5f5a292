"""The WebSocket protocol, defined once: every frame the server sends or accepts.

* Server → client events are TypedDicts with one constructor each. Server code builds
  events only through these constructors and delivers them to the channel-layer groups
  named here.
* Client → server frames are TypedDicts too; :func:`parse_client_frame` turns raw text into
  one of them or raises :class:`FrameError` (which the socket reports as an ``error`` event).
* :func:`check_event` validates any event against its TypedDict at run time; the tests in
  ``tests/chat/test_events.py`` run it over every event the server produces.

``api_docs/websocket.md`` documents the same protocol for app developers.
"""

import json
import re
import types
import typing
from typing import Any, Literal, NotRequired, TypedDict, Union, get_args, get_origin, get_type_hints

# --- Channel-layer groups -------------------------------------------------------------------


def user_group(user_id: Any) -> str:
    """Every socket of one user joins this group."""
    return f"user.{user_id}"


def conversation_group(conversation_id: Any) -> str:
    """Every socket of both parties of an open conversation joins this group."""
    return f"conversation.{conversation_id}"


COORDINATORS_GROUP = "coordinators"

# --- Shared shapes --------------------------------------------------------------------------

ModerationStatusLiteral = Literal["delivered", "masked", "held"]


class ModerationInfo(TypedDict):
    status: ModerationStatusLiteral
    flags: list[str]
    # Why a masked or held message was changed (for its sender); null when delivered as written.
    notice: str | None


class MessagePayload(TypedDict):
    """A message as every API (REST and socket) shows it."""

    id: int
    conversation: int
    seq: int
    sender: str
    body: str
    created_at: str
    client_msg_id: str
    moderation: ModerationInfo


class ConversationState(TypedDict):
    id: int
    last_seq: int
    read_seq: int


# --- Server → client ------------------------------------------------------------------------


class Ready(TypedDict):
    """First frame after authentication: who you are and where each open conversation stands."""

    type: Literal["ready"]
    user: str
    conversations: list[ConversationState]


class MessageAck(TypedDict):
    type: Literal["message.ack"]
    client_msg_id: str
    message: MessagePayload


class MessageNew(TypedDict):
    type: Literal["message.new"]
    message: MessagePayload


class TypingEvent(TypedDict):
    type: Literal["typing"]
    conversation: int
    user: str


class ReadEvent(TypedDict):
    type: Literal["read"]
    conversation: int
    user: str
    seq: int


class MatchUpdated(TypedDict):
    type: Literal["match.updated"]
    match: dict[str, Any]


class CrisisResources(TypedDict):
    """To someone whose message showed crisis language: where to get help now."""

    type: Literal["crisis.resources"]
    resources: list[dict[str, Any]]
    country: NotRequired[str | None]
    emergency: NotRequired[str]


class AlertNew(TypedDict):
    type: Literal["alert.new"]
    alert: dict[str, Any]


class ErrorEvent(TypedDict):
    type: Literal["error"]
    code: str
    message: str
    fields: NotRequired[dict[str, list[str]]]
    client_msg_id: NotRequired[str]
    retry_after: NotRequired[int]
    retryable: NotRequired[bool]


class Pong(TypedDict):
    type: Literal["pong"]


# --- Safety events (sent by backend.safety) -------------------------------------------------


class CrisisGuidance(TypedDict):
    """To the other party of a conversation where crisis language appeared."""

    type: Literal["crisis.guidance"]
    conversation: int
    guidance: str


class MessageHidden(TypedDict):
    """A coordinator hid a message: clients drop it from their copy of the conversation."""

    type: Literal["message.hidden"]
    conversation: int
    seq: int


class ModerationWarning(TypedDict):
    """A coordinator warned the receiving user."""

    type: Literal["moderation.warning"]
    note: str


def crisis_guidance(conversation_id: int, guidance: str) -> CrisisGuidance:
    return {"type": "crisis.guidance", "conversation": conversation_id, "guidance": guidance}


def message_hidden(conversation_id: int, seq: int) -> MessageHidden:
    return {"type": "message.hidden", "conversation": conversation_id, "seq": seq}


def moderation_warning(note: str) -> ModerationWarning:
    return {"type": "moderation.warning", "note": note}


ServerEvent = Union[  # noqa: UP007 (a runtime alias, read by check_event)
    Ready,
    MessageAck,
    MessageNew,
    TypingEvent,
    ReadEvent,
    MatchUpdated,
    CrisisResources,
    CrisisGuidance,
    MessageHidden,
    ModerationWarning,
    AlertNew,
    ErrorEvent,
    Pong,
]


def ready(user_id: Any, conversations: list[ConversationState]) -> Ready:
    return {"type": "ready", "user": str(user_id), "conversations": conversations}


def message_ack(message: MessagePayload) -> MessageAck:
    return {"type": "message.ack", "client_msg_id": message["client_msg_id"], "message": message}


def message_new(message: MessagePayload) -> MessageNew:
    return {"type": "message.new", "message": message}


def message_ack_text(client_msg_id: str, message_text: str) -> str:
    """``encode(message_ack(message))``, from the message already encoded (encode it once, send it twice)."""
    return f'{{"type":"message.ack","client_msg_id":{encode(client_msg_id)},"message":{message_text}}}'


def message_new_text(message_text: str) -> str:
    """``encode(message_new(message))``, from the message already encoded."""
    return f'{{"type":"message.new","message":{message_text}}}'


def typing_event(conversation_id: int, user_id: Any) -> TypingEvent:
    return {"type": "typing", "conversation": conversation_id, "user": str(user_id)}


def read_event(conversation_id: int, user_id: Any, seq: int) -> ReadEvent:
    return {"type": "read", "conversation": conversation_id, "user": str(user_id), "seq": seq}


def match_updated(match: dict[str, Any]) -> MatchUpdated:
    """``match`` is the serialized match as the REST API returns it to that recipient."""
    return {"type": "match.updated", "match": match}


def crisis_resources(
    resources: list[dict[str, Any]], *, country: str | None = None, emergency: str | None = None
) -> CrisisResources:
    event: CrisisResources = {"type": "crisis.resources", "resources": resources}
    if country is not None:
        event["country"] = country
    if emergency is not None:
        event["emergency"] = emergency
    return event


def alert_new(alert: dict[str, Any]) -> AlertNew:
    return {"type": "alert.new", "alert": alert}


def error_event(
    code: str,
    message: str,
    *,
    fields: dict[str, list[str]] | None = None,
    client_msg_id: str | None = None,
    retry_after: int | None = None,
    retryable: bool | None = None,
) -> ErrorEvent:
    event: ErrorEvent = {"type": "error", "code": code, "message": message}
    if fields:
        event["fields"] = fields
    if client_msg_id is not None:
        event["client_msg_id"] = client_msg_id
    if retry_after is not None:
        event["retry_after"] = retry_after
    if retryable is not None:
        event["retryable"] = retryable
    return event


def pong() -> Pong:
    return {"type": "pong"}


# --- Channel-layer envelopes (server internal, never sent to clients as such) ----------------


class ServerEventEnvelope(TypedDict):
    """What travels through the channel layer to sockets; the socket forwards the event.

    The event is either ``event`` (an object) or ``text`` (the same, already JSON-encoded
    once by the sender, so N recipients don't encode it N times). ``conversation`` scopes it:
    a socket forwards it only while that conversation is open to its user. ``exclude`` names
    the one socket (channel) that must not get it (the sender's, which got a
    ``message.ack``); ``only_user`` restricts it to one user's sockets (a held message goes
    to its sender's other devices only); ``skip_user`` keeps it from one user's sockets (a
    typing indicator is not echoed to the typist's other devices).
    """

    type: Literal["server.event"]
    event: NotRequired[dict[str, Any]]
    text: NotRequired[str]
    conversation: NotRequired[int]
    exclude: NotRequired[str]
    only_user: NotRequired[str]
    skip_user: NotRequired[str]


class DisconnectEnvelope(TypedDict):
    """Close every socket of the user whose group receives it, with ``code``."""

    type: Literal["chat.disconnect"]
    code: int


class AccessEnvelope(TypedDict):
    """A conversation opened or closed for the receiving user's sockets."""

    type: Literal["chat.access"]
    conversation: int
    peer: str
    open: bool


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def encode(event: Any) -> str:
    """An event as the text frame sent to clients (compact JSON, UTF-8 as is)."""
    return _ENCODER.encode(event)


def envelope(
    event: Any = None,
    *,
    text: str | None = None,
    conversation: int | None = None,
    exclude: str | None = None,
    only_user: Any = None,
    skip_user: Any = None,
    encoded: bool = False,
) -> ServerEventEnvelope:
    """Wrap ``event`` (or its ``text``, already encoded) for the layer; ``encoded`` encodes it here."""
    env: ServerEventEnvelope = {"type": "server.event"}
    if text is not None:
        env["text"] = text
    elif encoded:
        env["text"] = encode(event)
    else:
        env["event"] = dict(event)
    if conversation is not None:
        env["conversation"] = conversation
    if exclude is not None:
        env["exclude"] = exclude
    if only_user is not None:
        env["only_user"] = str(only_user)
    if skip_user is not None:
        env["skip_user"] = str(skip_user)
    return env


def disconnect_envelope(code: int) -> DisconnectEnvelope:
    return {"type": "chat.disconnect", "code": code}


def access_envelope(conversation_id: int, peer_id: Any, *, is_open: bool) -> AccessEnvelope:
    return {"type": "chat.access", "conversation": conversation_id, "peer": str(peer_id), "open": is_open}


# --- Client → server ------------------------------------------------------------------------


class AuthFrame(TypedDict):
    """Alternative to ``?ticket=``: the first frame, within the authentication timeout."""

    type: Literal["auth"]
    ticket: str


class MessageSendFrame(TypedDict):
    type: Literal["message.send"]
    conversation: int
    client_msg_id: str
    body: str


class TypingFrame(TypedDict):
    type: Literal["typing"]
    conversation: int


class ReadFrame(TypedDict):
    type: Literal["read"]
    conversation: int
    seq: int


class PingFrame(TypedDict):
    type: Literal["ping"]


ClientFrame = Union[AuthFrame, MessageSendFrame, TypingFrame, ReadFrame, PingFrame]  # noqa: UP007

CLIENT_MSG_ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,64}")
MAX_TICKET_CHARS = 200
MAX_ID = 2**63 - 1


class FrameError(Exception):
    """An inbound frame the server cannot act on; reported as an ``error`` event."""

    def __init__(
        self, code: str, message: str, *, fields: dict[str, list[str]] | None = None, client_msg_id: str | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = fields
        self.client_msg_id = client_msg_id

    def as_event(self) -> ErrorEvent:
        return error_event(self.code, self.message, fields=self.fields, client_msg_id=self.client_msg_id)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _id(frame: dict[str, Any], name: str, errors: dict[str, list[str]]) -> int:
    value: Any = frame.get(name)
    if not _is_int(value) or not 1 <= value <= MAX_ID:
        errors[name] = ["Must be a conversation id (a positive integer)."]
        return 0
    return int(value)


def _client_msg_id(frame: dict[str, Any], errors: dict[str, list[str]]) -> str:
    value = frame.get("client_msg_id")
    if not isinstance(value, str) or not CLIENT_MSG_ID_PATTERN.fullmatch(value):
        errors["client_msg_id"] = ["Must be 1-64 characters from A-Z a-z 0-9 . _ : - (a UUID is ideal)."]
        return ""
    return value


def _parse_message_send(frame: dict[str, Any], errors: dict[str, list[str]]) -> MessageSendFrame:
    conversation = _id(frame, "conversation", errors)
    client_msg_id = _client_msg_id(frame, errors)
    body = frame.get("body")
    if not isinstance(body, str):
        errors["body"] = ["Must be a string."]
        body = ""
    return {"type": "message.send", "conversation": conversation, "client_msg_id": client_msg_id, "body": body}


def _parse_typing(frame: dict[str, Any], errors: dict[str, list[str]]) -> TypingFrame:
    return {"type": "typing", "conversation": _id(frame, "conversation", errors)}


def _parse_read(frame: dict[str, Any], errors: dict[str, list[str]]) -> ReadFrame:
    conversation = _id(frame, "conversation", errors)
    seq: Any = frame.get("seq")
    if not _is_int(seq) or not 0 <= seq <= MAX_ID:
        errors["seq"] = ["Must be a non-negative integer."]
        seq = 0
    return {"type": "read", "conversation": conversation, "seq": int(seq)}


def _parse_auth(frame: dict[str, Any], errors: dict[str, list[str]]) -> AuthFrame:
    ticket = frame.get("ticket")
    if not isinstance(ticket, str) or not 1 <= len(ticket) <= MAX_TICKET_CHARS:
        errors["ticket"] = ["Must be the ticket from POST /api/v1/auth/ws-ticket/."]
        ticket = ""
    return {"type": "auth", "ticket": ticket}


def _parse_ping(frame: dict[str, Any], errors: dict[str, list[str]]) -> PingFrame:
    return {"type": "ping"}


_PARSERS: dict[str, Any] = {
    "message.send": _parse_message_send,
    "typing": _parse_typing,
    "read": _parse_read,
    "auth": _parse_auth,
    "ping": _parse_ping,
}
CLIENT_FRAME_TYPES = tuple(_PARSERS)


def parse_client_frame(text: str) -> ClientFrame:
    """Decode and validate one text frame. Raises :class:`FrameError`; never anything else."""
    try:
        frame = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise FrameError("malformed_frame", "Frames must be JSON objects with a `type`.") from exc
    if not isinstance(frame, dict):
        raise FrameError("malformed_frame", "Frames must be JSON objects with a `type`.")
    kind = frame.get("type")
    parser = _PARSERS.get(kind) if isinstance(kind, str) else None
    if parser is None:
        raise FrameError(
            "unknown_type", f"Unknown frame type; expected one of: {', '.join(CLIENT_FRAME_TYPES)}.", fields=None
        )
    errors: dict[str, list[str]] = {}
    parsed = parser(frame, errors)
    if errors:
        cmid = frame.get("client_msg_id")
        raise FrameError(
            "validation_error",
            "Some fields are not valid.",
            fields=errors,
            client_msg_id=cmid if isinstance(cmid, str) and CLIENT_MSG_ID_PATTERN.fullmatch(cmid) else None,
        )
    return typing.cast(ClientFrame, parsed)


# --- Run-time checking against the TypedDicts ------------------------------------------------

SERVER_EVENT_TYPES: dict[str, type] = {}
for _cls in get_args(ServerEvent):
    SERVER_EVENT_TYPES[get_args(get_type_hints(_cls)["type"])[0]] = _cls

CLIENT_FRAME_SCHEMAS: dict[str, type] = {}
for _cls in get_args(ClientFrame):
    CLIENT_FRAME_SCHEMAS[get_args(get_type_hints(_cls)["type"])[0]] = _cls


def _check(value: Any, hint: Any, path: str) -> None:
    origin = get_origin(hint)
    if hint is Any:
        return
    if origin is Literal:
        if value not in get_args(hint):
            raise TypeError(f"{path}: {value!r} is not one of {get_args(hint)}")
        return
    if origin in (Union, types.UnionType):
        errors = []
        for option in get_args(hint):
            try:
                _check(value, option, path)
            except TypeError as exc:
                errors.append(str(exc))
            else:
                return
        raise TypeError("; ".join(errors))
    if hint is type(None):
        if value is not None:
            raise TypeError(f"{path}: expected null")
        return
    if origin is list:
        if not isinstance(value, list):
            raise TypeError(f"{path}: expected a list")
        (item,) = get_args(hint)
        for i, v in enumerate(value):
            _check(v, item, f"{path}[{i}]")
        return
    if origin is dict:
        if not isinstance(value, dict):
            raise TypeError(f"{path}: expected an object")
        key_hint, value_hint = get_args(hint)
        for k, v in value.items():
            _check(k, key_hint, f"{path} key")
            _check(v, value_hint, f"{path}.{k}")
        return
    if isinstance(hint, type) and typing.is_typeddict(hint):
        _check_typeddict(value, hint, path)
        return
    if hint is int:
        if not _is_int(value):
            raise TypeError(f"{path}: expected an integer, got {value!r}")
        return
    if isinstance(hint, type):
        if not isinstance(value, hint):
            raise TypeError(f"{path}: expected {hint.__name__}, got {type(value).__name__}")
        return
    raise TypeError(f"{path}: cannot check {hint!r}")


def _check_typeddict(value: Any, cls: type, path: str) -> None:
    if not isinstance(value, dict):
        raise TypeError(f"{path}: expected an object")
    hints = get_type_hints(cls)
    required = cls.__required_keys__  # type: ignore[attr-defined]
    missing = required - value.keys()
    if missing:
        raise TypeError(f"{path}: missing {sorted(missing)}")
    extra = value.keys() - hints.keys()
    if extra:
        raise TypeError(f"{path}: unexpected {sorted(extra)}")
    for key, v in value.items():
        _check(v, hints[key], f"{path}.{key}")


def check_event(event: Any) -> None:
    """Raise ``TypeError`` unless ``event`` matches the schema of its ``type``."""
    if not isinstance(event, dict) or event.get("type") not in SERVER_EVENT_TYPES:
        raise TypeError(f"unknown server event {event!r:.200}")
    _check_typeddict(event, SERVER_EVENT_TYPES[event["type"]], event["type"])


def check_client_frame(frame: Any) -> None:
    """Raise ``TypeError`` unless ``frame`` matches the schema of its ``type``."""
    if not isinstance(frame, dict) or frame.get("type") not in CLIENT_FRAME_SCHEMAS:
        raise TypeError(f"unknown client frame {frame!r:.200}")
    _check_typeddict(frame, CLIENT_FRAME_SCHEMAS[frame["type"]], frame["type"])
