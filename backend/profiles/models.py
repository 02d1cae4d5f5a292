from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .taxonomy import CAPACITY_MAX, CAPACITY_MIN


class VettingStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    SUSPENDED = "suspended", "Suspended"


class ProfileBase(models.Model):
    """Fields both roles share. List fields hold validated codes (see taxonomy)."""

    languages = models.JSONField(default=list)
    timezone = models.CharField(max_length=64, default="UTC")
    # [{"day": 0-6, "start": "HH:MM", "end": "HH:MM"}] in the profile's own time zone
    availability = models.JSONField(default=list)
    condition_focus = models.JSONField(default=list)
    bio = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class MenteeProfile(ProfileBase):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="mentee_profile"
    )
    goals = models.TextField(blank=True, default="")
    topics_to_avoid = models.JSONField(default=list)
    # Set while a crisis alert about this mentee waits for a coordinator: no new batch proposals.
    matching_paused = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"mentee profile of {self.user_id}"


class MentorProfile(ProfileBase):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="mentor_profile"
    )
    lived_experience = models.JSONField(default=list)
    recovery_story = models.TextField(blank=True, default="")
    capacity = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(CAPACITY_MIN), MaxValueValidator(CAPACITY_MAX)]
    )
    accepting_new = models.BooleanField(default=True)
    not_ready_for = models.JSONField(default=list)
    vetting_status = models.CharField(max_length=16, choices=VettingStatus.choices, default=VettingStatus.PENDING)

    class Meta:
        indexes: ClassVar = [models.Index(fields=["vetting_status"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=CAPACITY_MIN, capacity__lte=CAPACITY_MAX),
                name="mentor_capacity_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"mentor profile of {self.user_id} ({self.vetting_status})"


class VettingDecision(models.Model):
    """A coordinator's decision on a mentor: an append-only record of who, when and why."""

    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="vetting_decisions")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="vetting_decisions_made"
    )
    status = models.CharField(max_length=16, choices=VettingStatus.choices)
    note = models.TextField(blank=True, default="")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.status} by {self.decided_by_id} at {self.decided_at:%Y-%m-%d %H:%M}"
