"""Flood limits for sending messages: one token bucket per user.

A user may send ``CHAT_FLOOD_BURST`` messages at once and ``CHAT_FLOOD_PER_SECOND``
sustained. Sockets keep the buckets in the worker process (no network round trip on the
hot path); REST sends keep them in the shared cache, so every worker sees the same count.
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache

from backend.core.exceptions import ApplicationError


class Flooding(ApplicationError):
    status_code = 429
    code = "throttled"
    message = "You are sending messages too fast."

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"You are sending messages too fast; try again in {retry_after} s.")
        self.extra["retry_after"] = retry_after


class TokenBucket:
    """``capacity`` tokens, refilled at ``rate`` per second. Not thread-safe: one event loop."""

    __slots__ = ("capacity", "rate", "stamp", "tokens")

    def __init__(self, capacity: float, rate: float, *, tokens: float | None = None, stamp: float | None = None):
        self.capacity = capacity
        self.rate = rate
        self.tokens = capacity if tokens is None else tokens
        self.stamp = time.monotonic() if stamp is None else stamp

    def take(self, now: float | None = None) -> float:
        """Take one token. Returns 0 when allowed, else the seconds until one is available."""
        now = time.monotonic() if now is None else now
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate if self.rate > 0 else math.inf

    def is_full(self, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        return self.tokens + (now - self.stamp) * self.rate >= self.capacity


def retry_after_seconds(wait: float) -> int:
    return max(1, math.ceil(wait)) if math.isfinite(wait) else 3600


def new_message_bucket() -> TokenBucket:
    return TokenBucket(settings.CHAT_FLOOD_BURST, settings.CHAT_FLOOD_PER_SECOND)


_local_buckets: dict[str, TokenBucket] = {}


def socket_send_allowed(user_id: str) -> float:
    """Socket path: take a token from the user's bucket in this process (0 = allowed)."""
    bucket = _local_buckets.get(user_id)
    if bucket is None:
        bucket = _local_buckets[user_id] = new_message_bucket()
    return bucket.take()


def prune_local_buckets() -> None:
    """Forget buckets that have refilled: they hold no information any more."""
    now = time.monotonic()
    for user_id in [u for u, b in _local_buckets.items() if b.is_full(now)]:
        del _local_buckets[user_id]


def rest_send_check(user_id: str) -> None:
    """REST path: the same bucket, kept in the shared cache. Raises :class:`Flooding`."""
    key = f"chat:flood:{user_id}"
    now = time.time()  # wall clock: the cache is shared between processes
    state = cache.get(key)
    bucket = new_message_bucket()
    if state is not None:
        bucket.tokens, bucket.stamp = state
    else:
        bucket.stamp = now
    wait = bucket.take(now)
    idle_refill = math.ceil(settings.CHAT_FLOOD_BURST / max(settings.CHAT_FLOOD_PER_SECOND, 0.001)) + 1
    cache.set(key, (bucket.tokens, bucket.stamp), timeout=idle_refill)
    if wait:
        raise Flooding(retry_after_seconds(wait))
