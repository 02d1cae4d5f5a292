"""Registration, tokens, rotation, logout and lockout through the HTTP API."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from unittest import mock

import pytest
from django.test import override_settings
from django.utils import timezone

from backend.accounts.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/auth/register/"
TOKEN = "/api/v1/auth/token/"
REFRESH = "/api/v1/auth/token/refresh/"
LOGOUT = "/api/v1/auth/logout/"
ME = "/api/v1/me/"


def register(api, **overrides):
    body = {
        "email": "dana@example.org",
        "password": "a-long-unusual-passphrase",
        "role": "mentee",
        "display_name": "NightOwl",
    }
    body.update(overrides)
    return api.post(REGISTER, body, format="json")


@contextlib.contextmanager
def issued_earlier(seconds: int):
    """Tokens issued inside are ``seconds`` old, like those a client holds when it logs out
    (token times have whole seconds: a logout in the same second could not tell them apart)."""
    earlier = timezone.now() - timedelta(seconds=seconds)
    with mock.patch("rest_framework_simplejwt.tokens.aware_utcnow", return_value=earlier):
        yield


def login(api, email, password=PASSWORD):
    return api.post(TOKEN, {"email": email, "password": password}, format="json")


def test_it_registers_a_mentee_and_returns_the_user(api):
    response = register(api)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "email", "role", "display_name"}
    assert body["role"] == "mentee"
    assert body["display_name"] == "NightOwl"
    assert "password" not in body


def test_it_gives_a_new_account_an_empty_profile(api):
    register(api, role="mentor", email="m@example.org")
    tokens = login(api, "m@example.org", "a-long-unusual-passphrase").json()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    profile = api.get("/api/v1/me/profile/").json()
    assert profile["vetting_status"] == "pending"
    assert profile["languages"] == []


def test_it_refuses_self_registration_as_coordinator(api):
    response = register(api, role="coordinator")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"
    assert "role" in response.json()["error"]["fields"]
    assert not User.objects.exists()


def test_it_refuses_a_weak_password_and_names_the_field(api):
    response = register(api, password="password")
    assert response.status_code == 400
    assert "password" in response.json()["error"]["fields"]


def test_it_refuses_a_duplicate_email_whatever_its_case(api):
    assert register(api).status_code == 201
    response = register(api, email="DANA@example.org")
    assert response.status_code == 400
    assert "email" in response.json()["error"]["fields"]


def test_it_reports_every_missing_field(api):
    response = api.post(REGISTER, {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"email", "password", "role", "display_name"}


def test_it_rejects_a_body_that_is_not_json(api):
    response = api.post(REGISTER, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_request"


def test_it_issues_tokens_that_open_me(api, mentee):
    tokens = login(api, mentee.email).json()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    me = api.get(ME)
    assert me.status_code == 200
    assert me.json() == {"id": str(mentee.pk), "email": mentee.email, "role": "mentee", "display_name": "Alice"}


def test_it_accepts_the_email_in_any_case_at_login(api, mentee):
    assert login(api, mentee.email.upper()).status_code == 200


def test_it_refuses_a_wrong_password_with_401(api, mentee):
    response = login(api, mentee.email, "wrong-password-123")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_it_rotates_refresh_tokens_and_kills_the_old_one(api, mentee):
    tokens = login(api, mentee.email).json()
    rotated = api.post(REFRESH, {"refresh": tokens["refresh"]}, format="json")
    assert rotated.status_code == 200
    assert set(rotated.json()) == {"access", "refresh"}
    assert rotated.json()["refresh"] != tokens["refresh"]
    reused = api.post(REFRESH, {"refresh": tokens["refresh"]}, format="json")
    assert reused.status_code == 401


def test_logout_blacklists_the_refresh_token(api, mentee):
    tokens = login(api, mentee.email).json()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert api.post(LOGOUT, {"refresh": tokens["refresh"]}, format="json").status_code == 204
    api.credentials()
    assert api.post(REFRESH, {"refresh": tokens["refresh"]}, format="json").status_code == 401


def test_logout_refuses_someone_elses_refresh_token(api, mentee, outsider):
    mine = login(api, mentee.email).json()
    theirs = login(api, outsider.email).json()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {mine['access']}")
    response = api.post(LOGOUT, {"refresh": theirs["refresh"]}, format="json")
    assert response.status_code == 400
    api.credentials()
    assert api.post(REFRESH, {"refresh": theirs["refresh"]}, format="json").status_code == 200


def test_an_access_token_is_not_accepted_as_a_refresh_token(api, mentee):
    tokens = login(api, mentee.email).json()
    assert api.post(REFRESH, {"refresh": tokens["access"]}, format="json").status_code == 401


def test_a_deactivated_user_is_refused_at_once_with_a_live_access_token(api, mentee):
    tokens = login(api, mentee.email).json()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert api.get(ME).status_code == 200
    from backend.accounts.services import user_deactivate

    user_deactivate(user=mentee)
    assert api.get(ME).status_code == 401
    api.credentials()
    assert api.post(REFRESH, {"refresh": tokens["refresh"]}, format="json").status_code == 401
    assert login(api, mentee.email).status_code == 401


def test_requests_without_a_token_get_401_in_the_error_shape(api):
    response = api.get(ME)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_garbage_token_gets_401(api):
    api.credentials(HTTP_AUTHORIZATION="Bearer not.a.token")
    assert api.get(ME).status_code == 401


@override_settings(LOGIN_LOCKOUT_FAILURES=3)
def test_repeated_failures_lock_the_account_even_with_the_right_password(api, mentee):
    for _ in range(3):
        assert login(api, mentee.email, "wrong-password-123").status_code == 401
    locked = login(api, mentee.email)
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "login_locked"
    assert int(locked.headers["Retry-After"]) > 0
    assert locked.json()["error"]["retry_after"] > 0


def test_a_successful_login_resets_the_failure_count(api, mentee, settings):
    settings.LOGIN_LOCKOUT_FAILURES = 3
    for _ in range(2):
        login(api, mentee.email, "wrong-password-123")
    assert login(api, mentee.email).status_code == 200
    for _ in range(2):
        login(api, mentee.email, "wrong-password-123")
    assert login(api, mentee.email).status_code == 200


def test_brute_force_from_one_address_is_throttled(api, mentee):
    statuses = [login(api, f"guess{i}@example.org", "wrong-password-123").status_code for i in range(15)]
    assert 429 in statuses
    throttled = login(api, "another@example.org", "x")
    assert throttled.status_code == 429
    assert throttled.json()["error"]["code"] == "throttled"
    assert int(throttled.headers["Retry-After"]) == throttled.json()["error"]["retry_after"]


def test_me_patch_changes_the_display_name_but_not_the_role(as_user, mentee):
    api = as_user(mentee)
    response = api.patch(
        ME, {"display_name": "Sunrise", "role": "coordinator", "email": "x@example.org"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["display_name"] == "Sunrise"
    mentee.refresh_from_db()
    assert (mentee.role, mentee.email) == ("mentee", "alice@example.org")


def test_me_patch_refuses_a_display_name_that_is_too_short(as_user, mentee):
    response = as_user(mentee).patch(ME, {"display_name": "A"}, format="json")
    assert response.status_code == 400
    assert "display_name" in response.json()["error"]["fields"]


def test_after_logout_the_sessions_access_token_is_refused_everywhere(api, mentee):
    with issued_earlier(seconds=2):
        tokens = login(api, mentee.email).json()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert api.get(ME).status_code == 200
    assert api.post(LOGOUT, {"refresh": tokens["refresh"]}, format="json").status_code == 204
    assert api.get(ME).status_code == 401
    assert api.post("/api/v1/auth/ws-ticket/").status_code == 401


def test_another_device_refreshes_after_a_logout_and_carries_on(api, mentee):
    with issued_earlier(seconds=2):
        phone = login(api, mentee.email).json()
        laptop = login(api, mentee.email).json()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {phone['access']}")
    assert api.post(LOGOUT, {"refresh": phone["refresh"]}, format="json").status_code == 204
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {laptop['access']}")
    assert api.get(ME).status_code == 401
    api.credentials()
    fresh = api.post(REFRESH, {"refresh": laptop["refresh"]}, format="json")
    assert fresh.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {fresh.json()['access']}")
    assert api.get(ME).status_code == 200
