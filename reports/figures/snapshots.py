"""The snapshot job: section 6 for every zone and region, stored per scope, year and day.

A zone whose rollup is current for the day is copied from it; only the others are computed
(one grouped pass for all of them). Zone rows also keep the zone's whole figures as
``bundle.encode`` writes them (``raw``), so that a past day's /api/stats/ reads them back.
"""

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from parks.models import Region, Zone, path_lineage

from ..models import Snapshot
from .bundle import ZoneFigures, compute, decode, encode
from .metrics import Figures, figures_per_region, figures_per_zone
from .period import Period
from .rollups import current_rollups, targets_of
from .scopes import Scope


def store_snapshots(on: date) -> int:
    """Store the figures of every zone and every region for ``on``'s year as of ``on``.

    Zones whose rollup is current for ``on`` are copied from it, the others computed in one
    grouped pass; region figures add up their zones. Running it again for the same day
    replaces that day's rows. Returns the number of rows written.
    """
    period = Period(on.year, on)
    zone_ids = list(Zone.objects.order_by("pk").values_list("pk", flat=True))
    raw = {zone_id: data["current"] for zone_id, data in current_rollups(zone_ids, on).items()}
    targets = targets_of(list(raw), period.year) if raw else {}
    figures = {
        zone_id: decode(data, period, targets.get(zone_id, ())) for zone_id, data in raw.items()
    }
    computed = compute([zone_id for zone_id in zone_ids if zone_id not in raw], period)
    figures.update(computed)
    raw.update({zone_id: encode(zone) for zone_id, zone in computed.items()})
    return store_figures(period, figures, raw)


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
