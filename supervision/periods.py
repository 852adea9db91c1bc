"""The scheduling periods (调度周期) of a project's cadence, as pure functions of a date.

- weekly: the ISO week, Monday to Sunday;
- biweekly (半月一调度): the 1st to the 15th, and the 16th to the month's last day;
- monthly: the calendar month.

A period is ``(start, end)``, both days included. The period that contains today is due:
its update is missing until one is recorded, and late when recorded after ``end``.
"""

from calendar import monthrange
from datetime import date, timedelta

from projects.choices import Cadence


def _month_end(day: date) -> date:
    return day.replace(day=monthrange(day.year, day.month)[1])


def period_of(cadence: str, day: date) -> tuple[date, date]:
    """The period of ``cadence`` that contains ``day``."""
    if cadence == Cadence.WEEKLY:
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if cadence == Cadence.BIWEEKLY:
        if day.day <= 15:
            return day.replace(day=1), day.replace(day=15)
        return day.replace(day=16), _month_end(day)
    if cadence == Cadence.MONTHLY:
        return day.replace(day=1), _month_end(day)
    raise ValueError(f"unknown cadence {cadence!r}")


def previous_period(cadence: str, day: date) -> tuple[date, date]:
    """The period just before the one that contains ``day``."""
    start, _end = period_of(cadence, day)
    return period_of(cadence, start - timedelta(days=1))


def is_period_start(cadence: str, day: date) -> bool:
    return period_of(cadence, day)[0] == day


def period_index(cadence: str, day: date) -> int:
    """The number of the period of ``cadence`` that contains ``day``, counted from a fixed
    origin: the periods from one day's to another's are the difference of their numbers
    (no list of periods to build, for a pass over every project)."""
    if cadence == Cadence.WEEKLY:
        return (day.toordinal() - day.weekday()) // 7  # day 1 (0001-01-01) is a Monday
    if cadence == Cadence.BIWEEKLY:
        return (day.year * 12 + day.month) * 2 + (day.day > 15)
    if cadence == Cadence.MONTHLY:
        return day.year * 12 + day.month
    raise ValueError(f"unknown cadence {cadence!r}")


def due_periods(cadence: str, since: date, as_of: date) -> list[tuple[date, date]]:
    """The periods due from the one containing ``since`` up to the current one on ``as_of``
    (the current one included), oldest first; empty when ``since`` is after ``as_of``."""
    periods: list[tuple[date, date]] = []
    if since > as_of:
        return periods
    current = period_of(cadence, since)
    while current[0] <= as_of:
        periods.append(current)
        current = period_of(cadence, current[1] + timedelta(days=1))
    return periods


def current_starts(as_of: date) -> dict[str, date]:
    """The start of the current period of every cadence on ``as_of``."""
    return {cadence: period_of(cadence, as_of)[0] for cadence in Cadence.values}
