"""Suggestions for one mentee: ranked, explained mentors, or why there are too few."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from backend.accounts.models import User
from backend.core.exceptions import Conflict
from backend.profiles.models import MenteeProfile, MentorProfile

from .adapter import mentee_record
from .matcher import suggestions_for
from .selectors import excluded_pairs

MAX_LIMIT = 50


def suggestions_for_mentee(*, mentee: User, limit: int = 10) -> dict[str, Any]:
    """Never includes a mentor the mentee blocked, was blocked by, or has an open match with."""
    profile = MenteeProfile.objects.filter(user=mentee).first()
    if profile is None or not profile.languages:
        raise Conflict("Complete your profile (at least your languages) first.", code="profile_incomplete")
    result = suggestions_for(mentee_record(profile), k=limit, exclusions=excluded_pairs([mentee.pk]))
    ids = [s.mentor_id for s in result.results]
    cards = {str(p.user_id): p for p in MentorProfile.objects.select_related("user").filter(user_id__in=ids)}
    results = []
    for suggestion in result.results:
        card = cards.get(suggestion.mentor_id)
        if card is None:  # erased since the index was last patched
            continue
        results.append(
            {
                "mentor": {
                    "id": suggestion.mentor_id,
                    "display_name": card.user.display_name,
                    "languages": card.languages,
                    "lived_experience": card.lived_experience,
                    "bio": card.bio,
                },
                "score": suggestion.score,
                "reasons": [asdict(r) for r in suggestion.reasons],
                "weights_version": suggestion.weights_version,
            }
        )
    return {
        "count": len(results),
        "next": None,
        "previous": None,
        "results": results,
        "why_not": [asdict(w) for w in result.why_not],
        "qualified": result.qualified,
        "weights_version": result.weights_version,
    }
