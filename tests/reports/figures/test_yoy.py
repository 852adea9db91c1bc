"""Year on year (同比): the shifted period, growth and rate changes, worked by hand.

Zone A, year 2028 seen on 2028-02-29 (a leap day), against 2027 seen on 2027-02-28:

- P1 signed 2027-02-28 (20000): counted last year, not this year;
- P2 signed 2027-03-01 (8000): after last year's date, counted in neither;
- P3 signed 2028-02-29 (30000) and P4 signed 2028-01-10 (5000), P4 broke ground 2028-02-29:
  counted this year;
- P5 broke ground 2027-02-01, never signed (no median last year).

Plans: 2027 P1 and P5 (1500 each), P5 started: 1 of 2; 2028 P3, P4 and P6 (2000 each), P4
started: 1 of 3. Reports: 2027 P1 February 200 done and 3000 domestic funds, March 999
(after the date); 2028 P3 February 300 done and 1000 domestic funds.
"""

from datetime import date

import pytest

from reports.figures.period import Period
from reports.figures.scopes import Scope
from reports.figures.stats import stats
from reports.figures.yoy import (
    a_year_earlier,
    growth,
    last_year,
    last_year_period,
    rate_change,
)
from tests.builders import api, make_plan, make_project, make_report

LEAP = Period(2028, date(2028, 2, 29))


@pytest.mark.parametrize(
    "day, earlier",
    [
        (date(2028, 2, 29), date(2027, 2, 28)),  # last year has no 29 February: its last day
        (date(2028, 2, 28), date(2027, 2, 28)),
        (date(2028, 3, 1), date(2027, 3, 1)),
        (date(2027, 2, 28), date(2026, 2, 28)),
        (date(2026, 12, 31), date(2025, 12, 31)),
    ],
)
def test_a_year_earlier_is_the_same_day_and_29_february_becomes_the_28th(day, earlier):
    assert a_year_earlier(day) == earlier


def test_the_period_a_year_earlier_shifts_the_year_and_the_date():
    assert last_year_period(LEAP) == Period(2027, date(2027, 2, 28))
    # A past year seen later stays a past year seen later.
    assert last_year_period(Period(2026, date(2027, 3, 15))) == Period(2025, date(2026, 3, 15))


@pytest.mark.parametrize(
    "this, last, expected",
    [
        ("1500.00", "1200.00", 0.25),  # 300 / 1200
        ("100.00", "300.00", -0.6667),  # -200 / 300 = -0.66666… half up to 4 places
        ("1000.01", "3000.00", -0.6667),  # -1999.99 / 3000 = -0.666663…
        (2, 3, -0.3333),
        (3, 2, 0.5),
        (5, 5, 0.0),
        (1, 0, None),  # nothing last year: no rate
        ("12.50", "0.00", None),
        (None, 90.0, None),  # no median this year
        (50.0, None, None),
    ],
)
def test_growth_is_the_change_over_last_year_to_4_places(this, last, expected):
    assert growth(this, last) == expected


def test_a_rates_change_is_the_difference_to_4_places():
    assert rate_change(0.3333, 0.5) == -0.1667
    assert rate_change(0.05, 0.0667) == -0.0167
    assert rate_change(1.0, 1.0) == 0.0
    assert rate_change(None, 0.5) is None
    assert rate_change(0.5, None) is None


@pytest.fixture
def leap_years(zone_a, zone_b):
    p1 = make_project(zone_a, total="20000", signing=date(2027, 2, 28))
    make_project(zone_a, total="8000", signing=date(2027, 3, 1))
    p3 = make_project(zone_a, total="30000", signing=date(2028, 2, 29))
    p4 = make_project(
        zone_a, total="5000", signing=date(2028, 1, 10), groundbreaking=date(2028, 2, 29)
    )
    p5 = make_project(zone_a, groundbreaking=date(2027, 2, 1))
    p6 = make_project(zone_a)
    for project in (p1, p5):
        make_plan(project, investment="1500", year=2027)
    for project in (p3, p4, p6):
        make_plan(project, investment="2000", year=2028)
    make_report(p1, 2, completed="200", domestic="3000", year=2027)
    make_report(p1, 3, completed="999", domestic="999", year=2027)
    make_report(p3, 2, completed="300", domestic="1000", year=2028)
    # Zone B signs last year too: another zone, outside zone A's figures.
    make_project(zone_b, total="90000", signing=date(2027, 1, 5))


@pytest.mark.django_db
def test_last_year_counts_what_was_signed_a_year_before_the_leap_day(zone_a, leap_years):
    figures = last_year(Scope.for_zone(zone_a), LEAP).figures
    assert (figures.signed_count, figures.signed_investment) == (1, 20000)  # P1 only, not P2
    assert (figures.planned_new, figures.started_new) == (2, 1)
    assert figures.completed_investment == 200  # February; March's 999 is after the date


@pytest.mark.django_db
def test_stats_give_last_year_growth_and_rate_changes(zone_a, leap_years):
    data = stats(Scope.for_zone(zone_a), LEAP)

    last = data["last_year"]
    assert (last["year"], last["as_of"]) == (2027, "2027-02-28")
    assert "targets" not in last and "lights" not in last and "supervision" not in last
    assert last["signing"]["signed_count"] == 1  # P1
    assert data["signing"]["signed_count"] == 2  # P3, P4 (P1 was signed last year)
    assert last["funds"]["domestic"] == "3000.00"

    up = data["growth"]
    assert up["signing"]["signed_count"] == 1.0  # (2 - 1) / 1
    assert up["signing"]["signed_investment"] == 0.75  # (35000 - 20000) / 20000
    assert up["signing"]["by_threshold"][:3] == [
        # ≥ 5000: P3 and P4 against P1; ≥ 1亿: P3 against P1; ≥ 5亿: none either year
        {"min_investment": "5000.00", "count": 1.0, "investment": 0.75},
        {"min_investment": "10000.00", "count": 0.0, "investment": 0.5},  # 30000 vs 20000
        {"min_investment": "50000.00", "count": None, "investment": None},
    ]
    assert up["plan"]["planned_new"] == 0.5  # (3 - 2) / 2
    assert up["plan"]["started_new"] == 0.0  # 1 and 1
    assert up["plan"]["planned_investment"] == 1.0  # (6000 - 3000) / 3000
    assert up["plan"]["completed_investment"] == 0.5  # (300 - 200) / 200
    assert up["plan"]["planned_continuing"] is None  # none last year
    assert "start_rate" not in up["plan"]
    assert up["milestones"]["groundbreaking"] == 0.0  # P4 against P5
    # 50 days (2028-01-10 to 02-29) against no median (P5 was never signed)
    assert data["milestones"]["median_days_signing_to_groundbreaking"] == 50.0
    assert up["milestones"]["median_days_signing_to_groundbreaking"] is None
    assert up["funds"] == {
        "domestic": -0.6667,  # (1000 - 3000) / 3000 = -0.66666…
        "out_of_province": None,
        "foreign_usd": None,
    }
    assert up["land"]["parcels_identified"] is None

    assert data["rate_change"] == {
        "plan": {
            "start_rate": -0.1667,  # 1/3 = 0.3333 against 1/2 = 0.5
            "start_or_resume_rate": -0.1667,  # no continuing: the same
            "completion_rate": None,  # no completion planned either year
            "investment_completion_rate": -0.0167,  # 300/6000 = 0.05 against 200/3000 = 0.0667
            "on_time_completion_rate": None,  # no completion planned either year
            "production_rate": None,  # nothing completed either year
        },
        "funds": {"in_place_rate": None},  # no project states its planned funds
    }


@pytest.mark.django_db
def test_the_api_answers_last_year_for_the_leap_day(alice, zone_a, leap_years):
    data = api(alice).get("/api/stats/", {"year": 2028, "as_of": "2028-02-29"}).json()
    assert (data["last_year"]["year"], data["last_year"]["as_of"]) == (2027, "2027-02-28")
    assert data["last_year"]["signing"]["signed_investment"] == "20000.00"
    assert data["growth"]["signing"]["signed_count"] == 1.0
