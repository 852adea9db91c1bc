"""Forms that take evidence files: attaching files to a blocker or a milestone, and raising a
blocker (with its photos) from a project's page. Each file is checked by the model layer's
:func:`~supervision.evidence_files.inspect_upload`, the same check the API applies."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from zonetrack.forms import DateInput, ModelErrorsMixin, StyledFormMixin

from .evidence_files import ACCEPT, allowed_types_message, inspect_upload
from .models import Blocker


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """One or more evidence files; each one refused says which and why."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("label", _("Photos and files"))
        kwargs.setdefault("help_text", lazy(allowed_types_message, str)())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        checked = [super(EvidenceFilesField, self).clean(item, initial) for item in files]
        errors = []
        for upload in checked:
            try:
                inspect_upload(upload.name, upload)
            except ValidationError as error:
                errors.extend(f"{upload.name}: {message}" for message in error.messages)
        if errors:
            raise ValidationError(errors, code="refused")
        return checked

    def has_changed(self, initial, data):
        return bool(data)


class EvidenceUploadForm(StyledFormMixin, forms.Form):
    """Files to attach to a blocker or a milestone, with one caption for them all."""

    attachments = EvidenceFilesField(required=True)
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class BlockerForm(StyledFormMixin, ModelErrorsMixin, forms.ModelForm):
    """A blocker raised by hand on a project's page, with optional photos or files."""

    attachments = EvidenceFilesField(required=False)

    class Meta:
        model = Blocker
        fields = [
            "title",
            "category",
            "level",
            "responsible_unit",
            "responsible_leader",
            "deadline",
            "description",
        ]
        widgets = {"deadline": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}


class ProjectCodeForm(StyledFormMixin, forms.Form):
    """The project a blocker is raised on, by its code (from the 督办 list)."""

    project = forms.CharField(label=_("Project code"), max_length=40)
