"""The rollups seen from /api/stats/ (issue #14): today's figures come from the rollups, any
other day or a restriction is computed live; a write shows at the next GET; the rollups go
stale at midnight and at new year; an unchanged zone is read, not recomputed.

The zone's data, worked by hand (today 2026-11-22 in Shanghai):
- P0, 5000, signed 2025-03-01: last year's only signing on 2025-11-22.
- P1, 20000, signed 2026-01-01, broke ground 2026-05-01, a new start of the 2026 plan
  (planned 1000), 250 completed in June.
So on 2026-11-22: 1 planned new start, 1 started, 1 signed (20000.00), 250.00 completed;
last year 1 signed (5000.00).
"""

import hashlib
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.renderers import JSONRenderer

from investment.choices import TargetMetric
from parks.models import Zone
from reports.figures import rollups
from reports.figures.bundle import compute
from reports.figures.period import Period
from reports.models import RollupChange, ZoneRollup
from tests.builders import api, make_plan, make_project, make_report
from tests.factories import ProjectFactory, TargetFactory, ZoneFactory

pytestmark = pytest.mark.django_db

STATS = "/api/stats/"


def at(moment):
    """Travel to ``moment`` (a Shanghai wall-clock time) and stay there."""
    return time_machine.travel(f"{moment} +0800", tick=False)


@pytest.fixture
def zone_data(zone_a):
    make_project(zone_a, total="5000", signing=date(2025, 3, 1))
    p1 = make_project(
        zone_a, total="20000", signing=date(2026, 1, 1), groundbreaking=date(2026, 5, 1)
    )
    make_plan(p1, investment="1000")
    make_report(p1, 6, completed="250")
    return p1


def stats(user, zone, **params):
    response = api(user).get(STATS, {"zone": zone.pk, **params})
    assert response.status_code == 200, response.content
    return response.json()


def test_today_comes_from_the_rollup_with_the_figures_worked_by_hand(dave, zone_a, zone_data):
    with at("2026-11-22 12:00"):
        data = stats(dave, zone_a)
    assert (data["source"], data["year"], data["as_of"]) == ("rollup", 2026, "2026-11-22")
    plan = data["plan"]
    assert (plan["planned_new"], plan["started_new"], plan["start_rate"]) == (1, 1, 1.0)
    assert (plan["planned_investment"], plan["completed_investment"]) == ("1000.00", "250.00")
    assert plan["investment_completion_rate"] == 0.25
    assert data["signing"]["signed_count"] == 1
    assert data["signing"]["signed_investment"] == "20000.00"
    assert data["last_year"]["signing"]["signed_count"] == 1
    assert data["last_year"]["signing"]["signed_investment"] == "5000.00"
    rollup = ZoneRollup.objects.get(zone=zone_a)
    assert rollup.as_of == date(2026, 11, 22)


def test_a_past_day_and_a_restriction_are_computed_live(dave, zone_a, zone_data):
    with at("2026-11-22 12:00"):
        today = stats(dave, zone_a)
        past = stats(dave, zone_a, as_of="2026-04-30")
        restricted = stats(dave, zone_a, level="city_and_above")
        general = stats(dave, zone_a, level="general")
    assert today["source"] == "rollup"
    assert past["source"] == "live"
    # On 2026-04-30 P1 was signed but had not broken ground: 1 planned, 0 started.
    assert (past["plan"]["planned_new"], past["plan"]["started_new"]) == (1, 0)
    assert past["signing"]["signed_count"] == 1
    assert restricted["source"] == "live"
    # The factory's projects are general ones: none is city key or above.
    assert restricted["plan"]["planned_new"] == 0
    assert general["source"] == "live"
    assert general["plan"]["planned_new"] == 1


def test_a_milestone_recorded_over_the_api_shows_at_the_next_get(alice, zone_a, zone_data):
    p2 = ProjectFactory(zone=zone_a, total_investment="30000")
    with at("2026-11-22 12:00"):
        assert stats(alice, zone_a)["signing"]["signed_count"] == 1
        response = api(alice).post(
            "/api/milestones/",
            {"project": p2.pk, "kind": "signing", "actual_on": "2026-11-20"},
            format="json",
        )
        assert response.status_code == 201, response.content
        assert rollups.changed_zones() == {zone_a.pk}
        data = stats(alice, zone_a)
    assert data["source"] == "rollup"
    assert data["signing"]["signed_count"] == 2
    assert data["signing"]["signed_investment"] == "50000.00"
    assert rollups.changed_zones() == set()


def test_the_rollup_is_stale_the_day_after(dave, zone_a, zone_data):
    with at("2026-11-22 23:59"):
        assert stats(dave, zone_a)["as_of"] == "2026-11-22"
    # P1's groundbreaking moved to the 23rd by a write that no rollup read sees the same day.
    zone_data.milestones.filter(kind="groundbreaking").update(actual_on=date(2026, 11, 23))
    RollupChange.objects.all().delete()  # even without the note, the day has changed
    with at("2026-11-23 00:01"):
        data = stats(dave, zone_a)
    assert (data["source"], data["as_of"]) == ("rollup", "2026-11-23")
    assert data["plan"]["started_new"] == 1  # broke ground today: counted
    assert ZoneRollup.objects.get(zone=zone_a).as_of == date(2026, 11, 23)


def test_the_rollup_is_stale_across_new_year(dave, zone_a, zone_data):
    with at("2026-12-31 23:59"):
        data = stats(dave, zone_a)
    assert (data["year"], data["signing"]["signed_count"]) == (2026, 1)
    assert data["last_year"]["signing"]["signed_count"] == 1  # P0, 2025-03-01
    with at("2027-01-01 00:01"):
        data = stats(dave, zone_a)
    assert (data["source"], data["year"], data["as_of"]) == ("rollup", 2027, "2027-01-01")
    assert data["signing"]["signed_count"] == 0
    assert data["plan"]["planned_new"] == 0  # no 2027 plan
    # Last year on the same date is 2026-01-01: P1's signing that day, 20000.
    assert data["last_year"]["signing"]["signed_count"] == 1
    assert data["last_year"]["signing"]["signed_investment"] == "20000.00"
    assert ZoneRollup.objects.get(zone=zone_a).as_of == date(2027, 1, 1)


def zones_with_a_project(city, n):
    zones = [ZoneFactory(region=city) for _ in range(n)]
    for zone in zones:
        make_project(zone, signing=date(2026, 2, 1))
    return [zone.pk for zone in zones]


PERIOD = Period(2026, date(2026, 11, 22))


def test_only_a_changed_zone_is_recomputed(city):
    with at("2026-11-22 12:00"):
        zone_ids = zones_with_a_project(city, 3)
        rollups.read(zone_ids, PERIOD)
        before = dict(ZoneRollup.objects.values_list("zone_id", "computed_at"))
        changed = zone_ids[1]
        make_project(Zone.objects.get(pk=changed), signing=date(2026, 3, 1))
    with at("2026-11-22 12:05"):
        reading = rollups.read(zone_ids, PERIOD)
    after = dict(ZoneRollup.objects.values_list("zone_id", "computed_at"))
    assert [zone_id for zone_id in zone_ids if after[zone_id] != before[zone_id]] == [changed]
    assert [reading.current[z].figures.signed_count for z in zone_ids] == [1, 2, 1]


@pytest.mark.parametrize("n", [3, 30])
def test_a_read_of_unchanged_zones_runs_the_same_few_queries(city, n):
    with at("2026-11-22 12:00"):
        zone_ids = zones_with_a_project(city, n)
        rollups.read(zone_ids, PERIOD)
        with CaptureQueriesContext(connection) as queries:
            reading = rollups.read(zone_ids, PERIOD)
    assert reading.source == "rollup"
    assert sum(reading.current[z].figures.signed_count for z in zone_ids) == n
    # The rollups, the changes by zone and by project, the targets: 4, for 3 zones or 30.
    assert len(queries.captured_queries) == 4, [q["sql"] for q in queries.captured_queries]


def test_a_rollup_keeps_its_targets_as_the_api_writes_them_and_their_digest(zone_a, zone_data):
    TargetFactory(zone=zone_a, metric=TargetMetric.SIGNED_COUNT, annual_value=2)
    TargetFactory(zone=zone_a, metric=TargetMetric.FUNDS_IN_PLACE, annual_value=500)
    period = Period(2026, date(2026, 11, 22))
    with at("2026-11-22 12:00"):
        rollups.read([zone_a.pk], period)
    row = ZoneRollup.objects.get(zone=zone_a)
    live = compute([zone_a.pk], period)[zone_a.pk].figures.targets
    assert len(live) == 2
    assert row.targets == JSONRenderer().render([target.as_dict() for target in live]).decode()
    assert row.targets_digest == hashlib.md5(row.targets.encode()).hexdigest()
