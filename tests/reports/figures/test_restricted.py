"""The seeds' denominators (plan figures over some projects), targets with a category and
level, 按期竣工率, 投产达效率 and the median days from signing to production, against numbers
worked by hand."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from investment.choices import PlanType, TargetMetric
from projects.choices import Category, Level
from reports.figures.metrics import figures_for, figures_per_zone
from reports.figures.period import Period
from reports.figures.restriction import Restriction
from reports.figures.scopes import Scope
from tests.builders import AS_OF, Y, make_plan, make_project, make_report
from tests.factories import TargetFactory

pytestmark = pytest.mark.django_db

STARTED = date(2026, 4, 10)
MFG, TECH, SERVICES = Category.MANUFACTURING, Category.TECH_RENOVATION, Category.SERVICES
CITY, PROVINCE, GENERAL = Level.CITY_KEY, Level.PROVINCIAL_MAJOR, Level.GENERAL


def project(zone, category, level, total="5000", **milestones):
    built = make_project(zone, total=total, **milestones)
    built.category, built.level = category, level
    built.save(update_fields=["category", "level"])
    return built


# The plan of one zone: (category, level, total investment 万元, started) per new start.
NEW_STARTS = [
    *[(MFG, CITY, "20000", True)] * 3,  # M1-M3
    (MFG, CITY, "20000", False),  # M4
    (TECH, GENERAL, "20000", True),  # T1
    (TECH, GENERAL, "5000", False),  # T2
    (SERVICES, PROVINCE, "20000", True),  # S1
    *[(SERVICES, GENERAL, "5000", True)] * 4,  # S2-S5
    (SERVICES, GENERAL, "5000", False),  # S6
]


@pytest.fixture
def plan(zone_a):
    """12 new starts (9 started), 4 continuing (3 resumed), 1000 planned each; completed
    investment 2000 by M1 and 3000 by S1 in June."""
    built = []
    for category, level, total, started in NEW_STARTS:
        milestones = {"groundbreaking": STARTED} if started else {}
        built.append(project(zone_a, category, level, total, **milestones))
        make_plan(built[-1])
    for category, resumed in [(MFG, True), (MFG, False), (SERVICES, True), (SERVICES, True)]:
        make_plan(
            project(zone_a, category, GENERAL),
            PlanType.CONTINUING,
            resumed_on=date(2026, 3, 2) if resumed else None,
        )
    make_report(built[0], 6, completed="2000")  # M1
    make_report(built[6], 6, completed="3000")  # S1
    return built


def plan_figures(zone, **restriction):
    scope, period = Scope.for_zone(zone), Period(Y, AS_OF)
    return figures_for(scope, period, restriction=Restriction(**restriction)).as_dict()["plan"]


def test_every_project_counts_without_a_restriction(zone_a, plan):
    figures = plan_figures(zone_a)
    # 9 of 12 new starts started; (9 + 3 resumed) / (12 + 4) = 12 / 16
    assert (figures["planned_new"], figures["started_new"], figures["start_rate"]) == (12, 9, 0.75)
    assert figures["start_or_resume_rate"] == 0.75
    # 5000 of 16 × 1000 planned
    assert (figures["planned_investment"], figures["completed_investment"]) == (
        "16000.00",
        "5000.00",
    )
    assert figures["investment_completion_rate"] == 0.3125


def test_industrial_projects_change_numerator_and_denominator(zone_a, plan):
    figures = plan_figures(zone_a, category="industrial")
    # M1-M4, T1, T2: 6 planned, M1-M3 and T1 started: 4 / 6 = 0.66667
    assert (figures["planned_new"], figures["started_new"], figures["start_rate"]) == (
        6,
        4,
        0.6667,
    )
    # 2 manufacturing continuing, 1 resumed: (4 + 1) / (6 + 2) = 0.625
    assert (figures["planned_continuing"], figures["resumed"]) == (2, 1)
    assert figures["start_or_resume_rate"] == 0.625
    # 8 entries × 1000 planned; M1's 2000 completed: 0.25
    assert (figures["planned_investment"], figures["completed_investment"]) == (
        "8000.00",
        "2000.00",
    )
    assert figures["investment_completion_rate"] == 0.25


def test_a_single_category_counts_only_itself(zone_a, plan):
    # T1 and T2, T1 started: 1 / 2
    assert plan_figures(zone_a, category=TECH)["start_rate"] == 0.5


def test_city_key_and_above_counts_provincial_and_city_projects(zone_a, plan):
    figures = plan_figures(zone_a, level="city_and_above")
    # M1-M4 (city key) and S1 (provincial): 5 planned, M1-M3 and S1 started: 4 / 5
    assert (figures["planned_new"], figures["started_new"], figures["start_rate"]) == (5, 4, 0.8)
    # their 5 × 1000 planned, M1's 2000 and S1's 3000 completed: 5000 / 5000
    assert figures["investment_completion_rate"] == 1.0


def test_one_level_counts_only_itself(zone_a, plan):
    # T1, T2, S2-S6: 7 planned, T1 and S2-S5 started: 5 / 7 = 0.71429
    assert plan_figures(zone_a, level=GENERAL)["start_rate"] == 0.7143


def test_a_minimum_size_counts_projects_from_it_up(zone_a, plan):
    figures = plan_figures(zone_a, min_investment=Decimal("10000"))
    # M1-M4, T1, S1 (20000 each): 6 planned, 5 started: 0.83333
    assert (figures["planned_new"], figures["started_new"], figures["start_rate"]) == (
        6,
        5,
        0.8333,
    )


def test_restrictions_combine(zone_a, plan):
    both = plan_figures(zone_a, category="industrial", level="city_and_above")
    # M1-M4: 3 of 4 started
    assert (both["planned_new"], both["started_new"], both["start_rate"]) == (4, 3, 0.75)
    sized = plan_figures(zone_a, category="industrial", min_investment=Decimal("10000"))
    # M1-M4 and T1: 4 of 5 started
    assert (sized["planned_new"], sized["started_new"], sized["start_rate"]) == (5, 4, 0.8)


def test_only_the_plan_figures_are_restricted(zone_a, plan):
    scope, period = Scope.for_zone(zone_a), Period(Y, AS_OF)
    restricted = figures_for(scope, period, restriction=Restriction(category="industrial"))
    # The milestones section counts every groundbreaking of the year: 9
    assert restricted.groundbreaking == 9


def test_a_zones_figures_are_restricted_alike(zone_a, zone_b, plan):
    scope, period = Scope.everything(), Period(Y, AS_OF)
    per_zone = figures_per_zone(
        scope, period, zone_ids=[zone_a.pk, zone_b.pk], restriction=Restriction("", "industrial")
    )
    assert (per_zone[zone_a.pk].planned_new, per_zone[zone_a.pk].started_new) == (6, 4)
    assert per_zone[zone_b.pk].planned_new == 0


def test_a_restriction_costs_no_query(zone_a, plan):
    scope, period = Scope.for_zone(zone_a), Period(Y, AS_OF)

    def count(restriction):
        with CaptureQueriesContext(connection) as captured:
            figures_for(scope, period, restriction=restriction)
        return len(captured.captured_queries)

    restriction = Restriction("city_and_above", "industrial", Decimal("10000"))
    assert count(restriction) == count(Restriction())


# 按期竣工率 and 投产达效率


@pytest.fixture
def completions(zone_a):
    """A: planned 06-30, completed 06-30, in production 08-01 (signed 2025-08-01);
    B: planned 06-30, completed 07-01, the day after; C: planned 12-31, not completed;
    D: planned 09-30, completed 11-23 (after D); E: planned in 2025, completed 2026-03-01,
    in production 11-23 (after D)."""
    rows = [
        ("A", date(2026, 6, 30), date(2026, 6, 30), date(2026, 8, 1)),
        ("B", date(2026, 6, 30), date(2026, 7, 1), None),
        ("C", date(2026, 12, 31), None, None),
        ("D", date(2026, 9, 30), date(2026, 11, 23), None),
        ("E", date(2025, 12, 31), date(2026, 3, 1), date(2026, 11, 23)),
    ]
    for name, planned, completed, production in rows:
        actual = {"completion": completed, "production": production}
        if name == "A":
            actual["signing"] = date(2025, 8, 1)
        built = make_project(
            zone_a,
            planned={"completion": planned},
            **{kind: day for kind, day in actual.items() if day},
        )
        make_plan(built, PlanType.CONTINUING)


def test_a_completion_the_day_after_its_planned_date_is_not_on_time(zone_a, completions):
    figures = plan_figures(zone_a)
    # planned in 2026: A, B, C, D; completed by D: A, B (0.5); on time: A only (0.25)
    assert (figures["planned_completion"], figures["completed"]) == (4, 2)
    assert (figures["completed_on_time"], figures["on_time_completion_rate"]) == (1, 0.25)


def test_the_in_production_rate_counts_the_years_completions_in_production_by_d(
    zone_a, completions
):
    figures = plan_figures(zone_a)
    # completed in the year by D: A, B, E (E planned for 2025); in production by D: A: 1 / 3
    assert (figures["completed_in_year"], figures["in_production"]) == (3, 1)
    assert figures["production_rate"] == 0.3333


def test_a_day_later_d_and_e_count_too(zone_a, completions):
    scope, period = Scope.for_zone(zone_a), Period(Y, date(2026, 11, 23))
    figures = figures_for(scope, period).as_dict()["plan"]
    # D completed on 11-23, late (planned 09-30): completed 3 of 4, on time still 1
    assert (figures["completed"], figures["completed_on_time"]) == (3, 1)
    # completed in the year: A, B, D, E; in production: A and E (11-23): 2 / 4
    assert (figures["completed_in_year"], figures["in_production"]) == (4, 2)
    assert figures["production_rate"] == 0.5


def test_the_median_days_from_signing_to_production(zone_a, completions):
    # F: signed 2026-01-01, in production 2026-03-01 (59 days); G: in production without a
    # signing date (not counted); A: 2025-08-01 to 2026-08-01 (365 days); E after D.
    make_project(zone_a, signing=date(2026, 1, 1), production=date(2026, 3, 1))
    make_project(zone_a, production=date(2026, 5, 1))
    figures = figures_for(Scope.for_zone(zone_a), Period(Y, AS_OF))
    # (59 + 365) / 2
    assert figures.median_days_signing_to_production == 212.0
    assert figures.as_dict()["milestones"]["median_days_signing_to_production"] == 212.0
    # no groundbreaking in the year: that median stays null
    assert figures.median_days_signing_to_groundbreaking is None


# Targets with a category and level


def target_actuals(zone):
    targets = figures_for(Scope.for_zone(zone), Period(Y, AS_OF)).as_dict()["targets"]
    return {(t["metric"], t["category"], t["level"], t["min_investment"]): t for t in targets}


def test_a_targets_category_and_level_limit_its_actual(zone_a, plan):
    started = TargetMetric.STARTED_COUNT
    TargetFactory(zone=zone_a, metric=started, annual_value=12)
    TargetFactory(zone=zone_a, metric=started, category="industrial", annual_value=42)
    TargetFactory(zone=zone_a, metric=started, level="city_and_above", annual_value=5)
    TargetFactory(zone=zone_a, metric=started, category=MFG, min_investment=10000, annual_value=3)
    TargetFactory(zone=zone_a, metric=TargetMetric.COMPLETED_INVESTMENT, category="industrial")
    actuals = target_actuals(zone_a)
    # every groundbreaking of the year: 9
    assert actuals[(started, None, None, "0.00")]["actual"] == "9.00"
    # 濉溪's 新开工工业项目: M1-M3 and T1 = 4 of 42
    industrial = actuals[(started, "industrial", None, "0.00")]
    assert (industrial["actual"], industrial["progress"]) == ("4.00", 0.0952)
    # M1-M3 (city key) and S1 (provincial) = 4
    assert actuals[(started, None, "city_and_above", "0.00")]["actual"] == "4.00"
    # manufacturing from 1亿: M1-M3 = 3 (done)
    sized = actuals[(started, MFG, None, "10000.00")]
    assert (sized["actual"], sized["status"]) == ("3.00", "done")
    # M1's 2000 of June; S1's 3000 is services
    completed = TargetMetric.COMPLETED_INVESTMENT
    assert actuals[(completed, "industrial", None, "0.00")]["actual"] == "2000.00"


def test_a_zone_may_have_a_target_per_category_but_not_two_alike(zone_a):
    TargetFactory(zone=zone_a, metric=TargetMetric.STARTED_COUNT)
    TargetFactory(zone=zone_a, metric=TargetMetric.STARTED_COUNT, category="industrial")
    duplicate = TargetFactory.build(
        zone=zone_a, metric=TargetMetric.STARTED_COUNT, category="industrial"
    )
    with pytest.raises(ValidationError) as refused:
        duplicate.full_clean()
    assert "metric" in refused.value.message_dict


def test_a_land_target_has_no_category_or_level(zone_a):
    target = TargetFactory.build(
        zone=zone_a, metric=TargetMetric.LAND_REVITALIZED_MU, level="city_and_above"
    )
    with pytest.raises(ValidationError) as refused:
        target.full_clean()
    assert "level" in refused.value.message_dict
