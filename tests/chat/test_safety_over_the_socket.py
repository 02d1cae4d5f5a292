"""Safety as each persona sees it on their sockets: crisis support, masking notices, repeat offences."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from backend.safety.models import CrisisAlert, ModerationItem
from chat.models import Message
from tests.factories import make_user

from .conftest import connected, open_match, transactional_db

pytestmark = [transactional_db, pytest.mark.asyncio]


async def events_of(socket, *kinds: str) -> dict[str, dict]:
    """The next events of these kinds, in whatever order they arrive (crisis support may
    overtake the ack); fails on any other event."""
    got: dict[str, dict] = {}
    while len(got) < len(kinds):
        event = await socket.receive()
        assert event["type"] in kinds, event
        assert event["type"] not in got, event
        got[event["type"]] = event
    return got


MARKERS = "tests.safety.pipelines.marker_pipeline"  # "[crisis]", "[abuse]", "[phone]" and nothing else
REAL = "chat.moderation.default_pipeline"


async def test_crisis_language_sets_off_support_for_every_persona_at_once(
    mentee, mentor, coordinator, outsider, conversation, settings
):
    settings.CHAT_MODERATION_PIPELINE = MARKERS
    settings.CRISIS_SECOND_OPINION = False
    other_mentor = await database_sync_to_async(make_user)("mentor")
    await database_sync_to_async(open_match)(outsider, other_mentor)
    async with (
        connected(mentee) as alice,
        connected(mentor) as bob,
        connected(coordinator) as carol,
        connected(outsider) as olly,
        connected(other_mentor) as otto,
    ):
        await alice.send_message(conversation.pk, "i can't do this anymore [crisis]", "c-1")
        sender = await events_of(alice, "message.ack", "crisis.resources")
        ack = sender["message.ack"]
        # Still delivered, as written.
        assert ack["message"]["moderation"]["status"] == "delivered"
        assert "crisis" in ack["message"]["moderation"]["flags"]
        other = await events_of(bob, "message.new", "crisis.guidance")
        assert other["message.new"]["message"]["body"] == "i can't do this anymore [crisis]"

        # The sender: resources for their country (the personas live in Europe/London).
        support = sender["crisis.resources"]
        assert support["country"] == "GB"
        assert any("116 123" in str(r) for r in support["resources"])
        # The mentor: short guidance for this conversation.
        assert other["crisis.guidance"]["conversation"] == conversation.pk
        # The coordinator: the alert, without the message text.
        alert = (await events_of(carol, "alert.new"))["alert.new"]["alert"]
        assert alert["conversation"] == conversation.pk
        assert alert["message_seq"] == 1
        assert "anymore" not in str(alert)

        # Nobody else hears any of it, and each party got exactly their own.
        assert await olly.nothing()
        assert await otto.nothing()
        assert await alice.nothing()
        assert await bob.nothing()
        assert await carol.nothing()
    assert await database_sync_to_async(CrisisAlert.objects.count)() == 1


async def test_the_mentee_gets_guidance_when_their_mentor_is_the_one_in_crisis(mentee, mentor, conversation, settings):
    settings.CHAT_MODERATION_PIPELINE = MARKERS
    settings.CRISIS_SECOND_OPINION = False
    async with connected(mentee) as alice, connected(mentor) as bob:
        await bob.send_message(conversation.pk, "rough night [crisis]", "c-1")
        assert (await events_of(bob, "message.ack", "crisis.resources"))["crisis.resources"]["country"] == "GB"
        guidance = (await events_of(alice, "message.new", "crisis.guidance"))["crisis.guidance"]
        assert "mentor" in guidance["guidance"].lower()


async def test_a_masked_message_tells_its_sender_why_and_shows_coordinators_the_flag(
    mentee, mentor, coordinator, conversation, settings, as_user
):
    settings.CHAT_MODERATION_PIPELINE = REAL
    settings.CRISIS_SECOND_OPINION = False
    async with connected(mentee) as alice, connected(mentor) as bob:
        await alice.send_message(conversation.pk, "text me on 07700 900 123 or sam at gmail dot com", "m-1")
        ack = await alice.receive_type("message.ack")
        moderation = ack["message"]["moderation"]
        assert moderation["status"] == "masked"
        assert moderation["flags"] == ["contact_details"]
        assert "contact details" in moderation["notice"].lower()
        new = await bob.receive_type("message.new")
        assert "07700" not in new["message"]["body"]
        assert "gmail" not in new["message"]["body"]
    queue = await database_sync_to_async(lambda: as_user(coordinator).get("/api/v1/moderation/queue/").json())()
    assert any("contact_details" in str(item) for item in queue["results"])


async def test_repeated_insults_from_one_socket_are_held_after_the_second(mentee, mentor, conversation, settings):
    settings.CHAT_MODERATION_PIPELINE = REAL
    settings.CRISIS_SECOND_OPINION = False
    async with connected(mentee) as alice, connected(mentor) as bob:
        statuses = []
        for i in range(3):
            await bob.send_message(conversation.pk, "you're an idiot", f"i-{i}")
            statuses.append((await bob.receive_type("message.ack"))["message"]["moderation"])
        assert [s["status"] for s in statuses] == ["masked", "masked", "held"]
        assert "repeated" in statuses[2]["notice"]
        # The mentee saw the first two, masked, and never the held one.
        seen = [(await alice.receive_type("message.new"))["message"]["seq"] for _ in range(2)]
        assert seen == [1, 2]
        assert await alice.nothing()


async def test_offences_from_other_devices_count_when_a_socket_connects(
    mentee, mentor, conversation, settings, as_user, django_capture_on_commit_callbacks
):
    settings.CHAT_MODERATION_PIPELINE = REAL
    settings.CRISIS_SECOND_OPINION = False

    def send_over_rest(i: int) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            response = as_user(mentor).post(
                f"/api/v1/conversations/{conversation.pk}/messages/",
                {"client_msg_id": f"r-{i}", "body": "you absolute clown"},
                format="json",
            )
        return response.json()["moderation"]["status"]

    assert [await database_sync_to_async(send_over_rest)(i) for i in range(2)] == ["masked", "masked"]
    assert await database_sync_to_async(ModerationItem.objects.filter(subject=mentor, is_abuse=True).count)() == 2
    async with connected(mentor) as bob:
        await bob.send_message(conversation.pk, "you're an idiot", "s-1")
        ack = await bob.receive_type("message.ack")
        assert ack["message"]["moderation"]["status"] == "held"
    held = await database_sync_to_async(Message.objects.get)(client_msg_id="s-1")
    assert held.status == "held"
