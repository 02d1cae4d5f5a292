import pytest
from django.db import OperationalError


@pytest.mark.django_db
def test_healthz_says_the_process_is_up(client):
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.django_db(transaction=True)
def test_readyz_checks_database_and_channel_layer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "channel_layer": "ok", "cache": "ok"}


@pytest.mark.django_db(transaction=True)
def test_readyz_names_the_failing_database(client, monkeypatch):
    from backend.core import health

    def broken_cursor():
        raise OperationalError("down")

    monkeypatch.setattr(health.connection, "cursor", broken_cursor)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["error"]["failing"] == ["database"]
    assert response.json()["error"]["retryable"] is True


@pytest.mark.django_db(transaction=True)
def test_readyz_names_a_failing_channel_layer(client, settings):
    # Nothing listens on port 1: the layer cannot be reached.
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
        }
    }
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    try:
        response = client.get("/readyz")
    finally:
        channel_layers.backends.clear()
    assert response.status_code == 503
    assert response.json()["error"]["failing"] == ["channel_layer"]


@pytest.mark.django_db(transaction=True)
def test_readyz_names_an_unreachable_cache(client, settings):
    # Nothing listens on port 1; the cache fails soft, so only the probe notices.
    settings.CACHES = {
        "default": {"BACKEND": "backend.core.cache.FailSoftRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["error"]["failing"] == ["cache"]
    assert response.json()["checks"]["cache"] == "failing: no answer"


@pytest.mark.django_db(transaction=True)
def test_readyz_passes_on_the_real_redis_layer(client, settings, redis_url):
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer", "CONFIG": {"hosts": [redis_url]}}
    }
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    try:
        response = client.get("/readyz")
    finally:
        channel_layers.backends.clear()
    assert response.status_code == 200, response.json()
