"""Meetings for the meeting tests: lights set by hand, a meeting planned by a user."""

from datetime import date

from supervision.lights.models import ProjectLight
from supervision.meetings import services
from tests.conftest import TODAY
from tests.factories import ProjectFactory


def lit(zone, code, color, since, reasons=()):
    project = ProjectFactory(zone=zone, code=code, name=f"项目{code}")
    ProjectLight.objects.create(
        project=project, zone=zone, color=color, reasons=list(reasons), valid_from=since
    )
    return project


def plan(user, zones, level="zone", day=date(2026, 11, 25), chair="张主任"):
    return services.plan(user, date=day, level=level, chair=chair, zones=zones, as_of=TODAY)


def decide(user, meeting, project, title="三日内完成用地报批", deadline=date(2026, 12, 10)):
    return services.record_decision(
        user,
        meeting,
        project=project,
        title=title,
        responsible_unit="自然资源和规划局",
        responsible_leader="王局长",
        deadline=deadline,
        raised_on=min(meeting.date, TODAY),
    )
