"""One definition of an overdue milestone (``Milestone.objects.overdue``), the same number on
every page that shows it."""

from datetime import date

import pytest
from django.urls import reverse

from projects.choices import MilestoneKind, Status
from projects.models import Milestone
from reports.dashboards.funnel import lagging_milestones
from reports.dashboards.wallboard import board
from reports.figures.funnel import funnel
from reports.figures.period import Period
from reports.figures.scopes import Scope
from supervision.alerts import raise_alerts
from supervision.models import Alert
from tests.builders import make_plan, make_project

pytestmark = pytest.mark.django_db

D = date(2026, 11, 22)


def overdue_codes(on):
    return sorted(Milestone.objects.overdue(on).values_list("project__code", "kind"))


def test_a_milestone_reached_after_a_past_date_was_overdue_on_that_date(zone_a):
    project = make_project(
        zone_a,
        planned={"signing": date(2026, 3, 1), "groundbreaking": date(2026, 6, 1)},
        signing=date(2026, 5, 10),
        groundbreaking=date(2026, 6, 1),
    )
    code = project.code
    assert overdue_codes(date(2026, 4, 30)) == [(code, "signing")]
    # Reached on D itself: no longer overdue on D.
    assert overdue_codes(date(2026, 5, 10)) == []
    # Planned for D: due that day, not yet overdue.
    assert overdue_codes(date(2026, 3, 1)) == []
    assert overdue_codes(D) == []


def test_a_stalled_projects_milestone_stays_overdue_and_a_cancelled_ones_does_not(zone_a):
    stalled = make_project(zone_a, planned={"groundbreaking": date(2026, 5, 1)})
    cancelled = make_project(zone_a, planned={"groundbreaking": date(2026, 5, 1)})
    stalled.status, stalled.status_reason = Status.STALLED, "用地未交付"
    stalled.save()
    cancelled.status, cancelled.status_reason = Status.CANCELLED, "投资方撤回"
    cancelled.save()
    assert overdue_codes(D) == [(stalled.code, MilestoneKind.GROUNDBREAKING)]


def test_home_dashboard_wall_board_and_alerts_count_a_stalled_projects_overdue_milestone(
    client, alice, zone_a, frozen_today
):
    # Two key projects of zone A, each a groundbreaking planned for 2026-05-01 and not
    # reached; one stalled. A third project, cancelled, owes nothing.
    active = make_project(zone_a, planned={"groundbreaking": date(2026, 5, 1)})
    stalled = make_project(zone_a, planned={"groundbreaking": date(2026, 5, 1)})
    cancelled = make_project(zone_a, planned={"groundbreaking": date(2026, 5, 1)})
    for project in (active, stalled, cancelled):
        make_plan(project)
    stalled.status, stalled.status_reason = Status.STALLED, "用地未交付"
    stalled.save()
    cancelled.status, cancelled.status_reason = Status.CANCELLED, "投资方撤回"
    cancelled.save()
    scope, period = Scope.for_zone(zone_a), Period(2026, D)

    assert funnel(scope, period, "zone")[zone_a.pk]["overdue"] == 2
    assert {m.project_id for m in lagging_milestones(scope, period)} == {active.pk, stalled.pk}
    wall = board(scope, period)
    assert (wall.overdue_projects, wall.overdue_by_kind[MilestoneKind.GROUNDBREAKING]) == (2, 2)
    raise_alerts(D)
    alerted = Alert.objects.open().filter(kind="milestone_overdue")
    assert set(alerted.values_list("project_id", flat=True)) == {active.pk, stalled.pk}
    client.force_login(alice)
    html = client.get(reverse("home")).content.decode()
    assert f'data-figure="overdue_milestones" data-value="2" data-scope="zone:{zone_a.pk}"' in html


@pytest.mark.parametrize(
    ("status", "planned", "actual", "on"),
    [
        (Status.ACTIVE, date(2026, 5, 1), None, D),
        (Status.ACTIVE, date(2026, 5, 1), date(2026, 6, 1), date(2026, 5, 20)),
        (Status.ACTIVE, date(2026, 5, 1), date(2026, 6, 1), D),
        (Status.ACTIVE, D, None, D),
        (Status.STALLED, date(2026, 5, 1), None, D),
        (Status.CANCELLED, date(2026, 5, 1), None, D),
        (Status.ACTIVE, None, None, D),
    ],
)
def test_a_loaded_milestone_is_overdue_exactly_when_the_queryset_says_so(
    zone_a, status, planned, actual, on
):
    project = make_project(zone_a, planned={"groundbreaking": planned} if planned else {})
    milestone, _created = Milestone.objects.update_or_create(
        project=project,
        kind=MilestoneKind.GROUNDBREAKING,
        defaults={"planned_on": planned, "actual_on": actual},
    )
    project.status, project.status_reason = status, "" if status == Status.ACTIVE else "原因"
    project.save()
    in_queryset = Milestone.objects.overdue(on).filter(pk=milestone.pk).exists()
    assert milestone.is_overdue(on, project.status) is in_queryset


def test_the_project_page_marks_no_milestone_of_a_cancelled_project_overdue(
    client, alice, zone_a, frozen_today
):
    project = make_project(zone_a, planned={"groundbreaking": date(2026, 5, 1)})
    project.status, project.status_reason = Status.CANCELLED, "投资方撤回"
    project.save()
    client.force_login(alice)
    response = client.get(reverse("projects:detail", args=[project.pk]))
    states = {step["kind"]: step["state"] for step in response.context["timeline"]}
    assert states["groundbreaking"] == "planned"
