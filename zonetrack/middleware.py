from collections.abc import Callable

from django.conf import settings
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
