"""The zone ranking page (比学赶超): the ranks of /api/stats/ranking/, and how each zone moved
since a stored snapshot.
"""

from datetime import date

import pytest
from django.urls import reverse

from reports.figures.snapshots import store_snapshots
from tests.builders import api, make_project
from tests.factories import RegionFactory, ZoneFactory
from tests.reports.dashboard_data import WHEN, add_zones, build_city

pytestmark = pytest.mark.usefixtures("frozen_today")
RANKING = reverse("reports:ranking")


@pytest.fixture
def city_data(zone_a, zone_b):
    data = build_city(zone_a, zone_b)
    # On June 30th zone A had signed 2 (A1, A2) and zone B 1 (B1): A first. Zone B then
    # signs two more in August and overtakes A (3 against 2).
    store_snapshots(date(2026, 6, 30))
    for _ in range(2):
        make_project(zone_b, "6000", signing=date(2026, 8, 1))
    return data


def lines(client, **params):
    response = client.get(RANKING, {**WHEN, **params})
    assert response.status_code == 200
    return response.context["lines"], response


def test_it_ranks_as_the_api_does(client, dave, city, city_data):
    client.force_login(dave)
    shown, _response = lines(client, region=city.pk, metric="signed_count")
    ranked = api(dave).get(
        "/api/stats/ranking/", {"region": city.pk, "metric": "signed_count", **WHEN}
    )
    assert [(line.zone, line.rank, line.value) for line in shown] == [
        (row["zone"], row["rank"], row["value"]) for row in ranked.json()["results"]
    ]


def test_it_shows_how_each_zone_moved_since_the_last_snapshot(
    client, dave, city, zone_a, zone_b, city_data
):
    client.force_login(dave)
    shown, response = lines(client, region=city.pk, metric="signed_count")
    assert response.context["since"] == date(2026, 6, 30)
    b, a = shown
    assert (b.zone, b.rank, b.value, b.previous_rank, b.moved, b.change) == (
        zone_b.pk,
        1,
        3,
        2,
        1,
        2,
    )
    assert (a.zone, a.rank, a.previous_rank, a.moved, a.change) == (zone_a.pk, 2, 1, -1, 0)
    html = response.content.decode()
    assert "▲ 1" in html and "▼ 1" in html


def test_rates_change_in_percentage_points(client, dave, city, zone_a, city_data):
    client.force_login(dave)
    shown, _response = lines(client, region=city.pk, metric="start_rate")
    a = next(line for line in shown if line.zone == zone_a.pk)
    # A1 had started by June 30th and A2 has not since: 0.5 then and now.
    assert (a.value, a.previous_value, a.change) == (0.5, 0.5, 0.0)


def test_it_compares_with_the_snapshot_asked_for(client, dave, city, city_data):
    store_snapshots(date(2026, 9, 30))
    client.force_login(dave)
    _shown, latest = lines(client, region=city.pk)
    assert latest.context["since"] == date(2026, 9, 30)
    _shown, asked = lines(client, region=city.pk, since="2026-07-15")
    assert asked.context["since"] == date(2026, 6, 30)
    shown, none = lines(client, region=city.pk, since="2026-01-31")
    assert none.context["since"] is None
    assert all(line.moved is None and line.change is None for line in shown)


def test_an_official_ranks_its_own_zone_only(client, alice, zone_a, city, city_data):
    client.force_login(alice)
    shown, _response = lines(client)
    assert [line.zone for line in shown] == [zone_a.pk]
    assert client.get(RANKING, {"region": city.pk}).status_code == 404


def test_a_region_that_is_not_a_number_is_a_400(client, dave):
    client.force_login(dave)
    assert client.get(RANKING, {"region": "1 OR 1=1"}).status_code == 400


def test_an_unknown_metric_falls_back_to_the_start_rate(client, dave, city, city_data):
    client.force_login(dave)
    _shown, response = lines(client, metric="no_such_figure")
    assert response.context["metric"] == "start_rate"
    assert response.context["form"].errors["metric"]


# 3 (session, user, membership) + 1 region (scope) + 1 zones + 4 the zones' figures from
# their rollups (rollups; pending changes by zone and by project; targets) + 2 snapshot (its
# date, its zones) + 1 regions for the picker.
RANKING_QUERIES = 12


@pytest.mark.parametrize("zones", [3, 30])
def test_the_ranking_runs_the_same_queries_for_3_zones_and_30(
    client, dave, city, zone_a, zone_b, django_assert_num_queries, zones
):
    build_city(zone_a, zone_b)
    add_zones(RegionFactory(code="JS-ZJ-DY", parent=city), 1)
    add_zones(city, zones - 3)
    store_snapshots(date(2026, 6, 30))
    ZoneFactory(region=city)  # a zone without a snapshot yet
    client.force_login(dave)
    client.get(RANKING, {"region": city.pk, **WHEN})  # the rollups brought up to date
    with django_assert_num_queries(RANKING_QUERIES):
        assert client.get(RANKING, {"region": city.pk, **WHEN}).status_code == 200
