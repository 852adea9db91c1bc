"""Issue 13's browser test: an official adds two parcels and revitalizes one; the zone lead
sets a land target; the team ranking and the land figures show on the dashboard and in the
quarterly Excel, downloaded and read back.

Land: 35.5 + 20 = 55.50 亩 on the ledger, 30 亩 revitalized against a target of 60 亩.
Team: its one project of 2亿 (base score 10 for ≥ 1亿) signed in 2026 earns 40 %: 4.00.
"""

from datetime import date

import pytest
import time_machine
from openpyxl import load_workbook

from tests.browser.test_land import _add_parcel, _log_in
from tests.builders import make_project
from tests.factories import AttractionTeamFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shanghai_noon():
    with time_machine.travel("2026-11-22 12:00 +0800", tick=True):
        yield


def test_land_and_the_team_ranking_reach_the_dashboard_and_the_quarterly_excel(
    shanghai_noon, watched_page, live_server, alice, carol, zone_a
):
    team = AttractionTeamFactory(zone=zone_a, name="招商一局")
    project = make_project(zone_a, total="20000", signing=date(2026, 2, 1))
    project.team = team
    project.save()
    page = watched_page.page
    url = live_server.url

    _log_in(page, url, "alice")
    page.goto(f"{url}/land/?zone={zone_a.pk}")
    _add_parcel(page, "丁卯路1号", "35.5亩", "2026-03-01")
    _add_parcel(page, "丁卯路2号", "20", "2026-04-01")
    page.click('tr[data-location="丁卯路1号"] a.btn')
    page.fill("#id_revitalized_on", "2026-09-30")
    page.fill("#id_revitalized_mu", "30")
    page.click("#save-parcel")
    page.wait_for_selector("#land-caption")

    _log_in(page, url, "carol")
    page.goto(f"{url}/targets/?zone={zone_a.pk}&year=2026")
    page.click("#add-target")
    page.select_option("#id_metric", "land_revitalized_mu")
    page.fill("#id_annual_value", "60")
    page.click("#save-target")
    page.locator("#target-table tr[data-metric=land_revitalized_mu]").wait_for()

    page.goto(f"{url}/dashboard/zone/{zone_a.pk}/?year=2026&as_of=2026-11-22")
    figures = page.inner_text("#land-figures")
    assert "55.50" in figures and "30.00" in figures
    page.click("#teams-link")
    row = page.locator(f'#teams-table tr[data-team="{team.pk}"]')
    row.wait_for()
    assert row.get_attribute("data-rank") == "1"
    assert row.get_attribute("data-score") == "4.00"

    page.goto(f"{url}/quarterly/?zone={zone_a.pk}&year=2026&quarter=4")
    with page.expect_download() as download:
        page.click("#excel-link")
    # Playwright stores the download without an extension, which openpyxl refuses by name.
    with open(download.value.path(), "rb") as file:
        book = load_workbook(file)
    sheet = book.worksheets[2]
    line = next(r for r in sheet.iter_rows(values_only=True) if r[1] == zone_a.name)
    # parcels 2, 55.5 亩, 1 revitalized (no target), 30 亩 against 60.
    assert list(line[2:7]) == [2, 55.5, 1, None, 30]
    assert line[7] == 60
    assert watched_page.errors == []
    watched_page.screenshot("land-and-teams")
