"""Read-side queries for matches: visibility, loads and exclusions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet

from backend.accounts.models import Role, User
from backend.core.exceptions import NotFound
from backend.safety.services import blocked_pairs_for

from .models import LOAD_STATES, OPEN_STATES, Match, MatchingRun, MatchState

# Pairs in these states are never suggested or proposed again (expired ones may be).
CLOSED_FOR_GOOD = (MatchState.REJECTED, MatchState.DECLINED, MatchState.ENDED)


def visible_q(user: User) -> Q:
    """Which matches ``user`` may see.

    A mentor sees a match only once a coordinator approved it (it has been awaiting them);
    a mentee does not see a batch proposal until it is approved.
    """
    if user.role == Role.COORDINATOR:
        return Q()
    if user.role == Role.MENTOR:
        return Q(mentor=user, awaiting_since__isnull=False)
    return Q(mentee=user) & (Q(run__isnull=True) | Q(awaiting_since__isnull=False))


def matches_visible_to(*, user: User, state: str | None = None) -> QuerySet[Match]:
    qs = Match.objects.filter(visible_q(user)).select_related("mentee", "mentor", "conversation")
    if state:
        qs = qs.filter(state=state)
    return qs


def match_get_visible(*, user: User, match_id: Any) -> Match:
    try:
        return matches_visible_to(user=user).get(pk=match_id)
    except (Match.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("No such match.") from exc


def mentor_loads(mentor_ids: Iterable[Any] | None = None) -> dict[str, int]:
    """Open matches counting against each mentor's capacity (awaiting them or active)."""
    qs = Match.objects.filter(state__in=LOAD_STATES)
    if mentor_ids is not None:
        qs = qs.filter(mentor_id__in=list(mentor_ids))
    return {str(row["mentor_id"]): row["n"] for row in qs.values("mentor_id").annotate(n=Count("id"))}


def excluded_pairs(mentee_ids: Iterable[Any] | None = None) -> frozenset[tuple[str, str]]:
    """(mentee_id, mentor_id) pairs that must not be suggested or proposed.

    Blocks either way (ever), any open match, and pairs whose match was rejected, declined
    or ended.
    """
    ids = None if mentee_ids is None else [str(i) for i in mentee_ids]
    qs = Match.objects.filter(state__in=[*OPEN_STATES, *CLOSED_FOR_GOOD])
    if ids is not None:
        qs = qs.filter(mentee_id__in=ids)  # type: ignore[misc]  # ids are UUID strings
    pairs = {(str(a), str(b)) for a, b in qs.values_list("mentee_id", "mentor_id")}
    for blocker, blocked in blocked_pairs_for(ids):
        pairs.add((blocker, blocked))
        pairs.add((blocked, blocker))
    return frozenset(pairs)


def open_requests_count(*, mentee: User) -> int:
    return Match.objects.filter(mentee=mentee, state__in=OPEN_STATES).count()


def runs_all() -> QuerySet[MatchingRun]:
    return MatchingRun.objects.all()


def run_get(*, run_id: Any) -> MatchingRun:
    try:
        return MatchingRun.objects.get(pk=run_id)
    except (MatchingRun.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("No such run.") from exc
