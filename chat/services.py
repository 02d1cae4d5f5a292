"""Conversation services used by the match workflow."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from .models import Conversation

if TYPE_CHECKING:
    from backend.matches.models import Match


def conversation_open(*, match: Match) -> Conversation:
    """Open (or reopen) the conversation of an active match. Call inside the transition's transaction."""
    conversation, created = Conversation.objects.get_or_create(match=match)
    if not created and conversation.closed_at is not None:
        conversation.closed_at = None
        conversation.save(update_fields=["closed_at"])
    return conversation


def conversation_close(*, match: Match) -> None:
    Conversation.objects.filter(match=match, closed_at__isnull=True).update(closed_at=timezone.now())
