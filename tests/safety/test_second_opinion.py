"""The semantic model reads stored messages the rules let through, off the send path."""

from __future__ import annotations

import pytest

from backend.safety.models import CrisisAlert, ModerationItem
from chat.models import Message
from tests.matches.test_notifications import Listener, in_memory_layer  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db


def test_crisis_language_the_rules_miss_still_raises_an_alert(send, conversation, mentee, coordinator, as_user):
    # The stand-in rules of these tests flag only marker words; the real model reads meaning.
    from chat.events import COORDINATORS_GROUP

    coordinators = Listener(COORDINATORS_GROUP)
    response = send(mentee, conversation, "honestly living isnt worth it for me anymore")
    assert response.status_code == 201
    assert response.json()["moderation"]["status"] == "delivered"
    message = Message.objects.get()
    assert "crisis" in message.flags
    alert = CrisisAlert.objects.get()
    assert alert.message_id == message.pk
    assert ModerationItem.objects.get().flags == ["crisis", "semantic"]
    assert [e["type"] for e in coordinators.events()] == ["alert.new"]


def test_ordinary_messages_raise_nothing(send, conversation, mentee):
    for text in ("see you at lunch tomorrow", "this traffic is killing me", "my phone is about to die lol"):
        assert send(mentee, conversation, text).status_code == 201
    assert not CrisisAlert.objects.exists()
    assert all("crisis" not in m.flags for m in Message.objects.all())


def test_a_message_the_rules_flagged_is_not_alerted_twice(send, conversation, mentee):
    send(mentee, conversation, "living isnt worth it for me [crisis]")
    assert CrisisAlert.objects.count() == 1


def test_the_second_opinion_can_be_switched_off(send, conversation, mentee, settings):
    settings.CRISIS_SECOND_OPINION = False
    send(mentee, conversation, "honestly living isnt worth it for me anymore")
    assert not CrisisAlert.objects.exists()


def test_one_job_reads_a_whole_stored_batch(conversation, mentee, django_capture_on_commit_callbacks):
    from unittest import mock

    from backend.safety.tasks import crisis_second_opinions
    from chat.services import message_prepare, messages_store

    texts = ["see you on thursday", "honestly living isnt worth it for me anymore", "thanks for the tip"]
    requests = [
        message_prepare(sender=mentee, conversation_id=conversation.pk, client_msg_id=f"b-{i}", body=text)
        for i, text in enumerate(texts)
    ]
    queue = crisis_second_opinions.apply_async
    with (
        mock.patch.object(crisis_second_opinions, "apply_async", side_effect=queue) as queued,
        django_capture_on_commit_callbacks(execute=True),
    ):
        messages_store(requests=requests)
    assert queued.call_count == 1
    assert sorted(queued.call_args.args[0][0]) == sorted(Message.objects.values_list("pk", flat=True))
    assert CrisisAlert.objects.get().message.client_msg_id == "b-1"
