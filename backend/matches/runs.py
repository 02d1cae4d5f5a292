"""Batch matching runs: propose an optimal assignment of waiting mentees to mentors."""

from __future__ import annotations

import logging
import time
from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from backend.accounts.models import User
from backend.core.exceptions import Conflict
from backend.profiles.models import MenteeProfile
from backend.profiles.services import next_week_start
from backend.safety.services import audit_record
from matching.batch import assign
from matching.weights import DEFAULT_WEIGHTS

from . import notifications
from .adapter import mentee_record
from .matcher import load_mentor_records
from .models import OPEN_STATES, Match, MatchingRun, MatchState, MatchTransition, RunStatus
from .selectors import excluded_pairs
from .services import IllegalTransition, MentorAtCapacity, match_approve, match_reject, suggestion_snapshot

logger = logging.getLogger(__name__)


def waiting_mentees() -> list[MenteeProfile]:
    """Mentees who could be matched now: active, with languages set and no open match.

    A mentee whose matching is paused (after crisis language, until a coordinator
    acknowledges the alert) is left out.
    """
    qs = (
        MenteeProfile.objects.filter(user__is_active=True, user__erased_at__isnull=True, matching_paused=False)
        .exclude(languages=[])
        .exclude(user__matches_as_mentee__state__in=OPEN_STATES)
    )
    return list(qs.distinct())


@transaction.atomic
def run_create(*, coordinator: User, max_new_per_mentor: int | None = None) -> MatchingRun:
    if MatchingRun.objects.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists():
        raise Conflict("A matching run is already queued or running.", code="run_in_progress")
    limit = max_new_per_mentor if max_new_per_mentor is not None else settings.MATCH_RUN_MAX_NEW_PER_MENTOR
    run = MatchingRun.objects.create(created_by=coordinator, params={"max_new_per_mentor": limit or None})
    audit_record(actor=coordinator, action="matching.run", target_type="matching_run", target_id=run.pk)
    from .tasks import run_matching

    transaction.on_commit(lambda: run_matching.delay(run.pk))
    return run


def run_execute(*, run_id: int) -> MatchingRun:
    """Compute and store the proposals of a run (the background job's body)."""
    updated = MatchingRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now()
    )
    run = MatchingRun.objects.get(pk=run_id)
    if not updated:
        return run  # another worker took it, or it already finished
    try:
        stats = _compute(run)
    except Exception as exc:
        logger.exception("matching run %s failed", run_id)
        MatchingRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
    else:
        MatchingRun.objects.filter(pk=run_id).update(
            status=RunStatus.SUCCEEDED, stats=stats, finished_at=timezone.now()
        )
    run.refresh_from_db()
    return run


def _compute(run: MatchingRun) -> dict[str, Any]:
    started = time.perf_counter()
    mentees = waiting_mentees()
    records = [mentee_record(p) for p in mentees]
    mentors = load_mentor_records()
    exclusions = excluded_pairs([p.user_id for p in mentees])
    result = assign(
        records,
        mentors,
        exclusions=exclusions,
        week_start=next_week_start(),
        min_overlap_minutes=settings.MATCH_MIN_OVERLAP_MINUTES,
        max_new_per_mentor=run.params.get("max_new_per_mentor"),
    )
    created, skipped = 0, 0
    proposals: list[Match] = []
    for assignment in result.assignments:
        snapshot = suggestion_snapshot(assignment)
        try:
            with transaction.atomic():
                match = Match.objects.create(
                    mentee_id=assignment.mentee_id,
                    mentor_id=assignment.mentor_id,
                    state=MatchState.PROPOSED,
                    run=run,
                    score=snapshot["score"],
                    reasons=snapshot["reasons"],
                    weights_version=snapshot["weights_version"],
                )
                MatchTransition.objects.create(
                    match=match,
                    to_state=MatchState.PROPOSED,
                    actor=None,
                    actor_role="system",
                    reason=f"Proposed by matching run {run.pk}.",
                    snapshot=snapshot,
                )
        except IntegrityError:
            # The mentee asked for this mentor meanwhile: their request stands.
            skipped += 1
            continue
        created += 1
        proposals.append(match)
    for match in proposals:
        notifications.match_changed_now(match)
    stats = result.stats
    return {
        "waiting_mentees": len(records),
        "mentors": len(mentors),
        "matched": created,
        "skipped": skipped,
        "unmatched": [{"mentee_id": u.mentee_id, "why_not": [asdict(w) for w in u.why_not]} for u in stats.unmatched],
        "total_score": stats.total_score,
        "upper_bound": stats.upper_bound,
        "gap": stats.gap,
        "mentor_load": stats.mentor_load,
        "rounds": stats.rounds,
        "edges": stats.edges,
        "feasible_pairs": stats.feasible_pairs,
        "weights_version": DEFAULT_WEIGHTS.version,
        "seconds": round(time.perf_counter() - started, 3),
    }


def run_decide_proposals(
    *, run: MatchingRun, coordinator: User, approve: bool, match_ids: list[int] | None, reason: str = ""
) -> dict[str, Any]:
    """Approve or reject a run's proposals, all of them or the ones named, one transaction each."""
    qs = Match.objects.filter(run=run, state=MatchState.PROPOSED)
    if match_ids is not None:
        qs = qs.filter(pk__in=match_ids)
    done: list[int] = []
    failed: list[dict[str, Any]] = []
    for match_id in qs.order_by("-score").values_list("pk", flat=True):
        try:
            if approve:
                match_approve(match_id=match_id, coordinator=coordinator, note=reason)
            else:
                match_reject(match_id=match_id, coordinator=coordinator, reason=reason)
        except (MentorAtCapacity, IllegalTransition, Conflict) as exc:
            failed.append({"id": match_id, "code": exc.code, "message": exc.message})
        else:
            done.append(match_id)
    return {"done": done, "failed": failed}
