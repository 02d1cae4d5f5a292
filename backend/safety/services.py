"""Blocks and the audit log."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from backend.accounts.models import User
from backend.core.exceptions import NotFound, ValidationFailed
from backend.core.request_id import current_request_id

from .models import AuditEvent, Block


def audit_record(
    *,
    actor: User | None,
    action: str,
    target_type: str,
    target_id: Any,
    reason: str = "",
    request_id: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event. ``data`` must never hold message text or health details."""
    return AuditEvent.objects.create(
        actor=actor,
        actor_role=actor.role if actor is not None else "system",
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        reason=reason,
        request_id=request_id or current_request_id.get(),
        data=data or {},
    )


def is_blocked(a: Any, b: Any) -> bool:
    """True when either user currently blocks the other."""
    pair = Q(blocker_id=a, blocked_id=b) | Q(blocker_id=b, blocked_id=a)
    return Block.objects.filter(pair, lifted_at__isnull=True).exists()


def blocked_pairs_for(user_ids: list[Any] | None = None) -> set[tuple[str, str]]:
    """Every (blocker, blocked) pair ever blocked, as strings, optionally only those involving ``user_ids``.

    Lifted blocks count too: matching excludes such a pair for good.
    """
    qs = Block.objects.all()
    if user_ids is not None:
        qs = qs.filter(Q(blocker_id__in=user_ids) | Q(blocked_id__in=user_ids))
    return {(str(a), str(b)) for a, b in qs.values_list("blocker_id", "blocked_id")}


def _blockable_users(blocker: User) -> Any:
    """Whom ``blocker`` may block: anyone they share a match with; for mentees, any approved mentor.

    Anyone else is "not found", so blocking cannot be used to probe which accounts exist.
    """
    from backend.matches.models import Match

    partners = Q(pk__in=Match.objects.filter(mentee=blocker).values("mentor_id")) | Q(
        pk__in=Match.objects.filter(mentor=blocker).values("mentee_id")
    )
    if blocker.role == "mentee":
        partners |= Q(role="mentor", mentor_profile__vetting_status="approved")
    return User.objects.filter(partners, is_active=True, erased_at__isnull=True)


@transaction.atomic
def block_create(*, blocker: User, blocked_id: Any) -> Block:
    if str(blocked_id) == str(blocker.pk):
        raise ValidationFailed(fields={"user_id": ["You cannot block yourself."]})
    blocked = _blockable_users(blocker).filter(pk=blocked_id).first()
    if blocked is None:
        raise NotFound("No such user.")
    block, created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    if not created and block.lifted_at is not None:
        block.lifted_at = None
        block.save(update_fields=["lifted_at"])
    return block


def blocks_of(*, user: User) -> Any:
    return Block.objects.filter(blocker=user, lifted_at__isnull=True).select_related("blocked").order_by("-created_at")


def block_delete(*, blocker: User, blocked_id: Any) -> None:
    """Lift a block: delivery resumes; the pair stays excluded from matching."""
    lifted = Block.objects.filter(blocker=blocker, blocked_id=blocked_id, lifted_at__isnull=True).update(
        lifted_at=timezone.now()
    )
    if not lifted:
        raise NotFound("No such block.")
