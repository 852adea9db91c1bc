"""The zone lead sets a target and an official adds a plan entry, in a real browser, at desktop
and phone sizes."""

from decimal import Decimal

import pytest
import time_machine

from investment.models import AnnualPlanEntry, Target
from tests.factories import PASSWORD, ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


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


def _fits_the_phone(watched_page, name):
    page = watched_page.page
    page.set_viewport_size(PHONE)
    watched_page.screenshot(f"{name}-390")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.set_viewport_size(DESKTOP)
    return overflow <= 0


def test_a_lead_sets_a_target_and_an_official_adds_a_plan_entry(
    shanghai_noon, watched_page, live_server, alice, carol, zone_a
):
    page = watched_page.page
    url = live_server.url
    page.set_viewport_size(DESKTOP)
    ProjectFactory(zone=zone_a, code="ZA-101", name="高端装备产业园")

    # The zone lead sets a target with quarterly values.
    _log_in(page, url, "carol")
    page.click("#nav-plans-menu")
    page.click("#nav-targets")
    page.click("#add-target")
    page.select_option("#id_metric", "signed_investment")
    page.select_option("#id_min_investment", "10000")
    page.fill("#id_annual_value", "152,000")
    page.fill("#id_q1_value", "30000")
    page.fill("#id_q2_value", "70000")
    page.fill("#id_q3_value", "110000")
    watched_page.screenshot("targets-form-1440")
    page.click("#save-target")
    row = page.locator("#target-table tr[data-metric=signed_investment]")
    row.wait_for()
    assert "1亿元以上" in row.inner_text()
    assert "152,000.00" in row.inner_text()
    assert "110,000.00" in row.inner_text()
    target = Target.objects.get()
    assert target.q2_value == Decimal("70000")
    watched_page.screenshot("targets-1440")
    assert _fits_the_phone(watched_page, "targets")

    # An official adds the project to this year's plan; the lead's target is read-only to her.
    _log_in(page, url, "alice")
    page.click("#nav-plans-menu")
    page.click("#nav-targets")
    page.locator("#target-table tr[data-metric=signed_investment]").wait_for()
    assert page.locator("#add-target").count() == 0
    page.click("#nav-plans-menu")
    page.click("#nav-plans")
    page.click("#add-plan-entry")
    page.select_option("#id_project", label="ZA-101 · 高端装备产业园")
    page.select_option("#id_plan_type", "new")
    page.fill("#id_planned_investment", "3,000")
    page.fill("#id_planned_start_on", "2026-05-01")
    watched_page.screenshot("plan-form-1440")
    assert _fits_the_phone(watched_page, "plan-form")
    page.click("#save-plan-entry")
    row = page.locator("#plan-table tr[data-project=ZA-101]")
    row.wait_for()
    assert "高端装备产业园" in row.inner_text()
    assert "新开工" in row.inner_text()
    assert "2026-05-01" in row.inner_text()
    assert page.locator("#plan-totals [data-total=planned_investment]").inner_text() == "3,000.00"
    assert AnnualPlanEntry.objects.get().planned_investment == Decimal("3000")
    watched_page.screenshot("plans-1440")
    assert _fits_the_phone(watched_page, "plans")

    page.click("button[name=language][value=en]")
    page.wait_for_selector("html[lang=en]")
    watched_page.screenshot("plans-en-1440")
    # One line of navigation in English at 1440 px, with the plans menu in it.
    assert page.locator(".zt-navbar").bounding_box()["height"] < 70

    assert watched_page.errors == []
    assert watched_page.outside_requests() == []
