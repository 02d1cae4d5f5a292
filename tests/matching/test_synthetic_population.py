"""The synthetic population: deterministic, valid and realistically skewed."""

from __future__ import annotations

from collections import Counter

import pytest

from matching.records import MentorRecord
from matching.synthetic import generate_mentees, generate_mentors
from matching.taxonomy import CONDITIONS


@pytest.fixture(scope="module")
def mentors():
    return generate_mentors(1500, seed=7)


@pytest.fixture(scope="module")
def mentees():
    return generate_mentees(1500, seed=7)


def test_generation_is_deterministic_for_a_seed() -> None:
    assert generate_mentors(50, seed=3) == generate_mentors(50, seed=3)
    assert generate_mentees(50, seed=3) == generate_mentees(50, seed=3)
    assert generate_mentors(50, seed=3) != generate_mentors(50, seed=4)


def test_display_names_are_pseudonymous_and_unique_within_one_call(mentors, mentees) -> None:
    for people in (mentors, mentees):
        names = [p.display_name for p in people]
        assert len(set(names)) == len(names)
        assert all(name[0].isupper() and name[-1].isdigit() for name in names)


def test_profiles_use_only_known_condition_codes(mentors, mentees) -> None:
    for m in mentors:
        assert set(m.lived_experience) <= set(CONDITIONS)
        assert set(m.condition_focus) <= set(m.lived_experience)
        assert set(m.not_ready_for) <= set(m.lived_experience)
        assert not set(m.not_ready_for) & set(m.condition_focus)
    for e in mentees:
        assert 1 <= len(e.condition_focus) <= 3
        assert not set(e.topics_to_avoid) & set(e.condition_focus)


def test_distributions_look_like_a_real_community(mentors, mentees) -> None:
    people = mentors + mentees
    languages = Counter(code for p in people for code in p.languages)
    assert languages.most_common(1)[0][0] == "en"
    assert {"es", "fr", "de", "pt", "hi", "ar", "zh"} <= set(languages)
    bilingual = sum(len(p.languages) == 2 for p in people) / len(people)
    assert 0.25 < bilingual < 0.6
    conditions = Counter(code for e in mentees for code in e.condition_focus)
    assert {c for c, _ in conditions.most_common(2)} == {"anxiety", "depression"}
    zones = Counter(p.timezone for p in people)
    assert zones.most_common(1)[0][0] == "America/New_York"
    assert {"Europe/London", "Asia/Kolkata", "Australia/Sydney", "Europe/Berlin"} <= set(zones)
    assert all(1 <= len(p.availability) <= 4 for p in people)
    capacities = Counter(m.capacity for m in mentors)
    assert set(capacities) == set(range(1, 6))
    assert capacities[1] + capacities[2] > capacities[4] + capacities[5]
    statuses = Counter(m.vetting_status for m in mentors)
    assert set(statuses) == {"approved", "pending"}
    assert statuses["approved"] > 0.8 * len(mentors)
    assert 0.8 < sum(m.accepting_new for m in mentors) / len(mentors) < 0.97


def test_free_text_carries_condition_vocabulary(mentees) -> None:
    panicky = [e for e in mentees if "panic" in e.condition_focus]
    assert panicky
    assert all("panic" in e.goals.lower() for e in panicky)


def test_to_record_carries_every_matching_field(mentors, mentees) -> None:
    m = mentors[0]
    record = m.to_record("mentor-1", load=1)
    assert isinstance(record, MentorRecord)
    assert record.id == "mentor-1"
    assert record.load == 1
    assert record.capacity == m.capacity
    assert record.languages == frozenset(m.languages)
    assert record.availability == tuple(m.availability)
    assert record.vetted == (m.vetting_status == "approved")
    assert m.bio in record.text
    assert m.recovery_story in record.text
    e = mentees[0].to_record("mentee-1")
    assert e.topics_to_avoid == frozenset(mentees[0].topics_to_avoid)
    assert mentees[0].goals in e.text
