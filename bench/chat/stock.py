"""The stock Channels pattern, in its best configuration, for comparison.

A JSON consumer that saves each message with the ORM through ``database_sync_to_async``
(seq under a row lock, as Kindred does) and calls ``group_send``; served by uvicorn with
RedisPubSubChannelLayer and persistent database connections (``CONN_MAX_AGE``). ASGI
application: ``bench.chat.stock:application``.
"""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings.base")

from django.core.asgi import get_asgi_application

django_asgi_app = get_asgi_application()

from channels.db import database_sync_to_async  # noqa: E402
from channels.generic.websocket import AsyncJsonWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.urls import path  # noqa: E402

from backend.accounts.services import ws_ticket_redeem  # noqa: E402
from chat.models import Conversation, Message  # noqa: E402
from chat.services import message_payload  # noqa: E402


class StockConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        query = self.scope["query_string"].decode()
        ticket = dict(part.split("=", 1) for part in query.split("&") if "=" in part).get("ticket", "")
        self.user = await database_sync_to_async(ws_ticket_redeem)(ticket=ticket)
        await self.accept()
        if self.user is None:
            await self.close(4401)
            return
        await self.channel_layer.group_add(f"user.{self.user.pk}", self.channel_name)
        await self.send_json({"type": "ready", "user": str(self.user.pk), "conversations": []})

    async def disconnect(self, code: int) -> None:
        if getattr(self, "user", None) is not None:
            await self.channel_layer.group_discard(f"user.{self.user.pk}", self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if content.get("type") != "message.send":
            return
        message, peer = await self.save(content)
        await self.send_json({"type": "message.ack", "client_msg_id": message["client_msg_id"], "message": message})
        await self.channel_layer.group_send(f"user.{peer}", {"type": "chat.message", "message": message})

    @database_sync_to_async
    def save(self, content: dict[str, Any]) -> tuple[dict[str, Any], Any]:
        with transaction.atomic():
            conversation = (
                Conversation.objects.select_for_update(of=("self",))
                .select_related("match")
                .filter(Q(match__mentee=self.user) | Q(match__mentor=self.user))
                .get(pk=content["conversation"])
            )
            conversation.last_seq += 1
            conversation.save(update_fields=["last_seq"])
            message = Message.objects.create(
                conversation=conversation,
                seq=conversation.last_seq,
                sender=self.user,
                client_msg_id=content["client_msg_id"],
                body=content["body"].strip(),
            )
        match = conversation.match
        peer = match.mentor_id if match.mentee_id == self.user.pk else match.mentee_id
        return dict(message_payload(message)), peer

    async def chat_message(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "message.new", "message": event["message"]})


application = ProtocolTypeRouter(
    {"http": django_asgi_app, "websocket": URLRouter([path("ws/", StockConsumer.as_asgi())])}
)
