from __future__ import annotations

import pytest
from django.utils import timezone

from backend.matches.models import Match, MatchState
from chat.services import conversation_open


@pytest.fixture(autouse=True)
def marker_moderation(settings):
    settings.CHAT_MODERATION_PIPELINE = "tests.safety.pipelines.marker_pipeline"


@pytest.fixture
def conversation(db, mentee, mentor):
    """An active match between the persona mentee and mentor, with its conversation open."""
    now = timezone.now()
    match = Match.objects.create(
        mentee=mentee, mentor=mentor, state=MatchState.ACTIVE, awaiting_since=now, activated_at=now
    )
    return conversation_open(match=match)


@pytest.fixture
def send(as_user, django_capture_on_commit_callbacks):
    """Send a message over REST as ``user``, running after-commit work; returns the response."""
    counter = {"n": 0}

    def _send(user, conversation, body):
        counter["n"] += 1
        with django_capture_on_commit_callbacks(execute=True):
            return as_user(user).post(
                f"/api/v1/conversations/{conversation.pk}/messages/",
                {"client_msg_id": f"m-{counter['n']}-{user.pk}", "body": body},
                format="json",
            )

    return _send
