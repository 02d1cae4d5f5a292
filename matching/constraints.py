"""Hard constraints: rules a mentor must pass to be suggested to a mentee.

Each rule is named so that results, "why not" explanations and tests can
refer to it. The functions here judge one pair at a time and are the
reference definition; :class:`matching.index.MentorIndex` applies the same
rules to every mentor at once with bitmask arithmetic, and the tests check
the two agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from matching.records import MenteeRecord, MentorRecord

VETTED_AND_ACCEPTING: Final = "vetted_and_accepting"
HAS_CAPACITY: Final = "has_capacity"
SHARED_LANGUAGE: Final = "shared_language"
AVAILABILITY_OVERLAP: Final = "availability_overlap"
LIVED_EXPERIENCE: Final = "lived_experience"
TOPICS_TO_AVOID: Final = "topics_to_avoid"
MENTOR_READY: Final = "mentor_ready"
NOT_EXCLUDED: Final = "not_excluded"

DEFAULT_MIN_OVERLAP_MINUTES: Final = 60


@dataclass(frozen=True)
class PairFacts:
    """Everything the rules need about one (mentee, mentor) pair.

    ``overlap_minutes`` is the weekly UTC overlap for the week being matched
    (see :mod:`matching.availability`); ``excluded`` says whether the pair is
    in the caller's exclusion set.
    """

    mentee: MenteeRecord
    mentor: MentorRecord
    overlap_minutes: int
    excluded: bool
    min_overlap_minutes: int = DEFAULT_MIN_OVERLAP_MINUTES


@dataclass(frozen=True)
class Constraint:
    name: str
    description: str
    check: Callable[[PairFacts], bool]


def is_vetted_and_accepting(f: PairFacts) -> bool:
    return f.mentor.vetted and f.mentor.accepting_new


def has_capacity(f: PairFacts) -> bool:
    return f.mentor.capacity - f.mentor.load > 0


def shares_language(f: PairFacts) -> bool:
    return not f.mentee.languages.isdisjoint(f.mentor.languages)


def has_enough_overlap(f: PairFacts) -> bool:
    return f.overlap_minutes >= f.min_overlap_minutes


def covers_a_focus_condition(f: PairFacts) -> bool:
    return not f.mentee.condition_focus.isdisjoint(f.mentor.lived_experience)


def avoids_mentee_topics(f: PairFacts) -> bool:
    return f.mentee.topics_to_avoid.isdisjoint(f.mentor.lived_experience)


def is_ready_for_mentee_focus(f: PairFacts) -> bool:
    return f.mentee.condition_focus.isdisjoint(f.mentor.not_ready_for)


def is_not_excluded(f: PairFacts) -> bool:
    return not f.excluded


HARD_CONSTRAINTS: Final[tuple[Constraint, ...]] = (
    Constraint(VETTED_AND_ACCEPTING, "The mentor is vetted and accepting new mentees.", is_vetted_and_accepting),
    Constraint(HAS_CAPACITY, "The mentor has remaining capacity (capacity - load > 0).", has_capacity),
    Constraint(SHARED_LANGUAGE, "Mentor and mentee share at least one language.", shares_language),
    Constraint(
        AVAILABILITY_OVERLAP,
        "Their weekly availability overlaps in UTC by at least the minimum (default 60 minutes).",
        has_enough_overlap,
    ),
    Constraint(
        LIVED_EXPERIENCE,
        "The mentor's lived experience covers at least one of the mentee's focus conditions.",
        covers_a_focus_condition,
    ),
    Constraint(
        TOPICS_TO_AVOID,
        "None of the mentee's topics to avoid is in the mentor's lived experience.",
        avoids_mentee_topics,
    ),
    Constraint(
        MENTOR_READY,
        "None of the mentee's focus conditions is one the mentor is not ready to mentor on.",
        is_ready_for_mentee_focus,
    ),
    Constraint(NOT_EXCLUDED, "The pair is not excluded (earlier match, block, report).", is_not_excluded),
)

CONSTRAINT_NAMES: Final[tuple[str, ...]] = tuple(c.name for c in HARD_CONSTRAINTS)


def failed_constraints(facts: PairFacts) -> list[str]:
    """Names of the rules the pair fails, in :data:`HARD_CONSTRAINTS` order."""
    return [c.name for c in HARD_CONSTRAINTS if not c.check(facts)]


def is_feasible(facts: PairFacts) -> bool:
    return all(c.check(facts) for c in HARD_CONSTRAINTS)
