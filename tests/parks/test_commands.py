from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from parks.choices import Role
from parks.models import Membership

pytestmark = pytest.mark.django_db


def create_user(*args):
    out = StringIO()
    call_command("create_user", *args, stdout=out)
    return out.getvalue().strip()


def snapshot():
    User = get_user_model()
    return (
        list(User.objects.values_list("username", "password", "is_superuser")),
        list(Membership.objects.values_list("user__username", "role", "zone_id", "region_id")),
        list(Token.objects.values_list("key", flat=True)),
    )


def test_it_creates_an_official_and_prints_its_token(zone_a):
    token = create_user("wang", "--password", "pw-12345", "--role", "official", "--zone", "ZA")
    user = get_user_model().objects.get(username="wang")
    assert user.check_password("pw-12345")
    assert Token.objects.get(user=user).key == token
    assert list(user.memberships.values_list("role", "zone__code")) == [(Role.OFFICIAL, "ZA")]


def test_running_it_again_changes_nothing(city):
    args = ["li", "--password", "pw-12345", "--role", "leadership", "--region", "JS-ZJ"]
    first = create_user(*args)
    before = snapshot()
    assert create_user(*args) == first
    assert snapshot() == before


def test_it_updates_the_role_and_password_of_an_existing_user(zone_a):
    create_user("wang", "--password", "old-pass-1", "--role", "official", "--zone", "ZA")
    create_user("wang", "--password", "new-pass-2", "--role", "zone_lead", "--zone", "ZA")
    user = get_user_model().objects.get(username="wang")
    assert user.check_password("new-pass-2")
    assert list(user.memberships.values_list("role", flat=True)) == [Role.ZONE_LEAD]


def test_an_admin_needs_no_role(db):
    create_user("root", "--password", "pw-12345", "--admin")
    user = get_user_model().objects.get(username="root")
    assert user.is_superuser and user.is_staff
    assert not user.memberships.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["x", "--password", "p", "--role", "official"],
        ["x", "--password", "p", "--zone", "ZA"],
        ["x", "--password", "p"],
        ["x", "--password", "p", "--role", "official", "--zone", "NOPE"],
    ],
)
def test_it_refuses_incomplete_or_unknown_places(args, zone_a):
    with pytest.raises(CommandError):
        create_user(*args)
    assert not get_user_model().objects.filter(username="x").exists()


@pytest.mark.parametrize("password", ["1", "12345678", "password", "short"])
def test_it_refuses_a_password_django_s_validators_refuse(zone_a, password):
    with pytest.raises(CommandError, match="password"):
        create_user("wang", "--password", password, "--role", "official", "--zone", "ZA")
    assert not get_user_model().objects.filter(username="wang").exists()
