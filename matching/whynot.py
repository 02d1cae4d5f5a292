""" "Why not" explanations when fewer mentors qualify than were asked for.

For every hard constraint we count the mentors it *alone* excludes (they
pass every other rule), because those are the ones a single change can
bring back. Then we look for the one concrete change per constraint that
adds the most mentors and compute exactly how many it adds:

* ``availability_overlap`` - a lower minimum overlap (the mildest one that
  closes the shortfall, else the one adding most), and a two-hour block of
  extra availability, in the mentee's local time, that would add most
  mentors (only blocks between 07:00 and 23:00 local are suggested);
* ``shared_language`` - the language that would add most mentors;
* ``lived_experience`` - a focus condition to add (net of mentors it would
  lose through their ``not_ready_for``);
* ``topics_to_avoid`` - the avoided topic whose removal adds most;
* ``mentor_ready`` - a focus condition to drop (net of mentors lost because
  they only covered that condition);
* ``has_capacity`` / ``vetted_and_accepting`` - mentors who would qualify
  once a place frees up or they are available again (mentor side);
* ``not_excluded`` - excluded pairs are never relaxed, only counted.

"Adds" is always exact for a single change applied on its own: applying it
and querying again yields exactly that many more qualifying mentors (the
tests check this). Availability blocks are exact except when the added
block itself straddles a DST switch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from matching import constraints as C
from matching._codes import MASK_DTYPE, WORD_BITS
from matching.availability import WEEK_QUARTERS, quarter_to_local, unpack_words
from matching.records import QUARTER_MINUTES
from matching.results import WhyNot
from matching.taxonomy import condition_phrase, language_label

if TYPE_CHECKING:
    from matching.index import Evaluation, MentorIndex, Query

BoolArray = npt.NDArray[np.bool_]

NO_MENTORS = "no_mentors"
SEVERAL_CONSTRAINTS = "several_constraints"

CONSTRAINT_LABELS: dict[str, str] = {
    C.VETTED_AND_ACCEPTING: "not taking new mentees",
    C.HAS_CAPACITY: "fully booked",
    C.SHARED_LANGUAGE: "no shared language",
    C.AVAILABILITY_OVERLAP: "too little shared time",
    C.LIVED_EXPERIENCE: "no lived experience of your focus areas",
    C.TOPICS_TO_AVOID: "experience of a topic you avoid",
    C.MENTOR_READY: "not ready for one of your focus areas",
    C.NOT_EXCLUDED: "excluded",
}

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WINDOW_QUARTERS = 8  # suggested extra availability: two hours
_WINDOW_STEP = 4  # on the hour
_EARLIEST_LOCAL_MINUTE = 7 * 60
_LATEST_LOCAL_END = 23 * 60


def _mentors(n: int) -> str:
    return f"{n} mentor{'s' if n != 1 else ''}"


def _bit_matrix(words: list[npt.NDArray[np.uint32]], slots: npt.NDArray[np.int64]) -> BoolArray:
    """(len(slots), bits) matrix: which code bits each slot's mask has set."""
    if not words:
        return np.zeros((slots.size, 0), dtype=np.bool_)
    stacked = np.ascontiguousarray(np.stack([w[slots] for w in words], axis=1), dtype="<u4")
    return np.unpackbits(stacked.view(np.uint8), axis=1, bitorder="little").astype(np.bool_)


def _best_code(counts: npt.NDArray[np.int64], codes: list[str]) -> tuple[int, str] | None:
    """Highest positive count; ties go to the alphabetically first code."""
    best: tuple[int, str] | None = None
    for bit, code in enumerate(codes):
        count = int(counts[bit]) if bit < counts.size else 0
        if count > 0 and (best is None or count > best[0] or (count == best[0] and code < best[1])):
            best = (count, code)
    return best


def _any_bits(words: list[npt.NDArray[np.uint32]], mask: tuple[int, ...], slots: npt.NDArray[np.int64]) -> BoolArray:
    out = np.zeros(slots.size, dtype=np.bool_)
    for w, q in enumerate(mask):
        if q and w < len(words):
            out |= (words[w][slots] & MASK_DTYPE(q)) != 0
    return out


def _without(mask: tuple[int, ...], bit: int) -> tuple[int, ...]:
    out = list(mask)
    out[bit // WORD_BITS] &= ~(1 << (bit % WORD_BITS))
    return tuple(out)


def explain_shortfall(index: MentorIndex, q: Query, *, k: int, min_overlap_minutes: int) -> list[WhyNot]:
    """Why-not items, most helpful first. Precondition: fewer than k qualify."""
    ev = index.evaluate(q, min_overlap_minutes)
    if ev.slots.size == 0:
        return [WhyNot(NO_MENTORS, "There are no mentors in the pool yet.", {"adds": 0})]
    fail_count = ev.fail_count
    qualified = fail_count == 0
    shortfall = max(1, k - int(qualified.sum()))
    only = {name: f & (fail_count == 1) for name, f in ev.fails.items()}
    items: list[tuple[int, WhyNot]] = []

    def add(constraint: str, text: str, relaxation: dict[str, object]) -> None:
        alone = int(only[constraint].sum())
        total = int(ev.fails[constraint].sum())
        order = C.CONSTRAINT_NAMES.index(constraint)
        items.append((order, WhyNot(constraint, text, relaxation, alone, total)))

    for name in C.CONSTRAINT_NAMES:
        alone = int(only[name].sum())
        if name == C.VETTED_AND_ACCEPTING and alone:
            add(
                name,
                f"{_mentors(alone)} who otherwise fit you {'are' if alone != 1 else 'is'} "
                "paused or still being vetted.",
                {"wait_for": "mentor_availability", "adds": alone},
            )
        elif name == C.HAS_CAPACITY and alone:
            add(
                name,
                f"{_mentors(alone)} who otherwise fit you {'are' if alone != 1 else 'is'} "
                "fully booked; places free up as mentorships end.",
                {"wait_for": "capacity", "adds": alone},
            )
        elif name == C.NOT_EXCLUDED and alone:
            add(
                name,
                f"{_mentors(alone)} who otherwise fit you can't be suggested to you (an earlier match or a block).",
                {"relaxable": False, "adds": 0},
            )
        elif name == C.SHARED_LANGUAGE:
            _language(index, ev, only[name], add)
        elif name == C.AVAILABILITY_OVERLAP:
            _availability(index, q, ev, only[name], shortfall, min_overlap_minutes, add)
        elif name == C.LIVED_EXPERIENCE:
            _add_focus(index, q, ev, only[name], qualified, add)
        elif name == C.TOPICS_TO_AVOID:
            _avoid(index, q, ev, only[name], add)
        elif name == C.MENTOR_READY:
            _drop_focus(index, q, ev, only[name], qualified, add)

    if not items:
        totals = sorted(((int(f.sum()), n) for n, f in ev.fails.items() if f.any()), key=lambda t: (-t[0], t[1]))
        common = " and ".join(f"{CONSTRAINT_LABELS[n]} ({c})" for c, n in totals[:2])
        text = "Every other mentor misses two or more requirements at once" + (
            f"; most often {common}." if common else "."
        )
        return [WhyNot(SEVERAL_CONSTRAINTS, text, {"adds": 0})]
    items.sort(key=lambda t: (-_adds(t[1]), -t[1].excludes_alone, t[0]))
    return [item for _, item in items]


def _adds(item: WhyNot) -> int:
    value = item.relaxation.get("adds", 0)
    return value if isinstance(value, int) else 0


def _language(index: MentorIndex, ev: Evaluation, only: BoolArray, add: _Add) -> None:
    if not only.any():
        return
    counts = _bit_matrix(index._lang, ev.slots[only]).sum(axis=0)
    best = _best_code(counts, index.languages.codes)
    n = int(only.sum())
    if best is None:
        add(C.SHARED_LANGUAGE, f"{_mentors(n)} who otherwise fit you list no language you speak.", {"adds": 0})
        return
    count, code = best
    add(
        C.SHARED_LANGUAGE,
        f"{_mentors(n)} who otherwise fit you don't share a language with you; "
        f"adding {language_label(code)} to your languages would add {_mentors(count)}.",
        {"add_language": code, "adds": count},
    )


def _availability(
    index: MentorIndex,
    q: Query,
    ev: Evaluation,
    only: BoolArray,
    shortfall: int,
    min_overlap: int,
    add: _Add,
) -> None:
    if not only.any():
        return
    n = int(only.sum())
    overlap = ev.overlap[only]
    thresholds = list(range(min_overlap - QUARTER_MINUTES, 0, -QUARTER_MINUTES))
    gains = [(t, int((overlap >= t).sum())) for t in thresholds]
    chosen = next(((t, g) for t, g in gains if g >= shortfall), None)
    if chosen is None and gains:
        best_gain = max(g for _, g in gains)
        chosen = next((t, g) for t, g in gains if g == best_gain)
    if chosen is not None and chosen[1] > 0:
        t, gain = chosen
        add(
            C.AVAILABILITY_OVERLAP,
            f"{_mentors(n)} who otherwise fit you share less than {min_overlap} minutes a week with you; "
            f"allowing {t} minutes of overlap instead of {min_overlap} adds {_mentors(gain)}.",
            {"min_overlap_minutes": t, "adds": gain},
        )
    window = _best_window(index, q, ev, only, min_overlap)
    if window is not None:
        day, start, gain = window
        add(
            C.AVAILABILITY_OVERLAP,
            f"Adding {_DAY_NAMES[day]} {start // 60:02d}:{start % 60:02d}\u2013"
            f"{(start + 120) // 60:02d}:{(start + 120) % 60:02d} to your availability "
            f"would add {_mentors(gain)}.",
            {"add_availability": {"day": day, "start": start, "end": start + 120}, "adds": gain},
        )
    elif chosen is None or chosen[1] == 0:
        add(
            C.AVAILABILITY_OVERLAP, f"{_mentors(n)} who otherwise fit you have no time in common with you.", {"adds": 0}
        )


def _best_window(
    index: MentorIndex, q: Query, ev: Evaluation, only: BoolArray, min_overlap: int
) -> tuple[int, int, int] | None:
    """(local weekday, local start minute, mentors added) of the best 2h block."""
    slots = ev.slots[only]
    mine = unpack_words(q.bits)
    if slots.size == 0:
        return None
    packed = np.ascontiguousarray(index._avail[:, slots].T, dtype="<u8")
    theirs = np.unpackbits(packed.view(np.uint8), axis=1, bitorder="little")[:, :WEEK_QUARTERS].astype(np.bool_)
    gain_bits = (theirs & ~mine).astype(np.int16)
    wrapped = np.concatenate([gain_bits, gain_bits[:, :_WINDOW_QUARTERS]], axis=1)
    csum = np.concatenate(
        [np.zeros((slots.size, 1), dtype=np.int32), np.cumsum(wrapped, axis=1, dtype=np.int32)], axis=1
    )
    starts = np.arange(0, WEEK_QUARTERS, _WINDOW_STEP)
    window_gain = csum[:, starts + _WINDOW_QUARTERS] - csum[:, starts]
    need = -(-(min_overlap - ev.overlap[only]) // QUARTER_MINUTES)
    qualifies = window_gain >= need[:, None]
    adds = qualifies.sum(axis=0)
    # Among blocks adding as many mentors, prefer the one adding most shared time.
    minutes = np.where(qualifies, window_gain, 0).sum(axis=0)
    best: tuple[int, int, int, int] | None = None  # (-adds, -minutes, day, start)
    for i in np.lexsort((-minutes, -adds)).tolist():
        gain = int(adds[i])
        if gain == 0 or (best is not None and (-gain, -int(minutes[i])) > best[:2]):
            break
        local = quarter_to_local(int(starts[i]), q.mentee.timezone, index.week_start)
        end = quarter_to_local(int(starts[i]) + _WINDOW_QUARTERS, q.mentee.timezone, index.week_start)
        minute = local.hour * 60 + local.minute
        end_minute = end.hour * 60 + end.minute
        if minute < _EARLIEST_LOCAL_MINUTE or end_minute > _LATEST_LOCAL_END or end_minute != minute + 120:
            continue
        candidate = (-gain, -int(minutes[i]), local.weekday(), minute)
        if best is None or candidate < best:
            best = candidate
    if best is None:
        return None
    return best[2], best[3], -best[0]


def _add_focus(index: MentorIndex, q: Query, ev: Evaluation, only: BoolArray, qualified: BoolArray, add: _Add) -> None:
    n = int(only.sum())
    codes = index.conditions.codes
    candidates = ev.slots[only]
    # Adding c brings back mentors failing only this rule who have lived
    # experience of c and are ready for it, and loses qualified mentors who
    # said they are not ready for c.
    gained = (_bit_matrix(index._lived, candidates) & ~_bit_matrix(index._not_ready, candidates)).sum(axis=0)
    lost = _bit_matrix(index._not_ready, ev.slots[qualified]).sum(axis=0)
    net = gained.astype(np.int64) - lost
    for bit, code in enumerate(codes):
        if code in q.mentee.condition_focus or code in q.mentee.topics_to_avoid or gained[bit] == 0:
            net[bit] = 0
    best = _best_code(net, codes)
    if best is not None:
        net, code = best
        lead = (
            "Choose at least one focus area so we can look for shared lived experience; "
            if not q.mentee.condition_focus
            else f"{_mentors(n)} who otherwise fit you have no lived experience of your focus areas; "
        )
        add(
            C.LIVED_EXPERIENCE,
            lead + f"adding {condition_phrase(code)}, if it is relevant to you, would add {_mentors(net)}.",
            {"add_focus_condition": code, "adds": net},
        )
    elif n:
        add(
            C.LIVED_EXPERIENCE,
            f"{_mentors(n)} who otherwise fit you have no lived experience of your focus areas.",
            {"adds": 0},
        )


def _avoid(index: MentorIndex, q: Query, ev: Evaluation, only: BoolArray, add: _Add) -> None:
    if not only.any():
        return
    n = int(only.sum())
    slots = ev.slots[only]
    best: tuple[int, str] | None = None
    for code in sorted(q.mentee.topics_to_avoid):
        bit = index.conditions.bit(code)
        if bit is None:
            continue
        rest = _without(q.avoid, bit)
        gain = int((~_any_bits(index._lived, rest, slots)).sum())
        if gain and (best is None or gain > best[0]):
            best = (gain, code)
    if best is None:
        add(
            C.TOPICS_TO_AVOID,
            f"{_mentors(n)} who otherwise fit you have lived experience of topics you asked to avoid.",
            {"adds": 0},
        )
        return
    gain, code = best
    add(
        C.TOPICS_TO_AVOID,
        f"{_mentors(n)} who otherwise fit you have lived experience of topics you asked to avoid; "
        f"allowing {condition_phrase(code)} would add {_mentors(gain)}.",
        {"remove_topic_to_avoid": code, "adds": gain},
    )


def _drop_focus(index: MentorIndex, q: Query, ev: Evaluation, only: BoolArray, qualified: BoolArray, add: _Add) -> None:
    if not only.any():
        return
    n = int(only.sum())
    slots = ev.slots[only]
    best: tuple[int, str] | None = None
    for code in sorted(q.mentee.condition_focus):
        bit = index.conditions.bit(code)
        if bit is None or len(q.mentee.condition_focus) < 2:
            continue
        rest = _without(q.focus, bit)
        gained = int((_any_bits(index._lived, rest, slots) & ~_any_bits(index._not_ready, rest, slots)).sum())
        lost = int((~_any_bits(index._lived, rest, ev.slots[qualified])).sum())
        net = gained - lost
        if net > 0 and (best is None or net > best[0]):
            best = (net, code)
    if best is None:
        add(
            C.MENTOR_READY,
            f"{_mentors(n)} who otherwise fit you aren't ready yet to mentor on one of your focus areas.",
            {"wait_for": "mentor_readiness", "adds": n},
        )
        return
    net, code = best
    add(
        C.MENTOR_READY,
        f"{_mentors(n)} who otherwise fit you aren't ready yet to mentor on {condition_phrase(code)}; "
        f"focusing on your other areas would add {_mentors(net)}.",
        {"remove_focus_condition": code, "adds": net},
    )


if TYPE_CHECKING:
    from collections.abc import Callable

    _Add = Callable[[str, str, dict[str, object]], None]
