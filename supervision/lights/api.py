"""/api/lights/: the lights in force today, or on ``?date=``, of the user's zones."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import ListAPIView

from parks.models import Zone
from projects.models import Project
from zonetrack.api import schema
from zonetrack.api.serializers import DateField
from zonetrack.api.views import query_params
from zonetrack.db import today

from .choices import LightColor, LightRuleKind
from .models import ProjectLight
from .reasons import texts


class LightQuerySerializer(serializers.Serializer):
    project = serializers.IntegerField(required=False, min_value=1)
    zone = serializers.IntegerField(required=False, min_value=1)
    color = serializers.ChoiceField(choices=LightColor.choices, required=False)
    date = DateField(required=False)


class ReasonSerializer(serializers.Serializer):
    rule = serializers.ChoiceField(choices=LightRuleKind.choices)
    color = serializers.ChoiceField(choices=LightColor.choices)
    text = serializers.CharField()


class LightSerializer(serializers.ModelSerializer):
    date = serializers.SerializerMethodField(help_text=_("The day the light is given for."))
    since = DateField(
        source="valid_from", help_text=_("The day this colour and these reasons took effect.")
    )
    until = DateField(
        source="valid_to",
        allow_null=True,
        help_text=_("The day they were replaced (null: still in force)."),
    )
    reasons = serializers.SerializerMethodField()

    class Meta:
        model = ProjectLight
        fields = ["project", "zone", "date", "color", "reasons", "since", "until", "rule_version"]

    def get_date(self, light) -> str:
        return self.context["day"].isoformat()

    @extend_schema_field(ReasonSerializer(many=True))
    def get_reasons(self, light):
        return texts(light.reasons, self.context["day"])


class LightListView(ListAPIView):
    """The lights (红黄绿灯) of your zones' projects in force today, or on ``date``; each
    with its reasons in words as they read that day."""

    serializer_class = LightSerializer
    filter_backends = []

    @extend_schema(
        parameters=[
            OpenApiParameter("project", schema.ID, description=_("The light of this project.")),
            OpenApiParameter("zone", schema.ID, description=_("Lights of this zone.")),
            OpenApiParameter("color", str, enum=list(LightColor.values)),
            OpenApiParameter(
                "date", OpenApiTypes.DATE, description=_("YYYY-MM-DD (default: today).")
            ),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def params(self) -> dict:
        if not hasattr(self, "_params"):
            self._params = query_params(LightQuerySerializer, self.request)
        return self._params

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "day": self.params().get("date") or today()}

    def get_queryset(self):
        params, user = self.params(), self.request.user
        lights = ProjectLight.objects.visible_to(user).on(params.get("date") or today())
        if "zone" in params:
            zone = get_object_or_404(Zone.objects.visible_to(user), pk=params["zone"])
            lights = lights.filter(zone_id=zone.pk)
        if "project" in params:
            project = get_object_or_404(Project.objects.visible_to(user), pk=params["project"])
            lights = lights.filter(project_id=project.pk)
        if "color" in params:
            lights = lights.filter(color=params["color"])
        return lights.order_by("project_id")
