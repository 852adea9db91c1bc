"""Helpers every dashboard part shares: chart units, bar widths, overdue milestones."""

from datetime import date

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from projects.choices import Status

from ..figures.numbers import rate


def money_units() -> dict:
    """How charts scale sums given in 万元: to 亿元 (÷10000) in Chinese, to millions (÷100) in
    English; below one unit they stay in 万元.
    """
    if translation.get_language().startswith("zh"):
        return {"divisor": 10000, "large": str(_("100M CNY")), "small": str(_("10k CNY"))}
    return {"divisor": 100, "large": str(_("million CNY")), "small": str(_("10k CNY"))}


def percent_of(part, whole) -> str | None:
    """``part / whole`` as a percentage with one decimal, capped to 0–100 (for bar widths)."""
    share = rate(part, whole) if part is not None else None
    if share is None:
        return None
    return f"{max(0.0, min(share, 1.0)) * 100:.1f}"


def overdue_q(as_of: date, to_milestone: str = "") -> Q:
    """Milestones planned before D and not reached by D, of projects not cancelled.

    On today's date this is ``Milestone.objects.overdue(today)`` (no actual date lies in the
    future); on an earlier D a milestone reached after D was still overdue on D.
    """
    prefix = f"{to_milestone}__" if to_milestone else ""
    return (
        Q(**{f"{prefix}planned_on__lt": as_of})
        & (Q(**{f"{prefix}actual_on__isnull": True}) | Q(**{f"{prefix}actual_on__gt": as_of}))
        & ~Q(**{f"{prefix}project__status": Status.CANCELLED})
    )
