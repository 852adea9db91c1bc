"""Leadership in a real browser, on the demo city: every dashboard draws its charts with no
console error and no request to another server, in Chinese and in English, and shows the
numbers /api/stats/ answers for the same scope and date.
"""

import json
from datetime import date

import pytest
import time_machine

from devtools.demo import DEMO_PASSWORD, seed_demo
from parks.models import Region, Zone
from reports.figures.snapshots import month_ends, store_snapshots

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = date(2026, 11, 22)
WHEN = "year=2026&as_of=2026-11-22"


@pytest.fixture
def demo_city():
    # The server's clock (and so "today" in the app) is 2026-11-22, ticking.
    with time_machine.travel("2026-11-22 12:00 +0800", tick=True):
        seed_demo(TODAY, projects_per_zone=14)
        for day in month_ends(date(2025, 1, 1), date(2026, 11, 21)):
            store_snapshots(day)
        yield {
            "city": Region.objects.get(code="JS-ZJ"),
            "zone": Zone.objects.get(code="ZJXQ"),
        }


def log_in(watched_page, url, username="leader"):
    page = watched_page.page
    page.goto(f"{url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.wait_for_url(lambda address: "/login/" not in address)


def assert_clean(watched_page):
    assert watched_page.errors == [], watched_page.errors
    assert watched_page.outside_requests() == []


def charts_drawn(page, ids):
    page.wait_for_function(
        "ids => ids.every(id => document.querySelector('#' + id + ' canvas'))", arg=ids
    )


def tiles(page):
    return page.eval_on_selector_all(
        "#kpis [data-metric]", "tiles => tiles.map(t => [t.dataset.metric, t.dataset.value])"
    )


def api_stats(page, query):
    # The browser's own session asks the API, as another system would with a token.
    return page.evaluate(
        "query => fetch('/api/stats/?' + query).then(response => response.json())", query
    )


def expected_tiles(stats):
    plan, signing = stats["plan"], stats["signing"]
    by_min = {row["min_investment"]: row["count"] for row in signing["by_threshold"]}
    values = {
        "signed_count": signing["signed_count"],
        "signed_count_1yi": by_min["10000.00"],
        "signed_count_10yi": by_min["100000.00"],
        "start_rate": plan["start_rate"],
        "start_or_resume_rate": plan["start_or_resume_rate"],
        "investment_completion_rate": plan["investment_completion_rate"],
        "completion_rate": plan["completion_rate"],
    }
    return {name: "" if value is None else json.dumps(value) for name, value in values.items()}


def same_numbers(shown, stats):
    shown = dict(shown)
    for name, value in expected_tiles(stats).items():
        assert shown[name] == value or float(shown[name]) == float(value), name


DASHBOARD_CHARTS = ["funnel-chart", "monthly-chart", "trend-chart"]


def test_leadership_sees_every_dashboard_in_both_languages(demo_city, watched_page, live_server):
    page, url = watched_page.page, live_server.url
    city, zone = demo_city["city"], demo_city["zone"]
    log_in(watched_page, url)

    # The region: its numbers are those of /api/stats/ for the same region and date.
    page.goto(f"{url}/dashboard/?{WHEN}")
    page.wait_for_url(f"{url}/dashboard/region/{city.pk}/?{WHEN}")
    charts_drawn(page, [*DASHBOARD_CHARTS, "breakdown-chart"])
    region_stats = api_stats(page, f"region={city.pk}&{WHEN}")
    same_numbers(tiles(page), region_stats)
    # Each figure tile shows its 同比, the value of /api/stats/'s growth.
    signed = page.locator("[data-figure='growth.signed_count']")
    assert signed.is_visible()
    growth = region_stats["growth"]["signing"]["signed_count"]
    assert signed.get_attribute("data-value") == ("" if growth is None else json.dumps(growth))
    assert page.locator(".zt-kpi-yoy").first.get_attribute("title").startswith("去年同期：")
    assert page.locator("#zone-table tbody tr").count() == 4
    watched_page.screenshot("dashboard-region-zh")

    # Drill down: region → zone → park → projects.
    page.click(f"#zone-table a[href^='/dashboard/zone/{zone.pk}/']")
    page.wait_for_url(f"{url}/dashboard/zone/{zone.pk}/**")
    charts_drawn(page, DASHBOARD_CHARTS)
    same_numbers(tiles(page), api_stats(page, f"zone={zone.pk}&{WHEN}"))
    watched_page.screenshot("dashboard-zone-zh")
    park_row = page.locator("#park-table tbody tr").first
    expected = int(park_row.locator("td").first.inner_text())
    park_row.locator("td a").first.click()
    page.wait_for_url(f"{url}/projects/**")
    assert page.locator("#project-table tbody tr").count() == expected

    # The wall display: dark, and the same charts.
    page.goto(f"{url}/dashboard/region/{city.pk}/screen/?{WHEN}")
    charts_drawn(page, [*DASHBOARD_CHARTS, "breakdown-chart"])
    assert "zt-screen" in page.locator("body").get_attribute("class")
    assert not page.locator(".zt-navbar").is_visible()
    watched_page.screenshot("dashboard-screen")

    # The ranking, the wall board, the quarterly report.
    page.goto(f"{url}/ranking/?region={city.pk}&metric=start_or_resume_rate&{WHEN}")
    charts_drawn(page, ["ranking-chart"])
    assert page.locator("#ranking-table tbody tr").count() == 4
    watched_page.screenshot("ranking-zh")
    page.goto(f"{url}/wallboard/zone/{zone.pk}/?{WHEN}")
    assert page.locator("#board tbody tr").count() > 0
    watched_page.screenshot("wallboard-zh")
    page.check("#id_overdue")
    page.click("#wallboard-form button[type=submit]")
    page.wait_for_url("**overdue=on**")
    overdue_rows = page.locator("#board tbody tr.zt-row-overdue").count()
    assert overdue_rows == page.locator("#board tbody tr").count()
    page.emulate_media(media="print")
    watched_page.screenshot("wallboard-print")
    page.emulate_media(media="screen")

    page.goto(f"{url}/quarterly/?region={city.pk}&year=2026&quarter=3")
    # Four zones, the total, last year's total and the 同比增长 line.
    assert page.locator("#quarterly-figures tbody tr").count() == 7
    watched_page.screenshot("quarterly-zh")
    page.click("#excel-job-button")
    page.wait_for_selector("#job-download")
    with page.expect_download() as download:
        page.click("#job-download")
    assert download.value.suggested_filename == "镇江市-2026年第3季度重点项目推进情况.xlsx"

    # In English.
    page.click("nav button[value=en]")
    page.wait_for_load_state()
    page.goto(f"{url}/dashboard/region/{city.pk}/?{WHEN}")
    charts_drawn(page, [*DASHBOARD_CHARTS, "breakdown-chart"])
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Start rate" in page.locator("#kpis").inner_text()
    same_numbers(tiles(page), api_stats(page, f"region={city.pk}&{WHEN}"))
    watched_page.screenshot("dashboard-region-en")
    page.goto(f"{url}/dashboard/zone/{zone.pk}/?{WHEN}")
    charts_drawn(page, DASHBOARD_CHARTS)
    watched_page.screenshot("dashboard-zone-en")
    page.goto(f"{url}/ranking/?region={city.pk}&{WHEN}")
    charts_drawn(page, ["ranking-chart"])
    page.goto(f"{url}/wallboard/zone/{zone.pk}/?{WHEN}")
    watched_page.screenshot("wallboard-en")
    page.goto(f"{url}/quarterly/?region={city.pk}&year=2026&quarter=4")
    watched_page.screenshot("quarterly-en")

    assert_clean(watched_page)


def test_an_official_sees_its_zone_dashboard_and_not_the_city(demo_city, watched_page, live_server):
    page, url = watched_page.page, live_server.url
    log_in(watched_page, url, "official_zjxq")
    page.goto(f"{url}/dashboard/?{WHEN}")
    page.wait_for_url(f"{url}/dashboard/zone/{demo_city['zone'].pk}/?{WHEN}")
    charts_drawn(page, DASHBOARD_CHARTS)
    same_numbers(tiles(page), api_stats(page, f"zone={demo_city['zone'].pk}&{WHEN}"))
    response = page.goto(f"{url}/dashboard/region/{demo_city['city'].pk}/")
    assert response.status == 404
    watched_page.errors.clear()  # the 404 page's own console message
    assert watched_page.outside_requests() == []
