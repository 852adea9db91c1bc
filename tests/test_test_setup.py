"""`make test` switches the Redis and browser tests on by itself when their services are here."""

import redis

from tests import conftest
from tests.browser import conftest as browser_conftest


def test_without_a_variable_the_redis_tests_use_the_spare_database_of_a_local_redis(
    monkeypatch,
):
    monkeypatch.delenv("ZONETRACK_TEST_REDIS_URL", raising=False)
    pinged = []
    monkeypatch.setattr(
        redis.Redis, "ping", lambda self: pinged.append(self.connection_pool.connection_kwargs)
    )

    url, reason = conftest.find_test_redis()

    assert url == "redis://127.0.0.1:6379/15"
    assert reason is None
    assert pinged[0]["host"] == "127.0.0.1" and pinged[0]["db"] == 15


def test_the_variable_chooses_the_redis_and_a_silent_one_gives_the_reason(monkeypatch):
    monkeypatch.setenv("ZONETRACK_TEST_REDIS_URL", "redis://127.0.0.1:1/3")

    url, reason = conftest.find_test_redis()

    assert url == "redis://127.0.0.1:1/3"
    assert reason.startswith("no Redis answers at redis://127.0.0.1:1/3")


def test_the_browser_tests_find_chromium_on_the_path_without_a_variable(monkeypatch):
    monkeypatch.delenv("ZONETRACK_CHROMIUM", raising=False)
    monkeypatch.setattr(browser_conftest.shutil, "which", lambda name: f"/opt/bin/{name}")

    assert browser_conftest.find_chromium() == "/opt/bin/chromium"
