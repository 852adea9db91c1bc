"""A region dashboard's zone tables (breakdown, land and funds, progress updates), written once
in Python (``reports.dashboards.tables``): each cell is what the template filters and the
``figure_attrs`` tag wrote, with the same links, and names are escaped."""

from datetime import date
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils.html import escape

from parks.models import Zone
from reports.dashboards.links import ProjectLinks, reverser
from reports.figures.period import Period
from reports.templatetags.dashboard import column_unit, figure, two_places
from reports.templatetags.figures import figure_attrs
from tests.reports.dashboard_data import WHEN, build_city

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def page(client, dave, city, zone_a, zone_b):
    build_city(zone_a, zone_b)
    client.force_login(dave)
    response = client.get(reverse("reports:region", args=[city.pk]), WHEN)
    assert response.status_code == 200
    return response.context["board"], response.content.decode()


def td(name, value, row, content, start='<td class="text-end"'):
    return f"{start}{figure_attrs(name, value, row)}>{content}</td>"


def test_each_breakdown_cell_is_the_filters_text_with_the_figures_marks(page):
    board, html = page
    assert len(board.zones) == 2
    # Sums in their column's unit (亿元 once one reaches 1亿), which the header says.
    signed_unit = column_unit(board.zones, "figures.signed_investment")
    done_unit = column_unit(board.zones, "figures.completed_investment")
    for row in board.zones:
        f, links, funnel = row.figures, row.links, row.funnel
        signed, plan = escape(links.signed()), escape(links.plan())
        assert f'<tr data-zone="{row.pk}"><th scope="row" class="fw-normal">' in html
        assert f'<a href="{row.dashboard_url}?{escape(urlencode(WHEN))}"' in html
        assert (
            td("signed_count", f.signed_count, row, f'<a href="{signed}">{f.signed_count}</a>')
            in html
        )
        money = escape(signed_unit.format(f.signed_investment))
        content = f'<a href="{signed}">{money}</a>'
        assert td("signed_investment", f.signed_investment, row, content) in html
        money = escape(done_unit.format(f.completed_investment))
        content = f'<a href="{plan}">{money}</a>'
        assert td("completed_investment", f.completed_investment, row, content) in html
        rate = escape(figure(f.start_rate, "rate"))
        title = f"{f.started_new} / {f.planned_new}"
        assert (
            td("start_rate", f.start_rate, row, f'<a href="{plan}" title="{title}">{rate}</a>')
            in html
        )
        rate = escape(figure(f.start_or_resume_rate, "rate"))
        assert (
            td("start_or_resume_rate", f.start_or_resume_rate, row, f'<a href="{plan}">{rate}</a>')
            in html
        )
        danger = " text-danger" if row.behind_time else ""
        rate = escape(figure(f.investment_completion_rate, "rate"))
        start = f'<td class="text-end{danger}"'
        assert (
            td("investment_completion_rate", f.investment_completion_rate, row, rate, start) in html
        )
        for name, step, url in (
            ("project_count", "projects", links.all()),
            ("reached_groundbreaking", "groundbreaking", links.reached_groundbreaking),
            ("reached_production", "production", links.reached_production),
        ):
            content = f'<a href="{escape(url)}">{funnel[step]}</a>'
            assert td(name, funnel[step], row, content) in html
        if row.overdue:
            period = links.period
            url = f"{row.wallboard_url}?overdue=on&amp;year={period.year}&amp;as_of={period.as_of}"
            content = f'<a class="text-danger fw-semibold" href="{url}">{row.overdue}</a>'
        else:
            content = "0"
        assert td("overdue_milestones", row.overdue, row, content) in html
        for color in ("red", "yellow"):
            count = row.lights[color]
            start = f'<td class="text-end" data-lights="{color}"'
            assert f"{start}{figure_attrs(f'lights.{color}', count, row)}>" in html
        badges = (
            "".join(
                f'<span class="badge zt-status-{status}" title="{escape(label)}">{count}</span> '
                for status, label, count in row.target_counts
            )
            or '<span class="text-body-secondary">—</span>'
        )
        assert f'<td class="text-nowrap">{badges}</td></tr>' in html
    # 2 zones and the city's own row in its sub-region table (none): 12 marked cells a zone.
    zones = html[
        html.index('id="zone-table"') : html.index("</table>", html.index('id="zone-table"'))
    ]
    assert zones.count("data-figure=") == 12 * len(board.zones)


def test_each_land_funds_and_update_cell_is_the_filters_text_with_the_figures_marks(page):
    board, html = page
    for zone, land, funds in board.resources:
        assert f'<a href="{reverse("reports:zone", args=[zone["pk"]])}">' in html
        for name, value in (
            ("land.parcels_identified", land.parcels_identified),
            ("land.parcels_revitalized", land.parcels_revitalized),
        ):
            assert td(name, value, f"zone:{zone['pk']}", value) in html
        for name, value in (
            ("land.mu_identified", land.mu_identified),
            ("funds.domestic", funds.domestic),
            ("funds.foreign_usd", funds.foreign_usd),
        ):
            assert td(name, value, f"zone:{zone['pk']}", escape(two_places(value))) in html
    for row in board.updates:
        assert f'<a href="{escape(row.round_url)}">{row.name}</a>' in html
        for name, value, url in row.cells:
            content = f'<a href="{escape(url)}">{value}</a>' if value else value
            start = '<td class="text-end zt-num"'
            assert td(name, value, f"zone:{row.zone}", content, start) in html


def test_names_are_escaped(client, dave, city, zone_a, zone_b):
    build_city(zone_a, zone_b)
    Zone.objects.filter(pk=zone_a.pk).update(name='A & <b>"1"</b>')
    client.force_login(dave)
    html = client.get(reverse("reports:region", args=[city.pk]), WHEN).content.decode()
    assert "<b>" not in html
    # In the breakdown, the land and funds and the updates tables.
    assert html.count("A &amp; &lt;b&gt;&quot;1&quot;&lt;/b&gt;</a>") >= 3


def test_links_are_the_urls_the_filters_gave(db):
    period = Period(2026, date(2026, 11, 22))
    links = ProjectLinks(period, zone=3, park=None)
    base = reverse("projects:list")
    assert links.url() == f"{base}?zone=3"
    assert links.url(light="red", stage=None) == f"{base}?{urlencode({'zone': 3, 'light': 'red'})}"
    # A parameter of the place's own name takes the place's position, the parameter's value.
    assert links.url(zone=4, light="red") == f"{base}?zone=4&light=red"
    assert ProjectLinks(period).url(light="red") == f"{base}?light=red"
    assert ProjectLinks(period).url() == base
    assert reverser("reports:zone")(17) == reverse("reports:zone", args=[17])
    assert reverser("reports:wallboard")(5) == reverse("reports:wallboard", args=[5])
