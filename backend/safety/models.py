from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models


class Block(models.Model):
    """``blocker`` stops hearing from ``blocked``; the pair is never matched again.

    Unblocking sets ``lifted_at``: delivery resumes, but the row stays, because a pair that
    was ever blocked stays excluded from matching for good.
    """

    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received")
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["blocker", "blocked"], name="one_block_per_pair")]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"


class AuditEvent(models.Model):
    """Append-only record of who read or changed what, when and why. Never holds message text."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_role = models.CharField(max_length=16, default="system")
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=32)
    target_id = models.CharField(max_length=64)
    reason = models.TextField(blank=True, default="")
    request_id = models.CharField(max_length=64, blank=True, default="")
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["target_type", "target_id"]), models.Index(fields=["action"])]

    def __str__(self) -> str:
        return f"{self.actor_role} {self.action} {self.target_type}:{self.target_id}"

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise ValueError("audit events are append-only")
        super().save(*args, **kwargs)


class Category(models.TextChoices):
    """How urgent an item is for coordinators: crisis before safety before other."""

    CRISIS = "crisis", "Crisis"
    SAFETY = "safety", "Safety"
    OTHER = "other", "Other"


CATEGORY_RANK = {Category.CRISIS: 0, Category.SAFETY: 1, Category.OTHER: 2}


class Report(models.Model):
    """A user's report about a message or a person, with the evidence as it stood then.

    ``evidence`` is a snapshot taken at report time and never changed afterwards (it
    survives edits, hiding and even the erasure of either person).
    """

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="reports_made"
    )
    reported_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports_received"
    )
    message = models.ForeignKey(
        "chat.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    reason = models.CharField(max_length=200)
    details = models.TextField(blank=True, default="")
    category = models.CharField(max_length=16, choices=Category.choices, default=Category.OTHER)
    evidence = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"report {self.pk} ({self.category})"

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise ValueError("reports are immutable once made")
        super().save(*args, **kwargs)


class ItemStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"


class ResolveAction(models.TextChoices):
    DISMISS = "dismiss", "Dismiss"
    HIDE_MESSAGE = "hide_message", "Hide the message"
    WARN = "warn", "Warn the sender"
    SUSPEND_USER = "suspend_user", "Suspend the user"


class ModerationItem(models.Model):
    """One entry of the coordinators' queue: a flagged message or a report."""

    message = models.ForeignKey(
        "chat.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="moderation_items"
    )
    report = models.OneToOneField(
        Report, null=True, blank=True, on_delete=models.CASCADE, related_name="moderation_item"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    category = models.CharField(max_length=16, choices=Category.choices)
    category_rank = models.PositiveSmallIntegerField()
    severity = models.PositiveSmallIntegerField(default=0)
    flags = models.JSONField(default=list, blank=True)
    # An abuse finding against ``subject``: repeated ones raise the severity of the next.
    is_abuse = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    resolution = models.CharField(max_length=16, choices=ResolveAction.choices, blank=True, default="")
    resolution_note = models.TextField(blank=True, default="")
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["category_rank", "-severity", "created_at", "id"]
        indexes: ClassVar = [models.Index(fields=["status", "category_rank", "severity"])]

    def __str__(self) -> str:
        return f"moderation item {self.pk} ({self.category}, {self.status})"


class Warning(models.Model):
    """A coordinator's warning to a user; repeated warnings raise moderation severity."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="warnings")
    item = models.ForeignKey(ModerationItem, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"warning to {self.user_id}"


class CrisisAlert(models.Model):
    """Crisis language in a conversation: a coordinator must acknowledge it.

    Until then the match stays flagged and the mentee gets no new batch proposals; an
    alert left unacknowledged escalates.
    """

    message = models.ForeignKey("chat.Message", null=True, on_delete=models.SET_NULL, related_name="crisis_alerts")
    match = models.ForeignKey("matches.Match", null=True, on_delete=models.SET_NULL, related_name="crisis_alerts")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sender_role = models.CharField(max_length=16)
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True, default="")
    escalation_level = models.PositiveSmallIntegerField(default=0)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["acknowledged_at", "created_at"])]

    def __str__(self) -> str:
        return f"crisis alert {self.pk}"
