"""A region dashboard reads today's figures of the scope and of each sub-region from their
region rows, and what its table shows of each zone it lists (none when there are too many,
with sub-regions to open instead) from the zones' dashboard rows; it shows the numbers the
same dashboard shows when it reads each zone's whole rollup and adds them up."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from reports.dashboards import page
from reports.figures import rollups
from tests.factories import AttractionTeamFactory, RegionFactory
from tests.reports.dashboard_data import WHEN, add_zones, build_city
from tests.reports.dashboards.test_dashboard import count_queries
from tests.reports.figures.test_teams import project_of

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def country(city, zone_a, zone_b):
    """The city (zones A, B and two more) and a county below it with one zone."""
    build_city(zone_a, zone_b)
    county = RegionFactory(name="丹阳市", code="JS-ZJ-DY", parent=city)
    add_zones(county, 1)
    add_zones(city, 2)
    team = AttractionTeamFactory(zone=zone_a, name="招商一局")
    project_of(team, "20000", signing=date(2026, 3, 1))
    return county


def shown(board):
    """What the dashboard shows, as plain values."""
    return {
        "figures": {k: v for k, v in board.figures.as_dict().items() if k != "targets"},
        "funnel": [(step.step, step.projects) for step in board.funnel],
        "lights": board.lights.as_dict(),
        "regions": [
            (
                row.name,
                row.figures.as_dict()["plan"],
                row.figures.as_dict()["signing"],
                +row.funnel,  # without the zeros one of them keeps
                dict(row.targets),
                row.lights.as_dict(),
            )
            for row in board.regions
        ],
        "targets": [
            (
                row.metric,
                row.min_investment,
                row.annual_value,
                row.actual,
                row.expected,
                dict(row.statuses),
            )
            for row in board.targets
        ],  # fmt: skip
        "teams": [(team.name, team.score, team.rank) for team in board.teams],
        "months": [(row.completed, row.cumulative) for row in board.months],
        "supervision": board.supervision.as_dict(),
        "land": board.land.as_dict(),
        "funds": board.funds.as_dict(),
    }


def zone_rows(board):
    """What the zone table shows of each zone, as plain values."""
    return [
        (
            row.name,
            row.figures.as_dict()["plan"],
            {k: v for k, v in row.figures.as_dict()["signing"].items() if "median" not in k},
            +row.funnel,
            dict(row.targets),
            row.lights.as_dict(),
        )
        for row in board.zones
    ]


def test_the_region_rows_show_what_the_zones_add_up_to(client, dave, city, country, monkeypatch):
    client.force_login(dave)
    url = reverse("reports:region", args=[city.pk])
    with monkeypatch.context() as whole:
        # Each zone's whole rollup read and the zones added up here, as for another day.
        whole.setattr(page, "serves", lambda *args: False)
        by_zone = client.get(url, WHEN).context["board"]
    assert len(by_zone.zones) == 5 and by_zone.source == rollups.ROLLUP
    # Read from the region rows and the zones' dashboard rows.
    listed = client.get(url, WHEN).context["board"]
    assert shown(listed) == shown(by_zone)
    assert zone_rows(listed) == zone_rows(by_zone)
    assert [(zone, land.as_dict(), funds.as_dict()) for zone, land, funds in listed.resources] == [
        (zone, land.as_dict(), funds.as_dict()) for zone, land, funds in by_zone.resources
    ]
    assert listed.updates == by_zone.updates
    monkeypatch.setattr(page, "TABLE_ZONES", 2)
    by_region = client.get(url, WHEN).context["board"]
    assert by_region.zones == [] and by_region.source == rollups.ROLLUP
    assert shown(by_region) == shown(by_zone)
    # The county's row: its one zone (a started project of 30000, planned 500, done 50).
    county = by_region.regions[0]
    assert (county.name, county.figures.started_new, county.funnel["projects"]) == ("丹阳市", 1, 1)
    assert county.figures.completed_investment == Decimal("50.00")
    assert by_region.figures.completed_investment == Decimal("900.00")  # 750 + 3 × 50


@pytest.mark.parametrize("zones", [3, 30])
def test_the_region_rows_take_the_same_queries_for_3_zones_and_30(
    client, dave, city, zone_a, zone_b, django_assert_num_queries, monkeypatch, zones
):
    build_city(zone_a, zone_b)
    add_zones(RegionFactory(code="JS-ZJ-DY", parent=city), 1)
    add_zones(city, zones - 3)
    monkeypatch.setattr(page, "TABLE_ZONES", 2)
    client.force_login(dave)
    # 3 (session, user, membership) + 1 region (scope) + 1 zones of the scope + 1 its
    # sub-regions + 1 which rollups are current (as of today, no change left; their targets'
    # digests) + 1 the region's row + 1 the sub-regions' rows + 1 trend + 1 attraction
    # teams + 1 breadcrumbs
    count_queries(client, reverse("reports:region", args=[city.pk]), django_assert_num_queries, 12)
