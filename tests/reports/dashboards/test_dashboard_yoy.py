"""The KPI tiles beside the same date last year (同比), worked by hand.

Zone A, 2026 seen on 2026-11-22, against 2025 seen on 2025-11-22:
- signed: 2026 two projects (February and April); 2025 one (March; the one signed on
  2025-12-01 is after the date a year earlier);
- start rate: 2025 one new start planned and started (100 %); 2026 two planned, one started
  (50 %).
"""

import re
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from tests.builders import api, make_plan, make_project

pytestmark = pytest.mark.usefixtures("frozen_today")

WHEN = {"year": 2026, "as_of": "2026-11-22"}
YOY = re.compile(
    r'<div class="zt-kpi-yoy zt-yoy-(\w+)" title="([^"]*)">([^<]*)<span class="zt-num" '
    r'data-scope="[^"]*" data-value="([^"]*)" data-figure="([a-z_.0-9]+)">([^<]*)</span>'
)


@pytest.fixture
def two_years(zone_a):
    last = make_project(zone_a, signing=date(2025, 3, 1), groundbreaking=date(2025, 6, 1))
    make_plan(last, year=2025)
    # Signed after the date a year earlier: not in last year's figures.
    make_project(zone_a, signing=date(2025, 12, 1))
    started = make_project(zone_a, signing=date(2026, 2, 1), groundbreaking=date(2026, 5, 1))
    waiting = make_project(zone_a, signing=date(2026, 4, 1))
    for project in (started, waiting):
        make_plan(project, year=2026)


def year_on_year(response) -> dict:
    """figure -> (direction, hover title, value, text) of each tile's 同比 line."""
    assert response.status_code == 200
    return {
        name: (direction, title, value, text)
        for direction, title, _label, value, name, text in YOY.findall(response.content.decode())
    }


def test_each_tile_shows_its_growth_with_last_years_value_on_hover(
    client, alice, zone_a, two_years
):
    client.force_login(alice)

    shown = year_on_year(client.get(reverse("reports:zone", args=[zone_a.pk]), WHEN))

    # Signed: 2 this year against 1: (2 - 1) / 1 = +100 %.
    assert shown["growth.signed_count"] == ("up", "去年同期：1", "1.0", "↑100.0%")
    # Start rate: 1 of 2 = 50 % against 1 of 1 = 100 %: 50 percentage points less.
    assert shown["rate_change.start_rate"] == ("down", "去年同期：100.0%", "-0.5", "↓50.0个百分点")
    # Nothing signed from 10亿 either year: no growth.
    assert shown["growth.signed_count_from_100000"] == ("none", "去年同期：0", "", "—")
    # The same numbers as /api/stats/.
    stats = api(alice).get("/api/stats/", {"zone": zone_a.pk, **WHEN}).json()
    assert stats["growth"]["signing"]["signed_count"] == 1.0
    assert stats["rate_change"]["plan"]["start_rate"] == -0.5


def test_the_year_on_year_line_speaks_english(client, alice, zone_a, two_years):
    client.force_login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("reports:zone", args=[zone_a.pk]), WHEN)

    shown = year_on_year(response)
    assert shown["growth.signed_count"][1] == "Same date last year: 1"
    assert shown["rate_change.start_rate"][3] == "↓50.0 pp"
    assert 'YoY <span class="zt-num"' in response.content.decode()


def test_the_dashboard_answers_the_same_last_year_as_the_api(client, alice, zone_a, two_years):
    client.force_login(alice)
    board = client.get(reverse("reports:zone", args=[zone_a.pk]), WHEN).context["board"]
    stats = api(alice).get("/api/stats/", {"zone": zone_a.pk, **WHEN}).json()
    assert board.stats["last_year"] == stats["last_year"]
    assert board.stats["growth"] == stats["growth"]
