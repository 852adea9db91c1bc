"""The filters of the alert list and the 督办 list, and the form of a blocker's action."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zonetrack.forms import PickerForm, StyledFormMixin

from .choices import AlertKind, BlockerAction, BlockerCategory, BlockerLevel, BlockerStatus


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


# The list's status filter: the two pending statuses together come first, as they are what
# the list is for.
PENDING_FILTER = "pending"


class BlockerListForm(PickerForm):
    """The 督办 list's filters: status (or all not yet resolved), category, level, place (a zone
    or, for a user who reads regions, a region), responsible unit and leader (words they
    contain), age, the year closed (as the dashboards count), overdue, and the blockers at the
    user's level of government or above."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), (PENDING_FILTER, _("Not yet resolved")), *BlockerStatus.choices],
        required=False,
    )
    category = forms.ChoiceField(
        label=_("Blocker category"),
        choices=[("", _("All")), *BlockerCategory.choices],
        required=False,
    )
    level = forms.ChoiceField(
        label=_("Level to solve it"),
        choices=[("", _("All")), *BlockerLevel.choices],
        required=False,
    )
    region = forms.TypedChoiceField(label=_("Region"), coerce=int, required=False)
    zone = forms.TypedChoiceField(label=_("Zone"), coerce=int, required=False)
    responsible_unit = forms.CharField(label=_("Responsible unit"), max_length=200, required=False)
    leader = forms.CharField(label=_("Responsible leader"), max_length=100, required=False)
    older_than = forms.IntegerField(
        label=_("Raised more than (days) ago"), min_value=0, max_value=3650, required=False
    )
    closed_in = forms.IntegerField(
        label=_("Closed in (year)"), min_value=2000, max_value=2100, required=False
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    my_level = forms.BooleanField(label=_("For my level"), required=False)

    def __init__(self, data, *, zones, regions, my_level=None, **kwargs):
        """``zones`` and ``regions``: (id, name) of those the user reads, any other id is
        refused; no region picker for a user who reads no region as a whole. ``my_level``:
        the user's level of government (``None``: no such filter for this user)."""
        super().__init__(data, **kwargs)
        self.fields["zone"].choices = [("", _("All zones")), *zones]
        if regions:
            self.fields["region"].choices = [("", _("All regions")), *regions]
        else:
            del self.fields["region"]
        if my_level is None:
            del self.fields["my_level"]
        else:
            # The picker's bound fields are made (and their labels read) by the parent.
            self["my_level"].label = _("For my level ({level} and above)").format(
                level=BlockerLevel(my_level).label
            )


class TransitionForm(StyledFormMixin, forms.Form):
    """One action on a blocker, with the comment and (to resolve) the resolution."""

    action = forms.ChoiceField(choices=BlockerAction.choices, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment"),
        help_text=_("Kept on the timeline; needed to reopen."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    resolution = forms.CharField(
        label=_("Resolution"),
        help_text=_("How the blocker was solved; needed to report it resolved."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
