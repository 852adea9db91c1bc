"""``team_totals`` (a dashboard's short ranking, added up in the database) gives each team
the score, rank, project count and last year's score that ``team_scores`` (the ranking
page, credit by credit) gives it, with the numbers worked by hand once.
"""

from datetime import date
from decimal import Decimal

import pytest

from parks.models import Zone
from projects.models import Project
from reports.figures import rollups
from reports.figures.bundle import ZoneFigures
from reports.figures.period import Period
from reports.figures.scopes import Scope
from reports.figures.stats import scope_figures, scope_standings
from reports.figures.teams import TeamTally, leaders, standings, team_scores, team_totals
from reports.models import ScopeRollup
from tests.factories import AttractionTeamFactory, RegionFactory, ScoreTierFactory, ZoneFactory
from tests.reports.figures.test_teams import project_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams(city, zone_a, zone_b):
    """镇江市 scores by its own table (from 0: 7.25; from 1亿: 10.50); 扬州市 by the defaults."""
    ScoreTierFactory(region=city, min_investment=Decimal("0"), score=Decimal("7.25"))
    ScoreTierFactory(region=city, min_investment=Decimal("10000"), score=Decimal("10.50"))
    other_city = RegionFactory(name="扬州市", code="JS-YZ", parent=city.parent)
    zone_c = ZoneFactory(code="ZC", region=other_city)
    first = AttractionTeamFactory(zone=zone_a, name="招商一局")
    second = AttractionTeamFactory(zone=zone_b, name="招商二局")
    third = AttractionTeamFactory(zone=zone_c, name="招商三局")
    AttractionTeamFactory(zone=zone_c, name="北京小分队")  # nothing
    # 一局: 2亿 signed and started in 2026 → 10.50 × (0.40 + 0.30) = 4.20 + 3.15 = 7.35;
    # 3000万 signed in 2026 → 7.25 × 0.40 = 2.90; completed in 2026: 7.25 × 0.30 = 2.175 → 2.18.
    project_of(first, "20000", signing=date(2026, 3, 1), groundbreaking=date(2026, 5, 1))
    project_of(first, "3000", signing=date(2026, 2, 1), completion=date(2026, 6, 1))
    # and last year by 22 November: a signing (2.90); one on 1 December 2025 is after it.
    project_of(first, "3000", signing=date(2025, 4, 1))
    project_of(first, "3000", signing=date(2025, 12, 1))
    # 二局: 3000万 started and completed in 2026 → 2.18 + 2.18 = 4.36.
    project_of(second, "3000", groundbreaking=date(2026, 1, 5), completion=date(2026, 8, 1))
    # 三局 (defaults): 60亿 signed in 2026 → 60 × 0.40 = 24.00; one started after the date.
    project_of(third, "600000", signing=date(2026, 4, 1))
    project_of(third, "600000", groundbreaking=date(2026, 11, 23))
    return first, second, third


def shown(rows):
    return [
        (row.name, str(row.score), row.rank, row.project_count, str(row.last_year_score))
        for row in rows
    ]


AS_OF = date(2026, 11, 22)


def test_the_totals_worked_by_hand(teams):
    assert shown(team_totals(Scope.everything(), 2026, AS_OF, last_year=True)) == [
        ("招商三局", "24.00", 1, 1, "0.00"),
        ("招商一局", "12.43", 2, 2, "2.90"),  # 7.35 + 2.90 + 2.18
        ("招商二局", "4.36", 3, 1, "0.00"),
        ("北京小分队", "0.00", 4, 0, "0.00"),
    ]


@pytest.mark.parametrize("scope_of", ["everything", "city", "zone"])
def test_the_totals_equal_the_ranking_pages(teams, city, zone_a, scope_of):
    scope = {
        "everything": Scope.everything(),
        "city": Scope.for_region(city),
        "zone": Scope.for_zone(zone_a),
    }[scope_of]
    for as_of, last_year in ((AS_OF, True), (None, False), (date(2026, 3, 1), True)):
        by_credits = team_scores(scope, 2026, as_of, last_year=last_year)
        added_up = team_totals(scope, 2026, as_of, last_year=last_year)
        assert shown(added_up) == shown(by_credits)


def test_a_project_moved_out_of_the_scope_is_not_counted_for_its_team(teams, city, zone_a):
    first, _second, _third = teams
    elsewhere = ZoneFactory(code="ZX", region=RegionFactory(code="JS-NJ", parent=city.parent))
    moved = Project.objects.filter(team=first).order_by("code").first()  # the 2亿: 7.35
    moved.zone = elsewhere
    moved.save(update_fields=["zone"])
    scope = Scope.for_region(city)
    assert shown(team_totals(scope, 2026, AS_OF)) == shown(team_scores(scope, 2026, AS_OF))
    assert str(team_totals(scope, 2026, AS_OF)[0].score) == "5.08"  # 2.90 + 2.18


@pytest.mark.parametrize("zones", [3, 30])
def test_the_totals_take_five_queries_however_many_zones(city, zones, django_assert_num_queries):
    for number in range(zones):
        zone = ZoneFactory(code=f"Z{number:02d}", region=city)
        team = AttractionTeamFactory(zone=zone, name="一局")
        project_of(team, "120000", signing=date(2026, 3, 1), completion=date(2026, 9, 1))
    # the teams, the zones' region paths, their size tables, the stages by team, year, stage
    # and base score, the projects by team
    with django_assert_num_queries(5):
        rows = team_totals(Scope.for_region(city), 2026)
    assert {str(row.score) for row in rows} == {"21.00"}


def test_the_rollups_tallies_rank_the_teams_as_the_ranking_page(teams, city, frozen_today):
    # frozen_today is AS_OF: the zones' rollups hold the tallies of this year and last.
    period = Period(2026, AS_OF)
    zones = list(Zone.objects.order_by("pk").values_list("pk", flat=True))
    reading = rollups.read(zones, period)
    this, last = ZoneFigures(), ZoneFigures()
    for zone_id in zones:
        this += reading.current[zone_id]
        last += reading.last_year[zone_id]
    for scope in (Scope.everything(), Scope.for_region(city)):
        by_credits = team_scores(scope, 2026, AS_OF, last_year=True)
        top, count = standings(scope, this.teams, last.teams, limit=2)
        assert shown(top) == shown(by_credits)[:2]
        assert count == len(by_credits)


@pytest.mark.parametrize("kept", [2, 20])
def test_a_region_rows_best_teams_rank_as_the_ranking_page(
    teams, city, zone_a, frozen_today, monkeypatch, kept
):
    """A region row keeps its ``kept`` best teams (``leaders``); the ranking read from them,
    or from all its tallies when they cannot tell, is the ranking page's."""
    monkeypatch.setattr("reports.figures.teams.LEADERS", kept)
    first, _second, _third = teams
    nanjing = RegionFactory(code="JS-NJ", parent=city.parent)
    moved = Project.objects.filter(team=first).order_by("code").first()  # the 2亿: 7.35
    moved.zone = ZoneFactory(code="ZX", region=nanjing)  # 一局 scores there, outside its scope
    moved.save(update_fields=["zone"])
    period = Period(2026, AS_OF)
    ScopeRollup.objects.all().delete()  # added up again with `kept` leaders
    for scope in (Scope.everything(), Scope.for_region(city), Scope.for_region(nanjing)):
        figures = scope_figures(scope, period, teams=True)
        assert figures.source == rollups.ROLLUP and figures.leaders is not None
        by_credits = team_scores(scope, 2026, AS_OF, last_year=True)
        for limit in (1, 2, 3):
            top, count = scope_standings(scope, period, figures, limit)
            assert shown(top) == shown(by_credits)[:limit], (scope, limit)
            assert count == len(by_credits)


def test_the_leaders_worked_by_hand():
    # team id -> [score in cents, projects], as a region row encodes its tallies
    this = {"7": [2400, 1], "3": [1243, 2], "9": [436, 1], "4": [436, 1]}
    last = {"3": [290, 1], "5": [100, 1]}
    best = leaders(this, last)
    assert best.complete and best.floor == 0  # 5 teams, last year's included: all kept
    assert best.teams == ((7, 2400, 1, 0), (3, 1243, 2, 290), (4, 436, 1, 0), (9, 436, 1, 0),
                          (5, 0, 0, 100))  # fmt: skip
    assert best.tallies()[1] == {3: TeamTally(Decimal("2.90")), 5: TeamTally(Decimal("1.00"))}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("reports.figures.teams.LEADERS", 3)
        best = leaders(this, last)
    # the third best scores 4.36, which two teams share: both kept, the rest left out
    assert not best.complete and best.floor == 436
    assert [team for team, *_ in best.teams] == [7, 3, 4, 9]
