"""The dashboards' picker of level, category and size: the plan tiles over those projects,
the other parameters kept, the same queries for 3 zones and 30."""

import re

import pytest
from django.urls import reverse

from tests.builders import api
from tests.factories import RegionFactory
from tests.reports.dashboard_data import WHEN, add_zones, build_city
from tests.reports.dashboards.test_dashboard import count_queries, tiles

pytestmark = pytest.mark.usefixtures("frozen_today")

# A restricted dashboard computes its figures live (the rollups hold every project's): the
# queries of test_dashboard's REGION_QUERIES and ZONE_QUERIES, with the figures' sections
# (plan, investment, milestones, median, targets, supervision, land, funds, lights) in place
# of the rollups' three reads, the same for 3 zones and 30; the region's, computed zone by
# zone, with the stage funnel and the teams' tallies too (4: the zones' region paths, their
# size tables, the stages and the projects by team), as a rollup holds them.
RESTRICTED_REGION_QUERIES = 36
RESTRICTED_ZONE_QUERIES = 34

FROM_1YI = {**WHEN, "min_investment": "10000"}


@pytest.fixture
def city_data(zone_a, zone_b):
    return build_city(zone_a, zone_b)


def test_the_picker_restricts_the_plan_tiles_as_api_stats_does(client, dave, city, city_data):
    client.force_login(dave)
    response = client.get(reverse("reports:region", args=[city.pk]), FROM_1YI)
    shown = tiles(response)
    stats = api(dave).get("/api/stats/", {"region": city.pk, **FROM_1YI}).json()
    # From 1亿 up: a1 (20000, started) and b1 (150000): 1 of 2; a1's 250 of 1000 + 3000
    assert shown["start_rate"] == str(stats["plan"]["start_rate"]) == "0.5"
    assert shown["investment_completion_rate"] == "0.0625"
    # The signings are every project's: 3
    assert shown["signed_count"] == "3"
    page = response.content.decode()
    assert 'id="restriction-label"' in page and "1亿元以上" in page
    # The picker offers the groups and shows the choice made.
    assert re.search(r'<option value="10000" selected>', page)
    assert '<option value="industrial">' in page and '<option value="city_and_above">' in page


def test_without_a_restriction_no_label_shows(client, dave, city, city_data):
    client.force_login(dave)
    page = client.get(reverse("reports:region", args=[city.pk]), WHEN).content.decode()
    assert 'id="restriction-label"' not in page


def test_the_picker_keeps_the_zone_tables_order(client, dave, city, city_data):
    client.force_login(dave)
    page = client.get(
        reverse("reports:region", args=[city.pk]), {**FROM_1YI, "sort": "reds"}
    ).content.decode()
    assert '<input type="hidden" name="sort" value="reds">' in page


def test_the_new_rates_show_as_tiles(client, alice, zone_a, city_data):
    client.force_login(alice)
    shown = tiles(client.get(reverse("reports:zone", args=[zone_a.pk]), WHEN))
    # a3: completion planned 09-30, done 10-15: late (0 of 1); a3 completed in the year, not
    # in production (0 of 1)
    assert (shown["on_time_completion_rate"], shown["production_rate"]) == ("0.0", "0.0")


def test_the_picker_in_english(client, dave, city, city_data):
    client.force_login(dave)
    client.cookies["django_language"] = "en"
    page = client.get(
        reverse("reports:region", args=[city.pk]), {**WHEN, "category": "industrial"}
    ).content.decode()
    assert "Plan figures: Industrial (manufacturing and technical renovation)" in page


@pytest.mark.parametrize("zones", [3, 30])
def test_the_restricted_region_dashboard_runs_the_same_queries_for_3_zones_and_30(
    client, dave, city, zone_a, zone_b, django_assert_num_queries, zones
):
    county = RegionFactory(code="JS-ZJ-DY", parent=city)
    build_city(zone_a, zone_b)
    add_zones(county, 1)
    add_zones(city, zones - 3)
    client.force_login(dave)
    url = reverse("reports:region", args=[city.pk])
    restriction = {"level": "city_and_above", "category": "industrial", "min_investment": "10000"}
    count_queries(client, url, django_assert_num_queries, RESTRICTED_REGION_QUERIES, **restriction)


def test_the_restricted_zone_dashboard_runs_the_same_queries(
    client, alice, zone_a, zone_b, django_assert_num_queries
):
    build_city(zone_a, zone_b)
    client.force_login(alice)
    url = reverse("reports:zone", args=[zone_a.pk])
    count_queries(
        client, url, django_assert_num_queries, RESTRICTED_ZONE_QUERIES, category="industrial"
    )
