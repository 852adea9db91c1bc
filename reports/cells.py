"""Table cells written in Python, as a template would write them: texts localized and
escaped, and the marks of a figure (``data-scope``, ``data-value``, ``data-figure``) that the
``figure_attrs`` tag writes too. The quarterly report's and the dashboards' per-zone tables
write thousands of cells in one pass with these, rather than through template tags.
"""

import re
from decimal import Decimal
from html import escape as html_escape

from django.conf import settings
from django.utils.formats import localize

_SPECIAL = re.compile("[&<>\"']")
_NUMBERS = (int, float, Decimal)  # written as str() writes them, nothing to escape


def escape(text) -> str:
    """``text`` escaped as a template escapes it (most cells are numbers: left as they are)."""
    text = str(text)
    return html_escape(text) if _SPECIAL.search(text) else text


def as_text(value) -> str:
    """A value as ``{{ value }}`` writes it (localized, escaped)."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)  # what localize gives an int without grouping
    return escape(localize(value))


def value_mark(value) -> str:
    """A figure's ``data-value``: its value as str() writes it, "" for None."""
    if value is None:
        return ""
    return str(value) if type(value) in _NUMBERS else escape(value)


def figure_marks(name: str, value, scope: str) -> str:
    """The attributes marking the figure ``name`` of ``scope`` ("zone:3"); ``value`` None
    (not computable) is marked empty."""
    return (
        f' data-scope="{escape(scope)}" data-value="{value_mark(value)}"'
        f' data-figure="{escape(name)}"'
    )
