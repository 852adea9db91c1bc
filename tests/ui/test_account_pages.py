"""A user's own account: changing its password and seeing, revoking or renewing its API token."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from rest_framework.authtoken.models import Token

from parks.choices import Role
from tests.factories import PASSWORD, MembershipFactory, ZoneFactory

NEW_PASSWORD = "another-Secret-456"


def test_a_user_changes_its_own_password_and_stays_logged_in(client, alice):
    client.force_login(alice)
    page = client.get("/account/password/")
    assert page.status_code == 200
    assert "修改密码" in page.content.decode()
    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert client.get("/").status_code == 200  # the session survived the change


def test_the_new_password_must_pass_the_validators(client, alice):
    client.force_login(alice)
    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "1", "new_password2": "1"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_the_user_menu_links_to_the_account_pages(client, alice):
    client.force_login(alice)
    html = client.get("/").content.decode()
    assert 'href="/account/password/" id="nav-password"' in html
    assert 'href="/account/token/" id="nav-token"' in html


def test_the_token_page_shows_the_token_s_start_and_creation_date(client, alice, frozen_today):
    token = Token.objects.create(user=alice)
    client.force_login(alice)
    html = client.get("/account/token/").content.decode()
    assert token.key[:8] in html
    assert token.key not in html  # the whole key is shown only when it is created
    assert "2026-11-22 12:00" in html  # created at noon, Shanghai time (frozen_today)


def test_a_user_revokes_its_token_and_it_no_longer_works(client, alice):
    token = Token.objects.create(user=alice)
    client.force_login(alice)
    response = client.post("/account/token/", {"action": "revoke"})
    assert response.status_code == 302
    assert not Token.objects.filter(user=alice).exists()
    api = client.get("/api/zones/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.status_code == 401
    assert "没有接口令牌" in client.get("/account/token/").content.decode()


def test_a_user_renews_its_token_and_sees_the_new_key_once(client, alice):
    old = Token.objects.create(user=alice)
    client.force_login(alice)
    response = client.post("/account/token/", {"action": "create"})
    assert response.status_code == 200
    new = Token.objects.get(user=alice)
    assert new.key != old.key
    assert new.key in response.content.decode()
    assert new.key not in client.get("/account/token/").content.decode()


def test_the_token_page_touches_only_the_user_s_own_token(client, alice, bob):
    bobs = Token.objects.create(user=bob)
    client.force_login(alice)
    client.post("/account/token/", {"action": "revoke"})
    assert Token.objects.filter(pk=bobs.pk).exists()
    assert bobs.key[:8] not in client.get("/account/token/").content.decode()


def test_the_account_pages_need_a_login(client, db):
    for path in ["/account/password/", "/account/token/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("zones", [3, 30])
def test_the_token_page_costs_the_same_queries_for_3_or_30_zones(
    client, city, zones, django_assert_num_queries
):
    user = MembershipFactory(zone=ZoneFactory(code="Z00", region=city), role=Role.OFFICIAL).user
    for number in range(1, zones):
        MembershipFactory(user=user, zone=ZoneFactory(code=f"Z{number:02d}", region=city))
    Token.objects.create(user=user, created=datetime(2026, 1, 5, tzinfo=ZoneInfo("UTC")))
    client.force_login(user)
    # session, user, the token, memberships (navigation)
    with django_assert_num_queries(4):
        assert client.get("/account/token/").status_code == 200
