from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import AuditEvent, Block, ModerationItem, Report, ResolveAction


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
    listed = serializers.BooleanField(
        help_text="False when the country has no entry and the international set is shown."
    )
    emergency = serializers.CharField()
    resources = CrisisResourceSerializer(many=True)


class AuditEventSerializer(serializers.ModelSerializer):
    actor = serializers.UUIDField(source="actor_id", read_only=True, allow_null=True)

    class Meta:
        model = AuditEvent
        fields = (
            "id",
            "actor",
            "actor_role",
            "action",
            "target_type",
            "target_id",
            "reason",
            "request_id",
            "data",
            "created_at",
        )
        read_only_fields = fields


class ReportCreateSerializer(serializers.Serializer):
    message_id = serializers.IntegerField(required=False, allow_null=True)
    user_id = serializers.UUIDField(required=False, allow_null=True)
    reason = serializers.CharField(max_length=200, help_text="e.g. harassment, contact_details, crisis_concern, spam")
    details = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class ReportSerializer(serializers.ModelSerializer):
    user_id = serializers.UUIDField(source="reported_user_id", read_only=True, allow_null=True)
    message_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Report
        fields: tuple[str, ...] = ("id", "message_id", "user_id", "reason", "details", "category", "created_at")
        read_only_fields: tuple[str, ...] = fields


class ReportAdminSerializer(ReportSerializer):
    reporter = serializers.UUIDField(source="reporter_id", read_only=True, allow_null=True)

    class Meta(ReportSerializer.Meta):
        fields = (*ReportSerializer.Meta.fields, "reporter", "evidence")
        read_only_fields = fields


class ModerationItemSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField()
    message = serializers.SerializerMethodField()
    report = ReportAdminSerializer(read_only=True, allow_null=True)
    subject = serializers.UUIDField(source="subject_id", read_only=True, allow_null=True)
    resolved_by = serializers.UUIDField(source="resolved_by_id", read_only=True, allow_null=True)

    class Meta:
        model = ModerationItem
        fields = (
            "id",
            "kind",
            "category",
            "severity",
            "flags",
            "status",
            "subject",
            "message",
            "report",
            "resolution",
            "resolution_note",
            "resolved_by",
            "resolved_at",
            "created_at",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=["message", "report"]))
    def get_kind(self, item: ModerationItem) -> str:
        return "report" if item.report_id else "message"

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_message(self, item: ModerationItem) -> dict[str, Any] | None:
        message = item.message
        if message is None:
            return None
        return {
            "id": message.pk,
            "conversation": message.conversation_id,
            "seq": message.seq,
            "sender": str(message.sender_id),
            "body": message.original_body or message.body,
            "status": message.status,
            "flags": list(message.flags),
            "created_at": message.created_at.isoformat(),
        }


class ResolveSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=ResolveAction.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class CrisisAlertSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    match = serializers.IntegerField(allow_null=True)
    conversation = serializers.IntegerField(allow_null=True)
    message_seq = serializers.IntegerField(allow_null=True)
    sender = serializers.UUIDField(allow_null=True)
    sender_role = serializers.CharField()
    created_at = serializers.DateTimeField()
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    acknowledged_by = serializers.UUIDField(allow_null=True)
    escalation_level = serializers.IntegerField()


class AcknowledgeSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
