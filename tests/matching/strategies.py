"""Hypothesis strategies for small, dense matching instances.

Vocabularies are tiny on purpose so random pools hit every rule often:
three languages, five conditions, four time zones and evening slots.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from matching.records import MenteeRecord, MentorRecord, Slot

# Reproducible: the same examples on every run and machine.
PROPERTY = settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
HEAVY = settings(PROPERTY, max_examples=25)

LANGUAGES = ("en", "es", "fr")
CONDITIONS = ("anxiety", "depression", "grief", "ptsd", "stress")
# London equals UTC in January, so most pairs can overlap; New York and
# Kolkata make some pairs miss by hours, and DST weeks are tested elsewhere.
ZONES = ("UTC", "Europe/London", "Europe/London", "America/New_York", "Asia/Kolkata")
WORDS = ("running", "journaling", "panic", "family", "music", "sleep", "work", "friends", "garden", "therapy")
# Popular evening and weekend blocks, so random people often share time.
BLOCKS = (
    Slot(0, 18 * 60, 20 * 60),
    Slot(0, 19 * 60, 21 * 60),
    Slot(2, 18 * 60, 21 * 60),
    Slot(2, 20 * 60 + 30, 22 * 60),
    Slot(5, 10 * 60, 12 * 60),
    Slot(6, 14 * 60, 15 * 60),
)


@st.composite
def slots(draw: st.DrawFn) -> tuple[Slot, ...]:
    chosen = set(draw(st.lists(st.sampled_from(BLOCKS), max_size=3)))
    if draw(st.integers(0, 3)) == 0:
        day = draw(st.integers(0, 6))
        start = draw(st.integers(15 * 4, 21 * 4)) * 15
        length = draw(st.sampled_from((30, 60, 90, 120, 180)))
        chosen.add(Slot(day, start, min(start + length, 1440)))
    return tuple(sorted(chosen))


def _codes(pool: tuple[str, ...], min_size: int = 0, max_size: int = 3) -> st.SearchStrategy[frozenset[str]]:
    return st.frozensets(st.sampled_from(pool), min_size=min_size, max_size=max_size)


@st.composite
def _languages(draw: st.DrawFn, min_size: int) -> frozenset[str]:
    # English most of the time, like the real population.
    english = draw(st.sampled_from((True, True, True, False)))
    extra = draw(_codes(LANGUAGES, 0 if english else min_size, 1))
    return (frozenset({"en"}) if english else frozenset()) | extra


def _text() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join)


@st.composite
def mentor_records(draw: st.DrawFn, id: str) -> MentorRecord:
    lived = draw(_codes(CONDITIONS, 1, 3))
    not_ready = draw(st.frozensets(st.sampled_from(sorted(lived)), max_size=1)) if draw(st.booleans()) else frozenset()
    capacity = draw(st.sampled_from((0, 1, 1, 2, 2, 3)))
    return MentorRecord(
        id=id,
        languages=draw(_languages(1)),
        timezone=draw(st.sampled_from(ZONES)),
        availability=draw(slots()),
        condition_focus=lived - not_ready,
        lived_experience=lived,
        not_ready_for=not_ready,
        text=draw(_text()),
        capacity=capacity,
        load=draw(st.sampled_from((0, 0, 0, 1))),
        vetted=draw(st.sampled_from((True, True, True, False))),
        accepting_new=draw(st.sampled_from((True, True, True, False))),
    )


@st.composite
def mentee_records(draw: st.DrawFn, id: str) -> MenteeRecord:
    # One mentee in ten has not chosen focus areas yet.
    focus = draw(_codes(CONDITIONS, 1, 2)) if draw(st.integers(0, 9)) else frozenset()
    return MenteeRecord(
        id=id,
        languages=draw(_languages(0)),
        timezone=draw(st.sampled_from(ZONES)),
        availability=draw(slots()),
        condition_focus=focus,
        topics_to_avoid=draw(_codes(tuple(c for c in CONDITIONS if c not in focus), 0, 1)),
        text=draw(_text()),
    )


@st.composite
def mentor_pools(draw: st.DrawFn, min_size: int = 0, max_size: int = 12) -> list[MentorRecord]:
    n = draw(st.integers(min_size, max_size))
    return [draw(mentor_records(f"m{i}")) for i in range(n)]


@st.composite
def mentee_pools(draw: st.DrawFn, min_size: int = 0, max_size: int = 8) -> list[MenteeRecord]:
    n = draw(st.integers(min_size, max_size))
    return [draw(mentee_records(f"e{i}")) for i in range(n)]


@st.composite
def exclusion_sets(
    draw: st.DrawFn, mentees: list[MenteeRecord], mentors: list[MentorRecord]
) -> frozenset[tuple[str, str]]:
    if not mentees or not mentors:
        return frozenset()
    pairs = st.tuples(st.sampled_from([m.id for m in mentees]), st.sampled_from([m.id for m in mentors]))
    return draw(st.frozensets(pairs, max_size=3))
