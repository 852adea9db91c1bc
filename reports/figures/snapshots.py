"""The snapshot job: section 6 for every zone and region, stored per scope, year and day.

It is a copy of the rollups. A zone whose rollup is current for the day (as of it, no change
left) is copied in one ``INSERT … SELECT`` from its row: the section 6 figures as shown, which
the rollup keeps (``shown``), and its whole figures as ``bundle.encode`` writes them (``raw``),
so that a past day's /api/stats/ reads them back. Only the other zones are computed (one
grouped pass for all of them). A region whose zones are all copied reads its figures from its
region row (``ScopeRollup``, the sum of its zones' rows) and lists its zones' targets as their
rows hold them; the others add up their zones as ``figures_per_region`` does.
"""

import json
from collections.abc import Collection, Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    DateField,
    DateTimeField,
    F,
    IntegerField,
    JSONField,
    TextField,
    Value,
    When,
)
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from parks.models import Region, Zone, path_lineage

from ..choices import ScopeType
from ..models import ScopeRollup, Snapshot, ZoneRollup
from .bundle import ZoneFigures, compute, decode, encode
from .metrics import Figures, figures_per_region, figures_per_zone
from .period import Period
from .rollups import build_region_rows, changed_zones, targets_fields
from .scopes import Scope

# Region rows written by one statement.
REGION_BATCH = 100


def store_snapshots(on: date) -> int:
    """Store the figures of every zone and every region for ``on``'s year as of ``on``.

    Zones whose rollup is current for ``on`` are copied from it, the others computed in one
    grouped pass; region figures add up their zones (read from the region rows when all of
    them were copied). Running it again for the same day replaces that day's rows. Returns
    the number of rows written.
    """
    period = Period(on.year, on)
    # Zone id -> its region's path, in the order a region lists its zones' targets.
    zones = dict(Zone.objects.order_by("code").values_list("pk", "region__path"))
    regions = dict(Region.objects.values_list("path", "pk"))
    changed = changed_zones()
    missing = set(regions) - set(
        ScopeRollup.objects.filter(path__in=regions).values_list("path", flat=True)
    )
    if missing:
        build_region_rows(missing)
    now = timezone.now()
    with transaction.atomic():
        # Locked so that no recompute of a zone commits between the copy of its row and the
        # read of the region rows (a recompute updates both in one transaction).
        totals = dict(
            ScopeRollup.objects.select_for_update()
            .filter(path__in=["", *regions])
            .order_by("path")
            .values_list("path", KeyTransform("current", "figures"))
        )
        copied = _copy_zones(period, changed, now)
        computed = compute([zone_id for zone_id in zones if zone_id not in copied], period)
        written = len(copied)
        if computed:
            written += _upsert(
                period,
                {zone_id: zone.figures for zone_id, zone in computed.items()},
                {},
                {zone_id: encode(zone) for zone_id, zone in computed.items()},
            )
        shown = _regions(period, zones, regions, totals, computed)
        written += _upsert_regions(period, shown, now)
    return written


def _regions(
    period: Period,
    zones: Mapping[int, str],
    regions: Mapping[str, int],
    totals: Mapping[str, Any],
    computed: Mapping[int, ZoneFigures],
) -> dict[int, str]:
    """Region id -> its section 6 figures as JSON text: read from its region row (in
    ``totals``) when every zone below it was copied, else added up from its zones."""
    below: dict[str, list[int]] = {path: [] for path in regions}
    for zone_id, zone_path in zones.items():
        for path in path_lineage(zone_path):
            if path in below:
                below[path].append(zone_id)
    summed = {path for zone_id in computed for path in path_lineage(zones[zone_id])}
    summed |= set(regions) - set(totals)
    targets, stored = _zone_rows(
        {zone_id for path in summed & set(below) for zone_id in below[path]} - set(computed)
    )
    zone_figures = {zone_id: decode(data, period, ()).figures for zone_id, data in stored.items()}
    for zone_id, zone in computed.items():
        zone_figures[zone_id] = zone.figures
        targets[zone_id] = targets_fields(zone)["targets"]
    shown = {}
    for path, region_id in regions.items():
        if path in summed:
            figures = Figures()
            for zone_id in below[path]:
                figures += zone_figures.get(zone_id, Figures())
        else:
            figures = decode(totals[path] or {}, period, ()).figures
        shown[region_id] = _with_targets(figures, [targets[z] for z in below[path] if z in targets])
    return shown


def _copy_zones(period: Period, changed: Collection[int], now: datetime) -> set[int]:
    """Copy the rows of the zones whose rollup is current for ``period`` (as of its day, not
    in ``changed``) into the snapshots, in one statement; return the zones copied."""
    rows = (
        ZoneRollup.objects.filter(as_of=period.as_of, shown__isnull=False)
        .exclude(zone_id__in=changed)
        .order_by()
        .annotate(
            s_zone=F("zone_id"),
            s_key=Concat(
                Value(Snapshot.key_for(ScopeType.ZONE, "")),
                Cast("zone_id", CharField()),
                output_field=CharField(),
            ),
            s_year=Value(period.year, IntegerField()),
            s_date=Value(period.as_of, DateField()),
            s_figures=F("shown"),
            s_raw=KeyTransform("current", "figures"),
            s_at=Value(now, DateTimeField()),
        )
        .values_list("s_zone", "s_key", "s_year", "s_date", "s_figures", "s_raw", "s_at")
    )
    select, params = rows.query.get_compiler(using=rows.db).as_sql()
    columns = ("zone_id", "scope_key", "year", "date", "figures", "raw", "computed_at")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table()} ({_names(columns)}) {select} {_on_conflict()} "
            f"RETURNING {connection.ops.quote_name('zone_id')}",
            params,
        )
        return {zone_id for (zone_id,) in cursor.fetchall()}


def _zone_rows(summed: Iterable[int]) -> tuple[dict[int, str], dict[int, dict[str, Any]]]:
    """Every zone rollup's targets as JSON text, and the figures of the ``summed`` zones
    (``encode``'s), in one query whichever zones those are."""
    summed = list(summed)
    rows = ZoneRollup.objects.order_by().values_list(
        "zone_id",
        Cast("targets", TextField()),
        Case(When(zone_id__in=summed, then=KeyTransform("current", "figures")), default=None,
             output_field=JSONField()),
    )  # fmt: skip
    targets, figures = {}, {}
    for zone_id, text, current in rows:
        targets[zone_id] = text
        if current is not None:
            figures[zone_id] = current
    return targets, figures


def _with_targets(figures: Figures, listed: Iterable[str]) -> str:
    """``figures.as_dict()`` as JSON, its targets the concatenation of the JSON lists
    ``listed`` (the zones' targets as their rows hold them: joined, not parsed again)."""
    shown = figures.as_dict()
    del shown["targets"]
    items = [text.strip()[1:-1].strip() for text in listed]
    head = json.dumps(shown)
    return head[:-1] + ', "targets": [' + ", ".join(item for item in items if item) + "]}"


def _upsert_regions(period: Period, shown: Mapping[int, str], now: datetime) -> int:
    """Write the region rows, their figures given as JSON text."""
    ops = connection.ops
    json_value = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    columns = ("region_id", "scope_key", "year", "date", "figures", "computed_at")
    day, at = ops.adapt_datefield_value(period.as_of), ops.adapt_datetimefield_value(now)
    rows = list(shown.items())
    with connection.cursor() as cursor:
        for start in range(0, len(rows), REGION_BATCH):
            batch = rows[start : start + REGION_BATCH]
            values = ", ".join([f"(%s, %s, %s, %s, {json_value}, %s)"] * len(batch))
            params: list[Any] = []
            for region_id, text in batch:
                key = Snapshot.key_for(ScopeType.REGION, region_id)
                params += [region_id, key, period.year, day, text, at]
            cursor.execute(
                f"INSERT INTO {_table()} ({_names(columns)}) VALUES {values} {_on_conflict()}",
                params,
            )
    return len(rows)


def _table() -> str:
    return connection.ops.quote_name(Snapshot._meta.db_table)


def _names(columns: Iterable[str]) -> str:
    return ", ".join(connection.ops.quote_name(column) for column in columns)


def _on_conflict() -> str:
    """The upsert on the scope, year and day, as ``bulk_create`` writes it."""
    updated = ("figures", "raw", "computed_at")
    return f"ON CONFLICT ({_names(('scope_key', 'year', 'date'))}) DO UPDATE SET " + ", ".join(
        f"{name} = EXCLUDED.{name}" for name in _names(updated).split(", ")
    )


def store_figures(
    period: Period, figures: Mapping[int, ZoneFigures], raw: Mapping[int, Any] | None = None
) -> int:
    """Store ``figures`` (of every zone) as the snapshots of ``period``, with the regions
    adding up their zones; ``raw``: their encodings, when already at hand."""
    zone_figures = {zone_id: zone.figures for zone_id, zone in figures.items()}
    region_figures = figures_per_region(zone_figures)
    encoded = {
        zone_id: raw[zone_id] if raw and zone_id in raw else encode(zone)
        for zone_id, zone in figures.items()
    }
    return _upsert(period, zone_figures, region_figures, encoded)


def month_ends(since: date, until: date) -> list[date]:
    """The last day of every month from ``since``'s month to ``until``'s, up to ``until``."""
    ends, first = [], since.replace(day=1)
    while first <= until:
        following = (first + timedelta(days=32)).replace(day=1)
        end = following - timedelta(days=1)
        if end <= until:
            ends.append(end)
        first = following
    return ends


def backfill_month_ends(
    since: date, today: date, *, replace: bool = False
) -> list[tuple[date, int | None]]:
    """Store the month-end snapshots from ``since`` up to the last month before ``today``.

    The nightly job only starts on the day ZoneTrack is installed; the dashboards' trends
    read the last snapshot of each month, so past months are filled in as the job would have
    stored them. Days that already have snapshots are kept unless ``replace``. Returns
    ``(day, rows written or None when kept)`` per month end.
    """
    stored = set(Snapshot.objects.values_list("date", flat=True).distinct())
    done: list[tuple[date, int | None]] = []
    for day in month_ends(since, today - timedelta(days=1)):
        kept = day in stored and not replace
        done.append((day, None if kept else store_snapshots(day)))
    return done


def refresh_zone(zone_id: int, on: date) -> int:
    """Store again, for ``on``, the figures of one zone and of every region above it.

    The regions above it are added up from all their zones, so the figures of the top-most
    of them are computed (in one grouped pass), and only the touched scopes are written.
    """
    zone = Zone.objects.select_related("region").filter(pk=zone_id).first()
    if zone is None:  # deleted since the refresh was scheduled: its snapshots went with it
        return 0
    period = Period(on.year, on)
    ancestors = Region.objects.filter(path__in=path_lineage(zone.region.path)).order_by("path")
    top = ancestors[0] if ancestors else zone.region
    zone_figures = figures_per_zone(Scope.for_region(top), period)
    region_figures = figures_per_region(zone_figures, ancestors)
    return _upsert(period, {zone_id: zone_figures[zone_id]}, region_figures)


def _upsert(
    period: Period,
    zone_figures: Mapping[int, Figures],
    region_figures: Mapping[int, Figures],
    raw: Mapping[int, Any] | None = None,
) -> int:
    """Write the rows; a zone without ``raw`` figures loses those it had (a refresh of one
    zone's section 6 leaves the day to be read live until the nightly job stores it)."""
    now = timezone.now()
    raw = raw or {}
    common: dict[str, Any] = {"year": period.year, "date": period.as_of, "computed_at": now}
    rows = [
        Snapshot.build(zone_id=zone_id, figures=figures.as_dict(), raw=raw.get(zone_id), **common)
        for zone_id, figures in zone_figures.items()
    ] + [
        Snapshot.build(region_id=region_id, figures=figures.as_dict(), **common)
        for region_id, figures in region_figures.items()
    ]
    with transaction.atomic():
        Snapshot.objects.bulk_create(
            rows,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["scope_key", "year", "date"],
            update_fields=["figures", "raw", "computed_at"],
        )
    return len(rows)
