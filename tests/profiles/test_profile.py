"""The profile endpoint: strict validation of every field, per role."""

from __future__ import annotations

import pytest

from backend.profiles.models import MentorProfile

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/profile/"

MENTEE_BODY = {
    "languages": ["en", "es"],
    "timezone": "America/New_York",
    "availability": [{"day": 0, "start": "18:00", "end": "20:30"}, {"day": 5, "start": "09:00", "end": "24:00"}],
    "condition_focus": ["anxiety", "panic"],
    "bio": "Night-shift nurse.",
    "goals": "Sleep better and stop avoiding the subway.",
    "topics_to_avoid": ["eating_disorders"],
}

MENTOR_BODY = {
    "languages": ["en"],
    "timezone": "Europe/London",
    "availability": [{"day": 2, "start": "19:00", "end": "21:00"}],
    "condition_focus": ["depression"],
    "bio": "Teacher.",
    "lived_experience": ["depression", "grief"],
    "recovery_story": "It took a while.",
    "capacity": 4,
    "accepting_new": True,
    "not_ready_for": ["psychosis"],
}


def test_a_mentee_puts_and_reads_back_their_profile(as_user, mentee):
    api = as_user(mentee)
    response = api.put(URL, MENTEE_BODY, format="json")
    assert response.status_code == 200, response.json()
    got = api.get(URL).json()
    for field, value in MENTEE_BODY.items():
        assert got[field] == value
    assert "lived_experience" not in got


def test_a_mentor_puts_a_profile_but_cannot_set_their_vetting_status(as_user, db):
    from tests.factories import make_user

    mentor = make_user("mentor")
    MentorProfile.objects.filter(user=mentor).update(vetting_status="pending")
    api = as_user(mentor)
    response = api.put(URL, {**MENTOR_BODY, "vetting_status": "approved"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["vetting_status"] == "pending"
    assert response.json()["capacity"] == 4


def test_patch_changes_only_the_fields_sent(as_user, mentee):
    api = as_user(mentee)
    api.put(URL, MENTEE_BODY, format="json")
    response = api.patch(URL, {"bio": "Changed."}, format="json")
    assert response.status_code == 200
    assert response.json()["bio"] == "Changed."
    assert response.json()["goals"] == MENTEE_BODY["goals"]


def test_put_requires_languages_and_timezone(as_user, mentee):
    response = as_user(mentee).put(URL, {"bio": "x"}, format="json")
    assert response.status_code == 400
    assert {"languages", "timezone"} <= set(response.json()["error"]["fields"])


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"languages": []}, "languages"),
        ({"languages": ["english"]}, "languages"),
        ({"languages": ["xx"]}, "languages"),
        ({"languages": ["en", "en"]}, "languages"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"timezone": "EST5EDT "}, "timezone"),
        ({"condition_focus": ["sadness"]}, "condition_focus"),
        ({"topics_to_avoid": ["nope"]}, "topics_to_avoid"),
        ({"bio": "x" * 1001}, "bio"),
        ({"goals": "x" * 1001}, "goals"),
        ({"availability": [{"day": 7, "start": "10:00", "end": "11:00"}]}, "availability.0.day"),
        ({"availability": [{"day": 1, "start": "10:10", "end": "11:00"}]}, "availability.0.start"),
        ({"availability": [{"day": 1, "start": "10:00", "end": "25:00"}]}, "availability.0.end"),
        ({"availability": [{"day": 1, "start": "24:00", "end": "24:00"}]}, "availability.0.start"),
        ({"availability": [{"day": 1, "start": "11:00", "end": "10:00"}]}, "availability.0.end"),
        ({"availability": [{"day": 1, "start": "10:00", "end": "10:00"}]}, "availability.0.end"),
        ({"availability": [{"day": 1, "start": "9:00", "end": "10:00"}]}, "availability.0.start"),
        (
            {
                "availability": [
                    {"day": 1, "start": "10:00", "end": "12:00"},
                    {"day": 1, "start": "11:45", "end": "13:00"},
                ]
            },
            "availability",
        ),
        ({"availability": [{"day": 1, "start": "10:00", "end": "11:00"}] * 43}, "availability"),
        ({"availability": "mondays"}, "availability"),
    ],
)
def test_it_refuses_invalid_fields_and_names_them(as_user, mentee, patch, field):
    api = as_user(mentee)
    before = api.get(URL).json()
    response = api.patch(URL, patch, format="json")
    assert response.status_code == 400, response.json()
    body = response.json()["error"]
    assert body["code"] == "validation_error"
    assert field in body["fields"], body["fields"]
    assert api.get(URL).json() == before


def test_adjacent_slots_are_not_overlaps(as_user, mentee):
    slots = [{"day": 1, "start": "10:00", "end": "11:00"}, {"day": 1, "start": "11:00", "end": "12:00"}]
    assert as_user(mentee).patch(URL, {"availability": slots}, format="json").status_code == 200


@pytest.mark.parametrize(("capacity", "ok"), [(0, False), (1, True), (10, True), (11, False), ("many", False)])
def test_mentor_capacity_is_bounded(as_user, mentor, capacity, ok):
    response = as_user(mentor).patch(URL, {"capacity": capacity}, format="json")
    assert (response.status_code == 200) is ok
    if not ok:
        assert "capacity" in response.json()["error"]["fields"]


def test_a_recovery_story_has_a_size_limit(as_user, mentor):
    response = as_user(mentor).patch(URL, {"recovery_story": "x" * 4001}, format="json")
    assert response.status_code == 400
    assert "recovery_story" in response.json()["error"]["fields"]


def test_a_coordinator_has_no_profile(as_user, coordinator):
    response = as_user(coordinator).get(URL)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_the_taxonomy_lists_codes_and_the_slot_size(api):
    body = api.get("/api/v1/taxonomy/").json()
    codes = {c["code"] for c in body["conditions"]}
    assert {"anxiety", "depression", "ptsd"} <= codes
    assert len(body["languages"]) == 183
    assert {"code": "es", "name": "Spanish"} in body["languages"]
    assert body["availability"]["slot_minutes"] == 15


def test_every_taxonomy_condition_is_accepted_by_the_profile(api, as_user, mentee):
    codes = [c["code"] for c in api.get("/api/v1/taxonomy/").json()["conditions"]]
    response = as_user(mentee).patch(URL, {"condition_focus": codes}, format="json")
    assert response.status_code == 200
    assert response.json()["condition_focus"] == codes
