import logging
from typing import Any

from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "backend.safety"
    label = "safety"

    def ready(self) -> None:
        from django.db import transaction

        from backend.core import privacy as registry
        from chat.services import message_stored

        from . import moderation, privacy

        registry.register_exporter("safety", privacy.safety_export)
        registry.register_eraser("safety", privacy.safety_erase)

        def on_message_stored(sender: Any, message: Any, outcome: Any, **kwargs: Any) -> None:
            with transaction.atomic():
                moderation.message_flagged(message=message, outcome=outcome)
            if moderation.second_opinion_wanted(message=message, outcome=outcome):
                from .tasks import crisis_second_opinion

                try:
                    crisis_second_opinion.delay(message.pk)
                except Exception:  # the queue is down: the rules' verdict stands
                    logging.getLogger(__name__).warning("could not queue a second opinion on message %s", message.pk)

        message_stored.connect(on_message_stored, weak=False, dispatch_uid="safety.moderation")
