"""Park indicators' figures, worked by hand (SPEC section 14). Year 2026 seen on 2026-11-22.

Zone A:
- 综合园 (2.00 km² = 3,000 亩) reported the year: output 30,000, tax 1,500, industrial
  24,000 (its Q1 row and its 2025 row do not count): 15,000.00 万元/km², 0.50 万元/亩;
- 新材料园 (no area) reported Q1 (1,000 / 50 / 800) and Q2 (1,500 / 70 / none):
  2,500 / 120 / 800 over 2 quarters; no area, so no per-area figures;
- 物流园 (0.50 km²) reported nothing: every value null.
Completed investment of the year's plan projects by 2026-11-22: 综合园's project 600 (March) +
400 (November), its December 999 not yet; 新材料园's 500; a project outside any park 500;
a 综合园 project not on the plan (800) does not count. Zone A: 2,000; shares 0.5, 0.25, 0.
Zone B: 北园 (1.00 km²) reported output 100.
"""

from datetime import date
from decimal import Decimal

import pytest

from reports.figures.parks import park_figures
from reports.figures.period import Period
from reports.figures.scopes import Scope
from tests.builders import make_plan, make_project, make_report
from tests.factories import ParkFactory, ParkIndicatorFactory, ZoneFactory

pytestmark = pytest.mark.django_db

PERIOD = Period(2026, date(2026, 11, 22))


def indicator(park, output, tax, industrial, quarter=None, year=2026):
    def value(text):
        return None if text is None else Decimal(text)

    return ParkIndicatorFactory(
        park=park,
        year=year,
        quarter=quarter,
        output_value=value(output),
        tax_revenue=value(tax),
        industrial_output=value(industrial),
    )


def planned_project(zone, park, *reports):
    project = make_project(zone)
    project.park = park
    project.save()
    make_plan(project)
    for month, completed in reports:
        make_report(project, month, completed=completed)
    return project


@pytest.fixture
def parks(zone_a, zone_b):
    whole = ParkFactory(zone=zone_a, name="综合园", area_km2=Decimal("2.00"))
    materials = ParkFactory(zone=zone_a, name="新材料园", area_km2=None)
    ParkFactory(zone=zone_a, name="物流园", area_km2=Decimal("0.50"))
    north = ParkFactory(zone=zone_b, name="北园", area_km2=Decimal("1.00"))
    indicator(whole, "30000", "1500", "24000")
    indicator(whole, "7000", "300", "5000", quarter=1)
    indicator(whole, "99999", "999", "999", year=2025)
    indicator(materials, "1000", "50", "800", quarter=1)
    indicator(materials, "1500", "70", None, quarter=2)
    indicator(north, "100", None, None)
    planned_project(zone_a, whole, (3, "600"), (11, "400"), (12, "999"))
    planned_project(zone_a, materials, (5, "500"))
    planned_project(zone_a, None, (6, "500"))
    off_plan = make_project(zone_a)
    off_plan.park = whole
    off_plan.save()
    make_report(off_plan, 4, completed="800")


def test_the_figures_of_each_park_of_a_zone(parks, zone_a):
    rows = {row.name: row.as_dict() for row in park_figures(Scope.for_zone(zone_a), PERIOD)}
    assert set(rows) == {"物流园", "新材料园", "综合园"}
    whole = rows["综合园"]
    assert whole["output_value"] == "30000.00"
    assert whole["tax_revenue"] == "1500.00"
    assert whole["industrial_output"] == "24000.00"
    assert whole["quarters"] == 0
    assert whole["output_per_km2"] == "15000.00"
    assert whole["tax_per_mu"] == "0.50"
    assert whole["completed_investment"] == "1000.00"
    assert whole["investment_share"] == 0.5
    materials = rows["新材料园"]
    assert (materials["output_value"], materials["tax_revenue"]) == ("2500.00", "120.00")
    assert materials["industrial_output"] == "800.00"
    assert materials["quarters"] == 2
    assert materials["output_per_km2"] is None and materials["tax_per_mu"] is None
    assert materials["investment_share"] == 0.25
    logistics = rows["物流园"]
    assert logistics["output_value"] is None and logistics["tax_per_mu"] is None
    assert logistics["investment_share"] == 0.0


def test_a_zone_without_completed_investment_has_no_share(parks, zone_b):
    (north,) = park_figures(Scope.for_zone(zone_b), PERIOD)
    assert north.output_value == Decimal("100.00")
    assert north.output_per_km2 == Decimal("100.00")
    assert north.tax_per_mu is None
    assert north.investment_share is None


def test_a_region_lists_the_parks_of_every_zone_with_their_own_zone_s_share(parks, city):
    rows = {row.name: row for row in park_figures(Scope.for_region(city), PERIOD)}
    assert set(rows) == {"综合园", "新材料园", "物流园", "北园"}
    assert rows["综合园"].investment_share == 0.5
    assert rows["北园"].investment_share is None


@pytest.mark.parametrize("zones", [3, 30])
def test_the_number_of_queries_does_not_grow_with_zones(city, zones, django_assert_num_queries):
    for _ in range(zones):
        zone = ZoneFactory(region=city)
        park = ParkFactory(zone=zone)
        indicator(park, "100", "10", "50")
        planned_project(zone, park, (3, "100"))
    # 3 queries: parks, indicators grouped by park, completed investment by zone and park
    with django_assert_num_queries(3):
        rows = park_figures(Scope.for_region(city), PERIOD)
    assert len(rows) == zones
    assert all(row.investment_share == 1.0 for row in rows)


def test_each_value_beside_last_years_on_the_same_basis(zone_a):
    # 甲园: 2026's year row (output 12,000, tax 600) against 2025's (10,000, 480): +20 %, +25 %;
    # industrial none in 2026 → no growth.
    # 乙园: 2026 Q1 + Q2 (1,000 + 1,500 = 2,500) against 2025 Q1 + Q2 (800 + 1,200 = 2,000):
    # +25 %; its 2025 Q3 does not count.
    # 丙园: 2026 Q1 (500) but 2025 only a year row, which cannot be split: no comparison.
    # 丁园: 2026's year row (3,000) against 2025's four quarters (4 × 600 = 2,400): +25 %.
    first = ParkFactory(zone=zone_a, name="甲园")
    indicator(first, "12000", "600", None)
    indicator(first, "10000", "480", "9000", year=2025)
    second = ParkFactory(zone=zone_a, name="乙园")
    indicator(second, "1000", None, None, quarter=1)
    indicator(second, "1500", None, None, quarter=2)
    for quarter, output in ((1, "800"), (2, "1200"), (3, "5000")):
        indicator(second, output, None, None, quarter=quarter, year=2025)
    third = ParkFactory(zone=zone_a, name="丙园")
    indicator(third, "500", None, None, quarter=1)
    indicator(third, "4000", None, None, year=2025)
    fourth = ParkFactory(zone=zone_a, name="丁园")
    indicator(fourth, "3000", None, None)
    for quarter in (1, 2, 3, 4):
        indicator(fourth, "600", None, None, quarter=quarter, year=2025)

    rows = {row.name: row for row in park_figures(Scope.for_zone(zone_a), PERIOD)}

    assert rows["甲园"].last_year["output_value"] == Decimal("10000.00")
    assert rows["甲园"].growth == {
        "output_value": 0.2,
        "tax_revenue": 0.25,
        "industrial_output": None,
    }
    assert (rows["乙园"].output_value, rows["乙园"].last_year["output_value"]) == (
        Decimal("2500.00"),
        Decimal("2000.00"),
    )
    assert rows["乙园"].growth["output_value"] == 0.25
    assert rows["丙园"].last_year["output_value"] is None
    assert rows["丙园"].growth["output_value"] is None
    assert rows["丁园"].growth["output_value"] == 0.25
    assert rows["甲园"].as_dict()["last_year"]["tax_revenue"] == "480.00"
