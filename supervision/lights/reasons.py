"""The words of a light's reasons on a given day.

A stored reason keeps what its words are made of rather than the words: the date a delay
counts from (``since``), how many things are late (``count``), the completion rate
(``value``), the cadence of updates. The text for a day is computed from them, so "开工滞后 47
天" reads 48 the next day without a new row being written.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..periods import period_index
from .choices import LightRuleKind

POINT = Decimal("0.1")


@lru_cache(maxsize=32)  # the same day for every project of a pass
def year_share(day: date) -> Decimal:
    """The share of ``day``'s year gone by the day, in percent (时间进度/序时进度): the
    definition of ``reports.figures.period.time_progress`` (4 places of a share), which
    supervision cannot import from the layer above."""
    start = date(day.year, 1, 1)
    days = (date(day.year + 1, 1, 1) - start).days
    share = Decimal((day - start).days + 1) / Decimal(days)
    return share.quantize(Decimal("0.0001"), ROUND_HALF_UP) * 100


def points_behind(rate_percent: Decimal, day: date) -> Decimal:
    """Percentage points the completion rate lags the time progress on ``day``, to 0.1."""
    return (year_share(day) - rate_percent).quantize(POINT, ROUND_HALF_UP)


def months_between(start: date, day: date) -> int:
    """Whole calendar months from ``start`` to ``day`` (a month from Jan 31 is Feb 28)."""
    months = (day.year - start.year) * 12 + day.month - start.month
    if months > 0 and add_months(start, months) > day:
        months -= 1
    return max(months, 0)


def add_months(start: date, months: int) -> date:
    from calendar import monthrange

    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, monthrange(year, month)[1]))


def periods_missed(cadence: str, since: date, day: date) -> int:
    """Periods of ``cadence`` from the one starting at ``since`` that ended before ``day``."""
    # The due periods from ``since``'s to ``day``'s, the current one not counted.
    return max(period_index(cadence, day) - period_index(cadence, since), 0)


def value_of(reason: dict, day: date):
    """The measure of a stored reason on ``day``, in its rule's unit."""
    rule = reason["rule"]
    if rule == LightRuleKind.INVESTMENT_BEHIND:
        return points_behind(Decimal(reason["value"]), day)
    since = date.fromisoformat(reason["since"])
    if rule == LightRuleKind.START_LATE:
        return months_between(since, day)
    if rule == LightRuleKind.UPDATE_OVERDUE:
        return periods_missed(reason["cadence"], since, day)
    return (day - since).days


def text(reason: dict, day: date) -> str:
    """The reason in words, in the active language, as it reads on ``day``."""
    rule = reason["rule"]
    count = reason.get("count") or 1
    if rule == LightRuleKind.INVESTMENT_BEHIND:
        return _("Investment completion {points} percentage points below time progress").format(
            points=points_behind(Decimal(reason["value"]), day)
        )
    if rule == LightRuleKind.UPDATE_OVERDUE:
        periods = periods_missed(reason["cadence"], date.fromisoformat(reason["since"]), day)
        return ngettext(
            "Progress update overdue by {periods} period",
            "Progress update overdue by {periods} periods",
            periods,
        ).format(periods=periods)
    days = (day - date.fromisoformat(reason["since"])).days
    if rule == LightRuleKind.START_LATE:
        return ngettext(
            "Start {days} day behind schedule", "Start {days} days behind schedule", days
        ).format(days=days)
    if rule == LightRuleKind.BLOCKER_OVERDUE:
        return ngettext(
            "{count} blocker past its deadline, the longest by {days} days",
            "{count} blockers past their deadline, the longest by {days} days",
            count,
        ).format(count=count, days=days)
    if rule == LightRuleKind.MILESTONE_OVERDUE:
        return ngettext(
            "{count} milestone past its planned date, the longest by {days} days",
            "{count} milestones past their planned date, the longest by {days} days",
            count,
        ).format(count=count, days=days)
    return ngettext(
        "{count} supervision notice unanswered past its deadline, the longest by {days} days",
        "{count} supervision notices unanswered past their deadline, the longest by {days} days",
        count,
    ).format(count=count, days=days)


def texts(reasons: list[dict], day: date) -> list[dict]:
    """``[{rule, color, text}]`` of stored ``reasons`` on ``day``."""
    return [
        {"rule": reason["rule"], "color": reason["color"], "text": text(reason, day)}
        for reason in reasons
    ]


def summary(reasons: list[dict], day: date) -> str:
    """The reasons on one line (a dot's hover text)."""
    return "；".join(item["text"] for item in texts(reasons, day))
