"""Matches left awaiting their mentor too long expire, and the mentee may ask again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from backend.matches.models import Match
from backend.matches.services import matches_expire_stale
from backend.matches.tasks import expire_stale_matches

from .helpers import act, request_match

pytestmark = pytest.mark.django_db


@pytest.fixture
def awaiting(as_user, mentee, mentor, coordinator):
    match_id = request_match(as_user(mentee), mentor.pk).json()["id"]
    assert act(as_user(coordinator), match_id, "approve").status_code == 200
    return Match.objects.get(pk=match_id)


def test_a_match_awaiting_too_long_expires(awaiting, settings):
    settings.MATCH_AWAITING_MENTOR_HOURS = 48
    Match.objects.filter(pk=awaiting.pk).update(awaiting_since=timezone.now() - timedelta(hours=49))
    assert expire_stale_matches() == 1
    awaiting.refresh_from_db()
    assert awaiting.state == "expired"
    last = awaiting.transitions.last()
    assert (last.from_state, last.to_state, last.actor_role, last.actor) == (
        "awaiting_mentor",
        "expired",
        "system",
        None,
    )


def test_a_recent_match_does_not_expire(awaiting, settings):
    settings.MATCH_AWAITING_MENTOR_HOURS = 48
    Match.objects.filter(pk=awaiting.pk).update(awaiting_since=timezone.now() - timedelta(hours=47))
    assert matches_expire_stale() == 0
    awaiting.refresh_from_db()
    assert awaiting.state == "awaiting_mentor"


def test_an_accepted_match_never_expires(awaiting, as_user, mentor):
    act(as_user(mentor), awaiting.pk, "accept")
    Match.objects.filter(pk=awaiting.pk).update(awaiting_since=timezone.now() - timedelta(days=30))
    assert matches_expire_stale() == 0


def test_after_expiry_the_mentee_may_ask_the_same_mentor_again(awaiting, as_user, mentee, mentor):
    Match.objects.filter(pk=awaiting.pk).update(awaiting_since=timezone.now() - timedelta(days=30))
    matches_expire_stale()
    assert as_user(mentee).get("/api/v1/suggestions/").json()["count"] == 1
    again = request_match(as_user(mentee), mentor.pk)
    assert again.status_code == 201


def test_the_mentor_cannot_accept_an_expired_match(awaiting, as_user, mentor):
    Match.objects.filter(pk=awaiting.pk).update(awaiting_since=timezone.now() - timedelta(days=30))
    matches_expire_stale()
    assert act(as_user(mentor), awaiting.pk, "accept").status_code == 409


def test_expiry_runs_on_a_schedule(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert any(entry["task"] == "backend.matches.tasks.expire_stale_matches" for entry in schedule.values())
