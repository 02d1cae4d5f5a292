"""Top-k over the vectorised index agrees with the pairwise reference."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching import constraints as C
from matching.availability import overlap_minutes, packed_weekly_bitset
from matching.constraints import PairFacts, is_feasible
from matching.index import MentorIndex
from matching.reference import naive_top_k, prepare
from matching.synthetic import generate_mentees, generate_mentors

from .conftest import QUIET_WEEK, mentee, mentor
from .strategies import PROPERTY, mentee_records, mentor_pools, mentor_records


def reference(index: MentorIndex, e, k: int = 10, prepared=None, **kwargs):
    mentors = index.mentors()
    if prepared is None:
        prepared = [prepare(m, week_start=index.week_start, text_model=index.text_model) for m in mentors]
    return naive_top_k(e, mentors, prepared, week_start=index.week_start, text_model=index.text_model, k=k, **kwargs)


def feasible(e, m, exclusions=frozenset(), min_overlap: int = 60) -> bool:
    minutes = overlap_minutes(
        packed_weekly_bitset(e.availability, e.timezone, QUIET_WEEK),
        packed_weekly_bitset(m.availability, m.timezone, QUIET_WEEK),
    )
    return is_feasible(PairFacts(e, m, minutes, (e.id, m.id) in exclusions, min_overlap))


pools_and_mentee = mentor_pools().flatmap(lambda ms: mentee_records("e0").map(lambda e: (e, ms)))


@PROPERTY
@given(data=pools_and_mentee, k=st.integers(1, 6))
def test_top_k_matches_the_pairwise_reference_exactly(data, k) -> None:
    e, mentors = data
    index = MentorIndex.build(mentors, week_start=QUIET_WEEK)
    assert index.top_k(e, k).results == reference(index, e, k)


@PROPERTY
@given(data=pools_and_mentee, min_overlap=st.sampled_from([15, 60, 120]))
def test_no_suggestion_ever_violates_a_hard_constraint(data, min_overlap) -> None:
    e, mentors = data
    exclusions = frozenset(("e0", m.id) for m in mentors[:2])
    index = MentorIndex.build(mentors, week_start=QUIET_WEEK)
    result = index.top_k(e, 50, exclusions=exclusions, min_overlap_minutes=min_overlap)
    by_id = {m.id: m for m in mentors}
    assert all(feasible(e, by_id[s.mentor_id], exclusions, min_overlap) for s in result.results)
    assert result.qualified == sum(feasible(e, m, exclusions, min_overlap) for m in mentors)


def test_results_are_ordered_by_score_then_id() -> None:
    mentors = [mentor(f"m{i}", capacity=4, load=i % 4) for i in range(8)]
    results = MentorIndex.build(mentors, week_start=QUIET_WEEK).top_k(mentee(), 8).results
    keys = [(-s.score, s.mentor_id) for s in results]
    assert keys == sorted(keys)
    assert len(results) == 8


@PROPERTY
@given(
    data=pools_and_mentee,
    changes=st.lists(st.tuples(st.booleans(), st.integers(0, 11), mentor_records("new")), max_size=8),
)
def test_upserts_and_removals_match_the_reference_without_a_rebuild(data, changes) -> None:
    e, mentors = data
    index = MentorIndex.build(mentors, week_start=QUIET_WEEK)
    for is_removal, which, record in changes:
        mentor_id = f"m{which}"
        if is_removal:
            index.remove(mentor_id)
        else:
            index.upsert(replace(record, id=mentor_id))
    assert index.top_k(e, 8).results == reference(index, e, 8)
    index.compact()
    assert index.top_k(e, 8).results == reference(index, e, 8)


def test_upsert_replaces_a_mentor_and_remove_drops_one() -> None:
    index = MentorIndex.build([mentor("a"), mentor("b")], week_start=QUIET_WEEK)
    index.upsert(replace(index.get("a"), languages=frozenset({"fr"})))
    assert [s.mentor_id for s in index.top_k(mentee()).results] == ["b"]
    assert index.remove("b") is True
    assert index.remove("b") is False
    assert index.top_k(mentee()).results == []
    index.upsert(mentor("c", languages=frozenset({"zz", "en"})))  # a brand-new language code
    assert [s.mentor_id for s in index.top_k(mentee()).results] == ["c"]
    assert len(index) == 2
    assert "a" in index
    assert "b" not in index


def test_many_upserts_trigger_compaction_and_keep_results() -> None:
    index = MentorIndex.build([mentor(f"m{i}") for i in range(5)], week_start=QUIET_WEEK)
    for round_ in range(300):
        index.upsert(mentor(f"m{round_ % 5}", load=round_ % 2))
    assert len(index) == 5
    assert index.slot_count < 300  # retired slots were reclaimed
    assert index.top_k(mentee(), 5).results == reference(index, mentee(), 5)


def test_unknown_words_in_new_mentor_text_are_ignored_until_a_rebuild() -> None:
    index = MentorIndex.build([mentor("a", text="running journaling")], week_start=QUIET_WEEK)
    index.upsert(mentor("b", text="zzyzx quokka"))
    e = mentee(text="quokka zzyzx")
    scores = {s.mentor_id: s for s in index.top_k(e).results}
    text_b = next(r for r in scores["b"].reasons if r.factor == "text_similarity")
    assert text_b.contribution == 0.0
    rebuilt = MentorIndex.build(index.mentors(), week_start=QUIET_WEEK)
    scores = {s.mentor_id: s for s in rebuilt.top_k(e).results}
    assert next(r for r in scores["b"].reasons if r.factor == "text_similarity").contribution > 0


def test_an_empty_pool_says_there_are_no_mentors_rather_than_failing() -> None:
    result = MentorIndex.build([], week_start=QUIET_WEEK).top_k(mentee())
    assert result.results == []
    assert result.qualified == 0
    assert [w.constraint for w in result.why_not] == ["no_mentors"]


def test_a_pool_where_everyone_is_full_explains_the_wait() -> None:
    mentors = [mentor(f"m{i}", capacity=1, load=1) for i in range(3)]
    result = MentorIndex.build(mentors, week_start=QUIET_WEEK).top_k(mentee())
    assert result.results == []
    [why] = result.why_not
    assert why.constraint == C.HAS_CAPACITY
    assert why.excludes_alone == 3
    assert why.relaxation == {"wait_for": "capacity", "adds": 3}


def test_a_mentee_without_text_languages_or_slots_gets_answers_not_errors() -> None:
    e = mentee(text="", languages=frozenset(), availability=(), condition_focus=frozenset())
    result = MentorIndex.build([mentor()], week_start=QUIET_WEEK).top_k(e)
    assert result.results == []
    assert result.why_not


def test_k_zero_returns_nothing_and_negative_k_is_an_error() -> None:
    index = MentorIndex.build([mentor()], week_start=QUIET_WEEK)
    assert index.top_k(mentee(), 0).results == []
    with pytest.raises(ValueError, match="k must be"):
        index.top_k(mentee(), -1)


def test_duplicate_mentor_ids_and_non_monday_weeks_are_rejected() -> None:
    with pytest.raises(ValueError, match="unique"):
        MentorIndex.build([mentor("a"), mentor("a")], week_start=QUIET_WEEK)
    with pytest.raises(ValueError, match="Monday"):
        MentorIndex.build([mentor()], week_start=dt.date(2026, 1, 13))


@pytest.mark.slow
def test_a_realistic_population_gives_the_same_top_ten_as_the_reference() -> None:
    mentors = [m.to_record(f"m{i}", load=i % 3) for i, m in enumerate(generate_mentors(1500, seed=11))]
    mentees = [m.to_record(f"e{i}") for i, m in enumerate(generate_mentees(25, seed=11))]
    index = MentorIndex.build(mentors, week_start=dt.date(2026, 3, 9))
    prepared = [prepare(m, week_start=index.week_start, text_model=index.text_model) for m in index.mentors()]
    for e in mentees:
        assert index.top_k(e, 10).results == reference(index, e, 10, prepared)


@PROPERTY
@given(data=pools_and_mentee)
def test_the_reference_loop_applies_exactly_the_named_rules(data) -> None:
    e, mentors = data
    index = MentorIndex.build(mentors, week_start=QUIET_WEEK)
    exclusions = frozenset(("e0", m.id) for m in mentors[:1])
    loop = {s.mentor_id for s in reference(index, e, 100, exclusions=exclusions)}
    assert loop == {m.id for m in mentors if feasible(e, m, exclusions)}
