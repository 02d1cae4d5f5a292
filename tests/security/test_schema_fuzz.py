"""Schema fuzzing: every operation, as every role, with generated input.

No request may end in a 5xx, and every response must match the published schema (its
status code documented, its body conforming). The run is bounded (a few examples per
operation and role) and reproducible (derandomized).
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import client_for
from tests.factories import make_user

# A fixed seed makes every run generate the same cases; the coverage phase (exhaustive
# boundary values for every parameter) is left to manual runs, to keep the suite fast.
CONFIG = SchemathesisConfig.from_dict({"seed": 20261122, "phases": {"coverage": {"enabled": False}}})
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application(), config=CONFIG)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
ROLES = ("mentee", "mentor", "coordinator")


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests go straight to the WSGI app: stop it closing the test's open transaction
    at the end of each request (Django's own test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def auth_headers(db) -> dict[str, dict[str, str]]:
    headers = {}
    for role in ROLES:
        client = client_for(make_user(role))
        headers[role] = {"Authorization": client._credentials["HTTP_AUTHORIZATION"]}
    return headers


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@settings(
    max_examples=4,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_no_operation_fails_or_breaks_its_schema(case, role, auth_headers):
    case.call_and_validate(headers=auth_headers[role], checks=CHECKS)
