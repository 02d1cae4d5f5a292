"""POST /conversations/{id}/messages/: validation, idempotency, moderation, blocks, limits, faults."""

from __future__ import annotations

import uuid
from unittest import mock

import pytest

from backend.safety.models import AuditEvent, Block
from chat.models import Message
from chat.services import conversation_close

from .conftest import failing_sql, inserting_messages, messages_url
from .pipelines import HOLD_NOTICE, MASK_NOTICE

pytestmark = pytest.mark.django_db


def send(client, conversation, body="Hello there", cmid=None):
    return client.post(
        messages_url(conversation), {"client_msg_id": cmid or str(uuid.uuid4()), "body": body}, format="json"
    )


def test_a_party_sends_a_message_and_gets_it_back_with_seq_one(as_user, mentee, conversation):
    response = send(as_user(mentee), conversation, body="  How was your week?  ", cmid="c-1")
    assert response.status_code == 201
    message = response.json()
    assert message["seq"] == 1
    assert message["conversation"] == conversation.pk
    assert message["sender"] == str(mentee.pk)
    assert message["body"] == "How was your week?"
    assert message["client_msg_id"] == "c-1"
    assert message["moderation"] == {"status": "delivered", "flags": [], "notice": None}
    assert set(message) == {"id", "conversation", "seq", "sender", "body", "created_at", "client_msg_id", "moderation"}


def test_both_parties_share_one_gapless_sequence(as_user, mentee, mentor, conversation):
    seqs = [send(as_user(who), conversation).json()["seq"] for who in (mentee, mentor, mentee, mentor, mentor)]
    assert seqs == [1, 2, 3, 4, 5]
    conversation.refresh_from_db()
    assert conversation.last_seq == 5


def test_a_retry_with_the_same_client_msg_id_returns_the_stored_message_with_200(as_user, mentee, conversation):
    client = as_user(mentee)
    first = send(client, conversation, body="Only once", cmid="retry-me")
    again = send(client, conversation, body="Only once", cmid="retry-me")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert Message.objects.count() == 1


def test_the_same_client_msg_id_from_the_other_party_is_a_different_message(as_user, mentee, mentor, conversation):
    assert send(as_user(mentee), conversation, cmid="same").status_code == 201
    assert send(as_user(mentor), conversation, cmid="same").status_code == 201
    assert Message.objects.count() == 2


def test_reusing_a_client_msg_id_in_another_conversation_is_a_conflict(as_user, mentee, conversation):
    from tests.chat.conftest import open_match
    from tests.factories import make_user

    second = open_match(mentee, make_user("mentor", email="erin@example.org"))
    assert send(as_user(mentee), conversation, cmid="dup").status_code == 201
    response = send(as_user(mentee), second, cmid="dup")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "client_msg_id_reused"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("", "May not be empty."),
        ("   \n\t ", "May not be empty."),
        ("x" * 4001, "May be at most 4000 characters (this one has 4001)."),
    ],
)
def test_an_invalid_body_is_refused_naming_the_field(as_user, mentee, conversation, body, reason):
    response = send(as_user(mentee), conversation, body=body)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["body"] == [reason]
    assert Message.objects.count() == 0


def test_a_body_of_exactly_4000_characters_is_accepted(as_user, mentee, conversation):
    assert send(as_user(mentee), conversation, body="y" * 4000).status_code == 201


def test_a_body_that_is_not_text_is_refused(as_user, mentee, conversation):
    response = as_user(mentee).post(messages_url(conversation), {"client_msg_id": "a", "body": 42}, format="json")
    assert response.status_code == 400
    assert "body" in response.json()["error"]["fields"]


@pytest.mark.parametrize("cmid", ["", "has space", "x" * 65, "emoji-🙂"])
def test_a_malformed_client_msg_id_is_refused(as_user, mentee, conversation, cmid):
    response = send(as_user(mentee), conversation, cmid=cmid or " ")
    assert response.status_code == 400
    assert "client_msg_id" in response.json()["error"]["fields"]


def test_the_outsider_gets_404_for_someone_elses_conversation(as_user, outsider, conversation):
    response = send(as_user(outsider), conversation)
    assert response.status_code == 404
    assert Message.objects.count() == 0


def test_a_coordinator_may_not_write(as_user, coordinator, conversation):
    assert send(as_user(coordinator), conversation).status_code == 403


def test_an_anonymous_client_may_not_write(api, conversation):
    assert send(api, conversation).status_code == 401


def test_an_unknown_conversation_is_404(as_user, mentee, conversation):
    assert send(as_user(mentee), 999_999).status_code == 404


def test_nobody_writes_once_the_match_ended(as_user, mentee, mentor, conversation):
    conversation.match.state = "ended"
    conversation.match.save(update_fields=["state"])
    conversation_close(match=conversation.match)
    for who in (mentee, mentor):
        response = send(as_user(who), conversation)
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "conversation_closed"
    assert Message.objects.count() == 0


@pytest.mark.parametrize("blocker_is_mentee", [True, False])
def test_a_block_either_way_stops_sending_both_ways(as_user, mentee, mentor, conversation, blocker_is_mentee):
    blocker, blocked = (mentee, mentor) if blocker_is_mentee else (mentor, mentee)
    Block.objects.create(blocker=blocker, blocked=blocked)
    for who in (mentee, mentor):
        response = send(as_user(who), conversation)
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "blocked"
    assert Message.objects.count() == 0


def test_a_lifted_block_lets_messages_flow_again(as_user, mentee, mentor, conversation):
    from django.utils import timezone

    Block.objects.create(blocker=mentee, blocked=mentor, lifted_at=timezone.now())
    assert send(as_user(mentor), conversation).status_code == 201


def test_a_suspended_mentor_may_not_send(as_user, mentor, conversation):
    mentor.mentor_profile.vetting_status = "suspended"
    mentor.mentor_profile.save(update_fields=["vetting_status"])
    response = send(as_user(mentor), conversation)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "account_cannot_chat"


def test_flooding_gets_429_with_retry_after(as_user, mentee, conversation, settings):
    settings.CHAT_FLOOD_BURST = 3
    settings.CHAT_FLOOD_PER_SECOND = 0.5
    client = as_user(mentee)
    statuses = [send(client, conversation).status_code for _ in range(4)]
    assert statuses == [201, 201, 201, 429]
    response = send(client, conversation)
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert response.json()["error"]["code"] == "throttled"
    assert response.json()["error"]["retry_after"] == int(response["Retry-After"])
    assert Message.objects.count() == 3


def test_the_flood_limit_is_per_user(as_user, mentee, mentor, conversation, settings):
    settings.CHAT_FLOOD_BURST = 1
    settings.CHAT_FLOOD_PER_SECOND = 0.1
    assert send(as_user(mentee), conversation).status_code == 201
    assert send(as_user(mentee), conversation).status_code == 429
    assert send(as_user(mentor), conversation).status_code == 201


def test_a_masked_message_is_stored_and_shown_masked(as_user, mentee, conversation, settings):
    settings.CHAT_MODERATION_PIPELINE = "tests.chat.pipelines.masking"
    response = send(as_user(mentee), conversation, body="call me on 07700900123")
    assert response.status_code == 201
    message = response.json()
    assert message["body"] == "call me on [removed]"
    assert message["moderation"] == {"status": "masked", "flags": ["contact_details"], "notice": MASK_NOTICE}
    stored = Message.objects.get()
    assert stored.original_body == "call me on 07700900123"


def test_a_held_message_is_stored_but_held(as_user, mentee, conversation, settings):
    settings.CHAT_MODERATION_PIPELINE = "tests.chat.pipelines.holding"
    response = send(as_user(mentee), conversation, body="I can't go on")
    assert response.status_code == 201
    assert response.json()["moderation"] == {"status": "held", "flags": ["abuse"], "notice": HOLD_NOTICE}


def test_a_database_failure_is_503_retryable_and_nothing_is_half_written(as_user, mentee, conversation):
    client = as_user(mentee)
    with failing_sql(inserting_messages):
        response = send(client, conversation, cmid="try-again")
    assert response.status_code == 503
    assert response.json()["error"]["retryable"] is True
    assert response["Retry-After"]
    assert Message.objects.count() == 0
    conversation.refresh_from_db()
    assert conversation.last_seq == 0
    # The retry with the same client_msg_id succeeds, with the seq the failed attempt did not keep.
    retry = send(client, conversation, cmid="try-again")
    assert retry.status_code == 201
    assert retry.json()["seq"] == 1


def test_sending_writes_no_audit_event(as_user, mentee, conversation):
    send(as_user(mentee), conversation)
    assert not AuditEvent.objects.exists()


def test_the_other_party_is_notified_after_commit(as_user, mentee, conversation, django_capture_on_commit_callbacks):
    with mock.patch("chat.notify.publish_now") as publish:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            send(as_user(mentee), conversation, body="after commit")
        publish.assert_not_called()
        for callback in callbacks:
            callback()
    (groups, message), _ = next(c for c in publish.call_args_list if c.args[1]["type"] == "server.event")
    assert groups == [f"conversation.{conversation.pk}"]
    assert message["event"]["type"] == "message.new"
    assert message["event"]["message"]["body"] == "after commit"
    assert "only_user" not in message
