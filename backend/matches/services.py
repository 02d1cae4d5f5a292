"""Match workflow services: every transition of the state machine, and batch runs.

Every transition locks the rows it depends on, checks the actor against
:mod:`backend.matches.states`, records a :class:`MatchTransition`, and notifies both
parties and coordinators after commit.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from backend.accounts.models import Role, User
from backend.core.exceptions import Conflict, Forbidden, NotFound, ValidationFailed
from backend.profiles.models import MenteeProfile, MentorProfile, VettingStatus
from backend.safety.services import audit_record, is_blocked
from matching.results import Assignment, Suggestion

from . import notifications
from .adapter import mentee_record
from .matcher import evaluate_pair, mark_mentor_changed_on_commit
from .models import LOAD_STATES, OPEN_STATES, Match, MatchState, MatchTransition
from .selectors import excluded_pairs, open_requests_count, visible_q
from .states import COORDINATOR, MENTOR, PARTY, SYSTEM, TRANSITIONS


class MentorAtCapacity(Conflict):
    code = "mentor_at_capacity"
    message = "The mentor has no capacity left."


class IllegalTransition(Conflict):
    code = "illegal_transition"


def suggestion_snapshot(suggestion: Suggestion | Assignment) -> dict[str, Any]:
    """The score breakdown stored with a match and in its first history entry."""
    return {
        "score": suggestion.score,
        "reasons": [asdict(r) for r in suggestion.reasons],
        "weights_version": suggestion.weights_version,
    }


def _record(match: Match, *, from_state: str, actor: User | None, reason: str = "", snapshot: Any = None) -> None:
    MatchTransition.objects.create(
        match=match,
        from_state=from_state,
        to_state=match.state,
        actor=actor,
        actor_role=actor.role if actor is not None else SYSTEM,
        reason=reason,
        snapshot=snapshot,
    )


def _check_actor(match: Match, action: str, actor: User | None) -> None:
    allowed = TRANSITIONS[action].actors
    if actor is None:
        if SYSTEM not in allowed:
            raise Forbidden()
        return
    if COORDINATOR in allowed and actor.role == Role.COORDINATOR:
        return
    if MENTOR in allowed and actor.pk == match.mentor_id:
        return
    if PARTY in allowed and actor.pk in (match.mentee_id, match.mentor_id):
        return
    raise Forbidden(f"Only {' or '.join(sorted(allowed)).replace('the_mentor', 'the mentor')} may {action} a match.")


def _lock_visible(match_id: Any, actor: User | None) -> Match:
    """Lock the match row; a match the actor may not see is "not found"."""
    qs = Match.objects.select_for_update()
    if actor is not None:
        qs = qs.filter(visible_q(actor))
    try:
        return qs.get(pk=match_id)
    except (Match.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("No such match.") from exc


def _transition(match: Match, action: str, actor: User | None, reason: str = "") -> str:
    """Move ``match`` (locked) along ``action``; returns the state it left."""
    spec = TRANSITIONS[action]
    _check_actor(match, action, actor)
    if match.state not in spec.sources:
        raise IllegalTransition(
            f"Cannot {action} a match that is {match.state}.",
            extra={"state": match.state},
        )
    if spec.reason_required and not reason.strip():
        raise ValidationFailed(fields={"reason": ["A reason is required."]})
    previous = match.state
    match.state = spec.target
    now = timezone.now()
    update = ["state", "updated_at"]
    if match.state == MatchState.AWAITING_MENTOR:
        match.awaiting_since = now
        update.append("awaiting_since")
    elif match.state == MatchState.ACTIVE:
        match.activated_at = now
        update.append("activated_at")
    elif not match.is_open:
        match.closed_at = now
        update.append("closed_at")
    match.save(update_fields=update)
    _record(match, from_state=previous, actor=actor, reason=reason)
    if previous in LOAD_STATES or match.state in LOAD_STATES:
        mark_mentor_changed_on_commit(match.mentor_id)
    return previous


def _lock_mentor(mentor_id: Any) -> MentorProfile:
    """Lock the mentor's profile: capacity checks on one mentor serialise on this row."""
    try:
        return MentorProfile.objects.select_for_update().get(user_id=mentor_id)
    except MentorProfile.DoesNotExist as exc:
        raise Conflict("The mentor no longer has a profile.", code="mentor_unavailable") from exc


def _load(mentor_id: Any, states: tuple[str, ...] = LOAD_STATES) -> int:
    return Match.objects.filter(mentor_id=mentor_id, state__in=states).count()


# --- Requests -------------------------------------------------------------------------
@transaction.atomic
def match_request(*, mentee: User, mentor_id: Any, note: str = "") -> Match:
    """A mentee asks for a mentor; the match waits for a coordinator's approval."""
    if mentee.role != Role.MENTEE:
        raise Forbidden("Only mentees request mentors.")
    profile = MenteeProfile.objects.select_for_update().filter(user=mentee).first()
    if profile is None or not profile.languages:
        raise Conflict("Complete your profile (at least your languages) first.", code="profile_incomplete")
    mentor = MentorProfile.objects.filter(
        user_id=mentor_id, vetting_status=VettingStatus.APPROVED, user__is_active=True
    ).first()
    if mentor is None or is_blocked(mentee.pk, mentor_id):
        raise NotFound("No such mentor.")
    if Match.objects.filter(mentee=mentee, mentor_id=mentor_id, state__in=OPEN_STATES).exists():
        raise Conflict("You already have an open match with this mentor.", code="duplicate_request")
    if open_requests_count(mentee=mentee) >= settings.MATCH_MAX_OPEN_REQUESTS:
        raise Conflict(
            f"You can have at most {settings.MATCH_MAX_OPEN_REQUESTS} open requests or matches.",
            code="too_many_open_requests",
        )
    verdict = evaluate_pair(mentee_record(profile), str(mentor_id), exclusions=excluded_pairs([mentee.pk]))
    if verdict.suggestion is None:
        raise Conflict(
            "This mentor is not a possible match for you right now.",
            code="not_eligible",
            extra={"failed_constraints": verdict.failed},
        )
    snapshot = suggestion_snapshot(verdict.suggestion)
    try:
        with transaction.atomic():
            match = Match.objects.create(
                mentee=mentee,
                mentor_id=mentor_id,
                state=MatchState.REQUESTED,
                note=note,
                score=snapshot["score"],
                reasons=snapshot["reasons"],
                weights_version=snapshot["weights_version"],
            )
    except IntegrityError as exc:  # a concurrent identical request won
        raise Conflict("You already have an open match with this mentor.", code="duplicate_request") from exc
    _record(match, from_state="", actor=mentee, reason=note, snapshot=snapshot)
    notifications.match_changed_on_commit(match)
    return match


# --- Coordinator decisions ------------------------------------------------------------
@transaction.atomic
def match_approve(*, match_id: Any, coordinator: User, note: str = "") -> Match:
    match = _lock_visible(match_id, coordinator)
    _check_actor(match, "approve", coordinator)
    mentor = _lock_mentor(match.mentor_id)
    if match.state in TRANSITIONS["approve"].sources:
        if mentor.vetting_status != VettingStatus.APPROVED:
            raise Conflict("The mentor is not approved.", code="mentor_not_approved")
        if is_blocked(match.mentee_id, match.mentor_id):
            raise Conflict("One of them blocked the other.", code="blocked")
        if _load(match.mentor_id) >= mentor.capacity:
            raise MentorAtCapacity()
    _transition(match, "approve", coordinator, note)
    audit_record(actor=coordinator, action="match.approve", target_type="match", target_id=match.pk, reason=note)
    notifications.match_changed_on_commit(match)
    return match


@transaction.atomic
def match_reject(*, match_id: Any, coordinator: User, reason: str) -> Match:
    match = _lock_visible(match_id, coordinator)
    _transition(match, "reject", coordinator, reason)
    audit_record(actor=coordinator, action="match.reject", target_type="match", target_id=match.pk, reason=reason)
    notifications.match_changed_on_commit(match)
    return match


# --- Mentor consent -------------------------------------------------------------------
@transaction.atomic
def match_accept(*, match_id: Any, mentor: User) -> Match:
    """The mentor accepts: the match becomes active and its conversation opens.

    Capacity holds even when several accepts race: they serialise on the mentor's
    profile row, and each counts the mentor's active matches under that lock.
    """
    match = _lock_visible(match_id, mentor)
    _check_actor(match, "accept", mentor)
    profile = _lock_mentor(match.mentor_id)
    if match.state == MatchState.AWAITING_MENTOR:
        if _load(match.mentor_id, (MatchState.ACTIVE,)) >= profile.capacity:
            raise MentorAtCapacity()
        if is_blocked(match.mentee_id, match.mentor_id):
            raise Conflict("One of you blocked the other.", code="blocked")
    _transition(match, "accept", mentor)
    from chat.services import conversation_open

    conversation_open(match=match)
    notifications.match_changed_on_commit(match)
    return match


@transaction.atomic
def match_decline(*, match_id: Any, mentor: User, reason: str) -> Match:
    match = _lock_visible(match_id, mentor)
    _transition(match, "decline", mentor, reason)
    notifications.match_changed_on_commit(match)
    return match


@transaction.atomic
def match_end(*, match_id: Any, actor: User, reason: str) -> Match:
    match = _lock_visible(match_id, actor)
    _transition(match, "end", actor, reason)
    from chat.services import conversation_close

    conversation_close(match=match)
    if actor.role == Role.COORDINATOR:
        audit_record(actor=actor, action="match.end", target_type="match", target_id=match.pk, reason=reason)
    notifications.match_changed_on_commit(match)
    return match


@transaction.atomic
def matches_end_all(*, user: User, reason: str) -> int:
    """End every open match ``user`` is a party to (erasure, suspension). Returns how many."""
    from chat.services import conversation_close

    ended = 0
    for match in Match.objects.select_for_update().filter(Q(mentee=user) | Q(mentor=user), state__in=OPEN_STATES):
        _transition(match, "end", user, reason)
        conversation_close(match=match)
        notifications.match_changed_on_commit(match)
        ended += 1
    return ended


# --- Expiry ---------------------------------------------------------------------------
def matches_expire_stale(*, now: Any = None) -> int:
    """Expire matches left awaiting their mentor too long. Returns how many expired."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.MATCH_AWAITING_MENTOR_HOURS)
    ids = list(
        Match.objects.filter(state=MatchState.AWAITING_MENTOR, awaiting_since__lt=cutoff).values_list("pk", flat=True)
    )
    expired = 0
    for match_id in ids:
        with transaction.atomic():
            match = Match.objects.select_for_update().get(pk=match_id)
            # Re-checked under the lock: the mentor may have answered meanwhile.
            if (
                match.state != MatchState.AWAITING_MENTOR
                or match.awaiting_since is None
                or match.awaiting_since >= cutoff
            ):
                continue
            _transition(match, "expire", None, f"No answer within {settings.MATCH_AWAITING_MENTOR_HOURS} hours.")
            notifications.match_changed_on_commit(match)
            expired += 1
    return expired
