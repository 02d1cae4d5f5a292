from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q


class MatchState(models.TextChoices):
    REQUESTED = "requested", "Requested by the mentee"
    PROPOSED = "proposed", "Proposed by a batch run"
    AWAITING_MENTOR = "awaiting_mentor", "Approved, awaiting the mentor"
    ACTIVE = "active", "Active"
    REJECTED = "rejected", "Rejected by a coordinator"
    DECLINED = "declined", "Declined by the mentor"
    EXPIRED = "expired", "Expired"
    ENDED = "ended", "Ended"


# A match in one of these states holds the pair: no second open match between them.
OPEN_STATES = (MatchState.REQUESTED, MatchState.PROPOSED, MatchState.AWAITING_MENTOR, MatchState.ACTIVE)
# States that count against a mentor's capacity.
LOAD_STATES = (MatchState.AWAITING_MENTOR, MatchState.ACTIVE)


class Match(models.Model):
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="matches_as_mentee")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="matches_as_mentor")
    state = models.CharField(max_length=16, choices=MatchState.choices)
    note = models.TextField(blank=True, default="")
    score = models.FloatField(null=True, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    weights_version = models.CharField(max_length=32, blank=True, default="")
    run = models.ForeignKey("MatchingRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals")
    # Set when crisis language appeared in the conversation; cleared when a coordinator acknowledges.
    flagged = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    awaiting_since = models.DateTimeField(null=True, blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["state", "awaiting_since"]),
            models.Index(fields=["mentor", "state"]),
            models.Index(fields=["mentee", "state"]),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["mentee", "mentor"],
                condition=Q(state__in=[s.value for s in OPEN_STATES]),
                name="one_open_match_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"match {self.pk} {self.mentee_id} → {self.mentor_id} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class MatchTransition(models.Model):
    """One step in a match's life: who moved it, from where to where, when and why."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=16, choices=MatchState.choices, blank=True, default="")
    to_state = models.CharField(max_length=16, choices=MatchState.choices)
    # Null for the system (expiry job, batch run without a person behind it).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_role = models.CharField(max_length=16, default="system")
    reason = models.TextField(blank=True, default="")
    # At creation: the score breakdown and weights version the proposal was made with.
    snapshot = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state or '∅'} → {self.to_state} by {self.actor_role}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class MatchingRun(models.Model):
    """A batch assignment of waiting mentees to mentors, run in the background."""

    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    params = models.JSONField(default=dict, blank=True)
    stats = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"run {self.pk} ({self.status})"
