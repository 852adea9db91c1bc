"""POST /api/auth/token/: a user's API token for its username and password."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle


class TokenView(ObtainAuthToken):
    """Exchange a username and password for the user's token (created on first use).

    Send it as ``Authorization: Token <key>``. Anonymous attempts are throttled like any
    anonymous API request, which slows down password guessing.
    """

    throttle_classes = [AnonRateThrottle]

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
        return super().post(request, *args, **kwargs)
