"""WebSocket routes: ``/ws/`` is the chat socket; any other path is refused at the handshake."""

from __future__ import annotations

from typing import Any

from django.urls import path, re_path

from .consumers import ChatConsumer


async def unknown_path(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Refuse the handshake of a socket to an unknown path (the client sees HTTP 403)."""
    message = await receive()
    if message.get("type") == "websocket.connect":
        await send({"type": "websocket.close", "code": 1008})


websocket_urlpatterns = [
    path("ws/", ChatConsumer.as_asgi()),
    re_path(r"", unknown_path),  # type: ignore[arg-type]
]
