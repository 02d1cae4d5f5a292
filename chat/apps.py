from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "chat"
    label = "chat"

    def ready(self) -> None:
        from backend.core import privacy
        from backend.profiles.signals import mentor_changed

        from . import services

        privacy.register_exporter("messages", services.messages_export)
        privacy.register_eraser("messages", services.messages_erase)
        mentor_changed.connect(_close_sockets_of_suspended_mentor, dispatch_uid="chat.suspended_mentor")


def _close_sockets_of_suspended_mentor(sender: Any, mentor_id: Any, **kwargs: Any) -> None:
    """A suspended mentor's sockets close at once (the signal is sent after commit)."""
    from backend.profiles.models import MentorProfile, VettingStatus

    from .notify import CLOSE_FORBIDDEN, disconnect_user

    if MentorProfile.objects.filter(user_id=mentor_id, vetting_status=VettingStatus.SUSPENDED).exists():
        disconnect_user(mentor_id, CLOSE_FORBIDDEN)
