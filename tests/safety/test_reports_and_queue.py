"""Reports keep their evidence; the queue orders by urgency; resolutions act at once."""

from __future__ import annotations

import pytest

from backend.safety.models import ModerationItem, Report, Warning
from chat.models import Message

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/reports/"
QUEUE = "/api/v1/moderation/queue/"


def resolve(api, item_id, action, note="reviewed"):
    return api.post(f"/api/v1/moderation/items/{item_id}/resolve/", {"action": action, "note": note}, format="json")


def test_a_report_snapshots_the_message_and_its_context(send, conversation, mentee, mentor, as_user, coordinator):
    send(mentee, conversation, "hi")
    offending = send(mentor, conversation, "you are hopeless").json()
    response = as_user(mentee).post(REPORTS, {"message_id": offending["id"], "reason": "harassment"}, format="json")
    assert response.status_code == 201
    assert response.json()["user_id"] == str(mentor.pk)
    Message.objects.filter(pk=offending["id"]).update(body="edited later")
    [item] = as_user(coordinator).get(QUEUE).json()["results"]
    evidence = item["report"]["evidence"]
    assert evidence["message"]["body"] == "you are hopeless"
    assert [m["body"] for m in evidence["context"]] == ["hi"]
    assert item["category"] == "safety"


def test_reports_cannot_be_changed(send, conversation, mentee, mentor, as_user):
    offending = send(mentor, conversation, "x").json()
    as_user(mentee).post(REPORTS, {"message_id": offending["id"], "reason": "spam"}, format="json")
    report = Report.objects.get()
    report.reason = "nothing"
    with pytest.raises(ValueError, match="immutable"):
        report.save()


def test_a_person_can_be_reported_with_their_recent_messages(send, conversation, mentee, mentor, as_user):
    send(mentor, conversation, "first")
    send(mentor, conversation, "second")
    response = as_user(mentee).post(REPORTS, {"user_id": str(mentor.pk), "reason": "unsafe"}, format="json")
    assert response.status_code == 201
    evidence = Report.objects.get().evidence
    assert [m["body"] for m in evidence["messages"]] == ["second", "first"]


def test_outsiders_cannot_report_messages_they_cannot_see(send, conversation, mentor, outsider, as_user):
    offending = send(mentor, conversation, "x").json()
    response = as_user(outsider).post(REPORTS, {"message_id": offending["id"], "reason": "spam"}, format="json")
    assert response.status_code == 404
    assert not Report.objects.exists()


def test_a_report_needs_a_target_and_a_reason(as_user, mentee):
    response = as_user(mentee).post(REPORTS, {"reason": "spam"}, format="json")
    assert response.status_code == 400
    response = as_user(mentee).post(REPORTS, {"user_id": str(mentee.pk)}, format="json")
    assert "reason" in response.json()["error"]["fields"]


def test_one_cannot_report_ones_own_message(send, conversation, mentee, as_user):
    mine = send(mentee, conversation, "x").json()
    assert as_user(mentee).post(REPORTS, {"message_id": mine["id"], "reason": "x"}, format="json").status_code == 400


def test_the_queue_orders_crisis_then_safety_then_other(send, conversation, mentee, mentor, as_user, coordinator):
    plain = send(mentor, conversation, "hello").json()
    as_user(mentee).post(REPORTS, {"message_id": plain["id"], "reason": "off topic"}, format="json")
    send(mentor, conversation, "text me [phone]")
    send(mentee, conversation, "[crisis]")
    queue = as_user(coordinator).get(QUEUE).json()["results"]
    assert [i["category"] for i in queue] == ["crisis", "safety", "other"]


def test_hide_message_removes_it_from_the_recipients_history(send, conversation, mentee, mentor, as_user, coordinator):
    sent = send(mentor, conversation, "rude [abuse]").json()
    assert sent["moderation"]["status"] == "held"
    # A held message is already invisible to the recipient; a delivered one can be hidden too.
    delivered = send(mentor, conversation, "borderline").json()
    as_user(mentee).post(REPORTS, {"message_id": delivered["id"], "reason": "harassment"}, format="json")
    item = ModerationItem.objects.get(report__isnull=False)
    assert resolve(as_user(coordinator), item.pk, "hide_message").status_code == 200
    seen = as_user(mentee).get(f"/api/v1/conversations/{conversation.pk}/messages/").json()["results"]
    assert delivered["id"] not in [m["id"] for m in seen]


def test_warn_records_a_warning_that_raises_later_severity(send, conversation, mentee, mentor, as_user, coordinator):
    from backend.safety.moderation import prior_offences

    send(mentor, conversation, "[abuse]")
    item = ModerationItem.objects.get()
    assert prior_offences(mentor.pk) == 1
    assert resolve(as_user(coordinator), item.pk, "warn", "Be kind").status_code == 200
    assert Warning.objects.get().user_id == mentor.pk
    assert prior_offences(mentor.pk) == 2


def test_suspend_user_kills_their_access_at_once(send, conversation, mentee, mentor, as_user, coordinator):
    mentor_api = as_user(mentor)
    send(mentor, conversation, "[abuse]")
    item = ModerationItem.objects.get()
    response = resolve(as_user(coordinator), item.pk, "suspend_user", "Threats")
    assert response.status_code == 200
    assert response.json()["status"] == "resolved"
    assert mentor_api.get("/api/v1/me/").status_code == 401
    from backend.profiles.models import MentorProfile

    assert MentorProfile.objects.get(user=mentor).vetting_status == "suspended"


def test_an_item_is_resolved_once(send, conversation, mentor, as_user, coordinator):
    send(mentor, conversation, "[abuse]")
    item = ModerationItem.objects.get()
    api = as_user(coordinator)
    assert resolve(api, item.pk, "dismiss").status_code == 200
    assert resolve(api, item.pk, "dismiss").status_code == 409
    assert api.get(QUEUE).json()["count"] == 0
    assert api.get(QUEUE + "?status=resolved").json()["count"] == 1


def test_an_unknown_action_is_a_validation_error(send, conversation, mentor, as_user, coordinator):
    send(mentor, conversation, "[abuse]")
    item = ModerationItem.objects.get()
    response = resolve(as_user(coordinator), item.pk, "banish")
    assert response.status_code == 400
    assert "action" in response.json()["error"]["fields"]


def test_resolutions_are_audited(send, conversation, mentor, as_user, coordinator):
    send(mentor, conversation, "[abuse]")
    item = ModerationItem.objects.get()
    resolve(as_user(coordinator), item.pk, "dismiss", "fine")
    events = as_user(coordinator).get("/api/v1/audit/?action=moderation.dismiss").json()["results"]
    assert len(events) == 1
    assert events[0]["target_id"] == str(item.pk)


@pytest.mark.parametrize("persona", ["mentee", "mentor", "outsider"])
def test_only_coordinators_work_the_queue(request, send, conversation, mentor, as_user, persona):
    send(mentor, conversation, "[abuse]")
    item = ModerationItem.objects.get()
    api = as_user(request.getfixturevalue(persona))
    assert api.get(QUEUE).status_code == 403
    assert resolve(api, item.pk, "dismiss").status_code == 403
