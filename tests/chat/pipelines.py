"""Moderation pipelines for tests, selected with ``settings.CHAT_MODERATION_PIPELINE``."""

from __future__ import annotations

import re

from chat.moderation.base import Action, MessageContext, Outcome

_DIGITS = re.compile(r"\d{6,}")
MASK_NOTICE = "Contact details are removed."
HOLD_NOTICE = "Held for a coordinator to review."


class _Fixed:
    def __init__(self, action: Action, flags: tuple[str, ...], reason: str, crisis: bool = False) -> None:
        self.action, self.flags, self.reason, self.crisis = action, flags, reason, crisis

    def run(self, text: str, context: MessageContext) -> Outcome:
        body = _DIGITS.sub("[removed]", text) if self.action is Action.MASK else text
        return Outcome(
            action=self.action,
            flags=self.flags,
            spans=(),
            body=body,
            reasons=(self.reason,),
            severity=2 if self.action is Action.HOLD else 1,
            crisis=self.crisis,
        )


def masking() -> _Fixed:
    """Masks runs of 6+ digits (phone numbers) and flags contact details."""
    return _Fixed(Action.MASK, ("contact_details",), MASK_NOTICE)


def holding() -> _Fixed:
    """Holds every message as abuse (no crisis: crisis handling would add its own events)."""
    return _Fixed(Action.HOLD, ("abuse",), HOLD_NOTICE)
