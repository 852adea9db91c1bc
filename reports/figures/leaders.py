"""Leaders' portfolios (领导包保) side by side: for each leader, the figures of the projects it
answers for that a user reads.

A portfolio's figures are those of a zone, restricted to the leader's projects: the start
rate and the investment completion of SPEC section 6 (``figures_per_leader``), the blockers
open and overdue and the progress updates due and missing of section 13
(``blocker_counts``, ``update_counts``). "My projects" and a leader's page show the same
portfolio for one leader; the comparison page and ``/api/stats/leaders/`` show it for every
leader the user sees. A fixed number of queries, however many leaders and projects.
"""

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from parks.access import READ, access_for
from projects.models import Leader

from .metrics import BY_LEADER, INVESTMENT, PLAN, Figures, figures_per_leader
from .numbers import money
from .period import Period
from .scopes import Scope
from .supervision import UpdateCounts, blocker_counts, update_counts


@dataclass
class Portfolio:
    """One leader's portfolio as a user reads it."""

    leader: Leader
    projects: int = 0
    figures: Figures = field(default_factory=Figures)
    blockers_open: int = 0
    blockers_overdue: int = 0
    updates: UpdateCounts = field(default_factory=UpdateCounts)

    @property
    def start_rate(self) -> float | None:
        return self.figures.start_rate

    @property
    def investment_completion_rate(self) -> float | None:
        return self.figures.investment_completion_rate

    @property
    def planned_investment(self) -> Decimal:
        return self.figures.planned_investment

    @property
    def completed_investment(self) -> Decimal:
        return self.figures.completed_investment

    @property
    def updates_due(self) -> int:
        return self.updates.due

    @property
    def updates_missing(self) -> int:
        return self.updates.missing

    def as_dict(self) -> dict[str, Any]:
        leader = self.leader
        return {
            "leader": leader.pk,
            "name": leader.name,
            "title": leader.title,
            "level": leader.level,
            "region": leader.region_id,
            "region_name": leader.region.name,
            "projects": self.projects,
            "planned_new": self.figures.planned_new,
            "started_new": self.figures.started_new,
            "start_rate": self.start_rate,
            "planned_investment": money(self.planned_investment),
            "completed_investment": money(self.completed_investment),
            "investment_completion_rate": self.investment_completion_rate,
            "blockers_open": self.blockers_open,
            "blockers_overdue": self.blockers_overdue,
            "updates_due": self.updates.due,
            "updates_received": self.updates.received,
            "updates_missing": self.updates.missing,
            "updates_late": self.updates.late,
        }


# The columns a comparison sorts on: name -> (label, key). Rates without a denominator (no
# planned new start, no planned investment) sort after every rate.
SORTS: dict[str, tuple[Any, Callable[[Portfolio], Any]]] = {
    "name": (_("Leader"), lambda p: (p.leader.region.path, p.leader.name)),
    "projects": (_("Projects"), lambda p: p.projects),
    "start_rate": (_("Start rate"), lambda p: p.start_rate),
    "investment_completion_rate": (
        _("Investment completion rate"),
        lambda p: p.investment_completion_rate,
    ),
    "blockers_open": (_("Open blockers"), lambda p: p.blockers_open),
    "blockers_overdue": (_("Overdue blockers"), lambda p: p.blockers_overdue),
    "updates_missing": (_("Updates missing"), lambda p: p.updates_missing),
}
DEFAULT_SORT = "name"


def sort_portfolios(portfolios: list[Portfolio], sort: str) -> list[Portfolio]:
    """``portfolios`` ordered on ``sort`` ("-" first for descending); None values last."""
    descending = sort.startswith("-")
    key = SORTS[sort.removeprefix("-")][1]
    known = [p for p in portfolios if key(p) is not None]
    unknown = [p for p in portfolios if key(p) is None]
    by_name = SORTS[DEFAULT_SORT][1]
    known.sort(key=by_name)
    known.sort(key=key, reverse=descending)  # stable: equal values stay in name order
    unknown.sort(key=by_name)
    return known + unknown


def with_project_counts(
    leaders: QuerySet[Leader], user: AbstractBaseUser | AnonymousUser
) -> QuerySet[Leader]:
    """``leaders`` with their region and the number of their projects ``user`` reads as
    ``project_count``."""
    zones = access_for(user).zone_q("project_leaders__project__zone", READ)
    return (
        leaders.select_related("region")
        .annotate(project_count=Count("project_leaders", filter=zones))
        .order_by("region__path", "name", "pk")
    )


def visible_leaders(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Leader]:
    """The leaders a user sees (of its zones' regions and those above), with the number of
    their projects the user reads as ``project_count``."""
    return with_project_counts(Leader.objects.visible_to(user), user)


def portfolios(
    user: AbstractBaseUser | AnonymousUser,
    period: Period,
    leaders: Iterable[Leader] | None = None,
    sections: Collection[str] = (PLAN, INVESTMENT),
) -> list[Portfolio]:
    """The portfolios of ``leaders`` (default: every leader ``user`` sees, listed by
    ``visible_leaders``), each over the leader's projects ``user`` reads, in the order
    given. Five queries with the two default sections, however many leaders."""
    listed = list(visible_leaders(user) if leaders is None else leaders)
    scope = Scope.for_leaders(access_for(user), [leader.pk for leader in listed])
    figures = figures_per_leader(scope, period, sections)
    blockers = blocker_counts(scope, period, by=BY_LEADER)
    updates = update_counts(scope, period, by=BY_LEADER)
    result = []
    for leader in listed:
        open_, overdue = blockers.get(leader.pk, (0, 0))
        result.append(
            Portfolio(
                leader=leader,
                projects=getattr(leader, "project_count", 0),
                figures=figures[leader.pk],
                blockers_open=open_,
                blockers_overdue=overdue,
                updates=updates.get(leader.pk, UpdateCounts()),
            )
        )
    return result


def portfolio(
    user: AbstractBaseUser | AnonymousUser,
    period: Period,
    leader: Leader,
    sections: Collection[str] = (PLAN, INVESTMENT),
) -> Portfolio:
    """One leader's portfolio as ``user`` reads it: the very figures ``portfolios`` gives
    that leader on the comparison page. ``leader`` needs ``project_count`` (from
    ``visible_leaders``)."""
    return portfolios(user, period, [leader], sections)[0]
