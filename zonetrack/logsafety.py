"""Keep credentials and tokens out of every log line.

A token or password can reach a log through the request line (``?token=…``), the referrer,
or a header a log format names (``Authorization``, ``Cookie``). The app never accepts a token
in a query string, but a client may still send one; so every line is cleaned before it is
written: gunicorn's access log through :class:`GunicornLogger` (named in gunicorn.conf.py) and
Django's logs through :class:`RedactingFilter` (on the console handler in settings.LOGGING).
"""

import logging
import re
from datetime import timedelta
from typing import Any

from gunicorn.glogging import Logger

REDACTED = "********"

# Query or form parameters whose value is a secret (compared case-insensitively).
SECRET_PARAMETERS = (
    "token|access_token|refresh_token|api_key|apikey|key|auth|authorization|password|passwd"
    "|secret|sessionid|csrftoken|csrfmiddlewaretoken"
)
_PARAMETER = re.compile(rf"(?i)(\b(?:{SECRET_PARAMETERS})=)[^&\s\"';]+")
# "Token 9944b…", "Bearer eyJ…", "Basic dXNlcjpwYXNz" wherever they appear in a line.
_SCHEME = re.compile(r"(?i)(\b(?:Token|Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]{6,}")
# Headers (and their WSGI environ names) whose whole value is a secret.
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "x-csrftoken"})


def redact(text: str) -> str:
    """``text`` with every secret parameter value and credential replaced."""
    return _SCHEME.sub(rf"\g<1>{REDACTED}", _PARAMETER.sub(rf"\g<1>{REDACTED}", text))


def _secret_header(atom: str) -> bool:
    """An access-log atom naming a secret header: ``{authorization}i``, ``{http_cookie}e``."""
    if atom.startswith("{") and atom[-2:] in ("}i", "}e"):
        name = atom[1:-2].lower().replace("_", "-")
        return name.removeprefix("http-") in SECRET_HEADERS
    return False


class GunicornLogger(Logger):  # type: ignore[misc]  # gunicorn ships no types
    """gunicorn's logger, with secrets taken out of every access-log atom."""

    def atoms(
        self, resp: Any, req: Any, environ: dict[str, Any], request_time: timedelta
    ) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        for name, value in atoms.items():
            if _secret_header(name):
                atoms[name] = REDACTED
            elif isinstance(value, str):
                atoms[name] = redact(value)
        return atoms


class RedactingFilter(logging.Filter):
    """Rewrites each record's message without secrets (the record then has no arguments)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
