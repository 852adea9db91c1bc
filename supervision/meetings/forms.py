"""The forms of the meeting pages: plan a meeting, add an attendee, record a decision, note
an agenda item."""

from django import forms
from django.utils.translation import gettext_lazy as _

from parks.models import Zone
from zonetrack.dates import within_years
from zonetrack.forms import DateInput, StyledFormMixin

from .choices import MeetingLevel
from .models import Attendee


class PlanForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput(), validators=[within_years])
    level = forms.ChoiceField(label=_("Meeting level"), choices=MeetingLevel.choices)
    chair = forms.CharField(label=_("Chair"), max_length=100)
    zones: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Zones"), queryset=Zone.objects.none()
    )

    def __init__(self, *args, zones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zones"].queryset = zones


class AttendeeForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Attendee
        fields = ["name", "unit"]


class DecisionForm(StyledFormMixin, forms.Form):
    project = forms.CharField(
        label=_("Project code"), max_length=40, help_text=_("A project of the meeting's zones.")
    )
    title = forms.CharField(label=_("Decision"), max_length=200)
    responsible_unit = forms.CharField(label=_("Responsible unit"), max_length=200)
    responsible_leader = forms.CharField(
        label=_("Responsible leader"), max_length=100, required=False
    )
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput(), validators=[within_years])


class NoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))
