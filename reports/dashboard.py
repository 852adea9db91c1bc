"""What the leadership dashboards show (SPEC section 10), on top of ``reports.metrics``.

Every figure of section 6 comes from ``reports.metrics`` (the numbers /api/stats/ answers)
or from stored snapshots; this module only adds what a dashboard needs besides them, each
one grouped query whose count does not depend on the zones, parks or projects of a scope:

- the stage funnel: a scope's projects, and how many reached each milestone by D;
- monthly completed investment against the year's plan, with the year before;
- trends from the snapshots, month by month, with the same month of the year before;
- breakdown rows (sub-regions, zones, parks), each number linked to the projects behind it;
- overdue milestones, the red cells of the wall board (挂图作战).
"""

import calendar
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property, lru_cache
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, FilteredRelation, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import ExtractMonth
from django.urls import reverse
from django.utils import translation
from django.utils.dates import MONTHS_3
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from investment.choices import PlanType, TargetMetric
from parks.access import READ
from parks.models import Park, Region, Zone
from projects.choices import MILESTONE_ORDER, MilestoneKind, Stage, Status
from projects.models import Milestone, Project

from .choices import ScopeType, TargetStatus
from .metrics import (
    Figures,
    completed_investment_by_month,
    figures_for,
    figures_per_region,
    figures_per_zone,
)
from .models import Snapshot
from .numbers import ZERO, decimal, rate
from .period import Period
from .ranking import RANKED_METRICS, rank_values
from .templatetags.dashboard import figure

ONE_YI = Decimal("10000")  # 1亿 in 万元
TEN_YI = Decimal("100000")
COUNT_METRICS = {
    TargetMetric.SIGNED_COUNT,
    TargetMetric.STARTED_COUNT,
    TargetMetric.COMPLETED_COUNT,
    TargetMetric.PRODUCTION_COUNT,
}
# The figures a trend can follow, as (section of the snapshot's JSON, name, is money).
TREND_METRICS = {
    "start_or_resume_rate": ("plan", _("Start-or-resume rate"), False),
    "start_rate": ("plan", _("Start rate"), False),
    "investment_completion_rate": ("plan", _("Investment completion rate"), False),
    "completed_investment": ("plan", _("Completed investment"), True),
    "signed_count": ("signing", _("Projects signed"), False),
    "signed_investment": ("signing", _("Investment signed"), True),
}


def money_units() -> dict:
    """How charts scale sums given in 万元: to 亿元 (÷10000) in Chinese, to millions (÷100) in
    English; below one unit they stay in 万元.
    """
    if translation.get_language().startswith("zh"):
        return {"divisor": 10000, "large": str(_("100M CNY")), "small": str(_("10k CNY"))}
    return {"divisor": 100, "large": str(_("million CNY")), "small": str(_("10k CNY"))}


def time_progress(period: Period) -> float:
    """The share of the year gone by D (时间进度): 0 before the year, 1 after it.

    Targets without quarterly values expect exactly this share of the annual value.
    """
    if not period.begun:
        return 0.0
    days = 366 if calendar.isleap(period.year) else 365
    return round(period.end.timetuple().tm_yday / days, 4)


def percent_of(part, whole) -> str | None:
    """``part / whole`` as a percentage with one decimal, capped to 0–100 (for bar widths)."""
    share = rate(part, whole) if part is not None else None
    if share is None:
        return None
    return f"{max(0.0, min(share, 1.0)) * 100:.1f}"


def overdue_q(as_of: date, to_milestone: str = "") -> Q:
    """Milestones planned before D and not reached by D, of projects not cancelled.

    On today's date this is ``Milestone.objects.overdue(today)`` (no actual date lies in the
    future); on an earlier D a milestone reached after D was still overdue on D.
    """
    prefix = f"{to_milestone}__" if to_milestone else ""
    return (
        Q(**{f"{prefix}planned_on__lt": as_of})
        & (Q(**{f"{prefix}actual_on__isnull": True}) | Q(**{f"{prefix}actual_on__gt": as_of}))
        & ~Q(**{f"{prefix}project__status": Status.CANCELLED})
    )


# -- links to the projects behind a number ---------------------------------------------------


class ProjectLinks:
    """URLs of the officials' project list (/projects/) filtered to the projects behind a
    figure of ``period``, within a zone, a park, a region or everything the user reads.
    """

    def __init__(self, period: Period, **place):
        self.period = period
        self.place = {name: value for name, value in place.items() if value is not None}
        self.base = reverse("projects:list")

    @classmethod
    def for_scope(cls, scope, period):
        if scope.type == ScopeType.ZONE:
            return cls(period, zone=scope.id)
        if scope.type == ScopeType.REGION:
            return cls(period, region=scope.id)
        return cls(period)

    def url(self, **params) -> str:
        query = {**self.place, **{k: v for k, v in params.items() if v is not None}}
        return f"{self.base}?{urlencode(query)}" if query else self.base

    @property
    def year_start(self):
        return self.period.start.isoformat()

    @property
    def year_end(self):
        return self.period.year_end.isoformat()

    @property
    def end(self):
        return self.period.end.isoformat()

    def all(self):
        return self.url()

    def signed(self, minimum=None):
        return self.url(
            signed_from=self.year_start, signed_to=self.end, min_investment=minimum and int(minimum)
        )

    def plan(self, plan_type=None, **params):
        return self.url(plan_year=self.period.year, plan_type=plan_type, **params)

    def started_new(self):
        return self.plan(
            PlanType.NEW, milestone=MilestoneKind.GROUNDBREAKING, reached_to=self.period.as_of
        )

    def resumed(self):
        return self.plan(PlanType.CONTINUING, resumed_to=self.period.as_of)

    def planned_completion(self, done=False):
        return self.plan(
            milestone=MilestoneKind.COMPLETION,
            due_from=self.year_start,
            due_to=self.year_end,
            reached_to=self.period.as_of if done else None,
        )

    def reached(self, kind):
        """Projects whose milestone of ``kind`` was reached by D (at any time)."""
        return self.url(milestone=kind, reached_to=self.period.as_of)

    def in_year(self, kind):
        """Projects whose milestone of ``kind`` was reached in the year (up to D)."""
        return self.url(milestone=kind, reached_from=self.year_start, reached_to=self.end)

    def stage(self, stage):
        return self.url(stage=stage)

    # For templates, which call methods without arguments.
    @property
    def reached_signing(self):
        return self.reached(MilestoneKind.SIGNING)

    @property
    def reached_groundbreaking(self):
        return self.reached(MilestoneKind.GROUNDBREAKING)

    @property
    def reached_completion(self):
        return self.reached(MilestoneKind.COMPLETION)

    @property
    def reached_production(self):
        return self.reached(MilestoneKind.PRODUCTION)


# -- KPI tiles -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tile:
    """One KPI tile: a figure of /api/stats/ (``metric`` is its name there) and its parts."""

    metric: str
    label: str
    value: object  # as /api/stats/ gives it: int, float rate, or money string
    kind: str  # "count", "rate" or "money"
    url: str | None = None
    parts: tuple = ()  # (label, value, kind, url) shown under the figure
    marker: str | None = None  # time progress (percent) drawn on a rate's bar

    @property
    def raw(self) -> str:
        return "" if self.value is None else str(self.value)

    @cached_property
    def texts(self) -> dict:
        """The tile's numbers as shown (formatted here, once, rather than by filters)."""
        return {
            "value": figure(self.value, self.kind),
            "rate": figure(self.value, "rate") if self.kind == "rate" else None,
            "parts": [(label, figure(value, kind), url) for label, value, kind, url in self.parts],
        }

    @cached_property
    def bar(self) -> str | None:
        return percent_of(self.value, 1) if self.kind == "rate" else None

    @property
    def behind(self) -> bool:
        """A rate below the time progress drawn on its bar (时间过半任务未过半)."""
        if self.marker is None or self.value is None:
            return False
        return self.value * 100 < float(self.marker)


def tiles(figures: Figures, links: ProjectLinks, period: Period) -> list[Tile]:
    data = figures.as_dict()
    plan, signing = data["plan"], data["signing"]
    by_min = {Decimal(row["min_investment"]): row for row in signing["by_threshold"]}
    progress = f"{time_progress(period) * 100:.1f}"

    def threshold(minimum, metric, label):
        row = by_min[minimum]
        return Tile(
            metric,
            label,
            row["count"],
            "count",
            links.signed(minimum),
            ((_("Total investment"), row["investment"], "money", None),),
        )

    return [
        Tile(
            "signed_count",
            _("Projects signed"),
            signing["signed_count"],
            "count",
            links.signed(),
            ((_("Total investment"), signing["signed_investment"], "money", links.signed()),),
        ),
        threshold(ONE_YI, "signed_count_1yi", _("Signed projects ≥ 100 million CNY")),
        threshold(TEN_YI, "signed_count_10yi", _("Signed projects ≥ 1 billion CNY")),
        Tile(
            "start_rate",
            _("Start rate"),
            plan["start_rate"],
            "rate",
            links.plan(PlanType.NEW),
            (
                (_("started"), plan["started_new"], "count", links.started_new()),
                (_("planned new starts"), plan["planned_new"], "count", links.plan(PlanType.NEW)),
            ),
        ),
        Tile(
            "start_or_resume_rate",
            _("Start-or-resume rate"),
            plan["start_or_resume_rate"],
            "rate",
            links.plan(),
            (
                (_("resumed"), plan["resumed"], "count", links.resumed()),
                (
                    _("continuing"),
                    plan["planned_continuing"],
                    "count",
                    links.plan(PlanType.CONTINUING),
                ),
            ),
        ),
        Tile(
            "investment_completion_rate",
            _("Investment completion rate"),
            plan["investment_completion_rate"],
            "rate",
            links.plan(),
            (
                (_("done"), plan["completed_investment"], "money", links.plan()),
                (_("planned"), plan["planned_investment"], "money", links.plan()),
            ),
            marker=progress,
        ),
        Tile(
            "completion_rate",
            _("Completion rate"),
            plan["completion_rate"],
            "rate",
            links.planned_completion(),
            (
                (_("completed"), plan["completed"], "count", links.planned_completion(True)),
                (
                    _("planned completions"),
                    plan["planned_completion"],
                    "count",
                    links.planned_completion(),
                ),
            ),
        ),
    ]


# -- targets against time --------------------------------------------------------------------


@dataclass
class TargetRow:
    """A target (or, for a region, the targets of its zones on one metric and minimum added
    up) with its progress and what time asks for by D.
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

    @property
    def label(self):
        return TargetMetric(self.metric).label

    @property
    def is_count(self) -> bool:
        return self.metric in COUNT_METRICS

    @property
    def kind(self) -> str:
        return "count" if self.is_count else "money"

    @cached_property
    def texts(self) -> dict:
        """The row's numbers as shown (formatted here, once, rather than by filters)."""
        kind = self.kind
        return {
            "annual": figure(self.annual_value, kind),
            "actual": figure(self.actual, kind),
            "expected": figure(self.expected, kind),
            "progress": figure(self.progress, "rate"),
            # Dicts, not tuples: a template reads ``cell.actual`` in one lookup, where
            # ``cell.0`` fails as a key and as an attribute before it is tried as an index.
            "quarters": [
                None
                if quarter is None
                else {
                    "actual": figure(quarter["actual"], kind),
                    "target": figure(quarter["target"], kind),
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


def target_rows(figures: Figures, zones=None) -> list[TargetRow]:
    """Each target of a zone; with ``zones`` (id -> name), the targets added up per metric and
    minimum, counting how many zones are done, ahead and behind.
    """
    rows = {}
    for progress in figures.targets:
        data = progress.as_dict()
        target = progress.target
        if zones is None:
            rows[target.pk] = TargetRow(
                target.metric,
                target.min_investment,
                decimal(target.annual_value),
                decimal(data["actual"]),
                decimal(data["expected"]),
                status=data["status"],
                quarters=_quarters(data["quarters"]),
            )
            continue
        key = (target.metric, target.min_investment)
        row = rows.setdefault(key, TargetRow(target.metric, target.min_investment))
        row.annual_value += decimal(target.annual_value)
        row.actual += decimal(data["actual"])
        row.expected += decimal(data["expected"])
        row.statuses[data["status"]] += 1
    order = list(TargetMetric.values)
    return sorted(rows.values(), key=lambda row: (order.index(row.metric), row.min_investment))


def status_counts(counter: Counter) -> list:
    """(status, label, how many) in the order done, ahead, behind, without zeros."""
    return [(status, status.label, counter[status]) for status in TargetStatus if counter[status]]


def _quarters(quarters) -> list:
    """Four cells, one per quarter: its cumulative target and actual, None if not begun."""
    cells = [{"target": decimal(q["target"]), "actual": decimal(q["actual"])} for q in quarters]
    return cells + [None] * (4 - len(cells))


def zone_target_summary(figures: Figures) -> Counter:
    return Counter(progress.status for progress in figures.targets)


# -- the stage funnel ------------------------------------------------------------------------

FUNNEL_STEPS = ("projects", *MILESTONE_ORDER)
FUNNEL_LABELS = {
    "projects": _("All projects"),
    MilestoneKind.SIGNING: Stage.SIGNED.label,
    MilestoneKind.GROUNDBREAKING: _("Started"),
    MilestoneKind.COMPLETION: Stage.COMPLETED.label,
    MilestoneKind.PRODUCTION: Stage.IN_PRODUCTION.label,
}


def funnel(scope, period: Period, by: str, with_plan=False) -> dict:
    """Key (``by``: "zone" or "park" id) -> Counter of the projects, those still negotiating
    on D, those that reached each milestone by D, and the milestones overdue on D; with
    ``with_plan``, also the year's plan entries and their planned investment (万元).

    Two grouped queries: one over projects, one over milestones.
    """
    reached_any = Milestone.objects.filter(
        project=OuterRef("pk"), actual_on__lte=period.as_of
    ).order_by()
    aggregates = {
        "projects": Count("pk"),
        "negotiating": Count("pk", filter=~Exists(reached_any)),
    }
    projects = Project.objects.filter(scope.q("zone")).order_by()
    if with_plan:
        # At most one plan entry per project and year: the join does not repeat projects.
        projects = projects.annotate(
            plan=FilteredRelation("plan_entries", condition=Q(plan_entries__year=period.year))
        )
        aggregates["plan_entries"] = Count("plan__pk")
        aggregates["planned_investment"] = Sum("plan__planned_investment")
    result = {}
    for row in projects.values(key=F(f"{by}_id")).annotate(**aggregates):
        key = row.pop("key")
        if with_plan:
            row["planned_investment"] = decimal(row["planned_investment"])
        result[key] = Counter(row)
    reached = Q(actual_on__lte=period.as_of)
    overdue = overdue_q(period.as_of)
    milestones = (
        Milestone.objects.filter(reached | overdue, scope.q("project__zone"))
        .order_by()
        .values("kind", key=F(f"project__{by}_id"))
        .annotate(reached=Count("pk", filter=reached), overdue=Count("pk", filter=overdue))
    )
    for row in milestones:
        counts = result.setdefault(row["key"], Counter())
        counts[row["kind"]] += row["reached"]
        counts["overdue"] += row["overdue"]
    return result


@dataclass(frozen=True)
class FunnelStep:
    step: str
    label: str
    projects: int
    share: str | None
    url: str | None


def funnel_steps(counts: Counter, links: ProjectLinks) -> list[FunnelStep]:
    """The funnel, top (all projects) to bottom (in production), with links."""
    total = counts["projects"]
    steps = []
    for step in FUNNEL_STEPS:
        url = links.all() if step == "projects" else links.reached(step)
        share = percent_of(counts[step], total)
        steps.append(FunnelStep(step, FUNNEL_LABELS[step], counts[step], share, url))
    return steps


def negotiating_url(links: ProjectLinks, today: date) -> str | None:
    """The stored stage is the stage on today's date, so it filters only a current view."""
    return links.stage(Stage.NEGOTIATING) if links.period.as_of >= today else None


def add_counters(counters) -> Counter:
    total = Counter()
    for counter in counters:
        total.update(counter)
    return total


# -- overdue milestones ----------------------------------------------------------------------


def lagging_milestones(scope, period: Period, limit=10):
    """The longest-overdue milestones on D, with their projects (one query): only the columns
    the dashboard lists, not every field of a project.
    """
    return list(
        Milestone.objects.filter(scope.q("project__zone"), overdue_q(period.as_of))
        .select_related("project__park")
        .only(
            "project_id",
            "kind",
            "planned_on",
            "project__name",
            "project__code",
            "project__leader",
            "project__park__name",
        )
        .order_by("planned_on", "project__code", "kind")[:limit]
    )


# -- monthly investment against the plan -----------------------------------------------------


@dataclass(frozen=True)
class MonthRow:
    month: int
    label: str
    completed: Decimal | None  # None for months after D
    cumulative: Decimal | None
    plan_cumulative: Decimal
    last_year_cumulative: Decimal | None  # None without a snapshot of that month


def month_label(month: int) -> str:
    return _month_labels(translation.get_language())[month - 1]


@lru_cache
def _month_labels(language: str) -> tuple:
    """The short month names of a language, translated once (a page shows them 24 times)."""
    with translation.override(language):
        return tuple(str(capfirst(MONTHS_3[month])) for month in range(1, 13))


def monthly_investment(scope, period: Period, planned_investment: Decimal, trend_rows=None):
    """Completed investment month by month against the plan spread evenly over the year
    (时间过半任务过半), one query; and, from the snapshots of the year before (``trend``'s
    rows), what was done by the same month then.
    """
    this_year = completed_investment_by_month(scope, period)
    rows, cumulative = [], ZERO
    for month in range(1, 13):
        counted = month <= period.last_month
        done = this_year.get(month, ZERO) if counted else None
        if counted:
            cumulative += done
        plan = (planned_investment * month / 12).quantize(Decimal("0.01"), ROUND_HALF_UP)
        last = trend_rows[month - 1].last_values["completed_investment"] if trend_rows else None
        rows.append(
            MonthRow(month, month_label(month), done, cumulative if counted else None, plan, last)
        )
    return rows


def monthly_chart(rows: list[MonthRow]) -> dict:
    def number(value):
        return None if value is None else float(value)

    return {
        "labels": [row.label for row in rows],
        "names": {
            "completed": str(_("Completed in the month")),
            "cumulative": str(_("Completed, cumulative")),
            "plan": str(_("Plan by time, cumulative")),
            "last_year": str(_("Same month last year, cumulative")),
        },
        "completed": [number(row.completed) for row in rows],
        "cumulative": [number(row.cumulative) for row in rows],
        "plan": [number(row.plan_cumulative) for row in rows],
        "last_year": [number(row.last_year_cumulative) for row in rows],
    }


# -- trends from the snapshots ---------------------------------------------------------------


@dataclass(frozen=True)
class TrendRow:
    month: int
    label: str
    date: date | None
    values: dict  # metric -> value this year
    last_date: date | None
    last_values: dict  # metric -> value the same month last year


def snapshot_value(figures: dict | None, metric: str):
    if not figures:
        return None
    section, _label, is_money = TREND_METRICS[metric]
    value = figures[section][metric]
    return decimal(value) if is_money else value


def trend(scope, period: Period) -> list[TrendRow] | None:
    """Per month: the figures of the scope's last snapshot in that month (up to D), and of
    its last snapshot in the same month a year before. None for a scope without snapshots of
    its own (everything a user reads). One query.
    """
    if scope.type == ScopeType.ALL:
        return None
    snapshots = Snapshot.objects.filter(
        scope_key=Snapshot.key_for(scope.type, scope.id),
        year__in=(period.year - 1, period.year),
        date__lte=period.as_of,
    ).order_by()
    last_of_month = (
        snapshots.annotate(month=ExtractMonth("date"))
        .values("year", "month")
        .annotate(last=Max("date"))
        .values("last")
    )
    by_month = {}
    rows = snapshots.filter(date__in=Subquery(last_of_month)).values_list("year", "date", "figures")
    for year, day, figures in rows:
        by_month[(year, day.month)] = (day, figures)
    result = []
    for month in range(1, 13):
        day, figures = by_month.get((period.year, month), (None, None))
        last_day, last_figures = by_month.get((period.year - 1, month), (None, None))
        result.append(
            TrendRow(
                month,
                month_label(month),
                day,
                {metric: snapshot_value(figures, metric) for metric in TREND_METRICS},
                last_day,
                {metric: snapshot_value(last_figures, metric) for metric in TREND_METRICS},
            )
        )
    return result


def trend_chart(rows: list[TrendRow], period: Period) -> dict:
    def number(value):
        return None if value is None else float(value)

    return {
        "labels": [row.label for row in rows],
        "years": [str(period.year), str(period.year - 1)],
        "metrics": {
            metric: {
                "label": str(label),
                "rate": not is_money and metric.endswith("rate"),
                "money": is_money,
                "this": [number(row.values[metric]) for row in rows],
                "last": [number(row.last_values[metric]) for row in rows],
            }
            for metric, (_section, label, is_money) in TREND_METRICS.items()
        },
    }


# -- breakdown rows: sub-regions, zones, parks -----------------------------------------------


@dataclass
class Row:
    """One line of a breakdown table, every number linked to the projects behind it."""

    kind: str  # "region", "zone" or "park"
    pk: int | None
    name: str
    code: str = ""
    parent: str = ""
    figures: Figures | None = None
    funnel: Counter = field(default_factory=Counter)
    targets: Counter = field(default_factory=Counter)
    links: ProjectLinks | None = None
    dashboard_url: str | None = None
    wallboard_url: str | None = None

    @property
    def overdue(self) -> int:
        return self.funnel["overdue"]

    @property
    def plan_entries(self) -> int:
        return self.funnel["plan_entries"]

    @property
    def planned_investment(self) -> Decimal:
        return decimal(self.funnel["planned_investment"])

    @property
    def behind_time(self) -> bool:
        """Investment completion below the time progress (时间过半任务未过半)."""
        share = self.figures.investment_completion_rate if self.figures else None
        return share is not None and share < time_progress(self.links.period)

    @property
    def target_counts(self):
        return status_counts(self.targets)


def zones_of(scope):
    """The scope's zones in code order, with their region (one query)."""
    return list(
        Zone.objects.filter(scope.q())
        .order_by("code")
        .values("pk", "code", "name", "region_id", "region__name", "region__path")
    )


def top_regions(scope, access):
    """The regions a breakdown of ``scope`` starts from: a region's children; for everything a
    user reads, the highest regions it reads as a whole (the roots for an administrator).
    """
    if scope.type == ScopeType.REGION:
        return Region.objects.filter(parent_id=scope.id).order_by("code")
    if access.is_admin:
        return Region.objects.filter(parent__isnull=True).order_by("code")
    paths = sorted(access.region_paths.get(READ, ()))
    highest = [p for p in paths if not any(p != o and p.startswith(o) for o in paths)]
    return Region.objects.filter(path__in=highest).order_by("code")


def region_rows(scope, period, access, zones, zone_figures, zone_funnel):
    """The sub-regions of a region (or the top regions of everything), added up from their
    zones: figures through ``figures_per_region`` (two queries), the rest here.
    """
    regions = list(top_regions(scope, access).values("pk", "code", "name", "path"))
    if not regions:
        return []
    totals = figures_per_region(
        zone_figures, Region.objects.filter(pk__in=[r["pk"] for r in regions])
    )
    rows = []
    for region in regions:
        below = [zone for zone in zones if zone["region__path"].startswith(region["path"])]
        rows.append(
            Row(
                "region",
                region["pk"],
                region["name"],
                region["code"],
                figures=totals[region["pk"]],
                funnel=add_counters(zone_funnel.get(zone["pk"], Counter()) for zone in below),
                targets=add_counters(
                    zone_target_summary(zone_figures[zone["pk"]]) for zone in below
                ),
                links=ProjectLinks(period, region=region["pk"]),
                dashboard_url=reverse("reports:region", args=[region["pk"]]),
            )
        )
    return rows


def zone_rows(period, zones, zone_figures, zone_funnel):
    return [
        Row(
            "zone",
            zone["pk"],
            zone["name"],
            zone["code"],
            parent=zone["region__name"],
            figures=zone_figures[zone["pk"]],
            funnel=zone_funnel.get(zone["pk"], Counter()),
            targets=zone_target_summary(zone_figures[zone["pk"]]),
            links=ProjectLinks(period, zone=zone["pk"]),
            dashboard_url=reverse("reports:zone", args=[zone["pk"]]),
            wallboard_url=reverse("reports:wallboard", args=[zone["pk"]]),
        )
        for zone in zones
    ]


def park_rows(scope, period):
    """The zone's parks (and its projects outside any park): projects, funnel, key projects
    of the year and their planned investment, overdue milestones. Three queries.
    """
    parks = list(Park.objects.filter(zone_id=scope.id).order_by("name").values("pk", "name"))
    park_funnel = funnel(scope, period, "park", with_plan=True)
    wallboard = reverse("reports:wallboard", args=[scope.id])
    rows = []
    for park in [*parks, {"pk": None, "name": _("Outside any park")}]:
        counts = park_funnel.get(park["pk"], Counter())
        if park["pk"] is None and not counts["projects"]:
            continue
        inside = park["pk"] is not None
        rows.append(
            Row(
                "park",
                park["pk"],
                park["name"],
                funnel=counts,
                links=ProjectLinks(period, zone=scope.id, park=park["pk"]) if inside else None,
                wallboard_url=f"{wallboard}?park={park['pk']}" if inside else wallboard,
            )
        )
    return rows


def breakdown_chart(rows: list[Row]) -> dict:
    """The rows' rates side by side (a region's zones or sub-regions)."""

    def percent(value):
        return None if value is None else round(value * 100, 2)

    return {
        "names": [row.name for row in rows],
        "series": {
            "start_or_resume_rate": str(_("Start-or-resume rate")),
            "investment_completion_rate": str(_("Investment completion rate")),
        },
        "start_or_resume_rate": [percent(row.figures.start_or_resume_rate) for row in rows],
        "investment_completion_rate": [
            percent(row.figures.investment_completion_rate) for row in rows
        ],
    }


# -- the dashboards --------------------------------------------------------------------------

# Zones drawn one bar each up to this many; beyond, the chart draws the sub-regions.
CHART_ZONES = 40
# Zones listed one row each up to this many when the scope has sub-regions to open instead
# (a province lists its 65 zones; the whole country lists its provinces).
TABLE_ZONES = 200


@dataclass
class Dashboard:
    """Everything a region or zone dashboard shows for one scope and period."""

    scope: object
    period: Period
    figures: Figures
    links: ProjectLinks
    tiles: list
    targets: list
    funnel: list
    negotiating: int
    negotiating_url: str | None
    months: list
    trend: list | None
    regions: list = field(default_factory=list)
    zones: list = field(default_factory=list)
    parks: list = field(default_factory=list)
    lagging: list = field(default_factory=list)
    overdue: int = 0  # milestones overdue on D
    zone_count: int = 0

    @property
    def time_progress(self) -> str:
        return f"{time_progress(self.period) * 100:.1f}"

    @property
    def charts_regions(self) -> bool:
        """Whether the side-by-side chart draws the sub-regions (too many zones for bars)."""
        return bool(self.regions) and self.zone_count > CHART_ZONES

    @property
    def trend_columns(self):
        """(metric, label, kind) of the figures a trend follows."""
        return [
            (metric, label, "money" if is_money else ("rate" if "rate" in metric else "count"))
            for metric, (_section, label, is_money) in TREND_METRICS.items()
        ]

    @property
    def quarter_labels(self):
        return [_("Q{quarter}").format(quarter=quarter) for quarter in range(1, 5)]

    @property
    def trend_table(self):
        """The trend's numbers as shown: (month, [(this year, last year), ...]) per row,
        formatted here because a table of 144 filtered cells is slow to render.
        """
        columns = self.trend_columns
        return [
            (
                row.label,
                [
                    (figure(row.values[metric], kind), figure(row.last_values[metric], kind))
                    for metric, _label, kind in columns
                ],
            )
            for row in self.trend or ()
        ]

    @property
    def has_trend(self) -> bool:
        return bool(self.trend) and any(row.date or row.last_date for row in self.trend)

    @property
    def stats(self) -> dict:
        """The figures as /api/stats/ answers them for the same scope and date."""
        return {
            "scope": self.scope.as_dict(),
            "year": self.period.year,
            "as_of": self.period.as_of.isoformat(),
            **self.figures.as_dict(),
        }

    def charts(self) -> dict:
        data = {
            "funnel": {
                "names": [str(step.label) for step in self.funnel],
                "values": [step.projects for step in self.funnel],
            },
            "monthly": monthly_chart(self.months),
            "time_progress": round(time_progress(self.period) * 100, 1),
            "units": money_units(),
        }
        if self.trend is not None:
            data["trend"] = trend_chart(self.trend, self.period)
        if self.zones:
            rows = (
                self.zones if len(self.zones) <= CHART_ZONES or not self.regions else self.regions
            )
            data["breakdown"] = breakdown_chart(rows)
        return data


def _common(scope, period, figures, today, funnel_counts):
    links = ProjectLinks.for_scope(scope, period)
    trend_rows = trend(scope, period)
    return {
        "scope": scope,
        "period": period,
        "figures": figures,
        "links": links,
        "tiles": tiles(figures, links, period),
        "funnel": funnel_steps(funnel_counts, links),
        "negotiating": funnel_counts["negotiating"],
        "overdue": funnel_counts["overdue"],
        "negotiating_url": negotiating_url(links, today),
        "months": monthly_investment(scope, period, figures.planned_investment, trend_rows),
        "trend": trend_rows,
    }


def region_dashboard(scope, period: Period, access, today: date) -> Dashboard:
    """A region (or everything a user reads): its figures added up from its zones, which are
    computed once, grouped by zone, and shown side by side.
    """
    zones = zones_of(scope)
    zone_figures = figures_per_zone(scope, period, zone_ids=[zone["pk"] for zone in zones])
    # The zones in code order add up to figures_for(scope), targets in the same order.
    figures = sum((zone_figures[zone["pk"]] for zone in zones), Figures())
    zone_funnel = funnel(scope, period, "zone")
    regions = region_rows(scope, period, access, zones, zone_figures, zone_funnel)
    listed = zones if len(zones) <= TABLE_ZONES or not regions else []
    return Dashboard(
        **_common(scope, period, figures, today, add_counters(zone_funnel.values())),
        targets=target_rows(figures, zones={zone["pk"]: zone["name"] for zone in zones}),
        regions=regions,
        zones=zone_rows(period, listed, zone_figures, zone_funnel),
        zone_count=len(zones),
    )


def zone_dashboard(scope, period: Period, today: date) -> Dashboard:
    """One zone: its figures, targets quarter by quarter, parks and lagging milestones."""
    figures = figures_for(scope, period)
    parks = park_rows(scope, period)
    return Dashboard(
        **_common(scope, period, figures, today, add_counters(row.funnel for row in parks)),
        targets=target_rows(figures),
        parks=parks,
        lagging=lagging_milestones(scope, period),
    )


# -- the ranking (比学赶超) and its change since a snapshot ---------------------------------


def metric_kind(metric: str) -> str:
    """How a ranked figure is shown: money, rate, days or count."""
    if RANKED_METRICS[metric].money:
        return "money"
    if metric.endswith("_rate"):
        return "rate"
    if metric.startswith("median_days"):
        return "days"
    return "count"


def figure_of(figures: dict, metric: str):
    """A figure by its name from the JSON of /api/stats/ (as a snapshot stores it)."""
    for section in ("plan", "signing", "milestones"):
        if metric in figures.get(section, {}):
            return figures[section][metric]
    return None


def snapshot_ranking(scope, period: Period, metric: str, since: date | None = None):
    """The zones of ``scope`` ranked on ``metric`` as the last snapshot of year Y before D
    (or on or before ``since``) stored them: (its date, zone id -> ranked row). Two queries.
    """
    snapshots = Snapshot.objects.filter(scope.q("zone"), zone__isnull=False, year=period.year)
    cutoff = since or period.as_of - timedelta(days=1)
    day = snapshots.filter(date__lte=cutoff).aggregate(last=Max("date"))["last"]
    if day is None:
        return None, {}
    rows = (
        snapshots.filter(date=day)
        .order_by("zone__code")
        .values_list("zone_id", "zone__code", "zone__name", "figures")
    )
    values = [
        (figure_of(figures, metric), {"pk": pk, "code": code, "name": name})
        for pk, code, name, figures in rows
    ]
    return day, {row["zone"]: row for row in rank_values(metric, values)}


@dataclass(frozen=True)
class RankLine:
    """A zone's rank and value now, and their change since the snapshot compared with."""

    rank: int | None
    zone: int
    code: str
    name: str
    value: object
    previous_rank: int | None
    previous_value: object
    kind: str

    @classmethod
    def of(cls, row: dict, previous: dict | None, metric: str):
        previous = previous or {}
        return cls(
            row["rank"],
            row["zone"],
            row["code"],
            row["name"],
            row["value"],
            previous.get("rank"),
            previous.get("value"),
            metric_kind(metric),
        )

    @property
    def raw(self) -> str:
        return "" if self.value is None else str(self.value)

    @property
    def moved(self) -> int | None:
        """Places gained (positive) or lost since the snapshot."""
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank

    @property
    def change(self):
        """The value's change: money and counts as such, rates in percentage points."""
        if self.value is None or self.previous_value is None:
            return None
        if self.kind == "money":
            return decimal(self.value) - decimal(self.previous_value)
        if self.kind == "rate":
            return round((self.value - self.previous_value) * 100, 2)
        return round(self.value - self.previous_value, 2)


def ranking_chart(lines: list[RankLine], metric: str) -> dict:
    kind = metric_kind(metric)

    def number(value):
        if value is None:
            return None
        return round(float(value) * 100, 2) if kind == "rate" else float(value)

    return {
        "names": [line.name for line in lines],
        "values": [number(line.value) for line in lines],
        "previous": [number(line.previous_value) for line in lines],
        "label": str(RANKED_METRICS[metric].label),
        "previous_label": str(_("At the snapshot compared with")),
        "percent": kind == "rate",
    }
