"""Every transition pushes ``match.updated`` to both parties and coordinators, after commit."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from chat.events import COORDINATORS_GROUP, user_group

from .helpers import act, request_match

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_memory_layer(settings):
    """These tests listen from synchronous code, one short event loop per call; the Redis
    pub/sub layer ties channels to the loop that made them, so they use the in-memory layer.
    Delivery through Redis between processes is tested in tests/chat/test_scale_out.py."""
    from channels.layers import channel_layers

    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


class Listener:
    """A channel subscribed to some groups, like a connected socket would be."""

    def __init__(self, *groups: str) -> None:
        self.layer = get_channel_layer()
        self.channel = async_to_sync(self.layer.new_channel)()
        for group in groups:
            async_to_sync(self.layer.group_add)(group, self.channel)

    def events(self) -> list[dict]:
        import asyncio

        async def drain() -> list[dict]:
            out = []
            while True:
                try:
                    message = await asyncio.wait_for(self.layer.receive(self.channel), timeout=0.05)
                except TimeoutError:
                    return out
                if message["type"] != "server.event":
                    continue  # socket bookkeeping (conversation access), not a client event
                out.append(message["event"] if "event" in message else json.loads(message["text"]))

        return async_to_sync(drain)()


@pytest.fixture
def listeners(mentee, mentor):
    return {
        "mentee": Listener(user_group(mentee.pk)),
        "mentor": Listener(user_group(mentor.pk)),
        "coordinators": Listener(COORDINATORS_GROUP),
    }


def test_nothing_is_sent_before_commit(as_user, mentee, mentor, listeners, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        request_match(as_user(mentee), mentor.pk)
    assert callbacks
    assert listeners["mentee"].events() == []
    for callback in callbacks:
        callback()
    [event] = listeners["mentee"].events()
    assert event["type"] == "match.updated"
    assert event["match"]["state"] == "requested"


def test_each_transition_reaches_the_parties_who_may_see_it(
    as_user, mentee, mentor, coordinator, listeners, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        match_id = request_match(as_user(mentee), mentor.pk).json()["id"]
    assert [e["match"]["state"] for e in listeners["mentee"].events()] == ["requested"]
    assert listeners["mentor"].events() == []  # not theirs to see before approval
    assert [e["match"]["state"] for e in listeners["coordinators"].events()] == ["requested"]

    with django_capture_on_commit_callbacks(execute=True):
        act(as_user(coordinator), match_id, "approve")
        act(as_user(mentor), match_id, "accept")
    mentee_events = listeners["mentee"].events()
    mentor_events = listeners["mentor"].events()
    assert [e["match"]["state"] for e in mentee_events] == ["awaiting_mentor", "active"]
    assert [e["match"]["state"] for e in mentor_events] == ["awaiting_mentor", "active"]
    assert mentor_events[-1]["match"]["conversation"] is not None
    assert mentor_events[-1]["match"] == as_user(mentor).get(f"/api/v1/matches/{match_id}/").json()


def test_a_failing_channel_layer_does_not_fail_the_transition(as_user, mentee, mentor, settings, caplog):
    from channels.layers import channel_layers

    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
        }
    }
    channel_layers.backends.clear()
    try:
        response = request_match(as_user(mentee), mentor.pk)
    finally:
        channel_layers.backends.clear()
    assert response.status_code == 201
