"""The lights on a region's dashboard: red and yellow counts of each zone (and sub-region) in
the zone table, linked to the projects, sortable by reds; the region's tiles are their sum."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from supervision.lights.evaluate import evaluate
from tests.factories import ProjectFactory, ZoneFactory
from tests.reports.dashboard_data import WHEN
from tests.supervision.lights_makers import late_project, only_milestones_rule

pytestmark = pytest.mark.usefixtures("frozen_today")

DAY = date(2026, 11, 22)
RED, YELLOW = date(2026, 10, 10), date(2026, 11, 10)  # 43 days late: red; 12 days: yellow


@pytest.fixture
def lit(city, zone_a, zone_b):
    """ZA: 1 red, 2 yellow, 1 green; ZB: 2 red; ZC: 1 green. Evaluated on the day."""
    zone_c = ZoneFactory(name="句容经开区", code="ZC", region=city)
    only_milestones_rule()
    late_project(zone_a, RED)
    late_project(zone_a, YELLOW)
    late_project(zone_a, YELLOW)
    ProjectFactory(zone=zone_a)
    late_project(zone_b, RED)
    late_project(zone_b, RED)
    ProjectFactory(zone=zone_c)
    evaluate(DAY)
    return zone_c


def zone_table(client, city, **params):
    response = client.get(reverse("reports:region", args=[city.pk]), {**WHEN, **params})
    assert response.status_code == 200
    board = response.context["board"]
    return board, [(row.code, row.lights["red"], row.lights["yellow"]) for row in board.zones]


def test_the_zone_table_counts_each_zones_reds_and_yellows(client, dave, city, lit):
    client.force_login(dave)
    board, rows = zone_table(client, city)
    assert rows == [("ZA", 1, 2), ("ZB", 2, 0), ("ZC", 0, 0)]  # code order
    # The region's tiles: the sum of its zones' (3 red, 2 yellow, 2 green).
    assert (board.lights["red"], board.lights["yellow"], board.lights["green"]) == (3, 2, 2)
    za = board.zones[0]
    assert za.red_url.endswith(f"?zone={za.pk}&light=red")  # the projects behind the count
    html = client.get(reverse("reports:region", args=[city.pk]), WHEN).content.decode()
    assert f'href="{za.red_url.replace("&", "&amp;")}">1</a>' in html


def test_the_zone_table_sorts_by_reds_then_yellows(client, dave, city, zone_a, lit):
    late_project(lit, YELLOW)  # ZC: one yellow, so it comes before none but after ZA's two
    evaluate(DAY)
    client.force_login(dave)
    board, rows = zone_table(client, city, sort="reds")
    assert rows == [("ZB", 2, 0), ("ZA", 1, 2), ("ZC", 0, 1)]
    assert board.by_reds
    html = client.get(reverse("reports:region", args=[city.pk]), WHEN).content.decode()
    assert 'id="sort-reds"' in html and "sort=reds" in html


def test_the_wall_display_lists_the_red_projects_first_then_the_yellow(client, dave, city, lit):
    client.force_login(dave)
    response = client.get(reverse("reports:region_screen", args=[city.pk]), WHEN)
    listed = [(item.zone, item.color) for item in response.context["lit_projects"]]
    # All lit on the same day: by colour, then in the order the projects were made.
    assert listed == [
        ("镇江新区", "red"),
        ("丹阳经开区", "red"),
        ("丹阳经开区", "red"),
        ("镇江新区", "yellow"),
        ("镇江新区", "yellow"),
    ]
    assert response.context["lit_projects"][0].summary == "1 个节点超过计划日期，最长 43 天"
    html = response.content.decode()
    # The lights come before the other figures on the wall display.
    assert html.index('id="light-kpis"') < html.index('id="lit-projects"') < html.index('id="kpis"')
    plain = client.get(reverse("reports:region", args=[city.pk]), WHEN).content.decode()
    assert 'id="lit-projects"' not in plain
    assert plain.index('id="kpis"') < plain.index('id="light-kpis"')


def test_the_wall_display_lists_a_light_standing_longer_first(client, alice, zone_a):
    only_milestones_rule()
    later = late_project(zone_a, date(2026, 10, 1))  # yellow on 10-15 (14 days), red on 11-22
    earlier = late_project(zone_a, date(2026, 9, 1))  # red since 10-15 (44 days)
    evaluate(date(2026, 10, 15))
    evaluate(DAY)
    client.force_login(alice)
    response = client.get(reverse("reports:zone_screen", args=[zone_a.pk]), WHEN)
    assert [item.pk for item in response.context["lit_projects"]] == [earlier.pk, later.pk]
    assert response.context["lit_projects"][0].since == date(2026, 10, 15)


# The region dashboard of a city without sub-regions or targets (fewer than REGION_QUERIES,
# measured beside it in the test, the rollups current) + 1: the red
# and yellow projects listed + 1: this week's meeting (none here).
# + 1 the attraction teams (none here: ranked from the city's row's tallies).
SCREEN_QUERIES = 14


@pytest.mark.parametrize("zones", [3, 30])
def test_the_wall_display_costs_two_queries_more_than_the_dashboard_for_3_zones_and_30(
    client, dave, city, zone_a, zone_b, django_assert_num_queries, zones
):
    only_milestones_rule()
    for number in range(zones - 2):
        late_project(ZoneFactory(code=f"Z{number:02d}", region=city), RED)
    evaluate(DAY)
    client.force_login(dave)
    client.get(reverse("reports:region", args=[city.pk]), WHEN)  # the rollups brought up to date
    with CaptureQueriesContext(connection) as plain:
        client.get(reverse("reports:region", args=[city.pk]), WHEN)
    # The region dashboard's queries (no sub-regions here) + 1: the lit projects listed
    # + 1: this week's meeting.
    with django_assert_num_queries(SCREEN_QUERIES):
        response = client.get(reverse("reports:region_screen", args=[city.pk]), WHEN)
    assert len(plain.captured_queries) + 2 == SCREEN_QUERIES
    assert len(response.context["lit_projects"]) == min(zones - 2, 12)
