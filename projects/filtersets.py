"""Filters for projects and milestones, shared by the API and the HTML lists."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from investment.choices import PlanType
from investment.models import AnnualPlanEntry
from parks.filtersets import FilterSet, RegionSubtreeFilter, SearchFilter, visible_choices
from parks.models import Park, Zone

from .choices import MilestoneKind
from .models import Milestone, Project


class ProjectFilterSet(FilterSet):
    zone = django_filters.ModelChoiceFilter(queryset=visible_choices(Zone), label=_("Zone"))
    park = django_filters.ModelChoiceFilter(queryset=visible_choices(Park), label=_("Park"))
    region = RegionSubtreeFilter(field_name="zone__region")
    min_investment = django_filters.NumberFilter(
        field_name="total_investment",
        lookup_expr="gte",
        label=_("Total investment at least (10k CNY)"),
    )
    signed_from = django_filters.DateFilter(
        method="filter_signed", label=_("Signed on or after (signing actual date)")
    )
    signed_to = django_filters.DateFilter(
        method="filter_signed", label=_("Signed on or before (signing actual date)")
    )
    q = SearchFilter(
        fields=["name", "code", "investor"], label=_("Search in name, code and investor")
    )
    # The projects behind a dashboard figure (SPEC section 6): on a year's plan, and with a
    # milestone of one kind reached (actual date) or due (planned date) within dates.
    plan_year = django_filters.NumberFilter(
        method="filter_plan", label=_("On the key-project plan of this year")
    )
    plan_type = django_filters.ChoiceFilter(
        choices=PlanType.choices, method="filter_plan", label=_("Plan type (with plan_year)")
    )
    resumed_to = django_filters.DateFilter(
        method="filter_plan", label=_("Resumed on or before (with plan_year)")
    )
    milestone = django_filters.ChoiceFilter(
        choices=MilestoneKind.choices,
        method="filter_milestone",
        label=_("Milestone kind the dates below apply to (default: any)"),
    )
    reached_from = django_filters.DateFilter(
        method="filter_milestone", label=_("Milestone reached on or after (actual date)")
    )
    reached_to = django_filters.DateFilter(
        method="filter_milestone", label=_("Milestone reached on or before (actual date)")
    )
    due_from = django_filters.DateFilter(
        method="filter_milestone", label=_("Milestone planned on or after (planned date)")
    )
    due_to = django_filters.DateFilter(
        method="filter_milestone", label=_("Milestone planned on or before (planned date)")
    )

    class Meta:
        model = Project
        fields = ["zone", "park", "region", "stage", "category", "level", "status", "is_attracted"]

    def filter_signed(self, queryset, name, value):
        lookup = "actual_on__gte" if name == "signed_from" else "actual_on__lte"
        signed = Milestone.objects.filter(
            project=OuterRef("pk"), kind=MilestoneKind.SIGNING, **{lookup: value}
        )
        return queryset.filter(Exists(signed))

    # Each group of parameters describes one row (a plan entry, a milestone): the group's
    # filters all build the same condition, so it is applied once, by the first one present.
    PLAN_PARAMETERS = ("plan_year", "plan_type", "resumed_to")
    MILESTONE_PARAMETERS = ("milestone", "reached_from", "reached_to", "due_from", "due_to")

    def _first_given(self, names):
        return next(name for name in names if self.form.cleaned_data.get(name) not in (None, ""))

    def filter_plan(self, queryset, name, value):
        if name != self._first_given(self.PLAN_PARAMETERS):
            return queryset
        given = self.form.cleaned_data
        entries = AnnualPlanEntry.objects.filter(project=OuterRef("pk"))
        if given.get("plan_year") is not None:
            entries = entries.filter(year=given["plan_year"])
        if given.get("plan_type"):
            entries = entries.filter(plan_type=given["plan_type"])
        if given.get("resumed_to"):
            entries = entries.filter(resumed_on__lte=given["resumed_to"])
        return queryset.filter(Exists(entries))

    def filter_milestone(self, queryset, name, value):
        if name != self._first_given(self.MILESTONE_PARAMETERS):
            return queryset
        given = self.form.cleaned_data
        lookups = {
            "kind": given.get("milestone") or None,
            "actual_on__gte": given.get("reached_from"),
            "actual_on__lte": given.get("reached_to"),
            "planned_on__gte": given.get("due_from"),
            "planned_on__lte": given.get("due_to"),
        }
        milestones = Milestone.objects.filter(
            project=OuterRef("pk"), **{k: v for k, v in lookups.items() if v is not None}
        )
        return queryset.filter(Exists(milestones))


class MilestoneFilterSet(FilterSet):
    project = django_filters.ModelChoiceFilter(
        queryset=visible_choices(Project), label=_("Project")
    )
    zone = django_filters.ModelChoiceFilter(
        field_name="project__zone", queryset=visible_choices(Zone), label=_("Zone")
    )

    class Meta:
        model = Milestone
        fields = ["project", "zone", "kind"]
