"""The national-scale data set of SPEC section 11, written with PostgreSQL COPY.

At full scale: 2,000 zones in 31 provinces of 10 cities, 200,000 projects with their four
milestones each (800,000), plan entries for the year and the one before, twelve monthly
reports per project (2,400,000) and five targets per zone. Dates follow the demo's rhythm
(signing, about 100 days to groundbreaking, a year to completion) around ``as_of``, from a
fixed seed. History tables get no rows: generated data has no history.
"""

import io
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.core.management.base import CommandError
from django.db import connection

from investment.choices import PlanType, TargetMetric
from investment.models import AnnualPlanEntry, InvestmentReport, Target
from parks.choices import ZoneKind
from parks.models import Region, Zone
from projects.choices import MILESTONE_ORDER, STAGE_AFTER, Category, Stage
from projects.models import Milestone, Project

NULL = r"\N"
ZONES_PER_PROVINCE = 65
CITIES_PER_PROVINCE = 10
# Total investments (万元) and how often they occur: most projects are small.
SIZES = [2000, 4000, 6000, 8000, 12000, 20000, 50000, 120000, 350000, 600000]
SIZE_WEIGHTS = [14, 14, 14, 12, 14, 12, 10, 6, 3, 1]
CATEGORIES = list(Category.values)
KINDS = list(ZoneKind.values)

# Every table the generator fills, and the tables that point at them (emptied first).
TABLES = [Region, Zone, Project, Milestone, AnnualPlanEntry, InvestmentReport, Target]


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
        for model in TABLES:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            )
            cursor.execute(f"ANALYZE {table}")
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
    "is_attracted", "total_investment", "foreign_investment_usd", "leader",
    "attraction_team", "status_reason", "stage", "created_at", "updated_at",
]  # fmt: skip
CREATED = datetime(2026, 1, 1, tzinfo=UTC).isoformat()


def _project_row(project):
    reached = [kind for kind in MILESTONE_ORDER if project.dates[kind][1] is not None]
    stage = STAGE_AFTER[reached[-1]] if reached else Stage.NEGOTIATING
    return (
        str(project.pk), f"B{project.pk:07d}", f"项目{project.pk}", str(project.zone), NULL,
        "投资有限公司" if project.attracted else "", CATEGORIES[project.pk % len(CATEGORIES)],
        "", "t" if project.attracted else "f", str(project.total), NULL, "", "", "",
        str(stage), CREATED, CREATED,
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
        for year, month0 in months:
            pk += 1
            done = round(monthly * rng.uniform(0.3, 1.5), 2)
            yield (
                str(pk), str(project.pk), str(year), str(month0 + 1), f"{done:.2f}",
                f"{done * 0.7:.2f}", f"{done * 0.25:.2f}", "0.00",
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


def _copy(cursor, model, attnames, rows, batch=200_000) -> int:
    """COPY ``rows`` (tuples of text, in ``attnames`` order) into ``model``'s table.

    Columns the generator does not know (added to the model later) get their default, so a
    new field with a default does not break the benchmark; one without a default stops it.
    """
    fields = {field.attname: field for field in model._meta.concrete_fields}
    tail = ""
    columns = [fields[name].column for name in attnames]
    for name, field in fields.items():
        if name in attnames:
            continue
        default = field.get_default()
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
