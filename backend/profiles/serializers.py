"""Profile serializers: strict validation of every field against the taxonomy."""

from __future__ import annotations

import itertools
import re
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import taxonomy as tx
from .models import MenteeProfile, MentorProfile, VettingDecision, VettingStatus

_TIME = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$")


def minutes(value: str) -> int:
    hours, mins = value.split(":")
    return int(hours) * 60 + int(mins)


class SlotSerializer(serializers.Serializer):
    day = serializers.IntegerField(min_value=0, max_value=6, help_text="0 = Monday … 6 = Sunday")
    start = serializers.CharField(help_text="HH:MM local time, on a 15-minute boundary")
    end = serializers.CharField(help_text="HH:MM local time, on a 15-minute boundary; '24:00' allowed")

    def _time(self, value: str, *, allow_midnight_end: bool) -> str:
        if not _TIME.match(value) or (value == "24:00" and not allow_midnight_end):
            raise serializers.ValidationError(
                "Use HH:MM between 00:00 and 23:45" + (" (or 24:00)." if allow_midnight_end else ".")
            )
        if minutes(value) % tx.SLOT_MINUTES:
            raise serializers.ValidationError(f"Times must fall on {tx.SLOT_MINUTES}-minute boundaries.")
        return value

    def validate_start(self, value: str) -> str:
        return self._time(value, allow_midnight_end=False)

    def validate_end(self, value: str) -> str:
        return self._time(value, allow_midnight_end=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if minutes(attrs["start"]) >= minutes(attrs["end"]):
            raise serializers.ValidationError({"end": ["Must be later than start."]})
        return attrs


class UtcIntervalSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class AvailabilityField(serializers.ListField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=SlotSerializer(), max_length=tx.MAX_SLOTS, **kwargs)

    def to_internal_value(self, data: Any) -> list[dict[str, Any]]:
        slots = super().to_internal_value(data)
        ordered = sorted(slots, key=lambda s: (s["day"], minutes(s["start"])))
        for before, after in itertools.pairwise(ordered):
            if before["day"] == after["day"] and minutes(after["start"]) < minutes(before["end"]):
                raise serializers.ValidationError(
                    f"Slots overlap on day {before['day']}: {before['start']}-{before['end']} and "
                    f"{after['start']}-{after['end']}."
                )
        return [{"day": s["day"], "start": s["start"], "end": s["end"]} for s in ordered]


class CodeListField(serializers.ListField):
    """A list of unique codes from a vocabulary."""

    def __init__(self, vocabulary: dict[str, str], *, what: str, **kwargs: Any) -> None:
        self.vocabulary = vocabulary
        self.what = what
        super().__init__(child=serializers.CharField(max_length=32), **kwargs)

    def to_internal_value(self, data: Any) -> list[str]:
        codes = super().to_internal_value(data)
        unknown = [c for c in codes if c not in self.vocabulary]
        if unknown:
            raise serializers.ValidationError(
                f"Unknown {self.what} code(s): {', '.join(sorted(set(unknown)))}. See /api/v1/taxonomy/."
            )
        if len(set(codes)) != len(codes):
            raise serializers.ValidationError("Codes must not repeat.")
        return codes


def conditions_field(**kwargs: Any) -> CodeListField:
    return CodeListField(tx.CONDITIONS, what="condition", max_length=len(tx.CONDITIONS), **kwargs)


class TimezoneField(serializers.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=64, help_text="IANA time zone name, e.g. 'Europe/London'.", **kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = str(super().to_internal_value(data))
        if value not in tx.timezones():
            raise serializers.ValidationError(f"'{value}' is not an IANA time zone name (e.g. 'America/New_York').")
        return value


class ProfileSerializerBase(serializers.ModelSerializer):
    languages = CodeListField(
        tx.LANGUAGES,
        what="language",
        min_length=1,
        max_length=tx.MAX_LANGUAGES,
        help_text="ISO 639-1 codes, at least one.",
    )
    timezone = TimezoneField()
    availability = AvailabilityField(required=False, help_text="Weekly slots in the profile's own time zone.")
    condition_focus = conditions_field(required=False)
    bio = serializers.CharField(max_length=tx.BIO_MAX, allow_blank=True, required=False, trim_whitespace=True)
    availability_utc = serializers.SerializerMethodField(
        help_text="The availability for the coming week (from next Monday, local), as UTC intervals."
    )

    base_fields = ("languages", "timezone", "availability", "condition_focus", "bio", "availability_utc", "updated_at")

    @extend_schema_field(UtcIntervalSerializer(many=True))
    def get_availability_utc(self, obj: Any) -> list[dict[str, str]]:
        from .services import availability_utc

        return availability_utc(obj)


class MenteeProfileSerializer(ProfileSerializerBase):
    role = serializers.SerializerMethodField(help_text="Whose profile this is: always `mentee` here.")
    goals = serializers.CharField(max_length=tx.GOALS_MAX, allow_blank=True, required=False)
    topics_to_avoid = conditions_field(required=False)

    class Meta:
        model = MenteeProfile
        fields = ("role", *ProfileSerializerBase.base_fields, "goals", "topics_to_avoid")
        read_only_fields = ("updated_at",)

    @extend_schema_field(serializers.ChoiceField(choices=["mentee"]))
    def get_role(self, obj: Any) -> str:
        return "mentee"


class MentorProfileSerializer(ProfileSerializerBase):
    role = serializers.SerializerMethodField(help_text="Whose profile this is: always `mentor` here.")
    lived_experience = conditions_field(required=False)
    recovery_story = serializers.CharField(max_length=tx.RECOVERY_STORY_MAX, allow_blank=True, required=False)
    capacity = serializers.IntegerField(min_value=tx.CAPACITY_MIN, max_value=tx.CAPACITY_MAX, required=False)
    accepting_new = serializers.BooleanField(required=False)
    not_ready_for = conditions_field(required=False)

    class Meta:
        model = MentorProfile
        fields = (
            "role",
            *ProfileSerializerBase.base_fields,
            "lived_experience",
            "recovery_story",
            "capacity",
            "accepting_new",
            "not_ready_for",
            "vetting_status",
        )
        read_only_fields = ("updated_at", "vetting_status")

    @extend_schema_field(serializers.ChoiceField(choices=["mentor"]))
    def get_role(self, obj: Any) -> str:
        return "mentor"


class VettingDecisionSerializer(serializers.ModelSerializer):
    mentor = serializers.UUIDField(source="mentor.user_id", read_only=True)
    decided_by = serializers.UUIDField(source="decided_by_id", read_only=True)

    class Meta:
        model = VettingDecision
        fields = ("id", "mentor", "status", "note", "decided_by", "decided_at")
        read_only_fields = fields


class VettingRequestSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=VettingStatus.choices)
    note = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


class MentorAdminSerializer(serializers.ModelSerializer):
    """A mentor as coordinators see it in the vetting list."""

    id = serializers.UUIDField(source="user_id", read_only=True)
    display_name = serializers.CharField(source="user.display_name", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    last_decision = serializers.SerializerMethodField()

    class Meta:
        model = MentorProfile
        fields = (
            "id",
            "display_name",
            "email",
            "vetting_status",
            "languages",
            "timezone",
            "lived_experience",
            "not_ready_for",
            "capacity",
            "accepting_new",
            "bio",
            "recovery_story",
            "last_decision",
            "updated_at",
        )
        read_only_fields = fields

    @extend_schema_field(VettingDecisionSerializer(allow_null=True))
    def get_last_decision(self, obj: MentorProfile) -> dict[str, Any] | None:
        decisions = getattr(obj, "prefetched_decisions", None)
        if decisions is None:
            decisions = list(obj.vetting_decisions.all()[:1])
        return VettingDecisionSerializer(decisions[0]).data if decisions else None


class MentorPublicSerializer(serializers.ModelSerializer):
    """What a mentee may see of an approved mentor (no contact or private fields)."""

    id = serializers.UUIDField(source="user_id", read_only=True)
    display_name = serializers.CharField(source="user.display_name", read_only=True)

    class Meta:
        model = MentorProfile
        fields = ("id", "display_name", "languages", "lived_experience", "bio")
        read_only_fields = fields
