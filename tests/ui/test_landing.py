"""Where each role lands after logging in: leadership on its dashboard, the others at home."""

import pytest
from django.urls import reverse

from parks.choices import Role
from tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.usefixtures("frozen_today")


def _log_in(client, username):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD}, follow=True)


def test_leadership_lands_on_the_dashboard_of_its_region(client, dave, city):
    response = _log_in(client, "dave")

    assert response.redirect_chain == [
        ("/", 302),
        (reverse("reports:dashboard"), 302),
        (reverse("reports:region", args=[city.pk]), 302),
    ]
    assert response.status_code == 200


def test_the_home_address_sends_leadership_to_its_dashboard(client, dave):
    client.force_login(dave)

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == reverse("reports:dashboard")


@pytest.mark.parametrize("username", ["alice", "carol"])
def test_officials_and_zone_leads_keep_the_home_page(client, alice, carol, username):
    response = _log_in(client, username)

    assert response.redirect_chain == [("/", 302)]
    assert response.templates[0].name == "home.html"


def test_a_leader_who_is_also_an_official_somewhere_keeps_the_home_page(client, dave, zone_a):
    MembershipFactory(user=dave, role=Role.OFFICIAL, zone=zone_a)
    client.force_login(dave)

    assert client.get(reverse("home")).status_code == 200


def test_an_administrator_keeps_the_home_page(client, admin_user):
    client.force_login(admin_user)

    assert client.get(reverse("home")).status_code == 200


def test_a_user_without_any_role_is_not_sent_round_in_circles(client, db):
    client.force_login(UserFactory(username="nobody"))

    assert client.get(reverse("home")).status_code == 200
