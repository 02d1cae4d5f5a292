"""Typing helpers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.request import Request

if TYPE_CHECKING:
    from backend.accounts.models import User


class AuthedRequest(Request):
    """A request that passed an ``IsAuthenticated``-style permission: ``user`` is a real user."""

    user: User  # type: ignore[assignment]
