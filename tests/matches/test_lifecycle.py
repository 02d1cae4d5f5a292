"""The whole life of a match through HTTP, as each persona."""

from __future__ import annotations

import pytest

from backend.matches.models import Match, MatchState
from backend.profiles.models import MentorProfile

from .helpers import act, request_match

pytestmark = pytest.mark.django_db


@pytest.fixture
def requested(as_user, mentee, mentor):
    response = request_match(as_user(mentee), mentor.pk)
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_mentee_requests_a_mentor_and_gets_a_scored_match(requested, mentee, mentor):
    assert requested["state"] == "requested"
    assert requested["mentee"] == str(mentee.pk)
    assert requested["mentor"] == str(mentor.pk)
    assert requested["conversation"] is None
    assert 0 < requested["score"] <= 100
    assert round(sum(r["contribution"] for r in requested["reasons"]), 1) == requested["score"]
    assert requested["weights_version"]


def test_the_full_lifecycle_reaches_active_and_ends(as_user, requested, mentee, mentor, coordinator):
    match_id = requested["id"]
    approved = act(as_user(coordinator), match_id, "approve", note="Good fit")
    assert approved.status_code == 200
    assert approved.json()["state"] == "awaiting_mentor"
    accepted = act(as_user(mentor), match_id, "accept")
    assert accepted.status_code == 200
    body = accepted.json()
    assert body["state"] == "active"
    assert body["conversation"] is not None
    ended = act(as_user(mentee), match_id, "end", reason="I feel ready to go on alone")
    assert ended.status_code == 200
    assert ended.json()["state"] == "ended"
    assert ended.json()["conversation"] is None
    from chat.models import Conversation

    assert Conversation.objects.get(match_id=match_id).closed_at is not None


def test_history_records_every_transition_with_who_and_why(as_user, requested, mentee, mentor, coordinator):
    match_id = requested["id"]
    act(as_user(coordinator), match_id, "approve", note="Good fit")
    act(as_user(mentor), match_id, "decline", reason="Not the right time for me")
    history = as_user(mentee).get(f"/api/v1/matches/{match_id}/history/").json()["results"]
    assert [(h["from_state"], h["to_state"], h["actor_role"]) for h in history] == [
        ("", "requested", "mentee"),
        ("requested", "awaiting_mentor", "coordinator"),
        ("awaiting_mentor", "declined", "mentor"),
    ]
    assert history[1]["actor"] == str(coordinator.pk)
    assert history[2]["reason"] == "Not the right time for me"
    assert history[0]["snapshot"]["weights_version"] == requested["weights_version"]
    assert history[0]["snapshot"]["score"] == requested["score"]


def test_a_mentor_does_not_see_a_request_before_a_coordinator_approves_it(as_user, requested, mentor, coordinator):
    api = as_user(mentor)
    assert api.get(f"/api/v1/matches/{requested['id']}/").status_code == 404
    assert api.get("/api/v1/matches/").json()["count"] == 0
    act(as_user(coordinator), requested["id"], "approve")
    assert api.get(f"/api/v1/matches/{requested['id']}/").status_code == 200


def test_an_outsider_sees_nothing_of_the_match(as_user, requested, outsider):
    api = as_user(outsider)
    match_id = requested["id"]
    assert api.get("/api/v1/matches/").json()["count"] == 0
    for path in (f"/api/v1/matches/{match_id}/", f"/api/v1/matches/{match_id}/history/"):
        assert api.get(path).status_code == 404
    for action in ("accept", "decline", "end"):
        assert act(api, match_id, action, reason="x").status_code == 404
    assert Match.objects.get(pk=match_id).state == "requested"


def test_coordinators_see_every_match_and_filter_by_state(as_user, requested, coordinator):
    api = as_user(coordinator)
    assert api.get("/api/v1/matches/").json()["count"] == 1
    assert api.get("/api/v1/matches/?state=active").json()["count"] == 0
    assert api.get("/api/v1/matches/?state=requested").json()["count"] == 1
    bad = api.get("/api/v1/matches/?state=happy")
    assert bad.status_code == 400
    assert "state" in bad.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("persona", "action", "status"),
    [
        ("mentee", "approve", 403),
        ("mentor", "approve", 404),  # not yet visible to the mentor
        ("mentee", "accept", 403),
        ("coordinator", "accept", 403),
        ("mentee", "reject", 403),
    ],
)
def test_only_the_right_role_may_take_each_transition(request, as_user, requested, persona, action, status):
    user = request.getfixturevalue(persona)
    response = act(as_user(user), requested["id"], action, reason="because")
    assert response.status_code == status
    assert Match.objects.get(pk=requested["id"]).state == "requested"


ILLEGAL = [
    # (state the match is put in, actor, action)
    ("requested", "mentor_after_approval", "accept"),
    ("active", "coordinator", "approve"),
    ("active", "coordinator", "reject"),
    ("active", "mentor", "accept"),
    ("active", "mentor", "decline"),
    ("ended", "coordinator", "approve"),
    ("ended", "mentee", "end"),
    ("ended", "mentor", "accept"),
    ("declined", "mentor", "accept"),
    ("declined", "coordinator", "approve"),
    ("rejected", "coordinator", "approve"),
    ("expired", "mentor", "accept"),
    ("expired", "coordinator", "approve"),
]


@pytest.mark.parametrize(("state", "who", "action"), ILLEGAL)
def test_illegal_transitions_are_conflicts(request, as_user, mentee, mentor, coordinator, state, who, action):
    from django.utils import timezone

    awaiting = timezone.now() if state != "requested" else None
    match = Match.objects.create(mentee=mentee, mentor=mentor, state=state, awaiting_since=awaiting)
    if who == "mentor_after_approval":
        match.awaiting_since = timezone.now()
        match.save()
        who = "mentor"
    user = {"mentee": mentee, "mentor": mentor, "coordinator": coordinator}[who]
    response = act(as_user(user), match.pk, action, reason="because", note="")
    assert response.status_code == 409, response.json()
    assert response.json()["error"]["code"] == "illegal_transition"
    match.refresh_from_db()
    assert match.state == state
    assert match.transitions.count() == 0


def test_a_reason_is_required_to_reject_decline_and_end(as_user, requested, coordinator):
    response = act(as_user(coordinator), requested["id"], "reject")
    assert response.status_code == 400
    assert "reason" in response.json()["error"]["fields"]
    assert Match.objects.get(pk=requested["id"]).state == "requested"


def test_a_mentee_cannot_request_the_same_mentor_twice(as_user, requested, mentee, mentor):
    response = request_match(as_user(mentee), mentor.pk)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "duplicate_request"


def test_a_mentee_has_a_bounded_number_of_open_requests(as_user, mentee, settings):
    from tests.factories import make_user

    settings.MATCH_MAX_OPEN_REQUESTS = 2
    mentors = [make_user("mentor") for _ in range(3)]
    api = as_user(mentee)
    assert request_match(api, mentors[0].pk).status_code == 201
    assert request_match(api, mentors[1].pk).status_code == 201
    third = request_match(api, mentors[2].pk)
    assert third.status_code == 409
    assert third.json()["error"]["code"] == "too_many_open_requests"


def test_a_mentor_who_is_not_approved_can_never_be_requested(as_user, mentee, mentor):
    MentorProfile.objects.filter(user=mentor).update(vetting_status="pending")
    assert request_match(as_user(mentee), mentor.pk).status_code == 404
    assert not Match.objects.exists()


def test_approval_is_refused_once_the_mentor_is_suspended(as_user, requested, mentor, coordinator):
    as_user(coordinator).post(f"/api/v1/mentors/{mentor.pk}/vetting/", {"status": "suspended"}, format="json")
    response = act(as_user(coordinator), requested["id"], "approve")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "mentor_not_approved"


def test_a_pair_failing_a_hard_constraint_cannot_be_requested(as_user, mentee, mentor):
    MentorProfile.objects.filter(user=mentor).update(languages=["fr"])
    response = request_match(as_user(mentee), mentor.pk)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "not_eligible"
    assert "shared_language" in response.json()["error"]["failed_constraints"]


def test_a_blocked_mentor_cannot_be_requested(as_user, mentee, mentor):
    assert as_user(mentee).post("/api/v1/blocks/", {"user_id": str(mentor.pk)}, format="json").status_code == 201
    assert request_match(as_user(mentee), mentor.pk).status_code == 404


def test_only_mentees_request(as_user, mentor, coordinator):
    for user in (mentor, coordinator):
        assert request_match(as_user(user), mentor.pk).status_code == 403


def test_approval_respects_capacity(as_user, mentor, coordinator):
    from tests.factories import make_user

    MentorProfile.objects.filter(user=mentor).update(capacity=1)
    first, second = (request_match(as_user(make_user("mentee")), mentor.pk).json() for _ in range(2))
    assert act(as_user(coordinator), first["id"], "approve").status_code == 200
    response = act(as_user(coordinator), second["id"], "approve")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "mentor_at_capacity"


def test_a_mentor_whose_capacity_dropped_cannot_accept_beyond_it(as_user, mentor, coordinator):
    from tests.factories import make_user

    ids = [request_match(as_user(make_user("mentee")), mentor.pk).json()["id"] for _ in range(2)]
    for match_id in ids:
        assert act(as_user(coordinator), match_id, "approve").status_code == 200
    MentorProfile.objects.filter(user=mentor).update(capacity=1)
    assert act(as_user(mentor), ids[0], "accept").status_code == 200
    refused = act(as_user(mentor), ids[1], "accept")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "mentor_at_capacity"
    assert Match.objects.filter(state=MatchState.ACTIVE).count() == 1


def test_an_unknown_match_is_404(as_user, coordinator):
    assert as_user(coordinator).get("/api/v1/matches/999999/").status_code == 404
