from decimal import Decimal

import pytest

from parks.choices import Role
from parks.models import Membership, Region
from tests.factories import (
    MembershipFactory,
    ParkFactory,
    RegionFactory,
    UserFactory,
    ZoneFactory,
)
from tests.validation import accepted, refused

pytestmark = pytest.mark.django_db


def test_a_region_path_runs_from_the_root():
    province = RegionFactory(code="JS")
    city = RegionFactory(code="ZJ", parent=province)
    county = RegionFactory(code="DY", parent=city)
    assert county.path == "/JS/ZJ/DY/"
    assert set(Region.objects.subtree(city)) == {city, county}


def test_moving_a_region_moves_its_subtree():
    city = RegionFactory(code="ZJ")
    county = RegionFactory(code="DY", parent=city)
    new_parent = RegionFactory(code="JS")
    city.parent = new_parent
    city.save()
    county.refresh_from_db()
    assert county.path == "/JS/ZJ/DY/"


def test_a_region_cannot_be_placed_below_itself():
    city = RegionFactory(code="ZJ")
    county = RegionFactory(code="DY", parent=city)
    city.parent = county
    assert refused(city, "parent") == ["地区不能放在自身之下。"]


def test_zone_and_park_areas_are_never_negative():
    refused(ZoneFactory.build(region=RegionFactory(), area_km2=Decimal("-1")), "area_km2")
    refused(ParkFactory.build(zone=ZoneFactory(), area_km2=Decimal("-0.5")), "area_km2")
    accepted(ParkFactory.build(zone=ZoneFactory(), area_km2=Decimal("0")))


def test_a_zone_code_is_unique():
    ZoneFactory(code="ZJXQ")
    refused(ZoneFactory.build(code="ZJXQ", region=RegionFactory()), "code")


def test_a_park_name_is_unique_within_its_zone():
    park = ParkFactory(name="新材料产业园")
    refused(ParkFactory.build(zone=park.zone, name="新材料产业园"), "__all__")
    accepted(ParkFactory.build(zone=ZoneFactory(), name="新材料产业园"))


def test_a_membership_names_a_zone_or_a_region_but_not_both():
    user = UserFactory()
    both = Membership(user=user, zone=ZoneFactory(), region=RegionFactory(), role=Role.OFFICIAL)
    assert refused(both, "__all__") == ["成员身份须指定一个开发区或一个地区（二选一）。"]
    neither = Membership(user=user, role=Role.OFFICIAL)
    refused(neither, "__all__")


def test_a_user_is_a_member_of_a_zone_once():
    membership = MembershipFactory()
    again = Membership(user=membership.user, zone=membership.zone, role=Role.ZONE_LEAD)
    refused(again, "__all__")


def test_a_path_lineage_runs_from_the_root_to_the_region_itself():
    from parks.models import path_lineage

    assert path_lineage("/JS/ZJ/DY/") == ["/JS/", "/JS/ZJ/", "/JS/ZJ/DY/"]
    assert path_lineage("/JS/") == ["/JS/"]
