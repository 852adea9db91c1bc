"""The snapshot job: one row per scope, year and day, replaced when run again."""

from datetime import date

import pytest
from django.conf import settings
from django.db.models import Count

from reports.figures import tasks
from reports.figures.metrics import figures_for
from reports.figures.period import Period
from reports.figures.scopes import Scope
from reports.figures.snapshots import refresh_zone, store_snapshots
from reports.models import Snapshot
from supervision import tasks as supervision_tasks
from tests.builders import AS_OF, make_plan, make_project
from tests.factories import RegionFactory, ZoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(city, zone_a, zone_b):
    """Zones A and B in the city, zone C in a county below it, zone D in another province."""
    county = RegionFactory(code="JS-ZJ-DY", parent=city)
    zone_c = ZoneFactory(code="ZC", region=county)
    zone_d = ZoneFactory(code="ZD", region=RegionFactory(code="AH"))
    for zone in (zone_a, zone_b, zone_c, zone_d):
        make_plan(make_project(zone, signing=date(2026, 1, 2), groundbreaking=date(2026, 3, 3)))
    return {"county": county, "zone_c": zone_c, "zone_d": zone_d}


def test_it_stores_every_zone_and_every_region_once(places, city):
    # 4 zones; regions JS, JS-ZJ (the city), JS-ZJ-DY and AH.
    assert store_snapshots(AS_OF) == 8
    assert Snapshot.objects.filter(zone__isnull=False).count() == 4
    assert Snapshot.objects.filter(region__isnull=False).count() == 4
    city_row = Snapshot.objects.get(region=city, date=AS_OF)
    assert city_row.year == 2026
    assert city_row.figures == figures_for(Scope.for_region(city), Period(2026, AS_OF)).as_dict()
    assert city_row.figures["plan"]["planned_new"] == 3


def test_running_it_twice_leaves_one_row_per_scope_and_day_with_the_new_figures(places, zone_a):
    store_snapshots(AS_OF)
    make_plan(make_project(zone_a))
    store_snapshots(AS_OF)
    duplicates = (
        Snapshot.objects.values("scope_key", "year", "date")
        .annotate(rows=Count("pk"))
        .filter(rows__gt=1)
    )
    assert not duplicates.exists()
    assert Snapshot.objects.count() == 8
    assert Snapshot.objects.get(zone=zone_a).figures["plan"]["planned_new"] == 2


def test_another_day_adds_rows(places):
    store_snapshots(AS_OF)
    store_snapshots(date(2026, 11, 23))
    assert Snapshot.objects.count() == 16


def test_a_refresh_rewrites_the_zone_and_the_regions_above_it_only(places, city, zone_a):
    store_snapshots(AS_OF)
    before = dict(Snapshot.objects.values_list("scope_key", "computed_at"))
    make_plan(make_project(zone_a))
    assert refresh_zone(zone_a.pk, AS_OF) == 3  # zone A, the city, the province
    after = dict(Snapshot.objects.values_list("scope_key", "computed_at"))
    changed = {key for key in after if after[key] != before[key]}
    assert changed == {f"zone:{zone_a.pk}", f"region:{city.pk}", f"region:{city.parent.pk}"}
    assert Snapshot.objects.get(region=city).figures["plan"]["planned_new"] == 4


def test_a_refresh_of_a_deleted_zone_does_nothing(db):
    assert refresh_zone(987654, AS_OF) == 0


def test_the_task_takes_the_day_as_an_iso_date(places):
    assert tasks.take_snapshots.delay("2026-11-22").get() == 8
    assert set(Snapshot.objects.values_list("date", flat=True)) == {AS_OF}


def test_the_nightly_entry_point_snapshots_the_day_that_ended(places, frozen_today):
    assert tasks.nightly_snapshots.delay().get() == "2026-11-21"
    assert set(Snapshot.objects.values_list("date", flat=True)) == {date(2026, 11, 21)}


def test_beat_runs_the_entry_points_every_night():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled == {
        "reports.figures.tasks.nightly_snapshots",
        "supervision.tasks.daily_alerts",
        "supervision.tasks.daily_notice_escalation",
        "supervision.tasks.daily_lights",
        "reports.figures.tasks.nightly_rollups",
    }


def test_the_tasks_are_acknowledged_late_and_retried_with_backoff():
    for task in (
        tasks.take_snapshots,
        tasks.refresh_zone_snapshots,
        tasks.verify_rollups,
        tasks.refresh_rollups,
        supervision_tasks.raise_alerts,
    ):
        assert task.acks_late
        assert task.autoretry_for
        assert task.retry_backoff
