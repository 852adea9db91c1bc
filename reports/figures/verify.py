"""Trust, but verify: the stored figures (rollups, snapshots) against the data, zone by zone.

``differences`` is the comparison alone: two encodings (``bundle.encode``) of each zone's
figures, flattened to one value per figure, compared figure by figure. ``verify_rollups``
recomputes every zone live for a day (one grouped pass) and compares the rollups that claim
to be current for it; the others are counted as stale, not compared. ``verify_snapshots``
compares a day's zone snapshots (their ``raw`` figures) the same way.
"""

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from parks.models import Zone

from ..models import ScopeRollup, Snapshot, ZoneRollup
from .bundle import ZoneFigures, compute, compute_last_year, encode, row_of
from .period import Period
from .rollups import DERIVED_FIELDS, added_up, current_rollups, derived, refresh
from .yoy import last_year_period

CURRENT = "current"
LAST_YEAR = "last_year"
ROW = "row"

# The value of a figure one side does not have.
MISSING = None


@dataclass(frozen=True)
class Difference:
    """One figure of one zone that the stored figures and the data disagree on."""

    zone_id: int
    zone_code: str
    part: str  # "current" or "last_year"
    figure: str  # its path in the encoding, e.g. "figures.plan.planned_new"
    stored: Any
    live: Any

    def __str__(self) -> str:
        return f"{self.zone_code} {self.part} {self.figure}: stored {self.stored}, live {self.live}"


@dataclass
class Verification:
    """What a verification compared and found."""

    on: date
    compared: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)

    @property
    def differing(self) -> list[int]:
        return sorted({difference.zone_id for difference in self.differences})

    def summary(self) -> str:
        return (
            f"{self.on.isoformat()}: {len(self.compared)} zones compared, "
            f"{len(self.stale)} stale (not compared), {len(self.differing)} differing"
        )


def flatten(encoded: Mapping[str, Any]) -> dict[str, Any]:
    """Figure path -> value, for an encoding of a zone's figures (after a JSON round trip,
    so stored and live values have one shape). The supervision groups, a list whose order
    the data does not fix, are keyed by category and level."""
    data = json.loads(json.dumps(encoded))
    supervision = data.get("supervision")
    if isinstance(supervision, dict) and isinstance(supervision.get("groups"), list):
        supervision["groups"] = {
            f"{category}:{level}": counts for category, level, counts in supervision["groups"]
        }
    flat: dict[str, Any] = {}
    _flatten(data, "", flat)
    return flat


def _flatten(value: Any, path: str, into: dict[str, Any]) -> None:
    # An empty mapping (a histogram with nothing in it) holds no figure.
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{path}.{key}" if path else str(key), into)
    else:
        into[path] = value


def differences(
    codes: Mapping[int, str],
    stored: Mapping[int, Mapping[str, Any]],
    live: Mapping[int, Mapping[str, Any]],
) -> list[Difference]:
    """Every figure whose stored value differs from the live one, for the zones of
    ``stored`` (zone id -> part -> encoding) against ``live`` (the same shape), in zone
    code, part and figure order. Only the parts stored are compared."""
    found: list[Difference] = []
    for zone_id in sorted(stored, key=lambda pk: codes[pk]):
        for part in sorted(stored[zone_id]):
            mine = flatten(stored[zone_id][part])
            theirs = flatten(live[zone_id][part])
            for figure in sorted(set(mine) | set(theirs)):
                before, after = mine.get(figure, MISSING), theirs.get(figure, MISSING)
                if before != after:
                    found.append(Difference(zone_id, codes[zone_id], part, figure, before, after))
    return found


def _zones(zone_codes: Sequence[str] | None) -> dict[int, str]:
    zones = Zone.objects.order_by("code")
    if zone_codes:
        zones = zones.filter(code__in=list(zone_codes))
    return dict(zones.values_list("pk", "code"))


def verify_rollups(on: date, zone_codes: Sequence[str] | None = None) -> Verification:
    """Compare the rollups current for ``on`` with the figures computed live for ``on``
    (this year and a year earlier, one grouped pass over every zone asked for)."""
    codes = _zones(zone_codes)
    zone_ids = list(codes)
    period = Period(on.year, on)
    stored = current_rollups(zone_ids, on)
    # What a dashboard's row reads of each (``bundle.row_of``), compared as a part of its own.
    rows = dict(ZoneRollup.objects.filter(zone_id__in=list(stored)).values_list("zone_id", "row"))
    stored = {zone_id: {**parts, ROW: rows[zone_id]} for zone_id, parts in stored.items()}
    current = compute(zone_ids, period)
    last_year = compute_last_year(zone_ids, last_year_period(period))
    live = {
        zone_id: {
            CURRENT: encode(current[zone_id]),
            LAST_YEAR: encode(last_year[zone_id]),
            ROW: row_of(encode(current[zone_id])),
        }
        for zone_id in zone_ids
    }
    return Verification(
        on,
        compared=sorted(stored, key=lambda pk: codes[pk]),
        stale=[zone_id for zone_id in zone_ids if zone_id not in stored],
        differences=differences(codes, stored, live),
    )


def repair_rollups(verification: Verification) -> list[int]:
    """Recompute and store the rollups that differed or were stale; return their zones."""
    zone_ids = sorted(set(verification.differing) | set(verification.stale))
    if zone_ids:
        refresh(zone_ids, Period(verification.on.year, verification.on))
    return zone_ids


def verify_snapshots(on: date) -> tuple[Verification, dict[int, ZoneFigures]]:
    """Compare the zone snapshots of ``on`` (their raw figures) with the figures computed
    live for ``on``; zones without such a snapshot count as stale. Returns the live
    figures too, for a repair to store."""
    codes = _zones(None)
    zone_ids = list(codes)
    period = Period(on.year, on)
    stored = {
        zone_id: {CURRENT: raw}
        for zone_id, raw in Snapshot.objects.filter(
            zone_id__in=zone_ids, year=on.year, date=on, raw__isnull=False
        ).values_list("zone_id", "raw")
    }
    current = compute(zone_ids, period)
    live = {zone_id: {CURRENT: encode(current[zone_id])} for zone_id in zone_ids}
    verification = Verification(
        on,
        compared=sorted(stored, key=lambda pk: codes[pk]),
        stale=[zone_id for zone_id in zone_ids if zone_id not in stored],
        differences=differences(codes, stored, live),
    )
    return verification, current


@dataclass(frozen=True)
class RegionDifference:
    """One figure of a region row that the zone rows below it do not add up to."""

    path: str
    figure: str
    stored: Any
    summed: Any

    def __str__(self) -> str:
        return (
            f"{self.path or '*'} {self.figure}: stored {self.stored}, "
            f"its zones add up to {self.summed}"
        )


def region_differences() -> tuple[int, list[RegionDifference]]:
    """Compare every region row with the sum of the zone rows below it (what it must equal,
    whatever days they are as of); return how many rows were compared and the differences."""
    rows = list(
        ScopeRollup.objects.order_by("path").values_list("path", "figures", *DERIVED_FIELDS)
    )
    sums = added_up(
        ZoneRollup.objects.values_list("zone__region__path", "figures"), [row[0] for row in rows]
    )
    found: list[RegionDifference] = []
    for path, stored, *kept in rows:
        # What the row keeps derived from its figures (its total, dashboard row and best
        # teams) is compared as figures of their own: "row.figures.signed_count".
        mine = flatten({**stored, **dict(zip(DERIVED_FIELDS, kept, strict=True))})
        theirs = flatten({**sums[path], **derived(sums[path])})
        for figure in sorted(set(mine) | set(theirs)):
            before, after = mine.get(figure, MISSING), theirs.get(figure, MISSING)
            if before != after:
                found.append(RegionDifference(path, figure, before, after))
    return len(rows), found
