"""Template filters of the leadership pages: a figure shown by its kind (count, rate, money,
days), compactly for tiles and charts' tables. Sums use the same units and words as the
officials' pages (projects.templatetags.zonetrack).
"""

from functools import lru_cache

from django import template
from django.utils import translation
from django.utils.translation import gettext as _

from projects.choices import MilestoneKind
from projects.templatetags.zonetrack import absolute, as_decimal, grouped, wan
from zonetrack.amounts import ONE_YI

register = template.Library()


@register.filter
def compact_money(value):
    """A sum given in 万元, short: in Chinese 万元 below 1亿 and 亿元 from it ("8,800.00 万元",
    "433.85 亿元"); in English, whose readers count in millions, "CNY 88.00M".
    """
    number = as_decimal(value)
    if number is None:
        return "—"
    if not translation.get_language().startswith("zh"):
        return _("CNY {amount}M").format(amount=f"{number / 100:,.2f}")
    if abs(number) >= ONE_YI:
        return _("{amount} 100M CNY").format(amount=grouped(number / ONE_YI))
    return _("{amount} 10k CNY").format(amount=grouped(number))


@register.filter
def figure(value, kind):
    """A figure by its kind: count "47", rate "89.6%", money (compact), days "97"."""
    number = as_decimal(value)
    if number is None:
        return "—"
    if kind == "rate":
        return f"{number * 100:.1f}%"
    if kind == "money":
        return compact_money(number)
    if kind == "days":
        return _("{days} days").format(days=f"{number:.0f}")
    return f"{number:,.0f}"


@register.filter
def signed(value, kind="count"):
    """A change with its sign: "+3", "−1.2 pp", "+120.00 万元"; "—" for none."""
    number = as_decimal(value)
    if number is None:
        return "—"
    sign = "+" if number > 0 else ("−" if number < 0 else "±")
    size = abs(number)
    if kind == "rate":
        return _("{sign}{points} pp").format(sign=sign, points=f"{size:.1f}")
    if kind == "money":
        return f"{sign}{compact_money(size)}"
    if kind == "days":
        return f"{sign}{size:.0f}"
    return f"{sign}{size:,.0f}"


@register.filter
def wan_or_dash(value):
    """A sum in 万元 with separators, without its unit (tables say it); "—" for none."""
    return wan(value, "—")


register.filter("absolute_value", absolute)


@register.filter
def quarterly_cell(value, kind):
    """A cell of the quarterly report: money in 万元 without unit, rates with one decimal."""
    if kind == "money":
        return wan_or_dash(value)
    return figure(value, kind)


@register.filter
def milestone_label(kind):
    """A milestone kind's name, as ``get_kind_display`` gives it, from names translated once
    per language (that method rebuilds and translates all the choices at each call).
    """
    return _milestone_labels(translation.get_language()).get(kind, kind)


@lru_cache
def _milestone_labels(language) -> dict:
    with translation.override(language):
        return {kind: str(label) for kind, label in MilestoneKind.choices}
