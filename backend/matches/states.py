"""The one state machine of a match: states, transitions, and who may take each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from .models import MatchState as S

MENTEE: Final = "mentee"
MENTOR: Final = "the_mentor"  # the match's own mentor, not any mentor
COORDINATOR: Final = "coordinator"
PARTY: Final = "party"  # the match's mentee or mentor
SYSTEM: Final = "system"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    actors: frozenset[str]
    reason_required: bool = False


TRANSITIONS: Final[dict[str, Transition]] = {
    t.name: t
    for t in (
        Transition("approve", frozenset({S.REQUESTED, S.PROPOSED}), S.AWAITING_MENTOR, frozenset({COORDINATOR})),
        Transition(
            "reject",
            frozenset({S.REQUESTED, S.PROPOSED, S.AWAITING_MENTOR}),
            S.REJECTED,
            frozenset({COORDINATOR}),
            reason_required=True,
        ),
        Transition("accept", frozenset({S.AWAITING_MENTOR}), S.ACTIVE, frozenset({MENTOR})),
        Transition("decline", frozenset({S.AWAITING_MENTOR}), S.DECLINED, frozenset({MENTOR}), reason_required=True),
        Transition(
            "end",
            frozenset({S.REQUESTED, S.PROPOSED, S.AWAITING_MENTOR, S.ACTIVE}),
            S.ENDED,
            frozenset({PARTY, COORDINATOR}),
            reason_required=True,
        ),
        Transition("expire", frozenset({S.AWAITING_MENTOR}), S.EXPIRED, frozenset({SYSTEM})),
    )
}


def allowed_actions(state: str) -> list[str]:
    """Transitions possible from ``state`` (regardless of who asks)."""
    return [t.name for t in TRANSITIONS.values() if state in t.sources and SYSTEM not in t.actors]
