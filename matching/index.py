"""Vectorised mentor index: hard constraints, scores and top-k in one pass.

Layout
------
Every mentor occupies a *slot*. Per slot the index keeps:

* bitmasks (uint32 words, one array per word) of languages, lived
  experience and ``not_ready_for``, with bits assigned by growing
  :class:`~matching._codes.Codebook` s;
* remaining capacity, capacity and a vetted-and-accepting flag;
* the UTC week grid of availability packed into 11 uint64 words, plus one
  uint64 of three-hour blocks (see :mod:`matching.availability`);
* the mentor's TF-IDF row, both row-wise (CSR) and inverted (term -> slots).

A query scans all slots with three bitmask tests (shared lived experience,
shared language, a shared three-hour block), checks the remaining rules and
exact overlap minutes on the few survivors only, scores every factor except
text, prunes slots that cannot reach the top k even with a perfect text
match, computes TF-IDF cosines for the rest (through their rows or the
query's postings, whichever touches fewer entries), ranks with
``np.partition`` and builds explanations for the final ``k`` only.

Updates
-------
``upsert`` retires the mentor's old slot (if any) and appends a new one;
``remove`` retires a slot. Text of appended slots lives in a small side
matrix until the next compaction. Compaction (automatic once a quarter of
slots are retired or the side matrix grows past an eighth of the main one)
re-packs the arrays and the inverted index but never refits the TF-IDF
vocabulary, so amortised update cost is O(1) numpy appends plus one text
transform. See :mod:`matching.text` for how unseen words are handled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matching import constraints as C
from matching._codes import MASK_DTYPE, Codebook
from matching.availability import WORDS, Words, coarse_blocks, packed_weekly_bitset
from matching.records import Exclusions, MenteeRecord, MentorRecord
from matching.results import Suggestion, TopKResult, WhyNot
from matching.scoring import (
    contribution_tenths_array,
    explain,
    factor_values_array,
    raw_score_array,
    top_shared_terms,
)
from matching.text import TextModel
from matching.weights import DEFAULT_WEIGHTS, FACTORS, Weights
from matching.whynot import explain_shortfall

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

MaskArray = npt.NDArray[np.uint32]


@lru_cache(maxsize=8)
def _exclusions_by_mentee(exclusions: Exclusions) -> dict[str, frozenset[str]]:
    # Cached per exclusion set (frozensets cache their hash), so a caller
    # passing the same large set for many queries pays the grouping once.
    grouped: dict[str, set[str]] = {}
    for mentee_id, mentor_id in exclusions:
        grouped.setdefault(mentee_id, set()).add(mentor_id)
    return {k: frozenset(v) for k, v in grouped.items()}


def excluded_mentors(exclusions: Exclusions, mentee_id: str) -> frozenset[str]:
    return _exclusions_by_mentee(exclusions).get(mentee_id, frozenset())


def any_common(words: Sequence[MaskArray], mask: Sequence[int], n: int) -> BoolArray:
    """Slots whose bitmask shares a bit with ``mask`` (only words set in mask)."""
    out: BoolArray | None = None
    for w, q in enumerate(mask):
        if q and w < len(words):
            hit = (words[w][:n] & MASK_DTYPE(q)) != 0
            out = hit if out is None else out | hit
    return out if out is not None else np.zeros(n, dtype=np.bool_)


def count_common(words: Sequence[MaskArray], mask: Sequence[int], slots: IntArray) -> IntArray:
    """Number of shared bits between each slot's mask and ``mask``."""
    out = np.zeros(slots.size, dtype=np.int64)
    for w, q in enumerate(mask):
        if q and w < len(words):
            out += np.bitwise_count(words[w][slots] & MASK_DTYPE(q)).astype(np.int64)
    return out


@dataclass
class Query:
    """A mentee prepared against one index's codebooks and text model."""

    mentee: MenteeRecord
    lang: tuple[int, ...]
    focus: tuple[int, ...]
    avoid: tuple[int, ...]
    focus_count: int
    lang_count: int
    bits: Words
    coarse: int
    text_indices: npt.NDArray[np.int32]
    text_values: FloatArray
    excluded_slots: IntArray


@dataclass
class Evaluation:
    """Every hard constraint evaluated for every live slot (the slow path).

    ``fails`` maps constraint name -> bool array over ``slots``.
    """

    slots: IntArray
    fails: dict[str, BoolArray]
    overlap: IntArray

    @property
    def fail_count(self) -> npt.NDArray[np.int8]:
        total = np.zeros(self.slots.size, dtype=np.int8)
        for f in self.fails.values():
            total += f
        return total

    @property
    def qualified(self) -> BoolArray:
        return self.fail_count == 0


class MentorIndex:
    """All mentors of a pool, ready for fast top-k queries and batch matching.

    Build with :meth:`build`. ``week_start`` (a Monday) fixes the week whose
    real UTC offsets are used for availability.
    """

    def __init__(self, *, week_start: dt.date, weights: Weights, text_model: TextModel) -> None:
        if week_start.weekday() != 0:
            raise ValueError(f"week_start must be a Monday, got {week_start.isoformat()}")
        self.week_start = week_start
        self.weights = weights
        self.text_model = text_model
        self.languages = Codebook()
        self.conditions = Codebook()
        self._n = 0
        self._cap = 0
        self._alive = np.zeros(0, dtype=np.bool_)
        self._eligible = np.zeros(0, dtype=np.bool_)
        self._remaining = np.zeros(0, dtype=np.int64)
        self._capacity = np.zeros(0, dtype=np.int64)
        self._base = np.zeros(0, dtype=np.bool_)  # alive & eligible & remaining > 0
        # Word-major so a query gathers only the words it has bits in.
        self._avail = np.zeros((WORDS, 0), dtype=np.uint64)
        # Three-hour blocks with any availability: a cheap necessary test for overlap.
        self._coarse = np.zeros(0, dtype=np.uint64)
        self._lang: list[MaskArray] = []
        self._lived: list[MaskArray] = []
        self._not_ready: list[MaskArray] = []
        self._records: list[MentorRecord | None] = []
        self._slot_of: dict[str, int] = {}
        self._dead = 0
        vocab = text_model.vocabulary_size
        self._x_main: sp.csr_matrix = sp.csr_matrix((0, vocab), dtype=np.float64)
        self._postings: sp.csr_matrix = sp.csr_matrix((vocab, 0), dtype=np.float64)
        self._n_main = 0
        self._delta_rows: list[sp.csr_matrix] = []
        self._delta: sp.csr_matrix | None = None

    # ------------------------------------------------------------------ build

    @classmethod
    def build(
        cls,
        mentors: Iterable[MentorRecord],
        *,
        week_start: dt.date,
        weights: Weights = DEFAULT_WEIGHTS,
        text_model: TextModel | None = None,
    ) -> MentorIndex:
        """Index ``mentors`` (ids must be unique) for the week of ``week_start``.

        The TF-IDF model is fitted on the mentors' texts unless one is given
        (passing one keeps scores comparable across indexes).
        """
        mentors = list(mentors)
        ids = [m.id for m in mentors]
        if len(set(ids)) != len(ids):
            raise ValueError("mentor ids must be unique")
        rows = None
        if text_model is None:
            text_model, rows = TextModel.fit_transform([m.text for m in mentors])
        index = cls(week_start=week_start, weights=weights, text_model=text_model)
        index._load(mentors, rows)
        return index

    def _load(self, mentors: list[MentorRecord], rows: sp.csr_matrix | None = None) -> None:
        n = len(mentors)
        self.languages.add(c for m in mentors for c in m.languages)
        self.conditions.add(c for m in mentors for c in m.lived_experience | m.not_ready_for)
        self._allocate(n)
        # Column-wise construction: per-element numpy writes would dominate.
        self._alive[:n] = True
        self._eligible[:n] = [m.vetted and m.accepting_new for m in mentors]
        self._remaining[:n] = [m.capacity - m.load for m in mentors]
        self._capacity[:n] = [m.capacity for m in mentors]
        self._base[:n] = self._eligible[:n] & (self._remaining[:n] > 0)
        if n:
            self._avail[:, :n] = np.stack(
                [packed_weekly_bitset(m.availability, m.timezone, self.week_start) for m in mentors],
                axis=1,
            )
            self._coarse[:n] = coarse_blocks(self._avail[:, :n].T)
        for arrays, book, attr in (
            (self._lang, self.languages, "languages"),
            (self._lived, self.conditions, "lived_experience"),
            (self._not_ready, self.conditions, "not_ready_for"),
        ):
            masks = [book.mask(getattr(m, attr)) for m in mentors]
            for w in range(book.words):
                arrays[w][:n] = np.fromiter((mk[w] for mk in masks), dtype=MASK_DTYPE, count=n)
        self._records[:n] = mentors
        self._slot_of = {m.id: i for i, m in enumerate(mentors)}
        self._n = n
        self._x_main = rows if rows is not None else self.text_model.transform([m.text for m in mentors])
        self._postings = self._x_main.T.tocsr()
        self._n_main = n

    def _allocate(self, capacity: int) -> None:
        def grow(a: npt.NDArray[Any], shape: tuple[int, ...]) -> npt.NDArray[Any]:
            out = np.zeros(shape, dtype=a.dtype)
            out[: self._n] = a[: self._n]
            return out

        self._alive = grow(self._alive, (capacity,))
        self._eligible = grow(self._eligible, (capacity,))
        self._base = grow(self._base, (capacity,))
        self._remaining = grow(self._remaining, (capacity,))
        self._capacity = grow(self._capacity, (capacity,))
        self._coarse = grow(self._coarse, (capacity,))
        avail = np.zeros((WORDS, capacity), dtype=np.uint64)
        avail[:, : self._n] = self._avail[:, : self._n]
        self._avail = avail
        for arrays, book in (
            (self._lang, self.languages),
            (self._lived, self.conditions),
            (self._not_ready, self.conditions),
        ):
            arrays[:] = [grow(a, (capacity,)) for a in arrays]
            while len(arrays) < book.words:
                arrays.append(np.zeros(capacity, dtype=MASK_DTYPE))
        self._records.extend([None] * (capacity - len(self._records)))
        self._cap = capacity

    def _write_slot(self, slot: int, m: MentorRecord) -> None:
        self._alive[slot] = True
        self._eligible[slot] = m.vetted and m.accepting_new
        self._remaining[slot] = m.capacity - m.load
        self._capacity[slot] = m.capacity
        self._base[slot] = self._eligible[slot] and m.capacity - m.load > 0
        words = packed_weekly_bitset(m.availability, m.timezone, self.week_start)
        self._avail[:, slot] = words
        self._coarse[slot] = coarse_blocks(words)
        for arrays, mask in (
            (self._lang, self.languages.mask(m.languages)),
            (self._lived, self.conditions.mask(m.lived_experience)),
            (self._not_ready, self.conditions.mask(m.not_ready_for)),
        ):
            for w, value in enumerate(mask):
                arrays[w][slot] = value
        self._records[slot] = m
        self._slot_of[m.id] = slot

    # ---------------------------------------------------------------- updates

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, mentor_id: object) -> bool:
        return mentor_id in self._slot_of

    def get(self, mentor_id: str) -> MentorRecord | None:
        slot = self._slot_of.get(mentor_id)
        return None if slot is None else self._records[slot]

    def mentors(self) -> list[MentorRecord]:
        """Live mentor records in slot order."""
        return [r for r in self._records[: self._n] if r is not None]

    def upsert(self, mentor: MentorRecord) -> None:
        """Add a mentor or replace the one with the same id; no full rebuild."""
        old = self._slot_of.get(mentor.id)
        if old is not None:
            self._retire(old)
        self.languages.add(mentor.languages)
        self.conditions.add(mentor.lived_experience | mentor.not_ready_for)
        if self._n == self._cap or len(self._lang) < self.languages.words or len(self._lived) < self.conditions.words:
            self._allocate(max(16, self._cap * 3 // 2 + 1) if self._n == self._cap else self._cap)
        self._write_slot(self._n, mentor)
        self._n += 1
        self._delta_rows.append(self.text_model.transform([mentor.text]))
        self._delta = None
        self._maybe_compact()

    def remove(self, mentor_id: str) -> bool:
        """Drop a mentor; returns False if it was not indexed."""
        slot = self._slot_of.get(mentor_id)
        if slot is None:
            return False
        self._retire(slot)
        self._maybe_compact()
        return True

    def _retire(self, slot: int) -> None:
        record = self._records[slot]
        assert record is not None
        del self._slot_of[record.id]
        self._records[slot] = None
        self._alive[slot] = False
        self._base[slot] = False
        self._dead += 1

    def _maybe_compact(self) -> None:
        if self._dead > max(64, self._n // 4) or len(self._delta_rows) > max(256, self._n_main // 8):
            self.compact()

    def compact(self) -> None:
        """Re-pack live slots and rebuild the inverted text index (no refit)."""
        live = np.flatnonzero(self._alive[: self._n])
        rows = self._text_rows(live)
        records = [self._records[s] for s in live]
        fields = {
            "_eligible": self._eligible[live],
            "_base": self._base[live],
            "_remaining": self._remaining[live],
            "_capacity": self._capacity[live],
            "_avail": np.ascontiguousarray(self._avail[:, live]),
            "_coarse": self._coarse[live],
        }
        lang = [a[live] for a in self._lang]
        lived = [a[live] for a in self._lived]
        not_ready = [a[live] for a in self._not_ready]
        n = live.size
        self._alive = np.ones(n, dtype=np.bool_)
        for name, value in fields.items():
            setattr(self, name, value)
        self._lang, self._lived, self._not_ready = lang, lived, not_ready
        self._records = list(records)
        self._slot_of = {r.id: i for i, r in enumerate(records) if r is not None}
        self._n = self._cap = n
        self._dead = 0
        self._x_main = rows
        self._postings = rows.T.tocsr()
        self._n_main = n
        self._delta_rows = []
        self._delta = None

    def _delta_matrix(self) -> sp.csr_matrix:
        if self._delta is None:
            vocab = self.text_model.vocabulary_size
            self._delta = (
                sp.vstack(self._delta_rows, format="csr")
                if self._delta_rows
                else sp.csr_matrix((0, vocab), dtype=np.float64)
            )
        return self._delta

    def _text_rows(self, slots: IntArray) -> sp.csr_matrix:
        """TF-IDF rows of the given slots, in the given order, as one CSR matrix."""
        in_main = slots < self._n_main
        if in_main.all():
            return sp.csr_matrix(self._x_main[slots])
        stacked = sp.vstack(
            [self._x_main[slots[in_main]], self._delta_matrix()[slots[~in_main] - self._n_main]],
            format="csr",
        )
        # stacked row r belongs to requested position position[r].
        position = np.concatenate([np.flatnonzero(in_main), np.flatnonzero(~in_main)])
        inverse = np.empty_like(position)
        inverse[position] = np.arange(position.size)
        return sp.csr_matrix(stacked[inverse])

    def _text_row(self, slot: int) -> tuple[npt.NDArray[np.int32], FloatArray]:
        if slot < self._n_main:
            x = self._x_main
            lo, hi = x.indptr[slot], x.indptr[slot + 1]
            return x.indices[lo:hi], x.data[lo:hi]
        row = self._delta_rows[slot - self._n_main]
        return row.indices, row.data

    # ---------------------------------------------------------------- queries

    def prepare(self, mentee: MenteeRecord, exclusions: Exclusions = frozenset()) -> Query:
        """Translate a mentee into masks and vectors for this index."""
        excluded = excluded_mentors(exclusions, mentee.id) if exclusions else frozenset()
        slots = [self._slot_of[m] for m in excluded if m in self._slot_of]
        text_indices, text_values = self.text_model.transform_one(mentee.text)
        bits = packed_weekly_bitset(mentee.availability, mentee.timezone, self.week_start)
        return Query(
            mentee=mentee,
            lang=self.languages.mask(mentee.languages),
            focus=self.conditions.mask(mentee.condition_focus),
            avoid=self.conditions.mask(mentee.topics_to_avoid),
            focus_count=len(mentee.condition_focus),
            lang_count=len(mentee.languages),
            bits=bits,
            coarse=int(coarse_blocks(bits)),
            text_indices=text_indices,
            text_values=text_values,
            excluded_slots=np.asarray(slots, dtype=np.int64),
        )

    def _overlap(self, q: Query, slots: IntArray) -> IntArray:
        counts = np.zeros(slots.size, dtype=np.int64)
        for w in np.flatnonzero(q.bits).tolist():
            counts += np.bitwise_count(self._avail[w][slots] & q.bits[w])
        return counts * 15

    def _cosines(self, q: Query, slots: IntArray) -> FloatArray:
        """TF-IDF cosine between the query and each slot's text.

        Picks the cheaper of two exact routes: the candidates' own rows
        against a dense query vector, or the postings of the query's terms.
        """
        out = np.zeros(slots.size, dtype=np.float64)
        if q.text_indices.size == 0 or slots.size == 0:
            return out
        dense_query = np.zeros(self.text_model.vocabulary_size, dtype=np.float64)
        dense_query[q.text_indices] = q.text_values
        in_main = slots < self._n_main
        all_main = bool(in_main.all())
        main_slots = slots if all_main else slots[in_main]
        if main_slots.size:
            x = self._x_main
            row_cost = int((x.indptr[main_slots + 1] - x.indptr[main_slots]).sum())
            p = self._postings
            postings_cost = int((p.indptr[q.text_indices + 1] - p.indptr[q.text_indices]).sum())
            if row_cost <= postings_cost:
                sims = x[main_slots] @ dense_query
            else:
                sims = (p[q.text_indices].T @ q.text_values)[main_slots]
            if all_main:
                return np.asarray(sims, dtype=np.float64)
            out[in_main] = sims
        out[~in_main] = self._delta_matrix()[slots[~in_main] - self._n_main] @ dense_query
        return out

    def _factor_values(
        self, q: Query, slots: IntArray, overlap: IntArray, *, with_text: bool = True
    ) -> list[FloatArray]:
        """Factor values in FACTORS order; text is left at 0 unless ``with_text``."""
        return factor_values_array(
            shared_conditions=count_common(self._lived, q.focus, slots),
            focus_count=q.focus_count,
            cosine=self._cosines(q, slots) if with_text else np.zeros(slots.size),
            overlap=overlap,
            shared_languages=count_common(self._lang, q.lang, slots),
            mentee_languages=q.lang_count,
            remaining=self._remaining[slots],
            capacity=self._capacity[slots],
            weights=self.weights,
        )

    def score_slots(
        self, q: Query, slots: IntArray, overlap: IntArray
    ) -> tuple[npt.NDArray[np.int64], IntArray, FloatArray]:
        """(contribution tenths (5, n), score tenths, raw score) for slots."""
        values = self._factor_values(q, slots, overlap)
        tenths = contribution_tenths_array(values, self.weights)
        return tenths, tenths.sum(axis=0), raw_score_array(values, self.weights)

    def _score_contenders(
        self, q: Query, slots: IntArray, overlap: IntArray, k: int
    ) -> tuple[IntArray, npt.NDArray[np.int64], IntArray, FloatArray]:
        """Score only the qualified slots that can still make the top ``k``.

        Returns (positions into ``slots``, contribution tenths, score tenths,
        raw score) for those positions. Text similarity is the costly factor,
        so it is computed last and only where it can matter: with every
        other factor known exactly, the k-th best partial score is a floor
        for the k-th best final score, and a slot whose partial score plus
        the largest possible text contribution stays below that floor can
        never enter the top k. Scores of the returned slots are exact.
        """
        values = self._factor_values(q, slots, overlap, with_text=False)
        tenths = contribution_tenths_array(values, self.weights)
        keep = np.arange(slots.size)
        if k < slots.size:
            partial = tenths.sum(axis=0)
            floor = np.partition(partial, slots.size - k)[slots.size - k] if k else np.iinfo(np.int64).max
            best_text = round(self.weights.text_similarity * 10)
            keep = np.flatnonzero(partial + best_text >= floor)
            values = [v[keep] for v in values]
            tenths = tenths[:, keep]
        if keep.size:
            text_row = FACTORS.index("text_similarity")
            cosine = self._cosines(q, slots[keep])
            values[text_row] = np.minimum(1.0, cosine / self.weights.text_full_similarity)
            tenths[text_row] = np.rint(self.weights.text_similarity * values[text_row] * 10.0).astype(np.int64)
        return keep, tenths, tenths.sum(axis=0), raw_score_array(values, self.weights)

    def feasible(self, q: Query, min_overlap_minutes: int) -> tuple[IntArray, IntArray]:
        """Slots passing every hard constraint, and their overlap minutes."""
        n = self._n
        # Two full scans narrow the pool to a small fraction; the remaining
        # rules run on gathered candidates only.
        mask = self._base[:n] & any_common(self._lived, q.focus, n)
        mask &= any_common(self._lang, q.lang, n)
        if min_overlap_minutes > 0:
            mask &= (self._coarse[:n] & np.uint64(q.coarse)) != 0
        slots = np.flatnonzero(mask)
        keep = np.ones(slots.size, dtype=np.bool_)
        for w, bits in enumerate(q.avoid):
            if bits and w < len(self._lived):
                keep &= (self._lived[w][slots] & MASK_DTYPE(bits)) == 0
        for w, bits in enumerate(q.focus):
            if bits and w < len(self._not_ready):
                keep &= (self._not_ready[w][slots] & MASK_DTYPE(bits)) == 0
        if q.excluded_slots.size:
            keep &= ~np.isin(slots, q.excluded_slots)
        slots = slots[keep]
        overlap = self._overlap(q, slots)
        enough = overlap >= min_overlap_minutes
        return slots[enough], overlap[enough]

    def evaluate(self, q: Query, min_overlap_minutes: int) -> Evaluation:
        """Every constraint for every live slot (used to explain shortfalls)."""
        n = self._n
        slots = np.flatnonzero(self._alive[:n])
        overlap = self._overlap(q, slots)
        excluded = np.zeros(n, dtype=np.bool_)
        if q.excluded_slots.size:
            excluded[q.excluded_slots] = True
        fails = {
            C.VETTED_AND_ACCEPTING: ~self._eligible[slots],
            C.HAS_CAPACITY: self._remaining[slots] <= 0,
            C.SHARED_LANGUAGE: ~any_common(self._lang, q.lang, n)[slots],
            C.AVAILABILITY_OVERLAP: overlap < min_overlap_minutes,
            C.LIVED_EXPERIENCE: ~any_common(self._lived, q.focus, n)[slots],
            C.TOPICS_TO_AVOID: any_common(self._lived, q.avoid, n)[slots],
            C.MENTOR_READY: any_common(self._not_ready, q.focus, n)[slots],
            C.NOT_EXCLUDED: excluded[slots],
        }
        return Evaluation(slots=slots, fails=fails, overlap=overlap)

    def top_k(
        self,
        mentee: MenteeRecord,
        k: int = 10,
        *,
        exclusions: Exclusions = frozenset(),
        min_overlap_minutes: int = C.DEFAULT_MIN_OVERLAP_MINUTES,
    ) -> TopKResult:
        """The ``k`` best qualifying mentors, explained; why-not if short.

        Ranking: score (sum of rounded contributions), then unrounded score,
        then mentor id. ``why_not`` is non-empty exactly when fewer than
        ``k`` mentors qualify.
        """
        if k < 0:
            raise ValueError("k must be >= 0")
        q = self.prepare(mentee, exclusions)
        qualified, qualified_overlap = self.feasible(q, min_overlap_minutes)
        keep, tenths, total, raw = self._score_contenders(q, qualified, qualified_overlap, k)
        slots, overlap = qualified[keep], qualified_overlap[keep]
        chosen = self.rank(slots, total, raw, k)
        results = [self.suggestion(q, int(slots[i]), tenths[:, i], int(overlap[i])) for i in chosen]
        why_not: list[WhyNot] = []
        if qualified.size < k:
            why_not = explain_shortfall(self, q, k=k, min_overlap_minutes=min_overlap_minutes)
        return TopKResult(
            results=results,
            why_not=why_not,
            qualified=int(qualified.size),
            weights_version=self.weights.version,
        )

    def rank(self, slots: IntArray, total: IntArray, raw: FloatArray, k: int) -> list[int]:
        """Positions in ``slots`` of the top ``k`` by (score tenths, raw score, mentor id)."""
        if k == 0 or slots.size == 0:
            return []
        if slots.size > k:
            threshold = np.partition(total, slots.size - k)[slots.size - k]
            pool = np.flatnonzero(total >= threshold)
        else:
            pool = np.arange(slots.size)
        records = self._records
        ordered = sorted(
            pool.tolist(),
            key=lambda i: (-int(total[i]), -float(raw[i]), records[int(slots[i])].id),  # type: ignore[union-attr]
        )
        return ordered[:k]

    def suggestion(self, q: Query, slot: int, tenths: npt.NDArray[np.int64], overlap: int) -> Suggestion:
        record = self._records[slot]
        assert record is not None
        doc_indices, doc_values = self._text_row(slot)
        terms = top_shared_terms(q.text_indices, q.text_values, doc_indices, doc_values, self.text_model.terms)
        parts = tenths.tolist()
        reasons = explain(
            mentee=q.mentee,
            mentor=record,
            tenths=parts,
            overlap=overlap,
            common_bits=self._avail[:, slot] & q.bits,
            shared_terms=terms,
            week_start=self.week_start,
        )
        return Suggestion(
            mentor_id=record.id,
            score=sum(parts) / 10,
            reasons=reasons,
            weights_version=self.weights.version,
        )

    # ------------------------------------------------------ internal accessors

    @property
    def slot_count(self) -> int:
        return self._n

    def slot_of(self, mentor_id: str) -> int | None:
        return self._slot_of.get(mentor_id)

    def record_at(self, slot: int) -> MentorRecord | None:
        return self._records[slot]
