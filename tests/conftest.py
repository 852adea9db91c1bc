"""The shared cast (healthchecks style): two zones in one city and the people who use them.

- alice: official of zone A        - bob: official of zone B
- carol: zone lead of zone A       - dave: leadership of the whole city (read-only)
- admin: superuser

Time is fixed: tests that care about "today" use the ``frozen_today`` fixture (2026-11-22).
"""

import os
from datetime import date

import pytest
import redis
import time_machine
from django.conf import settings as django_settings
from django.utils import translation

from parks.choices import Role

from .factories import MembershipFactory, RegionFactory, UserFactory, ZoneFactory

TODAY = date(2026, 11, 22)


@pytest.fixture
def frozen_today():
    # Noon in Shanghai, so the local date is TODAY whatever the machine's zone.
    with time_machine.travel("2026-11-22 12:00 +0800", tick=False):
        yield TODAY


# A spare database of a local Redis: `make test` uses it when nothing else is configured.
LOCAL_TEST_REDIS_URL = "redis://127.0.0.1:6379/15"


def find_test_redis():
    """The test Redis and why it cannot be used (None when it answers):
    ``ZONETRACK_TEST_REDIS_URL`` when set (``.ci/run`` sets it), else the spare database of a
    Redis on 127.0.0.1:6379."""
    url = os.environ.get("ZONETRACK_TEST_REDIS_URL") or LOCAL_TEST_REDIS_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return url, f"no Redis answers at {url} (set ZONETRACK_TEST_REDIS_URL): {error}"
    return url, None


@pytest.fixture
def redis_url(request):
    """The test Redis; without one answering the test skips with the reason, except under CI,
    where it fails."""
    url, reason = find_test_redis()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs Redis for {request.node.name}: {reason}")
        pytest.skip(f"REDIS UNAVAILABLE, {request.node.name} skipped: {reason}")
    return url


@pytest.fixture(autouse=True, scope="session")
def evidence_storage_in_a_temporary_folder(tmp_path_factory):
    """Evidence files of tests go to a folder of their own (one per xdist worker), never to
    the project's media/ folder."""
    from django.test import override_settings

    root = tmp_path_factory.mktemp("evidence")
    storages = {
        **django_settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root},
        },
    }
    with override_settings(STORAGES=storages, EVIDENCE_ROOT=root):
        yield root


@pytest.fixture(autouse=True)
def sessions_outlive_time_travel(settings):
    # Tests log in once and travel hours or days (a frozen noon, then the next morning); the
    # idle timeout itself is tested with its own value in tests/test_sessions.py.
    settings.SESSION_COOKIE_AGE = 14 * 24 * 3600


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2 is slow on purpose; tests hash many passwords and need no such protection.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language():
    # LocaleMiddleware leaves a request's language (say an Accept-Language: en) active in the
    # thread; the next test starts from the default again.
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def city(db):
    province = RegionFactory(name="江苏省", code="JS")
    return RegionFactory(name="镇江市", code="JS-ZJ", parent=province)


@pytest.fixture
def zone_a(city):
    return ZoneFactory(name="镇江新区", code="ZA", region=city)


@pytest.fixture
def zone_b(city):
    return ZoneFactory(name="丹阳经开区", code="ZB", region=city)


def _member(username, role, **place):
    user = UserFactory(username=username)
    MembershipFactory(user=user, role=role, **place)
    return user


@pytest.fixture
def alice(zone_a):
    return _member("alice", Role.OFFICIAL, zone=zone_a)


@pytest.fixture
def bob(zone_b):
    return _member("bob", Role.OFFICIAL, zone=zone_b)


@pytest.fixture
def carol(zone_a):
    return _member("carol", Role.ZONE_LEAD, zone=zone_a)


@pytest.fixture
def dave(city):
    return _member("dave", Role.LEADERSHIP, zone=None, region=city)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)
