"""Suggestions: only for mentees, explained, never a blocked or already-matched mentor."""

from __future__ import annotations

import pytest

from backend.profiles.models import MenteeProfile, MentorProfile
from tests.factories import make_user

from .helpers import request_match

pytestmark = pytest.mark.django_db

URL = "/api/v1/suggestions/"


def test_a_mentee_gets_ranked_explained_mentors(as_user, mentee, mentor):
    body = as_user(mentee).get(URL).json()
    assert body["count"] == 1
    [first] = body["results"]
    assert first["mentor"] == {
        "id": str(mentor.pk),
        "display_name": "Bob",
        "languages": ["en"],
        "lived_experience": ["anxiety", "depression"],
        "bio": MentorProfile.objects.get(user=mentor).bio,
    }
    assert 0 < first["score"] <= 100
    assert round(sum(r["contribution"] for r in first["reasons"]), 1) == first["score"]
    assert {r["factor"] for r in first["reasons"]} >= {"condition_coverage", "text_similarity"}
    assert all(r["text"] for r in first["reasons"])


def test_suggestions_carry_no_private_mentor_fields(as_user, mentee, mentor):
    [first] = as_user(mentee).get(URL).json()["results"]
    assert set(first["mentor"]) == {"id", "display_name", "languages", "lived_experience", "bio"}
    assert "email" not in str(first)
    assert "not_ready_for" not in str(first)


def test_better_fits_rank_first(as_user, mentee, mentor):
    weaker = make_user("mentor")
    # Less shared time (one hour instead of two) and nothing in common in what they wrote.
    MentorProfile.objects.filter(user=weaker).update(
        availability=[{"day": 1, "start": "19:00", "end": "20:00"}], bio="Gardener.", recovery_story="Slow and steady."
    )
    results = as_user(mentee).get(URL).json()["results"]
    assert results[0]["mentor"]["id"] == str(mentor.pk)
    assert results[0]["score"] > results[1]["score"]


def test_a_limit_caps_the_list(as_user, mentee):
    for _ in range(4):
        make_user("mentor")
    assert as_user(mentee).get(URL + "?limit=2").json()["count"] == 2


@pytest.mark.parametrize("limit", ["0", "51", "ten", "-1"])
def test_a_bad_limit_is_a_validation_error(as_user, mentee, limit):
    response = as_user(mentee).get(URL + f"?limit={limit}")
    assert response.status_code == 400
    assert "limit" in response.json()["error"]["fields"]


def test_a_blocked_mentor_is_never_suggested_either_way(as_user, mentee, mentor):
    assert as_user(mentee).post("/api/v1/blocks/", {"user_id": str(mentor.pk)}, format="json").status_code == 201
    assert as_user(mentee).get(URL).json()["count"] == 0


def test_a_mentor_who_blocked_the_mentee_is_not_suggested(as_user, mentee, mentor):
    from backend.safety.models import Block

    Block.objects.create(blocker=mentor, blocked=mentee)
    assert as_user(mentee).get(URL).json()["count"] == 0


def test_a_lifted_block_still_excludes_the_pair(as_user, mentee, mentor):
    api = as_user(mentee)
    api.post("/api/v1/blocks/", {"user_id": str(mentor.pk)}, format="json")
    assert api.delete(f"/api/v1/blocks/{mentor.pk}/").status_code == 204
    assert api.get(URL).json()["count"] == 0


def test_a_mentor_with_an_open_match_is_not_suggested_again(as_user, mentee, mentor):
    request_match(as_user(mentee), mentor.pk)
    assert as_user(mentee).get(URL).json()["count"] == 0


def test_pending_mentors_are_never_suggested(as_user, mentee, mentor):
    MentorProfile.objects.filter(user=mentor).update(vetting_status="pending")
    assert as_user(mentee).get(URL).json()["count"] == 0


def test_when_none_qualify_why_not_says_what_would_help(as_user, mentee, mentor):
    MenteeProfile.objects.filter(user=mentee).update(languages=["es"])
    MentorProfile.objects.filter(user=mentor).update(languages=["en", "es"], availability=[])
    body = as_user(mentee).get(URL).json()
    assert body["count"] == 0
    assert body["why_not"]
    constraints = {w["constraint"] for w in body["why_not"]}
    assert "availability_overlap" in constraints
    assert all(w["text"] and "adds" in w["relaxation"] for w in body["why_not"])


@pytest.mark.parametrize("persona", ["mentor", "coordinator"])
def test_only_mentees_ask_for_suggestions(request, as_user, persona):
    assert as_user(request.getfixturevalue(persona)).get(URL).status_code == 403


def test_an_incomplete_profile_is_told_what_to_do(as_user, mentee):
    MenteeProfile.objects.filter(user=mentee).update(languages=[])
    response = as_user(mentee).get(URL)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "profile_incomplete"


def test_a_profile_change_shows_up_without_a_restart(
    as_user, mentee, mentor, coordinator, django_capture_on_commit_callbacks
):
    api = as_user(mentee)
    assert api.get(URL).json()["count"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        as_user(coordinator).post(f"/api/v1/mentors/{mentor.pk}/vetting/", {"status": "suspended"}, format="json")
    assert api.get(URL).json()["count"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        as_user(coordinator).post(f"/api/v1/mentors/{mentor.pk}/vetting/", {"status": "approved"}, format="json")
        as_user(mentor).patch("/api/v1/me/profile/", {"languages": ["de"]}, format="json")
    assert api.get(URL).json()["count"] == 0
