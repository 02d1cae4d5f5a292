"""Each hard constraint is a named rule; the index applies the same rules."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given

from matching import constraints as C
from matching.availability import overlap_minutes, packed_weekly_bitset
from matching.constraints import PairFacts, failed_constraints
from matching.index import MentorIndex
from matching.records import Slot

from .conftest import QUIET_WEEK, mentee, mentor
from .strategies import PROPERTY, mentee_records, mentor_pools

ANXIETY_AND_GRIEF = frozenset({"anxiety", "grief"})
ANXIETY_AND_PTSD = frozenset({"anxiety", "ptsd"})


def facts(e, m, *, excluded: bool = False, min_overlap: int = 60) -> PairFacts:
    minutes = overlap_minutes(
        packed_weekly_bitset(e.availability, e.timezone, QUIET_WEEK),
        packed_weekly_bitset(m.availability, m.timezone, QUIET_WEEK),
    )
    return PairFacts(e, m, minutes, excluded, min_overlap)


def test_a_well_matched_pair_passes_every_rule() -> None:
    assert failed_constraints(facts(mentee(), mentor())) == []


@pytest.mark.parametrize(
    ("rule", "change_mentor", "change_mentee", "excluded"),
    [
        (C.VETTED_AND_ACCEPTING, {"vetted": False}, {}, False),
        (C.VETTED_AND_ACCEPTING, {"accepting_new": False}, {}, False),
        (C.HAS_CAPACITY, {"capacity": 2, "load": 2}, {}, False),
        (C.SHARED_LANGUAGE, {"languages": frozenset({"es"})}, {}, False),
        (C.AVAILABILITY_OVERLAP, {"availability": (Slot(0, 18 * 60 + 15, 19 * 60),)}, {}, False),
        (C.AVAILABILITY_OVERLAP, {"timezone": "America/New_York"}, {}, False),
        (C.LIVED_EXPERIENCE, {"lived_experience": frozenset({"grief"})}, {}, False),
        (C.TOPICS_TO_AVOID, {"lived_experience": ANXIETY_AND_GRIEF}, {"topics_to_avoid": frozenset({"grief"})}, False),
        (C.MENTOR_READY, {"lived_experience": ANXIETY_AND_PTSD, "not_ready_for": frozenset({"anxiety"})}, {}, False),
        (C.NOT_EXCLUDED, {}, {}, True),
    ],
)  # fmt: skip
def test_breaking_one_condition_fails_exactly_that_named_rule(rule, change_mentor, change_mentee, excluded) -> None:
    e = replace(mentee(), **change_mentee)
    m = replace(mentor(), **change_mentor)
    assert failed_constraints(facts(e, m, excluded=excluded)) == [rule]


def test_the_minimum_overlap_is_configurable() -> None:
    half_hour = replace(mentor(), availability=(Slot(0, 19 * 60 + 30, 21 * 60),))
    assert failed_constraints(facts(mentee(), half_hour)) == [C.AVAILABILITY_OVERLAP]
    assert failed_constraints(facts(mentee(), half_hour, min_overlap=30)) == []


def test_every_rule_has_a_unique_name_and_a_description() -> None:
    assert len(set(C.CONSTRAINT_NAMES)) == len(C.HARD_CONSTRAINTS) == 8
    assert all(c.description.endswith(".") for c in C.HARD_CONSTRAINTS)


@PROPERTY
@given(data=mentor_pools(min_size=1).flatmap(lambda ms: mentee_records("e0").map(lambda e: (e, ms))))
def test_the_index_applies_the_same_rules_as_the_pairwise_definition(data) -> None:
    e, mentors = data
    index = MentorIndex.build(mentors, week_start=QUIET_WEEK)
    exclusions = frozenset({("e0", mentors[0].id)})
    evaluation = index.evaluate(index.prepare(e, exclusions), 60)
    for position, slot in enumerate(evaluation.slots.tolist()):
        m = index.record_at(slot)
        expected = failed_constraints(facts(e, m, excluded=(e.id, m.id) in exclusions))
        got = [name for name in C.CONSTRAINT_NAMES if evaluation.fails[name][position]]
        assert got == expected, m.id


@PROPERTY
@given(data=mentor_pools(min_size=1).flatmap(lambda ms: mentee_records("e0").map(lambda e: (e, ms))))
def test_the_fast_feasibility_path_agrees_with_the_full_evaluation(data) -> None:
    e, mentors = data
    index = MentorIndex.build(mentors, week_start=QUIET_WEEK)
    query = index.prepare(e)
    slots, _ = index.feasible(query, 60)
    evaluation = index.evaluate(query, 60)
    assert sorted(slots.tolist()) == sorted(evaluation.slots[evaluation.qualified].tolist())


@PROPERTY
@given(data=mentor_pools(min_size=1).flatmap(lambda ms: mentee_records("e0").map(lambda e: (e, ms))))
def test_exclusions_only_ever_remove_mentors(data) -> None:
    e, mentors = data
    index = MentorIndex.build(mentors, week_start=QUIET_WEEK)
    everyone = {s.mentor_id for s in index.top_k(e, 50).results}
    excluded = frozenset(("e0", m.id) for m in mentors[::2])
    remaining = {s.mentor_id for s in index.top_k(e, 50, exclusions=excluded).results}
    assert remaining == everyone - {m for _, m in excluded}
