"""Safety records in a person's export, erasure, and the retention of old conversations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from backend.accounts.models import User

from .models import Block, ItemStatus, ModerationItem, Report, Warning


def safety_export(user: User) -> dict[str, Any]:
    """Blocks I made, reports I made (without the evidence, which holds others' words), warnings I got."""
    return {
        "blocks": [
            {
                "user_id": str(b.blocked_id),
                "created_at": b.created_at.isoformat(),
                "lifted_at": b.lifted_at.isoformat() if b.lifted_at else None,
            }
            for b in Block.objects.filter(blocker=user)
        ],
        "reports_made": [
            {"id": r.pk, "reason": r.reason, "details": r.details, "created_at": r.created_at.isoformat()}
            for r in Report.objects.filter(reporter=user)
        ],
        "warnings": [
            {"note": w.note, "created_at": w.created_at.isoformat()} for w in Warning.objects.filter(user=user)
        ],
    }


def safety_erase(user: User) -> None:
    """Blocks stay (they protect the other person too); reports keep their evidence; warnings go."""
    Warning.objects.filter(user=user).delete()


def conversations_purge(*, now: Any = None) -> int:
    """Delete the messages of conversations whose match ended more than the retention time ago.

    Messages that are evidence in an open moderation item or any report are kept.
    Returns how many messages were deleted.
    """
    from chat.models import Message

    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.CONVERSATION_RETENTION_DAYS)
    evidence = set(
        ModerationItem.objects.filter(status=ItemStatus.OPEN, message__isnull=False).values_list(
            "message_id", flat=True
        )
    ) | set(Report.objects.filter(message__isnull=False).values_list("message_id", flat=True))
    expired = Message.objects.filter(conversation__closed_at__isnull=False, conversation__closed_at__lt=cutoff).exclude(
        Q(pk__in=evidence)
    )
    deleted, _ = expired.delete()
    return deleted
