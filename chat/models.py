from __future__ import annotations

from typing import ClassVar

from django.db import models


class Conversation(models.Model):
    """The chat of one active match. Opens when the match becomes active, closes when it ends."""

    match = models.OneToOneField("matches.Match", on_delete=models.CASCADE, related_name="conversation")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return f"conversation {self.pk} of match {self.match_id}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
