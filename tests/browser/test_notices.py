"""A notice issued from a blocker's page, printed on A4 and answered, in a real browser,
with nothing inline or external."""

from datetime import date

import pytest
import time_machine

from supervision.models import Notice
from tests.factories import PASSWORD, ProjectFactory
from tests.supervision.makers import make_blocker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shanghai_noon():
    with time_machine.travel("2026-11-22 12:00 +0800", tick=True):
        yield


def test_a_notice_is_issued_printed_and_answered_in_the_browser(
    shanghai_noon, watched_page, live_server, alice, zone_a
):
    page, url = watched_page.page, live_server.url
    project = ProjectFactory(zone=zone_a, name="新能源电池项目")
    blocker = make_blocker(
        project=project,
        title="高压线迁改滞后",
        responsible_unit="供电公司",
        deadline=date(2026, 11, 15),
    )
    page.goto(f"{url}/blockers/{blocker.pk}/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.click("#issue-notice")
    assert page.input_value("#id_unit") == "供电公司"
    assert page.input_value("#id_deadline") == "2026-11-29"
    page.fill("#id_required_reply", "书面说明迁改完成时间及保障措施。")
    page.click("#save-notice")
    assert page.locator("#notice-number").inner_text() == "督办单 〔2026〕1号"

    page.click("#notice-print-link")
    sheet = page.locator("#notice-sheet")
    assert "督办通知单" in sheet.inner_text()
    assert page.locator("#print-matter").inner_text() == "高压线迁改滞后"
    watched_page.screenshot("notices-01-print")
    page.emulate_media(media="print")
    assert not page.locator(".zt-print-bar").is_visible()
    page.emulate_media(media="screen")

    page.click("text=返回督办单")
    page.fill("#id_reply", "12月10日前完成迁改。")
    page.click("#save-reply")
    assert page.locator("#notice-status").inner_text() == "已回复"
    page.goto(f"{url}/notices/")
    watched_page.screenshot("notices-02-list")
    assert page.locator("#notice-table tbody tr").count() == 1

    assert Notice.objects.get().reply == "12月10日前完成迁改。"
    assert watched_page.errors == []
    assert watched_page.outside_requests() == []
