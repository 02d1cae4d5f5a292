"""Every feasible (mentee, mentor) pair of a batch, with its score.

Batch matching needs the score of every feasible pair twice: to pick
candidate edges and to certify the result against *all* pairs. Feasible
pairs are rare (about 1-2% of all pairs in realistic pools: a shared
language, shared lived experience and an hour of common time rarely hold at
once), so they are enumerated once, chunk by chunk, and kept as a compact
CSR table (4 + 2 + 2 bytes per pair).

Per chunk of mentees (sorted by time zone so a chunk's availability covers
few quarter-hours):

1. language and condition rules are evaluated once per distinct mentor
   *signature* (mentors sharing the same language mask, or the same lived
   experience and not-ready masks) and broadcast to mentors by gathering;
2. overlap minutes come from one float32 matrix product restricted to the
   quarter-hours the chunk uses at all (exact: 0/1 entries, small integer
   sums);
3. text cosines are computed for the surviving pairs only, by multiplying
   the two gathered sparse rows element-wise;
4. scores use :func:`matching.scoring.factor_values_array`, the same code the
   top-k path uses, so batch and top-k scores agree.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from threadpoolctl import threadpool_limits

from matching._codes import MASK_DTYPE
from matching.availability import WEEK_QUARTERS, WORDS, packed_weekly_bitset
from matching.index import MentorIndex, excluded_mentors
from matching.records import QUARTER_MINUTES, Exclusions, MenteeRecord
from matching.scoring import contribution_tenths_array, factor_values_array

IntArray = npt.NDArray[np.int64]
_CHUNK = 512


@dataclass
class MenteeBatch:
    """Mentees translated against an index (masks, week grid, TF-IDF rows)."""

    records: list[MenteeRecord]
    lang: npt.NDArray[np.uint32]  # (n, words)
    focus: npt.NDArray[np.uint32]
    avoid: npt.NDArray[np.uint32]
    focus_count: IntArray
    lang_count: IntArray
    bits: npt.NDArray[np.uint64]  # (n, WORDS)
    text: sp.csr_matrix
    excluded: dict[int, IntArray]  # mentee position -> excluded mentor slots

    def __len__(self) -> int:
        return len(self.records)


def _mask_matrix(masks: list[tuple[int, ...]], words: int) -> npt.NDArray[np.uint32]:
    out = np.zeros((len(masks), words), dtype=MASK_DTYPE)
    if masks:
        out[:] = np.asarray(masks, dtype=np.int64).reshape(len(masks), words)
    return out


def prepare_mentees(index: MentorIndex, mentees: Sequence[MenteeRecord], exclusions: Exclusions) -> MenteeBatch:
    """Precondition: mentee ids are unique."""
    langs = index.languages
    conds = index.conditions
    excluded: dict[int, IntArray] = {}
    if exclusions:
        for i, m in enumerate(mentees):
            slots = [s for mid in excluded_mentors(exclusions, m.id) if (s := index.slot_of(mid)) is not None]
            if slots:
                excluded[i] = np.asarray(slots, dtype=np.int64)
    bits = np.zeros((len(mentees), WORDS), dtype=np.uint64)
    for i, m in enumerate(mentees):
        bits[i] = packed_weekly_bitset(m.availability, m.timezone, index.week_start)
    return MenteeBatch(
        records=list(mentees),
        lang=_mask_matrix([langs.mask(m.languages) for m in mentees], langs.words),
        focus=_mask_matrix([conds.mask(m.condition_focus) for m in mentees], conds.words),
        avoid=_mask_matrix([conds.mask(m.topics_to_avoid) for m in mentees], conds.words),
        focus_count=np.fromiter((len(m.condition_focus) for m in mentees), dtype=np.int64, count=len(mentees)),
        lang_count=np.fromiter((len(m.languages) for m in mentees), dtype=np.int64, count=len(mentees)),
        bits=bits,
        text=index.text_model.transform([m.text for m in mentees]),
        excluded=excluded,
    )


@dataclass
class PairTable:
    """Feasible pairs grouped by mentee (CSR layout).

    Row ``i`` holds mentee ``i``'s feasible mentors as positions into
    ``mentor_slots`` (the index slots that could take anyone at all),
    with the pair's score in tenths and overlap in minutes.
    """

    indptr: IntArray
    mentor: npt.NDArray[np.int32]
    score: npt.NDArray[np.int16]
    overlap: npt.NDArray[np.int16]
    mentor_slots: IntArray

    @property
    def pairs(self) -> int:
        return int(self.mentor.size)

    def rows(self) -> IntArray:
        """Mentee position of every pair."""
        return np.repeat(np.arange(self.indptr.size - 1), np.diff(self.indptr))


class _Clock:
    """Accumulates wall time per phase into an optional dict."""

    def __init__(self, into: dict[str, float] | None) -> None:
        self._into = into
        self._last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        if self._into is not None:
            self._into[phase] = self._into.get(phase, 0.0) + now - self._last
        self._last = now


def _any_common_2d(a: npt.NDArray[np.uint32], b: npt.NDArray[np.uint32]) -> npt.NDArray[np.bool_]:
    """(len(a), len(b)) matrix: do row masks of a and b share a bit?"""
    out = np.zeros((a.shape[0], b.shape[0]), dtype=np.bool_)
    for w in range(min(a.shape[1], b.shape[1])):
        out |= (a[:, w, None] & b[None, :, w]) != 0
    return out


def _stack_words(arrays: list[npt.NDArray[np.uint32]], slots: IntArray) -> npt.NDArray[np.uint32]:
    return np.stack([a[slots] for a in arrays], axis=1) if arrays else np.zeros((slots.size, 1), MASK_DTYPE)


def _pad_words(a: npt.NDArray[np.uint32], words: int) -> npt.NDArray[np.uint32]:
    if a.shape[1] >= words:
        return a
    return np.concatenate([a, np.zeros((a.shape[0], words - a.shape[1]), dtype=a.dtype)], axis=1)


def _unpack_rows(words: npt.NDArray[np.uint64]) -> npt.NDArray[np.bool_]:
    raw = np.ascontiguousarray(words, dtype="<u8").view(np.uint8)
    return np.unpackbits(raw, axis=1, bitorder="little")[:, :WEEK_QUARTERS].astype(np.bool_)


def _utc_offset_minutes(tz_name: str, index: MentorIndex) -> int:
    import datetime as dt

    noon = dt.datetime.combine(index.week_start, dt.time(12), tzinfo=ZoneInfo(tz_name))
    offset = noon.utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


def row_cosines(left: sp.csr_matrix, right: sp.csr_matrix) -> npt.NDArray[np.float64]:
    """Dot product of row r of ``left`` with row r of ``right`` for every r."""
    if left.shape[0] == 0 or left.shape[1] == 0:
        return np.zeros(left.shape[0])
    return np.asarray(left.multiply(right).sum(axis=1), dtype=np.float64).ravel()


def score_pairs(
    index: MentorIndex,
    batch: MenteeBatch,
    mentee: npt.NDArray[np.signedinteger[Any]],
    slot: IntArray,
    overlap: IntArray,
    mentor_rows: sp.csr_matrix | None = None,
) -> npt.NDArray[np.int64]:
    """Contribution tenths, shape (5, pairs), for the given pairs.

    ``mentor_rows`` optionally holds the pairs' mentor TF-IDF rows already
    gathered (row r for pair r).
    """
    if mentor_rows is None:
        mentor_rows = index._text_rows(slot)
    cosine = row_cosines(batch.text[mentee], mentor_rows)
    shared_conditions = np.zeros(mentee.size, dtype=np.int64)
    for w, arr in enumerate(index._lived):
        if w < batch.focus.shape[1]:
            shared_conditions += np.bitwise_count(arr[slot] & batch.focus[mentee, w])
    shared_languages = np.zeros(mentee.size, dtype=np.int64)
    for w, arr in enumerate(index._lang):
        if w < batch.lang.shape[1]:
            shared_languages += np.bitwise_count(arr[slot] & batch.lang[mentee, w])
    values = factor_values_array(
        shared_conditions=shared_conditions,
        focus_count=batch.focus_count[mentee],
        cosine=cosine,
        overlap=overlap,
        shared_languages=shared_languages,
        mentee_languages=batch.lang_count[mentee],
        remaining=index._remaining[slot],
        capacity=index._capacity[slot],
        weights=index.weights,
    )
    return contribution_tenths_array(values, index.weights)


def feasible_pair_table(
    index: MentorIndex,
    batch: MenteeBatch,
    *,
    min_overlap_minutes: int,
    chunk: int = _CHUNK,
    workers: int = 2,
    timings: dict[str, float] | None = None,
) -> PairTable:
    """All feasible pairs with scores. See the module docstring for the method.

    ``workers`` threads process chunks of mentees concurrently.
    ``timings``, if given, accumulates seconds per phase (per-chunk phases
    are summed over workers, so they can exceed wall time).
    """
    clock = _Clock(timings)
    n = index.slot_count
    mentor_slots = np.flatnonzero(index._base[:n]).astype(np.int64)
    n_e = len(batch)
    if n_e == 0 or mentor_slots.size == 0:
        return PairTable(
            indptr=np.zeros(n_e + 1, dtype=np.int64),
            mentor=np.zeros(0, dtype=np.int32),
            score=np.zeros(0, dtype=np.int16),
            overlap=np.zeros(0, dtype=np.int16),
            mentor_slots=mentor_slots,
        )

    # Mentor signatures: evaluate mask rules per distinct signature.
    lang_words = max(index.languages.words, batch.lang.shape[1])
    cond_words = max(index.conditions.words, batch.focus.shape[1])
    m_lang = _pad_words(_stack_words(index._lang, mentor_slots), lang_words)
    m_lived = _pad_words(_stack_words(index._lived, mentor_slots), cond_words)
    m_ready = _pad_words(_stack_words(index._not_ready, mentor_slots), cond_words)
    lang_sig, lang_group = np.unique(m_lang, axis=0, return_inverse=True)
    cond_sig, cond_group = np.unique(np.concatenate([m_lived, m_ready], axis=1), axis=0, return_inverse=True)
    lang_group = lang_group.ravel()
    cond_group = cond_group.ravel()
    sig_lived, sig_ready = cond_sig[:, :cond_words], cond_sig[:, cond_words:]
    e_lang = _pad_words(batch.lang, lang_words)
    e_focus = _pad_words(batch.focus, cond_words)
    e_avoid = _pad_words(batch.avoid, cond_words)

    # Quarter-major so a chunk gathers contiguous rows of the quarters it uses.
    availability_t = np.ascontiguousarray(_unpack_rows(index._avail[:, mentor_slots].T).T)
    mentee_bits = _unpack_rows(batch.bits)
    need_quarters = -(-min_overlap_minutes // QUARTER_MINUTES)
    slot_position = np.full(n, -1, dtype=np.int64)
    slot_position[mentor_slots] = np.arange(mentor_slots.size)
    mentor_text = index._text_rows(mentor_slots)

    offsets = {tz: _utc_offset_minutes(tz, index) for tz in {m.timezone for m in batch.records}}
    order = np.asarray(
        sorted(range(n_e), key=lambda i: (offsets[batch.records[i].timezone], batch.records[i].timezone)),
        dtype=np.int64,
    )

    clock.lap("setup")
    Part = tuple[IntArray, IntArray, IntArray, IntArray, npt.NDArray[np.int16], npt.NDArray[np.int16]]

    def process(members: IntArray, phases: dict[str, float]) -> Part | None:
        """Feasible pairs of one chunk of mentees, with scores."""
        lap = _Clock(phases)
        ok = _any_common_2d(e_lang[members], lang_sig)[:, lang_group]
        cond_ok = _any_common_2d(e_focus[members], sig_lived)
        cond_ok &= ~_any_common_2d(e_avoid[members], sig_lived)
        cond_ok &= ~_any_common_2d(e_focus[members], sig_ready)
        ok &= cond_ok[:, cond_group]
        if batch.excluded:
            for r, i in enumerate(members.tolist()):
                excluded = batch.excluded.get(i)
                if excluded is not None:
                    pos = slot_position[excluded]
                    ok[r, pos[pos >= 0]] = False
        bits = mentee_bits[members]
        used = np.flatnonzero(bits.any(axis=0))
        lap.lap("masks")
        if used.size == 0:
            return None
        theirs = availability_t[used]
        # Only mentors some chunk member could still match and who have any
        # time in the chunk's quarters need the matrix product.
        cols = np.flatnonzero(ok.any(axis=0) & theirs.any(axis=0))
        if cols.size == 0:
            return None
        # Quarters the chunk's mentees all treat alike (inside the same
        # blocks) are merged: summing the mentors' columns within each group
        # keeps the product exact and shrinks it several-fold. Entries are
        # small integers, exact in float32.
        mine = bits[:, used]
        starts = np.concatenate(([0], np.flatnonzero((mine[:, 1:] != mine[:, :-1]).any(axis=0)) + 1))
        grouped = np.add.reduceat(theirs[:, cols].astype(np.float32), starts, axis=0)
        quarters = mine[:, starts].astype(np.float32) @ grouped
        lap.lap("overlap")
        flat = np.flatnonzero(ok[:, cols])
        minutes = quarters.ravel()[flat]
        flat = flat[minutes >= need_quarters]
        if flat.size == 0:
            return None
        r_idx, c_local = np.divmod(flat, cols.size)
        c_idx = cols[c_local]
        mentee_idx = members[r_idx]
        overlap = quarters.ravel()[flat].astype(np.int64) * QUARTER_MINUTES
        lap.lap("select")
        tenths = score_pairs(index, batch, mentee_idx, mentor_slots[c_idx], overlap, mentor_rows=mentor_text[c_idx])
        # Rank of each pair within its mentee's run (runs are contiguous
        # because flat indices ascend row by row).
        run_counts = np.bincount(r_idx, minlength=members.size)
        rank = np.arange(r_idx.size) - (np.cumsum(run_counts) - run_counts)[r_idx]
        lap.lap("score")
        return (
            run_counts,
            mentee_idx,
            rank,
            c_idx,
            tenths.sum(axis=0).astype(np.int16),
            np.minimum(overlap, np.iinfo(np.int16).max).astype(np.int16),
        )

    chunks = [order[start : start + chunk] for start in range(0, n_e, chunk)]
    phase_sums: list[dict[str, float]] = [{} for _ in chunks]
    # Chunks are independent and numpy releases the GIL in its loops, so a
    # couple of threads overlap well. The per-chunk matrix products are
    # small: extra BLAS threads would only spin and slow a busy machine.
    with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        results = list(pool.map(process, chunks, phase_sums))
    counts = np.zeros(n_e, dtype=np.int64)
    parts: list[Part] = []
    for members, result in zip(chunks, results, strict=True):
        if result is not None:
            counts[members] = result[0]
            parts.append(result)
    if timings is not None:
        for phases in phase_sums:
            for name, seconds in phases.items():
                timings[name] = timings.get(name, 0.0) + seconds
    clock.lap("chunks")

    indptr = np.zeros(n_e + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    total = int(indptr[-1])
    mentor = np.zeros(total, dtype=np.int32)
    score = np.zeros(total, dtype=np.int16)
    overlap_out = np.zeros(total, dtype=np.int16)
    for _, mentee_idx, rank, c_idx, pair_score, pair_overlap in parts:
        dest = indptr[mentee_idx] + rank
        mentor[dest] = c_idx
        score[dest] = pair_score
        overlap_out[dest] = pair_overlap
    clock.lap("assemble")
    return PairTable(
        indptr=indptr,
        mentor=mentor,
        score=score,
        overlap=overlap_out,
        mentor_slots=mentor_slots,
    )
