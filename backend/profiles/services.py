"""Profile and vetting services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from backend.accounts.models import Role, User
from backend.core.exceptions import Forbidden, NotFound
from backend.safety.services import audit_record

from .models import MenteeProfile, MentorProfile, VettingDecision, VettingStatus
from .signals import mentor_changed

ProfileModel = MenteeProfile | MentorProfile


def profile_model_for(user: User) -> type[MenteeProfile] | type[MentorProfile]:
    if user.role == Role.MENTEE:
        return MenteeProfile
    if user.role == Role.MENTOR:
        return MentorProfile
    raise Forbidden("Coordinators have no mentee or mentor profile.")


def profile_create_empty(*, user: User) -> ProfileModel | None:
    if user.role not in (Role.MENTEE, Role.MENTOR):
        return None
    profile, _ = profile_model_for(user).objects.get_or_create(user=user)
    return profile


def profile_get(*, user: User) -> ProfileModel:
    model = profile_model_for(user)
    profile, _ = model.objects.get_or_create(user=user)
    return profile


def _notify_mentor_changed(mentor_id: Any) -> None:
    transaction.on_commit(lambda: mentor_changed.send(sender=MentorProfile, mentor_id=mentor_id))


@transaction.atomic
def profile_update(*, user: User, data: dict[str, Any]) -> ProfileModel:
    """Apply validated profile ``data`` (a full or partial set of fields)."""
    profile = profile_model_for(user).objects.select_for_update().get_or_create(user=user)[0]
    for field, value in data.items():
        setattr(profile, field, value)
    profile.save(update_fields=[*data.keys(), "updated_at"])
    if isinstance(profile, MentorProfile):
        _notify_mentor_changed(user.pk)
    return profile


def next_week_start(today: date | None = None) -> date:
    """The Monday of the coming week (today if today is a Monday)."""
    today = today or timezone.now().date()
    return today + timedelta(days=(7 - today.weekday()) % 7)


def availability_utc(profile: ProfileModel, *, week_start: date | None = None) -> list[dict[str, str]]:
    """The profile's weekly slots as UTC intervals for one real week (DST-correct)."""
    from backend.matches.adapter import slots_from_json
    from matching.availability import slots_to_utc_intervals

    intervals = slots_to_utc_intervals(
        slots_from_json(profile.availability), profile.timezone, week_start or next_week_start()
    )
    return [{"start": s.isoformat(), "end": e.isoformat()} for s, e in intervals]


# --- Vetting --------------------------------------------------------------------------
def mentor_list(*, vetting_status: str | None = None):  # -> QuerySet[MentorProfile]
    from django.db.models import Prefetch

    qs = MentorProfile.objects.select_related("user").filter(user__is_active=True).order_by("user__date_joined")
    if vetting_status:
        qs = qs.filter(vetting_status=vetting_status)
    return qs.prefetch_related(
        Prefetch(
            "vetting_decisions",
            queryset=VettingDecision.objects.order_by("-decided_at", "-id"),
            to_attr="prefetched_decisions",
        )
    )


def mentor_get(*, mentor_id: Any) -> MentorProfile:
    try:
        return MentorProfile.objects.select_related("user").get(user_id=mentor_id, user__is_active=True)
    except (MentorProfile.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("No such mentor.") from exc


@transaction.atomic
def mentor_vetting_decide(*, mentor_id: Any, coordinator: User, status: str, note: str = "") -> VettingDecision:
    """Record a coordinator's vetting decision and apply it to the mentor."""
    if coordinator.role != Role.COORDINATOR:
        raise Forbidden()
    try:
        profile = MentorProfile.objects.select_for_update(of=("self",)).get(user_id=mentor_id, user__is_active=True)
    except (MentorProfile.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("No such mentor.") from exc
    profile.vetting_status = VettingStatus(status)
    profile.save(update_fields=["vetting_status", "updated_at"])
    decision = VettingDecision.objects.create(mentor=profile, decided_by=coordinator, status=status, note=note)
    audit_record(
        actor=coordinator,
        action="mentor.vetting",
        target_type="user",
        target_id=profile.user_id,
        reason=note,
        data={"status": status},
    )
    _notify_mentor_changed(profile.user_id)
    return decision


# --- Privacy --------------------------------------------------------------------------
def profile_export(user: User) -> dict[str, Any] | None:
    if user.role == Role.MENTEE:
        from .serializers import MenteeProfileSerializer as serializer_class
    elif user.role == Role.MENTOR:
        from .serializers import MentorProfileSerializer as serializer_class  # type: ignore[assignment]
    else:
        return None
    profile = profile_get(user=user)
    return dict(serializer_class(profile).data)


def profile_erase(user: User) -> None:
    MenteeProfile.objects.filter(user=user).delete()
    if MentorProfile.objects.filter(user=user).exists():
        MentorProfile.objects.filter(user=user).delete()
        _notify_mentor_changed(user.pk)
