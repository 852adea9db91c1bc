from typing import Any, cast

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from zonetrack.api.serializers import ModelCleanSerializer, model_errors

from ..models import (
    ENTERED_FIELDS,
    AttractionTeam,
    Leader,
    Milestone,
    Project,
    ProjectLeader,
    write_milestones,
)


class LeaderIdField(serializers.PrimaryKeyRelatedField[Any]):
    """A leader id, read from a project's links (prefetched in position order)."""

    def to_representation(self, value: Any) -> Any:
        return value.leader_id


class ProjectSerializer(ModelCleanSerializer):
    """A project. Money in 万元 (10k CNY) as strings with 2 decimals; ``stage`` is derived
    from the milestones and read-only. Optional fields may be omitted. ``leaders`` are ids,
    the primary first; ``leader`` is the primary's name (read-only). ``team`` is the id of the
    attraction team, of the project's zone; ``attraction_team`` is its name (read-only)."""

    leaders = LeaderIdField(
        source="project_leaders",
        many=True,
        required=False,
        queryset=Leader.objects.all(),
        help_text=_(
            "Ids of the leaders who answer for the project (包保领导), the primary first; each "
            "of the region of the project's zone or one above."
        ),
    )

    class Meta:
        model = Project
        fields = [
            "id",
            *ENTERED_FIELDS,
            "attraction_team",
            "leader",
            "leaders",
            "stage",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["leader", "attraction_team"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        relation = fields["leaders"].child_relation  # type: ignore[attr-defined]
        relation.queryset = Leader.objects.visible_to(getattr(request, "user", None))
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        leaders = attrs.pop("project_leaders", None)
        attrs = super().validate(attrs)
        if leaders is not None:
            project = cast(Project, self._build(attrs))
            try:
                for leader in leaders:
                    ProjectLeader(project=project, leader=leader).check_region()
            except DjangoValidationError as error:
                raise serializers.ValidationError(
                    {"leaders": model_errors(error)["leader"]}
                ) from error
            attrs["project_leaders"] = leaders
        return attrs

    def create(self, validated_data: dict[str, Any]) -> Project:
        leaders = validated_data.pop("project_leaders", [])
        project: Project = super().create(validated_data)
        project.set_leaders(leaders)
        return project

    def update(self, instance: Project, validated_data: dict[str, Any]) -> Project:
        leaders = validated_data.pop("project_leaders", None)
        project: Project = super().update(instance, validated_data)
        if leaders is not None:
            project.set_leaders(leaders)
        return project


class UserNameField(serializers.SlugRelatedField[Any]):
    """A user account by login. Any account may be linked: who may link one is decided by
    who may write leaders, and users are not zone objects (no ``visible_to``)."""

    def get_queryset(self) -> QuerySet[Any]:
        return get_user_model().objects.all()


class LeaderSerializer(ModelCleanSerializer):
    """A leader who answers for projects (包保领导): of a city, a district or a zone, in a
    region. With a user account (its login), "My projects" lists the leader's projects."""

    user = UserNameField(
        slug_field="username",
        required=False,
        allow_null=True,
        help_text=_("Login of the leader's user account, if any (one leader per account)."),
    )

    class Meta:
        model = Leader
        fields = ["id", "name", "title", "level", "region", "user"]


class AttractionTeamSerializer(ModelCleanSerializer):
    """An attraction team of a zone (招商局, 招商分局, 小分队): its name (unique in the zone),
    lead and members (free text). A projects's ``team`` names it by id."""

    class Meta:
        model = AttractionTeam
        fields = ["id", "zone", "name", "lead", "members"]


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

    def create(self, validated_data: dict[str, Any]) -> Milestone:
        milestone = Milestone(**validated_data)
        write_milestones(milestone.project, [milestone])
        return milestone

    def update(self, instance: Milestone, validated_data: dict[str, Any]) -> Milestone:
        for name, value in validated_data.items():
            setattr(instance, name, value)
        write_milestones(instance.project, [instance])
        return instance
