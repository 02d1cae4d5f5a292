"""Send events to users' sockets through the channel layer, after the transaction commits.

Delivery over the layer is at most once: the database stays the source of truth and
clients catch up over REST. A layer that is down must never fail the request that
caused the event, so errors are logged and swallowed, and every layer call has a time limit.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction

from . import events, publisher

logger = logging.getLogger(__name__)

# Close codes (see api_docs/websocket.md).
CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_AUTH_TIMEOUT = 4408
CLOSE_FLOODING = 4429


async def apublish(groups: list[str], message: Mapping[str, Any]) -> bool:
    """Send a layer message to ``groups`` from async code. Returns False if the layer failed."""
    layer = get_channel_layer()
    if layer is None:
        return False
    ok = True
    for group in groups:
        try:
            if publisher.is_pipelined(layer):
                await publisher.group_send(layer, group, message)  # one time limit per pipeline
            else:
                async with asyncio.timeout(settings.CHAT_LAYER_TIMEOUT_SECONDS):
                    await layer.group_send(group, dict(message))
        except Exception:
            ok = False
            logger.warning("channel layer unavailable; %s to %s not pushed", message.get("type"), group, exc_info=True)
    return ok


def publish_now(groups: list[str], message: Mapping[str, Any]) -> None:
    """Send a layer message to ``groups`` from sync code, at once."""
    if get_channel_layer() is None or not groups:
        return
    try:
        async_to_sync(apublish)(groups, message)
    except Exception:  # e.g. no event loop can be started here; never fail the caller
        logger.warning("channel layer unavailable; %s not pushed", message.get("type"), exc_info=True)


def send_envelope_on_commit(groups: list[str], message: Mapping[str, Any]) -> None:
    """Send a layer message to ``groups`` once the current transaction commits (at once outside one)."""
    frozen = dict(message)
    transaction.on_commit(lambda: publish_now(groups, frozen))


def send_to_groups_now(groups: list[str], event: Mapping[str, Any]) -> None:
    """Push a server event to every socket in ``groups``, at once."""
    publish_now(groups, events.envelope(event))


def send_on_commit(groups: list[str], event: Mapping[str, Any]) -> None:
    """Push ``event`` to ``groups`` once the current transaction commits (at once outside one)."""
    send_envelope_on_commit(groups, events.envelope(event))


def disconnect_user(user_id: Any, code: int = CLOSE_FORBIDDEN) -> None:
    """Close every open socket of ``user_id`` on every worker, after the transaction commits.

    Used when an account logs out (4401), is deactivated, suspended or erased (4403). If the
    layer is down the sockets still stop: each worker re-checks its sockets' accounts every
    ``CHAT_REVALIDATE_SECONDS``, and every send is checked against the database anyway.
    """
    send_envelope_on_commit([events.user_group(user_id)], events.disconnect_envelope(code))
