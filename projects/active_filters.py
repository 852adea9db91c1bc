"""The project list's applied filters that its form cannot show, as removable chips.

A dashboard figure links to /projects/ with filters the list's form has no field for
(``plan_year``, ``milestone``, ``reached_to``, ``region`` …). Without a trace of them a reader
sees "47 projects" and cannot tell why; each becomes a chip saying what it keeps, with a link
that drops just that filter.

Values come from the FilterSet form's cleaned data, so a zone or region is named only when
it is one the user sees (the form refused any other), and naming costs no query.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django import forms
from django.db import models
from django.utils.translation import gettext as _

from .templatetags.zonetrack import wan

# Query parameters of the list that are not filters: kept when filters are removed.
VIEW_PARAMETERS = ("sort", "page_size")
# Filters whose value is a sum in 万元.
MONEY_FILTERS = ("min_investment",)
# The labels also document the API ("Plan type (with plan_year)"): a chip drops the note.
USAGE_NOTE = re.compile(r"\s*[(（][^(（]*[)）]\s*$")


@dataclass(frozen=True)
class Chip:
    name: str
    label: str
    value: str
    remove_url: str


def _shown(form, name, raw, shown) -> bool:
    """Whether the form shows the filter's value: its field is on the page and, for a fixed
    list of options (the size buckets), the value is one of them.
    """
    if name not in shown:
        return False
    field = form.fields[name]
    if isinstance(field, forms.ModelChoiceField) or not isinstance(field.widget, forms.Select):
        return True
    return raw in {str(value) for value, _label in field.widget.choices}


def _display(field, value) -> str:
    if isinstance(value, models.Model):
        return getattr(value, "name", None) or str(value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(field, forms.ChoiceField):
        # A bound form field's choices are (value, label) pairs; the stubs allow any source.
        return str(dict(field.choices).get(value, value))  # type: ignore[arg-type]
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else str(value)
    return str(value)


def _url(path, params) -> str:
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{path}?{encoded}" if encoded else path


def hidden_filter_chips(request, form, shown) -> tuple[list[Chip], str]:
    """The chips of the valid filters applied in ``request.GET`` that the fields ``shown``
    of the FilterSet ``form`` do not show, and the URL clearing every filter (sort and page
    size kept).
    """
    cleaned = getattr(form, "cleaned_data", {})
    chips = []
    for name, field in form.fields.items():
        value = cleaned.get(name)
        raw = request.GET.get(name, "")
        if value in (None, "") or _shown(form, name, raw, shown):
            continue
        params = request.GET.copy()
        params.pop(name)
        if name in MONEY_FILTERS:
            text = _("{amount} 10k CNY").format(amount=wan(value))
        else:
            text = _display(field, value)
        label = USAGE_NOTE.sub("", str(field.label))
        chips.append(Chip(name, label, text, _url(request.path, params)))
    kept = request.GET.copy()
    for name in list(kept):
        if name not in VIEW_PARAMETERS:
            kept.pop(name)
    return chips, _url(request.path, kept)
