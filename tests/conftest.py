"""Shared fixtures: the four personas and authenticated API clients."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from backend.accounts.models import Role, User

from .factories import make_user

# In CI the real services must be used: a test that needs one fails instead of skipping.
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    """Throttle counters, lockouts and the matcher's version stamps live in the cache;
    every test starts clean, and so does this process's mentor index."""
    from backend.matches.matcher import index_cache

    cache.clear()
    index_cache.reset()


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


@pytest.fixture
def as_user() -> Callable[[User | None], APIClient]:
    return client_for


@pytest.fixture
def mentee(db) -> User:
    return make_user(Role.MENTEE, display_name="Alice", email="alice@example.org")


@pytest.fixture
def mentor(db) -> User:
    return make_user(Role.MENTOR, display_name="Bob", email="bob@example.org")


@pytest.fixture
def coordinator(db) -> User:
    return make_user(Role.COORDINATOR, display_name="Carol", email="carol@example.org")


@pytest.fixture
def outsider(db) -> User:
    """A mentee with no relationship to anyone: must see nothing of the others."""
    return make_user(Role.MENTEE, display_name="Charlie", email="charlie@example.org")


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        if REQUIRE_SERVICES:
            pytest.fail("REDIS_URL is not set but REQUIRE_SERVICES=1")
        pytest.skip("needs Redis: set REDIS_URL")
    return url


@pytest.fixture
def postgres(settings) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        if REQUIRE_SERVICES:
            pytest.fail("DATABASE_URL does not point at PostgreSQL but REQUIRE_SERVICES=1")
        pytest.skip("needs PostgreSQL: set DATABASE_URL")
