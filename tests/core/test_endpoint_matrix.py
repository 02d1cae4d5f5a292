"""Every endpoint the router exposes, tried by every persona.

A new endpoint that is not classified in ``EXPECTED`` fails this test: whoever adds a route
must decide who may use it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from backend.accounts.models import User

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "mentee", "mentor", "coordinator", "outsider")

A, ME, MR, CO, OU = PERSONAS


def same(status: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, status)


def roles(anonymous: int, mentee: int, mentor: int, coordinator: int, outsider: int | None = None) -> dict[str, int]:
    return {A: anonymous, ME: mentee, MR: mentor, CO: coordinator, OU: mentee if outsider is None else outsider}


# (route name, method) -> expected status per persona, for a request with an empty JSON body.
# Object routes are called with the persona mentor's id (see ``kwargs_for``).
EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    ("healthz", "GET"): same(200),
    ("readyz", "GET"): same(200),
    ("schema", "GET"): same(200),
    ("swagger-ui", "GET"): same(200),
    ("redoc", "GET"): same(200),
    ("auth-register", "POST"): same(400),
    ("auth-token", "POST"): same(400),
    ("auth-token-refresh", "POST"): same(400),
    ("auth-logout", "POST"): roles(401, 400, 400, 400),
    ("auth-ws-ticket", "POST"): roles(401, 201, 201, 201),
    ("me", "GET"): roles(401, 200, 200, 200),
    ("me", "PATCH"): roles(401, 200, 200, 200),
    ("me", "DELETE"): roles(401, 204, 204, 204),
    ("me-export", "GET"): roles(401, 200, 200, 200),
    ("me-profile", "GET"): roles(401, 200, 200, 403),
    ("me-profile", "PUT"): roles(401, 400, 400, 403),
    ("me-profile", "PATCH"): roles(401, 200, 200, 403),
    ("taxonomy", "GET"): same(200),
    ("mentor-list", "GET"): roles(401, 403, 403, 200),
    ("mentor-detail", "GET"): roles(401, 200, 200, 200),
    ("mentor-vetting", "POST"): roles(401, 403, 403, 400),
    # safety
    ("block-list", "GET"): roles(401, 200, 200, 403),
    ("block-list", "POST"): roles(401, 400, 400, 403),
    ("block-delete", "DELETE"): roles(401, 404, 404, 403),
    # matches (object routes use a match the persona mentee requested from the persona mentor,
    # not yet approved, so the mentor cannot see it yet)
    ("suggestions", "GET"): roles(401, 200, 403, 403),
    ("match-list", "GET"): roles(401, 200, 200, 200),
    ("match-list", "POST"): roles(401, 400, 403, 403),
    ("match-detail", "GET"): roles(401, 200, 404, 200, outsider=404),
    ("match-history", "GET"): roles(401, 200, 404, 200, outsider=404),
    ("match-approve", "POST"): roles(401, 403, 404, 200, outsider=404),
    ("match-accept", "POST"): roles(401, 403, 404, 403, outsider=404),
    ("match-reject", "POST"): roles(401, 400, 400, 400),
    ("match-decline", "POST"): roles(401, 400, 400, 400),
    ("match-end", "POST"): roles(401, 400, 400, 400),
    ("run-list", "GET"): roles(401, 403, 403, 200),
    ("run-list", "POST"): roles(401, 403, 403, 202),
    ("run-detail", "GET"): roles(401, 403, 403, 200),
    ("run-approve", "POST"): roles(401, 403, 403, 200),
    ("run-reject", "POST"): roles(401, 403, 403, 400),
    ("stats", "GET"): roles(401, 403, 403, 200),
    # safety (object routes use one moderation item and one crisis alert)
    ("crisis-resources", "GET"): same(200),
    ("audit-list", "GET"): roles(401, 403, 403, 200),
    ("report-create", "POST"): roles(401, 400, 400, 403),
    ("moderation-queue", "GET"): roles(401, 403, 403, 200),
    ("moderation-resolve", "POST"): roles(401, 403, 403, 400),
    ("alert-list", "GET"): roles(401, 403, 403, 200),
    ("alert-acknowledge", "POST"): roles(401, 403, 403, 200),
    # chat (object routes use a conversation between the persona mentee and mentor)
    ("conversation-list", "GET"): roles(401, 200, 200, 403),
    ("conversation-messages", "GET"): roles(401, 200, 200, 200, outsider=404),
    ("conversation-messages", "POST"): roles(401, 400, 400, 403, outsider=404),
    ("conversation-read", "POST"): roles(401, 400, 400, 403, outsider=404),
}

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def walk(patterns, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def routes() -> dict[tuple[str, str], str]:
    """(name, method) -> route for every method each view implements."""
    found = {}
    for route, pattern in walk(get_resolver().url_patterns):
        view = pattern.callback
        view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
        for method in METHODS:
            if view_class is None:
                if method == "GET":
                    found[(pattern.name, method)] = route
            elif hasattr(view_class, method.lower()):
                found[(pattern.name, method)] = route
    return found


def test_every_route_is_classified():
    exposed = set(routes())
    assert exposed - set(EXPECTED) == set(), "classify the new endpoints in EXPECTED"
    assert set(EXPECTED) - exposed == set(), "EXPECTED lists endpoints that no longer exist"


@pytest.fixture
def people(mentee, mentor, coordinator, outsider) -> dict[str, User | None]:
    return {A: None, ME: mentee, MR: mentor, CO: coordinator, OU: outsider}


@pytest.fixture
def objects(people) -> dict[str, str]:
    from backend.matches.models import Match, MatchingRun, RunStatus
    from backend.safety.models import CrisisAlert, ModerationItem, Report

    match = Match.objects.create(mentee=people[ME], mentor=people[MR], state="requested")
    run = MatchingRun.objects.create(created_by=people[CO], status=RunStatus.SUCCEEDED)
    report = Report.objects.create(reporter=people[ME], reported_user=people[MR], reason="spam", evidence={})
    item = ModerationItem.objects.create(report=report, subject=people[MR], category="other", category_rank=2)
    alert = CrisisAlert.objects.create(match=match, sender=people[ME], sender_role="mentee")
    return {"match_id": str(match.pk), "run_id": str(run.pk), "item_id": str(item.pk), "alert_id": str(alert.pk)}


def kwargs_for(route: str, people, objects) -> dict[str, str]:
    values = {"mentor_id": str(people[MR].pk), "user_id": str(people[MR].pk), **objects}
    if "conversation_id>" in route:
        # chat: the conversation of that match (who may read it does not depend on its state)
        from chat.models import Conversation

        values["conversation_id"] = str(Conversation.objects.get_or_create(match_id=objects["match_id"])[0].pk)
    return {
        name: value for name, value in values.items() if any(f"{t}{name}>" in route for t in ("<", "<uuid:", "<int:"))
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_the_expected_status_everywhere(persona, people, objects, as_user):
    from django.urls import reverse

    found = routes()
    failures = []
    # Erasing the account (DELETE /me/) goes last: it ends the persona.
    for (name, method), route in sorted(found.items(), key=lambda item: item[0] == ("me", "DELETE")):
        client = as_user(people[persona])
        url = reverse(name, kwargs=kwargs_for(route, people, objects))
        response = client.generic(method, url, data="{}" if method != "GET" else "", content_type="application/json")
        expected = EXPECTED[(name, method)][persona]
        if response.status_code != expected:
            failures.append(f"{method} {url} as {persona}: {response.status_code}, expected {expected}")
    assert failures == []
