"""The quarterly report's land and funds block (SPEC section 14): each zone's parcels and 亩
on the ledger and revitalized, and its funds in place, beside the annual targets, on the page
and on the workbook's third sheet, from the same figure functions as the dashboards.

2026 Q4, as of 2026-11-22. Zone A: parcels of 40 亩 (identified 2026-02-01) and 25.5 亩
(identified 2026-03-01, revitalized 2026-09-10 over 20.25 亩); targets 2 parcels and 60 亩
revitalized, 3000 万元 domestic funds. A project's reports: 1200 domestic (200 from other
provinces) in May, 300 domestic and 15 万美元 foreign in October.
Zone B: a parcel of 10 亩 revitalized 2026-04-01 over 10 亩; no target.
The total: 3 parcels, 75.50 亩 on the ledger; 2 revitalized, 30.25 亩; targets 2 parcels,
60 亩 and 3000 万元 (zone A's alone).
"""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from investment.choices import TargetMetric
from tests.builders import make_project, make_report
from tests.factories import LandParcelFactory, TargetFactory

pytestmark = pytest.mark.usefixtures("frozen_today")
Q4 = {"year": 2026, "quarter": 4}


@pytest.fixture
def resources(zone_a, zone_b):
    LandParcelFactory(zone=zone_a, identified_on=date(2026, 2, 1), area_mu=Decimal("40"))
    LandParcelFactory(
        zone=zone_a,
        identified_on=date(2026, 3, 1),
        area_mu=Decimal("25.5"),
        revitalized_on=date(2026, 9, 10),
        revitalized_mu=Decimal("20.25"),
    )
    LandParcelFactory(
        zone=zone_b,
        identified_on=date(2026, 1, 5),
        area_mu=Decimal("10"),
        revitalized_on=date(2026, 4, 1),
        revitalized_mu=Decimal("10"),
    )
    for metric, value in (
        (TargetMetric.PARCELS_REVITALIZED, "2"),
        (TargetMetric.LAND_REVITALIZED_MU, "60"),
        (TargetMetric.FUNDS_IN_PLACE, "3000"),
    ):
        TargetFactory(zone=zone_a, metric=metric, annual_value=Decimal(value))
    project = make_project(zone_a)
    make_report(project, 5, domestic="1200", out="200")
    make_report(project, 10, domestic="300", foreign="15")


def test_the_page_shows_land_and_funds_beside_the_targets(client, dave, city, resources):
    client.force_login(dave)
    report = client.get(reverse("reports:quarterly"), {"region": city.pk, **Q4}).context["report"]
    a, b, total = report.resources
    assert (a.land.parcels_identified, a.land.mu_identified) == (2, Decimal("65.50"))
    assert (a.land.parcels_revitalized, a.land.mu_revitalized) == (1, Decimal("20.25"))
    assert (a.funds.domestic, a.funds.out_of_province) == (Decimal("1500.00"), Decimal("200.00"))
    assert a.funds.foreign_usd == Decimal("15.00")
    assert a.targets == {
        "parcels_revitalized": Decimal("2.00"),
        "land_revitalized_mu": Decimal("60.00"),
        "funds_in_place": Decimal("3000.00"),
    }
    assert (b.land.mu_revitalized, b.targets) == (Decimal("10.00"), {})
    assert (total.land.parcels_identified, total.land.mu_identified) == (3, Decimal("75.50"))
    assert (total.land.parcels_revitalized, total.land.mu_revitalized) == (2, Decimal("30.25"))
    assert total.targets == a.targets


def test_the_zones_workbook_carries_land_and_funds_on_a_third_sheet(
    client, alice, zone_a, resources
):
    client.force_login(alice)
    response = client.get(reverse("reports:quarterly_excel"), {"zone": zone_a.pk, **Q4})
    sheet = load_workbook(BytesIO(response.content)).worksheets[2]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in rows if "完成" in row)
    line = next(row for row in rows if row[1] == zone_a.name)
    # No., zone, parcels, 亩, parcels revitalized + target, 亩 revitalized + target,
    # domestic + target, out of province + target, foreign + target.
    assert line == [1, zone_a.name, 2, 65.5, 1, 2, 20.25, 60, 1500, 3000, 200, None, 15, None]
    assert header.count("全年目标") == 5
