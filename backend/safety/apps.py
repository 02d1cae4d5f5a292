from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "backend.safety"
    label = "safety"
