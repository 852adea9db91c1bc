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


def test_it_refuses_the_sixth_attempt_after_five_failures_even_with_the_right_password(
    client, alice, settings
):
    settings.LOGIN_THROTTLE_ATTEMPTS = 5
    for _ in range(5):
        assert _login(client, "alice", "wrong").status_code == 200
    response = _login(client, "alice", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    codes = [e.code for e in response.context["form"].non_field_errors().as_data()]
    assert codes == ["throttled"]
    assert "登录失败次数过多" in response.content.decode()


def test_it_counts_failures_per_username(client, alice, bob, settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 2
    _login(client, "alice", "wrong")
    _login(client, "alice", "wrong")
    assert _login(client, "bob", PASSWORD).status_code == 302


def test_a_successful_login_clears_the_failures(client, alice, settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
    _login(client, "alice", "wrong")
    _login(client, "alice", "wrong")
    assert _login(client, "alice", PASSWORD).status_code == 302
    client.logout()
    _login(client, "alice", "wrong")
    _login(client, "alice", "wrong")
    assert _login(client, "alice", PASSWORD).status_code == 302


def test_the_login_page_is_in_chinese_by_default(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()
