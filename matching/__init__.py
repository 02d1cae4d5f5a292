"""Kindred matching: pairs mentees with vetted peer mentors.

Pure Python (numpy, scipy, scikit-learn, OR-Tools); no web framework.

Typical use::

    index = MentorIndex.build(mentor_records, week_start=monday)
    result = index.top_k(mentee_record, k=10, exclusions=excluded_pairs)
    batch = assign(mentees, mentors, week_start=monday)
"""

from matching.availability import (
    overlap_minutes,
    packed_weekly_bitset,
    slots_to_utc_intervals,
    weekly_utc_bitset,
)
from matching.batch import assign, greedy_assign
from matching.constraints import (
    CONSTRAINT_NAMES,
    DEFAULT_MIN_OVERLAP_MINUTES,
    HARD_CONSTRAINTS,
    Constraint,
    PairFacts,
    failed_constraints,
)
from matching.index import MentorIndex
from matching.records import Exclusions, MenteeRecord, MentorRecord, Slot
from matching.results import (
    Assignment,
    BatchResult,
    BatchStats,
    Reason,
    Suggestion,
    TopKResult,
    UnmatchedMentee,
    WhyNot,
)
from matching.synthetic import SyntheticMentee, SyntheticMentor, generate_mentees, generate_mentors
from matching.taxonomy import CONDITIONS, LANGUAGES
from matching.text import TextModel
from matching.weights import DEFAULT_WEIGHTS, FACTORS, Weights

__all__ = [
    "CONDITIONS",
    "CONSTRAINT_NAMES",
    "DEFAULT_MIN_OVERLAP_MINUTES",
    "DEFAULT_WEIGHTS",
    "FACTORS",
    "HARD_CONSTRAINTS",
    "LANGUAGES",
    "Assignment",
    "BatchResult",
    "BatchStats",
    "Constraint",
    "Exclusions",
    "MenteeRecord",
    "MentorIndex",
    "MentorRecord",
    "PairFacts",
    "Reason",
    "Slot",
    "Suggestion",
    "SyntheticMentee",
    "SyntheticMentor",
    "TextModel",
    "TopKResult",
    "UnmatchedMentee",
    "Weights",
    "WhyNot",
    "assign",
    "failed_constraints",
    "generate_mentees",
    "generate_mentors",
    "greedy_assign",
    "overlap_minutes",
    "packed_weekly_bitset",
    "slots_to_utc_intervals",
    "weekly_utc_bitset",
]
