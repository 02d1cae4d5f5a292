"""GET /conversations/ and POST /conversations/{id}/read/."""

from __future__ import annotations

import uuid

import pytest

from chat.models import Conversation
from chat.services import conversation_close, message_prepare, messages_store

from .conftest import open_match

pytestmark = pytest.mark.django_db

LIST = "/api/v1/conversations/"


def read_url(conversation: Conversation) -> str:
    return f"/api/v1/conversations/{conversation.pk}/read/"


def store(sender, conversation, body: str) -> None:
    request = message_prepare(
        sender=sender, conversation_id=conversation.pk, client_msg_id=str(uuid.uuid4()), body=body
    )
    (result,) = messages_store(requests=[request])
    assert result.error is None


def test_it_lists_my_conversations_with_the_last_message_and_unread_count(as_user, mentee, mentor, conversation):
    store(mentee, conversation, "hi")
    store(mentor, conversation, "hello")
    store(mentor, conversation, "how are you?")
    (item,) = as_user(mentee).get(LIST).json()["results"]
    assert item["id"] == conversation.pk
    assert item["match"] == conversation.match_id
    assert item["peer"] == {"id": str(mentor.pk), "display_name": "Bob", "role": "mentor"}
    assert item["is_open"] is True
    assert item["last_seq"] == 3
    assert item["read_seq"] == 0
    assert item["unread_count"] == 2  # my own message is never unread
    assert item["last_message"]["body"] == "how are you?"
    assert item["last_message"]["seq"] == 3


def test_an_empty_conversation_has_no_last_message(as_user, mentor, conversation):
    (item,) = as_user(mentor).get(LIST).json()["results"]
    assert item["last_message"] is None
    assert item["unread_count"] == 0


def test_reading_up_to_a_seq_lowers_the_unread_count(as_user, mentee, mentor, conversation):
    for body in ("one", "two", "three"):
        store(mentor, conversation, body)
    client = as_user(mentee)
    response = client.post(read_url(conversation), {"seq": 2}, format="json")
    assert response.status_code == 200
    assert response.json() == {"conversation": conversation.pk, "seq": 2}
    (item,) = client.get(LIST).json()["results"]
    assert (item["read_seq"], item["unread_count"]) == (2, 1)


def test_the_read_position_never_moves_backwards_or_past_the_end(as_user, mentee, mentor, conversation):
    for body in ("one", "two"):
        store(mentor, conversation, body)
    client = as_user(mentee)
    assert client.post(read_url(conversation), {"seq": 99}, format="json").json()["seq"] == 2
    assert client.post(read_url(conversation), {"seq": 1}, format="json").json()["seq"] == 2


def test_reading_tells_the_other_party(as_user, mentee, mentor, conversation, django_capture_on_commit_callbacks):
    from unittest import mock

    store(mentor, conversation, "one")
    with mock.patch("chat.notify.publish_now") as publish, django_capture_on_commit_callbacks(execute=True):
        as_user(mentee).post(read_url(conversation), {"seq": 1}, format="json")
    (groups, message), _ = publish.call_args
    assert groups == [f"conversation.{conversation.pk}"]
    assert message["event"] == {"type": "read", "conversation": conversation.pk, "user": str(mentee.pk), "seq": 1}


def test_a_held_message_from_the_other_party_is_neither_listed_nor_unread(
    as_user, mentee, mentor, conversation, settings
):
    store(mentor, conversation, "visible")
    settings.CHAT_MODERATION_PIPELINE = "tests.chat.pipelines.holding"
    store(mentor, conversation, "held back")
    (item,) = as_user(mentee).get(LIST).json()["results"]
    assert item["last_message"]["body"] == "visible"
    assert item["unread_count"] == 1
    (mine,) = as_user(mentor).get(LIST).json()["results"]
    assert mine["last_message"]["body"] == "held back"


def test_nobody_sees_conversations_they_are_not_in(as_user, outsider, mentee, conversation, other_conversation):
    assert [c["id"] for c in as_user(mentee).get(LIST).json()["results"]] == [conversation.pk]
    assert [c["id"] for c in as_user(outsider).get(LIST).json()["results"]] == [other_conversation.pk]


def test_open_conversations_come_before_closed_ones(as_user, mentee, conversation):
    from tests.factories import make_user

    later = open_match(mentee, make_user("mentor", email="fay@example.org"))
    conversation_close(match=later.match)
    listed = as_user(mentee).get(LIST).json()["results"]
    assert [(c["id"], c["is_open"]) for c in listed] == [(conversation.pk, True), (later.pk, False)]


def test_coordinators_and_anonymous_clients_have_no_conversation_list(as_user, coordinator, api):
    assert as_user(coordinator).get(LIST).status_code == 403
    assert api.get(LIST).status_code == 401


@pytest.mark.parametrize("body", [{}, {"seq": -1}, {"seq": "two"}])
def test_a_bad_read_body_is_400(as_user, mentee, conversation, body):
    response = as_user(mentee).post(read_url(conversation), body, format="json")
    assert response.status_code == 400
    assert "seq" in response.json()["error"]["fields"]


def test_marking_someone_elses_conversation_read_is_404(as_user, outsider, conversation):
    assert as_user(outsider).post(read_url(conversation), {"seq": 1}, format="json").status_code == 404


def test_a_coordinator_has_no_read_position(as_user, coordinator, conversation):
    assert as_user(coordinator).post(read_url(conversation), {"seq": 1}, format="json").status_code == 403
