"""The Redis cache, failing soft: a Redis outage weakens what the cache does, not the requests.

Everything kept in the cache is advisory: request throttles, the REST send flood buckets,
login lockout counters and the matcher's version stamps. While Redis cannot be reached,
reads miss and writes are dropped, so those limits are not enforced (they fail open) and the
matcher rebuilds its index instead of patching it; requests keep working instead of failing
with 500. One warning is logged when the cache goes away and one when it is back, and
``/readyz`` names the cache as failing meanwhile.

Other Redis errors (a bad command, a full memory) still raise: they are bugs or capacity
problems to see, not an outage to ride out.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)

T = TypeVar("T")

_state_lock = threading.Lock()
_down = False


def _went_down(operation: str, exc: BaseException) -> None:
    global _down
    with _state_lock:
        if _down:
            return
        _down = True
    logger.warning("cache unavailable (%s: %s); continuing without it", operation, type(exc).__name__)


def _came_back() -> None:
    global _down
    if not _down:  # the common case: no lock on the hot path
        return
    with _state_lock:
        if not _down:
            return
        _down = False
    logger.warning("cache available again")


class FailSoftRedisCache(RedisCache):
    """Django's ``RedisCache`` that treats an unreachable Redis as a cache that holds nothing."""

    def _soft(self, operation: str, call: Callable[[], T], fallback: T) -> T:
        try:
            result = call()
        except UNREACHABLE as exc:
            _went_down(operation, exc)
            return fallback
        _came_back()
        return result

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._soft("add", lambda: RedisCache.add(self, key, value, timeout, version), False)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._soft("get", lambda: RedisCache.get(self, key, default, version), default)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._soft("set", lambda: RedisCache.set(self, key, value, timeout, version), None)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._soft("touch", lambda: RedisCache.touch(self, key, timeout, version), False)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._soft("delete", lambda: RedisCache.delete(self, key, version), False)

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        return self._soft("get_many", lambda: RedisCache.get_many(self, keys, version), {})

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._soft("has_key", lambda: RedisCache.has_key(self, key, version), False)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        missing = object()
        result = self._soft("incr", lambda: RedisCache.incr(self, key, delta, version), missing)
        if result is missing:
            # What a cache that holds nothing says; callers already handle it (set instead).
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return result  # type: ignore[return-value]

    def set_many(self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list[Any]:
        return self._soft("set_many", lambda: RedisCache.set_many(self, data, timeout, version), list(data))

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        self._soft("delete_many", lambda: RedisCache.delete_many(self, keys, version), None)

    def clear(self) -> None:
        self._soft("clear", lambda: RedisCache.clear(self), None)
