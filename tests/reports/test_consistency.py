"""One honest number: every page of the demo city shows the same value for the same figure.

Each rendered figure carries ``data-figure`` (its name, the same on every page),
``data-value`` (its raw value) and ``data-scope`` ("zone:3", "region:2"). The test renders,
for 镇江新区 and for 镇江市 on one date, the home page, the project list, the dashboards
(region, zone and their wall displays), the ranking, the wall board and the quarterly report,
and asserts that a figure shown in two places has one value.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from devtools.demo import seed_demo
from parks.models import Region, Zone
from projects.choices import Status
from projects.models import Milestone, Project
from reports.figures.ranking import RANKED_METRICS
from supervision.models import Blocker
from tests.builders import make_report
from tests.supervision.makers import make_blocker

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 22)
PERIOD = {"year": 2026, "as_of": "2026-11-22"}


class FigureParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.figures = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-figure" in attrs:
            self.figures.append(
                (attrs.get("data-scope") or "", attrs["data-figure"], attrs.get("data-value"))
            )


def figures_of(html: str) -> list:
    parser = FigureParser()
    parser.feed(html)
    return parser.figures


def normal(value):
    """Values as pages write them (int, "1234.50", 0.6666…) compared to 4 decimals."""
    if value in (None, "", "None"):
        return None
    return Decimal(value).quantize(Decimal("0.0001"))


class Pages:
    def __init__(self, client):
        self.client = client
        # (scope, figure) -> {page: {values}}: twice on one page counts as two places too
        self.seen = defaultdict(lambda: defaultdict(set))

    def read(self, page, url, **params):
        response = self.client.get(url, params, follow=True)
        assert response.status_code == 200, page
        figures = figures_of(response.content.decode())
        assert figures, f"{page} marks no figure"
        for scope, name, value in figures:
            if scope:
                self.seen[scope, name][page].add(normal(value))
        return figures

    def disagreements(self) -> dict:
        return {
            key: dict(pages)
            for key, pages in self.seen.items()
            if len(set().union(*pages.values())) > 1
        }

    def shown_on(self, scope, name) -> set:
        return set(self.seen[scope, name])


@pytest.fixture
def city(frozen_today):
    seed_demo(TODAY)
    zone = Zone.objects.get(code="ZJXQ")
    region = Region.objects.get(code="JS-ZJ")
    # The disagreements the first real use found: a stalled project with an overdue
    # milestone, and a milestone of a project off the year's plan.
    stalled = (
        Milestone.objects.overdue(TODAY)
        .filter(project__zone=zone, project__plan_entries__year=2026)
        .first()
        .project
    )
    stalled.status, stalled.status_reason = Status.STALLED, "用地未交付"
    stalled.save()
    # A project off the year's plan reports investment: the completed-investment target
    # (every project) then differs from the plan's completed investment (the tiles).
    off_plan = (
        Project.objects.filter(zone=zone, milestones__kind="groundbreaking")
        .filter(milestones__actual_on__lte=date(2026, 9, 30))
        .exclude(plan_entries__year=2026)
        .first()
    )
    make_report(off_plan, 10, completed="70")
    # Blockers, so that the supervision figures compared are not all zero: one overdue, one
    # closed late.
    make_blocker(project=stalled, deadline=date(2026, 11, 10))
    late = make_blocker(project=off_plan, deadline=date(2026, 11, 5))
    Blocker.objects.filter(pk=late.pk).update(status="closed", closed_on=date(2026, 11, 12))
    return zone, region


def render_every_page(client, django_user_model, zone, region) -> Pages:
    pages = Pages(client)
    client.force_login(django_user_model.objects.get(username="official_zjxq"))
    pages.read("home (official)", reverse("home"))
    pages.read("project list (zone)", reverse("projects:list"), zone=zone.pk)
    pages.read("zone dashboard (official)", reverse("reports:zone", args=[zone.pk]), **PERIOD)
    pages.read("wall board", reverse("reports:wallboard", args=[zone.pk]), **PERIOD)
    client.force_login(django_user_model.objects.get(username="leader"))
    # Leadership's home is its region's dashboard.
    pages.read("home (leadership)", reverse("home"))
    pages.read("project list (region)", reverse("projects:list"), region=region.pk)
    pages.read("region dashboard", reverse("reports:region", args=[region.pk]), **PERIOD)
    pages.read("region screen", reverse("reports:region_screen", args=[region.pk]), **PERIOD)
    pages.read("zone dashboard", reverse("reports:zone", args=[zone.pk]), **PERIOD)
    pages.read("zone screen", reverse("reports:zone_screen", args=[zone.pk]), **PERIOD)
    for metric in RANKED_METRICS:
        pages.read(
            f"ranking ({metric})",
            reverse("reports:ranking"),
            metric=metric,
            region=region.pk,
            **PERIOD,
        )
    pages.read("quarterly (zone)", reverse("reports:quarterly"), zone=zone.pk)
    pages.read("quarterly (region)", reverse("reports:quarterly"), region=region.pk)
    return pages


def test_every_figure_shown_on_two_pages_has_one_value(client, django_user_model, city, settings):
    zone, region = city
    pages = render_every_page(client, django_user_model, zone, region)
    assert pages.disagreements() == {}
    # The comparisons the issue asked for did take place.
    z, r = f"zone:{zone.pk}", f"region:{region.pk}"
    assert {
        "home (official)",
        "zone dashboard",
        "zone screen",
        "region dashboard",
    } <= pages.shown_on(z, "overdue_milestones")
    assert {"zone dashboard", "region dashboard", "ranking (completed_investment)"} <= (
        pages.shown_on(z, "completed_investment")
    )
    assert {"zone dashboard", "quarterly (zone)"} <= pages.shown_on(z, "completed_investment")
    assert {"region dashboard", "quarterly (region)", "home (leadership)"} <= pages.shown_on(
        r, "completed_investment"
    )
    assert {"zone dashboard", "project list (zone)", "region dashboard"} <= pages.shown_on(
        z, "project_count"
    )
    assert {"region dashboard", "project list (region)"} <= pages.shown_on(r, "project_count")
    for name in ("start_rate", "signed_count", "signed_count_from_10000"):
        assert len(pages.shown_on(z, name)) >= 3, name
    assert pages.shown_on(z, "key_projects_overdue_milestones.groundbreaking") == {"wall board"}
    # The blocker figures: both dashboards of the zone and the wall display (the values are
    # compared with /api/stats/ in tests/reports/dashboards/test_dashboard_supervision.py).
    for name in ("blockers_open", "blockers_overdue", "closed_on_time_rate"):
        assert {"zone dashboard (official)", "zone dashboard", "zone screen"} <= pages.shown_on(
            z, f"supervision.{name}"
        ), name
        assert {"region dashboard", "region screen", "home (leadership)"} <= pages.shown_on(
            r, f"supervision.{name}"
        ), name


def test_the_two_completed_investments_carry_different_names_and_tooltips(
    client, django_user_model, city
):
    zone, _region = city
    client.force_login(django_user_model.objects.get(username="official_zjxq"))
    html = client.get(reverse("reports:zone", args=[zone.pk]), PERIOD).content.decode()
    names = {name for _scope, name, _value in figures_of(html)}
    assert {"completed_investment", "target_actual.completed_investment"} <= names
    assert "计划项目完成投资" in html
    assert "全部项目完成投资（目标口径）" in html
    assert 'title="当年年度重点项目计划内项目的完成投资' in html
    assert 'title="全区所有项目当年的完成投资' in html
