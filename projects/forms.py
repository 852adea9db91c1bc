"""Forms of the project pages. Every rule is the model's: these only choose fields and widgets."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from parks.models import Park
from zonetrack.amounts import WAN_YUAN, format_amount
from zonetrack.dates import within_years
from zonetrack.forms import (
    DateInput,
    ModelErrorsMixin,
    StyledFormMixin,
    WanUsdField,
    WanYuanField,
    widget_class,
)
from zonetrack.web import writable_zones

from .choices import MILESTONE_ORDER, MilestoneKind
from .models import (
    ENTERED_FIELDS,
    AttractionTeam,
    Leader,
    Milestone,
    Project,
    ProjectLeader,
    write_milestones,
)

# Dates as officials type them besides the browser's own picker: 2026-03-01, 2026/3/1, 2026.3.1.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"]

# Project sizes as the seeds count them: 5000万, 1亿, 5亿, 10亿, 30亿, 50亿 (values in 万元),
# named as reports name them ("5亿元以上", the words of the targets' minimum sizes).
SIZE_CHOICES = [
    ("", _("Any size")),
    ("5000", _("50 million CNY and above")),
    ("10000", _("100 million CNY and above")),
    ("50000", _("500 million CNY and above")),
    ("100000", _("1 billion CNY and above")),
    ("300000", _("3 billion CNY and above")),
    ("500000", _("5 billion CNY and above")),
]

SORT_CHOICES = [
    ("code", _("Code")),
    ("name", _("Name")),
    ("zone", _("Zone")),
    ("-total_investment", _("Largest investment first")),
    ("total_investment", _("Smallest investment first")),
    ("stage", _("Stage")),
    ("-updated_at", _("Recently changed")),
]
# The database ordering of each sort key, with the code as a tie-breaker for a stable page.
SORT_ORDERING = {
    "code": ["code"],
    "name": ["name", "code"],
    "zone": ["zone__code", "code"],
    "total_investment": ["total_investment", "code"],
    "stage": ["stage", "code"],
    "updated_at": ["updated_at", "code"],
}


def sort_ordering(value):
    """The order_by() arguments for a sort value such as "-total_investment"; code by default."""
    descending = value.startswith("-")
    fields = SORT_ORDERING.get(value.lstrip("-"), ["code"])
    if descending:
        return [f"-{fields[0]}", *fields[1:]]
    return fields


def schedule_version(milestones) -> str:
    """What the form remembers of the milestones it showed: their planned dates by kind
    ("signing=2026-12-01;groundbreaking=;…"), so that a date changed since is found."""
    planned = {m.kind: m.planned_on for m in milestones}
    return ";".join(
        f"{kind}={planned[kind].isoformat() if planned.get(kind) else ''}"
        for kind in MILESTONE_ORDER
    )


class ProjectForm(StyledFormMixin, forms.ModelForm):
    """Create or edit a project; ``version`` carries the updated_at the form was opened with,
    ``schedule`` the planned dates of the milestones it showed: a save is refused when either
    changed since, as the form writes both."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    schedule = forms.CharField(widget=forms.HiddenInput, required=False)
    # The total investment the user confirmed after the warning below (sent by its button).
    confirm_total = forms.CharField(widget=forms.HiddenInput, required=False)
    primary_leader = forms.ModelChoiceField(
        label=_("Primary leader"),
        queryset=Leader.objects.none(),
        required=False,
        help_text=_("The leader who answers for the project first (包保领导)."),
    )
    other_leaders = forms.ModelMultipleChoiceField(
        label=_("Other leaders"),
        queryset=Leader.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )

    class Meta:
        model = Project
        fields = ENTERED_FIELDS
        field_classes = {
            "total_investment": WanYuanField,
            "foreign_investment_usd": WanUsdField,
            "planned_funds": WanYuanField,
        }
        widgets = {"status_reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.total_jump = None
        zones = writable_zones(user)
        self.fields["zone"].queryset = zones
        if not self.instance.pk and len(zones) == 1:
            self.fields["zone"].initial = zones[0]
        self.fields["park"].queryset = Park.objects.filter(zone__in=zones).select_related("zone")
        self.fields["park"].label_from_instance = lambda park: f"{park.zone.name} · {park.name}"
        self.fields["park"].empty_label = _("No park")
        self.fields["team"].queryset = AttractionTeam.objects.filter(zone__in=zones).select_related(
            "zone"
        )
        self.fields["team"].label_from_instance = lambda team: f"{team.zone.name} · {team.name}"
        self.fields["team"].empty_label = _("No team")
        for name in ("total_investment", "foreign_investment_usd", "planned_funds"):
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal"})
            self.fields[name].widget.attrs["class"] = "form-control text-end"
        if self.instance.pk:
            self.fields["version"].initial = self.instance.updated_at.isoformat()
        self._init_leaders(user)
        self.milestones = (
            {m.kind: m for m in self.instance.milestones.all()} if self.instance.pk else {}
        )
        if self.instance.pk:
            self.fields["schedule"].initial = schedule_version(self.milestones.values())
        for kind in MILESTONE_ORDER:
            existing = self.milestones.get(kind)
            self.fields[f"planned_{kind}"] = forms.DateField(
                label=_("Planned {milestone} date").format(milestone=MilestoneKind(kind).label),
                required=False,
                input_formats=DATE_INPUT_FORMATS,
                validators=[within_years],
                widget=DateInput(attrs={"class": "form-control"}),
                initial=existing.planned_on if existing else None,
            )

    def _init_leaders(self, user):
        leaders = Leader.objects.visible_to(user).select_related("region")
        for name in ("primary_leader", "other_leaders"):
            self.fields[name].queryset = leaders
            self.fields[name].label_from_instance = lambda leader: (
                f"{leader} · {leader.region.name}"
            )
        self.fields["primary_leader"].empty_label = _("No leader")
        if self.instance.pk:
            ids = [link.leader_id for link in self.instance.project_leaders.all()]
            self.fields["primary_leader"].initial = ids[0] if ids else None
            self.fields["other_leaders"].initial = ids[1:]

    def chosen_leaders(self, cleaned):
        """The leaders chosen, primary first."""
        primary = cleaned.get("primary_leader")
        others = [leader for leader in cleaned.get("other_leaders") or () if leader != primary]
        return [primary, *others] if primary else others

    def _check_leaders(self, cleaned):
        zone = cleaned.get("zone")
        if zone is None:
            return
        for leader in self.chosen_leaders(cleaned):
            try:
                ProjectLeader(project=Project(zone=zone), leader=leader).check_region()
            except ValidationError as error:
                field = "primary_leader" if leader == cleaned.get("primary_leader") else None
                self.add_error(field or "other_leaders", error.message_dict["leader"])

    @property
    def schedule_fields(self):
        """The planned dates of the four milestones (the project's schedule)."""
        return [self[f"planned_{kind}"] for kind in MILESTONE_ORDER]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("version") != self.instance.updated_at.isoformat():
            raise ValidationError(self.conflict_message(), code="conflict")
        if self.instance.pk:
            self._check_schedule(cleaned.get("schedule") or "")
        self._check_total_jump(cleaned)
        self._check_leaders(cleaned)
        self._changed_milestones = []
        for kind in MILESTONE_ORDER:
            name = f"planned_{kind}"
            if name not in cleaned:
                continue
            planned = cleaned[name]
            milestone = self.milestones.get(kind)
            if milestone is None and planned is None:
                continue
            if milestone is not None and milestone.planned_on == planned:
                continue
            milestone = milestone or Milestone(kind=kind)
            milestone.planned_on = planned
            if self.instance.pk:
                milestone.project = self.instance
                try:
                    milestone.full_clean(exclude=["project"])
                except ValidationError as error:
                    self.add_error(name, error.messages)
                    continue
            self._changed_milestones.append(milestone)
        return cleaned

    def _check_schedule(self, shown):
        """Refuse the save when a planned date the form showed was changed by someone else
        since (the project's version does not move with its milestones)."""
        opened = dict(part.partition("=")[::2] for part in shown.split(";"))
        changed = []
        for kind in MILESTONE_ORDER:
            milestone = self.milestones.get(kind)
            stored = milestone.planned_on if milestone is not None else None
            if opened.get(kind, "") != (stored.isoformat() if stored else ""):
                changed.append((kind, milestone, stored))
        for kind, milestone, stored in changed:
            name = f"planned_{kind}"
            latest = milestone.history.select_related("history_user").first() if milestone else None
            who = latest.history_user if latest and latest.history_user else _("someone else")
            self.add_error(
                None,
                ValidationError(
                    _(
                        "{who} changed the {field} to {date} after you opened this form. "
                        "Nothing was saved: reload the page to see the current dates, then "
                        "make your change again."
                    ).format(
                        who=who,
                        field=self.fields[name].label,
                        date=stored.isoformat() if stored else "—",
                    ),
                    code="conflict",
                ),
            )
            self.add_error(name, _("Changed by someone else since you opened this form."))

    def _check_total_jump(self, cleaned):
        """A total investment 100 times larger or smaller is most often a unit slip (元 for
        万元, 亿 for 万): the browser form asks once before saving it (the API does not)."""
        old = self.instance.total_investment if self.instance.pk else None
        new = cleaned.get("total_investment")
        if not old or new is None or old * 100 > new > old / 100:
            return
        if cleaned.get("confirm_total") == str(new):
            return
        self.total_jump = {
            "value": str(new),
            "old": format_amount(old, WAN_YUAN),
            "new": format_amount(new, WAN_YUAN),
        }
        self.add_error(
            "total_investment",
            ValidationError(
                _(
                    "This changes the total investment from {old} to {new}, by a factor of 100 "
                    "or more. Check the unit; if the new figure is right, confirm it."
                ).format(**self.total_jump),
                code="confirm",
            ),
        )

    @transaction.atomic
    def save(self, commit=True):
        """Save the project and the planned dates of its milestones together."""
        project = super().save(commit=commit)
        for milestone in self._changed_milestones:
            milestone.project = project
        # Only the planned dates are the form's: an actual date or a note recorded meanwhile
        # on the project's page stays.
        write_milestones(project, self._changed_milestones, only=("planned_on",))
        project.set_leaders(self.chosen_leaders(self.cleaned_data))
        return project

    def conflict_message(self):
        latest = self.instance.history.select_related("history_user").first()
        who = latest.history_user if latest and latest.history_user else _("someone else")
        return _(
            "{who} changed this project at {when}, after you opened this form. Nothing was "
            "saved: reload the page to see the current values, then make your change again."
        ).format(
            # updated_at is stored in UTC; the reader's clock is Shanghai's (TIME_ZONE).
            who=who,
            when=date_format(localtime(self.instance.updated_at), "DATETIME_FORMAT"),
        )


class AttractionTeamForm(StyledFormMixin, ModelErrorsMixin, forms.ModelForm):
    """Add an attraction team to a zone the user writes (the zone comes from the page)."""

    class Meta:
        model = AttractionTeam
        fields = ["name", "lead", "members"]
        widgets = {"members": forms.TextInput()}

    def _get_validation_exclusions(self):
        # The zone is the page's, not a field; the one-name-per-zone rule still needs it.
        exclude = super()._get_validation_exclusions()
        exclude.discard("zone")
        return exclude


class MilestoneRecordForm(StyledFormMixin, ModelErrorsMixin, forms.ModelForm):
    """Record one milestone's actual date in one step (the official's most common act).

    The milestone of the chosen kind is updated when the project has one, else created; the
    model's clean() decides whether the date fits the project's other milestones.
    """

    class Meta:
        model = Milestone
        fields = ["kind", "actual_on", "note"]
        widgets = {"actual_on": DateInput(), "note": forms.TextInput()}

    def __init__(self, data=None, *, project, **kwargs):
        self.project = project
        milestones = {m.kind: m for m in project.milestones.all()}
        kind = (data or {}).get("kind") or self._next_kind(milestones)
        instance = milestones.get(kind) or Milestone(project=project)
        # Ids unique per project: several rows of the list may have their form open at once.
        kwargs.setdefault("auto_id", f"m{project.pk}_%s")
        super().__init__(data, instance=instance, initial={"kind": kind}, **kwargs)
        self.fields["actual_on"].required = True
        self.fields["actual_on"].input_formats = DATE_INPUT_FORMATS
        self.fields["note"].widget.attrs["placeholder"] = _("Optional note")

    @staticmethod
    def _next_kind(milestones):
        for kind in MILESTONE_ORDER:
            milestone = milestones.get(kind)
            if milestone is None or milestone.actual_on is None:
                return kind
        return MilestoneKind.PRODUCTION

    def save(self, commit=True, *, user=None):
        milestone = super().save(commit=False)
        milestone.project = self.project
        milestone.recorded_by = user
        if commit:
            write_milestones(self.project, [milestone])
        return milestone


class SortForm(forms.Form):
    """The project list's sort order (the API sorts with DRF's ``ordering`` instead)."""

    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sort"].widget.attrs["class"] = widget_class(self.fields["sort"].widget)

    def ordering(self):
        return sort_ordering((self.cleaned_data.get("sort") if self.is_valid() else "") or "code")


def list_filter_form(form):
    """The shared ProjectFilterSet's form, dressed for the HTML list.

    Sizes become the seeds' buckets (5000万 … 50亿) and "all" replaces the blank choices;
    the filtering itself stays the FilterSet's.
    """
    form.fields["min_investment"].widget = forms.Select(choices=SIZE_CHOICES)
    form.fields["min_investment"].label = _("Size")
    form.fields["q"].label = _("Search")
    form.fields["q"].widget.attrs["placeholder"] = _("Name, code or investor")
    form.fields["zone"].empty_label = _("All zones")
    form.fields["park"].empty_label = _("All parks")
    form.fields["park"].queryset = form.fields["park"].queryset.select_related("zone")
    form.fields["park"].label_from_instance = lambda park: f"{park.zone.name} · {park.name}"
    for name in ("stage", "category", "level", "status"):
        field = form.fields[name]
        field.empty_label = _("All")
        # Re-set so the field's choice iterator (and its widget) use this copy's label.
        field.choices = [choice for choice in field.choices if choice[0] != ""]
    for field in form.fields.values():
        field.widget.attrs["class"] = widget_class(field.widget)
    return form
