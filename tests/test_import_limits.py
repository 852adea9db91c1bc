"""Hostile or broken Excel files (issue 15): a clear row or file error, quickly, never a 500."""

import io
import time

import pytest
from openpyxl import Workbook

from investment.excel import PlanImporter
from tests.factories import ProjectFactory
from zonetrack.imports import SheetError

pytestmark = pytest.mark.django_db

HEADER = ["project", "year", "plan_type", "planned_investment"]


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
def project(zone_a):
    return ProjectFactory(zone=zone_a, code="ZA-001")


def errors_of(result):
    return [message for row in result.rows for _label, message in row.errors]


def test_a_numeric_cell_of_1e23_is_a_row_error(alice, project):
    result = PlanImporter(alice).read(sheet(["ZA-001", 2026, "新开工", 1e23]))
    # 1e23 is 24 digits before the point: more than the 16 a sum in 万元 may have.
    assert result.rows[0].values["planned_investment"] == "1" + "0" * 23
    assert result.rows[0].errors == [("年度计划投资（万元）", "确认总共不超过 16 个数字.")]


def test_an_infinite_numeric_cell_is_a_row_error(alice, project):
    # What openpyxl reads from a numeric cell holding 1e999999.
    result = PlanImporter(alice).read(sheet(["ZA-001", 2026, "新开工", float("inf")]))
    assert len(errors_of(result)) == 1


@pytest.mark.parametrize("typed", ["1e999999", "9" * 5000, "1" + "0" * 39, "1e-999999"])
def test_a_huge_number_typed_as_text_is_refused_at_once(alice, project, typed):
    started = time.monotonic()
    result = PlanImporter(alice).read(sheet(["ZA-001", typed, "新开工", typed]))
    assert time.monotonic() - started < 2
    assert len(errors_of(result)) >= 2  # the year and the planned investment


def test_a_sheet_wider_than_the_limit_is_refused_as_a_whole(alice, project):
    header = [*HEADER, *(f"extra {n}" for n in range(200))]
    with pytest.raises(SheetError, match="工作表最多 100 列。"):
        PlanImporter(alice).read(sheet(["ZA-001", 2026, "新开工", 100], header=header))


def test_cells_right_of_the_header_are_not_read(alice, project):
    result = PlanImporter(alice).read(sheet(["ZA-001", 2026, "新开工", 100, *["x"] * 200]))
    assert errors_of(result) == []


def test_a_sheet_of_many_blank_lines_is_refused_as_a_whole(alice, project, monkeypatch):
    monkeypatch.setattr("zonetrack.imports.MAX_LINES", 5)
    rows = [["ZA-001", 2026, "新开工", 100], *[[None] * 4] * 5, ["ZA-001", 2027, "新开工", 1]]
    with pytest.raises(SheetError, match=r"表头以下最多 5 行"):
        PlanImporter(alice).read(sheet(*rows))


def test_a_sheet_longer_than_the_limit_is_refused_as_a_whole(alice, project, monkeypatch):
    monkeypatch.setattr("zonetrack.imports.MAX_ROWS", 3)
    with pytest.raises(SheetError, match="3"):
        PlanImporter(alice).read(sheet(*[["ZA-001", 2026, "新开工", 100]] * 4))


@pytest.mark.parametrize("count", [3, 30])
def test_checking_a_file_costs_the_same_queries_for_3_and_30_rows(
    alice, zone_a, count, django_assert_num_queries
):
    codes = [ProjectFactory(zone=zone_a).code for _n in range(count)]
    upload = sheet(*[[code, 2026, "续建", "3.2亿"] for code in codes])
    # 4 queries: the user's memberships (writable_by), the writable projects, their
    # milestones, and the plan entries they have. No query per row: the keys and lookups
    # are settled by prepare(), the check constraints in Python.
    with django_assert_num_queries(4):
        result = PlanImporter(alice).read(upload)
    assert result.errors == []


def test_a_check_constraint_is_evaluated_as_the_database_would(alice, zone_a):
    from investment.excel import ParkIndicatorImporter
    from tests.factories import ParkFactory

    ParkFactory(zone=zone_a, name="高新园")
    header = ["zone", "park", "year", "quarter", "output_value", "industrial_output"]
    result = ParkIndicatorImporter(alice).read(
        sheet(
            # 规上工业产值 500 over a 总产值 of 300: the constraint fails.
            [zone_a.code, "高新园", 2025, "", 300, 500],
            # No 总产值: the comparison is unknown, so it passes, as in SQL.
            [zone_a.code, "高新园", 2026, "", "", 500],
            header=header,
        )
    )
    assert [bool(row.errors) for row in result.rows] == [True, False]


def test_the_preview_lists_every_bad_row_and_the_first_good_ones(
    client, alice, zone_a, monkeypatch
):
    monkeypatch.setattr("zonetrack.imports.PREVIEW_ROWS", 2)
    codes = [ProjectFactory(zone=zone_a).code for _n in range(5)]
    rows = [[code, 2026, "续建", "100"] for code in codes]
    rows[3][3] = "abc"  # the fourth row (line 5) is bad
    client.force_login(alice)
    response = client.post("/import/", {"kind": "plans", "action": "preview", "file": sheet(*rows)})
    # Lines 2 and 3 (the first two good rows) and line 5 (the bad one); lines 4 and 6 are
    # counted: 5 rows - 3 listed = 2.
    result = response.context["result"]
    assert [row.number for row in result.shown_rows] == [2, 3, 5]
    assert result.unshown_count == 2
    assert "另有 2 行无错误的数据未列出。" in response.content.decode()


@pytest.mark.parametrize("typed", ["0001-01-01", "2101/01/01", "19991231"])
def test_a_date_outside_2000_to_2100_is_a_row_error(alice, project, typed):
    header = [*HEADER, "planned_start_on"]
    result = PlanImporter(alice).read(sheet(["ZA-001", 2026, "新开工", 100, typed], header=header))
    assert errors_of(result) == ["日期必须在 2000 年至 2100 年之间。"]
