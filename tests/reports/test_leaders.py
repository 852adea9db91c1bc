"""Leaders' portfolios compared (/leaders/, /leaders/<id>/, /api/stats/leaders/), worked by
hand on 2026-11-22, and the same figures as the leader's own "my projects"."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from investment.choices import PlanType
from reports.figures.leaders import portfolios, sort_portfolios
from reports.figures.period import Period
from supervision.models import ProgressUpdate
from tests.api.cases import client_for
from tests.builders import make_plan, make_project, make_report
from tests.factories import LeaderFactory, ProjectFactory, RegionFactory, ZoneFactory
from tests.supervision.makers import make_blocker

pytestmark = pytest.mark.usefixtures("frozen_today")  # 2026-11-22
D = date(2026, 11, 22)
PAGE = reverse("reports:leaders")
API = "/api/stats/leaders/"


def reported(project, period_start, at="2026-11-20 10:00 +0800"):
    with time_machine.travel(at, tick=False):
        ProgressUpdate.objects.create(
            project=project, period_start=period_start, image_progress=Decimal(10), progress="x"
        )


@pytest.fixture
def desk(dave, city, zone_a, zone_b):
    """王市长 (dave's account) and 李副市长 share P1 and P2; P3 is Li's alone; 赵 has none.

    - P1 (zone A): new start broke ground 05-01, 5000 planned, 1000 done in March; an open
      blocker past its deadline; no update this month.
    - P2 (zone B): new start not started, 3000 planned; an open blocker due 11-30; its
      November update is in.
    - P3 (zone A): continuing, 2000 planned, 500 done in June; one closed blocker, no update.
    """
    wang = LeaderFactory(name="王市长", region=city, user=dave)
    li = LeaderFactory(name="李副市长", region=city)
    zhao = LeaderFactory(name="赵主任", region=city, level="district")
    p1 = make_project(zone_a, signing=date(2026, 3, 1), groundbreaking=date(2026, 5, 1))
    p1.set_leaders([wang, li])
    make_plan(p1, investment="5000")
    make_report(p1, 3, completed="1000")
    make_blocker(project=p1, deadline=date(2026, 11, 10))
    p2 = make_project(zone_b)
    p2.set_leaders([li, wang])
    make_plan(p2, investment="3000")
    make_blocker(project=p2)
    reported(p2, date(2026, 11, 1))
    p3 = make_project(zone_a)
    p3.set_leaders([li])
    make_plan(p3, PlanType.CONTINUING, investment="2000")
    make_report(p3, 6, completed="500")
    closed = make_blocker(project=p3, title="已销号")
    closed.status = "closed"
    closed.save()
    return wang, li, zhao


def row(data):
    return (
        data["projects"],
        data["started_new"],
        data["planned_new"],
        data["start_rate"],
        data["completed_investment"],
        data["planned_investment"],
        data["investment_completion_rate"],
        data["blockers_open"],
        data["blockers_overdue"],
        data["updates_due"],
        data["updates_missing"],
    )


def by_name(user):
    return {p.leader.name: row(p.as_dict()) for p in portfolios(user, Period(2026, D))}


def test_the_portfolios_worked_by_hand(dave, desk):
    assert by_name(dave) == {
        # P1, P2: 1 of 2 new starts; 1000 of 8000; P1's blocker overdue; P1 not reported.
        "王市长": (2, 1, 2, 0.5, "1000.00", "8000.00", 0.125, 2, 1, 2, 1),
        # P1, P2, P3: 1 of 2 new starts; 1500 of 10000; P3's blocker is closed.
        "李副市长": (3, 1, 2, 0.5, "1500.00", "10000.00", 0.15, 2, 1, 3, 2),
        "赵主任": (0, 0, 0, None, "0.00", "0.00", None, 0, 0, 0, 0),
    }


def test_an_official_compares_only_the_projects_of_its_zone(bob, desk):
    # Bob (zone B) sees the city's leaders, each with P2 only.
    assert by_name(bob) == {
        "王市长": (1, 0, 1, 0.0, "0.00", "3000.00", 0.0, 1, 0, 1, 0),
        "李副市长": (1, 0, 1, 0.0, "0.00", "3000.00", 0.0, 1, 0, 1, 0),
        "赵主任": (0, 0, 0, None, "0.00", "0.00", None, 0, 0, 0, 0),
    }


def test_sorting_puts_rates_without_a_denominator_last(dave, desk):
    rows = portfolios(dave, Period(2026, D))
    names = [p.leader.name for p in sort_portfolios(rows, "-investment_completion_rate")]
    assert names == ["李副市长", "王市长", "赵主任"]
    names = [p.leader.name for p in sort_portfolios(rows, "investment_completion_rate")]
    assert names == ["王市长", "李副市长", "赵主任"]
    names = [p.leader.name for p in sort_portfolios(rows, "-updates_missing")]
    assert names == ["李副市长", "王市长", "赵主任"]


def test_the_page_lists_the_leaders_sorted_and_links_each_portfolio(client, dave, desk):
    wang, li, _zhao = desk
    client.force_login(dave)
    response = client.get(PAGE, {"sort": "-projects"})
    assert response.status_code == 200
    assert [r.leader.name for r in response.context["rows"]] == ["李副市长", "王市长", "赵主任"]
    page = response.content.decode()
    assert reverse("reports:leader", args=[wang.pk]) in page
    assert 'data-sort="projects"' in page
    # An unknown column falls back to the names.
    response = client.get(PAGE, {"sort": "password"})
    assert response.context["sort"] == "name"


def test_a_leaders_portfolio_shows_the_figures_of_its_row(client, dave, desk):
    """One definition: /my/projects/, /leaders/<id>/, /leaders/ and the API agree."""
    wang, _li, _zhao = desk
    client.force_login(dave)
    mine = client.get(reverse("reports:my_projects")).context
    theirs = client.get(reverse("reports:leader", args=[wang.pk])).context
    listed = next(r for r in client.get(PAGE).context["rows"] if r.leader == wang)
    api = next(r for r in client_for(dave).get(API).json()["results"] if r["leader"] == wang.pk)
    for context in (mine, theirs):
        assert context["portfolio"].as_dict() == listed.as_dict() == api
        assert context["figures"].start_rate == listed.start_rate == 0.5
        assert [p.code for p in context["projects"]] == [p.code for p in mine["projects"]]
    assert (mine["blockers_total"], mine["portfolio"].blockers_overdue) == (2, 1)


def test_the_api_answers_sorted_and_filtered_portfolios(dave, desk, city):
    data = client_for(dave).get(API, {"sort": "-blockers_open", "level": "city"}).json()
    assert (data["year"], data["as_of"], data["sort"], data["count"]) == (
        2026,
        "2026-11-22",
        "-blockers_open",
        2,
    )
    assert [r["name"] for r in data["results"]] == ["李副市长", "王市长"]
    assert row(data["results"][0]) == (3, 1, 2, 0.5, "1500.00", "10000.00", 0.15, 2, 1, 3, 2)
    elsewhere = RegionFactory(code="AH")
    assert client_for(dave).get(API, {"region": elsewhere.pk}).status_code == 404
    assert client_for(dave).get(API, {"sort": "nope"}).status_code == 400


def test_a_leader_outside_the_users_regions_is_404(client, alice, bob, desk):
    far = LeaderFactory(name="外省领导", region=RegionFactory(code="AH"))
    client.force_login(bob)
    assert client.get(reverse("reports:leader", args=[far.pk])).status_code == 404
    assert far.pk not in [r.leader.pk for r in client.get(PAGE).context["rows"]]
    api = client_for(bob).get(API).json()
    assert far.pk not in [r["leader"] for r in api["results"]]


def test_anonymous_is_sent_to_log_in_and_the_api_is_401(client, desk):
    wang, _li, _zhao = desk
    for url in (PAGE, reverse("reports:leader", args=[wang.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url
    assert client_for(None).get(API).status_code == 401


def test_writes_are_refused(dave, desk):
    assert client_for(dave).post(API, {}).status_code == 405


def spread(city, count):
    """``count`` leaders of new zones, each answering for two key projects of its zone."""
    for _ in range(count):
        zone = ZoneFactory(region=city)
        leader = LeaderFactory(region=city)
        for _project in range(2):
            project = make_project(zone, groundbreaking=date(2026, 4, 1))
            project.set_leaders([leader])
            make_plan(project)
            make_report(project, 5, completed="100")
            make_blocker(project=project)


def test_the_comparison_costs_the_same_queries_for_3_and_30_leaders(
    client, dave, city, django_assert_num_queries
):
    client.force_login(dave)
    spread(city, 3)
    # session, user, memberships, leaders with their project counts, plan, investment,
    # blockers, updates
    with django_assert_num_queries(8):
        assert len(client.get(PAGE).context["rows"]) == 3
    spread(city, 27)
    with django_assert_num_queries(8):
        rows = client.get(PAGE).context["rows"]
    assert len(rows) == 30
    assert {(r.projects, r.start_rate, r.blockers_open) for r in rows} == {(2, 1.0, 2)}


def test_the_api_costs_the_same_queries_for_3_and_30_leaders(dave, city, django_assert_num_queries):
    api = client_for(dave)
    spread(city, 3)
    # token, memberships, leaders with their project counts, plan, investment, blockers,
    # updates
    with django_assert_num_queries(7):
        assert api.get(API, {"page_size": 500}).json()["count"] == 3
    spread(city, 27)
    with django_assert_num_queries(7):
        assert api.get(API, {"page_size": 500}).json()["count"] == 30


def test_a_portfolio_page_costs_the_same_queries_for_3_and_30_projects(
    client, dave, city, zone_a, django_assert_num_queries
):
    leader = LeaderFactory(region=city)
    client.force_login(dave)
    url = reverse("reports:leader", args=[leader.pk])

    def add(count):
        for _ in range(count):
            project = ProjectFactory(zone=zone_a)
            project.set_leaders([leader])
            make_plan(project)
            make_blocker(project=project)

    add(3)
    # session, user, memberships, leader, projects with their counts, four figure sections,
    # blockers, updates; the projects' lights (their dots: one query)
    with django_assert_num_queries(12):
        assert len(client.get(url).context["projects"]) == 3
    add(27)
    with django_assert_num_queries(12):
        assert len(client.get(url).context["projects"]) == 30
