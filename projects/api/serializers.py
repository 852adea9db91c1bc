from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from zonetrack.api.serializers import ModelCleanSerializer

from ..models import ENTERED_FIELDS, Milestone, Project


class ProjectSerializer(ModelCleanSerializer):
    """A project. Money in 万元 (10k CNY) as strings with 2 decimals; ``stage`` is derived
    from the milestones and read-only. Optional fields may be omitted."""

    class Meta:
        model = Project
        fields = [
            "id",
            *ENTERED_FIELDS,
            "stage",
            "created_at",
            "updated_at",
        ]


class MilestoneSerializer(ModelCleanSerializer):
    """One of a project's four milestones, with planned and actual dates. Actual dates are in
    order (signing ≤ groundbreaking ≤ completion ≤ production) and never in the future."""

    recorded_by: "serializers.SlugRelatedField[Any]" = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        help_text=_("Login of the user who last recorded this milestone."),
    )

    class Meta:
        model = Milestone
        fields = [
            "id",
            "project",
            "kind",
            "planned_on",
            "actual_on",
            "note",
            "recorded_by",
            "recorded_at",
        ]
