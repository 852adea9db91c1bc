"""The land ledger in Excel: import with preview (a bad row imports nothing), export that
imports back unchanged, the ledger page's permissions."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from investment.excel import LandImporter
from investment.models import LandParcel
from tests.factories import LandParcelFactory, ParkFactory, ProjectFactory

pytestmark = pytest.mark.django_db

# API field names are accepted headers as well as the Chinese and English labels.
HEADER = [
    "zone",
    "park",
    "location",
    "area_mu",
    "kind",
    "identified_on",
    "revitalized_on",
    "revitalized_mu",
]


def sheet(*rows):
    book = Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "land.xlsx"
    return buffer


@pytest.fixture
def park(zone_a):
    return ParkFactory(zone=zone_a, name="高新园")


def test_a_good_sheet_is_previewed_then_saved_with_units_converted(
    alice, zone_a, park, frozen_today
):
    importer = LandImporter(alice)
    result = importer.read(
        sheet(
            ["镇江新区", "高新园", "丁卯路1号", "35.5亩", "闲置", "2026-03-01", "", ""],
            [zone_a.code, "", "丁卯路2号", 20, "idle", "2026-04-01", "2026-09-01", "12亩"],
        )
    )
    assert result.errors == []
    assert LandParcel.objects.count() == 0  # the preview writes nothing
    assert importer.save(result) == 2
    first, second = LandParcel.objects.order_by("location")
    assert (first.park, first.area_mu, first.kind) == (park, Decimal("35.50"), "idle")
    assert (second.revitalized_on, second.revitalized_mu) == (date(2026, 9, 1), Decimal("12.00"))


def test_a_bad_row_imports_nothing(alice, zone_a, zone_b, frozen_today):
    existing = LandParcelFactory(zone=zone_a, location="丁卯路1号", area_mu=Decimal("10"))
    result = LandImporter(alice).read(
        sheet(
            ["镇江新区", "", "丁卯路1号", "12", "idle", "2026-03-01", "", ""],  # an update
            ["镇江新区", "", "丁卯路3号", "5", "idle", "2026-03-01", "2026-05-01", "6"],  # 6 > 5
            [zone_b.name, "", "丁卯路4号", "5", "idle", "2026-03-01", "", ""],  # not alice's
        )
    )
    assert not result.is_valid
    assert sorted(number for number, _label, _message in result.errors) == [3, 4]
    existing.refresh_from_db()
    assert existing.area_mu == Decimal("10.00")
    assert LandParcel.objects.count() == 1


def test_a_bad_row_through_the_page_saves_nothing(client, alice, zone_a, frozen_today):
    client.force_login(alice)
    upload = sheet(["镇江新区", "", "丁卯路3号", "5万元", "idle", "2026-03-01", "", ""])
    response = client.post(reverse("investment:import"), {"kind": "land", "file": upload})
    assert response.status_code == 200
    assert "payload" not in response.context
    assert LandParcel.objects.count() == 0


def test_the_export_imports_back_unchanged(client, alice, zone_a, park, frozen_today):
    LandParcelFactory(
        zone=zone_a,
        park=park,
        project=ProjectFactory(zone=zone_a, code="ZA-1"),
        revitalized_on=date(2026, 6, 1),
        revitalized_mu=Decimal("20.00"),
        investment=Decimal("800.00"),
        method="transfer",
        planned_year=2026,
    )
    client.force_login(alice)
    response = client.get(reverse("investment:land"), {"zone": zone_a.pk, "format": "xlsx"})
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 2
    result = LandImporter(alice).read(io.BytesIO(response.content))
    assert result.errors == []
    assert [(row.is_update, row.changed) for row in result.rows] == [(True, set())]


def test_the_ledger_page_hides_other_zones_and_is_read_only_for_leadership(
    client, alice, bob, dave, zone_a, frozen_today
):
    parcel = LandParcelFactory(zone=zone_a)
    client.force_login(bob)
    assert client.get(reverse("investment:land"), {"zone": zone_a.pk}).status_code == 404
    assert client.get(reverse("investment:land_edit", args=[parcel.pk])).status_code == 404
    client.force_login(dave)
    assert client.get(reverse("investment:land"), {"zone": zone_a.pk}).status_code == 200
    assert client.get(reverse("investment:land_edit", args=[parcel.pk])).status_code == 403
    assert client.get(reverse("investment:land_create"), {"zone": zone_a.pk}).status_code == 403


def test_an_official_adds_a_parcel_typing_mu(client, alice, zone_a, frozen_today):
    client.force_login(alice)
    response = client.post(
        f"{reverse('investment:land_create')}?zone={zone_a.pk}",
        {"location": "X路", "area_mu": "12.5亩", "kind": "idle", "identified_on": "2026-04-01"},
    )
    assert response.status_code == 302
    assert LandParcel.objects.get().area_mu == Decimal("12.50")
