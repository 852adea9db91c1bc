"""An official's day in a real browser: log in, create a project, record its milestones, enter
a month in the grid, import a month from Excel (first with a bad row), and see the figures."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from openpyxl import Workbook

from investment.models import InvestmentReport
from projects.choices import MilestoneKind
from projects.models import Project
from tests.factories import PASSWORD, MilestoneFactory, ParkFactory, ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shanghai_noon():
    # The server's clock (and so "today" in the app) is 2026-11-22, ticking.
    with time_machine.travel("2026-11-22 12:00 +0800", tick=True):
        yield


def _sheet(path, *rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["项目", "年度", "月份", "完成投资（万元）", "到位内资（万元）", "形象进度（%）"])
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def test_an_official_goes_through_a_working_day(
    shanghai_noon, watched_page, live_server, alice, zone_a, tmp_path
):
    page = watched_page.page
    url = live_server.url
    ParkFactory(zone=zone_a, name="新材料产业园")
    existing = ProjectFactory(zone=zone_a, code="ZA-OLD", name="既有项目")
    MilestoneFactory(project=existing, kind=MilestoneKind.SIGNING, actual_on=date(2026, 1, 10))
    MilestoneFactory(
        project=existing, kind=MilestoneKind.GROUNDBREAKING, actual_on=date(2026, 4, 10)
    )

    # Log in (Chinese by default).
    page.goto(f"{url}/projects/")
    assert "/login/" in page.url
    watched_page.screenshot("01-login")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.wait_for_url(f"{url}/projects/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"

    # Create a project.
    page.click("#new-project")
    page.fill("#id_code", "ZA-NEW")
    page.fill("#id_name", "光学元件基地")
    page.select_option("#id_category", "manufacturing")
    page.fill("#id_total_investment", "120,000")
    page.fill("#id_planned_signing", "2026-03-10")
    page.fill("#id_planned_groundbreaking", "2026-06-30")
    watched_page.screenshot("03-project-form")
    page.click("#save-project")
    page.wait_for_selector("#project-name")
    project = Project.objects.get(code="ZA-NEW")
    assert project.total_investment == Decimal("120000")

    # Record signing, then groundbreaking, on the project page (htmx, in place).
    page.select_option(f"#m{project.pk}_kind", "signing")
    page.fill(f"#m{project.pk}_actual_on", "2026-03-01")
    page.click("#milestone-form button[type=submit]")
    page.wait_for_selector("[data-kind=signing][data-state=done]")
    page.select_option(f"#m{project.pk}_kind", "groundbreaking")
    page.fill(f"#m{project.pk}_actual_on", "2026-06-01")
    page.click("#milestone-form button[type=submit]")
    page.wait_for_selector("[data-kind=groundbreaking][data-state=done]")
    project.refresh_from_db()
    assert project.stage == "under_construction"

    # From the list: a completion before groundbreaking is refused next to the date.
    page.goto(f"{url}/projects/")
    watched_page.screenshot("02-project-list")
    row = f"#project-row-{existing.pk}"
    page.click(f"{row} .zt-record")
    page.select_option(f"#m{existing.pk}_kind", "completion")
    page.fill(f"#m{existing.pk}_actual_on", "2026-02-01")
    page.click(f"{row} button[type=submit]")
    page.wait_for_selector(f"#m{existing.pk}_actual_on_error")
    assert not existing.milestones.filter(kind=MilestoneKind.COMPLETION).exists()
    page.fill(f"#m{existing.pk}_actual_on", "2026-10-20")
    page.click(f"{row} button[type=submit]")
    page.wait_for_selector(f"{row} [data-stage=completed]")

    # Enter October in the grid: one page, one save.
    page.click("nav a[href='/reports/monthly/']")
    page.fill(f"input[name='p{project.pk}-completed_investment']", "1,500")
    page.fill(f"input[name='p{project.pk}-funds_domestic']", "1000")
    page.fill(f"input[name='p{project.pk}-image_progress']", "20")
    watched_page.screenshot("04-report-grid")
    page.click("#save-grid")
    page.wait_for_selector(".alert-success")
    october = InvestmentReport.objects.get(project=project, year=2026, month=10)
    assert october.completed_investment == Decimal("1500")

    # Import September from Excel: a bad row (month 13) imports nothing.
    page.goto(f"{url}/import/?kind=reports")
    bad = _sheet(
        tmp_path / "bad.xlsx", ["ZA-NEW", 2026, 9, 800, 500, 10], ["ZA-NEW", 2026, 13, 1, 1, 1]
    )
    page.set_input_files("#import-file", str(bad))
    page.click("#preview-button")
    page.wait_for_selector("#import-errors")
    assert page.locator("#import-errors tbody tr td").first.inner_text() == "3"
    watched_page.screenshot("05-import-errors")
    assert not InvestmentReport.objects.filter(project=project, month=9).exists()

    good = _sheet(tmp_path / "good.xlsx", ["ZA-NEW", 2026, 9, 800, 500, 10])
    page.set_input_files("#import-file", str(good))
    page.click("#preview-button")
    page.wait_for_selector("#confirm-button")
    watched_page.screenshot("06-import-preview")
    page.click("#confirm-button")
    page.wait_for_selector(".alert-success")

    # The figures show on the project page: 800 + 1,500 = 2,300.00 万元.
    page.goto(f"{url}/projects/{project.pk}/")
    page.wait_for_selector("#figures-chart canvas")
    assert "2,300.00" in page.inner_text("#reported-total")
    months = page.locator("#report-table tbody tr td:first-child").all_inner_texts()
    assert months == ["2026-10", "2026-09"]
    watched_page.screenshot("07-project-detail")

    # Home, then the same page in English.
    page.goto(f"{url}/")
    watched_page.screenshot("08-home")
    page.click("button[value=en]")
    page.wait_for_selector("html[lang=en]")
    assert page.locator("h1").inner_text() == "My work"
    watched_page.screenshot("09-home-english")

    assert watched_page.outside_requests() == []
    assert watched_page.errors == []
