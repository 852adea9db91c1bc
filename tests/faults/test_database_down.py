"""PostgreSQL restarting (issue 15): while it cannot be reached a request is a clear 503 (the
site's page, JSON under /api/), and once it is back the app reconnects by itself."""

import io
import socket
from wsgiref.util import setup_testing_defaults

import psycopg2
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.db.utils import ConnectionHandler
from django.test import Client
from django.urls import reverse


@pytest.fixture
def database_down(django_db_blocker):
    """Swap the default connection for one to a port where no PostgreSQL listens, as during
    a restart, and put the real one back afterwards."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    down = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "zonetrack",
                "HOST": "127.0.0.1",
                "PORT": port,
                "USER": "postgres",
                "CONN_HEALTH_CHECKS": True,
            }
        }
    )["default"]
    real = connections["default"]
    with django_db_blocker.unblock():
        connections["default"] = down
        try:
            yield
        finally:
            connections["default"] = real


def test_a_page_answers_503_while_the_database_is_down(database_down):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a" * 32  # the session is read from the database
    response = client.get(reverse("home"))
    # 503 with the site's page, not the 500 page
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert 'id="error-page"' in response.content.decode()
    assert "503" in response.content.decode()


def test_the_api_answers_503_in_json_while_the_database_is_down(database_down):
    client = Client(raise_request_exception=False, headers={"Authorization": "Token abc"})
    response = client.get("/api/projects/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response.json() == {
        "detail": "The database is unavailable for a moment; try again in a minute."
    }


def wsgi_get(path, cookie):
    """A request through Django's WSGI handler, as gunicorn sends it: unlike the test client,
    it runs the connection upkeep (close_old_connections) at the start and end."""
    environ = {"PATH_INFO": path, "HTTP_COOKIE": cookie, "wsgi.input": io.BytesIO()}
    setup_testing_defaults(environ)
    status = []
    WSGIHandler()(environ, lambda line, headers: status.append(int(line.split()[0])))
    return status[0]


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL restart")
def test_the_app_reconnects_by_itself_after_the_database_restarts(transactional_db):
    cookie = "sessionid=" + "a" * 32  # the session is read from the database
    # anonymous: redirected to the login page, after one query on the sessions
    assert wsgi_get("/", cookie) == 302
    persistent = connections["default"].connection
    assert persistent is not None
    # A restart ends every connection the server had: end ours as the server does.
    settings = connections["default"].settings_dict
    with (
        psycopg2.connect(
            dbname=settings["NAME"],
            user=settings["USER"],
            password=settings["PASSWORD"],
            host=settings["HOST"],
            port=settings["PORT"],
        ) as admin,
        admin.cursor() as cursor,
    ):
        cursor.execute("SELECT pg_terminate_backend(%s)", [persistent.info.backend_pid])
    admin.close()
    # CONN_HEALTH_CHECKS: the dead connection is found at the start of the next request and
    # replaced, so that request is served (without it: a 503 first).
    assert wsgi_get("/", cookie) == 302
    assert connections["default"].connection is not persistent
