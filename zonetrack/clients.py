"""The address of the client behind a request, for the login lockout and the API throttles.

Behind a reverse proxy every request comes from the proxy's address, and the client's is in
X-Forwarded-For, which the client can also write itself. So the header is read only when the
request comes from one of ``settings.TRUSTED_PROXIES`` (ZONETRACK_TRUSTED_PROXIES), and from
the right: each trusted proxy appends the address it saw, so the first address from the right
that is not a trusted proxy is the client; whatever stands left of it the client sent.
"""

import ipaddress
from functools import lru_cache
from typing import Protocol

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class HasMeta(Protocol):
    """A Django HttpRequest or a DRF Request (which passes META through)."""

    @property
    def META(self) -> dict[str, str]: ...


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HasMeta) -> str:
    """The client's IP address: REMOTE_ADDR, or the forwarded address when a trusted proxy
    sent the request (an address that does not parse stops the walk at the last known hop)."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _trusted(remote, networks):
        return remote
    address = remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return address
        address = hop
        if not _trusted(hop, networks):
            return hop
    return address
