"""The Redis pub/sub channel layer, made to ride out a Redis restart.

channels-redis's ``RedisPubSubChannelLayer`` reconnects on its own (redis-py re-subscribes
what it remembers), but three things go wrong while Redis is away:

* everything published meanwhile is lost, and no socket knows it missed anything;
* a subscribe or unsubscribe that fails (a socket opening, joining or leaving a group) is
  forgotten: the socket would never get its events once Redis is back, or a dead
  subscription would linger;
* the failures surface as exceptions in socket handlers.

This layer keeps the wanted state locally (which channels and groups this process listens
to) and never fails a subscribe or unsubscribe for a lost connection: the shard is marked
broken instead. Its receive loop then reconnects with back-off, makes Redis's subscriptions
match the wanted state, and puts a ``chat.resync`` message on every local socket's channel,
which makes the socket re-send ``ready`` so that its client catches up by ``seq``.

Publishing (``send``, ``group_send``) still fails while Redis is down: callers decide
(``chat.notify`` logs and moves on; the readiness probe reports it).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from channels_redis.pubsub import RedisPubSubChannelLayer, RedisPubSubLoopLayer, RedisSingleShardConnection
from channels_redis.utils import _wrap_close, decode_hosts
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

#: Errors meaning "Redis is not reachable right now" (not a bug in what was asked of it).
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError, asyncio.TimeoutError)

#: The message put on every local socket channel once the layer is back (handler: ``chat_resync``).
RESYNC = {"type": "chat.resync"}

RETRY_MIN_SECONDS = 0.1
RETRY_MAX_SECONDS = 2.0


class ResilientShard(RedisSingleShardConnection):
    """One Redis host's subscription connection, repaired after it breaks."""

    channel_layer: ResilientLoopLayer

    def __init__(self, host: dict[str, Any], channel_layer: ResilientLoopLayer) -> None:
        super().__init__(host, channel_layer)
        self.broken = False

    def mark_broken(self, what: str, exc: BaseException) -> None:
        if not self.broken:
            self.broken = True
            logger.warning("channel layer lost Redis (%s: %s); live events are paused", what, type(exc).__name__)

    async def subscribe(self, channel: str) -> None:
        try:
            await super().subscribe(channel)
        except UNREACHABLE as exc:
            # The channel (or group) is wanted locally: the receive loop subscribes it once
            # Redis answers again.
            self.mark_broken("subscribe", exc)

    async def unsubscribe(self, channel: str) -> None:
        try:
            await super().unsubscribe(channel)
        except UNREACHABLE as exc:
            self.mark_broken("unsubscribe", exc)

    async def flush(self) -> None:
        await super().flush()
        self.broken = False

    async def repair(self) -> None:
        """Reconnect and make Redis's subscriptions match what this process wants."""
        async with self._lock:
            self._ensure_redis()
            await self._pubsub.connect()  # a reconnection re-subscribes what redis-py remembers
            wanted = self.channel_layer.wanted_on(self)
            missing = wanted - self._subscribed_to
            extra = self._subscribed_to - wanted
            if missing:
                await self._pubsub.subscribe(*missing)
                self._subscribed_to |= missing
            if extra:
                await self._pubsub.unsubscribe(*extra)
                self._subscribed_to -= extra

    async def _do_receiving(self) -> None:
        delay = RETRY_MIN_SECONDS
        while True:
            try:
                if self.broken:
                    await self.repair()
                    self.broken = False
                    delay = RETRY_MIN_SECONDS
                    resynced = self.channel_layer.resync_local_channels()
                    logger.warning("channel layer reconnected to Redis; %d sockets asked to resync", resynced)
                if self._pubsub is not None and self._pubsub.subscribed:
                    message = await self._pubsub.get_message(ignore_subscribe_messages=True, timeout=0.1)
                    self._receive_message(message)
                else:
                    await asyncio.sleep(0.1)
            except (asyncio.CancelledError, GeneratorExit):
                raise
            except UNREACHABLE as exc:
                self.mark_broken("receive", exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_MAX_SECONDS)
            except Exception:
                logger.exception("channel layer receive loop failed; retrying")
                self.broken = True
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_MAX_SECONDS)


class ResilientLoopLayer(RedisPubSubLoopLayer):
    """The per-event-loop layer, with :class:`ResilientShard` shards."""

    def __init__(self, hosts: Any = None, prefix: str = "asgi", **kwargs: Any) -> None:
        super().__init__(hosts, prefix, **kwargs)
        self._shards = [ResilientShard(host, self) for host in decode_hosts(hosts)]

    def wanted_on(self, shard: ResilientShard) -> set[str]:
        """The Redis channels this process listens to that live on ``shard``."""
        names = set(self.channels) | {group for group, members in self.groups.items() if members}
        return {name for name in names if self._get_shard(name) is shard}

    def resync_local_channels(self) -> int:
        """Tell every local socket that events may have been lost. Returns how many were told."""
        socket_prefix = f"{self.prefix}specific."
        payload = self.channel_layer.serialize(RESYNC)
        told = 0
        for name, queue in self.channels.items():
            if name.startswith(socket_prefix):  # not the readiness probe's channels
                queue.put_nowait(payload)
                told += 1
        return told


class ResilientRedisPubSubChannelLayer(RedisPubSubChannelLayer):
    """``RedisPubSubChannelLayer`` that survives Redis restarts (see the module docstring)."""

    def _get_layer(self) -> ResilientLoopLayer:
        loop = asyncio.get_running_loop()
        try:
            layer: ResilientLoopLayer = self._layers[loop]
        except KeyError:
            layer = ResilientLoopLayer(*self._args, **self._kwargs, channel_layer=self)
            self._layers[loop] = layer
            _wrap_close(self, loop)
        return layer
