"""The parts of a dashboard besides the section 6 figures: monthly investment against the
plan, trends from the snapshots, time progress, the month-end backfill of snapshots.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from reports.dashboards.monthly import monthly_investment
from reports.dashboards.trends import trend
from reports.figures.metrics import figures_for, figures_per_zone
from reports.figures.period import Period, time_progress
from reports.figures.scopes import Scope
from reports.figures.snapshots import month_ends, store_snapshots
from reports.models import Snapshot
from tests.builders import make_plan, make_project, make_report
from tests.reports.dashboard_data import WHEN, build_city

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def city_data(zone_a, zone_b):
    return build_city(zone_a, zone_b)


def test_monthly_investment_adds_up_to_the_completed_investment(city, city_data):
    period = Period(2026, date(2026, 11, 22))
    scope = Scope.for_region(city)
    figures = figures_for(scope, period)
    by_month = dict(enumerate(figures.completed_by_month, start=1))
    assert {month: done for month, done in by_month.items() if done} == {
        3: Decimal("100.00"),
        6: Decimal("150.00"),
        10: Decimal("500.00"),
    }
    assert sum(by_month.values()) == figures.completed_investment == Decimal("750.00")


def test_the_months_add_up_from_zones_to_the_region(city, city_data, zone_a, zone_b):
    period = Period(2026, date(2026, 11, 22))
    scope = Scope.for_region(city)
    per_zone = figures_per_zone(scope, period, zone_ids=[zone_a.pk, zone_b.pk])
    added = per_zone[zone_a.pk] + per_zone[zone_b.pk]
    assert added.completed_by_month == figures_for(scope, period).completed_by_month


def test_monthly_investment_stops_at_the_month_of_the_date(city, city_data):
    figures = figures_for(Scope.for_region(city), Period(2026, date(2026, 6, 5)))
    assert figures.completed_by_month[:6] == (0, 0, Decimal("100.00"), 0, 0, Decimal("150.00"))
    assert figures.completed_by_month[6:] == (0,) * 6  # July on: after the date


def test_the_plan_line_spreads_the_planned_investment_over_the_year(city, city_data):
    period = Period(2026, date(2026, 11, 22))
    figures = figures_for(Scope.for_region(city), period)
    figures.planned_investment = Decimal("7000.00")
    rows = monthly_investment(period, figures)
    assert [row.completed for row in rows[:3]] == [Decimal("0.00"), Decimal("0.00"), Decimal(100)]
    assert rows[0].last_year_cumulative is None  # without the snapshots of last year
    assert rows[5].cumulative == Decimal("250.00")
    assert rows[5].plan_cumulative == Decimal("3500.00")  # 7000 × 6/12
    assert rows[10].cumulative == Decimal("750.00")
    assert (rows[11].completed, rows[11].cumulative) == (None, None)  # December is to come
    assert rows[11].plan_cumulative == Decimal("7000.00")


def test_last_years_months_come_from_last_years_snapshots(zone_a):
    project = make_project(zone_a, "9000")
    make_plan(project, investment="1200", year=2025)
    make_report(project, 4, completed="300", year=2025)
    store_snapshots(date(2025, 4, 30))
    scope, period = Scope.for_zone(zone_a), Period(2026, date(2026, 11, 22))
    rows = monthly_investment(period, figures_for(scope, period), trend(scope, period))
    assert rows[3].last_year_cumulative == Decimal("300.00")  # April 2025
    assert rows[4].last_year_cumulative is None  # no snapshot of May 2025
    assert rows[3].completed == Decimal("0.00")


def test_the_trend_reads_the_last_snapshot_of_each_month_and_last_year(city, city_data):
    # The 15th and the 31st of October: the month shows the 31st.
    for day in (date(2025, 10, 31), date(2026, 10, 15), date(2026, 10, 31)):
        store_snapshots(day)
    rows = trend(Scope.for_region(city), Period(2026, date(2026, 11, 22)))
    october = rows[9]
    assert october.date == date(2026, 10, 31)
    assert october.last_date == date(2025, 10, 31)
    # On Oct 31st: A1's groundbreaking was in, B1's not (start rate 1/3); A3 completed.
    assert october.values["start_rate"] == 0.3333
    assert october.values["completed_investment"] == Decimal("750.00")
    assert october.last_values["signed_count"] == 1  # A3, signed on 2025-01-01
    assert rows[0].date is None and rows[0].values["start_rate"] is None


def test_the_trend_stops_at_the_date(city, city_data):
    store_snapshots(date(2026, 10, 31))
    rows = trend(Scope.for_region(city), Period(2026, date(2026, 10, 30)))
    assert all(row.date is None for row in rows)


def test_everything_a_user_reads_has_no_trend_of_its_own(dave, city_data):
    from parks.access import access_for

    scope = Scope.everything(access_for(dave))
    assert trend(scope, Period(2026, date(2026, 11, 22))) is None


def test_the_trend_is_drawn_and_tabled_on_the_page(client, dave, city, city_data):
    store_snapshots(date(2026, 9, 30))
    client.force_login(dave)
    response = client.get(reverse("reports:region", args=[city.pk]), WHEN)
    html = response.content.decode()
    assert 'id="trend-chart"' in html and 'id="trend-table"' in html
    chart = response.context["charts"]["trend"]
    assert chart["metrics"]["signed_count"]["this"][8] == 3.0  # September


@pytest.mark.parametrize(
    "day, share",
    [
        (date(2025, 12, 31), 0.0),  # the year has not begun
        (date(2026, 1, 1), round(1 / 365, 4)),
        (date(2026, 7, 2), round(183 / 365, 4)),
        (date(2027, 3, 1), 1.0),
    ],
)
def test_time_progress_is_the_share_of_the_year_gone(day, share):
    assert time_progress(Period(2026, day)) == share


def test_month_ends_run_to_the_last_full_month():
    assert month_ends(date(2025, 11, 1), date(2026, 2, 27)) == [
        date(2025, 11, 30),
        date(2025, 12, 31),
        date(2026, 1, 31),
    ]


def test_the_backfill_stores_each_month_end_once(zone_a, capsys):
    call_command("backfill_snapshots", "--since=2026-09-01", "--today=2026-11-22")
    assert sorted({s.date for s in Snapshot.objects.all()}) == [
        date(2026, 9, 30),
        date(2026, 10, 31),
    ]
    rows = Snapshot.objects.count()
    call_command("backfill_snapshots", "--since=2026-09-01", "--today=2026-11-22")
    assert Snapshot.objects.count() == rows
    assert "already stored" in capsys.readouterr().out
