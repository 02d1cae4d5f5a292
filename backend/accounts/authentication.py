"""JWT authentication that re-reads the account on every request.

simplejwt already loads the user and refuses inactive accounts; this subclass also
refuses erased accounts, so deactivation, suspension and erasure take effect at once,
whatever tokens are still in circulation.
"""

from __future__ import annotations

from typing import Any

from rest_framework_simplejwt.authentication import JWTAuthentication as BaseJWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed


class JWTAuthentication(BaseJWTAuthentication):
    def get_user(self, validated_token: Any) -> Any:
        user = super().get_user(validated_token)
        if getattr(user, "erased_at", None) is not None:
            raise AuthenticationFailed("User is inactive", code="user_inactive")
        return user
