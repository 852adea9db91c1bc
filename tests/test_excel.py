"""The kernel's exporter (zonetrack.excel): every .xlsx the project hands out is laid out here."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from zonetrack.excel import (
    COUNT,
    DATE,
    MONEY,
    RATE,
    TEXT,
    VALIDATED_ROWS,
    Column,
    Exporter,
    Row,
    render,
)


class Sheet(Exporter):
    sheet_title = "项目"

    def __init__(self, rows, columns=None, **options):
        self._rows = rows
        self._columns = columns or [
            Column("名称", TEXT),
            Column("总投资", MONEY),
            Column("个数", COUNT),
            Column("开工率", RATE),
            Column("开工日期", DATE),
            Column("类别", TEXT, choices=["制造业", "服务业"]),
        ]
        for name, value in options.items():
            setattr(self, name, value)

    def columns(self):
        return self._columns

    def rows(self):
        return self._rows


ROW = ["光学基地", Decimal("120000.50"), 3, 0.5, date(2026, 3, 1), "制造业"]


def book(*exporters):
    return load_workbook(io.BytesIO(render(*exporters)))


def test_the_header_is_styled_frozen_and_filtered():
    sheet = book(Sheet([ROW, ROW])).worksheets[0]
    assert sheet.title == "项目"
    assert [c.value for c in sheet[1]] == ["名称", "总投资", "个数", "开工率", "开工日期", "类别"]
    assert sheet["A1"].font.bold
    assert sheet["A1"].fill.fgColor.rgb == "001D4E89"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:F3"


def test_each_column_kind_has_its_number_format_and_width():
    sheet = book(Sheet([ROW])).worksheets[0]
    formats = [cell.number_format for cell in sheet[2]]
    assert formats[1:5] == ["#,##0.00", "0", "0.0%", "yyyy-mm-dd"]
    assert sheet["B2"].value == 120000.5  # a number, not the text "120000.50"
    assert sheet["E2"].value.date() == date(2026, 3, 1)
    assert sheet.column_dimensions["A"].width == 18
    assert sheet.column_dimensions["B"].width == 14


def test_it_prints_on_a4_landscape_fitted_to_the_width_with_the_header_repeated():
    sheet = book(Sheet([ROW])).worksheets[0]
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"


def test_a_coded_column_gets_a_dropdown_from_a_hidden_list_sheet():
    workbook = book(Sheet([ROW]))
    sheet, lists = workbook.worksheets
    assert lists.sheet_state == "hidden"
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == "'lists'!$A$1:$A$2"
    assert str(validation.sqref) == f"F2:F{VALIDATED_ROWS + 1}"
    assert [row[0] for row in lists.iter_rows(values_only=True)] == ["制造业", "服务业"]


def test_two_sheets_share_the_list_sheet_which_stays_last():
    workbook = book(Sheet([ROW]), Sheet([ROW], sheet_title="第二"))
    assert workbook.sheetnames == ["项目", "第二", "lists"]
    # The same values are written once.
    assert workbook["lists"].max_column == 1


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_starting_like_a_formula_is_written_as_text(start):
    text = f'{start}HYPERLINK("http://evil.example","点击")'
    sheet = book(Sheet([[text, None, None, None, None, ""]])).worksheets[0]
    cell = sheet["A2"]
    assert cell.data_type == "s"
    # XML reads a carriage return back as a line feed; the rest is the text as written.
    assert cell.value.replace("\n", "\r") == text.replace("\n", "\r")
    assert cell.quotePrefix


@pytest.mark.parametrize("number", [-2, Decimal("-2.50"), -2.5, 0])
def test_a_negative_number_stays_a_number(number):
    sheet = book(Sheet([[number]], columns=[Column("差额", MONEY)])).worksheets[0]
    assert sheet["A2"].data_type == "n"
    assert sheet["A2"].value == float(number)
    assert not sheet["A2"].quotePrefix


def test_a_sum_typed_as_a_name_is_not_a_formula():
    sheet = book(Sheet([["=1+1"]], columns=[Column("名称")])).worksheets[0]
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == "=1+1"


def test_a_title_and_grouped_columns_take_two_header_rows():
    columns = [
        Column("序号", COUNT),
        Column("计划", COUNT, group="新开工"),
        Column("已开工", COUNT, group="新开工"),
        Column("开工率", RATE, group="开工率"),
    ]
    exporter = Sheet(
        [Row([1, 2, 1, 0.5]), Row([None, 2, 1, 0.5], total=True, flagged=(3,))],
        columns=columns,
        heading="镇江市重点项目",
        subheading="截至2026-11-22",
        frozen_columns=1,
    )
    sheet = book(exporter).worksheets[0]
    assert sheet["A1"].value == "镇江市重点项目"
    assert sheet["A2"].value == "截至2026-11-22"
    assert [c.value for c in sheet[3]] == ["序号", "新开工", None, "开工率"]
    assert [c.value for c in sheet[4]] == [None, "计划", "已开工", None]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:D1", "A2:D2", "A3:A4", "B3:C3", "D3:D4"} <= merged
    assert sheet.freeze_panes == "B5"
    assert sheet.print_title_rows == "$3:$4"
    assert sheet["A6"].font.bold and sheet["A6"].fill.fgColor.rgb == "00FFF2CC"
    assert sheet["D6"].font.color.rgb == "00C00000"


def test_a_row_may_give_a_cell_its_own_kind():
    columns = [Column("目标", MONEY), Column("名称")]
    sheet = book(Sheet([Row([4, "签约数"], kinds=[COUNT])], columns=columns)).worksheets[0]
    assert sheet["A2"].number_format == "0"
