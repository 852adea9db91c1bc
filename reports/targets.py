"""Target progress (SPEC section 6): actual, progress, expected, status and the quarters.

A target's ``actual`` is its metric over the zone's projects with total investment ≥ the
target's minimum. All targets of a scope are answered by at most two grouped queries (one
over milestones, one over monthly reports), whatever the number of zones and targets: rows
are grouped by zone and by size bucket (the largest target minimum a project reaches), and
a target adds up the buckets at or above its own minimum.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When

from investment.choices import TargetMetric
from investment.models import InvestmentReport
from projects.choices import MilestoneKind
from projects.models import Milestone

from .choices import TargetStatus
from .numbers import CENT, ZERO, decimal, money, rate
from .period import Period, quarter_end

# The column each metric is read from, and the milestone it counts (if any).
MILESTONE_METRICS = {
    TargetMetric.SIGNED_COUNT: MilestoneKind.SIGNING,
    TargetMetric.SIGNED_INVESTMENT: MilestoneKind.SIGNING,
    TargetMetric.STARTED_COUNT: MilestoneKind.GROUNDBREAKING,
    TargetMetric.COMPLETED_COUNT: MilestoneKind.COMPLETION,
    TargetMetric.PRODUCTION_COUNT: MilestoneKind.PRODUCTION,
}
REPORT_METRICS = {TargetMetric.COMPLETED_INVESTMENT, TargetMetric.FUNDS_IN_PLACE}


@dataclass(frozen=True)
class QuarterProgress:
    quarter: int
    end: date
    target: Decimal
    actual: Decimal

    def as_dict(self) -> dict:
        return {
            "quarter": self.quarter,
            "end": self.end.isoformat(),
            "target": money(self.target),
            "actual": money(self.actual),
        }


@dataclass(frozen=True)
class TargetProgress:
    target: object
    actual: Decimal
    expected: Decimal
    quarters: tuple

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

    def as_dict(self) -> dict:
        target = self.target
        return {
            "id": target.pk,
            "zone": target.zone_id,
            "metric": target.metric,
            "min_investment": money(target.min_investment),
            "annual_value": money(target.annual_value),
            "actual": money(self.actual),
            "progress": self.progress,
            "expected": money(self.expected),
            "status": str(self.status),
            "quarters": [quarter.as_dict() for quarter in self.quarters],
        }


def expected_by(target, day: date) -> Decimal:
    """What the target asks to be done by ``day`` (a day of the target's year).

    The given cumulative quarterly values, with 0 before the year and the annual value at
    its end, are joined by straight lines day by day; without quarterly values that line is
    annual value × day of year / days in the year.
    """
    year = target.year
    knots = [(date(year, 1, 1) - timedelta(days=1), ZERO)]
    for quarter, value in enumerate(target.quarter_values()[:3], start=1):
        if value is not None:
            knots.append((quarter_end(year, quarter), Decimal(value)))
    knots.append((date(year, 12, 31), Decimal(target.annual_value)))
    if day <= knots[0][0]:
        return ZERO
    for (start, low), (end, high) in pairwise(knots):
        if day <= end:
            share = Decimal((day - start).days) / Decimal((end - start).days)
            return (low + (high - low) * share).quantize(CENT, rounding=ROUND_HALF_UP)
    return decimal(target.annual_value)


def target_progress(targets, scope, period: Period) -> list[TargetProgress]:
    """The progress of ``targets`` (all of year ``period.year``, in zones of ``scope``)."""
    targets = list(targets)
    if not targets:
        return []
    cuts = period.quarter_cuts()
    minimums = sorted({target.min_investment for target in targets})
    table = _Table(minimums, len(cuts))
    if cuts:
        metrics = {target.metric for target in targets}
        kinds = sorted({MILESTONE_METRICS[m] for m in metrics if m in MILESTONE_METRICS})
        if kinds:
            table.add(_milestone_rows(scope, period, cuts, minimums, kinds))
        if metrics & REPORT_METRICS:
            table.add(_report_rows(scope, period, cuts, minimums))
    result = []
    for target in targets:
        values = table.values(target)
        quarters = tuple(
            QuarterProgress(index, quarter_end(period.year, index), target_value, actual)
            for index, (target_value, actual) in enumerate(
                zip(
                    (expected_by(target, quarter_end(period.year, q)) for q in range(1, 5)),
                    values,
                    strict=False,
                ),
                start=1,
            )
        )
        actual = values[-1] if values else ZERO
        expected = expected_by(target, period.end) if period.begun else ZERO
        result.append(TargetProgress(target, actual, expected, quarters))
    return result


def _column(metric) -> str:
    if metric in MILESTONE_METRICS and metric != TargetMetric.SIGNED_INVESTMENT:
        return MILESTONE_METRICS[metric]
    return metric


def _bucket(path, minimums):
    """The index of the largest minimum a project's total investment reaches."""
    whens = [
        When(**{f"{path}__gte": minimum}, then=Value(index))
        for index, minimum in reversed(list(enumerate(minimums)))
    ]
    return Case(*whens, default=Value(-1), output_field=IntegerField())


def _milestone_rows(scope, period, cuts, minimums, kinds):
    aggregates = {}
    for index, cut in enumerate(cuts):
        for kind in kinds:
            aggregates[f"{kind}_{index}"] = Count("pk", filter=Q(kind=kind, actual_on__lte=cut))
        if MilestoneKind.SIGNING in kinds:
            aggregates[f"{TargetMetric.SIGNED_INVESTMENT}_{index}"] = Sum(
                "project__total_investment",
                filter=Q(kind=MilestoneKind.SIGNING, actual_on__lte=cut),
            )
    return (
        Milestone.objects.filter(
            scope.q("project__zone"),
            kind__in=kinds,
            actual_on__range=(period.start, period.end),
            project__total_investment__gte=minimums[0],
        )
        .order_by()
        .values(
            zone_key=F("project__zone_id"),
            bucket=_bucket("project__total_investment", minimums),
        )
        .annotate(**aggregates)
    )


def _report_rows(scope, period, cuts, minimums):
    aggregates = {}
    for index, cut in enumerate(cuts):
        months = Q(month__lte=cut.month)
        aggregates[f"{TargetMetric.COMPLETED_INVESTMENT}_{index}"] = Sum(
            "completed_investment", filter=months
        )
        aggregates[f"{TargetMetric.FUNDS_IN_PLACE}_{index}"] = Sum(
            F("funds_domestic") + F("funds_out_of_province"), filter=months
        )
    return (
        InvestmentReport.objects.filter(
            scope.q("project__zone"),
            year=period.year,
            month__lte=period.last_month,
            project__total_investment__gte=minimums[0],
        )
        .order_by()
        .values(
            zone_key=F("project__zone_id"),
            bucket=_bucket("project__total_investment", minimums),
        )
        .annotate(**aggregates)
    )


class _Table:
    """Grouped rows by zone and size bucket; a target reads the buckets at or above its own."""

    def __init__(self, minimums, cut_count):
        self.minimums = minimums
        self.cut_count = cut_count
        self.rows = defaultdict(dict)  # (zone id, bucket) -> column -> value
        self._suffix = {}

    def add(self, rows):
        for row in rows:
            key = (row.pop("zone_key"), row.pop("bucket"))
            self.rows[key].update(row)

    def values(self, target) -> list[Decimal]:
        """The target's actual at each quarter cut."""
        column = _column(target.metric)
        level = self.minimums.index(target.min_investment)
        return [
            self._sum_from(target.zone_id, level, f"{column}_{index}")
            for index in range(self.cut_count)
        ]

    def _sum_from(self, zone_id, level, column) -> Decimal:
        key = (zone_id, level, column)
        if key not in self._suffix:
            above = (
                self._sum_from(zone_id, level + 1, column)
                if level + 1 < len(self.minimums)
                else ZERO
            )
            self._suffix[key] = above + decimal(self.rows.get((zone_id, level), {}).get(column))
        return self._suffix[key]
