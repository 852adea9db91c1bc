"""/api/stats/teams/: the documented shape, scopes and isolation."""

from datetime import date
from decimal import Decimal

import pytest

from reports.api.serializers import TeamsSerializer
from tests.builders import api
from tests.factories import AttractionTeamFactory, MilestoneFactory, ProjectFactory

pytestmark = pytest.mark.django_db

URL = "/api/stats/teams/"


@pytest.fixture
def teams(zone_a, zone_b, frozen_today):
    first = AttractionTeamFactory(zone=zone_a, name="招商一局", lead="张局长")
    scouts = AttractionTeamFactory(zone=zone_b, name="北京小分队")
    big = ProjectFactory(zone=zone_a, team=first, total_investment=Decimal("120000"))
    MilestoneFactory(project=big, kind="signing", actual_on=date(2025, 12, 1))
    MilestoneFactory(project=big, kind="groundbreaking", actual_on=date(2026, 5, 1))
    small = ProjectFactory(zone=zone_b, team=scouts, total_investment=Decimal("600000"))
    MilestoneFactory(project=small, kind="signing", actual_on=date(2026, 2, 1))
    return first, scouts, big, small


def test_it_answers_the_teams_ranked_in_the_documented_shape(dave, city, teams):
    first, scouts, big, small = teams
    response = api(dave).get(URL, {"year": 2026, "region": city.pk})
    assert response.status_code == 200
    data = response.json()
    assert TeamsSerializer(data).data == data  # every key documented, every type as declared
    assert (data["scope"]["type"], data["year"]) == ("region", 2026)
    assert [(r["rank"], r["team"], r["name"], r["zone"], r["score"]) for r in data["results"]] == [
        (1, scouts.pk, "北京小分队", scouts.zone_id, "24.00"),  # 60亿 signed: 60 × 40 %
        (2, first.pk, "招商一局", first.zone_id, "9.00"),  # 12亿 broke ground: 30 × 30 %
    ]
    assert data["results"][1]["projects"] == [
        {
            "project": big.pk,
            "code": big.code,
            "name": big.name,
            "stage": "groundbreaking",
            "reached_on": "2026-05-01",
            "total_investment": "120000.00",
            "base": "30.00",
            "share": "0.30",
            "score": "9.00",
        }
    ]


def test_the_year_defaults_to_this_year_and_decides_the_stages(alice, teams):
    data = api(alice).get(URL).json()
    assert data["year"] == 2026
    assert [(r["name"], r["score"]) for r in data["results"]] == [("招商一局", "9.00")]
    data = api(alice).get(URL, {"year": 2025}).json()
    assert [(r["name"], r["score"]) for r in data["results"]] == [("招商一局", "12.00")]


def test_an_official_sees_its_zones_teams_only_and_another_zone_is_404(alice, zone_b, teams):
    assert [r["name"] for r in api(alice).get(URL, {"year": 2026}).json()["results"]] == [
        "招商一局"
    ]
    assert api(alice).get(URL, {"zone": zone_b.pk}).status_code == 404


def test_a_zone_and_a_region_together_are_refused(dave, city, zone_a, teams):
    response = api(dave).get(URL, {"zone": zone_a.pk, "region": city.pk})
    assert response.status_code == 400


def test_anonymous_is_refused(teams):
    assert api(None).get(URL).status_code == 401
