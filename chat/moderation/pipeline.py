"""The standard moderation pipeline used by the chat send path."""

from __future__ import annotations

from .abuse import AbuseCheck
from .base import Pipeline
from .contact import ContactCheck
from .crisis import CrisisCheck


def default_pipeline() -> Pipeline:
    """Crisis, then contact details, then abuse.

    Order only affects the order of ``reasons``; the action is the most severe of all checks
    whatever the order. Crisis comes first so its reason leads.
    """
    return Pipeline([CrisisCheck(), ContactCheck(), AbuseCheck()])
