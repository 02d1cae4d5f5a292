"""Scores are weighted sums of named factors, explained factor by factor."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from hypothesis import given

from matching.index import MentorIndex
from matching.records import Slot
from matching.weights import DEFAULT_WEIGHTS, FACTORS, Weights

from .conftest import QUIET_WEEK, mentee, mentor
from .strategies import PROPERTY, mentee_records, mentor_pools


def test_weights_must_sum_to_one_hundred_in_tenths() -> None:
    assert sum(DEFAULT_WEIGHTS.as_tuple()) == pytest.approx(100)
    with pytest.raises(ValueError, match="sum to 100"):
        Weights(condition_coverage=40)
    with pytest.raises(ValueError, match=r"multiple of 0\.1"):
        Weights(condition_coverage=35.05, text_similarity=19.95)
    with pytest.raises(ValueError, match=">= 0"):
        Weights(condition_coverage=-5, text_similarity=60)


def test_every_result_carries_the_weights_version() -> None:
    weights = Weights(version="test-2", condition_coverage=50, text_similarity=5)
    index = MentorIndex.build([mentor()], week_start=QUIET_WEEK, weights=weights)
    result = index.top_k(mentee())
    assert result.weights_version == "test-2"
    assert [s.weights_version for s in result.results] == ["test-2"]


@PROPERTY
@given(data=mentor_pools(min_size=1).flatmap(lambda ms: mentee_records("e0").map(lambda e: (e, ms))))
def test_contributions_add_up_to_the_score_and_every_factor_is_listed_once(data) -> None:
    e, mentors = data
    for suggestion in MentorIndex.build(mentors, week_start=QUIET_WEEK).top_k(e, 20).results:
        tenths = [round(r.contribution * 10) for r in suggestion.reasons]
        assert all(math.isclose(t / 10, r.contribution) for t, r in zip(tenths, suggestion.reasons, strict=True))
        assert sum(tenths) == round(suggestion.score * 10)
        assert sorted(r.factor for r in suggestion.reasons) == sorted(FACTORS)
        assert all(r.text for r in suggestion.reasons)
        assert 0 <= suggestion.score <= 100
        weights = dict(zip(FACTORS, DEFAULT_WEIGHTS.as_tuple(), strict=True))
        assert all(0 <= r.contribution <= weights[r.factor] for r in suggestion.reasons)


def test_a_perfect_pair_explains_each_factor_in_plain_words() -> None:
    m = mentor(
        languages=frozenset({"en", "es"}),
        lived_experience=frozenset({"anxiety", "depression"}),
        availability=(Slot(0, 17 * 60, 21 * 60),),
        text="Running and journaling got me through anxiety and depression.",
        capacity=3,
        load=1,
    )
    e = mentee(
        languages=frozenset({"en", "es"}),
        condition_focus=frozenset({"anxiety", "depression"}),
        availability=(Slot(0, 17 * 60, 21 * 60),),
        text="Anxiety and depression; running and journaling help me.",
    )
    [suggestion] = MentorIndex.build([m], week_start=QUIET_WEEK).top_k(e).results
    texts = {r.factor: r.text for r in suggestion.reasons}
    assert texts["condition_coverage"] == "Shares lived experience of anxiety and depression"
    assert texts["shared_languages"] == "You both speak English and Spanish"
    assert (
        texts["availability_overlap"] == "4 hours of shared availability each week, e.g. Mon 17:00\u201321:00 your time"
    )
    assert texts["load_balance"] == "Has room for 2 more mentees"
    assert texts["text_similarity"].startswith("Your stories both mention ")
    contributions = {r.factor: r.contribution for r in suggestion.reasons}
    assert contributions["condition_coverage"] == 35.0
    assert contributions["availability_overlap"] == 20.0
    assert contributions["load_balance"] == 10.0  # two of three places free
    assert [r.contribution for r in suggestion.reasons] == sorted(
        (r.contribution for r in suggestion.reasons), reverse=True
    )


def test_partial_coverage_says_how_many_focus_areas_are_shared() -> None:
    e = mentee(condition_focus=frozenset({"anxiety", "grief"}))
    [suggestion] = MentorIndex.build([mentor()], week_start=QUIET_WEEK).top_k(e).results
    reason = next(r for r in suggestion.reasons if r.factor == "condition_coverage")
    assert reason.text == "Shares lived experience of anxiety (1 of your 2 focus areas)"
    assert reason.contribution == 17.5


def test_shared_time_is_shown_in_the_mentees_own_time_zone() -> None:
    m = mentor(timezone="Europe/London", availability=(Slot(2, 18 * 60, 20 * 60),))
    e = mentee(timezone="America/New_York", availability=(Slot(2, 12 * 60, 15 * 60),))
    [suggestion] = MentorIndex.build([m], week_start=QUIET_WEEK).top_k(e).results
    reason = next(r for r in suggestion.reasons if r.factor == "availability_overlap")
    assert reason.text == "2 hours of shared availability each week, e.g. Wed 13:00\u201315:00 your time"


def test_a_mentor_with_more_spare_capacity_scores_higher_all_else_equal() -> None:
    roomy = mentor("roomy", capacity=4, load=0)
    busy = mentor("busy", capacity=4, load=3)
    result = MentorIndex.build([busy, roomy], week_start=QUIET_WEEK).top_k(mentee())
    assert [s.mentor_id for s in result.results] == ["roomy", "busy"]
    assert result.results[0].score > result.results[1].score


def test_more_shared_availability_scores_higher_all_else_equal() -> None:
    long = mentor("long", availability=(Slot(0, 16 * 60, 20 * 60),))
    short = replace(long, id="short", availability=(Slot(0, 18 * 60, 19 * 60),))
    e = mentee(availability=(Slot(0, 16 * 60, 20 * 60),))
    result = MentorIndex.build([short, long], week_start=QUIET_WEEK).top_k(e)
    assert [s.mentor_id for s in result.results] == ["long", "short"]
