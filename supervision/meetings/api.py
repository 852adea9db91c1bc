"""/api/meetings/: the meetings of the user's zones with their agenda and decisions; a POST
plans one (its agenda writes itself), for a zone lead of its zones or the leadership of its
level."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.response import Response

from parks.models import Zone
from zonetrack.api.serializers import model_errors
from zonetrack.db import today

from ..models import Blocker
from . import services
from .models import AgendaItem, Meeting


class VisibleZoneField(serializers.PrimaryKeyRelatedField):
    """A zone id the user reads: any other is "does not exist" (400), never leaked."""

    def get_queryset(self):
        return Zone.objects.visible_to(self.context["request"].user).select_related("region")


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["kind", "project", "blocker", "text", "note", "order"]


class MeetingSerializer(serializers.ModelSerializer):
    zones = VisibleZoneField(many=True)
    agenda = AgendaItemSerializer(many=True, read_only=True)
    decisions: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "date",
            "level",
            "chair",
            "zones",
            "state",
            "minutes_version",
            "agenda",
            "decisions",
        ]
        read_only_fields = ["state", "minutes_version"]


class MeetingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Scheduling meetings (调度会) every zone of which you read."""

    serializer_class = MeetingSerializer
    queryset = Meeting.objects.all()
    filter_backends: list = []

    def get_queryset(self):
        return (
            Meeting.objects.visible_to(self.request.user)
            .prefetch_related(
                Prefetch("zones", queryset=Zone.objects.only("pk")),
                Prefetch("agenda", queryset=AgendaItem.objects.order_by("order", "pk")),
                Prefetch("decisions", queryset=Blocker.objects.only("pk", "meeting_id")),
            )
            .order_by("-date", "-pk")
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            meeting = services.plan(
                request.user,
                date=data["date"],
                level=data["level"],
                chair=data["chair"],
                zones=data["zones"],
                as_of=today(),
            )
        except DjangoValidationError as error:
            raise exceptions.ValidationError(model_errors(error)) from error
        meeting = self.get_queryset().get(pk=meeting.pk)
        return Response(self.get_serializer(meeting).data, status=status.HTTP_201_CREATED)
