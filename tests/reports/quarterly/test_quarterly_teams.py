"""The attraction teams' ranking in the quarterly report and on the dashboard (SPEC section 14):
the same staged scores as the team ranking page, counting only the stages reached by the
report's date.

Zone A, 2026. 招商一局 brought in a 2亿 project (base 10) signed 2026-02-10 (40 % → 4.00)
and started 2026-05-06 (30 % → 3.00); 招商二局 a 60亿 project (base 60) signed 2026-08-01
(40 % → 24.00). As of Q1's end (03-31): 一局 4.00, 二局 0.00. As of 2026-11-22 (today):
二局 24.00 first, 一局 7.00 second.
"""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import AttractionTeamFactory, MilestoneFactory, ProjectFactory

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def teams(zone_a):
    first = AttractionTeamFactory(zone=zone_a, name="招商一局", lead="张三")
    second = AttractionTeamFactory(zone=zone_a, name="招商二局", lead="李四")
    small = ProjectFactory(zone=zone_a, team=first, total_investment=20000)
    MilestoneFactory(project=small, kind="signing", actual_on=date(2026, 2, 10))
    MilestoneFactory(project=small, kind="groundbreaking", actual_on=date(2026, 5, 6))
    large = ProjectFactory(zone=zone_a, team=second, total_investment=600000)
    MilestoneFactory(project=large, kind="signing", actual_on=date(2026, 8, 1))
    return first, second


def test_the_workbook_ranks_the_teams_on_the_stages_reached_by_the_quarters_end(
    client, alice, zone_a, teams
):
    client.force_login(alice)
    for quarter, expected in (
        (
            1,
            [
                [1, "招商一局", zone_a.name, "张三", 1, 4],
                [2, "招商二局", zone_a.name, "李四", 0, 0],
            ],
        ),
        (
            4,
            [
                [1, "招商二局", zone_a.name, "李四", 1, 24],
                [2, "招商一局", zone_a.name, "张三", 1, 7],
            ],
        ),
    ):
        response = client.get(
            reverse("reports:quarterly_excel"),
            {"zone": zone_a.pk, "year": 2026, "quarter": quarter},
        )
        sheet = load_workbook(BytesIO(response.content)).worksheets[3]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        ranked = [row for row in rows if row[1] in ("招商一局", "招商二局")]
        assert ranked == expected


def test_the_page_and_the_dashboard_show_the_same_scores(client, alice, zone_a, teams):
    client.force_login(alice)
    page = client.get(reverse("reports:quarterly"), {"zone": zone_a.pk, "year": 2026, "quarter": 4})
    board = client.get(reverse("reports:zone", args=[zone_a.pk]), {"year": 2026})
    on_page = [(team.name, str(team.score)) for team in page.context["report"].teams]
    on_board = [(team.name, str(team.score)) for team in board.context["board"].teams]
    assert on_page == on_board == [("招商二局", "24.00"), ("招商一局", "7.00")]
    assert 'id="dash-teams-table"' in board.content.decode()
