"""Authorization on every frame: revocations, ended matches, and what the user's groups forward."""

from __future__ import annotations

import asyncio

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.utils import timezone

from chat import events
from chat.models import Message
from chat.notify import send_on_commit

from .conftest import connected, open_match, transactional_db

pytestmark = [transactional_db, pytest.mark.asyncio]


# --- Everything the user's groups receive is forwarded -----------------------------------------


async def test_match_updates_sent_to_the_user_reach_their_sockets(mentee, mentor, conversation):
    async with connected(mentee) as alice, connected(mentor) as bob:
        match = {"id": conversation.match_id, "state": "active"}
        await database_sync_to_async(send_on_commit)([events.user_group(mentee.pk)], events.match_updated(match))
        assert await alice.receive() == {"type": "match.updated", "match": match}
        assert await bob.nothing()


async def test_coordinators_get_alerts_and_nobody_else_does(coordinator, mentee):
    async with connected(coordinator) as carol, connected(mentee) as alice:
        alert = {"id": 1, "kind": "crisis"}
        await database_sync_to_async(send_on_commit)([events.COORDINATORS_GROUP], events.alert_new(alert))
        assert await carol.receive() == {"type": "alert.new", "alert": alert}
        assert await alice.nothing()


async def test_a_conversation_that_opens_while_connected_is_delivered_at_once(mentee, mentor):
    async with connected(mentee) as alice, connected(mentor) as bob:
        assert alice.ready["conversations"] == []
        conversation = await database_sync_to_async(open_match)(mentee, mentor)
        await asyncio.sleep(0.3)  # the sockets join the new conversation's group as the push arrives
        await bob.send_message(conversation.pk, "welcome", "w-1")
        assert (await bob.receive())["type"] == "message.ack"
        assert (await alice.receive())["message"]["body"] == "welcome"


# --- Authorization on every frame --------------------------------------------------------------


async def end_match(conversation) -> None:
    from django.db import transaction

    from chat.services import conversation_close

    def end() -> None:
        with transaction.atomic():
            conversation.match.state = "ended"
            conversation.match.save(update_fields=["state"])
            conversation_close(match=conversation.match)

    await database_sync_to_async(end)()


async def test_when_the_match_ends_nothing_more_flows_in_its_conversation(mentee, mentor, conversation):
    async with connected(mentee) as alice, connected(mentor) as bob:
        await end_match(conversation)
        await asyncio.sleep(0.05)
        await bob.send_message(conversation.pk, "still there?", "x-1")
        assert (await bob.receive())["code"] == "conversation_closed"
        await bob.send({"type": "typing", "conversation": conversation.pk})
        assert (await bob.receive())["code"] == "conversation_closed"
        # Even an event already on its way for that conversation is no longer forwarded.
        layer = get_channel_layer()
        stale = events.envelope(events.typing_event(conversation.pk, mentor.pk), conversation=conversation.pk)
        await layer.group_send(events.conversation_group(conversation.pk), stale)
        assert await alice.nothing()


async def test_deactivation_closes_the_accounts_open_sockets(mentee, conversation):
    from backend.accounts.services import user_deactivate

    async with connected(mentee) as phone, connected(mentee) as laptop:
        await database_sync_to_async(user_deactivate)(user=mentee)
        assert await phone.closed_with() == 4403
        assert await laptop.closed_with() == 4403


async def test_logging_out_closes_the_accounts_sockets_with_4401(mentee):
    from rest_framework_simplejwt.tokens import RefreshToken

    from backend.accounts.services import user_logout

    refresh = await database_sync_to_async(RefreshToken.for_user)(mentee)
    async with connected(mentee) as ws:
        await database_sync_to_async(user_logout)(user=mentee, refresh=str(refresh))
        assert await ws.closed_with() == 4401


async def test_erasing_the_account_closes_its_sockets(mentee, conversation):
    from backend.core.privacy import user_erase

    async with connected(mentee) as ws:
        await database_sync_to_async(user_erase)(user=mentee)
        assert await ws.closed_with() == 4403


async def test_suspending_a_mentor_closes_their_sockets(mentor, coordinator, conversation):
    from backend.profiles.services import mentor_vetting_decide

    async with connected(mentor) as ws:
        await database_sync_to_async(mentor_vetting_decide)(
            mentor_id=mentor.pk, coordinator=coordinator, status="suspended", note="conduct review"
        )
        assert await ws.closed_with() == 4403


async def test_a_lost_revocation_push_is_caught_by_the_periodic_recheck(mentee, settings):
    from backend.accounts.models import User

    settings.CHAT_REVALIDATE_SECONDS = 0.1
    async with connected(mentee) as ws:
        # Deactivated behind the service's back: no push reaches the socket.
        await database_sync_to_async(User.objects.filter(pk=mentee.pk).update)(is_active=False)
        assert await ws.closed_with(timeout=3) == 4403


async def test_a_lost_conversation_close_is_caught_by_the_periodic_recheck(mentee, mentor, conversation, settings):
    from chat.models import Conversation

    settings.CHAT_REVALIDATE_SECONDS = 0.1
    async with connected(mentee) as alice, connected(mentor) as bob:
        await database_sync_to_async(Conversation.objects.update)(closed_at=timezone.now())
        await asyncio.sleep(0.5)
        layer = get_channel_layer()
        stale = events.envelope(events.typing_event(conversation.pk, mentor.pk), conversation=conversation.pk)
        await layer.group_send(events.conversation_group(conversation.pk), stale)
        assert await alice.nothing()
        assert await bob.nothing()


@pytest.mark.parametrize("async_writer", [True, False])
async def test_both_ways_of_storing_socket_sends_behave_the_same(mentee, mentor, conversation, settings, async_writer):
    settings.CHAT_ASYNC_WRITER = async_writer
    async with connected(mentee) as alice, connected(mentor) as bob:
        await alice.send_message(conversation.pk, "one", "s-1")
        await alice.send_message(conversation.pk, "one again", "s-1")  # a retry
        await bob.send_message(conversation.pk, "two", "s-2")
        acks = [await alice.receive_type("message.ack"), await alice.receive_type("message.ack")]
        assert acks[0] == acks[1]
        assert (await bob.receive_type("message.ack"))["message"]["seq"] == 2
        await end_match(conversation)
        await asyncio.sleep(0.05)
        await alice.send_message(conversation.pk, "closed?", "s-3")
        assert (await alice.receive_type("error"))["code"] == "conversation_closed"
    assert await database_sync_to_async(Message.objects.count)() == 2


async def test_after_the_layer_reconnects_every_socket_is_resynced_in_one_batch(mentee, mentor, conversation):
    """``chat.resync`` (sent by the Redis layer after an outage) re-sends ``ready`` with the
    current positions; the sockets of a worker are re-checked together, not one by one."""
    from unittest import mock

    from chat import consumers

    async with connected(mentee) as phone, connected(mentee) as laptop, connected(mentor) as bob:
        await phone.send_message(conversation.pk, "hello", "r-1")
        await phone.receive_type("message.ack")
        await laptop.receive_type("message.new")
        await bob.receive_type("message.new")
        # Behind the sockets' back (as if its event was lost while Redis was away).
        await database_sync_to_async(Message.objects.create)(
            conversation=conversation, seq=2, sender=mentor, client_msg_id="lost", body="missed"
        )
        await database_sync_to_async(type(conversation).objects.filter(pk=conversation.pk).update)(last_seq=2)

        layer = get_channel_layer()
        with mock.patch.object(consumers, "_sweep_query", wraps=consumers._sweep_query) as loads:
            for user in (mentee, mentor):
                await layer.group_send(events.user_group(user.pk), {"type": "chat.resync"})
            readies = [await ws.receive_type("ready") for ws in (phone, laptop, bob)]
        assert loads.call_count == 1
        for ready in readies:
            assert ready["conversations"] == [{"id": conversation.pk, "last_seq": 2, "read_seq": 0}]
