"""Deployment hardening: security headers, CORS only for configured origins, docs toggled."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import clear_url_caches

pytestmark = pytest.mark.django_db


def test_responses_carry_security_headers(client):
    response = client.get("/healthz")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


@override_settings(CORS_ALLOWED_ORIGINS=["https://dashboard.kindred.example"])
def test_cors_answers_only_configured_origins(client):
    allowed = client.options(
        "/api/v1/taxonomy/", HTTP_ORIGIN="https://dashboard.kindred.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert allowed["Access-Control-Allow-Origin"] == "https://dashboard.kindred.example"
    refused = client.options(
        "/api/v1/taxonomy/", HTTP_ORIGIN="https://evil.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert "Access-Control-Allow-Origin" not in refused


def test_docs_can_be_switched_off(client, settings):
    import importlib

    import backend.urls

    settings.API_DOCS_ENABLED = False
    try:
        importlib.reload(backend.urls)
        clear_url_caches()
        assert client.get("/api/docs/").status_code == 404
        assert client.get("/api/schema/").status_code == 404
    finally:
        settings.API_DOCS_ENABLED = True
        importlib.reload(backend.urls)
        clear_url_caches()
    assert client.get("/api/docs/").status_code == 200


def test_the_browsable_api_is_off_unless_asked_for(as_user, mentee):
    response = as_user(mentee).get("/api/v1/me/", HTTP_ACCEPT="text/html")
    assert response["Content-Type"].startswith("application/json")


def test_production_settings_turn_on_https_protections():
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backend.settings.production",
        "SECRET_KEY": "s" * 60,
        "ALLOWED_HOSTS": "api.example",
        "DATABASE_URL": "postgres://x@127.0.0.1/x",
        "REDIS_URL": "redis://127.0.0.1",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, "
        "s.API_DOCS_ENABLED, "
        "'rest_framework.renderers.BrowsableAPIRenderer' in s.REST_FRAMEWORK['DEFAULT_RENDERER_CLASSES'])"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "True", "True", "False", "False"]
