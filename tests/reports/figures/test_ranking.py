"""Zones ranked on one figure: order, shared ranks for ties, unranked zones last."""

from datetime import date

import pytest

from reports.figures.metrics import figures_per_zone
from reports.figures.period import Period
from reports.figures.ranking import RANKED_METRICS, rank_zones
from reports.figures.scopes import Scope
from tests.builders import AS_OF, Y, make_plan, make_project
from tests.factories import ZoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def zones(city):
    """Start rates: Z1 1 of 2, Z2 and Z3 3 of 4, Z4 nothing planned, Z5 1 of 1."""
    result = {}
    for code, planned, started in [("Z1", 2, 1), ("Z2", 4, 3), ("Z3", 4, 3), ("Z4", 0, 0)]:
        zone = result[code] = ZoneFactory(code=code, region=city)
        for index in range(planned):
            groundbreaking = date(2026, 5, 1) if index < started else None
            make_plan(make_project(zone, groundbreaking=groundbreaking))
    result["Z5"] = ZoneFactory(code="Z5", region=city)
    make_plan(make_project(result["Z5"], groundbreaking=date(2026, 5, 1)))
    return result


def ranking(metric, scope=None):
    rows = rank_zones(scope or Scope.everything(), Period(Y, AS_OF), metric)
    return [(row["code"], row["rank"], row["value"]) for row in rows]


def test_zones_rank_best_first_with_ties_sharing_a_rank_and_no_value_last(zones):
    assert ranking("start_rate") == [
        ("Z5", 1, 1.0),
        ("Z2", 2, 0.75),
        ("Z3", 2, 0.75),
        ("Z1", 4, 0.5),
        ("Z4", None, None),
    ]


def test_counts_rank_every_zone_including_those_with_zero(zones):
    assert ranking("planned_new") == [
        ("Z2", 1, 4),
        ("Z3", 1, 4),
        ("Z1", 3, 2),
        ("Z5", 4, 1),
        ("Z4", 5, 0),
    ]


def test_money_ranks_as_amounts_and_reads_as_strings(city):
    for code, total in [("ZA", "9000"), ("ZB", "10000.50"), ("ZC", "900")]:
        make_project(ZoneFactory(code=code, region=city), total=total, signing=date(2026, 2, 2))
    assert ranking("signed_investment") == [
        ("ZB", 1, "10000.50"),
        ("ZA", 2, "9000.00"),
        ("ZC", 3, "900.00"),
    ]


def test_fewer_days_to_groundbreaking_rank_higher(city):
    for code, signing in [("ZA", date(2026, 1, 1)), ("ZB", date(2026, 3, 1))]:
        zone = ZoneFactory(code=code, region=city)
        make_project(zone, signing=signing, groundbreaking=date(2026, 4, 1))
    assert ranking("median_days_signing_to_groundbreaking") == [("ZB", 1, 31.0), ("ZA", 2, 90.0)]


def test_a_region_ranks_only_its_zones(city, zones):
    other = ZoneFactory(code="Z0")
    make_plan(make_project(other, groundbreaking=date(2026, 5, 1)))
    codes = [code for code, _rank, _value in ranking("start_rate", Scope.for_region(city))]
    assert codes == ["Z5", "Z2", "Z3", "Z1", "Z4"]


@pytest.mark.parametrize("metric", list(RANKED_METRICS))
def test_every_metric_ranks_the_zones_on_their_full_figures(zones, metric):
    """Each ranking reads only the figures it needs; its values are those of the full set."""
    full = figures_per_zone(Scope.everything(), Period(Y, AS_OF))
    for row in rank_zones(Scope.everything(), Period(Y, AS_OF), metric):
        value = full[row["zone"]].value(metric)
        expected = f"{value:.2f}" if RANKED_METRICS[metric].money else value
        assert row["value"] == expected
