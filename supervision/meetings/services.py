"""What is done to a meeting: planning it (its agenda writes itself), recording a decision
(a blocker of the meeting's level), holding it and issuing its minutes (locked; a correction
is a new version). Every multi-row write runs in one transaction."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parks.access import LEAD, READ, WRITE, access_for

from ..choices import BlockerCategory, BlockerLevel
from ..models import Blocker, level_of_region
from .agenda import compose
from .choices import AgendaEdit, MeetingLevel, MeetingState
from .models import AgendaItem, Attendee, Meeting, Minutes

LEVEL_RANK = {level: rank for rank, level in enumerate(BlockerLevel.values)}


def may_run(user, level: str, zones) -> bool:
    """Whether ``user`` may plan and run a meeting of ``level`` over ``zones`` (regions
    loaded): a zone lead of every one of them, or the leadership of a region of that level
    (or above) holding them all."""
    access = access_for(user)
    if not zones:
        return False
    if all(access.can(zone, LEAD) for zone in zones):
        return True
    leading = access.region_paths.get(READ, set()) - access.region_paths.get(WRITE, set())
    return any(
        LEVEL_RANK[level_of_region(path)] >= LEVEL_RANK[level]
        and all(zone.region.path.startswith(path) for zone in zones)
        for path in leading
    )


def require_run(user, meeting: Meeting, zones=None) -> None:
    if not may_run(user, meeting.level, zones if zones is not None else meeting_zones(meeting)):
        raise PermissionDenied(
            _("Only a zone lead of its zones or the leadership of its level may run a meeting.")
        )


def meeting_zones(meeting: Meeting):
    return list(meeting.zones.select_related("region"))


def require_open(meeting: Meeting) -> None:
    if meeting.is_locked:
        raise ValidationError(
            _("The minutes are issued and locked; start a correction to change the meeting."),
            code="locked",
        )


def plan(user, *, date: date, level: str, chair: str, zones, as_of: date) -> Meeting:
    """Plan a meeting of ``zones`` and write its agenda from the data of ``as_of``."""
    zones = list(zones)
    if not may_run(user, level, zones):
        raise PermissionDenied(
            _("Only a zone lead of its zones or the leadership of its level may plan a meeting.")
        )
    if level == MeetingLevel.ZONE and len(zones) != 1:
        raise ValidationError({"zones": _("A zone-level meeting covers exactly one zone.")})
    with transaction.atomic():
        meeting = Meeting(date=date, level=level, chair=chair, planned_by=user)
        meeting.full_clean()
        meeting.save()
        meeting.zones.set(zones)
        AgendaItem.objects.bulk_create(compose(meeting, [z.pk for z in zones], as_of))
    return meeting


def record_decision(
    user,
    meeting: Meeting,
    *,
    project,
    title: str,
    responsible_unit: str,
    responsible_leader: str,
    deadline: date,
    raised_on: date,
    category: str = BlockerCategory.OTHER,
) -> Blocker:
    """A decision (议定事项): a blocker of the meeting's level on ``project`` (one of the
    meeting's zones), owned by a unit and a leader, due ``deadline``."""
    require_run(user, meeting)
    require_open(meeting)
    if not meeting.zones.filter(pk=project.zone_id).exists():
        raise ValidationError({"project": _("The project is not in a zone of this meeting.")})
    blocker = Blocker(
        project=project,
        title=title,
        category=category,
        level=meeting.level,
        responsible_unit=responsible_unit,
        responsible_leader=responsible_leader,
        raised_on=raised_on,
        raised_by=user,
        deadline=deadline,
        meeting=meeting,
        description=_("Decision of the {meeting}.").format(meeting=meeting),
    )
    blocker.full_clean()
    blocker.save()
    return blocker


def add_attendee(user, meeting: Meeting, *, name: str, unit: str = "") -> Attendee:
    """Someone who attends: a name and a unit, while the minutes are not locked."""
    require_run(user, meeting)
    require_open(meeting)
    attendee = Attendee(meeting=meeting, name=name, unit=unit)
    attendee.full_clean()
    attendee.save()
    return attendee


def remove_attendee(user, meeting: Meeting, attendee_id) -> None:
    require_run(user, meeting)
    require_open(meeting)
    meeting.attendees.filter(pk=attendee_id).delete()


def edit_agenda(user, meeting: Meeting, item: AgendaItem, op: str, note: str = "") -> None:
    """Edit the agenda by hand: move ``item`` up or down (the items are renumbered 1..n),
    remove it, or set its note."""
    require_run(user, meeting)
    require_open(meeting)
    with transaction.atomic():
        if op == AgendaEdit.REMOVE:
            item.delete()
        elif op == AgendaEdit.NOTE:
            item.note = note
            item.full_clean()
            item.save(update_fields=["note"])
        elif op in (AgendaEdit.UP, AgendaEdit.DOWN):
            items = list(meeting.agenda.select_for_update().order_by("order", "pk"))
            at = next(i for i, other in enumerate(items) if other.pk == item.pk)
            to = at - 1 if op == AgendaEdit.UP else at + 1
            if 0 <= to < len(items):
                items[at], items[to] = items[to], items[at]
                for number, other in enumerate(items, start=1):
                    other.order = number
                AgendaItem.objects.bulk_update(items, ["order"])
        else:
            raise ValueError(op)


def mark_held(user, meeting: Meeting) -> None:
    """The meeting took place: its minutes may now be issued."""
    require_run(user, meeting)
    if meeting.state != MeetingState.PLANNED:
        raise ValidationError(_("Only a planned meeting can be marked held."), code="state")
    meeting.state = MeetingState.HELD
    meeting.save(update_fields=["state", "updated_at"])


def minutes_content(meeting: Meeting) -> dict:
    """What the minutes say, as issued: kept as it is so a version never changes."""
    decisions = meeting.decisions.select_related("project").order_by("deadline", "pk")
    return {
        "title": str(meeting),
        "date": meeting.date.isoformat(),
        "level": meeting.get_level_display(),
        "chair": meeting.chair,
        "zones": [zone.name for zone in meeting.zones.order_by("code")],
        "attendees": [{"name": a.name, "unit": a.unit} for a in meeting.attendees.all()],
        "agenda": [
            {"kind": item.get_kind_display(), "text": item.text, "note": item.note}
            for item in meeting.agenda.all()
        ],
        "decisions": [
            {
                "id": blocker.pk,
                "title": blocker.title,
                "project": f"{blocker.project.code} {blocker.project.name}",
                "unit": blocker.responsible_unit,
                "leader": blocker.responsible_leader,
                "deadline": blocker.deadline.isoformat(),
            }
            for blocker in decisions
        ],
    }


def issue_minutes(user, meeting: Meeting) -> Minutes:
    """Issue the minutes of a held meeting as the next version and lock the meeting."""
    require_run(user, meeting)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.state != MeetingState.HELD:
            raise ValidationError(
                _("Minutes are issued for a meeting that was held and is not locked."),
                code="state",
            )
        locked.minutes_version += 1
        locked.state = MeetingState.MINUTES_ISSUED
        locked.save(update_fields=["minutes_version", "state", "updated_at"])
        minutes = Minutes.objects.create(
            meeting=locked,
            version=locked.minutes_version,
            content=minutes_content(locked),
            issued_by=user,
        )
    meeting.state, meeting.minutes_version = locked.state, locked.minutes_version
    return minutes


def start_correction(user, meeting: Meeting) -> None:
    """Unlock issued minutes for a correction: the issued version stays as it was, and
    issuing again makes the next version."""
    require_run(user, meeting)
    if meeting.state != MeetingState.MINUTES_ISSUED:
        raise ValidationError(_("Only issued minutes can be corrected."), code="state")
    meeting.state = MeetingState.HELD
    meeting.save(update_fields=["state", "updated_at"])
