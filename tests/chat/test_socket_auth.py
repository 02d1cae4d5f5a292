"""The chat socket's handshake: tickets, the first-frame alternative, timeouts and the Origin policy."""

from __future__ import annotations

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from backend.accounts.models import WsTicket

from .conftest import connected, issue_ticket, raw_socket, transactional_db

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
