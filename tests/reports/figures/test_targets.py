"""Target progress (SPEC section 6): actual, progress, expected, status, quarters."""

from datetime import date
from decimal import Decimal

import pytest

from investment.choices import TargetMetric
from reports.figures.metrics import figures_for
from reports.figures.period import Period
from reports.figures.scopes import Scope
from reports.figures.targets import expected_by
from tests.builders import AS_OF, Y, make_project, make_report
from tests.factories import TargetFactory

pytestmark = pytest.mark.django_db


def progress(zone, as_of=AS_OF, year=Y):
    return figures_for(Scope.for_zone(zone), Period(year, as_of)).as_dict()["targets"]


def only(zone, **kwargs):
    [target] = progress(zone, **kwargs)
    return target


@pytest.mark.parametrize(
    "signed, status",
    [(10, "behind"), (11, "ahead"), (12, "done")],
)
def test_without_quarterly_values_the_expected_value_is_proportional_to_time(
    zone_a, signed, status
):
    TargetFactory(zone=zone_a, metric=TargetMetric.SIGNED_COUNT, annual_value=12)
    for _ in range(signed):
        make_project(zone_a, signing=date(2026, 2, 1))
    target = only(zone_a)
    # 2026-11-22 is day 326 of 365: 12 × 326 / 365 = 10.7178
    assert target["expected"] == "10.72"
    assert target["actual"] == f"{signed}.00"
    assert target["status"] == status
    assert target["progress"] == round(signed / 12, 4)


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2026, 1, 1), "0.22"),  # day 1 of Q1's 90: 20 × 1 / 90
        (date(2026, 3, 31), "20.00"),  # the last day of Q1: its value
        (date(2026, 4, 1), "20.33"),  # day 1 of Q2's 91: 20 + 30 × 1 / 91
        (date(2026, 6, 30), "50.00"),
        (date(2026, 10, 1), "75.27"),  # day 1 of Q4's 92: 75 + 25 × 1 / 92
        (date(2026, 12, 31), "100.00"),
    ],
)
def test_quarterly_values_are_interpolated_by_day_within_the_quarter(zone_a, day, expected):
    TargetFactory(zone=zone_a, annual_value=100, q1_value=20, q2_value=50, q3_value=75, year=Y)
    assert only(zone_a, as_of=day)["expected"] == expected


def test_quarterly_values_given_in_part_are_joined_by_straight_lines(zone_a):
    target = TargetFactory(zone=zone_a, annual_value=100, q2_value=60)
    # 2026-03-31 is day 90 of the 181 up to 2026-06-30: 60 × 90 / 181 = 29.834
    assert expected_by(target, date(2026, 3, 31)) == Decimal("29.83")
    # 2026-09-30 is day 92 of the 184 from 2026-06-30 to the year end: 60 + 40 × 0.5
    assert expected_by(target, date(2026, 9, 30)) == Decimal("80.00")


def test_the_quarters_show_the_actual_at_each_quarter_end_and_at_as_of(zone_a):
    TargetFactory(zone=zone_a, annual_value=8, q1_value=2, q2_value=4, q3_value=6)
    for day in [(2, 10), (3, 31), (5, 5), (11, 22), (11, 23)]:
        make_project(zone_a, signing=date(2026, *day))
    target = only(zone_a)
    assert target["quarters"] == [
        {"quarter": 1, "end": "2026-03-31", "target": "2.00", "actual": "2.00"},
        {"quarter": 2, "end": "2026-06-30", "target": "4.00", "actual": "3.00"},
        {"quarter": 3, "end": "2026-09-30", "target": "6.00", "actual": "3.00"},
        {"quarter": 4, "end": "2026-12-31", "target": "8.00", "actual": "4.00"},
    ]
    # 53 of Q4's 92 days: 6 + 2 × 53 / 92 = 7.152
    assert (target["actual"], target["expected"], target["status"]) == ("4.00", "7.15", "behind")
    assert target["progress"] == 0.5


def test_only_quarters_begun_by_as_of_are_listed(zone_a):
    TargetFactory(zone=zone_a, annual_value=8)
    assert [q["quarter"] for q in only(zone_a, as_of=date(2026, 4, 1))["quarters"]] == [1, 2]
    assert [q["quarter"] for q in only(zone_a, as_of=date(2026, 3, 31))["quarters"]] == [1]


def test_a_target_seen_after_its_year_is_judged_at_the_year_end(zone_a):
    TargetFactory(zone=zone_a, annual_value=12)
    for _ in range(11):
        make_project(zone_a, signing=date(2026, 12, 30))
    make_project(zone_a, signing=date(2027, 1, 3))
    target = only(zone_a, as_of=date(2027, 2, 1))
    assert (target["actual"], target["expected"], target["status"]) == ("11.00", "12.00", "behind")
    assert len(target["quarters"]) == 4


def test_a_target_seen_before_its_year_expects_nothing_yet(zone_a):
    TargetFactory(zone=zone_a, annual_value=12)
    target = only(zone_a, as_of=date(2025, 12, 31))
    assert (target["actual"], target["expected"], target["quarters"]) == ("0.00", "0.00", [])


def test_projects_below_the_targets_minimum_do_not_count(zone_a, zone_b):
    TargetFactory(zone=zone_a, metric=TargetMetric.SIGNED_COUNT, min_investment=10000)
    TargetFactory(zone=zone_a, metric=TargetMetric.SIGNED_COUNT, min_investment=0)
    TargetFactory(zone=zone_a, metric=TargetMetric.SIGNED_INVESTMENT, min_investment=10000)
    TargetFactory(zone=zone_b, metric=TargetMetric.SIGNED_COUNT, min_investment=0)
    for total in ["9999.99", "10000", "50000"]:
        make_project(zone_a, total=total, signing=date(2026, 3, 1))
    actuals = {(t["metric"], t["min_investment"]): t["actual"] for t in progress(zone_a)}
    assert actuals == {
        ("signed_count", "0.00"): "3.00",
        ("signed_count", "10000.00"): "2.00",
        ("signed_investment", "10000.00"): "60000.00",
    }
    assert only(zone_b)["actual"] == "0.00"


@pytest.mark.parametrize(
    "metric, kind",
    [
        (TargetMetric.STARTED_COUNT, "groundbreaking"),
        (TargetMetric.COMPLETED_COUNT, "completion"),
        (TargetMetric.PRODUCTION_COUNT, "production"),
    ],
)
def test_milestone_targets_count_their_milestone_in_the_year(zone_a, metric, kind):
    TargetFactory(zone=zone_a, metric=metric, annual_value=4)
    make_project(zone_a, **{kind: date(2026, 1, 20)})
    make_project(zone_a, **{kind: date(2026, 7, 20)})
    make_project(zone_a, **{kind: date(2025, 7, 20)})
    make_project(zone_a, signing=date(2026, 7, 20))
    assert only(zone_a)["actual"] == "2.00"


@pytest.fixture
def monthly(zone_a):
    """A 20000 project off any plan and a 3000 one, below the targets' minimum of 5000."""
    big = make_project(zone_a, total="20000")
    make_report(big, 2, completed="100", domestic="90", out="30", foreign="999")
    make_report(big, 7, completed="200", domestic="150", out="50")
    make_report(big, 12, completed="400", domestic="400")  # after as_of's month
    small = make_project(zone_a, total="3000")
    make_report(small, 2, completed="1000", domestic="1000")


def test_completed_investment_targets_count_every_project_above_the_minimum(zone_a, monthly):
    TargetFactory(
        zone=zone_a,
        metric=TargetMetric.COMPLETED_INVESTMENT,
        min_investment=5000,
        annual_value=1200,
    )
    target = only(zone_a)
    assert target["actual"] == "300.00"
    assert [q["actual"] for q in target["quarters"]] == ["100.00", "100.00", "300.00", "300.00"]
    assert target["progress"] == 0.25


def test_funds_in_place_are_the_domestic_funds_which_hold_the_out_of_province_ones(zone_a, monthly):
    TargetFactory(
        zone=zone_a, metric=TargetMetric.FUNDS_IN_PLACE, min_investment=5000, annual_value=600
    )
    target = only(zone_a)
    # 90 + 150, up to as_of's month; out-of-province is within them, foreign funds are in USD
    assert target["actual"] == "240.00"
    assert target["expected"] == "535.89"  # 600 × 326 / 365
    assert target["progress"] == 0.4


def test_a_zero_target_is_done_and_has_no_progress_rate(zone_a):
    TargetFactory(zone=zone_a, annual_value=0)
    target = only(zone_a)
    assert (target["status"], target["progress"]) == ("done", None)


def test_targets_of_other_years_are_not_listed(zone_a):
    TargetFactory(zone=zone_a, year=2025)
    assert progress(zone_a) == []
