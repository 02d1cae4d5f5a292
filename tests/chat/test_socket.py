"""The chat socket: authentication, sending, delivery, typing, reading, and what each persona may do."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.utils import timezone

from backend.accounts.models import WsTicket
from backend.safety.models import Block
from chat import events
from chat.models import Message
from chat.notify import send_on_commit

from .conftest import connected, issue_ticket, open_match, raw_socket, transactional_db

pytestmark = [transactional_db, pytest.mark.asyncio]


# --- Authentication ----------------------------------------------------------------------------


async def test_a_socket_says_ready_with_its_open_conversations(mentee, conversation, other_conversation):
    async with connected(mentee) as ws:
        assert ws.ready == {
            "type": "ready",
            "user": str(mentee.pk),
            "conversations": [{"id": conversation.pk, "last_seq": 0, "read_seq": 0}],
        }


async def test_a_ticket_works_only_once(mentee):
    ticket = await issue_ticket(mentee)
    async with raw_socket(f"/ws/?ticket={ticket}") as first:
        assert (await first.receive())["type"] == "ready"
        async with raw_socket(f"/ws/?ticket={ticket}") as second:
            assert (await second.receive())["code"] == "ticket_invalid"
            assert await second.closed_with() == 4401


async def test_an_expired_ticket_is_refused_with_4401(mentee):
    ticket = await issue_ticket(mentee)
    await database_sync_to_async(WsTicket.objects.update)(expires_at=timezone.now() - timedelta(seconds=1))
    async with raw_socket(f"/ws/?ticket={ticket}") as ws:
        assert await ws.closed_with() == 4401


@pytest.mark.parametrize("ticket", ["nope", "", "x" * 5000])
async def test_an_unknown_ticket_is_refused_with_4401(db, ticket):
    async with raw_socket(f"/ws/?ticket={ticket}") as ws:
        assert await ws.closed_with() == 4401


async def test_the_ticket_may_come_in_the_first_frame_instead(mentee, conversation):
    async with raw_socket("/ws/") as ws:
        await ws.send({"type": "auth", "ticket": await issue_ticket(mentee)})
        ready = await ws.receive()
        assert ready["type"] == "ready"
        assert ready["user"] == str(mentee.pk)


async def test_a_socket_that_does_not_authenticate_in_time_is_closed_with_4408(db, settings):
    settings.CHAT_AUTH_TIMEOUT_SECONDS = 0.2
    async with raw_socket("/ws/") as ws:
        assert await ws.closed_with(timeout=2) == 4408


async def test_any_other_first_frame_is_refused_with_4401(db):
    async with raw_socket("/ws/") as ws:
        await ws.send({"type": "ping"})
        assert await ws.closed_with() == 4401


async def test_a_deactivated_accounts_ticket_is_refused(mentee):
    from backend.accounts.services import user_deactivate

    ticket = await issue_ticket(mentee)
    await database_sync_to_async(user_deactivate)(user=mentee)
    async with raw_socket(f"/ws/?ticket={ticket}") as ws:
        assert await ws.closed_with() == 4401


async def test_a_suspended_mentor_is_refused_with_4403(mentor, conversation):
    await database_sync_to_async(type(mentor.mentor_profile).objects.update)(vetting_status="suspended")
    async with raw_socket(f"/ws/?ticket={await issue_ticket(mentor)}") as ws:
        assert await ws.closed_with() == 4403


async def test_an_anonymous_client_without_a_ticket_gets_nothing(db, settings):
    settings.CHAT_AUTH_TIMEOUT_SECONDS = 0.2
    async with raw_socket("/ws/") as ws:
        await ws.send({"type": "message.send", "conversation": 1, "client_msg_id": "a", "body": "hi"})
        assert await ws.closed_with() == 4401


async def test_an_unknown_path_is_refused_at_the_handshake(db):
    from .conftest import communicator

    ws = communicator("/ws/elsewhere/")
    accepted, _ = await ws.connect()
    assert not accepted
    await ws.disconnect()


# --- Origin policy -----------------------------------------------------------------------------


async def test_a_native_app_without_origin_is_accepted(mentee):
    async with connected(mentee, headers=[]) as ws:
        assert ws.ready["user"] == str(mentee.pk)


async def test_a_browser_from_an_allowed_origin_is_accepted(mentee, settings):
    settings.WS_ALLOWED_ORIGINS = ["https://app.kindred.example"]
    async with connected(mentee, headers=[(b"origin", b"https://app.kindred.example")]) as ws:
        assert ws.ready["type"] == "ready"


@pytest.mark.parametrize("origin", [b"https://evil.example", b"null", b"http://app.kindred.example"])
async def test_a_browser_from_any_other_origin_is_refused_with_4403(mentee, settings, origin):
    from backend.accounts.services import ws_ticket_redeem

    settings.WS_ALLOWED_ORIGINS = ["https://app.kindred.example"]
    ticket = await issue_ticket(mentee)
    async with raw_socket(f"/ws/?ticket={ticket}", headers=[(b"origin", origin)]) as ws:
        assert (await ws.receive())["code"] == "origin_not_allowed"
        assert await ws.closed_with() == 4403
    # The refused socket did not use up the ticket.
    assert await database_sync_to_async(ws_ticket_redeem)(ticket=ticket) == mentee


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
        await alice.send_message(conversation.pk, "I want to disappear", "h-1")
        ack = await alice.receive()
        assert ack["message"]["moderation"] == {"status": "held", "flags": ["abuse"]}
        assert (await alice_laptop.receive())["message"]["id"] == ack["message"]["id"]
        assert await bob.nothing()


async def test_a_masked_message_reaches_the_other_party_masked(mentee, mentor, conversation, settings):
    settings.CHAT_MODERATION_PIPELINE = "tests.chat.pipelines.masking"
    async with connected(mentee) as alice, connected(mentor) as bob:
        await alice.send_message(conversation.pk, "text me 07700900123", "m-1")
        new = await bob.receive()
        assert new["message"]["body"] == "text me [removed]"
        assert new["message"]["moderation"] == {"status": "masked", "flags": ["contact_details"]}
        assert "07700900123" not in str(await alice.receive())


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
