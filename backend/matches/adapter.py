"""The one place where Django models become the matcher's records."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from backend.profiles.models import MenteeProfile, MentorProfile, VettingStatus
from matching.records import MenteeRecord, MentorRecord, Slot


def _minutes(value: str) -> int:
    hours, mins = value.split(":")
    return int(hours) * 60 + int(mins)


def slots_from_json(availability: Iterable[dict[str, Any]]) -> tuple[Slot, ...]:
    """Stored ``{day, start: "HH:MM", end: "HH:MM"}`` slots → matcher slots (minutes)."""
    return tuple(Slot(day=int(s["day"]), start=_minutes(s["start"]), end=_minutes(s["end"])) for s in availability)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def slots_to_json(slots: Iterable[Slot]) -> list[dict[str, Any]]:
    """Matcher slots → the stored ``{day, start: "HH:MM", end: "HH:MM"}`` form."""
    return [{"day": s.day, "start": _hhmm(s.start), "end": _hhmm(s.end)} for s in slots]


def mentor_record(profile: MentorProfile, *, load: int = 0) -> MentorRecord:
    return MentorRecord(
        id=str(profile.user_id),
        languages=frozenset(profile.languages),
        timezone=profile.timezone,
        availability=slots_from_json(profile.availability),
        condition_focus=frozenset(profile.condition_focus),
        lived_experience=frozenset(profile.lived_experience),
        not_ready_for=frozenset(profile.not_ready_for),
        text=f"{profile.bio}\n{profile.recovery_story}".strip(),
        capacity=profile.capacity,
        load=load,
        vetted=profile.vetting_status == VettingStatus.APPROVED,
        accepting_new=profile.accepting_new,
    )


def mentee_record(profile: MenteeProfile) -> MenteeRecord:
    return MenteeRecord(
        id=str(profile.user_id),
        languages=frozenset(profile.languages),
        timezone=profile.timezone,
        availability=slots_from_json(profile.availability),
        condition_focus=frozenset(profile.condition_focus),
        topics_to_avoid=frozenset(profile.topics_to_avoid),
        text=f"{profile.bio}\n{profile.goals}".strip(),
    )
