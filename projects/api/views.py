from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)

from zonetrack.api.views import ZoneScopedViewSet

from ..filtersets import MilestoneFilterSet, ProjectFilterSet
from ..models import Milestone, Project
from .serializers import MilestoneSerializer, ProjectSerializer

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=_(
        "The ETag of your last read. If the project changed since, the write is refused "
        "with 412 and nothing is changed."
    ),
)
CONFLICT = {412: OpenApiResponse(description=_("The project changed since you read it."))}


@extend_schema_view(
    update=extend_schema(parameters=[IF_MATCH], responses={200: ProjectSerializer, **CONFLICT}),
    partial_update=extend_schema(
        parameters=[IF_MATCH], responses={200: ProjectSerializer, **CONFLICT}
    ),
    destroy=extend_schema(parameters=[IF_MATCH], responses={204: None, **CONFLICT}),
)
class ProjectViewSet(ZoneScopedViewSet):
    """Projects of your zones. ``stage`` follows the milestones and is read-only. A detail
    read returns an ETag; send it back as If-Match to refuse a write over someone else's."""

    queryset = Project.objects.all()
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
    who made them; a project's stage follows its milestones' actual dates."""

    queryset = Milestone.objects.select_related("recorded_by")
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilterSet
    ordering_fields = ["kind", "planned_on", "actual_on", "recorded_at"]
    zone_path = "project__zone"

    def get_save_kwargs(self):
        return {"recorded_by": self.request.user}
