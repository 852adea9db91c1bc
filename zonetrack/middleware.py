import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse

from .errors import bad_request, uri_too_long


class RejectLongQueryStringMiddleware:
    """Answer 414 to a query string longer than MAX_QUERY_STRING_LENGTH, in the product's own
    format (JSON under /api/, the site's page elsewhere).

    gunicorn refuses a request line over its limit_request_line (gunicorn.conf.py: 8190, its
    most) with its own English page; Django's limit sits below it, so every address a browser
    or an API client is likely to send gets the product's answer. No page of the project
    needs more than a few hundred characters of filters.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if len(request.META.get("QUERY_STRING", "")) > settings.MAX_QUERY_STRING_LENGTH:
            return uri_too_long(request)
        return self.get_response(request)


class RejectNulBytesMiddleware:
    """Answer 400 to a request whose query string or path carries a NUL byte.

    PostgreSQL refuses NUL in text and the resulting database error would surface as a 500;
    no legitimate client sends one, so it is refused before any view runs, with the 400 page
    (JSON under /api/).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return bad_request(request)
        return self.get_response(request)


# When the session's expiry was last moved (seconds since the epoch), kept in the session.
ACTIVE_AT = "zonetrack_active_at"
# A session is saved again (which moves its expiry) at most this often, so an active user's
# pages do not each write the session.
SESSION_REFRESH_AFTER = 60


class SessionActivityMiddleware:
    """End a logged-in session after SESSION_COOKIE_AGE without a request.

    Django expires a session SESSION_COOKIE_AGE after it was last saved; saving it on every
    request (SESSION_SAVE_EVERY_REQUEST) would cost a write per page. Instead a request saves
    it when its expiry was last moved more than SESSION_REFRESH_AFTER seconds ago, and a
    session that is saved anyway (a login) records the time for free. A session without the
    time (from before this middleware) is not refreshed: it ends SESSION_COOKIE_AGE after its
    last save, which is never later than intended. Placed after SessionMiddleware, so that its
    response phase runs before the session is saved.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        # A request that never read the session (the 500 page) does not load it here either.
        if not session.accessed or not session.get(SESSION_KEY):
            return response
        now = int(time.time())
        active_at = session.get(ACTIVE_AT)
        if session.modified or (active_at is not None and now - active_at >= SESSION_REFRESH_AFTER):
            session[ACTIVE_AT] = now
        return response
