"""Sending, typing and reading over the socket, and what each persona may do."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from backend.safety.models import Block
from chat.models import Message

from .conftest import connected, transactional_db
from .pipelines import HOLD_NOTICE, MASK_NOTICE

pytestmark = [transactional_db, pytest.mark.asyncio]


# --- Sending -----------------------------------------------------------------------------------


async def test_a_send_is_acked_to_the_sender_and_delivered_to_the_other_party(mentee, mentor, conversation):
    async with connected(mentee) as alice, connected(mentor) as bob:
        await alice.send_message(conversation.pk, "  hello Bob  ", "c-1")
        ack = await alice.receive()
        assert ack["type"] == "message.ack"
        assert ack["client_msg_id"] == "c-1"
        message = ack["message"]
        assert (message["seq"], message["body"], message["sender"]) == (1, "hello Bob", str(mentee.pk))
        assert await bob.receive() == {"type": "message.new", "message": message}
        assert await alice.nothing()  # the sending socket gets the ack, not a message.new
    assert await database_sync_to_async(Message.objects.count)() == 1


async def test_the_senders_other_devices_get_the_message_too(mentee, mentor, conversation):
    async with connected(mentee) as phone, connected(mentee) as laptop, connected(mentor) as bob:
        await phone.send_message(conversation.pk, "from my phone", "p-1")
        ack = await phone.receive()
        assert (await laptop.receive())["message"] == ack["message"]
        assert (await bob.receive())["message"] == ack["message"]


async def test_a_retried_send_is_acked_with_the_stored_message_and_not_delivered_twice(mentee, mentor, conversation):
    async with connected(mentee) as alice, connected(mentor) as bob:
        await alice.send_message(conversation.pk, "once", "same-id")
        first = await alice.receive()
        await bob.receive()
        await alice.send_message(conversation.pk, "once", "same-id")
        again = await alice.receive()
        assert again == first
        assert await bob.nothing()
    assert await database_sync_to_async(Message.objects.count)() == 1


async def test_both_parties_sending_at_once_get_distinct_consecutive_seqs(mentee, mentor, conversation):
    async with connected(mentee) as alice, connected(mentor) as bob:
        for i in range(5):
            await alice.send_message(conversation.pk, f"a{i}", f"a{i}")
            await bob.send_message(conversation.pk, f"b{i}", f"b{i}")
        seqs = []
        for ws in (alice, bob):
            for _ in range(10):  # 5 acks and 5 message.new each
                event = await ws.receive()
                seqs.append(event["message"]["seq"])
        assert sorted(set(seqs)) == list(range(1, 11))


@pytest.mark.parametrize(
    ("frame", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": "x" * 4001}, "body"),
        ({"body": 7}, "body"),
        ({"conversation": "1"}, "conversation"),
        ({"conversation": True}, "conversation"),
        ({"client_msg_id": "with space"}, "client_msg_id"),
    ],
)
async def test_an_invalid_send_gets_an_error_naming_the_field(mentee, conversation, frame, field):
    async with connected(mentee) as ws:
        base = {"type": "message.send", "conversation": conversation.pk, "client_msg_id": "bad-1", "body": "hi"}
        await ws.send({**base, **frame})
        error = await ws.receive()
        assert error["type"] == "error"
        assert error["code"] == "validation_error"
        assert list(error["fields"]) == [field]
        if field != "client_msg_id":
            assert error["client_msg_id"] == "bad-1"
    assert await database_sync_to_async(Message.objects.count)() == 0


async def test_the_outsider_cannot_send_into_someone_elses_conversation(outsider, mentee, mentor, conversation):
    async with connected(outsider) as eve, connected(mentee) as alice, connected(mentor) as bob:
        await eve.send_message(conversation.pk, "let me in", "e-1")
        error = await eve.receive()
        assert (error["code"], error["client_msg_id"]) == ("not_found", "e-1")
        assert await alice.nothing()
        assert await bob.nothing()
    assert await database_sync_to_async(Message.objects.count)() == 0


async def test_a_coordinator_socket_may_not_send(coordinator, conversation):
    async with connected(coordinator) as carol:
        assert carol.ready["conversations"] == []
        await carol.send_message(conversation.pk, "hello", "co-1")
        error = await carol.receive()
        assert (error["code"], error["client_msg_id"]) == ("forbidden", "co-1")


async def test_a_blocked_send_is_refused_and_nothing_reaches_the_other_party(mentee, mentor, conversation):
    await database_sync_to_async(Block.objects.create)(blocker=mentor, blocked=mentee)
    async with connected(mentee) as alice, connected(mentor) as bob:
        await alice.send_message(conversation.pk, "hello?", "b-1")
        error = await alice.receive()
        assert (error["code"], error["client_msg_id"]) == ("blocked", "b-1")
        await bob.send_message(conversation.pk, "hello", "b-2")
        assert (await bob.receive())["code"] == "blocked"
        await alice.send({"type": "typing", "conversation": conversation.pk})
        assert (await alice.receive())["code"] == "blocked"
        assert await bob.nothing()


async def test_a_held_message_is_acked_as_held_and_not_delivered(mentee, mentor, conversation, settings):
    settings.CHAT_MODERATION_PIPELINE = "tests.chat.pipelines.holding"
    async with connected(mentee) as alice, connected(mentee) as alice_laptop, connected(mentor) as bob:
        await alice.send_message(conversation.pk, "you never listen to me", "h-1")
        ack = await alice.receive()
        # The sender is told why; the other party gets nothing.
        assert ack["message"]["moderation"] == {"status": "held", "flags": ["abuse"], "notice": HOLD_NOTICE}
        assert (await alice_laptop.receive())["message"]["id"] == ack["message"]["id"]
        assert await bob.nothing()


async def test_a_masked_message_reaches_the_other_party_masked(mentee, mentor, conversation, settings):
    settings.CHAT_MODERATION_PIPELINE = "tests.chat.pipelines.masking"
    async with connected(mentee) as alice, connected(mentor) as bob:
        await alice.send_message(conversation.pk, "text me 07700900123", "m-1")
        new = await bob.receive()
        assert new["message"]["body"] == "text me [removed]"
        assert new["message"]["moderation"] == {"status": "masked", "flags": ["contact_details"], "notice": MASK_NOTICE}
        ack = await alice.receive()
        assert "07700900123" not in str(ack)
        assert ack["message"]["moderation"]["notice"] == MASK_NOTICE


async def test_sending_too_fast_gets_an_error_with_retry_after(mentee, conversation, settings):
    settings.CHAT_FLOOD_BURST = 2
    settings.CHAT_FLOOD_PER_SECOND = 0.5
    async with connected(mentee) as ws:
        for i in range(3):
            await ws.send_message(conversation.pk, "spam", f"f-{i}")
        got = [await ws.receive() for _ in range(3)]
        errors = [e for e in got if e["type"] == "error"]
        assert [e["client_msg_id"] for e in errors] == ["f-2"]
        assert errors[0]["code"] == "throttled"
        assert errors[0]["retry_after"] >= 1
    assert await database_sync_to_async(Message.objects.count)() == 2


async def test_sustained_flooding_closes_the_socket_with_4429(mentee, conversation, settings):
    settings.CHAT_FLOOD_BURST = 1
    settings.CHAT_FLOOD_PER_SECOND = 0.1
    settings.CHAT_FLOOD_STRIKES = 3
    async with connected(mentee) as ws:
        for i in range(6):
            await ws.send_message(conversation.pk, "spam", f"s-{i}")
        assert await ws.closed_with() == 4429


async def test_a_burst_of_frames_of_any_kind_closes_the_socket_with_4429(mentee, settings):
    settings.CHAT_FRAME_BURST = 5
    settings.CHAT_FRAME_PER_SECOND = 1
    async with connected(mentee) as ws:
        for _ in range(8):
            await ws.send({"type": "ping"})
        assert await ws.closed_with() == 4429


# --- Typing, reading, ping ---------------------------------------------------------------------


async def test_typing_reaches_the_other_party_only_and_is_not_stored(mentee, mentor, conversation):
    async with connected(mentee) as alice, connected(mentee) as laptop, connected(mentor) as bob:
        await alice.send({"type": "typing", "conversation": conversation.pk})
        assert await bob.receive() == {"type": "typing", "conversation": conversation.pk, "user": str(mentee.pk)}
        assert await alice.nothing()
        assert await laptop.nothing()
        # At most one typing event per conversation every 2 seconds.
        await alice.send({"type": "typing", "conversation": conversation.pk})
        assert await bob.nothing()
    assert await database_sync_to_async(Message.objects.count)() == 0


async def test_typing_into_someone_elses_conversation_is_an_error(outsider, conversation):
    async with connected(outsider) as eve:
        await eve.send({"type": "typing", "conversation": conversation.pk})
        assert (await eve.receive())["code"] == "not_found"


async def test_a_read_frame_moves_my_read_position_and_tells_the_other_party(mentee, mentor, conversation):
    async with connected(mentee) as alice, connected(mentor) as bob:
        await bob.send_message(conversation.pk, "one", "r-1")
        await bob.receive()
        await alice.receive()
        await alice.send({"type": "read", "conversation": conversation.pk, "seq": 1})
        expected = {"type": "read", "conversation": conversation.pk, "user": str(mentee.pk), "seq": 1}
        assert await bob.receive() == expected
        assert await alice.receive() == expected  # my devices learn it too
    await database_sync_to_async(conversation.refresh_from_db)()
    assert conversation.mentee_read_seq == 1


async def test_ping_gets_pong(mentee):
    async with connected(mentee) as ws:
        await ws.send({"type": "ping"})
        assert await ws.receive() == {"type": "pong"}


@pytest.mark.parametrize("persona", ["outsider", "coordinator"])
@pytest.mark.parametrize("frame", [{"type": "typing"}, {"type": "read", "seq": 1}])
async def test_non_parties_can_neither_type_nor_read_in_a_conversation(
    mentee, mentor, outsider, coordinator, conversation, persona, frame
):
    intruder = {"outsider": outsider, "coordinator": coordinator}[persona]
    async with connected(intruder) as eve, connected(mentee) as alice, connected(mentor) as bob:
        await eve.send({**frame, "conversation": conversation.pk})
        assert (await eve.receive())["code"] == "not_found"
        assert await alice.nothing()
        assert await bob.nothing()
