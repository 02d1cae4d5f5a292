"""Guards against vacuous property tests: random instances must be interesting."""

from __future__ import annotations

from hypothesis import given, settings

from .strategies import PROPERTY, mentee_pools, mentor_pools
from .test_batch_assignment import brute_force_optimum, pair_scores

seen: list[tuple[int, int, int]] = []


@settings(PROPERTY, max_examples=30)
@given(mentees=mentee_pools(min_size=1), mentors=mentor_pools(min_size=1))
def _collect(mentees, mentors) -> None:
    scores = pair_scores(mentees, mentors, frozenset())
    competing = sum(1 for e in mentees if sum((e.id, m.id) in scores for m in mentors) >= 2)
    seen.append((len(scores), brute_force_optimum(mentees, mentors, scores), competing))


def test_random_instances_usually_have_feasible_pairs_and_competition() -> None:
    seen.clear()
    _collect()
    with_pairs = sum(1 for pairs, _, _ in seen if pairs > 0)
    with_choice = sum(1 for _, _, competing in seen if competing > 0)
    assert with_pairs >= 0.5 * len(seen), seen
    assert with_choice >= 0.25 * len(seen), seen
