"""An official exports the project list, changes a date in Excel, imports the file back: the
preview marks every row "update" and shows the dates read; nothing is duplicated."""

from datetime import date

import pytest
import time_machine
from openpyxl import load_workbook

from projects.choices import MilestoneKind
from projects.models import Project
from supervision.alerts import raise_alerts
from tests.factories import PASSWORD, MilestoneFactory, ParkFactory, ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shanghai_noon():
    with time_machine.travel("2026-11-22 12:00 +0800", tick=True):
        yield


def test_an_exported_list_comes_back_as_updates(
    shanghai_noon, watched_page, live_server, alice, zone_a, tmp_path
):
    page = watched_page.page
    url = live_server.url
    park = ParkFactory(zone=zone_a, name="新材料产业园")
    project = ProjectFactory(zone=zone_a, park=park, code="ZA-001", name="光学基地")
    MilestoneFactory(project=project, kind=MilestoneKind.SIGNING, actual_on=date(2026, 1, 10))
    MilestoneFactory(
        project=project, kind=MilestoneKind.GROUNDBREAKING, planned_on=date(2026, 6, 1)
    )
    ProjectFactory(zone=zone_a, code="ZA-002", name="研发中心")

    page.goto(f"{url}/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.goto(f"{url}/projects/")
    with page.expect_download() as download:
        page.click("#export-link")
    exported = tmp_path / "projects.xlsx"
    download.value.save_as(exported)

    workbook = load_workbook(exported)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=header.index("开工实际日期") + 1, value="2026-06-05")
    workbook.save(exported)

    page.goto(f"{url}/import/?kind=projects")
    page.set_input_files("#import-file", str(exported))
    page.click("#preview-button")
    page.wait_for_selector("#import-ok")
    assert page.locator("#import-preview .badge").all_inner_texts() == ["更新", "更新"]
    cell = page.locator("#import-preview tbody tr").first.locator(
        "[data-column=actual_groundbreaking]"
    )
    assert cell.inner_text() == "2026-06-05"
    assert page.locator("#import-preview [data-changed]").count() == 1
    assert "开工实际日期" in page.locator("#import-preview thead").inner_text()
    watched_page.screenshot("excel-round-trip-preview")
    page.click("#confirm-button")
    page.wait_for_selector(".alert-success")

    assert Project.objects.count() == 2
    project.refresh_from_db()
    assert project.stage == "under_construction"
    assert watched_page.errors == []


def test_the_alert_list_downloads_as_excel(
    shanghai_noon, watched_page, live_server, alice, zone_a, tmp_path
):
    page = watched_page.page
    url = live_server.url
    late = ProjectFactory(zone=zone_a, code="ZA-LATE", name="滞后项目")
    MilestoneFactory(project=late, kind=MilestoneKind.COMPLETION, planned_on=date(2026, 10, 1))
    raise_alerts(date(2026, 11, 22))

    page.goto(f"{url}/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.goto(f"{url}/alerts/?kind=milestone_overdue")
    watched_page.screenshot("alerts-export-link")
    with page.expect_download() as download:
        page.click("#alert-export")
    assert download.value.suggested_filename == "alerts-20261122.xlsx"
    path = tmp_path / "alerts.xlsx"
    download.value.save_as(path)
    rows = list(load_workbook(path).worksheets[0].iter_rows(values_only=True))
    assert [row[3] for row in rows[1:]] == ["ZA-LATE"]
    assert watched_page.errors == []
