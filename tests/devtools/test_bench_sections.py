"""manage.py bench: the hand-written SQL of the light pass and of the land, funds and team
figures gives what the ORM paths give, on small data worked by hand (PostgreSQL: the SQL is
PostgreSQL's)."""

from datetime import date, datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from devtools.bench import sections_sql
from devtools.bench.run import shared
from devtools.bench.sections import same_lights, stored_lights, team_results
from investment.choices import PlanType
from projects.choices import Cadence, MilestoneKind, Status
from reports.figures.funds import funds_figures
from reports.figures.land import land_figures
from reports.figures.period import Period
from reports.figures.scopes import Scope
from supervision.choices import BlockerStatus
from supervision.lights.evaluate import evaluate
from supervision.lights.models import ProjectLight
from supervision.models import ProgressUpdate
from tests.builders import make_plan, make_project, make_report
from tests.factories import (
    AttractionTeamFactory,
    LandParcelFactory,
    ProjectFactory,
    RegionFactory,
    ScoreTierFactory,
    ZoneFactory,
)
from tests.supervision.makers import make_blocker, make_notice

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the hand-written SQL is PostgreSQL's"
    ),
]

D = date(2026, 11, 22)  # a Sunday; the year's share gone: 326 / 365 = 89.32 %
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _update(project, period_start, reported_on, hour=18):
    update = ProgressUpdate.objects.create(
        project=project, period_start=period_start, image_progress=Decimal("50")
    )
    at = datetime(reported_on.year, reported_on.month, reported_on.day, hour, tzinfo=SHANGHAI)
    ProgressUpdate.objects.filter(pk=update.pk).update(reported_at=at)


def _key(zone, plan_type=PlanType.CONTINUING, investment="0", **fields):
    """A project on the year's plan (a key project the update rule follows), updated for
    the current month unless told otherwise."""
    project = ProjectFactory(zone=zone, **fields)
    make_plan(project, plan_type=plan_type, investment=investment)
    return project


@pytest.fixture
def lights_data(zone_a):
    """Projects each lit by one rule at a threshold's edge on D, worked by hand."""
    expected = {}

    # Planned start 2026-09-20, not started: 2 whole months late (≥ 1: yellow, < 3).
    project = _key(zone_a, plan_type=PlanType.NEW)
    project.plan_entries.update(planned_start_on=date(2026, 9, 20))
    _update(project, date(2026, 11, 1), date(2026, 11, 5))
    expected[project.pk] = ("yellow", ",start_late:yellow,")

    # Planned 1000, completed 693.20 by November: 69.32 %, 89.32 - 69.32 = 20.0 points
    # behind (≥ 10: yellow, not > 30); December's report does not count on D.
    project = _key(zone_a, investment="1000")
    make_report(project, 5, completed="400")
    make_report(project, 11, completed="293.20")
    make_report(project, 12, completed="300")
    _update(project, date(2026, 11, 1), date(2026, 11, 5))
    expected[project.pk] = ("yellow", ",investment_behind:yellow,")

    # Weekly, last updated for the week of Oct 26: weeks of Nov 2, 9 and 16 due by D, the
    # last still running: 2 periods missed (≥ 2: red).
    project = _key(zone_a, cadence=Cadence.WEEKLY)
    _update(project, date(2026, 10, 26), date(2026, 10, 30))
    expected[project.pk] = ("red", ",update_overdue:red,")

    # Half-monthly, updated for Nov 1-15: only Nov 16-30 is due, still running (0 missed).
    # An update of Nov 16-30 reported on the 23rd (after D) does not count.
    project = _key(zone_a, cadence=Cadence.BIWEEKLY)
    _update(project, date(2026, 11, 1), date(2026, 11, 10))
    _update(project, date(2026, 11, 16), date(2026, 11, 23), hour=10)
    expected[project.pk] = ("green", "")

    # Monthly, never updated: January to November due, 10 periods missed (red).
    project = _key(zone_a)
    expected[project.pk] = ("red", ",update_overdue:red,")

    # Blockers past their deadline: 16 days (> 15: red), 15 days (yellow); a closed one and
    # one raised after D do not count.
    project = ProjectFactory(zone=zone_a)
    make_blocker(project=project, raised_on=date(2026, 10, 1), deadline=date(2026, 11, 6))
    expected[project.pk] = ("red", ",blocker_overdue:red,")
    project = ProjectFactory(zone=zone_a)
    make_blocker(project=project, raised_on=date(2026, 10, 1), deadline=date(2026, 11, 7))
    make_blocker(
        project=project,
        raised_on=date(2026, 9, 1),
        deadline=date(2026, 9, 10),
        status=BlockerStatus.CLOSED,
        closed_on=date(2026, 9, 9),
    )
    make_blocker(project=project, raised_on=date(2026, 11, 23), deadline=date(2026, 11, 1))
    expected[project.pk] = ("yellow", ",blocker_overdue:yellow,")

    # Completion planned 30 days before D, not reached (> 0: yellow, not > 30); a signing 31
    # days late on another project (red).
    project = make_project(zone_a, planned={MilestoneKind.COMPLETION: date(2026, 10, 23)})
    expected[project.pk] = ("yellow", ",milestone_overdue:yellow,")
    project = make_project(zone_a, planned={MilestoneKind.SIGNING: date(2026, 10, 22)})
    expected[project.pk] = ("red", ",milestone_overdue:red,")

    # A notice unanswered one day past its deadline (red); an answered one (no reason).
    project = ProjectFactory(zone=zone_a)
    make_notice(project=project, deadline=date(2026, 11, 21))
    expected[project.pk] = ("red", ",notice_unanswered:red,")
    project = ProjectFactory(zone=zone_a)
    make_notice(project=project, deadline=date(2026, 11, 21), reply="已落实", replied_on=D)
    expected[project.pk] = ("green", "")

    # Stalled and cancelled projects are grey, late or not.
    project = make_project(zone_a, planned={MilestoneKind.COMPLETION: date(2026, 1, 1)})
    project.status = Status.STALLED
    project.save()
    expected[project.pk] = ("grey", "")
    project = ProjectFactory(zone=zone_a, status=Status.CANCELLED)
    expected[project.pk] = ("grey", "")
    return expected


def test_the_light_sql_colours_each_project_as_the_pass_stores_it(lights_data):
    evaluate(D)
    assert stored_lights() == lights_data
    assert sections_sql.lights_by_sql(D) == lights_data
    assert same_lights(D) == len(lights_data)


def test_the_light_check_names_the_projects_that_differ(lights_data):
    evaluate(D)
    changed = ProjectLight.objects.filter(color="green").first()
    ProjectLight.objects.filter(pk=changed.pk).update(color="red")
    with pytest.raises(CommandError, match="the lights of 1 projects"):
        same_lights(D)


def test_the_team_sql_scores_and_ranks_as_team_scores(city, zone_a):
    # zone_a's city has its own size table: ≥ 20,000 (万元) 12, else 4.
    ScoreTierFactory(region=city, min_investment=Decimal("0"), score=Decimal("4"))
    ScoreTierFactory(region=city, min_investment=Decimal("20000"), score=Decimal("12"))
    elsewhere = ZoneFactory(code="ZC", region=RegionFactory(code="ZJ", name="浙江省"))
    a = AttractionTeamFactory(zone=zone_a, name="招商一局")
    b = AttractionTeamFactory(zone=elsewhere, name="招商二局")
    c = AttractionTeamFactory(zone=zone_a, name="招商三局")
    # Team a: 30,000 signed and started in 2026: 12 × 0.4 = 4.80 and 12 × 0.3 = 3.60;
    # 5,000 signed in 2025, completed in 2026: 4 × 0.3 = 1.20. 9.60 in all.
    big = make_project(zone_a, "30000", signing=date(2026, 3, 1), groundbreaking=date(2026, 6, 1))
    small = make_project(zone_a, "5000", signing=date(2025, 5, 1), completion=date(2026, 10, 1))
    # Team b (the defaults): 120,000 completed in 2026: 30 × 0.3 = 9.00; 8,000 signed in
    # 2026: 5 × 0.4 = 2.00. 11.00 in all. Team c: nothing, 0.
    large = make_project(elsewhere, "120000", completion=date(2026, 9, 1))
    little = make_project(elsewhere, "8000", signing=date(2026, 2, 2))
    for project, team in ((big, a), (small, a), (large, b), (little, b)):
        project.team = team
        project.save()
    results = team_results(2026)
    assert sections_sql.teams_by_sql(2026) == shared(results, sections_sql.teams_by_sql(2026))
    assert [
        (t["team"], t["score"], t["rank"], [(c["project"], c["stage"]) for c in t["projects"]])
        for t in results
    ] == [
        (b.pk, "11.00", 1, [(large.pk, "completion"), (little.pk, "signing")]),
        (
            a.pk,
            "9.60",
            2,
            [(big.pk, "signing"), (big.pk, "groundbreaking"), (small.pk, "completion")],
        ),
        (c.pk, "0.00", 3, []),
    ]


def test_the_land_and_funds_sql_sum_as_the_figures(zone_a):
    period = Period(2026, D)
    # On the year's ledger: identified in 2026 (50 亩, 30 revitalized in May) and in 2025
    # still idle (10 亩): 2 parcels, 60 亩; 1 revitalized, 30 亩. Revitalized in 2025, or
    # identified after D: not on it.
    LandParcelFactory(
        zone=zone_a,
        area_mu=Decimal("50"),
        identified_on=date(2026, 3, 1),
        revitalized_on=date(2026, 5, 1),
        revitalized_mu=Decimal("30"),
    )
    LandParcelFactory(zone=zone_a, area_mu=Decimal("10"), identified_on=date(2025, 1, 1))
    LandParcelFactory(
        zone=zone_a,
        area_mu=Decimal("20"),
        identified_on=date(2025, 6, 1),
        revitalized_on=date(2025, 12, 1),
        revitalized_mu=Decimal("20"),
    )
    LandParcelFactory(zone=zone_a, area_mu=Decimal("5"), identified_on=date(2026, 12, 1))
    land = {
        "parcels_identified": 2,
        "mu_identified": "60.00",
        "parcels_revitalized": 1,
        "mu_revitalized": "30.00",
    }
    assert land_figures(Scope.everything(), period).as_dict() == land
    assert sections_sql.land_by_sql(period) == land
    # Months 10 and 11 of 2026 count (100 + 50 domestic, 30 + 20 of it from other
    # provinces, 5 foreign); December and 2025 do not.
    project = ProjectFactory(zone=zone_a)
    make_report(project, 10, domestic="100", out="30", foreign="5")
    make_report(project, 11, domestic="50", out="20")
    make_report(project, 12, domestic="70", out="7", foreign="7")
    make_report(project, 11, domestic="90", out="9", foreign="9", year=2025)
    funds = {"domestic": "150.00", "out_of_province": "50.00", "foreign_usd": "5.00"}
    # 资金到位率 is the ORM's alone: no project states its planned funds.
    assert funds_figures(Scope.everything(), period).as_dict() == {**funds, "in_place_rate": None}
    assert sections_sql.funds_by_sql(period) == funds


def test_the_benchmark_prints_the_light_pass_and_the_section_14_rows():
    out = StringIO()
    call_command("bench", zones=6, projects=240, repeat=1, stdout=out)
    report = out.getvalue()
    assert "the first run wrote 240 lights" in report
    for measure in ("light pass", "land figures", "funds in place", "team scores 4:3:3"):
        assert f"\n{measure}" in report, measure
