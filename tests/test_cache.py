"""With Redis down, the cache degrades to misses and pages keep being served."""

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.factories import PASSWORD

# Nothing listens on port 1: every connection is refused at once.
DOWN = {
    "default": {
        "BACKEND": "zonetrack.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@override_settings(CACHES=DOWN)
def test_an_unreachable_redis_answers_like_an_empty_cache():
    cache = caches["default"]
    assert cache.get("key", "fallback") == "fallback"
    assert cache.add("key", 1) is False
    cache.set("key", 1)
    assert cache.incr("key", 3) == 3
    assert cache.get_many(["a", "b"]) == {}
    assert cache.delete("key") is False


@override_settings(CACHES=DOWN)
def test_login_and_the_api_work_while_redis_is_down(client, alice, zone_a):
    response = client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    token = Token.objects.create(user=alice)
    response = client.get("/api/projects/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200


@pytest.mark.redis
def test_a_reachable_redis_is_a_real_cache(redis_url):
    with override_settings(
        CACHES={
            "default": {"BACKEND": "zonetrack.cache.ResilientRedisCache", "LOCATION": redis_url}
        }
    ):
        cache = caches["default"]
        cache.delete("zonetrack:test")
        assert cache.add("zonetrack:test", 1, timeout=10) is True
        assert cache.add("zonetrack:test", 2, timeout=10) is False
        assert cache.incr("zonetrack:test", 4) == 5
        cache.delete("zonetrack:test")
