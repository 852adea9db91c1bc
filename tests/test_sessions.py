"""A browser session ends after SESSION_COOKIE_AGE (2 hours) without a request, however long
ago the user logged in; requests keep it alive without a database write on every page."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PASSWORD

LOGIN = "2026-11-22 09:00 +0800"


@pytest.fixture
def logged_in(client, alice, settings):
    settings.SESSION_COOKIE_AGE = 7200
    with time_machine.travel(LOGIN, tick=False) as traveller:
        response = client.post("/login/", {"username": "alice", "password": PASSWORD})
        assert response.status_code == 302
        yield traveller


def _home(client):
    return client.get("/")


def test_an_active_session_outlives_the_idle_timeout(client, logged_in):
    logged_in.move_to("2026-11-22 10:40 +0800")  # 100 minutes after the login: refreshed
    assert _home(client).status_code == 200
    logged_in.move_to("2026-11-22 12:30 +0800")  # 210 min after login, 110 after the last page
    assert _home(client).status_code == 200


def test_an_idle_session_ends_after_the_timeout(client, logged_in):
    logged_in.move_to("2026-11-22 10:40 +0800")
    assert _home(client).status_code == 200
    logged_in.move_to("2026-11-22 12:41 +0800")  # 121 minutes without a request
    response = _home(client)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_pages_within_a_minute_of_the_last_refresh_write_nothing(client, logged_in):
    logged_in.move_to("2026-11-22 09:00:30 +0800")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/account/token/").status_code == 200
    writes = [q["sql"] for q in captured.captured_queries if "django_session" in q["sql"]]
    assert [sql.split()[0] for sql in writes] == ["SELECT"]  # loaded, not saved
