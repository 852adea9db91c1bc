"""Filters for projects and milestones, shared by the API and the HTML lists."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

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

    class Meta:
        model = Project
        fields = ["zone", "park", "region", "stage", "category", "level", "status", "is_attracted"]

    def filter_signed(self, queryset, name, value):
        lookup = "actual_on__gte" if name == "signed_from" else "actual_on__lte"
        signed = Milestone.objects.filter(
            project=OuterRef("pk"), kind=MilestoneKind.SIGNING, **{lookup: value}
        )
        return queryset.filter(Exists(signed))


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
