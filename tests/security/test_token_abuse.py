"""Forged, expired and misused tokens are refused (REST; the socket has its own tests)."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import jwt
import pytest
from django.conf import settings
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def get_me(api, token: str):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api.get(ME)


def claims_for(user) -> dict:
    return dict(AccessToken.for_user(user).payload)


def test_alg_none_is_refused(api, mentee):
    token = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims_for(mentee))}."
    assert get_me(api, token).status_code == 401


def test_a_token_signed_with_another_key_is_refused(api, mentee):
    token = jwt.encode(claims_for(mentee), "not-the-key-" * 4, algorithm="HS256")
    assert get_me(api, token).status_code == 401


# The forger signs with HS512, for which the server's HS256 key is shorter than PyJWT recommends.
@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
def test_a_token_using_another_algorithm_is_refused(api, mentee):
    token = jwt.encode(claims_for(mentee), settings.SIMPLE_JWT["SIGNING_KEY"], algorithm="HS512")
    assert get_me(api, token).status_code == 401


def test_an_expired_access_token_is_refused(api, mentee):
    token = AccessToken.for_user(mentee)
    token.set_exp(lifetime=-timedelta(seconds=1))
    assert get_me(api, str(token)).status_code == 401


def test_a_refresh_token_is_not_an_access_token(api, mentee):
    assert get_me(api, str(RefreshToken.for_user(mentee))).status_code == 401


def test_a_tampered_claim_breaks_the_signature(api, mentee, coordinator):
    header, _payload, signature = str(AccessToken.for_user(mentee)).split(".")
    forged = claims_for(mentee) | {"user_id": str(coordinator.pk)}
    assert get_me(api, f"{header}.{b64(forged)}.{signature}").status_code == 401


def test_a_reused_rotated_refresh_token_is_refused(api, mentee):
    refresh = str(RefreshToken.for_user(mentee))
    assert api.post("/api/v1/auth/token/refresh/", {"refresh": refresh}, format="json").status_code == 200
    assert api.post("/api/v1/auth/token/refresh/", {"refresh": refresh}, format="json").status_code == 401


def test_an_erased_users_token_is_refused(api, mentee):
    token = str(AccessToken.for_user(mentee))
    from backend.core.privacy import user_erase

    user_erase(user=mentee)
    assert get_me(api, token).status_code == 401


def test_a_ticket_cannot_be_used_as_a_bearer_token(api, as_user, mentee):
    ticket = as_user(mentee).post("/api/v1/auth/ws-ticket/").json()["ticket"]
    assert get_me(api, ticket).status_code == 401
