"""Projects by how far they got on D: the counts of the stage funnel (negotiating →
production) and the milestones overdue, per zone or per park."""

from collections import Counter
from typing import Any

from django.db.models import Aggregate, Count, Exists, F, FilteredRelation, OuterRef, Q, Sum

from projects.models import Milestone, MilestoneQuerySet, Project

from .numbers import decimal
from .period import Period
from .scopes import Scope


def funnel(
    scope: Scope, period: Period, by: str, with_plan: bool = False
) -> dict[Any, Counter[str]]:
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
