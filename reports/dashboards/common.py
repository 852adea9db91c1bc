"""Helpers every dashboard part shares: chart units, bar widths."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

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
