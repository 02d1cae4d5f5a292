"""Availability in UTC: DST-correct intervals, the week grid and overlaps."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfoNotFoundError

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.availability import (
    WEEK_QUARTERS,
    overlap_minutes,
    pack_bits,
    packed_weekly_bitset,
    slots_to_utc_intervals,
    unpack_words,
    weekly_utc_bitset,
)
from matching.records import Slot

from .strategies import PROPERTY, ZONES, slots

UTC = dt.UTC
MONDAY_2PM_LONDON = (Slot(0, 14 * 60, 15 * 60),)
MONDAY_9AM_NEW_YORK = (Slot(0, 9 * 60, 10 * 60),)
MONDAY_9AM_LONDON = (Slot(0, 9 * 60, 10 * 60),)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def test_a_slot_must_sit_on_quarter_hour_boundaries_within_one_day() -> None:
    with pytest.raises(ValueError, match="multiples of 15"):
        Slot(0, 10, 60)
    with pytest.raises(ValueError, match="start < end"):
        Slot(0, 120, 120)
    with pytest.raises(ValueError, match="day"):
        Slot(7, 0, 60)
    assert Slot(6, 1380, 1440).minutes == 60


def test_week_start_must_be_a_monday() -> None:
    with pytest.raises(ValueError, match="Monday"):
        slots_to_utc_intervals(MONDAY_9AM_LONDON, "Europe/London", dt.date(2026, 3, 3))


def test_an_unknown_time_zone_is_an_error() -> None:
    with pytest.raises(ZoneInfoNotFoundError):
        slots_to_utc_intervals(MONDAY_9AM_LONDON, "Mars/Olympus_Mons", dt.date(2026, 3, 2))


@pytest.mark.parametrize(
    ("week", "expected_minutes"),
    [
        (dt.date(2026, 3, 2), 60),  # both on winter time
        (dt.date(2026, 3, 9), 0),  # US switched on 8 March, UK not yet
        (dt.date(2026, 3, 23), 0),  # still in the gap
        (dt.date(2026, 3, 30), 60),  # UK switched on 29 March
        (dt.date(2026, 10, 19), 60),  # both on summer time
        (dt.date(2026, 10, 26), 0),  # UK back on 25 October, US not until 1 November
        (dt.date(2026, 11, 2), 60),  # both back on winter time
    ],
)
def test_london_and_new_york_slots_overlap_differently_in_the_weeks_between_the_dst_switches(
    week: dt.date, expected_minutes: int
) -> None:
    london = weekly_utc_bitset(MONDAY_2PM_LONDON, "Europe/London", week)
    new_york = weekly_utc_bitset(MONDAY_9AM_NEW_YORK, "America/New_York", week)
    assert overlap_minutes(london, new_york) == expected_minutes


@pytest.mark.parametrize(
    ("week", "hours_apart"),
    [(dt.date(2026, 3, 2), 5), (dt.date(2026, 3, 16), 4), (dt.date(2026, 4, 6), 5), (dt.date(2026, 10, 26), 4)],
)
def test_nine_am_in_london_and_new_york_are_four_hours_apart_only_between_the_switches(
    week: dt.date, hours_apart: int
) -> None:
    [(london_start, _)] = slots_to_utc_intervals(MONDAY_9AM_LONDON, "Europe/London", week)
    [(new_york_start, _)] = slots_to_utc_intervals(MONDAY_9AM_NEW_YORK, "America/New_York", week)
    assert new_york_start - london_start == dt.timedelta(hours=hours_apart)


def test_a_slot_across_the_spring_forward_gap_loses_the_skipped_hour() -> None:
    # 8 March 2026, New York: 02:00 EST jumps to 03:00 EDT.
    intervals = slots_to_utc_intervals([Slot(6, 60, 240)], "America/New_York", dt.date(2026, 3, 2))
    assert intervals == [(utc(2026, 3, 8, 6), utc(2026, 3, 8, 8))]


def test_a_slot_inside_the_spring_forward_gap_is_empty() -> None:
    assert slots_to_utc_intervals([Slot(6, 120, 180)], "America/New_York", dt.date(2026, 3, 2)) == []


def test_a_slot_across_the_fall_back_hour_covers_both_occurrences() -> None:
    # 1 November 2026, New York: 02:00 EDT falls back to 01:00 EST.
    week = dt.date(2026, 10, 26)
    assert slots_to_utc_intervals([Slot(6, 60, 120)], "America/New_York", week) == [
        (utc(2026, 11, 1, 5), utc(2026, 11, 1, 7))
    ]
    # An end inside the repeated hour means its second occurrence.
    assert slots_to_utc_intervals([Slot(6, 0, 90)], "America/New_York", week) == [
        (utc(2026, 11, 1, 4), utc(2026, 11, 1, 6, 30))
    ]


def test_a_slot_ending_at_24_00_ends_at_the_next_local_midnight() -> None:
    intervals = slots_to_utc_intervals([Slot(4, 22 * 60, 1440)], "Europe/Berlin", dt.date(2026, 1, 12))
    assert intervals == [(utc(2026, 1, 16, 21), utc(2026, 1, 16, 23))]


def test_adjacent_slots_merge_into_one_interval_across_midnight() -> None:
    intervals = slots_to_utc_intervals([Slot(0, 1380, 1440), Slot(1, 0, 60)], "UTC", dt.date(2026, 1, 12))
    assert intervals == [(utc(2026, 1, 12, 23), utc(2026, 1, 13, 1))]


def test_a_sydney_monday_morning_wraps_to_the_end_of_the_utc_week() -> None:
    week = dt.date(2026, 3, 2)  # Sydney is on summer time (+11)
    [(start, _)] = slots_to_utc_intervals([Slot(0, 8 * 60, 10 * 60)], "Australia/Sydney", week)
    assert start == utc(2026, 3, 1, 21)  # the Sunday before, in UTC
    bits = weekly_utc_bitset([Slot(0, 8 * 60, 10 * 60)], "Australia/Sydney", week)
    assert np.flatnonzero(bits).tolist() == list(range(6 * 96 + 84, 6 * 96 + 92))


def test_a_los_angeles_sunday_evening_wraps_to_the_start_of_the_utc_week() -> None:
    bits = weekly_utc_bitset([Slot(6, 22 * 60, 1440)], "America/Los_Angeles", dt.date(2026, 1, 12))
    # 22:00-24:00 PST is 06:00-08:00 UTC on the following Monday.
    assert np.flatnonzero(bits).tolist() == list(range(24, 32))


def test_packed_words_round_trip_to_the_bool_grid() -> None:
    bits = weekly_utc_bitset([Slot(2, 600, 720), Slot(6, 1380, 1440)], "Asia/Kolkata", dt.date(2026, 1, 12))
    assert bits.shape == (WEEK_QUARTERS,)
    assert np.array_equal(unpack_words(pack_bits(bits)), bits)


@PROPERTY
@given(slots(), st.sampled_from(ZONES), st.sampled_from([dt.date(2026, 1, 12), dt.date(2026, 7, 13)]))
def test_the_grid_counts_exactly_the_minutes_of_the_intervals_in_a_week_without_dst_switches(
    chosen: tuple[Slot, ...], zone: str, week: dt.date
) -> None:
    intervals = slots_to_utc_intervals(chosen, zone, week)
    minutes = sum((end - start) // dt.timedelta(minutes=1) for start, end in intervals)
    assert int(weekly_utc_bitset(chosen, zone, week).sum()) * 15 == minutes
    assert all(a_end < b_start for (_, a_end), (b_start, _) in itertools.pairwise(intervals))


@PROPERTY
@given(slots(), slots(), st.sampled_from(ZONES), st.sampled_from(ZONES))
def test_overlap_is_symmetric_and_the_same_on_packed_words(
    a: tuple[Slot, ...], b: tuple[Slot, ...], zone_a: str, zone_b: str
) -> None:
    week = dt.date(2026, 3, 9)
    bits_a, bits_b = weekly_utc_bitset(a, zone_a, week), weekly_utc_bitset(b, zone_b, week)
    words_a, words_b = packed_weekly_bitset(a, zone_a, week), packed_weekly_bitset(b, zone_b, week)
    assert overlap_minutes(bits_a, bits_b) == overlap_minutes(bits_b, bits_a)
    assert overlap_minutes(words_a, words_b) == overlap_minutes(bits_a, bits_b)
    assert overlap_minutes(bits_a, bits_a) == int(bits_a.sum()) * 15
