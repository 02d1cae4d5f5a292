"""Reports by users, and coordinators resolving the moderation queue."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from backend.accounts.models import Role, User
from backend.core.exceptions import Conflict, NotFound, ValidationFailed
from chat import events
from chat.notify import send_on_commit

from .models import (
    CATEGORY_RANK,
    Category,
    ItemStatus,
    ModerationItem,
    Report,
    ResolveAction,
    Warning,
)
from .services import _blockable_users, audit_record

CONTEXT_MESSAGES = 10

_CRISIS_WORDS = re.compile(r"suicid|self[\s_-]?harm|crisis|kill|hurt (him|her|them)self|danger|overdose", re.I)
_SAFETY_WORDS = re.compile(
    r"harass|abus|threat|bully|contact|phone|address|meet|sexual|groom|money|unsafe|stalk|explicit|hate|slur", re.I
)


def category_of_report(reason: str, details: str) -> Category:
    text = f"{reason} {details}"
    if _CRISIS_WORDS.search(text):
        return Category.CRISIS
    if _SAFETY_WORDS.search(text):
        return Category.SAFETY
    return Category.OTHER


def _message_snapshot(message: Any) -> dict[str, Any]:
    return {
        "id": message.pk,
        "conversation": message.conversation_id,
        "seq": message.seq,
        "sender": str(message.sender_id),
        "body": message.original_body or message.body,
        "delivered_body": message.body,
        "status": message.status,
        "flags": list(message.flags),
        "created_at": message.created_at.isoformat(),
    }


def _visible_message(reporter: User, message_id: Any) -> Any:
    from chat.models import Message

    parties = Q(conversation__match__mentee=reporter) | Q(conversation__match__mentor=reporter)
    try:
        return Message.objects.select_related("conversation__match").filter(parties).get(pk=message_id)
    except (Message.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("No such message.", fields=None) from exc


@transaction.atomic
def report_create(
    *, reporter: User, reason: str, details: str = "", message_id: Any = None, user_id: Any = None
) -> Report:
    """Report a message (of a conversation you are in) or a person (you share a match with).

    The evidence is copied now: the reported message with the ones before it, or the
    person's recent messages to you.
    """
    from chat.models import Message

    if message_id is None and user_id is None:
        raise ValidationFailed(fields={"message_id": ["Name a message_id or a user_id."]})
    evidence: dict[str, Any] = {"taken_at": timezone.now().isoformat()}
    message = None
    reported: User | None = None
    if message_id is not None:
        message = _visible_message(reporter, message_id)
        if message.sender_id == reporter.pk:
            raise ValidationFailed(fields={"message_id": ["You cannot report your own message."]})
        reported = message.sender
        before = Message.objects.filter(conversation_id=message.conversation_id, seq__lt=message.seq).order_by("-seq")
        evidence["message"] = _message_snapshot(message)
        evidence["context"] = [_message_snapshot(m) for m in reversed(before[:CONTEXT_MESSAGES])]
    if user_id is not None:
        person = _blockable_users(reporter).filter(pk=user_id).first()
        if person is None:
            raise NotFound("No such user.")
        if reported is not None and person.pk != reported.pk:
            raise ValidationFailed(fields={"user_id": ["This is not the message's sender."]})
        reported = person
        if message is None:
            shared = Q(conversation__match__mentee=reporter) | Q(conversation__match__mentor=reporter)
            recent = Message.objects.filter(shared, sender=person).order_by("-created_at")[:20]
            evidence["messages"] = [_message_snapshot(m) for m in recent]
    assert reported is not None
    evidence["reported_user"] = {"id": str(reported.pk), "display_name": reported.display_name, "role": reported.role}
    category = category_of_report(reason, details)
    report = Report.objects.create(
        reporter=reporter,
        reported_user=reported,
        message=message,
        reason=reason,
        details=details,
        category=category,
        evidence=evidence,
    )
    ModerationItem.objects.create(
        report=report,
        message=message,
        subject=reported,
        category=category,
        category_rank=CATEGORY_RANK[category],
        severity=2 if category != Category.OTHER else 1,
        flags=["report"],
    )
    return report


def queue(*, status: str = ItemStatus.OPEN) -> QuerySet[ModerationItem]:
    """Open items, crisis before safety before other, then most severe, then oldest."""
    return (
        ModerationItem.objects.filter(status=status)
        .select_related("message", "report", "subject")
        .order_by("category_rank", "-severity", "created_at", "id")
    )


@transaction.atomic
def item_resolve(*, item_id: Any, coordinator: User, action: str, note: str = "") -> ModerationItem:
    """Resolve a queue item; the action takes effect at once."""
    from chat.models import Message, ModerationStatus

    try:
        item = ModerationItem.objects.select_for_update().get(pk=item_id)
    except (ModerationItem.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("No such moderation item.") from exc
    if item.status != ItemStatus.OPEN:
        raise Conflict("This item is already resolved.", code="already_resolved")
    if action == ResolveAction.HIDE_MESSAGE:
        if item.message_id is None:
            raise Conflict("This item has no message to hide.", code="no_message")
        message = Message.objects.select_for_update().get(pk=item.message_id)
        message.status = ModerationStatus.HELD
        message.flags = sorted({*message.flags, "hidden"})
        message.save(update_fields=["status", "flags"])
        match = message.conversation.match
        send_on_commit(
            [events.user_group(match.mentee_id), events.user_group(match.mentor_id)],
            events.message_hidden(message.conversation_id, message.seq),
        )
    elif action in (ResolveAction.WARN, ResolveAction.SUSPEND_USER):
        if item.subject_id is None:
            raise Conflict("This item names no person.", code="no_subject")
        subject = User.objects.get(pk=item.subject_id)
        if action == ResolveAction.WARN:
            Warning.objects.create(user=subject, item=item, note=note, created_by=coordinator)
            send_on_commit([events.user_group(subject.pk)], events.moderation_warning(note))
        else:
            user_suspend(user=subject, coordinator=coordinator, reason=note)
    item.status = ItemStatus.RESOLVED
    item.resolution = action
    item.resolution_note = note
    item.resolved_by = coordinator
    item.resolved_at = timezone.now()
    item.save(update_fields=["status", "resolution", "resolution_note", "resolved_by", "resolved_at"])
    audit_record(
        actor=coordinator,
        action=f"moderation.{action}",
        target_type="moderation_item",
        target_id=item.pk,
        reason=note,
        data={"subject": str(item.subject_id) if item.subject_id else None},
    )
    return item


def user_suspend(*, user: User, coordinator: User, reason: str) -> None:
    """Suspend an account: tokens and open sockets die at once; a mentor's vetting is suspended too."""
    from backend.accounts.services import user_deactivate
    from backend.profiles.models import MentorProfile, VettingStatus
    from backend.profiles.services import mentor_vetting_decide

    if user.role == Role.MENTOR and MentorProfile.objects.filter(user=user).exists():
        mentor_vetting_decide(mentor_id=user.pk, coordinator=coordinator, status=VettingStatus.SUSPENDED, note=reason)
    user_deactivate(user=user)
    audit_record(actor=coordinator, action="user.suspend", target_type="user", target_id=user.pk, reason=reason)
