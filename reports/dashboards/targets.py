"""Targets against time (时间过半任务过半): a zone's targets, or a region's added up."""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from investment.choices import TargetMetric

from ..choices import TargetStatus
from ..figures.bundle import ZoneFigures
from ..figures.metrics import Figures
from ..figures.numbers import ZERO, decimal, rate
from ..figures.targets import COUNT_METRICS, SumKey, TargetSum, kind_label, target_label
from ..templatetags.dashboard import MoneyUnit, count_unit, figure, metric_unit, threshold
from .common import percent_of


@dataclass
class TargetRow:
    """A target (or, for a region, the targets of its zones on one metric, minimum, category
    and level added up) with its progress and what time asks for by D.
    """

    metric: str
    min_investment: Decimal
    annual_value: Decimal = ZERO
    actual: Decimal = ZERO
    expected: Decimal = ZERO
    zone: object = None
    status: str = ""
    statuses: Counter = field(default_factory=Counter)
    quarters: list = field(default_factory=list)
    category: str = ""
    level: str = ""

    @property
    def label(self):
        return target_label(self.metric)

    @property
    def tooltip(self) -> str | Promise:
        if self.metric == TargetMetric.COMPLETED_INVESTMENT:
            return _(
                "Investment completed this year by every project of the zone, as the "
                "completed-investment target counts it (the plan's projects and the others)."
            )
        return ""

    @property
    def figure_name(self) -> str:
        """Its ``data-figure``: the target's actual, by metric, minimum size, category and
        level."""
        name = f"target_actual.{self.metric}"
        if self.min_investment:
            name = f"{name}_from_{self.min_investment:.0f}"
        return "_".join(part for part in (name, self.category, self.level) if part)

    @property
    def is_count(self) -> bool:
        return self.metric in COUNT_METRICS

    @property
    def kind(self) -> str:
        return "count" if self.is_count else "money"

    @property
    def size(self) -> str:
        """The projects the target counts ("1亿元以上 · 工业项目"), "" for every project."""
        size = threshold(self.min_investment) if self.min_investment else ""
        return " · ".join(part for part in (size, kind_label(self.category, self.level)) if part)

    @cached_property
    def unit(self) -> MoneyUnit | None:
        """A money row's one unit: 亿元 if any of its sums reaches 1亿, else 万元."""
        if self.is_count:
            return None
        quarters = [cell for cell in self.quarters if cell is not None]
        sums = [self.annual_value, self.actual, self.expected]
        return metric_unit(self.metric, sums + [cell[key] for cell in quarters for key in cell])

    @cached_property
    def texts(self) -> dict:
        """The row's numbers as shown (formatted here, once, rather than by filters): sums in
        the row's unit, which its label names; counts as whole projects, half up.
        """
        unit = self.unit

        def shown(value):
            return figure(value, "count") if unit is None else unit.format(value)

        return {
            "unit": count_unit(self.metric) if unit is None else unit.label,
            "annual": shown(self.annual_value),
            "actual": shown(self.actual),
            "expected": shown(self.expected),
            "progress": figure(self.progress, "rate"),
            # Dicts, not tuples: a template reads ``cell.actual`` in one lookup, where
            # ``cell.0`` fails as a key and as an attribute before it is tried as an index.
            "quarters": [
                None
                if quarter is None
                else {
                    "actual": shown(quarter["actual"]),
                    "target": shown(quarter["target"]),
                    "behind": quarter["actual"] < quarter["target"],
                }
                for quarter in self.quarters
            ],
        }

    @property
    def progress(self):
        return rate(self.actual, self.annual_value)

    # Read several times per row by the template, once the row is complete (cached).
    @cached_property
    def bar(self):
        return percent_of(self.actual, self.annual_value)

    @cached_property
    def marker(self):
        return percent_of(self.expected, self.annual_value)

    @cached_property
    def state(self) -> str:
        """done, ahead or behind: the target's own status, or for a sum the sum's."""
        if self.status:
            return self.status
        if self.actual >= self.annual_value:
            return TargetStatus.DONE
        return TargetStatus.AHEAD if self.actual >= self.expected else TargetStatus.BEHIND

    @property
    def state_label(self):
        return TargetStatus(self.state).label

    @property
    def status_counts(self):
        return status_counts(self.statuses)


def target_rows(figures: Figures) -> list[TargetRow]:
    """Each target of a zone, with its progress, quarter by quarter."""
    rows = []
    for progress in figures.targets:
        data = progress.as_dict()
        target = progress.target
        rows.append(
            TargetRow(
                target.metric,
                target.min_investment,
                decimal(target.annual_value),
                decimal(data["actual"]),
                decimal(data["expected"]),
                status=data["status"],
                quarters=_quarters(data["quarters"]),
                category=target.category,
                level=target.level,
            )
        )
    return _in_order(rows)


def summed_target_rows(sums: Mapping[SumKey, TargetSum]) -> list[TargetRow]:
    """A region's targets: its zones' added up per metric, minimum, category and level,
    counting how many are done, ahead and behind."""
    rows = [
        TargetRow(
            metric,
            minimum,
            added.annual_value,
            added.actual,
            added.expected,
            statuses=Counter(added.statuses),
            category=category,
            level=level,
        )
        for (metric, minimum, category, level), added in sums.items()
    ]
    return _in_order(rows)


def _in_order(rows: list[TargetRow]) -> list[TargetRow]:
    order = list(TargetMetric.values)
    return sorted(
        rows,
        key=lambda row: (order.index(row.metric), row.min_investment, row.category, row.level),
    )


def status_counts(counter: Counter) -> list:
    """(status, label, how many) in the order done, ahead, behind, without zeros."""
    return [(status, status.label, counter[status]) for status in TargetStatus if counter[status]]


def _quarters(quarters) -> list:
    """Four cells, one per quarter: its cumulative target and actual, None if not begun."""
    cells = [{"target": decimal(q["target"]), "actual": decimal(q["actual"])} for q in quarters]
    return cells + [None] * (4 - len(cells))


def target_statuses(zone: ZoneFigures) -> Counter:
    """How many of the targets of ``zone`` (a zone's or a region's figures) are done, ahead
    and behind."""
    return sum((added.statuses for added in zone.target_sums.values()), Counter())
