"""A test-only URLconf: the site's addresses plus views that fail on purpose."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpResponse
from django.urls import path

from zonetrack.urls import handler400, handler403, handler404, handler500, urlpatterns


def _broken(request):
    raise RuntimeError("a bug")


def _accepted(request):
    return HttpResponse("ok")


def _suspicious(request):
    raise SuspiciousOperation("bad input")


def _forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("test-errors/boom/", _broken),
    path("api/test-errors/boom/", _broken),
    path("api/test-errors/form/", _accepted),
    path("test-errors/bad/", _suspicious),
    path("test-errors/forbidden/", _forbidden),
    *urlpatterns,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
