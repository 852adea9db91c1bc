"""Template filters of the leadership pages: a figure shown by its kind (count, rate, money,
days), compactly for tiles and charts' tables, as a Chinese report writes it: one unit per
column (亿元 once any value of the column reaches 1亿), thresholds as "1亿元以上", no ".00" on
a whole sum in a tile, counts as whole projects rounded half up.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django import template
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from investment.choices import MinimumSize
from projects.choices import MilestoneKind
from projects.templatetags.zonetrack import absolute, as_decimal
from zonetrack.amounts import ONE_YI

register = template.Library()

COUNT_UNIT = pgettext_lazy("unit of a count", "projects")
# Said under every table that shows what a count target expects by a date.
COUNT_ROUNDING = gettext_lazy(
    "Expected project counts are rounded half up to whole projects (58.5 due is 59)."
)


# The quantum of each number of places (a page rounds thousands of figures).
QUANTA = {places: Decimal(1).scaleb(-places) for places in range(5)}


def rounded(number: Decimal, places: int = 0) -> Decimal:
    """Rounded half up, as a reader rounds (Python's formatting rounds half to even)."""
    quantum = QUANTA.get(places) or Decimal(1).scaleb(-places)
    return number.quantize(quantum, rounding=ROUND_HALF_UP)


def amount(number: Decimal, places: int = 2, whole_bare: bool = False) -> str:
    """ "12,345.67" rounded half up; with ``whole_bare`` a whole sum without ".00"."""
    text = f"{rounded(number, places):,.{places}f}"
    if whole_bare and places and text.endswith("." + "0" * places):
        return text[: -places - 1]
    return text


@register.filter
def compact_money(value):
    """A sum given in 万元, short: in Chinese 万元 below 1亿 and 亿元 from it ("8,800 万元",
    "433.85 亿元", no ".00" on a whole sum); in English, whose readers count in millions,
    "CNY 88M".
    """
    number = as_decimal(value)
    if number is None:
        return "—"
    if not translation.get_language().startswith("zh"):
        return _("CNY {amount}M").format(amount=amount(number / 100, whole_bare=True))
    if abs(number) >= ONE_YI:
        return _("{amount} 100M CNY").format(amount=amount(number / ONE_YI, whole_bare=True))
    return _("{amount} 10k CNY").format(amount=amount(number, whole_bare=True))


@register.filter
def figure(value, kind):
    """A figure by its kind: count "47" (a whole number, half up: an expected 58.5 projects
    is 59), rate "89.6%", money (compact), days "97".
    """
    number = as_decimal(value)
    if number is None:
        return "—"
    if kind == "rate":
        return f"{rounded(number * 100, 1)}%"
    if kind == "money":
        return compact_money(number)
    if kind == "days":
        return _("{days} days").format(days=f"{rounded(number)}")
    return f"{rounded(number):,}"


@dataclass(frozen=True)
class MoneyUnit:
    """The unit of a column of sums: 万元, or 亿元 once any of them reaches 1亿."""

    divisor: Decimal
    label: object

    def format(self, value) -> str:
        """A sum of the column in its unit, without the unit (the header says it)."""
        number = value if type(value) is Decimal else as_decimal(value)
        return "—" if number is None else amount(number / self.divisor)

    def number(self, value):
        """The sum in this unit as a Decimal of 2 places (a spreadsheet cell), or None."""
        number = value if type(value) is Decimal else as_decimal(value)
        return None if number is None else rounded(number / self.divisor, 2)


WAN = MoneyUnit(Decimal(1), gettext_lazy("10k CNY"))
YI = MoneyUnit(ONE_YI, gettext_lazy("100M CNY"))


# Units of sums that are not in 万元: a land target's 亩, a foreign-funds target's 万美元.
MU_UNIT = MoneyUnit(Decimal(1), gettext_lazy("mu"))
WAN_USD_UNIT = MoneyUnit(Decimal(1), gettext_lazy("10k USD"))
PARCEL_UNIT = pgettext_lazy("unit of a count", "parcels")
METRIC_UNITS = {"land_revitalized_mu": MU_UNIT, "funds_foreign_usd": WAN_USD_UNIT}


def metric_unit(metric: str, values) -> MoneyUnit:
    """The unit of a target's sums: its own (亩, 万美元), else 亿元 or 万元 by its values."""
    return METRIC_UNITS.get(metric) or money_unit(values)


def count_unit(metric: str):
    """What a counting target counts: parcels of land, else projects."""
    return PARCEL_UNIT if metric == "parcels_revitalized" else COUNT_UNIT


def money_unit(values) -> MoneyUnit:
    """亿元 when any of ``values`` (万元) is 1亿 or more, else 万元."""
    numbers = (value if type(value) is Decimal else as_decimal(value) for value in values)
    return YI if any(n is not None and abs(n) >= ONE_YI for n in numbers) else WAN


@register.simple_tag
def column_unit(rows, path):
    """The unit of a table's money column, ``path`` ("figures.signed_investment") read on
    each row: 亿元 once any value reaches 1亿, else 万元.
    """

    def value(row):
        for name in path.split("."):
            row = getattr(row, name, None)
        return row

    return money_unit(value(row) for row in rows)


@register.filter
def two_places(value):
    """A sum in its own unit (亩, 万美元, 万元 where the header says so): "1,234.50"."""
    number = as_decimal(value)
    return "—" if number is None else amount(number)


@register.filter
def in_unit(value, unit):
    """A sum (万元) in its column's unit, without the unit (the header says it)."""
    return unit.format(value)


@register.filter
def signed_in_unit(value, unit):
    """A change of a sum in its column's unit, with its sign: "+1.20", "−0.35"."""
    number = as_decimal(value)
    if number is None:
        return "—"
    sign = "+" if number > 0 else ("−" if number < 0 else "±")
    return sign + unit.format(abs(number))


def heading(label, unit=None) -> str:
    """A column's label with the unit of its sums, if it holds sums: "已完成（亿元）"."""
    if unit is None:
        return str(label)
    return _("{label} ({unit})").format(label=label, unit=unit.label)


@register.filter
def threshold(value):
    """A minimum project size in 万元 as reports write it: "5000万元以上", "1亿元以上"."""
    number = as_decimal(value)
    if number is None:
        return "—"
    if number == number.to_integral_value() and int(number) in MinimumSize.values:
        return str(MinimumSize(int(number)).label)
    return _("{amount} and above").format(amount=compact_money(number))


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
def year_on_year(change, kind="count"):
    """A change against the same date last year (同比), with an arrow: a growth rate
    "↑25.0%", or a rate's change in percentage points "↓16.7 pp"; "—" without one (nothing
    last year).
    """
    number = as_decimal(change)
    if number is None:
        return "—"
    arrow = "↑" if number > 0 else ("↓" if number < 0 else "")
    size = rounded(abs(number) * 100, 1)
    if kind == "rate":
        return _("{sign}{points} pp").format(sign=arrow, points=f"{size}")
    return f"{arrow}{size}%"


@register.simple_tag
def count_rounding():
    """The footnote (or tooltip) saying how expected counts are rounded."""
    return COUNT_ROUNDING


@register.filter
def wan_or_dash(value):
    """A sum in 万元 with separators, without its unit (tables say it); "—" for none."""
    return WAN.format(value)


register.filter("absolute_value", absolute)


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
