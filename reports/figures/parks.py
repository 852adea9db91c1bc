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

Each reported value is compared with last year's on the same basis (同比): the year's row
with last year's (or its four quarters), the quarters entered with the same quarters of last
year; none when last year lacks them.

Three queries (parks, this and last year's indicator rows, investment grouped by zone and
park), whatever the number of parks and zones.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F, Sum

from investment.models import PARK_INDICATOR_VALUES, ParkIndicator
from parks.models import Park

from .metrics import _plan_reports
from .numbers import ZERO, decimal, rate
from .period import Period
from .scopes import Scope

MU_PER_KM2 = Decimal(1500)
# One park's indicator row of a year: its quarter (None for the year's) and values.
Row = dict[str, Any]
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
    # Last year's reported values on the same basis (the year, or the same quarters).
    last_year: dict[str, Decimal | None] = field(default_factory=dict)

    @property
    def growth(self) -> dict[str, float | None]:
        """Each reported value against last year's: (this − last) / last, None without
        either or where last year's is 0."""
        growth: dict[str, float | None] = {}
        for name in PARK_INDICATOR_VALUES:
            this, last = getattr(self, name), self.last_year.get(name)
            growth[name] = None if this is None or last is None else rate(this - last, last)
        return growth

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
            "last_year": {name: _text(self.last_year.get(name)) for name in PARK_INDICATOR_VALUES},
            "growth": self.growth,
        }


def _sum(rows: list[Row], name: str) -> Decimal | None:
    values = [row[name] for row in rows if row[name] is not None]
    return decimal(sum(values, ZERO)) if values else None


def _comparable(this: list[Row], last: list[Row]) -> tuple[list[Row], list[Row] | None]:
    """The rows this year's figures are read from (the year's row, else its quarters) and
    last year's rows on the same basis: its year's row (else all four quarters), or the same
    quarters; None when last year lacks them (a year's row cannot be split in quarters)."""
    year_rows = [row for row in this if row["quarter"] is None]
    last_year_rows = [row for row in last if row["quarter"] is None]
    if year_rows:
        if last_year_rows:
            return year_rows, last_year_rows
        quarters = [row for row in last if row["quarter"] is not None]
        return year_rows, quarters if len(quarters) == 4 else None
    entered = {row["quarter"] for row in this}
    same = [row for row in last if row["quarter"] in entered]
    return this, same if len(same) == len(entered) else None


def park_figures(scope: Scope, period: Period) -> list[ParkFigures]:
    """The figures of every park of ``scope`` for the period's year, by zone and name, each
    beside last year's reported values on the same basis (同比)."""
    parks = (
        Park.objects.filter(scope.q("zone"))
        .order_by("zone__code", "name", "pk")
        .values("pk", "name", "zone_id", "area_km2")
    )
    # A park has at most five rows a year (the year's and four quarters'): read them as they
    # are, this year's and last year's, and add them up here.
    rows: dict[tuple[int, int], list[Row]] = {}
    for row in ParkIndicator.objects.filter(
        scope.q("park__zone"), year__in=(period.year - 1, period.year)
    ).values("park_id", "year", "quarter", *PARK_INDICATOR_VALUES):
        rows.setdefault((row["park_id"], row["year"]), []).append(row)
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
        this = rows.get((park["pk"], period.year))
        if this:
            read, before = _comparable(this, rows.get((park["pk"], period.year - 1), []))
            figures.quarters = 0 if read[0]["quarter"] is None else len(read)
            for name in PARK_INDICATOR_VALUES:
                setattr(figures, name, _sum(read, name))
                figures.last_year[name] = None if before is None else _sum(before, name)
        results.append(figures)
    return results
