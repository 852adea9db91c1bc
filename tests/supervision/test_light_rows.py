"""The light's dot, with its reasons on hover, on every row of a project outside the project
list: my projects and a leader's portfolio, the round (调度), the 督办 list and the wall board
(挂图作战), whose rows come reds first."""

import re
from datetime import date

import pytest
from django.urls import reverse

from projects.choices import MilestoneKind
from supervision.lights.evaluate import evaluate
from tests.factories import AnnualPlanEntryFactory, LeaderFactory, MilestoneFactory, ProjectFactory
from tests.supervision.lights_makers import only_milestones_rule
from tests.supervision.makers import make_blocker

pytestmark = pytest.mark.usefixtures("frozen_today")

DAY = date(2026, 11, 22)
RED = "红灯：1 个节点超过计划日期，最长 43 天"  # completion planned 10-10: 43 days by 11-22
YELLOW = "黄灯：1 个节点超过计划日期，最长 12 天"  # planned 11-10: 12 days


def key_project(zone, code, planned=None):
    project = ProjectFactory(zone=zone, code=code, name=f"项目{code}", cadence="monthly")
    AnnualPlanEntryFactory(project=project, year=2026)
    if planned:
        MilestoneFactory(project=project, kind=MilestoneKind.COMPLETION, planned_on=planned)
    return project


@pytest.fixture
def lit(zone_a):
    """In zone A, by the late milestone's rule alone: A1 green (nothing late), A2 red (43
    days), A3 yellow (12 days)."""
    only_milestones_rule()
    projects = {
        "A1": key_project(zone_a, "A1"),
        "A2": key_project(zone_a, "A2", date(2026, 10, 10)),
        "A3": key_project(zone_a, "A3", date(2026, 11, 10)),
    }
    evaluate(DAY)
    return projects


def dots(response):
    """The dots of a page: (light, hover text) in the order of the rows."""
    html = response.content.decode()
    return re.findall(r'data-light="(\w+)" title="([^"]*)"', html)


def hover(response, color):
    return [title for light, title in dots(response) if light == color]


def test_the_round_shows_each_projects_dot_with_its_reasons(client, alice, lit):
    client.force_login(alice)
    response = client.get(reverse("supervision:round"))
    assert [light for light, _title in dots(response)] == ["green", "red", "yellow"]
    assert hover(response, "red") == [RED]
    assert hover(response, "yellow") == [YELLOW]


def test_the_blocker_list_shows_the_dot_of_each_blockers_project(client, alice, lit):
    make_blocker(project=lit["A2"], title="红灯项目的堵点")
    make_blocker(project=lit["A3"], title="黄灯项目的堵点")
    client.force_login(alice)
    response = client.get(reverse("supervision:blockers"))
    assert sorted(light for light, _title in dots(response)) == ["red", "yellow"]
    assert hover(response, "red")[0].startswith(RED)


@pytest.mark.parametrize("mine", [True, False])
def test_my_projects_and_a_portfolio_show_the_dots(client, dave, city, lit, mine):
    leader = LeaderFactory(name="王市长", region=city, user=dave if mine else None)
    for project in (lit["A2"], lit["A3"]):
        project.set_leaders([leader])
    client.force_login(dave)
    url = reverse("reports:my_projects") if mine else reverse("reports:leader", args=[leader.pk])
    response = client.get(url)
    assert sorted(light for light, _title in dots(response)) == ["red", "yellow"]
    assert hover(response, "yellow")[0].startswith(YELLOW)


def test_the_wall_board_shows_the_dots_reds_first_then_yellows(client, alice, zone_a, lit):
    client.force_login(alice)
    response = client.get(
        reverse("reports:wallboard", args=[zone_a.pk]), {"year": 2026, "as_of": "2026-11-22"}
    )
    rows = [row.project.code for row in response.context["board"].rows]
    assert rows == ["A2", "A3", "A1"]  # by light, not by code
    assert [light for light, _title in dots(response)] == ["red", "yellow", "green"]
    assert hover(response, "red")[0].startswith(RED)
