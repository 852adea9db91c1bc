"""The quarterly report's 同比增长 line, on the page and in the workbook, worked by hand.

Zone A, 2026 Q4 as of today (2026-11-22), against 2025-11-22:
- signed: 2026 two projects (February and April), 2025 one (March; the one signed on
  2025-12-01 is after the date a year earlier): growth (2 - 1) / 1 = 100 %;
- start rate: 2026 one of two new starts (50 %), 2025 one of one (100 %): 50 points less;
- planned investment: 2026 2 × 1000, 2025 1000: growth 100 %;
- groundbreakings: 2026 one (May), 2025 one (June): growth 0 %;
- completions: none either year: no growth ("—").
"""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.quarterly.report import COLUMNS
from tests.builders import make_plan, make_project

pytestmark = pytest.mark.usefixtures("frozen_today")
Q4 = {"year": 2026, "quarter": 4}


@pytest.fixture
def two_years(zone_a):
    last = make_project(zone_a, signing=date(2025, 3, 1), groundbreaking=date(2025, 6, 1))
    make_plan(last, year=2025)
    make_project(zone_a, signing=date(2025, 12, 1))
    started = make_project(zone_a, signing=date(2026, 2, 1), groundbreaking=date(2026, 5, 1))
    waiting = make_project(zone_a, signing=date(2026, 4, 1))
    for project in (started, waiting):
        make_plan(project, year=2026)


def test_the_page_shows_last_years_total_and_the_growth(client, alice, zone_a, two_years):
    client.force_login(alice)

    response = client.get(reverse("reports:quarterly"), {"zone": zone_a.pk, **Q4})

    report = response.context["report"]
    assert report.last_year_period.as_of == date(2025, 11, 22)
    assert report.last_year.figures.signed_count == 1
    changes = {column.figure: change for column, change in report.changes}
    assert changes["signed_count"] == 1.0
    assert changes["start_rate"] == -0.5
    assert changes["planned_investment"] == 1.0
    assert changes["groundbreaking"] == 0.0
    assert changes["completion"] is None
    html = response.content.decode()
    scope = f'data-scope="zone:{zone_a.pk}"'
    assert f'{scope} data-value="1.0" data-figure="growth.signed_count">↑100.0%' in html
    assert f'{scope} data-value="-0.5" data-figure="rate_change.start_rate">↓50.0个百分点' in html
    assert f'{scope} data-value="" data-figure="growth.completion">—' in html
    assert "去年同期 <span" in html and "同比增长" in html


def test_the_workbook_has_last_years_total_the_growth_and_a_note(client, alice, zone_a, two_years):
    client.force_login(alice)

    response = client.get(reverse("reports:quarterly_excel"), {"zone": zone_a.pk, **Q4})

    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(min_row=5))
    _zone, _total, last, growth, note = rows

    def cell(row, figure):
        return row[2 + [c.figure for c in COLUMNS].index(figure)]

    assert last[1].value == "去年同期（2025-11-22）"
    assert cell(last, "signed_count").value == 1
    assert growth[1].value == "同比增长"
    # A growth is a fraction shown as a percentage, a rate's change in percentage points.
    assert (cell(growth, "signed_count").value, cell(growth, "signed_count").number_format) == (
        1.0,
        "0.0%",
    )
    assert cell(growth, "start_rate").value == -50.0
    assert cell(growth, "completion").value is None
    assert note[1].value.startswith("同比增长：")
