"""Base settings, read from the environment through one reader.

Every variable has an embedded default that runs the service on one machine with
SQLite and the in-memory channel layer. ``.env.example`` lists each variable.
A malformed value raises ``ImproperlyConfigured`` at start-up.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is honoured for development; real deployments set variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-change-me-0123456789abcdef")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "backend.core",
    "backend.accounts",
    "backend.profiles",
    "backend.matches",
    "backend.safety",
    "chat",
]

MIDDLEWARE = [
    "backend.core.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "backend.urls"
ASGI_APPLICATION = "backend.asgi.application"
WSGI_APPLICATION = "backend.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# 0: close the connection at the end of each request. Under ASGI every request runs its
# database code on a thread of its own, so a persistent connection is never reused: each
# request left one open, idle, until PostgreSQL refused new clients (docs/BENCHMARKS.md,
# mixed load). Persistent connections help only the sync Celery workers.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite in WAL mode with a busy timeout copes with one ASGI worker's concurrency.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"})
# A pool of PostgreSQL connections per process (Django's psycopg pool), off by default. With
# DB_POOL_MAX_SIZE=N a request borrows an open connection and gives it back when it ends,
# instead of opening a new one; at most N are open, and a request waits up to
# DB_POOL_TIMEOUT seconds for one. It replaces persistent connections: CONN_MAX_AGE stays 0.
DB_POOL_MAX_SIZE = env.int("DB_POOL_MAX_SIZE", default=0)
if DB_POOL_MAX_SIZE:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DB_POOL_MAX_SIZE needs PostgreSQL: set DATABASE_URL to a postgres:// URL")
    if DATABASES["default"]["CONN_MAX_AGE"]:
        raise ImproperlyConfigured("DB_POOL_MAX_SIZE and CONN_MAX_AGE exclude each other: set CONN_MAX_AGE=0")
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": min(env.int("DB_POOL_MIN_SIZE", default=1), DB_POOL_MAX_SIZE),
        "max_size": DB_POOL_MAX_SIZE,
        "timeout": env.float("DB_POOL_TIMEOUT", default=10.0),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: channel layer and cache ---------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
    # Fails soft: while Redis is unreachable the cache holds nothing (see backend/core/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "backend.core.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="kindred"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Auth -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve static files straight from the apps' folders when no collectstatic ran
# (development and tests), so the offline API docs work under any ASGI server.
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=True)
if WHITENOISE_USE_FINDERS:
    STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise expects it even when serving from the apps

# --- REST framework -------------------------------------------------------------------
API_RATE_USER = env.str("API_RATE_USER", default="600/min")
API_RATE_ANON = env.str("API_RATE_ANON", default="120/min")
LOGIN_RATE = env.str("LOGIN_RATE", default="10/min")
REGISTER_RATE = env.str("REGISTER_RATE", default="20/hour")
LOGIN_LOCKOUT_FAILURES = env.int("LOGIN_LOCKOUT_FAILURES", default=5)
LOGIN_LOCKOUT_SECONDS = env.int("LOGIN_LOCKOUT_SECONDS", default=900)

REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["backend.accounts.authentication.JWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "backend.core.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "backend.core.exceptions.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": API_RATE_ANON,
        "user": API_RATE_USER,
        "login": LOGIN_RATE,
        "register": REGISTER_RATE,
    },
    "UNAUTHENTICATED_USER": None,
}
if env.bool("BROWSABLE_API", default=False):
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append("rest_framework.renderers.BrowsableAPIRenderer")

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("ACCESS_TOKEN_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("REFRESH_TOKEN_DAYS", default=14)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": False,
    "ALGORITHM": "HS256",
    "SIGNING_KEY": env.str("JWT_SIGNING_KEY", default=SECRET_KEY),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
    "AUTH_HEADER_TYPES": ("Bearer",),
}

WS_TICKET_SECONDS = env.int("WS_TICKET_SECONDS", default=30)
if not 1 <= WS_TICKET_SECONDS <= 60:
    raise ImproperlyConfigured("WS_TICKET_SECONDS must be between 1 and 60")

# --- API docs -------------------------------------------------------------------------
API_DOCS_ENABLED = env.bool("API_DOCS_ENABLED", default=True)
SPECTACULAR_SETTINGS = {
    "TITLE": "Kindred API",
    "DESCRIPTION": (
        "Peer-mentor matching and moderated chat for people in mental-health recovery. "
        "Authenticate with `Authorization: Bearer <access>` from `/api/v1/auth/token/`. "
        'Every error body is `{"error": {"code", "message", "fields"}}`. '
        "The WebSocket protocol is described in api_docs/websocket.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "VettingStatusEnum": "backend.profiles.models.VettingStatus",
        "MatchStateEnum": "backend.matches.models.MatchState",
        "RunStatusEnum": "backend.matches.models.RunStatus",
        "ResolveActionEnum": "backend.safety.models.ResolveAction",
        "ItemStatusEnum": "backend.safety.models.ItemStatus",
        "CategoryEnum": "backend.safety.models.Category",
        "ModerationStatusEnum": "chat.models.ModerationStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
    ],
}

# --- CORS and security ----------------------------------------------------------------
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/(api|ws)/.*$"
# Browsers may open sockets only from these origins; native apps send no Origin header.
WS_ALLOWED_ORIGINS = env.list("WS_ALLOWED_ORIGINS", default=CORS_ALLOWED_ORIGINS)

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Logging --------------------------------------------------------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Background jobs (Celery) ---------------------------------------------------------
QUEUE_DIR = BASE_DIR / ".queue"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    for _sub in ("messages", "processed"):
        (QUEUE_DIR / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(QUEUE_DIR / "messages"),
        "data_folder_out": str(QUEUE_DIR / "messages"),
        "processed_folder": str(QUEUE_DIR / "processed"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE_FILENAME = str(QUEUE_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "expire-stale-matches": {
        "task": "backend.matches.tasks.expire_stale_matches",
        "schedule": env.int("EXPIRY_SWEEP_SECONDS", default=60),
    },
    "purge-old-conversations": {
        "task": "backend.safety.tasks.purge_old_conversations",
        "schedule": env.int("RETENTION_SWEEP_SECONDS", default=3600),
    },
    "escalate-crisis-alerts": {
        "task": "backend.safety.tasks.escalate_crisis_alerts",
        "schedule": env.int("ESCALATION_SWEEP_SECONDS", default=30),
    },
}

# --- Safety ---------------------------------------------------------------------------
# A crisis alert nobody acknowledged within this time escalates (and again each period).
CRISIS_ESCALATE_MINUTES = env.int("CRISIS_ESCALATE_MINUTES", default=10)
# Messages of a conversation are deleted this long after its match ended (evidence excepted).
CONVERSATION_RETENTION_DAYS = env.int("CONVERSATION_RETENTION_DAYS", default=180)
# After a message is stored, a background job asks a semantic model whether it is crisis
# language the rules missed (about 10 ms a message, so never on the send path).
CRISIS_SECOND_OPINION = env.bool("CRISIS_SECOND_OPINION", default=True)

# --- Matching -------------------------------------------------------------------------
MATCH_AWAITING_MENTOR_HOURS = env.int("MATCH_AWAITING_MENTOR_HOURS", default=72)
MATCH_MAX_OPEN_REQUESTS = env.int("MATCH_MAX_OPEN_REQUESTS", default=3)
MATCH_MIN_OVERLAP_MINUTES = env.int("MATCH_MIN_OVERLAP_MINUTES", default=60)
MATCH_RUN_MAX_NEW_PER_MENTOR = env.int("MATCH_RUN_MAX_NEW_PER_MENTOR", default=0)

# --- Chat -----------------------------------------------------------------------------
# Dotted path of a zero-argument factory returning the moderation pipeline.
CHAT_MODERATION_PIPELINE = env.str("CHAT_MODERATION_PIPELINE", default="chat.moderation.default_pipeline")
# Dotted path of ``f([(user_id, role), ...]) -> {str(user_id): MessageContext}``: what the
# pipeline is told about a sender (likely country, prior offences).
CHAT_SENDER_CONTEXT = env.str("CHAT_SENDER_CONTEXT", default="backend.safety.moderation.sender_contexts")
# Sending: a burst of CHAT_FLOOD_BURST messages, then CHAT_FLOOD_PER_SECOND sustained, per user.
CHAT_FLOOD_BURST = env.int("CHAT_FLOOD_BURST", default=20)
CHAT_FLOOD_PER_SECOND = env.float("CHAT_FLOOD_PER_SECOND", default=2.0)
# A socket that keeps sending after this many refused sends in a row is closed (4429).
CHAT_FLOOD_STRIKES = env.int("CHAT_FLOOD_STRIKES", default=10)
# Every frame of any kind, per socket: exceeding this closes the socket at once (4429).
CHAT_FRAME_BURST = env.int("CHAT_FRAME_BURST", default=60)
CHAT_FRAME_PER_SECOND = env.float("CHAT_FRAME_PER_SECOND", default=20.0)
# Largest text frame handled; keep uvicorn's --ws-max-size equal (it closes with 1009 beyond it).
CHAT_MAX_FRAME_BYTES = 65536
# Without ?ticket=, the first frame must be {"type": "auth", "ticket": ...} within this time (else 4408).
CHAT_AUTH_TIMEOUT_SECONDS = env.float("CHAT_AUTH_TIMEOUT_SECONDS", default=10.0)
# Each worker re-checks its sockets' accounts and conversations this often, in one query, in
# case a revocation pushed through the channel layer was lost.
CHAT_REVALIDATE_SECONDS = env.float("CHAT_REVALIDATE_SECONDS", default=15.0)
CHAT_LAYER_TIMEOUT_SECONDS = env.float("CHAT_LAYER_TIMEOUT_SECONDS", default=2.0)
# Group commit: at most this many socket sends are stored in one transaction.
CHAT_BATCH_MAX = env.int("CHAT_BATCH_MAX", default=200)
# On PostgreSQL, store socket sends over an async connection in the event loop (true) or on
# a dedicated thread through Django's connection (false).
CHAT_ASYNC_WRITER = env.bool("CHAT_ASYNC_WRITER", default=True)
# With the async writer: batches in flight at once (one connection each; a conversation
# always uses the same one, so its messages keep their order).
CHAT_WRITERS = env.int("CHAT_WRITERS", default=2)
# With REDIS_URL: "pubsub" (RedisPubSubChannelLayer) or "redis" (RedisChannelLayer); see
# docs/BENCHMARKS.md for why pub/sub is the default.
CHAT_CHANNEL_LAYER = env.str("CHAT_CHANNEL_LAYER", default="pubsub")
# Redis pub/sub ignores the database number: deployments sharing a Redis need their own prefix.
CHAT_LAYER_PREFIX = env.str("CHAT_LAYER_PREFIX", default="kindred")
for _name, _value, _low, _high in (
    ("CHAT_FLOOD_BURST", CHAT_FLOOD_BURST, 1, 10_000),
    ("CHAT_FLOOD_PER_SECOND", CHAT_FLOOD_PER_SECOND, 0.01, 10_000),
    ("CHAT_FLOOD_STRIKES", CHAT_FLOOD_STRIKES, 1, 10_000),
    ("CHAT_FRAME_BURST", CHAT_FRAME_BURST, 1, 100_000),
    ("CHAT_FRAME_PER_SECOND", CHAT_FRAME_PER_SECOND, 0.1, 100_000),
    ("CHAT_AUTH_TIMEOUT_SECONDS", CHAT_AUTH_TIMEOUT_SECONDS, 0.1, 120),
    ("CHAT_REVALIDATE_SECONDS", CHAT_REVALIDATE_SECONDS, 0.1, 3600),
    ("CHAT_LAYER_TIMEOUT_SECONDS", CHAT_LAYER_TIMEOUT_SECONDS, 0.1, 60),
    ("CHAT_BATCH_MAX", CHAT_BATCH_MAX, 1, 10_000),
    ("CHAT_WRITERS", CHAT_WRITERS, 1, 16),
):
    if not _low <= _value <= _high:
        raise ImproperlyConfigured(f"{_name} must be between {_low} and {_high}")
if CHAT_CHANNEL_LAYER not in ("pubsub", "redis"):
    raise ImproperlyConfigured("CHAT_CHANNEL_LAYER must be 'pubsub' or 'redis'")
# The channel layer, configured on purpose (group_send is at most once; clients catch up by seq):
# - pub/sub keeps one unbounded queue per local socket, so nothing is dropped for "capacity";
# - RedisChannelLayer's capacity counts per *process* (all local channels share one Redis
#   key), so it is sized for a burst to 1000+ sockets, and groups outlive any socket;
# - redis-py 7.x is pinned: 8.x's socket timeout kills the layer's blocking receive loop.
if REDIS_URL:
    if CHAT_CHANNEL_LAYER == "redis":
        CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {
                    "hosts": [REDIS_URL],
                    "prefix": CHAT_LAYER_PREFIX,
                    "capacity": 50_000,
                    "expiry": 60,
                    "group_expiry": 86_400,
                },
            }
        }
    else:
        # channels-redis's pub/sub layer, repaired after a Redis restart (chat/redis_layer.py).
        CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "chat.redis_layer.ResilientRedisPubSubChannelLayer",
                "CONFIG": {"hosts": [REDIS_URL], "prefix": CHAT_LAYER_PREFIX},
            }
        }
else:
    # In-memory (one process: development and tests): per-channel capacity, expiry in seconds.
    CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels.layers.InMemoryChannelLayer", "CONFIG": {"capacity": 1000, "expiry": 60}}
    }
