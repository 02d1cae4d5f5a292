"""Coordinator statistics."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from backend.matches.models import Match, MatchState
from backend.matches.stats import gini
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_gini_is_zero_when_even_and_grows_with_concentration():
    assert gini([2, 2, 2, 2]) == pytest.approx(0)
    assert gini([0, 0, 0, 8]) == pytest.approx(0.75)
    assert 0 < gini([1, 2, 3, 4]) < gini([0, 0, 1, 9])
    assert gini([]) == 0


def test_stats_report_waiting_time_to_active_answers_and_load(as_user, coordinator, mentee, mentor):
    now = timezone.now()
    active = Match.objects.create(mentee=mentee, mentor=mentor, state=MatchState.ACTIVE, awaiting_since=now)
    Match.objects.filter(pk=active.pk).update(created_at=now - timedelta(hours=10), activated_at=now)
    other = make_user("mentee")
    Match.objects.create(mentee=other, mentor=mentor, state=MatchState.DECLINED, awaiting_since=now)
    make_user("mentor")  # approved, with no active matches
    make_user("mentee")  # waiting

    body = as_user(coordinator).get("/api/v1/stats/").json()
    assert body["waiting_mentees"]["total"] == 2  # `other` (declined) and the new one
    assert body["waiting_mentees"]["by_language"] == {"en": 2}
    assert body["time_to_active"]["overall"] == {"count": 1, "median_hours": 10.0, "p90_hours": 10.0}
    assert body["time_to_active"]["by_condition"]["anxiety"]["count"] == 1
    assert body["mentor_answers"]["accepted"] == 1
    assert body["mentor_answers"]["declined"] == 1
    assert body["mentor_answers"]["acceptance_rate"] == 0.5
    assert body["mentor_load"]["approved_mentors"] == 2
    assert body["mentor_load"]["max_share"] == 1.0
    assert body["mentor_load"]["gini"] == 0.5


@pytest.mark.parametrize("persona", ["mentee", "mentor", "outsider"])
def test_only_coordinators_see_stats(request, as_user, persona):
    assert as_user(request.getfixturevalue(persona)).get("/api/v1/stats/").status_code == 403
