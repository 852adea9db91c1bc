"""The dashboards' progress updates per zone (due, missing, late), worked by hand on
2026-11-22, each number linking to the key projects behind it."""

import re
from datetime import date

import pytest
from django.urls import reverse

from tests.builders import api
from tests.reports.test_consistency import figures_of
from tests.supervision.test_update_figures import key_project, report

pytestmark = pytest.mark.usefixtures("frozen_today")  # 2026-11-22
WHEN = {"year": 2026, "as_of": "2026-11-22"}


@pytest.fixture
def rounds(zone_a, zone_b):
    """Zone A: three weekly key projects, one reported this week, one late for last week, one
    with nothing. Zone B: one monthly key project, late for October and not yet reported for
    November."""
    on_time = key_project(zone_a, "weekly", code="A-OK")
    report(on_time, date(2026, 11, 16), at="2026-11-17 09:00 +0800")
    late = key_project(zone_a, "weekly", code="A-LATE")
    report(late, date(2026, 11, 9), at="2026-11-17 09:00 +0800")
    key_project(zone_a, "weekly", code="A-NONE")
    report(
        key_project(zone_b, "monthly", code="B-LATE"),
        date(2026, 10, 1),
        at="2026-11-05 09:00 +0800",
    )


def table(response) -> dict:
    """(scope, figure) -> raw value of the update table's cells."""
    assert response.status_code == 200
    return {
        (where, name.removeprefix("supervision.")): value
        for where, name, value in figures_of(response.content.decode())
        if where.startswith("zone:") and name.startswith("supervision.updates_")
    }


def cell_urls(response, zone) -> dict:
    html = response.content.decode()
    found = re.findall(
        rf'data-scope="zone:{zone.pk}" data-value="\d+" '
        r'data-figure="supervision\.(updates_[a-z]+)"><a href="([^"]+)"',
        html,
    )
    return {name: url.replace("&amp;", "&") for name, url in found}


def codes(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return sorted(p.code for p in response.context["page"])


def test_the_region_dashboard_counts_updates_per_zone(client, dave, city, zone_a, zone_b, rounds):
    client.force_login(dave)
    response = client.get(reverse("reports:region", args=[city.pk]), WHEN)
    a, b = f"zone:{zone_a.pk}", f"zone:{zone_b.pk}"
    assert table(response) == {
        (a, "updates_due"): "3",
        (a, "updates_missing"): "2",
        (a, "updates_late"): "1",
        (b, "updates_due"): "1",
        (b, "updates_missing"): "1",
        (b, "updates_late"): "1",
    }
    # The region's total row adds the zones up, as /api/stats/ says.
    stats = api(dave).get("/api/stats/", {"region": city.pk, **WHEN}).json()["supervision"]
    assert (stats["updates_due"], stats["updates_missing"], stats["updates_late"]) == (4, 3, 2)
    region = {
        name: value
        for where, name, value in figures_of(response.content.decode())
        if where == f"region:{city.pk}" and name.startswith("supervision.updates_")
    }
    assert region == {
        "supervision.updates_due": "4",
        "supervision.updates_missing": "3",
        "supervision.updates_late": "2",
    }
    assert f'href="/rounds/?zone={zone_a.pk}"' in response.content.decode()


def test_each_number_links_to_the_key_projects_it_counts(client, dave, city, zone_a, rounds):
    client.force_login(dave)
    urls = cell_urls(client.get(reverse("reports:region", args=[city.pk]), WHEN), zone_a)
    assert codes(client, urls["updates_due"]) == ["A-LATE", "A-NONE", "A-OK"]
    assert codes(client, urls["updates_missing"]) == ["A-LATE", "A-NONE"]
    assert codes(client, urls["updates_late"]) == ["A-LATE"]


def test_the_zone_dashboard_shows_its_own_row_as_api_stats(client, alice, zone_a, rounds):
    client.force_login(alice)
    response = client.get(reverse("reports:zone", args=[zone_a.pk]), WHEN)
    stats = api(alice).get("/api/stats/", {"zone": zone_a.pk, **WHEN}).json()["supervision"]
    a = f"zone:{zone_a.pk}"
    assert table(response) == {
        (a, name): str(stats[name]) for name in ("updates_due", "updates_missing", "updates_late")
    }
