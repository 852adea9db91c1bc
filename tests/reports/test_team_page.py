"""The team ranking page (/teams/): ranks, the projects and stages behind a score, who may
add a team, and the link from the dashboards."""

from datetime import date
from decimal import Decimal

import pytest

from projects.models import AttractionTeam
from tests.factories import AttractionTeamFactory, MilestoneFactory, ProjectFactory, ZoneFactory

pytestmark = pytest.mark.django_db

PAGE = "/teams/"


@pytest.fixture
def ranked(zone_a, zone_b, frozen_today):
    """招商一局 of zone A: a 12亿 project signed 2024, started 2025, completed 2026 (9.00 in
    2026); 北京小分队 of zone B: a 2亿 project signed 2026 (4.00)."""
    first = AttractionTeamFactory(zone=zone_a, name="招商一局", lead="张局长")
    scouts = AttractionTeamFactory(zone=zone_b, name="北京小分队")
    big = ProjectFactory(zone=zone_a, team=first, code="ZA-001", total_investment=Decimal("120000"))
    for kind, day in (
        ("signing", date(2024, 3, 1)),
        ("groundbreaking", date(2025, 5, 1)),
        ("completion", date(2026, 6, 1)),
    ):
        MilestoneFactory(project=big, kind=kind, actual_on=day)
    small = ProjectFactory(
        zone=zone_b, team=scouts, code="ZB-001", total_investment=Decimal("20000")
    )
    MilestoneFactory(project=small, kind="signing", actual_on=date(2026, 2, 1))
    return first, scouts, big


def rows(response):
    html = response.content.decode()
    return [team.name for team in response.context["teams"]], html


def test_leadership_sees_the_citys_teams_ranked_with_the_stages_behind_each_score(
    client, dave, city, ranked
):
    first, scouts, big = ranked
    client.force_login(dave)
    response = client.get(PAGE, {"region": city.pk, "year": 2026})
    assert response.status_code == 200
    names, html = rows(response)
    assert names == ["招商一局", "北京小分队"]
    assert [str(t.score) for t in response.context["teams"]] == ["9.00", "4.00"]
    assert f'data-project="{big.pk}" data-stage="completion"' in html
    assert "<details>" in html
    assert 'id="team-form"' not in html  # leadership reads only


def test_earlier_years_show_the_earlier_stages(client, dave, city, ranked):
    client.force_login(dave)
    response = client.get(PAGE, {"region": city.pk, "year": 2024})
    assert [(t.name, str(t.score)) for t in response.context["teams"]] == [
        ("招商一局", "12.00"),
        ("北京小分队", "0.00"),
    ]


def test_an_official_sees_only_its_zones_teams_and_another_zone_is_404(
    client, alice, zone_b, ranked
):
    client.force_login(alice)
    names, _html = rows(client.get(PAGE, {"year": 2026}))
    assert names == ["招商一局"]
    assert client.get(PAGE, {"zone": zone_b.pk}).status_code == 404


def test_an_official_adds_a_team_to_its_zone_from_the_page(client, alice, zone_a, ranked):
    client.force_login(alice)
    page = client.get(PAGE, {"zone": zone_a.pk, "year": 2026})
    assert 'id="team-form"' in page.content.decode()

    response = client.post(
        f"/teams/zone/{zone_a.pk}/new/",
        {
            "name": "上海小分队",
            "lead": "陈队长",
            "members": "李明、王芳",
            "next": f"{PAGE}?zone={zone_a.pk}",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?zone={zone_a.pk}"
    team = AttractionTeam.objects.get(name="上海小分队")
    assert (team.zone, team.lead, team.member_list()) == (zone_a, "陈队长", ["李明", "王芳"])


def test_a_duplicate_team_name_is_refused_with_the_models_message(client, alice, zone_a, ranked):
    client.force_login(alice)
    response = client.post(
        f"/teams/zone/{zone_a.pk}/new/", {"name": "招商一局", "next": PAGE}, follow=True
    )
    assert AttractionTeam.objects.filter(zone=zone_a, name="招商一局").count() == 1
    assert "这个开发区已有同名的招商组。" in response.content.decode()


def test_who_may_not_write_the_zone_adds_no_team(client, bob, dave, zone_a, ranked):
    client.force_login(bob)
    assert client.post(f"/teams/zone/{zone_a.pk}/new/", {"name": "X"}).status_code == 404
    client.force_login(dave)
    assert client.post(f"/teams/zone/{zone_a.pk}/new/", {"name": "X"}).status_code == 403
    assert not AttractionTeam.objects.filter(name="X").exists()


def test_the_dashboards_link_to_the_team_ranking(client, dave, alice, city, zone_a, ranked):
    client.force_login(dave)
    html = client.get(f"/dashboard/region/{city.pk}/", {"year": 2026}).content.decode()
    assert f'href="/teams/?year=2026&amp;region={city.pk}" id="teams-link"' in html
    client.force_login(alice)
    html = client.get(f"/dashboard/zone/{zone_a.pk}/", {"year": 2026}).content.decode()
    assert f'href="/teams/?year=2026&amp;zone={zone_a.pk}" id="teams-link"' in html


@pytest.mark.parametrize("zones", [3, 30])
def test_the_page_costs_the_same_queries_for_3_or_30_zones(
    client, dave, city, zones, frozen_today, django_assert_num_queries
):
    for number in range(zones):
        zone = ZoneFactory(code=f"Z{number:02d}", region=city)
        team = AttractionTeamFactory(zone=zone, name="一局")
        project = ProjectFactory(zone=zone, team=team)
        MilestoneFactory(project=project, kind="signing", actual_on=date(2026, 3, 1))
    client.force_login(dave)
    # session, user, memberships, regions read whole (scope), the teams, their milestones,
    # the size tables, the breadcrumbs, the zones and regions of the pickers
    with django_assert_num_queries(10):
        response = client.get(PAGE, {"region": city.pk, "year": 2026})
    assert len(response.context["teams"]) == zones


def test_without_a_year_the_picker_shows_the_year_the_page_ranks(client, dave, ranked):
    client.force_login(dave)
    response = client.get(PAGE)
    assert [str(t.score) for t in response.context["teams"]] == ["9.00", "4.00"]
    assert '<option value="2026" selected>' in response.content.decode()
