"""The filters of the alert list and the 督办 list, the form of a blocker's action, and the
round's grid of progress updates (调度)."""

from datetime import UTC

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonetrack.dates import within_years
from zonetrack.forms import DateInput, ModelErrorsMixin, PercentField, PickerForm, StyledFormMixin

from .choices import (
    AlertKind,
    BlockerAction,
    BlockerCategory,
    BlockerLevel,
    BlockerStatus,
    NoticeStatus,
)
from .evidence import Evidence, undo_stored_files_on_error
from .evidence_forms import EvidenceFilesField
from .models import (
    PENDING,
    UPDATE_FIELDS,
    Blocker,
    Notice,
    ProgressUpdate,
    TaskForceMember,
    current_start,
)
from .periods import current_starts, period_of


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
    responsible_unit = forms.CharField(label=_("Responsible unit"), required=False, max_length=200)
    responsible_leader = forms.CharField(
        label=_("Responsible leader"), required=False, max_length=100
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=DateInput,
        validators=[within_years],
        help_text=_("To assign: the date it must be solved by."),
    )

    def __init__(self, *args, blocker=None, **kwargs):
        super().__init__(*args, **kwargs)
        if blocker is not None:
            # Assigning starts from who has it now, so a reassignment changes only what moves.
            self.initial |= {
                "responsible_unit": blocker.responsible_unit,
                "responsible_leader": blocker.responsible_leader,
                "deadline": blocker.deadline,
            }


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


class RoundForm(PickerForm):
    """The round page's zone: one of the user's zones."""

    zone = forms.TypedChoiceField(label=_("Zone"), coerce=int, required=False)

    def __init__(self, data, *, zones, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["zone"].choices = list(zones)


class CheckboxList(forms.CheckboxSelectMultiple):
    """Checkboxes one per line, the class on each box rather than on the list around them."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("class", None)
        return context


def version_of(update) -> str:
    """What the page remembers of a row it showed: when it was last saved ("" for none)."""
    if update is None or update.pk is None:
        return ""
    return update.updated_at.astimezone(UTC).strftime("%Y%m%dT%H%M%S.%fZ")


class UpdateCellsForm(StyledFormMixin, ModelErrorsMixin, forms.ModelForm):
    """One project's row of the round, with the version of the update it was loaded with."""

    version = forms.CharField(required=False, widget=forms.HiddenInput)
    blockers = forms.TypedMultipleChoiceField(
        label=_("Blockers reported on"),
        coerce=int,
        required=False,
        widget=CheckboxList,
    )
    attachments = EvidenceFilesField(required=False, help_text="")

    class Meta:
        model = ProgressUpdate
        fields = UPDATE_FIELDS
        field_classes = {"image_progress": PercentField}
        widgets = {
            "progress": forms.Textarea(attrs={"rows": 2}),
            "next_steps": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, blockers=(), linked=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["version"] = version_of(self.instance)
        # The project's blockers still to solve, and any this update already reports on.
        self.fields["blockers"].choices = [
            (blocker.pk, f"{blocker.title}（{blocker.deadline:%m-%d}）") for blocker in blockers
        ]
        self.initial["blockers"] = list(linked)
        self.fields["blockers"].show_hidden_initial = True
        image = self.fields["image_progress"]
        image.widget = forms.TextInput(
            attrs={**image.widget.attrs, "inputmode": "decimal", "class": "form-control text-end"}
        )
        for name in UPDATE_FIELDS:
            # The values the page was loaded with come back with the post, so a row the
            # official left alone is not taken as changed when someone else saved it since.
            self.fields[name].show_hidden_initial = True
        for field in self.fields.values():
            field.required = False
            attrs = field.widget.attrs
            attrs["class"] = f"{attrs.get('class', '')} form-control-sm".strip()
            attrs["aria-label"] = str(field.label)
        self.fields["blockers"].widget.attrs["class"] = "form-check-input me-1"

    def is_blank(self):
        """A row left empty that had no update this period: skipped, not saved."""
        return (
            self.instance.pk is None
            and not any(
                str(self.data.get(self.add_prefix(name), "")).strip() for name in UPDATE_FIELDS
            )
            and not self.files.get(self.add_prefix("attachments"))
            and not self.data.getlist(self.add_prefix("blockers"))
        )

    def clean(self):
        cleaned = super().clean()
        if self.is_blank():
            return cleaned
        # A filled row needs what the model needs; the cells are optional only to allow a row
        # to be skipped whole.
        if cleaned.get("image_progress") is None and "image_progress" not in self.errors:
            self.add_error("image_progress", _("Give the image progress (0–100)."))
        if not (cleaned.get("progress") or "").strip() and "progress" not in self.errors:
            self.add_error("progress", _("Say what progressed this period."))
        return cleaned


def conflict_message(stored):
    if stored is None:
        return _(
            "This project's update was deleted after you loaded the page. Save again to "
            "record yours."
        )
    return _(
        "Someone saved this project's update at {time} after you loaded the page; their "
        "values are shown. Save again to replace them."
    ).format(time=timezone.localtime(stored.updated_at).strftime("%H:%M"))


class RoundRow:
    def __init__(self, project, period, form, last):
        self.project, self.form, self.last = project, form, last
        self.period_start, self.period_end = period
        self.conflict = None
        self.evidence: list = []
        self.blockers: list = []


class RoundRefused(Exception):
    """A file refused while the round was being saved: everything is rolled back."""


class RoundGrid:
    """A round (调度): the current period's update of each project, existing ones pre-filled,
    beside the project's previous update.

    ``save`` writes every filled or changed row in one transaction, or none: a row that is
    invalid, or that someone else saved after the page was loaded (its version changed),
    stops the whole save and is shown with the other person's values.
    """

    def __init__(self, projects, as_of, data=None, files=None):
        self.as_of = as_of
        starts = current_starts(as_of)
        current = {
            update.project_id: update
            for update in ProgressUpdate.objects.filter(
                project__in=projects, period_start__in=set(starts.values())
            ).annotate(current=current_start("project__cadence", as_of))
            if update.period_start == update.current
        }
        latest_before = (
            ProgressUpdate.objects.filter(project=OuterRef("project"))
            .filter(period_start__lt=OuterRef("current"))
            .order_by("-period_start")
            .values("pk")[:1]
        )
        previous = {
            update.project_id: update
            for update in ProgressUpdate.objects.filter(project__in=projects)
            .annotate(current=current_start("project__cadence", as_of))
            .filter(pk=Subquery(latest_before))
        }
        # The files of this period's updates: one query, even while none is reported yet.
        attached: dict[int, list[Evidence]] = {}
        for item in Evidence.objects.filter(
            progress_update__project__in=projects,
            progress_update__period_start__in=set(starts.values()),
        ).order_by("uploaded_at", "pk"):
            attached.setdefault(item.progress_update_id, []).append(item)
        # The blockers each row may report on, and those it does: two queries in all.
        reported = {update.pk for update in current.values()}
        linked: dict[int, set[int]] = {}
        for link in ProgressUpdate.blockers.through.objects.filter(
            progressupdate__project__in=projects,
            progressupdate__period_start__in=set(starts.values()),
        ):
            if link.progressupdate_id in reported:
                linked.setdefault(link.progressupdate_id, set()).add(link.blocker_id)
        named = {pk for pks in linked.values() for pk in pks}
        blockers: dict[int, list[Blocker]] = {}
        for blocker in Blocker.objects.filter(project__in=projects).filter(
            Q(status__in=PENDING) | Q(pk__in=named)
        ):
            blockers.setdefault(blocker.project_id, []).append(blocker)
        self.rows = []
        for project in projects:
            period = period_of(project.cadence, as_of)
            instance = current.get(project.pk) or ProgressUpdate(period_start=period[0])
            instance.project = project
            ids = linked.get(instance.pk, set()) if instance.pk else set()
            form = UpdateCellsForm(
                data,
                files,
                instance=instance,
                prefix=f"p{project.pk}",
                blockers=blockers.get(project.pk, []),
                linked=sorted(ids),
            )
            row = RoundRow(project, period, form, previous.get(project.pk))
            row.evidence = attached.get(instance.pk, []) if instance.pk else []
            row.blockers = [b for b in blockers.get(project.pk, []) if b.pk in ids]
            self.rows.append(row)

    @property
    def to_save(self):
        return [
            row
            for row in self.rows
            if not row.form.is_blank()
            and (row.form.has_changed() and set(row.form.changed_data) - {"version"})
        ]

    def is_valid(self):
        return all([row.form.is_valid() for row in self.to_save])

    @property
    def reported_count(self):
        """Rows whose update for the current period is recorded (no query)."""
        return sum(1 for row in self.rows if row.form.instance.pk is not None)

    @property
    def missing_count(self):
        return len(self.rows) - self.reported_count

    @property
    def error_count(self):
        return sum(
            1 for row in self.rows if (row.form.is_bound and row.form.errors) or row.conflict
        )

    def save(self, user):
        """Save the rows to save with their files, all or none; returns how many, or None on a
        conflict or a refused file (no row and no file is then stored)."""
        try:
            return self._save(user)
        except RoundRefused:
            return None

    def _save(self, user):
        rows = self.to_save
        with undo_stored_files_on_error(), transaction.atomic():
            locked = {
                update.project_id: update
                for update in ProgressUpdate.objects.select_for_update(of=("self",))
                .select_related("reported_by")
                .filter(
                    project__in=[row.project for row in rows],
                    period_start__in={row.period_start for row in rows},
                )
                .annotate(current=current_start("project__cadence", self.as_of))
                .filter(period_start=F("current"))
            }
            for row in rows:
                stored = locked.get(row.project.pk)
                if version_of(stored) != row.form.cleaned_data.get("version", ""):
                    row.conflict = stored
                    # Saving again after reading the other person's values overwrites them.
                    row.form.data = row.form.data.copy()
                    row.form.data[row.form.add_prefix("version")] = version_of(stored)
                    row.form.add_error(None, conflict_message(stored))
            if any(row.conflict for row in rows):
                return None
            for row in rows:
                update = row.form.save(commit=False)
                if update.pk is None:
                    update.reported_by = user
                update.save()
                if "blockers" in row.form.changed_data:
                    update.blockers.set(row.form.cleaned_data["blockers"])
                for upload in row.form.cleaned_data.get("attachments") or []:
                    try:
                        Evidence.objects.attach(update, upload, name=upload.name, uploaded_by=user)
                    except ValidationError as error:
                        row.form.add_error("attachments", error.messages)
                        raise RoundRefused from error
        return len(rows)
