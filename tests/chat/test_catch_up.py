"""GET /conversations/{id}/messages/?after=SEQ&limit=N: exactly the missed messages, in order."""

from __future__ import annotations

import uuid
from urllib.parse import parse_qs, urlparse

import pytest

from backend.safety.models import AuditEvent
from chat.models import Message
from chat.services import message_prepare, messages_store

from .conftest import messages_url

pytestmark = pytest.mark.django_db


def store(sender, conversation, n: int, *, prefix: str = "m") -> None:
    requests = [
        message_prepare(
            sender=sender, conversation_id=conversation.pk, client_msg_id=str(uuid.uuid4()), body=f"{prefix}{i}"
        )
        for i in range(n)
    ]
    assert all(r.error is None for r in messages_store(requests=requests))


def test_it_returns_the_messages_after_a_seq_in_order(as_user, mentee, mentor, conversation):
    store(mentee, conversation, 3, prefix="a")
    store(mentor, conversation, 2, prefix="b")
    page = as_user(mentee).get(messages_url(conversation, "after=2")).json()
    assert [m["seq"] for m in page["results"]] == [3, 4, 5]
    assert [m["body"] for m in page["results"]] == ["a2", "b0", "b1"]
    assert page["count"] == 3
    assert page["next"] is None
    assert page["previous"] is None


def test_limit_defaults_to_50_and_next_continues_after_the_last_seq(as_user, mentee, conversation):
    store(mentee, conversation, 60)
    client = as_user(mentee)
    first = client.get(messages_url(conversation)).json()
    assert len(first["results"]) == 50
    assert first["count"] == 60
    assert first["next"].startswith("http://testserver/api/v1/conversations/")
    assert parse_qs(urlparse(first["next"]).query) == {"after": ["50"], "limit": ["50"]}
    second = client.get(first["next"]).json()
    assert [m["seq"] for m in second["results"]] == list(range(51, 61))
    assert second["next"] is None


def test_paging_with_a_small_limit_visits_every_message_once(as_user, mentor, conversation):
    store(mentor, conversation, 7)
    client = as_user(mentor)
    url, seen = messages_url(conversation, "limit=3"), []
    while url:
        page = client.get(url).json()
        seen += [m["seq"] for m in page["results"]]
        url = page["next"]
    assert seen == list(range(1, 8))


@pytest.mark.parametrize("query", ["limit=0", "limit=201", "limit=ten", "after=-1", "after=x"])
def test_bad_paging_parameters_are_400_naming_the_parameter(as_user, mentee, conversation, query):
    response = as_user(mentee).get(messages_url(conversation, query))
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {query.split("=")[0]}


def test_limit_may_be_200(as_user, mentee, conversation):
    store(mentee, conversation, 201)
    page = as_user(mentee).get(messages_url(conversation, "limit=200")).json()
    assert len(page["results"]) == 200
    assert page["count"] == 201


def test_after_the_last_seq_there_is_nothing(as_user, mentee, conversation):
    store(mentee, conversation, 2)
    page = as_user(mentee).get(messages_url(conversation, "after=2")).json()
    assert page == {"count": 0, "next": None, "previous": None, "results": []}


def test_a_held_message_is_visible_to_its_sender_and_coordinators_not_the_recipient(
    as_user, mentee, mentor, coordinator, conversation, settings
):
    store(mentee, conversation, 1, prefix="fine")
    settings.CHAT_MODERATION_PIPELINE = "tests.chat.pipelines.holding"
    store(mentee, conversation, 1, prefix="held")
    settings.CHAT_MODERATION_PIPELINE = "chat.moderation_hook.pass_through_pipeline"
    store(mentor, conversation, 1, prefix="reply")

    def seqs(user):
        return [m["seq"] for m in as_user(user).get(messages_url(conversation)).json()["results"]]

    assert seqs(mentee) == [1, 2, 3]
    assert seqs(coordinator) == [1, 2, 3]
    assert seqs(mentor) == [1, 3]


def test_the_outsider_gets_404_and_nothing_else(as_user, outsider, mentee, conversation):
    store(mentee, conversation, 1)
    response = as_user(outsider).get(messages_url(conversation))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_party_of_another_conversation_gets_404(as_user, mentee, other_conversation):
    assert as_user(mentee).get(messages_url(other_conversation)).status_code == 404


def test_an_anonymous_client_gets_401(api, conversation):
    assert api.get(messages_url(conversation)).status_code == 401


def test_a_coordinators_read_is_audited_without_the_text(as_user, coordinator, mentee, conversation):
    store(mentee, conversation, 3, prefix="private words ")
    response = as_user(coordinator).get(messages_url(conversation, "after=1&limit=1"), HTTP_X_REQUEST_ID="req-12345678")
    assert response.status_code == 200
    event = AuditEvent.objects.get()
    assert event.actor == coordinator
    assert event.actor_role == "coordinator"
    assert (event.target_type, event.target_id) == ("conversation", str(conversation.pk))
    assert event.action == "conversation.messages.read"
    assert event.data["seqs"] == [2, 2]
    assert "private" not in str(event.data)
    assert "private" not in event.reason


def test_a_partys_own_read_is_not_audited(as_user, mentee, conversation):
    store(mentee, conversation, 1)
    as_user(mentee).get(messages_url(conversation))
    assert not AuditEvent.objects.exists()


def test_a_closed_conversation_stays_readable_by_its_parties(as_user, mentee, conversation):
    from chat.services import conversation_close

    store(mentee, conversation, 2)
    conversation_close(match=conversation.match)
    assert len(as_user(mentee).get(messages_url(conversation)).json()["results"]) == 2


def test_erasing_an_account_replaces_the_text_it_wrote_and_keeps_the_seqs(mentee, mentor, conversation):
    from backend.core.privacy import user_erase
    from chat.services import REMOVED_BODY

    store(mentee, conversation, 2, prefix="mine")
    store(mentor, conversation, 1, prefix="theirs")
    user_erase(user=mentee)
    assert list(Message.objects.order_by("seq").values_list("seq", "body")) == [
        (1, REMOVED_BODY),
        (2, REMOVED_BODY),
        (3, "theirs0"),
    ]
