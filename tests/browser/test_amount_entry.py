"""Amounts typed with units in a real browser: the grid's live totals and the ×100 question."""

from decimal import Decimal

import pytest
import time_machine

from investment.models import InvestmentReport
from projects.models import Project
from tests.factories import PASSWORD, ProjectFactory, StartedProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shanghai_noon():
    with time_machine.travel("2026-11-22 12:00 +0800", tick=True):
        yield


def _log_in(page, url):
    page.goto(f"{url}/projects/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.wait_for_url(f"{url}/projects/")


def test_the_grid_totals_and_saves_3_2_yi_yuan_as_32000_wan(
    shanghai_noon, watched_page, live_server, alice, zone_a
):
    page = watched_page.page
    first = StartedProjectFactory(zone=zone_a, code="ZA-1", total_investment=Decimal("90000"))
    second = StartedProjectFactory(zone=zone_a, code="ZA-2")
    _log_in(page, live_server.url)
    page.goto(f"{live_server.url}/reports/monthly/?zone={zone_a.pk}&year=2026&month=10")

    page.fill(f"input[name='p{first.pk}-completed_investment']", "3.2亿元")
    page.fill(f"input[name='p{second.pk}-completed_investment']", "12300元")
    total = page.locator("[data-total=completed_investment]")
    # 32000 + 1.23
    assert total.inner_text() == "32,001.23"
    watched_page.screenshot("amount-entry-grid")
    page.click("#save-grid")
    page.wait_for_selector(".alert-success")

    saved = dict(InvestmentReport.objects.values_list("project__code", "completed_investment"))
    assert saved == {"ZA-1": Decimal("32000.00"), "ZA-2": Decimal("1.23")}
    assert total.inner_text() == "32,001.23"
    assert not watched_page.errors


def test_a_hundredfold_total_investment_is_confirmed_before_it_is_saved(
    shanghai_noon, watched_page, live_server, alice, zone_a
):
    page = watched_page.page
    project = ProjectFactory(zone=zone_a, total_investment=Decimal("320.00"))
    _log_in(page, live_server.url)
    page.goto(f"{live_server.url}/projects/{project.pk}/edit/")

    page.fill("#id_total_investment", "3.2亿")
    page.click("#save-project")
    page.wait_for_selector("#confirm-total")
    assert "320.00 万元" in page.inner_text("#confirm-total")
    assert "32,000.00 万元" in page.inner_text("#confirm-total")
    watched_page.screenshot("amount-entry-confirm-total")
    project.refresh_from_db()
    assert project.total_investment == Decimal("320.00")

    page.click("#confirm-total-button")
    page.wait_for_selector("#project-name")
    assert Project.objects.get(pk=project.pk).total_investment == Decimal("32000.00")
    assert not watched_page.errors
