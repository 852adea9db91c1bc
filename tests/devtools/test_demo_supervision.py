"""The demo's supervision loop: task forces, blockers with true timelines, notices, and the
pages that show them to the demo's users.

Dates are worked by hand from the demo's today, 2026-11-22 (see devtools/demo_supervision.py).
"""

from collections import Counter
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from devtools.demo import DEMO_PASSWORD, seed_demo
from investment.models import LandParcel
from parks.models import Zone
from projects.models import Project
from reports.figures.period import Period
from reports.figures.scopes import Scope
from reports.figures.supervision import supervision_figures
from supervision.choices import BlockerCategory, BlockerLevel, BlockerStatus, TaskForceRole
from supervision.meetings.choices import AgendaKind, MeetingLevel, MeetingState
from supervision.models import (
    Blocker,
    BlockerStep,
    Evidence,
    Meeting,
    Notice,
    ProgressUpdate,
    TaskForceMember,
    key_projects,
)

# The lockout (django-axes) checks every password login against a request: the test client's
# login() has none of its own.
LOGIN_REQUEST = RequestFactory().post("/login/")

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 22)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def supervision_counts():
    return [
        model.objects.count()
        for model in (
            TaskForceMember,
            ProgressUpdate,
            Blocker,
            BlockerStep,
            Notice,
            Evidence,
            ProgressUpdate.blockers.through,
        )
    ]


@pytest.fixture
def demo(frozen_today):
    return seed_demo(TODAY)


def test_every_key_project_has_a_task_force_of_a_lead_and_two_to_four_members(demo):
    projects = key_projects(Project.objects.all(), TODAY)
    assert projects.count() > 40
    members = Counter()
    leads = Counter()
    for member in TaskForceMember.objects.select_related("project"):
        member.full_clean()  # name, unit and a valid phone
        assert member.unit and member.position and member.duty
        (leads if member.role == TaskForceRole.LEAD else members)[member.project_id] += 1
    for project in projects:
        assert leads[project.pk] == 1, project.code
        assert 2 <= members[project.pk] <= 4, project.code
    # Units of the project's zone, and the builder: the investor's company for a plant.
    plant = projects.exclude(investor="").order_by("code").first()
    units = set(plant.task_force.values_list("unit", flat=True))
    assert f"{plant.investor}（镇江）有限公司" in units
    # Made with their history (an audited model), one row each.
    assert (
        TaskForceMember.history.count()
        == TaskForceMember.objects.count()
        == (demo.task_force_members)
    )


def test_the_blockers_cover_every_state_category_and_level_each_with_its_timeline(demo):
    blockers = list(Blocker.objects.select_related("project__zone").order_by("pk"))
    assert len(blockers) >= 12
    assert {b.status for b in blockers} == set(BlockerStatus.values)
    assert {b.category for b in blockers} == set(BlockerCategory.values)
    assert {BlockerLevel.ZONE, BlockerLevel.DISTRICT, BlockerLevel.CITY} <= {
        b.level for b in blockers
    }
    steps = {}
    for step in BlockerStep.objects.select_related("by").order_by("at", "pk"):
        steps.setdefault(step.blocker_id, []).append(step)
    for blocker in blockers:
        blocker.full_clean()
        timeline = steps[blocker.pk]  # every blocker has at least one step
        # A true timeline: each step starts where the one before ended, on a day between
        # the day it was raised and today, and ends in the blocker's state.
        for before, after in zip(timeline, timeline[1:], strict=False):
            assert (before.to_status, before.to_level) == (after.from_status, after.from_level)
        days = [timezone.localdate(step.at) for step in timeline]
        assert blocker.raised_on <= days[0] and days[-1] <= TODAY
        assert (timeline[-1].to_status, timeline[-1].to_level) == (blocker.status, blocker.level)
        if blocker.status == BlockerStatus.CLOSED:
            assert blocker.closed_on == days[-1]
        # Who: the zone's official works it, its lead closes or reopens it.
        for step in timeline:
            if step.action in ("close", "reopen"):
                assert step.by.username == f"lead_{blocker.project.zone.code.lower()}"
                assert step.comment
    reopened = [b for b in blockers if any(s.action == "reopen" for s in steps[b.pk])]
    assert {b.status for b in reopened} == {BlockerStatus.IN_PROGRESS, BlockerStatus.CLOSED}
    assert Blocker.objects.overdue(TODAY).count() >= 5
    from_alert = [b for b in blockers if b.alert_id]
    assert len(from_alert) == 1
    assert from_alert[0].raised_on == TODAY
    assert from_alert[0].title == from_alert[0].title.strip() and "：" in from_alert[0].title


def test_the_figures_of_zhenjiang_new_area_worked_by_hand(demo):
    # Raised, deadline, closed (days to close): 施工许可 10-13, 11-02, 10-27 (14, on time);
    # 110千伏 10-08, 11-02, 11-10 (33, late); 规划方案 10-27, 11-21, 11-17 (21, on time).
    # Pending: 用地 (due 10-31), 资金 (11-19), 征迁 (11-15), 燃气 reopened (10-23), 青苗
    # (11-17) overdue; 环评 (12-12) and the one from today's alert (12-07) not.
    figures = supervision_figures(
        Scope.for_zone(Zone.objects.get(code="ZJXQ")), Period(2026, TODAY)
    ).as_dict()
    assert figures["blockers_open"] == 7
    assert figures["blockers_overdue"] == 5
    assert figures["blockers_closed"] == 3
    assert figures["closed_on_time_rate"] == 0.6667
    assert figures["median_days_to_close"] == 21
    closed = Blocker.objects.filter(project__zone__code="ZJXQ", status="closed")
    assert sorted(closed.values_list("raised_on", "closed_on")) == [
        (date(2026, 10, 8), date(2026, 11, 10)),
        (date(2026, 10, 13), date(2026, 10, 27)),
        (date(2026, 10, 27), date(2026, 11, 17)),
    ]


def test_two_notices_one_replied_one_escalated_by_the_job(demo):
    notices = {n.number: n for n in Notice.objects.select_related("blocker", "zone")}
    assert set(notices) == {"〔2026〕1号", "〔2026〕2号"}
    late, replied = notices["〔2026〕1号"], notices["〔2026〕2号"]
    assert (late.issued_on, late.deadline, late.status) == (
        date(2026, 11, 7),
        date(2026, 11, 14),
        "escalated",
    )
    assert late.reply == "" and late.replied_on is None and late.is_overdue(TODAY)
    # The job of today's night raised its blocker from the district to the city, as the
    # system (no user).
    job = late.blocker.steps.order_by("at", "pk").last()
    assert (job.action, job.by, job.from_level, job.to_level) == (
        "escalate",
        None,
        "district",
        "city",
    )
    assert job.at == datetime(2026, 11, 22, 0, 40, tzinfo=SHANGHAI)
    assert "〔2026〕1号" in job.comment
    assert (replied.issued_on, replied.deadline, replied.replied_on, replied.status) == (
        date(2026, 11, 16),
        date(2026, 11, 21),
        date(2026, 11, 19),
        "replied",
    )
    assert replied.reply and not replied.is_overdue(TODAY)
    for notice in notices.values():
        notice.full_clean()
        assert notice.zone.code == "ZJXQ"
        # Issued on a blocker already past its deadline.
        assert notice.blocker.deadline < notice.issued_on


def test_seeding_again_creates_nothing_and_reset_restores_the_loop(frozen_today):
    first = seed_demo(TODAY, projects_per_zone=14)
    assert first.blockers >= 12 and first.notices == 2 and first.task_force_members > 0
    before = supervision_counts()
    timelines = sorted(BlockerStep.objects.values_list("blocker__title", "action", "at"))
    again = seed_demo(TODAY, projects_per_zone=14)
    assert (
        again.task_force_members,
        again.progress_updates,
        again.blockers,
        again.notices,
        again.evidence,
        again.decisions,
    ) == (0, 0, 0, 0, 0, 0)
    assert supervision_counts() == before
    assert sorted(BlockerStep.objects.values_list("blocker__title", "action", "at")) == timelines
    # A reset empties the zones (notices first: they protect their blockers) and loads the
    # same loop again.
    restored = seed_demo(TODAY, projects_per_zone=14, reset=True)
    assert restored.deleted["supervision.Notice"] == 2
    assert restored.deleted["supervision.Meeting"] == 1
    assert supervision_counts() == before
    assert sorted(BlockerStep.objects.values_list("blocker__title", "action", "at")) == timelines


@pytest.mark.parametrize(
    ("username", "shown"),
    [
        ("official_zjxq", ["二期厂房施工许可证卡在消防设计审查环节", "〔2026〕2号"]),
        ("lead_zjxq", ["天然气管道未接入厂区，影响设备调试", "〔2026〕1号"]),
        ("official_dykfq", ["省级专项扶持资金拨付滞后"]),
        # Leadership of the city sees the blockers at its level (escalated to the city).
        ("leader", ["110千伏专线接入方案未获批复", "〔2026〕1号"]),
        ("leader_wang", ["二期用地指标未落实，地块尚未挂牌出让"]),
    ],
)
def test_the_supervision_pages_render_for_the_demo_users(client, demo, username, shown):
    assert client.login(request=LOGIN_REQUEST, username=username, password=DEMO_PASSWORD)
    pages = {}
    for name in ("blockers", "notices", "round"):
        response = client.get(reverse(f"supervision:{name}"))
        assert response.status_code == 200, name
        pages[name] = response.content.decode()
    both = pages["blockers"] + pages["notices"]
    for text in shown:
        assert text in both, text
    blocker = Blocker.objects.visible_to(
        client.get(reverse("supervision:blockers")).wsgi_request.user
    ).first()
    page = client.get(reverse("supervision:blocker", args=[blocker.pk]))
    assert page.status_code == 200
    assert 'data-action="' in page.content.decode()  # its timeline


def test_the_demo_photographs_its_latest_updates_and_first_blockers(client, demo):
    assert demo.evidence == 7
    photos = Evidence.objects.select_related("progress_update", "blocker")
    assert {photo.kind for photo in photos} == {"image"}
    assert sum(photo.progress_update_id is not None for photo in photos) == 4
    assert sum(photo.blocker_id is not None for photo in photos) == 3
    assert all(photo.project.zone.code == "ZJXQ" for photo in photos)
    assert client.login(request=LOGIN_REQUEST, username="official_zjxq", password=DEMO_PASSWORD)
    photo = photos.filter(blocker__isnull=False).first()
    page = client.get(reverse("supervision:blocker", args=[photo.blocker_id]))
    assert f'data-evidence="{photo.pk}"' in page.content.decode()
    thumbnail = client.get(photo.thumbnail_url)
    assert (thumbnail.status_code, thumbnail["Content-Type"]) == (200, "image/jpeg")


def test_updates_report_on_their_projects_pending_blockers(demo):
    links = ProgressUpdate.blockers.through.objects.select_related("progressupdate", "blocker")
    assert links.exists()
    for link in links:
        update, blocker = link.progressupdate, link.blocker
        assert update.project_id == blocker.project_id
        assert blocker.raised_on <= update.period_end


def test_the_demos_investors_projects_have_their_zones_attraction_teams(demo):
    attracted = Project.objects.filter(is_attracted=True).select_related("team")
    assert attracted.exists()
    for project in attracted:
        assert project.team is not None and project.team.zone_id == project.zone_id
        assert project.attraction_team == project.team.name
    assert not Project.objects.filter(is_attracted=False, team__isnull=False).exists()


def test_every_zone_has_an_idle_land_ledger_with_two_parcels_revitalized_this_year(demo):
    for zone in Zone.objects.filter(land_parcels__isnull=False).distinct():
        parcels = LandParcel.objects.filter(zone=zone)
        assert parcels.count() == 6
        revitalized = parcels.filter(revitalized_on__year=2026)
        assert revitalized.count() == 2
        for parcel in revitalized:
            parcel.full_clean()
            assert parcel.project.zone_id == zone.pk
            assert parcel.revitalized_mu <= parcel.area_mu
    assert Zone.objects.filter(land_parcels__isnull=False).distinct().count() == 4


def test_the_citys_meeting_of_last_week_issued_its_minutes_with_a_task_for_three_zones(demo):
    # Today is Sunday 2026-11-22: last week's Thursday is 11-12. Deadlines 3, 14 and 21 days
    # on: 11-15 (overdue today), 11-26, 12-03.
    meeting = Meeting.objects.get()
    assert (meeting.date, meeting.level) == (date(2026, 11, 12), MeetingLevel.CITY)
    assert (meeting.state, meeting.minutes_version) == (MeetingState.MINUTES_ISSUED, 1)
    assert meeting.zones.count() == 4 and meeting.attendees.count() == 5
    assert demo.decisions == 3
    decisions = list(meeting.decisions.select_related("project__zone").order_by("deadline"))
    assert [d.deadline for d in decisions] == [
        date(2026, 11, 15),
        date(2026, 11, 26),
        date(2026, 12, 3),
    ]
    assert {d.level for d in decisions} == {BlockerLevel.CITY}
    assert len({d.project.zone_id for d in decisions}) == 3
    overdue = set(Blocker.objects.overdue(TODAY).values_list("pk", flat=True))
    assert [d.pk in overdue for d in decisions] == [True, False, False]
    assert {d.status for d in decisions} == {BlockerStatus.IN_PROGRESS}
    # Each decision is on a red project the agenda listed.
    reds = set(meeting.agenda.filter(kind=AgendaKind.RED_PROJECT).values_list("project", flat=True))
    assert {d.project_id for d in decisions} <= reds
