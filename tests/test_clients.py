"""The client's address: REMOTE_ADDR, or the forwarded one when a trusted proxy sent it."""

import pytest

from zonetrack.clients import client_address


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        # Nothing trusted: the header is the client's own word and ignored.
        ([], "198.51.100.7", "192.0.2.1", "198.51.100.7"),
        # The proxy appended the address it saw (rightmost); the client wrote the rest.
        (["10.0.0.2"], "10.0.0.2", "192.0.2.1, 198.51.100.7", "198.51.100.7"),
        # Two trusted proxies in a row (a network and an address): skip both.
        (["10.0.0.0/24", "172.16.0.5"], "172.16.0.5", "198.51.100.7, 10.0.0.3", "198.51.100.7"),
        # A request that did not come through the proxy: its header is not believed.
        (["10.0.0.2"], "198.51.100.7", "192.0.2.1", "198.51.100.7"),
        # The proxy without a header (a health check): the proxy itself.
        (["10.0.0.2"], "10.0.0.2", "", "10.0.0.2"),
        # Garbage where an address belongs: stop at the last hop that is known.
        (["10.0.0.2"], "10.0.0.2", "not-an-address", "10.0.0.2"),
        # IPv6 through an IPv6 proxy network.
        (["fd00::/8"], "fd00::1", "2001:db8::7", "2001:db8::7"),
    ],
)
def test_it_believes_the_forwarded_header_only_from_trusted_proxies(
    rf, settings, trusted, remote, forwarded, expected
):
    settings.TRUSTED_PROXIES = trusted
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
