"""/api/alerts/ (the daily check's alerts), /api/blockers/, /api/notices/ and
/api/progress-updates/ of the user's zones."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from parks.models import Zone
from zonetrack.api.serializers import model_errors
from zonetrack.api.views import ZoneScopedViewSet, query_params

from ..choices import AlertKind
from ..filtersets import (
    BlockerFilterSet,
    NoticeFilterSet,
    ProgressUpdateFilterSet,
    TaskForceMemberFilterSet,
)
from ..models import Alert, Blocker, Notice, ProgressUpdate, TaskForceMember, TransitionNotAllowed
from .serializers import (
    AlertQuerySerializer,
    AlertSerializer,
    BlockerSerializer,
    BlockerStepSerializer,
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
            OpenApiParameter("zone", int, description=_("Alerts of this zone.")),
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
