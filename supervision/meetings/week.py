"""The "this week's meeting" panel of the wall board and the screen (本周调度会): the open
decisions of the latest meeting covering a zone or region, grouped by owner, overdue first.

The meeting is the latest one dated on or before the end of the week of ``day`` (Monday to
Sunday) that covers any zone of the place and that the user reads: this week's meeting when
there is one, else the last one before it (the panel's heading says which). Two queries:
the meeting, and its decisions with their projects' current lights.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from parks.models import Zone

from ..choices import BlockerStatus
from ..lights.choices import LightColor
from ..lights.models import ProjectLight
from ..models import Blocker
from .models import Meeting


@dataclass
class OwnerGroup:
    """The open decisions one unit (and leader) owns, overdue first, then by deadline."""

    unit: str
    leader: str
    decisions: list = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(1 for decision in self.decisions if decision.late)


@dataclass(frozen=True)
class WeekPanel:
    meeting: Meeting | None
    this_week: bool
    groups: list[OwnerGroup]

    @property
    def open_count(self) -> int:
        return sum(len(group.decisions) for group in self.groups)


def week_panel(meetings: QuerySet[Meeting], zones: Q, day: date) -> WeekPanel:
    """The panel for the zones selected by ``zones`` (a filter on ``Zone``), among
    ``meetings`` (those the user reads), in the week of ``day``."""
    monday = day - timedelta(days=day.weekday())
    sunday = monday + timedelta(days=6)
    covering = Zone.objects.filter(zones, meetings=OuterRef("pk"))
    meeting = (
        meetings.filter(date__lte=sunday).filter(Exists(covering)).order_by("-date", "-pk").first()
    )
    if meeting is None:
        return WeekPanel(None, False, [])
    light = ProjectLight.objects.current().filter(project=OuterRef("project")).values("color")
    decisions = (
        Blocker.objects.filter(meeting=meeting)
        .exclude(status=BlockerStatus.CLOSED)
        .select_related("project")
        .annotate(light=Subquery(light[:1]))
        .order_by("deadline", "pk")
    )
    groups: dict[tuple[str, str], OwnerGroup] = {}
    for decision in decisions:
        decision.late = decision.days_late(day)
        decision.light_label = LightColor(decision.light).label if decision.light else ""
        key = (decision.responsible_unit, decision.responsible_leader)
        groups.setdefault(key, OwnerGroup(*key)).decisions.append(decision)
    for group in groups.values():
        group.decisions.sort(key=lambda d: (not d.late, d.deadline, d.pk))
    # The owners with overdue decisions first (most first), then by their next deadline.
    ordered = sorted(
        groups.values(),
        key=lambda g: (-g.overdue, g.decisions[0].deadline, g.unit, g.leader),
    )
    return WeekPanel(meeting, monday <= meeting.date <= sunday, ordered)
