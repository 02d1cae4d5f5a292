"""Test settings: the base settings with a fast password hasher."""

from .base import *  # noqa: F403

# A fast hasher keeps the suite quick; production keeps Django's default.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEBUG = False

# Background jobs run in-process at once; service-backed tests start a real worker.
CELERY_TASK_ALWAYS_EAGER = True

# Parallel test processes share one Redis: each gets a cache database of its own, because
# clearing the cache between tests (FLUSHDB) must not wipe another process's counters.
if REDIS_URL:
    import os
    from urllib.parse import urlsplit, urlunsplit

    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    _index = 1 + (int(_worker[2:]) if _worker[2:].isdigit() else 0)
    _parts = urlsplit(REDIS_URL)
    CACHES = {"default": {**CACHES["default"], "LOCATION": urlunsplit(_parts._replace(path=f"/{_index}"))}}
