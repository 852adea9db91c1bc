"""The "this week's meeting" panel of the wall board and the screen: the open decisions of
the latest meeting covering the place this week (else the last one), grouped by owner, the
overdue ones first, each with its deadline and its project's light."""

from datetime import date

import pytest
from django.db.models import Q
from django.urls import reverse

from supervision.choices import BlockerStatus
from supervision.meetings.models import Meeting
from supervision.meetings.week import week_panel
from tests.factories import ProjectFactory, ZoneFactory
from tests.supervision.meeting_makers import decide, lit, plan

pytestmark = pytest.mark.usefixtures("frozen_today")

# TODAY is Sunday 2026-11-22: its week runs from Monday 11-16 to Sunday 11-22.
DAY = date(2026, 11, 22)


def owned(user, meeting, project, title, unit, leader, deadline):
    blocker = decide(user, meeting, project, title=title, deadline=deadline)
    blocker.responsible_unit, blocker.responsible_leader = unit, leader
    blocker.save()
    return blocker


@pytest.fixture
def meetings(carol, zone_a):
    red = lit(zone_a, "P1", "red", date(2026, 10, 1))
    green = lit(zone_a, "P2", "green", date(2026, 10, 1))
    last_week = plan(carol, [zone_a], day=date(2026, 11, 10))
    owned(carol, last_week, red, "上周议定", "住建局", "赵局长", date(2026, 11, 12))
    this_week = plan(carol, [zone_a], day=date(2026, 11, 16))
    # Overdue on 11-22: 11-17 by 5 days, 11-20 by 2 and 11-21 by 1; 11-30 is not.
    decisions = {
        "later": owned(
            carol, this_week, green, "供电接入", "供电公司", "李经理", date(2026, 11, 30)
        ),
        "land": owned(
            carol, this_week, red, "用地报批", "自然资源局", "王局长", date(2026, 11, 17)
        ),
        "power": owned(carol, this_week, red, "临时用电", "供电公司", "李经理", date(2026, 11, 20)),
        "road": owned(
            carol, this_week, green, "道路接通", "供电公司", "李经理", date(2026, 11, 21)
        ),
        "done": owned(carol, this_week, red, "已办结", "住建局", "赵局长", date(2026, 11, 17)),
    }
    decisions["done"].status = BlockerStatus.CLOSED
    decisions["done"].save()
    plan(carol, [zone_a], day=date(2026, 11, 25))  # next week's: not yet
    return this_week, decisions


def test_the_open_decisions_of_this_weeks_meeting_by_owner_overdue_first(meetings, carol, zone_a):
    meeting, d = meetings
    panel = week_panel(Meeting.objects.visible_to(carol), Q(pk=zone_a.pk), DAY)
    assert (panel.meeting, panel.this_week, panel.open_count) == (meeting, True, 4)
    # 供电公司 has 2 overdue (临时用电, 道路接通), 自然资源局 1: 供电公司 first; within it the
    # overdue by deadline (11-20, 11-21), then 11-30. The closed one is left out.
    assert [(g.unit, g.leader, g.overdue) for g in panel.groups] == [
        ("供电公司", "李经理", 2),
        ("自然资源局", "王局长", 1),
    ]
    assert [b.pk for b in panel.groups[0].decisions] == [d["power"].pk, d["road"].pk, d["later"].pk]
    assert [(b.late, b.light) for b in panel.groups[0].decisions] == [
        (2, "red"),
        (1, "green"),
        (0, "green"),
    ]
    assert (panel.groups[1].decisions[0].late, panel.groups[1].decisions[0].light) == (5, "red")


def test_without_a_meeting_this_week_the_last_one_shows_and_says_so(carol, zone_a):
    project = ProjectFactory(zone=zone_a)
    earlier = plan(carol, [zone_a], day=date(2026, 11, 10))
    decide(carol, earlier, project, deadline=date(2026, 12, 10))
    panel = week_panel(Meeting.objects.visible_to(carol), Q(pk=zone_a.pk), DAY)
    assert (panel.meeting, panel.this_week, panel.open_count) == (earlier, False, 1)
    # On Sunday 11-08 (its week: 11-02 to 11-08) no meeting had been held yet.
    before = week_panel(Meeting.objects.visible_to(carol), Q(pk=zone_a.pk), date(2026, 11, 8))
    assert before.meeting is None


def test_a_meeting_the_user_does_not_read_is_not_shown(carol, dave, zone_a, zone_b):
    # A city meeting over zones A and B: carol reads only A, so not the meeting.
    plan(dave, [zone_a, zone_b], level="city", day=date(2026, 11, 18))
    assert week_panel(Meeting.objects.visible_to(carol), Q(pk=zone_a.pk), DAY).meeting is None
    assert week_panel(Meeting.objects.visible_to(dave), Q(pk=zone_a.pk), DAY).meeting is not None


@pytest.mark.parametrize("zones_count", [3, 30])
def test_the_panel_takes_two_queries_for_3_and_30_zones(
    django_assert_num_queries, dave, city, zones_count
):
    zones = [ZoneFactory(region=city) for _ in range(zones_count)]
    meeting = plan(dave, zones, level="city", day=date(2026, 11, 18))
    for zone in zones:
        decide(dave, meeting, lit(zone, f"R{zone.pk}", "red", date(2026, 10, 1)))
    meetings = Meeting.objects.visible_to(dave)
    # the meeting, its decisions with their projects and lights
    with django_assert_num_queries(2):
        panel = week_panel(meetings, Q(region__path__startswith=city.path), DAY)
    assert panel.open_count == zones_count


def test_the_wall_board_and_the_screen_show_the_panel(client, meetings, carol, zone_a):
    meeting, d = meetings
    client.force_login(carol)
    for url in (
        reverse("reports:wallboard", args=[zone_a.pk]),
        reverse("reports:zone_screen", args=[zone_a.pk]),
    ):
        page = client.get(url).content.decode()
        assert f'id="week-meeting" data-meeting="{meeting.pk}"' in page
        shown = [d["power"], d["road"], d["later"], d["land"]]
        positions = [page.index(f'data-decision="{b.pk}"') for b in shown]
        assert positions == sorted(positions)
        assert f'data-decision="{d["done"].pk}"' not in page
        assert 'data-overdue="5"' in page
