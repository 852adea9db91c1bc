"""Time the ORM paths against the hand-written SQL on the same data, after checking that both
give the same numbers: /api/stats/ for everything, the snapshot job, the ranking endpoint.
"""

import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from investment.models import AnnualPlanEntry, InvestmentReport, LandParcel, Target
from parks.models import Region, Zone
from projects.models import AttractionTeam, Milestone, Project
from reports.figures.period import Period
from reports.figures.snapshots import store_snapshots
from reports.models import Snapshot
from supervision.models import Blocker, Notice, ProgressUpdate

from . import sql

SIZES = [
    ("zones", Zone),
    ("regions", Region),
    ("projects", Project),
    ("milestones", Milestone),
    ("plan entries", AnnualPlanEntry),
    ("monthly reports", InvestmentReport),
    ("targets", Target),
    ("attraction teams", AttractionTeam),
    ("progress updates", ProgressUpdate),
    ("blockers", Blocker),
    ("notices", Notice),
    ("land parcels", LandParcel),
]


@dataclass(frozen=True)
class Measure:
    name: str
    seconds: float
    sql_seconds: float
    queries: int

    @property
    def ratio(self) -> float:
        return self.seconds / self.sql_seconds


def data_size() -> dict:
    return {name: model._default_manager.count() for name, model in SIZES}


def best_of(repeat, action):
    """The fastest of ``repeat`` timed runs (after one untimed run to warm the caches)."""
    result = action()
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
    return best, result


def queries_of(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


def benchmark(period: Period, repeat: int = 3) -> list[Measure]:
    client = APIClient(SERVER_NAME="localhost")
    admin, _created = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    client.force_authenticate(admin)
    when = {"year": period.year, "as_of": period.as_of.isoformat()}

    def stats():
        response = client.get("/api/stats/", when)
        if response.status_code != 200:
            raise CommandError(f"/api/stats/ answered {response.status_code}")
        return response.json()

    def ranking():
        response = client.get(
            "/api/stats/ranking/", {**when, "metric": "start_rate", "page_size": 500}
        )
        if response.status_code != 200:
            raise CommandError(f"/api/stats/ranking/ answered {response.status_code}")
        return response.json()

    measures = []
    seconds, api = best_of(repeat, stats)
    sql_seconds, by_sql = best_of(repeat, lambda: sql.stats_with_last_year_by_sql(period))
    _same_stats(api, by_sql)
    measures.append(
        Measure("/api/stats/ (everything, as admin)", seconds, sql_seconds, queries_of(stats))
    )

    seconds, _rows = best_of(repeat, lambda: store_snapshots(period.as_of))
    sql_seconds, by_sql = best_of(repeat, lambda: sql.zones_by_sql(period))
    _same_snapshots(period, by_sql)
    measures.append(
        Measure(
            "snapshot job (every zone and region, stored)",
            seconds,
            sql_seconds,
            queries_of(lambda: store_snapshots(period.as_of)),
        )
    )

    seconds, ranked = best_of(repeat, ranking)
    sql_seconds, by_sql = best_of(repeat, lambda: sql.ranking_by_sql(period))
    _same_ranking(ranked, by_sql)
    measures.append(
        Measure("/api/stats/ranking/ (start_rate)", seconds, sql_seconds, queries_of(ranking))
    )
    return measures


def _differ(what, mine, theirs):
    raise CommandError(f"The ORM and the hand-written SQL differ on {what}:\n{mine}\n{theirs}")


def shared(mine, theirs):
    """``mine`` cut down to what the hand-written SQL computes (``theirs``' keys, item by
    item): the ORM answers figures added after the SQL was written (按期竣工率, 投产达效率,
    资金到位率, last year's team scores) on top, which the SQL does not repeat."""
    if isinstance(mine, dict) and isinstance(theirs, dict):
        return {key: shared(mine.get(key), value) for key, value in theirs.items()}
    if isinstance(mine, list) and isinstance(theirs, list) and len(mine) == len(theirs):
        return [shared(a, b) for a, b in zip(mine, theirs, strict=True)]
    return mine


def _same_figures(what, figures, by_sql):
    for section in ("plan", "signing", "milestones"):
        if shared(figures[section], by_sql[section]) != by_sql[section]:
            _differ(f"{what} {section}", figures[section], by_sql[section])


def _target_actuals(targets) -> dict:
    return {t["id"]: [quarter["actual"] for quarter in t["quarters"]] for t in targets}


def _same_stats(api, by_sql):
    _same_figures("stats", api, by_sql)
    _same_figures("stats last year", api["last_year"], by_sql["last_year"])
    for year in (api, api["last_year"]):
        theirs = by_sql if year is api else by_sql["last_year"]
        for section in ("land", "funds"):
            if shared(year[section], theirs[section]) != theirs[section]:
                _differ(f"stats {section}", year[section], theirs[section])
    if _target_actuals(api["targets"]) != by_sql["targets"]:
        _differ("target actuals", len(api["targets"]), len(by_sql["targets"]))


def _same_snapshots(period, by_sql):
    empty = sql._figures(None, None, None, None)
    targets = {}
    snapshots = Snapshot.objects.filter(date=period.as_of, year=period.year, zone__isnull=False)
    for zone_id, figures in snapshots.values_list("zone_id", "figures"):
        _same_figures(f"zone {zone_id}", figures, by_sql["zones"].get(zone_id, empty))
        targets.update(_target_actuals(figures["targets"]))
    if targets != by_sql["targets"]:
        _differ("snapshot target actuals", len(targets), len(by_sql["targets"]))


def _same_ranking(ranked, by_sql):
    mine = [(row["code"], row["rank"], row["value"]) for row in ranked["results"]]
    theirs = [
        (code, rank, float(value) if value is not None else None)
        for code, rank, value in by_sql[: len(mine)]
    ]
    if mine != theirs:
        _differ("the ranking", mine[:5], theirs[:5])
