"""The land ledger's figures (闲置低效土地盘活, SPEC section 14), per zone and year.

For year Y seen on day D:

- **identified**: the parcels on the year's ledger: identified by D and not revitalized
  before Y-01-01 (those still to be brought back into use at the start of the year, and those
  found during it), with their area in 亩;
- **revitalized**: the parcels revitalized from Y-01-01 to D, with the area revitalized.

So the revitalized parcels of a year are a part of its identified ones, and the share of
亩 revitalized reads as the seeds write it ("2,199亩 of 2,357亩"). Each function runs one
query, grouped by zone when figures per zone are asked for, whatever the number of zones.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum

from investment.models import LandParcel

from .names import field_names
from .numbers import ZERO, decimal, money, rate
from .period import Period
from .scopes import Scope


@dataclass
class LandFigures:
    parcels_identified: int = 0
    mu_identified: Decimal = ZERO
    parcels_revitalized: int = 0
    mu_revitalized: Decimal = ZERO

    @property
    def revitalized_rate(self) -> float | None:
        """亩 revitalized / 亩 identified."""
        return rate(self.mu_revitalized, self.mu_identified)

    def __iadd__(self, other: "LandFigures") -> "LandFigures":
        for name in field_names(type(self)):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    def __add__(self, other: "LandFigures") -> "LandFigures":
        total = LandFigures()
        total += self
        total += other
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "parcels_identified": self.parcels_identified,
            "mu_identified": money(self.mu_identified),
            "parcels_revitalized": self.parcels_revitalized,
            "mu_revitalized": money(self.mu_revitalized),
        }


def _rows(scope: Scope, period: Period, by_zone: bool) -> dict[int | None, LandFigures]:
    revitalized = Q(revitalized_on__range=(period.start, period.end))
    aggregates = {
        "parcels_identified": Count("pk"),
        "mu_identified": Sum("area_mu"),
        "parcels_revitalized": Count("pk", filter=revitalized),
        "mu_revitalized": Sum("revitalized_mu", filter=revitalized),
    }
    parcels = (
        LandParcel.objects.filter(scope.q("zone"), identified_on__lte=period.end)
        .exclude(revitalized_on__lt=period.start)
        .order_by()
    )
    if by_zone:
        rows = list(parcels.values(group_key=F("zone_id")).annotate(**aggregates))
    else:
        rows = [{"group_key": None, **parcels.aggregate(**aggregates)}]
    return {
        row["group_key"]: LandFigures(
            parcels_identified=row["parcels_identified"] or 0,
            mu_identified=decimal(row["mu_identified"]),
            parcels_revitalized=row["parcels_revitalized"] or 0,
            mu_revitalized=decimal(row["mu_revitalized"]),
        )
        for row in rows
    }


def land_figures(scope: Scope, period: Period) -> LandFigures:
    """The land figures of a scope (one query)."""
    return _rows(scope, period, by_zone=False).get(None) or LandFigures()


def land_per_zone(scope: Scope, period: Period, zone_ids: Iterable[int]) -> dict[int, LandFigures]:
    """Zone id -> land figures, for each of ``zone_ids`` (zeros without parcels; one query)."""
    rows = _rows(scope, period, by_zone=True)
    return {zone_id: rows.get(zone_id) or LandFigures() for zone_id in zone_ids}
