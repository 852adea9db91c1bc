"""Form building blocks shared by every page: Bootstrap styling and forgiving number input.

Officials paste figures from Excel, so a number may arrive as "1,234.50", "１２３４", " 12 " or
"3.2亿元"; the fields below read those with the one parser (zonetrack.amounts), converted to
the field's unit, and hand the model a plain Decimal. Validation itself stays in the models.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from .amounts import PERCENT, WAN_USD, WAN_YUAN, parse_amount


class LooseDecimalField(forms.DecimalField):
    """A figure as people type it, in the field's ``unit`` (None: a bare number only)."""

    unit = None

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_amount(value, self.unit, self.decimal_places)


class WanYuanField(LooseDecimalField):
    unit = WAN_YUAN


class WanUsdField(LooseDecimalField):
    unit = WAN_USD


class PercentField(LooseDecimalField):
    unit = PERCENT


def widget_class(widget, small=False) -> str:
    """The Bootstrap class of a widget; ``small`` for the compact pickers of a page's bar."""
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    select = isinstance(widget, forms.Select | forms.SelectMultiple)
    base = "form-select" if select else "form-control"
    return f"{base} {base}-sm" if small else base


class StyledFormMixin:
    """Gives every widget its Bootstrap class and marks fields with errors as invalid."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = f"{field.widget.attrs.get('class', '')} {widget_class(field.widget)}"
            field.widget.attrs["class"] = css.strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"


class ModelErrorsMixin:
    """A ModelForm that shows a model error about a field it does not edit as a form error.

    Model.clean() may speak of a field the form leaves out (the month of a grid row, say);
    Django would raise ValueError, but the official needs to read the message.
    """

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            regrouped = {}
            for name, messages in errors.error_dict.items():
                key = name if name in self.fields else NON_FIELD_ERRORS
                regrouped.setdefault(key, []).extend(messages)
            errors = ValidationError(regrouped)
        super()._update_errors(errors)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PickerForm(forms.Form):
    """The pickers of a page's bar (year, date, zone, filters): compact Bootstrap widgets, and
    bad values replaced by defaults instead of refusing the page.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for bound in self.visible_fields():
            widget = bound.field.widget
            widget.attrs.setdefault("class", widget_class(widget, small=True))

    def value(self, name, default=None):
        """The cleaned value of a field, or ``default`` when missing or invalid."""
        if not self.is_bound:
            return default
        self.is_valid()  # an invalid field is left out of cleaned_data
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value
