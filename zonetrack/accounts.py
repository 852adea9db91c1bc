"""Logging in, and the one lockout that guards every way in.

django-axes counts failed authentications (settings: AUTHENTICATION_BACKENDS and AXES_*) per
username and client address (:mod:`zonetrack.clients`), whichever way they came in: the login
page, /admin/login/ or /api/auth/token/. A locked pair is refused everywhere until the window
ends, with the page below (JSON under /api/).
"""

import math
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .forms import StyledFormMixin


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The username the failures are counted for: "Alice " and "alice" are one user here."""
    username = (credentials or {}).get("username")
    if username is None:
        username = request.POST.get("username", "")
    return str(username).strip().lower()


def lockout_message() -> str:
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return _(
        "Too many failed logins for this user from your address. Try again in {minutes} minutes."
    ).format(minutes=minutes)


def locked_out(
    request: HttpRequest, response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """What a locked-out login gets (axes' AXES_LOCKOUT_CALLABLE): 429, in the product's own
    format (JSON for the API, the site's page for browsers)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=429)
    context = {"message": lockout_message()}
    return render(request, "registration/locked_out.html", context, status=429)


class LoginForm(StyledFormMixin, AuthenticationForm):
    pass


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True
