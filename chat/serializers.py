from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Conversation, Message, ModerationStatus
from .services import MAX_BODY_CHARS, message_payload


class ModerationSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ModerationStatus.choices)
    flags = serializers.ListField(
        child=serializers.CharField(),
        help_text="Stable codes: `crisis`, `contact_details`, `abuse` (more may be added).",
    )
    notice = serializers.CharField(
        allow_null=True,
        help_text="Why a `masked` or `held` message was changed, in words for its sender "
        "(never quotes the message); null when it was delivered as written.",
    )


class MessageSerializer(serializers.Serializer):
    """A message; the socket's `message.ack` and `message.new` carry the same object."""

    id = serializers.IntegerField(read_only=True)
    conversation = serializers.IntegerField(read_only=True)
    seq = serializers.IntegerField(read_only=True, help_text="Starts at 1, one more per message in the conversation.")
    sender = serializers.UUIDField(read_only=True, help_text="The sender's user id.")
    body = serializers.CharField(read_only=True, help_text="With moderated parts replaced by `[removed]`.")
    created_at = serializers.DateTimeField(read_only=True)
    client_msg_id = serializers.CharField(read_only=True)
    moderation = ModerationSerializer(read_only=True)

    def to_representation(self, instance: Message) -> dict[str, Any]:
        # One shape for REST and the socket: chat.services.message_payload.
        return dict(message_payload(instance))


class StrictCharField(serializers.CharField):
    """A string, and only a string (DRF's CharField would turn 42 into "42")."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class MessageCreateSerializer(serializers.Serializer):
    client_msg_id = StrictCharField(
        max_length=64, help_text="Your id for this send (a UUID); sending it again returns the stored message."
    )
    body = StrictCharField(
        allow_blank=True,
        trim_whitespace=False,
        help_text=f"1-{MAX_BODY_CHARS} characters after trimming whitespace.",
    )


class ReadSerializer(serializers.Serializer):
    seq = serializers.IntegerField(min_value=0, max_value=2**63 - 1, help_text="Everything up to this seq is read.")


class ReadStateSerializer(serializers.Serializer):
    conversation = serializers.IntegerField()
    seq = serializers.IntegerField(help_text="Your read position after this call (it never moves backwards).")


class PeerSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    display_name = serializers.CharField()
    role = serializers.CharField()


class ConversationSerializer(serializers.ModelSerializer):
    """One of my conversations, with its last message and how many of the other party's I haven't read."""

    match = serializers.IntegerField(source="match_id", read_only=True)
    peer = serializers.SerializerMethodField()
    is_open = serializers.BooleanField(read_only=True)
    read_seq = serializers.IntegerField(read_only=True, help_text="How far I have read.")
    unread_count = serializers.SerializerMethodField()
    last_message = serializers.SerializerMethodField()

    class Meta:
        model = Conversation
        fields = (
            "id",
            "match",
            "peer",
            "is_open",
            "opened_at",
            "closed_at",
            "last_seq",
            "read_seq",
            "unread_count",
            "last_message",
        )
        read_only_fields = fields

    @extend_schema_field(PeerSerializer)
    def get_peer(self, conversation: Conversation) -> dict[str, Any]:
        me = self.context["request"].user
        match = conversation.match
        peer = match.mentor if match.mentee_id == me.pk else match.mentee
        return {"id": str(peer.pk), "display_name": peer.display_name, "role": peer.role}

    @extend_schema_field(serializers.IntegerField())
    def get_unread_count(self, conversation: Conversation) -> int:
        return getattr(conversation, "unread", None) or 0

    @extend_schema_field(MessageSerializer(allow_null=True))
    def get_last_message(self, conversation: Conversation) -> dict[str, Any] | None:
        message = self.context.get("last_messages", {}).get(getattr(conversation, "last_message_id", None))
        return MessageSerializer(message).data if message is not None else None


class MessagePageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Messages after `after` that you may see.")
    next = serializers.URLField(allow_null=True, help_text="Full URL of the next page (continues after its last seq).")
    previous = serializers.URLField(allow_null=True, help_text="Always null: pages go forward from `after`.")
    results = MessageSerializer(many=True)
