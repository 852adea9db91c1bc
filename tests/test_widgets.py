"""``QuickSelect`` writes what Django's ``Select`` writes with its templates."""

import re
from datetime import date

import pytest
from django import forms
from django.http import QueryDict

from reports.forms import DashboardForm
from zonetrack.widgets import QuickSelect

CHOICES = [("", "全部"), (1, "A&B"), ("省内", [(2, "x<y"), (3, '"z"')])]


def between_tags(html: str) -> str:
    # The option template ends in a newline: blank lines between tags are all that differ.
    return re.sub(r">\s+<", "><", html)


@pytest.mark.parametrize("value", [None, "", 1, "2", 3, "nothing"])
def test_a_quick_select_writes_what_the_templates_write(value):
    attrs = {"class": "form-select form-select-sm", "data-picker": True, "disabled": False}
    django_select = forms.Select(attrs, CHOICES).render("level", value, {"id": "id_level"})
    quick = QuickSelect(attrs, CHOICES).render("level", value, {"id": "id_level"})
    assert between_tags(quick) == between_tags(django_select)
    assert "&lt;" in quick and "&amp;" in quick and "&quot;z&quot;" in quick


def test_a_picker_forms_selects_are_quick_and_keep_their_choices():
    form = DashboardForm(QueryDict("level=city_key"), today=date(2026, 11, 22))
    level, year = form.fields["level"], form.fields["year"]
    assert type(level.widget) is QuickSelect and type(year.widget) is QuickSelect
    assert list(level.widget.choices) == list(level.choices)
    assert list(year.widget.choices) == list(year.choices)  # set after the widget was swapped
    assert 'value="city_key" selected' in str(form["level"])
