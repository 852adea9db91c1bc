"""The quarterly report (季度报表): the figures of SPEC section 6 for each zone of a scope,
with a total row, and each zone's targets quarter by quarter, as printable HTML and as Excel.

The figures come from ``reports.metrics`` (grouped by zone, one pass), as of the quarter's
last day, or of today while the quarter runs. A zone's workbook is built in the request; a
region's runs as a Celery job (``reports.exports``) that reports its progress.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from investment.choices import TargetMetric

from .choices import TargetStatus
from .dashboard import COUNT_METRICS, ONE_YI, TEN_YI, time_progress, zones_of
from .metrics import THRESHOLDS, Figures, figures_per_zone
from .numbers import decimal
from .period import Period, quarter_end

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    group: object
    label: object
    kind: str  # count, money, rate or days
    figure: str  # the Figures attribute, or "signed_count_from_<minimum>"

    def value(self, figures: Figures):
        if self.figure.startswith("signed_count_from_"):
            minimum = Decimal(self.figure.removeprefix("signed_count_from_"))
            return figures.signed_count_by_threshold[THRESHOLDS.index(minimum)]
        return getattr(figures, self.figure)


# Labels are marked with gettext_lazy by name: makemessages finds no other alias.
NEW, CONTINUING, INVESTMENT, SIGNED, IN_YEAR = (
    gettext_lazy("New starts"),
    gettext_lazy("Continuing"),
    gettext_lazy("Investment (10k CNY)"),
    gettext_lazy("Signed"),
    gettext_lazy("In the year"),
)
# The columns of the report, in groups as a 季度报表 lays them out.
COLUMNS = [
    Column(NEW, gettext_lazy("planned"), "count", "planned_new"),
    Column(NEW, gettext_lazy("started"), "count", "started_new"),
    Column(NEW, gettext_lazy("start rate"), "rate", "start_rate"),
    Column(CONTINUING, gettext_lazy("planned"), "count", "planned_continuing"),
    Column(CONTINUING, gettext_lazy("resumed"), "count", "resumed"),
    Column(gettext_lazy("Start or resume"), gettext_lazy("rate"), "rate", "start_or_resume_rate"),
    Column(gettext_lazy("Completion"), gettext_lazy("planned"), "count", "planned_completion"),
    Column(gettext_lazy("Completion"), gettext_lazy("completed"), "count", "completed"),
    Column(gettext_lazy("Completion"), gettext_lazy("rate"), "rate", "completion_rate"),
    Column(INVESTMENT, gettext_lazy("planned for the year"), "money", "planned_investment"),
    Column(INVESTMENT, gettext_lazy("done"), "money", "completed_investment"),
    Column(INVESTMENT, gettext_lazy("completion rate"), "rate", "investment_completion_rate"),
    Column(SIGNED, gettext_lazy("projects"), "count", "signed_count"),
    Column(SIGNED, gettext_lazy("total investment (10k CNY)"), "money", "signed_investment"),
    Column(SIGNED, gettext_lazy("≥ 100 million"), "count", f"signed_count_from_{ONE_YI}"),
    Column(SIGNED, gettext_lazy("≥ 1 billion"), "count", f"signed_count_from_{TEN_YI}"),
    Column(IN_YEAR, gettext_lazy("groundbreakings"), "count", "groundbreaking"),
    Column(IN_YEAR, gettext_lazy("completions"), "count", "completion"),
    Column(IN_YEAR, gettext_lazy("productions"), "count", "production"),
    Column(
        IN_YEAR,
        gettext_lazy("median days signing → groundbreaking"),
        "days",
        "median_days_signing_to_groundbreaking",
    ),
]


def column_groups():
    """(group label, number of columns) in order, for the two header rows."""
    groups = []
    for column in COLUMNS:
        if groups and groups[-1][0] == column.group:
            groups[-1][1] += 1
        else:
            groups.append([column.group, 1])
    return [(label, span) for label, span in groups]


@dataclass(frozen=True)
class ZoneLine:
    number: int | None
    name: str
    code: str
    region: str
    figures: Figures

    @property
    def values(self):
        return [(column, column.value(self.figures)) for column in COLUMNS]


@dataclass(frozen=True)
class TargetLine:
    zone: str
    metric: str
    min_investment: Decimal
    annual_value: Decimal
    quarters: list  # (cumulative target, actual) per quarter begun
    actual: Decimal
    expected: Decimal
    progress: float | None
    status: str

    @property
    def label(self):
        return TargetMetric(self.metric).label

    @property
    def kind(self):
        return "count" if self.metric in COUNT_METRICS else "money"

    @property
    def quarter_cells(self):
        """Four cells of (cumulative target, actual), None for a quarter not begun."""
        return list(self.quarters) + [None] * (4 - len(self.quarters))

    @property
    def status_label(self):
        return TargetStatus(self.status).label


@dataclass(frozen=True)
class QuarterlyReport:
    scope: object
    year: int
    quarter: int
    period: Period
    zones: list
    total: ZoneLine
    targets: list

    @property
    def title(self) -> str:
        return _("{scope}: key projects, {year} Q{quarter}").format(
            scope=self.scope.as_dict()["name"], year=self.year, quarter=self.quarter
        )

    @property
    def time_progress(self) -> float:
        return time_progress(self.period)

    @property
    def filename(self) -> str:
        return (
            f"quarterly-{self.scope.type}-{self.scope.id or 'all'}-{self.year}Q{self.quarter}.xlsx"
        )


def quarterly_report(scope, year: int, quarter: int, today: date, progress=None) -> QuarterlyReport:
    """The report of ``scope`` for ``quarter`` of ``year``, as of the quarter's end (or
    ``today`` if earlier). ``progress(done, total)`` is told how far it got.
    """
    progress = progress or (lambda done, total: None)
    period = Period(year, min(quarter_end(year, quarter), today))
    zones = zones_of(scope)
    progress(1, 3)
    figures = figures_per_zone(scope, period, zone_ids=[zone["pk"] for zone in zones])
    progress(2, 3)
    lines = [
        ZoneLine(number, zone["name"], zone["code"], zone["region__name"], figures[zone["pk"]])
        for number, zone in enumerate(zones, start=1)
    ]
    total = ZoneLine(None, _("Total"), "", "", sum((line.figures for line in lines), Figures()))
    names = {zone["pk"]: zone["name"] for zone in zones}
    targets = []
    for line in lines:
        for target_progress in line.figures.targets:
            data = target_progress.as_dict()
            target = target_progress.target
            targets.append(
                TargetLine(
                    names[target.zone_id],
                    target.metric,
                    target.min_investment,
                    decimal(target.annual_value),
                    [(decimal(q["target"]), decimal(q["actual"])) for q in data["quarters"]],
                    decimal(data["actual"]),
                    decimal(data["expected"]),
                    data["progress"],
                    data["status"],
                )
            )
    progress(3, 3)
    return QuarterlyReport(scope, year, quarter, period, lines, total, targets)


# -- Excel -------------------------------------------------------------------------------------

FORMATS = {"count": "0", "money": "#,##0.00", "rate": "0.0%", "days": "0.0"}
THIN = Side(style="thin", color="9AA5B1")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F2")
TOTAL_FILL = PatternFill("solid", fgColor="FFF2CC")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _excel_value(kind, value):
    if value is None:
        return None
    if kind == "money":
        return float(value)
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
    width = 2 + len(COLUMNS)
    subtitle = _("As of {date}; time progress {progress:.1%}; money in 10k CNY").format(
        date=report.period.as_of.isoformat(), progress=report.time_progress
    )
    _title(sheet, report.title, subtitle, width)
    groups = [_("No."), _("Zone")]
    labels = ["", ""]
    for group, span in column_groups():
        groups += [str(group)] + [""] * (span - 1)
    labels += [str(column.label) for column in COLUMNS]
    sheet.append(groups)
    sheet.append(labels)
    sheet.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    sheet.merge_cells(start_row=3, start_column=2, end_row=4, end_column=2)
    column = 3
    for _group, span in column_groups():
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
            + [_excel_value(column.kind, value) for column, value in line.values]
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
    for index, column in enumerate(COLUMNS, start=3):
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
    first = [_("No."), _("Zone"), _("Target"), _("Projects from (10k CNY)"), _("Annual target")]
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
        values = [
            number,
            line.zone,
            str(line.label),
            float(line.min_investment),
            float(line.annual_value),
        ]
        for index in range(4):
            if index < len(line.quarters):
                values += [float(v) for v in line.quarters[index]]
            else:
                values += [None, None]
        values += [line.progress, float(line.expected), str(TargetStatus(line.status).label)]
        sheet.append(values)
        row = sheet.max_row
        for index in range(1, width + 1):
            sheet.cell(row=row, column=index).border = BORDER
        # The target's own unit for its values; the minimum is always money.
        for index in [*range(5, width - 2), width - 1]:
            sheet.cell(row=row, column=index).number_format = FORMATS["money" if money else "count"]
        sheet.cell(row=row, column=4).number_format = FORMATS["money"]
        sheet.cell(row=row, column=width - 2).number_format = FORMATS["rate"]
        if line.status == "behind":
            sheet.cell(row=row, column=width).font = Font(color="C00000", bold=True)
    widths = [6, 22, 16, 14, 14] + [12] * (2 * len(quarters)) + [10, 14, 12]
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
