"""A blocker handled to closure in a real browser: the official starts and resolves it, the
zone lead closes it; the 督办 list and the timeline follow, with nothing inline or external."""

from datetime import date

import pytest
import time_machine

from supervision.models import Blocker
from tests.factories import PASSWORD, ProjectFactory
from tests.supervision.makers import make_blocker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shanghai_noon():
    with time_machine.travel("2026-11-22 12:00 +0800", tick=True):
        yield


def log_in(page, url, username):
    # Leave the last page first: a response of it still on its way could set a cookie after
    # they are cleared, and the login form's CSRF token would then not match (a 403).
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto(f"{url}/blockers/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.wait_for_url(f"{url}/blockers/")


def test_a_blocker_goes_from_open_to_closed_in_the_browser(
    shanghai_noon, watched_page, live_server, alice, carol, zone_a
):
    page, url = watched_page.page, live_server.url
    project = ProjectFactory(zone=zone_a, name="新能源电池项目")
    blocker = make_blocker(project=project, title="用地指标未落实", deadline=date(2026, 11, 15))
    make_blocker(zone_a, title="供电线路未接入", deadline=date(2026, 12, 15))

    log_in(page, url, "alice")
    rows = page.locator("#blocker-table tbody tr")
    assert rows.first.inner_text().startswith("2026-11-15\n逾期 7 天")
    watched_page.screenshot("blockers-01-list")

    page.click("text=用地指标未落实")
    page.fill("#id_comment", "已与自然资源局对接")
    page.click("#action-start")
    assert page.locator("#blocker-status").inner_text() == "办理中"
    page.click("#action-resolve")  # without a resolution: refused, comment kept
    assert "请说明问题是如何解决的" in page.locator("#id_resolution_error").inner_text()
    page.fill("#id_resolution", "指标已从储备库调剂")
    page.click("#action-resolve")
    assert page.locator("#blocker-status").inner_text() == "已解决"
    assert page.locator("#transition-form").count() == 0  # closing is for the zone lead

    log_in(page, url, "carol")
    page.goto(f"{url}/blockers/{blocker.pk}/")
    page.fill("#id_comment", "现场核实，同意销号")
    page.click("#action-close")
    assert page.locator("#blocker-status").inner_text() == "已销号"
    steps = page.locator("#timeline li[data-action]")
    assert steps.count() == 3
    watched_page.screenshot("blockers-02-closed")

    assert Blocker.objects.get(pk=blocker.pk).status == "closed"
    # The refused resolve answered 400 on purpose; the browser logs that, and nothing else.
    assert [e for e in watched_page.errors if "status of 400" not in e] == []
    assert watched_page.outside_requests() == []
