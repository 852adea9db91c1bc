"""Trends from the stored snapshots, month by month, with the same month last year."""

import datetime
from dataclasses import dataclass

from django.db.models import Max, Subquery
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext_lazy as _

from ..choices import ScopeType
from ..figures.numbers import decimal
from ..figures.period import Period
from ..models import Snapshot
from .monthly import month_label

# The figures a trend can follow, as (section of the snapshot's JSON, name, is money).
TREND_METRICS = {
    "start_or_resume_rate": ("plan", _("Start-or-resume rate"), False),
    "start_rate": ("plan", _("Start rate"), False),
    "investment_completion_rate": ("plan", _("Investment completion rate"), False),
    "completed_investment": ("plan", _("Plan projects' investment completed"), True),
    "signed_count": ("signing", _("Projects signed"), False),
    "signed_investment": ("signing", _("Investment signed"), True),
}


@dataclass(frozen=True)
class TrendRow:
    month: int
    label: str
    # datetime.date: the field named ``date`` hides the class inside the class body.
    date: datetime.date | None
    values: dict  # metric -> value this year
    last_date: datetime.date | None
    last_values: dict  # metric -> value the same month last year


def snapshot_value(figures: dict | None, metric: str):
    if not figures:
        return None
    section, _label, is_money = TREND_METRICS[metric]
    value = figures[section][metric]
    return decimal(value) if is_money else value


def trend(scope, period: Period) -> list[TrendRow] | None:
    """Per month: the figures of the scope's last snapshot in that month (up to D), and of
    its last snapshot in the same month a year before. None for a scope without snapshots of
    its own (everything a user reads). One query.
    """
    if scope.type == ScopeType.ALL:
        return None
    snapshots = Snapshot.objects.filter(
        scope_key=Snapshot.key_for(scope.type, scope.id),
        year__in=(period.year - 1, period.year),
        date__lte=period.as_of,
    ).order_by()
    last_of_month = (
        snapshots.annotate(month=ExtractMonth("date"))
        .values("year", "month")
        .annotate(last=Max("date"))
        .values("last")
    )
    by_month = {}
    # Only the sections the trend shows: a region's snapshot also lists every target of its
    # zones (a province's, 180 kB a day).
    sections = sorted({section for section, _label, _money in TREND_METRICS.values()})
    rows = (
        snapshots.filter(date__in=Subquery(last_of_month))
        .annotate(**{f"s_{section}": KeyTransform(section, "figures") for section in sections})
        .values_list("year", "date", *(f"s_{section}" for section in sections))
    )
    for year, day, *values in rows:
        by_month[(year, day.month)] = (day, dict(zip(sections, values, strict=True)))
    result = []
    for month in range(1, 13):
        day, figures = by_month.get((period.year, month), (None, None))
        last_day, last_figures = by_month.get((period.year - 1, month), (None, None))
        result.append(
            TrendRow(
                month,
                month_label(month),
                day,
                {metric: snapshot_value(figures, metric) for metric in TREND_METRICS},
                last_day,
                {metric: snapshot_value(last_figures, metric) for metric in TREND_METRICS},
            )
        )
    return result


def trend_chart(rows: list[TrendRow], period: Period) -> dict:
    def number(value):
        return None if value is None else float(value)

    return {
        "labels": [row.label for row in rows],
        "years": [str(period.year), str(period.year - 1)],
        "metrics": {
            metric: {
                "label": str(label),
                "rate": not is_money and metric.endswith("rate"),
                "money": is_money,
                "this": [number(row.values[metric]) for row in rows],
                "last": [number(row.last_values[metric]) for row in rows],
            }
            for metric, (_section, label, is_money) in TREND_METRICS.items()
        },
    }
