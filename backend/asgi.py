"""ASGI entry point: HTTP (API, docs, static files) and WebSockets (the chat socket at /ws/)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings.base")

from django.core.asgi import get_asgi_application

# Django must be set up before anything imports models (consumers do).
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from chat.routing import websocket_urlpatterns  # noqa: E402

# No Origin validator here on purpose: the chat consumer applies the Origin policy itself
# (browsers from WS_ALLOWED_ORIGINS, native apps that send no Origin), and authentication
# is a one-time ticket, never a cookie.
application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": URLRouter(websocket_urlpatterns),
    }
)
