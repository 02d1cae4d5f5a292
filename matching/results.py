"""Result types returned to callers (plain frozen dataclasses, JSON-friendly)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Reason:
    """One factor's share of a score, with a sentence for people.

    ``contribution`` is in score points, rounded to 0.1.
    """

    factor: str
    text: str
    contribution: float


@dataclass(frozen=True)
class Suggestion:
    """A mentor suggested to a mentee.

    ``score`` (0-100) is exactly the sum of the reasons' contributions: each
    contribution is rounded to 0.1 first (half to even) and the score is
    their sum, computed in integer tenths so no float drift creeps in.
    Compare with ``math.isclose`` or in tenths when checking in code.
    """

    mentor_id: str
    score: float
    reasons: list[Reason]
    weights_version: str


@dataclass(frozen=True)
class WhyNot:
    """Why fewer mentors qualified than were asked for, for one constraint.

    ``excludes_alone`` counts mentors failing only this constraint;
    ``excludes_total`` counts all mentors failing it. ``relaxation`` is a
    small dict naming one concrete change and ``adds``, the exact number of
    extra mentors who would qualify after it, for example
    ``{"min_overlap_minutes": 30, "adds": 4}`` or
    ``{"add_language": "es", "adds": 3}``. Changes that are up to mentors
    rather than the mentee use ``{"wait_for": ..., "adds": n}``; pairs that
    can never be matched use ``{"relaxable": False, "adds": 0}``.
    """

    constraint: str
    text: str
    relaxation: dict[str, object]
    excludes_alone: int = 0
    excludes_total: int = 0


@dataclass(frozen=True)
class TopKResult:
    """Best mentors for one mentee.

    ``why_not`` is filled whenever fewer than ``k`` mentors qualified, else
    empty. ``qualified`` is how many mentors passed every hard constraint.
    """

    results: list[Suggestion]
    why_not: list[WhyNot]
    qualified: int
    weights_version: str


@dataclass(frozen=True)
class Assignment:
    mentee_id: str
    mentor_id: str
    score: float
    reasons: list[Reason]
    weights_version: str


@dataclass(frozen=True)
class UnmatchedMentee:
    mentee_id: str
    why_not: list[WhyNot]


@dataclass(frozen=True)
class BatchStats:
    """Quality certificate and bookkeeping of a batch run.

    ``upper_bound`` is a proven upper bound on the best achievable total
    score over *all* feasible pairs (see :mod:`matching.batch`), so the
    returned total is within ``gap = (upper_bound - total_score) /
    upper_bound`` of optimal. ``rounds`` counts min-cost-flow solves and
    ``edges`` the candidate pairs in the last one. ``mentor_load`` maps
    every mentor of the pool to its load after this run (current load plus
    new assignments). ``timings`` holds seconds per phase (phases run on
    worker threads are summed over threads).
    """

    matched: int
    unmatched: list[UnmatchedMentee]
    total_score: float
    upper_bound: float
    gap: float
    mentor_load: dict[str, int]
    rounds: int
    edges: int
    feasible_pairs: int
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class BatchResult:
    assignments: list[Assignment]
    stats: BatchStats
    weights_version: str
