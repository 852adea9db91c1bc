"""Park indicators' figures (园区指标, SPEC section 14), per park and year.

For year Y seen on day D, each park of the scope has:

- **the reported values** (总产值, 税收, 规上工业产值, 万元): the year's row when one is entered,
  else the sum of the quarters entered (``quarters`` says how many, 0 for a year's row), else
  none (null, not 0: nothing was reported);
- **output per km²** (万元/km²): output value / the park's area (``Park.area_km2``);
- **tax per 亩** (亩均税收, 万元/亩): tax revenue / the park's area in 亩 (1 km² = 1,500 亩);
- **its share of the zone's completed investment**: the completed investment of the park's
  projects / that of all the zone's projects (inside a park or not), both as SPEC section 6
  counts it (monthly reports of the year's plan projects, months 1 to D's, ``metrics``).

Three queries (parks, indicators grouped by park, investment grouped by zone and park),
whatever the number of parks and zones.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum

from investment.models import PARK_INDICATOR_VALUES, ParkIndicator
from parks.models import Park

from .metrics import _plan_reports
from .numbers import ZERO, decimal, rate
from .period import Period
from .scopes import Scope

MU_PER_KM2 = Decimal(1500)
PER_UNIT = Decimal("0.01")


def _per(value: Decimal | None, area: Decimal | None) -> Decimal | None:
    """A value per unit of area, to 2 places; None without the value or an area."""
    if value is None or not area:
        return None
    return (value / area).quantize(PER_UNIT)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(decimal(value))


@dataclass
class ParkFigures:
    park: int
    name: str
    zone: int
    area_km2: Decimal | None = None
    output_value: Decimal | None = None
    tax_revenue: Decimal | None = None
    industrial_output: Decimal | None = None
    quarters: int = 0
    completed_investment: Decimal = ZERO
    zone_completed_investment: Decimal = ZERO

    @property
    def reported(self) -> bool:
        return any(getattr(self, name) is not None for name in PARK_INDICATOR_VALUES)

    @property
    def area_mu(self) -> Decimal | None:
        return None if self.area_km2 is None else self.area_km2 * MU_PER_KM2

    @property
    def output_per_km2(self) -> Decimal | None:
        return _per(self.output_value, self.area_km2)

    @property
    def tax_per_mu(self) -> Decimal | None:
        return _per(self.tax_revenue, self.area_mu)

    @property
    def investment_share(self) -> float | None:
        return rate(self.completed_investment, self.zone_completed_investment)

    def as_dict(self) -> dict[str, Any]:
        return {
            "park": self.park,
            "name": self.name,
            "zone": self.zone,
            "area_km2": _text(self.area_km2),
            "output_value": _text(self.output_value),
            "tax_revenue": _text(self.tax_revenue),
            "industrial_output": _text(self.industrial_output),
            "quarters": self.quarters,
            "output_per_km2": _text(self.output_per_km2),
            "tax_per_mu": _text(self.tax_per_mu),
            "completed_investment": str(self.completed_investment),
            "investment_share": self.investment_share,
        }


def park_figures(scope: Scope, period: Period) -> list[ParkFigures]:
    """The figures of every park of ``scope`` for the period's year, by zone and name."""
    parks = (
        Park.objects.filter(scope.q("zone"))
        .order_by("zone__code", "name", "pk")
        .values("pk", "name", "zone_id", "area_km2")
    )
    year_row, quarter_row = Q(quarter__isnull=True), Q(quarter__isnull=False)
    aggregates: dict[str, Any] = {
        "year_rows": Count("pk", filter=year_row),
        "quarters": Count("pk", filter=quarter_row),
    }
    for name in PARK_INDICATOR_VALUES:
        aggregates[f"year_{name}"] = Sum(name, filter=year_row)
        aggregates[f"quarter_{name}"] = Sum(name, filter=quarter_row)
    indicators = {
        row["park_id"]: row
        for row in ParkIndicator.objects.filter(scope.q("park__zone"), year=period.year)
        .order_by()
        .values("park_id")
        .annotate(**aggregates)
    }
    investment: dict[tuple[int, int | None], Decimal] = {
        (row["zone_id"], row["park_id"]): decimal(row["total"])
        for row in _plan_reports(scope, period)
        .order_by()
        .values(zone_id=F("project__zone_id"), park_id=F("project__park_id"))
        .annotate(total=Sum("completed_investment"))
    }
    zone_totals: dict[int, Decimal] = {}
    for (zone_id, _park_id), total in investment.items():
        zone_totals[zone_id] = zone_totals.get(zone_id, ZERO) + total
    results = []
    for park in parks:
        figures = ParkFigures(
            park=park["pk"],
            name=park["name"],
            zone=park["zone_id"],
            area_km2=park["area_km2"],
            completed_investment=investment.get((park["zone_id"], park["pk"]), ZERO),
            zone_completed_investment=zone_totals.get(park["zone_id"], ZERO),
        )
        row = indicators.get(park["pk"])
        if row is not None:
            whole_year = bool(row["year_rows"])
            figures.quarters = 0 if whole_year else row["quarters"]
            prefix = "year_" if whole_year else "quarter_"
            for name in PARK_INDICATOR_VALUES:
                value = row[prefix + name]
                setattr(figures, name, None if value is None else decimal(value))
        results.append(figures)
    return results
