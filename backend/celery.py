"""The Celery application: background jobs and periodic jobs.

Production uses Redis as the broker (``REDIS_URL``). The embedded default needs no extra
service: the broker is a folder on disk, and ``make run`` starts one worker with the
periodic scheduler beside the web server.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings.base")

app = Celery("kindred")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
