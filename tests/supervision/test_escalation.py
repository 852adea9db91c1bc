"""The daily escalation of notices left unanswered past their deadline (2026-11-27 here)."""

from datetime import date

import pytest

from supervision import tasks
from supervision.choices import BlockerAction, BlockerLevel, BlockerStatus, NoticeStatus
from supervision.models import Blocker, Notice, escalate_unanswered_notices

from .makers import make_blocker, make_notice

DEADLINE = date(2026, 11, 27)


@pytest.fixture
def notice(zone_a):
    blocker = make_blocker(zone_a, level=BlockerLevel.ZONE)
    return make_notice(project=blocker.project, blocker=blocker, deadline=DEADLINE)


def test_the_day_before_and_the_day_of_the_deadline_nothing_escalates(notice):
    for day in (date(2026, 11, 26), DEADLINE):
        assert escalate_unanswered_notices(day)["notices"] == []
    notice.refresh_from_db()
    notice.blocker.refresh_from_db()
    assert notice.status == NoticeStatus.ISSUED
    assert notice.blocker.level == BlockerLevel.ZONE
    assert not notice.blocker.steps.exists()


def test_the_day_after_the_deadline_the_notice_and_its_blocker_escalate_once(notice):
    result = escalate_unanswered_notices(date(2026, 11, 28))
    assert result == {"day": "2026-11-28", "notices": [notice.pk], "blockers": [notice.blocker_id]}
    notice.refresh_from_db()
    blocker = Blocker.objects.get(pk=notice.blocker_id)
    assert notice.status == NoticeStatus.ESCALATED
    assert blocker.level == BlockerLevel.DISTRICT
    assert blocker.status == BlockerStatus.OPEN
    (step,) = blocker.steps.all()
    assert step.action == BlockerAction.ESCALATE
    assert step.by is None
    assert step.comment == "督办单〔2026〕1号未按期回复，自动升级"
    # The next days change nothing more: the notice escalated once, the blocker one level.
    assert escalate_unanswered_notices(date(2026, 11, 29))["notices"] == []
    blocker.refresh_from_db()
    assert blocker.level == BlockerLevel.DISTRICT
    assert blocker.steps.count() == 1


def test_a_notice_replied_to_in_time_or_late_but_before_the_check_does_not_escalate(notice):
    notice.reply = "已协调供地，12月上旬完成。"
    notice.save()
    assert escalate_unanswered_notices(date(2026, 11, 28))["notices"] == []
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.REPLIED


def test_a_reply_after_escalation_marks_the_notice_replied(notice):
    escalate_unanswered_notices(date(2026, 11, 28))
    notice.refresh_from_db()
    notice.reply = "已落实。"
    notice.save()
    assert notice.status == NoticeStatus.REPLIED


def test_two_late_notices_of_one_blocker_raise_it_one_level_naming_both(notice):
    second = make_notice(project=notice.project, blocker=notice.blocker, deadline=DEADLINE)
    result = escalate_unanswered_notices(date(2026, 11, 28))
    assert result["notices"] == [notice.pk, second.pk]
    blocker = Blocker.objects.get(pk=notice.blocker_id)
    assert blocker.level == BlockerLevel.DISTRICT
    assert blocker.steps.get().comment == "督办单〔2026〕1号、〔2026〕2号未按期回复，自动升级"


def test_a_blocker_at_the_province_level_stays_there_but_its_notice_is_marked(zone_a):
    blocker = make_blocker(zone_a, level=BlockerLevel.PROVINCE)
    late = make_notice(project=blocker.project, blocker=blocker, deadline=DEADLINE)
    result = escalate_unanswered_notices(date(2026, 11, 28))
    assert result["notices"] == [late.pk]
    assert result["blockers"] == []
    assert not blocker.steps.exists()
    assert Notice.objects.get(pk=late.pk).status == NoticeStatus.ESCALATED


def test_a_notice_about_a_project_alone_escalates_without_a_blocker(zone_a):
    late = make_notice(zone_a, deadline=DEADLINE)
    assert escalate_unanswered_notices(date(2026, 11, 28))["notices"] == [late.pk]
    assert Notice.objects.get(pk=late.pk).status == NoticeStatus.ESCALATED


def test_the_task_takes_the_day_as_an_iso_string(notice):
    result = tasks.escalate_unanswered_notices.apply(args=["2026-11-28"]).get()
    assert result["notices"] == [notice.pk]


def test_the_beat_runs_the_escalation_every_day(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["notices-escalation-daily"]
    assert entry["task"] == "supervision.tasks.daily_notice_escalation"


def test_a_blocker_resolved_meanwhile_keeps_its_level_and_timeline(notice, carol):
    blocker = notice.blocker
    blocker.transition("start", carol)
    blocker.transition("resolve", carol, resolution="已协调解决")
    result = escalate_unanswered_notices(date(2026, 11, 28))
    assert result == {"day": "2026-11-28", "notices": [notice.pk], "blockers": []}
    blocker.refresh_from_db()
    assert blocker.level == BlockerLevel.ZONE
    assert [step.action for step in blocker.steps.all()] == ["start", "resolve"]


def test_the_blocker_page_shows_the_automatic_step_as_the_systems(client, alice, notice):
    escalate_unanswered_notices(date(2026, 11, 28))
    client.force_login(alice)
    body = client.get(f"/blockers/{notice.blocker_id}/").content.decode()
    assert "督办单〔2026〕1号未按期回复，自动升级" in body
    assert "系统" in body
