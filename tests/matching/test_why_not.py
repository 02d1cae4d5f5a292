"""When fewer than k mentors qualify, say why and what would help, exactly."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given

from matching import constraints as C
from matching.index import MentorIndex
from matching.records import MenteeRecord, Slot

from .conftest import QUIET_WEEK, mentee, mentor
from .strategies import PROPERTY, mentee_records, mentor_pools

pools_and_mentee = mentor_pools(min_size=1, max_size=14).flatmap(lambda ms: mentee_records("e0").map(lambda e: (e, ms)))


def apply(e: MenteeRecord, relaxation: dict[str, object]) -> tuple[MenteeRecord, int | None]:
    """The mentee (and minimum overlap) after a mentee-side relaxation."""
    if "min_overlap_minutes" in relaxation:
        return e, int(relaxation["min_overlap_minutes"])  # type: ignore[call-overload]
    if "add_language" in relaxation:
        return replace(e, languages=e.languages | {relaxation["add_language"]}), None
    if "add_focus_condition" in relaxation:
        return replace(e, condition_focus=e.condition_focus | {relaxation["add_focus_condition"]}), None
    if "remove_focus_condition" in relaxation:
        return replace(e, condition_focus=e.condition_focus - {relaxation["remove_focus_condition"]}), None
    if "remove_topic_to_avoid" in relaxation:
        return replace(e, topics_to_avoid=e.topics_to_avoid - {relaxation["remove_topic_to_avoid"]}), None
    if "add_availability" in relaxation:
        block = relaxation["add_availability"]
        assert isinstance(block, dict)
        slot = Slot(block["day"], block["start"], block["end"])
        return replace(e, availability=(*e.availability, slot)), None
    raise AssertionError(f"not a mentee-side relaxation: {relaxation}")


def test_why_not_is_empty_when_enough_mentors_qualify() -> None:
    index = MentorIndex.build([mentor("a"), mentor("b")], week_start=QUIET_WEEK)
    assert index.top_k(mentee(), 2).why_not == []
    assert index.top_k(mentee(), 3).why_not != []


@PROPERTY
@given(data=pools_and_mentee)
def test_every_mentee_side_relaxation_adds_exactly_the_mentors_it_promises(data) -> None:
    e, mentors = data
    index = MentorIndex.build(mentors, week_start=QUIET_WEEK)
    before = index.top_k(e, 100)
    assert before.why_not, "fewer than 100 always qualify here"
    for item in before.why_not:
        relaxation = item.relaxation
        if "wait_for" in relaxation or "relaxable" in relaxation or relaxation.get("adds") == 0:
            continue
        relaxed, min_overlap = apply(e, relaxation)
        after = index.top_k(relaxed, 100, min_overlap_minutes=min_overlap or 60)
        assert after.qualified - before.qualified == relaxation["adds"], item


@PROPERTY
@given(data=pools_and_mentee)
def test_excludes_alone_counts_mentors_failing_only_that_rule(data) -> None:
    e, mentors = data
    exclusions = frozenset({("e0", mentors[0].id)})
    index = MentorIndex.build(mentors, week_start=QUIET_WEEK)
    evaluation = index.evaluate(index.prepare(e, exclusions), 60)
    only = {name: int((evaluation.fails[name] & (evaluation.fail_count == 1)).sum()) for name in C.CONSTRAINT_NAMES}
    for item in index.top_k(e, 100, exclusions=exclusions).why_not:
        if item.constraint in only:
            assert item.excludes_alone == only[item.constraint]
            assert item.excludes_total == int(evaluation.fails[item.constraint].sum())
    reported = {w.constraint for w in index.top_k(e, 100, exclusions=exclusions).why_not}
    for name, count in only.items():
        if count and name != C.LIVED_EXPERIENCE:
            assert name in reported, name


def test_a_lower_minimum_overlap_is_offered_with_the_mentors_it_adds() -> None:
    half_hour = [mentor(f"m{i}", availability=(Slot(0, 19 * 60 + 30, 21 * 60),)) for i in range(4)]
    result = MentorIndex.build(half_hour, week_start=QUIET_WEEK).top_k(mentee(), 3)
    item = next(w for w in result.why_not if "min_overlap_minutes" in w.relaxation)
    assert item.relaxation == {"min_overlap_minutes": 30, "adds": 4}
    assert "allowing 30 minutes of overlap instead of 60 adds 4 mentors" in item.text


def test_a_language_to_add_is_named() -> None:
    spanish = [mentor(f"m{i}", languages=frozenset({"es"})) for i in range(3)]
    result = MentorIndex.build([*spanish, mentor("en1")], week_start=QUIET_WEEK).top_k(mentee(), 4)
    item = next(w for w in result.why_not if w.constraint == C.SHARED_LANGUAGE)
    assert item.relaxation == {"add_language": "es", "adds": 3}
    assert "adding Spanish to your languages would add 3 mentors" in item.text


def test_a_block_of_extra_availability_is_suggested_in_local_time() -> None:
    wednesday = [mentor(f"m{i}", availability=(Slot(2, 19 * 60, 21 * 60),)) for i in range(2)]
    result = MentorIndex.build(wednesday, week_start=QUIET_WEEK).top_k(mentee(), 3)
    item = next(w for w in result.why_not if "add_availability" in w.relaxation)
    assert item.relaxation == {"add_availability": {"day": 2, "start": 19 * 60, "end": 21 * 60}, "adds": 2}
    assert item.text == "Adding Wednesday 19:00\u201321:00 to your availability would add 2 mentors."


def test_an_avoided_topic_and_a_mentor_not_ready_are_explained() -> None:
    avoid = mentor("a", lived_experience=frozenset({"anxiety", "grief"}))
    not_ready = mentor("b", lived_experience=frozenset({"anxiety", "ptsd"}), not_ready_for=frozenset({"ptsd"}))
    e = mentee(condition_focus=frozenset({"anxiety", "ptsd"}), topics_to_avoid=frozenset({"grief"}))
    why = {w.constraint: w for w in MentorIndex.build([avoid, not_ready], week_start=QUIET_WEEK).top_k(e).why_not}
    assert why[C.TOPICS_TO_AVOID].relaxation == {"remove_topic_to_avoid": "grief", "adds": 1}
    assert why[C.MENTOR_READY].relaxation == {"remove_focus_condition": "ptsd", "adds": 1}
    assert "aren't ready yet to mentor on PTSD" in why[C.MENTOR_READY].text


def test_mentors_failing_several_rules_get_a_summary_instead_of_silence() -> None:
    far_and_foreign = [
        mentor(f"m{i}", languages=frozenset({"de"}), timezone="Asia/Tokyo", lived_experience=frozenset({"grief"}))
        for i in range(3)
    ]
    [item] = MentorIndex.build(far_and_foreign, week_start=QUIET_WEEK).top_k(mentee()).why_not
    assert item.constraint == "several_constraints"
    assert "two or more requirements" in item.text
    assert item.relaxation == {"adds": 0}


def test_a_mentee_without_focus_areas_is_asked_to_choose_one() -> None:
    e = mentee(condition_focus=frozenset())
    why = MentorIndex.build([mentor("a"), mentor("b")], week_start=QUIET_WEEK).top_k(e).why_not
    item = next(w for w in why if w.constraint == C.LIVED_EXPERIENCE)
    assert item.text.startswith("Choose at least one focus area")
    assert item.relaxation == {"add_focus_condition": "anxiety", "adds": 2}


def test_excluded_pairs_are_counted_but_never_offered_as_a_relaxation() -> None:
    result = MentorIndex.build([mentor("a")], week_start=QUIET_WEEK).top_k(
        mentee(), exclusions=frozenset({("e1", "a")})
    )
    [item] = result.why_not
    assert item.constraint == C.NOT_EXCLUDED
    assert item.relaxation == {"relaxable": False, "adds": 0}
    assert item.excludes_alone == 1
