"""Weekly availability in UTC: exact, DST-aware intervals and a bitset grid.

Profiles state availability as local wall-clock slots (see
:class:`matching.records.Slot`). Comparing two people in different time zones
needs real UTC instants for a concrete week, because offsets change on
different dates around the world (the US and the UK switch summer time weeks
apart). Everything here is computed for one explicit week so results are
reproducible.

The UTC week grid
-----------------
``weekly_utc_bitset`` returns a boolean array of ``WEEK_QUARTERS`` (672)
entries. Entry ``i`` stands for the UTC quarter-hour
``[origin + 15*i min, origin + 15*(i+1) min)`` where ``origin`` is
``week_start`` at 00:00 UTC, so entry ``day*96 + q`` is quarter ``q`` of UTC
weekday ``day``. An entry is set when one of the person's UTC intervals
covers that whole quarter. Parts of intervals falling before ``origin`` or
after ``origin + 7 days`` (for example a Monday-morning slot in Sydney, which
is Sunday in UTC) are folded back modulo one week: availability recurs every
week, so the same instant of the neighbouring week is the best stand-in.

Every real-world UTC offset in use is a multiple of 15 minutes, so slot
edges land exactly on grid lines and no minute is lost to the grid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from matching.records import QUARTER_MINUTES, Slot

UTC = dt.UTC
QUARTERS_PER_DAY = 96
WEEK_QUARTERS = 7 * QUARTERS_PER_DAY
#: Number of uint64 words holding one packed week (672 bits -> 11 words).
WORDS = (WEEK_QUARTERS + 63) // 64
_QUARTER = dt.timedelta(minutes=QUARTER_MINUTES)

BoolArray = npt.NDArray[np.bool_]
Words = npt.NDArray[np.uint64]


@lru_cache(maxsize=64)
def week_origin(week_start: dt.date) -> dt.datetime:
    """Monday 00:00 UTC of the week used as the grid origin.

    Precondition: ``week_start`` is a Monday.
    """
    _require_monday(week_start)
    return dt.datetime(week_start.year, week_start.month, week_start.day, tzinfo=UTC)


def _require_monday(week_start: dt.date) -> None:
    if week_start.weekday() != 0:
        raise ValueError(f"week_start must be a Monday, got {week_start.isoformat()}")


@lru_cache(maxsize=64)
def _zone(tz_name: str) -> ZoneInfo:
    return ZoneInfo(tz_name)


def _transition_between(before: dt.datetime, after: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """The instant in ``(before, after]`` at which ``tz`` changes offset.

    Precondition: ``before`` has the pre-transition offset and ``after`` the
    post-transition one. Bisection on whole seconds: transitions are defined
    to the second, so this terminates in ~log2(gap) steps.
    """
    offset_before = before.astimezone(tz).utcoffset()
    lo, hi = 0, int((after - before).total_seconds())
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if (before + dt.timedelta(seconds=mid)).astimezone(tz).utcoffset() == offset_before:
            lo = mid
        else:
            hi = mid
    return before + dt.timedelta(seconds=hi)


def local_to_utc(local: dt.datetime, tz: ZoneInfo, *, first: bool) -> dt.datetime:
    """UTC instant for a naive local wall-clock reading, decided deliberately.

    * Ordinary reading: its unique instant.
    * Ambiguous reading (clocks fall back, the hour repeats): the first
      occurrence when ``first`` is true, else the second. Slot starts use the
      first and slot ends the second, so a slot covers every instant whose
      wall-clock reading lies inside it (the repeated hour counts twice).
    * Nonexistent reading (clocks spring forward, the hour is skipped): the
      transition instant itself. A slot 01:30-02:30 on the night clocks jump
      from 02:00 to 03:00 therefore lasts 30 real minutes, and a slot lying
      wholly inside the gap becomes empty.
    """
    earlier = local.replace(tzinfo=tz, fold=0).astimezone(UTC)
    later = local.replace(tzinfo=tz, fold=1).astimezone(UTC)
    if earlier == later:
        return earlier
    if earlier.astimezone(tz).replace(tzinfo=None) == local:
        # The reading exists twice: fold=0 is the earlier instant.
        return earlier if first else later
    # Skipped reading: fold=1 applies the post-transition offset and so lands
    # before the transition; fold=0 lands after it.
    return _transition_between(later, earlier, tz)


@lru_cache(maxsize=1 << 16)
def _slot_interval(slot: Slot, tz_name: str, week_start: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
    tz = _zone(tz_name)
    midnight = dt.datetime.combine(week_start + dt.timedelta(days=slot.day), dt.time())
    start = local_to_utc(midnight + dt.timedelta(minutes=slot.start), tz, first=True)
    # end == 1440 becomes the next local midnight through the timedelta.
    end = local_to_utc(midnight + dt.timedelta(minutes=slot.end), tz, first=False)
    if end <= start:
        return None
    return start, end


def slots_to_utc_intervals(
    slots: Iterable[Slot], tz_name: str, week_start: dt.date
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Concrete UTC intervals of weekly local slots for one week.

    ``week_start`` is the Monday of the week *in the profile's local
    calendar*: slot ``day=d`` is the local date ``week_start + d``. Returns
    aware UTC ``(start, end)`` pairs, half-open, sorted, with overlapping or
    touching intervals merged. They are real instants of that week and are
    not folded: a Sydney Monday-morning slot starts on the Sunday before in
    UTC. DST transitions are handled as described in :func:`local_to_utc`.

    Raises ``ValueError`` if ``week_start`` is not a Monday and
    ``ZoneInfoNotFoundError`` for an unknown time zone.
    """
    _require_monday(week_start)
    intervals = [iv for slot in slots if (iv := _slot_interval(slot, tz_name, week_start)) is not None]
    intervals.sort()
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for start, end in intervals:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def weekly_utc_bitset(slots: Iterable[Slot], tz_name: str, week_start: dt.date) -> BoolArray:
    """Availability on the UTC week grid as a bool array of shape (672,).

    See the module docstring for the exact grid definition and wrap-around.
    """
    return unpack_words(packed_weekly_bitset(tuple(slots), tz_name, week_start))


@lru_cache(maxsize=1 << 16)
def _slot_bits(slot: Slot, tz_name: str, week_start: dt.date) -> int:
    """The slot's quarters on the UTC week grid, as a Python int bitset."""
    interval = _slot_interval(slot, tz_name, week_start)
    if interval is None:
        return 0
    origin = week_origin(week_start)
    start, end = interval
    # Only whole quarters count; with real offsets edges are exact anyway.
    first = -((origin - start) // _QUARTER)  # ceil
    last = (end - origin) // _QUARTER  # floor
    value = 0
    if last > first:
        run = (1 << (last - first)) - 1
        # Fold into the week: shift within a doubled-width window, then wrap.
        shifted = run << (first % WEEK_QUARTERS)
        value = (shifted | (shifted >> WEEK_QUARTERS)) & _WEEK_MASK
    return value


_WEEK_MASK = (1 << WEEK_QUARTERS) - 1


@lru_cache(maxsize=1 << 16)
def _packed_cached(slots: tuple[Slot, ...], tz_name: str, week_start: dt.date) -> bytes:
    _require_monday(week_start)
    value = 0
    for slot in slots:
        value |= _slot_bits(slot, tz_name, week_start)
    return value.to_bytes(WORDS * 8, "little")


def packed_weekly_bitset(slots: Sequence[Slot], tz_name: str, week_start: dt.date) -> Words:
    """Same grid as :func:`weekly_utc_bitset`, packed into ``WORDS`` uint64.

    Bit ``i`` of the week is bit ``i % 64`` of word ``i // 64``. Results are
    cached per (slots, zone, week) since many people share the same blocks.
    """
    return np.frombuffer(_packed_cached(tuple(slots), tz_name, week_start), dtype=np.uint64)


def pack_bits(bits: BoolArray) -> Words:
    """Pack a (672,) bool grid into ``WORDS`` little-endian uint64 words."""
    raw = np.packbits(np.asarray(bits, dtype=np.bool_), bitorder="little")
    padded = np.zeros(WORDS * 8, dtype=np.uint8)
    padded[: raw.size] = raw
    return padded.view("<u8").astype(np.uint64)


def unpack_words(words: Words) -> BoolArray:
    """Inverse of :func:`pack_bits`."""
    raw = np.ascontiguousarray(words, dtype="<u8").view(np.uint8)
    return np.unpackbits(raw, bitorder="little")[:WEEK_QUARTERS].astype(np.bool_)


#: Coarse grid: 56 UTC blocks of three hours (7 days x 8), one uint64 per week.
COARSE_BLOCK_QUARTERS = 12


def coarse_blocks(words: Words) -> npt.NDArray[np.uint64]:
    """Three-hour blocks with any availability, one uint64 per packed week.

    ``words`` has shape (..., WORDS). Two weeks sharing any quarter-hour
    share a block, so disjoint block masks prove zero overlap; the index
    uses that as a cheap first filter before counting exact minutes.
    """
    packed = np.ascontiguousarray(words, dtype="<u8")
    lead = packed.shape[:-1]
    bits = np.unpackbits(packed.reshape(-1, WORDS).view(np.uint8), axis=1, bitorder="little")
    blocks = bits[:, :WEEK_QUARTERS].reshape(-1, WEEK_QUARTERS // COARSE_BLOCK_QUARTERS, COARSE_BLOCK_QUARTERS)
    present = blocks.any(axis=2)
    padded = np.zeros((present.shape[0], 64), dtype=np.uint8)
    padded[:, : present.shape[1]] = present
    out = np.packbits(padded, axis=1, bitorder="little").view("<u8").astype(np.uint64)
    return out.reshape(lead)


def words_to_int(words: Words) -> int:
    """The packed week as one Python integer (bit ``i`` = quarter ``i``)."""
    return int.from_bytes(np.ascontiguousarray(words, dtype="<u8").tobytes(), "little")


def overlap_minutes(a_bits: npt.NDArray[np.generic], b_bits: npt.NDArray[np.generic]) -> int:
    """Minutes per week both grids are available.

    Accepts two bool grids of shape (672,) or two packed uint64 arrays of
    shape (WORDS,) (the last axis is reduced, so stacked grids broadcast).
    """
    a = np.asarray(a_bits)
    b = np.asarray(b_bits)
    if a.dtype == np.bool_ and b.dtype == np.bool_:
        return int(np.count_nonzero(a & b)) * QUARTER_MINUTES
    if a.dtype == np.uint64 and b.dtype == np.uint64:
        return int(np.bitwise_count(a & b).sum()) * QUARTER_MINUTES
    raise TypeError("overlap_minutes needs two bool grids or two packed uint64 grids")


def quarter_to_local(quarter: int, tz_name: str, week_start: dt.date) -> dt.datetime:
    """Local wall-clock datetime at the start of a UTC grid quarter."""
    origin = week_origin(week_start)
    return (origin + quarter * _QUARTER).astimezone(_zone(tz_name))
