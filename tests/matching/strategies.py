"""Hypothesis strategies for small, dense matching instances.

Hypothesis draws the sizes and a seed; people are then generated with
``random.Random(seed)`` from tiny vocabularies (three languages, five
conditions, a handful of popular evening blocks, time zones that mostly
agree in January). Hypothesis' own value distribution deliberately favours
edge cases, which made almost every random pair infeasible; seeding a plain
generator keeps instances dense (see ``test_strategies_are_dense.py``) while
staying reproducible.
"""

from __future__ import annotations

import random

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
# Kolkata make some pairs miss by hours (DST weeks are tested elsewhere).
ZONES = ("UTC", "Europe/London", "America/New_York", "Asia/Kolkata")
_ZONE_WEIGHTS = (4, 6, 1, 1)
WORDS = ("running", "journaling", "panic", "family", "music", "sleep", "work", "friends", "garden", "therapy")
# Popular evening and weekend blocks, so random people often share time.
BLOCKS = (
    Slot(0, 18 * 60, 21 * 60),
    Slot(0, 19 * 60, 21 * 60),
    Slot(2, 18 * 60, 21 * 60),
    Slot(5, 10 * 60, 12 * 60),
)
# Anxiety and depression dominate, as in the real population.
_CONDITION_WEIGHTS = (4, 3, 1, 1, 1)


def _conditions(rng: random.Random, k: int) -> frozenset[str]:
    return frozenset(rng.choices(CONDITIONS, _CONDITION_WEIGHTS, k=k))


def _slots(rng: random.Random) -> tuple[Slot, ...]:
    chosen = set(rng.sample(BLOCKS, rng.choice((1, 1, 2, 2, 3)))) if rng.random() < 0.95 else set()
    if rng.random() < 0.25:
        day, start = rng.randrange(7), rng.randrange(15 * 4, 22 * 4) * 15
        chosen.add(Slot(day, start, min(start + rng.choice((30, 60, 90, 120, 180)), 1440)))
    return tuple(sorted(chosen))


def _languages(rng: random.Random, at_least_one: bool) -> frozenset[str]:
    langs = {"en"} if rng.random() < 0.85 else set()
    if rng.random() < 0.4 or (at_least_one and not langs):
        langs.add(rng.choice(LANGUAGES[1:]))
    return frozenset(langs)


def _text(rng: random.Random) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randrange(7)))


def random_mentor(rng: random.Random, id: str) -> MentorRecord:
    lived = _conditions(rng, rng.choice((1, 2, 3, 3)))
    not_ready = frozenset(rng.sample(sorted(lived), 1)) if len(lived) > 1 and rng.random() < 0.2 else frozenset()
    return MentorRecord(
        id=id,
        languages=_languages(rng, True),
        timezone=rng.choices(ZONES, _ZONE_WEIGHTS)[0],
        availability=_slots(rng),
        condition_focus=lived - not_ready,
        lived_experience=lived,
        not_ready_for=not_ready,
        text=_text(rng),
        capacity=rng.choice((0, 1, 2, 2, 3, 3)),
        load=rng.choice((0, 0, 0, 1)),
        vetted=rng.random() < 0.92,
        accepting_new=rng.random() < 0.95,
    )


def random_mentee(rng: random.Random, id: str) -> MenteeRecord:
    # One mentee in ten has not chosen focus areas yet.
    focus = _conditions(rng, rng.choice((1, 1, 2))) if rng.random() < 0.9 else frozenset()
    others = [c for c in CONDITIONS if c not in focus]
    return MenteeRecord(
        id=id,
        languages=_languages(rng, rng.random() < 0.95),
        timezone=rng.choices(ZONES, _ZONE_WEIGHTS)[0],
        availability=_slots(rng),
        condition_focus=focus,
        topics_to_avoid=frozenset(rng.sample(others, 1)) if rng.random() < 0.25 else frozenset(),
        text=_text(rng),
    )


_SEEDS = st.integers(0, 2**32 - 1)


def mentor_records(id: str) -> st.SearchStrategy[MentorRecord]:
    return _SEEDS.map(lambda seed: random_mentor(random.Random(seed), id))


def mentee_records(id: str) -> st.SearchStrategy[MenteeRecord]:
    return _SEEDS.map(lambda seed: random_mentee(random.Random(seed), id))


@st.composite
def mentor_pools(draw: st.DrawFn, min_size: int = 0, max_size: int = 12) -> list[MentorRecord]:
    # sampled_from draws sizes evenly; st.integers would favour the smallest.
    n, seed = draw(st.sampled_from(range(min_size, max_size + 1))), draw(_SEEDS)
    rng = random.Random(seed)
    return [random_mentor(rng, f"m{i}") for i in range(n)]


@st.composite
def mentee_pools(draw: st.DrawFn, min_size: int = 0, max_size: int = 8) -> list[MenteeRecord]:
    # sampled_from draws sizes evenly; st.integers would favour the smallest.
    n, seed = draw(st.sampled_from(range(min_size, max_size + 1))), draw(_SEEDS)
    rng = random.Random(seed)
    return [random_mentee(rng, f"e{i}") for i in range(n)]


@st.composite
def exclusion_sets(
    draw: st.DrawFn, mentees: list[MenteeRecord], mentors: list[MentorRecord]
) -> frozenset[tuple[str, str]]:
    if not mentees or not mentors:
        return frozenset()
    pairs = st.tuples(st.sampled_from([m.id for m in mentees]), st.sampled_from([m.id for m in mentors]))
    return draw(st.frozensets(pairs, max_size=3))


@st.composite
def slots(draw: st.DrawFn) -> tuple[Slot, ...]:
    """Any valid slots (not just popular blocks), for availability tests."""
    chosen = set()
    for _ in range(draw(st.integers(0, 3))):
        day = draw(st.integers(0, 6))
        start = draw(st.integers(0, 95)) * 15
        end = draw(st.integers(start // 15 + 1, 96)) * 15
        chosen.add(Slot(day, start, end))
    return tuple(sorted(chosen))
