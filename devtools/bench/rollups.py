"""Issue 14's goals, as ratios measured in the same run: the reads of today's figures from the
rollups against a single-project GET (/api/projects/{id}/), the snapshot job and the recompute
of every zone against the hand-written SQL, and two writes with and without the tracking that
keeps the rollups (``reports.figures.tracking.suspended``).

Reads are of today's figures (the only period the rollups hold), after one read of every zone
made them current; each checks that it was answered from the rollups. The writes put the data
back as they found it, and the rollups are made current again at the end.
"""

import json
import re
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from functools import partial

from celery import current_app as celery_app
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from investment.forms import GRID_FIELDS, ReportGrid, report_version
from investment.models import InvestmentReport, projects_to_report
from parks.models import Region, Zone
from projects.choices import MilestoneKind
from projects.models import Milestone, Project
from reports.figures import rollups, tracking
from reports.figures.bundle import compute, compute_last_year
from reports.figures.period import Period
from reports.figures.snapshots import store_snapshots
from reports.figures.yoy import last_year_period
from zonetrack.db import today

from . import sections_sql, sql
from .run import _same_figures

GRID_ROWS = 50
# The fewest runs of each, and the least time spent on them: a call of a few milliseconds is
# run until a second has gone (at most MAX_RUNS times), so its best is as steady as a long one's.
MIN_SECONDS = 1.0
MAX_RUNS = 50


@dataclass(frozen=True)
class RollupMeasure:
    name: str
    seconds: float
    against: str
    against_seconds: float
    goal: float
    queries: int | None = None

    @property
    def ratio(self) -> float:
        return self.seconds / self.against_seconds


def timed(repeat: int, action, prepare=None) -> float:
    """The fastest run of ``action`` (after one untimed run): at least ``repeat`` runs, more
    for a fast one. ``prepare`` (untimed) gives the action its argument before each run."""

    def once():
        argument = prepare() if prepare else None
        started = time.perf_counter()
        action(argument) if prepare else action()
        return time.perf_counter() - started

    once()
    best, spent, runs = float("inf"), 0.0, 0
    while runs < repeat or (spent < MIN_SECONDS and runs < MAX_RUNS):
        seconds = once()
        best, spent, runs = min(best, seconds), spent + seconds, runs + 1
    return best


def queries_of(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


def _ok(response, url):
    if response.status_code != 200:
        raise CommandError(f"{url} answered {response.status_code}")
    return response


# What follows the scope at the start of an /api/stats/ answer, up to its "source".
AFTER_SCOPE = re.compile(r',"year":\d+,"as_of":"[-\d]+","source":"(\w+)"')


def stats_source(content: bytes) -> str | None:
    """Where an /api/stats/ answer's figures came from, read from its first bytes (the scope
    object, then the year, as_of and source): parsing all of it (5 MB for every zone) would
    time the client, not the server."""
    head = content[:4096].decode(errors="ignore")
    opening = '{"scope":'
    if not head.startswith(opening):
        return None
    _scope, end = json.JSONDecoder().raw_decode(head, len(opening))
    found = AFTER_SCOPE.match(head, end)
    return found[1] if found else None


def make_current(period: Period) -> tuple[float, int]:
    """Read every zone's figures once (recomputing those not current); seconds and zones."""
    zone_ids = list(Zone.objects.order_by("pk").values_list("pk", flat=True))
    started = time.perf_counter()
    rollups.read(zone_ids, period)
    seconds = time.perf_counter() - started
    left = rollups.changed_zones(zone_ids)
    if left:
        raise CommandError(f"{len(left)} zones still have changes after a refresh")
    return seconds, len(zone_ids)


def rollup_ratios(repeat: int = 3, log=print) -> list[RollupMeasure]:
    period = Period(today().year, today())
    seconds, zones = make_current(period)
    log(f"Rollups of {period.as_of}: {zones:,} zones made current in {seconds:.3f}s.")
    admin, _created = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    api = APIClient(SERVER_NAME="localhost")
    api.force_authenticate(admin)
    pages = Client(SERVER_NAME="localhost")
    pages.force_login(admin)
    zone = Zone.objects.select_related("region").order_by("region__path", "code").first()
    if zone is None:
        return []
    top = zone.region.path.strip("/").split("/")[0]
    region = Region.objects.get(path=f"/{top}/")
    project = Project.objects.filter(zone=zone).order_by("code").first()
    assert project is not None
    when = {"year": period.year, "as_of": period.as_of.isoformat()}
    quarter = {"year": period.year, "quarter": (period.as_of.month - 1) // 3 + 1}

    def get(client, url, params=None):
        return lambda: _ok(client.get(url, params or {}), url)

    one = get(api, f"/api/projects/{project.pk}/")
    one_seconds = timed(repeat, one)
    single = "project GET"
    measures = [
        RollupMeasure("/api/projects/{id}/ (one project)", one_seconds, single, one_seconds, 1.0,
                      queries_of(one)),
    ]  # fmt: skip

    def beside(name, action, goal) -> RollupMeasure:
        """The action's best time against the single GET's timed right after it: the
        machine's speed drifts within a run (by up to 40% on a shared VM), and a ratio
        compares two times taken at one speed."""
        seconds = timed(repeat, action)
        return RollupMeasure(name, seconds, single, timed(repeat, one), goal, queries_of(action))

    def stats(scope):
        def action():
            response = _ok(api.get("/api/stats/", {**when, **scope}), "/api/stats/")
            if stats_source(response.content) != rollups.ROLLUP:
                raise CommandError(f"/api/stats/ {scope} was not read from the rollups")

        return action

    for name, scope, goal in (
        (f"/api/stats/ zone {zone.code}", {"zone": zone.pk}, 2.0),
        (f"/api/stats/ province {region.code}", {"region": region.pk}, 2.0),
        ("/api/stats/ everything", {}, 5.0),
    ):
        measures.append(beside(name, stats(scope), goal))

    for name, url, params in (
        ("dashboard everything", "/dashboard/", when),
        (f"dashboard province {region.code}", f"/dashboard/region/{region.pk}/", when),
        (f"dashboard zone {zone.code}", f"/dashboard/zone/{zone.pk}/", when),
        ("ranking page (everything)", "/ranking/", when),
        ("/api/stats/ranking/ (start_rate)", "/api/stats/ranking/",
         {**when, "metric": "start_rate", "page_size": 500}),
        (f"wall board {zone.code}", f"/wallboard/zone/{zone.pk}/", when),
        (f"quarterly {region.code}", "/quarterly/", {**quarter, "region": region.pk}),
    ):  # fmt: skip
        measures.append(
            beside(name, get(api if url.startswith("/api/") else pages, url, params), 10.0)
        )

    snapshot = lambda: store_snapshots(period.as_of)  # noqa: E731
    by_sql = lambda: sql.zones_by_sql(period)  # noqa: E731
    measures.append(
        RollupMeasure("snapshot job (every zone and region)", timed(repeat, snapshot),
                      "SQL per zone", timed(repeat, by_sql), 1.0, queries_of(snapshot))
    )  # fmt: skip

    zone_ids = list(Zone.objects.order_by("pk").values_list("pk", flat=True))
    earlier = last_year_period(period)

    def recompute():
        return compute(zone_ids, period), compute_last_year(zone_ids, earlier)

    def recompute_by_sql():
        # What the recompute computes: section 6, land and funds, the teams' tallies, both
        # years; the stage funnel, this year's.
        answer = {"current": sql.zones_by_sql(period), "last_year": sql.zones_by_sql(earlier)}
        for key, when_ in (("current", period), ("last_year", earlier)):
            answer[key]["land"] = sections_sql.land_by_sql(when_)
            answer[key]["funds"] = sections_sql.funds_by_sql(when_)
            answer[key]["teams"] = sections_sql.team_tallies_by_sql(when_)
        answer["current"]["funnel"] = sections_sql.funnel_by_sql(period)
        return answer

    _same_recompute(recompute(), recompute_by_sql())
    measures.append(
        RollupMeasure("verify: recompute every zone, both years", timed(repeat, recompute),
                      "SQL per zone", timed(repeat, recompute_by_sql), 2.0,
                      queries_of(recompute))
    )  # fmt: skip

    measures += _writes(repeat, api, zone, period, log)
    seconds, _zones = make_current(period)
    log(f"After the writes, the rollups were made current again in {seconds:.3f}s.")
    return measures


def _same_recompute(orm, by_sql):
    """Section 6, the teams' tallies and the funnel of every zone as the SQL computes them
    (zones without data: empty)."""
    empty = sql._figures(None, None, None, None)
    current, last_year = orm
    for key, figures in (("current", current), ("last_year", last_year)):
        theirs = by_sql[key]["zones"]
        for zone_id, zone_figures in figures.items():
            _same_figures(
                f"{key} zone {zone_id}", zone_figures.figures.as_dict(), theirs.get(zone_id, empty)
            )
            tallies = {
                team: (tally.score, tally.projects) for team, tally in zone_figures.teams.items()
            }
            if tallies != by_sql[key]["teams"].get(zone_id, {}):
                raise CommandError(f"{key} zone {zone_id}: the teams' tallies differ from the SQL")
    for zone_id, zone_figures in current.items():
        if +zone_figures.funnel != +Counter(by_sql["current"]["funnel"].get(zone_id, {})):
            raise CommandError(f"zone {zone_id}: the funnel differs from the SQL")


def _writes(repeat, api, zone, period, log) -> list[RollupMeasure]:
    """A milestone recorded over the API and a month's grid of 50 rows saved, each with the
    tracking and without it (``tracking.suspended``); the data are put back afterwards. A
    write the zone has no data for (a tiny data set) is left out."""
    writes = []
    milestone = _milestone_write(api, zone)
    if milestone is not None:
        write, restore = milestone
        writes.append(("write: record a milestone (API)", write, None, restore))
    grid = _grid_write(zone, period)
    if grid is not None:
        write, prepare, restore, rows = grid
        writes.append((f"write: save a grid of {rows} monthly rows", write, prepare, restore))
    measures = []
    with _tasks_queued():
        for name, action, prepare, restore in writes:
            measures.append(_write_ratio(repeat, name, action, prepare, restore, log))
    return measures


@contextmanager
def _tasks_queued():
    """The tasks a write schedules on its commit (the lights and snapshots of its project)
    left queued, as a worker would take them, instead of run in the request (Celery's eager
    mode of a machine without a broker); dropped afterwards."""
    eager = celery_app.conf.task_always_eager
    if eager and not celery_app.conf.broker_url.startswith("memory://"):
        yield  # a broker that is not in-process: leave it be
        return
    celery_app.conf.task_always_eager = False
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = eager
        with celery_app.connection_for_write() as connection:
            connection.default_channel.queue_purge(celery_app.conf.task_default_queue)


def _write_ratio(repeat, name, action, prepare, restore, log) -> RollupMeasure:
    """A write timed with the tracking, then without it; the data put back either way."""
    log(f"{name}: {action}.")
    try:
        with_tracking = timed(repeat, action, prepare)
        with tracking.suspended():
            without = timed(repeat, action, prepare)
        queries = queries_of(partial(_once, action, prepare))
    finally:
        restore()
    return RollupMeasure(name, with_tracking, "untracked", without, 1.5, queries)


def _once(action, prepare):
    return action(prepare()) if prepare else action()


class _MilestoneWrite:
    """PATCH a signing milestone's actual date, a day earlier and back in turn."""

    def __init__(self, api, milestone: Milestone):
        self.api, self.milestone = api, milestone
        assert milestone.actual_on is not None
        self.dates = [milestone.actual_on - timedelta(days=1), milestone.actual_on]
        self.url = f"/api/milestones/{milestone.pk}/"
        self.runs = 0

    def __str__(self):
        return f"PATCH {self.url} actual_on (project {self.milestone.project.code})"

    def __call__(self):
        self.runs += 1
        day = self.dates[self.runs % 2]
        response = self.api.patch(self.url, {"actual_on": day.isoformat()}, format="json")
        if response.status_code != 200:
            raise CommandError(f"PATCH {self.url} answered {response.status_code}: "
                               f"{response.content[:300]!r}")  # fmt: skip


def _milestone_write(api, zone):
    # A signing recorded more than a day before the groundbreaking (or with none yet).
    for milestone in (
        Milestone.objects.filter(
            project__zone=zone, kind=MilestoneKind.SIGNING, actual_on__isnull=False
        )
        .select_related("project")
        .order_by("project__code")
    ):
        later = Milestone.objects.filter(
            project=milestone.project_id, kind=MilestoneKind.GROUNDBREAKING
        ).first()
        if later is None or later.actual_on is None or later.actual_on > milestone.actual_on:
            break
    else:
        return None
    write = _MilestoneWrite(api, milestone)
    original = milestone.actual_on

    def restore():
        Milestone.objects.filter(pk=milestone.pk).update(actual_on=original)
        write.runs = 0

    return write, restore


class _GridWrite:
    """The grid's POST: list the projects, build the grid from the posted data, check and save
    it in one transaction (``investment.views.report_grid`` without the redirect)."""

    def __init__(self, project_ids, year, month):
        self.project_ids, self.year, self.month = project_ids, year, month

    def __str__(self):
        return f"{len(self.project_ids)} projects' reports of {self.year}-{self.month:02d}"

    def projects(self):
        return list(
            Project.objects.filter(pk__in=self.project_ids)
            .select_related("park")
            .prefetch_related("milestones")
            .order_by("code")
        )

    def __call__(self, data):
        grid = ReportGrid(self.projects(), self.year, self.month, data=data)
        if not grid.is_valid():
            raise CommandError(f"The grid has {grid.error_count} rows with errors")
        saved = grid.save()
        if saved != len(self.project_ids):
            raise CommandError(f"The grid saved {saved} rows of {len(self.project_ids)}")


def _posted(reports, cent: Decimal) -> dict:
    """The grid's POST for ``reports``: each row as shown, with its completed investment
    moved by ``cent`` (to or from the stored value)."""
    data = {}
    for report in reports:
        prefix = f"p{report.project_id}"
        data[f"{prefix}-version"] = report_version(report)
        for name in GRID_FIELDS:
            value = getattr(report, name)
            data[f"{prefix}-{name}"] = "" if value is None else str(value)
        data[f"{prefix}-completed_investment"] = str(report.completed_investment + cent)
    return data


def _grid_write(zone, period):
    """The reports of 50 of the zone's projects that the grid lists, of the last full month
    the zone has reports of (a month's reports come in after it ends: on the 1st of the
    next, the month before it)."""
    last_month = period.as_of.replace(day=1) - timedelta(days=1)
    reported = (
        InvestmentReport.objects.filter(project__zone=zone, year=last_month.year)
        .filter(month__lte=last_month.month)
        .order_by("-month")
        .values_list("year", "month")
        .first()
    )
    if reported is None:
        return None
    year, month = reported
    listed = projects_to_report(Project.objects.filter(zone=zone), year).order_by("code")
    reports = InvestmentReport.objects.filter(
        project__in=listed, year=year, month=month, completed_investment__gt=0
    ).order_by("project__code")
    # Only rows the model accepts again as they are (a generated row may break a rule).
    candidates = list(reports.values_list("project_id", flat=True))
    write = _GridWrite(candidates, year, month)
    grid = ReportGrid(write.projects(), year, month, data=_posted(reports, Decimal("0.01")))
    grid.is_valid()
    valid = [form.instance.project_id for _project, form in grid.rows if not form.errors]
    chosen = set(valid[:GRID_ROWS])
    if not chosen:
        return None
    write.project_ids = sorted(chosen)
    rows = InvestmentReport.objects.filter(project__in=chosen, year=year, month=month)
    originals = {report.pk: report.completed_investment for report in rows}
    turn = {"cent": Decimal("0.01")}

    def prepare():
        # Up a cent, then back down: the same write each time, never drifting.
        cent = turn["cent"]
        turn["cent"] = -cent
        return _posted(rows.order_by("project__code"), cent)

    def restore():
        stored = list(InvestmentReport.objects.filter(pk__in=originals))
        for report in stored:
            report.completed_investment = originals[report.pk]
        InvestmentReport.objects.bulk_update(stored, ["completed_investment"])

    return write, prepare, restore, len(chosen)


def report(measures: list[RollupMeasure], write):
    title = "rollups (today's figures, rollups current)"
    write(f"{title:48} {'time':>9} {'against':>14} {'':>9} {'ratio':>6} {'goal':>6} {'queries':>8}")
    for m in measures:
        flag = "" if m.ratio <= m.goal else f"  (goal missed by {m.ratio / m.goal - 1:.0%})"
        queries = "" if m.queries is None else str(m.queries)
        write(
            f"{m.name:48} {m.seconds:8.3f}s {m.against:>14} {m.against_seconds:8.3f}s "
            f"{m.ratio:6.2f} {'≤ ' + format(m.goal, 'g'):>6} {queries:>8}{flag}"
        )
