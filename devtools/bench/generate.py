"""The national-scale data set of SPEC section 11, written with PostgreSQL COPY.

At full scale: 2,000 zones in 31 provinces of 10 cities, 200,000 projects with their four
milestones each (800,000), plan entries for the year and the one before, twelve monthly
reports per project (2,400,000) and five targets per zone. Dates follow the demo's rhythm
(signing, about 100 days to groundbreaking, a year to completion) around ``as_of``, from a
fixed seed. History tables get no rows: generated data has no history.

What the lights and the figures of SPEC section 14 read comes on top, from a second random
stream so that the figures of section 6 stay those of the data set before it: three
attraction teams per zone (one province with its own size table), projects' teams, cadences
and a few stalled or cancelled ones, two progress updates per project (the latest one to
three periods behind for some), blockers on about a third of the projects (some past their
deadline, some with a notice), 20 land parcels per zone and foreign funds on one project in
eight.
"""

import io
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.core.management.base import CommandError
from django.db import connection

from investment.choices import LandKind, LandMethod, PlanType, TargetMetric
from investment.models import AnnualPlanEntry, InvestmentReport, LandParcel, Target
from parks.choices import ZoneKind
from parks.models import Region, Zone
from projects.choices import MILESTONE_ORDER, STAGE_AFTER, Cadence, Category, Stage, Status
from projects.models import AttractionTeam, Milestone, Project, ScoreTier
from reports.models import ZoneRollup
from supervision.choices import BlockerCategory, BlockerStatus, NoticeStatus
from supervision.models import Blocker, Notice, ProgressUpdate
from supervision.periods import period_of, previous_period

NULL = r"\N"
ZONES_PER_PROVINCE = 65
CITIES_PER_PROVINCE = 10
# Total investments (万元) and how often they occur: most projects are small.
SIZES = [2000, 4000, 6000, 8000, 12000, 20000, 50000, 120000, 350000, 600000]
SIZE_WEIGHTS = [14, 14, 14, 12, 14, 12, 10, 6, 3, 1]
CATEGORIES = list(Category.values)
KINDS = list(ZoneKind.values)

TEAMS_PER_ZONE = 3
PARCELS_PER_ZONE = 20

# Every table the generator fills, and the tables that point at them (emptied first).
TABLES = [
    Region, ScoreTier, Zone, AttractionTeam, Project, Milestone, AnnualPlanEntry,
    InvestmentReport, Target, ProgressUpdate, Blocker, Notice, LandParcel,
]  # fmt: skip


@dataclass(frozen=True)
class Scale:
    zones: int = 2000
    projects: int = 200_000
    year: int = 2026
    as_of: date = date(2026, 11, 22)
    seed: int = 20261122


def generate(scale: Scale, log=print) -> dict:
    """Empty the project tables and fill them at ``scale``; return the row counts."""
    if connection.vendor != "postgresql":
        raise CommandError("The benchmark data set is written with COPY: it needs PostgreSQL.")
    rng = random.Random(scale.seed)
    # The data of the lights and of section 14 draw from their own stream: adding them
    # leaves the section-6 data (and the figures measured on it) as they were.
    more = random.Random(scale.seed + 1)
    counts = {}
    with connection.cursor() as cursor:
        tables = ", ".join(model._meta.db_table for model in TABLES)
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        regions, zone_regions = _regions(scale)
        counts["regions"] = _copy(
            cursor, Region, ["id", "name", "code", "parent_id", "path"], regions
        )
        counts["zones"] = _copy(
            cursor,
            Zone,
            ["id", "name", "code", "region_id", "kind", "area_km2"],
            (
                (str(z), f"开发区{z}", f"Z{z:05d}", str(region), KINDS[z % len(KINDS)], "25.00")
                for z, region in enumerate(zone_regions, start=1)
            ),
        )
        log(f"  {counts['regions']} regions, {counts['zones']} zones")
        counts["score_tiers"] = _copy(
            cursor, ScoreTier, ["id", "region_id", "min_investment", "score"], _score_tier_rows()
        )
        counts["teams"] = _copy(
            cursor, AttractionTeam, ["id", "zone_id", "name", "lead", "members"], _team_rows(scale)
        )
        log(f"  {counts['teams']} attraction teams")
        projects = [_project(rng, scale, pk) for pk in range(1, scale.projects + 1)]
        counts["projects"] = _copy(cursor, Project, PROJECT_COLUMNS, map(_project_row, projects))
        log(f"  {counts['projects']} projects")
        counts["milestones"] = _copy(
            cursor, Milestone, MILESTONE_COLUMNS, _milestone_rows(projects)
        )
        log(f"  {counts['milestones']} milestones")
        counts["plan_entries"] = _copy(
            cursor, AnnualPlanEntry, PLAN_COLUMNS, _plan_rows(rng, scale, projects)
        )
        log(f"  {counts['plan_entries']} plan entries")
        counts["reports"] = _copy(
            cursor, InvestmentReport, REPORT_COLUMNS, _report_rows(rng, scale, projects)
        )
        log(f"  {counts['reports']} monthly reports")
        counts["targets"] = _copy(cursor, Target, TARGET_COLUMNS, _target_rows(scale))
        log(f"  {counts['targets']} targets")
        counts["progress_updates"] = _copy(
            cursor, ProgressUpdate, UPDATE_COLUMNS, _update_rows(more, scale, projects)
        )
        log(f"  {counts['progress_updates']} progress updates")
        blockers = list(_blockers(more, scale, projects))
        counts["blockers"] = _copy(cursor, Blocker, BLOCKER_COLUMNS, map(_blocker_row, blockers))
        counts["notices"] = _copy(
            cursor, Notice, NOTICE_COLUMNS, _notice_rows(more, scale, blockers)
        )
        log(f"  {counts['blockers']} blockers, {counts['notices']} notices")
        counts["land_parcels"] = _copy(
            cursor, LandParcel, PARCEL_COLUMNS, _parcel_rows(more, scale)
        )
        log(f"  {counts['land_parcels']} land parcels")
        for model in TABLES:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            )
            cursor.execute(f"ANALYZE {table}")
    # COPY bypasses the ORM, so no write left a note for the rollups: mark every one stale
    # (the TRUNCATE above emptied them with the zones; rows of any other origin stay stale
    # too), and the next read of today's figures recomputes each zone.
    ZoneRollup.objects.update(as_of=date.min)
    return counts


def _regions(scale):
    """Region rows (provinces, then their cities) and the region of each zone, in zone order."""
    provinces = max(1, round(scale.zones / ZONES_PER_PROVINCE))
    rows, leaves = [], []
    pk = 0
    for p in range(1, provinces + 1):
        pk += 1
        province, code = pk, f"P{p:02d}"
        rows.append((str(pk), f"省{p}", code, NULL, f"/{code}/"))
        cities = []
        for c in range(1, CITIES_PER_PROVINCE + 1):
            pk += 1
            rows.append(
                (
                    str(pk),
                    f"市{p}-{c}",
                    f"{code}C{c:02d}",
                    str(province),
                    f"/{code}/{code}C{c:02d}/",
                )
            )
            cities.append(pk)
        # One zone in eight hangs directly under its province, the rest under its cities.
        leaves.append([province] + cities * 7)
    zone_regions = []
    for z in range(scale.zones):
        options = leaves[z % provinces]
        zone_regions.append(options[(z // provinces) % len(options)])
    return rows, zone_regions


@dataclass
class _Project:
    pk: int
    zone: int
    total: Decimal
    attracted: bool
    dates: dict  # kind -> (planned, actual)


def _project(rng, scale, pk) -> _Project:
    total = Decimal(rng.choices(SIZES, SIZE_WEIGHTS)[0] + rng.randint(0, 99999) / 100)
    attracted = rng.random() > 0.1
    planned = scale.as_of - timedelta(days=rng.randint(-150, 1100))
    dates, reached = {}, True
    for kind, gap in zip(
        MILESTONE_ORDER,
        [0, rng.randint(60, 140), rng.randint(240, 420), rng.randint(60, 150)],
        strict=True,
    ):
        planned += timedelta(days=gap)
        actual = planned + timedelta(days=rng.randint(-10, 45))
        happened = reached and actual <= scale.as_of
        # Public works have no signing; their later milestones still happen.
        dates[kind] = (planned, actual if happened and (attracted or kind != "signing") else None)
        reached = happened
    zone = (pk - 1) % scale.zones + 1
    return _Project(pk, zone, total.quantize(Decimal("0.01")), attracted, dates)


PROJECT_COLUMNS = [
    "id", "code", "name", "zone_id", "park_id", "investor", "category", "industry",
    "is_attracted", "total_investment", "foreign_investment_usd", "leader", "team_id",
    "attraction_team", "cadence", "status", "status_reason", "stage", "created_at",
    "updated_at",
]  # fmt: skip
CREATED = datetime(2026, 1, 1, tzinfo=UTC).isoformat()
# Cadences by the last digit of a project's id: 2 in 10 weekly, 3 half-monthly, 5 monthly.
CADENCES = [Cadence.WEEKLY] * 2 + [Cadence.BIWEEKLY] * 3 + [Cadence.MONTHLY] * 5


def _status(pk: int) -> str:
    """One project in 50 stalled, one in 100 cancelled (by id: the section-6 data's random
    stream stays as it was; section 6 does not read the status)."""
    if pk % 50 == 7:
        return Status.STALLED
    if pk % 100 == 13:
        return Status.CANCELLED
    return Status.ACTIVE


def _team(project) -> int | None:
    """The team that brought an attracted project in (one in ten without one)."""
    if not project.attracted or project.pk % 10 == 0:
        return None
    return (project.zone - 1) * TEAMS_PER_ZONE + project.pk % TEAMS_PER_ZONE + 1


def _project_row(project):
    reached = [kind for kind in MILESTONE_ORDER if project.dates[kind][1] is not None]
    stage = STAGE_AFTER[reached[-1]] if reached else Stage.NEGOTIATING
    team = _team(project)
    return (
        str(project.pk), f"B{project.pk:07d}", f"项目{project.pk}", str(project.zone), NULL,
        "投资有限公司" if project.attracted else "", CATEGORIES[project.pk % len(CATEGORIES)],
        "", "t" if project.attracted else "f", str(project.total), NULL, "",
        NULL if team is None else str(team),
        "" if team is None else _team_name(team), CADENCES[project.pk % 10],
        _status(project.pk), "", str(stage), CREATED, CREATED,
    )  # fmt: skip


MILESTONE_COLUMNS = ["id", "project_id", "kind", "planned_on", "actual_on", "note", "recorded_at"]


def _milestone_rows(projects):
    pk = 0
    for project in projects:
        for kind in MILESTONE_ORDER:
            planned, actual = project.dates[kind]
            pk += 1
            yield (
                str(pk), str(project.pk), kind, planned.isoformat(),
                actual.isoformat() if actual else NULL, "", CREATED,
            )  # fmt: skip


PLAN_COLUMNS = [
    "id", "year", "project_id", "plan_type", "planned_investment", "planned_start_on", "resumed_on",
]  # fmt: skip


def _plan_rows(rng, scale, projects):
    pk = 0
    for project in projects:
        groundbreaking_planned, started = project.dates["groundbreaking"]
        completed = project.dates["completion"][1]
        for year in (scale.year - 1, scale.year):
            if groundbreaking_planned.year == year:
                plan_type, start, resumed = PlanType.NEW, groundbreaking_planned.isoformat(), NULL
            elif groundbreaking_planned.year < year and (
                completed is None or completed.year >= year
            ):
                plan_type, start = PlanType.CONTINUING, NULL
                candidate = date(year, 2, 1) + timedelta(days=rng.randint(0, 60))
                resumed = candidate.isoformat() if started and candidate <= scale.as_of else NULL
            else:
                continue
            pk += 1
            share = Decimal(rng.randint(25, 60)) / 100
            investment = (project.total * share).quantize(Decimal("0.01"))
            yield (str(pk), str(year), str(project.pk), plan_type, str(investment), start, resumed)


REPORT_COLUMNS = [
    "id", "project_id", "year", "month", "completed_investment", "funds_domestic",
    "funds_out_of_province", "funds_foreign_usd", "image_progress", "note",
]  # fmt: skip


def _report_rows(rng, scale, projects):
    """Twelve months per project, ending with the month before ``as_of``."""
    first = scale.as_of.year * 12 + scale.as_of.month - 1 - 12
    months = [divmod(first + offset, 12) for offset in range(12)]
    pk = 0
    for project in projects:
        monthly = float(project.total) / 120
        # One project in eight has foreign funds (万美元, about 1/7 of 万元).
        foreign = 0.015 if project.pk % 8 == 0 else 0
        for year, month0 in months:
            pk += 1
            done = round(monthly * rng.uniform(0.3, 1.5), 2)
            yield (
                str(pk), str(project.pk), str(year), str(month0 + 1), f"{done:.2f}",
                f"{done * 0.7:.2f}", f"{done * 0.25:.2f}", f"{done * foreign:.2f}",
                f"{rng.randint(0, 100)}.00", "",
            )  # fmt: skip


TARGET_COLUMNS = [
    "id", "zone_id", "year", "metric", "min_investment", "annual_value",
    "q1_value", "q2_value", "q3_value",
]  # fmt: skip


def _target_rows(scale):
    per_zone = scale.projects / scale.zones
    targets = [
        (TargetMetric.SIGNED_COUNT, 10000, per_zone * 0.2),
        (TargetMetric.SIGNED_INVESTMENT, 10000, per_zone * 8000),
        (TargetMetric.STARTED_COUNT, 5000, per_zone * 0.25),
        (TargetMetric.COMPLETED_INVESTMENT, 0, per_zone * 4000),
        (TargetMetric.FUNDS_IN_PLACE, 0, per_zone * 3000),
    ]
    pk = 0
    for zone in range(1, scale.zones + 1):
        for metric, minimum, annual in targets:
            pk += 1
            quarters = (
                [f"{annual * share:.2f}" for share in (0.2, 0.5, 0.75)] if zone % 2 else [NULL] * 3
            )
            yield (
                str(pk),
                str(zone),
                str(scale.year),
                metric,
                f"{minimum}.00",
                f"{annual:.2f}",
                *quarters,
            )


SHANGHAI = "+08:00"


def _score_tier_rows():
    """The first province's own size table (the others use the defaults): every zone of it
    is scored by the nearest region up its path that has one."""
    tiers = [(0, "4.00"), (20000, "12.00"), (100000, "32.00"), (500000, "64.00")]
    for pk, (minimum, score) in enumerate(tiers, start=1):
        yield (str(pk), "1", f"{minimum}.00", score)


def _team_name(team: int) -> str:
    return f"招商{(team - 1) % TEAMS_PER_ZONE + 1}组"


def _team_rows(scale):
    for zone in range(1, scale.zones + 1):
        for k in range(TEAMS_PER_ZONE):
            team = (zone - 1) * TEAMS_PER_ZONE + k + 1
            yield (str(team), str(zone), _team_name(team), f"组长{team}", "")


UPDATE_COLUMNS = [
    "id", "project_id", "period_start", "image_progress", "progress", "next_steps",
    "reported_by_id", "reported_at", "updated_at",
]  # fmt: skip


def _update_rows(rng, scale, projects):
    """The last two updates of each project: most up to date, some one to three periods
    behind (the lights' update rule), each reported during its period (by ``as_of``)."""
    pk = 0
    for project in projects:
        cadence = CADENCES[project.pk % 10]
        period = period_of(cadence, scale.as_of)
        for _ in range(rng.choices([0, 1, 2, 3], [60, 25, 10, 5])[0]):
            period = previous_period(cadence, period[0])
        periods = [previous_period(cadence, period[0]), period]
        for start, end in periods:
            pk += 1
            reported = min(start + timedelta(days=rng.randint(0, (end - start).days)), scale.as_of)
            at = f"{reported.isoformat()}T18:00:00{SHANGHAI}"
            yield (
                str(pk), str(project.pk), start.isoformat(), f"{rng.randint(0, 100)}.00",
                "按计划推进", "", NULL, at, at,
            )  # fmt: skip


@dataclass
class _Blocker:
    pk: int
    project: int
    zone: int
    raised_on: date
    deadline: date
    status: str
    closed_on: date | None


def _blockers(rng, scale, projects):
    """None on 70 % of the projects, one on 25 %, two on 5 %: raised in the last eight months
    with 10 to 60 days to solve; of those past their deadline about half closed, a tenth
    resolved, the rest still open (the lights' blocker rule)."""
    pk = 0
    for project in projects:
        count = rng.choices([0, 1, 2], [70, 25, 5])[0]
        for _ in range(count):
            pk += 1
            raised = scale.as_of - timedelta(days=rng.randint(3, 240))
            deadline = raised + timedelta(days=rng.randint(10, 60))
            roll = rng.random()
            closed_on = None
            if deadline < scale.as_of and roll < 0.55 or deadline >= scale.as_of and roll < 0.2:
                status = BlockerStatus.CLOSED
                closed_on = min(deadline + timedelta(days=rng.randint(-10, 20)), scale.as_of)
                closed_on = max(closed_on, raised)
            elif deadline < scale.as_of and roll < 0.65:
                status = BlockerStatus.RESOLVED
            else:
                status = rng.choice([BlockerStatus.OPEN, BlockerStatus.IN_PROGRESS])
            yield _Blocker(pk, project.pk, project.zone, raised, deadline, status, closed_on)


BLOCKER_COLUMNS = [
    "id", "project_id", "title", "category", "level", "responsible_unit",
    "responsible_leader", "raised_on", "raised_by_id", "deadline", "status", "resolution",
    "description", "closed_on", "created_at", "updated_at", "alert_id", "meeting_id",
]  # fmt: skip
BLOCKER_CATEGORIES = list(BlockerCategory.values)


def _blocker_row(blocker):
    resolved = blocker.status in (BlockerStatus.RESOLVED, BlockerStatus.CLOSED)
    return (
        str(blocker.pk), str(blocker.project), f"堵点{blocker.pk}",
        BLOCKER_CATEGORIES[blocker.pk % len(BLOCKER_CATEGORIES)], "zone", "自然资源局", "",
        blocker.raised_on.isoformat(), NULL, blocker.deadline.isoformat(), blocker.status,
        "已解决" if resolved else "", "",
        blocker.closed_on.isoformat() if blocker.closed_on else NULL, CREATED, CREATED, NULL,
        NULL,
    )  # fmt: skip


NOTICE_COLUMNS = [
    "id", "zone_id", "blocker_id", "project_id", "unit", "issued_on", "deadline",
    "required_reply", "year", "seq", "reply", "replied_on", "status", "created_at",
    "updated_at",
]  # fmt: skip


def _notice_rows(rng, scale, blockers):
    """A notice on one in five blockers still pending past their deadline, issued a few days
    after it, with a week to reply; half of them answered (the lights' notice rule)."""
    pk = 0
    seqs: dict[tuple[int, int], int] = {}
    for blocker in blockers:
        if blocker.status not in (BlockerStatus.OPEN, BlockerStatus.IN_PROGRESS):
            continue
        issued = blocker.deadline + timedelta(days=rng.randint(1, 10))
        if rng.random() >= 0.2 or issued > scale.as_of:
            continue
        pk += 1
        key = (blocker.zone, issued.year)
        seqs[key] = seqs.get(key, 0) + 1
        deadline = issued + timedelta(days=7)
        replied = rng.random() < 0.5
        replied_on = issued + timedelta(days=rng.randint(1, 9)) if replied else None
        yield (
            str(pk), str(blocker.zone), str(blocker.pk), str(blocker.project), "自然资源局",
            issued.isoformat(), deadline.isoformat(), "请说明办理情况", str(issued.year),
            str(seqs[key]), "已办理" if replied else "",
            replied_on.isoformat() if replied_on else NULL,
            NoticeStatus.REPLIED if replied else NoticeStatus.ISSUED, CREATED, CREATED,
        )  # fmt: skip


PARCEL_COLUMNS = [
    "id", "zone_id", "park_id", "location", "area_mu", "land_use", "kind", "identified_on",
    "method", "planned_year", "revitalized_on", "revitalized_mu", "project_id", "investment",
]  # fmt: skip
LAND_KINDS = list(LandKind.values)
LAND_METHODS = list(LandMethod.values)


def _parcel_rows(rng, scale):
    """Parcels identified over the last three years, two in five revitalized since (whole or
    in part), some by a project of their zone with the investment it brought."""
    first = date(scale.year - 2, 1, 1)
    span = (scale.as_of - first).days
    pk = 0
    for zone in range(1, scale.zones + 1):
        for n in range(1, PARCELS_PER_ZONE + 1):
            pk += 1
            area = Decimal(rng.randint(500, 30000)) / 100
            identified = first + timedelta(days=rng.randint(0, span))
            revitalized_on = revitalized_mu = project = investment = NULL
            per_zone = scale.projects // scale.zones
            if rng.random() < 0.4:
                day = identified + timedelta(days=rng.randint(0, (scale.as_of - identified).days))
                revitalized_on = day.isoformat()
                share = Decimal(rng.choice([100, 100, 80, 50])) / 100
                revitalized_mu = str((area * share).quantize(Decimal("0.01")))
                if rng.random() < 0.5 and per_zone:
                    # A project of the zone (projects go round the zones by id).
                    project = str(zone + scale.zones * rng.randrange(per_zone))
                    investment = f"{rng.randint(1000, 50000)}.00"
            yield (
                str(pk), str(zone), NULL, f"地块{zone}-{n}", str(area), "工业",
                LAND_KINDS[pk % len(LAND_KINDS)], identified.isoformat(),
                LAND_METHODS[pk % len(LAND_METHODS)], str(scale.year), revitalized_on,
                revitalized_mu, project, investment,
            )  # fmt: skip


def _copy(cursor, model, attnames, rows, batch=200_000) -> int:
    """COPY ``rows`` (tuples of text, in ``attnames`` order) into ``model``'s table.

    Columns the generator does not know (added to the model later) get their default (a
    timestamp kept by Django, the data set's start), so a new field with a default does not
    break the benchmark; one without a default stops it.
    """
    fields = {field.attname: field for field in model._meta.concrete_fields}
    tail = ""
    columns = [fields[name].column for name in attnames]
    for name, field in fields.items():
        if name in attnames:
            continue
        default = field.get_default()
        if default is None and (
            getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        ):
            default = datetime.fromisoformat(CREATED)  # a timestamp or row version: the start
        if default is None and not field.null:
            raise CommandError(f"The generator does not fill {model.__name__}.{name}.")
        columns.append(field.column)
        tail += "\t" + (
            NULL if default is None else str(field.get_db_prep_save(default, connection))
        )
    sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    count, buffer = 0, io.StringIO()
    for row in rows:
        buffer.write("\t".join(row) + tail + "\n")
        count += 1
        if count % batch == 0:
            buffer.seek(0)
            cursor.copy_expert(sql, buffer)
            buffer = io.StringIO()
    buffer.seek(0)
    cursor.copy_expert(sql, buffer)
    return count
