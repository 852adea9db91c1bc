"""The filters of the alert list and the 督办 list, and the form of a blocker's action."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zonetrack.forms import DateInput, ModelErrorsMixin, PickerForm, StyledFormMixin

from .choices import (
    AlertKind,
    BlockerAction,
    BlockerCategory,
    BlockerLevel,
    BlockerStatus,
    NoticeStatus,
)
from .models import Notice, TaskForceMember


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
    """The 督办 list's filters: status (or all not yet resolved), category, level, overdue."""

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
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


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


class NoticeForm(StyledFormMixin, ModelErrorsMixin, forms.ModelForm):
    """A notice issued on a blocker (or a project), which the view fixes; the model checks
    the dates and takes the project and the zone from the blocker."""

    class Meta:
        model = Notice
        fields = ["unit", "issued_on", "deadline", "required_reply"]
        widgets = {
            "issued_on": DateInput(),
            "deadline": DateInput(),
            "required_reply": forms.Textarea(attrs={"rows": 4}),
        }


class NoticeReplyForm(StyledFormMixin, forms.ModelForm):
    """The reply a unit gave to a notice, recorded by a writer of the zone."""

    class Meta:
        model = Notice
        fields = ["reply"]
        widgets = {"reply": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reply"].required = True


class TaskForceMemberForm(StyledFormMixin, ModelErrorsMixin, forms.ModelForm):
    class Meta:
        model = TaskForceMember
        fields = ["name", "unit", "position", "role", "duty", "phone"]


class NoticeListForm(PickerForm):
    """The notice list's filters: one of the user's zones, a status, unanswered past the
    deadline only."""

    zone = forms.TypedChoiceField(label=_("Zone"), coerce=int, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *NoticeStatus.choices], required=False
    )
    overdue = forms.BooleanField(label=_("No reply by the deadline"), required=False)

    def __init__(self, data, *, zones, **kwargs):
        """``zones``: (id, name) of the zones the user reads; any other id is refused."""
        super().__init__(data, **kwargs)
        self.fields["zone"].choices = [("", _("All zones")), *zones]
