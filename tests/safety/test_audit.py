"""The audit log: append-only, coordinators only, filterable, recording request ids."""

from __future__ import annotations

import pytest

from backend.safety.models import AuditEvent
from backend.safety.services import audit_record

pytestmark = pytest.mark.django_db

URL = "/api/v1/audit/"


def test_vetting_and_match_decisions_are_audited_with_the_request_id(as_user, coordinator, mentor):
    api = as_user(coordinator)
    response = api.post(
        f"/api/v1/mentors/{mentor.pk}/vetting/",
        {"status": "suspended", "note": "x"},
        format="json",
        HTTP_X_REQUEST_ID="req-1234567890",
    )
    assert response["X-Request-ID"] == "req-1234567890"
    [event] = api.get(URL + "?action=mentor.vetting").json()["results"]
    assert event["actor"] == str(coordinator.pk)
    assert event["target_id"] == str(mentor.pk)
    assert event["request_id"] == "req-1234567890"


def test_filters_narrow_the_log(as_user, coordinator, mentee):
    audit_record(actor=coordinator, action="conversation.read", target_type="conversation", target_id=1)
    audit_record(actor=coordinator, action="match.approve", target_type="match", target_id=2)
    api = as_user(coordinator)
    assert api.get(URL).json()["count"] == 2
    assert api.get(URL + "?target_type=match").json()["count"] == 1
    assert api.get(URL + "?action_prefix=conversation.").json()["count"] == 1
    assert api.get(URL + f"?actor={mentee.pk}").json()["count"] == 0
    assert api.get(URL + "?since=2999-01-01T00:00:00Z").json()["count"] == 0


def test_a_bad_filter_value_is_a_validation_error(as_user, coordinator):
    response = as_user(coordinator).get(URL + "?since=yesterday")
    assert response.status_code == 400
    assert "since" in response.json()["error"]["fields"]


def test_events_cannot_be_edited(coordinator):
    event = audit_record(actor=coordinator, action="x", target_type="y", target_id=1)
    event.reason = "changed"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_offers_no_way_to_write_it(as_user, coordinator, method):
    response = getattr(as_user(coordinator), method)(URL, {}, format="json")
    assert response.status_code == 405


@pytest.mark.parametrize("persona", ["mentee", "mentor", "outsider"])
def test_only_coordinators_read_it(request, as_user, persona):
    assert as_user(request.getfixturevalue(persona)).get(URL).status_code == 403
    assert AuditEvent.objects.count() == 0
