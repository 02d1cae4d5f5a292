"""JWT authentication that re-reads the account on every request.

simplejwt already loads the user and refuses inactive accounts; this subclass also
refuses erased accounts, so deactivation, suspension and erasure take effect at once,
whatever tokens are still in circulation, and access tokens issued before the account's
last logout (``User.tokens_valid_after``), so a logged-out access token cannot be used
for the rest of its lifetime.
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
        valid_after = getattr(user, "tokens_valid_after", None)
        issued_at = validated_token.get("iat")
        if valid_after is not None and (not isinstance(issued_at, int) or issued_at < valid_after.timestamp()):
            raise AuthenticationFailed("Token has been revoked", code="token_not_valid")
        return user
