"""Random sequences of writes keep the rollups equal to the live figures (issue #14).

Two regions, three zones, two parks. 20 examples, each of up to 15 steps: create, edit (total
investment, level, category), delete, move a project between zones and parks, write or
delete plan entries (plan type, planned investment), record and clear milestones, write
monthly reports and targets, credit a project to its zone's attraction team or to none,
change the north region's scoring size table, and move "today" across midnight and new
year. Every write goes through the rules the app applies (``full_clean``,
``write_milestones``); a step they refuse is skipped. After each step, the rollups of every
zone for today equal the live computation, this year's and last year's on the same date.

Each example runs in a transaction rolled back at its end, on SQLite and on PostgreSQL.
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from investment.choices import PlanType, TargetMetric
from investment.models import AnnualPlanEntry, InvestmentReport, Target
from projects.choices import Category, Level, MilestoneKind
from projects.models import Milestone, Project, ScoreTier, write_milestones
from reports.figures import bundle, rollups
from reports.figures.period import Period
from reports.figures.verify import region_differences
from reports.figures.yoy import last_year_period
from reports.models import RollupChange
from tests.factories import (
    AttractionTeamFactory,
    ParkFactory,
    ProjectFactory,
    RegionFactory,
    ZoneFactory,
)
from zonetrack.db import today

pytestmark = pytest.mark.django_db

# Shanghai wall-clock times "today" moves between: across midnight and new year, and back.
MOMENTS = [
    "2026-11-22 12:00",
    "2026-11-22 23:59",
    "2026-11-23 00:01",
    "2026-12-31 23:59",
    "2027-01-01 00:01",
]
DAYS = [
    date(2025, 3, 1),
    date(2025, 11, 22),
    date(2026, 1, 1),
    date(2026, 5, 1),
    date(2026, 11, 22),
    date(2026, 11, 23),
    date(2027, 1, 1),
]
TOTALS = ["3000", "5000", "10000", "50000", "100000", "500000"]
MONTHS = [(2025, 11), (2026, 1), (2026, 6), (2026, 11), (2026, 12), (2027, 1)]

project = st.integers(0, 9)
zone = st.integers(0, 2)
in_park = st.booleans()  # in the zone's park, when it has one
total = st.sampled_from(TOTALS)
level = st.sampled_from(Level.values)
category = st.sampled_from(Category.values)

STEPS = st.one_of(
    st.tuples(st.just("create"), zone, in_park, total, level, category),
    st.tuples(st.just("edit"), project, total, level, category),
    st.tuples(st.just("delete"), project),
    st.tuples(st.just("move"), project, zone, in_park),
    st.tuples(
        st.just("plan"),
        project,
        st.sampled_from([2025, 2026, 2027]),
        st.sampled_from(PlanType.values),
        st.sampled_from(["0", "800", "1000", "2500.50"]),
    ),
    st.tuples(st.just("unplan"), project),
    st.tuples(
        st.just("milestone"),
        project,
        st.sampled_from(MilestoneKind.values),
        st.one_of(st.none(), st.sampled_from(DAYS)),
    ),
    st.tuples(
        st.just("report"),
        project,
        st.sampled_from(MONTHS),
        st.sampled_from(["0", "100", "250.50", "2000"]),
    ),
    st.tuples(
        st.just("target"),
        zone,
        st.sampled_from([2026, 2027]),
        st.sampled_from(TargetMetric.values),
        st.sampled_from(["1", "5", "300"]),
    ),
    st.tuples(st.just("team"), project, st.booleans()),
    st.tuples(st.just("tier"), st.sampled_from([None, "0", "7", "12.50"])),
    st.tuples(st.just("day"), st.sampled_from(MOMENTS)),
)


def canonical(figures):
    """A sum's encoding with what adds up to nothing left out, as region rows keep it."""
    total = {}
    bundle.add_encoded(total, bundle.without_targets(bundle.encode(figures)))
    return total


class World:
    """The regions, zones and parks of one example, and the steps applied to them."""

    def __init__(self, traveller):
        self.traveller = traveller
        north, south = RegionFactory(code="N"), RegionFactory(code="S")
        self.north = north
        self.zones = [
            ZoneFactory(code="Z1", region=north),
            ZoneFactory(code="Z2", region=north),
            ZoneFactory(code="Z3", region=south),
        ]
        # Region rows: the country's, each region's (added up from its zones once read).
        self.regions = [
            ("", self.zones),
            (north.path, self.zones[:2]),
            (south.path, self.zones[2:]),
        ]
        self.parks = {
            0: ParkFactory(zone=self.zones[0]),
            1: ParkFactory(zone=self.zones[1]),
        }
        self.zone_ids = [z.pk for z in self.zones]
        self.teams = [AttractionTeamFactory(zone=zone) for zone in self.zones]
        self.applied: list[tuple] = []
        # Something to edit from the first step: a project in each zone, the first signed
        # and started on the plan with a report, the second signed last year.
        for index in range(len(self.zones)):
            self.do_create(index, True, TOTALS[index + 2], Level.GENERAL, Category.MANUFACTURING)
        self.do_team(0, True)
        self.do_milestone(0, MilestoneKind.SIGNING, date(2026, 1, 1))
        self.do_milestone(0, MilestoneKind.GROUNDBREAKING, date(2026, 5, 1))
        self.do_plan(0, 2026, PlanType.NEW, "1000")
        self.do_report(0, (2026, 6), "250.50")
        self.do_milestone(1, MilestoneKind.SIGNING, date(2025, 3, 1))

    def project(self, index):
        projects = list(Project.objects.order_by("pk"))
        return projects[index % len(projects)] if projects else None

    def apply(self, step):
        name, *args = step
        try:
            with transaction.atomic():
                done = getattr(self, f"do_{name}")(*args)
        except ValidationError:
            done = False
        if done is not False:
            self.applied.append(step)

    def _save(self, obj):
        obj.full_clean()
        obj.save()

    def do_create(self, zone, in_park, total, level, category):
        built = ProjectFactory.build(
            zone=self.zones[zone],
            park=self.parks.get(zone) if in_park else None,
            total_investment=Decimal(total),
            level=level,
            category=category,
        )
        self._save(built)

    def do_edit(self, index, total, level, category):
        found = self.project(index)
        if found is None:
            return False
        found.total_investment, found.level, found.category = Decimal(total), level, category
        self._save(found)

    def do_delete(self, index):
        found = self.project(index)
        if found is None:
            return False
        found.delete()

    def do_move(self, index, zone, in_park):
        found = self.project(index)
        if found is None:
            return False
        found.zone = self.zones[zone]
        found.park = self.parks.get(zone) if in_park else None
        found.team = None  # a team is its zone's: the project leaves it
        self._save(found)

    def do_plan(self, index, year, plan_type, investment):
        found = self.project(index)
        if found is None:
            return False
        entry = AnnualPlanEntry.objects.filter(project=found, year=year).first()
        entry = entry or AnnualPlanEntry(project=found, year=year)
        entry.plan_type = plan_type
        entry.planned_investment = Decimal(investment)
        new = plan_type == PlanType.NEW
        entry.planned_start_on = date(year, 3, 1) if new else None
        entry.resumed_on = None if new else date(year, 2, 1)
        self._save(entry)

    def do_unplan(self, index):
        found = self.project(index)
        if found is None:
            return False
        entry = AnnualPlanEntry.objects.filter(project=found).order_by("year").first()
        if entry is None:
            return False
        entry.delete()

    def do_milestone(self, index, kind, day):
        found = self.project(index)
        if found is None:
            return False
        milestone = Milestone.objects.filter(project=found, kind=kind).first()
        if milestone is None:
            if day is None:
                return False
            milestone = Milestone(project=found, kind=kind)
        milestone.actual_on = day  # None clears it
        milestone.planned_on = milestone.planned_on or day
        milestone.full_clean(validate_constraints=False)
        write_milestones(found, [milestone])

    def do_report(self, index, month, completed):
        found = self.project(index)
        if found is None:
            return False
        year, month = month
        report = InvestmentReport.objects.filter(project=found, year=year, month=month).first()
        report = report or InvestmentReport(project=found, year=year, month=month)
        amount = Decimal(completed)
        report.completed_investment = amount
        report.funds_domestic = amount
        report.funds_out_of_province = amount / 2
        report.funds_foreign_usd = Decimal(0)
        report.image_progress = Decimal(10)
        self._save(report)

    def do_target(self, zone, year, metric, value):
        target = Target.objects.filter(zone=self.zones[zone], year=year, metric=metric).first()
        target = target or Target(zone=self.zones[zone], year=year, metric=metric)
        target.min_investment = Decimal(0)
        target.annual_value = Decimal(value)
        self._save(target)

    def do_team(self, index, credited):
        found = self.project(index)
        if found is None:
            return False
        found.team = self.teams[self.zone_ids.index(found.zone_id)] if credited else None
        self._save(found)

    def do_tier(self, score):
        # One line from 0 (every project scores it), or none: the defaults apply.
        ScoreTier.objects.filter(region=self.north).delete()
        if score is not None:
            line = ScoreTier(region=self.north, min_investment=Decimal(0), score=Decimal(score))
            self._save(line)

    def do_day(self, moment):
        self.traveller.move_to(f"{moment} +0800")

    def check(self):
        day = today()
        period = Period(day.year, day)
        reading = rollups.read(self.zone_ids, period)
        assert reading.source == rollups.ROLLUP
        live = bundle.compute(self.zone_ids, period)
        live_last_year = bundle.compute_last_year(self.zone_ids, last_year_period(period))
        for zone_id in self.zone_ids:
            context = (day, zone_id, self.applied)
            assert bundle.encode(reading.current[zone_id]) == bundle.encode(live[zone_id]), context
            assert bundle.encode(reading.last_year[zone_id]) == bundle.encode(
                live_last_year[zone_id]
            ), context
        assert rollups.changed_zones(self.zone_ids) == set()
        assert RollupChange.objects.count() == 0  # none left behind, none piling up
        for path, zones in self.regions:
            ids = [zone.pk for zone in zones]
            total = rollups.read_total(ids, [path], [], period)
            assert total is not None
            live_total, live_earlier = bundle.ZoneFigures(), bundle.ZoneFigures()
            for zone_id in ids:
                live_total += live[zone_id]
                live_earlier += live_last_year[zone_id]
            context = (day, path, self.applied)
            # The teams' tallies are read apart from the rest (a ranking of teams reads them).
            this, last = rollups.region_teams(path)
            assert total.current.teams == {} and total.last_year.teams == {}, context
            assert canonical(replace(total.current, teams=this)) == canonical(live_total), context
            assert canonical(replace(total.last_year, teams=last)) == canonical(live_earlier), (
                context
            )
        assert region_differences()[1] == []


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEPS, min_size=1, max_size=15))
def test_the_rollups_equal_the_live_figures_after_every_step(db, steps):
    with (
        time_machine.travel(f"{MOMENTS[0]} +0800", tick=False) as traveller,
        transaction.atomic(),
    ):
        world = World(traveller)
        world.check()
        for step in steps:
            world.apply(step)
            world.check()
        transaction.set_rollback(True)
