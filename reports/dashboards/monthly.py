"""Monthly completed investment against the year's plan, with the year before."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.utils import translation
from django.utils.dates import MONTHS_3
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..figures.metrics import Figures
from ..figures.numbers import ZERO
from ..figures.period import Period


@dataclass(frozen=True)
class MonthRow:
    month: int
    label: str
    completed: Decimal | None  # None for months after D
    cumulative: Decimal | None
    plan_cumulative: Decimal
    last_year_cumulative: Decimal | None  # None without a snapshot of that month


def month_label(month: int) -> str:
    return _month_labels(translation.get_language())[month - 1]


@lru_cache
def _month_labels(language: str) -> tuple:
    """The short month names of a language, translated once (a page shows them 24 times)."""
    with translation.override(language):
        return tuple(str(capfirst(MONTHS_3[month])) for month in range(1, 13))


def monthly_investment(period: Period, figures: Figures, trend_rows=None, restricted=False):
    """The completed investment of ``figures`` month by month against their planned
    investment spread evenly over the year (时间过半任务过半); and, from the snapshots of the
    year before (``trend``'s rows), what was done by the same month then. ``restricted`` to
    some projects, last year's line is left out: the snapshots hold every project's figures.
    """
    planned_investment = figures.planned_investment
    if restricted:
        trend_rows = None
    rows, cumulative = [], ZERO
    for month in range(1, 13):
        counted = month <= period.last_month
        done = figures.completed_by_month[month - 1] if counted else None
        if done is not None:
            cumulative += done
        plan = (planned_investment * month / 12).quantize(Decimal("0.01"), ROUND_HALF_UP)
        last = trend_rows[month - 1].last_values["completed_investment"] if trend_rows else None
        rows.append(
            MonthRow(month, month_label(month), done, cumulative if counted else None, plan, last)
        )
    return rows


def monthly_chart(rows: list[MonthRow]) -> dict:
    def number(value):
        return None if value is None else float(value)

    return {
        "labels": [row.label for row in rows],
        "names": {
            "completed": str(_("Completed in the month")),
            "cumulative": str(_("Completed, cumulative")),
            "plan": str(_("Plan by time, cumulative")),
            "last_year": str(_("Same month last year, cumulative")),
        },
        "completed": [number(row.completed) for row in rows],
        "cumulative": [number(row.cumulative) for row in rows],
        "plan": [number(row.plan_cumulative) for row in rows],
        "last_year": [number(row.last_year_cumulative) for row in rows],
    }
