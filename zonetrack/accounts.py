"""Logging in, the one lockout that guards every way in, and a user's own account pages.

django-axes counts failed authentications (settings: AUTHENTICATION_BACKENDS and AXES_*) per
username and client address (:mod:`zonetrack.clients`), whichever way they came in: the login
page, /admin/login/ or /api/auth/token/. A locked pair is refused everywhere until the window
ends, with the page below (JSON under /api/).
"""

import math
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

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


class StyledPasswordChangeForm(StyledFormMixin, PasswordChangeForm):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    """A user changes its own password (Django's validators apply); the session stays."""

    form_class = StyledPasswordChangeForm
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, gettext_lazy("Your password was changed."))
        return response


# How many characters of a token the page shows: enough to tell which one a system uses.
TOKEN_PREFIX = 8


@login_required
@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """The user's API token (one per user, DRF's authtoken): its start and creation date;
    revoke it, or replace it with a new one whose whole key is shown this once."""
    assert isinstance(request.user, User)  # login_required
    user = request.user
    new_key = None
    if request.method == "POST":
        action = request.POST.get("action")
        with transaction.atomic():
            Token.objects.filter(user=user).delete()
            if action == "create":
                new_key = Token.objects.create(user=user).key
        if new_key is None:
            messages.success(request, gettext_lazy("Your API token was revoked."))
            return redirect("api_token")
    token = Token.objects.filter(user=user).first()
    context = {"token": token, "new_key": new_key, "prefix": TOKEN_PREFIX}
    return render(request, "registration/api_token.html", context)
