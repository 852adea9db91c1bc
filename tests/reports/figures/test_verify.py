"""verify_figures, the snapshot job copying the rollups, a past day's stats from snapshots,
and the nightly check and refresh of the rollups."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from devtools.demo import seed_demo
from reports.figures import tasks
from reports.figures.bundle import compute, decode, encode
from reports.figures.period import Period
from reports.figures.rollups import refresh, refresh_all, targets_of
from reports.figures.snapshots import store_snapshots
from reports.figures.verify import Difference, differences, verify_rollups
from reports.models import RollupChange, ScopeRollup, Snapshot, ZoneRollup
from supervision.choices import AlertKind
from supervision.models import Alert
from tests.builders import AS_OF, api, make_plan, make_project, make_report
from tests.factories import ZoneFactory

pytestmark = pytest.mark.django_db

TODAY = Period(2026, AS_OF)
YESTERDAY = date(2026, 11, 21)


def populate(zone, projects=1):
    """``projects`` new starts of the plan, planned at 1000 (10,000 in total), 250 done."""
    for _ in range(projects):
        project = make_project(
            zone, total="10000", signing=date(2026, 2, 1), groundbreaking=date(2026, 5, 1)
        )
        make_plan(project, investment="1000")
        make_report(project, 6, completed="250")


def tamper(zone, **figures):
    """Make the zone's rollup drift from its data: its figures, and section 6 as it shows
    them (the snapshot job copies that)."""
    rollup = ZoneRollup.objects.get(zone=zone)
    rollup.figures["current"]["figures"].update(figures)
    period = Period(rollup.as_of.year, rollup.as_of)
    targets = targets_of([zone.pk], period.year).get(zone.pk, ())
    shown = decode(rollup.figures["current"], period, targets).figures.as_dict()
    ZoneRollup.objects.filter(pk=rollup.pk).update(figures=rollup.figures, shown=shown)


def verify(*args):
    out = StringIO()
    try:
        call_command("verify_figures", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def zones(frozen_today, zone_a, zone_b):
    populate(zone_a, 2)
    populate(zone_b, 1)
    refresh_all(TODAY)
    return zone_a, zone_b


def test_differences_compare_figure_by_figure_and_keep_the_groups_order_free():
    stored = {
        1: {
            "current": {
                "figures": {"planned_new": 5, "days": {"3": 1}},
                "supervision": {"groups": [["land", "zone", {"open": 1}], ["funding", "city", {}]]},
            }
        }
    }
    live = {
        1: {
            "current": {
                "figures": {"planned_new": 2, "days": {"3": 1, "7": 1}},
                "supervision": {"groups": [["funding", "city", {}], ["land", "zone", {"open": 1}]]},
            },
            "last_year": {"figures": {"planned_new": 9}},  # not stored: not compared
        }
    }
    assert differences({1: "ZA"}, stored, live) == [
        Difference(1, "ZA", "current", "figures.days.7", None, 1),
        Difference(1, "ZA", "current", "figures.planned_new", 5, 2),
    ]


# No region row exists until a region's figures are read.
NO_REGIONS = "0 region rows compared with their zones, 0 differing\n"
ALL_AGREE = f"2026-11-22: 2 zones compared, 0 stale (not compared), 0 differing\n{NO_REGIONS}"


def test_a_region_row_that_its_zones_do_not_add_up_to_is_printed_and_dropped(zones, city, dave):
    zone_a, zone_b = zones
    assert api(dave).get("/api/stats/", {"region": city.pk}).json()["source"] == "rollup"
    row = ScopeRollup.objects.get(path=city.path)
    planned = row.figures["current"]["figures"]["planned_new"]  # 2 + 1 planned new starts
    assert planned == 3
    row.figures["current"]["figures"]["planned_new"] = 4
    row.save()
    code, out = verify()
    assert code == 1
    assert f"{city.path}\tcurrent.figures.planned_new\tstored 4\tzones 3" in out.splitlines()
    assert "1 region rows compared with their zones, 1 differing" in out
    assert verify("--repair")[0] == 1
    assert not ScopeRollup.objects.exists()  # each is added up again when read
    assert api(dave).get("/api/stats/", {"region": city.pk}).json()["plan"]["planned_new"] == 3
    assert verify() == (
        0,
        "2026-11-22: 2 zones compared, 0 stale (not compared), 0 differing\n"
        "1 region rows compared with their zones, 0 differing\n",
    )


def test_current_rollups_agree_with_the_data(zones):
    verification = verify_rollups(AS_OF)
    assert (len(verification.compared), verification.stale, verification.differences) == (2, [], [])
    assert verify() == (
        0,
        f"2026-11-22: 2 zones compared, 0 stale (not compared), 0 differing\n{NO_REGIONS}",
    )


def test_a_tampered_rollup_is_printed_with_stored_and_live_values_and_repaired(zones):
    zone_a, zone_b = zones
    tamper(zone_a, planned_new=5, completed_investment="999.00")
    code, out = verify()
    assert code == 1
    assert out.splitlines() == [
        "ZA\tcurrent\tfigures.completed_investment\tstored 999.00\tlive 500.00",
        "ZA\tcurrent\tfigures.planned_new\tstored 5\tlive 2",
        "2026-11-22: 2 zones compared, 0 stale (not compared), 1 differing",
        NO_REGIONS.strip(),
    ]
    code, out = verify("--repair")
    assert code == 1
    assert out.endswith("Repaired 1 rollups (differing or stale).\n")
    assert ZoneRollup.objects.get(zone=zone_a).figures["current"]["figures"]["planned_new"] == 2
    assert verify() == (
        0,
        f"2026-11-22: 2 zones compared, 0 stale (not compared), 0 differing\n{NO_REGIONS}",
    )


def test_a_rollup_with_a_change_left_is_stale_not_compared_and_repair_makes_it_current(zones):
    zone_a, zone_b = zones
    tamper(zone_b, planned_new=7)  # and then a write: the rollup no longer claims anything
    populate(zone_b)
    assert verify("--zone", "ZB")[1].splitlines()[0] == (
        "2026-11-22: 0 zones compared, 1 stale (not compared), 0 differing"
    )
    assert verify("--repair")[0] == 0
    assert not RollupChange.objects.exists()
    assert ZoneRollup.objects.get(zone=zone_b).figures["current"]["figures"]["planned_new"] == 2
    assert verify()[1] == (
        f"2026-11-22: 2 zones compared, 0 stale (not compared), 0 differing\n{NO_REGIONS}"
    )


def test_no_difference_after_the_demo(frozen_today):
    seed_demo(AS_OF, projects_per_zone=6)
    code, out = verify()
    assert code == 0, out
    assert out.startswith("2026-11-22: 4 zones compared, 0 stale (not compared), 0 differing\n")
    assert out.endswith("region rows compared with their zones, 0 differing\n")


# The snapshot job copies the current rollups.


def snapshot_queries():
    with CaptureQueriesContext(connection) as queries:
        store_snapshots(AS_OF)
    return len(queries)


def test_the_snapshot_job_copies_current_rollups_in_as_many_queries_for_more_zones(zones, city):
    store_snapshots(AS_OF)  # the first run adds up the missing region rows, kept afterwards
    few = snapshot_queries()
    for code in ("ZC", "ZD", "ZE"):
        populate(ZoneFactory(code=code, region=city))
    refresh_all(TODAY)
    assert snapshot_queries() == few
    for rollup in ZoneRollup.objects.all():
        row = Snapshot.objects.get(zone_id=rollup.zone_id, date=AS_OF)
        assert row.raw == rollup.figures["current"]
    assert Snapshot.objects.get(region=city).figures["plan"]["planned_new"] == 6


def test_a_zone_changed_since_its_rollup_is_computed_live(zones, city):
    zone_a, zone_b = zones
    tamper(zone_a, planned_new=50)
    tamper(zone_b, planned_new=40)
    populate(zone_a)  # zone A has a change left: its stored 50 is not copied
    store_snapshots(AS_OF)
    row = Snapshot.objects.get(zone=zone_a, date=AS_OF)
    assert row.figures["plan"]["planned_new"] == 3
    assert row.raw == encode(compute([zone_a.pk], TODAY)[zone_a.pk])
    assert Snapshot.objects.get(zone=zone_b).figures["plan"]["planned_new"] == 40  # copied
    assert Snapshot.objects.get(region=city).figures["plan"]["planned_new"] == 43


# A past day's /api/stats/ reads the snapshots.


def test_a_past_day_with_snapshots_answers_from_them_with_the_live_numbers(zones, admin_user):
    past = {"year": 2026, "as_of": "2026-11-21"}
    live = api(admin_user).get("/api/stats/", past).json()
    assert live["source"] == "live"
    store_snapshots(YESTERDAY)
    store_snapshots(date(2025, 11, 21))  # the same day a year earlier
    stored = api(admin_user).get("/api/stats/", past).json()
    assert stored["source"] == "snapshot"
    assert stored["plan"]["planned_new"] == 3
    assert stored["plan"]["completed_investment"] == "750.00"
    assert {**stored, "source": "live"} == live
    # One zone without a snapshot: the day is computed live.
    Snapshot.objects.filter(zone=zones[1], date=YESTERDAY).delete()
    assert api(admin_user).get("/api/stats/", past).json() == live


# The nightly tasks (eager Celery).


def test_the_nightly_check_alerts_admins_and_repairs_a_snapshot_copied_from_a_bad_rollup(
    zones, alice, admin_user
):
    zone_a, zone_b = zones
    refresh([zone_a.pk, zone_b.pk], Period(2026, YESTERDAY))  # yesterday's rollups
    tamper(zone_a, planned_new=5)
    assert tasks.nightly_snapshots.delay().get() == "2026-11-21"
    alert = Alert.objects.get(kind=AlertKind.FIGURES_DIFFER)
    assert (alert.zone, alert.raised_on, alert.resolved_on) == (zone_a, YESTERDAY, None)
    with translation.override("en"):
        message = alert.message
    assert message == (
        "The stored figures of 2026-11-21 differed from the data and were repaired: "
        "1 of 2 zones differed (1 figures): ZA current figures.planned_new: stored 5, live 2"
    )
    assert Snapshot.objects.get(zone=zone_a, date=YESTERDAY).figures["plan"]["planned_new"] == 2
    assert not Alert.objects.visible_to(alice).filter(kind=AlertKind.FIGURES_DIFFER).exists()
    assert Alert.objects.visible_to(admin_user).filter(kind=AlertKind.FIGURES_DIFFER).exists()
    # Again for the same day: repaired, nothing differs, the alert stays as it was.
    assert tasks.verify_rollups.delay("2026-11-21").get() == 0
    assert Alert.objects.open().filter(kind=AlertKind.FIGURES_DIFFER).count() == 1
    # The next night finds nothing: the alert is resolved.
    tasks.take_snapshots.delay("2026-11-22").get()
    assert tasks.verify_rollups.delay("2026-11-22").get() == 0
    assert Alert.objects.get(pk=alert.pk).resolved_on == AS_OF


def test_the_rollups_of_the_new_day_are_computed_and_orphan_changes_purged(zones):
    zone_a, zone_b = zones
    ZoneRollup.objects.update(as_of=YESTERDAY)
    RollupChange.objects.create(project_id=987654)  # a project deleted since
    RollupChange.objects.create(zone_id=zone_a.pk)
    assert tasks.nightly_rollups.delay().get() == "2026-11-22"
    assert set(ZoneRollup.objects.values_list("as_of", flat=True)) == {AS_OF}
    assert not RollupChange.objects.exists()
    assert tasks.refresh_rollups.delay("2026-11-21").get() == 0  # only for today
    assert set(ZoneRollup.objects.values_list("as_of", flat=True)) == {AS_OF}


def test_the_daily_supervision_check_does_not_resolve_a_figures_alert(zones):
    from supervision.alerts import raise_alerts

    zone_a, _ = zones
    Alert.objects.create(
        kind=AlertKind.FIGURES_DIFFER,
        key="figures_differ:x",
        zone=zone_a,
        raised_on=YESTERDAY,
        last_seen_on=YESTERDAY,
    )
    raise_alerts(AS_OF)
    assert Alert.objects.get(key="figures_differ:x").resolved_on is None
