"""A blocker's life: the transition table, who may act, the timeline, and its dates."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from supervision.choices import BlockerAction, BlockerLevel, BlockerStatus
from supervision.models import Blocker, BlockerStep, TransitionNotAllowed
from tests.factories import ProjectFactory

from .makers import make_blocker

pytestmark = pytest.mark.usefixtures("frozen_today")

START, RESOLVE, CLOSE, REOPEN, ESCALATE = (
    BlockerAction.START,
    BlockerAction.RESOLVE,
    BlockerAction.CLOSE,
    BlockerAction.REOPEN,
    BlockerAction.ESCALATE,
)


def test_it_goes_from_open_to_closed_and_keeps_every_step(zone_a, alice, carol):
    blocker = make_blocker(zone_a)
    blocker.transition(START, alice, comment="已对接自然资源局")
    blocker.transition(RESOLVE, alice, resolution="指标已调剂到位")
    blocker.transition(CLOSE, carol, comment="核实销号")

    blocker.refresh_from_db()
    assert blocker.status == BlockerStatus.CLOSED
    assert blocker.resolution == "指标已调剂到位"
    assert blocker.closed_on == date(2026, 11, 22)
    steps = list(blocker.steps.values_list("action", "from_status", "to_status", "by__username"))
    assert steps == [
        ("start", "open", "in_progress", "alice"),
        ("resolve", "in_progress", "resolved", "alice"),
        ("close", "resolved", "closed", "carol"),
    ]
    assert blocker.steps.first().comment == "已对接自然资源局"
    # One history row for the creation and one per step.
    assert blocker.history.count() == 4


@pytest.mark.parametrize(
    "status, action",
    [
        (BlockerStatus.OPEN, RESOLVE),
        (BlockerStatus.OPEN, CLOSE),
        (BlockerStatus.OPEN, REOPEN),
        (BlockerStatus.IN_PROGRESS, START),
        (BlockerStatus.IN_PROGRESS, CLOSE),
        (BlockerStatus.RESOLVED, ESCALATE),
        (BlockerStatus.CLOSED, CLOSE),
        (BlockerStatus.CLOSED, ESCALATE),
    ],
)
def test_it_refuses_an_action_the_status_does_not_allow_and_changes_nothing(
    zone_a, carol, status, action
):
    blocker = make_blocker(zone_a)
    Blocker.objects.filter(pk=blocker.pk).update(status=status)
    blocker.refresh_from_db()
    with pytest.raises(TransitionNotAllowed):
        blocker.transition(action, carol, comment="理由", resolution="办法")
    assert Blocker.objects.get(pk=blocker.pk).status == status
    assert not BlockerStep.objects.exists()


def test_it_lets_only_a_zone_lead_close(zone_a, alice, carol):
    blocker = make_blocker(zone_a)
    blocker.transition(START, alice)
    blocker.transition(RESOLVE, alice, resolution="已解决")
    with pytest.raises(PermissionDenied):
        blocker.transition(CLOSE, alice)
    assert Blocker.objects.get(pk=blocker.pk).status == BlockerStatus.RESOLVED
    assert blocker.steps.count() == 2


def test_it_refuses_an_official_of_another_zone(zone_a, bob):
    blocker = make_blocker(zone_a)
    with pytest.raises(PermissionDenied):
        blocker.transition(START, bob)
    assert Blocker.objects.get(pk=blocker.pk).status == BlockerStatus.OPEN


def test_it_refuses_to_resolve_without_a_resolution(zone_a, alice):
    blocker = make_blocker(zone_a)
    blocker.transition(START, alice)
    with pytest.raises(ValidationError) as error:
        blocker.transition(RESOLVE, alice, resolution="  ")
    assert "resolution" in error.value.message_dict
    assert Blocker.objects.get(pk=blocker.pk).status == BlockerStatus.IN_PROGRESS
    assert blocker.steps.count() == 1


def test_it_reopens_a_closed_blocker_only_with_a_reason(zone_a, alice, carol):
    blocker = make_blocker(zone_a)
    blocker.transition(START, alice)
    blocker.transition(RESOLVE, alice, resolution="已解决")
    blocker.transition(CLOSE, carol)
    with pytest.raises(ValidationError):
        blocker.transition(REOPEN, carol)
    blocker.transition(REOPEN, carol, comment="现场核查未解决")
    blocker.refresh_from_db()
    assert (blocker.status, blocker.closed_on) == (BlockerStatus.IN_PROGRESS, None)


def test_escalating_raises_the_level_one_step_and_keeps_the_status(zone_a, alice):
    blocker = make_blocker(zone_a)
    blocker.transition(START, alice)
    for expected in (BlockerLevel.DISTRICT, BlockerLevel.CITY, BlockerLevel.PROVINCE):
        blocker.transition(ESCALATE, alice, comment="需上级协调")
        assert (blocker.level, blocker.status) == (expected, BlockerStatus.IN_PROGRESS)
    last = blocker.steps.last()
    assert (last.from_level, last.to_level) == ("city", "province")


def test_it_refuses_to_escalate_beyond_the_province(zone_a, alice):
    blocker = make_blocker(zone_a, level=BlockerLevel.PROVINCE)
    with pytest.raises(TransitionNotAllowed, match="省级"):
        blocker.transition(ESCALATE, alice)
    assert not blocker.steps.exists()


def test_it_offers_each_user_only_the_actions_it_may_take(zone_a, alice, carol, dave):
    blocker = make_blocker(zone_a)
    assert blocker.allowed_actions(alice) == ["start", "escalate"]
    assert blocker.allowed_actions(dave) == []
    blocker.transition(START, alice)
    blocker.transition(RESOLVE, alice, resolution="已解决")
    assert blocker.allowed_actions(alice) == []
    assert blocker.allowed_actions(carol) == ["close", "reopen"]


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"raised_on": date(2026, 11, 10), "deadline": date(2026, 11, 9)}, "deadline"),
        ({"raised_on": date(2026, 11, 23)}, "raised_on"),
        ({"raised_on": date(1999, 12, 31)}, "raised_on"),
        ({"deadline": date(2101, 1, 1)}, "deadline"),
    ],
)
def test_it_refuses_dates_that_cannot_be_right(zone_a, fields, field):
    values = {
        "title": "供电线路未接入",
        "category": "utilities",
        "responsible_unit": "供电公司",
        "raised_on": date(2026, 11, 1),
        "deadline": date(2026, 12, 31),
    }
    blocker = Blocker(project=ProjectFactory(zone=zone_a), **(values | fields))
    with pytest.raises(ValidationError) as error:
        blocker.full_clean()
    assert field in error.value.message_dict


def test_overdue_means_pending_and_past_the_deadline(zone_a, alice):
    late = make_blocker(zone_a, deadline=date(2026, 11, 21))
    make_blocker(zone_a, deadline=date(2026, 11, 22))
    solved = make_blocker(zone_a, deadline=date(2026, 11, 10))
    solved.transition(START, alice)
    solved.transition(RESOLVE, alice, resolution="已解决")
    assert list(Blocker.objects.overdue(date(2026, 11, 22))) == [late]


ASSIGN = BlockerAction.ASSIGN


def test_a_zone_lead_assigns_it_to_a_unit_and_the_step_keeps_what_went_to_whom(
    zone_a, alice, carol
):
    blocker = make_blocker(zone_a, deadline=date(2026, 11, 30))
    assert blocker.allowed_actions(carol) == ["assign", "start", "escalate"]
    blocker.transition(
        ASSIGN,
        carol,
        comment="请三日内对接",
        responsible_unit="供电公司",
        responsible_leader="李局长",
        deadline=date(2026, 12, 10),
    )
    blocker.refresh_from_db()
    assert (blocker.status, blocker.responsible_unit, blocker.responsible_leader) == (
        BlockerStatus.OPEN,
        "供电公司",
        "李局长",
    )
    assert blocker.deadline == date(2026, 12, 10)
    step = blocker.steps.get()
    assert (step.unit, step.leader, step.deadline, step.comment) == (
        "供电公司",
        "李局长",
        date(2026, 12, 10),
        "请三日内对接",
    )
    # Reassigning without a new deadline keeps the one in force.
    blocker.transition(ASSIGN, carol, responsible_unit="发改局")
    blocker.refresh_from_db()
    assert (blocker.responsible_unit, blocker.responsible_leader) == ("发改局", "")
    assert blocker.deadline == date(2026, 12, 10)
    assert blocker.steps.last().deadline == date(2026, 12, 10)


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"responsible_unit": "  "}, "responsible_unit"),
        ({"responsible_unit": "供电公司", "deadline": date(2026, 10, 31)}, "deadline"),
        ({"responsible_unit": "供电公司", "deadline": date(2101, 1, 1)}, "deadline"),
    ],
)
def test_an_assignment_without_a_unit_or_with_an_impossible_deadline_changes_nothing(
    zone_a, carol, fields, field
):
    blocker = make_blocker(zone_a, raised_on=date(2026, 11, 1))
    with pytest.raises(ValidationError) as error:
        blocker.transition(ASSIGN, carol, **fields)
    assert field in error.value.message_dict
    blocker.refresh_from_db()
    assert blocker.responsible_unit == "自然资源和规划局"
    assert blocker.deadline == date(2026, 11, 30)
    assert not blocker.steps.exists()


def test_an_official_may_not_assign(zone_a, alice):
    blocker = make_blocker(zone_a)
    with pytest.raises(PermissionDenied, match="交办|assign"):
        blocker.transition(ASSIGN, alice, responsible_unit="供电公司")
    assert not blocker.steps.exists()


def test_the_city_leadership_works_what_was_escalated_to_the_city_and_nothing_else(
    zone_a, alice, carol, dave
):
    at_zone = make_blocker(zone_a)
    assert at_zone.allowed_actions(dave) == []
    with pytest.raises(PermissionDenied):
        at_zone.transition(START, dave)

    blocker = make_blocker(zone_a)
    blocker.transition(ESCALATE, carol)
    blocker.transition(ESCALATE, carol)
    assert blocker.level == BlockerLevel.CITY
    assert blocker.allowed_actions(dave) == ["assign", "start", "escalate"]
    blocker.transition(ASSIGN, dave, responsible_unit="市自然资源和规划局")
    blocker.transition(START, dave)
    blocker.transition(RESOLVE, dave, resolution="市级统筹调剂用地指标")
    blocker.refresh_from_db()
    assert blocker.status == BlockerStatus.RESOLVED
    # Confirming on the ground stays with the zone.
    assert blocker.allowed_actions(dave) == []
    with pytest.raises(PermissionDenied):
        blocker.transition(CLOSE, dave)
    blocker.transition(CLOSE, carol, comment="现场核实")
    assert list(blocker.steps.values_list("by__username", flat=True)) == [
        "carol",
        "carol",
        "dave",
        "dave",
        "dave",
        "carol",
    ]


def test_the_city_leadership_does_not_work_a_district_level_blocker(zone_a, carol, dave):
    blocker = make_blocker(zone_a)
    blocker.transition(ESCALATE, carol)
    assert blocker.level == BlockerLevel.DISTRICT
    assert blocker.allowed_actions(dave) == []
