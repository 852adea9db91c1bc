"""/api/alerts/ (the daily check's alerts), /api/blockers/, /api/notices/,
/api/progress-updates/ and /api/evidence/ of the user's zones."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from parks.access import WRITE, access_for
from parks.models import Zone
from projects.models import Milestone
from zonetrack.api import schema
from zonetrack.api.serializers import model_errors
from zonetrack.api.views import ZoneScopedViewSet, query_params

from ..choices import AlertKind
from ..filtersets import (
    BlockerFilterSet,
    EvidenceFilterSet,
    NoticeFilterSet,
    ProgressUpdateFilterSet,
    TaskForceMemberFilterSet,
)
from ..models import (
    Alert,
    Blocker,
    Evidence,
    Notice,
    ProgressUpdate,
    TaskForceMember,
    TransitionNotAllowed,
)
from .serializers import (
    AlertQuerySerializer,
    AlertSerializer,
    BlockerSerializer,
    BlockerStepSerializer,
    EvidenceSerializer,
    EvidenceUploadSerializer,
    NoticeSerializer,
    ProgressUpdateSerializer,
    TaskForceMemberSerializer,
    TransitionSerializer,
)


class AlertListView(ListAPIView):
    """Alerts of the daily check in the user's zones: open ones by default, newest first."""

    serializer_class = AlertSerializer
    filter_backends = []

    @extend_schema(
        parameters=[
            OpenApiParameter("zone", schema.ID, description=_("Alerts of this zone.")),
            OpenApiParameter("kind", str, enum=list(AlertKind.values)),
            OpenApiParameter("status", str, enum=["open", "resolved", "all"]),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = query_params(AlertQuerySerializer, self.request)
        alerts = Alert.objects.visible_to(self.request.user).select_related(
            "zone", "project", "milestone", "plan_entry", "target"
        )
        if "zone" in params:
            zones = Zone.objects.visible_to(self.request.user)
            alerts = alerts.filter(zone_id=get_object_or_404(zones, pk=params["zone"]).pk)
        if "kind" in params:
            alerts = alerts.filter(kind=params["kind"])
        if params["status"] != "all":
            alerts = alerts.filter(resolved_on__isnull=params["status"] == "open")
        return alerts.order_by("-raised_on", "kind", "pk")


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class BlockerViewSet(ZoneScopedViewSet):
    """Blockers (堵点) of your zones' projects. The status moves only through
    ``POST /api/blockers/{id}/transition/``; ``?overdue=true`` lists those past their deadline
    and not yet resolved."""

    queryset = Blocker.objects.select_related("raised_by")
    serializer_class = BlockerSerializer
    filterset_class = BlockerFilterSet
    ordering_fields = ["deadline", "raised_on", "status", "level", "category", "updated_at"]
    zone_path = "project__zone"

    def perform_create(self, serializer):
        self.check_zone_written_to(serializer)
        serializer.save(raised_by=self.request.user)

    @extend_schema(
        request=TransitionSerializer,
        responses={
            200: BlockerSerializer,
            400: OpenApiResponse(description=_("A resolution or a reason is missing.")),
            403: OpenApiResponse(description=_("Your role does not allow this action.")),
            409: OpenApiResponse(description=_("The blocker's state does not allow it.")),
        },
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Start, resolve, close, reopen or escalate the blocker, and record the step."""
        blocker = self.get_object()
        params = TransitionSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        try:
            blocker.transition(user=request.user, **params.validated_data)
        except TransitionNotAllowed as error:
            raise Conflict(error.message) from error
        except DjangoValidationError as error:
            raise exceptions.ValidationError(model_errors(error)) from error
        return Response(self.get_serializer(blocker).data)

    @extend_schema(responses=BlockerStepSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def steps(self, request, pk=None):
        """The blocker's timeline, oldest step first."""
        steps = self.get_object().steps.select_related("by")
        return Response(BlockerStepSerializer(steps, many=True).data)


class NoticeViewSet(ZoneScopedViewSet):
    """Supervision notices (督办单) of your zones. The number is given at creation, per zone
    and year; a reply records when it came and marks the notice replied."""

    queryset = Notice.objects.all()
    serializer_class = NoticeSerializer
    filterset_class = NoticeFilterSet
    ordering_fields = ["issued_on", "deadline", "year", "seq", "status"]


class TaskForceMemberViewSet(ZoneScopedViewSet):
    """The task forces (专班) of your zones' projects: lead first, then the members. The
    phone is shown to the project's zone and the regions above it."""

    queryset = TaskForceMember.objects.select_related("project__zone__region")
    serializer_class = TaskForceMemberSerializer
    filterset_class = TaskForceMemberFilterSet
    ordering_fields = ["name", "role", "unit"]
    zone_path = "project__zone"


class ProgressUpdateViewSet(ZoneScopedViewSet):
    """Progress updates (调度记录) of your zones' projects, one per project and period of its
    cadence; ``period_start`` must be the first day of such a period. ``late`` says it was
    reported after the period ended."""

    queryset = ProgressUpdate.objects.select_related("project", "reported_by").prefetch_related(
        Prefetch("blockers", queryset=Blocker.objects.only("pk"))
    )
    serializer_class = ProgressUpdateSerializer
    filterset_class = ProgressUpdateFilterSet
    ordering_fields = ["period_start", "reported_at", "image_progress"]
    zone_path = "project__zone"

    def perform_create(self, serializer):
        self.check_zone_written_to(serializer)
        serializer.save(reported_by=self.request.user)


# What a file may be attached to, by the upload's field.
EVIDENCE_OWNERS = {"progress_update": ProgressUpdate, "milestone": Milestone, "blocker": Blocker}


class EvidenceViewSet(ZoneScopedViewSet):
    """Evidence files (印证资料) on your zones' progress updates, milestones and blockers.
    Upload as ``multipart/form-data``: the content must be what the name says (JPEG, PNG,
    WebP, PDF, XLSX, DOCX), at most ``EVIDENCE_MAX_BYTES``. Files are downloaded from
    ``url`` (zone-checked), never from the storage."""

    queryset = Evidence.objects.select_related("uploaded_by")
    serializer_class = EvidenceSerializer
    filterset_class = EvidenceFilterSet
    ordering_fields = ["uploaded_at", "size", "file_name"]
    zone_path = "project__zone"
    parser_classes = [MultiPartParser, FormParser]
    http_method_names = ["get", "post", "delete", "head", "options"]

    @extend_schema(
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={
            201: EvidenceSerializer,
            400: OpenApiResponse(description=_("The file is refused; the message says why.")),
            403: OpenApiResponse(description=_("Your role does not allow attaching files.")),
            404: OpenApiResponse(description=_("No such progress update, milestone or blocker.")),
        },
    )
    def create(self, request, *args, **kwargs):
        """Attach a file to one progress update, milestone or blocker of your zones."""
        params = EvidenceUploadSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        field = next(name for name in EVIDENCE_OWNERS if name in data)
        owners = EVIDENCE_OWNERS[field].objects.visible_to(request.user)
        # Another zone's object is not there for this user: 404, as for a direct lookup.
        owner = get_object_or_404(owners.select_related("project__zone__region"), pk=data[field])
        if not access_for(request.user).can(owner.project.zone, WRITE):
            raise exceptions.PermissionDenied(
                _("You may not place this object in the zone {zone}.").format(
                    zone=owner.project.zone.name
                )
            )
        try:
            evidence = Evidence.objects.attach(
                owner, data["file"], caption=data["caption"], uploaded_by=request.user
            )
        except DjangoValidationError as error:
            errors = model_errors(error)
            if "non_field_errors" in errors:
                errors = {"file": errors.pop("non_field_errors"), **errors}
            raise exceptions.ValidationError(errors) from error
        body = self.get_serializer(evidence).data
        return Response(body, status=status.HTTP_201_CREATED)
