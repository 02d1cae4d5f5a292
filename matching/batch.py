"""Batch assignment of many mentees to mentors, with a certificate of quality.

Problem
-------
Choose at most one mentor per mentee and at most ``cap_j`` new mentees per
mentor ``j`` (remaining capacity, optionally limited by
``max_new_per_mentor``), using only feasible pairs, to maximise the total
score. Scores are integers in tenths of a point, so the problem is an
integral min-cost flow:

    source -> mentee i (1 unit) -> mentor j (cost -s_ij) -> sink (cap_j)
    mentee i -> sink directly (cost 0): staying unmatched is allowed.

Method
------
1. Enumerate every feasible pair with its score (:mod:`matching.pairs`).
2. Solve the flow exactly with OR-Tools on a pruned *candidate* set: each
   mentee's top ``N`` pairs plus each mentor's top ``max(4, 2*cap_j)`` pairs
   (rounded up to whole score buckets of 1.6 points: cuts come from small
   per-group histograms instead of a sort of all pairs).
   The mentor side matters: pruning only per mentee leaves less popular
   mentors with spare places invisible to everyone.
3. Certify the result against *all* feasible pairs with LP duality. The LP
   relaxation of the problem,

       max  sum s_ij x_ij   s.t.  sum_j x_ij <= 1,  sum_i x_ij <= cap_j,  x >= 0,

   has the dual

       min  sum_i u_i + sum_j cap_j p_j   s.t.  u_i + p_j >= s_ij,  u, p >= 0.

   For *any* prices ``p >= 0`` the choice ``u_i = max(0, max_j (s_ij - p_j))``
   (max over all feasible j) is dual-feasible, so by weak duality

       UB(p) = sum_i max(0, max_j (s_ij - p_j)) + sum_j cap_j p_j

   bounds the best total of every assignment, fractional or not. The prices
   are read off the optimal flow: they are the node potentials of the
   residual graph, i.e. the least ``p`` with ``p_j = 0`` for mentors with a
   free place and, for full mentors, ``p_j >= s_ij`` for every unmatched
   candidate ``i`` and ``p_j >= p_k + s_ij - s_ik`` for every candidate edge
   of a mentee ``i`` matched to ``k`` (a longest-path fixpoint, computed by
   Bellman-Ford style sweeps). With these prices ``UB`` equals the flow's
   total on the candidate set, so ``gap = (UB - total) / UB`` measures only
   what pruning may have lost. The bound stays valid even if the sweeps are
   cut short.
4. If the gap exceeds ``tolerance``, add every pair whose reduced score
   ``s_ij - p_j`` beats the mentee's current utility (those are exactly the
   pairs that could improve the LP), double ``N``, and solve again.

``tolerance=0`` therefore asks for a proven optimum; it is reached unless
:data:`MAX_ROUNDS` solves are not enough, and ``stats.gap`` always says how
close the returned assignment is.

Memory is dominated by the pair table (about 8 bytes per feasible pair plus
transient per-pair arrays of 4-8 bytes during candidate selection and
certification).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

from matching import constraints as C
from matching.index import MentorIndex
from matching.pairs import MenteeBatch, PairTable, feasible_pair_table, prepare_mentees, score_pairs
from matching.records import Exclusions, MenteeRecord, MentorRecord
from matching.results import Assignment, BatchResult, BatchStats, UnmatchedMentee, WhyNot
from matching.scoring import explain, top_shared_terms
from matching.weights import DEFAULT_WEIGHTS, Weights
from matching.whynot import explain_shortfall

IntArray = npt.NDArray[np.int64]
I32Array = npt.NDArray[np.int32]
AnyInts = npt.NDArray[np.signedinteger[Any]]
BoolArray = npt.NDArray[np.bool_]

DEFAULT_CANDIDATES_PER_MENTEE = 16
MAX_ROUNDS = 8
_PRICE_SWEEPS = 2000


class _Problem:
    """Everything a solve needs, built once per batch call."""

    def __init__(
        self,
        mentees: Sequence[MenteeRecord],
        mentors: Iterable[MentorRecord],
        *,
        exclusions: Exclusions,
        week_start: dt.date,
        weights: Weights,
        min_overlap_minutes: int,
        max_new_per_mentor: int | None,
        timings: dict[str, float],
    ) -> None:
        ids = [m.id for m in mentees]
        if len(set(ids)) != len(ids):
            raise ValueError("mentee ids must be unique")
        if max_new_per_mentor is not None and max_new_per_mentor < 0:
            raise ValueError("max_new_per_mentor must be >= 0")
        started = time.perf_counter()
        self.index = MentorIndex.build(mentors, week_start=week_start, weights=weights)
        self.batch: MenteeBatch = prepare_mentees(self.index, mentees, exclusions)
        timings["prepare"] = time.perf_counter() - started
        started = time.perf_counter()
        self.table: PairTable = feasible_pair_table(self.index, self.batch, min_overlap_minutes=min_overlap_minutes)
        timings["pairs"] = time.perf_counter() - started
        self.exclusions = exclusions
        self.min_overlap_minutes = min_overlap_minutes
        remaining = self.index._remaining[self.table.mentor_slots]
        cap = np.maximum(remaining, 0)
        if max_new_per_mentor is not None:
            cap = np.minimum(cap, max_new_per_mentor)
        self.cap: IntArray = cap.astype(np.int64)
        # int32 keeps the per-pair arrays small on the largest instances.
        self.rows: I32Array = self.table.rows().astype(np.int32)
        self.cols: I32Array = self.table.mentor
        self.score: I32Array = self.table.score.astype(np.int32)

    @property
    def n_mentees(self) -> int:
        return len(self.batch)

    @property
    def n_mentors(self) -> int:
        return int(self.table.mentor_slots.size)


_LEVELS = 64  # score buckets for candidate cuts (16 tenths wide)
_HISTOGRAM_CELLS = 1 << 23  # bounds the memory of one histogram block


def _bucket(score: AnyInts) -> IntArray:
    return score.astype(np.int64) * _LEVELS // 1001


def _cut_buckets(groups: AnyInts, bucket: IntArray, limit: IntArray) -> IntArray:
    """Per group, the score bucket holding its ``limit``-th best pair (0 if fewer).

    Keeping pairs whose bucket reaches the cut keeps each group's best
    ``limit`` pairs plus the rest of the cut bucket: a slightly larger
    candidate set, found from one small histogram per group instead of a
    sort of all pairs (O(pairs + groups * 64)). Candidates only need to be
    a good superset; the certificate judges the result.
    """
    counts = np.bincount(groups.astype(np.int64) * _LEVELS + bucket, minlength=limit.size * _LEVELS)
    at_least = np.cumsum(counts.reshape(limit.size, _LEVELS)[:, ::-1], axis=1)[:, ::-1]
    # at_least[g, b] (pairs of g in bucket >= b) falls as b grows, so the
    # cut is the last bucket where it still reaches the limit.
    reached = (at_least >= limit[:, None]).sum(axis=1)
    return np.maximum(reached - 1, 0)


def _row_cuts(indptr: IntArray, bucket: IntArray, limit: int) -> IntArray:
    """:func:`_cut_buckets` for contiguous CSR rows, in memory-bounded blocks."""
    n_rows = indptr.size - 1
    cuts = np.zeros(n_rows, dtype=np.int64)
    block = max(1, _HISTOGRAM_CELLS // _LEVELS)
    for first in range(0, n_rows, block):
        last = min(n_rows, first + block)
        local = np.repeat(np.arange(last - first), np.diff(indptr[first : last + 1]))
        cuts[first:last] = _cut_buckets(local, bucket[indptr[first] : indptr[last]], np.full(last - first, limit))
    return cuts


def _solve_flow(p: _Problem, edges: IntArray) -> BoolArray:
    """Exact max-score assignment on the candidate ``edges`` (pair positions)."""
    n_e, n_m = p.n_mentees, p.n_mentors
    sink = n_e + n_m
    flow = min_cost_flow.SimpleMinCostFlow()
    tails = np.concatenate([p.rows[edges].astype(np.int64), np.arange(n_e), n_e + np.arange(n_m)])
    heads = np.concatenate([n_e + p.cols[edges].astype(np.int64), np.full(n_e, sink), np.full(n_m, sink)])
    caps = np.concatenate([np.ones(edges.size + n_e, dtype=np.int64), p.cap])
    costs = np.concatenate([-p.score[edges].astype(np.int64), np.zeros(n_e + n_m, dtype=np.int64)])
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supplies = np.concatenate([np.ones(n_e, dtype=np.int64), np.zeros(n_m, dtype=np.int64), [-n_e]])
    flow.set_nodes_supplies(np.arange(sink + 1), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    arc_flow = flow.flows(np.arange(edges.size))
    return np.asarray(arc_flow, dtype=np.int64) > 0


def _prices(p: _Problem, edges: IntArray, chosen: IntArray) -> npt.NDArray[np.int64]:
    """Least dual prices of mentor capacity for the optimal candidate flow.

    See the module docstring; iteration stops at the fixpoint or after a
    bounded number of sweeps (the bound stays valid either way).
    """
    n_e, n_m = p.n_mentees, p.n_mentors
    matched_to = np.full(n_e, -1, dtype=np.int64)
    matched_score = np.zeros(n_e, dtype=np.int64)
    matched_to[p.rows[chosen]] = p.cols[chosen]
    matched_score[p.rows[chosen]] = p.score[chosen]
    load = np.bincount(p.cols[chosen], minlength=n_m)
    full = (load >= p.cap) & (p.cap > 0)
    prices = np.zeros(n_m, dtype=np.int64)
    into_full = edges[full[p.cols[edges]]]
    if into_full.size == 0:
        return prices
    into_full = into_full[np.argsort(p.cols[into_full], kind="stable")]
    target = p.cols[into_full]
    base = p.score[into_full] - matched_score[p.rows[into_full]]
    source = matched_to[p.rows[into_full]]
    has_source = source >= 0
    source_safe = np.where(has_source, source, 0)
    group_starts = np.flatnonzero(np.concatenate(([True], target[1:] != target[:-1])))
    group_target = target[group_starts]
    for _ in range(_PRICE_SWEEPS):
        value = base + np.where(has_source, prices[source_safe], 0)
        best = np.maximum.reduceat(value, group_starts)
        updated = np.maximum(prices[group_target], best)
        if np.array_equal(updated, prices[group_target]):
            break
        prices[group_target] = updated
    return prices


def _utilities(p: _Problem, prices: npt.NDArray[np.int64]) -> IntArray:
    """max(0, max over ALL feasible pairs of s_ij - p_j) per mentee."""
    utility = np.zeros(p.n_mentees, dtype=np.int64)
    if p.score.size == 0:
        return utility
    reduced = p.score - prices[p.cols]
    nonempty = np.flatnonzero(np.diff(p.table.indptr) > 0)
    utility[nonempty] = np.maximum(np.maximum.reduceat(reduced, p.table.indptr[nonempty]), 0)
    return utility


def _solve(
    p: _Problem, tolerance: float, candidates_per_mentee: int, timings: dict[str, float]
) -> tuple[IntArray, int, float, int, int]:
    """(chosen pair positions, upper bound tenths, gap, rounds, edges)."""
    if p.score.size == 0 or not p.cap.any():
        return np.zeros(0, dtype=np.int64), 0, 0.0, 0, 0
    started = time.perf_counter()
    n = candidates_per_mentee
    bucket = _bucket(p.score)
    mentor_cut = _cut_buckets(p.cols, bucket, np.maximum(4, 2 * p.cap))
    candidate = (bucket >= _row_cuts(p.table.indptr, bucket, n)[p.rows]) | (bucket >= mentor_cut[p.cols])
    longest_row = int(np.diff(p.table.indptr).max())
    timings["candidates"] = time.perf_counter() - started
    rounds = 0
    while True:
        rounds += 1
        edges = np.flatnonzero(candidate)
        started = time.perf_counter()
        chosen = edges[_solve_flow(p, edges)]
        timings["flow"] = timings.get("flow", 0.0) + time.perf_counter() - started
        started = time.perf_counter()
        total = int(p.score[chosen].sum())
        prices = _prices(p, edges, chosen)
        utility = _utilities(p, prices)
        bound = int(utility.sum() + (p.cap * prices).sum())
        gap = (bound - total) / bound if bound > 0 else 0.0
        timings["certificate"] = timings.get("certificate", 0.0) + time.perf_counter() - started
        if gap <= tolerance or rounds >= MAX_ROUNDS:
            return chosen, bound, gap, rounds, int(edges.size)
        # Current utility of each mentee under these prices.
        current = np.zeros(p.n_mentees, dtype=np.int64)
        current[p.rows[chosen]] = np.maximum(p.score[chosen] - prices[p.cols[chosen]], 0)
        improving = (p.score - prices[p.cols] > current[p.rows]) & ~candidate
        if not improving.any() and n >= longest_row:
            return chosen, bound, gap, rounds, int(edges.size)
        n *= 2
        candidate |= improving | (bucket >= _row_cuts(p.table.indptr, bucket, n)[p.rows])


def _greedy(p: _Problem) -> IntArray:
    """Highest-scoring pairs first, taken while both sides have room."""
    order = np.lexsort((p.cols, p.rows, -p.score))
    taken = np.zeros(p.n_mentees, dtype=np.bool_)
    room = p.cap.copy()
    chosen: list[int] = []
    rows, cols = p.rows.tolist(), p.cols.tolist()
    for e in order.tolist():
        i, j = rows[e], cols[e]
        if not taken[i] and room[j] > 0:
            taken[i] = True
            room[j] -= 1
            chosen.append(e)
    return np.asarray(chosen, dtype=np.int64)


def _result(
    p: _Problem,
    chosen: IntArray,
    *,
    bound: int,
    gap: float,
    rounds: int,
    edges: int,
    explain_unmatched: bool,
    timings: dict[str, float],
) -> BatchResult:
    started = time.perf_counter()
    index, batch, table = p.index, p.batch, p.table
    chosen = chosen[np.argsort(p.rows[chosen], kind="stable")]
    mentee_pos = p.rows[chosen]
    slots = table.mentor_slots[p.cols[chosen]]
    overlap = table.overlap[chosen].astype(np.int64)
    tenths = score_pairs(index, batch, mentee_pos, slots, overlap)
    version = index.weights.version
    terms = index.text_model.terms
    assignments: list[Assignment] = []
    common = np.ascontiguousarray(index._avail[:, slots].T & batch.bits[mentee_pos])
    q_indptr = batch.text.indptr
    for i, slot, parts, minutes, shared in zip(
        mentee_pos.tolist(), slots.tolist(), tenths.T.tolist(), overlap.tolist(), common, strict=True
    ):
        mentee = batch.records[i]
        mentor = index.record_at(slot)
        assert mentor is not None
        q_lo, q_hi = q_indptr[i], q_indptr[i + 1]
        doc_idx, doc_val = index._text_row(slot)
        reasons = explain(
            mentee=mentee,
            mentor=mentor,
            tenths=parts,
            overlap=minutes,
            common_bits=shared,
            shared_terms=top_shared_terms(
                batch.text.indices[q_lo:q_hi], batch.text.data[q_lo:q_hi], doc_idx, doc_val, terms
            ),
            week_start=index.week_start,
        )
        assignments.append(Assignment(mentee.id, mentor.id, sum(parts) / 10, reasons, version))
    timings["explain"] = time.perf_counter() - started

    started = time.perf_counter()
    matched = np.zeros(p.n_mentees, dtype=np.bool_)
    matched[mentee_pos] = True
    feasible_count = np.diff(table.indptr)
    unmatched: list[UnmatchedMentee] = []
    for i in np.flatnonzero(~matched).tolist():
        mentee = batch.records[i]
        why_not: list[WhyNot] = []
        if explain_unmatched:
            if feasible_count[i] > 0:
                n = int(feasible_count[i])
                why_not = [
                    WhyNot(
                        C.HAS_CAPACITY,
                        f"All {n} mentor{'s' if n != 1 else ''} who fit you were matched with other "
                        "people in this round; you'll be considered again as places free up.",
                        {"wait_for": "capacity", "adds": n},
                        excludes_alone=n,
                        excludes_total=n,
                    )
                ]
            else:
                q = index.prepare(mentee, p.exclusions)
                why_not = explain_shortfall(index, q, k=1, min_overlap_minutes=p.min_overlap_minutes)
        unmatched.append(UnmatchedMentee(mentee.id, why_not))
    timings["unmatched"] = time.perf_counter() - started

    new_load = np.bincount(p.cols[chosen], minlength=p.n_mentors)
    mentor_load: dict[str, int] = {}
    for record in index.mentors():
        mentor_load[record.id] = record.load
    for position, count in zip(table.mentor_slots.tolist(), new_load.tolist(), strict=True):
        if count:
            holder = index.record_at(position)
            assert holder is not None
            mentor_load[holder.id] += count
    total = int(p.score[chosen].sum())
    stats = BatchStats(
        matched=len(assignments),
        unmatched=unmatched,
        total_score=total / 10,
        upper_bound=max(bound, total) / 10,
        gap=gap,
        mentor_load=mentor_load,
        rounds=rounds,
        edges=edges,
        feasible_pairs=table.pairs,
        timings=timings,
    )
    return BatchResult(assignments=assignments, stats=stats, weights_version=version)


def assign(
    mentees: Sequence[MenteeRecord],
    mentors: Iterable[MentorRecord],
    *,
    exclusions: Exclusions = frozenset(),
    week_start: dt.date,
    weights: Weights = DEFAULT_WEIGHTS,
    min_overlap_minutes: int = C.DEFAULT_MIN_OVERLAP_MINUTES,
    max_new_per_mentor: int | None = None,
    tolerance: float = 0.001,
    candidates_per_mentee: int = DEFAULT_CANDIDATES_PER_MENTEE,
    explain_unmatched: bool = True,
) -> BatchResult:
    """Assign mentees to mentors maximising total score, with a certificate.

    Every returned pair passes all hard constraints; no mentor receives more
    than its remaining capacity (``capacity - load``) nor more than
    ``max_new_per_mentor`` new mentees in this run (the fairness limit).
    Mentees without a feasible or free mentor stay unmatched and are listed
    in ``stats.unmatched`` with their why-not. ``stats.gap`` is the proven
    relative distance to the best possible total over all feasible pairs;
    the solver keeps adding candidate pairs until it is at most
    ``tolerance`` (or :data:`MAX_ROUNDS` solves have run). Preconditions:
    mentee ids unique, mentor ids unique, ``week_start`` a Monday.
    """
    if tolerance < 0:
        raise ValueError("tolerance must be >= 0")
    if candidates_per_mentee < 1:
        raise ValueError("candidates_per_mentee must be >= 1")
    timings: dict[str, float] = {}
    problem = _Problem(
        mentees,
        mentors,
        exclusions=exclusions,
        week_start=week_start,
        weights=weights,
        min_overlap_minutes=min_overlap_minutes,
        max_new_per_mentor=max_new_per_mentor,
        timings=timings,
    )
    chosen, bound, gap, rounds, edges = _solve(problem, tolerance, candidates_per_mentee, timings)
    return _result(
        problem,
        chosen,
        bound=bound,
        gap=gap,
        rounds=rounds,
        edges=edges,
        explain_unmatched=explain_unmatched,
        timings=timings,
    )


def greedy_assign(
    mentees: Sequence[MenteeRecord],
    mentors: Iterable[MentorRecord],
    *,
    exclusions: Exclusions = frozenset(),
    week_start: dt.date,
    weights: Weights = DEFAULT_WEIGHTS,
    min_overlap_minutes: int = C.DEFAULT_MIN_OVERLAP_MINUTES,
    max_new_per_mentor: int | None = None,
    explain_unmatched: bool = True,
) -> BatchResult:
    """Baseline: repeatedly take the highest-scoring feasible pair with room.

    Same inputs and constraints as :func:`assign`; no optimality claim, so
    ``upper_bound`` is the same duality bound computed with zero prices
    (the sum of each mentee's best score) and ``gap`` is measured against it.
    """
    timings: dict[str, float] = {}
    problem = _Problem(
        mentees,
        mentors,
        exclusions=exclusions,
        week_start=week_start,
        weights=weights,
        min_overlap_minutes=min_overlap_minutes,
        max_new_per_mentor=max_new_per_mentor,
        timings=timings,
    )
    started = time.perf_counter()
    chosen = _greedy(problem)
    timings["greedy"] = time.perf_counter() - started
    total = int(problem.score[chosen].sum())
    bound = int(_utilities(problem, np.zeros(problem.n_mentors, dtype=np.int64)).sum())
    gap = (bound - total) / bound if bound > 0 else 0.0
    return _result(
        problem,
        chosen,
        bound=bound,
        gap=gap,
        rounds=0,
        edges=problem.table.pairs,
        explain_unmatched=explain_unmatched,
        timings=timings,
    )
