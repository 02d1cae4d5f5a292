"""Production settings refuse unsafe configuration and pass Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-production-secret-" + "z" * 20


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DEBUG"}}
    base.update({"DJANGO_SETTINGS_MODULE": "backend.settings.production"}, **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120
    )


PROD_ENV = {
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "api.kindred.example",
    "DATABASE_URL": "postgres://kindred@127.0.0.1:5432/kindred",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PROD_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_the_development_key():
    result = manage("check", **{**PROD_ENV, "SECRET_KEY": "insecure-development-key-change-me-0123456789abcdef"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_redis():
    env = {k: v for k, v in PROD_ENV.items() if k != "REDIS_URL"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_malformed_value_is_refused_loudly():
    result = manage("check", **{**PROD_ENV, "WS_TICKET_SECONDS": "600"})
    assert result.returncode != 0
    assert "WS_TICKET_SECONDS" in result.stderr


def test_env_example_lists_every_variable_the_settings_read():
    import re

    read = set()
    for path in (ROOT / "backend" / "settings").glob("*.py"):
        read |= set(re.findall(r'env\.\w+\("([A-Z_]+)"', path.read_text()))
    listed = set(re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read - listed == set()


def test_a_connection_pool_is_configured_for_postgresql():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS']['pool'])",
        **{**PROD_ENV, "DB_POOL_MAX_SIZE": "8", "DB_POOL_MIN_SIZE": "2", "DB_POOL_TIMEOUT": "5"},
    )
    assert result.returncode == 0, result.stderr
    assert "'min_size': 2, 'max_size': 8, 'timeout': 5.0" in result.stdout


def test_a_connection_pool_is_refused_without_postgresql_or_beside_persistent_connections():
    sqlite = manage("check", **{**PROD_ENV, "DATABASE_URL": "sqlite:///pool.sqlite3", "DB_POOL_MAX_SIZE": "8"})
    assert sqlite.returncode != 0
    assert "DB_POOL_MAX_SIZE needs PostgreSQL" in sqlite.stderr
    persistent = manage("check", **{**PROD_ENV, "DB_POOL_MAX_SIZE": "8", "CONN_MAX_AGE": "60"})
    assert persistent.returncode != 0
    assert "CONN_MAX_AGE" in persistent.stderr
