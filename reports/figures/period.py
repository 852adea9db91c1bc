"""The time a figure covers: a year Y seen on a date D (SPEC section 6)."""

import calendar
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Period:
    """Year ``year`` as of ``as_of``: an event counts when its actual date is ≤ ``as_of``, and
    "in the year" runs from Y-01-01 to min(``as_of``, Y-12-31).
    """

    year: int
    as_of: date

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def year_end(self) -> date:
        return date(self.year, 12, 31)

    @property
    def end(self) -> date:
        """The last day counted in the year; before ``start`` when ``as_of`` precedes Y."""
        return min(self.as_of, self.year_end)

    @property
    def begun(self) -> bool:
        return self.as_of >= self.start

    @property
    def last_month(self) -> int:
        """Monthly figures count for months 1 to this: D's month, 12 past Y, 0 before Y."""
        if not self.begun:
            return 0
        return self.end.month

    def quarter_cuts(self) -> list[date]:
        """For each quarter begun by ``as_of``: its last day, or ``as_of`` if earlier."""
        cuts = []
        for quarter in range(1, 5):
            if date(self.year, 3 * quarter - 2, 1) > self.as_of:
                break
            cuts.append(min(quarter_end(self.year, quarter), self.as_of))
        return cuts

    def month_cuts(self) -> list[date]:
        """For each month begun by ``as_of``: its last day, or ``as_of`` if earlier."""
        cuts = []
        for month in range(1, 13):
            if date(self.year, month, 1) > self.as_of:
                break
            last = date(self.year, month, calendar.monthrange(self.year, month)[1])
            cuts.append(min(last, self.as_of))
        return cuts


def quarter_end(year: int, quarter: int) -> date:
    month = 3 * quarter
    return date(year, month, 31 if month in (3, 12) else 30)


def time_progress(period: Period) -> float:
    """The share of the year gone by D (时间进度): 0 before the year, 1 after it.

    Targets without quarterly values expect exactly this share of the annual value.
    """
    if not period.begun:
        return 0.0
    days = 366 if calendar.isleap(period.year) else 365
    return round(period.end.timetuple().tm_yday / days, 4)
