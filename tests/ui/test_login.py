import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_it_logs_an_official_in_and_sends_them_home(client, alice):
    response = _login(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_it_sends_anonymous_visitors_to_the_login_page(client, db):
    response = client.get(reverse("projects:list"))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


# The lockout (every way in, per user and address) is tested in tests/test_lockout.py.


def test_the_login_page_is_in_chinese_by_default(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()
