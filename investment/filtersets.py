"""Filters for plan entries, monthly reports and targets, shared by the API and the HTML lists."""

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from parks.filtersets import (
    FilterSet,
    RowChoiceFilter,
    RowDateFilter,
    RowNumberFilter,
    YearFilter,
    visible_choices,
)
from parks.models import Park, Zone
from projects.models import Project

from .choices import PlanType
from .models import AnnualPlanEntry, InvestmentReport, LandParcel, ParkIndicator, Target


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
        fields = ["zone", "year", "metric", "category", "level"]


class LandParcelFilterSet(FilterSet):
    zone = django_filters.ModelChoiceFilter(queryset=visible_choices(Zone), label=_("Zone"))
    park = django_filters.ModelChoiceFilter(queryset=visible_choices(Park), label=_("Park"))
    revitalized = django_filters.BooleanFilter(
        field_name="revitalized_on",
        lookup_expr="isnull",
        exclude=True,
        label=_("Revitalized"),
    )
    identified_year = YearFilter(field_name="identified_on", label=_("Identified in the year"))
    revitalized_year = YearFilter(field_name="revitalized_on", label=_("Revitalized in the year"))

    class Meta:
        model = LandParcel
        fields = ["zone", "park", "kind", "method", "planned_year", "revitalized"]


class ParkIndicatorFilterSet(FilterSet):
    zone = django_filters.ModelChoiceFilter(
        field_name="park__zone", queryset=visible_choices(Zone), label=_("Zone")
    )
    park = django_filters.ModelChoiceFilter(queryset=visible_choices(Park), label=_("Park"))
    whole_year = django_filters.BooleanFilter(
        field_name="quarter", lookup_expr="isnull", label=_("Whole year")
    )

    class Meta:
        model = ParkIndicator
        fields = ["zone", "park", "year", "quarter", "whole_year"]


PLAN_PARAMETERS = ("plan_year", "plan_type", "resumed_to")


def on_plan(given: dict) -> Exists:
    """Projects with a plan entry (of the year, type and resumed by the date given)."""
    entries = AnnualPlanEntry.objects.filter(project=OuterRef("pk"))
    if given.get("plan_year") is not None:
        entries = entries.filter(year=given["plan_year"])
    if given.get("plan_type"):
        entries = entries.filter(plan_type=given["plan_type"])
    if given.get("resumed_to"):
        entries = entries.filter(resumed_on__lte=given["resumed_to"])
    return Exists(entries)


def project_plan_filters() -> dict:
    """The filters of projects by their plan entries (the projects behind a dashboard's plan
    figures), added to the project filters by ``InvestmentConfig.ready``.
    """
    row: dict[str, Any] = {"group": PLAN_PARAMETERS, "condition": on_plan}
    return {
        "plan_year": RowNumberFilter(label=_("On the key-project plan of this year"), **row),
        "plan_type": RowChoiceFilter(
            choices=PlanType.choices, label=_("Plan type (with plan_year)"), **row
        ),
        "resumed_to": RowDateFilter(label=_("Resumed on or before (with plan_year)"), **row),
    }
