"""The supervision figures (SPEC section 13): how blockers are being handled in a scope.

For a scope and a period (year Y seen on D):

- ``blockers_open``: raised by D and still open or in progress;
- ``blockers_overdue``: of those, the ones whose deadline is before D;
- ``blockers_closed``: closed (confirmed by a zone lead) in the year;
- ``closed_on_time_rate``: of those, the share closed by their deadline (a rate as in
  section 6: 4 places, null without closed blockers);
- ``median_days_to_close``: days from raised to closed, over the blockers closed in the year;
- ``by_category`` and ``by_level``: the first three counts for each category and level;
- ``updates_due``: the active key projects (on year Y's plan) of the scope, each due an
  update (调度记录) for the current period of its cadence on D;
- ``updates_received``: of those, the ones whose update for that period was reported by D;
- ``updates_missing``: due less received.

Statuses are the blockers' current ones: D decides lateness and the year's window, it does
not replay the timeline. Two queries, however many zones and blockers the scope holds: one
count per (category, level) group, from which the totals and both breakdowns are added up,
one histogram of days to close (a histogram, unlike a median, adds up), and one count of
the updates due and received.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from projects.models import Project
from supervision.choices import BlockerCategory, BlockerLevel, BlockerStatus
from supervision.models import (
    PENDING,
    Blocker,
    BlockerQuerySet,
    ProgressUpdate,
    current_start,
    key_projects,
)

from .aggregates import DaysBetween
from .numbers import median_of, rate
from .period import Period
from .scopes import Scope

COUNTS = ("open", "overdue", "closed")


@dataclass
class SupervisionFigures:
    """The blocker figures of one scope; the JSON shape is derived from them."""

    # (category, level) -> Counter of open, overdue, closed, closed_on_time.
    groups: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)
    # Days from raised to closed -> number of blockers closed in the year.
    days_to_close: Counter[int] = field(default_factory=Counter)
    updates_due: int = 0
    updates_received: int = 0

    @property
    def updates_missing(self) -> int:
        return self.updates_due - self.updates_received

    def total(self, name: str, category: str | None = None, level: str | None = None) -> int:
        return sum(
            counts[name]
            for (group_category, group_level), counts in self.groups.items()
            if category in (None, group_category) and level in (None, group_level)
        )

    @property
    def closed_on_time_rate(self) -> float | None:
        return rate(self.total("closed_on_time"), self.total("closed"))

    def as_dict(self) -> dict[str, Any]:
        def counts(**group: str) -> dict[str, int]:
            return {f"blockers_{name}": self.total(name, **group) for name in COUNTS}

        return {
            **counts(),
            "closed_on_time_rate": self.closed_on_time_rate,
            "median_days_to_close": median_of(self.days_to_close),
            "by_category": [
                {"category": category, **counts(category=category)}
                for category in BlockerCategory.values
            ],
            "by_level": [{"level": level, **counts(level=level)} for level in BlockerLevel.values],
            "updates_due": self.updates_due,
            "updates_received": self.updates_received,
            "updates_missing": self.updates_missing,
        }


def supervision_figures(scope: Scope, period: Period) -> SupervisionFigures:
    """The supervision figures of ``scope`` for ``period`` (three queries)."""
    blockers = Blocker.objects.filter(scope.q("project__zone")).order_by()
    pending = Q(status__in=PENDING, raised_on__lte=period.as_of)
    closed = Q(status=BlockerStatus.CLOSED, closed_on__range=(period.start, period.end))
    rows = (
        blockers.filter(pending | closed)
        .values("category", "level")
        .annotate(
            open=Count("pk", filter=pending),
            overdue=Count("pk", filter=pending & BlockerQuerySet.overdue_condition(period.as_of)),
            closed=Count("pk", filter=closed),
            closed_on_time=Count("pk", filter=closed & Q(closed_on__lte=F("deadline"))),
        )
    )
    figures = SupervisionFigures()
    for row in rows:
        key = (row.pop("category"), row.pop("level"))
        figures.groups[key] = Counter(row)
    days = (
        blockers.filter(closed)
        .annotate(days=DaysBetween("closed_on", "raised_on"))
        .values("days")
        .annotate(blockers=Count("pk"))
        .values_list("days", "blockers")
    )
    figures.days_to_close.update(dict(days))
    figures.updates_due, figures.updates_received = updates_due_and_received(scope, period)
    return figures


def updates_due_and_received(scope: Scope, period: Period) -> tuple[int, int]:
    """The updates due in the current periods on D and those received by D (one query)."""
    # Reported by D means before D's next midnight in the project's time zone.
    cutoff = timezone.make_aware(datetime.combine(period.as_of + timedelta(days=1), time()))
    received = ProgressUpdate.objects.filter(
        project=OuterRef("pk"),
        period_start=current_start("project__cadence", period.as_of),
        reported_at__lt=cutoff,
    )
    due = key_projects(
        Project.objects.filter(scope.q("zone")), period.as_of, year=period.year
    ).order_by()
    counts = due.aggregate(due=Count("pk"), received=Count("pk", filter=Exists(received)))
    return counts["due"], counts["received"]
