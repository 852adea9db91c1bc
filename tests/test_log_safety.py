"""Credentials and tokens never reach a log: not gunicorn's access log (request line, query
string, referrer or headers, whatever the format names), not Django's request logs."""

import io
import logging
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from gunicorn.config import Config

TOKEN = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"
# Every atom that carries something the client sent: request line, path and query,
# referrer, the Authorization, Cookie and CSRF headers, and the same from the environ.
NOSY_FORMAT = (
    '%(h)s "%(r)s" %(q)s "%(f)s" %({authorization}i)s %({cookie}i)s %({x-csrftoken}i)s '
    "%({http_authorization}e)s %({query_string}e)s %({raw_uri}e)s"
)


def _gunicorn_config(tmp_path, access_log):
    """gunicorn's configuration as `gunicorn zonetrack.wsgi` in the project reads it."""
    config = Config()
    for name, value in runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    config.set("accesslog", str(access_log))
    config.set("access_log_format", NOSY_FORMAT)
    return config


def test_gunicorn_logs_no_token_and_no_password(tmp_path):
    access_log = tmp_path / "access.log"
    config = _gunicorn_config(tmp_path, access_log)
    logger = config.logger_class(config)
    query = f"token={TOKEN}&password=hunter2&page=2"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/api/projects/?{query}",
        "PATH_INFO": "/api/projects/",
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.2",
        "HTTP_AUTHORIZATION": f"Token {TOKEN}",
        "HTTP_REFERER": f"https://zt.example.gov/api/docs/?api_key={TOKEN}",
    }
    request = SimpleNamespace(
        headers=[
            ("AUTHORIZATION", f"Token {TOKEN}"),
            ("COOKIE", "sessionid=abcdef0123456789; csrftoken=zyx987"),
            ("X-CSRFTOKEN", "zyx987"),
        ]
    )
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    logger.access(response, request, environ, timedelta(milliseconds=12))
    for handler in logger.access_log.handlers:
        handler.flush()
    line = access_log.read_text()
    assert "GET /api/projects/?" in line and "page=2" in line  # still useful
    for secret in [TOKEN, "hunter2", "abcdef0123456789", "zyx987"]:
        assert secret not in line


@pytest.mark.parametrize("logger_name", ["django.server", "django.request", "zonetrack"])
def test_django_logs_no_token(logger_name):
    """runserver's request lines (django.server) and everything else the app logs."""
    logger = logging.getLogger(logger_name)
    # Every console handler the line passes: the logger's own and its ancestors'.
    consoles, holder = [], logger
    while holder:
        consoles += [h for h in holder.handlers if type(h) is logging.StreamHandler]
        holder = holder.parent if holder.propagate else None
    stream = io.StringIO()
    old = [console.setStream(stream) for console in consoles]
    try:
        logger.warning(
            '"%s" %s %s', f"GET /api/zones/?token={TOKEN} HTTP/1.1", 401, "Token " + TOKEN
        )
    finally:
        for console, previous in zip(consoles, old, strict=True):
            console.setStream(previous)
    line = stream.getvalue()
    assert "GET /api/zones/?token=" in line
    assert TOKEN not in line
