"""``match.updated`` events to both parties and coordinators, after commit."""

from __future__ import annotations

from chat.events import COORDINATORS_GROUP, match_updated, user_group
from chat.notify import send_on_commit, send_to_groups_now

from .models import Match


def match_recipients(match: Match) -> list[str]:
    """Groups that may see ``match`` now (see ``selectors.visible_q``)."""
    groups = [COORDINATORS_GROUP]
    if match.run_id is None or match.awaiting_since is not None:
        groups.append(user_group(match.mentee_id))
    if match.awaiting_since is not None:
        groups.append(user_group(match.mentor_id))
    return groups


def _event(match: Match) -> dict:
    from .serializers import MatchSerializer

    return dict(match_updated(dict(MatchSerializer(match).data)))


def match_changed_on_commit(match: Match) -> None:
    """Push the match as it is now, once the transaction commits.

    Call at the end of a service, after everything the event shows (its conversation)
    is in place: the event is a snapshot of this moment.
    """
    send_on_commit(match_recipients(match), _event(match))


def match_changed_now(match: Match) -> None:
    send_to_groups_now(match_recipients(match), _event(match))
