"""Excel files (.xlsx) handed out by the project, laid out in one place.

An exporter declares its columns (a label, a kind, optionally a group and a list of allowed
values) and yields its rows; ``render`` writes every sheet the same way: a styled, frozen
header with an autofilter, number formats and widths by column kind, a dropdown for each
coded column, print setup for A4 landscape, and an optional title above the header.

Text from the database is written as text, never as a formula: a name such as
``=HYPERLINK(...)`` or ``@SUM(...)`` typed by a user stays inert in the reader's Excel (OWASP
"CSV/formula injection").
"""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TEXT = "text"
MONEY = "money"  # 万元 or 万美元, two places
COUNT = "count"
RATE = "rate"  # a fraction shown as a percentage
DAYS = "days"
DATE = "date"
NUMBER = "number"  # a plain figure (a percentage typed as 35)
SCORE = "score"  # points, two places (an attraction team's staged score)

FORMATS = {
    TEXT: "@",
    MONEY: "#,##0.00",
    COUNT: "0",
    RATE: "0.0%",
    DAYS: "0.0",
    DATE: "yyyy-mm-dd",
    NUMBER: "General",
    SCORE: "0.00",
}
WIDTHS = {TEXT: 18, MONEY: 14, COUNT: 10, RATE: 10, DAYS: 10, DATE: 12, NUMBER: 12, SCORE: 10}

# A dropdown reaches this many rows below the header, so that rows added by hand get it too.
VALIDATED_ROWS = 5000
# Leading characters that make Excel or LibreOffice read a cell as a formula (or DDE).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LISTS_SHEET = "lists"

THIN = Side(style="thin", color="9AA5B1")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="1D4E89")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TOTAL_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)


@dataclass(frozen=True)
class Column:
    """One column: ``kind`` decides its number format and width; ``choices`` its dropdown.

    Columns of the same ``group`` share a header cell above their labels; a group of one
    column, or a column without a group in a grouped sheet, takes both header rows.
    """

    label: Any
    kind: str = TEXT
    width: float | None = None
    choices: Sequence[Any] = ()
    group: Any = None


@dataclass
class Row:
    """A row with more than values: per-cell kinds (a target counted or in money), a total
    line (bold, shaded) or cells to flag (red, bold)."""

    values: Sequence[Any]
    kinds: Sequence[str | None] = ()
    total: bool = False
    flagged: Sequence[int] = field(default_factory=tuple)  # 0-based column indexes


class Exporter:
    """One sheet. Subclasses give ``sheet_title``, ``columns()`` and ``rows()``."""

    sheet_title: Any = ""
    # An optional title row (merged over the columns) and a smaller line under it.
    heading: Any = ""
    subheading: Any = ""
    # Columns kept in view when scrolling right (besides the header kept when scrolling down).
    frozen_columns = 0
    autofilter = True
    header_height: float | None = None

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def rows(self) -> Iterable[Sequence[Any] | Row]:
        raise NotImplementedError


class RowsSheet(Exporter):
    """A sheet of given columns and rows (a template, its notes, an export)."""

    def __init__(
        self,
        title: Any,
        columns: list[Column],
        rows: Iterable[Sequence[Any]],
        *,
        autofilter: bool = True,
    ) -> None:
        self.sheet_title = title
        self._columns = columns
        self._rows = rows
        self.autofilter = autofilter

    def columns(self) -> list[Column]:
        return self._columns

    def rows(self) -> Iterable[Sequence[Any]]:
        return self._rows


def render(*exporters: Exporter) -> bytes:
    """The exporters' sheets, in order, as one .xlsx file."""
    book = Workbook()
    book.remove(book.active)
    lists = _Lists(book)
    for exporter in exporters:
        _write_sheet(book.create_sheet(str(exporter.sheet_title)[:31]), exporter, lists)
    if lists.sheet is not None:
        # Last, so that an import reading the first sheet always finds the data.
        book.move_sheet(lists.sheet, offset=len(book.sheetnames) - 1 - book.index(lists.sheet))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_cell(cell: Cell, value: Any) -> None:
    """Set a cell's value; text is always text (never a formula), Decimals are numbers."""
    if isinstance(value, Decimal):
        value = float(value)
    elif value is not None and not isinstance(value, int | float | date | datetime | str):
        value = str(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            # Excel keeps the text as typed even when the reader edits the cell.
            cell.quotePrefix = True


class _Lists:
    """The allowed values of the coded columns, on one hidden sheet the dropdowns point to
    (an inline list is limited to 255 characters: too short for a zone's parks)."""

    def __init__(self, book: Workbook):
        self.book = book
        self.sheet: Worksheet | None = None
        self.ranges: dict[tuple[str, ...], str] = {}

    def range_for(self, choices: Sequence[Any]) -> str:
        values = tuple(str(choice) for choice in choices)
        if values not in self.ranges:
            if self.sheet is None:
                self.sheet = self.book.create_sheet(LISTS_SHEET)
                self.sheet.sheet_state = "hidden"
            column = len(self.ranges) + 1
            for row, value in enumerate(values, start=1):
                write_cell(self.sheet.cell(row=row, column=column), value)
            letter = get_column_letter(column)
            self.ranges[values] = (
                f"{quote_sheetname(LISTS_SHEET)}!${letter}$1:${letter}${len(values)}"
            )
        return self.ranges[values]


def _write_sheet(sheet: Worksheet, exporter: Exporter, lists: _Lists) -> None:
    columns = exporter.columns()
    width = len(columns)
    last = get_column_letter(width)
    top = 1
    if exporter.heading:
        _title_rows(sheet, exporter, width)
        top = sheet.max_row + 1
    header_end = _header(sheet, columns, top)
    first_data = header_end + 1
    row_number = header_end
    for row in exporter.rows():
        row_number += 1
        _data_row(sheet, row_number, columns, row if isinstance(row, Row) else Row(row))
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width or WIDTHS[column.kind]
        if column.choices:
            validation = DataValidation(
                type="list",
                formula1=lists.range_for(column.choices),
                allow_blank=True,
                showErrorMessage=True,
            )
            sheet.add_data_validation(validation)
            validation.add(f"{letter}{first_data}:{letter}{header_end + VALIDATED_ROWS}")
    if exporter.header_height:
        sheet.row_dimensions[header_end].height = exporter.header_height
    sheet.freeze_panes = f"{get_column_letter(exporter.frozen_columns + 1)}{first_data}"
    if exporter.autofilter:
        sheet.auto_filter.ref = f"A{header_end}:{last}{max(row_number, first_data)}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{top}:{header_end}"


def _title_rows(sheet: Worksheet, exporter: Exporter, width: int) -> None:
    lines = [(exporter.heading, Font(size=14, bold=True), "center")]
    if exporter.subheading:
        lines.append((exporter.subheading, Font(size=9, color="555555"), "right"))
    for number, (text, font, horizontal) in enumerate(lines, start=1):
        cell = sheet.cell(row=number, column=1)
        write_cell(cell, str(text))
        cell.font = font
        cell.alignment = Alignment(horizontal=horizontal)
        if width > 1:
            sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=width)


def _header(sheet: Worksheet, columns: list[Column], top: int) -> int:
    """Write the header (one row, or two when columns are grouped); return its last row."""
    grouped = any(column.group is not None for column in columns)
    bottom = top + 1 if grouped else top
    spans: list[list[Any]] = []  # [group, first column, last column]
    for index, column in enumerate(columns, start=1):
        if grouped and column.group is not None and spans and spans[-1][0] == column.group:
            spans[-1][2] = index
        else:
            spans.append([column.group, index, index])
    for group, first, end in spans if grouped else []:
        if group is None or first == end:
            text = columns[first - 1].label if group is None else group
            write_cell(sheet.cell(row=top, column=first), str(text))
            sheet.merge_cells(start_row=top, start_column=first, end_row=bottom, end_column=end)
        else:
            write_cell(sheet.cell(row=top, column=first), str(group))
            sheet.merge_cells(start_row=top, start_column=first, end_row=top, end_column=end)
            for index in range(first, end + 1):
                write_cell(sheet.cell(row=bottom, column=index), str(columns[index - 1].label))
    if not grouped:
        for index, column in enumerate(columns, start=1):
            write_cell(sheet.cell(row=top, column=index), str(column.label))
    for number in range(top, bottom + 1):
        for index in range(1, len(columns) + 1):
            cell = sheet.cell(row=number, column=index)
            cell.fill = HEADER_FILL
            cell.font = HEADER_FONT
            cell.alignment = HEADER_ALIGNMENT
            cell.border = BORDER
    return bottom


def _data_row(sheet: Worksheet, number: int, columns: list[Column], row: Row) -> None:
    for index, (column, value) in enumerate(zip(columns, row.values, strict=False)):
        cell = sheet.cell(row=number, column=index + 1)
        write_cell(cell, value)
        kind = (row.kinds[index] if index < len(row.kinds) else None) or column.kind
        if kind != TEXT:
            cell.number_format = FORMATS[kind]
        cell.border = BORDER
        if row.total:
            cell.font = Font(bold=True)
            cell.fill = TOTAL_FILL
        if index in row.flagged:
            cell.font = Font(color="C00000", bold=True)
