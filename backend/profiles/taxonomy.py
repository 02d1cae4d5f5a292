"""Controlled vocabularies served at ``/api/v1/taxonomy/`` and used to validate profiles."""

from __future__ import annotations

import zoneinfo
from functools import cache

from matching.taxonomy import CONDITIONS

from .languages import LANGUAGES

SLOT_MINUTES = 15
MAX_LANGUAGES = 10
MAX_SLOTS = 42
BIO_MAX = 1000
GOALS_MAX = 1000
RECOVERY_STORY_MAX = 4000
CAPACITY_MIN, CAPACITY_MAX = 1, 10

__all__ = ["CONDITIONS", "LANGUAGES", "timezones"]


@cache
def timezones() -> frozenset[str]:
    """IANA zone names known to this installation (from the pinned tzdata)."""
    return frozenset(name for name in zoneinfo.available_timezones() if "/" in name or name == "UTC")


def taxonomy() -> dict:
    return {
        "conditions": [{"code": code, "label": label} for code, label in CONDITIONS.items()],
        "languages": [{"code": code, "name": name} for code, name in LANGUAGES.items()],
        "availability": {
            "slot_minutes": SLOT_MINUTES,
            "days": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
            "time_format": "HH:MM, on 15-minute boundaries; '24:00' allowed as an end",
            "max_slots": MAX_SLOTS,
        },
        "timezones_count": len(timezones()),
        "limits": {
            "languages_max": MAX_LANGUAGES,
            "bio_max": BIO_MAX,
            "goals_max": GOALS_MAX,
            "recovery_story_max": RECOVERY_STORY_MAX,
            "capacity_min": CAPACITY_MIN,
            "capacity_max": CAPACITY_MAX,
        },
        "vetting_statuses": ["pending", "approved", "rejected", "suspended"],
    }
