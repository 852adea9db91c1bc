"""Filters for plan entries, monthly reports and targets, shared by the API and the HTML lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from parks.filtersets import FilterSet, visible_choices
from parks.models import Zone
from projects.models import Project

from .models import AnnualPlanEntry, InvestmentReport, Target


class AnnualPlanEntryFilterSet(FilterSet):
    project = django_filters.ModelChoiceFilter(
        queryset=visible_choices(Project), label=_("Project")
    )
    zone = django_filters.ModelChoiceFilter(
        field_name="project__zone", queryset=visible_choices(Zone), label=_("Zone")
    )

    class Meta:
        model = AnnualPlanEntry
        fields = ["year", "project", "zone", "plan_type"]


class InvestmentReportFilterSet(FilterSet):
    project = django_filters.ModelChoiceFilter(
        queryset=visible_choices(Project), label=_("Project")
    )
    zone = django_filters.ModelChoiceFilter(
        field_name="project__zone", queryset=visible_choices(Zone), label=_("Zone")
    )

    class Meta:
        model = InvestmentReport
        fields = ["project", "zone", "year", "month"]


class TargetFilterSet(FilterSet):
    zone = django_filters.ModelChoiceFilter(queryset=visible_choices(Zone), label=_("Zone"))

    class Meta:
        model = Target
        fields = ["zone", "year", "metric"]
