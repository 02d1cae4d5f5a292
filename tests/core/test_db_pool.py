"""The PostgreSQL connection pool (DB_POOL_MAX_SIZE) hands the same server connection back."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.backends.postgresql.base import DatabaseWrapper

pytestmark = pytest.mark.django_db


def _wrapper(pool: dict | None) -> DatabaseWrapper:
    """A second connection to the test database, pooled with ``pool`` or not pooled at all."""
    options = {k: v for k, v in connection.settings_dict["OPTIONS"].items() if k != "pool"}
    if pool is not None:
        options["pool"] = pool
    return DatabaseWrapper({**connection.settings_dict, "CONN_MAX_AGE": 0, "OPTIONS": options}, alias="pool-test")


def _backend_pids(wrapper: DatabaseWrapper, requests: int) -> list[int]:
    """Open, query and close the connection ``requests`` times, as requests do with CONN_MAX_AGE=0."""
    pids = []
    for _ in range(requests):
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pids.append(cursor.fetchone()[0])
        wrapper.close()
    return pids


@pytest.mark.parametrize("max_size", [1, 2])
def test_with_a_pool_requests_share_at_most_max_size_server_connections(postgres, max_size):
    pooled = _wrapper({"min_size": 1, "max_size": max_size, "timeout": 5})
    try:
        assert len(set(_backend_pids(pooled, 10))) <= max_size
    finally:
        pooled.close_pool()


def test_without_a_pool_every_request_opens_its_own_connection(postgres):
    assert len(set(_backend_pids(_wrapper(None), 3))) == 3
