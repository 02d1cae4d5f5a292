"""The chat socket: one per device, carrying all of its user's conversations.

The consumer stays thin: it authenticates, parses frames (``chat.events``), calls the
services, and forwards what the channel layer brings. Authorization is checked on every
frame:

* inbound: every send is checked inside its transaction (party, conversation open, match
  active, account allowed, no block); typing and read frames are checked in the database
  before anything is forwarded;
* outbound: a conversation event is forwarded only while that conversation is open to this
  socket (``self.access``). Closing a conversation, logging out, deactivation, suspension and
  erasure push a revocation through the layer at commit; each worker also re-checks all its
  sockets every ``CHAT_REVALIDATE_SECONDS`` in case such a push was lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
import weakref
from typing import Any
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import DatabaseError

from backend.accounts.models import Role, User
from backend.accounts.services import ws_ticket_redeem
from backend.core.exceptions import ApplicationError

from . import events, flood, selectors, services
from .batcher import get_batcher
from .flood import TokenBucket
from .moderation_hook import MessageContext, after_send, sender_context, sender_contexts
from .notify import (
    CLOSE_AUTH_TIMEOUT,
    CLOSE_FLOODING,
    CLOSE_FORBIDDEN,
    CLOSE_UNAUTHENTICATED,
    apublish,
)

logger = logging.getLogger(__name__)

TYPING_INTERVAL_SECONDS = 2.0
CLOSE_TRY_AGAIN = 1013  # RFC 6455 "try again later"


def origin_allowed(scope: dict[str, Any]) -> bool:
    """No Origin (native apps) or one of ``WS_ALLOWED_ORIGINS`` (browsers)."""
    origins = [v for k, v in scope.get("headers", []) if k == b"origin"]
    if not origins:
        return True
    if len(origins) > 1:
        return False
    try:
        origin = origins[0].decode("latin-1").strip().rstrip("/").lower()
    except Exception:
        return False
    allowed = {o.strip().rstrip("/").lower() for o in settings.WS_ALLOWED_ORIGINS}
    return origin in allowed


def _query_ticket(scope: dict[str, Any]) -> str | None:
    try:
        values = parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True).get("ticket")
    except Exception:
        return None
    return values[0] if values else None


def _load_state(user: User) -> tuple[bool, dict[int, tuple[str, int, int]], MessageContext]:
    allowed = str(user.pk) in selectors.users_allowed_to_chat(user_ids=[user.pk])
    conversations = selectors.open_conversations_of(user_ids=[user.pk])[str(user.pk)] if allowed else {}
    context = sender_context(user.pk, user.role) if allowed else MessageContext(sender_role=user.role)
    return allowed, conversations, context


class ChatConsumer(AsyncWebsocketConsumer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user: User | None = None
        self.user_id = ""
        self.access: dict[int, str] = {}  # open conversation id -> the other party's id
        # What moderation knows about this user (country, prior offences): loaded at
        # authentication, refreshed by the periodic re-check and after each own abuse finding.
        self.moderation_context = MessageContext()
        self.closing = False
        self.frames = TokenBucket(settings.CHAT_FRAME_BURST, settings.CHAT_FRAME_PER_SECOND)
        self.strikes = 0
        self.typing_sent: dict[int, float] = {}
        self.tasks: set[asyncio.Task[None]] = set()
        self.auth_timer: asyncio.TimerHandle | None = None
        self.joined: set[str] = set()

    # --- plumbing -----------------------------------------------------------------------

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """Channels' loop, leaner: the socket and the layer are read by two plain loops.

        Channels' ``await_many_dispatch`` makes two tasks and an ``asyncio.wait`` per message;
        on the hot path that cost as much as the rest of the consumer. Handlers here are
        written to interleave safely at their awaits (they only touch this socket's state).
        """
        self.scope = scope
        self.channel_layer = get_channel_layer(self.channel_layer_alias)
        self.base_send = send
        layer_loop = None
        if self.channel_layer is not None:
            self.channel_name = await self.channel_layer.new_channel()
            self.channel_receive = functools.partial(self.channel_layer.receive, self.channel_name)
            layer_loop = asyncio.ensure_future(self.read_layer())
        try:
            while True:
                await self.dispatch(await receive())
        except StopConsumer:
            pass
        finally:
            if layer_loop is not None:
                layer_loop.cancel()
                with contextlib.suppress(asyncio.CancelledError, StopConsumer):
                    await layer_loop

    async def read_layer(self) -> None:
        while True:
            await self.dispatch(await self.channel_receive())

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Unlike Channels' default, no close_old_connections() thread hop per message: this
        # consumer touches the database only through database_sync_to_async and the batcher.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            logger.warning("no handler for layer message %s", message.get("type"))
            return
        try:
            await handler(message)
        except StopConsumer:
            raise
        except Exception:
            logger.exception("chat socket handler failed on %s", message.get("type"))
            await self.send_event(events.error_event("server_error", "Something went wrong on our side."))

    async def send_event(self, event: Any) -> None:
        await self.send_text(events.encode(event))

    async def send_text(self, text: str) -> None:
        if self.closing:
            return
        try:
            await self.send(text_data=text)
        except Exception:  # the client went away mid-send
            self.closing = True

    async def close_with(self, code: int) -> None:
        if self.closing:
            return
        self.closing = True
        with contextlib.suppress(Exception):
            await self.close(code)

    async def join(self, group: str) -> None:
        if group not in self.joined:
            self.joined.add(group)
            await self.channel_layer.group_add(group, self.channel_name)

    async def leave(self, group: str) -> None:
        if group in self.joined:
            self.joined.discard(group)
            await self.channel_layer.group_discard(group, self.channel_name)

    # --- connection ---------------------------------------------------------------------

    async def websocket_connect(self, message: dict[str, Any]) -> None:
        await self.accept()
        if not origin_allowed(self.scope):
            await self.send_event(events.error_event("origin_not_allowed", "This origin may not open chat sockets."))
            await self.close_with(CLOSE_FORBIDDEN)
            return
        ticket = _query_ticket(self.scope)
        if ticket is not None:
            await self.authenticate_or_close(ticket)
        else:
            loop = asyncio.get_running_loop()
            self.auth_timer = loop.call_later(
                settings.CHAT_AUTH_TIMEOUT_SECONDS, lambda: self.spawn(self.close_with(CLOSE_AUTH_TIMEOUT))
            )

    async def authenticate_or_close(self, ticket: str) -> None:
        try:
            await self.authenticate(ticket)
        except DatabaseError:
            logger.warning("chat socket could not authenticate: database unavailable")
            await self.send_event(
                events.error_event("database_unavailable", "Try again shortly with a new ticket.", retryable=True)
            )
            await self.close_with(CLOSE_TRY_AGAIN)

    async def authenticate(self, ticket: str) -> None:
        if self.auth_timer is not None:
            self.auth_timer.cancel()
            self.auth_timer = None
        user = await database_sync_to_async(ws_ticket_redeem)(ticket=ticket)
        if user is None:
            await self.send_event(events.error_event("ticket_invalid", "The ticket is unknown, used or expired."))
            await self.close_with(CLOSE_UNAUTHENTICATED)
            return
        self.user, self.user_id = user, str(user.pk)
        # Join the user's group before reading their state: a revocation committed after
        # the read arrives through the group; one committed before it shows in the read.
        await self.join(events.user_group(user.pk))
        allowed, conversations, self.moderation_context = await database_sync_to_async(_load_state)(user)
        if not allowed:
            await self.close_with(CLOSE_FORBIDDEN)
            return
        if user.role == Role.COORDINATOR:
            await self.join(events.COORDINATORS_GROUP)
        for conversation_id, (peer_id, _, _) in conversations.items():
            self.access[conversation_id] = peer_id
            await self.join(events.conversation_group(conversation_id))
        local_sockets().add(self)
        await self.send_ready(conversations)

    async def send_ready(self, conversations: dict[int, tuple[str, int, int]]) -> None:
        assert self.user is not None
        await self.send_event(
            events.ready(
                self.user.pk,
                [{"id": cid, "last_seq": last, "read_seq": read} for cid, (_, last, read) in conversations.items()],
            )
        )

    async def websocket_disconnect(self, message: dict[str, Any]) -> None:
        self.closing = True
        if self.auth_timer is not None:
            self.auth_timer.cancel()
        local_sockets().discard(self)
        for group in list(self.joined):
            with contextlib.suppress(Exception):
                await self.leave(group)
        raise StopConsumer()

    def spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    # --- inbound frames -----------------------------------------------------------------

    async def websocket_receive(self, message: dict[str, Any]) -> None:
        if self.closing:
            return
        if self.frames.take():
            await self.close_with(CLOSE_FLOODING)
            return
        text = message.get("text")
        if text is None:
            await self.refuse_frame(events.error_event("unsupported_frame", "Binary frames are not supported."))
            return
        if len(text) > settings.CHAT_MAX_FRAME_BYTES:
            await self.refuse_frame(events.error_event("frame_too_large", "Frames may be at most 64 KiB."))
            return
        try:
            frame = events.parse_client_frame(text)
        except events.FrameError as exc:
            await self.refuse_frame(exc.as_event())
            return
        kind = frame["type"]
        if self.user is None:
            if kind == "auth" and self.auth_timer is not None:
                await self.authenticate_or_close(frame["ticket"])  # type: ignore[typeddict-item]
            else:
                await self.close_with(CLOSE_UNAUTHENTICATED)
            return
        if kind == "message.send":
            await self.on_send(frame)  # type: ignore[arg-type]
        elif kind == "typing":
            await self.on_typing(frame)  # type: ignore[arg-type]
        elif kind == "read":
            await self.on_read(frame)  # type: ignore[arg-type]
        elif kind == "ping":
            await self.send_event(events.pong())
        else:
            await self.send_event(events.error_event("already_authenticated", "This socket is already authenticated."))

    async def refuse_frame(self, error: events.ErrorEvent) -> None:
        """Report a frame the socket cannot act on. Before authentication the only acceptable
        frame is a valid ``auth`` frame: anything else closes the socket with 4401."""
        await self.send_event(error)
        if self.user is None:
            await self.close_with(CLOSE_UNAUTHENTICATED)

    async def on_send(self, frame: events.MessageSendFrame) -> None:
        assert self.user is not None
        cmid = frame["client_msg_id"]
        wait = flood.socket_send_allowed(self.user_id)
        if wait:
            self.strikes += 1
            if self.strikes > settings.CHAT_FLOOD_STRIKES:
                await self.close_with(CLOSE_FLOODING)
                return
            retry = flood.retry_after_seconds(wait)
            await self.send_event(
                events.error_event(
                    "throttled",
                    f"You are sending messages too fast; try again in {retry} s.",
                    client_msg_id=cmid,
                    retry_after=retry,
                )
            )
            return
        self.strikes = 0
        try:
            request = services.message_prepare(
                sender=self.user,
                conversation_id=frame["conversation"],
                client_msg_id=cmid,
                body=frame["body"],
                context=self.moderation_context,
            )
        except ApplicationError as exc:
            await self.send_error(exc, client_msg_id=cmid)
            return
        # Sends complete concurrently: the socket keeps receiving while a batch commits.
        self.spawn(self.complete_send(request))

    async def complete_send(self, request: services.SendRequest) -> None:
        cmid = request.client_msg_id
        try:
            result = await get_batcher().submit(request)
        except DatabaseError:
            await self.send_event(
                events.error_event(
                    "database_unavailable",
                    "The message was not stored: the database is unavailable. Send it again.",
                    client_msg_id=cmid,
                    retryable=True,
                )
            )
            return
        except Exception:
            logger.exception("storing a message failed")
            await self.send_event(
                events.error_event(
                    "server_error", "The message was not stored. Send it again.", client_msg_id=cmid, retryable=True
                )
            )
            return
        if result.error is not None:
            if isinstance(result.error, services.ConversationClosed):
                await self.revoke_conversation(request.conversation_id)
            await self.send_error(result.error, client_msg_id=cmid)
            return
        message = result.message
        assert message is not None
        if result.created:
            self.moderation_context = after_send(self.moderation_context, request.outcome)
        conversation_id = message["conversation"]
        if conversation_id not in self.access and result.recipient_id is not None:
            # The store just proved the conversation open: heal a lost "opened" push.
            self.access[conversation_id] = str(result.recipient_id)
            await self.join(events.conversation_group(conversation_id))
        message_text = events.encode(message)
        await self.send_text(events.message_ack_text(cmid, message_text))
        if result.created:
            await apublish(
                [events.conversation_group(conversation_id)],
                events.envelope(
                    text=events.message_new_text(message_text),
                    conversation=conversation_id,
                    exclude=self.channel_name,
                    only_user=self.user_id if result.held else None,
                ),
            )

    async def send_error(self, exc: ApplicationError, *, client_msg_id: str | None = None) -> None:
        await self.send_event(
            events.error_event(
                exc.code,
                exc.message,
                fields=exc.fields,
                client_msg_id=client_msg_id,
                retry_after=exc.extra.get("retry_after"),
                retryable=exc.extra.get("retryable"),
            )
        )

    async def on_typing(self, frame: events.TypingFrame) -> None:
        assert self.user is not None
        conversation_id = frame["conversation"]
        now = time.monotonic()
        if now - self.typing_sent.get(conversation_id, -1e9) < TYPING_INTERVAL_SECONDS:
            return  # at most one typing event per conversation every 2 s; the rest are dropped
        try:
            await database_sync_to_async(services.conversation_check_party)(
                user=self.user, conversation_id=conversation_id
            )
        except ApplicationError as exc:
            if isinstance(exc, services.ConversationClosed):
                await self.revoke_conversation(conversation_id)
            await self.send_error(exc)
            return
        self.typing_sent[conversation_id] = now
        await apublish(
            [events.conversation_group(conversation_id)],
            events.envelope(
                events.typing_event(conversation_id, self.user_id),
                conversation=conversation_id,
                skip_user=self.user_id,
                encoded=True,
            ),
        )

    async def on_read(self, frame: events.ReadFrame) -> None:
        assert self.user is not None
        try:
            await database_sync_to_async(services.conversation_mark_read)(
                user=self.user, conversation_id=frame["conversation"], seq=frame["seq"]
            )
        except ApplicationError as exc:
            await self.send_error(exc)

    # --- layer messages -----------------------------------------------------------------

    async def server_event(self, message: dict[str, Any]) -> None:
        """Forward an event, if this socket may still see it."""
        if self.user is None or self.closing:
            return
        conversation = message.get("conversation")
        if conversation is not None and conversation not in self.access:
            return
        if message.get("exclude") == self.channel_name:
            return
        only_user = message.get("only_user")
        if only_user is not None and only_user != self.user_id:
            return
        if message.get("skip_user") == self.user_id:
            return
        text = message.get("text")
        if text is None:
            await self.send_event(message["event"])
        else:
            await self.send_text(text)

    async def chat_disconnect(self, message: dict[str, Any]) -> None:
        await self.close_with(int(message.get("code", CLOSE_FORBIDDEN)))

    async def chat_resync(self, message: dict[str, Any]) -> None:
        """The layer lost Redis and is back (``chat.redis_layer``): events may have been lost.

        Re-check this socket and send ``ready`` again, so that its client catches up by seq.
        Every local socket gets this at once: they are re-checked together, in batches.
        """
        if self.user is None or self.closing:
            return
        local_sockets().resync_soon(self)

    async def chat_access(self, message: dict[str, Any]) -> None:
        if self.user is None or self.closing:
            return
        conversation_id = int(message["conversation"])
        if message.get("open"):
            self.access[conversation_id] = str(message["peer"])
            await self.join(events.conversation_group(conversation_id))
        else:
            await self.revoke_conversation(conversation_id)

    async def revoke_conversation(self, conversation_id: int) -> None:
        self.access.pop(conversation_id, None)
        self.typing_sent.pop(conversation_id, None)
        await self.leave(events.conversation_group(conversation_id))

    async def reconcile(
        self, allowed: bool, conversations: dict[int, tuple[str, int, int]], context: MessageContext | None = None
    ) -> None:
        """Apply a periodic re-check: close if the account may no longer chat, else sync access."""
        if not allowed:
            await self.close_with(CLOSE_FORBIDDEN)
            return
        if context is not None:
            self.moderation_context = context
        for conversation_id in set(self.access) - set(conversations):
            await self.revoke_conversation(conversation_id)
        for conversation_id, (peer_id, _, _) in conversations.items():
            if conversation_id not in self.access:
                self.access[conversation_id] = peer_id
                await self.join(events.conversation_group(conversation_id))


# --- This worker's sockets, re-checked periodically -------------------------------------------

#: How long to gather sockets asking to resync before loading their state together.
RESYNC_GATHER_SECONDS = 0.05


class LocalSockets:
    """The authenticated sockets of one event loop, by user, with the periodic re-check."""

    def __init__(self) -> None:
        self.by_user: dict[str, set[ChatConsumer]] = {}
        self.sweeper: asyncio.Task[None] | None = None
        self.resync_waiting: set[ChatConsumer] = set()
        self.resyncer: asyncio.Task[None] | None = None

    def add(self, consumer: ChatConsumer) -> None:
        self.by_user.setdefault(consumer.user_id, set()).add(consumer)
        if self.sweeper is None or self.sweeper.done():
            self.sweeper = asyncio.ensure_future(self.sweep_forever())

    def discard(self, consumer: ChatConsumer) -> None:
        sockets = self.by_user.get(consumer.user_id)
        if sockets is not None:
            sockets.discard(consumer)
            if not sockets:
                del self.by_user[consumer.user_id]

    async def sweep_forever(self) -> None:
        while self.by_user:
            await asyncio.sleep(settings.CHAT_REVALIDATE_SECONDS)
            try:
                await self.sweep()
            except Exception:
                logger.warning("re-checking chat sockets failed; will retry", exc_info=True)

    def resync_soon(self, consumer: ChatConsumer) -> None:
        """Re-check ``consumer`` and send it ``ready``, together with the others asking now."""
        self.resync_waiting.add(consumer)
        if self.resyncer is None or self.resyncer.done():
            self.resyncer = asyncio.ensure_future(self.resync_waiting_sockets())

    async def resync_waiting_sockets(self) -> None:
        # Every socket's chat.resync arrives within moments of the others: gather them, then
        # load their state in batches rather than one query set per socket.
        await asyncio.sleep(RESYNC_GATHER_SECONDS)
        while self.resync_waiting:
            waiting, self.resync_waiting = self.resync_waiting, set()
            try:
                await self.recheck(list(waiting), send_ready=True)
            except Exception:
                logger.warning("re-syncing chat sockets failed; will retry", exc_info=True)
                self.resync_waiting |= {c for c in waiting if not c.closing}
                await asyncio.sleep(settings.CHAT_REVALIDATE_SECONDS)

    async def sweep(self) -> None:
        flood.prune_local_buckets()
        await self.recheck([consumer for sockets in self.by_user.values() for consumer in sockets])

    async def recheck(self, consumers: list[ChatConsumer], *, send_ready: bool = False) -> None:
        """Re-check ``consumers`` against the database, 500 at a time: close the ones whose
        account may no longer chat, sync their conversations and moderation context, and with
        ``send_ready`` send each its ``ready`` again."""
        live = [c for c in consumers if c.user is not None and not c.closing]
        for start in range(0, len(live), 500):
            chunk = live[start : start + 500]
            roles = {c.user_id: c.user.role for c in chunk if c.user is not None}
            allowed, conversations, contexts = await database_sync_to_async(_sweep_query)(list(roles), roles)
            for consumer in chunk:
                uid = consumer.user_id
                await consumer.reconcile(uid in allowed, conversations.get(uid, {}), contexts.get(uid))
                if send_ready and not consumer.closing:
                    await consumer.send_ready(conversations.get(uid, {}))


def _sweep_query(
    user_ids: list[str], roles: dict[str, str]
) -> tuple[set[str], dict[str, dict[int, tuple[str, int, int]]], dict[str, MessageContext]]:
    return (
        selectors.users_allowed_to_chat(user_ids=user_ids),
        selectors.open_conversations_of(user_ids=user_ids),
        sender_contexts(list(roles.items())),
    )


_local: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, LocalSockets] = weakref.WeakKeyDictionary()


def local_sockets() -> LocalSockets:
    loop = asyncio.get_running_loop()
    registry = _local.get(loop)
    if registry is None:
        registry = _local[loop] = LocalSockets()
    return registry
