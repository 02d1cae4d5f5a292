"""Every event the server sends over the socket, defined once.

Server code builds events only through these constructors, and delivers them to the
channel-layer groups named here. ``tests/chat/test_events.py`` checks each shape.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict


def user_group(user_id: Any) -> str:
    """Every socket of one user joins this group."""
    return f"user.{user_id}"


COORDINATORS_GROUP = "coordinators"


class MatchUpdated(TypedDict):
    type: Literal["match.updated"]
    match: dict[str, Any]


def match_updated(match: dict[str, Any]) -> MatchUpdated:
    """``match`` is the serialized match as the REST API returns it to that recipient."""
    return {"type": "match.updated", "match": match}
