"""Every default light rule at each threshold edge: the day before, the day of, the day
after (hand-worked dates), and a project's light as its worst rule with its reasons."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from investment.choices import PlanType
from projects.choices import Cadence, MilestoneKind, Status
from reports.figures.period import Period, time_progress
from supervision.lights.reasons import months_between, year_share
from tests.builders import make_report
from tests.factories import (
    AnnualPlanEntryFactory,
    MilestoneFactory,
    ProjectFactory,
    StartedProjectFactory,
)

from .lights_makers import light_on, rule_color
from .makers import make_blocker, make_notice

pytestmark = pytest.mark.django_db


def new_start(zone, planned_start=date(2026, 3, 10), investment="0"):
    project = ProjectFactory(zone=zone)
    AnnualPlanEntryFactory(
        project=project,
        plan_type=PlanType.NEW,
        planned_start_on=planned_start,
        planned_investment=Decimal(investment),
    )
    return project


@pytest.mark.parametrize(
    ("day", "color"),
    [
        (date(2026, 3, 10), "green"),  # the planned start itself: not late yet
        (date(2026, 4, 9), "green"),  # 30 days, not a month
        (date(2026, 4, 10), "yellow"),  # one month to the day
        (date(2026, 4, 11), "yellow"),
        (date(2026, 6, 9), "yellow"),  # 2 months 30 days
        (date(2026, 6, 10), "red"),  # three months
        (date(2026, 6, 11), "red"),
    ],
)
def test_a_new_start_not_started_is_yellow_from_one_month_and_red_from_three(zone_a, day, color):
    project = new_start(zone_a)
    assert rule_color(project, "start_late", day) == color


def test_a_groundbreaking_ends_the_late_start(zone_a):
    project = new_start(zone_a)
    MilestoneFactory(
        project=project,
        kind=MilestoneKind.GROUNDBREAKING,
        planned_on=date(2026, 3, 10),
        actual_on=date(2026, 5, 1),
    )
    assert rule_color(project, "start_late", date(2026, 6, 20)) == "green"


def test_months_are_calendar_months():
    assert months_between(date(2026, 1, 31), date(2026, 2, 27)) == 0
    assert months_between(date(2026, 1, 31), date(2026, 2, 28)) == 1
    assert months_between(date(2026, 3, 10), date(2026, 6, 9)) == 2


@pytest.mark.parametrize(
    ("completed", "day", "color"),
    [
        # 400 of 1000 = 40 %; the year's share on 07-01 is 182/365 = 49.86 %, on 07-02 50.14 %.
        ("400", date(2026, 7, 1), "green"),  # 9.9 points behind
        ("400", date(2026, 7, 2), "yellow"),  # 10.1
        ("400", date(2026, 7, 3), "yellow"),  # 10.4
        # 200 of 1000 = 20 %: 29.9 points on 07-01, 30.1 on 07-02 (red only above 30).
        ("200", date(2026, 7, 1), "yellow"),
        ("200", date(2026, 7, 2), "red"),
        ("200", date(2026, 7, 3), "red"),
    ],
)
def test_investment_behind_time_progress_is_yellow_from_10_points_and_red_above_30(
    zone_a, completed, day, color
):
    project = StartedProjectFactory(zone=zone_a)
    AnnualPlanEntryFactory(
        project=project,
        plan_type=PlanType.CONTINUING,
        planned_start_on=None,
        planned_investment=Decimal("1000"),
    )
    make_report(project, 6, completed=completed, domestic=completed)
    assert rule_color(project, "investment_behind", day) == color


def test_exactly_30_points_behind_is_still_yellow(zone_a):
    # 2026-07-02: 50.14 % of the year; 201.4 of 1000 = 20.14 % → 30.0 points.
    project = StartedProjectFactory(zone=zone_a)
    AnnualPlanEntryFactory(
        project=project,
        plan_type=PlanType.CONTINUING,
        planned_start_on=None,
        planned_investment=Decimal("1000"),
    )
    make_report(project, 6, completed="201.4", domestic="201.4")
    light = light_on(project, date(2026, 7, 2))
    with translation.override("zh-hans"):
        assert light.reasons[0]["color"] == "yellow"
        from supervision.lights.reasons import texts

        assert texts(light.reasons, date(2026, 7, 2))[0]["text"] == (
            "投资完成率低于序时进度 30.0 个百分点"
        )


def test_the_year_share_is_the_time_progress_of_the_figures():
    for day in (date(2026, 1, 1), date(2026, 7, 2), date(2026, 12, 31), date(2028, 2, 29)):
        assert year_share(day) == Decimal(str(time_progress(Period(day.year, day)))) * 100


@pytest.mark.parametrize(
    ("day", "color"),
    [
        (date(2026, 1, 31), "green"),  # January still running
        (date(2026, 2, 1), "yellow"),  # January over without an update: 1 period
        (date(2026, 2, 28), "yellow"),
        (date(2026, 3, 1), "red"),  # two periods
        (date(2026, 3, 2), "red"),
    ],
)
def test_a_missing_update_is_yellow_after_one_period_and_red_after_two(zone_a, day, color):
    project = ProjectFactory(zone=zone_a, cadence=Cadence.MONTHLY)
    AnnualPlanEntryFactory(
        project=project,
        plan_type=PlanType.CONTINUING,
        planned_start_on=None,
        planned_investment=Decimal("0"),
    )
    assert rule_color(project, "update_overdue", day) == color


@pytest.mark.parametrize(
    ("day", "color"),
    [
        (date(2026, 5, 10), "green"),  # the deadline day is still in time
        (date(2026, 5, 11), "yellow"),  # 1 day past
        (date(2026, 5, 25), "yellow"),  # 15 days
        (date(2026, 5, 26), "red"),  # 16 days
    ],
)
def test_a_blocker_past_its_deadline_is_yellow_then_red_after_15_days(zone_a, day, color):
    blocker = make_blocker(zone_a, raised_on=date(2026, 5, 1), deadline=date(2026, 5, 10))
    assert rule_color(blocker.project, "blocker_overdue", day) == color


@pytest.mark.parametrize(
    ("day", "color"),
    [
        (date(2026, 5, 10), "green"),
        (date(2026, 5, 11), "yellow"),
        (date(2026, 6, 9), "yellow"),  # 30 days
        (date(2026, 6, 10), "red"),  # 31 days
    ],
)
def test_a_milestone_past_its_planned_date_is_yellow_then_red_after_30_days(zone_a, day, color):
    project = ProjectFactory(zone=zone_a)
    MilestoneFactory(project=project, kind=MilestoneKind.COMPLETION, planned_on=date(2026, 5, 10))
    assert rule_color(project, "milestone_overdue", day) == color


@pytest.mark.parametrize(
    ("day", "color"),
    [(date(2026, 11, 27), "green"), (date(2026, 11, 28), "red"), (date(2026, 11, 29), "red")],
)
def test_a_notice_unanswered_past_its_deadline_is_red(zone_a, day, color):
    notice = make_notice(zone_a)  # issued 11-20, due 11-27
    assert rule_color(notice.project, "notice_unanswered", day) == color


def test_a_light_is_its_worst_rule_with_every_reason_in_words(zone_a):
    project = new_start(zone_a, planned_start=date(2026, 3, 10))
    make_blocker(project=project, raised_on=date(2026, 4, 1), deadline=date(2026, 4, 20))
    day = date(2026, 4, 26)  # start 47 days late (yellow), blocker 6 days past (yellow)
    light = light_on(project, day)
    assert light.color == "red"  # three months of updates missed: Jan, Feb, Mar
    from supervision.lights.reasons import texts

    with translation.override("zh-hans"):
        words = {r["rule"]: r["text"] for r in texts(light.reasons, day)}
    assert words == {
        "start_late": "开工滞后 47 天",
        "update_overdue": "调度更新逾期 3 期",
        "blocker_overdue": "1 个堵点超过办结时限，最长 6 天",
    }
    with translation.override("en"):
        assert texts(light.reasons, day)[0]["text"] == "Start 47 days behind schedule"


@pytest.mark.parametrize("status", [Status.STALLED, Status.CANCELLED])
def test_stalled_and_cancelled_projects_are_grey(zone_a, status):
    project = new_start(zone_a)
    project.status = status
    project.save()
    light = light_on(project, date(2026, 8, 1))
    assert (light.color, light.reasons) == ("grey", [])


def test_a_project_with_nothing_late_is_green(zone_a):
    project = ProjectFactory(zone=zone_a)
    assert light_on(project, date(2026, 8, 1)).color == "green"
