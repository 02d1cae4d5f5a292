import logging
from typing import Any

from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "backend.safety"
    label = "safety"

    def ready(self) -> None:
        from django.db import transaction

        from backend.core import privacy as registry
        from chat.services import messages_stored

        from . import moderation, privacy

        registry.register_exporter("safety", privacy.safety_export)
        registry.register_eraser("safety", privacy.safety_erase)

        def on_messages_stored(sender: Any, stored: list[tuple[Any, Any]], **kwargs: Any) -> None:
            with transaction.atomic():
                for message, outcome in stored:
                    moderation.message_flagged(message=message, outcome=outcome)
            wanted = [m.pk for m, outcome in stored if moderation.second_opinion_wanted(message=m, outcome=outcome)]
            if wanted:
                from .tasks import crisis_second_opinions

                # One job per stored batch: queuing costs a Redis round trip on the send path.
                # No retries: with the broker down, the send must not wait for it.
                try:
                    crisis_second_opinions.apply_async((wanted,), retry=False)
                except Exception:  # the queue is down: the rules' verdict stands
                    logging.getLogger(__name__).warning("could not queue a second opinion on %s messages", len(wanted))

        messages_stored.connect(on_messages_stored, weak=False, dispatch_uid="safety.moderation")
