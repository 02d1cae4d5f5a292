"""Chat services: conversations opening and closing, sending, reading, and the checks before them.

The send path is one service for both REST and the socket:

1. :func:`message_prepare` checks the input and runs moderation (no database access);
2. :func:`messages_store` stores any number of prepared sends in one transaction (the
   socket path batches concurrent sends into one commit; REST stores a batch of one). The
   decisions (:func:`plan_batch`) and the PostgreSQL statements (:func:`lock_sql`,
   :func:`insert_sql`) are shared with the socket path's async writer (``chat.writer``).

``seq`` is assigned under a row lock on the conversation (``SELECT … FOR UPDATE``) and the
counter column is advanced in the same transaction as the insert: concurrent senders queue
on the lock, a rollback gives the numbers back, so seqs are gapless and never repeat.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from backend.accounts.models import Role, User
from backend.core.exceptions import ApplicationError, Conflict, Forbidden, NotFound, ValidationFailed
from backend.safety.models import Block

from . import events
from .events import CLIENT_MSG_ID_PATTERN, MessagePayload
from .models import Conversation, Message, ModerationStatus
from .moderation_hook import MessageContext, Outcome, moderate, notice_for, sender_context, status_of
from .notify import send_envelope_on_commit

if TYPE_CHECKING:
    from backend.matches.models import Match

logger = logging.getLogger(__name__)

MAX_BODY_CHARS = 4000

#: Sent once per stored batch, after commit, with ``stored``: a list of ``(message, outcome)``
#: pairs (Message, moderation Outcome) for the batch's new messages that need follow-up (see
#: :func:`flagged_results`). Crisis handling, the moderation queue and the crisis second
#: opinion hang off this. One signal per batch, not per message, so a listener can queue one
#: background job for a whole batch (one batch can hold hundreds of messages).
messages_stored = Signal()


class ConversationClosed(Conflict):
    code = "conversation_closed"
    message = "This conversation is closed: its match is no longer active."


class Blocked(Conflict):
    code = "blocked"
    message = "Messages between you and this person are blocked."


class ClientMsgIdReused(Conflict):
    code = "client_msg_id_reused"
    message = "This client_msg_id was already used for a message in another conversation."


class CannotChat(Forbidden):
    code = "account_cannot_chat"
    message = "Your account may not send messages."


# --- Conversations ------------------------------------------------------------------------


def _notify_access(conversation: Conversation, match: Match, *, is_open: bool) -> None:
    for user_id, peer_id in ((match.mentee_id, match.mentor_id), (match.mentor_id, match.mentee_id)):
        send_envelope_on_commit(
            [events.user_group(user_id)], events.access_envelope(conversation.pk, peer_id, is_open=is_open)
        )


def conversation_open(*, match: Match) -> Conversation:
    """Open (or reopen) the conversation of an active match. Call inside the transition's transaction."""
    conversation, created = Conversation.objects.get_or_create(match=match)
    if not created and conversation.closed_at is not None:
        conversation.closed_at = None
        conversation.save(update_fields=["closed_at"])
    _notify_access(conversation, match, is_open=True)
    return conversation


def conversation_close(*, match: Match) -> None:
    """Close the conversation of a match that ended. Call inside the transition's transaction.

    The UPDATE waits for any send holding the conversation's row lock: a message is either
    committed before the close or refused with ``conversation_closed``.
    """
    conversation = Conversation.objects.filter(match=match, closed_at__isnull=True).first()
    if conversation is None:
        return
    Conversation.objects.filter(pk=conversation.pk, closed_at__isnull=True).update(closed_at=timezone.now())
    _notify_access(conversation, match, is_open=False)


# --- Checks -----------------------------------------------------------------------------


def message_clean(*, body: Any, client_msg_id: Any) -> tuple[str, str]:
    """Validate a send's input; returns ``(body, client_msg_id)`` with the body stripped."""
    errors: dict[str, list[str]] = {}
    if not isinstance(client_msg_id, str) or not CLIENT_MSG_ID_PATTERN.fullmatch(client_msg_id):
        errors["client_msg_id"] = ["Must be 1-64 characters from A-Z a-z 0-9 . _ : - (a UUID is ideal)."]
    text = body.strip() if isinstance(body, str) else None
    if text is None:
        errors["body"] = ["Must be a string."]
    elif not text:
        errors["body"] = ["May not be empty."]
    elif len(text) > MAX_BODY_CHARS:
        errors["body"] = [f"May be at most {MAX_BODY_CHARS} characters (this one has {len(text)})."]
    elif "\x00" in text:
        errors["body"] = ["May not contain null characters."]
    else:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            errors["body"] = ["Must be valid Unicode text (no lone surrogates)."]
    if errors or text is None:
        raise ValidationFailed(fields=errors)
    return text, client_msg_id


def user_may_chat(*, is_active: bool, erased_at: Any, role: str, vetting_status: str | None) -> bool:
    """Active, not erased, a mentee or mentor, and not a suspended mentor."""
    if not is_active or erased_at is not None or role not in (Role.MENTEE, Role.MENTOR):
        return False
    return not (role == Role.MENTOR and vetting_status == "suspended")


def conversation_check_party(*, user: User, conversation_id: int) -> Conversation:
    """The open conversation ``conversation_id`` in which ``user`` may write now.

    Raises NotFound (not theirs), CannotChat, ConversationClosed or Blocked.
    """
    conversation = (
        Conversation.objects.select_related("match")
        .filter(pk=conversation_id)
        .filter(Q(match__mentee_id=user.pk) | Q(match__mentor_id=user.pk))
        .first()
    )
    if conversation is None:
        raise NotFound("No such conversation.")
    standing = (
        User.objects.filter(pk=user.pk)
        .values("is_active", "erased_at", "role", "mentor_profile__vetting_status")
        .first()
    )
    if standing is None or not user_may_chat(
        is_active=standing["is_active"],
        erased_at=standing["erased_at"],
        role=standing["role"],
        vetting_status=standing["mentor_profile__vetting_status"],
    ):
        raise CannotChat()
    if not conversation.is_open or conversation.match.state != "active":
        raise ConversationClosed()
    match = conversation.match
    peer_id = match.mentor_id if match.mentee_id == user.pk else match.mentee_id
    if _blocked_pairs([user.pk, peer_id]):
        raise Blocked()
    return conversation


def _blocked_pairs(user_ids: Sequence[Any]) -> set[tuple[UUID, UUID]]:
    rows = Block.objects.filter(lifted_at__isnull=True, blocker_id__in=user_ids, blocked_id__in=user_ids)
    return set(rows.values_list("blocker_id", "blocked_id"))


# --- Sending ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SendRequest:
    """A checked, moderated send, ready to be stored."""

    sender_id: UUID
    conversation_id: int
    client_msg_id: str
    body: str
    outcome: Outcome


@dataclass(slots=True)
class SendResult:
    request: SendRequest
    message: MessagePayload | None = None
    created: bool = False
    error: ApplicationError | None = None
    # For delivery after commit: who else is in the conversation, and whether they may see it.
    recipient_id: UUID | None = None
    held: bool = False
    stored: Message | None = None


def message_prepare(
    *, sender: User, conversation_id: int, client_msg_id: Any, body: Any, context: MessageContext | None = None
) -> SendRequest:
    """Check a send and moderate it. No database access; raises ValidationFailed or Forbidden.

    ``context`` is what moderation knows about the sender (``moderation_hook.sender_context``:
    likely country, prior offences); without it the sender is judged as a first-time sender.
    """
    if sender.role not in (Role.MENTEE, Role.MENTOR):
        raise Forbidden("Only the two parties of a conversation may write in it.")
    text, cmid = message_clean(body=body, client_msg_id=client_msg_id)
    outcome = moderate(text, context=context or MessageContext(sender_role=sender.role))
    return SendRequest(
        sender_id=sender.pk, conversation_id=conversation_id, client_msg_id=cmid, body=text, outcome=outcome
    )


def message_payload(message: Message) -> MessagePayload:
    """The API shape of a message (REST and socket alike)."""
    created = message.created_at.isoformat()
    if created.endswith("+00:00"):
        created = created[:-6] + "Z"
    return {
        "id": message.pk,
        "conversation": message.conversation_id,
        "seq": message.seq,
        "sender": str(message.sender_id),
        "body": message.body,
        "created_at": created,
        "client_msg_id": message.client_msg_id,
        "moderation": {
            "status": message.status,  # type: ignore[typeddict-item]
            "flags": list(message.flags),
            "notice": message.notice or None,
        },
    }


def messages_store(*, requests: Sequence[SendRequest], notify: bool = True) -> list[SendResult]:
    """Store prepared sends in one transaction; one result per request, in order.

    A request that may not be stored (not a party, conversation closed, blocked, account
    not allowed) gets its ``error`` and does not affect the others. A database failure
    raises: nothing of the batch was written. With ``notify`` the new messages are pushed to
    sockets after commit; otherwise the caller pushes them (it knows which socket sent them).

    On PostgreSQL the batch takes two statements (lock-and-check, insert-and-count); a retry
    of an already stored send, which that path does not expect, sends the batch down the
    portable path, which looks stored sends up first.
    """
    if not requests:
        return []
    fast = connection.vendor == "postgresql"
    for attempt in range(3):
        try:
            with transaction.atomic():
                return _store(requests, notify, fast=fast)
        except StoredBefore:
            fast = False  # a retry of a stored send: the portable path looks it up
        except IntegrityError:
            # A concurrent send reusing (sender, client_msg_id) in *another* conversation
            # (same-conversation retries queue on the row lock and see the stored row).
            # The portable path finds that row and reports the conflict.
            if attempt:
                raise
            logger.info("client_msg_id race on send; retrying the batch")
            fast = False
    raise AssertionError("unreachable")


class StoredBefore(Exception):
    """Raised (to roll back) when the fast path met a send that was stored before."""


@dataclass(slots=True)
class LockedConversation:
    """What a batch needs to know about one locked conversation."""

    id: int
    last_seq: int
    is_open: bool
    mentee_id: UUID
    mentor_id: UUID
    may_chat: dict[UUID, bool]
    blocked: bool


def _lock_conversations_orm(ids: list[int]) -> dict[int, LockedConversation]:
    # Lock only the conversation rows (not matches): the match workflow locks a match and then
    # updates its conversation, so taking the locks in the other order could deadlock.
    rows = list(
        Conversation.objects.select_for_update(of=("self",)).select_related("match").filter(pk__in=ids).order_by("pk")
    )
    party_ids = {uid for c in rows for uid in (c.match.mentee_id, c.match.mentor_id)}
    standing = {
        row["id"]: user_may_chat(
            is_active=row["is_active"],
            erased_at=row["erased_at"],
            role=row["role"],
            vetting_status=row["mentor_profile__vetting_status"],
        )
        for row in User.objects.filter(pk__in=party_ids).values(
            "id", "is_active", "erased_at", "role", "mentor_profile__vetting_status"
        )
    }
    blocked = _blocked_pairs(list(party_ids)) if party_ids else set()
    out = {}
    for c in rows:
        a, b = c.match.mentee_id, c.match.mentor_id
        out[c.pk] = LockedConversation(
            id=c.pk,
            last_seq=c.last_seq,
            is_open=c.is_open and c.match.state == "active",
            mentee_id=a,
            mentor_id=b,
            may_chat={a: standing.get(a, False), b: standing.get(b, False)},
            blocked=(a, b) in blocked or (b, a) in blocked,
        )
    return out


@functools.cache
def lock_sql() -> str:
    """Lock a batch's conversations (``%s``: their ids) and read what a send must check, in one statement.

    Only conversation rows are locked, in id order: the match workflow locks a match and then
    updates its conversation, so taking locks on matches here could deadlock.
    """
    from backend.matches.models import Match
    from backend.profiles.models import MentorProfile

    may_chat = """(u{n}.is_active AND u{n}.erased_at IS NULL AND u{n}.role IN ('mentee', 'mentor')
                   AND NOT (u{n}.role = 'mentor' AND COALESCE(p{n}.vetting_status, '') = 'suspended'))"""
    return f"""
        SELECT c.id, c.last_seq, c.closed_at IS NULL AND m.state = 'active', m.mentee_id, m.mentor_id,
               {may_chat.format(n=1)}, {may_chat.format(n=2)},
               EXISTS (SELECT 1 FROM {Block._meta.db_table} b WHERE b.lifted_at IS NULL AND (
                   (b.blocker_id = m.mentee_id AND b.blocked_id = m.mentor_id)
                   OR (b.blocker_id = m.mentor_id AND b.blocked_id = m.mentee_id)))
        FROM {Conversation._meta.db_table} c
        JOIN {Match._meta.db_table} m ON m.id = c.match_id
        JOIN {User._meta.db_table} u1 ON u1.id = m.mentee_id
        JOIN {User._meta.db_table} u2 ON u2.id = m.mentor_id
        LEFT JOIN {MentorProfile._meta.db_table} p1 ON p1.user_id = m.mentee_id
        LEFT JOIN {MentorProfile._meta.db_table} p2 ON p2.user_id = m.mentor_id
        WHERE c.id = ANY(%s::bigint[])
        ORDER BY c.id
        FOR UPDATE OF c
    """  # noqa: S608 (table names from model metadata; values are parameters)


@functools.cache
def stored_before_sql() -> str:
    """Which of the (sender, client_msg_id) pairs given as two arrays are stored already."""
    return f"""
        SELECT m.sender_id, m.client_msg_id FROM {Message._meta.db_table} m
        JOIN unnest(%s::uuid[], %s::text[]) AS k(sender_id, client_msg_id)
          ON m.sender_id = k.sender_id AND m.client_msg_id = k.client_msg_id
    """  # noqa: S608 (table name from model metadata; values are parameters)


def conversations_from_rows(rows: Sequence[Sequence[Any]]) -> dict[int, LockedConversation]:
    return {
        pk: LockedConversation(
            id=pk,
            last_seq=last_seq,
            is_open=is_open,
            mentee_id=a,
            mentor_id=b,
            may_chat={a: a_ok, b: b_ok},
            blocked=blocked,
        )
        for pk, last_seq, is_open, a, b, a_ok, b_ok, blocked in rows
    }


@functools.cache
def insert_sql() -> str:
    """Insert a batch's messages and advance the counters in one statement.

    The rows travel as one JSON document (encoded in C, unpacked by PostgreSQL) rather than
    as arrays a driver adapts value by value. A send stored before makes the statement fail
    on the (sender, client_msg_id) constraint, rolling the batch back (see messages_store).
    """
    return f"""
        WITH ins AS (
            INSERT INTO {Message._meta.db_table}
                (conversation_id, seq, sender_id, client_msg_id, body, original_body, status, flags, severity,
                 created_at, notice)
            SELECT (r->>0)::bigint, (r->>1)::bigint, (r->>2)::uuid, r->>3, r->>4, r->>5, r->>6, r->7,
                   (r->>8)::smallint, (r->>9)::timestamptz, r->>10
            FROM jsonb_array_elements(%s::jsonb) AS r
            RETURNING id, sender_id, client_msg_id
        ), counters AS (
            UPDATE {Conversation._meta.db_table} c SET last_seq = (v->>1)::bigint
            FROM jsonb_array_elements(%s::jsonb) AS v WHERE c.id = (v->>0)::bigint
        )
        SELECT id, sender_id, client_msg_id FROM ins
    """  # noqa: S608 (table names from model metadata; values are parameters)


def insert_params(messages: list[Message], touched: dict[int, LockedConversation]) -> list[str]:
    rows = [
        [
            m.conversation_id,
            m.seq,
            str(m.sender_id),
            m.client_msg_id,
            m.body,
            m.original_body,
            m.status,
            m.flags,
            m.severity,
            m.created_at.isoformat(),
            m.notice,
        ]
        for m in messages
    ]
    return [json.dumps(rows), json.dumps([[c.id, c.last_seq] for c in touched.values()])]


def apply_ids(messages: list[Message], rows: Sequence[Sequence[Any]]) -> None:
    ids = {(sender, cmid): pk for pk, sender, cmid in rows}
    for m in messages:
        m.pk = ids[(m.sender_id, m.client_msg_id)]


def plan_batch(
    requests: Sequence[SendRequest],
    conversations: dict[int, LockedConversation],
    existing: dict[tuple[UUID, str], Message],
) -> tuple[list[SendResult], list[Message], dict[int, LockedConversation]]:
    """Decide each send of a batch against its locked conversation (no I/O).

    Returns the results (errors filled in), the new messages with their seqs, and the
    conversations whose counters advanced. The same rules for every path that stores.
    """
    now = timezone.now()
    results: list[SendResult] = []
    new_messages: list[Message] = []
    touched: dict[int, LockedConversation] = {}
    for request in requests:
        result = SendResult(request=request)
        results.append(result)
        conversation = conversations.get(request.conversation_id)
        if conversation is None or request.sender_id not in conversation.may_chat:
            result.error = NotFound("No such conversation.")
            continue
        if request.sender_id == conversation.mentee_id:
            result.recipient_id = conversation.mentor_id
        else:
            result.recipient_id = conversation.mentee_id
        prior = existing.get((request.sender_id, request.client_msg_id))
        if prior is not None:
            if prior.conversation_id != conversation.id:
                result.error = ClientMsgIdReused()
            else:
                result.stored = prior
                result.held = prior.status == ModerationStatus.HELD
            continue
        if not conversation.may_chat[request.sender_id]:
            result.error = CannotChat()
            continue
        if not conversation.is_open:
            result.error = ConversationClosed()
            continue
        if conversation.blocked:
            result.error = Blocked()
            continue
        outcome = request.outcome
        status = status_of(outcome)
        conversation.last_seq += 1
        message = Message(
            conversation_id=conversation.id,
            seq=conversation.last_seq,
            sender_id=request.sender_id,
            client_msg_id=request.client_msg_id,
            body=outcome.body,
            original_body=request.body if outcome.body != request.body else "",
            status=status,
            flags=list(outcome.flags),
            severity=outcome.severity,
            created_at=now,
            notice=notice_for(outcome),
        )
        new_messages.append(message)
        # A second send with the same client_msg_id in this batch gets this message back.
        existing[(request.sender_id, request.client_msg_id)] = message
        touched[conversation.id] = conversation
        result.stored = message
        result.created = True
        result.held = status == ModerationStatus.HELD
    return results, new_messages, touched


def finish_batch(results: list[SendResult]) -> list[SendResult]:
    """Fill in the API shape of every stored message."""
    for result in results:
        if result.stored is not None:
            result.message = message_payload(result.stored)
    return results


def flagged_results(results: list[SendResult]) -> list[SendResult]:
    """New messages that ``messages_stored`` listeners need to see.

    Flagged ones always; with the crisis second opinion on, every new message, since the
    semantic model reads what the rules let through.
    """
    if settings.CRISIS_SECOND_OPINION:
        return [r for r in results if r.created]
    return [r for r in results if r.created and r.request.outcome.flags]


def _store(requests: Sequence[SendRequest], notify: bool, *, fast: bool) -> list[SendResult]:
    conversation_ids = sorted({r.conversation_id for r in requests})
    # Sends stored before (client retries): the portable path looks them up; the fast path
    # assumes there are none and finds out at insert time (see insert_sql).
    existing: dict[tuple[UUID, str], Message] = {}
    if fast:
        with connection.cursor() as cursor:
            cursor.execute(lock_sql(), [conversation_ids])
            conversations = conversations_from_rows(cursor.fetchall())
    else:
        conversations = _lock_conversations_orm(conversation_ids)
        existing = {
            (m.sender_id, m.client_msg_id): m
            for m in Message.objects.filter(
                sender_id__in={r.sender_id for r in requests}, client_msg_id__in={r.client_msg_id for r in requests}
            )
        }
    results, new_messages, touched = plan_batch(requests, conversations, existing)
    if new_messages:
        if fast:
            with connection.cursor() as cursor:
                try:
                    cursor.execute(insert_sql(), insert_params(new_messages, touched))
                except IntegrityError as exc:
                    raise StoredBefore() from exc
                apply_ids(new_messages, cursor.fetchall())
        else:
            Message.objects.bulk_create(new_messages)
            for conversation in touched.values():
                Conversation.objects.filter(pk=conversation.id).update(last_seq=conversation.last_seq)
    finish_batch(results)
    if notify:
        for result in results:
            if result.created:
                _notify_new(result)
    flagged = flagged_results(results)
    if flagged:
        transaction.on_commit(lambda: signal_stored(flagged))
    return results


def _notify_new(result: SendResult, *, exclude: str | None = None) -> None:
    assert result.message is not None
    conversation_id = result.message["conversation"]
    send_envelope_on_commit(
        [events.conversation_group(conversation_id)],
        events.envelope(
            events.message_new(result.message),
            conversation=conversation_id,
            exclude=exclude,
            # A held message goes to its sender's other devices only.
            only_user=result.request.sender_id if result.held else None,
        ),
    )


def signal_stored(results: list[SendResult]) -> None:
    messages_stored.send(sender=Message, stored=[(r.stored, r.request.outcome) for r in results])


def message_send(*, sender: User, conversation_id: int, client_msg_id: Any, body: Any) -> SendResult:
    """Check, store and push one message (the REST path). Raises the send's error, if any."""
    request = message_prepare(
        sender=sender,
        conversation_id=conversation_id,
        client_msg_id=client_msg_id,
        body=body,
        context=sender_context(sender.pk, sender.role),
    )
    (result,) = messages_store(requests=[request])
    if result.error is not None:
        raise result.error
    return result


# --- Reading ----------------------------------------------------------------------------


def conversation_mark_read(*, user: User, conversation_id: int, seq: int) -> tuple[Conversation, int]:
    """Mark ``conversation_id`` read by ``user`` up to ``seq`` (never backwards, never past the end).

    Returns the conversation and the resulting read position. The other party learns it
    (a ``read`` event) unless a block stands between them.
    """
    conversation = (
        Conversation.objects.select_related("match")
        .filter(pk=conversation_id)
        .filter(Q(match__mentee_id=user.pk) | Q(match__mentor_id=user.pk))
        .first()
    )
    if conversation is None:
        raise NotFound("No such conversation.")
    match = conversation.match
    field = "mentee_read_seq" if match.mentee_id == user.pk else "mentor_read_seq"
    target = min(max(seq, 0), conversation.last_seq)
    with transaction.atomic():
        advanced = Conversation.objects.filter(pk=conversation.pk, **{f"{field}__lt": target}).update(**{field: target})
        if advanced:
            peer_id = match.mentor_id if match.mentee_id == user.pk else match.mentee_id
            blocked = bool(_blocked_pairs([user.pk, peer_id]))
            send_envelope_on_commit(
                [events.conversation_group(conversation.pk)],
                events.envelope(
                    events.read_event(conversation.pk, user.pk, target),
                    conversation=conversation.pk,
                    only_user=user.pk if blocked else None,
                ),
            )
    conversation.refresh_from_db(fields=[field, "last_seq"])
    return conversation, getattr(conversation, field)


# --- Privacy ----------------------------------------------------------------------------


def messages_export(user: User) -> list[dict[str, Any]]:
    """The messages ``user`` wrote, for their data export."""
    return [
        {"conversation": m.conversation_id, "seq": m.seq, "body": m.body, "created_at": m.created_at.isoformat()}
        for m in Message.objects.filter(sender=user).order_by("conversation_id", "seq")
    ]


REMOVED_BODY = "Message removed"


def messages_erase(user: User) -> None:
    """Replace the text of every message ``user`` wrote with a placeholder.

    The rows stay, so seqs stay gapless and the other person's history shows where a
    message was. Evidence already copied into reports is not touched.
    """
    Message.objects.filter(sender=user).update(body=REMOVED_BODY, original_body="", flags=["removed"])
