"""Batch assignment: feasible, within capacity, optimal and certified."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from matching import constraints as C
from matching.availability import packed_weekly_bitset, words_to_int
from matching.batch import assign, greedy_assign
from matching.constraints import PairFacts, is_feasible
from matching.index import MentorIndex
from matching.reference import pair_tenths, prepare
from matching.synthetic import generate_mentees, generate_mentors
from matching.text import TextModel

from .conftest import QUIET_WEEK, mentee, mentor
from .strategies import HEAVY, PROPERTY, exclusion_sets, mentee_pools, mentor_pools

instances = st.tuples(mentee_pools(), mentor_pools()).flatmap(
    lambda pools: exclusion_sets(*pools).map(lambda ex: (*pools, ex))
)


def pair_scores(mentees, mentors, exclusions, min_overlap=60):
    """Independent pairwise scores (tenths) of feasible pairs; None if infeasible."""
    model = TextModel.fit([m.text for m in mentors])
    prepared_mentors = [prepare(m, week_start=QUIET_WEEK, text_model=model) for m in mentors]
    table = {}
    for e in mentees:
        mine = prepare(e, week_start=QUIET_WEEK, text_model=model)
        for m, theirs in zip(mentors, prepared_mentors, strict=True):
            minutes = (mine.bits & theirs.bits).bit_count() * 15
            if is_feasible(PairFacts(e, m, minutes, (e.id, m.id) in exclusions, min_overlap)):
                tenths, _, _ = pair_tenths(
                    e, m, mine, theirs, weights=MentorIndex.build([], week_start=QUIET_WEEK).weights
                )
                table[e.id, m.id] = sum(tenths)
    return table


def brute_force_optimum(mentees, mentors, scores, max_new=None) -> int:
    """Best total (tenths) by an assignment problem on capacity-expanded columns."""
    columns = []
    for m in mentors:
        room = max(0, m.capacity - m.load)
        if max_new is not None:
            room = min(room, max_new)
        columns += [m.id] * room
    if not mentees or not columns:
        return 0
    profit = np.full((len(mentees), len(columns) + len(mentees)), -(10**6), dtype=np.int64)
    profit[:, len(columns) :] = 0  # one "stay unmatched" column per mentee
    for r, e in enumerate(mentees):
        for c, mentor_id in enumerate(columns):
            if (e.id, mentor_id) in scores:
                profit[r, c] = scores[e.id, mentor_id]
    rows, cols = linear_sum_assignment(profit, maximize=True)
    return int(profit[rows, cols].sum())


def check_valid(result, mentees, mentors, exclusions, max_new=None, min_overlap=60) -> None:
    by_id = {m.id: m for m in mentors}
    mentee_by_id = {e.id: e for e in mentees}
    new_load = Counter(a.mentor_id for a in result.assignments)
    assert len({a.mentee_id for a in result.assignments}) == len(result.assignments)
    for mentor_id, count in new_load.items():
        m = by_id[mentor_id]
        assert count <= m.capacity - m.load
        assert max_new is None or count <= max_new
        assert result.stats.mentor_load[mentor_id] == m.load + count
    for a in result.assignments:
        e, m = mentee_by_id[a.mentee_id], by_id[a.mentor_id]
        minutes = (
            words_to_int(packed_weekly_bitset(e.availability, e.timezone, QUIET_WEEK))
            & words_to_int(packed_weekly_bitset(m.availability, m.timezone, QUIET_WEEK))
        ).bit_count() * 15
        assert is_feasible(PairFacts(e, m, minutes, (e.id, m.id) in exclusions, min_overlap))
        assert sum(round(r.contribution * 10) for r in a.reasons) == round(a.score * 10)
    matched = {a.mentee_id for a in result.assignments}
    assert {u.mentee_id for u in result.stats.unmatched} == set(mentee_by_id) - matched
    assert result.stats.matched == len(result.assignments)


@PROPERTY
@given(data=instances, max_new=st.sampled_from([None, 1, 2]))
def test_it_never_exceeds_capacity_or_breaks_a_hard_constraint(data, max_new) -> None:
    mentees, mentors, exclusions = data
    result = assign(mentees, mentors, exclusions=exclusions, week_start=QUIET_WEEK, max_new_per_mentor=max_new)
    check_valid(result, mentees, mentors, exclusions, max_new)
    greedy = greedy_assign(mentees, mentors, exclusions=exclusions, week_start=QUIET_WEEK, max_new_per_mentor=max_new)
    check_valid(greedy, mentees, mentors, exclusions, max_new)


@pytest.mark.slow
@HEAVY
@given(data=instances, max_new=st.sampled_from([None, 1]))
def test_it_finds_the_brute_force_optimum_and_a_valid_bound_on_small_instances(data, max_new) -> None:
    mentees, mentors, exclusions = data
    scores = pair_scores(mentees, mentors, exclusions)
    optimum = brute_force_optimum(mentees, mentors, scores, max_new)
    result = assign(
        mentees, mentors, exclusions=exclusions, week_start=QUIET_WEEK, max_new_per_mentor=max_new, tolerance=0.0
    )
    assert round(result.stats.total_score * 10) == optimum
    assert round(result.stats.upper_bound * 10) >= optimum
    assert result.stats.gap == 0.0
    assert all(scores[a.mentee_id, a.mentor_id] == round(a.score * 10) for a in result.assignments)


@pytest.mark.slow
@HEAVY
@given(data=instances)
def test_the_batch_total_is_at_least_greedys(data) -> None:
    mentees, mentors, exclusions = data
    best = assign(mentees, mentors, exclusions=exclusions, week_start=QUIET_WEEK, tolerance=0.0)
    greedy = greedy_assign(mentees, mentors, exclusions=exclusions, week_start=QUIET_WEEK)
    assert best.stats.total_score >= greedy.stats.total_score
    assert greedy.stats.upper_bound >= best.stats.total_score


@pytest.mark.slow
def test_a_realistic_population_is_certified_within_tolerance_and_beats_greedy() -> None:
    mentors = [m.to_record(f"m{i}", load=i % 2) for i, m in enumerate(generate_mentors(300, seed=5))]
    mentees = [m.to_record(f"e{i}") for i, m in enumerate(generate_mentees(1200, seed=5))]
    result = assign(mentees, mentors, week_start=QUIET_WEEK, candidates_per_mentee=4)
    greedy = greedy_assign(mentees, mentors, week_start=QUIET_WEEK)
    stats = result.stats
    assert stats.gap <= 0.001
    assert stats.upper_bound >= stats.total_score >= greedy.stats.total_score
    assert math.isclose(stats.total_score, sum(a.score for a in result.assignments), abs_tol=1e-6)
    check_valid(result, mentees, mentors, frozenset())
    # The certificate is honest: the exact optimum never exceeds the bound.
    exact = assign(mentees, mentors, week_start=QUIET_WEEK, tolerance=0.0)
    assert stats.total_score <= exact.stats.total_score <= stats.upper_bound


def test_assignment_scores_and_reasons_equal_the_top_k_ones() -> None:
    mentors = [m.to_record(f"m{i}") for i, m in enumerate(generate_mentors(120, seed=2))]
    mentees = [m.to_record(f"e{i}") for i, m in enumerate(generate_mentees(60, seed=2))]
    index = MentorIndex.build(mentors, week_start=QUIET_WEEK)
    result = assign(mentees, mentors, week_start=QUIET_WEEK)
    assert result.assignments
    by_id = {e.id: e for e in mentees}
    for a in result.assignments:
        suggestions = {s.mentor_id: s for s in index.top_k(by_id[a.mentee_id], 200).results}
        assert suggestions[a.mentor_id].score == a.score
        assert suggestions[a.mentor_id].reasons == a.reasons


def test_the_fairness_limit_caps_new_mentees_per_mentor() -> None:
    mentees = [mentee(f"e{i}") for i in range(6)]
    mentors = [mentor("big", capacity=5), mentor("small", capacity=5, text="")]
    unlimited = assign(mentees, mentors, week_start=QUIET_WEEK)
    assert Counter(a.mentor_id for a in unlimited.assignments)["big"] == 5
    fair = assign(mentees, mentors, week_start=QUIET_WEEK, max_new_per_mentor=2)
    assert Counter(a.mentor_id for a in fair.assignments) == {"big": 2, "small": 2}
    assert len(fair.stats.unmatched) == 2


def test_a_mentee_with_no_feasible_mentor_stays_unmatched_with_a_reason() -> None:
    lonely = mentee("lonely", languages=frozenset({"de"}))
    result = assign([mentee("e1"), lonely], [mentor("m1")], week_start=QUIET_WEEK)
    assert [a.mentee_id for a in result.assignments] == ["e1"]
    [unmatched] = result.stats.unmatched
    assert unmatched.mentee_id == "lonely"
    assert unmatched.why_not[0].constraint == C.SHARED_LANGUAGE


def test_mentees_who_lose_out_on_capacity_are_told_so() -> None:
    result = assign([mentee("e1"), mentee("e2")], [mentor("m1", capacity=1)], week_start=QUIET_WEEK)
    [unmatched] = result.stats.unmatched
    [why] = unmatched.why_not
    assert why.constraint == C.HAS_CAPACITY
    assert why.relaxation == {"wait_for": "capacity", "adds": 1}


def test_empty_and_degenerate_inputs_give_clear_results() -> None:
    nobody = assign([], [mentor()], week_start=QUIET_WEEK)
    assert nobody.assignments == []
    assert nobody.stats.matched == 0
    assert nobody.stats.gap == 0.0
    no_mentors = assign([mentee()], [], week_start=QUIET_WEEK)
    assert no_mentors.assignments == []
    assert no_mentors.stats.unmatched[0].why_not[0].constraint == "no_mentors"
    all_full = assign([mentee()], [mentor(capacity=1, load=1)], week_start=QUIET_WEEK)
    assert all_full.assignments == []
    assert all_full.stats.unmatched[0].why_not[0].constraint == C.HAS_CAPACITY
    zero_new = assign([mentee()], [mentor()], week_start=QUIET_WEEK, max_new_per_mentor=0)
    assert zero_new.assignments == []
    assert zero_new.stats.total_score == 0
    one_language = [mentor(f"m{i}") for i in range(3)]
    everyone = assign([mentee(f"e{i}") for i in range(4)], one_language, week_start=QUIET_WEEK)
    assert everyone.stats.matched == 4
    assert everyone.stats.gap <= 0.001


def test_invalid_arguments_are_rejected() -> None:
    with pytest.raises(ValueError, match="unique"):
        assign([mentee("a"), mentee("a")], [mentor()], week_start=QUIET_WEEK)
    with pytest.raises(ValueError, match="tolerance"):
        assign([mentee()], [mentor()], week_start=QUIET_WEEK, tolerance=-1)
    with pytest.raises(ValueError, match="max_new_per_mentor"):
        assign([mentee()], [mentor()], week_start=QUIET_WEEK, max_new_per_mentor=-1)
