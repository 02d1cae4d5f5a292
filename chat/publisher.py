"""Pipelined ``group_send`` for the Redis pub/sub channel layer.

channels-redis publishes one message per round trip, under one lock per Redis host: a
worker's publishing rate is capped at one message per event-loop turn, and under load the
queue behind that lock grows until sends time out. This publisher coalesces every
``group_send`` made while a round trip is in flight into one pipeline (one write, one
read), like the send path's group commit. It publishes exactly what the layer would (same
channel names, same serializer), so the layer's subscribers receive the messages as usual.

Other layers (in-memory, RedisChannelLayer) are used through their own ``group_send``.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Mapping
from typing import Any

from channels_redis.pubsub import RedisPubSubChannelLayer
from channels_redis.utils import _consistent_hash, create_pool, decode_hosts
from django.conf import settings
from redis import asyncio as aioredis

logger = logging.getLogger(__name__)

MAX_PIPELINE = 500


class PipelinedPublisher:
    """One per event loop and layer: group messages go out in pipelines, one in flight per host."""

    def __init__(self, layer: RedisPubSubChannelLayer) -> None:
        self.layer = layer
        config = getattr(layer, "_kwargs", {})
        self.prefix = config.get("prefix", "asgi")
        self.hosts = decode_hosts(config.get("hosts"))
        self.clients: list[aioredis.Redis | None] = [None] * len(self.hosts)
        self.queues: list[list[tuple[str, bytes, asyncio.Future[None]]]] = [[] for _ in self.hosts]
        self.flushing = [False] * len(self.hosts)
        self.tasks: set[asyncio.Task[None]] = set()

    def channel_for(self, group: str) -> str:
        # The name RedisPubSubLoopLayer subscribes to for a group.
        return f"{self.prefix}__group__{group}"

    def submit(self, group: str, message: Mapping[str, Any]) -> asyncio.Future[None]:
        channel = self.channel_for(group)
        index = _consistent_hash(channel, len(self.hosts))
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.queues[index].append((channel, self.layer.serialize(dict(message)), future))
        if not self.flushing[index]:
            self.flushing[index] = True
            task = asyncio.ensure_future(self.flush(index))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)
        return future

    def client(self, index: int) -> aioredis.Redis:
        client = self.clients[index]
        if client is None:
            # The same connection settings the layer uses for this host.
            client = self.clients[index] = aioredis.Redis(connection_pool=create_pool(self.hosts[index]))
        return client

    async def flush(self, index: int) -> None:
        queue = self.queues[index]
        try:
            while queue:
                batch = queue[:MAX_PIPELINE]
                del queue[:MAX_PIPELINE]
                try:
                    pipe = self.client(index).pipeline(transaction=False)
                    for channel, payload, _ in batch:
                        pipe.publish(channel, payload)
                    async with asyncio.timeout(settings.CHAT_LAYER_TIMEOUT_SECONDS):
                        await pipe.execute()
                except Exception as exc:
                    for _, _, future in batch:
                        if not future.done():
                            future.set_exception(exc)
                else:
                    for _, _, future in batch:
                        if not future.done():
                            future.set_result(None)
        finally:
            self.flushing[index] = False


_publishers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, PipelinedPublisher]] = (
    weakref.WeakKeyDictionary()
)


def is_pipelined(layer: Any) -> bool:
    return isinstance(layer, RedisPubSubChannelLayer)


async def group_send(layer: Any, group: str, message: Mapping[str, Any]) -> None:
    """``layer.group_send(group, message)``, pipelined when the layer is Redis pub/sub."""
    if not isinstance(layer, RedisPubSubChannelLayer):
        await layer.group_send(group, dict(message))
        return
    loop = asyncio.get_running_loop()
    publishers = _publishers.setdefault(loop, {})
    publisher = publishers.get(id(layer))
    if publisher is None or publisher.layer is not layer:
        publisher = publishers[id(layer)] = PipelinedPublisher(layer)
    await publisher.submit(group, message)
