"""The project form saved while someone else changes a milestone's planned date, on
PostgreSQL: the other change is either seen (a conflict, nothing written) or comes after the
save; it is never overwritten, and nothing answers 5xx."""

import threading
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from projects.choices import MilestoneKind
from projects.models import Milestone
from tests.factories import MilestoneFactory, ProjectFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("frozen_today"),
]


RACES = 10


def _opened(client, url):
    """What the browser posts back when nothing is typed: every field as the form shows it."""
    form = client.get(url).context["form"]
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


def _race(client, url, data, project):
    """Post the form while another connection moves the signing to 2027-03-01; the form's
    response."""
    barrier = threading.Barrier(2)
    response = {}

    def save_form():
        try:
            barrier.wait()
            response["form"] = client.post(url, data)
        finally:
            connection.close()

    def change_elsewhere():
        try:
            barrier.wait()
            signing = Milestone.objects.get(project=project, kind=MilestoneKind.SIGNING)
            signing.planned_on = date(2027, 3, 1)
            signing.save()
        finally:
            connection.close()

    threads = [threading.Thread(target=save_form), threading.Thread(target=change_elsewhere)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return response["form"]


def test_a_milestone_changed_during_a_form_save_is_never_overwritten(alice, zone_a):
    client = Client()
    client.force_login(alice)
    for race in range(RACES):
        project = ProjectFactory(zone=zone_a)
        MilestoneFactory(project=project, kind=MilestoneKind.SIGNING, planned_on=date(2027, 1, 1))
        url = reverse("projects:edit", args=[project.pk])
        data = _opened(client, url)
        data["planned_signing"] = "2027-02-01"  # the form's change

        response = _race(client, url, data, project)

        assert response.status_code in (200, 302), (race, response.status_code)
        if response.status_code == 200:
            assert response.context["conflict"] is True
        # Whatever the order, the other change is the last word: it came after the form's
        # save, or the form saw it and refused.
        signing = Milestone.objects.get(project=project, kind=MilestoneKind.SIGNING)
        assert signing.planned_on == date(2027, 3, 1), (race, response.status_code)


def test_a_form_opened_before_a_milestone_change_is_refused(alice, carol, zone_a):
    project = ProjectFactory(zone=zone_a, name="原名")
    MilestoneFactory(project=project, kind=MilestoneKind.SIGNING, planned_on=date(2027, 1, 1))
    url = reverse("projects:edit", args=[project.pk])
    client = Client()
    client.force_login(alice)
    data = _opened(client, url)
    signing = Milestone.objects.get(project=project, kind=MilestoneKind.SIGNING)
    signing.planned_on = date(2027, 3, 1)
    signing.save()
    data["name"] = "新名"

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["conflict"] is True
    project.refresh_from_db()
    assert project.name == "原名"
    signing.refresh_from_db()
    assert signing.planned_on == date(2027, 3, 1)
