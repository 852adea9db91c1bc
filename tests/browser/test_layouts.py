"""The README's promises at a phone's width, at 1440 px in English and on the wall display:
no sideways scrolling at 390 px, the project list as cards, the English navigation on one
line, htmx swaps without CSP errors, and the wall clock in Shanghai time."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from investment.choices import PlanType
from parks.choices import Role
from projects.choices import MilestoneKind
from tests.browser.conftest import PageWatch
from tests.factories import (
    PASSWORD,
    AnnualPlanEntryFactory,
    InvestmentReportFactory,
    MembershipFactory,
    MilestoneFactory,
    ParkFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}


@pytest.fixture
def shanghai_noon():
    with time_machine.travel("2026-11-22 12:00 +0800", tick=True):
        yield


@pytest.fixture
def projects(shanghai_noon, zone_a):
    park = ParkFactory(zone=zone_a, name="新材料产业园")
    started = ProjectFactory(
        zone=zone_a, park=park, code="ZA-001", name="年产十万套新能源汽车精密零部件智能制造项目"
    )
    MilestoneFactory(project=started, kind=MilestoneKind.SIGNING, actual_on=date(2026, 1, 10))
    MilestoneFactory(project=started, kind=MilestoneKind.GROUNDBREAKING, actual_on=date(2026, 3, 2))
    MilestoneFactory(project=started, kind=MilestoneKind.COMPLETION, planned_on=date(2026, 11, 1))
    AnnualPlanEntryFactory(project=started, plan_type=PlanType.NEW)
    InvestmentReportFactory(project=started, month=10)
    waiting = ProjectFactory(zone=zone_a, code="ZA-002", name="光学元件基地")
    MilestoneFactory(project=waiting, kind=MilestoneKind.SIGNING, planned_on=date(2026, 12, 5))
    return started, waiting


def _log_in(watched_page, url, username):
    page = watched_page.page
    page.goto(f"{url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.wait_for_url(lambda address: "/login/" not in address)


def _overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_every_page_of_an_official_fits_a_phone_without_sideways_scrolling(
    watched_page, live_server, alice, projects
):
    page = watched_page.page
    url = live_server.url
    started, _ = projects
    page.set_viewport_size(PHONE)
    _log_in(watched_page, url, "alice")
    pages = {
        "home": "/",
        "project-list": "/projects/",
        "project-detail": f"/projects/{started.pk}/",
        "project-form": f"/projects/{started.pk}/edit/",
        "grid": "/reports/monthly/?year=2026&month=10",
    }
    for name, path in pages.items():
        page.goto(url + path)
        watched_page.screenshot(f"phone-{name}")
        assert _overflow(page) <= 0, f"{name} scrolls sideways at 390 px"
    assert watched_page.errors == []


def test_on_a_phone_the_project_list_is_cards_with_one_action(
    watched_page, live_server, alice, projects
):
    page = watched_page.page
    url = live_server.url
    started, _ = projects
    page.set_viewport_size(PHONE)
    _log_in(watched_page, url, "alice")
    page.goto(f"{url}/projects/")

    row = page.locator(f"#project-row-{started.pk}")
    assert not page.locator("#project-table thead").is_visible()
    assert row.locator(".zt-card-name a").is_visible()
    assert row.locator("[data-stage]").is_visible()
    assert row.locator(".zt-dot").count() == 4
    assert row.locator(".zt-dot").first.is_visible()
    visible_actions = [
        label for label in row.locator("a.btn:visible, button:visible").all_inner_texts()
    ]
    assert visible_actions == ["记录节点"]
    assert not row.locator(".zt-card-hide").first.is_visible()
    card = row.bounding_box()
    assert card["width"] <= PHONE["width"]

    # The in-row milestone form fits the phone too.
    row.locator(".zt-record").click()
    page.wait_for_selector(f"#m{started.pk}_actual_on")
    watched_page.screenshot("phone-project-list-record")
    assert _overflow(page) <= 0
    save = page.locator(f"#project-row-{started.pk} button[type=submit]")
    box = save.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_on_a_phone_the_grid_save_bar_leaves_the_totals_visible(
    watched_page, live_server, alice, zone_a, shanghai_noon
):
    for n in range(12):
        project = ProjectFactory(zone=zone_a, code=f"ZA-{n:03}", name=f"在建项目{n}")
        MilestoneFactory(
            project=project, kind=MilestoneKind.GROUNDBREAKING, actual_on=date(2026, 3, 2)
        )
    page = watched_page.page
    page.set_viewport_size(PHONE)
    _log_in(watched_page, live_server.url, "alice")
    page.goto(f"{live_server.url}/reports/monthly/?year=2026&month=10")

    # The sticky save bar must never lie over the totals row (its cells stick to the bottom of
    # the grid's own scrolling box), wherever the page is scrolled.
    overlaps = page.evaluate(
        """() => {
            const found = [];
            const end = document.documentElement.scrollHeight - window.innerHeight;
            for (let y = 0; y <= end + 20; y += 20) {
                window.scrollTo({ top: y, behavior: "instant" });
                const totals = document.querySelector("#grid-totals th").getBoundingClientRect();
                const bar = document.querySelector(".zt-savebar").getBoundingClientRect();
                if (Math.min(totals.bottom, bar.bottom) - Math.max(totals.top, bar.top) > 0) {
                    found.push(y);
                }
            }
            return found;
        }"""
    )
    assert overlaps == [], f"the save bar covers the totals when scrolled to {overlaps}"
    watched_page.screenshot("phone-grid-bottom")


def test_the_english_navigation_fits_one_line_at_1440_px(
    watched_page, live_server, zone_a, projects
):
    # A zone lead sees every entry of the navigation; the demo's logins are this long.
    lead = UserFactory(username="lead_zjxq_deputy")
    MembershipFactory(user=lead, role=Role.ZONE_LEAD, zone=zone_a)
    page = watched_page.page
    page.set_viewport_size(DESKTOP)
    _log_in(watched_page, live_server.url, lead.username)
    page.click("button[name=language][value=en]")
    page.wait_for_selector("html[lang=en]")
    watched_page.screenshot("desktop-en-navigation")

    tops = page.eval_on_selector_all(
        ".zt-navbar .navbar-brand, .zt-navbar .nav-link, .zt-navbar .btn",
        "items => items.map(i => Math.round(i.getBoundingClientRect().top + "
        "i.getBoundingClientRect().height / 2))",
    )
    assert max(tops) - min(tops) <= 4, tops
    clipped = page.eval_on_selector_all(
        ".zt-navbar .nav-link, .zt-navbar .btn",
        "items => items.filter(i => i.scrollWidth > i.clientWidth).map(i => i.textContent)",
    )
    assert clipped == []
    assert page.locator(".zt-navbar").bounding_box()["height"] < 70


def test_recording_a_milestone_in_the_list_raises_no_console_error(
    watched_page, live_server, alice, projects
):
    page = watched_page.page
    _, waiting = projects
    page.set_viewport_size(DESKTOP)
    _log_in(watched_page, live_server.url, "alice")
    page.goto(f"{live_server.url}/projects/")

    page.locator(f"#project-row-{waiting.pk} .zt-record").click()
    page.select_option(f"#m{waiting.pk}_kind", "signing")
    page.fill(f"#m{waiting.pk}_actual_on", "2026-11-20")
    page.click(f"#project-row-{waiting.pk} button[type=submit]")
    page.wait_for_selector(f"#project-row-{waiting.pk}.zt-flash")

    assert page.locator(f"#project-row-{waiting.pk} .zt-dot.zt-done").count() == 1
    assert watched_page.errors == []


def test_the_wall_display_clock_shows_shanghai_time_on_a_machine_set_to_another_zone(
    chromium_browser, live_server, dave, projects
):
    context = chromium_browser.new_context(
        locale="zh-CN", timezone_id="America/New_York", viewport={"width": 1920, "height": 1080}
    )
    try:
        watched_page = PageWatch(context.new_page(), live_server.url)
        _log_in(watched_page, live_server.url, "dave")
        page = watched_page.page
        page.goto(f"{live_server.url}/dashboard/screen/")
        page.wait_for_function("document.getElementById('screen-clock').textContent !== ''")
        shown = page.locator("#screen-clock").inner_text()
        browser_time = page.evaluate("new Date().toISOString()")
    finally:
        context.close()

    in_shanghai = datetime.fromisoformat(browser_time.replace("Z", "+00:00")).astimezone(
        ZoneInfo("Asia/Shanghai")
    )
    # The clock was drawn just before the browser's time was read: a minute may have turned.
    assert shown in {
        in_shanghai.strftime("%H:%M"),
        (in_shanghai - timedelta(minutes=1)).strftime("%H:%M"),
    }
