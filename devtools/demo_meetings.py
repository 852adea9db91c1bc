"""The demo's scheduling meeting (调度会): the city's meeting of last week, held and its minutes
issued, whose decisions (议定事项) are open blockers of the city level, one of them already past
its deadline, so that the agenda, the minutes, the wall board's "this week's meeting" panel and
the lights have something real to show.

It goes through the meetings' own services (plan, attendees, decisions, held, minutes), as the
city leader (王建国) would, after the lights of the day are set: the agenda writes itself from
them.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from parks.models import Zone
from projects.models import Project
from supervision.choices import BlockerAction, BlockerCategory
from supervision.lights.evaluate import evaluate
from supervision.meetings import services
from supervision.meetings.choices import AgendaKind, MeetingLevel
from supervision.meetings.models import Meeting

from .demo_supervision import at, demo_clock

CHAIR = "王建国（镇江市副市长）"
ATTENDEES = [
    ("王建国", "镇江市人民政府"),
    ("刘志强", "镇江市发展和改革委员会"),
    ("陈红梅", "镇江市自然资源和规划局"),
    ("赵立新", "镇江市生态环境局"),
    ("孙海波", "国网镇江供电公司"),
]
# What the meeting decided on its first red projects: (category, task, unit, leader, days
# from the meeting to the deadline). The first deadline has passed by the demo's today.
DECISIONS = [
    (
        BlockerCategory.LAND,
        "协调用地报批，本月底前完成组卷上报",
        "镇江市自然资源和规划局",
        "陈红梅",
        3,
    ),
    (
        BlockerCategory.UTILITIES,
        "落实双回路供电方案，确保设备调试用电",
        "国网镇江供电公司",
        "孙海波",
        14,
    ),
    (
        BlockerCategory.ENVIRONMENT,
        "加快环评批复，同步开展能评审查",
        "镇江市生态环境局",
        "赵立新",
        21,
    ),
]


STARTED = "会议纪要已印发，牵头单位启动办理"


def last_weeks_thursday(today: date) -> date:
    return today - timedelta(days=today.weekday() + 4)


def seed_meetings(today: date, zones: list[Zone], username: str) -> int:
    """The city's meeting of last week over ``zones``, run by ``username``; nothing when the
    demo already has a city meeting. Returns the decisions recorded."""
    if Meeting.objects.filter(level=MeetingLevel.CITY, zones__in=zones).exists():
        return 0
    user = get_user_model().objects.get(username=username)
    held_on = last_weeks_thursday(today)
    # The agenda lists the red projects: colour them first (the refresh after the demo's
    # commit would come too late for it).
    evaluate(today, zone_ids=[zone.pk for zone in zones])
    zones = list(Zone.objects.filter(pk__in=[zone.pk for zone in zones]).select_related("region"))
    with demo_clock(at(held_on - timedelta(days=3), 9)):
        meeting = services.plan(
            user, date=held_on, level=MeetingLevel.CITY, chair=CHAIR, zones=zones, as_of=today
        )
    with demo_clock(at(held_on, 15)):
        for name, unit in ATTENDEES:
            services.add_attendee(user, meeting, name=name, unit=unit)
        reds = meeting.agenda.filter(kind=AgendaKind.RED_PROJECT).order_by("order")
        # The worst red project of each zone in turn, so that every zone has a task.
        firsts: dict[int, Project] = {}
        for item in reds.select_related("project"):
            if item.project is not None:
                firsts.setdefault(item.project.zone_id, item.project)
        projects = list(firsts.values())[: len(DECISIONS)]
        for project, (category, title, unit, leader, days) in zip(
            projects, DECISIONS, strict=False
        ):
            services.record_decision(
                user,
                meeting,
                project=project,
                title=title,
                category=category,
                responsible_unit=unit,
                responsible_leader=leader,
                deadline=held_on + timedelta(days=days),
                raised_on=held_on,
            )
        services.mark_held(user, meeting)
    with demo_clock(at(held_on + timedelta(days=1), 10)):
        services.issue_minutes(user, meeting)
        # The city hands each decision to its lead unit, which starts on it the next day.
        for decision in meeting.decisions.order_by("deadline"):
            decision.transition(BlockerAction.START, user, comment=STARTED)
    return len(projects)
