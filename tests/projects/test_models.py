import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from projects.choices import MILESTONE_ORDER, MilestoneKind, Stage, Status
from projects.models import Milestone, Project, stage_for
from tests.factories import MilestoneFactory, ParkFactory, ProjectFactory, ZoneFactory
from tests.validation import accepted, refused

pytestmark = pytest.mark.django_db

S, G, C, P = MILESTONE_ORDER
DAY = {S: date(2026, 1, 10), G: date(2026, 4, 17), C: date(2026, 8, 1), P: date(2026, 10, 1)}


def record(project, kind, actual_on, **kwargs):
    milestone = Milestone(project=project, kind=kind, actual_on=actual_on, **kwargs)
    milestone.full_clean()
    milestone.save()
    return milestone


# Project rules


def test_it_accepts_a_park_of_the_projects_zone():
    park = ParkFactory()
    accepted(ProjectFactory.build(zone=park.zone, park=park))


def test_it_refuses_a_park_of_another_zone():
    park = ParkFactory()
    project = ProjectFactory.build(zone=ZoneFactory(), park=park)
    assert refused(project, "park") == ["园区必须属于项目所在的开发区。"]


@pytest.mark.parametrize("field", ["total_investment", "foreign_investment_usd"])
def test_it_refuses_negative_money(field):
    refused(ProjectFactory.build(zone=ZoneFactory(), **{field: Decimal("-0.01")}), field)


def test_it_accepts_zero_investment():
    accepted(ProjectFactory.build(zone=ZoneFactory(), total_investment=Decimal("0")))


def test_the_database_refuses_negative_investment_even_without_validation():
    project = ProjectFactory()
    project.total_investment = Decimal("-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        project.save()


def test_it_refuses_a_duplicate_code():
    ProjectFactory(code="ZJ-001")
    refused(ProjectFactory.build(code="ZJ-001", zone=ZoneFactory()), "code")


def test_a_stalled_project_needs_a_reason():
    project = ProjectFactory.build(zone=ZoneFactory(), status=Status.STALLED)
    refused(project, "status_reason")
    project.status_reason = "用地指标待落实"
    accepted(project)


def test_text_is_stored_as_given():
    name = '<script>alert("x")</script> 项目 & Co'
    project = ProjectFactory(name=name)
    assert Project.objects.get(pk=project.pk).name == name


# Milestone rules


def test_it_accepts_milestones_in_order_including_the_same_day(frozen_today):
    project = ProjectFactory()
    record(project, S, date(2026, 3, 1))
    record(project, G, date(2026, 3, 1))
    record(project, C, date(2026, 9, 1))
    record(project, P, frozen_today)
    assert Project.objects.get(pk=project.pk).stage == Stage.IN_PRODUCTION


def test_it_refuses_groundbreaking_before_signing(frozen_today):
    project = ProjectFactory()
    record(project, S, date(2026, 3, 1))
    messages = refused(Milestone(project=project, kind=G, actual_on=date(2026, 2, 28)), "actual_on")
    assert messages == ["开工日期不能早于签约日期（2026-03-01）。"]


def test_it_refuses_signing_after_a_recorded_groundbreaking(frozen_today):
    project = ProjectFactory(is_attracted=False)
    record(project, G, date(2026, 3, 1))
    refused(Milestone(project=project, kind=S, actual_on=date(2026, 3, 2)), "actual_on")


def test_it_refuses_moving_a_signing_past_the_groundbreaking(frozen_today):
    project = ProjectFactory()
    signing = record(project, S, date(2026, 3, 1))
    record(project, G, date(2026, 4, 1))
    signing.actual_on = date(2026, 4, 2)
    refused(signing, "actual_on")


def test_an_attracted_project_needs_the_earlier_milestones(frozen_today):
    project = ProjectFactory(is_attracted=True)
    messages = refused(Milestone(project=project, kind=G, actual_on=date(2026, 3, 1)), "actual_on")
    assert "签约" in messages[0]


def test_public_works_may_record_a_later_milestone_alone(frozen_today):
    project = ProjectFactory(is_attracted=False)
    record(project, C, date(2026, 3, 1))
    assert Project.objects.get(pk=project.pk).stage == Stage.COMPLETED


def test_it_refuses_an_actual_date_in_the_future(frozen_today):
    project = ProjectFactory()
    tomorrow = frozen_today + timedelta(days=1)
    assert refused(Milestone(project=project, kind=S, actual_on=tomorrow), "actual_on") == [
        "日期不能晚于今天。"
    ]
    record(project, S, frozen_today)


def test_a_planned_date_may_be_in_the_future(frozen_today):
    project = ProjectFactory()
    accepted(Milestone(project=project, kind=S, planned_on=frozen_today + timedelta(days=90)))


def test_it_refuses_a_second_milestone_of_the_same_kind(frozen_today):
    milestone = MilestoneFactory(kind=S)
    duplicate = Milestone(project=milestone.project, kind=S, actual_on=date(2026, 1, 1))
    assert refused(duplicate, "kind") == ["该项目已有此类节点。"]
    assert Milestone.objects.filter(project=milestone.project).count() == 1


def test_it_refuses_clearing_a_date_a_later_milestone_needs(frozen_today):
    project = ProjectFactory()
    signing = record(project, S, date(2026, 3, 1))
    record(project, G, date(2026, 4, 1))
    signing.actual_on = None
    refused(signing, "actual_on")


def test_it_refuses_deleting_a_milestone_a_later_one_needs(frozen_today):
    project = ProjectFactory()
    signing = record(project, S, date(2026, 3, 1))
    record(project, G, date(2026, 4, 1))
    with pytest.raises(ValidationError):
        signing.delete()
    assert project.milestones.count() == 2


def test_milestones_record_when_and_by_whom(frozen_today, alice):
    milestone = record(ProjectFactory(), S, date(2026, 3, 1), recorded_by=alice)
    assert milestone.recorded_by == alice
    assert milestone.history.first().history_type == "+"


# Stage derivation


@pytest.mark.parametrize(
    ("reached", "stage"),
    [
        ((), Stage.NEGOTIATING),
        ((S,), Stage.SIGNED),
        ((S, G), Stage.UNDER_CONSTRUCTION),
        ((S, G, C), Stage.COMPLETED),
        ((S, G, C, P), Stage.IN_PRODUCTION),
        ((G,), Stage.UNDER_CONSTRUCTION),
        ((C, S), Stage.COMPLETED),
        ((P,), Stage.IN_PRODUCTION),
    ],
)
def test_the_furthest_milestone_reached_decides_the_stage(reached, stage):
    assert stage_for(reached) == stage


@pytest.mark.parametrize("order", list(itertools.permutations(MILESTONE_ORDER)))
def test_the_stored_stage_follows_every_recording_order(order, frozen_today):
    project = ProjectFactory(is_attracted=False)
    recorded = []
    for kind in order:
        record(project, kind, DAY[kind])
        recorded.append(kind)
        project.refresh_from_db()
        assert project.stage == stage_for(recorded)
    assert project.stage == Stage.IN_PRODUCTION


def test_a_planned_date_alone_does_not_advance_the_stage(frozen_today):
    project = ProjectFactory()
    record(project, S, None, planned_on=date(2026, 12, 1))
    project.refresh_from_db()
    assert project.stage == Stage.NEGOTIATING


def test_removing_the_furthest_milestone_moves_the_stage_back(frozen_today):
    project = ProjectFactory()
    record(project, S, date(2026, 3, 1))
    groundbreaking = record(project, G, date(2026, 4, 1))
    project.refresh_from_db()
    assert project.stage == Stage.UNDER_CONSTRUCTION
    groundbreaking.delete()
    project.refresh_from_db()
    assert project.stage == Stage.SIGNED


def test_clearing_an_actual_date_moves_the_stage_back(frozen_today):
    project = ProjectFactory()
    signing = record(project, S, date(2026, 3, 1))
    signing.actual_on = None
    signing.full_clean()
    signing.save()
    project.refresh_from_db()
    assert project.stage == Stage.NEGOTIATING


# Shared definitions of overdue work


def test_overdue_and_due_soon_milestones(frozen_today):
    project = ProjectFactory()
    late = MilestoneFactory(project=project, kind=S, planned_on=frozen_today - timedelta(days=1))
    soon = MilestoneFactory(project=project, kind=G, planned_on=frozen_today + timedelta(days=30))
    MilestoneFactory(project=project, kind=C, planned_on=frozen_today + timedelta(days=31))
    done = MilestoneFactory(
        project=ProjectFactory(),
        kind=MilestoneKind.SIGNING,
        planned_on=date(2026, 1, 1),
        actual_on=date(2026, 1, 2),
    )
    assert list(Milestone.objects.overdue(frozen_today)) == [late]
    assert list(Milestone.objects.due_within(frozen_today, 30)) == [soon]
    assert done not in Milestone.objects.overdue(frozen_today)
