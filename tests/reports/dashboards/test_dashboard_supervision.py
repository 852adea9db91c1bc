"""The supervision row of the region and zone dashboards: the blocker figures of /api/stats/,
worked by hand, each linking to the 督办 list of the blockers behind it.

As of 2026-11-22 (blockers of conftest's zones A and B, city 镇江市):

| blocker | zone | category | raised | deadline | status | closed |
| --- | --- | --- | --- | --- | --- | --- |
| 用地 | A | land | 2026-11-01 | 2026-11-10 | open | |
| 资金 | A | funding | 2026-11-15 | 2026-11-30 | in progress | |
| 准时 | A | land | 2026-06-01 | 2026-06-30 | closed | 2026-06-10 (9 days, on time) |
| 迟办 | A | utilities | 2026-07-01 | 2026-07-31 | closed | 2026-08-20 (50 days, late) |
| 去年 | A | land | 2025-11-01 | 2025-11-30 | closed | 2025-11-20 (last year) |
| 乙区 | B | funding | 2026-10-01 | 2026-10-15 | open | |

Zone A: open 2, overdue 1 (用地), closed 2, on time 1/2 = 0.5, median of 9 and 50 = 29.5.
The city: open 3, overdue 2 (用地, 乙区), closed 2, 0.5, 29.5.
"""

import re
from datetime import date

import pytest
from django.urls import reverse

from supervision.models import Blocker
from tests.builders import api
from tests.reports.dashboard_data import WHEN
from tests.reports.test_consistency import figures_of
from tests.supervision.makers import make_blocker

pytestmark = pytest.mark.usefixtures("frozen_today")

NAMES = (
    "blockers_open",
    "blockers_overdue",
    "blockers_closed",
    "closed_on_time_rate",
    "median_days_to_close",
)


def blocker(zone, title, category, raised, deadline, status="open", closed_on=None):
    made = make_blocker(zone, title=title, category=category, raised_on=raised, deadline=deadline)
    # The statuses are set directly: the transitions and their rights are tested elsewhere.
    Blocker.objects.filter(pk=made.pk).update(status=status, closed_on=closed_on)


@pytest.fixture
def blockers(zone_a, zone_b):
    blocker(zone_a, "用地", "land", date(2026, 11, 1), date(2026, 11, 10))
    blocker(zone_a, "资金", "funding", date(2026, 11, 15), date(2026, 11, 30), "in_progress")
    blocker(
        zone_a, "准时", "land", date(2026, 6, 1), date(2026, 6, 30), "closed", date(2026, 6, 10)
    )
    blocker(
        zone_a,
        "迟办",
        "utilities",
        date(2026, 7, 1),
        date(2026, 7, 31),
        "closed",
        date(2026, 8, 20),
    )
    blocker(
        zone_a, "去年", "land", date(2025, 11, 1), date(2025, 11, 30), "closed", date(2025, 11, 20)
    )
    blocker(zone_b, "乙区", "funding", date(2026, 10, 1), date(2026, 10, 15))


def shown(response, scope) -> dict:
    """The supervision figures the page marks for ``scope``, by name, as their raw values."""
    assert response.status_code == 200
    return {
        name.removeprefix("supervision."): value
        for where, name, value in figures_of(response.content.decode())
        if where == scope and name.startswith("supervision.")
    }


def from_stats(stats) -> dict:
    section = stats["supervision"]
    values = {name: section[name] for name in NAMES}
    for row in section["by_category"]:
        for name in ("blockers_open", "blockers_overdue", "blockers_closed"):
            values[f"by_category.{row['category']}.{name}"] = row[name]
    for name in ("updates_due", "updates_missing", "updates_late"):  # the zone's update row
        values[name] = section[name]
    return {name: "" if value is None else str(value) for name, value in values.items()}


def test_the_zone_dashboard_shows_the_blocker_figures_of_api_stats(client, alice, zone_a, blockers):
    client.force_login(alice)
    figures = shown(
        client.get(reverse("reports:zone", args=[zone_a.pk]), WHEN), f"zone:{zone_a.pk}"
    )
    stats = api(alice).get("/api/stats/", {"zone": zone_a.pk, **WHEN}).json()
    assert figures == from_stats(stats)
    assert [figures[name] for name in NAMES] == ["2", "1", "2", "0.5", "29.5"]
    assert figures["by_category.land.blockers_open"] == "1"
    assert figures["by_category.land.blockers_closed"] == "1"  # not last year's
    assert figures["by_category.utilities.blockers_closed"] == "1"
    assert figures["by_category.funding.blockers_overdue"] == "0"


def test_the_region_dashboard_shows_the_blocker_figures_of_api_stats(client, dave, city, blockers):
    client.force_login(dave)
    response = client.get(reverse("reports:region", args=[city.pk]), WHEN)
    figures = shown(response, f"region:{city.pk}")
    stats = api(dave).get("/api/stats/", {"region": city.pk, **WHEN}).json()
    assert figures == from_stats(stats)
    assert [figures[name] for name in NAMES] == ["3", "2", "2", "0.5", "29.5"]
    assert figures["by_category.funding.blockers_overdue"] == "1"
    body = response.content.decode()
    assert (
        "按期办结率" in body and "50.0%" in body and "30天" in body
    )  # 29.5 shown to the day, half up


def links(response) -> dict:
    """The URL of each supervision tile, by its figure name."""
    html = response.content.decode()
    found = re.findall(
        r'data-figure="supervision\.([a-z_]+)">\s*<div class="card-body">\s*'
        r'<div class="zt-kpi-label">[^<]*</div>\s*'
        r'<div class="zt-kpi-value zt-num"><a href="([^"]+)"',
        html,
    )
    return {name: url.replace("&amp;", "&") for name, url in found}


def listed(client, url) -> list:
    response = client.get(url)
    assert response.status_code == 200
    return sorted(blocker.title for blocker in response.context["page"])


def test_each_tile_links_to_the_blockers_it_counts(client, dave, city, zone_a, blockers):
    client.force_login(dave)
    region = links(client.get(reverse("reports:region", args=[city.pk]), WHEN))
    assert set(region) == set(NAMES)
    assert region["blockers_open"] == f"/blockers/?region={city.pk}&status=pending"
    assert listed(client, region["blockers_open"]) == ["乙区", "用地", "资金"]
    assert listed(client, region["blockers_overdue"]) == ["乙区", "用地"]
    assert listed(client, region["blockers_closed"]) == ["准时", "迟办"]
    assert region["closed_on_time_rate"] == region["blockers_closed"]
    zone = links(client.get(reverse("reports:zone", args=[zone_a.pk]), WHEN))
    assert listed(client, zone["blockers_open"]) == ["用地", "资金"]
    assert listed(client, zone["blockers_overdue"]) == ["用地"]


def test_a_category_links_to_its_blockers_and_a_zero_links_nowhere(client, dave, city, blockers):
    client.force_login(dave)
    html = client.get(reverse("reports:region", args=[city.pk]), WHEN).content.decode()
    url = f"/blockers/?region={city.pk}&amp;status=pending&amp;category=funding"
    assert f'<a href="{url}">2</a>' in html
    assert listed(client, url.replace("&amp;", "&")) == ["乙区", "资金"]
    assert 'data-figure="supervision.by_category.approvals.blockers_open">0</td>' in html


def test_without_blockers_the_rate_and_median_are_blank(client, alice, zone_a):
    client.force_login(alice)
    response = client.get(reverse("reports:zone", args=[zone_a.pk]), WHEN)
    figures = shown(response, f"zone:{zone_a.pk}")
    assert [figures[name] for name in NAMES] == ["0", "0", "0", "", ""]
