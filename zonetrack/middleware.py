from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .errors import bad_request


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
