"""List endpoints run a fixed number of queries, however long the list (no N+1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backend.matches.models import Match, MatchState
from backend.safety.services import audit_record
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def queries(api, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(path)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def grow_matches(mentor, n: int) -> None:
    for _ in range(n):
        Match.objects.create(
            mentee=make_user("mentee"), mentor=mentor, state=MatchState.ACTIVE, awaiting_since=timezone.now()
        )


@pytest.mark.parametrize("persona", ["mentor", "coordinator"])
def test_the_match_list_does_not_grow_with_its_length(request, as_user, mentor, persona):
    api = as_user(request.getfixturevalue(persona))
    grow_matches(mentor, 2)
    few = queries(api, "/api/v1/matches/")
    grow_matches(mentor, 10)
    assert queries(api, "/api/v1/matches/") == few


def test_the_mentor_list_does_not_grow_with_its_length(as_user, coordinator):
    api = as_user(coordinator)
    for _ in range(2):
        make_user("mentor")
    few = queries(api, "/api/v1/mentors/")
    for _ in range(10):
        make_user("mentor")
    assert queries(api, "/api/v1/mentors/") == few


def test_the_audit_log_does_not_grow_with_its_length(as_user, coordinator):
    api = as_user(coordinator)
    for i in range(2):
        audit_record(actor=coordinator, action="x", target_type="t", target_id=i)
    few = queries(api, "/api/v1/audit/")
    for i in range(10):
        audit_record(actor=coordinator, action="x", target_type="t", target_id=i)
    assert queries(api, "/api/v1/audit/") == few


def test_suggestions_do_not_grow_with_the_number_of_mentors(as_user, mentee):
    api = as_user(mentee)
    for _ in range(2):
        make_user("mentor")
    api.get("/api/v1/suggestions/")  # builds this worker's index
    few = queries(api, "/api/v1/suggestions/")
    for _ in range(10):
        make_user("mentor")
    from backend.matches.matcher import index_cache

    index_cache.reset()
    api.get("/api/v1/suggestions/")
    assert queries(api, "/api/v1/suggestions/") == few


def test_the_run_list_does_not_grow_with_its_length(as_user, coordinator):
    from backend.matches.models import MatchingRun

    api = as_user(coordinator)
    for _ in range(2):
        MatchingRun.objects.create(created_by=coordinator, status="succeeded")
    few = queries(api, "/api/v1/matching/runs/")
    for _ in range(10):
        MatchingRun.objects.create(created_by=coordinator, status="succeeded")
    assert queries(api, "/api/v1/matching/runs/") == few


def test_the_moderation_queue_does_not_grow_with_its_length(as_user, coordinator, mentee, mentor):
    from backend.safety.models import ModerationItem, Report

    def add(n: int) -> None:
        for _ in range(n):
            report = Report.objects.create(reporter=mentee, reported_user=mentor, reason="spam", evidence={})
            ModerationItem.objects.create(report=report, subject=mentor, category="other", category_rank=2)

    api = as_user(coordinator)
    add(2)
    few = queries(api, "/api/v1/moderation/queue/")
    add(10)
    assert queries(api, "/api/v1/moderation/queue/") == few


# --- Chat: lists and the send path ----------------------------------------------------------------


def chat_between(mentee, mentor):
    from chat.services import conversation_open

    match = Match.objects.create(
        mentee=mentee,
        mentor=mentor,
        state=MatchState.ACTIVE,
        awaiting_since=timezone.now(),
        activated_at=timezone.now(),
    )
    return conversation_open(match=match)


def post_queries(api, path: str, body: dict) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = api.post(path, body, format="json")
    assert response.status_code == 201, response.content
    return len(ctx.captured_queries)


def test_the_conversation_list_does_not_grow_with_its_length(as_user, mentor):
    api = as_user(mentor)
    for _ in range(2):
        chat_between(make_user("mentee"), mentor)
    few = queries(api, "/api/v1/conversations/")
    for _ in range(10):
        chat_between(make_user("mentee"), mentor)
    assert queries(api, "/api/v1/conversations/") == few


@pytest.mark.parametrize("persona", ["mentee", "coordinator"])
def test_message_history_does_not_grow_with_the_page(request, as_user, mentee, mentor, persona):
    conversation = chat_between(mentee, mentor)
    sender = as_user(mentor)
    path = f"/api/v1/conversations/{conversation.pk}/messages/"
    for i in range(2):
        sender.post(path, {"client_msg_id": f"a-{i}", "body": "hi"}, format="json")
    reader = as_user(request.getfixturevalue(persona))
    few = queries(reader, path)
    for i in range(20):
        sender.post(path, {"client_msg_id": f"b-{i}", "body": "hi"}, format="json")
    assert queries(reader, path) == few


def test_a_rest_send_does_not_grow_with_the_history(as_user, mentee, mentor):
    conversation = chat_between(mentee, mentor)
    api = as_user(mentee)
    path = f"/api/v1/conversations/{conversation.pk}/messages/"
    first = post_queries(api, path, {"client_msg_id": "s-0", "body": "hello"})
    for i in range(1, 15):
        api.post(path, {"client_msg_id": f"s-{i}", "body": "hello"}, format="json")
    assert post_queries(api, path, {"client_msg_id": "s-last", "body": "hello"}) == first


def test_a_batch_of_sends_costs_the_same_queries_however_large(mentee, mentor):
    from chat.services import message_prepare, messages_store

    conversations = [chat_between(mentee, mentor)] + [chat_between(make_user("mentee"), mentor) for _ in range(3)]

    def batch_queries(n: int, tag: str) -> int:
        requests = [
            message_prepare(
                sender=mentor,
                conversation_id=conversations[i % len(conversations)].pk,
                client_msg_id=f"{tag}-{i}",
                body="hello",
            )
            for i in range(n)
        ]
        with CaptureQueriesContext(connection) as ctx:
            results = messages_store(requests=requests)
        assert all(r.created for r in results)
        return len(ctx.captured_queries)

    assert batch_queries(40, "big") == batch_queries(4, "small")
