"""Chat REST endpoints: thin views over chat.selectors and chat.services."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.models import Role
from backend.core.exceptions import Forbidden, ValidationFailed
from backend.core.openapi import E409, E503, ERRORS_OBJECT, ERRORS_USER
from backend.core.permissions import IsMenteeOrMentor
from backend.core.types import AuthedRequest
from backend.safety.services import audit_record

from . import flood, selectors, services
from .models import Conversation, Message
from .serializers import (
    ConversationSerializer,
    MessageCreateSerializer,
    MessagePageSerializer,
    MessageSerializer,
    ReadSerializer,
    ReadStateSerializer,
)

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class ConversationListView(generics.ListAPIView):
    """My conversations (open ones first), each with its last message and my unread count."""

    permission_classes = (IsAuthenticated, IsMenteeOrMentor)
    serializer_class = ConversationSerializer

    def get_queryset(self) -> QuerySet[Conversation]:
        if getattr(self, "swagger_fake_view", False):
            return Conversation.objects.none()
        return selectors.conversations_for(user=self.request.user)  # type: ignore[arg-type]

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        if args and not getattr(self, "swagger_fake_view", False):
            ids = [c.last_message_id for c in args[0] if getattr(c, "last_message_id", None)]
            kwargs.setdefault("context", self.get_serializer_context())
            kwargs["context"]["last_messages"] = Message.objects.in_bulk(ids)
        return super().get_serializer(*args, **kwargs)

    @extend_schema(responses={200: ConversationSerializer(many=True), **ERRORS_USER}, tags=["chat"])
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


def _int_param(request: AuthedRequest, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise ValidationFailed(fields={name: [f"Must be an integer from {low} to {high}."]})
    return value


class MessageListCreateView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        parameters=[
            OpenApiParameter("after", int, description="Return messages with seq greater than this (default 0)."),
            OpenApiParameter("limit", int, description=f"Page size, default {DEFAULT_LIMIT}, at most {MAX_LIMIT}."),
        ],
        responses={200: MessagePageSerializer, **ERRORS_OBJECT},
        tags=["chat"],
    )
    def get(self, request: AuthedRequest, conversation_id: int) -> Response:
        """Messages after `after`, in seq order: how a client catches up after a reconnect.

        A party sees the conversation's messages except the other party's held ones; a
        coordinator sees all of them, and each such read is recorded in the audit log.
        """
        after = _int_param(request, "after", 0, 0, 2**63 - 1)
        limit = _int_param(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
        user = request.user
        conversation = selectors.conversation_for_reader(user=user, conversation_id=conversation_id)
        qs = selectors.messages_after(conversation=conversation, viewer=user, after=after)
        page = list(qs[: limit + 1])
        more = len(page) > limit
        page = page[:limit]
        count = qs.count() if more else len(page)
        if user.role == Role.COORDINATOR:
            audit_record(
                actor=user,
                action="conversation.messages.read",
                target_type="conversation",
                target_id=conversation.pk,
                data={"after": after, "limit": limit, "returned": len(page), "seqs": _seq_range(page)},
            )
        next_url = None
        if more:
            query = urlencode({"after": page[-1].seq, "limit": limit})
            next_url = request.build_absolute_uri(f"{request.path}?{query}")
        body = {"count": count, "next": next_url, "previous": None, "results": MessageSerializer(page, many=True).data}
        return Response(body)

    @extend_schema(
        request=MessageCreateSerializer,
        responses={
            201: MessageSerializer,
            200: OpenApiResponse(MessageSerializer, description="A retry: the message stored the first time."),
            **ERRORS_OBJECT,
            **E409,
            **E503,
        },
        tags=["chat"],
    )
    def post(self, request: AuthedRequest, conversation_id: int) -> Response:
        """Send a message (the socket's `message.send` does the same).

        Sending the same `client_msg_id` again returns the stored message with 200. `409`
        codes: `conversation_closed`, `blocked`, `client_msg_id_reused`. `429` when sending too
        fast; `503` with `retryable: true` when the database is unavailable (retry with the same
        `client_msg_id`).
        """
        user = request.user
        if user.role not in (Role.MENTEE, Role.MENTOR):
            raise Forbidden("Only the two parties of a conversation may write in it.")
        # Someone else's conversation is "not found" whatever the body holds.
        selectors.conversation_for_reader(user=user, conversation_id=conversation_id)
        serializer = MessageCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        flood.rest_send_check(str(user.pk))
        result = services.message_send(
            sender=user,
            conversation_id=conversation_id,
            client_msg_id=serializer.validated_data["client_msg_id"],
            body=serializer.validated_data["body"],
        )
        return Response(result.message, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)


def _seq_range(page: list[Message]) -> list[int]:
    return [page[0].seq, page[-1].seq] if page else []


class ConversationReadView(APIView):
    permission_classes = (IsAuthenticated, IsMenteeOrMentor)

    @extend_schema(request=ReadSerializer, responses={200: ReadStateSerializer, **ERRORS_OBJECT}, tags=["chat"])
    def post(self, request: AuthedRequest, conversation_id: int) -> Response:
        """Mark my messages read up to `seq`; the other party gets a `read` event."""
        selectors.conversation_for_reader(user=request.user, conversation_id=conversation_id)
        serializer = ReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        conversation, seq = services.conversation_mark_read(
            user=request.user, conversation_id=conversation_id, seq=serializer.validated_data["seq"]
        )
        return Response({"conversation": conversation.pk, "seq": seq})
