"""/api/meetings/: the meetings of the user's zones with their agenda, attendance and
decisions. A POST plans one (its agenda writes itself); the actions on a meeting record a
decision, add an attendee, edit the agenda, mark it held, issue its minutes and start a
correction. Each goes through the same service as the page, for a zone lead of its zones or
the leadership of its level (else 403); a locked meeting refuses with 400."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from parks.models import Zone
from projects.models import Project
from zonetrack.api.serializers import DateField, model_errors
from zonetrack.db import today

from ..api.serializers import BlockerSerializer
from ..choices import BlockerCategory
from ..models import Blocker
from . import services
from .choices import AgendaEdit
from .models import AgendaItem, Attendee, Meeting


class VisibleZoneField(serializers.PrimaryKeyRelatedField):
    """A zone id the user reads: any other is "does not exist" (400), never leaked."""

    def get_queryset(self):
        return Zone.objects.visible_to(self.context["request"].user).select_related("region")


@extend_schema_field(OpenApiTypes.INT)
class VisibleProjectField(serializers.PrimaryKeyRelatedField):
    """A project id the user reads: any other is "does not exist" (400), never leaked."""

    def get_queryset(self):
        return Project.objects.visible_to(self.context["request"].user)


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["id", "kind", "project", "blocker", "text", "note", "order"]


class AttendeeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendee
        fields = ["id", "name", "unit"]


class MeetingSerializer(serializers.ModelSerializer):
    zones = VisibleZoneField(many=True)
    attendees = AttendeeSerializer(many=True, read_only=True)
    agenda = AgendaItemSerializer(many=True, read_only=True)
    decisions: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text=_("The ids of its decisions (blockers).")
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
            "attendees",
            "agenda",
            "decisions",
        ]
        read_only_fields = ["state", "minutes_version"]


class DecisionSerializer(serializers.Serializer):
    """A decision (议定事项) to record: the fields of a blocker; its level is the meeting's."""

    project = VisibleProjectField(help_text=_("A project of one of the meeting's zones."))
    title = serializers.CharField(max_length=200)
    category = serializers.ChoiceField(choices=BlockerCategory.choices, default="other")
    responsible_unit = serializers.CharField(max_length=200)
    responsible_leader = serializers.CharField(max_length=100, required=False, default="")
    deadline = DateField()


class AgendaEditSerializer(serializers.Serializer):
    item = serializers.IntegerField(help_text=_("The id of an agenda item of this meeting."))
    op = serializers.ChoiceField(choices=AgendaEdit.choices)
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("The note, for op=note.")
    )


# What every action on a meeting may answer besides its success.
REFUSALS = {
    400: OpenApiResponse(description=_("The meeting is locked or its state does not allow it.")),
    403: OpenApiResponse(
        description=_("Only a zone lead of its zones or the leadership of its level.")
    ),
    404: OpenApiResponse(description=_("No such meeting among those you read.")),
}


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
        meetings = Meeting.objects.visible_to(self.request.user).order_by("-date", "-pk")
        if self.action not in ("list", "retrieve", "create"):
            # An action reads the meeting through its service, then answers a fresh copy.
            return meetings
        return meetings.prefetch_related(
            Prefetch("zones", queryset=Zone.objects.only("pk")),
            Prefetch("attendees", queryset=Attendee.objects.order_by("pk")),
            Prefetch("agenda", queryset=AgendaItem.objects.order_by("order", "pk")),
            Prefetch("decisions", queryset=Blocker.objects.only("pk", "meeting_id")),
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        meeting = self._run(
            services.plan,
            date=data["date"],
            level=data["level"],
            chair=data["chair"],
            zones=data["zones"],
            as_of=today(),
        )
        return Response(self._fresh(meeting), status=status.HTTP_201_CREATED)

    def _run(self, service, *args, **kwargs):
        """Call a service as the requesting user; a refusal of the model is a 400 (a role
        refusal is Django's PermissionDenied, which DRF answers with 403)."""
        try:
            return service(self.request.user, *args, **kwargs)
        except DjangoValidationError as error:
            raise exceptions.ValidationError(model_errors(error)) from error

    def _fresh(self, meeting: Meeting) -> dict:
        self.action = "retrieve"
        return self.get_serializer(self.get_queryset().get(pk=meeting.pk)).data

    @extend_schema(request=DecisionSerializer, responses={201: BlockerSerializer, **REFUSALS})
    @action(detail=True, methods=["post"])
    def decisions(self, request, pk=None):
        """Record a decision: a blocker of the meeting's level on one of its zones' projects,
        owned by a unit and a leader, due on its deadline."""
        meeting = self.get_object()
        params = DecisionSerializer(data=request.data, context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        blocker = self._run(
            services.record_decision,
            meeting,
            raised_on=min(meeting.date, today()),
            **params.validated_data,
        )
        body = BlockerSerializer(blocker, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=AttendeeSerializer, responses={201: MeetingSerializer, **REFUSALS})
    @action(detail=True, methods=["post"])
    def attendees(self, request, pk=None):
        """Add an attendee (a name and a unit)."""
        meeting = self.get_object()
        params = AttendeeSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        self._run(services.add_attendee, meeting, **params.validated_data)
        return Response(self._fresh(meeting), status=status.HTTP_201_CREATED)

    @extend_schema(request=AgendaEditSerializer, responses={200: MeetingSerializer, **REFUSALS})
    @action(detail=True, methods=["post"])
    def agenda(self, request, pk=None):
        """Edit the agenda as the page does: move an item up or down, remove it, or set its
        note."""
        meeting = self.get_object()
        params = AgendaEditSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        item = meeting.agenda.filter(pk=data["item"]).first()
        if item is None:
            raise exceptions.ValidationError({"item": [_("No such item on this agenda.")]})
        self._run(services.edit_agenda, meeting, item, data["op"], data["note"])
        return Response(self._fresh(meeting))

    @extend_schema(request=None, responses={200: MeetingSerializer, **REFUSALS})
    @action(detail=True, methods=["post"])
    def held(self, request, pk=None):
        """Mark the planned meeting held."""
        meeting = self.get_object()
        self._run(services.mark_held, meeting)
        return Response(self._fresh(meeting))

    @extend_schema(request=None, responses={201: MeetingSerializer, **REFUSALS})
    @action(detail=True, methods=["post"])
    def minutes(self, request, pk=None):
        """Issue the minutes of the held meeting as the next version and lock it; the
        minutes are then printed at /meetings/{id}/minutes/ and downloaded as .docx."""
        meeting = self.get_object()
        self._run(services.issue_minutes, meeting)
        return Response(self._fresh(meeting), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: MeetingSerializer, **REFUSALS})
    @action(detail=True, methods=["post"])
    def correction(self, request, pk=None):
        """Unlock issued minutes for a correction: issuing again makes the next version."""
        meeting = self.get_object()
        self._run(services.start_correction, meeting)
        return Response(self._fresh(meeting))
