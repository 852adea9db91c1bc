"""A change of a project's data re-evaluates its alerts once committed, not only the next
morning."""

import re
from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse

from projects.choices import MilestoneKind, Status
from projects.models import Milestone
from supervision import tasks
from supervision.alerts import raise_alerts
from supervision.models import Alert
from tests.builders import make_plan, make_project, make_report

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 22)


def open_kinds(project):
    return set(Alert.objects.open().filter(project=project).values_list("kind", flat=True))


@pytest.fixture
def late_start(zone_a, frozen_today):
    """A new start planned for 2026-03-01 that has not broken ground, alerted this morning."""
    project = make_project(zone_a, signing=date(2026, 1, 5))
    make_plan(project)
    raise_alerts(DAY)
    assert open_kinds(project) == {"plan_not_started"}
    return project


def home_figures(client) -> dict:
    html = client.get(reverse("home")).content.decode()
    counters = dict(re.findall(r'data-figure="([a-z_]+)" data-value="(\d+)"', html))
    panel = re.search(r'<section[^>]*id="home-alerts".*?</section>', html, re.S)
    return {"counters": counters, "panel": panel.group(0) if panel else ""}


def test_recording_a_groundbreaking_resolves_the_late_start_alert_at_once_and_the_home_agrees(
    client, alice, late_start, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    before = home_figures(client)
    assert before["counters"]["plan_not_started"] == "1"
    assert late_start.name in before["panel"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("projects:record_milestone", args=[late_start.pk]),
            {"kind": MilestoneKind.GROUNDBREAKING, "actual_on": "2026-11-20"},
        )
    assert response.status_code == 200
    assert Milestone.objects.get(project=late_start, kind="groundbreaking").actual_on
    assert open_kinds(late_start) == set()
    resolved = Alert.objects.get(project=late_start, kind="plan_not_started")
    assert resolved.resolved_on == DAY
    after = home_figures(client)
    assert after["counters"]["plan_not_started"] == "0"
    assert late_start.name not in after["panel"]


def test_an_overdue_milestone_is_alerted_when_it_is_planned_in_the_past_and_resolved_when_reached(
    zone_a, frozen_today, django_capture_on_commit_callbacks
):
    project = make_project(zone_a, signing=date(2026, 1, 5))
    with django_capture_on_commit_callbacks(execute=True):
        milestone = Milestone.objects.create(
            project=project, kind=MilestoneKind.COMPLETION, planned_on=date(2026, 10, 1)
        )
    assert open_kinds(project) == {"milestone_overdue"}
    with django_capture_on_commit_callbacks(execute=True):
        milestone.actual_on = date(2026, 11, 2)
        milestone.save()
    assert open_kinds(project) == set()


def test_a_monthly_report_resolves_the_missing_report_alert(
    zone_a, frozen_today, django_capture_on_commit_callbacks
):
    # Started in April and on the plan: the October report is due on 2026-11-22.
    project = make_project(zone_a, signing=date(2026, 1, 5), groundbreaking=date(2026, 4, 10))
    make_plan(project)
    raise_alerts(DAY)
    assert open_kinds(project) == {"report_missing"}
    with django_capture_on_commit_callbacks(execute=True):
        make_report(project, 10, completed="50")
    assert open_kinds(project) == set()


def test_cancelling_a_project_resolves_its_overdue_milestones(
    zone_a, frozen_today, django_capture_on_commit_callbacks
):
    project = make_project(zone_a, planned={"groundbreaking": date(2026, 5, 1)})
    raise_alerts(DAY)
    assert open_kinds(project) == {"milestone_overdue"}
    with django_capture_on_commit_callbacks(execute=True):
        project.status, project.status_reason = Status.CANCELLED, "investor withdrew"
        project.save()
    assert open_kinds(project) == set()


def test_a_stalled_project_keeps_its_overdue_milestone_alert(
    zone_a, frozen_today, django_capture_on_commit_callbacks
):
    project = make_project(zone_a, planned={"groundbreaking": date(2026, 5, 1)})
    with django_capture_on_commit_callbacks(execute=True):
        project.status, project.status_reason = Status.STALLED, "land not handed over"
        project.save()
    assert open_kinds(project) == {"milestone_overdue"}


def test_it_leaves_other_projects_and_zone_targets_to_the_daily_check(
    zone_a, frozen_today, django_capture_on_commit_callbacks
):
    other = make_project(zone_a, planned={"groundbreaking": date(2026, 5, 1)})
    project = make_project(zone_a, signing=date(2026, 1, 5))
    with django_capture_on_commit_callbacks(execute=True):
        Milestone.objects.create(
            project=project, kind=MilestoneKind.COMPLETION, planned_on=date(2026, 10, 1)
        )
    assert open_kinds(project) == {"milestone_overdue"}
    assert open_kinds(other) == set()  # not touched: the morning's check will raise it


def test_a_refused_edit_refreshes_nothing(zone_a, late_start, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        Milestone.objects.create(
            project=late_start, kind=MilestoneKind.GROUNDBREAKING, actual_on=date(2026, 11, 1)
        )
        raise RuntimeError
    assert callbacks == []
    assert open_kinds(late_start) == {"plan_not_started"}


def test_a_burst_of_edits_refreshes_each_project_once_through_the_broker(
    zone_a, frozen_today, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(tasks.refresh_project_alerts, "delay", lambda *args: sent.append(args))
    first = make_project(zone_a, signing=date(2026, 1, 5), groundbreaking=date(2026, 4, 10))
    second = make_project(zone_a, signing=date(2026, 1, 5))
    with django_capture_on_commit_callbacks(execute=True):
        for month in (1, 2, 3):
            make_report(first, month)
        make_plan(second)
        assert sent == []  # nothing before the commit
    assert sent == [(first.pk, "2026-11-22"), (second.pk, "2026-11-22")]


def test_the_task_re_evaluates_one_project(late_start):
    Milestone.objects.create(
        project=late_start, kind=MilestoneKind.GROUNDBREAKING, actual_on=date(2026, 11, 1)
    )
    result = tasks.refresh_project_alerts(late_start.pk, "2026-11-22")
    assert result == {"raised": 0, "kept": 0, "resolved": 1}
    assert open_kinds(late_start) == set()
