"""The project form writes the project and the planned dates of its milestones: its conflict
check covers both, so a date someone else changed after the form was opened is never
overwritten."""

from datetime import date

import pytest
from django.urls import reverse

from projects.choices import MilestoneKind
from projects.models import Milestone
from tests.factories import MilestoneFactory, ProjectFactory

pytestmark = pytest.mark.usefixtures("frozen_today")


def _opened(client, project):
    """What the browser posts back when nothing is typed: every field as the form shows it."""
    form = client.get(reverse("projects:edit", args=[project.pk])).context["form"]
    data = {}
    for field in form:
        value = field.value()
        if isinstance(value, list):
            data[field.html_name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[field.html_name] = "on"
        elif value is not None:
            data[field.html_name] = str(value)
    return data


def _planned(project, kind):
    return Milestone.objects.get(project=project, kind=kind).planned_on


def test_a_planned_date_changed_after_opening_is_a_conflict_naming_it(client, alice, carol, zone_a):
    project = ProjectFactory(zone=zone_a, name="原名")
    MilestoneFactory(
        project=project, kind=MilestoneKind.GROUNDBREAKING, planned_on=date(2027, 3, 1)
    )
    client.force_login(alice)
    alices = _opened(client, project)
    client.force_login(carol)
    carols = _opened(client, project)
    carols["planned_groundbreaking"] = "2027-04-01"
    assert client.post(reverse("projects:edit", args=[project.pk]), carols).status_code == 302

    # Alice renames the project; her form still carries the groundbreaking of 2027-03-01.
    client.force_login(alice)
    alices["name"] = "爱丽丝的改名"
    response = client.post(reverse("projects:edit", args=[project.pk]), alices)

    assert response.status_code == 200
    assert response.context["conflict"] is True
    body = response.content.decode()
    assert "carol在您打开此表单后把计划开工日期改为 2027-04-01" in body
    assert "planned_groundbreaking" in response.context["form"].errors
    project.refresh_from_db()
    assert project.name == "原名"
    assert _planned(project, MilestoneKind.GROUNDBREAKING) == date(2027, 4, 1)


def test_a_milestone_planned_by_someone_else_after_opening_is_a_conflict(client, alice, zone_a):
    project = ProjectFactory(zone=zone_a, name="原名")
    client.force_login(alice)
    data = _opened(client, project)
    MilestoneFactory(project=project, kind=MilestoneKind.SIGNING, planned_on=date(2026, 12, 1))
    data["planned_signing"] = "2026-12-20"

    response = client.post(reverse("projects:edit", args=[project.pk]), data)

    assert response.context["conflict"] is True
    assert _planned(project, MilestoneKind.SIGNING) == date(2026, 12, 1)
