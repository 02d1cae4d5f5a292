from typing import Any

from django.apps import AppConfig


class MatchesConfig(AppConfig):
    name = "backend.matches"
    label = "matches"

    def ready(self) -> None:
        from backend.core import privacy
        from backend.profiles.signals import mentor_changed

        from . import matcher
        from .privacy import matches_erase, matches_export

        privacy.register_exporter("matches", matches_export)
        privacy.register_eraser("matches", matches_erase)

        def on_mentor_changed(sender: Any, mentor_id: Any, **kwargs: Any) -> None:
            matcher.mark_mentor_changed(mentor_id)

        mentor_changed.connect(on_mentor_changed, weak=False, dispatch_uid="matches.index")
