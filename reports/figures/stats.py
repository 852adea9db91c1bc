"""A scope's figures for a period beside the same date a year earlier: read from the
rollups for today (``rollup``), from the zones' snapshots of a past day when every zone of
the scope has one (``snapshot``), computed live for any other day or restriction (``live``).

``scope_figures`` is what /api/stats/ and the dashboards are made of, so both show one
figure from one definition; ``stats`` is the JSON of /api/stats/.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from parks.access import READ
from parks.models import Zone
from zonetrack.api.renderers import JSONText

from ..choices import ScopeType
from ..models import Snapshot
from .bundle import ZoneFigures, compute, compute_last_year, decode
from .funds import funds_figures
from .land import land_figures
from .lights import light_counts, year_light_trend
from .metrics import figures_for
from .period import Period
from .restriction import EVERY_PROJECT, Restriction
from .rollups import (
    LIVE,
    ROLLUP,
    SNAPSHOT,
    maintained,
    read,
    read_total,
    region_teams,
    serves,
    targets_of,
)
from .scopes import Scope
from .supervision import supervision_figures
from .teams import Leaders, Tallies, TeamTotal, leading, standings, team_totals
from .yoy import LastYear, last_year, last_year_period, year_on_year


@dataclass
class ScopeFigures:
    """The figures of a scope (``total``), of each of its zones when asked for (``zones``,
    in code order), a year earlier, and where they came from."""

    total: ZoneFigures
    last_year: LastYear
    source: str
    zones: dict[int, ZoneFigures] = field(default_factory=dict)
    # The targets' progress as /api/stats/ lists them, as JSON text, when read ready-made
    # from the rollups (the total's figures then hold no targets).
    target_json: JSONText | None = None
    # The best teams of the region row read, when the teams were asked for (the total's
    # tallies are then left out: ``scope_standings``).
    leaders: Leaders | None = None


def scope_figures(
    scope: Scope,
    period: Period,
    restriction: Restriction = EVERY_PROJECT,
    zone_ids: Sequence[int] | None = None,
    per_zone: bool = False,
    teams: bool = False,
) -> ScopeFigures:
    """The figures of ``scope`` (the plan's over ``restriction``'s projects); with
    ``per_zone``, those of each zone too. ``zone_ids``: the scope's zones in code order, when
    the caller has listed them. The teams' tallies (``ZoneFigures.teams``) are read from the
    rollups only when asked for (``teams``), for a ranking of the scope's teams."""
    stored = restriction == EVERY_PROJECT
    if zone_ids is None and (per_zone or stored):
        zones = Zone.objects.filter(scope.q()).order_by("code")
        zone_ids = list(zones.values_list("pk", flat=True))
    if stored and not maintained(period):
        assert zone_ids is not None
        from_snapshots = _snapshot_figures(zone_ids, period)
        if from_snapshots is not None:
            return from_snapshots
    if serves(period, restriction):
        assert zone_ids is not None
        if not per_zone:
            added_up = _from_region_rows(scope, zone_ids, period, teams)
            if added_up is not None:
                return added_up
        reading = read(zone_ids, period)
        return _added_up(zone_ids, reading.current, reading.last_year, period, reading.source)
    previous = last_year(scope, period, restriction)
    if per_zone:
        assert zone_ids is not None
        zones_figures = compute(zone_ids, period, restriction)
        total = ZoneFigures()
        for zone_id in zone_ids:
            total += zones_figures[zone_id]
        return ScopeFigures(total, previous, LIVE, zones_figures)
    total = ZoneFigures(
        figures_for(scope, period, restriction=restriction),
        supervision_figures(scope, period),
        land_figures(scope, period),
        funds_figures(scope, period),
        light_counts(scope, period.as_of),
        year_light_trend(scope, period),
    )
    return ScopeFigures(total, previous, LIVE)


def _snapshot_raw(zone_ids: Sequence[int], period: Period) -> dict[int, Any] | None:
    """Zone id -> its snapshot's raw figures for ``period``, when every zone has one."""
    if not zone_ids:
        return None
    raw = dict(
        Snapshot.objects.filter(
            zone_id__in=zone_ids, year=period.year, date=period.as_of, raw__isnull=False
        ).values_list("zone_id", "raw")
    )
    return raw if len(raw) == len(set(zone_ids)) else None


def _snapshot_figures(zone_ids: Sequence[int], period: Period) -> ScopeFigures | None:
    """The figures of ``zone_ids`` read from their snapshots of ``period`` (and of the same
    day a year earlier when complete, computed live otherwise); None when one is missing."""
    raw = _snapshot_raw(zone_ids, period)
    if raw is None:
        return None
    targets = targets_of(zone_ids, period.year)
    current = {
        zone_id: decode(raw[zone_id], period, targets.get(zone_id, ())) for zone_id in zone_ids
    }
    earlier_period = last_year_period(period)
    earlier_raw = _snapshot_raw(zone_ids, earlier_period)
    if earlier_raw is not None:
        earlier_zones = {
            zone_id: decode(earlier_raw[zone_id], earlier_period, (), light_trend=False)
            for zone_id in zone_ids
        }
    else:
        earlier_zones = compute_last_year(zone_ids, earlier_period)
    return _added_up(zone_ids, current, earlier_zones, period, SNAPSHOT)


def _added_up(
    zone_ids: Sequence[int],
    current: dict[int, ZoneFigures],
    last_year: Mapping[int, ZoneFigures],
    period: Period,
    source: str,
) -> ScopeFigures:
    """The scope's figures as the sum of its zones' (in code order: targets in order)."""
    total, earlier = ZoneFigures(), ZoneFigures()
    for zone_id in zone_ids:
        total += current[zone_id]
        earlier += last_year[zone_id]
    previous = LastYear(
        last_year_period(period), earlier.figures, earlier.land, earlier.funds, earlier.teams
    )
    return ScopeFigures(total, previous, source, current)


def _from_region_rows(
    scope: Scope, zone_ids: Sequence[int], period: Period, teams: bool
) -> ScopeFigures | None:
    """A region's figures, or those of every zone a user reads, from the region rows (and the
    rows of the zones it reads outside any region it reads as a whole); None for a scope
    that is not made of regions, or while another read recomputes one of its zones."""
    singles: list[int] = []
    if scope.type == ScopeType.REGION:
        paths = [scope.path]
    elif scope.type == ScopeType.ALL and (scope.access is None or scope.access.is_admin):
        paths = [""]
    elif scope.type == ScopeType.ALL and scope.access is not None:
        paths = _outermost(scope.access.region_paths.get(READ, ()))
        placed = Zone.objects.filter(pk__in=zone_ids).values_list("pk", "region__path")
        singles = [pk for pk, path in placed if not any(path.startswith(p) for p in paths)]
    else:
        return None
    total = read_total(zone_ids, paths, singles, period, teams)
    if total is None:
        return None
    earlier = total.last_year
    previous = LastYear(
        last_year_period(period), earlier.figures, earlier.land, earlier.funds, earlier.teams
    )
    return ScopeFigures(
        total.current, previous, ROLLUP, target_json=total.targets, leaders=total.leaders
    )


def scope_standings(
    scope: Scope, period: Period, figures: ScopeFigures, limit: int
) -> tuple[list[TeamTotal], int]:
    """The first ``limit`` attraction teams of ``scope`` ranked for ``period`` (比学赶超) and
    how many teams it has: from the tallies of ``figures`` when read from the rollups (the
    best teams of its region row, when they tell), computed live otherwise."""
    if figures.source != ROLLUP:
        teams = team_totals(scope, period.year, period.as_of, last_year=True)
        return teams[:limit], len(teams)
    if figures.leaders is not None:
        found = leading(scope, figures.leaders, limit)
        if found is not None:
            return found
    this, last = scope_tallies(figures)
    return standings(scope, this, last, limit)


def scope_tallies(figures: ScopeFigures) -> tuple[Tallies, Tallies]:
    """The teams' tallies of ``figures`` read from the rollups, this year's and last
    year's: the total's, or those its region row keeps apart (``ScopeFigures.leaders``)."""
    best = figures.leaders
    if best is None:
        return figures.total.teams, figures.last_year.teams
    return best.tallies() if best.complete else region_teams(best.path)


def _outermost(paths: Iterable[str]) -> list[str]:
    """The region paths not below another of them."""
    ordered = sorted(paths)
    return [p for p in ordered if not any(p != q and p.startswith(q) for q in ordered)]


def stats_json(
    scope: Scope,
    period: Period,
    restriction: Restriction,
    figures: ScopeFigures,
    spliced: bool = False,
) -> dict[str, Any]:
    """The JSON of /api/stats/ for ``figures`` of ``scope``. With ``spliced``, targets read
    ready-made from the rollups are left as their JSON text, for ``SplicingJSONRenderer``
    to write as it stands (thousands of them for every zone)."""
    this = figures.total
    targets: dict[str, Any] = {}
    if figures.target_json is not None:
        text = figures.target_json
        targets["targets"] = text if spliced else text.value()
    data = {
        "scope": scope.as_dict(),
        "year": period.year,
        "as_of": period.as_of.isoformat(),
        "source": figures.source,
        "restriction": restriction.as_dict(),
        **this.figures.as_dict(),
        **targets,
        "supervision": this.supervision.as_dict(),
        "land": this.land.as_dict(),
        "funds": this.funds.as_dict(),
        "lights": {
            **this.lights.as_dict(),
            "trend": [point.as_dict() for point in this.light_trend],
        },
    }
    return {**data, **year_on_year(data, figures.last_year)}


def stats(
    scope: Scope, period: Period, restriction: Restriction = EVERY_PROJECT, spliced: bool = False
) -> dict[str, Any]:
    """The JSON of /api/stats/: the scope, the period and its figures (the plan figures over
    ``restriction``'s projects), with ``last_year``, ``growth`` and ``rate_change``;
    ``spliced`` as for ``stats_json``."""
    figures = scope_figures(scope, period, restriction)
    return stats_json(scope, period, restriction, figures, spliced)
