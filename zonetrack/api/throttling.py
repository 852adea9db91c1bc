"""API throttles: per client address (anonymous), per user, and per token.

Every throttle identifies an anonymous client by :func:`zonetrack.clients.client_address`, so a
client cannot pick a fresh identity by sending its own X-Forwarded-For. A user's requests count
against the user's rate whether they come with a session or a token; requests with a token
count against the token's rate too, so one script cannot use up its user's whole budget.
Rates are the ``anon``, ``user`` and ``token`` entries of DEFAULT_THROTTLE_RATES (settings).
"""

import hashlib
from typing import TYPE_CHECKING

from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from ..clients import client_address

if TYPE_CHECKING:  # DRF's settings import this module while rest_framework.views loads
    from rest_framework.views import APIView


class AnonThrottle(AnonRateThrottle):
    def get_ident(self, request: Request) -> str:
        return client_address(request)


class UserThrottle(UserRateThrottle):
    def get_ident(self, request: Request) -> str:
        return client_address(request)


class TokenThrottle(SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request: Request, view: "APIView") -> str | None:
        if not isinstance(request.auth, Token):
            return None  # sessions and anonymous requests: the other throttles
        # A digest, so that the cache (Redis) never holds a usable token.
        digest = hashlib.sha256(request.auth.key.encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": digest}
