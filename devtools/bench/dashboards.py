"""Time each leadership page against the /api/stats/ call of the same scope (SPEC section 11:
a dashboard renders in under 2× the time of its stats call), with its query count.
"""

import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from parks.models import Region, Zone
from reports.figures.period import Period

GOAL = 2.0


@dataclass(frozen=True)
class PageMeasure:
    name: str
    seconds: float
    stats_seconds: float
    queries: int

    @property
    def ratio(self) -> float:
        return self.seconds / self.stats_seconds


def _timed(repeat, action) -> float:
    action()  # warm the caches
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def _get(client, url, params):
    def action():
        response = client.get(url, params)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        return response

    return action


def _queries(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


def dashboard_ratios(period: Period, repeat: int = 3) -> list[PageMeasure]:
    """Each page as an administrator sees it, against the stats call of the same scope:
    everything, a top region (a province at national scale) and one of its zones.
    """
    admin, _created = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client(SERVER_NAME="localhost")
    client.force_login(admin)
    when = {"year": period.year, "as_of": period.as_of.isoformat()}
    # The first zone (by region path and code) and the top region above it.
    zone = Zone.objects.select_related("region").order_by("region__path", "code").first()
    if zone is None:
        return []
    top = zone.region.path.strip("/").split("/")[0]
    region = Region.objects.get(path=f"/{top}/")
    quarter = {"year": period.year, "quarter": (period.as_of.month - 1) // 3 + 1}
    pages = [
        ("everything", "/dashboard/", when, {}),
        (f"region {region.code}", f"/dashboard/region/{region.pk}/", when, {"region": region.pk}),
        (f"zone {zone.code}", f"/dashboard/zone/{zone.pk}/", when, {"zone": zone.pk}),
        (f"wall display {region.code}", f"/dashboard/region/{region.pk}/screen/", when,
         {"region": region.pk}),
        (f"ranking {region.code}", "/ranking/", {**when, "region": region.pk},
         {"region": region.pk}),
        (f"wall board {zone.code}", f"/wallboard/zone/{zone.pk}/", when, {"zone": zone.pk}),
        (f"quarterly {region.code}", "/quarterly/", {**quarter, "region": region.pk},
         {"region": region.pk}),
    ]  # fmt: skip
    measures = []
    for name, url, params, scope in pages:
        page = _get(client, url, params)
        stats = _get(client, "/api/stats/", {**when, **scope})
        measures.append(
            PageMeasure(name, _timed(repeat, page), _timed(repeat, stats), _queries(page))
        )
    return measures


def report(measures: list[PageMeasure], write):
    title = "page (against /api/stats/ of its scope)"
    write(f"{title:48} {'page':>9} {'stats':>9} {'ratio':>6} {'queries':>8}")
    for measure in measures:
        flag = "" if measure.ratio <= GOAL else f"  (goal ≤ {GOAL})"
        write(
            f"{measure.name:48} {measure.seconds:8.3f}s {measure.stats_seconds:8.3f}s "
            f"{measure.ratio:6.2f} {measure.queries:8d}{flag}"
        )
