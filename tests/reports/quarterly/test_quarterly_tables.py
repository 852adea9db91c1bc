"""The quarterly page's tables, written once in Python (``reports.quarterly.tables``): each cell
is what the template filters and the ``figure_attrs`` tag wrote, names are escaped, and a
target row's numbers are rounded once for the page and the workbook.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from parks.models import Zone
from reports.quarterly.report import TargetLine
from reports.templatetags.dashboard import figure, year_on_year
from reports.templatetags.figures import figure_attrs
from tests.reports.dashboard_data import build_city

pytestmark = pytest.mark.usefixtures("frozen_today")
PAGE = reverse("reports:quarterly")
Q4 = {"year": 2026, "quarter": 4}


@pytest.fixture
def page(client, dave, city, zone_a, zone_b):
    build_city(zone_a, zone_b)
    client.force_login(dave)
    response = client.get(PAGE, {"region": city.pk, **Q4})
    assert response.status_code == 200
    return response.context["report"], response.content.decode()


def shown(value, column):
    """A cell as the dashboards' filters write it: money in its column's unit."""
    return column.unit.format(value) if column.kind == "money" else figure(value, column.kind)


def test_each_figure_is_the_filters_text_with_the_figures_marks(page):
    report, html = page
    for line in report.zones:
        for column, value in line.values:
            marks = figure_attrs(column.figure, value, "zone", line.zone_id)
            cell = f'<td class="text-end"{marks}>{escape(shown(value, column))}</td>'
            assert cell in html
    for column, value in report.total.values:
        marks = figure_attrs(column.figure, value, report.scope)
        assert f'<td class="text-end"{marks}>{escape(shown(value, column))}</td>' in html
    for column, change in report.changes:
        marks = figure_attrs(column.change_figure, change, report.scope)
        text = escape(year_on_year(change, column.kind))
        assert f'<td class="text-end"{marks}>{text}</td>' in html
    # The 2 zones' lines, the total's and the growth's are marked, one cell per column each.
    figures = html[html.index('id="quarterly-figures"') : html.index('id="yoy-note"')]
    assert figures.count("data-figure=") == (len(report.zones) + 2) * len(report.columns)


def test_names_are_escaped(client, dave, city, zone_a, zone_b):
    build_city(zone_a, zone_b)
    Zone.objects.filter(pk=zone_a.pk).update(name='A & <b>"1"</b>')
    client.force_login(dave)
    html = client.get(PAGE, {"region": city.pk, **Q4}).content.decode()
    assert "<b>" not in html
    assert "A &amp; &lt;b&gt;&quot;1&quot;&lt;/b&gt;" in html


def test_a_target_rows_numbers_are_rounded_once_for_the_page_and_the_workbook():
    # 15亿 for the year reaches 1亿: the row is in 亿元. 12,345.675万 is 1.23亿 (half up from
    # 1.2345675), 112,500.5万 due is 11.25亿 (from 11.25005).
    money = TargetLine(
        "A",
        "completed_investment",
        Decimal(0),
        Decimal("150000.00"),
        [(Decimal("37500.00"), Decimal("12345.675"))],
        Decimal("12345.675"),
        Decimal("112500.50"),
        0.0823,
        "behind",
    )
    assert money.numbers == {
        "annual": Decimal("15.00"),
        "quarters": [(Decimal("3.75"), Decimal("1.23")), None, None, None],
        "expected": Decimal("11.25"),
    }
    assert money.texts == {
        "annual": "15.00",
        "quarters": [("3.75", "1.23", True), None, None, None],
        "expected": "11.25",
    }
    # A count in whole projects, half up: 58.5 due is 59; 1,234 projects with a separator.
    count = TargetLine(
        "A",
        "signed_count",
        Decimal(0),
        Decimal("1234.00"),
        [(Decimal("10.00"), Decimal("12.00")), (Decimal("58.50"), Decimal("40.00"))],
        Decimal("40.00"),
        Decimal("58.50"),
        0.0324,
        "behind",
    )
    assert count.numbers == {
        "annual": 1234,
        "quarters": [(10, 12), (59, 40), None, None],
        "expected": 59,
    }
    assert count.texts == {
        "annual": "1,234",
        "quarters": [("10", "12", False), ("59", "40", True), None, None],
        "expected": "59",
    }
