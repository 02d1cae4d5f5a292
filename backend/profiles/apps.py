from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "backend.profiles"
    label = "profiles"

    def ready(self) -> None:
        from backend.core import privacy

        from . import services

        privacy.register_exporter("profile", services.profile_export)
        privacy.register_eraser("profile", services.profile_erase)
