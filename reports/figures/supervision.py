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
- ``updates_missing``: due less received;
- ``updates_late``: of the projects due, the ones whose update for the period before the
  current one (the last period that ended by D) was reported after that period's end (and
  by D). An update of the current period cannot be late yet: its period has not ended.

Statuses are the blockers' current ones: D decides lateness and the year's window, it does
not replay the timeline. Three queries, however many zones and blockers the scope holds:
one count per (category, level) group, from which the totals and both breakdowns are added
up, one histogram of days to close (a histogram, unlike a median, adds up), and one count of
the updates due, received and late.

``update_counts`` and ``blocker_counts`` give the update and pending-blocker figures grouped
by zone (the region dashboard's zone table) or by leader (leaders' portfolios), with the same
conditions, so that a zone's or a leader's numbers are those the scope's are made of.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, IntegerField, Q, Value

from projects.models import Project
from supervision.choices import BlockerCategory, BlockerLevel, BlockerStatus
from supervision.models import (
    PENDING,
    Blocker,
    BlockerQuerySet,
    key_projects,
    update_late,
    update_received,
)

from .aggregates import DaysBetween
from .numbers import median_of, rate
from .period import Period
from .scopes import Scope

COUNTS = ("open", "overdue", "closed")


@dataclass
class UpdateCounts:
    """The progress updates of a scope, a zone or a leader: due this period, received by D,
    and those of the previous period received late."""

    due: int = 0
    received: int = 0
    late: int = 0

    @property
    def missing(self) -> int:
        return self.due - self.received


@dataclass
class SupervisionFigures:
    """The blocker figures of one scope; the JSON shape is derived from them."""

    # (category, level) -> Counter of open, overdue, closed, closed_on_time.
    groups: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)
    # Days from raised to closed -> number of blockers closed in the year.
    days_to_close: Counter[int] = field(default_factory=Counter)
    updates: UpdateCounts = field(default_factory=UpdateCounts)

    @property
    def updates_due(self) -> int:
        return self.updates.due

    @property
    def updates_received(self) -> int:
        return self.updates.received

    @property
    def updates_missing(self) -> int:
        return self.updates.missing

    @property
    def updates_late(self) -> int:
        return self.updates.late

    def __iadd__(self, other: "SupervisionFigures") -> "SupervisionFigures":
        """Add ``other`` in place (a region adds up its zones)."""
        for group, counts in other.groups.items():
            self.groups.setdefault(group, Counter()).update(counts)
        self.days_to_close.update(other.days_to_close)
        self.updates = UpdateCounts(
            self.updates.due + other.updates.due,
            self.updates.received + other.updates.received,
            self.updates.late + other.updates.late,
        )
        return self

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
            "updates_late": self.updates_late,
        }


def supervision_figures(scope: Scope, period: Period) -> SupervisionFigures:
    """The supervision figures of ``scope`` for ``period`` (three queries)."""
    return _figures(scope, period, by_zone=False).get(None) or SupervisionFigures()


def supervision_per_zone(
    scope: Scope, period: Period, zone_ids: Iterable[int]
) -> dict[int, SupervisionFigures]:
    """Zone id -> the supervision figures of the zone, for each of ``zone_ids`` (the same
    three queries, grouped by zone)."""
    figures = _figures(scope, period, by_zone=True)
    return {zone_id: figures.get(zone_id) or SupervisionFigures() for zone_id in zone_ids}


def _figures(scope: Scope, period: Period, by_zone: bool) -> dict[int | None, SupervisionFigures]:
    key = F("project__zone_id") if by_zone else Value(None, output_field=IntegerField())
    blockers = Blocker.objects.filter(scope.q("project__zone")).order_by()
    pending = _pending(period)
    closed = Q(status=BlockerStatus.CLOSED, closed_on__range=(period.start, period.end))
    rows = (
        blockers.filter(pending | closed)
        .values("category", "level", group_key=key)
        .annotate(
            open=Count("pk", filter=pending),
            overdue=Count("pk", filter=_overdue(period)),
            closed=Count("pk", filter=closed),
            closed_on_time=Count("pk", filter=closed & Q(closed_on__lte=F("deadline"))),
        )
    )
    result: dict[int | None, SupervisionFigures] = defaultdict(SupervisionFigures)
    for row in rows:
        figures = result[row.pop("group_key")]
        kind = (row.pop("category"), row.pop("level"))
        figures.groups[kind] = Counter(row)
    days = (
        blockers.filter(closed)
        .annotate(days=DaysBetween("closed_on", "raised_on"), group_key=key)
        .values("group_key", "days")
        .annotate(blockers=Count("pk"))
        .values_list("group_key", "days", "blockers")
    )
    for group, days_to_close, count in days:
        result[group].days_to_close[days_to_close] = count
    for group, updates in update_counts(scope, period, by="zone_id" if by_zone else None).items():
        result[group].updates = updates
    return dict(result)


def _pending(period: Period) -> Q:
    """Blockers raised by D and still open or in progress (``blockers_open``)."""
    return Q(status__in=PENDING, raised_on__lte=period.as_of)


def _overdue(period: Period) -> Q:
    """Of the pending blockers, those past their deadline on D (``blockers_overdue``)."""
    return _pending(period) & BlockerQuerySet.overdue_condition(period.as_of)


def blocker_counts(scope: Scope, period: Period, by: str) -> dict[int, tuple[int, int]]:
    """Key -> (blockers open, blockers overdue) on D, grouped by the path ``by`` from the
    project ("zone_id", "project_leaders__leader_id"); keys without one are left out (one
    query)."""
    rows = (
        Blocker.objects.filter(scope.q("project__zone"), _pending(period))
        .order_by()
        .values(group_key=F(f"project__{by}"))
        .annotate(open=Count("pk"), overdue=Count("pk", filter=_overdue(period)))
        .values_list("group_key", "open", "overdue")
    )
    return {key: (open_, overdue) for key, open_, overdue in rows}


def update_counts(
    scope: Scope, period: Period, by: str | None = None
) -> dict[int | None, UpdateCounts]:
    """Key -> UpdateCounts of the key projects of ``scope`` (active, on year Y's plan): due
    in the current period of their cadence on D, received by D, and late for the period
    before (one query). ``by`` groups by a path from the project ("zone_id",
    "project_leaders__leader_id"); None gives the whole scope under the key None.
    """
    due = key_projects(
        Project.objects.filter(scope.q("zone")), period.as_of, year=period.year
    ).order_by()
    aggregates = {
        "due": Count("pk"),
        "received": Count("pk", filter=update_received(period.as_of)),
        "late": Count("pk", filter=update_late(period.as_of)),
    }
    if by is None:
        return {None: UpdateCounts(**due.aggregate(**aggregates))}
    rows = due.values(group_key=F(by)).annotate(**aggregates)
    return {row.pop("group_key"): UpdateCounts(**row) for row in rows}
