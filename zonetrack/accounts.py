"""Login with throttling: too many failed attempts for a username from one address lock out.

Failures are counted in the cache (shared by the web processes when Redis is configured) per
username and client address, so a guesser is stopped without locking the real user out from
everywhere.
"""

import hashlib
import math
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .forms import StyledFormMixin


def _throttle_key(username: str, address: str) -> str:
    digest = hashlib.sha256(f"{username.strip().lower()}|{address}".encode()).hexdigest()
    return f"login-failures:{digest}"


def is_locked_out(username: str, address: str) -> bool:
    failures: int = cache.get(_throttle_key(username, address), 0)
    return failures >= settings.LOGIN_THROTTLE_ATTEMPTS


def record_failure(username: str, address: str) -> None:
    key = _throttle_key(username, address)
    # add() starts the window on the first failure; later failures only count within it.
    cache.add(key, 0, timeout=settings.LOGIN_THROTTLE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=settings.LOGIN_THROTTLE_WINDOW)


def clear_failures(username: str, address: str) -> None:
    cache.delete(_throttle_key(username, address))


class ThrottledAuthenticationForm(StyledFormMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _(
            "Too many failed logins for this user from your address. "
            "Try again in {minutes} minutes."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        address = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        if is_locked_out(username, address):
            minutes = math.ceil(settings.LOGIN_THROTTLE_WINDOW / 60)
            raise ValidationError(
                self.error_messages["throttled"].format(minutes=minutes), code="throttled"
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            record_failure(username, address)
            raise
        clear_failures(username, address)
        return cleaned


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True
