"""/api/regions/, /api/zones/ and /api/parks/: the shared cases, then particulars."""

import pytest
from django.core.cache import cache

from parks.models import Park, Region, Zone
from tests.api.cases import APICases, client_for
from tests.factories import ParkFactory, ProjectFactory, RegionFactory, ZoneFactory


class TestRegionAPI(APICases):
    url = "/api/regions/"
    model = Region
    writer = "admin"
    outsider_create_status = outsider_write_status = 403

    def make(self, zone):
        # A county below zone A's city: the city's leadership sees it, zone B's official not.
        return RegionFactory(parent=zone.region)

    def create_data(self, zone):
        return {"name": "丹阳市", "code": "JS-ZJ-DY", "parent": zone.region.pk}

    def update_data(self, obj):
        return {"name": "句容市"}


class TestZoneAPI(APICases):
    url = "/api/zones/"
    model = Zone
    writer = "admin"
    reader = "alice"
    outsider_create_status = outsider_write_status = 403
    list_user = "dave"  # sees every zone of the city, so the 100 new ones too

    def make(self, zone):
        return zone

    def make_many(self, zone, count):
        return [ZoneFactory(region=zone.region) for _ in range(count)]

    def create_data(self, zone):
        return {
            "name": "句容经开区",
            "code": "ZC",
            "region": zone.region.pk,
            "kind": "provincial",
            "area_km2": "30.25",
        }

    def update_data(self, obj):
        return {"kind": "new_area", "area_km2": "40.00"}


class TestParkAPI(APICases):
    url = "/api/parks/"
    model = Park
    writer = "admin"
    reader = "alice"
    outsider_create_status = outsider_write_status = 403

    def make(self, zone):
        return ParkFactory(zone=zone)

    def create_data(self, zone):
        return {
            "name": "新材料产业园",
            "zone": zone.pk,
            "lead_industry": "新材料",
            "area_km2": "5.50",
        }

    def update_data(self, obj):
        return {"lead_industry": "高端装备"}


@pytest.fixture
def api(frozen_today):
    cache.clear()  # API throttling counts requests in the cache
    return client_for


@pytest.fixture
def county(city):
    """A county below the city, with no zone of its own."""
    return RegionFactory(name="丹阳市", code="JS-ZJ-DY", parent=city)


def codes(response):
    return sorted(row["code"] for row in response.data["results"])


def test_an_official_sees_the_regions_above_its_zone_only(api, alice, city, county):
    RegionFactory(code="AH")  # another province: nothing of alice's is there
    assert codes(api(alice).get("/api/regions/")) == ["JS", "JS-ZJ"]


def test_leadership_sees_its_region_the_regions_below_and_above(api, dave, city, county):
    RegionFactory(code="AH")
    assert codes(api(dave).get("/api/regions/")) == ["JS", "JS-ZJ", "JS-ZJ-DY"]


def test_an_administrator_creates_a_region_whose_path_follows_its_parent(api, admin_user, city):
    data = {"name": "句容市", "code": "JS-ZJ-JR", "parent": city.pk}
    response = api(admin_user).post("/api/regions/", data, format="json")
    assert response.status_code == 201, response.data
    assert response.data["path"] == "/JS/JS-ZJ/JS-ZJ-JR/"


def test_a_region_cannot_move_below_itself(api, admin_user, city, county):
    response = api(admin_user).patch(f"/api/regions/{city.pk}/", {"parent": county.pk})
    assert response.status_code == 400
    assert response.data == {"parent": ["地区不能放在自身之下。"]}
    city.refresh_from_db()
    assert city.path == "/JS/JS-ZJ/"


def test_a_region_with_zones_cannot_be_deleted(api, admin_user, city, zone_a):
    response = api(admin_user, language="en").delete(f"/api/regions/{city.pk}/")
    assert response.status_code == 400
    assert response.data == {
        "non_field_errors": ["Other records still refer to this one; delete or move them first."]
    }
    assert Region.objects.filter(pk=city.pk).exists()


def test_the_zone_filter_by_region_includes_sub_regions(api, dave, city, county, zone_a, zone_b):
    ZoneFactory(code="ZC", region=county)
    assert codes(api(dave).get("/api/zones/", {"region": city.pk})) == ["ZA", "ZB", "ZC"]
    assert codes(api(dave).get("/api/zones/", {"region": county.pk})) == ["ZC"]
    assert codes(api(dave).get("/api/zones/", {"kind": "new_area"})) == []


def test_an_official_sees_only_its_zone_and_its_parks(api, alice, zone_a, zone_b):
    mine = ParkFactory(zone=zone_a)
    ParkFactory(zone=zone_b)
    assert codes(api(alice).get("/api/zones/")) == ["ZA"]
    parks = api(alice).get("/api/parks/").data["results"]
    assert [park["id"] for park in parks] == [mine.pk]


def test_an_official_may_not_change_its_own_zone(api, alice, zone_a):
    response = api(alice).patch(f"/api/zones/{zone_a.pk}/", {"name": "改名"})
    assert response.status_code == 403
    zone_a.refresh_from_db()
    assert zone_a.name == "镇江新区"


def test_a_zone_with_projects_cannot_be_deleted(api, admin_user, zone_a):
    ProjectFactory(zone=zone_a)
    response = api(admin_user).delete(f"/api/zones/{zone_a.pk}/")
    assert response.status_code == 400
    assert Zone.objects.filter(pk=zone_a.pk).exists()


def test_the_park_filters(api, dave, zone_a, zone_b):
    a = ParkFactory(zone=zone_a, lead_industry="新材料")
    b = ParkFactory(zone=zone_b, lead_industry="高端装备")

    def ids(**query):
        return {r["id"] for r in api(dave).get("/api/parks/", query).data["results"]}

    assert ids(zone=zone_a.pk) == {a.pk}
    assert ids(q="装备") == {b.pk}
