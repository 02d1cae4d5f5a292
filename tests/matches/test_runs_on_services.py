"""A batch run on the production shape: a real Celery worker over Redis, on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from backend.celery import app as celery_app
from backend.matches.models import MatchingRun
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker(postgres, redis_url):
    """A worker process consuming a queue of its own, on the test database."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backend.settings.base",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "backend", "worker", "--pool=solo", "-Q", queue, "--loglevel=WARNING"],
        cwd=ROOT,
        env=env,
    )
    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue, celery_app.conf.broker_url)
    celery_app.conf.update(task_always_eager=False, task_default_queue=queue, broker_url=redis_url)
    try:
        yield process
    finally:
        celery_app.conf.update(task_always_eager=previous[0], task_default_queue=previous[1], broker_url=previous[2])
        process.terminate()
        process.wait(timeout=20)


@pytest.mark.django_db(transaction=True)
def test_a_run_completes_in_the_background_on_a_real_worker(worker, as_user):
    coordinator = make_user("coordinator")
    make_user("mentor")
    for _ in range(3):
        make_user("mentee")
    response = as_user(coordinator).post("/api/v1/matching/runs/", {}, format="json")
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    run_id = response.json()["id"]
    deadline = time.monotonic() + 60
    status = "queued"
    while time.monotonic() < deadline and status in ("queued", "running"):
        time.sleep(0.25)
        status = MatchingRun.objects.get(pk=run_id).status
    assert status == "succeeded"
    body = as_user(coordinator).get(f"/api/v1/matching/runs/{run_id}/").json()
    assert body["stats"]["matched"] == 3
    assert len(body["proposals"]) == 3
