"""The stage funnel (negotiating → production) and the longest-overdue milestones."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from projects.choices import MILESTONE_ORDER, MilestoneKind, Stage
from projects.models import Milestone

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
