"""The snapshot job copies the rollups (zones in one INSERT … SELECT, regions from their region
rows) and stores exactly what computing every zone and adding up the regions stored before:
each zone's and region's section 6 figures (targets in the order the regions list them) and
each zone's whole figures (``raw``), whichever zones are current and region rows exist."""

from datetime import date
from decimal import Decimal

import pytest

from investment.choices import TargetMetric
from parks.models import Zone
from reports.figures import snapshots
from reports.figures.bundle import compute, encode
from reports.figures.metrics import figures_per_region
from reports.figures.period import Period
from reports.figures.rollups import record_change, refresh_all
from reports.figures.snapshots import store_snapshots
from reports.models import ScopeRollup, Snapshot, ZoneRollup
from tests.builders import AS_OF, make_plan, make_project, make_report
from tests.factories import RegionFactory, TargetFactory, ZoneFactory

pytestmark = pytest.mark.django_db

TODAY = Period(2026, AS_OF)


def populate(zone, signed="20000", completed="250"):
    project = make_project(
        zone, total=signed, signing=date(2026, 1, 5), groundbreaking=date(2026, 4, 1)
    )
    make_plan(project, investment="1000")
    make_report(project, 6, completed=completed)


@pytest.fixture
def places(frozen_today, city, zone_a, zone_b):
    """ZA, ZB and Z0 in the city (Z0 made last: first by code, last by id), ZC in a county
    below it, ZD in another province, and a county without zones; targets in Z0, ZA and ZC
    (a region lists them zone by zone, by code)."""
    county = RegionFactory(code="JS-ZJ-DY", parent=city)
    RegionFactory(code="JS-ZJ-YZ", parent=city)
    zone_c = ZoneFactory(code="ZC", region=county)
    zone_d = ZoneFactory(code="ZD", region=RegionFactory(code="AH"))
    zone_0 = ZoneFactory(code="Z0", region=city)
    for zone, signed in ((zone_a, "20000"), (zone_b, "30000.50"), (zone_c, "5000"), (zone_0, "7")):
        populate(zone, signed=signed)
    populate(zone_d, completed="0")
    TargetFactory(zone=zone_a, metric=TargetMetric.SIGNED_COUNT, annual_value=Decimal("4"))
    TargetFactory(
        zone=zone_a, metric=TargetMetric.COMPLETED_INVESTMENT, annual_value=Decimal("900")
    )
    TargetFactory(zone=zone_c, metric=TargetMetric.STARTED_COUNT, annual_value=Decimal("3"))
    TargetFactory(zone=zone_0, metric=TargetMetric.SIGNED_INVESTMENT, annual_value=Decimal("50"))
    refresh_all(TODAY)
    return {"zone_c": zone_c, "zone_d": zone_d, "zone_0": zone_0}


@pytest.fixture
def computed(monkeypatch):
    """The zones the job computed (the others were copied), run by run."""
    runs = []

    def spy(zone_ids, period):
        runs.append(set(zone_ids))
        return compute(zone_ids, period)

    monkeypatch.setattr(snapshots, "compute", spy)
    return runs


def computed_job(on):
    """Scope key -> (figures, raw) as the job stored them when it computed every zone."""
    period = Period(on.year, on)
    zones = compute(list(Zone.objects.values_list("pk", flat=True)), period)
    rows = {
        f"zone:{zone_id}": (zone.figures.as_dict(), encode(zone)) for zone_id, zone in zones.items()
    }
    regions = figures_per_region({zone_id: zone.figures for zone_id, zone in zones.items()})
    rows.update({f"region:{pk}": (figures.as_dict(), None) for pk, figures in regions.items()})
    return rows


def stored(on):
    return {
        row.scope_key: (row.figures, row.raw)
        for row in Snapshot.objects.filter(year=on.year, date=on)
    }


def test_the_copy_stores_what_computing_every_zone_stored(places, city, computed):
    ScopeRollup.objects.all().delete()  # forgotten: the first run adds them up again
    expected = computed_job(AS_OF)
    assert store_snapshots(AS_OF) == 5 + 5  # zones; regions JS, JS-ZJ, its 2 counties, AH
    assert stored(AS_OF) == expected
    assert ScopeRollup.objects.count() == 5
    assert store_snapshots(AS_OF) == 10  # from the region rows now
    assert stored(AS_OF) == expected
    assert computed == [set(), set()]  # every zone copied
    # The city lists its zones' targets by zone code: Z0, ZA (two), then ZC in the county.
    listed = stored(AS_OF)[f"region:{city.pk}"][0]["targets"]
    zone_a, zone_c, zone_0 = Zone.objects.get(code="ZA"), places["zone_c"], places["zone_0"]
    assert [target["zone"] for target in listed] == [zone_0.pk, zone_a.pk, zone_a.pk, zone_c.pk]
    assert stored(AS_OF)[f"region:{city.pk}"][0]["plan"]["planned_new"] == 4
    assert stored(AS_OF)[f"region:{city.pk}"][0]["signing"]["signed_investment"] == "55007.50"


def test_zones_not_current_are_computed_and_the_regions_above_them_add_up(places, zone_a, computed):
    store_snapshots(AS_OF)  # the region rows exist
    populate(zone_a, signed="100")  # a change left: zone A is computed
    zone_e = ZoneFactory(code="ZE", region=places["zone_c"].region)  # no rollup yet
    populate(zone_e)
    TargetFactory(zone=zone_e, metric=TargetMetric.SIGNED_COUNT, annual_value=Decimal("2"))
    ZoneRollup.objects.filter(zone=places["zone_d"]).update(shown=None)  # never shown
    record_change(zone_ids=[places["zone_0"].pk])
    store_snapshots(AS_OF)
    assert stored(AS_OF) == computed_job(AS_OF)
    zone_d, zone_0 = places["zone_d"], places["zone_0"]
    assert computed[-1] == {zone_a.pk, zone_e.pk, zone_d.pk, zone_0.pk}


def test_a_stale_rollup_is_not_copied(places, zone_b, computed):
    store_snapshots(AS_OF)
    ZoneRollup.objects.filter(zone=zone_b).update(as_of=date(2026, 11, 21))
    store_snapshots(AS_OF)
    assert stored(AS_OF) == computed_job(AS_OF)
    assert computed[-1] == {zone_b.pk}


def test_a_past_day_without_rollups_is_computed_as_before(places, computed):
    day = date(2026, 9, 30)
    store_snapshots(day)
    assert stored(day) == computed_job(day)
    assert computed == [set(Zone.objects.values_list("pk", flat=True))]
    assert Snapshot.objects.filter(date=day).count() == 10
