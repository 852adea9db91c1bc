"""Lights are stored as changes: a row when the colour or the reasons change, the lights of
any day in one query; rule sets inherited down the region tree; a rule change re-colours
its zones and the history keeps the version each light was set by; the pass costs the same
queries for 3 zones as for 30."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from investment.choices import PlanType
from projects.choices import MilestoneKind
from reports.figures.lights import light_counts
from reports.figures.scopes import Scope
from supervision import tasks
from supervision.lights.evaluate import evaluate
from supervision.lights.models import LightRuleSet, ProjectLight
from supervision.lights.rules import DEFAULT_THRESHOLDS
from supervision.lights.services import save_rules
from tests.factories import (
    AnnualPlanEntryFactory,
    MilestoneFactory,
    ProjectFactory,
    RegionFactory,
    ZoneFactory,
)

from .lights_makers import light_on

pytestmark = pytest.mark.django_db


def late_milestone(zone, planned=date(2026, 5, 10)):
    project = ProjectFactory(zone=zone)
    MilestoneFactory(project=project, kind=MilestoneKind.COMPLETION, planned_on=planned)
    return project


def rules_with(**changes):
    """The default thresholds as the rule page saves them, with ``kind=(yellow, red)``."""
    rules = {}
    for kind, (yellow, red) in DEFAULT_THRESHOLDS.items():
        yellow, red = changes.get(kind, (yellow, red))
        rules[kind] = {
            "enabled": True,
            "yellow": None if yellow is None else Decimal(yellow),
            "red": None if red is None else Decimal(red),
        }
    return rules


def test_a_row_is_written_only_when_the_colour_or_the_reasons_change(zone_a):
    project = late_milestone(zone_a)
    for day in (date(2026, 5, 1), date(2026, 5, 2)):  # green twice: one row
        evaluate(day, zone_ids=[zone_a.pk])
    assert evaluate(date(2026, 5, 3), zone_ids=[zone_a.pk])["written"] == 0
    for day in range(11, 20):  # yellow from 05-11 on: one more row, however many days
        evaluate(date(2026, 5, day), zone_ids=[zone_a.pk])
    evaluate(date(2026, 6, 10), zone_ids=[zone_a.pk])  # red
    rows = list(
        ProjectLight.objects.filter(project=project)
        .order_by("valid_from")
        .values_list("color", "valid_from", "valid_to")
    )
    assert rows == [
        ("green", date(2026, 5, 1), date(2026, 5, 11)),
        ("yellow", date(2026, 5, 11), date(2026, 6, 10)),
        ("red", date(2026, 6, 10), None),
    ]


def test_evaluating_the_same_day_again_writes_nothing(zone_a):
    late_milestone(zone_a)
    first = tasks.evaluate_lights("2026-06-10")
    again = tasks.evaluate_lights("2026-06-10")
    assert (first["written"], again["written"], again["kept"]) == (1, 0, 1)
    assert ProjectLight.objects.count() == 1


def test_the_lights_of_a_past_day_and_their_counts_are_read_from_the_changes(zone_a, zone_b):
    late_milestone(zone_a)
    late_milestone(zone_b, planned=date(2026, 6, 1))
    for day in (date(2026, 5, 1), date(2026, 5, 20), date(2026, 6, 10), date(2026, 7, 5)):
        evaluate(day)
    scope = Scope.everything()

    def colors(day):
        counts = light_counts(scope, day)
        return counts["green"], counts["yellow"], counts["red"]

    assert colors(date(2026, 4, 30)) == (0, 0, 0)  # before the first evaluation
    assert colors(date(2026, 5, 1)) == (2, 0, 0)
    assert colors(date(2026, 5, 25)) == (1, 1, 0)  # A yellow since 05-20
    assert colors(date(2026, 6, 10)) == (0, 1, 1)  # A red, B yellow (9 days)
    assert colors(date(2026, 7, 5)) == (0, 0, 2)  # B 34 days
    assert light_counts(scope, date(2026, 7, 5)).as_dict()["by_rule"][4] == {
        "rule": "milestone_overdue",
        "yellow": 0,
        "red": 2,
    }


def test_how_many_red_on_a_day_is_one_query(zone_a, django_assert_num_queries):
    late_milestone(zone_a)
    evaluate(date(2026, 6, 10))
    with django_assert_num_queries(1):
        light_counts(Scope.everything(), date(2026, 6, 15))


def test_a_zone_uses_the_nearest_region_up_its_path_with_a_rule_set(city, zone_a, admin_user):
    district = RegionFactory(name="京口区", code="JS-ZJ-JK", parent=city)
    zone_d = ZoneFactory(region=district)
    day = date(2026, 5, 20)  # milestones 10 days late
    in_a, in_d = late_milestone(zone_a), late_milestone(zone_d)
    assert light_on(in_a, day).color == "yellow"  # built-in defaults
    province = city.parent
    save_rules(province, rules_with(milestone_overdue=(0, 5)), admin_user)
    assert (light_on(in_a, day).color, light_on(in_d, day).color) == ("red", "red")
    save_rules(district, rules_with(milestone_overdue=(20, 40)), admin_user)
    assert (light_on(in_a, day).color, light_on(in_d, day).color) == ("red", "green")
    save_rules(None, rules_with(milestone_overdue=(0, 1)), admin_user)  # the defaults' set
    outside = ZoneFactory(region=RegionFactory(code="AH"))
    assert light_on(late_milestone(outside), day).color == "red"


def test_changing_a_rule_set_recolours_its_zones_and_history_keeps_the_old_version(
    city, zone_a, zone_b, admin_user, django_capture_on_commit_callbacks, frozen_today
):
    project = late_milestone(zone_a, planned=date(2026, 11, 1))  # 21 days late on 11-22
    with django_capture_on_commit_callbacks(execute=True):
        save_rules(city, rules_with(milestone_overdue=(0, 30)), admin_user)
    assert light_on(project, frozen_today, evaluate_first=False).color == "yellow"
    with (
        time_machine.travel("2026-11-23 09:00 +0800", tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        rule_set = save_rules(city, rules_with(milestone_overdue=(0, 5)), admin_user)
    assert rule_set.version == 2
    rows = list(
        ProjectLight.objects.filter(project=project)
        .order_by("valid_from")
        .values_list("color", "rule_version", "valid_from", "valid_to")
    )
    assert rows == [
        ("yellow", 1, date(2026, 11, 22), date(2026, 11, 23)),
        ("red", 2, date(2026, 11, 23), None),
    ]


def test_a_disabled_rule_gives_no_reason(city, zone_a, admin_user):
    project = late_milestone(zone_a)
    rules = rules_with()
    rules["milestone_overdue"]["enabled"] = False
    save_rules(city, rules, admin_user)
    assert light_on(project, date(2026, 7, 1)).color == "green"


def test_the_defaults_set_is_unique(admin_user):
    save_rules(None, rules_with(), admin_user)
    save_rules(None, rules_with(), admin_user)
    assert LightRuleSet.objects.filter(region=None).get().version == 2


def populate(zones):
    for zone in zones:
        late_milestone(zone)
        project = ProjectFactory(zone=zone)
        AnnualPlanEntryFactory(
            project=project, plan_type=PlanType.NEW, planned_start_on=date(2026, 3, 1)
        )


def test_the_pass_costs_the_same_queries_for_3_zones_as_for_30(city):
    def count(zones, day):
        with CaptureQueriesContext(connection) as captured:
            evaluate(day, zone_ids=[zone.pk for zone in zones])
        return len(captured.captured_queries)

    few = [ZoneFactory(region=city) for _ in range(3)]
    many = [ZoneFactory(region=city) for _ in range(30)]
    populate(few)
    populate(many)
    # First pass (rows created), then a change of every light (rows closed and created),
    # then nothing changed.
    firsts = count(few, date(2026, 5, 1)), count(many, date(2026, 5, 1))
    changes = count(few, date(2026, 6, 15)), count(many, date(2026, 6, 15))
    nothing = count(few, date(2026, 6, 15)), count(many, date(2026, 6, 15))
    assert firsts[0] == firsts[1]
    assert changes[0] == changes[1]
    # projects, rule sets, late starts, investment, updates, blockers, milestones, notices,
    # the lights in force (+ the transaction's savepoint and release)
    assert nothing[0] == nothing[1] == 11


def test_a_change_of_a_projects_data_recolours_it_once_committed(
    zone_a, frozen_today, django_capture_on_commit_callbacks
):
    project = ProjectFactory(zone=zone_a)
    evaluate(frozen_today)
    with django_capture_on_commit_callbacks(execute=True):
        MilestoneFactory(
            project=project, kind=MilestoneKind.COMPLETION, planned_on=date(2026, 11, 1)
        )
    light = ProjectLight.objects.current().get(project=project)
    assert (light.color, light.valid_from) == ("yellow", frozen_today)  # 21 days late
    assert ProjectLight.objects.filter(project=project).count() == 1  # replaced the same day
