"""Land ledger and funds-in-place figures and their targets, worked by hand (SPEC section 14).

Year 2026 seen on 2026-11-22. Zone A's parcels:
- P1 identified 2025-05-01, 100 亩, revitalized 2025-12-01 (100 亩): off the 2026 ledger;
- P2 identified 2025-06-01, 80 亩, not revitalized: on the ledger;
- P3 identified 2026-02-10, 45.5 亩, revitalized 2026-05-20 (30.25 亩, Q2);
- P4 identified 2026-01-05, 60 亩, revitalized 2026-08-15 (60 亩, Q3);
- P5 identified 2026-12-01: after the date, not counted.
Zone A: 3 parcels and 185.50 亩 on the ledger, 2 parcels and 90.25 亩 revitalized.
Zone B: P6 identified 2026-03-01, 10 亩, revitalized 2026-04-01 (10 亩).
The city: 4 parcels, 195.50 亩; 3 revitalized, 100.25 亩.

Funds of a zone A project: March 1000 domestic (300 of it from other provinces), 50 万美元
foreign; November 500 domestic, 20 foreign; December (after the date) and 2025 not counted:
1500.00 domestic, 300.00 from other provinces, 70.00 foreign.
"""

from datetime import date
from decimal import Decimal

import pytest

from investment.choices import TargetMetric
from reports.figures.funds import FundsFigures, funds_figures, funds_per_zone
from reports.figures.land import land_figures, land_per_zone
from reports.figures.metrics import figures_for
from reports.figures.period import Period
from reports.figures.scopes import Scope
from reports.figures.stats import stats
from tests.builders import api, make_project, make_report
from tests.factories import LandParcelFactory, TargetFactory

pytestmark = pytest.mark.django_db

PERIOD = Period(2026, date(2026, 11, 22))


def parcel(zone, identified, area, revitalized=None, mu=None):
    return LandParcelFactory(
        zone=zone,
        identified_on=identified,
        area_mu=Decimal(area),
        revitalized_on=revitalized,
        revitalized_mu=None if mu is None else Decimal(mu),
    )


@pytest.fixture
def ledger(zone_a, zone_b):
    parcel(zone_a, date(2025, 5, 1), "100", date(2025, 12, 1), "100")
    parcel(zone_a, date(2025, 6, 1), "80")
    parcel(zone_a, date(2026, 2, 10), "45.5", date(2026, 5, 20), "30.25")
    parcel(zone_a, date(2026, 1, 5), "60", date(2026, 8, 15), "60")
    parcel(zone_a, date(2026, 12, 1), "7")
    parcel(zone_b, date(2026, 3, 1), "10", date(2026, 4, 1), "10")


@pytest.fixture
def funds(zone_a):
    project = make_project(zone_a)
    make_report(project, 3, domestic="1000", out="300", foreign="50")
    make_report(project, 11, domestic="500", foreign="20")
    make_report(project, 12, domestic="999", foreign="9")
    make_report(project, 5, domestic="777", year=2025)


ZONE_A_LAND = {
    "parcels_identified": 3,
    "mu_identified": "185.50",
    "parcels_revitalized": 2,
    "mu_revitalized": "90.25",
}


def test_the_land_figures_of_a_zone_and_of_the_city(ledger, zone_a, zone_b, city):
    assert land_figures(Scope.for_zone(zone_a), PERIOD).as_dict() == ZONE_A_LAND
    assert land_figures(Scope.for_region(city), PERIOD).as_dict() == {
        "parcels_identified": 4,
        "mu_identified": "195.50",
        "parcels_revitalized": 3,
        "mu_revitalized": "100.25",
    }
    per_zone = land_per_zone(Scope.for_region(city), PERIOD, [zone_a.pk, zone_b.pk])
    assert per_zone[zone_a.pk].as_dict() == ZONE_A_LAND
    assert per_zone[zone_b.pk].mu_revitalized == Decimal("10.00")
    assert land_figures(Scope.for_zone(zone_a), PERIOD).revitalized_rate == 0.4865  # 90.25/185.5


def test_a_parcel_revitalized_last_year_leaves_the_next_years_ledger(ledger, zone_a):
    last_year = land_figures(Scope.for_zone(zone_a), Period(2025, date(2025, 12, 31)))
    assert last_year.as_dict() == {
        "parcels_identified": 2,
        "mu_identified": "180.00",
        "parcels_revitalized": 1,
        "mu_revitalized": "100.00",
    }


def test_the_funds_in_place_of_a_zone(funds, zone_a, zone_b, city):
    assert funds_figures(Scope.for_zone(zone_a), PERIOD).as_dict() == {
        "domestic": "1500.00",
        "out_of_province": "300.00",
        "foreign_usd": "70.00",
        "in_place_rate": None,  # no project states its planned funds
    }
    per_zone = funds_per_zone(Scope.for_region(city), PERIOD, [zone_a.pk, zone_b.pk])
    assert per_zone[zone_b.pk].as_dict() == {
        "domestic": "0.00",
        "out_of_province": "0.00",
        "foreign_usd": "0.00",
        "in_place_rate": None,
    }


def test_the_funds_in_place_rate_reads_the_projects_that_state_planned_funds(
    funds, zone_a, zone_b, city
):
    # The fixture's project states nothing: its 1500.00 stays out of the rate.
    # Zone A: P plans 4000, has 2026 reports of 600 (Feb) + 400 (Oct) = 1000 in place, and
    # 300 in December (after the date); R plans 1000 and reports nothing.
    # Rate = 1000 / (4000 + 1000) = 0.2; the domestic funds are 1500 + 1000 = 2500.
    planned = make_project(zone_a)
    planned.planned_funds = Decimal("4000")
    planned.save()
    make_report(planned, 2, domestic="600")
    make_report(planned, 10, domestic="400")
    make_report(planned, 12, domestic="300")
    idle = make_project(zone_a)
    idle.planned_funds = Decimal("1000")
    idle.save()
    # Zone B: S plans 500 and has 250 in place: 250 / 500 = 0.5.
    other = make_project(zone_b)
    other.planned_funds = Decimal("500")
    other.save()
    make_report(other, 6, domestic="250")
    zone = funds_figures(Scope.for_zone(zone_a), PERIOD)
    assert (zone.domestic, zone.in_place_rate) == (Decimal("2500.00"), 0.2)
    per_zone = funds_per_zone(Scope.for_region(city), PERIOD, [zone_a.pk, zone_b.pk])
    assert per_zone[zone_a.pk].in_place_rate == 0.2
    assert per_zone[zone_b.pk].in_place_rate == 0.5
    # The city: (1000 + 250) / (4000 + 1000 + 500) = 1250 / 5500 = 0.22727 -> 0.2273, the
    # same whether read at once or added up from its zones.
    assert funds_figures(Scope.for_region(city), PERIOD).in_place_rate == 0.2273
    assert sum(per_zone.values(), FundsFigures()).in_place_rate == 0.2273


def test_land_and_funds_targets_read_the_ledger_and_the_reports(ledger, funds, zone_a):
    for metric, annual in (
        (TargetMetric.LAND_REVITALIZED_MU, "200"),
        (TargetMetric.PARCELS_REVITALIZED, "4"),
        (TargetMetric.FUNDS_OUT_OF_PROVINCE, "1000"),
        (TargetMetric.FUNDS_FOREIGN_USD, "100"),
        (TargetMetric.FUNDS_IN_PLACE, "3000"),
    ):
        TargetFactory(zone=zone_a, metric=metric, annual_value=Decimal(annual))
    targets = {
        t["metric"]: t for t in figures_for(Scope.for_zone(zone_a), PERIOD).as_dict()["targets"]
    }
    land = targets["land_revitalized_mu"]
    assert (land["actual"], land["progress"]) == ("90.25", 0.4513)
    assert [q["actual"] for q in land["quarters"]] == ["0.00", "30.25", "90.25", "90.25"]
    parcels = targets["parcels_revitalized"]
    assert [q["actual"] for q in parcels["quarters"]] == ["0.00", "1.00", "2.00", "2.00"]
    assert targets["funds_out_of_province"]["actual"] == "300.00"
    assert targets["funds_foreign_usd"]["actual"] == "70.00"
    assert targets["funds_in_place"]["actual"] == "1500.00"


def test_api_stats_carries_land_and_funds_of_the_users_zones_only(
    ledger, funds, alice, zone_a, frozen_today
):
    data = api(alice).get("/api/stats/", {"as_of": "2026-11-22"}).json()
    assert data["land"] == ZONE_A_LAND
    assert data["funds"] == {
        "domestic": "1500.00",
        "out_of_province": "300.00",
        "foreign_usd": "70.00",
        "in_place_rate": None,
    }
    assert data == stats(Scope.for_zone(zone_a), PERIOD) | {"scope": data["scope"]}
