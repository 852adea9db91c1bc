"""An official adds two parcels and revitalizes one; the zone lead sets a land target; the
land figures show on the zone dashboard, in a real browser."""

import pytest
import time_machine

from investment.models import LandParcel, Target
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shanghai_noon():
    with time_machine.travel("2026-11-22 12:00 +0800", tick=True):
        yield


def _log_in(page, url, username):
    page.context.clear_cookies()
    page.goto(f"{url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.wait_for_selector(".zt-navbar")


def _add_parcel(page, location, area, identified_on):
    page.click("#add-parcel")
    page.fill("#id_location", location)
    page.fill("#id_area_mu", area)
    page.select_option("#id_kind", "idle")
    page.fill("#id_identified_on", identified_on)
    page.click("#save-parcel")
    page.wait_for_selector(f'tr[data-location="{location}"]')


def test_an_official_keeps_the_ledger_and_the_dashboard_shows_it(
    shanghai_noon, watched_page, live_server, alice, carol, zone_a
):
    page = watched_page.page
    url = live_server.url

    _log_in(page, url, "alice")
    page.click("#nav-plans-menu")
    page.click("#nav-land")
    _add_parcel(page, "丁卯路1号", "35.5亩", "2026-03-01")
    _add_parcel(page, "丁卯路2号", "20", "2026-04-01")
    page.click('tr[data-location="丁卯路1号"] a.btn')
    page.fill("#id_revitalized_on", "2026-09-30")
    page.fill("#id_revitalized_mu", "30")
    page.click("#save-parcel")
    page.wait_for_selector("#land-caption")
    assert "2 宗地块，已盘活 1 宗" in page.inner_text("#land-caption")
    assert LandParcel.objects.filter(revitalized_on__isnull=False).count() == 1

    _log_in(page, url, "carol")
    page.goto(f"{url}/targets/?zone={zone_a.pk}&year=2026")
    page.click("#add-target")
    page.select_option("#id_metric", "land_revitalized_mu")
    page.fill("#id_annual_value", "60")
    page.click("#save-target")
    page.locator("#target-table tr[data-metric=land_revitalized_mu]").wait_for()
    assert Target.objects.get().metric == "land_revitalized_mu"

    page.goto(f"{url}/dashboard/zone/{zone_a.pk}/?year=2026&as_of=2026-11-22")
    figures = page.inner_text("#land-figures")
    assert "55.50" in figures  # 亩 on the ledger: 35.5 + 20
    assert "30.00" in figures  # 亩 revitalized
    target_row = page.locator("tr[data-metric=land_revitalized_mu]")
    assert "30.00" in target_row.inner_text()  # 30 of 60 亩
    assert watched_page.errors == []
    watched_page.screenshot("land-dashboard")
