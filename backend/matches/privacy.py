"""A person's matches in their data export, and what erasure does to them."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from backend.accounts.models import User

from .models import Match, MatchTransition


def matches_export(user: User) -> list[dict[str, Any]]:
    """My matches: the other person appears by id and display name only."""
    out = []
    matches = Match.objects.filter(Q(mentee=user) | Q(mentor=user)).select_related("mentee", "mentor")
    for match in matches.prefetch_related("transitions"):
        other = match.mentor if match.mentee_id == user.pk else match.mentee
        out.append(
            {
                "id": match.pk,
                "my_role": "mentee" if match.mentee_id == user.pk else "mentor",
                "with": {"id": str(other.pk), "display_name": other.display_name},
                "state": match.state,
                "score": match.score,
                "reasons": match.reasons,
                "note": match.note,
                "created_at": match.created_at.isoformat(),
                "activated_at": match.activated_at.isoformat() if match.activated_at else None,
                "closed_at": match.closed_at.isoformat() if match.closed_at else None,
                "history": [
                    {
                        "from_state": t.from_state,
                        "to_state": t.to_state,
                        "by_me": t.actor_id == user.pk,
                        "actor_role": t.actor_role,
                        "reason": t.reason,
                        "at": t.created_at.isoformat(),
                    }
                    for t in match.transitions.all()
                ],
            }
        )
    return out


def matches_erase(user: User) -> None:
    """End every open match of ``user`` (their conversations close) and blank what they wrote."""
    from .services import matches_end_all

    matches_end_all(user=user, reason="The account was deleted.")
    Match.objects.filter(mentee=user).update(note="")
    MatchTransition.objects.filter(actor=user).update(reason="")
