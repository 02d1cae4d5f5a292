"""No endpoint hands one person another's private fields.

Every GET route the router exposes is called as each persona, with every object id the
world below has; the private values of the others, made unique, must never appear.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from backend.matches.models import Match, MatchingRun, MatchState
from backend.profiles.models import MenteeProfile, MentorProfile
from chat.services import conversation_open
from tests.core.test_endpoint_matrix import routes
from tests.factories import make_user

pytestmark = pytest.mark.django_db

MENTOR_SECRETS = ("bob-private@example.org", "MENTOR-STORY-7f3a")
# These describe field names, not anyone's data.
DOCUMENTATION = {"schema", "swagger-ui", "redoc", "taxonomy"}
MENTEE_SECRETS = ("alice-private@example.org", "MENTEE-GOALS-91c2", "MENTEE-AVOID")


@pytest.fixture
def world(as_user):
    mentee = make_user("mentee", email=MENTEE_SECRETS[0], display_name="Alice")
    mentor = make_user("mentor", email=MENTOR_SECRETS[0], display_name="Bob")
    outsider = make_user("mentee", display_name="Charlie")
    coordinator = make_user("coordinator")
    MenteeProfile.objects.filter(user=mentee).update(goals=MENTEE_SECRETS[1], bio=MENTEE_SECRETS[2])
    MentorProfile.objects.filter(user=mentor).update(recovery_story=MENTOR_SECRETS[1], not_ready_for=["psychosis"])
    now = timezone.now()
    match = Match.objects.create(
        mentee=mentee, mentor=mentor, state=MatchState.ACTIVE, awaiting_since=now, activated_at=now
    )
    conversation = conversation_open(match=match)
    run = MatchingRun.objects.create(created_by=coordinator, status="succeeded")
    for user, text in ((mentee, "hello from alice"), (mentor, "hello from bob")):
        as_user(user).post(
            f"/api/v1/conversations/{conversation.pk}/messages/",
            {"client_msg_id": f"c-{user.pk}", "body": text},
            format="json",
        )
    ids = {
        "mentor_id": str(mentor.pk),
        "user_id": str(mentor.pk),
        "match_id": str(match.pk),
        "run_id": str(run.pk),
        "conversation_id": str(conversation.pk),
        "item_id": "1",
        "alert_id": "1",
    }
    return {"mentee": mentee, "mentor": mentor, "outsider": outsider, "ids": ids}


def everything_seen_by(client, ids) -> str:
    seen = []
    for (name, method), route in routes().items():
        if method != "GET" or name in DOCUMENTATION:
            continue
        kwargs = {k: v for k, v in ids.items() if any(f"{t}{k}>" in route for t in ("<", "<uuid:", "<int:"))}
        response = client.get(reverse(name, kwargs=kwargs))
        if response.streaming:
            continue
        seen.append(response.content.decode(errors="replace"))
    return "\n".join(seen)


def test_a_mentee_never_sees_the_mentors_private_fields(world, as_user):
    text = everything_seen_by(as_user(world["mentee"]), world["ids"])
    for secret in MENTOR_SECRETS:
        assert secret not in text
    assert "not_ready_for" not in text


def test_a_mentor_never_sees_the_mentees_private_fields(world, as_user):
    text = everything_seen_by(as_user(world["mentor"]), world["ids"])
    for secret in MENTEE_SECRETS:
        assert secret not in text


def test_an_outsider_sees_nothing_of_either(world, as_user):
    text = everything_seen_by(as_user(world["outsider"]), world["ids"])
    for secret in (*MENTOR_SECRETS, *MENTEE_SECRETS, "hello from alice", "hello from bob"):
        assert secret not in text


@pytest.mark.parametrize(
    ("path", "body", "field", "forbidden"),
    [
        ("/api/v1/me/", {"role": "coordinator", "is_staff": True}, "role", "coordinator"),
        ("/api/v1/me/profile/", {"vetting_status": "approved"}, "vetting_status", "approved"),
    ],
)
def test_mass_assignment_is_ignored(as_user, path, body, field, forbidden):
    mentor = make_user("mentor")
    MentorProfile.objects.filter(user=mentor).update(vetting_status="pending")
    response = as_user(mentor).patch(path, body, format="json")
    assert response.status_code == 200
    assert response.json()[field] != forbidden
    mentor.refresh_from_db()
    assert not mentor.is_staff


def test_a_match_request_cannot_choose_its_own_state(world, as_user):
    other_mentor = make_user("mentor")
    response = as_user(world["outsider"]).post(
        "/api/v1/matches/", {"mentor_id": str(other_mentor.pk), "state": "active", "score": 100}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["state"] == "requested"
    assert response.json()["score"] != 100
