"""The filters of the alert list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zonetrack.forms import PickerForm

from .choices import AlertKind


class AlertForm(PickerForm):
    """The alert list's filters: one of the user's zones, one kind."""

    zone = forms.TypedChoiceField(label=_("Zone"), coerce=int, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All")), *AlertKind.choices], required=False
    )

    def __init__(self, data, *, zones, **kwargs):
        """``zones``: (id, name) of the zones the user reads; any other id is refused."""
        super().__init__(data, **kwargs)
        self.fields["zone"].choices = [("", _("All zones")), *zones]
