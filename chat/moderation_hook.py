"""Where the send path meets the moderation pipeline.

The pipeline comes from ``settings.CHAT_MODERATION_PIPELINE``: the dotted path of a
zero-argument factory returning an object with ``run(text, context) -> Outcome`` (see
``chat.moderation.base``). It is built once per process and must be pure and total, so the
send path can run it before opening a transaction.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from chat.moderation.base import Action, MessageContext, Outcome

from .models import ModerationStatus

__all__ = [
    "Action",
    "MessageContext",
    "ModerationPipeline",
    "Outcome",
    "moderate",
    "pass_through_pipeline",
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


def moderate(text: str, *, sender_role: str) -> Outcome:
    """Run the configured pipeline on ``text`` (already validated)."""
    return get_pipeline().run(text, MessageContext(sender_role=sender_role))


_STATUS = {
    Action.DELIVER: ModerationStatus.DELIVERED,
    Action.MASK: ModerationStatus.MASKED,
    Action.HOLD: ModerationStatus.HELD,
}


def status_of(outcome: Outcome) -> ModerationStatus:
    return _STATUS[Action(outcome.action)]
