from datetime import date

import pytest
from django.urls import reverse

from investment.choices import PlanType
from projects.choices import MilestoneKind
from tests.factories import (
    AnnualPlanEntryFactory,
    InvestmentReportFactory,
    MilestoneFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.usefixtures("frozen_today")


def _started(project, on=date(2026, 3, 1)):
    MilestoneFactory(project=project, kind=MilestoneKind.SIGNING, actual_on=date(2026, 1, 5))
    MilestoneFactory(project=project, kind=MilestoneKind.GROUNDBREAKING, actual_on=on)


def test_it_lists_overdue_and_soon_due_milestones_of_the_users_zones_only(
    client, alice, zone_a, zone_b
):
    overdue = ProjectFactory(zone=zone_a, name="逾期项目")
    MilestoneFactory(project=overdue, kind=MilestoneKind.SIGNING, planned_on=date(2026, 11, 1))
    soon = ProjectFactory(zone=zone_a, name="临近项目")
    MilestoneFactory(project=soon, kind=MilestoneKind.SIGNING, planned_on=date(2026, 12, 20))
    later = ProjectFactory(zone=zone_a, name="远期项目")
    # 2026-11-22 + 30 days = 2026-12-22: the 23rd is outside the window.
    MilestoneFactory(project=later, kind=MilestoneKind.SIGNING, planned_on=date(2026, 12, 23))
    other = ProjectFactory(zone=zone_b, name="他区项目")
    MilestoneFactory(project=other, kind=MilestoneKind.SIGNING, planned_on=date(2026, 11, 1))
    client.force_login(alice)

    response = client.get(reverse("home"))

    body = response.content.decode()
    assert response.context["milestone_count"] == 2
    assert "逾期项目" in body and "临近项目" in body
    assert "远期项目" not in body and "他区项目" not in body


def test_it_lists_started_projects_missing_last_months_report(client, alice, zone_a):
    reported = ProjectFactory(zone=zone_a, name="已报项目")
    missing = ProjectFactory(zone=zone_a, name="未报项目")
    for project in (reported, missing):
        _started(project)
        AnnualPlanEntryFactory(project=project, year=2026)
    # On 2026-11-22 the October report is due.
    InvestmentReportFactory(project=reported, year=2026, month=10)
    client.force_login(alice)

    response = client.get(reverse("home"))

    assert (response.context["report_year"], response.context["report_month"]) == (2026, 10)
    assert [p.name for p in response.context["missing"]] == ["未报项目"]


def test_it_lists_planned_new_starts_past_their_date_without_groundbreaking(client, alice, zone_a):
    late = ProjectFactory(zone=zone_a, name="未开工项目")
    AnnualPlanEntryFactory(project=late, plan_type=PlanType.NEW, planned_start_on=date(2026, 6, 1))
    started = ProjectFactory(zone=zone_a, name="已开工项目")
    _started(started, on=date(2026, 6, 10))
    AnnualPlanEntryFactory(
        project=started, plan_type=PlanType.NEW, planned_start_on=date(2026, 6, 1)
    )
    client.force_login(alice)

    response = client.get(reverse("home"))

    assert [e.project.name for e in response.context["not_started"]] == ["未开工项目"]


def test_its_query_count_does_not_grow_with_the_rows(
    client, alice, zone_a, django_assert_num_queries
):
    def add(n):
        for _ in range(n):
            project = ProjectFactory(zone=zone_a)
            MilestoneFactory(project=project, planned_on=date(2026, 11, 1))
            AnnualPlanEntryFactory(project=project, planned_start_on=date(2026, 6, 1))

    client.force_login(alice)
    add(1)
    # session, user, memberships, then three lists and their three counts, the overdue count,
    # the newest alerts, the key projects due an update
    with django_assert_num_queries(12):
        client.get(reverse("home"))
    add(20)
    with django_assert_num_queries(12):
        client.get(reverse("home"))
