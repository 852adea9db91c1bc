"""One lockout for every way in: the login page, /api/auth/token/ and /admin/login/ count
failed guesses together, per user and client address, and a locked pair gets in nowhere.

The client address is the forwarded one only when the request comes from a trusted proxy
(ZONETRACK_TRUSTED_PROXIES); a header the client sends itself changes nothing.
"""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import PASSWORD

PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def five_attempts(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.TRUSTED_PROXIES = []
    cache.clear()  # the API's throttles count in the cache
    yield
    cache.clear()


def _page(client, username, password, **headers):
    return client.post("/login/", {"username": username, "password": password}, **headers)


def _admin(client, username, password, **headers):
    data = {"username": username, "password": password, "next": "/admin/"}
    return client.post("/admin/login/", data, **headers)


def _token(username, password, **headers):
    return APIClient().post(
        "/api/auth/token/", {"username": username, "password": password}, **headers
    )


def test_the_fifth_failure_on_the_login_page_locks_the_user_out_of_the_page(client, alice):
    for _ in range(4):
        assert _page(client, "alice", "wrong").status_code == 200
    locked = _page(client, "alice", "wrong")
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    # The right password no longer helps for 15 minutes.
    assert _page(client, "alice", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_locked_user_gets_no_token(client, alice):
    for _ in range(5):
        _page(client, "alice", "wrong")
    response = _token("alice", PASSWORD, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert "Too many failed logins" in response.json()["detail"]
    assert not Token.objects.exists()


def test_guesses_at_the_token_endpoint_count_towards_the_lockout(client, alice):
    for _ in range(5):
        assert _token("alice", "wrong").status_code in (400, 429)
    assert _page(client, "alice", PASSWORD).status_code == 429


def test_the_admin_login_has_the_same_lockout(client, admin_user):
    # 2 guesses on the login page + 2 on the token endpoint + 1 on the admin = 5 failures.
    _page(client, "admin", "wrong")
    _page(client, "admin", "wrong")
    _token("admin", "wrong")
    _token("admin", "wrong")
    assert _admin(client, "admin", "wrong").status_code == 429
    assert _admin(client, "admin", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_successful_login_clears_the_failures(client, alice):
    for _ in range(4):
        _page(client, "alice", "wrong")
    assert _page(client, "alice", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _page(client, "alice", "wrong")
    assert _page(client, "alice", PASSWORD).status_code == 302


def test_failures_count_per_username(client, alice, bob):
    for _ in range(5):
        _page(client, "alice", "wrong")
    assert _page(client, "bob", PASSWORD).status_code == 302


def test_without_trusted_proxies_a_client_sent_forwarded_header_changes_nothing(client, alice):
    for n in range(5):
        _page(client, "alice", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    fresh_header = _page(client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert fresh_header.status_code == 429


def test_behind_a_trusted_proxy_a_guesser_locks_out_only_its_own_address(client, alice, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    guesser = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    for _ in range(5):
        _page(client, "alice", "wrong", **guesser)
    assert _page(client, "alice", PASSWORD, **guesser).status_code == 429
    # Alice, at another address behind the same proxy, still gets in.
    alice_at_her_desk = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.20"}
    assert _page(client, "alice", PASSWORD, **alice_at_her_desk).status_code == 302


def test_a_rotating_forwarded_header_through_a_trusted_proxy_is_read_from_the_right(
    client, alice, settings
):
    """The proxy appends the address it saw; what the client wrote before it is not believed."""
    settings.TRUSTED_PROXIES = [PROXY]
    for n in range(5):
        spoofed = f"192.0.2.{n}, 198.51.100.7"
        _page(client, "alice", "wrong", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=spoofed)
    again = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "192.0.2.99, 198.51.100.7"}
    assert _page(client, "alice", PASSWORD, **again).status_code == 429
