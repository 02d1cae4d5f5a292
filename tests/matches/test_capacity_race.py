"""Capacity is never exceeded, even when several accepts race (real PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.utils import timezone

from backend.core.exceptions import Conflict
from backend.matches.models import Match, MatchState
from backend.matches.services import match_accept
from backend.profiles.models import MentorProfile
from tests.factories import make_user


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("capacity", [1, 3])
def test_exactly_capacity_accepts_succeed_when_they_race(postgres, capacity):
    mentor = make_user("mentor")
    MentorProfile.objects.filter(user=mentor).update(capacity=capacity)
    matches = [
        Match.objects.create(
            mentee=make_user("mentee"), mentor=mentor, state=MatchState.AWAITING_MENTOR, awaiting_since=timezone.now()
        )
        for _ in range(capacity + 4)
    ]
    barrier = threading.Barrier(len(matches))
    outcomes: list[str] = []
    lock = threading.Lock()

    def accept(match_id: int) -> None:
        try:
            barrier.wait()
            match_accept(match_id=match_id, mentor=mentor)
            result = "ok"
        except Conflict as exc:
            result = exc.code
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=accept, args=(m.pk,)) for m in matches]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == capacity
    assert outcomes.count("mentor_at_capacity") == 4
    assert Match.objects.filter(mentor=mentor, state=MatchState.ACTIVE).count() == capacity
