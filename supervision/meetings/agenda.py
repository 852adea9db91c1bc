"""The agenda the data writes when a meeting is planned (会议议程由数据生成).

In this order, one set-based query per kind, over the meeting's zones:

1. the decisions of the last meeting at the same level (covering any of the zones) that are
   not yet closed, with their status: the meeting opens with them;
2. red, then yellow projects, from the stored current lights, the longest in that colour
   first;
3. blockers escalated to the meeting's level, or overdue, still to be solved;
4. key projects without a progress update for their current period.
"""

from datetime import date

from django.db.models import Case, Q, Subquery, Value, When
from django.utils.translation import gettext as _

from projects.models import Project

from ..choices import BlockerLevel, BlockerStatus
from ..lights.choices import LightColor
from ..lights.models import ProjectLight
from ..lights.reasons import summary
from ..models import PENDING, Blocker, due_without_update
from .choices import AgendaKind
from .models import AgendaItem, Meeting


def previous_meeting(meeting: Meeting, zone_ids):
    """The last meeting before ``meeting`` at its level covering any of ``zone_ids``, as a
    subquery of its id."""
    earlier = (
        Meeting.objects.filter(level=meeting.level, zones__in=zone_ids)
        .filter(Q(date__lt=meeting.date) | Q(date=meeting.date, pk__lt=meeting.pk))
        .order_by("-date", "-pk")
        .values("pk")[:1]
    )
    return Subquery(earlier)


def decision_text(blocker) -> str:
    return _("{title} ({unit}, due {deadline}): {status}").format(
        title=blocker.title,
        unit=blocker.responsible_unit,
        deadline=blocker.deadline.isoformat(),
        status=blocker.get_status_display(),
    )


def blocker_text(blocker, as_of: date) -> str:
    late = blocker.days_late(as_of)
    if late:
        return _("{project}: {title} ({unit}), {days} days past its deadline").format(
            project=blocker.project.name,
            title=blocker.title,
            unit=blocker.responsible_unit,
            days=late,
        )
    return _("{project}: {title} ({unit}), at the {level} level").format(
        project=blocker.project.name,
        title=blocker.title,
        unit=blocker.responsible_unit,
        level=blocker.get_level_display(),
    )


def compose(meeting: Meeting, zone_ids: list[int], as_of: date) -> list[AgendaItem]:
    """The agenda items of ``meeting`` over ``zone_ids`` on ``as_of`` (unsaved, ordered)."""
    items: list[AgendaItem] = []

    def add(kind, text, project=None, blocker=None):
        items.append(
            AgendaItem(
                meeting=meeting,
                kind=kind,
                project=project,
                blocker=blocker,
                order=len(items) + 1,
                text=text[:500],
            )
        )

    decisions = (
        Blocker.objects.filter(meeting=previous_meeting(meeting, zone_ids))
        .exclude(status=BlockerStatus.CLOSED)
        .select_related("project")
        .order_by("deadline", "pk")
    )
    for blocker in decisions:
        add(AgendaKind.OPEN_DECISION, decision_text(blocker), blocker.project, blocker)
    lights = (
        ProjectLight.objects.current()
        .filter(zone_id__in=zone_ids, color__in=[LightColor.RED, LightColor.YELLOW])
        .select_related("project")
        .order_by(
            Case(When(color=LightColor.RED, then=Value(0)), default=Value(1)),
            "valid_from",
            "project__code",
        )
    )
    for light in lights:
        kind = (
            AgendaKind.RED_PROJECT if light.color == LightColor.RED else AgendaKind.YELLOW_PROJECT
        )
        text = f"{light.project.name}: {summary(light.reasons, as_of)}"
        add(kind, text, light.project)
    escalated = Q(level=meeting.level) & ~Q(level=BlockerLevel.ZONE)
    blockers = (
        Blocker.objects.filter(project__zone_id__in=zone_ids, status__in=PENDING)
        .filter(escalated | Q(deadline__lt=as_of))
        .exclude(meeting__isnull=False, meeting__in=previous_meeting(meeting, zone_ids))
        .select_related("project")
        .order_by("deadline", "pk")
    )
    for blocker in blockers:
        add(AgendaKind.BLOCKER, blocker_text(blocker, as_of), blocker.project, blocker)
    projects = due_without_update(Project.objects.filter(zone_id__in=zone_ids), as_of)
    for project in projects.order_by("code"):
        add(AgendaKind.NO_UPDATE, project.name, project)
    return items
