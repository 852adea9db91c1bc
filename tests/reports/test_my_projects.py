"""/my/projects/: a leader's projects (包保), what lags in each, and their figures."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import Project
from reports.figures.scopes import Scope
from tests.factories import (
    AnnualPlanEntryFactory,
    LeaderFactory,
    MilestoneFactory,
    ProjectFactory,
)
from tests.supervision.makers import make_blocker

pytestmark = pytest.mark.usefixtures("frozen_today")  # 2026-11-22
PAGE = reverse("reports:my_projects")


@pytest.fixture
def wang(dave, city):
    """王市长, leader of the city, whose account is dave's (leadership of the city)."""
    return LeaderFactory(name="王市长", title="副市长", region=city, user=dave)


@pytest.fixture
def portfolio(wang, zone_a, zone_b, city):
    """Wang answers for P1 (primary) and P2 (second); P3 is someone else's."""
    other = LeaderFactory(name="李区长", region=city)
    p1 = ProjectFactory(zone=zone_a, code="P1", name="光学基地")
    p1.set_leaders([wang, other])
    AnnualPlanEntryFactory(project=p1, planned_investment=Decimal("5000.00"))
    MilestoneFactory(project=p1, kind="signing", actual_on=date(2026, 3, 1))
    MilestoneFactory(project=p1, kind="groundbreaking", actual_on=date(2026, 5, 1))
    MilestoneFactory(project=p1, kind="completion", planned_on=date(2026, 10, 1))  # overdue
    make_blocker(project=p1)  # open
    closed = make_blocker(project=p1, title="已销号")
    closed.status = "closed"
    closed.save()

    p2 = ProjectFactory(zone=zone_b, code="P2", name="道路工程", is_attracted=False)
    p2.set_leaders([other, wang])
    AnnualPlanEntryFactory(project=p2, planned_investment=Decimal("3000.00"))
    MilestoneFactory(project=p2, kind="production", planned_on=date(2026, 11, 1))  # overdue
    MilestoneFactory(project=p2, kind="signing", planned_on=date(2026, 12, 1))  # not yet due

    p3 = ProjectFactory(zone=zone_a, code="P3", name="他人项目")
    p3.set_leaders([other])
    AnnualPlanEntryFactory(project=p3, planned_investment=Decimal("9000.00"))
    MilestoneFactory(project=p3, kind="signing", actual_on=date(2026, 2, 1))
    MilestoneFactory(project=p3, kind="groundbreaking", actual_on=date(2026, 4, 1))
    make_blocker(project=p3)
    return p1, p2, p3


def rows(response):
    return [
        (p.code, p.position, p.overdue_milestones, p.open_blockers)
        for p in response.context["projects"]
    ]


def test_a_leader_sees_its_projects_primary_first_with_what_lags(client, dave, portfolio):
    client.force_login(dave)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert rows(response) == [("P1", 0, 1, 1), ("P2", 1, 1, 0)]
    assert (response.context["overdue_total"], response.context["blockers_total"]) == (2, 1)
    page = response.content.decode()
    # By name: a code as short as "P3" may turn up inside the page's random CSRF token.
    assert "光学基地" in page and "道路工程" in page and "他人项目" not in page


def test_the_figures_cover_the_leaders_projects_only(client, dave, portfolio):
    client.force_login(dave)
    figures = client.get(PAGE).context["figures"]
    # Two new starts planned (P1, P2), P1 broke ground: 1 of 2; 5000 + 3000 planned.
    assert (figures.planned_new, figures.started_new, figures.start_rate) == (2, 1, 0.5)
    assert figures.planned_investment == Decimal("8000.00")
    # P1 signed on 03-01 and broke ground on 05-01: 61 days; P3's 59 days do not count.
    assert figures.median_days_signing_to_groundbreaking == 61


def test_a_portfolio_scope_filters_by_project_and_refuses_a_zone_figure(portfolio):
    p1, p2, _p3 = portfolio
    scope = Scope.for_projects([p2.pk, p1.pk], name="王市长")
    assert sorted(Project.objects.filter(scope.q("zone")).values_list("code", flat=True)) == [
        "P1",
        "P2",
    ]
    with pytest.raises(ValueError):
        scope.q("")


def test_a_user_who_is_no_leader_gets_404_and_no_navigation_entry(client, alice, portfolio):
    client.force_login(alice)
    assert client.get(PAGE).status_code == 404
    nav = client.get(reverse("reports:my_projects_nav")).content.decode()
    assert "nav-my-projects" not in nav


def test_a_leader_gets_the_navigation_entry(client, dave, wang):
    client.force_login(dave)
    nav = client.get(reverse("reports:my_projects_nav")).content.decode()
    assert 'id="nav-my-projects"' in nav
    assert "你还没有包保的项目" in client.get(PAGE).content.decode()


def test_the_page_costs_the_same_queries_for_3_and_30_projects(
    client, dave, wang, zone_a, django_assert_num_queries
):
    client.force_login(dave)

    def add(count):
        for _ in range(count):
            project = ProjectFactory(zone=zone_a)
            project.set_leaders([wang])
            AnnualPlanEntryFactory(project=project)
            MilestoneFactory(project=project, kind="signing", planned_on=date(2026, 1, 1))
            make_blocker(project=project)

    add(3)
    # session, user, leader, memberships, the projects with their counts, four figure
    # sections, the portfolio's blockers and updates; the projects' lights (dots: one query)
    with django_assert_num_queries(12):
        assert len(client.get(PAGE).context["projects"]) == 3
    add(27)
    with django_assert_num_queries(12):
        assert len(client.get(PAGE).context["projects"]) == 30
