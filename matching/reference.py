"""Pair-by-pair reference implementation of constraints, scores and top-k.

This is deliberately the obvious loop: for each mentor, check each named
rule from :mod:`matching.constraints`, then compute the score with the
scalar functions of :mod:`matching.scoring`. It is the yardstick the
vectorised index is tested and benchmarked against. It precomputes per
mentor what any sensible loop would (availability as a Python int bitset,
text as a term -> weight dict) so the comparison is fair.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matching.availability import packed_weekly_bitset, words_to_int
from matching.constraints import DEFAULT_MIN_OVERLAP_MINUTES
from matching.index import excluded_mentors
from matching.records import Exclusions, MenteeRecord, MentorRecord
from matching.results import Suggestion
from matching.scoring import contribution_tenths, explain, factor_values, raw_score, top_shared_terms
from matching.text import TextModel
from matching.weights import DEFAULT_WEIGHTS, Weights


@dataclass(frozen=True)
class PreparedProfile:
    """A profile with its week bitset and TF-IDF vector precomputed."""

    bits: int
    text: dict[int, float]


def prepare(profile: MentorRecord | MenteeRecord, *, week_start: dt.date, text_model: TextModel) -> PreparedProfile:
    row = text_model.transform([profile.text])
    bits = words_to_int(packed_weekly_bitset(profile.availability, profile.timezone, week_start))
    return PreparedProfile(bits=bits, text=dict(zip(row.indices.tolist(), row.data.tolist(), strict=True)))


def cosine(a: dict[int, float], b: dict[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[t] for t, v in a.items() if t in b)


def pair_tenths(
    mentee: MenteeRecord,
    mentor: MentorRecord,
    mentee_p: PreparedProfile,
    mentor_p: PreparedProfile,
    *,
    weights: Weights,
) -> tuple[list[int], float, int]:
    """(contribution tenths, raw score, overlap minutes) of one pair."""
    overlap = (mentee_p.bits & mentor_p.bits).bit_count() * 15
    values = factor_values(
        shared_conditions=len(mentee.condition_focus & mentor.lived_experience),
        focus_count=len(mentee.condition_focus),
        cosine=cosine(mentee_p.text, mentor_p.text),
        overlap=overlap,
        shared_languages=len(mentee.languages & mentor.languages),
        mentee_languages=len(mentee.languages),
        remaining=mentor.capacity - mentor.load,
        capacity=mentor.capacity,
        weights=weights,
    )
    return contribution_tenths(values, weights), raw_score(values, weights), overlap


def naive_top_k(
    mentee: MenteeRecord,
    mentors: Sequence[MentorRecord],
    prepared: Sequence[PreparedProfile],
    *,
    week_start: dt.date,
    text_model: TextModel,
    k: int = 10,
    exclusions: Exclusions = frozenset(),
    min_overlap_minutes: int = DEFAULT_MIN_OVERLAP_MINUTES,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[Suggestion]:
    """Top-k by checking every mentor in a Python loop, with explanations.

    The loop is naive in structure (one mentor at a time) but not wasteful:
    it tests the rules of :data:`matching.constraints.HARD_CONSTRAINTS` in
    order, inline, and stops at the first failure, like any reasonable
    hand-written loop. The tests check it against the named rule functions.
    """
    mine = prepare(mentee, week_start=week_start, text_model=text_model)
    excluded = excluded_mentors(exclusions, mentee.id)
    languages, focus, avoid = mentee.languages, mentee.condition_focus, mentee.topics_to_avoid
    scored: list[tuple[int, float, str, int, list[int], int]] = []
    for i, (mentor, theirs) in enumerate(zip(mentors, prepared, strict=True)):
        if not (mentor.vetted and mentor.accepting_new) or mentor.capacity - mentor.load <= 0:
            continue
        if languages.isdisjoint(mentor.languages):
            continue
        overlap = (mine.bits & theirs.bits).bit_count() * 15
        if overlap < min_overlap_minutes:
            continue
        lived = mentor.lived_experience
        if focus.isdisjoint(lived) or not avoid.isdisjoint(lived) or not focus.isdisjoint(mentor.not_ready_for):
            continue
        if mentor.id in excluded:
            continue
        tenths, raw, _ = pair_tenths(mentee, mentor, mine, theirs, weights=weights)
        scored.append((-sum(tenths), -raw, mentor.id, i, tenths, overlap))
    scored.sort()
    out: list[Suggestion] = []
    terms = text_model.terms
    query_idx = np.fromiter(mine.text, dtype=np.int32, count=len(mine.text))
    query_val = np.fromiter(mine.text.values(), dtype=np.float64, count=len(mine.text))
    for neg_total, _, mentor_id, i, tenths, overlap in scored[:k]:
        theirs = prepared[i]
        doc_idx = np.fromiter(theirs.text, dtype=np.int32, count=len(theirs.text))
        doc_val = np.fromiter(theirs.text.values(), dtype=np.float64, count=len(theirs.text))
        shared = np.frombuffer((mine.bits & theirs.bits).to_bytes(88, "little"), dtype="<u8").astype(np.uint64)
        reasons = explain(
            mentee=mentee,
            mentor=mentors[i],
            tenths=tenths,
            overlap=overlap,
            common_bits=shared,
            shared_terms=top_shared_terms(query_idx, query_val, doc_idx, doc_val, terms),
            week_start=week_start,
        )
        out.append(Suggestion(mentor_id, -neg_total / 10, reasons, weights.version))
    return out
