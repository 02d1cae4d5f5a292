"""Coordinators vet mentors; the decision is recorded with who, when and why."""

from __future__ import annotations

import pytest

from backend.profiles.models import MentorProfile, VettingDecision
from backend.profiles.signals import mentor_changed
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def vet(api, mentor_id, status="approved", note="References checked"):
    return api.post(f"/api/v1/mentors/{mentor_id}/vetting/", {"status": status, "note": note}, format="json")


def test_a_coordinator_approves_a_pending_mentor(as_user, coordinator, mentor):
    MentorProfile.objects.filter(user=mentor).update(vetting_status="pending")
    response = vet(as_user(coordinator), mentor.pk)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "approved"
    assert body["decided_by"] == str(coordinator.pk)
    assert body["note"] == "References checked"
    assert body["decided_at"]
    assert MentorProfile.objects.get(user=mentor).vetting_status == "approved"


def test_every_decision_is_kept(as_user, coordinator, mentor):
    api = as_user(coordinator)
    vet(api, mentor.pk, "approved")
    vet(api, mentor.pk, "suspended", "Shared a phone number")
    assert list(VettingDecision.objects.values_list("status", flat=True)) == ["suspended", "approved"]


def test_a_decision_signals_the_matcher_after_commit(as_user, coordinator, mentor, django_capture_on_commit_callbacks):
    seen = []

    def receiver(sender, mentor_id, **kwargs):
        seen.append(mentor_id)

    mentor_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            vet(as_user(coordinator), mentor.pk, "suspended")
    finally:
        mentor_changed.disconnect(receiver)
    assert seen == [mentor.pk]


def test_an_unknown_status_is_refused(as_user, coordinator, mentor):
    response = vet(as_user(coordinator), mentor.pk, "great")
    assert response.status_code == 400
    assert "status" in response.json()["error"]["fields"]


def test_vetting_a_mentee_is_404(as_user, coordinator, mentee):
    assert vet(as_user(coordinator), mentee.pk).status_code == 404


@pytest.mark.parametrize("persona", ["mentee", "mentor", "outsider"])
def test_only_coordinators_vet(request, as_user, mentor, persona):
    user = request.getfixturevalue(persona)
    assert vet(as_user(user), mentor.pk).status_code == 403
    assert not VettingDecision.objects.exists()


def test_coordinators_list_mentors_by_vetting_state(as_user, coordinator, mentor):
    pending = make_user("mentor")
    MentorProfile.objects.filter(user=pending).update(vetting_status="pending")
    api = as_user(coordinator)
    body = api.get("/api/v1/mentors/?vetting_status=pending").json()
    assert body["count"] == 1
    assert body["results"][0]["id"] == str(pending.pk)
    assert body["results"][0]["vetting_status"] == "pending"
    assert api.get("/api/v1/mentors/").json()["count"] == 2


def test_the_list_shows_the_last_decision(as_user, coordinator, mentor):
    api = as_user(coordinator)
    vet(api, mentor.pk, "approved", "ok")
    [row] = api.get("/api/v1/mentors/").json()["results"]
    assert row["last_decision"]["note"] == "ok"
    assert row["last_decision"]["decided_by"] == str(coordinator.pk)


def test_an_unknown_vetting_filter_is_a_validation_error(as_user, coordinator):
    response = as_user(coordinator).get("/api/v1/mentors/?vetting_status=maybe")
    assert response.status_code == 400
    assert "vetting_status" in response.json()["error"]["fields"]


def test_a_mentee_sees_only_the_public_card_of_an_approved_mentor(as_user, mentee, mentor):
    body = as_user(mentee).get(f"/api/v1/mentors/{mentor.pk}/").json()
    assert set(body) == {"id", "display_name", "languages", "lived_experience", "bio"}


def test_a_pending_mentor_is_invisible_to_mentees(as_user, mentee, mentor):
    MentorProfile.objects.filter(user=mentor).update(vetting_status="pending")
    assert as_user(mentee).get(f"/api/v1/mentors/{mentor.pk}/").status_code == 404
