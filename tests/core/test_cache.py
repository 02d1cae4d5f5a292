"""The Redis cache fails soft: an unreachable Redis is a cache that holds nothing."""

import pytest
from django.core.cache import cache

UNREACHABLE = {"default": {"BACKEND": "backend.core.cache.FailSoftRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}


def test_an_unreachable_cache_misses_and_drops_writes(settings, caplog, monkeypatch):
    monkeypatch.setattr("backend.core.cache._down", False)  # whatever an earlier test left
    settings.CACHES = UNREACHABLE
    assert cache.get("k", "default") == "default"
    assert cache.get_many(["k"]) == {}
    assert cache.add("k", 1) is False
    assert cache.set("k", 1) is None
    assert cache.set_many({"k": 1}) == ["k"]
    assert cache.delete("k") is False
    with pytest.raises(ValueError):  # what callers already expect of a missing key
        cache.incr("k")
    warnings = [r.getMessage() for r in caplog.records if r.name == "backend.core.cache"]
    assert warnings == ["cache unavailable (get: ConnectionError); continuing without it"]  # once per outage


@pytest.mark.django_db
def test_requests_keep_working_without_the_cache(settings, as_user, mentee):
    # Throttles keep their counters in the cache: they let requests through instead of failing them.
    settings.CACHES = UNREACHABLE
    assert as_user(mentee).get("/api/v1/me/").status_code == 200
