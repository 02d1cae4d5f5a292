"""Durability under faults: a failing channel layer loses no message; a failing write loses nothing half-way."""

from __future__ import annotations

import contextlib
from unittest import mock

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.db import DataError

from chat.models import Conversation, Message

from .conftest import connected, database_unreachable, messages_url, transactional_db, write_fails_midway

pytestmark = [transactional_db, pytest.mark.asyncio]


@contextlib.contextmanager
def layer_down():
    """Every group_send fails, as when Redis is unreachable (sockets already open stay open)."""
    down = ConnectionError("layer down")
    with (
        mock.patch.object(get_channel_layer(), "group_send", side_effect=down),
        mock.patch("chat.publisher.group_send", side_effect=down),
    ):
        yield


async def test_with_the_layer_down_a_send_is_stored_and_acked_and_the_other_side_catches_up(
    mentee, mentor, conversation, as_user
):
    async with connected(mentee) as alice, connected(mentor) as bob:
        with layer_down():
            await alice.send_message(conversation.pk, "are you there?", "l-1")
            ack = await alice.receive()
            assert ack["type"] == "message.ack"
            assert ack["message"]["seq"] == 1
            assert await bob.nothing()
        # Bob reconnects (or simply asks): everything after the last seq he saw.
        page = await database_sync_to_async(lambda: as_user(mentor).get(messages_url(conversation, "after=0")).json())()
        assert [m["client_msg_id"] for m in page["results"]] == ["l-1"]
        assert page["results"][0] == ack["message"]


async def test_with_the_layer_down_a_rest_send_still_succeeds(mentee, conversation, as_user):
    with layer_down():
        response = await database_sync_to_async(
            lambda: as_user(mentee).post(
                messages_url(conversation), {"client_msg_id": "r-1", "body": "via REST"}, format="json"
            )
        )()
    assert response.status_code == 201
    assert await database_sync_to_async(Message.objects.count)() == 1


@pytest.mark.parametrize("fault", ["write fails midway", "database unreachable"])
async def test_a_failing_write_is_a_retryable_error_and_nothing_is_half_written(mentee, mentor, conversation, fault):
    async with connected(mentee) as alice, connected(mentor) as bob:
        async with contextlib.AsyncExitStack() as stack:
            if fault == "write fails midway":
                stack.enter_context(write_fails_midway())
            else:
                await stack.enter_async_context(database_unreachable())
            await alice.send_message(conversation.pk, "hello", "w-1")
            error = await alice.receive()
        assert error == {
            "type": "error",
            "code": "database_unavailable",
            "message": error["message"],
            "client_msg_id": "w-1",
            "retryable": True,
        }
        assert await bob.nothing()
        assert await database_sync_to_async(Message.objects.count)() == 0
        assert (await database_sync_to_async(Conversation.objects.get)(pk=conversation.pk)).last_seq == 0
        # The client retries with the same client_msg_id once the database is back.
        await alice.send_message(conversation.pk, "hello", "w-1")
        ack = await alice.receive()
        assert (ack["type"], ack["message"]["seq"]) == ("message.ack", 1)
        assert (await bob.receive())["message"]["client_msg_id"] == "w-1"


async def test_one_bad_message_does_not_fail_the_others_in_its_batch(mentee, conversation):
    import asyncio

    from chat import batcher
    from chat.services import message_prepare

    real = batcher._run

    async def fussy(requests, lane=0):
        if len(requests) > 1 or requests[0].body == "poison":
            raise DataError("value out of range")
        return await real(requests, lane)

    requests = [
        message_prepare(sender=mentee, conversation_id=conversation.pk, client_msg_id=f"b-{i}", body=body)
        for i, body in enumerate(["fine", "poison", "also fine"])
    ]
    with mock.patch("chat.batcher._run", side_effect=fussy):
        b = batcher.SendBatcher(max_batch=10)
        results = await asyncio.gather(*(b.submit(r) for r in requests))
    assert [r.error is None for r in results] == [True, False, True]
    assert results[1].error.extra["retryable"] is True
    assert [r.message["seq"] for r in (results[0], results[2])] == [1, 2]


async def test_concurrent_socket_sends_are_committed_together(mentee, mentor, conversation):
    import asyncio

    from chat import batcher
    from chat.services import message_prepare

    requests = [
        message_prepare(sender=who, conversation_id=conversation.pk, client_msg_id=f"g-{i}", body=f"n{i}")
        for i, who in enumerate([mentee, mentor] * 10)
    ]
    b = batcher.SendBatcher(max_batch=8)
    results = await asyncio.gather(*(b.submit(r) for r in requests))
    assert [r.message["seq"] for r in results] == list(range(1, 21))
    assert b.batches < 20  # sends that arrived while a batch committed went into the next one


async def test_with_several_lanes_each_conversation_keeps_its_order(mentee, mentor, outsider, conversation):
    import asyncio

    from chat import batcher
    from chat.services import message_prepare

    from .conftest import open_match

    second = await database_sync_to_async(open_match)(outsider, mentor)
    requests = [
        message_prepare(sender=who, conversation_id=conv.pk, client_msg_id=f"o-{i}", body=f"{i}")
        for i, (who, conv) in enumerate([(mentee, conversation), (outsider, second)] * 15)
    ]
    b = batcher.SendBatcher(max_batch=4, writers=3)
    results = await asyncio.gather(*(b.submit(r) for r in requests))
    for conv in (conversation, second):
        mine = [r for r in results if r.message["conversation"] == conv.pk]
        assert [r.message["seq"] for r in mine] == list(range(1, 16))
        assert [int(r.message["body"]) for r in mine] == sorted(int(r.message["body"]) for r in mine)
    await b.aclose()
