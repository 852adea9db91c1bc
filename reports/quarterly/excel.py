"""The quarterly report as an Excel workbook: figures by zone, targets by quarter, land and
funds, and the attraction teams' ranking, laid out for print on A4 landscape by the kernel's
exporter.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from zonetrack.excel import (
    COUNT,
    MONEY,
    NUMBER,
    RATE,
    SCORE,
    TEXT,
    Column,
    Exporter,
    Row,
    render,
)

from ..choices import TargetStatus
from ..templatetags.dashboard import COUNT_ROUNDING, rounded
from .report import YOY_NOTE, QuarterlyReport

QUARTERS = range(1, 5)


class FiguresSheet(Exporter):
    """The figures per zone, then the total line."""

    frozen_columns = 2
    # Sorting or filtering would move the total line among the zones.
    autofilter = False
    header_height = 42

    def __init__(self, report: QuarterlyReport):
        self.report = report
        self.sheet_title = _("Figures")
        self.heading = report.title
        self.subheading = _("As of {date}; time progress {progress:.1%}").format(
            date=report.period.as_of.isoformat(), progress=report.time_progress
        )

    def columns(self):
        return [
            Column(_("No."), COUNT, width=6),
            Column(_("Zone"), TEXT, width=22),
            *(
                Column(column.heading, column.kind, group=column.group, width=None)
                for column in self.report.columns
            ),
        ]

    def rows(self):
        for line in [*self.report.zones, self.report.total]:
            yield Row(
                [line.number, line.name, *(_cell(column, value) for column, value in line.values)],
                total=line.number is None,
            )
        last = self.report.last_year
        yield Row(
            [
                None,
                _("{line} ({date})").format(
                    line=last.name, date=self.report.last_year_period.as_of.isoformat()
                ),
                *(_cell(column, value) for column, value in last.values),
            ]
        )
        # A growth is a fraction shown as a percentage; a rate's change is in percentage
        # points, a plain number (5.1), which the note under the sheet says.
        changes = self.report.changes
        yield Row(
            [
                None,
                _("Year-on-year growth"),
                *(_change(column, change) for column, change in changes),
            ],
            kinds=[
                None,
                None,
                *(NUMBER if column.kind == RATE else RATE for column, _c in changes),
            ],
        )
        yield Row([None, str(YOY_NOTE)], kinds=[None, TEXT])


class TargetsSheet(Exporter):
    """Each target of each zone, its cumulative target and actual value per quarter."""

    frozen_columns = 2

    def __init__(self, report: QuarterlyReport):
        self.report = report
        self.sheet_title = _("Targets")
        self.heading = _("{title}: targets").format(title=report.title)
        self.subheading = _("As of {date}; quarterly values are cumulative").format(
            date=report.period.as_of.isoformat()
        )

    def columns(self):
        columns = [
            Column(_("No."), COUNT, width=6),
            Column(_("Zone"), TEXT, width=22),
            Column(_("Target"), TEXT, width=16),
            Column(_("Project size"), TEXT, width=14),
            Column(_("Annual target"), MONEY),
        ]
        for quarter in QUARTERS:
            group = _("Q{quarter}").format(quarter=quarter)
            columns += [
                Column(_("target"), MONEY, width=12, group=group),
                Column(_("actual"), MONEY, width=12, group=group),
            ]
        return [
            *columns,
            Column(_("Progress"), RATE),
            Column(_("Expected by the date"), MONEY),
            Column(_("Status"), TEXT, width=12),
        ]

    def rows(self):
        width = 5 + 2 * len(QUARTERS) + 3
        for number, line in enumerate(self.report.targets, start=1):
            # The numbers the page shows, rounded once (a quarter not begun: empty cells).
            numbers = line.numbers
            values = [number, line.zone, line.heading, line.size, numbers["annual"]]
            for quarter in numbers["quarters"]:
                values += quarter or [None, None]
            values += [
                line.progress,
                numbers["expected"],
                str(TargetStatus(line.status).label),
            ]
            # The target's own unit for its values (named in its label).
            unit = MONEY if line.kind == "money" else COUNT
            kinds = [None] * 4 + [unit] * (width - 7) + [None, unit, None]
            flagged = (width - 1,) if line.status == "behind" else ()
            yield Row(values, kinds=kinds, flagged=flagged)
        if self.report.targets:
            yield Row([str(COUNT_ROUNDING)], kinds=[TEXT])


class LandFundsSheet(Exporter):
    """Each zone's land and funds, each beside its annual target, then the total line."""

    frozen_columns = 2
    autofilter = False
    header_height = 42

    def __init__(self, report: QuarterlyReport):
        self.report = report
        self.sheet_title = _("Land and funds")
        self.heading = _("{title}: land and funds").format(title=report.title)
        self.subheading = _("As of {date}; areas in mu (亩)").format(
            date=report.period.as_of.isoformat()
        )

    def columns(self):
        columns = [Column(_("No."), COUNT, width=6), Column(_("Zone"), TEXT, width=22)]
        for column in self.report.resource_columns:
            if column.target:
                columns += [
                    Column(_("actual"), column.kind, group=column.label),
                    Column(_("Annual target"), column.kind, group=column.label),
                ]
            else:
                columns.append(Column(column.label, column.kind))
        return columns

    def rows(self):
        for line in self.report.resources:
            values = [line.number, line.name]
            for column, value, target in line.cells:
                values.append(value)
                if column.target:
                    values.append(target)
            yield Row(values, total=line.number is None)


class TeamsSheet(Exporter):
    """The attraction teams ranked on their staged score (4:3:3) for the stages reached by the
    report's date."""

    frozen_columns = 2
    header_height = 30

    def __init__(self, report: QuarterlyReport):
        self.report = report
        self.sheet_title = _("Attraction teams")
        self.heading = _("{title}: attraction teams").format(title=report.title)
        self.subheading = _("Staged score of the stages reached by {date}").format(
            date=report.period.as_of.isoformat()
        )

    def columns(self):
        return [
            Column(_("Rank"), COUNT, width=6),
            Column(_("Attraction team"), TEXT, width=24),
            Column(_("Zone"), TEXT, width=22),
            Column(_("Team lead"), TEXT, width=14),
            Column(_("Projects credited"), COUNT),
            Column(_("Score"), SCORE),
        ]

    def rows(self):
        for team in self.report.teams:
            yield Row(
                [team.rank, team.name, team.zone_name, team.lead, team.project_count, team.score]
            )


def _cell(column, value):
    """A money figure in its column's unit (亿元 or 万元, named in the header)."""
    if value is None or column.kind != MONEY:
        return value
    return column.unit.number(value)


def _change(column, change):
    """A growth as the fraction it is; a rate's change in percentage points (1 place)."""
    if change is None or column.kind != RATE:
        return change
    return float(rounded(Decimal(str(change)) * 100, 1))


def workbook(report: QuarterlyReport) -> bytes:
    """The report as an .xlsx: the figures per zone, the targets, land and funds, then the
    attraction teams."""
    return render(
        FiguresSheet(report), TargetsSheet(report), LandFundsSheet(report), TeamsSheet(report)
    )
