"""What happens after moderation flagged a message: queue items, crisis alerts, events.

The chat send path stores a message with its moderation verdict; once the batch has
committed, :func:`message_flagged` records each flagged message for coordinators and raises
crisis alerts (``chat.services.messages_stored``). Events (crisis resources to the sender,
``alert.new`` to coordinators, guidance to the other party) go out after that commits.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from backend.accounts.models import Role, User
from chat import events
from chat.moderation.base import MessageContext
from chat.notify import send_on_commit

from .crisis_resources import country_for_timezone, resources_for
from .models import CATEGORY_RANK, Category, CrisisAlert, ModerationItem, Warning

if TYPE_CHECKING:
    from chat.models import Message
    from chat.moderation.base import Outcome

logger = logging.getLogger(__name__)

CRISIS_SEVERITY = 3  # what the rules' crisis check gives crisis language

GUIDANCE_FOR_MENTORS = (
    "Your mentee may be in crisis. Stay with them, listen without judging, and encourage them to "
    "contact the crisis line we just sent them. A coordinator has been alerted and will follow up. "
    "If you believe they are in immediate danger, tell them to call their local emergency number."
)
GUIDANCE_FOR_MENTEES = (
    "Your mentor shared something that sounds difficult. A coordinator has been alerted and will "
    "reach out to them. You don't have to handle this alone; look after yourself too."
)


def category_for(flags: list[str] | tuple[str, ...]) -> Category:
    if "crisis" in flags:
        return Category.CRISIS
    if {"abuse", "contact_details", "moderation_error"} & set(flags):
        return Category.SAFETY
    return Category.OTHER


def prior_offences(user_id: Any) -> int:
    """Abuse findings and warnings against ``user_id`` so far (repeats raise severity)."""
    return _offence_counts([user_id]).get(str(user_id), 0)


def _offence_counts(user_ids: Sequence[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    findings = (
        ModerationItem.objects.filter(subject_id__in=user_ids, is_abuse=True)
        .values("subject_id")
        .annotate(n=Count("id"))
        .values_list("subject_id", "n")
    )
    warnings = (
        Warning.objects.filter(user_id__in=user_ids)
        .values("user_id")
        .annotate(n=Count("id"))
        .values_list("user_id", "n")
    )
    for user_id, n in [*findings, *warnings]:
        counts[str(user_id)] = counts.get(str(user_id), 0) + n
    return counts


def _countries(user_ids: Sequence[Any]) -> dict[str, str | None]:
    from backend.profiles.models import MenteeProfile, MentorProfile

    countries: dict[str, str | None] = {}
    for model in (MenteeProfile, MentorProfile):
        for user_id, tz in model.objects.filter(user_id__in=user_ids).values_list("user_id", "timezone"):
            if tz and str(user_id) not in countries:
                countries[str(user_id)] = country_for_timezone(tz)
    return countries


def country_of(user_id: Any) -> str | None:
    """The country a person most likely is in, from their profile's time zone."""
    return _countries([user_id]).get(str(user_id))


def sender_contexts(users: Sequence[tuple[Any, str]]) -> dict[str, MessageContext]:
    """What moderation should know about each sender: role, likely country, prior offences.

    ``users`` are ``(user_id, role)`` pairs; the answer is keyed by ``str(user_id)``. Four
    queries, however many users (the chat sockets refresh theirs in batches).
    """
    if not users:
        return {}
    ids = [user_id for user_id, _ in users]
    offences = _offence_counts(ids)
    countries = _countries(ids)
    return {
        str(user_id): MessageContext(
            sender_role=role, country=countries.get(str(user_id)), prior_offences=offences.get(str(user_id), 0)
        )
        for user_id, role in users
    }


def alert_payload(alert: CrisisAlert) -> dict[str, Any]:
    """An alert as coordinators see it. Never the message text: they open the conversation for that."""
    return {
        "id": alert.pk,
        "match": alert.match_id,
        "conversation": alert.message.conversation_id if alert.message_id and alert.message else None,
        "message_seq": alert.message.seq if alert.message_id and alert.message else None,
        "sender": str(alert.sender_id) if alert.sender_id else None,
        "sender_role": alert.sender_role,
        "created_at": alert.created_at.isoformat(),
        "acknowledged_at": alert.acknowledged_at.isoformat() if alert.acknowledged_at else None,
        "acknowledged_by": str(alert.acknowledged_by_id) if alert.acknowledged_by_id else None,
        "escalation_level": alert.escalation_level,
    }


def message_flagged(*, message: Message, outcome: Outcome) -> None:
    """Record a flagged message for coordinators; on crisis, alert and support. Call inside the send transaction."""
    flags = list(outcome.flags)
    if not flags:
        return
    category = category_for(flags)
    ModerationItem.objects.create(
        message=message,
        subject_id=message.sender_id,
        category=category,
        category_rank=CATEGORY_RANK[category],
        severity=outcome.severity,
        flags=flags,
        is_abuse="abuse" in flags,
    )
    if outcome.crisis:
        crisis_raise(message=message)


def crisis_raise(*, message: Message) -> CrisisAlert:
    from backend.profiles.models import MenteeProfile

    conversation = message.conversation
    match = conversation.match
    sender_role = Role.MENTEE if message.sender_id == match.mentee_id else Role.MENTOR
    alert = CrisisAlert.objects.create(
        message=message, match=match, sender_id=message.sender_id, sender_role=sender_role
    )
    type(match).objects.filter(pk=match.pk).update(flagged=True)
    # New batch proposals for the mentee wait until a coordinator has looked.
    MenteeProfile.objects.filter(user_id=match.mentee_id).update(matching_paused=True)

    directory = resources_for(country_of(message.sender_id))
    support = {
        **events.crisis_resources(directory["resources"]),
        "country": directory["country"],
        "emergency": directory["emergency"],
    }
    send_on_commit([events.user_group(message.sender_id)], support)
    send_on_commit([events.COORDINATORS_GROUP], events.alert_new(alert_payload(alert)))
    other = match.mentor_id if sender_role == Role.MENTEE else match.mentee_id
    guidance = GUIDANCE_FOR_MENTORS if sender_role == Role.MENTEE else GUIDANCE_FOR_MENTEES
    send_on_commit([events.user_group(other)], events.crisis_guidance(conversation.pk, guidance))
    return alert


@transaction.atomic
def alert_acknowledge(*, alert_id: Any, coordinator: User, note: str = "") -> CrisisAlert:
    from backend.core.exceptions import Conflict, NotFound
    from backend.profiles.models import MenteeProfile

    from .services import audit_record

    try:
        alert = CrisisAlert.objects.select_for_update(of=("self",)).select_related("message").get(pk=alert_id)
    except (CrisisAlert.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("No such alert.") from exc
    if alert.acknowledged_at is not None:
        raise Conflict("This alert was already acknowledged.", code="already_acknowledged")
    alert.acknowledged_by = coordinator
    alert.acknowledged_at = timezone.now()
    alert.note = note
    alert.save(update_fields=["acknowledged_by", "acknowledged_at", "note"])
    if alert.match_id is not None:
        still_open = CrisisAlert.objects.filter(match_id=alert.match_id, acknowledged_at__isnull=True)
        if not still_open.exists():
            from backend.matches.models import Match

            match = Match.objects.filter(pk=alert.match_id).first()
            if match is not None:
                Match.objects.filter(pk=match.pk).update(flagged=False)
                mentee_open = CrisisAlert.objects.filter(match__mentee_id=match.mentee_id, acknowledged_at__isnull=True)
                if not mentee_open.exists():
                    MenteeProfile.objects.filter(user_id=match.mentee_id).update(matching_paused=False)
    audit_record(
        actor=coordinator, action="alert.acknowledge", target_type="crisis_alert", target_id=alert.pk, reason=note
    )
    send_on_commit([events.COORDINATORS_GROUP], events.alert_new(alert_payload(alert)))
    return alert


def alerts_escalate(*, now: Any = None) -> int:
    """Escalate alerts nobody acknowledged in time; each further period escalates again."""
    now = now or timezone.now()
    period = timedelta(minutes=settings.CRISIS_ESCALATE_MINUTES)
    escalated = 0
    for alert in CrisisAlert.objects.filter(acknowledged_at__isnull=True, created_at__lt=now - period):
        last = alert.escalated_at or alert.created_at
        if now - last < period:
            continue
        with transaction.atomic():
            updated = CrisisAlert.objects.filter(
                pk=alert.pk, acknowledged_at__isnull=True, escalation_level=alert.escalation_level
            ).update(escalation_level=alert.escalation_level + 1, escalated_at=now)
            if not updated:
                continue
            alert.refresh_from_db()
            logger.warning("crisis alert %s unacknowledged: escalated to level %s", alert.pk, alert.escalation_level)
            send_on_commit([events.COORDINATORS_GROUP], events.alert_new(alert_payload(alert)))
            escalated += 1
    return escalated


def second_opinion_wanted(*, message: Message, outcome: Outcome) -> bool:
    """Whether a stored message should also be read by the semantic crisis model."""
    return settings.CRISIS_SECOND_OPINION and not outcome.crisis and bool(message.body.strip())


def crisis_second_opinions(*, message_ids: Sequence[int]) -> int:
    """Ask the semantic model about stored messages the rules did not flag as crisis.

    Runs in a background job, one per stored batch; the model reads the batch's texts
    together. For each message it sees crisis language in, the message gains the ``crisis``
    flag and everything the rules would have set off happens: the queue item, the alert,
    resources for the sender and guidance for the other person. Returns how many alerts it
    raised.
    """
    from chat.models import Message
    from chat.moderation.semantic import load_semantic_check

    messages = [m for m in Message.objects.filter(pk__in=list(message_ids)).order_by("pk") if "crisis" not in m.flags]
    if not messages:
        return 0
    check = load_semantic_check()
    probabilities = check.probabilities([m.original_body or m.body for m in messages])
    raised = 0
    for message, probability in zip(messages, probabilities, strict=True):
        if probability >= check.threshold:
            raised += _raise_second_opinion(message.pk)
    return raised


def _raise_second_opinion(message_id: int) -> bool:
    from chat.models import Message

    with transaction.atomic():
        locked = Message.objects.select_for_update().filter(pk=message_id).first()
        if locked is None or "crisis" in locked.flags or CrisisAlert.objects.filter(message_id=message_id).exists():
            return False
        locked.flags = sorted({*locked.flags, "crisis"})
        locked.severity = max(locked.severity, CRISIS_SEVERITY)
        locked.save(update_fields=["flags", "severity"])
        ModerationItem.objects.create(
            message=locked,
            subject_id=locked.sender_id,
            category=Category.CRISIS,
            category_rank=CATEGORY_RANK[Category.CRISIS],
            severity=CRISIS_SEVERITY,
            flags=["crisis", "semantic"],
        )
        crisis_raise(message=locked)
    return True
