"""Form building blocks shared by every page: Bootstrap styling and forgiving number input.

Officials paste figures from Excel, so a number may arrive as "1,234.50", "１２３４", " 12 " or
"3.2亿元"; the fields below read those with the one parser (zonetrack.amounts), converted to
the field's unit, and hand the model a plain Decimal. Validation itself stays in the models.
"""

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from .amounts import MU, PERCENT, WAN_USD, WAN_YUAN, parse_amount
from .widgets import QuickSelect

# The mixins below are mixed into forms; to the type checker they are forms already.
if TYPE_CHECKING:
    _Form = forms.BaseForm
    _ModelForm = forms.BaseModelForm[Any]
else:
    _Form = _ModelForm = object


class LooseDecimalField(forms.DecimalField):
    """A figure as people type it, in the field's ``unit`` (None: a bare number only)."""

    unit: str | None = None

    # django-stubs 5.2.9 types DecimalField.to_python as IntegerField's (int | None).
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        return parse_amount(value, self.unit, self.decimal_places)


class WanYuanField(LooseDecimalField):
    unit = WAN_YUAN


class WanUsdField(LooseDecimalField):
    unit = WAN_USD


class MuField(LooseDecimalField):
    unit = MU


class PercentField(LooseDecimalField):
    unit = PERCENT


def widget_class(widget: forms.Widget, small: bool = False) -> str:
    """The Bootstrap class of a widget; ``small`` for the compact pickers of a page's bar."""
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    select = isinstance(widget, forms.Select | forms.SelectMultiple)
    base = "form-select" if select else "form-control"
    return f"{base} {base}-sm" if small else base


class StyledFormMixin(_Form):
    """Gives every widget its Bootstrap class and marks fields with errors as invalid."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = f"{field.widget.attrs.get('class', '')} {widget_class(field.widget)}"
            field.widget.attrs["class"] = css.strip()

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"


class ModelErrorsMixin(_ModelForm):
    """A ModelForm that shows a model error about a field it does not edit as a form error.

    Model.clean() may speak of a field the form leaves out (the month of a grid row, say);
    Django would raise ValueError, but the official needs to read the message.
    """

    def _update_errors(self, errors: ValidationError) -> None:
        if hasattr(errors, "error_dict"):
            regrouped: dict[str, list[ValidationError]] = {}
            for name, messages in errors.error_dict.items():
                key = name if name in self.fields else NON_FIELD_ERRORS
                regrouped.setdefault(key, []).extend(messages)
            errors = ValidationError(regrouped)
        # django-stubs 5.2.9 leaves out BaseModelForm._update_errors, the hook this overrides.
        super()._update_errors(errors)  # type: ignore[misc]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PickerForm(forms.Form):
    """The pickers of a page's bar (year, date, zone, filters): compact Bootstrap widgets, and
    bad values replaced by defaults instead of refusing the page.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for bound in self.visible_fields():
            widget = bound.field.widget
            if type(widget) is forms.Select:
                widget = bound.field.widget = QuickSelect(widget.attrs, widget.choices)
            widget.attrs.setdefault("class", widget_class(widget, small=True))

    def value(self, name: str, default: Any = None) -> Any:
        """The cleaned value of a field, or ``default`` when missing or invalid."""
        if not self.is_bound:
            return default
        self.is_valid()  # an invalid field is left out of cleaned_data
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value
