"""Getting in: tokens, sessions, anonymous requests and throttling."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from tests.api.cases import client_for
from tests.factories import PASSWORD, ProjectFactory
from zonetrack.api.pagination import StandardPagination
from zonetrack.api.throttling import TokenThrottle


@pytest.fixture(autouse=True)
def fresh_throttles():
    cache.clear()  # API throttling counts requests in the cache


def test_a_user_gets_its_token_for_its_password(alice):
    response = APIClient().post("/api/auth/token/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200
    assert response.data == {"token": Token.objects.get(user=alice).key}
    again = APIClient().post(
        "/api/auth/token/", {"username": "alice", "password": PASSWORD}, format="json"
    )
    assert again.data == response.data


def test_a_wrong_password_gets_no_token(alice):
    response = APIClient(HTTP_ACCEPT_LANGUAGE="en").post(
        "/api/auth/token/", {"username": "alice", "password": "guess"}
    )
    assert response.status_code == 400
    assert list(response.data) == ["non_field_errors"]
    assert not Token.objects.exists()


def test_a_token_reads_what_its_user_may_read(alice, zone_a, frozen_today):
    project = ProjectFactory(zone=zone_a)
    response = client_for(alice).get("/api/projects/")
    assert [row["id"] for row in response.data["results"]] == [project.pk]


def test_a_wrong_token_is_a_401(db):
    client = APIClient(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    assert client.get("/api/projects/").status_code == 401


@pytest.mark.parametrize(
    "path",
    [
        "/api/",
        "/api/regions/",
        "/api/zones/",
        "/api/parks/",
        "/api/projects/",
        "/api/milestones/",
        "/api/plans/",
        "/api/investment-reports/",
        "/api/targets/",
    ],
)
def test_anonymous_requests_are_401(db, path):
    response = APIClient().get(path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_browser_session_reads_and_must_send_its_csrf_token_to_write(alice, zone_a):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.get("/api/projects/").status_code == 200
    data = {"code": "P-1", "name": "x", "zone": zone_a.pk, "category": "urban"}
    response = client.post("/api/projects/", data | {"total_investment": "1"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in str(response.data["detail"])


def test_the_api_root_lists_the_resources(alice):
    response = client_for(alice).get("/api/")
    assert response.status_code == 200
    assert {"regions", "zones", "parks", "projects", "milestones"} <= set(response.data)
    assert {"plans", "investment-reports", "targets"} <= set(response.data)


def test_api_users_are_throttled(alice, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/min"})
    client = client_for(alice)
    statuses = [client.get("/api/zones/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_token_requests_are_throttled_against_password_guessing(alice, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/min"})
    guess = {"username": "alice", "password": "guess"}
    statuses = [APIClient().post("/api/auth/token/", guess).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]


def test_a_rotating_forwarded_header_does_not_escape_the_token_throttle(alice, monkeypatch):
    # No trusted proxy is configured, so every guess comes from REMOTE_ADDR 127.0.0.1 whatever
    # X-Forwarded-For says: 2 guesses pass, the 3rd is throttled.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/min"})
    guess = {"username": "nobody", "password": "guess"}
    statuses = [
        APIClient()
        .post("/api/auth/token/", guess, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        .status_code
        for n in range(3)
    ]
    assert statuses == [400, 400, 429]


def test_a_page_holds_at_most_500_objects(rf):
    request = Request(rf.get("/api/projects/", {"page_size": 100000}))
    assert StandardPagination().get_page_size(request) == 500


def test_each_token_has_its_own_budget_beside_its_user_s(alice, monkeypatch):
    # token rate 2/min: the token's 3rd request is refused, while the same user's browser
    # session (counted against the user's 6000/min only) still reads.
    monkeypatch.setattr(TokenThrottle, "THROTTLE_RATES", {"token": "2/min"})
    client = client_for(alice)
    statuses = [client.get("/api/zones/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    session = APIClient()
    session.force_login(alice)
    assert session.get("/api/zones/").status_code == 200
