"""A database failure in the middle of a match transition leaves nothing half-written."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from backend.matches.models import Match, MatchTransition
from chat.models import Conversation
from tests.matches.helpers import act, request_match

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def awaiting(as_user, mentee, mentor, coordinator):
    match_id = request_match(as_user(mentee), mentor.pk).json()["id"]
    assert act(as_user(coordinator), match_id, "approve").status_code == 200
    return match_id


def test_a_failure_while_opening_the_conversation_rolls_the_accept_back(as_user, mentor, awaiting, monkeypatch):
    import chat.services

    def broken(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(chat.services, "conversation_open", broken)
    response = act(as_user(mentor), awaiting, "accept")
    assert response.status_code == 503
    assert response.json()["error"]["retryable"] is True
    assert Match.objects.get(pk=awaiting).state == "awaiting_mentor"
    assert MatchTransition.objects.filter(match_id=awaiting, to_state="active").count() == 0
    assert not Conversation.objects.exists()

    monkeypatch.undo()
    retried = act(as_user(mentor), awaiting, "accept")
    assert retried.status_code == 200
    assert retried.json()["state"] == "active"


def test_a_failure_while_recording_history_rolls_the_approval_back(as_user, mentee, mentor, coordinator, monkeypatch):
    match_id = request_match(as_user(mentee), mentor.pk).json()["id"]
    original = MatchTransition.objects.create

    def failing_create(**kwargs):
        if kwargs.get("to_state") == "awaiting_mentor":
            raise OperationalError("disk full")
        return original(**kwargs)

    monkeypatch.setattr(MatchTransition.objects, "create", failing_create)
    response = act(as_user(coordinator), match_id, "approve")
    assert response.status_code == 503
    match = Match.objects.get(pk=match_id)
    assert (match.state, match.awaiting_since) == ("requested", None)
