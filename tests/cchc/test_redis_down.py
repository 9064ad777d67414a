"""Redis down (issue 23, faults): with REDIS_URL configured and nothing answering there, pages
still work — every cache call is a miss, sessions fall back to PostgreSQL (cached_db)."""

from __future__ import annotations

import time

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD

NOBODY_LISTENS = "redis://127.0.0.1:9/0"  # the discard port: connection refused at once
DOWN = {
    "default": {
        "BACKEND": "cchc.cache.ResilientRedisCache",
        "LOCATION": NOBODY_LISTENS,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


def test_every_cache_call_is_a_miss_quickly(settings):
    settings.CACHES = DOWN
    cache = caches["default"]  # the settings fixture reset the cache handler
    start = time.perf_counter()
    assert cache.get("k", "fallback") == "fallback"
    assert cache.add("k", 1) is False
    assert cache.set("k", 1) is None
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1}) == ["a"]
    assert cache.delete("k") is False
    assert cache.has_key("k") is False
    assert time.perf_counter() - start < 5


@pytest.mark.django_db
def test_login_and_pages_work_with_redis_down(cast, settings, caplog):
    settings.CACHES = DOWN
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "tt", "password": TEST_PASSWORD})
    assert response.status_code == 302
    page = client.get(reverse("plans:list"))
    assert page.status_code == 200
    assert "Redis unavailable" in caplog.text
