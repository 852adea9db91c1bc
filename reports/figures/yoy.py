"""Year on year (同比, SPEC section 14): every figure beside the same date one year earlier.

Last year's figures are computed the same way as this year's, by the same functions, for the
period shifted by one year (``last_year_period``): never read from a snapshot, which may not
exist. They cover the figures of section 6 (plan, signing, milestones) and of section 14 that
/api/stats/ names (land, funds). Targets are left out (last year's targets are other objects,
not last year's value of this year's), and so are supervision and lights (the blockers open
and the lights in force on a day are states, not figures of the year; the contract names
neither).

- **growth**: for every count, sum and median, (this − last) / last, rounded to 4 places like
  a rate, null where last year's is 0 (or null);
- **rate_change**: for every rate, this year's less last year's, a fraction like the rates
  (0.0512 is 5.12 percentage points), null where either is null. The growth of a rate would
  read as a rate of a rate, so rates are compared by difference instead.

Last year costs one query per section, as this year does, whatever the number of zones.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .funds import FundsFigures, funds_figures
from .land import LandFigures, land_figures
from .metrics import INVESTMENT, MEDIAN, MILESTONES, PLAN, Figures, figures_for
from .numbers import RATE_PLACES, Number, rate
from .period import Period
from .restriction import EVERY_PROJECT, Restriction
from .scopes import Scope

# Every section but the targets: four queries.
LAST_YEAR_SECTIONS = (PLAN, INVESTMENT, MILESTONES, MEDIAN)
# The rates of the figures compared: by difference, under ``rate_change``.
RATES = frozenset(
    {
        "start_rate",
        "start_or_resume_rate",
        "completion_rate",
        "investment_completion_rate",
        "on_time_completion_rate",
        "production_rate",
        "in_place_rate",
    }
)
# Keys that name a row rather than hold a figure (a by_threshold row's size): kept as they are.
IDENTIFIERS = frozenset({"min_investment"})
# The parts of /api/stats/ compared with last year.
COMPARED = ("plan", "signing", "milestones", "land", "funds")


def a_year_earlier(day: date) -> date:
    """The same day one year earlier; 29 February, which last year lacks, becomes 28 February
    (the last day of February, as a month's end stays a month's end)."""
    if day.month == 2 and day.day == 29:
        return date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def last_year_period(period: Period) -> Period:
    """Year Y seen on D becomes year Y−1 seen on D a year earlier."""
    return Period(period.year - 1, a_year_earlier(period.as_of))


def growth(this: Number, last: Number) -> float | None:
    """(this − last) / last to 4 places; None when last is 0 or either is missing."""
    if this is None or last is None:
        return None
    # A money string ("0.00") is read as its number: rate() knows a zero only as a number.
    previous = Decimal(last)
    return rate(Decimal(this) - previous, previous)


def rate_change(this: Number, last: Number) -> float | None:
    """This year's rate less last year's, to 4 places; None when either is None."""
    if this is None or last is None:
        return None
    difference = Decimal(str(this)) - Decimal(str(last))
    return float(difference.quantize(RATE_PLACES, rounding=ROUND_HALF_UP))


@dataclass
class LastYear:
    """The figures of a scope on the same date one year earlier."""

    period: Period
    figures: Figures
    land: LandFigures
    funds: FundsFigures
    # The attraction teams' tallies (team id -> TeamTally), when read from the rollups.
    teams: dict[int, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The ``last_year`` object of /api/stats/: this year's shape, without targets."""
        figures = self.figures.as_dict()
        del figures["targets"]
        return {
            "year": self.period.year,
            "as_of": self.period.as_of.isoformat(),
            **figures,
            "land": self.land.as_dict(),
            "funds": self.funds.as_dict(),
        }


def last_year(scope: Scope, period: Period, restriction: Restriction = EVERY_PROJECT) -> LastYear:
    """The figures of ``scope`` for the period one year before ``period``, the plan figures
    over the same ``restriction`` (seven queries)."""
    shifted = last_year_period(period)
    return LastYear(
        shifted,
        figures_for(scope, shifted, LAST_YEAR_SECTIONS, restriction),
        land_figures(scope, shifted),
        funds_figures(scope, shifted),
    )


def _growth_of(this: Any, last: Any) -> Any:
    """``this`` with each figure replaced by its growth against ``last`` (same shape), rates
    left out."""
    if isinstance(this, dict):
        return {
            key: value if key in IDENTIFIERS else _growth_of(value, last[key])
            for key, value in this.items()
            if key not in RATES
        }
    if isinstance(this, list):
        return [_growth_of(mine, theirs) for mine, theirs in zip(this, last, strict=True)]
    return growth(this, last)


def _rate_change_of(this: dict[str, Any], last: dict[str, Any]) -> dict[str, Any]:
    """Section -> rate -> change, for the sections holding rates."""
    changes = {
        section: {
            key: rate_change(value, last[section][key])
            for key, value in this[section].items()
            if key in RATES
        }
        for section in COMPARED
    }
    return {section: rates for section, rates in changes.items() if rates}


def year_on_year(this: dict[str, Any], last: LastYear) -> dict[str, Any]:
    """``last_year``, ``growth`` and ``rate_change`` for ``this`` (an /api/stats/ answer)."""
    previous = last.as_dict()
    return {
        "last_year": previous,
        "growth": {section: _growth_of(this[section], previous[section]) for section in COMPARED},
        "rate_change": _rate_change_of(this, previous),
    }
