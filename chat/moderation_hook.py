"""Where the send path meets the moderation pipeline.

The pipeline comes from ``settings.CHAT_MODERATION_PIPELINE``: the dotted path of a
zero-argument factory returning an object with ``run(text, context) -> Outcome`` (see
``chat.moderation.base``). It is built once per process and must be pure and total, so the
send path can run it before opening a transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from chat.moderation.base import Action, MessageContext, Outcome

from .models import ModerationStatus

__all__ = [
    "Action",
    "MessageContext",
    "ModerationPipeline",
    "Outcome",
    "after_send",
    "moderate",
    "notice_for",
    "pass_through_pipeline",
    "sender_context",
    "sender_contexts",
    "status_of",
]


class ModerationPipeline(Protocol):
    def run(self, text: str, context: MessageContext) -> Outcome: ...


class PassThrough:
    """No checks: every message is delivered as written (the hook's default until moderation ships)."""

    def run(self, text: str, context: MessageContext) -> Outcome:
        return Outcome(action=Action.DELIVER, flags=(), spans=(), body=text, reasons=(), severity=0, crisis=False)


def pass_through_pipeline() -> ModerationPipeline:
    """Behaves exactly like ``Pipeline(())`` (tested), without its bookkeeping on the hot path."""
    return PassThrough()


@lru_cache(maxsize=1)
def _pipeline(path: str) -> ModerationPipeline:
    factory = import_string(path)
    return factory()


def get_pipeline() -> ModerationPipeline:
    return _pipeline(settings.CHAT_MODERATION_PIPELINE)


def moderate(text: str, *, context: MessageContext) -> Outcome:
    """Run the configured pipeline on ``text`` (already validated)."""
    return get_pipeline().run(text, context)


@lru_cache(maxsize=1)
def _context_provider(path: str) -> Callable[[Sequence[tuple[Any, str]]], dict[str, MessageContext]]:
    return import_string(path)  # type: ignore[no-any-return]


def sender_contexts(users: Sequence[tuple[Any, str]]) -> dict[str, MessageContext]:
    """What moderation knows about each ``(user_id, role)``, keyed by ``str(user_id)``.

    Comes from ``settings.CHAT_SENDER_CONTEXT`` (the safety app: the sender's likely
    country for phone parsing and their prior offences, which escalate abuse verdicts).
    Reads the database, so sockets load it at connect and refresh it periodically.
    """
    return _context_provider(settings.CHAT_SENDER_CONTEXT)(users)


def sender_context(user_id: Any, role: str) -> MessageContext:
    return sender_contexts([(user_id, role)]).get(str(user_id)) or MessageContext(sender_role=role)


def after_send(context: MessageContext, outcome: Outcome) -> MessageContext:
    """The sender's context once ``outcome`` is stored: an abuse finding is one more offence."""
    if "abuse" in outcome.flags:
        return replace(context, prior_offences=context.prior_offences + 1)
    return context


_STATUS = {
    Action.DELIVER: ModerationStatus.DELIVERED,
    Action.MASK: ModerationStatus.MASKED,
    Action.HOLD: ModerationStatus.HELD,
}


def status_of(outcome: Outcome) -> ModerationStatus:
    return _STATUS[Action(outcome.action)]


def notice_for(outcome: Outcome) -> str:
    """What the sender is told about a masked or held message: the checks' reasons, which
    never quote the text. Delivered messages need no notice (crisis support comes as events)."""
    if Action(outcome.action) is Action.DELIVER:
        return ""
    return " ".join(dict.fromkeys(outcome.reasons))[:500]
