"""The error pages: the site's layout with a way back, or JSON under /api/.

DRF answers its own views' errors in JSON; these handlers cover what reaches Django instead
(an unknown /api/ address, a server error inside an API view, a CSRF failure) so an API
client never has to parse an HTML page.
"""

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from rest_framework import exceptions

from .locale import API_PREFIX


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _page(
    request: HttpRequest, template_name: str, status: int, context: dict[str, object] | None = None
) -> HttpResponse:
    return HttpResponse(
        loader.render_to_string(template_name, context, request=request), status=status
    )


def _json(detail: object, status: int) -> JsonResponse:
    return JsonResponse({"detail": str(detail)}, status=status)


def _size(limit: int) -> str:
    """A byte limit as people read it: 2.5 MB, 512 KB (binary units, as Django counts)."""
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    return f"{max(1, round(limit / 1024))} KB"


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 400, and what Django refuses before a view reads a request's data.

    A body over DATA_UPLOAD_MAX_MEMORY_SIZE (files aside) is a 413, naming the limit; more
    fields than DATA_UPLOAD_MAX_NUMBER_FIELDS (in the address or the form) or more files than
    DATA_UPLOAD_MAX_NUMBER_FILES stay a 400, saying which.
    """
    if isinstance(exception, RequestDataTooBig):
        return request_too_large(request)
    if isinstance(exception, TooManyFieldsSent):
        message = _(
            "The request carries more than {limit} fields (in the address or the form). "
            "Nothing was changed."
        ).format(limit=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)
    elif isinstance(exception, TooManyFilesSent):
        message = _("The request carries more than {limit} files. Nothing was changed.").format(
            limit=settings.DATA_UPLOAD_MAX_NUMBER_FILES
        )
    else:
        message = ""
    if _is_api(request):
        return _json(message or exceptions.ParseError.default_detail, 400)
    return _page(request, "400.html", 400, {"explanation": message})


def request_too_large(request: HttpRequest) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if _is_api(request):
        return _json(_("The request body is larger than {limit} bytes.").format(limit=limit), 413)
    return _page(request, "413.html", 413, {"limit": _size(limit)})


def uri_too_long(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return _json(
            _("The query string is longer than {limit} characters.").format(
                limit=settings.MAX_QUERY_STRING_LENGTH
            ),
            414,
        )
    return _page(request, "414.html", 414)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return _json(exceptions.PermissionDenied.default_detail, 403)
    return _page(request, "403.html", 403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return _json(exceptions.NotFound.default_detail, 404)
    return _page(request, "404.html", 404)


# Seconds a client is asked to wait after a 503: about what a PostgreSQL restart takes.
DATABASE_RETRY_AFTER = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request's context: the failure may be the database itself, and
    the context processors (the user, the navigation) would query it again.

    A database that cannot be reached (restarting, down) is a 503 with its own page, not a
    500: the request can be sent again once it is back, and the next request's connection
    health check reconnects by itself (CONN_HEALTH_CHECKS).
    """
    # Django calls this handler while the request's exception is being handled.
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable(request)
    if _is_api(request):
        return _json(exceptions.APIException.default_detail, 500)
    return HttpResponse(loader.render_to_string("500.html"), status=500)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        response: HttpResponse = _json(
            _("The database is unavailable for a moment; try again in a minute."), 503
        )
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER)
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if _is_api(request):
        return _json(exceptions.PermissionDenied.default_detail, 403)
    return _page(request, "403_csrf.html", 403)
