"""Score factors, their rounding, and the sentences that explain them.

A pair's score is ``sum(weight_f * value_f)`` over the factors in
:data:`matching.weights.FACTORS`, each ``value_f`` in [0, 1]:

* ``condition_coverage`` - share of the mentee's focus conditions in the
  mentor's lived experience;
* ``text_similarity`` - TF-IDF cosine of the two free texts, saturating at
  ``Weights.text_full_similarity``;
* ``availability_overlap`` - weekly UTC overlap, saturating at
  ``Weights.overlap_full_minutes``;
* ``shared_languages`` - share of the mentee's languages the mentor speaks;
* ``load_balance`` - the mentor's share of capacity still free, so mentors
  with room are preferred and load spreads out.

Rounding: each contribution ``weight * value`` is rounded to 0.1 (half to
even) and the score is the exact sum of the rounded contributions, kept as an
integer number of tenths internally. Ranking uses that score, then the
unrounded sum, then the mentor id, so displayed order is always consistent
with displayed scores.

The scalar functions here are the reference; the index computes the same
expressions on arrays in the same order of operations, so both give the same
tenths.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from matching.availability import WEEK_QUARTERS, Words, quarter_to_local, words_to_int
from matching.records import MenteeRecord, MentorRecord
from matching.results import Reason
from matching.taxonomy import CONDITIONS, condition_phrase, join_words, language_label
from matching.weights import FACTORS, Weights

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_CONDITION_ORDER = {code: i for i, code in enumerate(CONDITIONS)}


def factor_values(
    *,
    shared_conditions: int,
    focus_count: int,
    cosine: float,
    overlap: int,
    shared_languages: int,
    mentee_languages: int,
    remaining: int,
    capacity: int,
    weights: Weights,
) -> tuple[float, float, float, float, float]:
    """Factor values in [0, 1], in :data:`FACTORS` order."""
    coverage = shared_conditions / focus_count if focus_count else 0.0
    text = min(1.0, cosine / weights.text_full_similarity)
    availability = min(1.0, overlap / weights.overlap_full_minutes)
    languages = shared_languages / mentee_languages if mentee_languages else 0.0
    load = min(1.0, remaining / capacity) if capacity > 0 and remaining > 0 else 0.0
    return coverage, text, availability, languages, load


def contribution_tenths(values: Sequence[float], weights: Weights) -> list[int]:
    """Each factor's contribution in integer tenths of a point."""
    return [round(w * v * 10.0) for w, v in zip(weights.as_tuple(), values, strict=True)]


def raw_score(values: Sequence[float], weights: Weights) -> float:
    """Unrounded score, used only to order equal rounded scores."""
    total = 0.0
    for w, v in zip(weights.as_tuple(), values, strict=True):
        total += w * v
    return total


def contribution_tenths_array(values: Sequence[npt.NDArray[np.float64]], weights: Weights) -> npt.NDArray[np.int64]:
    """Vectorised :func:`contribution_tenths`: shape (len(FACTORS), n)."""
    weight_column = np.asarray(weights.as_tuple(), dtype=np.float64)[:, None]
    return np.rint(weight_column * np.stack(values) * 10.0).astype(np.int64)


def raw_score_array(values: Sequence[npt.NDArray[np.float64]], weights: Weights) -> npt.NDArray[np.float64]:
    total = np.zeros_like(values[0], dtype=np.float64)
    for w, v in zip(weights.as_tuple(), values, strict=True):
        total = total + w * v
    return total


def factor_values_array(
    *,
    shared_conditions: npt.NDArray[np.int64],
    focus_count: npt.NDArray[np.int64] | int,
    cosine: npt.NDArray[np.float64],
    overlap: npt.NDArray[np.int64],
    shared_languages: npt.NDArray[np.int64],
    mentee_languages: npt.NDArray[np.int64] | int,
    remaining: npt.NDArray[np.int64],
    capacity: npt.NDArray[np.int64],
    weights: Weights,
) -> list[npt.NDArray[np.float64]]:
    """Vectorised :func:`factor_values` (same expressions, same order)."""
    m = cosine.shape[0]
    text = np.minimum(1.0, cosine / weights.text_full_similarity)
    availability = np.minimum(1.0, overlap / weights.overlap_full_minutes)
    # Zero denominators mean a zero factor, as in the scalar version; where
    # they are positive the divisions are the very same IEEE operations.
    coverage = _ratio(shared_conditions, focus_count, m)
    languages = _ratio(shared_languages, mentee_languages, m)
    free = (capacity > 0) & (remaining > 0)
    load = np.where(free, np.minimum(1.0, remaining / np.maximum(capacity, 1)), 0.0)
    return [coverage, text, availability, languages, load]


def _ratio(
    numerator: npt.NDArray[np.int64], denominator: npt.NDArray[np.int64] | int, m: int
) -> npt.NDArray[np.float64]:
    if np.ndim(denominator) == 0:
        # One mentee against many mentors: a scalar denominator, no masking.
        return numerator / denominator if denominator else np.zeros(m)
    den = np.asarray(denominator)
    return np.where(den > 0, numerator / np.maximum(den, 1), 0.0)


def top_shared_terms(
    query_indices: npt.NDArray[np.int32],
    query_values: npt.NDArray[np.float64],
    doc_indices: npt.NDArray[np.int32],
    doc_values: npt.NDArray[np.float64],
    terms: npt.NDArray[np.str_],
    limit: int = 3,
) -> list[str]:
    """Terms contributing most to the cosine of two sparse rows."""
    query = dict(zip(query_indices.tolist(), query_values.tolist(), strict=True))
    shared = [
        (-(query[t] * v), str(terms[t]))
        for t, v in zip(doc_indices.tolist(), doc_values.tolist(), strict=True)
        if t in query
    ]
    shared.sort()
    return [term for _, term in shared[:limit]]


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return f"{rest} minutes"
    text = f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{text} {rest} minutes" if rest else text


def _longest_run(value: int) -> tuple[int, int]:
    """(start, length) of the longest run of set bits in a cyclic week.

    Ties go to the run starting earliest in the UTC week. Precondition:
    ``value`` is non-zero and not all ones.
    """
    starts = value & ~(value << 1)
    ends = value & ~(value >> 1)
    runs: list[tuple[int, int]] = []
    while starts:
        low_start = starts & -starts
        low_end = ends & -ends
        first, last = low_start.bit_length() - 1, low_end.bit_length() - 1
        runs.append((first, last - first + 1))
        starts ^= low_start
        ends ^= low_end
    if len(runs) > 1 and runs[0][0] == 0 and runs[-1][0] + runs[-1][1] == WEEK_QUARTERS:
        # The week is cyclic: a run touching its end continues at its start.
        runs[-1] = (runs[-1][0], runs[-1][1] + runs[0][1])
        runs.pop(0)
    best = runs[0]
    for run in runs[1:]:
        if run[1] > best[1] or (run[1] == best[1] and run[0] < best[0]):
            best = run
    return best


def longest_shared_window(common: Words, tz_name: str, week_start: dt.date) -> str | None:
    """The longest run of shared quarters, as mentee-local text ("Tue 19:00-21:00")."""
    value = words_to_int(common)
    if value == 0:
        return None
    if value == (1 << WEEK_QUARTERS) - 1:
        return "any time"
    first, length = _longest_run(value)
    local_start = quarter_to_local(first, tz_name, week_start)
    local_end = quarter_to_local(first + length, tz_name, week_start)
    return (
        f"{_DAY_NAMES[local_start.weekday()]} {local_start.hour:02d}:{local_start.minute:02d}"
        f"\u2013{local_end.hour:02d}:{local_end.minute:02d}"
    )


@lru_cache(maxsize=4096)
def _coverage_sentence(shared: frozenset[str], focus_count: int) -> str:
    if not shared:
        return "No lived experience of your focus areas"
    ordered = sorted(shared, key=lambda c: (_CONDITION_ORDER.get(c, len(_CONDITION_ORDER)), c))
    text = "Shares lived experience of " + join_words([condition_phrase(c) for c in ordered])
    if len(shared) < focus_count:
        text += f" ({len(shared)} of your {focus_count} focus areas)"
    return text


@lru_cache(maxsize=1024)
def _languages_sentence(shared: frozenset[str]) -> str:
    if not shared:
        return "No shared language"
    return "You both speak " + join_words([language_label(c) for c in sorted(shared)])


@lru_cache(maxsize=64)
def _room_sentence(remaining: int) -> str:
    if remaining <= 0:
        return "Currently has no free places"
    return f"Has room for {remaining} more mentee{'s' if remaining != 1 else ''}"


@lru_cache(maxsize=1024)
def _hours_sentence(overlap: int) -> str:
    return f"{_duration(overlap)} of shared availability each week"


_FACTOR_ORDER = {f: i for i, f in enumerate(FACTORS)}


def explain(
    *,
    mentee: MenteeRecord,
    mentor: MentorRecord,
    tenths: Sequence[int],
    overlap: int,
    common_bits: Words,
    shared_terms: list[str],
    week_start: dt.date,
) -> list[Reason]:
    """One :class:`Reason` per factor, largest contribution first.

    Precondition: ``tenths`` are this pair's contributions in FACTORS order.
    Sentences that depend on few inputs are cached: explanations are built
    for every suggestion and every batch assignment.
    """
    if overlap > 0:
        window = longest_shared_window(common_bits, mentee.timezone, week_start)
        hours = _hours_sentence(overlap)
        availability = f"{hours}, e.g. {window} your time" if window else hours
    else:
        availability = "No shared availability"
    sentences = (
        _coverage_sentence(mentee.condition_focus & mentor.lived_experience, len(mentee.condition_focus)),
        "Your stories both mention " + join_words(shared_terms)
        if shared_terms
        else "Little in common between your story and theirs",
        availability,
        _languages_sentence(mentee.languages & mentor.languages),
        _room_sentence(mentor.capacity - mentor.load),
    )
    reasons = [
        Reason(factor=f, text=s, contribution=t / 10) for f, s, t in zip(FACTORS, sentences, tenths, strict=True)
    ]
    reasons.sort(key=lambda r: (-r.contribution, _FACTOR_ORDER[r.factor]))
    return reasons
