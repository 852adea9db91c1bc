"""The parks page: a zone's park figures for a year, and the grid where its officials enter
what each park reported (the year or a quarter), all rows or none, with per-row versions.

Zone A's 综合园 (2.00 km² = 3,000 亩) reports 3.2亿元 output (32,000 万元), 1,500 万元 tax
and 24,000 万元 industrial output for 2026: 16,000.00 万元/km² and 0.50 万元/亩.
"""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from investment.models import ParkIndicator
from tests.factories import ParkFactory, ParkIndicatorFactory, ZoneFactory

pytestmark = pytest.mark.usefixtures("frozen_today")
PAGE = reverse("reports:parks")


@pytest.fixture
def parks(zone_a, zone_b):
    return (
        ParkFactory(zone=zone_a, name="综合园", area_km2=Decimal("2.00")),
        ParkFactory(zone=zone_a, name="物流园", area_km2=Decimal("0.50")),
        ParkFactory(zone=zone_b, name="北园"),
    )


def post(client, zone, data, **query):
    params = "&".join(f"{k}={v}" for k, v in {"zone": zone.pk, "year": 2026, **query}.items())
    return client.post(f"{PAGE}?{params}", data)


def test_an_official_enters_a_year_with_units_and_reads_the_derived_figures(
    client, alice, zone_a, parks
):
    client.force_login(alice)
    park = parks[0]
    response = post(
        client,
        zone_a,
        {
            f"k{park.pk}-output_value": "3.2亿元",
            f"k{park.pk}-tax_revenue": "1500",
            f"k{park.pk}-industrial_output": "24000",
        },
    )
    assert response.status_code == 302
    row = ParkIndicator.objects.get()
    assert (row.year, row.quarter, row.output_value) == (2026, None, Decimal("32000.00"))
    html = client.get(PAGE, {"zone": zone_a.pk, "year": 2026}).content.decode()
    # 32,000 / 2.00 km² = 16,000.00; 1,500 / 3,000 亩 = 0.50.
    assert 'data-figure="park.output_per_km2">16,000.00' in html
    assert 'data-figure="park.tax_per_mu">0.50' in html


def test_one_bad_row_saves_nothing(client, alice, zone_a, parks):
    client.force_login(alice)
    good, bad = parks[0], parks[1]
    response = post(
        client,
        zone_a,
        {
            f"k{good.pk}-output_value": "100",
            # Industrial output cannot exceed the output value.
            f"k{bad.pk}-output_value": "100",
            f"k{bad.pk}-industrial_output": "200",
        },
        quarter=2,
    )
    assert response.status_code == 200
    assert not ParkIndicator.objects.exists()
    assert "Nothing was saved" in response.content.decode() or "未保存" in str(
        response.content.decode()
    )


def test_a_row_saved_by_someone_else_since_the_page_loaded_is_a_conflict(
    client, alice, zone_a, parks
):
    park = parks[0]
    client.force_login(alice)
    loaded = client.get(PAGE, {"zone": zone_a.pk, "year": 2026})
    assert loaded.status_code == 200
    # Someone saves the park's year after alice loaded the empty row (version "").
    ParkIndicatorFactory(
        park=park, year=2026, output_value=Decimal("50"), industrial_output=Decimal("40")
    )
    data = {
        f"k{park.pk}-output_value": "70",
        f"k{park.pk}-industrial_output": "40",
        f"k{park.pk}-version": "",
    }
    response = post(client, zone_a, data)
    assert response.status_code == 200
    assert ParkIndicator.objects.get().output_value == Decimal("50.00")
    # The page now carries the stored version: saving again replaces the figures.
    form = next(form for row_park, form in response.context["grid"].rows if row_park == park)
    assert form.conflict
    version = form.data[f"k{park.pk}-version"]
    response = post(client, zone_a, {**data, f"k{park.pk}-version": version})
    assert response.status_code == 302
    assert ParkIndicator.objects.get().output_value == Decimal("70.00")


def test_leadership_reads_but_cannot_enter(client, dave, zone_a, parks):
    client.force_login(dave)
    assert client.get(PAGE, {"zone": zone_a.pk}).status_code == 200
    response = post(client, zone_a, {f"k{parks[0].pk}-output_value": "1"})
    assert response.status_code == 403


def test_another_zone_is_404(client, alice, zone_b, parks):
    client.force_login(alice)
    assert client.get(PAGE, {"zone": zone_b.pk}).status_code == 404


def test_the_export_carries_the_zones_rows_for_the_importer(client, alice, zone_a, parks):
    ParkIndicatorFactory(park=parks[0], year=2026, quarter=1)
    ParkIndicatorFactory(park=parks[2], year=2026, quarter=1)
    client.force_login(alice)
    response = client.get(PAGE, {"zone": zone_a.pk, "year": 2026, "format": "xlsx"})
    rows = list(load_workbook(BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    parks_named = [row[1] for row in rows if row[0] == zone_a.name]
    assert parks_named == ["综合园"]


# 3 (session, user, membership) + 1 zones + 1 parks of the zone + 1 the period's rows
# + 3 park figures (parks; indicators by park; investment by park).
PAGE_QUERIES = 9


@pytest.mark.parametrize("zones", [3, 30])
def test_the_page_runs_the_same_queries_for_3_zones_and_30(
    client, dave, city, zone_a, parks, django_assert_num_queries, zones
):
    for _ in range(zones - 2):
        zone = ZoneFactory(region=city)
        ParkIndicatorFactory(park=ParkFactory(zone=zone), year=2026)
    ParkIndicatorFactory(park=parks[0], year=2026)
    client.force_login(dave)
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(PAGE, {"zone": zone_a.pk, "year": 2026}).status_code == 200


def test_the_page_shows_each_value_against_last_year(client, alice, zone_a, parks):
    # Output 32,000 against 2025's 25,600: (32,000 − 25,600) / 25,600 = 0.25 → ↑25.0%.
    ParkIndicatorFactory(park=parks[0], year=2026, quarter=None, output_value=Decimal("32000"))
    ParkIndicatorFactory(park=parks[0], year=2025, quarter=None, output_value=Decimal("25600"))
    client.force_login(alice)
    html = client.get(PAGE, {"zone": zone_a.pk, "year": 2026}).content.decode()
    assert "同比 ↑25.0%" in html
    assert "25,600.00" in html  # last year's, on hover
