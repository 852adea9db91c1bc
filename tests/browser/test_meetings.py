"""A scheduling meeting (调度会) run in a real browser on the demo data (issue 12's "done
when"): the zone lead of 镇江新区 plans a meeting; its agenda lists the zone's red projects
and overdue blockers as the database holds them; two decisions are recorded; the meeting is
held and its minutes issued and downloaded as .docx; the decisions are on the 督办 list with
their deadlines; the next meeting opens its agenda with them."""

from datetime import date

import pytest
import time_machine
from docx import Document

from devtools.demo import DEMO_PASSWORD, seed_demo
from parks.models import Zone
from supervision.choices import BlockerStatus
from supervision.lights.evaluate import evaluate
from supervision.lights.models import ProjectLight
from supervision.models import PENDING, Blocker, Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = date(2026, 11, 22)

DECISIONS = [
    ("三日内完成用地报批", "自然资源和规划局", "王局长", "2026-11-25"),
    ("月底前完成供电接入", "供电公司", "李经理", "2026-11-30"),
]


@pytest.fixture
def demo_zone():
    # The server's clock (and so "today" in the app) is 2026-11-22, ticking.
    with time_machine.travel("2026-11-22 12:00 +0800", tick=True):
        seed_demo(TODAY, projects_per_zone=14)
        evaluate(TODAY)
        yield Zone.objects.get(code="ZJXQ")


def log_in(page, url, username):
    page.goto(f"{url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.wait_for_url(lambda address: "/login/" not in address)


def plan_meeting(page, url, zone, day):
    page.goto(f"{url}/meetings/new/")
    page.fill("#id_date", day)
    page.select_option("#id_level", "zone")
    page.fill("#id_chair", "张主任")
    page.select_option("#id_zones", [str(zone.pk)])
    page.click("#save-plan")
    page.wait_for_url(f"{url}/meetings/*/")
    return Meeting.objects.latest("pk")


def agenda(page, kind):
    return page.locator(f"#agenda li[data-kind={kind}]").evaluate_all(
        "items => items.map(item => item.dataset.project)"
    )


def test_a_zone_lead_runs_a_meeting_from_agenda_to_minutes_and_the_next_meeting(
    watched_page, live_server, demo_zone, tmp_path
):
    page, url = watched_page.page, live_server.url
    zone = demo_zone
    reds = set(
        ProjectLight.objects.current()
        .filter(zone=zone, color="red")
        .values_list("project__code", flat=True)
    )
    overdue = set(
        Blocker.objects.filter(
            project__zone=zone, status__in=PENDING, deadline__lt=TODAY
        ).values_list("project__code", flat=True)
    )
    assert reds and overdue, "the demo has red projects and overdue blockers in 镇江新区"

    log_in(page, url, "lead_zjxq")
    meeting = plan_meeting(page, url, zone, "2026-11-23")
    # The agenda lists every red project and every project with an overdue blocker, as stored.
    assert set(agenda(page, "red_project")) == reds
    assert overdue <= set(agenda(page, "blocker"))
    watched_page.screenshot("meeting-agenda")

    # Two decisions on the first two red projects.
    projects = sorted(reds)[:2] if len(reds) >= 2 else [*reds, *reds]
    for (title, unit, leader, deadline), code in zip(DECISIONS, projects, strict=True):
        page.fill("#decision-form #id_project", code)
        page.fill("#decision-form #id_title", title)
        page.fill("#decision-form #id_responsible_unit", unit)
        page.fill("#decision-form #id_responsible_leader", leader)
        page.fill("#decision-form #id_deadline", deadline)
        page.click("#save-decision")
        page.wait_for_selector(f"#decisions tr:has-text('{title}')")
    assert page.locator("#decisions tbody tr[data-decision]").count() == 2
    decisions = list(Blocker.objects.filter(meeting=meeting).order_by("deadline"))
    assert [(b.title, b.deadline.isoformat(), b.level) for b in decisions] == [
        (title, deadline, "zone") for title, _, _, deadline in DECISIONS
    ]

    # Held, minutes issued (locked), and the .docx downloaded with both decisions in it.
    page.click("#mark-held")
    page.wait_for_selector("#issue-minutes")
    page.click("#issue-minutes")
    page.wait_for_selector("#meeting-locked")
    with page.expect_download() as download:
        page.click("#minutes-docx")
    path = tmp_path / "minutes.docx"
    download.value.save_as(path)
    cells = [c.text for t in Document(str(path)).tables for row in t.rows for c in row.cells]
    for title, unit, leader, deadline in DECISIONS:
        assert {title, unit, leader, deadline} <= set(cells)

    # The 督办 list shows both decisions with their deadlines.
    page.goto(f"{url}/blockers/?zone={zone.pk}&status=pending")
    for title, _, _, deadline in DECISIONS:
        row = page.locator(f"#blocker-table tbody tr:has-text('{title}')")
        assert row.count() == 1
        assert row.locator("td").first.inner_text().startswith(deadline)

    # The next meeting opens with the two decisions, still open.
    next_meeting = plan_meeting(page, url, zone, "2026-11-30")
    assert next_meeting.pk != meeting.pk
    opening = page.locator("#agenda li").evaluate_all(
        "items => items.slice(0, 2).map(item => [item.dataset.kind, item.innerText])"
    )
    assert [kind for kind, _ in opening] == ["open_decision", "open_decision"]
    for (_, text), (title, _, _, deadline) in zip(opening, DECISIONS, strict=True):
        assert title in text and deadline in text
    assert all(b.status == BlockerStatus.OPEN for b in decisions)
    watched_page.screenshot("meeting-next-agenda")
    assert watched_page.errors == []
