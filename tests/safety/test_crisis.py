"""Crisis language: still delivered, and help reaches everyone who needs it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from backend.matches.models import Match
from backend.profiles.models import MenteeProfile
from backend.safety.models import CrisisAlert, ModerationItem
from backend.safety.moderation import alerts_escalate
from chat.events import COORDINATORS_GROUP, user_group
from tests.matches.test_notifications import Listener, in_memory_layer  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def listeners(mentee, mentor):
    return {
        "mentee": Listener(user_group(mentee.pk)),
        "mentor": Listener(user_group(mentor.pk)),
        "coordinators": Listener(COORDINATORS_GROUP),
    }


def test_a_crisis_message_is_delivered_and_raises_an_alert(send, conversation, mentee, listeners):
    response = send(mentee, conversation, "I can't do this anymore [crisis]")
    assert response.status_code == 201
    message = response.json()
    assert message["moderation"]["status"] == "delivered"
    assert "crisis" in message["moderation"]["flags"]
    alert = CrisisAlert.objects.get()
    assert alert.sender_id == mentee.pk
    assert alert.match_id == conversation.match_id
    assert Match.objects.get(pk=conversation.match_id).flagged is True


def test_the_sender_gets_resources_for_their_country(send, conversation, mentee, listeners):
    send(mentee, conversation, "[crisis]")
    resources = [e for e in listeners["mentee"].events() if e["type"] == "crisis.resources"]
    assert len(resources) == 1
    # The persona mentee's profile is in Europe/London.
    assert any(r["contact"] == "116 123" for r in resources[0]["resources"])
    assert resources[0]["emergency"] == "999"


def test_coordinators_get_an_alert_without_the_message_text(send, conversation, mentee, listeners):
    send(mentee, conversation, "goodbye everyone [crisis]")
    [alert] = [e for e in listeners["coordinators"].events() if e["type"] == "alert.new"]
    assert alert["alert"]["sender"] == str(mentee.pk)
    assert alert["alert"]["conversation"] == conversation.pk
    assert "goodbye" not in str(alert)


def test_the_mentor_gets_guidance(send, conversation, mentee, listeners):
    send(mentee, conversation, "[crisis]")
    [guidance] = [e for e in listeners["mentor"].events() if e["type"] == "crisis.guidance"]
    assert guidance["conversation"] == conversation.pk
    assert "coordinator" in guidance["guidance"]


def test_the_mentees_matching_pauses_until_a_coordinator_acknowledges(send, conversation, mentee, coordinator, as_user):
    send(mentee, conversation, "[crisis]")
    assert MenteeProfile.objects.get(user=mentee).matching_paused is True
    api = as_user(coordinator)
    [alert] = api.get("/api/v1/alerts/?open=true").json()["results"]
    response = api.post(f"/api/v1/alerts/{alert['id']}/acknowledge/", {"note": "Called them"}, format="json")
    assert response.status_code == 200
    assert response.json()["acknowledged_by"] == str(coordinator.pk)
    assert MenteeProfile.objects.get(user=mentee).matching_paused is False
    assert Match.objects.get(pk=conversation.match_id).flagged is False
    assert api.get("/api/v1/alerts/?open=true").json()["count"] == 0
    again = api.post(f"/api/v1/alerts/{alert['id']}/acknowledge/", {}, format="json")
    assert again.status_code == 409


def test_a_paused_mentee_is_left_out_of_batch_runs(conversation, mentee):
    from backend.matches.runs import waiting_mentees

    Match.objects.filter(pk=conversation.match_id).update(state="ended")
    assert mentee.pk in [p.user_id for p in waiting_mentees()]
    MenteeProfile.objects.filter(user=mentee).update(matching_paused=True)
    assert mentee.pk not in [p.user_id for p in waiting_mentees()]


def test_an_unacknowledged_alert_escalates_once_per_period(
    send, conversation, mentee, settings, listeners, django_capture_on_commit_callbacks
):
    settings.CRISIS_ESCALATE_MINUTES = 10
    send(mentee, conversation, "[crisis]")
    listeners["coordinators"].events()
    alert = CrisisAlert.objects.get()
    CrisisAlert.objects.filter(pk=alert.pk).update(created_at=timezone.now() - timedelta(minutes=11))
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts_escalate() == 1
    assert alerts_escalate() == 0  # not again within the same period
    alert.refresh_from_db()
    assert alert.escalation_level == 1
    [event] = [e for e in listeners["coordinators"].events() if e["type"] == "alert.new"]
    assert event["alert"]["escalation_level"] == 1
    assert alerts_escalate(now=timezone.now() + timedelta(minutes=11)) == 1


def test_an_acknowledged_alert_never_escalates(send, conversation, mentee, coordinator):
    from backend.safety.moderation import alert_acknowledge

    send(mentee, conversation, "[crisis]")
    alert = CrisisAlert.objects.get()
    alert_acknowledge(alert_id=alert.pk, coordinator=coordinator)
    assert alerts_escalate(now=timezone.now() + timedelta(hours=2)) == 0


def test_a_crisis_message_heads_the_moderation_queue(send, conversation, mentee, mentor, coordinator, as_user):
    send(mentor, conversation, "call me [phone]")
    send(mentee, conversation, "[crisis]")
    queue = as_user(coordinator).get("/api/v1/moderation/queue/").json()["results"]
    assert [item["category"] for item in queue] == ["crisis", "safety"]
    assert ModerationItem.objects.count() == 2


@pytest.mark.parametrize("persona", ["mentee", "mentor", "outsider"])
def test_only_coordinators_see_or_acknowledge_alerts(request, send, conversation, mentee, as_user, persona):
    send(mentee, conversation, "[crisis]")
    alert = CrisisAlert.objects.get()
    api = as_user(request.getfixturevalue(persona))
    assert api.get("/api/v1/alerts/").status_code == 403
    assert api.post(f"/api/v1/alerts/{alert.pk}/acknowledge/", {}, format="json").status_code == 403
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_escalation_runs_on_a_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "backend.safety.tasks.escalate_crisis_alerts" in tasks
