"""Filters for blockers, notices, progress updates and evidence, shared by the API and the
督办 list."""

from datetime import timedelta

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parks.filtersets import (
    FilterSet,
    RegionSubtreeFilter,
    RowChoiceFilter,
    RowDateFilter,
    visible_choices,
)
from parks.models import Zone
from projects.models import Milestone, Project
from zonetrack.db import today

from .choices import EvidenceKind, UpdateState
from .models import (
    Blocker,
    BlockerQuerySet,
    Evidence,
    Notice,
    ProgressUpdate,
    TaskForceMember,
    update_late,
    update_received,
)

UPDATE_PARAMETERS = ("update", "update_on")


def update_state(given: dict) -> Q:
    """Projects whose update stands as ``update`` says on ``update_on`` (default today):
    the conditions the update figures count with."""
    as_of = given.get("update_on") or today()
    state = given.get("update")
    if state == UpdateState.RECEIVED:
        return Q(update_received(as_of))
    if state == UpdateState.MISSING:
        return ~Q(update_received(as_of))
    if state == UpdateState.LATE:
        return Q(update_late(as_of))
    return Q()


def project_update_filters() -> dict:
    """The filters of projects by their progress updates (the projects behind the update
    figures of a dashboard), added to the project filters by ``SupervisionConfig.ready``.
    With ``plan_year`` and ``status=active`` they select the key projects the figures
    count."""
    row: dict = {"group": UPDATE_PARAMETERS, "condition": update_state}
    return {
        "update": RowChoiceFilter(
            choices=UpdateState.choices, label=_("Progress update (with update_on)"), **row
        ),
        "update_on": RowDateFilter(label=_("Progress update as of (default: today)"), **row),
    }


class BlockerFilterSet(FilterSet):
    project = django_filters.ModelChoiceFilter(
        queryset=visible_choices(Project), label=_("Project")
    )
    zone = django_filters.ModelChoiceFilter(
        field_name="project__zone", queryset=visible_choices(Zone), label=_("Zone")
    )
    region = RegionSubtreeFilter(field_name="project__zone__region")
    responsible_unit = django_filters.CharFilter(
        lookup_expr="icontains", label=_("Responsible unit (contains)")
    )
    responsible_leader = django_filters.CharFilter(
        lookup_expr="icontains", label=_("Responsible leader (contains)")
    )
    # Ten years at most, as on the 督办 page: a larger count of days overflowed the date (500).
    older_than = django_filters.NumberFilter(
        method="filter_older_than",
        min_value=0,
        max_value=3650,
        label=_("Raised more than (days) ago"),
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("Past the deadline and not yet resolved")
    )

    class Meta:
        model = Blocker
        fields = [
            "status",
            "category",
            "level",
            "zone",
            "region",
            "project",
            "responsible_unit",
            "responsible_leader",
            "older_than",
            "overdue",
        ]

    def filter_overdue(self, queryset, name, value):
        late = BlockerQuerySet.overdue_condition(today())
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_older_than(self, queryset, name, value):
        return queryset.filter(raised_on__lt=today() - timedelta(days=int(value)))


class NoticeFilterSet(FilterSet):
    zone = django_filters.ModelChoiceFilter(queryset=visible_choices(Zone), label=_("Zone"))
    project = django_filters.ModelChoiceFilter(
        queryset=visible_choices(Project), label=_("Project")
    )
    blocker = django_filters.ModelChoiceFilter(
        queryset=visible_choices(Blocker), label=_("Blocker")
    )

    class Meta:
        model = Notice
        fields = ["zone", "project", "blocker", "year", "status"]


class TaskForceMemberFilterSet(FilterSet):
    project = django_filters.ModelChoiceFilter(
        queryset=visible_choices(Project), label=_("Project")
    )

    class Meta:
        model = TaskForceMember
        fields = ["project", "role"]


class ProgressUpdateFilterSet(FilterSet):
    project = django_filters.ModelChoiceFilter(
        queryset=visible_choices(Project), label=_("Project")
    )
    zone = django_filters.ModelChoiceFilter(
        field_name="project__zone", queryset=visible_choices(Zone), label=_("Zone")
    )
    blocker = django_filters.ModelChoiceFilter(
        field_name="blockers", queryset=visible_choices(Blocker), label=_("Blocker")
    )

    class Meta:
        model = ProgressUpdate
        fields = ["project", "zone", "period_start", "blocker"]


class EvidenceFilterSet(FilterSet):
    project = django_filters.ModelChoiceFilter(
        queryset=visible_choices(Project), label=_("Project")
    )
    zone = django_filters.ModelChoiceFilter(
        field_name="project__zone", queryset=visible_choices(Zone), label=_("Zone")
    )
    progress_update = django_filters.ModelChoiceFilter(
        queryset=visible_choices(ProgressUpdate), label=_("Progress update")
    )
    milestone = django_filters.ModelChoiceFilter(
        queryset=visible_choices(Milestone), label=_("Milestone")
    )
    blocker = django_filters.ModelChoiceFilter(
        queryset=visible_choices(Blocker), label=_("Blocker")
    )
    kind = django_filters.ChoiceFilter(choices=EvidenceKind.choices, label=_("Kind"))

    class Meta:
        model = Evidence
        fields = ["project", "zone", "progress_update", "milestone", "blocker", "kind"]
