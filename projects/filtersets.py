"""Filters for projects and milestones, shared by the API and the HTML lists."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from parks.filtersets import (
    DateFilter,
    FilterSet,
    RegionSubtreeFilter,
    RowChoiceFilter,
    RowDateFilter,
    SearchFilter,
    visible_choices,
)
from parks.models import Park, Zone

from .choices import MilestoneKind
from .models import AttractionTeam, Leader, Milestone, Project

MILESTONE_PARAMETERS = ("milestone", "reached_from", "reached_to", "due_from", "due_to")


def milestone_reached_or_due(given: dict) -> Exists:
    """Projects with a milestone (of the kind given, if any) within the dates given."""
    lookups = {
        "kind": given.get("milestone"),
        "actual_on__gte": given.get("reached_from"),
        "actual_on__lte": given.get("reached_to"),
        "planned_on__gte": given.get("due_from"),
        "planned_on__lte": given.get("due_to"),
    }
    milestones = Milestone.objects.filter(
        project=OuterRef("pk"), **{k: v for k, v in lookups.items() if v is not None}
    )
    return Exists(milestones)


class ProjectFilterSet(FilterSet):
    zone = django_filters.ModelChoiceFilter(queryset=visible_choices(Zone), label=_("Zone"))
    park = django_filters.ModelChoiceFilter(queryset=visible_choices(Park), label=_("Park"))
    region = RegionSubtreeFilter(field_name="zone__region")
    min_investment = django_filters.NumberFilter(
        field_name="total_investment",
        lookup_expr="gte",
        label=_("Total investment at least (10k CNY)"),
    )
    signed_from = DateFilter(
        method="filter_signed", label=_("Signed on or after (signing actual date)")
    )
    signed_to = DateFilter(
        method="filter_signed", label=_("Signed on or before (signing actual date)")
    )
    q = SearchFilter(
        fields=["name", "code", "investor"], label=_("Search in name, code and investor")
    )
    # The projects behind a dashboard figure (SPEC section 6): with a milestone of one kind
    # reached (actual date) or due (planned date) within dates. Apps above add theirs (a
    # year's plan: investment) through ``extend``.
    milestone = RowChoiceFilter(
        choices=MilestoneKind.choices,
        group=MILESTONE_PARAMETERS,
        condition=milestone_reached_or_due,
        label=_("Milestone kind the dates below apply to (default: any)"),
    )
    reached_from = RowDateFilter(
        group=MILESTONE_PARAMETERS,
        condition=milestone_reached_or_due,
        label=_("Milestone reached on or after (actual date)"),
    )
    reached_to = RowDateFilter(
        group=MILESTONE_PARAMETERS,
        condition=milestone_reached_or_due,
        label=_("Milestone reached on or before (actual date)"),
    )
    due_from = RowDateFilter(
        group=MILESTONE_PARAMETERS,
        condition=milestone_reached_or_due,
        label=_("Milestone planned on or after (planned date)"),
    )
    due_to = RowDateFilter(
        group=MILESTONE_PARAMETERS,
        condition=milestone_reached_or_due,
        label=_("Milestone planned on or before (planned date)"),
    )

    team = django_filters.ModelChoiceFilter(
        queryset=visible_choices(AttractionTeam), label=_("Attraction team")
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


class LeaderFilterSet(FilterSet):
    region = RegionSubtreeFilter()
    user = django_filters.CharFilter(
        field_name="user__username", label=_("Login of the leader's user account")
    )
    q = SearchFilter(fields=["name", "title"], label=_("Name or title contains"))

    class Meta:
        model = Leader
        fields = ["region", "level", "user", "q"]


class AttractionTeamFilterSet(FilterSet):
    zone = django_filters.ModelChoiceFilter(queryset=visible_choices(Zone), label=_("Zone"))
    region = RegionSubtreeFilter(field_name="zone__region")
    q = SearchFilter(fields=["name", "lead", "members"], label=_("Name, lead or member contains"))

    class Meta:
        model = AttractionTeam
        fields = ["zone", "region", "q"]
