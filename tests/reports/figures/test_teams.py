"""The staged 4:3:3 scoring of attraction teams, worked by hand.

Base scores by total investment (万元), by default: below 10,000 → 5; from 10,000 (1亿) →
10; from 100,000 (10亿) → 30; from 500,000 (50亿) → 60. A team earns 40 % of a project's base
in the year of its signing, 30 % in the year of its groundbreaking, 30 % in the year of its
completion.
"""

from datetime import date
from decimal import Decimal

import pytest

from projects.models import DEFAULT_SCORE_TIERS, base_score
from reports.figures.scopes import Scope
from reports.figures.teams import team_scores
from tests.builders import api
from tests.factories import (
    AttractionTeamFactory,
    MilestoneFactory,
    ProjectFactory,
    RegionFactory,
    ScoreTierFactory,
    ZoneFactory,
)

pytestmark = pytest.mark.django_db


def project_of(team, total, **reached):
    """A project of ``team`` with ``total`` 万元 and the milestones reached on the dates given."""
    project = ProjectFactory(zone=team.zone, team=team, total_investment=Decimal(total))
    for kind, day in reached.items():
        MilestoneFactory(project=project, kind=kind, actual_on=day)
    return project


def scores(scope, year):
    return [(row.name, str(row.score), row.rank) for row in team_scores(scope, year)]


def test_a_12_yi_project_scores_12_then_9_then_9_across_three_years(zone_a):
    team = AttractionTeamFactory(zone=zone_a, name="招商一局")
    project = project_of(
        team,
        "120000",
        signing=date(2024, 3, 1),
        groundbreaking=date(2025, 5, 1),
        completion=date(2026, 6, 1),
        production=date(2026, 9, 1),  # production earns nothing
    )
    scope = Scope.for_zone(zone_a)

    by_year = {year: team_scores(scope, year)[0] for year in (2023, 2024, 2025, 2026)}

    assert {year: str(row.score) for year, row in by_year.items()} == {
        2023: "0.00",
        2024: "12.00",
        2025: "9.00",
        2026: "9.00",
    }
    assert [c.as_dict() for c in by_year[2025].credits] == [
        {
            "project": project.pk,
            "code": project.code,
            "name": project.name,
            "stage": "groundbreaking",
            "reached_on": "2025-05-01",
            "total_investment": "120000.00",
            "base": "30.00",
            "share": "0.30",
            "score": "9.00",
        }
    ]


def test_two_stages_in_one_year_both_count(zone_a):
    team = AttractionTeamFactory(zone=zone_a)
    project_of(team, "20000", signing=date(2026, 1, 5), groundbreaking=date(2026, 4, 1))
    [row] = team_scores(Scope.for_zone(zone_a), 2026)
    # 1亿-10亿: base 10 → 4.00 + 3.00
    assert [(c.stage, str(c.score)) for c in row.credits] == [
        ("signing", "4.00"),
        ("groundbreaking", "3.00"),
    ]
    assert str(row.score) == "7.00"


def test_as_of_counts_only_the_stages_reached_by_that_day(zone_a):
    team = AttractionTeamFactory(zone=zone_a)
    project_of(team, "20000", signing=date(2026, 1, 5), groundbreaking=date(2026, 4, 1))
    scope = Scope.for_zone(zone_a)
    # The first quarter's report: the signing (4.00) only; the groundbreaking on 04-01 comes
    # the day after; on 04-01 itself it counts (7.00).
    assert str(team_scores(scope, 2026, date(2026, 3, 31))[0].score) == "4.00"
    assert str(team_scores(scope, 2026, date(2026, 4, 1))[0].score) == "7.00"


@pytest.mark.parametrize(
    ("total", "base"),
    [
        ("0.00", "5"),
        ("9999.99", "5"),
        ("10000.00", "10"),
        ("99999.99", "10"),
        ("100000.00", "30"),
        ("499999.99", "30"),
        ("500000.00", "60"),
        ("2000000.00", "60"),
    ],
)
def test_the_default_size_table_at_its_boundaries(total, base):
    assert base_score(DEFAULT_SCORE_TIERS, Decimal(total)) == Decimal(base)


def test_the_nearest_region_with_a_table_decides_else_the_defaults(city):
    county = RegionFactory(name="丹徒区", code="JS-ZJ-DT", parent=city)
    other_city = RegionFactory(name="扬州市", code="JS-YZ", parent=city.parent)
    in_county = ZoneFactory(code="ZC", region=county)
    in_city = ZoneFactory(code="ZD", region=city)
    elsewhere = ZoneFactory(code="ZE", region=other_city)
    # 镇江市's own table: from 0: 2, from 5,000 (5000万): 8, from 50,000 (5亿): 20.
    for minimum, score in (("0", "2"), ("5000", "8"), ("50000", "20")):
        ScoreTierFactory(region=city, min_investment=Decimal(minimum), score=Decimal(score))
    # The province's table is farther up than 镇江市's for 镇江's zones.
    ScoreTierFactory(region=city.parent, min_investment=Decimal("0"), score=Decimal("100"))
    teams = {}
    for zone in (in_county, in_city, elsewhere):
        teams[zone.code] = AttractionTeamFactory(zone=zone, name=f"{zone.code}局")
        project_of(teams[zone.code], "60000", signing=date(2026, 2, 1))

    rows = {row.name: str(row.score) for row in team_scores(Scope.everything(), 2026)}

    # 6亿: 镇江's table gives 20 (the county has none: its city's applies) → 40 % = 8.00;
    # 扬州 has no table: the province's gives 100 → 40.00.
    assert rows == {"ZC局": "8.00", "ZD局": "8.00", "ZE局": "40.00"}


def test_without_any_table_the_defaults_apply(zone_a):
    team = AttractionTeamFactory(zone=zone_a)
    project_of(team, "600000", signing=date(2026, 2, 1))
    assert str(team_scores(Scope.for_zone(zone_a), 2026)[0].score) == "24.00"


def test_teams_rank_by_score_with_shared_ranks_and_zero_scores_last(city, zone_a, zone_b):
    first = AttractionTeamFactory(zone=zone_a, name="招商一局")
    second = AttractionTeamFactory(zone=zone_b, name="招商二局")
    tied = AttractionTeamFactory(zone=zone_a, name="招商三局")
    AttractionTeamFactory(zone=zone_b, name="北京小分队")  # nothing this year
    project_of(first, "120000", signing=date(2026, 3, 1), groundbreaking=date(2026, 5, 1))
    project_of(second, "20000", signing=date(2026, 3, 1))
    project_of(tied, "20000", groundbreaking=date(2025, 3, 1), completion=date(2026, 7, 1))
    project_of(tied, "3000", signing=date(2026, 1, 1))  # base 5 → 2.00

    assert scores(Scope.for_region(city), 2026) == [
        ("招商一局", "21.00", 1),  # 12 + 9
        ("招商三局", "5.00", 2),  # completion 3.00 + signing 2.00
        ("招商二局", "4.00", 3),
        ("北京小分队", "0.00", 4),
    ]
    # Within zone A only its teams, ranked among themselves.
    assert scores(Scope.for_zone(zone_a), 2026) == [
        ("招商一局", "21.00", 1),
        ("招商三局", "5.00", 2),
    ]


def test_equal_scores_share_a_rank(zone_a, zone_b):
    for zone, name in ((zone_a, "甲局"), (zone_b, "乙局"), (zone_a, "丙局")):
        team = AttractionTeamFactory(zone=zone, name=name)
        project_of(team, "20000" if name != "丙局" else "3000", signing=date(2026, 3, 1))
    assert [(n, r) for n, _s, r in scores(Scope.everything(), 2026)] == [
        ("甲局", 1),
        ("乙局", 1),
        ("丙局", 3),
    ]


def test_a_project_without_a_team_earns_nothing(zone_a):
    AttractionTeamFactory(zone=zone_a, name="招商一局")
    ProjectFactory(zone=zone_a, total_investment=Decimal("120000"))
    assert scores(Scope.for_zone(zone_a), 2026) == [("招商一局", "0.00", 1)]


@pytest.mark.parametrize("zones", [3, 30])
def test_the_scores_take_three_queries_however_many_zones(city, zones, django_assert_num_queries):
    for number in range(zones):
        zone = ZoneFactory(code=f"Z{number:02d}", region=city)
        for name in ("一局", "二局"):
            team = AttractionTeamFactory(zone=zone, name=name)
            project_of(team, "120000", signing=date(2026, 3, 1), completion=date(2026, 9, 1))
    # the teams, the milestones reached in the year, the size tables
    with django_assert_num_queries(3):
        rows = team_scores(Scope.for_region(city), 2026)
    assert len(rows) == 2 * zones
    assert {str(row.score) for row in rows} == {"21.00"}


def test_last_year_is_the_score_on_the_same_date_a_year_earlier(zone_a):
    # P1 (2亿, base 10) signed 2025-03-01 (2025: 4.00), started 2026-05-06 (2026: 3.00);
    # P2 (60亿, base 60) signed 2026-02-10 (2026: 24.00); P3 (2亿) started 2025-06-01, after
    # 2025-04-01 (2025: 3.00 only from June on).
    team = AttractionTeamFactory(zone=zone_a, name="招商一局")
    AttractionTeamFactory(zone=zone_a, name="招商二局")
    project_of(team, "20000", signing=date(2025, 3, 1), groundbreaking=date(2026, 5, 6))
    project_of(team, "600000", signing=date(2026, 2, 10))
    project_of(team, "20000", groundbreaking=date(2025, 6, 1))
    scope = Scope.for_zone(zone_a)
    first, idle = team_scores(scope, 2026, date(2026, 4, 1), last_year=True)
    # 2026 to 04-01: 24.00; 2025 to 04-01: 4.00; (24 − 4) / 4 = 5.0
    assert (str(first.score), str(first.last_year_score), first.growth) == ("24.00", "4.00", 5.0)
    [first, idle] = team_scores(scope, 2026, date(2026, 11, 22), last_year=True)
    # 2026: 24 + 3 = 27.00; 2025 to 11-22: 4 + 3 = 7.00; (27 − 7) / 7 = 2.857142… → 2.8571
    assert (str(first.score), str(first.last_year_score), first.growth) == ("27.00", "7.00", 2.8571)
    assert [c.stage for c in first.credits] == ["signing", "groundbreaking"]  # this year's only
    assert (idle.score, idle.last_year_score, idle.growth) == (0, 0, None)


def test_the_api_gives_each_team_its_last_year_and_growth(zone_a, alice, frozen_today):
    team = AttractionTeamFactory(zone=zone_a)
    project_of(team, "20000", signing=date(2025, 3, 1))  # 2025: 4.00
    project_of(team, "20000", signing=date(2026, 3, 1), groundbreaking=date(2026, 6, 1))
    data = api(alice).get("/api/stats/teams/", {"year": 2026, "zone": zone_a.pk}).json()
    assert data["as_of"] == "2026-11-22"
    [row] = data["results"]
    # 2026: 4.00 + 3.00 = 7.00 against 4.00: (7 − 4) / 4 = 0.75
    assert (row["score"], row["last_year_score"], row["growth"]) == ("7.00", "4.00", 0.75)
