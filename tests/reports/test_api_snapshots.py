"""/api/snapshots/: the stored results of the snapshot job, filtered and isolated by zone."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.api.serializers import SnapshotSerializer
from reports.figures.snapshots import store_snapshots
from tests.builders import AS_OF, api, make_plan, make_project
from tests.factories import RegionFactory, ZoneFactory

pytestmark = pytest.mark.django_db

URL = "/api/snapshots/"


@pytest.fixture
def stored(city, zone_a, zone_b):
    """Snapshots of two days: zones A, B, a county zone C; the city, the county, the province."""
    county = RegionFactory(code="JS-ZJ-DY", parent=city)
    ZoneFactory(code="ZC", name="丹阳高新区", region=county)
    make_plan(make_project(zone_a, groundbreaking=date(2026, 5, 1)))
    store_snapshots(date(2026, 11, 21))
    store_snapshots(AS_OF)
    return county


def scopes(user, **params):
    response = api(user).get(URL, params)
    assert response.status_code == 200, response.content
    rows = response.json()["results"]
    return [(row["scope"]["type"], row["scope"]["name"], row["date"]) for row in rows]


def test_it_lists_snapshots_newest_first_in_the_documented_shape(admin_user, stored, zone_a):
    response = api(admin_user).get(URL, {"zone": zone_a.pk})
    data = response.json()
    assert data["count"] == 2
    first = data["results"][0]
    assert set(first) == set(SnapshotSerializer().fields)  # as documented
    assert first["scope"] == {"type": "zone", "id": zone_a.pk, "name": zone_a.name}
    assert (first["zone"], first["region"], first["year"], first["date"]) == (
        zone_a.pk,
        None,
        2026,
        "2026-11-22",
    )
    assert first["plan"]["start_rate"] == 1.0
    assert first["plan"]["planned_investment"] == "1000.00"
    assert {"signing", "milestones", "targets", "computed_at"} <= set(first)


def test_a_zone_member_sees_only_its_zones_snapshots(alice, stored, zone_a):
    assert scopes(alice, date="2026-11-22") == [("zone", zone_a.name, "2026-11-22")]


def test_leadership_sees_its_region_and_everything_below_but_not_above(dave, stored, city):
    seen = {(kind, name) for kind, name, _day in scopes(dave, date="2026-11-22")}
    assert seen == {
        ("zone", "镇江新区"),
        ("zone", "丹阳经开区"),
        ("zone", "丹阳高新区"),
        ("region", "镇江市"),
        ("region", stored.name),
    }


def test_it_filters_by_region_with_its_sub_regions(admin_user, stored, city):
    rows = scopes(admin_user, region=stored.pk, date="2026-11-22")
    assert sorted(kind for kind, _name, _day in rows) == ["region", "zone"]
    assert len(scopes(admin_user, region=city.pk, date="2026-11-22")) == 5


def test_it_filters_by_year_date_and_type(admin_user, stored):
    assert len(scopes(admin_user, date="2026-11-21", type="region")) == 3
    assert len(scopes(admin_user, year=2026, type="zone")) == 6
    assert scopes(admin_user, year=2025) == []


def test_it_hides_snapshots_of_a_zone_or_region_the_user_does_not_read(alice, stored, zone_b, city):
    assert api(alice).get(URL, {"zone": zone_b.pk}).status_code == 404
    assert api(alice).get(URL, {"region": city.pk}).status_code == 404


def test_it_refuses_bad_filters(alice):
    response = api(alice).get(URL, {"date": "2026-13-01", "type": "planet"})
    assert response.status_code == 400
    assert set(response.json()) == {"date", "type"}


def test_its_query_count_does_not_grow_with_the_rows(dave, city):
    def count():
        client = api(get_user_model().objects.get(pk=dave.pk))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"page_size": 500}).status_code == 200
        return len(captured.captured_queries)

    ZoneFactory(region=city)
    store_snapshots(AS_OF)
    few = count()
    for _ in range(30):
        ZoneFactory(region=city)
    store_snapshots(AS_OF)
    # memberships, count, page (with zones and regions joined)
    assert count() == few == 3
