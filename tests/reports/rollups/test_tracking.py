"""No write can skip the rollups (issue #14).

1. Every table the live figures read belongs to a tracked model, or to a short list of
   tables that are scope, not data: a new model read by the figures without tracking fails.
2. Every write path of every tracked model (save to create, save to edit, delete, the
   queryset's update and delete, bulk_create and bulk_update) leaves a ``RollupChange``
   that maps to the row's zone, and a move to another zone notes both zones.
3. After the write, a read of the rollups folds the change in (nothing left for the zone)
   and equals the live computation.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from investment.models import AnnualPlanEntry, InvestmentReport, LandParcel, Target
from projects.models import Milestone, Project
from reports.figures import bundle, rollups, tracking
from reports.figures.period import Period
from reports.figures.yoy import last_year_period
from reports.models import RollupChange
from supervision.lights.models import ProjectLight
from supervision.models import Blocker, ProgressUpdate
from tests.builders import make_plan, make_report
from tests.factories import LandParcelFactory, MilestoneFactory, ProjectFactory, TargetFactory
from tests.supervision.makers import make_blocker
from zonetrack.changes import REGION, key_of

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 22)
PERIOD = Period(2026, TODAY)

# Tables the figures read that are not data of the figures, and why.
NOT_DATA = {
    # The scope: which zones are asked for, grouped by zone id. A zone's own fields (its
    # name, code, area) are not in the stored figures.
    "parks_zone": "scope: the zones asked for, not figures",
    "parks_region": "scope: a region's zones by path, not figures",
}


@dataclass
class Kind:
    """How to build one row of a tracked model in a zone, which field an edit changes (and
    to what), and how to move the row to another zone (a field and a value)."""

    model: type
    build: Any  # (zone) -> instance
    field: str
    value: Any
    move: Any  # (instance, other zone) -> (field, value)


def _project(zone):
    return ProjectFactory(zone=zone)


def _to_zone(instance, zone):
    return "zone", zone


def _to_project_of(instance, zone):
    return "project", ProjectFactory(zone=zone)


def _light(zone):
    project = _project(zone)
    return ProjectLight.objects.create(
        project=project, zone=zone, color="red", valid_from=date(2026, 11, 1)
    )


def _update(zone):
    return ProgressUpdate.objects.create(
        project=_project(zone),
        period_start=date(2026, 11, 1),
        image_progress=Decimal(5),
        progress="开工准备",
    )


KINDS = {
    Project: Kind(Project, _project, "total_investment", Decimal("250000.00"), _to_zone),
    Milestone: Kind(
        Milestone,
        lambda zone: MilestoneFactory(project=_project(zone), actual_on=date(2026, 3, 1)),
        "actual_on",
        date(2026, 4, 1),
        _to_project_of,
    ),
    AnnualPlanEntry: Kind(
        AnnualPlanEntry,
        lambda zone: make_plan(_project(zone)),
        "planned_investment",
        Decimal("777.00"),
        _to_project_of,
    ),
    InvestmentReport: Kind(
        InvestmentReport,
        lambda zone: make_report(_project(zone), 6, completed="300"),
        "completed_investment",
        Decimal("412.00"),
        _to_project_of,
    ),
    Target: Kind(Target, lambda zone: TargetFactory(zone=zone), "annual_value", 7, _to_zone),
    LandParcel: Kind(
        LandParcel, lambda zone: LandParcelFactory(zone=zone), "area_mu", Decimal("9"), _to_zone
    ),
    ProjectLight: Kind(ProjectLight, _light, "color", "yellow", _to_zone),
    Blocker: Kind(
        Blocker,
        lambda zone: make_blocker(project=_project(zone)),
        "deadline",
        date(2026, 11, 10),
        _to_project_of,
    ),
    ProgressUpdate: Kind(ProgressUpdate, _update, "image_progress", Decimal(40), _to_project_of),
}


def test_every_tracked_model_has_a_factory_here():
    # A model newly tracked needs its row here, so that each write path of it is tested (a
    # region's rows, which reach every zone below it: test_tracking_regions).
    tracked = {model for model in tracking.tracked_models() if key_of(model) != REGION}
    assert tracked == set(KINDS)


def tables_read(sql: str) -> set[str]:
    return set(re.findall(r'(?:FROM|JOIN)\s+"?(\w+)"?', sql, flags=re.IGNORECASE))


def test_the_figures_read_only_tracked_tables_or_the_scope(zone_a, frozen_today):
    for kind in KINDS.values():
        kind.build(zone_a)
    project = Project.objects.filter(zone=zone_a).first()
    ProgressUpdate.objects.first().blockers.add(make_blocker(project=project))
    with CaptureQueriesContext(connection) as queries:
        bundle.compute([zone_a.pk], PERIOD)
        bundle.compute_last_year([zone_a.pk], last_year_period(PERIOD))
    read = set().union(*(tables_read(q["sql"]) for q in queries.captured_queries))
    tracked = {model._meta.db_table for model in tracking.tracked_models()}
    assert read - tracked - set(NOT_DATA) == set()
    # The check sees what the figures read (not an empty capture).
    assert {"projects_milestone", "investment_investmentreport"} <= read


def zones_noted():
    return rollups.changed_zones()


@pytest.fixture
def fresh(zone_a, zone_b, frozen_today):
    """Both zones' rollups current and no change pending."""
    rollups.read([zone_a.pk, zone_b.pk], PERIOD)
    RollupChange.objects.all().delete()
    assert zones_noted() == set()


def assert_folded_in(*zones):
    """A read folds every change in and equals the live figures."""
    zone_ids = [zone.pk for zone in zones]
    reading = rollups.read(zone_ids, PERIOD)
    assert reading.source == rollups.ROLLUP
    assert rollups.changed_zones(zone_ids) == set()
    live = bundle.compute(zone_ids, PERIOD)
    live_last_year = bundle.compute_last_year(zone_ids, last_year_period(PERIOD))
    for zone_id in zone_ids:
        assert bundle.encode(reading.current[zone_id]) == bundle.encode(live[zone_id])
        assert bundle.encode(reading.last_year[zone_id]) == bundle.encode(live_last_year[zone_id])


def build(kind, zone):
    instance = kind.build(zone)
    RollupChange.objects.all().delete()
    rollups.read([zone.pk], PERIOD)
    return instance


KIND_PARAMS = [pytest.param(kind, id=model._meta.label) for model, kind in KINDS.items()]


@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_save_to_create_notes_the_zone(kind, zone_a, zone_b, fresh):
    kind.build(zone_a)
    assert zones_noted() == {zone_a.pk}
    assert_folded_in(zone_a, zone_b)


@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_save_to_edit_notes_the_zone(kind, zone_a, zone_b, fresh):
    instance = build(kind, zone_a)
    setattr(instance, kind.field, kind.value)
    instance.save()
    assert zones_noted() == {zone_a.pk}
    assert_folded_in(zone_a, zone_b)


@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_delete_notes_the_zone(kind, zone_a, zone_b, fresh):
    instance = build(kind, zone_a)
    instance.delete()
    assert zones_noted() == {zone_a.pk}
    assert_folded_in(zone_a, zone_b)


@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_queryset_update_notes_the_zone(kind, zone_a, zone_b, fresh):
    instance = build(kind, zone_a)
    assert kind.model.objects.filter(pk=instance.pk).update(**{kind.field: kind.value}) == 1
    assert zones_noted() == {zone_a.pk}
    assert_folded_in(zone_a, zone_b)


@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_queryset_delete_notes_the_zone(kind, zone_a, zone_b, fresh):
    instance = build(kind, zone_a)
    kind.model.objects.filter(pk=instance.pk).delete()
    assert not kind.model.objects.filter(pk=instance.pk).exists()
    assert zones_noted() == {zone_a.pk}
    assert_folded_in(zone_a, zone_b)


@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_bulk_create_notes_the_zone(kind, zone_a, zone_b, fresh):
    # The row is built and saved, its values copied, the original deleted and recreated in
    # bulk: the same row, written by bulk_create.
    instance = build(kind, zone_a)
    values = {
        f.attname: getattr(instance, f.attname)
        for f in kind.model._meta.concrete_fields
        if not f.primary_key
    }
    kind.model.objects.filter(pk=instance.pk).delete()
    RollupChange.objects.all().delete()
    rollups.read([zone_a.pk], PERIOD)
    kind.model.objects.bulk_create([kind.model(**values)])
    assert zones_noted() == {zone_a.pk}
    assert_folded_in(zone_a, zone_b)


@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_bulk_update_notes_the_zone(kind, zone_a, zone_b, fresh):
    instance = build(kind, zone_a)
    setattr(instance, kind.field, kind.value)
    assert kind.model.objects.bulk_update([instance], [kind.field]) == 1
    assert zones_noted() == {zone_a.pk}
    assert_folded_in(zone_a, zone_b)


# A row moved to another zone: its project (a project's data) or its zone (a zone's row).


def _moved(kind, zone_a, zone_b):
    instance = build(kind, zone_a)
    field, value = kind.move(instance, zone_b)
    RollupChange.objects.all().delete()
    rollups.read([zone_a.pk, zone_b.pk], PERIOD)
    return instance, field, value


@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_a_move_by_save_notes_both_zones(kind, zone_a, zone_b, fresh):
    instance, field, value = _moved(kind, zone_a, zone_b)
    setattr(instance, field, value)
    instance.save()
    assert zones_noted() == {zone_a.pk, zone_b.pk}
    assert_folded_in(zone_a, zone_b)


@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_a_move_by_save_of_a_row_read_again_notes_both_zones(kind, zone_a, zone_b, fresh):
    # Read from the database (post_init of a fetched row), as forms and the API do.
    instance, field, value = _moved(kind, zone_a, zone_b)
    again = kind.model.objects.get(pk=instance.pk)
    setattr(again, field, value)
    again.save()
    assert zones_noted() == {zone_a.pk, zone_b.pk}
    assert_folded_in(zone_a, zone_b)


@pytest.mark.parametrize("kind", KIND_PARAMS)
@pytest.mark.parametrize("by_id", [False, True], ids=["object", "id"])
def test_a_move_by_queryset_update_notes_both_zones(kind, by_id, zone_a, zone_b, fresh):
    instance, field, value = _moved(kind, zone_a, zone_b)
    change = {f"{field}_id": value.pk} if by_id else {field: value}
    assert kind.model.objects.filter(pk=instance.pk).update(**change) == 1
    assert zones_noted() == {zone_a.pk, zone_b.pk}
    assert_folded_in(zone_a, zone_b)


@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_a_move_by_bulk_update_notes_both_zones(kind, zone_a, zone_b, fresh):
    instance, field, value = _moved(kind, zone_a, zone_b)
    setattr(instance, field, value)
    assert kind.model.objects.bulk_update([instance], [field]) == 1
    assert zones_noted() == {zone_a.pk, zone_b.pk}
    assert_folded_in(zone_a, zone_b)


def test_a_project_moved_to_another_zone_moves_its_data_in_both_rollups(zone_a, zone_b, fresh):
    # Worked by hand: a project with a 300 report in June moves from A to B.
    project = _project(zone_a)
    make_report(project, 6, completed="300")
    before = rollups.read([zone_a.pk, zone_b.pk], PERIOD).current
    assert before[zone_a.pk].funds == bundle.compute([zone_a.pk], PERIOD)[zone_a.pk].funds
    project.zone = zone_b
    project.save()
    assert zones_noted() == {zone_a.pk, zone_b.pk}
    assert_folded_in(zone_a, zone_b)


def test_a_deleted_projects_data_leaves_no_change_behind(zone_a, zone_b, fresh):
    # Its milestones' notes name a project that no longer exists: the project's own note
    # recomputes the zone, and a read clears them all, not leaving them to pile up.
    project = _project(zone_a)
    MilestoneFactory(project=project, actual_on=date(2026, 3, 1))
    project.delete()
    assert zones_noted() == {zone_a.pk}
    assert_folded_in(zone_a, zone_b)
    assert RollupChange.objects.count() == 0


def test_a_move_of_a_row_loaded_without_its_key_notes_both_zones(zone_a, zone_b, fresh):
    # A row read with only() leaves its zone unloaded: the move must still note the zone
    # the row leaves.
    project = _project(zone_a)
    RollupChange.objects.all().delete()
    rollups.read([zone_a.pk, zone_b.pk], PERIOD)
    partial = Project.objects.only("name").get(pk=project.pk)
    partial.zone = zone_b
    partial.save()
    assert zones_noted() == {zone_a.pk, zone_b.pk}
    assert_folded_in(zone_a, zone_b)


def test_a_delete_of_a_row_loaded_without_its_key_notes_its_zone(zone_a, zone_b, fresh):
    project = _project(zone_a)
    RollupChange.objects.all().delete()
    rollups.read([zone_a.pk, zone_b.pk], PERIOD)
    Project.objects.only("name").get(pk=project.pk).delete()
    assert zones_noted() == {zone_a.pk}
    assert_folded_in(zone_a, zone_b)
