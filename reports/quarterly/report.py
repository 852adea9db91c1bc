"""The quarterly report (季度报表): the figures of SPEC section 6 for each zone of a scope,
with a total row, the total on the same date last year and the growth (同比增长), and each
zone's targets quarter by quarter (``excel`` lays it out as a workbook).

The figures are as of the quarter's last day, or of today while the quarter runs; they come
from ``reports.figures.stats.scope_figures``: today's from the rollups (the region row, each
zone's figures, and the targets' progress as /api/stats/ lists it, ready-made), a past day's
from its snapshots or computed live. A zone's workbook is built in the request; a
region's runs as a Celery job (``reports.quarterly.jobs``) that reports its progress.
"""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from investment.choices import MinimumSize, TargetMetric

from ..choices import TargetStatus
from ..figures.bundle import ZoneFigures
from ..figures.funds import FundsFigures
from ..figures.land import LandFigures
from ..figures.metrics import THRESHOLDS, Figures
from ..figures.numbers import decimal
from ..figures.period import Period, quarter_end, time_progress
from ..figures.rollups import ROLLUP, read_current, serves
from ..figures.scopes import Scope, zones_of
from ..figures.stats import ScopeFigures, scope_figures, scope_tallies
from ..figures.targets import COUNT_METRICS, kind_label, target_label
from ..figures.teams import TeamTotal, standings, team_totals
from ..figures.yoy import growth, last_year_period, rate_change
from ..templatetags.dashboard import (
    MoneyUnit,
    count_unit,
    heading,
    metric_unit,
    money_unit,
    rounded,
    threshold,
)


@dataclass(frozen=True)
class Column:
    group: object
    label: object
    kind: str  # count, money, rate or days
    figure: str  # the Figures attribute, or "signed_count_from_<minimum>"
    unit: MoneyUnit | None = None  # a money column's, chosen from the report's values

    @property
    def heading(self) -> str:
        """The label, with the unit of a money column ("已完成（亿元）")."""
        return heading(self.label, self.unit)

    def value(self, figures: Figures):
        if self.figure.startswith("signed_count_from_"):
            minimum = Decimal(self.figure.removeprefix("signed_count_from_"))
            return figures.signed_count_by_threshold[THRESHOLDS.index(minimum)]
        return getattr(figures, self.figure)

    def change(self, figures: Figures, last: Figures) -> float | None:
        """同比: a rate's change (a fraction of percentage points), else the growth."""
        compare = rate_change if self.kind == "rate" else growth
        return compare(self.value(figures), self.value(last))

    @property
    def change_figure(self) -> str:
        """The change's ``data-figure`` name, as on the dashboard's tiles."""
        return f"{'rate_change' if self.kind == 'rate' else 'growth'}.{self.figure}"


# Labels are marked with gettext_lazy by name: makemessages finds no other alias.
NEW, CONTINUING, INVESTMENT, SIGNED, IN_YEAR = (
    gettext_lazy("New starts"),
    gettext_lazy("Continuing"),
    gettext_lazy("Investment"),
    gettext_lazy("Signed"),
    gettext_lazy("In the year"),
)
# Said under the 同比增长 line, on the page and in the workbook.
YOY_NOTE = gettext_lazy(
    "Year-on-year growth: counts and sums as their growth over the same date last year, rates "
    "as the change in percentage points; — where last year had none."
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
    Column(SIGNED, gettext_lazy("total investment"), "money", "signed_investment"),
    *(
        Column(SIGNED, size.label, "count", f"signed_count_from_{size.value}")
        for size in (MinimumSize.YI_1, MinimumSize.YI_5, MinimumSize.YI_10)
    ),
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


def column_groups(columns=COLUMNS):
    """(group label, number of columns) in order, for the two header rows."""
    groups = []
    for column in columns:
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
    columns: tuple = tuple(COLUMNS)
    zone_id: int | None = None  # None on the total row

    @cached_property
    def values(self):
        """(column, value) per column, read once for the page and the workbook."""
        return [(column, column.value(self.figures)) for column in self.columns]


def with_units(lines) -> list[Column]:
    """The columns, each money column in 亿元 if any of its values (the total's included)
    reaches 1亿, else in 万元: one unit per column, said in its header.
    """
    return [
        replace(column, unit=money_unit(column.value(line.figures) for line in lines))
        if column.kind == "money"
        else column
        for column in COLUMNS
    ]


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
    kinds: str = ""  # the target's category and level ("工业项目 · 市级以上")

    @property
    def label(self):
        return target_label(self.metric)

    @property
    def size(self) -> str:
        """The projects the target counts: "1亿元以上 · 工业项目", or "" for every project."""
        size = threshold(self.min_investment) if self.min_investment else ""
        return " · ".join(part for part in (size, self.kinds) if part)

    @property
    def kind(self):
        return "count" if self.metric in COUNT_METRICS else "money"

    @cached_property
    def unit(self) -> MoneyUnit | None:
        """A money target's unit for the whole row: 亿元 if any of its sums reaches 1亿 (chosen
        once: every number of the row is shown in it).
        """
        if self.kind != "money":
            return None
        sums = [self.annual_value, self.actual, self.expected]
        return metric_unit(
            self.metric, sums + [value for quarter in self.quarters for value in quarter]
        )

    @property
    def heading(self) -> str:
        """The target with the unit of its row: "完成投资（亿元）", "开工项目数（个）"."""
        unit = self.unit.label if self.unit else count_unit(self.metric)
        return _("{label} ({unit})").format(label=self.label, unit=unit)

    def number(self, value):
        """A value of the row in its unit: a count as whole projects (half up: 58.5 due is 59),
        a sum in the row's unit to 2 places.
        """
        if value is None:
            return None
        if self.unit is None:
            return int(rounded(decimal(value)))
        return self.unit.number(value)

    def text(self, value) -> str:
        return self.shown(self.number(value))

    def shown(self, number) -> str:
        """A number of the row (``number``'s) as the page writes it: "1,234", "12.35", "—"."""
        if number is None:
            return "—"
        return f"{number:,}" if self.unit is None else f"{number:,.2f}"

    @cached_property
    def numbers(self) -> dict:
        """The row's values in its unit, each rounded once, for the page and the workbook:
        the annual target, (cumulative target, actual) per quarter (None when not begun), the
        value expected by the date.
        """
        return {
            "annual": self.number(self.annual_value),
            "quarters": [
                None if cell is None else (self.number(cell[0]), self.number(cell[1]))
                for cell in self.quarter_cells
            ],
            "expected": self.number(self.expected),
        }

    @cached_property
    def texts(self) -> dict:
        """The row's numbers as shown, each in the row's unit, without it; a quarter's actual
        is flagged behind when below its target.
        """
        numbers = self.numbers
        return {
            "annual": self.shown(numbers["annual"]),
            "quarters": [
                None
                if cell is None
                else (self.shown(pair[0]), self.shown(pair[1]), cell[1] < cell[0])
                for cell, pair in zip(self.quarter_cells, numbers["quarters"], strict=True)
            ],
            "expected": self.shown(numbers["expected"]),
        }

    @property
    def quarter_cells(self):
        """Four cells of (cumulative target, actual), None for a quarter not begun."""
        return list(self.quarters) + [None] * (4 - len(self.quarters))

    @property
    def status_label(self):
        return TargetStatus(self.status).label


# -- Land and funds (SPEC section 14): a block of their own, after the figures and targets.


@dataclass(frozen=True)
class ResourceColumn:
    key: str  # "land.mu_revitalized": the figure, named as in /api/stats/
    label: object
    kind: str  # count or money (亩, 万元 or 万美元, said in the label)
    target: str | None = None  # the target metric set against it

    def value(self, land: LandFigures, funds: FundsFigures):
        section, name = self.key.split(".")
        return getattr(land if section == "land" else funds, name)


RESOURCE_COLUMNS = [
    ResourceColumn("land.parcels_identified", gettext_lazy("Parcels on the ledger"), "count"),
    ResourceColumn("land.mu_identified", gettext_lazy("Mu on the ledger"), "money"),
    ResourceColumn(
        "land.parcels_revitalized",
        gettext_lazy("Parcels revitalized"),
        "count",
        TargetMetric.PARCELS_REVITALIZED,
    ),
    ResourceColumn(
        "land.mu_revitalized",
        gettext_lazy("Mu revitalized"),
        "money",
        TargetMetric.LAND_REVITALIZED_MU,
    ),
    ResourceColumn(
        "funds.domestic",
        gettext_lazy("Domestic funds (10k CNY)"),
        "money",
        TargetMetric.FUNDS_IN_PLACE,
    ),
    ResourceColumn(
        "funds.out_of_province",
        gettext_lazy("Of which from other provinces (10k CNY)"),
        "money",
        TargetMetric.FUNDS_OUT_OF_PROVINCE,
    ),
    ResourceColumn(
        "funds.foreign_usd",
        gettext_lazy("Foreign funds (10k USD)"),
        "money",
        TargetMetric.FUNDS_FOREIGN_USD,
    ),
]


@dataclass(frozen=True)
class ResourceLine:
    """A zone's (or the total's) land and funds beside their annual targets."""

    number: int | None
    name: str
    land: LandFigures
    funds: FundsFigures
    targets: dict  # target metric -> annual value, for the metrics set
    zone_id: int | None = None

    @property
    def cells(self):
        """(column, value, annual target or None) per column."""
        return [
            (
                column,
                column.value(self.land, self.funds),
                self.targets.get(column.target) if column.target else None,
            )
            for column in RESOURCE_COLUMNS
        ]


def resource_targets(targets) -> dict:
    """The annual values of a zone's land and funds targets (their progress as /api/stats/
    lists it); a funds target limited to a project size counts other projects than the
    figure beside it, so it is left out."""
    metrics = {column.target for column in RESOURCE_COLUMNS if column.target}
    return {
        item["metric"]: Decimal(item["annual_value"])
        for item in targets
        if item["metric"] in metrics and not Decimal(item["min_investment"])
    }


def add_targets(lines) -> dict:
    total: dict = {}
    for line in lines:
        for metric, value in line.targets.items():
            total[metric] = total.get(metric, Decimal(0)) + value
    return total


@dataclass(frozen=True)
class QuarterlyReport:
    scope: Scope
    year: int
    quarter: int
    period: Period
    zones: list
    total: ZoneLine
    targets: list
    last_year: ZoneLine  # the total on the same date one year earlier
    columns: tuple = tuple(COLUMNS)
    resources: tuple = ()  # ResourceLines: the zones', then the total
    teams: tuple = ()  # TeamTotals: the attraction teams ranked on the stages reached by as_of

    @property
    def resource_columns(self):
        return RESOURCE_COLUMNS

    @property
    def groups(self):
        return column_groups(self.columns)

    yoy_note = YOY_NOTE

    @property
    def last_year_period(self) -> Period:
        return last_year_period(self.period)

    @cached_property
    def changes(self):
        """The 同比增长 line: (column, change) against the total of the same date last year."""
        return [
            (column, column.change(self.total.figures, self.last_year.figures))
            for column in self.columns
        ]

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
        """Named for the region or zone, as a leader files it:
        "镇江市-2026年第4季度重点项目推进情况.xlsx".
        """
        name = _("{scope}-{year} Q{quarter} key projects").format(
            scope=self.scope.as_dict()["name"], year=self.year, quarter=self.quarter
        )
        return "".join("-" if char in '/\\:*?"<>|' else char for char in name) + ".xlsx"


def quarterly_report(scope, year: int, quarter: int, today: date, progress=None) -> QuarterlyReport:
    """The report of ``scope`` for ``quarter`` of ``year``, as of the quarter's end (or
    ``today`` if earlier). ``progress(done, total)`` is told how far it got.
    """
    progress = progress or (lambda done, total: None)
    period = Period(year, min(quarter_end(year, quarter), today))
    zones = zones_of(scope)
    progress(1, 4)
    zone_ids = [zone["pk"] for zone in zones]
    # Today's total (and last year's) is read from the region row, with the targets'
    # progress ready-made; the zones' this year's figures, land and funds from their rollups.
    parts = scope_figures(scope, period, zone_ids=zone_ids, per_zone=not serves(period), teams=True)
    zone_figures = parts.zones or read_current(zone_ids, period)
    figures = {zone_id: zone.figures for zone_id, zone in zone_figures.items()}
    progress(2, 4)
    last = ZoneLine(None, _("Same date last year"), "", "", parts.last_year.figures)
    progress(3, 4)
    lines = [
        ZoneLine(
            number,
            zone["name"],
            zone["code"],
            zone["region__name"],
            figures[zone["pk"]],
            zone_id=zone["pk"],
        )
        for number, zone in enumerate(zones, start=1)
    ]
    # The scope's figures are its zones' added up once, by the read (land and funds alike).
    total = ZoneLine(None, _("Total"), "", "", parts.total.figures)
    columns = tuple(with_units([*lines, total, last]))
    lines = [replace(line, columns=columns) for line in lines]
    total = replace(total, columns=columns)
    last = replace(last, columns=columns)
    names = {zone["pk"]: zone["name"] for zone in zones}
    kinds: dict[tuple[str, str], str] = {}  # (category, level) -> its label, named once
    items = _target_items(parts, [zone_figures[zone_id] for zone_id in zone_ids])
    targets = [_target_line(item, names[item["zone"]], kinds) for item in items]
    zone_targets: dict[int, list[dict]] = {}
    for item in items:
        zone_targets.setdefault(item["zone"], []).append(item)
    resources = [
        ResourceLine(
            line.number,
            line.name,
            zone_figures[zone["pk"]].land,
            zone_figures[zone["pk"]].funds,
            resource_targets(zone_targets.get(zone["pk"], ())),
            zone_id=zone["pk"],
        )
        for line, zone in zip(lines, zones, strict=True)
    ]
    resources.append(
        ResourceLine(
            None,
            _("Total"),
            parts.total.land,
            parts.total.funds,
            add_targets(resources),
        )
    )
    progress(4, 4)
    return QuarterlyReport(
        scope,
        year,
        quarter,
        period,
        lines,
        total,
        targets,
        last,
        columns,
        tuple(resources),
        _teams(scope, period, parts),
    )


def _target_items(parts: ScopeFigures, zones: list[ZoneFigures]) -> list[dict[str, Any]]:
    """The progress of the zones' targets, zone by zone, as /api/stats/ lists it: read
    ready-made with the total from the rollups, else written from each zone's figures."""
    if parts.target_json is not None:
        return parts.target_json.value()
    return [progress.as_dict() for zone in zones for progress in zone.figures.targets]


def _target_line(item: dict[str, Any], zone: str, kinds: dict) -> TargetLine:
    """A target's line from its progress as /api/stats/ lists it (``item``)."""
    return TargetLine(
        zone,
        item["metric"],
        Decimal(item["min_investment"]),
        Decimal(item["annual_value"]),
        [(Decimal(q["target"]), Decimal(q["actual"])) for q in item["quarters"]],
        Decimal(item["actual"]),
        Decimal(item["expected"]),
        item["progress"],
        item["status"],
        _kinds(kinds, item["category"] or "", item["level"] or ""),
    )


def _teams(scope: Scope, period: Period, parts: ScopeFigures) -> tuple[TeamTotal, ...]:
    """The attraction teams ranked on the stages reached by the period's end: from the
    tallies the zones' rollups keep when the figures are read from them, else added up in
    the database."""
    if parts.source == ROLLUP:
        return tuple(standings(scope, scope_tallies(parts)[0])[0])
    return tuple(team_totals(scope, period.year, period.as_of))


def _kinds(labels: dict, category: str, level: str) -> str:
    """``kind_label``, remembered in ``labels``: a region has hundreds of targets of a few kinds."""
    key = (category, level)
    label = labels.get(key)
    if label is None:
        label = labels[key] = kind_label(category, level)
    return label
