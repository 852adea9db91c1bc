"""Park indicators in Excel: import with preview (a bad row imports nothing, an existing
row is updated), export that imports back unchanged."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from investment.excel import IMPORTERS, ParkIndicatorImporter
from investment.models import ParkIndicator
from tests.factories import ParkFactory, ParkIndicatorFactory

pytestmark = pytest.mark.django_db

HEADER = ["zone", "park", "year", "quarter", "output_value", "tax_revenue", "industrial_output"]


def sheet(*rows, header=HEADER):
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def park(zone_a):
    return ParkFactory(zone=zone_a, name="高新园")


def test_the_importer_is_registered_as_park_indicators():
    assert IMPORTERS["park_indicators"] is ParkIndicatorImporter


def test_a_good_sheet_is_previewed_then_saved_with_units_converted(alice, zone_a, park):
    importer = ParkIndicatorImporter(alice)
    result = importer.read(
        sheet(
            ["镇江新区", "高新园", 2026, "", "3.2亿", "1500", "2亿元"],
            [zone_a.code, "高新园", 2026, 1, 7000, 300, ""],
        )
    )
    assert result.errors == []
    assert ParkIndicator.objects.count() == 0  # the preview writes nothing
    assert importer.save(result) == 2
    year = ParkIndicator.objects.get(park=park, quarter=None)
    assert (year.output_value, year.tax_revenue, year.industrial_output) == (
        Decimal("32000.00"),
        Decimal("1500.00"),
        Decimal("20000.00"),
    )
    assert ParkIndicator.objects.get(park=park, quarter=1).industrial_output is None


def test_a_known_park_year_and_quarter_is_updated(alice, park):
    existing = ParkIndicatorFactory(park=park, quarter=2)
    importer = ParkIndicatorImporter(alice)
    result = importer.read(sheet(["镇江新区", "高新园", 2026, 2, 12000, 700, 9000]))
    assert result.errors == []
    importer.save(result)
    existing.refresh_from_db()
    assert existing.output_value == Decimal("12000.00")
    assert ParkIndicator.objects.count() == 1


def test_a_bad_row_imports_nothing_and_is_reported_with_its_number(alice, zone_b, park):
    ParkFactory(zone=zone_b, name="北园")
    existing = ParkIndicatorFactory(park=park, quarter=None)
    result = ParkIndicatorImporter(alice).read(
        sheet(
            ["镇江新区", "高新园", 2026, "", 50000, 2000, 40000],  # good: an update
            ["镇江新区", "高新园", 2026, 5, 1, 1, 1],  # no quarter 5
            ["镇江新区", "无此园", 2026, 1, 1, 1, 1],  # no such park
            [zone_b.name, "北园", 2026, 1, 1, 1, 1],  # a zone alice cannot edit
            ["镇江新区", "高新园", 2026, 3, 100, 1, 200],  # industrial above output
        )
    )
    assert not result.is_valid
    assert sorted({number for number, _label, _message in result.errors}) == [3, 4, 5, 6]
    existing.refresh_from_db()
    assert existing.output_value == Decimal("10000.00")
    assert ParkIndicator.objects.count() == 1


def test_the_export_imports_back_unchanged(alice, park):
    ParkIndicatorFactory(park=park, quarter=None)
    ParkIndicatorFactory(park=park, quarter=3, industrial_output=None)
    importer = ParkIndicatorImporter(alice)
    content = importer.export(ParkIndicator.objects.select_related("park__zone"))
    result = importer.read(io.BytesIO(content))
    assert result.errors == []
    assert all(row.is_update and not row.changed for row in result.rows)


def test_the_template_opens(alice, park):
    assert ParkIndicatorImporter(alice).template()[:2] == b"PK"
