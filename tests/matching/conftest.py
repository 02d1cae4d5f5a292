"""Fixtures for the matching library's tests (pure Python: no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from matching.records import MenteeRecord, MentorRecord, Slot

# A Monday with no DST switch anywhere near it in the zones used here.
QUIET_WEEK = dt.date(2026, 1, 12)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: heavier property tests (still seconds, not minutes)")


@pytest.fixture
def week() -> dt.date:
    return QUIET_WEEK


def mentor(
    id: str = "m1",
    *,
    languages: frozenset[str] = frozenset({"en"}),
    timezone: str = "Europe/London",
    availability: tuple[Slot, ...] = (Slot(0, 18 * 60, 20 * 60),),
    lived_experience: frozenset[str] = frozenset({"anxiety"}),
    not_ready_for: frozenset[str] = frozenset(),
    text: str = "I run and journal to manage anxiety.",
    capacity: int = 2,
    load: int = 0,
    vetted: bool = True,
    accepting_new: bool = True,
) -> MentorRecord:
    return MentorRecord(
        id=id,
        languages=languages,
        timezone=timezone,
        availability=availability,
        condition_focus=lived_experience - not_ready_for,
        lived_experience=lived_experience,
        not_ready_for=not_ready_for,
        text=text,
        capacity=capacity,
        load=load,
        vetted=vetted,
        accepting_new=accepting_new,
    )


def mentee(
    id: str = "e1",
    *,
    languages: frozenset[str] = frozenset({"en"}),
    timezone: str = "Europe/London",
    availability: tuple[Slot, ...] = (Slot(0, 18 * 60, 20 * 60),),
    condition_focus: frozenset[str] = frozenset({"anxiety"}),
    topics_to_avoid: frozenset[str] = frozenset(),
    text: str = "I want to stop my anxiety from running my life; journaling helps.",
) -> MenteeRecord:
    return MenteeRecord(
        id=id,
        languages=languages,
        timezone=timezone,
        availability=availability,
        condition_focus=condition_focus,
        topics_to_avoid=topics_to_avoid,
        text=text,
    )


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    """These tests touch no Django state: replace the suite-wide cache reset with a no-op.

    That keeps them runnable without services, and even stand-alone with
    ``pytest tests/matching -p no:django --confcutdir=tests/matching``.
    """
