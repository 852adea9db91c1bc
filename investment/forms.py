"""The monthly report grid (one form per project, validated by the model, saved together), the
parks grid (one form per park) and the forms of the targets, annual plan and land pages."""

import json
from decimal import Decimal

from django import forms
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from parks.models import Zone
from projects.forms import DATE_INPUT_FORMATS
from projects.models import Project
from zonetrack.forms import (
    DateInput,
    LooseDecimalField,
    ModelErrorsMixin,
    MuField,
    PercentField,
    StyledFormMixin,
    WanUsdField,
    WanYuanField,
    widget_class,
)

from .choices import MinimumSize
from .models import (
    LAND_FIELDS,
    PARK_INDICATOR_VALUES,
    PLAN_FIELDS,
    AnnualPlanEntry,
    InvestmentReport,
    LandParcel,
    ParkIndicator,
    Target,
)

MONEY_FIELDS = [
    "completed_investment",
    "funds_domestic",
    "funds_out_of_province",
    "funds_foreign_usd",
]
GRID_FIELDS = [*MONEY_FIELDS, "image_progress", "note"]


def report_version(report) -> str:
    """What the grid remembers of a row it showed: the stored values of its cells ("" for a
    month not yet reported). The model keeps no timestamp; a row saved since reads
    differently, and the values tell which cells the official changed on the page."""
    if report is None or report.pk is None:
        return ""
    return json.dumps(
        [None if (value := getattr(report, name)) is None else str(value) for name in GRID_FIELDS]
    )


class ReportCellsForm(StyledFormMixin, ModelErrorsMixin, forms.ModelForm):
    """One project's row of the grid, with the values it was shown with (``version``).

    A blank money cell in a filled row counts as zero. A bound row compares what was posted
    with the values the page showed, not with the row as stored now: a row the official did
    not touch is not saved, even when someone else saved it meanwhile.
    """

    version = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = InvestmentReport
        fields = GRID_FIELDS
        field_classes = {
            "completed_investment": WanYuanField,
            "funds_domestic": WanYuanField,
            "funds_out_of_province": WanYuanField,
            "funds_foreign_usd": WanUsdField,
            "image_progress": PercentField,
        }
        widgets = {"note": forms.TextInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = False
        self.theirs = {}
        self.initial["version"] = report_version(self.instance)
        if self.instance.pk is None:
            # A month not yet reported shows empty cells, not the model's zero defaults.
            self.initial.update(dict.fromkeys(MONEY_FIELDS))
        for name, field in self.fields.items():
            if name == "version":
                continue
            field.required = False
            attrs = field.widget.attrs
            attrs["class"] = f"{attrs['class']} form-control-sm"
            if name != "note":
                field.widget = forms.TextInput(attrs={**attrs, "inputmode": "decimal"})
                field.widget.attrs["class"] += " text-end"
            field.widget.attrs["aria-label"] = str(field.label)
        if self.is_bound:
            self.initial.update(self._shown(self.data.get(self.add_prefix("version"), "")))

    def _shown(self, version):
        """The cells as the page showed them, read from the posted ``version``; nothing (the
        stored values stand in) when it cannot be read, and the save then finds a conflict."""
        if not version:
            return {**dict.fromkeys(GRID_FIELDS), "note": ""}
        try:
            values = json.loads(version)
            if not isinstance(values, list) or len(values) != len(GRID_FIELDS):
                return {}
            return {
                name: self.fields[name].to_python(value if value is not None else "")
                for name, value in zip(GRID_FIELDS, values, strict=True)
            }
        except (ValueError, TypeError, forms.ValidationError):
            return {}

    @property
    def changed_cells(self):
        """The cells the official changed on the page."""
        return [name for name in self.changed_data if name != "version"]

    def clean(self):
        cleaned = super().clean()
        for name in MONEY_FIELDS:
            if cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = Decimal("0.00")
        return cleaned

    def mark_conflict(self, stored):
        """Refuse the row: ``stored`` (None when deleted) changed after the page was loaded.

        The cells the official changed keep their value, with the stored one shown beside it;
        the others take the stored values, so saving again changes only the official's cells.
        """
        changed = self.changed_cells
        self.conflict = True
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = report_version(stored)
        for name in GRID_FIELDS:
            value = getattr(stored, name) if stored is not None else None
            if name not in changed:
                self.data[self.add_prefix(name)] = "" if value is None else str(value)
            elif stored is not None and value != self.cleaned_data.get(name):
                self.theirs[name] = value
        if stored is None:
            message = _(
                "This project's report for the month was deleted after you loaded the page. "
                "Nothing was saved: save again to record yours."
            )
        else:
            message = _(
                "Someone else saved this project's figures for the month after you loaded the "
                "page; their values are shown under yours. Nothing was saved: save again to "
                "replace them with yours, or reload the page to keep theirs."
            )
        self.add_error(None, message)


class GridConflict(Exception):
    """A row someone else saved while the grid was being saved: everything is rolled back."""


class ReportGrid:
    """A month's reports for a list of projects, existing ones pre-filled.

    ``is_valid`` checks every row the official changed; ``save`` writes them in one
    transaction, or none: a row that is invalid, or that someone else saved after the page
    was loaded (its stored values differ from those the page showed), stops the whole save and
    is shown with the other official's values.
    """

    def __init__(self, projects, year, month, data=None, previous=None):
        self.year, self.month = year, month
        existing = {
            report.project_id: report
            for report in InvestmentReport.objects.filter(
                project__in=projects, year=year, month=month
            )
        }
        self.rows = []
        for project in projects:
            instance = existing.get(project.pk) or InvestmentReport(year=year, month=month)
            # The listed project (with its prefetched milestones) serves the model's checks.
            instance.project = project
            form = ReportCellsForm(data, instance=instance, prefix=f"p{project.pk}")
            last = (previous or {}).get(project.pk)
            if last is not None and last.image_progress is not None:
                form.fields["image_progress"].widget.attrs["placeholder"] = (
                    f"{last.image_progress:.0f}"
                )
            self.rows.append((project, form))

    @property
    def to_save(self):
        return [form for _project, form in self.rows if form.changed_cells]

    def is_valid(self):
        forms_ = self.to_save
        return all([form.is_valid() for form in forms_])

    @property
    def error_count(self):
        return sum(1 for _project, form in self.rows if form.is_bound and form.errors)

    def save(self):
        """How many rows were saved, or None on a conflict (nothing is then saved)."""
        try:
            return self._save()
        except GridConflict:
            return None

    def _save(self):
        forms_ = self.to_save
        projects = [form.instance.project for form in forms_]
        with transaction.atomic():
            stored = self._stored(projects, lock=True)
            for form in forms_:
                current = stored.get(form.instance.project_id)
                if report_version(current) != form.cleaned_data.get("version", ""):
                    form.mark_conflict(current)
            if any(form.conflict for form in forms_):
                raise GridConflict
            raced = []
            for form in forms_:
                current = stored.get(form.instance.project_id)
                if current is None:
                    report = InvestmentReport(
                        project=form.instance.project, year=self.year, month=self.month
                    )
                    names = GRID_FIELDS
                else:
                    report, names = current, form.changed_cells
                for name in names:
                    setattr(report, name, form.cleaned_data[name])
                try:
                    # A savepoint: another official's first save of the same row may commit
                    # between the read above and this insert.
                    with transaction.atomic():
                        report.save()
                except IntegrityError:
                    if current is not None:
                        raise
                    raced.append(form)
            if raced:
                winners = self._stored([form.instance.project for form in raced])
                for form in raced:
                    winner = winners.get(form.instance.project_id)
                    if winner is None:
                        raise IntegrityError(f"{form.instance.project} could not be saved")
                    form.mark_conflict(winner)
                raise GridConflict
        return len(forms_)

    def _stored(self, projects, lock=False):
        """This month's stored rows of ``projects``, by project id (locked for the save)."""
        reports = InvestmentReport.objects.filter(
            project__in=projects, year=self.year, month=self.month
        )
        if lock:
            reports = reports.select_for_update()
        return {report.project_id: report for report in reports}

    def totals(self):
        sums = dict.fromkeys(MONEY_FIELDS, Decimal("0"))
        for _project, form in self.rows:
            for name in MONEY_FIELDS:
                sums[name] += getattr(form.instance, name) or 0
        return sums


MONTH_CHOICES = [(m, m) for m in range(1, 13)]


class PeriodForm(forms.Form):
    zone: "forms.ModelChoiceField[Zone]" = forms.ModelChoiceField(
        label=_("Zone"), queryset=None, required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    month = forms.TypedChoiceField(
        label=_("Month"), choices=MONTH_CHOICES, coerce=int, required=False
    )

    def __init__(self, *args, zones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = zones
        self.fields["zone"].empty_label = None
        for field in self.fields.values():
            field.widget.attrs["class"] = widget_class(field.widget)


class ZoneYearForm(forms.Form):
    """Which zone and year the targets and plan pages show.

    ``zones`` is a list the view has read once: it both fills the picker and finds the zone
    asked for, so the page reads the zones a single time.
    """

    zone = forms.TypedChoiceField(label=_("Zone"), coerce=int)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, zones, **kwargs):
        super().__init__(*args, **kwargs)
        self.zones = {zone.pk: zone for zone in zones}
        self.fields["zone"].choices = [(zone.pk, zone.name) for zone in zones]
        for field in self.fields.values():
            field.widget.attrs["class"] = widget_class(field.widget)

    def chosen_zone(self):
        """The zone picked, or None when the choice is not one of the user's zones."""
        return self.zones.get(self.cleaned_data.get("zone"))


TARGET_VALUE_FIELDS = ["annual_value", "q1_value", "q2_value", "q3_value"]


class TargetForm(StyledFormMixin, ModelErrorsMixin, forms.ModelForm):
    """A zone lead's target: the minimum size is one of the report tiers (5000万元以上 …)."""

    min_investment = forms.TypedChoiceField(
        label=_("Minimum project size"), coerce=Decimal, choices=MinimumSize.choices
    )

    class Meta:
        model = Target
        fields = [
            "zone",
            "year",
            "metric",
            "min_investment",
            "category",
            "level",
            *TARGET_VALUE_FIELDS,
        ]
        field_classes = dict.fromkeys(TARGET_VALUE_FIELDS, LooseDecimalField)
        widgets = {
            name: forms.TextInput(attrs={"inputmode": "decimal", "class": "text-end"})
            for name in TARGET_VALUE_FIELDS
        }

    def __init__(self, *args, zones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = zones
        self.fields["zone"].empty_label = None
        field = self.fields["min_investment"]
        current = self.instance.min_investment if self.instance.pk else None
        if current is not None and current == current.to_integral_value():
            # The options are "5000", "10000" …; the stored "10000.00" must select its tier.
            current = int(current)
            self.initial["min_investment"] = current
        if current is not None and current not in MinimumSize.values:
            # A minimum set through the API that is not a tier stays as it is when edited.
            field.choices = [*field.choices, (current, str(current))]
        self.fields["annual_value"].help_text = _(
            "Counts are numbers of projects; sums are in 10k CNY (万元). Quarterly values are "
            "cumulative (Q2 includes Q1) and may be left empty."
        )


class AnnualPlanEntryForm(StyledFormMixin, ModelErrorsMixin, forms.ModelForm):
    """An official's entry of a project on a year's plan (新开工 or 续建)."""

    class Meta:
        model = AnnualPlanEntry
        fields = PLAN_FIELDS
        field_classes = {"planned_investment": LooseDecimalField}
        widgets = {
            "planned_investment": forms.TextInput(
                attrs={"inputmode": "decimal", "class": "text-end"}
            ),
            "planned_start_on": DateInput(),
            "resumed_on": DateInput(),
        }

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["project"].label_from_instance = lambda project: (
            f"{project.code} · {project.name}"
        )
        for name in ("planned_start_on", "resumed_on"):
            self.fields[name].input_formats = DATE_INPUT_FORMATS


LAND_FORM_FIELDS = [name for name in LAND_FIELDS if name != "zone"]


class LandParcelForm(StyledFormMixin, ModelErrorsMixin, forms.ModelForm):
    """A parcel of a zone's land ledger; the zone is the page's, its park and project the
    zone's. Areas take 亩 ("12.5亩"), the investment 万元 or 亿元."""

    class Meta:
        model = LandParcel
        fields = LAND_FORM_FIELDS
        field_classes = {
            "area_mu": MuField,
            "revitalized_mu": MuField,
            "investment": WanYuanField,
        }
        widgets = {
            **{
                name: forms.TextInput(attrs={"inputmode": "decimal", "class": "text-end"})
                for name in ("area_mu", "revitalized_mu", "investment")
            },
            "identified_on": DateInput(),
            "revitalized_on": DateInput(),
        }

    def __init__(self, *args, zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.zone = zone
        self.fields["park"].queryset = zone.parks.order_by("name")
        self.fields["project"].queryset = Project.objects.filter(zone=zone).order_by("code")
        self.fields["project"].label_from_instance = lambda project: (
            f"{project.code} · {project.name}"
        )
        for name in ("identified_on", "revitalized_on"):
            self.fields[name].input_formats = DATE_INPUT_FORMATS


def indicator_version(indicator) -> str:
    """What the page remembers of a park's row it showed: its stored values ("" for none).
    The model keeps no timestamp; a row changed since reads differently."""
    if indicator is None or indicator.pk is None:
        return ""
    return "|".join(str(getattr(indicator, name)) for name in PARK_INDICATOR_VALUES)


class ParkIndicatorCellsForm(StyledFormMixin, ModelErrorsMixin, forms.ModelForm):
    """One park's row of the parks grid, with the version of the row it was loaded with."""

    version = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = ParkIndicator
        fields = list(PARK_INDICATOR_VALUES)
        field_classes = dict.fromkeys(PARK_INDICATOR_VALUES, WanYuanField)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["version"] = indicator_version(self.instance)
        for name in PARK_INDICATOR_VALUES:
            field = self.fields[name]
            field.required = False
            attrs = {**field.widget.attrs, "inputmode": "decimal", "aria-label": str(field.label)}
            attrs["class"] = f"{attrs.get('class', 'form-control')} form-control-sm text-end"
            field.widget = forms.TextInput(attrs=attrs)

    def is_blank(self):
        """A row left empty that had no figures: skipped, not saved."""
        return self.instance.pk is None and not any(
            str(self.data.get(self.add_prefix(name), "")).strip() for name in PARK_INDICATOR_VALUES
        )


class ParkIndicatorGrid:
    """A zone's parks and what each reported for a year, or a quarter of it.

    ``save`` writes every filled or changed row in one transaction, or none: a row that is
    invalid, or that someone saved after the page was loaded (its version changed), stops the
    whole save and shows the stored values.
    """

    def __init__(self, parks, year, quarter, data=None):
        self.year, self.quarter = year, quarter
        existing = {
            indicator.park_id: indicator
            for indicator in ParkIndicator.objects.filter(
                park__in=parks, year=year, quarter=quarter
            )
        }
        self.rows = []
        for park in parks:
            instance = existing.get(park.pk) or ParkIndicator(year=year, quarter=quarter)
            instance.park = park
            form = ParkIndicatorCellsForm(data, instance=instance, prefix=f"k{park.pk}")
            form.conflict = False
            self.rows.append((park, form))

    @property
    def to_save(self):
        return [
            form
            for _park, form in self.rows
            if not form.is_blank() and set(form.changed_data) - {"version"}
        ]

    def is_valid(self):
        return all([form.is_valid() for form in self.to_save])

    @property
    def error_count(self):
        return sum(1 for _park, form in self.rows if form.is_bound and form.errors)

    def save(self):
        """How many rows were saved, or None on a conflict (nothing is then saved)."""
        forms_ = self.to_save
        with transaction.atomic():
            stored = {
                indicator.park_id: indicator
                for indicator in ParkIndicator.objects.select_for_update().filter(
                    park__in=[form.instance.park for form in forms_],
                    year=self.year,
                    quarter=self.quarter,
                )
            }
            for form in forms_:
                current = stored.get(form.instance.park_id)
                if indicator_version(current) != form.cleaned_data.get("version", ""):
                    form.conflict = True
                    # Saving again after reading the stored values overwrites them.
                    form.data = form.data.copy()
                    form.data[form.add_prefix("version")] = indicator_version(current)
                    form.add_error(
                        None,
                        _(
                            "Someone saved this park's figures after you loaded the page. "
                            "Save again to replace them with yours, or reload to read theirs."
                        ),
                    )
            if any(form.conflict for form in forms_):
                return None
            for form in forms_:
                form.save()
        return len(forms_)
