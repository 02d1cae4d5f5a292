from __future__ import annotations

from rest_framework import serializers

from .models import Block


class BlockCreateSerializer(serializers.Serializer):
    user_id = serializers.UUIDField(help_text="The user to block.")


class BlockSerializer(serializers.ModelSerializer):
    user_id = serializers.UUIDField(source="blocked_id", read_only=True)
    display_name = serializers.CharField(source="blocked.display_name", read_only=True)

    class Meta:
        model = Block
        fields = ("user_id", "display_name", "created_at")
        read_only_fields = fields
