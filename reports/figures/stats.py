"""A scope's figures for a period beside the same date a year earlier: read from the
rollups for today (``rollup``), computed live for any other day or restriction (``live``).

``scope_figures`` is what /api/stats/ and the dashboards are made of, so both show one
figure from one definition; ``stats`` is the JSON of /api/stats/.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from parks.models import Zone

from .bundle import ZoneFigures, compute
from .funds import funds_figures
from .land import land_figures
from .lights import LightTrendPoint, light_counts, year_light_trend
from .metrics import figures_for
from .period import Period
from .restriction import EVERY_PROJECT, Restriction
from .rollups import LIVE, maintained, read
from .scopes import Scope
from .supervision import supervision_figures
from .yoy import LastYear, last_year, last_year_period, year_on_year


@dataclass
class ScopeFigures:
    """The figures of a scope (``total``), of each of its zones when asked for (``zones``,
    in code order), a year earlier, and where they came from."""

    total: ZoneFigures
    last_year: LastYear
    source: str
    zones: dict[int, ZoneFigures] = field(default_factory=dict)


def scope_figures(
    scope: Scope,
    period: Period,
    restriction: Restriction = EVERY_PROJECT,
    zone_ids: Sequence[int] | None = None,
    per_zone: bool = False,
) -> ScopeFigures:
    """The figures of ``scope`` (the plan's over ``restriction``'s projects); with
    ``per_zone``, those of each zone too. ``zone_ids``: the scope's zones in code order, when
    the caller has listed them."""
    if zone_ids is None and (per_zone or _from_rollups(period, restriction)):
        zones = Zone.objects.filter(scope.q()).order_by("code")
        zone_ids = list(zones.values_list("pk", flat=True))
    if _from_rollups(period, restriction):
        assert zone_ids is not None
        reading = read(zone_ids, period)
        total, earlier = ZoneFigures(), ZoneFigures()
        for zone_id in zone_ids:
            total += reading.current[zone_id]
            earlier += reading.last_year[zone_id]
        previous = LastYear(last_year_period(period), earlier.figures, earlier.land, earlier.funds)
        return ScopeFigures(total, previous, reading.source, reading.current)
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
    )
    return ScopeFigures(total, previous, LIVE)


def _from_rollups(period: Period, restriction: Restriction) -> bool:
    return restriction == EVERY_PROJECT and maintained(period)


def stats_json(
    scope: Scope,
    period: Period,
    restriction: Restriction,
    figures: ScopeFigures,
    light_trend: Sequence[LightTrendPoint],
) -> dict[str, Any]:
    """The JSON of /api/stats/ for ``figures`` of ``scope``."""
    this = figures.total
    data = {
        "scope": scope.as_dict(),
        "year": period.year,
        "as_of": period.as_of.isoformat(),
        "source": figures.source,
        "restriction": restriction.as_dict(),
        **this.figures.as_dict(),
        "supervision": this.supervision.as_dict(),
        "land": this.land.as_dict(),
        "funds": this.funds.as_dict(),
        "lights": {
            **this.lights.as_dict(),
            "trend": [point.as_dict() for point in light_trend],
        },
    }
    return {**data, **year_on_year(data, figures.last_year)}


def stats(scope: Scope, period: Period, restriction: Restriction = EVERY_PROJECT) -> dict[str, Any]:
    """The JSON of /api/stats/: the scope, the period and its figures (the plan figures over
    ``restriction``'s projects), with ``last_year``, ``growth`` and ``rate_change``."""
    figures = scope_figures(scope, period, restriction)
    return stats_json(scope, period, restriction, figures, year_light_trend(scope, period))
