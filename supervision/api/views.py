"""/api/alerts/: the daily check's alerts in the user's zones."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import ListAPIView

from parks.models import Zone
from zonetrack.api.views import query_params

from ..choices import AlertKind
from ..models import Alert
from .serializers import AlertQuerySerializer, AlertSerializer


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
