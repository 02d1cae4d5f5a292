"""Role permissions. Object ownership is enforced by querysets (another's object is 404)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request


class _HasRole(BasePermission):
    roles: tuple[str, ...] = ()
    message = "Your role may not do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.role in self.roles)


class IsMentee(_HasRole):
    roles = ("mentee",)


class IsMentor(_HasRole):
    roles = ("mentor",)


class IsCoordinator(_HasRole):
    roles = ("coordinator",)


class IsMenteeOrMentor(_HasRole):
    roles = ("mentee", "mentor")
