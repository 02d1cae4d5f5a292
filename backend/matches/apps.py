from typing import Any

from django.apps import AppConfig


class MatchesConfig(AppConfig):
    name = "backend.matches"
    label = "matches"

    def ready(self) -> None:
        from backend.profiles.signals import mentor_changed

        from . import matcher

        def on_mentor_changed(sender: Any, mentor_id: Any, **kwargs: Any) -> None:
            matcher.mark_mentor_changed(mentor_id)

        mentor_changed.connect(on_mentor_changed, weak=False, dispatch_uid="matches.index")
