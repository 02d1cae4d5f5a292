"""Send events to users' sockets through the channel layer, after the transaction commits.

Delivery over the layer is at most once: the database stays the source of truth and
clients catch up over REST. A layer that is down must never fail the request that
caused the event, so errors are logged and swallowed.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def send_to_groups_now(groups: list[str], event: Mapping[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    message = {"type": "server.event", "event": dict(event)}
    for group in groups:
        try:
            async_to_sync(layer.group_send)(group, message)
        except Exception:
            logger.warning("channel layer unavailable; event %s to %s not pushed", event.get("type"), group)


def send_on_commit(groups: list[str], event: Mapping[str, Any]) -> None:
    """Push ``event`` to ``groups`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: send_to_groups_now(groups, event))
