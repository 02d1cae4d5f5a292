from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Match, MatchingRun, MatchTransition
from .states import allowed_actions


class ReasonSerializer(serializers.Serializer):
    factor = serializers.CharField()
    text = serializers.CharField()
    contribution = serializers.FloatField(help_text="Score points; the contributions add up to the score.")


class MatchSerializer(serializers.ModelSerializer):
    mentee = serializers.UUIDField(source="mentee_id", read_only=True)
    mentor = serializers.UUIDField(source="mentor_id", read_only=True)
    mentee_display_name = serializers.CharField(source="mentee.display_name", read_only=True)
    mentor_display_name = serializers.CharField(source="mentor.display_name", read_only=True)
    reasons = ReasonSerializer(many=True, read_only=True)
    conversation = serializers.SerializerMethodField(help_text="The conversation id once active, else null.")
    run = serializers.IntegerField(source="run_id", read_only=True, allow_null=True)
    actions = serializers.SerializerMethodField(help_text="Transitions possible from this state.")

    class Meta:
        model = Match
        fields = (
            "id",
            "mentee",
            "mentor",
            "mentee_display_name",
            "mentor_display_name",
            "state",
            "score",
            "reasons",
            "weights_version",
            "note",
            "conversation",
            "run",
            "flagged",
            "actions",
            "created_at",
            "updated_at",
            "awaiting_since",
            "activated_at",
            "closed_at",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_conversation(self, match: Match) -> int | None:
        conversation = getattr(match, "conversation", None)
        if conversation is None or match.state != "active":
            return None
        return conversation.pk

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, match: Match) -> list[str]:
        return allowed_actions(match.state)


class MatchRequestSerializer(serializers.Serializer):
    mentor_id = serializers.UUIDField()
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class ApproveSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ReasonRequiredSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class EmptySerializer(serializers.Serializer):
    pass


class TransitionSerializer(serializers.ModelSerializer):
    actor = serializers.UUIDField(source="actor_id", read_only=True, allow_null=True)

    class Meta:
        model = MatchTransition
        fields = ("from_state", "to_state", "actor", "actor_role", "reason", "snapshot", "created_at")
        read_only_fields = fields


class MentorCardSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    display_name = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    lived_experience = serializers.ListField(child=serializers.CharField())
    bio = serializers.CharField()


class SuggestionSerializer(serializers.Serializer):
    mentor = MentorCardSerializer()
    score = serializers.FloatField(help_text="0-100")
    reasons = ReasonSerializer(many=True)
    weights_version = serializers.CharField()


class WhyNotSerializer(serializers.Serializer):
    constraint = serializers.CharField()
    text = serializers.CharField()
    relaxation = serializers.DictField()
    excludes_alone = serializers.IntegerField()
    excludes_total = serializers.IntegerField()


class SuggestionsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SuggestionSerializer(many=True)
    why_not = WhyNotSerializer(many=True)
    qualified = serializers.IntegerField(help_text="How many mentors pass every hard constraint.")
    weights_version = serializers.CharField()


class RunCreateSerializer(serializers.Serializer):
    max_new_per_mentor = serializers.IntegerField(
        min_value=1, max_value=10, required=False, help_text="Fairness: at most this many new mentees per mentor."
    )


class RunSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = MatchingRun
        fields: tuple[str, ...] = (
            "id",
            "status",
            "params",
            "stats",
            "error",
            "created_at",
            "started_at",
            "finished_at",
        )
        read_only_fields: tuple[str, ...] = fields


class RunSerializer(RunSummarySerializer):
    proposals = serializers.SerializerMethodField()

    class Meta(RunSummarySerializer.Meta):
        fields = (*RunSummarySerializer.Meta.fields, "proposals")
        read_only_fields = fields

    @extend_schema_field(MatchSerializer(many=True))
    def get_proposals(self, run: MatchingRun) -> list[dict[str, Any]]:
        matches = run.proposals.select_related("mentee", "mentor", "conversation").order_by("-score", "id")
        return list(MatchSerializer(matches, many=True).data)


class RunDecisionSerializer(serializers.Serializer):
    match_ids = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="Only these proposals (default: all of the run)."
    )
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class RunDecisionResultSerializer(serializers.Serializer):
    done = serializers.ListField(child=serializers.IntegerField())
    failed = serializers.ListField(child=serializers.DictField())
