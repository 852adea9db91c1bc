"""Scheduling meetings (调度会): the agenda the data writes, decisions as blockers, minutes
locked, who may plan and who sees a meeting."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from supervision.choices import BlockerLevel, BlockerStatus
from supervision.meetings import services
from supervision.meetings.choices import AgendaKind, MeetingState
from supervision.models import Blocker, Meeting, ProgressUpdate
from tests.factories import AnnualPlanEntryFactory, ProjectFactory
from tests.supervision.makers import make_blocker
from tests.supervision.meeting_makers import decide, lit, plan

pytestmark = pytest.mark.usefixtures("frozen_today")


def agenda(meeting):
    return [
        (item.kind, item.project.code if item.project else None) for item in meeting.agenda.all()
    ]


def key_project(zone, code, updated=False):
    project = ProjectFactory(zone=zone, code=code, name=f"项目{code}", cadence="monthly")
    AnnualPlanEntryFactory(project=project, year=2026)
    if updated:
        ProgressUpdate.objects.create(
            project=project, period_start=date(2026, 11, 1), image_progress=10, progress="施工"
        )
    return project


def test_the_agenda_lists_reds_then_yellows_then_blockers_then_projects_without_update(
    carol, zone_a, zone_b
):
    lit(zone_a, "P1", "red", date(2026, 10, 1))
    lit(zone_a, "P2", "yellow", date(2026, 11, 1))
    lit(zone_a, "P3", "red", date(2026, 11, 10))
    green = lit(zone_a, "P4", "green", date(2026, 9, 1))
    lit(zone_b, "PB", "red", date(2026, 9, 1))
    # Overdue by two days: listed. Not yet due, solved, or another zone's: not listed.
    make_blocker(project=green, title="overdue", deadline=date(2026, 11, 20))
    make_blocker(project=green, title="due", deadline=date(2026, 11, 30))
    make_blocker(
        project=green, title="solved", deadline=date(2026, 11, 20), status=BlockerStatus.RESOLVED
    )
    make_blocker(zone=zone_b, title="other zone", deadline=date(2026, 11, 1))
    key_project(zone_a, "K1")
    key_project(zone_a, "K2", updated=True)

    meeting = plan(carol, [zone_a])

    assert agenda(meeting) == [
        (AgendaKind.RED_PROJECT, "P1"),  # red since October: the longest red first
        (AgendaKind.RED_PROJECT, "P3"),
        (AgendaKind.YELLOW_PROJECT, "P2"),
        (AgendaKind.BLOCKER, "P4"),
        (AgendaKind.NO_UPDATE, "K1"),
    ]
    assert [item.order for item in meeting.agenda.all()] == [1, 2, 3, 4, 5]
    blocker_item = meeting.agenda.get(kind=AgendaKind.BLOCKER)
    assert blocker_item.blocker.title == "overdue"
    assert "2" in blocker_item.text


def test_a_city_meeting_lists_blockers_escalated_to_the_city(dave, zone_a, zone_b):
    project = ProjectFactory(zone=zone_a, code="P1")
    make_blocker(project=project, title="city", level=BlockerLevel.CITY)
    make_blocker(project=project, title="district", level=BlockerLevel.DISTRICT)
    meeting = plan(dave, [zone_a, zone_b], level="city")
    assert [item.blocker.title for item in meeting.agenda.all()] == ["city"]


def test_decisions_are_blockers_of_the_meetings_level_with_deadlines(carol, zone_a):
    project = ProjectFactory(zone=zone_a, code="P1")
    meeting = plan(carol, [zone_a])
    decision = decide(carol, meeting, project)
    stored = Blocker.objects.get(pk=decision.pk)
    assert (stored.meeting, stored.level, stored.deadline, stored.status) == (
        meeting,
        BlockerLevel.ZONE,
        date(2026, 12, 10),
        BlockerStatus.OPEN,
    )
    assert (stored.responsible_unit, stored.responsible_leader) == ("自然资源和规划局", "王局长")
    assert list(meeting.decisions.all()) == [stored]


def test_the_next_meeting_opens_with_the_open_decisions_of_the_last(carol, zone_a):
    project = ProjectFactory(zone=zone_a, code="P1")
    first = plan(carol, [zone_a], day=date(2026, 11, 10))
    late = decide(carol, first, project, title="逾期事项", deadline=date(2026, 11, 15))
    decide(carol, first, project, title="进行中事项", deadline=date(2026, 12, 15))
    closed = decide(carol, first, project, title="已办结", deadline=date(2026, 11, 20))
    Blocker.objects.filter(pk=closed.pk).update(status=BlockerStatus.CLOSED)

    second = plan(carol, [zone_a], day=date(2026, 11, 25))

    items = list(second.agenda.all())
    assert [(i.kind, i.blocker.title) for i in items] == [
        (AgendaKind.OPEN_DECISION, "逾期事项"),  # once, first, though it is also overdue
        (AgendaKind.OPEN_DECISION, "进行中事项"),
    ]
    assert items[0].blocker == late
    assert "2026-11-15" in items[0].text


def test_issued_minutes_are_locked_and_a_correction_is_a_new_version(carol, zone_a):
    project = ProjectFactory(zone=zone_a, code="P1")
    meeting = plan(carol, [zone_a])
    decide(carol, meeting, project, title="第一项")
    services.mark_held(carol, meeting)
    first = services.issue_minutes(carol, meeting)
    assert (meeting.state, first.version) == (MeetingState.MINUTES_ISSUED, 1)
    with pytest.raises(ValidationError):
        decide(carol, meeting, project, title="第二项")

    services.start_correction(carol, meeting)
    decide(carol, meeting, project, title="第二项")
    second = services.issue_minutes(carol, meeting)

    assert second.version == 2
    first.refresh_from_db()
    assert [d["title"] for d in first.content["decisions"]] == ["第一项"]
    assert [d["title"] for d in second.content["decisions"]] == ["第一项", "第二项"]


def test_only_a_zone_lead_or_the_leadership_of_the_level_plans(alice, carol, dave, zone_a, zone_b):
    with pytest.raises(PermissionDenied):
        plan(alice, [zone_a])
    with pytest.raises(PermissionDenied):
        plan(carol, [zone_a, zone_b], level="city")
    assert plan(dave, [zone_a, zone_b], level="city").zones.count() == 2


def test_a_meeting_is_seen_only_by_those_who_read_all_its_zones(carol, bob, dave, zone_a, zone_b):
    zone_meeting = plan(carol, [zone_a])
    city_meeting = plan(dave, [zone_a, zone_b], level="city")
    assert list(Meeting.objects.visible_to(carol)) == [zone_meeting]
    assert list(Meeting.objects.visible_to(bob)) == []
    assert set(Meeting.objects.visible_to(dave)) == {zone_meeting, city_meeting}
