"""POST /api/auth/token/: a user's API token for its username and password."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response

from ..accounts import lockout_message
from .throttling import AnonThrottle


class LockedOut(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"


class TokenView(ObtainAuthToken):
    """Exchange a username and password for the user's token (created on first use).

    Send it as ``Authorization: Token <key>``. Attempts are throttled per client address like
    any anonymous API request, and failures count towards the same lockout as the login page:
    a locked-out user gets no token (429).
    """

    throttle_classes = [AnonThrottle]

    @extend_schema(
        request=inline_serializer(
            "AuthTokenRequest",
            {
                "username": serializers.CharField(help_text=_("The user's login name.")),
                "password": serializers.CharField(help_text=_("The user's password.")),
            },
        ),
        responses=inline_serializer(
            "Token",
            {"token": serializers.CharField(help_text=_("The API token of the user."))},
        ),
        auth=[],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            return super().post(request, *args, **kwargs)
        except exceptions.ValidationError:
            # django-axes flags the request it refused (or just locked) during authenticate().
            if getattr(request, "axes_locked_out", False):
                raise LockedOut(lockout_message()) from None
            raise
