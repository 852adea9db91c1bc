"""updates_due, updates_received, updates_missing and updates_late, worked by hand on
2026-11-22 (a Sunday: week 11-16..11-22, half month 11-16..11-30, month 11-01..11-30)."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from reports.figures.period import Period
from reports.figures.scopes import Scope
from reports.figures.supervision import supervision_figures, update_counts
from supervision.models import ProgressUpdate
from tests.api.cases import client_for
from tests.factories import AnnualPlanEntryFactory, ProjectFactory, ZoneFactory

D = date(2026, 11, 22)


def key_project(zone, cadence, year=2026, **fields):
    project = ProjectFactory(zone=zone, cadence=cadence, **fields)
    AnnualPlanEntryFactory(project=project, year=year)
    return project


def report(project, period_start, at="2026-11-20 10:00 +0800"):
    with time_machine.travel(at, tick=False):
        return ProgressUpdate.objects.create(
            project=project, period_start=period_start, image_progress=Decimal(10), progress="x"
        )


def updates(scope, as_of=D):
    figures = supervision_figures(scope, Period(as_of.year, as_of)).as_dict()
    return figures["updates_due"], figures["updates_received"], figures["updates_missing"]


@pytest.fixture
def zone_a_rounds(zone_a, zone_b):
    """Zone A: five active key projects, two of them reported this period; a stalled one and
    one not on the 2026 plan are not due. Zone B: one due, reported."""
    weekly = key_project(zone_a, "weekly")
    report(weekly, date(2026, 11, 16), at="2026-11-18 16:00 +0800")  # this week
    biweekly = key_project(zone_a, "biweekly")
    report(biweekly, date(2026, 11, 1), at="2026-11-10 09:00 +0800")  # the last half month only
    monthly = key_project(zone_a, "monthly")
    report(monthly, date(2026, 11, 1))  # this month
    key_project(zone_a, "biweekly")  # nothing at all
    key_project(zone_a, "weekly")
    key_project(zone_a, "monthly", status="stalled", status_reason="资金未到位")
    key_project(zone_a, "monthly", year=2025)
    ProjectFactory(zone=zone_a)
    report(key_project(zone_b, "monthly"), date(2026, 11, 1))
    return weekly, biweekly, monthly


def test_the_updates_of_a_zone_worked_by_hand(zone_a, zone_a_rounds):
    # Due: 2 weekly + 2 biweekly + 1 monthly = 5; received: the weekly and the monthly one.
    assert updates(Scope.for_zone(zone_a)) == (5, 2, 3)


def test_a_region_adds_up_its_zones(city, zone_a_rounds):
    assert updates(Scope.for_region(city)) == (6, 3, 3)


def test_an_update_reported_after_the_day_is_not_yet_received(zone_a, zone_a_rounds):
    # On 11-19 the weekly update (the 18th) had come in, the monthly one (the 20th) not yet.
    assert updates(Scope.for_zone(zone_a), date(2026, 11, 19)) == (5, 1, 4)


def test_the_updates_cost_one_query_for_3_or_30_zones(city, django_assert_num_queries):
    def spread(count):
        for _ in range(count):
            zone = ZoneFactory(region=city)
            report(key_project(zone, "biweekly"), date(2026, 11, 16))
            key_project(zone, "weekly")

    spread(3)
    with django_assert_num_queries(3):
        few = updates(Scope.for_region(city))
    spread(27)
    with django_assert_num_queries(3):
        many = updates(Scope.for_region(city))
    assert (few, many) == ((6, 3, 3), (60, 30, 30))


def test_stats_answers_the_updates_of_the_users_zones(alice, zone_a_rounds, frozen_today):
    section = client_for(alice).get("/api/stats/", {"year": 2026}).json()["supervision"]
    assert (section["updates_due"], section["updates_received"], section["updates_missing"]) == (
        5,
        2,
        3,
    )


def late(scope, as_of=D):
    return supervision_figures(scope, Period(as_of.year, as_of)).as_dict()["updates_late"]


@pytest.fixture
def late_rounds(zone_a, zone_b):
    """Updates of the period before the current one, some reported after it ended.

    On D (Sunday 11-22) the previous periods are the week 11-09..11-15, the half month
    11-01..11-15 and the month of October.
    """
    weekly_late = key_project(zone_a, "weekly")
    report(weekly_late, date(2026, 11, 9), at="2026-11-16 09:00 +0800")  # a day after: late
    weekly_on_time = key_project(zone_a, "weekly")
    report(weekly_on_time, date(2026, 11, 9), at="2026-11-15 22:00 +0800")  # its last day
    report(weekly_on_time, date(2026, 11, 2), at="2026-11-12 09:00 +0800")  # two weeks back
    biweekly_late = key_project(zone_a, "biweekly")
    report(biweekly_late, date(2026, 11, 1), at="2026-11-17 09:00 +0800")  # late
    monthly_late = key_project(zone_a, "monthly")
    report(monthly_late, date(2026, 10, 1), at="2026-11-03 09:00 +0800")  # late
    monthly_after_d = key_project(zone_a, "monthly")
    report(monthly_after_d, date(2026, 10, 1), at="2026-11-25 09:00 +0800")  # after D
    stalled = key_project(zone_a, "monthly", status="stalled", status_reason="资金未到位")
    report(stalled, date(2026, 10, 1), at="2026-11-03 09:00 +0800")  # not due: not counted
    off_plan = key_project(zone_a, "monthly", year=2025)
    report(off_plan, date(2026, 10, 1), at="2026-11-03 09:00 +0800")  # not due either
    report(key_project(zone_b, "monthly"), date(2026, 10, 1), at="2026-11-02 09:00 +0800")


def test_late_updates_of_a_zone_worked_by_hand(zone_a, late_rounds):
    # The weekly, the half-monthly and the first monthly project reported late; the second
    # weekly project was on time for its last week (its late update is two weeks back).
    assert late(Scope.for_zone(zone_a)) == 3


def test_late_updates_follow_the_day_they_are_seen_on(zone_a, late_rounds):
    # On Monday 11-16 the half month 11-01..11-15 has just ended and its update came on the
    # 17th: not yet received, so not late yet. The weekly and the monthly one are late.
    assert late(Scope.for_zone(zone_a), date(2026, 11, 16)) == 2
    # On 11-25 the previous week is 11-16..11-22 (no update): the half month and October
    # remain; the second monthly update came on the 25th, late.
    assert late(Scope.for_zone(zone_a), date(2026, 11, 25)) == 3


def test_a_region_adds_up_its_zones_late_updates(city, late_rounds):
    assert late(Scope.for_region(city)) == 4


def test_update_counts_per_zone_add_up_to_the_region(city, zone_a, zone_b, late_rounds):
    counts = update_counts(Scope.for_region(city), Period(2026, D), by="zone_id")
    # Zone A: five due (the stalled and the off-plan project are not), none reported for
    # this period; zone B: one due, late for October.
    assert {zone: (c.due, c.received, c.missing, c.late) for zone, c in counts.items()} == {
        zone_a.pk: (5, 0, 5, 3),
        zone_b.pk: (1, 0, 1, 1),
    }


def test_stats_answers_the_late_updates(alice, late_rounds, frozen_today):
    section = client_for(alice).get("/api/stats/", {"year": 2026}).json()["supervision"]
    assert section["updates_late"] == 3
