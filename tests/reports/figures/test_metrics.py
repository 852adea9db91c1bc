"""Every figure of SPEC section 6, against numbers worked by hand."""

from datetime import date

import pytest

from investment.choices import PlanType
from parks.access import access_for
from reports.figures.metrics import figures_for, figures_per_region, figures_per_zone, median_of
from reports.figures.period import Period
from reports.figures.scopes import Scope
from tests.builders import AS_OF, Y, make_plan, make_project, make_report
from tests.factories import ProjectFactory, RegionFactory, ZoneFactory

pytestmark = pytest.mark.django_db

STARTED = date(2026, 4, 10)


def figures(zone, as_of=AS_OF, year=Y):
    return figures_for(Scope.for_zone(zone), Period(year, as_of)).as_dict()


def plan_entries(zone, new, started, continuing=0, resumed=0):
    for index in range(new):
        make_plan(make_project(zone, groundbreaking=STARTED if index < started else None))
    for index in range(continuing):
        make_plan(
            make_project(zone),
            PlanType.CONTINUING,
            resumed_on=date(2026, 3, 2) if index < resumed else None,
        )


# The worked examples of the seed articles.


def test_danyangs_47_of_60_new_starts_give_a_start_rate_of_0_7833(zone_a):
    plan_entries(zone_a, new=60, started=47)
    plan = figures(zone_a)["plan"]
    assert (plan["planned_new"], plan["started_new"]) == (60, 47)
    assert plan["start_rate"] == 0.7833
    assert plan["start_or_resume_rate"] == 0.7833


def test_dandongs_314_of_335_started_or_resumed_give_0_9373(zone_a):
    # 90 of 100 new starts started, 224 of 235 continuing projects resumed: 314 of 335.
    plan_entries(zone_a, new=100, started=90, continuing=235, resumed=224)
    plan = figures(zone_a)["plan"]
    assert (plan["planned_continuing"], plan["resumed"]) == (235, 224)
    assert plan["start_rate"] == 0.9
    assert plan["start_or_resume_rate"] == 0.9373


def test_dandongs_108_of_131_new_starts_give_0_8244(zone_a):
    plan_entries(zone_a, new=131, started=108)
    assert figures(zone_a)["plan"]["start_rate"] == 0.8244


# Cut-offs.


def test_an_event_after_as_of_does_not_count(zone_a):
    as_of = date(2026, 6, 30)
    make_plan(make_project(zone_a, groundbreaking=date(2026, 6, 30)))
    make_plan(make_project(zone_a, groundbreaking=date(2026, 7, 1)))
    make_plan(make_project(zone_a), PlanType.CONTINUING, resumed_on=date(2026, 6, 30))
    make_plan(make_project(zone_a), PlanType.CONTINUING, resumed_on=date(2026, 7, 1))
    result = figures(zone_a, as_of=as_of)
    assert result["plan"]["started_new"] == 1
    assert result["plan"]["resumed"] == 1
    assert result["plan"]["start_rate"] == 0.5
    assert result["plan"]["start_or_resume_rate"] == 0.5
    assert result["milestones"]["groundbreaking"] == 1


def test_only_signings_in_the_year_count_with_their_size_buckets(zone_a):
    as_of = date(2026, 6, 30)
    make_project(zone_a, total="5000", signing=date(2026, 1, 1))
    make_project(zone_a, total="120000", signing=date(2026, 6, 30))
    make_project(zone_a, total="4000.50", signing=date(2026, 3, 3))
    make_project(zone_a, total="300000", signing=date(2025, 12, 31))  # the year before
    make_project(zone_a, total="600000", signing=date(2026, 7, 1))  # after as_of
    signing = figures(zone_a, as_of=as_of)["signing"]
    assert signing["signed_count"] == 3
    assert signing["signed_investment"] == "129000.50"
    assert signing["by_threshold"] == [
        {"min_investment": "5000.00", "count": 2, "investment": "125000.00"},
        {"min_investment": "10000.00", "count": 1, "investment": "120000.00"},
        {"min_investment": "50000.00", "count": 1, "investment": "120000.00"},
        {"min_investment": "100000.00", "count": 1, "investment": "120000.00"},
        {"min_investment": "300000.00", "count": 0, "investment": "0.00"},
        {"min_investment": "500000.00", "count": 0, "investment": "0.00"},
    ]


def test_the_5yi_tier_counts_signings_from_exactly_50000_wan_up(zone_a):
    make_project(zone_a, total="50000", signing=date(2026, 2, 1))
    make_project(zone_a, total="49999.99", signing=date(2026, 2, 2))
    make_project(zone_a, total="80000", signing=date(2026, 2, 3))
    by_min = {
        row["min_investment"]: row
        for row in figures(zone_a, as_of=date(2026, 6, 30))["signing"]["by_threshold"]
    }
    # 50000 + 80000 = 130000; the 49999.99 project is a 1亿-tier project only.
    assert by_min["50000.00"] == {
        "min_investment": "50000.00",
        "count": 2,
        "investment": "130000.00",
    }
    assert by_min["10000.00"]["count"] == 3
    assert by_min["100000.00"]["count"] == 0


def test_a_year_seen_after_its_end_counts_all_of_it_and_nothing_later(zone_a):
    make_project(zone_a, signing=date(2026, 12, 31))
    make_project(zone_a, signing=date(2027, 1, 5))
    assert figures(zone_a, as_of=date(2027, 3, 1))["signing"]["signed_count"] == 1


def test_a_year_seen_before_it_begins_counts_nothing(zone_a):
    make_project(zone_a, signing=date(2026, 1, 1))
    make_plan(make_project(zone_a, groundbreaking=date(2025, 12, 1)))
    result = figures(zone_a, as_of=date(2025, 12, 31))
    assert result["signing"]["signed_count"] == 0
    assert result["plan"]["started_new"] == 1  # started before as_of: it counts
    assert result["milestones"]["groundbreaking"] == 0  # but not in the year


def test_completion_counts_plan_entries_due_to_complete_in_the_year(zone_a):
    completing = [
        ({"completion": date(2026, 9, 30)}, {"completion": date(2026, 9, 15)}),
        ({"completion": date(2026, 12, 20)}, {}),
        ({"completion": date(2027, 3, 1)}, {"completion": date(2026, 10, 1)}),  # due next year
        ({"completion": date(2026, 5, 1)}, {"completion": date(2026, 11, 23)}),  # after as_of
    ]
    for planned, actual in completing:
        make_plan(make_project(zone_a, planned=planned, **actual), PlanType.CONTINUING)
    # Not on the plan: counted among the year's completions, not in the plan's.
    make_project(zone_a, planned={"completion": date(2026, 6, 1)}, completion=date(2026, 6, 2))
    result = figures(zone_a)
    assert result["plan"]["planned_completion"] == 3
    assert result["plan"]["completed"] == 1
    assert result["plan"]["completion_rate"] == 0.3333
    assert result["milestones"]["completion"] == 3


@pytest.fixture
def investment(zone_a):
    """Planned 1000 + 3000; reports of plan projects: Jan 100, Oct 200, Nov 50, Dec 70 and
    30 in Nov; plus reports that never count (another year, a project off the plan).
    """
    first = make_project(zone_a)
    make_plan(first, investment="1000")
    for month, amount in [(1, "100"), (10, "200"), (11, "50"), (12, "70")]:
        make_report(first, month, completed=amount)
    make_report(first, 12, completed="999", year=2025)
    second = make_project(zone_a)
    make_plan(second, PlanType.CONTINUING, investment="3000")
    make_report(second, 11, completed="30")
    off_plan = make_project(zone_a)
    make_plan(off_plan, year=2025)
    make_report(off_plan, 3, completed="500")


@pytest.mark.parametrize(
    "as_of, completed, completion_rate",
    [
        (date(2026, 11, 22), "380.00", 0.095),  # months 1-11: 100 + 200 + 50 + 30
        (date(2026, 10, 31), "300.00", 0.075),  # months 1-10: 100 + 200
        (date(2027, 1, 15), "450.00", 0.1125),  # past the year: all twelve months
        (date(2025, 12, 31), "0.00", 0.0),  # before the year: none
    ],
)
def test_completed_investment_counts_plan_projects_up_to_as_ofs_month(
    zone_a, investment, as_of, completed, completion_rate
):
    plan = figures(zone_a, as_of=as_of)["plan"]
    assert plan["planned_investment"] == "4000.00"
    assert plan["completed_investment"] == completed
    assert plan["investment_completion_rate"] == completion_rate


def test_rates_are_null_and_sums_zero_without_data(zone_a):
    result = figures(zone_a)
    assert result["plan"] == {
        "planned_new": 0,
        "started_new": 0,
        "start_rate": None,
        "planned_continuing": 0,
        "resumed": 0,
        "start_or_resume_rate": None,
        "planned_completion": 0,
        "completed": 0,
        "completion_rate": None,
        "completed_on_time": 0,
        "on_time_completion_rate": None,
        "completed_in_year": 0,
        "in_production": 0,
        "production_rate": None,
        "planned_investment": "0.00",
        "completed_investment": "0.00",
        "investment_completion_rate": None,
    }
    assert result["milestones"] == {
        "groundbreaking": 0,
        "completion": 0,
        "production": 0,
        "median_days_signing_to_groundbreaking": None,
        "median_days_signing_to_production": None,
    }
    assert result["signing"]["signed_count"] == 0
    assert result["targets"] == []


def test_production_and_groundbreaking_are_counted_in_the_year(zone_a):
    make_project(zone_a, groundbreaking=date(2026, 2, 1), production=date(2026, 8, 1))
    make_project(zone_a, groundbreaking=date(2025, 2, 1), production=date(2026, 11, 22))
    make_project(zone_a, production=date(2026, 11, 23))
    milestones = figures(zone_a)["milestones"]
    assert (milestones["groundbreaking"], milestones["production"]) == (1, 2)


# Median days from signing to groundbreaking.


@pytest.fixture
def days_to_start(zone_a):
    make_project(zone_a, signing=date(2026, 1, 1), groundbreaking=date(2026, 4, 8))  # 97
    make_project(zone_a, signing=date(2025, 11, 1), groundbreaking=date(2026, 2, 1))  # 92
    make_project(zone_a, signing=date(2026, 3, 1), groundbreaking=date(2026, 3, 11))  # 10
    public_works = make_project(zone_a, groundbreaking=date(2026, 5, 1))  # no signing
    public_works.is_attracted = False
    public_works.save()
    make_project(zone_a, signing=date(2025, 1, 1), groundbreaking=date(2025, 12, 31))


def test_the_median_days_to_groundbreaking_of_an_odd_count_is_the_middle_one(zone_a, days_to_start):
    assert figures(zone_a)["milestones"]["median_days_signing_to_groundbreaking"] == 92


def test_the_median_days_to_groundbreaking_of_an_even_count_is_the_mean_of_the_middle_two(
    zone_a, days_to_start
):
    make_project(zone_a, signing=date(2026, 6, 1), groundbreaking=date(2026, 9, 8))  # 99
    # 10, 92, 97, 99 -> (92 + 97) / 2
    assert figures(zone_a)["milestones"]["median_days_signing_to_groundbreaking"] == 94.5


def test_median_of_a_histogram():
    assert median_of({}) is None
    assert median_of({5: 1}) == 5
    assert median_of({1: 2, 9: 2}) == 5
    assert median_of({1: 1, 2: 1, 100: 3}) == 100


# Scopes.


@pytest.fixture
def four_zones(city, zone_a, zone_b):
    """One signed project in each of zone A, zone B, a zone of a county below the city, and
    a zone of another province.
    """
    county_zone = ZoneFactory(code="ZC", region=RegionFactory(code="JS-ZJ-DY", parent=city))
    far_zone = ZoneFactory(code="ZD", region=RegionFactory(code="AH"))
    for zone in (zone_a, zone_b, county_zone, far_zone):
        make_project(zone, total="20000", signing=date(2026, 5, 1))
    return county_zone, far_zone


def signed(scope):
    return figures_for(scope, Period(Y, AS_OF)).signed_count


def test_a_region_covers_the_zones_of_its_sub_regions(city, four_zones):
    assert signed(Scope.for_region(city)) == 3
    county_zone, _far_zone = four_zones
    assert signed(Scope.for_region(county_zone.region)) == 1


def test_everything_means_every_zone_the_user_reads(alice, dave, admin_user, four_zones):
    assert signed(Scope.everything(access_for(alice))) == 1
    assert signed(Scope.everything(access_for(dave))) == 3
    assert signed(Scope.everything(access_for(admin_user))) == 4


def test_figures_per_zone_and_per_region_equal_the_figures_of_each_scope(
    city, zone_a, zone_b, four_zones
):
    from tests.factories import TargetFactory

    make_plan(make_project(zone_a, signing=date(2026, 1, 5), groundbreaking=date(2026, 3, 1)))
    make_plan(make_project(zone_b, signing=date(2026, 2, 5), groundbreaking=date(2026, 6, 1)))
    make_report(ProjectFactory(zone=zone_b), 5, completed="10")
    TargetFactory(zone=zone_a, annual_value=3)
    TargetFactory(zone=zone_b, annual_value=5, min_investment=15000)
    period = Period(Y, AS_OF)
    per_zone = figures_per_zone(Scope.everything(), period)
    for zone in (zone_a, zone_b, *four_zones):
        expected = figures_for(Scope.for_zone(zone), period).as_dict()
        assert per_zone[zone.pk].as_dict() == expected
    per_region = figures_per_region(per_zone)
    for region in (city, four_zones[0].region, four_zones[1].region, city.parent):
        expected = figures_for(Scope.for_region(region), period).as_dict()
        assert per_region[region.pk].as_dict() == expected
    # The medians add up through the histograms: (55 + 116) / 2 days in the city.
    assert per_region[city.pk].median_days_signing_to_groundbreaking == 85.5
