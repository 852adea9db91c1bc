"""The stage funnel (negotiating → production) and the longest-overdue milestones."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Aggregate, Count, Exists, F, FilteredRelation, OuterRef, Q, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from projects.choices import MILESTONE_ORDER, MilestoneKind, Stage
from projects.models import Milestone, MilestoneQuerySet, Project

from ..figures.numbers import decimal
from ..figures.period import Period
from .common import percent_of
from .links import ProjectLinks

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
    aggregates: dict[str, Aggregate] = {
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
    overdue = MilestoneQuerySet.overdue_condition(period.as_of)
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
    label: str | Promise
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
    total: Counter = Counter()
    for counter in counters:
        total.update(counter)
    return total


# -- overdue milestones ----------------------------------------------------------------------


def lagging_milestones(scope, period: Period, limit=10):
    """The longest-overdue milestones on D, with their projects (one query): only the columns
    the dashboard lists, not every field of a project.
    """
    return list(
        Milestone.objects.overdue(period.as_of)
        .filter(scope.q("project__zone"))
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
