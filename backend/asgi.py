"""ASGI entry point: HTTP (API, docs, static files) and WebSockets (the chat socket at /ws/)."""

import gc
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings.base")

from django.core.asgi import get_asgi_application

# Django must be set up before anything imports models (consumers do).
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from chat.routing import websocket_urlpatterns  # noqa: E402

# The cyclic garbage collector stops the event loop while it runs; with 1000 sockets on a
# worker a full pass took ~100 ms, the largest part of the chat path's p99 (docs/BENCHMARKS.md,
# chat section). Everything loaded by now lives as long as the process, so it is frozen out
# of every pass; and the middle generation is collected 10x less often, so the short-lived
# objects of messages in flight die young instead of being promoted, which had triggered a
# full pass every few seconds under load.
gc.collect()
gc.freeze()
gc.set_threshold(700, 100, 10)

# No Origin validator here on purpose: the chat consumer applies the Origin policy itself
# (browsers from WS_ALLOWED_ORIGINS, native apps that send no Origin), and authentication
# is a one-time ticket, never a cookie.
application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": URLRouter(websocket_urlpatterns),
    }
)
