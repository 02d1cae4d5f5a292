"""ASGI entry point: HTTP (API, docs, static files) and WebSockets."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings.base")

from django.core.asgi import get_asgi_application

# Django must be set up before anything imports models (consumers do).
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter  # noqa: E402

application = ProtocolTypeRouter({"http": django_asgi_app})
