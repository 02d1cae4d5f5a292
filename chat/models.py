from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class Conversation(models.Model):
    """The chat of one active match. Opens when the match becomes active, closes when it ends.

    ``last_seq`` is the per-conversation message counter. It is only ever advanced inside
    the transaction that inserts the messages, with this row locked, so ``seq`` values are
    gapless and never reused (see ``chat.services.messages_store``).
    """

    match = models.OneToOneField("matches.Match", on_delete=models.CASCADE, related_name="conversation")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    last_seq = models.PositiveBigIntegerField(default=0)
    # How far each party has read (a seq); unread counts are computed from these.
    mentee_read_seq = models.PositiveBigIntegerField(default=0)
    mentor_read_seq = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return f"conversation {self.pk} of match {self.match_id}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ModerationStatus(models.TextChoices):
    DELIVERED = "delivered", "Delivered"
    MASKED = "masked", "Delivered with parts removed"
    HELD = "held", "Held for review"


class Message(models.Model):
    """One chat message. ``body`` is what readers see (masked text when moderation masked it).

    ``original_body`` keeps the text as written when it differs from ``body``, for a
    coordinator's review; it is never sent to the other party.
    """

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    seq = models.PositiveBigIntegerField()
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_messages")
    client_msg_id = models.CharField(max_length=64)
    body = models.TextField()
    original_body = models.TextField(blank=True, default="")
    status = models.CharField(max_length=16, choices=ModerationStatus.choices, default=ModerationStatus.DELIVERED)
    flags = models.JSONField(default=list, blank=True)
    severity = models.PositiveSmallIntegerField(default=0)
    # Why a masked or held message was changed, for its sender (never quotes the text).
    notice = models.CharField(max_length=500, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["conversation", "seq"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["conversation", "seq"], name="chat_message_unique_seq"),
            # A client retrying a send must get the stored message back, never a duplicate.
            models.UniqueConstraint(fields=["sender", "client_msg_id"], name="chat_message_unique_client_id"),
        ]

    def __str__(self) -> str:
        return f"message {self.conversation_id}#{self.seq}"
