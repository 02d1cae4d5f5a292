"""Test settings: the base settings with a fast password hasher."""

from .base import *  # noqa: F403

# A fast hasher keeps the suite quick; production keeps Django's default.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEBUG = False

# Background jobs run in-process at once; service-backed tests start a real worker.
CELERY_TASK_ALWAYS_EAGER = True
