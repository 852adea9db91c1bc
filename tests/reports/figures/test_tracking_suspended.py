"""tracking.suspended(): the benchmark's way to time a write without the rollups' tracking.
Writes inside leave no note; on leaving, the notes are written again and every rollup is
stale, since it cannot tell what changed meanwhile."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import OuterRef, Subquery

from investment.choices import PlanType
from parks.models import Zone
from projects.models import Project
from reports.figures import tracking
from reports.figures.period import Period
from reports.figures.rollups import read
from reports.models import RollupChange, ZoneRollup
from supervision.lights.models import ProjectLight
from tests.builders import make_plan, make_project, make_report

pytestmark = pytest.mark.django_db


def test_writes_inside_leave_no_note_and_every_rollup_is_stale_after(zone_a, frozen_today):
    project = make_project(zone_a, groundbreaking=date(2026, 3, 1))
    make_plan(project, PlanType.CONTINUING)
    report = make_report(project, 10, completed="100")
    period = Period(2026, frozen_today)
    read([zone_a.pk], period)
    assert RollupChange.objects.count() == 0
    assert ZoneRollup.objects.get(zone=zone_a).as_of == frozen_today

    with tracking.suspended():
        report.completed_investment = Decimal("250")
        report.save()
        Project.objects.filter(pk=project.pk).update(name="renamed")
        assert RollupChange.objects.count() == 0
        # Still current as far as the rollup knows: the change went unnoted.
        assert ZoneRollup.objects.get(zone=zone_a).as_of == frozen_today

    assert ZoneRollup.objects.get(zone=zone_a).as_of == date.min
    # The next read recomputes the zone from the data: 250, not the 100 it held.
    figures = read([zone_a.pk], period).current[zone_a.pk].figures
    assert figures.completed_investment == Decimal("250.00")


def test_the_notes_come_back_after_it_even_when_the_block_fails(zone_a):
    project = make_project(zone_a)
    RollupChange.objects.all().delete()  # the note of its creation
    with pytest.raises(ZeroDivisionError), tracking.suspended():
        1 / 0  # noqa: B018
    project.name = "noted"
    project.save()
    Zone.objects.filter(pk=zone_a.pk).update(name="not tracked")  # zones are not figures data
    assert list(RollupChange.objects.values_list("zone_id", "project_id")) == [(zone_a.pk, None)]


def test_a_bulk_update_moving_rows_notes_both_zones(zone_a, zone_b):
    # bulk_update of a zone-keyed row updates the zone through a Case(When(...)): the update
    # learns the new zones once it has run (it once noted the expression itself and failed,
    # which broke the lights' same-day re-evaluation on commit of every write).
    project = make_project(zone_a)
    light = ProjectLight.objects.create(
        project=project, zone=zone_a, color="green", valid_from=date(2026, 11, 22)
    )
    RollupChange.objects.all().delete()
    light.zone = zone_b
    ProjectLight.objects.bulk_update([light], ["zone", "color"])
    assert ProjectLight.objects.get().zone_id == zone_b.pk
    noted = set(RollupChange.objects.values_list("zone_id", flat=True))
    assert noted == {zone_a.pk, zone_b.pk}
    RollupChange.objects.all().delete()
    ProjectLight.objects.filter(pk=light.pk).update(
        zone=Subquery(Project.objects.filter(pk=OuterRef("project")).values("zone"))
    )
    assert set(RollupChange.objects.values_list("zone_id", flat=True)) == {zone_a.pk, zone_b.pk}
