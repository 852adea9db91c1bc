"""The pickers of the leadership pages: year and date, ranking metric, wall board filters,
quarter. Bad values are shown next to the field and the defaults are used instead.
"""

from datetime import date
from decimal import Decimal
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from investment.choices import MinimumSize, PlanType
from projects.choices import CATEGORY_FILTER_CHOICES, LEVEL_FILTER_CHOICES, Stage
from zonetrack.dates import within_years
from zonetrack.forms import PickerForm

from .figures.period import Period, quarter_end
from .figures.ranking import DEFAULT_METRIC, RANKED_METRICS
from .figures.restriction import Restriction

FIRST_YEAR = 2000
LAST_YEAR = 2100


def year_choices(today: date):
    """The years offered: the last five, this one and the next."""
    return [(year, str(year)) for year in range(today.year + 1, today.year - 6, -1)]


class PeriodForm(PickerForm):
    """Year Y and date D of SPEC section 6 (defaults: D today, Y the year of D)."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        validators=[within_years],
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, data, *, today: date, **kwargs):
        # The date shows in the picker even when it is today's, the default.
        data = data.copy()
        data.setdefault("as_of", today.isoformat())
        super().__init__(data, **kwargs)
        self.today = today
        year_field = cast(forms.ChoiceField, self.fields["year"])
        year_field.choices = [("", _("Year of the date")), *year_choices(today)]

    def period(self) -> Period:
        as_of = self.value("as_of", self.today)
        return Period(self.value("year", as_of.year), as_of)


class DashboardForm(PeriodForm):
    """A dashboard's year and date, and the projects its plan figures count (the seeds'
    denominators: 市级以上, 工业项目, 亿元以上)."""

    level = forms.ChoiceField(
        label=_("Project level"), choices=[("", _("All")), *LEVEL_FILTER_CHOICES], required=False
    )
    category = forms.ChoiceField(
        label=_("Project category"),
        choices=[("", _("All")), *CATEGORY_FILTER_CHOICES],
        required=False,
    )
    min_investment = forms.TypedChoiceField(
        label=_("Project size"),
        coerce=int,
        choices=[("", _("All")), *MinimumSize.choices[1:]],
        required=False,
    )

    def restriction(self) -> Restriction:
        minimum = self.value("min_investment")
        return Restriction(
            self.value("level", ""),
            self.value("category", ""),
            None if minimum is None else Decimal(minimum),
        )


class YearForm(PickerForm):
    """A year (default: this year's), for figures of whole years (the team scores)."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    def __init__(self, data, *, today: date, **kwargs):
        super().__init__(data, **kwargs)
        self.today = today
        year_field = cast(forms.ChoiceField, self.fields["year"])
        year_field.choices = year_choices(today)
        if not self.data.get("year"):
            # A bound picker ignores its initial value: show the year the page is about.
            self.data = {**self.data, "year": str(today.year)}

    def chosen_year(self) -> int:
        return cast(int, self.value("year", self.today.year))


class RankingForm(PeriodForm):
    metric = forms.ChoiceField(label=_("Rank on"), required=False)
    since = forms.DateField(
        label=_("Compare with the snapshot of"),
        required=False,
        validators=[within_years],
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Default: the last snapshot before the date."),
    )

    field_order = ["metric", "year", "as_of", "since"]

    def __init__(self, data, **kwargs):
        data = data.copy()
        data.setdefault("metric", DEFAULT_METRIC)
        super().__init__(data, **kwargs)
        self.fields["metric"].choices = [
            (name, ranked.label) for name, ranked in RANKED_METRICS.items()
        ]

    def chosen_metric(self) -> str:
        return self.value("metric", DEFAULT_METRIC)


class WallboardForm(PeriodForm):
    park = forms.TypedChoiceField(label=_("Park"), coerce=int, required=False)
    plan_type = forms.ChoiceField(
        label=_("Plan type"), choices=[("", _("All")), *PlanType.choices], required=False
    )
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("All")), *Stage.choices], required=False
    )
    overdue = forms.BooleanField(label=_("Only projects with an overdue milestone"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    field_order = ["q", "park", "plan_type", "stage", "overdue", "year", "as_of"]

    def __init__(self, data, *, parks, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["park"].choices = [("", _("All")), *((p.pk, p.name) for p in parks)]


class QuarterForm(PickerForm):
    """A quarter of a year; the report is as of its end, or of today while it runs."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        required=False,
        choices=[(q, _("Q{quarter}").format(quarter=q)) for q in range(1, 5)],
    )

    def __init__(self, data, *, today: date, **kwargs):
        data = data.copy()
        data.setdefault("year", str(today.year))
        data.setdefault("quarter", str((today.month - 1) // 3 + 1))
        super().__init__(data, **kwargs)
        self.today = today
        cast(forms.ChoiceField, self.fields["year"]).choices = year_choices(today)

    def year_and_quarter(self) -> tuple[int, int]:
        return (
            self.value("year", self.today.year),
            self.value("quarter", (self.today.month - 1) // 3 + 1),
        )

    def period(self) -> Period:
        year, quarter = self.year_and_quarter()
        return Period(year, min(quarter_end(year, quarter), self.today))
