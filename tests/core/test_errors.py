"""Every error has the same shape."""

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_an_unknown_api_path_is_a_json_404(api):
    response = api.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Not found."}}


def test_a_wrong_method_is_405_in_the_error_shape(as_user, mentee):
    response = as_user(mentee).delete("/api/v1/auth/ws-ticket/")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_a_database_failure_is_503_and_retryable(as_user, mentee, monkeypatch):
    from backend.profiles import services

    def broken(**kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(services, "profile_get", broken)
    response = as_user(mentee).get("/api/v1/me/profile/")
    assert response.status_code == 503
    assert response.json()["error"]["retryable"] is True
    assert response.json()["error"]["code"] == "database_unavailable"
    assert response.headers["Retry-After"]
