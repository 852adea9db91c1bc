"""The maintained figures of every zone (rollups), exact to the last committed write.

Each zone has one ``ZoneRollup``: its figures as of a day (this year's, and last year's on
the same date for 同比), stored as ``bundle.encode`` writes them. Every write of the data
they are made of leaves a ``RollupChange`` in its own transaction (``record_change``, from
``zonetrack.changes``); writers only insert, so they never wait for one another.

A read of today's figures (``read``) takes the zones' rollups that are current (as of
today, no change left) and recomputes the others in one grouped pass, storing them and
deleting the changes that pass saw. Rows being recomputed by another read are skipped
(``SKIP LOCKED``) and computed for this read only, so two readers never wait or overwrite
each other with older figures. A change committed while a pass runs stays, and the next
read recomputes its zone again: no write is ever folded in twice or lost.

Other days are not maintained: a past day reads the snapshot stored for it, when one
holds every zone asked for, and computes live otherwise (``source``).
"""

import hashlib
import operator
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import reduce
from typing import Any

from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.db.models.fields.json import KT, KeyTransform
from django.utils import timezone

from investment.models import Target
from parks.models import Zone, path_lineage
from projects.models import Project
from zonetrack.api.renderers import JSONText, compact_json
from zonetrack.db import today

from ..models import RollupChange, ScopeRollup, ZoneRollup
from .bundle import (
    ROW_FIGURES,
    TEAMS,
    ZoneFigures,
    add_encoded,
    compute,
    compute_last_year,
    decode,
    encode,
    figures_of,
    row_of,
    tallies,
    without_targets,
    without_teams,
)
from .metrics import Figures
from .period import Period
from .restriction import EVERY_PROJECT, Restriction
from .teams import Leaders, Tallies, leaders
from .yoy import last_year_period

ROLLUP = "rollup"
# A zone rollup's parts: this year's figures and those of the same date a year earlier.
PARTS = ("current", "last_year")
# Up to this many zones are picked out by id in the SQL; more, from every row.
FEW = 200
SNAPSHOT = "snapshot"
LIVE = "live"


@dataclass
class Reading:
    """The figures of some zones for a period and the same date a year earlier, and where
    they came from (``rollup``, ``snapshot`` or ``live``)."""

    current: dict[int, ZoneFigures]
    last_year: dict[int, ZoneFigures]
    source: str


def serves(period: Period, restriction: Restriction = EVERY_PROJECT) -> bool:
    """Whether figures of ``period`` over ``restriction``'s projects are read from the
    rollups: this year as of today, every project (they hold no restricted figures)."""
    return restriction == EVERY_PROJECT and maintained(period)


def maintained(period: Period) -> bool:
    """Whether the rollups hold ``period``: this year as of today."""
    day = today()
    return period.as_of == day and period.year == day.year


def read(zone_ids: Sequence[int], period: Period) -> Reading:
    """The figures of ``zone_ids`` for ``period`` and a year earlier: from the rollups when
    they hold ``period`` (recomputing the zones changed since), computed live otherwise."""
    if not maintained(period):
        return Reading(
            compute(zone_ids, period), compute_last_year(zone_ids, last_year_period(period)), LIVE
        )
    wanted = set(zone_ids)
    rows = _of_zones(ZoneRollup.objects.filter(as_of=period.as_of), wanted)
    stored = {
        zone_id: figures
        for zone_id, figures in rows.values_list("zone_id", "figures")
        if zone_id in wanted
    }
    stale = sorted(set(zone_ids) - set(stored) | changed_zones(zone_ids))
    targets = targets_of(zone_ids, period.year)
    current, last_year = {}, {}
    for zone_id, data in stored.items():
        if zone_id not in stale:
            current[zone_id] = decode(data["current"], period, targets.get(zone_id, ()))
            last_year[zone_id] = decode(
                data["last_year"], last_year_period(period), (), light_trend=False
            )
    if stale:
        fresh_current, fresh_last_year = refresh(stale, period)
        current.update(fresh_current)
        last_year.update(fresh_last_year)
    return Reading(current, last_year, ROLLUP)


def changed_zones(zone_ids: Iterable[int] | None = None) -> set[int]:
    """The zones (of ``zone_ids``; all when None) with changes not yet folded in."""
    changes = RollupChange.objects.order_by()
    by_zone = changes.filter(zone_id__isnull=False).values_list("zone_id", flat=True)
    # order_by(): a project's default ordering would make DISTINCT one row per project.
    by_project = (
        Project.objects.filter(pk__in=changes.filter(project_id__isnull=False).values("project_id"))
        .order_by()
        .values_list("zone_id", flat=True)
    )
    wanted = None if zone_ids is None else set(zone_ids)
    if wanted is not None and len(wanted) <= FEW:
        by_zone = by_zone.filter(zone_id__in=wanted)
        by_project = by_project.filter(zone_id__in=wanted)
    found = set(by_zone.distinct()) | set(by_project.distinct())
    return {pk for pk in found if pk is not None and (wanted is None or pk in wanted)}


def _of_zones(queryset: QuerySet[ZoneRollup], zone_ids: Collection[int]) -> QuerySet[ZoneRollup]:
    """The rollups of ``zone_ids``; for many zones, every rollup (picked out by the caller):
    a few thousand ids in the SQL cost more to write and plan than reading the table."""
    return queryset.filter(zone_id__in=zone_ids) if len(zone_ids) <= FEW else queryset


def refresh(
    zone_ids: Sequence[int], period: Period
) -> tuple[dict[int, ZoneFigures], dict[int, ZoneFigures]]:
    """Recompute the figures of ``zone_ids`` for ``period`` (today) and store those whose
    rollup no other read is recomputing; return them."""
    earlier = last_year_period(period)
    with transaction.atomic():
        ZoneRollup.objects.bulk_create(
            [_blank(zone_id) for zone_id in zone_ids], ignore_conflicts=True
        )
        locked = list(
            ZoneRollup.objects.select_for_update(skip_locked=True)
            .filter(zone_id__in=zone_ids)
            .order_by("zone_id")
            .values_list("zone_id", "pk", "figures")
        )
        mine = {zone_id: pk for zone_id, pk, _figures in locked}
        # The changes this pass folds in: committed before it reads the data. Those of a
        # project since deleted belong to no zone (its deletion noted its zone): cleared too,
        # or they would pile up.
        seen = list(
            RollupChange.objects.filter(
                Q(zone_id__in=list(mine))
                | Q(project_id__in=Project.objects.filter(zone_id__in=list(mine)).values("pk"))
                | (Q(project_id__isnull=False) & ~Q(project_id__in=Project.objects.values("pk")))
            ).values_list("pk", flat=True)
        )
        current = compute(zone_ids, period)
        last_year = compute_last_year(zone_ids, earlier)
        now = timezone.now()
        stored = {
            zone_id: {"current": encode(current[zone_id]), "last_year": encode(last_year[zone_id])}
            for zone_id in mine
        }
        rows = [
            ZoneRollup(
                pk=pk,
                zone_id=zone_id,
                as_of=period.as_of,
                figures=stored[zone_id],
                **targets_fields(current[zone_id]),
                shown=current[zone_id].figures.as_dict(),
                row=row_of(stored[zone_id]["current"]),
                computed_at=now,
            )
            for zone_id, pk in mine.items()
        ]
        ZoneRollup.objects.bulk_update(
            rows,
            ["as_of", "figures", *TARGETS_FIELDS, "shown", "row", "computed_at"],
            batch_size=500,
        )
        _add_to_regions({zone_id: (before, stored[zone_id]) for zone_id, _pk, before in locked})
        RollupChange.objects.filter(pk__in=seen).delete()
    return current, last_year


def _add_to_regions(changes: Mapping[int, tuple[Mapping[str, Any], Mapping[str, Any]]]) -> None:
    """Add to the region rows above each zone the difference between its rollup before
    (``{}`` for none) and after, so that each stays the sum of the zone rows below it."""
    if not changes:
        return
    paths = dict(Zone.objects.filter(pk__in=list(changes)).values_list("pk", "region__path"))
    wanted = {""} | {path for zone_path in paths.values() for path in path_lineage(zone_path)}
    rows = list(ScopeRollup.objects.select_for_update().filter(path__in=wanted).order_by("path"))
    for row in rows:
        for zone_id, (before, after) in changes.items():
            if zone_id in paths and paths[zone_id].startswith(row.path):
                for part in PARTS:
                    total = row.figures.setdefault(part, {})
                    add_encoded(total, without_targets(after.get(part, {})))
                    add_encoded(total, without_targets(before.get(part, {})), -1)
        _derive(row)
        row.computed_at = timezone.now()
    ScopeRollup.objects.bulk_update(rows, ["figures", *DERIVED_FIELDS, "computed_at"])


# What a region row holds besides its figures, derived from them (``_derive``).
DERIVED_FIELDS = ("total", "row", "leaders")


def _derive(row: ScopeRollup) -> ScopeRollup:
    for name, value in derived(row.figures).items():
        setattr(row, name, value)
    return row


def derived(figures: Mapping[str, Any]) -> dict[str, Any]:
    """What a region row holds besides its ``figures``, derived from them
    (``DERIVED_FIELDS``): its total, its dashboard row and its best teams."""
    best = leaders(
        figures.get("current", {}).get(TEAMS, {}), figures.get("last_year", {}).get(TEAMS, {})
    )
    return {
        "total": {part: without_teams(figures.get(part, {})) for part in PARTS},
        "row": row_of(figures.get("current", {})),
        "leaders": {
            "teams": [list(team) for team in best.teams],
            "floor": best.floor,
            "complete": best.complete,
        },
    }


def stale_zones(zone_ids: Sequence[int], period: Period) -> set[int]:
    """The zones of ``zone_ids`` whose rollup does not hold ``period`` (today) or has
    changes left."""
    fresh = _of_zones(ZoneRollup.objects.filter(as_of=period.as_of), zone_ids)
    return set(zone_ids) - set(fresh.values_list("zone_id", flat=True)) | changed_zones(zone_ids)


# A zone rollup's targets: their JSON text, and its digest.
TARGETS_FIELDS = ("targets", "targets_digest")
# Zone id -> the digest of its rollup's targets and their items (the JSON text of the list
# without its brackets, UTF-8), as this process last read them: a read of many zones fetches
# again only the texts whose digest changed, not the 5 MB of every zone's. A digest stands
# for one text, so a copy is never out of date: it is used only while the rollup has the
# same digest.
_read_targets: dict[int, tuple[str, bytes]] = {}


def targets_fields(zone: ZoneFigures) -> dict[str, str]:
    """The progress of ``zone``'s targets as /api/stats/ lists them: the JSON text a zone
    rollup keeps (``ZoneRollup.targets``), and its digest."""
    text = compact_json([progress.as_dict() for progress in zone.figures.targets])
    return {
        "targets": text,
        "targets_digest": hashlib.md5(text.encode(), usedforsecurity=False).hexdigest(),
    }


@dataclass
class Total:
    """The figures of some zones added up, a year earlier too, and their targets' progress
    as /api/stats/ lists them (zones in the order given), as JSON text."""

    current: ZoneFigures
    last_year: ZoneFigures
    targets: JSONText
    # The best teams of the one region row read, when the teams were asked for (the
    # teams' tallies are then left out: ``region_teams`` reads them all).
    leaders: Leaders | None = None


def read_total(
    zone_ids: Sequence[int],
    paths: Sequence[str],
    singles: Sequence[int],
    period: Period,
    teams: bool = False,
) -> Total | None:
    """The sum of ``zone_ids``'s rollups for ``period`` (today), read from the region rows of
    ``paths`` and the zone rows of ``singles``, which together cover ``zone_ids`` once; with
    the teams' tallies when asked for (``teams``).

    Stale zones are recomputed first; None when one of them is being recomputed by another
    read (the caller adds up the zones instead).
    """
    targets, stale = _current_targets(zone_ids, period)
    if stale:
        refresh(sorted(stale), period)
        targets, stale = _current_targets(zone_ids, period)
        if stale:
            return None
    best = None
    if teams and len(paths) == 1 and not singles:
        total, stored = region_row(paths[0], "total", "leaders")
        best = Leaders(
            tuple(map(tuple, stored["teams"])), stored["floor"], stored["complete"], paths[0]
        )
        parts = [total]
    else:
        parts = [region_row(path, "figures" if teams else "total")[0] for path in paths]
    parts += list(ZoneRollup.objects.filter(zone_id__in=singles).values_list("figures", flat=True))
    if len(parts) == 1:  # one region row (the country's, a region's): nothing to add
        totals = {part: without_targets(parts[0].get(part, {})) for part in PARTS}
    else:
        totals = {part: {} for part in PARTS}
        for figures in parts:
            for part in PARTS:
                add_encoded(totals[part], without_targets(figures.get(part, {})))
    # One list of every zone's targets, zones in the order given: their items between commas
    # (in parts: megabytes are copied once, into the answer).
    items: list[bytes] = []
    for zone_id in zone_ids:
        if targets[zone_id]:
            items += [b",", targets[zone_id]] if items else [targets[zone_id]]
    return Total(
        decode(totals["current"], period, ()),
        decode(totals["last_year"], last_year_period(period), (), light_trend=False),
        JSONText([b"[", *items, b"]"]),
        best,
    )


def _current_targets(zone_ids: Sequence[int], period: Period) -> tuple[dict[int, bytes], set[int]]:
    """Zone id -> its rollup's targets (their items, as ``_read_targets`` keeps them) for
    those of ``zone_ids`` whose rollup is
    current for ``period`` (today, no change left); and the others, stale. One query: the
    rollups, with whether a change is left for their zone and their targets' digest; and
    one more for the texts this process has no copy of (``_read_targets``)."""
    changes = RollupChange.objects.order_by()
    changed = Q(zone_id__in=changes.filter(zone_id__isnull=False).values("zone_id")) | Q(
        zone_id__in=Project.objects.order_by()
        .filter(pk__in=changes.filter(project_id__isnull=False).values("project_id"))
        .values("zone_id")
    )
    wanted = set(zone_ids)
    rows = (
        _of_zones(ZoneRollup.objects.all(), wanted)
        .annotate(changed=ExpressionWrapper(changed, output_field=BooleanField()))
        .values_list("zone_id", "as_of", "changed", "targets_digest")
    )
    current = {
        zone_id: digest
        for zone_id, as_of, is_changed, digest in rows
        if zone_id in wanted and as_of == period.as_of and not is_changed
    }
    missing = {
        zone_id
        for zone_id, digest in current.items()
        if zone_id not in _read_targets or _read_targets[zone_id][0] != digest
    }
    fetched: dict[int, tuple[str, bytes]] = {}
    if missing:
        stored = _of_zones(ZoneRollup.objects.all(), missing)
        # Written since the first query, a newer text is as current (computed later).
        fetched = {
            zone_id: (digest, text[1:-1].encode())
            for zone_id, text, digest in stored.values_list("zone_id", *TARGETS_FIELDS)
            if zone_id in missing
        }
        _read_targets.update(fetched)
    texts = {
        zone_id: (fetched[zone_id] if zone_id in fetched else _read_targets[zone_id])[1]
        for zone_id in current
        if zone_id in fetched or zone_id not in missing
    }
    return texts, wanted - set(texts)


def read_fields(
    zone_ids: Sequence[int], period: Period, names: Iterable[str]
) -> dict[int, Figures]:
    """Zone id -> a ``Figures`` holding only the section 6 figures ``names`` of this year as
    of ``period`` (today), read from the rollups field by field (stale zones recomputed
    first): a ranking needs two numbers a zone, not its whole rollup."""
    names = sorted(set(names))
    stale = stale_zones(zone_ids, period)
    found: dict[int, Figures] = {}
    if stale:
        found = {
            zone_id: zone.figures for zone_id, zone in refresh(sorted(stale), period)[0].items()
        }
    # A dashboard's row holds most of them, and is read without the whole figures.
    source = "row__figures" if set(names) <= set(ROW_FIGURES) else "figures__current__figures"
    paths = {name: KT(f"{source}__{name}") for name in names}
    wanted = set(zone_ids) - set(found)
    rows = (
        _of_zones(ZoneRollup.objects.all(), wanted)
        .annotate(**{f"f_{name}": path for name, path in paths.items()})
        .values_list("zone_id", *(f"f_{name}" for name in names))
    )
    for zone_id, *values in rows:
        if zone_id in wanted:
            found[zone_id] = figures_of({n: v for n, v in zip(names, values, strict=True) if v})
    return {zone_id: found.get(zone_id, Figures()) for zone_id in zone_ids}


def read_regions(paths: Sequence[str], period: Period) -> dict[str, ZoneFigures]:
    """Path -> what a dashboard's row shows of the region (``bundle.row_of``) this year as
    of ``period`` (today), read from its region row (one query; a row not yet added up is
    added up). The caller has made the zones below current (``read_total``)."""
    found = dict(ScopeRollup.objects.filter(path__in=paths).values_list("path", "row"))
    missing = set(paths) - set(found)
    if missing:
        build_region_rows(missing)
        found = dict(ScopeRollup.objects.filter(path__in=paths).values_list("path", "row"))
    return {path: decode(found[path], period, (), light_trend=False) for path in paths}


def read_rows(zone_ids: Sequence[int], period: Period) -> dict[int, ZoneFigures]:
    """Zone id -> what a dashboard's row shows of the zone (``bundle.row_of``) this year as
    of ``period`` (today), read from its rollup. The caller has made them current
    (``read_total``)."""
    wanted = set(zone_ids)
    rows = _of_zones(ZoneRollup.objects.all(), wanted).values_list("zone_id", "row")
    return {
        zone_id: decode(row, period, (), light_trend=False)
        for zone_id, row in rows
        if zone_id in wanted
    }


# What ``read_current`` reads of a zone's year.
CURRENT_PARTS = ("figures", "land", "funds")


def read_current(zone_ids: Sequence[int], period: Period) -> dict[int, ZoneFigures]:
    """Zone id -> this year's figures of the zone for ``period`` (today) with its land and
    funds (not its targets' progress, which ``read_total`` reads ready-made, nor its
    supervision, lights, funnel or teams), read from its rollup. The caller has made them
    current (``read_total``)."""
    wanted = set(zone_ids)
    parts = {
        f"current_{part}": KeyTransform(part, KeyTransform("current", "figures"))
        for part in CURRENT_PARTS
    }
    rows = (
        _of_zones(ZoneRollup.objects.all(), wanted).annotate(**parts).values_list("zone_id", *parts)
    )
    return {
        zone_id: decode(
            {part: data for part, data in zip(CURRENT_PARTS, values, strict=True) if data},
            period,
            (),
            light_trend=False,
        )
        for zone_id, *values in rows
        if zone_id in wanted
    }


def region_row(path: str, *names: str) -> tuple[Any, ...]:
    """The fields ``names`` of the region row of ``path``: the sum of the zone rows below
    it, added up from them the first time it is asked for (``build_region_rows``)."""
    rows = ScopeRollup.objects.filter(path=path).values_list(*names)
    found: tuple[Any, ...] | None = rows.first()
    if found is None:
        build_region_rows([path])
        found = rows.get()
    return found


def region_teams(path: str) -> tuple[Tallies, Tallies]:
    """The teams' tallies of the region row of ``path``: this year's and last year's."""
    (stored,) = region_row(path, "figures")
    return (
        tallies(stored.get("current", {}).get(TEAMS, {})),
        tallies(stored.get("last_year", {}).get(TEAMS, {})),
    )


def build_region_rows(paths: Collection[str]) -> None:
    """Add up the region rows of ``paths`` (missing: a row another read added meanwhile is
    kept) from the zone rows below them, in one pass, under the zone rows' locks, so that
    no recompute of a zone slips between the read of its row and the region row's write."""
    below = reduce(operator.or_, (Q(zone__region__path__startswith=path) for path in paths))
    with transaction.atomic():
        rows = (
            ZoneRollup.objects.select_for_update(of=("self",))
            .filter(below)
            .order_by("zone_id")
            .values_list("zone__region__path", "figures")
        )
        now = timezone.now()
        ScopeRollup.objects.bulk_create(
            [
                _derive(ScopeRollup(path=path, figures=total, computed_at=now))
                for path, total in added_up(rows, paths).items()
            ],
            ignore_conflicts=True,
        )


def added_up(
    zone_rows: Iterable[tuple[str, Mapping[str, Any]]], paths: Collection[str]
) -> dict[str, dict[str, Any]]:
    """Path -> the sum of the zone rows ``(region path, figures)`` below it, for ``paths``
    ("" for the country): what each region row must hold."""
    totals: dict[str, dict[str, Any]] = {path: {part: {} for part in PARTS} for path in paths}
    for zone_path, figures in zone_rows:
        for path in ("", *path_lineage(zone_path)):
            if path in totals:
                for part in PARTS:
                    add_encoded(totals[path][part], without_targets(figures.get(part, {})))
    return totals


def forget_regions() -> None:
    """Drop the region rows (a zone or region moved, a zone deleted): each is added up
    again from its zones the next time it is read."""
    ScopeRollup.objects.all().delete()


def _blank(zone_id: int) -> ZoneRollup:
    # A row to lock before its first pass: as of no day anyone asks for.
    return ZoneRollup(zone_id=zone_id, as_of=date.min, figures={}, computed_at=timezone.now())


def current_rollups(zone_ids: Sequence[int], on: date) -> dict[int, dict[str, Any]]:
    """Zone id -> the stored figures of those of ``zone_ids`` whose rollup is current for
    ``on`` (as of ``on``, no change left): ``{"current": ..., "last_year": ...}``."""
    stored = dict(
        ZoneRollup.objects.filter(zone_id__in=zone_ids, as_of=on).values_list("zone_id", "figures")
    )
    changed = changed_zones(zone_ids) if stored else set()
    return {zone_id: data for zone_id, data in stored.items() if data and zone_id not in changed}


def refresh_all(period: Period) -> int:
    """Recompute the rollup of every zone for ``period`` (today) in one pass; return how
    many zones. Zones another read is recomputing at the same time are left to it."""
    zone_ids = list(Zone.objects.order_by("pk").values_list("pk", flat=True))
    if zone_ids:
        refresh(zone_ids, period)
    return len(zone_ids)


def purge_orphan_changes() -> int:
    """Delete the changes of projects and zones that no longer exist (a deleted project's
    milestones note a project no zone can be found for); return how many."""
    orphans = RollupChange.objects.filter(
        Q(project_id__isnull=False) & ~Q(project_id__in=Project.objects.values("pk"))
        | Q(zone_id__isnull=False) & ~Q(zone_id__in=Zone.objects.values("pk"))
    )
    return orphans.delete()[0]


def targets_of(zone_ids: Sequence[int], year: int) -> dict[int, list[Target]]:
    """Zone id -> its targets of ``year``, in the order the figures list them."""
    found: dict[int, list[Target]] = {}
    for target in Target.objects.filter(zone_id__in=zone_ids, year=year).order_by(
        "zone__code", "metric", "min_investment", "pk"
    ):
        found.setdefault(target.zone_id, []).append(target)
    return found


def record_change(zone_ids: Iterable[int] = (), project_ids: Iterable[int] = ()) -> None:
    """Note, in the current transaction, that these zones' (or projects') data changed."""
    RollupChange.objects.bulk_create(
        [RollupChange(zone_id=zone_id) for zone_id in sorted(set(zone_ids))]
        + [RollupChange(project_id=project_id) for project_id in sorted(set(project_ids))]
    )
