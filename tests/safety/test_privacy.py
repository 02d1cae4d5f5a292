"""Export, erasure, retention, and logs that hold nothing private."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from backend.accounts.models import User
from backend.profiles.models import MenteeProfile
from backend.safety.models import Report
from backend.safety.privacy import conversations_purge
from chat.models import Conversation, Message

pytestmark = pytest.mark.django_db


def test_export_holds_my_account_profile_matches_messages_and_safety_records(
    send, conversation, mentee, mentor, as_user
):
    send(mentee, conversation, "my own words")
    send(mentor, conversation, "their words")
    as_user(mentee).post("/api/v1/blocks/", {"user_id": str(mentor.pk)}, format="json")
    response = as_user(mentee).get("/api/v1/me/export/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = response.json()
    assert data["account"]["email"] == mentee.email
    assert data["profile"]["goals"] == MenteeProfile.objects.get(user=mentee).goals
    assert [m["state"] for m in data["matches"]] == ["active"]
    assert [m["body"] for m in data["messages"]] == ["my own words"]
    assert data["safety"]["blocks"][0]["user_id"] == str(mentor.pk)


def test_export_holds_nothing_private_of_the_other_person(send, conversation, mentee, mentor, as_user):
    send(mentor, conversation, "their words")
    text = as_user(mentee).get("/api/v1/me/export/").content.decode()
    assert mentor.email not in text
    assert "their words" not in text
    assert "recovery_story" not in text
    assert "not_ready_for" not in text


def test_erasure_removes_profile_and_health_data_and_locks_the_account(send, conversation, mentee, mentor, as_user):
    api = as_user(mentee)
    send(mentee, conversation, "something personal")
    assert api.delete("/api/v1/me/").status_code == 204
    user = User.objects.get(pk=mentee.pk)
    assert user.erased_at is not None
    assert not user.is_active
    assert "alice" not in user.email
    assert not MenteeProfile.objects.filter(user=mentee).exists()
    assert api.get("/api/v1/me/").status_code == 401
    login = as_user(None).post("/api/v1/auth/token/", {"email": "alice@example.org", "password": "x"}, format="json")
    assert login.status_code == 401


def test_erasure_ends_matches_and_leaves_placeholders_for_the_other_person(
    send, conversation, mentee, mentor, as_user, django_capture_on_commit_callbacks
):
    send(mentee, conversation, "something personal")
    with django_capture_on_commit_callbacks(execute=True):
        as_user(mentee).delete("/api/v1/me/")
    assert Conversation.objects.get(pk=conversation.pk).closed_at is not None
    history = as_user(mentor).get(f"/api/v1/conversations/{conversation.pk}/messages/").json()["results"]
    assert len(history) == 1
    assert "something personal" not in str(history)
    assert history[0]["body"] == "Message removed"


def test_erasure_keeps_the_evidence_of_reports(send, conversation, mentee, mentor, as_user):
    offending = send(mentor, conversation, "a threat").json()
    as_user(mentee).post("/api/v1/reports/", {"message_id": offending["id"], "reason": "threat"}, format="json")
    as_user(mentor).delete("/api/v1/me/")
    assert Report.objects.get().evidence["message"]["body"] == "a threat"


def test_retention_purges_old_conversations_but_keeps_evidence(send, conversation, mentee, mentor, as_user, settings):
    settings.CONVERSATION_RETENTION_DAYS = 30
    kept = send(mentor, conversation, "reported").json()
    send(mentee, conversation, "ordinary")
    as_user(mentee).post("/api/v1/reports/", {"message_id": kept["id"], "reason": "harassment"}, format="json")
    Conversation.objects.filter(pk=conversation.pk).update(closed_at=timezone.now() - timedelta(days=31))
    assert conversations_purge() == 1
    assert list(Message.objects.values_list("pk", flat=True)) == [kept["id"]]


def test_retention_leaves_recent_conversations(send, conversation, mentee, settings):
    settings.CONVERSATION_RETENTION_DAYS = 30
    send(mentee, conversation, "ordinary")
    Conversation.objects.filter(pk=conversation.pk).update(closed_at=timezone.now() - timedelta(days=29))
    assert conversations_purge() == 0


def test_logs_never_hold_message_bodies_tokens_or_health_fields(send, conversation, mentee, mentor, as_user, caplog):
    secret = "my-very-private-words-about-anxiety-XYZ"
    with caplog.at_level(logging.DEBUG):
        token_response = as_user(None).post(
            "/api/v1/auth/token/", {"email": mentee.email, "password": "correct-horse-battery-9"}, format="json"
        )
        tokens = token_response.json()
        send(mentee, conversation, secret)
        send(mentee, conversation, f"{secret} [crisis]")
        send(mentor, conversation, f"{secret} [abuse]")
        as_user(mentee).get(f"/api/v1/conversations/{conversation.pk}/messages/")
        as_user(mentee).get("/api/v1/me/profile/")
    logged = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    assert secret not in logged
    assert tokens["access"] not in logged
    assert tokens["refresh"] not in logged
    profile = MenteeProfile.objects.get(user=mentee)
    assert profile.goals not in logged


def test_exports_and_erasures_are_audited(as_user, mentee, coordinator):
    as_user(mentee).get("/api/v1/me/export/")
    as_user(mentee).delete("/api/v1/me/")
    events = as_user(coordinator).get(f"/api/v1/audit/?target_id={mentee.pk}").json()["results"]
    assert sorted(e["action"] for e in events) == ["user.erase", "user.export"]
    assert all(e["actor"] == str(mentee.pk) for e in events)
