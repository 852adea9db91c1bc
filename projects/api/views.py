from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.request import Request
from rest_framework.views import APIView

from parks.access import LEAD
from zonetrack.api.permissions import ZonePermission
from zonetrack.api.views import ZoneScopedViewSet

from ..filtersets import (
    AttractionTeamFilterSet,
    LeaderFilterSet,
    MilestoneFilterSet,
    ProjectFilterSet,
)
from ..models import AttractionTeam, Leader, Milestone, Project
from .serializers import (
    AttractionTeamSerializer,
    LeaderSerializer,
    MilestoneSerializer,
    ProjectSerializer,
)


class ProjectViewSet(ZoneScopedViewSet):
    """Projects of your zones. ``stage`` follows the milestones and is read-only. A detail
    read returns an ETag; send it back as If-Match to refuse a write over someone else's."""

    queryset = Project.objects.prefetch_related("project_leaders")
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    ordering_fields = [
        "code",
        "name",
        "total_investment",
        "stage",
        "status",
        "category",
        "level",
        "created_at",
        "updated_at",
    ]


class MilestoneViewSet(ZoneScopedViewSet):
    """The four time nodes of your zones' projects (one per project and kind). Writes record
    who made them; a project's stage follows its milestones' actual dates. A detail read
    returns an ETag (from ``recorded_at``); send it back as If-Match."""

    queryset = Milestone.objects.select_related("recorded_by")
    # A milestone's recorded_at changes with every save: it is its version.
    version_field = "recorded_at"
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilterSet
    ordering_fields = ["kind", "planned_on", "actual_on", "recorded_at"]
    zone_path = "project__zone"

    def get_save_kwargs(self):
        return {"recorded_by": self.request.user}


class LeaderPermission(ZonePermission):
    """Leaders belong to a region, not a zone: zone leads and administrators write the
    leaders they see (of their zones' regions and those above); everyone reads them."""

    messages = {LEAD: _("Only a zone lead or an administrator may change leaders.")}

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        return self.has_permission(request, view)


class LeaderViewSet(ZoneScopedViewSet):
    """Leaders who answer for projects (包保领导), of the regions you see: your zones' regions
    and those above. Zone leads and administrators write; a leader of projects cannot be
    deleted (remove it from its projects first)."""

    queryset = Leader.objects.select_related("user")
    serializer_class = LeaderSerializer
    filterset_class = LeaderFilterSet
    permission_classes = [LeaderPermission]
    ordering_fields = ["name", "level"]
    zone_path = ""
    write_level = LEAD


class AttractionTeamViewSet(ZoneScopedViewSet):
    """The attraction teams of your zones (招商局, 招商分局, 小分队). Officials write their
    zones' teams; a team with projects cannot be deleted (give them another team first).
    Renaming a team renames it on its projects (``attraction_team``)."""

    queryset = AttractionTeam.objects.all()
    serializer_class = AttractionTeamSerializer
    filterset_class = AttractionTeamFilterSet
    ordering_fields = ["name"]
