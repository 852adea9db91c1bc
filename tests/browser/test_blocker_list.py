"""The 督办 list in a real browser: an official makes an automatic alert a blocker with one
click; the city's leader finds it on the dashboard's figures and the list they link to."""

from datetime import date

import pytest
import time_machine

from supervision.alerts import raise_alerts
from supervision.models import Blocker
from tests.browser.test_blockers import log_in
from tests.supervision.makers import make_blocker
from tests.supervision.test_alerts_page import overdue_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shanghai_noon():
    with time_machine.travel("2026-11-22 12:00 +0800", tick=True):
        yield


def test_an_alert_becomes_a_blocker_and_the_dashboard_counts_it(
    shanghai_noon, watched_page, live_server, alice, dave, city, zone_a
):
    page, url = watched_page.page, live_server.url
    overdue_project(zone_a, "新能源电池项目")
    raise_alerts(date(2026, 11, 22))
    make_blocker(zone_a, title="供电线路未接入", deadline=date(2026, 11, 15), level="city")

    log_in(page, url, "alice")
    assert page.locator("#system-items tbody tr").count() == 1
    watched_page.screenshot("blocker-list-01-system-items")
    page.click("#system-items button[type=submit]")
    page.wait_for_url(f"{url}/blockers/*/")
    made = Blocker.objects.get(alert__isnull=False)
    assert "新能源电池项目" in page.locator("h1").inner_text()
    assert made.deadline == date(2026, 12, 7)

    log_in(page, url, "dave")
    # Leadership's list opens on its own level: the city's blocker, not the zone's new one.
    assert page.locator("#id_my_level").is_checked()
    assert page.locator("#blocker-table tbody tr").count() == 1
    watched_page.screenshot("blocker-list-02-leader")
    page.goto(f"{url}/dashboard/region/{city.pk}/?year=2026&as_of=2026-11-22")
    open_tile = page.locator('#supervision-kpis [data-metric="blockers_open"]')
    assert open_tile.get_attribute("data-value") == "2"
    watched_page.screenshot("blocker-list-03-dashboard")
    open_tile.locator("a").click()
    assert page.locator("#blocker-table tbody tr").count() == 2
    assert watched_page.errors == []
    assert watched_page.outside_requests() == []
