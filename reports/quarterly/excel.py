"""The quarterly report as an Excel workbook: two sheets (figures by zone, targets by quarter)
laid out for print on A4 landscape.
"""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..choices import TargetStatus
from ..templatetags.dashboard import COUNT_ROUNDING
from .report import QuarterlyReport

FORMATS = {"count": "0", "money": "#,##0.00", "rate": "0.0%", "days": "0.0"}
THIN = Side(style="thin", color="9AA5B1")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F2")
TOTAL_FILL = PatternFill("solid", fgColor="FFF2CC")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _excel_value(column, value):
    if value is None:
        return None
    if column.kind == "money":
        return float(column.unit.number(value))
    return value


def _title(sheet, text, subtitle, width):
    sheet.append([text])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"].font = Font(size=14, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([subtitle])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet["A2"].alignment = Alignment(horizontal="right")
    sheet["A2"].font = Font(size=9, color="555555")


def _style_header(sheet, rows, width):
    for row in rows:
        for column in range(1, width + 1):
            cell = sheet.cell(row=row, column=column)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = CENTER
            cell.border = BORDER


def _figures_sheet(sheet, report: QuarterlyReport):
    columns = report.columns
    width = 2 + len(columns)
    subtitle = _("As of {date}; time progress {progress:.1%}").format(
        date=report.period.as_of.isoformat(), progress=report.time_progress
    )
    _title(sheet, report.title, subtitle, width)
    groups = [_("No."), _("Zone")]
    labels = ["", ""]
    for group, span in report.groups:
        groups += [str(group)] + [""] * (span - 1)
    labels += [column.heading for column in columns]
    sheet.append(groups)
    sheet.append(labels)
    sheet.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    sheet.merge_cells(start_row=3, start_column=2, end_row=4, end_column=2)
    column = 3
    for _group, span in report.groups:
        if span > 1:
            sheet.merge_cells(
                start_row=3, start_column=column, end_row=3, end_column=column + span - 1
            )
        else:
            sheet.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
        column += span
    _style_header(sheet, (3, 4), width)
    for line in [*report.zones, report.total]:
        sheet.append(
            [line.number, line.name]
            + [_excel_value(column, value) for column, value in line.values]
        )
        row = sheet.max_row
        for index, (column, _value) in enumerate(line.values, start=3):
            sheet.cell(row=row, column=index).number_format = FORMATS[column.kind]
        for index in range(1, width + 1):
            cell = sheet.cell(row=row, column=index)
            cell.border = BORDER
            if line.number is None:
                cell.font = Font(bold=True)
                cell.fill = TOTAL_FILL
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 22
    for index, column in enumerate(columns, start=3):
        sheet.column_dimensions[get_column_letter(index)].width = (
            14 if column.kind == "money" else 10
        )
    sheet.row_dimensions[4].height = 42
    sheet.freeze_panes = "C5"
    _print_setup(sheet)


def _targets_sheet(sheet, report: QuarterlyReport):
    quarters = [_("Q{quarter}").format(quarter=q) for q in range(1, 5)]
    width = 5 + 2 * len(quarters) + 3
    _title(
        sheet,
        _("{title}: targets").format(title=report.title),
        _("As of {date}; quarterly values are cumulative").format(
            date=report.period.as_of.isoformat()
        ),
        width,
    )
    first = [_("No."), _("Zone"), _("Target"), _("Project size"), _("Annual target")]
    second = ["", "", "", "", ""]
    for quarter in quarters:
        first += [quarter, ""]
        second += [_("target"), _("actual")]
    first += [_("Progress"), _("Expected by the date"), _("Status")]
    second += ["", "", ""]
    sheet.append(first)
    sheet.append(second)
    for column in (1, 2, 3, 4, 5, width - 2, width - 1, width):
        sheet.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
    for index in range(len(quarters)):
        start = 6 + 2 * index
        sheet.merge_cells(start_row=3, start_column=start, end_row=3, end_column=start + 1)
    _style_header(sheet, (3, 4), width)
    for number, line in enumerate(report.targets, start=1):
        money = line.kind == "money"
        values = [number, line.zone, line.heading, line.size, line.number(line.annual_value)]
        for index in range(4):
            if index < len(line.quarters):
                values += [line.number(v) for v in line.quarters[index]]
            else:
                values += [None, None]
        values += [
            line.progress,
            line.number(line.expected),
            str(TargetStatus(line.status).label),
        ]
        sheet.append(values)
        row = sheet.max_row
        for index in range(1, width + 1):
            sheet.cell(row=row, column=index).border = BORDER
        # The target's own unit for its values (named in its label).
        for index in [*range(5, width - 2), width - 1]:
            sheet.cell(row=row, column=index).number_format = FORMATS["money" if money else "count"]
        sheet.cell(row=row, column=width - 2).number_format = FORMATS["rate"]
        if line.status == "behind":
            sheet.cell(row=row, column=width).font = Font(color="C00000", bold=True)
    if report.targets:
        sheet.append([str(COUNT_ROUNDING)])
    widths = [6, 22, 22, 14, 14] + [12] * (2 * len(quarters)) + [10, 14, 12]
    for index, value in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = value
    sheet.freeze_panes = "C5"
    _print_setup(sheet)


def _print_setup(sheet):
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "3:4"


def workbook(report: QuarterlyReport) -> bytes:
    """The report as an .xlsx: the figures per zone, then the targets."""
    book = Workbook()
    figures = book.active
    figures.title = _("Figures")
    _figures_sheet(figures, report)
    _targets_sheet(book.create_sheet(_("Targets")), report)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
