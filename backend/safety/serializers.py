from __future__ import annotations

from rest_framework import serializers

from .models import AuditEvent, Block


class BlockCreateSerializer(serializers.Serializer):
    user_id = serializers.UUIDField(help_text="The user to block.")


class BlockSerializer(serializers.ModelSerializer):
    user_id = serializers.UUIDField(source="blocked_id", read_only=True)
    display_name = serializers.CharField(source="blocked.display_name", read_only=True)

    class Meta:
        model = Block
        fields = ("user_id", "display_name", "created_at")
        read_only_fields = fields


class CrisisResourceSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=["call", "text", "chat", "web"])
    contact = serializers.CharField()
    hours = serializers.CharField()
    description = serializers.CharField()


class CrisisResourcesSerializer(serializers.Serializer):
    country = serializers.CharField(allow_null=True)
    listed = serializers.BooleanField(help_text="False when the country has no entry and the international set is shown.")
    emergency = serializers.CharField()
    resources = CrisisResourceSerializer(many=True)


class AuditEventSerializer(serializers.ModelSerializer):
    actor = serializers.UUIDField(source="actor_id", read_only=True, allow_null=True)

    class Meta:
        model = AuditEvent
        fields = ("id", "actor", "actor_role", "action", "target_type", "target_id", "reason", "request_id", "data",
                  "created_at")
        read_only_fields = fields
