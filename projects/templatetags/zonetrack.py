"""Template filters for ZoneTrack pages: money in 万元 and 亿元, percentages, query strings.

All number formatting of the UI lives here so every page shows sums the same way: 万元 with
thousands separators and two decimals, and sums of 1亿 or more also in 亿元.
"""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from zonetrack.amounts import ONE_YI

register = template.Library()


def as_decimal(value):
    """The value as a Decimal, or None when empty or not a number."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def grouped(value: Decimal, places: int = 2) -> str:
    """ "12,345.67": thousands separators and a fixed number of decimals."""
    return f"{value:,.{places}f}"


@register.filter
def wan(value, empty=""):
    """A sum in 万元 as "12,345.67", without its unit; ``empty`` (nothing unless given) for no
    value.
    """
    number = as_decimal(value)
    return empty if number is None else grouped(number)


@register.filter
def yi(value):
    """A sum given in 万元, shown in 亿元 as "1.23"."""
    number = as_decimal(value)
    return "" if number is None else grouped(number / ONE_YI)


@register.filter
def money(value):
    """A sum in 万元 with its unit; from 1亿 on the 亿元 figure follows in a muted span."""
    number = as_decimal(value)
    if number is None:
        return "—"
    text = _("{amount} 10k CNY").format(amount=grouped(number))
    if abs(number) >= ONE_YI:
        return format_html(
            '{} <span class="text-body-secondary small">({})</span>',
            text,
            _("{amount} 100M CNY").format(amount=grouped(number / ONE_YI)),
        )
    return text


@register.filter
def usd(value):
    """A sum in 万美元 with its unit."""
    number = as_decimal(value)
    return "—" if number is None else _("{amount} 10k USD").format(amount=grouped(number))


@register.filter
def percent(value, places=0):
    """A ratio (0.7833) as "78%" (or with ``places`` decimals); "—" for none."""
    number = as_decimal(value)
    if number is None:
        return "—"
    return f"{number * 100:.{int(places)}f}%"


@register.filter
def days_after(value, other):
    """Whole days from the date ``other`` to the date ``value`` (negative when before)."""
    if value is None or other is None:
        return None
    return (value - other).days


@register.filter
def absolute(value):
    return abs(value) if value is not None else None


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` for dicts in templates; None when absent."""
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def query(context, **changes):
    """The current query string with ``changes`` applied (None removes a key); page resets.

    Used by sort headers and pagination so that filters survive every click.
    """
    params = context["request"].GET.copy()
    if "page" not in changes:
        params.pop("page", None)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def user_can_write(context):
    """Whether the signed-in user may write in any zone (decided by parks.access)."""
    from parks.access import WRITE, access_for

    return access_for(context["request"].user).reaches(WRITE)


@register.simple_tag(takes_context=True)
def user_can_read(context):
    """Whether the signed-in user reads any zone (decided by parks.access)."""
    from parks.access import READ, access_for

    return access_for(context["request"].user).reaches(READ)


@register.simple_tag(takes_context=True)
def user_can_audit(context):
    """Whether the signed-in user may open the audit page (decided by parks.access)."""
    from parks.access import access_for

    return access_for(context["request"].user).audits()


@register.filter
def label_of(importer, column):
    """An import column's header in the current language."""
    return importer.label(column)
