"""The figures leadership is judged by (SPEC section 6), computed by aggregation in the database.

Every one of these numbers that the API, the dashboards and the jobs show comes from here.

- ``figures_for(scope, period)``: the figures of one scope (a zone, a region with its
  sub-regions, everything a user reads);
- ``figures_per_zone(scope, period)``: the same figures for each zone of a scope;
- ``figures_per_region(zone_figures, regions)``: regions added up from their zones;
- ``figures_per_leader(scope, period)``: the figures of each leader's projects (a leader's
  portfolio, 包保), for a scope of leaders (``Scope.for_leaders``).

Each runs a fixed number of queries (one per section, plus two for targets), however many
zones, leaders, projects and reports the scope holds. Section queries are grouped by zone
(or by leader) when figures per zone (or per leader) are asked for, and not grouped otherwise.
"""

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Aggregate,
    Count,
    F,
    FilteredRelation,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
)

from investment.choices import PlanType
from investment.models import AnnualPlanEntry, InvestmentReport, Target
from parks.models import Region, Zone, path_lineage
from projects.choices import MilestoneKind
from projects.models import Milestone

from .aggregates import DaysBetween
from .names import field_names
from .numbers import ZERO, decimal, median_of, money, rate
from .period import Period
from .restriction import EVERY_PROJECT, Restriction
from .scopes import Scope
from .targets import TargetProgress, target_progress

# Signed projects are also counted from these total investments up (万元): 5000万, 1亿, 5亿,
# 10亿, 30亿, 50亿 (SPEC section 6; seed 003 counts 5亿级以上项目).
THRESHOLDS = (
    Decimal("5000"),
    Decimal("10000"),
    Decimal("50000"),
    Decimal("100000"),
    Decimal("300000"),
    Decimal("500000"),
)

PLAN = "plan"
INVESTMENT = "investment"
MILESTONES = "milestones"
MEDIAN = "median"
TARGETS = "targets"
SECTIONS = (PLAN, INVESTMENT, MILESTONES, MEDIAN, TARGETS)

# A section's query result: key (zone or leader id, or None for the whole scope) -> figure ->
# value.
Rows = dict[int | None, dict[str, Any]]

# What section queries group by: a path from the project to the key (None: not grouped).
BY_ZONE = "zone_id"
BY_LEADER = "project_leaders__leader_id"


@dataclass
class Figures:
    """The raw figures of one scope; rates and the JSON shape are derived from them."""

    planned_new: int = 0
    started_new: int = 0
    planned_continuing: int = 0
    resumed: int = 0
    planned_completion: int = 0
    completed: int = 0
    # Of the planned completions, those done by D and on or before their planned date (按期竣工).
    completed_on_time: int = 0
    # The plan's projects completed in the year by D, and of those, in production by D (投产达效).
    completed_in_year: int = 0
    in_production: int = 0
    planned_investment: Decimal = ZERO
    completed_investment: Decimal = ZERO
    # The same, month by month (January first; months after D's hold nothing): a dashboard
    # draws them against the plan, and they add up to ``completed_investment``.
    completed_by_month: tuple[Decimal, ...] = (ZERO,) * 12
    signed_count: int = 0
    signed_investment: Decimal = ZERO
    signed_count_by_threshold: tuple[int, ...] = (0,) * len(THRESHOLDS)
    signed_investment_by_threshold: tuple[Decimal, ...] = (ZERO,) * len(THRESHOLDS)
    groundbreaking: int = 0
    completion: int = 0
    production: int = 0
    # Days from signing to groundbreaking -> number of projects; the median is read from it
    # because, unlike a median, it adds up from zones to regions.
    days_to_groundbreaking: Counter[int] = field(default_factory=Counter)
    # The same from signing to a production in the year (投产).
    days_to_production: Counter[int] = field(default_factory=Counter)
    targets: list[TargetProgress] = field(default_factory=list)

    @property
    def start_rate(self) -> float | None:
        return rate(self.started_new, self.planned_new)

    @property
    def start_or_resume_rate(self) -> float | None:
        return rate(self.started_new + self.resumed, self.planned_new + self.planned_continuing)

    @property
    def completion_rate(self) -> float | None:
        return rate(self.completed, self.planned_completion)

    @property
    def on_time_completion_rate(self) -> float | None:
        """按期竣工率: completed by D on or before the planned date / planned to complete in Y."""
        return rate(self.completed_on_time, self.planned_completion)

    @property
    def production_rate(self) -> float | None:
        """投产达效率: in production by D / the plan's projects completed in the year."""
        return rate(self.in_production, self.completed_in_year)

    @property
    def investment_completion_rate(self) -> float | None:
        return rate(self.completed_investment, self.planned_investment)

    @property
    def median_days_signing_to_groundbreaking(self) -> float | None:
        return median_of(self.days_to_groundbreaking)

    @property
    def median_days_signing_to_production(self) -> float | None:
        return median_of(self.days_to_production)

    def __add__(self, other: "Figures") -> "Figures":
        total = Figures()
        total += self
        total += other
        return total

    def __iadd__(self, other: "Figures") -> "Figures":
        """Add ``other`` in place (a region adds up its zones without copying them)."""
        for name in field_names(Figures):
            mine, theirs = getattr(self, name), getattr(other, name)
            if isinstance(mine, tuple):
                setattr(self, name, tuple(a + b for a, b in zip(mine, theirs, strict=True)))
            elif isinstance(mine, list):
                mine.extend(theirs)
            elif isinstance(mine, Counter):
                mine.update(theirs)
            else:
                setattr(self, name, mine + theirs)
        return self

    def value(self, name: str) -> Any:
        """A figure by its name in the JSON (used to rank zones)."""
        return getattr(self, name)

    def as_dict(self) -> dict[str, Any]:
        return {
            "plan": {
                "planned_new": self.planned_new,
                "started_new": self.started_new,
                "start_rate": self.start_rate,
                "planned_continuing": self.planned_continuing,
                "resumed": self.resumed,
                "start_or_resume_rate": self.start_or_resume_rate,
                "planned_completion": self.planned_completion,
                "completed": self.completed,
                "completion_rate": self.completion_rate,
                "completed_on_time": self.completed_on_time,
                "on_time_completion_rate": self.on_time_completion_rate,
                "completed_in_year": self.completed_in_year,
                "in_production": self.in_production,
                "production_rate": self.production_rate,
                "planned_investment": money(self.planned_investment),
                "completed_investment": money(self.completed_investment),
                "investment_completion_rate": self.investment_completion_rate,
            },
            "signing": {
                "signed_count": self.signed_count,
                "signed_investment": money(self.signed_investment),
                "by_threshold": [
                    {"min_investment": money(minimum), "count": count, "investment": money(total)}
                    for minimum, count, total in zip(
                        THRESHOLDS,
                        self.signed_count_by_threshold,
                        self.signed_investment_by_threshold,
                        strict=True,
                    )
                ],
            },
            "milestones": {
                "groundbreaking": self.groundbreaking,
                "completion": self.completion,
                "production": self.production,
                "median_days_signing_to_groundbreaking": (
                    self.median_days_signing_to_groundbreaking
                ),
                "median_days_signing_to_production": self.median_days_signing_to_production,
            },
            "targets": [progress.as_dict() for progress in self.targets],
        }


def figures_for(
    scope: Scope,
    period: Period,
    sections: Collection[str] = SECTIONS,
    restriction: Restriction = EVERY_PROJECT,
) -> Figures:
    """The figures of one scope, in one query per section (targets: up to three); the plan
    and investment sections count only ``restriction``'s projects."""
    return _compute(scope, period, sections, by=None, restriction=restriction).get(None, Figures())


def figures_per_zone(
    scope: Scope,
    period: Period,
    sections: Collection[str] = SECTIONS,
    zone_ids: Iterable[int] | None = None,
    plan_fields: Collection[str] | None = None,
    restriction: Restriction = EVERY_PROJECT,
) -> dict[int, Figures]:
    """Zone id -> figures, for every zone of ``scope`` (zones without data get zeros).

    ``zone_ids`` saves a query when the caller has already listed the scope's zones;
    ``plan_fields`` limits the plan section to those figures (a ranking needs one or two,
    and the others cost joins); ``restriction`` as for ``figures_for``.
    """
    if zone_ids is None:
        zone_ids = Zone.objects.filter(scope.q()).values_list("pk", flat=True)
    figures = _compute(
        scope, period, sections, by=BY_ZONE, plan_fields=plan_fields, restriction=restriction
    )
    return {zone_id: figures.get(zone_id) or Figures() for zone_id in zone_ids}


def figures_per_leader(
    scope: Scope, period: Period, sections: Collection[str] = (PLAN, INVESTMENT)
) -> dict[int, Figures]:
    """Leader id -> the figures of the leader's projects within ``scope`` (a scope of
    leaders, ``Scope.for_leaders``), for every leader of the scope (zeros without data).

    The same section queries as a zone's, grouped by leader: a project of two leaders
    counts in each portfolio. Targets belong to zones, not to leaders.
    """
    if TARGETS in sections:
        raise ValueError("targets belong to zones, not to a leader's portfolio")
    figures = _compute(scope, period, sections, by=BY_LEADER)
    return {leader_id: figures.get(leader_id) or Figures() for leader_id in scope.leader_ids}


def figures_per_region(
    zone_figures: Mapping[int, Figures], regions: QuerySet[Region] | None = None
) -> dict[int, Figures]:
    """Region id -> the sum of the figures of every zone below it (two queries).

    ``zone_figures`` must hold every zone below the regions asked for (all regions by default).
    """
    rows = list((regions if regions is not None else Region.objects.all()).values("pk", "path"))
    by_path = {region["path"]: region["pk"] for region in rows}
    totals = {region["pk"]: Figures() for region in rows}
    zone_paths = Zone.objects.filter(pk__in=list(zone_figures)).values_list("pk", "region__path")
    for zone_id, path in zone_paths:
        for region_path in path_lineage(path):
            region_id = by_path.get(region_path)
            if region_id is not None:
                totals[region_id] += zone_figures[zone_id]
    return totals


def _compute(
    scope: Scope,
    period: Period,
    sections: Collection[str],
    by: str | None,
    plan_fields: Collection[str] | None = None,
    restriction: Restriction = EVERY_PROJECT,
) -> dict[int | None, Figures]:
    """Key (zone or leader id, or None for the whole scope) -> Figures, one query per
    section; ``by`` is the path from the project to the key."""
    results: dict[int | None, Figures] = {}

    def merge(rows: Rows) -> None:
        for key, values in rows.items():
            if key not in results:
                results[key] = Figures()
            figures = results[key]
            for name, value in values.items():
                setattr(figures, name, value)

    if PLAN in sections:
        merge(_plan(scope, period, by, plan_fields, restriction))
    if INVESTMENT in sections:
        merge(_investment(scope, period, by, restriction))
    if MILESTONES in sections:
        merge(_milestones(scope, period, by))
    if MEDIAN in sections:
        merge(_median(scope, period, by))
    if TARGETS in sections:
        targets = Target.objects.filter(scope.q("zone"), year=period.year).order_by(
            "zone__code", "metric", "min_investment", "pk"
        )
        for progress in target_progress(targets, scope, period):
            key = progress.target.zone_id if by == BY_ZONE else None
            if key not in results:
                results[key] = Figures()
            results[key].targets.append(progress)
    return results


def _grouped(queryset: QuerySet[Any], by: str | None, aggregates: Mapping[str, Aggregate]) -> Rows:
    """Aggregate ``queryset`` (rows of a project) as a whole (key None) or per key at the
    path ``by`` from the project (zone id, leader id)."""
    queryset = queryset.order_by()
    if by is None:
        return {None: queryset.aggregate(**aggregates)}
    # The path reuses the join of the scope's filter: a leader's rows are those it selected.
    rows = queryset.values(group_key=F(f"project__{by}")).annotate(**aggregates)
    return {row.pop("group_key"): row for row in rows}


def _milestone(kind: str) -> FilteredRelation:
    """The project's milestone of ``kind``, joined to a plan entry (at most one row)."""
    return FilteredRelation("project__milestones", condition=Q(project__milestones__kind=kind))


def _plan(
    scope: Scope,
    period: Period,
    by: str | None,
    fields: Collection[str] | None = None,
    restriction: Restriction = EVERY_PROJECT,
) -> Rows:
    new = Q(plan_type=PlanType.NEW)
    continuing = Q(plan_type=PlanType.CONTINUING)
    completion_planned = Q(completion__planned_on__range=(period.start, period.year_end))
    completed_by_d = Q(completion__actual_on__lte=period.as_of)
    completed_in_year = Q(completion__actual_on__range=(period.start, period.end))
    aggregates: dict[str, Aggregate] = {
        "planned_new": Count("pk", filter=new),
        "started_new": Count("pk", filter=new & Q(groundbreaking__actual_on__lte=period.as_of)),
        "planned_continuing": Count("pk", filter=continuing),
        "resumed": Count("pk", filter=continuing & Q(resumed_on__lte=period.as_of)),
        "planned_completion": Count("pk", filter=completion_planned),
        "completed": Count("pk", filter=completion_planned & completed_by_d),
        # A completion the day after its planned date is late, even if still within Y.
        "completed_on_time": Count(
            "pk",
            filter=completion_planned
            & completed_by_d
            & Q(completion__actual_on__lte=F("completion__planned_on")),
        ),
        "completed_in_year": Count("pk", filter=completed_in_year),
        "in_production": Count(
            "pk", filter=completed_in_year & Q(production__actual_on__lte=period.as_of)
        ),
        "planned_investment": Sum("planned_investment"),
    }
    if fields is not None:
        aggregates = {name: aggregate for name, aggregate in aggregates.items() if name in fields}
    # A milestone is joined only if an aggregate reads it.
    entries = AnnualPlanEntry.objects.filter(
        scope.q("project__zone"), restriction.q("project"), year=period.year
    ).annotate(
        groundbreaking=_milestone(MilestoneKind.GROUNDBREAKING),
        completion=_milestone(MilestoneKind.COMPLETION),
        production=_milestone(MilestoneKind.PRODUCTION),
    )
    rows = _grouped(entries, by, aggregates)
    for values in rows.values():
        if "planned_investment" in values:
            values["planned_investment"] = decimal(values["planned_investment"])
    return rows


def _plan_reports(
    scope: Scope, period: Period, restriction: Restriction = EVERY_PROJECT
) -> QuerySet[InvestmentReport]:
    """Monthly reports of the projects on the year's plan, months 1 to D's."""
    return InvestmentReport.objects.filter(
        scope.q("project__zone"),
        restriction.q("project"),
        year=period.year,
        month__lte=period.last_month,
        project__plan_entries__year=period.year,
    )


def _investment(
    scope: Scope, period: Period, by: str | None, restriction: Restriction = EVERY_PROJECT
) -> Rows:
    """Monthly completed investment of the projects on the year's plan, months 1 to D's, in
    all and month by month (one scan: the months add up to the total by construction)."""
    by_month = {
        f"month_{month}": Sum("completed_investment", filter=Q(month=month))
        for month in range(1, period.last_month + 1)
    }
    rows = _grouped(
        _plan_reports(scope, period, restriction),
        by,
        # The months first: they read the column that the total's name then hides.
        {**by_month, "completed_investment": Sum("completed_investment")},
    )
    for values in rows.values():
        values["completed_investment"] = decimal(values["completed_investment"])
        values["completed_by_month"] = tuple(
            decimal(values.pop(f"month_{month}", None)) for month in range(1, 13)
        )
    return rows


def _milestones(scope: Scope, period: Period, by: str | None) -> Rows:
    """Signings (with size buckets), groundbreakings, completions, productions in the year."""
    signing = Q(kind=MilestoneKind.SIGNING)
    total = "project__total_investment"
    aggregates: dict[str, Aggregate] = {
        "signed_count": Count("pk", filter=signing),
        "signed_investment": Sum(total, filter=signing),
        "groundbreaking": Count("pk", filter=Q(kind=MilestoneKind.GROUNDBREAKING)),
        "completion": Count("pk", filter=Q(kind=MilestoneKind.COMPLETION)),
        "production": Count("pk", filter=Q(kind=MilestoneKind.PRODUCTION)),
    }
    for index, minimum in enumerate(THRESHOLDS):
        above = signing & Q(**{f"{total}__gte": minimum})
        aggregates[f"count_{index}"] = Count("pk", filter=above)
        aggregates[f"investment_{index}"] = Sum(total, filter=above)
    milestones = Milestone.objects.filter(
        scope.q("project__zone"), actual_on__range=(period.start, period.end)
    )
    rows = _grouped(milestones, by, aggregates)
    for values in rows.values():
        values["signed_investment"] = decimal(values["signed_investment"])
        values["signed_count_by_threshold"] = tuple(
            values.pop(f"count_{index}") for index in range(len(THRESHOLDS))
        )
        values["signed_investment_by_threshold"] = tuple(
            decimal(values.pop(f"investment_{index}")) for index in range(len(THRESHOLDS))
        )
    return rows


# The milestones whose days from signing are counted, and the figure that counts them.
LEAD_TIMES = {
    MilestoneKind.GROUNDBREAKING: "days_to_groundbreaking",
    MilestoneKind.PRODUCTION: "days_to_production",
}


def _median(scope: Scope, period: Period, by: str | None) -> Rows:
    """How many projects took how many days from signing to a groundbreaking in the year,
    and to a production in the year (one query for both)."""
    reached = (
        Milestone.objects.filter(
            scope.q("project__zone"),
            kind__in=list(LEAD_TIMES),
            actual_on__range=(period.start, period.end),
        )
        .annotate(
            signing=FilteredRelation(
                "project__milestones",
                condition=Q(project__milestones__kind=MilestoneKind.SIGNING),
            )
        )
        .filter(signing__actual_on__isnull=False)
        .order_by()
    )
    key = F(f"project__{by}") if by else Value(None, output_field=IntegerField())
    rows = (
        reached.annotate(days=DaysBetween("actual_on", "signing__actual_on"), group_key=key)
        .values("group_key", "kind", "days")
        .annotate(projects=Count("pk"))
        .values_list("group_key", "kind", "days", "projects")
    )
    result: Rows = {}
    for key, kind, days, projects in rows:
        if key not in result:
            result[key] = {name: Counter() for name in LEAD_TIMES.values()}
        result[key][LEAD_TIMES[kind]][days] = projects
    return result
