from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


class RejectNulBytesMiddleware:
    """Answer 400 to a request whose query string or path carries a NUL byte.

    PostgreSQL refuses NUL in text and the resulting database error would surface as a 500;
    no legitimate client sends one, so it is refused before any view runs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest(
                _("The request contains a NUL character."), content_type="text/plain"
            )
        return self.get_response(request)
