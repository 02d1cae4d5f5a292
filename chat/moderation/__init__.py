"""Message moderation for the chat send path (pure Python, no database).

Usage::

    from chat.moderation import MessageContext, default_pipeline

    PIPELINE = default_pipeline()  # build once; checks are stateless and thread-safe
    outcome = PIPELINE.run(text, MessageContext(sender_role="mentee", country="GB", prior_offences=0))
    if outcome.action is Action.HOLD: ...      # queue for coordinator review, don't deliver
    elif outcome.action is Action.MASK: ...    # deliver outcome.body instead of text
    if outcome.crisis: ...                     # alert a coordinator, show crisis resources

See docs/MODERATION.md.
"""

from .base import (
    FLAG_ABUSE,
    FLAG_CONTACT,
    FLAG_CRISIS,
    FLAG_ERROR,
    REMOVED,
    Action,
    Check,
    MessageContext,
    Outcome,
    Pipeline,
    Span,
    Verdict,
)
from .pipeline import default_pipeline

__all__ = [
    "FLAG_ABUSE",
    "FLAG_CONTACT",
    "FLAG_CRISIS",
    "FLAG_ERROR",
    "REMOVED",
    "Action",
    "Check",
    "MessageContext",
    "Outcome",
    "Pipeline",
    "Span",
    "Verdict",
    "default_pipeline",
]
