"""Liveness and readiness probes."""

from __future__ import annotations

import asyncio
import contextlib
import uuid

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "not ready"
        return type(exc).__name__
    return None


def _check_cache() -> str | None:
    # The cache fails soft (``backend.core.cache``): an unreachable one reads back nothing.
    key, token = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, token, timeout=10)
        answered = cache.get(key) == token
        cache.delete(key)
    except Exception as exc:
        return type(exc).__name__
    return None if answered else "no answer"


async def _layer_round_trip() -> None:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")
    channel = await layer.new_channel("readyz.")
    token = uuid.uuid4().hex
    try:
        await asyncio.wait_for(layer.send(channel, {"type": "readyz.ping", "token": token}), timeout=2)
        message = await asyncio.wait_for(layer.receive(channel), timeout=2)
        if message.get("token") != token:
            raise RuntimeError("channel layer returned another message")
    finally:
        # A cancelled receive is how channel layers release a channel (the Redis
        # pub/sub layer unsubscribes then); without it every probe would leak one.
        pending = asyncio.ensure_future(layer.receive(channel))
        await asyncio.sleep(0)
        pending.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await pending


async def _check_channel_layer() -> str | None:
    try:
        await _layer_round_trip()
    except Exception as exc:
        return type(exc).__name__ or "error"
    return None


async def readyz(request: HttpRequest) -> JsonResponse:
    checks = {
        "database": await sync_to_async(_check_database)(),
        "channel_layer": await _check_channel_layer(),
        "cache": await sync_to_async(_check_cache)(),
    }
    failing = [name for name, error in checks.items() if error]
    body: dict = {
        "status": "ok" if not failing else "unavailable",
        "checks": {name: ("ok" if error is None else f"failing: {error}") for name, error in checks.items()},
    }
    if failing:
        body["error"] = {
            "code": "not_ready",
            "message": "Not ready: " + ", ".join(failing) + " unreachable.",
            "retryable": True,
            "failing": failing,
        }
        return JsonResponse(body, status=503, headers={"Retry-After": "5"})
    return JsonResponse(body)
