"""Availability converts to UTC with the real offset of each week, across DST switches."""

from __future__ import annotations

from datetime import date

import pytest

from backend.profiles.services import availability_utc
from tests.factories import MenteeProfileFactory

pytestmark = pytest.mark.django_db

MONDAY_NINE = [{"day": 0, "start": "09:00", "end": "10:00"}]


def utc_of(tz: str, week_start: date, slots=MONDAY_NINE):
    profile = MenteeProfileFactory(timezone=tz, availability=slots)
    return [(i["start"], i["end"]) for i in availability_utc(profile, week_start=week_start)]


@pytest.mark.parametrize(
    ("tz", "week_start", "expected_start"),
    [
        # New York: EST (UTC-5) until 2026-03-08, EDT (UTC-4) until 2026-11-01.
        ("America/New_York", date(2026, 3, 2), "2026-03-02T14:00:00+00:00"),
        ("America/New_York", date(2026, 3, 9), "2026-03-09T13:00:00+00:00"),
        ("America/New_York", date(2026, 10, 26), "2026-10-26T13:00:00+00:00"),
        ("America/New_York", date(2026, 11, 2), "2026-11-02T14:00:00+00:00"),
        # London: GMT until 2026-03-29, BST (UTC+1) until 2026-10-25.
        ("Europe/London", date(2026, 3, 23), "2026-03-23T09:00:00+00:00"),
        ("Europe/London", date(2026, 3, 30), "2026-03-30T08:00:00+00:00"),
        ("Europe/London", date(2026, 10, 19), "2026-10-19T08:00:00+00:00"),
        ("Europe/London", date(2026, 10, 26), "2026-10-26T09:00:00+00:00"),
    ],
)
def test_a_monday_morning_slot_moves_in_utc_with_dst(tz, week_start, expected_start):
    [(start, _end)] = utc_of(tz, week_start)
    assert start == expected_start


def test_new_york_and_london_are_four_hours_apart_in_the_weeks_between_their_switches():
    # 2026-03-09: New York is on EDT, London still on GMT.
    [(ny, _)] = utc_of("America/New_York", date(2026, 3, 9))
    [(ldn, _)] = utc_of("Europe/London", date(2026, 3, 9))
    assert (ny, ldn) == ("2026-03-09T13:00:00+00:00", "2026-03-09T09:00:00+00:00")


def test_a_slot_spanning_the_switch_night_has_its_true_length():
    # Sunday 2026-03-29 00:00-04:00 London: clocks go 01:00 -> 02:00, so 3 real hours.
    [(start, end)] = utc_of("Europe/London", date(2026, 3, 23), [{"day": 6, "start": "00:00", "end": "04:00"}])
    assert (start, end) == ("2026-03-29T00:00:00+00:00", "2026-03-29T03:00:00+00:00")


def test_the_profile_endpoint_shows_the_utc_intervals(as_user, mentee):
    body = as_user(mentee).get("/api/v1/me/profile/").json()
    assert len(body["availability_utc"]) == 1
    assert body["availability_utc"][0]["start"].endswith("+00:00")
