"""Target progress (SPEC section 6): actual, progress, expected, status and the quarters.

A target's ``actual`` is its metric over the zone's projects with total investment ≥ the
target's minimum and, if the target names them, of its category and level (its "basis": a
``Restriction``); a land target's is read from the zone's land ledger (parcels and 亩
revitalized in the year, every parcel). All targets of a scope are answered by at most three
grouped queries (one over milestones, one over monthly reports, one over the land ledger),
whatever the number of zones and targets: they
are grouped per zone, with a sum for each distinct basis, and each target reads the sum of
its own basis.
"""

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from itertools import pairwise
from typing import Any

from django.db.models import Aggregate, Count, F, Q, QuerySet, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from investment.choices import LAND_METRICS, TargetMetric
from investment.models import InvestmentReport, LandParcel, Target
from projects.choices import CATEGORY_FILTER_CHOICES, LEVEL_FILTER_CHOICES, MilestoneKind
from projects.models import Milestone
from supervision.choices import AlertKind

from ..choices import TargetStatus
from .numbers import CENT, ZERO, decimal, money, rate
from .period import Period, quarter_end
from .restriction import Restriction
from .scopes import Scope

# The column each metric is read from, and the milestone it counts (if any).
MILESTONE_METRICS: dict[str, str] = {
    TargetMetric.SIGNED_COUNT: MilestoneKind.SIGNING,
    TargetMetric.SIGNED_INVESTMENT: MilestoneKind.SIGNING,
    TargetMetric.STARTED_COUNT: MilestoneKind.GROUNDBREAKING,
    TargetMetric.COMPLETED_COUNT: MilestoneKind.COMPLETION,
    TargetMetric.PRODUCTION_COUNT: MilestoneKind.PRODUCTION,
}
REPORT_METRICS = {
    TargetMetric.COMPLETED_INVESTMENT,
    TargetMetric.FUNDS_IN_PLACE,
    TargetMetric.FUNDS_OUT_OF_PROVINCE,
    TargetMetric.FUNDS_FOREIGN_USD,
}
# Metrics that count projects or parcels (the rest are sums: in 万元, 万美元 or 亩).
COUNT_METRICS = {
    TargetMetric.SIGNED_COUNT,
    TargetMetric.STARTED_COUNT,
    TargetMetric.COMPLETED_COUNT,
    TargetMetric.PRODUCTION_COUNT,
    TargetMetric.PARCELS_REVITALIZED,
}
# The land rows' group in the table (its other groups are milestone kinds and months).
LAND = "land"


def kind_label(category: str, level: str) -> str:
    """A target's category and level as the reports name them ("工业项目 · 市级以上"), "" for
    every project."""
    labels = [
        str(dict(choices)[value])
        for value, choices in ((category, CATEGORY_FILTER_CHOICES), (level, LEVEL_FILTER_CHOICES))
        if value
    ]
    return " · ".join(labels)


def target_label(metric: str) -> str | Promise:
    """A target's name on the reports. The completed-investment target counts every project of
    the zone, so it is named apart from section 6's completed investment (the plan's projects).
    """
    if metric == TargetMetric.COMPLETED_INVESTMENT:
        return _("Investment completed, all projects (target basis)")
    return TargetMetric(metric).label


@dataclass(frozen=True)
class QuarterProgress:
    quarter: int
    end: date
    target: Decimal
    actual: Decimal

    def as_dict(self) -> dict[str, Any]:
        return {
            "quarter": self.quarter,
            "end": self.end.isoformat(),
            "target": money(self.target),
            "actual": money(self.actual),
        }


@dataclass(frozen=True)
class TargetProgress:
    target: Target
    actual: Decimal
    expected: Decimal
    quarters: tuple[QuarterProgress, ...]

    @property
    def progress(self) -> float | None:
        return rate(self.actual, self.target.annual_value)

    @property
    def status(self) -> str:
        if self.actual >= self.target.annual_value:
            return TargetStatus.DONE
        if self.actual >= self.expected:
            return TargetStatus.AHEAD
        return TargetStatus.BEHIND

    def as_dict(self) -> dict[str, Any]:
        """The progress as JSON. Built once and shared (a zone and the regions above it list
        the same targets), so it must not be changed."""
        return self._json

    @cached_property
    def _json(self) -> dict[str, Any]:
        target = self.target
        return {
            "id": target.pk,
            "zone": target.zone_id,
            "metric": target.metric,
            "min_investment": money(target.min_investment),
            "category": target.category or None,
            "level": target.level or None,
            "annual_value": money(target.annual_value),
            "actual": money(self.actual),
            "progress": self.progress,
            "expected": money(self.expected),
            "status": str(self.status),
            "quarters": [quarter.as_dict() for quarter in self.quarters],
        }


# Targets are added up (a region's targets table) per metric, minimum size, category and level.
SumKey = tuple[str, Decimal, str, str]


@dataclass
class TargetSum:
    """Targets of one metric, minimum size, category and level added up: their annual
    values, actual values and what time asks for by D, and how many are done, ahead and
    behind. Sums of zones add up to a region's."""

    annual_value: Decimal = ZERO
    actual: Decimal = ZERO
    expected: Decimal = ZERO
    statuses: Counter[str] = field(default_factory=Counter)

    def __iadd__(self, other: "TargetSum") -> "TargetSum":
        self.annual_value += other.annual_value
        self.actual += other.actual
        self.expected += other.expected
        self.statuses.update(other.statuses)
        return self


def target_sums(progresses: Iterable[TargetProgress]) -> dict[SumKey, TargetSum]:
    """The targets of ``progresses`` added up per metric, minimum, category and level."""
    sums: dict[SumKey, TargetSum] = {}
    for progress in progresses:
        target = progress.target
        key = (target.metric, decimal(target.min_investment), target.category, target.level)
        added = sums.setdefault(key, TargetSum())
        added.annual_value += decimal(target.annual_value)
        added.actual += decimal(progress.actual)
        added.expected += decimal(progress.expected)
        added.statuses[progress.status] += 1
    return sums


def expected_by(target: Target, day: date) -> Decimal:
    """What the target asks to be done by ``day`` (a day of the target's year).

    The given cumulative quarterly values, with 0 before the year and the annual value at
    its end, are joined by straight lines day by day; without quarterly values that line is
    annual value × day of year / days in the year.
    """
    return _on_line(_knots(target), day)


def _knots(target: Target) -> list[tuple[date, Decimal]]:
    year = target.year
    knots = [(date(year, 1, 1) - timedelta(days=1), ZERO)]
    for quarter, value in enumerate(target.quarter_values()[:3], start=1):
        if value is not None:
            knots.append((quarter_end(year, quarter), Decimal(value)))
    knots.append((date(year, 12, 31), Decimal(target.annual_value)))
    return knots


def _on_line(knots: Sequence[tuple[date, Decimal]], day: date) -> Decimal:
    if day <= knots[0][0]:
        return ZERO
    for (start, low), (end, high) in pairwise(knots):
        if day == end:  # on a knot (a quarter's end, most often): its value, as the line gives
            return high.quantize(CENT, rounding=ROUND_HALF_UP)
        if day < end:
            share = Decimal((day - start).days) / Decimal((end - start).days)
            return (low + (high - low) * share).quantize(CENT, rounding=ROUND_HALF_UP)
    return decimal(knots[-1][1])


def target_progress(
    targets: Iterable[Target], scope: Scope, period: Period
) -> list[TargetProgress]:
    """The progress of ``targets`` (all of year ``period.year``, in zones of ``scope``)."""
    targets = list(targets)
    if not targets:
        return []
    cuts = period.quarter_cuts()
    bases = sorted({_basis(target) for target in targets}, key=_basis_order)
    table = _Table(bases, cuts)
    if cuts:
        metrics = {target.metric for target in targets}
        kinds = sorted({MILESTONE_METRICS[m] for m in metrics if m in MILESTONE_METRICS})
        if kinds:
            table.add(_milestone_rows(scope, period, cuts, bases, kinds))
        money = {(t.metric, _basis(t)) for t in targets if t.metric in REPORT_METRICS}
        if money:
            table.add(_report_rows(scope, period, bases, money))
        if any(target.metric in LAND_METRICS for target in targets):
            table.add(_land_rows(scope, period, cuts))
    return [progress_of(target, period, table.values(target)) for target in targets]


def progress_of(target: Target, period: Period, values: Sequence[Decimal]) -> TargetProgress:
    """The progress of ``target`` from its actual values at the period's quarter cuts (the
    last one is the actual by D)."""
    knots = _knots(target)
    ends = [quarter_end(period.year, quarter) for quarter in range(1, 5)]
    quarters = tuple(
        QuarterProgress(quarter, end, _on_line(knots, end), actual)
        for quarter, end, actual in zip(range(1, 5), ends, values, strict=False)
    )
    actual = values[-1] if values else ZERO
    expected = _on_line(knots, period.end) if period.begun else ZERO
    return TargetProgress(target, actual, expected, quarters)


def _basis(target: Target) -> Restriction:
    """The projects a target counts."""
    return Restriction(target.level, target.category, target.min_investment)


def _basis_order(basis: Restriction) -> tuple[Decimal, str, str]:
    return (basis.min_investment or ZERO, basis.category, basis.level)


def _lowest_minimum(bases: Iterable[Restriction]) -> Decimal:
    """What every basis asks at least: rows below it are left out before grouping."""
    return min(basis.min_investment or ZERO for basis in bases)


def _milestone_rows(
    scope: Scope,
    period: Period,
    cuts: Sequence[date],
    bases: Sequence[Restriction],
    kinds: Collection[str],
) -> QuerySet[Any, dict[str, Any]]:
    """Per zone and milestone kind: how many projects of each basis reached it by each cut,
    and (signings) their total investment.
    """
    aggregates: dict[str, Aggregate] = {}
    for position, basis in enumerate(bases):
        for index, cut in enumerate(cuts):
            reached = basis.q("project") & Q(actual_on__lte=cut)
            aggregates[f"count_{position}_{index}"] = Count("pk", filter=reached)
            if MilestoneKind.SIGNING in kinds:
                aggregates[f"investment_{position}_{index}"] = Sum(
                    "project__total_investment", filter=reached & Q(kind=MilestoneKind.SIGNING)
                )
    milestones = Milestone.objects.filter(
        scope.q("project__zone"),
        kind__in=kinds,
        actual_on__range=(period.start, period.end),
        project__total_investment__gte=_lowest_minimum(bases),
    )
    rows: QuerySet[Any, dict[str, Any]] = (
        milestones.order_by()
        .values(zone_key=F("project__zone_id"), group=F("kind"))
        .annotate(**aggregates)
    )
    return rows


def _report_rows(
    scope: Scope,
    period: Period,
    bases: Sequence[Restriction],
    money: Collection[tuple[str, Restriction]],
) -> QuerySet[Any, dict[str, Any]]:
    """Per zone and month: completed investment or funds in place of the projects of a
    basis, for each (metric, basis) in ``money``. Grouped by plain columns, so the
    planner hashes a few thousand groups (the months are added up to each cut afterwards).
    """
    amounts: dict[str, F] = {
        TargetMetric.COMPLETED_INVESTMENT: F("completed_investment"),
        TargetMetric.FUNDS_IN_PLACE: F("funds_domestic"),
        TargetMetric.FUNDS_OUT_OF_PROVINCE: F("funds_out_of_province"),
        TargetMetric.FUNDS_FOREIGN_USD: F("funds_foreign_usd"),
    }
    aggregates = {
        f"{metric}_{bases.index(basis)}": Sum(amounts[metric], filter=basis.q("project"))
        for metric, basis in sorted(money, key=lambda pair: (pair[0], _basis_order(pair[1])))
    }
    reports = InvestmentReport.objects.filter(
        scope.q("project__zone"),
        year=period.year,
        month__lte=period.last_month,
        project__total_investment__gte=_lowest_minimum(basis for _metric, basis in money),
    )
    rows: QuerySet[Any, dict[str, Any]] = (
        reports.order_by()
        .values(zone_key=F("project__zone_id"), group=F("month"))
        .annotate(**aggregates)
    )
    return rows


def _land_rows(scope: Scope, period: Period, cuts: Sequence[date]) -> Iterable[dict[str, Any]]:
    """Per zone: the parcels revitalized in the year by each cut, and their 亩."""
    aggregates: dict[str, Aggregate] = {}
    for index, cut in enumerate(cuts):
        by_cut = Q(revitalized_on__lte=cut)
        aggregates[f"count_{index}"] = Count("pk", filter=by_cut)
        aggregates[f"mu_{index}"] = Sum("revitalized_mu", filter=by_cut)
    rows = (
        LandParcel.objects.filter(scope.q("zone"), revitalized_on__range=(period.start, period.end))
        .order_by()
        .values(zone_key=F("zone_id"))
        .annotate(**aggregates)
    )
    for row in rows:
        yield {**row, "group": LAND}


class _Table:
    """The grouped rows, by (zone, milestone kind) and by (zone, month), read per target."""

    def __init__(self, bases: Sequence[Restriction], cuts: Sequence[date]) -> None:
        self.bases = bases
        self.cuts = cuts
        # (zone id, kind or month) -> column -> value
        self.rows: dict[tuple[int, object], dict[str, Any]] = {}

    def add(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            self.rows[(row.pop("zone_key"), row.pop("group"))] = row

    def values(self, target: Target) -> list[Decimal]:
        """The target's actual at each quarter cut."""
        if target.metric in LAND_METRICS:
            row = self.rows.get((target.zone_id, LAND), {})
            column = "count" if target.metric == TargetMetric.PARCELS_REVITALIZED else "mu"
            return [decimal(row.get(f"{column}_{index}")) for index in range(len(self.cuts))]
        position = self.bases.index(_basis(target))
        if target.metric in REPORT_METRICS:
            column = f"{target.metric}_{position}"
            by_month = [
                self.rows.get((target.zone_id, month), {}).get(column) or ZERO
                for month in range(1, 13)
            ]
            return [decimal(sum(by_month[: cut.month], ZERO)) for cut in self.cuts]
        row = self.rows.get((target.zone_id, MILESTONE_METRICS[target.metric]), {})
        column = "investment" if target.metric == TargetMetric.SIGNED_INVESTMENT else "count"
        return [
            Decimal(row.get(f"{column}_{position}_{index}") or 0) for index in range(len(self.cuts))
        ]


def targets_behind(on: date) -> dict[str, dict[str, Any]]:
    """The daily check's condition for targets behind time on ``on``, as alert fields."""
    found: dict[str, dict[str, Any]] = {}
    targets = Target.objects.filter(year=on.year).order_by()
    for progress in target_progress(targets, Scope.everything(), Period(on.year, on)):
        if progress.status == TargetStatus.BEHIND:
            target = progress.target
            found[f"{AlertKind.TARGET_BEHIND}:{target.pk}"] = {
                "kind": AlertKind.TARGET_BEHIND,
                "zone_id": target.zone_id,
                "target_id": target.pk,
            }
    return found
